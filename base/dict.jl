# dict.jl: Dict (open addressing with linear probing laid out as Julia's, so iteration order matches),
# Set, IdDict, and the AbstractDict interface (get, get!, haskey, keys, values, pairs, merge...).

mutable struct Dict{K,V} <: AbstractDict{K,V}
    slots::Vector{UInt8}
    keys::Vector{K}
    vals::Vector{V}
    ndel::Int
    count::Int
    age::UInt
    idxfloor::Int
    maxprobe::Int
    function Dict{K,V}() where {K,V}
        n = 16
        return new(zeros(UInt8, n), Vector{K}(undef, n), Vector{V}(undef, n), 0, 0, UInt(0), 1, 0)
    end
end
function Dict{K,V}(kv) where {K,V}
    h = Dict{K,V}()
    for x in kv
        k, v = x
        h[k] = v
    end
    return h
end
function Dict{K,V}(ps::Pair...) where {K,V}
    h = Dict{K,V}()
    sizehint!(h, length(ps))
    for p in ps
        h[p.first] = p.second
    end
    return h
end
Dict() = Dict{Any,Any}()
Dict(p::Pair) = Dict{typeof(p.first),typeof(p.second)}(p)
function Dict{K,V}(p::Pair) where {K,V}
    h = Dict{K,V}()
    h[p.first] = p.second
    return h
end
function Dict(ps::Pair...)
    K = Union{}
    V = Union{}
    for p in ps
        K = promote_typejoin(K, typeof(p.first))
        V = promote_typejoin(V, typeof(p.second))
    end
    return Dict{K,V}(ps...)
end
function Dict(kv)
    if kv isa AbstractDict
        return Dict{keytype(kv),valtype(kv)}(kv)
    end
    ps = collect(kv)
    if eltype(ps) <: Pair && isconcretetype(eltype(ps))
        return Dict{fieldtype(eltype(ps), 1),fieldtype(eltype(ps), 2)}(ps)
    end
    K = Union{}
    V = Union{}
    for p in ps
        k, v = p
        K = promote_typejoin(K, typeof(k))
        V = promote_typejoin(V, typeof(v))
    end
    isempty(ps) && (K = Any; V = Any)
    return Dict{K,V}(ps)
end

_tablesz(x::Int) = x < 16 ? 16 : one(Int) << (8 * sizeof(Int) - leading_zeros(x - 1))
_shorthash7(hsh::UInt) = rem(hsh >> (8 * sizeof(UInt) - 7), UInt8)
function hashindex(key, sz::Int)
    hsh = hash(key)::UInt
    idx = ((rem(hsh, Int) & (sz - 1)) + 1)
    return (idx, _shorthash7(hsh) | 0x80)
end
@inline isslotempty(h::Dict, i::Int) = h.slots[i] == 0x00
@inline isslotfilled(h::Dict, i::Int) = (h.slots[i] & 0x80) != 0x00
@inline isslotmissing(h::Dict, i::Int) = h.slots[i] == 0x7f

function rehash!(h::Dict{K,V}, newsz::Int=length(h.keys)) where {K,V}
    olds = h.slots
    oldk = h.keys
    oldv = h.vals
    sz = length(olds)
    newsz = _tablesz(newsz)
    h.age += 1
    h.idxfloor = 1
    if h.count == 0
        resize!(h.slots, newsz)
        fill!(h.slots, 0x00)
        h.keys = Vector{K}(undef, newsz)
        h.vals = Vector{V}(undef, newsz)
        h.ndel = 0
        h.maxprobe = 0
        return h
    end
    slots = zeros(UInt8, newsz)
    keys = Vector{K}(undef, newsz)
    vals = Vector{V}(undef, newsz)
    count = 0
    maxprobe = 0
    for i in 1:sz
        if (olds[i] & 0x80) != 0x00
            k = oldk[i]
            v = oldv[i]
            index0, sh = hashindex(k, newsz)
            index = index0
            while slots[index] != 0x00
                index = (index & (newsz - 1)) + 1
            end
            probe = (index - index0) & (newsz - 1)
            probe > maxprobe && (maxprobe = probe)
            slots[index] = olds[i]
            keys[index] = k
            vals[index] = v
            count += 1
        end
    end
    h.slots = slots
    h.keys = keys
    h.vals = vals
    h.count = count
    h.ndel = 0
    h.maxprobe = maxprobe
    return h
