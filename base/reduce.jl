# reduce.jl: reductions over iterables (reduce, foldl, mapreduce, sum, prod, maximum, minimum,
# extrema, any, all, count) and generic membership/length for iterators.

struct _NoInit end
const _no_init = _NoInit()

function mapfoldl(f, op, itr; init=_no_init)
    y = iterate(itr)
    if y === nothing
        init === _no_init && return reduce_empty(op, _empty_reduce_eltype(itr))
        return init
    end
    acc = init === _no_init ? f(y[1]) : op(init, f(y[1]))
    y = iterate(itr, y[2])
    while y !== nothing
        acc = op(acc, f(y[1]))
        y = iterate(itr, y[2])
    end
    return acc
end
_empty_reduce_eltype(itr) = IteratorEltype(itr) isa HasEltype ? eltype(itr) : Any
function mapfoldr(f, op, itr; init=_no_init)
    v = collect(itr)
    n = length(v)
    if n == 0
        init === _no_init && return reduce_empty(op, eltype(v))
        return init
    end
    acc = init === _no_init ? f(v[n]) : op(f(v[n]), init)
    for i in n-1:-1:1
        acc = op(f(v[i]), acc)
    end
    return acc
end
foldl(op, itr; kw...) = mapfoldl(identity, op, itr; kw...)
foldr(op, itr; kw...) = mapfoldr(identity, op, itr; kw...)
mapreduce(f, op, itr; kw...) = mapfoldl(f, op, itr; kw...)
mapreduce(f, op, a, b, rest...; kw...) = mapreduce(t -> f(t...), op, zip(a, b, rest...); kw...)
reduce(op, itr; kw...) = mapfoldl(identity, op, itr; kw...)

# sum/prod widen small integers as Julia does
add_sum(x, y) = x + y
add_sum(x::BitSigned64, y::BitSigned64) = Int(x) + Int(y)
add_sum(x::BitUnsigned64, y::BitUnsigned64) = UInt(x) + UInt(y)
add_sum(x::Bool, y::Bool) = Int(x) + Int(y)
mul_prod(x, y) = x * y
mul_prod(x::BitSigned64, y::BitSigned64) = Int(x) * Int(y)
mul_prod(x::BitUnsigned64, y::BitUnsigned64) = UInt(x) * UInt(y)
reduce_empty(op, T) = throw(ArgumentError("reducing over an empty collection is not allowed; consider supplying `init` to the reducer"))
reduce_empty(::typeof(+), ::Type{T}) where {T<:Number} = zero(T)
reduce_empty(::typeof(*), ::Type{T}) where {T<:Number} = one(T)
reduce_empty(::typeof(add_sum), ::Type{T}) where {T<:Number} = _sum_type_zero(T)
reduce_empty(::typeof(mul_prod), ::Type{T}) where {T<:Number} = _prod_type_one(T)
reduce_empty(::typeof(&), ::Type{Bool}) = true
reduce_empty(::typeof(|), ::Type{Bool}) = false
_sum_type_zero(::Type{T}) where {T} = zero(T)
_sum_type_zero(::Type{T}) where {T<:BitSigned64} = zero(Int)
_sum_type_zero(::Type{T}) where {T<:BitUnsigned64} = zero(UInt)
_sum_type_zero(::Type{Bool}) = 0
_prod_type_one(::Type{T}) where {T} = one(T)
_prod_type_one(::Type{T}) where {T<:BitSigned64} = one(Int)
_prod_type_one(::Type{T}) where {T<:BitUnsigned64} = one(UInt)

_widen_first(x) = x
_widen_first(x::BitSigned64) = Int(x)
_widen_first(x::BitUnsigned64) = UInt(x)
_widen_first(x::Bool) = Int(x)

sum(itr; kw...) = sum(identity, itr; kw...)
function sum(f, itr; init=_no_init, dims=:)
    dims isa Colon || return _sum_dims(f, itr, dims)
    init === _no_init || return mapfoldl(f, add_sum, itr; init=init)
    y = iterate(itr)
    y === nothing && return reduce_empty(add_sum, _empty_reduce_eltype(itr) === Any ? Int : _empty_reduce_eltype(itr))
    acc = _widen_first(f(y[1]))
    y = iterate(itr, y[2])
    while y !== nothing
        acc = add_sum(acc, f(y[1]))
        y = iterate(itr, y[2])
    end
    return acc
