/* lowering-linear.c: the last pass of lowering: closure conversion and linearization of resolved core
 * forms (lowering.h) into jl_code_info_t statements (julia.h).
 *
 * Closure conversion: each local function (family) gets a struct type `#g#N <: Function` (created here,
 * bound as a constant in the module) with one Any-typed field per captured variable; the closure object
 * is created where the function is first defined. A captured variable that the scope pass decided to box
 * lives in a Core.Box in its owner's slot (created at scope entry) and in the closure field. Closure
 * methods are defined from the top-level thunk (before the method whose body contains them, or before
 * the top-level loop containing them). Methods of global functions capturing top-level locals find the
 * boxes through hidden globals. */
#include "lowering.h"
#include <stdlib.h>

enum { M_STMT, M_VALUE, M_TAIL };
enum { FR_TRY, FR_FIN, FR_CATCH };

typedef struct {
    int kind;
    jl_value_t *token;   /* SSAValue of the :enter */
    jl_value_t *fin;     /* finally code (FR_FIN) */
} frame_t;

typedef struct {
    jl_sym_t *name;
    int label;
    size_t nframes;
} bblock_t;

typedef struct lstate_t {
    jl_lctx_t *ctx;
    jl_llam_t *lam;
    jl_array_t *code;
    jl_lvec_t locs;           /* int32 per statement, as intptr */
    jl_array_t *linetable;
    int cur_loc;
    int last_line;
    jl_sym_t *last_file;
    jl_array_t *slotnames;
    jl_lvec_t slotflags;
    jl_lvec_t labels;         /* label id -> statement index (1-based, 0 = unplaced), as intptr */
    jl_lvec_t fixups;         /* statement indices (as intptr) holding label ids */
    jl_lvec_t frames;         /* frame_t* */
    jl_lvec_t bblocks;        /* bblock_t* */
    jl_lvec_t symlabels;      /* pairs (jl_sym_t*, label id) */
    jl_lvec_t remap;          /* pairs (binding, slot) for foreign bindings (signatures of closures) */
    int sig_mode;
    int loop_depth;
} lstate_t;

static jl_value_t **temps;     /* temp id -> atom (session) */
static size_t ntemps;

static jl_value_t *compile(lstate_t *s, jl_value_t *e, int mode);
static jl_code_info_t *linearize_lambda(jl_lctx_t *ctx, jl_llam_t *lam);
static void emit_nested_families(lstate_t *s, jl_llam_t *lam);

/* ---------------------------------------------------------------------------------------------- */
/* statements, labels, lines, slots */

static jl_value_t *emit(lstate_t *s, jl_value_t *stmt)
{
    jl_array_ptr_1d_push(s->code, stmt);
    jl_lvec_push(&s->locs, (void *)(intptr_t)s->cur_loc);
    return jl_box_ssavalue(jl_array_len(s->code));
}

static int new_label(lstate_t *s)
{
    jl_lvec_push(&s->labels, (void *)(intptr_t)0);
    return (int)s->labels.len - 1;
}

static void mark_label(lstate_t *s, int l)
{
    s->labels.items[l] = (void *)(intptr_t)(jl_array_len(s->code) + 1);
}

static void emit_goto(lstate_t *s, int l)
{
    emit(s, jl_new_gotonode(l));
    jl_lvec_push(&s->fixups, (void *)(intptr_t)jl_array_len(s->code));
}

static void emit_gotoifnot(lstate_t *s, jl_value_t *cond, int l)
{
    emit(s, jl_new_gotoifnot(cond, l));
    jl_lvec_push(&s->fixups, (void *)(intptr_t)jl_array_len(s->code));
}

static void set_line(lstate_t *s, jl_value_t *lnn)
{
    jl_linenumbernode_t *l = (jl_linenumbernode_t *)lnn;
    int line = (int)l->line;
    jl_sym_t *file = jl_is_symbol(l->file) ? (jl_sym_t *)l->file : s->ctx->file;
    if (line == s->last_line && file == s->last_file && s->cur_loc > 0)
        return;
    s->last_line = line;
    s->last_file = file;
    jl_value_t *li = jl_new_struct(jl_lineinfonode_type, (jl_value_t *)s->ctx->module, (jl_value_t *)s->lam->name,
                                   (jl_value_t *)file, jl_box_int32(line), jl_box_int32(0));
    jl_array_ptr_1d_push(s->linetable, li);
    s->cur_loc = (int)jl_array_len(s->linetable);
}

static int new_slot(lstate_t *s, jl_sym_t *name)
{
    jl_array_ptr_1d_push(s->slotnames, (jl_value_t *)name);
    jl_lvec_push(&s->slotflags, (void *)(intptr_t)0);
    return (int)jl_array_len(s->slotnames);
}

static jl_value_t *slot(int n) { return jl_box_slotnumber((size_t)n); }

static jl_lbinding_t *binding_of(lstate_t *s, jl_value_t *sn)
{
    size_t id = (size_t)((jl_slotnumber_t *)sn)->id;
    if (id == 0 || id >= s->ctx->bindings.len)
        jl_error("lowering: invalid variable reference");
    return (jl_lbinding_t *)s->ctx->bindings.items[id];
}

/* slot of a binding held by the current lambda's frame */
static int slot_of(lstate_t *s, jl_lbinding_t *b)
{
    if (b->owner != s->lam) {
        for (size_t i = 0; i < s->remap.len; i += 2)
            if (s->remap.items[i] == b)
                return (int)(intptr_t)s->remap.items[i + 1];
        int n = new_slot(s, b->name);
        jl_lvec_push(&s->remap, b);
        jl_lvec_push(&s->remap, (void *)(intptr_t)n);
        return n;
    }
    if (b->kind == JL_BIND_ARG)
        return b->index + 1;
    if (b->slot == 0)
        b->slot = new_slot(s, b->name);
    return b->slot;
}

