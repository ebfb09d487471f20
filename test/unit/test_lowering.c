/* test_lowering.c: syntax lowering (macroexpand.c, lowering*.c) inside the whole runtime, without Base:
 * JULIA_BASE_DIR points at a directory holding only boot.jl, so the programs below use Core and its
 * intrinsics. Each program is parsed, expanded, lowered and run; its value is checked. Then random Expr
 * trees are lowered to check that lowering never crashes on malformed input.
 * Linked against every runtime object except the one defining main(). Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int npassed, nfailed;

static jl_value_t *run(const char *src, jl_value_t **err)
{
    jl_value_t *volatile r = NULL;
    *err = NULL;
    JL_TRY {
        r = jl_load_file_string(src, strlen(src), "lowering_test", jl_main_module);
    }
    JL_CATCH {
        *err = jl_current_exception();
    }
    return r;
}

static void expect_int(const char *name, const char *src, long want)
{
    jl_value_t *err;
    jl_value_t *r = run(src, &err);
    if (err == NULL && r != NULL && jl_is_long(r) && jl_unbox_long(r) == want) {
        npassed++;
        return;
    }
    nfailed++;
    fprintf(stderr, "FAIL %s: want %ld, got ", name, want);
    jl_static_show(stderr, err ? err : r);
    fprintf(stderr, "%s\n", err ? " (thrown)" : "");
}

static void expect_error(const char *name, const char *src, const char *msg)
{
    jl_value_t *err;
    jl_value_t *r = run(src, &err);
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    if (err)
        jl_static_show_to(&b, err, 0);
    jl_sbuf_write(&b, "", 1);
    if (err != NULL && strstr(b.data, msg) != NULL) {
        npassed++;
    }
    else {
        nfailed++;
        fprintf(stderr, "FAIL %s: want an error containing \"%s\", got ", name, msg);
        jl_static_show(stderr, err ? err : r);
        fprintf(stderr, "\n");
    }
    jl_sbuf_free(&b);
}

#define P "using Core.Intrinsics\n"

static void programs(void)
{
    /* what lowering needs from Base, defined in Core for these tests */
    expect_int("prelude", "Core.eval(Core, :(convert(::Type{T}, x::T) where {T} = x))\nCore.eval(Core, :(function iterate end))\n1", 1);
    expect_int("straight line", P "x = add_int(1, 2)\nmul_int(x, 10)", 30);
    expect_int("function", P "f(a, b) = add_int(mul_int(a, b), 1)\nf(3, 4)", 13);
    expect_int("recursion", P "fib(n) = slt_int(n, 2) ? n : add_int(fib(sub_int(n, 1)), fib(sub_int(n, 2)))\nfib(20)",
               6765);
    expect_int("while", P "function s(n)\n t = 0; i = 1\n while sle_int(i, n)\n t = add_int(t, i); i = add_int(i, 1)\n end\n t\nend\ns(100)",
               5050);
    expect_int("break continue",
               P "function g()\n i = 0; t = 0\n while true\n i = add_int(i, 1)\n sle_int(10, i) && break\n"
                 " slt_int(i, 5) && continue\n t = add_int(t, i)\n end\n t\nend\ng()",
               35);
    expect_int("if value", P "h(x) = (if slt_int(x, 0) 1 elseif x === 0 2 else 3 end)\nadd_int(mul_int(h(-1), 100), add_int(mul_int(h(0), 10), h(5)))",
               123);
    expect_int("short circuit", P "a = true && (false || 7)\na", 7);
    expect_int("closure", P "function mk(a)\n g(x) = add_int(x, a)\n g\nend\nmk(10)(5)", 15);
    expect_int("boxed capture",
               P "function c()\n n = 0\n inc() = (n = add_int(n, 1))\n inc(); inc(); inc()\n n\nend\nc()", 3);
    expect_int("capture assigned later",
               P "function d()\n x = 1\n f = () -> x\n x = 5\n f()\nend\nd()", 5);
    expect_int("recursive local function",
               P "function r()\n fact(k) = sle_int(k, 1) ? 1 : mul_int(k, fact(sub_int(k, 1)))\n fact(5)\nend\nr()", 120);
    expect_int("nested closures",
               P "function o()\n a = 2\n f = () -> (g = () -> mul_int(a, 21); g())\n f()\nend\no()", 42);
    expect_int("try catch", P "function t(x)\n try\n x && Core.throw(Core.ErrorException(\"e\"))\n 1\n catch e\n 2\n end\nend\nadd_int(mul_int(t(true), 10), t(false))",
               21);
    expect_int("finally", P "fin = 0\nfunction u()\n try\n return 1\n finally\n global fin = 7\n end\nend\nadd_int(u(), fin)", 8);
    expect_int("break through finally",
               P "cnt = 0\nfunction v()\n i = 0\n while true\n i = add_int(i, 1)\n try\n sle_int(3, i) && break\n"
                 " finally\n global cnt = add_int(cnt, 1)\n end\n end\n cnt\nend\nv()",
               3);
    expect_int("catch value", P "e = try Core.throw(7) catch err; err end\ne", 7);
    expect_int("struct", P "struct Pt\n x::Int\n y\nend\np = Pt(3, 4)\nadd_int(getfield(p, :x), getfield(p, 2))", 7);
    expect_int("mutable struct", P "mutable struct M\n a::Int\nend\nm = M(1)\nsetfield!(m, :a, 9)\ngetfield(m, :a)", 9);
    expect_int("inner constructor", P "struct Q\n a::Int\n Q() = new(42)\nend\ngetfield(Q(), :a)", 42);
    expect_int("parametric struct", P "struct W{T}\n a::T\n W(a::T) where {T} = new{T}(a)\nend\ngetfield(W(6), :a)", 6);
    expect_int("let", P "z = 1\nlet z = 2, w = add_int(z, 1)\n mul_int(z, w)\nend", 6);
    expect_int("let scope", P "q = 1\nlet\n q = 5\nend\nq", 1);
    expect_int("optional args", P "op(a, b = 2, c = add_int(b, 1)) = add_int(a, add_int(b, c))\nadd_int(mul_int(op(1), 100), op(1, 1))",
               604);
    expect_int("varargs", P "va(a, xs...) = Core.nfields(xs)\nadd_int(mul_int(va(1, 2, 3), 10), va(1))", 20);
    expect_int("splat", P "sp(a, b, c) = add_int(a, add_int(b, c))\ntt = (1, 2)\nsp(tt..., 10)", 13);
    expect_int("static parameter", P "sz(::Type{T}) where {T} = T === Int ? 1 : 2\nadd_int(mul_int(sz(Int), 10), sz(Bool))", 12);
    expect_int("where in signature", P "wh(x::Array{T,1}) where {T} = 1\nwh(x) = 2\nwh(3)", 2);
    expect_int("anonymous", P "ap(f, x) = f(x)\nap(x -> mul_int(x, 2), 21)", 42);
    expect_int("do block", P "ap2(f, x) = f(x)\nap2(5) do y\n add_int(y, 1)\nend", 6);
    expect_int("callable struct", P "struct Adder\n n::Int\nend\n(a::Adder)(x) = add_int(x, getfield(a, :n))\nAdder(3)(4)", 7);
    expect_int("macro hygiene",
               P "macro sw(a, b)\n Core._expr(:block, Core._expr(:(=), :tmp, Core._expr(:escape, a)),\n"
                 "  Core._expr(:(=), Core._expr(:escape, a), Core._expr(:escape, b)), Core._expr(:(=), Core._expr(:escape, b), :tmp))\nend\n"
                 "tmp = 100\nu1 = 1\nu2 = 2\n@sw u1 u2\nadd_int(tmp, add_int(mul_int(u1, 10), u2))",
               121);
    expect_int("goto", P "function gt()\n i = 0\n @label top\n i = add_int(i, 1)\n slt_int(i, 3) && @goto top\n i\nend\ngt()", 3);
    expect_int("isdefined", P "function idf()\n local z\n a = @isdefined z\n z = 1\n b = @isdefined z\n add_int(a ? 10 : 0, b ? 1 : 0)\nend\nidf()", 1);
    expect_int("quote", P "ex = :(f(x, 1))\nCore.nfields(ex)", 2);
    expect_int("const global", P "const KK = 41\nadd_int(KK, 1)", 42);
    expect_int("global in function", P "gg = 1\nfunction sg()\n global gg = 5\nend\nsg()\ngg", 5);
    expect_int("local in function shadows global", P "lg = 1\nfunction sl()\n lg = 5\n lg\nend\nsl()\nlg", 1);
    expect_int("typed local", P "function tl()\n x::Int = 3\n x\nend\ntl()", 3);
    expect_int("ccall", P "ccall(:abs, Int32, (Int32,), trunc_int(Int32, -5)) === trunc_int(Int32, 5) ? 1 : 0", 1);
    expect_error("break outside loop", "break", "break or continue outside loop");
    expect_error("invalid assignment", "1 = 2", "invalid assignment location");
    expect_error("undefined variable", "nope_not_defined", "nope_not_defined");
    expect_error("dollar outside quote", "$x", "expression outside quote");
}

