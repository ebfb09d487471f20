/* jltypes.c: Core's types. Creates the bootstrap types (jl_init_types), builds and hash-conses type
 * instantiations (jl_apply_type: every concrete DataType exists once), unions, UnionAlls, Varargs and
 * Tuple types, and substitutes type variables (jl_instantiate_type_with). Layouts are in datatype.c,
 * type relations in subtype.c. */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>

#define JL_DEFINE_TYPE(n) JL_DLLEXPORT jl_datatype_t *jl_##n;
JL_TYPES_X(JL_DEFINE_TYPE)
#undef JL_DEFINE_TYPE

JL_DLLEXPORT jl_value_t *jl_bottom_type;
JL_DLLEXPORT jl_unionall_t *jl_type_type_ua;
JL_DLLEXPORT jl_value_t *jl_nothing;
JL_DLLEXPORT jl_value_t *jl_true;
JL_DLLEXPORT jl_value_t *jl_false;
JL_DLLEXPORT jl_svec_t *jl_emptysvec;
JL_DLLEXPORT jl_value_t *jl_emptytuple;
JL_DLLEXPORT jl_value_t *jl_an_empty_string;
JL_DLLEXPORT jl_typename_t *jl_array_typename;
JL_DLLEXPORT jl_typename_t *jl_tuple_typename;
JL_DLLEXPORT jl_typename_t *jl_type_typename;
JL_DLLEXPORT jl_typename_t *jl_namedtuple_typename;
JL_DLLEXPORT jl_typename_t *jl_pointer_typename;
JL_DLLEXPORT jl_typename_t *jl_vecelement_typename;
JL_DLLEXPORT jl_value_t *jl_vararg_any;
JL_DLLEXPORT size_t jl_world_counter = 1;

/* ---------------------------------------------------------------------------------------------- */
/* Hashing and structural equality of type parameters (for the instantiation cache) */

static uint32_t hash_mix(uint32_t h, uint32_t x)
{
    h ^= x + 0x9e3779b9u + (h << 6) + (h >> 2);
    return h;
}

uint32_t jl_type_hash(jl_value_t *t)
{
    if (t == NULL)
        return 0;
    jl_value_t *ty = jl_typeof(t);
    if (ty == (jl_value_t *)jl_datatype_type)
        return ((jl_datatype_t *)t)->hash;
    if (ty == (jl_value_t *)jl_uniontype_type)
        return hash_mix(jl_type_hash(((jl_uniontype_t *)t)->a) * 3, jl_type_hash(((jl_uniontype_t *)t)->b));
    if (ty == (jl_value_t *)jl_tvar_type)
        return (uint32_t)((jl_tvar_t *)t)->name->hash;
    if (ty == (jl_value_t *)jl_unionall_type)
        return hash_mix(0x5a5a, jl_type_hash(((jl_unionall_t *)t)->body));
    if (ty == (jl_value_t *)jl_vararg_type) {
        jl_vararg_t *va = (jl_vararg_t *)t;
        return hash_mix(hash_mix(0x7a7a, jl_type_hash(va->T)), va->N ? jl_type_hash(va->N) : 0);
    }
    return (uint32_t)jl_object_id(t);
}

static int typekey_eq(jl_value_t *a, jl_value_t *b);

static int svec_eq(jl_svec_t *a, jl_svec_t *b)
{
    size_t n = jl_svec_len(a);
    if (n != jl_svec_len(b))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!typekey_eq(jl_svecref(a, i), jl_svecref(b, i)))
            return 0;
    return 1;
}

/* Equality of type parameters: types structurally (DataTypes are interned), values by ===. */
static int typekey_eq(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return 1;
    if (a == NULL || b == NULL)
        return 0;
    jl_value_t *ta = jl_typeof(a);
    if (ta != jl_typeof(b))
        return 0;
    if (ta == (jl_value_t *)jl_datatype_type) {
        jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
        if (da->name != db->name || da->hash != db->hash)
            return 0;
        if (!da->hasfreetypevars && !db->hasfreetypevars)
            return 0; /* interned */
        return svec_eq(da->parameters, db->parameters);
    }
    if (ta == (jl_value_t *)jl_uniontype_type)
        return typekey_eq(((jl_uniontype_t *)a)->a, ((jl_uniontype_t *)b)->a) &&
               typekey_eq(((jl_uniontype_t *)a)->b, ((jl_uniontype_t *)b)->b);
    if (ta == (jl_value_t *)jl_vararg_type)
        return typekey_eq(((jl_vararg_t *)a)->T, ((jl_vararg_t *)b)->T) &&
               typekey_eq(((jl_vararg_t *)a)->N, ((jl_vararg_t *)b)->N);
    if (ta == (jl_value_t *)jl_unionall_type) {
        jl_unionall_t *ua = (jl_unionall_t *)a, *ub = (jl_unionall_t *)b;
        if (ua->var == ub->var)
            return typekey_eq(ua->body, ub->body);
        /* alpha-equivalence: same bounds, and the bodies agree once b's variable is renamed to a's */
        if (!typekey_eq(ua->var->lb, ub->var->lb) || !typekey_eq(ua->var->ub, ub->var->ub))
            return 0;
        return typekey_eq(ua->body, jl_instantiate_unionall(ub, (jl_value_t *)ua->var));
    }
    if (ta == (jl_value_t *)jl_tvar_type)
        return 0;
    return jl_egal(a, b);
}

JL_DLLEXPORT int jl_types_equal(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return 1;
    if (jl_is_datatype(a) && jl_is_datatype(b)) {
        jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
        if (da->name != db->name)
            return 0;
        if (da->isconcretetype || db->isconcretetype)
            return 0;
    }
    if (typekey_eq(a, b))
        return 1;
    return jl_subtype(a, b) && jl_subtype(b, a);
}

/* ---------------------------------------------------------------------------------------------- */
/* Instantiation cache: an open-addressed table in typename->cache (svec, NULL = empty). */

static int cache_key_matches(jl_datatype_t *dt, jl_value_t **key, size_t n)
{
    if (jl_svec_len(dt->parameters) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!typekey_eq(jl_svecref(dt->parameters, i), key[i]))
            return 0;
    return 1;
}

static uint32_t params_hash(jl_typename_t *tn, jl_value_t **key, size_t n)
{
    uint32_t h = (uint32_t)tn->hash;
    for (size_t i = 0; i < n; i++)
        h = hash_mix(h, jl_type_hash(key[i]));
    return h;
}

jl_datatype_t *jl_lookup_cache_type(jl_typename_t *tn, jl_value_t **key, size_t n)
{
    jl_svec_t *cache = tn->cache;
    size_t sz = jl_svec_len(cache);
    if (sz == 0)
        return NULL;
    uint32_t h = params_hash(tn, key, n);
    for (size_t i = 0; i < sz; i++) {
        jl_datatype_t *dt = (jl_datatype_t *)jl_svecref(cache, (h + i) & (sz - 1));
        if (dt == NULL)
            return NULL;
        if (dt->hash == h && cache_key_matches(dt, key, n))
            return dt;
    }
    return NULL;
}

static void cache_insert_raw(jl_svec_t *cache, jl_datatype_t *dt)
{
    size_t sz = jl_svec_len(cache);
    for (size_t i = 0;; i++) {
        size_t idx = (dt->hash + i) & (sz - 1);
        if (jl_svecref(cache, idx) == NULL) {
            jl_svecset(cache, idx, dt);
            return;
        }
    }
}

static size_t cache_count(jl_svec_t *cache)
{
    size_t n = 0;
    for (size_t i = 0; i < jl_svec_len(cache); i++)
        n += jl_svecref(cache, i) != NULL;
    return n;
}

static void cache_insert(jl_typename_t *tn, jl_datatype_t *dt)
{
    size_t sz = jl_svec_len(tn->cache);
    if (sz == 0 || (cache_count(tn->cache) + 1) * 2 > sz) {
        size_t nsz = sz ? sz * 2 : 8;
        jl_svec_t *nc = jl_alloc_svec(nsz);
        for (size_t i = 0; i < sz; i++) {
            jl_datatype_t *old = (jl_datatype_t *)jl_svecref(tn->cache, i);
            if (old)
                cache_insert_raw(nc, old);
        }
        tn->cache = nc;
    }
    cache_insert_raw(tn->cache, dt);
}