static void mark_assigned(lstate_t *s, int n)
{
    if (n >= 1 && (size_t)n <= s->slotflags.len)
        s->slotflags.items[n - 1] = (void *)((intptr_t)s->slotflags.items[n - 1] | JL_SLOT_ASSIGNED);
}

/* ---------------------------------------------------------------------------------------------- */
/* closures */

static jl_lfamily_t *own_family(lstate_t *s) { return s->lam->family; }

static jl_sym_t *hidden_global(lstate_t *s, jl_lbinding_t *b)
{
    if (b->hidden_global == NULL)
        b->hidden_global = jl_lgensym(s->ctx, jl_symbol_name(b->name));
    return b->hidden_global;
}

/* The closure type of a family: `#g#N{T1, T2...} <: Function`, one field per captured variable, typed
 * Core.Box when boxed and by a type parameter otherwise (so that inference sees the captured types).
 * Returns the type's wrapper (a UnionAll when it has parameters). */
static jl_value_t *closure_type(lstate_t *s, jl_lfamily_t *f)
{
    if (f->type)
        return f->type->name->wrapper;
    char buf[256];
    const char *nm = jl_symbol_name(f->name);
    if (nm[0] == '#')
        snprintf(buf, sizeof(buf), "%s#%u", nm, jl_lname_counter());
    else
        snprintf(buf, sizeof(buf), "#%s#%u", nm, jl_lname_counter());
    size_t nc = f->captures.len;
    jl_svec_t *names = jl_alloc_svec(nc);
    jl_svec_t *types = jl_alloc_svec(nc);
    jl_value_t *box = jl_lpeek_global(jl_core_module, jl_ls.Box);
    size_t np = 0;
    for (size_t i = 0; i < nc; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)f->captures.items[i];
        if (!b->boxed)
            np++;
    }
    jl_svec_t *params = jl_alloc_svec(np);
    np = 0;
    for (size_t i = 0; i < nc; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)f->captures.items[i];
        jl_sym_t *fn = b->name;
        for (size_t k = 0; k < i; k++)
            if (jl_svecref(names, k) == (jl_value_t *)fn) {
                char nb[256];
                snprintf(nb, sizeof(nb), "%s#%d", jl_symbol_name(b->name), b->id);
                fn = jl_symbol(nb);
                break;
            }
        jl_svecset(names, i, fn);
        if (b->boxed) {
            jl_svecset(types, i, box != NULL && jl_is_datatype(box) ? box : (jl_value_t *)jl_any_type);
        }
        else {
            jl_tvar_t *tv = jl_new_typevar(fn, jl_bottom_type, (jl_value_t *)jl_any_type);
            jl_svecset(params, np++, tv);
            jl_svecset(types, i, tv);
        }
    }
    jl_sym_t *tname = jl_symbol(buf);
    jl_datatype_t *dt = jl_new_datatype(tname, s->ctx->module, jl_function_type, params, names, types,
                                        jl_emptysvec, 0, 0, (int)nc);
    /* its method table carries the function's own name (what `nameof` and printing show) */
    dt->name->mt = jl_new_method_table(f->name, s->ctx->module);
    jl_set_const(s->ctx->module, tname, dt->name->wrapper);
    f->type = dt;
    return dt->name->wrapper;
}

/* the contents of binding b as seen from the current lambda: a box when boxed, else the value */
static jl_value_t *raw_var(lstate_t *s, jl_lbinding_t *b)
{
    if (b->owner == s->lam || s->sig_mode) {
        if (b->kind == JL_BIND_SPARAM) {
            if (b->owner != s->lam)
                return (jl_value_t *)jl_any_type;
            return emit(s, jl_lex(jl_static_parameter_sym, 1, jl_box_long(b->index)));
        }
        if (s->sig_mode && b->owner != s->lam && b->kind == JL_BIND_ARG)
            return (jl_value_t *)jl_any_type;
        return slot(slot_of(s, b));
    }
    jl_lfamily_t *f = own_family(s);
    if (f != NULL) {
        if (b == f->binding && f->selfref)
            return slot(1);
        int i = jl_lvec_find(&f->captures, b);
        if (i >= 0)
            return emit(s, jl_lcall(jl_lcore("getfield"), 2, slot(1), jl_box_long(i + 1)));
    }
    if (b->global_capture && b->hidden_global)
        return emit(s, jl_module_globalref(s->ctx->module, b->hidden_global));
    if (b->global_capture)
        return emit(s, jl_module_globalref(s->ctx->module, hidden_global(s, b)));
    jl_errorf("lowering: variable %s is not accessible here", jl_symbol_name(b->name));
}

static jl_value_t *read_var(lstate_t *s, jl_lbinding_t *b)
{
    jl_value_t *r = raw_var(s, b);
    if (!b->boxed || (s->sig_mode && b->owner != s->lam))
        return r;
    if (b->kind != JL_BIND_ARG) {
        jl_value_t *d = emit(s, jl_lcall(jl_lcore("isdefined"), 2, r, jl_lquote((jl_value_t *)jl_ls.contents)));
        emit(s, jl_lex(jl_throw_undef_if_not_sym, 2, b->name, d));
    }
    return emit(s, jl_lcall(jl_lcore("getfield"), 2, r, jl_lquote((jl_value_t *)jl_ls.contents)));
}

/* a form whose value does not depend on the local frame */
static int is_closed_form(jl_value_t *e)
{
    if (jl_is_slotnumber(e) || jl_is_ssavalue(e))
        return 0;
    if (!jl_is_expr(e))
        return 1;
    if (jl_lhead(e) == jl_static_parameter_sym)
        return 0;
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        if (!is_closed_form(jl_exprarg(e, i)))
            return 0;
    return 1;
}

