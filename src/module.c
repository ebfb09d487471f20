/* module.c: modules and their global bindings.
 *
 * A module maps symbols to bindings through an open-addressed hash table (jl_bindtable_t, C memory; the GC
 * reaches the bindings through jl_module_foreach_binding). A binding in module m is one of:
 *   - owned:       b->owner == m, b->alias == NULL (a global of m; value NULL = not yet assigned)
 *   - alias:       b->alias != NULL: resolved to another module's binding, either explicitly (`import M: x`,
 *                  `using M: x`; b->imported says whether it may be extended with methods) or implicitly by
 *                  looking the name up in the modules m `using`s. b->owner is the target's owner module.
 *   - unresolved:  b->owner == NULL (created by `export x` or a lookup with alloc): may still become either.
 * Aliases always point at an owned binding (never at another alias). Once resolved a binding stays resolved.
 * Name lookup (jl_get_binding) resolves through `using`s: only exported names are visible, the most recent
 * `using` is searched first, and two different bindings found in two modules are an ambiguity (a warning
 * once, then UndefVarError). Every module uses Core; its own name is bound in it and exported.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------------- */
/* The binding table */

#define BSLOT_USINGFAILED 1   /* an ambiguous `using` lookup already warned for this name */

typedef struct {
    jl_binding_t *b;
    uintptr_t flags;
} bindslot_t;

struct _jl_bindtable_t {
    size_t cap;           /* power of two */
    size_t count;
    bindslot_t *slots;    /* b == NULL: empty */
};

static jl_bindtable_t *bindtable_new(size_t cap)
{
    jl_bindtable_t *t = (jl_bindtable_t *)malloc(sizeof(jl_bindtable_t));
    bindslot_t *s = (bindslot_t *)calloc(cap, sizeof(bindslot_t));
    if (t == NULL || s == NULL)
        jl_fatal_error("out of memory allocating a module's binding table");
    t->cap = cap;
    t->count = 0;
    t->slots = s;
    return t;
}

static inline size_t sym_index(jl_sym_t *s, size_t cap) { return (size_t)(s->hash ^ (s->hash >> 17)) & (cap - 1); }

static bindslot_t *bindtable_find(jl_bindtable_t *t, jl_sym_t *var)
{
    size_t mask = t->cap - 1;
    for (size_t i = sym_index(var, t->cap);; i = (i + 1) & mask) {
        bindslot_t *s = &t->slots[i];
        if (s->b == NULL)
            return NULL;
        if (s->b->name == var)
            return s;
    }
}

static void bindtable_grow(jl_bindtable_t *t)
{
    size_t oldcap = t->cap;
    bindslot_t *old = t->slots;
    size_t cap = oldcap * 2;
    bindslot_t *s = (bindslot_t *)calloc(cap, sizeof(bindslot_t));
    if (s == NULL)
        jl_fatal_error("out of memory growing a module's binding table");
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].b == NULL)
            continue;
        size_t j = sym_index(old[i].b->name, cap);
        while (s[j].b != NULL)
            j = (j + 1) & (cap - 1);
        s[j] = old[i];
    }
    t->slots = s;
    t->cap = cap;
    free(old);
}

static bindslot_t *bindtable_insert(jl_bindtable_t *t, jl_binding_t *b)
{
    if ((t->count + 1) * 3 > t->cap * 2)
        bindtable_grow(t);
    size_t mask = t->cap - 1;
    size_t i = sym_index(b->name, t->cap);
    while (t->slots[i].b != NULL)
        i = (i + 1) & mask;
    t->slots[i].b = b;
    t->slots[i].flags = 0;
    t->count++;
    return &t->slots[i];
}

static jl_binding_t *new_binding(jl_sym_t *name)
{
    jl_binding_t *b = (jl_binding_t *)jl_gc_alloc(sizeof(jl_binding_t), (jl_value_t *)jl_binding_type);
    b->name = name;
    return b;
}

void jl_module_foreach_binding(jl_module_t *m, jl_binding_visit_t f, void *ctx)
{
    jl_bindtable_t *t = m->bindings;
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].b != NULL)
            f(t->slots[i].b, ctx);
}

