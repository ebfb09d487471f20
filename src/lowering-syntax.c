/* lowering-syntax.c: the first pass of lowering (continued from lowering-desugar.c) for expression
 * syntax: comparison chains, broadcasting (dot calls, .=, fusion), literals (tuples, named tuples, array
 * literals, quotes with interpolation), comprehensions and generators, type expressions (A{B}, where,
 * A{<:B}), and ccall. Produces the core forms listed in lowering.h. */
#include "lowering.h"
#include "tokenize.h"

#define ARGS(e) ((jl_value_t **)jl_array_ptr_data(((jl_expr_t *)(e))->args))
#define expand jl_ldesugar

static jl_value_t *assign(jl_value_t *lhs, jl_value_t *rhs) { return jl_lex(jl_assign_sym, 2, lhs, rhs); }

static int is_op(const char *s) { return s[0] != 0 && jl_op_lookup(s, strlen(s)) >= 0; }

static int is_sym(jl_value_t *v, const char *name)
{
    return v != NULL && jl_is_symbol(v) && strcmp(jl_symbol_name((jl_sym_t *)v), name) == 0;
}

static JL_NORETURN void invalid(const char *what, jl_value_t *e)
{
    char buf[256];
    jl_lsyntax_error("%s \"%s\"", what, jl_lexpr_str(e, buf, sizeof(buf)));
}

static int is_splat(jl_value_t *e) { return jl_lisexpr(e, jl_dots_sym); }

static jl_value_t *top_call(jl_lctx_t *ctx, const char *name, jl_value_t **args, size_t n)
{
    return jl_ldesugar_splat_call(ctx, jl_ltop(name), args, n);
}

static jl_value_t *scope_block(jl_value_t *body, int hard)
{
    return jl_lex(jl_ls.scope_block, 2, body, (jl_value_t *)(hard ? jl_ls.hard : jl_ls.soft));
}
/* ---------------------------------------------------------------------------------------------- */
/* Comparisons */

jl_value_t *jl_ldesugar_comparison(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n < 3 || n % 2 == 0)
        invalid("invalid comparison", e);
    if (n == 3)
        return expand(ctx, jl_lex(jl_call_sym, 3, jl_exprarg(e, 1), jl_exprarg(e, 0), jl_exprarg(e, 2)));
    /* a op1 b op2 c ...: each middle operand evaluated once */
    int dotted = 0;
    for (size_t i = 1; i < n; i += 2) {
        jl_value_t *op = jl_exprarg(e, i);
        if (jl_is_symbol(op) && jl_symbol_name((jl_sym_t *)op)[0] == '.' && jl_symbol_name((jl_sym_t *)op)[1])
            dotted = 1;
    }
    if (dotted) {
        /* (a .< b) .& (b .< c): operands re-used */
        jl_value_t *acc = NULL;
        for (size_t i = 1; i < n; i += 2) {
            jl_value_t *c = jl_lex(jl_call_sym, 3, jl_exprarg(e, i), jl_exprarg(e, i - 1), jl_exprarg(e, i + 1));
            acc = acc ? jl_lex(jl_call_sym, 3, jl_symbol(".&"), acc, c) : c;
        }
        return expand(ctx, acc);
    }
    jl_lvec_t stmts = {0};
    jl_value_t *prev = jl_ldesugar_to_temp(ctx, &stmts, expand(ctx, jl_exprarg(e, 0)));
    /* build nested ifs from the left; each right operand goes to a temp inside its branch */
    jl_value_t *result = NULL;
    jl_value_t **holes = NULL; /* where to put the continuation */
    jl_value_t *root = NULL;
    for (size_t i = 1; i < n; i += 2) {
        jl_lvec_t part = {0};
        jl_value_t *rhs = jl_exprarg(e, i + 1);
        jl_value_t *r = (i + 2 < n) ? jl_ldesugar_to_temp(ctx, &part, expand(ctx, rhs)) : expand(ctx, rhs);
        jl_value_t *op = expand(ctx, jl_exprarg(e, i));
        jl_value_t *cmp = jl_lcall(op, 2, prev, r);
        if (i + 2 < n) {
            jl_expr_t *ife = (jl_expr_t *)jl_lex(jl_if_sym, 3, cmp, jl_nothing, jl_false);
            jl_lvec_push(&part, ife);
            jl_value_t *blk = jl_lblock(&part);
            if (holes)
                *holes = blk;
            else
                root = blk;
            holes = &jl_array_ptr_data(ife->args)[1];
        }
        else {
            jl_lvec_push(&part, cmp);
            jl_value_t *blk = jl_lblock(&part);
            if (holes)
                *holes = blk;
            else
                root = blk;
        }
        prev = r;
    }
    result = root;
    jl_lvec_push(&stmts, result);
    return jl_lblock(&stmts);
}

