# char.jl: Char (UTF-8 bytes left-aligned in a UInt32, as Julia stores it): encoding, decoding,
# arithmetic, classification (utf8proc), case mapping.

struct InvalidCharError{T<:AbstractChar} <: Exception
    char::T
end
struct CodePointError{T<:Integer} <: Exception
    code::T
end

function _char_from_codepoint(u::UInt32)
    if u < 0x00000080
        return bitcast(Char, u << 24)
    elseif u < 0x00000800
        c = ((0x000000c0 | (u >> 6)) << 24) | ((0x00000080 | (u & 0x0000003f)) << 16)
        return bitcast(Char, c)
    elseif u < 0x00010000
        c = ((0x000000e0 | (u >> 12)) << 24) | ((0x00000080 | ((u >> 6) & 0x0000003f)) << 16) |
            ((0x00000080 | (u & 0x0000003f)) << 8)
        return bitcast(Char, c)
    elseif u < 0x00110000
        c = ((0x000000f0 | (u >> 18)) << 24) | ((0x00000080 | ((u >> 12) & 0x0000003f)) << 16) |
            ((0x00000080 | ((u >> 6) & 0x0000003f)) << 8) | (0x00000080 | (u & 0x0000003f))
        return bitcast(Char, c)
    end
    throw(CodePointError(u))
end
(::Type{Char})(u::UInt32) = _char_from_codepoint(u)
(::Type{Char})(u::Integer) = (0 <= u <= 0x10ffff || throw(CodePointError(u)); _char_from_codepoint(rem(u, UInt32)))
Char(c::Char) = c
convert(::Type{Char}, x::Number) = Char(x)
convert(::Type{T}, c::AbstractChar) where {T<:Number} = T(codepoint(c))

# number of bytes of the encoding (from the raw representation)
function ncodeunits(c::Char)
    u = bitcast(UInt32, c)
    return 4 - (trailing_zeros(u | 0x00000001) >> 3)
end

function ismalformed(c::Char)
    u = bitcast(UInt32, c)
    l1 = leading_ones(u) << 3
    t0 = trailing_zeros(u) & 56
    return (l1 == 8) | ((l1 + t0) > 32) |
           ((((u & 0x00c0c0c0) ⊻ 0x00808080) >> t0) != 0)
end
isvalid(c::Char) = !ismalformed(c) && !isoverlong(c) && (codepoint_unchecked(c) <= 0x10ffff) &&
                   !(0xd800 <= codepoint_unchecked(c) <= 0xdfff)
isvalid(::Type{Char}, c::Char) = isvalid(c)
function isoverlong(c::Char)
    u = bitcast(UInt32, c)
    return ((u >> 24 == 0xc0) | (u >> 24 == 0xc1) | (u >> 21 == 0x0704) | (u >> 20 == 0x0f08))
end

function codepoint_unchecked(c::Char)
    u = bitcast(UInt32, c)
    u < 0x80000000 && return u >> 24
    l1 = leading_ones(u)
    t0 = trailing_zeros(u) & 56
    u &= 0xffffffff >> l1
    u >>= t0
    return ((u & 0x0000007f) >> 0) | ((u & 0x00007f00) >> 2) | ((u & 0x007f0000) >> 4) | ((u & 0x7f000000) >> 6)
end
function codepoint(c::Char)
    ismalformed(c) && throw(InvalidCharError(c))
    return codepoint_unchecked(c)
end
(::Type{T})(c::AbstractChar) where {T<:Integer} = convert(T, codepoint(c))
UInt32(c::Char) = codepoint(c)
Int(c::Char) = Int(codepoint(c))

typemin(::Type{Char}) = bitcast(Char, 0x00000000)
typemax(::Type{Char}) = bitcast(Char, 0xffffffff)

==(a::Char, b::Char) = a === b
isless(a::Char, b::Char) = bitcast(UInt32, a) < bitcast(UInt32, b)
<(a::Char, b::Char) = bitcast(UInt32, a) < bitcast(UInt32, b)
<=(a::Char, b::Char) = bitcast(UInt32, a) <= bitcast(UInt32, b)
hash(c::Char, h::UInt) = hash_uint64(((bitcast(UInt32, c) + UInt64(0xd4d64234)) << 32) ⊻ UInt64(h))

-(a::Char, b::Char) = Int(codepoint(a)) - Int(codepoint(b))
-(a::Char, b::Integer) = Char(Int(codepoint(a)) - Int(b))
+(a::Char, b::Integer) = Char(Int(codepoint(a)) + Int(b))
+(a::Integer, b::Char) = b + a

length(c::AbstractChar) = 1
size(c::AbstractChar) = ()
ndims(c::AbstractChar) = 0
eltype(::Type{T}) where {T<:AbstractChar} = T
iterate(c::AbstractChar, done=false) = done ? nothing : (c, true)
isempty(c::AbstractChar) = false
in(x::AbstractChar, y::AbstractChar) = x == y
first(c::AbstractChar) = c
last(c::AbstractChar) = c
getindex(c::AbstractChar) = c