/* ---------------------------------------------------------------------------------------------- */
/* Modules */

static uint64_t next_build_id(void)
{
    static uint64_t counter;
    static uint64_t base;
    if (base == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        base = ((uint64_t)ts.tv_sec * 1000000007ULL) ^ ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)(uintptr_t)&counter;
    }
    return base + (++counter) * 0x9E3779B97F4A7C15ULL;
}

/* Creates Core (called by jl_init once the types exist; jl_init_core_module then binds them). */
void jl_init_modules(void)
{
    if (jl_core_module == NULL) {
        jl_core_module = jl_new_module(jl_Core_sym, NULL);
        jl_core_module->istopmod = 1;
    }
}

JL_DLLEXPORT jl_module_t *jl_new_module(jl_sym_t *name, jl_module_t *parent)
{
    jl_module_t *m = (jl_module_t *)jl_gc_alloc(sizeof(jl_module_t), (jl_value_t *)jl_module_type);
    m->name = name;
    m->parent = parent ? parent : m;
    m->bindings = bindtable_new(32);
    m->usings = jl_alloc_vec_any(0);
    m->build_id = next_build_id();
    m->primary_world = jl_world_counter;
    m->infer = 1;
    m->optlevel = (uint8_t)-1;
    if (jl_core_module != NULL && m != jl_core_module)
        jl_array_ptr_1d_push(m->usings, (jl_value_t *)jl_core_module);
    /* the module's own name is bound in it and exported, so `using M` makes `M` visible */
    jl_set_const(m, name, (jl_value_t *)m);
    jl_module_export(m, name);
    return m;
}

JL_DLLEXPORT jl_sym_t *jl_module_name(jl_module_t *m) { return m->name; }
JL_DLLEXPORT jl_module_t *jl_module_parent(jl_module_t *m) { return m->parent; }
JL_DLLEXPORT uint64_t jl_module_build_id(jl_module_t *m) { return m->build_id; }
JL_DLLEXPORT int jl_istopmod(jl_module_t *m) { return m->istopmod; }

/* Base.jl calls this on itself: marks a module that `top` (Base.x in lowered code) may refer to. */
JL_DLLEXPORT void jl_set_istopmod(jl_module_t *m, uint8_t isprimary)
{
    m->istopmod = 1;
    if (isprimary) {
        jl_top_module = m;
        if (jl_base_module == NULL)
            jl_base_module = m;
    }
}

/* The module `top` refers to from m: the nearest enclosing top module, else jl_top_module. */
JL_DLLEXPORT jl_module_t *jl_base_relative_to(jl_module_t *m)
{
    for (;;) {
        if (m->istopmod)
            return m;
        if (m == m->parent)
            break;
        m = m->parent;
    }
    return jl_top_module;
}

JL_DLLEXPORT jl_value_t *jl_module_usings(jl_module_t *m)
{
    size_t n = jl_array_len(m->usings);
    jl_array_t *a = jl_alloc_vec_any(0);
    for (size_t i = n; i > 0; i--)
        jl_array_ptr_1d_push(a, jl_array_ptr_ref(m->usings, i - 1));
    return (jl_value_t *)a;
}

JL_DLLEXPORT int jl_is_submodule(jl_module_t *child, jl_module_t *parent)
{
    for (;;) {
        if (parent == child)
            return 1;
        if (child == NULL || child == child->parent)
            return 0;
        child = child->parent;
    }
}

jl_module_t *jl_module_root(jl_module_t *m)
{
    while (m->parent != NULL && m->parent != m)
        m = m->parent;
    return m;
}

static size_t full_name_into(jl_module_t *m, char *buf, size_t sz, size_t pos)
{
    if (m->parent != NULL && m->parent != m)
        pos = full_name_into(m->parent, buf, sz, pos);
    const char *n = jl_symbol_name(m->name);
    int w = snprintf(buf + pos, pos < sz ? sz - pos : 0, "%s%s", pos > 0 ? "." : "", n);
    pos += (size_t)(w > 0 ? w : 0);
    return pos < sz ? pos : sz - 1;
}

