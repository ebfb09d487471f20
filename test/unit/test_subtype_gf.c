/* test_subtype_gf.c: unit tests of subtype.c (subtyping, isa, static parameters, intersection,
 * specificity) and gf.c (method definition, dispatch and its cache, ambiguity, world ages, invalidation,
 * type-valued and callable dispatch, varargs specialization, matching_methods, --trace-compile lines).
 * Bootstraps Core without Base (like test_interp.c): methods are built from hand-written CodeInfos.
 * Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdarg.h>
#include <unistd.h>

static int npass, nfail;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond)                                                                    \
            npass++;                                                                 \
        else {                                                                       \
            nfail++;                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                            \
    } while (0)

/* ---------------------------------------------------------------------------------------------- */
/* Stand-ins for what this test does not link (parser, lowering, init.c) */

void jl_init_lowering(void) {}
void jl_init_parser(void) {}
jl_value_t *jl_parse_all(const char *text, size_t len, const char *filename, int lineno)
{
    jl_error("no parser in this test");
}
jl_value_t *jl_parse_one(const char *text, size_t len, const char *filename, int lineno, size_t *offset)
{
    return NULL;
}
jl_value_t *jl_macroexpand(jl_value_t *expr, jl_module_t *inmodule, int recursive) { return expr; }
jl_code_info_t *jl_lower_thunk(jl_value_t *expr, jl_module_t *inmodule, const char *file, int line)
{
    jl_error("no lowering in this test");
}
JL_DLLEXPORT void jl_exit(int status) { exit(status); }
jl_module_t *jl_core_module, *jl_base_module, *jl_main_module, *jl_top_module;
JL_DLLEXPORT size_t jl_get_world_counter(void) { return jl_world_counter; }
int jl_base_loaded = 1;

/* ---------------------------------------------------------------------------------------------- */
/* Bootstrap */

static jl_datatype_t *exc_type(const char *name, int n, const char *f1, const char *f2, const char *f3, const char *f4)
{
    const char *fs[4] = {f1, f2, f3, f4};
    jl_svec_t *names = jl_alloc_svec(n), *types = jl_alloc_svec(n);
    for (int i = 0; i < n; i++) {
        jl_svecset(names, i, jl_symbol(fs[i]));
        jl_svecset(types, i, jl_any_type);
    }
    jl_datatype_t *dt = jl_new_datatype(jl_symbol(name), jl_core_module, jl_exception_type, jl_emptysvec, names,
                                        types, NULL, 0, 0, n);
    jl_set_const(jl_core_module, jl_symbol(name), (jl_value_t *)dt);
    return dt;
}

static void bootstrap(void)
{
    static char base;
    jl_gc_init();
    jl_gc_set_stack_base(&base);
    jl_gc_enable(0);
    jl_init_types();
    jl_init_box_caches();
    jl_init_modules();
    jl_top_module = jl_core_module;
    jl_init_core_module();
    jl_init_tasks(&base);
    jl_init_gf();
    jl_init_builtins();
    jl_init_intrinsic_functions();
    jl_main_module = jl_new_module(jl_symbol("Main"), NULL);
    jl_main_module->parent = jl_main_module;
    jl_set_const(jl_core_module, jl_symbol("Main"), (jl_value_t *)jl_main_module);
    jl_errorexception_type = exc_type("ErrorException", 1, "msg", 0, 0, 0);
    jl_typeerror_type = exc_type("TypeError", 4, "func", "context", "expected", "got");
    jl_argumenterror_type = exc_type("ArgumentError", 1, "msg", 0, 0, 0);
    jl_methoderror_type = exc_type("MethodError", 3, "f", "args", "world", 0);
    jl_undefvarerror_type = exc_type("UndefVarError", 1, "var", 0, 0, 0);
    jl_boundserror_type = exc_type("BoundsError", 2, "a", "i", 0, 0);
    jl_gc_enable(1);
    jl_current_task->world_age = jl_world_counter;
}

/* ---------------------------------------------------------------------------------------------- */
/* Type construction helpers */

#define A(x) ((jl_value_t *)(x))
static jl_value_t *Int, *Int8T, *Flt, *Str, *Sym, *AnyT, *Integer_, *Number_, *Real_, *Bot;

static jl_tvar_t *tv(const char *n, jl_value_t *lb, jl_value_t *ub) { return jl_new_typevar(jl_symbol(n), lb, ub); }
static jl_tvar_t *tvu(const char *n, jl_value_t *ub) { return tv(n, Bot, ub); }
static jl_value_t *UA(jl_tvar_t *v, jl_value_t *body) { return jl_type_unionall(v, body); }
static jl_value_t *U2(jl_value_t *a, jl_value_t *b)
{
    jl_value_t *ab[2] = {a, b};
    return jl_type_union(ab, 2);
}
static jl_value_t *Tup(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    jl_value_t *p[16];
    for (int i = 0; i < n; i++)
        p[i] = va_arg(ap, jl_value_t *);
    va_end(ap);
    return (jl_value_t *)jl_apply_tuple_type_v(p, (size_t)n);
}
static jl_value_t *Vec(jl_value_t *t) { return jl_apply_array_type(t, 1); }
static jl_value_t *ArrN(jl_value_t *t, jl_value_t *n) { return jl_apply_type2(jl_array_typename->wrapper, t, n); }
static jl_value_t *AbsVec(jl_value_t *t)
{
    return jl_apply_type2(jl_abstractarray_type->name->wrapper, t, jl_box_long(1));
}
static jl_value_t *TypeOf(jl_value_t *t) { return jl_apply_type1((jl_value_t *)jl_type_type_ua, t); }
static jl_value_t *RefT(jl_value_t *t) { return jl_apply_type1(jl_ref_type->name->wrapper, t); }
static jl_value_t *VA(jl_value_t *t, jl_value_t *n) { return jl_wrap_vararg(t, n); }

static int sub(jl_value_t *a, jl_value_t *b) { return jl_subtype(a, b); }
static int teq(jl_value_t *a, jl_value_t *b) { return jl_subtype(a, b) && jl_subtype(b, a); }

static void show(const char *label, jl_value_t *v)
{
    fprintf(stderr, "  %s: ", label);
    jl_static_show(stderr, v);
    fprintf(stderr, "\n");
}

/* ---------------------------------------------------------------------------------------------- */

static void test_basic_subtype(void)
{
    CHECK(sub(Int, Integer_));
    CHECK(sub(Int, AnyT));
    CHECK(!sub(Integer_, Int));
    CHECK(sub(Bot, Int));
    CHECK(sub(Bot, Bot));
    CHECK(!sub(Int, Bot));
    CHECK(sub(Int, U2(Int, Str)));
    CHECK(sub(U2(Int, Int8T), Integer_));
    CHECK(!sub(U2(Int, Str), Integer_));
    CHECK(sub(U2(Int, Str), U2(Str, Number_)));
    CHECK(!sub(Str, Number_));
    CHECK(sub(A(jl_int8_type), Real_));
    CHECK(teq(U2(Int, Str), U2(Str, Int)));
    CHECK(!teq(Int, Integer_));
    /* parametric, invariance */
    CHECK(sub(Vec(Int), AbsVec(Int)));
    CHECK(!sub(Vec(Int), Vec(Integer_)));
    CHECK(!sub(Vec(Integer_), Vec(Int)));
    jl_tvar_t *T = tvu("T", Integer_);
    jl_value_t *VecSubInteger = UA(T, Vec(A(T)));
    CHECK(sub(Vec(Int), VecSubInteger));
    CHECK(sub(Vec(Integer_), VecSubInteger));
    CHECK(!sub(Vec(Str), VecSubInteger));
    CHECK(!sub(VecSubInteger, Vec(Int)));
    jl_tvar_t *T2 = tvu("T", AnyT);
    jl_value_t *VecAll = UA(T2, Vec(A(T2)));
    CHECK(sub(VecSubInteger, VecAll));
    CHECK(!sub(VecAll, VecSubInteger));
    CHECK(sub(VecAll, AbsVec(AnyT)) == 0);
    jl_tvar_t *Ta = tvu("T", AnyT);
    jl_value_t *AbsVecAll = UA(Ta, AbsVec(A(Ta)));
    CHECK(sub(VecAll, AbsVecAll));
    CHECK(sub(Vec(Int), A(jl_array_typename->wrapper)));
    jl_tvar_t *N = tvu("N", AnyT);
    CHECK(sub(Vec(Int), UA(N, ArrN(Int, A(N)))));
    CHECK(!sub(Vec(Str), UA(N, ArrN(Int, A(N)))));
    /* Ref{T} */
    CHECK(!sub(RefT(Int), RefT(Integer_)));
    jl_tvar_t *R = tvu("T", AnyT);
    CHECK(sub(RefT(Int), UA(R, RefT(A(R)))));
    /* nested invariance */
    jl_tvar_t *V = tvu("T", AnyT);
    CHECK(sub(Vec(Vec(Int)), UA(V, Vec(Vec(A(V))))));
    jl_tvar_t *V2 = tvu("T", AnyT);
    CHECK(!sub(Vec(Vec(Int)), Vec(UA(V2, Vec(A(V2))))));
    jl_value_t *VecVecAll = Vec(UA(V2, Vec(A(V2))));
    CHECK(sub(VecVecAll, VecVecAll));
    CHECK(sub(VecVecAll, A(jl_array_typename->wrapper)));
    CHECK(!sub(VecVecAll, Vec(Vec(Int))));
    /* UnionAll with lower bounds */
    jl_tvar_t *L = tv("T", Int, AnyT);
    CHECK(sub(RefT(Integer_), UA(L, RefT(A(L)))));
    CHECK(!sub(RefT(Int8T), UA(L, RefT(A(L)))));
}

