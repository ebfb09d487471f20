/* test_codegen.c: codegen.c / jitlayers.c / intrinsics_codegen.c on hand-built CodeInfos, inside the runtime
 * (Core, builtins, intrinsics, gf; no Base). Typed code (fib with Expr(:invoke) self calls, Float64 loops,
 * tuples, try/catch) and untyped code (boxed values, generic calls, globals) are compiled through
 * jl_compile_codeinst, run through ci->invoke and ci->specptr, and checked against known results; fib and
 * a pisum-style loop are timed against the same C code. Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdarg.h>

static int npassed, nfailed;
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) npassed++;                                                            \
        else { nfailed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

void jl_codegen_stats(size_t *ncompiled, size_t *nfailed, uint64_t *ns);

/* subsystems that may not be linked yet */
__attribute__((weak)) void jl_init_parser(void) {}
__attribute__((weak)) void jl_init_lowering(void) {}
__attribute__((weak)) jl_value_t *jl_parse_all(const char *t, size_t l, const char *f, int n) { return NULL; }
__attribute__((weak)) jl_value_t *jl_parse_one(const char *t, size_t l, const char *f, int n, size_t *o) { return NULL; }
__attribute__((weak)) jl_value_t *jl_macroexpand(jl_value_t *e, jl_module_t *m, int r) { return e; }
__attribute__((weak)) jl_code_info_t *jl_lower_thunk(jl_value_t *e, jl_module_t *m, const char *f, int l) { return NULL; }

static jl_module_t *testmod;
static jl_module_t *intrinsics_mod;

/* typed CodeInfo per method, returned by the test's inference stand-in below (used only while the real
 * inference.c is not linked) */
#define MAXT 32
static jl_method_t *typed_m[MAXT];
static jl_code_info_t *typed_src[MAXT];
static size_t ntyped;

__attribute__((weak)) jl_code_info_t *jl_type_infer(jl_method_instance_t *mi, size_t world)
{
    for (size_t i = 0; i < ntyped; i++)
        if ((jl_value_t *)typed_m[i] == mi->def)
            return typed_src[i];
    return NULL;
}

/* ---- building code ---- */
static jl_value_t *SSA(intptr_t i) { return jl_box_ssavalue((size_t)i); }
static jl_value_t *SLOT(intptr_t i) { return jl_box_slotnumber((size_t)i); }
static jl_value_t *I(int64_t x) { return jl_box_int64(x); }
static jl_value_t *D(double x) { return jl_box_float64(x); }
static jl_value_t *intr(const char *name) { return jl_get_global(intrinsics_mod, jl_symbol(name)); }
static jl_value_t *core(const char *name) { return jl_get_global(jl_core_module, jl_symbol(name)); }

static jl_value_t *ex(jl_sym_t *head, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    jl_expr_t *e = jl_exprn(head, (size_t)n);
    for (int i = 0; i < n; i++)
        jl_exprargset(e, i, va_arg(ap, jl_value_t *));
    va_end(ap);
    return (jl_value_t *)e;
}
#define CALL(n, ...) ex(jl_call_sym, n, __VA_ARGS__)
#define ASSIGN(slot, rhs) ex(jl_assign_sym, 2, SLOT(slot), rhs)

static jl_array_t *vec(jl_value_t **v, size_t n)
{
    jl_array_t *a = jl_alloc_vec_any(n);
    for (size_t i = 0; i < n; i++)
        jl_array_ptr_set(a, i, v[i]);
    return a;
}

/* stmts terminated by NULL; ssatypes (same length) or NULL for untyped code */
static jl_code_info_t *mkcode(int nargs, const char *slots, jl_value_t **stmts, jl_value_t **ssatypes,
                              jl_value_t **slottypes, jl_value_t *rettype)
{
    jl_code_info_t *src = jl_new_code_info_uninit();
    size_t n = 0;
    while (stmts[n])
        n++;
    src->code = vec(stmts, n);
    src->nargs = nargs;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", slots);
    size_t ns = 0;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        jl_array_grow_end(src->slotnames, 1);
        jl_array_ptr_set(src->slotnames, ns, (jl_value_t *)jl_symbol(tok));
        ns++;
    }
    jl_array_grow_end(src->slotflags, ns);
    memset(jl_array_data(src->slotflags), 0, ns);
    if (ssatypes) {
        src->ssavaluetypes = (jl_value_t *)vec(ssatypes, n);
        src->slottypes = (jl_value_t *)vec(slottypes, ns);
        src->rettype = rettype;
        src->inferred = 1;
    }
    else {
        src->ssavaluetypes = jl_box_long((int64_t)n);
    }
    return src;
}

static jl_value_t *new_function(const char *name)
{
    jl_value_t *f = jl_new_generic_function(jl_symbol(name), testmod);
    jl_set_const(testmod, jl_symbol(name), f);
    return f;
}

static jl_method_t *add_method(jl_value_t *f, int n, jl_value_t **argtypes, jl_code_info_t *lowered,
                               jl_code_info_t *typed)
{
    jl_method_t *m = jl_new_method_uninit(testmod);
    m->name = jl_gf_name(f);
    m->nargs = n + 1;
    jl_value_t *p[8];
    p[0] = jl_typeof(f);
    for (int i = 0; i < n; i++)
        p[i + 1] = argtypes[i];
    m->sig = (jl_value_t *)jl_apply_tuple_type_v(p, (size_t)n + 1);
    m->source = (jl_value_t *)lowered;
    jl_method_table_insert(jl_gf_mtable(f), m);
    jl_current_task->world_age = jl_world_counter;
    if (typed && ntyped < MAXT) {
        typed_m[ntyped] = m;
        typed_src[ntyped++] = typed;
    }
    return m;
}

/* compile `src` for m's signature directly (no inference), return the CodeInstance (NULL if it fell back) */
static jl_code_instance_t *compile_direct(jl_method_t *m, jl_code_info_t *src, jl_value_t *rettype)
{
    jl_method_instance_t *mi = jl_specializations_get_linfo(m, m->sig, jl_emptysvec);
    jl_code_instance_t *ci = jl_new_codeinst_uninit(mi, m->primary_world, JL_MAX_WORLD);
    ci->rettype = rettype;
    ci->inferred = (jl_value_t *)src;
    if (!jl_compile_codeinst(ci, src))
        return NULL;
    jl_mi_cache_insert(mi, ci);
    return ci;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

__attribute__((noipa)) static int64_t c_fib(int64_t n) { return n < 2 ? n : c_fib(n - 1) + c_fib(n - 2); }

__attribute__((noipa)) static double c_pisum(int64_t reps, int64_t n)
{
    double s = 0.0;
    for (int64_t j = 1; j <= reps; j++) {
        s = 0.0;
        for (int64_t k = 1; k <= n; k++)
            s += 1.0 / (double)(k * k);
    }
    return s;
}

#define T(x) ((jl_value_t *)jl_##x##_type)

/* ---- fib(n::Int) = n < 2 ? n : fib(n-1) + fib(n-2), typed with :invoke self calls ---- */
static void test_fib(void)
{
    jl_value_t *fib = new_function("fib");
    jl_value_t *at[1] = {T(int64)};
    jl_method_t *m = add_method(fib, 1, at, NULL, NULL);
    jl_method_instance_t *mi = jl_specializations_get_linfo(m, m->sig, jl_emptysvec);
    jl_value_t *code[] = {
        CALL(3, intr("slt_int"), SLOT(2), I(2)),                 /* 1 */
        jl_new_gotoifnot(SSA(1), 4),                              /* 2 */
        jl_new_returnnode(SLOT(2)),                               /* 3 */
        CALL(3, intr("sub_int"), SLOT(2), I(1)),                  /* 4 */
        ex(jl_invoke_sym, 3, (jl_value_t *)mi, fib, SSA(4)),      /* 5 */
        CALL(3, intr("sub_int"), SLOT(2), I(2)),                  /* 6 */
        ex(jl_invoke_sym, 3, (jl_value_t *)mi, fib, SSA(6)),      /* 7 */
        CALL(3, intr("add_int"), SSA(5), SSA(7)),                 /* 8 */
        jl_new_returnnode(SSA(8)),                                /* 9 */
        NULL};
    jl_value_t *types[] = {T(bool), jl_bottom_type, jl_bottom_type, T(int64), T(int64), T(int64), T(int64),
                           T(int64), jl_bottom_type};
    jl_value_t *stypes[] = {jl_typeof(fib), T(int64)};
    jl_code_info_t *src = mkcode(2, "#self# n", code, types, stypes, T(int64));
    double t0 = now_s();
    jl_code_instance_t *ci = compile_direct(m, src, T(int64));
    double tc = now_s() - t0;
    CHECK(ci != NULL);
    if (!ci)
        return;
    printf("  fib compiled in %.2f ms\n", tc * 1e3);
    CHECK(ci->isspecsig && ci->specptr != NULL);
    jl_value_t *a = jl_box_int64(20);
    jl_value_t *r = ci->invoke(fib, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 6765);
    int64_t (*worker)(int64_t) = (int64_t(*)(int64_t))ci->specptr;   /* i64 -> i64: self dropped */
    CHECK(worker(30) == 832040);
    /* through dispatch */
    a = jl_box_int64(25);
    r = jl_apply_generic(fib, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 75025);
    /* timing against C (best of 5) */
    int64_t n = 32, x = 0, y = 0;
    double tj = 1e9, tcc = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        t0 = now_s();
        x = worker(n);
        double t = now_s() - t0;
        tj = t < tj ? t : tj;
        t0 = now_s();
        y = c_fib(n);
        t = now_s() - t0;
        tcc = t < tcc ? t : tcc;
    }
    CHECK(x == y);
    printf("  fib(%lld): compiled %.1f ms, C %.1f ms, ratio %.2f\n", (long long)n, tj * 1e3, tcc * 1e3, tj / tcc);
}