/* ---------------------------------------------------------------------------------------------- */
/* Broadcasting */

static int is_dotop_sym(jl_value_t *f)
{
    if (!jl_is_symbol(f))
        return 0;
    const char *s = jl_symbol_name((jl_sym_t *)f);
    return s[0] == '.' && s[1] != 0 && s[1] != '.' && is_op(s + 1);
}

int jl_lis_dot_call(jl_value_t *e)
{
    if (jl_lisexpr(e, jl_dotop_sym) && jl_expr_nargs(e) == 2 && jl_lisexpr(jl_exprarg(e, 1), jl_tuple_sym))
        return 1;
    if (jl_lisexpr(e, jl_call_sym) && jl_expr_nargs(e) >= 2 && is_dotop_sym(jl_exprarg(e, 0)))
        return 1;
    if ((jl_lisexpr(e, jl_ls.dotop) && 0) || jl_lisexpr(e, jl_symbol(".&&")) || jl_lisexpr(e, jl_symbol(".||")))
        return 1;
    if (jl_lisexpr(e, jl_comparison_sym)) {
        for (size_t i = 1; i < jl_expr_nargs(e); i += 2)
            if (is_dotop_sym(jl_exprarg(e, i)))
                return 1;
    }
    return 0;
}

static jl_value_t *broadcast_tree(jl_lctx_t *ctx, jl_value_t *e);

static jl_value_t *broadcast_arg(jl_lctx_t *ctx, jl_value_t *a)
{
    if (jl_lis_dot_call(a))
        return broadcast_tree(ctx, a);
    return a;
}

/* returns an unexpanded call to Base.broadcasted (args fused) */
static jl_value_t *broadcast_tree(jl_lctx_t *ctx, jl_value_t *e)
{
    jl_value_t *f;
    jl_value_t **args;
    size_t n;
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_comparison_sym) {
        jl_value_t *acc = NULL;
        for (size_t i = 1; i < jl_expr_nargs(e); i += 2) {
            jl_value_t *c = jl_lex(jl_call_sym, 3, jl_exprarg(e, i), jl_exprarg(e, i - 1), jl_exprarg(e, i + 1));
            acc = acc ? jl_lex(jl_call_sym, 3, jl_symbol(".&"), acc, c) : c;
        }
        return broadcast_tree(ctx, acc);
    }
    if (h == jl_symbol(".&&") || h == jl_symbol(".||")) {
        jl_value_t *fn = jl_ltop(h == jl_symbol(".&&") ? "andand" : "oror");
        jl_value_t *acc = broadcast_arg(ctx, jl_exprarg(e, 0));
        for (size_t i = 1; i < jl_expr_nargs(e); i++)
            acc = jl_lex(jl_call_sym, 4, jl_ltop("broadcasted"), fn, acc, broadcast_arg(ctx, jl_exprarg(e, i)));
        return acc;
    }
    if (h == jl_dotop_sym) {
        f = jl_exprarg(e, 0);
        jl_value_t *tup = jl_exprarg(e, 1);
        args = ARGS(tup);
        n = jl_expr_nargs(tup);
    }
    else {
        const char *s = jl_symbol_name((jl_sym_t *)jl_exprarg(e, 0));
        f = (jl_value_t *)jl_symbol(s + 1);
        args = ARGS(e) + 1;
        n = jl_expr_nargs(e) - 1;
    }
    jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(c, jl_ltop("broadcasted"));
    if (n > 0 && jl_lisexpr(args[0], jl_parameters_sym))
        jl_lsyntax_error("keyword arguments in broadcast calls are not supported");
    if (f == (jl_value_t *)jl_symbol("^") && n == 2 && jl_is_long(args[1]) && jl_ltop_has("literal_pow")) {
        jl_expr_push(c, jl_ltop("literal_pow"));
        jl_expr_push(c, f);
        jl_expr_push(c, broadcast_arg(ctx, args[0]));
        jl_expr_push(c, jl_lex(jl_call_sym, 1, jl_lex(jl_curly_sym, 2, jl_ltop("Val"), args[1])));
        return (jl_value_t *)c;
    }
    jl_expr_push(c, f);
    for (size_t i = 0; i < n; i++) {
        if (jl_lisexpr(args[i], jl_kw_sym))
            jl_lsyntax_error("keyword arguments in broadcast calls are not supported");
        jl_expr_push(c, is_splat(args[i]) ? args[i] : broadcast_arg(ctx, args[i]));
    }
    return (jl_value_t *)c;
}

