/* lowering-desugar.c: the first pass of lowering for everything except definitions (lowering-func.c):
 * turns macro-expanded surface syntax into the core forms listed in lowering.h. Blocks, assignments
 * (destructuring, indexing, fields, updating operators), control flow (if, &&, ||, while, for, let, try,
 * break, continue, return), literals (tuples, named tuples, arrays, strings, quotes), comparisons,
 * broadcasting, comprehensions and generators, indexing with `end`/`begin`, and type expressions. */
#include "lowering.h"
#include "tokenize.h"

static jl_value_t *expand(jl_lctx_t *ctx, jl_value_t *e);
static jl_value_t *expand_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs);

/* ---------------------------------------------------------------------------------------------- */
/* helpers */

#define ARGS(e) ((jl_value_t **)jl_array_ptr_data(((jl_expr_t *)(e))->args))

static jl_value_t *block2(jl_value_t *a, jl_value_t *b) { return jl_lex(jl_block_sym, 2, a, b); }

static jl_value_t *assign(jl_value_t *lhs, jl_value_t *rhs) { return jl_lex(jl_assign_sym, 2, lhs, rhs); }

static int is_op(const char *s) { return s[0] != 0 && jl_op_lookup(s, strlen(s)) >= 0; }


static JL_NORETURN void invalid(const char *what, jl_value_t *e)
{
    char buf[256];
    jl_lsyntax_error("%s \"%s\"", what, jl_lexpr_str(e, buf, sizeof(buf)));
}

/* A mutable temporary: a lambda-local slot (names starting "#mt" are never globals). */
static jl_sym_t *mtemp(jl_lctx_t *ctx, const char *base)
{
    (void)ctx;
    static unsigned n = 0;
    char buf[64];
    snprintf(buf, sizeof(buf), "#mt#%s#%u", base, ++n);
    return jl_symbol(buf);
}

/* Evaluate e (already expanded) into a temporary unless it is a constant atom; appends to stmts. */
jl_value_t *jl_ldesugar_to_temp(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *e)
{
    if (jl_is_quotenode(e) || jl_is_ssavalue(e) || jl_lis_self_quoting(e))
        return e;
    jl_value_t *t = jl_lnew_temp(ctx);
    jl_lvec_push(stmts, assign(t, e));
    return t;
}

static int is_splat(jl_value_t *e) { return jl_lisexpr(e, jl_dots_sym); }

static int any_splat(jl_value_t **args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_splat(args[i]))
            return 1;
    return 0;
}

/* f(args...) with already-expanded f and unexpanded args that may contain splats. */
jl_value_t *jl_ldesugar_splat_call(jl_lctx_t *ctx, jl_value_t *f, jl_value_t **args, size_t n)
{
    if (!any_splat(args, n)) {
        jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, n + 1);
        jl_exprargset(c, 0, f);
        for (size_t i = 0; i < n; i++)
            jl_exprargset(c, i + 1, expand(ctx, args[i]));
        return (jl_value_t *)c;
    }
    jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(c, jl_lcore("_apply_iterate"));
    jl_expr_push(c, jl_ltop("iterate"));
    jl_expr_push(c, f);
    jl_expr_t *group = NULL;
    for (size_t i = 0; i < n; i++) {
        if (is_splat(args[i])) {
            if (jl_expr_nargs(args[i]) != 1)
                invalid("invalid \"...\" on", args[i]);
            group = NULL;
            jl_expr_push(c, expand(ctx, jl_exprarg(args[i], 0)));
        }
        else {
            if (group == NULL) {
                group = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
                jl_expr_push(group, jl_lcore("tuple"));
                jl_expr_push(c, (jl_value_t *)group);
            }
            jl_expr_push(group, expand(ctx, args[i]));
        }
    }
    return (jl_value_t *)c;
}

static jl_value_t *top_call(jl_lctx_t *ctx, const char *name, jl_value_t **args, size_t n)
{
    return jl_ldesugar_splat_call(ctx, jl_ltop(name), args, n);
}

static int is_op_assign_head(jl_sym_t *h, char *op, size_t opsz)
{
    const char *s = jl_symbol_name(h);
    size_t n = strlen(s);
    if (n < 2 || s[n - 1] != '=')
        return 0;
    static const char *const no[] = {"==", "<=", ">=", "!=", "===", "!==", ".==", ".<=", ".>=", ".!=",
                                     ".===", ".!==", ":=", "=", ".=", "≤=", "≥=", NULL};
    for (int i = 0; no[i]; i++)
        if (strcmp(s, no[i]) == 0)
            return 0;
    if (n - 1 >= opsz)
        return 0;
    memcpy(op, s, n - 1);
    op[n - 1] = 0;
    return is_op(op) || (op[0] == '.' && is_op(op + 1));
}

/* ---------------------------------------------------------------------------------------------- */
/* Blocks */

static jl_value_t *expand_block(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    jl_expr_t *b = (jl_expr_t *)jl_exprn(jl_block_sym, n);
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(e, i);
        if (jl_is_linenode(a))
            ctx->cur_lnn = a;
        if (ctx->in_lambda && i + 1 < n && jl_lisexpr(a, jl_doublecolon_sym) && jl_expr_nargs(a) == 2 &&
            jl_is_symbol(jl_exprarg(a, 0))) {
            /* `x::T` as a statement in a function body declares the type of local x */
            jl_exprargset(b, i, jl_lex(jl_ls.decl, 2, jl_exprarg(a, 0), expand(ctx, jl_exprarg(a, 1))));
            continue;
        }
        jl_exprargset(b, i, jl_is_linenode(a) ? a : expand(ctx, a));
    }
    return (jl_value_t *)b;
}

static jl_value_t *scope_block(jl_value_t *body, int hard)
{
    return jl_lex(jl_ls.scope_block, 2, body, (jl_value_t *)(hard ? jl_ls.hard : jl_ls.soft));
}

/* ---------------------------------------------------------------------------------------------- */
/* Indexing: a[i], with `end`/`begin` */

static int contains_end(jl_value_t *e)
{
    if (e == (jl_value_t *)jl_ls.end || e == (jl_value_t *)jl_ls.begin)
        return 1;
    if (!jl_is_expr(e))
        return 0;
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_quote_sym || h == jl_inert_sym || h == jl_ref_sym || h == jl_function_sym || h == jl_arrow_sym)
        return h == jl_ref_sym && jl_expr_nargs(e) > 0 && contains_end(jl_exprarg(e, 0));
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        if (contains_end(jl_exprarg(e, i)))
            return 1;
    return 0;
}

