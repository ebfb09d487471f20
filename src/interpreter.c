/* interpreter.c: runs lowered code (jl_code_info_t, statement forms listed in julia.h): top-level thunks
 * and method bodies that are not compiled.
 *
 * CONTRACTS
 *  - jl_interpret_call(mi, args, nargs): args[0] is the function object, args[1..nargs-1] the arguments
 *    (nargs counts the function). jl_interpret_invoke(mi, F, args, nargs) is the same with F separate and
 *    args excluding it (the `invoke` convention). gf.c calls one of them directly when a CodeInstance's
 *    invoke == jl_fptr_interpret_call (the uniform signature carries no MethodInstance).
 *    jl_fptr_interpret_call(F, args, nargs) itself still works when called directly: it finds its
 *    MethodInstance by dispatch on the argument types (so it must not be used for `invoke`-selected methods).
 *  - Slots: slot 1 = the function, slots 2..m->nargs = arguments (the last one a Tuple when m->isva), then
 *    locals (NULL = unassigned: reading one throws UndefVarError). SSA values live in a per-call array.
 *    Static parameters come from mi->sparam_vals; when some are still TypeVars (a MethodInstance with a
 *    widened signature) they are recomputed from the actual argument types.
 *  - Exceptions: :enter runs the try body in a nested eval_body call under a jl_handler_t; :leave pops
 *    handlers and longjmps back to the frame of the outermost one left, which continues after the :leave.
 *    The value of an :enter statement is the exception-stack depth (the token :pop_exception restores).
 *  - Each call pushes a jl_frame_t (jl_current_frame) whose line follows codelocs/linetable, so error reports
 *    can print a stack trace; jl_throw restores jl_current_frame at the catching handler.
 *  - Expr(:foreigncall, fname, RetT, argtypes, nreq, QuoteNode(:ccall), args..., roots...) is what
 *    `ccall(fname, RetT, (ArgT...,), args...)` lowers to (as in Julia 1.10):
 *      fname     QuoteNode(:name) or a bare Symbol (the C name, not a global), a String, a tuple
 *                (:name, lib) as a literal/QuoteNode or as Expr(:call, GlobalRef(Core,:tuple), ...), or any
 *                argument evaluating to a Ptr (function pointer), Symbol, String or such a tuple;
 *      RetT      an expression evaluating to the return type (literal type, GlobalRef, static_parameter, or a
 *                nested apply_type call: nested Exprs are allowed here, Julia leaves them unlowered too);
 *      argtypes  an expression evaluating to a SimpleVector of argument types (usually a nested
 *                Expr(:call, GlobalRef(Core,:svec), T...)), one entry per C argument (repeat the type of a
 *                varargs tail; a trailing Vararg{T} entry is accepted too);
 *      nreq      Int: 0, or the number of fixed arguments of a varargs C function (ignored);
 *      args      exactly length(argtypes) values: either Julia's Base.unsafe_convert(T, Base.cconvert(T, x))
 *                results or raw values (the interpreter converts Int/Bool/Float/String/Array/Ptr/mutable
 *                objects to the C type itself; `Any` passes the object pointer);
 *      roots     trailing values kept alive during the call (ignored).
 *    Supported: integer/pointer-class and Float64/Float32 arguments (6 + 8 in registers, 10 more integer
 *    arguments on the stack), returns Cvoid/Any/Bool/integers/pointers/Float64/Float32/Ref{T}. No structs by
 *    value. cglobal((:sym, lib), T) is the intrinsic Core.Intrinsics.cglobal(spec, T).
 *  - Top-level thunks bump the task's world age to the newest world before each statement (so a function
 *    defined earlier in the same thunk is callable); method bodies run in the world they were called in.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>

typedef struct {
    jl_code_info_t *src;
    jl_module_t *module;
    jl_svec_t *sparams;         /* static parameter values, or NULL */
    jl_value_t **locals;        /* nslots */
    jl_value_t **ssavals;       /* nstmts */
    jl_value_t **stmts;
    size_t nslots, nstmts;
    const int32_t *codelocs;    /* per statement index into linetable (1-based), or NULL */
    jl_array_t *linetable;      /* Vector{Any} of LineInfoNode (or LineNumberNode), or NULL */
    int32_t lastloc;
    int toplevel;
    size_t continue_at;         /* set by :leave before longjmp-ing to the :enter frame: the next ip */
    struct _iprog_t *prog;      /* decoded program (method bodies), or NULL */
    jl_frame_t frame;
} interp_state_t;
typedef struct _iprog_t iprog_t;

static jl_value_t *eval_value_slow(jl_value_t *e, interp_state_t *s);
static jl_value_t *eval_body(interp_state_t *s, size_t ip);

/* An argument's value; SSA values and slots (most arguments) without a call. */
static inline jl_value_t *eval_value(jl_value_t *e, interp_state_t *s)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(e);
    if (t == jl_ssavalue_type) {
        size_t id = (size_t)((jl_ssavalue_t *)e)->id - 1;
        jl_value_t *v = id < s->nstmts ? s->ssavals[id] : NULL;
        if (JL_LIKELY(v != NULL))
            return v;
    }
    else if (t == jl_slotnumber_type) {
        size_t n = (size_t)((jl_slotnumber_t *)e)->id - 1;
        jl_value_t *v = n < s->nslots ? s->locals[n] : NULL;
        if (JL_LIKELY(v != NULL))
            return v;
    }
    return eval_value_slow(e, s);
}

/* ---------------------------------------------------------------------------------------------- */
/* Variables */

static JL_NORETURN void undef_slot(interp_state_t *s, size_t n)
{
    jl_sym_t *name = jl_symbol("?");
    jl_array_t *names = s->src->slotnames;
    if (names != NULL && n >= 1 && n <= jl_array_len(names))
        name = (jl_sym_t *)jl_array_ptr_ref(names, n - 1);
    jl_undefined_var_error(name);
}

static inline jl_binding_t *final_binding(jl_binding_t *b)
{
    while (b->alias != NULL)
        b = b->alias;
    return b;
}

jl_value_t *jl_eval_global_var(jl_module_t *m, jl_sym_t *e)
{
    jl_binding_t *b = jl_get_binding(m, e);
    jl_value_t *v = b ? b->value : NULL;
    if (v == NULL)
        jl_undefined_var_error(e);
    return v;
}

static jl_value_t *eval_globalref(jl_globalref_t *gr)
{
    jl_binding_t *b = gr->binding;
    if (JL_UNLIKELY(b == NULL)) {
        b = jl_get_binding(gr->mod, gr->name);
        if (b == NULL)
            jl_undefined_var_error(gr->name);
        gr->binding = b;
    }
    jl_value_t *v = b->alias ? final_binding(b)->value : b->value;
    if (JL_UNLIKELY(v == NULL))
        jl_undefined_var_error(gr->name);
    return v;
}

