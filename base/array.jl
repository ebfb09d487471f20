# array.jl: Array (the runtime's jl_array_t): construction, indexing, growing and shrinking,
# collect, comprehensions support, searching and the common Vector operations.

# ---- construction -------------------------------------------------------------------------------------------
function (::Type{Array{T,1}})(::UndefInitializer, n::Int) where {T}
    return ccall(:jl_alloc_array_1d, Any, (Any, Int), Array{T,1}, n)::Array{T,1}
end
function (::Type{Array{T,2}})(::UndefInitializer, m::Int, n::Int) where {T}
    return ccall(:jl_alloc_array_2d, Any, (Any, Int, Int), Array{T,2}, m, n)::Array{T,2}
end
function (::Type{Array{T,N}})(::UndefInitializer, d::NTuple{N,Int}) where {T,N}
    N == 1 && return ccall(:jl_alloc_array_1d, Any, (Any, Int), Array{T,1}, d[1])::Array{T,N}
    N == 2 && return ccall(:jl_alloc_array_2d, Any, (Any, Int, Int), Array{T,2}, d[1], d[2])::Array{T,N}
    return ccall(:jl_base_alloc_array_nd, Any, (Any, Any), Array{T,N}, d)::Array{T,N}
end
(::Type{Array{T,N}})(::UndefInitializer, d::Integer...) where {T,N} = Array{T,N}(undef, map(Int, d))
(::Type{Array{T,N}})(::UndefInitializer, d::Tuple) where {T,N} = Array{T,N}(undef, map(Int, d))
(::Type{Array{T}})(::UndefInitializer, d::Integer...) where {T} = Array{T,length(d)}(undef, map(Int, d))
(::Type{Array{T}})(::UndefInitializer, d::Tuple) where {T} = Array{T,length(d)}(undef, map(Int, d))
(::Type{Array{T,1}})() where {T} = Array{T,1}(undef, 0)
(::Type{Array{T,N}})(::Nothing, d...) where {T,N} = fill!(Array{T,N}(undef, d...), nothing)
(::Type{Array{T,N}})(::Missing, d...) where {T,N} = fill!(Array{T,N}(undef, d...), missing)

getindex(::Type{T}) where {T} = Vector{T}(undef, 0)
function getindex(::Type{T}, xs...) where {T}
    a = Vector{T}(undef, length(xs))
    i = 1
    for x in xs
        a[i] = x
        i += 1
    end
    return a
end
function vect(xs...)
    T = promote_typeof(xs...)
    return getindex(T, xs...)
end
vect() = Vector{Any}(undef, 0)

# ---- size and element access -----------------------------------------------------------------------------------
length(a::Array) = arraylen(a)
size(a::Array{T,1}) where {T} = (arraylen(a),)
size(a::Array{T,2}) where {T} = (arraysize(a, 1), arraysize(a, 2))
size(a::Array{T,N}) where {T,N} = ntuple(d -> arraysize(a, d), N)
size(a::Array, d::Integer) = d < 1 ? throw(ArgumentError("dimension out of range")) : arraysize(a, Int(d))
isempty(a::Array) = arraylen(a) == 0
elsize(::Type{<:Array{T}}) where {T} = sizeof(T)

getindex(a::Array, i::Int) = arrayref(true, a, i)
getindex(a::Array, i::Int, j::Int) = arrayref(true, a, i, j)
getindex(a::Array, i::Int, j::Int, k::Int) = arrayref(true, a, i, j, k)
getindex(a::Array, i::Integer) = arrayref(true, a, Int(i))
setindex!(a::Array{T}, x, i::Int) where {T} = arrayset(true, a, convert(T, x), i)
setindex!(a::Array{T}, x, i::Int, j::Int) where {T} = arrayset(true, a, convert(T, x), i, j)
setindex!(a::Array{T}, x, i::Int, j::Int, k::Int) where {T} = arrayset(true, a, convert(T, x), i, j, k)
setindex!(a::Array{T}, x, i::Integer) where {T} = arrayset(true, a, convert(T, x), Int(i))
function getindex(a::Vector, r::AbstractUnitRange{<:Integer})
    n = length(r)
    n == 0 && return similar(a, 0)
    (first(r) >= 1 && last(r) <= length(a)) || throw(BoundsError(a, r))
    b = similar(a, n)
    f = first(r) - 1
    for i in 1:n
        @inbounds b[i] = a[f + i]
    end
    return b
