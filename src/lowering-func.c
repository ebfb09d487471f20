/* lowering-func.c: the first pass of lowering for definitions and calls: function and method
 * definitions (signatures, where-clauses, optional and keyword arguments, return types, anonymous
 * functions, do-blocks), macro definitions, struct/abstract/primitive type definitions with their
 * default constructors and `new`, and calls (keyword arguments, splatting, literal powers).
 *
 * Every definition becomes (method name sig (lambda k)) core forms, where `sig` is an expression
 * computing svec(svec(types...), svec(typevars...), lnn) that contains (fself_type f) for the type of
 * the function being extended. Keyword arguments follow Julia 1.10: a body function `#f#N(kws..., f,
 * args...)`, a positional method passing the defaults, and a Core.kwcall method sorting the keywords.
 * For local functions (closures) the body and sorter are methods of the closure itself, selected by a
 * leading `Core.kwcall` marker argument, so that they can reach the captured variables. */
#include "lowering.h"

#define ARGS(e) ((jl_value_t **)jl_array_ptr_data(((jl_expr_t *)(e))->args))

typedef struct {
    jl_value_t *name;      /* Symbol (slot name) */
    jl_value_t *type;      /* surface type expression, or NULL (Any) */
    jl_value_t *dflt;      /* default value (surface), or NULL */
    jl_value_t *pattern;   /* destructuring pattern, or NULL */
    int va;                /* x... */
} farg_t;

typedef struct {
    jl_value_t *name;      /* Symbol or GlobalRef naming the function, or NULL */
    jl_value_t *selftype;  /* expanded type of the callable (callable objects, constructors), or NULL */
    jl_value_t *selfname;  /* name of the self argument (callable objects), or NULL */
    farg_t *args;
    size_t nargs;
    farg_t *kws;
    size_t nkws;
    int has_kw;
    jl_value_t **wheres;
    size_t nwheres;
    jl_value_t *rettype;   /* surface, or NULL */
    jl_sym_t *linename;    /* for line info */
} fsig_t;


static JL_NORETURN void invalid(const char *what, jl_value_t *e)
{
    char buf[256];
    jl_lsyntax_error("%s \"%s\"", what, jl_lexpr_str(e, buf, sizeof(buf)));
}

static jl_value_t *self_sym(fsig_t *fs)
{
    return fs->selfname ? fs->selfname : (jl_value_t *)jl_self_sym;
}

/* ---------------------------------------------------------------------------------------------- */
/* Parsing signatures */

int jl_lis_function_def(jl_value_t *ex)
{
    jl_value_t *s = ex;
    while (jl_lisexpr(s, jl_where_sym) && jl_expr_nargs(s) > 0)
        s = jl_exprarg(s, 0);
    if (jl_lisexpr(s, jl_doublecolon_sym) && jl_expr_nargs(s) == 2 && s != ex)
        s = jl_exprarg(s, 0);
    else if (jl_lisexpr(s, jl_doublecolon_sym) && jl_expr_nargs(s) == 2 && jl_lisexpr(jl_exprarg(s, 0), jl_call_sym))
        s = jl_exprarg(s, 0);
    if (!jl_lisexpr(s, jl_call_sym) || jl_expr_nargs(s) == 0)
        return 0;
    jl_value_t *f = jl_exprarg(s, 0);
    /* `a.b(x) = ...` defines a method; `f.(x) = ...` is not a definition */
    return !jl_lisexpr(f, jl_dotop_sym) || (jl_expr_nargs(f) == 2 && !jl_lisexpr(jl_exprarg(f, 1), jl_tuple_sym));
}

static void parse_arg(jl_lctx_t *ctx, jl_value_t *a, farg_t *fa, int kw)
{
    memset(fa, 0, sizeof(*fa));
    for (;;) {
        if (jl_lisexpr(a, jl_meta_sym) && jl_expr_nargs(a) >= 2) {
            a = jl_exprarg(a, jl_expr_nargs(a) - 1);
            continue;
        }
        if (jl_lisexpr(a, jl_escape_sym) && jl_expr_nargs(a) == 1) {
            a = jl_exprarg(a, 0);
            continue;
        }
        break;
    }
    if ((jl_lisexpr(a, jl_kw_sym) || (kw && jl_lisexpr(a, jl_assign_sym))) && jl_expr_nargs(a) == 2) {
        fa->dflt = jl_exprarg(a, 1);
        a = jl_exprarg(a, 0);
    }
    if (jl_lisexpr(a, jl_dots_sym) && jl_expr_nargs(a) == 1) {
        fa->va = 1;
        a = jl_exprarg(a, 0);
    }
    if (jl_lisexpr(a, jl_meta_sym) && jl_expr_nargs(a) >= 2)
        a = jl_exprarg(a, jl_expr_nargs(a) - 1);
    if (jl_lisexpr(a, jl_doublecolon_sym)) {
        if (jl_expr_nargs(a) == 1) {
            fa->type = jl_exprarg(a, 0);
            fa->name = (jl_value_t *)jl_unused_sym;
            return;
        }
        if (jl_expr_nargs(a) != 2)
            invalid("invalid argument syntax", a);
        fa->type = jl_exprarg(a, 1);
        a = jl_exprarg(a, 0);
        /* x::Vararg{T, N} is a varargs argument too */
        jl_value_t *t = fa->type;
        if (jl_lisexpr(t, jl_curly_sym) && jl_expr_nargs(t) >= 1 &&
            (jl_exprarg(t, 0) == (jl_value_t *)jl_ls.Vararg ||
             (jl_is_globalref(jl_exprarg(t, 0)) && ((jl_globalref_t *)jl_exprarg(t, 0))->name == jl_ls.Vararg)))
            fa->va = 1;
    }
    if (jl_is_symbol(a)) {
        fa->name = a;
        if (a == (jl_value_t *)jl_ls.underscore)
            fa->name = (jl_value_t *)jl_unused_sym;
        return;
    }
    if (!kw && jl_lisexpr(a, jl_tuple_sym)) {
        fa->pattern = a;
        fa->name = (jl_value_t *)jl_lgensym(ctx, "arg");
        return;
    }
    {
        char buf[128];
        jl_lsyntax_error("\"%s\" is not a valid function argument name", jl_lexpr_str(a, buf, sizeof(buf)));
    }
}

/* the function named by the head of a call signature */
static void parse_fname(jl_lctx_t *ctx, jl_value_t *f, fsig_t *fs)
{
    if (jl_lisexpr(f, jl_escape_sym) && jl_expr_nargs(f) == 1)
        f = jl_exprarg(f, 0);
    if (jl_is_symbol(f) || jl_is_globalref(f)) {
        fs->name = f;
        fs->linename = jl_is_symbol(f) ? (jl_sym_t *)f : ((jl_globalref_t *)f)->name;
        return;
    }
    if (jl_lisexpr(f, jl_dotop_sym) && jl_expr_nargs(f) == 2) {
        /* A.B.f: resolve the module now when possible */
        jl_value_t *q = jl_exprarg(f, 1);
        jl_value_t *fld = jl_is_quotenode(q) ? ((jl_quotenode_t *)q)->value
                          : (jl_lisexpr(q, jl_quote_sym) && jl_expr_nargs(q) == 1) ? jl_exprarg(q, 0) : NULL;
        if (fld == NULL || !jl_is_symbol(fld))
            invalid("invalid function name", f);
        fs->linename = (jl_sym_t *)fld;
        jl_value_t *m = jl_exprarg(f, 0);
        jl_module_t *mod = NULL;
        if (jl_is_symbol(m)) {
            jl_value_t *v = jl_get_global(ctx->module, (jl_sym_t *)m);
            if (v && jl_is_module(v))
                mod = (jl_module_t *)v;
        }
        else if (jl_is_globalref(m)) {
            jl_value_t *v = jl_get_global(((jl_globalref_t *)m)->mod, ((jl_globalref_t *)m)->name);
            if (v && jl_is_module(v))
                mod = (jl_module_t *)v;
        }
        else if (jl_lisexpr(m, jl_dotop_sym)) {
            fsig_t tmp;
            memset(&tmp, 0, sizeof(tmp));
            parse_fname(ctx, m, &tmp);
            if (tmp.name && jl_is_globalref(tmp.name)) {
                jl_value_t *v = jl_get_global(((jl_globalref_t *)tmp.name)->mod, ((jl_globalref_t *)tmp.name)->name);
                if (v && jl_is_module(v))
                    mod = (jl_module_t *)v;
            }
        }
        if (mod != NULL) {
            fs->name = jl_module_globalref(mod, (jl_sym_t *)fld);
        }
        else {
            jl_value_t *fv = jl_ldesugar(ctx, f);
            fs->selftype = jl_lcall(jl_lcore("typeof"), 1, fv);
        }
        return;
    }
    if (jl_lisexpr(f, jl_doublecolon_sym)) {
        /* (obj::T)(args) or (::T)(args) */
        if (jl_expr_nargs(f) == 1) {
            fs->selftype = jl_exprarg(f, 0);
        }
        else if (jl_expr_nargs(f) == 2 && jl_is_symbol(jl_exprarg(f, 0))) {
            fs->selfname = jl_exprarg(f, 0);
            fs->selftype = jl_exprarg(f, 1);
        }
        else {
            invalid("invalid function name", f);
        }
        fs->linename = jl_symbol("(callable)");
        fs->selftype = jl_ldesugar_type_expr(ctx, fs->selftype);
        return;
    }
    if (jl_lisexpr(f, jl_curly_sym) && jl_expr_nargs(f) >= 1) {
        /* constructor P{T}(...): the self type is Type{P{T}} */
        fs->selftype = jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("Type"), jl_ldesugar_type_expr(ctx, f));
        jl_value_t *h = jl_exprarg(f, 0);
        fs->linename = jl_is_symbol(h) ? (jl_sym_t *)h : jl_is_globalref(h) ? ((jl_globalref_t *)h)->name : jl_symbol("new");
        return;
    }
    invalid("invalid function name", f);
}