static void assign_global(jl_module_t *m, jl_sym_t *name, jl_globalref_t *gr, jl_value_t *rhs)
{
    jl_binding_t *b = gr ? gr->binding : NULL;
    if (b == NULL || b->owner != m || b->alias != NULL) {
        b = jl_get_binding_wr(m, name);
        if (gr)
            gr->binding = b;
    }
    jl_checked_assignment(b, m, name, rhs);
}

static jl_value_t *static_parameter(interp_state_t *s, jl_value_t *iv)
{
    size_t i = (size_t)jl_unbox_long(iv);
    if (s->sparams == NULL || i < 1 || i > jl_svec_len(s->sparams))
        jl_error("could not determine static parameter value");
    jl_value_t *v = jl_svecref(s->sparams, i - 1);
    if (jl_is_typevar(v))
        jl_undefined_var_error(((jl_tvar_t *)v)->name);
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls */

static inline jl_value_t *call_value(jl_value_t *f, jl_value_t **args, uint32_t n)
{
    jl_methtable_t *mt = ((jl_datatype_t *)jl_typeof(f))->name->mt;
    if (mt != NULL && mt->builtin != NULL)
        return mt->builtin(f, args, n);
    return jl_apply_generic(f, args, n);
}

/* Expr(:call, f, args...) */
static jl_value_t *do_call(jl_value_t **argexprs, size_t n, interp_state_t *s)
{
    if (JL_UNLIKELY(n == 0))
        jl_error("malformed call expression");
    if (n <= 8) {
        jl_value_t *argv[8];
        for (size_t i = 0; i < n; i++)
            argv[i] = eval_value(argexprs[i], s);
        return call_value(argv[0], &argv[1], (uint32_t)(n - 1));
    }
    jl_value_t *argv[n];
    for (size_t i = 0; i < n; i++)
        argv[i] = eval_value(argexprs[i], s);
    return call_value(argv[0], &argv[1], (uint32_t)(n - 1));
}

/* Expr(:invoke, mi, f, args...) */
static jl_value_t *do_invoke(jl_value_t **argexprs, size_t n, interp_state_t *s)
{
    jl_value_t *mi = argexprs[0];
    if (jl_is_code_instance(mi))
        mi = (jl_value_t *)((jl_code_instance_t *)mi)->def;
    jl_value_t *argv[n];
    for (size_t i = 1; i < n; i++)
        argv[i] = eval_value(argexprs[i], s);
    jl_value_t *f = argv[1];
    jl_methtable_t *mt = ((jl_datatype_t *)jl_typeof(f))->name->mt;
    if (mt != NULL && mt->builtin != NULL)
        return mt->builtin(f, &argv[2], (uint32_t)(n - 2));
    if (!jl_is_method_instance(mi))
        return jl_apply_generic(f, &argv[2], (uint32_t)(n - 2));
    return jl_invoke(f, &argv[2], (uint32_t)(n - 2), (jl_method_instance_t *)mi);
}

/* Expr(:new, T, args...) */
static jl_value_t *do_new(jl_value_t **argexprs, size_t n, interp_state_t *s)
{
    jl_value_t *argv[n];
    for (size_t i = 0; i < n; i++)
        argv[i] = eval_value(argexprs[i], s);
    jl_value_t *T = argv[0];
    if (!jl_is_datatype(T) || !((jl_datatype_t *)T)->isconcretetype || ((jl_datatype_t *)T)->layout == NULL)
        jl_type_error("new", (jl_value_t *)jl_datatype_type, T);
    return jl_new_structv((jl_datatype_t *)T, &argv[1], (uint32_t)(n - 1));
}

/* Expr(:splatnew, T, tuple) */
static jl_value_t *do_splatnew(jl_value_t **argexprs, size_t n, interp_state_t *s)
{
    if (n != 2)
        jl_error("splatnew: wrong number of arguments");
    jl_value_t *T = eval_value(argexprs[0], s);
    jl_value_t *tup = eval_value(argexprs[1], s);
    if (!jl_is_datatype(T) || !((jl_datatype_t *)T)->isconcretetype || ((jl_datatype_t *)T)->layout == NULL)
        jl_type_error("new", (jl_value_t *)jl_datatype_type, T);
    if (!jl_is_tuple(tup))
        jl_type_error("new", (jl_value_t *)jl_anytuple_type, tup);
    size_t nf = jl_nfields_of(tup);
    jl_value_t *argv[nf + 1];
    for (size_t i = 0; i < nf; i++)
        argv[i] = jl_get_nth_field(tup, i);
    return jl_new_structv((jl_datatype_t *)T, argv, (uint32_t)nf);
}

/* Expr(:foreigncall, fname, RetT, argtypes, nreq, cconv, args..., roots...) (shape: top of this file).
 * fname, RetT and argtypes are evaluated here (they may be nested Exprs); a bare Symbol fname is the C name. */
static jl_value_t *eval_foreigncall(jl_value_t **argexprs, size_t n, interp_state_t *s)
{
    if (n < 5)
        jl_error("foreigncall: malformed expression");
    jl_value_t *spec = jl_is_symbol(argexprs[0]) ? argexprs[0] : eval_value(argexprs[0], s);
    jl_value_t *rt = eval_value(argexprs[1], s);
    jl_value_t *at = eval_value(argexprs[2], s);
    if (!jl_is_svec(at))
        jl_type_error("ccall", (jl_value_t *)jl_simplevector_type, at);
    size_t nc = jl_svec_len(at);
    if (nc > 0 && jl_is_vararg(jl_svecref(at, nc - 1)))
        nc = n - 5;
    if (n - 5 < nc)
        jl_error("ccall: wrong number of arguments to C function");
    void *fptr = jl_resolve_foreign(spec, "ccall");
    jl_value_t *argv[nc + 1];
    for (size_t i = 0; i < nc; i++)
        argv[i] = eval_value(argexprs[5 + i], s);
    return jl_interp_ccall(fptr, rt, (jl_svec_t *)at, argv, nc);
}

static jl_value_t *eval_isdefined(jl_value_t *sym, interp_state_t *s)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(sym);
    if (t == jl_slotnumber_type || t == jl_argument_type) {
        size_t n = (size_t)((jl_slotnumber_t *)sym)->id;
        return (n >= 1 && n <= s->nslots && s->locals[n - 1] != NULL) ? jl_true : jl_false;
    }
    if (t == jl_globalref_type) {
        jl_globalref_t *gr = (jl_globalref_t *)sym;
        return jl_boundp(gr->mod, gr->name) ? jl_true : jl_false;
    }
    if (t == jl_symbol_type)
        return jl_boundp(s->module, (jl_sym_t *)sym) ? jl_true : jl_false;
    if (t == jl_quotenode_type && jl_is_symbol(((jl_quotenode_t *)sym)->value))
        return jl_boundp(s->module, (jl_sym_t *)((jl_quotenode_t *)sym)->value) ? jl_true : jl_false;
    if (t == jl_expr_type && ((jl_expr_t *)sym)->head == jl_static_parameter_sym) {
        size_t i = (size_t)jl_unbox_long(jl_exprarg(sym, 0));
        if (s->sparams == NULL || i < 1 || i > jl_svec_len(s->sparams))
            return jl_false;
        return jl_is_typevar(jl_svecref(s->sparams, i - 1)) ? jl_false : jl_true;
    }
    return jl_true;
}

