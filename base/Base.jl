# Base.jl: the Base module. Each file below is one part of Base, written in Julia over Core's builtins
# and intrinsics (no arithmetic or printing is special-cased in C).
baremodule Base

using Core.Intrinsics
using Core: Box, kwcall
import Core: convert

ccall(:jl_set_istopmod, Cvoid, (Any, Bool), Base, true)

_include_base(path::String) = Core.include(Base, path)

_include_base("exports.jl")
_include_base("essentials.jl")
_include_base("operators.jl")
_include_base("promotion.jl")
_include_base("number.jl")
_include_base("int.jl")
_include_base("bool.jl")
_include_base("float.jl")
_include_base("char.jl")
_include_base("abstractarray.jl")
_include_base("tuple.jl")
_include_base("range.jl")
_include_base("array.jl")
_include_base("iterators.jl")
_include_base("reduce.jl")
_include_base("sort.jl")
_include_base("hashing.jl")
_include_base("dict.jl")
_include_base("string.jl")
_include_base("io.jl")
_include_base("show.jl")
_include_base("errorshow.jl")
_include_base("intfuncs.jl")
_include_base("math.jl")
_include_base("parse.jl")
_include_base("regex.jl")
_include_base("broadcast.jl")
_include_base("reflection.jl")
_include_base("timing.jl")
_include_base("rational.jl")
_include_base("gmp.jl")
_include_base("meta.jl")
_include_base("loading.jl")

end # baremodule Base
