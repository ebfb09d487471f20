# errorshow.jl: showerror for every exception type (Julia 1.10's messages), MethodError candidate lists,
# stack traces, and display_error (the runtime's report of an uncaught error).

showerror(io::IO, ex) = show(io, ex)
showerror(io::IO, ex, bt; backtrace=true) = showerror(io, ex)
showerror(io::IO, ex::ErrorException) = print(io, ex.msg)
showerror(io::IO, ex::DivideError) = print(io, "DivideError: integer division error")
showerror(io::IO, ex::StackOverflowError) = print(io, "StackOverflowError:")
showerror(io::IO, ex::OutOfMemoryError) = print(io, "OutOfMemoryError()")
showerror(io::IO, ex::UndefRefError) = print(io, "UndefRefError: access to undefined reference")
showerror(io::IO, ex::EOFError) = print(io, "EOFError: read end of file")
showerror(io::IO, ex::InterruptException) = print(io, "InterruptException:")
showerror(io::IO, ex::ArgumentError) = print(io, "ArgumentError: ", ex.msg)
showerror(io::IO, ex::OverflowError) = print(io, "OverflowError: ", ex.msg)
showerror(io::IO, ex::DimensionMismatch) = print(io, "DimensionMismatch: ", ex.msg)
showerror(io::IO, ex::AssertionError) = print(io, "AssertionError: ", ex.msg)
showerror(io::IO, ex::MissingException) = print(io, "MissingException: ", ex.msg)
showerror(io::IO, ex::UndefVarError) = print(io, "UndefVarError: `", ex.var, "` not defined")
showerror(io::IO, ex::UndefKeywordError) = print(io, "UndefKeywordError: keyword argument `", ex.var, "` not assigned")
showerror(io::IO, ex::KeyError) = (print(io, "KeyError: key "); show(io, ex.key); print(io, " not found"))
showerror(io::IO, ex::ParseError) = startswith(ex.msg, "ParseError:") ? print(io, ex.msg) : print(io, "ParseError:\n", ex.msg)
showerror(io::IO, ex::FieldError) = print(io, "type ", nameof(ex.type), " has no field ", ex.field)
showerror(io::IO, ex::InvalidStateException) = print(io, "InvalidStateException: ", ex.msg)
function showerror(io::IO, ex::SystemError)
    msg = ccall(:jl_base_strerror, Any, (Int32,), ex.errnum)::String
    print(io, "SystemError: ", ex.prefix, ": ", msg)
end
function showerror(io::IO, ex::InexactError)
    print(io, "InexactError: ", ex.func, '(')
    T = ex.T
    (T isa Type && T isa DataType && nameof(T) === ex.func) || print(io, T, ", ")
    print(io, ex.val, ')')
end
function showerror(io::IO, ex::DomainError)
    print(io, "DomainError with ")
    show(io, ex.val)
    isempty(ex.msg) || print(io, ":\n", ex.msg)
end
function showerror(io::IO, ex::BoundsError)
    print(io, "BoundsError")
    if isdefined(ex, :a)
        print(io, ": attempt to access ")
        summary(io, ex.a)
        if isdefined(ex, :i)
            print(io, " at index [")
            i = ex.i
            if i isa AbstractRange
                print(io, i)
            elseif i isa AbstractString
                show(io, i)
            elseif i isa Tuple || i isa AbstractArray
                first = true
                for x in i
                    first || print(io, ", ")
                    first = false
                    if x isa Colon
                        print(io, ":")
                    elseif x isa AbstractRange
                        print(io, x)
                    else
                        show(io, x)
                    end
                end
            else
                show(io, i)
            end
            print(io, ']')
        end
    end
end
function showerror(io::IO, ex::StringIndexError)
    s = ex.string
    i = ex.index
    print(io, "StringIndexError: invalid index [", i, "]")
    if 1 <= i <= ncodeunits(s)
        a = thisind(s, i)
        b = nextind(s, i)
        if a < 1
            print(io, ", valid nearby index [", b, "]=>")
            show(io, s[b])
        elseif b > ncodeunits(s)
            print(io, ", valid nearby index [", a, "]=>")
            show(io, s[a])
        else
            print(io, ", valid nearby indices [", a, "]=>")
            show(io, s[a])
            print(io, ", [", b, "]=>")
            show(io, s[b])
        end
    end
