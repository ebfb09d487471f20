# Test.jl: the Test standard library: @test, @test_throws, @test_broken, @test_skip, @testset (nested, for
# loops), with Julia 1.10's failure messages and "Test Summary:" table.
module Test

export @test, @test_throws, @test_broken, @test_skip, @testset, @inferred, @test_logs, @test_warn, @test_nowarn,
       @test_deprecated, Pass, Fail, Error, Broken, Result, TestSetException, AbstractTestSet, DefaultTestSet,
       record, finish, get_testset, get_testset_depth

abstract type Result end

struct Pass <: Result
    test_type::Symbol
    orig_expr::Any
    data::Any
    value::Any
    source::Any
end
struct Fail <: Result
    test_type::Symbol
    orig_expr::String
    data::Union{Nothing,String}
    value::String
    context::Union{Nothing,String}
    source::LineNumberNode
end
struct Error <: Result
    test_type::Symbol
    orig_expr::String
    value::String
    backtrace::String
    source::LineNumberNode
end
struct Broken <: Result
    test_type::Symbol
    orig_expr::Any
end

function Base.show(io::IO, t::Pass)
    print(io, "Test Passed")
end
function _source_str(src::LineNumberNode)
    return string(src.file === nothing ? "none" : src.file, ":", src.line)
end
function Base.show(io::IO, t::Fail)
    print(io, "Test Failed at ", _source_str(t.source), "\n")
    print(io, "  Expression: ", t.orig_expr)
    if t.test_type === :test_throws_wrong
        print(io, "\n    Expected: ", t.data)
        print(io, "\n      Thrown: ", t.value)
    elseif t.test_type === :test_throws_nothing
        print(io, "\n    Expected: ", t.data)
        print(io, "\n  No exception thrown")
    elseif t.test_type === :test && t.data !== nothing
        print(io, "\n   Evaluated: ", t.data)
    end
    if t.context !== nothing
        print(io, "\n     Context: ", t.context)
    end
end
function Base.show(io::IO, t::Error)
    if t.test_type === :test_nonbool
        print(io, "Error During Test at ", _source_str(t.source), "\n")
        print(io, "  Expression evaluated to non-Boolean\n")
        print(io, "  Expression: ", t.orig_expr, "\n")
        print(io, "       Value: ", t.value)
    elseif t.test_type === :nontest_error
        print(io, "Error During Test at ", _source_str(t.source), "\n")
        print(io, "  Got exception outside of a @test\n  ")
        print(io, replace(t.backtrace, "\n" => "\n  "))
    else
        print(io, "Error During Test at ", _source_str(t.source), "\n")
        print(io, "  Test threw exception\n")
        print(io, "  Expression: ", t.orig_expr, "\n  ")
        print(io, replace(t.backtrace, "\n" => "\n  "))
    end
end
Base.show(io::IO, t::Broken) = print(io, "Test Broken\n  Expression: ", t.orig_expr)

# ---- test sets ---------------------------------------------------------------------------------------------------
abstract type AbstractTestSet end

mutable struct DefaultTestSet <: AbstractTestSet
    description::String
    results::Vector{Any}
    n_passed::Int
    anynonpass::Bool
    verbose::Bool
    showtiming::Bool
    time_start::Float64
    time_end::Union{Float64,Nothing}
end
DefaultTestSet(desc::AbstractString; verbose::Bool=false, showtiming::Bool=true) =
    DefaultTestSet(String(desc), Any[], 0, false, verbose, showtiming, time(), nothing)

struct FallbackTestSet <: AbstractTestSet end
const fallback_testset = FallbackTestSet()

struct FallbackTestSetException <: Exception
    msg::String
end
Base.showerror(io::IO, ex::FallbackTestSetException) = print(io, ex.msg)

struct TestSetException <: Exception
    pass::Int
    fail::Int
    error::Int
    broken::Int
    errors_and_fails::Vector{Union{Fail,Error}}
end
function Base.showerror(io::IO, ex::TestSetException)
    print(io, "Some tests did not pass: ", ex.pass, " passed, ", ex.fail, " failed, ", ex.error, " errored, ",
          ex.broken, " broken.")