end

function sizehint!(d::Dict, newsz::Integer)
    oldsz = length(d.slots)
    newsz = _tablesz(cld(3 * Int(newsz), 2))
    newsz <= oldsz && return d
    rehash!(d, newsz)
    return d
end

function ht_keyindex(h::Dict, key)
    isempty(h) && return -1
    sz = length(h.keys)
    iter = 0
    maxprobe = h.maxprobe
    index, sh = hashindex(key, sz)
    keys = h.keys
    while true
        isslotempty(h, index) && return -1
        if h.slots[index] == sh
            k = keys[index]
            (key === k || isequal(key, k)) && return index
        end
        index = (index & (sz - 1)) + 1
        iter += 1
        iter > maxprobe && return -1
    end
end

function ht_keyindex2!(h::Dict, key)
    sz = length(h.keys)
    iter = 0
    maxprobe = h.maxprobe
    index, sh = hashindex(key, sz)
    avail = 0
    keys = h.keys
    while true
        if isslotempty(h, index)
            return (avail < 0 ? avail : -index, sh)
        end
        if isslotmissing(h, index)
            avail == 0 && (avail = -index)
        elseif h.slots[index] == sh
            k = keys[index]
            if key === k || isequal(key, k)
                return (index, sh)
            end
        end
        index = (index & (sz - 1)) + 1
        iter += 1
        iter > maxprobe && break
    end
    avail < 0 && return (avail, sh)
    maxallowedprobe = max(16, sz >> 6)
    while iter < maxallowedprobe
        if !isslotfilled(h, index)
            h.maxprobe = iter
            return (-index, sh)
        end
        index = (index & (sz - 1)) + 1
        iter += 1
    end
    rehash!(h, h.count > 64000 ? sz * 2 : sz * 4)
    return ht_keyindex2!(h, key)
end

function _setindex!(h::Dict, v, key, index::Int, sh::UInt8)
    h.ndel -= isslotmissing(h, index) ? 1 : 0
    h.slots[index] = sh
    h.keys[index] = key
    h.vals[index] = v
    h.count += 1
    h.age += 1
    index < h.idxfloor && (h.idxfloor = index)
    sz = length(h.keys)
    if (h.count + h.ndel) * 3 > sz * 2
        rehash!(h, h.count > 64000 ? h.count * 2 : max(h.count * 4, 4))
    end
    return nothing
end

function setindex!(h::Dict{K,V}, v0, key0) where {K,V}
    key = convert(K, key0)
    isequal(key, key0) || throw(ArgumentError(string(repr(key0), " is not a valid key for type ", K)))
    v = convert(V, v0)
    index, sh = ht_keyindex2!(h, key)
    if index > 0
        h.age += 1
        h.keys[index] = key
        h.vals[index] = v
    else
        _setindex!(h, v, key, -index, sh)
    end
    return h
end

function getindex(h::Dict, key)
    index = ht_keyindex(h, key)
    index < 0 && throw(KeyError(key))
    return h.vals[index]
end
function get(h::Dict, key, default)
    index = ht_keyindex(h, key)
    return index < 0 ? default : h.vals[index]
end
function get(default::Callable, h::Dict, key)
    index = ht_keyindex(h, key)
    return index < 0 ? default() : h.vals[index]
end
haskey(h::Dict, key) = ht_keyindex(h, key) >= 0
in(p::Pair, h::AbstractDict) = (v = get(h, p.first, _secret_default); v !== _secret_default && isequal(v, p.second))
const _secret_default = _NoInit()
function getkey(h::Dict, key, default)
    index = ht_keyindex(h, key)
    return index < 0 ? default : h.keys[index]
