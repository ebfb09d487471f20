# Printf.jl: @printf / @sprintf and Printf.format: C-style format strings (%d %i %u %x %X %o %c %s %f %F
# %e %E %g %G %a %A %%, flags -+ 0#, width, precision, *), with C's rounding of floats.
module Printf

export @printf, @sprintf

struct Spec
    flags::String
    width::Int       # -1: none, -2: from an argument (*)
    prec::Int        # -1: none, -2: from an argument (*)
    conv::Char
end
struct Format
    parts::Vector{Any}   # String literals and Specs
end

function Format(f::AbstractString)
    s = String(f)
    parts = Any[]
    buf = IOBuffer()
    cs = collect(s)
    i = 1
    n = length(cs)
    while i <= n
        c = cs[i]
        if c != '%'
            print(buf, c)
            i += 1
            continue
        end
        i += 1
        i > n && throw(ArgumentError("invalid format string: '$s'"))
        if cs[i] == '%'
            print(buf, '%')
            i += 1
            continue
        end
        lit = String(take!(buf))
        isempty(lit) || push!(parts, lit)
        flags = IOBuffer()
        while i <= n && cs[i] in ('-', '+', ' ', '0', '#')
            print(flags, cs[i])
            i += 1
        end
        width = -1
        if i <= n && cs[i] == '*'
            width = -2
            i += 1
        else
            while i <= n && isdigit(cs[i])
                width = (width < 0 ? 0 : width) * 10 + (cs[i] - '0')
                i += 1
            end
        end
        prec = -1
        if i <= n && cs[i] == '.'
            i += 1
            prec = 0
            if i <= n && cs[i] == '*'
                prec = -2
                i += 1
            else
                while i <= n && isdigit(cs[i])
                    prec = prec * 10 + (cs[i] - '0')
                    i += 1
                end
            end
        end
        while i <= n && cs[i] in ('h', 'l', 'L', 'q', 'j', 'z', 't')
            i += 1
        end
        i > n && throw(ArgumentError("invalid format string: '$s'"))
        conv = cs[i]
        conv in "diuxXoeEfFgGaAcsp" || throw(ArgumentError("invalid format string: '$s', invalid type specifier: '$conv'"))
        i += 1
        push!(parts, Spec(String(take!(flags)), width, prec, conv))
    end
    lit = String(take!(buf))
    isempty(lit) || push!(parts, lit)
    return Format(parts)
end

_cspec(sp::Spec, width, prec) = string('%', sp.flags, width >= 0 ? string(width) : "", prec >= 0 ? string('.', prec) : "")

function _pad(s::String, sp::Spec, width::Int)
    width <= 0 && return s
    l = length(s)
    l >= width && return s
    if '-' in sp.flags
        return string(s, " "^(width - l))
    end
    return string(" "^(width - l), s)
end

function _format_one(io::IO, sp::Spec, arg, width::Int, prec::Int)
    c = sp.conv
    if c == 's'
        s = arg isa AbstractString ? String(arg) : sprint(print, arg)
        prec >= 0 && (s = first(s, prec))
        print(io, _pad(s, sp, width))
    elseif c == 'c'
        print(io, _pad(string(arg isa AbstractChar ? arg : Char(arg)), sp, width))
    elseif c in "diuxXo"
        x = arg isa AbstractFloat ? (isinteger(arg) ? Int(arg) : throw(ArgumentError("invalid argument"))) : arg
        x isa Bool && (x = Int(x))
        conv = c == 'i' ? 'd' : c
        if x isa Integer && typemin(Int64) <= x <= typemax(Int64) && !(conv in "xXou" && x < 0)
            print(io, ccall(:jl_base_format_int, Any, (Any, Int64), string(_cspec(sp, width, prec), conv), Int64(x))::String)
        elseif x isa Integer
            base = conv == 'd' || conv == 'u' ? 10 : conv == 'o' ? 8 : 16
            s = string(conv in "xXo" && x < 0 ? unsigned(x) : x; base=base, pad=max(prec, 1))
            conv == 'X' && (s = uppercase(s))
            if '#' in sp.flags && conv in "xX"
                s = string(conv == 'x' ? "0x" : "0X", s)
            end
            if '+' in sp.flags && conv == 'd' && x >= 0
                s = string('+', s)
            end
            if '0' in sp.flags && !('-' in sp.flags) && prec < 0 && width > length(s)
                neg = startswith(s, "-") || startswith(s, "+")
                s = neg ? string(s[1], "0"^(width - length(s)), s[2:end]) : string("0"^(width - length(s)), s)
            end
            print(io, _pad(s, sp, width))
        else
            throw(ArgumentError("invalid argument for %$c: $(repr(arg))"))
        end
    elseif c in "eEfFgGaA"
        x = Float64(arg)
        print(io, ccall(:jl_base_format_double, Any, (Any, Float64), string(_cspec(sp, width, prec), c), x)::String)
    elseif c == 'p'
        print(io, _pad(string("0x", string(UInt(arg), base=16)), sp, width))
    end
end

function format(io::IO, f::Format, args...)
    k = 1
    for p in f.parts
        if p isa String
            print(io, p)
        else
            width = p.width
            if width == -2
                width = Int(args[k])
                k += 1
            end
            prec = p.prec
            if prec == -2
                prec = Int(args[k])
                k += 1
            end
            k > length(args) && throw(ArgumentError("not enough arguments for the format string"))
            _format_one(io, p, args[k], width, prec)
            k += 1
        end
    end
    return nothing
end
format(f::Format, args...) = sprint(format, f, args...)
format(io::IO, f::AbstractString, args...) = format(io, Format(f), args...)

macro printf(args...)
    isempty(args) && throw(ArgumentError("@printf: called with no arguments"))
    if args[1] isa AbstractString
        fmt = Format(args[1])
        return :($(GlobalRef(Printf, :format))(stdout, $fmt, $(map(esc, args[2:end])...)))
    end
    io = args[1]
    fmt = Format(args[2])
    return :($(GlobalRef(Printf, :format))($(esc(io)), $fmt, $(map(esc, args[3:end])...)))
end
macro sprintf(fmt, args...)
    f = Format(fmt)
    return :($(GlobalRef(Printf, :format))($f, $(map(esc, args)...)))
end

end # module Printf
