# timing.jl: time(), time_ns(), sleep, @time / @elapsed / @timed / @allocated, VersionNumber and VERSION.

time() = ccall(:jl_base_clock_now, Float64, ())
time_ns() = ccall(:jl_base_hrtime, UInt64, ())
sleep(sec::Real) = (ccall(:usleep, Cint, (UInt32,), rem(round(Int, sec * 1.0e6), UInt32)); nothing)

function gc_num()
    v = Vector{Int64}(undef, 4)
    ccall(:jl_base_gc_num, Cvoid, (Ptr{Int64},), pointer(v))
    return (allocd = v[1], nalloc = v[2], gc_time = v[3], ncollections = v[4])
end
GC_collect(full::Bool=true) = ccall(:jl_gc_collect, Cvoid, (Cint,), full)
module GC
gc(full::Bool=true) = ccall(:jl_gc_collect, Cvoid, (Cint,), full)
enable(on::Bool) = (ccall(:jl_gc_enable, Cvoid, (Cint,), on); true)
macro preserve(args...)
    return esc(args[end])
end
safepoint() = nothing
end

function format_bytes(bytes)
    units = ("B", "KiB", "MiB", "GiB", "TiB")
    b = Float64(bytes)
    i = 1
    while b >= 1024.0 && i < length(units)
        b /= 1024.0
        i += 1
    end
    if i == 1
        return string(Int(bytes), " bytes")
    end
    return string(_fmt_fixed(b, 3), " ", units[i])
end
# fixed-point decimal with `d` digits after the point (like %.*f)
function _fmt_fixed(x::Real, d::Int)
    return ccall(:jl_base_format_fixed, Any, (Float64, Int32), Float64(x), Int32(d))::String
end
function _alloc_count_str(n::Integer)
    if n < 1000
        return string(n, " allocation", n == 1 ? "" : "s")
    end
    v = Float64(n)
    units = ("", " k", " M", " G", " T")
    i = 1
    while v >= 1000.0 && i < length(units)
        v /= 1000.0
        i += 1
    end
    return string(_fmt_fixed(v, 2), units[i], " allocations")
end
function time_print(io::IO, elapsedtime, bytes=0, gctime=0, allocs=0, compile_time=0, recompile_time=0, newline=false)
    print(io, lpad(_fmt_fixed(elapsedtime / 1e9, 6), 10), " seconds")
    parts = String[]
    if bytes != 0 || allocs != 0
        push!(parts, string(_alloc_count_str(allocs), ": ", format_bytes(bytes)))
    end
    if gctime > 0
        push!(parts, string(_fmt_fixed(100 * gctime / elapsedtime, 2), "% gc time"))
    end
    if compile_time > 0
        push!(parts, string(_fmt_fixed(100 * compile_time / elapsedtime, 2), "% compilation time"))
    end
    if !isempty(parts)
        print(io, " (", join(parts, ", "), ")")
    end
    newline && print(io, "\n")
    return nothing
end
macro time(ex)
    return quote
        local stats0 = gc_num()
        local t0 = time_ns()
        local val = $(esc(ex))
        local t1 = time_ns()
        local stats1 = gc_num()
        time_print(stdout, Float64(t1 - t0), stats1.allocd - stats0.allocd, stats1.gc_time - stats0.gc_time,
                   stats1.nalloc - stats0.nalloc, 0, 0, true)
        val
    end
end
macro time(msg, ex)
    return quote
        local stats0 = gc_num()
        local t0 = time_ns()
        local val = $(esc(ex))
        local t1 = time_ns()
        local stats1 = gc_num()
        print(stdout, $(esc(msg)), ": ")
        time_print(stdout, Float64(t1 - t0), stats1.allocd - stats0.allocd, stats1.gc_time - stats0.gc_time,
                   stats1.nalloc - stats0.nalloc, 0, 0, true)
        val
    end
end
macro showtime(ex)
    return esc(:(@time $(sprint(show_unquoted, ex)) $ex))
end
macro elapsed(ex)
    return quote
        local t0 = time_ns()
        $(esc(ex))
        Float64(time_ns() - t0) / 1.0e9
    end
end
macro timed(ex)
    return quote
        local stats0 = gc_num()
        local t0 = time_ns()
        local val = $(esc(ex))
        local t1 = time_ns()
        local stats1 = gc_num()
        (value = val, time = Float64(t1 - t0) / 1.0e9, bytes = stats1.allocd - stats0.allocd,
         gctime = Float64(stats1.gc_time - stats0.gc_time) / 1.0e9, gcstats = nothing)
    end
end
macro allocated(ex)
    return quote
        local stats0 = gc_num()
        $(esc(ex))
        gc_num().allocd - stats0.allocd
    end
end
macro allocations(ex)
    return quote
        local stats0 = gc_num()
        $(esc(ex))
        gc_num().nalloc - stats0.nalloc
    end
end

# ---- VersionNumber --------------------------------------------------------------------------------------------------------
struct VersionNumber
    major::UInt32
    minor::UInt32
    patch::UInt32
    prerelease::Tuple{Vararg{Union{UInt64,String}}}
    build::Tuple{Vararg{Union{UInt64,String}}}
end
VersionNumber(major::Integer, minor::Integer=0, patch::Integer=0, pre::Tuple=(), bld::Tuple=()) =
    VersionNumber(UInt32(major), UInt32(minor), UInt32(patch), pre, bld)
function VersionNumber(v::AbstractString)
    s = String(strip(v))
    startswith(s, "v") && (s = s[2:end])
    build = ()
    pre = ()
    k = findfirst('+', s)
    if k !== nothing
        build = _ver_idents(s[k+1:end])
        s = s[1:k-1]
    end
    k = findfirst('-', s)
    if k !== nothing
        pre = _ver_idents(s[k+1:end])
        s = s[1:k-1]
    end
    parts = split(s, '.')
    (1 <= length(parts) <= 3) || throw(ArgumentError(string("invalid version string: ", v)))
    nums = map(p -> parse(UInt32, p), parts)
    return VersionNumber(nums[1], length(nums) > 1 ? nums[2] : 0, length(nums) > 2 ? nums[3] : 0, pre, build)
end
_ver_idents(s) = ((map(p -> (q = tryparse(UInt64, p); q === nothing ? String(p) : q), split(s, '.')))...,)
macro v_str(v)
    return VersionNumber(v)
end
function print(io::IO, v::VersionNumber)
    print(io, v.major, '.', v.minor, '.', v.patch)
    if !isempty(v.prerelease)
        print(io, '-')
        join(io, v.prerelease, '.')
    end
    if !isempty(v.build)
        print(io, '+')
        join(io, v.build, '.')
    end
end
show(io::IO, v::VersionNumber) = (print(io, "v\""); print(io, v); print(io, '"'))
function isless(a::VersionNumber, b::VersionNumber)
    (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) && return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    isempty(a.prerelease) && !isempty(b.prerelease) && return false
    !isempty(a.prerelease) && isempty(b.prerelease) && return true
    return false
end
<(a::VersionNumber, b::VersionNumber) = isless(a, b)
==(a::VersionNumber, b::VersionNumber) = a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.prerelease == b.prerelease
hash(v::VersionNumber, h::UInt) = hash(v.major, hash(v.minor, hash(v.patch, h)))
const VERSION = VersionNumber(1, 10, 6)
