# rational.jl: Rational{T} (exact fractions) and Complex{T}.

struct Rational{T<:Integer} <: Real
    num::T
    den::T
    Rational{T}(::Val{:unchecked}, num, den) where {T<:Integer} = new(num, den)
end
function Rational{T}(num::Integer, den::Integer) where {T<:Integer}
    num == 0 && den == 0 && throw(ArgumentError(string("invalid rational: zero(", T, ")//zero(", T, ")")))
    g = gcd(den, num)
    if den < 0
        g = -g
    end
    if g != 0
        num = div(num, g)
        den = div(den, g)
    end
    return Rational{T}(Val(:unchecked), convert(T, num), convert(T, den))
end
Rational(n::T, d::T) where {T<:Integer} = Rational{T}(n, d)
Rational(n::Integer, d::Integer) = Rational(promote(n, d)...)
Rational(n::Integer) = Rational(n, one(n))
//(n::Integer, d::Integer) = Rational(n, d)
//(x::Rational, y::Integer) = x.num // (x.den * y)
//(x::Integer, y::Rational) = (x * y.den) // y.num
//(x::Rational, y::Rational) = (x.num * y.den) // (x.den * y.num)
numerator(x::Integer) = x
denominator(x::Integer) = one(x)
numerator(x::Rational) = x.num
denominator(x::Rational) = x.den
Rational{T}(x::Rational) where {T<:Integer} = Rational{T}(Val(:unchecked), convert(T, x.num), convert(T, x.den))
Rational{T}(x::Integer) where {T<:Integer} = Rational{T}(Val(:unchecked), convert(T, x), one(T))
convert(::Type{Rational{T}}, x::Rational{T}) where {T<:Integer} = x
convert(::Type{Rational{T}}, x::Number) where {T<:Integer} = Rational{T}(x)
(::Type{T})(x::Rational) where {T<:AbstractFloat} = convert(T, x.num) / convert(T, x.den)
Float64(x::Rational) = Float64(x.num) / Float64(x.den)
Float32(x::Rational) = Float32(Float64(x))
function (::Type{T})(x::Rational) where {T<:Integer}
    x.den == 1 || throw(InexactError(nameof(T), T, x))
    return convert(T, x.num)
end
Bool(x::Rational) = x == 0 ? false : x == 1 ? true : throw(InexactError(:Bool, Bool, x))
promote_rule(::Type{Rational{T}}, ::Type{S}) where {T<:Integer,S<:Integer} = Rational{promote_type(T, S)}
promote_rule(::Type{Rational{T}}, ::Type{Rational{S}}) where {T<:Integer,S<:Integer} = Rational{promote_type(T, S)}
promote_rule(::Type{Rational{T}}, ::Type{S}) where {T<:Integer,S<:AbstractFloat} = promote_type(T, S)
float(x::Rational) = Float64(x)
show(io::IO, x::Rational) = (show(io, numerator(x)); print(io, "//"); show(io, denominator(x)))
zero(::Type{Rational{T}}) where {T} = Rational{T}(Val(:unchecked), zero(T), one(T))
one(::Type{Rational{T}}) where {T} = Rational{T}(Val(:unchecked), one(T), one(T))
-(x::Rational) = Rational(-x.num, x.den)
+(x::Rational, y::Rational) = (x.num * y.den + x.den * y.num) // (x.den * y.den)
-(x::Rational, y::Rational) = (x.num * y.den - x.den * y.num) // (x.den * y.den)
*(x::Rational, y::Rational) = (x.num * y.num) // (x.den * y.den)
/(x::Rational, y::Rational) = (x.num * y.den) // (x.den * y.num)
inv(x::Rational) = x.den // x.num
==(x::Rational, y::Rational) = (x.num == y.num) & (x.den == y.den)
==(x::Rational, y::Integer) = (x.den == 1) & (x.num == y)
==(x::Integer, y::Rational) = y == x
<(x::Rational, y::Rational) = x.num * y.den < y.num * x.den
<=(x::Rational, y::Rational) = x.num * y.den <= y.num * x.den
isless(x::Rational, y::Rational) = x < y
abs(x::Rational) = Rational(abs(x.num), x.den)
sign(x::Rational) = oftype(x, sign(x.num))
signbit(x::Rational) = signbit(x.num)
isinteger(x::Rational) = x.den == 1
iszero(x::Rational) = iszero(x.num)
trunc(x::Rational) = Rational(div(x.num, x.den))
floor(x::Rational) = Rational(fld(x.num, x.den))
ceil(x::Rational) = Rational(cld(x.num, x.den))
round(x::Rational) = Rational(round(Int, Float64(x)))
trunc(::Type{T}, x::Rational) where {T<:Integer} = convert(T, div(x.num, x.den))
floor(::Type{T}, x::Rational) where {T<:Integer} = convert(T, fld(x.num, x.den))
ceil(::Type{T}, x::Rational) where {T<:Integer} = convert(T, cld(x.num, x.den))
round(::Type{T}, x::Rational) where {T<:Integer} = round(T, Float64(x))
hash(x::Rational, h::UInt) = x.den == 1 ? hash(x.num, h) : hash(Float64(x), h)
^(x::Rational, n::Integer) = n >= 0 ? (x.num^n) // (x.den^n) : (x.den^(-n)) // (x.num^(-n))
rationalize(x::AbstractFloat; tol::Real=eps(x)) = rationalize(Int, x; tol=tol)
function rationalize(_T::Type{T}, x::AbstractFloat; tol::Real=eps(x)) where {T<:Integer}
    a = floor(x)
    p0, q0, p1, q1 = one(T), zero(T), T(a), one(T)
    f = x - a
    while abs(Float64(p1) / Float64(q1) - x) > tol && f != 0
        y = 1 / f
        a = floor(y)
        f = y - a
        p0, q0, p1, q1 = p1, q1, T(a) * p1 + p0, T(a) * q1 + q0
    end
    return p1 // q1
