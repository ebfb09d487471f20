# int.jl: the bit integer types (Int8 ... UInt128): conversions, arithmetic, comparison, shifts,
# bit counts, typemin/typemax, checked arithmetic. All over Core.Intrinsics.

const % = rem

# ---- signed/unsigned type maps -------------------------------------------------------------------------
_unsigned_type(::Type{Int8}) = UInt8
_unsigned_type(::Type{Int16}) = UInt16
_unsigned_type(::Type{Int32}) = UInt32
_unsigned_type(::Type{Int64}) = UInt64
_unsigned_type(::Type{Int128}) = UInt128
_unsigned_type(::Type{T}) where {T<:BitUnsigned} = T
_signed_type(::Type{UInt8}) = Int8
_signed_type(::Type{UInt16}) = Int16
_signed_type(::Type{UInt32}) = Int32
_signed_type(::Type{UInt64}) = Int64
_signed_type(::Type{UInt128}) = Int128
_signed_type(::Type{T}) where {T<:BitSigned} = T

unsigned(::Type{T}) where {T<:BitInteger} = _unsigned_type(T)
signed(::Type{T}) where {T<:BitInteger} = _signed_type(T)
unsigned(::Type{Bool}) = UInt8
unsigned(x::BitSigned) = bitcast(_unsigned_type(typeof(x)), x)
unsigned(x::BitUnsigned) = x
unsigned(x::Bool) = convert(UInt8, x)
signed(x::BitUnsigned) = bitcast(_signed_type(typeof(x)), x)
signed(x::BitSigned) = x
signed(x::Bool) = convert(Int8, x)
unsigned(x::Integer) = convert(unsigned(typeof(x)), x)
signed(x::Integer) = convert(signed(typeof(x)), x)

# ---- wrapping conversion: x % T -------------------------------------------------------------------------
rem(x::T, ::Type{T}) where {T<:BitInteger} = x
function rem(x::BitInteger, ::Type{T}) where {T<:BitInteger}
    n = sizeof(T)
    m = sizeof(x)
    if n < m
        return trunc_int(T, x)
    elseif n == m
        return bitcast(T, x)
    elseif isa(x, BitSigned)
        return sext_int(T, x)
    else
        return zext_int(T, x)
    end
end
rem(x::Bool, ::Type{T}) where {T<:BitInteger} = ifelse(x, rem(1, T), rem(0, T))
rem(x::Integer, ::Type{Bool}) = (x & one(x)) != zero(x)
rem(x::Bool, ::Type{Bool}) = x

zero(::Type{T}) where {T<:BitInteger} = rem(0, T)
one(::Type{T}) where {T<:BitInteger} = rem(1, T)
zero(x::BitInteger) = rem(0, typeof(x))
one(x::BitInteger) = rem(1, typeof(x))

signbit(x::BitSigned) = slt_int(x, rem(0, typeof(x)))
signbit(x::BitUnsigned) = false

# ---- checked conversions: T(x) ------------------------------------------------------------------------------
function (::Type{T})(x::BitInteger) where {T<:BitInteger}
    isa(x, T) && return x
    y = rem(x, T)
    if sizeof(T) < sizeof(x)
        if !(rem(y, typeof(x)) === x && signbit(x) === signbit(y))
            throw(InexactError(:trunc, T, x))
        end
    elseif signbit(x) !== signbit(y)
        throw(InexactError(:check_top_bit, T, x))
    end
    return y
end
(::Type{T})(x::Bool) where {T<:BitInteger} = rem(x, T)
convert(::Type{T}, x::T) where {T<:Number} = x
convert(::Type{T}, x::Number) where {T<:Number} = T(x)

# float -> integer
_pow2f(k::Int) = bitcast(Float64, shl_int(rem(1023 + k, UInt64), rem(52, UInt64)))
function _float_in_range(::Type{T}, t::Float64) where {T<:BitInteger}
    nb = 8 * sizeof(T)
    if T <: BitSigned
        return le_float(-_pow2f(nb - 1), t) & lt_float(t, _pow2f(nb - 1))
    else
        return lt_float(-1.0, t) & lt_float(t, _pow2f(nb))
    end
