# regex.jl: Regex (PCRE2 through ccall, as Julia does): r"..." literals, match, eachmatch, occursin,
# findfirst/findnext, replace with SubstitutionString s"...", split on a regex.

const _PCRE = "libpcre2-8"
const _PCRE_UTF = UInt32(0x00080000)
const _PCRE_ALT_BSUX = UInt32(0x00000002)
const _PCRE_MATCH_INVALID_UTF = UInt32(0x04000000)
const _PCRE_CASELESS = UInt32(0x00000008)
const _PCRE_MULTILINE = UInt32(0x00000400)
const _PCRE_DOTALL = UInt32(0x00000020)
const _PCRE_EXTENDED = UInt32(0x00000080)
const _PCRE_ANCHORED = UInt32(0x80000000)
const _PCRE_NO_UTF_CHECK = UInt32(0x40000000)
const _PCRE_INFO_CAPTURECOUNT = UInt32(4)
const _PCRE_INFO_NAMECOUNT = UInt32(17)
const _PCRE_INFO_NAMEENTRYSIZE = UInt32(18)
const _PCRE_INFO_NAMETABLE = UInt32(19)

mutable struct Regex <: AbstractPattern
    pattern::String
    compile_options::UInt32
    match_options::UInt32
    regex::Ptr{Cvoid}
    function Regex(pattern::AbstractString, compile_options::Integer, match_options::Integer)
        re = new(String(pattern), UInt32(compile_options), UInt32(match_options), C_NULL)
        _compile!(re)
        return re
    end
end
function Regex(pattern::AbstractString, flags::AbstractString="")
    opts = _PCRE_UTF | _PCRE_ALT_BSUX | _PCRE_MATCH_INVALID_UTF
    for f in flags
        opts |= f == 'i' ? _PCRE_CASELESS : f == 'm' ? _PCRE_MULTILINE : f == 's' ? _PCRE_DOTALL :
                f == 'x' ? _PCRE_EXTENDED : f == 'a' ? UInt32(0) :
                throw(ArgumentError(string("unknown regex flag: ", f)))
    end
    return Regex(pattern, opts, _PCRE_NO_UTF_CHECK)
end
function _compile!(re::Regex)
    err = Vector{Int32}(undef, 1)
    off = Vector{UInt64}(undef, 1)
    p = ccall((:pcre2_compile_8, _PCRE), Ptr{Cvoid}, (Ptr{UInt8}, Csize_t, UInt32, Ptr{Int32}, Ptr{UInt64}, Ptr{Cvoid}),
              re.pattern, sizeof(re.pattern), re.compile_options, err, off, C_NULL)
    if p == C_NULL
        buf = Vector{UInt8}(undef, 256)
        n = ccall((:pcre2_get_error_message_8, _PCRE), Cint, (Cint, Ptr{UInt8}, Csize_t), err[1], buf, 256)
        msg = String(buf[1:max(n, 0)])
        throw(ErrorException(string("PCRE compilation error: ", msg, " at offset ", off[1])))
    end
    re.regex = p
    return re
end
macro r_str(pattern, flags...)
    return Regex(pattern, flags...)
end
function show(io::IO, re::Regex)
    print(io, "r\"")
    print(io, re.pattern)
    print(io, "\"")
    f = re.compile_options
    (f & _PCRE_CASELESS) != 0 && print(io, 'i')
    (f & _PCRE_MULTILINE) != 0 && print(io, 'm')
    (f & _PCRE_DOTALL) != 0 && print(io, 's')
    (f & _PCRE_EXTENDED) != 0 && print(io, 'x')
end
function _capture_count(re::Regex)
    out = Vector{UInt32}(undef, 1)
    ccall((:pcre2_pattern_info_8, _PCRE), Cint, (Ptr{Cvoid}, UInt32, Ptr{UInt32}), re.regex, _PCRE_INFO_CAPTURECOUNT, out)
    return Int(out[1])
