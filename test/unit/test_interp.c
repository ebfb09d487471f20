/* test_interp.c: unit tests of the interpreter, builtins, intrinsics, modules and ccall (interpreter.c,
 * builtins.c, intrinsics.c, module.c, toplevel.c). CodeInfos are built by hand, so the parser, lowering and
 * gf.c are not needed: this file provides small stand-ins for them (a one-method-per-function dispatcher).
 * Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

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
/* Stand-ins for gf.c, the parser and lowering (this test links neither) */

#define MAXFUNCS 64
static jl_value_t *test_funcs[MAXFUNCS];
static jl_method_instance_t *test_mis[MAXFUNCS];
static int ntest_funcs;

jl_methtable_t *jl_new_method_table(jl_sym_t *name, jl_module_t *module)
{
    jl_methtable_t *mt = (jl_methtable_t *)jl_gc_alloc(sizeof(jl_methtable_t), (jl_value_t *)jl_methtable_type);
    mt->name = name;
    mt->module = module;
    mt->defs = jl_alloc_vec_any(0);
    mt->cache = jl_nothing;
    mt->kwsorter = jl_nothing;
    return mt;
}

static jl_method_instance_t *find_mi(jl_value_t *F)
{
    for (int i = 0; i < ntest_funcs; i++)
        if (test_funcs[i] == F)
            return test_mis[i];
    return NULL;
}

JL_DLLEXPORT jl_value_t *jl_apply_generic(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    jl_fptr_args_t fp = jl_builtin_fptr(F);
    if (fp)
        return fp(F, args, nargs);
    jl_method_instance_t *mi = find_mi(F);
    if (mi == NULL)
        jl_method_error(F, args, nargs, jl_world_counter);
    return jl_interpret_invoke(mi, F, args, nargs);
}
JL_DLLEXPORT jl_value_t *jl_invoke(jl_value_t *F, jl_value_t **args, uint32_t nargs, jl_method_instance_t *mi)
{
    return jl_interpret_invoke(mi, F, args, nargs);
}
JL_DLLEXPORT jl_value_t *jl_call(jl_value_t *f, jl_value_t **args, uint32_t nargs)
{
    return jl_apply_generic(f, args, nargs);
}
JL_DLLEXPORT jl_value_t *jl_call0(jl_value_t *f) { return jl_call(f, NULL, 0); }
JL_DLLEXPORT jl_value_t *jl_call1(jl_value_t *f, jl_value_t *a) { return jl_call(f, &a, 1); }
jl_method_instance_t *jl_method_lookup(jl_value_t **args, size_t nargs, size_t world) { return find_mi(args[0]); }
jl_method_instance_t *jl_method_lookup_by_type(jl_value_t *tt, size_t world) { return NULL; }
jl_value_t *jl_gf_invoke_by_method(jl_method_t *m, jl_value_t *F, jl_value_t **args, size_t nargs)
{
    jl_error("gf_invoke_by_method: not in this test");
}
static int methods_defined;
jl_method_t *jl_method_def(jl_svec_t *argdata, jl_code_info_t *f, jl_module_t *module)
{
    methods_defined++;
    return NULL;
}
void jl_init_gf(void) {}
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

/* ---------------------------------------------------------------------------------------------- */
/* Building lowered code */

static jl_value_t *ssa(intptr_t i)
{
    jl_value_t *v = jl_gc_alloc(sizeof(intptr_t), (jl_value_t *)jl_ssavalue_type);
    *(intptr_t *)v = i;
    return v;
}
static jl_value_t *slot(intptr_t i)
{
    jl_value_t *v = jl_gc_alloc(sizeof(intptr_t), (jl_value_t *)jl_slotnumber_type);
    *(intptr_t *)v = i;
    return v;
}
static jl_value_t *core(const char *name) { return jl_module_globalref(jl_core_module, jl_symbol(name)); }
static jl_value_t *intr(const char *name)
{
    jl_module_t *im = (jl_module_t *)jl_get_global(jl_core_module, jl_symbol("Intrinsics"));
    return jl_get_global(im, jl_symbol(name));
}
static jl_value_t *L(int64_t x) { return jl_box_long(x); }
static jl_value_t *S(const char *s) { return jl_cstr_to_string(s); }
static jl_value_t *QS(const char *s) { return jl_new_quotenode((jl_value_t *)jl_symbol(s)); }
#define E(head, ...) ((jl_value_t *)jl_expr(jl_symbol(head), sizeof((jl_value_t *[]){__VA_ARGS__}) / sizeof(jl_value_t *), __VA_ARGS__))
#define CALL(...) E("call", __VA_ARGS__)

static jl_code_info_t *new_ci(int nslots)
{
    jl_code_info_t *ci = jl_new_code_info_uninit();
    for (int i = 0; i < nslots; i++) {
        char buf[16];
        snprintf(buf, sizeof(buf), i == 0 ? "#self#" : "v%d", i + 1);
        jl_array_ptr_1d_push(ci->slotnames, (jl_value_t *)jl_symbol(buf));
    }
    ci->nargs = 1;
    return ci;
}
static void push(jl_code_info_t *ci, jl_value_t *stmt) { jl_array_ptr_1d_push(ci->code, stmt); }