static jl_value_t *replace_end(jl_value_t *e, jl_value_t *arr, size_t dim, size_t ndims)
{
    if (e == (jl_value_t *)jl_ls.end || e == (jl_value_t *)jl_ls.begin) {
        const char *fn = e == (jl_value_t *)jl_ls.end ? "lastindex" : "firstindex";
        if (ndims == 1)
            return jl_lcall(jl_ltop(fn), 1, arr);
        return jl_lcall(jl_ltop(fn), 2, arr, jl_box_long((int64_t)dim + 1));
    }
    if (!jl_is_expr(e))
        return e;
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_quote_sym || h == jl_inert_sym || h == jl_function_sym || h == jl_arrow_sym)
        return e;
    size_t n = jl_expr_nargs(e);
    jl_expr_t *r = (jl_expr_t *)jl_exprn(h, n);
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(e, i);
        /* in a nested a[...], only the array part refers to our `end` */
        jl_exprargset(r, i, (h == jl_ref_sym && i > 0) ? a : replace_end(a, arr, dim, ndims));
    }
    return (jl_value_t *)r;
}

/* Evaluates the array and index expressions into temporaries; fills idx (expanded). */
jl_value_t *jl_ldesugar_indices(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *ref, jl_lvec_t *idx, int force_temp)
{
    size_t n = jl_expr_nargs(ref);
    if (n == 0)
        invalid("invalid indexing", ref);
    jl_value_t *a = expand(ctx, jl_exprarg(ref, 0));
    int has_end = 0;
    for (size_t i = 1; i < n; i++)
        has_end |= contains_end(jl_exprarg(ref, i));
    if (force_temp || has_end || !jl_is_symbol(a))
        a = jl_ldesugar_to_temp(ctx, stmts, a);
    for (size_t i = 1; i < n; i++) {
        jl_value_t *ix = jl_exprarg(ref, i);
        if (jl_lisexpr(ix, jl_parameters_sym) || jl_lisexpr(ix, jl_kw_sym))
            jl_lsyntax_error("unexpected keyword argument in indexing");
        if (has_end)
            ix = replace_end(ix, a, i - 1, n - 1);
        if (is_splat(ix)) {
            jl_lvec_push(idx, jl_lex(jl_dots_sym, 1, expand(ctx, jl_exprarg(ix, 0))));
            continue;
        }
        jl_value_t *x = expand(ctx, ix);
        jl_lvec_push(idx, force_temp ? jl_ldesugar_to_temp(ctx, stmts, x) : x);
    }
    return a;
}

/* f(pre..., idx...) where idx may contain (already expanded) splats */
jl_value_t *jl_lindex_call(jl_value_t *f, jl_value_t **pre, size_t npre, jl_lvec_t *idx)
{
    int splat = 0;
    for (size_t i = 0; i < idx->len; i++)
        splat |= is_splat((jl_value_t *)idx->items[i]);
    jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    if (!splat) {
        jl_expr_push(c, f);
        for (size_t i = 0; i < npre; i++)
            jl_expr_push(c, pre[i]);
        for (size_t i = 0; i < idx->len; i++)
            jl_expr_push(c, (jl_value_t *)idx->items[i]);
        return (jl_value_t *)c;
    }
    jl_expr_push(c, jl_lcore("_apply_iterate"));
    jl_expr_push(c, jl_ltop("iterate"));
    jl_expr_push(c, f);
    jl_expr_t *group = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(group, jl_lcore("tuple"));
    for (size_t i = 0; i < npre; i++)
        jl_expr_push(group, pre[i]);
    jl_expr_push(c, (jl_value_t *)group);
    for (size_t i = 0; i < idx->len; i++) {
        jl_value_t *x = (jl_value_t *)idx->items[i];
        if (is_splat(x)) {
            jl_expr_push(c, jl_exprarg(x, 0));
            group = NULL;
        }
        else {
            if (group == NULL) {
                group = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
                jl_expr_push(group, jl_lcore("tuple"));
                jl_expr_push(c, (jl_value_t *)group);
            }
            jl_expr_push(group, x);
        }
    }
    return (jl_value_t *)c;
}

static jl_value_t *expand_ref(jl_lctx_t *ctx, jl_value_t *e)
{
    jl_lvec_t stmts = {0}, idx = {0};
    jl_value_t *a = jl_ldesugar_indices(ctx, &stmts, e, &idx, 0);
    jl_value_t *call = jl_lindex_call(jl_ltop("getindex"), &a, 1, &idx);
    free(idx.items);
    jl_lvec_push(&stmts, call);
    return jl_lblock(&stmts);
}

/* ---------------------------------------------------------------------------------------------- */
/* Assignment */

#define top_has jl_ltop_has

/* x.f: Base.getproperty, or (while bootstrapping, before it exists) getglobal/getfield */
static jl_value_t *getprop(jl_lctx_t *ctx, jl_value_t *x, jl_value_t *fld)
{
    if (top_has("getproperty"))
        return jl_lcall(jl_ltop("getproperty"), 2, x, fld);
    jl_value_t *t = jl_lnew_temp(ctx);
    jl_value_t *ismod = jl_lcall(jl_lcore("isa"), 2, t, jl_lcore("Module"));
    return jl_lex(jl_block_sym, 2, jl_lex(jl_assign_sym, 2, t, x),
                  jl_lex(jl_if_sym, 3, ismod, jl_lcall(jl_lcore("getglobal"), 2, t, fld),
                         jl_lcall(jl_lcore("getfield"), 2, t, fld)));
}

static jl_value_t *setprop_fn(void)
{
    return top_has("setproperty!") ? jl_ltop("setproperty!") : jl_lcore("setfield!");
}

jl_value_t *jl_lfield_name(jl_value_t *f)
{
    if (jl_is_quotenode(f))
        return f;
    if (jl_lisexpr(f, jl_quote_sym) && jl_expr_nargs(f) == 1)
        return jl_lquote(jl_exprarg(f, 0));
    if (jl_is_symbol(f))
        return jl_lquote(f);
    return NULL;
}

static void collect_tuple_names(jl_value_t *lhs, jl_lvec_t *names);

