# fib.jl: recursive Fibonacci on Int (twin: fib.c). Prints the result and the best time in ms.
fib(n::Int) = n < 2 ? n : fib(n - 1) + fib(n - 2)
function bench(n)
    best = typemax(Int)
    r = 0
    for i in 1:5
        t0 = time_ns()
        r = fib(n)
        t = Int(time_ns() - t0)
        t < best && (best = t)
    end
    println("fib(", n, ") = ", r, " best_ms ", best / 1.0e6)
end
bench(30)
