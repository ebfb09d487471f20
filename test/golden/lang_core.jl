# Core language features; expected output written by hand from Julia's semantics.
abstract type Shape end
struct Circle <: Shape
    r::Float64
end
struct Rect <: Shape
    w::Float64
    h::Float64
end
area(c::Circle) = 3.0 * c.r^2
area(r::Rect) = r.w * r.h
describe(s::Shape) = "shape with area $(area(s))"
println(describe(Circle(1.0)), "; ", describe(Rect(2.0, 3.5)))
println(Circle <: Shape, " ", isa(Rect(1, 2), Shape), " ", supertype(Circle))

mutable struct Counter
    n::Int
end
function bump!(c::Counter, by = 1)
    c.n += by
    return c
end
c = Counter(0)
bump!(c); bump!(c, 5)
println(c.n)

function collatz(n)
    steps = 0
    while n != 1
        n = iseven(n) ? n ÷ 2 : 3n + 1
        steps += 1
    end
    steps
end
println(collatz(27))

adder(k) = x -> x + k
add3 = adder(3)
println(add3(4), " ", map(adder(10), (1, 2, 3)))

function safe_div(a, b)
    try
        return div(a, b)
    catch e
        return "caught $(typeof(e))"
    finally
        println("finally runs")
    end
end
println(safe_div(7, 2))
println(safe_div(7, 0))

a, b = 1, 2
a, b = b, a
println(a, b)
t = (x = 1, y = "two")
println(t.x, " ", t.y)
s = 0
for i in 1:3, j in i:3
    global s += i * j
end
println(s)
println(Int8(100) + Int8(100), " ", 0x10 * 0x10, " ", typeof(1 + 2.0f0))