/* Value-producing Exprs (also nested ones, e.g. the type arguments of :foreigncall). */
static jl_value_t *eval_expr(jl_expr_t *ex, interp_state_t *s)
{
    jl_sym_t *head = ex->head;
    jl_value_t **args = jl_array_ptr_data(ex->args);
    size_t n = jl_array_len(ex->args);
    if (head == jl_call_sym)
        return do_call(args, n, s);
    if (head == jl_invoke_sym)
        return do_invoke(args, n, s);
    if (head == jl_new_sym)
        return do_new(args, n, s);
    if (head == jl_static_parameter_sym)
        return static_parameter(s, args[0]);
    if (head == jl_isdefined_sym)
        return eval_isdefined(args[0], s);
    if (head == jl_the_exception_sym)
        return jl_current_exception();
    if (head == jl_boundscheck_sym)
        return jl_true;
    if (head == jl_copyast_sym)
        return jl_copy_ast(eval_value(args[0], s));
    if (head == jl_splatnew_sym)
        return do_splatnew(args, n, s);
    if (head == jl_foreigncall_sym)
        return eval_foreigncall(args, n, s);
    if (head == jl_throw_undef_if_not_sym || head == jl_undefcheck_sym) {
        jl_value_t *cond = eval_value(args[1], s);
        if (cond == jl_false)
            jl_undefined_var_error((jl_sym_t *)args[0]);
        return jl_nothing;
    }
    if (head == jl_meta_sym || head == jl_inbounds_sym || head == jl_loopinfo_sym || head == jl_line_sym ||
        head == jl_gc_preserve_begin_sym || head == jl_gc_preserve_end_sym || head == jl_aliasscope_sym ||
        head == jl_popaliasscope_sym || head == jl_inline_sym || head == jl_noinline_sym ||
        head == jl_purity_sym || head == jl_latestworld_sym)
        return jl_nothing;
    if (head == jl_new_opaque_closure_sym)
        jl_error("opaque closures are not supported");
    if (head == jl_cfunction_sym)
        jl_error("cfunction is not supported by the interpreter");
    if (head == jl_error_sym || head == jl_incomplete_sym) {
        if (n > 0 && jl_is_string(args[0]))
            jl_errorf("syntax: %s", jl_string_data(args[0]));
        jl_throw(n > 0 ? args[0] : jl_nothing);
    }
    if (head == jl_method_sym || head == jl_assign_sym || head == jl_global_sym || head == jl_const_sym ||
        head == jl_toplevel_sym || head == jl_module_sym || head == jl_thunk_sym || head == jl_using_sym ||
        head == jl_import_sym || head == jl_export_sym)
        return jl_toplevel_eval_flex(s->module, (jl_value_t *)ex, 1, 1);
    jl_errorf("unsupported or misplaced expression \"%s\" in function %s", jl_symbol_name(head),
              s->frame.mi && jl_is_method(s->frame.mi->def)
                  ? jl_symbol_name(((jl_method_t *)s->frame.mi->def)->name)
                  : "top-level scope");
}

static __attribute__((noinline)) jl_value_t *eval_value_slow(jl_value_t *e, interp_state_t *s)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(e);
    if (t == jl_ssavalue_type) {
        size_t id = (size_t)((jl_ssavalue_t *)e)->id;
        if (JL_UNLIKELY(id < 1 || id > s->nstmts))
            jl_error("access to invalid SSAValue");
        jl_value_t *v = s->ssavals[id - 1];
        if (JL_UNLIKELY(v == NULL))
            jl_error("access to undefined SSAValue");
        return v;
    }
    if (t == jl_slotnumber_type || t == jl_argument_type) {
        size_t n = (size_t)((jl_slotnumber_t *)e)->id;
        if (JL_UNLIKELY(n < 1 || n > s->nslots))
            jl_error("access to invalid slot number");
        jl_value_t *v = s->locals[n - 1];
        if (JL_UNLIKELY(v == NULL))
            undef_slot(s, n);
        return v;
    }
    if (t == jl_globalref_type)
        return eval_globalref((jl_globalref_t *)e);
    if (t == jl_quotenode_type)
        return ((jl_quotenode_t *)e)->value;
    if (t == jl_expr_type)
        return eval_expr((jl_expr_t *)e, s);
    if (t == jl_symbol_type)
        return jl_eval_global_var(s->module, (jl_sym_t *)e);
    return e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Statements */

static jl_value_t *eval_methoddef(jl_expr_t *ex, interp_state_t *s)
{
    size_t n = jl_expr_nargs(ex);
    jl_value_t *fname = jl_exprarg(ex, 0);
    if (n == 1) {
        jl_module_t *mod = s->module;
        if (jl_is_globalref(fname)) {
            mod = ((jl_globalref_t *)fname)->mod;
            fname = (jl_value_t *)((jl_globalref_t *)fname)->name;
        }
        if (!jl_is_symbol(fname))
            jl_error("method: invalid declaration");
        jl_sym_t *name = (jl_sym_t *)fname;
        jl_binding_t *b = jl_get_binding_for_method_def(mod, name);
        jl_value_t *gf = b->value;
        if (gf != NULL) {
            jl_datatype_t *gt = (jl_datatype_t *)jl_typeof(gf);
            if (gt->instance != gf && !jl_is_type(gf))
                jl_errorf("cannot define function %s; it already has a value", jl_symbol_name(name));
            return gf;
        }
        gf = jl_new_generic_function(name, mod);
        jl_declare_constant(b, mod, name);
        jl_checked_assignment(b, mod, name, gf);
        return gf;
    }
    if (n < 3)
        jl_error("method: invalid declaration");
    jl_value_t *atypes = eval_value(jl_exprarg(ex, 1), s);
    jl_value_t *meth = eval_value(jl_exprarg(ex, 2), s);
    if (!jl_is_svec(atypes))
        jl_type_error("method", (jl_value_t *)jl_simplevector_type, atypes);
    if (!jl_is_code_info(meth))
        jl_type_error("method", (jl_value_t *)jl_code_info_type, meth);
    return (jl_value_t *)jl_method_def((jl_svec_t *)atypes, (jl_code_info_t *)meth, s->module);
}

