/* macroexpand.c: macro expansion and hygiene. Expr(:macrocall, name, lnn, args...) calls the macro
 * function (a method of `@name` taking __source__ and __module__ first) on the unevaluated arguments;
 * the result is expanded again, in the macro's module, and then made hygienic: variables the expansion
 * introduces (assigned, declared local, arguments) are renamed to fresh symbols and its other free
 * variables refer to the macro's module (GlobalRef), except inside esc(...) (Expr(:escape)).
 * A few syntax-like macros are built in (used when no Julia definition is visible): @inline, @noinline,
 * @nospecialize, @specialize, @inbounds, @boundscheck, @propagate_inbounds, @__FILE__, @__LINE__,
 * @__MODULE__, @__DIR__, @isdefined, @goto, @label, @doc, @eval, @static. */
#include "julia_internal.h"
#include <stdlib.h>
#include <unistd.h>

static jl_value_t *expand(jl_value_t *e, jl_module_t *m, int recursive, int depth);

static unsigned hygiene_counter = 0;

/* never crash on malformed input: argument accesses are bounds-checked */
static JL_NORETURN void malformed(jl_value_t *e)
{
    if (e == NULL || !jl_is_expr(e))
        jl_error("syntax: malformed expression");
    jl_errorf("syntax: malformed \"%s\" expression", jl_symbol_name(((jl_expr_t *)e)->head));
}
static inline jl_value_t *checked_arg(jl_value_t *e, size_t i)
{
    if (!jl_is_expr(e) || i >= jl_array_len(((jl_expr_t *)e)->args))
        malformed(e);
    return jl_array_ptr_ref(((jl_expr_t *)e)->args, i);
}
#undef jl_exprarg
#define jl_exprarg(e, n) checked_arg((jl_value_t *)(e), (n))

static jl_sym_t *sym(const char *s) { return jl_symbol(s); }

static int is_head(jl_value_t *e, jl_sym_t *h) { return e && jl_is_expr(e) && ((jl_expr_t *)e)->head == h; }

static jl_value_t *ex1(jl_sym_t *h, jl_value_t *a) { return (jl_value_t *)jl_expr(h, 1, a); }

/* ---------------------------------------------------------------------------------------------- */
/* Finding the macro */