end

const _testset_stack = Any[]
get_testset() = isempty(_testset_stack) ? fallback_testset : _testset_stack[end]
get_testset_depth() = length(_testset_stack)
push_testset(ts) = push!(_testset_stack, ts)
pop_testset() = pop!(_testset_stack)

record(ts::FallbackTestSet, t::Union{Pass,Broken}) = t
function record(ts::FallbackTestSet, t::Union{Fail,Error})
    println(t)
    throw(FallbackTestSetException("There was an error during testing"))
end
record(ts::DefaultTestSet, t::Pass) = (ts.n_passed += 1; t)
record(ts::DefaultTestSet, t::Broken) = (push!(ts.results, t); t)
function record(ts::DefaultTestSet, t::Union{Fail,Error})
    print(ts.description, ": ")
    print(t)
    println()
    push!(ts.results, t)
    return t
end
record(ts::DefaultTestSet, t::AbstractTestSet) = push!(ts.results, t)

mutable struct _Counts
    passes::Int
    fails::Int
    errors::Int
    broken::Int
    c_passes::Int
    c_fails::Int
    c_errors::Int
    c_broken::Int
end
function get_test_counts(ts::DefaultTestSet)
    passes, fails, errors, broken = ts.n_passed, 0, 0, 0
    c_passes, c_fails, c_errors, c_broken = 0, 0, 0, 0
    for t in ts.results
        if t isa Fail
            fails += 1
        elseif t isa Error
            errors += 1
        elseif t isa Broken
            broken += 1
        elseif t isa DefaultTestSet
            np, nf, ne, nb, ncp, ncf, nce, ncb = get_test_counts(t)
            c_passes += np + ncp
            c_fails += nf + ncf
            c_errors += ne + nce
            c_broken += nb + ncb
        end
    end
    ts.anynonpass = (fails + errors + c_fails + c_errors > 0)
    return (passes, fails, errors, broken, c_passes, c_fails, c_errors, c_broken)
end

function _format_duration(ts::DefaultTestSet)
    t_end = ts.time_end === nothing ? time() : ts.time_end
    dur = t_end - ts.time_start
    return string(round(dur, digits=1), "s")
end

function get_alignment(ts::DefaultTestSet, depth::Int)
    ts_width = 2 * depth + length(ts.description)
    (ts.verbose || ts.anynonpass) || return ts_width
    child_widths = map(t -> t isa DefaultTestSet ? get_alignment(t, depth + 1) : 0, ts.results)
    return max(ts_width, maximum(child_widths; init=0))
end

function print_test_results(ts::DefaultTestSet, depth_pad=0)
    passes, fails, errors, broken, c_passes, c_fails, c_errors, c_broken = get_test_counts(ts)
    total_pass = passes + c_passes
    total_fail = fails + c_fails
    total_error = errors + c_errors
    total_broken = broken + c_broken
    dig_pass = total_pass > 0 ? ndigits(total_pass) : 0
    dig_fail = total_fail > 0 ? ndigits(total_fail) : 0
    dig_error = total_error > 0 ? ndigits(total_error) : 0
    dig_broken = total_broken > 0 ? ndigits(total_broken) : 0
    total = total_pass + total_fail + total_error + total_broken
    dig_total = total > 0 ? ndigits(total) : 0
    align = max(get_alignment(ts, 0), length("Test Summary:"))
    pass_width = dig_pass > 0 ? max(length("Pass"), dig_pass) : 0
    fail_width = dig_fail > 0 ? max(length("Fail"), dig_fail) : 0
    error_width = dig_error > 0 ? max(length("Error"), dig_error) : 0
    broken_width = dig_broken > 0 ? max(length("Broken"), dig_broken) : 0
    total_width = max(length("Total"), dig_total)
    duration_width = max(length("Time"), length(_format_duration(ts)))
    print(rpad("Test Summary:", align, " "), " |")
    if pass_width > 0
        print(" ", lpad("Pass", pass_width, " "), " ")
    end
    if fail_width > 0
        print(" ", lpad("Fail", fail_width, " "), " ")
    end
    if error_width > 0
        print(" ", lpad("Error", error_width, " "), " ")
    end
    if broken_width > 0
        print(" ", lpad("Broken", broken_width, " "), " ")
    end
    if total_width > 0 || total == 0
        print(" ", lpad("Total", total_width, " "), " ")
    end
    if ts.showtiming
        print(" ", lpad("Time", duration_width, " "))
    end
    println()
    print_counts(ts, depth_pad, align, pass_width, fail_width, error_width, broken_width, total_width, duration_width)