static void eval_assign(jl_expr_t *ex, interp_state_t *s, size_t ip)
{
    jl_value_t *lhs = jl_exprarg(ex, 0);
    jl_value_t *rhs = eval_value(jl_exprarg(ex, 1), s);
    s->ssavals[ip] = rhs;
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(lhs);
    if (t == jl_slotnumber_type || t == jl_argument_type) {
        size_t n = (size_t)((jl_slotnumber_t *)lhs)->id;
        if (JL_UNLIKELY(n < 1 || n > s->nslots))
            jl_error("assignment to invalid slot number");
        s->locals[n - 1] = rhs;
    }
    else if (t == jl_globalref_type) {
        jl_globalref_t *gr = (jl_globalref_t *)lhs;
        assign_global(gr->mod, gr->name, gr, rhs);
    }
    else if (t == jl_symbol_type) {
        assign_global(s->module, (jl_sym_t *)lhs, NULL, rhs);
    }
    else {
        jl_error("invalid assignment location");
    }
}

static void decl_global(jl_value_t *arg, interp_state_t *s, int isconst)
{
    jl_module_t *m = s->module;
    jl_sym_t *name;
    if (jl_is_globalref(arg)) {
        m = ((jl_globalref_t *)arg)->mod;
        name = ((jl_globalref_t *)arg)->name;
    }
    else if (jl_is_symbol(arg)) {
        name = (jl_sym_t *)arg;
    }
    else {
        jl_error(isconst ? "malformed \"const\" expression" : "malformed \"global\" expression");
    }
    jl_binding_t *b = jl_get_binding_wr(m, name);
    if (isconst)
        jl_declare_constant(b, m, name);
}

/* Pops handlers pushed in this frame (down to and including eh) that are still on the chain. */
static void unwind_handlers_to(jl_handler_t *eh)
{
    jl_task_t *ct = jl_current_task;
    int n = 0;
    for (jl_handler_t *h = ct->eh; h != NULL; h = h->prev) {
        n++;
        if (h == eh) {
            jl_pop_handler(n);
            return;
        }
    }
}

/* :enter: runs the try body (from ip+1) under a handler. Returns the ip to continue at, or (size_t)-1 with
 * *result set when the body returned. */
static __attribute__((noinline)) size_t do_enter(interp_state_t *s, size_t ip, size_t catch_ip, jl_value_t **result)
{
    jl_handler_t eh;
    s->ssavals[ip] = jl_box_long((int64_t)jl_excstack_depth());
    jl_enter_handler(&eh);
    if (!sigsetjmp(eh.eh_ctx, 0)) {
        jl_value_t *r = eval_body(s, ip + 1);
        unwind_handlers_to(&eh);
        *result = r;
        return (size_t)-1;
    }
    if (s->continue_at != 0) { /* a :leave jumped here: continue after it */
        size_t next = s->continue_at;
        s->continue_at = 0;
        return next;
    }
    jl_current_frame = &s->frame; /* an exception: go to the catch block */
    return catch_ip;
}

static JL_NORETURN void do_leave(jl_expr_t *ex, interp_state_t *s, size_t ip)
{
    size_t nargs = jl_expr_nargs(ex);
    int n = 0;
    if (nargs == 1 && jl_is_long(jl_exprarg(ex, 0))) {
        n = (int)jl_unbox_long(jl_exprarg(ex, 0));
    }
    else {
        for (size_t i = 0; i < nargs; i++)
            if (jl_exprarg(ex, i) != jl_nothing)
                n++;
    }
    if (n < 1)
        n = 1;
    jl_handler_t *eh = jl_current_task->eh;
    if (eh == NULL)
        jl_error("leave: no exception handler to leave");
    for (int k = 1; k < n && eh->prev != NULL; k++)
        eh = eh->prev;
    jl_pop_handler(n);
    s->continue_at = ip + 1; /* never 0: tells do_enter this is a :leave, not an exception */
    siglongjmp(eh->eh_ctx, 1);
}

static void update_line_loc(interp_state_t *s, int32_t loc);

static inline void update_line(interp_state_t *s, size_t ip)
{
    int32_t loc = s->codelocs[ip];
    if (loc != s->lastloc)
        update_line_loc(s, loc);
}

static int is_toplevel_only_head(jl_sym_t *head)
{
    return head == jl_toplevel_sym || head == jl_module_sym || head == jl_using_sym || head == jl_import_sym ||
           head == jl_export_sym || head == jl_thunk_sym;
}

