/* toplevel.c: evaluating top-level forms: files (jl_load, include), `module`, `using`/`import`/`export`,
 * `global`/`const` declarations, `Expr(:toplevel)`, and everything else by macro expansion, lowering to a
 * thunk and interpretation.
 *
 * Each top-level statement runs in the newest world (the task's world age is bumped before it). Loading a
 * file parses it whole (jl_parse_all) and evaluates its statements in order, tracking the LineNumberNodes in
 * jl_current_file / jl_current_line; errors escaping jl_load are wrapped in LoadError(file, line, err)
 * (jl_load_file_string, used for -e and the REPL, does not wrap). A non-bare `module` gets `using Base` and
 * its own `eval(x)` / `include(x)` / `include(mapexpr, x)`; `__init__` functions run, in order of module
 * completion, when the outermost module expression finishes.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <limits.h>

jl_sym_t *jl_current_file;
int jl_current_line;

static jl_value_t *exception_occurred;   /* jl_eval_string's last error (rooted) */
static jl_array_t *module_init_order;    /* modules whose __init__ is pending (rooted) */
static int module_depth;

static jl_value_t *toplevel_eval_expanded(jl_module_t *m, jl_value_t *e);

/* ---------------------------------------------------------------------------------------------- */
/* Small helpers */

static void set_world_newest(void) { jl_current_task->world_age = jl_world_counter; }

static void track_line(jl_value_t *lnn)
{
    jl_linenumbernode_t *l = (jl_linenumbernode_t *)lnn;
    jl_current_line = (int)(intptr_t)l->line;
    if (jl_is_symbol(l->file))
        jl_current_file = (jl_sym_t *)l->file;
}

static jl_value_t *call_latest(jl_value_t *f, jl_value_t **args, uint32_t nargs)
{
    jl_task_t *ct = jl_current_task;
    size_t last = ct->world_age;
    ct->world_age = jl_world_counter;
    jl_fptr_args_t fp = jl_builtin_fptr(f);
    jl_value_t *r = fp ? fp(f, args, nargs) : jl_apply_generic(f, args, nargs);
    ct->world_age = last;
    return r;
}

static int is_head(jl_value_t *e, jl_sym_t *head) { return jl_is_expr(e) && ((jl_expr_t *)e)->head == head; }

/* ---------------------------------------------------------------------------------------------- */
/* using / import */

/* The module `using M` / `import M` refers to when M is not a relative path. */
static jl_module_t *call_require(jl_module_t *where, jl_sym_t *var)
{
    jl_module_t *places[2] = {where, jl_module_root(where)};
    for (int i = 0; i < 2; i++) {
        jl_binding_t *b = jl_get_module_binding(places[i], var, 0);
        if (b != NULL && b->owner != NULL) {
            jl_value_t *v = jl_binding_value(b);
            if (v != NULL && jl_is_module(v))
                return (jl_module_t *)v;
        }
    }
    jl_value_t *req = jl_base_module ? jl_get_global(jl_base_module, jl_symbol("require")) : NULL;
    if (req != NULL) {
        jl_value_t *args[2] = {(jl_value_t *)where, (jl_value_t *)var};
        jl_value_t *r = call_latest(req, args, 2);
        if (!jl_is_module(r))
            jl_errorf("Base.require returned a non-module for %s", jl_symbol_name(var));
        return (jl_module_t *)r;
    }
    jl_exceptionf(jl_argumenterror_type, "Package %s not found in current path.", jl_symbol_name(var));
}

static jl_sym_t *path_component(jl_array_t *args, size_t i, const char *keyword)
{
    jl_value_t *v = jl_array_ptr_ref(args, i);
    if (!jl_is_symbol(v))
        jl_type_error(keyword, (jl_value_t *)jl_symbol_type, v);
    return (jl_sym_t *)v;
}

/* Resolves the module path `args` (components of Expr(:., ...)). Returns the module containing the last
 * name and sets *name to it, or returns the module itself with *name == NULL for a single absolute name. */