static jl_value_t *run(jl_code_info_t *ci) { return jl_interpret_toplevel_thunk(jl_main_module, ci); }

/* Runs ci; returns the exception it threw (or NULL). */
static jl_value_t *run_catch(jl_code_info_t *ci, jl_value_t **result)
{
    jl_value_t *volatile exc = NULL;
    JL_TRY {
        jl_value_t *r = run(ci);
        if (result)
            *result = r;
    }
    JL_CATCH {
        exc = jl_current_exception();
    }
    return exc;
}

static int is_exc(jl_value_t *e, jl_datatype_t *t) { return e != NULL && jl_typeis(e, t); }

static const char *errmsg(jl_value_t *e)
{
    if (e && jl_typeis(e, jl_errorexception_type))
        return jl_string_data(jl_get_nth_field(e, 0));
    return "";
}

/* ---------------------------------------------------------------------------------------------- */
/* Bootstrap: Core's types, builtins, intrinsics, and the exception types boot.jl would define */

static jl_datatype_t *exc_type(const char *name, const char *f1, const char *f2, const char *f3, const char *f4)
{
    const char *fs[4] = {f1, f2, f3, f4};
    size_t n = 0;
    while (n < 4 && fs[n])
        n++;
    jl_svec_t *names = jl_alloc_svec(n), *types = jl_alloc_svec(n);
    for (size_t i = 0; i < n; i++) {
        jl_svecset(names, i, jl_symbol(fs[i]));
        jl_svecset(types, i, jl_any_type);
    }
    jl_datatype_t *dt = jl_new_datatype(jl_symbol(name), jl_core_module, jl_exception_type, jl_emptysvec, names,
                                        types, NULL, 0, 0, (int)n);
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
    jl_init_builtins();
    jl_init_intrinsic_functions();
    jl_main_module = jl_new_module(jl_symbol("Main"), NULL);
    jl_set_const(jl_core_module, jl_symbol("Main"), (jl_value_t *)jl_main_module);
    jl_errorexception_type = exc_type("ErrorException", "msg", 0, 0, 0);
    jl_undefvarerror_type = exc_type("UndefVarError", "var", 0, 0, 0);
    jl_typeerror_type = exc_type("TypeError", "func", "context", "expected", "got");
    jl_boundserror_type = exc_type("BoundsError", "a", "i", 0, 0);
    jl_argumenterror_type = exc_type("ArgumentError", "msg", 0, 0, 0);
    jl_methoderror_type = exc_type("MethodError", "f", "args", "world", 0);
    jl_loaderror_type = exc_type("LoadError", "file", "line", "error", 0);
    jl_divideerror_type = exc_type("DivideError", 0, 0, 0, 0);
    jl_undefreferror_type = exc_type("UndefRefError", 0, 0, 0, 0);
    jl_diverror_exception = jl_new_struct(jl_divideerror_type);
    jl_undefref_exception = jl_new_struct(jl_undefreferror_type);
}

/* ---------------------------------------------------------------------------------------------- */
/* Tests */

static void test_basic_calls(void)
{
    jl_code_info_t *ci = new_ci(1);
    push(ci, CALL(core("tuple"), L(1), L(2), S("x")));          /* %1 */
    push(ci, CALL(core("getfield"), ssa(1), L(2)));             /* %2 */
    push(ci, jl_new_returnnode(ssa(2)));
    jl_value_t *r = run(ci);
    CHECK(jl_is_long(r) && jl_unbox_long(r) == 2);

    ci = new_ci(1);
    push(ci, CALL(intr("add_int"), L(3), L(4)));
    push(ci, CALL(intr("mul_int"), ssa(1), L(6)));
    push(ci, jl_new_returnnode(ssa(2)));
    r = run(ci);
    CHECK(jl_unbox_long(r) == 42);

    ci = new_ci(1);
    push(ci, CALL(core("==="), S("ab"), S("ab")));
    push(ci, jl_new_returnnode(ssa(1)));
    CHECK(run(ci) == jl_true);

    ci = new_ci(1);
    push(ci, CALL(core("isa"), L(1), (jl_value_t *)jl_integer_type));
    push(ci, jl_new_returnnode(ssa(1)));
    CHECK(run(ci) == jl_true);
}

/* s = 0; i = 1; while i <= 10: s += i; i += 1; return s */
static void test_loop(void)
{
    jl_code_info_t *ci = new_ci(3);
    push(ci, E("=", slot(2), L(0)));                                   /* 1 */
    push(ci, E("=", slot(3), L(1)));                                   /* 2 */
    push(ci, CALL(intr("sle_int"), slot(3), L(10)));                   /* 3 */
    push(ci, jl_new_gotoifnot(ssa(3), 9));                             /* 4 */
    push(ci, CALL(intr("add_int"), slot(2), slot(3)));                 /* 5 */
    push(ci, E("=", slot(2), ssa(5)));                                 /* 6 */
    push(ci, E("=", slot(3), CALL(intr("add_int"), slot(3), L(1))));   /* 7 */
    push(ci, jl_new_gotonode(3));                                      /* 8 */
    push(ci, jl_new_returnnode(slot(2)));                              /* 9 */
    jl_value_t *r = run(ci);
    CHECK(jl_unbox_long(r) == 55);

    /* non-Bool condition */
    ci = new_ci(1);
    push(ci, jl_new_gotoifnot(L(1), 3));
    push(ci, jl_new_returnnode(L(1)));
    push(ci, jl_new_returnnode(L(2)));
    jl_value_t *e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_typeerror_type) && jl_get_nth_field(e, 0) == (jl_value_t *)jl_symbol("if"));
}