jl_value_t *jl_ldesugar_dot_call(jl_lctx_t *ctx, jl_value_t *e)
{
    jl_value_t *bc = broadcast_tree(ctx, e);
    return expand(ctx, jl_lex(jl_call_sym, 2, jl_ltop("materialize"), bc));
}

jl_value_t *jl_ldesugar_broadcast_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs)
{
    jl_value_t *bc = jl_lis_dot_call(rhs) ? broadcast_tree(ctx, rhs)
                                      : jl_lex(jl_call_sym, 3, jl_ltop("broadcasted"), jl_ltop("identity"), rhs);
    jl_value_t *dest;
    if (jl_lisexpr(lhs, jl_ref_sym)) {
        jl_lvec_t stmts = {0}, idx = {0};
        jl_value_t *a = jl_ldesugar_indices(ctx, &stmts, lhs, &idx, 0);
        dest = jl_lindex_call(jl_ltop("dotview"), &a, 1, &idx);
        free(idx.items);
        jl_value_t *d = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, assign(d, dest));
        jl_lvec_push(&stmts, jl_lcall(jl_ltop("materialize!"), 2, d, expand(ctx, bc)));
        return jl_lblock(&stmts);
    }
    dest = expand(ctx, lhs);
    jl_lvec_t stmts = {0};
    dest = jl_ldesugar_to_temp(ctx, &stmts, dest);
    jl_lvec_push(&stmts, jl_lcall(jl_ltop("materialize!"), 2, dest, expand(ctx, bc)));
    return jl_lblock(&stmts);
}

/* ---------------------------------------------------------------------------------------------- */
/* Literals */

static jl_value_t *expand_named_tuple(jl_lctx_t *ctx, jl_value_t **items, size_t n)
{
    /* segments of name=value pairs; splatted parts are merged */
    jl_value_t *acc = NULL;
    jl_lvec_t names = {0}, vals = {0};
    for (size_t i = 0; i <= n; i++) {
        jl_value_t *it = i < n ? items[i] : NULL;
        jl_value_t *name = NULL, *val = NULL;
        if (it != NULL) {
            if ((jl_lisexpr(it, jl_assign_sym) || jl_lisexpr(it, jl_kw_sym)) && jl_expr_nargs(it) == 2) {
                name = jl_exprarg(it, 0);
                val = jl_exprarg(it, 1);
            }
            else if (jl_is_symbol(it)) {
                name = it;
                val = it;
            }
            else if (jl_lisexpr(it, jl_dotop_sym) && jl_expr_nargs(it) == 2 && jl_lfield_name(jl_exprarg(it, 1))) {
                name = ((jl_quotenode_t *)jl_lfield_name(jl_exprarg(it, 1)))->value;
                val = it;
            }
            else if (!is_splat(it) && !(jl_lisexpr(it, jl_call_sym) && jl_expr_nargs(it) == 3 &&
                                        is_sym(jl_exprarg(it, 0), "=>"))) {
                invalid("invalid named tuple element", it);
            }
            if (name != NULL && !jl_is_symbol(name))
                invalid("invalid named tuple field name", name);
            if (name != NULL) {
                for (size_t k = 0; k < names.len; k++)
                    if (names.items[k] == name)
                        jl_lsyntax_error("field name \"%s\" repeated in named tuple", jl_symbol_name((jl_sym_t *)name));
                jl_lvec_push(&names, name);
                jl_lvec_push(&vals, expand(ctx, val));
                continue;
            }
        }
        /* flush the current segment */
        if (names.len > 0 || (it == NULL && acc == NULL)) {
            jl_value_t *ntup = jl_tuplev(names.len, (jl_value_t **)names.items);
            jl_value_t *nt = jl_lcall(jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("NamedTuple"), jl_lquote(ntup)), 1,
                                      jl_lcallv(jl_lcore("tuple"), (jl_value_t **)vals.items, vals.len));
            acc = acc ? jl_lcall(jl_ltop("merge"), 2, acc, nt) : nt;
            names.len = vals.len = 0;
        }
        if (it == NULL)
            break;
        if (is_splat(it)) {
            jl_value_t *x = expand(ctx, jl_exprarg(it, 0));
            if (acc == NULL)
                acc = jl_lcall(jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("NamedTuple"), jl_lquote(jl_emptytuple)), 1,
                               jl_lcall(jl_lcore("tuple"), 0));
            acc = jl_lcall(jl_ltop("merge"), 2, acc, x);
        }
        else {
            /* :a => v pair */
            jl_value_t *k = expand(ctx, jl_exprarg(it, 1)), *v = expand(ctx, jl_exprarg(it, 2));
            jl_value_t *nt = jl_lcall(jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("NamedTuple"),
                                               jl_lcall(jl_lcore("tuple"), 1, k)), 1, jl_lcall(jl_lcore("tuple"), 1, v));
            if (acc == NULL)
                acc = nt;
            else
                acc = jl_lcall(jl_ltop("merge"), 2, acc, nt);
        }
    }
    free(names.items);
    free(vals.items);
    return acc;
}

