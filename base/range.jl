# range.jl: ranges (UnitRange, OneTo, StepRange, StepRangeLen for floats), colon, iteration,
# arithmetic on ranges.

struct UnitRange{T<:Real} <: AbstractUnitRange{T}
    start::T
    stop::T
    function UnitRange{T}(start, stop) where {T<:Real}
        s = convert(T, start)
        e = convert(T, stop)
        return new(s, _unitrange_last(s, e))
    end
end
_unitrange_last(start::Integer, stop::Integer) = ifelse(stop >= start, stop, convert(typeof(stop), start - oneunit(start - stop)))
_unitrange_last(start, stop) = ifelse(stop >= start, convert(typeof(stop), start + floor(stop - start)), convert(typeof(stop), start - oneunit(start - stop)))
UnitRange(start::T, stop::T) where {T<:Real} = UnitRange{T}(start, stop)
UnitRange(start::Real, stop::Real) = UnitRange(promote(start, stop)...)

struct OneTo{T<:Integer} <: AbstractUnitRange{T}
    stop::T
    OneTo{T}(stop) where {T<:Integer} = new(max(zero(T), convert(T, stop)))
end
OneTo(stop::T) where {T<:Integer} = OneTo{T}(stop)
OneTo(r::OneTo) = r

struct StepRange{T,S} <: OrdinalRange{T,S}
    start::T
    step::S
    stop::T
    function StepRange{T,S}(start, step, stop) where {T,S}
        sta = convert(T, start)
        ste = convert(S, step)
        sto = convert(T, stop)
        return new(sta, ste, _steprange_last(sta, ste, sto))
    end
end
StepRange(start::T, step::S, stop::T) where {T,S} = StepRange{T,S}(start, step, stop)
function _steprange_last(start, step, stop)
    z = zero(step)
    step == z && throw(ArgumentError("step cannot be zero"))
    if (step > z) != (stop > start)
        if stop == start
            return stop
        end
        return start - step
    end
    if stop == start
        return stop
    end
    d = stop - start
    r = rem(d, step)
    return stop - r
end

# float ranges: elements are (a + i*s)/d computed exactly when start/step are ratios with a small d
struct StepRangeLen{T,R,S,L<:Integer} <: AbstractRange{T}
    ref::R
    step::S
    len::L
    offset::L
    divisor::Float64
end
function _float_range(start::T, step::T, len::Int) where {T<:AbstractFloat}
    d = _float_range_den(start, step)
    if d > 0.0
        return StepRangeLen{T,Float64,Float64,Int}(Float64(start) * d, Float64(step) * d, len, 1, d)
    end
    return StepRangeLen{T,Float64,Float64,Int}(Float64(start), Float64(step), len, 1, 0.0)
end
function _float_range_den(start, step)
    d = 1.0
    for k in 0:17
        a = Float64(start) * d
        s = Float64(step) * d
        if a == round(a) && s == round(s) && abs(a) < 9.0e15 && abs(s) < 9.0e15 &&
           Float64(a / d) == Float64(start) && Float64(s / d) == Float64(step)
            return d
        end
        d *= 10.0
    end
    return 0.0
end
function _float_len(start::Float64, step::Float64, stop::Float64, d::Float64)
    step == 0 && throw(ArgumentError("range step cannot be zero"))
    if d > 0.0
        a = start * d
        s = step * d
        e = stop * d
        if e == round(e)
            n = floor((e - a) / s)
            return max(0, Int(n) + 1)
        end
    end
    n = floor((stop - start) / step + 1.0e-10)
    return max(0, Int(n) + 1)
end
function (::Type{StepRangeLen})(start::T, step::T, stop::T) where {T<:AbstractFloat}
    d = _float_range_den(start, step)
    len = _float_len(Float64(start), Float64(step), Float64(stop), d)
    return _float_range(start, step, len)
end
function getindex(r::StepRangeLen{T}, i::Int) where {T}
    1 <= i <= r.len || throw(BoundsError(r, i))
    return _srl_elt(r, i)