static void test_exceptions(void)
{
    jl_handler_t *eh0 = jl_current_task->eh;
    size_t depth0 = jl_excstack_depth();
    /* try throw("err") catch e; e end */
    jl_code_info_t *ci = new_ci(1);
    push(ci, E("enter", L(5)));                                        /* 1 */
    push(ci, CALL(core("throw"), S("err")));                           /* 2 */
    push(ci, E("leave", L(1)));                                        /* 3 */
    push(ci, jl_new_returnnode(S("no")));                              /* 4 */
    push(ci, (jl_value_t *)jl_exprn(jl_symbol("the_exception"), 0));                                      /* 5 */
    push(ci, E("pop_exception", ssa(1)));                              /* 6 */
    push(ci, jl_new_returnnode(ssa(5)));                               /* 7 */
    jl_value_t *r = run(ci);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "err") == 0);
    CHECK(jl_current_task->eh == eh0);
    CHECK(jl_excstack_depth() == depth0);

    /* leave without exception, then code after the try */
    ci = new_ci(2);
    push(ci, E("enter", L(5)));                                        /* 1 */
    push(ci, E("=", slot(2), L(7)));                                   /* 2 */
    push(ci, E("leave", L(1)));                                        /* 3 */
    push(ci, jl_new_gotonode(7));                                      /* 4 */
    push(ci, E("pop_exception", ssa(1)));                              /* 5 */
    push(ci, jl_new_returnnode(L(-1)));                                /* 6 */
    push(ci, CALL(intr("add_int"), slot(2), L(1)));                    /* 7 */
    push(ci, jl_new_returnnode(ssa(7)));                               /* 8 */
    r = run(ci);
    CHECK(jl_unbox_long(r) == 8);
    CHECK(jl_current_task->eh == eh0);

    /* nested try, leave 2 from the inner body */
    ci = new_ci(1);
    push(ci, E("enter", L(7)));                                        /* 1 */
    push(ci, E("enter", L(6)));                                        /* 2 */
    push(ci, E("leave", L(2)));                                        /* 3 */
    push(ci, jl_new_returnnode(L(11)));                                /* 4 */
    push(ci, jl_new_returnnode(L(0)));                                 /* 5 */
    push(ci, jl_new_returnnode(L(1)));                                 /* 6 */
    push(ci, jl_new_returnnode(L(2)));                                 /* 7 */
    r = run(ci);
    CHECK(jl_unbox_long(r) == 11);
    CHECK(jl_current_task->eh == eh0);

    /* divide by zero is a DivideError; uncaught errors propagate to the C caller */
    ci = new_ci(1);
    push(ci, CALL(intr("checked_sdiv_int"), L(1), L(0)));
    push(ci, jl_new_returnnode(ssa(1)));
    jl_value_t *e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_divideerror_type));
    CHECK(jl_current_task->eh == eh0);

    /* reading an unassigned slot */
    ci = new_ci(3);
    push(ci, jl_new_returnnode(slot(3)));
    e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_undefvarerror_type) && jl_get_nth_field(e, 0) == (jl_value_t *)jl_symbol("v3"));

    /* return from inside a try without :leave still unwinds the handler */
    ci = new_ci(1);
    push(ci, E("enter", L(3)));
    push(ci, jl_new_returnnode(L(5)));
    push(ci, jl_new_returnnode(L(6)));
    r = run(ci);
    CHECK(jl_unbox_long(r) == 5 && jl_current_task->eh == eh0);
}