static void test_tuples(void)
{
    CHECK(sub(Tup(2, Int, Str), Tup(2, Integer_, AnyT)));
    CHECK(!sub(Tup(1, Int), Tup(2, Int, Int)));
    CHECK(!sub(Tup(2, Int, Int), Tup(1, Int)));
    CHECK(sub(Tup(0), Tup(0)));
    jl_value_t *IntVa = Tup(2, Int, VA(Int, NULL));
    CHECK(sub(Tup(3, Int, Int, Int), IntVa));
    CHECK(sub(Tup(1, Int), IntVa));
    CHECK(!sub(Tup(0), IntVa));
    CHECK(!sub(Tup(2, Int, Str), IntVa));
    CHECK(sub(IntVa, Tup(1, VA(Integer_, NULL))));
    CHECK(!sub(Tup(1, VA(Int, NULL)), IntVa));
    CHECK(sub(IntVa, Tup(1, VA(Int, NULL))));
    CHECK(sub(A(jl_anytuple_type), Tup(1, VA(AnyT, NULL))));
    CHECK(sub(Tup(2, Int, Str), A(jl_anytuple_type)));
    CHECK(!sub(A(jl_anytuple_type), Tup(2, Int, Str)));
    /* NTuple{N, Int} where N, and the value of N */
    jl_tvar_t *N = tvu("N", AnyT);
    jl_value_t *NT = UA(N, Tup(1, VA(Int, A(N))));
    CHECK(sub(Tup(2, Int, Int), NT));
    CHECK(sub(Tup(0), NT));
    CHECK(!sub(Tup(2, Int, Str), NT));
    jl_value_t *env[2] = {NULL, NULL};
    CHECK(jl_subtype_env(Tup(3, Int, Int, Int), NT, env, 1));
    CHECK(env[0] && jl_is_long(env[0]) && jl_unbox_long(env[0]) == 3);
    /* Tuple{Vararg{T}} with a diagonal T */
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *VaT = UA(T, Tup(1, VA(A(T), NULL)));
    CHECK(sub(Tup(2, Int, Int), VaT));
    CHECK(!sub(Tup(2, Int, Flt), VaT));
    /* union distribution */
    CHECK(sub(Tup(1, U2(Int, Str)), U2(Tup(1, Int), Tup(1, Str))));
    CHECK(sub(U2(Tup(1, Int), Tup(1, Str)), Tup(1, U2(Int, Str))));
    CHECK(!sub(Tup(2, U2(Int, Str), U2(Int, Str)), U2(Tup(2, Int, Int), Tup(2, Str, Str))));
    CHECK(sub(Tup(2, U2(Int, Str), Int), U2(Tup(2, Int, Int), Tup(2, Str, Int))));
}

static void test_diagonal_and_env(void)
{
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *TT = UA(T, Tup(2, A(T), A(T)));
    CHECK(sub(Tup(2, Int, Int), TT));
    CHECK(!sub(Tup(2, Int, Str), TT));
    CHECK(!sub(Tup(2, Integer_, Integer_), TT));
    CHECK(sub(TT, Tup(2, AnyT, AnyT)));
    /* T occurs invariantly too: not diagonal */
    jl_tvar_t *S = tvu("T", AnyT);
    jl_value_t *TR = UA(S, Tup(2, A(S), RefT(A(S))));
    CHECK(sub(Tup(2, Int, RefT(Int)), TR));
    CHECK(sub(Tup(2, Int, RefT(Integer_)), TR));
    CHECK(!sub(Tup(2, Str, RefT(Integer_)), TR));
    /* two variables */
    jl_tvar_t *A1 = tvu("T", AnyT), *B1 = tvu("S", AnyT);
    jl_value_t *TS = UA(A1, UA(B1, Tup(2, A(A1), A(B1))));
    jl_value_t *env[2];
    CHECK(jl_subtype_env(Tup(2, Int, Flt), TS, env, 2));
    CHECK(env[0] == Int && env[1] == Flt);
    /* static parameters from invariant positions */
    jl_tvar_t *V = tvu("T", AnyT);
    jl_value_t *VV = UA(V, Tup(1, Vec(A(V))));
    CHECK(jl_subtype_env(Tup(1, Vec(Int)), VV, env, 1) && env[0] == Int);
    /* bounded: where T<:Integer */
    jl_tvar_t *I = tvu("T", Integer_);
    jl_value_t *TI = UA(I, Tup(2, A(I), A(I)));
    CHECK(jl_subtype_env(Tup(2, Int, Int), TI, env, 1) && env[0] == Int);
    CHECK(!jl_subtype_env(Tup(2, Str, Str), TI, env, 1));
    /* Type{T} */
    jl_tvar_t *Y = tvu("T", AnyT);
    jl_value_t *TY = UA(Y, Tup(1, TypeOf(A(Y))));
    CHECK(jl_subtype_env(Tup(1, TypeOf(Int)), TY, env, 1) && env[0] == Int);
    jl_tvar_t *W = tvu("T", AnyT);
    CHECK(jl_subtype_env(Tup(1, TypeOf(Int)), UA(W, Tup(1, A(W))), env, 1) && env[0] == A(jl_datatype_type));
    /* convert(::Type{T}, x::T) where T */
    jl_tvar_t *C = tvu("T", AnyT);
    jl_value_t *conv = UA(C, Tup(2, TypeOf(A(C)), A(C)));
    CHECK(sub(Tup(2, TypeOf(Int), Int), conv));
    CHECK(!sub(Tup(2, TypeOf(Int), Str), conv));
    CHECK(sub(Tup(2, TypeOf(Integer_), Int), conv));
    CHECK(sub(Tup(2, TypeOf(U2(Int, Str)), Int), conv));
}

static jl_value_t *UA2(jl_tvar_t *a, jl_tvar_t *b, jl_value_t *body) { return UA(a, UA(b, body)); }