/* ---------------------------------------------------------------------------------------------- */
/* Creating type objects */

static intptr_t typename_counter = 0;

jl_typename_t *jl_new_typename_in(jl_sym_t *name, jl_module_t *module, int abstract, int mutabl)
{
    jl_typename_t *tn = (jl_typename_t *)jl_gc_alloc(sizeof(jl_typename_t), (jl_value_t *)jl_typename_type);
    tn->name = name;
    tn->module = module;
    tn->names = jl_emptysvec;
    tn->cache = jl_emptysvec;
    tn->hash = (intptr_t)hash_mix((uint32_t)name->hash, (uint32_t)++typename_counter * 0x2545F491u);
    tn->abstract = (uint8_t)abstract;
    tn->mutabl = (uint8_t)mutabl;
    tn->max_methods = 3;
    return tn;
}

jl_datatype_t *jl_new_uninitialized_datatype(void)
{
    return (jl_datatype_t *)jl_gc_alloc(sizeof(jl_datatype_t), (jl_value_t *)jl_datatype_type);
}

static int params_have_free_tvars(jl_svec_t *p)
{
    for (size_t i = 0; i < jl_svec_len(p); i++)
        if (jl_has_free_typevars(jl_svecref(p, i)))
            return 1;
    return 0;
}

static int is_type_param_concrete(jl_value_t *p)
{
    return jl_is_concrete_type(p);
}

/* isdispatchelem: a tuple element usable in a dispatch cache key */
static int is_dispatch_elem(jl_value_t *p)
{
    if (jl_is_concrete_type(p))
        return 1;
    if (jl_is_type_type(p))
        return !jl_has_free_typevars(jl_tparam0(p));
    return p == jl_bottom_type;
}

/* Sets the flags that follow from name, parameters and field types. */
static void set_type_flags(jl_datatype_t *dt)
{
    dt->hasfreetypevars = (uint8_t)params_have_free_tvars(dt->parameters);
    if (dt->name == jl_tuple_typename) {
        int concrete = !dt->hasfreetypevars, dispatch = 1;
        for (size_t i = 0; i < jl_svec_len(dt->parameters); i++) {
            jl_value_t *p = jl_svecref(dt->parameters, i);
            if (!is_type_param_concrete(p))
                concrete = 0;
            if (!is_dispatch_elem(p) || jl_is_vararg(p))
                dispatch = 0;
        }
        dt->isconcretetype = (uint8_t)concrete;
        dt->isdispatchtuple = (uint8_t)(dispatch && !dt->hasfreetypevars);
    }
    else {
        dt->isconcretetype = (uint8_t)(!dt->name->abstract && !dt->hasfreetypevars);
        dt->isdispatchtuple = 0;
    }
}

static uint32_t datatype_hash(jl_datatype_t *dt)
{
    return params_hash(dt->name, jl_svec_data(dt->parameters), jl_svec_len(dt->parameters));
}

JL_DLLEXPORT jl_datatype_t *jl_new_datatype(jl_sym_t *name, jl_module_t *module, jl_datatype_t *super,
                                            jl_svec_t *parameters, jl_svec_t *fnames, jl_svec_t *ftypes,
                                            jl_svec_t *fattrs, int abstract, int mutabl, int ninitialized)
{
    jl_typename_t *tn = jl_new_typename_in(name, module, abstract, mutabl);
    jl_datatype_t *dt = jl_new_uninitialized_datatype();
    dt->name = tn;
    dt->super = super;
    dt->parameters = parameters ? parameters : jl_emptysvec;
    dt->types = ftypes;
    tn->names = fnames ? fnames : jl_emptysvec;
    tn->n_uninitialized = (int32_t)(jl_svec_len(tn->names) - (size_t)ninitialized);
    if (fattrs) {
        for (size_t i = 0; i + 1 < jl_svec_len(fattrs); i += 2)
            if (jl_svecref(fattrs, i + 1) == (jl_value_t *)jl_const_sym)
                tn->constfields |= 1u << jl_unbox_long(jl_svecref(fattrs, i));
    }
    set_type_flags(dt);
    dt->hash = datatype_hash(dt);
    /* the wrapper: Name{A, B} where B where A */
    jl_value_t *w = (jl_value_t *)dt;
    for (size_t i = jl_svec_len(dt->parameters); i > 0; i--)
        w = jl_type_unionall((jl_tvar_t *)jl_svecref(dt->parameters, i - 1), w);
    tn->wrapper = w;
    if (ftypes && !dt->hasfreetypevars)
        jl_compute_field_offsets(dt);
    if (jl_svec_len(dt->parameters) == 0 && dt->layout == NULL && !abstract && ftypes)
        jl_compute_field_offsets(dt);
    return dt;
}

JL_DLLEXPORT jl_datatype_t *jl_new_abstracttype(jl_value_t *name, jl_module_t *module, jl_datatype_t *super,
                                                jl_svec_t *params)
{
    return jl_new_datatype((jl_sym_t *)name, module, super, params, jl_emptysvec, jl_emptysvec, NULL, 1, 0, 0);
}

JL_DLLEXPORT jl_datatype_t *jl_new_primitivetype(jl_value_t *name, jl_module_t *module, jl_datatype_t *super,
                                                 jl_svec_t *params, size_t nbits)
{
    jl_datatype_t *dt = jl_new_datatype((jl_sym_t *)name, module, super, params, jl_emptysvec, NULL, NULL, 0, 0, 0);
    dt->isprimitivetype = 1;
    size_t nbytes = (nbits + 7) / 8;
    jl_datatype_layout_t *l = (jl_datatype_layout_t *)calloc(1, sizeof(jl_datatype_layout_t));
    l->size = (uint32_t)nbytes;
    l->alignment = (uint16_t)(nbytes >= 16 ? 16 : nbytes >= 8 ? 8 : nbytes >= 4 ? 4 : nbytes >= 2 ? 2 : 1);
    dt->layout = l;
    dt->size = (int32_t)nbytes;
    dt->types = jl_emptysvec;
    dt->isbitstype = !dt->hasfreetypevars;
    return dt;
}

JL_DLLEXPORT jl_tvar_t *jl_new_typevar(jl_sym_t *name, jl_value_t *lb, jl_value_t *ub)
{
    if ((lb != jl_bottom_type && !jl_is_type(lb) && !jl_is_typevar(lb)) ||
        (ub != (jl_value_t *)jl_any_type && !jl_is_type(ub) && !jl_is_typevar(ub)))
        jl_type_error("TypeVar", (jl_value_t *)jl_type_type_ua, jl_is_type(lb) ? ub : lb);
    jl_tvar_t *tv = (jl_tvar_t *)jl_gc_alloc(sizeof(jl_tvar_t), (jl_value_t *)jl_tvar_type);
    tv->name = name;
    tv->lb = lb;
    tv->ub = ub;
    return tv;
}

JL_DLLEXPORT jl_value_t *jl_type_unionall(jl_tvar_t *v, jl_value_t *body)
{
    if (jl_is_vararg(body)) {
        jl_vararg_t *va = (jl_vararg_t *)body;
        if (va->N == (jl_value_t *)v) /* Vararg{T, N} where N stays a Vararg with free N */
            return body;
        jl_error("Vararg{...} where is not supported");
    }
    if (!jl_is_type(body) && !jl_is_typevar(body))
        jl_type_error("UnionAll", (jl_value_t *)jl_type_type_ua, body);
    if (!jl_has_typevar(body, v))
        return body;
    jl_unionall_t *u = (jl_unionall_t *)jl_gc_alloc(sizeof(jl_unionall_t), (jl_value_t *)jl_unionall_type);
    u->var = v;
    u->body = body;
    return (jl_value_t *)u;
}

JL_DLLEXPORT jl_value_t *jl_unwrap_unionall(jl_value_t *v)
{
    while (jl_is_unionall(v))
        v = ((jl_unionall_t *)v)->body;
    return v;
}

JL_DLLEXPORT jl_value_t *jl_rewrap_unionall(jl_value_t *t, jl_value_t *u)
{
    if (!jl_is_unionall(u))
        return t;
    t = jl_rewrap_unionall(t, ((jl_unionall_t *)u)->body);
    return jl_type_unionall(((jl_unionall_t *)u)->var, t);
}

/* ---------------------------------------------------------------------------------------------- */
/* Free type variables */

