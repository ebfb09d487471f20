# show.jl: show/print for every kind of value in Julia 1.10's formats: numbers, strings, chars, symbols,
# tuples, named tuples, pairs, arrays (one line), dicts, sets, ranges, types (with module qualification and
# the Vector/Matrix aliases), functions, modules, structs, expressions; plus text/plain display
# (multi-line arrays and dicts), summary and display.

# ---- numbers ------------------------------------------------------------------------------------------------------
function _int_string(x::BitInteger, base::Int, pad::Int)
    u = rem(x, UInt128)
    lo = rem(u, UInt64)
    hi = rem(u >> 64, UInt64)
    return ccall(:jl_base_int_string, Any, (UInt64, UInt64, Int32, Int32, Int32), lo, hi,
                 Int32(isa(x, BitSigned) ? 1 : 0), Int32(base), Int32(pad))::String
end
_int_string(x::Bool, base::Int, pad::Int) = _int_string(Int(x), base, pad)
_int_string(x::Integer, base::Int, pad::Int) = _int_string(Int128(x), base, pad)
function _float_string(x::IEEEFloat, flags::Int)
    w = 8 * sizeof(x)
    return ccall(:jl_base_float_string, Any, (Int32, UInt64, Int32), Int32(w),
                 rem(bitcast(_uint_of(typeof(x)), x), UInt64), Int32(flags))::String
end

show(io::IO, x::BitSigned) = (write(io, _int_string(x, 10, 1)); nothing)
show(io::IO, x::BitUnsigned) = (write(io, "0x"); write(io, _int_string(x, 16, 2 * sizeof(x))); nothing)
print(io::IO, x::BitInteger) = (write(io, _int_string(x, 10, 1)); nothing)
show(io::IO, x::Bool) = (write(io, get(io, :typeinfo, Any) === Bool ? (x ? "1" : "0") : (x ? "true" : "false")); nothing)
function show(io::IO, x::IEEEFloat)
    flags = 2
    if get(io, :compact, false) === true
        flags |= 4
    elseif get(io, :typeinfo, Any) !== typeof(x)
        flags |= 1
    end
    write(io, _float_string(x, flags))
    return nothing
end
print(io::IO, x::IEEEFloat) = (write(io, _float_string(x, 0)); nothing)

# ---- nothing, chars, strings, symbols ------------------------------------------------------------------------------
show(io::IO, ::Nothing) = (write(io, "nothing"); nothing)
show(io::IO, ::Missing) = (write(io, "missing"); nothing)
print(io::IO, ::Missing) = (write(io, "missing"); nothing)
function show(io::IO, c::Char)
    if c == '\'' 
        write(io, "'\\''")
        return nothing
    end
    write(io, 0x27)
    if c == '\\'
        write(io, "\\\\")
    elseif c == '"'
        write(io, c)
    else
        escape_string(io, string(c), "")
    end
    write(io, 0x27)
    return nothing
end
function show(io::IO, ::MIME"text/plain", c::Char)
    show(io, c)
    if isvalid(c)
        u = codepoint(c)
        print(io, ": ", isascii(c) ? "ASCII/" : "", "Unicode U+", uppercase(_int_string(u, 16, u > 0xffff ? 6 : 4)),
              " (category ", category_abbrev(c), ": ", category_string(c), ")")
    else
        print(io, ": Malformed UTF-8 (category Ma: Malformed, bad data)")
    end
    return nothing
end
show(io::IO, s::AbstractString) = print_quoted(io, s)
function print_quoted(io::IO, s::AbstractString)
    write(io, 0x22)
    escape_string(io, s, "\"\$")
    write(io, 0x22)
    return nothing
end

const _quoted_syms = (:(:), :(::), :(:=), :(=), :(==), :(===), :(=>), Symbol("`"))
_symkind(s::Symbol) = Int(ccall(:jl_base_symbol_kind, Cint, (Any,), s))
isidentifier(s::Symbol) = _symkind(s) == 1
isidentifier(s::AbstractString) = isidentifier(Symbol(s))
isoperator(s::Symbol) = _symkind(s) == 2
isoperator(s::AbstractString) = isoperator(Symbol(s))
function show(io::IO, s::Symbol)
    k = _symkind(s)
    if k == 1 || (k == 2 && s !== Symbol("'"))
        write(io, 0x3a)
        if s in _quoted_syms
            write(io, "(")
            write(io, String(s))
            write(io, ")")
        else
            write(io, String(s))
        end
    else
        write(io, "Symbol(")
        show(io, String(s))
        write(io, ")")
    end
    return nothing
end
function show_sym(io::IO, s::Symbol)
    k = _symkind(s)
    if k == 1 || k == 2
        print(io, s)
    else
        print(io, "var", repr(String(s)))
    end
end

# ---- tuples, named tuples, pairs ---------------------------------------------------------------------------------------
function show_delim_array(io::IO, itr, op, delim, cl, delim_one::Bool, i1=1, n=typemax(Int))
    print(io, op)
    recur_io = IOContext(io, :SHOWN_SET => itr)
    first = true
    cnt = 0
    y = iterate(itr)
    while y !== nothing
        x, st = y
        first || print(io, delim, ' ')
        show(recur_io, x)
        first = false
        cnt += 1
        y = iterate(itr, st)
    end
    (delim_one && cnt == 1) && print(io, delim)
    print(io, cl)
    return nothing
end
function show(io::IO, t::Tuple)
    print(io, '(')
    n = length(t)
    for i in 1:n
        show(io, t[i])
        (i < n) && print(io, ", ")
    end
    n == 1 && print(io, ',')
    print(io, ')')
    return nothing
end
function show(io::IO, t::NamedTuple)
    n = nfields(t)
    if n == 0
        print(io, "NamedTuple()")
        return nothing
    end
    typeinfo = get(io, :typeinfo, Any)
    print(io, '(')
    ks = keys(t)
    for i in 1:n
        show_sym(io, ks[i])
        print(io, " = ")
        show(IOContext(io, :typeinfo => ((t isa typeinfo && typeinfo <: NamedTuple) ? fieldtype(typeinfo, i) : Any)), getfield(t, i))
        (i < n) && print(io, ", ")
    end
    n == 1 && print(io, ',')
    print(io, ')')
    return nothing