end
getindex(a::Array, ::Colon) = vec(copy(a))
isassigned(a::Array, i::Int) = 1 <= i <= length(a) && ccall(:jl_base_array_isassigned, Int32, (Any, Int), a, i - 1) != 0

pointer(a::Array{T}) where {T} = bitcast(Ptr{T}, ccall(:jl_base_array_ptr, Ptr{Cvoid}, (Any,), a))
pointer(a::Array{T}, i::Integer) where {T} = bitcast(Ptr{T}, add_int(bitcast(UInt64, pointer(a)), rem((Int(i) - 1) * elsize(typeof(a)), UInt64)))
unsafe_convert(::Type{Ptr{T}}, a::Array{T}) where {T} = pointer(a)
unsafe_convert(::Type{Ptr{Cvoid}}, a::Array) = bitcast(Ptr{Cvoid}, pointer(a))
cconvert(::Type{Ptr{T}}, a::Array{T}) where {T} = a
cconvert(::Type{Ptr{Cvoid}}, a::Array) = a

copy(a::Array) = ccall(:jl_array_copy, Any, (Any,), a)::typeof(a)
function vec(a::Array)
    ndims(a) == 1 && return a
    return reshape(a, length(a))
end
function reshape(a::Array{T}, dims::Tuple{Vararg{Int}}) where {T}
    _prod1(dims) == length(a) || throw(DimensionMismatch(string("new dimensions ", dims, " must be consistent with array size ", length(a))))
    b = Array{T}(undef, dims)
    unsafe_copyto!(b, 1, a, 1, length(a))
    return b
end

function unsafe_copyto!(dest::Array{T}, doffs, src::Array{T}, soffs, n) where {T}
    n == 0 && return dest
    ccall(:jl_base_array_copy_range, Cvoid, (Any, Int, Any, Int, Int), dest, doffs - 1, src, soffs - 1, n)
    return dest
end
function copyto!(dest::Array{T}, doffs::Integer, src::Array{T}, soffs::Integer, n::Integer) where {T}
    n == 0 && return dest
    n < 0 && throw(ArgumentError(string("tried to copy n=", n, " elements, but n should be nonnegative")))
    (1 <= doffs && doffs + n - 1 <= length(dest)) || throw(BoundsError(dest, doffs:doffs+n-1))
    (1 <= soffs && soffs + n - 1 <= length(src)) || throw(BoundsError(src, soffs:soffs+n-1))
    return unsafe_copyto!(dest, Int(doffs), src, Int(soffs), Int(n))
end
function copyto!(dest::Array{T}, src::Array{T}) where {T}
    n = length(src)
    n > length(dest) && throw(BoundsError(dest, length(dest) + 1))
    return unsafe_copyto!(dest, 1, src, 1, n)
end

function fill!(a::Array{T}, x) where {T}
    xT = convert(T, x)
    for i in 1:length(a)
        @inbounds a[i] = xT
    end
    return a
end
fill(v, dims::Integer...) = fill!(Array{typeof(v)}(undef, map(Int, dims)), v)
fill(v, dims::Tuple) = fill!(Array{typeof(v)}(undef, map(Int, dims)), v)
zeros(dims::Integer...) = zeros(Float64, dims...)
zeros(::Type{T}, dims::Integer...) where {T} = fill!(Array{T}(undef, map(Int, dims)), zero(T))
zeros(::Type{T}, dims::Tuple) where {T} = fill!(Array{T}(undef, map(Int, dims)), zero(T))
zeros(dims::Tuple) = zeros(Float64, dims)
ones(dims::Integer...) = ones(Float64, dims...)
ones(::Type{T}, dims::Integer...) where {T} = fill!(Array{T}(undef, map(Int, dims)), one(T))
ones(::Type{T}, dims::Tuple) where {T} = fill!(Array{T}(undef, map(Int, dims)), one(T))
trues(dims::Integer...) = fill(true, dims...)
falses(dims::Integer...) = fill(false, dims...)

similar(a::Array{T}) where {T} = Array{T}(undef, size(a))
similar(a::Array, ::Type{S}) where {S} = Array{S}(undef, size(a))
similar(a::Array, ::Type{S}, dims::Tuple) where {S} = Array{S}(undef, map(Int, dims))
similar(a::Array, n::Integer) = Array{eltype(a)}(undef, Int(n))
empty(a::AbstractVector{T}, ::Type{U}=T) where {T,U} = Vector{U}()

