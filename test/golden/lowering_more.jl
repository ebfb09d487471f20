struct P
    v::Int
end
Base.:+(a::P, b::P) = P(a.v + b.v)
println((P(1) + P(2)).v)
function foo end
foo(x) = 1
println(foo(2))
af = (x; k = 1) -> x + k
println(af(1), " ", af(1; k = 5))
function outerkw(y)
    inner(x; scale = y) = x * scale
    inner2(x, d = y) = x + d
    (inner(2), inner(2; scale = 10), inner2(1), inner2(1, 1))
end
println(outerkw(3))
function kwclosure(v)
    map(x -> round(x; digits = 1), v)
end
println(kwclosure([1.234, 5.678]))
g2(x::Int...) = sum(x)
println(g2(1, 2, 3))
g3(xs::Vararg{Int, 2}) = xs
println(g3(1, 2))
h3(a, (b, c), d) = a + b + c + d
println(h3(1, (2, 3), 4))
m = Dict{Symbol,Int}()
m[:a] = 1
m[:a] += 2
println(m)
tup = ((1, 2), (3, 4))
println([a + b for (a, b) in tup])
s = 0
for (i, (a, b)) in enumerate(tup)
    global s += i * (a + b)
end
println(s)
x = 10
f10() = x + 1
println(f10())
const CT = 5
ff(::Val{N}) where {N} = N + CT
println(ff(Val(2)))
println((x -> x^2).(1:3))
println(map((a, b) -> a * b, [1, 2], [3, 4]))
v = [3, 1, 2]
sort!(v, by = x -> x, rev = true)
println(v)
y = let a = 1
    b = 2
    a + b
end
println(y)
println(Base.isdefined(Main, :a))