end
function show(io::IO, p::Pair)
    if !(typeof(p.first) === fieldtype(typeof(p), 1) && typeof(p.second) === fieldtype(typeof(p), 2)) &&
       get(io, :typeinfo, Any) !== typeof(p)
        show(io, typeof(p))
        print(io, '(')
        show(io, p.first)
        print(io, ", ")
        show(io, p.second)
        print(io, ')')
        return nothing
    end
    typeinfo = get(io, :typeinfo, Any)
    ti1, ti2 = (typeinfo <: Pair && typeinfo isa DataType && length(typeinfo.parameters) == 2) ?
        (typeinfo.parameters[1], typeinfo.parameters[2]) : (Any, Any)
    p.first isa Pair && print(io, '(')
    show(IOContext(io, :typeinfo => ti1), p.first)
    p.first isa Pair && print(io, ')')
    print(io, get(io, :compact, false) === true ? "=>" : " => ")
    show(IOContext(io, :typeinfo => ti2), p.second)
    return nothing
end

# ---- modules, functions ------------------------------------------------------------------------------------------
_is_root_module(m::Module) = (p = parentmodule(m); p === m || p === __toplevel__)
function fullname(m::Module)
    mp = parentmodule(m)
    if m === Main || m === Base || m === Core || _is_root_module(m)
        return (nameof(m),)
    end
    return (fullname(mp)..., nameof(m))
end
nameof(m::Module) = ccall(:jl_module_name, Any, (Any,), m)::Symbol
parentmodule(m::Module) = ccall(:jl_module_parent, Any, (Any,), m)::Module
function show(io::IO, m::Module)
    if m === Main || m === Base || m === Core || _is_root_module(m)
        print(io, nameof(m))
    else
        show(io, parentmodule(m))
        print(io, '.')
        print(io, nameof(m))
    end
    return nothing
end

nameof(f::Function) = typeof(f).name.mt.name
nameof(t::DataType) = t.name.name
nameof(t::UnionAll) = nameof(unwrap_unionall(t))
function parentmodule(f::Function)
    mt = typeof(f).name.mt
    return getfield(mt, :module)
end
parentmodule(t::DataType) = t.name.module
parentmodule(t::UnionAll) = parentmodule(unwrap_unionall(t))

function _is_function_type(t::DataType)
    tn = t.name
    isdefined(tn, :mt) || return false
    mt = tn.mt
    mt === nothing && return false
    return isdefined(t, :instance) && t <: Function
end
function _is_exported_from_stdlib(name::Symbol, mod::Module)
    mod === Base || mod === Core || return false
    return ccall(:jl_module_exports_p, Cint, (Any, Any), mod, name) != 0 || mod === Core
end
function show(io::IO, f::Function)
    t = typeof(f)
    if !_is_function_type(t)
        show_default(io, f)
        return nothing
    end
    mt = t.name.mt
    name = mt.name
    mod = getfield(mt, :module)
    if get(io, :compact, false) === true
        print(io, name)
    elseif _is_named_global_function(f, mod, name)
        from = get(io, :module, Main)
        if _is_exported_from_stdlib(name, mod) || mod === from
            show_sym(io, name)
        else
            show(io, mod)
            print(io, '.')
            show_sym(io, name)
        end
    else
        print(io, name)
    end
    return nothing
end
function _is_named_global_function(f, mod::Module, name::Symbol)
    isdefined(mod, name) || return false
    return getglobal(mod, name) === f
end
show(io::IO, f::Core.Builtin) = (print(io, typeof(f).name.mt.name); nothing)
show(io::IO, f::Core.IntrinsicFunction) = (print(io, "Core.Intrinsics.", ccall(:jl_base_intrinsic_name, Any, (Any,), f)); nothing)

function show(io::IO, ::MIME"text/plain", f::Function)
    t = typeof(f)
    if _is_function_type(t) && isdefined(t, :instance)
        mt = t.name.mt
        n = length(mt.defs)
        show(io, f)
        print(io, " (", f isa Core.Builtin ? "built-in function" : "generic function", " with ", n, " method", n == 1 ? "" : "s", ")")
    else
        show(io, f)
    end
    return nothing
end

# ---- types ----------------------------------------------------------------------------------------------------------
function _isvisible(sym::Symbol, parent::Module, from::Module)
    owner = ccall(:jl_binding_owner, Any, (Any, Any), parent, sym)
    owner === nothing && return false
    from_owner = ccall(:jl_binding_owner, Any, (Any, Any), from, sym)
    return from_owner === owner
end

function show_type_name(io::IO, tn::Core.TypeName)
    globfunc = isdefined(tn, :mt) && tn.mt !== nothing && _tn_is_function(tn)
    sym = globfunc ? tn.mt.name : tn.name
    globfunc && print(io, "typeof(")
    if get(io, :compact, false) !== true
        from = get(io, :module, Main)
        mod = tn.module
        if from === nothing || !_isvisible(sym, mod, from)
            show(io, mod)
            print(io, '.')
        end
    end
    show_sym(io, sym)
    globfunc && print(io, ')')
    return nothing
end
function _tn_is_function(tn::Core.TypeName)
    w = unwrap_unionall(tn.wrapper)
    w isa DataType || return false
    return w <: Function && isdefined(w, :instance) && tn.name !== tn.mt.name && String(tn.name)[1] == '#'
end

function _typevar_names_in(t, acc)
    if t isa TypeVar
        push!(acc, t)
    elseif t isa DataType
        for p in t.parameters
            _typevar_names_in(p, acc)
        end
    elseif t isa Union
        _typevar_names_in(t.a, acc)
        _typevar_names_in(t.b, acc)
    elseif t isa UnionAll
        _typevar_names_in(t.var.ub, acc)
        _typevar_names_in(t.body, acc)
    elseif t isa Core.TypeofVararg
        isdefined(t, :T) && _typevar_names_in(t.T, acc)
        isdefined(t, :N) && _typevar_names_in(t.N, acc)
    end
    return acc
end
_count_tv(tv, t) = count(x -> x === tv, _typevar_names_in(t, Any[]))