end
unsafe_trunc(::Type{T}, x::IEEEFloat) where {T<:BitSigned} = fptosi(T, x)
unsafe_trunc(::Type{T}, x::IEEEFloat) where {T<:BitUnsigned} = fptoui(T, x)
unsafe_trunc(::Type{T}, x::Integer) where {T<:Integer} = rem(x, T)
function (::Type{T})(x::IEEEFloat) where {T<:BitInteger}
    xf = Float64(x)
    if _float_in_range(T, xf) && eq_float(trunc_llvm(xf), xf)
        return unsafe_trunc(T, xf)
    end
    throw(InexactError(nameof(T), T, x))
end
function trunc(::Type{T}, x::IEEEFloat) where {T<:BitInteger}
    t = trunc_llvm(Float64(x))
    _float_in_range(T, t) && return unsafe_trunc(T, t)
    throw(InexactError(:trunc, T, x))
end
floor(::Type{T}, x::IEEEFloat) where {T<:Integer} = trunc(T, floor(x))
ceil(::Type{T}, x::IEEEFloat) where {T<:Integer} = trunc(T, ceil(x))
round(::Type{T}, x::IEEEFloat) where {T<:Integer} = trunc(T, round(x))
trunc(::Type{T}, x::Integer) where {T<:Integer} = convert(T, x)
floor(::Type{T}, x::Integer) where {T<:Integer} = convert(T, x)
ceil(::Type{T}, x::Integer) where {T<:Integer} = convert(T, x)
round(::Type{T}, x::Integer) where {T<:Integer} = convert(T, x)
trunc(x::Integer) = x
floor(x::Integer) = x
ceil(x::Integer) = x
round(x::Integer) = x

Integer(x::Integer) = x
Integer(x::Real) = Int(x)
Signed(x::Signed) = x
Signed(x::Integer) = signed(x)
Unsigned(x::Unsigned) = x
Unsigned(x::Integer) = unsigned(x)

# ---- typemin / typemax -------------------------------------------------------------------------------------------
typemin(::Type{Int8}) = bitcast(Int8, 0x80)
typemax(::Type{Int8}) = bitcast(Int8, 0x7f)
typemin(::Type{UInt8}) = 0x00
typemax(::Type{UInt8}) = 0xff
typemin(::Type{Int16}) = bitcast(Int16, 0x8000)
typemax(::Type{Int16}) = bitcast(Int16, 0x7fff)
typemin(::Type{UInt16}) = 0x0000
typemax(::Type{UInt16}) = 0xffff
typemin(::Type{Int32}) = bitcast(Int32, 0x80000000)
typemax(::Type{Int32}) = bitcast(Int32, 0x7fffffff)
typemin(::Type{UInt32}) = 0x00000000
typemax(::Type{UInt32}) = 0xffffffff
typemin(::Type{Int64}) = bitcast(Int64, 0x8000000000000000)
typemax(::Type{Int64}) = bitcast(Int64, 0x7fffffffffffffff)
typemin(::Type{UInt64}) = 0x0000000000000000
typemax(::Type{UInt64}) = 0xffffffffffffffff
typemin(::Type{Int128}) = bitcast(Int128, 0x80000000000000000000000000000000)
typemax(::Type{Int128}) = bitcast(Int128, 0x7fffffffffffffffffffffffffffffff)
typemin(::Type{UInt128}) = 0x00000000000000000000000000000000
typemax(::Type{UInt128}) = 0xffffffffffffffffffffffffffffffff
typemin(x::Real) = typemin(typeof(x))
typemax(x::Real) = typemax(typeof(x))

# ---- promotion -------------------------------------------------------------------------------------------------------
function promote_rule(::Type{T}, ::Type{S}) where {T<:BitInteger,S<:BitInteger}
    T === S && return T
    ts = T <: BitSigned
    ss = S <: BitSigned
    if ts === ss
        return sizeof(T) >= sizeof(S) ? T : S
    end
    U = ts ? S : T
    I = ts ? T : S
    return sizeof(U) >= sizeof(I) ? U : I
end

