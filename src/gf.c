/* gf.c: generic functions. Method tables and method definition (jl_method_def), world ages and the
 * invalidation of compiled code when a method is added, dispatch (jl_apply_generic) with its cache,
 * specializations (one MethodInstance per method and compilation signature), the specialization policy,
 * jl_matching_methods for inference, compiling a specialization (inference, then codegen, else the
 * interpreter), --trace-compile lines and precompile() hints.
 *
 * WORLDS. jl_world_counter is the newest world. Adding a method makes a new world W: the method is valid
 * from W on (primary_world), a method it replaces (same signature) up to W-1 (deleted_world), and compiled
 * code whose dispatch decisions the new method changes is valid up to W-1 (its CodeInstances' max_world):
 * the callers reachable through backedges from the specializations the new method may override.
 *
 * THE DISPATCH CACHE. Per method table, an open-addressed hash table in C memory keyed by the "dispatch
 * key" of a call: for each argument (the function included) its type, or the argument itself (tagged with
 * the low bit) when it is a type, so `f(Int)` and `f(1)` get different entries. An entry holds the
 * MethodInstance, the world range in which that answer is valid, and the CodeInstance last used. mt->cache
 * holds a boxed UInt64: the index of the table in a registry (validated against its owner, so a stale
 * value restored from an image is harmless). The GC sees the tables through a mark callback.
 * Only keys that are permanent objects are cached: DataTypes (hash-consed), Union{} and typename wrappers.
 *
 * BACKEDGES. callee->backedges lists the MethodInstances whose compiled code relies on calling the callee;
 * a method table keeps (signature, caller) pairs for callers that rely on the *absence* of other methods
 * for a signature (dynamic or no-match calls). Both are recorded from the inferred CodeInfo's `edges`
 * (MethodInstances, or tuple types) and its Expr(:invoke) statements when a specialization is compiled.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

jl_value_t *jl_interpret_invoke(jl_method_instance_t *mi, jl_value_t *F, jl_value_t **args, uint32_t nargs);

JL_DLLEXPORT jl_methtable_t *jl_type_type_mt;  /* methods whose callee is a type (constructors) */
int jl_in_compile_hint;

#define TAG_TYPE_VALUE ((uintptr_t)1)
#define GF_INLINE_KEYS 4

/* ---------------------------------------------------------------------------------------------- */
/* Fallbacks while inference / codegen are not linked: every specialization runs in the interpreter. */

__attribute__((weak)) jl_code_info_t *jl_type_infer(jl_method_instance_t *mi, size_t world)
{
    (void)mi;
    (void)world;
    return NULL;
}

__attribute__((weak)) int jl_compile_codeinst(jl_code_instance_t *ci, jl_code_info_t *src)
{
    (void)ci;
    (void)src;
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Small helpers */

static inline int is_kind(jl_value_t *t)
{
    return t == (jl_value_t *)jl_datatype_type || t == (jl_value_t *)jl_unionall_type ||
           t == (jl_value_t *)jl_uniontype_type || t == (jl_value_t *)jl_typeofbottom_type;
}

static inline int closed_type(jl_value_t *t)
{
    if (jl_is_datatype(t))
        return !((jl_datatype_t *)t)->hasfreetypevars;
    return !jl_has_free_typevars(t);
}

static int types_equal(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return 1;
    if (jl_is_datatype(a) && jl_is_datatype(b)) {
        jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
        if (da->name != db->name || (!da->hasfreetypevars && !db->hasfreetypevars))
            return 0;
    }
    return jl_subtype(a, b) && jl_subtype(b, a);
}

static int count_unionalls(jl_value_t *t)
{
    int n = 0;
    while (jl_is_unionall(t)) {
        n++;
        t = ((jl_unionall_t *)t)->body;
    }
    return n;
}

static jl_unionall_t *new_unionall(jl_tvar_t *v, jl_value_t *body)
{
    jl_unionall_t *u = (jl_unionall_t *)jl_gc_alloc(sizeof(jl_unionall_t), (jl_value_t *)jl_unionall_type);
    u->var = v;
    u->body = body;
    return u;
}

static jl_svec_t *svec_from(jl_value_t **v, size_t n)
{
    if (n == 0)
        return jl_emptysvec;
    jl_svec_t *s = jl_alloc_svec(n);
    for (size_t i = 0; i < n; i++)
        jl_svecset(s, i, v[i]);
    return s;
}

/* The dispatch key of one argument: its type, or the type value itself (tagged). */
static inline jl_value_t *key_of(jl_value_t *v)
{
    jl_value_t *t = jl_typeof(v);
    if (is_kind(t))
        return (jl_value_t *)((uintptr_t)v | TAG_TYPE_VALUE);
    return t;
}

static inline int key_is_value(jl_value_t *k) { return ((uintptr_t)k & TAG_TYPE_VALUE) != 0; }
static inline jl_value_t *key_value(jl_value_t *k) { return (jl_value_t *)((uintptr_t)k & ~TAG_TYPE_VALUE); }

/* A type value we may keep as a cache key (it lives as long as the runtime). */
static int permanent_type_value(jl_value_t *v)
{
    if (v == jl_bottom_type)
        return 1;
    if (jl_is_datatype(v))
        return !((jl_datatype_t *)v)->hasfreetypevars;
    if (jl_is_unionall(v)) {
        jl_value_t *b = jl_unwrap_unionall(v);
        return jl_is_datatype(b) && ((jl_datatype_t *)b)->name->wrapper == v;
    }
    return 0;
}

/* The type an argument contributes to the call signature: Type{v} for types, else typeof(v). */
static jl_value_t *arg_sig_type(jl_value_t *v)
{
    if (jl_is_type(v) && closed_type(v))
        return jl_apply_type1((jl_value_t *)jl_type_type_ua, v);
    return jl_typeof(v);
}

static jl_value_t *key_sig_type(jl_value_t *k)
{
    if (key_is_value(k))
        return jl_apply_type1((jl_value_t *)jl_type_type_ua, key_value(k));
    return k;
}

static inline uint64_t hash_keys(jl_value_t **keys, uint32_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL * (n + 1);
    for (uint32_t i = 0; i < n; i++) {
        h ^= (uint64_t)(uintptr_t)keys[i] >> 3;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    return h;
}

/* ---------------------------------------------------------------------------------------------- */
/* Object constructors */

JL_DLLEXPORT jl_methtable_t *jl_new_method_table(jl_sym_t *name, jl_module_t *module)
{
    jl_methtable_t *mt = (jl_methtable_t *)jl_gc_alloc(sizeof(jl_methtable_t), (jl_value_t *)jl_methtable_type);
    mt->name = name;
    mt->module = module;
    mt->defs = jl_alloc_vec_any(0);
    mt->cache = NULL;
    mt->max_args = 0;
    mt->builtin = NULL;
    mt->kwsorter = NULL;
    mt->frozen = 0;
    return mt;
}

jl_method_t *jl_new_method_uninit(jl_module_t *module)
{
    jl_method_t *m = (jl_method_t *)jl_gc_alloc(sizeof(jl_method_t), (jl_value_t *)jl_method_type);
    m->module = module;
    m->name = jl_empty_sym;
    m->file = jl_empty_sym;
    m->line = 0;
    m->primary_world = 1;
    m->deleted_world = JL_MAX_WORLD;
    m->sig = (jl_value_t *)jl_anytuple_type;
    m->sparam_syms = jl_emptysvec;
    m->specializations = NULL;
    return m;
}

jl_method_instance_t *jl_new_method_instance_uninit(void)
{
    jl_method_instance_t *mi =
        (jl_method_instance_t *)jl_gc_alloc(sizeof(jl_method_instance_t), (jl_value_t *)jl_method_instance_type);
    mi->sparam_vals = jl_emptysvec;
    return mi;
}

/* A CodeInstance for mi valid in [min_world, max_world]; not linked into mi->cache (see jl_mi_cache_insert). */
jl_code_instance_t *jl_new_codeinst_uninit(jl_method_instance_t *mi, size_t min_world, size_t max_world)
{
    jl_code_instance_t *ci =
        (jl_code_instance_t *)jl_gc_alloc(sizeof(jl_code_instance_t), (jl_value_t *)jl_code_instance_type);
    ci->def = mi;
    ci->min_world = min_world;
    ci->max_world = max_world;
    ci->rettype = (jl_value_t *)jl_any_type;
    ci->image_index = -1;
    return ci;
}

void jl_mi_cache_insert(jl_method_instance_t *mi, jl_code_instance_t *ci)
{
    ci->def = mi;
    ci->next = mi->cache;
    mi->cache = ci;
}

/* ---------------------------------------------------------------------------------------------- */
/* The dispatch cache */

typedef struct {
    jl_method_instance_t *mi;      /* NULL: empty slot */
    jl_code_instance_t *ci;        /* CodeInstance last used (may no longer be valid) */
    size_t min_world, max_world;   /* worlds in which mi is the answer */
    uint64_t hash;
    uint32_t nkeys;
    jl_value_t *keys[GF_INLINE_KEYS];
    jl_value_t **morekeys;         /* all the keys when nkeys > GF_INLINE_KEYS */
} gf_entry_t;

typedef struct {
    jl_methtable_t *mt;
    size_t size;                   /* power of two */
    size_t count;
    gf_entry_t *entries;
    jl_array_t *backedges;         /* Vector{Any}: signature, caller, signature, caller, ... */
} gf_cache_t;

static gf_cache_t **gf_caches;
static size_t gf_ncaches, gf_capcaches;

typedef struct {
    uint32_t hash;
    jl_value_t *type;
} tk_slot_t;
static tk_slot_t *tk_table;  /* interned type values used as cache keys (see canonical_type_key) */
static size_t tk_size;

static void gf_mark_caches(void)
{
    for (size_t i = 0; i < tk_size; i++)
        if (tk_table[i].type)
            jl_gc_mark_value(tk_table[i].type);
    for (size_t i = 0; i < gf_ncaches; i++) {
        gf_cache_t *c = gf_caches[i];
        jl_gc_mark_value((jl_value_t *)c->mt);
        if (c->backedges)
            jl_gc_mark_value((jl_value_t *)c->backedges);
        for (size_t j = 0; j < c->size; j++) {
            gf_entry_t *e = &c->entries[j];
            if (e->mi == NULL)
                continue;
            jl_gc_mark_value((jl_value_t *)e->mi);
            if (e->ci)
                jl_gc_mark_value((jl_value_t *)e->ci);
            jl_value_t **k = e->nkeys > GF_INLINE_KEYS ? e->morekeys : e->keys;
            for (uint32_t n = 0; n < e->nkeys; n++)
                jl_gc_mark_value(key_value(k[n]));
        }
    }
}

static inline gf_cache_t *mt_cache(jl_methtable_t *mt)
{
    jl_value_t *c = mt->cache;
    if (c == NULL || !jl_typeis(c, jl_uint64_type))
        return NULL;
    uint64_t idx = *(uint64_t *)c;
    if (idx >= gf_ncaches)
        return NULL;
    gf_cache_t *gc = gf_caches[idx];
    return gc->mt == mt ? gc : NULL;
}

static gf_cache_t *mt_cache_make(jl_methtable_t *mt)
{
    gf_cache_t *c = mt_cache(mt);
    if (c)
        return c;
    c = (gf_cache_t *)calloc(1, sizeof(gf_cache_t));
    c->mt = mt;
    c->size = 16;
    c->entries = (gf_entry_t *)calloc(c->size, sizeof(gf_entry_t));
    if (gf_ncaches == gf_capcaches) {
        gf_capcaches = gf_capcaches ? gf_capcaches * 2 : 256;
        gf_caches = (gf_cache_t **)realloc(gf_caches, gf_capcaches * sizeof(gf_cache_t *));
    }
    size_t idx = gf_ncaches++;
    gf_caches[idx] = c;
    mt->cache = jl_box_uint64((uint64_t)idx);
    return c;
}

static inline jl_value_t **entry_keys(gf_entry_t *e)
{
    return e->nkeys > GF_INLINE_KEYS ? e->morekeys : e->keys;
}

static inline int entry_matches(gf_entry_t *e, uint64_t h, jl_value_t **keys, uint32_t nk)
{
    if (e->hash != h || e->nkeys != nk)
        return 0;
    jl_value_t **k = entry_keys(e);
    for (uint32_t i = 0; i < nk; i++)
        if (k[i] != keys[i])
            return 0;
    return 1;
}

/* The entry for keys valid in `world`, or NULL. */
static inline gf_entry_t *cache_find(gf_cache_t *c, jl_value_t **keys, uint32_t nk, uint64_t h, size_t world)
{
    size_t mask = c->size - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        gf_entry_t *e = &c->entries[i];
        if (e->mi == NULL)
            return NULL;
        if (entry_matches(e, h, keys, nk))
            return (e->min_world <= world && world <= e->max_world) ? e : NULL;
    }
}

static void cache_grow(gf_cache_t *c)
{
    size_t nsize = c->size * 2;
    gf_entry_t *ne = (gf_entry_t *)calloc(nsize, sizeof(gf_entry_t));
    for (size_t i = 0; i < c->size; i++) {
        gf_entry_t *e = &c->entries[i];
        if (e->mi == NULL)
            continue;
        size_t j = (size_t)e->hash & (nsize - 1);
        while (ne[j].mi != NULL)
            j = (j + 1) & (nsize - 1);
        ne[j] = *e;
    }
    free(c->entries);
    c->entries = ne;
    c->size = nsize;
}

static gf_entry_t *cache_insert(gf_cache_t *c, jl_value_t **keys, uint32_t nk, uint64_t h, jl_method_instance_t *mi,
                                jl_code_instance_t *ci, size_t min_world, size_t max_world)
{
    size_t mask = c->size - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        gf_entry_t *e = &c->entries[i];
        if (e->mi == NULL)
            break;
        if (entry_matches(e, h, keys, nk)) {  /* same key, other worlds: replace */
            e->mi = mi;
            e->ci = ci;
            e->min_world = min_world;
            e->max_world = max_world;
            return e;
        }
    }
    if ((c->count + 1) * 2 > c->size)
        cache_grow(c);
    mask = c->size - 1;
    size_t i = (size_t)h & mask;
    while (c->entries[i].mi != NULL)
        i = (i + 1) & mask;
    gf_entry_t *e = &c->entries[i];
    e->hash = h;
    e->nkeys = nk;
    if (nk > GF_INLINE_KEYS) {
        e->morekeys = (jl_value_t **)malloc(nk * sizeof(jl_value_t *));
        memcpy(e->morekeys, keys, nk * sizeof(jl_value_t *));
    }
    else {
        memcpy(e->keys, keys, nk * sizeof(jl_value_t *));
    }
    e->mi = mi;
    e->ci = ci;
    e->min_world = min_world;
    e->max_world = max_world;
    c->count++;
    return e;
}