typedef struct tvar_env {
    jl_tvar_t *var;
    struct tvar_env *prev;
} tvar_env_t;

static int in_env(tvar_env_t *env, jl_tvar_t *v)
{
    for (; env; env = env->prev)
        if (env->var == v)
            return 1;
    return 0;
}

/* Returns 1 if `t` mentions a type variable not bound in `env`; if `only` is non-NULL, only that one. */
static int has_free(jl_value_t *t, tvar_env_t *env, jl_tvar_t *only)
{
    if (t == NULL)
        return 0;
    if (jl_is_typevar(t))
        return !in_env(env, (jl_tvar_t *)t) && (only == NULL || only == (jl_tvar_t *)t);
    if (jl_is_unionall(t)) {
        jl_unionall_t *u = (jl_unionall_t *)t;
        if (has_free(u->var->lb, env, only) || has_free(u->var->ub, env, only))
            return 1;
        tvar_env_t e = {u->var, env};
        return has_free(u->body, &e, only);
    }
    if (jl_is_uniontype(t))
        return has_free(((jl_uniontype_t *)t)->a, env, only) || has_free(((jl_uniontype_t *)t)->b, env, only);
    if (jl_is_vararg(t))
        return has_free(((jl_vararg_t *)t)->T, env, only) || has_free(((jl_vararg_t *)t)->N, env, only);
    if (jl_is_datatype(t)) {
        jl_datatype_t *dt = (jl_datatype_t *)t;
        if (!dt->hasfreetypevars)
            return 0;
        for (size_t i = 0; i < jl_svec_len(dt->parameters); i++)
            if (has_free(jl_svecref(dt->parameters, i), env, only))
                return 1;
    }
    return 0;
}

JL_DLLEXPORT int jl_has_free_typevars(jl_value_t *v)
{
    return has_free(v, NULL, NULL);
}

JL_DLLEXPORT int jl_has_typevar(jl_value_t *t, jl_tvar_t *v)
{
    return has_free(t, NULL, v);
}

/* ---------------------------------------------------------------------------------------------- */
/* Unions: flattened, deduplicated, subtypes absorbed, sorted canonically. */

static void flatten_union(jl_value_t *t, jl_value_t **out, size_t *n, size_t cap)
{
    if (jl_is_uniontype(t)) {
        flatten_union(((jl_uniontype_t *)t)->a, out, n, cap);
        flatten_union(((jl_uniontype_t *)t)->b, out, n, cap);
    }
    else if (t != jl_bottom_type && *n < cap) {
        out[(*n)++] = t;
    }
}

JL_DLLEXPORT size_t jl_count_union_components(jl_value_t *v)
{
    if (jl_is_uniontype(v))
        return jl_count_union_components(((jl_uniontype_t *)v)->a) +
               jl_count_union_components(((jl_uniontype_t *)v)->b);
    return 1;
}

/* Julia's canonical order: bits types (by size, then name), then other DataTypes by name, then the rest. */
static int union_sort_key(jl_value_t *t)
{
    if (jl_is_datatype(t))
        return ((jl_datatype_t *)t)->isbitstype ? 0 : 1;
    return 2;
}

static int union_cmp(const void *pa, const void *pb)
{
    jl_value_t *a = *(jl_value_t *const *)pa, *b = *(jl_value_t *const *)pb;
    int ka = union_sort_key(a), kb = union_sort_key(b);
    if (ka != kb)
        return ka - kb;
    if (ka == 0) {
        int sa = ((jl_datatype_t *)a)->size, sb = ((jl_datatype_t *)b)->size;
        if (sa != sb)
            return sa - sb;
    }
    if (ka <= 1) {
        int c = strcmp(jl_symbol_name(((jl_datatype_t *)a)->name->name), jl_symbol_name(((jl_datatype_t *)b)->name->name));
        if (c)
            return c;
        uint32_t ha = jl_type_hash(a), hb = jl_type_hash(b);
        return ha < hb ? -1 : ha > hb;
    }
    return 0;
}

JL_DLLEXPORT jl_value_t *jl_type_union(jl_value_t **ts, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!jl_is_type(ts[i]) && !jl_is_typevar(ts[i]))
            jl_type_error("Union", (jl_value_t *)jl_type_type_ua, ts[i]);
        total += jl_count_union_components(ts[i]);
    }
    jl_value_t **flat = (jl_value_t **)alloca((total + 1) * sizeof(jl_value_t *));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        flatten_union(ts[i], flat, &m, total);
    /* remove duplicates and components that are subtypes of another component */
    for (size_t i = 0; i < m; i++) {
        if (flat[i] == NULL)
            continue;
        for (size_t j = 0; j < m; j++) {
            if (i == j || flat[j] == NULL || flat[i] == NULL)
                continue;
            jl_value_t *a = flat[i], *b = flat[j];
            int dup = typekey_eq(a, b);
            if (dup) {
                if (j > i)
                    flat[j] = NULL;
                continue;
            }
            if (!jl_has_free_typevars(a) && !jl_has_free_typevars(b) && jl_subtype(a, b))
                flat[i] = NULL;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (flat[i])
            flat[k++] = flat[i];
    if (k == 0)
        return jl_bottom_type;
    if (k == 1)
        return flat[0];
    qsort(flat, k, sizeof(jl_value_t *), union_cmp);
    jl_value_t *u = flat[k - 1];
    for (size_t i = k - 1; i > 0; i--) {
        jl_uniontype_t *ut = (jl_uniontype_t *)jl_gc_alloc(sizeof(jl_uniontype_t), (jl_value_t *)jl_uniontype_type);
        ut->a = flat[i - 1];
        ut->b = u;
        u = (jl_value_t *)ut;
    }
    return u;
}

/* ---------------------------------------------------------------------------------------------- */
/* Vararg and tuples */

JL_DLLEXPORT jl_value_t *jl_wrap_vararg(jl_value_t *t, jl_value_t *n)
{
    if (n != NULL) {
        if (jl_is_long(n)) {
            if (jl_unbox_long(n) < 0)
                jl_errorf("Vararg length is negative: %lld", (long long)jl_unbox_long(n));
        }
        else if (!jl_is_typevar(n)) {
            jl_type_error_rt("Vararg", "count", (jl_value_t *)jl_int64_type, n);
        }
    }
    if (t != NULL && !jl_is_type(t) && !jl_is_typevar(t))
        jl_type_error_rt("Vararg", "type", (jl_value_t *)jl_type_type_ua, t);
    jl_vararg_t *va = (jl_vararg_t *)jl_gc_alloc(sizeof(jl_vararg_t), (jl_value_t *)jl_vararg_type);
    va->T = t;
    va->N = n;
    return (jl_value_t *)va;
}

JL_DLLEXPORT jl_value_t *jl_unwrap_vararg(jl_value_t *v)
{
    jl_value_t *T = ((jl_vararg_t *)v)->T;
    return T ? T : (jl_value_t *)jl_any_type;
}

JL_DLLEXPORT int jl_is_va_tuple(jl_datatype_t *t)
{
    size_t n = jl_svec_len(t->parameters);
    return n > 0 && jl_is_vararg(jl_svecref(t->parameters, n - 1));
}

static jl_datatype_t *inst_datatype(jl_datatype_t *dt_generic, jl_value_t **p, size_t n);

JL_DLLEXPORT jl_datatype_t *jl_apply_tuple_type_v(jl_value_t **p, size_t np)
{
    /* expand a trailing Vararg{T, N} with a known N */
    if (np > 0 && jl_is_vararg(p[np - 1])) {
        jl_vararg_t *va = (jl_vararg_t *)p[np - 1];
        if (va->N && jl_is_long(va->N)) {
            size_t k = (size_t)jl_unbox_long(va->N);
            jl_value_t **q = (jl_value_t **)alloca((np - 1 + k + 1) * sizeof(jl_value_t *));
            memcpy(q, p, (np - 1) * sizeof(jl_value_t *));
            for (size_t i = 0; i < k; i++)
                q[np - 1 + i] = jl_unwrap_vararg((jl_value_t *)va);
            return jl_apply_tuple_type_v(q, np - 1 + k);
        }
    }
    for (size_t i = 0; i < np; i++) {
        if (jl_is_vararg(p[i]) && i != np - 1)
            jl_type_error_rt("Tuple", "non-final parameter", (jl_value_t *)jl_type_type_ua, p[i]);
        if (!jl_is_vararg(p[i]) && !jl_is_type(p[i]) && !jl_is_typevar(p[i]))
            jl_type_error_rt("Tuple", "parameter", (jl_value_t *)jl_type_type_ua, p[i]);
    }
    return inst_datatype((jl_datatype_t *)jl_anytuple_type, p, np);
}

JL_DLLEXPORT jl_datatype_t *jl_apply_tuple_type(jl_svec_t *params)
{
    return jl_apply_tuple_type_v(jl_svec_data(params), jl_svec_len(params));
}

/* ---------------------------------------------------------------------------------------------- */
/* Substitution of type variables */

typedef struct {
    jl_tvar_t **vars;
    jl_value_t **vals;
    size_t n;
} subst_t;

static jl_value_t *subst(jl_value_t *t, subst_t *s);

static jl_value_t *subst_datatype(jl_datatype_t *dt, subst_t *s)
{
    if (!dt->hasfreetypevars)
        return (jl_value_t *)dt;
    size_t n = jl_svec_len(dt->parameters);
    jl_value_t **p = (jl_value_t **)alloca(n * sizeof(jl_value_t *));
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *pi = jl_svecref(dt->parameters, i);
        p[i] = subst(pi, s);
        changed |= p[i] != pi;
    }
    if (!changed)
        return (jl_value_t *)dt;
    if (dt->name == jl_tuple_typename)
        return (jl_value_t *)jl_apply_tuple_type_v(p, n);
    return jl_apply_type(dt->name->wrapper, p, n);
}

