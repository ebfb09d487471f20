# essentials.jl: the first part of Base. Type aliases, the syntax-support functions lowering calls
# (getproperty, convert, iterate protocol stubs, Expr and friends), basic macros, errors.

const Bottom = Union{}

# generic functions that lowered code refers to before their first method exists
function iterate end
function convert end
function getindex end
function setindex! end
function getproperty end
function setproperty! end
function indexed_iterate end
function string end
function print end
function show end

sizeof(x) = Core.sizeof(x)
const arrayref = Core.arrayref
const arrayset = Core.arrayset
const arraysize = Core.arraysize
ifelse(c::Bool, x, y) = Core.ifelse(c, x, y)

eval(x) = Core.eval(Base, x)
eval(m::Module, x) = Core.eval(m, x)

# ---- type aliases (Core in Julia; defined here) -----------------------------------------------------
const AbstractVector{T} = AbstractArray{T,1}
const AbstractMatrix{T} = AbstractArray{T,2}
const AbstractVecOrMat{T} = Union{AbstractVector{T}, AbstractMatrix{T}}
const DenseVector{T} = DenseArray{T,1}
const DenseMatrix{T} = DenseArray{T,2}
const DenseVecOrMat{T} = Union{DenseVector{T}, DenseMatrix{T}}
const Vector{T} = Array{T,1}
const Matrix{T} = Array{T,2}
const VecOrMat{T} = Union{Vector{T}, Matrix{T}}
const NTuple{N,T} = Tuple{Vararg{T,N}}
const Callable = Union{Function,Type}

const BitSigned64 = Union{Int8,Int16,Int32,Int64}
const BitUnsigned64 = Union{UInt8,UInt16,UInt32,UInt64}
const BitInteger64 = Union{BitSigned64,BitUnsigned64}
const BitSigned = Union{BitSigned64,Int128}
const BitUnsigned = Union{BitUnsigned64,UInt128}
const BitInteger = Union{BitSigned,BitUnsigned}
const IEEEFloat = Union{Float16,Float32,Float64}
const HWReal = Union{BitInteger,IEEEFloat}
const Cint = Int32
const Cuint = UInt32
const Clong = Int64
const Culong = UInt64
const Csize_t = UInt64
const Cssize_t = Int64
const Cchar = Int8
const Cuchar = UInt8
const Cdouble = Float64
const Cfloat = Float32
const Cstring = Ptr{UInt8}

abstract type AbstractDict{K,V} end
abstract type AbstractSet{T} end
abstract type IO end
abstract type AbstractRange{T} <: AbstractArray{T,1} end
abstract type OrdinalRange{T,S} <: AbstractRange{T} end
abstract type AbstractUnitRange{T} <: OrdinalRange{T,T} end
struct Colon <: Function end
const (:) = Colon()

abstract type AbstractPattern end
abstract type AbstractMatch end

struct Missing end
const missing = Missing()
ismissing(x) = x === missing

struct UndefInitializer end
const undef = UndefInitializer()

# ---- constructors of Core types -----------------------------------------------------------------
(::Type{Expr})(args...) = Core._expr(args...)
Core.eval(Base, Expr(:function, :((::Type{LineNumberNode})(l::Int)), Expr(:new, :LineNumberNode, :l, nothing)))
Core.eval(Base, Expr(:function, :((::Type{LineNumberNode})(l::Int, f)), Expr(:new, :LineNumberNode, :l, :f)))
Core.eval(Base, Expr(:function, :((::Type{QuoteNode})(x)), Expr(:new, :QuoteNode, :x)))
(::Type{GlobalRef})(m::Module, s::Symbol) = ccall(:jl_module_globalref, Any, (Any, Any), m, s)::GlobalRef
(::Type{Module})(name::Symbol) = ccall(:jl_new_module, Any, (Any, Any), name, Main)::Module
(::Type{TypeVar})(n::Symbol) = Core._typevar(n, Union{}, Any)
(::Type{TypeVar})(n::Symbol, ub) = Core._typevar(n, Union{}, ub)
(::Type{TypeVar})(n::Symbol, lb, ub) = Core._typevar(n, lb, ub)
(::Type{UnionAll})(v::TypeVar, t) = ccall(:jl_type_unionall, Any, (Any, Any), v, t)
(::Type{Symbol})(s::Symbol) = s
(::Type{Nothing})() = nothing

# ---- basic predicates and functions --------------------------------------------------------------
!(x::Bool) = not_int(x)
!(f::Function) = (x...) -> !f(x...)
!==(x, y) = !(x === y)
≢(x, y) = !(x === y)
const ≡ = ===
identity(x) = x
isnothing(x) = x === nothing
notnothing(x) = x
notnothing(::Nothing) = throw(ArgumentError("nothing passed to notnothing"))
something() = throw(ArgumentError("No value arguments present"))
something(::Nothing, y...) = something(y...)
something(x, y...) = x