/* Type values that are not permanent (unions, UnionAlls made at run time) are interned by type equality,
 * so a call with a freshly made but equal type finds its cache entry; the interned object is the key. */
static size_t tk_count;

static void tk_grow(void)
{
    size_t nsize = tk_size ? tk_size * 2 : 256;
    tk_slot_t *nt = (tk_slot_t *)calloc(nsize, sizeof(tk_slot_t));
    for (size_t i = 0; i < tk_size; i++) {
        if (tk_table[i].type == NULL)
            continue;
        size_t j = tk_table[i].hash & (nsize - 1);
        while (nt[j].type)
            j = (j + 1) & (nsize - 1);
        nt[j] = tk_table[i];
    }
    free(tk_table);
    tk_table = nt;
    tk_size = nsize;
}

/* The object to key type value v by, or NULL if v cannot be a cache key. */
static jl_value_t *canonical_type_key(jl_value_t *v)
{
    if (permanent_type_value(v))
        return v;
    if (!closed_type(v))
        return NULL;
    if ((tk_count + 1) * 2 > tk_size)
        tk_grow();
    uint32_t h = jl_type_hash(v);
    size_t i = h & (tk_size - 1);
    for (;; i = (i + 1) & (tk_size - 1)) {
        tk_slot_t *s = &tk_table[i];
        if (s->type == NULL)
            break;
        if (s->type == v || (s->hash == h && jl_typeof(s->type) == jl_typeof(v) && types_equal(s->type, v)))
            return s->type;
    }
    tk_table[i].hash = h;
    tk_table[i].type = v;
    tk_count++;
    return v;
}

/* Replace type-valued keys by their interned objects; 0 if some key cannot be cached. */
static int canonicalize_keys(jl_value_t **keys, uint32_t nk)
{
    for (uint32_t i = 0; i < nk; i++) {
        if (!key_is_value(keys[i]))
            continue;
        jl_value_t *c = canonical_type_key(key_value(keys[i]));
        if (c == NULL)
            return 0;
        keys[i] = (jl_value_t *)((uintptr_t)c | TAG_TYPE_VALUE);
    }
    return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* Method tables of signatures and callees */

static jl_methtable_t *mt_for_callee_type(jl_value_t *f, int create)
{
    while (jl_is_typevar(f))
        f = ((jl_tvar_t *)f)->ub;
    f = jl_unwrap_unionall(f);
    if (jl_is_uniontype(f)) {
        jl_methtable_t *a = mt_for_callee_type(((jl_uniontype_t *)f)->a, create);
        jl_methtable_t *b = mt_for_callee_type(((jl_uniontype_t *)f)->b, create);
        return a == b ? a : NULL;
    }
    if (!jl_is_datatype(f))
        return NULL;
    jl_datatype_t *dt = (jl_datatype_t *)f;
    if (dt->name == jl_type_typename || is_kind(f))
        return jl_type_type_mt;
    if (dt->name->mt)
        return dt->name->mt;
    if (!create || dt->name->abstract || dt->name == jl_tuple_typename)
        return NULL;
    dt->name->mt = jl_new_method_table(dt->name->name, dt->name->module);
    return dt->name->mt;
}

jl_methtable_t *jl_method_table_for(jl_value_t *argtypes)
{
    jl_value_t *tt = jl_unwrap_unionall(argtypes);
    if (!jl_is_tuple_type(tt) || jl_nparams(tt) == 0)
        return NULL;
    jl_value_t *f = jl_tparam0(tt);
    if (jl_is_vararg(f))
        return NULL;
    return mt_for_callee_type(f, 0);
}

static inline jl_methtable_t *callee_mt(jl_value_t *F)
{
    jl_value_t *t = jl_typeof(F);
    if (is_kind(t))
        return jl_type_type_mt;
    return ((jl_datatype_t *)t)->name->mt;
}

/* ---------------------------------------------------------------------------------------------- */
/* Backedges and invalidation */

void jl_method_instance_add_backedge(jl_method_instance_t *callee, jl_method_instance_t *caller)
{
    if (callee == caller || callee == NULL || caller == NULL)
        return;
    if (callee->backedges == NULL)
        callee->backedges = jl_alloc_vec_any(0);
    jl_array_t *be = callee->backedges;
    size_t n = jl_array_len(be);
    size_t lo = n > 64 ? n - 64 : 0;
    for (size_t i = n; i > lo; i--)
        if (jl_array_ptr_ref(be, i - 1) == (jl_value_t *)caller)
            return;
    jl_array_ptr_1d_push(be, (jl_value_t *)caller);
}

void jl_method_table_add_backedge(jl_methtable_t *mt, jl_value_t *typ, jl_method_instance_t *caller)
{
    if (mt == NULL || caller == NULL)
        return;
    gf_cache_t *c = mt_cache_make(mt);
    if (c->backedges == NULL)
        c->backedges = jl_alloc_vec_any(0);
    jl_array_t *be = c->backedges;
    size_t n = jl_array_len(be);
    for (size_t i = 0; i + 1 < n; i += 2)
        if (jl_array_ptr_ref(be, i + 1) == (jl_value_t *)caller && types_equal(jl_array_ptr_ref(be, i), typ))
            return;
    jl_array_ptr_1d_push(be, typ);
    jl_array_ptr_1d_push(be, (jl_value_t *)caller);
}

/* Cap the CodeInstances of every MethodInstance reachable from `start` (itself included when
 * `self`) through backedges at max_world. */
static void invalidate_from(jl_method_instance_t *start, size_t max_world, int self)
{
    jl_array_t *work = jl_alloc_vec_any(0);
    if (self) {
        jl_array_ptr_1d_push(work, (jl_value_t *)start);
    }
    else {
        jl_array_t *be = start->backedges;
        if (be == NULL)
            return;
        start->backedges = NULL;
        for (size_t i = 0; i < jl_array_len(be); i++)
            jl_array_ptr_1d_push(work, jl_array_ptr_ref(be, i));
    }
    while (jl_array_len(work) > 0) {
        jl_method_instance_t *mi = (jl_method_instance_t *)jl_array_ptr_ref(work, jl_array_len(work) - 1);
        jl_array_del_end(work, 1);
        for (jl_code_instance_t *ci = mi->cache; ci; ci = ci->next)
            if (ci->max_world > max_world && ci->min_world <= max_world)
                ci->max_world = max_world;
        jl_array_t *be = mi->backedges;
        if (be == NULL)
            continue;
        mi->backedges = NULL;
        for (size_t i = 0; i < jl_array_len(be); i++)
            jl_array_ptr_1d_push(work, jl_array_ptr_ref(be, i));
    }
}

/* Could a call with these dispatch keys match signature sig? (cheap, may answer yes wrongly) */
static int keys_may_match(jl_value_t **keys, uint32_t nk, jl_value_t *sig)
{
    jl_value_t *body = jl_unwrap_unionall(sig);
    if (!jl_is_tuple_type(body))
        return 1;
    size_t np = jl_nparams(body);
    int va = np > 0 && jl_is_vararg(jl_tparam(body, np - 1));
    if (!va && nk != np)
        return 0;
    if (va && nk < np - 1)
        return 0;
    for (uint32_t i = 0; i < nk && i < 8; i++) {
        jl_value_t *si = (va && i >= np - 1) ? jl_unwrap_vararg(jl_tparam(body, np - 1)) : jl_tparam(body, i);
        if (!jl_is_datatype(si) || is_kind(si))
            continue;
        jl_datatype_t *sd = (jl_datatype_t *)si;
        jl_value_t *k = keys[i];
        if (key_is_value(k)) {
            jl_value_t *X = key_value(k);
            if (sd->name == jl_type_typename) {
                jl_value_t *Y = jl_tparam0(sd);
                if (jl_is_datatype(Y) && jl_is_datatype(X)) {
                    if (((jl_datatype_t *)Y)->name != ((jl_datatype_t *)X)->name)
                        return 0;
                    if (!((jl_datatype_t *)Y)->hasfreetypevars && X != Y)
                        return 0;
                }
                else if (jl_is_datatype(Y) && jl_is_unionall(X)) {
                    return 0;
                }
                else if (jl_is_typevar(Y)) {
                    jl_value_t *ub = jl_unwrap_unionall(((jl_tvar_t *)Y)->ub);
                    if (jl_is_datatype(ub) && ub != (jl_value_t *)jl_any_type && jl_is_datatype(X) &&
                        ((jl_datatype_t *)ub)->name != jl_type_typename && !is_kind(ub)) {
                        jl_datatype_t *x = (jl_datatype_t *)X;
                        while (x->name != ((jl_datatype_t *)ub)->name) {
                            if (x == jl_any_type || x->super == NULL || x->super == x)
                                return 0;
                            x = x->super;
                        }
                    }
                }
            }
            continue;
        }
        if (sd->name == jl_type_typename)
            return 0;  /* a value that is not a type */
        if (sd == jl_any_type)
            continue;
        jl_datatype_t *x = (jl_datatype_t *)k;
        while (x->name != sd->name) {
            if (x == jl_any_type || x->super == NULL || x->super == x)
                return 0;
            x = x->super;
        }
    }
    return 1;
}

/* Could the tuple types a and b intersect? (cheap, may answer yes wrongly) */
static int may_intersect(jl_value_t *a, jl_value_t *b)
{
    jl_value_t *ab = jl_unwrap_unionall(a), *bb = jl_unwrap_unionall(b);
    if (!jl_is_tuple_type(ab) || !jl_is_tuple_type(bb))
        return 1;
    size_t na = jl_nparams(ab), nb = jl_nparams(bb);
    int vaa = na > 0 && jl_is_vararg(jl_tparam(ab, na - 1));
    int vab = nb > 0 && jl_is_vararg(jl_tparam(bb, nb - 1));
    if (!vaa && !vab && na != nb)
        return 0;
    if (!vaa && vab && na < nb - 1)
        return 0;
    if (vaa && !vab && nb < na - 1)
        return 0;
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n && i < 8; i++) {
        jl_value_t *x = jl_tparam(ab, i), *y = jl_tparam(bb, i);
        if (!jl_is_datatype(x) || !jl_is_datatype(y) || is_kind(x) || is_kind(y))
            continue;
        jl_datatype_t *xd = (jl_datatype_t *)x, *yd = (jl_datatype_t *)y;
        if (xd->name == jl_type_typename || yd->name == jl_type_typename || xd->name == jl_tuple_typename ||
            yd->name == jl_tuple_typename)
            continue;
        if (xd->name == yd->name) {
            if (xd != yd && !xd->hasfreetypevars && !yd->hasfreetypevars && (xd->isconcretetype || yd->isconcretetype))
                return 0;
            continue;
        }
        jl_datatype_t *s = xd;
        int found = 0;
        while (1) {
            if (s->name == yd->name) {
                found = 1;
                break;
            }
            if (s == jl_any_type || s->super == NULL || s->super == s)
                break;
            s = s->super;
        }
        if (found)
            continue;
        s = yd;
        while (1) {
            if (s->name == xd->name) {
                found = 1;
                break;
            }
            if (s == jl_any_type || s->super == NULL || s->super == s)
                break;
            s = s->super;
        }
        if (!found)
            return 0;
    }
    return 1;
}