jl_value_t *jl_ldesugar_tuple(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    jl_value_t **args = ARGS(e);
    if (n > 0 && jl_lisexpr(args[0], jl_parameters_sym)) {
        if (n > 1)
            jl_lsyntax_error("unexpected semicolon in tuple");
        return expand_named_tuple(ctx, ARGS(args[0]), jl_expr_nargs(args[0]));
    }
    int named = 0, plain = 0;
    for (size_t i = 0; i < n; i++) {
        if (jl_lisexpr(args[i], jl_assign_sym) || jl_lisexpr(args[i], jl_kw_sym))
            named = 1;
        else
            plain = 1;
    }
    if (named) {
        if (plain)
            jl_lsyntax_error("invalid named tuple element");
        return expand_named_tuple(ctx, args, n);
    }
    return jl_ldesugar_splat_call(ctx, jl_lcore("tuple"), args, n);
}

jl_value_t *jl_ldesugar_array(jl_lctx_t *ctx, jl_value_t *e)
{
    jl_sym_t *h = jl_lhead(e);
    size_t n = jl_expr_nargs(e);
    jl_value_t **args = ARGS(e);
    for (size_t i = 0; i < n; i++)
        if (jl_lisexpr(args[i], jl_assign_sym) || jl_lisexpr(args[i], jl_parameters_sym))
            invalid("misplaced assignment statement in", e);
    if (h == jl_vect_sym)
        return top_call(ctx, "vect", args, n);
    if (h == jl_hcat_sym)
        return top_call(ctx, "hcat", args, n);
    if (h == jl_typed_hcat_sym)
        return top_call(ctx, "typed_hcat", args, n);
    int typed = h == jl_typed_vcat_sym;
    size_t first = typed ? 1 : 0;
    int has_rows = 0;
    for (size_t i = first; i < n; i++)
        if (jl_lisexpr(args[i], jl_row_sym))
            has_rows = 1;
    if (!has_rows)
        return top_call(ctx, typed ? "typed_vcat" : "vcat", args, n);
    /* hvcat((row lengths...), elements...) */
    jl_lvec_t elems = {0};
    jl_value_t **lens = (jl_value_t **)jl_lalloc(ctx, (n + 1) * sizeof(jl_value_t *));
    if (typed)
        jl_lvec_push(&elems, args[0]);
    for (size_t i = first; i < n; i++) {
        if (jl_lisexpr(args[i], jl_row_sym)) {
            lens[i - first] = jl_box_long((int64_t)jl_expr_nargs(args[i]));
            for (size_t k = 0; k < jl_expr_nargs(args[i]); k++)
                jl_lvec_push(&elems, jl_exprarg(args[i], k));
        }
        else {
            lens[i - first] = jl_box_long(1);
            jl_lvec_push(&elems, args[i]);
        }
    }
    jl_value_t *rows = jl_tuplev(n - first, lens);
    jl_lvec_t all = {0};
    if (typed)
        jl_lvec_push(&all, elems.items[0]);
    jl_lvec_push(&all, rows);
    for (size_t i = typed ? 1 : 0; i < elems.len; i++)
        jl_lvec_push(&all, elems.items[i]);
    jl_value_t *r = top_call(ctx, typed ? "typed_hvcat" : "hvcat", (jl_value_t **)all.items, all.len);
    free(elems.items);
    free(all.items);
    return r;
}

