# boot.jl: the part of Core written in Julia. Evaluated into Core at start-up, right after the C runtime
# has created Core's types, builtins and intrinsics. Exception types are defined here and found by the
# runtime afterwards (jl_get_builtin_hooks), so the field order of each must match rtutils.c.

# Core.Box holds a captured variable that is assigned after capture (closure conversion).
mutable struct Box
    contents::Any
    Box(@nospecialize(x)) = new(x)
    Box() = new()
end

abstract type Exception end

struct ErrorException <: Exception
    msg::AbstractString
end
struct BoundsError <: Exception
    a::Any
    i::Any
    BoundsError() = new()
    BoundsError(@nospecialize(a)) = (@noinline; new(a))
    BoundsError(@nospecialize(a), i) = (@noinline; new(a, i))
end
struct DivideError <: Exception end
struct OverflowError <: Exception
    msg::AbstractString
end
struct InexactError <: Exception
    func::Symbol
    T  # Type
    val
    InexactError(f::Symbol, @nospecialize(T), @nospecialize(val)) = (@noinline; new(f, T, val))
end
struct UndefVarError <: Exception
    var::Symbol
end
struct UndefRefError <: Exception end
struct UndefKeywordError <: Exception
    var::Symbol
end
struct TypeError <: Exception
    func::Symbol
    context::Union{AbstractString,Symbol}
    expected::Type
    got
    TypeError(func, context, @nospecialize(expected::Type), @nospecialize(got)) =
        new(func, context, expected, got)
end
struct MethodError <: Exception
    f
    args
    world::UInt
    MethodError(@nospecialize(f), @nospecialize(args), world::UInt) = new(f, args, world)
end
MethodError(@nospecialize(f), @nospecialize(args)) = MethodError(f, args, typemax(UInt))
struct ArgumentError <: Exception
    msg::AbstractString
end
struct KeyError <: Exception
    key
end
struct DomainError <: Exception
    val
    msg::AbstractString
    DomainError(@nospecialize(val)) = (@noinline; new(val, ""))
    DomainError(@nospecialize(val), @nospecialize(msg)) = (@noinline; new(val, msg))
end
struct StackOverflowError <: Exception end
struct OutOfMemoryError <: Exception end
struct InterruptException <: Exception end
struct LoadError <: Exception
    file::AbstractString
    line::Int
    error
end
struct ParseError <: Exception
    msg::AbstractString
end
struct FieldError <: Exception
    type::DataType
    field::Symbol
end

# Keyword-argument calls f(a; k=1) are lowered to kwcall((k=1,), f, a).
function kwcall end

typemax(::Type{UInt}) = 0xffffffffffffffff

const Cvoid = Nothing

# Core's exports (Julia's boot.jl list, restricted to what this Core defines); Base adds its own.
export
    Any, DataType, Vararg, Tuple, Type, UnionAll, TypeVar, Union, Nothing, Cvoid, AbstractArray, DenseArray,
    NamedTuple, Function, Method, Module, Symbol, Task, Array, Number, Real, Integer, Bool, Ref, Ptr,
    AbstractFloat, Float16, Float32, Float64, Signed, Int, Int8, Int16, Int32, Int64, Int128,
    Unsigned, UInt, UInt8, UInt16, UInt32, UInt64, UInt128, AbstractChar, Char, AbstractString, String,
    ErrorException, BoundsError, DivideError, DomainError, Exception, InterruptException, InexactError,
    OutOfMemoryError, OverflowError, StackOverflowError, UndefRefError, UndefVarError, TypeError, ArgumentError,
    MethodError, LoadError, UndefKeywordError, KeyError, ParseError, FieldError,
    Expr, QuoteNode, LineNumberNode, GlobalRef, nothing, Main

# Printing without Base (debugging and bootstrap): strings unquoted, everything else as `show`.
print(@nospecialize(x)) = ccall(:jl_core_print, Cvoid, (Any,), x)
print(@nospecialize(x), @nospecialize(y)) = (print(x); print(y))
print(@nospecialize(x), @nospecialize(y), @nospecialize(z)) = (print(x); print(y); print(z))
println() = print("\n")
println(@nospecialize(x)) = print(x, "\n")
println(@nospecialize(x), @nospecialize(y)) = print(x, y, "\n")

# convert is Core's so that the constructors of Core's types (typed fields) can call it; Base extends it.
convert(::Type{Any}, x) = x
convert(::Type{T}, x::T) where {T} = x
