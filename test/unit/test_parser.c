/* test_parser.c: golden tests of the parser (parser.c, tokenize.c): each case parses a string the way
 * Meta.parse does (jl_parse_string) or a whole file (jl_parse_all) and compares the S-expression of the
 * result (see parser_test_support.h) with the shape Julia 1.10 produces. Prints "N passed, N failed".
 * Debugging: `test_parser -e SRC` prints Meta.parse(SRC), `test_parser -a SRC` parses SRC as a file,
 * `test_parser -f FILE` parses FILE. */
#include "parser_test_support.h"

static int npass, nfail;

/* S-expression of parsing src (or "ERR: <message>" / "INC: <message>") */
static char *parse_to_sexpr_in(const char *src, int all, const char *file)
{
    char *out = NULL;
    JL_TRY {
        jl_value_t *v = all ? jl_parse_all(src, strlen(src), file, 1) : jl_parse_string(src, strlen(src), 0, 1, NULL);
        if (jl_is_expr(v) && ((jl_expr_t *)v)->head == jl_incomplete_sym) {
            char *m = pts_sexpr(jl_exprarg(v, 0));
            out = (char *)malloc(strlen(m) + 8);
            sprintf(out, "INC: %s", m);
            free(m);
        }
        else {
            out = pts_sexpr(v);
        }
    }
    JL_CATCH {
        char *m = pts_error_message(jl_current_exception());
        out = (char *)malloc((m ? strlen(m) : 8) + 8);
        sprintf(out, "ERR: %s", m ? m : "?");
        free(m);
    }
    return out;
}

static char *parse_to_sexpr(const char *src, int all) { return parse_to_sexpr_in(src, all, "none"); }

static void check_parse(const char *src, const char *want, int all, int line)
{
    char *got = parse_to_sexpr(src, all);
    int ok = strcmp(got, want) == 0;
    if (!ok && strncmp(want, "ERR~", 4) == 0)   /* error whose message contains the text after ERR~ */
        ok = strncmp(got, "ERR: ", 5) == 0 && strstr(got, want + 4) != NULL;
    if (ok)
        npass++;
    else {
        nfail++;
        fprintf(stderr, "FAIL line %d: %s\n  want: %s\n  got:  %s\n", line, src, want, got);
    }
    free(got);
}
#define P(src, want) check_parse(src, want, 0, __LINE__)
#define PA(src, want) check_parse(src, want, 1, __LINE__)

/* Shapes checked against Julia 1.10's Meta.parse (P) and parseall (PA). Strings with non-ASCII
 * characters are written as escaped UTF-8 bytes. */