function show(io::IO, x::Type)
    if x isa DataType
        show_datatype(io, x, Any[])
    elseif x isa Union
        show_union(io, x)
    elseif x isa UnionAll
        show_unionall(io, x)
    elseif x === Union{}
        print(io, "Union{}")
    else
        print(io, "Type")
    end
    return nothing
end
show(io::IO, x::Core.TypeofBottom) = (print(io, "Union{}"); nothing)

function _union_components(u, acc)
    if u isa Union
        _union_components(u.a, acc)
        _union_components(u.b, acc)
    else
        push!(acc, u)
    end
    return acc
end
function show_union(io::IO, x::Union)
    comps = _union_components(x, Any[])
    print(io, "Union{")
    for i in 1:length(comps)
        i > 1 && print(io, ", ")
        show(io, comps[i])
    end
    print(io, '}')
    return nothing
end

function show_unionall(io::IO, x::UnionAll)
    body = unwrap_unionall(x)
    if body isa DataType && body.name.wrapper === x
        show_type_name(io, body.name)
        return nothing
    end
    # Vector / Matrix style aliases of an unparameterized array: Vector{T} where T -> Vector
    if body isa DataType && body.name === Array.body.body.name && length(body.parameters) == 2 &&
       body.parameters[1] isa TypeVar && x.var === body.parameters[1] && x.var.ub === Any && x.var.lb === Union{} &&
       body.parameters[2] isa Int && body.parameters[2] <= 2 &&
       x.body === body
        print(io, body.parameters[2] == 1 ? "Vector" : "Matrix")
        return nothing
    end
    wheres = Any[]
    t = x
    while t isa UnionAll
        push!(wheres, t.var)
        t = t.body
    end
    if t isa DataType
        # params that are a where-variable used exactly once with lb Union{} print as <:ub
        anon = Any[]
        for tv in wheres
            _count_tv(tv, t) == 1 && _tv_is_direct_param(tv, t) || continue
            if tv.lb === Union{} && tv.ub !== Any
                push!(anon, tv)
            elseif tv.ub === Any && tv.lb !== Union{}
                push!(anon, tv)
            end
        end
        # trailing parameters that are unbounded where-variables used once are omitted (Array{Int64})
        ps = t.parameters
        ndrop = 0
        k = length(ps)
        while k >= 1
            p = ps[k]
            if p isa TypeVar && p.lb === Union{} && p.ub === Any && any(w -> w === p, wheres) && _count_tv(p, t) == 1
                push!(anon, p)
                ndrop += 1
                k -= 1
            else
                break
            end
        end
        show_datatype(io, t, anon, length(ps) - ndrop)
        rest = Any[]
        for tv in wheres
            any(a -> a === tv, anon) || push!(rest, tv)
        end
        _show_wheres(io, rest)
    else
        show(io, t)
        _show_wheres(io, wheres)
    end
    return nothing
end
_tv_is_direct_param(tv, t::DataType) = any(p -> p === tv, t.parameters)
function _show_wheres(io::IO, wheres)
    isempty(wheres) && return nothing
    print(io, " where ")
    if length(wheres) == 1
        show(io, wheres[1])
    else
        print(io, '{')
        for i in 1:length(wheres)
            i > 1 && print(io, ", ")
            show(io, wheres[i])
        end
        print(io, '}')
    end
    return nothing
end
function show(io::IO, tv::TypeVar)
    lb = tv.lb
    ub = tv.ub
    if lb !== Union{} && ub === Any
        show_sym(io, tv.name)
        print(io, ">:")
        show(io, lb)
    elseif lb !== Union{}
        show(io, lb)
        print(io, "<:")
        show_sym(io, tv.name)
        print(io, "<:")
        show(io, ub)
    else
        show_sym(io, tv.name)
        if ub !== Any
            print(io, "<:")
            show(io, ub)
        end
    end
    return nothing
end
function _show_anon_tv(io::IO, tv::TypeVar)
    if tv.lb !== Union{}
        print(io, ">:")
        show(io, tv.lb)
    else
        print(io, "<:")
        show(io, tv.ub)
    end
end
function _show_param(io::IO, p, anon)
    if p isa TypeVar && any(a -> a === p, anon)
        _show_anon_tv(io, p)
    elseif p isa TypeVar
        show_sym(io, p.name)
    else
        show(io, p)
    end
end
function show(io::IO, v::Core.TypeofVararg)
    print(io, "Vararg")
    if isdefined(v, :T)
        print(io, '{')
        show(io, v.T)
        if isdefined(v, :N)
            print(io, ", ")
            show(io, v.N)
        end
        print(io, '}')
    end
    return nothing
end

const _array_alias_names = ((1, "Vector"), (2, "Matrix"))
function show_datatype(io::IO, x::DataType, anon, nshow::Int=-1)
    params = x.parameters
    n = nshow >= 0 ? nshow : length(params)
    tn = x.name
    if tn === Tuple.name
        if n == 0
            print(io, "Tuple{}")
            return nothing
        end
        if n > 3 && all(p -> p === params[1], params) && !(params[1] isa Core.TypeofVararg)
            print(io, "NTuple{", n, ", ")
            _show_param(io, params[1], anon)
            print(io, '}')
            return nothing
        end
        print(io, "Tuple{")
        for i in 1:n
            i > 1 && print(io, ", ")
            _show_param(io, params[i], anon)
        end
        print(io, '}')
        return nothing
    end
    if tn === NamedTuple.body.body.name && n == 2 && params[1] isa Tuple && params[2] isa DataType && params[2] <: Tuple
        syms = params[1]
        tys = params[2].parameters
        if length(tys) == length(syms)
            print(io, "@NamedTuple{")
            for i in 1:length(syms)
                i > 1 && print(io, ", ")
                show_sym(io, syms[i])
                print(io, "::")
                _show_param(io, tys[i], anon)
            end
            print(io, '}')
            return nothing
        end
    end
    if tn === Array.body.body.name && n == 2 && params[2] isa Int && (params[2] == 1 || params[2] == 2) &&
       (get(io, :module, Main) === nothing || _isvisible(params[2] == 1 ? :Vector : :Matrix, Base, get(io, :module, Main)::Module))
        print(io, params[2] == 1 ? "Vector{" : "Matrix{")
        _show_param(io, params[1], anon)
        print(io, '}')
        return nothing
    end
    if tn === AbstractArray.body.body.name && n == 2 && params[2] isa Int && (params[2] == 1 || params[2] == 2)
        print(io, params[2] == 1 ? "AbstractVector{" : "AbstractMatrix{")
        _show_param(io, params[1], anon)
        print(io, '}')
        return nothing
    end
    show_type_name(io, tn)
    if n > 0 && !(x === tn.wrapper) && !(nshow == 0)
        print(io, '{')
        for i in 1:n
            i > 1 && print(io, ", ")
            _show_param(io, params[i], anon)
        end
        print(io, '}')
    end
    return nothing