static jl_value_t *convert_decl(lstate_t *s, jl_lbinding_t *b, jl_value_t *v)
{
    if (b->decltype == NULL || (b->owner != s->lam && !is_closed_form(b->decltype)))
        return v;
    jl_value_t *T = compile(s, b->decltype, M_VALUE);
    jl_value_t *c = emit(s, jl_lcall(jl_ltop("convert"), 2, T, v));
    return emit(s, jl_lcall(jl_lcore("typeassert"), 2, c, T));
}

static void write_var(lstate_t *s, jl_lbinding_t *b, jl_value_t *v)
{
    if (b->boxed && !(s->sig_mode && b->owner != s->lam)) {
        jl_value_t *box = raw_var(s, b);
        emit(s, jl_lcall(jl_lcore("setfield!"), 3, box, jl_lquote((jl_value_t *)jl_ls.contents), v));
        return;
    }
    if (b->owner != s->lam && !s->sig_mode)
        jl_errorf("lowering: cannot assign captured variable %s", jl_symbol_name(b->name));
    int n = slot_of(s, b);
    mark_assigned(s, n);
    emit(s, jl_lex(jl_assign_sym, 2, slot(n), v));
}

/* the closure object of family f, created on first use in the current lambda */
static jl_value_t *create_closure(lstate_t *s, jl_lfamily_t *f)
{
    jl_value_t *T = closure_type(s, f);
    size_t nc = f->captures.len;
    jl_expr_t *nw = (jl_expr_t *)jl_exprn(jl_new_sym, nc + 1);
    jl_expr_t *ap = (jl_expr_t *)jl_exprn(jl_call_sym, 0);
    jl_expr_push(ap, jl_lcore("apply_type"));
    jl_expr_push(ap, T);
    for (size_t i = 0; i < nc; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)f->captures.items[i];
        jl_value_t *v = raw_var(s, b);
        if (jl_is_slotnumber(v))
            v = emit(s, v);
        jl_exprargset(nw, i + 1, v);
        if (!b->boxed)
            jl_expr_push(ap, emit(s, jl_lcall(jl_lcore("typeof"), 1, v)));
    }
    jl_exprargset(nw, 0, jl_expr_nargs(ap) > 2 ? emit(s, (jl_value_t *)ap) : T);
    return emit(s, (jl_value_t *)nw);
}

/* a fresh temporary standing for an already compiled atom (to embed it in a core form) */
static jl_value_t *bind_temp(lstate_t *s, jl_value_t *atom)
{
    jl_value_t *t = jl_lnew_temp(s->ctx);
    size_t id = (size_t)(((jl_ssavalue_t *)t)->id - JL_LTEMP_BASE);
    if (id >= ntemps) {
        size_t nn = id * 2 + 16;
        temps = (jl_value_t **)realloc(temps, nn * sizeof(jl_value_t *));
        memset(temps + ntemps, 0, (nn - ntemps) * sizeof(jl_value_t *));
        ntemps = nn;
    }
    temps[id] = atom;
    return t;
}

/* the type of the function a method is added to */
static jl_value_t *fself_type(lstate_t *s, jl_value_t *x)
{
    if (jl_is_slotnumber(x)) {
        jl_lbinding_t *b = binding_of(s, x);
        if (b->family)
            return closure_type(s, b->family);
        return emit(s, jl_lcall(jl_lcore("typeof"), 1, read_var(s, b)));
    }
    if (jl_is_globalref(x)) {
        jl_globalref_t *g = (jl_globalref_t *)x;
        if (jl_lpeek_global(jl_core_module, jl_ls.Typeof) != NULL)
            return emit(s, jl_lcall(jl_lcore("Typeof"), 1, emit(s, x)));
        jl_value_t *cur = jl_lpeek_global(g->mod, g->name);
        jl_value_t *fv = bind_temp(s, emit(s, x));
        if (cur != NULL && jl_is_type(cur))
            return compile(s, jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("Type"), fv), M_VALUE);
        if (cur != NULL)
            return compile(s, jl_lcall(jl_lcore("typeof"), 1, fv), M_VALUE);
        /* not known yet (defined by this same thunk): decide when it runs */
        jl_value_t *istype = jl_lcall(jl_lcore("isa"), 2, fv, jl_lcore("Type"));
        jl_value_t *e = jl_lex(jl_if_sym, 3, istype, jl_lcall(jl_lcore("apply_type"), 2, jl_lcore("Type"), fv),
                               jl_lcall(jl_lcore("typeof"), 1, fv));
        return compile(s, e, M_VALUE);
    }
    jl_lsyntax_error("invalid function name");
}

static void emit_method(lstate_t *s, jl_llam_t *lam, jl_value_t *name)
{
    int last_sig = s->sig_mode;
    s->sig_mode = s->lam != lam->parent;
    jl_value_t *sig = compile(s, lam->sig, M_VALUE);
    s->sig_mode = last_sig;
    jl_code_info_t *ci = linearize_lambda(s->ctx, lam);
    emit(s, jl_lex(jl_method_sym, 3, name, sig, (jl_value_t *)ci));
}

static void emit_family_methods(lstate_t *s, jl_lfamily_t *f)
{
    if (f->defined)
        return;
    f->defined = 1;
    closure_type(s, f);
    for (size_t i = 0; i < f->lams.len; i++) {
        jl_llam_t *l = (jl_llam_t *)f->lams.items[i];
        emit_nested_families(s, l);
        emit_method(s, l, jl_nothing);
    }
}

/* closure methods of the local functions defined inside lam (defined from the thunk) */
static void emit_nested_families(lstate_t *s, jl_llam_t *lam)
{
    for (size_t i = 0; i < s->ctx->families.len; i++) {
        jl_lfamily_t *f = (jl_lfamily_t *)s->ctx->families.items[i];
        if (f->binding->owner == lam && !f->defined)
            emit_family_methods(s, f);
    }
}