end
function _capture_names(re::Regex)
    names = Dict{Int,String}()
    cnt = Vector{UInt32}(undef, 1)
    ccall((:pcre2_pattern_info_8, _PCRE), Cint, (Ptr{Cvoid}, UInt32, Ptr{UInt32}), re.regex, _PCRE_INFO_NAMECOUNT, cnt)
    cnt[1] == 0 && return names
    esz = Vector{UInt32}(undef, 1)
    ccall((:pcre2_pattern_info_8, _PCRE), Cint, (Ptr{Cvoid}, UInt32, Ptr{UInt32}), re.regex, _PCRE_INFO_NAMEENTRYSIZE, esz)
    tbl = Vector{UInt64}(undef, 1)
    ccall((:pcre2_pattern_info_8, _PCRE), Cint, (Ptr{Cvoid}, UInt32, Ptr{UInt64}), re.regex, _PCRE_INFO_NAMETABLE, tbl)
    p = bitcast(Ptr{UInt8}, tbl[1])
    for i in 0:Int(cnt[1])-1
        e = p + i * Int(esz[1])
        idx = (Int(unsafe_load(e, 1)) << 8) | Int(unsafe_load(e, 2))
        names[idx] = unsafe_string(e + 2)
    end
    return names
end

# run one match at 0-based byte offset; returns nothing or the ovector as (start0, end0) pairs
function _exec(re::Regex, subject::String, offset::Int, options::UInt32=UInt32(0))
    md = ccall((:pcre2_match_data_create_from_pattern_8, _PCRE), Ptr{Cvoid}, (Ptr{Cvoid}, Ptr{Cvoid}), re.regex, C_NULL)
    rc = ccall((:pcre2_match_8, _PCRE), Cint, (Ptr{Cvoid}, Ptr{UInt8}, Csize_t, Csize_t, UInt32, Ptr{Cvoid}, Ptr{Cvoid}),
               re.regex, subject, sizeof(subject), offset, re.match_options | options, md, C_NULL)
    if rc < 0
        ccall((:pcre2_match_data_free_8, _PCRE), Cvoid, (Ptr{Cvoid},), md)
        rc == -1 && return nothing
        throw(ErrorException(string("PCRE.exec error code ", rc)))
    end
    n = _capture_count(re) + 1
    ov = ccall((:pcre2_get_ovector_pointer_8, _PCRE), Ptr{UInt64}, (Ptr{Cvoid},), md)
    out = Vector{Int}(undef, 2n)
    for i in 1:2n
        out[i] = i <= 2 * rc ? Int(bitcast(Int64, unsafe_load(ov, i))) : -1
    end
    ccall((:pcre2_match_data_free_8, _PCRE), Cvoid, (Ptr{Cvoid},), md)
    return out
end

struct RegexMatch <: AbstractMatch
    match::SubString{String}
    captures::Vector{Union{Nothing,SubString{String}}}
    offset::Int
    offsets::Vector{Int}
    regex::Regex
end
function _make_match(re::Regex, s::String, ov::Vector{Int})
    m = SubString(s, ov[1] + 1, ov[2])
    n = div(length(ov), 2) - 1
    caps = Vector{Union{Nothing,SubString{String}}}(undef, n)
    offs = Vector{Int}(undef, n)
    for i in 1:n
        a = ov[2i + 1]
        b = ov[2i + 2]
        if a < 0
            caps[i] = nothing
            offs[i] = 0
        else
            caps[i] = SubString(s, a + 1, b)
            offs[i] = a + 1
        end
    end
    return RegexMatch(m, caps, ov[1] + 1, offs, re)
end
function match(re::Regex, s::AbstractString, idx::Integer=1)
    str = String(s)
    ov = _exec(re, str, Int(idx) - 1)
    ov === nothing && return nothing
    return _make_match(re, str, ov)
end
getindex(m::RegexMatch, i::Integer) = m.captures[i]
function getindex(m::RegexMatch, name::Union{Symbol,AbstractString})
    for (i, n) in _capture_names(m.regex)
        n == String(name) && return m.captures[i]
    end
    throw(ArgumentError(string("no capture group named ", name)))
end
haskey(m::RegexMatch, name::Union{Symbol,AbstractString}) = String(name) in values(_capture_names(m.regex))
iterate(m::RegexMatch, i::Int=1) = i > length(m.captures) ? nothing : (m.captures[i], i + 1)
length(m::RegexMatch) = length(m.captures)
function show(io::IO, m::RegexMatch)
    print(io, "RegexMatch(")
    show(io, m.match)
    names = _capture_names(m.regex)
    for i in 1:length(m.captures)
        print(io, ", ", get(names, i, string(i)), "=")
        show(io, m.captures[i])
    end
    print(io, ")")
end

