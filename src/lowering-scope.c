/* lowering-scope.c: the second pass of lowering. Resolves every variable of the core forms (see
 * lowering.h) to a binding (SlotNumber(binding id)), a GlobalRef or a static parameter, following
 * Julia's scope rules: function bodies, let, loops, try and comprehensions are local scopes; an
 * assignment makes a variable local to the innermost scope unless it is local in an enclosing scope or
 * declared global; at top level, loops and try blocks are soft scopes (a new local, with a warning when
 * a global of that name exists). It also records what each lambda captures from its enclosing lambdas
 * and decides which captured variables must live in a Core.Box. */
#include "lowering.h"
#include <stdlib.h>

typedef struct {
    jl_lctx_t *ctx;
    jl_lscope_t *scope;
    jl_llam_t *lam;
    int pos;            /* walk position */
    int ctrl;           /* control-flow depth within the current lambda */
    int loop;           /* loop depth within the current lambda */
    int in_method_sig;  /* walking the signature of a method */
    jl_value_t *lnn;    /* current line */
} sctx_t;

static jl_value_t *walk(sctx_t *s, jl_value_t *e);

static jl_value_t *slotref(jl_lbinding_t *b) { return jl_box_slotnumber((size_t)b->id); }

static jl_lbinding_t *new_binding(sctx_t *s, jl_sym_t *name, int kind, jl_llam_t *owner)
{
    jl_lbinding_t *b = (jl_lbinding_t *)jl_lalloc(s->ctx, sizeof(jl_lbinding_t));
    b->name = name;
    b->kind = kind;
    b->owner = owner;
    b->id = (int)s->ctx->bindings.len;
    b->first_assign_pos = -1;
    b->min_capture_pos = 0x7fffffff;
    jl_lvec_push(&s->ctx->bindings, b);
    if (kind == JL_BIND_LOCAL)
        jl_lvec_push(&owner->locals, b);
    return b;
}

static jl_lscope_t *new_scope(sctx_t *s, int kind)
{
    jl_lscope_t *sc = (jl_lscope_t *)jl_lalloc(s->ctx, sizeof(jl_lscope_t));
    sc->parent = s->scope;
    sc->lam = s->lam;
    sc->kind = kind;
    sc->id = (int)s->ctx->scopes.len;
    sc->ctrl = s->ctrl;
    sc->in_loop = s->loop > 0;
    jl_lvec_push(&s->ctx->scopes, sc);
    return sc;
}

static jl_lbinding_t *scope_local(jl_lscope_t *sc, jl_sym_t *name)
{
    int i = jl_lvec_find(&sc->names, name);
    return i < 0 ? NULL : (jl_lbinding_t *)sc->binds.items[i];
}

static jl_lbinding_t *declare_local(sctx_t *s, jl_lscope_t *sc, jl_sym_t *name, int kind)
{
    jl_lbinding_t *b = scope_local(sc, name);
    if (b)
        return b;
    b = new_binding(s, name, kind, sc->lam);
    b->scope = sc;
    jl_lvec_push(&sc->names, name);
    jl_lvec_push(&sc->binds, b);
    return b;
}

static int is_mtemp(jl_sym_t *name)
{
    return strncmp(jl_symbol_name(name), "#mt#", 4) == 0;
}

/* Lookup: a local binding, or NULL for a global. *declared_global is set when a `global` declaration
 * was found. */
static jl_lbinding_t *lookup(sctx_t *s, jl_sym_t *name, int *declared_global)
{
    *declared_global = 0;
    for (jl_lscope_t *sc = s->scope; sc != NULL; sc = sc->parent) {
        jl_lbinding_t *b = scope_local(sc, name);
        if (b)
            return b;
        if (jl_lvec_find(&sc->globals, name) >= 0) {
            *declared_global = 1;
            return NULL;
        }
    }
    return NULL;
}

static jl_lbinding_t *mtemp_binding(sctx_t *s, jl_sym_t *name)
{
    /* lambda-local temporaries: declared in the lambda's outermost scope */
    jl_lscope_t *sc = s->scope;
    while (sc->parent && sc->parent->lam == s->lam)
        sc = sc->parent;
    return declare_local(s, sc, name, JL_BIND_LOCAL);
}

