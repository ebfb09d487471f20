# try/catch/finally, nested handlers, leave from loops, rethrow, and world age at top level
function f1()
    r = Int[]
    for i in 1:5
        try
            i == 2 && continue
            i == 4 && break
            push!(r, i)
        finally
            push!(r, 10i)
        end
    end
    r
end
println(f1())

function f2(x)
    try
        try
            x == 1 && throw(ArgumentError("one"))
            return "no error"
        catch e
            x == 1 && rethrow()
            return "inner"
        finally
            print("[inner finally] ")
        end
    catch e
        return "outer caught " * e.msg
    end
end
println(f2(1))
println(f2(2))

function f3()
    acc = 0
    for i in 1:3, j in 1:3
        try
            j == 2 && error("skip")
            acc += i * j
        catch
            acc -= 1
        end
    end
    acc
end
println(f3())

x = try
    sqrt(-1.0)
catch e
    typeof(e)
end
println(x)

begin
    g() = 41
    println(g() + 1)
end

function f4(n)
    n == 0 && error("bottom")
    try
        f4(n - 1)
    catch e
        n == 3 ? "caught at 3: " * e.msg : rethrow()
    end
end
println(f4(5))

let y = 0
    while true
        y += 1
        y > 3 && break
    end
    println(y)
end
