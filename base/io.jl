# io.jl: the IO types: IOStream over a file descriptor (stdout/stderr/stdin, buffered, flushed at exit),
# IOBuffer, IOContext; write/print/println/read/readline, sprint, string, repr.

# ---- generic IO -----------------------------------------------------------------------------------------
function unsafe_write(io::IO, p::Ptr{UInt8}, n::UInt)
    for i in 1:Int(n)
        write(io, pointerref(p, i, 1))
    end
    return Int(n)
end
write(io::IO, s::String) = unsafe_write(io, pointer(s), UInt(sizeof(s)))
write(io::IO, s::SubString{String}) = unsafe_write(io, pointer(s), UInt(ncodeunits(s)))
write(io::IO, s::AbstractString) = (n = 0; for c in s; n += write(io, c); end; n)
function write(io::IO, c::Char)
    u = bitcast(UInt32, c)
    n = 1
    write(io, rem(u >> 24, UInt8))
    u = u << 8
    while u != 0x00000000
        write(io, rem(u >> 24, UInt8))
        u = u << 8
        n += 1
    end
    return n
end
write(io::IO, a::Vector{UInt8}) = unsafe_write(io, pointer(a), UInt(length(a)))
function write(io::IO, a::AbstractArray{UInt8})
    for b in a
        write(io, b)
    end
    return length(a)
end
function write(io::IO, x::Union{BitInteger,IEEEFloat,Bool})
    n = sizeof(x)
    u = x isa IEEEFloat ? bitcast(_uint_of(typeof(x)), x) : x
    for i in 0:n-1
        write(io, rem(u >> (8 * i), UInt8))
    end
    return n
end
write(io::IO, x1, x2, xs...) = (n = write(io, x1); n += write(io, x2); for x in xs; n += write(io, x); end; n)
write(io::IO, s::Symbol) = write(io, String(s))
flush(io::IO) = nothing
close(io::IO) = nothing
isopen(io::IO) = true
get(io::IO, key, default) = default
haskey(io::IO, key) = false
displaysize(io::IO) = (24, 80)
displaysize() = (24, 80)

print(io::IO, x) = show(io, x)
print(io::IO, s::String) = (write(io, s); nothing)
print(io::IO, s::AbstractString) = (for c in s; write(io, c); end; nothing)
print(io::IO, c::Char) = (write(io, c); nothing)
print(io::IO, s::Symbol) = (write(io, String(s)); nothing)
print(io::IO, x::Nothing) = (write(io, "nothing"); nothing)
print(io::IO, x::Bool) = (write(io, x ? "true" : "false"); nothing)
function print(io::IO, xs...)
    for x in xs
        print(io, x)
    end
    return nothing
end
println(io::IO, xs...) = (print(io, xs...); write(io, 0x0a); nothing)
print(xs...) = print(stdout, xs...)
println(xs...) = println(stdout, xs...)

# ---- IOContext ------------------------------------------------------------------------------------------------
struct _CtxNode
    parent::Any          # _CtxNode or nothing
    key::Symbol
    value::Any
end
struct IOContext{IO_t<:IO} <: IO
    io::IO_t
    dict::Any            # _CtxNode or nothing
end
IOContext(io::IO) = IOContext{typeof(io)}(io, nothing)
IOContext(io::IOContext) = io
IOContext(io::IO, p::Pair) = IOContext{typeof(io)}(io, _CtxNode(nothing, p.first, p.second))
IOContext(io::IOContext, p::Pair) = IOContext{typeof(io.io)}(io.io, _CtxNode(io.dict, p.first, p.second))
IOContext(io::IO, p::Pair, ps::Pair...) = IOContext(IOContext(io, p), ps...)
IOContext(io::IO, ctx::IOContext) = _merge_ctx(io, ctx.dict)
IOContext(io::IO, ::Nothing) = io
IOContext(io::IO, ::IO) = io
function IOContext(io::IO, ps::Tuple)
    for p in ps
        io = IOContext(io, p)
    end
    return io
end
function _merge_ctx(io::IO, node)
    node === nothing && return io
    return IOContext(_merge_ctx(io, node.parent), node.key => node.value)
end
function get(io::IOContext, key, default)
    n = io.dict
    while n !== nothing
        n.key === key && return n.value
        n = n.parent
    end
    return default
end
haskey(io::IOContext, key) = get(io, key, _secret_default) !== _secret_default
getindex(io::IOContext, key) = (v = get(io, key, _secret_default); v === _secret_default ? throw(KeyError(key)) : v)
write(io::IOContext, b::UInt8) = write(io.io, b)
unsafe_write(io::IOContext, p::Ptr{UInt8}, n::UInt) = unsafe_write(io.io, p, n)
write(io::IOContext, s::String) = write(io.io, s)
write(io::IOContext, c::Char) = write(io.io, c)
flush(io::IOContext) = flush(io.io)
displaysize(io::IOContext) = displaysize(io.io)