static jl_module_t *eval_import_path(jl_module_t *where, jl_module_t *from, jl_array_t *args, jl_sym_t **name,
                                     const char *keyword)
{
    size_t n = jl_array_len(args), i = 0;
    if (n == 0)
        jl_errorf("malformed \"%s\" statement", keyword);
    jl_module_t *m;
    *name = NULL;
    jl_sym_t *var = path_component(args, 0, keyword);
    if (from != NULL) {
        m = from;
    }
    else if (var != jl_dotop_sym) {
        if (jl_core_module && var == jl_core_module->name)
            m = jl_core_module;
        else if (jl_base_module && var == jl_base_module->name)
            m = jl_base_module;
        else
            m = call_require(where, var);
        if (n == 1)
            return m;
        i = 1;
    }
    else {
        m = where;
        for (;;) {
            i++;
            if (i >= n)
                jl_error("invalid module path");
            var = path_component(args, i, keyword);
            if (var != jl_dotop_sym)
                break;
            m = m->parent;
        }
    }
    for (;;) {
        var = path_component(args, i, keyword);
        if (var == jl_dotop_sym)
            jl_errorf("invalid %s path: \".\" in identifier path", keyword);
        if (i == n - 1)
            break;
        jl_value_t *next = jl_eval_global_var(m, var);
        if (!jl_is_module(next))
            jl_errorf("invalid %s path: \"%s\" does not name a module", keyword, jl_symbol_name(var));
        m = (jl_module_t *)next;
        i++;
    }
    *name = var;
    return m;
}

/* `using A: x` / `import A: x`: the module A, or NULL for the other forms. */
static jl_module_t *eval_import_from(jl_module_t *m, jl_expr_t *ex, const char *keyword)
{
    if (jl_expr_nargs(ex) != 1 || !is_head(jl_exprarg(ex, 0), jl_colon_sym))
        return NULL;
    jl_expr_t *fr = (jl_expr_t *)jl_exprarg(ex, 0);
    if (jl_expr_nargs(fr) < 1 || !is_head(jl_exprarg(fr, 0), jl_dotop_sym))
        jl_errorf("malformed \"%s\" statement", keyword);
    jl_sym_t *name = NULL;
    jl_module_t *from = eval_import_path(m, NULL, ((jl_expr_t *)jl_exprarg(fr, 0))->args, &name, keyword);
    if (name != NULL) {
        jl_value_t *v = jl_eval_global_var(from, name);
        if (!jl_is_module(v))
            jl_errorf("invalid %s path: \"%s\" does not name a module", keyword, jl_symbol_name(name));
        from = (jl_module_t *)v;
    }
    return from;
}

/* `import A` / `using A` in Main / `import A as B`: bind the module itself. */
static void import_module(jl_module_t *m, jl_module_t *import, jl_sym_t *asname)
{
    jl_sym_t *name = asname ? asname : import->name;
    jl_binding_t *b = jl_get_module_binding(m, name, 0);
    if (b != NULL && b->owner != NULL) {
        jl_binding_t *t = jl_binding_resolved(b);
        if (t->constp && t->value == (jl_value_t *)import)
            return;
        if (b->alias != NULL || (b->value != NULL && b->value != (jl_value_t *)import))
            jl_errorf("importing %s into %s conflicts with an existing global", jl_symbol_name(name),
                      jl_symbol_name(m->name));
    }
    else {
        b = jl_get_binding_wr(m, name);
    }
    jl_declare_constant(b, m, name);
    jl_checked_assignment(b, m, name, (jl_value_t *)import);
    b->imported = 1;
}

static int is_as_form(jl_value_t *a)
{
    return is_head(a, jl_symbol("as")) && jl_expr_nargs(a) == 2 && is_head(jl_exprarg(a, 0), jl_dotop_sym) &&
           jl_is_symbol(jl_exprarg(a, 1));
}