end
function showerror(io::IO, ex::TypeError)
    print(io, "TypeError: ")
    if ex.expected === Bool
        print(io, "non-boolean (", typeof(ex.got), ") used in boolean context")
    else
        got = ex.got
        targs = got isa Type ? string("Type{", got, "}") : string("a value of type ", typeof(got))
        if ex.context == ""
            ctx = string("in ", ex.func)
        elseif ex.func === Symbol("keyword argument")
            ctx = string("in keyword argument ", ex.context)
        else
            ctx = string("in ", ex.func, ", in ", ex.context)
        end
        print(io, ctx, ", expected ", ex.expected, ", got ", targs)
    end
end
function showerror(io::IO, ex::CompositeException)
    if !isempty(ex.exceptions)
        showerror(io, ex.exceptions[1])
        remaining = length(ex.exceptions) - 1
        if remaining > 0
            print(io, "\n\n...and ", remaining, " more exception", remaining > 1 ? "s" : "", ".\n")
        end
    else
        print(io, "CompositeException()\n")
    end
end
showerror(io::IO, ex::LoadError) = (print(io, "LoadError: "); showerror(io, ex.error))
showerror(io::IO, ex::CapturedException) = showerror(io, ex.ex)

# ---- MethodError -----------------------------------------------------------------------------------------------------
function _show_fname(io::IO, f)
    if f isa Function && _is_function_type(typeof(f))
        mt = typeof(f).name.mt
        show_sym(io, mt.name)
    elseif f isa Type
        show(io, f)
    else
        print(io, "(::", typeof(f), ")")
    end
end
function showerror(io::IO, ex::MethodError)
    f = ex.f
    args = ex.args
    iskw = f === Core.kwcall && args isa Tuple && length(args) >= 2 && args[1] isa NamedTuple
    kwargs = nothing
    if iskw
        kwargs = args[1]
        f = args[2]
        args = args[3:end]
    end
    print(io, "MethodError: ")
    if f === convert && length(args) == 2 && args[1] isa Type
        T = args[1]
        print(io, "Cannot `convert` an object of type ", typeof(args[2]), " to an object of type ", T)
    elseif !(f isa Function) && !(f isa Type) && !_has_call_methods(f)
        print(io, "objects of type ", typeof(f), " are not callable")
        return nothing
    else
        print(io, "no method matching ")
        _show_fname(io, f)
        print(io, '(')
        for i in 1:length(args)
            i > 1 && print(io, ", ")
            a = args[i]
            print(io, "::")
            show(io, a isa Type ? Type{a} : typeof(a))
        end
        if kwargs !== nothing && length(kwargs) > 0
            print(io, "; ")
            ks = keys(kwargs)
            for i in 1:length(ks)
                i > 1 && print(io, ", ")
                print(io, ks[i], "::", typeof(getfield(kwargs, i)))
            end
        end
        print(io, ')')
    end
    if ex.world != typemax(UInt) && ex.world < ccall(:jl_get_world_counter, UInt, ())
        if !isempty(methods_of(f)) && Core.applicable(f, args...)
            print(io, "\nThe applicable method may be too new: running in world age ", ex.world,
                  ", while current world is ", ccall(:jl_get_world_counter, UInt, ()), ".")
        end
    end
    _show_method_candidates(io, f, args)
    return nothing
end
_has_call_methods(f) = !isempty(methods_of(f))
function methods_of(f)
    mt = _methtable_of(f)
    mt === nothing && return Any[]
    return collect(mt.defs)
end
function _methtable_of(f)
    t = f isa Type ? (f isa UnionAll ? unwrap_unionall(f) : f) : typeof(f)
    t isa DataType || return nothing
    tn = t.name
    isdefined(tn, :mt) || return nothing
    mt = tn.mt
    mt === nothing && return nothing
    return mt