end
function _srl_elt(r::StepRangeLen{T}, i::Int) where {T}
    if r.divisor > 0.0
        return T((r.ref + (i - 1) * r.step) / r.divisor)
    end
    return T(r.ref + (i - 1) * r.step)
end
length(r::StepRangeLen) = r.len
size(r::StepRangeLen) = (r.len,)
first(r::StepRangeLen) = _srl_elt(r, 1)
last(r::StepRangeLen) = _srl_elt(r, r.len)
step(r::StepRangeLen{T}) where {T} = T(r.divisor > 0.0 ? r.step / r.divisor : r.step)
isempty(r::StepRangeLen) = r.len == 0
iterate(r::StepRangeLen, i::Int=1) = i > r.len ? nothing : (_srl_elt(r, i), i + 1)
function reverse(r::StepRangeLen{T}) where {T}
    r.len == 0 && return r
    return StepRangeLen{T,Float64,Float64,Int}(r.ref + (r.len - 1) * r.step, -r.step, r.len, 1, r.divisor)
end

struct LinRange{T} <: AbstractRange{T}
    start::T
    stop::T
    len::Int
    lendiv::Int
end
function LinRange(start, stop, len::Integer)
    T = typeof((stop - start) / 1)
    return LinRange{T}(T(start), T(stop), Int(len), max(Int(len) - 1, 1))
end
length(r::LinRange) = r.len
size(r::LinRange) = (r.len,)
first(r::LinRange) = r.start
last(r::LinRange) = r.stop
function getindex(r::LinRange{T}, i::Int) where {T}
    1 <= i <= r.len || throw(BoundsError(r, i))
    i == 1 && return r.start
    i == r.len && return r.stop
    return T(r.start + (i - 1) * (r.stop - r.start) / r.lendiv)
end
iterate(r::LinRange, i::Int=1) = i > r.len ? nothing : (r[i], i + 1)
step(r::LinRange) = (r.stop - r.start) / r.lendiv

# ---- colon ------------------------------------------------------------------------------------------------------------
(::Colon)(a::T, b::T) where {T<:Integer} = UnitRange{T}(a, b)
(::Colon)(a::T, b::T) where {T<:Real} = StepRangeLen(a, one(a), b)
(::Colon)(a::T, b::T) where {T<:AbstractFloat} = StepRangeLen(a, one(a), b)
(::Colon)(a::Real, b::Real) = (:)(promote(a, b)...)
(::Colon)(a::T, b::T) where {T<:AbstractChar} = StepRange{T,Int}(a, 1, b)
(::Colon)(a::T, s::Integer, b::T) where {T<:AbstractChar} = StepRange{T,Int}(a, Int(s), b)
(::Colon)(a::T, s::T, b::T) where {T<:Integer} = StepRange{T,T}(a, s, b)
(::Colon)(a::T, s::T, b::T) where {T<:AbstractFloat} = StepRangeLen(a, s, b)
(::Colon)(a::T, s::T, b::T) where {T<:Real} = StepRangeLen(float(a), float(s), float(b))
(::Colon)(a::Real, s::Real, b::Real) = (:)(promote(a, s, b)...)
(::Colon)(a::Integer, s::Integer, b::Integer) = (:)(promote(a, s, b)...)

function range(start; stop=nothing, length=nothing, step=nothing)
    return _range(start, step, stop, length)
end
range(start, stop; length=nothing, step=nothing) = _range(start, step, stop, length)
range(start, stop, length::Integer) = _range(start, nothing, stop, length)
function _range(start, step, stop, len)
    if len === nothing
        step === nothing && return start:stop
        return start:step:stop
    end
    if stop === nothing
        step === nothing && (step = one(start))
        return start:step:(start + (len - 1) * step)
    end
    if step === nothing
        if start isa Integer && stop isa Integer && len > 1 && rem(stop - start, len - 1) == 0
            s = div(stop - start, len - 1)
            return s == 1 ? (start:stop) : (start:s:stop)
        end
        fs = float(start)
        fe = float(stop)
        len == 1 && return _float_range(fs, zero(fs), 1)
        st = (fe - fs) / (len - 1)
        d = _float_range_den(fs, st)
        if d > 0.0 && fe * d == round(fe * d)
            return _float_range(fs, st, Int(len))
        end
        return LinRange(fs, fe, len)
    end
    return start:step:(start + (len - 1) * step)
