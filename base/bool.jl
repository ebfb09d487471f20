# bool.jl: Bool as an Integer: logic, arithmetic, conversions.

(&)(x::Bool, y::Bool) = and_int(x, y)
(|)(x::Bool, y::Bool) = or_int(x, y)
xor(x::Bool, y::Bool) = (x !== y)
~(x::Bool) = !x
==(x::Bool, y::Bool) = x === y
<(x::Bool, y::Bool) = y & !x
<=(x::Bool, y::Bool) = y | !x
nand(x...) = ~(&)(x...)
nor(x...) = ~(|)(x...)
const ⊼ = nand
const ⊽ = nor
implies(x, y) = !x | y

signbit(x::Bool) = false
sign(x::Bool) = x
abs(x::Bool) = x
abs2(x::Bool) = x
iszero(x::Bool) = !x
isone(x::Bool) = x
zero(::Type{Bool}) = false
one(::Type{Bool}) = true
zero(x::Bool) = false
one(x::Bool) = true
typemin(::Type{Bool}) = false
typemax(::Type{Bool}) = true

-(x::Bool) = -Int(x)
+(x::Bool, y::Bool) = Int(x) + Int(y)
-(x::Bool, y::Bool) = Int(x) - Int(y)
*(x::Bool, y::Bool) = x & y
/(x::Bool, y::Bool) = Int(x) / Int(y)
div(x::Bool, y::Bool) = y ? x : throw(DivideError())
rem(x::Bool, y::Bool) = y ? false : throw(DivideError())
mod(x::Bool, y::Bool) = rem(x, y)
*(x::Bool, y::T) where {T<:Number} = ifelse(x, y, copysign(zero(y), y))
*(y::T, x::Bool) where {T<:Number} = x * y
*(x::Bool, y::T) where {T<:BitInteger} = ifelse(x, y, zero(y))
*(y::T, x::Bool) where {T<:BitInteger} = ifelse(x, y, zero(y))

function (::Type{Bool})(x::Real)
    x == 0 && return false
    x == 1 && return true
    throw(InexactError(:Bool, Bool, x))
end
Bool(x::Bool) = x

promote_rule(::Type{Bool}, ::Type{T}) where {T<:Number} = T
promote_rule(::Type{Bool}, ::Type{Bool}) = Bool
