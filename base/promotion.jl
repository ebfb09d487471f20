# promotion.jl: promote_type / promote_rule / promote, and the arithmetic fallbacks that promote.

promote_type() = Bottom
promote_type(T) = T
promote_type(T, S, U, V...) = promote_type(promote_type(T, S), U, V...)
promote_type(::Type{Bottom}, ::Type{Bottom}) = Bottom
promote_type(::Type{T}, ::Type{T}) where {T} = T
promote_type(::Type{T}, ::Type{Bottom}) where {T} = T
promote_type(::Type{Bottom}, ::Type{T}) where {T} = T

function promote_type(::Type{T}, ::Type{S}) where {T,S}
    return promote_result(T, S, promote_rule(T, S), promote_rule(S, T))
end

promote_rule(::Type, ::Type) = Bottom
promote_rule(::Type{Nothing}, ::Type{S}) where {S} = Union{S,Nothing}
promote_rule(::Type{Missing}, ::Type{S}) where {S} = Union{S,Missing}
promote_rule(::Type{Nothing}, ::Type{Missing}) = Union{Nothing,Missing}
promote_rule(::Type{Missing}, ::Type{Nothing}) = Union{Nothing,Missing}

promote_result(::Type, ::Type, ::Type{T}, ::Type{S}) where {T,S} = promote_type(T, S)
promote_result(::Type{T}, ::Type{S}, ::Type{Bottom}, ::Type{Bottom}) where {T,S} = typejoin(T, S)

promote() = ()
promote(x) = (x,)
function promote(x, y)
    T = promote_type(typeof(x), typeof(y))
    return (convert(T, x), convert(T, y))
end
function promote(x, y, z)
    T = promote_type(typeof(x), typeof(y), typeof(z))
    return (convert(T, x), convert(T, y), convert(T, z))
end
function promote(x, y, z, a...)
    T = promote_type(typeof(x), typeof(y), typeof(z), map(typeof, a)...)
    return (convert(T, x), convert(T, y), convert(T, z), map(v -> convert(T, v), a)...)
end

promote_typeof(x) = typeof(x)
promote_typeof(x, xs...) = promote_type(typeof(x), promote_typeof(xs...))

# Numbers: promote and retry; no_op_err when promotion changes nothing.
+(x::Number, y::Number) = +(promote(x, y)...)
*(x::Number, y::Number) = *(promote(x, y)...)
-(x::Number, y::Number) = -(promote(x, y)...)
/(x::Number, y::Number) = /(promote(x, y)...)
^(x::Number, y::Number) = ^(promote(x, y)...)
fma(x::Number, y::Number, z::Number) = fma(promote(x, y, z)...)
muladd(x::Number, y::Number, z::Number) = muladd(promote(x, y, z)...)
==(x::Number, y::Number) = ==(promote(x, y)...)
<(x::Real, y::Real) = <(promote(x, y)...)
<=(x::Real, y::Real) = <=(promote(x, y)...)
div(x::Real, y::Real) = div(promote(x, y)...)
fld(x::Real, y::Real) = fld(promote(x, y)...)
cld(x::Real, y::Real) = cld(promote(x, y)...)
rem(x::Real, y::Real) = rem(promote(x, y)...)
mod(x::Real, y::Real) = mod(promote(x, y)...)
mod1(x::Real, y::Real) = mod1(promote(x, y)...)
fld1(x::Real, y::Real) = fld1(promote(x, y)...)
max(x::Real, y::Real) = max(promote(x, y)...)
min(x::Real, y::Real) = min(promote(x, y)...)
minmax(x::Real, y::Real) = minmax(promote(x, y)...)
(&)(x::Integer, y::Integer) = (&)(promote(x, y)...)
(|)(x::Integer, y::Integer) = (|)(promote(x, y)...)
xor(x::Integer, y::Integer) = xor(promote(x, y)...)

no_op_err(name, T) = error(name, " not defined for ", T)
+(x::T, y::T) where {T<:Number} = no_op_err("+", T)
*(x::T, y::T) where {T<:Number} = no_op_err("*", T)
-(x::T, y::T) where {T<:Number} = no_op_err("-", T)
/(x::T, y::T) where {T<:Number} = no_op_err("/", T)
^(x::T, y::T) where {T<:Number} = no_op_err("^", T)
fma(x::T, y::T, z::T) where {T<:Number} = no_op_err("fma", T)
muladd(x::T, y::T, z::T) where {T<:Number} = x * y + z
(&)(x::T, y::T) where {T<:Integer} = no_op_err("&", T)
(|)(x::T, y::T) where {T<:Integer} = no_op_err("|", T)
xor(x::T, y::T) where {T<:Integer} = no_op_err("xor", T)
==(x::T, y::T) where {T<:Number} = x === y
<(x::T, y::T) where {T<:Real} = no_op_err("<", T)
<=(x::T, y::T) where {T<:Real} = (x == y) | (x < y)
div(x::T, y::T) where {T<:Real} = no_op_err("div", T)
fld(x::T, y::T) where {T<:Real} = no_op_err("fld", T)
cld(x::T, y::T) where {T<:Real} = no_op_err("cld", T)
rem(x::T, y::T) where {T<:Real} = no_op_err("rem", T)
mod(x::T, y::T) where {T<:Real} = no_op_err("mod", T)
max(x::T, y::T) where {T<:Real} = ifelse(y < x, x, y)
min(x::T, y::T) where {T<:Real} = ifelse(y < x, y, x)
minmax(x::T, y::T) where {T<:Real} = y < x ? (y, x) : (x, y)
