# math.jl: elementary functions (libm through ccall), sqrt with DomainError, powers of floats,
# irrational constants (π, ℯ), clamp, hypot, rounding to digits, isapprox.

# ---- irrationals --------------------------------------------------------------------------------------------------
abstract type AbstractIrrational <: Real end
struct Irrational{sym} <: AbstractIrrational end
const π = Irrational{:π}()
const pi = π
const ℯ = Irrational{:ℯ}()
const eulergamma = Irrational{:γ}()
const γ = eulergamma
const golden = Irrational{:φ}()
const φ = golden
Float64(::Irrational{:π}) = 3.141592653589793
Float64(::Irrational{:ℯ}) = 2.718281828459045
Float64(::Irrational{:γ}) = 0.5772156649015329
Float64(::Irrational{:φ}) = 1.618033988749895
Float32(x::Irrational) = Float32(Float64(x))
Float16(x::Irrational) = Float16(Float64(x))
(::Type{T})(x::AbstractIrrational) where {T<:BitInteger} = throw(InexactError(nameof(T), T, x))
Bool(x::AbstractIrrational) = throw(InexactError(:Bool, Bool, x))
convert(::Type{T}, x::AbstractIrrational) where {T<:AbstractFloat} = T(x)
float(x::AbstractIrrational) = Float64(x)
promote_rule(::Type{<:AbstractIrrational}, ::Type{Float16}) = Float16
promote_rule(::Type{<:AbstractIrrational}, ::Type{Float32}) = Float32
promote_rule(::Type{<:AbstractIrrational}, ::Type{<:AbstractIrrational}) = Float64
promote_rule(::Type{<:AbstractIrrational}, ::Type{T}) where {T<:Real} = promote_type(Float64, T)
==(x::AbstractIrrational, y::AbstractIrrational) = x === y
<(x::AbstractIrrational, y::AbstractIrrational) = Float64(x) < Float64(y)
-(x::AbstractIrrational) = -Float64(x)
isfinite(::AbstractIrrational) = true
isinteger(::AbstractIrrational) = false
iszero(::AbstractIrrational) = false
isone(::AbstractIrrational) = false
hash(x::Irrational, h::UInt) = hash(Float64(x), h)
show(io::IO, x::Irrational{sym}) where {sym} = (print(io, sym); nothing)
function show(io::IO, ::MIME"text/plain", x::Irrational{sym}) where {sym}
    print(io, sym, " = ", string(Float64(x))[1:min(end, 15)] * "...")
end
^(::Irrational{:ℯ}, x::Number) = exp(x)

# ---- sqrt and friends ------------------------------------------------------------------------------------------------
@noinline throw_complex_domainerror(f::Symbol, x) = throw(DomainError(x,
    string(f, " was called with a negative real argument but will only return a complex result if called with a complex argument. Try ", f, "(Complex(x)).")))
function sqrt(x::Union{Float32,Float64})
    x < zero(x) && throw_complex_domainerror(:sqrt, x)
    return sqrt_llvm(x)
end
sqrt(x::Float16) = Float16(sqrt(Float32(x)))
sqrt(x::Real) = sqrt(float(x))
function cbrt(x::Float64)
    r = ccall(:cbrt, Float64, (Float64,), x)
    (isfinite(r) && r != 0.0) || return r
    # libm's cbrt may be off by one ulp: keep the neighbour whose cube is closest to x
    best = r
    err = abs(fma(r * r, r, -x))
    for c in (prevfloat(r), nextfloat(r))
        e = abs(fma(c * c, c, -x))
        if e < err
            best = c
            err = e
        end
    end
    return best
end
cbrt(x::Float32) = ccall(:cbrtf, Float32, (Float32,), x)
cbrt(x::Real) = cbrt(float(x))
function isqrt(x::Integer)
    x < 0 && throw(DomainError(x, "isqrt is only defined for non-negative integers"))
    s = trunc(typeof(x), sqrt(Float64(x)))
    while s * s > x
        s -= one(s)
    end
    while (s + one(s)) * (s + one(s)) <= x
        s += one(s)
    end
    return s