/* ---- pisum: typed Float64 double loop over slots ---- */
static void test_pisum(void)
{
    jl_value_t *f = new_function("pisum");
    jl_value_t *at[2] = {T(int64), T(int64)};
    jl_method_t *m = add_method(f, 2, at, NULL, NULL);
    /* slots: 1 #self#, 2 reps, 3 n, 4 s, 5 j, 6 k */
    jl_value_t *code[] = {
        ASSIGN(4, D(0.0)),                                          /* 1 */
        ASSIGN(5, I(1)),                                            /* 2 */
        CALL(3, intr("sle_int"), SLOT(5), SLOT(2)),                 /* 3 */
        jl_new_gotoifnot(SSA(3), 20),                               /* 4 */
        ASSIGN(4, D(0.0)),                                          /* 5 */
        ASSIGN(6, I(1)),                                            /* 6 */
        CALL(3, intr("sle_int"), SLOT(6), SLOT(3)),                 /* 7 */
        jl_new_gotoifnot(SSA(7), 17),                               /* 8 */
        CALL(3, intr("mul_int"), SLOT(6), SLOT(6)),                 /* 9 */
        CALL(3, intr("sitofp"), T(float64), SSA(9)),                /* 10 */
        CALL(3, intr("div_float"), D(1.0), SSA(10)),                /* 11 */
        CALL(3, intr("add_float"), SLOT(4), SSA(11)),               /* 12 */
        ASSIGN(4, SSA(12)),                                         /* 13 */
        CALL(3, intr("add_int"), SLOT(6), I(1)),                    /* 14 */
        ASSIGN(6, SSA(14)),                                         /* 15 */
        jl_new_gotonode(7),                                         /* 16 */
        CALL(3, intr("add_int"), SLOT(5), I(1)),                    /* 17 */
        ASSIGN(5, SSA(17)),                                         /* 18 */
        jl_new_gotonode(3),                                         /* 19 */
        jl_new_returnnode(SLOT(4)),                                 /* 20 */
        NULL};
    jl_value_t *F64 = T(float64), *I64 = T(int64), *Bo = T(bool), *N = T(nothing);
    jl_value_t *types[] = {F64, I64, Bo, jl_bottom_type, F64, I64, Bo, jl_bottom_type, I64, F64, F64, F64, F64,
                           I64, I64, jl_bottom_type, I64, I64, jl_bottom_type, jl_bottom_type};
    (void)N;
    jl_value_t *stypes[] = {jl_typeof(f), I64, I64, F64, I64, I64};
    jl_code_info_t *src = mkcode(3, "#self# reps n s j k", code, types, stypes, F64);
    double t0 = now_s();
    jl_code_instance_t *ci = compile_direct(m, src, F64);
    double tc = now_s() - t0;
    CHECK(ci != NULL);
    if (!ci)
        return;
    printf("  pisum compiled in %.2f ms\n", tc * 1e3);
    double (*worker)(int64_t, int64_t) = (double (*)(int64_t, int64_t))ci->specptr;
    double expect = c_pisum(1, 10000);
    CHECK(worker(1, 10000) == expect);
    jl_value_t *args[2] = {jl_box_int64(2), jl_box_int64(1000)};
    jl_value_t *r = ci->invoke(f, args, 2);
    CHECK(jl_is_float64(r) && jl_unbox_float64(r) == c_pisum(1, 1000));
    double x = 0, y = 0, tj = 1e9, tcc = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        t0 = now_s();
        x = worker(500, 10000);
        double t = now_s() - t0;
        tj = t < tj ? t : tj;
        t0 = now_s();
        y = c_pisum(500, 10000);
        t = now_s() - t0;
        tcc = t < tcc ? t : tcc;
    }
    CHECK(x == y);
    printf("  pisum(500, 10000): compiled %.1f ms, C %.1f ms, ratio %.2f\n", tj * 1e3, tcc * 1e3, tj / tcc);
}

/* ---- untyped: sum(n) with boxed slots; the intrinsics go through jl_interp_intrinsic or inline ---- */
static void test_untyped_sum(void)
{
    jl_value_t *f = new_function("usum");
    jl_value_t *at[1] = {T(any)};
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    /* slots: #self# n s i */
    jl_value_t *code[] = {
        ASSIGN(3, I(0)),                                           /* 1 */
        ASSIGN(4, I(1)),                                           /* 2 */
        CALL(3, intr("sle_int"), SLOT(4), SLOT(2)),                /* 3 */
        jl_new_gotoifnot(SSA(3), 10),                              /* 4 */
        CALL(3, intr("add_int"), SLOT(3), SLOT(4)),                /* 5 */
        ASSIGN(3, SSA(5)),                                         /* 6 */
        CALL(3, intr("add_int"), SLOT(4), I(1)),                   /* 7 */
        ASSIGN(4, SSA(7)),                                         /* 8 */
        jl_new_gotonode(3),                                        /* 9 */
        jl_new_returnnode(SLOT(3)),                                /* 10 */
        NULL};
    jl_code_info_t *src = mkcode(2, "#self# n s i", code, NULL, NULL, NULL);
    jl_code_instance_t *ci = compile_direct(m, src, T(any));
    CHECK(ci != NULL);
    if (!ci)
        return;
    jl_value_t *a = jl_box_int64(100);
    jl_value_t *r = ci->invoke(f, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 5050);
    /* an argument of the wrong type: the intrinsic raises an error, caught here */
    if (jl_errorexception_type == NULL)
        return;   /* error types come from boot.jl */
    int caught = 0;
    JL_TRY {
        a = jl_box_float64(1.5);
        ci->invoke(f, &a, 1);
    }
    JL_CATCH {
        caught = 1;
    }
    CHECK(caught);
}

/* ---- untyped with generic calls, builtins, globals, tuples ---- */
static void test_untyped_calls(void)
{
    /* g(x) = (G = tuple(x, x); getfield(G, 2) === x ? typeof(x) : nothing) */
    jl_value_t *f = new_function("ucalls");
    jl_value_t *at[1] = {T(any)};
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    jl_value_t *G = jl_module_globalref(testmod, jl_symbol("G"));
    jl_get_binding_wr(testmod, jl_symbol("G"));
    jl_value_t *code[] = {
        CALL(3, core("tuple"), SLOT(2), SLOT(2)),                  /* 1 */
        ex(jl_assign_sym, 2, G, SSA(1)),                           /* 2 */
        CALL(3, core("getfield"), G, I(2)),                        /* 3 */
        CALL(3, core("==="), SSA(3), SLOT(2)),                     /* 4 */
        jl_new_gotoifnot(SSA(4), 8),                               /* 5 */
        CALL(2, core("typeof"), SLOT(2)),                          /* 6 */
        jl_new_returnnode(SSA(6)),                                 /* 7 */
        jl_new_returnnode(jl_nothing),                             /* 8 */
        NULL};
    jl_code_info_t *src = mkcode(2, "#self# x", code, NULL, NULL, NULL);
    jl_code_instance_t *ci = compile_direct(m, src, T(any));
    CHECK(ci != NULL);
    if (!ci)
        return;
    jl_value_t *a = jl_box_int64(7);
    jl_value_t *r = ci->invoke(f, &a, 1);
    CHECK(r == T(int64));
    jl_value_t *g = jl_get_global(testmod, jl_symbol("G"));
    CHECK(g && jl_is_tuple(g) && jl_unbox_int64(jl_get_nth_field(g, 0)) == 7);
    a = (jl_value_t *)jl_symbol("hello");
    r = ci->invoke(f, &a, 1);
    CHECK(r == T(symbol));
    /* is7(x) = x === 7 (bits compare against a boxed value of unknown type) */
    jl_value_t *is7 = new_function("is7");
    jl_method_t *m2 = add_method(is7, 1, at, NULL, NULL);
    jl_value_t *code2[] = {CALL(3, core("==="), SLOT(2), I(7)), jl_new_returnnode(SSA(1)), NULL};
    ci = compile_direct(m2, mkcode(2, "#self# x", code2, NULL, NULL, NULL), T(any));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *vals[4] = {jl_box_int64(7), jl_box_int64(8), jl_box_int32(7), (jl_value_t *)jl_symbol("s")};
        int expect[4] = {1, 0, 0, 0};
        for (int k = 0; k < 4; k++)
            CHECK(ci->invoke(is7, &vals[k], 1) == (expect[k] ? jl_true : jl_false));
    }
}