/* quote with interpolation: builds the Expr at run time */
static int has_interp(jl_value_t *e, int depth)
{
    if (!jl_is_expr(e))
        return 0;
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_dollar_sym)
        return depth == 0 ? 1 : has_interp(jl_exprarg(e, 0), depth - 1);
    if (h == jl_quote_sym)
        depth++;
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        if (has_interp(jl_exprarg(e, i), depth))
            return 1;
    return 0;
}

jl_value_t *jl_ldesugar_quote(jl_lctx_t *ctx, jl_value_t *e, int depth)
{
    if (!has_interp(e, depth)) {
        if (jl_is_expr(e))
            return jl_lex(jl_copyast_sym, 1, jl_lquote(e));
        if (jl_lis_self_quoting(e))
            return e;
        return jl_lquote(e);
    }
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_dollar_sym && depth == 0) {
        if (jl_expr_nargs(e) != 1)
            jl_lsyntax_error("\"$\" expression outside quote");
        jl_value_t *x = jl_exprarg(e, 0);
        if (is_splat(x))
            jl_lsyntax_error("\"...\" expression outside call");
        return expand(ctx, x);
    }
    int nd = depth + (h == jl_quote_sym) - (h == jl_dollar_sym);
    jl_lvec_t parts = {0};
    jl_lvec_push(&parts, jl_lquote((jl_value_t *)h));
    int splat = 0;
    for (size_t i = 0; i < jl_expr_nargs(e); i++) {
        jl_value_t *a = jl_exprarg(e, i);
        if (nd == 0 && jl_lisexpr(a, jl_dollar_sym) && jl_expr_nargs(a) == 1 && is_splat(jl_exprarg(a, 0))) {
            splat = 1;
            jl_lvec_push(&parts, jl_lex(jl_dots_sym, 1, expand(ctx, jl_exprarg(jl_exprarg(a, 0), 0))));
        }
        else {
            jl_lvec_push(&parts, jl_ldesugar_quote(ctx, a, nd));
        }
    }
    jl_value_t *r;
    if (!splat) {
        r = jl_lcallv(jl_lcore("_expr"), (jl_value_t **)parts.items, parts.len);
    }
    else {
        /* _apply_iterate(iterate, _expr, (parts...), splatted, ...) */
        jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
        jl_expr_push(c, jl_lcore("_apply_iterate"));
        jl_expr_push(c, jl_ltop("iterate"));
        jl_expr_push(c, jl_lcore("_expr"));
        jl_expr_t *group = NULL;
        for (size_t i = 0; i < parts.len; i++) {
            jl_value_t *p = (jl_value_t *)parts.items[i];
            if (is_splat(p)) {
                jl_expr_push(c, jl_exprarg(p, 0));
                group = NULL;
            }
            else {
                if (!group) {
                    group = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
                    jl_expr_push(group, jl_lcore("tuple"));
                    jl_expr_push(c, (jl_value_t *)group);
                }
                jl_expr_push(group, p);
            }
        }
        r = (jl_value_t *)c;
    }
    free(parts.items);
    return r;
}

/* ---------------------------------------------------------------------------------------------- */
/* Comprehensions and generators */

static jl_value_t *iter_product(jl_lctx_t *ctx, jl_value_t **specs, size_t n, jl_value_t **argpat)
{
    if (n == 1) {
        *argpat = jl_exprarg(specs[0], 0);
        return jl_exprarg(specs[0], 1);
    }
    jl_expr_t *pat = (jl_expr_t *)jl_exprn(jl_tuple_sym, n);
    jl_expr_t *prod = (jl_expr_t *)jl_exprn(jl_call_sym, n + 1);
    jl_exprargset(prod, 0, jl_lbase_iterators("product"));
    for (size_t i = 0; i < n; i++) {
        jl_exprargset(pat, i, jl_exprarg(specs[i], 0));
        jl_exprargset(prod, i + 1, jl_exprarg(specs[i], 1));
    }
    (void)ctx;
    *argpat = (jl_value_t *)pat;
    return (jl_value_t *)prod;
}