typename(t::DataType) = t.name
typename(t::UnionAll) = typename(unwrap_unionall(t))

function unwrap_unionall(a)
    while isa(a, UnionAll)
        a = a.body
    end
    return a
end

function rewrap_unionall(t, u)
    if !isa(u, UnionAll)
        return t
    end
    return UnionAll(u.var, rewrap_unionall(t, u.body))
end

# getproperty / setproperty! (lowering of a.b and a.b = c)
getproperty(x, f::Symbol) = getfield(x, f)
getproperty(x, f::Int) = getfield(x, f)
getproperty(x::Module, f::Symbol) = getglobal(x, f)
setproperty!(x, f::Symbol, v) = setfield!(x, f, convert(fieldtype(typeof(x), f), v))
setproperty!(x::Module, f::Symbol, v) = setglobal!(x, f, v)
propertynames(x) = fieldnames(typeof(x))
hasproperty(x, s::Symbol) = s in propertynames(x)

# ---- convert -------------------------------------------------------------------------------------
convert(::Type{Type}, x::Type) = x
convert(::Type{Nothing}, ::Nothing) = nothing
function convert(::Type{T}, x) where {T}
    isa(x, T) && return x
    throw(MethodError(convert, (T, x)))
end
cconvert(::Type{T}, x) where {T} = convert(T, x)
cconvert(::Type{Any}, x) = x
unsafe_convert(::Type{T}, x::T) where {T} = x
unsafe_convert(::Type{Any}, x) = x

oftype(x, y) = convert(typeof(x), y)

# ---- tuples: the parts lowering needs early ----------------------------------------------------------
length(t::Tuple) = nfields(t)
getindex(t::Tuple, i::Int) = getfield(t, i)
getindex(t::Tuple, i::Integer) = getfield(t, convert(Int, i))
iterate(t::Tuple, i::Int=1) = (1 <= i <= nfields(t)) ? (getfield(t, i), i + 1) : nothing

function indexed_iterate(t::Tuple, i::Int, state=1)
    return (getfield(t, i), i + 1)
end
function indexed_iterate(I, i::Int)
    x = iterate(I)
    x === nothing && throw(BoundsError(I, i))
    return x
end
function indexed_iterate(I, i::Int, state)
    x = iterate(I, state)
    x === nothing && throw(BoundsError(I, i))
    return x
end

# ---- svec -------------------------------------------------------------------------------------------
length(v::Core.SimpleVector) = ccall(:jl_base_svec_len, Int, (Any,), v)
getindex(v::Core.SimpleVector, i::Int) = Core._svec_ref(v, i)
iterate(v::Core.SimpleVector, i::Int=1) = i <= length(v) ? (Core._svec_ref(v, i), i + 1) : nothing
isempty(v::Core.SimpleVector) = length(v) == 0
lastindex(v::Core.SimpleVector) = length(v)
firstindex(v::Core.SimpleVector) = 1

# ---- Val ----------------------------------------------------------------------------------------------
struct Val{x} end
Val(x) = Val{x}()

# ---- errors -------------------------------------------------------------------------------------------
struct AssertionError <: Exception
    msg::Any
end
AssertionError() = AssertionError("")

struct StringIndexError <: Exception
    string::AbstractString
    index::Int
end

struct EOFError <: Exception end

struct SystemError <: Exception
    prefix::String
    errnum::Int32
end

struct DimensionMismatch <: Exception
    msg::AbstractString
end
DimensionMismatch() = DimensionMismatch("")

struct CompositeException <: Exception
    exceptions::Vector{Any}
end

struct InvalidStateException <: Exception
    msg::String
    state::Symbol
end

struct CapturedException <: Exception
    ex::Any
    processed_bt::Vector{Any}
end

struct MissingException <: Exception
    msg::AbstractString
end

error(s::AbstractString) = throw(ErrorException(s))
error(s...) = throw(ErrorException(string(s...)))

rethrow() = ccall(:jl_rethrow, Bottom, ())
rethrow(e) = ccall(:jl_rethrow_other, Bottom, (Any,), e)

current_exception() = ccall(:jl_base_current_exception, Any, ())
catch_backtrace() = ccall(:jl_base_current_backtrace, Any, ())
backtrace() = ccall(:jl_backtrace_from_here, Any, (Int32,), Int32(0))

kwerr(kw, args...) = throw(MethodError(Core.kwcall, (kw, args...)))