end
hypot(x::Real, y::Real) = hypot(promote(float(x), float(y))...)
hypot(x::Float64, y::Float64) = ccall(:hypot, Float64, (Float64, Float64), x, y)
hypot(x::Float32, y::Float32) = ccall(:hypotf, Float32, (Float32, Float32), x, y)
hypot(x::Number, y::Number, z::Number, rest::Number...) = sqrt(abs2(x) + abs2(y) + abs2(z) + sum(abs2, rest; init=0))

# ---- libm wrappers ------------------------------------------------------------------------------------------------------
for (f, fd, ff) in ((:exp, :exp, :expf), (:exp2, :exp2, :exp2f), (:expm1, :expm1, :expm1f),
                     (:sin, :sin, :sinf), (:cos, :cos, :cosf), (:tan, :tan, :tanf),
                     (:atan, :atan, :atanf), (:sinh, :sinh, :sinhf), (:cosh, :cosh, :coshf),
                     (:tanh, :tanh, :tanhf), (:asinh, :asinh, :asinhf), (:erf, :erf, :erff), (:erfc, :erfc, :erfcf))
    @eval begin
        $f(x::Float64) = ccall($(QuoteNode(fd)), Float64, (Float64,), x)
        $f(x::Float32) = ccall($(QuoteNode(ff)), Float32, (Float32,), x)
        $f(x::Float16) = Float16($f(Float32(x)))
        $f(x::Real) = $f(float(x))
    end
end
exp10(x::Float64) = ccall(:exp10, Float64, (Float64,), x)
exp10(x::Float32) = ccall(:exp10f, Float32, (Float32,), x)
exp10(x::Real) = exp10(float(x))
for (f, fd, ff, lo) in ((:log, :log, :logf, 0), (:log2, :log2, :log2f, 0), (:log10, :log10, :log10f, 0),
                         (:log1p, :log1p, :log1pf, -1), (:asin, :asin, :asinf, 2), (:acos, :acos, :acosf, 2),
                         (:acosh, :acosh, :acoshf, 1), (:atanh, :atanh, :atanhf, 2))
    @eval begin
        function $f(x::Float64)
            $(lo == 0 ? :(x < 0.0 && throw_complex_domainerror($(QuoteNode(f)), x)) :
              lo == -1 ? :(x < -1.0 && throw_complex_domainerror($(QuoteNode(f)), x)) :
              lo == 1 ? :(x < 1.0 && throw(DomainError(x, string($(string(f)), "(x) is only defined for x ≥ 1.")))) :
              :(abs(x) > 1.0 && throw(DomainError(x, string($(string(f)), "(x) is not defined for |x| > 1.")))))
            return ccall($(QuoteNode(fd)), Float64, (Float64,), x)
        end
        $f(x::Float32) = Float32($f(Float64(x)))
        $f(x::Float16) = Float16($f(Float64(x)))
        $f(x::Real) = $f(float(x))
    end
end
log(b::Real, x::Real) = log(x) / log(b)
atan(y::Float64, x::Float64) = ccall(:atan2, Float64, (Float64, Float64), y, x)
atan(y::Float32, x::Float32) = ccall(:atan2f, Float32, (Float32, Float32), y, x)
atan(y::Real, x::Real) = atan(promote(float(y), float(x))...)
sincos(x) = (sin(x), cos(x))
sec(x) = inv(cos(x))
csc(x) = inv(sin(x))
cot(x) = inv(tan(x))
sinpi(x::Real) = sin(pi * x)
cospi(x::Real) = cos(pi * x)
deg2rad(x::Real) = x * (Float64(pi) / 180)
rad2deg(x::Real) = x * (180 / Float64(pi))
sind(x::Real) = sin(deg2rad(x))
cosd(x::Real) = cos(deg2rad(x))
tand(x::Real) = tan(deg2rad(x))