static jl_value_t *lambda_of(jl_value_t *argpat, jl_value_t *body)
{
    jl_value_t *arg = jl_is_symbol(argpat) ? argpat : jl_lex(jl_tuple_sym, 1, argpat);
    if (jl_is_symbol(argpat))
        arg = jl_lex(jl_tuple_sym, 1, argpat);
    return jl_lex(jl_arrow_sym, 2, arg, body);
}

/* returns the unexpanded Generator(...) expression for (generator body specs...) */
static jl_value_t *generator_expr(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n < 2)
        invalid("invalid generator", e);
    jl_value_t *body = jl_exprarg(e, 0);
    if (jl_lisexpr(body, jl_generator_sym))
        body = generator_expr(ctx, body);
    else if (jl_lisexpr(body, jl_flatten_sym) && jl_expr_nargs(body) == 1)
        body = jl_lex(jl_call_sym, 2, jl_lbase_iterators("flatten"), generator_expr(ctx, jl_exprarg(body, 0)));
    jl_value_t *argpat, *iter;
    if (n == 2 && jl_lisexpr(jl_exprarg(e, 1), jl_filter_sym)) {
        jl_value_t *f = jl_exprarg(e, 1);
        if (jl_expr_nargs(f) < 2)
            invalid("invalid generator", e);
        for (size_t i = 1; i < jl_expr_nargs(f); i++)
            if (!jl_lisexpr(jl_exprarg(f, i), jl_assign_sym) || jl_expr_nargs(jl_exprarg(f, i)) != 2)
                invalid("invalid iteration specification", jl_exprarg(f, i));
        iter = iter_product(ctx, ARGS(f) + 1, jl_expr_nargs(f) - 1, &argpat);
        iter = jl_lex(jl_call_sym, 3, jl_lbase_iterators("Filter"), lambda_of(argpat, jl_exprarg(f, 0)), iter);
    }
    else {
        for (size_t i = 1; i < n; i++)
            if (!jl_lisexpr(jl_exprarg(e, i), jl_assign_sym) || jl_expr_nargs(jl_exprarg(e, i)) != 2)
                invalid("invalid iteration specification", jl_exprarg(e, i));
        iter = iter_product(ctx, ARGS(e) + 1, n - 1, &argpat);
    }
    return jl_lex(jl_call_sym, 3, jl_ltop("Generator"), lambda_of(argpat, body), iter);
}

jl_value_t *jl_ldesugar_generator(jl_lctx_t *ctx, jl_value_t *e)
{
    return expand(ctx, generator_expr(ctx, e));
}

jl_value_t *jl_ldesugar_flatten(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 1 || !jl_lisexpr(jl_exprarg(e, 0), jl_generator_sym))
        invalid("invalid generator", e);
    return expand(ctx, jl_lex(jl_call_sym, 2, jl_lbase_iterators("flatten"), generator_expr(ctx, jl_exprarg(e, 0))));
}

static jl_value_t *gen_of(jl_lctx_t *ctx, jl_value_t *g)
{
    if (jl_lisexpr(g, jl_generator_sym))
        return generator_expr(ctx, g);
    if (jl_lisexpr(g, jl_flatten_sym) && jl_expr_nargs(g) == 1)
        return jl_lex(jl_call_sym, 2, jl_lbase_iterators("flatten"), generator_expr(ctx, jl_exprarg(g, 0)));
    invalid("invalid comprehension", g);
}

jl_value_t *jl_ldesugar_comprehension(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 1)
        invalid("invalid comprehension", e);
    return expand(ctx, jl_lex(jl_call_sym, 2, jl_ltop("collect"), gen_of(ctx, jl_exprarg(e, 0))));
}

jl_value_t *jl_ldesugar_typed_comprehension(jl_lctx_t *ctx, jl_value_t *e)
{
    if (jl_expr_nargs(e) != 2)
        invalid("invalid comprehension", e);
    return expand(ctx, jl_lex(jl_call_sym, 3, jl_ltop("collect"), jl_exprarg(e, 0), gen_of(ctx, jl_exprarg(e, 1))));
}