static void test_globals_and_modules(void)
{
    jl_code_info_t *ci = new_ci(1);
    jl_value_t *gx = jl_module_globalref(jl_main_module, jl_symbol("gx"));
    push(ci, E("=", gx, L(5)));
    push(ci, CALL(intr("add_int"), gx, L(1)));
    push(ci, jl_new_returnnode(ssa(2)));
    CHECK(jl_unbox_long(run(ci)) == 6);

    ci = new_ci(1);
    push(ci, jl_new_returnnode(jl_module_globalref(jl_main_module, jl_symbol("nope"))));
    jl_value_t *e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_undefvarerror_type));

    /* const */
    ci = new_ci(1);
    jl_value_t *gk = jl_module_globalref(jl_main_module, jl_symbol("K"));
    push(ci, E("const", gk));
    push(ci, E("=", gk, L(3)));
    push(ci, E("=", gk, L(3)));  /* egal: fine */
    push(ci, jl_new_returnnode(gk));
    CHECK(jl_unbox_long(run(ci)) == 3);
    CHECK(jl_is_const(jl_main_module, jl_symbol("K")));
    ci = new_ci(1);
    push(ci, E("=", gk, S("other")));
    push(ci, jl_new_returnnode(gk));
    e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_errorexception_type) && strcmp(errmsg(e), "invalid redefinition of constant K") == 0);

    /* using: exported names are visible, others not; ambiguity */
    jl_module_t *A = jl_new_module(jl_symbol("A"), jl_main_module);
    jl_module_t *B = jl_new_module(jl_symbol("B"), jl_main_module);
    jl_set_const(jl_main_module, jl_symbol("A"), (jl_value_t *)A);
    jl_set_const(jl_main_module, jl_symbol("B"), (jl_value_t *)B);
    jl_set_global(A, jl_symbol("pub"), L(1));
    jl_set_global(A, jl_symbol("priv"), L(2));
    jl_module_export(A, jl_symbol("pub"));
    jl_set_global(A, jl_symbol("amb"), L(3));
    jl_set_global(B, jl_symbol("amb"), L(4));
    jl_module_export(A, jl_symbol("amb"));
    jl_module_export(B, jl_symbol("amb"));
    jl_module_t *U = jl_new_module(jl_symbol("U"), jl_main_module);
    jl_module_using(U, A);
    jl_module_using(U, B);
    CHECK(jl_get_global(U, jl_symbol("pub")) == L(1));
    CHECK(jl_get_global(U, jl_symbol("priv")) == NULL);
    CHECK(jl_get_global(U, jl_symbol("A")) == (jl_value_t *)A); /* a module's own name is exported */
    fprintf(stderr, "(expected warning follows)\n");
    CHECK(jl_get_binding(U, jl_symbol("amb")) == NULL);
    CHECK(jl_get_binding(U, jl_symbol("amb")) == NULL);  /* warns only once */
    /* assignment to a name resolved from a using */
    jl_value_t *volatile err = NULL;
    JL_TRY {
        jl_set_global(U, jl_symbol("pub"), L(9));
    }
    JL_CATCH {
        err = jl_current_exception();
    }
    CHECK(is_exc(err, jl_errorexception_type) &&
          strcmp(errmsg(err), "cannot assign a value to imported variable A.pub from module U") == 0);
    /* import M: x makes an extendable alias */
    jl_module_import(U, A, jl_symbol("priv"));
    CHECK(jl_get_global(U, jl_symbol("priv")) == L(2));
    CHECK(jl_get_binding_for_method_def(U, jl_symbol("priv")) == jl_get_binding(A, jl_symbol("priv")));
    char buf[64];
    jl_module_full_name(A, buf, sizeof(buf));
    CHECK(strcmp(buf, "Main.A") == 0);
    jl_value_t *names = jl_module_names(A, 0, 0);
    CHECK(jl_array_len(names) == 3); /* A, pub, amb */
}

