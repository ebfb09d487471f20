/* test_infer.c: type inference (inference.c) inside the whole runtime (jl_init loads Base): functions are
 * defined from Julia source with jl_eval_string, then their inferred return types, statement types and
 * resolved calls (Expr(:invoke)) are checked, and inference times printed. Linked against every runtime
 * object except the one defining main(). Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int npassed, nfailed;
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) npassed++;                                                            \
        else { nfailed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Evaluates Julia source in Main; 1 if it did not throw. */
static int eval(const char *src)
{
    volatile int ok = 1;
    JL_TRY {
        jl_eval_string(src);
    }
    JL_CATCH {
        ok = 0;
        fprintf(stderr, "error evaluating: %s\n  ", src);
        jl_static_show(stderr, jl_current_exception());
        fputc('\n', stderr);
    }
    return ok;
}

/* The specialization a signature (Julia syntax for a tuple type) dispatches to. */
static jl_method_instance_t *mi_of(const char *tt_src)
{
    jl_value_t *volatile tt = NULL;
    JL_TRY {
        tt = jl_eval_string(tt_src);
    }
    JL_CATCH {
        tt = NULL;
    }
    if (tt == NULL)
        return NULL;
    jl_current_task->world_age = jl_world_counter;
    jl_method_instance_t *mi = jl_method_lookup_by_type(tt, jl_world_counter);
    if (mi == NULL || !jl_is_method(mi->def))
        return mi;
    /* the specialization for exactly tt (dispatch may pick a more general compilation signature) */
    jl_method_t *m = (jl_method_t *)mi->def;
    jl_svec_t *env = jl_emptysvec;
    jl_type_intersection_env(tt, m->sig, &env);
    return jl_specializations_get_linfo(m, tt, env);
}

static jl_value_t *rettype_of(const char *tt_src)
{
    jl_method_instance_t *mi = mi_of(tt_src);
    if (mi == NULL)
        return NULL;
    return jl_infer_return_type(mi, jl_world_counter);
}

static jl_code_info_t *infer(const char *tt_src)
{
    jl_method_instance_t *mi = mi_of(tt_src);
    if (mi == NULL)
        return NULL;
    return jl_type_infer(mi, jl_world_counter);
}

static int is_type(jl_value_t *t, const char *julia_type)
{
    if (t == NULL)
        return 0;
    jl_value_t *want = jl_eval_string(julia_type);
    int ok = jl_types_equal(t, want);
    if (!ok) {
        fprintf(stderr, "  got ");
        jl_static_show(stderr, t);
        fprintf(stderr, ", want %s\n", julia_type);
    }
    return ok;
}

/* Every statement of src that is a call to a generic function was resolved (no dynamic :call left
 * except on builtins and intrinsics). */
static int all_calls_resolved(jl_code_info_t *src)
{
    for (size_t i = 0; i < jl_array_len(src->code); i++) {
        jl_value_t *st = jl_array_ptr_ref(src->code, i);
        if (jl_is_expr(st) && ((jl_expr_t *)st)->head == jl_assign_sym)
            st = jl_exprarg(st, 1);
        if (!jl_is_expr(st) || ((jl_expr_t *)st)->head != jl_call_sym)
            continue;
        jl_value_t *f = jl_exprarg(st, 0);
        if (jl_is_quotenode(f))
            f = ((jl_quotenode_t *)f)->value;
        if (jl_typeis(f, jl_intrinsic_type) || jl_is_builtin(f))
            continue;
        fprintf(stderr, "  unresolved call at %%%zu: ", i + 1);
        jl_static_show(stderr, st);
        fputc('\n', stderr);
        return 0;
    }
    return 1;
}

static int count_invokes(jl_code_info_t *src)
{
    int n = 0;
    for (size_t i = 0; i < jl_array_len(src->code); i++) {
        jl_value_t *st = jl_array_ptr_ref(src->code, i);
        if (jl_is_expr(st) && ((jl_expr_t *)st)->head == jl_assign_sym)
            st = jl_exprarg(st, 1);
        if (jl_is_expr(st) && ((jl_expr_t *)st)->head == jl_invoke_sym)
            n++;
    }
    return n;
}