static int sigs_intersect(jl_value_t *a, jl_value_t *b)
{
    if (!may_intersect(a, b))
        return 0;
    return jl_type_intersection(a, b) != jl_bottom_type;
}

/* After `m` was added in world `world`: cap the code that may now dispatch differently. */
static void invalidate_for_new_method(jl_methtable_t *mt, jl_method_t *m, jl_method_t *replaced, size_t world)
{
    size_t max_world = world - 1;
    if (replaced && replaced->specializations) {
        jl_array_t *specs = replaced->specializations;
        for (size_t i = 0; i < jl_array_len(specs); i++) {
            jl_method_instance_t *mi = (jl_method_instance_t *)jl_array_ptr_ref(specs, i);
            if (mi)
                invalidate_from(mi, max_world, 0);
        }
    }
    jl_array_t *defs = mt->defs;
    size_t nd = jl_array_len(defs);
    for (size_t i = 0; i < nd; i++) {
        jl_method_t *old = (jl_method_t *)jl_array_ptr_ref(defs, i);
        if (old == m || old == replaced || old->deleted_world != JL_MAX_WORLD || old->specializations == NULL)
            continue;
        jl_array_t *specs = old->specializations;
        int checked = 0, old_wins = 0;
        for (size_t j = 0; j < jl_array_len(specs) && !old_wins; j++) {
            jl_method_instance_t *mi = (jl_method_instance_t *)jl_array_ptr_ref(specs, j);
            if (mi == NULL || mi->backedges == NULL || jl_array_len(mi->backedges) == 0)
                continue;
            if (!sigs_intersect(mi->specTypes, m->sig))
                continue;
            if (!checked) {
                checked = 1;
                /* where both apply, a more specific old method still wins */
                old_wins = jl_type_morespecific(old->sig, m->sig);
                if (old_wins)
                    break;
            }
            invalidate_from(mi, max_world, 0);
        }
    }
    gf_cache_t *c = mt_cache(mt);
    if (c == NULL)
        return;
    if (c->backedges) {
        jl_array_t *be = c->backedges;
        size_t n = jl_array_len(be), k = 0;
        for (size_t i = 0; i + 1 < n; i += 2) {
            jl_value_t *typ = jl_array_ptr_ref(be, i);
            jl_method_instance_t *caller = (jl_method_instance_t *)jl_array_ptr_ref(be, i + 1);
            if (sigs_intersect(typ, m->sig)) {
                invalidate_from(caller, max_world, 1);
            }
            else {
                jl_array_ptr_set(be, k++, typ);
                jl_array_ptr_set(be, k++, caller);
            }
        }
        if (k < n)
            jl_array_del_end(be, n - k);
    }
    for (size_t i = 0; i < c->size; i++) {
        gf_entry_t *e = &c->entries[i];
        if (e->mi == NULL || e->max_world < world)
            continue;
        if (keys_may_match(entry_keys(e), e->nkeys, m->sig))
            e->max_world = max_world;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Printing types as Julia's static show does (for --trace-compile and method warnings) */

static const char *const core_exports[] = {
    "Any", "DataType", "Vararg", "NTuple", "Tuple", "Type", "UnionAll", "TypeVar", "Union", "Nothing", "Cvoid",
    "AbstractArray", "DenseArray", "NamedTuple", "Pair", "Function", "Method", "Module", "Symbol", "Task",
    "Array", "UndefInitializer", "undef", "WeakRef", "VecElement", "Number", "Real", "Integer", "Bool", "Ref",
    "Ptr", "AbstractFloat", "Float16", "Float32", "Float64", "Signed", "Int", "Int8", "Int16", "Int32", "Int64",
    "Int128", "Unsigned", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "AbstractChar", "Char",
    "AbstractString", "String", "IO", "ErrorException", "BoundsError", "DivideError", "DomainError",
    "Exception", "InterruptException", "InexactError", "OutOfMemoryError", "ReadOnlyMemoryError",
    "OverflowError", "StackOverflowError", "SegmentationFault", "UndefRefError", "UndefVarError", "TypeError",
    "ArgumentError", "MethodError", "AssertionError", "LoadError", "InitError", "UndefKeywordError",
    "ConcurrencyViolationError", "Expr", "QuoteNode", "LineNumberNode", "GlobalRef", "fieldtype", "getfield",
    "setfield!", "swapfield!", "modifyfield!", "replacefield!", "nfields", "throw", "tuple", "===",
    "isdefined", "eval", "getglobal", "setglobal!", "<:", "typeof", "isa", "typeassert", "applicable",
    "invoke", "nothing", "Main", NULL};

static int core_exports_name(jl_sym_t *s)
{
    if (jl_module_exports_p(jl_core_module, s))
        return 1;
    const char *n = jl_symbol_name(s);
    for (int i = 0; core_exports[i]; i++)
        if (strcmp(core_exports[i], n) == 0)
            return 1;
    return 0;
}

static void show_module(jl_sbuf_t *b, jl_module_t *m)
{
    if (m->parent != NULL && m->parent != m && m->parent != jl_main_module) {
        show_module(b, m->parent);
        jl_sbuf_puts(b, ".");
    }
    jl_sbuf_puts(b, jl_symbol_name(m->name));
}

/* Operator names print bare (e.g. typeof(Base.:(+)), Base.:+): ASCII operator characters only. */
static int is_operator_name(const char *n)
{
    if (!*n)
        return 0;
    for (const char *p = n; *p; p++)
        if (!strchr("+-*/\\^%&|<>=!~:$.?", *p))
            return 0;
    return 1;
}

static void show_symbol_name(jl_sbuf_t *b, jl_sym_t *s)
{
    const char *n = jl_symbol_name(s);
    if (jl_is_identifier(n) || is_operator_name(n)) {
        jl_sbuf_puts(b, n);
        return;
    }
    jl_sbuf_puts(b, "var\"");
    for (const char *p = n; *p; p++) {
        if (*p == '"' || *p == '\\')
            jl_sbuf_puts(b, "\\");
        jl_sbuf_write(b, p, 1);
    }
    jl_sbuf_puts(b, "\"");
}

/* Is dt the type of a function bound to a global of its module? Then it prints as typeof(M.f). */
static int is_globfunction(jl_datatype_t *dt)
{
    jl_methtable_t *mt = dt->name->mt;
    if (mt == NULL || mt == jl_type_type_mt || dt->instance == NULL || dt->name->module == NULL)
        return 0;
    const char *n = jl_symbol_name(mt->name);
    if (strchr(n, '#') || strchr(n, '@'))
        return 0;
    jl_binding_t *bnd = jl_get_module_binding(dt->name->module, mt->name, 0);
    if (bnd == NULL)
        return 0;
    jl_value_t *v = jl_binding_value(bnd);
    return v != NULL && (v == dt->instance || v == (jl_value_t *)dt);
}

static void show_static(jl_sbuf_t *b, jl_value_t *v, int depth);

static void show_datatype_static(jl_sbuf_t *b, jl_datatype_t *dt, int depth)
{
    if (dt->name == jl_tuple_typename) {
        jl_sbuf_puts(b, "Tuple{");
        for (size_t i = 0; i < jl_nparams(dt); i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            show_static(b, jl_tparam(dt, i), depth + 1);
        }
        jl_sbuf_puts(b, "}");
        return;
    }
    int globfunc = is_globfunction(dt);
    jl_sym_t *sym = globfunc ? dt->name->mt->name : dt->name->name;
    int quote = 0;
    if (globfunc)
        jl_sbuf_puts(b, "typeof(");
    jl_module_t *mod = dt->name->module;
    if (mod != NULL && (mod != jl_core_module || !core_exports_name(sym))) {
        show_module(b, mod);
        jl_sbuf_puts(b, ".");
        const char *n = jl_symbol_name(sym);
        if (globfunc && !jl_is_identifier(n)) {
            jl_sbuf_puts(b, ":(");
            quote = 1;
        }
    }
    if (quote)
        jl_sbuf_puts(b, jl_symbol_name(sym));
    else
        show_symbol_name(b, sym);
    if (quote)
        jl_sbuf_puts(b, ")");
    if (globfunc)
        jl_sbuf_puts(b, ")");
    if (jl_nparams(dt) > 0 && (jl_value_t *)dt != dt->name->wrapper) {
        jl_sbuf_puts(b, "{");
        for (size_t i = 0; i < jl_nparams(dt); i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            show_static(b, jl_tparam(dt, i), depth + 1);
        }
        jl_sbuf_puts(b, "}");
    }
}

static void show_tvar_bounds(jl_sbuf_t *b, jl_tvar_t *tv, int depth)
{
    if (tv->lb != jl_bottom_type) {
        show_static(b, tv->lb, depth + 1);
        jl_sbuf_puts(b, "<:");
    }
    show_symbol_name(b, tv->name);
    if (tv->ub != (jl_value_t *)jl_any_type) {
        jl_sbuf_puts(b, "<:");
        show_static(b, tv->ub, depth + 1);
    }
}

static void show_static(jl_sbuf_t *b, jl_value_t *v, int depth)
{
    if (v == NULL) {
        jl_sbuf_puts(b, "#<null>");
        return;
    }
    if (depth > 20) {
        jl_sbuf_puts(b, "...");
        return;
    }
    jl_value_t *t = jl_typeof(v);
    if (v == jl_bottom_type) {
        jl_sbuf_puts(b, "Union{}");
    }
    else if (t == (jl_value_t *)jl_datatype_type) {
        show_datatype_static(b, (jl_datatype_t *)v, depth);
    }
    else if (t == (jl_value_t *)jl_uniontype_type) {
        jl_sbuf_puts(b, "Union{");
        jl_value_t *u = v;
        int first = 1;
        while (jl_is_uniontype(u)) {
            if (!first)
                jl_sbuf_puts(b, ", ");
            show_static(b, ((jl_uniontype_t *)u)->a, depth + 1);
            first = 0;
            u = ((jl_uniontype_t *)u)->b;
        }
        jl_sbuf_puts(b, ", ");
        show_static(b, u, depth + 1);
        jl_sbuf_puts(b, "}");
    }
    else if (t == (jl_value_t *)jl_unionall_type) {
        jl_value_t *body = jl_unwrap_unionall(v);
        if (jl_is_datatype(body) && ((jl_datatype_t *)body)->name->wrapper == v) {
            jl_datatype_t *dt = (jl_datatype_t *)body;
            jl_module_t *mod = dt->name->module;
            if (mod != NULL && (mod != jl_core_module || !core_exports_name(dt->name->name))) {
                show_module(b, mod);
                jl_sbuf_puts(b, ".");
            }
            show_symbol_name(b, dt->name->name);
            return;
        }
        jl_unionall_t *ua = (jl_unionall_t *)v;
        show_static(b, ua->body, depth + 1);
        jl_sbuf_puts(b, " where ");
        show_tvar_bounds(b, ua->var, depth);
    }
    else if (t == (jl_value_t *)jl_tvar_type) {
        show_symbol_name(b, ((jl_tvar_t *)v)->name);
    }
    else if (t == (jl_value_t *)jl_vararg_type) {
        jl_vararg_t *va = (jl_vararg_t *)v;
        jl_sbuf_puts(b, "Vararg");
        if (va->T) {
            jl_sbuf_puts(b, "{");
            show_static(b, va->T, depth + 1);
            if (va->N) {
                jl_sbuf_puts(b, ", ");
                show_static(b, va->N, depth + 1);
            }
            jl_sbuf_puts(b, "}");
        }
    }
    else if (t == (jl_value_t *)jl_symbol_type) {
        jl_sbuf_puts(b, ":");
        show_symbol_name(b, (jl_sym_t *)v);
    }
    else if (t == (jl_value_t *)jl_int64_type) {
        jl_sbuf_printf(b, "%lld", (long long)jl_unbox_int64(v));
    }
    else if (t == (jl_value_t *)jl_bool_type) {
        jl_sbuf_puts(b, jl_unbox_bool(v) ? "true" : "false");
    }
    else if (t == (jl_value_t *)jl_module_type) {
        show_module(b, (jl_module_t *)v);
    }
    else if (jl_is_tuple_type(t)) {
        size_t n = jl_nparams(t);
        jl_sbuf_puts(b, "(");
        for (size_t i = 0; i < n; i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            show_static(b, jl_get_nth_field(v, i), depth + 1);
        }
        jl_sbuf_puts(b, n == 1 ? ",)" : ")");
    }
    else {
        jl_static_show_to(b, v, 1);
    }
}

/* f(Int64, String) where {T}: a method signature as Julia prints it in warnings. */
static void show_func_sig(jl_sbuf_t *b, jl_value_t *sig)
{
    jl_value_t *body = jl_unwrap_unionall(sig);
    if (!jl_is_tuple_type(body) || jl_nparams(body) == 0) {
        show_static(b, sig, 0);
        return;
    }
    jl_value_t *ft = jl_tparam0(body);
    jl_methtable_t *fmt = jl_is_datatype(ft) ? ((jl_datatype_t *)ft)->name->mt : NULL;
    if (jl_is_datatype(ft) && fmt && fmt != jl_type_type_mt &&
        (jl_nparams(ft) == 0 || ft == ((jl_datatype_t *)ft)->name->wrapper)) {
        show_symbol_name(b, fmt->name);
    }
    else {
        jl_sbuf_puts(b, "(::");
        show_static(b, ft, 0);
        jl_sbuf_puts(b, ")");
    }
    jl_sbuf_puts(b, "(");
    size_t n = jl_nparams(body);
    for (size_t i = 1; i < n; i++) {
        jl_value_t *tp = jl_tparam(body, i);
        if (jl_is_vararg(tp)) {
            show_static(b, jl_unwrap_vararg(tp), 0);
            jl_sbuf_puts(b, "...");
        }
        else {
            show_static(b, tp, 0);
        }
        if (i != n - 1)
            jl_sbuf_puts(b, ", ");
    }
    jl_sbuf_puts(b, ")");
    jl_value_t *u = sig;
    int first = 1;
    while (jl_is_unionall(u)) {
        jl_sbuf_puts(b, first ? " where {" : ", ");
        show_tvar_bounds(b, ((jl_unionall_t *)u)->var, 0);
        first = 0;
        u = ((jl_unionall_t *)u)->body;
    }
    if (!first)
        jl_sbuf_puts(b, "}");
}

static FILE *trace_file;

void jl_trace_compile(jl_method_instance_t *mi)
{
    if (jl_options.trace_compile == NULL || mi == NULL || !jl_is_method(mi->def) || !closed_type(mi->specTypes))
        return;
    if (!jl_base_loaded) /* what Base compiles while it loads stands for the system image (not traced) */
        return;
    if (trace_file == NULL) {
        if (strcmp(jl_options.trace_compile, "stderr") == 0)
            trace_file = stderr;
        else if (strcmp(jl_options.trace_compile, "stdout") == 0)
            trace_file = stdout;
        else
            trace_file = fopen(jl_options.trace_compile, "w");
        if (trace_file == NULL)
            return;
    }
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    jl_sbuf_puts(&b, "precompile(");
    show_static(&b, mi->specTypes, 0);
    jl_sbuf_puts(&b, ")\n");
    fwrite(b.data, 1, b.len, trace_file);
    fflush(trace_file);
    jl_sbuf_free(&b);
}

/* ---------------------------------------------------------------------------------------------- */
/* Defining methods */

static int is_apply_iterate(jl_value_t *f)
{
    if (jl_is_globalref(f))
        return strcmp(jl_symbol_name(((jl_globalref_t *)f)->name), "_apply_iterate") == 0;
    jl_methtable_t *mt = jl_is_type(f) ? NULL : ((jl_datatype_t *)jl_typeof(f))->name->mt;
    return mt && mt->builtin == jl_f__apply_iterate;
}

static void mark_called(jl_method_t *m, jl_value_t *f)
{
    intptr_t slot = 0;
    if (jl_is_slotnumber(f))
        slot = ((jl_slotnumber_t *)f)->id;
    else if (jl_is_argument(f))
        slot = ((jl_argument_t *)f)->n;
    if (slot >= 2 && slot <= m->nargs && slot - 2 < 32)
        m->called |= (int32_t)(1u << (slot - 2));
}

/* Which arguments the body calls (specialize on them) and which are @nospecialize. */
static void scan_method_body(jl_method_t *m, jl_code_info_t *src)
{
    if (src == NULL || src->code == NULL)
        return;
    jl_array_t *code = src->code;
    for (size_t i = 0; i < jl_array_len(code); i++) {
        jl_value_t *st = jl_array_ptr_ref(code, i);
        if (!jl_is_expr(st))
            continue;
        jl_expr_t *ex = (jl_expr_t *)st;
        if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2 && jl_is_expr(jl_exprarg(ex, 1)))
            ex = (jl_expr_t *)jl_exprarg(ex, 1);
        size_t n = jl_expr_nargs(ex);
        if (ex->head == jl_call_sym && n >= 1) {
            jl_value_t *f = jl_exprarg(ex, 0);
            mark_called(m, f);
            if (n >= 3 && is_apply_iterate(f))
                mark_called(m, jl_exprarg(ex, 2));
        }
        else if (ex->head == jl_invoke_sym && n >= 2) {
            mark_called(m, jl_exprarg(ex, 1));
        }
        else if (ex->head == jl_meta_sym && n >= 1 && jl_exprarg(ex, 0) == (jl_value_t *)jl_nospecialize_sym) {
            for (size_t j = 1; j < n; j++) {
                jl_value_t *a = jl_exprarg(ex, j);
                intptr_t slot = jl_is_slotnumber(a) ? ((jl_slotnumber_t *)a)->id
                                : jl_is_argument(a)  ? ((jl_argument_t *)a)->n
                                                     : 0;
                if (slot >= 2 && slot - 2 < 32)
                    m->nospecialize |= 1u << (slot - 2);
            }
        }
    }
}

static void method_warning_unused_tvars(jl_method_t *m, jl_svec_t *tvars, jl_value_t *argtype)
{
    for (size_t i = 0; i < jl_svec_len(tvars); i++) {
        jl_tvar_t *tv = (jl_tvar_t *)jl_svecref(tvars, i);
        int used = jl_has_typevar(argtype, tv);
        for (size_t j = 0; j < jl_svec_len(tvars) && !used; j++) {
            jl_tvar_t *o = (jl_tvar_t *)jl_svecref(tvars, j);
            if (o != tv && (jl_has_typevar(o->lb, tv) || jl_has_typevar(o->ub, tv)))
                used = 1;
        }
        if (!used)
            fprintf(stderr, "WARNING: method definition for %s at %s:%d declares type variable %s but does not use it.\n",
                    jl_symbol_name(m->name), jl_symbol_name(m->file), (int)m->line, jl_symbol_name(tv->name));
    }
}

static jl_sym_t *method_name_for(jl_value_t *f, jl_methtable_t *mt)
{
    while (jl_is_typevar(f))
        f = ((jl_tvar_t *)f)->ub;
    f = jl_unwrap_unionall(f);
    if (jl_is_datatype(f) && ((jl_datatype_t *)f)->name == jl_type_typename) {
        jl_value_t *p = jl_tparam0(f);
        while (jl_is_typevar(p))
            p = ((jl_tvar_t *)p)->ub;
        p = jl_unwrap_unionall(p);
        if (jl_is_datatype(p) && p != (jl_value_t *)jl_any_type)
            return ((jl_datatype_t *)p)->name->name;
        return jl_symbol("Type");
    }
    return mt->name;
}

jl_method_t *jl_method_def(jl_svec_t *argdata, jl_code_info_t *f, jl_module_t *module)
{
    if (!jl_is_svec(argdata) || jl_svec_len(argdata) < 2)
        jl_error("method: invalid argument data");
    jl_svec_t *atypes = (jl_svec_t *)jl_svecref(argdata, 0);
    jl_svec_t *tvars = (jl_svec_t *)jl_svecref(argdata, 1);
    jl_value_t *lnn = jl_svec_len(argdata) > 2 ? jl_svecref(argdata, 2) : NULL;
    if (!jl_is_svec(atypes) || !jl_is_svec(tvars))
        jl_error("method: invalid argument data");
    size_t nargs = jl_svec_len(atypes);
    if (nargs == 0)
        jl_error("function signature missing");
    jl_sym_t *file = jl_empty_sym;
    int32_t line = 0;
    if (lnn && jl_is_linenode(lnn)) {
        jl_value_t *l = jl_get_nth_field(lnn, 0), *fl = jl_get_nth_field(lnn, 1);
        if (jl_is_long(l))
            line = (int32_t)jl_unbox_long(l);
        if (fl && jl_is_symbol(fl))
            file = (jl_sym_t *)fl;
    }
    jl_value_t *ftype = jl_svecref(atypes, 0);
    jl_methtable_t *mt = mt_for_callee_type(ftype, 0);
    jl_sym_t *fname = mt ? method_name_for(ftype, mt) : jl_symbol("?");
    for (size_t i = 0; i < nargs; i++) {
        jl_value_t *elt = jl_svecref(atypes, i);
        if (jl_is_vararg(elt)) {
            if (i < nargs - 1)
                jl_exceptionf(jl_argumenterror_type, "Vararg on non-final argument in method definition for %s at %s:%d",
                              jl_symbol_name(fname), jl_symbol_name(file), (int)line);
            continue;
        }
        if (!jl_is_type(elt) && !jl_is_typevar(elt))
            jl_exceptionf(jl_argumenterror_type,
                          "invalid type for argument number %d in method definition for %s at %s:%d", (int)i,
                          jl_symbol_name(fname), jl_symbol_name(file), (int)line);
    }
    for (size_t i = 0; i < jl_svec_len(tvars); i++)
        if (!jl_is_typevar(jl_svecref(tvars, i)))
            jl_type_error("method signature", (jl_value_t *)jl_tvar_type, jl_svecref(tvars, i));
    jl_value_t *argtype = (jl_value_t *)jl_apply_tuple_type(atypes);
    jl_value_t *sig = argtype;
    for (size_t i = jl_svec_len(tvars); i > 0; i--)
        sig = (jl_value_t *)new_unionall((jl_tvar_t *)jl_svecref(tvars, i - 1), sig);
    if (mt == NULL) {
        jl_value_t *fb = ftype;
        while (jl_is_typevar(fb))
            fb = ((jl_tvar_t *)fb)->ub;
        fb = jl_unwrap_unionall(fb);
        if (jl_is_datatype(fb) && ((jl_datatype_t *)fb)->name->abstract)
            jl_error("cannot add methods to an abstract type");
        mt = mt_for_callee_type(ftype, 1);
        if (mt == NULL)
            jl_error("cannot add methods to an abstract type");
        fname = method_name_for(ftype, mt);
    }
    if (mt->builtin)
        jl_errorf("cannot add methods to a builtin function");
    if (mt->frozen)
        jl_errorf("cannot add methods to %s: its method table is frozen", jl_symbol_name(mt->name));
    jl_method_t *m = jl_new_method_uninit(module);
    m->name = fname;
    m->file = file;
    m->line = line;
    m->sig = sig;
    jl_svec_t *names = jl_alloc_svec(jl_svec_len(tvars));
    for (size_t i = 0; i < jl_svec_len(tvars); i++)
        jl_svecset(names, i, ((jl_tvar_t *)jl_svecref(tvars, i))->name);
    m->sparam_syms = names;
    m->source = (jl_value_t *)f;
    if (f && jl_is_code_info(f)) {
        m->nargs = f->nargs;
        m->isva = f->isva;
    }
    else {
        m->nargs = (int32_t)nargs;
        m->isva = jl_is_vararg(jl_svecref(atypes, nargs - 1));
    }
    scan_method_body(m, f);
    method_warning_unused_tvars(m, tvars, argtype);
    jl_method_table_insert(mt, m);
    return m;
}

/* #12#13-style names of anonymous functions */
static int is_anonfn_typename(const char *name)
{
    if (name[0] != '#' || name[1] == '#')
        return 0;
    const char *other = strrchr(name, '#');
    return other > &name[1] && other[1] >= '0' && other[1] <= '9';
}

static void warn_overwrite(jl_method_t *old, jl_method_t *m)
{
    jl_value_t *body = jl_unwrap_unionall(old->sig);
    jl_value_t *ft = jl_nparams(body) > 0 ? jl_unwrap_unionall(jl_tparam0(body)) : NULL;
    int anon = ft && jl_is_datatype(ft) && is_anonfn_typename(jl_symbol_name(((jl_datatype_t *)ft)->name->name));
    int generating = jl_generating_output();
    if (jl_options.warn_overwrite || (jl_options.incremental && generating) || anon) {
        jl_sbuf_t b;
        jl_sbuf_init(&b);
        jl_sbuf_puts(&b, "WARNING: Method definition ");
        show_func_sig(&b, m->sig);
        jl_sbuf_printf(&b, " in module %s at %s:%d overwritten", jl_symbol_name(old->module->name),
                       jl_symbol_name(old->file), (int)old->line);
        if (old->module != m->module)
            jl_sbuf_printf(&b, " in module %s", jl_symbol_name(m->module->name));
        if (m->line > 0 && m->line == old->line && m->file == old->file)
            jl_sbuf_puts(&b, anon ? " on the same line" : " on the same line (check for duplicate calls to `include`)");
        else
            jl_sbuf_printf(&b, " at %s:%d", jl_symbol_name(m->file), (int)m->line);
        jl_sbuf_puts(&b, ".\n");
        fwrite(b.data, 1, b.len, stderr);
        fflush(stderr);
        jl_sbuf_free(&b);
    }
    if (generating && jl_options.incremental) {
        fprintf(stderr, "ERROR: Method overwriting is not permitted during Module precompilation. Use "
                        "`__precompile__(false)` to opt-out of precompilation.\n");
        jl_error("Method overwriting is not permitted during Module precompilation.");
    }
}

static void update_max_args(jl_methtable_t *mt, jl_value_t *sig)
{
    if (mt == jl_type_type_mt)
        return;
    jl_value_t *body = jl_unwrap_unionall(sig);
    intptr_t na = (intptr_t)jl_nparams(body);
    if (na > 0) {
        jl_value_t *last = jl_tparam(body, na - 1);
        if (jl_is_vararg(last) && (((jl_vararg_t *)last)->N == NULL || jl_is_typevar(((jl_vararg_t *)last)->N)))
            na--;
    }
    if (na > mt->max_args)
        mt->max_args = na;
}

/* Could two signatures be equal types? (cheap: same length and Vararg-ness, same head names) */
static int sig_shapes_may_equal(jl_value_t *a, jl_value_t *b)
{
    jl_value_t *ab = jl_unwrap_unionall(a), *bb = jl_unwrap_unionall(b);
    if (!jl_is_tuple_type(ab) || !jl_is_tuple_type(bb))
        return 1;
    size_t n = jl_nparams(ab);
    if (n != jl_nparams(bb))
        return 0;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *x = jl_tparam(ab, i), *y = jl_tparam(bb, i);
        if (jl_is_vararg(x) != jl_is_vararg(y))
            return 0;
        if (jl_is_vararg(x)) {
            x = jl_unwrap_vararg(x);
            y = jl_unwrap_vararg(y);
        }
        if (jl_is_datatype(x) && jl_is_datatype(y)) {
            jl_datatype_t *xd = (jl_datatype_t *)x, *yd = (jl_datatype_t *)y;
            if (xd->name != yd->name)
                return 0;
            if (!xd->hasfreetypevars && !yd->hasfreetypevars && xd != yd)
                return 0;
        }
    }
    return 1;
}