static void test_methods_and_calls(void)
{
    /* Expr(:method, :f) makes a generic function bound as a const */
    jl_code_info_t *ci = new_ci(1);
    push(ci, E("method", (jl_value_t *)jl_symbol("myf")));
    push(ci, jl_new_returnnode(ssa(1)));
    jl_value_t *f = run(ci);
    CHECK(jl_get_global(jl_main_module, jl_symbol("myf")) == f && jl_is_const(jl_main_module, jl_symbol("myf")));
    CHECK(run(ci) == f);

    /* an interpreted method: myf(x) = x + 1 (by hand), called through dispatch */
    jl_code_info_t *body = new_ci(2);
    body->nargs = 2;
    push(body, CALL(intr("add_int"), slot(2), L(1)));
    push(body, jl_new_returnnode(ssa(1)));
    jl_method_t *m = (jl_method_t *)jl_gc_alloc(sizeof(jl_method_t), (jl_value_t *)jl_method_type);
    m->name = jl_symbol("myf");
    m->module = jl_main_module;
    m->nargs = 2;
    m->source = (jl_value_t *)body;
    m->file = jl_symbol("test.jl");
    m->line = 10;
    jl_method_instance_t *mi =
        (jl_method_instance_t *)jl_gc_alloc(sizeof(jl_method_instance_t), (jl_value_t *)jl_method_instance_type);
    mi->def = (jl_value_t *)m;
    mi->sparam_vals = jl_emptysvec;
    test_funcs[ntest_funcs] = f;
    test_mis[ntest_funcs++] = mi;
    ci = new_ci(1);
    push(ci, CALL(jl_module_globalref(jl_main_module, jl_symbol("myf")), L(41)));
    push(ci, jl_new_returnnode(ssa(1)));
    CHECK(jl_unbox_long(run(ci)) == 42);
    jl_value_t *arg = L(1);
    CHECK(jl_unbox_long(jl_interpret_call(mi, (jl_value_t *[]){f, arg}, 2)) == 2);

    /* varargs: g(xs...) = xs */
    jl_code_info_t *gbody = new_ci(2);
    push(gbody, jl_new_returnnode(slot(2)));
    jl_method_t *gm = (jl_method_t *)jl_gc_alloc(sizeof(jl_method_t), (jl_value_t *)jl_method_type);
    gm->name = jl_symbol("g");
    gm->module = jl_main_module;
    gm->nargs = 2;
    gm->isva = 1;
    gm->source = (jl_value_t *)gbody;
    jl_method_instance_t *gmi =
        (jl_method_instance_t *)jl_gc_alloc(sizeof(jl_method_instance_t), (jl_value_t *)jl_method_instance_type);
    gmi->def = (jl_value_t *)gm;
    jl_value_t *gargs[3] = {L(1), L(2), L(3)};
    jl_value_t *t = jl_interpret_invoke(gmi, f, gargs, 3);
    CHECK(jl_is_tuple(t) && jl_nfields_of(t) == 3 && jl_unbox_long(jl_get_nth_field(t, 2)) == 3);
    t = jl_interpret_invoke(gmi, f, gargs, 0);
    CHECK(t == jl_emptytuple);

    /* _apply_iterate: tuple(1, (2, 3)..., [4, 5]...) */
    jl_array_t *vec = jl_alloc_vec_any(0);
    jl_array_ptr_1d_push(vec, L(4));
    jl_array_ptr_1d_push(vec, L(5));
    ci = new_ci(1);
    push(ci, CALL(core("_apply_iterate"), jl_nothing, core("tuple"), jl_tuple(1, L(1)), jl_tuple(2, L(2), L(3)),
                  (jl_value_t *)vec));
    push(ci, jl_new_returnnode(ssa(1)));
    t = run(ci);
    CHECK(jl_is_tuple(t) && jl_nfields_of(t) == 5 && jl_unbox_long(jl_get_nth_field(t, 4)) == 5);

    /* static parameters */
    jl_code_info_t *sbody = new_ci(2);
    push(sbody, jl_new_returnnode(E("static_parameter", L(1))));
    jl_method_t *sm = (jl_method_t *)jl_gc_alloc(sizeof(jl_method_t), (jl_value_t *)jl_method_type);
    sm->name = jl_symbol("s");
    sm->module = jl_main_module;
    sm->nargs = 2;
    sm->source = (jl_value_t *)sbody;
    jl_method_instance_t *smi =
        (jl_method_instance_t *)jl_gc_alloc(sizeof(jl_method_instance_t), (jl_value_t *)jl_method_instance_type);
    smi->def = (jl_value_t *)sm;
    smi->sparam_vals = jl_svec1(jl_int64_type);
    CHECK(jl_interpret_invoke(smi, f, gargs, 1) == (jl_value_t *)jl_int64_type);
}

static void test_structs(void)
{
    /* mutable struct P; x::Int; y; end */
    jl_code_info_t *ci = new_ci(1);
    push(ci, CALL(core("_structtype"), (jl_value_t *)jl_main_module, QS("P"), core("svec"),
                  (jl_value_t *)jl_svec2(jl_symbol("x"), jl_symbol("y")), (jl_value_t *)jl_emptysvec, jl_true, L(2)));  /* 1 */
    push(ci, E("=", jl_module_globalref(jl_main_module, jl_symbol("P")), ssa(1)));            /* 2 */
    push(ci, CALL(core("_setsuper!"), ssa(1), (jl_value_t *)jl_any_type));                   /* 3 */
    push(ci, CALL(core("_typebody!"), ssa(1), (jl_value_t *)jl_svec2(jl_int64_type, jl_any_type))); /* 4 */
    push(ci, E("new", ssa(1), L(1), S("a")));                                                /* 5 */
    push(ci, CALL(core("setfield!"), ssa(5), QS("x"), L(7)));                                /* 6 */
    push(ci, CALL(core("getfield"), ssa(5), QS("x")));                                       /* 7 */
    push(ci, jl_new_returnnode(ssa(7)));                                                     /* 8 */
    /* %1 is svec(): make it a call */
    jl_exprargset(jl_array_ptr_ref(ci->code, 0), 3, CALL(core("svec")));
    jl_value_t *r = run(ci);
    CHECK(jl_is_long(r) && jl_unbox_long(r) == 7);
    jl_value_t *P = jl_get_global(jl_main_module, jl_symbol("P"));
    CHECK(P && jl_is_datatype(P) && ((jl_datatype_t *)P)->layout != NULL);

    /* setfield! with the wrong type, getfield of a missing field */
    ci = new_ci(1);
    push(ci, E("new", jl_module_globalref(jl_main_module, jl_symbol("P")), L(1), S("a")));
    push(ci, CALL(core("setfield!"), ssa(1), QS("x"), S("no")));
    push(ci, jl_new_returnnode(ssa(2)));
    jl_value_t *e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_typeerror_type));
    ci = new_ci(1);
    push(ci, E("new", jl_module_globalref(jl_main_module, jl_symbol("P")), L(1), S("a")));
    push(ci, CALL(core("getfield"), ssa(1), QS("z")));
    push(ci, jl_new_returnnode(ssa(2)));
    e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_errorexception_type) && strcmp(errmsg(e), "type P has no field z") == 0);
    /* immutable: setfield! on a tuple */
    ci = new_ci(1);
    push(ci, CALL(core("setfield!"), jl_tuple(1, L(1)), L(1), L(2)));
    push(ci, jl_new_returnnode(ssa(1)));
    e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_errorexception_type) && strstr(errmsg(e), "immutable struct of type Tuple") != NULL);
    /* fieldtype, nfields, isdefined */
    jl_value_t *args2[2] = {P, (jl_value_t *)jl_symbol("x")};
    jl_value_t *ftf = jl_get_global(jl_core_module, jl_symbol("fieldtype"));
    CHECK(jl_builtin_fptr(ftf)(ftf, args2, 2) == (jl_value_t *)jl_int64_type);
    /* sizeof */
    jl_value_t *sz = jl_get_global(jl_core_module, jl_symbol("sizeof"));
    jl_value_t *a1 = (jl_value_t *)jl_int32_type;
    CHECK(jl_unbox_long(jl_builtin_fptr(sz)(sz, &a1, 1)) == 4);
    /* equivalent redefinition check */
    jl_value_t *eq = jl_get_global(jl_core_module, jl_symbol("_equiv_typedef"));
    jl_value_t *pp[2] = {P, P};
    CHECK(jl_builtin_fptr(eq)(eq, pp, 2) == jl_true);
}