end
function _show_method_candidates(io::IO, f, args)
    ms = reverse(methods_of(f))
    isempty(ms) && return nothing
    argtypes = Any[a isa Type ? Type{a} : typeof(a) for a in args]
    lines = Any[]
    for m in ms
        m isa Method || continue
        sig = unwrap_unionall(m.sig)
        sig isa DataType || continue
        ps = sig.parameters
        np = length(ps) - 1
        isva = np > 0 && ps[end] isa Core.TypeofVararg
        if isva
            length(argtypes) >= np - 1 || continue
        else
            np == length(argtypes) || continue
        end
        buf = IOBuffer()
        print(buf, "  ")
        _show_fname(buf, f)
        print(buf, '(')
        matches = 0
        for i in 1:np
            i > 1 && print(buf, ", ")
            p = ps[i + 1]
            if p isa Core.TypeofVararg
                T = isdefined(p, :T) ? p.T : Any
                ok = true
                for j in i:length(argtypes)
                    _sig_match(argtypes[j], T, m.sig) || (ok = false)
                end
                if i > length(argtypes)
                    ok = false
                end
                ok ? (matches += 1) : print(buf, "!Matched")
                print(buf, "::")
                show(buf, T)
                print(buf, "...")
            elseif i <= length(argtypes) && _sig_match(argtypes[i], p, m.sig)
                matches += 1
                print(buf, "::")
                _show_cand_type(buf, p)
            else
                print(buf, "!Matched::")
                _show_cand_type(buf, p)
            end
        end
        print(buf, ')')
        tvs = Any[]
        t = m.sig
        while t isa UnionAll
            push!(tvs, t.var)
            t = t.body
        end
        _show_wheres(buf, tvs)
        mf = m.file === nothing ? "none" : String(m.file)
        print(buf, "\n   @ ", m.module, " ", (_is_base_module(m.module) || m.module === Core) ? basename(mf) : mf, ":", m.line)
        if matches > 0 || length(argtypes) < 2
            push!(lines, (String(take!(buf)), matches))
        end
    end
    isempty(lines) && return nothing
    sort!(lines, by=x -> -x[2])
    print(io, "\n\nClosest candidates are:")
    for i in 1:min(3, length(lines))
        print(io, '\n', lines[i][1])
    end
    length(lines) > 3 && print(io, "\n  ...")
    print(io, '\n')
    return nothing
end
_show_cand_type(io::IO, p) = p isa TypeVar ? show_sym(io, p.name) : show(io, p)
function _sig_match(a, p, sig)
    if p isa TypeVar
        return a <: p.ub
    end
    try
        return a <: rewrap_unionall(p, sig)
    catch
        return false
    end
end

# ---- stack traces and the uncaught error report -------------------------------------------------------------------
function _frame_file(mod, file)
    f = file === nothing ? "none" : String(file)
    if mod isa Module && _is_base_module(mod)
        return string("./", basename(f))
    end
    return f
end
function _is_base_module(m::Module)
    while true
        m === Base && return true
        p = parentmodule(m)
        (p === m || p === __toplevel__) && return false
        m = p
    end
end
function _show_frame_sig(io::IO, mi)
    m = mi.def
    if !(m isa Method)
        print(io, "top-level scope")
        return
    end
    print(io, m.name)
    print(io, '(')
    spec = mi.specTypes
    ps = spec isa DataType ? spec.parameters : Any[]
    names = _method_argnames(m)
    for i in 2:length(ps)
        i > 2 && print(io, ", ")
        nm = i <= length(names) ? names[i] : Symbol("")
        if nm !== Symbol("") && nm !== Symbol("#unused#") && !startswith(String(nm), "#")
            print(io, nm)
        end
        print(io, "::")
        show(io, ps[i])
    end
    print(io, ')')
end
function show_backtrace(io::IO, bt)
    bt isa AbstractVector || return
    isempty(bt) && return
    print(io, "Stacktrace:")
    n = 0
    for fr in bt
        n += 1
        mi = fr[1]
        mod = fr[2]
        file = fr[3]
        line = fr[4]
        print(io, "\n [", n, "] ")
        if mi === nothing
            print(io, "top-level scope")
            print(io, "\n   @ ", _frame_file(nothing, file), ":", line)
        else
            _show_frame_sig(io, mi)
            m = mi.def
            print(io, "\n   @ ")
            m isa Method && print(io, m.module, " ")
            print(io, _frame_file(mod, file), ":", line)
        end
    end
end
function display_error(io::IO, exc, bt)
    print(io, "ERROR: ")
    inner = exc
    while inner isa LoadError
        print(io, "LoadError: ")
        inner = inner.error
    end
    showerror(io, inner)
    if bt isa AbstractVector && !isempty(bt)
        print(io, '\n')
        show_backtrace(io, bt)
    end
    lerrs = Any[]
    e = exc
    while e isa LoadError
        push!(lerrs, e)
        e = e.error
    end
    for k in length(lerrs):-1:1
        print(io, "\nin expression starting at ", lerrs[k].file, ":", lerrs[k].line)
    end
    print(io, '\n')
    return nothing
end
display_error(exc, bt) = Core._call_latest(_display_error_latest, exc, bt)
function _display_error_latest(exc, bt)
    flush(stdout)
    if !(bt isa AbstractVector) || isempty(bt)
        bt = catch_backtrace()
    end
    display_error(stderr, exc, bt)
    flush(stderr)
    return nothing
end