static jl_value_t *subst(jl_value_t *t, subst_t *s)
{
    if (t == NULL)
        return NULL;
    if (jl_is_typevar(t)) {
        for (size_t i = s->n; i > 0; i--)
            if (s->vars[i - 1] == (jl_tvar_t *)t)
                return s->vals[i - 1];
        return t;
    }
    if (jl_is_datatype(t))
        return subst_datatype((jl_datatype_t *)t, s);
    if (jl_is_uniontype(t)) {
        jl_value_t *a = subst(((jl_uniontype_t *)t)->a, s), *b = subst(((jl_uniontype_t *)t)->b, s);
        if (a == ((jl_uniontype_t *)t)->a && b == ((jl_uniontype_t *)t)->b)
            return t;
        jl_value_t *ab[2] = {a, b};
        return jl_type_union(ab, 2);
    }
    if (jl_is_vararg(t)) {
        jl_vararg_t *va = (jl_vararg_t *)t;
        jl_value_t *T = subst(va->T, s), *N = subst(va->N, s);
        if (T == va->T && N == va->N)
            return t;
        return jl_wrap_vararg(T, N);
    }
    if (jl_is_unionall(t)) {
        jl_unionall_t *u = (jl_unionall_t *)t;
        jl_value_t *lb = subst(u->var->lb, s), *ub = subst(u->var->ub, s);
        jl_tvar_t *v = u->var;
        if (lb != v->lb || ub != v->ub)
            v = jl_new_typevar(v->name, lb, ub);
        /* the bound variable shadows any outer binding of the same variable */
        jl_tvar_t **vars = (jl_tvar_t **)alloca((s->n + 1) * sizeof(void *));
        jl_value_t **vals = (jl_value_t **)alloca((s->n + 1) * sizeof(void *));
        memcpy(vars, s->vars, s->n * sizeof(void *));
        memcpy(vals, s->vals, s->n * sizeof(void *));
        vars[s->n] = u->var;
        vals[s->n] = (jl_value_t *)v;
        subst_t s2 = {vars, vals, s->n + 1};
        jl_value_t *body = subst(u->body, &s2);
        if (body == u->body && v == u->var)
            return t;
        return jl_type_unionall(v, body);
    }
    return t;
}

JL_DLLEXPORT jl_value_t *jl_instantiate_type_with(jl_value_t *t, jl_value_t **env, size_t n)
{
    /* env is (tvar, value) pairs */
    jl_tvar_t **vars = (jl_tvar_t **)alloca(n * sizeof(void *));
    jl_value_t **vals = (jl_value_t **)alloca(n * sizeof(void *));
    for (size_t i = 0; i < n; i++) {
        vars[i] = (jl_tvar_t *)env[2 * i];
        vals[i] = env[2 * i + 1];
    }
    subst_t s = {vars, vals, n};
    return subst(t, &s);
}