/* ---------------------------------------------------------------------------------------------- */
/* Types: A{B}, T where S, <: in curly */

jl_value_t *jl_ldesugar_typevar(jl_lctx_t *ctx, jl_value_t *v, jl_sym_t **name)
{
    jl_value_t *lb = jl_bottom_type, *ub = (jl_value_t *)jl_any_type;
    jl_value_t *nm = v;
    if (jl_lisexpr(v, jl_subtype_sym) && jl_expr_nargs(v) == 2) {
        nm = jl_exprarg(v, 0);
        ub = expand(ctx, jl_exprarg(v, 1));
    }
    else if (jl_lisexpr(v, jl_supertype_sym) && jl_expr_nargs(v) == 2) {
        nm = jl_exprarg(v, 0);
        lb = expand(ctx, jl_exprarg(v, 1));
    }
    else if (jl_lisexpr(v, jl_comparison_sym) && jl_expr_nargs(v) == 5 && jl_exprarg(v, 1) == jl_exprarg(v, 3)) {
        nm = jl_exprarg(v, 2);
        if (jl_exprarg(v, 1) == (jl_value_t *)jl_subtype_sym) {
            lb = expand(ctx, jl_exprarg(v, 0));
            ub = expand(ctx, jl_exprarg(v, 4));
        }
        else if (jl_exprarg(v, 1) == (jl_value_t *)jl_supertype_sym) {
            ub = expand(ctx, jl_exprarg(v, 0));
            lb = expand(ctx, jl_exprarg(v, 4));
        }
        else {
            invalid("invalid variable expression in \"where\"", v);
        }
    }
    if (!jl_is_symbol(nm))
        invalid("invalid variable expression in \"where\"", v);
    *name = (jl_sym_t *)nm;
    return jl_lcall(jl_lcore("_typevar"), 3, jl_lquote(nm), lb, ub);
}

/* body where vars...: locals holding the TypeVars, then nested _unionall */
jl_value_t *jl_ldesugar_where(jl_lctx_t *ctx, jl_value_t *body, jl_value_t **vars, size_t nv)
{
    jl_lvec_t stmts = {0};
    jl_sym_t **names;
    size_t nn = 0;
    /* flatten {A, B} lists */
    jl_lvec_t flat = {0};
    for (size_t i = 0; i < nv; i++) {
        if (jl_lisexpr(vars[i], jl_ls.braces))
            for (size_t k = 0; k < jl_expr_nargs(vars[i]); k++)
                jl_lvec_push(&flat, jl_exprarg(vars[i], k));
        else
            jl_lvec_push(&flat, vars[i]);
    }
    names = (jl_sym_t **)jl_lalloc(ctx, (flat.len + 1) * sizeof(jl_sym_t *));
    for (size_t i = 0; i < flat.len; i++) {
        jl_value_t *tv = jl_ldesugar_typevar(ctx, (jl_value_t *)flat.items[i], &names[nn]);
        jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, names[nn]));
        jl_lvec_push(&stmts, assign((jl_value_t *)names[nn], tv));
        nn++;
    }
    jl_value_t *r = expand(ctx, body);
    for (size_t i = nn; i-- > 0;)
        r = jl_lcall(jl_lcore("_unionall"), 2, names[i], r);
    jl_lvec_push(&stmts, r);
    free(flat.items);
    return scope_block(jl_lblock(&stmts), 1);
}

jl_value_t *jl_ldesugar_curly(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n == 0)
        invalid("invalid type expression", e);
    jl_value_t **args = ARGS(e);
    /* A{<:B}: an anonymous where-variable */
    jl_lvec_t wvars = {0};
    jl_expr_t *ne = (jl_expr_t *)jl_exprn(jl_curly_sym, n);
    jl_exprargset(ne, 0, args[0]);
    for (size_t i = 1; i < n; i++) {
        jl_value_t *a = args[i];
        if ((jl_lisexpr(a, jl_subtype_sym) || jl_lisexpr(a, jl_supertype_sym)) && jl_expr_nargs(a) == 1) {
            jl_sym_t *v = jl_lgensym(ctx, "s");
            jl_lvec_push(&wvars, jl_lex(jl_lhead(a), 2, v, jl_exprarg(a, 0)));
            jl_exprargset(ne, i, v);
        }
        else {
            if (jl_lisexpr(a, jl_parameters_sym) || jl_lisexpr(a, jl_assign_sym) || jl_lisexpr(a, jl_kw_sym))
                jl_lsyntax_error("misplaced assignment statement in \"%s\"", "{ }");
            jl_exprargset(ne, i, a);
        }
    }
    if (wvars.len > 0) {
        jl_value_t *r = jl_ldesugar_where(ctx, (jl_value_t *)ne, (jl_value_t **)wvars.items, wvars.len);
        free(wvars.items);
        return r;
    }
    return jl_ldesugar_splat_call(ctx, jl_lcore("apply_type"), ARGS(ne), n);
}