void jl_module_full_name(jl_module_t *m, char *buf, size_t sz)
{
    if (sz == 0)
        return;
    buf[0] = 0;
    full_name_into(m, buf, sz, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Bindings */

static inline jl_binding_t *final_binding(jl_binding_t *b)
{
    while (b->alias != NULL)
        b = b->alias;
    return b;
}

JL_DLLEXPORT jl_binding_t *jl_binding_resolved(jl_binding_t *b) { return b ? final_binding(b) : NULL; }

JL_DLLEXPORT jl_value_t *jl_binding_value(jl_binding_t *b) { return b ? final_binding(b)->value : NULL; }

JL_DLLEXPORT jl_binding_t *jl_get_module_binding(jl_module_t *m, jl_sym_t *var, int alloc)
{
    bindslot_t *s = bindtable_find(m->bindings, var);
    if (s != NULL)
        return s->b;
    if (!alloc)
        return NULL;
    return bindtable_insert(m->bindings, new_binding(var))->b;
}

/* Two bindings that denote the same thing (for ambiguity and import checks). */
static int eq_bindings(jl_binding_t *a, jl_binding_t *b)
{
    a = final_binding(a);
    b = final_binding(b);
    if (a == b)
        return 1;
    if (a->constp && b->constp && a->value && b->value && jl_egal(a->value, b->value))
        return 1;
    return 0;
}

/* Stack of modules being searched, so cyclic `using`s terminate. */
typedef struct modstack {
    jl_module_t *m;
    struct modstack *prev;
} modstack_t;

static int on_stack(modstack_t *st, jl_module_t *m)
{
    for (; st != NULL; st = st->prev)
        if (st->m == m)
            return 1;
    return 0;
}

static jl_binding_t *resolve_binding(jl_module_t *m, jl_sym_t *var, modstack_t *st);

/* Look `var` up among the exports of the modules m uses. Returns the owned target binding or NULL. */
static jl_binding_t *using_resolve(jl_module_t *m, jl_sym_t *var, bindslot_t *slot, modstack_t *st)
{
    modstack_t top = {m, st};
    jl_binding_t *found = NULL;
    jl_module_t *foundin = NULL;
    size_t n = jl_array_len(m->usings);
    for (size_t i = n; i > 0; i--) {
        jl_module_t *u = (jl_module_t *)jl_array_ptr_ref(m->usings, i - 1);
        if (on_stack(&top, u))
            continue;
        bindslot_t *us = bindtable_find(u->bindings, var);
        if (us == NULL || !us->b->exportp)
            continue;
        jl_binding_t *t = resolve_binding(u, var, &top);
        if (t == NULL)
            continue;
        if (found != NULL && !eq_bindings(found, t)) {
            int warned = slot != NULL && (slot->flags & BSLOT_USINGFAILED);
            if (!warned) {
                if (slot == NULL)
                    slot = bindtable_find(m->bindings, var);
                if (slot == NULL) {
                    jl_get_module_binding(m, var, 1);
                    slot = bindtable_find(m->bindings, var);
                }
                slot->flags |= BSLOT_USINGFAILED;
                fflush(stdout);
                fprintf(stderr, "WARNING: both %s and %s export \"%s\"; uses of it in module %s must be qualified\n",
                        jl_symbol_name(foundin->name), jl_symbol_name(u->name), jl_symbol_name(var),
                        jl_symbol_name(m->name));
            }
            return NULL;
        }
        if (found == NULL) {
            found = t;
            foundin = u;
        }
    }
    return found;
}

static jl_binding_t *resolve_binding(jl_module_t *m, jl_sym_t *var, modstack_t *st)
{
    bindslot_t *slot = bindtable_find(m->bindings, var);
    if (slot != NULL) {
        jl_binding_t *b = slot->b;
        if (b->owner != NULL)
            return final_binding(b);
        if (slot->flags & BSLOT_USINGFAILED)
            return NULL;
    }
    jl_binding_t *t = using_resolve(m, var, slot, st);
    if (t == NULL)
        return NULL;
    /* cache the resolution: from now on `var` in m means t */
    jl_binding_t *b = slot ? slot->b : jl_get_module_binding(m, var, 1);
    b->alias = t;
    b->owner = t->owner;
    return t;
}

JL_DLLEXPORT jl_binding_t *jl_get_binding(jl_module_t *m, jl_sym_t *var)
{
    return resolve_binding(m, var, NULL);
}

JL_DLLEXPORT jl_binding_t *jl_get_binding_or_error(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_binding(m, var);
    if (b == NULL)
        jl_undefined_var_error(var);
    return b;
}

/* The module an alias binding `b` (in m) got its value from, for messages. */
static jl_module_t *binding_source_module(jl_binding_t *b, jl_module_t *m)
{
    jl_binding_t *t = final_binding(b);
    return t->owner ? t->owner : m;
}

JL_DLLEXPORT jl_binding_t *jl_get_binding_wr(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 1);
    if (b->owner == NULL) {
        b->owner = m;
        return b;
    }
    if (b->owner == m && b->alias == NULL)
        return b;
    jl_module_t *from = binding_source_module(b, m);
    if (from == m)
        jl_errorf("cannot assign a value to imported variable %s.%s", jl_symbol_name(from->name),
                  jl_symbol_name(var));
    jl_errorf("cannot assign a value to imported variable %s.%s from module %s", jl_symbol_name(from->name),
              jl_symbol_name(var), jl_symbol_name(m->name));
}

/* The binding a method definition `function var ... end` in m adds to: m's own, or an explicit import. */
JL_DLLEXPORT jl_binding_t *jl_get_binding_for_method_def(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 1);
    if (b->owner == NULL) {
        b->owner = m;
        return b;
    }
    if (b->alias == NULL)
        return b;
    jl_binding_t *t = final_binding(b);
    jl_module_t *from = binding_source_module(b, m);
    if (t->value == NULL)
        jl_errorf("invalid method definition in %s: exported function %s.%s does not exist",
                  jl_symbol_name(m->name), jl_symbol_name(from->name), jl_symbol_name(var));
    if (!b->imported)
        jl_errorf("error in method definition: function %s.%s must be explicitly imported to be extended",
                  jl_symbol_name(from->name), jl_symbol_name(var));
    return t;
}