static void parse_args(jl_lctx_t *ctx, jl_value_t **args, size_t n, fsig_t *fs)
{
    size_t start = 0;
    fs->args = (farg_t *)jl_lalloc(ctx, (n + 1) * sizeof(farg_t));
    fs->kws = NULL;
    if (n > 0 && jl_lisexpr(args[0], jl_parameters_sym)) {
        jl_value_t *p = args[0];
        start = 1;
        fs->has_kw = 1;
        size_t nk = jl_expr_nargs(p);
        fs->kws = (farg_t *)jl_lalloc(ctx, (nk + 1) * sizeof(farg_t));
        for (size_t i = 0; i < nk; i++) {
            jl_value_t *k = jl_exprarg(p, i);
            if (jl_lisexpr(k, jl_parameters_sym))
                jl_lsyntax_error("more than one semicolon in argument list");
            parse_arg(ctx, k, &fs->kws[fs->nkws], 1);
            if (fs->kws[fs->nkws].va && i + 1 != nk)
                jl_lsyntax_error("invalid \"...\" on non-final keyword argument");
            fs->nkws++;
        }
    }
    int seen_opt = 0;
    for (size_t i = start; i < n; i++) {
        if (jl_lisexpr(args[i], jl_parameters_sym))
            jl_lsyntax_error("more than one semicolon in argument list");
        farg_t *fa = &fs->args[fs->nargs];
        parse_arg(ctx, args[i], fa, 0);
        if (fa->va && i + 1 != n)
            jl_lsyntax_error("invalid \"...\" on non-final argument");
        if (fa->dflt)
            seen_opt = 1;
        else if (seen_opt && !fa->va)
            jl_lsyntax_error("optional positional arguments must occur at end");
        fs->nargs++;
    }
    /* duplicate argument names */
    for (size_t i = 0; i < fs->nargs + fs->nkws; i++) {
        jl_value_t *a = i < fs->nargs ? fs->args[i].name : fs->kws[i - fs->nargs].name;
        if (a == (jl_value_t *)jl_unused_sym)
            continue;
        for (size_t j = 0; j < i; j++) {
            jl_value_t *b = j < fs->nargs ? fs->args[j].name : fs->kws[j - fs->nargs].name;
            if (a == b)
                jl_lsyntax_error("function argument name not unique: \"%s\"", jl_symbol_name((jl_sym_t *)a));
        }
    }
}

static void parse_sig(jl_lctx_t *ctx, jl_value_t *sig, fsig_t *fs)
{
    jl_lvec_t wheres = {0};
    for (;;) {
        if (jl_lisexpr(sig, jl_where_sym) && jl_expr_nargs(sig) >= 1) {
            /* the outer where's variables come first */
            for (size_t i = 1; i < jl_expr_nargs(sig); i++) {
                jl_value_t *v = jl_exprarg(sig, i);
                if (jl_lisexpr(v, jl_ls.braces))
                    for (size_t k = 0; k < jl_expr_nargs(v); k++)
                        jl_lvec_push(&wheres, jl_exprarg(v, k));
                else
                    jl_lvec_push(&wheres, v);
            }
            sig = jl_exprarg(sig, 0);
            continue;
        }
        if (jl_lisexpr(sig, jl_doublecolon_sym) && jl_expr_nargs(sig) == 2 &&
            (jl_lisexpr(jl_exprarg(sig, 0), jl_call_sym) || jl_lisexpr(jl_exprarg(sig, 0), jl_tuple_sym) ||
             jl_lisexpr(jl_exprarg(sig, 0), jl_where_sym))) {
            if (fs->rettype)
                jl_lsyntax_error("multiple return type declarations");
            fs->rettype = jl_exprarg(sig, 1);
            sig = jl_exprarg(sig, 0);
            continue;
        }
        break;
    }
    fs->wheres = (jl_value_t **)jl_lalloc(ctx, (wheres.len + 1) * sizeof(jl_value_t *));
    memcpy(fs->wheres, wheres.items, wheres.len * sizeof(void *));
    fs->nwheres = wheres.len;
    free(wheres.items);
    if (jl_lisexpr(sig, jl_call_sym) && jl_expr_nargs(sig) >= 1) {
        parse_fname(ctx, jl_exprarg(sig, 0), fs);
        parse_args(ctx, ARGS(sig) + 1, jl_expr_nargs(sig) - 1, fs);
        return;
    }
    if (jl_lisexpr(sig, jl_tuple_sym)) { /* function (x, y) ... end */
        parse_args(ctx, ARGS(sig), jl_expr_nargs(sig), fs);
        return;
    }
    invalid("invalid function signature", sig);
}

/* ---------------------------------------------------------------------------------------------- */
/* Generating methods */

static int mentions(jl_value_t *e, jl_value_t *sym)
{
    if (e == sym)
        return 1;
    if (!jl_is_expr(e))
        return 0;
    if (jl_lhead(e) == jl_quote_sym || jl_lhead(e) == jl_inert_sym)
        return 0;
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        if (mentions(jl_exprarg(e, i), sym))
            return 1;
    return 0;
}

static jl_value_t *where_name(jl_value_t *v)
{
    if ((jl_lisexpr(v, jl_subtype_sym) || jl_lisexpr(v, jl_supertype_sym)) && jl_expr_nargs(v) == 2)
        return jl_exprarg(v, 0);
    if (jl_lisexpr(v, jl_comparison_sym) && jl_expr_nargs(v) == 5)
        return jl_exprarg(v, 2);
    return v;
}

typedef struct {
    jl_value_t *mname;      /* name for (method ...): Symbol/GlobalRef, or jl_nothing */
    jl_value_t *selftype;   /* core form for the type of argument 1 */
    jl_lvec_t names;        /* argument names (Symbols), including the self argument first */
    jl_lvec_t types;        /* surface type expressions or NULL (Any), same length; [0] unused */
    jl_lvec_t coretypes;    /* already-expanded types (or NULL), overriding `types` */
    int isva;
    jl_value_t *body;       /* surface body */
    jl_value_t *rettype;    /* surface or NULL */
    jl_sym_t *linename;
} mdef_t;

static void md_arg(mdef_t *md, jl_value_t *name, jl_value_t *type, jl_value_t *coretype)
{
    jl_lvec_push(&md->names, name);
    jl_lvec_push(&md->types, type);
    jl_lvec_push(&md->coretypes, coretype);
}

static void md_free(mdef_t *md)
{
    free(md->names.items);
    free(md->types.items);
    free(md->coretypes.items);
}

