# string.jl: String (UTF-8 bytes) and SubString: code units, character iteration and indexing,
# comparison, concatenation, searching, splitting, joining, replacing, padding, case mapping.

# ---- raw access -------------------------------------------------------------------------------------------------
pointer(s::String) = ccall(:jl_base_string_ptr, Ptr{UInt8}, (Any,), s)
pointer(s::String, i::Integer) = pointer(s) + (Int(i) - 1)
unsafe_convert(::Type{Ptr{UInt8}}, s::String) = pointer(s)
unsafe_convert(::Type{Ptr{Int8}}, s::String) = bitcast(Ptr{Int8}, pointer(s))
unsafe_convert(::Type{Ptr{Cvoid}}, s::String) = bitcast(Ptr{Cvoid}, pointer(s))
cconvert(::Type{Ptr{UInt8}}, s::String) = s
cconvert(::Type{Ptr{Int8}}, s::String) = s
cconvert(::Type{Ptr{Cvoid}}, s::String) = s
cconvert(::Type{Ptr{UInt8}}, s::AbstractString) = String(s)

+(p::Ptr{T}, n::Integer) where {T} = bitcast(Ptr{T}, add_int(bitcast(UInt64, p), rem(Int(n), UInt64)))
-(p::Ptr{T}, n::Integer) where {T} = bitcast(Ptr{T}, sub_int(bitcast(UInt64, p), rem(Int(n), UInt64)))
-(p::Ptr, q::Ptr) = Int(bitcast(UInt64, p)) - Int(bitcast(UInt64, q))
unsafe_load(p::Ptr{T}, i::Integer=1) where {T} = pointerref(p, Int(i), 1)
unsafe_store!(p::Ptr{T}, x, i::Integer=1) where {T} = pointerset(p, convert(T, x), Int(i), 1)
convert(::Type{Ptr{T}}, p::Ptr) where {T} = bitcast(Ptr{T}, p)
Ptr{T}(p::Ptr) where {T} = bitcast(Ptr{T}, p)
UInt(p::Ptr) = bitcast(UInt, p)
Int(p::Ptr) = bitcast(Int, p)
==(p::Ptr, q::Ptr) = bitcast(UInt, p) == bitcast(UInt, q)
const C_NULL = bitcast(Ptr{Cvoid}, UInt(0))

ncodeunits(s::String) = sizeof(s)
codeunit(s::String) = UInt8
codeunit(::Type{String}) = UInt8
@inline function codeunit(s::String, i::Integer)
    (1 <= i <= sizeof(s)) || throw(BoundsError(s, i))
    return pointerref(pointer(s), Int(i), 1)
end
codeunits(s::String) = ccall(:jl_base_string_bytes, Any, (Any,), s)::Vector{UInt8}
sizeof(s::String) = Core.sizeof(s)

_string_n(n::Integer) = ccall(:jl_alloc_string, Any, (Csize_t,), n)::String
unsafe_string(p::Ptr{UInt8}, n::Integer) = ccall(:jl_pchar_to_string, Any, (Ptr{UInt8}, Int), p, n)::String
unsafe_string(p::Ptr{UInt8}) = ccall(:jl_cstr_to_string, Any, (Ptr{UInt8},), p)::String
unsafe_string(p::Ptr{Int8}, n...) = unsafe_string(bitcast(Ptr{UInt8}, p), n...)

String(s::String) = s
function String(v::Vector{UInt8})
    return ccall(:jl_array_to_string, Any, (Any,), v)::String
end
String(v::AbstractVector{UInt8}) = String(collect(v))
String(s::Symbol) = ccall(:jl_base_symbol_string, Any, (Any,), s)::String
String(c::AbstractChar) = string(c)
convert(::Type{String}, s::AbstractString) = String(s)
convert(::Type{String}, s::String) = s
convert(::Type{Symbol}, s::AbstractString) = Symbol(s)

Symbol(s::String) = ccall(:jl_symbol_n, Any, (Ptr{UInt8}, Int), s, sizeof(s))::Symbol
Symbol(s::AbstractString) = Symbol(String(s))
Symbol(x...) = Symbol(string(x...))

# ---- decoding -----------------------------------------------------------------------------------------------------
# Returns (Char, next index) for the character starting at byte i (i must be valid).
@inline function _decode_char(p::Ptr{UInt8}, i::Int, n::Int)
    b = pointerref(p, i, 1)
    b < 0x80 && return (bitcast(Char, zext_int(UInt32, b) << 24), i + 1)
    return _decode_char_slow(p, i, n, b)