end

# ---- structs and the default show -------------------------------------------------------------------------------------
show(io::IO, x) = show_default(io, x)
function show_default(io::IO, x)
    t = typeof(x)
    show(io, t)
    print(io, '(')
    nf = nfields(x)
    if nf != 0 || sizeof(x) == 0
        recur_io = IOContext(io, :SHOWN_SET => x, :typeinfo => Any)
        for i in 1:nf
            if !isdefined(x, i)
                print(io, "#undef")
            else
                show(recur_io, getfield(x, i))
            end
            i < nf && print(io, ", ")
        end
    else
        print(io, "0x")
        print(io, ccall(:jl_base_bits_hex, Any, (Any,), x)::String)
    end
    print(io, ')')
    return nothing
end
function show(io::IO, p::Ptr)
    show(io, typeof(p))
    print(io, " @0x", _int_string(bitcast(UInt, p), 16, 16))
    return nothing
end
show(io::IO, ::UndefInitializer) = (print(io, "UndefInitializer()"); nothing)
show(io::IO, ::Colon) = (print(io, "Colon()"); nothing)
show(io::IO, x::Core.SimpleVector) = (print(io, "svec"); show(io, (x...,)); nothing)
show(io::IO, x::Val{T}) where {T} = (print(io, "Val{"); show(io, T); print(io, "}()"); nothing)

# ---- arrays ------------------------------------------------------------------------------------------------------------
function typeinfo_implicit(T)
    if T === Float64 || T === Int || T === Char || T === String || T === Symbol
        return true
    end
    if T isa DataType && isdefined(T, :instance) && T !== Nothing && !(T <: Function) && false
        return true
    end
    return isconcretetype(T) &&
        ((T <: Array && typeinfo_implicit(eltype(T))) ||
         ((T <: Tuple || T <: Pair) && all(typeinfo_implicit, fieldtypes(T))))
end
function _typeinfo_eltype(typeinfo)
    if typeinfo isa Type && typeinfo !== Union{} && (typeinfo <: AbstractArray || typeinfo <: AbstractSet || typeinfo <: AbstractDict)
        return eltype(typeinfo)
    end
    return nothing
end
function typeinfo_prefix(io::IO, X)
    typeinfo = get(io, :typeinfo, Any)
    if !(X isa typeinfo)
        typeinfo = Any
    end
    eltype_ctx = _typeinfo_eltype(typeinfo)
    eltype_X = eltype(X)
    if X isa AbstractDict
        if eltype_X == eltype_ctx
            return (_sprint_ctx(io, show_type_name, typeof(X).name), false)
        elseif !isempty(X) && typeinfo_implicit(keytype(X)) && typeinfo_implicit(valtype(X))
            return (_sprint_ctx(io, show_type_name, typeof(X).name), true)
        else
            return (_sprint_ctx(io, print, typeof(X)), false)
        end
    else
        if eltype_X == eltype_ctx
            return ("", false)
        elseif !isempty(X) && typeinfo_implicit(eltype_X)
            return ("", true)
        elseif eltype_X isa UnionAll && unwrap_unionall(eltype_X).name.wrapper === eltype_X
            return (_sprint_ctx(io, show_type_name, unwrap_unionall(eltype_X).name), false)
        else
            return (_sprint_ctx(io, print, eltype_X), false)
        end
    end
end

function show(io::IO, X::AbstractArray)
    nd = ndims(X)
    nd == 1 && return show_vector(io, X)
    prefix, implicit = typeinfo_prefix(io, X)
    if !implicit
        io = IOContext(io, :typeinfo => eltype(X))
    end
    if isempty(X)
        if X isa Array
            print(io, typeof(X), "(undef, ")
            sz = size(X)
            for i in 1:length(sz)
                i > 1 && print(io, ", ")
                print(io, sz[i])
            end
            print(io, ')')
        else
            print(io, prefix, "[]")
        end
        return nothing
    end
    if nd == 2
        _show_nonempty_matrix(io, X, prefix)
    else
        print(io, "reshape(")
        show_vector(io, vec(X))
        print(io, ", ", join(size(X), ", "), ")")
    end
    return nothing
end
function show_vector(io::IO, v, opn='[', cls=']')
    prefix, implicit = typeinfo_prefix(io, v)
    print(io, prefix)
    if !implicit
        io = IOContext(io, :typeinfo => eltype(v))
    end
    print(io, opn)
    n = length(v)
    limited = get(io, :limit, false) === true && n > 20
    recur_io = IOContext(io, :SHOWN_SET => v)
    for i in 1:n
        if limited && i == 11
            print(io, "…, ")
            continue
        elseif limited && 10 < i <= n - 10
            continue
        end
        if !isassigned(v, i)
            print(io, "#undef")
        else
            show(recur_io, v[i])
        end
        i < n && print(io, ", ")
    end
    print(io, cls)
    return nothing
end
function _show_nonempty_matrix(io::IO, X::AbstractMatrix, prefix)
    print(io, prefix, '[')
    m, n = size(X)
    for i in 1:m
        for j in 1:n
            j > 1 && print(io, ' ')
            if !isassigned(X, i, j)
                print(io, "#undef")
            else
                show(io, X[i, j])
            end
        end
        i < m && print(io, "; ")
    end
    print(io, ']')
    return nothing
end
isassigned(a::Array, i::Int, j::Int) = isassigned(a, i + (j - 1) * size(a, 1))

function show(io::IO, r::AbstractUnitRange)
    show(io, first(r))
    print(io, ':')
    show(io, last(r))
    return nothing
