# abstractarray.jl: generic AbstractArray functions (size, indexing, iteration, copying, comparison,
# reshaping, concatenation) and the iterator traits.

# ---- iterator traits ---------------------------------------------------------------------------------------
abstract type IteratorSize end
struct SizeUnknown <: IteratorSize end
struct HasLength <: IteratorSize end
struct HasShape{N} <: IteratorSize end
struct IsInfinite <: IteratorSize end
abstract type IteratorEltype end
struct EltypeUnknown <: IteratorEltype end
struct HasEltype <: IteratorEltype end

IteratorSize(x) = IteratorSize(typeof(x))
IteratorSize(::Type) = HasLength()
IteratorSize(::Type{Union{}}) = HasLength()
IteratorSize(::Type{<:AbstractArray{T,N}}) where {T,N} = HasShape{N}()
IteratorSize(::Type{<:Tuple}) = HasLength()
IteratorSize(::Type{<:Number}) = HasShape{0}()
IteratorSize(::Type{<:AbstractString}) = SizeUnknown()
IteratorSize(::Type{<:AbstractChar}) = HasShape{0}()
IteratorEltype(x) = IteratorEltype(typeof(x))
IteratorEltype(::Type) = HasEltype()

eltype(::Type) = Any
eltype(::Type{Bottom}) = throw(ArgumentError("Union{} does not have elements"))
eltype(x) = eltype(typeof(x))
eltype(::Type{<:AbstractArray{E}}) where {E} = E
eltype(::Type{<:AbstractDict{K,V}}) where {K,V} = Pair{K,V}
eltype(::Type{<:AbstractSet{T}}) where {T} = T

_prod1(t) = (p = 1; for x in t; p *= x; end; p)

# ---- size and axes ---------------------------------------------------------------------------------------------------
ndims(::AbstractArray{T,N}) where {T,N} = N
ndims(::Type{<:AbstractArray{T,N}}) where {T,N} = N
length(A::AbstractArray) = prod(size(A))
size(A::AbstractArray, d::Integer) = d <= ndims(A) ? size(A)[d] : 1
axes(A::AbstractArray) = map(OneTo, size(A))
axes(A::AbstractArray, d::Integer) = d <= ndims(A) ? axes(A)[d] : OneTo(1)
axes1(A::AbstractArray) = axes(A, 1)
isempty(A::AbstractArray) = length(A) == 0
firstindex(A::AbstractArray) = 1
lastindex(A::AbstractArray) = length(A)
firstindex(A::AbstractArray, d) = 1
lastindex(A::AbstractArray, d) = size(A, d)
eachindex(A::AbstractArray) = OneTo(length(A))
eachindex(A::AbstractArray, B::AbstractArray...) = OneTo(length(A))
keys(A::AbstractArray) = ndims(A) == 1 ? OneTo(length(A)) : CartesianIndices(size(A))
LinearIndices(A::AbstractArray) = reshape(OneTo(length(A)), size(A))
checkbounds(::Type{Bool}, A::AbstractArray, i::Integer) = 1 <= i <= length(A)
function checkbounds(::Type{Bool}, A::AbstractArray, I...)
    n = length(I)
    for d in 1:n
        idx = I[d]
        sz = d == n ? _prod1(size(A)[d:end]) : size(A, d)
        if idx isa Colon
            continue
        elseif idx isa Integer
            1 <= idx <= sz || return false
        elseif idx isa AbstractArray{Bool}
            length(idx) == sz || return false
        else
            for j in idx
                1 <= j <= sz || return false
            end
        end
    end
    return true
end
checkbounds(A::AbstractArray, I...) = checkbounds(Bool, A, I...) ? nothing : throw(BoundsError(A, I))
checkindex(::Type{Bool}, inds, i::Integer) = first(inds) <= i <= last(inds)
checkindex(::Type{Bool}, inds, r) = all(i -> checkindex(Bool, inds, i), r)

# ---- iteration --------------------------------------------------------------------------------------------------------
function iterate(A::AbstractArray, i::Int=1)
    i > length(A) && return nothing
    return (A[i], i + 1)
end