end
function _decode_char_slow(p::Ptr{UInt8}, i::Int, n::Int, b::UInt8)
    u = zext_int(UInt32, b) << 24
    (b < 0xc0 || b > 0xf7) && return (bitcast(Char, u), i + 1)
    l = b < 0xe0 ? 2 : (b < 0xf0 ? 3 : 4)
    j = i + 1
    shift = 16
    while j < i + l && j <= n
        c = pointerref(p, j, 1)
        (c & 0xc0) == 0x80 || break
        u |= zext_int(UInt32, c) << shift
        shift -= 8
        j += 1
    end
    return (bitcast(Char, u), j)
end

function iterate(s::String, i::Int=1)
    n = sizeof(s)
    i > n && return nothing
    return _decode_char(pointer(s), i, n)
end
length(s::String) = ccall(:jl_base_utf8_length, Int, (Any, Int, Int), s, 0, sizeof(s))
function isvalid(s::String, i::Integer)
    (1 <= i <= sizeof(s)) || return false
    b = codeunit(s, i)
    (b & 0xc0) != 0x80 && return true
    return thisind(s, i) == i
end
function thisind(s::String, i::Int)
    n = sizeof(s)
    i == n + 1 && return i
    (0 <= i <= n + 1) || throw(BoundsError(s, i))
    i == 0 && return 0
    p = pointer(s)
    b = pointerref(p, i, 1)
    (b & 0xc0) != 0x80 && return i
    # walk back over continuation bytes to a lead byte that covers i
    j = i
    k = 0
    while j > 1 && k < 3
        j -= 1
        k += 1
        c = pointerref(p, j, 1)
        if (c & 0xc0) != 0x80
            l = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1
            # is i inside this character?
            ch, nxt = _decode_char(p, j, n)
            return nxt > i ? j : i
        end
    end
    return i
end
thisind(s::AbstractString, i::Integer) = thisind(s, Int(i))
function nextind(s::String, i::Int)
    n = sizeof(s)
    i == 0 && return 1
    (1 <= i <= n) || throw(BoundsError(s, i))
    j = thisind(s, i)
    _, nxt = _decode_char(pointer(s), j, n)
    return nxt
end
function nextind(s::AbstractString, i::Integer, k::Integer)
    n = ncodeunits(s)
    for _ in 1:k
        i = i >= n ? i + 1 : nextind(s, i)
    end
    return i
end
function prevind(s::String, i::Int)
    n = sizeof(s)
    i == n + 2 && return n + 1
    (1 <= i <= n + 1) || throw(BoundsError(s, i))
    i == 1 && return 0
    return thisind(s, i - 1)
end
function prevind(s::AbstractString, i::Integer, k::Integer)
    n = ncodeunits(s)
    for _ in 1:k
        i = i > n + 1 ? i - 1 : (i <= 0 ? i - 1 : prevind(s, i))
    end
    return i
end
nextind(s::AbstractString, i::Integer) = nextind(s, Int(i))
prevind(s::AbstractString, i::Integer) = prevind(s, Int(i))
firstindex(s::AbstractString) = 1
lastindex(s::AbstractString) = thisind(s, ncodeunits(s))
eachindex(s::AbstractString) = keys(s)
keys(s::AbstractString) = collect(_string_indices(s))
function _string_indices(s::AbstractString)
    out = Int[]
    i = firstindex(s)
    n = ncodeunits(s)
    while i <= n
        push!(out, i)
        i = nextind(s, i)
    end
    return out
end

function getindex(s::String, i::Int)
    n = sizeof(s)
    (1 <= i <= n) || throw(BoundsError(s, i))
    p = pointer(s)
    b = pointerref(p, i, 1)
    (b & 0xc0) == 0x80 && thisind(s, i) != i && throw(StringIndexError(s, i))
    return _decode_char(p, i, n)[1]
end
getindex(s::AbstractString, i::Integer) = s[Int(i)]
function getindex(s::String, r::AbstractUnitRange{<:Integer})
    isempty(r) && return ""
    i = Int(first(r))
    j = Int(last(r))
    n = sizeof(s)
    (1 <= i <= n && 1 <= j <= n) || throw(BoundsError(s, r))
    isvalid(s, i) || throw(StringIndexError(s, i))
    isvalid(s, j) || throw(StringIndexError(s, j))
    e = nextind(s, j) - 1
    return unsafe_string(pointer(s) + (i - 1), e - i + 1)
