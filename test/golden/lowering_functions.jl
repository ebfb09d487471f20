# optional and keyword arguments
g(a, b = 2, c = b + 1) = (a, b, c)
println(g(1), g(1, 5), g(1, 5, 9))
h(x; scale = 2, shift = 0) = x * scale + shift
println(h(1), " ", h(1; shift = 3), " ", h(1, scale = 10, shift = 1))
kw(; kws...) = collect(pairs(kws))
println(kw(a = 1, b = 2))
req(; name) = "hi $name"
println(req(name = "x"))
try
    req()
catch e
    println(typeof(e), " ", e.var)
end
opts = (scale = 3,)
println(h(2; opts...))
va(a, rest...) = (a, length(rest))
println(va(1), va(1, 2, 3))
typed(x::Int, y::Float64 = 1.0) = x + y
println(typed(1), " ", typed(1, 2.5))
# where clauses and static parameters
elt(::Vector{T}) where {T} = T
println(elt([1, 2]), " ", elt(["a"]))
pair(x::T, y::T) where {T<:Number} = "same $T"
pair(x, y) = "different"
println(pair(1, 2), " ", pair(1, 2.0))
# return type declarations
function half(x)::Float64
    x / 2
end
println(half(3), " ", typeof(half(4)))
function early(x)::Int
    x > 0 && return 1.0
    return 0
end
println(early(5), " ", early(-5))
# closures
function counter()
    n = 0
    () -> (n += 1)
end
cnt = counter()
cnt(); cnt()
println(cnt())
adders = [x -> x + i for i in 1:3]
println([f(10) for f in adders])
function fib_closure(n)
    fib(k) = k < 2 ? k : fib(k - 1) + fib(k - 2)
    fib(n)
end
println(fib_closure(15))
function capture_later()
    x = 1
    get() = x
    x = 42
    get()
end
println(capture_later())
function loopcap()
    fs = Function[]
    for i in 1:3
        push!(fs, () -> i * 10)
    end
    [f() for f in fs]
end
println(loopcap())
compose(f, g) = x -> f(g(x))
println(compose(sqrt, abs)(-16.0))
r = map([1, 2, 3]) do x
    x * 100
end
println(r)
sorted = sort([3, 1, 2]; by = x -> -x)
println(sorted)
# callable structs and constructors
struct Poly
    coeffs::Vector{Int}
end
(p::Poly)(x) = sum(c * x^(i - 1) for (i, c) in enumerate(p.coeffs))
println(Poly([1, 2, 3])(2))
struct Point{T<:Real}
    x::T
    y::T
end
Point(x::Real) = Point(x, x)
pt = Point(1.5, 2.5)
println(pt, " ", Point(3), " ", Point{Float64}(1, 2))
struct Wrapped
    v::Int
    Wrapped(v) = v < 0 ? new(0) : new(v)
end
println(Wrapped(-5).v, " ", Wrapped(7).v)
mutable struct Node
    val::Int
    next::Union{Node, Nothing}
end
n1 = Node(1, Node(2, nothing))
println(n1.next.val, " ", n1.next.next === nothing)
abstract type Shape end
struct Sq <: Shape
    s::Float64
end
area(s::Sq) = s.s^2
Base.show(io::IO, s::Sq) = print(io, "Sq(", s.s, ")")
println(Sq(2.0), " ", area(Sq(3.0)), " ", Sq <: Shape)
import Base: +
+(a::Sq, b::Sq) = Sq(a.s + b.s)
println(Sq(1.0) + Sq(2.0))
# exceptions and control flow
function tryit(x)
    try
        x < 0 && throw(ArgumentError("negative"))
        sqrt(x)
    catch e
        e isa ArgumentError ? -1.0 : rethrow()
    finally
        print("[done] ")
    end
end
println(tryit(4.0))
println(tryit(-1.0))
function loop_finally()
    out = Int[]
    for i in 1:5
        try
            i == 2 && continue
            i == 4 && break
            push!(out, i)
        finally
            push!(out, -i)
        end
    end
    out
end
println(loop_finally())
res = try
    error("boom")
catch err
    "caught: " * err.msg
else
    "no error"
end
println(res)
res2 = try
    1
catch
    2
else
    3
end
println(res2)
function gotos()
    i = 0
    @label again
    i += 1
    i < 5 && @goto again
    i
end
println(gotos())
# macros and hygiene
macro swap!(a, b)
    quote
        tmp = $(esc(a))
        $(esc(a)) = $(esc(b))
        $(esc(b)) = tmp
    end
end
tmp = "untouched"
p1, p2 = 1, 2
@swap! p1 p2
println(p1, p2, " ", tmp)
macro square(x)
    :($x * $x)
end
println(@square(3 + 1))
# scope
glob = 1
function set_glob()
    global glob = 5
    local glob2 = 3
    glob2
end
println(set_glob(), " ", glob)
let glob = 100
    println(glob)
end
println(glob)
for i in 1:2
    local_in_loop = i
end
println(@isdefined(local_in_loop))
function scoping()
    x = 1
    for i in 1:3
        x += i
    end
    y = 0
    while y < 3
        y += 1
    end
    (x, y)
end
println(scoping())