# ---- growing and shrinking -----------------------------------------------------------------------------------------
_growend!(a::Vector, n::Integer) = ccall(:jl_array_grow_end, Cvoid, (Any, UInt), a, n)
_deleteend!(a::Vector, n::Integer) = ccall(:jl_array_del_end, Cvoid, (Any, UInt), a, n)
_growbeg!(a::Vector, n::Integer) = ccall(:jl_array_grow_beg, Cvoid, (Any, UInt), a, n)
_deletebeg!(a::Vector, n::Integer) = ccall(:jl_array_del_beg, Cvoid, (Any, UInt), a, n)
_growat!(a::Vector, i::Integer, n::Integer) = ccall(:jl_base_array_grow_at, Cvoid, (Any, Int, UInt), a, i - 1, n)
_deleteat!(a::Vector, i::Integer, n::Integer) = ccall(:jl_base_array_del_at, Cvoid, (Any, Int, UInt), a, i - 1, n)

function push!(a::Vector{T}, item) where {T}
    itemT = convert(T, item)
    _growend!(a, 1)
    @inbounds a[length(a)] = itemT
    return a
end
function push!(a::Vector{Any}, item)
    _growend!(a, 1)
    arrayset(true, a, item, length(a))
    return a
end
push!(a::Vector, x, y, zs...) = (push!(a, x); push!(a, y, zs...))
push!(a::Vector, x, y) = (push!(a, x); push!(a, y))
function pushfirst!(a::Vector{T}, item) where {T}
    itemT = convert(T, item)
    _growbeg!(a, 1)
    @inbounds a[1] = itemT
    return a
end
function append!(a::Vector, items)
    for x in items
        push!(a, x)
    end
    return a
end
function append!(a::Vector{T}, items::AbstractVector) where {T}
    n = length(items)
    n0 = length(a)
    _growend!(a, n)
    i = n0
    for x in items
        i += 1
        @inbounds a[i] = x
    end
    return a
end
append!(a::Vector, iters...) = (for it in iters; append!(a, it); end; a)
function prepend!(a::Vector, items)
    its = collect(items)
    n = length(its)
    _growbeg!(a, n)
    for i in 1:n
        @inbounds a[i] = its[i]
    end
    return a
end
function pop!(a::Vector)
    isempty(a) && throw(ArgumentError("array must be non-empty"))
    item = a[end]
    _deleteend!(a, 1)
    return item
end
function popfirst!(a::Vector)
    isempty(a) && throw(ArgumentError("array must be non-empty"))
    item = a[1]
    _deletebeg!(a, 1)
    return item
end
function insert!(a::Vector{T}, i::Integer, item) where {T}
    1 <= i <= length(a) + 1 || throw(BoundsError(a, i))
    itemT = convert(T, item)
    _growat!(a, i, 1)
    a[i] = itemT
    return a
end
function deleteat!(a::Vector, i::Integer)
    1 <= i <= length(a) || throw(BoundsError(a, i))
    _deleteat!(a, i, 1)
    return a
end
function deleteat!(a::Vector, r::AbstractUnitRange{<:Integer})
    n = length(r)
    n == 0 && return a
    (first(r) >= 1 && last(r) <= length(a)) || throw(BoundsError(a, r))
    _deleteat!(a, first(r), n)
    return a
end
function deleteat!(a::Vector, inds)
    k = 0
    for i in sort!(unique(collect(inds)))
        deleteat!(a, i - k)
        k += 1
    end
    return a
end
function deleteat!(a::Vector, mask::AbstractVector{Bool})
    length(mask) == length(a) || throw(BoundsError(a, mask))
    j = 0
    for i in 1:length(a)
        if !mask[i]
            j += 1
            j != i && (a[j] = a[i])
        end
    end
    _deleteend!(a, length(a) - j)
    return a
end
function splice!(a::Vector, i::Integer, ins=_default_splice)
    v = a[i]
    m = length(ins)
    if m == 0
        deleteat!(a, i)
    elseif m == 1
        a[i] = first(ins)
    else
        deleteat!(a, i)
        k = i
        for x in ins
            insert!(a, k, x)
            k += 1
        end
    end
    return v