static void test_more_subtype(void)
{
    jl_tvar_t *T = tvu("T", AnyT), *S = tvu("S", AnyT);
    CHECK(sub(Tup(2, Int, VA(Int, NULL)), UA(T, Tup(1, VA(A(T), NULL)))));
    CHECK(sub(Tup(1, U2(Int, Str)), UA(T, Tup(1, A(T)))));
    CHECK(!sub(Tup(2, U2(Int, Str), Int), UA(T, Tup(2, A(T), A(T)))));
    CHECK(sub(UA(T, Tup(2, A(T), A(T))), UA2(T, S, Tup(2, A(T), A(S)))));
    jl_tvar_t *T1 = tvu("T", AnyT), *S1 = tvu("S", AnyT), *T2 = tvu("T", AnyT);
    CHECK(!sub(UA2(T1, S1, Tup(2, A(T1), A(S1))), UA(T2, Tup(2, A(T2), A(T2)))));
    jl_tvar_t *I = tvu("T", Integer_), *R = tvu("S", Real_);
    CHECK(sub(UA(I, Vec(A(I))), UA(R, Vec(A(R)))));
    CHECK(!sub(UA(R, Vec(A(R))), UA(I, Vec(A(I)))));
    jl_value_t *nothingT = A(jl_nothing_type);
    jl_tvar_t *U = tvu("T", U2(U2(Int, Str), nothingT));
    CHECK(sub(RefT(U2(Int, Str)), UA(U, RefT(A(U)))));
    CHECK(!sub(RefT(U2(Int, Flt)), UA(U, RefT(A(U)))));
    jl_tvar_t *AV = tvu("T", A(jl_abstractarray_type->name->wrapper));
    CHECK(sub(TypeOf(Vec(Int)), UA(AV, TypeOf(A(AV)))));
    CHECK(sub(TypeOf(A(jl_array_typename->wrapper)), UA(AV, TypeOf(A(AV)))));
    CHECK(!sub(TypeOf(Int), UA(AV, TypeOf(A(AV)))));
    jl_tvar_t *T3 = tvu("T", AnyT);
    CHECK(sub(Tup(0), UA(T3, Tup(1, VA(A(T3), NULL)))));
    CHECK(sub(Tup(1, VA(Int, NULL)), UA(T3, Tup(1, VA(A(T3), NULL)))));
    jl_tvar_t *T4 = tvu("T", AnyT), *N4 = tvu("N", AnyT);
    CHECK(sub(Tup(1, Int), UA2(T4, N4, Tup(1, VA(A(T4), A(N4))))));
    CHECK(sub(Tup(2, Int, Int), UA2(N4, T4, Tup(1, VA(A(T4), A(N4))))));
    CHECK(!sub(Tup(2, Int, Int8T), UA2(N4, T4, Tup(1, VA(A(T4), A(N4))))));
    /* values as parameters */
    jl_tvar_t *V = tvu("N", AnyT);
    CHECK(sub(RefT(jl_box_long(1)), UA(V, RefT(A(V)))));
    CHECK(!sub(RefT(jl_box_long(1)), RefT(jl_box_long(2))));
    CHECK(sub(RefT(jl_box_long(1)), RefT(jl_box_long(1))));
    CHECK(!sub(RefT(jl_box_long(1)), RefT(Int)));
    /* unions with variables on the left */
    jl_tvar_t *W = tvu("T", AnyT);
    CHECK(sub(UA(W, Tup(1, U2(Vec(A(W)), A(W)))), Tup(1, AnyT)));
    jl_tvar_t *X = tvu("T", AnyT), *Y = tvu("S", AnyT);
    CHECK(sub(UA(X, Tup(2, RefT(A(X)), A(X))), UA(Y, Tup(2, RefT(A(Y)), AnyT))));
    jl_tvar_t *X2 = tvu("T", AnyT), *Y2 = tvu("S", AnyT);
    CHECK(sub(UA(X2, RefT(Vec(A(X2)))), UA(Y2, RefT(Vec(A(Y2))))));
    /* (jltypes.c's cache compares UnionAll parameters with jl_types_equal, which recurses forever for
     * two different variables: build Ref{Vector{T} where T} once) */
    jl_tvar_t *X3 = tvu("T", AnyT), *Y3 = tvu("T", AnyT);
    jl_value_t *RefVecAll = RefT(UA(Y3, Vec(A(Y3))));
    CHECK(!sub(UA(X3, RefT(Vec(A(X3)))), RefVecAll));
    jl_tvar_t *Y4 = tvu("S", AnyT);
    CHECK(sub(RefVecAll, UA(Y4, RefT(A(Y4)))));
    /* bounds referring to other variables */
    jl_tvar_t *Tb = tvu("T", Integer_);
    jl_tvar_t *Sb = tvu("S", A(Tb));
    CHECK(sub(Tup(2, Int8T, A(jl_int16_type)), UA2(Tb, Sb, Tup(2, A(Tb), A(Sb)))));
    jl_tvar_t *Tc = tvu("T", AnyT);
    jl_tvar_t *Sc = tvu("S", A(Tc));
    CHECK(sub(Tup(2, Int, Int8T), UA2(Tc, Sc, Tup(2, A(Tc), A(Sc)))));
    jl_tvar_t *Td = tvu("T", Number_);
    jl_tvar_t *Sd = tvu("S", A(Td));
    CHECK(!sub(Tup(2, Int, Str), UA2(Td, Sd, Tup(2, A(Td), A(Sd)))));
    /* unions with variables in invariant position */
    jl_value_t *NothingT = A(jl_nothing_type);
    jl_tvar_t *Ua = tvu("T", AnyT);
    CHECK(sub(Vec(U2(Int, NothingT)), UA(Ua, Vec(U2(A(Ua), NothingT)))));
    CHECK(sub(Vec(NothingT), UA(Ua, Vec(U2(A(Ua), NothingT)))));
    CHECK(!sub(Vec(U2(Int, Str)), UA(Ua, Vec(U2(A(Ua), NothingT)))));
    CHECK(sub(RefT(U2(Int, Str)), UA(Ua, RefT(U2(A(Ua), Str)))));
    CHECK(!sub(RefT(U2(Int, Str)), UA(Ua, RefT(U2(A(Ua), Flt)))));
    jl_value_t *uenv[1];
    CHECK(jl_subtype_env(Tup(1, Vec(U2(Int, NothingT))), UA(Ua, Tup(1, Vec(U2(A(Ua), NothingT)))), uenv, 1) &&
          uenv[0] == Int);
    CHECK(jl_subtype_env(Tup(1, Int), UA(Ua, Tup(1, U2(A(Ua), NothingT))), uenv, 1) && uenv[0] == Int);
    CHECK(jl_subtype_env(Tup(1, NothingT), UA(Ua, Tup(1, U2(A(Ua), NothingT))), uenv, 1) &&
          jl_is_typevar(uenv[0]));
    jl_tvar_t *Ra = tvu("T", AnyT), *Rb = tvu("S", AnyT);
    CHECK(sub(UA(Ra, Tup(2, RefT(A(Ra)), A(Ra))), UA(Rb, Tup(2, RefT(A(Rb)), A(Rb)))));
    CHECK(sub(Tup(2, RefT(Integer_), Int), UA(Rb, Tup(2, RefT(A(Rb)), A(Rb)))));
    CHECK(!sub(Tup(2, RefT(Int), Integer_), UA(Rb, Tup(2, RefT(A(Rb)), A(Rb)))));
    /* the same variable object on both sides */
    jl_tvar_t *Z = tvu("T", AnyT);
    CHECK(sub(UA(Z, Vec(A(Z))), UA(Z, Vec(A(Z)))));
    CHECK(teq(UA(Z, Vec(A(Z))), UA(T, Vec(A(T)))));
}

static void test_more_intersection(void)
{
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *r = jl_type_intersection(UA(T, Tup(2, Vec(A(T)), A(T))), Tup(2, Vec(Int), AnyT));
    CHECK(r == Tup(2, Vec(Int), Int));
    jl_tvar_t *R = tvu("T", AnyT);
    CHECK(jl_type_intersection(UA(R, RefT(A(R))), RefT(Int)) == RefT(Int));
    CHECK(jl_type_intersection(Tup(2, Integer_, VA(Integer_, NULL)), Tup(2, Int, Str)) == Bot);
    jl_tvar_t *I = tvu("T", Integer_);
    CHECK(jl_type_intersection(UA(I, TypeOf(A(I))), TypeOf(Int)) == TypeOf(Int));
    CHECK(jl_type_intersection(UA(I, TypeOf(A(I))), TypeOf(Str)) == Bot);
    jl_tvar_t *N = tvu("T", Number_), *J = tvu("T", Integer_);
    r = jl_type_intersection(UA(N, Vec(A(N))), UA(J, Vec(A(J))));
    CHECK(teq(r, UA(J, Vec(A(J)))));
    CHECK(jl_type_intersection(Tup(2, AnyT, Integer_), Tup(2, Number_, AnyT)) == Tup(2, Number_, Integer_));
    CHECK(jl_type_intersection(U2(Int, Vec(Int)), A(jl_densearray_type->name->wrapper)) == Vec(Int));
    jl_tvar_t *K = tvu("T", AnyT);
    r = jl_type_intersection(Tup(1, VA(Int, NULL)), UA(K, Tup(2, A(K), VA(A(K), NULL))));
    CHECK(teq(r, Tup(2, Int, VA(Int, NULL))));
    if (!teq(r, Tup(2, Int, VA(Int, NULL))))
        show("Tuple{Vararg{Int}} ∩ Tuple{T, Vararg{T}}", r);
    /* a method signature against an abstract call type: never empty when they share values */
    jl_tvar_t *M = tvu("T", Real_);
    r = jl_type_intersection(UA(M, Tup(2, A(M), A(M))), Tup(2, Integer_, Number_));
    CHECK(r != Bot);
}

