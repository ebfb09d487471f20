# tuple.jl: Tuple, Pair and NamedTuple operations.

# ---- Tuple ------------------------------------------------------------------------------------------------
size(t::Tuple) = (length(t),)
size(t::Tuple, d::Integer) = d == 1 ? length(t) : 1
axes(t::Tuple) = (OneTo(length(t)),)
firstindex(t::Tuple) = 1
lastindex(t::Tuple) = length(t)
eachindex(t::Tuple) = OneTo(length(t))
keys(t::Tuple) = OneTo(length(t))
isempty(t::Tuple) = length(t) == 0
ndims(::Tuple) = 1
first(t::Tuple) = t[1]
last(t::Tuple) = t[end]
getindex(t::Tuple, r::AbstractUnitRange) = ntuple(i -> t[first(r) + i - 1], length(r))
getindex(t::Tuple, b::AbstractArray{Bool,1}) = length(b) == length(t) ? _tuple_mask(t, b) : throw(BoundsError(t, b))
_tuple_mask(t, b) = (v = Any[]; for i in 1:length(t); b[i] && push!(v, t[i]); end; (v...,))
getindex(t::Tuple, c::Colon) = t
get(t::Tuple, i::Integer, default) = 1 <= i <= length(t) ? t[i] : default

function eltype(::Type{T}) where {T<:Tuple}
    T === Tuple && return Any
    T isa DataType || return Any
    ps = T.parameters
    n = length(ps)
    n == 0 && return Union{}
    R = Union{}
    for i in 1:n
        p = ps[i]
        if p isa Core.TypeofVararg
            R = Union{R, isdefined(p, :T) ? p.T : Any}
        else
            R = Union{R, p}
        end
    end
    return R
end

function ntuple(f, n::Integer)
    n == 0 && return ()
    n == 1 && return (f(1),)
    n == 2 && return (f(1), f(2))
    n == 3 && return (f(1), f(2), f(3))
    v = Vector{Any}(undef, n)
    for i in 1:n
        v[i] = f(i)
    end
    return (v...,)
end
ntuple(f, ::Val{N}) where {N} = ntuple(f, N)

map(f, t::Tuple{}) = ()
map(f, t::Tuple{Any}) = (f(t[1]),)
map(f, t::Tuple{Any,Any}) = (f(t[1]), f(t[2]))
map(f, t::Tuple{Any,Any,Any}) = (f(t[1]), f(t[2]), f(t[3]))
function map(f, t::Tuple)
    n = length(t)
    v = Vector{Any}(undef, n)
    for i in 1:n
        v[i] = f(t[i])
    end
    return (v...,)
end
function map(f, t::Tuple, s::Tuple, rest::Tuple...)
    n = min(length(t), length(s), map(length, rest)...)
    v = Vector{Any}(undef, n)
    for i in 1:n
        v[i] = f(t[i], s[i], map(r -> r[i], rest)...)
    end
    return (v...,)
end

tail(t::Tuple) = argtail(t...)
argtail(x, rest...) = rest
front(t::Tuple) = t[1:end-1]
reverse(t::Tuple) = ntuple(i -> t[length(t) + 1 - i], length(t))

function ==(t1::Tuple, t2::Tuple)
    length(t1) == length(t2) || return false
    anymissing = false
    for i in 1:length(t1)
        eq = t1[i] == t2[i]
        if eq === missing
            anymissing = true
        elseif !eq
            return false
        end
    end
    return anymissing ? missing : true
end
function isequal(t1::Tuple, t2::Tuple)
    length(t1) == length(t2) || return false
    for i in 1:length(t1)
        isequal(t1[i], t2[i]) || return false
    end
    return true
end
function isless(t1::Tuple, t2::Tuple)
    n1 = length(t1)
    n2 = length(t2)
    for i in 1:min(n1, n2)
        a = t1[i]
        b = t2[i]
        isequal(a, b) || return isless(a, b)
    end
    return n1 < n2
end
function <(t1::Tuple, t2::Tuple)
    n1 = length(t1)
    n2 = length(t2)
    for i in 1:min(n1, n2)
        a = t1[i]
        b = t2[i]
        eq = a == b
        eq === true || return a < b
    end
    return n1 < n2
end
function hash(t::Tuple, h::UInt)
    h = hash(0x77cfa1eef01bca90 + UInt(length(t)), h)
    for i in length(t):-1:1
        h = hash(t[i], h)
    end
    return h
end