void jl_method_table_insert(jl_methtable_t *mt, jl_method_t *m)
{
    size_t world = ++jl_world_counter;
    m->primary_world = world;
    m->deleted_world = JL_MAX_WORLD;
    jl_method_t *replaced = NULL;
    jl_array_t *defs = mt->defs;
    for (size_t i = jl_array_len(defs); i > 0; i--) {
        jl_method_t *old = (jl_method_t *)jl_array_ptr_ref(defs, i - 1);
        if (old->deleted_world != JL_MAX_WORLD)
            continue;
        if (sig_shapes_may_equal(old->sig, m->sig) && types_equal(old->sig, m->sig)) {
            replaced = old;
            break;
        }
    }
    if (replaced) {
        warn_overwrite(replaced, m);
        replaced->deleted_world = world - 1;
    }
    jl_array_ptr_1d_push(defs, (jl_value_t *)m);
    update_max_args(mt, m->sig);
    invalidate_for_new_method(mt, m, replaced, world);
}

/* ---------------------------------------------------------------------------------------------- */
/* Specializations */

jl_method_instance_t *jl_specializations_get_linfo(jl_method_t *m, jl_value_t *type, jl_svec_t *sparams)
{
    jl_array_t *specs = m->specializations;
    if (specs == NULL) {
        specs = jl_alloc_vec_any(0);
        m->specializations = specs;
    }
    size_t n = jl_array_len(specs);
    for (size_t i = 0; i < n; i++) {
        jl_method_instance_t *mi = (jl_method_instance_t *)jl_array_ptr_ref(specs, i);
        if (mi->specTypes == type)
            return mi;
    }
    int dispatch = jl_is_datatype(type) && ((jl_datatype_t *)type)->isdispatchtuple;
    if (!dispatch) {
        for (size_t i = 0; i < n; i++) {
            jl_method_instance_t *mi = (jl_method_instance_t *)jl_array_ptr_ref(specs, i);
            if (!(jl_is_datatype(mi->specTypes) && ((jl_datatype_t *)mi->specTypes)->isdispatchtuple) &&
                types_equal(mi->specTypes, type))
                return mi;
        }
    }
    jl_method_instance_t *mi = jl_new_method_instance_uninit();
    mi->def = (jl_value_t *)m;
    mi->specTypes = type;
    mi->sparam_vals = sparams ? sparams : jl_emptysvec;
    jl_array_ptr_1d_push(specs, (jl_value_t *)mi);
    return mi;
}