static void test_type_types(void)
{
    CHECK(jl_isa(Int, TypeOf(Int)));
    CHECK(!jl_isa(Int, TypeOf(Integer_)));
    jl_tvar_t *T = tvu("T", Integer_);
    CHECK(jl_isa(Int, UA(T, TypeOf(A(T)))));
    CHECK(!jl_isa(Str, UA(T, TypeOf(A(T)))));
    CHECK(jl_isa(Int, A(jl_datatype_type)));
    CHECK(jl_isa(Int, A(jl_type_type_ua)));
    CHECK(jl_isa(A(jl_array_typename->wrapper), A(jl_unionall_type)));
    CHECK(jl_isa(U2(Int, Str), A(jl_uniontype_type)));
    CHECK(jl_isa(Bot, A(jl_typeofbottom_type)));
    CHECK(jl_isa(Bot, TypeOf(Bot)));
    CHECK(jl_isa(jl_box_long(3), Integer_));
    CHECK(!jl_isa(jl_box_long(3), Str));
    CHECK(jl_isa(jl_box_long(3), U2(Str, Int)));
    CHECK(!jl_isa(jl_box_long(3), TypeOf(Int)));
    CHECK(sub(TypeOf(Int), A(jl_datatype_type)));
    CHECK(!sub(A(jl_datatype_type), TypeOf(Int)));
    CHECK(sub(A(jl_datatype_type), A(jl_type_type_ua)));
    CHECK(sub(TypeOf(Int), A(jl_type_type_ua)));
    CHECK(sub(A(jl_typeofbottom_type), A(jl_type_type_ua)));
    CHECK(sub(A(jl_typeofbottom_type), TypeOf(Bot)));
    CHECK(sub(TypeOf(Int), UA(T, TypeOf(A(T)))));
    CHECK(!sub(TypeOf(Str), UA(T, TypeOf(A(T)))));
    CHECK(!sub(TypeOf(Int), TypeOf(Integer_)));
    CHECK(sub(TypeOf(U2(Int, Str)), A(jl_uniontype_type)));
    CHECK(!sub(TypeOf(Int), A(jl_uniontype_type)));
    CHECK(sub(TypeOf(Vec(Int)), A(jl_datatype_type)));
    CHECK(!sub(A(jl_datatype_type), Integer_));
    /* tuple_isa over values */
    jl_value_t *vals[2] = {jl_box_long(1), Int};
    CHECK(jl_tuple_isa(vals, 2, (jl_datatype_t *)Tup(2, Integer_, TypeOf(Int))));
    CHECK(!jl_tuple_isa(vals, 2, (jl_datatype_t *)Tup(2, Integer_, TypeOf(Str))));
    CHECK(jl_tuple_isa(vals, 2, (jl_datatype_t *)Tup(1, VA(AnyT, NULL))));
    int r = -1;
    CHECK(jl_obvious_subtype(Int, Integer_, &r) && r == 1);
    CHECK(jl_obvious_subtype(Int, Str, &r) && r == 0);
}

static void test_intersection(void)
{
    CHECK(jl_type_intersection(Int, Integer_) == Int);
    CHECK(jl_type_intersection(Integer_, Int) == Int);
    CHECK(jl_type_intersection(Int, Str) == Bot);
    CHECK(jl_type_intersection(Integer_, A(jl_abstractstring_type)) == Bot);
    CHECK(jl_type_intersection(U2(Int, Str), Integer_) == Int);
    CHECK(teq(jl_type_intersection(U2(Int, Str), U2(Str, Flt)), Str));
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *r = jl_type_intersection(UA(T, Vec(A(T))), AbsVec(Int));
    CHECK(r == Vec(Int));
    if (r != Vec(Int))
        show("Vector{T} where T ∩ AbstractVector{Int}", r);
    jl_tvar_t *D = tvu("T", AnyT);
    r = jl_type_intersection(UA(D, Tup(2, A(D), A(D))), Tup(2, Int, Integer_));
    CHECK(r == Tup(2, Int, Int));
    if (r != Tup(2, Int, Int))
        show("Tuple{T,T} ∩ Tuple{Int,Integer}", r);
    CHECK(jl_type_intersection(Tup(2, Int, AnyT), Tup(2, AnyT, Str)) == Tup(2, Int, Str));
    CHECK(jl_type_intersection(Tup(1, VA(Int, NULL)), Tup(2, AnyT, AnyT)) == Tup(2, Int, Int));
    CHECK(jl_type_intersection(Tup(1, VA(Int, NULL)), Tup(2, AnyT, Str)) == Bot);
    CHECK(jl_type_intersection(Tup(1, Int), Tup(2, Int, Int)) == Bot);
    CHECK(jl_type_intersection(Vec(Int), Vec(Integer_)) == Bot);
    CHECK(jl_type_intersection(TypeOf(Int), A(jl_datatype_type)) == TypeOf(Int));
    CHECK(jl_type_intersection(TypeOf(Int), Integer_) == Bot);
    CHECK(jl_has_empty_intersection(Int, Str));
    CHECK(!jl_has_empty_intersection(Integer_, Int));
    jl_tvar_t *E = tvu("T", AnyT);
    jl_value_t *sig = UA(E, Tup(2, A(E), A(E)));
    jl_svec_t *env = NULL;
    r = jl_type_intersection_env(Tup(2, Int, Integer_), sig, &env);
    CHECK(r == Tup(2, Int, Int));
    CHECK(env && jl_svec_len(env) == 1 && jl_svecref(env, 0) == Int);
    jl_tvar_t *F = tvu("T", Number_);
    sig = UA(F, Tup(1, Vec(A(F))));
    r = jl_type_intersection_env(Tup(1, AbsVec(Int)), sig, &env);
    CHECK(r == Tup(1, Vec(Int)));
    CHECK(env && jl_svec_len(env) == 1 && jl_svecref(env, 0) == Int);
    r = jl_type_intersection_env(Tup(1, AbsVec(Str)), sig, &env);
    CHECK(r == Bot);
    /* abstract argument against a bounded variable: keeps the variable */
    jl_tvar_t *G = tvu("T", AnyT);
    sig = UA(G, Tup(1, A(G)));
    r = jl_type_intersection_env(Tup(1, Integer_), sig, &env);
    CHECK(r == Tup(1, Integer_));
}