end
show(io::IO, r::OneTo) = (print(io, "Base.OneTo("); show(io, r.stop); print(io, ')'); nothing)
function show(io::IO, r::Union{StepRange,StepRangeLen})
    show(io, first(r))
    print(io, ':')
    show(io, step(r))
    print(io, ':')
    show(io, last(r))
    return nothing
end
function show(io::IO, r::LinRange)
    print(io, "LinRange{")
    show(io, eltype(r))
    print(io, "}(")
    show(io, first(r))
    print(io, ", ")
    show(io, last(r))
    print(io, ", ")
    show(io, length(r))
    print(io, ')')
    return nothing
end

# ---- dicts and sets ---------------------------------------------------------------------------------------------------
function show(io::IO, t::AbstractDict)
    prefix, implicit = typeinfo_prefix(io, t)
    print(io, prefix)
    print(io, '(')
    recur_io = IOContext(io, :SHOWN_SET => t, :typeinfo => eltype(t))
    first = true
    for p in t
        first || print(io, ", ")
        first = false
        show(recur_io, p)
    end
    print(io, ')')
    return nothing
end
function show(io::IO, s::AbstractSet)
    if isempty(s)
        print(io, typeof(s), "()")
        return nothing
    end
    print(io, typeof(s).name.wrapper === Set ? "Set" : string(typeof(s).name.name))
    print(io, '(')
    show_vector(io, collect(s))
    print(io, ')')
    return nothing
end
function show(io::IO, k::KeySet)
    print(io, "[")
    first = true
    for x in k
        first || print(io, ", ")
        first = false
        show(IOContext(io, :typeinfo => eltype(k)), x)
    end
    print(io, "]")
end
show(io::IO, ::MIME"text/plain", k::KeySet) = (summary(io, k); print(io, ":"); for x in k; print(io, "\n  "); show(io, x); end)
summary(io::IO, k::KeySet) = print(io, typeof(k), " for a ", typeof(k.dict), " with ", length(k), " entr", length(k) == 1 ? "y" : "ies")
function show(io::IO, v::ValueIterator)
    print(io, "[")
    first = true
    for x in v
        first || print(io, ", ")
        first = false
        show(io, x)
    end
    print(io, "]")
end

# ---- expressions -------------------------------------------------------------------------------------------------------
const _prec_assignment = 1
const _prec_pair = 2
const _prec_conditional = 3
const _prec_arrow = 4
const _prec_lazy_or = 5
const _prec_lazy_and = 6
const _prec_comparison = 7
const _prec_pipe_lt = 8
const _prec_pipe_gt = 9
const _prec_colon = 10
const _prec_plus = 11
const _prec_bitshift = 12
const _prec_times = 13
const _prec_rational = 14
const _prec_power = 15
const _prec_decl = 16
const _prec_dot = 17