static int very_general_type(jl_value_t *t)
{
    return t == (jl_value_t *)jl_any_type || t == (jl_value_t *)jl_type_type_ua ||
           (jl_is_unionall(t) && types_equal(t, (jl_value_t *)jl_type_type_ua));
}

static int is_callable_decl(jl_value_t *t)
{
    if (t == (jl_value_t *)jl_any_type || t == (jl_value_t *)jl_function_type)
        return 1;
    if (jl_is_uniontype(t)) {
        jl_uniontype_t *u = (jl_uniontype_t *)t;
        return (u->a == (jl_value_t *)jl_function_type && very_general_type(u->b)) ||
               (u->b == (jl_value_t *)jl_function_type && very_general_type(u->a));
    }
    return 0;
}

/* The signature to compile for a call with argument types tt (Julia's specialization heuristics). */
static jl_value_t *compilation_sig(jl_datatype_t *tt, jl_method_t *m, jl_methtable_t *mt)
{
    jl_value_t *decl = jl_unwrap_unionall(m->sig);
    size_t nd = jl_nparams(decl);
    int declva = nd > 0 && jl_is_vararg(jl_tparam(decl, nd - 1));
    size_t np = jl_nparams(tt);
    jl_value_t **p = (jl_value_t **)alloca((np + 1) * sizeof(jl_value_t *));
    int changed = 0;
    for (size_t i = 0; i < np; i++) {
        jl_value_t *elt = jl_tparam(tt, i);
        p[i] = elt;
        if (jl_is_vararg(elt))
            continue;
        jl_value_t *decl_i = (declva && i >= nd - 1) ? jl_unwrap_vararg(jl_tparam(decl, nd - 1))
                             : i < nd                ? jl_tparam(decl, i)
                                                     : (jl_value_t *)jl_any_type;
        int iscalled = i > 0 && i <= 32 && (m->called & (1u << (i - 1)));
        if (i > 0 && i <= 32 && (m->nospecialize & (1u << (i - 1)))) {
            if (closed_type(decl_i) && elt != decl_i) {
                p[i] = decl_i;
                changed = 1;
            }
            continue;
        }
        if (jl_is_type_type(elt) && !jl_is_typevar(jl_tparam0(elt))) {
            jl_value_t *kind = jl_typeof(jl_tparam0(elt));
            if (!closed_type(decl_i))
                continue;
            if (jl_subtype(kind, decl_i) && !jl_subtype((jl_value_t *)jl_type_type_ua, decl_i)) {
                p[i] = kind;
                changed = 1;
            }
            else if (very_general_type(decl_i) && !iscalled) {
                p[i] = (jl_value_t *)jl_type_type_ua;
                changed = 1;
            }
            continue;
        }
        if (i > 0 && !iscalled && closed_type(decl_i) && is_callable_decl(decl_i) && jl_is_datatype(elt) &&
            elt != (jl_value_t *)jl_function_type && jl_subtype(elt, (jl_value_t *)jl_function_type)) {
            p[i] = (jl_value_t *)jl_function_type;
            changed = 1;
        }
    }
    /* vararg methods: specialize on at most max_args + 2 arguments */
    size_t nspec = (size_t)mt->max_args + 2;
    jl_value_t *lastdecl = declva ? jl_tparam(decl, nd - 1) : NULL;
    if (declva && ((jl_vararg_t *)lastdecl)->N == NULL && np >= nspec && np > nd) {
        jl_value_t *lasttype = p[nspec - 2];
        int allsub = 1;
        for (size_t j = nspec - 1; j < np; j++) {
            jl_value_t *pj = jl_is_vararg(p[j]) ? jl_unwrap_vararg(p[j]) : p[j];
            if (!jl_subtype(pj, lasttype)) {
                allsub = 0;
                break;
            }
        }
        if (allsub) {
            if (jl_is_type_type(lasttype) && jl_is_type_type(jl_tparam0(lasttype)))
                lasttype = (jl_value_t *)jl_type_type_ua;
            p[nspec - 1] = jl_wrap_vararg(lasttype, NULL);
        }
        else {
            jl_value_t *T = jl_unwrap_vararg(lastdecl);
            p[nspec - 1] = jl_wrap_vararg(closed_type(T) ? T : (jl_value_t *)jl_any_type, NULL);
        }
        np = nspec;
        changed = 1;
    }
    if (!changed)
        return (jl_value_t *)tt;
    return (jl_value_t *)jl_apply_tuple_type_v(p, np);
}