# ---- arithmetic ----------------------------------------------------------------------------------------------------
-(x::BitInteger) = neg_int(x)
+(x::T, y::T) where {T<:BitInteger} = add_int(x, y)
-(x::T, y::T) where {T<:BitInteger} = sub_int(x, y)
*(x::T, y::T) where {T<:BitInteger} = mul_int(x, y)
/(x::T, y::T) where {T<:Integer} = float(x) / float(y)
inv(x::Integer) = float(one(x)) / float(x)

div(x::T, y::T) where {T<:BitSigned} = checked_sdiv_int(x, y)
div(x::T, y::T) where {T<:BitUnsigned} = checked_udiv_int(x, y)
function rem(x::T, y::T) where {T<:BitSigned}
    y === rem(-1, T) && return zero(T)
    return checked_srem_int(x, y)
end
rem(x::T, y::T) where {T<:BitUnsigned} = checked_urem_int(x, y)

function fld(x::T, y::T) where {T<:BitSigned}
    d = div(x, y)
    return ifelse(signbit(xor(x, y)) & (mul_int(d, y) !== x), sub_int(d, one(T)), d)
end
fld(x::T, y::T) where {T<:BitUnsigned} = div(x, y)
function cld(x::T, y::T) where {T<:BitSigned}
    d = div(x, y)
    return ifelse(!signbit(xor(x, y)) & (mul_int(d, y) !== x), add_int(d, one(T)), d)
end
function cld(x::T, y::T) where {T<:BitUnsigned}
    d = div(x, y)
    return ifelse(mul_int(d, y) !== x, add_int(d, one(T)), d)
end
function mod(x::T, y::T) where {T<:BitSigned}
    y === rem(-1, T) && return zero(T)
    r = rem(x, y)
    return ifelse((r !== zero(T)) & (signbit(r) !== signbit(y)), add_int(r, y), r)
end
mod(x::T, y::T) where {T<:BitUnsigned} = rem(x, y)
mod(x::Integer, ::Type{T}) where {T<:Integer} = rem(x, T)
const ÷ = div

abs(x::BitSigned) = flipsign_int(x, x)
abs(x::BitUnsigned) = x
flipsign(x::T, y::T) where {T<:BitSigned} = flipsign_int(x, y)
flipsign(x::BitSigned, y::BitSigned) = flipsign_int(promote(x, y)...) % typeof(x + y)
copysign(x::BitSigned, y::Real) = ifelse(signbit(x) !== signbit(y), -x, x)
uabs(x::BitSigned) = unsigned(abs(x))
uabs(x::BitUnsigned) = x

isodd(n::Integer) = rem(n, 2) != 0
iseven(n::Integer) = rem(n, 2) == 0
isodd(n::BitInteger) = and_int(n, one(n)) !== zero(n)
iseven(n::BitInteger) = and_int(n, one(n)) === zero(n)

# ---- comparison -------------------------------------------------------------------------------------------------------
==(x::T, y::T) where {T<:BitInteger} = eq_int(x, y)
!=(x::T, y::T) where {T<:BitInteger} = ne_int(x, y)
<(x::T, y::T) where {T<:BitSigned} = slt_int(x, y)
<(x::T, y::T) where {T<:BitUnsigned} = ult_int(x, y)
<=(x::T, y::T) where {T<:BitSigned} = sle_int(x, y)
<=(x::T, y::T) where {T<:BitUnsigned} = ule_int(x, y)

==(x::BitSigned, y::BitUnsigned) = !signbit(x) & (unsigned(x) == y)
==(x::BitUnsigned, y::BitSigned) = !signbit(y) & (x == unsigned(y))
<(x::BitSigned, y::BitUnsigned) = signbit(x) | (unsigned(x) < y)
<(x::BitUnsigned, y::BitSigned) = !signbit(y) & (x < unsigned(y))
<=(x::BitSigned, y::BitUnsigned) = signbit(x) | (unsigned(x) <= y)
<=(x::BitUnsigned, y::BitSigned) = !signbit(y) & (x <= unsigned(y))

isless(x::Integer, y::Integer) = x < y

# ---- bitwise ---------------------------------------------------------------------------------------------------------------
~(x::BitInteger) = not_int(x)
(&)(x::T, y::T) where {T<:BitInteger} = and_int(x, y)
(|)(x::T, y::T) where {T<:BitInteger} = or_int(x, y)
xor(x::T, y::T) where {T<:BitInteger} = xor_int(x, y)

