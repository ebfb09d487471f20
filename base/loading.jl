# loading.jl: include, include_string, evalfile, and `using`/`import` of packages: Base.require finds a
# package's source (the stdlib directory next to base/, then JULIA_LOAD_PATH entries) and evaluates it
# into a fresh top-level module.

# include into a module; relative paths are relative to the file being loaded
include(mod::Module, path::AbstractString) = Core.include(mod, String(path))
function include(mapexpr::Function, mod::Module, path::AbstractString)
    code = read(String(path), String)
    return include_string(mapexpr, mod, code, String(path))
end
include(path::AbstractString) = include(Main, path)
function include_string(mapexpr::Function, m::Module, code::AbstractString, filename::AbstractString="string")
    ex = ccall(:jl_base_parse_all, Any, (Any, Any), String(code), String(filename))
    result = nothing
    for a in ex.args
        a isa LineNumberNode && continue
        result = Core.eval(m, mapexpr(a))
    end
    return result
end
include_string(m::Module, code::AbstractString, filename::AbstractString="string") =
    ccall(:jl_load_file_string, Any, (Ptr{UInt8}, Csize_t, Ptr{UInt8}, Any), String(code), sizeof(code), String(filename), m)
evalfile(path::AbstractString, args::Vector{String}=String[]) = include(Module(:__anon__), path)

basename(path::AbstractString) = (i = findlast(isequal('/'), path); i === nothing ? String(path) : String(path[i+1:end]))
function dirname(path::AbstractString)
    i = findlast(isequal('/'), path)
    i === nothing && return ""
    i == 1 && return "/"
    return String(path[1:i-1])
end
isabspath(path::AbstractString) = startswith(path, '/')
function joinpath(a::AbstractString, bs::AbstractString...)
    out = String(a)
    for b in bs
        if isabspath(b)
            out = String(b)
        elseif isempty(out) || endswith(out, '/')
            out = string(out, b)
        else
            out = string(out, '/', b)
        end
    end
    return out
end
function normpath(path::AbstractString)
    abs = isabspath(path)
    parts = String[]
    for p in split(path, '/')
        if p == "" || p == "."
            continue
        elseif p == ".." && !isempty(parts) && parts[end] != ".."
            pop!(parts)
        elseif p == ".." && abs
            continue
        else
            push!(parts, String(p))
        end
    end
    s = join(parts, "/")
    return abs ? string("/", s) : (isempty(s) ? "." : s)
end
pwd() = ccall(:jl_base_getcwd, Any, ())::String
abspath(path::AbstractString) = normpath(isabspath(path) ? path : joinpath(pwd(), path))
splitext(path::AbstractString) = (i = findlast(isequal('.'), path); (i === nothing || i == 1) ? (String(path), "") : (String(path[1:i-1]), String(path[i:end])))
splitdir(path::AbstractString) = (dirname(path), basename(path))

struct EnvDict <: AbstractDict{String,String} end
const ENV = EnvDict()
function get(::EnvDict, k::AbstractString, default)
    v = ccall(:jl_base_getenv, Any, (Any,), String(k))
    return v === nothing ? default : v
end
getindex(e::EnvDict, k::AbstractString) = (v = get(e, k, nothing); v === nothing ? throw(KeyError(k)) : v)
haskey(e::EnvDict, k::AbstractString) = get(e, k, nothing) !== nothing
setindex!(::EnvDict, v, k::AbstractString) = (ccall(:setenv, Cint, (Ptr{UInt8}, Ptr{UInt8}, Cint), String(k), string(v), 1); v)
delete!(e::EnvDict, k::AbstractString) = (ccall(:unsetenv, Cint, (Ptr{UInt8},), String(k)); e)
length(::EnvDict) = 0
iterate(::EnvDict, st...) = nothing

const LOAD_PATH = String["@", "@v#.#", "@stdlib"]
const DEPOT_PATH = String[]
const _loaded_modules = Dict{Symbol,Module}()

baremodule __toplevel__
end

function _stdlib_dir()
    return normpath(joinpath(ccall(:jl_base_dir_string, Any, ())::String, "..", "stdlib"))
end
function _find_package(name::Symbol)
    s = String(name)
    dirs = String[]
    lp = get(ENV, "JULIA_LOAD_PATH", nothing)
    if lp !== nothing
        for d in split(lp, ':')
            isempty(d) || push!(dirs, String(d))
        end
    end
    push!(dirs, _stdlib_dir())
    for d in dirs
        for cand in (joinpath(d, s, "src", string(s, ".jl")), joinpath(d, string(s, ".jl")), joinpath(d, s, string(s, ".jl")))
            isfile(cand) && return cand
        end
    end
    return nothing
end
function require(into::Module, mod::Symbol)
    m = get(_loaded_modules, mod, nothing)
    m !== nothing && return m
    path = _find_package(mod)
    if path === nothing
        throw(ArgumentError(string("Package ", mod, " not found in current path.\n- Run `import Pkg; Pkg.add(\"",
                                   mod, "\")` to install the ", mod, " package.")))
    end
    include(__toplevel__, path)
    isdefined(__toplevel__, mod) || error(string("package `", mod, "` did not define the expected module `", mod,
                                                 "`, check for typos in package module name"))
    m = getglobal(__toplevel__, mod)::Module
    _loaded_modules[mod] = m
    return m
end
root_module(into::Module, mod::Symbol) = require(into, mod)
loaded_modules_array() = collect(values(_loaded_modules))