/* destructure rhs temporary `t` into the elements of the tuple lhs */
static void destructure(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *lhs, jl_value_t *t)
{
    size_t n = jl_expr_nargs(lhs);
    if (n == 1 && jl_lisexpr(jl_exprarg(lhs, 0), jl_parameters_sym)) {
        /* (; a, b) = t: properties */
        jl_value_t *p = jl_exprarg(lhs, 0);
        for (size_t i = 0; i < jl_expr_nargs(p); i++) {
            jl_value_t *v = jl_exprarg(p, i);
            jl_value_t *name = v;
            if (jl_lisexpr(v, jl_doublecolon_sym) && jl_expr_nargs(v) == 2)
                name = jl_exprarg(v, 0);
            if (!jl_is_symbol(name))
                invalid("invalid assignment location", v);
            jl_lvec_push(stmts, expand_assign(ctx, v, getprop(ctx, t, jl_lquote(name))));
        }
        return;
    }
    jl_value_t *st = NULL;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *x = jl_exprarg(lhs, i);
        if (is_splat(x)) {
            if (i != n - 1) {
                /* a, b..., c = t: Base.split_rest */
                jl_value_t *args[4] = {t, jl_box_long((int64_t)(n - 1 - i)), NULL, NULL};
                size_t na = 2;
                if (st)
                    args[na++] = st;
                jl_value_t *sr = jl_ldesugar_to_temp(ctx, stmts, jl_lcallv(jl_ltop("split_rest"), args, na));
                jl_lvec_push(stmts, expand_assign(ctx, jl_exprarg(x, 0), jl_lcall(jl_lcore("getfield"), 2, sr, jl_box_long(1))));
                jl_value_t *rest = jl_ldesugar_to_temp(ctx, stmts, jl_lcall(jl_lcore("getfield"), 2, sr, jl_box_long(2)));
                for (size_t j = i + 1; j < n; j++)
                    jl_lvec_push(stmts, expand_assign(ctx, jl_exprarg(lhs, j),
                                                      jl_lcall(jl_lcore("getfield"), 2, rest, jl_box_long((int64_t)(j - i)))));
                return;
            }
            jl_value_t *r = st ? jl_lcall(jl_ltop("rest"), 2, t, st) : jl_lcall(jl_ltop("rest"), 1, t);
            jl_lvec_push(stmts, expand_assign(ctx, jl_exprarg(x, 0), r));
            return;
        }
        jl_value_t *call = st ? jl_lcall(jl_ltop("indexed_iterate"), 3, t, jl_box_long((int64_t)i + 1), st)
                              : jl_lcall(jl_ltop("indexed_iterate"), 2, t, jl_box_long((int64_t)i + 1));
        jl_value_t *nx = jl_ldesugar_to_temp(ctx, stmts, call);
        jl_value_t *val = jl_ldesugar_to_temp(ctx, stmts, jl_lcall(jl_lcore("getfield"), 2, nx, jl_box_long(1)));
        if (i + 1 < n)
            st = jl_ldesugar_to_temp(ctx, stmts, jl_lcall(jl_lcore("getfield"), 2, nx, jl_box_long(2)));
        jl_lvec_push(stmts, expand_assign(ctx, x, val));
    }
}

static jl_value_t *expand_tuple_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs)
{
    jl_lvec_t stmts = {0};
    size_t n = jl_expr_nargs(lhs);
    if (jl_lisexpr(rhs, jl_tuple_sym) && jl_expr_nargs(rhs) == n && !any_splat(ARGS(rhs), n) &&
        !any_splat(ARGS(lhs), n) && !(n > 0 && jl_lisexpr(jl_exprarg(rhs, 0), jl_parameters_sym)) &&
        !(n > 0 && jl_lisexpr(jl_exprarg(lhs, 0), jl_parameters_sym))) {
        /* a, b = x, y: evaluate everything, then assign */
        jl_value_t **tmps = (jl_value_t **)jl_lalloc(ctx, (n + 1) * sizeof(jl_value_t *));
        for (size_t i = 0; i < n; i++) {
            jl_value_t *r = jl_exprarg(rhs, i);
            if (jl_lisexpr(r, jl_assign_sym))
                invalid("invalid assignment location", rhs);
            jl_value_t *v = expand(ctx, r);
            jl_value_t *t = jl_lnew_temp(ctx);
            jl_lvec_push(&stmts, assign(t, v));
            tmps[i] = t;
        }
        for (size_t i = 0; i < n; i++)
            jl_lvec_push(&stmts, expand_assign(ctx, jl_exprarg(lhs, i), tmps[i]));
        jl_lvec_push(&stmts, jl_lcallv(jl_lcore("tuple"), tmps, n));
        return jl_lblock(&stmts);
    }
    jl_value_t *t = jl_lnew_temp(ctx);
    jl_lvec_push(&stmts, assign(t, expand(ctx, rhs)));
    destructure(ctx, &stmts, lhs, t);
    jl_lvec_push(&stmts, t);
    return jl_lblock(&stmts);
}

/* lhs = rhs, where rhs is unexpanded (or an already expanded atom: temps and literals expand to themselves) */
static jl_value_t *expand_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs)
{
    if (jl_is_symbol(lhs)) {
        jl_value_t *r = expand(ctx, rhs);
        if (lhs == (jl_value_t *)jl_ls.underscore)
            return r;
        if (lhs == (jl_value_t *)jl_ls.end || lhs == (jl_value_t *)jl_ls.begin || lhs == (jl_value_t *)jl_ccall_sym)
            invalid("invalid assignment location", lhs);
        return assign(lhs, r);
    }
    if (jl_is_globalref(lhs))
        return assign(lhs, expand(ctx, rhs));
    if (!jl_is_expr(lhs))
        invalid("invalid assignment location", lhs);
    jl_sym_t *h = jl_lhead(lhs);
    size_t n = jl_expr_nargs(lhs);
    if (h == jl_tuple_sym)
        return expand_tuple_assign(ctx, lhs, rhs);
    if (jl_lis_function_def(lhs))
        return jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, lhs, rhs));
    if (h == jl_doublecolon_sym && n == 2) {
        jl_value_t *x = jl_exprarg(lhs, 0);
        if (jl_lisexpr(x, jl_tuple_sym) || !(jl_is_symbol(x) || jl_is_globalref(x)))
            invalid("invalid assignment location", lhs);
        jl_value_t *T = expand(ctx, jl_exprarg(lhs, 1));
        return block2(jl_lex(jl_ls.decl, 2, x, T), expand_assign(ctx, x, rhs));
    }
    if (h == jl_dotop_sym && n == 2 && jl_lfield_name(jl_exprarg(lhs, 1)) != NULL) {
        jl_lvec_t stmts = {0};
        jl_value_t *obj = jl_ldesugar_to_temp(ctx, &stmts, expand(ctx, jl_exprarg(lhs, 0)));
        jl_value_t *v = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(v, expand(ctx, rhs)));
        jl_lvec_push(&stmts, jl_lcall(setprop_fn(), 3, obj, jl_lfield_name(jl_exprarg(lhs, 1)), v));
        jl_lvec_push(&stmts, v);
        return jl_lblock(&stmts);
    }
    if (h == jl_ref_sym) {
        jl_lvec_t stmts = {0}, idx = {0};
        jl_value_t *a = jl_ldesugar_indices(ctx, &stmts, lhs, &idx, 1);
        jl_value_t *v = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(v, expand(ctx, rhs)));
        jl_value_t *pre[2] = {a, v};
        jl_lvec_push(&stmts, jl_lindex_call(jl_ltop("setindex!"), pre, 2, &idx));
        free(idx.items);
        jl_lvec_push(&stmts, v);
        return jl_lblock(&stmts);
    }
    if (h == jl_ls.outer && n == 1 && jl_is_symbol(jl_exprarg(lhs, 0)))
        return assign(jl_exprarg(lhs, 0), expand(ctx, rhs));
    if (h == jl_escape_sym && n == 1)
        return expand_assign(ctx, jl_exprarg(lhs, 0), rhs);
    if (h == jl_hygienic_scope_sym && n >= 1)
        return expand_assign(ctx, jl_exprarg(lhs, 0), rhs);
    if (h == jl_curly_sym && n >= 1 && jl_is_symbol(jl_exprarg(lhs, 0))) {
        /* type alias A{T} = B{T}  ==>  A = B{T} where T */
        jl_expr_t *w = (jl_expr_t *)jl_exprn(jl_where_sym, 0);
        jl_expr_push(w, rhs);
        for (size_t i = 1; i < n; i++)
            jl_expr_push(w, jl_exprarg(lhs, i));
        return expand_assign(ctx, jl_exprarg(lhs, 0), (jl_value_t *)w);
    }
    invalid("invalid assignment location", lhs);
}