/* The MethodInstance to run for argument types tt (a dispatch tuple) matched to m with static
 * parameters env. */
static jl_method_instance_t *specialize_for(jl_method_t *m, jl_datatype_t *tt, jl_svec_t *env, jl_methtable_t *mt)
{
    jl_value_t *spec = compilation_sig(tt, m, mt);
    jl_svec_t *sparams = env;
    if (spec != (jl_value_t *)tt) {
        int nsp = count_unionalls(m->sig);
        jl_value_t **vals = (jl_value_t **)alloca((nsp + 1) * sizeof(jl_value_t *));
        if (jl_subtype_env(spec, m->sig, vals, nsp)) {
            sparams = svec_from(vals, (size_t)nsp);
        }
        else {
            spec = (jl_value_t *)tt;
        }
    }
    return jl_specializations_get_linfo(m, spec, sparams);
}

/* ---------------------------------------------------------------------------------------------- */
/* Finding the method for a call */

static int type_chain_has(jl_datatype_t *x, jl_typename_t *name)
{
    while (x->name != name) {
        if (x == jl_any_type || x->super == NULL || x->super == x)
            return 0;
        x = x->super;
    }
    return 1;
}

/* Cheap rejection of a method for a dispatch tuple (concrete types and Type{X}). */
static int sig_may_match_tt(jl_datatype_t *tt, jl_value_t *sig)
{
    jl_value_t *body = jl_unwrap_unionall(sig);
    if (!jl_is_tuple_type(body))
        return 1;
    size_t np = jl_nparams(body), nt = jl_nparams(tt);
    int va = np > 0 && jl_is_vararg(jl_tparam(body, np - 1));
    int tva = nt > 0 && jl_is_vararg(jl_tparam(tt, nt - 1));
    if (tva)
        return 1;
    if (!va && nt != np)
        return 0;
    if (va && nt < np - 1)
        return 0;
    for (size_t i = 0; i < nt && i < 8; i++) {
        jl_value_t *si = (va && i >= np - 1) ? jl_unwrap_vararg(jl_tparam(body, np - 1)) : jl_tparam(body, i);
        jl_value_t *ti = jl_tparam(tt, i);
        if (!jl_is_datatype(si) || !jl_is_datatype(ti) || is_kind(si) || si == (jl_value_t *)jl_any_type)
            continue;
        jl_datatype_t *sd = (jl_datatype_t *)si, *td = (jl_datatype_t *)ti;
        if (td->name == jl_type_typename) {
            if (sd->name != jl_type_typename)
                continue;
            jl_value_t *X = jl_tparam0(td), *Y = jl_tparam0(sd);
            if (jl_is_datatype(Y)) {
                if (!jl_is_datatype(X) || ((jl_datatype_t *)X)->name != ((jl_datatype_t *)Y)->name)
                    return 0;
                if (!((jl_datatype_t *)Y)->hasfreetypevars && X != Y)
                    return 0;
            }
            else if (jl_is_typevar(Y) && jl_is_datatype(X)) {
                jl_value_t *ub = jl_unwrap_unionall(((jl_tvar_t *)Y)->ub);
                if (jl_is_datatype(ub) && ub != (jl_value_t *)jl_any_type && !is_kind(ub) &&
                    ((jl_datatype_t *)ub)->name != jl_type_typename &&
                    !type_chain_has((jl_datatype_t *)X, ((jl_datatype_t *)ub)->name))
                    return 0;
            }
            continue;
        }
        if (sd->name == jl_type_typename)
            return 0;
        if (!type_chain_has(td, sd->name))
            return 0;
    }
    return 1;
}

typedef struct {
    jl_method_t *m;
    jl_svec_t *env;
} gf_match_t;

/* The most specific method for a (dispatch or abstract) tuple type tt in `world`: methods whose
 * signature contains tt. Returns NULL if none or if the best one is ambiguous (*ambig set). */
static jl_method_t *find_method(jl_methtable_t *mt, jl_datatype_t *tt, size_t world, size_t *min_valid,
                                size_t *max_valid, jl_svec_t **penv, int *ambig)
{
    jl_array_t *defs = mt->defs;
    size_t nd = jl_array_len(defs);
    gf_match_t small[8];
    gf_match_t *matches = small;
    jl_array_t *big = NULL;  /* keeps the matches' objects visible to the GC when there are many */
    size_t nm = 0, cap = 8;
    *ambig = 0;
    jl_value_t *envbuf[32];
    for (size_t i = 0; i < nd; i++) {
        jl_method_t *m = (jl_method_t *)jl_array_ptr_ref(defs, i);
        if (!sig_may_match_tt(tt, m->sig))
            continue;
        int nsp = count_unionalls(m->sig);
        jl_svec_t *bigenv = nsp > 32 ? jl_alloc_svec((size_t)nsp) : NULL;
        jl_value_t **env = bigenv ? jl_svec_data(bigenv) : envbuf;
        if (!jl_subtype_env((jl_value_t *)tt, m->sig, env, nsp))
            continue;
        if (m->primary_world > world) {
            if (m->primary_world - 1 < *max_valid)
                *max_valid = m->primary_world - 1;
            continue;
        }
        if (m->deleted_world < world) {
            if (m->deleted_world + 1 > *min_valid)
                *min_valid = m->deleted_world + 1;
            continue;
        }
        if (m->primary_world > *min_valid)
            *min_valid = m->primary_world;
        if (m->deleted_world < *max_valid)
            *max_valid = m->deleted_world;
        if (nm == cap) {
            cap *= 2;
            gf_match_t *nmatches = (gf_match_t *)malloc(cap * sizeof(gf_match_t));
            memcpy(nmatches, matches, nm * sizeof(gf_match_t));
            if (matches != small)
                free(matches);
            matches = nmatches;
            if (big == NULL) {
                big = jl_alloc_vec_any(0);
                for (size_t k = 0; k < nm; k++)
                    jl_array_ptr_1d_push(big, (jl_value_t *)matches[k].env);
            }
        }
        matches[nm].m = m;
        matches[nm].env = svec_from(env, (size_t)nsp);
        if (big)
            jl_array_ptr_1d_push(big, (jl_value_t *)matches[nm].env);
        nm++;
    }
    jl_method_t *best = NULL;
    if (nm > 0) {
        size_t bi = 0;
        for (size_t i = 1; i < nm; i++)
            if (jl_type_morespecific(matches[i].m->sig, matches[bi].m->sig))
                bi = i;
        for (size_t i = 0; i < nm; i++) {
            if (i != bi && !jl_type_morespecific(matches[bi].m->sig, matches[i].m->sig)) {
                *ambig = 1;
                break;
            }
        }
        if (!*ambig) {
            best = matches[bi].m;
            *penv = matches[bi].env;
        }
    }
    if (matches != small)
        free(matches);
    (void)big;
    return best;
}

static int is_dispatch_tuple(jl_value_t *tt)
{
    if (!jl_is_tuple_type(tt))
        return 0;
    for (size_t i = 0; i < jl_nparams(tt); i++) {
        jl_value_t *p = jl_tparam(tt, i);
        if (jl_is_type_type(p)) {
            if (!closed_type(jl_tparam0(p)) || jl_is_typevar(jl_tparam0(p)))
                return 0;
            continue;
        }
        if (!jl_is_datatype(p) || !((jl_datatype_t *)p)->isconcretetype)
            return 0;
    }
    return 1;
}

/* Lookup for a call given its dispatch keys; caches the answer. */
static jl_method_instance_t *lookup_keys(jl_methtable_t *mt, jl_value_t **keys, uint32_t nk, size_t world,
                                         jl_value_t *tt)
{
    gf_cache_t *c = mt_cache_make(mt);
    uint64_t h = hash_keys(keys, nk);
    gf_entry_t *e = cache_find(c, keys, nk, h, world);
    if (e)
        return e->mi;
    int cacheable = canonicalize_keys(keys, nk);
    if (cacheable) {
        h = hash_keys(keys, nk);
        e = cache_find(c, keys, nk, h, world);
        if (e)
            return e->mi;
    }
    if (tt == NULL) {
        jl_value_t **p = (jl_value_t **)alloca(nk * sizeof(jl_value_t *));
        for (uint32_t i = 0; i < nk; i++)
            p[i] = key_sig_type(keys[i]);
        tt = (jl_value_t *)jl_apply_tuple_type_v(p, nk);
    }
    size_t min_valid = 1, max_valid = JL_MAX_WORLD;
    jl_svec_t *env = jl_emptysvec;
    int ambig = 0;
    jl_method_t *m = find_method(mt, (jl_datatype_t *)tt, world, &min_valid, &max_valid, &env, &ambig);
    if (m == NULL)
        return NULL;
    jl_method_instance_t *mi = specialize_for(m, (jl_datatype_t *)tt, env, mt);
    if (cacheable && min_valid <= world && world <= max_valid) {
        c = mt_cache_make(mt);
        cache_insert(c, keys, nk, h, mi, NULL, min_valid, max_valid);
    }
    return mi;
}

jl_method_instance_t *jl_method_lookup(jl_value_t **args, size_t nargs, size_t world)
{
    if (nargs == 0)
        return NULL;
    jl_methtable_t *mt = callee_mt(args[0]);
    if (mt == NULL || mt->builtin)
        return NULL;
    jl_value_t **keys = (jl_value_t **)alloca(nargs * sizeof(jl_value_t *));
    for (size_t i = 0; i < nargs; i++)
        keys[i] = key_of(args[i]);
    for (size_t i = 0; i < nargs; i++) {
        if (key_is_value(keys[i]) && !closed_type(key_value(keys[i]))) {
            /* a type with free variables as argument: dispatch on its kind */
            jl_value_t **p = (jl_value_t **)alloca(nargs * sizeof(jl_value_t *));
            for (size_t j = 0; j < nargs; j++)
                p[j] = arg_sig_type(args[j]);
            jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(p, nargs);
            return lookup_keys(mt, keys, (uint32_t)nargs, world, tt);
        }
    }
    return lookup_keys(mt, keys, (uint32_t)nargs, world, NULL);
}