end
getindex(s::AbstractString, v::AbstractVector{<:Integer}) = string((s[i] for i in v)...)
isvalid(s::AbstractString) = ccall(:jl_base_utf8_isvalid, Int32, (Any,), String(s)) != 0
isvalid(::Type{String}, s::AbstractString) = isvalid(s)
function isascii(s::String)
    p = pointer(s)
    for i in 1:sizeof(s)
        pointerref(p, i, 1) >= 0x80 && return false
    end
    return true
end
isascii(s::AbstractString) = all(isascii, s)

eltype(::Type{<:AbstractString}) = Char
isempty(s::AbstractString) = ncodeunits(s) == 0
length(s::AbstractString) = (n = 0; for c in s; n += 1; end; n)
sizeof(s::AbstractString) = ncodeunits(s) * sizeof(codeunit(s))
function collect(s::AbstractString)
    v = Char[]
    for c in s
        push!(v, c)
    end
    return v
end
first(s::AbstractString) = (y = iterate(s); y === nothing ? throw(ArgumentError("string must be non-empty")) : y[1])
last(s::AbstractString) = isempty(s) ? throw(ArgumentError("string must be non-empty")) : s[lastindex(s)]
function first(s::AbstractString, n::Integer)
    n < 0 && throw(ArgumentError("n must be nonnegative"))
    n == 0 && return SubString(s, 1, 0)
    i = nextind(s, 0, n)
    i > ncodeunits(s) && return SubString(s)
    return SubString(s, 1, i)
end
function last(s::AbstractString, n::Integer)
    n < 0 && throw(ArgumentError("n must be nonnegative"))
    n == 0 && return ""
    i = max(1, prevind(s, ncodeunits(s) + 1, n))
    return SubString(s, i, lastindex(s))
end

# ---- SubString ----------------------------------------------------------------------------------------------------
struct SubString{T<:AbstractString} <: AbstractString
    string::T
    offset::Int
    ncodeunits::Int
    function SubString{T}(s::T, i::Int, j::Int) where {T<:AbstractString}
        i > j && return new(s, i - 1, 0)
        (1 <= i <= ncodeunits(s)) || throw(BoundsError(s, i))
        (1 <= j <= ncodeunits(s)) || throw(BoundsError(s, j))
        isvalid(s, i) || throw(StringIndexError(s, i))
        isvalid(s, j) || throw(StringIndexError(s, j))
        e = nextind(s, j)
        return new(s, i - 1, e - i)
    end
end
SubString(s::T, i::Integer, j::Integer) where {T<:AbstractString} = SubString{T}(s, Int(i), Int(j))
SubString(s::AbstractString, i::Integer) = SubString(s, i, lastindex(s))
SubString(s::AbstractString) = SubString(s, 1, lastindex(s))
SubString(s::SubString, i::Integer, j::Integer) = SubString(s.string, s.offset + i, s.offset + j)
SubString{T}(s::SubString{T}) where {T} = s
SubString{T}(s::T) where {T<:AbstractString} = SubString(s)
convert(::Type{SubString{T}}, s::T) where {T<:AbstractString} = SubString(s)
convert(::Type{SubString{T}}, s::SubString{T}) where {T<:AbstractString} = s
ncodeunits(s::SubString) = s.ncodeunits
codeunit(s::SubString) = codeunit(s.string)
function codeunit(s::SubString, i::Integer)
    (1 <= i <= s.ncodeunits) || throw(BoundsError(s, i))
    return codeunit(s.string, s.offset + i)
end
pointer(s::SubString{String}) = pointer(s.string) + s.offset
pointer(s::SubString{String}, i::Integer) = pointer(s.string) + (s.offset + Int(i) - 1)
unsafe_convert(::Type{Ptr{UInt8}}, s::SubString{String}) = pointer(s)
cconvert(::Type{Ptr{UInt8}}, s::SubString{String}) = s
function iterate(s::SubString{String}, i::Int=1)
    i > s.ncodeunits && return nothing
    c, nxt = _decode_char(pointer(s.string), s.offset + i, s.offset + s.ncodeunits)
    return (c, nxt - s.offset)
end
function iterate(s::SubString, i::Int=1)
    i > s.ncodeunits && return nothing
    c, nxt = iterate(s.string, s.offset + i)
    return (c, nxt - s.offset)