# ---- IOBuffer ---------------------------------------------------------------------------------------------------
mutable struct IOBuffer <: IO
    data::Vector{UInt8}
    size::Int
    ptr::Int
    readable::Bool
    writable::Bool
    append::Bool
end
function IOBuffer(; read::Bool=true, write::Bool=true, append::Bool=false, sizehint::Integer=32, maxsize::Integer=typemax(Int))
    return IOBuffer(Vector{UInt8}(undef, max(Int(sizehint), 16)), 0, 1, read, write, append)
end
function IOBuffer(data::Vector{UInt8}; read::Bool=true, write::Bool=false, append::Bool=false, truncate::Bool=false, maxsize::Integer=typemax(Int))
    n = truncate ? 0 : length(data)
    return IOBuffer(data, n, 1, read, write, append)
end
function IOBuffer(s::String)
    v = Vector{UInt8}(undef, sizeof(s))
    sizeof(s) > 0 && ccall(:memcpy, Ptr{Cvoid}, (Ptr{UInt8}, Ptr{UInt8}, Csize_t), pointer(v), pointer(s), sizeof(s))
    return IOBuffer(v, sizeof(s), 1, true, false, false)
end
IOBuffer(s::SubString{String}) = IOBuffer(String(s))
const PipeBuffer = IOBuffer

function _ensure_room(io::IOBuffer, last::Int)
    n = length(io.data)
    if last > n
        newn = max(last, 2 * n)
        ccall(:jl_array_grow_end, Cvoid, (Any, UInt), io.data, UInt(newn - n))
    end
    return nothing
end
function write(io::IOBuffer, b::UInt8)
    io.writable || throw(ArgumentError("ensureroom failed, IOBuffer is not writeable"))
    p = io.append ? io.size + 1 : io.ptr
    _ensure_room(io, p)
    arrayset(true, io.data, b, p)
    p += 1
    io.size = max(io.size, p - 1)
    io.append || (io.ptr = p)
    return 1
end
function unsafe_write(io::IOBuffer, src::Ptr{UInt8}, n::UInt)
    io.writable || throw(ArgumentError("ensureroom failed, IOBuffer is not writeable"))
    m = Int(n)
    m == 0 && return 0
    p = io.append ? io.size + 1 : io.ptr
    _ensure_room(io, p + m - 1)
    ccall(:memcpy, Ptr{Cvoid}, (Ptr{UInt8}, Ptr{UInt8}, Csize_t), pointer(io.data, p), src, n)
    p += m
    io.size = max(io.size, p - 1)
    io.append || (io.ptr = p)
    return m
end
function take!(io::IOBuffer)
    data = io.data
    if io.readable && io.ptr > 1 && !io.writable
        out = data[io.ptr:io.size]
    else
        resize!(data, io.size)
        out = data
    end
    io.data = Vector{UInt8}(undef, 16)
    io.size = 0
    io.ptr = 1
    return out
end
function read(io::IOBuffer, ::Type{UInt8})
    io.ptr > io.size && throw(EOFError())
    b = io.data[io.ptr]
    io.ptr += 1
    return b
end
read(io::IO, ::Type{Char}) = _read_char(io)
function _read_char(io::IO)
    b = read(io, UInt8)
    u = zext_int(UInt32, b) << 24
    (b < 0xc0 || b > 0xf7) && return bitcast(Char, u)
    l = b < 0xe0 ? 2 : (b < 0xf0 ? 3 : 4)
    shift = 16
    for k in 2:l
        eof(io) && break
        c = peek(io)
        (c & 0xc0) == 0x80 || break
        read(io, UInt8)
        u |= zext_int(UInt32, c) << shift
        shift -= 8
    end
    return bitcast(Char, u)
end
peek(io::IOBuffer) = io.ptr > io.size ? throw(EOFError()) : io.data[io.ptr]
peek(io::IOBuffer, ::Type{UInt8}) = peek(io)
eof(io::IOBuffer) = io.ptr > io.size
bytesavailable(io::IOBuffer) = io.size - io.ptr + 1
position(io::IOBuffer) = io.ptr - 1
seek(io::IOBuffer, n::Integer) = (io.ptr = clamp(Int(n), 0, io.size) + 1; io)
seekstart(io::IO) = seek(io, 0)
seekend(io::IOBuffer) = (io.ptr = io.size + 1; io)
skip(io::IOBuffer, n::Integer) = (io.ptr = clamp(io.ptr + Int(n), 1, io.size + 1); io)
isreadable(io::IOBuffer) = io.readable
iswritable(io::IOBuffer) = io.writable
truncate(io::IOBuffer, n::Integer) = (io.size = min(io.size, Int(n)); io.ptr = min(io.ptr, io.size + 1); io)
function read(io::IOBuffer)
    out = io.data[io.ptr:io.size]
    io.ptr = io.size + 1
    return out