/* ---- typed tuple return (unboxed struct), getfield on an unboxed tuple, Bool return ---- */
static void test_tuples(void)
{
    /* swapadd(a::Int, b::Float64) = (t = (b, a + 1); (getfield(t, 2), getfield(t, 1))) */
    jl_value_t *f = new_function("swapadd");
    jl_value_t *at[2] = {T(int64), T(float64)};
    jl_method_t *m = add_method(f, 2, at, NULL, NULL);
    jl_value_t *p1[2] = {T(float64), T(int64)}, *p2[2] = {T(int64), T(float64)};
    jl_value_t *TT1 = (jl_value_t *)jl_apply_tuple_type_v(p1, 2), *TT2 = (jl_value_t *)jl_apply_tuple_type_v(p2, 2);
    jl_value_t *code[] = {
        CALL(3, intr("add_int"), SLOT(2), I(1)),                   /* 1 */
        CALL(3, core("tuple"), SLOT(3), SSA(1)),                   /* 2 */
        CALL(3, core("getfield"), SSA(2), I(2)),                   /* 3 */
        CALL(3, core("getfield"), SSA(2), I(1)),                   /* 4 */
        CALL(3, core("tuple"), SSA(3), SSA(4)),                    /* 5 */
        jl_new_returnnode(SSA(5)),                                 /* 6 */
        NULL};
    jl_value_t *types[] = {T(int64), TT1, T(int64), T(float64), TT2, jl_bottom_type};
    jl_value_t *stypes[] = {jl_typeof(f), T(int64), T(float64)};
    jl_code_info_t *src = mkcode(3, "#self# a b", code, types, stypes, TT2);
    jl_code_instance_t *ci = compile_direct(m, src, TT2);
    CHECK(ci != NULL);
    if (!ci)
        return;
    jl_value_t *args[2] = {jl_box_int64(41), jl_box_float64(2.5)};
    jl_value_t *r = ci->invoke(f, args, 2);
    CHECK(jl_typeof(r) == TT2);
    CHECK(jl_unbox_int64(jl_get_nth_field(r, 0)) == 42 && jl_unbox_float64(jl_get_nth_field(r, 1)) == 2.5);
}

/* ---- try/catch: h(x) = try r = Core.throw(x) catch e; r = (e, e) end; r ---- */
static void test_trycatch(void)
{
    jl_value_t *f = new_function("trycatch");
    jl_value_t *at[1] = {T(any)};
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    /* slots: #self# x r */
    jl_value_t *code[] = {
        ex(jl_enter_sym, 1, I(6)),                                  /* 1 */
        CALL(2, core("throw"), SLOT(2)),                            /* 2 */
        ASSIGN(3, SSA(2)),                                          /* 3 */
        ex(jl_leave_sym, 1, I(1)),                                  /* 4 */
        jl_new_gotonode(10),                                        /* 5 */
        ex(jl_the_exception_sym, 0),                                /* 6 */
        CALL(3, core("tuple"), SSA(6), SSA(6)),                     /* 7 */
        ASSIGN(3, SSA(7)),                                          /* 8 */
        ex(jl_pop_exception_sym, 1, SSA(1)),                        /* 9 */
        jl_new_returnnode(SLOT(3)),                                 /* 10 */
        NULL};
    jl_code_info_t *src = mkcode(2, "#self# x r", code, NULL, NULL, NULL);
    jl_code_instance_t *ci = compile_direct(m, src, T(any));
    CHECK(ci != NULL);
    if (!ci)
        return;
    size_t depth = jl_excstack_depth();
    jl_value_t *a = jl_box_int64(3);
    jl_value_t *r = ci->invoke(f, &a, 1);
    CHECK(r != NULL && jl_is_tuple(r) && jl_get_nth_field(r, 0) == a);
    CHECK(jl_excstack_depth() == depth);
    CHECK(jl_current_task->eh == NULL);
    /* a struct with that field: no exception */
    jl_value_t *p[1] = {T(int64)};
    (void)p;
}

/* ---- mutual recursion through dispatch: iseven/isodd with :invoke, compiled via gf + the inference
 * stand-in; isodd is still being compiled when iseven's body needs it ---- */
static void test_mutual(void)
{
    jl_value_t *ev = new_function("myeven"), *od = new_function("myodd");
    jl_value_t *at[1] = {T(int64)};
    jl_method_t *me = add_method(ev, 1, at, NULL, NULL);
    jl_method_t *mo = add_method(od, 1, at, NULL, NULL);
    jl_method_instance_t *mie = jl_specializations_get_linfo(me, me->sig, jl_emptysvec);
    jl_method_instance_t *mio = jl_specializations_get_linfo(mo, mo->sig, jl_emptysvec);
    /* myeven(n) = n == 0 ? true : myodd(n - 1) ; myodd(n) = n == 0 ? false : myeven(n - 1) */
    jl_value_t *types[] = {T(bool), jl_bottom_type, jl_bottom_type, T(int64), T(bool), jl_bottom_type};
    jl_value_t *code_e[] = {CALL(3, intr("eq_int"), SLOT(2), I(0)), jl_new_gotoifnot(SSA(1), 4),
                            jl_new_returnnode(jl_true), CALL(3, intr("sub_int"), SLOT(2), I(1)),
                            ex(jl_invoke_sym, 3, (jl_value_t *)mio, od, SSA(4)), jl_new_returnnode(SSA(5)), NULL};
    jl_value_t *code_o[] = {CALL(3, intr("eq_int"), SLOT(2), I(0)), jl_new_gotoifnot(SSA(1), 4),
                            jl_new_returnnode(jl_false), CALL(3, intr("sub_int"), SLOT(2), I(1)),
                            ex(jl_invoke_sym, 3, (jl_value_t *)mie, ev, SSA(4)), jl_new_returnnode(SSA(5)), NULL};
    jl_value_t *st_e[] = {jl_typeof(ev), T(int64)}, *st_o[] = {jl_typeof(od), T(int64)};
    typed_m[ntyped] = me;
    typed_src[ntyped++] = mkcode(2, "#self# n", code_e, types, st_e, T(bool));
    typed_m[ntyped] = mo;
    typed_src[ntyped++] = mkcode(2, "#self# n", code_o, types, st_o, T(bool));
    me->source = (jl_value_t *)typed_src[ntyped - 2];
    mo->source = (jl_value_t *)typed_src[ntyped - 1];
    jl_value_t *a = jl_box_int64(1001);
    jl_value_t *r = jl_apply_generic(ev, &a, 1);
    CHECK(r == jl_false);
    a = jl_box_int64(10000);
    r = jl_apply_generic(od, &a, 1);
    CHECK(r == jl_false);
    r = jl_apply_generic(ev, &a, 1);
    CHECK(r == jl_true);
    jl_code_instance_t *ce = mie->cache, *co = mio->cache;
    CHECK(ce && ce->isspecsig && co && co->isspecsig);
}

/* ---- a statement codegen cannot handle falls back (returns 0, no crash) ---- */
static void test_fallback(void)
{
    jl_value_t *f = new_function("unsupported");
    jl_method_t *m = add_method(f, 0, NULL, NULL, NULL);
    jl_value_t *code[] = {ex(jl_symbol("weird_head"), 0), jl_new_returnnode(jl_nothing), NULL};
    jl_code_info_t *src = mkcode(1, "#self#", code, NULL, NULL, NULL);
    CHECK(compile_direct(m, src, T(any)) == NULL);
}