end
length(s::SubString{String}) = ccall(:jl_base_utf8_length, Int, (Any, Int, Int), s.string, s.offset, s.ncodeunits)
function isvalid(s::SubString, i::Integer)
    (1 <= i <= s.ncodeunits) || return false
    return isvalid(s.string, s.offset + i)
end
function thisind(s::SubString, i::Int)
    i == 0 && return 0
    i == s.ncodeunits + 1 && return i
    (1 <= i <= s.ncodeunits) || throw(BoundsError(s, i))
    return max(1, thisind(s.string, s.offset + i) - s.offset)
end
function nextind(s::SubString, i::Int)
    i == 0 && return 1
    (1 <= i <= s.ncodeunits) || throw(BoundsError(s, i))
    return nextind(s.string, s.offset + i) - s.offset
end
function prevind(s::SubString, i::Int)
    (1 <= i <= s.ncodeunits + 1) || throw(BoundsError(s, i))
    i == 1 && return 0
    return thisind(s, i - 1)
end
function getindex(s::SubString, i::Int)
    (1 <= i <= s.ncodeunits) || throw(BoundsError(s, i))
    return s.string[s.offset + i]
end
function getindex(s::SubString, r::AbstractUnitRange{<:Integer})
    isempty(r) && return SubString(s.string, s.offset + 1, s.offset)
    (1 <= first(r) && last(r) <= s.ncodeunits) || throw(BoundsError(s, r))
    return SubString(s.string, s.offset + first(r), s.offset + last(r))
end
String(s::SubString{String}) = unsafe_string(pointer(s), s.ncodeunits)
function String(s::AbstractString)
    io = IOBuffer()
    for c in s
        print(io, c)
    end
    return String(take!(io))
end
view(s::AbstractString, r::AbstractUnitRange{<:Integer}) = SubString(s, first(r), last(r))

# ---- comparison ---------------------------------------------------------------------------------------------------
function _memcmp(a::Ptr{UInt8}, b::Ptr{UInt8}, n::Int)
    return Int(ccall(:memcmp, Cint, (Ptr{UInt8}, Ptr{UInt8}, Csize_t), a, b, n))
end
const _ByteString = Union{String,SubString{String}}
function ==(a::_ByteString, b::_ByteString)
    n = ncodeunits(a)
    n == ncodeunits(b) || return false
    return _memcmp(pointer(a), pointer(b), n) == 0
end
==(a::String, b::String) = (sizeof(a) == sizeof(b)) && (a === b || _memcmp(pointer(a), pointer(b), sizeof(a)) == 0)
function cmp(a::_ByteString, b::_ByteString)
    na = ncodeunits(a)
    nb = ncodeunits(b)
    c = _memcmp(pointer(a), pointer(b), min(na, nb))
    return c < 0 ? -1 : c > 0 ? 1 : cmp(na, nb)
end
function cmp(a::AbstractString, b::AbstractString)
    ya = iterate(a)
    yb = iterate(b)
    while true
        ya === nothing && return yb === nothing ? 0 : -1
        yb === nothing && return 1
        ca = ya[1]
        cb = yb[1]
        ca != cb && return ca < cb ? -1 : 1
        ya = iterate(a, ya[2])
        yb = iterate(b, yb[2])
    end
end
==(a::AbstractString, b::AbstractString) = cmp(a, b) == 0
isless(a::AbstractString, b::AbstractString) = cmp(a, b) < 0
<(a::AbstractString, b::AbstractString) = cmp(a, b) < 0
<=(a::AbstractString, b::AbstractString) = cmp(a, b) <= 0
isequal(a::AbstractString, b::AbstractString) = a == b
hash(s::AbstractString, h::UInt) = hash(String(s), h)
hash(s::SubString{String}, h::UInt) = hash(String(s), h)

# ---- concatenation and repetition -------------------------------------------------------------------------------
*(s1::Union{AbstractChar,AbstractString}, ss::Union{AbstractChar,AbstractString}...) = string(s1, ss...)
^(s::Union{AbstractString,AbstractChar}, n::Integer) = repeat(s, n)
function repeat(s::AbstractString, n::Integer)
    n < 0 && throw(ArgumentError(string("can't repeat a string ", n, " times")))
    io = IOBuffer()
    for _ in 1:n
        print(io, s)
    end
    return String(take!(io))