end
function get!(h::Dict{K,V}, key0, default) where {K,V}
    key = convert(K, key0)
    index, sh = ht_keyindex2!(h, key)
    index > 0 && return h.vals[index]
    v = convert(V, default)
    _setindex!(h, v, key, -index, sh)
    return v
end
function get!(default::Callable, h::Dict{K,V}, key0) where {K,V}
    key = convert(K, key0)
    index, sh = ht_keyindex2!(h, key)
    index > 0 && return h.vals[index]
    age0 = h.age
    v = convert(V, default())
    if h.age != age0
        index, sh = ht_keyindex2!(h, key)
    end
    if index > 0
        h.age += 1
        h.keys[index] = key
        h.vals[index] = v
    else
        _setindex!(h, v, key, -index, sh)
    end
    return v
end

function _delete!(h::Dict, index::Int)
    slots = h.slots
    sz = length(slots)
    ccall(:jl_base_array_unset, Cvoid, (Any, Int), h.keys, index - 1)
    ccall(:jl_base_array_unset, Cvoid, (Any, Int), h.vals, index - 1)
    ndel = 1
    nextind = (index & (sz - 1)) + 1
    if slots[nextind] == 0x00
        while true
            ndel -= 1
            slots[index] = 0x00
            index = ((index - 2) & (sz - 1)) + 1
            slots[index] == 0x7f || break
        end
    else
        slots[index] = 0x7f
    end
    h.ndel += ndel
    h.count -= 1
    h.age += 1
    return h
end
function delete!(h::Dict, key)
    index = ht_keyindex(h, key)
    index > 0 && _delete!(h, index)
    return h
end
function pop!(h::Dict, key)
    index = ht_keyindex(h, key)
    index < 0 && throw(KeyError(key))
    v = h.vals[index]
    _delete!(h, index)
    return v
end
function pop!(h::Dict, key, default)
    index = ht_keyindex(h, key)
    index < 0 && return default
    v = h.vals[index]
    _delete!(h, index)
    return v
end
function pop!(h::Dict)
    isempty(h) && throw(ArgumentError("dict must be non-empty"))
    i = _skip_deleted(h, h.idxfloor)
    p = Pair(h.keys[i], h.vals[i])
    _delete!(h, i)
    return p
end
function empty!(h::Dict{K,V}) where {K,V}
    fill!(h.slots, 0x00)
    sz = length(h.slots)
    h.keys = Vector{K}(undef, sz)
    h.vals = Vector{V}(undef, sz)
    h.ndel = 0
    h.count = 0
    h.maxprobe = 0
    h.age += 1
    h.idxfloor = 1
    return h
end

length(h::Dict) = h.count
isempty(h::Dict) = h.count == 0
function _skip_deleted(h::Dict, i::Int)
    L = length(h.slots)
    while i <= L
        isslotfilled(h, i) && return i
        i += 1
    end
    return 0
end
function iterate(h::Dict)
    i = _skip_deleted(h, h.idxfloor)
    i == 0 && return nothing
    h.idxfloor = i
    return (Pair(h.keys[i], h.vals[i]), i + 1)
end
function iterate(h::Dict, i::Int)
    i = _skip_deleted(h, i)
    i == 0 && return nothing
    return (Pair(h.keys[i], h.vals[i]), i + 1)
end
copy(d::Dict{K,V}) where {K,V} = Dict{K,V}(d)
empty(d::AbstractDict{K,V}) where {K,V} = Dict{K,V}()
empty(d::AbstractDict, ::Type{K}, ::Type{V}) where {K,V} = Dict{K,V}()

# ---- AbstractDict interface ---------------------------------------------------------------------------------------
keytype(::Type{<:AbstractDict{K,V}}) where {K,V} = K
valtype(::Type{<:AbstractDict{K,V}}) where {K,V} = V
keytype(d::AbstractDict) = keytype(typeof(d))
valtype(d::AbstractDict) = valtype(typeof(d))

struct KeySet{K,T<:AbstractDict{K}} <: AbstractSet{K}
    dict::T
end
struct ValueIterator{T<:AbstractDict}
    dict::T