end

function print_counts(ts::DefaultTestSet, depth, align, pass_width, fail_width, error_width, broken_width,
                      total_width, duration_width)
    passes, fails, errors, broken, c_passes, c_fails, c_errors, c_broken = get_test_counts(ts)
    subtotal = passes + fails + errors + broken + c_passes + c_fails + c_errors + c_broken
    print(rpad(string("  "^depth, ts.description), align, " "), " |")
    np = passes + c_passes
    if np > 0
        print(" ", lpad(string(np), pass_width, " "), " ")
    elseif pass_width > 0
        print(" ", " "^pass_width, " ")
    end
    nf = fails + c_fails
    if nf > 0
        print(" ", lpad(string(nf), fail_width, " "), " ")
    elseif fail_width > 0
        print(" ", " "^fail_width, " ")
    end
    ne = errors + c_errors
    if ne > 0
        print(" ", lpad(string(ne), error_width, " "), " ")
    elseif error_width > 0
        print(" ", " "^error_width, " ")
    end
    nb = broken + c_broken
    if nb > 0
        print(" ", lpad(string(nb), broken_width, " "), " ")
    elseif broken_width > 0
        print(" ", " "^broken_width, " ")
    end
    if np == 0 && nf == 0 && ne == 0 && nb == 0
        print(" ", lpad("None", total_width, " "), " ")
    else
        print(" ", lpad(string(subtotal), total_width, " "), " ")
    end
    if ts.showtiming
        print(" ", lpad(_format_duration(ts), duration_width, " "))
    end
    println()
    if ts.anynonpass || ts.verbose
        for t in ts.results
            if t isa DefaultTestSet
                print_counts(t, depth + 1, align, pass_width, fail_width, error_width, broken_width, total_width,
                             duration_width)
            end
        end
    end
end

function finish(ts::DefaultTestSet)
    ts.time_end = time()
    if get_testset_depth() != 0
        parent = get_testset()
        record(parent, ts)
        return ts
    end
    passes, fails, errors, broken, c_passes, c_fails, c_errors, c_broken = get_test_counts(ts)
    total_pass = passes + c_passes
    total_fail = fails + c_fails
    total_error = errors + c_errors
    total_broken = broken + c_broken
    print_test_results(ts)
    if total_fail + total_error > 0
        throw(TestSetException(total_pass, total_fail, total_error, total_broken, Union{Fail,Error}[]))
    end
    return ts
end

# ---- @test ---------------------------------------------------------------------------------------------------------
const _comparison_ops = (:(==), :(===), :(!=), :(!==), :(<), :(<=), :(>), :(>=), :(≈), :(≉), :(≤), :(≥), :(≠),
                         :(≡), :(≢), :(in), :(∈), :(∉), :(isa), :(<:), :(>:), :(⊆), :(⊇), :(isequal), :(isapprox),
                         :(occursin), :(startswith), :(endswith))

function _expr_str(ex)
    return sprint(Base.show_unquoted, ex)
end

# evaluate `f(args...)` keeping the evaluated arguments for the message
function eval_test_call(f, args::Vector{Any}, kws, quoted::Expr, source::LineNumberNode, fname, infix::Bool)
    res = isempty(kws) ? f(args...) : f(args...; kws...)
    if res isa Bool
        if res
            return Pass(:test, quoted, nothing, res, source)
        end
        if infix
            data = string(sprint(show, args[1]), " ", fname, " ", sprint(show, args[2]))
        else
            data = string(fname, "(", join(map(a -> sprint(show, a), args), ", "),
                          isempty(kws) ? "" : string("; ", join(map(p -> string(p[1], "=", repr(p[2])), collect(kws)), ", ")), ")")
        end
        return Fail(:test, _expr_str(quoted), data, repr(res), nothing, source)
    end
    return Error(:test_nonbool, _expr_str(quoted), sprint(show, res), "", source)