/* sig: (scope-block (block (local T)... (= T tv)... (call svec (call svec types...) (call svec T...) lnn)) hard) */
static jl_value_t *make_sig(jl_lctx_t *ctx, fsig_t *fs, mdef_t *md, jl_lvec_t *sparams)
{
    /* keep the where-variables used by these argument types (or by kept variables' bounds) */
    size_t nw = fs->nwheres;
    char *keep = (char *)jl_lalloc(ctx, nw + 1);
    for (size_t i = nw; i-- > 0;) {
        jl_value_t *nm = where_name(fs->wheres[i]);
        for (size_t k = 1; k < md->types.len && !keep[i]; k++)
            if (md->types.items[k] && mentions((jl_value_t *)md->types.items[k], nm))
                keep[i] = 1;
        for (size_t j = i + 1; j < nw && !keep[i]; j++)
            if (keep[j] && mentions(fs->wheres[j], nm))
                keep[i] = 1;
        if (!keep[i] && mentions(md->selftype, nm))
            keep[i] = 1;
    }
    jl_lvec_t stmts = {0};
    jl_lvec_t tvs = {0};
    for (size_t i = 0; i < nw; i++) {
        if (!keep[i])
            continue;
        jl_sym_t *name;
        jl_value_t *tv = jl_ldesugar_typevar(ctx, fs->wheres[i], &name);
        jl_lvec_push(&stmts, jl_lex(jl_local_sym, 1, name));
        jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, name, tv));
        jl_lvec_push(&tvs, name);
        jl_lvec_push(sparams, name);
    }
    jl_expr_t *types = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(types, jl_lcore("svec"));
    jl_expr_push(types, md->selftype);
    for (size_t k = 1; k < md->names.len; k++) {
        jl_value_t *t = (jl_value_t *)md->types.items[k];
        jl_value_t *ct = (jl_value_t *)md->coretypes.items[k];
        jl_value_t *v;
        if (ct != NULL)
            v = ct;
        else if (t == NULL)
            v = (jl_value_t *)jl_any_type;
        else
            v = jl_ldesugar_type_expr(ctx, t);
        if (md->isva && k + 1 == md->names.len) {
            int explicit_va = t != NULL && jl_lisexpr(t, jl_curly_sym) && jl_expr_nargs(t) >= 1 &&
                              (jl_exprarg(t, 0) == (jl_value_t *)jl_ls.Vararg ||
                               (jl_is_globalref(jl_exprarg(t, 0)) && ((jl_globalref_t *)jl_exprarg(t, 0))->name == jl_ls.Vararg));
            if (!explicit_va)
                v = jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("Vararg"), v);
        }
        jl_expr_push(types, v);
    }
    jl_value_t *lnn = ctx->cur_lnn ? ctx->cur_lnn : jl_new_linenode(ctx->line, (jl_value_t *)ctx->file);
    jl_value_t *sv = jl_lcall(jl_lcore("svec"), 3, (jl_value_t *)types,
                              jl_lcallv(jl_lcore("svec"), (jl_value_t **)tvs.items, tvs.len), jl_lquote(lnn));
    jl_lvec_push(&stmts, sv);
    free(tvs.items);
    return jl_lex(jl_ls.scope_block, 2, jl_lblock(&stmts), jl_ls.hard);
}

/* (method name sig (lambda k)) for one method */
static jl_value_t *gen_method(jl_lctx_t *ctx, fsig_t *fs, mdef_t *md)
{
    jl_lvec_t sparams = {0};
    jl_value_t *sig = make_sig(ctx, fs, md, &sparams);
    jl_llam_t *lam = jl_lnew_lambda(ctx);
    lam->name = md->linename ? md->linename : fs->linename;
    lam->isva = md->isva;
    lam->lnn = ctx->cur_lnn;
    for (size_t i = 0; i < md->names.len; i++)
        jl_array_ptr_1d_push(lam->argnames, (jl_value_t *)md->names.items[i]);
    for (size_t i = 0; i < sparams.len; i++)
        jl_array_ptr_1d_push(lam->sparams, (jl_value_t *)sparams.items[i]);
    free(sparams.items);
    /* desugar the body as a function body */
    int last_in = ctx->in_lambda;
    jl_lvec_t last_loops = ctx->loops;
    memset(&ctx->loops, 0, sizeof(ctx->loops));
    jl_value_t *last_lnn = ctx->cur_lnn;
    ctx->in_lambda = 1;
    jl_value_t *body = md->body;
    if (ctx->cur_lnn)
        body = jl_lex(jl_block_sym, 2, ctx->cur_lnn, body);
    lam->body = jl_ldesugar(ctx, body);
    if (md->rettype)
        lam->rettype = jl_ldesugar_type_expr(ctx, md->rettype);
    free(ctx->loops.items);
    ctx->loops = last_loops;
    ctx->in_lambda = last_in;
    ctx->cur_lnn = last_lnn;
    return jl_lex(jl_method_sym, 3, md->mname, sig, jl_lex(jl_lambda_sym, 1, jl_box_long(lam->id)));
}

/* the statement list of the user's body, with destructuring of tuple arguments first */
static jl_value_t *body_with_prologue(fsig_t *fs, jl_value_t *body)
{
    int any = 0;
    for (size_t i = 0; i < fs->nargs; i++)
        any |= fs->args[i].pattern != NULL;
    if (!any)
        return body;
    jl_expr_t *b = (jl_expr_t *)jl_exprn(jl_block_sym, 0);
    for (size_t i = 0; i < fs->nargs; i++)
        if (fs->args[i].pattern)
            jl_expr_push(b, jl_lex(jl_assign_sym, 2, fs->args[i].pattern, fs->args[i].name));
    jl_expr_push(b, body);
    return (jl_value_t *)b;
}

/* the type of the function being extended (a fresh copy: the scope pass resolves forms in place) */
static jl_value_t *fself(fsig_t *fs)
{
    if (fs->selftype)
        return jl_copy_ast(fs->selftype);
    return jl_lex(jl_ls.fself_type, 1, fs->name);
}

static jl_value_t *arg_ref(farg_t *a)
{
    return a->va ? jl_lex(jl_dots_sym, 1, a->name) : a->name;
}

/* positional argument i of a method taking the first `npassed` arguments */
static void md_positional(mdef_t *md, fsig_t *fs, size_t npassed)
{
    for (size_t i = 0; i < npassed; i++)
        md_arg(md, fs->args[i].name, fs->args[i].type, NULL);
    md->isva = npassed > 0 && fs->args[npassed - 1].va;
}

/* Methods f(a) = f(a, default) for optional positional arguments: `lead_*` are leading arguments of the
 * generated methods (after the self argument), passed on as `lead_vals` in the call of `callee`. */
static void gen_optional_methods(jl_lctx_t *ctx, fsig_t *fs, jl_lvec_t *out, jl_value_t *mname, jl_value_t *callee,
                                 jl_value_t **lead_names, jl_value_t **lead_types, jl_value_t **lead_vals,
                                 size_t nlead, jl_value_t *selftype)
{
    size_t nreq = 0;
    while (nreq < fs->nargs && !fs->args[nreq].dflt)
        nreq++;
    for (size_t np = nreq; np < fs->nargs; np++) {
        if (fs->args[np].va || !fs->args[np].dflt)
            break;
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.mname = mname;
        md.selftype = jl_copy_ast(selftype);
        md.linename = fs->linename;
        md_arg(&md, self_sym(fs), NULL, NULL);
        for (size_t i = 0; i < nlead; i++)
            md_arg(&md, lead_names[i], NULL, jl_copy_ast(lead_types[i]));
        md_positional(&md, fs, np);
        /* pass every remaining default, unless one of them refers to an absent argument */
        size_t upto = fs->nargs;
        for (size_t j = np; j < fs->nargs && upto == fs->nargs; j++) {
            if (!fs->args[j].dflt)
                continue;
            for (size_t k = np; k < fs->nargs; k++)
                if (mentions(fs->args[j].dflt, fs->args[k].name)) {
                    upto = np + 1;
                    break;
                }
        }
        jl_expr_t *call = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
        jl_expr_push(call, callee);
        for (size_t i = 0; i < nlead; i++)
            jl_expr_push(call, lead_vals[i]);
        for (size_t i = 0; i < np; i++)
            jl_expr_push(call, fs->args[i].name);
        for (size_t j = np; j < upto && j < fs->nargs; j++) {
            if (fs->args[j].va)
                break;
            jl_expr_push(call, fs->args[j].dflt);
        }
        md.body = jl_lex(jl_return_sym, 1, (jl_value_t *)call);
        jl_lvec_push(out, gen_method(ctx, fs, &md));
        md_free(&md);
    }
}

static jl_value_t *empty_namedtuple(void)
{
    return jl_lcall(jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("NamedTuple"), jl_lquote(jl_emptytuple)), 1,
                    jl_lcall(jl_lcore("tuple"), 0));
}

static jl_value_t *kw_missing(farg_t *k)
{
    return jl_lcall(jl_lcore("throw"), 1, jl_lcall(jl_lcore("UndefKeywordError"), 1, jl_lquote(k->name)));
}