JL_DLLEXPORT jl_value_t *jl_get_global(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_binding(m, var);
    return b ? b->value : NULL;
}

JL_DLLEXPORT void jl_set_global(jl_module_t *m, jl_sym_t *var, jl_value_t *val)
{
    jl_binding_t *b = jl_get_binding_wr(m, var);
    jl_checked_assignment(b, m, var, val);
}

JL_DLLEXPORT void jl_set_const(jl_module_t *m, jl_sym_t *var, jl_value_t *val)
{
    jl_binding_t *b = jl_get_binding_wr(m, var);
    if (b->value != NULL && !jl_egal(b->value, val))
        jl_errorf("invalid redefinition of constant %s", jl_symbol_name(var));
    b->constp = 1;
    if (b->ty == NULL)
        b->ty = (jl_value_t *)jl_any_type;
    b->value = val;
}

JL_DLLEXPORT int jl_boundp(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_binding(m, var);
    return b != NULL && b->value != NULL;
}

JL_DLLEXPORT int jl_is_const(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_binding(m, var);
    return b != NULL && b->constp;
}

JL_DLLEXPORT void jl_declare_constant(jl_binding_t *b, jl_module_t *mod, jl_sym_t *var)
{
    if (b->alias != NULL || (b->value != NULL && !b->constp))
        jl_errorf("cannot declare %s.%s constant; it already has a value", jl_symbol_name(mod->name),
                  jl_symbol_name(var));
    b->constp = 1;
}