static void test_shapes(void)
{
    /* literals and identifiers */
    P("1", "1");
    P("x", "x");
    P("-1", "-1");
    P("+2", "2");
    P("-1.5", "-1.5");
    P("1.", "1.0");
    P(".5", "0.5");
    P("1e10", "1e+10");
    P("1.5f0", "1.5f0");
    P("0x1f", "0x1f");
    P("0xff_ff", "0xffff");
    P("0b101", "0x05");
    P("0o17", "0x0f");
    P("1_000_000", "1000000");
    P("0x1p-2", "0.25");
    P("typemax(Int128)", "(call typemax Int128)");
    P("170141183460469231731687303715884105727", "i128:7fffffffffffffffffffffffffffffff");
    P("true", "true");
    P("false", "false");
    P("'a'", "char:0x61000000");
    P("'\\n'", "char:0x0a000000");
    P("'\xce""\xb1""'", "char:0xceb10000");
    P("'\\u00e9'", "char:0xc3a90000");
    P("'\\''", "char:0x27000000");
    P("'\\xff'", "char:0xff000000");
    P("\xce""\xb1""", "\xce""\xb1""");
    P("x\xc2""\xb2""", "x\xc2""\xb2""");
    P("var\"name\"", "name");
    P("var\"#x#\"", "#x#");
    P("type", "type");
    P("outer", "outer");
    /* operators */
    P("1 + 2", "(call + 1 2)");
    P("a + b + c", "(call + a b c)");
    P("a + b - c", "(call - (call + a b) c)");
    P("a*b*c", "(call * a b c)");
    P("a - b - c", "(call - (call - a b) c)");
    P("a / b / c", "(call / (call / a b) c)");
    P("a ++ b ++ c", "(call ++ a b c)");
    P("a .+ b .+ c", "(call .+ (call .+ a b) c)");
    P("a +\xe2""\x82""\x81"" b +\xe2""\x82""\x81"" c", "(call +\xe2""\x82""\x81"" (call +\xe2""\x82""\x81"" a b) c)");
    P("a < b", "(call < a b)");
    P("a < b < c", "(comparison a < b < c)");
    P("a .< b .< c", "(comparison a .< b .< c)");
    P("a <: B", "(<: a B)");
    P("a >: B", "(>: a B)");
    P("a <: B <: C", "(comparison a <: B <: C)");
    P("a in b", "(call in a b)");
    P("a isa B", "(call isa a B)");
    P("x \xe2""\x88""\x88"" S", "(call \xe2""\x88""\x88"" x S)");
    P("a \xe2""\x89""\xa4"" b", "(call \xe2""\x89""\xa4"" a b)");
    P("a \xe2""\x89""\xa0"" b", "(call \xe2""\x89""\xa0"" a b)");
    P("a !== b", "(call !== a b)");
    P("a && b || c", "(|| (&& a b) c)");
    P("a || b || c", "(|| a (|| b c))");
    P("a && b && c", "(&& a (&& b c))");
    P("a => b => c", "(call => a (call => b c))");
    P("a ? b : c ? d : e", "(if a b (if c d e))");
    P("a \xe2""\x86""\x92"" b \xe2""\x86""\x92"" c", "(call \xe2""\x86""\x92"" a (call \xe2""\x86""\x92"" b c))");
    P("a --> b", "(--> a b)");
    P("x |> f |> g", "(call |> (call |> x f) g)");
    P("a <| b <| c", "(call <| a (call <| b c))");
    P("a:b", "(call : a b)");
    P("a:s:b", "(call : a s b)");
    P("1:n-1", "(call : 1 (call - n 1))");
    P("a..b", "(call .. a b)");
    P("x...", "(... x)");
    P("a // b", "(call // a b)");
    P("a << b >> c", "(call >> (call << a b) c)");
    P("a ^ b ^ c", "(call ^ a (call ^ b c))");
    P("-2^2", "(call - (call ^ 2 2))");
    P("-x^2", "(call - (call ^ x 2))");
    P("2^-3", "(call ^ 2 -3)");
    P("-2.0^2", "(call - (call ^ 2.0 2))");
    P("2x", "(call * 2 x)");
    P("2x^2", "(call * 2 (call ^ x 2))");
    P("2(x+1)", "(call * 2 (call + x 1))");
    P("2\xcf""\x80""", "(call * 2 \xcf""\x80"")");
    P("2^2x", "(call ^ 2 (call * 2 x))");
    P("x'", "(' x)");
    P("x'\xe1""\xb5""\x80""", "(call '\xe1""\xb5""\x80"" x)");
    P("a' * b", "(call * (' a) b)");
    P("-x'", "(call - (' x))");
    P("-x", "(call - x)");
    P("!x", "(call ! x)");
    P("~x", "(call ~ x)");
    P("\xe2""\x88""\x9a""x", "(call \xe2""\x88""\x9a"" x)");
    P("\xe2""\x88""\x9a""2", "(call \xe2""\x88""\x9a"" 2)");
    P("-(x)", "(call - x)");
    P("+(1, 2)", "(call + 1 2)");
    P("-(a; b)", "(call - (block a @1 b))");
    P(".-x", "(call .- x)");
    P(".!x", "(call .! x)");
    P("<:(a, b)", "(<: a b)");
    P("!(a === b)", "(call ! (call === a b))");
    P("2 * -3", "(call * 2 -3)");
    P("- 1", "(call - 1)");
    P("x .^ 2", "(call .^ x 2)");
    P("a \xe2""\x88""\x98"" b", "(call \xe2""\x88""\x98"" a b)");
    P("x \xc3""\xb7"" y", "(call \xc3""\xb7"" x y)");
    P("a \xe2""\x8a""\xbb"" b", "(call \xe2""\x8a""\xbb"" a b)");
    P("a & b | c", "(call | (call & a b) c)");
    P("&x", "(& x)");
    P("$x", "($ x)");
    P("$$x", "($ ($ x))");
    P("::T", "(:: T)");
    P("a::T", "(:: a T)");
    P("a::T::U", "(:: (:: a T) U)");
    P("<: T", "(<: T)");
    P("Vector{<:Real}", "(curly Vector (<: Real))");
    P("map(+, xs)", "(call map + xs)");
    P("(+)", "+");
    P("(:)", ":");
    P("f(:, 1)", "(call f : 1)");
    P("a[:, 1]", "(ref a : 1)");
    /* assignment */
    P("x = 1", "(= x 1)");
    P("x = y = 0", "(= x (= y 0))");
    P("x += 1", "(+= x 1)");
    P("x -= 1", "(-= x 1)");
    P("x *= 2", "(*= x 2)");
    P("x \xc3""\xb7""= 2", "(\xc3""\xb7""= x 2)");
    P("x |= 1", "(|= x 1)");
    P("x <<= 1", "(<<= x 1)");
    P("x .+= 1", "(.+= x 1)");
    P("a .= b", "(.= a b)");
    P("x ~ y", "(call ~ x y)");
    P("a := b", "(:= a b)");
    P("x, y = y, x", "(= (tuple x y) (tuple y x))");
    P("a, = b", "(= (tuple a) b)");
    P("a::Int, b = 1, 2", "(= (tuple (:: a Int) b) (tuple 1 2))");
    P("x::Int = 1", "(= (:: x Int) 1)");
    P("a.b.c = 1", "(= (. (. a (qn b)) (qn c)) 1)");
    P("a[i] += 1", "(+= (ref a i) 1)");
    P("f(a)[1] = 2", "(= (ref (call f a) 1) 2)");
    P("f(x) = x", "(= (call f x) (block @1 x))");
    P("f(x) where T = 1", "(= (where (call f x) T) (block @1 1))");
    P("f(x::T)::T where T = x", "(= (:: (call f (:: x T)) (where T T)) (block @1 x))");
    P("(::Type{T})(x) where T = 1", "(= (where (call (:: (curly Type T)) x) T) (block @1 1))");
    P("a + b = c", "(= (call + a b) (block @1 c))");
    P("f(x) = (y = x; y)", "(= (call f x) (block @1 (block (= y x) @1 y)))");
    /* calls and fields */
    P("f(x)", "(call f x)");
    P("f()", "(call f)");
    P("f(x,)", "(call f x)");
    P("f(x)(y)", "(call (call f x) y)");
    P("f(x, k=1)", "(call f x (kw k 1))");
    P("f(x; k=1)", "(call f (parameters (kw k 1)) x)");
    P("f(; a = 1)", "(call f (parameters (kw a 1)))");
    P("f(a, b; c)", "(call f (parameters c) a b)");
    P("f(a; b; c)", "(call f (parameters (parameters c) b) a)");
    P("f(x...; y...)", "(call f (parameters (... y)) (... x))");
    P("f(x for x in y)", "(call f (generator x (= x y)))");
    P("sum(x for x in y if x > 1)", "(call sum (generator x (filter (call > x 1) (= x y))))");
    P("f.(x)", "(. f (tuple x))");
    P("f.(x, k=1)", "(. f (tuple x (kw k 1)))");
    P("a.b", "(. a (qn b))");
    P("a.b.c", "(. (. a (qn b)) (qn c))");
    P("x.y.z()", "(call (. (. x (qn y)) (qn z)))");
    P("a.b[1].c", "(. (ref (. a (qn b)) 1) (qn c))");
    P("Base.:+", "(. Base (qn +))");
    P("x.:y", "(. x (qn y))");
    P("a.$b", "(. a (qn ($ b)))");
    P("-x.y", "(call - (. x (qn y)))");
    P("T{A, B}", "(curly T A B)");
    P("Dict{String, Int}()", "(call (curly Dict String Int))");
    P("x::Vector{Int}", "(:: x (curly Vector Int))");
    P("A{T} where T", "(where (curly A T) T)");
    P("A{T} where {T, S}", "(where (curly A T) T S)");
    P("A{T} where T <: Real", "(where (curly A T) (<: T Real))");
    P("ccall(:f, Int, (Int,), x)", "(call ccall (qn f) Int (tuple Int) x)");
    P("f(x) do y\n y\nend", "(do (call f x) (-> (tuple y) (block @2 y)))");
    P("f() do; end", "(do (call f) (-> (tuple) (block)))");
    P("f() do x, y\n 1\nend", "(do (call f) (-> (tuple x y) (block @2 1)))");
    /* brackets */
    P("()", "(tuple)");
    P("(x)", "x");
    P("(x,)", "(tuple x)");
    P("(a, b)", "(tuple a b)");
    P("(a=1, b=2)", "(tuple (= a 1) (= b 2))");
    P("(; a, b)", "(tuple (parameters a b))");
    P("(; a=1)", "(tuple (parameters (kw a 1)))");
    P("(x...,)", "(tuple (... x))");
    P("(a; b)", "(block a @1 b)");
    P("(a;)", "(block a)");
    P("(a = 1)", "(= a 1)");
    P("[]", "(vect)");
    P("[1, 2]", "(vect 1 2)");
    P("[1, 2,]", "(vect 1 2)");
    P("[1 2 3]", "(hcat 1 2 3)");
    P("[1 2; 3 4]", "(vcat (row 1 2) (row 3 4))");
    P("[1; 2]", "(vcat 1 2)");
    P("[1\n2]", "(vcat 1 2)");
    P("[1 2\n3 4]", "(vcat (row 1 2) (row 3 4))");
    P("[1 2\n]", "(hcat 1 2)");
    P("[1:3;]", "(vcat (call : 1 3))");
    P("[a b;; c d]", "(ncat 2 (row a b) (row c d))");
    P("[1 -2]", "(hcat 1 -2)");
    P("[1 - 2]", "(vect (call - 1 2))");
    P("[1 -  2]", "(vect (call - 1 2))");
    P("[a' b']", "(hcat (' a) (' b))");
    P("[f (x)]", "(hcat f x)");
    P("[x +y]", "(hcat x (call + y))");
    P("[1 :a]", "(hcat 1 (qn a))");
    P("T[1, 2]", "(ref T 1 2)");
    P("T[]", "(ref T)");
    P("T[1 2]", "(typed_hcat T 1 2)");
    P("T[1; 2]", "(typed_vcat T 1 2)");
    P("Int[x for x in y]", "(typed_comprehension Int (generator x (= x y)))");
    P("[x for x in y]", "(comprehension (generator x (= x y)))");
    P("[x for x in y if c]", "(comprehension (generator x (filter c (= x y))))");
    P("[(x,y) for x in a, y in b]", "(comprehension (generator (tuple x y) (= x a) (= y b)))");
    P("[x for x in a for y in b]", "(comprehension (flatten (generator (generator x (= y b)) (= x a))))");
    P("[x\n for x in y]", "(comprehension (generator x (= x y)))");
    P("(x for x in y)", "(generator x (= x y))");
    P("(i for i in 1:3 if isodd(i))", "(generator i (filter (call isodd i) (= i (call : 1 3))))");
    P("a[i, j]", "(ref a i j)");
    P("a[end]", "(ref a end)");
    P("a[end-1]", "(ref a (call - end 1))");
    P("a[2:end]", "(ref a (call : 2 end))");
    P("a[begin]", "(ref a begin)");
    P("a[i=1]", "(ref a (kw i 1))");
    P("x[]", "(ref x)");
    P("x[1][2]", "(ref (ref x 1) 2)");
    P("[1, 2][1]", "(ref (vect 1 2) 1)");
    P("{a, b}", "(braces a b)");
    P("{a b}", "(bracescat (row a b))");
    /* anonymous functions */
    P("x -> x + 1", "(-> x (block @1 (call + x 1)))");
    P("(a, b) -> a", "(-> (tuple a b) (block @1 a))");
    P("(x) -> x", "(-> (tuple x) (block @1 x))");
    P("() -> 1", "(-> (tuple) (block @1 1))");
    P("x -> begin\n a\nend", "(-> x (block @1 @2 a))");
    P("x -> (y) -> x + y", "(-> x (block @1 (-> (tuple y) (block @1 (call + x y)))))");
    P("p = x -> x^2", "(= p (-> x (block @1 (call ^ x 2))))");
    P("map(x -> x + 1, xs)", "(call map (-> x (block @1 (call + x 1))) xs)");
    P("a::T -> a", "(-> (:: a T) (block @1 a))");
    /* strings */
    P("\"abc\"", "\"abc\"");
    P("\"\"", "\"\"");
    P("\"a $x b $(f(y))\"", "(string \"a \" x \" b \" (call f y))");
    P("\"$(x)abc\"", "(string x \"abc\")");
    P("\"$x$y\"", "(string x y)");
    P("\"\\$\"", "\"$\"");
    P("\"\\u00e9\\x41\\101\\t\"", "\"\xc3""\xa9""AA\\t\"");
    P("\"a\\\n   b\"", "\"ab\"");
    P("\"\"\"abc\"\"\"", "\"abc\"");
    P("\"\"\"\n  a\n  b\n  \"\"\"", "\"a\\nb\\n\"");
    P("\"\"\"\n  a\n    b\n  \"\"\"", "\"a\\n  b\\n\"");
    P("\"\"\" x\n  y\"\"\"", "\" x\\ny\"");
    P("\"\"\"\n  $a\n  $b\"\"\"", "(string a \"\\n\" b)");
    P("\"\"\"\n  a $x\n  b\n  \"\"\"", "(string \"a \" x \"\\nb\\n\")");
    P("\"\"\"\n  a\n\n  b\"\"\"", "\"a\\n\\nb\"");
    P("\"\"\"\n\tx\n\ty\"\"\"", "\"x\\ny\"");
    P("\"\"\"\n  x\n\"\"\"", "\"  x\\n\"");
    P("r\"a\\d\"", "(macrocall @r_str @1 \"a\\\\d\")");
    P("r\"a\\\"b\"", "(macrocall @r_str @1 \"a\\\"b\")");
    P("v\"1.2\"", "(macrocall @v_str @1 \"1.2\")");
    P("raw\"a\\b\"", "(macrocall @raw_str @1 \"a\\\\b\")");
    P("x\"s\"y", "(macrocall @x_str @1 \"s\" \"y\")");
    P("Base.r\"x\"", "(macrocall (. Base (qn @r_str)) @1 \"x\")");
    P("r\"\"\"\n  a\n  b\"\"\"", "(macrocall @r_str @1 \"a\\nb\")");
    P("`echo $x`", "(macrocall Core.@cmd @1 \"echo $x\")");
    P("x`cmd`", "(macrocall @x_cmd @1 \"cmd\")");
    /* quoting */
    P(":sym", "(qn sym)");
    P(":+", "(qn +)");
    P(":(=)", "(qn =)");
    P(":end", "(qn end)");
    P(":(a + b)", "(quote (call + a b))");
    P(":(x)", "(qn x)");
    P(":(x.y)", "(quote (. x (qn y)))");
    P(":1", "(qn 1)");
    P(":(:x)", "(quote (qn x))");
    P(":($(esc(ex)))", "(quote ($ (call esc ex)))");
    P("quote\n x\nend", "(quote (block @2 x))");
    P("quote end", "(quote (block))");
    /* macros */
    P("@m", "(macrocall @m @1)");
    P("@m a b", "(macrocall @m @1 a b)");
    P("@m(a, b)", "(macrocall @m @1 a b)");
    P("@m(a; b=1)", "(macrocall @m @1 (parameters (kw b 1)) a)");
    P("@m a, b", "(macrocall @m @1 (tuple a b))");
    P("@m x = 1", "(macrocall @m @1 (= x 1))");
    P("Base.@m x", "(macrocall (. Base (qn @m)) @1 x)");
    P("@Base.m x", "(macrocall (. Base (qn @m)) @1 x)");
    P("A.B.@m x", "(macrocall (. (. A (qn B)) (qn @m)) @1 x)");
    P("@m[1, 2]", "(macrocall @m @1 (vect 1 2))");
    P("@m{a}", "(macrocall @m @1 (braces a))");
    P("@show x", "(macrocall @show @1 x)");
    P("@assert x \"msg\"", "(macrocall @assert @1 x \"msg\")");
    P("@. x + y", "(macrocall @__dot__ @1 (call + x y))");
    P("@. a = b + c", "(macrocall @__dot__ @1 (= a (call + b c)))");
    P("y = @. a + b", "(= y (macrocall @__dot__ @1 (call + a b)))");
    P("@time x = 1", "(macrocall @time @1 (= x 1))");
    P("@inbounds for i in 1:n\n x\nend", "(macrocall @inbounds @1 (for (= i (call : 1 n)) (block @2 x)))");
    P("@testset \"x\" begin\n x\nend", "(macrocall @testset @1 \"x\" (block @2 x))");
    P("@m begin end", "(macrocall @m @1 (block))");
    P("@doc \"x\" f", "(macrocall @doc @1 \"x\" f)");
    P("@doc \"x\"\nf", "(macrocall @doc @1 \"x\" f)");
    P("@m a -b", "(macrocall @m @1 a (call - b))");
    P("@m a - b", "(macrocall @m @1 (call - a b))");
    P("[@m x, y]", "(vect (macrocall @m @1 (tuple x y)))");
    P("@printf(\"%d\\n\", x)", "(macrocall @printf @1 \"%d\\n\" x)");
    P("@var\"x\" a", "(macrocall @x @1 a)");
    P("@views a[1:2]", "(macrocall @views @1 (ref a (call : 1 2)))");
    /* keyword forms */
    P("begin\n a\n b\nend", "(block @2 a @3 b)");
    P("begin a; b end", "(block @1 a @1 b)");
    P("begin end", "(block)");
    P("if a; b elseif c; d else e end", "(if a (block @1 b) (elseif (block @1 c) (block @1 d) (block @1 e)))");
    P("if a\n b\nend", "(if a (block @2 b))");
    P("if a\n b\nelse\n c\nend", "(if a (block @2 b) (block @4 c))");
    P("if a b end", "(if a (block @1 b))");
    P("for i in 1:n\n x\nend", "(for (= i (call : 1 n)) (block @2 x))");
    P("for i = 1:n end", "(for (= i (call : 1 n)) (block))");
    P("for i \xe2""\x88""\x88"" xs end", "(for (= i xs) (block))");
    P("for i in a, j in b\n x\nend", "(for (block (= i a) (= j b)) (block @2 x))");
    P("for (i, x) in enumerate(xs) end", "(for (= (tuple i x) (call enumerate xs)) (block))");
    P("for outer i = 1:3 end", "(for (= (outer i) (call : 1 3)) (block))");
    P("while c\n x\nend", "(while c (block @2 x))");
    P("while c break end", "(while c (block @1 (break)))");
    P("while true continue end", "(while true (block @1 (continue)))");
    P("return", "(return nothing)");
    P("return x", "(return x)");
    P("return x, y", "(return (tuple x y))");
    P("let a = 1, b; body end", "(let (block (= a 1) b) (block @1 body))");
    P("let a = 1; body end", "(let (= a 1) (block @1 body))");
    P("let; body end", "(let (block) (block @1 body))");
    P("let\n x = 1\nend", "(let (block) (block @2 (= x 1)))");
    P("try a catch e b finally c end", "(try (block @1 a) e (block @1 b) (block @1 c))");
    P("try a catch; b end", "(try (block @1 a) false (block @1 b))");
    P("try a finally c end", "(try (block @1 a) false false (block @1 c))");
    P("try a catch e b else d end", "(try (block @1 a) e (block @1 b) false (block @1 d))");
    P("try\n a\ncatch err\n b\nend", "(try (block @2 a) err (block @4 b))");
    P("try\n a\ncatch\n b\nend", "(try (block @2 a) false (block @4 b))");
    P("function f(x) x end", "(function (call f x) (block @1 @1 x))");
    P("function f(x)\n  x+1\nend", "(function (call f x) (block @1 @2 (call + x 1)))");
    P("function f end", "(function f)");
    P("function (x) x end", "(function (tuple x) (block @1 @1 x))");
    P("function (x, y) x end", "(function (tuple x y) (block @1 @1 x))");
    P("function f(x::T) where {T<:Real} x end", "(function (where (call f (:: x T)) (<: T Real)) (block @1 @1 x))");
    P("function f(x)::Int x end", "(function (:: (call f x) Int) (block @1 @1 x))");
    P("function f(x; y=1, kw...) end", "(function (call f (parameters (kw y 1) (... kw)) x) (block @1))");
    P("function (f::F)(x) where F end", "(function (where (call (:: f F) x) F) (block @1))");
    P("function Base.:+(a::P, b::P) end", "(function (call (. Base (qn +)) (:: a P) (:: b P)) (block @1))");
    P("function Base.show(io::IO, x) end", "(function (call (. Base (qn show)) (:: io IO) x) (block @1))");
    P("function f() end", "(function (call f) (block @1))");
    P("macro m(ex) esc(ex) end", "(macro (call m ex) (block @1 @1 (call esc ex)))");
    P("struct P{T} <: A\n x::T\n y\nend", "(struct false (<: (curly P T) A) (block @2 (:: x T) @3 y))");
    P("mutable struct M\n const x::Int\nend", "(struct true M (block @2 (const (:: x Int))))");
    P("struct A end", "(struct false A (block))");
    P("struct A\n x::Int\n A(x) = new(x)\nend", "(struct false A (block @2 (:: x Int) @3 (= (call A x) (block @3 (call new x)))))");
    P("abstract type A <: B end", "(abstract (<: A B))");
    P("abstract type A end", "(abstract A)");
    P("primitive type P 8 end", "(primitive P 8)");
    P("primitive type P <: Integer 16 end", "(primitive (<: P Integer) 16)");
    P("const x = 1", "(const (= x 1))");
    P("const x, y = 1, 2", "(const (= (tuple x y) (tuple 1 2)))");
    P("global x", "(global x)");
    P("global x = 1", "(global (= x 1))");
    P("global x, y", "(global x y)");
    P("global const x = 1", "(global (const (= x 1)))");
    P("const global x = 1", "(const (global (= x 1)))");
    P("local x, y", "(local x y)");
    P("local x = 1", "(local (= x 1))");
    P("export a, b", "(export a b)");
    P("export @m, +", "(export @m +)");
    P("using A", "(using (. A))");
    P("using A, B", "(using (. A) (. B))");
    P("using .M", "(using (. . M))");
    P("using ..M", "(using (. . . M))");
    P("using A.B: f, g", "(using (: (. A B) (. f) (. g)))");
    P("using A.B: @m", "(using (: (. A B) (. @m)))");
    P("import Base: show, +", "(import (: (. Base) (. show) (. +)))");
    P("import ..A: priv", "(import (: (. . . A) (. priv)))");
    P("using M: f as g", "(using (: (. M) (as (. f) g)))");
    P("import A as B", "(import (as (. A) B))");
    P("import A.B", "(import (. A B))");
    P("import Base.+", "(import (. Base +))");
    P("using Base.Iterators: take", "(using (: (. Base Iterators) (. take)))");
    P("module M\nx = 1\nend", "(module true M (block @2 (= x 1)))");
    P("baremodule M end", "(module false M (block))");
    P("module M end", "(module true M (block))");
    P("x === nothing || return", "(|| (call === x nothing) (return nothing))");
    P("isa(x, Int) && return", "(&& (call isa x Int) (return nothing))");
    P("c = a < b ? a : b", "(= c (if (call < a b) a b))");
    P("a ? b :\n c", "(if a b c)");
    /* statements */
    P("i += 1; j -= 1", "(toplevel (+= i 1) (-= j 1))");
    P("a;", "(toplevel a)");
    P("a; b; c", "(toplevel a b c)");
    P("x = 1 # c\n", "(= x 1)");
    P("#= a #= nested =# b =# 1", "1");
    P("\n\n  x  \n\n", "x");
    /* docstrings and toplevel */
    PA("x = 1\ny = 2", "(toplevel @1 (= x 1) @2 (= y 2))");
    PA("x = 1; y = 2", "(toplevel @1 (toplevel (= x 1) (= y 2)))");
    PA("\"doc\"\nf(x) = 1", "(toplevel @1 (macrocall Core.@doc @1 \"doc\" (= (call f x) (block @2 1))))");
    PA("\"doc\"\n\nf(x) = 1", "(toplevel @1 \"doc\" @3 (= (call f x) (block @3 1)))");
    PA("\"\"\"\ndoc\n\"\"\"\nfunction f end", "(toplevel @1 (macrocall Core.@doc @1 \"doc\\n\" (function f)))");
    PA("\"s\"", "(toplevel @1 \"s\")");
    PA("module M\n\"doc\"\nf(x) = x\nend", "(toplevel @1 (module true M (block @2 (macrocall Core.@doc @2 \"doc\" (= (call f x) (block @3 x))))))");
    PA("", "(toplevel)");
    PA("# only a comment\n", "(toplevel)");
    PA("begin\n  x\nend\n", "(toplevel @1 (block @2 x))");
    PA("f(x) =\n  x + 1\n", "(toplevel @1 (= (call f x) (block @1 (call + x 1))))");
    PA("x = [1,\n 2]\ny = 3", "(toplevel @1 (= x (vect 1 2)) @3 (= y 3))");
}