/* all methods for a definition with keyword arguments */
static void gen_kw_methods(jl_lctx_t *ctx, fsig_t *fs, jl_value_t *body, int local, jl_lvec_t *out)
{
    jl_value_t *S = self_sym(fs);
    jl_value_t *marker = jl_lcore("kwcall");
    jl_value_t *marker_t = jl_lcall(jl_lcore("typeof"), 1, marker);
    jl_value_t *bodyname = NULL;
    size_t nk = fs->nkws;
    int has_rest = nk > 0 && fs->kws[nk - 1].va;
    size_t nnamed = has_rest ? nk - 1 : nk;
    if (!local) {
        char buf[256];
        snprintf(buf, sizeof(buf), "#%s#%u", jl_symbol_name(fs->linename), jl_lname_counter());
        jl_sym_t *bn = jl_symbol(buf);
        bodyname = jl_module_globalref(fs->name && jl_is_globalref(fs->name) ? ((jl_globalref_t *)fs->name)->mod
                                                                              : ctx->module, bn);
        jl_lvec_push(out, jl_lex(jl_method_sym, 1, bodyname));
    }
    /* 1. the body method */
    {
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.linename = local ? fs->linename : ((jl_globalref_t *)bodyname)->name;
        if (local) {
            md.mname = fs->name ? fs->name : jl_nothing;
            md.selftype = fself(fs);
            md_arg(&md, S, NULL, NULL);
            md_arg(&md, (jl_value_t *)jl_unused_sym, NULL, marker_t);
            md_arg(&md, (jl_value_t *)jl_unused_sym, NULL, (jl_value_t *)jl_nothing_type);
        }
        else {
            md.mname = bodyname;
            md.selftype = jl_lex(jl_ls.fself_type, 1, bodyname);
            md_arg(&md, (jl_value_t *)jl_lgensym(ctx, "self"), NULL, NULL);
        }
        for (size_t i = 0; i < nk; i++)
            md_arg(&md, fs->kws[i].name, fs->kws[i].va ? NULL : fs->kws[i].type, NULL);
        if (!local)
            md_arg(&md, S, NULL, fself(fs));
        md_positional(&md, fs, fs->nargs);
        md.body = body_with_prologue(fs, body);
        md.rettype = fs->rettype;
        jl_lvec_push(out, gen_method(ctx, fs, &md));
        md_free(&md);
    }
    /* call of the body method with the keyword values in local variables */
    jl_expr_t *bcall = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    if (local) {
        jl_expr_push(bcall, S);
        jl_expr_push(bcall, marker);
        jl_expr_push(bcall, jl_nothing);
    }
    else {
        jl_expr_push(bcall, bodyname);
    }
    for (size_t i = 0; i < nk; i++)
        jl_expr_push(bcall, fs->kws[i].name);
    if (!local)
        jl_expr_push(bcall, S);
    for (size_t i = 0; i < fs->nargs; i++)
        jl_expr_push(bcall, arg_ref(&fs->args[i]));
    /* 2. the positional method: defaults for every keyword */
    {
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.mname = fs->name ? fs->name : jl_nothing;
        md.selftype = fself(fs);
        md.linename = fs->linename;
        md_arg(&md, S, NULL, NULL);
        md_positional(&md, fs, fs->nargs);
        jl_expr_t *b = (jl_expr_t *)jl_exprn(jl_block_sym, 0);
        for (size_t i = 0; i < nnamed; i++) {
            farg_t *k = &fs->kws[i];
            jl_expr_push(b, jl_lex(jl_assign_sym, 2, k->name, k->dflt ? k->dflt : kw_missing(k)));
        }
        if (has_rest)
            jl_expr_push(b, jl_lex(jl_assign_sym, 2, fs->kws[nk - 1].name,
                                   jl_lcall(jl_ltop("pairs"), 1, empty_namedtuple())));
        jl_expr_push(b, jl_lex(jl_return_sym, 1, (jl_value_t *)bcall));
        md.body = (jl_value_t *)b;
        jl_lvec_push(out, gen_method(ctx, fs, &md));
        md_free(&md);
    }
    /* 3. the keyword sorter: Core.kwcall(kws, f, args...) or f(Core.kwcall, kws, args...) */
    jl_sym_t *kws = jl_symbol("#kws#");
    jl_value_t *nt_t = jl_lcore("NamedTuple");
    {
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.linename = fs->linename;
        if (local) {
            md.mname = fs->name ? fs->name : jl_nothing;
            md.selftype = fself(fs);
            md_arg(&md, S, NULL, NULL);
            md_arg(&md, (jl_value_t *)jl_unused_sym, NULL, marker_t);
            md_arg(&md, (jl_value_t *)kws, NULL, nt_t);
        }
        else {
            md.mname = jl_lcore("kwcall");
            md.selftype = marker_t;
            md_arg(&md, (jl_value_t *)jl_lgensym(ctx, "kwcall"), NULL, NULL);
            md_arg(&md, (jl_value_t *)kws, NULL, nt_t);
            md_arg(&md, S, NULL, fself(fs));
        }
        md_positional(&md, fs, fs->nargs);
        jl_expr_t *b = (jl_expr_t *)jl_exprn(jl_block_sym, 0);
        jl_value_t **knames = (jl_value_t **)jl_lalloc(ctx, (nk + 1) * sizeof(jl_value_t *));
        for (size_t i = 0; i < nnamed; i++) {
            farg_t *k = &fs->kws[i];
            knames[i] = k->name;
            jl_value_t *q = jl_lquote(k->name);
            jl_value_t *get = jl_lcall(jl_lcore("getfield"), 2, kws, q);
            jl_value_t *val = jl_lex(jl_if_sym, 3, jl_lcall(jl_lcore("isdefined"), 2, kws, q), get,
                                     k->dflt ? k->dflt : kw_missing(k));
            jl_expr_push(b, jl_lex(jl_assign_sym, 2, k->name, val));
            if (k->type) {
                jl_value_t *err = jl_lcall(jl_lcore("throw"), 1,
                                           jl_lcall(jl_lcore("TypeError"), 4, jl_lquote((jl_value_t *)jl_symbol("keyword argument")),
                                                    q, k->type, k->name));
                jl_expr_push(b, jl_lex(jl_if_sym, 3, jl_lcall(jl_lcore("isa"), 2, k->name, k->type), jl_nothing, err));
            }
        }
        jl_value_t *names_tuple = jl_tuplev(nnamed, knames);
        jl_value_t *rest = jl_lcall(jl_ltop("structdiff"), 2, kws,
                                    jl_lcall(jl_lcore("apply_type"), 2, nt_t, jl_lquote(names_tuple)));
        if (has_rest) {
            jl_expr_push(b, jl_lex(jl_assign_sym, 2, fs->kws[nk - 1].name, jl_lcall(jl_ltop("pairs"), 1, rest)));
        }
        else {
            jl_expr_t *kwerr = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
            jl_expr_push(kwerr, jl_ltop("kwerr"));
            jl_expr_push(kwerr, (jl_value_t *)kws);
            jl_expr_push(kwerr, S);
            for (size_t i = 0; i < fs->nargs; i++)
                jl_expr_push(kwerr, arg_ref(&fs->args[i]));
            jl_value_t *ok = nnamed == 0 ? jl_lcall(jl_lcore("==="), 2, kws, empty_namedtuple())
                                         : jl_lcall(jl_ltop("isempty"), 1, rest);
            jl_expr_push(b, jl_lex(jl_if_sym, 3, ok, jl_nothing, (jl_value_t *)kwerr));
        }
        jl_expr_push(b, jl_lex(jl_return_sym, 1, (jl_value_t *)bcall));
        md.body = (jl_value_t *)b;
        jl_lvec_push(out, gen_method(ctx, fs, &md));
        md_free(&md);
    }
    /* the keyword sorter of a local function is reached from Core.kwcall by a forwarding method:
     * Core.kwcall(kws::NamedTuple, f::typeof(f), args...) = f(Core.kwcall, kws, args...) */
    if (local) {
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.linename = fs->linename;
        md.mname = fs->name ? fs->name : jl_nothing;
        md.selftype = jl_copy_ast(marker_t);
        jl_sym_t *rest = jl_lgensym(ctx, "args");
        md_arg(&md, (jl_value_t *)jl_lgensym(ctx, "kwcall"), NULL, NULL);
        md_arg(&md, (jl_value_t *)kws, NULL, nt_t);
        md_arg(&md, S, NULL, fself(fs));
        md_arg(&md, (jl_value_t *)rest, NULL, NULL);
        md.isva = 1;
        md.body = jl_lex(jl_return_sym, 1, jl_lcall(S, 3, marker, (jl_value_t *)kws,
                                                    jl_lex(jl_dots_sym, 1, (jl_value_t *)rest)));
        jl_lvec_push(out, gen_method(ctx, fs, &md));
        md_free(&md);
    }
    /* 4. optional positional arguments, for both the positional and the sorter methods */
    gen_optional_methods(ctx, fs, out, fs->name ? fs->name : jl_nothing, S, NULL, NULL, NULL, 0, fself(fs));
    if (local) {
        jl_value_t *ln[2] = {(jl_value_t *)jl_unused_sym, (jl_value_t *)kws};
        jl_value_t *lt[2] = {marker_t, nt_t};
        jl_value_t *lv[2] = {marker, (jl_value_t *)kws};
        gen_optional_methods(ctx, fs, out, fs->name ? fs->name : jl_nothing, S, ln, lt, lv, 2, fself(fs));
    }
    else {
        jl_value_t *ln[2] = {(jl_value_t *)kws, S};
        jl_value_t *lt[2] = {nt_t, fself(fs)};
        fsig_t fs2 = *fs;
        fs2.selfname = (jl_value_t *)jl_lgensym(ctx, "kwcall");
        gen_optional_methods(ctx, &fs2, out, jl_lcore("kwcall"), jl_lcore("kwcall"), ln, lt, ln, 2, marker_t);
    }
}