# ---- indexing ---------------------------------------------------------------------------------------------------------
getindex(A::AbstractArray, i::Integer) = A[Int(i)]
function getindex(A::AbstractArray, i::Int)
    throw(MethodError(getindex, (A, i)))
end
# general multidimensional / non-scalar indexing
function _check_index(i)
    (i isa Integer || i isa Colon || i isa AbstractArray || i isa CartesianIndex) && return nothing
    throw(ArgumentError(string("invalid index: ", repr(i), " of type ", typeof(i))))
end
function getindex(A::AbstractArray, I...)
    for i in I
        _check_index(i)
    end
    if _all_scalar(I)
        return _getindex_scalar(A, I)
    end
    return _getindex_nonscalar(A, I)
end
_all_scalar(I::Tuple) = all(i -> i isa Integer, I)
function _getindex_scalar(A::AbstractArray, I::Tuple)
    checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
    return A[_linear_index(A, I)]
end
function _linear_index(A::AbstractArray, I::Tuple)
    sz = size(A)
    idx = 0
    stride = 1
    n = length(I)
    for d in 1:n
        idx += (Int(I[d]) - 1) * stride
        d <= length(sz) && (stride *= sz[d])
    end
    return idx + 1
end
function _to_index_vectors(A::AbstractArray, I::Tuple)
    n = length(I)
    out = Any[]
    for d in 1:n
        sz = d == n ? _prod1(size(A)[d:end]) : size(A, d)
        idx = I[d]
        if idx isa Colon
            push!(out, OneTo(sz))
        elseif idx isa AbstractArray{Bool}
            push!(out, findall(idx))
        elseif idx isa CartesianIndex
            for j in idx.I
                push!(out, j)
            end
        else
            push!(out, idx)
        end
    end
    return out
end
function _getindex_nonscalar(A::AbstractArray, I::Tuple)
    if length(I) == 1 && I[1] isa AbstractArray{Bool} && size(I[1]) == size(A) && ndims(A) > 1
        return A[vec(I[1])]
    end
    checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
    idxs = _to_index_vectors(A, I)
    if length(idxs) == 1
        ix = idxs[1]
        B = similar(A, eltype(A), ix isa AbstractArray ? size(ix) : ())
        k = 1
        for i in ix
            B[k] = A[i]
            k += 1
        end
        return B
    end
    dims = Int[]
    for ix in idxs
        ix isa Integer || push!(dims, length(ix))
    end
    B = similar(A, eltype(A), (dims...,))
    k = 1
    for J in _product_indices(idxs)
        B[k] = A[_linear_index(A, J)]
        k += 1
    end
    return B
end
# iterate over the cartesian product of index lists (first index fastest), yielding tuples
function _product_indices(idxs)
    lists = map(ix -> ix isa Integer ? [ix] : collect(ix), idxs)
    n = length(lists)
    out = Any[]
    total = 1
    for l in lists
        total *= length(l)
    end
    total == 0 && return out
    pos = ones(Int, n)
    for _ in 1:total
        push!(out, ntuple(d -> lists[d][pos[d]], n))
        d = 1
        while d <= n
            pos[d] += 1
            if pos[d] <= length(lists[d])
                break
            end
            pos[d] = 1
            d += 1
        end
    end
    return out
end

setindex!(A::AbstractArray, v, i::Integer) = (A[Int(i)] = v)
function setindex!(A::AbstractArray, v, I...)
    for i in I
        _check_index(i)
    end
    if _all_scalar(I)
        checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
        A[_linear_index(A, I)] = v
        return A
    end
    checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
    idxs = _to_index_vectors(A, I)
    if length(idxs) == 1
        ix = idxs[1]
        if v isa AbstractArray
            length(v) == length(ix) || throw(DimensionMismatch(string("tried to assign ", length(v), " elements to ", length(ix), " destinations")))
            k = 1
            for x in v
                A[ix[k]] = x
                k += 1
            end
        else
            for i in ix
                A[i] = v
            end
        end
        return A
    end
    Js = _product_indices(idxs)
    if v isa AbstractArray
        length(v) == length(Js) || throw(DimensionMismatch(string("tried to assign ", length(v), " elements to ", length(Js), " destinations")))
        k = 1
        for x in v
            A[_linear_index(A, Js[k])] = x
            k += 1
        end
    else
        for J in Js
            A[_linear_index(A, J)] = v
        end
    end
    return A
