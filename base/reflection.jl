# reflection.jl: questions about types, functions, methods and modules (fieldnames, methods, hasmethod,
# isconcretetype, names, precompile, ...).

fieldnames(t::DataType) = (isdefined(t.name, :names) ? (t.name.names...,) : ())
fieldnames(t::UnionAll) = fieldnames(unwrap_unionall(t))
fieldnames(t::Type{<:Tuple}) = ntuple(identity, fieldcount(t))
fieldname(t::DataType, i::Integer) = t.name.names[i]
function fieldcount(t::Type)
    t = unwrap_unionall(t)
    t isa DataType || throw(ArgumentError(string("type does not have a definite number of fields")))
    if t.name === Tuple.name || t.name === NamedTuple.body.body.name
        isdefined(t, :types) && t.types !== nothing && return length(t.types)
    end
    return length(t.name.names)
end
fieldtypes(T::DataType) = ntuple(i -> fieldtype(T, i), fieldcount(T))
hasfield(T::Type, name::Symbol) = name in fieldnames(T)
isconcretetype(t) = t isa DataType && t.isconcretetype != 0
isabstracttype(t) = t isa DataType && t.name.abstract != 0
isprimitivetype(t) = t isa DataType && t.isprimitivetype != 0
isstructtype(t) = t isa DataType && t.name.abstract == 0 && t.isprimitivetype == 0
isbitstype(t) = t isa DataType && t.isbitstype != 0
ismutabletype(t) = (t = unwrap_unionall(t); t isa DataType && t.name.mutabl != 0)
ismutable(x) = ismutabletype(typeof(x)) || x isa String || x isa Array
isbits(x) = isbitstype(typeof(x))
isdispatchtuple(t) = t isa DataType && t.isdispatchtuple != 0
isimmutable(x) = !ismutable(x)
issingletontype(t) = t isa DataType && isdefined(t, :instance)
isvarargtype(t) = t isa Core.TypeofVararg
has_free_typevars(t) = ccall(:jl_has_free_typevars, Cint, (Any,), t) != 0
typeintersect(a, b) = ccall(:jl_type_intersection, Any, (Any, Any), a, b)
instances(::Type{Bool}) = (false, true)
datatype_alignment(t::DataType) = Int(ccall(:jl_base_datatype_field, Int, (Any, Int32), t, Int32(1)))
Base_sizeof(x) = Core.sizeof(x)

# ---- methods -------------------------------------------------------------------------------------------------------
struct MethodList <: AbstractVector{Method}
    ms::Vector{Any}
    name::Symbol
    fn::Any
end
size(m::MethodList) = (length(m.ms),)
getindex(m::MethodList, i::Int) = m.ms[i]::Method
function methods(f)
    mt = _methtable_of(f)
    ms = Any[]
    if mt !== nothing
        for m in mt.defs
            m isa Method && getfield(m, :deleted_world) == typemax(UInt) && push!(ms, m)
        end
    end
    return MethodList(ms, mt === nothing ? :unknown : mt.name, f)
end
function methods(f, types)
    all = methods(f)
    tt = _sig_tuple(f, types)
    ms = Any[]
    for m in all.ms
        typeintersect(tt, m.sig) !== Union{} && push!(ms, m)
    end
    return MethodList(ms, all.name, f)
end
function show(io::IO, ml::MethodList)
    n = length(ml.ms)
    print(io, "# ", n, " method", n == 1 ? "" : "s", " for ", f_kind(ml.fn), " \"", ml.name, "\"", n == 0 ? "." : ":")
    for (i, m) in enumerate(ml.ms)
        print(io, "\n[", i, "] ")
        show(io, m)
    end
end
show(io::IO, ::MIME"text/plain", ml::MethodList) = show(io, ml)
f_kind(f) = f isa Type ? "type constructor" : "generic function"
function _sig_tuple(f, types)
    ts = types isa Type ? (types <: Tuple ? (unwrap_unionall(types).parameters...,) : (types,)) : types
    return Core.apply_type(Tuple, f isa Type ? Type{f} : typeof(f), ts...)
end
function hasmethod(f, types)
    tt = _sig_tuple(f, types)
    mt = _methtable_of(f)
    mt === nothing && return false
    for m in mt.defs
        m isa Method || continue
        tt <: m.sig && return true
    end
    return false
end
function which(f, types)
    tt = _sig_tuple(f, types)
    best = nothing
    for m in methods(f).ms
        if tt <: m.sig
            if best === nothing || m.sig <: best.sig
                best = m
            end
        end
    end
    best === nothing && throw(MethodError(f, types))
    return best
end
applicable(f, args...) = Core.applicable(f, args...)
function precompile(f, argtypes::Tuple)
    ccall(:jl_compile_hint, Cvoid, (Any,), Core.apply_type(Tuple, f isa Type ? Type{f} : typeof(f), argtypes...))
    return true
end
function precompile(tt::Type)
    ccall(:jl_compile_hint, Cvoid, (Any,), tt)
    return true
end
macro nospecialize(vars...)
    if length(vars) == 1
        return esc(Expr(:meta, :nospecialize, vars[1]))
    end
    return esc(Expr(:meta, :nospecialize, vars...))
end

# ---- modules ----------------------------------------------------------------------------------------------------------
names(m::Module; all::Bool=false, imported::Bool=false) = sort!(ccall(:jl_module_names, Any, (Any, Cint, Cint), m, all, imported)::Vector{Symbol})
isexported(m::Module, s::Symbol) = ccall(:jl_module_exports_p, Cint, (Any, Any), m, s) != 0
isconst(m::Module, s::Symbol) = ccall(:jl_is_const, Cint, (Any, Any), m, s) != 0
moduleroot(m::Module) = (p = parentmodule(m); p === m ? m : moduleroot(p))
pathof(m::Module) = nothing
@noinline function _current_module()
    return Main
end
macro which(ex)
    if ex isa Expr && ex.head === :call
        f = ex.args[1]
        args = ex.args[2:end]
        return :(which($(esc(f)), Tuple{map(typeof, ($(map(esc, args)...),))...}))
    end
    throw(ArgumentError("@which: expected a call"))
end