/* the whole definition: a block of method forms evaluating to the function */
static jl_value_t *define_function(jl_lctx_t *ctx, fsig_t *fs, jl_value_t *body, int local)
{
    jl_lvec_t out = {0};
    if (fs->name)
        jl_lvec_push(&out, jl_lex(jl_method_sym, 1, fs->name));
    if (fs->has_kw && fs->nkws > 0) {
        gen_kw_methods(ctx, fs, body, local, &out);
    }
    else {
        mdef_t md;
        memset(&md, 0, sizeof(md));
        md.mname = fs->name ? fs->name : jl_nothing;
        md.selftype = fself(fs);
        md.linename = fs->linename;
        md_arg(&md, self_sym(fs), NULL, NULL);
        md_positional(&md, fs, fs->nargs);
        md.body = body_with_prologue(fs, body);
        md.rettype = fs->rettype;
        jl_lvec_push(&out, gen_method(ctx, fs, &md));
        md_free(&md);
        gen_optional_methods(ctx, fs, &out, md.mname, self_sym(fs), NULL, NULL, NULL, 0, fself(fs));
    }
    jl_lvec_push(&out, fs->name ? fs->name : jl_nothing);
    return jl_lblock(&out);
}

static jl_value_t *anon_function(jl_lctx_t *ctx, fsig_t *fs, jl_value_t *body)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "#%u", jl_lname_counter());
    jl_sym_t *name = jl_symbol(buf);
    fs->name = (jl_value_t *)name;
    fs->linename = name;
    jl_value_t *defs = define_function(ctx, fs, body, 1);
    jl_value_t *blk = jl_lex(jl_block_sym, 2, jl_lex(jl_local_sym, 1, name), defs);
    return jl_lex(jl_ls.scope_block, 2, blk, jl_ls.hard);
}

static int is_local_context(jl_lctx_t *ctx)
{
    return ctx->in_lambda || ctx->local_depth > 0;
}

jl_value_t *jl_ldesugar_function(jl_lctx_t *ctx, jl_value_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n == 0)
        invalid("invalid function syntax", ex);
    jl_value_t *sig = jl_exprarg(ex, 0);
    if (n == 1) {
        /* function f end */
        if (jl_is_symbol(sig) || jl_is_globalref(sig))
            return jl_lex(jl_block_sym, 2, jl_lex(jl_method_sym, 1, sig), sig);
        if (jl_lisexpr(sig, jl_dotop_sym)) {
            fsig_t fs;
            memset(&fs, 0, sizeof(fs));
            parse_fname(ctx, sig, &fs);
            if (fs.name)
                return jl_lex(jl_block_sym, 2, jl_lex(jl_method_sym, 1, fs.name), fs.name);
        }
        invalid("invalid function name", sig);
    }
    if (n != 2)
        invalid("invalid function syntax", ex);
    if (jl_is_symbol(sig) && !jl_lis_function_def(sig)) {
        /* `function f() ... end` always has a call; a bare symbol with a body is an error */
        invalid("invalid function name", sig);
    }
    fsig_t fs;
    memset(&fs, 0, sizeof(fs));
    parse_sig(ctx, sig, &fs);
    jl_value_t *body = jl_exprarg(ex, 1);
    if (fs.name == NULL && fs.selftype == NULL)
        return anon_function(ctx, &fs, body); /* function (x) ... end */
    return define_function(ctx, &fs, body, is_local_context(ctx));
}

/* x -> body: a local function with a hidden name in its own scope */
jl_value_t *jl_ldesugar_lambda_expr(jl_lctx_t *ctx, jl_value_t *ex)
{
    if (jl_expr_nargs(ex) != 2)
        invalid("invalid \"->\" syntax", ex);
    jl_value_t *a = jl_exprarg(ex, 0);
    jl_value_t *body = jl_exprarg(ex, 1);
    fsig_t fs;
    memset(&fs, 0, sizeof(fs));
    jl_value_t *rettype = NULL;
    if (jl_lisexpr(a, jl_doublecolon_sym) && jl_expr_nargs(a) == 2 && jl_lisexpr(jl_exprarg(a, 0), jl_tuple_sym)) {
        rettype = jl_exprarg(a, 1);
        a = jl_exprarg(a, 0);
    }
    jl_lvec_t wheres = {0};
    while (jl_lisexpr(a, jl_where_sym) && jl_expr_nargs(a) >= 1) {
        for (size_t i = 1; i < jl_expr_nargs(a); i++)
            jl_lvec_push(&wheres, jl_exprarg(a, i));
        a = jl_exprarg(a, 0);
    }
    jl_value_t **args;
    size_t na;
    jl_value_t *one[1];
    if (jl_lisexpr(a, jl_tuple_sym)) {
        args = ARGS(a);
        na = jl_expr_nargs(a);
    }
    else if (jl_lisexpr(a, jl_block_sym)) {
        /* (x; k=1) -> ...: (block x (parameters...)) or (block x k=1) */
        jl_lvec_t v = {0};
        jl_value_t *params = NULL;
        for (size_t i = 0; i < jl_expr_nargs(a); i++) {
            jl_value_t *x = jl_exprarg(a, i);
            if (jl_is_linenode(x))
                continue;
            if (v.len == 0)
                jl_lvec_push(&v, x);
            else {
                if (!params)
                    params = (jl_value_t *)jl_exprn(jl_parameters_sym, 0);
                jl_expr_push((jl_expr_t *)params, jl_lisexpr(x, jl_assign_sym) ? jl_lex(jl_kw_sym, 2, jl_exprarg(x, 0), jl_exprarg(x, 1)) : x);
            }
        }
        jl_lvec_t all = {0};
        if (params)
            jl_lvec_push(&all, params);
        for (size_t i = 0; i < v.len; i++)
            jl_lvec_push(&all, v.items[i]);
        na = all.len;
        args = (jl_value_t **)jl_lalloc(ctx, (na + 1) * sizeof(jl_value_t *));
        memcpy(args, all.items, na * sizeof(void *));
        free(v.items);
        free(all.items);
    }
    else {
        one[0] = a;
        args = one;
        na = 1;
    }
    /* (x = 1) -> ... means an optional argument */
    jl_value_t **fixed = (jl_value_t **)jl_lalloc(ctx, (na + 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < na; i++) {
        jl_value_t *x = args[i];
        fixed[i] = jl_lisexpr(x, jl_assign_sym) && jl_expr_nargs(x) == 2 ? jl_lex(jl_kw_sym, 2, jl_exprarg(x, 0), jl_exprarg(x, 1)) : x;
    }
    parse_args(ctx, fixed, na, &fs);
    fs.wheres = (jl_value_t **)jl_lalloc(ctx, (wheres.len + 1) * sizeof(jl_value_t *));
    memcpy(fs.wheres, wheres.items, wheres.len * sizeof(void *));
    fs.nwheres = wheres.len;
    free(wheres.items);
    fs.rettype = rettype;
    return anon_function(ctx, &fs, body);
}

/* macro m(args) body end  ==>  function var"@m"(__source__, __module__, args) body end */
jl_value_t *jl_ldesugar_macro_def(jl_lctx_t *ctx, jl_value_t *ex)
{
    if (ctx->in_lambda || ctx->local_depth > 0)
        jl_lsyntax_error("macro definition not allowed inside a local scope");
    if (jl_expr_nargs(ex) == 1 && jl_is_symbol(jl_exprarg(ex, 0))) {
        char buf[256];
        snprintf(buf, sizeof(buf), "@%s", jl_symbol_name((jl_sym_t *)jl_exprarg(ex, 0)));
        jl_value_t *nm = (jl_value_t *)jl_symbol(buf);
        return jl_lex(jl_block_sym, 2, jl_lex(jl_method_sym, 1, nm), nm);
    }
    if (jl_expr_nargs(ex) != 2 || !jl_lisexpr(jl_exprarg(ex, 0), jl_call_sym))
        invalid("invalid macro definition", ex);
    jl_value_t *sig = jl_exprarg(ex, 0);
    jl_value_t *name = jl_exprarg(sig, 0);
    if (!jl_is_symbol(name))
        invalid("invalid macro name", name);
    char buf[256];
    snprintf(buf, sizeof(buf), "@%s", jl_symbol_name((jl_sym_t *)name));
    jl_expr_t *nsig = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(nsig, (jl_value_t *)jl_symbol(buf));
    jl_expr_push(nsig, jl_lex(jl_doublecolon_sym, 2, jl_symbol("__source__"), jl_lcore("LineNumberNode")));
    jl_expr_push(nsig, jl_lex(jl_doublecolon_sym, 2, jl_symbol("__module__"), jl_lcore("Module")));
    for (size_t i = 1; i < jl_expr_nargs(sig); i++)
        jl_expr_push(nsig, jl_exprarg(sig, i));
    return jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, (jl_value_t *)nsig, jl_exprarg(ex, 1)));
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls */

