# broadcast.jl: dot-call broadcasting (lowering emits broadcasted/materialize/materialize!), views
# (SubArray, used by `a[i] .= x`), matrix products and a small random number generator.

struct Broadcasted{F,Args<:Tuple}
    f::F
    args::Args
end
broadcasted(f, args...) = Broadcasted(f, args)
# ranges stay ranges under affine operations, as in Julia
broadcasted(::typeof(+), r::AbstractRange, x::Real) = r + x
broadcasted(::typeof(+), x::Real, r::AbstractRange) = r + x
broadcasted(::typeof(-), r::AbstractRange, x::Real) = r - x
broadcasted(::typeof(*), x::Real, r::AbstractRange) = x * r
broadcasted(::typeof(*), r::AbstractRange, x::Real) = x * r
broadcasted(::typeof(-), r::AbstractRange) = -r
materialize(x) = x
materialize(bc::Broadcasted) = _bc_copy(bc)
materialize!(dest, x) = materialize!(dest, Broadcasted(identity, (x,)))
function materialize!(dest, bc::Broadcasted)
    shp = _bc_shape(bc)
    dshape = size(dest)
    # the source must be broadcastable to the destination's shape
    _bc_check_dest(dshape, shp)
    n = length(dest)
    for k in 1:n
        dest[k] = _bc_eval(bc, _bc_cart(dshape, k))
    end
    return dest
end
function _bc_check_dest(dshape, shp)
    for d in 1:length(shp)
        s = shp[d]
        ds = d <= length(dshape) ? dshape[d] : 1
        (s == 1 || s == ds) || throw(DimensionMismatch(string("array could not be broadcast to match destination")))
    end
end
broadcast(f, args...) = materialize(broadcasted(f, args...))
broadcast!(f, dest, args...) = materialize!(dest, broadcasted(f, args...))
dotview(A, I...) = view(A, I...)
broadcastable(x) = x

# shape: () for scalars, size for arrays, (n,) for tuples
_bc_isscalar(x) = !(x isa AbstractArray || x isa Tuple || x isa Broadcasted)
_bc_axes(x::AbstractArray) = size(x)
_bc_axes(x::Tuple) = (length(x),)
_bc_axes(x::Broadcasted) = _bc_shape(x)
_bc_axes(x) = ()
function _bc_shape(bc::Broadcasted)
    shp = ()
    for a in bc.args
        shp = _bc_combine(shp, _bc_axes(a))
    end
    return shp
end
function _bc_combine(a::Tuple, b::Tuple)
    n = max(length(a), length(b))
    n == 0 && return ()
    out = Vector{Int}(undef, n)
    for d in 1:n
        x = d <= length(a) ? a[d] : 1
        y = d <= length(b) ? b[d] : 1
        if x == y
            out[d] = x
        elseif x == 1
            out[d] = y
        elseif y == 1
            out[d] = x
        else
            throw(DimensionMismatch(string("arrays could not be broadcast to a common size; got a dimension with lengths ", x, " and ", y)))
        end
    end
    return (out...,)
end
function _bc_cart(shp::Tuple, k::Int)
    n = length(shp)
    n == 0 && return ()
    n == 1 && return (k,)
    k -= 1
    out = Vector{Int}(undef, n)
    for d in 1:n
        out[d] = rem(k, shp[d]) + 1
        k = div(k, shp[d])
    end
    return (out...,)
end
function _bc_getindex(x, I::Tuple)
    if x isa AbstractArray
        sz = size(x)
        nd = length(sz)
        lin = 0
        stride = 1
        for d in 1:nd
            i = d <= length(I) ? (sz[d] == 1 ? 1 : I[d]) : 1
            lin += (i - 1) * stride
            stride *= sz[d]
        end
        return x[lin + 1]
    elseif x isa Tuple
        return length(x) == 1 ? x[1] : x[I[1]]
    elseif x isa Broadcasted
        return _bc_eval(x, I)
    elseif x isa Ref
        return x[]
    else
        return x
    end