/* x op= v */

static jl_value_t *expand_op_assign(jl_lctx_t *ctx, jl_value_t *e, const char *op)
{
    if (jl_expr_nargs(e) != 2)
        invalid("invalid assignment", e);
    jl_value_t *lhs = jl_exprarg(e, 0), *rhs = jl_exprarg(e, 1);
    if (op[0] == '.' && op[1] != 0) {
        /* x .+= y  ==>  x .= x .+ y */
        return jl_ldesugar_broadcast_assign(ctx, lhs, jl_lex(jl_call_sym, 3, jl_symbol(op), lhs, rhs));
    }
    jl_value_t *opf = (jl_value_t *)jl_symbol(op);
    if (jl_is_symbol(lhs) || jl_is_globalref(lhs))
        return expand_assign(ctx, lhs, jl_lex(jl_call_sym, 3, opf, lhs, rhs));
    if (jl_lisexpr(lhs, jl_doublecolon_sym) && jl_expr_nargs(lhs) == 2)
        return expand_assign(ctx, lhs, jl_lex(jl_call_sym, 3, opf, jl_exprarg(lhs, 0), rhs));
    if (jl_lisexpr(lhs, jl_dotop_sym) && jl_expr_nargs(lhs) == 2 && jl_lfield_name(jl_exprarg(lhs, 1)) != NULL) {
        jl_lvec_t stmts = {0};
        jl_value_t *obj = jl_ldesugar_to_temp(ctx, &stmts, expand(ctx, jl_exprarg(lhs, 0)));
        jl_value_t *fld = jl_lfield_name(jl_exprarg(lhs, 1));
        jl_value_t *old = getprop(ctx, obj, fld);
        jl_value_t *v = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(v, jl_lcall(expand(ctx, opf), 2, old, expand(ctx, rhs))));
        jl_lvec_push(&stmts, jl_lcall(setprop_fn(), 3, obj, fld, v));
        jl_lvec_push(&stmts, v);
        return jl_lblock(&stmts);
    }
    if (jl_lisexpr(lhs, jl_ref_sym)) {
        jl_lvec_t stmts = {0}, idx = {0};
        jl_value_t *a = jl_ldesugar_indices(ctx, &stmts, lhs, &idx, 1);
        jl_value_t *old = jl_lindex_call(jl_ltop("getindex"), &a, 1, &idx);
        jl_value_t *v = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(v, jl_lcall(expand(ctx, opf), 2, old, expand(ctx, rhs))));
        jl_value_t *pre[2] = {a, v};
        jl_lvec_push(&stmts, jl_lindex_call(jl_ltop("setindex!"), pre, 2, &idx));
        free(idx.items);
        jl_lvec_push(&stmts, v);
        return jl_lblock(&stmts);
    }
    if (jl_lisexpr(lhs, jl_tuple_sym))
        return expand_assign(ctx, lhs, jl_lex(jl_call_sym, 3, opf, lhs, rhs));
    invalid("invalid assignment location", lhs);
}

/* ---------------------------------------------------------------------------------------------- */
/* Declarations: local, global, const */

static void collect_tuple_names(jl_value_t *lhs, jl_lvec_t *names)
{
    if (jl_is_symbol(lhs)) {
        jl_lvec_push(names, lhs);
    }
    else if (jl_is_expr(lhs)) {
        jl_sym_t *h = jl_lhead(lhs);
        if (h == jl_tuple_sym || h == jl_parameters_sym) {
            for (size_t i = 0; i < jl_expr_nargs(lhs); i++)
                collect_tuple_names(jl_exprarg(lhs, i), names);
        }
        else if ((h == jl_doublecolon_sym || h == jl_dots_sym || h == jl_ls.outer) && jl_expr_nargs(lhs) >= 1) {
            collect_tuple_names(jl_exprarg(lhs, 0), names);
        }
        else if (h == jl_escape_sym && jl_expr_nargs(lhs) == 1) {
            collect_tuple_names(jl_exprarg(lhs, 0), names);
        }
        else if (h == jl_curly_sym && jl_expr_nargs(lhs) >= 1 && jl_is_symbol(jl_exprarg(lhs, 0))) {
            jl_lvec_push(names, jl_exprarg(lhs, 0));
        }
    }
}

/* the name defined by a function-definition signature, if it is a plain symbol */
static jl_value_t *function_def_name(jl_value_t *sig)
{
    while (jl_lisexpr(sig, jl_where_sym) || jl_lisexpr(sig, jl_doublecolon_sym))
        sig = jl_expr_nargs(sig) > 0 ? jl_exprarg(sig, 0) : NULL;
    if (jl_lisexpr(sig, jl_call_sym) && jl_expr_nargs(sig) > 0 && jl_is_symbol(jl_exprarg(sig, 0)))
        return jl_exprarg(sig, 0);
    return NULL;
}