/* ---- :new of a mutable struct and an isbits struct, getfield of a boxed struct ---- */
static void test_new(void)
{
    jl_svec_t *fnames = jl_svec2(jl_symbol("a"), jl_symbol("b"));
    jl_svec_t *ftypes = jl_svec2(T(int64), T(any));
    jl_datatype_t *MS = jl_new_datatype(jl_symbol("MS"), testmod, jl_any_type, jl_emptysvec, fnames, ftypes,
                                        jl_emptysvec, 0, 1, 2);
    jl_set_const(testmod, jl_symbol("MS"), (jl_value_t *)MS);
    jl_value_t *f = new_function("mknew");
    jl_value_t *at[1] = {T(int64)};
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    /* mknew(x::Int) = (s = new(MS, x + 1, :sym); getfield(s, :a)) */
    jl_value_t *code[] = {
        CALL(3, intr("add_int"), SLOT(2), I(1)),                                         /* 1 */
        ex(jl_new_sym, 3, (jl_value_t *)MS, SSA(1), jl_new_quotenode((jl_value_t *)jl_symbol("sym"))), /* 2 */
        CALL(3, core("getfield"), SSA(2), jl_new_quotenode((jl_value_t *)jl_symbol("a"))), /* 3 */
        jl_new_returnnode(SSA(3)),                                                       /* 4 */
        NULL};
    jl_value_t *types[] = {T(int64), (jl_value_t *)MS, T(int64), jl_bottom_type};
    jl_value_t *stypes[] = {jl_typeof(f), T(int64)};
    jl_code_info_t *src = mkcode(2, "#self# x", code, types, stypes, T(int64));
    jl_code_instance_t *ci = compile_direct(m, src, T(int64));
    CHECK(ci != NULL);
    if (!ci)
        return;
    jl_value_t *a = jl_box_int64(99);
    jl_value_t *r = ci->invoke(f, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 100);
}

/* ---- arrays, setfield!, tuple indexing by a run-time Int ---- */
static void test_arrays(void)
{
    jl_value_t *VF = jl_apply_array_type(T(float64), 1);
    jl_value_t *f = new_function("arrsum");
    jl_value_t *at[1] = {VF};
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    /* arrsum(a) = (s = 0.0; for i = 1:length(a); s += a[i]; a[i] = s; end; s + arraysize(a, 1)) */
    jl_value_t *code[] = {
        ASSIGN(3, D(0.0)),                                              /* 1 */
        ASSIGN(4, I(1)),                                                /* 2 */
        CALL(2, intr("arraylen"), SLOT(2)),                             /* 3 */
        CALL(3, intr("sle_int"), SLOT(4), SSA(3)),                      /* 4 */
        jl_new_gotoifnot(SSA(4), 13),                                   /* 5 */
        CALL(4, core("arrayref"), jl_true, SLOT(2), SLOT(4)),           /* 6 */
        CALL(3, intr("add_float"), SLOT(3), SSA(6)),                    /* 7 */
        ASSIGN(3, SSA(7)),                                              /* 8 */
        CALL(5, core("arrayset"), jl_true, SLOT(2), SLOT(3), SLOT(4)),  /* 9 */
        CALL(3, intr("add_int"), SLOT(4), I(1)),                        /* 10 */
        ASSIGN(4, SSA(10)),                                             /* 11 */
        jl_new_gotonode(4),                                             /* 12 */
        CALL(3, core("arraysize"), SLOT(2), I(1)),                      /* 13 */
        CALL(3, intr("sitofp"), T(float64), SSA(13)),                   /* 14 */
        CALL(3, intr("add_float"), SLOT(3), SSA(14)),                   /* 15 */
        jl_new_returnnode(SSA(15)),                                     /* 16 */
        NULL};
    jl_value_t *F64 = T(float64), *I64 = T(int64), *Bo = T(bool), *B0 = jl_bottom_type;
    jl_value_t *types[] = {F64, I64, I64, Bo, B0, F64, F64, F64, VF, I64, I64, B0, I64, F64, F64, B0};
    jl_value_t *stypes[] = {jl_typeof(f), VF, F64, I64};
    jl_code_instance_t *ci = compile_direct(m, mkcode(2, "#self# a s i", code, types, stypes, F64), F64);
    CHECK(ci != NULL);
    if (ci) {
        jl_array_t *a = jl_alloc_array_1d(VF, 4);
        for (int k = 0; k < 4; k++)
            ((double *)jl_array_data(a))[k] = k + 1;
        jl_value_t *arg = (jl_value_t *)a;
        jl_value_t *r = ci->invoke(f, &arg, 1);
        CHECK(jl_is_float64(r) && jl_unbox_float64(r) == 14.0);
        CHECK(((double *)jl_array_data(a))[3] == 10.0 && ((double *)jl_array_data(a))[1] == 3.0);
    }
    /* Vector{Any}: arrayref of boxed elements, arrayset of a boxed value */
    jl_value_t *g = new_function("anyswap");
    jl_value_t *at2[1] = {(jl_value_t *)jl_array_any_type};
    jl_method_t *m2 = add_method(g, 1, at2, NULL, NULL);
    jl_value_t *code2[] = {
        CALL(4, core("arrayref"), jl_false, SLOT(2), I(1)),             /* 1 */
        CALL(4, core("arrayref"), jl_true, SLOT(2), I(2)),              /* 2 */
        CALL(5, core("arrayset"), jl_true, SLOT(2), SSA(2), I(1)),      /* 3 */
        CALL(5, core("arrayset"), jl_true, SLOT(2), SSA(1), I(2)),      /* 4 */
        jl_new_returnnode(SSA(1)),                                      /* 5 */
        NULL};
    jl_value_t *AA = (jl_value_t *)jl_array_any_type;
    jl_value_t *types2[] = {T(any), T(any), AA, AA, B0};
    jl_value_t *stypes2[] = {jl_typeof(g), AA};
    ci = compile_direct(m2, mkcode(2, "#self# a", code2, types2, stypes2, T(any)), T(any));
    CHECK(ci != NULL);
    if (ci) {
        jl_array_t *a = jl_alloc_vec_any(2);
        jl_array_ptr_set(a, 0, jl_symbol("x"));
        jl_array_ptr_set(a, 1, jl_box_int64(12345));
        jl_value_t *arg = (jl_value_t *)a;
        jl_value_t *r = ci->invoke(g, &arg, 1);
        CHECK(r == (jl_value_t *)jl_symbol("x"));
        CHECK(jl_array_ptr_ref(a, 1) == (jl_value_t *)jl_symbol("x") && jl_unbox_int64(jl_array_ptr_ref(a, 0)) == 12345);
    }
    /* 2-d: m2(A::Matrix{Int}, i, j) = (arrayset(true, A, 100, i, j); arrayref(true, A, i, j) + arrayref(true, A, 2, 3)) */
    jl_value_t *MI = jl_apply_array_type(I64, 2);
    jl_value_t *m2f = new_function("m2");
    jl_value_t *atm[3] = {MI, I64, I64};
    jl_method_t *mm = add_method(m2f, 3, atm, NULL, NULL);
    jl_value_t *codem[] = {
        CALL(6, core("arrayset"), jl_true, SLOT(2), I(100), SLOT(3), SLOT(4)), /* 1 */
        CALL(5, core("arrayref"), jl_true, SLOT(2), SLOT(3), SLOT(4)),         /* 2 */
        CALL(5, core("arrayref"), jl_true, SLOT(2), I(2), I(3)),               /* 3 */
        CALL(3, intr("add_int"), SSA(2), SSA(3)),                              /* 4 */
        jl_new_returnnode(SSA(4)),                                             /* 5 */
        NULL};
    jl_value_t *typesm[] = {MI, I64, I64, I64, B0};
    jl_value_t *stypesm[] = {jl_typeof(m2f), MI, I64, I64};
    ci = compile_direct(mm, mkcode(4, "#self# A i j", codem, typesm, stypesm, I64), I64);
    CHECK(ci != NULL);
    if (ci) {
        jl_array_t *A = jl_alloc_array_2d(MI, 2, 3);
        for (int k = 0; k < 6; k++)
            ((int64_t *)jl_array_data(A))[k] = k + 1;
        jl_value_t *margs[3] = {(jl_value_t *)A, jl_box_int64(1), jl_box_int64(2)};
        jl_value_t *r = ci->invoke(m2f, margs, 3);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 106);
        CHECK(((int64_t *)jl_array_data(A))[2] == 100);   /* column-major: (1,2) is element 3 */
    }
    /* tuple indexing: tsum(t::NTuple{3,Int}, i::Int) = getfield(t, i) + getfield(t, 3) */
    jl_value_t *tp[3] = {I64, I64, I64};
    jl_value_t *T3 = (jl_value_t *)jl_apply_tuple_type_v(tp, 3);
    jl_value_t *h = new_function("tidx");
    jl_value_t *at3[2] = {T3, I64};
    jl_method_t *m3 = add_method(h, 2, at3, NULL, NULL);
    jl_value_t *code3[] = {
        CALL(3, core("getfield"), SLOT(2), SLOT(3)),                    /* 1 */
        CALL(3, core("getfield"), SLOT(2), I(3)),                       /* 2 */
        CALL(3, intr("add_int"), SSA(1), SSA(2)),                       /* 3 */
        jl_new_returnnode(SSA(3)),                                      /* 4 */
        NULL};
    jl_value_t *types3[] = {I64, I64, I64, B0};
    jl_value_t *stypes3[] = {jl_typeof(h), T3, I64};
    ci = compile_direct(m3, mkcode(3, "#self# t i", code3, types3, stypes3, I64), I64);
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *targs[2] = {jl_tuple(3, jl_box_int64(10), jl_box_int64(20), jl_box_int64(30)), jl_box_int64(2)};
        jl_value_t *r = ci->invoke(h, targs, 2);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 50);
    }
}