static jl_value_t *lookup_macro(jl_value_t *name, jl_module_t *m, jl_module_t **defmod, jl_sym_t **mname)
{
    *defmod = m;
    if (jl_is_symbol(name)) {
        *mname = (jl_sym_t *)name;
        jl_binding_t *b = jl_get_binding(m, (jl_sym_t *)name);
        if (b == NULL)
            return NULL;
        jl_value_t *v = jl_binding_value(b);
        if (v && b->owner)
            *defmod = b->owner;
        return v;
    }
    if (jl_is_globalref(name)) {
        jl_globalref_t *g = (jl_globalref_t *)name;
        *mname = g->name;
        *defmod = g->mod;
        return jl_get_global(g->mod, g->name);
    }
    if (is_head(name, jl_dotop_sym) && jl_expr_nargs(name) == 2) {
        jl_value_t *q = jl_exprarg(name, 1);
        jl_value_t *fld = jl_is_quotenode(q) ? ((jl_quotenode_t *)q)->value : q;
        if (!jl_is_symbol(fld))
            return NULL;
        *mname = (jl_sym_t *)fld;
        jl_module_t *dm;
        jl_sym_t *dn;
        jl_value_t *mod = lookup_macro(jl_exprarg(name, 0), m, &dm, &dn);
        if (mod == NULL || !jl_is_module(mod))
            return NULL;
        *defmod = (jl_module_t *)mod;
        return jl_get_global((jl_module_t *)mod, (jl_sym_t *)fld);
    }
    *mname = NULL;
    return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Built-in macros */

static jl_value_t *last_arg(jl_value_t **args, size_t n) { return n > 0 ? args[n - 1] : jl_nothing; }

static jl_value_t *builtin_macro(const char *name, jl_value_t *lnn, jl_module_t *m, jl_value_t **args, size_t n,
                                 int *found)
{
    *found = 1;
    jl_linenumbernode_t *ln = jl_is_linenode(lnn) ? (jl_linenumbernode_t *)lnn : NULL;
    if (!strcmp(name, "@inline") || !strcmp(name, "@noinline")) {
        if (n == 0)
            return (jl_value_t *)jl_expr(jl_meta_sym, 1, sym(name + 1));
        return last_arg(args, n);
    }
    if (!strcmp(name, "@_inline_meta") || !strcmp(name, "@_noinline_meta"))
        return (jl_value_t *)jl_expr(jl_meta_sym, 1, !strcmp(name, "@_inline_meta") ? jl_inline_sym : jl_noinline_sym);
    if (!strcmp(name, "@nospecialize") || !strcmp(name, "@specialize")) {
        jl_expr_t *e = jl_exprn(jl_meta_sym, 0);
        jl_expr_push(e, (jl_value_t *)sym(name + 1));
        for (size_t i = 0; i < n; i++)
            jl_expr_push(e, args[i]);
        return (jl_value_t *)e;
    }
    if (!strcmp(name, "@inbounds") || !strcmp(name, "@propagate_inbounds") || !strcmp(name, "@assume_effects") ||
        !strcmp(name, "@constprop") || !strcmp(name, "@simd") || !strcmp(name, "@fastmath") ||
        !strcmp(name, "@polly") || !strcmp(name, "@nospecializeinfer") || !strcmp(name, "@noinfer"))
        return last_arg(args, n);
    if (!strcmp(name, "@boundscheck")) {
        if (n != 1)
            jl_error("@boundscheck takes one argument");
        return (jl_value_t *)jl_expr(jl_if_sym, 2, jl_expr(jl_boundscheck_sym, 0), args[0]);
    }
    if (!strcmp(name, "@__FILE__"))
        return ln && jl_is_symbol(ln->file) ? jl_cstr_to_string(jl_symbol_name((jl_sym_t *)ln->file)) : jl_nothing;
    if (!strcmp(name, "@__LINE__"))
        return jl_box_long(ln ? (int64_t)ln->line : 0);
    if (!strcmp(name, "@__MODULE__"))
        return (jl_value_t *)m;
    if (!strcmp(name, "@__DIR__")) {
        if (!ln || !jl_is_symbol(ln->file))
            return jl_nothing;
        const char *f = jl_symbol_name((jl_sym_t *)ln->file);
        const char *slash = strrchr(f, '/');
        if (slash == NULL) {
            char buf[4096];
            if (getcwd(buf, sizeof(buf)))
                return jl_cstr_to_string(buf);
            return jl_cstr_to_string(".");
        }
        return jl_pchar_to_string(f, (size_t)(slash - f));
    }
    if (!strcmp(name, "@isdefined")) {
        if (n != 1)
            jl_error("@isdefined takes one argument");
        return ex1(jl_isdefined_sym, args[0]);
    }
    if (!strcmp(name, "@goto") || !strcmp(name, "@label")) {
        if (n != 1 || !jl_is_symbol(args[0]))
            jl_errorf("%s: expected a label name", name);
        return ex1(sym(!strcmp(name, "@goto") ? "symbolicgoto" : "symboliclabel"), args[0]);
    }
    if (!strcmp(name, "@doc") || !strcmp(name, "@__doc__")) {
        if (n >= 2)
            return args[1];
        return n == 1 && !strcmp(name, "@__doc__") ? args[0] : jl_nothing;
    }
    if (!strcmp(name, "@eval")) {
        jl_value_t *mod = (jl_value_t *)m;
        jl_value_t *ex = jl_nothing;
        if (n == 1)
            ex = args[0];
        else if (n == 2) {
            mod = args[0];
            ex = args[1];
        }
        else
            jl_error("wrong number of arguments to @eval");
        return (jl_value_t *)jl_expr(jl_call_sym, 3, jl_module_globalref(jl_core_module, jl_eval_sym), mod,
                                     ex1(jl_quote_sym, ex));
    }
    if (!strcmp(name, "@static")) {
        if (n != 1)
            jl_error("@static takes one argument");
        jl_value_t *ex = args[0];
        if (is_head(ex, jl_if_sym) || is_head(ex, jl_elseif_sym)) {
            jl_value_t *c = jl_toplevel_eval_in(m, jl_exprarg(ex, 0));
            if (c == jl_true)
                return jl_exprarg(ex, 1);
            if (jl_expr_nargs(ex) < 3)
                return jl_nothing;
            jl_value_t *els = jl_exprarg(ex, 2);
            if (is_head(els, jl_elseif_sym)) {
                int f;
                jl_value_t *a1[1] = {els};
                return builtin_macro("@static", lnn, m, a1, 1, &f);
            }
            return els;
        }
        return ex;
    }
    *found = 0;
    return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calling a macro */

static jl_value_t *call_macro(jl_value_t *f, jl_value_t *lnn, jl_module_t *m, jl_value_t **args, size_t n)
{
    jl_value_t **argv = (jl_value_t **)malloc((n + 2) * sizeof(jl_value_t *));
    argv[0] = lnn;
    argv[1] = (jl_value_t *)m;
    for (size_t i = 0; i < n; i++)
        argv[i + 2] = args[i];
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    ct->world_age = jl_world_counter;
    jl_value_t *volatile r = NULL;
    JL_TRY {
        r = jl_call(f, argv, (uint32_t)(n + 2));
    }
    JL_CATCH {
        ct->world_age = last_age;
        free(argv);
        jl_rethrow();
    }
    ct->world_age = last_age;
    free(argv);
    return r;
}

static jl_value_t *expand_macrocall(jl_value_t *e, jl_module_t *m, int recursive, int depth)
{
    size_t n = jl_expr_nargs(e);
    if (n < 2)
        jl_error("malformed macro call");
    jl_value_t *name = jl_exprarg(e, 0);
    jl_value_t *lnn = jl_exprarg(e, 1);
    if (!jl_is_linenode(lnn))
        lnn = jl_new_linenode(jl_current_line, (jl_value_t *)(jl_current_file ? jl_current_file : sym("none")));
    jl_value_t **args = jl_array_ptr_data(((jl_expr_t *)e)->args) + 2;
    jl_module_t *defmod;
    jl_sym_t *mname = NULL;
    jl_value_t *f = lookup_macro(name, m, &defmod, &mname);
    jl_value_t *r;
    if (f != NULL) {
        r = call_macro(f, lnn, m, args, n - 2);
        r = (jl_value_t *)jl_expr(jl_hygienic_scope_sym, 3, r, (jl_value_t *)defmod, lnn);
    }
    else {
        int found = 0;
        r = mname ? builtin_macro(jl_symbol_name(mname), lnn, m, args, n - 2, &found) : NULL;
        if (!found) {
            if (mname == NULL)
                jl_error("invalid macro name");
            jl_undefined_var_error(mname);
        }
    }
    if (!recursive)
        return r;
    return expand(r, m, recursive, depth + 1);
}

static jl_value_t *expand(jl_value_t *e, jl_module_t *m, int recursive, int depth)
{
    if (!jl_is_expr(e))
        return e;
    jl_check_stack();
    if (depth > 500)
        jl_error("macro expansion: recursion too deep");
    jl_expr_t *ex = (jl_expr_t *)e;
    jl_sym_t *h = ex->head;
    if (h == jl_quote_sym || h == jl_inert_sym || h == jl_module_sym || h == jl_meta_sym)
        return e;
    if (h == jl_macrocall_sym)
        return expand_macrocall(e, m, recursive, depth);
    if (h == jl_hygienic_scope_sym && jl_expr_nargs(ex) >= 2 && jl_is_module(jl_exprarg(ex, 1))) {
        jl_exprargset(ex, 0, expand(jl_exprarg(ex, 0), (jl_module_t *)jl_exprarg(ex, 1), recursive, depth));
        return e;
    }
    /* copy only what changes */
    size_t n = jl_expr_nargs(ex);
    jl_expr_t *r = NULL;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_value_t *na = expand(a, m, recursive, depth);
        if (na != a && r == NULL) {
            r = jl_exprn(h, n);
            for (size_t k = 0; k < i; k++)
                jl_exprargset(r, k, jl_exprarg(ex, k));
        }
        if (r != NULL)
            jl_exprargset(r, i, na);
    }
    return r ? (jl_value_t *)r : e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Hygiene */

typedef struct {
    jl_module_t *mod;          /* macro module */
    jl_array_t *from, *to;     /* renamed locals */
    jl_array_t *globals;       /* declared global */
} henv_t;

static void add_local(henv_t *env, jl_value_t *name)
{
    if (!jl_is_symbol(name))
        return;
    for (size_t i = 0; i < jl_array_len(env->globals); i++)
        if (jl_array_ptr_ref(env->globals, i) == name)
            return;
    for (size_t i = 0; i < jl_array_len(env->from); i++)
        if (jl_array_ptr_ref(env->from, i) == name)
            return;
    char buf[256];
    snprintf(buf, sizeof(buf), "#%u#%s", ++hygiene_counter, jl_symbol_name((jl_sym_t *)name));
    jl_array_ptr_1d_push(env->from, name);
    jl_array_ptr_1d_push(env->to, (jl_value_t *)jl_symbol(buf));
}

static void find_lhs_names(henv_t *env, jl_value_t *lhs)
{
    if (jl_is_symbol(lhs)) {
        add_local(env, lhs);
    }
    else if (jl_is_expr(lhs)) {
        jl_sym_t *h = ((jl_expr_t *)lhs)->head;
        if (h == jl_tuple_sym || h == jl_parameters_sym) {
            for (size_t i = 0; i < jl_expr_nargs(lhs); i++)
                find_lhs_names(env, jl_exprarg(lhs, i));
        }
        else if ((h == jl_doublecolon_sym || h == jl_dots_sym || h == jl_kw_sym) && jl_expr_nargs(lhs) >= 1) {
            if (h == jl_doublecolon_sym && jl_expr_nargs(lhs) == 1)
                return;
            find_lhs_names(env, jl_exprarg(lhs, 0));
        }
        else if (h == jl_meta_sym && jl_expr_nargs(lhs) >= 2) {
            find_lhs_names(env, jl_exprarg(lhs, jl_expr_nargs(lhs) - 1));
        }
    }
}

static void find_sig_args(henv_t *env, jl_value_t *sig)
{
    while (is_head(sig, jl_where_sym) || (is_head(sig, jl_doublecolon_sym) && jl_expr_nargs(sig) == 2 &&
                                          (is_head(jl_exprarg(sig, 0), jl_call_sym) || is_head(jl_exprarg(sig, 0), jl_where_sym)))) {
        if (is_head(sig, jl_where_sym))
            for (size_t i = 1; i < jl_expr_nargs(sig); i++) {
                jl_value_t *v = jl_exprarg(sig, i);
                if (is_head(v, jl_subtype_sym) && jl_expr_nargs(v) == 2)
                    v = jl_exprarg(v, 0);
                add_local(env, v);
            }
        sig = jl_exprarg(sig, 0);
    }
    if (is_head(sig, jl_call_sym)) {
        for (size_t i = 1; i < jl_expr_nargs(sig); i++)
            find_lhs_names(env, jl_exprarg(sig, i));
    }
    else if (is_head(sig, jl_tuple_sym)) {
        for (size_t i = 0; i < jl_expr_nargs(sig); i++)
            find_lhs_names(env, jl_exprarg(sig, i));
    }
    else {
        find_lhs_names(env, sig);
    }
}

/* variables an expansion introduces (outside escapes) */
static void find_locals(henv_t *env, jl_value_t *e)
{
    if (!jl_is_expr(e))
        return;
    jl_sym_t *h = ((jl_expr_t *)e)->head;
    size_t n = jl_expr_nargs(e);
    if (h == jl_escape_sym || h == jl_quote_sym || h == jl_inert_sym || h == jl_hygienic_scope_sym ||
        h == jl_module_sym)
        return;
    if (h == jl_global_sym) {
        for (size_t i = 0; i < n; i++) {
            jl_value_t *a = jl_exprarg(e, i);
            if (is_head(a, jl_assign_sym))
                a = jl_exprarg(a, 0);
            if (is_head(a, jl_doublecolon_sym))
                a = jl_exprarg(a, 0);
            if (jl_is_symbol(a))
                jl_array_ptr_1d_push(env->globals, a);
        }
        return;
    }
    if (h == jl_local_sym) {
        for (size_t i = 0; i < n; i++) {
            jl_value_t *a = jl_exprarg(e, i);
            if (is_head(a, jl_assign_sym)) {
                find_lhs_names(env, jl_exprarg(a, 0));
                find_locals(env, jl_exprarg(a, 1));
            }
            else {
                find_lhs_names(env, a);
            }
        }
        return;
    }
    if (h == jl_assign_sym && n == 2) {
        jl_value_t *lhs = jl_exprarg(e, 0);
        if (is_head(lhs, jl_call_sym) || is_head(lhs, jl_where_sym) ||
            (is_head(lhs, jl_doublecolon_sym) && is_head(jl_exprarg(lhs, 0), jl_call_sym))) {
            find_sig_args(env, lhs); /* short function definition: its arguments */
        }
        else if (!is_head(lhs, jl_ref_sym) && !is_head(lhs, jl_dotop_sym)) {
            find_lhs_names(env, lhs);
        }
        find_locals(env, jl_exprarg(e, 1));
        return;
    }
    if ((h == jl_function_sym || h == jl_arrow_sym) && n >= 1) {
        if (h == jl_arrow_sym)
            find_lhs_names(env, jl_exprarg(e, 0));
        else
            find_sig_args(env, jl_exprarg(e, 0));
        for (size_t i = 1; i < n; i++)
            find_locals(env, jl_exprarg(e, i));
        return;
    }
    if (h == jl_for_sym && n == 2) {
        jl_value_t *specs = jl_exprarg(e, 0);
        if (is_head(specs, jl_block_sym)) {
            for (size_t i = 0; i < jl_expr_nargs(specs); i++)
                if (is_head(jl_exprarg(specs, i), jl_assign_sym))
                    find_lhs_names(env, jl_exprarg(jl_exprarg(specs, i), 0));
        }
        else if (is_head(specs, jl_assign_sym)) {
            find_lhs_names(env, jl_exprarg(specs, 0));
        }
        find_locals(env, jl_exprarg(e, 1));
        return;
    }
    if (h == jl_try_sym && n >= 3 && jl_is_symbol(jl_exprarg(e, 1)))
        add_local(env, jl_exprarg(e, 1));
    if (h == jl_let_sym && n == 2) {
        jl_value_t *b = jl_exprarg(e, 0);
        jl_value_t *one[1] = {b};
        jl_value_t **bs = one;
        size_t nb = 1;
        if (is_head(b, jl_block_sym)) {
            bs = jl_array_ptr_data(((jl_expr_t *)b)->args);
            nb = jl_expr_nargs(b);
        }
        for (size_t i = 0; i < nb; i++) {
            if (is_head(bs[i], jl_assign_sym))
                find_lhs_names(env, jl_exprarg(bs[i], 0));
            else
                find_lhs_names(env, bs[i]);
        }
        find_locals(env, jl_exprarg(e, 1));
        return;
    }
    if ((h == jl_generator_sym || h == jl_filter_sym) && n >= 2) {
        for (size_t i = 1; i < n; i++)
            if (is_head(jl_exprarg(e, i), jl_assign_sym))
                find_lhs_names(env, jl_exprarg(jl_exprarg(e, i), 0));
    }
    if (h == jl_struct_sym || h == jl_abstract_sym || h == jl_primitive_sym || h == jl_macro_sym)
        return;
    for (size_t i = 0; i < n; i++)
        find_locals(env, jl_exprarg(e, i));
}

static jl_value_t *resolve(jl_value_t *e, henv_t *env, int inarg);

static int is_special_name(jl_sym_t *s)
{
    const char *n = jl_symbol_name(s);
    return s == jl_symbol("end") || s == jl_symbol("begin") || s == jl_ccall_sym || s == jl_symbol("cglobal") ||
           s == jl_symbol("new") || s == jl_symbol("__source__") || s == jl_symbol("__module__") ||
           s == jl_symbol("_") || n[0] == '#';
}

static jl_value_t *rename_sym(jl_sym_t *s, henv_t *env)
{
    for (size_t i = 0; i < jl_array_len(env->from); i++)
        if (jl_array_ptr_ref(env->from, i) == (jl_value_t *)s)
            return jl_array_ptr_ref(env->to, i);
    if (is_special_name(s))
        return (jl_value_t *)s;
    return jl_module_globalref(env->mod, s);
}

static jl_value_t *resolve_kwnames(jl_value_t *e, henv_t *env)
{
    /* keyword arguments in calls and named-tuple fields: the name stays, the value is resolved */
    if ((is_head(e, jl_kw_sym) || is_head(e, jl_assign_sym)) && jl_expr_nargs(e) == 2 && jl_is_symbol(jl_exprarg(e, 0)))
        return (jl_value_t *)jl_expr(((jl_expr_t *)e)->head, 2, jl_exprarg(e, 0), resolve(jl_exprarg(e, 1), env, 0));
    return resolve(e, env, 0);
}

static jl_value_t *resolve_hygienic(jl_value_t *e, jl_module_t *mod)
{
    henv_t env;
    env.mod = mod;
    env.from = jl_alloc_vec_any(0);
    env.to = jl_alloc_vec_any(0);
    env.globals = jl_alloc_vec_any(0);
    find_locals(&env, e);
    return resolve(e, &env, 0);
}

/* outside any hygienic scope (or inside an escape): only nested hygienic scopes change */
static jl_value_t *resolve_plain(jl_value_t *e)
{
    if (!jl_is_expr(e))
        return e;
    jl_expr_t *ex = (jl_expr_t *)e;
    if (ex->head == jl_quote_sym || ex->head == jl_inert_sym)
        return e;
    if (ex->head == jl_hygienic_scope_sym && jl_expr_nargs(ex) >= 2 && jl_is_module(jl_exprarg(ex, 1)))
        return resolve_hygienic(jl_exprarg(ex, 0), (jl_module_t *)jl_exprarg(ex, 1));
    if (ex->head == jl_escape_sym && jl_expr_nargs(ex) == 1)
        return resolve_plain(jl_exprarg(ex, 0));
    size_t n = jl_expr_nargs(ex);
    jl_expr_t *r = NULL;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_value_t *na = resolve_plain(a);
        if (na != a && r == NULL) {
            r = jl_exprn(ex->head, n);
            for (size_t k = 0; k < i; k++)
                jl_exprargset(r, k, jl_exprarg(ex, k));
        }
        if (r != NULL)
            jl_exprargset(r, i, na);
    }
    return r ? (jl_value_t *)r : e;
}

static jl_value_t *resolve(jl_value_t *e, henv_t *env, int inarg)
{
    (void)inarg;
    if (jl_is_symbol(e))
        return rename_sym((jl_sym_t *)e, env);
    if (!jl_is_expr(e))
        return e;
    jl_expr_t *ex = (jl_expr_t *)e;
    jl_sym_t *h = ex->head;
    size_t n = jl_expr_nargs(ex);
    if (h == jl_escape_sym)
        return n == 1 ? resolve_plain(jl_exprarg(ex, 0)) : e;
    if (h == jl_hygienic_scope_sym && n >= 2 && jl_is_module(jl_exprarg(ex, 1)))
        return resolve_hygienic(jl_exprarg(ex, 0), (jl_module_t *)jl_exprarg(ex, 1));
    if (h == jl_quote_sym || h == jl_inert_sym || h == jl_line_sym || h == jl_meta_sym ||
        h == jl_symbol("symbolicgoto") || h == jl_symbol("symboliclabel") || h == jl_module_sym)
        return e;
    jl_expr_t *r = jl_exprn(h, n);
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_value_t *v;
        if (h == jl_dotop_sym && i == 1 && (jl_is_quotenode(a) || jl_is_symbol(a)))
            v = a;
        else if (h == jl_call_sym && i > 0)
            v = is_head(a, jl_parameters_sym) ? NULL : resolve_kwnames(a, env);
        else if (h == jl_tuple_sym || h == jl_parameters_sym)
            v = is_head(a, jl_parameters_sym) ? NULL : resolve_kwnames(a, env);
        else
            v = NULL;
        if (v == NULL) {
            if (is_head(a, jl_parameters_sym)) {
                size_t k = jl_expr_nargs(a);
                jl_expr_t *p = jl_exprn(jl_parameters_sym, k);
                for (size_t j = 0; j < k; j++)
                    jl_exprargset(p, j, resolve_kwnames(jl_exprarg(a, j), env));
                v = (jl_value_t *)p;
            }
            else {
                v = resolve(a, env, 0);
            }
        }
        jl_exprargset(r, i, v);
    }
    return (jl_value_t *)r;
}

/* ---------------------------------------------------------------------------------------------- */

jl_value_t *jl_macroexpand(jl_value_t *expr, jl_module_t *inmodule, int recursive)
{
    if (!jl_is_expr(expr))
        return expr;
    jl_value_t *r = expand(expr, inmodule, recursive, 0);
    return resolve_plain(r);
}