JL_DLLEXPORT jl_value_t *jl_instantiate_unionall(jl_unionall_t *u, jl_value_t *p)
{
    jl_value_t *env[2] = {(jl_value_t *)u->var, p};
    return jl_instantiate_type_with(u->body, env, 1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Applying parameters */

static int valid_type_param(jl_value_t *v)
{
    if (jl_is_type(v) || jl_is_typevar(v) || jl_is_symbol(v))
        return 1;
    if (jl_is_vararg(v))
        return 0;
    jl_value_t *t = jl_typeof(v);
    if (jl_is_tuple_type(t)) {
        for (size_t i = 0; i < jl_nparams(t); i++)
            if (!valid_type_param(jl_get_nth_field(v, i)))
                return 0;
        return 1;
    }
    return jl_isbits(t);
}

/* The instance of generic `dt_generic` (a DataType whose parameters are its TypeVars) at `p`. */
static jl_datatype_t *inst_datatype(jl_datatype_t *dt_generic, jl_value_t **p, size_t n)
{
    jl_typename_t *tn = dt_generic->name;
    jl_datatype_t *cached = jl_lookup_cache_type(tn, p, n);
    if (cached)
        return cached;
    jl_datatype_t *ndt = jl_new_uninitialized_datatype();
    ndt->name = tn;
    jl_svec_t *params = jl_alloc_svec_uninit(n);
    if (n > 0) /* p may be NULL for Tuple{} */
        memcpy(jl_svec_data(params), p, n * sizeof(void *));
    ndt->parameters = params;
    set_type_flags(ndt);
    ndt->hash = datatype_hash(ndt);
    ndt->isprimitivetype = dt_generic->isprimitivetype;
    if (tn == jl_tuple_typename) {
        ndt->super = jl_any_type;
        ndt->types = params;
    }
    cache_insert(tn, ndt);
    if (tn != jl_tuple_typename) {
        /* substitute the generic's TypeVars into super and field types */
        size_t ng = jl_svec_len(dt_generic->parameters);
        jl_tvar_t **vars = (jl_tvar_t **)alloca(ng * sizeof(void *));
        for (size_t i = 0; i < ng; i++)
            vars[i] = (jl_tvar_t *)jl_svecref(dt_generic->parameters, i);
        subst_t s = {vars, p, n < ng ? n : ng};
        ndt->super = dt_generic->super ? (jl_datatype_t *)subst((jl_value_t *)dt_generic->super, &s) : NULL;
        if (dt_generic->types) {
            size_t nf = jl_svec_len(dt_generic->types);
            jl_svec_t *ft = jl_alloc_svec(nf);
            ndt->types = ft;
            for (size_t i = 0; i < nf; i++)
                jl_svecset(ft, i, subst(jl_svecref(dt_generic->types, i), &s));
        }
    }
    if (ndt->isprimitivetype) {
        ndt->layout = dt_generic->layout;
        ndt->size = dt_generic->size;
        ndt->types = jl_emptysvec;
        ndt->isbitstype = !ndt->hasfreetypevars;
    }
    else if (ndt->types && ndt->isconcretetype) {
        jl_compute_field_offsets(ndt);
    }
    return ndt;
}

/* After `_typebody!` sets the field types of a parametric type, fill those of instances made earlier. */
void jl_reinstantiate_inner_types(jl_datatype_t *t)
{
    jl_svec_t *cache = t->name->cache;
    size_t ng = jl_svec_len(t->parameters);
    jl_tvar_t **vars = (jl_tvar_t **)alloca((ng + 1) * sizeof(void *));
    for (size_t i = 0; i < ng; i++)
        vars[i] = (jl_tvar_t *)jl_svecref(t->parameters, i);
    for (size_t i = 0; i < jl_svec_len(cache); i++) {
        jl_datatype_t *ndt = (jl_datatype_t *)jl_svecref(cache, i);
        if (ndt == NULL || ndt == t)
            continue;
        subst_t s = {vars, jl_svec_data(ndt->parameters), ng};
        ndt->super = (jl_datatype_t *)subst((jl_value_t *)t->super, &s);
        size_t nf = jl_svec_len(t->types);
        jl_svec_t *ft = jl_alloc_svec(nf);
        for (size_t j = 0; j < nf; j++)
            jl_svecset(ft, j, subst(jl_svecref(t->types, j), &s));
        ndt->types = ft;
        if (ndt->isconcretetype && ndt->layout == NULL)
            jl_compute_field_offsets(ndt);
    }
}

static JL_NORETURN void too_many_params(jl_value_t *tc)
{
    jl_value_t *u = jl_unwrap_unionall(tc);
    if (jl_is_datatype(u))
        jl_errorf("too many parameters for type %s", jl_symbol_name(((jl_datatype_t *)u)->name->name));
    jl_error("too many parameters for type");
}

static void check_param_bounds(jl_tvar_t *tv, jl_value_t *pi, jl_value_t *tc)
{
    if (jl_is_typevar(pi) || jl_has_free_typevars(pi))
        return;
    if (!valid_type_param(pi))
        jl_type_error_rt(jl_symbol_name(((jl_datatype_t *)jl_unwrap_unionall(tc))->name->name), "parameter",
                         (jl_value_t *)jl_type_type_ua, pi);
    int lbok = tv->lb == jl_bottom_type || jl_has_free_typevars(tv->lb) || jl_subtype(tv->lb, pi);
    int ubok = tv->ub == (jl_value_t *)jl_any_type || jl_has_free_typevars(tv->ub) ||
               ((jl_is_type(pi) || jl_is_typevar(pi)) && jl_subtype(pi, tv->ub));
    if (!lbok || !ubok)
        jl_type_error_rt(jl_symbol_name(((jl_datatype_t *)jl_unwrap_unionall(tc))->name->name),
                         jl_symbol_name(tv->name), tv->ub, pi);
}

JL_DLLEXPORT jl_value_t *jl_apply_type(jl_value_t *tc, jl_value_t **params, size_t n)
{
    if (tc == (jl_value_t *)jl_anytuple_type || tc == (jl_value_t *)jl_tuple_type)
        return (jl_value_t *)jl_apply_tuple_type_v(params, n);
    if (tc == (jl_value_t *)jl_uniontype_type)
        return jl_type_union(params, n);
    if (tc == (jl_value_t *)jl_vararg_type || jl_typeis(tc, jl_typeofvararg_type)) {
        if (n > 2)
            jl_error("too many parameters for Vararg");
        return jl_wrap_vararg(n > 0 ? params[0] : NULL, n > 1 ? params[1] : NULL);
    }
    if (n == 0)
        return tc;
    if (!jl_is_unionall(tc))
        too_many_params(tc);
    /* peel off one UnionAll per parameter, checking bounds */
    jl_value_t *body = tc;
    jl_value_t **env = (jl_value_t **)alloca(2 * n * sizeof(void *));
    for (size_t i = 0; i < n; i++) {
        if (!jl_is_unionall(body))
            too_many_params(tc);
        jl_unionall_t *u = (jl_unionall_t *)body;
        jl_value_t *pi = params[i];
        if (jl_is_vararg(pi))
            jl_type_error_rt(jl_symbol_name(((jl_datatype_t *)jl_unwrap_unionall(tc))->name->name), "parameter",
                             (jl_value_t *)jl_type_type_ua, pi);
        jl_tvar_t *tv = u->var;
        /* bounds may mention earlier variables */
        if (i > 0 && (jl_has_free_typevars(tv->lb) || jl_has_free_typevars(tv->ub))) {
            jl_value_t *lb = jl_instantiate_type_with(tv->lb, env, i);
            jl_value_t *ub = jl_instantiate_type_with(tv->ub, env, i);
            jl_tvar_t tmp = {tv->name, lb, ub};
            check_param_bounds(&tmp, pi, tc);
        }
        else {
            check_param_bounds(tv, pi, tc);
        }
        env[2 * i] = (jl_value_t *)tv;
        env[2 * i + 1] = pi;
        body = u->body;
    }
    jl_value_t *u = jl_unwrap_unionall(tc);
    /* fast path: all parameters of a DataType wrapper given */
    if (jl_is_datatype(u) && !jl_is_unionall(body) && jl_is_datatype(body) && body == u &&
        ((jl_datatype_t *)u)->name->wrapper == tc) {
        jl_value_t **p = (jl_value_t **)alloca(n * sizeof(void *));
        for (size_t i = 0; i < n; i++)
            p[i] = env[2 * i + 1];
        if (((jl_datatype_t *)u)->name == jl_tuple_typename)
            return (jl_value_t *)jl_apply_tuple_type_v(p, n);
        return (jl_value_t *)inst_datatype((jl_datatype_t *)u, p, n);
    }
    return jl_instantiate_type_with(body, env, n);
}

JL_DLLEXPORT jl_value_t *jl_apply_type1(jl_value_t *tc, jl_value_t *p1)
{
    return jl_apply_type(tc, &p1, 1);
}

JL_DLLEXPORT jl_value_t *jl_apply_type2(jl_value_t *tc, jl_value_t *p1, jl_value_t *p2)
{
    jl_value_t *p[2] = {p1, p2};
    return jl_apply_type(tc, p, 2);
}

JL_DLLEXPORT jl_value_t *jl_apply_array_type(jl_value_t *eltype, size_t dim)
{
    return jl_apply_type2(jl_array_typename->wrapper, eltype, jl_box_long((int64_t)dim));
}

jl_value_t *jl_nth_tuple_type(jl_value_t *tt, size_t i)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_unwrap_unionall(tt);
    size_t n = jl_svec_len(t->parameters);
    if (n == 0)
        return NULL;
    jl_value_t *last = jl_svecref(t->parameters, n - 1);
    if (i < n - 1 || (i == n - 1 && !jl_is_vararg(last)))
        return jl_svecref(t->parameters, i);
    if (jl_is_vararg(last))
        return jl_unwrap_vararg(last);
    return NULL;
}

JL_DLLEXPORT jl_value_t *jl_typeof_or_type(jl_value_t *v)
{
    if (jl_is_type(v))
        return jl_apply_type1((jl_value_t *)jl_type_type_ua, v);
    return jl_typeof(v);
}

JL_DLLEXPORT jl_datatype_t *jl_first_argument_datatype(jl_value_t *argtypes)
{
    jl_value_t *tt = jl_unwrap_unionall(argtypes);
    if (!jl_is_tuple_type(tt) || jl_nparams(tt) == 0)
        return NULL;
    jl_value_t *f = jl_unwrap_unionall(jl_tparam0(tt));
    if (jl_is_vararg(f))
        f = jl_unwrap_unionall(jl_unwrap_vararg(f));
    if (jl_is_type_type(f)) {
        jl_value_t *p = jl_unwrap_unionall(jl_tparam0(f));
        if (jl_is_datatype(p))
            return jl_datatype_type; /* constructors live in DataType's... handled by gf.c */
        if (jl_is_uniontype(p))
            return jl_uniontype_type;
        return NULL;
    }
    return jl_is_datatype(f) ? (jl_datatype_t *)f : NULL;
}

int jl_type_is_concrete_bits(jl_value_t *t)
{
    return jl_isbits(t);
}

/* ---------------------------------------------------------------------------------------------- */
/* Generic functions */

static jl_datatype_t *new_function_type(jl_sym_t *name, jl_module_t *module, jl_datatype_t *st)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "#%s", jl_symbol_name(name));
    jl_datatype_t *ftype = jl_new_datatype(jl_symbol(buf), module, st, jl_emptysvec, jl_emptysvec, jl_emptysvec,
                                           NULL, 0, 0, 0);
    ftype->name->mt = jl_new_method_table(name, module);
    return ftype;
}

jl_value_t *jl_new_generic_function_with_supertype(jl_sym_t *name, jl_module_t *module, jl_datatype_t *st)
{
    jl_datatype_t *ftype = new_function_type(name, module, st);
    return ftype->instance;
}

jl_value_t *jl_new_generic_function(jl_sym_t *name, jl_module_t *module)
{
    return jl_new_generic_function_with_supertype(name, module, jl_function_type);
}

/* ---------------------------------------------------------------------------------------------- */
/* Bootstrap */