/* ---------------------------------------------------------------------------------------------- */
/* fuzz: random Exprs must lower (or fail with an exception), never crash */

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *heads[] = {"block", "call", "=", "if", "elseif", "while", "for", "let", "try", "function", "->",
    "macro", "struct", "abstract", "primitive", "tuple", "vect", "hcat", "vcat", "ref", "curly", "where", "string",
    "comparison", "::", "<:", ".", "quote", "$", "...", "kw", "parameters", "local", "global", "const", "return",
    "break", "continue", "&&", "||", "generator", "filter", "flatten", "comprehension", "typed_comprehension", "do",
    "+=", ".=", ".+=", "isdefined", "meta", "escape", "hygienic_scope", "module", "toplevel", "macrocall", "new",
    "splatnew", "foreigncall", "symbolicgoto", "symboliclabel", "static_parameter", "the_exception", "copyast",
    "inert", "outer", "row", "nrow", "ncat", "braces", "thunk", "lambda", "method", "line", "using", "typed_vcat",
    "typed_hcat", "boundscheck", "inbounds", "error", "softscope", "scope-block", "break-block", "tryfinally"};
static const char *atoms[] = {"x", "y", "f", "end", "_", "begin", "ccall", "new", "T", "+", ":", "...", "=", "kw",
    "@inline", "@goto", "@label", "@isdefined", "@eval", "@doc", "@nospecialize", "@__LINE__", "Int"};