end
sum(a::AbstractArray{Bool}) = count(a)
prod(itr; kw...) = prod(identity, itr; kw...)
function prod(f, itr; init=_no_init)
    init === _no_init || return mapfoldl(f, mul_prod, itr; init=init)
    y = iterate(itr)
    y === nothing && return reduce_empty(mul_prod, _empty_reduce_eltype(itr) === Any ? Int : _empty_reduce_eltype(itr))
    acc = _widen_first(f(y[1]))
    y = iterate(itr, y[2])
    while y !== nothing
        acc = mul_prod(acc, f(y[1]))
        y = iterate(itr, y[2])
    end
    return acc
end
function _sum_dims(f, A::AbstractMatrix, dims)
    m, n = size(A)
    if dims == 1
        out = similar(A, typeof(_widen_first(f(A[1, 1]))), (1, n))
        for j in 1:n
            s = _widen_first(f(A[1, j]))
            for i in 2:m
                s = add_sum(s, f(A[i, j]))
            end
            out[1, j] = s
        end
        return out
    elseif dims == 2
        out = similar(A, typeof(_widen_first(f(A[1, 1]))), (m, 1))
        for i in 1:m
            s = _widen_first(f(A[i, 1]))
            for j in 2:n
                s = add_sum(s, f(A[i, j]))
            end
            out[i, 1] = s
        end
        return out
    end
    return map(f, A)
end
_sum_dims(f, A::AbstractVector, dims) = dims == 1 ? [sum(f, A)] : map(f, A)

# maximum/minimum: fold `op` (max or min) over f.(itr), starting from `init` when given
function _extremum(op, f, itr, init)
    y = iterate(itr)
    if y === nothing
        init === _no_init && throw(ArgumentError("reducing over an empty collection is not allowed; consider supplying `init` to the reducer"))
        return init
    end
    m = f(y[1])
    init === _no_init || (m = op(init, m))
    y = iterate(itr, y[2])
    while y !== nothing
        m = op(m, f(y[1]))
        y = iterate(itr, y[2])
    end
    return m
end
maximum(f, itr; init=_no_init) = _extremum(max, f, itr, init)
minimum(f, itr; init=_no_init) = _extremum(min, f, itr, init)
maximum(itr; kw...) = maximum(identity, itr; kw...)
minimum(itr; kw...) = minimum(identity, itr; kw...)
function extrema(f, itr)
    y = iterate(itr)
    y === nothing && throw(ArgumentError("collection must be non-empty"))
    v = f(y[1])
    lo = v
    hi = v
    y = iterate(itr, y[2])
    while y !== nothing
        v = f(y[1])
        lo = min(lo, v)
        hi = max(hi, v)
        y = iterate(itr, y[2])
    end
    return (lo, hi)
end
extrema(itr) = extrema(identity, itr)

function any(f, itr)
    anymissing = false
    for x in itr
        v = f(x)
        if v === missing
            anymissing = true
        elseif v
            return true
        end
    end
    return anymissing ? missing : false
end
function all(f, itr)
    anymissing = false
    for x in itr
        v = f(x)
        if v === missing
            anymissing = true
        elseif !v
            return false
        end
    end
    return anymissing ? missing : true
end
any(itr) = any(identity, itr)
all(itr) = all(identity, itr)
function count(f, itr; init=0)
    n = init
    for x in itr
        f(x)::Bool && (n += 1)
    end
    return n
end
count(itr) = count(identity, itr)

# generic membership and length for iterables
function in(x, itr)
    anymissing = false
    for y in itr
        v = y == x
        if v === missing
            anymissing = true
        elseif v
            return true
        end
    end
    return anymissing ? missing : false
end
const ∈ = in
∉(x, itr) = !in(x, itr)
∋(itr, x) = in(x, itr)
∌(itr, x) = !in(x, itr)
function length(itr)
    n = 0
    for _ in itr
        n += 1
    end
    return n
end
isempty(itr) = iterate(itr) === nothing