end
keys(d::AbstractDict) = KeySet{keytype(d),typeof(d)}(d)
values(d::AbstractDict) = ValueIterator(d)
pairs(d::AbstractDict) = d
length(k::KeySet) = length(k.dict)
length(v::ValueIterator) = length(v.dict)
isempty(k::KeySet) = isempty(k.dict)
isempty(v::ValueIterator) = isempty(v.dict)
function iterate(k::KeySet, st...)
    y = iterate(k.dict, st...)
    y === nothing && return nothing
    return (y[1].first, y[2])
end
function iterate(v::ValueIterator, st...)
    y = iterate(v.dict, st...)
    y === nothing && return nothing
    return (y[1].second, y[2])
end
eltype(::Type{<:ValueIterator{D}}) where {D} = valtype(D)
in(x, k::KeySet) = haskey(k.dict, x)
copy(k::KeySet) = Set(k)

function merge(d::AbstractDict, others::AbstractDict...)
    K = keytype(d)
    V = valtype(d)
    for o in others
        K = promote_type(K, keytype(o))
        V = promote_type(V, valtype(o))
    end
    out = Dict{K,V}(d)
    for o in others
        for (k, v) in o
            out[k] = v
        end
    end
    return out
end
function merge(combine::Function, d::AbstractDict, others::AbstractDict...)
    out = Dict{keytype(d),valtype(d)}(d)
    for o in others
        for (k, v) in o
            out[k] = haskey(out, k) ? combine(out[k], v) : v
        end
    end
    return out
end
function merge!(d::AbstractDict, others::AbstractDict...)
    for o in others
        for (k, v) in o
            d[k] = v
        end
    end
    return d
end
function mergewith!(combine, d::AbstractDict, others::AbstractDict...)
    for o in others
        for (k, v) in o
            d[k] = haskey(d, k) ? combine(d[k], v) : v
        end
    end
    return d
end
mergewith(combine, d::AbstractDict, others::AbstractDict...) = mergewith!(combine, copy(d), others...)
function filter(f, d::AbstractDict)
    out = empty(d)
    for p in d
        f(p) && (out[p.first] = p.second)
    end
    return out
end
function filter!(f, d::Dict)
    for p in collect(d)
        f(p) || delete!(d, p.first)
    end
    return d
end
function ==(a::AbstractDict, b::AbstractDict)
    length(a) == length(b) || return false
    for (k, v) in a
        haskey(b, k) || return false
        b[k] == v || return false
    end
    return true
end
function hash(d::AbstractDict, h::UInt)
    hv = 0x6d35bb51952d5539
    for (k, v) in d
        hv ⊻= hash(k, hash(v))
    end
    return hash(hv, h)
end
function map!(f, iter::ValueIterator{<:Dict})
    d = iter.dict
    for i in 1:length(d.slots)
        isslotfilled(d, i) && (d.vals[i] = f(d.vals[i]))
    end
    return iter
end

# ---- IdDict -----------------------------------------------------------------------------------------------------------
struct IdDict{K,V} <: AbstractDict{K,V}
    d::Dict{Any,Pair{K,V}}
    IdDict{K,V}() where {K,V} = new(Dict{Any,Pair{K,V}}())
end
IdDict() = IdDict{Any,Any}()
function IdDict(ps::Pair...)
    d = IdDict{Any,Any}()
    for p in ps
        d[p.first] = p.second
    end
    return d
end
_idkey(k) = objectid(k)
setindex!(d::IdDict{K,V}, v, k) where {K,V} = (d.d[_idkey(k)] = Pair{K,V}(k, v); d)
getindex(d::IdDict, k) = (p = get(d.d, _idkey(k), nothing); p === nothing ? throw(KeyError(k)) : p.second)
get(d::IdDict, k, default) = (p = get(d.d, _idkey(k), nothing); p === nothing ? default : p.second)
haskey(d::IdDict, k) = haskey(d.d, _idkey(k))
delete!(d::IdDict, k) = (delete!(d.d, _idkey(k)); d)
length(d::IdDict) = length(d.d)
function iterate(d::IdDict, st...)
    y = iterate(d.d, st...)
    y === nothing && return nothing
    return (y[1].second, y[2])