static jl_value_t *gen(int depth)
{
    unsigned nh = sizeof(heads) / sizeof(heads[0]), na = sizeof(atoms) / sizeof(atoms[0]);
    if (depth <= 0 || rnd(4) == 0) {
        switch (rnd(8)) {
        case 0: return jl_box_long((int64_t)rnd(5));
        case 1: return jl_cstr_to_string("s");
        case 2: return jl_new_quotenode((jl_value_t *)jl_symbol("q"));
        case 3: return jl_new_linenode(3, (jl_value_t *)jl_symbol("f"));
        case 4: return jl_module_globalref(jl_main_module, jl_symbol("z"));
        case 5: return rnd(2) ? jl_box_ssavalue(2) : jl_box_slotnumber(1);
        default: return (jl_value_t *)jl_symbol(atoms[rnd(na)]);
        }
    }
    jl_expr_t *e = jl_exprn(jl_symbol(heads[rnd(nh)]), 0);
    unsigned n = rnd(5);
    for (unsigned i = 0; i < n; i++)
        jl_expr_push(e, gen(depth - 1));
    return (jl_value_t *)e;
}

static void fuzz(int iters)
{
    volatile int lowered = 0, rejected = 0;
    for (volatile int i = 0; i < iters; i++) {
        jl_value_t *ex = gen(2 + (int)rnd(4));
        JL_TRY {
            jl_value_t *m = jl_macroexpand(ex, jl_main_module, 1);
            jl_lower_thunk(m, jl_main_module, "fuzz", 1);
            lowered++;
        }
        JL_CATCH {
            rejected++;
        }
    }
    /* reaching here without a crash is the test; both outcomes must occur */
    if (lowered > 0 && rejected > 0)
        npassed++;
    else {
        nfailed++;
        fprintf(stderr, "FAIL fuzz: %d lowered, %d rejected\n", lowered, rejected);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* a base directory with only boot.jl: Core without Base */
    char dir[] = "/tmp/jl_lowering_test_XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 1;
    char boot[4096], link[4200];
    if (realpath("base/boot.jl", boot) == NULL) {
        fprintf(stderr, "run from the repository root\n");
        return 1;
    }
    snprintf(link, sizeof(link), "%s/boot.jl", dir);
    if (symlink(boot, link) != 0)
        return 1;
    setenv("JULIA_BASE_DIR", dir, 1);
    jl_init();
    programs();
    fuzz(30000);
    unlink(link);
    rmdir(dir);
    printf("lowering: %d passed, %d failed\n", npassed, nfailed);
    return nfailed != 0;
}