/* families defined anywhere inside form e (at thunk level: hoisted before loops) */
static void hoist_families(lstate_t *s, jl_value_t *e)
{
    if (!jl_is_expr(e))
        return;
    jl_sym_t *h = jl_lhead(e);
    if (h == jl_method_sym && jl_expr_nargs(e) >= 1 && jl_is_slotnumber(jl_exprarg(e, 0))) {
        jl_lbinding_t *b = binding_of(s, jl_exprarg(e, 0));
        if (b->family && b->owner == s->lam)
            emit_family_methods(s, b->family);
    }
    if (h == jl_toplevel_sym || h == jl_module_sym || h == jl_quote_sym)
        return;
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        hoist_families(s, jl_exprarg(e, i));
}

/* `name` denotes a type in m (without resolving new `using` bindings) */
static int visible_type(jl_module_t *m, jl_sym_t *name)
{
    jl_value_t *v = jl_lpeek_global(m, name);
    if (v == NULL && m->usings != NULL) {
        for (size_t i = 0; i < jl_array_len(m->usings) && v == NULL; i++) {
            jl_module_t *u = (jl_module_t *)jl_array_ptr_ref(m->usings, i);
            if (jl_is_module(u) && jl_module_exports_p(u, name))
                v = jl_lpeek_global(u, name);
        }
    }
    return v != NULL && jl_is_type(v);
}

static jl_value_t *compile_method(lstate_t *s, jl_value_t *e, int mode)
{
    size_t n = jl_expr_nargs(e);
    jl_value_t *name = jl_exprarg(e, 0);
    if (jl_is_slotnumber(name)) {
        jl_lbinding_t *b = binding_of(s, name);
        jl_lfamily_t *f = b->family;
        if (f == NULL)
            jl_error("lowering: local method without a family");
        if (s->lam->is_thunk)
            emit_family_methods(s, f);
        if (f->create_form == NULL)
            f->create_form = e;
        if (f->create_form == e) {
            jl_value_t *obj = create_closure(s, f);
            write_var(s, b, obj);
        }
        (void)n;
        return mode == M_STMT ? NULL : read_var(s, b);
    }
    if (n == 1) {
        /* adding a constructor to a type visible here (possibly through `using`): nothing to declare */
        if (jl_is_globalref(name) && visible_type(((jl_globalref_t *)name)->mod, ((jl_globalref_t *)name)->name))
            return mode == M_STMT ? NULL : emit(s, name);
        return emit(s, e);
    }
    jl_llam_t *lam = (jl_llam_t *)s->ctx->lams.items[jl_unbox_long(jl_exprarg(jl_exprarg(e, 2), 0))];
    if (!s->lam->is_thunk)
        jl_lsyntax_error("Global method definition%s needs to be placed at the top level, or use \"eval\".", "");
    /* publish the boxes of captured top-level locals */
    for (size_t i = 0; i < lam->captures.len; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)lam->captures.items[i];
        if (b->owner == s->lam) {
            jl_sym_t *hg = hidden_global(s, b);
            emit(s, jl_lex(jl_assign_sym, 2, jl_module_globalref(s->ctx->module, hg), raw_var(s, b)));
        }
    }
    emit_nested_families(s, lam);
    emit_method(s, lam, jl_is_globalref(name) ? name : jl_nothing);
    return mode == M_STMT ? NULL : jl_nothing;
}

/* ---------------------------------------------------------------------------------------------- */
/* control flow */

static void push_frame(lstate_t *s, int kind, jl_value_t *token, jl_value_t *fin)
{
    frame_t *f = (frame_t *)jl_lalloc(s->ctx, sizeof(frame_t));
    f->kind = kind;
    f->token = token;
    f->fin = fin;
    jl_lvec_push(&s->frames, f);
}

/* leave the handler frames above depth `to` (running finally code) */
static void unwind_to(lstate_t *s, size_t to)
{
    size_t saved = s->frames.len;
    while (s->frames.len > to) {
        frame_t *f = (frame_t *)s->frames.items[s->frames.len - 1];
        s->frames.len--;
        if (f->kind == FR_CATCH) {
            emit(s, jl_lex(jl_pop_exception_sym, 1, f->token));
        }
        else {
            emit(s, jl_lex(jl_leave_sym, 1, jl_box_long(1)));
            if (f->kind == FR_FIN)
                compile(s, f->fin, M_STMT);
        }
    }
    s->frames.len = saved;
}

static jl_value_t *freeze(lstate_t *s, jl_value_t *v)
{
    if (v != NULL && (jl_is_slotnumber(v) || jl_is_globalref(v)))
        return emit(s, v);
    return v;
}

static void emit_return(lstate_t *s, jl_value_t *v)
{
    if (v == NULL)
        v = jl_nothing;
    if (s->lam->rettype != NULL) {
        jl_value_t *T = compile(s, s->lam->rettype, M_VALUE);
        jl_value_t *c = emit(s, jl_lcall(jl_ltop("convert"), 2, T, v));
        v = emit(s, jl_lcall(jl_lcore("typeassert"), 2, c, T));
    }
    if (s->frames.len > 0) {
        v = freeze(s, v);
        unwind_to(s, 0);
    }
    emit(s, jl_new_returnnode(v));
}

/* the result of a form in `mode`: VALUE returns the atom, TAIL returns it from the lambda */
static jl_value_t *result(lstate_t *s, jl_value_t *v, int mode)
{
    if (mode == M_TAIL) {
        emit_return(s, v);
        return NULL;
    }
    return mode == M_VALUE ? (v ? v : jl_nothing) : NULL;
}

static jl_value_t *compile_if(lstate_t *s, jl_value_t *e, int mode)
{
    size_t n = jl_expr_nargs(e);
    jl_value_t *c = compile(s, jl_exprarg(e, 0), M_VALUE);
    int lelse = new_label(s), lend = new_label(s);
    int tmp = mode == M_VALUE ? new_slot(s, jl_ls.temp_var) : 0;
    emit_gotoifnot(s, c, lelse);
    jl_value_t *a = compile(s, jl_exprarg(e, 1), mode);
    if (mode == M_VALUE) {
        mark_assigned(s, tmp);
        emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), a));
    }
    if (mode != M_TAIL)
        emit_goto(s, lend);
    mark_label(s, lelse);
    jl_value_t *b = compile(s, n > 2 ? jl_exprarg(e, 2) : jl_nothing, mode);
    if (mode == M_VALUE)
        emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), b));
    mark_label(s, lend);
    return mode == M_VALUE ? slot(tmp) : NULL;
}