static void eval_using(jl_module_t *m, jl_expr_t *ex)
{
    jl_module_t *from = eval_import_from(m, ex, "using");
    size_t i = 0;
    if (from) {
        i = 1;
        ex = (jl_expr_t *)jl_exprarg(ex, 0);
    }
    for (; i < jl_expr_nargs(ex); i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_sym_t *name = NULL;
        if (is_head(a, jl_dotop_sym)) {
            jl_module_t *import = eval_import_path(m, from, ((jl_expr_t *)a)->args, &name, "using");
            if (from) {
                jl_module_use(m, import, name);
                continue;
            }
            jl_value_t *u = (jl_value_t *)import;
            if (name != NULL)
                u = jl_eval_global_var(import, name);
            if (!jl_is_module(u))
                jl_errorf("invalid using path: \"%s\" does not name a module",
                          jl_symbol_name(name ? name : import->name));
            jl_module_using(m, (jl_module_t *)u);
            if (m == jl_main_module && name == NULL)
                import_module(m, (jl_module_t *)u, NULL);
        }
        else if (from && is_as_form(a)) {
            jl_sym_t *asname = (jl_sym_t *)jl_exprarg(a, 1);
            jl_module_t *import =
                eval_import_path(m, from, ((jl_expr_t *)jl_exprarg(a, 0))->args, &name, "using");
            jl_module_use_as(m, import, name, asname);
        }
        else {
            jl_error("syntax: malformed \"using\" statement");
        }
    }
}

static void eval_import(jl_module_t *m, jl_expr_t *ex)
{
    jl_module_t *from = eval_import_from(m, ex, "import");
    size_t i = 0;
    if (from) {
        i = 1;
        ex = (jl_expr_t *)jl_exprarg(ex, 0);
    }
    for (; i < jl_expr_nargs(ex); i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_sym_t *name = NULL;
        if (is_head(a, jl_dotop_sym)) {
            jl_module_t *import = eval_import_path(m, from, ((jl_expr_t *)a)->args, &name, "import");
            if (name == NULL)
                import_module(m, import, NULL);
            else
                jl_module_import(m, import, name);
        }
        else if (is_as_form(a)) {
            jl_sym_t *asname = (jl_sym_t *)jl_exprarg(a, 1);
            jl_module_t *import =
                eval_import_path(m, from, ((jl_expr_t *)jl_exprarg(a, 0))->args, &name, "import");
            if (name == NULL)
                import_module(m, import, asname);
            else
                jl_module_import_as(m, import, name, asname);
        }
        else {
            jl_error("syntax: malformed \"import\" statement");
        }
    }
}