/* Executes statement ip (any form). Returns 1 with *result set if it was a return, else 0 with *next set. */
static int exec_stmt(interp_state_t *s, size_t ip, size_t *next, jl_value_t **result)
{
    jl_value_t *stmt = s->stmts[ip];
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(stmt);
    *next = ip + 1;
    if (t == jl_expr_type) {
        jl_expr_t *ex = (jl_expr_t *)stmt;
        jl_sym_t *head = ex->head;
        if (head == jl_call_sym) {
            s->ssavals[ip] = do_call(jl_array_ptr_data(ex->args), jl_array_len(ex->args), s);
        }
        else if (head == jl_assign_sym) {
            eval_assign(ex, s, ip);
        }
        else if (head == jl_enter_sym) {
            size_t catch_ip = (size_t)jl_unbox_long(jl_exprarg(ex, 0)) - 1;
            *next = do_enter(s, ip, catch_ip, result);
            if (*next == (size_t)-1)
                return 1;
        }
        else if (head == jl_leave_sym) {
            do_leave(ex, s, ip);
        }
        else if (head == jl_pop_exception_sym) {
            jl_value_t *tok = eval_value(jl_exprarg(ex, 0), s);
            jl_restore_excstack((size_t)jl_unbox_long(tok));
        }
        else if (head == jl_method_sym) {
            s->ssavals[ip] = eval_methoddef(ex, s);
        }
        else if (head == jl_global_sym) {
            for (size_t i = 0; i < jl_expr_nargs(ex); i++)
                decl_global(jl_exprarg(ex, i), s, 0);
        }
        else if (head == jl_const_sym) {
            decl_global(jl_exprarg(ex, 0), s, 1);
        }
        else if (is_toplevel_only_head(head)) {
            s->ssavals[ip] = jl_toplevel_eval_flex(s->module, stmt, 1, 0);
        }
        else {
            s->ssavals[ip] = eval_expr(ex, s);
        }
    }
    else if (t == jl_gotonode_type) {
        *next = (size_t)((jl_gotonode_t *)stmt)->label - 1;
    }
    else if (t == jl_gotoifnot_type) {
        jl_gotoifnot_t *g = (jl_gotoifnot_t *)stmt;
        jl_value_t *cond = eval_value(g->cond, s);
        if (cond == jl_false)
            *next = (size_t)g->dest - 1;
        else if (JL_UNLIKELY(cond != jl_true))
            jl_type_error("if", (jl_value_t *)jl_bool_type, cond);
    }
    else if (t == jl_returnnode_type) {
        jl_value_t *val = ((jl_returnnode_t *)stmt)->val;
        if (val == NULL)
            jl_error("reached code declared unreachable");
        *result = eval_value(val, s);
        return 1;
    }
    else if (t == jl_newvarnode_type) {
        jl_value_t *slot = ((jl_newvarnode_t *)stmt)->slot;
        size_t n = (size_t)((jl_slotnumber_t *)slot)->id;
        if (n >= 1 && n <= s->nslots)
            s->locals[n - 1] = NULL;
    }
    else if (t == jl_linenumbernode_type) {
        jl_linenumbernode_t *l = (jl_linenumbernode_t *)stmt;
        s->frame.line = (int32_t)(intptr_t)l->line;
        if (jl_is_symbol(l->file))
            s->frame.file = (jl_sym_t *)l->file;
    }
    else if (stmt != jl_nothing) {
        s->ssavals[ip] = eval_value(stmt, s);
    }
    return 0;
}

/* The statement loop over the CodeInfo itself (top-level thunks, or methods without a decoded program). */
static jl_value_t *eval_body_ir(interp_state_t *s, size_t ip)
{
    size_t ns = s->nstmts;
    jl_task_t *ct = jl_current_task;
    for (;;) {
        if (JL_UNLIKELY(ip >= ns))
            jl_error("`body` expression must terminate in `return`. Use `block` instead.");
        if (s->codelocs != NULL)
            update_line(s, ip);
        if (s->toplevel)
            ct->world_age = jl_world_counter;
        size_t next;
        jl_value_t *result;
        if (exec_stmt(s, ip, &next, &result))
            return result;
        ip = next;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Decoded programs: method bodies are decoded once into flat arrays (statement kind, argument kinds and
 * indices), so the hot loop reads no IR objects (SSAValue/SlotNumber boxes, Exprs) for the common forms:
 * calls, slot assignments, gotos, returns. Other statements run through exec_stmt on the original IR.
 * Decoded programs are cached per CodeInfo (C memory, keyed by pointer; the CodeInfos are marked by a GC
 * callback so a key can never be freed and reused). Only method sources are decoded (they live as long as
 * their methods); top-level thunks run once and use eval_body_ir. */

enum { A_SSA, A_SLOT, A_CONST, A_GREF, A_SLOW };
typedef struct {
    uint32_t kind;
    uint32_t idx;               /* A_SSA / A_SLOT: 0-based index */
    jl_value_t *v;              /* A_CONST value, A_GREF GlobalRef, A_SLOW original argument */
} iarg_t;

enum { S_GENERIC, S_CALL, S_ASSIGN_CALL, S_ASSIGN_VAL, S_GOTO, S_GOTOIFNOT, S_RETURN, S_NEWVAR, S_NOP };
typedef struct {
    uint16_t op;
    uint16_t pad;
    uint32_t n;                 /* number of arguments (S_CALL/S_ASSIGN_CALL: including the function) */
    uint32_t target;            /* S_GOTO, S_GOTOIFNOT: 0-based destination; S_ASSIGN_CALL, S_ASSIGN_VAL, S_NEWVAR: slot */
    int32_t loc;                /* codelocs entry */
    iarg_t *args;
    jl_value_t *f;              /* calls: the callee when it is a constant function or type, else NULL */
    jl_fptr_args_t fptr;        /* calls with f: its builtin entry point, or NULL (generic dispatch) */
} istmt_t;

struct _iprog_t {
    jl_code_info_t *src;
    jl_array_t *code;           /* src->code when decoded (re-decode if replaced) */
    size_t nstmts;
    size_t nslots;              /* length(src->slotnames) */
    jl_array_t *linetable;      /* src->linetable if a Vector, else NULL */
    istmt_t *stmts;
    iarg_t *argpool;
};

typedef struct {
    jl_code_info_t *src;        /* NULL: empty */
    iprog_t *prog;
} progslot_t;

static progslot_t *progtab;
static size_t progtab_len, progtab_cap;

static void mark_decoded_sources(void)
{
    for (size_t i = 0; i < progtab_cap; i++)
        if (progtab[i].src != NULL)
            jl_gc_mark_value((jl_value_t *)progtab[i].src);
}

static progslot_t *progtab_slot(jl_code_info_t *src)
{
    size_t mask = progtab_cap - 1;
    for (size_t i = jl_hash_ptr(src) & mask;; i = (i + 1) & mask)
        if (progtab[i].src == NULL || progtab[i].src == src)
            return &progtab[i];
}

static void progtab_insert(jl_code_info_t *src, iprog_t *prog)
{
    if ((progtab_len + 1) * 2 > progtab_cap) {
        progslot_t *old = progtab;
        size_t oldcap = progtab_cap;
        if (oldcap == 0)
            jl_gc_add_mark_callback(mark_decoded_sources);
        progtab_cap = oldcap ? 2 * oldcap : 1024;
        progtab = (progslot_t *)calloc(progtab_cap, sizeof(progslot_t));
        if (progtab == NULL)
            jl_fatal_error("out of memory in the interpreter's program cache");
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].src != NULL)
                *progtab_slot(old[i].src) = old[i];
        free(old);
    }
    progslot_t *sl = progtab_slot(src);
    if (sl->src == NULL)
        progtab_len++;
    sl->src = src;
    sl->prog = prog;
}