static jl_value_t *compile_while(lstate_t *s, jl_value_t *e, int mode)
{
    if (s->lam->is_thunk && s->loop_depth == 0)
        hoist_families(s, e);
    int ltop = new_label(s), lend = new_label(s);
    mark_label(s, ltop);
    s->loop_depth++;
    jl_value_t *c = compile(s, jl_exprarg(e, 0), M_VALUE);
    emit_gotoifnot(s, c, lend);
    compile(s, jl_exprarg(e, 1), M_STMT);
    s->loop_depth--;
    emit_goto(s, ltop);
    mark_label(s, lend);
    return result(s, jl_nothing, mode);
}

static jl_value_t *compile_break_block(lstate_t *s, jl_value_t *e, int mode)
{
    bblock_t *bb = (bblock_t *)jl_lalloc(s->ctx, sizeof(bblock_t));
    bb->name = (jl_sym_t *)jl_exprarg(e, 0);
    bb->label = new_label(s);
    bb->nframes = s->frames.len;
    jl_lvec_push(&s->bblocks, bb);
    compile(s, jl_exprarg(e, 1), M_STMT);
    s->bblocks.len--;
    mark_label(s, bb->label);
    return result(s, jl_nothing, mode);
}

static jl_value_t *compile_break(lstate_t *s, jl_value_t *e)
{
    jl_sym_t *name = (jl_sym_t *)jl_exprarg(e, 0);
    for (size_t i = s->bblocks.len; i-- > 0;) {
        bblock_t *bb = (bblock_t *)s->bblocks.items[i];
        if (bb->name == name) {
            unwind_to(s, bb->nframes);
            emit_goto(s, bb->label);
            return NULL;
        }
    }
    jl_lsyntax_error("break or continue outside loop");
}

static jl_value_t *compile_trycatch(lstate_t *s, jl_value_t *e, int mode)
{
    int lcatch = new_label(s), lend = new_label(s);
    int tmp = mode != M_STMT ? new_slot(s, jl_ls.temp_var) : 0;
    jl_value_t *tok = emit(s, jl_lex(jl_enter_sym, 1, jl_box_long(lcatch)));
    jl_lvec_push(&s->fixups, (void *)(intptr_t)jl_array_len(s->code));
    push_frame(s, FR_TRY, tok, NULL);
    jl_value_t *v = compile(s, jl_exprarg(e, 0), mode == M_STMT ? M_STMT : M_VALUE);
    if (tmp) {
        mark_assigned(s, tmp);
        emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), v));
    }
    s->frames.len--;
    emit(s, jl_lex(jl_leave_sym, 1, jl_box_long(1)));
    jl_value_t *elseb = jl_exprarg(e, 2);
    if (elseb != jl_nothing) {
        jl_value_t *ev = compile(s, elseb, mode == M_STMT ? M_STMT : M_VALUE);
        if (tmp)
            emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), ev));
    }
    emit_goto(s, lend);
    mark_label(s, lcatch);
    push_frame(s, FR_CATCH, tok, NULL);
    jl_value_t *cv = compile(s, jl_exprarg(e, 1), mode == M_STMT ? M_STMT : M_VALUE);
    if (tmp)
        emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), cv));
    s->frames.len--;
    emit(s, jl_lex(jl_pop_exception_sym, 1, tok));
    mark_label(s, lend);
    return result(s, tmp ? slot(tmp) : jl_nothing, mode);
}

static jl_value_t *compile_tryfinally(lstate_t *s, jl_value_t *e, int mode)
{
    int lcatch = new_label(s), lend = new_label(s);
    int tmp = mode != M_STMT ? new_slot(s, jl_ls.temp_var) : 0;
    jl_value_t *fin = jl_exprarg(e, 1);
    jl_value_t *tok = emit(s, jl_lex(jl_enter_sym, 1, jl_box_long(lcatch)));
    jl_lvec_push(&s->fixups, (void *)(intptr_t)jl_array_len(s->code));
    push_frame(s, FR_FIN, tok, fin);
    jl_value_t *v = compile(s, jl_exprarg(e, 0), mode == M_STMT ? M_STMT : M_VALUE);
    if (tmp) {
        mark_assigned(s, tmp);
        emit(s, jl_lex(jl_assign_sym, 2, slot(tmp), v));
    }
    s->frames.len--;
    emit(s, jl_lex(jl_leave_sym, 1, jl_box_long(1)));
    compile(s, fin, M_STMT);
    emit_goto(s, lend);
    mark_label(s, lcatch);
    push_frame(s, FR_CATCH, tok, NULL);
    compile(s, fin, M_STMT);
    s->frames.len--;
    emit(s, jl_lcall(jl_ltop("rethrow"), 0));
    emit(s, jl_new_returnnode(NULL));
    mark_label(s, lend);
    return result(s, tmp ? slot(tmp) : jl_nothing, mode);
}

static int symlabel(lstate_t *s, jl_sym_t *name)
{
    for (size_t i = 0; i < s->symlabels.len; i += 2)
        if (s->symlabels.items[i] == name)
            return (int)(intptr_t)s->symlabels.items[i + 1];
    int l = new_label(s);
    jl_lvec_push(&s->symlabels, name);
    jl_lvec_push(&s->symlabels, (void *)(intptr_t)l);
    return l;
}

/* ---------------------------------------------------------------------------------------------- */
/* expressions */

static int is_effect_free_atom(jl_value_t *e)
{
    return !jl_is_expr(e) || jl_lhead(e) == jl_static_parameter_sym;
}