end
function repeat(c::AbstractChar, n::Integer)
    n < 0 && throw(ArgumentError(string("can't repeat a character ", n, " times")))
    io = IOBuffer()
    for _ in 1:n
        print(io, c)
    end
    return String(take!(io))
end
function reverse(s::AbstractString)
    cs = collect(s)
    io = IOBuffer()
    for i in length(cs):-1:1
        print(io, cs[i])
    end
    return String(take!(io))
end

# ---- case -----------------------------------------------------------------------------------------------------------------
uppercase(s::AbstractString) = map(uppercase, s)
lowercase(s::AbstractString) = map(lowercase, s)
function titlecase(s::AbstractString; strict::Bool=true)
    io = IOBuffer()
    startword = true
    for c in s
        if isspace(c) || !(isletter(c) || isdigit(c) || c == '\'')
            print(io, c)
            startword = true
        elseif startword
            print(io, titlecase(c))
            startword = false
        else
            print(io, strict ? lowercase(c) : c)
        end
    end
    return String(take!(io))
end
function uppercasefirst(s::AbstractString)
    isempty(s) && return ""
    c = first(s)
    return string(titlecase(c), SubString(s, nextind(s, 1)))
end
function lowercasefirst(s::AbstractString)
    isempty(s) && return ""
    c = first(s)
    return string(lowercase(c), SubString(s, nextind(s, 1)))
end
function map(f, s::AbstractString)
    io = IOBuffer()
    for c in s
        r = f(c)
        r isa AbstractChar || throw(ArgumentError(string("map(f, s::AbstractString) requires f to return AbstractChar; try map(f, collect(s)) or a comprehension instead")))
        print(io, r)
    end
    return String(take!(io))
end
function filter(f, s::AbstractString)
    io = IOBuffer()
    for c in s
        f(c) && print(io, c)
    end
    return String(take!(io))
end
textwidth(s::AbstractString) = (w = 0; for c in s; w += textwidth(c); end; w)

# ---- searching ------------------------------------------------------------------------------------------------------------
_pred(c::AbstractChar) = isequal(c)
_pred(f) = f
function findnext(f::Function, s::AbstractString, i::Integer)
    i = Int(i)
    n = ncodeunits(s)
    i > n && return nothing
    i < 1 && throw(BoundsError(s, i))
    while i <= n
        f(s[i]) && return i
        i = nextind(s, i)
    end
    return nothing
end
findnext(c::AbstractChar, s::AbstractString, i::Integer) = findnext(isequal(c), s, i)
findfirst(f::Function, s::AbstractString) = findnext(f, s, 1)
findfirst(c::AbstractChar, s::AbstractString) = findnext(isequal(c), s, 1)
function findprev(f::Function, s::AbstractString, i::Integer)
    i = Int(i)
    i < 1 && return nothing
    i = thisind(s, min(i, ncodeunits(s)))
    while i >= 1
        f(s[i]) && return i
        i = prevind(s, i)
    end
    return nothing
end
findprev(c::AbstractChar, s::AbstractString, i::Integer) = findprev(isequal(c), s, i)
findlast(f::Function, s::AbstractString) = findprev(f, s, lastindex(s))
findlast(c::AbstractChar, s::AbstractString) = findprev(isequal(c), s, lastindex(s))
function findnext(t::AbstractString, s::AbstractString, i::Integer)
    i = Int(i)
    nt = ncodeunits(t)
    ns = ncodeunits(s)
    nt == 0 && return i:i-1
    (i < 1 || i > ns + 1) && (i > ns + 1 ? (return nothing) : throw(BoundsError(s, i)))
    a = String(s)
    b = String(t)
    r = ccall(:jl_base_memsearch, Int, (Any, Int, Any), a, i - 1, b)
    r < 0 && return nothing
    return (r + 1):(r + nt - (nt > 0 ? ncodeunits(string(last(b))) : 0) + 1)
end
findfirst(t::AbstractString, s::AbstractString) = findnext(t, s, 1)
function findlast(t::AbstractString, s::AbstractString)
    r = nothing
    i = 1
    while true
        x = findnext(t, s, i)
        x === nothing && return r
        r = x
        i = nextind(s, first(x))
        i > ncodeunits(s) && return r
    end
