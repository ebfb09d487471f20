# Core builtins, intrinsics and ccall from interpreted and top-level code
println(ccall(:strlen, Csize_t, (Cstring,), "hello, world"))
println(ccall(:abs, Cint, (Cint,), -12))
println(ccall(:labs, Clong, (Clong,), -1234567890123))
println(ccall(:sqrt, Cdouble, (Cdouble,), 2.25))
println(ccall(:sqrtf, Cfloat, (Cfloat,), 6.25f0))
buf = Vector{UInt8}(undef, 32)
n = ccall(:snprintf, Cint, (Ptr{UInt8}, Csize_t, Cstring, Int, Float64), buf, 32, "%ld|%.2f", 42, 3.14159)
println(n, " ", String(buf[1:n]))
println(Core.Intrinsics.add_int(40, 2), " ", Core.Intrinsics.checked_smul_int(typemax(Int), 2))
println(Core.Intrinsics.bitcast(UInt64, 1.0), " ", Core.Intrinsics.sext_int(Int64, Int8(-5)))
println(getfield((10, 20, 30), 2), " ", nfields((1, 2)), " ", fieldtype(Pair{Int, String}, 2))
println(isa(1, Integer), " ", typeof(typeof(1)), " ", Int <: Real, " ", (1, "a") === (1, "a"))
println(Core.apply_type(Vector, Int), " ", Core.tuple(1, :a), " ", Core.svec(1, 2)[2])
f(args...) = length(args)
println(f((1, 2)..., [3, 4, 5]...), " ", f("ab"...))
mutable struct Box2
    a::Int
    const b::String
end
b = Box2(1, "x")
b.a = 5
println(b.a, " ", isdefined(b, :b), " ", isdefined(b, :c), " ", sizeof(Int16), " ", sizeof("héllo"))
for ex in (() -> getfield((1, 2), 3), () -> setfield!(b, :b, "y"), () -> setfield!((1,), 1, 2),
           () -> Core.typeassert(1, String), () -> div(1, 0), () -> Core.throw(:sym))
    try
        ex()
    catch e
        println(typeof(e))
    end
end
println(ifelse(true, 1, 2), " ", invoke(string, Tuple{Any}, 12), " ", applicable(sin, "x"))
println(Core.Intrinsics.trunc_int(UInt8, 0x1234), " ", Core.Intrinsics.ctpop_int(0xff), " ", 7 ÷ 2, " ", -7 % 3)
println(Float16(1.5) + Float16(0.25), " ", Float32(0.1) + Float32(0.2), " ", 0.1 + 0.2)
