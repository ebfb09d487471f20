# iterators.jl: Generator (comprehensions), and the Iterators module: enumerate, zip, take, drop,
# filter, flatten, product, reverse, countfrom, repeated, cycle, partition, rest.

struct Generator{I,F}
    f::F
    iter::I
end
Generator(f, I1, I2, Is...) = Generator(a -> f(a...), zip(I1, I2, Is...))
function iterate(g::Generator, s...)
    y = iterate(g.iter, s...)
    y === nothing && return nothing
    return (g.f(y[1]), y[2])
end
length(g::Generator) = length(g.iter)
size(g::Generator) = size(g.iter)
axes(g::Generator) = axes(g.iter)
ndims(g::Generator) = ndims(g.iter)
IteratorSize(::Type{Generator{I,F}}) where {I,F} = IteratorSize(I)
IteratorEltype(::Type{<:Generator}) = EltypeUnknown()
function _empty_eltype(g::Generator)
    T = _return_type(g.f, Tuple{eltype(g.iter)})
    return T === Union{} ? Any : T
end

# index => value pairs of an indexable collection
struct IndexValue{A}
    data::A
end
pairs(A::AbstractArray) = IndexValue(A)
pairs(A::Tuple) = IndexValue(A)
pairs(s::AbstractString) = IndexValue(s)
function iterate(p::IndexValue{<:AbstractArray})
    isempty(p.data) && return nothing
    return (Pair(1, p.data[1]), 2)
end
function iterate(p::IndexValue{<:AbstractArray}, i::Int)
    i > length(p.data) && return nothing
    return (Pair(i, p.data[i]), i + 1)
end
function iterate(p::IndexValue{<:Tuple}, i::Int=1)
    i > length(p.data) && return nothing
    return (Pair(i, p.data[i]), i + 1)
end
function iterate(p::IndexValue{<:AbstractString}, i::Int=1)
    y = iterate(p.data, i)
    y === nothing && return nothing
    return (Pair(i, y[1]), y[2])
end
length(p::IndexValue) = length(p.data)
IteratorSize(::Type{IndexValue{A}}) where {A} = IteratorSize(A)
eltype(::Type{IndexValue{A}}) where {A} = Pair{Int,eltype(A)}

function zip end
function enumerate end

module Iterators

import ..Base: iterate, length, size, eltype, IteratorSize, IteratorEltype, first, last, isempty,
    HasLength, HasShape, SizeUnknown, IsInfinite, EltypeUnknown, HasEltype, axes, ndims, keys, values, pairs,
    getindex, haskey, get, zip, enumerate, collect, Generator
using ..Base: @inline, Pairs, OneTo, promote_typejoin
export enumerate, zip, take, drop, flatten, product, countfrom, repeated, cycle, partition, rest, filter

# ---- enumerate --------------------------------------------------------------------------------------------------
struct Enumerate{I}
    itr::I
end
Base.enumerate(itr) = Enumerate(itr)
function iterate(e::Enumerate, state=(1,))
    i = state[1]
    y = length(state) == 1 ? iterate(e.itr) : iterate(e.itr, state[2])
    y === nothing && return nothing
    return ((i, y[1]), (i + 1, y[2]))
end
length(e::Enumerate) = length(e.itr)
size(e::Enumerate) = size(e.itr)
IteratorSize(::Type{Enumerate{I}}) where {I} = IteratorSize(I)
IteratorEltype(::Type{Enumerate{I}}) where {I} = IteratorEltype(I)
eltype(::Type{Enumerate{I}}) where {I} = Tuple{Int,eltype(I)}

# ---- zip ------------------------------------------------------------------------------------------------------------------
struct Zip{Is<:Tuple}
    is::Is
end
Base.zip(its...) = Zip(its)
function iterate(z::Zip, state=nothing)
    n = length(z.is)
    n == 0 && return nothing
    vals = Vector{Any}(undef, n)
    sts = Vector{Any}(undef, n)
    for k in 1:n
        y = state === nothing ? iterate(z.is[k]) : iterate(z.is[k], state[k])
        y === nothing && return nothing
        vals[k] = y[1]
        sts[k] = y[2]
    end
    return ((vals...,), (sts...,))
end
function length(z::Zip)
    n = typemax(Int)
    for it in z.is
        IteratorSize(it) isa IsInfinite && continue
        n = min(n, length(it))
    end
    return n
end
function IteratorSize(::Type{Zip{Is}}) where {Is}
    sz = HasLength()
    for T in Is.parameters
        s = IteratorSize(T)
        (s isa SizeUnknown) && return SizeUnknown()
    end
    return HasLength()
end
size(z::Zip) = (length(z),)
IteratorEltype(::Type{Zip{Is}}) where {Is} = EltypeUnknown()
function eltype(::Type{Zip{Is}}) where {Is}
    return Tuple{map(eltype, (Is.parameters...,))...}
