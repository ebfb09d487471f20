# float.jl: Float16/Float32/Float64: conversions, arithmetic, comparison (also against integers),
# rounding, classification, constants.

const Inf16 = bitcast(Float16, 0x7c00)
const NaN16 = bitcast(Float16, 0x7e00)
const Inf32 = bitcast(Float32, 0x7f800000)
const NaN32 = bitcast(Float32, 0x7fc00000)
const Inf64 = bitcast(Float64, 0x7ff0000000000000)
const NaN64 = bitcast(Float64, 0x7ff8000000000000)
const Inf = Inf64
const NaN = NaN64

# ---- conversions --------------------------------------------------------------------------------------
(::Type{T})(x::T) where {T<:IEEEFloat} = x
(::Type{T})(x::BitSigned) where {T<:IEEEFloat} = sitofp(T, x)
(::Type{T})(x::BitUnsigned) where {T<:IEEEFloat} = uitofp(T, x)
(::Type{T})(x::Bool) where {T<:IEEEFloat} = ifelse(x, sitofp(T, 1), sitofp(T, 0))
Float64(x::Float32) = fpext(Float64, x)
Float64(x::Float16) = fpext(Float64, x)
Float32(x::Float16) = fpext(Float32, x)
Float32(x::Float64) = fptrunc(Float32, x)
Float16(x::Float64) = fptrunc(Float16, x)
Float16(x::Float32) = fptrunc(Float16, x)
AbstractFloat(x::AbstractFloat) = x
AbstractFloat(x::Real) = Float64(x)
AbstractFloat(x::Bool) = Float64(x)
float(x::AbstractFloat) = x
float(x::Integer) = Float64(x)
float(x::Bool) = Float64(x)

promote_rule(::Type{Float32}, ::Type{Float16}) = Float32
promote_rule(::Type{Float64}, ::Type{Float16}) = Float64
promote_rule(::Type{Float64}, ::Type{Float32}) = Float64
promote_rule(::Type{T}, ::Type{<:Integer}) where {T<:IEEEFloat} = T
promote_rule(::Type{T}, ::Type{Bool}) where {T<:IEEEFloat} = T

reinterpret(::Type{T}, x) where {T} = bitcast(T, x)
_uint_of(::Type{Float16}) = UInt16
_uint_of(::Type{Float32}) = UInt32
_uint_of(::Type{Float64}) = UInt64
_sint_of(::Type{Float16}) = Int16
_sint_of(::Type{Float32}) = Int32
_sint_of(::Type{Float64}) = Int64
significand_bits(::Type{Float16}) = 10
significand_bits(::Type{Float32}) = 23
significand_bits(::Type{Float64}) = 52
exponent_bits(::Type{T}) where {T<:IEEEFloat} = 8 * sizeof(T) - 1 - significand_bits(T)
exponent_bias(::Type{T}) where {T<:IEEEFloat} = (1 << (exponent_bits(T) - 1)) - 1
sign_mask(::Type{T}) where {T<:IEEEFloat} = one(_uint_of(T)) << (8 * sizeof(T) - 1)
exponent_mask(::Type{T}) where {T<:IEEEFloat} = ((one(_uint_of(T)) << exponent_bits(T)) - one(_uint_of(T))) << significand_bits(T)
significand_mask(::Type{T}) where {T<:IEEEFloat} = (one(_uint_of(T)) << significand_bits(T)) - one(_uint_of(T))

# ---- arithmetic ----------------------------------------------------------------------------------------
-(x::T) where {T<:IEEEFloat} = neg_float(x)
+(x::T, y::T) where {T<:IEEEFloat} = add_float(x, y)
-(x::T, y::T) where {T<:IEEEFloat} = sub_float(x, y)
*(x::T, y::T) where {T<:IEEEFloat} = mul_float(x, y)
/(x::T, y::T) where {T<:IEEEFloat} = div_float(x, y)
muladd(x::T, y::T, z::T) where {T<:IEEEFloat} = muladd_float(x, y, z)
fma(x::T, y::T, z::T) where {T<:IEEEFloat} = fma_float(x, y, z)
inv(x::IEEEFloat) = one(x) / x