static int is_kwarg(jl_value_t *a) { return jl_lisexpr(a, jl_kw_sym) && jl_expr_nargs(a) == 2; }

/* the NamedTuple of keyword arguments (unexpanded surface) */
static jl_value_t *kw_namedtuple(jl_lctx_t *ctx, jl_lvec_t *kws)
{
    (void)ctx;
    jl_expr_t *p = (jl_expr_t *)jl_exprn(jl_parameters_sym, 0);
    for (size_t i = 0; i < kws->len; i++) {
        jl_value_t *k = (jl_value_t *)kws->items[i];
        if (is_kwarg(k))
            k = jl_lex(jl_assign_sym, 2, jl_exprarg(k, 0), jl_exprarg(k, 1));
        jl_expr_push(p, k);
    }
    return jl_lex(jl_tuple_sym, 1, (jl_value_t *)p);
}

jl_value_t *jl_ldesugar_call(jl_lctx_t *ctx, jl_value_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n == 0)
        invalid("invalid call", ex);
    jl_value_t *f = jl_exprarg(ex, 0);
    jl_value_t **args = ARGS(ex) + 1;
    size_t na = n - 1;
    if (ctx->struct_type != NULL && (f == (jl_value_t *)jl_ls.new_ ||
                                     (jl_lisexpr(f, jl_curly_sym) && jl_expr_nargs(f) > 0 &&
                                      jl_exprarg(f, 0) == (jl_value_t *)jl_ls.new_)))
        return jl_ldesugar_new(ctx, ex);
    if (f == (jl_value_t *)jl_ls.cglobal) {
        jl_value_t *intr = jl_lpeek_global(jl_core_module, jl_symbol("Intrinsics"));
        if (intr != NULL && jl_is_module(intr))
            f = jl_module_globalref((jl_module_t *)intr, jl_ls.cglobal);
    }
    jl_lvec_t kws = {0}, pos = {0};
    int haskw = 0;
    for (size_t i = 0; i < na; i++) {
        jl_value_t *a = args[i];
        if (jl_lisexpr(a, jl_parameters_sym)) {
            haskw = 1;
            for (size_t k = 0; k < jl_expr_nargs(a); k++) {
                jl_value_t *x = jl_exprarg(a, k);
                if (jl_lisexpr(x, jl_parameters_sym))
                    jl_lsyntax_error("more than one semicolon in argument list");
                jl_lvec_push(&kws, x);
            }
        }
        else if (is_kwarg(a)) {
            haskw = 1;
            jl_lvec_push(&kws, a);
        }
        else {
            jl_lvec_push(&pos, a);
        }
    }
    jl_value_t *r;
    if (haskw && kws.len > 0) {
        jl_value_t *fv = jl_ldesugar(ctx, f);
        jl_value_t *nt = jl_ldesugar(ctx, kw_namedtuple(ctx, &kws));
        jl_lvec_t all = {0};
        jl_value_t *t1 = jl_lnew_temp(ctx), *t2 = jl_lnew_temp(ctx);
        jl_lvec_push(&all, t1);
        jl_lvec_push(&all, t2);
        for (size_t i = 0; i < pos.len; i++)
            jl_lvec_push(&all, pos.items[i]);
        jl_value_t *c = jl_ldesugar_splat_call(ctx, jl_lcore("kwcall"), (jl_value_t **)all.items, all.len);
        /* t1/t2 are already-expanded temps: evaluate f, then the keywords */
        r = jl_lex(jl_block_sym, 3, jl_lex(jl_assign_sym, 2, t2, fv), jl_lex(jl_assign_sym, 2, t1, nt), c);
        free(all.items);
    }
    else if (f == (jl_value_t *)jl_symbol("^") && pos.len == 2 && jl_is_long(pos.items[1]) &&
             jl_base_module != NULL && jl_ltop_has("literal_pow")) {
        jl_value_t *val = jl_lcall(jl_lcall(jl_lcore("apply_type"), 2, jl_ltop("Val"), (jl_value_t *)pos.items[1]), 0);
        r = jl_lcall(jl_ltop("literal_pow"), 3, jl_ldesugar(ctx, f), jl_ldesugar(ctx, (jl_value_t *)pos.items[0]), val);
    }
    else {
        r = jl_ldesugar_splat_call(ctx, jl_ldesugar(ctx, f), (jl_value_t **)pos.items, pos.len);
    }
    free(kws.items);
    free(pos.items);
    return r;
}

/* ---------------------------------------------------------------------------------------------- */
/* Type definitions */

static int is_field_any(jl_value_t *t)
{
    return t == NULL || t == (jl_value_t *)jl_ls.Any_ || (jl_is_globalref(t) && ((jl_globalref_t *)t)->name == jl_ls.Any_ &&
                                                         ((jl_globalref_t *)t)->mod == jl_core_module);
}

/* new(args...) or new{T}(args...) inside a constructor */
jl_value_t *jl_ldesugar_new(jl_lctx_t *ctx, jl_value_t *ex)
{
    jl_value_t *f = jl_exprarg(ex, 0);
    jl_value_t **args = ARGS(ex) + 1;
    size_t na = jl_expr_nargs(ex) - 1;
    jl_value_t *T;
    if (jl_lisexpr(f, jl_curly_sym)) {
        jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_curly_sym, 0);
        jl_expr_push(c, ctx->struct_type);
        for (size_t i = 1; i < jl_expr_nargs(f); i++)
            jl_expr_push(c, jl_exprarg(f, i));
        T = (jl_value_t *)c;
    }
    else if (ctx->struct_params && jl_array_len(ctx->struct_params) > 0) {
        jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_curly_sym, 0);
        jl_expr_push(c, ctx->struct_type);
        for (size_t i = 0; i < jl_array_len(ctx->struct_params); i++)
            jl_expr_push(c, jl_array_ptr_ref(ctx->struct_params, i));
        T = (jl_value_t *)c;
    }
    else {
        T = ctx->struct_type;
    }
    for (size_t i = 0; i < na; i++)
        if (jl_lisexpr(args[i], jl_parameters_sym) || jl_lisexpr(args[i], jl_kw_sym))
            jl_lsyntax_error("\"new\" does not accept keyword arguments");
    jl_lvec_t stmts = {0};
    jl_value_t *Tv = jl_lnew_temp(ctx);
    jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, Tv, jl_ldesugar(ctx, T)));
    for (size_t i = 0; i < na; i++) {
        if (jl_lisexpr(args[i], jl_dots_sym)) {
            jl_value_t *tup = jl_ldesugar_splat_call(ctx, jl_lcore("tuple"), args, na);
            jl_lvec_push(&stmts, jl_lex(jl_splatnew_sym, 2, Tv, tup));
            return jl_lblock(&stmts);
        }
    }
    size_t nf = ctx->struct_ftypes ? jl_array_len(ctx->struct_ftypes) : 0;
    if (na > nf)
        jl_lsyntax_error("new: too many arguments (expected %zu)", nf);
    if ((int)na < ctx->struct_min_new)
        ctx->struct_min_new = (int)na;
    jl_expr_t *nw = (jl_expr_t *)jl_exprn(jl_new_sym, 0);
    jl_expr_push(nw, Tv);
    for (size_t i = 0; i < na; i++) {
        jl_value_t *v = jl_ldesugar(ctx, args[i]);
        if (!is_field_any(jl_array_ptr_ref(ctx->struct_ftypes, i))) {
            jl_value_t *ft = jl_lnew_temp(ctx);
            jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, ft, jl_lcall(jl_lcore("fieldtype"), 2, Tv, jl_box_long((int64_t)i + 1))));
            v = jl_lcall(jl_ltop("convert"), 2, ft, v);
        }
        jl_value_t *t = jl_lnew_temp(ctx);
        jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, t, v));
        jl_expr_push(nw, t);
    }
    jl_lvec_push(&stmts, (jl_value_t *)nw);
    return jl_lblock(&stmts);
}

/* P{T<:U} <: S  ==> name, params (where-variable forms), super */
static void parse_type_name(jl_value_t *e, jl_value_t **name, jl_value_t **params, jl_value_t **super)
{
    *super = NULL;
    *params = NULL;
    if (jl_lisexpr(e, jl_subtype_sym) && jl_expr_nargs(e) == 2) {
        *super = jl_exprarg(e, 1);
        e = jl_exprarg(e, 0);
    }
    if (jl_lisexpr(e, jl_curly_sym) && jl_expr_nargs(e) >= 1) {
        *params = e;
        e = jl_exprarg(e, 0);
    }
    if (!jl_is_symbol(e))
        invalid("invalid type name", e);
    *name = e;
}