static void test_specificity(void)
{
    jl_value_t *ms;
    CHECK(jl_type_morespecific(Tup(1, Int), Tup(1, Integer_)));
    CHECK(jl_type_morespecific(Tup(1, Integer_), Tup(1, AnyT)));
    CHECK(!jl_type_morespecific(Tup(1, AnyT), Tup(1, Int)));
    CHECK(!jl_type_morespecific(Tup(2, Int, AnyT), Tup(2, AnyT, Int)));
    CHECK(!jl_type_morespecific(Tup(2, AnyT, Int), Tup(2, Int, AnyT)));
    CHECK(jl_type_morespecific(Tup(2, Int, Int), Tup(2, Int, AnyT)));
    CHECK(!jl_type_morespecific(Tup(1, Int), Tup(1, Str)));
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *TT = UA(T, Tup(2, A(T), A(T)));
    CHECK(jl_type_morespecific(TT, Tup(2, AnyT, AnyT)));
    jl_tvar_t *N = tvu("T", Number_);
    jl_value_t *TN = UA(N, Tup(2, A(N), A(N)));
    CHECK(jl_type_morespecific(TN, TT));
    jl_tvar_t *V = tvu("T", AnyT);
    ms = UA(V, Tup(1, Vec(A(V))));
    CHECK(jl_type_morespecific(Tup(1, Vec(Int)), ms));
    CHECK(jl_type_morespecific(ms, Tup(1, A(jl_array_typename->wrapper))) ||
          jl_type_morespecific(ms, Tup(1, AbsVec(AnyT))) == 0);
    jl_tvar_t *Aa = tvu("T", AnyT), *Nn = tvu("N", AnyT);
    jl_value_t *absarr = UA(Aa, UA(Nn, Tup(1, jl_apply_type2(jl_abstractarray_type->name->wrapper, A(Aa), A(Nn)))));
    CHECK(jl_type_morespecific(ms, absarr));
    CHECK(jl_type_morespecific(Tup(1, TypeOf(Int)), Tup(1, A(jl_datatype_type))));
    CHECK(!jl_type_morespecific(Tup(1, A(jl_datatype_type)), Tup(1, TypeOf(Int))));
    CHECK(jl_type_morespecific(Tup(1, U2(Str, Sym)), Tup(1, AnyT)));
    CHECK(jl_type_morespecific(Tup(2, Int, VA(Int, NULL)), Tup(1, VA(Int, NULL))));
    CHECK(jl_type_morespecific(Tup(2, Int, Int), Tup(2, Int, VA(Int, NULL))));
    /* Int vs a union containing it, non-subtype related tuple elements */
    CHECK(jl_type_morespecific(Tup(2, Int, Int), Tup(2, U2(Int, Str), AnyT)));
    CHECK(!jl_type_morespecific(Tup(2, Int, AnyT), Tup(2, Integer_, Int)));
    CHECK(!jl_type_morespecific(Tup(2, Integer_, Int), Tup(2, Int, AnyT)));
    /* Vector{<:Integer} is more specific than AbstractVector{Int} (Julia's answer) */
    jl_tvar_t *I = tvu("T", Integer_);
    CHECK(jl_type_morespecific(Tup(1, UA(I, Vec(A(I)))), Tup(1, AbsVec(Int))));
    CHECK(!jl_type_morespecific(Tup(1, AbsVec(Int)), Tup(1, UA(I, Vec(A(I))))));
    /* convert(::Type{T}, x) where T<:Number  vs  convert(::Type{T}, x::T) where T */
    jl_tvar_t *Cn = tvu("T", Number_), *Ca = tvu("T", AnyT);
    jl_value_t *cnum = UA(Cn, Tup(2, TypeOf(A(Cn)), AnyT));
    jl_value_t *cany = UA(Ca, Tup(2, TypeOf(A(Ca)), A(Ca)));
    CHECK(jl_type_morespecific(cnum, cany));
    CHECK(!jl_type_morespecific(cany, cnum));
    /* a variable is not more specific than Any */
    jl_tvar_t *Tv = tvu("T", AnyT);
    CHECK(!jl_type_morespecific(UA(Tv, Tup(2, A(Tv), Int)), Tup(2, AnyT, Int)) ||
          jl_subtype(UA(Tv, Tup(2, A(Tv), Int)), Tup(2, AnyT, Int)));
}

/* ---------------------------------------------------------------------------------------------- */
/* Methods from hand-written bodies */

static jl_value_t *lnn(int line)
{
    jl_value_t *v = jl_new_struct(jl_linenumbernode_type, jl_box_long(line), (jl_value_t *)jl_symbol("test.jl"));
    return v;
}

/* A method body `return val` with nargs argument slots (including #self#). */
static jl_code_info_t *const_body(jl_value_t *val, int nargs, int isva)
{
    jl_code_info_t *ci = jl_new_code_info_uninit();
    for (int i = 0; i < nargs; i++) {
        char buf[16];
        snprintf(buf, sizeof(buf), i == 0 ? "#self#" : "a%d", i);
        jl_array_ptr_1d_push(ci->slotnames, (jl_value_t *)jl_symbol(buf));
        if (ci->slotflags) {
            jl_array_grow_end(ci->slotflags, 1);
            ((uint8_t *)jl_array_data(ci->slotflags))[i] = 0;
        }
    }
    jl_array_ptr_1d_push(ci->code, jl_new_returnnode(val));
    if (ci->codelocs) {
        jl_array_grow_end(ci->codelocs, 1);
        ((int32_t *)jl_array_data(ci->codelocs))[0] = 0;
    }
    ci->ssavaluetypes = jl_box_long(1);
    ci->nargs = nargs;
    ci->isva = (uint8_t)isva;
    return ci;
}

static jl_method_t *defm(jl_value_t *f, jl_svec_t *types, jl_svec_t *tvars, jl_value_t *result)
{
    size_t n = jl_svec_len(types);
    jl_svec_t *at = jl_alloc_svec(n + 1);
    jl_svecset(at, 0, jl_typeof(f));
    for (size_t i = 0; i < n; i++)
        jl_svecset(at, i + 1, jl_svecref(types, i));
    int isva = n > 0 && jl_is_vararg(jl_svecref(types, n - 1));
    jl_svec_t *argdata = jl_svec(3, at, tvars ? tvars : jl_emptysvec, lnn(1));
    return jl_method_def(argdata, const_body(result, (int)n + 1, isva), jl_main_module);
}

static jl_value_t *S(const char *s) { return jl_cstr_to_string(s); }

static jl_value_t *newfunc(const char *name)
{
    jl_value_t *f = jl_new_generic_function(jl_symbol(name), jl_main_module);
    jl_set_const(jl_main_module, jl_symbol(name), f);
    return f;
}

static jl_value_t *call(jl_value_t *f, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    jl_value_t *a[8];
    for (int i = 0; i < n; i++)
        a[i] = va_arg(ap, jl_value_t *);
    va_end(ap);
    jl_current_task->world_age = jl_world_counter;
    return jl_apply_generic(f, a, (uint32_t)n);
}

/* Returns the string result of the call, "MethodError", or "error". */
static const char *callstr(jl_value_t *f, int n, jl_value_t *a0, jl_value_t *a1)
{
    static char buf[64];
    jl_value_t *volatile res = NULL;
    jl_value_t *volatile exc = NULL;
    JL_TRY {
        res = n == 1 ? call(f, 1, a0) : n == 2 ? call(f, 2, a0, a1) : call(f, 0);
    }
    JL_CATCH {
        exc = jl_current_exception();
    }
    if (exc)
        return jl_typeis(exc, jl_methoderror_type) ? "MethodError" : "error";
    if (res && jl_is_string(res)) {
        snprintf(buf, sizeof(buf), "%s", jl_string_data(res));
        return buf;
    }
    return "?";
}

static jl_svec_t *sv1(jl_value_t *a) { return jl_svec1(a); }
static jl_svec_t *sv2(jl_value_t *a, jl_value_t *b) { return jl_svec2(a, b); }