static void eval_export(jl_module_t *m, jl_expr_t *ex)
{
    for (size_t i = 0; i < jl_expr_nargs(ex); i++) {
        jl_value_t *s = jl_exprarg(ex, i);
        if (is_head(s, jl_macrocall_sym) && jl_expr_nargs(s) > 0)
            s = jl_exprarg(s, 0);
        if (!jl_is_symbol(s))
            jl_error("syntax: malformed \"export\" statement");
        jl_module_export(m, (jl_sym_t *)s);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Modules */

/* eval(x) = Core.eval(M, x); include(x) = Base.include(M, x); include(mapexpr::Function, x) = ... */
static void define_module_defaults(jl_module_t *newm)
{
    jl_value_t *x = (jl_value_t *)jl_symbol("x"), *mapexpr = (jl_value_t *)jl_symbol("mapexpr");
    jl_module_t *top = jl_base_module ? jl_base_module : jl_core_module;
    jl_value_t *core_eval = jl_module_globalref(jl_core_module, jl_eval_sym);
    jl_value_t *latest = jl_module_globalref(jl_core_module, jl_symbol("_call_latest"));
    jl_value_t *incl = jl_module_globalref(top, jl_atinclude_sym);
    jl_value_t *func = jl_module_globalref(top, jl_symbol("Function"));
    jl_value_t *M = (jl_value_t *)newm;
    jl_expr_t *defs = jl_exprn(jl_block_sym, 0);
    jl_expr_push(defs, (jl_value_t *)jl_expr(
        jl_assign_sym, 2, jl_expr(jl_call_sym, 2, jl_eval_sym, x),
        jl_expr(jl_block_sym, 1, jl_expr(jl_call_sym, 3, core_eval, M, x))));
    jl_expr_push(defs, (jl_value_t *)jl_expr(
        jl_assign_sym, 2, jl_expr(jl_call_sym, 2, jl_atinclude_sym, x),
        jl_expr(jl_block_sym, 1, jl_expr(jl_call_sym, 4, latest, incl, M, x))));
    jl_expr_push(defs, (jl_value_t *)jl_expr(
        jl_assign_sym, 2,
        jl_expr(jl_call_sym, 3, jl_atinclude_sym, jl_expr(jl_doublecolon_sym, 2, mapexpr, func), x),
        jl_expr(jl_block_sym, 1, jl_expr(jl_call_sym, 5, latest, incl, mapexpr, M, x))));
    jl_toplevel_eval_flex(newm, (jl_value_t *)defs, 0, 1);
}

static void run_module_init(jl_module_t *m)
{
    jl_binding_t *b = jl_get_module_binding(m, jl_init_sym, 0);
    if (b == NULL || b->owner != m || b->alias != NULL || b->value == NULL)
        return;
    jl_value_t *f = b->value;
    JL_TRY {
        call_latest(f, NULL, 0);
    }
    JL_CATCH {
        jl_value_t *initerror = jl_get_global(jl_core_module, jl_symbol("InitError"));
        if (initerror == NULL || !jl_is_datatype(initerror))
            jl_rethrow();
        jl_rethrow_other(jl_new_struct((jl_datatype_t *)initerror, (jl_value_t *)m->name,
                                       jl_current_exception()));
    }
}

static void run_pending_inits(void)
{
    while (module_init_order != NULL && jl_array_len(module_init_order) > 0) {
        jl_module_t *m = (jl_module_t *)jl_array_ptr_ref(module_init_order, 0);
        jl_array_del_beg(module_init_order, 1);
        run_module_init(m);
    }
}

/* Binds the new module in its parent (replacing a module of the same name with a warning). */
static void bind_module(jl_module_t *parent, jl_sym_t *name, jl_module_t *newm)
{
    jl_binding_t *b = jl_get_binding_wr(parent, name);
    jl_declare_constant(b, parent, name);
    jl_value_t *old = b->value;
    if (old != NULL) {
        if (!jl_is_module(old))
            jl_errorf("invalid redefinition of constant %s", jl_symbol_name(name));
        if (jl_generating_output())
            jl_errorf("cannot replace module %s during compilation", jl_symbol_name(name));
        fflush(stdout);
        fprintf(stderr, "WARNING: replacing module %s.\n", jl_symbol_name(name));
    }
    if (b->ty == NULL)
        b->ty = (jl_value_t *)jl_any_type;
    b->value = (jl_value_t *)newm;
}

static void eval_module_body(jl_module_t *newm, jl_expr_t *body)
{
    for (size_t i = 0; i < jl_expr_nargs(body); i++) {
        jl_value_t *form = jl_exprarg(body, i);
        if (jl_is_linenode(form)) {
            track_line(form);
            continue;
        }
        set_world_newest();
        jl_toplevel_eval_flex(newm, form, 1, 0);
    }
}

jl_value_t *jl_eval_module_expr(jl_module_t *parent, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n < 3)
        jl_error("syntax: malformed module expression");
    jl_value_t *stdv = jl_exprarg(ex, n - 3), *namev = jl_exprarg(ex, n - 2), *bodyv = jl_exprarg(ex, n - 1);
    if (!jl_is_symbol(namev))
        jl_type_error("module", (jl_value_t *)jl_symbol_type, namev);
    if (!is_head(bodyv, jl_block_sym))
        jl_error("syntax: module expression body must be a block");
    int std_imports = stdv == jl_true;
    jl_sym_t *name = (jl_sym_t *)namev;
    jl_module_t *newm = jl_new_module(name, parent);
    newm->uuid_hi = parent->uuid_hi;
    newm->uuid_lo = parent->uuid_lo;
    if (parent == jl_main_module && name == jl_Base_sym && jl_base_module == NULL) {
        jl_base_module = newm; /* Base is being defined: `top` inside it means Base (see jl_base_relative_to) */
        newm->istopmod = 1;
    }
    bind_module(parent, name, newm);
    if (std_imports) {
        if (jl_base_module != NULL && jl_base_module != newm)
            jl_module_using(newm, jl_base_module);
        define_module_defaults(newm);
    }
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    jl_sym_t *last_file = jl_current_file;
    int last_line = jl_current_line;
    module_depth++;
    JL_TRY {
        eval_module_body(newm, (jl_expr_t *)bodyv);
    }
    JL_CATCH {
        module_depth--;
        jl_rethrow();
    }
    module_depth--;
    if (module_init_order == NULL) {
        module_init_order = jl_alloc_vec_any(0);
        jl_gc_add_root((jl_value_t **)&module_init_order);
    }
    jl_array_ptr_1d_push(module_init_order, (jl_value_t *)newm);
    if (module_depth == 0)
        run_pending_inits();
    ct->world_age = last_age;
    jl_current_file = last_file;
    jl_current_line = last_line;
    return (jl_value_t *)newm;
}

/* ---------------------------------------------------------------------------------------------- */
/* Top-level evaluation */

static void declare_globals(jl_module_t *m, jl_expr_t *ex, int isconst)
{
    for (size_t i = 0; i < jl_expr_nargs(ex); i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        jl_module_t *mm = m;
        jl_sym_t *name;
        if (jl_is_globalref(a)) {
            mm = ((jl_globalref_t *)a)->mod;
            name = ((jl_globalref_t *)a)->name;
        }
        else {
            name = (jl_sym_t *)a;
        }
        jl_binding_t *b = jl_get_binding_wr(mm, name);
        if (isconst)
            jl_declare_constant(b, mm, name);
    }
}

static int all_names(jl_expr_t *ex)
{
    for (size_t i = 0; i < jl_expr_nargs(ex); i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        if (!jl_is_symbol(a) && !jl_is_globalref(a))
            return 0;
    }
    return jl_expr_nargs(ex) > 0;
}

static jl_value_t *eval_toplevel_block(jl_module_t *m, jl_expr_t *ex)
{
    jl_value_t *res = jl_nothing;
    for (size_t i = 0; i < jl_expr_nargs(ex); i++) {
        jl_value_t *a = jl_exprarg(ex, i);
        if (jl_is_linenode(a)) {
            track_line(a);
            continue;
        }
        set_world_newest();
        res = jl_toplevel_eval_flex(m, a, 1, 0);
    }
    return res;
}

static JL_NORETURN void throw_syntax_error(jl_expr_t *ex)
{
    if (jl_expr_nargs(ex) == 0)
        jl_errorf("malformed \"%s\" expression", jl_symbol_name(ex->head));
    jl_value_t *a = jl_exprarg(ex, 0);
    if (jl_is_string(a))
        jl_errorf("syntax: %s", jl_string_data(a));
    jl_throw(a);
}

/* Forms handled without lowering. Returns NULL if e must be lowered. */
static jl_value_t *eval_direct(jl_module_t *m, jl_value_t *e)
{
    if (!jl_is_expr(e)) {
        jl_datatype_t *t = (jl_datatype_t *)jl_typeof(e);
        if (t == jl_linenumbernode_type) {
            track_line(e);
            return jl_nothing;
        }
        if (t == jl_symbol_type)
            return jl_eval_global_var(m, (jl_sym_t *)e);
        if (t == jl_quotenode_type)
            return ((jl_quotenode_t *)e)->value;
        if (t == jl_globalref_type)
            return jl_eval_global_var(((jl_globalref_t *)e)->mod, ((jl_globalref_t *)e)->name);
        if (t == jl_code_info_type)
            return jl_interpret_toplevel_thunk(m, (jl_code_info_t *)e);
        return e;
    }
    jl_expr_t *ex = (jl_expr_t *)e;
    jl_sym_t *head = ex->head;
    if (head == jl_module_sym)
        return jl_eval_module_expr(m, ex);
    if (head == jl_using_sym) {
        eval_using(m, ex);
        return jl_nothing;
    }
    if (head == jl_import_sym) {
        eval_import(m, ex);
        return jl_nothing;
    }
    if (head == jl_export_sym) {
        eval_export(m, ex);
        return jl_nothing;
    }
    if (head == jl_symbol("public"))
        return jl_nothing;
    if (head == jl_toplevel_sym)
        return eval_toplevel_block(m, ex);
    if (head == jl_error_sym || head == jl_incomplete_sym)
        throw_syntax_error(ex);
    if (head == jl_thunk_sym) {
        jl_value_t *ci = jl_expr_nargs(ex) > 0 ? jl_exprarg(ex, 0) : NULL;
        if (ci == NULL || !jl_is_code_info(ci))
            jl_error("malformed \"thunk\" expression");
        return jl_interpret_toplevel_thunk(m, (jl_code_info_t *)ci);
    }
    if ((head == jl_global_sym || head == jl_const_sym) && all_names(ex)) {
        declare_globals(m, ex, head == jl_const_sym);
        return jl_nothing;
    }
    return NULL;
}

/* e is macro-expanded: evaluate it directly or lower it to a thunk and run that. */
static jl_value_t *toplevel_eval_expanded(jl_module_t *m, jl_value_t *e)
{
    jl_value_t *r = eval_direct(m, e);
    if (r != NULL)
        return r;
    const char *file = jl_current_file ? jl_symbol_name(jl_current_file) : "none";
    jl_value_t *thk = (jl_value_t *)jl_lower_thunk(e, m, file, jl_current_line);
    if (thk == NULL)
        return jl_nothing;
    if (jl_is_code_info(thk))
        return jl_interpret_toplevel_thunk(m, (jl_code_info_t *)thk);
    r = eval_direct(m, thk);
    if (r == NULL)
        jl_errorf("lowering produced an unexpected top-level form \"%s\"",
                  jl_symbol_name(((jl_expr_t *)thk)->head));
    return r;
}

jl_value_t *jl_toplevel_eval_flex(jl_module_t *m, jl_value_t *e, int fast, int expanded)
{
    (void)fast;
    jl_value_t *r = eval_direct(m, e);
    if (r != NULL)
        return r;
    if (!expanded) {
        set_world_newest();
        e = jl_macroexpand(e, m, 1);
    }
    return toplevel_eval_expanded(m, e);
}

JL_DLLEXPORT jl_value_t *jl_toplevel_eval(jl_module_t *m, jl_value_t *v)
{
    return jl_toplevel_eval_flex(m, v, 1, 0);
}

/* Core.eval(m, ex): evaluate in the newest world, restoring the world, file and line afterwards. */
JL_DLLEXPORT jl_value_t *jl_toplevel_eval_in(jl_module_t *m, jl_value_t *ex)
{
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    jl_sym_t *last_file = jl_current_file;
    int last_line = jl_current_line;
    jl_value_t *volatile v = NULL;
    ct->world_age = jl_world_counter;
    JL_TRY {
        v = jl_toplevel_eval_flex(m, ex, 1, 0);
    }
    JL_CATCH {
        jl_current_file = last_file;
        jl_current_line = last_line;
        jl_rethrow();
    }
    ct->world_age = last_age;
    jl_current_file = last_file;
    jl_current_line = last_line;
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* Files and strings */

static jl_value_t *eval_parsed_toplevel(jl_module_t *m, jl_value_t *ast)
{
    if (!is_head(ast, jl_toplevel_sym)) {
        set_world_newest();
        return jl_toplevel_eval_flex(m, ast, 1, 0);
    }
    return eval_toplevel_block(m, (jl_expr_t *)ast);
}

/* The line of a ParseError ("... # Error @ file:LINE:COL ..."), or dflt. */
static int parse_error_line(jl_value_t *exc, int dflt)
{
    if (jl_parseerror_type == NULL || !jl_typeis(exc, jl_parseerror_type))
        return dflt;
    jl_value_t *msg = jl_get_nth_field(exc, 0);
    if (!jl_is_string(msg))
        return dflt;
    const char *p = strstr(jl_string_data(msg), "# Error @ ");
    if (p == NULL)
        return dflt;
    const char *eol = strchr(p, '\n');
    if (eol == NULL)
        eol = p + strlen(p);
    const char *c2 = eol;                       /* ":COL" */
    while (c2 > p && *c2 != ':')
        c2--;
    const char *c1 = c2 - 1;                    /* ":LINE" */
    while (c1 > p && *c1 != ':')
        c1--;
    if (c1 <= p || c2 <= c1)
        return dflt;
    int line = atoi(c1 + 1);
    return line > 0 ? line : dflt;
}

/* Offset of the first token at or after off (skips blanks, newlines, `;` and comments). */
static size_t skip_to_token(const char *text, size_t len, size_t off)
{
    while (off < len) {
        char c = text[off];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
            off++;
        }
        else if (c == '#' && off + 1 < len && text[off + 1] == '=') {
            int depth = 0;
            while (off < len) {
                if (text[off] == '#' && off + 1 < len && text[off + 1] == '=') {
                    depth++;
                    off += 2;
                }
                else if (text[off] == '=' && off + 1 < len && text[off + 1] == '#') {
                    off += 2;
                    if (--depth == 0)
                        break;
                }
                else {
                    off++;
                }
            }
        }
        else if (c == '#') {
            while (off < len && text[off] != '\n')
                off++;
        }
        else {
            break;
        }
    }
    return off;
}

/* jl_parse_one, or NULL if it throws. */
static __attribute__((noinline)) jl_value_t *try_parse_one(const char *text, size_t len, const char *filename,
                                                           int line, size_t *off)
{
    jl_value_t *volatile ex = NULL;
    JL_TRY {
        ex = jl_parse_one(text, len, filename, line, off);
    }
    JL_CATCH {
        ex = NULL;
    }
    return ex;
}

/* After a syntax error in a file: evaluates the statements before it one at a time (as Julia does), then
 * throws the parse error with jl_current_line at its line. */
static JL_NORETURN void eval_until_parse_error(const char *text, size_t len, const char *filename, jl_module_t *m,
                                               jl_value_t *perr)
{
    size_t off = 0, counted = 0;
    int line = 1;
    for (;;) {
        size_t start = skip_to_token(text, len, off);
        for (; counted < start; counted++)
            if (text[counted] == '\n')
                line++;
        if (start >= len)
            break;
        jl_value_t *ex = try_parse_one(text, len, filename, line, &off);
        if (ex == NULL || is_head(ex, jl_incomplete_sym) || off <= start)
            break;
        jl_current_line = line;
        set_world_newest();
        jl_toplevel_eval_flex(m, ex, 1, 0);
    }
    jl_current_line = parse_error_line(perr, line);
    /* Julia reports the error as raised by the statement at that line: a top-level frame there */
    jl_frame_t fr = {jl_current_frame, NULL, m, jl_current_file, jl_current_line};
    jl_current_frame = &fr;
    jl_throw(perr);
}

/* Parses and evaluates `text` as the contents of `filename`. If wrap, errors become LoadError(file, line, e). */
static jl_value_t *eval_file_text(const char *text, size_t len, const char *filename, jl_module_t *m, int wrap)
{
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    jl_sym_t *last_file = jl_current_file;
    int last_line = jl_current_line;
    jl_current_file = jl_symbol(filename);
    jl_current_line = 1;
    jl_value_t *volatile result = jl_nothing;
    JL_TRY {
        jl_value_t *volatile ast = NULL, *volatile perr = NULL;
        {
            JL_TRY {
                ast = jl_parse_all(text, len, filename, 1);
            }
            JL_CATCH {
                perr = jl_current_exception();
            }
        }
        if (perr != NULL)
            eval_until_parse_error(text, len, filename, m, perr);
        result = eval_parsed_toplevel(m, ast);
    }
    JL_CATCH {
        int line = jl_current_line;
        jl_current_file = last_file;
        jl_current_line = last_line;
        if (wrap && jl_loaderror_type != NULL)
            jl_rethrow_other(jl_new_struct(jl_loaderror_type, jl_cstr_to_string(filename), jl_box_long(line),
                                           jl_current_exception()));
        jl_rethrow();
    }
    ct->world_age = last_age;
    jl_current_file = last_file;
    jl_current_line = last_line;
    return result;
}

jl_value_t *jl_load_file_string(const char *text, size_t len, const char *filename, jl_module_t *m)
{
    return eval_file_text(text, len, filename, m, 0);
}

/* Removes "." and ".." components and repeated slashes of an absolute path, in place (Julia's normpath). */
static void normalize_abspath(char *path)
{
    char *out = path;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *seg = p;
        while (*p && *p != '/')
            p++;
        size_t n = (size_t)(p - seg);
        if (n == 0 || (n == 1 && seg[0] == '.'))
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out > path && *--out != '/')
                ;
            continue;
        }
        *out++ = '/';
        memmove(out, seg, n);
        out += n;
    }
    if (out == path)
        *out++ = '/';
    *out = 0;
}