end

isassigned(A::AbstractArray, i::Integer...) = checkbounds(Bool, A, i...)

# ---- similar / copy --------------------------------------------------------------------------------------------------
similar(A::AbstractArray) = similar(A, eltype(A), size(A))
similar(A::AbstractArray, ::Type{T}) where {T} = similar(A, T, size(A))
similar(A::AbstractArray, dims::Tuple) = similar(A, eltype(A), dims)
similar(A::AbstractArray, dims::Integer...) = similar(A, eltype(A), dims)
similar(A::AbstractArray, ::Type{T}, dims::Integer...) where {T} = similar(A, T, dims)
similar(A::AbstractArray, ::Type{T}, dims::Tuple) where {T} = Array{T}(undef, map(Int, dims))
similar(::Type{<:AbstractArray{T}}, dims::Tuple) where {T} = Array{T}(undef, map(Int, dims))
similar(::Type{T}, dims::Tuple) where {T<:Array} = Array{eltype(T)}(undef, map(Int, dims))

function copyto!(dest::AbstractArray, src)
    i = 0
    n = length(dest)
    for x in src
        i += 1
        i > n && throw(ArgumentError(string("destination has fewer elements than required")))
        dest[i] = x
    end
    return dest
end
function copyto!(dest::AbstractArray, doffs::Integer, src::AbstractArray, soffs::Integer, n::Integer)
    n == 0 && return dest
    n < 0 && throw(ArgumentError(string("tried to copy n=", n, " elements, but n should be nonnegative")))
    (1 <= doffs && doffs + n - 1 <= length(dest)) || throw(BoundsError(dest, doffs:doffs+n-1))
    (1 <= soffs && soffs + n - 1 <= length(src)) || throw(BoundsError(src, soffs:soffs+n-1))
    if dest === src && doffs > soffs
        for i in n-1:-1:0
            dest[doffs + i] = src[soffs + i]
        end
    else
        for i in 0:n-1
            dest[doffs + i] = src[soffs + i]
        end
    end
    return dest
end
copy(A::AbstractArray) = copyto!(similar(A), A)
copymutable(A::AbstractArray) = copy(A)
copymutable(itr) = collect(itr)

function fill!(A::AbstractArray, x)
    for i in 1:length(A)
        A[i] = x
    end
    return A
end

# ---- comparison / hashing --------------------------------------------------------------------------------------------
function ==(A::AbstractArray, B::AbstractArray)
    size(A) == size(B) || return false
    anymissing = false
    for i in 1:length(A)
        eq = A[i] == B[i]
        if eq === missing
            anymissing = true
        elseif !eq
            return false
        end
    end
    return anymissing ? missing : true
end
function isequal(A::AbstractArray, B::AbstractArray)
    size(A) == size(B) || return false
    for i in 1:length(A)
        isequal(A[i], B[i]) || return false
    end
    return true
end
function hash(A::AbstractArray, h::UInt)
    h = hash(size(A), h + 0x7e2d6fb6448beb77)
    for x in A
        h = hash(x, h)
    end
    return h
end
function isless(A::AbstractVector, B::AbstractVector)
    for i in 1:min(length(A), length(B))
        a = A[i]
        b = B[i]
        isequal(a, b) || return isless(a, b)
    end
    return length(A) < length(B)
end
cmp(A::AbstractVector, B::AbstractVector) = isless(A, B) ? -1 : isless(B, A) ? 1 : 0

# ---- reshape / vec ----------------------------------------------------------------------------------------------------------
vec(A::AbstractArray) = reshape(A, length(A))
vec(A::AbstractVector) = A
reshape(A::AbstractArray, dims::Integer...) = reshape(A, map(Int, dims))
reshape(A::AbstractArray, dims::Tuple{Vararg{Union{Integer,Colon}}}) = reshape(A, _reshape_colon(length(A), dims))
function _reshape_colon(n, dims)
    known = 1
    for d in dims
        d isa Colon || (known *= d)
    end
    return map(d -> d isa Colon ? div(n, known) : Int(d), dims)