rem(x::T, y::T) where {T<:IEEEFloat} = rem_float(x, y)
function mod(x::T, y::T) where {T<:IEEEFloat}
    r = rem(x, y)
    if r == 0
        return copysign(r, y)
    elseif (r > 0) ⊻ (y > 0)
        return r + y
    else
        return r
    end
end
function div(x::T, y::T) where {T<:IEEEFloat}
    return trunc((x - rem(x, y)) / y)
end
fld(x::T, y::T) where {T<:IEEEFloat} = round((x - mod(x, y)) / y)
cld(x::T, y::T) where {T<:IEEEFloat} = -fld(-x, y)

zero(::Type{Float64}) = 0.0
one(::Type{Float64}) = 1.0
zero(::Type{Float32}) = bitcast(Float32, 0x00000000)
one(::Type{Float32}) = bitcast(Float32, 0x3f800000)
zero(::Type{Float16}) = bitcast(Float16, 0x0000)
one(::Type{Float16}) = bitcast(Float16, 0x3c00)
zero(x::IEEEFloat) = zero(typeof(x))
one(x::IEEEFloat) = one(typeof(x))

# ---- comparison ---------------------------------------------------------------------------------------------
==(x::T, y::T) where {T<:IEEEFloat} = eq_float(x, y)
!=(x::T, y::T) where {T<:IEEEFloat} = ne_float(x, y)
<(x::T, y::T) where {T<:IEEEFloat} = lt_float(x, y)
<=(x::T, y::T) where {T<:IEEEFloat} = le_float(x, y)
isequal(x::T, y::T) where {T<:IEEEFloat} = fpiseq(x, y)
isequal(x::IEEEFloat, y::IEEEFloat) = isequal(promote(x, y)...)
function isless(x::T, y::T) where {T<:IEEEFloat}
    isnan(x) && return false
    isnan(y) && return true
    x == y && return signbit(x) & !signbit(y)
    return x < y
end
isless(x::IEEEFloat, y::IEEEFloat) = isless(promote(x, y)...)
isless(x::Real, y::IEEEFloat) = isnan(y) ? !isnan(x) : x < y
isless(x::IEEEFloat, y::Real) = isnan(x) ? false : x < y

# integer vs float comparisons without rounding errors (all through Float64; exact for Float16/32)
function _cmp_int_float(x::BitInteger, y::Float64)
    # returns -1 if x < y, 0 if x == y, 1 if x > y, 2 if y is NaN
    isnan(y) && return 2
    T = typeof(x)
    nb = 8 * sizeof(T)
    if T <: BitSigned
        y >= _pow2f(nb - 1) && return -1
        y < -_pow2f(nb - 1) && return 1
    else
        y >= _pow2f(nb) && return -1
        y < 0.0 && return 1
    end
    t = trunc_llvm(y)
    ti = unsafe_trunc(T, t)
    x < ti && return -1
    x > ti && return 1
    fr = y - t
    fr > 0.0 && return -1
    fr < 0.0 && return 1
    return 0
end
==(x::BitInteger, y::IEEEFloat) = _cmp_int_float(x, Float64(y)) == 0
==(x::IEEEFloat, y::BitInteger) = _cmp_int_float(y, Float64(x)) == 0
<(x::BitInteger, y::IEEEFloat) = _cmp_int_float(x, Float64(y)) == -1
<(x::IEEEFloat, y::BitInteger) = _cmp_int_float(y, Float64(x)) == 1
<=(x::BitInteger, y::IEEEFloat) = (c = _cmp_int_float(x, Float64(y)); (c == -1) | (c == 0))
<=(x::IEEEFloat, y::BitInteger) = (c = _cmp_int_float(y, Float64(x)); (c == 1) | (c == 0))