static void test_errors(void)
{
    /* errors and incomplete input */
    P("x = 1 +* 2", "ERR~# Error @ none:1:8\nx = 1 +* 2\n#      \xe2""\x95""\x99"" \xe2""\x94""\x80""\xe2""\x94""\x80"" not a unary operator");
    P("1 2", "ERR~none:1:3\n1 2\n# \xe2""\x95""\x99"" \xe2""\x94""\x80""\xe2""\x94""\x80"" extra tokens after end of expression");
    P("f (x)", "ERR~whitespace is not allowed here");
    P("x ?y : z", "ERR~space required after `?` operator");
    P("x ? y :z", "ERR~space required after `:` in `?` expression");
    P("x ? y: z", "ERR~space required before `:` in `?` expression");
    P("''", "ERR~empty character literal");
    P("'ab'", "ERR~character literal contains multiple characters");
    P(")", "ERR~unexpected `)`");
    P("x = )", "ERR~none:1:5");
    P("\"\\q\"", "ERR~invalid escape sequence");
    P("f(a b)", "ERR~Expected `)`");
    P("[1, 2 3]", "ERR~Expected `]`");
    P("\"$(a, b)\"", "ERR~invalid interpolation syntax");
    P("\"$\"", "ERR~identifier or parenthesized expression expected after $ in string");
    P("var\"x\"y", "ERR~suffix not allowed after var\"...\" syntax");
    P("using A as B", "ERR~`using` with `as` renaming requires a `:` and context module");
    P("let x y end", "ERR~let variables should end in `;` or newline");
    P("try x end", "ERR~try without catch or finally");
    P("a :> b", "ERR~Invalid `:>` found, maybe replace with `>:`");
    P("1:\n2", "ERR~line break after `:` in range expression");
    P("1 --x", "ERR~invalid operator");
    P("x = 1 \xe2""\x98""\x83"" 2", "ERR~none:1:7");
    P("f(x", "INC: \"incomplete: premature end of input\"");
    P("[1 2", "INC: \"incomplete: premature end of input\"");
    P("a ? b", "INC: \"incomplete: premature end of input\"");
    P("\"abc", "INC: \"incomplete: invalid string syntax\"");
    P("\"\"\"abc\n", "INC: \"incomplete: invalid string syntax\"");
    P("'a", "INC: \"incomplete: invalid character literal\"");
    P("`abc", "INC: \"incomplete: invalid \\\"`\\\" syntax\"");
    P("#= abc", "INC: \"incomplete: unterminated multi-line comment #= ... =#\"");
    P("function f()", "INC: \"incomplete: construct requires end\"");
    P("begin", "INC: \"incomplete: construct requires end\"");
    P("if x\n a\n", "INC: \"incomplete: construct requires end\"");
    P("module M", "INC: \"incomplete: construct requires end\"");
    P("f(begin", "INC: \"incomplete: construct requires end\"");
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = (char *)malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = 0;
    fclose(f);
    return s;
}

int main(int argc, char **argv)
{
    pts_bootstrap();
    if (argc == 3 && (strcmp(argv[1], "-e") == 0 || strcmp(argv[1], "-a") == 0)) {
        char *s = parse_to_sexpr(argv[2], argv[1][1] == 'a');
        printf("%s\n", s);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "-f") == 0) {
        size_t len;
        char *src = read_file(argv[2], &len);
        if (!src)
            return 1;
        char *s = parse_to_sexpr_in(src, 1, argv[2]);
        printf("%s\n", s);
        return 0;
    }
    test_shapes();
    test_errors();
    printf("test_parser: %d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
