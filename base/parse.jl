# parse.jl: parse / tryparse for integers (any base, with Julia's error messages), floats (C strtod via
# the runtime), Bool and Char.

function _parse_digit(c::Char)
    '0' <= c <= '9' && return Int(c) - Int('0')
    'a' <= c <= 'z' && return Int(c) - Int('a') + 10
    'A' <= c <= 'Z' && return Int(c) - Int('A') + 10
    return 99
end

# returns the value, or an error message String / :overflow
function _tryparse_int(::Type{T}, s::AbstractString, base::Union{Nothing,Int}, raise::Bool) where {T<:Integer}
    str = String(s)
    cs = collect(str)
    n = length(cs)
    i = 1
    while i <= n && isspace(cs[i])
        i += 1
    end
    j = n
    while j >= i && isspace(cs[j])
        j -= 1
    end
    if i > j
        raise && throw(ArgumentError("input string is empty or only contains whitespace"))
        return nothing
    end
    neg = false
    if cs[i] == '-' || cs[i] == '+'
        neg = cs[i] == '-'
        if neg && T <: Unsigned
            raise && throw(ArgumentError(string("invalid base ", base === nothing ? 10 : base, " digit '-' in ", repr(str))))
            return nothing
        end
        i += 1
    end
    b = base
    if b === nothing
        b = 10
        if i + 1 <= j && cs[i] == '0'
            c2 = cs[i + 1]
            if c2 == 'x'
                b = 16
                i += 2
            elseif c2 == 'o'
                b = 8
                i += 2
            elseif c2 == 'b'
                b = 2
                i += 2
            end
        end
    end
    (2 <= b <= 62) || throw(ArgumentError(string("invalid base: base must be 2 ≤ base ≤ 62, got ", b)))
    if i > j
        raise && throw(ArgumentError(string("premature end of integer: ", repr(str))))
        return nothing
    end
    v = zero(T)
    bT = T(b)
    for k in i:j
        c = cs[k]
        d = _parse_digit(c)
        if b > 36 && 'a' <= c <= 'z'
            d = Int(c) - Int('a') + 36
        end
        if d >= b
            raise && throw(ArgumentError(string("invalid base ", b, " digit ", repr(c), " in ", repr(str))))
            return nothing
        end
        if T <: BitInteger
            r1 = Checked.mul_with_overflow(v, bT)
            if getfield(r1, 2)
                raise && throw(OverflowError(string("overflow parsing ", repr(str))))
                return nothing
            end
            dd = T(d)
            r2 = neg ? Checked.sub_with_overflow(getfield(r1, 1), dd) : Checked.add_with_overflow(getfield(r1, 1), dd)
            if getfield(r2, 2)
                raise && throw(OverflowError(string("overflow parsing ", repr(str))))
                return nothing
            end
            v = getfield(r2, 1)
        else
            v = neg ? v * bT - T(d) : v * bT + T(d)
        end
    end
    return v
end
function parse(_T::Type{T}, s::AbstractString; base::Union{Nothing,Integer}=nothing) where {T<:Integer}
    return _tryparse_int(T, s, base === nothing ? nothing : Int(base), true)::T
end
function tryparse(_T::Type{T}, s::AbstractString; base::Union{Nothing,Integer}=nothing) where {T<:Integer}
    return _tryparse_int(T, s, base === nothing ? nothing : Int(base), false)
end
function parse(::Type{Bool}, s::AbstractString)
    r = tryparse(Bool, s)
    r === nothing && throw(ArgumentError(string("invalid Bool representation: ", repr(s))))
    return r
end
function tryparse(::Type{Bool}, s::AbstractString)
    t = strip(s)
    t == "true" && return true
    t == "false" && return false
    t == "1" && return true
    t == "0" && return false
    return nothing
end
function tryparse(::Type{Float64}, s::AbstractString)
    r = ccall(:jl_base_parse_float, Any, (Any, Int32), String(s), Int32(64))
    return r === nothing ? nothing : r::Float64
end
function tryparse(::Type{Float32}, s::AbstractString)
    r = ccall(:jl_base_parse_float, Any, (Any, Int32), String(s), Int32(32))
    return r === nothing ? nothing : r::Float32
end
tryparse(::Type{Float16}, s::AbstractString) = (r = tryparse(Float32, s); r === nothing ? nothing : Float16(r))
function parse(::Type{T}, s::AbstractString) where {T<:AbstractFloat}
    r = tryparse(T, s)
    if r === nothing
        isempty(strip(s)) && throw(ArgumentError("input string is empty or only contains whitespace"))
        throw(ArgumentError(string("cannot parse ", repr(s), " as ", T)))
    end
    return r
end
function parse(::Type{Char}, s::AbstractString)
    length(s) == 1 || throw(ArgumentError(string("expected a single character, got ", repr(s))))
    return first(s)
end
parse(_T::Type{T}, c::AbstractChar; base::Integer=10) where {T<:Integer} = (d = _parse_digit(c); d < base ? T(d) : throw(ArgumentError(string("invalid base ", base, " digit ", repr(c)))))
function parse(::Type{Number}, s::AbstractString)
    r = tryparse(Int, s)
    r !== nothing && return r
    return parse(Float64, s)
end