/* locals holding the type parameters' TypeVars: appends to stmts, returns their names */
static jl_array_t *typevar_stmts(jl_lctx_t *ctx, jl_value_t *params, jl_lvec_t *stmts, jl_lvec_t *bounds)
{
    jl_array_t *names = jl_alloc_vec_any(0);
    if (params == NULL)
        return names;
    for (size_t i = 1; i < jl_expr_nargs(params); i++) {
        jl_value_t *p = jl_exprarg(params, i);
        jl_sym_t *nm;
        jl_value_t *tv = jl_ldesugar_typevar(ctx, p, &nm);
        jl_lvec_push(stmts, jl_lex(jl_local_sym, 1, nm));
        jl_lvec_push(stmts, jl_lex(jl_assign_sym, 2, nm, tv));
        jl_array_ptr_1d_push(names, (jl_value_t *)nm);
        if (bounds)
            jl_lvec_push(bounds, p);
    }
    return names;
}

static jl_value_t *svec_of(jl_array_t *a, int quote)
{
    size_t n = jl_array_len(a);
    jl_expr_t *c = (jl_expr_t *)jl_exprn(jl_call_sym, n + 1);
    jl_exprargset(c, 0, jl_lcore("svec"));
    for (size_t i = 0; i < n; i++)
        jl_exprargset(c, i + 1, quote ? jl_lquote(jl_array_ptr_ref(a, i)) : jl_array_ptr_ref(a, i));
    return (jl_value_t *)c;
}

/* if isdefined(P) && _equiv_typedef(P, t): t = P (old type); else P = t; then the body call */
static void bind_type_stmts(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *gref, jl_sym_t *t, jl_value_t *bodycall,
                            int parametric)
{
    (void)ctx;
    jl_value_t *assign_new = jl_lex(jl_block_sym, 2, jl_lex(jl_assign_sym, 2, gref, t), bodycall);
    jl_value_t *keep_old = parametric ? jl_lex(jl_assign_sym, 2, t, gref)
                                      : jl_lex(jl_block_sym, 2, jl_lex(jl_assign_sym, 2, t, gref), bodycall);
    jl_value_t *cond = jl_lex(jl_if_sym, 3, jl_lcall(jl_lcore("_equiv_typedef"), 2, gref, t), keep_old, assign_new);
    jl_lvec_push(stmts, jl_lex(jl_if_sym, 3, jl_lex(jl_isdefined_sym, 1, gref), cond, assign_new));
}

jl_value_t *jl_ldesugar_abstract(jl_lctx_t *ctx, jl_value_t *ex, int primitive)
{
    if (ctx->in_lambda || ctx->local_depth > 0)
        jl_lsyntax_error("\"%s\" expression not at top level", primitive ? "primitive type" : "abstract type");
    if (jl_expr_nargs(ex) != (size_t)(primitive ? 2 : 1))
        invalid("invalid type definition", ex);
    jl_value_t *name, *params, *super;
    parse_type_name(jl_exprarg(ex, 0), &name, &params, &super);
    jl_value_t *gref = jl_module_globalref(ctx->module, (jl_sym_t *)name);
    jl_lvec_t outer = {0}, stmts = {0};
    jl_lvec_push(&outer, jl_lex(jl_global_sym, 1, gref));
    jl_lvec_push(&outer, jl_lex(jl_const_sym, 1, gref));
    jl_array_t *pnames = typevar_stmts(ctx, params, &stmts, NULL);
    jl_sym_t *t = jl_symbol("#mt#newtype");
    jl_value_t *mk;
    if (primitive)
        mk = jl_lcall(jl_lcore("_primitivetype"), 4, (jl_value_t *)ctx->module, jl_lquote(name), svec_of(pnames, 0),
                      jl_ldesugar(ctx, jl_exprarg(ex, 1)));
    else
        mk = jl_lcall(jl_lcore("_abstracttype"), 3, (jl_value_t *)ctx->module, jl_lquote(name), svec_of(pnames, 0));
    jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, t, mk));
    jl_lvec_push(&stmts, jl_lcall(jl_lcore("_setsuper!"), 2, t, super ? jl_ldesugar(ctx, super) : jl_lcore("Any")));
    bind_type_stmts(ctx, &stmts, gref, t, jl_lcall(jl_lcore("_typebody!"), 1, t), jl_array_len(pnames) > 0);
    jl_lvec_push(&stmts, jl_nothing);
    jl_lvec_push(&outer, jl_lex(jl_ls.scope_block, 2, jl_lblock(&stmts), jl_ls.hard));
    jl_lvec_push(&outer, jl_nothing);
    return jl_lblock(&outer);
}

/* constructors the struct gets when it declares none */
static void default_constructors(jl_lctx_t *ctx, jl_value_t *name, jl_array_t *pnames, jl_lvec_t *bounds,
                                 jl_array_t *fnames, jl_array_t *ftypes, jl_lvec_t *out)
{
    size_t nf = jl_array_len(fnames);
    size_t np = jl_array_len(pnames);
    int all_any = 1;
    for (size_t i = 0; i < nf; i++)
        if (!is_field_any(jl_array_ptr_ref(ftypes, i)))
            all_any = 0;
    /* argument names must not collide with the parameter names */
    jl_array_t *anames = jl_alloc_vec_any(nf);
    for (size_t i = 0; i < nf; i++) {
        jl_value_t *fn = jl_array_ptr_ref(fnames, i);
        int clash = 0;
        for (size_t k = 0; k < np; k++)
            clash |= jl_array_ptr_ref(pnames, k) == fn;
        clash |= fn == name;
        jl_array_ptr_set(anames, i, clash ? (jl_value_t *)jl_lgensym(ctx, jl_symbol_name((jl_sym_t *)fn)) : fn);
    }
    jl_expr_t *newcall = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(newcall, (jl_value_t *)jl_ls.new_);
    for (size_t i = 0; i < nf; i++)
        jl_expr_push(newcall, jl_array_ptr_ref(anames, i));
    if (np == 0) {
        /* P(x::T1, y::T2) = new(x, y) (when some type is not Any), and P(x, y) = new(x, y) */
        if (!all_any) {
            /* the arguments already have the field types: no conversion */
            jl_expr_t *sig = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
            jl_expr_push(sig, name);
            jl_expr_t *rawnew = (jl_expr_t *)jl_exprn(jl_new_sym, 0);
            jl_expr_push(rawnew, ctx->struct_type);
            for (size_t i = 0; i < nf; i++) {
                jl_expr_push(sig, jl_lex(jl_doublecolon_sym, 2, jl_array_ptr_ref(anames, i), jl_array_ptr_ref(ftypes, i)));
                jl_expr_push(rawnew, jl_array_ptr_ref(anames, i));
            }
            jl_lvec_push(out, jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, (jl_value_t *)sig, (jl_value_t *)rawnew)));
        }
        jl_expr_t *sig = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
        jl_expr_push(sig, name);
        for (size_t i = 0; i < nf; i++)
            jl_expr_push(sig, jl_array_ptr_ref(anames, i));
        jl_lvec_push(out, jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, (jl_value_t *)sig, (jl_value_t *)newcall)));
        return;
    }
    /* P{T}(x, y) where {T} = new(x, y) */
    jl_expr_t *curly = (jl_expr_t *)jl_exprn(jl_curly_sym, 0);
    jl_expr_push(curly, name);
    for (size_t k = 0; k < np; k++)
        jl_expr_push(curly, jl_array_ptr_ref(pnames, k));
    jl_expr_t *sig = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(sig, (jl_value_t *)curly);
    for (size_t i = 0; i < nf; i++)
        jl_expr_push(sig, jl_array_ptr_ref(anames, i));
    jl_expr_t *wsig = (jl_expr_t *)jl_exprn(jl_where_sym, 0);
    jl_expr_push(wsig, (jl_value_t *)sig);
    for (size_t k = 0; k < bounds->len; k++)
        jl_expr_push(wsig, (jl_value_t *)bounds->items[k]);
    jl_lvec_push(out, jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, (jl_value_t *)wsig, (jl_value_t *)newcall)));
    /* outer: P(x::T, y) where {T} = P{T}(x, y), when every parameter can be inferred from the fields */
    int inferable = 1;
    for (size_t k = 0; k < np && inferable; k++) {
        jl_value_t *p = jl_array_ptr_ref(pnames, k);
        int found = 0;
        for (size_t i = 0; i < nf && !found; i++)
            found = mentions(jl_array_ptr_ref(ftypes, i), p);
        for (size_t j = k + 1; j < bounds->len && !found; j++)
            found = mentions((jl_value_t *)bounds->items[j], p);
        inferable = found;
    }
    if (!inferable || nf == 0)
        return;
    jl_expr_t *osig = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(osig, name);
    jl_expr_t *ocall = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(ocall, (jl_value_t *)curly);
    for (size_t i = 0; i < nf; i++) {
        jl_value_t *ft = jl_array_ptr_ref(ftypes, i);
        jl_value_t *an = jl_array_ptr_ref(anames, i);
        jl_expr_push(osig, is_field_any(ft) ? an : jl_lex(jl_doublecolon_sym, 2, an, ft));
        jl_expr_push(ocall, an);
    }
    jl_expr_t *owsig = (jl_expr_t *)jl_exprn(jl_where_sym, 0);
    jl_expr_push(owsig, (jl_value_t *)osig);
    for (size_t k = 0; k < bounds->len; k++)
        jl_expr_push(owsig, (jl_value_t *)bounds->items[k]);
    jl_lvec_push(out, jl_ldesugar_function(ctx, jl_lex(jl_function_sym, 2, (jl_value_t *)owsig, (jl_value_t *)ocall)));
}