static jl_datatype_t *mk_abstract(const char *name, jl_datatype_t *super, jl_svec_t *params)
{
    return jl_new_abstracttype((jl_value_t *)jl_symbol(name), jl_core_module, super, params);
}

static jl_datatype_t *mk_prim(const char *name, jl_datatype_t *super, size_t nbits)
{
    return jl_new_primitivetype((jl_value_t *)jl_symbol(name), jl_core_module, super, jl_emptysvec, nbits);
}

/* A struct type whose fields mirror a C struct; field types are filled in by set_fields later. */
static jl_datatype_t *mk_struct(const char *name, jl_datatype_t *super, int mutabl, const char *fields)
{
    /* fields: space-separated names */
    jl_value_t *names[64];
    size_t n = 0;
    const char *p = fields;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        if (p > s)
            names[n++] = (jl_value_t *)jl_symbol_n(s, (size_t)(p - s));
    }
    jl_svec_t *fnames = jl_alloc_svec_uninit(n);
    memcpy(jl_svec_data(fnames), names, n * sizeof(void *));
    return jl_new_datatype(jl_symbol(name), jl_core_module, super, jl_emptysvec, fnames, NULL, NULL, 0, mutabl,
                           (int)n);
}

static void set_names(jl_datatype_t *dt, const char *fields)
{
    jl_value_t *names[64];
    size_t n = 0;
    for (const char *p = fields; *p;) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        if (p > s)
            names[n++] = (jl_value_t *)jl_symbol_n(s, (size_t)(p - s));
    }
    jl_svec_t *fnames = jl_alloc_svec_uninit(n);
    memcpy(jl_svec_data(fnames), names, n * sizeof(void *));
    dt->name->names = fnames;
}

static void set_fields(jl_datatype_t *dt, size_t expected_size, size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    jl_svec_t *ft = jl_alloc_svec_uninit(n);
    for (size_t i = 0; i < n; i++)
        jl_svecset(ft, i, va_arg(ap, jl_value_t *));
    va_end(ap);
    if (n != jl_svec_len(dt->name->names))
        jl_fatal_error("bootstrap: %s has %zu names but %zu types", jl_symbol_name(dt->name->name),
                       jl_svec_len(dt->name->names), n);
    dt->types = ft;
    jl_compute_field_offsets(dt);
    if (expected_size && (size_t)dt->size != expected_size)
        jl_fatal_error("bootstrap: layout of %s is %d bytes, C struct is %zu", jl_symbol_name(dt->name->name),
                       dt->size, expected_size);
}

#define A(t) ((jl_value_t *)(t))

static void init_core_structs(void)
{
    jl_value_t *any = A(jl_any_type), *sym = A(jl_symbol_type), *sv = A(jl_simplevector_type);
    jl_value_t *u8 = A(jl_uint8_type), *i32 = A(jl_int32_type), *u32 = A(jl_uint32_type);
    jl_value_t *i64 = A(jl_int64_type), *u64 = A(jl_uint64_type), *ptr = A(jl_voidpointer_type);
    jl_value_t *mod = A(jl_module_type), *i16 = A(jl_int16_type);
    (void)i16;
    set_fields(jl_typename_type, sizeof(jl_typename_t), 15, sym, mod, sv, any, sv, any, any, i64, i32, u8, u8, u8,
               u8, u32, i32);
    set_fields(jl_datatype_type, sizeof(jl_datatype_t), 16, A(jl_typename_type), any, sv, sv, any, ptr, u32, u8, u8,
               u8, u8, u8, u8, u8, u8, i32);
    set_fields(jl_tvar_type, sizeof(jl_tvar_t), 3, sym, any, any);
    set_fields(jl_unionall_type, sizeof(jl_unionall_t), 2, A(jl_tvar_type), any);
    set_fields(jl_uniontype_type, sizeof(jl_uniontype_t), 2, any, any);
    set_fields(jl_vararg_type, sizeof(jl_vararg_t), 2, any, any);
    set_fields(jl_expr_type, sizeof(jl_expr_t), 2, sym, A(jl_array_any_type));
    set_fields(jl_ssavalue_type, 8, 1, i64);
    set_fields(jl_slotnumber_type, 8, 1, i64);
    set_fields(jl_argument_type, 8, 1, i64);
    set_fields(jl_gotonode_type, 8, 1, i64);
    set_fields(jl_gotoifnot_type, 16, 2, any, i64);
    set_fields(jl_returnnode_type, 8, 1, any);
    set_fields(jl_newvarnode_type, 8, 1, any);
    set_fields(jl_quotenode_type, 8, 1, any);
    set_fields(jl_linenumbernode_type, 16, 2, i64, any);
    set_fields(jl_lineinfonode_type, sizeof(jl_lineinfonode_t), 5, mod, any, sym, i32, i32);
    set_fields(jl_globalref_type, sizeof(jl_globalref_t), 3, mod, sym, any);
    set_fields(jl_binding_type, sizeof(jl_binding_t), 10, sym, any, any, mod, any, any, u8, u8, u8, u8);
    set_fields(jl_module_type, sizeof(jl_module_t), 13, sym, any, ptr, any, u64, u64, u64, u64, u8, u8, u8, u8, any);
    set_fields(jl_methtable_type, sizeof(jl_methtable_t), 8, sym, any, any, i64, mod, ptr, any, u8);
    set_fields(jl_method_type, sizeof(jl_method_t), 21, sym, mod, sym, i32, i32, u64, u64, any, sv, any, any, any,
               any, any, any, u32, u8, u8, u8, u8, i32);
    set_fields(jl_method_instance_type, sizeof(jl_method_instance_t), 8, any, any, sv, any, any, any, u8, u8);
    set_fields(jl_code_instance_type, sizeof(jl_code_instance_t), 14, A(jl_method_instance_type), any, u64, u64, any,
               any, any, ptr, ptr, u8, u8, u8, u8, i32);
    set_fields(jl_code_info_type, sizeof(jl_code_info_t), 20, A(jl_array_any_type), any, any, any, any, any, any, any,
               any, any, any, u64, u64, i32, u8, u8, u8, u8, u8, u8);
    set_fields(jl_task_type, sizeof(jl_task_t), 7, ptr, any, any, any, u64, ptr, any);
}

static jl_tvar_t *tvar(const char *name)
{
    return jl_new_typevar(jl_symbol(name), jl_bottom_type, (jl_value_t *)jl_any_type);
}

static jl_datatype_t *mk_parametric_abstract(const char *name, jl_datatype_t *super, jl_tvar_t **vars, size_t n)
{
    jl_svec_t *p = jl_alloc_svec_uninit(n);
    memcpy(jl_svec_data(p), vars, n * sizeof(void *));
    return mk_abstract(name, super, p);
}