static jl_value_t *expand_decls(jl_lctx_t *ctx, jl_value_t *e)
{
    char opbuf[64];
    jl_sym_t *h = jl_lhead(e);
    jl_lvec_t stmts = {0};
    for (size_t i = 0; i < jl_expr_nargs(e); i++) {
        jl_value_t *a = jl_exprarg(e, i);
        jl_lvec_t names = {0};
        jl_value_t *assignment = NULL;
        if (jl_lisexpr(a, jl_assign_sym) && jl_expr_nargs(a) == 2) {
            jl_value_t *lhs = jl_exprarg(a, 0);
            jl_value_t *fname = jl_lis_function_def(lhs) ? function_def_name(lhs) : NULL;
            if (fname)
                jl_lvec_push(&names, fname);
            else
                collect_tuple_names(lhs, &names);
            assignment = a;
        }
        else if (jl_lisexpr(a, jl_function_sym) && jl_expr_nargs(a) >= 1) {
            jl_value_t *fname = function_def_name(jl_exprarg(a, 0));
            if (fname == NULL && jl_is_symbol(jl_exprarg(a, 0)))
                fname = jl_exprarg(a, 0);
            if (fname)
                jl_lvec_push(&names, fname);
            assignment = a;
        }
        else if (jl_lisexpr(a, jl_doublecolon_sym) && jl_expr_nargs(a) == 2 && jl_is_symbol(jl_exprarg(a, 0))) {
            jl_lvec_push(&names, jl_exprarg(a, 0));
            jl_value_t *T = expand(ctx, jl_exprarg(a, 1));
            jl_lvec_push(&stmts, jl_lex(h, 1, jl_exprarg(a, 0)));
            jl_lvec_push(&stmts, jl_lex(jl_ls.decl, 2, jl_exprarg(a, 0), T));
            free(names.items);
            continue;
        }
        else if (jl_is_symbol(a) || jl_is_globalref(a)) {
            jl_lvec_push(&names, a);
        }
        else if (jl_is_expr(a) && jl_expr_nargs(a) == 2 && is_op_assign_head(jl_lhead(a), opbuf, sizeof(opbuf))) {
            collect_tuple_names(jl_exprarg(a, 0), &names);
            assignment = a;
        }
        else if (jl_lisexpr(a, jl_tuple_sym)) {
            collect_tuple_names(a, &names);
        }
        else if (jl_lisexpr(a, jl_const_sym) || jl_lisexpr(a, jl_global_sym) || jl_lisexpr(a, jl_local_sym)) {
            /* global const x = 1 / const global x = 1 */
            jl_value_t *inner = expand_decls(ctx, a);
            for (size_t k = 0; k < jl_expr_nargs(a); k++) {
                jl_lvec_t nn = {0};
                jl_value_t *x = jl_exprarg(a, k);
                if (jl_lisexpr(x, jl_assign_sym))
                    x = jl_exprarg(x, 0);
                collect_tuple_names(x, &nn);
                for (size_t j = 0; j < nn.len; j++)
                    jl_lvec_push(&stmts, jl_lex(h, 1, (jl_value_t *)nn.items[j]));
                free(nn.items);
            }
            jl_lvec_push(&stmts, inner);
            continue;
        }
        else {
            invalid(h == jl_local_sym ? "invalid \"local\" declaration" : "invalid declaration", a);
        }
        for (size_t j = 0; j < names.len; j++)
            jl_lvec_push(&stmts, jl_lex(h, 1, (jl_value_t *)names.items[j]));
        free(names.items);
        if (assignment) {
            if (h == jl_const_sym && jl_lisexpr(assignment, jl_assign_sym) &&
                jl_lisexpr(jl_exprarg(assignment, 0), jl_doublecolon_sym))
                jl_lsyntax_error("type declarations for global variables must be at top level, not inside a function");
            jl_lvec_push(&stmts, expand(ctx, assignment));
        }
        else if (i + 1 == jl_expr_nargs(e)) {
            jl_lvec_push(&stmts, jl_nothing);
        }
    }
    if (stmts.len == 0)
        jl_lvec_push(&stmts, jl_nothing);
    return jl_lblock(&stmts);
}

/* ---------------------------------------------------------------------------------------------- */
/* Control flow */

static jl_value_t *expand_if(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n < 2 || n > 3)
        invalid("invalid \"if\" syntax", e);
    jl_value_t *c = jl_exprarg(e, 0);
    jl_value_t *cond;
    if (jl_lisexpr(c, jl_block_sym)) {
        /* elseif conditions carry a line number block */
        cond = expand(ctx, c);
    }
    else {
        cond = expand(ctx, c);
    }
    jl_value_t *then = expand(ctx, jl_exprarg(e, 1));
    if (n == 2)
        return jl_lex(jl_if_sym, 2, cond, then);
    return jl_lex(jl_if_sym, 3, cond, then, expand(ctx, jl_exprarg(e, 2)));
}

static jl_value_t *expand_andor(jl_lctx_t *ctx, jl_value_t *e, int isand)
{
    size_t n = jl_expr_nargs(e);
    if (n == 0)
        return isand ? jl_true : jl_false;
    jl_value_t *r = expand(ctx, jl_exprarg(e, n - 1));
    for (size_t i = n - 1; i-- > 0;) {
        jl_value_t *c = expand(ctx, jl_exprarg(e, i));
        r = isand ? jl_lex(jl_if_sym, 3, c, r, jl_false) : jl_lex(jl_if_sym, 3, c, jl_true, r);
    }
    return r;
}

static void push_loop(jl_lctx_t *ctx, jl_sym_t *brk, jl_sym_t *cont)
{
    jl_lvec_push(&ctx->loops, brk);
    jl_lvec_push(&ctx->loops, cont);
}

static void pop_loop(jl_lctx_t *ctx) { ctx->loops.len -= 2; }

static jl_value_t *expand_while(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 2)
        invalid("invalid \"while\" syntax", e);
    jl_sym_t *brk = jl_lgensym(ctx, "brk"), *cont = jl_lgensym(ctx, "cont");
    jl_value_t *cond = expand(ctx, jl_exprarg(e, 0));
    push_loop(ctx, brk, cont);
    ctx->local_depth++;
    jl_value_t *body = expand(ctx, jl_exprarg(e, 1));
    ctx->local_depth--;
    pop_loop(ctx);
    body = jl_lex(jl_ls.break_block, 2, cont, scope_block(body, 0));
    return jl_lex(jl_ls.break_block, 2, brk, jl_lex(jl_ls.uwhile, 2, cond, body));
}

static jl_value_t *not_nothing(jl_value_t *v)
{
    jl_value_t *intr = jl_lpeek_global(jl_core_module, jl_symbol("Intrinsics"));
    jl_value_t *eq = jl_lcall(jl_lcore("==="), 2, v, jl_nothing);
    if (intr != NULL && jl_is_module(intr))
        return jl_lcall(jl_module_globalref((jl_module_t *)intr, jl_symbol("not_int")), 1, eq);
    return jl_lex(jl_if_sym, 3, eq, jl_false, jl_true);
}