end
findprev(t::AbstractString, s::AbstractString, i::Integer) = (r = nothing; j = 1; while true; x = findnext(t, s, j); (x === nothing || first(x) > i) && return r; r = x; j = nextind(s, first(x)); j > ncodeunits(s) && return r; end)
function findall(t::AbstractString, s::AbstractString; overlap::Bool=false)
    out = UnitRange{Int}[]
    i = 1
    while true
        x = findnext(t, s, i)
        x === nothing && return out
        push!(out, x)
        i = overlap ? nextind(s, first(x)) : (isempty(x) ? nextind(s, first(x)) : nextind(s, last(x)))
        i > ncodeunits(s) + 1 && return out
    end
end
findall(c::AbstractChar, s::AbstractString) = findall(isequal(c), s)
function findall(f::Function, s::AbstractString)
    out = Int[]
    i = 1
    n = ncodeunits(s)
    while i <= n
        f(s[i]) && push!(out, i)
        i = nextind(s, i)
    end
    return out
end
occursin(needle::AbstractString, haystack::AbstractString) = findfirst(needle, haystack) !== nothing
occursin(needle::AbstractChar, haystack::AbstractString) = findfirst(isequal(needle), haystack) !== nothing
occursin(haystack) = Fix2(occursin, haystack)
in(c::AbstractChar, s::AbstractString) = findfirst(isequal(c), s) !== nothing
in(c::AbstractString, s::AbstractString) = throw(ArgumentError("use occursin(needle, haystack) for string containment"))
contains(haystack::AbstractString, needle) = occursin(needle, haystack)
function startswith(a::AbstractString, b::AbstractString)
    nb = ncodeunits(b)
    ncodeunits(a) < nb && return false
    for i in 1:nb
        codeunit(a, i) == codeunit(b, i) || return false
    end
    return true
end
function endswith(a::AbstractString, b::AbstractString)
    na = ncodeunits(a)
    nb = ncodeunits(b)
    na < nb && return false
    for i in 1:nb
        codeunit(a, na - nb + i) == codeunit(b, i) || return false
    end
    return true
end
startswith(a::AbstractString, c::AbstractChar) = !isempty(a) && first(a) == c
endswith(a::AbstractString, c::AbstractChar) = !isempty(a) && last(a) == c
startswith(a::AbstractString, f::Function) = !isempty(a) && f(first(a))
endswith(a::AbstractString, f::Function) = !isempty(a) && f(last(a))
startswith(prefix) = Fix2(startswith, prefix)
endswith(suffix) = Fix2(endswith, suffix)
function chopprefix(s::AbstractString, prefix::AbstractString)
    startswith(s, prefix) ? SubString(s, ncodeunits(prefix) + 1) : SubString(s)
end
function chopsuffix(s::AbstractString, suffix::AbstractString)
    endswith(s, suffix) ? SubString(s, 1, ncodeunits(s) - ncodeunits(suffix)) : SubString(s)
end

# ---- stripping ------------------------------------------------------------------------------------------------------------
_strip_pred(chars::Function) = chars
_strip_pred(chars::AbstractChar) = isequal(chars)
_strip_pred(chars) = in(chars)
function lstrip(f, s::AbstractString)
    n = ncodeunits(s)
    i = 1
    while i <= n
        c = s[i]
        f(c) || return SubString(s, i, lastindex(s))
        i = nextind(s, i)
    end
    return SubString(s, 1, 0)
end
function rstrip(f, s::AbstractString)
    i = lastindex(s)
    while i >= 1
        c = s[i]
        f(c) || return SubString(s, 1, i)
        i = prevind(s, i)
    end
    return SubString(s, 1, 0)
end
lstrip(s::AbstractString) = lstrip(isspace, s)
rstrip(s::AbstractString) = rstrip(isspace, s)
lstrip(s::AbstractString, chars) = lstrip(_strip_pred(chars), s)
rstrip(s::AbstractString, chars) = rstrip(_strip_pred(chars), s)
strip(s::AbstractString) = lstrip(rstrip(s))
strip(f, s::AbstractString) = lstrip(f, rstrip(f, s))
strip(s::AbstractString, chars) = strip(_strip_pred(chars), s)
function chomp(s::AbstractString)
    n = ncodeunits(s)
    n >= 2 && codeunit(s, n) == 0x0a && codeunit(s, n - 1) == 0x0d && return SubString(s, 1, n - 2)
    n >= 1 && codeunit(s, n) == 0x0a && return SubString(s, 1, n - 1)
    return SubString(s)
end
function chop(s::AbstractString; head::Integer=0, tail::Integer=1)
    isempty(s) && return SubString(s)
    i = nextind(s, 1, head)
    j = prevind(s, lastindex(s), tail)
    (i > ncodeunits(s) || j < i) && return SubString(s, 1, 0)
    return SubString(s, i, j)