static int is_const_global(jl_value_t *g)
{
    jl_binding_t *b = jl_get_module_binding(((jl_globalref_t *)g)->mod, ((jl_globalref_t *)g)->name, 0);
    while (b != NULL && b->alias != NULL)
        b = b->alias;
    return b != NULL && b->constp && b->value != NULL;
}

/* compile call-like arguments from index `from`, left to right, into atoms */
static jl_expr_t *compile_args(lstate_t *s, jl_value_t *e, size_t from)
{
    size_t n = jl_expr_nargs(e);
    jl_expr_t *r = (jl_expr_t *)jl_exprn(jl_lhead(e), n);
    for (size_t i = 0; i < from; i++)
        jl_exprargset(r, i, jl_exprarg(e, i));
    for (size_t i = from; i < n; i++) {
        jl_value_t *a = compile(s, jl_exprarg(e, i), M_VALUE);
        if (a != NULL && (jl_is_slotnumber(a) || (jl_is_globalref(a) && i > 0 && !is_const_global(a)))) {
            for (size_t j = i + 1; j < n; j++)
                if (!is_effect_free_atom(jl_exprarg(e, j))) {
                    a = emit(s, a);
                    break;
                }
        }
        jl_exprargset(r, i, a);
    }
    return r;
}

static jl_value_t *compile_assign(lstate_t *s, jl_value_t *e, int mode)
{
    jl_value_t *lhs = jl_exprarg(e, 0);
    jl_value_t *v = compile(s, jl_exprarg(e, 1), M_VALUE);
    if (jl_is_ssavalue(lhs)) {
        size_t id = (size_t)(((jl_ssavalue_t *)lhs)->id - JL_LTEMP_BASE);
        if (jl_is_slotnumber(v) || jl_is_globalref(v))
            v = emit(s, v);
        if (id < ntemps)
            temps[id] = v;
        return result(s, v, mode);
    }
    if (jl_is_slotnumber(lhs)) {
        jl_lbinding_t *b = binding_of(s, lhs);
        if (mode != M_STMT && jl_is_slotnumber(v))
            v = emit(s, v);
        jl_value_t *cv = convert_decl(s, b, v);
        write_var(s, b, cv);
        return result(s, v, mode);
    }
    if (jl_is_globalref(lhs)) {
        if (mode != M_STMT && jl_is_slotnumber(v))
            v = emit(s, v);
        emit(s, jl_lex(jl_assign_sym, 2, lhs, v));
        return result(s, v, mode);
    }
    jl_lsyntax_error("invalid assignment location");
}

static jl_value_t *compile_isdefined(lstate_t *s, jl_value_t *e, int mode)
{
    jl_value_t *x = jl_exprarg(e, 0);
    jl_value_t *r;
    if (jl_is_slotnumber(x)) {
        jl_lbinding_t *b = binding_of(s, x);
        if (b->boxed) {
            jl_value_t *box = raw_var(s, b);
            r = emit(s, jl_lcall(jl_lcore("isdefined"), 2, box, jl_lquote((jl_value_t *)jl_ls.contents)));
        }
        else if (b->owner != s->lam || b->kind != JL_BIND_LOCAL) {
            r = jl_true;
        }
        else {
            r = emit(s, jl_lex(jl_isdefined_sym, 1, slot(slot_of(s, b))));
        }
    }
    else {
        r = emit(s, jl_copy_ast(e));
    }
    return result(s, r, mode);
}

/* nested forms kept as expressions (types of a foreigncall): binding references become slots */
static jl_value_t *static_form(lstate_t *s, jl_value_t *e)
{
    if (jl_is_slotnumber(e))
        return compile(s, e, M_VALUE);
    if (jl_is_ssavalue(e))
        return compile(s, e, M_VALUE);
    if (!jl_is_expr(e))
        return e;
    jl_expr_t *r = (jl_expr_t *)jl_exprn(jl_lhead(e), jl_expr_nargs(e));
    for (size_t i = 0; i < jl_expr_nargs(e); i++)
        jl_exprargset(r, i, static_form(s, jl_exprarg(e, i)));
    return (jl_value_t *)r;
}

static jl_value_t *compile_foreigncall(lstate_t *s, jl_value_t *e, int mode)
{
    size_t n = jl_expr_nargs(e);
    if (n < 5)
        jl_lsyntax_error("invalid foreigncall");
    jl_expr_t *r = (jl_expr_t *)jl_exprn(jl_foreigncall_sym, n);
    jl_value_t *f = jl_exprarg(e, 0);
    jl_exprargset(r, 0, jl_is_symbol(f) ? f : static_form(s, f));
    jl_exprargset(r, 1, static_form(s, jl_exprarg(e, 1)));
    jl_exprargset(r, 2, static_form(s, jl_exprarg(e, 2)));
    jl_exprargset(r, 3, jl_exprarg(e, 3));
    jl_exprargset(r, 4, jl_exprarg(e, 4));
    for (size_t i = 5; i < n; i++)
        jl_exprargset(r, i, compile(s, jl_exprarg(e, i), M_VALUE));
    return result(s, emit(s, (jl_value_t *)r), mode);
}

static jl_value_t *compile_scope_block(lstate_t *s, jl_value_t *e, int mode)
{
    jl_lscope_t *sc = (jl_lscope_t *)s->ctx->scopes.items[jl_unbox_long(jl_exprarg(e, 1))];
    for (size_t i = 0; i < sc->binds.len; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)sc->binds.items[i];
        if (b->kind != JL_BIND_LOCAL)
            continue;
        if (b->boxed && b->owner == s->lam) {
            int n = slot_of(s, b);
            mark_assigned(s, n);
            jl_value_t *box = emit(s, jl_lex(jl_new_sym, 1, jl_lcore("Box")));
            emit(s, jl_lex(jl_assign_sym, 2, slot(n), box));
        }
        else if (sc->in_loop && b->owner == s->lam && !s->sig_mode) {
            emit(s, jl_new_newvarnode(slot(slot_of(s, b))));
        }
    }
    return compile(s, jl_exprarg(e, 0), mode);
}

