# intfuncs.jl: integer functions: gcd, lcm, factorial, binomial, digits, ndigits, bitstring, powermod,
# nextpow/prevpow, string(n; base, pad) helpers.

function gcd(a::T, b::T) where {T<:Integer}
    while b != zero(T)
        a, b = b, rem(a, b)
    end
    return abs(a)
end
gcd(a::Integer, b::Integer) = gcd(promote(a, b)...)
gcd(a::Integer) = abs(a)
gcd(a::Integer, b::Integer, c::Integer...) = gcd(gcd(a, b), c...)
function lcm(a::T, b::T) where {T<:Integer}
    (a == zero(T) || b == zero(T)) && return zero(T)
    return abs(div(a, gcd(a, b)) * b)
end
lcm(a::Integer, b::Integer) = lcm(promote(a, b)...)
lcm(a::Integer) = abs(a)
lcm(a::Integer, b::Integer, c::Integer...) = lcm(lcm(a, b), c...)
function gcdx(a::Integer, b::Integer)
    s0, s1 = one(a), zero(a)
    t0, t1 = s1, s0
    while b != 0
        q = div(a, b)
        a, b = b, rem(a, b)
        s0, s1 = s1, s0 - q * s1
        t0, t1 = t1, t0 - q * t1
    end
    return a < 0 ? (-a, -s0, -t0) : (a, s0, t0)
end
function invmod(n::Integer, m::Integer)
    g, x, y = gcdx(n, m)
    g != 1 && throw(DomainError((n, m), "Greatest common divisor is $g."))
    return mod(x, m)
end
function powermod(x::Integer, p::Integer, m::Integer)
    p < 0 && return powermod(invmod(x, m), -p, m)
    m == 1 && return zero(m)
    r = one(m)
    b = mod(x, m)
    while p > 0
        if isodd(p)
            r = mod(widemul(r, b), m) % typeof(m)
        end
        b = mod(widemul(b, b), m) % typeof(m)
        p >>= 1
    end
    return r
end

function factorial(n::Integer)
    n < 0 && throw(DomainError(n, "`n` must not be negative."))
    f = one(n)
    for i in 2:n
        f = Checked.checked_mul(f, typeof(n)(i))
    end
    return f
end
function factorial(n::Union{Int64,UInt64})
    n < 0 && throw(DomainError(n, "`n` must not be negative."))
    n > 20 && throw(OverflowError(string(n, " is too large to look up in the table; consider using `factorial(big(", n, "))` instead")))
    f = one(n)
    for i in 2:n
        f *= i
    end
    return f
end
function binomial(n::T, k::T) where {T<:Integer}
    n0, k0 = n, k
    k < 0 && return zero(T)
    sgn = one(T)
    if n < 0
        n = -n + k - one(T)
        if isodd(k)
            sgn = -sgn
        end
    end
    k > n && return zero(T)
    (k == 0 || k == n) && return sgn
    k == 1 && return sgn * n
    if k > (n >> 1)
        k = (n - k)
    end
    x = nn = n - k + one(T)
    nn += one(T)
    rr = T(2)
    while rr <= k
        xt = div(widemul(x, nn), rr)
        x = xt % T
        x == xt || throw(OverflowError(string("binomial(", n0, ", ", k0, ") overflows")))
        rr += one(T)
        nn += one(T)
    end
    return copysign(x, sgn)
end
binomial(n::Integer, k::Integer) = binomial(promote(n, k)...)

function ndigits(x::Integer; base::Integer=10, pad::Integer=1)
    x == 0 && return max(1, pad)
    n = 0
    x = abs(x)
    while x != 0
        x = div(x, base)
        n += 1
    end
    return max(n, pad)
end
function digits(n::Integer; base::Integer=10, pad::Integer=1)
    T = typeof(n)
    out = T[]
    base < 2 && throw(DomainError(base, "base must be ≥ 2"))
    m = n
    while m != 0
        push!(out, T(rem(m, base)))
        m = div(m, base)
    end
    while length(out) < pad
        push!(out, zero(T))
    end
    return out
end
function digits!(a::AbstractVector{T}, n::Integer; base::Integer=10) where {T<:Integer}
    for i in 1:length(a)
        a[i] = rem(n, base)
        n = div(n, base)
    end
    return a
end
bitstring(x::Union{Bool,BitInteger}) = _int_string(rem(x isa Bool ? UInt8(x) : x, _unsigned_type(x isa Bool ? UInt8 : typeof(x))), 2, 8 * sizeof(x))
bitstring(x::IEEEFloat) = bitstring(bitcast(_uint_of(typeof(x)), x))

function nextpow(a::Real, x::Real)
    a <= 1 && throw(DomainError(a, "`a` must be greater than 1."))
    x <= 0 && throw(DomainError(x, "`x` must be positive."))
    p = one(a)
    while p < x
        p *= a
    end
    return p
end
function prevpow(a::Real, x::Real)
    a <= 1 && throw(DomainError(a, "`a` must be greater than 1."))
    x < 1 && throw(DomainError(x, "`x` must be ≥ 1."))
    p = one(a)
    while p * a <= x
        p *= a
    end
    return p
end
ispow2(x::Real) = x > 0 && (x isa Integer ? count_ones(x) == 1 : (significand(x) == 1))
function isprime_small(n::Integer)
    n < 2 && return false
    i = 2
    while i * i <= n
        rem(n, i) == 0 && return false
        i += 1
    end
    return true
end