bswap(x::BitInteger) = sizeof(x) == 1 ? x : bswap_int(x)
count_ones(x::BitInteger) = Int(ctpop_int(x))
count_zeros(x::Integer) = count_ones(~x)
leading_zeros(x::BitInteger) = Int(ctlz_int(x))
trailing_zeros(x::BitInteger) = Int(cttz_int(x))
leading_ones(x::Integer) = leading_zeros(~x)
trailing_ones(x::Integer) = trailing_zeros(~x)
top_set_bit(x::BitInteger) = 8 * sizeof(x) - leading_zeros(x)

_nbits_as(::Type{T}, y::BitUnsigned) where {T} = rem(8 * sizeof(T), typeof(y))
function <<(x::T, y::BitUnsigned) where {T<:BitInteger}
    return ult_int(y, _nbits_as(T, y)) ? shl_int(x, rem(y, T)) : zero(T)
end
function >>(x::T, y::BitUnsigned) where {T<:BitSigned}
    n = _nbits_as(T, y)
    return ult_int(y, n) ? ashr_int(x, rem(y, T)) : ashr_int(x, rem(sub_int(n, one(n)), T))
end
function >>(x::T, y::BitUnsigned) where {T<:BitUnsigned}
    return ult_int(y, _nbits_as(T, y)) ? lshr_int(x, rem(y, T)) : zero(T)
end
function >>>(x::T, y::BitUnsigned) where {T<:BitInteger}
    return ult_int(y, _nbits_as(T, y)) ? lshr_int(x, rem(y, T)) : zero(T)
end
<<(x::BitInteger, y::BitSigned) = signbit(y) ? (x >> unsigned(neg_int(y))) : (x << unsigned(y))
>>(x::BitInteger, y::BitSigned) = signbit(y) ? (x << unsigned(neg_int(y))) : (x >> unsigned(y))
>>>(x::BitInteger, y::BitSigned) = signbit(y) ? (x << unsigned(neg_int(y))) : (x >>> unsigned(y))
<<(x::Integer, y::Integer) = x << Int(y)
>>(x::Integer, y::Integer) = x >> Int(y)
>>>(x::Integer, y::Integer) = x >>> Int(y)

# ---- powers -------------------------------------------------------------------------------------------------------------------
function power_by_squaring(x, p::Integer)
    if p == 1
        return copy(x)
    elseif p == 0
        return one(x)
    elseif p == 2
        return x * x
    elseif p < 0
        isone(x) && return copy(x)
        isone(-x) && return iseven(p) ? one(x) : copy(x)
        throw_domerr_powbysq(x, p)
    end
    t = trailing_zeros(p) + 1
    p >>= t
    while (t -= 1) > 0
        x *= x
    end
    y = x
    while p > 0
        t = trailing_zeros(p) + 1
        p >>= t
        while (t -= 1) >= 0
            x *= x
        end
        y *= x
    end
    return y
end
function throw_domerr_powbysq(x, p)
    throw(DomainError(p, string("Cannot raise an integer x to a negative power ", p, ".",
        "\nMake x or ", p, " a float by adding a zero decimal ",
        "(e.g., 2.0^", p, " or 2^", float(p), " instead of 2^", p, ")",
        "or write 1/x^", -p, ", float(x)^", p, ", x^float(", p, ") or (x//1)^", p, ".")))
end
^(x::T, p::T) where {T<:BitInteger} = power_by_squaring(x, p)
^(x::BitInteger, p::BitInteger) = power_by_squaring(x, p)
^(x::Bool, p::Integer) = p == 0 ? true : (p < 0 ? (x ? true : throw(DivideError())) : x)

const HWNumber = Union{Bool,BitInteger,IEEEFloat}
literal_pow(f, x, ::Val{p}) where {p} = f(x, p)
literal_pow(::typeof(^), x::HWNumber, ::Val{0}) = one(x)
literal_pow(::typeof(^), x::HWNumber, ::Val{1}) = x
literal_pow(::typeof(^), x::HWNumber, ::Val{2}) = x * x
literal_pow(::typeof(^), x::HWNumber, ::Val{3}) = x * x * x
literal_pow(::typeof(^), x::HWNumber, ::Val{-1}) = inv(x)
literal_pow(::typeof(^), x::HWNumber, ::Val{-2}) = (i = inv(x); i * i)