static int concrete_or_small_union(jl_value_t *t)
{
    if (jl_is_uniontype(t))
        return concrete_or_small_union(((jl_uniontype_t *)t)->a) && concrete_or_small_union(((jl_uniontype_t *)t)->b);
    return jl_is_concrete_type(t);
}

/* No statement of a reachable value is typed Any or abstract (unions of concrete types are fine): the
 * code can be unboxed. */
static int all_concrete(jl_code_info_t *src)
{
    jl_array_t *types = (jl_array_t *)src->ssavaluetypes;
    for (size_t i = 0; i < jl_array_len(types); i++) {
        jl_value_t *st = jl_array_ptr_ref(src->code, i);
        jl_value_t *t = jl_array_ptr_ref(types, i);
        if (jl_is_gotonode(st) || jl_is_gotoifnot(st) || jl_is_returnnode(st) || jl_is_linenode(st) ||
            jl_is_newvarnode(st) || st == jl_nothing || t == jl_bottom_type)
            continue;
        if (jl_is_expr(st) && ((jl_expr_t *)st)->head != jl_call_sym && ((jl_expr_t *)st)->head != jl_invoke_sym &&
            ((jl_expr_t *)st)->head != jl_assign_sym && ((jl_expr_t *)st)->head != jl_new_sym)
            continue;
        if (!concrete_or_small_union(t) && !jl_is_type_type(t)) {
            fprintf(stderr, "  statement %%%zu has type ", i + 1);
            jl_static_show(stderr, t);
            fputc('\n', stderr);
            return 0;
        }
    }
    return 1;
}

static void test_fib(void)
{
    CHECK(eval("fib(n::Int) = n < 2 ? n : fib(n-1) + fib(n-2)"));
    double t0 = now_us();
    jl_code_info_t *src = infer("Tuple{typeof(fib), Int}");
    double t1 = now_us();
    CHECK(src != NULL);
    if (src == NULL)
        return;
    CHECK(is_type(src->rettype, "Int"));
    CHECK(all_calls_resolved(src));
    CHECK(count_invokes(src) >= 5);   /* <, -, fib, -, fib, + */
    CHECK(all_concrete(src));
    CHECK(jl_is_array(src->edges) && jl_array_len((jl_array_t *)src->edges) >= 3);
    printf("  fib(::Int) inferred in %.0f us (with its callees)\n", t1 - t0);
    /* the callee `<`(Int, Int) is an intrinsic call */
    jl_code_info_t *lt = infer("Tuple{typeof(<), Int, Int}");
    CHECK(lt != NULL && is_type(lt->rettype, "Bool"));
    CHECK(eval("fibtest_r = fib(20)"));
    CHECK(eval("fibtest_r == 6765 || error(\"fib(20) wrong\")"));
}

static void test_pisum(void)
{
    CHECK(eval("function pisum()\n sum = 0.0\n for j in 1:500\n sum = 0.0\n for k in 1:10000\n"
               " sum += 1.0/(k*k)\n end\n end\n sum\n end"));
    double t0 = now_us();
    jl_code_info_t *src = infer("Tuple{typeof(pisum)}");
    double t1 = now_us();
    CHECK(src != NULL);
    if (src == NULL)
        return;
    CHECK(is_type(src->rettype, "Float64"));
    CHECK(all_calls_resolved(src));
    /* the slots: sum is Float64, the iteration state slots Union{Nothing, Tuple{Int,Int}} */
    jl_array_t *st = (jl_array_t *)src->slottypes;
    int found_sum = 0;
    for (size_t s = 0; s < jl_array_len(st); s++) {
        jl_sym_t *name = (jl_sym_t *)jl_array_ptr_ref(src->slotnames, s);
        if (strcmp(jl_symbol_name(name), "sum") == 0) {
            found_sum = 1;
            CHECK(is_type(jl_array_ptr_ref(st, s), "Float64"));
        }
        if (strcmp(jl_symbol_name(name), "k") == 0 || strcmp(jl_symbol_name(name), "j") == 0)
            CHECK(is_type(jl_array_ptr_ref(st, s), "Int"));
    }
    CHECK(found_sum);
    CHECK(all_concrete(src));
    printf("  pisum() inferred in %.0f us (with its callees)\n", t1 - t0);
    CHECK(is_type(rettype_of("Tuple{typeof(iterate), UnitRange{Int}, Int}"), "Union{Nothing, Tuple{Int,Int}}"));
    CHECK(is_type(rettype_of("Tuple{typeof(iterate), UnitRange{Int}}"), "Union{Nothing, Tuple{Int,Int}}"));
}

