# meta.jl: the Meta module (parse, quot, isexpr), macroexpand, string macros (raw"", b"", big"", r""),
# @kwdef, @enum, logging macros (@info/@warn/@error/@debug).

module Meta
import ..Base: Expr, String
using ..Base: ParseError
export quot, isexpr, parse
quot(ex) = Expr(:quote, ex)
isexpr(ex, head::Symbol) = ex isa Expr && ex.head === head
isexpr(ex, heads) = ex isa Expr && ex.head in heads
isexpr(ex, head::Symbol, n::Int) = ex isa Expr && ex.head === head && length(ex.args) == n
function parse(str::AbstractString, pos::Integer; greedy::Bool=true, raise::Bool=true, depwarn::Bool=true)
    out = ccall(:jl_base_parse_string, Any, (Any, Int, Int32), Base.String(str), Int(pos) - 1, Int32(greedy))
    ex = out[1]
    if raise && ex isa Expr && (ex.head === :error || ex.head === :incomplete)
        throw(ParseError(ex.args[1] isa Base.String ? ex.args[1] : Base.string(ex.args[1])))
    end
    return (ex, out[2] + 1)
end
function parse(str::AbstractString; raise::Bool=true, depwarn::Bool=true)
    ex, pos = parse(str, 1; greedy=true, raise=raise)
    if ex isa Expr && ex.head === :error
        return ex
    end
    s = Base.String(str)
    while pos <= Base.ncodeunits(s) && Base.isspace(s[pos])
        pos = Base.nextind(s, pos)
    end
    if pos <= Base.ncodeunits(s)
        raise && throw(ParseError(Base.string("extra token after end of expression")))
        return Expr(:error, "extra token after end of expression")
    end
    return ex
end
parseall(str::AbstractString; filename="none") = ccall(:jl_base_parse_all, Any, (Any, Any), Base.String(str), Base.String(filename))
function show_sexpr(io, ex)
    Base.show(io, ex)
end
end # module Meta

macroexpand(m::Module, x; recursive=true) = ccall(:jl_macroexpand, Any, (Any, Any, Cint), x, m, recursive ? 1 : 0)
macro macroexpand(code)
    return :(macroexpand($__module__, $(QuoteNode(code)), recursive=true))
end
macro macroexpand1(code)
    return :(macroexpand($__module__, $(QuoteNode(code)), recursive=false))
end

macro raw_str(s)
    return s
end
macro b_str(s)
    v = codeunits(unescape_string(s))
    return :($v)
end
macro int128_str(s)
    return parse(Int128, s)
end
macro uint128_str(s)
    return parse(UInt128, s)
end
macro big_str(s)
    return :(parse(BigInt, $s))
end
macro cmd(s)
    return :(error("command literals (`...`) are not supported"))
end
macro invokelatest(ex)
    if ex isa Expr && ex.head === :call
        return esc(Expr(:call, GlobalRef(Base, :invokelatest), ex.args...))
    end
    throw(ArgumentError("@invokelatest: expected a call"))
end

# ---- @kwdef --------------------------------------------------------------------------------------------------------
function _kwdef_expand(expr)
    expr isa Expr && expr.head === :struct || throw(ArgumentError("@kwdef: expected a struct definition"))
    ismut = expr.args[1]
    sig = expr.args[2]
    body = expr.args[3]
    name = sig isa Expr && sig.head === :<: ? sig.args[1] : sig
    tname = name isa Expr && name.head === :curly ? name.args[1] : name
    fields = Any[]
    defaults = Any[]
    newbody = Expr(:block)
    for a in body.args
        if a isa Expr && a.head === :(=)
            lhs = a.args[1]
            push!(newbody.args, lhs)
            fname = lhs isa Expr && lhs.head === :(::) ? lhs.args[1] : lhs
            push!(fields, fname)
            push!(defaults, a.args[2])
        elseif a isa Symbol || (a isa Expr && a.head === :(::))
            push!(newbody.args, a)
            fname = a isa Expr ? a.args[1] : a
            push!(fields, fname)
            push!(defaults, nothing)
        else
            push!(newbody.args, a)
        end
    end
    params = Expr(:parameters)
    for i in 1:length(fields)
        d = defaults[i]
        push!(params.args, d === nothing ? fields[i] : Expr(:kw, fields[i], d))
    end
    ctor = Expr(:function, Expr(:call, tname, params), Expr(:block, Expr(:call, tname, fields...)))
    return Expr(:block, Expr(:struct, ismut, sig, newbody), ctor)