static void test_dispatch_basic(void)
{
    jl_value_t *f = newfunc("f");
    defm(f, sv1(AnyT), NULL, S("any"));
    CHECK(strcmp(callstr(f, 1, jl_box_long(1), NULL), "any") == 0);
    CHECK(strcmp(callstr(f, 1, jl_box_long(1), NULL), "any") == 0);  /* cache hit */
    defm(f, sv1(Integer_), NULL, S("integer"));
    CHECK(strcmp(callstr(f, 1, jl_box_long(1), NULL), "integer") == 0);  /* new method changes dispatch */
    defm(f, sv1(Int), NULL, S("int"));
    defm(f, sv1(Number_), NULL, S("number"));
    defm(f, sv1(A(jl_abstractfloat_type)), NULL, S("float"));
    defm(f, sv1(U2(Str, Sym)), NULL, S("text"));
    CHECK(strcmp(callstr(f, 1, jl_box_long(1), NULL), "int") == 0);
    CHECK(strcmp(callstr(f, 1, jl_box_int8(1), NULL), "integer") == 0);
    CHECK(strcmp(callstr(f, 1, jl_box_float64(1.0), NULL), "float") == 0);
    CHECK(strcmp(callstr(f, 1, S("s"), NULL), "text") == 0);
    CHECK(strcmp(callstr(f, 1, (jl_value_t *)jl_symbol("s"), NULL), "text") == 0);
    CHECK(strcmp(callstr(f, 1, jl_box_char(0x63000000), NULL), "any") == 0);
    CHECK(strcmp(callstr(f, 1, jl_nothing, NULL), "any") == 0);
    CHECK(strcmp(callstr(f, 2, jl_nothing, jl_nothing), "MethodError") == 0);
    CHECK(jl_array_len(jl_gf_mtable(f)->defs) == 6);
    /* ambiguity */
    jl_value_t *g = newfunc("g");
    defm(g, sv2(Int, AnyT), NULL, S("int-any"));
    defm(g, sv2(AnyT, Int), NULL, S("any-int"));
    CHECK(strcmp(callstr(g, 2, jl_box_long(1), S("x")), "int-any") == 0);
    CHECK(strcmp(callstr(g, 2, S("x"), jl_box_long(1)), "any-int") == 0);
    CHECK(strcmp(callstr(g, 2, jl_box_long(1), jl_box_long(2)), "MethodError") == 0);
    defm(g, sv2(Int, Int), NULL, S("int-int"));
    CHECK(strcmp(callstr(g, 2, jl_box_long(1), jl_box_long(2)), "int-int") == 0);
    CHECK(strcmp(callstr(g, 2, jl_box_long(1), S("x")), "int-any") == 0);
    /* diagonal methods */
    jl_value_t *h = newfunc("h");
    defm(h, sv2(AnyT, AnyT), NULL, S("generic"));
    jl_tvar_t *T = tvu("T", AnyT);
    defm(h, sv2(A(T), A(T)), sv1(A(T)), S("same"));
    jl_tvar_t *TN = tvu("T", Number_);
    defm(h, sv2(A(TN), A(TN)), sv1(A(TN)), S("same number"));
    CHECK(strcmp(callstr(h, 2, jl_box_long(1), jl_box_long(2)), "same number") == 0);
    CHECK(strcmp(callstr(h, 2, S("a"), S("b")), "same") == 0);
    CHECK(strcmp(callstr(h, 2, jl_box_long(1), S("b")), "generic") == 0);
    CHECK(strcmp(callstr(h, 2, jl_box_long(1), jl_box_float64(2.0)), "generic") == 0);
    CHECK(strcmp(callstr(h, 2, Int, Flt), "same") == 0);  /* T = DataType */
    CHECK(strcmp(callstr(h, 2, Int, U2(Int, Str)), "generic") == 0);
    /* parametric */
    jl_value_t *k = newfunc("k");
    defm(k, sv1(Vec(Int)), NULL, S("vec int"));
    jl_tvar_t *VT = tvu("T", AnyT);
    defm(k, sv1(UA(VT, Vec(A(VT)))), NULL, S("vec"));
    jl_tvar_t *AT = tvu("T", AnyT), *AN = tvu("N", AnyT);
    defm(k, sv1(UA(AT, UA(AN, jl_apply_type2(jl_abstractarray_type->name->wrapper, A(AT), A(AN))))), NULL,
         S("array"));
    jl_value_t *vi = (jl_value_t *)jl_alloc_array_1d(Vec(Int), 1);
    jl_value_t *vf = (jl_value_t *)jl_alloc_array_1d(Vec(Flt), 1);
    jl_value_t *mi = (jl_value_t *)jl_alloc_array_2d(ArrN(Int, jl_box_long(2)), 1, 1);
    CHECK(strcmp(callstr(k, 1, vi, NULL), "vec int") == 0);
    CHECK(strcmp(callstr(k, 1, vf, NULL), "vec") == 0);
    CHECK(strcmp(callstr(k, 1, mi, NULL), "array") == 0);
    CHECK(strcmp(callstr(k, 1, jl_box_long(1), NULL), "MethodError") == 0);
}


static void test_static_params_and_types(void)
{
    /* sp(x::Vector{T}) where T = T */
    jl_value_t *sp = newfunc("sp");
    jl_tvar_t *T = tvu("T", AnyT);
    jl_value_t *spx = (jl_value_t *)jl_expr(jl_static_parameter_sym, 1, jl_box_long(1));
    defm(sp, sv1(Vec(A(T))), sv1(A(T)), spx);
    jl_value_t *vi = (jl_value_t *)jl_alloc_array_1d(Vec(Int), 0);
    jl_value_t *r = call(sp, 1, vi);
    CHECK(r == Int);
    jl_value_t *vs = (jl_value_t *)jl_alloc_array_1d(Vec(Str), 0);
    CHECK(call(sp, 1, vs) == Str);
    /* dispatch on type values: tv(::Type{Int}), tv(::Type{T}) where T<:Integer, tv(x) */
    jl_value_t *tf = newfunc("tf");
    defm(tf, sv1(AnyT), NULL, S("any"));
    defm(tf, sv1(TypeOf(Int)), NULL, S("Type{Int}"));
    jl_tvar_t *I = tvu("T", Integer_);
    defm(tf, sv1(TypeOf(A(I))), sv1(A(I)), S("Type{<:Integer}"));
    defm(tf, sv1(A(jl_datatype_type)), NULL, S("DataType"));
    CHECK(strcmp(callstr(tf, 1, Int, NULL), "Type{Int}") == 0);
    CHECK(strcmp(callstr(tf, 1, jl_box_long(1), NULL), "any") == 0);
    CHECK(strcmp(callstr(tf, 1, Int8T, NULL), "Type{<:Integer}") == 0);
    CHECK(strcmp(callstr(tf, 1, Str, NULL), "DataType") == 0);
    CHECK(strcmp(callstr(tf, 1, U2(Int, Str), NULL), "any") == 0);
    CHECK(strcmp(callstr(tf, 1, U2(Str, Int), NULL), "any") == 0);  /* a fresh, equal union: interned key */
    jl_tvar_t *TI2 = tvu("T", Integer_);
    jl_value_t *UAI = UA(TI2, TypeOf(A(TI2)));
    CHECK(strcmp(callstr(tf, 1, UAI, NULL), "any") == 0);
    CHECK(strcmp(callstr(tf, 1, UAI, NULL), "any") == 0);
    CHECK(strcmp(callstr(tf, 1, Int, NULL), "Type{Int}") == 0);
    /* a method on ::Any called with a type: specialized on Type, not Type{Int} */
    jl_value_t *ta = newfunc("ta");
    defm(ta, sv1(AnyT), NULL, S("x"));
    jl_value_t *args[2] = {ta, Int};
    jl_method_instance_t *mi = jl_method_lookup(args, 2, jl_world_counter);
    CHECK(mi && jl_tparam(mi->specTypes, 1) == A(jl_type_type_ua));
    /* constructors: methods of Type{X}, dispatched by the callee value */
    jl_svec_t *at = jl_svec2(TypeOf(Int8T), AnyT);
    jl_method_def(jl_svec(3, at, jl_emptysvec, lnn(2)), const_body(S("Int8 ctor"), 2, 0), jl_main_module);
    jl_tvar_t *C = tvu("T", Integer_);
    jl_svec_t *at2 = jl_svec2(TypeOf(A(C)), Str);
    jl_method_def(jl_svec(3, at2, jl_svec1(C), lnn(3)), const_body(S("Integer ctor"), 2, 0), jl_main_module);
    jl_current_task->world_age = jl_world_counter;
    jl_value_t *a1 = jl_box_long(5);
    r = jl_apply_generic(Int8T, &a1, 1);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "Int8 ctor") == 0);
    jl_value_t *a2 = S("5");
    r = jl_apply_generic(Int, &a2, 1);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "Integer ctor") == 0);
    CHECK(strcmp(callstr(Int8T, 1, a2, NULL), "MethodError") == 0);  /* ambiguous, as in Julia */
    CHECK(strcmp(callstr(A(jl_int16_type), 1, a2, NULL), "Integer ctor") == 0);
    CHECK(strcmp(callstr(Str, 1, a2, NULL), "MethodError") == 0);
    /* callable struct */
    jl_datatype_t *P = jl_new_datatype(jl_symbol("P"), jl_main_module, jl_any_type, jl_emptysvec, jl_emptysvec,
                                       jl_emptysvec, NULL, 0, 0, 0);
    jl_set_const(jl_main_module, jl_symbol("P"), (jl_value_t *)P);
    jl_value_t *p = jl_new_struct(P);
    jl_svec_t *at3 = jl_svec2(P, Int);
    jl_method_def(jl_svec(3, at3, jl_emptysvec, lnn(4)), const_body(S("called P"), 2, 0), jl_main_module);
    jl_current_task->world_age = jl_world_counter;
    jl_value_t *a3 = jl_box_long(1);
    r = jl_call(p, &a3, 1);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "called P") == 0);
    /* builtins through jl_call */
    jl_value_t *tup = jl_get_global(jl_core_module, jl_symbol("tuple"));
    jl_value_t *ta2[2] = {jl_box_long(1), jl_box_long(2)};
    r = jl_call(tup, ta2, 2);
    CHECK(r && jl_is_tuple(r));
}