/* ---- ccall: direct C calls with static conversions, and the interpreter's path for unknown types ---- */
static void test_ccall(void)
{
    jl_value_t *f = new_function("cc1");
    jl_value_t *at[2] = {T(string), T(int64)};
    jl_method_t *m = add_method(f, 2, at, NULL, NULL);
    jl_value_t *G_svec = jl_module_globalref(jl_core_module, jl_symbol("svec"));
    jl_value_t *G_apply = jl_module_globalref(jl_core_module, jl_symbol("apply_type"));
    jl_value_t *ptr_u8 = CALL(3, G_apply, jl_module_globalref(jl_core_module, jl_symbol("Ptr")),
                              jl_module_globalref(jl_core_module, jl_symbol("UInt8")));
    jl_value_t *ccall_q = jl_new_quotenode((jl_value_t *)jl_symbol("ccall"));
    /* cc1(s, x) = ccall(:strlen, UInt64, (Ptr{UInt8},), s) + ccall(:labs, Int64, (Int64,), x)  [typed]
     * and ccall(:labs, Int64, (Int64,), y) with y::Any [dynamic] */
    jl_value_t *code[] = {
        ex(jl_foreigncall_sym, 6, jl_new_quotenode((jl_value_t *)jl_symbol("strlen")), T(uint64),
           CALL(2, G_svec, ptr_u8), I(0), ccall_q, SLOT(2)),                                      /* 1 */
        ex(jl_foreigncall_sym, 6, jl_new_quotenode((jl_value_t *)jl_symbol("labs")), T(int64),
           CALL(2, G_svec, T(int64)), I(0), ccall_q, SLOT(3)),                                    /* 2 */
        CALL(2, core("bitcast"), T(int64), SSA(1)),                                               /* 3 (placeholder) */
        jl_new_returnnode(SSA(2)),                                                                /* 4 */
        NULL};
    code[2] = CALL(3, intr("bitcast"), T(int64), SSA(1));
    code[3] = CALL(3, intr("add_int"), SSA(3), SSA(2));
    jl_value_t *code_full[] = {code[0], code[1], code[2], code[3], jl_new_returnnode(SSA(4)), NULL};
    jl_value_t *types[] = {T(uint64), T(int64), T(int64), T(int64), jl_bottom_type};
    jl_value_t *stypes[] = {jl_typeof(f), T(string), T(int64)};
    jl_code_instance_t *ci = compile_direct(m, mkcode(3, "#self# s x", code_full, types, stypes, T(int64)), T(int64));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *args[2] = {jl_cstr_to_string("hello"), jl_box_int64(-37)};
        jl_value_t *r = ci->invoke(f, args, 2);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 42);
    }
    jl_value_t *g = new_function("cc2");
    jl_value_t *at2[1] = {T(any)};
    jl_method_t *m2 = add_method(g, 1, at2, NULL, NULL);
    jl_value_t *code2[] = {
        ex(jl_foreigncall_sym, 6, jl_new_quotenode((jl_value_t *)jl_symbol("labs")), T(int64),
           CALL(2, G_svec, T(int64)), I(0), ccall_q, SLOT(2)),
        jl_new_returnnode(SSA(1)), NULL};
    ci = compile_direct(m2, mkcode(2, "#self# y", code2, NULL, NULL, NULL), T(any));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *a = jl_box_int64(-5);
        jl_value_t *r = ci->invoke(g, &a, 1);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 5);
        a = jl_box_int32(-6);   /* converted by the interpreter's rules */
        r = ci->invoke(g, &a, 1);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 6);
    }
}

/* ---- every intrinsic, compiled, against the interpreter's jl_interp_intrinsic on edge-case values ---- */
static jl_value_t *box_bits(jl_value_t *T, uint64_t lo, uint64_t hi)
{
    uint64_t buf[2] = {lo, hi};
    return jl_new_bits(T, buf);
}

static int call_caught(jl_code_instance_t *ci, jl_value_t *f, jl_value_t **args, int n, jl_value_t **out)
{
    jl_value_t *volatile r = NULL;
    volatile int threw = 0;
    JL_TRY {
        r = ci ? ci->invoke(f, args, (uint32_t)n) : NULL;
    }
    JL_CATCH {
        threw = 1;
    }
    *out = r;
    return threw;
}

static int interp_caught(int id, jl_value_t **args, int n, jl_value_t **out)
{
    jl_value_t *volatile r = NULL;
    volatile int threw = 0;
    JL_TRY {
        r = jl_interp_intrinsic(id, args, (uint32_t)n);
    }
    JL_CATCH {
        threw = 1;
    }
    *out = r;
    return threw;
}

static int nmismatch;

/* compile g(a::A, b::B) = intr(a, b) (or with a constant type first argument) and compare */
static void check_intrinsic(const char *name, jl_value_t *typearg, jl_value_t **argtypes, int n,
                            jl_value_t ***cases, int ncases)
{
    int id = -1;
    for (int k = 0; k < jl_num_intrinsics; k++)
        if (strcmp(jl_intrinsic_names[k], name) == 0)
            id = k;
    if (id < 0)
        return;
    char fname[64];
    snprintf(fname, sizeof(fname), "ieq_%s_%d", name, (int)ntyped + nfailed + npassed);
    jl_value_t *f = new_function(fname);
    jl_method_t *m = add_method(f, n, argtypes, NULL, NULL);
    jl_value_t *call = typearg ? (n == 1 ? CALL(3, intr(name), typearg, SLOT(2)) : NULL)
                               : n == 1 ? CALL(2, intr(name), SLOT(2))
                               : n == 2 ? CALL(3, intr(name), SLOT(2), SLOT(3))
                                        : CALL(4, intr(name), SLOT(2), SLOT(3), SLOT(4));
    jl_value_t *code[] = {call, jl_new_returnnode(SSA(1)), NULL};
    jl_value_t *types[] = {T(any), jl_bottom_type};
    jl_value_t *stypes[4] = {jl_typeof(f), argtypes[0], n > 1 ? argtypes[1] : T(any), n > 2 ? argtypes[2] : T(any)};
    const char *slots = n == 1 ? "#self# a" : n == 2 ? "#self# a b" : "#self# a b c";
    jl_code_instance_t *ci = compile_direct(m, mkcode(n + 1, slots, code, types, stypes, T(any)), T(any));
    CHECK(ci != NULL);
    for (int c = 0; c < ncases; c++) {
        jl_value_t *iargs[4];
        int ni = 0;
        if (typearg)
            iargs[ni++] = typearg;
        for (int k = 0; k < n; k++)
            iargs[ni++] = cases[c][k];
        jl_value_t *r1, *r2;
        int t1 = call_caught(ci, f, cases[c], n, &r1);
        int t2 = interp_caught(id, iargs, ni, &r2);
        int same = t1 == t2 && (t1 || (r1 && r2 && jl_typeof(r1) == jl_typeof(r2) && jl_egal(r1, r2)));
        if (!same && nmismatch++ < 10) {
            fprintf(stderr, "MISMATCH %s case %d: compiled %s ", name, c, t1 ? "threw" : "=");
            if (!t1 && r1) jl_static_show(stderr, r1);
            fprintf(stderr, " interpreter %s ", t2 ? "threw" : "=");
            if (!t2 && r2) jl_static_show(stderr, r2);
            fprintf(stderr, "\n");
        }
        CHECK(same);
    }
}