jl_method_instance_t *jl_method_lookup_by_type(jl_value_t *tt, size_t world)
{
    jl_methtable_t *mt = jl_method_table_for(tt);
    if (mt == NULL || !jl_is_tuple_type(tt))
        return NULL;
    if (is_dispatch_tuple(tt)) {
        size_t n = jl_nparams(tt);
        jl_value_t **keys = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
        for (size_t i = 0; i < n; i++) {
            jl_value_t *p = jl_tparam(tt, i);
            keys[i] = jl_is_type_type(p) ? (jl_value_t *)((uintptr_t)jl_tparam0(p) | TAG_TYPE_VALUE) : p;
        }
        return lookup_keys(mt, keys, (uint32_t)n, world, tt);
    }
    size_t min_valid = 1, max_valid = JL_MAX_WORLD;
    jl_svec_t *env = jl_emptysvec;
    int ambig = 0;
    jl_method_t *m = find_method(mt, (jl_datatype_t *)tt, world, &min_valid, &max_valid, &env, &ambig);
    if (m == NULL)
        return NULL;
    return jl_specializations_get_linfo(m, tt, env);
}

/* ---------------------------------------------------------------------------------------------- */
/* Compiling a specialization */

static jl_code_instance_t *find_codeinst(jl_method_instance_t *mi, size_t world)
{
    for (jl_code_instance_t *ci = mi->cache; ci; ci = ci->next)
        if (ci->min_world <= world && world <= ci->max_world && ci->invoke != NULL)
            return ci;
    return NULL;
}

static void record_edges(jl_method_instance_t *caller, jl_code_info_t *src)
{
    if (src->edges && jl_is_array(src->edges)) {
        jl_array_t *edges = (jl_array_t *)src->edges;
        for (size_t i = 0; i < jl_array_len(edges); i++) {
            jl_value_t *e = jl_array_ptr_ref(edges, i);
            if (e == NULL)
                continue;
            if (jl_is_method_instance(e))
                jl_method_instance_add_backedge((jl_method_instance_t *)e, caller);
            else if (jl_is_type(e))
                jl_method_table_add_backedge(jl_method_table_for(e), e, caller);
        }
    }
    if (src->code) {
        for (size_t i = 0; i < jl_array_len(src->code); i++) {
            jl_value_t *st = jl_array_ptr_ref(src->code, i);
            if (!jl_is_expr(st))
                continue;
            jl_expr_t *ex = (jl_expr_t *)st;
            if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2 && jl_is_expr(jl_exprarg(ex, 1)))
                ex = (jl_expr_t *)jl_exprarg(ex, 1);
            if (ex->head == jl_invoke_sym && jl_expr_nargs(ex) >= 1 && jl_is_method_instance(jl_exprarg(ex, 0)))
                jl_method_instance_add_backedge((jl_method_instance_t *)jl_exprarg(ex, 0), caller);
        }
    }
}

static int debug_compile(void)
{
    static int flag = -1;
    if (flag < 0)
        flag = getenv("JULIA_DEBUG_COMPILE") != NULL;
    return flag;
}

static jl_code_info_t *try_infer(jl_method_instance_t *mi, size_t world)
{
    jl_code_info_t *volatile src = NULL;
    uint8_t old = mi->inInference;
    mi->inInference = 1;
    JL_TRY {
        src = jl_type_infer(mi, world);
    }
    JL_CATCH {
        src = NULL;
        if (debug_compile())
            jl_print_error_report(jl_current_exception(), NULL, "inference failed: ");
    }
    mi->inInference = old;
    return src;
}

static int try_codegen(jl_code_instance_t *ci, jl_code_info_t *src)
{
    volatile int ok = 0;
    JL_TRY {
        ok = jl_compile_codeinst(ci, src);
    }
    JL_CATCH {
        ok = 0;
        if (debug_compile())
            jl_print_error_report(jl_current_exception(), NULL, "codegen failed: ");
    }
    return ok;
}