static void decode_arg(iarg_t *a, jl_value_t *e, size_t nstmts, size_t nslots)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(e);
    a->v = e;
    a->idx = 0;
    if (t == jl_ssavalue_type) {
        intptr_t id = ((jl_ssavalue_t *)e)->id;
        a->kind = id >= 1 && (size_t)id <= nstmts ? A_SSA : A_SLOW;
        a->idx = (uint32_t)(id - 1);
    }
    else if (t == jl_slotnumber_type || t == jl_argument_type) {
        intptr_t n = ((jl_slotnumber_t *)e)->id;
        a->kind = n >= 1 && (size_t)n <= nslots ? A_SLOT : A_SLOW;
        a->idx = (uint32_t)(n - 1);
    }
    else if (t == jl_quotenode_type) {
        a->kind = A_CONST;
        a->v = ((jl_quotenode_t *)e)->value;
    }
    else if (t == jl_globalref_type) {
        a->kind = A_GREF;
    }
    else if (t == jl_expr_type || t == jl_symbol_type) {
        a->kind = A_SLOW;
    }
    else {
        a->kind = A_CONST;
    }
}

static int is_simple_arg(jl_value_t *e)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(e);
    return t != jl_expr_type && t != jl_symbol_type;
}

static int is_nop_head(jl_sym_t *h)
{
    return h == jl_meta_sym || h == jl_inbounds_sym || h == jl_loopinfo_sym || h == jl_aliasscope_sym ||
           h == jl_popaliasscope_sym || h == jl_gc_preserve_end_sym;
}

/* Number of iarg_t a statement needs (0 for generic ones). */
static size_t stmt_nargs(jl_value_t *stmt)
{
    if (jl_is_expr(stmt)) {
        jl_expr_t *ex = (jl_expr_t *)stmt;
        if (ex->head == jl_call_sym)
            return jl_expr_nargs(ex);
        if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2) {
            jl_value_t *rhs = jl_exprarg(ex, 1);
            if (jl_is_expr(rhs) && ((jl_expr_t *)rhs)->head == jl_call_sym)
                return jl_expr_nargs(rhs);
            return 1;
        }
        return 0;
    }
    return (jl_is_gotoifnot(stmt) || jl_is_returnnode(stmt)) ? 1 : 0;
}

/* A callee that can be remembered: a function singleton or a type (their bindings can never change). */
static int is_stable_callee(jl_value_t *f)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(f);
    return t->instance == f || jl_is_type(f);
}

static void set_callee(istmt_t *st, jl_value_t *f)
{
    jl_methtable_t *mt = ((jl_datatype_t *)jl_typeof(f))->name->mt;
    st->fptr = mt ? mt->builtin : NULL;
    st->f = f;
}

static void decode_call(istmt_t *st, jl_expr_t *call, iarg_t *args, size_t nstmts, size_t nslots)
{
    st->n = (uint32_t)jl_expr_nargs(call);
    st->args = args;
    for (size_t i = 0; i < st->n; i++)
        decode_arg(&args[i], jl_exprarg(call, i), nstmts, nslots);
    if (args[0].kind == A_CONST && is_stable_callee(args[0].v))
        set_callee(st, args[0].v);
}

static void decode_stmt(istmt_t *st, jl_value_t *stmt, iarg_t *args, size_t nstmts, size_t nslots)
{
    st->op = S_GENERIC;
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(stmt);
    if (t == jl_expr_type) {
        jl_expr_t *ex = (jl_expr_t *)stmt;
        if (ex->head == jl_call_sym && jl_expr_nargs(ex) > 0) {
            st->op = S_CALL;
            decode_call(st, ex, args, nstmts, nslots);
        }
        else if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2) {
            jl_value_t *lhs = jl_exprarg(ex, 0), *rhs = jl_exprarg(ex, 1);
            intptr_t n = jl_is_slotnumber(lhs) || jl_is_argument(lhs) ? ((jl_slotnumber_t *)lhs)->id : 0;
            if (n < 1 || (size_t)n > nslots)
                return;
            st->target = (uint32_t)(n - 1);
            if (jl_is_expr(rhs) && ((jl_expr_t *)rhs)->head == jl_call_sym && jl_expr_nargs(rhs) > 0) {
                st->op = S_ASSIGN_CALL;
                decode_call(st, (jl_expr_t *)rhs, args, nstmts, nslots);
            }
            else if (is_simple_arg(rhs)) {
                st->op = S_ASSIGN_VAL;
                st->n = 1;
                st->args = args;
                decode_arg(&args[0], rhs, nstmts, nslots);
            }
        }
        else if (is_nop_head(ex->head)) {
            st->op = S_NOP;
        }
    }
    else if (t == jl_gotonode_type) {
        st->op = S_GOTO;
        st->target = (uint32_t)(((jl_gotonode_t *)stmt)->label - 1);
    }
    else if (t == jl_gotoifnot_type) {
        st->op = S_GOTOIFNOT;
        st->target = (uint32_t)(((jl_gotoifnot_t *)stmt)->dest - 1);
        st->n = 1;
        st->args = args;
        decode_arg(&args[0], ((jl_gotoifnot_t *)stmt)->cond, nstmts, nslots);
    }
    else if (t == jl_returnnode_type && ((jl_returnnode_t *)stmt)->val != NULL) {
        st->op = S_RETURN;
        st->n = 1;
        st->args = args;
        decode_arg(&args[0], ((jl_returnnode_t *)stmt)->val, nstmts, nslots);
    }
    else if (t == jl_newvarnode_type) {
        jl_value_t *slot = ((jl_newvarnode_t *)stmt)->slot;
        intptr_t n = jl_is_slotnumber(slot) ? ((jl_slotnumber_t *)slot)->id : 0;
        if (n >= 1 && (size_t)n <= nslots) {
            st->op = S_NEWVAR;
            st->target = (uint32_t)(n - 1);
        }
    }
    else if (stmt == jl_nothing) {
        st->op = S_NOP;
    }
}

static iprog_t *decode_program(jl_code_info_t *src, size_t nslots)
{
    size_t ns = jl_array_len(src->code), nargs = 0;
    jl_value_t **code = jl_array_ptr_data(src->code);
    for (size_t i = 0; i < ns; i++)
        nargs += stmt_nargs(code[i]);
    iprog_t *p = (iprog_t *)calloc(1, sizeof(iprog_t));
    istmt_t *stmts = (istmt_t *)calloc(ns ? ns : 1, sizeof(istmt_t));
    iarg_t *pool = (iarg_t *)calloc(nargs ? nargs : 1, sizeof(iarg_t));
    if (p == NULL || stmts == NULL || pool == NULL)
        jl_fatal_error("out of memory decoding a method body");
    const int32_t *locs = NULL;
    if (src->codelocs != NULL && jl_array_len(src->codelocs) == ns && ((jl_array_t *)src->codelocs)->elsize == 4)
        locs = (const int32_t *)jl_array_data(src->codelocs);
    iarg_t *next = pool;
    for (size_t i = 0; i < ns; i++) {
        size_t k = stmt_nargs(code[i]);
        decode_stmt(&stmts[i], code[i], next, ns, nslots);
        stmts[i].loc = locs ? locs[i] : 0;
        next += k;
    }
    p->src = src;
    p->code = src->code;
    p->nstmts = ns;
    p->nslots = src->slotnames ? jl_array_len(src->slotnames) : 0;
    p->linetable = (src->linetable && jl_is_array(src->linetable)) ? (jl_array_t *)src->linetable : NULL;
    p->stmts = stmts;
    p->argpool = pool;
    return p;
}

