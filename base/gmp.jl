# gmp.jl: BigInt, arbitrary-precision integers over GMP's mpz functions (through ccall, as Julia does).

const _GMP = "libgmp"

mutable struct BigInt <: Signed
    alloc::Cint
    size::Cint
    d::Ptr{UInt64}
    function BigInt()
        b = new(Cint(0), Cint(0), bitcast(Ptr{UInt64}, UInt(0)))
        ccall((:__gmpz_init, _GMP), Cvoid, (Ref{BigInt},), b)
        return b
    end
end

function BigInt(x::Union{Int8,Int16,Int32,Int64,Bool})
    b = BigInt()
    ccall((:__gmpz_set_si, _GMP), Cvoid, (Ref{BigInt}, Clong), b, Int64(x))
    return b
end
function BigInt(x::Union{UInt8,UInt16,UInt32,UInt64})
    b = BigInt()
    ccall((:__gmpz_set_ui, _GMP), Cvoid, (Ref{BigInt}, Culong), b, UInt64(x))
    return b
end
BigInt(x::Union{Int128,UInt128}) = parse(BigInt, string(x))
BigInt(x::BigInt) = x
function BigInt(x::Union{Float16,Float32,Float64})
    isinteger(x) || throw(InexactError(:BigInt, BigInt, x))
    b = BigInt()
    ccall((:__gmpz_set_d, _GMP), Cvoid, (Ref{BigInt}, Cdouble), b, Float64(x))
    return b
end
convert(::Type{BigInt}, x::BigInt) = x
convert(::Type{BigInt}, x::Integer) = BigInt(x)
big(x::Integer) = BigInt(x)
big(::Type{<:Integer}) = BigInt
widen(::Type{Int128}) = BigInt
widen(::Type{UInt128}) = BigInt
widen(::Type{BigInt}) = BigInt

function tryparse(_T::Type{BigInt}, s::AbstractString; base::Union{Nothing,Integer}=nothing)
    str = String(strip(s))
    isempty(str) && return nothing
    b = BigInt()
    bs = base === nothing ? 10 : Int(base)
    t = replace(str, "_" => "")
    startswith(t, "+") && (t = t[2:end])
    r = ccall((:__gmpz_set_str, _GMP), Cint, (Ref{BigInt}, Ptr{UInt8}, Cint), b, t, Cint(bs))
    return r == 0 ? b : nothing
end
function parse(_T::Type{BigInt}, s::AbstractString; base::Union{Nothing,Integer}=nothing)
    r = tryparse(BigInt, s; base=base)
    r === nothing && throw(ArgumentError(string("invalid BigInt: ", repr(s))))
    return r
end
macro big_str(s)
    r = tryparse(BigInt, s)
    r === nothing && throw(ArgumentError(string("invalid number format ", repr(s), " for BigInt or BigFloat")))
    return r
end

_fits_long(x::BigInt) = ccall((:__gmpz_fits_slong_p, _GMP), Cint, (Ref{BigInt},), x) != 0
_fits_ulong(x::BigInt) = ccall((:__gmpz_fits_ulong_p, _GMP), Cint, (Ref{BigInt},), x) != 0
function Int64(x::BigInt)
    _fits_long(x) || throw(InexactError(:Int64, Int64, x))
    return ccall((:__gmpz_get_si, _GMP), Clong, (Ref{BigInt},), x)
end
function UInt64(x::BigInt)
    (x.size >= 0 && _fits_ulong(x)) || throw(InexactError(:UInt64, UInt64, x))
    return ccall((:__gmpz_get_ui, _GMP), Culong, (Ref{BigInt},), x)
end
(::Type{T})(x::BigInt) where {T<:Union{Int8,Int16,Int32}} = T(Int64(x))
(::Type{T})(x::BigInt) where {T<:Union{UInt8,UInt16,UInt32}} = T(UInt64(x))
Int128(x::BigInt) = parse(Int128, string(x))
UInt128(x::BigInt) = parse(UInt128, string(x))
Float64(x::BigInt) = ccall((:__gmpz_get_d, _GMP), Cdouble, (Ref{BigInt},), x)
Float32(x::BigInt) = Float32(Float64(x))
float(x::BigInt) = Float64(x)
rem(x::BigInt, ::Type{T}) where {T<:BitInteger} = rem(parse(Int128, string(rem(x, BigInt(2)^128))), T)
Bool(x::BigInt) = iszero(x) ? false : isone(x) ? true : throw(InexactError(:Bool, Bool, x))

promote_rule(::Type{BigInt}, ::Type{<:Integer}) = BigInt
promote_rule(::Type{BigInt}, ::Type{Bool}) = BigInt
promote_rule(::Type{BigInt}, ::Type{T}) where {T<:IEEEFloat} = Float64