static void test_intrinsics_equivalence(void)
{
    jl_value_t *int_types[] = {T(int8), T(uint8), T(int16), T(int32), T(uint32), T(int64), T(uint64), T(int128)};
    uint64_t edge[] = {0, 1, 2, 3, 7, 8, 63, 64, 100, ~0ULL, ~0ULL - 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
                       0x7fffffffULL, 0x80000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL, ~6ULL};
    const int nedge = sizeof(edge) / sizeof(edge[0]);
    const char *unary[] = {"neg_int", "not_int", "bswap_int", "ctpop_int", "ctlz_int", "cttz_int"};
    const char *binary[] = {"add_int", "sub_int", "mul_int", "sdiv_int", "udiv_int", "srem_int", "urem_int",
                            "and_int", "or_int", "xor_int", "eq_int", "ne_int", "slt_int", "ult_int", "sle_int",
                            "ule_int", "checked_sadd_int", "checked_uadd_int", "checked_ssub_int",
                            "checked_usub_int", "checked_smul_int", "checked_umul_int", "checked_sdiv_int",
                            "checked_udiv_int", "checked_srem_int", "checked_urem_int", "flipsign_int",
                            "shl_int", "lshr_int", "ashr_int"};
    static jl_value_t *cases1[64][1], *cases2[64 * 64][2];
    jl_value_t **c1[64], **c2[64 * 64];
    for (size_t ti = 0; ti < sizeof(int_types) / sizeof(int_types[0]); ti++) {
        jl_value_t *Tt = int_types[ti];
        for (int i = 0; i < nedge; i++) {
            uint64_t hi = Tt == T(int128) && (edge[i] >> 63) ? ~0ULL : 0;
            cases1[i][0] = box_bits(Tt, edge[i], hi);
            c1[i] = cases1[i];
        }
        jl_value_t *at1[1] = {Tt}, *at2[2] = {Tt, Tt};
        for (size_t k = 0; k < sizeof(unary) / sizeof(unary[0]); k++)
            check_intrinsic(unary[k], NULL, at1, 1, c1, nedge);
        int nc = 0;
        for (int i = 0; i < nedge; i += 2)
            for (int j = 0; j < nedge; j += 1) {
                cases2[nc][0] = cases1[i][0];
                cases2[nc][1] = cases1[j][0];
                c2[nc] = cases2[nc];
                nc++;
            }
        for (size_t k = 0; k < sizeof(binary) / sizeof(binary[0]); k++)
            check_intrinsic(binary[k], NULL, at2, 2, c2, nc);
    }
    /* shifts by a differently typed amount */
    {
        jl_value_t *at[2] = {T(int32), T(uint8)};
        int nc = 0;
        for (int i = 0; i < nedge; i += 3)
            for (int j = 0; j < nedge; j++) {
                cases2[nc][0] = box_bits(T(int32), edge[i], 0);
                cases2[nc][1] = box_bits(T(uint8), edge[j], 0);
                c2[nc] = cases2[nc];
                nc++;
            }
        check_intrinsic("shl_int", NULL, at, 2, c2, nc);
        check_intrinsic("lshr_int", NULL, at, 2, c2, nc);
        check_intrinsic("ashr_int", NULL, at, 2, c2, nc);
    }
    /* floats */
    double fv[] = {0.0, -0.0, 1.0, -1.5, 2.25, 1e300, -1e-300, 3.0e38, 0.1, 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 7.0};
    const int nf = sizeof(fv) / sizeof(fv[0]);
    const char *funary[] = {"neg_float", "abs_float", "ceil_llvm", "floor_llvm", "trunc_llvm", "rint_llvm",
                            "sqrt_llvm", "neg_float_fast"};
    const char *fbinary[] = {"add_float", "sub_float", "mul_float", "div_float", "rem_float", "eq_float",
                             "ne_float", "lt_float", "le_float", "fpiseq", "copysign_float"};
    jl_value_t *ftypes[] = {T(float64), T(float32)};
    for (int ti = 0; ti < 2; ti++) {
        jl_value_t *Ft = ftypes[ti];
        for (int i = 0; i < nf; i++) {
            cases1[i][0] = Ft == T(float64) ? jl_box_float64(fv[i]) : jl_box_float32((float)fv[i]);
            c1[i] = cases1[i];
        }
        jl_value_t *at1[1] = {Ft}, *at2[2] = {Ft, Ft};
        for (size_t k = 0; k < sizeof(funary) / sizeof(funary[0]); k++)
            check_intrinsic(funary[k], NULL, at1, 1, c1, nf);
        int nc = 0;
        for (int i = 0; i < nf; i++)
            for (int j = 0; j < nf; j++) {
                cases2[nc][0] = cases1[i][0];
                cases2[nc][1] = cases1[j][0];
                c2[nc] = cases2[nc];
                nc++;
            }
        for (size_t k = 0; k < sizeof(fbinary) / sizeof(fbinary[0]); k++)
            check_intrinsic(fbinary[k], NULL, at2, 2, c2, nc);
    }
    /* conversions: (T, x) */
    struct { const char *name; jl_value_t *to, *from; } conv[] = {
        {"sext_int", T(int64), T(int8)}, {"zext_int", T(uint64), T(int8)}, {"trunc_int", T(int8), T(int64)},
        {"sext_int", T(int128), T(int64)}, {"trunc_int", T(uint32), T(uint64)}, {"bitcast", T(float64), T(int64)},
        {"bitcast", T(int32), T(float32)}, {"sitofp", T(float64), T(int64)}, {"uitofp", T(float64), T(uint64)},
        {"sitofp", T(float32), T(int32)}, {"fptosi", T(int64), T(float64)}, {"fptoui", T(uint8), T(float32)},
        {"fptrunc", T(float32), T(float64)}, {"fpext", T(float64), T(float32)}};
    for (size_t k = 0; k < sizeof(conv) / sizeof(conv[0]); k++) {
        int nc = 0;
        int isf = conv[k].from == T(float64) || conv[k].from == T(float32);
        for (int i = 0; i < (isf ? nf : nedge); i++) {
            if (isf) {
                double d = fv[i];
                if (strncmp(conv[k].name, "fpto", 4) == 0 && !(d > (strcmp(conv[k].name, "fptoui") ? -100 : -0.5) && d < 200))
                    continue;   /* out of range: undefined in both */
                cases1[nc][0] = conv[k].from == T(float64) ? jl_box_float64(d) : jl_box_float32((float)d);
            }
            else {
                cases1[nc][0] = box_bits(conv[k].from, edge[i], 0);
            }
            c1[nc] = cases1[nc];
            nc++;
        }
        jl_value_t *at1[1] = {conv[k].from};
        check_intrinsic(conv[k].name, conv[k].to, at1, 1, c1, nc);
    }
    /* fma / muladd */
    {
        jl_value_t *at3[3] = {T(float64), T(float64), T(float64)};
        static jl_value_t *cases3[16][3];
        jl_value_t **c3[16];
        double tri[][3] = {{1.5, 2.0, 3.0}, {0.1, 0.2, 0.3}, {-1.0, 0.0, -0.0}, {1e308, 10.0, -1e308}};
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 3; k++)
                cases3[i][k] = jl_box_float64(tri[i][k]);
            c3[i] = cases3[i];
        }
        check_intrinsic("fma_float", NULL, at3, 3, c3, 4);
    }
}

/* ---- isbits unions: Union{Nothing, Tuple{Int, Int}} returned unboxed, kept in a slot, compared with
 * nothing and taken apart, as in a `for` loop over iterate ---- */