static jl_value_t *ctor_scope(jl_value_t *name, jl_value_t *def)
{
    return jl_lex(jl_ls.scope_block, 2, jl_lex(jl_block_sym, 2, jl_lex(jl_global_sym, 1, name), def), jl_ls.hard);
}

static int is_ctor_def(jl_value_t *e)
{
    if (jl_lisexpr(e, jl_function_sym))
        return 1;
    if (jl_lisexpr(e, jl_assign_sym) && jl_expr_nargs(e) == 2 && jl_lis_function_def(jl_exprarg(e, 0)))
        return 1;
    return 0;
}

jl_value_t *jl_ldesugar_struct(jl_lctx_t *ctx, jl_value_t *ex)
{
    if (ctx->in_lambda || ctx->local_depth > 0)
        jl_lsyntax_error("\"struct\" expression not at top level");
    if (jl_expr_nargs(ex) != 3)
        invalid("invalid struct definition", ex);
    int mut = jl_exprarg(ex, 0) == jl_true;
    jl_value_t *name, *params, *super;
    parse_type_name(jl_exprarg(ex, 1), &name, &params, &super);
    jl_value_t *body = jl_exprarg(ex, 2);
    jl_value_t *gref = jl_module_globalref(ctx->module, (jl_sym_t *)name);
    /* fields and inner constructors */
    jl_array_t *fnames = jl_alloc_vec_any(0), *ftypes = jl_alloc_vec_any(0), *fattrs = jl_alloc_vec_any(0);
    jl_lvec_t ctors = {0};
    jl_value_t *lnn = ctx->cur_lnn;
    jl_lvec_t items = {0};
    if (jl_lisexpr(body, jl_block_sym)) {
        for (size_t i = 0; i < jl_expr_nargs(body); i++)
            jl_lvec_push(&items, jl_exprarg(body, i));
    }
    else {
        jl_lvec_push(&items, body);
    }
    for (size_t i = 0; i < items.len; i++) {
        jl_value_t *it = (jl_value_t *)items.items[i];
        if (jl_is_linenode(it)) {
            lnn = it;
            continue;
        }
        if (jl_is_string(it) || jl_lisexpr(it, jl_string_sym))
            continue; /* field docstring */
        if (jl_lisexpr(it, jl_macrocall_sym))
            continue;
        if (jl_lisexpr(it, jl_block_sym)) {
            for (size_t k = 0; k < jl_expr_nargs(it); k++)
                jl_lvec_push(&items, jl_exprarg(it, k));
            continue;
        }
        int isconst = 0;
        if (jl_lisexpr(it, jl_const_sym) && jl_expr_nargs(it) == 1) {
            if (!mut)
                jl_lsyntax_error("invalid field attribute const for immutable struct");
            isconst = 1;
            it = jl_exprarg(it, 0);
        }
        if (is_ctor_def(it)) {
            jl_lvec_push(&ctors, lnn);
            jl_lvec_push(&ctors, it);
            continue;
        }
        jl_value_t *fn = it, *ft = NULL;
        if (jl_lisexpr(it, jl_assign_sym) && jl_expr_nargs(it) == 2) /* @kwdef default, ignored here */
            fn = it = jl_exprarg(it, 0);
        if (jl_lisexpr(it, jl_doublecolon_sym) && jl_expr_nargs(it) == 2) {
            fn = jl_exprarg(it, 0);
            ft = jl_exprarg(it, 1);
        }
        if (!jl_is_symbol(fn))
            invalid("invalid struct field expression", it);
        for (size_t k = 0; k < jl_array_len(fnames); k++)
            if (jl_array_ptr_ref(fnames, k) == fn)
                jl_lsyntax_error("duplicate field name: \"%s\" is not unique", jl_symbol_name((jl_sym_t *)fn));
        if (isconst) {
            jl_array_ptr_1d_push(fattrs, jl_box_long((int64_t)jl_array_len(fnames) + 1));
            jl_array_ptr_1d_push(fattrs, jl_lquote((jl_value_t *)jl_const_sym));
        }
        jl_array_ptr_1d_push(fnames, fn);
        jl_array_ptr_1d_push(ftypes, ft ? ft : (jl_value_t *)jl_ls.Any_);
    }
    free(items.items);
    size_t nf = jl_array_len(fnames);
    /* the constructors first (they tell us the number of initialized fields) */
    jl_value_t *last_st = ctx->struct_type;
    jl_array_t *last_params = ctx->struct_params, *last_ft = ctx->struct_ftypes;
    int last_min = ctx->struct_min_new;
    jl_lvec_t stmts = {0}, bounds = {0};
    jl_array_t *pnames = typevar_stmts(ctx, params, &stmts, &bounds);
    ctx->struct_type = gref;
    ctx->struct_params = pnames;
    ctx->struct_ftypes = ftypes;
    ctx->struct_min_new = (int)nf;
    jl_lvec_t ctor_defs = {0};
    jl_value_t *save_lnn = ctx->cur_lnn;
    ctx->in_struct = 1;
    for (size_t i = 0; i < ctors.len; i += 2) {
        ctx->cur_lnn = (jl_value_t *)ctors.items[i];
        jl_lvec_push(&ctor_defs, jl_ldesugar(ctx, (jl_value_t *)ctors.items[i + 1]));
    }
    ctx->in_struct = 0;
    ctx->cur_lnn = save_lnn;
    int ninit = ctx->struct_min_new;
    ctx->struct_type = last_st;
    ctx->struct_params = last_params;
    ctx->struct_ftypes = last_ft;
    ctx->struct_min_new = last_min;
    /* the type */
    jl_lvec_t outer = {0};
    jl_lvec_push(&outer, jl_lex(jl_global_sym, 1, gref));
    jl_lvec_push(&outer, jl_lex(jl_const_sym, 1, gref));
    jl_sym_t *t = jl_symbol("#mt#newtype");
    jl_value_t *mk = jl_lcallv(jl_lcore("_structtype"), (jl_value_t *[]){(jl_value_t *)ctx->module, jl_lquote(name),
                               svec_of(pnames, 0), svec_of(fnames, 1), svec_of(fattrs, 0), mut ? jl_true : jl_false,
                               jl_box_long(ninit)}, 7);
    jl_lvec_push(&stmts, jl_lex(jl_assign_sym, 2, t, mk));
    jl_lvec_push(&stmts, jl_lcall(jl_lcore("_setsuper!"), 2, t, super ? jl_ldesugar(ctx, super) : jl_lcore("Any")));
    jl_expr_t *ftv = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(ftv, jl_lcore("svec"));
    for (size_t i = 0; i < nf; i++)
        jl_expr_push(ftv, jl_ldesugar(ctx, jl_array_ptr_ref(ftypes, i)));
    bind_type_stmts(ctx, &stmts, gref, t, jl_lcall(jl_lcore("_typebody!"), 2, t, (jl_value_t *)ftv),
                    jl_array_len(pnames) > 0);
    jl_lvec_push(&stmts, jl_nothing);
    jl_lvec_push(&outer, jl_lex(jl_ls.scope_block, 2, jl_lblock(&stmts), jl_ls.hard));
    /* constructors */
    if (ctors.len > 0) {
        for (size_t i = 0; i < ctor_defs.len; i++)
            jl_lvec_push(&outer, ctor_scope(name, (jl_value_t *)ctor_defs.items[i]));
    }
    else {
        jl_lvec_t defs = {0};
        ctx->struct_type = gref;
        ctx->struct_params = pnames;
        ctx->struct_ftypes = ftypes;
        ctx->struct_min_new = (int)nf;
        ctx->in_struct = 1;
        default_constructors(ctx, name, pnames, &bounds, fnames, ftypes, &defs);
        ctx->in_struct = 0;
        ctx->struct_type = last_st;
        ctx->struct_params = last_params;
        ctx->struct_ftypes = last_ft;
        ctx->struct_min_new = last_min;
        for (size_t i = 0; i < defs.len; i++)
            jl_lvec_push(&outer, ctor_scope(name, (jl_value_t *)defs.items[i]));
        free(defs.items);
    }
    free(ctor_defs.items);
    free(ctors.items);
    free(bounds.items);
    jl_lvec_push(&outer, jl_nothing);
    return jl_lblock(&outer);
}
