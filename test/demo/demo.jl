# demo.jl: what `make demo` runs until native package images land (then: a package precompiled, then
# loaded in a fresh process with no JIT compilation).
fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)
struct Point
    x::Float64
    y::Float64
end
norm2(p::Point) = p.x * p.x + p.y * p.y
println("fib(25) = ", fib(25))
println(Point(3.0, 4.0), " has squared norm ", norm2(Point(3.0, 4.0)))