for (op, fn) in ((:+, :__gmpz_add), (:-, :__gmpz_sub), (:*, :__gmpz_mul), (:div, :__gmpz_tdiv_q),
                 (:rem, :__gmpz_tdiv_r), (:fld, :__gmpz_fdiv_q), (:mod, :__gmpz_fdiv_r), (:cld, :__gmpz_cdiv_q),
                 (:gcd, :__gmpz_gcd), (:lcm, :__gmpz_lcm), (:&, :__gmpz_and), (:|, :__gmpz_ior), (:xor, :__gmpz_xor))
    @eval function $op(x::BigInt, y::BigInt)
        $(op in (:div, :rem, :fld, :mod, :cld) ? :(iszero(y) && throw(DivideError())) : nothing)
        z = BigInt()
        ccall(($(QuoteNode(fn)), _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}, Ref{BigInt}), z, x, y)
        return z
    end
end
function -(x::BigInt)
    z = BigInt()
    ccall((:__gmpz_neg, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}), z, x)
    return z
end
function abs(x::BigInt)
    z = BigInt()
    ccall((:__gmpz_abs, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}), z, x)
    return z
end
~(x::BigInt) = -x - 1
function ^(x::BigInt, p::Integer)
    p < 0 && throw(DomainError(p, "negative exponent"))
    z = BigInt()
    ccall((:__gmpz_pow_ui, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}, Culong), z, x, UInt64(p))
    return z
end
^(x::BigInt, p::BigInt) = x^Int(p)
function <<(x::BigInt, c::Integer)
    c < 0 && return x >> -c
    z = BigInt()
    ccall((:__gmpz_mul_2exp, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}, Culong), z, x, UInt64(c))
    return z
end
function >>(x::BigInt, c::Integer)
    c < 0 && return x << -c
    z = BigInt()
    ccall((:__gmpz_fdiv_q_2exp, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}, Culong), z, x, UInt64(c))
    return z
end
cmp(x::BigInt, y::BigInt) = Int(sign(ccall((:__gmpz_cmp, _GMP), Cint, (Ref{BigInt}, Ref{BigInt}), x, y)))
==(x::BigInt, y::BigInt) = cmp(x, y) == 0
<(x::BigInt, y::BigInt) = cmp(x, y) < 0
<=(x::BigInt, y::BigInt) = cmp(x, y) <= 0
isless(x::BigInt, y::BigInt) = cmp(x, y) < 0
==(x::BigInt, y::Integer) = x == BigInt(y)
==(x::Integer, y::BigInt) = BigInt(x) == y
signbit(x::BigInt) = x.size < 0
sign(x::BigInt) = BigInt(x.size < 0 ? -1 : x.size > 0 ? 1 : 0)
iszero(x::BigInt) = x.size == 0
isone(x::BigInt) = x == BigInt(1)
iseven(x::BigInt) = iszero(rem(x, BigInt(2)))
isodd(x::BigInt) = !iseven(x)
zero(::Type{BigInt}) = BigInt(0)
one(::Type{BigInt}) = BigInt(1)
typemin(::Type{BigInt}) = throw(MethodError(typemin, (BigInt,)))
copy(x::BigInt) = x
hash(x::BigInt, h::UInt) = _fits_long(x) ? hash(Int64(x), h) : hash(string(x), h + 0x2b8f5c6d4e3a1f09)
function factorial(n::BigInt)
    n < 0 && throw(DomainError(n, "`n` must not be negative."))
    z = BigInt()
    ccall((:__gmpz_fac_ui, _GMP), Cvoid, (Ref{BigInt}, Culong), z, UInt64(n))
    return z
end
function binomial(n::BigInt, k::Integer)
    k < 0 && return BigInt(0)
    z = BigInt()
    ccall((:__gmpz_bin_ui, _GMP), Cvoid, (Ref{BigInt}, Ref{BigInt}, Culong), z, n, UInt64(k))
    return z
end
function string(x::BigInt; base::Integer=10, pad::Integer=1)
    p = ccall((:__gmpz_get_str, _GMP), Ptr{UInt8}, (Ptr{UInt8}, Cint, Ref{BigInt}), C_NULL, Cint(base), x)
    s = unsafe_string(p)
    ccall(:free, Cvoid, (Ptr{UInt8},), p)
    if pad > 1
        neg = startswith(s, "-")
        digits = neg ? s[2:end] : s
        length(digits) < pad && (s = string(neg ? "-" : "", "0"^(pad - length(digits)), digits))
    end
    return s
end
show(io::IO, x::BigInt) = print(io, string(x))
print(io::IO, x::BigInt) = print(io, string(x))
ndigits(x::BigInt; base::Integer=10, pad::Integer=1) = max(pad, length(string(abs(x); base=base)))