end

# ---- padding ---------------------------------------------------------------------------------------------------------------
function lpad(s, n::Integer, p::Union{AbstractChar,AbstractString}=' ')
    s = string(s)
    m = n - textwidth(s)
    m <= 0 && return s
    ps = string(p)
    l = textwidth(ps)
    q, r = divrem(m, l)
    return string(repeat(ps, q), first(ps, r), s)
end
function rpad(s, n::Integer, p::Union{AbstractChar,AbstractString}=' ')
    s = string(s)
    m = n - textwidth(s)
    m <= 0 && return s
    ps = string(p)
    l = textwidth(ps)
    q, r = divrem(m, l)
    return string(s, repeat(ps, q), first(ps, r))
end

# ---- split / join / replace ------------------------------------------------------------------------------------------------
function _split(str::AbstractString, splitter, limit::Integer, keepempty::Bool, out)
    s = SubString(str)
    n = ncodeunits(str)
    i = 1
    j = 1
    while true
        r = _find_splitter(splitter, str, j)
        r === nothing && break
        a, b = r
        if a > n
            break
        end
        if keepempty || a > i
            push!(out, SubString(str, i, prevind(str, a)))
            length(out) == limit - 1 && (i = b + 1; break)
        end
        i = b + 1
        j = i
        if b < a
            # empty match: advance one character
            j = nextind(str, a)
            i = a
            a > n && break
        end
        j > n + 1 && break
    end
    if keepempty || i <= n
        push!(out, SubString(str, i, n))
    end
    return out
end
# returns (start, stop) of the next match at or after j, in code units
function _find_splitter(splitter::AbstractString, s::AbstractString, j::Int)
    j > ncodeunits(s) && return nothing
    r = findnext(splitter, s, j)
    r === nothing && return nothing
    return (first(r), first(r) + ncodeunits(splitter) - 1)
end
function _find_splitter(splitter::AbstractChar, s::AbstractString, j::Int)
    j > ncodeunits(s) && return nothing
    i = findnext(isequal(splitter), s, j)
    i === nothing && return nothing
    return (i, nextind(s, i) - 1)
end
function _find_splitter(f, s::AbstractString, j::Int)
    j > ncodeunits(s) && return nothing
    i = findnext(f, s, j)
    i === nothing && return nothing
    return (i, nextind(s, i) - 1)
end
_find_splitter(cs::Union{Tuple,AbstractVector,Set}, s::AbstractString, j::Int) = _find_splitter(in(cs), s, j)
function split(str::AbstractString, splitter; limit::Integer=0, keepempty::Bool=true)
    out = SubString{typeof(str) <: SubString ? typeof(str.string) : typeof(str)}[]
    return _split(str, splitter, limit, keepempty, out)
end
function split(str::AbstractString; limit::Integer=0, keepempty::Bool=false)
    out = SubString{typeof(str) <: SubString ? typeof(str.string) : typeof(str)}[]
    return _split(str, isspace, limit, keepempty, out)
end
function rsplit(str::AbstractString, splitter=isspace; limit::Integer=0, keepempty::Bool=splitter !== isspace)
    parts = split(str, splitter; keepempty=keepempty)
    if limit > 0 && length(parts) > limit
        head = join(parts[1:end-limit+1], splitter isa Function ? " " : string(splitter))
        return vcat([SubString(head)], parts[end-limit+2:end])
    end
    return parts
end
eachsplit(str::AbstractString, splitter=isspace; limit::Integer=0, keepempty::Bool=splitter !== isspace) =
    split(str, splitter; limit=limit, keepempty=keepempty)

function join(io::IO, itr, delim="", last=delim)
    first = true
    y = iterate(itr)
    while y !== nothing
        x, st = y
        y = iterate(itr, st)
        if !first
            print(io, y === nothing ? last : delim)
        end
        first = false
        print(io, x)
    end
    return nothing
end
join(itr) = (io = IOBuffer(); join(io, itr); String(take!(io)))
join(itr, delim) = (io = IOBuffer(); join(io, itr, delim); String(take!(io)))
join(itr, delim, last) = (io = IOBuffer(); join(io, itr, delim, last); String(take!(io)))