static void test_unions(void)
{
    jl_value_t *I64 = T(int64), *B0 = jl_bottom_type;
    jl_value_t *p2[2] = {I64, I64};
    jl_value_t *TT = (jl_value_t *)jl_apply_tuple_type_v(p2, 2);
    jl_value_t *uu[2] = {T(nothing), TT};
    jl_value_t *U = jl_type_union(uu, 2);
    jl_value_t *f = new_function("countdown");
    jl_value_t *at[1] = {I64};
    jl_method_t *mf = add_method(f, 1, at, NULL, NULL);
    /* countdown(k) = k > 0 ? (k, k - 1) : nothing */
    jl_value_t *cf[] = {CALL(3, intr("slt_int"), I(0), SLOT(2)), jl_new_gotoifnot(SSA(1), 6),
                        CALL(3, intr("sub_int"), SLOT(2), I(1)), CALL(3, core("tuple"), SLOT(2), SSA(3)),
                        jl_new_returnnode(SSA(4)), jl_new_returnnode(jl_nothing), NULL};
    jl_value_t *tf[] = {T(bool), B0, I64, TT, B0, B0}, *sf[] = {jl_typeof(f), I64};
    jl_code_instance_t *cif = compile_direct(mf, mkcode(2, "#self# k", cf, tf, sf, U), U);
    CHECK(cif != NULL);
    if (!cif)
        return;
    jl_value_t *a = jl_box_int64(3);
    jl_value_t *r = cif->invoke(f, &a, 1);
    CHECK(jl_typeof(r) == TT && jl_unbox_int64(jl_get_nth_field(r, 1)) == 2);
    a = jl_box_int64(0);
    CHECK(cif->invoke(f, &a, 1) == jl_nothing);
    jl_method_instance_t *mif = jl_specializations_get_linfo(mf, mf->sig, jl_emptysvec);
    /* sumdown(n) = (s = 0; st = countdown(n); while !(st === nothing); s += st[1]; st = countdown(st[2]); end; s) */
    jl_value_t *g = new_function("sumdown");
    jl_method_t *mg = add_method(g, 1, at, NULL, NULL);
    jl_value_t *cg[] = {
        ASSIGN(3, I(0)),                                                  /* 1 */
        ex(jl_invoke_sym, 3, (jl_value_t *)mif, f, SLOT(2)),              /* 2 */
        ASSIGN(4, SSA(2)),                                                /* 3 */
        CALL(3, core("==="), SLOT(4), jl_nothing),                        /* 4 */
        CALL(2, intr("not_int"), SSA(4)),                                 /* 5 */
        jl_new_gotoifnot(SSA(5), 14),                                     /* 6 */
        CALL(3, core("getfield"), SLOT(4), I(1)),                         /* 7 */
        CALL(3, core("getfield"), SLOT(4), I(2)),                         /* 8 */
        CALL(3, intr("add_int"), SLOT(3), SSA(7)),                        /* 9 */
        ASSIGN(3, SSA(9)),                                                /* 10 */
        ex(jl_invoke_sym, 3, (jl_value_t *)mif, f, SSA(8)),               /* 11 */
        ASSIGN(4, SSA(11)),                                               /* 12 */
        jl_new_gotonode(4),                                               /* 13 */
        jl_new_returnnode(SLOT(3)),                                       /* 14 */
        NULL};
    jl_value_t *tg[] = {I64, U, U, T(bool), T(bool), B0, I64, I64, I64, I64, U, U, B0, B0};
    jl_value_t *sg[] = {jl_typeof(g), I64, I64, U};
    jl_code_instance_t *cig = compile_direct(mg, mkcode(2, "#self# n s st", cg, tg, sg, I64), I64);
    CHECK(cig != NULL);
    if (!cig)
        return;
    a = jl_box_int64(100);
    r = cig->invoke(g, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 5050);
    /* typeof / isa on the union, and a union argument passed from boxed */
    jl_value_t *h = new_function("uinfo");
    jl_value_t *ath[1] = {U};
    jl_method_t *mh = add_method(h, 1, ath, NULL, NULL);
    jl_value_t *ch[] = {CALL(2, core("typeof"), SLOT(2)), CALL(3, core("isa"), SLOT(2), T(nothing)),
                        CALL(3, core("tuple"), SSA(1), SSA(2)), jl_new_returnnode(SSA(3)), NULL};
    jl_value_t *th[] = {T(datatype), T(bool), T(any), B0}, *sh[] = {jl_typeof(h), U};
    jl_code_instance_t *cih = compile_direct(mh, mkcode(2, "#self# u", ch, th, sh, T(any)), T(any));
    CHECK(cih != NULL);
    if (cih) {
        jl_value_t *arg = jl_nothing;
        r = cih->invoke(h, &arg, 1);
        CHECK(jl_is_tuple(r) && jl_get_nth_field(r, 0) == T(nothing) && jl_get_nth_field(r, 1) == jl_true);
        arg = jl_tuple(2, jl_box_int64(1), jl_box_int64(2));
        r = cih->invoke(h, &arg, 1);
        CHECK(jl_is_tuple(r) && jl_get_nth_field(r, 0) == TT && jl_get_nth_field(r, 1) == jl_false);
    }
}

/* ---- a widened specialization: static parameters from the arguments at run time ---- */
static void test_runtime_sparams(void)
{
    jl_value_t *f = new_function("sp1");
    jl_tvar_t *tv = jl_new_typevar(jl_symbol("T"), jl_bottom_type, T(any));
    jl_value_t *p[3] = {jl_typeof(f), (jl_value_t *)tv, T(any)};
    jl_value_t *body = (jl_value_t *)jl_apply_tuple_type_v(p, 3);
    jl_method_t *m = jl_new_method_uninit(testmod);
    m->name = jl_gf_name(f);
    m->nargs = 3;
    m->sig = jl_type_unionall(tv, body);
    m->sparam_syms = jl_svec1(jl_symbol("T"));
    jl_method_table_insert(jl_gf_mtable(f), m);
    jl_current_task->world_age = jl_world_counter;
    /* sp1(x::T, y) where T = (T, isdefined(T)) */
    jl_value_t *code[] = {ex(jl_static_parameter_sym, 1, I(1)),
                          ex(jl_isdefined_sym, 1, ex(jl_static_parameter_sym, 1, I(1))),
                          CALL(3, core("tuple"), SSA(1), SSA(2)), jl_new_returnnode(SSA(3)), NULL};
    jl_code_info_t *src = mkcode(3, "#self# x y", code, NULL, NULL, NULL);
    jl_value_t *wp[3] = {jl_typeof(f), T(any), T(any)};
    jl_value_t *wide = (jl_value_t *)jl_apply_tuple_type_v(wp, 3);
    jl_method_instance_t *mi = jl_specializations_get_linfo(m, wide, jl_svec1(tv));
    jl_code_instance_t *ci = jl_new_codeinst_uninit(mi, m->primary_world, JL_MAX_WORLD);
    int ok = jl_compile_codeinst(ci, src);
    CHECK(ok);
    if (ok) {
        jl_value_t *args[2] = {jl_box_float64(1.5), jl_nothing};
        jl_value_t *r = ci->invoke(f, args, 2);
        CHECK(jl_is_tuple(r) && jl_get_nth_field(r, 0) == T(float64) && jl_get_nth_field(r, 1) == jl_true);
        args[0] = (jl_value_t *)jl_symbol("s");
        r = ci->invoke(f, args, 2);
        CHECK(jl_is_tuple(r) && jl_get_nth_field(r, 0) == T(symbol));
    }
}

/* ---- errors raised by compiled code ---- */
static jl_value_t *caught_exception(jl_code_instance_t *ci, jl_value_t *f, jl_value_t **args, int n)
{
    jl_value_t *volatile e = NULL;
    JL_TRY {
        ci->invoke(f, args, (uint32_t)n);
    }
    JL_CATCH {
        e = jl_current_exception();
    }
    return e;
}

static void test_errors(void)
{
    jl_value_t *VI = jl_apply_array_type(T(int64), 1);
    jl_value_t *B0 = jl_bottom_type;
    /* e1(a::Vector{Int}, i::Int) = arrayref(true, a, i) */
    jl_value_t *f1 = new_function("e1");
    jl_value_t *at1[2] = {VI, T(int64)};
    jl_method_t *m1 = add_method(f1, 2, at1, NULL, NULL);
    jl_value_t *c1[] = {CALL(4, core("arrayref"), jl_true, SLOT(2), SLOT(3)), jl_new_returnnode(SSA(1)), NULL};
    jl_value_t *t1[] = {T(int64), B0}, *s1[] = {jl_typeof(f1), VI, T(int64)};
    jl_code_instance_t *ci = compile_direct(m1, mkcode(3, "#self# a i", c1, t1, s1, T(int64)), T(int64));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *args[2] = {(jl_value_t *)jl_alloc_array_1d(VI, 3), jl_box_int64(4)};
        jl_value_t *e = caught_exception(ci, f1, args, 2);
        CHECK(e && jl_typeof(e) == (jl_value_t *)jl_boundserror_type);
        args[1] = jl_box_int64(0);
        e = caught_exception(ci, f1, args, 2);
        CHECK(e && jl_typeof(e) == (jl_value_t *)jl_boundserror_type);
    }
    /* e2(c) = (if c; x = 1; end; x)   -- UndefVarError(:x) when c is false, TypeError when c is not a Bool */
    jl_value_t *f2 = new_function("e2");
    jl_value_t *at2[1] = {T(any)};
    jl_method_t *m2 = add_method(f2, 1, at2, NULL, NULL);
    jl_value_t *c2[] = {jl_new_gotoifnot(SLOT(2), 3), ASSIGN(3, I(1)), jl_new_returnnode(SLOT(3)), NULL};
    ci = compile_direct(m2, mkcode(2, "#self# c x", c2, NULL, NULL, NULL), T(any));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *a = jl_true;
        jl_value_t *r = ci->invoke(f2, &a, 1);
        CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 1);
        a = jl_false;
        jl_value_t *e = caught_exception(ci, f2, &a, 1);
        CHECK(e && jl_typeof(e) == (jl_value_t *)jl_undefvarerror_type &&
              jl_get_nth_field(e, 0) == (jl_value_t *)jl_symbol("x"));
        a = jl_box_int64(1);
        e = caught_exception(ci, f2, &a, 1);
        CHECK(e && jl_typeof(e) == (jl_value_t *)jl_typeerror_type);
    }
    /* e3(x::Int) = checked_sdiv_int(10, x) */
    jl_value_t *f3 = new_function("e3");
    jl_value_t *at3[1] = {T(int64)};
    jl_method_t *m3 = add_method(f3, 1, at3, NULL, NULL);
    jl_value_t *c3[] = {CALL(3, intr("checked_sdiv_int"), I(10), SLOT(2)), jl_new_returnnode(SSA(1)), NULL};
    jl_value_t *t3[] = {T(int64), B0}, *s3[] = {jl_typeof(f3), T(int64)};
    ci = compile_direct(m3, mkcode(2, "#self# x", c3, t3, s3, T(int64)), T(int64));
    CHECK(ci != NULL);
    if (ci) {
        jl_value_t *a = jl_box_int64(0);
        jl_value_t *e = caught_exception(ci, f3, &a, 1);
        CHECK(e && jl_typeof(e) == (jl_value_t *)jl_divideerror_type);
        a = jl_box_int64(3);
        CHECK(jl_unbox_int64(ci->invoke(f3, &a, 1)) == 3);
    }
    CHECK(jl_current_task->eh == NULL);
}