static void test_intrinsics(void)
{
    jl_value_t *args[3];
    /* checked add overflow */
    args[0] = L(INT64_MAX);
    args[1] = L(1);
    jl_value_t *r = jl_interp_intrinsic(jl_intrinsic_checked_sadd_int, args, 2);
    CHECK(jl_is_tuple(r) && jl_get_nth_field(r, 1) == jl_true && jl_unbox_long(jl_get_nth_field(r, 0)) == INT64_MIN);
    args[0] = jl_box_uint8(200);
    args[1] = jl_box_uint8(100);
    r = jl_interp_intrinsic(jl_intrinsic_checked_uadd_int, args, 2);
    CHECK(jl_get_nth_field(r, 1) == jl_true && jl_unbox_uint8(jl_get_nth_field(r, 0)) == 44);
    /* conversions */
    args[0] = (jl_value_t *)jl_int64_type;
    args[1] = jl_box_int8(-3);
    r = jl_interp_intrinsic(jl_intrinsic_sext_int, args, 2);
    CHECK(jl_typeis(r, jl_int64_type) && jl_unbox_long(r) == -3);
    r = jl_interp_intrinsic(jl_intrinsic_zext_int, args, 2);
    CHECK(jl_unbox_long(r) == 253);
    args[0] = (jl_value_t *)jl_float64_type;
    args[1] = L(-7);
    r = jl_interp_intrinsic(jl_intrinsic_sitofp, args, 2);
    CHECK(jl_typeis(r, jl_float64_type) && jl_unbox_float64(r) == -7.0);
    args[0] = (jl_value_t *)jl_int64_type;
    args[1] = jl_box_float64(-2.75);
    r = jl_interp_intrinsic(jl_intrinsic_fptosi, args, 2);
    CHECK(jl_unbox_long(r) == -2);
    args[0] = (jl_value_t *)jl_uint64_type;
    args[1] = jl_box_float64(1.5);
    r = jl_interp_intrinsic(jl_intrinsic_bitcast, args, 2);
    CHECK(jl_unbox_uint64(r) == 0x3FF8000000000000ULL);
    /* Float16: 1.5 + 0.25 via fptrunc/fpext */
    args[0] = (jl_value_t *)jl_float16_type;
    args[1] = jl_box_float64(1.5);
    jl_value_t *h1 = jl_interp_intrinsic(jl_intrinsic_fptrunc, args, 2);
    CHECK(*(uint16_t *)h1 == 0x3e00);
    args[1] = jl_box_float64(0.25);
    jl_value_t *h2 = jl_interp_intrinsic(jl_intrinsic_fptrunc, args, 2);
    args[0] = h1;
    args[1] = h2;
    jl_value_t *h3 = jl_interp_intrinsic(jl_intrinsic_add_float, args, 2);
    args[0] = (jl_value_t *)jl_float64_type;
    args[1] = h3;
    r = jl_interp_intrinsic(jl_intrinsic_fpext, args, 2);
    CHECK(jl_unbox_float64(r) == 1.75);
    /* Float16 rounding: 65520 overflows to Inf, 2049 rounds to even 2048 */
    args[0] = (jl_value_t *)jl_float16_type;
    args[1] = jl_box_float64(65520.0);
    CHECK(*(uint16_t *)jl_interp_intrinsic(jl_intrinsic_fptrunc, args, 2) == 0x7c00);
    args[1] = jl_box_float64(2049.0);
    CHECK(*(uint16_t *)jl_interp_intrinsic(jl_intrinsic_fptrunc, args, 2) == 0x6800);
    args[1] = jl_box_float64(5.960464477539063e-8); /* smallest subnormal */
    CHECK(*(uint16_t *)jl_interp_intrinsic(jl_intrinsic_fptrunc, args, 2) == 0x0001);
    /* shifts and counts */
    args[0] = L(1);
    args[1] = jl_box_uint64(70);
    CHECK(jl_unbox_long(jl_interp_intrinsic(jl_intrinsic_shl_int, args, 2)) == 0);
    args[0] = L(-8);
    CHECK(jl_unbox_long(jl_interp_intrinsic(jl_intrinsic_ashr_int, args, 2)) == -1);
    args[0] = jl_box_uint32(1);
    CHECK(jl_unbox_uint32(jl_interp_intrinsic(jl_intrinsic_ctlz_int, args, 1)) == 31);
    args[0] = jl_true;
    CHECK(jl_interp_intrinsic(jl_intrinsic_not_int, args, 1) == jl_false);
    /* Int128 */
    __int128 big = (__int128)1 << 100;
    jl_value_t *b128 = jl_new_bits((jl_value_t *)jl_int128_type, &big);
    args[0] = b128;
    args[1] = b128;
    r = jl_interp_intrinsic(jl_intrinsic_add_int, args, 2);
    CHECK(*(__int128 *)r == ((__int128)1 << 101));
    /* typemin ÷ -1 */
    args[0] = L(INT64_MIN);
    args[1] = L(-1);
    jl_value_t *volatile e = NULL;
    {
        JL_TRY {
            jl_interp_intrinsic(jl_intrinsic_checked_sdiv_int, args, 2);
        }
        JL_CATCH {
            e = jl_current_exception();
        }
    }
    CHECK(is_exc(e, jl_divideerror_type));
    /* mismatched types */
    args[0] = L(1);
    args[1] = jl_box_int32(1);
    e = NULL;
    {
        JL_TRY {
            jl_interp_intrinsic(jl_intrinsic_add_int, args, 2);
        }
        JL_CATCH {
            e = jl_current_exception();
        }
    }
    CHECK(is_exc(e, jl_errorexception_type) && strcmp(errmsg(e), "add_int: types of a and b must match") == 0);
    /* pointers: add_ptr(Ptr, UInt), pointerref/pointerset on a C buffer and on Ptr{Any} */
    int64_t cbuf[3] = {10, 20, 30};
    jl_value_t *pint = jl_apply_type1(jl_pointer_typename->wrapper, (jl_value_t *)jl_int64_type);
    void *praw = cbuf;
    args[0] = jl_new_bits(pint, &praw);
    args[1] = jl_box_uint64(8);
    jl_value_t *p2 = jl_interp_intrinsic(jl_intrinsic_add_ptr, args, 2);
    CHECK(jl_typeof(p2) == pint && jl_unbox_voidpointer(p2) == (void *)&cbuf[1]);
    args[0] = p2;
    args[1] = L(2);
    args[2] = L(1);
    CHECK(jl_unbox_long(jl_interp_intrinsic(jl_intrinsic_pointerref, args, 3)) == 30);
    jl_value_t *sargs[4] = {p2, L(99), L(1), L(1)};
    jl_interp_intrinsic(jl_intrinsic_pointerset, sargs, 4);
    CHECK(cbuf[1] == 99);
    jl_value_t *objs[2] = {S("a"), S("b")};
    void *pobj = objs;
    args[0] = jl_new_bits(jl_apply_type1(jl_pointer_typename->wrapper, (jl_value_t *)jl_any_type), &pobj);
    args[1] = L(2);
    args[2] = L(1);
    CHECK(jl_interp_intrinsic(jl_intrinsic_pointerref, args, 3) == objs[1]);
    /* float compare and fpiseq */
    args[0] = jl_box_float64(NAN);
    args[1] = jl_box_float64(NAN);
    CHECK(jl_interp_intrinsic(jl_intrinsic_eq_float, args, 2) == jl_false);
    CHECK(jl_interp_intrinsic(jl_intrinsic_fpiseq, args, 2) == jl_true);
}