end

# ---- take / drop ----------------------------------------------------------------------------------------------------
struct Take{I}
    xs::I
    n::Int
end
take(xs, n::Integer) = (n < 0 && throw(ArgumentError("Take length must be non-negative")); Take(xs, Int(n)))
function iterate(it::Take, state=(it.n,))
    n = state[1]
    n <= 0 && return nothing
    y = length(state) == 1 ? iterate(it.xs) : iterate(it.xs, state[2])
    y === nothing && return nothing
    return (y[1], (n - 1, y[2]))
end
function length(t::Take)
    IteratorSize(t.xs) isa IsInfinite && return t.n
    return min(t.n, length(t.xs))
end
IteratorSize(::Type{Take{I}}) where {I} = IteratorSize(I) isa SizeUnknown ? SizeUnknown() : HasLength()
IteratorEltype(::Type{Take{I}}) where {I} = IteratorEltype(I)
eltype(::Type{Take{I}}) where {I} = eltype(I)

struct Drop{I}
    xs::I
    n::Int
end
drop(xs, n::Integer) = (n < 0 && throw(ArgumentError("Drop length must be non-negative")); Drop(xs, Int(n)))
function iterate(it::Drop)
    y = iterate(it.xs)
    for i in 1:it.n
        y === nothing && return nothing
        y = iterate(it.xs, y[2])
    end
    return y
end
iterate(it::Drop, state) = iterate(it.xs, state)
length(d::Drop) = max(0, length(d.xs) - d.n)
IteratorSize(::Type{Drop{I}}) where {I} = IteratorSize(I) isa SizeUnknown ? SizeUnknown() : (IteratorSize(I) isa IsInfinite ? IsInfinite() : HasLength())
IteratorEltype(::Type{Drop{I}}) where {I} = IteratorEltype(I)
eltype(::Type{Drop{I}}) where {I} = eltype(I)

struct TakeWhile{I,P}
    pred::P
    xs::I
end
takewhile(pred, xs) = TakeWhile(pred, xs)
function iterate(it::TakeWhile, state...)
    y = iterate(it.xs, state...)
    y === nothing && return nothing
    it.pred(y[1]) || return nothing
    return y
end
IteratorSize(::Type{<:TakeWhile}) = SizeUnknown()
struct DropWhile{I,P}
    pred::P
    xs::I
end
dropwhile(pred, xs) = DropWhile(pred, xs)
function iterate(it::DropWhile)
    y = iterate(it.xs)
    while y !== nothing && it.pred(y[1])
        y = iterate(it.xs, y[2])
    end
    return y
end
iterate(it::DropWhile, state) = iterate(it.xs, state)
IteratorSize(::Type{<:DropWhile}) = SizeUnknown()

# ---- filter ----------------------------------------------------------------------------------------------------------------
struct Filter{F,I}
    flt::F
    itr::I
end
filter(flt, itr) = Filter(flt, itr)
function iterate(f::Filter, state...)
    y = iterate(f.itr, state...)
    while y !== nothing
        if f.flt(y[1])
            return y
        end
        y = iterate(f.itr, y[2])
    end
    return nothing
end
IteratorSize(::Type{<:Filter}) = SizeUnknown()
IteratorEltype(::Type{Filter{F,I}}) where {F,I} = IteratorEltype(I)
eltype(::Type{Filter{F,I}}) where {F,I} = eltype(I)

# ---- flatten ----------------------------------------------------------------------------------------------------------------
struct Flatten{I}
    it::I
end
flatten(itr) = Flatten(itr)
function iterate(f::Flatten, state=())
    if state !== ()
        y = iterate(state[1], state[2])
        y !== nothing && return (y[1], (state[1], y[2], state[3]))
    end
    x = state === () ? iterate(f.it) : iterate(f.it, state[3])
    while x !== nothing
        inner = x[1]
        y = iterate(inner)
        y !== nothing && return (y[1], (inner, y[2], x[2]))
        x = iterate(f.it, x[2])
    end
    return nothing
end
IteratorSize(::Type{<:Flatten}) = SizeUnknown()
IteratorEltype(::Type{<:Flatten}) = EltypeUnknown()

# ---- product ----------------------------------------------------------------------------------------------------------------
struct ProductIterator{T<:Tuple}
    iterators::T
end
product(iters...) = ProductIterator(iters)
function size(p::ProductIterator)
    return map(length, p.iterators)
end
length(p::ProductIterator) = prod(size(p))
ndims(p::ProductIterator) = length(p.iterators)
IteratorSize(::Type{ProductIterator{T}}) where {T} = HasShape{length(T.parameters)}()
IteratorEltype(::Type{<:ProductIterator}) = EltypeUnknown()
function iterate(p::ProductIterator)
    its = p.iterators
    n = length(its)
    n == 0 && return ((), nothing)
    vals = Vector{Any}(undef, n)
    sts = Vector{Any}(undef, n)
    for k in 1:n
        y = iterate(its[k])
        y === nothing && return nothing
        vals[k] = y[1]
        sts[k] = y[2]
    end
    return ((vals...,), (vals, sts))