end

# ---- @enum ---------------------------------------------------------------------------------------------------------
abstract type Enum{T<:Integer} end
function _enum_show(io::IO, x)
    print(io, _enum_name(x))
end
Integer(x::Enum{T}) where {T} = bitcast(T, x)
Int(x::Enum) = Int(Integer(x))
isless(x::Enum, y::Enum) = isless(Integer(x), Integer(y))
macro enum(T, syms...)
    typename = T isa Expr && T.head === :(::) ? T.args[1] : T
    basetype = T isa Expr && T.head === :(::) ? T.args[2] : :Int32
    items = Any[]
    for s in syms
        if s isa Expr && s.head === :block
            for a in s.args
                a isa LineNumberNode || push!(items, a)
            end
        else
            push!(items, s)
        end
    end
    blk = Expr(:block)
    push!(blk.args, :(primitive type $(esc(typename)) <: $(GlobalRef(Base, :Enum)){$(esc(basetype))} 32 end))
    i = 0
    names = Symbol[]
    vals = Int[]
    for it in items
        if it isa Expr && it.head === :(=)
            nm = it.args[1]
            i = Core.eval(__module__, it.args[2])
        else
            nm = it
        end
        push!(names, nm)
        push!(vals, i)
        push!(blk.args, :(const $(esc(nm)) = $(GlobalRef(Core.Intrinsics, :bitcast))($(esc(typename)), $(Int32(i)))))
        i += 1
    end
    namemap = Expr(:tuple, [Expr(:call, :(=>), v, QuoteNode(n)) for (n, v) in zip(names, vals)]...)
    push!(blk.args, :($(GlobalRef(Base, :_enum_name))(x::$(esc(typename))) = Dict($namemap)[Int(x)]))
    push!(blk.args, :($(GlobalRef(Base, :show))(io::$(GlobalRef(Base, :IO)), x::$(esc(typename))) = print(io, $(GlobalRef(Base, :_enum_name))(x))))
    push!(blk.args, :($(GlobalRef(Base, :instances))(::Type{$(esc(typename))}) = ($([esc(n) for n in names]...),)))
    push!(blk.args, nothing)
    return blk
end
function _enum_name end

# ---- logging (plain stderr rendering of @info/@warn/@error/@debug) ----------------------------------------------------
function _log_message(level::String, msg, mod, file, line, kvs)
    io = stderr
    flush(stdout)
    lines = split(string(msg), '\n')
    extra = String[]
    for (k, v) in kvs
        push!(extra, string(k, " = ", repr(v)))
    end
    all = vcat(lines, extra)
    if length(all) == 1 && level != "Warning" && level != "Error"
        print(io, "[ ", level, ": ", all[1], "\n")
    else
        print(io, "┌ ", level, ": ", all[1], "\n")
        for l in all[2:end]
            print(io, "│ ", l, "\n")
        end
        print(io, "└ @ ", mod, " ", file, ":", line, "\n")
    end
    flush(io)
    return nothing
end
function _log_expr(lvl::String, mod, source, msg, kvs)
    pairs = Any[]
    for kv in kvs
        if kv isa Expr && kv.head === :(=)
            push!(pairs, Expr(:call, :(=>), QuoteNode(kv.args[1]), esc(kv.args[2])))
        else
            push!(pairs, Expr(:call, :(=>), QuoteNode(kv), esc(kv)))
        end
    end
    file = source.file === nothing ? "none" : String(source.file)
    return Expr(:call, GlobalRef(Base, :_log_message), lvl, esc(msg), mod, file, source.line, Expr(:tuple, pairs...))
end
macro info(msg, kvs...)
    return _log_expr("Info", __module__, __source__, msg, kvs)
end
macro warn(msg, kvs...)
    return _log_expr("Warning", __module__, __source__, msg, kvs)
end
macro error(msg, kvs...)
    return _log_expr("Error", __module__, __source__, msg, kvs)
end
macro debug(msg, kvs...)
    return nothing
end
