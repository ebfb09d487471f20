/* lowering.c: entry points of syntax lowering (jl_lower_thunk, jl_expand, jl_init_lowering), the
 * lowering session (C-heap records, temporaries), small Expr helpers shared by the passes, and
 * jl_print_code_info for debugging. The passes themselves: see lowering.h. */
#include "lowering.h"
#include <stdarg.h>
#include <stdlib.h>

jl_lsyms_t jl_ls;

/* ---------------------------------------------------------------------------------------------- */
/* Vectors and session memory */

void jl_lvec_push(jl_lvec_t *v, void *p)
{
    if (v->len == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 8;
        void **n = (void **)realloc(v->items, ncap * sizeof(void *));
        if (n == NULL)
            jl_error("out of memory in lowering");
        v->items = n;
        v->cap = ncap;
    }
    v->items[v->len++] = p;
}

int jl_lvec_find(jl_lvec_t *v, void *p)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == p)
            return (int)i;
    return -1;
}

static void lvec_free(jl_lvec_t *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

void *jl_lalloc(jl_lctx_t *ctx, size_t sz)
{
    void *p = calloc(1, sz);
    if (p == NULL)
        jl_error("out of memory in lowering");
    jl_lvec_push(&ctx->allocs, p);
    return p;
}

jl_llam_t *jl_lnew_lambda(jl_lctx_t *ctx)
{
    jl_llam_t *l = (jl_llam_t *)jl_lalloc(ctx, sizeof(jl_llam_t));
    l->id = (int)ctx->lams.len;
    l->argnames = jl_alloc_vec_any(0);
    l->sparams = jl_alloc_vec_any(0);
    l->body = jl_nothing;
    jl_lvec_push(&ctx->lams, l);
    return l;
}

jl_value_t *jl_lnew_temp(jl_lctx_t *ctx)
{
    return jl_box_ssavalue((size_t)(JL_LTEMP_BASE + ++ctx->next_temp));
}

static unsigned lowering_counter = 0;
static unsigned name_counter = 0;
static int name_counter_reset = 0;

/* Numbers in generated function and closure type names (#1, #1#2, #f#3), as Julia's: one counter,
 * restarted once Base is loaded so that user code gets the numbers a fresh Julia session gives. */
unsigned jl_lname_counter(void)
{
    if (!name_counter_reset && jl_base_loaded) {
        name_counter_reset = 1;
        name_counter = 0;
    }
    return ++name_counter;
}

jl_sym_t *jl_lgensym(jl_lctx_t *ctx, const char *base)
{
    (void)ctx;
    char buf[256];
    snprintf(buf, sizeof(buf), "#%s#%u", base, ++lowering_counter);
    return jl_symbol(buf);
}

static void free_session(jl_lctx_t *ctx)
{
    for (size_t i = 0; i < ctx->lams.len; i++) {
        jl_llam_t *l = (jl_llam_t *)ctx->lams.items[i];
        lvec_free(&l->args);
        lvec_free(&l->sparam_binds);
        lvec_free(&l->locals);
        lvec_free(&l->captures);
    }
    for (size_t i = 0; i < ctx->scopes.len; i++) {
        jl_lscope_t *s = (jl_lscope_t *)ctx->scopes.items[i];
        lvec_free(&s->names);
        lvec_free(&s->binds);
        lvec_free(&s->globals);
    }
    for (size_t i = 0; i < ctx->families.len; i++) {
        jl_lfamily_t *f = (jl_lfamily_t *)ctx->families.items[i];
        lvec_free(&f->lams);
        lvec_free(&f->captures);
    }
    for (size_t i = 0; i < ctx->allocs.len; i++)
        free(ctx->allocs.items[i]);
    lvec_free(&ctx->allocs);
    lvec_free(&ctx->bindings);
    lvec_free(&ctx->lams);
    lvec_free(&ctx->scopes);
    lvec_free(&ctx->families);
    lvec_free(&ctx->loops);
}

/* ---------------------------------------------------------------------------------------------- */
/* Expr helpers */

jl_value_t *jl_lexv(jl_sym_t *head, jl_value_t **args, size_t n)
{
    jl_expr_t *e = jl_exprn(head, n);
    for (size_t i = 0; i < n; i++)
        jl_exprargset(e, i, args[i]);
    return (jl_value_t *)e;
}

jl_value_t *jl_lex(jl_sym_t *head, size_t n, ...)
{
    jl_expr_t *e = jl_exprn(head, n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        jl_exprargset(e, i, va_arg(ap, jl_value_t *));
    va_end(ap);
    return (jl_value_t *)e;
}

jl_value_t *jl_lcallv(jl_value_t *f, jl_value_t **args, size_t n)
{
    jl_expr_t *e = jl_exprn(jl_call_sym, n + 1);
    jl_exprargset(e, 0, f);
    for (size_t i = 0; i < n; i++)
        jl_exprargset(e, i + 1, args[i]);
    return (jl_value_t *)e;
}

jl_value_t *jl_lcall(jl_value_t *f, size_t n, ...)
{
    jl_expr_t *e = jl_exprn(jl_call_sym, n + 1);
    jl_exprargset(e, 0, f);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        jl_exprargset(e, i + 1, va_arg(ap, jl_value_t *));
    va_end(ap);
    return (jl_value_t *)e;
}

jl_value_t *jl_lcore(const char *name)
{
    return jl_module_globalref(jl_core_module, jl_symbol(name));
}

static jl_module_t *top_module(void)
{
    if (jl_base_module != NULL)
        return jl_base_module;
    return jl_top_module != NULL ? jl_top_module : jl_core_module;
}

jl_value_t *jl_ltop(const char *name)
{
    return jl_module_globalref(top_module(), jl_symbol(name));
}

jl_value_t *jl_lpeek_global(jl_module_t *m, jl_sym_t *name)
{
    jl_binding_t *b = jl_get_module_binding(m, name, 0);
    if (b == NULL)
        return NULL;
    while (b->alias != NULL)
        b = b->alias;
    return b->value;
}

int jl_ltop_has(const char *name)
{
    jl_value_t *v = jl_lpeek_global(top_module(), jl_symbol(name));
    if (v == NULL)
        return 0;
    /* a generic function declared (`function f end`) but without methods yet does not count */
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(v);
    if (jl_is_datatype(t) && t->instance == v && t->name->mt != NULL && t->name->mt->defs != NULL &&
        t->name->mt->builtin == NULL && jl_subtype((jl_value_t *)t, (jl_value_t *)jl_function_type))
        return jl_array_len(t->name->mt->defs) > 0;
    return 1;
}

jl_value_t *jl_lbase_iterators(const char *name)
{
    jl_module_t *top = top_module();
    jl_value_t *it = jl_lpeek_global(top, jl_symbol("Iterators"));
    if (it != NULL && jl_is_module(it))
        return jl_module_globalref((jl_module_t *)it, jl_symbol(name));
    return jl_module_globalref(top, jl_symbol(name));
}

jl_value_t *jl_lquote(jl_value_t *v)
{
    return jl_new_quotenode(v);
}

JL_NORETURN void jl_lsyntax_error(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    jl_errorf("syntax: %s", buf);
}

JL_NORETURN void jl_lmalformed(jl_value_t *e)
{
    if (e == NULL || !jl_is_expr(e))
        jl_lsyntax_error("malformed expression");
    jl_lsyntax_error("malformed \"%s\" expression", jl_symbol_name(((jl_expr_t *)e)->head));
}

/* Julia surface syntax for the common forms (error messages quote the offending expression) */
static void deparse(jl_sbuf_t *b, jl_value_t *e, int depth);

static void deparse_list(jl_sbuf_t *b, jl_value_t *e, size_t from, const char *sep, int depth)
{
    for (size_t i = from; i < jl_expr_nargs(e); i++) {
        if (i > from)
            jl_sbuf_puts(b, sep);
        deparse(b, jl_exprarg(e, i), depth + 1);
    }
}

static int is_infix_op(jl_value_t *f)
{
    if (!jl_is_symbol(f))
        return 0;
    const char *s = jl_symbol_name((jl_sym_t *)f);
    static const char *const ops[] = {"+", "-", "*", "/", "\\", "^", "%", "==", "!=", "===", "!==", "<", ">", "<=", ">=",
                                      "&", "|", "=>", ":", "<:", ">:", "//", "<<", ">>", ">>>", "÷", "∈", "∘", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(s, ops[i]) == 0)
            return 1;
    return 0;
}

static void deparse(jl_sbuf_t *b, jl_value_t *e, int depth)
{
    if (depth > 20) {
        jl_sbuf_puts(b, "...");
        return;
    }
    if (jl_is_symbol(e)) {
        jl_sbuf_puts(b, jl_symbol_name((jl_sym_t *)e));
        return;
    }
    if (jl_is_quotenode(e) && jl_is_symbol(((jl_quotenode_t *)e)->value)) {
        jl_sbuf_puts(b, ":");
        jl_sbuf_puts(b, jl_symbol_name((jl_sym_t *)((jl_quotenode_t *)e)->value));
        return;
    }
    if (!jl_is_expr(e)) {
        jl_static_show_to(b, e, 0);
        return;
    }
    jl_sym_t *h = ((jl_expr_t *)e)->head;
    size_t n = jl_expr_nargs(e);
    if (h == jl_call_sym && n == 3 && is_infix_op(jl_exprarg(e, 0))) {
        deparse(b, jl_exprarg(e, 1), depth + 1);
        jl_sbuf_printf(b, " %s ", jl_symbol_name((jl_sym_t *)jl_exprarg(e, 0)));
        deparse(b, jl_exprarg(e, 2), depth + 1);
    }
    else if (h == jl_call_sym && n >= 1) {
        deparse(b, jl_exprarg(e, 0), depth + 1);
        jl_sbuf_puts(b, "(");
        deparse_list(b, e, 1, ", ", depth);
        jl_sbuf_puts(b, ")");
    }
    else if (h == jl_vect_sym || h == jl_hcat_sym || h == jl_vcat_sym) {
        jl_sbuf_puts(b, "[");
        deparse_list(b, e, 0, h == jl_vect_sym ? ", " : h == jl_hcat_sym ? " " : "; ", depth);
        jl_sbuf_puts(b, "]");
    }
    else if (h == jl_tuple_sym) {
        jl_sbuf_puts(b, "(");
        deparse_list(b, e, 0, ", ", depth);
        jl_sbuf_puts(b, n == 1 ? ",)" : ")");
    }
    else if ((h == jl_ref_sym || h == jl_curly_sym) && n >= 1) {
        deparse(b, jl_exprarg(e, 0), depth + 1);
        jl_sbuf_puts(b, h == jl_ref_sym ? "[" : "{");
        deparse_list(b, e, 1, ", ", depth);
        jl_sbuf_puts(b, h == jl_ref_sym ? "]" : "}");
    }
    else if (h == jl_dotop_sym && n == 2) {
        deparse(b, jl_exprarg(e, 0), depth + 1);
        jl_sbuf_puts(b, ".");
        jl_value_t *f = jl_exprarg(e, 1);
        if (jl_is_quotenode(f))
            f = ((jl_quotenode_t *)f)->value;
        deparse(b, f, depth + 1);
    }
    else if ((h == jl_doublecolon_sym || h == jl_subtype_sym || h == jl_assign_sym || h == jl_kw_sym) && n == 2) {
        deparse(b, jl_exprarg(e, 0), depth + 1);
        jl_sbuf_puts(b, h == jl_doublecolon_sym ? "::" : h == jl_subtype_sym ? " <: " : h == jl_kw_sym ? "=" : " = ");
        deparse(b, jl_exprarg(e, 1), depth + 1);
    }
    else if (h == jl_doublecolon_sym && n == 1) {
        jl_sbuf_puts(b, "::");
        deparse(b, jl_exprarg(e, 0), depth + 1);
    }
    else if (h == jl_dots_sym && n == 1) {
        deparse(b, jl_exprarg(e, 0), depth + 1);
        jl_sbuf_puts(b, "...");
    }
    else if (h == jl_dollar_sym && n == 1) {
        jl_sbuf_puts(b, "$");
        deparse(b, jl_exprarg(e, 0), depth + 1);
    }
    else {
        jl_static_show_to(b, e, 0);
    }
}

const char *jl_lexpr_str(jl_value_t *e, char *buf, size_t sz)
{
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    deparse(&b, e, 0);
    size_t n = b.len < sz - 1 ? b.len : sz - 1;
    memcpy(buf, b.data, n);
    buf[n] = 0;
    jl_sbuf_free(&b);
    return buf;
}

int jl_lis_self_quoting(jl_value_t *v)
{
    if (v == NULL)
        return 0;
    jl_value_t *t = jl_typeof(v);
    return !(t == (jl_value_t *)jl_symbol_type || t == (jl_value_t *)jl_expr_type ||
             t == (jl_value_t *)jl_ssavalue_type || t == (jl_value_t *)jl_slotnumber_type ||
             t == (jl_value_t *)jl_argument_type || t == (jl_value_t *)jl_quotenode_type ||
             t == (jl_value_t *)jl_globalref_type || t == (jl_value_t *)jl_linenumbernode_type ||
             t == (jl_value_t *)jl_gotonode_type || t == (jl_value_t *)jl_gotoifnot_type ||
             t == (jl_value_t *)jl_returnnode_type || t == (jl_value_t *)jl_newvarnode_type);
}

jl_value_t *jl_lblock(jl_lvec_t *stmts)
{
    jl_value_t *b = jl_lexv(jl_block_sym, (jl_value_t **)stmts->items, stmts->len);
    lvec_free(stmts);
    return b;
}

/* ---------------------------------------------------------------------------------------------- */
/* Entry points */

void jl_init_lowering(void)
{
#define JL_LSYM_INIT(n, s) jl_ls.n = jl_symbol(s);
    JL_LSYMS_X(JL_LSYM_INIT)
#undef JL_LSYM_INIT
}

static jl_code_info_t *lower_in_session(jl_lctx_t *ctx, jl_value_t *expr)
{
    jl_llam_t *thunk = jl_lnew_lambda(ctx);
    thunk->is_thunk = 1;
    thunk->name = jl_symbol("top-level scope");
    jl_lvec_push(&ctx->bindings, NULL); /* binding ids start at 1 */
    thunk->body = jl_ldesugar(ctx, expr);
    jl_lresolve_scopes(ctx);
    return jl_llinearize(ctx);
}

jl_code_info_t *jl_lower_thunk(jl_value_t *expr, jl_module_t *inmodule, const char *file, int line)
{
    jl_lctx_t ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.module = inmodule;
    ctx.file = jl_symbol(file ? file : "none");
    ctx.line = line;
    int last_gc = jl_gc_is_enabled();
    jl_gc_enable(0);
    jl_code_info_t *volatile ci = NULL;
    JL_TRY {
        ci = lower_in_session(&ctx, expr);
    }
    JL_CATCH {
        free_session(&ctx);
        jl_gc_enable(last_gc);
        jl_rethrow();
    }
    free_session(&ctx);
    jl_gc_enable(last_gc);
    static int debug = -1;
    if (debug < 0)
        debug = getenv("JULIA_LOWERING_DEBUG") != NULL;
    if (debug) {
        fprintf(stderr, "---- lowered (%s:%d):\n", jl_symbol_name(ctx.file), ctx.line);
        jl_print_code_info(stderr, ci);
    }
    return ci;
}

jl_value_t *jl_expand(jl_value_t *expr, jl_module_t *inmodule)
{
    expr = jl_macroexpand(expr, inmodule, 1);
    if (!jl_is_expr(expr) || jl_lisexpr(expr, jl_toplevel_sym) || jl_lisexpr(expr, jl_module_sym))
        return expr;
    const char *file = jl_current_file ? jl_symbol_name(jl_current_file) : "none";
    jl_code_info_t *ci = jl_lower_thunk(expr, inmodule, file, jl_current_line);
    return jl_lex(jl_thunk_sym, 1, (jl_value_t *)ci);
}

/* ---------------------------------------------------------------------------------------------- */
/* Debug printing */

static void print_value(FILE *out, jl_value_t *v)
{
    if (v == NULL) {
        fputs("#undef", out);
        return;
    }
    if (jl_is_ssavalue(v)) {
        fprintf(out, "%%%ld", (long)((jl_ssavalue_t *)v)->id);
        return;
    }
    if (jl_is_slotnumber(v)) {
        fprintf(out, "_%ld", (long)((jl_slotnumber_t *)v)->id);
        return;
    }
    if (jl_is_expr(v)) {
        jl_expr_t *e = (jl_expr_t *)v;
        fprintf(out, "Expr(:%s", jl_symbol_name(e->head));
        for (size_t i = 0; i < jl_expr_nargs(e); i++) {
            fputs(", ", out);
            print_value(out, jl_exprarg(e, i));
        }
        fputs(")", out);
        return;
    }
    if (jl_is_code_info(v)) {
        fputs("CodeInfo(...)", out);
        return;
    }
    jl_static_show(out, v);
}

void jl_print_code_info(FILE *out, jl_code_info_t *ci)
{
    size_t n = jl_array_len(ci->code);
    fprintf(out, "CodeInfo(nargs=%d, isva=%d, slots=[", (int)ci->nargs, (int)ci->isva);
    for (size_t i = 0; ci->slotnames && i < jl_array_len(ci->slotnames); i++)
        fprintf(out, "%s%s", i ? ", " : "", jl_symbol_name((jl_sym_t *)jl_array_ptr_ref(ci->slotnames, i)));
    fputs("])\n", out);
    for (size_t i = 0; i < n; i++) {
        jl_value_t *st = jl_array_ptr_ref(ci->code, i);
        int32_t loc = ci->codelocs ? ((int32_t *)jl_array_data(ci->codelocs))[i] : 0;
        int line = 0;
        if (loc > 0 && ci->linetable && (size_t)loc <= jl_array_len((jl_array_t *)ci->linetable)) {
            jl_value_t *li = jl_array_ptr_ref((jl_array_t *)ci->linetable, loc - 1);
            if (jl_typeis(li, jl_lineinfonode_type))
                line = ((jl_lineinfonode_t *)li)->line;
        }
        fprintf(out, "%4zu %4d  ", i + 1, line);
        if (jl_is_gotonode(st)) {
            fprintf(out, "goto %ld", (long)((jl_gotonode_t *)st)->label);
        }
        else if (jl_is_gotoifnot(st)) {
            fputs("goto ", out);
            fprintf(out, "%ld if not ", (long)((jl_gotoifnot_t *)st)->dest);
            print_value(out, ((jl_gotoifnot_t *)st)->cond);
        }
        else if (jl_is_returnnode(st)) {
            fputs("return ", out);
            print_value(out, ((jl_returnnode_t *)st)->val);
        }
        else if (jl_is_newvarnode(st)) {
            fputs("newvar ", out);
            print_value(out, ((jl_newvarnode_t *)st)->slot);
        }
        else {
            print_value(out, st);
        }
        fputc('\n', out);
        if (jl_lisexpr(st, jl_method_sym) && jl_expr_nargs(st) == 3 && jl_is_code_info(jl_exprarg(st, 2))) {
            fputs("  ---- method body:\n", out);
            jl_print_code_info(out, (jl_code_info_t *)jl_exprarg(st, 2));
            fputs("  ----\n", out);
        }
    }
}
