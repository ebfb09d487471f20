# modules: using/import/export, qualified access, extension of imported functions, __init__, nested modules
module Geometry
export Point, norm1, origin
struct Point
    x::Int
    y::Int
end
norm1(p::Point) = abs(p.x) + abs(p.y)
const origin = Point(0, 0)
helper() = "hidden"
module Inner
    using ..Geometry
    far() = norm1(Point(3, -4))
end
end

using .Geometry
println(norm1(Point(1, -2)), " ", norm1(origin), " ", Geometry.helper(), " ", Geometry.Inner.far())
println(isdefined(Main, :helper), " ", isdefined(Geometry, :helper))

module Ext
import ..Geometry: norm1
norm1(x::Int) = abs(x)
end
println(norm1(-7), " ", norm1(Point(2, 2)))

import Base: length
struct Bag
    items::Vector{Int}
end
length(b::Bag) = length(b.items)
println(length(Bag([1, 2, 3])))
Base.getindex(b::Bag, i::Int) = b.items[i] * 100
println(Bag([5, 6])[2])

module Counter
mutable struct Cnt
    n::Int
end
const calls = Cnt(0)
function __init__()
    calls.n += 1
end
next!() = (calls.n += 1)
end
println(Counter.calls.n, " ", Counter.next!())

module Alias
    import ..Geometry as G
    using ..Geometry: norm1 as n1
    f() = n1(G.Point(1, 1))
end
println(Alias.f())
println(parentmodule(Geometry.Inner) === Geometry, " ", nameof(Geometry.Inner), " ", Geometry.Inner)
println(fullname(Geometry.Inner))
println(sort(names(Geometry)))