end
function splice!(a::Vector, r::AbstractUnitRange{<:Integer}, ins=_default_splice)
    v = a[r]
    deleteat!(a, r)
    k = first(r)
    for x in ins
        insert!(a, k, x)
        k += 1
    end
    return v
end
const _default_splice = ()
function resize!(a::Vector, n::Integer)
    l = length(a)
    if n > l
        _growend!(a, n - l)
    elseif n != l
        n < 0 && throw(ArgumentError("new length must be ≥ 0"))
        _deleteend!(a, l - n)
    end
    return a
end
function empty!(a::Vector)
    _deleteend!(a, length(a))
    return a
end
sizehint!(a::Vector, n::Integer) = (ccall(:jl_base_array_sizehint, Cvoid, (Any, UInt), a, n); a)
function filter!(f, a::AbstractVector)
    j = 0
    for i in 1:length(a)
        x = a[i]
        if f(x)
            j += 1
            a[j] = x
        end
    end
    resize!(a, j)
    return a
end
keepat!(a::Vector, inds) = (m = falses(length(a)); for i in inds; m[i] = true; end; deleteat!(a, map(!, m)))

# ---- collect -----------------------------------------------------------------------------------------------------------
collect(A::AbstractArray) = _collect_indexed(A)
function _collect_indexed(A::AbstractArray)
    B = Array{eltype(A)}(undef, size(A))
    i = 1
    for x in A
        B[i] = x
        i += 1
    end
    return B
end
collect(::Type{T}, itr) where {T} = _collect_typed(T, itr, IteratorSize(itr))
function _collect_typed(::Type{T}, itr, ::Union{HasLength,HasShape}) where {T}
    sz = _iter_size(itr)
    a = Array{T}(undef, sz)
    i = 1
    for x in itr
        a[i] = x
        i += 1
    end
    return a
end
function _collect_typed(::Type{T}, itr, ::Any) where {T}
    a = Vector{T}(undef, 0)
    for x in itr
        push!(a, x)
    end
    return a
end
_iter_size(itr) = _iter_size(itr, IteratorSize(itr))
_iter_size(itr, ::HasShape) = size(itr)
_iter_size(itr, ::HasLength) = (length(itr),)

collect(itr) = _collect(itr, IteratorEltype(itr), IteratorSize(itr))
function _collect(itr, ::HasEltype, isz::Union{HasLength,HasShape})
    return _collect_typed(eltype(itr), itr, isz)
end
function _collect(itr, ::HasEltype, isz)
    return _collect_typed(eltype(itr), itr, isz)
end
function _collect(itr, ::EltypeUnknown, isz::Union{HasLength,HasShape})
    sz = _iter_size(itr, isz)
    y = iterate(itr)
    if y === nothing
        return Array{_empty_eltype(itr)}(undef, sz)
    end
    v1, st = y
    dest = Array{typeof(v1)}(undef, sz)
    dest[1] = v1
    return _collect_to!(dest, itr, 2, st)
end
function _collect_to!(dest, itr, i, st)
    while true
        y = iterate(itr, st)
        y === nothing && return dest
        el, st = y
        T = eltype(dest)
        if el isa T
            @inbounds dest[i] = el
            i += 1
        else
            R = promote_typejoin(T, typeof(el))
            new = similar(dest, R)
            for k in 1:i-1
                new[k] = dest[k]
            end
            new[i] = el
            dest = new
            i += 1
        end
    end
end
function _collect(itr, ::EltypeUnknown, isz)
    y = iterate(itr)
    if y === nothing
        return Vector{_empty_eltype(itr)}(undef, 0)
    end
    v1, st = y
    dest = Vector{typeof(v1)}(undef, 1)
    dest[1] = v1
    while true
        y = iterate(itr, st)
        y === nothing && return dest
        el, st = y
        T = eltype(dest)
        if !(el isa T)
            R = promote_typejoin(T, typeof(el))
            new = Vector{R}(undef, length(dest))
            copyto!(new, dest)
            dest = new
        end
        push!(dest, el)
    end
end
_empty_eltype(itr) = Any
function _return_type(f, argtypes)
    return ccall(:jl_base_return_type, Any, (Any, Any), f, argtypes)
end

# ---- searching ------------------------------------------------------------------------------------------------------------
function findfirst(f::Function, A)
    for (i, x) in pairs(A)
        f(x) && return i
    end
    return nothing