end
function _bc_eval(bc::Broadcasted, I::Tuple)
    args = bc.args
    n = length(args)
    n == 0 && return bc.f()
    n == 1 && return bc.f(_bc_getindex(args[1], I))
    n == 2 && return bc.f(_bc_getindex(args[1], I), _bc_getindex(args[2], I))
    n == 3 && return bc.f(_bc_getindex(args[1], I), _bc_getindex(args[2], I), _bc_getindex(args[3], I))
    vals = Vector{Any}(undef, n)
    for i in 1:n
        vals[i] = _bc_getindex(args[i], I)
    end
    return bc.f(vals...)
end
function _bc_alltuples(bc::Broadcasted)
    anytuple = false
    for a in bc.args
        if a isa AbstractArray
            return false
        elseif a isa Broadcasted
            _bc_alltuples(a) || return false
            anytuple = true
        elseif a isa Tuple
            anytuple = true
        end
    end
    return anytuple
end
function _bc_copy(bc::Broadcasted)
    shp = _bc_shape(bc)
    if length(shp) == 0
        return _bc_eval(bc, ())
    end
    n = 1
    for s in shp
        n *= s
    end
    if _bc_alltuples(bc)
        return ntuple(k -> _bc_eval(bc, (k,)), n)
    end
    if n == 0
        T = _bc_eltype_guess(bc)
        return Array{T}(undef, shp)
    end
    v1 = _bc_eval(bc, _bc_cart(shp, 1))
    dest = Array{typeof(v1)}(undef, shp)
    dest[1] = v1
    for k in 2:n
        v = _bc_eval(bc, _bc_cart(shp, k))
        if !(v isa eltype(dest))
            R = promote_typejoin(eltype(dest), typeof(v))
            nd = Array{R}(undef, shp)
            for j in 1:k-1
                nd[j] = dest[j]
            end
            dest = nd
        end
        dest[k] = v
    end
    return dest
end
function _bc_eltype_guess(bc::Broadcasted)
    ts = Any[]
    for a in bc.args
        push!(ts, a isa AbstractArray ? eltype(a) : a isa Broadcasted ? _bc_eltype_guess(a) : typeof(a))
    end
    T = _return_type(bc.f, Core.apply_type(Tuple, ts...))
    return T === Union{} ? Any : T
end

struct RefValue{T} <: Ref{T}
    x::T
end
Ref(x) = RefValue(x)
Ref{T}(x) where {T} = RefValue{T}(x)
getindex(r::RefValue) = r.x
_bc_axes(r::Ref) = ()
length(r::Ref) = 1
iterate(r::Ref, done=false) = done ? nothing : (r[], true)

# ---- views ---------------------------------------------------------------------------------------------------------
struct SubArray{T,N,P,I} <: AbstractArray{T,N}
    parent::P
    indices::I
    dims::NTuple{N,Int}
end
function view(A::AbstractArray, I...)
    checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
    idxs = _to_index_vectors(A, I)
    dims = Int[]
    for ix in idxs
        ix isa Integer || push!(dims, length(ix))
    end
    N = length(dims)
    return SubArray{eltype(A),N,typeof(A),typeof((idxs...,))}(A, (idxs...,), (dims...,))
end
size(S::SubArray) = S.dims
parent(S::SubArray) = S.parent
parentindices(S::SubArray) = S.indices
function _sub_parent_index(S::SubArray, k::Int)
    idxs = S.indices
    J = Vector{Int}(undef, length(idxs))
    r = k - 1
    for d in 1:length(idxs)
        ix = idxs[d]
        if ix isa Integer
            J[d] = ix
        else
            l = length(ix)
            J[d] = ix[rem(r, l) + 1]
            r = div(r, l)
        end
    end
    return _linear_index(S.parent, (J...,))
end
getindex(S::SubArray, k::Int) = (checkbounds(Bool, S, k) || throw(BoundsError(S, k)); S.parent[_sub_parent_index(S, k)])
setindex!(S::SubArray, v, k::Int) = (checkbounds(Bool, S, k) || throw(BoundsError(S, k)); S.parent[_sub_parent_index(S, k)] = v)
similar(S::SubArray, ::Type{T}, dims::Tuple) where {T} = Array{T}(undef, map(Int, dims))
macro view(ex)
    if ex isa Expr && ex.head === :ref
        return esc(Expr(:call, :view, ex.args...))
    end
    return esc(ex)