end

# ---- basic properties ----------------------------------------------------------------------------------------------
first(r::UnitRange) = r.start
last(r::UnitRange) = r.stop
first(r::OneTo{T}) where {T} = one(T)
last(r::OneTo) = r.stop
first(r::StepRange) = r.start
last(r::StepRange) = r.stop
step(r::AbstractUnitRange{T}) where {T} = one(T)
step(r::StepRange) = r.step
isempty(r::AbstractUnitRange) = first(r) > last(r)
isempty(r::StepRange) = (r.start != r.stop) & ((r.step > zero(r.step)) != (r.stop > r.start))
isempty(r::AbstractRange) = length(r) == 0
function length(r::AbstractUnitRange)
    isempty(r) && return 0
    return Int(last(r) - first(r) + 1)
end
length(r::OneTo) = Int(r.stop)
function length(r::StepRange)
    isempty(r) && return 0
    return Int(div(r.stop - r.start, r.step)) + 1
end
size(r::AbstractRange) = (length(r),)
firstindex(r::AbstractRange) = 1
lastindex(r::AbstractRange) = length(r)
axes(r::AbstractRange) = (OneTo(length(r)),)
eltype(::Type{<:AbstractRange{T}}) where {T} = T
minimum(r::AbstractUnitRange) = isempty(r) ? throw(ArgumentError("range must be non-empty")) : first(r)
maximum(r::AbstractUnitRange) = isempty(r) ? throw(ArgumentError("range must be non-empty")) : last(r)
minimum(r::AbstractRange) = isempty(r) ? throw(ArgumentError("range must be non-empty")) : min(first(r), last(r))
maximum(r::AbstractRange) = isempty(r) ? throw(ArgumentError("range must be non-empty")) : max(first(r), last(r))
extrema(r::AbstractRange) = (minimum(r), maximum(r))

# ---- iteration and indexing ----------------------------------------------------------------------------------------------
function iterate(r::AbstractUnitRange)
    isempty(r) && return nothing
    f = first(r)
    return (f, f)
end
iterate(r::AbstractUnitRange{T}, i) where {T} = i == last(r) ? nothing : (convert(T, i + one(T)), convert(T, i + one(T)))
iterate(r::AbstractUnitRange{T}, i::Int) where {T} = i == last(r) ? nothing : (convert(T, i + one(T)), convert(T, i + one(T)))
function iterate(r::StepRange)
    isempty(r) && return nothing
    return (r.start, r.start)
end
iterate(r::StepRange{T}, i) where {T} = i == r.stop ? nothing : (convert(T, i + r.step), convert(T, i + r.step))
iterate(r::StepRange{T}, i::Int) where {T} = i == r.stop ? nothing : (convert(T, i + r.step), convert(T, i + r.step))
function iterate(r::AbstractRange, i::Int=1)
    i > length(r) && return nothing
    return (r[i], i + 1)
end

function getindex(r::AbstractUnitRange{T}, i::Int) where {T}
    (i >= 1 && i <= length(r)) || throw(BoundsError(r, i))
    return convert(T, first(r) + (i - 1))
end
function getindex(r::StepRange{T}, i::Int) where {T}
    (i >= 1 && i <= length(r)) || throw(BoundsError(r, i))
    return convert(T, r.start + (i - 1) * r.step)
end
getindex(r::AbstractRange, i::Integer) = r[Int(i)]
function getindex(r::AbstractUnitRange, s::AbstractUnitRange{<:Integer})
    isempty(s) && return first(r):(first(r) - 1)
    (first(s) >= 1 && last(s) <= length(r)) || throw(BoundsError(r, s))
    return r[first(s)]:r[last(s)]