static jl_value_t *compile_block(lstate_t *s, jl_value_t *e, int mode)
{
    size_t n = jl_expr_nargs(e);
    size_t last = n;
    while (last > 0 && jl_is_linenode(jl_exprarg(e, last - 1)))
        last--;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *a = jl_exprarg(e, i);
        if (jl_is_linenode(a)) {
            set_line(s, a);
            continue;
        }
        if (i + 1 == last)
            return compile(s, a, mode);
        compile(s, a, M_STMT);
    }
    return result(s, jl_nothing, mode);
}

static int is_core_tuple(jl_value_t *f)
{
    return jl_is_globalref(f) && ((jl_globalref_t *)f)->mod == jl_core_module &&
           ((jl_globalref_t *)f)->name == jl_tuple_sym;
}

static jl_value_t *compile_expr(lstate_t *s, jl_value_t *e, int mode)
{
    jl_sym_t *h = jl_lhead(e);
    size_t n = jl_expr_nargs(e);
    if (h == jl_block_sym)
        return compile_block(s, e, mode);
    if (h == jl_call_sym) {
        if (n == 0)
            jl_lsyntax_error("empty call");
        jl_expr_t *c = compile_args(s, e, 0);
        if (mode == M_STMT && is_core_tuple(jl_exprarg(c, 0)))
            return NULL;
        return result(s, emit(s, (jl_value_t *)c), mode);
    }
    if (h == jl_assign_sym)
        return compile_assign(s, e, mode);
    if (h == jl_if_sym)
        return compile_if(s, e, mode);
    if (h == jl_ls.uwhile)
        return compile_while(s, e, mode);
    if (h == jl_ls.break_block)
        return compile_break_block(s, e, mode);
    if (h == jl_break_sym)
        return compile_break(s, e);
    if (h == jl_return_sym) {
        jl_value_t *v = compile(s, jl_exprarg(e, 0), M_VALUE);
        emit_return(s, v);
        return mode == M_VALUE ? jl_nothing : NULL;
    }
    if (h == jl_ls.scope_block)
        return compile_scope_block(s, e, mode);
    if (h == jl_ls.trycatch)
        return compile_trycatch(s, e, mode);
    if (h == jl_ls.tryfinally)
        return compile_tryfinally(s, e, mode);
    if (h == jl_method_sym)
        return result(s, compile_method(s, e, mode == M_STMT ? M_STMT : M_VALUE), mode);
    if (h == jl_ls.fself_type)
        return result(s, fself_type(s, jl_exprarg(e, 0)), mode);
    if (h == jl_new_sym || h == jl_splatnew_sym || h == jl_cfunction_sym || h == jl_gc_preserve_begin_sym)
        return result(s, emit(s, (jl_value_t *)compile_args(s, e, 0)), mode);
    if (h == jl_foreigncall_sym)
        return compile_foreigncall(s, e, mode);
    if (h == jl_isdefined_sym)
        return compile_isdefined(s, e, mode);
    if (h == jl_static_parameter_sym || h == jl_the_exception_sym || h == jl_boundscheck_sym ||
        h == jl_copyast_sym)
        return result(s, emit(s, e), mode);
    if (h == jl_global_sym || h == jl_const_sym) {
        if (!s->lam->is_thunk && h == jl_const_sym)
            jl_lsyntax_error("unsupported `const` declaration on local variable");
        emit(s, e);
        return result(s, jl_nothing, mode);
    }
    if (h == jl_ls.typed_global) {
        jl_globalref_t *g = (jl_globalref_t *)jl_exprarg(e, 0);
        jl_value_t *T = compile(s, jl_exprarg(e, 1), M_VALUE);
        emit(s, jl_lcall(jl_lcore("set_binding_type!"), 3, (jl_value_t *)g->mod, jl_lquote((jl_value_t *)g->name), T));
        return result(s, jl_nothing, mode);
    }
    if (h == jl_toplevel_sym || h == jl_module_sym || h == jl_using_sym || h == jl_import_sym ||
        h == jl_export_sym || h == jl_ls.public_) {
        if (!s->lam->is_thunk)
            jl_lsyntax_error("\"%s\" expression not at top level", jl_symbol_name(h));
        return result(s, emit(s, e), mode);
    }
    if (h == jl_meta_sym || h == jl_inbounds_sym || h == jl_loopinfo_sym || h == jl_gc_preserve_end_sym ||
        h == jl_aliasscope_sym || h == jl_popaliasscope_sym || h == jl_inline_sym || h == jl_noinline_sym) {
        emit(s, e);
        return result(s, jl_nothing, mode);
    }
    if (h == jl_ls.symboliclabel) {
        mark_label(s, symlabel(s, (jl_sym_t *)jl_exprarg(e, 0)));
        return result(s, jl_nothing, mode);
    }
    if (h == jl_ls.symbolicgoto) {
        emit_goto(s, symlabel(s, (jl_sym_t *)jl_exprarg(e, 0)));
        return result(s, jl_nothing, mode);
    }
    if (h == jl_line_sym)
        return result(s, jl_nothing, mode);
    if (h == jl_thunk_sym)
        return result(s, emit(s, e), mode);
    jl_lsyntax_error("invalid syntax (%s)", jl_symbol_name(h));
}