# ---- float powers ----------------------------------------------------------------------------------------------------
^(x::Float64, y::Float64) = _pow(x, y)
function _pow(x::Float64, y::Float64)
    if x < 0.0 && isfinite(x) && isfinite(y) && !isinteger(y)
        throw_exp_domainerror(x)
    end
    return ccall(:pow, Float64, (Float64, Float64), x, y)
end
^(x::Float32, y::Float32) = Float32(_pow(Float64(x), Float64(y)))
^(x::Float16, y::Float16) = Float16(_pow(Float64(x), Float64(y)))
@noinline throw_exp_domainerror(x) = throw(DomainError(x, string("Exponentiation yielding a complex result requires a ",
    "complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.")))
function ^(x::Float64, n::Integer)
    n == 0 && return 1.0
    n == 1 && return x
    n == 2 && return x * x
    n == 3 && return x * x * x
    n == -1 && return 1.0 / x
    n == -2 && return (i = 1.0 / x; i * i)
    return ccall(:pow, Float64, (Float64, Float64), x, Float64(n))
end
^(x::Float32, n::Integer) = Float32(Float64(x)^n)
^(x::Float16, n::Integer) = Float16(Float64(x)^n)

# ---- misc ------------------------------------------------------------------------------------------------------------------
clamp(x::X, lo::L, hi::H) where {X,L,H} = ifelse(x > hi, convert(promote_type(X, L, H), hi), ifelse(x < lo, convert(promote_type(X, L, H), lo), convert(promote_type(X, L, H), x)))
clamp(x::Integer, ::Type{T}) where {T<:Integer} = clamp(x, typemin(T), typemax(T)) % T
clamp!(a::AbstractArray, lo, hi) = (for i in 1:length(a); a[i] = clamp(a[i], lo, hi); end; a)
function round(x::AbstractFloat, r::RoundingMode=RoundNearest; digits::Union{Nothing,Integer}=nothing, sigdigits::Union{Nothing,Integer}=nothing, base::Integer=10)
    if digits === nothing && sigdigits === nothing
        return round(x, r)
    end
    if sigdigits !== nothing
        x == 0 && return x
        digits = sigdigits - 1 - floor(Int, log10(abs(x)))
    end
    if digits >= 0
        invstep = Float64(base)^digits
        y = round(x * invstep, r) / invstep
    else
        step = Float64(base)^(-digits)
        y = round(x / step, r) * step
    end
    return isfinite(y) ? oftype(x, y) : x
end
round(x::Integer, r::RoundingMode=RoundNearest; digits=nothing, sigdigits=nothing, base=10) = x
round(::Type{T}, x::Real) where {T<:Integer} = round(T, float(x))
trunc(x::Real; digits=nothing, base=10) = digits === nothing ? trunc(float(x)) : round(float(x), RoundToZero; digits=digits, base=base)
floor(x::Real; digits=nothing, base=10) = digits === nothing ? floor(float(x)) : round(float(x), RoundDown; digits=digits, base=base)
ceil(x::Real; digits=nothing, base=10) = digits === nothing ? ceil(float(x)) : round(float(x), RoundUp; digits=digits, base=base)

function isapprox(x::Number, y::Number; atol::Real=0, rtol::Real=(atol > 0 ? 0 : sqrt(eps(float(one(promote_type(real(typeof(x)), real(typeof(y)))))))), nans::Bool=false, norm=abs)
    x == y && return true
    (isfinite(x) && isfinite(y)) || return nans && isnan(x) && isnan(y)
    return norm(x - y) <= max(atol, rtol * max(norm(x), norm(y)))
end
function isapprox(x::AbstractArray, y::AbstractArray; kws...)
    size(x) == size(y) || return false
    return all(i -> isapprox(x[i], y[i]; kws...), 1:length(x))
end
const ≈ = isapprox
≉(x, y; kws...) = !isapprox(x, y; kws...)