max(x::T, y::T) where {T<:IEEEFloat} =
    ifelse((y > x) | (signbit(y) < signbit(x)), ifelse(isnan(x), x, y), ifelse(isnan(y), y, x))
min(x::T, y::T) where {T<:IEEEFloat} =
    ifelse((y < x) | (signbit(y) > signbit(x)), ifelse(isnan(x), x, y), ifelse(isnan(y), y, x))
minmax(x::T, y::T) where {T<:IEEEFloat} = (min(x, y), max(x, y))

# ---- classification -----------------------------------------------------------------------------------------------
isnan(x::IEEEFloat) = x != x
isfinite(x::IEEEFloat) = !isnan(x - x)
isinf(x::IEEEFloat) = !isnan(x) & isnan(x - x)
signbit(x::Float64) = signbit(bitcast(Int64, x))
signbit(x::Float32) = signbit(bitcast(Int32, x))
signbit(x::Float16) = signbit(bitcast(Int16, x))
abs(x::IEEEFloat) = abs_float(x)
copysign(x::T, y::T) where {T<:IEEEFloat} = copysign_float(x, y)
copysign(x::IEEEFloat, y::Real) = copysign(x, convert(typeof(x), y))
flipsign(x::T, y::T) where {T<:IEEEFloat} = ifelse(signbit(y), -x, x)
flipsign(x::IEEEFloat, y::Real) = ifelse(signbit(y), -x, x)
sign(x::IEEEFloat) = ifelse(x == 0, x, ifelse(isnan(x), x, copysign(one(x), x)))
isinteger(x::IEEEFloat) = (x - trunc(x) == 0)
issubnormal(x::T) where {T<:IEEEFloat} = (bitcast(_uint_of(T), x) & exponent_mask(T) == 0) & (bitcast(_uint_of(T), x) & significand_mask(T) != 0)

# ---- rounding ----------------------------------------------------------------------------------------------------------
trunc(x::IEEEFloat) = trunc_llvm(x)
floor(x::IEEEFloat) = floor_llvm(x)
ceil(x::IEEEFloat) = ceil_llvm(x)
round(x::IEEEFloat) = rint_llvm(x)

struct RoundingMode{T} end
const RoundNearest = RoundingMode{:Nearest}()
const RoundToZero = RoundingMode{:ToZero}()
const RoundUp = RoundingMode{:Up}()
const RoundDown = RoundingMode{:Down}()
const RoundNearestTiesAway = RoundingMode{:NearestTiesAway}()
const RoundNearestTiesUp = RoundingMode{:NearestTiesUp}()
const RoundFromZero = RoundingMode{:FromZero}()
round(x::IEEEFloat, ::RoundingMode{:Nearest}) = rint_llvm(x)
round(x::IEEEFloat, ::RoundingMode{:ToZero}) = trunc_llvm(x)
round(x::IEEEFloat, ::RoundingMode{:Up}) = ceil_llvm(x)
round(x::IEEEFloat, ::RoundingMode{:Down}) = floor_llvm(x)
round(x::IEEEFloat, ::RoundingMode{:NearestTiesAway}) = (t = trunc(x); abs(x - t) >= 0.5 ? t + copysign(one(x), x) : t)
round(x::IEEEFloat, ::RoundingMode{:NearestTiesUp}) = floor(x + oftype(x, 0.5)) == x + oftype(x, 0.5) ? floor(x + oftype(x, 0.5)) : round(x)
round(x::IEEEFloat, ::RoundingMode{:FromZero}) = signbit(x) ? floor(x) : ceil(x)
round(::Type{T}, x::IEEEFloat, r::RoundingMode) where {T<:Integer} = trunc(T, round(x, r))
round(x::Integer, ::RoundingMode) = x