static void test_varargs(void)
{
    jl_value_t *v = newfunc("v");
    defm(v, sv1(VA(AnyT, NULL)), NULL, S("va"));
    CHECK(strcmp(callstr(v, 0, NULL, NULL), "va") == 0);
    CHECK(strcmp(callstr(v, 2, jl_box_long(1), S("x")), "va") == 0);
    jl_value_t *args[6] = {v, jl_box_long(1), jl_box_long(2), jl_box_long(3), jl_box_long(4), jl_box_long(5)};
    jl_method_instance_t *mi = jl_method_lookup(args, 6, jl_world_counter);
    CHECK(mi != NULL);
    if (mi) {
        jl_value_t *want = Tup(3, jl_typeof(v), Int, VA(Int, NULL));
        CHECK(mi->specTypes == want);
        if (mi->specTypes != want)
            show("vararg specTypes", mi->specTypes);
    }
    jl_value_t *r = jl_apply_generic(v, &args[1], 5);
    CHECK(jl_is_string(r));
    jl_value_t *args2[4] = {v, jl_box_long(1), S("a"), jl_box_long(3)};
    mi = jl_method_lookup(args2, 4, jl_world_counter);
    CHECK(mi && mi->specTypes == Tup(3, jl_typeof(v), Int, VA(AnyT, NULL)));
    /* a vararg with a typed element and a fixed prefix */
    jl_value_t *w = newfunc("w");
    defm(w, sv2(Int, VA(Str, NULL)), NULL, S("int+strs"));
    CHECK(strcmp(callstr(w, 1, jl_box_long(1), NULL), "int+strs") == 0);
    CHECK(strcmp(callstr(w, 2, jl_box_long(1), S("a")), "int+strs") == 0);
    CHECK(strcmp(callstr(w, 2, jl_box_long(1), jl_box_long(2)), "MethodError") == 0);
}

static void test_worlds(void)
{
    jl_value_t *a = newfunc("a");
    defm(a, jl_emptysvec, NULL, S("one"));
    size_t w1 = jl_world_counter;
    CHECK(strcmp(callstr(a, 0, NULL, NULL), "one") == 0);
    defm(a, jl_emptysvec, NULL, S("two"));  /* replaces: same signature */
    size_t w2 = jl_world_counter;
    CHECK(strcmp(callstr(a, 0, NULL, NULL), "two") == 0);
    CHECK(jl_array_len(jl_gf_mtable(a)->defs) == 2);
    jl_method_t *m1 = (jl_method_t *)jl_array_ptr_ref(jl_gf_mtable(a)->defs, 0);
    CHECK(m1->deleted_world == w2 - 1);
    /* running in the older world still sees the old method */
    jl_current_task->world_age = w1;
    jl_value_t *r = jl_apply_generic(a, NULL, 0);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "one") == 0);
    jl_current_task->world_age = w2;
    r = jl_apply_generic(a, NULL, 0);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "two") == 0);
    /* a method defined after the current world is invisible */
    jl_value_t *nf = newfunc("nf");
    size_t before = jl_world_counter;
    defm(nf, jl_emptysvec, NULL, S("new"));
    jl_current_task->world_age = before;
    jl_value_t *volatile exc = NULL;
    JL_TRY {
        jl_apply_generic(nf, NULL, 0);
    }
    JL_CATCH {
        exc = jl_current_exception();
    }
    CHECK(exc && jl_typeis(exc, jl_methoderror_type));
    jl_current_task->world_age = jl_world_counter;
}

/* Native stand-ins for compiled code: count their calls. */
static long native_calls;
static jl_value_t *native_fn(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    native_calls++;
    return args[0];
}

static void test_invalidation_and_speed(void)
{
    jl_value_t *c = newfunc("c");
    defm(c, sv1(AnyT), NULL, S("c any"));
    jl_value_t *d = newfunc("d");
    defm(d, sv1(AnyT), NULL, S("d any"));
    jl_value_t *args[2] = {c, jl_box_long(3)};
    jl_method_instance_t *cmi = jl_method_lookup(args, 2, jl_world_counter);
    args[0] = d;
    jl_method_instance_t *dmi = jl_method_lookup(args, 2, jl_world_counter);
    CHECK(cmi && dmi);
    /* pretend d(::Int) was compiled and its code calls c(::Int) directly */
    jl_code_instance_t *dci = jl_new_codeinst_uninit(dmi, 1, JL_MAX_WORLD);
    dci->invoke = native_fn;
    jl_mi_cache_insert(dmi, dci);
    jl_method_instance_add_backedge(cmi, dmi);
    CHECK(cmi->backedges && jl_array_len(cmi->backedges) == 1);
    native_calls = 0;
    jl_value_t *r = call(d, 1, jl_box_long(7));
    CHECK(native_calls == 1 && jl_is_long(r) && jl_unbox_long(r) == 7);
    /* a less specific method does not invalidate */
    defm(c, sv1(VA(AnyT, NULL)), NULL, S("c va"));
    CHECK(dci->max_world == JL_MAX_WORLD);
    /* c(::Int) changes what d's code would call */
    defm(c, sv1(Int), NULL, S("c int"));
    CHECK(dci->max_world == jl_world_counter - 1);
    CHECK(cmi->backedges == NULL);
    native_calls = 0;
    r = call(d, 1, jl_box_long(7));
    CHECK(native_calls == 0 && jl_is_string(r));  /* recompiled: runs interpreted now */
    /* a method table backedge (a dynamic call of c with Tuple{typeof(c), String}) */
    jl_value_t *e = newfunc("e");
    defm(e, sv1(AnyT), NULL, S("e any"));
    args[0] = e;
    jl_method_instance_t *emi = jl_method_lookup(args, 2, jl_world_counter);
    jl_code_instance_t *eci = jl_new_codeinst_uninit(emi, 1, JL_MAX_WORLD);
    eci->invoke = native_fn;
    jl_mi_cache_insert(emi, eci);
    jl_method_table_add_backedge(jl_gf_mtable(c), Tup(2, jl_typeof(c), Str), emi);
    defm(c, sv1(Flt), NULL, S("c float"));
    CHECK(eci->max_world == JL_MAX_WORLD);
    defm(c, sv1(A(jl_abstractstring_type)), NULL, S("c string"));
    CHECK(eci->max_world == jl_world_counter - 1);

    /* dispatch speed on cache hits, with native code installed */
    jl_value_t *fast = newfunc("fast");
    defm(fast, sv1(Int), NULL, S("x"));
    defm(fast, sv2(Int, Flt), NULL, S("y"));
    defm(fast, sv1(AnyT), NULL, S("z"));
    jl_value_t *fa[3] = {fast, jl_box_long(1), jl_box_float64(2.0)};
    jl_method_instance_t *m1 = jl_method_lookup(fa, 2, jl_world_counter);
    jl_method_instance_t *m2 = jl_method_lookup(fa, 3, jl_world_counter);
    jl_code_instance_t *c1 = jl_new_codeinst_uninit(m1, 1, JL_MAX_WORLD);
    c1->invoke = native_fn;
    jl_mi_cache_insert(m1, c1);
    jl_code_instance_t *c2 = jl_new_codeinst_uninit(m2, 1, JL_MAX_WORLD);
    c2->invoke = native_fn;
    jl_mi_cache_insert(m2, c2);
    jl_current_task->world_age = jl_world_counter;
    jl_apply_generic(fast, &fa[1], 1);
    jl_apply_generic(fast, &fa[1], 2);
    native_calls = 0;
    long iters = 20000000;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < iters; i++) {
        jl_apply_generic(fast, &fa[1], 1);
        jl_apply_generic(fast, &fa[1], 2);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / (2.0 * iters);
    CHECK(native_calls == 2 * iters);
    printf("dispatch on a cache hit: %.1f ns/call\n", ns);
    CHECK(ns < 150);
}

static double time_ns(jl_value_t *x, jl_value_t *t, int isa)
{
    long iters = 200000;
    struct timespec t0, t1;
    volatile int sink = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < iters; i++)
        sink += isa ? jl_isa(x, t) : jl_subtype(x, t);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / iters;
}