JL_DLLEXPORT void jl_checked_assignment(jl_binding_t *b, jl_module_t *mod, jl_sym_t *var, jl_value_t *rhs)
{
    jl_value_t *ty = b->ty;
    if (ty == NULL) {
        b->ty = (jl_value_t *)jl_any_type;
    }
    else if (ty != (jl_value_t *)jl_any_type && jl_typeof(rhs) != ty && !jl_isa(rhs, ty)) {
        jl_errorf("cannot assign an incompatible value to the global %s.%s.", jl_symbol_name(mod->name),
                  jl_symbol_name(var));
    }
    if (b->constp && b->value != NULL) {
        jl_value_t *old = b->value;
        if (old == rhs || jl_egal(rhs, old))
            return;
        if (jl_typeof(rhs) != jl_typeof(old) || jl_is_type(rhs) || jl_is_module(rhs))
            jl_errorf("invalid redefinition of constant %s", jl_symbol_name(var));
        fflush(stdout);
        fprintf(stderr, "WARNING: redefinition of constant %s. This may fail, cause incorrect answers, or "
                        "produce other errors.\n", jl_symbol_name(var));
    }
    b->value = rhs;
}

/* Core.get_binding_type(m, s): the declared type of global m.s (Any if none; creates the binding). */
JL_DLLEXPORT jl_value_t *jl_get_binding_type(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 0);
    if (b != NULL && b->owner != NULL) {
        jl_binding_t *t = final_binding(b);
        if (t->ty != NULL)
            return t->ty;
    }
    b = jl_get_binding_wr(m, var);
    if (b->ty == NULL)
        b->ty = (jl_value_t *)jl_any_type;
    return b->ty;
}

/* Core.set_binding_type!(m, s, T): `global s::T`. */
JL_DLLEXPORT void jl_set_binding_type(jl_module_t *m, jl_sym_t *var, jl_value_t *ty)
{
    jl_binding_t *b = jl_get_binding_wr(m, var);
    if (b->ty == NULL || (b->ty == (jl_value_t *)jl_any_type && b->value == NULL)) {
        b->ty = ty;
        return;
    }
    if (ty != b->ty && !jl_types_equal(ty, b->ty))
        jl_errorf("cannot set type for global %s. It already has a value or is already set to a different type.",
                  jl_symbol_name(var));
}

/* ---------------------------------------------------------------------------------------------- */
/* using / import / export */

JL_DLLEXPORT void jl_module_export(jl_module_t *from, jl_sym_t *s)
{
    jl_binding_t *b = jl_get_module_binding(from, s, 1);
    b->exportp = 1;
}

JL_DLLEXPORT int jl_module_exports_p(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 0);
    return b != NULL && b->exportp;
}

typedef struct {
    jl_module_t *to, *from;
} using_ctx_t;

static void warn_using_conflict(jl_binding_t *b, void *vctx)
{
    using_ctx_t *c = (using_ctx_t *)vctx;
    if (!b->exportp || b->owner == NULL)
        return;
    if (!(b->owner == c->from && b->alias == NULL) && !b->imported)
        return;
    jl_sym_t *var = b->name;
    jl_binding_t *tob = jl_get_module_binding(c->to, var, 0);
    if (tob != NULL && tob->owner != NULL && var != c->to->name && !eq_bindings(tob, b)) {
        fflush(stdout);
        fprintf(stderr, "WARNING: using %s.%s in module %s conflicts with an existing identifier.\n",
                jl_symbol_name(c->from->name), jl_symbol_name(var), jl_symbol_name(c->to->name));
    }
}

JL_DLLEXPORT void jl_module_using(jl_module_t *to, jl_module_t *from)
{
    if (to == from)
        return;
    size_t n = jl_array_len(to->usings);
    for (size_t i = 0; i < n; i++)
        if (jl_array_ptr_ref(to->usings, i) == (jl_value_t *)from)
            return;
    using_ctx_t c = {to, from};
    jl_module_foreach_binding(from, warn_using_conflict, &c);
    jl_array_ptr_1d_push(to->usings, (jl_value_t *)from);
}