end
findfirst(A::AbstractArray{Bool}) = findfirst(identity, A)
function findnext(f::Function, A, start::Integer)
    for i in start:lastindex(A)
        f(A[i]) && return i
    end
    return nothing
end
findnext(A::AbstractArray{Bool}, start::Integer) = findnext(identity, A, start)
function findlast(f::Function, A)
    for i in reverse(collect(keys(A)))
        f(A[i]) && return i
    end
    return nothing
end
findlast(A::AbstractArray{Bool}) = findlast(identity, A)
function findprev(f::Function, A, start::Integer)
    for i in start:-1:firstindex(A)
        f(A[i]) && return i
    end
    return nothing
end
function findall(f::Function, A)
    out = eltype(keys(A))[]
    for (i, x) in pairs(A)
        f(x) && push!(out, i)
    end
    return out
end
function findall(A::AbstractArray{Bool})
    out = Int[]
    for i in 1:length(A)
        A[i] && push!(out, i)
    end
    return out
end
findall(f::Function, A::AbstractArray) = (out = Int[]; for i in 1:length(A); f(A[i]) && push!(out, i); end; out)
findmax(A) = findmax(identity, A)
findmin(A) = findmin(identity, A)
function findmax(f, A)
    local best, bi
    first = true
    for (i, x) in pairs(A)
        v = f(x)
        if first || isless(best, v) || (isnan_any(v) && !isnan_any(best))
            best = v
            bi = i
            first = false
            isnan_any(v) && break
        end
    end
    first && throw(ArgumentError("collection must be non-empty"))
    return (best, bi)
end
function findmin(f, A)
    local best, bi
    first = true
    for (i, x) in pairs(A)
        v = f(x)
        if first || isless(v, best) || (isnan_any(v) && !isnan_any(best))
            best = v
            bi = i
            first = false
            isnan_any(v) && break
        end
    end
    first && throw(ArgumentError("collection must be non-empty"))
    return (best, bi)
end
isnan_any(x) = x isa AbstractFloat && isnan(x)
argmax(A) = findmax(A)[2]
argmin(A) = findmin(A)[2]
argmax(f, A) = (m = findmax(f, A)[2]; A[m])
argmin(f, A) = (m = findmin(f, A)[2]; A[m])

# ---- misc vector operations -----------------------------------------------------------------------------------------------
function unique(itr)
    out = Vector{eltype(itr)}()
    seen = Set{eltype(itr)}()
    for x in itr
        if !(x in seen)
            push!(seen, x)
            push!(out, x)
        end
    end
    return out
end
function unique(f, itr)
    out = Vector{eltype(itr)}()
    seen = Set()
    for x in itr
        y = f(x)
        if !(y in seen)
            push!(seen, y)
            push!(out, x)
        end
    end
    return out
end
function unique!(a::AbstractVector)
    u = unique(a)
    resize!(a, length(u))
    copyto!(a, u)
    return a
end
allunique(itr) = length(unique(itr)) == length(itr)
function allequal(itr)
    y = iterate(itr)
    y === nothing && return true
    x1 = y[1]
    for x in itr
        isequal(x, x1) || return false
    end
    return true
end

function circshift(a::AbstractVector, k::Integer)
    n = length(a)
    n == 0 && return copy(a)
    k = mod(k, n)
    b = similar(a)
    for i in 1:n
        b[mod(i - 1 + k, n) + 1] = a[i]
    end
    return b
end

function vcat(a::Vector{T}, b::Vector{T}) where {T}
    c = Vector{T}(undef, length(a) + length(b))
    copyto!(c, 1, a, 1, length(a))
    copyto!(c, length(a) + 1, b, 1, length(b))
    return c
end

function accumulate(op, v::AbstractVector; init=_no_init)
    out = Vector{Any}(undef, length(v))
    acc = init
    for i in 1:length(v)
        acc = (i == 1 && init === _no_init) ? v[i] : op(acc, v[i])
        out[i] = acc
    end
    return isempty(out) ? similar(v, 0) : collect_similar_eltype(out)
end
cumsum(v::AbstractVector) = accumulate(+, v)
cumprod(v::AbstractVector) = accumulate(*, v)
function collect_similar_eltype(out::Vector{Any})
    T = mapreduce(typeof, promote_typejoin, out)
    return copyto!(Vector{T}(undef, length(out)), out)
end