in(x, t::Tuple) = _in_tuple(x, t, 1)
function _in_tuple(x, t::Tuple, i::Int)
    anymissing = false
    while i <= length(t)
        v = t[i] == x
        if v === missing
            anymissing = true
        elseif v
            return true
        end
        i += 1
    end
    return anymissing ? missing : false
end

all(t::Tuple) = all(identity, t)
any(t::Tuple) = any(identity, t)
tuple_type_head(T::Type) = fieldtype(T, 1)
fieldtypes(T::Type) = ntuple(i -> fieldtype(T, i), fieldcount(T))

Tuple(x::Tuple) = x
(::Type{T})(x::Tuple) where {T<:Tuple} = convert(T, x)
(::Type{T})(itr) where {T<:Tuple} = convert(T, (collect(itr)...,))
function convert(::Type{T}, x::Tuple) where {T<:Tuple}
    isa(x, T) && return x
    T === Tuple && return x
    n = length(x)
    if T isa DataType && !(T.parameters[end] isa Core.TypeofVararg) && length(T.parameters) == n
        return ntuple(i -> convert(fieldtype(T, i), x[i]), n)
    elseif T isa DataType && length(T.parameters) == 1 && T.parameters[1] isa Core.TypeofVararg
        E = isdefined(T.parameters[1], :T) ? T.parameters[1].T : Any
        return ntuple(i -> convert(E, x[i]), n)
    end
    throw(MethodError(convert, (T, x)))
end

# ---- Pair --------------------------------------------------------------------------------------------------------
struct Pair{A,B}
    first::A
    second::B
    function Pair{A,B}(a, b) where {A,B}
        return new(a, b)
    end
end
Pair(a, b) = Pair{typeof(a),typeof(b)}(a, b)
const => = Pair
first(p::Pair) = p.first
last(p::Pair) = p.second
length(p::Pair) = 2
eltype(::Type{Pair{A,B}}) where {A,B} = Union{A,B}
iterate(p::Pair, i::Int=1) = i > 2 ? nothing : (getfield(p, i), i + 1)
indexed_iterate(p::Pair, i::Int, state=1) = (getfield(p, i), i + 1)
getindex(p::Pair, i::Int) = getfield(p, i)
reverse(p::Pair) = Pair(p.second, p.first)
==(p::Pair, q::Pair) = (p.first == q.first) & (p.second == q.second)
isequal(p::Pair, q::Pair) = isequal(p.first, q.first) & isequal(p.second, q.second)
isless(p::Pair, q::Pair) = ifelse(!isequal(p.first, q.first), isless(p.first, q.first), isless(p.second, q.second))
hash(p::Pair, h::UInt) = hash(p.second, hash(p.first, h))
convert(::Type{Pair{A,B}}, x::Pair{A,B}) where {A,B} = x
function convert(::Type{Pair{A,B}}, x::Pair) where {A,B}
    return Pair{A,B}(convert(A, x[1]), convert(B, x[2]))
end
promote_rule(::Type{Pair{A1,B1}}, ::Type{Pair{A2,B2}}) where {A1,B1,A2,B2} =
    Pair{promote_type(A1, A2),promote_type(B1, B2)}

# ---- NamedTuple --------------------------------------------------------------------------------------------------
function (::Type{NamedTuple{names,T}})(args::Tuple) where {names,T<:Tuple}
    length(args) == length(names) || throw(ArgumentError("Wrong number of arguments to named tuple constructor."))
    return ccall(:jl_base_new_structt, Any, (Any, Any), NamedTuple{names,T}, convert(T, args))::NamedTuple{names,T}
end
(::Type{NamedTuple{names}})(args::Tuple) where {names} = NamedTuple{names,typeof(args)}(args)
(::Type{NamedTuple})() = NamedTuple{(),Tuple{}}(())
function (::Type{NamedTuple{names}})(nt::NamedTuple) where {names}
    return NamedTuple{names}(map(n -> nt[n], names))
end
function (::Type{NamedTuple})(itr)
    ks = Symbol[]
    vs = Any[]
    for (k, v) in itr
        push!(ks, Symbol(k))
        push!(vs, v)
    end
    return NamedTuple{(ks...,)}((vs...,))
end