static double test_dsum(double a, float b, int64_t c, double d) { return a + b + (double)c + d; }
JL_DLLEXPORT double jl_test_dsum(double a, float b, int64_t c, double d) { return test_dsum(a, b, c, d); }
JL_DLLEXPORT int64_t jl_test_many(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g,
                                  int64_t h)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
JL_DLLEXPORT float jl_test_fhalf(float x) { return x / 2; }
JL_DLLEXPORT int32_t jl_test_neg8(int8_t x) { return -(int32_t)x; }

static void test_ccall(void)
{
    jl_value_t *ptr_u8 = jl_apply_type1(jl_pointer_typename->wrapper, (jl_value_t *)jl_uint8_type);
    /* strlen("hello") */
    jl_code_info_t *ci = new_ci(1);
    push(ci, E("foreigncall", QS("strlen"), (jl_value_t *)jl_uint64_type, CALL(core("svec"), ptr_u8), L(0),
               QS("ccall"), S("hello")));
    push(ci, jl_new_returnnode(ssa(1)));
    jl_value_t *r = run(ci);
    CHECK(jl_typeis(r, jl_uint64_type) && jl_unbox_uint64(r) == 5);
    /* mixed int/float arguments and a double return */
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("jl_test_dsum"), (jl_value_t *)jl_float64_type,
               CALL(core("svec"), (jl_value_t *)jl_float64_type, (jl_value_t *)jl_float32_type,
                    (jl_value_t *)jl_int64_type, (jl_value_t *)jl_float64_type),
               L(0), QS("ccall"), jl_box_float64(1.5), jl_box_float32(2.5f), L(3), jl_box_float64(0.25)));
    push(ci, jl_new_returnnode(ssa(1)));
    r = run(ci);
    CHECK(jl_typeis(r, jl_float64_type) && jl_unbox_float64(r) == 7.25);
    /* stack arguments */
    jl_svec_t *eight = jl_alloc_svec(8);
    for (int i = 0; i < 8; i++)
        jl_svecset(eight, i, jl_int64_type);
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("jl_test_many"), (jl_value_t *)jl_int64_type, (jl_value_t *)eight, L(0),
               QS("ccall"), L(1), L(1), L(1), L(1), L(1), L(1), L(1), L(1)));
    push(ci, jl_new_returnnode(ssa(1)));
    CHECK(jl_unbox_long(run(ci)) == 36);
    /* float return, small signed argument */
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("jl_test_fhalf"), (jl_value_t *)jl_float32_type,
               CALL(core("svec"), (jl_value_t *)jl_float32_type), L(0), QS("ccall"), jl_box_float32(3.0f)));
    push(ci, jl_new_returnnode(ssa(1)));
    r = run(ci);
    CHECK(jl_typeis(r, jl_float32_type) && jl_unbox_float32(r) == 1.5f);
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("jl_test_neg8"), (jl_value_t *)jl_int32_type,
               CALL(core("svec"), (jl_value_t *)jl_int8_type), L(0), QS("ccall"), jl_box_int8(-5)));
    push(ci, jl_new_returnnode(ssa(1)));
    r = run(ci);
    CHECK(jl_unbox_int32(r) == 5);
    /* (:sym, lib) with libm; Any return from a runtime function */
    ci = new_ci(1);
    push(ci, E("foreigncall", CALL(core("tuple"), QS("sqrt"), S("libm")), (jl_value_t *)jl_float64_type,
               CALL(core("svec"), (jl_value_t *)jl_float64_type), L(0), QS("ccall"), jl_box_float64(2.25)));
    push(ci, jl_new_returnnode(ssa(1)));
    CHECK(jl_unbox_float64(run(ci)) == 1.5);
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("jl_cstr_to_string"), (jl_value_t *)jl_any_type, CALL(core("svec"), ptr_u8),
               L(0), QS("ccall"), S("abc")));
    push(ci, jl_new_returnnode(ssa(1)));
    r = run(ci);
    CHECK(jl_is_string(r) && strcmp(jl_string_data(r), "abc") == 0);
    /* missing symbol */
    ci = new_ci(1);
    push(ci, E("foreigncall", QS("no_such_function_xyz"), (jl_value_t *)jl_nothing_type, CALL(core("svec")), L(0),
               QS("ccall")));
    push(ci, jl_new_returnnode(ssa(1)));
    jl_value_t *e = run_catch(ci, NULL);
    CHECK(is_exc(e, jl_errorexception_type) && strstr(errmsg(e), "could not load symbol") != NULL);
}