end
function iterate(p::ProductIterator, state)
    state === nothing && return nothing
    its = p.iterators
    n = length(its)
    vals = copy(state[1])
    sts = copy(state[2])
    k = 1
    while k <= n
        y = iterate(its[k], sts[k])
        if y !== nothing
            vals[k] = y[1]
            sts[k] = y[2]
            return ((vals...,), (vals, sts))
        end
        y = iterate(its[k])
        vals[k] = y[1]
        sts[k] = y[2]
        k += 1
    end
    return nothing
end

# ---- reverse ---------------------------------------------------------------------------------------------------------------
struct Reverse{T}
    itr::T
end
reverse(itr) = Reverse(itr)
function iterate(r::Reverse, i=nothing)
    a = r.itr
    i === nothing && (i = Base.lastindex(a))
    i < Base.firstindex(a) && return nothing
    return (a[i], i - 1)
end
length(r::Reverse) = length(r.itr)
size(r::Reverse) = size(r.itr)
IteratorSize(::Type{Reverse{T}}) where {T} = IteratorSize(T)
IteratorEltype(::Type{Reverse{T}}) where {T} = IteratorEltype(T)
eltype(::Type{Reverse{T}}) where {T} = eltype(T)

# ---- countfrom, repeated, cycle ------------------------------------------------------------------------------------------
struct Count{T,S}
    start::T
    step::S
end
countfrom(start=1, step=1) = Count(start, step)
iterate(it::Count, state=it.start) = (state, state + it.step)
IteratorSize(::Type{<:Count}) = IsInfinite()
eltype(::Type{Count{T,S}}) where {T,S} = T

struct Repeated{O}
    x::O
end
repeated(x) = Repeated(x)
repeated(x, n::Integer) = take(Repeated(x), n)
iterate(it::Repeated, state=nothing) = (it.x, nothing)
IteratorSize(::Type{<:Repeated}) = IsInfinite()
eltype(::Type{Repeated{O}}) where {O} = O

struct Cycle{I}
    xs::I
end
cycle(xs) = Cycle(xs)
function iterate(it::Cycle, state=nothing)
    y = state === nothing ? iterate(it.xs) : iterate(it.xs, state)
    if y === nothing
        y = iterate(it.xs)
        y === nothing && return nothing
    end
    return y
end
IteratorSize(::Type{<:Cycle}) = IsInfinite()

struct PartitionIterator{T}
    c::T
    n::Int
end
partition(c, n::Integer) = PartitionIterator(c, Int(n))
function iterate(it::PartitionIterator, state=nothing)
    out = eltype(it.c)[]
    y = state === nothing ? iterate(it.c) : iterate(it.c, state)
    while y !== nothing
        push!(out, y[1])
        length(out) == it.n && return (out, y[2])
        y = iterate(it.c, y[2])
    end
    isempty(out) && return nothing
    return (out, :done)
end
iterate(it::PartitionIterator, ::Symbol) = nothing
length(it::PartitionIterator) = cld(length(it.c), it.n)

struct Rest{I,S}
    itr::I
    st::S
end
rest(itr, state) = Rest(itr, state)
rest(itr) = itr
iterate(r::Rest, st=r.st) = iterate(r.itr, st)
IteratorSize(::Type{<:Rest}) = SizeUnknown()

function peel(itr)
    y = iterate(itr)
    y === nothing && return nothing
    return (y[1], rest(itr, y[2]))
end

only(x) = Base.only(x)
end # module Iterators

using .Iterators: Filter, Flatten, ProductIterator, Enumerate, Zip

function only(x)
    y = iterate(x)
    y === nothing && throw(ArgumentError("Collection is empty, must contain exactly 1 element"))
    iterate(x, y[2]) === nothing || throw(ArgumentError("Collection has multiple elements, must contain exactly 1 element"))
    return y[1]
end

# destructuring with slurping: a, b... = itr
rest(t::Tuple, i::Int) = ntuple(k -> t[i + k - 1], length(t) - i + 1)
rest(a::AbstractArray, i::Int) = a[i:end]
rest(itr, state) = collect(Iterators.rest(itr, state))

struct SkipMissing{T}
    x::T
end
skipmissing(itr) = SkipMissing(itr)
function iterate(s::SkipMissing, st...)
    y = iterate(s.x, st...)
    while y !== nothing && y[1] === missing
        y = iterate(s.x, y[2])
    end
    return y
end
IteratorSize(::Type{<:SkipMissing}) = SizeUnknown()
eltype(::Type{SkipMissing{T}}) where {T} = nonmissingtype(eltype(T))
nonmissingtype(::Type{T}) where {T} = typesplit(T, Missing)
