# sort.jl: stable sorting (insertion sort for short runs, merge sort otherwise), sortperm,
# partialsort, searchsorted*, issorted. Orderings: lt, by, rev (Julia's default sort is stable, so the
# results match Julia's).

abstract type Ordering end
struct ForwardOrdering <: Ordering end
struct ReverseOrdering{Fwd<:Ordering} <: Ordering
    fwd::Fwd
end
struct By{T,O} <: Ordering
    by::T
    order::O
end
struct Lt{T} <: Ordering
    lt::T
end
const Forward = ForwardOrdering()
const Reverse = ReverseOrdering(Forward)
lt(::ForwardOrdering, a, b) = isless(a, b)
lt(o::ReverseOrdering, a, b) = lt(o.fwd, b, a)
lt(o::By, a, b) = lt(o.order, o.by(a), o.by(b))
lt(o::Lt, a, b) = o.lt(a, b)::Bool

function ord(lt_fn, by, rev::Union{Bool,Nothing}, order::Ordering=Forward)
    o = order
    if lt_fn !== isless
        o = Lt(lt_fn)
    end
    if by !== identity
        o = By(by, o)
    end
    if rev === true
        o = ReverseOrdering(o)
    end
    return o
end

function _insertion_sort!(v::AbstractVector, lo::Int, hi::Int, o::Ordering)
    for i in lo+1:hi
        j = i
        x = v[i]
        while j > lo
            y = v[j-1]
            lt(o, x, y) || break
            v[j] = y
            j -= 1
        end
        v[j] = x
    end
    return v
end
function _merge_sort!(v::AbstractVector, lo::Int, hi::Int, o::Ordering, t::AbstractVector)
    if hi - lo < 20
        return _insertion_sort!(v, lo, hi, o)
    end
    m = (lo + hi) >>> 1
    _merge_sort!(v, lo, m, o, t)
    _merge_sort!(v, m + 1, hi, o, t)
    # merge v[lo:m] and v[m+1:hi] through t
    n = m - lo + 1
    for k in 1:n
        t[k] = v[lo + k - 1]
    end
    i = 1
    j = m + 1
    k = lo
    while i <= n && j <= hi
        if lt(o, v[j], t[i])
            v[k] = v[j]
            j += 1
        else
            v[k] = t[i]
            i += 1
        end
        k += 1
    end
    while i <= n
        v[k] = t[i]
        k += 1
        i += 1
    end
    return v
end

function sort!(v::AbstractVector; lt=isless, by=identity, rev::Union{Bool,Nothing}=nothing, order::Ordering=Forward,
               alg=nothing)
    o = ord(lt, by, rev, order)
    n = length(v)
    n < 2 && return v
    t = similar(v, eltype(v), ((n >>> 1) + 1,))
    _merge_sort!(v, 1, n, o, t)
    return v
end
sort(v::AbstractVector; kws...) = sort!(copymutable(v); kws...)
sort(r::AbstractUnitRange) = r
sort(t::Tuple; kws...) = (sort!(collect(t); kws...)...,)
function sort(A::AbstractMatrix; dims::Integer, kws...)
    B = copy(A)
    m, n = size(A)
    if dims == 1
        for j in 1:n
            col = sort!([A[i, j] for i in 1:m]; kws...)
            for i in 1:m
                B[i, j] = col[i]
            end
        end
    else
        for i in 1:m
            row = sort!([A[i, j] for j in 1:n]; kws...)
            for j in 1:n
                B[i, j] = row[j]
            end
        end
    end
    return B
end

function sortperm(v::AbstractVector; lt=isless, by=identity, rev::Union{Bool,Nothing}=nothing, order::Ordering=Forward,
                  alg=nothing)
    o = ord(lt, by, rev, order)
    p = collect(1:length(v))
    po = By(i -> v[i], o)
    n = length(p)
    n < 2 && return p
    t = similar(p, Int, ((n >>> 1) + 1,))
    _merge_sort!(p, 1, n, po, t)
    return p
end
sortperm!(ix::AbstractVector, v::AbstractVector; kws...) = copyto!(ix, sortperm(v; kws...))

function issorted(itr; lt=isless, by=identity, rev::Union{Bool,Nothing}=nothing, order::Ordering=Forward)
    o = ord(lt, by, rev, order)
    y = iterate(itr)
    y === nothing && return true
    prev = y[1]
    y = iterate(itr, y[2])
    while y !== nothing
        Base.lt(o, y[1], prev) && return false
        prev = y[1]
        y = iterate(itr, y[2])
    end
    return true
end

function partialsort!(v::AbstractVector, k; kws...)
    sort!(v; kws...)
    return k isa Integer ? v[k] : v[k]
end
partialsort(v::AbstractVector, k; kws...) = partialsort!(copymutable(v), k; kws...)
partialsortperm(v::AbstractVector, k; kws...) = sortperm(v; kws...)[k]

function searchsortedfirst(v::AbstractVector, x; lt=isless, by=identity, rev::Union{Bool,Nothing}=nothing, order::Ordering=Forward)
    o = ord(lt, by, rev, order)
    lo = 0
    hi = length(v) + 1
    while lo < hi - 1
        m = (lo + hi) >>> 1
        if Base.lt(o, v[m], x)
            lo = m
        else
            hi = m
        end
    end
    return hi
end
function searchsortedlast(v::AbstractVector, x; lt=isless, by=identity, rev::Union{Bool,Nothing}=nothing, order::Ordering=Forward)
    o = ord(lt, by, rev, order)
    lo = 0
    hi = length(v) + 1
    while lo < hi - 1
        m = (lo + hi) >>> 1
        if Base.lt(o, x, v[m])
            hi = m
        else
            lo = m
        end
    end
    return lo
end
searchsorted(v::AbstractVector, x; kws...) = searchsortedfirst(v, x; kws...):searchsortedlast(v, x; kws...)

module Sort
import ..Base: sort, sort!, sortperm, issorted, searchsorted, searchsortedfirst, searchsortedlast, partialsort,
    partialsort!, Ordering, ForwardOrdering, ReverseOrdering, Forward, Reverse, By, Lt
struct MergeSortAlg end
struct QuickSortAlg end
struct InsertionSortAlg end
const MergeSort = MergeSortAlg()
const QuickSort = QuickSortAlg()
const InsertionSort = InsertionSortAlg()
const DEFAULT_STABLE = MergeSort
const DEFAULT_UNSTABLE = QuickSort
end
using .Sort: MergeSort, QuickSort, InsertionSort
