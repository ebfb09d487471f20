# number.jl: generic functions over Number (zero/one, sign, abs, iteration of scalars...).

isinteger(x::Integer) = true
isinteger(x::Number) = isfinite(x) && x == trunc(x)
isreal(x::Real) = true
iszero(x) = x == zero(x)
isone(x) = x == one(x)
isfinite(x::Number) = iszero(x - x)
isfinite(x::Integer) = true
isinf(x::Real) = !isnan(x) & !isfinite(x)
isnan(x::Real) = x != x
ispow2(x::Integer) = x > 0 && count_ones(x) == 1

size(x::Number) = ()
size(x::Number, d::Integer) = d < 1 ? throw(BoundsError()) : 1
axes(x::Number) = ()
eltype(::Type{T}) where {T<:Number} = T
ndims(x::Number) = 0
ndims(::Type{<:Number}) = 0
length(x::Number) = 1
firstindex(x::Number) = 1
lastindex(x::Number) = 1
first(x::Number) = x
last(x::Number) = x
iterate(x::Number) = (x, nothing)
iterate(x::Number, ::Any) = nothing
isempty(x::Number) = false
in(x::Number, y::Number) = x == y
getindex(x::Number) = x
function getindex(x::Number, i::Integer)
    i == 1 || throw(BoundsError(x, i))
    x
end
copy(x::Number) = x
signbit(x::Real) = x < 0
sign(x::Real) = ifelse(x < zero(x), oftype(one(x), -1), ifelse(x > zero(x), one(x), typeof(one(x))(x)))
abs(x::Real) = ifelse(signbit(x), -x, x)
abs2(x::Number) = abs(x)^2
abs2(x::Real) = x * x
flipsign(x::Real, y::Real) = ifelse(signbit(y), -x, +x)
copysign(x::Real, y::Real) = ifelse(signbit(x) != signbit(y), -x, +x)
conj(x::Real) = x
transpose(x::Number) = x
adjoint(x::Number) = conj(x)
real(x::Real) = x
imag(x::Real) = zero(x)
real(T::Type{<:Real}) = T
inv(x::Number) = one(x) / x
angle(z::Real) = atan(zero(z), z)
-(x::Number) = zero(x) - x
+(x::Number) = x
*(x::Number) = x
(&)(x::Integer) = x
(|)(x::Integer) = x
xor(x::Integer) = x
muladd(x, y, z) = x * y + z
divrem(x, y) = (div(x, y), rem(x, y))
fldmod(x, y) = (fld(x, y), mod(x, y))
fldmod1(x, y) = (fld1(x, y), mod1(x, y))
mod1(x::T, y::T) where {T<:Real} = (m = mod(x, y); ifelse(m == 0, y, m))
fld1(x::T, y::T) where {T<:Real} = (m = mod1(x, y); fld(x + y - m, y))
zero(x::Number) = oftype(x, 0)
zero(::Type{T}) where {T<:Number} = convert(T, 0)
one(x::Number) = oftype(x, 1)
one(::Type{T}) where {T<:Number} = convert(T, 1)
oneunit(x::T) where {T} = T(one(x))
oneunit(::Type{T}) where {T} = T(one(T))
zero(::Type{Any}) = 0
float(x::Number) = convert(float(typeof(x)), x)
float(::Type{T}) where {T<:AbstractFloat} = T
float(::Type{T}) where {T<:Integer} = Float64
big(x) = convert(BigInt, x)
widemul(x::Number, y::Number) = widen(x) * widen(y)
map(f, x::Number, ys::Number...) = f(x, ys...)