/* for var in iter: one level; `inner` builds the body (the next level or the user's body) */
static jl_value_t *expand_for_level(jl_lctx_t *ctx, jl_value_t **specs, size_t nspecs, jl_value_t *body,
                                    jl_sym_t *brk, jl_sym_t *cont)
{
    jl_value_t *spec = specs[0];
    if (!jl_lisexpr(spec, jl_assign_sym) || jl_expr_nargs(spec) != 2)
        invalid("invalid iteration specification", spec);
    jl_value_t *var = jl_exprarg(spec, 0);
    jl_lvec_t stmts = {0};
    jl_value_t *iter = jl_ldesugar_to_temp(ctx, &stmts, expand(ctx, jl_exprarg(spec, 1)));
    if (jl_is_symbol(iter) || !jl_is_ssavalue(iter)) {
        jl_value_t *t = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(t, iter));
        iter = t;
    }
    jl_sym_t *next = mtemp(ctx, "next");
    jl_lvec_push(&stmts, assign((jl_value_t *)next, jl_lcall(jl_ltop("iterate"), 1, iter)));
    jl_lvec_t inner = {0};
    jl_value_t *val = jl_lnew_temp(ctx);
    jl_value_t *state = jl_lnew_temp(ctx);
    jl_lvec_push(&inner, assign(val, jl_lcall(jl_lcore("getfield"), 2, next, jl_box_long(1))));
    jl_lvec_push(&inner, assign(state, jl_lcall(jl_lcore("getfield"), 2, next, jl_box_long(2))));
    int outer = jl_lisexpr(var, jl_ls.outer);
    jl_lvec_t body_stmts = {0};
    if (outer) {
        jl_lvec_push(&inner, expand_assign(ctx, var, val));
    }
    else {
        jl_lvec_t names = {0};
        collect_tuple_names(var, &names);
        for (size_t i = 0; i < names.len; i++)
            jl_lvec_push(&body_stmts, jl_lex(jl_local_sym, 1, (jl_value_t *)names.items[i]));
        free(names.items);
        jl_lvec_push(&body_stmts, expand_assign(ctx, var, val));
    }
    jl_value_t *rest;
    ctx->local_depth++;
    if (nspecs > 1) {
        rest = expand_for_level(ctx, specs + 1, nspecs - 1, body, brk, cont);
    }
    else {
        push_loop(ctx, brk, cont);
        rest = jl_lex(jl_ls.break_block, 2, cont, expand(ctx, body));
        pop_loop(ctx);
    }
    ctx->local_depth--;
    jl_lvec_push(&body_stmts, rest);
    jl_lvec_push(&inner, scope_block(jl_lblock(&body_stmts), 0));
    jl_lvec_push(&inner, assign((jl_value_t *)next, jl_lcall(jl_ltop("iterate"), 2, iter, state)));
    jl_lvec_push(&stmts, jl_lex(jl_ls.uwhile, 2, not_nothing((jl_value_t *)next), jl_lblock(&inner)));
    jl_lvec_push(&stmts, jl_nothing);
    return jl_lblock(&stmts);
}

static jl_value_t *expand_for(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 2)
        invalid("invalid \"for\" syntax", e);
    jl_value_t *specs = jl_exprarg(e, 0);
    jl_value_t **sv;
    size_t ns;
    jl_value_t *single[1];
    if (jl_lisexpr(specs, jl_block_sym)) {
        jl_lvec_t v = {0};
        for (size_t i = 0; i < jl_expr_nargs(specs); i++)
            if (!jl_is_linenode(jl_exprarg(specs, i)))
                jl_lvec_push(&v, jl_exprarg(specs, i));
        sv = (jl_value_t **)jl_lalloc(ctx, (v.len + 1) * sizeof(jl_value_t *));
        memcpy(sv, v.items, v.len * sizeof(void *));
        ns = v.len;
        free(v.items);
    }
    else {
        single[0] = specs;
        sv = single;
        ns = 1;
    }
    if (ns == 0)
        invalid("invalid iteration specification", e);
    jl_sym_t *brk = jl_lgensym(ctx, "brk"), *cont = jl_lgensym(ctx, "cont");
    jl_value_t *loop = expand_for_level(ctx, sv, ns, jl_exprarg(e, 1), brk, cont);
    return jl_lex(jl_ls.break_block, 2, brk, loop);
}

static jl_value_t *expand_break(jl_lctx_t *ctx, int iscontinue)
{
    if (ctx->loops.len == 0)
        jl_lsyntax_error("break or continue outside loop");
    jl_sym_t *label = (jl_sym_t *)ctx->loops.items[ctx->loops.len - (iscontinue ? 1 : 2)];
    return jl_lex(jl_break_sym, 1, label);
}

static jl_value_t *expand_let(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 2)
        invalid("invalid let syntax", e);
    jl_value_t *binds = jl_exprarg(e, 0);
    jl_lvec_t bl = {0};
    if (jl_lisexpr(binds, jl_block_sym)) {
        for (size_t i = 0; i < jl_expr_nargs(binds); i++)
            if (!jl_is_linenode(jl_exprarg(binds, i)))
                jl_lvec_push(&bl, jl_exprarg(binds, i));
    }
    else {
        jl_lvec_push(&bl, binds);
    }
    ctx->local_depth++;
    jl_value_t *body = scope_block(expand(ctx, jl_exprarg(e, 1)), 1);
    for (size_t i = bl.len; i-- > 0;) {
        jl_value_t *b = (jl_value_t *)bl.items[i];
        jl_lvec_t stmts = {0};
        if (jl_is_symbol(b)) {
            jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, b));
            jl_lvec_push(&stmts, body);
            body = scope_block(jl_lblock(&stmts), 1);
            continue;
        }
        if (jl_lisexpr(b, jl_doublecolon_sym) && jl_expr_nargs(b) == 2) {
            jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, jl_exprarg(b, 0)));
            jl_lvec_push(&stmts, jl_lex(jl_ls.decl, 2, jl_exprarg(b, 0), expand(ctx, jl_exprarg(b, 1))));
            jl_lvec_push(&stmts, body);
            body = scope_block(jl_lblock(&stmts), 1);
            continue;
        }
        if (!jl_lisexpr(b, jl_assign_sym) || jl_expr_nargs(b) != 2)
            invalid("invalid let syntax", b);
        jl_value_t *lhs = jl_exprarg(b, 0);
        if (jl_lis_function_def(lhs)) {
            jl_value_t *fname = function_def_name(lhs);
            if (fname)
                jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, fname));
            jl_lvec_push(&stmts, expand(ctx, b));
            jl_lvec_push(&stmts, body);
            body = scope_block(jl_lblock(&stmts), 1);
            continue;
        }
        jl_lvec_t names = {0};
        collect_tuple_names(lhs, &names);
        /* the right-hand side is evaluated outside the new scope */
        jl_value_t *rhs = jl_lnew_temp(ctx);
        jl_value_t *rhs_eval = assign(rhs, expand(ctx, jl_exprarg(b, 1)));
        for (size_t j = 0; j < names.len; j++)
            jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, (jl_value_t *)names.items[j]));
        free(names.items);
        jl_lvec_push(&stmts, expand_assign(ctx, lhs, rhs));
        jl_lvec_push(&stmts, body);
        body = block2(rhs_eval, scope_block(jl_lblock(&stmts), 1));
    }
    free(bl.items);
    ctx->local_depth--;
    return body;
}