static void test_small(void)
{
    CHECK(eval("inf_a(x) = x isa Int ? x : 0"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_a), Union{Int,String}}"), "Int"));
    CHECK(eval("inf_b(x) = x === nothing ? 0 : x"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_b), Union{Int,Nothing}}"), "Int"));
    CHECK(eval("const INF_C = 3; inf_c() = INF_C + 1"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_c)}"), "Int"));
    CHECK(eval("inf_d(x) = typeof(x)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_d), Float64}"), "Type{Float64}"));
    CHECK(eval("inf_e(x, y) = (x, y)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_e), Int, Float64}"), "Tuple{Int,Float64}"));
    CHECK(eval("struct InfP; a::Int; b::Float64; end; inf_f(p::InfP) = p.b"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_f), InfP}"), "Float64"));
    CHECK(eval("inf_g(x) = throw(ArgumentError(\"no\"))"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_g), Int}"), "Union{}"));
    CHECK(eval("inf_h(x) = x > 0 ? 1 : 2.0"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_h), Int}"), "Union{Int,Float64}"));
    CHECK(eval("inf_even(n) = n == 0 ? true : inf_odd(n - 1); inf_odd(n) = n == 0 ? false : inf_even(n - 1)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_even), Int}"), "Bool"));
    CHECK(eval("function inf_try(x)\n y = 1\n try\n y = x + 1.5\n catch\n y = 0\n end\n y\n end"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_try), Int}"), "Union{Int,Float64}"));
    CHECK(eval("function inf_grow(n)\n t = (1,)\n for i in 1:n\n t = (t,)\n end\n t\n end"));
    jl_value_t *g = rettype_of("Tuple{typeof(inf_grow), Int}");
    CHECK(g != NULL && jl_subtype(jl_eval_string("Tuple{Tuple{Int}}"), g));
    CHECK(eval("inf_sum(xs...) = +(xs...)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_sum), Int, Int}"), "Int"));
    CHECK(eval("inf_nt(x) = Int64(x)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_nt), Int32}"), "Int"));
    CHECK(eval("inf_while(n) = (s = 0; i = 0; while i < n; i += 1; s += i; end; s)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inf_while), Int}"), "Int"));
    CHECK(eval("inf_any(x) = x + 1"));
    jl_value_t *a = rettype_of("Tuple{typeof(inf_any), Any}");
    CHECK(a != NULL && jl_subtype(jl_eval_string("Int"), a));
}

/* A small Base (the real one is tested through ./julia): what the tests above call, defined the way Base
 * defines it, so these tests do not depend on the state of base/. */