occursin(re::Regex, s::AbstractString; offset::Integer=0) = _exec(re, String(s), Int(offset)) !== nothing
startswith(s::AbstractString, re::Regex) = _exec(re, String(s), 0, _PCRE_ANCHORED) !== nothing
function findnext(re::Regex, s::AbstractString, i::Integer)
    str = String(s)
    i > ncodeunits(str) + 1 && return nothing
    ov = _exec(re, str, Int(i) - 1)
    ov === nothing && return nothing
    return (ov[1] + 1):prevind(str, ov[2] + 1)
end
findfirst(re::Regex, s::AbstractString) = findnext(re, s, 1)
function findall(re::Regex, s::AbstractString; overlap::Bool=false)
    out = UnitRange{Int}[]
    for m in eachmatch(re, s; overlap=overlap)
        push!(out, m.offset:prevind(String(s), m.offset + ncodeunits(m.match)))
    end
    return out
end

struct RegexMatchIterator
    regex::Regex
    string::String
    overlap::Bool
end
eachmatch(re::Regex, s::AbstractString; overlap::Bool=false) = RegexMatchIterator(re, String(s), overlap)
IteratorSize(::Type{RegexMatchIterator}) = SizeUnknown()
eltype(::Type{RegexMatchIterator}) = RegexMatch
function iterate(it::RegexMatchIterator, state=(1, true))
    offset, prevempty = state
    offset > ncodeunits(it.string) + 1 && return nothing
    ov = _exec(it.regex, it.string, offset - 1)
    ov === nothing && return nothing
    m = _make_match(it.regex, it.string, ov)
    if it.overlap
        nxt = m.offset <= ncodeunits(it.string) ? nextind(it.string, m.offset) : m.offset + 1
    elseif ov[2] == ov[1]
        nxt = ov[2] < ncodeunits(it.string) ? nextind(it.string, ov[2] + 1) : ov[2] + 2
    else
        nxt = ov[2] + 1
    end
    return (m, (nxt, ov[2] == ov[1]))
end
count(re::Regex, s::AbstractString; overlap::Bool=false) = length(collect(eachmatch(re, s; overlap=overlap)))

struct SubstitutionString{T<:AbstractString} <: AbstractString
    string::T
end
ncodeunits(s::SubstitutionString) = ncodeunits(s.string)
codeunit(s::SubstitutionString, i::Integer) = codeunit(s.string, i)
iterate(s::SubstitutionString, i::Int=1) = iterate(s.string, i)
isvalid(s::SubstitutionString, i::Integer) = isvalid(s.string, i)
show(io::IO, s::SubstitutionString) = (print(io, "s"); show(io, s.string))
macro s_str(string)
    return SubstitutionString(string)
end
function _substitute(io::IO, rep::SubstitutionString, m::RegexMatch)
    s = String(rep.string)
    cs = collect(s)
    i = 1
    n = length(cs)
    names = _capture_names(m.regex)
    while i <= n
        c = cs[i]
        if c == '\\' && i < n
            d = cs[i + 1]
            if isdigit(d)
                j = i + 1
                k = 0
                while j <= n && isdigit(cs[j])
                    k = 10k + (cs[j] - '0')
                    j += 1
                end
                print(io, k == 0 ? m.match : something(m.captures[k], ""))
                i = j
                continue
            elseif d == 'g' && i + 2 <= n && cs[i + 2] == '<'
                j = i + 3
                nm = IOBuffer()
                while j <= n && cs[j] != '>'
                    print(nm, cs[j])
                    j += 1
                end
                key = String(take!(nm))
                idx = tryparse(Int, key)
                if idx === nothing
                    for (ii, nn) in names
                        nn == key && (idx = ii)
                    end
                end
                print(io, idx == 0 ? m.match : something(m.captures[idx], ""))
                i = j + 1
                continue
            elseif d == '\\'
                print(io, '\\')
                i += 2
                continue
            end
        end
        print(io, c)
        i += 1
    end
end
function _replace_find(pat::Regex, s::String, i::Int)
    i > ncodeunits(s) + 1 && return nothing
    ov = _exec(pat, s, i - 1)
    ov === nothing && return nothing
    return (ov[1] + 1):ov[2]
end

# split on a regex
function _find_splitter(re::Regex, s::AbstractString, j::Int)
    j > ncodeunits(s) && return nothing
    ov = _exec(re, String(s), j - 1)
    ov === nothing && return nothing
    return (ov[1] + 1, ov[2])
end