void jl_init_types(void)
{
    /* the kinds first: their headers are patched once DataType exists */
    jl_datatype_type = (jl_datatype_t *)jl_gc_perm_alloc(sizeof(jl_datatype_t), NULL);
    jl_set_typeof(jl_datatype_type, jl_datatype_type);
    jl_typename_type = jl_new_uninitialized_datatype();
    jl_symbol_type = jl_new_uninitialized_datatype();
    jl_simplevector_type = jl_new_uninitialized_datatype();
    jl_emptysvec = (jl_svec_t *)jl_gc_perm_alloc(sizeof(jl_svec_t), (jl_value_t *)jl_simplevector_type);
    jl_emptysvec->length = 0;
    jl_any_type = jl_new_uninitialized_datatype();
    jl_init_common_symbols();
    /* fill them in: name, super */
    jl_datatype_t *kinds[] = {jl_datatype_type, jl_typename_type, jl_symbol_type, jl_simplevector_type, jl_any_type};
    const char *names[] = {"DataType", "TypeName", "Symbol", "SimpleVector", "Any"};
    for (int i = 0; i < 5; i++) {
        jl_datatype_t *dt = kinds[i];
        jl_typename_t *tn = jl_new_typename_in(jl_symbol(names[i]), NULL, i == 4, i <= 1);
        dt->name = tn;
        dt->parameters = jl_emptysvec;
        dt->super = jl_any_type;
        set_type_flags(dt);
        dt->hash = datatype_hash(dt);
        tn->wrapper = (jl_value_t *)dt;
    }
    set_names(jl_typename_type, "name module names wrapper cache mt partial hash n_uninitialized abstract mutabl "
                                "mayinlinealloc pad constfields max_methods");
    set_names(jl_datatype_type, "name super parameters types instance layout hash hasfreetypevars isconcretetype "
                                "isdispatchtuple isbitstype zeroinit isprimitivetype ismutationfree pad size");
    /* Any's typename was allocated before TypeName had its header; all typenames above were */
    jl_any_type->super = jl_any_type;
    jl_any_type->isconcretetype = 0;
    jl_bottom_type = NULL;

    /* Type{T} and the other kinds */
    jl_tvar_type = mk_struct("TypeVar", jl_any_type, 1, "name lb ub");
    jl_tvar_t *T = (jl_tvar_t *)jl_gc_alloc(sizeof(jl_tvar_t), (jl_value_t *)jl_tvar_type);
    T->name = jl_symbol("T");
    T->ub = (jl_value_t *)jl_any_type;
    jl_typeofbottom_type = NULL;
    jl_type_type = mk_parametric_abstract("Type", jl_any_type, &T, 1);
    jl_type_typename = jl_type_type->name;
    jl_unionall_type = mk_struct("UnionAll", jl_type_type, 0, "var body");
    jl_type_type_ua = (jl_unionall_t *)jl_gc_alloc(sizeof(jl_unionall_t), (jl_value_t *)jl_unionall_type);
    jl_type_type_ua->var = T;
    jl_type_type_ua->body = (jl_value_t *)jl_type_type;
    jl_type_typename->wrapper = (jl_value_t *)jl_type_type_ua;
    jl_datatype_type->super = jl_type_type;
    jl_uniontype_type = mk_struct("Union", jl_type_type, 0, "a b");
    jl_typeofbottom_type = mk_struct("TypeofBottom", jl_type_type, 0, "");
    jl_bottom_type = jl_gc_alloc(0, (jl_value_t *)jl_typeofbottom_type);
    jl_typeofbottom_type->instance = jl_bottom_type;
    T->lb = jl_bottom_type;
    jl_typeofvararg_type = mk_struct("TypeofVararg", jl_any_type, 0, "T N");
    jl_vararg_type = jl_typeofvararg_type;

    /* Core's abstract types */
    jl_function_type = mk_abstract("Function", jl_any_type, jl_emptysvec);
    jl_builtin_type = mk_abstract("Builtin", jl_function_type, jl_emptysvec);
    jl_number_type = mk_abstract("Number", jl_any_type, jl_emptysvec);
    jl_real_type = mk_abstract("Real", jl_number_type, jl_emptysvec);
    jl_integer_type = mk_abstract("Integer", jl_real_type, jl_emptysvec);
    jl_signed_type = mk_abstract("Signed", jl_integer_type, jl_emptysvec);
    jl_unsigned_type = mk_abstract("Unsigned", jl_integer_type, jl_emptysvec);
    jl_abstractfloat_type = mk_abstract("AbstractFloat", jl_real_type, jl_emptysvec);
    jl_abstractstring_type = mk_abstract("AbstractString", jl_any_type, jl_emptysvec);
    jl_abstractchar_type = mk_abstract("AbstractChar", jl_any_type, jl_emptysvec);
    jl_exception_type = mk_abstract("Exception", jl_any_type, jl_emptysvec);

    /* primitive types */
    jl_bool_type = mk_prim("Bool", jl_integer_type, 8);
    jl_char_type = mk_prim("Char", jl_abstractchar_type, 32);
    jl_int8_type = mk_prim("Int8", jl_signed_type, 8);
    jl_uint8_type = mk_prim("UInt8", jl_unsigned_type, 8);
    jl_int16_type = mk_prim("Int16", jl_signed_type, 16);
    jl_uint16_type = mk_prim("UInt16", jl_unsigned_type, 16);
    jl_int32_type = mk_prim("Int32", jl_signed_type, 32);
    jl_uint32_type = mk_prim("UInt32", jl_unsigned_type, 32);
    jl_int64_type = mk_prim("Int64", jl_signed_type, 64);
    jl_uint64_type = mk_prim("UInt64", jl_unsigned_type, 64);
    jl_int128_type = mk_prim("Int128", jl_signed_type, 128);
    jl_uint128_type = mk_prim("UInt128", jl_unsigned_type, 128);
    jl_float16_type = mk_prim("Float16", jl_abstractfloat_type, 16);
    jl_float32_type = mk_prim("Float32", jl_abstractfloat_type, 32);
    jl_float64_type = mk_prim("Float64", jl_abstractfloat_type, 64);
    jl_intrinsic_type = mk_prim("IntrinsicFunction", jl_builtin_type, 32);

    /* Tuple{Vararg{Any}} */
    jl_tuple_typename = jl_new_typename_in(jl_symbol("Tuple"), NULL, 0, 0);
    jl_anytuple_type = jl_new_uninitialized_datatype();
    jl_anytuple_type->name = jl_tuple_typename;
    jl_anytuple_type->super = jl_any_type;
    jl_vararg_any = jl_wrap_vararg(NULL, NULL);
    jl_anytuple_type->parameters = jl_svec1(jl_vararg_any);
    jl_anytuple_type->types = jl_anytuple_type->parameters;
    set_type_flags(jl_anytuple_type);
    jl_anytuple_type->hash = datatype_hash(jl_anytuple_type);
    jl_tuple_typename->wrapper = (jl_value_t *)jl_anytuple_type;
    jl_tuple_type = jl_anytuple_type;
    jl_emptytuple_type = jl_apply_tuple_type_v(NULL, 0);
    jl_emptytuple = jl_emptytuple_type->instance;

    /* Nothing and the remaining concrete types */
    jl_nothing_type = mk_struct("Nothing", jl_any_type, 0, "");
    jl_nothing_type->types = jl_emptysvec;
    jl_compute_field_offsets(jl_nothing_type);
    jl_nothing = jl_nothing_type->instance;
    jl_string_type = mk_struct("String", jl_abstractstring_type, 0, "");
    jl_module_type = mk_struct("Module", jl_any_type, 1,
                               "name parent bindings usings build_id uuid_hi uuid_lo primary_world istopmod infer "
                               "optlevel pad file_deps");

    /* Ref{T}, Ptr{T} */
    jl_tvar_t *rT = tvar("T");
    jl_ref_type = mk_parametric_abstract("Ref", jl_any_type, &rT, 1);
    jl_tvar_t *pT = tvar("T");
    jl_svec_t *pparams = jl_svec1(pT);
    jl_pointer_type = jl_new_primitivetype((jl_value_t *)jl_symbol("Ptr"), jl_core_module,
                                           (jl_datatype_t *)jl_apply_type1((jl_value_t *)jl_ref_type->name->wrapper,
                                                                          (jl_value_t *)pT),
                                           pparams, 64);
    jl_pointer_typename = jl_pointer_type->name;
    jl_voidpointer_type = (jl_datatype_t *)jl_apply_type1(jl_pointer_typename->wrapper, (jl_value_t *)jl_nothing_type);
    jl_uint8pointer_type = (jl_datatype_t *)jl_apply_type1(jl_pointer_typename->wrapper, (jl_value_t *)jl_uint8_type);

    /* Arrays */
    jl_tvar_t *aT = tvar("T"), *aN = tvar("N");
    jl_tvar_t *an[2] = {aT, aN};
    jl_abstractarray_type = mk_parametric_abstract("AbstractArray", jl_any_type, an, 2);
    jl_tvar_t *dT = tvar("T"), *dN = tvar("N");
    jl_tvar_t *dn[2] = {dT, dN};
    jl_densearray_type = mk_parametric_abstract(
        "DenseArray", (jl_datatype_t *)jl_apply_type2(jl_abstractarray_type->name->wrapper, A(dT), A(dN)), dn, 2);
    jl_tvar_t *yT = tvar("T"), *yN = tvar("N");
    jl_array_type = jl_new_datatype(jl_symbol("Array"), jl_core_module,
                                    (jl_datatype_t *)jl_apply_type2(jl_densearray_type->name->wrapper, A(yT), A(yN)),
                                    jl_svec2(yT, yN), jl_emptysvec, jl_emptysvec, NULL, 0, 1, 0);
    jl_array_typename = jl_array_type->name;
    jl_array_any_type = (jl_datatype_t *)jl_apply_array_type(A(jl_any_type), 1);
    jl_array_symbol_type = (jl_datatype_t *)jl_apply_array_type(A(jl_symbol_type), 1);
    jl_array_uint8_type = (jl_datatype_t *)jl_apply_array_type(A(jl_uint8_type), 1);
    jl_array_int32_type = (jl_datatype_t *)jl_apply_array_type(A(jl_int32_type), 1);
    jl_array_int64_type = (jl_datatype_t *)jl_apply_array_type(A(jl_int64_type), 1);

    /* syntax and compiler objects */
    jl_expr_type = mk_struct("Expr", jl_any_type, 1, "head args");
    jl_ssavalue_type = mk_struct("SSAValue", jl_any_type, 0, "id");
    jl_slotnumber_type = mk_struct("SlotNumber", jl_any_type, 0, "id");
    jl_argument_type = mk_struct("Argument", jl_any_type, 0, "n");
    jl_gotonode_type = mk_struct("GotoNode", jl_any_type, 0, "label");
    jl_gotoifnot_type = mk_struct("GotoIfNot", jl_any_type, 0, "cond dest");
    jl_returnnode_type = mk_struct("ReturnNode", jl_any_type, 0, "val");
    jl_returnnode_type->name->n_uninitialized = 1;
    jl_newvarnode_type = mk_struct("NewvarNode", jl_any_type, 0, "slot");
    jl_quotenode_type = mk_struct("QuoteNode", jl_any_type, 0, "value");
    jl_linenumbernode_type = mk_struct("LineNumberNode", jl_any_type, 0, "line file");
    jl_lineinfonode_type = mk_struct("LineInfoNode", jl_any_type, 0, "module method file line inlined_at");
    jl_globalref_type = mk_struct("GlobalRef", jl_any_type, 0, "mod name binding");
    jl_binding_type = mk_struct("Binding", jl_any_type, 1,
                                "name value globalref owner alias ty constp exportp imported deprecated");
    jl_methtable_type = mk_struct("MethodTable", jl_any_type, 1,
                                  "name defs cache max_args module builtin kwsorter frozen");
    jl_method_type = mk_struct("Method", jl_any_type, 1,
                               "name module file line nargs primary_world deleted_world sig sparam_syms "
                               "specializations source unspecialized roots ambig external_mt nospecialize isva pure "
                               "is_for_opaque_closure constprop called");
    jl_method_instance_type = mk_struct("MethodInstance", jl_any_type, 1,
                                        "def specTypes sparam_vals uninferred backedges cache inInference precompiled");
    jl_code_instance_type = mk_struct("CodeInstance", jl_any_type, 1,
                                      "def next min_world max_world rettype rettype_const inferred invoke specptr "
                                      "isspecsig precompile relocatability from_image image_index");
    jl_code_info_type = mk_struct("CodeInfo", jl_any_type, 1,
                                  "code codelocs ssavaluetypes ssaflags slotnames slotflags slottypes rettype parent "
                                  "linetable edges min_world max_world nargs isva inferred inlineable "
                                  "propagate_inbounds has_fcall pure");
    jl_task_type = mk_struct("Task", jl_any_type, 1, "eh exception excstack bt world_age stack_base logstate");

    /* NamedTuple{names, T<:Tuple} */
    jl_tvar_t *nn = tvar("names"), *nt = jl_new_typevar(jl_symbol("T"), jl_bottom_type, A(jl_anytuple_type));
    jl_namedtuple_type = jl_new_datatype(jl_symbol("NamedTuple"), jl_core_module, jl_any_type, jl_svec2(nn, nt),
                                         NULL, NULL, NULL, 0, 0, 0);
    jl_namedtuple_typename = jl_namedtuple_type->name;

    init_core_structs();
    /* variable-size objects with no fields visible to Julia code (gc.c knows their shapes) */
    jl_datatype_t *varsize[] = {jl_symbol_type, jl_simplevector_type, jl_string_type};
    for (size_t i = 0; i < sizeof(varsize) / sizeof(varsize[0]); i++)
        jl_set_varsize_layout(varsize[i]);
    jl_typeofbottom_type->types = jl_emptysvec;
    jl_compute_field_offsets(jl_typeofbottom_type); /* keeps the instance made above */
    jl_typeofvararg_type->types = jl_svec2(jl_any_type, jl_any_type);
    jl_compute_field_offsets(jl_typeofvararg_type);
    jl_an_empty_string = jl_pchar_to_string("", 0);
    jl_true = jl_gc_perm_alloc(1, (jl_value_t *)jl_bool_type);
    *(int8_t *)jl_true = 1;
    jl_false = jl_gc_perm_alloc(1, (jl_value_t *)jl_bool_type);
    *(int8_t *)jl_false = 0;
    jl_vecelement_typename = NULL;
}