end
macro views(ex)
    return esc(ex)
end
macro __dot__(ex)
    return esc(_dotify(ex))
end
function _dotify(ex)
    if ex isa Expr
        if ex.head === :call && ex.args[1] isa Symbol
            f = ex.args[1]
            args = map(_dotify, ex.args[2:end])
            if operator_precedence(f) > 0 && length(args) == 2
                return Expr(:call, Symbol(".", f), args...)
            end
            return Expr(:., f, Expr(:tuple, args...))
        elseif ex.head === :(=)
            return Expr(:.=, ex.args[1], _dotify(ex.args[2]))
        else
            return Expr(ex.head, map(_dotify, ex.args)...)
        end
    end
    return ex
end

# ---- matrix products --------------------------------------------------------------------------------------------------
function *(A::AbstractMatrix, B::AbstractMatrix)
    m, k = size(A)
    k2, n = size(B)
    k == k2 || throw(DimensionMismatch(string("matrix A has dimensions (", m, ",", k, "), matrix B has dimensions (", k2, ",", n, ")")))
    T = promote_type(eltype(A), eltype(B))
    C = Matrix{T}(undef, m, n)
    for j in 1:n, i in 1:m
        s = zero(T)
        for l in 1:k
            s += A[i, l] * B[l, j]
        end
        C[i, j] = s
    end
    return C
end
function *(A::AbstractMatrix, x::AbstractVector)
    m, k = size(A)
    length(x) == k || throw(DimensionMismatch(string("second dimension of A, ", k, ", does not match length of x, ", length(x))))
    T = promote_type(eltype(A), eltype(x))
    y = Vector{T}(undef, m)
    for i in 1:m
        s = zero(T)
        for l in 1:k
            s += A[i, l] * x[l]
        end
        y[i] = s
    end
    return y
end
*(x::Number, A::AbstractArray) = map(a -> x * a, A)
*(A::AbstractArray, x::Number) = map(a -> a * x, A)
/(A::AbstractArray, x::Number) = map(a -> a / x, A)
function +(A::AbstractArray, B::AbstractArray)
    size(A) == size(B) || throw(DimensionMismatch(string("dimensions must match: a has dims ", axes(A), ", b has dims ", axes(B))))
    return map(+, A, B)
end
function -(A::AbstractArray, B::AbstractArray)
    size(A) == size(B) || throw(DimensionMismatch(string("dimensions must match: a has dims ", axes(A), ", b has dims ", axes(B))))
    return map(-, A, B)
end
-(A::AbstractArray) = map(-, A)
function dot(x::AbstractVector, y::AbstractVector)
    s = zero(promote_type(eltype(x), eltype(y)))
    for i in 1:length(x)
        s += x[i] * y[i]
    end
    return s
end

# ---- map over arrays ------------------------------------------------------------------------------------------------------
function map(f, A::AbstractArray)
    n = length(A)
    if n == 0
        T = _return_type(f, Tuple{eltype(A)})
        return Array{T === Union{} ? Any : T}(undef, size(A))
    end
    v1 = f(A[1])
    dest = Array{typeof(v1)}(undef, size(A))
    dest[1] = v1
    for k in 2:n
        v = f(A[k])
        if !(v isa eltype(dest))
            R = promote_typejoin(eltype(dest), typeof(v))
            nd = Array{R}(undef, size(A))
            for j in 1:k-1
                nd[j] = dest[j]
            end
            dest = nd
        end
        dest[k] = v
    end
    return dest
end
function map(f, A::AbstractArray, B::AbstractArray, Cs::AbstractArray...)
    return collect(Generator((args) -> f(args...), zip(A, B, Cs...)))
end
map(f, itr) = collect(Generator(f, itr))
map(f, a, b, cs...) = collect(Generator(args -> f(args...), zip(a, b, cs...)))
function map!(f, dest::AbstractArray, src::AbstractArray)
    for i in 1:length(src)
        dest[i] = f(src[i])
    end
    return dest
end
function map!(f, dest::AbstractArray, a::AbstractArray, b::AbstractArray)
    for i in 1:length(a)
        dest[i] = f(a[i], b[i])
    end
    return dest