length(t::NamedTuple) = nfields(t)
iterate(t::NamedTuple, i::Int=1) = i > nfields(t) ? nothing : (getfield(t, i), i + 1)
firstindex(t::NamedTuple) = 1
lastindex(t::NamedTuple) = nfields(t)
getindex(t::NamedTuple, i::Int) = getfield(t, i)
getindex(t::NamedTuple, i::Symbol) = getfield(t, _nt_index(t, i))
function _nt_index(t::NamedTuple, s::Symbol)
    ks = keys(t)
    for i in 1:length(ks)
        ks[i] === s && return i
    end
    throw(ErrorException(string("type NamedTuple has no field ", s)))
end
getproperty(t::NamedTuple, s::Symbol) = getfield(t, _nt_index(t, s))
_nt_haskey(t::NamedTuple, s::Symbol) = s in keys(t)
indexed_iterate(t::NamedTuple, i::Int, state=1) = (getfield(t, i), i + 1)
isempty(::NamedTuple{()}) = true
isempty(::NamedTuple) = false
empty(::NamedTuple) = NamedTuple()
keys(::NamedTuple{names}) where {names} = names
values(t::NamedTuple) = Tuple(t)
(::Type{Tuple})(t::NamedTuple) = ntuple(i -> getfield(t, i), nfields(t))
haskey(t::NamedTuple, key::Integer) = 1 <= key <= length(t)
haskey(t::NamedTuple, key::Symbol) = _nt_haskey(t, key)
get(t::NamedTuple, key::Integer, default) = haskey(t, key) ? getfield(t, key) : default
get(t::NamedTuple, key::Symbol, default) = haskey(t, key) ? t[key] : default
get(f::Callable, t::NamedTuple, key::Symbol) = haskey(t, key) ? t[key] : f()
eltype(::Type{NamedTuple{names,T}}) where {names,T} = eltype(T)
pairs(t::NamedTuple) = Pairs(t, keys(t))
==(a::NamedTuple{n}, b::NamedTuple{n}) where {n} = Tuple(a) == Tuple(b)
==(a::NamedTuple, b::NamedTuple) = false
isequal(a::NamedTuple{n}, b::NamedTuple{n}) where {n} = isequal(Tuple(a), Tuple(b))
isequal(a::NamedTuple, b::NamedTuple) = false
hash(x::NamedTuple, h::UInt) = hash(Tuple(x), hash(keys(x), h + 0x8e0f4f5d0cb1d7e0))
map(f, nt::NamedTuple{names}) where {names} = NamedTuple{names}(map(f, Tuple(nt)))

function merge(a::NamedTuple, b::NamedTuple)
    an = keys(a)
    bn = keys(b)
    names = Symbol[]
    vals = Any[]
    for n in an
        push!(names, n)
        push!(vals, n in bn ? b[n] : a[n])
    end
    for n in bn
        if !(n in an)
            push!(names, n)
            push!(vals, b[n])
        end
    end
    return NamedTuple{(names...,)}((vals...,))
end
merge(a::NamedTuple, itr) = merge(a, NamedTuple(itr))
merge(a::NamedTuple) = a
merge(a::NamedTuple, b, c, rest...) = merge(merge(a, b), c, rest...)

function structdiff(a::NamedTuple, b::Union{NamedTuple,Type{<:NamedTuple}})
    bn = b isa NamedTuple ? keys(b) : _nt_names(b)
    names = Symbol[]
    vals = Any[]
    for n in keys(a)
        if !(n in bn)
            push!(names, n)
            push!(vals, a[n])
        end
    end
    return NamedTuple{(names...,)}((vals...,))
end
_nt_names(::Type{<:NamedTuple{names}}) where {names} = names

function delete(a::NamedTuple, k::Symbol)
    return structdiff(a, NamedTuple{(k,)})
end

# Pairs: what `kw...` collects (an iterator of key => value over a NamedTuple)
struct Pairs{K,V,I,A} <: AbstractDict{K,V}
    data::A
    itr::I
end
Pairs(data::NamedTuple, itr::Tuple) = Pairs{Symbol,eltype(data),typeof(itr),typeof(data)}(data, itr)
length(v::Pairs) = length(v.itr)
isempty(v::Pairs) = length(v.itr) == 0
function iterate(v::Pairs, state=1)
    state > length(v.itr) && return nothing
    k = v.itr[state]
    return (Pair(k, v.data[k]), state + 1)
end
keys(v::Pairs) = v.itr
values(v::Pairs) = v.data
haskey(v::Pairs, key) = key in v.itr
getindex(v::Pairs, key) = v.data[key]
get(v::Pairs, key, default) = haskey(v, key) ? v.data[key] : default
merge(a::NamedTuple, b::Pairs) = merge(a, b.data)
pairs(p::Pairs) = p