# exit
exit(n) = ccall(:jl_exit, Bottom, (Int32,), n % Int32)
exit() = exit(0)

isinteractive() = ccall(:jl_base_isinteractive, Int32, ()) != 0

# ---- calling -----------------------------------------------------------------------------------------
function invokelatest(f, args...; kwargs...)
    if isempty(kwargs)
        return Core._call_latest(f, args...)
    end
    return Core._call_latest(Core.kwcall, merge(NamedTuple(), kwargs), f, args...)
end

# ---- macros ----------------------------------------------------------------------------------------------
esc(e) = Expr(:escape, e)

macro inline()
    Expr(:meta, :inline)
end
macro inline(ex)
    esc(ex)
end
macro noinline()
    Expr(:meta, :noinline)
end
macro noinline(ex)
    esc(ex)
end
macro inbounds(ex)
    esc(ex)
end
macro boundscheck(ex)
    esc(ex)
end
macro propagate_inbounds(ex)
    esc(ex)
end
macro constprop(setting, ex)
    esc(ex)
end
macro assume_effects(args...)
    esc(args[end])
end
macro pure(ex)
    esc(ex)
end
macro specialize(vars...)
    if length(vars) == 1 && isa(vars[1], Expr)
        return esc(vars[1])
    end
    return nothing
end
macro nospecializeinfer(ex)
    esc(ex)
end
macro _inline_meta()
    Expr(:meta, :inline)
end
macro _noinline_meta()
    Expr(:meta, :noinline)
end
macro goto(name::Symbol)
    Expr(:symbolicgoto, name)
end
macro label(name::Symbol)
    Expr(:symboliclabel, name)
end
macro locals()
    Expr(:locals)
end
macro isdefined(s::Symbol)
    return Expr(:escape, Expr(:isdefined, s))
end
macro eval(ex)
    return Expr(:escape, Expr(:call, GlobalRef(Core, :eval), __module__, Expr(:quote, ex)))
end
macro eval(mod, ex)
    return Expr(:escape, Expr(:call, GlobalRef(Core, :eval), mod, Expr(:quote, ex)))
end
macro __MODULE__()
    return __module__
end
macro __FILE__()
    __source__.file === nothing && return nothing
    return String(__source__.file::Symbol)
end
macro __DIR__()
    __source__.file === nothing && return nothing
    return dirname(abspath(String(__source__.file::Symbol)))
end
macro __LINE__()
    return __source__.line
end
macro gensym(names...)
    blk = Expr(:block)
    for name in names
        push!(blk.args, :($(esc(name)) = gensym($(string(name)))))
    end
    push!(blk.args, :nothing)
    return blk
end
gensym() = ccall(:jl_gensym, Any, ())::Symbol
gensym(s::String) = ccall(:jl_tagged_gensym, Any, (Ptr{UInt8}, Csize_t), s, sizeof(s))::Symbol
gensym(s::Symbol) = gensym(String(s))
gensym(ss::Union{String,Symbol}...) = map(gensym, ss)

macro static(ex)
    if isa(ex, Expr)
        if ex.head === :if || ex.head === :elseif || ex.head === :&& || ex.head === :||
            cond = Core.eval(__module__, ex.args[1])
            if xor(cond, ex.head === :||)
                return esc(ex.args[2])
            elseif length(ex.args) == 3
                br = ex.args[3]
                if br isa Expr && br.head === :elseif
                    br = Expr(:if, br.args...)
                    return Expr(:macrocall, Symbol("@static"), __source__, br)
                end
                return esc(br)
            else
                return nothing
            end
        end
    end
    throw(ArgumentError("invalid @static macro"))
end

macro assert(ex, msgs...)
    msg = isempty(msgs) ? ex : msgs[1]
    if isa(msg, AbstractString)
        msg = msg
    elseif !isempty(msgs) && (isa(msg, Expr) || isa(msg, Symbol))
        msg = :(string($(esc(msg))))
    else
        msg = sprint(show_unquoted, msg)
    end
    return :($(esc(ex)) ? $(nothing) : throw(AssertionError($msg)))
end

macro show(exs...)
    blk = Expr(:block)
    for ex in exs
        push!(blk.args, :(println($(sprint(show_unquoted, ex) * " = "), repr(begin value = $(esc(ex)) end))))
    end
    isempty(exs) || push!(blk.args, :value)
    return blk
end

struct MIME{mime} end
MIME(s) = MIME{Symbol(s)}()
macro MIME_str(s)
    return :(MIME{$(QuoteNode(Symbol(s)))})
end

macro kwdef(expr)
    return esc(_kwdef_expand(expr))
end

coalesce() = missing
coalesce(x::Missing, y...) = coalesce(y...)
coalesce(x, y...) = x