function operator_precedence(s::Symbol)
    s in (:(=), :(+=), :(-=), :(*=), :(/=), :(//=), :(\=), :(^=), :(÷=), :(%=), :(<<=), :(>>=), :(>>>=), :(|=), :(&=), :(⊻=), :(:=), :(~), :($=)) && return _prec_assignment
    s === :(=>) && return _prec_pair
    s === :(?) && return _prec_conditional
    s in (:(-->), :(<--), :(<-->), :→, :←, :↔) && return _prec_arrow
    s === :(||) && return _prec_lazy_or
    s === :(&&) && return _prec_lazy_and
    s in (:(>), :(<), :(>=), :(≥), :(<=), :(≤), :(==), :(===), :(≡), :(!=), :(≠), :(!==), :(≢), :(∈), :(∉), :(∋), :(∌), :(⊆), :(⊈), :(⊂), :(⊄), :(⊊), :(⊇), :(⊉), :(⊃), :(⊅), :(⊋), :(<:), :(>:), :(in), :(isa), :(≈), :(≉)) && return _prec_comparison
    s === :(<|) && return _prec_pipe_lt
    s === :(|>) && return _prec_pipe_gt
    s in (:(:), :(..), :(…)) && return _prec_colon
    s in (:(+), :(-), :(|), :(⊻), :(∪), :(±), :(∓), :(++), :(⊕), :(⊖), :(⊞), :(⊟), :(∨)) && return _prec_plus
    s in (:(<<), :(>>), :(>>>)) && return _prec_bitshift
    s in (:(*), :(/), :(÷), :(%), :(&), :(⋅), :(∘), :(×), :(\), :(∩), :(∧), :(⊗), :(⊘), :(⊙)) && return _prec_times
    s === :(//) && return _prec_rational
    s in (:(^), :(↑), :(↓)) && return _prec_power
    s === :(::) && return _prec_decl
    s === :(.) && return _prec_dot
    return 0
end
const _unary_ops = (:(-), :(+), :(!), :(~), :(¬), :(√), :(∛), :(∜), :(<:), :(>:), :($), :(&), :(::))

show(io::IO, ex::Expr) = show_unquoted_quote_expr(io, ex)
function show_unquoted_quote_expr(io::IO, ex::Expr)
    if ex.head === :block || ex.head === :quote
        print(io, "quote\n")
        for a in ex.args
            print(io, "    ")
            show_unquoted(io, a, 4, 0)
            print(io, '\n')
        end
        print(io, "end")
    else
        print(io, ":(")
        show_unquoted(io, ex, 0, 0)
        print(io, ")")
    end
    return nothing
end
print(io::IO, ex::Expr) = (show_unquoted(io, ex, 0, 0); nothing)
show(io::IO, q::QuoteNode) = (print(io, ":("); show_unquoted(io, q, 0, 0); print(io, ")"); nothing)
show(io::IO, g::GlobalRef) = (show_unquoted(io, g, 0, 0); nothing)
function show(io::IO, l::LineNumberNode)
    print(io, ":(")
    show_unquoted(io, l, 0, 0)
    print(io, ")")
    return nothing
end
show_unquoted(io::IO, x) = show_unquoted(io, x, 0, 0)
show_unquoted(io::IO, x, indent::Int) = show_unquoted(io, x, indent, 0)
show_unquoted(io::IO, x, indent::Int, prec::Int) = show(io, x)
function show_unquoted(io::IO, s::Symbol, indent::Int, prec::Int)
    if operator_precedence(s) > 0 && prec > 0
        print(io, '(', s, ')')
    else
        show_sym(io, s)
    end
end
show_unquoted(io::IO, l::LineNumberNode, indent::Int, prec::Int) =
    print(io, "#= ", l.file === nothing ? "none" : l.file, ":", l.line, " =#")
function show_unquoted(io::IO, g::GlobalRef, indent::Int, prec::Int)
    show(io, g.mod)
    print(io, '.')
    show_sym(io, g.name)
end
function show_unquoted(io::IO, q::QuoteNode, indent::Int, prec::Int)
    v = q.value
    if v isa Symbol
        show(io, v)
    else
        print(io, "\$(QuoteNode(")
        show(io, v)
        print(io, "))")
    end
end
function _show_list(io::IO, args, sep, indent::Int, prec::Int=0)
    for i in 1:length(args)
        i > 1 && print(io, sep)
        show_unquoted(io, args[i], indent, prec)
    end
end
function _show_call_args(io::IO, args, indent::Int)
    # args may start with Expr(:parameters)
    params = nothing
    rest = Any[]
    for a in args
        if a isa Expr && a.head === :parameters
            params = a
        else
            push!(rest, a)
        end
    end
    for i in 1:length(rest)
        i > 1 && print(io, ", ")
        show_unquoted(io, rest[i], indent, 0)
    end
    if params !== nothing && !isempty(params.args)
        print(io, "; ")
        _show_list(io, params.args, ", ", indent)
    end
end
function show_unquoted(io::IO, ex::Expr, indent::Int, prec::Int)
    head = ex.head
    args = ex.args
    nargs = length(args)
    if head === :call
        f = args[1]
        fprec = f isa Symbol ? operator_precedence(f) : 0
        if f isa Symbol && fprec > 0 && (nargs == 3 || (nargs > 3 && f in (:+, :++, :*))) &&
           !any(a -> a isa Expr && a.head === :..., args[2:end])
            sep = f === :(:) ? ":" : string(" ", f, " ")
            fprec <= prec && print(io, '(')
            _show_list(io, args[2:end], sep, indent, fprec)
            fprec <= prec && print(io, ')')
            return
        elseif f isa Symbol && nargs == 2 && f in _unary_ops
            print(io, f)
            a = args[2]
            if a isa Expr && a.head === :call && operator_precedence(a.args[1] isa Symbol ? a.args[1] : :x) > 0
                print(io, '(')
                show_unquoted(io, a, indent, 0)
                print(io, ')')
            else
                show_unquoted(io, a, indent, _prec_power)
            end
            return
        end
        if f isa Symbol && fprec > 0
            print(io, '(', f, ')')
        else
            show_unquoted(io, f, indent, _prec_dot)
        end
        print(io, '(')
        _show_call_args(io, args[2:end], indent)
        print(io, ')')
    elseif head === :. && nargs == 2
        show_unquoted(io, args[1], indent, _prec_dot)
        print(io, '.')
        a2 = args[2]
        if a2 isa QuoteNode && a2.value isa Symbol
            show_sym(io, a2.value)
        elseif a2 isa Expr && a2.head === :tuple
            print(io, '(')
            _show_call_args(io, a2.args, indent)
            print(io, ')')
        else
            show_unquoted(io, a2, indent, _prec_dot)
        end
    elseif head === :ref || head === :curly
        show_unquoted(io, args[1], indent, _prec_dot)
        print(io, head === :ref ? '[' : '{')
        _show_call_args(io, args[2:end], indent)
        print(io, head === :ref ? ']' : '}')
    elseif head === :tuple
        print(io, '(')
        _show_call_args(io, args, indent)
        nargs == 1 && !(args[1] isa Expr && args[1].head === :parameters) && print(io, ',')
        print(io, ')')
    elseif head === :vect
        print(io, '[')
        _show_list(io, args, ", ", indent)
        print(io, ']')
    elseif head === :vcat || head === :hcat
        print(io, '[')
        _show_list(io, args, head === :vcat ? "; " : " ", indent)
        print(io, ']')
    elseif head === :row
        _show_list(io, args, " ", indent)
    elseif head in (:(=), :(+=), :(-=), :(*=), :(/=), :(^=), :(|=), :(&=), :(:=)) && nargs == 2
        _prec_assignment <= prec && print(io, '(')
        show_unquoted(io, args[1], indent, _prec_assignment)
        print(io, ' ', head, ' ')
        show_unquoted(io, args[2], indent, _prec_assignment)
        _prec_assignment <= prec && print(io, ')')
    elseif head === :kw && nargs == 2
        show_unquoted(io, args[1], indent, 0)
        print(io, " = ")
        show_unquoted(io, args[2], indent, 0)
    elseif head === :(&&) || head === :(||)
        p = head === :(&&) ? _prec_lazy_and : _prec_lazy_or
        p <= prec && print(io, '(')
        _show_list(io, args, string(" ", head, " "), indent, p)
        p <= prec && print(io, ')')
    elseif head === :comparison
        _prec_comparison <= prec && print(io, '(')
        for i in 1:nargs
            if iseven(i)
                print(io, ' ', args[i], ' ')
            else
                show_unquoted(io, args[i], indent, _prec_comparison)
            end
        end
        _prec_comparison <= prec && print(io, ')')
    elseif head === :(::)
        if nargs == 1
            print(io, "::")
            show_unquoted(io, args[1], indent, _prec_decl)
        else
            show_unquoted(io, args[1], indent, _prec_decl)
            print(io, "::")
            show_unquoted(io, args[2], indent, _prec_decl)
        end
    elseif head === :... && nargs == 1
        show_unquoted(io, args[1], indent, _prec_dot)
        print(io, "...")
    elseif head === :quote && nargs == 1
        a = args[1]
        if a isa Symbol
            show(io, a)
        else
            print(io, ":(")
            show_unquoted(io, a, indent, 0)
            print(io, ')')
        end
    elseif head === :$ && nargs == 1
        print(io, '$')
        a = args[1]
        if a isa Symbol
            show_sym(io, a)
        else
            print(io, '(')
            show_unquoted(io, a, indent, 0)
            print(io, ')')
        end
    elseif head === :macrocall
        show_unquoted(io, args[1], indent, 0)
        rest = Any[]
        for a in args[2:end]
            a isa LineNumberNode || push!(rest, a)
        end
        if !isempty(rest)
            print(io, ' ')
            _show_list(io, rest, " ", indent)
        end
    elseif head === :block || head === :toplevel
        print(io, "begin\n")
        for a in args
            print(io, " " ^ (indent + 4))
            show_unquoted(io, a, indent + 4, 0)
            print(io, '\n')
        end
        print(io, " " ^ indent, "end")
    elseif head === :if || head === :elseif
        print(io, head === :if ? "if " : "elseif ")
        show_unquoted(io, args[1], indent, 0)
        print(io, '\n')
        _show_block_body(io, args[2], indent + 4)
        if nargs >= 3
            e = args[3]
            if e isa Expr && e.head === :elseif
                print(io, " " ^ indent)
                show_unquoted(io, e, indent, 0)
                return
            end
            print(io, " " ^ indent, "else\n")
            _show_block_body(io, e, indent + 4)
        end
        print(io, " " ^ indent, "end")
    elseif head === :return
        print(io, "return")
        if nargs == 1 && args[1] !== nothing
            print(io, ' ')
            show_unquoted(io, args[1], indent, 0)
        end
    elseif head === :-> && nargs == 2
        show_unquoted(io, args[1], indent, 0)
        print(io, " -> ")
        b = args[2]
        if b isa Expr && b.head === :block
            nonline = Any[a for a in b.args if !(a isa LineNumberNode)]
            if length(nonline) == 1
                show_unquoted(io, nonline[1], indent, 0)
            else
                show_unquoted(io, b, indent, 0)
            end
        else
            show_unquoted(io, b, indent, 0)
        end
    elseif head === :string
        print(io, '"')
        for a in args
            if a isa String
                escape_string(io, a, "\"\$")
            else
                print(io, "\$(")
                show_unquoted(io, a, indent, 0)
                print(io, ")")
            end
        end
        print(io, '"')
    elseif head === :where
        show_unquoted(io, args[1], indent, 0)
        print(io, " where ")
        if nargs == 2
            show_unquoted(io, args[2], indent, 0)
        else
            print(io, '{')
            _show_list(io, args[2:end], ", ", indent)
            print(io, '}')
        end
    elseif head === :function || head === :macro || head === :for || head === :while || head === :let ||
           head === :struct || head === :module
        kw = head === :struct ? (args[1] === true ? "mutable struct" : "struct") : String(head)
        print(io, kw, ' ')
        if head === :struct
            show_unquoted(io, args[2], indent, 0)
            body = args[3]
        elseif head === :module
            show_unquoted(io, args[2], indent, 0)
            body = args[3]
        else
            show_unquoted(io, args[1], indent, 0)
            body = nargs >= 2 ? args[2] : nothing
        end
        print(io, '\n')
        body === nothing || _show_block_body(io, body, indent + 4)
        print(io, " " ^ indent, "end")
    elseif head === :global || head === :local || head === :const
        print(io, head, ' ')
        _show_list(io, args, ", ", indent)
    elseif head === :escape || head === :hygienic_scope
        print(io, "\$(Expr(:", head, ", ")
        _show_list(io, args, ", ", indent)
        print(io, "))")
    elseif head === :meta
        print(io, "\$(Expr(:meta")
        for a in args
            print(io, ", ")
            show(io, a)
        end
        print(io, "))")
    elseif head === :generator
        show_unquoted(io, args[1], indent, 0)
        print(io, " for ")
        _show_list(io, args[2:end], ", ", indent)
    elseif head === :comprehension
        print(io, '[')
        show_unquoted(io, args[1], indent, 0)
        print(io, ']')
    elseif head === :parameters
        print(io, "; ")
        _show_list(io, args, ", ", indent)
    else
        print(io, "\$(Expr(")
        show(io, head)
        for a in args
            print(io, ", ")
            show(io, a)
        end
        print(io, "))")
    end
    return nothing
end
function _show_block_body(io::IO, b, indent::Int)
    stmts = (b isa Expr && b.head === :block) ? b.args : Any[b]
    for a in stmts
        print(io, " " ^ indent)
        show_unquoted(io, a, indent, 0)
        print(io, '\n')
    end
end

# ---- methods ------------------------------------------------------------------------------------------------------------------
function show(io::IO, m::Method)
    print(io, m.name, "(")
    sig = unwrap_unionall(m.sig)
    names = _method_argnames(m)
    ps = sig isa DataType ? sig.parameters : Any[]
    for i in 2:length(ps)
        i > 2 && print(io, ", ")
        nm = i <= length(names) ? names[i] : Symbol("")
        nm !== Symbol("") && nm !== Symbol("#unused#") && print(io, nm)
        p = ps[i]
        if p !== Any
            print(io, "::")
            show(io, p isa Core.TypeofVararg ? p : p)
        end
    end
    print(io, ")")
    tvs = Any[]
    t = m.sig
    while t isa UnionAll
        push!(tvs, t.var)
        t = t.body
    end
    _show_wheres(io, tvs)
    print(io, " @ ", m.module, " ", m.file, ":", m.line)
end
function _method_argnames(m::Method)
    src = m.source
    src isa Core.CodeInfo || return Symbol[]
    n = m.nargs
    sn = src.slotnames
    out = Symbol[]
    for i in 1:min(n, length(sn))
        push!(out, sn[i])
    end
    return out
end

# ---- summary and text/plain display ---------------------------------------------------------------------------------------------
summary(x) = sprint(summary, x)
function summary(io::IO, x)
    show(io, typeof(x))
    return nothing
end
function dims_summary(sz)
    if length(sz) == 1
        return string(sz[1], "-element")
    elseif length(sz) == 0
        return "0-dimensional"
    end
    return join(map(string, sz), "×")
end
function summary(io::IO, a::AbstractArray)
    print(io, dims_summary(size(a)), ' ')
    show(io, typeof(a))
    return nothing
end
function summary(io::IO, t::AbstractDict)
    n = length(t)
    show(io, typeof(t))
    print(io, " with ", n, n == 1 ? " entry" : " entries")
    return nothing
end
function summary(io::IO, s::AbstractSet)
    n = length(s)
    show(io, typeof(s))
    print(io, " with ", n, n == 1 ? " element" : " elements")
    return nothing
end
summary(io::IO, s::String) = print(io, ncodeunits(s), "-codeunit String")

show(io::IO, ::MIME{m}) where {m} = print(io, "MIME type ", String(m))
print(io::IO, ::MIME{m}) where {m} = print(io, String(m))
show(io::IO, ::MIME"text/plain", x) = show(io, x)
show(io::IO, m::AbstractString, x) = show(io, MIME(m), x)
showable(::MIME"text/plain", x) = true
showable(m, x) = false

function show(io::IO, ::MIME"text/plain", X::AbstractArray)
    if isempty(X) && (get(io, :compact, false) === true || X isa Vector)
        return show(io, X)
    end
    summary(io, X)
    isempty(X) && return nothing
    print(io, ':')
    if !haskey(io, :compact) && ndims(X) == 2 && size(X, 2) > 1
        io = IOContext(io, :compact => true)
    end
    println(io)
    io = IOContext(io, :typeinfo => eltype(X))
    print_array(io, X)
    return nothing
end
show(io::IO, ::MIME"text/plain", r::AbstractRange) = show(io, r)

function alignment(io::IO, x)
    return (0, length(_sprint_ctx(io, show, x)))
end
alignment(io::IO, x::Integer) = (length(_sprint_ctx(io, show, x)), 0)
function alignment(io::IO, x::Real)
    s = _sprint_ctx(io, show, x)
    i = findfirst(c -> c == '.' || c == 'e' || c == 'E' || c == 'f' || c == 'F', s)
    i === nothing && return (length(s), 0)
    return (length(s[1:prevind(s, i)]), length(s) - length(s[1:prevind(s, i)]))
end
function print_array(io::IO, X::AbstractVecOrMat)
    m = size(X, 1)
    n = ndims(X) == 1 ? 1 : size(X, 2)
    limit = get(io, :limit, false) === true
    rows = collect(1:m)
    if limit
        maxrows = max(displaysize(io)[1] - 5, 4)
        if m > maxrows
            half = div(maxrows, 2)
            rows = vcat(collect(1:half), collect(m - maxrows + half + 2:m))
        end
    end
    strs = Matrix{String}(undef, length(rows), n)
    als = Matrix{Any}(undef, length(rows), n)
    for (ri, i) in enumerate(rows)
        for j in 1:n
            if ndims(X) == 1 ? isassigned(X, i) : isassigned(X, i, j)
                x = ndims(X) == 1 ? X[i] : X[i, j]
                strs[ri, j] = _sprint_ctx(io, show, x)
                als[ri, j] = alignment(io, x)
            else
                strs[ri, j] = "#undef"
                als[ri, j] = (0, 6)
            end
        end
    end
    lw = zeros(Int, n)
    rw = zeros(Int, n)
    for j in 1:n, ri in 1:length(rows)
        a = als[ri, j]
        lw[j] = max(lw[j], a[1])
        rw[j] = max(rw[j], a[2])
    end
    for (ri, i) in enumerate(rows)
        ri > 1 && print(io, '\n')
        if limit && ri > 1 && rows[ri-1] + 1 != i
            for j in 1:n
                print(io, j == 1 ? " " : "  ", " " ^ max(0, lw[j] - 1), "⋮", j == n ? "" : " " ^ max(0, rw[j]))
            end
            print(io, '\n')
        end
        print(io, ' ')
        for j in 1:n
            a = als[ri, j]
            print(io, " " ^ (lw[j] - a[1]))
            print(io, strs[ri, j])
            if j < n
                print(io, " " ^ (rw[j] - a[2]))
                print(io, "  ")
            end
        end
    end
    return nothing
end
function print_array(io::IO, X::AbstractArray)
    sz = size(X)
    nd = length(sz)
    slab = sz[1] * sz[2]
    nslabs = div(length(X), slab)
    for k in 1:nslabs
        k > 1 && print(io, "\n\n")
        idx = Int[]
        r = k - 1
        for d in 3:nd
            push!(idx, rem(r, sz[d]) + 1)
            r = div(r, sz[d])
        end
        print(io, "[:, :, ", join(idx, ", "), "] =\n")
        M = reshape(X[(k-1)*slab+1:k*slab], sz[1], sz[2])
        print_array(io, M)
    end
end

function show(io::IO, ::MIME"text/plain", t::AbstractDict)
    isempty(t) && return show(io, t)
    recur_io = IOContext(io, :SHOWN_SET => t)
    if !haskey(io, :compact)
        recur_io = IOContext(recur_io, :compact => true)
    end
    summary(io, t)
    print(io, ':')
    rk = IOContext(recur_io, :typeinfo => keytype(t))
    rv = IOContext(recur_io, :typeinfo => valtype(t))
    ks = String[]
    vs = String[]
    keylen = 0
    for (k, v) in t
        s = _sprint_ctx(rk, show, k)
        push!(ks, s)
        push!(vs, _sprint_ctx(rv, show, v))
        keylen = max(keylen, textwidth(s))
    end
    for i in 1:length(ks)
        print(io, "\n  ")
        print(io, rpad(ks[i], keylen))
        print(io, " => ")
        print(io, vs[i])
    end
    return nothing
end
function show(io::IO, ::MIME"text/plain", s::AbstractSet)
    isempty(s) && return show(io, s)
    summary(io, s)
    print(io, ':')
    rio = IOContext(io, :typeinfo => eltype(s), :compact => true)
    for x in s
        print(io, "\n  ")
        show(rio, x)
    end
    return nothing
end

# display: what the REPL and `display(x)` show
function display(x)
    io = stdout
    show(io, MIME"text/plain"(), x)
    println(io)
    return nothing
end
display(m::MIME, x) = (show(stdout, m, x); println(stdout); nothing)
display(m::AbstractString, x) = display(MIME(m), x)
_repl_display(x) = Core._call_latest(_repl_display_latest, x)
function _repl_display_latest(x)
    if ccall(:jl_base_is_print_mode, Int32, ()) != 0
        show(stdout, x)
        println(stdout)
        flush(stdout)
        return nothing
    end
    io = IOContext(stdout, :limit => true, :module => Main)
    show(io, MIME"text/plain"(), x)
    println(io)
    flush(stdout)
    return nothing
end
show(x) = show(stdout, x)