end

# ---- Complex -------------------------------------------------------------------------------------------------------
struct Complex{T<:Real} <: Number
    re::T
    im::T
end
Complex(x::T, y::T) where {T<:Real} = Complex{T}(x, y)
Complex(x::Real, y::Real) = Complex(promote(x, y)...)
Complex(x::Real) = Complex(x, zero(x))
Complex{T}(x::Real) where {T<:Real} = Complex{T}(convert(T, x), zero(T))
Complex{T}(z::Complex) where {T<:Real} = Complex{T}(convert(T, z.re), convert(T, z.im))
convert(::Type{Complex{T}}, z::Complex{T}) where {T<:Real} = z
convert(::Type{Complex{T}}, z::Number) where {T<:Real} = Complex{T}(z)
const ComplexF64 = Complex{Float64}
const ComplexF32 = Complex{Float32}
const im = Complex(false, true)
complex(x::Real, y::Real) = Complex(x, y)
complex(x::Real) = Complex(x)
complex(z::Complex) = z
real(z::Complex) = z.re
imag(z::Complex) = z.im
real(::Type{Complex{T}}) where {T} = T
conj(z::Complex) = Complex(z.re, -z.im)
abs(z::Complex) = hypot(z.re, z.im)
abs2(z::Complex) = z.re * z.re + z.im * z.im
angle(z::Complex) = atan(z.im, z.re)
isreal(z::Complex) = iszero(z.im)
isfinite(z::Complex) = isfinite(z.re) & isfinite(z.im)
isnan(z::Complex) = isnan(z.re) | isnan(z.im)
iszero(z::Complex) = iszero(z.re) & iszero(z.im)
zero(::Type{Complex{T}}) where {T} = Complex{T}(zero(T), zero(T))
one(::Type{Complex{T}}) where {T} = Complex{T}(one(T), zero(T))
promote_rule(::Type{Complex{T}}, ::Type{S}) where {T<:Real,S<:Real} = Complex{promote_type(T, S)}
promote_rule(::Type{Complex{T}}, ::Type{Complex{S}}) where {T<:Real,S<:Real} = Complex{promote_type(T, S)}
==(z::Complex, w::Complex) = (z.re == w.re) & (z.im == w.im)
==(z::Complex, x::Real) = isreal(z) && z.re == x
==(x::Real, z::Complex) = z == x
hash(z::Complex, h::UInt) = hash(z.re, hash(z.im, h + 0x3e9f8d7c6b5a4f30))
-(z::Complex) = Complex(-z.re, -z.im)
+(z::Complex, w::Complex) = Complex(z.re + w.re, z.im + w.im)
-(z::Complex, w::Complex) = Complex(z.re - w.re, z.im - w.im)
*(z::Complex, w::Complex) = Complex(z.re * w.re - z.im * w.im, z.re * w.im + z.im * w.re)
function /(z::Complex, w::Complex)
    d = abs2(w)
    return Complex((z.re * w.re + z.im * w.im) / d, (z.im * w.re - z.re * w.im) / d)
end
*(x::Bool, z::Complex{Bool}) = Complex(x & z.re, x & z.im)
*(x::Real, z::Complex) = Complex(x * z.re, x * z.im)
*(z::Complex, x::Real) = Complex(z.re * x, z.im * x)
+(x::Real, z::Complex) = Complex(x + z.re, z.im)
+(z::Complex, x::Real) = Complex(z.re + x, z.im)
-(x::Real, z::Complex) = Complex(x - z.re, -z.im)
-(z::Complex, x::Real) = Complex(z.re - x, z.im)
/(z::Complex, x::Real) = Complex(z.re / x, z.im / x)
inv(z::Complex) = conj(z) / abs2(z)
function sqrt(z::Complex)
    x = float(z.re)
    y = float(z.im)
    r = sqrt(hypot(x, y))
    if x >= 0
        t = sqrt((hypot(x, y) + x) / 2)
        return Complex(t, y / (2 * t == 0 ? one(t) : 2 * t))
    else
        t = sqrt((hypot(x, y) - x) / 2)
        return Complex(abs(y) / (2 * t), copysign(t, y))
    end
end
exp(z::Complex) = (e = exp(z.re); Complex(e * cos(z.im), e * sin(z.im)))
^(z::Complex, n::Integer) = n >= 0 ? power_by_squaring(z, n) : inv(power_by_squaring(z, -n))
function show(io::IO, z::Complex)
    r, i = z.re, z.im
    compact = get(io, :compact, false) === true
    show(io, r)
    if signbit(i) && !(i isa AbstractFloat && isnan(i))
        i = -i
        print(io, compact ? "-" : " - ")
    else
        print(io, compact ? "+" : " + ")
    end
    show(io, i)
    if !(i isa Integer && !(i isa Bool)) && !(i isa AbstractFloat && isfinite(i))
        print(io, "*")
    end
    print(io, "im")
end
show(io::IO, z::Complex{Bool}) = z == im ? print(io, "im") : (print(io, "Complex("); show(io, z.re); print(io, ", "); show(io, z.im); print(io, ")"))