/* The absolute path of an included file: a relative name is taken relative to the directory of the file
 * being loaded, else to the working directory (as Base.include does). */
static void resolve_include_path(const char *fname, char *out, size_t sz)
{
    const char *cur = jl_current_file ? jl_symbol_name(jl_current_file) : NULL;
    const char *slash = cur ? strrchr(cur, '/') : NULL;
    char cwd[PATH_MAX];
    if (fname[0] == '/')
        snprintf(out, sz, "%s", fname);
    else if (slash != NULL && cur[0] == '/')
        snprintf(out, sz, "%.*s/%s", (int)(slash - cur), cur, fname);
    else if (getcwd(cwd, sizeof(cwd)) != NULL)
        snprintf(out, sz, "%s/%s", cwd, fname);
    else
        snprintf(out, sz, "%s", fname);
    if (out[0] == '/')
        normalize_abspath(out);
}

static __attribute__((noinline)) char *read_whole_file(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = (char *)malloc(cap + 1);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            char *nb = (char *)realloc(buf, cap + 1);
            if (nb == NULL)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (buf == NULL)
        jl_error("out of memory reading a file");
    buf[len] = 0;
    *lenp = len;
    return buf;
}

JL_DLLEXPORT jl_value_t *jl_load(jl_module_t *module, const char *fname)
{
    char path[PATH_MAX + 1];
    resolve_include_path(fname, path, sizeof(path));
    size_t len = 0;
    char *text = read_whole_file(path, &len);
    if (text == NULL)
        jl_errorf("could not open file %s", path);
    jl_value_t *volatile r = NULL;
    JL_TRY {
        r = eval_file_text(text, len, path, module, 1);
    }
    JL_CATCH {
        free(text);
        jl_rethrow();
    }
    free(text);
    return r;
}