end
get!(d::IdDict, k, default) = haskey(d, k) ? d[k] : (d[k] = default)

# ---- Set ---------------------------------------------------------------------------------------------------------------
struct Set{T} <: AbstractSet{T}
    dict::Dict{T,Nothing}
    Set{T}() where {T} = new(Dict{T,Nothing}())
end
function Set{T}(itr) where {T}
    s = Set{T}()
    for x in itr
        push!(s, x)
    end
    return s
end
Set() = Set{Any}()
Set(itr) = Set{_set_eltype(itr)}(itr)
function _set_eltype(itr)
    IteratorEltype(itr) isa HasEltype && eltype(itr) !== Any && return eltype(itr)
    T = Union{}
    for x in itr
        T = promote_typejoin(T, typeof(x))
    end
    return T === Union{} ? Any : T
end
push!(s::Set, x) = (s.dict[x] = nothing; s)
delete!(s::Set, x) = (delete!(s.dict, x); s)
function pop!(s::Set, x)
    haskey(s.dict, x) || throw(KeyError(x))
    delete!(s.dict, x)
    return x
end
pop!(s::Set) = pop!(s.dict).first
in(x, s::Set) = haskey(s.dict, x)
length(s::Set) = length(s.dict)
isempty(s::Set) = isempty(s.dict)
empty!(s::Set) = (empty!(s.dict); s)
copy(s::Set{T}) where {T} = Set{T}(s)
empty(s::Set{T}) where {T} = Set{T}()
function iterate(s::Set, st...)
    y = iterate(s.dict, st...)
    y === nothing && return nothing
    return (y[1].first, y[2])
end
sizehint!(s::Set, n) = (sizehint!(s.dict, n); s)

function union(a, bs...)
    T = eltype(a)
    for b in bs
        T = promote_type(T, eltype(b))
    end
    out = a isa AbstractSet ? Set{T}(a) : Vector{T}(unique(a))
    for b in bs
        for x in b
            if out isa AbstractSet
                push!(out, x)
            elseif !(x in out)
                push!(out, x)
            end
        end
    end
    return out
end
function union!(s::AbstractSet, itrs...)
    for itr in itrs
        for x in itr
            push!(s, x)
        end
    end
    return s
end
function intersect(a, bs...)
    out = a isa AbstractSet ? Set{eltype(a)}() : eltype(a)[]
    for x in a
        if all(b -> x in b, bs) && !(x in out)
            push!(out, x)
        end
    end
    return out
end
function setdiff(a, bs...)
    out = a isa AbstractSet ? Set{eltype(a)}() : eltype(a)[]
    for x in a
        if !any(b -> x in b, bs) && !(x in out)
            push!(out, x)
        end
    end
    return out
end
function setdiff!(s::AbstractSet, itrs...)
    for itr in itrs
        for x in itr
            delete!(s, x)
        end
    end
    return s
end
function intersect!(s::AbstractSet, itrs...)
    for x in collect(s)
        all(itr -> x in itr, itrs) || delete!(s, x)
    end
    return s
end
symdiff(a, b) = union(setdiff(a, b), setdiff(b, a))
const ∪ = union
const ∩ = intersect
issubset(a, b) = all(x -> x in b, a)
const ⊆ = issubset
⊇(a, b) = issubset(b, a)
⊈(a, b) = !issubset(a, b)
⊊(a, b) = issubset(a, b) && length(unique(a)) < length(unique(b))
issetequal(a, b) = issubset(a, b) && issubset(b, a)
isdisjoint(a, b) = !any(x -> x in b, a)
==(a::AbstractSet, b::AbstractSet) = length(a) == length(b) && issubset(a, b)
hash(s::AbstractSet, h::UInt) = (hv = 0xf2ac4a14e78ad6dd; for x in s; hv ⊻= hash(x); end; hash(hv, h))
filter(f, s::Set{T}) where {T} = (out = Set{T}(); for x in s; f(x) && push!(out, x); end; out)
function filter!(f, s::Set)
    for x in collect(s)
        f(x) || delete!(s, x)
    end
    return s
end