static jl_value_t *expand_try(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n < 3 || n > 5)
        invalid("invalid \"try\" syntax", e);
    jl_value_t *tryb = jl_exprarg(e, 0), *var = jl_exprarg(e, 1), *catchb = jl_exprarg(e, 2);
    jl_value_t *finb = n > 3 ? jl_exprarg(e, 3) : jl_false;
    jl_value_t *elseb = n > 4 ? jl_exprarg(e, 4) : jl_false;
    int has_catch = catchb != jl_false || var != jl_false;
    ctx->local_depth++;
    jl_value_t *body = scope_block(expand(ctx, tryb), 0);
    jl_value_t *r = body;
    if (has_catch || elseb != jl_false) {
        jl_lvec_t cs = {0};
        if (jl_is_symbol(var) && var != (jl_value_t *)jl_ls.underscore) {
            jl_lvec_push(&cs, jl_lex(jl_local_sym, 1, var));
            jl_lvec_push(&cs, assign(var, jl_lex(jl_the_exception_sym, 0)));
        }
        else if (var != jl_false && !jl_is_symbol(var)) {
            invalid("invalid syntax \"catch\"", var);
        }
        jl_lvec_push(&cs, catchb == jl_false ? jl_nothing : expand(ctx, catchb));
        jl_value_t *cb = scope_block(jl_lblock(&cs), 0);
        jl_value_t *eb = elseb == jl_false ? jl_nothing : scope_block(expand(ctx, elseb), 0);
        r = jl_lex(jl_ls.trycatch, 3, body, cb, eb);
    }
    if (finb != jl_false)
        r = jl_lex(jl_ls.tryfinally, 2, r, scope_block(expand(ctx, finb), 0));
    ctx->local_depth--;
    return r;
}

/* ---------------------------------------------------------------------------------------------- */
/* The dispatcher */

static jl_value_t *expand_dot(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n == 2) {
        jl_value_t *f = jl_lfield_name(jl_exprarg(e, 1));
        if (f != NULL)
            return getprop(ctx, expand(ctx, jl_exprarg(e, 0)), f);
        if (jl_lisexpr(jl_exprarg(e, 1), jl_tuple_sym))
            return jl_ldesugar_dot_call(ctx, e);
    }
    if (n == 1) /* (. op): the broadcasting form of an operator as a value */
        return jl_lcall(jl_ltop("BroadcastFunction"), 1, expand(ctx, jl_exprarg(e, 0)));
    invalid("invalid syntax", e);
}