static void free_program(iprog_t *p)
{
    free(p->stmts);
    free(p->argpool);
    free(p);
}

/* The decoded program of a method body (decoded on first use). nargs: the method's argument count (slots
 * beyond the slot names, if any). */
static iprog_t *program_for(jl_code_info_t *src, size_t nargs)
{
    size_t nslots = src->slotnames ? jl_array_len(src->slotnames) : 0;
    if (nslots < nargs)
        nslots = nargs;
    if (progtab_cap > 0) {
        progslot_t *sl = progtab_slot(src);
        if (sl->src == src) {
            iprog_t *p = sl->prog;
            if (p->code == src->code)
                return p;
            free_program(p);
        }
    }
    iprog_t *p = decode_program(src, nslots);
    progtab_insert(src, p);
    return p;
}

static inline jl_value_t *arg_value(const iarg_t *a, interp_state_t *s)
{
    switch (a->kind) {
    case A_SSA: {
        jl_value_t *v = s->ssavals[a->idx];
        if (JL_UNLIKELY(v == NULL))
            jl_error("access to undefined SSAValue");
        return v;
    }
    case A_SLOT: {
        jl_value_t *v = s->locals[a->idx];
        if (JL_UNLIKELY(v == NULL))
            undef_slot(s, a->idx + 1);
        return v;
    }
    case A_CONST:
        return a->v;
    case A_GREF:
        return eval_globalref((jl_globalref_t *)a->v);
    default:
        return eval_value_slow(a->v, s);
    }
}

/* The callee of a call statement; a GlobalRef to a constant function or type is remembered. */
static jl_value_t *resolve_callee(istmt_t *st, interp_state_t *s)
{
    jl_value_t *f = arg_value(&st->args[0], s);
    if (st->args[0].kind == A_GREF) {
        jl_binding_t *b = ((jl_globalref_t *)st->args[0].v)->binding;
        if (b != NULL && jl_binding_resolved(b)->constp && is_stable_callee(f))
            set_callee(st, f);
    }
    return f;
}

static inline jl_value_t *call_with_callee(const istmt_t *st, jl_value_t *f, jl_value_t **args, uint32_t n)
{
    if (st->f == f) {
        if (st->fptr != NULL)
            return st->fptr(f, args, n);
        return jl_apply_generic(f, args, n);
    }
    return call_value(f, args, n);
}

static __attribute__((noinline)) jl_value_t *decoded_call_big(const istmt_t *st, interp_state_t *s)
{
    size_t n = st->n;
    jl_value_t *argv[n];
    argv[0] = st->f ? st->f : resolve_callee((istmt_t *)st, s);
    for (size_t i = 1; i < n; i++)
        argv[i] = arg_value(&st->args[i], s);
    return call_with_callee(st, argv[0], &argv[1], (uint32_t)(n - 1));
}

static inline jl_value_t *decoded_call(const istmt_t *st, interp_state_t *s)
{
    size_t n = st->n;
    if (JL_UNLIKELY(n > 8))
        return decoded_call_big(st, s);
    jl_value_t *argv[8];
    argv[0] = st->f ? st->f : resolve_callee((istmt_t *)st, s);
    for (size_t i = 1; i < n; i++)
        argv[i] = arg_value(&st->args[i], s);
    return call_with_callee(st, argv[0], &argv[1], (uint32_t)(n - 1));
}

/* Sets the frame's line (and file) from linetable entry loc (1-based; LineInfoNode or LineNumberNode). */
static void update_line_loc(interp_state_t *s, int32_t loc)
{
    s->lastloc = loc;
    if (loc < 1 || s->linetable == NULL || (size_t)loc > jl_array_len(s->linetable))
        return;
    jl_value_t *li = jl_array_ptr_ref(s->linetable, loc - 1);
    if (jl_typeis(li, jl_lineinfonode_type)) {
        s->frame.line = ((jl_lineinfonode_t *)li)->line;
        if (jl_is_symbol(((jl_lineinfonode_t *)li)->file))
            s->frame.file = ((jl_lineinfonode_t *)li)->file;
    }
    else if (jl_is_linenode(li)) {
        s->frame.line = (int32_t)(intptr_t)((jl_linenumbernode_t *)li)->line;
        if (jl_is_symbol(((jl_linenumbernode_t *)li)->file))
            s->frame.file = (jl_sym_t *)((jl_linenumbernode_t *)li)->file;
    }
}

/* The statement loop over a decoded program. */
static jl_value_t *eval_body_decoded(interp_state_t *s, size_t ip)
{
    const istmt_t *stmts = s->prog->stmts;
    size_t ns = s->nstmts;
    jl_value_t **ssavals = s->ssavals, **locals = s->locals;
    for (;;) {
        if (JL_UNLIKELY(ip >= ns))
            jl_error("`body` expression must terminate in `return`. Use `block` instead.");
        const istmt_t *st = &stmts[ip];
        if (st->loc != s->lastloc)
            update_line_loc(s, st->loc);
        size_t next = ip + 1;
        switch (st->op) {
        case S_CALL:
            ssavals[ip] = decoded_call(st, s);
            break;
        case S_ASSIGN_CALL: {
            jl_value_t *v = decoded_call(st, s);
            ssavals[ip] = v;
            locals[st->target] = v;
            break;
        }
        case S_ASSIGN_VAL: {
            jl_value_t *v = arg_value(&st->args[0], s);
            ssavals[ip] = v;
            locals[st->target] = v;
            break;
        }
        case S_GOTO:
            next = st->target;
            break;
        case S_GOTOIFNOT: {
            jl_value_t *cond = arg_value(&st->args[0], s);
            if (cond == jl_false)
                next = st->target;
            else if (JL_UNLIKELY(cond != jl_true))
                jl_type_error("if", (jl_value_t *)jl_bool_type, cond);
            break;
        }
        case S_RETURN:
            return arg_value(&st->args[0], s);
        case S_NEWVAR:
            locals[st->target] = NULL;
            break;
        case S_NOP:
            ssavals[ip] = jl_nothing;
            break;
        default: {
            jl_value_t *result;
            if (exec_stmt(s, ip, &next, &result))
                return result;
        }
        }
        ip = next;
    }
}

