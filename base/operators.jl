# operators.jl: generic comparison and operator fallbacks, supertype/typejoin, function composition.

supertype(T::DataType) = T.super
supertype(T::UnionAll) = UnionAll(T.var, supertype(T.body))

# ---- comparison fallbacks -----------------------------------------------------------------------------
==(x, y) = x === y
isequal(x, y) = (x == y)::Bool
isless(x::AbstractFloat, y::AbstractFloat) = (!isnan(x) & (isnan(y) | signless(x, y))) | (x < y)
isless(x::Real, y::Real) = x < y
isless(::Nothing, ::Nothing) = false
isless(a::Symbol, b::Symbol) = ccall(:strcmp, Cint, (Ptr{UInt8}, Ptr{UInt8}), a, b) < 0
signless(x, y) = signbit(x) & !signbit(y)

!=(x, y) = !(x == y)::Bool
const ≠ = !=
<(x, y) = isless(x, y)
>(x, y) = y < x
<=(x, y) = (x < y) | (x == y)
const ≤ = <=
>=(x, y) = y <= x
const ≥ = >=

cmp(x, y) = isless(x, y) ? -1 : ifelse(isless(y, x), 1, 0)
cmp(x::Integer, y::Integer) = ifelse(isless(x, y), -1, ifelse(isless(y, x), 1, 0))

lt(o, a, b) = isless(a, b)

max(x, y) = ifelse(isless(y, x), x, y)
min(x, y) = ifelse(isless(y, x), y, x)
minmax(x, y) = isless(y, x) ? (y, x) : (x, y)
max(a, b, c, xs...) = _maxn(max(max(a, b), c), xs...)
min(a, b, c, xs...) = _minn(min(min(a, b), c), xs...)
_maxn(a) = a
_maxn(a, b, xs...) = _maxn(max(a, b), xs...)
_minn(a) = a
_minn(a, b, xs...) = _minn(min(a, b), xs...)

# n-ary + * and friends
+(x) = x
*(x) = x
+(a, b, c, xs...) = _plusn((a + b) + c, xs...)
_plusn(a) = a
_plusn(a, b, xs...) = _plusn(a + b, xs...)
*(a, b, c, xs...) = _timesn((a * b) * c, xs...)
_timesn(a) = a
_timesn(a, b, xs...) = _timesn(a * b, xs...)
(&)(a, b, c, xs...) = _andn((a & b) & c, xs...)
_andn(a) = a
_andn(a, b, xs...) = _andn(a & b, xs...)
(|)(a, b, c, xs...) = _orn((a | b) | c, xs...)
_orn(a) = a
_orn(a, b, xs...) = _orn(a | b, xs...)
xor(a, b, c, xs...) = _xorn(xor(xor(a, b), c), xs...)
_xorn(a) = a
_xorn(a, b, xs...) = _xorn(xor(a, b), xs...)
const ⊻ = xor

# ---- function composition and helpers --------------------------------------------------------------------
struct ComposedFunction{O,I} <: Function
    outer::O
    inner::I
end
(c::ComposedFunction)(x...) = c.outer(c.inner(x...))
∘(f) = f
∘(f, g) = ComposedFunction(f, g)
∘(f, g, h...) = ∘(f ∘ g, h...)

|>(x, f) = f(x)

struct Fix1{F,T} <: Function
    f::F
    x::T
end
(f::Fix1)(y) = f.f(f.x, y)
struct Fix2{F,T} <: Function
    f::F
    x::T
end
(f::Fix2)(y) = f.f(y, f.x)

==(x) = Fix2(==, x)
!=(x) = Fix2(!=, x)
<(x) = Fix2(<, x)
>(x) = Fix2(>, x)
<=(x) = Fix2(<=, x)
>=(x) = Fix2(>=, x)
isequal(x) = Fix2(isequal, x)
in(x) = Fix2(in, x)

struct Returns{V} <: Function
    value::V
end
(obj::Returns)(args...) = obj.value

struct ComposedNot{F} <: Function
    f::F
end

# ---- typejoin --------------------------------------------------------------------------------------------
function typejoin(a, b)
    if a <: b
        return b
    elseif b <: a
        return a
    elseif isa(a, UnionAll)
        return typejoin(unwrap_unionall(a), b)
    elseif isa(b, UnionAll)
        return typejoin(a, unwrap_unionall(b))
    elseif isa(a, TypeVar)
        return typejoin(a.ub, b)
    elseif isa(b, TypeVar)
        return typejoin(a, b.ub)
    elseif isa(a, Union)
        return typejoin(typejoin(a.a, a.b), b)
    elseif isa(b, Union)
        return typejoin(a, typejoin(b.a, b.b))
    end
    if !isa(a, DataType) || !isa(b, DataType)
        return Any
    end
    if a <: Tuple
        if !(b <: Tuple)
            return Any
        end
        ap = a.parameters; bp = b.parameters
        la = length(ap); lb = length(bp)
        if la == 0 || lb == 0 || la != lb || _isvarargtype(ap[la]) || _isvarargtype(bp[lb])
            return Tuple
        end
        ps = Any[]
        for i in 1:la
            push!(ps, typejoin(ap[i], bp[i]))
        end
        return Core.apply_type(Tuple, ps...)
    end
    while b !== Any
        if a <: b.name.wrapper
            while a.name !== b.name
                a = supertype(a)::DataType
            end
            if a.name === Type.body.name
                return Type
            end
            aprimary = a.name.wrapper
            n = length(a.parameters)
            if n == 0
                return aprimary
            end
            vars = Any[]
            for i in 1:n
                ai = a.parameters[i]
                bi = b.parameters[i]
                if ai === bi || (isa(ai, Type) && isa(bi, Type) && ai == bi)
                    push!(vars, ai)
                else
                    return aprimary
                end
            end
            return Core.apply_type(aprimary, vars...)
        end
        b = supertype(b)::DataType
    end
    return Any
end
_isvarargtype(t) = isa(t, Core.TypeofVararg)

# promote_typejoin: like typejoin, but keeps small unions with Nothing/Missing
function promote_typejoin(a, b)
    c = typejoin(_promote_typesubtract(a), _promote_typesubtract(b))
    return Union{a, b, c}::Type
end
_promote_typesubtract(a) =
    a === Any ? a :
    Nothing <: a ? typesplit(a, Nothing) : a

function typesplit(a, b)
    if a <: b
        return Bottom
    end
    if isa(a, Union)
        return Union{typesplit(a.a, b), typesplit(a.b, b)}
    end
    return a
end

function promote_typejoin_union(::Type{T}) where T
    if T === Union{}
        return Union{}
    elseif isa(T, UnionAll)
        return Any
    elseif isa(T, Union)
        return promote_typejoin(promote_typejoin_union(T.a), promote_typejoin_union(T.b))
    elseif T <: Tuple
        return typejoin_union_tuple(T)
    else
        return T
    end
end
typejoin_union_tuple(T) = T
