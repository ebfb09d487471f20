# infer_basics.jl: programs whose compiled code depends on type inference (inference.c): results must be
# the same as in the interpreter, and the inferred return types are checked with jl_infer_return_type_tt.
rt(tt) = ccall(:jl_infer_return_type_tt, Any, (Any,), tt)

fib(n::Int) = n < 2 ? n : fib(n-1) + fib(n-2)
println(fib(25), " ", rt(Tuple{typeof(fib), Int}) === Int)

function pisum()
    sum = 0.0
    for j in 1:50
        sum = 0.0
        for k in 1:1000
            sum += 1.0/(k*k)
        end
    end
    sum
end
println(pisum(), " ", rt(Tuple{typeof(pisum)}) === Float64)

half(x) = x isa Int ? x ÷ 2 : 0
println(half(7), " ", half("a"), " ", rt(Tuple{typeof(half), Union{Int,String}}) === Int)

orzero(x) = x === nothing ? 0 : x
println(orzero(nothing), " ", orzero(5), " ", rt(Tuple{typeof(orzero), Union{Int,Nothing}}) === Int)

mixed(x) = x > 0 ? 1 : 2.5
println(mixed(1), " ", mixed(-1), " ", rt(Tuple{typeof(mixed), Int}) == Union{Int,Float64})

iseven2(n) = n == 0 ? true : isodd2(n - 1)
isodd2(n) = n == 0 ? false : iseven2(n - 1)
println(iseven2(10), " ", isodd2(7), " ", rt(Tuple{typeof(iseven2), Int}) === Bool)

function safe_div(a, b)
    r = 0
    try
        r = a ÷ b
    catch e
        r = -1
    end
    r
end
println(safe_div(7, 2), " ", safe_div(1, 0), " ", rt(Tuple{typeof(safe_div), Int, Int}) === Int)

struct Pt
    x::Int
    y::Float64
end
norm1(p::Pt) = p.x + p.y
println(norm1(Pt(1, 2.5)), " ", rt(Tuple{typeof(norm1), Pt}) === Float64)

function tuplesum(t)
    s = 0
    for x in t
        s += x
    end
    s
end
println(tuplesum((1, 2, 3)), " ", tuplesum([4, 5]))

function collatz(n)
    steps = 0
    while n != 1
        n = iseven(n) ? n ÷ 2 : 3n + 1
        steps += 1
    end
    steps
end
println(collatz(27), " ", rt(Tuple{typeof(collatz), Int}) === Int)

swap((a, b)) = (b, a)
println(swap((1, "x")), " ", rt(Tuple{typeof(swap), Tuple{Int,String}}) === Tuple{String,Int})

addall(xs...) = +(xs...)
println(addall(1, 2, 3), " ", addall(1.5, 2))

apply_twice(f, x) = f(f(x))
println(apply_twice(x -> 2x, 5), " ", apply_twice(string, 1))

throws(x) = error("no ", x)
println(rt(Tuple{typeof(throws), Int}) === Union{})

grow(n) = (t = (1,); for i in 1:n; t = (t,); end; t)
println(grow(2))

mutable struct Counter
    n::Int
end
bump!(c::Counter) = (c.n += 1; c)
c = Counter(0)
for i in 1:5
    bump!(c)
end
println(c.n, " ", rt(Tuple{typeof(bump!), Counter}) === Counter)