# ---- classification via utf8proc -------------------------------------------------------------------
const UTF8PROC_CATEGORY_CN = 0
const UTF8PROC_CATEGORY_LU = 1
const UTF8PROC_CATEGORY_LL = 2
const UTF8PROC_CATEGORY_LT = 3
const UTF8PROC_CATEGORY_LM = 4
const UTF8PROC_CATEGORY_LO = 5
const UTF8PROC_CATEGORY_MN = 6
const UTF8PROC_CATEGORY_MC = 7
const UTF8PROC_CATEGORY_ME = 8
const UTF8PROC_CATEGORY_ND = 9
const UTF8PROC_CATEGORY_NL = 10
const UTF8PROC_CATEGORY_NO = 11
const UTF8PROC_CATEGORY_PC = 12
const UTF8PROC_CATEGORY_PD = 13
const UTF8PROC_CATEGORY_PS = 14
const UTF8PROC_CATEGORY_PE = 15
const UTF8PROC_CATEGORY_PI = 16
const UTF8PROC_CATEGORY_PF = 17
const UTF8PROC_CATEGORY_PO = 18
const UTF8PROC_CATEGORY_SM = 19
const UTF8PROC_CATEGORY_SC = 20
const UTF8PROC_CATEGORY_SK = 21
const UTF8PROC_CATEGORY_SO = 22
const UTF8PROC_CATEGORY_ZS = 23
const UTF8PROC_CATEGORY_ZL = 24
const UTF8PROC_CATEGORY_ZP = 25
const UTF8PROC_CATEGORY_CC = 26
const UTF8PROC_CATEGORY_CF = 27
const UTF8PROC_CATEGORY_CS = 28
const UTF8PROC_CATEGORY_CO = 29

function category_code(c::Char)
    ismalformed(c) && return 31
    u = codepoint_unchecked(c)
    u > 0x10ffff && return 30
    return Int(ccall(:utf8proc_category, Cint, (UInt32,), u))
end

isascii(c::Char) = bitcast(UInt32, c) < 0x80000000
isletter(c::Char) = UTF8PROC_CATEGORY_LU <= category_code(c) <= UTF8PROC_CATEGORY_LO
islowercase(c::Char) = isascii(c) ? ('a' <= c <= 'z') : ccall(:utf8proc_islower, Bool, (UInt32,), codepoint_unchecked(c))
isuppercase(c::Char) = isascii(c) ? ('A' <= c <= 'Z') : ccall(:utf8proc_isupper, Bool, (UInt32,), codepoint_unchecked(c))
iscased(c::Char) = islowercase(c) | isuppercase(c) | (category_code(c) == UTF8PROC_CATEGORY_LT)
isdigit(c::Char) = (c >= '0') & (c <= '9')
isxdigit(c::Char) = isdigit(c) | (('a' <= c) & (c <= 'f')) | (('A' <= c) & (c <= 'F'))
isnumeric(c::Char) = UTF8PROC_CATEGORY_ND <= category_code(c) <= UTF8PROC_CATEGORY_NO
isalnum(c::Char) = isletter(c) | isnumeric(c)
function isspace(c::Char)
    c == ' ' || '\t' <= c <= '\r' || c == '\u85' || ('\ua0' <= c && category_code(c) == UTF8PROC_CATEGORY_ZS)
end
ispunct(c::Char) = UTF8PROC_CATEGORY_PC <= category_code(c) <= UTF8PROC_CATEGORY_PO
iscntrl(c::Char) = (c <= '\x1f') | ('\x7f' <= c <= '\u9f')
function isprint(c::Char)
    cat = category_code(c)
    return !(cat == UTF8PROC_CATEGORY_CN || cat >= UTF8PROC_CATEGORY_ZL) || c == ' '
end
function isgraph(c::Char)
    cat = category_code(c)
    return !(cat == UTF8PROC_CATEGORY_CN || cat >= UTF8PROC_CATEGORY_ZS)
end

function uppercase(c::Char)
    isascii(c) && return ('a' <= c <= 'z') ? c - 32 : c
    ismalformed(c) && return c
    return Char(ccall(:utf8proc_toupper, UInt32, (UInt32,), codepoint_unchecked(c)))
end
function lowercase(c::Char)
    isascii(c) && return ('A' <= c <= 'Z') ? c + 32 : c
    ismalformed(c) && return c
    return Char(ccall(:utf8proc_tolower, UInt32, (UInt32,), codepoint_unchecked(c)))
end
function titlecase(c::Char)
    isascii(c) && return ('a' <= c <= 'z') ? c - 32 : c
    ismalformed(c) && return c
    return Char(ccall(:utf8proc_totitle, UInt32, (UInt32,), codepoint_unchecked(c)))
end
textwidth(c::Char) = ismalformed(c) ? 1 : max(0, Int(ccall(:utf8proc_charwidth, Cint, (UInt32,), codepoint_unchecked(c))))

const _category_abbrevs = ("Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "In", "Ma")
const _category_strings = ("Other, not assigned", "Letter, uppercase", "Letter, lowercase", "Letter, titlecase",
    "Letter, modifier", "Letter, other", "Mark, nonspacing", "Mark, spacing combining", "Mark, enclosing",
    "Number, decimal digit", "Number, letter", "Number, other", "Punctuation, connector", "Punctuation, dash",
    "Punctuation, open", "Punctuation, close", "Punctuation, initial quote", "Punctuation, final quote",
    "Punctuation, other", "Symbol, math", "Symbol, currency", "Symbol, modifier", "Symbol, other",
    "Separator, space", "Separator, line", "Separator, paragraph", "Other, control", "Other, format",
    "Other, surrogate", "Other, private use", "Invalid, too high", "Malformed, bad data")
category_abbrev(c::Char) = _category_abbrevs[category_code(c) + 1]
category_string(c::Char) = _category_strings[category_code(c) + 1]