# ---- eps, nextfloat, prevfloat -----------------------------------------------------------------------------------------
function nextfloat(f::T, d::Integer) where {T<:IEEEFloat}
    isnan(f) && return f
    S = _sint_of(T)
    fi = Int64(bitcast(S, f))
    fi = fi < 0 ? -(fi & Int64(typemax(S))) : fi
    lim = Int64(bitcast(S, T(Inf)))
    dd = Int64(clamp(d, -lim, lim))
    r = clamp(fi + dd, -lim, lim)
    if r < 0
        return bitcast(T, rem(-r, S) | typemin(S))
    elseif r == 0 && fi == 0 && signbit(f) && dd == 0
        return f
    else
        return bitcast(T, rem(r, S))
    end
end
nextfloat(x::IEEEFloat) = nextfloat(x, 1)
prevfloat(x::IEEEFloat) = nextfloat(x, -1)
prevfloat(x::IEEEFloat, d::Integer) = nextfloat(x, -d)
function eps(x::T) where {T<:IEEEFloat}
    isfinite(x) || return T(NaN)
    y = abs(x)
    return nextfloat(y) - y
end
eps(::Type{Float64}) = bitcast(Float64, 0x3cb0000000000000)
eps(::Type{Float32}) = bitcast(Float32, 0x34000000)
eps(::Type{Float16}) = bitcast(Float16, 0x1400)
eps() = eps(Float64)
floatmax(::Type{Float64}) = bitcast(Float64, 0x7fefffffffffffff)
floatmax(::Type{Float32}) = bitcast(Float32, 0x7f7fffff)
floatmax(::Type{Float16}) = bitcast(Float16, 0x7bff)
floatmin(::Type{Float64}) = bitcast(Float64, 0x0010000000000000)
floatmin(::Type{Float32}) = bitcast(Float32, 0x00800000)
floatmin(::Type{Float16}) = bitcast(Float16, 0x0400)
floatmax(x::T) where {T<:AbstractFloat} = floatmax(T)
floatmin(x::T) where {T<:AbstractFloat} = floatmin(T)
typemin(::Type{T}) where {T<:IEEEFloat} = -T(Inf)
typemax(::Type{T}) where {T<:IEEEFloat} = T(Inf)
(::Type{Float32})(x::Float32) = x

function exponent(x::T) where {T<:IEEEFloat}
    xu = bitcast(_uint_of(T), abs(x))
    (isnan(x) || isinf(x) || x == 0) && throw(DomainError(x, "Cannot be NaN or Inf."))
    k = Int((xu & exponent_mask(T)) >> significand_bits(T))
    if k == 0
        m = leading_zeros(xu) - exponent_bits(T)
        return 1 - exponent_bias(T) - m
    end
    return k - exponent_bias(T)
end
function significand(x::T) where {T<:IEEEFloat}
    (x == 0 || !isfinite(x)) && return x
    return x / ldexp(one(T), exponent(x))
end
function ldexp(x::T, e::Integer) where {T<:IEEEFloat}
    return T(ccall(:ldexp, Float64, (Float64, Int32), Float64(x), Int32(clamp(e, -100000, 100000))))
end
ldexp(x::Float64, e::Integer) = ccall(:ldexp, Float64, (Float64, Int32), x, Int32(clamp(e, -100000, 100000)))
function frexp(x::T) where {T<:IEEEFloat}
    (x == 0 || !isfinite(x)) && return (x, 0)
    e = exponent(x) + 1
    return (ldexp(x, -e), e)
end

# mixed float/integer arithmetic without going through promote (the common case, kept direct so that
# inference and codegen see concrete types)
for op in (:+, :-, :*, :/, :rem, :mod, :min, :max)
    for F in (:Float64, :Float32, :Float16)
        @eval begin
            $op(x::$F, y::BitInteger) = $op(x, $F(y))
            $op(x::BitInteger, y::$F) = $op($F(x), y)
        end
    end
end