function replace(str::AbstractString, pats::Pair...; count::Integer=typemax(Int))
    s = String(str)
    count <= 0 && return s
    io = IOBuffer()
    i = 1
    n = ncodeunits(s)
    done = 0
    while i <= n + 1
        best = nothing
        bestpat = nothing
        for p in pats
            r = _replace_find(p.first, s, i)
            r === nothing && continue
            if best === nothing || first(r) < first(best)
                best = r
                bestpat = p
            end
        end
        if best === nothing || done >= count
            break
        end
        a = first(best)
        b = last(best)
        a > i && print(io, SubString(s, i, prevind(s, a)))
        rep = bestpat.second
        if rep isa SubstitutionString && bestpat.first isa Regex
            _substitute(io, rep, _make_match(bestpat.first, s, _exec(bestpat.first, s, a - 1)))
        elseif rep isa Function
            print(io, rep(SubString(s, a, b)))
        else
            print(io, rep)
        end
        done += 1
        if b < a
            a <= n && print(io, s[a])
            i = a <= n ? nextind(s, a) : n + 2
        else
            i = nextind(s, b)
        end
    end
    i <= n && print(io, SubString(s, i, n))
    return String(take!(io))
end
function _replace_find(pat::AbstractString, s::String, i::Int)
    i > ncodeunits(s) + 1 && return nothing
    if isempty(pat)
        return i:i-1
    end
    i > ncodeunits(s) && return nothing
    r = findnext(pat, s, i)
    r === nothing && return nothing
    return first(r):(first(r) + ncodeunits(pat) - 1)
end
function _replace_find(pat::AbstractChar, s::String, i::Int)
    i > ncodeunits(s) && return nothing
    j = findnext(isequal(pat), s, i)
    j === nothing && return nothing
    return j:(nextind(s, j) - 1)
end
function _replace_find(pat, s::String, i::Int)
    i > ncodeunits(s) && return nothing
    f = pat isa Function ? pat : in(pat)
    j = findnext(f, s, i)
    j === nothing && return nothing
    return j:(nextind(s, j) - 1)
end

# ---- characters of a string as codes ------------------------------------------------------------------------------------
function ascii(s::AbstractString)
    for (i, c) in pairs(s)
        isascii(c) || throw(ArgumentError(string("invalid ASCII at index ", i, " in ", repr(s))))
    end
    return String(s)
end

function escape_string(io::IO, s::AbstractString, esc=""; keep=())
    for c in s
        if c in esc
            print(io, '\\', c)
        elseif c in keep
            print(io, c)
        elseif isascii(c)
            c == '\n' ? print(io, "\\n") :
            c == '\t' ? print(io, "\\t") :
            c == '\r' ? print(io, "\\r") :
            c == '\e' ? print(io, "\\e") :
            c == '\\' ? print(io, "\\\\") :
            c == '\0' ? print(io, "\\0") :
            c == '\a' ? print(io, "\\a") :
            c == '\b' ? print(io, "\\b") :
            c == '\f' ? print(io, "\\f") :
            c == '\v' ? print(io, "\\v") :
            isprint(c) ? print(io, c) : print(io, "\\x", _int_string(UInt32(c), 16, 2))
        elseif !isvalid(c)
            u = bitcast(UInt32, c)
            for k in 0:(ncodeunits(c) - 1)
                print(io, "\\x", _int_string((u >> (24 - 8k)) & 0xff, 16, 2))
            end
        elseif isprint(c)
            print(io, c)
        else
            u = codepoint(c)
            if u <= 0xffff
                print(io, "\\u", _int_string(u, 16, 4))
            else
                print(io, "\\U", _int_string(u, 16, 8))
            end
        end
    end
end
escape_string(s::AbstractString, esc=""; keep=()) = sprint(escape_string, s, esc; keep=keep)

function unescape_string(s::AbstractString)
    io = IOBuffer()
    cs = collect(s)
    i = 1
    n = length(cs)
    while i <= n
        c = cs[i]
        if c == '\\' && i < n
            i += 1
            c = cs[i]
            if c == 'n'
                print(io, '\n')
            elseif c == 't'
                print(io, '\t')
            elseif c == 'r'
                print(io, '\r')
            elseif c == '0'
                print(io, '\0')
            elseif c == 'e'
                print(io, '\e')
            else
                print(io, c)
            end
        else
            print(io, c)
        end
        i += 1
    end
    return String(take!(io))
end

function string(n::Integer; base::Integer=10, pad::Integer=1)
    return _int_string(n, Int(base), Int(pad))
end
