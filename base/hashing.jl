# hashing.jl: hash(x, h). Numbers, strings and symbols hash to the same values as Julia 1.10 does, so a
# Dict iterates in the same order as Julia's.

hash(x) = hash(x, zero(UInt))
hash(x, h::UInt) = hash_uint(3h - objectid(x))

objectid(x) = ccall(:jl_object_id, UInt, (Any,), x)

function hash_64_64(n::UInt64)
    a = n
    a = ~a + (a << 21)
    a = a ⊻ (a >> 24)
    a = (a + (a << 3)) + (a << 8)
    a = a ⊻ (a >> 14)
    a = (a + (a << 2)) + (a << 4)
    a = a ⊻ (a >> 28)
    a = a + (a << 31)
    return a
end
hash_uint64(x::UInt64) = hash_64_64(x)
hash_uint(x::UInt) = hash_64_64(x)

_hx(a::UInt64, b::Float64, h::UInt) = hash_uint64((3 * a + bitcast(UInt64, b)) - h)
const _hx_NaN = _hx(UInt64(0), NaN, UInt(0))

hash(x::UInt64, h::UInt) = _hx(x, uitofp(Float64, x), h)
hash(x::Int64, h::UInt) = _hx(bitcast(UInt64, abs(x)), sitofp(Float64, x), h)
function hash(x::Float64, h::UInt)
    isnan(x) && return _hx_NaN ⊻ h
    ax = abs(x)
    a = ax < 1.8446744073709552e19 ? fptoui(UInt64, ax) : UInt64(0)
    return _hx(a, x, h)
end
hash(x::Union{Bool,Int8,UInt8,Int16,UInt16,Int32,UInt32}, h::UInt) = hash(Int64(x), h)
hash(x::Union{Float32,Float16}, h::UInt) = hash(Float64(x), h)
function hash(x::Union{Int128,UInt128}, h::UInt)
    if typemin(Int64) <= x <= typemax(UInt64)
        return x < 0 ? hash(Int64(x), h) : hash(UInt64(x), h)
    end
    h = hash_uint(rem(x, UInt64) ⊻ h) ⊻ h
    return hash_uint(rem(x >> 64, UInt64) ⊻ h) ⊻ h
end

const _memhash_seed = 0x71e729fd56419c81
function hash(s::String, h::UInt)
    h += _memhash_seed
    return ccall(:jl_base_memhash_seed, UInt, (Any, UInt32), s, rem(h, UInt32)) + h
end
function hash(s::Symbol, h::UInt)
    return hash_uint(3h - ccall(:jl_base_symbol_hash, UInt, (Any,), s))
end
hash(x::Nothing, h::UInt) = hash_uint(3h - 0x5a5b6d1a7c3e2f10)
hash(x::Type, h::UInt) = hash_uint(3h - objectid(x))
hash(x::Expr, h::UInt) = hash(x.args, hash(x.head, h + 0x83c7900696d26dc6))
hash(x::QuoteNode, h::UInt) = hash(x.value, h + 0x2c97bf8b3de87020)