static jl_value_t *eval_body(interp_state_t *s, size_t ip)
{
    return s->prog != NULL ? eval_body_decoded(s, ip) : eval_body_ir(s, ip);
}

/* ---------------------------------------------------------------------------------------------- */
/* Entry points */

static void init_state(interp_state_t *s, jl_code_info_t *src, jl_module_t *m)
{
    s->src = src;
    s->module = m;
    s->stmts = jl_array_ptr_data(src->code);
    s->nstmts = jl_array_len(src->code);
    s->nslots = src->slotnames ? jl_array_len(src->slotnames) : 0;
    s->codelocs = NULL;
    if (src->codelocs != NULL && jl_is_array(src->codelocs) && jl_array_len(src->codelocs) == s->nstmts &&
        ((jl_array_t *)src->codelocs)->elsize == 4)
        s->codelocs = (const int32_t *)jl_array_data(src->codelocs);
    s->linetable = (src->linetable && jl_is_array(src->linetable)) ? (jl_array_t *)src->linetable : NULL;
    s->lastloc = -1;
    s->continue_at = 0;
    s->prog = NULL;
}

static jl_code_info_t *method_source(jl_method_instance_t *mi)
{
    if (mi->uninferred != NULL && jl_is_code_info(mi->uninferred))
        return (jl_code_info_t *)mi->uninferred;
    jl_method_t *m = (jl_method_t *)mi->def;
    if (m->source == NULL || !jl_is_code_info(m->source))
        jl_errorf("no code available for method %s", jl_symbol_name(m->name));
    return (jl_code_info_t *)m->source;
}

static int has_typevar_value(jl_svec_t *sp)
{
    for (size_t i = 0; i < jl_svec_len(sp); i++)
        if (jl_is_typevar(jl_svecref(sp, i)))
            return 1;
    return 0;
}

/* A MethodInstance whose signature does not determine every static parameter (a widened specTypes) gets
 * them from the actual arguments, as dispatch would. */
static jl_svec_t *sparams_for_args(jl_method_t *m, jl_value_t *F, jl_value_t **args, uint32_t nargs,
                                   jl_svec_t *sp)
{
    jl_value_t *types[nargs + 1];
    types[0] = jl_typeof_or_type(F);
    for (uint32_t i = 0; i < nargs; i++)
        types[i + 1] = jl_typeof_or_type(args[i]);
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(types, nargs + 1);
    jl_svec_t *env = jl_emptysvec;
    jl_value_t *ti = jl_type_intersection_env(tt, m->sig, &env);
    if (ti == jl_bottom_type || env == NULL || jl_svec_len(env) != jl_svec_len(sp))
        return sp;
    return env;
}

jl_value_t *jl_interpret_invoke(jl_method_instance_t *mi, jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    if (!jl_is_method(mi->def))
        jl_error("jl_interpret_call: MethodInstance has no method");
    jl_check_stack();
    jl_method_t *m = (jl_method_t *)mi->def;
    jl_code_info_t *src = method_source(mi);
    size_t nm = (size_t)m->nargs;
    iprog_t *prog = program_for(src, nm);
    interp_state_t s;
    s.src = src;
    s.module = m->module;
    s.prog = prog;
    s.stmts = jl_array_ptr_data(prog->code);
    s.nstmts = prog->nstmts;
    s.codelocs = NULL; /* the decoded statements carry their locations */
    s.linetable = prog->linetable;
    s.lastloc = -1;
    s.continue_at = 0;
    s.sparams = mi->sparam_vals;
    if (s.sparams != NULL && jl_svec_len(s.sparams) > 0 && has_typevar_value(s.sparams))
        s.sparams = sparams_for_args(m, F, args, nargs, s.sparams);
    s.toplevel = 0;
    size_t nslots = prog->nslots > nm ? prog->nslots : nm;
    s.nslots = nslots;
    jl_value_t *locals[nslots + s.nstmts + 1];
    memset(locals, 0, (nslots + s.nstmts + 1) * sizeof(jl_value_t *));
    s.locals = locals;
    s.ssavals = locals + nslots;
    size_t total = (size_t)nargs + 1;
    if (m->isva) {
        if (total < nm - 1)
            jl_error("interpreter: too few arguments for a vararg method");
        locals[0] = F;
        for (size_t i = 1; i < nm - 1; i++)
            locals[i] = args[i - 1];
        locals[nm - 1] = jl_f_tuple(NULL, &args[nm - 2], (uint32_t)(total - (nm - 1)));
    }
    else {
        if (total != nm)
            jl_error("interpreter: wrong number of arguments");
        locals[0] = F;
        for (size_t i = 1; i < nm; i++)
            locals[i] = args[i - 1];
    }
    s.frame.mi = mi;
    s.frame.module = m->module;
    s.frame.file = m->file;
    s.frame.line = m->line;
    s.frame.prev = jl_current_frame;
    jl_current_frame = &s.frame;
    jl_value_t *r = eval_body(&s, 0);
    jl_current_frame = s.frame.prev;
    return r;
}

jl_value_t *jl_interpret_call(jl_method_instance_t *mi, jl_value_t **args, uint32_t nargs)
{
    if (nargs < 1)
        jl_error("jl_interpret_call: missing function argument");
    return jl_interpret_invoke(mi, args[0], &args[1], nargs - 1);
}

jl_value_t *jl_fptr_interpret_call(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    jl_value_t *all[nargs + 1];
    all[0] = F;
    memcpy(&all[1], args, nargs * sizeof(jl_value_t *));
    jl_method_instance_t *mi = jl_method_lookup(all, nargs + 1, jl_current_task->world_age);
    if (mi == NULL)
        jl_method_error(F, args, nargs, jl_current_task->world_age);
    return jl_interpret_invoke(mi, F, args, nargs);
}

jl_value_t *jl_interpret_toplevel_thunk(jl_module_t *m, jl_code_info_t *src)
{
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    interp_state_t s;
    init_state(&s, src, m);
    s.sparams = NULL;
    s.toplevel = 1;
    size_t nslots = s.nslots;
    jl_value_t *locals[nslots + s.nstmts + 1];
    memset(locals, 0, (nslots + s.nstmts + 1) * sizeof(jl_value_t *));
    s.locals = locals;
    s.ssavals = locals + nslots;
    s.frame.mi = NULL;
    s.frame.module = m;
    s.frame.file = jl_current_file;
    s.frame.line = jl_current_line;
    s.frame.prev = jl_current_frame;
    jl_current_frame = &s.frame;
    jl_value_t *r = eval_body(&s, 0);
    jl_current_frame = s.frame.prev;
    ct->world_age = last_age;
    return r;
}