jl_value_t *jl_ldesugar_type_expr(jl_lctx_t *ctx, jl_value_t *ex)
{
    return expand(ctx, ex);
}

/* ---------------------------------------------------------------------------------------------- */
/* ccall */

jl_value_t *jl_ldesugar_ccall(jl_lctx_t *ctx, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    if (n < 4)
        jl_lsyntax_error("ccall: missing return type");
    jl_value_t *fname = jl_exprarg(e, 1);
    jl_value_t *rt = jl_exprarg(e, 2);
    jl_value_t *at = jl_exprarg(e, 3);
    size_t first_arg = 4;
    jl_value_t *cconv = jl_lquote((jl_value_t *)jl_ccall_sym);
    if (jl_is_symbol(rt) && (is_sym(rt, "cdecl") || is_sym(rt, "stdcall") || is_sym(rt, "fastcall") ||
                             is_sym(rt, "thiscall") || is_sym(rt, "llvmcall"))) {
        if (n < 5)
            jl_lsyntax_error("ccall: missing return type");
        rt = jl_exprarg(e, 3);
        at = jl_exprarg(e, 4);
        first_arg = 5;
    }
    if (!jl_lisexpr(at, jl_tuple_sym))
        jl_lsyntax_error("ccall argument types must be a tuple; try \"(T,)\"");
    /* the function name: symbol/string literal, (name, lib) tuple, or an expression */
    jl_value_t *f;
    if (jl_lisexpr(fname, jl_tuple_sym))
        f = expand(ctx, fname);
    else if (jl_is_quotenode(fname) || jl_is_string(fname))
        f = fname;
    else if (jl_lisexpr(fname, jl_quote_sym) || jl_lisexpr(fname, jl_inert_sym))
        f = jl_lquote(jl_exprarg(fname, 0));
    else
        f = expand(ctx, fname);
    /* argument types */
    size_t nt = jl_expr_nargs(at);
    jl_lvec_t types = {0};
    size_t nreq = 0;
    int va = 0;
    jl_value_t *vatype = NULL;
    for (size_t i = 0; i < nt; i++) {
        jl_value_t *t = jl_exprarg(at, i);
        if (is_splat(t)) {
            va = 1;
            nreq = i;
            vatype = expand(ctx, jl_exprarg(t, 0));
            break;
        }
        jl_lvec_push(&types, expand(ctx, t));
    }
    size_t nargs = n - first_arg;
    if (!va && nargs != types.len)
        jl_lsyntax_error("Wrong number of arguments to ccall");
    if (va) {
        if (nargs < types.len)
            jl_lsyntax_error("Wrong number of arguments to ccall");
        while (types.len < nargs)
            jl_lvec_push(&types, vatype);
    }
    jl_lvec_t stmts = {0};
    jl_expr_t *fc = (jl_expr_t *)jl_exprn(jl_foreigncall_sym, 0);
    jl_expr_push(fc, f);
    jl_expr_push(fc, expand(ctx, rt));
    jl_expr_push(fc, jl_lcallv(jl_lcore("svec"), (jl_value_t **)types.items, types.len));
    jl_expr_push(fc, jl_box_long((int64_t)nreq));
    jl_expr_push(fc, cconv);
    for (size_t i = 0; i < nargs; i++) {
        jl_value_t *a = jl_exprarg(e, first_arg + i);
        if (jl_lisexpr(a, jl_ls.ctranspose)) {
            a = jl_exprarg(a, 0);
        }
        jl_value_t *v = jl_ldesugar_to_temp(ctx, &stmts, expand(ctx, a));
        jl_expr_push(fc, v);
    }
    jl_lvec_push(&stmts, (jl_value_t *)fc);
    free(types.items);
    return jl_lblock(&stmts);
}