static void test_frames(void)
{
    /* the frame's line follows codelocs / linetable */
    jl_code_info_t *ci = new_ci(1);
    push(ci, CALL(core("throw"), S("x")));
    push(ci, jl_new_returnnode(L(0)));
    jl_lineinfonode_t *li =
        (jl_lineinfonode_t *)jl_gc_alloc(sizeof(jl_lineinfonode_t), (jl_value_t *)jl_lineinfonode_type);
    li->module = jl_main_module;
    li->method = (jl_value_t *)jl_symbol("top-level scope");
    li->file = jl_symbol("f.jl");
    li->line = 17;
    jl_array_ptr_1d_push((jl_array_t *)ci->linetable, (jl_value_t *)li);
    int32_t one = 1;
    jl_array_grow_end(ci->codelocs, 2);
    memcpy(jl_array_data(ci->codelocs), &one, 4);
    memcpy((char *)jl_array_data(ci->codelocs) + 4, &one, 4);
    jl_frame_t *f0 = jl_current_frame;
    jl_value_t *volatile bt = NULL;
    JL_TRY {
        run(ci);
    }
    JL_CATCH {
        jl_array_t *st = jl_current_task->excstack;
        bt = jl_array_ptr_ref(st, jl_array_len(st) - 1);
    }
    CHECK(jl_current_frame == f0);
    CHECK(bt != NULL && jl_is_array(bt) && jl_array_len(bt) >= 1);
    if (bt && jl_is_array(bt) && jl_array_len(bt) >= 1) {
        jl_svec_t *fr = (jl_svec_t *)jl_array_ptr_ref(bt, 0);
        CHECK(jl_svecref(fr, 2) == (jl_value_t *)jl_symbol("f.jl") && jl_unbox_long(jl_svecref(fr, 3)) == 17);
    }
}

int main(void)
{
    bootstrap();
    test_basic_calls();
    test_loop();
    test_exceptions();
    test_globals_and_modules();
    test_methods_and_calls();
    test_structs();
    test_intrinsics();
    test_ccall();
    test_frames();
    printf("test_interp: %d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