static jl_value_t *compile(lstate_t *s, jl_value_t *e, int mode)
{
    if (jl_is_expr(e)) {
        jl_check_stack();
        return compile_expr(s, e, mode);
    }
    if (jl_is_slotnumber(e)) {
        jl_lbinding_t *b = binding_of(s, e);
        jl_value_t *v = read_var(s, b);
        if (mode == M_STMT && jl_is_slotnumber(v))
            emit(s, v);
        return result(s, v, mode);
    }
    if (jl_is_ssavalue(e)) {
        size_t id = (size_t)(((jl_ssavalue_t *)e)->id - JL_LTEMP_BASE);
        if (id >= ntemps || temps[id] == NULL)
            jl_error("lowering: temporary used before its definition");
        return result(s, temps[id], mode);
    }
    if (jl_is_globalref(e)) {
        if (mode == M_STMT) {
            emit(s, e);
            return NULL;
        }
        return result(s, e, mode);
    }
    if (jl_is_linenode(e)) /* (line numbers in blocks are handled by compile_block) */
        return result(s, jl_lquote(e), mode);
    if (jl_is_symbol(e))
        return result(s, jl_lquote(e), mode); /* should not happen after scope resolution */
    return result(s, e, mode);
}

/* ---------------------------------------------------------------------------------------------- */
/* lambdas */

static void patch_labels(lstate_t *s)
{
    for (size_t i = 0; i < s->fixups.len; i++) {
        size_t idx = (size_t)(intptr_t)s->fixups.items[i];
        jl_value_t *st = jl_array_ptr_ref(s->code, idx - 1);
        intptr_t *lp;
        if (jl_is_gotonode(st))
            lp = &((jl_gotonode_t *)st)->label;
        else if (jl_is_gotoifnot(st))
            lp = &((jl_gotoifnot_t *)st)->dest;
        else {
            jl_value_t *l = jl_exprarg(st, 0);
            intptr_t pos = (intptr_t)s->labels.items[jl_unbox_long(l)];
            jl_exprargset(st, 0, jl_box_long(pos));
            continue;
        }
        intptr_t pos = (intptr_t)s->labels.items[*lp];
        if (pos == 0)
            jl_lsyntax_error("label referenced but not defined");
        *lp = pos;
    }
}

static jl_code_info_t *linearize_lambda(jl_lctx_t *ctx, jl_llam_t *lam)
{
    lstate_t st;
    lstate_t *s = &st;
    memset(s, 0, sizeof(st));
    s->ctx = ctx;
    s->lam = lam;
    s->code = jl_alloc_vec_any(0);
    s->linetable = jl_alloc_vec_any(0);
    s->slotnames = jl_alloc_array_1d((jl_value_t *)jl_array_symbol_type, 0);
    size_t na = jl_array_len(lam->argnames);
    for (size_t i = 0; i < na; i++)
        new_slot(s, (jl_sym_t *)jl_array_ptr_ref(lam->argnames, i));
    jl_value_t *lnn = lam->lnn ? lam->lnn : jl_new_linenode(ctx->line, (jl_value_t *)ctx->file);
    set_line(s, lnn);
    /* boxed arguments and top-scope locals */
    for (size_t i = 0; i < lam->args.len; i++) {
        jl_lbinding_t *b = (jl_lbinding_t *)lam->args.items[i];
        if (b->boxed) {
            jl_value_t *box = emit(s, jl_lex(jl_new_sym, 2, jl_lcore("Box"), slot(b->index + 1)));
            mark_assigned(s, b->index + 1);
            emit(s, jl_lex(jl_assign_sym, 2, slot(b->index + 1), box));
        }
    }
    if (lam->scope) {
        jl_value_t *e = jl_lex(jl_ls.scope_block, 2, lam->body, jl_box_long(lam->scope->id));
        compile(s, e, M_TAIL);
    }
    else {
        compile(s, lam->body, M_TAIL);
    }
    /* a label at the very end needs a statement */
    size_t nst = jl_array_len(s->code);
    for (size_t i = 0; i < s->labels.len; i++)
        if ((size_t)(intptr_t)s->labels.items[i] == nst + 1) {
            emit(s, jl_new_returnnode(jl_nothing));
            break;
        }
    patch_labels(s);
    jl_code_info_t *ci = jl_new_code_info_uninit();
    nst = jl_array_len(s->code);
    ci->code = s->code;
    ci->codelocs = jl_alloc_array_1d((jl_value_t *)jl_array_int32_type, nst);
    for (size_t i = 0; i < nst; i++)
        ((int32_t *)jl_array_data(ci->codelocs))[i] = (int32_t)(intptr_t)s->locs.items[i];
    ci->ssaflags = jl_alloc_array_1d((jl_value_t *)jl_array_uint8_type, nst);
    memset(jl_array_data(ci->ssaflags), 0, nst);
    ci->ssavaluetypes = jl_box_long((int64_t)nst);
    ci->linetable = (jl_value_t *)s->linetable;
    ci->slotnames = s->slotnames;
    size_t ns = jl_array_len(s->slotnames);
    ci->slotflags = jl_alloc_array_1d((jl_value_t *)jl_array_uint8_type, ns);
    for (size_t i = 0; i < ns; i++)
        ((uint8_t *)jl_array_data(ci->slotflags))[i] = (uint8_t)(intptr_t)s->slotflags.items[i];
    ci->nargs = lam->is_thunk ? 0 : (int32_t)na;
    ci->isva = (uint8_t)lam->isva;
    free(s->locs.items);
    free(s->slotflags.items);
    free(s->labels.items);
    free(s->fixups.items);
    free(s->frames.items);
    free(s->bblocks.items);
    free(s->symlabels.items);
    free(s->remap.items);
    lam->ci = ci;
    return ci;
}

jl_code_info_t *jl_llinearize(jl_lctx_t *ctx)
{
    ntemps = (size_t)ctx->next_temp + 1;
    temps = (jl_value_t **)calloc(ntemps, sizeof(jl_value_t *));
    jl_code_info_t *volatile ci = NULL;
    JL_TRY {
        ci = linearize_lambda(ctx, (jl_llam_t *)ctx->lams.items[0]);
    }
    JL_CATCH {
        free(temps);
        temps = NULL;
        jl_rethrow();
    }
    free(temps);
    temps = NULL;
    return ci;
}