end
function reshape(A::AbstractArray, dims::Tuple{Vararg{Int}})
    _prod1(dims) == length(A) || throw(DimensionMismatch(string("new dimensions ", dims, " must be consistent with array size ", length(A))))
    B = Array{eltype(A)}(undef, dims)
    i = 1
    for x in A
        B[i] = x
        i += 1
    end
    return B
end

# ---- conversions -------------------------------------------------------------------------------------------------------------
convert(::Type{T}, a::AbstractArray) where {T<:Array} = a isa T ? a : T(a)
convert(::Type{T}, a::T) where {T<:AbstractArray} = a
(::Type{Array{T,N}})(A::AbstractArray{S,N}) where {T,N,S} = copyto!(Array{T,N}(undef, size(A)), A)
(::Type{Array{T}})(A::AbstractArray{S,N}) where {T,N,S} = copyto!(Array{T,N}(undef, size(A)), A)
(::Type{Array})(A::AbstractArray{T,N}) where {T,N} = copyto!(Array{T,N}(undef, size(A)), A)
(::Type{Vector})(A::AbstractVector{T}) where {T} = copyto!(Vector{T}(undef, length(A)), A)
(::Type{Vector{T}})(itr) where {T} = collect(T, itr)
(::Type{Vector})(itr) = collect(itr)
AbstractArray{T}(A::AbstractArray{T}) where {T} = A
AbstractArray{T}(A::AbstractArray) where {T} = copyto!(similar(A, T), A)
AbstractVector{T}(A::AbstractVector) where {T} = copyto!(similar(A, T), A)

# ---- misc -----------------------------------------------------------------------------------------------------------------------
function first(A::AbstractArray)
    isempty(A) && throw(BoundsError(A, (1,)))
    return A[1]
end
function last(A::AbstractArray)
    isempty(A) && throw(BoundsError(A, (0,)))
    return A[end]
end
first(itr, n::Integer) = collect(Iterators.take(itr, n))
last(A::AbstractVector, n::Integer) = A[max(1, end - n + 1):end]
function first(itr)
    x = iterate(itr)
    x === nothing && throw(ArgumentError("collection must be non-empty"))
    return x[1]
end

function reverse(A::AbstractVector, start::Integer=1, stop::Integer=length(A))
    B = similar(A)
    n = length(A)
    for i in 1:n
        B[i] = A[i]
    end
    for i in start:stop
        B[i] = A[stop + start - i]
    end
    return B
end
function reverse!(A::AbstractVector, start::Integer=1, stop::Integer=length(A))
    i = start
    j = stop
    while i < j
        A[i], A[j] = A[j], A[i]
        i += 1
        j -= 1
    end
    return A
end
function reverse(A::AbstractArray; dims=:)
    if dims isa Colon
        B = similar(A)
        n = length(A)
        for i in 1:n
            B[i] = A[n + 1 - i]
        end
        return B
    end
    throw(ArgumentError("reverse with dims is not supported"))
end

function permutedims(A::AbstractMatrix)
    m, n = size(A)
    B = similar(A, eltype(A), (n, m))
    for j in 1:n, i in 1:m
        B[j, i] = A[i, j]
    end
    return B
end
permutedims(v::AbstractVector) = reshape(v, 1, length(v))
transpose(A::AbstractMatrix) = permutedims(A)
adjoint(A::AbstractMatrix) = permutedims(map(adjoint, A))
transpose(v::AbstractVector) = reshape(copy(v), 1, length(v))
adjoint(v::AbstractVector) = reshape(map(adjoint, v), 1, length(v))

# ---- concatenation -------------------------------------------------------------------------------------------------------------
vcat() = Vector{Any}()
hcat() = Vector{Any}()
_cat_eltype(xs) = isempty(xs) ? Any : mapreduce(x -> x isa AbstractArray ? eltype(x) : typeof(x), promote_type, xs)
function vcat(xs...)
    T = _cat_eltype(xs)
    return typed_vcat(T, xs...)
