# pisum.jl: the pisum double loop on Float64 (twin: pisum.c). Prints the result and the best time in ms.
function pisum()
    sum = 0.0
    for j in 1:500
        sum = 0.0
        for k in 1:10000
            sum += 1.0 / (k * k)
        end
    end
    sum
end
function bench()
    best = typemax(Int)
    r = 0.0
    for i in 1:5
        t0 = time_ns()
        r = pisum()
        t = Int(time_ns() - t0)
        t < best && (best = t)
    end
    println("pisum() = ", r, " best_ms ", best / 1.0e6)
end
bench()