static const char *mini_base =
    "baremodule Base\n"
    "using Core.Intrinsics\n"
    "export (:), +, -, *, /, <, <=, >, ==, !, iterate, UnitRange, first, last, convert, error\n"
    "getproperty(x, f::Symbol) = getfield(x, f)\n"
    "(+)(x::Int, y::Int) = add_int(x, y)\n"
    "(-)(x::Int, y::Int) = sub_int(x, y)\n"
    "(*)(x::Int, y::Int) = mul_int(x, y)\n"
    "(<)(x::Int, y::Int) = slt_int(x, y)\n"
    "(<=)(x::Int, y::Int) = sle_int(x, y)\n"
    "(>)(x::Int, y::Int) = slt_int(y, x)\n"
    "(==)(x::Int, y::Int) = eq_int(x, y)\n"
    "(+)(x::Float64, y::Float64) = add_float(x, y)\n"
    "(+)(x::Int, y::Float64) = add_float(sitofp(Float64, x), y)\n"
    "(/)(x::Float64, y::Float64) = div_float(x, y)\n"
    "(/)(x::Float64, y::Int) = x / sitofp(Float64, y)\n"
    "!(x::Bool) = not_int(x)\n"
    "(::Type{Int64})(x::Int32) = sext_int(Int64, x)\n"
    "convert(::Type{T}, x::T) where {T} = x\n"
    "error(s) = throw(ErrorException(s))\n"
    "struct UnitRange{T}\n start::T\n stop::T\n UnitRange{T}(a, b) where {T} = new(convert(T, a), convert(T, b))\n end\n"
    "(:)(a::Int, b::Int) = UnitRange{Int}(a, b)\n"
    "first(r::UnitRange) = r.start\n"
    "last(r::UnitRange) = r.stop\n"
    "function iterate(r::UnitRange)\n r.start <= r.stop || return nothing\n return (r.start, r.start)\n end\n"
    "iterate(r::UnitRange{T}, i) where {T} = i == r.stop ? nothing : (i + 1, i + 1)\n"
    "iterate(t::Tuple, i::Int=1) = (1 <= i) & (i <= nfields(t)) ? (getfield(t, i), i + 1) : nothing\n"
    "(&)(x::Bool, y::Bool) = and_int(x, y)\n"
    "indexed_iterate(t::Tuple, i::Int, state=1) = (getfield(t, i), i + 1)\n"
    "end\n";

/* A base directory holding the real boot.jl and mini_base as Base.jl. */
static void make_mini_base(const char *dir)
{
    char path[4096], cmd[8300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp base/boot.jl '%s/boot.jl'", dir, dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot create %s\n", dir);
    snprintf(path, sizeof path, "%s/Base.jl", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(mini_base, f);
        fclose(f);
    }
}

static void test_invalidation(void)
{
    CHECK(eval("inv_f(x::Int) = 1; inv_g(x) = inv_f(x)"));
    CHECK(is_type(rettype_of("Tuple{typeof(inv_g), Int}"), "Int"));
    jl_method_instance_t *f = mi_of("Tuple{typeof(inv_f), Int}");
    jl_method_instance_t *g = mi_of("Tuple{typeof(inv_g), Int}");
    int found = 0;
    for (size_t i = 0; f && f->backedges && i < jl_array_len(f->backedges); i++)
        found |= jl_array_ptr_ref(f->backedges, i) == (jl_value_t *)g;
    CHECK(found);
    CHECK(eval("inv_f(x::Int) = 2.5"));
    CHECK(is_type(rettype_of("Tuple{typeof(inv_g), Int}"), "Float64"));
    /* a call split over two methods: no :invoke, and the signature is an edge */
    CHECK(eval("u_f(x::Int) = 1; u_f(x::Float64) = 2; u_g(x) = u_f(x)"));
    jl_code_info_t *src = infer("Tuple{typeof(u_g), Union{Int,Float64}}");
    CHECK(src != NULL && is_type(src->rettype, "Int") && count_invokes(src) == 0);
    int tedge = 0;
    for (size_t i = 0; src && i < jl_array_len((jl_array_t *)src->edges); i++)
        tedge |= jl_is_type(jl_array_ptr_ref((jl_array_t *)src->edges, i));
    CHECK(tedge);
}

int main(int argc, char **argv)
{
    int real = argc > 1 && strcmp(argv[1], "--real-base") == 0;
    if (!real) {
        make_mini_base("build/test/unit/infer_base");
        setenv("JULIA_BASE_DIR", "build/test/unit/infer_base", 1);
    }
    else if (getenv("JULIA_BASE_DIR") == NULL) {
        setenv("JULIA_BASE_DIR", "base", 1);
    }
    jl_main_stack_base = __builtin_frame_address(0);
    jl_init();
    if (getenv("INFER_GC_STRESS"))
        jl_gc_set_stress(1);   /* collect at every allocation: finds values inference forgot to root */
    test_fib();
    test_pisum();
    test_small();
    if (!real)
        test_invalidation();
    printf("inference%s: %d passed, %d failed\n", real ? " with the real Base" : "", npassed, nfailed);
    return nfailed != 0;
}