end
function hcat(xs...)
    T = _cat_eltype(xs)
    return typed_hcat(T, xs...)
end
function typed_vcat(::Type{T}, xs...) where {T}
    # all vectors/scalars -> vector; otherwise matrices stacked by rows
    if all(x -> !(x isa AbstractArray) || ndims(x) == 1, xs)
        n = 0
        for x in xs
            n += x isa AbstractArray ? length(x) : 1
        end
        out = Vector{T}(undef, n)
        k = 1
        for x in xs
            if x isa AbstractArray
                for e in x
                    out[k] = e
                    k += 1
                end
            else
                out[k] = x
                k += 1
            end
        end
        return out
    end
    ncols = 0
    nrows = 0
    for x in xs
        c = x isa AbstractArray ? size(x, 2) : 1
        r = x isa AbstractArray ? size(x, 1) : 1
        ncols == 0 && (ncols = c)
        c == ncols || throw(DimensionMismatch("vertical dimensions mismatch"))
        nrows += r
    end
    out = Matrix{T}(undef, nrows, ncols)
    r0 = 0
    for x in xs
        r = x isa AbstractArray ? size(x, 1) : 1
        for j in 1:ncols, i in 1:r
            out[r0 + i, j] = x isa AbstractArray ? x[i, j] : x
        end
        r0 += r
    end
    return out
end
function typed_hcat(::Type{T}, xs...) where {T}
    nrows = -1
    ncols = 0
    for x in xs
        r = x isa AbstractArray ? size(x, 1) : 1
        c = x isa AbstractArray ? (ndims(x) == 1 ? 1 : size(x, 2)) : 1
        nrows == -1 && (nrows = r)
        r == nrows || throw(DimensionMismatch("horizontal dimensions mismatch"))
        ncols += c
    end
    nrows == -1 && (nrows = 0)
    out = Matrix{T}(undef, nrows, ncols)
    c0 = 0
    for x in xs
        if x isa AbstractArray
            c = ndims(x) == 1 ? 1 : size(x, 2)
            for j in 1:c, i in 1:nrows
                out[i, c0 + j] = ndims(x) == 1 ? x[i] : x[i, j]
            end
            c0 += c
        else
            out[1, c0 + 1] = x
            c0 += 1
        end
    end
    return out
end
function hvcat(rows::Tuple{Vararg{Int}}, xs...)
    T = _cat_eltype(xs)
    return typed_hvcat(T, rows, xs...)
end
function typed_hvcat(::Type{T}, rows::Tuple{Vararg{Int}}, xs...) where {T}
    k = 0
    blocks = Any[]
    for r in rows
        push!(blocks, typed_hcat(T, xs[k+1:k+r]...))
        k += r
    end
    return typed_vcat(T, blocks...)
end
hvcat(rows::Int, xs...) = hvcat(ntuple(i -> rows, div(length(xs), rows)), xs...)
cat(xs...; dims) = dims == 1 ? vcat(xs...) : dims == 2 ? hcat(xs...) : throw(ArgumentError("cat: unsupported dims"))
stack(itr) = reduce(hcat, collect(itr))

# ---- CartesianIndex (minimal) ------------------------------------------------------------------------------------------------------
struct CartesianIndex{N}
    I::NTuple{N,Int}
end
CartesianIndex(I::Int...) = CartesianIndex(I)
getindex(c::CartesianIndex, i::Int) = c.I[i]
length(c::CartesianIndex) = length(c.I)
Tuple(c::CartesianIndex) = c.I
getindex(A::AbstractArray, c::CartesianIndex) = A[c.I...]
setindex!(A::AbstractArray, v, c::CartesianIndex) = (A[c.I...] = v)
struct CartesianIndices{N} <: AbstractArray{CartesianIndex{N},N}
    dims::NTuple{N,Int}
end
CartesianIndices(A::AbstractArray) = CartesianIndices(size(A))
size(c::CartesianIndices) = c.dims
function getindex(c::CartesianIndices{N}, i::Int) where {N}
    i -= 1
    out = Int[]
    for d in c.dims
        push!(out, rem(i, d) + 1)
        i = div(i, d)
    end
    return CartesianIndex{N}((out...,))
end