/* Core.include(m, path) (boot.jl: ccall(:jl_load_, Any, (Any, Any), m, path)) */
JL_DLLEXPORT jl_value_t *jl_load_(jl_module_t *module, jl_value_t *path)
{
    if (!jl_is_string(path))
        jl_type_error("include", (jl_value_t *)jl_string_type, path);
    return jl_load(module, jl_string_data(path));
}

JL_DLLEXPORT jl_value_t *jl_prepend_cwd(jl_value_t *path)
{
    if (!jl_is_string(path))
        jl_type_error("include", (jl_value_t *)jl_string_type, path);
    const char *p = jl_string_data(path);
    if (p[0] == '/')
        return path;
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)) == NULL)
        return path;
    char buf[2 * PATH_MAX + 2];
    snprintf(buf, sizeof(buf), "%s/%s", cwd, p);
    return jl_cstr_to_string(buf);
}

JL_DLLEXPORT jl_value_t *jl_exception_occurred(void) { return exception_occurred; }

/* Embedding API: evaluates `str` in Main; on error returns NULL (jl_exception_occurred() has the error). */
JL_DLLEXPORT jl_value_t *jl_eval_string(const char *str)
{
    static int rooted;
    if (!rooted) {
        jl_gc_add_root(&exception_occurred);
        rooted = 1;
    }
    jl_value_t *volatile r = NULL;
    exception_occurred = NULL;
    JL_TRY {
        r = jl_load_file_string(str, strlen(str), "none", jl_main_module);
    }
    JL_CATCH {
        exception_occurred = jl_current_exception();
        r = NULL;
    }
    return r;
}

/* The current file and line (for @__FILE__ / @__LINE__ fallbacks and Base.source_path). */
JL_DLLEXPORT jl_value_t *jl_current_file_name(void)
{
    return jl_current_file ? jl_cstr_to_string(jl_symbol_name(jl_current_file)) : jl_nothing;
}