/* A reference from the current lambda to binding b: record captures along the lambda chain. */
static void note_use(sctx_t *s, jl_lbinding_t *b)
{
    if (b->owner == s->lam)
        return;
    b->captured = 1;
    for (jl_llam_t *l = s->lam; l != NULL && l != b->owner; l = l->parent) {
        if (jl_lvec_find(&l->captures, b) < 0)
            jl_lvec_push(&l->captures, b);
        if (l->global_method)
            b->global_capture = 1;
        if (l->parent == b->owner) {
            int cp = l->family ? l->family->create_pos : l->create_pos;
            if (cp < b->min_capture_pos)
                b->min_capture_pos = cp;
        }
    }
}

static jl_value_t *resolve_ref(sctx_t *s, jl_sym_t *name)
{
    s->pos++;
    if (is_mtemp(name))
        return slotref(mtemp_binding(s, name));
    int g;
    jl_lbinding_t *b = lookup(s, name, &g);
    if (b == NULL)
        return jl_module_globalref(s->ctx->module, name);
    if (b->kind == JL_BIND_SPARAM && b->owner == s->lam)
        return jl_lex(jl_static_parameter_sym, 1, jl_box_long(b->index));
    note_use(s, b);
    return slotref(b);
}

static void note_assign(sctx_t *s, jl_lbinding_t *b, int plain)
{
    if (b->kind == JL_BIND_SPARAM)
        jl_lsyntax_error("local variable name \"%s\" conflicts with a static parameter", jl_symbol_name(b->name));
    if (b->owner != s->lam) {
        b->assigned_outside = 1;
        note_use(s, b);
    }
    if (!plain && b->family && b->nassign > b->nassign_plain)
        return; /* further methods of the same local function */
    b->nassign++;
    if (plain)
        b->nassign_plain++;
    if (b->first_assign_pos < 0) {
        b->first_assign_pos = s->pos;
        int scope_ctrl = b->scope ? b->scope->ctrl : 0;
        b->assign_cond = b->owner != s->lam || s->ctrl != scope_ctrl;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Scope entry: find the variables a scope declares and assigns */

typedef struct {
    jl_lvec_t locals, globals, assigned;
    jl_lvec_t assigned_lnn;   /* line of each assigned variable's first assignment */
} scan_t;

static void push_unique(jl_lvec_t *v, void *p)
{
    if (jl_lvec_find(v, p) < 0)
        jl_lvec_push(v, p);
}

static void scan(scan_t *sc, jl_value_t *e, jl_value_t **lnn)
{
    if (jl_is_linenode(e)) {
        *lnn = e;
        return;
    }
    if (!jl_is_expr(e))
        return;
    jl_sym_t *h = jl_lhead(e);
    size_t n = jl_expr_nargs(e);
    if (h == jl_ls.scope_block || h == jl_lambda_sym || h == jl_quote_sym || h == jl_toplevel_sym ||
        h == jl_module_sym || h == jl_inert_sym)
        return;
    if (h == jl_local_sym) {
        for (size_t i = 0; i < n; i++)
            if (jl_is_symbol(jl_exprarg(e, i)))
                push_unique(&sc->locals, jl_exprarg(e, i));
        return;
    }
    if (h == jl_global_sym) {
        for (size_t i = 0; i < n; i++)
            if (jl_is_symbol(jl_exprarg(e, i)))
                push_unique(&sc->globals, jl_exprarg(e, i));
        return;
    }
    if ((h == jl_assign_sym || h == jl_ls.decl) && n == 2) {
        jl_value_t *lhs = jl_exprarg(e, 0);
        if (jl_is_symbol(lhs) && !is_mtemp((jl_sym_t *)lhs) && jl_lvec_find(&sc->assigned, lhs) < 0) {
            jl_lvec_push(&sc->assigned, lhs);
            jl_lvec_push(&sc->assigned_lnn, *lnn);
        }
        scan(sc, jl_exprarg(e, 1), lnn);
        return;
    }
    if (h == jl_method_sym) {
        jl_value_t *name = n > 0 ? jl_exprarg(e, 0) : NULL;
        if (name && jl_is_symbol(name) && jl_lvec_find(&sc->assigned, name) < 0) {
            jl_lvec_push(&sc->assigned, name);
            jl_lvec_push(&sc->assigned_lnn, *lnn);
        }
        if (n >= 2)
            scan(sc, jl_exprarg(e, 1), lnn); /* the signature (a scope-block: skipped) */
        return;
    }
    if (h == jl_ls.fself_type || h == jl_isdefined_sym)
        return;
    for (size_t i = 0; i < n; i++)
        scan(sc, jl_exprarg(e, i), lnn);
}

static void scan_free(scan_t *sc)
{
    free(sc->locals.items);
    free(sc->globals.items);
    free(sc->assigned.items);
    free(sc->assigned_lnn.items);
}

/* at top level: only soft scopes between here and the thunk */
static int toplevel_soft(jl_lscope_t *sc)
{
    for (; sc != NULL; sc = sc->parent) {
        if (sc->kind == JL_SCOPE_HARD)
            return 0;
        if (sc->kind == JL_SCOPE_LAMBDA)
            return sc->lam->is_thunk;
    }
    return 1;
}

static void soft_scope_warning(sctx_t *s, jl_sym_t *name, jl_value_t *lnn)
{
    const char *file = jl_symbol_name(s->ctx->file);
    long line = s->ctx->line;
    if (lnn && jl_is_linenode(lnn)) {
        line = (long)((jl_linenumbernode_t *)lnn)->line;
        if (jl_is_symbol(((jl_linenumbernode_t *)lnn)->file))
            file = jl_symbol_name((jl_sym_t *)((jl_linenumbernode_t *)lnn)->file);
    }
    const char *x = jl_symbol_name(name);
    fflush(stdout);
    fprintf(stderr,
            "\xe2\x94\x8c Warning: Assignment to `%s` in soft scope is ambiguous because a global variable by the same "
            "name exists: `%s` will be treated as a new local. Disambiguate by using `local %s` to suppress this "
            "warning or `global %s` to assign to the existing global variable.\n\xe2\x94\x94 @ %s:%ld\n",
            x, x, x, x, file, line);
    fflush(stderr);
}

/* declare what scope sc introduces, given the scan of its body */
static void enter_scope(sctx_t *s, jl_lscope_t *sc, jl_value_t *body)
{
    scan_t r;
    memset(&r, 0, sizeof(r));
    jl_value_t *lnn = s->lnn;
    scan(&r, body, &lnn);
    for (size_t i = 0; i < r.globals.len; i++) {
        jl_sym_t *g = (jl_sym_t *)r.globals.items[i];
        if (jl_lvec_find(&r.locals, g) >= 0 || scope_local(sc, g))
            jl_lsyntax_error("variable \"%s\" declared both local and global", jl_symbol_name(g));
        jl_lvec_push(&sc->globals, g);
    }
    for (size_t i = 0; i < r.locals.len; i++) {
        jl_sym_t *l = (jl_sym_t *)r.locals.items[i];
        jl_lbinding_t *old = scope_local(sc, l);
        if (old && old->kind == JL_BIND_ARG && sc->kind == JL_SCOPE_LAMBDA)
            jl_lsyntax_error("local variable name \"%s\" conflicts with an argument", jl_symbol_name(l));
        if (old && old->kind == JL_BIND_SPARAM)
            jl_lsyntax_error("local variable name \"%s\" conflicts with a static parameter", jl_symbol_name(l));
        declare_local(s, sc, l, JL_BIND_LOCAL);
    }
    int top = sc->kind == JL_SCOPE_LAMBDA && sc->lam->is_thunk;
    for (size_t i = 0; i < r.assigned.len; i++) {
        jl_sym_t *v = (jl_sym_t *)r.assigned.items[i];
        if (scope_local(sc, v) || jl_lvec_find(&sc->globals, v) >= 0)
            continue;
        int g;
        jl_lscope_t *save = s->scope;
        s->scope = sc->parent;
        jl_lbinding_t *b = sc->parent ? lookup(s, v, &g) : NULL;
        if (sc->parent == NULL)
            g = 0;
        s->scope = save;
        if (b != NULL || g)
            continue; /* local in an enclosing scope, or declared global */
        if (top)
            continue; /* a global */
        if (sc->kind == JL_SCOPE_SOFT && toplevel_soft(sc)) {
            int exists = jl_boundp(s->ctx->module, v);
            if (exists && s->ctx->interactive_soft)
                continue;
            if (exists)
                soft_scope_warning(s, v, (jl_value_t *)r.assigned_lnn.items[i]);
        }
        declare_local(s, sc, v, JL_BIND_LOCAL);
    }
    scan_free(&r);
}

/* ---------------------------------------------------------------------------------------------- */
/* The walk */

static jl_value_t *walk_args(sctx_t *s, jl_value_t *e, size_t from)
{
    for (size_t i = from; i < jl_expr_nargs(e); i++)
        jl_exprargset(e, i, walk(s, jl_exprarg(e, i)));
    return e;
}

static jl_value_t *walk_scope_block(sctx_t *s, jl_value_t *e)
{
    jl_value_t *kindv = jl_expr_nargs(e) > 1 ? jl_exprarg(e, 1) : (jl_value_t *)jl_ls.hard;
    int kind = kindv == (jl_value_t *)jl_ls.soft ? JL_SCOPE_SOFT : JL_SCOPE_HARD;
    jl_lscope_t *sc = new_scope(s, kind);
    enter_scope(s, sc, jl_exprarg(e, 0));
    jl_lscope_t *save = s->scope;
    s->scope = sc;
    jl_value_t *body = walk(s, jl_exprarg(e, 0));
    s->scope = save;
    return jl_lex(jl_ls.scope_block, 2, body, jl_box_long(sc->id));
}

static jl_value_t *walk_assign(sctx_t *s, jl_value_t *e)
{
    jl_value_t *lhs = jl_exprarg(e, 0);
    jl_exprargset(e, 1, walk(s, jl_exprarg(e, 1)));
    s->pos++;
    if (jl_is_symbol(lhs)) {
        jl_sym_t *name = (jl_sym_t *)lhs;
        jl_lbinding_t *b;
        if (is_mtemp(name)) {
            b = mtemp_binding(s, name);
        }
        else {
            int g;
            b = lookup(s, name, &g);
        }
        if (b == NULL) {
            jl_exprargset(e, 0, jl_module_globalref(s->ctx->module, name));
            return e;
        }
        note_assign(s, b, 1);
        jl_exprargset(e, 0, slotref(b));
        return e;
    }
    if (jl_is_ssavalue(lhs) || jl_is_globalref(lhs))
        return e;
    jl_lsyntax_error("invalid assignment location");
}

static void declare_lambda_scope(sctx_t *s, jl_llam_t *lam, jl_lscope_t *sc)
{
    size_t na = jl_array_len(lam->argnames);
    for (size_t i = 0; i < jl_array_len(lam->sparams); i++) {
        jl_sym_t *name = (jl_sym_t *)jl_array_ptr_ref(lam->sparams, i);
        jl_lbinding_t *b = new_binding(s, name, JL_BIND_SPARAM, lam);
        b->index = (int)i + 1;
        jl_lvec_push(&lam->sparam_binds, b);
        jl_lvec_push(&sc->names, name);
        jl_lvec_push(&sc->binds, b);
    }
    for (size_t i = 0; i < na; i++) {
        jl_sym_t *name = (jl_sym_t *)jl_array_ptr_ref(lam->argnames, i);
        jl_lbinding_t *b = new_binding(s, name, JL_BIND_ARG, lam);
        b->index = (int)i;
        jl_lvec_push(&lam->args, b);
        if (name == jl_unused_sym)
            continue;
        int k = jl_lvec_find(&sc->names, name);
        if (k >= 0 && ((jl_lbinding_t *)sc->binds.items[k])->kind == JL_BIND_SPARAM)
            jl_lsyntax_error("function argument and static parameter name not distinct: \"%s\"", jl_symbol_name(name));
        if (k >= 0) {
            sc->binds.items[k] = b;
            continue;
        }
        jl_lvec_push(&sc->names, name);
        jl_lvec_push(&sc->binds, b);
    }
}

static void walk_lambda(sctx_t *s, jl_llam_t *lam)
{
    sctx_t save = *s;
    lam->parent = s->lam;
    s->lam = lam;
    s->ctrl = 0;
    s->loop = 0;
    jl_lscope_t *sc = new_scope(s, JL_SCOPE_LAMBDA);
    s->scope = sc;
    lam->scope = sc;
    declare_lambda_scope(s, lam, sc);
    enter_scope(s, sc, lam->body);
    lam->body = walk(s, lam->body);
    if (lam->rettype)
        lam->rettype = walk(s, lam->rettype);
    int pos = s->pos;
    *s = save;
    s->pos = pos;
}

static jl_lfamily_t *family_of(sctx_t *s, jl_lbinding_t *b)
{
    if (b->family == NULL) {
        jl_lfamily_t *f = (jl_lfamily_t *)jl_lalloc(s->ctx, sizeof(jl_lfamily_t));
        f->binding = b;
        f->name = b->name;
        f->create_pos = s->pos;
        b->family = f;
        jl_lvec_push(&s->ctx->families, f);
    }
    return b->family;
}

static jl_value_t *walk_method(sctx_t *s, jl_value_t *e)
{
    size_t n = jl_expr_nargs(e);
    jl_value_t *name = jl_exprarg(e, 0);
    jl_lbinding_t *b = NULL;
    s->pos++;
    if (jl_is_symbol(name)) {
        int g;
        b = lookup(s, (jl_sym_t *)name, &g);
        if (b == NULL)
            jl_exprargset(e, 0, jl_module_globalref(s->ctx->module, (jl_sym_t *)name));
        else if (b->kind != JL_BIND_LOCAL)
            jl_lsyntax_error("cannot define function %s; it already has a value", jl_symbol_name((jl_sym_t *)name));
        else
            jl_exprargset(e, 0, slotref(b));
    }
    jl_lfamily_t *fam = b ? family_of(s, b) : NULL;
    if (n == 1) {
        if (b)
            note_assign(s, b, 0);
        return e;
    }
    if (n != 3 || !jl_lisexpr(jl_exprarg(e, 2), jl_lambda_sym))
        jl_lsyntax_error("invalid method definition");
    jl_llam_t *lam = (jl_llam_t *)s->ctx->lams.items[jl_unbox_long(jl_exprarg(jl_exprarg(e, 2), 0))];
    /* the signature, in the enclosing scope */
    jl_exprargset(e, 1, walk(s, jl_exprarg(e, 1)));
    if (fam) {
        lam->family = fam;
        jl_lvec_push(&fam->lams, lam);
    }
    else {
        lam->global_method = 1;
    }
    lam->create_pos = s->pos;
    lam->sig = jl_exprarg(e, 1);
    walk_lambda(s, lam);
    if (b)
        note_assign(s, b, 0);
    return e;
}

static jl_value_t *walk_decl_global(sctx_t *s, jl_value_t *e, int isconst)
{
    jl_value_t *x = jl_exprarg(e, 0);
    if (jl_is_globalref(x))
        return e;
    if (!jl_is_symbol(x))
        jl_lsyntax_error("invalid %s declaration", isconst ? "const" : "global");
    int g;
    jl_lbinding_t *b = lookup(s, (jl_sym_t *)x, &g);
    if (b != NULL) {
        if (isconst)
            jl_lsyntax_error("unsupported `const` declaration on local variable");
        return jl_nothing;
    }
    if (!s->lam->is_thunk && !isconst)
        return jl_nothing;
    jl_exprargset(e, 0, jl_module_globalref(s->ctx->module, (jl_sym_t *)x));
    return e;
}

static jl_value_t *walk_decl(sctx_t *s, jl_value_t *e)
{
    jl_value_t *x = jl_exprarg(e, 0);
    jl_value_t *T = walk(s, jl_exprarg(e, 1));
    if (jl_is_globalref(x))
        return jl_lex(jl_ls.typed_global, 2, x, T);
    if (!jl_is_symbol(x))
        jl_lsyntax_error("invalid type declaration");
    int g;
    jl_lbinding_t *b = lookup(s, (jl_sym_t *)x, &g);
    if (b == NULL)
        return jl_lex(jl_ls.typed_global, 2, jl_module_globalref(s->ctx->module, (jl_sym_t *)x), T);
    if (b->kind != JL_BIND_LOCAL)
        return jl_nothing;
    if (b->decltype != NULL)
        jl_lsyntax_error("multiple type declarations for \"%s\"", jl_symbol_name(b->name));
    b->decltype = T;
    return jl_nothing;
}

/* Base.@locals: a Dict{Symbol,Any} of the local variables visible here that have values */
static jl_value_t *walk_locals(sctx_t *s)
{
    jl_lvec_t seen = {0};
    jl_expr_t *blk = (jl_expr_t *)jl_exprn(jl_block_sym, 0);
    jl_value_t *d = jl_lnew_temp(s->ctx);
    jl_value_t *dt = jl_lcall(jl_lcore("apply_type"), 3, jl_ltop("Dict"), jl_lcore("Symbol"), jl_lcore("Any"));
    jl_expr_push(blk, jl_lex(jl_assign_sym, 2, d, jl_lcall(dt, 0)));
    for (jl_lscope_t *sc = s->scope; sc != NULL; sc = sc->parent) {
        for (size_t i = 0; i < sc->names.len; i++) {
            jl_sym_t *name = (jl_sym_t *)sc->names.items[i];
            jl_lbinding_t *b = (jl_lbinding_t *)sc->binds.items[i];
            const char *nm = jl_symbol_name(name);
            if (nm[0] == '#' || b->kind == JL_BIND_SPARAM || jl_lvec_find(&seen, name) >= 0)
                continue;
            jl_lvec_push(&seen, name);
            note_use(s, b);
            jl_value_t *set = jl_lcall(jl_ltop("setindex!"), 3, d, slotref(b), jl_lquote((jl_value_t *)name));
            jl_expr_push(blk, jl_lex(jl_if_sym, 2, jl_lex(jl_isdefined_sym, 1, slotref(b)), set));
        }
        if (sc->kind == JL_SCOPE_LAMBDA)
            break;
    }
    free(seen.items);
    jl_expr_push(blk, d);
    return (jl_value_t *)blk;
}

static jl_value_t *walk_ctrl(sctx_t *s, jl_value_t *e, size_t from, int isloop)
{
    s->ctrl++;
    s->loop += isloop;
    walk_args(s, e, from);
    s->ctrl--;
    s->loop -= isloop;
    return e;
}

/* core forms come from the desugarer, but a few surface forms pass through it unchanged */
static int well_formed(jl_sym_t *h, size_t n)
{
    if (h == jl_assign_sym || h == jl_ls.decl || h == jl_ls.break_block || h == jl_ls.uwhile ||
        h == jl_ls.tryfinally || h == jl_ls.scope_block)
        return n == 2;
    if (h == jl_if_sym)
        return n == 2 || n == 3;
    if (h == jl_ls.trycatch)
        return n == 3;
    if (h == jl_method_sym)
        return n == 1 || n == 3;
    if (h == jl_ls.fself_type || h == jl_isdefined_sym || h == jl_return_sym || h == jl_const_sym)
        return n == 1;
    if (h == jl_global_sym)
        return n >= 1;
    return 1;
}

static jl_value_t *walk(sctx_t *s, jl_value_t *e)
{
    if (jl_is_symbol(e))
        return resolve_ref(s, (jl_sym_t *)e);
    if (jl_is_linenode(e)) {
        s->lnn = e;
        return e;
    }
    if (!jl_is_expr(e))
        return e;
    jl_check_stack();
    jl_sym_t *h = jl_lhead(e);
    size_t n = jl_expr_nargs(e);
    if (!well_formed(h, n))
        jl_lsyntax_error("malformed \"%s\" expression", jl_symbol_name(h));
    if (h == jl_block_sym || h == jl_call_sym || h == jl_return_sym || h == jl_new_sym || h == jl_splatnew_sym ||
        h == jl_ls.break_block || h == jl_gc_preserve_begin_sym || h == jl_cfunction_sym)
        return walk_args(s, e, h == jl_ls.break_block ? 1 : 0);
    if (h == jl_assign_sym)
        return walk_assign(s, e);
    if (h == jl_ls.scope_block)
        return walk_scope_block(s, e);
    if (h == jl_if_sym) {
        jl_exprargset(e, 0, walk(s, jl_exprarg(e, 0)));
        return walk_ctrl(s, e, 1, 0);
    }
    if (h == jl_ls.uwhile)
        return walk_ctrl(s, e, 0, 1);
    if (h == jl_ls.trycatch || h == jl_ls.tryfinally)
        return walk_ctrl(s, e, 0, 0);
    if (h == jl_method_sym)
        return walk_method(s, e);
    if (h == jl_local_sym)
        return jl_nothing;
    if (h == jl_global_sym)
        return walk_decl_global(s, e, 0);
    if (h == jl_const_sym)
        return walk_decl_global(s, e, 1);
    if (h == jl_ls.decl)
        return walk_decl(s, e);
    if (h == jl_ls.fself_type) {
        jl_value_t *x = jl_exprarg(e, 0);
        if (jl_is_symbol(x)) {
            int g;
            jl_lbinding_t *b = lookup(s, (jl_sym_t *)x, &g);
            jl_exprargset(e, 0, b ? slotref(b) : jl_module_globalref(s->ctx->module, (jl_sym_t *)x));
        }
        return e;
    }
    if (h == jl_isdefined_sym) {
        jl_value_t *x = jl_exprarg(e, 0);
        if (jl_is_symbol(x)) {
            int g;
            jl_lbinding_t *b = is_mtemp((jl_sym_t *)x) ? NULL : lookup(s, (jl_sym_t *)x, &g);
            if (b == NULL) {
                jl_exprargset(e, 0, jl_module_globalref(s->ctx->module, (jl_sym_t *)x));
            }
            else if (b->kind == JL_BIND_SPARAM) {
                if (b->owner == s->lam)
                    jl_exprargset(e, 0, jl_lex(jl_static_parameter_sym, 1, jl_box_long(b->index)));
                else
                    return jl_true;
            }
            else {
                note_use(s, b);
                jl_exprargset(e, 0, slotref(b));
            }
        }
        return e;
    }
    if (h == jl_ls.locals)
        return walk_locals(s);
    if (h == jl_foreigncall_sym) {
        for (size_t i = 0; i < n; i++) {
            jl_value_t *a = jl_exprarg(e, i);
            if ((i == 0 && jl_is_symbol(a)) || i == 3 || i == 4)
                continue;
            jl_exprargset(e, i, walk(s, a));
        }
        return e;
    }
    /* forms without variables */
    return e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Boxing */

static void decide_boxes(jl_lctx_t *ctx)
{
    /* a local function's own methods refer to it as #self#: not a capture */
    for (size_t i = 0; i < ctx->families.len; i++) {
        jl_lfamily_t *f = (jl_lfamily_t *)ctx->families.items[i];
        jl_lbinding_t *b = f->binding;
        int selfref = b->nassign_plain == 0 && !b->assigned_outside;
        f->selfref = selfref;
        for (size_t k = 0; k < f->lams.len; k++) {
            jl_llam_t *l = (jl_llam_t *)f->lams.items[k];
            int idx = jl_lvec_find(&l->captures, b);
            if (idx >= 0 && selfref) {
                l->captures.items[idx] = l->captures.items[--l->captures.len];
            }
        }
        /* captured by anything but its own methods? */
        if (selfref) {
            int other = 0;
            for (size_t j = 0; j < ctx->lams.len && !other; j++) {
                jl_llam_t *l = (jl_llam_t *)ctx->lams.items[j];
                if (l->family == f)
                    continue;
                if (jl_lvec_find(&l->captures, b) >= 0)
                    other = 1;
            }
            if (!other)
                b->captured = 0;
        }
        for (size_t k = 0; k < f->lams.len; k++) {
            jl_llam_t *l = (jl_llam_t *)f->lams.items[k];
            for (size_t c = 0; c < l->captures.len; c++)
                if (jl_lvec_find(&f->captures, l->captures.items[c]) < 0)
                    jl_lvec_push(&f->captures, l->captures.items[c]);
        }
    }
    for (size_t i = 1; i < ctx->bindings.len; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)ctx->bindings.items[i];
        if (!b->captured || b->kind == JL_BIND_SPARAM)
            continue;
        if (b->global_capture) {
            b->boxed = 1;
        }
        else if (b->kind == JL_BIND_ARG) {
            b->boxed = b->nassign > 0;
        }
        else {
            b->boxed = b->assigned_outside || b->nassign != 1 || b->assign_cond ||
                       b->min_capture_pos < b->first_assign_pos;
        }
    }
}

void jl_lresolve_scopes(jl_lctx_t *ctx)
{
    sctx_t s;
    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    jl_llam_t *thunk = (jl_llam_t *)ctx->lams.items[0];
    s.lam = thunk;
    jl_lscope_t *top = new_scope(&s, JL_SCOPE_LAMBDA);
    s.scope = top;
    thunk->scope = top;
    enter_scope(&s, top, thunk->body);
    thunk->body = walk(&s, thunk->body);
    decide_boxes(ctx);
}