/* ---- output mode: objects through jl_gvar_N slots, the function and its direct callee in the shadow
 * module, and the JIT copy still runs ---- */
#include <llvm-c/Core.h>
static void test_output_mode(void)
{
    jl_options.outputso = "/tmp/test_codegen_unused.so";
    jl_value_t *callee = new_function("outcallee"), *f = new_function("outcaller");
    jl_value_t *at[1] = {T(int64)};
    jl_method_t *mc = add_method(callee, 1, at, NULL, NULL);
    jl_method_t *m = add_method(f, 1, at, NULL, NULL);
    /* outcallee(x) = tuple(x, :tag) ; outcaller(x) = getfield(outcallee(x + 1), 2) === :tag ? x : 0 */
    jl_value_t *p[2] = {T(int64), T(symbol)};
    jl_value_t *TT = (jl_value_t *)jl_apply_tuple_type_v(p, 2);
    jl_value_t *sym = jl_new_quotenode((jl_value_t *)jl_symbol("tag"));
    jl_value_t *code_c[] = {CALL(3, core("tuple"), SLOT(2), sym), jl_new_returnnode(SSA(1)), NULL};
    jl_value_t *types_c[] = {TT, jl_bottom_type};
    jl_value_t *st_c[] = {jl_typeof(callee), T(int64)};
    jl_code_instance_t *cc = compile_direct(mc, mkcode(2, "#self# x", code_c, types_c, st_c, TT), TT);
    CHECK(cc != NULL);
    jl_method_instance_t *mic = jl_specializations_get_linfo(mc, mc->sig, jl_emptysvec);
    jl_value_t *code[] = {
        CALL(3, intr("add_int"), SLOT(2), I(1)),                         /* 1 */
        ex(jl_invoke_sym, 3, (jl_value_t *)mic, callee, SSA(1)),         /* 2 */
        CALL(3, core("getfield"), SSA(2), I(2)),                         /* 3 */
        CALL(3, core("==="), SSA(3), sym),                               /* 4 */
        jl_new_gotoifnot(SSA(4), 7),                                     /* 5 */
        jl_new_returnnode(SLOT(2)),                                      /* 6 */
        jl_new_returnnode(I(0)),                                         /* 7 */
        NULL};
    jl_value_t *types[] = {T(int64), TT, T(symbol), T(bool), jl_bottom_type, jl_bottom_type, jl_bottom_type};
    jl_value_t *st[] = {jl_typeof(f), T(int64)};
    jl_in_compile_hint++;
    jl_code_instance_t *ci = compile_direct(m, mkcode(2, "#self# x", code, types, st, T(int64)), T(int64));
    jl_in_compile_hint--;
    jl_options.outputso = NULL;
    CHECK(ci != NULL);
    if (!ci || !cc)
        return;
    jl_value_t *a = jl_box_int64(5);
    jl_value_t *r = ci->invoke(f, &a, 1);
    CHECK(jl_is_int64(r) && jl_unbox_int64(r) == 5);
    LLVMModuleRef sh = (LLVMModuleRef)jl_get_shadow_module();
    CHECK(sh != NULL);
    CHECK(jl_shadow_ncodeinsts() == 2);   /* the caller (a compile hint) and its direct callee (package code) */
    const char *w0, *w1;
    jl_code_instance_t *s0 = jl_shadow_codeinst(0, &w0, NULL), *s1 = jl_shadow_codeinst(1, &w1, NULL);
    CHECK((s0 == ci && s1 == cc) || (s0 == cc && s1 == ci));
    CHECK(sh && LLVMGetNamedFunction(sh, w0) && !LLVMIsDeclaration(LLVMGetNamedFunction(sh, w0)));
    CHECK(sh && LLVMGetNamedFunction(sh, w1) && !LLVMIsDeclaration(LLVMGetNamedFunction(sh, w1)));
    /* every object reference is a jl_gvar_N slot (declared, filled by the image loader) */
    size_t ngvars = 0, nbad = 0;
    for (LLVMValueRef g = sh ? LLVMGetFirstGlobal(sh) : NULL; g; g = LLVMGetNextGlobal(g)) {
        size_t len;
        const char *name = LLVMGetValueName2(g, &len);
        if (strncmp(name, "jl_gvar_", 8) == 0) {
            ngvars++;
            if (!LLVMIsDeclaration(g) || jl_gvar_object((size_t)atoll(name + 8)) == NULL)
                nbad++;
        }
    }
    CHECK(ngvars >= 1 && nbad == 0);
    if (getenv("JULIA_DUMP_SHADOW") && sh) {
        char *ir = LLVMPrintModuleToString(sh);
        fputs(ir, stderr);
        LLVMDisposeMessage(ir);
    }
}

/* the exception types boot.jl would define (the runtime raises them; without them errors are fatal) */
static void define_exception(const char *name, const char *fields)
{
    jl_svec_t *fn = jl_alloc_svec(0), *ft = jl_alloc_svec(0);
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", fields);
    size_t nf = 0;
    jl_value_t *names[8];
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        names[nf++] = (jl_value_t *)jl_symbol(tok);
    fn = jl_alloc_svec(nf);
    ft = jl_alloc_svec(nf);
    for (size_t i = 0; i < nf; i++) {
        jl_svecset(fn, i, names[i]);
        jl_svecset(ft, i, T(any));
    }
    jl_datatype_t *dt = jl_new_datatype(jl_symbol(name), jl_core_module, jl_exception_type, jl_emptysvec, fn, ft,
                                        jl_emptysvec, 0, 0, (int)nf);
    jl_set_const(jl_core_module, jl_symbol(name), (jl_value_t *)dt);
}

static void define_exceptions(void)
{
    if (jl_get_global(jl_core_module, jl_symbol("ErrorException")))
        return;
    define_exception("ErrorException", "msg");
    define_exception("DivideError", "");
    define_exception("TypeError", "func context expected got");
    define_exception("BoundsError", "a i");
    define_exception("UndefVarError", "var");
    define_exception("UndefRefError", "");
    define_exception("MethodError", "f args world");
    define_exception("InexactError", "func T val");
    define_exception("OverflowError", "msg");
    define_exception("ArgumentError", "msg");
    jl_get_builtin_hooks();
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    jl_main_stack_base = __builtin_frame_address(0);
    jl_gc_init();
    jl_gc_set_stack_base(jl_main_stack_base);
    jl_gc_enable(0);
    jl_init_types();
    jl_init_box_caches();
    jl_init_modules();
    jl_top_module = jl_core_module;
    jl_init_core_module();
    jl_init_tasks(jl_main_stack_base);
    jl_init_gf();
    jl_init_builtins();
    jl_init_intrinsic_functions();
    jl_init_codegen();
    jl_main_module = jl_new_module(jl_Main_sym, NULL);
    jl_main_module->parent = jl_main_module;
    jl_gc_enable(1);
    testmod = jl_new_module(jl_symbol("CodegenTest"), jl_main_module);
    jl_set_const(jl_main_module, jl_symbol("CodegenTest"), (jl_value_t *)testmod);
    intrinsics_mod = (jl_module_t *)jl_get_global(jl_core_module, jl_symbol("Intrinsics"));
    define_exceptions();
    jl_current_task->world_age = jl_world_counter;
    if (!intrinsics_mod) {
        printf("Core.Intrinsics missing\n0 passed, 1 failed\n");
        return 1;
    }
    test_fib();
    jl_current_task->world_age = jl_world_counter;
    test_pisum();
    test_untyped_sum();
    test_untyped_calls();
    test_tuples();
    test_trycatch();
    test_new();
    jl_current_task->world_age = jl_world_counter;
    test_mutual();
    test_fallback();
    test_arrays();
    test_ccall();
    test_intrinsics_equivalence();
    test_errors();
    test_runtime_sparams();
    test_unions();
    test_output_mode();
    size_t nc, nf;
    uint64_t ns;
    jl_codegen_stats(&nc, &nf, &ns);
    printf("  codegen: %zu functions compiled (%.2f ms each on average), %zu fell back\n", nc,
           nc ? (double)ns / 1e6 / (double)nc : 0.0, nf);
    printf("%d passed, %d failed\n", npassed, nfailed);
    return nfailed != 0;
}