jl_code_instance_t *jl_compile_method_internal(jl_method_instance_t *mi, size_t world)
{
    jl_code_instance_t *ci = find_codeinst(mi, world);
    if (ci)
        return ci;
    jl_method_t *m = jl_is_method(mi->def) ? (jl_method_t *)mi->def : NULL;
    size_t primary = m ? m->primary_world : 1;
    if (mi->inInference) {
        /* asked again while being inferred: run it in the interpreter meanwhile (not cached) */
        ci = jl_new_codeinst_uninit(mi, world, world);
        ci->invoke = jl_fptr_interpret_call;
        return ci;
    }
    jl_code_info_t *src = NULL;
    if (m && jl_options.compile_enabled != 0 && m->source != NULL)
        src = try_infer(mi, world);
    /* inference may have compiled it already (recursion) */
    ci = find_codeinst(mi, world);
    if (ci)
        return ci;
    size_t min_w = primary, max_w = JL_MAX_WORLD;
    if (src && jl_is_code_info(src)) {
        if (src->min_world <= world && world <= src->max_world && src->max_world != 0) {
            min_w = src->min_world;
            max_w = src->max_world;
        }
        else {
            min_w = world;
            max_w = JL_MAX_WORLD;
        }
        if (min_w < primary)
            min_w = primary;
    }
    ci = jl_new_codeinst_uninit(mi, min_w, max_w);
    int compiled = 0;
    if (src && jl_is_code_info(src)) {
        ci->inferred = (jl_value_t *)src;
        if (src->rettype)
            ci->rettype = src->rettype;
        record_edges(mi, src);
        compiled = try_codegen(ci, src);
    }
    if (ci->invoke == NULL)
        ci->invoke = jl_fptr_interpret_call;
    jl_mi_cache_insert(mi, ci);
    if (compiled && ci->invoke != jl_fptr_interpret_call)
        jl_trace_compile(mi);
    return ci;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calling */

static inline jl_value_t *invoke_codeinst(jl_code_instance_t *ci, jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    jl_fptr_args_t fp = ci->invoke;
    if (fp == jl_fptr_interpret_call)
        return jl_interpret_invoke(ci->def, F, args, nargs);
    return fp(F, args, nargs);
}

JL_DLLEXPORT jl_value_t *jl_invoke(jl_value_t *F, jl_value_t **args, uint32_t nargs, jl_method_instance_t *mi)
{
    size_t world = jl_current_task->world_age;
    jl_code_instance_t *ci = mi->cache;
    if (!(ci && ci->min_world <= world && world <= ci->max_world && ci->invoke))
        ci = jl_compile_method_internal(mi, world);
    return invoke_codeinst(ci, F, args, nargs);
}

/* JULIA_DEBUG_DISPATCH=1: describe each failed lookup on stderr (the call's types and the methods). */
static void debug_no_method(jl_value_t *F, jl_value_t **args, uint32_t nargs, size_t world)
{
    static int flag = -1;
    if (flag < 0)
        flag = getenv("JULIA_DEBUG_DISPATCH") != NULL;
    if (!flag)
        return;
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    jl_sbuf_puts(&b, "dispatch: no unique method for Tuple{");
    show_static(&b, arg_sig_type(F), 0);
    for (uint32_t i = 0; i < nargs; i++) {
        jl_sbuf_puts(&b, ", ");
        show_static(&b, arg_sig_type(args[i]), 0);
    }
    jl_sbuf_printf(&b, "} in world %zu (newest %zu)\n", world, jl_world_counter);
    jl_methtable_t *mt = callee_mt(F);
    for (size_t i = 0; mt && i < jl_array_len(mt->defs) && i < 40; i++) {
        jl_method_t *m = (jl_method_t *)jl_array_ptr_ref(mt->defs, i);
        jl_sbuf_puts(&b, "  ");
        show_static(&b, m->sig, 0);
        jl_sbuf_printf(&b, "  worlds [%zu, %zd] %s:%d\n", m->primary_world, (ssize_t)m->deleted_world,
                       jl_symbol_name(m->file), (int)m->line);
    }
    fwrite(b.data, 1, b.len, stderr);
    jl_sbuf_free(&b);
}

static JL_NORETURN void no_method(jl_value_t *F, jl_value_t **args, uint32_t nargs, size_t world)
{
    debug_no_method(F, args, nargs, world);
    jl_method_error(F, args, nargs, world);
}

static jl_value_t *apply_generic_slow(jl_value_t *F, jl_value_t **args, uint32_t nargs, size_t world)
{
    jl_methtable_t *mt = callee_mt(F);
    if (mt == NULL)
        no_method(F, args, nargs, world);
    if (mt->builtin)
        return mt->builtin(F, args, nargs);
    uint32_t nk = nargs + 1;
    jl_value_t **all = (jl_value_t **)alloca(nk * sizeof(jl_value_t *));
    all[0] = F;
    for (uint32_t i = 0; i < nargs; i++)
        all[i + 1] = args[i];
    jl_method_instance_t *mi = jl_method_lookup(all, nk, world);
    if (mi == NULL)
        no_method(F, args, nargs, world);
    jl_code_instance_t *ci = jl_compile_method_internal(mi, world);
    if (mi->cache == ci) {
        /* remember the CodeInstance in the cache entry (the table may have moved meanwhile) */
        gf_cache_t *c = mt_cache(mt);
        if (c) {
            jl_value_t **keys = (jl_value_t **)alloca(nk * sizeof(jl_value_t *));
            for (uint32_t i = 0; i < nk; i++)
                keys[i] = key_of(all[i]);
            gf_entry_t *e = cache_find(c, keys, nk, hash_keys(keys, nk), world);
            if (e && e->mi == mi)
                e->ci = ci;
        }
    }
    return invoke_codeinst(ci, F, args, nargs);
}

JL_DLLEXPORT jl_value_t *jl_apply_generic(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    size_t world = jl_current_task->world_age;
    jl_value_t *ft = jl_typeof(F);
    jl_methtable_t *mt;
    jl_value_t *k0;
    if (JL_UNLIKELY(is_kind(ft))) {
        mt = jl_type_type_mt;
        k0 = (jl_value_t *)((uintptr_t)F | TAG_TYPE_VALUE);
    }
    else {
        mt = ((jl_datatype_t *)ft)->name->mt;
        k0 = ft;
    }
    if (JL_LIKELY(mt != NULL && nargs < GF_INLINE_KEYS)) {
        gf_cache_t *c = mt_cache(mt);
        if (JL_LIKELY(c != NULL)) {
            jl_value_t *keys[GF_INLINE_KEYS];
            uint32_t nk = nargs + 1;
            keys[0] = k0;
            for (uint32_t i = 0; i < nargs; i++)
                keys[i + 1] = key_of(args[i]);
            gf_entry_t *e = cache_find(c, keys, nk, hash_keys(keys, nk), world);
            if (JL_LIKELY(e != NULL)) {
                jl_code_instance_t *ci = e->ci;
                if (JL_LIKELY(ci != NULL && ci->min_world <= world && world <= ci->max_world))
                    return invoke_codeinst(ci, F, args, nargs);
                jl_method_instance_t *mi = e->mi;
                ci = jl_compile_method_internal(mi, world);
                if (mi->cache == ci) {
                    e = cache_find(mt_cache(mt), keys, nk, hash_keys(keys, nk), world);
                    if (e && e->mi == mi)
                        e->ci = ci;
                }
                return invoke_codeinst(ci, F, args, nargs);
            }
        }
    }
    return apply_generic_slow(F, args, nargs, world);
}

JL_DLLEXPORT jl_value_t *jl_call(jl_value_t *f, jl_value_t **args, uint32_t nargs)
{
    jl_methtable_t *mt = ((jl_datatype_t *)jl_typeof(f))->name->mt;
    if (mt != NULL && mt->builtin != NULL)
        return mt->builtin(f, args, nargs);
    return jl_apply_generic(f, args, nargs);
}

JL_DLLEXPORT jl_value_t *jl_call0(jl_value_t *f) { return jl_call(f, NULL, 0); }

JL_DLLEXPORT jl_value_t *jl_call1(jl_value_t *f, jl_value_t *a) { return jl_call(f, &a, 1); }

JL_DLLEXPORT jl_value_t *jl_call2(jl_value_t *f, jl_value_t *a, jl_value_t *b)
{
    jl_value_t *v[2] = {a, b};
    return jl_call(f, v, 2);
}

JL_DLLEXPORT jl_value_t *jl_call3(jl_value_t *f, jl_value_t *a, jl_value_t *b, jl_value_t *c)
{
    jl_value_t *v[3] = {a, b, c};
    return jl_call(f, v, 3);
}

/* Core.invoke: call method m (already selected) with these arguments. */
jl_value_t *jl_gf_invoke_by_method(jl_method_t *m, jl_value_t *F, jl_value_t **args, size_t nargs)
{
    size_t world = jl_current_task->world_age;
    jl_value_t **p = (jl_value_t **)alloca((nargs + 1) * sizeof(jl_value_t *));
    p[0] = arg_sig_type(F);
    for (size_t i = 0; i < nargs; i++)
        p[i + 1] = arg_sig_type(args[i]);
    jl_datatype_t *tt = jl_apply_tuple_type_v(p, nargs + 1);
    int nsp = count_unionalls(m->sig);
    jl_value_t **env = (jl_value_t **)alloca((nsp + 1) * sizeof(jl_value_t *));
    jl_method_instance_t *mi;
    if (jl_subtype_env((jl_value_t *)tt, m->sig, env, nsp)) {
        jl_methtable_t *mt = jl_method_table_for(m->sig);
        mi = mt ? specialize_for(m, tt, svec_from(env, (size_t)nsp), mt)
                : jl_specializations_get_linfo(m, (jl_value_t *)tt, svec_from(env, (size_t)nsp));
    }
    else {
        jl_svec_t *senv = jl_emptysvec;
        jl_value_t *ti = jl_type_intersection_env((jl_value_t *)tt, m->sig, &senv);
        if (ti == jl_bottom_type)
            jl_method_error(F, args, nargs, world);
        mi = jl_specializations_get_linfo(m, ti, senv);
    }
    return jl_invoke(F, args, (uint32_t)nargs, mi);
}

/* ---------------------------------------------------------------------------------------------- */
/* Matching methods (for inference and reflection) */

static jl_value_t *make_match(jl_value_t *ti, jl_svec_t *env, jl_method_t *m, int fully)
{
    jl_svec_t *s = jl_alloc_svec(4);
    jl_svecset(s, 0, ti);
    jl_svecset(s, 1, env);
    jl_svecset(s, 2, m);
    jl_svecset(s, 3, fully ? jl_true : jl_false);
    return (jl_value_t *)s;
}

static jl_method_t *match_method(jl_value_t *match) { return (jl_method_t *)jl_svecref(match, 2); }
static int match_fully(jl_value_t *match) { return jl_svecref(match, 3) == jl_true; }

jl_value_t *jl_matching_methods(jl_value_t *types, jl_value_t *mtv, int lim, int include_ambiguous, size_t world,
                                size_t *min_valid, size_t *max_valid, int *ambig)
{
    jl_methtable_t *mt = (mtv != NULL && jl_typeis(mtv, jl_methtable_type)) ? (jl_methtable_t *)mtv
                                                                            : jl_method_table_for(types);
    if (ambig)
        *ambig = 0;
    if (mt == NULL)
        return jl_false;
    if (mt->builtin)
        return jl_false;
    jl_array_t *defs = mt->defs;
    size_t nd = jl_array_len(defs);
    jl_array_t *found = jl_alloc_vec_any(0);
    for (size_t i = 0; i < nd; i++) {
        jl_method_t *m = (jl_method_t *)jl_array_ptr_ref(defs, i);
        if (!may_intersect(types, m->sig))
            continue;
        jl_svec_t *env = jl_emptysvec;
        jl_value_t *ti = jl_type_intersection_env(types, m->sig, &env);
        if (ti == jl_bottom_type)
            continue;
        if (m->primary_world > world) {
            if (m->primary_world - 1 < *max_valid)
                *max_valid = m->primary_world - 1;
            continue;
        }
        if (m->deleted_world < world) {
            if (m->deleted_world + 1 > *min_valid)
                *min_valid = m->deleted_world + 1;
            continue;
        }
        if (m->primary_world > *min_valid)
            *min_valid = m->primary_world;
        if (m->deleted_world < *max_valid)
            *max_valid = m->deleted_world;
        jl_array_ptr_1d_push(found, make_match(ti, env, m, jl_subtype(types, m->sig)));
    }
    size_t n = jl_array_len(found);
    /* the most specific fully covering match hides every match less specific than it */
    size_t best_full = n;
    for (size_t i = 0; i < n; i++) {
        if (!match_fully(jl_array_ptr_ref(found, i)))
            continue;
        if (best_full == n || jl_type_morespecific(match_method(jl_array_ptr_ref(found, i))->sig,
                                                   match_method(jl_array_ptr_ref(found, best_full))->sig))
            best_full = i;
    }
    if (best_full < n && n > 1) {
        jl_method_t *bm = match_method(jl_array_ptr_ref(found, best_full));
        jl_array_t *kept0 = jl_alloc_vec_any(0);
        for (size_t i = 0; i < n; i++) {
            jl_value_t *mi = jl_array_ptr_ref(found, i);
            if (i == best_full || !jl_type_morespecific(bm->sig, match_method(mi)->sig))
                jl_array_ptr_1d_push(kept0, mi);
        }
        found = kept0;
        n = jl_array_len(found);
    }
    if (lim >= 0 && n > (size_t)lim)
        return jl_false;  /* too many even after hiding */
    /* dom[i*n+j]: method i is more specific than method j */
    char *dom = (char *)calloc(n * n + 1, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                dom[i * n + j] = (char)jl_type_morespecific(match_method(jl_array_ptr_ref(found, i))->sig,
                                                            match_method(jl_array_ptr_ref(found, j))->sig);
    /* order: most specific first (a method comes after every method more specific than it) */
    size_t *order = (size_t *)malloc((n + 1) * sizeof(size_t));
    char *done = (char *)calloc(n + 1, 1);
    for (size_t round = 0; round < n; round++) {
        size_t pick = n;
        for (size_t i = 0; i < n && pick == n; i++) {
            if (done[i])
                continue;
            int dominated = 0;
            for (size_t j = 0; j < n && !dominated; j++)
                dominated = !done[j] && dom[j * n + i];
            if (!dominated)
                pick = i;
        }
        if (pick == n) /* a cycle in specificity: take definition order */
            for (pick = 0; done[pick]; pick++)
                ;
        done[pick] = 1;
        order[round] = pick;
    }
    /* drop methods that a more specific, fully covering method hides */
    jl_array_t *result = jl_alloc_vec_any(0);
    size_t *kept = (size_t *)malloc((n + 1) * sizeof(size_t));
    size_t nkept = 0;
    for (size_t r = 0; r < n; r++) {
        size_t i = order[r];
        int hidden = 0;
        for (size_t k = 0; k < nkept && !hidden; k++)
            hidden = match_fully(jl_array_ptr_ref(found, kept[k])) && dom[kept[k] * n + i];
        if (!hidden) {
            kept[nkept++] = i;
            jl_array_ptr_1d_push(result, jl_array_ptr_ref(found, i));
        }
    }
    free(done);
    free(order);
    if (lim >= 0 && nkept > (size_t)lim) {
        free(kept);
        free(dom);
        return jl_false;
    }
    /* ambiguity: two matches neither more specific, whose overlap no third, more specific method covers */
    int is_ambig = 0;
    for (size_t x = 0; x < nkept && !is_ambig; x++) {
        size_t i = kept[x];
        jl_method_t *a = match_method(jl_array_ptr_ref(found, i));
        for (size_t y = x + 1; y < nkept && !is_ambig; y++) {
            size_t j = kept[y];
            if (dom[i * n + j] || dom[j * n + i])
                continue;
            jl_method_t *b = match_method(jl_array_ptr_ref(found, j));
            jl_value_t *overlap = jl_type_intersection(a->sig, b->sig);
            if (overlap == jl_bottom_type)
                continue;
            overlap = jl_type_intersection(overlap, types);
            if (overlap == jl_bottom_type)
                continue;
            int covered = 0;
            for (size_t z = 0; z < nkept && !covered; z++) {
                size_t k = kept[z];
                jl_method_t *c = match_method(jl_array_ptr_ref(found, k));
                covered = k != i && k != j && dom[k * n + i] && dom[k * n + j] && jl_subtype(overlap, c->sig);
            }
            if (!covered)
                is_ambig = 1;
        }
    }
    free(kept);
    free(dom);
    if (ambig)
        *ambig = is_ambig;
    (void)include_ambiguous;
    return (jl_value_t *)result;
}

jl_method_instance_t *jl_get_specialization1(jl_value_t *tt, size_t world, int mt_cache_ok)
{
    (void)mt_cache_ok;
    if (!jl_is_tuple_type(tt) || !closed_type(tt))
        return NULL;
    if (is_dispatch_tuple(tt))
        return jl_method_lookup_by_type(tt, world);
    size_t min_valid = 1, max_valid = JL_MAX_WORLD;
    int ambig = 0;
    jl_value_t *matches = jl_matching_methods(tt, NULL, 1, 0, world, &min_valid, &max_valid, &ambig);
    if (matches == jl_false || jl_array_len(matches) != 1 || ambig)
        return NULL;
    jl_value_t *match = jl_array_ptr_ref(matches, 0);
    if (!match_fully(match))
        return NULL;
    return jl_specializations_get_linfo(match_method(match), jl_svecref(match, 0), (jl_svec_t *)jl_svecref(match, 1));
}

void jl_compile_hint(jl_value_t *tt)
{
    size_t world = jl_world_counter;
    jl_method_instance_t *mi = jl_get_specialization1(tt, world, 1);
    if (mi == NULL)
        return;
    mi->precompiled = 1;
    jl_in_compile_hint++;
    JL_TRY {
        jl_compile_method_internal(mi, world);
    }
    JL_CATCH {
        if (debug_compile())
            jl_print_error_report(jl_current_exception(), NULL, "precompile failed: ");
    }
    jl_in_compile_hint--;
}

/* ---------------------------------------------------------------------------------------------- */

void jl_init_gf(void)
{
    if (jl_type_typename->mt != NULL) {
        jl_type_type_mt = jl_type_typename->mt;
    }
    else {
        jl_type_type_mt = jl_new_method_table(jl_symbol("Type"), jl_core_module);
        jl_type_typename->mt = jl_type_type_mt;
    }
    jl_gc_add_root((jl_value_t **)&jl_type_type_mt);
    jl_datatype_t *kinds[] = {jl_datatype_type, jl_unionall_type, jl_uniontype_type, jl_typeofbottom_type};
    for (size_t i = 0; i < 4; i++)
        if (kinds[i]->name->mt == NULL)
            kinds[i]->name->mt = jl_type_type_mt;
    jl_gc_add_mark_callback(gf_mark_caches);
}
