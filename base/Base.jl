# Base.jl: the Base module. Each file below is one part of Base, written in Julia over Core's builtins
# and intrinsics (no arithmetic or printing is special-cased in C).
baremodule Base

using Core.Intrinsics
using Core: Box, kwcall

include(path::String) = Core.include(Base, path)

include("essentials.jl")

end # baremodule Base