end
function eval_test_value(res, quoted, source::LineNumberNode)
    if res isa Bool
        res && return Pass(:test, quoted, nothing, res, source)
        return Fail(:test, _expr_str(quoted), nothing, repr(res), nothing, source)
    end
    return Error(:test_nonbool, _expr_str(quoted), sprint(show, res), "", source)
end
function eval_test_comparison(vals::Vector{Any}, ops::Vector{Any}, quoted, source::LineNumberNode)
    res = true
    for i in 1:length(ops)
        r = ops[i](vals[i], vals[i+1])
        if !(r isa Bool)
            return Error(:test_nonbool, _expr_str(quoted), sprint(show, r), "", source)
        end
        res &= r
        res || break
    end
    res && return Pass(:test, quoted, nothing, true, source)
    parts = String[]
    for i in 1:length(vals)
        push!(parts, sprint(show, vals[i]))
        i <= length(ops) && push!(parts, string(quoted.args[2i]))
    end
    return Fail(:test, _expr_str(quoted), join(parts, " "), "false", nothing, source)
end

function test_expr!(ex, kws...)
    if ex isa Expr && ex.head === :call && !isempty(kws)
        for kw in kws
            (kw isa Expr && kw.head === :(=)) || error("invalid test macro call: ", kw)
            push!(ex.args, Expr(:kw, kw.args[1], kw.args[2]))
        end
    end
    return ex
end

function _get_test_result(ex, source)
    if ex isa Expr && ex.head === :comparison
        n = length(ex.args)
        vals = [esc(ex.args[i]) for i in 1:2:n]
        ops = [esc(ex.args[i]) for i in 2:2:n]
        return :(eval_test_comparison(Any[$(vals...)], Any[$(ops...)], $(QuoteNode(ex)), $(QuoteNode(source))))
    elseif ex isa Expr && ex.head === :call && length(ex.args) >= 2 &&
           !any(a -> a isa Expr && (a.head === :... || a.head === :parameters), ex.args[2:end])
        f = ex.args[1]
        posargs = Any[]
        kwargs = Any[]
        for a in ex.args[2:end]
            if a isa Expr && a.head === :kw
                push!(kwargs, :($(QuoteNode(a.args[1])) => $(esc(a.args[2]))))
            else
                push!(posargs, esc(a))
            end
        end
        infix = f isa Symbol && Base.operator_precedence(f) > 0 && length(posargs) == 2 && isempty(kwargs)
        fname = f isa Symbol ? string(f) : sprint(Base.show_unquoted, f)
        return :(eval_test_call($(esc(f)), Any[$(posargs...)], ($(kwargs...),), $(QuoteNode(ex)), $(QuoteNode(source)),
                                $fname, $infix))
    end
    return :(eval_test_value($(esc(ex)), $(QuoteNode(ex)), $(QuoteNode(source))))
end

function do_test(result_thunk, orig_expr, source)
    local result
    try
        result = result_thunk()
    catch err
        bt = sprint(showerror, err)
        result = Error(:test_error, _expr_str(orig_expr), sprint(show, err), bt, source)
    end
    record(get_testset(), result)
    return result
end

macro test(ex, kws...)
    skip = false
    broken = false
    rest = Any[]
    for kw in kws
        if kw isa Expr && kw.head === :(=) && kw.args[1] === :skip
            skip = kw.args[2]
        elseif kw isa Expr && kw.head === :(=) && kw.args[1] === :broken
            broken = kw.args[2]
        else
            push!(rest, kw)
        end
    end
    ex = test_expr!(ex, rest...)
    body = _get_test_result(ex, __source__)
    if broken !== false
        return :(do_broken_test(() -> $body, $(QuoteNode(ex)), $(QuoteNode(__source__))))
    end
    return :(do_test(() -> $body, $(QuoteNode(ex)), $(QuoteNode(__source__))))
