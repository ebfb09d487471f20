# destructuring
a, b = 1, 2
a, b = b, a
println(a, " ", b)
(p, (q, r)) = (1, (2, 3))
println(p + q + r)
x, y... = (1, 2, 3)
println(x, " ", y)
first_, rest... = [10, 20, 30]
println(first_, " ", rest)
(; re, im) = (re = 1.5, im = 2.5)
println(re + im)
# updating operators
v = [1, 2, 3]
v[2] += 10
v[end] *= 2
println(v)
mutable struct Acc
    n::Int
end
acc = Acc(1)
acc.n += 5
println(acc.n)
# chained assignment and its value
c = d = 7
println(c + d)
z = (w = 3) + 1
println(w, " ", z)
# indexing with end/begin
s = "hello"
println(s[begin], s[end], " ", v[end-1])
m = [1 2 3; 4 5 6]
println(m[end, end], " ", m[1, end], " ", size(m))
# named tuples
nt = (a = 1, b = "two")
println(nt.a, " ", nt.b, " ", keys(nt))
k = 5
nt2 = (; k, nt.a)
println(nt2)
# tuples, splatting
t = (1, 2, 3)
println(max(t...), " ", (t..., 4), " ", tuple(0, t...))
# comparisons
println(1 < 2 <= 2 < 3, " ", 1 < 3 < 2, " ", 1 == 1.0 != 2)
# ternary, &&, ||
println(3 > 2 ? "yes" : "no", " ", true && 5, " ", false || "x")
# string interpolation
name = "Julia"
println("Hi $name, 1+1=$(1 + 1), $(uppercase(name))!")
# arrays and comprehensions
println([i^2 for i in 1:5])
println([i * j for i in 1:2, j in 1:3])
println([i for i in 1:10 if iseven(i)])
println([(i, j) for i in 1:2 for j in 1:i])
println(sum(x^2 for x in 1:4))
println(Int[1, 2], " ", Float64[], " ", [1 2], " ", [1; 2])
# broadcasting
u = [1.0, 2.0, 3.0]
println(u .* 2 .+ 1)
u .= u .^ 2
println(u)
println(sqrt.([4.0, 9.0]), " ", .-(1:3))
f(x) = x + 1
println(f.([1, 2]))
# ranges and loops
for (i, ch) in enumerate("ab")
    println(i, ch)
end
for i in 1:2, j in 3:4
    print(i * j, " ")
end
println()
# quoting
ex = :(a + $(1 + 2))
println(ex)
sym = :foo
println(:($sym(1)))