/* Binds Core's types under their names. Called once jl_core_module exists. */
void jl_init_core_module(void)
{
    /* modules created before Core existed: set owners */
    jl_datatype_t *all[] = {
#define JL_LIST_TYPE(n) jl_##n,
        JL_TYPES_X(JL_LIST_TYPE)
#undef JL_LIST_TYPE
    };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        jl_datatype_t *dt = all[i];
        if (dt == NULL || !jl_is_datatype(dt))
            continue;
        if (dt->name->module == NULL)
            dt->name->module = jl_core_module;
        if (jl_get_module_binding(jl_core_module, dt->name->name, 0) == NULL)
            jl_set_const(jl_core_module, dt->name->name, dt->name->wrapper);
    }
    jl_set_const(jl_core_module, jl_symbol("Union"), (jl_value_t *)jl_uniontype_type);
    jl_set_const(jl_core_module, jl_symbol("Vararg"), jl_wrap_vararg(NULL, NULL));
    jl_set_const(jl_core_module, jl_symbol("Nothing"), (jl_value_t *)jl_nothing_type);
    jl_set_const(jl_core_module, jl_symbol("nothing"), jl_nothing);
    jl_set_const(jl_core_module, jl_symbol("true"), jl_true);
    jl_set_const(jl_core_module, jl_symbol("false"), jl_false);
    jl_set_const(jl_core_module, jl_symbol("Core"), (jl_value_t *)jl_core_module);
    jl_set_const(jl_core_module, jl_symbol("Int"), (jl_value_t *)jl_int64_type);
    jl_set_const(jl_core_module, jl_symbol("UInt"), (jl_value_t *)jl_uint64_type);
}

/* After boot.jl: exception types defined in Julia. */
void jl_get_builtin_hooks(void)
{
#define HOOK(var, name)                                                                   \
    do {                                                                                   \
        jl_value_t *v = jl_get_global(jl_core_module, jl_symbol(name));                    \
        var = (v && jl_is_datatype(v)) ? (jl_datatype_t *)v : NULL;                        \
    } while (0)
    HOOK(jl_errorexception_type, "ErrorException");
    HOOK(jl_boundserror_type, "BoundsError");
    HOOK(jl_divideerror_type, "DivideError");
    HOOK(jl_inexacterror_type, "InexactError");
    HOOK(jl_undefvarerror_type, "UndefVarError");
    HOOK(jl_typeerror_type, "TypeError");
    HOOK(jl_methoderror_type, "MethodError");
    HOOK(jl_argumenterror_type, "ArgumentError");
    HOOK(jl_overflowerror_type, "OverflowError");
    HOOK(jl_undefreferror_type, "UndefRefError");
    HOOK(jl_keyerror_type, "KeyError");
    HOOK(jl_stackoverflowerror_type, "StackOverflowError");
    HOOK(jl_outofmemoryerror_type, "OutOfMemoryError");
    HOOK(jl_domainerror_type, "DomainError");
    HOOK(jl_loaderror_type, "LoadError");
    HOOK(jl_interrupt_exception_type, "InterruptException");
    HOOK(jl_parseerror_type, "ParseError");
    HOOK(jl_undefkeyworderror_type, "UndefKeywordError");
    HOOK(jl_fielderror_type, "FieldError");
#undef HOOK
    if (jl_undefreferror_type)
        jl_undefref_exception = jl_new_struct(jl_undefreferror_type);
    if (jl_divideerror_type)
        jl_diverror_exception = jl_new_struct(jl_divideerror_type);
    if (jl_stackoverflowerror_type)
        jl_stackovf_exception = jl_new_struct(jl_stackoverflowerror_type);
    if (jl_outofmemoryerror_type)
        jl_memory_exception = jl_new_struct(jl_outofmemoryerror_type);
}