end

function do_broken_test(thunk, orig_expr, source)
    r = try
        thunk()
    catch
        nothing
    end
    if r isa Pass
        res = Error(:test_unbroken, _expr_str(orig_expr), "", "Unexpected Pass", source)
    else
        res = Broken(:test, orig_expr)
    end
    record(get_testset(), res)
    return res
end
macro test_broken(ex, kws...)
    ex = test_expr!(ex, kws...)
    body = _get_test_result(ex, __source__)
    return :(do_broken_test(() -> $body, $(QuoteNode(ex)), $(QuoteNode(__source__))))
end
macro test_skip(ex, kws...)
    return :(record(get_testset(), Broken(:skipped, $(QuoteNode(ex)))))
end

# ---- @test_throws ----------------------------------------------------------------------------------------------------
macro test_throws(extype, ex)
    return :(do_test_throws(() -> $(esc(ex)), $(QuoteNode(ex)), $(QuoteNode(__source__)), $(esc(extype))))
end
function do_test_throws(thunk, orig_expr, source, extype)
    threw = false
    local err
    try
        thunk()
    catch e
        threw = true
        err = e
    end
    if threw
        ok = false
        if extype isa Type
            ok = err isa extype
        elseif extype isa AbstractString
            ok = occursin(extype, sprint(showerror, err))
        elseif extype isa Function
            ok = extype(err)
        else
            ok = typeof(err) === typeof(extype) && all(i -> isequal(getfield(err, i), getfield(extype, i)), 1:nfields(err))
        end
        if ok
            res = Pass(:test_throws, orig_expr, extype, err, source)
        else
            res = Fail(:test_throws_wrong, _expr_str(orig_expr), sprint(show, extype), sprint(show, err), nothing, source)
        end
    else
        res = Fail(:test_throws_nothing, _expr_str(orig_expr), sprint(show, extype), "", nothing, source)
    end
    record(get_testset(), res)
    return res
end

macro test_warn(msg, ex)
    return :(($(esc(ex)); true))
end
macro test_nowarn(ex)
    return :($(esc(ex)))
end
macro test_logs(args...)
    return :($(esc(args[end])))
end
macro test_deprecated(args...)
    return :($(esc(args[end])))
end
macro inferred(ex)
    return esc(ex)
end

# ---- @testset ----------------------------------------------------------------------------------------------------------
macro testset(args...)
    isempty(args) && error("No arguments to @testset")
    body = args[end]
    desc = nothing
    opts = Any[]
    for a in args[1:end-1]
        if a isa String || (a isa Expr && a.head === :string)
            desc = a
        elseif a isa Expr && a.head === :(=)
            push!(opts, Expr(:kw, a.args[1], esc(a.args[2])))
        end
    end
    if body isa Expr && body.head === :for
        return _testset_forloop(desc, opts, body, __source__)
    end
    d = desc === nothing ? "test set" : esc(desc)
    return quote
        local ts = DefaultTestSet($d; $(opts...))
        push_testset(ts)
        try
            $(esc(body))
        catch err
            err isa InterruptException && rethrow()
            record(ts, Error(:nontest_error, "", sprint(show, err), sprint(showerror, err), $(QuoteNode(__source__))))
        finally
            pop_testset()
        end
        finish(ts)
    end
end
function _testset_forloop(desc, opts, loop, source)
    loopvars = loop.args[1]
    body = loop.args[2]
    d = desc === nothing ? :(string("test set")) : esc(desc)
    return quote
        local results = Any[]
        for $(esc(loopvars.args[1])) in $(esc(loopvars.args[2]))
            local ts = DefaultTestSet($d; $(opts...))
            push_testset(ts)
            try
                $(esc(body))
            catch err
                err isa InterruptException && rethrow()
                record(ts, Error(:nontest_error, "", sprint(show, err), sprint(showerror, err), $(QuoteNode(source))))
            finally
                pop_testset()
            end
            push!(results, finish(ts))
        end
        results
    end
end

end # module Test