end
function read(io::IOBuffer, n::Integer)
    m = min(Int(n), bytesavailable(io))
    out = io.data[io.ptr:io.ptr+m-1]
    io.ptr += m
    return out
end
read(io::IO, ::Type{String}) = String(read(io))
readavailable(io::IOBuffer) = read(io)
function readline(io::IO; keep::Bool=false)
    out = IOBuffer()
    while !eof(io)
        b = read(io, UInt8)
        if b == 0x0a
            keep && write(out, b)
            break
        end
        write(out, b)
    end
    s = String(take!(out))
    if !keep && endswith(s, "\r")
        s = s[1:end-1]
    end
    return s
end
function readlines(io::IO; keep::Bool=false)
    out = String[]
    while !eof(io)
        push!(out, readline(io; keep=keep))
    end
    return out
end
struct EachLine{IOT<:IO}
    stream::IOT
    keep::Bool
end
eachline(io::IO=stdin; keep::Bool=false) = EachLine(io, keep)
iterate(e::EachLine, st=nothing) = eof(e.stream) ? nothing : (readline(e.stream; keep=e.keep), nothing)
IteratorSize(::Type{<:EachLine}) = SizeUnknown()
eltype(::Type{<:EachLine}) = String
function readuntil(io::IO, delim::UInt8; keep::Bool=false)
    out = IOBuffer()
    while !eof(io)
        b = read(io, UInt8)
        if b == delim
            keep && write(out, b)
            break
        end
        write(out, b)
    end
    return String(take!(out))
end
readuntil(io::IO, delim::Char; keep::Bool=false) = readuntil(io, rem(bitcast(UInt32, delim) >> 24, UInt8); keep=keep)
function readchomp(x)
    s = read(x, String)
    return String(chomp(s))
end

# ---- file descriptor streams ------------------------------------------------------------------------------------------
mutable struct IOStream <: IO
    fd::Int32
    name::String
    buf::Vector{UInt8}
    n::Int
    mode::Int            # 0 unknown, 1 fully buffered, 2 line buffered (a tty)
    rbuf::Vector{UInt8}
    rpos::Int
    rlen::Int
    ateof::Bool
    isopen::Bool
end
IOStream(fd::Integer, name::String) = IOStream(Int32(fd), name, Vector{UInt8}(undef, 0), 0, 0, Vector{UInt8}(undef, 0), 1, 0, false, true)

function _stream_mode(io::IOStream)
    if io.mode == 0
        io.mode = ccall(:isatty, Cint, (Cint,), io.fd) == 1 ? 2 : 1
        length(io.buf) == 0 && resize!(io.buf, 65536)
    end
    return io.mode
end
function flush(io::IOStream)
    if io.n > 0
        n = io.n
        io.n = 0
        ccall(:jl_base_write_fd, Int, (Int32, Ptr{UInt8}, Int), io.fd, pointer(io.buf), n)
    end
    return nothing
end
function unsafe_write(io::IOStream, p::Ptr{UInt8}, n::UInt)
    mode = _stream_mode(io)
    m = Int(n)
    cap = length(io.buf)
    if io.n + m > cap
        flush(io)
    end
    if m > cap
        ccall(:jl_base_write_fd, Int, (Int32, Ptr{UInt8}, Int), io.fd, p, m)
        return m
    end
    ccall(:memcpy, Ptr{Cvoid}, (Ptr{UInt8}, Ptr{UInt8}, Csize_t), pointer(io.buf, io.n + 1), p, n)
    io.n += m
    if mode == 2 && ccall(:memchr, Ptr{Cvoid}, (Ptr{UInt8}, Cint, Csize_t), p, 10, n) != C_NULL
        flush(io)
    end
    return m
end
function write(io::IOStream, b::UInt8)
    mode = _stream_mode(io)
    io.n >= length(io.buf) && flush(io)
    io.n += 1
    arrayset(true, io.buf, b, io.n)
    (mode == 2 && b == 0x0a) && flush(io)
    return 1
end
function _fill_rbuf(io::IOStream)
    io.ateof && return 0
    flush(stdout)
    length(io.rbuf) == 0 && resize!(io.rbuf, 65536)
    n = ccall(:jl_base_read_fd, Int, (Int32, Ptr{UInt8}, Int), io.fd, pointer(io.rbuf), length(io.rbuf))
    if n <= 0
        io.ateof = true
        return 0
    end
    io.rpos = 1
    io.rlen = n
    return n