end
function getindex(r::AbstractRange, s::AbstractRange{<:Integer})
    isempty(s) && return collect(r)[1:0]
    (first(s) >= 1 && last(s) <= length(r)) || throw(BoundsError(r, s))
    st = step(s) * step(r)
    return r[first(s)]:st:r[last(s)]
end
getindex(r::AbstractRange, ::Colon) = r

in(x, r::AbstractUnitRange{<:Integer}) = (x isa Integer || (x isa Real && isinteger(x))) && (first(r) <= x) && (x <= last(r))
function in(x, r::StepRange{<:Integer})
    isempty(r) && return false
    (x isa Integer || (x isa Real && isinteger(x))) || return false
    lo, hi = r.step > 0 ? (r.start, r.stop) : (r.stop, r.start)
    return lo <= x <= hi && rem(x - r.start, r.step) == 0
end
in(x, r::AbstractRange) = any(y -> y == x, r)

==(r::AbstractUnitRange, s::AbstractUnitRange) = (isempty(r) & isempty(s)) | ((first(r) == first(s)) & (last(r) == last(s)))
function ==(r::AbstractRange, s::AbstractRange)
    length(r) == length(s) || return false
    for i in 1:length(r)
        r[i] == s[i] || return false
    end
    return true
end
hash(r::AbstractRange, h::UInt) = hash(collect(r), h)

reverse(r::AbstractUnitRange) = StepRange(last(r), -one(last(r) - first(r)), first(r))
reverse(r::StepRange) = StepRange(r.stop, -r.step, r.start)
collect(r::AbstractRange) = (v = Vector{eltype(r)}(undef, length(r)); i = 1; for x in r; v[i] = x; i += 1; end; v)
copy(r::AbstractRange) = r
similar(r::AbstractRange, ::Type{T}, dims::Tuple) where {T} = Array{T}(undef, map(Int, dims))
sum(r::AbstractUnitRange{<:Integer}) = isempty(r) ? zero(eltype(r)) : div((first(r) + last(r)) * length(r), 2)

# ---- arithmetic on ranges ----------------------------------------------------------------------------------------------------
-(r::AbstractUnitRange) = StepRange(-first(r), -one(first(r)), -last(r))
-(r::StepRange) = StepRange(-r.start, -r.step, -r.stop)
+(r::AbstractUnitRange{<:Integer}, x::Integer) = (first(r) + x):(last(r) + x)
+(x::Integer, r::AbstractUnitRange{<:Integer}) = r + x
-(r::AbstractUnitRange{<:Integer}, x::Integer) = (first(r) - x):(last(r) - x)
+(r::StepRange, x::Integer) = (r.start + x):r.step:(r.stop + x)
+(x::Integer, r::StepRange) = r + x
-(r::StepRange, x::Integer) = (r.start - x):r.step:(r.stop - x)
*(x::Integer, r::AbstractUnitRange{<:Integer}) = (x * first(r)):x:(x * last(r))
*(r::AbstractUnitRange{<:Integer}, x::Integer) = x * r
*(x::Integer, r::StepRange) = (x * r.start):(x * r.step):(x * r.stop)
*(r::StepRange, x::Integer) = x * r

# fast paths for the common UnitRange of a bit integer (one call, no conversions)
for T in (:Int8, :Int16, :Int32, :Int64, :Int128, :UInt8, :UInt16, :UInt32, :UInt64, :UInt128)
    @eval begin
        function iterate(r::UnitRange{$T})
            a = getfield(r, :start)
            return $(T in (:UInt8, :UInt16, :UInt32, :UInt64, :UInt128) ? :ult_int : :slt_int)(getfield(r, :stop), a) ? nothing : (a, a)
        end
        function iterate(r::UnitRange{$T}, i::$T)
            i === getfield(r, :stop) && return nothing
            n = add_int(i, $(Expr(:call, :rem, 1, T)))
            return (n, n)
        end
    end
end