# ---- checked arithmetic ---------------------------------------------------------------------------------------------------------
module Checked
import ..Base: BitSigned, BitUnsigned, BitInteger
using Core.Intrinsics
export checked_add, checked_sub, checked_mul, checked_neg, checked_abs, checked_div, checked_rem,
       checked_fld, checked_mod, checked_cld, add_with_overflow, sub_with_overflow, mul_with_overflow

throw_overflowerr_binaryop(op, x, y) =
    throw(OverflowError(Base.string(x, " ", op, " ", y, " overflowed for type ", Base.typeof(x))))

add_with_overflow(x::T, y::T) where {T<:BitSigned} = checked_sadd_int(x, y)
add_with_overflow(x::T, y::T) where {T<:BitUnsigned} = checked_uadd_int(x, y)
sub_with_overflow(x::T, y::T) where {T<:BitSigned} = checked_ssub_int(x, y)
sub_with_overflow(x::T, y::T) where {T<:BitUnsigned} = checked_usub_int(x, y)
mul_with_overflow(x::T, y::T) where {T<:BitSigned} = checked_smul_int(x, y)
mul_with_overflow(x::T, y::T) where {T<:BitUnsigned} = checked_umul_int(x, y)

function checked_add(x::T, y::T) where {T<:BitInteger}
    r = add_with_overflow(x, y)
    getfield(r, 2) && throw_overflowerr_binaryop(:+, x, y)
    return getfield(r, 1)
end
function checked_sub(x::T, y::T) where {T<:BitInteger}
    r = sub_with_overflow(x, y)
    getfield(r, 2) && throw_overflowerr_binaryop(:-, x, y)
    return getfield(r, 1)
end
function checked_mul(x::T, y::T) where {T<:BitInteger}
    r = mul_with_overflow(x, y)
    getfield(r, 2) && throw_overflowerr_binaryop(:*, x, y)
    return getfield(r, 1)
end
checked_add(x::Integer, y::Integer) = checked_add(Base.promote(x, y)...)
checked_sub(x::Integer, y::Integer) = checked_sub(Base.promote(x, y)...)
checked_mul(x::Integer, y::Integer) = checked_mul(Base.promote(x, y)...)
checked_add(x, y, z, rest...) = checked_add(checked_add(x, y), z, rest...)
checked_mul(x, y, z, rest...) = checked_mul(checked_mul(x, y), z, rest...)
function checked_neg(x::T) where {T<:BitInteger}
    checked_sub(Base.zero(T), x)
end
function checked_abs(x::BitSigned)
    x === Base.typemin(Base.typeof(x)) && throw(OverflowError(Base.string("checked arithmetic: cannot compute |x| for x = ", x, "::", Base.typeof(x))))
    return Base.abs(x)
end
checked_abs(x::BitUnsigned) = x
checked_div(x, y) = Base.div(x, y)
checked_rem(x, y) = Base.rem(x, y)
checked_fld(x, y) = Base.fld(x, y)
checked_mod(x, y) = Base.mod(x, y)
checked_cld(x, y) = Base.cld(x, y)
end # module Checked
using .Checked: checked_add, checked_sub, checked_mul, checked_neg, checked_abs, checked_div,
    checked_rem, checked_fld, checked_mod, checked_cld, add_with_overflow, sub_with_overflow, mul_with_overflow

# ---- widen --------------------------------------------------------------------------------------------------------------------------------
widen(::Type{Int8}) = Int16
widen(::Type{Int16}) = Int32
widen(::Type{Int32}) = Int64
widen(::Type{Int64}) = Int128
widen(::Type{UInt8}) = UInt16
widen(::Type{UInt16}) = UInt32
widen(::Type{UInt32}) = UInt64
widen(::Type{UInt64}) = UInt128
widen(::Type{Bool}) = Int8
widen(::Type{Float16}) = Float32
widen(::Type{Float32}) = Float64
widen(x::T) where {T<:Number} = convert(widen(T), x)