end
function eof(io::IOStream)
    io.rpos <= io.rlen && return false
    return _fill_rbuf(io) == 0
end
function read(io::IOStream, ::Type{UInt8})
    eof(io) && throw(EOFError())
    b = io.rbuf[io.rpos]
    io.rpos += 1
    return b
end
function peek(io::IOStream)
    eof(io) && throw(EOFError())
    return io.rbuf[io.rpos]
end
function read(io::IOStream)
    out = UInt8[]
    while !eof(io)
        append!(out, io.rbuf[io.rpos:io.rlen])
        io.rpos = io.rlen + 1
    end
    return out
end
close(io::IOStream) = (flush(io); io.fd > 2 && ccall(:close, Cint, (Cint,), io.fd); io.isopen = false; nothing)
isopen(io::IOStream) = io.isopen
fd(io::IOStream) = io.fd
isreadable(io::IOStream) = true
iswritable(io::IOStream) = true

const stdout = IOStream(1, "<stdout>")
const stderr = IOStream(2, "<stderr>")
const stdin = IOStream(0, "<stdin>")
readline(; keep::Bool=false) = readline(stdin; keep=keep)
readlines() = readlines(stdin)

# called by the runtime at exit
function _atexit()
    flush(stdout)
    flush(stderr)
    return nothing
end

# ---- files (minimal) -------------------------------------------------------------------------------------------------
function open(fname::AbstractString, mode::AbstractString="r")
    flags = mode == "r" ? 0 : mode == "w" ? (0o1 | 0o100 | 0o1000) : mode == "a" ? (0o1 | 0o100 | 0o2000) :
            mode == "r+" ? 0o2 : mode == "w+" ? (0o2 | 0o100 | 0o1000) : throw(ArgumentError(string("invalid open mode: ", mode)))
    fd = ccall(:open, Cint, (Ptr{UInt8}, Cint, Cint), String(fname), flags, 0o666)
    fd < 0 && throw(SystemError(string("opening file ", repr(fname)), Int32(ccall(:jl_base_errno, Cint, ()))))
    return IOStream(fd, string("<file ", fname, ">"))
end
function open(f::Function, args...)
    io = open(args...)
    try
        return f(io)
    finally
        close(io)
    end
end
read(fname::AbstractString, ::Type{String}) = open(io -> read(io, String), fname)
read(fname::AbstractString) = open(io -> read(io), fname)
readlines(fname::AbstractString; keep::Bool=false) = open(io -> readlines(io; keep=keep), fname)
eachline(fname::AbstractString; keep::Bool=false) = readlines(fname; keep=keep)
function write(fname::AbstractString, x)
    return open(io -> write(io, x), fname, "w")
end
isfile(path::AbstractString) = ccall(:jl_base_stat_kind, Cint, (Ptr{UInt8},), String(path)) == 1
isdir(path::AbstractString) = ccall(:jl_base_stat_kind, Cint, (Ptr{UInt8},), String(path)) == 2
ispath(path::AbstractString) = ccall(:jl_base_stat_kind, Cint, (Ptr{UInt8},), String(path)) != 0

# ---- sprint / string / repr -----------------------------------------------------------------------------------------------
function sprint(f::Function, args...; context=nothing, sizehint::Integer=0)
    s = IOBuffer()
    if context === nothing
        f(s, args...)
    else
        f(IOContext(s, context), args...)
    end
    return String(take!(s))
end
function print_to_string(xs...)
    s = IOBuffer()
    for x in xs
        print(s, x)
    end
    return String(take!(s))
end
string(xs...) = print_to_string(xs...)
string() = ""
string(s::String) = s
string(s::AbstractString) = String(s)
string(c::Char) = (io = IOBuffer(); write(io, c); String(take!(io)))
string(s::Symbol) = String(s)
string(b::Bool) = b ? "true" : "false"
string(x::Union{Int8,Int16,Int32,Int64,Int128,UInt8,UInt16,UInt32,UInt64,UInt128}) = _int_string(x, 10, 1)
string(x::IEEEFloat) = _float_string(x, 0)
function _sprint_ctx(ctx, f, args...)
    s = IOBuffer()
    f(IOContext(s, ctx), args...)
    return String(take!(s))
end
function repr(x; context=nothing)
    s = IOBuffer()
    show(context === nothing ? s : IOContext(s, context), x)
    return String(take!(s))
end
repr(m::AbstractString, x; context=nothing) = _sprint_ctx(context, show, MIME(m), x)