static void module_import_(jl_module_t *to, jl_module_t *from, jl_sym_t *s, jl_sym_t *asname, int explici)
{
    jl_binding_t *b = jl_get_binding(from, s);
    if (b == NULL) {
        fflush(stdout);
        fprintf(stderr, "WARNING: could not import %s.%s into %s\n", jl_symbol_name(from->name), jl_symbol_name(s),
                jl_symbol_name(to->name));
        return;
    }
    jl_binding_t *bto = jl_get_module_binding(to, asname, 1);
    if (bto == b)
        return; /* importing a binding onto itself */
    if (bto->owner != NULL && bto->alias != NULL) {
        if (eq_bindings(bto, b)) {
            bto->imported |= (uint8_t)(explici != 0);
            return;
        }
        fflush(stdout);
        fprintf(stderr, "WARNING: ignoring conflicting import of %s.%s into %s\n", jl_symbol_name(from->name),
                jl_symbol_name(s), jl_symbol_name(to->name));
        return;
    }
    if (bto->owner != NULL && (bto->constp || bto->value != NULL)) {
        if (eq_bindings(bto, b))
            return;
        fflush(stdout);
        fprintf(stderr, "WARNING: import of %s.%s into %s conflicts with an existing identifier; ignored.\n",
                jl_symbol_name(from->name), jl_symbol_name(s), jl_symbol_name(to->name));
        return;
    }
    bto->alias = b;
    bto->owner = b->owner;
    bto->imported |= (uint8_t)(explici != 0);
    bindslot_t *slot = bindtable_find(to->bindings, asname);
    if (slot)
        slot->flags &= ~(uintptr_t)BSLOT_USINGFAILED;
}

JL_DLLEXPORT void jl_module_import(jl_module_t *to, jl_module_t *from, jl_sym_t *s)
{
    module_import_(to, from, s, s, 1);
}

JL_DLLEXPORT void jl_module_import_as(jl_module_t *to, jl_module_t *from, jl_sym_t *s, jl_sym_t *asname)
{
    module_import_(to, from, s, asname, 1);
}

JL_DLLEXPORT void jl_module_use(jl_module_t *to, jl_module_t *from, jl_sym_t *s)
{
    module_import_(to, from, s, s, 0);
}

JL_DLLEXPORT void jl_module_use_as(jl_module_t *to, jl_module_t *from, jl_sym_t *s, jl_sym_t *asname)
{
    module_import_(to, from, s, asname, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Reflection */

typedef struct {
    jl_module_t *m;
    jl_array_t *out;
    int all, imported;
} names_ctx_t;

static void collect_name(jl_binding_t *b, void *vctx)
{
    names_ctx_t *c = (names_ctx_t *)vctx;
    int hidden = jl_symbol_name(b->name)[0] == '#';
    int owned = b->owner == c->m && b->alias == NULL;
    int visible = b->exportp || (c->imported && b->imported) ||
                  (owned && !b->imported && (c->all || c->m == jl_main_module));
    if (visible && (c->all || (!b->deprecated && !hidden)))
        jl_array_ptr_1d_push(c->out, (jl_value_t *)b->name);
}

JL_DLLEXPORT jl_value_t *jl_module_names(jl_module_t *m, int all, int imported)
{
    names_ctx_t c = {m, jl_alloc_array_1d((jl_value_t *)jl_array_symbol_type, 0), all, imported};
    jl_module_foreach_binding(m, collect_name, &c);
    return (jl_value_t *)c.out;
}

/* The module that owns the binding m.var resolves to, or NULL. */
JL_DLLEXPORT jl_module_t *jl_get_module_of_binding(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_binding(m, var);
    return b ? b->owner : NULL;
}

JL_DLLEXPORT jl_value_t *jl_binding_owner(jl_module_t *m, jl_sym_t *var)
{
    jl_module_t *o = jl_get_module_of_binding(m, var);
    return o ? (jl_value_t *)o : jl_nothing;
}

JL_DLLEXPORT int jl_binding_resolved_p(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 0);
    return b != NULL && b->owner != NULL;
}

JL_DLLEXPORT int jl_is_imported(jl_module_t *m, jl_sym_t *var)
{
    jl_binding_t *b = jl_get_module_binding(m, var, 0);
    return b != NULL && b->imported;
}