static jl_value_t *expand_expr(jl_lctx_t *ctx, jl_value_t *e)
{
    jl_sym_t *h = jl_lhead(e);
    size_t n = jl_expr_nargs(e);
    char op[64];
    if (h == jl_block_sym)
        return expand_block(ctx, e);
    if (h == jl_call_sym) {
        if (n > 0 && jl_exprarg(e, 0) == (jl_value_t *)jl_ccall_sym)
            return jl_ldesugar_ccall(ctx, e);
        if (jl_lis_dot_call(e))
            return jl_ldesugar_dot_call(ctx, e);
        return jl_ldesugar_call(ctx, e);
    }
    if (h == jl_assign_sym) {
        if (n != 2)
            invalid("invalid assignment", e);
        return expand_assign(ctx, jl_exprarg(e, 0), jl_exprarg(e, 1));
    }
    if (h == jl_ls.dotassign) {
        if (n != 2)
            invalid("invalid assignment", e);
        return jl_ldesugar_broadcast_assign(ctx, jl_exprarg(e, 0), jl_exprarg(e, 1));
    }
    if (h == jl_dotop_sym)
        return expand_dot(ctx, e);
    if (h == jl_if_sym || h == jl_elseif_sym)
        return expand_if(ctx, e);
    if (h == jl_andand_sym)
        return expand_andor(ctx, e, 1);
    if (h == jl_oror_sym)
        return expand_andor(ctx, e, 0);
    if (h == jl_symbol(".&&") || h == jl_symbol(".||"))
        return jl_ldesugar_dot_call(ctx, e);
    if (h == jl_while_sym)
        return expand_while(ctx, e);
    if (h == jl_for_sym)
        return expand_for(ctx, e);
    if (h == jl_break_sym)
        return expand_break(ctx, 0);
    if (h == jl_continue_sym)
        return expand_break(ctx, 1);
    if (h == jl_return_sym)
        return jl_lex(jl_return_sym, 1, n > 0 ? expand(ctx, jl_exprarg(e, 0)) : jl_nothing);
    if (h == jl_let_sym)
        return expand_let(ctx, e);
    if (h == jl_try_sym)
        return expand_try(ctx, e);
    if (h == jl_local_sym || h == jl_global_sym || h == jl_const_sym)
        return expand_decls(ctx, e);
    if (h == jl_function_sym)
        return jl_ldesugar_function(ctx, e);
    if (h == jl_arrow_sym)
        return jl_ldesugar_lambda_expr(ctx, e);
    if (h == jl_macro_sym)
        return jl_ldesugar_macro_def(ctx, e);
    if (h == jl_struct_sym)
        return jl_ldesugar_struct(ctx, e);
    if (h == jl_abstract_sym)
        return jl_ldesugar_abstract(ctx, e, 0);
    if (h == jl_primitive_sym)
        return jl_ldesugar_abstract(ctx, e, 1);
    if (h == jl_tuple_sym)
        return jl_ldesugar_tuple(ctx, e);
    if (h == jl_vect_sym || h == jl_hcat_sym || h == jl_vcat_sym || h == jl_typed_hcat_sym || h == jl_typed_vcat_sym)
        return jl_ldesugar_array(ctx, e);
    if (h == jl_ref_sym)
        return expand_ref(ctx, e);
    if (h == jl_curly_sym)
        return jl_ldesugar_curly(ctx, e);
    if (h == jl_where_sym) {
        if (n < 2)
            invalid("invalid where", e);
        return jl_ldesugar_where(ctx, jl_exprarg(e, 0), ARGS(e) + 1, n - 1);
    }
    if (h == jl_string_sym)
        return top_call(ctx, "string", ARGS(e), n);
    if (h == jl_comparison_sym)
        return jl_lis_dot_call(e) ? jl_ldesugar_dot_call(ctx, e) : jl_ldesugar_comparison(ctx, e);
    if (h == jl_doublecolon_sym) {
        if (n != 2)
            jl_lsyntax_error("invalid \"::\" syntax");
        return jl_lcall(jl_lcore("typeassert"), 2, expand(ctx, jl_exprarg(e, 0)), expand(ctx, jl_exprarg(e, 1)));
    }
    if (h == jl_subtype_sym || h == jl_supertype_sym) {
        if (n != 2)
            invalid("invalid syntax", e);
        return jl_lcall(expand(ctx, (jl_value_t *)h), 2, expand(ctx, jl_exprarg(e, 0)), expand(ctx, jl_exprarg(e, 1)));
    }
    if (h == jl_ls.ctranspose && n == 1)
        return jl_lcall(jl_ltop("adjoint"), 1, expand(ctx, jl_exprarg(e, 0)));
    if (h == jl_quote_sym) {
        if (n != 1)
            invalid("invalid quote", e);
        return jl_ldesugar_quote(ctx, jl_exprarg(e, 0), 0);
    }
    if (h == jl_inert_sym)
        return jl_lquote(n > 0 ? jl_exprarg(e, 0) : jl_nothing);
    if (h == jl_comprehension_sym)
        return jl_ldesugar_comprehension(ctx, e);
    if (h == jl_typed_comprehension_sym)
        return jl_ldesugar_typed_comprehension(ctx, e);
    if (h == jl_generator_sym)
        return jl_ldesugar_generator(ctx, e);
    if (h == jl_flatten_sym)
        return jl_ldesugar_flatten(ctx, e);
    if (h == jl_do_sym) {
        /* f(args) do x ... end  ==>  f(x -> ..., args) */
        if (n != 2 || !jl_lisexpr(jl_exprarg(e, 0), jl_call_sym))
            invalid("invalid \"do\" syntax", e);
        jl_value_t *call = jl_exprarg(e, 0);
        size_t cn = jl_expr_nargs(call);
        jl_expr_t *nc = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
        jl_expr_push(nc, jl_exprarg(call, 0));
        size_t k = 1;
        if (cn > 1 && jl_lisexpr(jl_exprarg(call, 1), jl_parameters_sym))
            jl_expr_push(nc, jl_exprarg(call, k++));
        jl_expr_push(nc, jl_exprarg(e, 1));
        for (; k < cn; k++)
            jl_expr_push(nc, jl_exprarg(call, k));
        return expand(ctx, (jl_value_t *)nc);
    }
    if (h == jl_dots_sym)
        jl_lsyntax_error("\"...\" expression outside call");
    if (h == jl_dollar_sym)
        jl_lsyntax_error("\"$\" expression outside quote");
    if (h == jl_toplevel_sym || h == jl_module_sym || h == jl_using_sym || h == jl_import_sym ||
        h == jl_export_sym || h == jl_ls.public_) {
        if (ctx->in_lambda)
            jl_lsyntax_error("\"%s\" expression not at top level", jl_symbol_name(h));
        return e;
    }
    if (h == jl_escape_sym || h == jl_hygienic_scope_sym) {
        if (n < 1)
            invalid("invalid syntax", e);
        return expand(ctx, jl_exprarg(e, 0));
    }
    if (h == jl_ls.symbolicgoto || h == jl_ls.symboliclabel) {
        if (n != 1 || !jl_is_symbol(jl_exprarg(e, 0)))
            invalid("invalid label", e);
        return jl_copy_ast(e);
    }
    if (h == jl_ls.softscope || h == jl_ls.hardscope) {
        if (h == jl_ls.softscope && (n == 0 || jl_exprarg(e, 0) == jl_true))
            ctx->interactive_soft = 1;
        return jl_nothing;
    }
    if (h == jl_ls.locals && n == 0)
        return jl_copy_ast(e);
    if (h == jl_meta_sym || h == jl_inbounds_sym || h == jl_boundscheck_sym || h == jl_loopinfo_sym ||
        h == jl_the_exception_sym ||
        h == jl_line_sym || h == jl_aliasscope_sym || h == jl_popaliasscope_sym ||
        h == jl_gc_preserve_end_sym || h == jl_inline_sym || h == jl_noinline_sym)
        return jl_copy_ast(e);
    if (h == jl_isdefined_sym) {
        if (n != 1)
            invalid("invalid \"isdefined\" syntax", e);
        return jl_copy_ast(e);
    }
    if (h == jl_new_sym || h == jl_splatnew_sym || h == jl_foreigncall_sym || h == jl_copyast_sym ||
        h == jl_gc_preserve_begin_sym || h == jl_cfunction_sym || h == jl_static_parameter_sym) {
        jl_expr_t *r = (jl_expr_t *)jl_exprn(h, n);
        for (size_t i = 0; i < n; i++) {
            jl_value_t *a = jl_exprarg(e, i);
            /* foreigncall keeps its (unevaluated) function name, types and cconv */
            int keep = (h == jl_foreigncall_sym &&
                        ((i == 0 && (jl_is_symbol(a) || jl_is_quotenode(a) || jl_is_string(a))) || i == 3 || i == 4)) ||
                       h == jl_static_parameter_sym || h == jl_copyast_sym;
            jl_exprargset(r, i, keep ? a : expand(ctx, a));
        }
        return (jl_value_t *)r;
    }
    if (h == jl_ls.braces || h == jl_ls.bracescat)
        jl_lsyntax_error("{ } vector syntax is discontinued");
    if (h == jl_error_sym || h == jl_incomplete_sym) {
        if (n > 0 && jl_is_string(jl_exprarg(e, 0)))
            jl_lsyntax_error("%s", jl_string_data(jl_exprarg(e, 0)));
        if (n > 0)
            jl_throw(jl_exprarg(e, 0));
        jl_lsyntax_error("invalid syntax");
    }
    if (h == jl_macrocall_sym) {
        char buf[128];
        jl_lsyntax_error("macro call \"%s\" was not expanded", n > 0 ? jl_lexpr_str(jl_exprarg(e, 0), buf, sizeof(buf)) : "");
    }
    if (h == jl_kw_sym || h == jl_parameters_sym)
        jl_lsyntax_error("misplaced \"%s\" expression", h == jl_kw_sym ? "=" : ";");
    if (h == jl_row_sym || h == jl_nrow_sym)
        jl_lsyntax_error("unexpected \"%s\"", ";");
    if (h == jl_ncat_sym || h == jl_typed_ncat_sym)
        return top_call(ctx, h == jl_ncat_sym ? "hvncat" : "typed_hvncat", ARGS(e), n);
    if (h == jl_ls.outer)
        invalid("no outer local variable declaration exists for", e);
    if (h == jl_thunk_sym)
        return e;
    if (is_op_assign_head(h, op, sizeof(op)))
        return expand_op_assign(ctx, e, op);
    {
        char buf[200];
        jl_lsyntax_error("invalid syntax %s", jl_lexpr_str(e, buf, sizeof(buf)));
    }
}

static jl_value_t *expand(jl_lctx_t *ctx, jl_value_t *e)
{
    if (e == NULL)
        return jl_nothing;
    jl_check_stack();
    if (jl_is_symbol(e)) {
        const char *s = jl_symbol_name((jl_sym_t *)e);
        if (s[0] == '_' && strspn(s, "_") == strlen(s))
            jl_lsyntax_error("all-underscore identifiers are write-only and their values cannot be used in expressions");
        return e;
    }
    if (jl_is_expr(e))
        return expand_expr(ctx, e);
    if (jl_lis_temp(e))
        return e;
    if (jl_is_ssavalue(e) || jl_is_slotnumber(e) || jl_is_argument(e) || jl_is_gotonode(e) ||
        jl_is_gotoifnot(e) || jl_is_returnnode(e) || jl_is_newvarnode(e))
        return jl_lquote(e);
    return e;
}

jl_value_t *jl_ldesugar(jl_lctx_t *ctx, jl_value_t *ex)
{
    return expand(ctx, ex);
}

/* exported to lowering-func.c */
jl_value_t *jl_ldesugar_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs)
{
    return expand_assign(ctx, lhs, rhs);
}


void jl_lcollect_names(jl_value_t *lhs, jl_lvec_t *names)
{
    collect_tuple_names(lhs, names);
}