static void bench_subtype(void)
{
    jl_value_t *vi = (jl_value_t *)jl_alloc_array_1d(Vec(Int), 0);
    jl_tvar_t *T = tvu("T", Integer_);
    jl_tvar_t *D = tvu("T", AnyT);
    printf("isa(1, Integer) %.0f ns; isa(1, Union{Int,String}) %.0f ns; isa(v, AbstractArray) %.0f ns;\n",
           time_ns(jl_box_long(1), Integer_, 1), time_ns(jl_box_long(1), U2(Int, Str), 1),
           time_ns(vi, A(jl_abstractarray_type->name->wrapper), 1));
    printf("isa(v, Vector{<:Integer}) %.0f ns; Tuple{Int,Int} <: Tuple{T,T} where T %.0f ns; "
           "Tuple{Int,String} <: Tuple{Integer,Any} %.0f ns\n",
           time_ns(vi, UA(T, Vec(A(T))), 1), time_ns(Tup(2, Int, Int), UA(D, Tup(2, A(D), A(D))), 0),
           time_ns(Tup(2, Int, Str), Tup(2, Integer_, AnyT), 0));
}

static void bench_big_table(void)
{
    jl_value_t *bf = newfunc("bigf");
    int n = 2000;
    jl_datatype_t **types = (jl_datatype_t **)malloc(n * sizeof(void *));
    jl_array_t *keep = jl_alloc_vec_any(0);
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof(name), "S%d", i);
        types[i] = jl_new_datatype(jl_symbol(name), jl_main_module, jl_any_type, jl_emptysvec, jl_emptysvec,
                                   jl_emptysvec, NULL, 0, 0, 0);
        jl_array_ptr_1d_push(keep, (jl_value_t *)types[i]);
    }
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        jl_tvar_t *T = tvu("T", AnyT);
        defm(bf, sv2(A(types[i]), Vec(A(T))), sv1(A(T)), S("m"));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    jl_value_t *vi = (jl_value_t *)jl_alloc_array_1d(Vec(Int), 0);
    int ok = 1;
    for (int i = 0; i < n; i += 10) {
        jl_value_t *x = jl_new_struct(types[i]);
        ok &= strcmp(callstr(bf, 2, x, vi), "m") == 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    CHECK(ok);
    printf("2000 parametric methods in one table: insert %.1f us/method, first call (miss) %.1f us\n",
           ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n,
           ((t2.tv_sec - t1.tv_sec) * 1e9 + (t2.tv_nsec - t1.tv_nsec)) / 1e3 / (n / 10));
    free(types);
}

static void test_matching_and_trace(void)
{
    jl_value_t *f = jl_get_global(jl_main_module, jl_symbol("f"));
    size_t minv = 1, maxv = JL_MAX_WORLD;
    int ambig = 0;
    jl_value_t *ms = jl_matching_methods(Tup(2, jl_typeof(f), Integer_), NULL, -1, 0, jl_world_counter, &minv, &maxv,
                                         &ambig);
    CHECK(ms != jl_false && jl_array_len(ms) == 2);
    if (ms != jl_false && jl_array_len(ms) == 2) {
        jl_value_t *m0 = jl_array_ptr_ref(ms, 0), *m1 = jl_array_ptr_ref(ms, 1);
        CHECK(jl_svecref(m0, 0) == Tup(2, jl_typeof(f), Int));
        CHECK(jl_svecref(m0, 3) == jl_false);
        CHECK(jl_svecref(m1, 3) == jl_true);
        CHECK(!ambig);
    }
    ms = jl_matching_methods(Tup(2, jl_typeof(f), Integer_), NULL, 1, 0, jl_world_counter, &minv, &maxv, &ambig);
    CHECK(ms == jl_false);
    jl_value_t *g = jl_get_global(jl_main_module, jl_symbol("g"));
    ms = jl_matching_methods(Tup(3, jl_typeof(g), Integer_, Integer_), NULL, -1, 0, jl_world_counter, &minv, &maxv,
                             &ambig);
    CHECK(ms != jl_false && jl_array_len(ms) == 3 && !ambig);  /* g(Int,Int) covers the overlap */
    jl_value_t *amb = newfunc("amb");
    defm(amb, sv2(Int, AnyT), NULL, S("1"));
    defm(amb, sv2(AnyT, Int), NULL, S("2"));
    ms = jl_matching_methods(Tup(3, jl_typeof(amb), Integer_, Integer_), NULL, -1, 0, jl_world_counter, &minv, &maxv,
                             &ambig);
    CHECK(ms != jl_false && jl_array_len(ms) == 2 && ambig);
    ms = jl_matching_methods(Tup(3, jl_typeof(amb), Int, Str), NULL, -1, 0, jl_world_counter, &minv, &maxv, &ambig);
    CHECK(ms != jl_false && jl_array_len(ms) == 1 && !ambig);
    ms = jl_matching_methods(Tup(3, jl_typeof(g), Int, Int), NULL, -1, 0, jl_world_counter, &minv, &maxv, &ambig);
    CHECK(ms != jl_false && jl_array_len(ms) == 1 && !ambig);
    /* specialization for a precompile hint */
    jl_method_instance_t *mi = jl_get_specialization1(Tup(2, jl_typeof(f), Int), jl_world_counter, 1);
    CHECK(mi && mi->specTypes == Tup(2, jl_typeof(f), Int));
    /* --trace-compile line format */
    char path[] = "/tmp/nc_trace_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    jl_options.trace_compile = path;
    jl_trace_compile(mi);
    jl_value_t *g2 = jl_get_global(jl_main_module, jl_symbol("g"));
    jl_value_t *args[3] = {g2, S("a"), (jl_value_t *)jl_symbol("b")};
    defm(g2, sv2(Str, Sym), NULL, S("g ss"));
    jl_method_instance_t *gmi = jl_method_lookup(args, 3, jl_world_counter);
    jl_trace_compile(gmi);
    jl_value_t *va = jl_get_global(jl_main_module, jl_symbol("v"));
    jl_value_t *vargs[5] = {va, jl_box_long(1), jl_box_long(2), jl_box_long(3), jl_box_long(4)};
    jl_trace_compile(jl_method_lookup(vargs, 5, jl_world_counter));
    jl_value_t *kf = jl_get_global(jl_main_module, jl_symbol("k"));
    jl_value_t *kargs[2] = {kf, (jl_value_t *)jl_alloc_array_1d(Vec(Int), 0)};
    jl_trace_compile(jl_method_lookup(kargs, 2, jl_world_counter));
    jl_value_t *tf = jl_get_global(jl_main_module, jl_symbol("tf"));
    jl_value_t *targs[2] = {tf, Int};
    jl_trace_compile(jl_method_lookup(targs, 2, jl_world_counter));
    FILE *fp = fopen(path, "r");
    char buf[1024] = {0};
    size_t n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = 0;
    const char *want = "precompile(Tuple{typeof(Main.f), Int64})\n"
                       "precompile(Tuple{typeof(Main.g), String, Symbol})\n"
                       "precompile(Tuple{typeof(Main.v), Int64, Vararg{Int64}})\n"
                       "precompile(Tuple{typeof(Main.k), Array{Int64, 1}})\n"
                       "precompile(Tuple{typeof(Main.tf), Type{Int64}})\n";
    CHECK(strcmp(buf, want) == 0);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "trace output:\n%s", buf);
    unlink(path);
    jl_options.trace_compile = NULL;
}

int main(void)
{
    bootstrap();
    Int = A(jl_int64_type);
    Int8T = A(jl_int8_type);
    Flt = A(jl_float64_type);
    Str = A(jl_string_type);
    Sym = A(jl_symbol_type);
    AnyT = A(jl_any_type);
    Integer_ = A(jl_integer_type);
    Number_ = A(jl_number_type);
    Real_ = A(jl_real_type);
    Bot = jl_bottom_type;
    test_basic_subtype();
    test_tuples();
    test_diagonal_and_env();
    test_more_subtype();
    test_type_types();
    test_intersection();
    test_more_intersection();
    test_specificity();
    test_dispatch_basic();
    test_static_params_and_types();
    test_varargs();
    test_worlds();
    test_invalidation_and_speed();
    test_matching_and_trace();
    bench_subtype();
    bench_big_table();
    jl_gc_collect(1);
    if (getenv("TEST_GC_VERBOSE"))
        printf("collections: %zu\n", jl_gc_num_collections());
    printf("test_subtype_gf: %d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