end
foreach(f, itr) = (for x in itr; f(x); end; nothing)
foreach(f, a, b, cs...) = (for t in zip(a, b, cs...); f(t...); end; nothing)
function filter(f, a::AbstractArray)
    out = similar(a, eltype(a), (0,))
    for x in a
        f(x) && push!(out, x)
    end
    return out
end
filter(f, t::Tuple) = (filter(f, collect(t))...,)
function mapslices(f, A::AbstractMatrix; dims)
    if dims == 1
        cols = [f(A[:, j]) for j in 1:size(A, 2)]
        return reshape(vcat(cols...), :, size(A, 2))
    else
        rows = [f(A[i, :]) for i in 1:size(A, 1)]
        return permutedims(reshape(vcat(rows...), :, size(A, 1)))
    end
end

# ---- random numbers (xoshiro256**) -------------------------------------------------------------------------------------------
mutable struct _Xoshiro
    s0::UInt64
    s1::UInt64
    s2::UInt64
    s3::UInt64
end
const _GLOBAL_RNG = _Xoshiro(0x0123456789abcdef, 0xfedcba9876543210, 0x0f1e2d3c4b5a6978, 0x8796a5b4c3d2e1f0)
_rotl(x::UInt64, k::Int) = (x << k) | (x >> (64 - k))
function _rand_u64(r::_Xoshiro)
    result = _rotl(r.s1 * 5, 7) * 9
    t = r.s1 << 17
    r.s2 ⊻= r.s0
    r.s3 ⊻= r.s1
    r.s1 ⊻= r.s2
    r.s0 ⊻= r.s3
    r.s2 ⊻= t
    r.s3 = _rotl(r.s3, 45)
    return result
end
function seed!(seed::Integer=rem(time_ns(), Int))
    s = UInt64(rem(seed, UInt64))
    r = _GLOBAL_RNG
    for k in 1:4
        s += 0x9e3779b97f4a7c15
        z = s
        z = (z ⊻ (z >> 30)) * 0xbf58476d1ce4e5b9
        z = (z ⊻ (z >> 27)) * 0x94d049bb133111eb
        z = z ⊻ (z >> 31)
        k == 1 ? (r.s0 = z) : k == 2 ? (r.s1 = z) : k == 3 ? (r.s2 = z) : (r.s3 = z)
    end
    return nothing
end
rand() = Float64(_rand_u64(_GLOBAL_RNG) >> 11) * 1.1102230246251565e-16
rand(::Type{Float64}) = rand()
rand(::Type{Float32}) = Float32(rand())
rand(::Type{T}) where {T<:BitInteger} = rem(_rand_u64(_GLOBAL_RNG), T)
rand(::Type{Bool}) = isodd(_rand_u64(_GLOBAL_RNG))
function rand(r::AbstractUnitRange{<:Integer})
    n = length(r)
    n == 0 && throw(ArgumentError("collection must be non-empty"))
    return first(r) + Int(rem(_rand_u64(_GLOBAL_RNG), UInt64(n)))
end
rand(a::AbstractArray) = a[rand(1:length(a))]
rand(t::Tuple) = t[rand(1:length(t))]
rand(dims::Integer...) = rand(Float64, dims...)
function rand(::Type{T}, dims::Integer...) where {T}
    A = Array{T}(undef, map(Int, dims))
    for i in 1:length(A)
        A[i] = rand(T)
    end
    return A
end
function rand(r::AbstractArray, dims::Integer...)
    A = Array{eltype(r)}(undef, map(Int, dims))
    for i in 1:length(A)
        A[i] = rand(r)
    end
    return A
end
randn() = sqrt(-2.0 * log(1.0 - rand())) * cos(2.0 * 3.141592653589793 * rand())
randn(dims::Integer...) = (A = Array{Float64}(undef, map(Int, dims)); for i in 1:length(A); A[i] = randn(); end; A)
function shuffle!(a::AbstractVector)
    for i in length(a):-1:2
        j = rand(1:i)
        a[i], a[j] = a[j], a[i]
    end
    return a
end
shuffle(a::AbstractVector) = shuffle!(copy(a))
randperm(n::Integer) = shuffle!(collect(1:n))
