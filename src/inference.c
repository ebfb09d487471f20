/* inference.c: type inference over lowered code (Julia's abstract interpretation, written in C).
 *
 * jl_type_infer(mi, world) runs the method's lowered CodeInfo (statement forms: julia.h) over the lattice
 * of inference.h instead of values: a worklist over basic blocks carries the type of every slot into each
 * block (joined where paths merge, widened when loops keep changing them), SSA values get one type each,
 * GotoIfNot on `x === c` / `x isa T` narrows the slot on each edge, :enter sends every slot state of the
 * try body to its catch block. Calls of generic functions are resolved with jl_matching_methods: their
 * result is the join of the matching specializations' inferred return types (inferred recursively, with a
 * cache), and a call whose dispatch is a unique, fully covering match becomes Expr(:invoke, mi, ...).
 * Builtins and intrinsics have transfer functions (inference_tfuncs.c).
 *
 * The output is a copy of the CodeInfo obeying the "inferred CodeInfo contract" of julia_internal.h:
 * ssavaluetypes, slottypes, rettype, :invoke statements, constants folded (GlobalRefs to constants, pure
 * builtins on constants), unreachable statements replaced by ReturnNode() (unreachable), and `edges`
 * (the MethodInstances and call signatures the result depends on; backedges are recorded here too, so
 * gf.c invalidates the result when a new method changes one of those dispatch decisions).
 *
 * RECURSION. Callee inference nests on the C stack (a frame per MethodInstance). A callee already on the
 * stack (a cycle, e.g. fib calling fib) answers its current return-type guess (first Union{}); the frame
 * whose guess was used re-runs until its result no longer grows. Results that depended on a guess of a
 * frame still running are "tentative": cached only until that frame finishes or re-runs.
 *
 * CONSTANT PROPAGATION. A call with constant arguments (x.f -> getproperty(x, :f), indexed_iterate(t, 1),
 * one(T)...) to a small method whose ordinary result could improve is inferred once more with the argument
 * lattice elements themselves (a frame that is neither output nor cached per MethodInstance). So the type
 * of an :invoke statement may be narrower than the callee's own rettype.
 *
 * THE CACHES. Final results (the CodeInfo and the lattice return type) are cached per MethodInstance for
 * the world they were inferred in, as long as no method has been added since (jl_world_counter is
 * unchanged), so gf.c compiling a callee right after its caller gets the CodeInfo without re-inferring.
 * Method matches per call signature and constant-propagation results are cached the same way. A call
 * signature of concrete types is looked up through gf.c's dispatch (jl_method_lookup_by_type, cached),
 * others with jl_matching_methods after a cheap count of the methods that could match.
 *
 * LIMITS. Unions keep at most MAX_UNION components, tuple types are nested at most MAX_TYPE_DEPTH deep
 * when joined, a call matching more than MAX_METHODS methods is Any, nested inference stops at MAX_DEPTH
 * frames (or MAX_SAME_METHOD specializations of one method), a frame gives up (and its callers use Any)
 * after FRAME_STEPS statement evaluations, and once a top-level inference has evaluated SESSION_BUDGET
 * statements callees are no longer inferred: past these limits types widen to Any, never to anything wrong.
 *
 * Debug: env JULIA_DEBUG_INFER=1 prints every inferred method (statements with their types, time) to
 * stderr; JULIA_INFER=0 disables inference (everything is interpreted). */
#include "inference.h"
#include <stdlib.h>
#include <alloca.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <time.h>

#define MAX_UNION 4
#define MAX_TYPE_DEPTH 5
#define MAX_METHODS 4
#define MAX_DEPTH 20
#define MAX_SAME_METHOD 3
#define MAX_CYCLE_ITERS 6
#define WIDEN_AFTER_VISITS 8
#define ANY_AFTER_VISITS 16
#define SESSION_BUDGET 300000
#define FRAME_STEPS_BASE 2000
#define FRAME_STEPS_PER_STMT 64
#define MAX_APPLY_ARGS 32
#define MAX_CONSTPROP_STMTS 64
#define MAX_CONSTPROP_DEPTH 3       /* nested constant-propagation frames */
#define MAX_STATE_CELLS (1 << 22)   /* blocks x slots of one method */

#define ANY ((jl_value_t *)jl_any_type)
#define BOTTOM (jl_bottom_type)
#define BOOL ((jl_value_t *)jl_bool_type)

jl_value_t *jl_infer_tag_const;
jl_value_t *jl_infer_tag_cond;
jl_value_t *jl_infer_tag_partial;

static int infer_debug;       /* JULIA_DEBUG_INFER */
static int infer_disabled;    /* JULIA_INFER=0 */

/* ---------------------------------------------------------------------------------------------- */
/* The lattice */

jl_value_t *jl_infer_mkconst(jl_value_t *v)
{
    return (jl_value_t *)jl_svec2(jl_infer_tag_const, v);
}

jl_value_t *jl_infer_mkpartial(jl_value_t *T, jl_value_t **fields, size_t n)
{
    jl_svec_t *s = jl_alloc_svec(n + 2);
    jl_svecset(s, 0, jl_infer_tag_partial);
    jl_svecset(s, 1, T);
    for (size_t i = 0; i < n; i++)
        jl_svecset(s, i + 2, fields[i]);
    return (jl_value_t *)s;
}

static jl_value_t *mkcond(size_t slot, jl_value_t *thent, jl_value_t *elset, size_t readpos)
{
    jl_svec_t *s = jl_alloc_svec(5);
    jl_svecset(s, 0, jl_infer_tag_cond);
    jl_svecset(s, 1, jl_box_long((int64_t)slot));
    jl_svecset(s, 2, thent);
    jl_svecset(s, 3, elset);
    jl_svecset(s, 4, jl_box_long((int64_t)readpos));
    return (jl_value_t *)s;
}
#define cond_slot(c) ((size_t)jl_unbox_long(jl_svecref((c), 1)))
#define cond_then(c) jl_svecref((c), 2)
#define cond_else(c) jl_svecref((c), 3)
#define cond_readpos(c) ((size_t)jl_unbox_long(jl_svecref((c), 4)))

static int closed_type(jl_value_t *t)
{
    if (jl_is_datatype(t))
        return !((jl_datatype_t *)t)->hasfreetypevars;
    return !jl_has_free_typevars(t);
}

jl_value_t *jl_infer_const_type(jl_value_t *v)
{
    if (jl_is_type(v) && closed_type(v))
        return jl_apply_type1((jl_value_t *)jl_type_type_ua, v);
    return jl_typeof(v);
}

jl_value_t *jl_infer_widenconst(jl_value_t *x)
{
    if (!jl_is_svec(x))
        return x;
    if (jl_infer_is_const(x))
        return jl_infer_const_type(jl_infer_const_val(x));
    if (jl_infer_is_partial(x))
        return jl_infer_partial_type(x);
    if (jl_infer_is_cond(x))
        return BOOL;
    return ANY;
}

jl_value_t *jl_infer_tuple_elt_type(jl_value_t *x)
{
    if (jl_infer_is_const(x))
        return jl_typeof(jl_infer_const_val(x));
    return jl_infer_widenconst(x);
}

int jl_infer_known_value(jl_value_t *x, jl_value_t **v)
{
    if (jl_infer_is_const(x)) {
        *v = jl_infer_const_val(x);
        return 1;
    }
    if (!jl_is_datatype(x))
        return 0;
    jl_datatype_t *dt = (jl_datatype_t *)x;
    if (dt->instance != NULL) {
        *v = dt->instance;
        return 1;
    }
    if (dt->name == jl_type_typename) {
        jl_value_t *p = jl_tparam0(dt);
        if (!jl_is_typevar(p) && closed_type(p)) {
            *v = p;
            return 1;
        }
    }
    return 0;
}

/* Kinds and the types above them contain type values, which Type{X} describes individually. */
static int may_hold_types(jl_value_t *t)
{
    return jl_is_kind(t) || t == ANY || jl_is_type_type(t) || !jl_is_datatype(t) ||
           jl_subtype((jl_value_t *)jl_type_type_ua, t) || jl_subtype(t, (jl_value_t *)jl_type_type_ua);
}

int jl_infer_disjoint(jl_value_t *a, jl_value_t *b)
{
    if (a == BOTTOM || b == BOTTOM)
        return 1;
    if (a == ANY || b == ANY || a == b)
        return 0;
    if (jl_is_uniontype(a))
        return jl_infer_disjoint(((jl_uniontype_t *)a)->a, b) && jl_infer_disjoint(((jl_uniontype_t *)a)->b, b);
    if (jl_is_uniontype(b))
        return jl_infer_disjoint(a, ((jl_uniontype_t *)b)->a) && jl_infer_disjoint(a, ((jl_uniontype_t *)b)->b);
    if (jl_is_typevar(a) || jl_is_typevar(b) || !closed_type(a) || !closed_type(b))
        return 0;
    if (jl_is_concrete_type(a) && !may_hold_types(a))
        return !jl_subtype(a, b);
    if (jl_is_concrete_type(b) && !may_hold_types(b))
        return !jl_subtype(b, a);
    if (jl_subtype(a, b) || jl_subtype(b, a))
        return 0;
    return jl_type_intersection(a, b) == BOTTOM;
}

jl_value_t *jl_infer_type_meet(jl_value_t *a, jl_value_t *b)
{
    if (jl_subtype(a, b))
        return a;
    if (jl_subtype(b, a))
        return b;
    if (jl_is_uniontype(a)) {
        jl_value_t *x = jl_infer_type_meet(((jl_uniontype_t *)a)->a, b);
        jl_value_t *y = jl_infer_type_meet(((jl_uniontype_t *)a)->b, b);
        jl_value_t *p[2] = {x, y};
        return jl_type_union(p, 2);
    }
    if (jl_infer_disjoint(a, b))
        return BOTTOM;
    if (!closed_type(a) || !closed_type(b))
        return a;
    jl_value_t *r = jl_type_intersection(a, b);
    return (r == BOTTOM || !closed_type(r)) ? a : r;
}

jl_value_t *jl_infer_type_subtract(jl_value_t *a, jl_value_t *b)
{
    if (jl_is_uniontype(a)) {
        jl_value_t *x = jl_infer_type_subtract(((jl_uniontype_t *)a)->a, b);
        jl_value_t *y = jl_infer_type_subtract(((jl_uniontype_t *)a)->b, b);
        if (x == ((jl_uniontype_t *)a)->a && y == ((jl_uniontype_t *)a)->b)
            return a;
        jl_value_t *p[2] = {x, y};
        return jl_type_union(p, 2);
    }
    if (closed_type(a) && closed_type(b) && jl_subtype(a, b))
        return BOTTOM;
    return a;
}

int jl_infer_le(jl_value_t *a, jl_value_t *b)
{
    if (a == b || b == ANY || a == BOTTOM)
        return 1;
    if (b == BOTTOM)
        return 0;
    if (jl_infer_is_cond(a)) {
        if (jl_infer_is_cond(b))
            return cond_slot(a) == cond_slot(b) && cond_readpos(a) == cond_readpos(b) &&
                   jl_infer_le(cond_then(a), cond_then(b)) && jl_infer_le(cond_else(a), cond_else(b));
        return jl_infer_le(BOOL, b);
    }
    if (jl_infer_is_cond(b))
        return 0;
    if (jl_infer_is_const(a)) {
        jl_value_t *v = jl_infer_const_val(a);
        if (jl_infer_is_const(b))
            return jl_egal(v, jl_infer_const_val(b));
        if (jl_infer_is_partial(b))
            return 0;
        return jl_isa(v, b);
    }
    if (jl_infer_is_partial(a)) {
        if (jl_infer_is_partial(b)) {
            size_t n = jl_infer_partial_nfields(a);
            if (n != jl_infer_partial_nfields(b) || !jl_subtype(jl_infer_partial_type(a), jl_infer_partial_type(b)))
                return 0;
            for (size_t i = 0; i < n; i++)
                if (!jl_infer_le(jl_infer_partial_field(a, i), jl_infer_partial_field(b, i)))
                    return 0;
            return 1;
        }
        if (jl_infer_is_const(b))
            return 0;
        return jl_subtype(jl_infer_partial_type(a), b);
    }
    if (jl_infer_is_const(b)) {
        jl_value_t *v;
        return jl_infer_known_value(a, &v) && jl_egal(v, jl_infer_const_val(b));
    }
    if (jl_infer_is_partial(b))
        return 0;
    return jl_subtype(a, b);
}

static int type_depth(jl_value_t *t, int limit)
{
    if (limit <= 0)
        return 1;
    if (jl_is_uniontype(t)) {
        int a = type_depth(((jl_uniontype_t *)t)->a, limit), b = type_depth(((jl_uniontype_t *)t)->b, limit);
        return a > b ? a : b;
    }
    if (jl_is_unionall(t))
        return type_depth(((jl_unionall_t *)t)->body, limit);
    if (jl_is_vararg(t))
        return type_depth(jl_unwrap_vararg(t), limit);
    if (!jl_is_datatype(t))
        return 0;
    int d = 0;
    jl_svec_t *p = ((jl_datatype_t *)t)->parameters;
    for (size_t i = 0; p && i < jl_svec_len(p); i++) {
        int di = type_depth(jl_svecref(p, i), limit - 1);
        if (di > d)
            d = di;
    }
    return d + 1;
}

/* The least supertype of two types that is not a Union (widening). */
static jl_value_t *super_join(jl_value_t *a, jl_value_t *b, int depth)
{
    if (jl_subtype(a, b))
        return b;
    if (jl_subtype(b, a))
        return a;
    if (!jl_is_datatype(a) || !jl_is_datatype(b) || !closed_type(a) || !closed_type(b))
        return ANY;
    jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
    if (da->name == jl_tuple_typename && db->name == jl_tuple_typename) {
        size_t n = jl_nparams(da);
        if (n == jl_nparams(db) && n <= 8 && depth < 3 && !jl_is_va_tuple(da) && !jl_is_va_tuple(db)) {
            jl_value_t **p = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
            for (size_t i = 0; i < n; i++)
                p[i] = super_join(jl_tparam(da, i), jl_tparam(db, i), depth + 1);
            return (jl_value_t *)jl_apply_tuple_type_v(p, n);
        }
        return (jl_value_t *)jl_anytuple_type;
    }
    if (da->name == db->name) {
        jl_value_t *w = da->name->wrapper;
        if (w != NULL && jl_subtype(a, w) && jl_subtype(b, w))
            return w;
    }
    jl_datatype_t *s = da->super;
    for (int guard = 0; s != NULL && guard < 64; guard++) {
        if (s == jl_any_type)
            return ANY;
        if (!s->hasfreetypevars && jl_subtype(b, (jl_value_t *)s))
            return (jl_value_t *)s;
        if (s->super == s)
            break;
        s = s->super;
    }
    return ANY;
}

static void flatten_union(jl_value_t *t, jl_value_t **out, size_t *n, size_t cap)
{
    if (jl_is_uniontype(t)) {
        flatten_union(((jl_uniontype_t *)t)->a, out, n, cap);
        flatten_union(((jl_uniontype_t *)t)->b, out, n, cap);
    }
    else if (*n < cap) {
        out[(*n)++] = t;
    }
}

jl_value_t *jl_infer_type_join(jl_value_t *a, jl_value_t *b)
{
    if (a == b || b == BOTTOM)
        return a;
    if (a == BOTTOM)
        return b;
    if (a == ANY || b == ANY)
        return ANY;
    if (!closed_type(a) || !closed_type(b))
        return ANY;
    if (jl_subtype(a, b))
        return b;
    if (jl_subtype(b, a))
        return a;
    jl_value_t *p[2] = {a, b};
    jl_value_t *u = jl_type_union(p, 2);
    size_t nc = jl_count_union_components(u);
    if (nc <= MAX_UNION && type_depth(u, MAX_TYPE_DEPTH + 1) <= MAX_TYPE_DEPTH)
        return u;
    jl_value_t **comps = (jl_value_t **)alloca((nc + 1) * sizeof(jl_value_t *));
    size_t k = 0;
    flatten_union(u, comps, &k, nc);
    jl_value_t *r = comps[0];
    for (size_t i = 1; i < k && r != ANY; i++)
        r = super_join(r, comps[i], 0);
    if (type_depth(r, MAX_TYPE_DEPTH + 1) > MAX_TYPE_DEPTH)
        return jl_is_tuple_type(r) ? (jl_value_t *)jl_anytuple_type : ANY;
    return r;
}

jl_value_t *jl_infer_join(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return a;
    if (jl_infer_le(a, b))
        return b;
    if (jl_infer_le(b, a))
        return a;
    if (jl_infer_is_cond(a) && jl_infer_is_cond(b) && cond_slot(a) == cond_slot(b) &&
        cond_readpos(a) == cond_readpos(b))
        return mkcond(cond_slot(a), jl_infer_join(cond_then(a), cond_then(b)),
                      jl_infer_join(cond_else(a), cond_else(b)), cond_readpos(a));
    if (jl_infer_is_partial(a) && jl_infer_is_partial(b) &&
        jl_infer_partial_nfields(a) == jl_infer_partial_nfields(b)) {
        jl_value_t *T = jl_infer_type_join(jl_infer_partial_type(a), jl_infer_partial_type(b));
        size_t n = jl_infer_partial_nfields(a);
        if (jl_is_concrete_type(T) && jl_is_tuple_type(T) && jl_nparams(T) == n) {
            jl_value_t **f = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
            int extra = 0;
            for (size_t i = 0; i < n; i++) {
                f[i] = jl_infer_join(jl_infer_partial_field(a, i), jl_infer_partial_field(b, i));
                if (!jl_infer_le(jl_tparam(T, i), f[i]))
                    extra = 1;
            }
            if (extra)
                return jl_infer_mkpartial(T, f, n);
        }
        return T;
    }
    return jl_infer_type_join(jl_infer_widenconst(a), jl_infer_widenconst(b));
}

/* ---------------------------------------------------------------------------------------------- */
/* Globals */

jl_value_t *jl_infer_global_type(jl_module_t *m, jl_sym_t *s)
{
    jl_binding_t *b = jl_get_binding(m, s);
    if (b == NULL)
        return ANY;
    b = jl_binding_resolved(b);
    if (b->constp && b->value != NULL)
        return jl_infer_mkconst(b->value);
    if (b->ty != NULL && jl_is_type(b->ty) && closed_type(b->ty))
        return b->ty;
    return ANY;
}

/* ---------------------------------------------------------------------------------------------- */
/* The result cache: an open-addressed table (Vector{Any} of entries, keyed by MethodInstance). An entry
 * is svec(mi, src or nothing, rettype, world, head_serial, head_iter): head_serial 0 means final, else
 * the result is tentative while the frame with that serial runs iteration head_iter. */

static jl_array_t *cache_table;
static size_t cache_count;
static size_t cache_world_counter;   /* jl_world_counter when the table was (re)started */

enum { CE_MI, CE_SRC, CE_RT, CE_WORLD, CE_SERIAL, CE_ITER, CE_N };

/* jl_matching_methods answers for call signatures, for the same worlds: svec(atype, world, matches,
 * min_valid, max_valid, ambig) in a small direct-mapped table keyed by the (hash-consed) signature. */
#define MATCH_CACHE_SIZE 1024
static jl_array_t *match_cache;
/* Constant-propagation results: svec(mi, args svec, rettype, world), direct-mapped by a hash of both. */
#define CPROP_CACHE_SIZE 1024
static jl_array_t *cprop_cache;

static void cache_reset(size_t size)
{
    cache_table = jl_alloc_vec_any(size);
    memset(jl_array_data(cache_table), 0, size * sizeof(void *));
    cache_count = 0;
    match_cache = jl_alloc_vec_any(MATCH_CACHE_SIZE);
    memset(jl_array_data(match_cache), 0, MATCH_CACHE_SIZE * sizeof(void *));
    cprop_cache = jl_alloc_vec_any(CPROP_CACHE_SIZE);
    memset(jl_array_data(cprop_cache), 0, CPROP_CACHE_SIZE * sizeof(void *));
    cache_world_counter = jl_world_counter;
}

static size_t cache_slot(jl_method_instance_t *mi)
{
    size_t mask = jl_array_len(cache_table) - 1;
    size_t h = (size_t)jl_hash_ptr(mi) & mask;
    for (;;) {
        jl_value_t *e = jl_array_ptr_ref(cache_table, h);
        if (e == NULL || jl_svecref(e, CE_MI) == (jl_value_t *)mi)
            return h;
        h = (h + 1) & mask;
    }
}

static jl_svec_t *cache_get(jl_method_instance_t *mi, size_t world)
{
    if (cache_world_counter != jl_world_counter)
        cache_reset(jl_array_len(cache_table));
    jl_value_t *e = jl_array_ptr_ref(cache_table, cache_slot(mi));
    if (e == NULL || (size_t)jl_unbox_long(jl_svecref(e, CE_WORLD)) != world)
        return NULL;
    return (jl_svec_t *)e;
}

static void cache_put(jl_method_instance_t *mi, jl_value_t *src, jl_value_t *rt, size_t world, uint64_t serial,
                      int iter)
{
    if (cache_world_counter != jl_world_counter)
        cache_reset(jl_array_len(cache_table));
    if (2 * (cache_count + 1) > jl_array_len(cache_table)) {
        jl_array_t *old = cache_table;
        cache_reset(2 * jl_array_len(old));
        for (size_t i = 0; i < jl_array_len(old); i++) {
            jl_value_t *e = jl_array_ptr_ref(old, i);
            if (e != NULL) {
                jl_array_ptr_set(cache_table, cache_slot((jl_method_instance_t *)jl_svecref(e, CE_MI)), e);
                cache_count++;
            }
        }
    }
    jl_svec_t *e = jl_alloc_svec(CE_N);
    jl_svecset(e, CE_MI, mi);
    jl_svecset(e, CE_SRC, src ? src : jl_nothing);
    jl_svecset(e, CE_RT, rt);
    jl_svecset(e, CE_WORLD, jl_box_long((int64_t)world));
    jl_svecset(e, CE_SERIAL, jl_box_long((int64_t)serial));
    jl_svecset(e, CE_ITER, jl_box_long(iter));
    size_t h = cache_slot(mi);
    if (jl_array_ptr_ref(cache_table, h) == NULL)
        cache_count++;
    jl_array_ptr_set(cache_table, h, e);
}

/* ---------------------------------------------------------------------------------------------- */
/* Frames */

typedef struct infer_frame {
    struct infer_frame *parent;
    jl_method_instance_t *mi;
    jl_method_t *method;
    jl_module_t *module;
    jl_code_info_t *src;     /* the uninferred lowered code */
    size_t world;
    int depth;
    uint64_t serial;
    size_t nstmts, nslots, nblocks, nargs;
    jl_value_t **stmts;
    jl_array_t *store;       /* Int32 storage behind the arrays below (GC-owned) */
    int32_t *block_of;       /* statement -> block */
    int32_t *block_first;    /* block -> first statement; [nblocks] = nstmts */
    int32_t *use_off;        /* SSA k (0-based) -> its using blocks are use_blocks[use_off[k]..use_off[k+1]) */
    int32_t *use_blocks;
    jl_array_t *use_store;   /* Int32 storage behind use_blocks */
    int32_t *handler;        /* block -> innermost :enter statement active at entry (-1 none, -2 unknown) */
    int32_t *enter_parent;   /* :enter statement -> the handler active at it */
    int32_t *visits;         /* block -> number of times its entry state grew */
    int32_t *pending;        /* block -> queued */
    int32_t *fold;           /* statement -> the statement may be replaced by its constant (1), or for
                              * GotoIfNot: 1 = always falls through, 2 = always jumps */
    int32_t *reached;        /* block -> its entry state is set */
    size_t min_pending;
    jl_array_t *vals;        /* Vector{Any} storage behind the lattice arrays below (GC-traced) */
    jl_value_t **ssatypes;   /* statement -> lattice element (NULL = never reached) */
    jl_value_t **stmt_mi;    /* statement -> MethodInstance of a uniquely resolved call, or NULL */
    jl_value_t **states;     /* block b's entry slot state: states[b * nslots + s] */
    jl_value_t **cur;        /* the slot state while evaluating a block */
    jl_value_t **slotacc;    /* join of everything stored in each slot */
    jl_value_t **initial;    /* the slot state at entry */
    jl_array_t *edges;       /* Vector{Any}: MethodInstances and signatures the result depends on */
    jl_value_t *rettype;     /* join of every returned value */
    jl_value_t *guess;       /* return type answered to recursive calls of this frame */
    size_t min_world, max_world;
    int cycle_dep;           /* smallest depth of a frame whose guess this result used (INT_MAX: none) */
    int used_as_head;        /* some recursive call used this frame's guess */
    int iter;
    int failed;
    int cur_handler;         /* innermost handler while evaluating a block */
    int is_const;            /* a constant-propagation frame: arguments narrower than mi->specTypes */
    long steps;              /* statement evaluations left for this frame */
} infer_frame_t;

typedef struct {
    jl_value_t *src;         /* jl_code_info_t (NULL for constant-propagation frames) */
    jl_value_t *rettype;     /* lattice element */
    jl_array_t *edges;
    int cycle_dep;
} infer_result_t;

static infer_frame_t *infer_top;        /* innermost frame */
static uint64_t infer_serial;
static long session_budget;
/* (mi, inInference before) of each frame, to restore the flags if an error unwinds inference */
static jl_method_instance_t *unwind_mi[MAX_DEPTH + 2];
static uint8_t unwind_flag[MAX_DEPTH + 2];

static infer_result_t *infer_frame(jl_method_instance_t *mi, size_t world, infer_frame_t *parent,
                                   jl_value_t **cargs, size_t ncargs, infer_result_t *res);

static inline jl_value_t *ssa_type(infer_frame_t *fr, size_t i) { return fr->ssatypes[i]; }
static inline jl_value_t *slot_get(infer_frame_t *fr, size_t s) { return fr->cur[s]; }

static void add_edge(infer_frame_t *fr, jl_value_t *e)
{
    size_t n = jl_array_len(fr->edges);
    for (size_t i = 0; i < n; i++) {
        jl_value_t *x = jl_array_ptr_ref(fr->edges, i);
        if (x == e || (!jl_is_method_instance(e) && !jl_is_method_instance(x) && jl_types_equal(x, e)))
            return;
    }
    jl_array_ptr_1d_push(fr->edges, e);
}

/* ---------------------------------------------------------------------------------------------- */
/* Control-flow graph */

static intptr_t enter_label(jl_value_t *st)
{
    jl_value_t *l = jl_exprarg(st, 0);
    return jl_is_long(l) ? (intptr_t)jl_unbox_long(l) : 0;
}

static int is_expr(jl_value_t *v, jl_sym_t *head)
{
    return jl_is_expr(v) && ((jl_expr_t *)v)->head == head;
}

/* Counts (fill = 0) or records (fill = 1) block as a user of every SSAValue mentioned in v. */
static void scan_ssa(infer_frame_t *fr, jl_value_t *v, int32_t block, int fill, int depth)
{
    if (v == NULL || depth > 8)
        return;
    if (jl_is_ssavalue(v)) {
        intptr_t k = ((jl_ssavalue_t *)v)->id - 1;
        if (k < 0 || (size_t)k >= fr->nstmts)
            return;
        if (fill)
            fr->use_blocks[fr->use_off[k + 1]++] = block;
        else
            fr->use_off[k + 1]++;
        return;
    }
    if (jl_is_expr(v)) {
        jl_array_t *args = ((jl_expr_t *)v)->args;
        for (size_t i = 0; i < jl_array_len(args); i++)
            scan_ssa(fr, jl_array_ptr_ref(args, i), block, fill, depth + 1);
    }
    else if (jl_is_gotoifnot(v)) {
        scan_ssa(fr, ((jl_gotoifnot_t *)v)->cond, block, fill, depth + 1);
    }
    else if (jl_is_returnnode(v)) {
        scan_ssa(fr, ((jl_returnnode_t *)v)->val, block, fill, depth + 1);
    }
}

static int32_t *alloc_ints(infer_frame_t *fr, size_t *used, size_t n)
{
    int32_t *p = (int32_t *)jl_array_data(fr->store) + *used;
    *used += n;
    return p;
}

/* Splits the code into basic blocks and indexes the uses of SSA values. Returns 0 on malformed code. */
static int build_cfg(infer_frame_t *fr)
{
    size_t n = fr->nstmts;
    uint8_t *leader = (uint8_t *)calloc(n + 1, 1);
    if (leader == NULL)
        return 0;
    int ok = 1;
    leader[0] = 1;
    for (size_t i = 0; i < n && ok; i++) {
        jl_value_t *st = fr->stmts[i];
        intptr_t target = 0;
        int ends = 0;
        if (jl_is_gotonode(st)) {
            target = ((jl_gotonode_t *)st)->label;
            ends = 1;
        }
        else if (jl_is_gotoifnot(st)) {
            target = ((jl_gotoifnot_t *)st)->dest;
            ends = 1;
        }
        else if (jl_is_returnnode(st)) {
            ends = 1;
        }
        else if (is_expr(st, jl_enter_sym)) {
            target = jl_expr_nargs(st) > 0 ? enter_label(st) : 0;
            if (target == 0)
                ok = 0;
            ends = 1;
        }
        if (target != 0) {
            if (target < 1 || (size_t)target > n)
                ok = 0;
            else
                leader[target - 1] = 1;
        }
        if (ends)
            leader[i + 1] = 1;
    }
    size_t nb = 0;
    for (size_t i = 0; i < n; i++)
        nb += leader[i];
    fr->nblocks = nb;
    size_t total = n + (nb + 1) + (n + 1) + 5 * nb + n + n;
    fr->store = jl_alloc_array_1d((jl_value_t *)jl_array_int32_type, total + 1);
    memset(jl_array_data(fr->store), 0, (total + 1) * sizeof(int32_t));
    size_t used = 0;
    fr->block_of = alloc_ints(fr, &used, n);
    fr->block_first = alloc_ints(fr, &used, nb + 1);
    fr->use_off = alloc_ints(fr, &used, n + 1);
    fr->handler = alloc_ints(fr, &used, nb);
    fr->visits = alloc_ints(fr, &used, nb);
    fr->pending = alloc_ints(fr, &used, nb);
    fr->enter_parent = alloc_ints(fr, &used, n);
    fr->fold = alloc_ints(fr, &used, n);
    fr->reached = alloc_ints(fr, &used, nb);
    int32_t b = -1;
    for (size_t i = 0; i < n; i++) {
        if (leader[i])
            fr->block_first[++b] = (int32_t)i;
        fr->block_of[i] = b;
    }
    fr->block_first[nb] = (int32_t)n;
    free(leader);
    for (size_t k = 0; k < nb; k++)
        fr->handler[k] = -2;
    /* SSA uses: count, prefix sums, fill */
    for (size_t i = 0; i < n; i++)
        scan_ssa(fr, fr->stmts[i], fr->block_of[i], 0, 0);
    for (size_t k = 0; k < n; k++)
        fr->use_off[k + 1] += fr->use_off[k];
    size_t nuses = fr->use_off[n];
    jl_array_t *ub = jl_alloc_array_1d((jl_value_t *)jl_array_int32_type, nuses + 1);
    fr->use_blocks = (int32_t *)jl_array_data(ub);
    fr->use_store = ub;
    for (size_t k = n; k > 0; k--)
        fr->use_off[k] = fr->use_off[k - 1];
    fr->use_off[0] = 0;
    for (size_t i = 0; i < n; i++)
        scan_ssa(fr, fr->stmts[i], fr->block_of[i], 1, 0);
    return ok;
}

/* ---------------------------------------------------------------------------------------------- */
/* Slot states and the worklist */

static void mark_pending(infer_frame_t *fr, size_t b)
{
    if (!fr->pending[b]) {
        fr->pending[b] = 1;
        if (b < fr->min_pending)
            fr->min_pending = b;
    }
}

/* Joins `state` into the entry state of block b (reached with handler h). */
static void flow_to(infer_frame_t *fr, size_t b, jl_value_t **state, int32_t h)
{
    if (b >= fr->nblocks)
        return;
    if (fr->handler[b] == -2)
        fr->handler[b] = h;
    else if (fr->handler[b] != h)
        fr->failed = 1;   /* inconsistent exception handler nesting: give up */
    size_t ns = fr->nslots;
    jl_value_t **old = fr->states + b * ns;
    if (!fr->reached[b]) {
        fr->reached[b] = 1;
        memcpy(old, state, ns * sizeof(void *));
        mark_pending(fr, b);
        return;
    }
    int changed = 0;
    int visits = fr->visits[b];
    for (size_t s = 0; s < ns; s++) {
        jl_value_t *o = old[s], *x = state[s];
        if (o == x || jl_infer_le(x, o))
            continue;
        jl_value_t *j = jl_infer_join(o, x);
        if (visits >= ANY_AFTER_VISITS)
            j = ANY;
        else if (visits >= WIDEN_AFTER_VISITS)
            j = jl_infer_widenconst(j);
        old[s] = j;
        changed = 1;
    }
    if (changed) {
        fr->visits[b]++;
        mark_pending(fr, b);
    }
}

/* The state of the slots flows to the catch block of the innermost handler (any statement may throw). */
static void flow_to_catch(infer_frame_t *fr)
{
    int32_t h = fr->cur_handler;
    if (h < 0)
        return;
    intptr_t label = enter_label(fr->stmts[h]);
    flow_to(fr, (size_t)fr->block_of[label - 1], fr->cur, fr->enter_parent[h]);
}

/* Records the type of statement i; re-queues the blocks using it if it grew. */
static void set_ssa_type(infer_frame_t *fr, size_t i, jl_value_t *t)
{
    jl_value_t *old = ssa_type(fr, i);
    if (old == NULL) {
        fr->ssatypes[i] = t;
        return;
    }
    if (old == t || jl_infer_le(t, old))
        return;
    jl_value_t *j = jl_infer_join(old, t);
    int32_t b = fr->block_of[i];
    if (fr->visits[b] >= ANY_AFTER_VISITS)
        j = ANY;
    fr->ssatypes[i] = j;
    for (int32_t u = fr->use_off[i]; u < fr->use_off[i + 1]; u++)
        if (fr->use_blocks[u] != b)
            mark_pending(fr, (size_t)fr->use_blocks[u]);
}

/* ---------------------------------------------------------------------------------------------- */
/* Values */

static jl_value_t *abstract_eval_expr(infer_frame_t *fr, intptr_t i, jl_expr_t *ex);

static jl_value_t *abstract_eval_value(infer_frame_t *fr, jl_value_t *v)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(v);
    if (t == jl_ssavalue_type) {
        intptr_t k = ((jl_ssavalue_t *)v)->id - 1;
        if (k < 0 || (size_t)k >= fr->nstmts)
            return ANY;
        jl_value_t *r = ssa_type(fr, (size_t)k);
        return r ? r : BOTTOM;
    }
    if (t == jl_slotnumber_type || t == jl_argument_type) {
        intptr_t s = ((jl_slotnumber_t *)v)->id - 1;
        if (s < 0 || (size_t)s >= fr->nslots)
            return ANY;
        return slot_get(fr, (size_t)s);
    }
    if (t == jl_globalref_type)
        return jl_infer_global_type(((jl_globalref_t *)v)->mod, ((jl_globalref_t *)v)->name);
    if (t == jl_quotenode_type)
        return jl_infer_mkconst(((jl_quotenode_t *)v)->value);
    if (t == jl_symbol_type)
        return jl_infer_global_type(fr->module, (jl_sym_t *)v);
    if (t == jl_expr_type)
        return abstract_eval_expr(fr, -1, (jl_expr_t *)v);
    return jl_infer_mkconst(v);
}

/* The slot an argument expression reads (1-based), directly or through an SSA copy of it; 0 if none.
 * *readpos: the statement where the slot was read. */
static size_t slot_of_arg(infer_frame_t *fr, intptr_t i, jl_value_t *e, size_t *readpos)
{
    if (i < 0 || e == NULL)
        return 0;
    if (jl_is_slotnumber(e) || jl_is_argument(e)) {
        *readpos = (size_t)i;
        return (size_t)((jl_slotnumber_t *)e)->id;
    }
    if (jl_is_ssavalue(e)) {
        intptr_t k = ((jl_ssavalue_t *)e)->id - 1;
        if (k >= 0 && k < i) {
            jl_value_t *st = fr->stmts[k];
            if (jl_is_slotnumber(st) || jl_is_argument(st)) {
                *readpos = (size_t)k;
                return (size_t)((jl_slotnumber_t *)st)->id;
            }
        }
    }
    return 0;
}

/* Does a statement in [from, to) of one block change slot s (1-based)? */
static int slot_changed_between(infer_frame_t *fr, size_t s, size_t from, size_t to)
{
    if (fr->block_of[from] != fr->block_of[to])
        return 1;
    for (size_t k = from; k < to; k++) {
        jl_value_t *st = fr->stmts[k];
        if (is_expr(st, jl_assign_sym)) {
            jl_value_t *lhs = jl_exprarg(st, 0);
            if ((jl_is_slotnumber(lhs) || jl_is_argument(lhs)) && (size_t)((jl_slotnumber_t *)lhs)->id == s)
                return 1;
        }
        else if (jl_is_newvarnode(st)) {
            jl_value_t *sl = ((jl_newvarnode_t *)st)->slot;
            if (jl_is_slotnumber(sl) && (size_t)((jl_slotnumber_t *)sl)->id == s)
                return 1;
        }
    }
    return 0;
}

/* Reading this argument cannot throw UndefVarError (so a call on it may be folded away). */
static int arg_read_nothrow(infer_frame_t *fr, jl_value_t *e)
{
    if (jl_is_globalref(e))
        return jl_infer_is_const(jl_infer_global_type(((jl_globalref_t *)e)->mod, ((jl_globalref_t *)e)->name));
    if (jl_is_symbol(e))
        return jl_infer_is_const(jl_infer_global_type(fr->module, (jl_sym_t *)e));
    if (!jl_is_slotnumber(e) && !jl_is_argument(e))
        return 1;
    size_t s = (size_t)((jl_slotnumber_t *)e)->id;
    if (s >= 1 && s <= fr->nargs)
        return 1;
    jl_array_t *flags = fr->src->slotflags;
    if (flags == NULL || s < 1 || s > jl_array_len(flags))
        return 0;
    return !(((uint8_t *)jl_array_data(flags))[s - 1] & JL_SLOT_USEDUNDEF);
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls */

static jl_value_t *base_not_fn;   /* Base.! (Conditionals flow through it) */

static jl_value_t *infer_callee(infer_frame_t *fr, jl_method_instance_t *mi);
static double now_us(void);
static void depend_on(infer_frame_t *fr, int depth);

/* The type a lattice element dispatches as. */
static jl_value_t *dispatch_type(jl_value_t *x)
{
    if (jl_infer_is_const(x)) {
        jl_value_t *v = jl_infer_const_val(x);
        if (jl_is_type(v) && closed_type(v))
            return jl_apply_type1((jl_value_t *)jl_type_type_ua, v);
        return jl_typeof(v);
    }
    return jl_infer_widenconst(x);
}

/* Could a value of type a be passed for a parameter declared s? (cheap; may answer yes wrongly) */
static int may_match_arg(jl_value_t *a, jl_value_t *s)
{
    if (jl_is_vararg(s))
        s = jl_unwrap_vararg(s);
    while (jl_is_typevar(s))
        s = ((jl_tvar_t *)s)->ub;
    s = jl_unwrap_unionall(s);
    a = jl_unwrap_unionall(a);
    if (a == ANY || s == ANY || !jl_is_datatype(s) || jl_is_typevar(a))
        return 1;
    if (jl_is_uniontype(a))
        return may_match_arg(((jl_uniontype_t *)a)->a, s) || may_match_arg(((jl_uniontype_t *)a)->b, s);
    if (jl_is_uniontype(s))
        return 1;
    if (!jl_is_datatype(a))
        return 1;
    jl_datatype_t *ad = (jl_datatype_t *)a, *sd = (jl_datatype_t *)s;
    int atypes = ad->name == jl_type_typename || jl_is_kind(a);
    int stypes = sd->name == jl_type_typename || jl_is_kind(s);
    if (atypes || stypes) {
        if (atypes && stypes)
            return 1;
        jl_datatype_t *other = atypes ? sd : ad;   /* the side that is not about type values */
        return !other->isconcretetype;
    }
    for (jl_datatype_t *x = ad; ; x = x->super) {
        if (x->name == sd->name)
            return 1;
        if (x == jl_any_type || x->super == NULL || x->super == x)
            break;
    }
    if (!ad->name->abstract)
        return 0;
    for (jl_datatype_t *x = sd; ; x = x->super) {
        if (x->name == ad->name)
            return 1;
        if (x == jl_any_type || x->super == NULL || x->super == x)
            break;
    }
    return 0;
}

/* More than `limit` methods of mt may match atype (a cheap over-estimate). */
static int too_many_candidates(jl_methtable_t *mt, jl_value_t *atype, size_t world, size_t limit)
{
    if (mt == NULL || mt->defs == NULL) /* no method table known: treat as unknown (too many) */
        return 1;
    jl_array_t *defs = mt->defs;
    size_t nd = jl_array_len(defs), na = jl_nparams(atype), count = 0;
    if (nd <= limit)
        return 0;
    for (size_t i = 0; i < nd; i++) {
        jl_method_t *m = (jl_method_t *)jl_array_ptr_ref(defs, i);
        if (m->primary_world > world || m->deleted_world < world)
            continue;
        jl_value_t *sig = jl_unwrap_unionall(m->sig);
        if (!jl_is_tuple_type(sig)) {
            count++;
            continue;
        }
        size_t np = jl_nparams(sig);
        int va = np > 0 && jl_is_vararg(jl_tparam(sig, np - 1));
        if (va ? na < np - 1 : na != np)
            continue;
        int ok = 1;
        for (size_t k = 1; k < na && ok; k++) {
            jl_value_t *sk = k < np ? jl_tparam(sig, k) : jl_tparam(sig, np - 1);
            ok = may_match_arg(jl_tparam(atype, k), sk);
        }
        if (ok && ++count > limit)
            return 1;
    }
    return 0;
}

static int is_dispatch_tuple(jl_value_t *tt)
{
    if (!jl_is_tuple_type(tt))
        return 0;
    for (size_t i = 0; i < jl_nparams(tt); i++) {
        jl_value_t *p = jl_tparam(tt, i);
        if (jl_is_type_type(p)) {
            jl_value_t *x = jl_tparam0(p);
            if (jl_is_typevar(x) || !closed_type(x))
                return 0;
            continue;
        }
        if (!jl_is_concrete_type(p))
            return 0;
    }
    return 1;
}

/* For a signature of concrete types, the one method dispatch selects (through gf.c's dispatch cache), as
 * a one-element match list; NULL if there is none or it is ambiguous. Valid from this world on (later
 * methods invalidate through the backedge). */
static jl_value_t *dispatch_match(jl_value_t *atype, size_t world, size_t *min_valid)
{
    jl_method_instance_t *mi = jl_method_lookup_by_type(atype, world);
    if (mi == NULL || !jl_is_method(mi->def))
        return NULL;
    jl_method_t *m = (jl_method_t *)mi->def;
    jl_svec_t *env = mi->sparam_vals;
    if (mi->specTypes != atype) {
        env = jl_emptysvec;
        if (jl_type_intersection_env(atype, m->sig, &env) == BOTTOM)
            return NULL;
    }
    jl_svec_t *match = jl_alloc_svec(4);
    jl_svecset(match, 0, atype);
    jl_svecset(match, 1, env);
    jl_svecset(match, 2, m);
    jl_svecset(match, 3, jl_true);
    jl_array_t *r = jl_alloc_vec_any(1);
    jl_array_ptr_set(r, 0, match);
    if (world > *min_valid)
        *min_valid = world;
    return (jl_value_t *)r;
}

/* jl_matching_methods(atype), cached per signature; jl_false when there are too many. */
static jl_value_t *find_matches(infer_frame_t *fr, jl_methtable_t *mt, jl_value_t *atype, size_t *min_valid,
                                size_t *max_valid, int *ambig)
{
    size_t h = (size_t)jl_hash_ptr(atype) & (MATCH_CACHE_SIZE - 1);
    jl_value_t *e = jl_array_ptr_ref(match_cache, h);
    if (e != NULL && jl_svecref(e, 0) == atype && (size_t)jl_unbox_long(jl_svecref(e, 1)) == fr->world) {
        *min_valid = (size_t)jl_unbox_long(jl_svecref(e, 3));
        *max_valid = (size_t)jl_unbox_long(jl_svecref(e, 4));
        *ambig = (int)jl_unbox_long(jl_svecref(e, 5));
        return jl_svecref(e, 2);
    }
    jl_value_t *matches = jl_false;
    double t0 = infer_debug ? now_us() : 0;
    int anyarg = 0;
    for (size_t k = 1; k < jl_nparams(atype); k++)
        anyarg |= jl_tparam(atype, k) == ANY;
    if (fr->world == jl_world_counter && is_dispatch_tuple(atype))
        matches = dispatch_match(atype, fr->world, min_valid);
    if (matches == NULL)
        matches = jl_false;
    if (!jl_is_array(matches) && !too_many_candidates(mt, atype, fr->world, anyarg ? MAX_METHODS : 2 * MAX_METHODS))
        matches = jl_matching_methods(atype, (jl_value_t *)mt, MAX_METHODS, 0, fr->world, min_valid, max_valid,
                                      ambig);
    if (infer_debug && now_us() - t0 > 500) {
        fprintf(stderr, "---- slow method match (%.0f us, %zu methods): ", now_us() - t0, jl_array_len(mt->defs));
        jl_static_show(stderr, atype);
        fputc('\n', stderr);
    }
    jl_svec_t *ne = jl_alloc_svec(6);
    jl_svecset(ne, 0, atype);
    jl_svecset(ne, 1, jl_box_long((int64_t)fr->world));
    jl_svecset(ne, 2, matches);
    jl_svecset(ne, 3, jl_box_long((int64_t)*min_valid));
    jl_svecset(ne, 4, jl_box_long((int64_t)*max_valid));
    jl_svecset(ne, 5, jl_box_long(*ambig));
    jl_array_ptr_set(match_cache, h, ne);
    return matches;
}

/* Do the methods of these matches together cover every call of signature atype? */
static int matches_cover(jl_value_t *atype, jl_array_t *matches)
{
    size_t nm = jl_array_len(matches);
    for (size_t k = 0; k < nm; k++)
        if (jl_svecref(jl_array_ptr_ref(matches, k), 3) == jl_true)
            return 1;
    if (nm < 2)
        return 0;
    jl_value_t **sigs = (jl_value_t **)alloca(nm * sizeof(jl_value_t *));
    for (size_t k = 0; k < nm; k++)
        sigs[k] = ((jl_method_t *)jl_svecref(jl_array_ptr_ref(matches, k), 2))->sig;
    return jl_subtype(atype, jl_type_union(sigs, nm));
}

/* Would inferring the callee again with the call's constant arguments give a better result? */
static int worth_const_prop(infer_frame_t *fr, jl_method_instance_t *mi, jl_value_t **argl, size_t n,
                            jl_value_t *rt)
{
    if (rt == BOTTOM || jl_infer_is_const(rt) || !jl_is_method(mi->def))
        return 0;
    jl_method_t *m = (jl_method_t *)mi->def;
    if (m->source == NULL || !jl_is_code_info(m->source) ||
        jl_array_len(((jl_code_info_t *)m->source)->code) > MAX_CONSTPROP_STMTS)
        return 0;
    int anyc = 0, allc = 1;
    for (size_t k = 1; k < n; k++) {
        jl_value_t *x = argl[k], *v;
        if (jl_infer_is_partial(x) || (jl_infer_is_const(x) && !jl_is_type(jl_infer_const_val(x))))
            anyc = 1;
        else if (!jl_infer_known_value(x, &v))
            allc = 0;
    }
    if (!anyc || fr->depth + 1 >= MAX_DEPTH || session_budget <= 0)
        return 0;
    for (infer_frame_t *f = fr; f != NULL; f = f->parent)
        if (f->mi == mi)
            return 0;   /* no constant propagation into recursion */
    if (!jl_is_concrete_type(rt) || jl_is_tuple_type(rt))
        return 1;   /* may narrow, or become a PartialStruct */
    return allc && ((jl_datatype_t *)rt)->isprimitivetype;   /* may become a constant */
}

/* The slot of the constant-propagation cache for (mi, argl), or -1 if these arguments are not cached
 * (only constants and plain types are). */
static long cprop_slot(jl_method_instance_t *mi, jl_value_t **argl, size_t n)
{
    uint64_t h = jl_hash_ptr(mi) * 31 + n;
    for (size_t k = 0; k < n; k++) {
        jl_value_t *x = argl[k];
        if (jl_infer_is_const(x))
            h = h * 1000003 + jl_object_id(jl_infer_const_val(x));
        else if (jl_is_datatype(x))
            h = h * 1000003 + jl_hash_ptr(x);
        else
            return -1;
    }
    return (long)(h & (CPROP_CACHE_SIZE - 1));
}

static int same_args(jl_svec_t *a, jl_value_t **argl, size_t n)
{
    if (jl_svec_len(a) != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        jl_value_t *x = jl_svecref(a, k), *y = argl[k];
        if (x == y)
            continue;
        if (!jl_infer_is_const(x) || !jl_infer_is_const(y) || !jl_egal(jl_infer_const_val(x), jl_infer_const_val(y)))
            return 0;
    }
    return 1;
}

static int const_frames_on_stack(infer_frame_t *fr)
{
    int k = 0;
    for (; fr != NULL; fr = fr->parent)
        k += fr->is_const;
    return k;
}

/* The callee's return type for these very arguments (a frame that is neither cached nor output). */
static jl_value_t *const_prop(infer_frame_t *fr, jl_method_instance_t *mi, jl_value_t **argl, size_t n,
                              jl_value_t *rt)
{
    if (cache_world_counter != jl_world_counter)
        cache_reset(jl_array_len(cache_table));
    long slot = cprop_slot(mi, argl, n);
    if (slot >= 0) {
        jl_value_t *e = jl_array_ptr_ref(cprop_cache, slot);
        if (e != NULL && jl_svecref(e, 0) == (jl_value_t *)mi &&
            (size_t)jl_unbox_long(jl_svecref(e, 3)) == fr->world && same_args((jl_svec_t *)jl_svecref(e, 1), argl, n))
            return jl_infer_le(jl_svecref(e, 2), rt) ? jl_svecref(e, 2) : rt;
    }
    if (const_frames_on_stack(fr) >= MAX_CONSTPROP_DEPTH)
        return rt;
    infer_result_t res;
    if (infer_frame(mi, fr->world, fr, argl, n, &res) == NULL)
        return rt;
    if (res.cycle_dep <= fr->depth)
        depend_on(fr, res.cycle_dep);
    for (size_t k = 0; k < jl_array_len(res.edges); k++)
        add_edge(fr, jl_array_ptr_ref(res.edges, k));
    if (slot >= 0 && res.cycle_dep == INT_MAX) {
        jl_svec_t *args = jl_alloc_svec(n);
        for (size_t k = 0; k < n; k++)
            jl_svecset(args, k, argl[k]);
        jl_svec_t *e = jl_alloc_svec(4);
        jl_svecset(e, 0, mi);
        jl_svecset(e, 1, args);
        jl_svecset(e, 2, res.rettype);
        jl_svecset(e, 3, jl_box_long((int64_t)fr->world));
        jl_array_ptr_set(cprop_cache, slot, e);
    }
    return jl_infer_le(res.rettype, rt) ? res.rettype : rt;
}

/* A call of a generic function (or callable object) with argument lattice elements argl[0..n). */
static jl_value_t *abstract_call_gf(infer_frame_t *fr, intptr_t i, jl_value_t **argl, size_t n)
{
    jl_value_t **argt = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    for (size_t k = 0; k < n; k++) {
        argt[k] = dispatch_type(argl[k]);
        if (argt[k] == BOTTOM)
            return BOTTOM;
        if (jl_is_vararg(argt[k]) || !jl_is_type(argt[k]))
            return ANY;
    }
    jl_value_t *atype = (jl_value_t *)jl_apply_tuple_type_v(argt, n);
    jl_methtable_t *mt = jl_method_table_for(atype);
    if (mt == NULL || mt->builtin != NULL)
        return ANY;
    size_t min_valid = 1, max_valid = JL_MAX_WORLD;
    int ambig = 0;
    jl_value_t *matches = find_matches(fr, mt, atype, &min_valid, &max_valid, &ambig);
    if (!jl_is_array(matches))
        return ANY;
    size_t nm = jl_array_len(matches);
    if (nm == 0 || !matches_cover(atype, (jl_array_t *)matches))
        return ANY;   /* a MethodError (or a method defined later): nothing to rely on */
    if (min_valid > fr->min_world)
        fr->min_world = min_valid;
    if (max_valid < fr->max_world)
        fr->max_world = max_valid;
    jl_value_t *rt = BOTTOM;
    jl_method_instance_t *single = NULL;
    for (size_t k = 0; k < nm; k++) {
        jl_svec_t *match = (jl_svec_t *)jl_array_ptr_ref(matches, k);
        jl_method_t *m = (jl_method_t *)jl_svecref(match, 2);
        jl_value_t *spec = jl_svecref(match, 0);
        jl_svec_t *sparams = (jl_svec_t *)jl_svecref(match, 1);
        jl_method_instance_t *mi = jl_specializations_get_linfo(m, spec, sparams);
        add_edge(fr, (jl_value_t *)mi);
        rt = jl_infer_join(rt, infer_callee(fr, mi));
        if (nm == 1 && jl_svecref(match, 3) == jl_true && !ambig)
            single = mi;
    }
    if (single == NULL)
        add_edge(fr, atype);   /* relies on the absence of other methods for this signature */
    else if (i >= 0)
        fr->stmt_mi[i] = (jl_value_t *)single;
    if (single != NULL && worth_const_prop(fr, single, argl, n, rt))
        rt = const_prop(fr, single, argl, n, rt);
    return rt;
}

static jl_value_t *abstract_call(infer_frame_t *fr, intptr_t i, jl_value_t **argexprs, jl_value_t **argl,
                                 size_t n);
static jl_value_t *arg_lattice(jl_value_t *p);

/* Core._apply_iterate(iterate, f, collections...): a call of f on the elements, when every collection is
 * a tuple of known length. */
static jl_value_t *abstract_apply(infer_frame_t *fr, jl_value_t **argl, size_t n)
{
    if (n < 3)
        return ANY;
    jl_value_t *flat[MAX_APPLY_ARGS + 1];
    size_t nf = 0;
    flat[nf++] = argl[2];
    for (size_t k = 3; k < n; k++) {
        jl_value_t *c = argl[k];
        if (jl_infer_is_const(c) && jl_is_tuple(jl_infer_const_val(c))) {
            jl_value_t *t = jl_infer_const_val(c);
            size_t m = jl_nfields_of(t);
            if (nf + m > MAX_APPLY_ARGS)
                return ANY;
            for (size_t j = 0; j < m; j++)
                flat[nf++] = jl_infer_mkconst(jl_get_nth_field(t, j));
        }
        else if (jl_infer_is_partial(c)) {
            size_t m = jl_infer_partial_nfields(c);
            if (nf + m > MAX_APPLY_ARGS)
                return ANY;
            for (size_t j = 0; j < m; j++)
                flat[nf++] = jl_infer_partial_field(c, j);
        }
        else {
            jl_value_t *T = jl_infer_widenconst(c);
            if (!jl_is_tuple_type(T) || jl_is_va_tuple((jl_datatype_t *)T) || !closed_type(T))
                return ANY;
            size_t m = jl_nparams(T);
            if (nf + m > MAX_APPLY_ARGS)
                return ANY;
            for (size_t j = 0; j < m; j++)
                flat[nf++] = arg_lattice(jl_tparam(T, j));
        }
    }
    return abstract_call(fr, -1, NULL, flat, nf);
}

/* `x === c` or `x isa T` on a slot x: a Conditional narrowing x on each branch. */
static jl_value_t *make_conditional(infer_frame_t *fr, intptr_t i, int id, jl_value_t **argexprs,
                                    jl_value_t **argl, jl_value_t *r)
{
    if (argexprs == NULL || r != BOOL)
        return r;
    size_t readpos = 0;
    if (id == JL_B_ISA) {
        size_t s = slot_of_arg(fr, i, argexprs[1], &readpos);
        jl_value_t *T;
        if (s == 0 || !jl_infer_known_value(argl[2], &T) || !jl_is_type(T) || !closed_type(T))
            return r;
        jl_value_t *X = jl_infer_widenconst(argl[1]);
        return mkcond(s, jl_infer_type_meet(X, T), jl_infer_type_subtract(X, T), readpos);
    }
    for (int side = 1; side <= 2; side++) {
        size_t s = slot_of_arg(fr, i, argexprs[side], &readpos);
        jl_value_t *c;
        if (s == 0 || !jl_infer_known_value(argl[3 - side], &c))
            continue;
        jl_value_t *X = jl_infer_widenconst(argl[side]);
        jl_value_t *ct = jl_typeof(c);
        jl_value_t *elset = X;
        if (jl_is_datatype(ct) && ((jl_datatype_t *)ct)->instance == c)
            elset = jl_infer_type_subtract(X, ct);
        return mkcond(s, jl_infer_mkconst(c), elset, readpos);
    }
    return r;
}

static jl_value_t *swap_cond(jl_value_t *c)
{
    return mkcond(cond_slot(c), cond_else(c), cond_then(c), cond_readpos(c));
}

/* A call: argl[0] is the callee. argexprs (may be NULL) are the argument expressions, i the statement
 * (-1 for nested or synthesized calls: nothing is recorded for rewriting). */
static jl_value_t *abstract_call(infer_frame_t *fr, intptr_t i, jl_value_t **argexprs, jl_value_t **argl,
                                 size_t n)
{
    jl_value_t *f;
    for (size_t k = 0; k < n; k++)
        if (argl[k] == BOTTOM)
            return BOTTOM;
    if (!jl_infer_known_value(argl[0], &f)) {
        jl_value_t *F = jl_infer_widenconst(argl[0]);
        if (!jl_is_concrete_type(F) || jl_subtype(F, (jl_value_t *)jl_builtin_type) ||
            F == (jl_value_t *)jl_intrinsic_type)
            return ANY;
        return abstract_call_gf(fr, i, argl, n);
    }
    jl_infer_callinfo_t info = {0, 0};
    jl_value_t *r;
    if (jl_typeis(f, jl_intrinsic_type)) {
        int id = *(int32_t *)f;
        if (id == jl_intrinsic_not_int && n == 2 && jl_infer_is_cond(argl[1]))
            return swap_cond(argl[1]);
        r = jl_infer_intrinsic_tfunc(id, argl + 1, n - 1, &info);
    }
    else if (jl_builtin_fptr(f) != NULL) {
        int id = jl_infer_builtin_id(f);
        if (id == JL_B_APPLY_ITERATE)
            return abstract_apply(fr, argl, n);
        r = jl_infer_builtin_tfunc(id, f, argl + 1, n - 1, &info);
        if (id == JL_B_IS || id == JL_B_ISA)
            r = make_conditional(fr, i, id, argexprs, argl, r);
    }
    else {
        r = abstract_call_gf(fr, i, argl, n);
        if (f == base_not_fn && n == 2 && jl_infer_is_cond(argl[1]) && jl_infer_le(r, BOOL))
            r = swap_cond(argl[1]);
        return r;
    }
    if (i >= 0 && info.folded && jl_infer_is_const(r) && argexprs != NULL) {
        int ok = 1;
        for (size_t k = 0; k < n && ok; k++)
            ok = arg_read_nothrow(fr, argexprs[k]);
        fr->fold[i] = ok;
    }
    return r;
}

static jl_value_t *abstract_eval_call(infer_frame_t *fr, intptr_t i, jl_value_t **args, size_t n)
{
    if (n == 0)
        return BOTTOM;
    jl_value_t **argl = (jl_value_t **)alloca(n * sizeof(jl_value_t *));
    for (size_t k = 0; k < n; k++) {
        argl[k] = abstract_eval_value(fr, args[k]);
        if (argl[k] == BOTTOM)
            return BOTTOM;
    }
    return abstract_call(fr, i, args, argl, n);
}

/* ---------------------------------------------------------------------------------------------- */
/* Expressions */

/* The result type of a ccall declared to return RT. */
static jl_value_t *foreigncall_type(infer_frame_t *fr, jl_value_t *rtexpr)
{
    jl_value_t *RT;
    if (!jl_infer_known_value(abstract_eval_value(fr, rtexpr), &RT) || !jl_is_type(RT) || !closed_type(RT))
        return ANY;
    if (jl_is_datatype(RT) && ((jl_datatype_t *)RT)->name == jl_ref_type->name) {
        jl_value_t *T = jl_tparam0(RT);
        return (jl_is_type(T) && closed_type(T)) ? T : ANY;
    }
    return RT;
}

static jl_value_t *static_parameter_type(infer_frame_t *fr, jl_value_t *iv)
{
    jl_svec_t *sp = fr->mi->sparam_vals;
    if (!jl_is_long(iv) || sp == NULL)
        return ANY;
    intptr_t k = (intptr_t)jl_unbox_long(iv) - 1;
    if (k < 0 || (size_t)k >= jl_svec_len(sp))
        return ANY;
    jl_value_t *v = jl_svecref(sp, k);
    if (jl_is_typevar(v) || (jl_is_type(v) && !closed_type(v)))
        return ANY;
    return jl_infer_mkconst(v);
}

static jl_value_t *abstract_eval_new(infer_frame_t *fr, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n < 1)
        return BOTTOM;
    for (size_t k = 1; k < n; k++)
        if (abstract_eval_value(fr, jl_exprarg(ex, k)) == BOTTOM)
            return BOTTOM;
    jl_value_t *T;
    if (!jl_infer_known_value(abstract_eval_value(fr, jl_exprarg(ex, 0)), &T))
        return ANY;
    if (!jl_is_datatype(T) || !((jl_datatype_t *)T)->isconcretetype)
        return BOTTOM;   /* `new` of a non-concrete type throws */
    return T;
}

static jl_value_t *abstract_eval_expr(infer_frame_t *fr, intptr_t i, jl_expr_t *ex)
{
    jl_sym_t *head = ex->head;
    size_t n = jl_expr_nargs(ex);
    jl_value_t **args = jl_array_ptr_data(ex->args);
    if (head == jl_call_sym)
        return abstract_eval_call(fr, i, args, n);
    if (head == jl_invoke_sym)
        return n >= 2 ? abstract_eval_call(fr, -1, args + 1, n - 1) : BOTTOM;
    if (head == jl_new_sym)
        return abstract_eval_new(fr, ex);
    if (head == jl_splatnew_sym) {
        jl_value_t *T;
        if (n == 2 && jl_infer_known_value(abstract_eval_value(fr, args[0]), &T) && jl_is_concrete_type(T))
            return T;
        return ANY;
    }
    if (head == jl_static_parameter_sym)
        return n >= 1 ? static_parameter_type(fr, args[0]) : ANY;
    if (head == jl_foreigncall_sym)
        return n >= 5 ? foreigncall_type(fr, args[1]) : BOTTOM;
    if (head == jl_isdefined_sym || head == jl_boundscheck_sym)
        return BOOL;
    if (head == jl_the_exception_sym)
        return ANY;
    if (head == jl_copyast_sym)
        return n >= 1 ? jl_infer_widenconst(abstract_eval_value(fr, args[0])) : ANY;
    if (head == jl_throw_undef_if_not_sym || head == jl_undefcheck_sym) {
        jl_value_t *c = n >= 2 ? abstract_eval_value(fr, args[1]) : ANY;
        if (jl_infer_is_const(c) && jl_infer_const_val(c) == jl_false)
            return BOTTOM;
        return (jl_value_t *)jl_nothing_type;
    }
    if (head == jl_meta_sym || head == jl_inbounds_sym || head == jl_loopinfo_sym || head == jl_line_sym ||
        head == jl_gc_preserve_end_sym || head == jl_aliasscope_sym || head == jl_popaliasscope_sym ||
        head == jl_inline_sym || head == jl_noinline_sym || head == jl_purity_sym || head == jl_latestworld_sym ||
        head == jl_leave_sym || head == jl_pop_exception_sym || head == jl_global_sym || head == jl_const_sym)
        return (jl_value_t *)jl_nothing_type;
    if (head == jl_error_sym || head == jl_incomplete_sym)
        return BOTTOM;
    return ANY;
}

/* ---------------------------------------------------------------------------------------------- */
/* Statements and blocks */

static jl_value_t *eval_assign(infer_frame_t *fr, size_t i, jl_expr_t *ex)
{
    if (jl_expr_nargs(ex) != 2)
        return ANY;
    jl_value_t *lhs = jl_exprarg(ex, 0), *rhs = jl_exprarg(ex, 1);
    jl_value_t *t = jl_is_expr(rhs) ? abstract_eval_expr(fr, (intptr_t)i, (jl_expr_t *)rhs)
                                    : abstract_eval_value(fr, rhs);
    if (t == BOTTOM)
        return BOTTOM;
    if (jl_is_slotnumber(lhs) || jl_is_argument(lhs)) {
        intptr_t s = ((jl_slotnumber_t *)lhs)->id - 1;
        if (s >= 0 && (size_t)s < fr->nslots) {
            jl_value_t *st = jl_infer_is_cond(t) ? BOOL : t;
            fr->cur[s] = st;
            fr->slotacc[s] = jl_infer_type_join(fr->slotacc[s], jl_infer_widenconst(st));
            flow_to_catch(fr);
        }
    }
    return t;
}

static void eval_gotoifnot(infer_frame_t *fr, size_t i, jl_gotoifnot_t *g)
{
    jl_value_t *c = abstract_eval_value(fr, g->cond);
    size_t next = (size_t)fr->block_of[i] + 1;
    size_t dest = (size_t)fr->block_of[g->dest - 1];
    int32_t h = fr->cur_handler;
    fr->fold[i] = 0;
    if (c == BOTTOM)
        return;
    jl_value_t *v;
    if (jl_infer_known_value(c, &v)) {
        if (v == jl_true) {
            fr->fold[i] = 1;
            flow_to(fr, next, fr->cur, h);
        }
        else if (v == jl_false) {
            fr->fold[i] = 2;
            flow_to(fr, dest, fr->cur, h);
        }
        return;   /* a non-Bool condition throws */
    }
    if (jl_infer_disjoint(jl_infer_widenconst(c), BOOL))
        return;
    if (jl_infer_is_cond(c)) {
        size_t s = cond_slot(c), rp = cond_readpos(c);
        if (s >= 1 && s <= fr->nslots && rp <= i && !slot_changed_between(fr, s, rp, i)) {
            jl_value_t *saved = slot_get(fr, s - 1);
            if (cond_then(c) != BOTTOM) {
                fr->cur[s - 1] = cond_then(c);
                flow_to(fr, next, fr->cur, h);
            }
            if (cond_else(c) != BOTTOM) {
                fr->cur[s - 1] = cond_else(c);
                flow_to(fr, dest, fr->cur, h);
            }
            fr->cur[s - 1] = saved;
            return;
        }
    }
    flow_to(fr, next, fr->cur, h);
    flow_to(fr, dest, fr->cur, h);
}

static int leave_count(jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n == 1 && jl_is_long(jl_exprarg(ex, 0)))
        return (int)jl_unbox_long(jl_exprarg(ex, 0));
    int k = 0;
    for (size_t j = 0; j < n; j++)
        if (jl_exprarg(ex, j) != jl_nothing)
            k++;
    return k < 1 ? 1 : k;
}

/* Evaluates block b from its entry state. */
static void eval_block(infer_frame_t *fr, size_t b)
{
    memcpy(fr->cur, fr->states + b * fr->nslots, fr->nslots * sizeof(void *));
    fr->cur_handler = fr->handler[b];
    flow_to_catch(fr);
    size_t last = (size_t)fr->block_first[b + 1];
    for (size_t i = (size_t)fr->block_first[b]; i < last; i++) {
        session_budget--;
        if (--fr->steps < 0) {
            fr->failed = 1;
            return;
        }
        jl_value_t *st = fr->stmts[i];
        jl_datatype_t *t = (jl_datatype_t *)jl_typeof(st);
        if (t == jl_gotonode_type) {
            set_ssa_type(fr, i, ANY);
            flow_to(fr, (size_t)fr->block_of[((jl_gotonode_t *)st)->label - 1], fr->cur, fr->cur_handler);
            return;
        }
        if (t == jl_gotoifnot_type) {
            set_ssa_type(fr, i, ANY);
            eval_gotoifnot(fr, i, (jl_gotoifnot_t *)st);
            return;
        }
        if (t == jl_returnnode_type) {
            set_ssa_type(fr, i, ANY);
            jl_value_t *val = ((jl_returnnode_t *)st)->val;
            if (val != NULL) {
                jl_value_t *r = abstract_eval_value(fr, val);
                if (jl_infer_is_cond(r))
                    r = BOOL;
                fr->rettype = jl_infer_join(fr->rettype, r);
            }
            return;
        }
        if (t == jl_newvarnode_type) {
            jl_value_t *sl = ((jl_newvarnode_t *)st)->slot;
            if (jl_is_slotnumber(sl)) {
                intptr_t s = ((jl_slotnumber_t *)sl)->id - 1;
                if (s >= 0 && (size_t)s < fr->nslots)
                    fr->cur[s] = BOTTOM;
            }
            set_ssa_type(fr, i, ANY);
            continue;
        }
        if (t == jl_linenumbernode_type || st == jl_nothing) {
            set_ssa_type(fr, i, (jl_value_t *)jl_nothing_type);
            continue;
        }
        jl_value_t *r;
        if (t == jl_expr_type) {
            jl_expr_t *ex = (jl_expr_t *)st;
            if (ex->head == jl_enter_sym) {
                set_ssa_type(fr, i, ANY);
                fr->enter_parent[i] = fr->cur_handler;
                fr->cur_handler = (int32_t)i;
                flow_to_catch(fr);
                flow_to(fr, b + 1, fr->cur, (int32_t)i);
                return;
            }
            if (ex->head == jl_leave_sym) {
                for (int k = leave_count(ex); k > 0; k--) {
                    if (fr->cur_handler < 0) {
                        fr->failed = 1;
                        return;
                    }
                    fr->cur_handler = fr->enter_parent[fr->cur_handler];
                }
                set_ssa_type(fr, i, (jl_value_t *)jl_nothing_type);
                continue;
            }
            fr->fold[i] = 0;
            fr->stmt_mi[i] = NULL;   /* only the last evaluation's resolution counts */
            r = ex->head == jl_assign_sym ? eval_assign(fr, i, ex) : abstract_eval_expr(fr, (intptr_t)i, ex);
        }
        else {
            r = abstract_eval_value(fr, st);
        }
        set_ssa_type(fr, i, r);
        if (r == BOTTOM)
            return;   /* never returns: the rest of the block is unreachable */
    }
    flow_to(fr, b + 1, fr->cur, fr->cur_handler);
}

/* One full pass of abstract interpretation over the body (from scratch). Returns 0 on failure. */
static int run_frame(infer_frame_t *fr)
{
    size_t n = fr->nstmts, nb = fr->nblocks;
    memset(fr->ssatypes, 0, n * sizeof(void *));
    memset(fr->stmt_mi, 0, n * sizeof(void *));
    for (size_t k = 0; k < nb; k++) {
        fr->handler[k] = -2;
        fr->visits[k] = 0;
        fr->pending[k] = 0;
        fr->reached[k] = 0;
    }
    memset(fr->fold, 0, n * sizeof(int32_t));
    jl_array_del_end(fr->edges, jl_array_len(fr->edges));
    for (size_t s = 0; s < fr->nslots; s++)
        fr->slotacc[s] = jl_infer_widenconst(fr->initial[s]);
    fr->rettype = BOTTOM;
    fr->min_pending = nb;
    fr->steps = FRAME_STEPS_BASE + (long)n * FRAME_STEPS_PER_STMT;
    flow_to(fr, 0, fr->initial, -1);
    while (fr->min_pending < nb && !fr->failed) {
        size_t b = fr->min_pending;
        while (b < nb && !fr->pending[b])
            b++;
        if (b >= nb) {
            fr->min_pending = nb;
            break;
        }
        fr->pending[b] = 0;
        fr->min_pending = b + 1;
        eval_block(fr, b);
    }
    return !fr->failed;
}

/* ---------------------------------------------------------------------------------------------- */
/* Frames: setup, the cycle iteration, callees */

/* The lattice element of an argument declared by the specialization as p. */
static jl_value_t *arg_lattice(jl_value_t *p)
{
    if (jl_is_typevar(p)) {
        jl_value_t *ub = ((jl_tvar_t *)p)->ub;
        return closed_type(ub) ? ub : ANY;
    }
    if (jl_is_vararg(p) || !jl_is_type(p) || !closed_type(p))
        return ANY;
    jl_value_t *v;
    if (jl_infer_known_value(p, &v))
        return jl_infer_mkconst(v);
    return p;
}

/* The type of the vararg tuple collecting arguments k.. of the specialization. */
static jl_value_t *va_tuple_type(jl_value_t *tt, size_t k)
{
    size_t np = jl_nparams(tt);
    int va = np > 0 && jl_is_vararg(jl_tparam(tt, np - 1));
    jl_value_t **p = (jl_value_t **)alloca((np + 2) * sizeof(jl_value_t *));
    size_t m = 0;
    if (k >= np) {
        if (!va)
            return (jl_value_t *)jl_emptytuple_type;
        p[m++] = jl_tparam(tt, np - 1);
    }
    else {
        for (size_t j = k; j < np; j++)
            p[m++] = jl_tparam(tt, j);
    }
    for (size_t j = 0; j < m; j++) {
        jl_value_t *e = jl_is_vararg(p[j]) ? jl_unwrap_vararg(p[j]) : p[j];
        if (!closed_type(e))
            return (jl_value_t *)jl_anytuple_type;
    }
    return (jl_value_t *)jl_apply_tuple_type_v(p, m);
}

/* The initial state of a constant-propagation frame: the call's argument lattice elements. */
static void const_args_state(infer_frame_t *fr, jl_value_t **cargs, size_t ncargs)
{
    size_t na = fr->nargs;
    for (size_t s = 0; s < na && s < ncargs; s++) {
        jl_value_t *x = jl_infer_is_cond(cargs[s]) ? BOOL : cargs[s];
        if (fr->method->isva && s == na - 1) {
            size_t m = ncargs - s;
            jl_value_t **el = (jl_value_t **)alloca((m + 1) * sizeof(jl_value_t *));
            jl_value_t **tys = (jl_value_t **)alloca((m + 1) * sizeof(jl_value_t *));
            int partial = 0;
            for (size_t j = 0; j < m; j++) {
                el[j] = jl_infer_is_cond(cargs[s + j]) ? BOOL : cargs[s + j];
                tys[j] = jl_infer_tuple_elt_type(el[j]);
                partial |= jl_infer_is_const(el[j]) || jl_infer_is_partial(el[j]);
            }
            jl_value_t *T = (jl_value_t *)jl_apply_tuple_type_v(tys, m);
            x = partial && jl_is_concrete_type(T) ? jl_infer_mkpartial(T, el, m) : T;
        }
        if (jl_infer_le(x, fr->initial[s]))
            fr->initial[s] = x;
    }
}

static int init_frame(infer_frame_t *fr, jl_method_instance_t *mi, size_t world, infer_frame_t *parent,
                      jl_value_t **cargs, size_t ncargs)
{
    memset(fr, 0, sizeof(*fr));
    jl_method_t *m = (jl_method_t *)mi->def;
    if (m->source == NULL || !jl_is_code_info(m->source))
        return 0;
    jl_code_info_t *src = (jl_code_info_t *)m->source;
    fr->parent = parent;
    fr->mi = mi;
    fr->method = m;
    fr->module = m->module;
    fr->src = src;
    fr->world = world;
    fr->depth = parent ? parent->depth + 1 : 0;
    fr->serial = ++infer_serial;
    fr->nstmts = jl_array_len(src->code);
    fr->stmts = jl_array_ptr_data(src->code);
    fr->nslots = src->slotnames ? jl_array_len(src->slotnames) : 0;
    fr->nargs = (size_t)m->nargs;
    if (fr->nstmts == 0 || fr->nslots < fr->nargs)
        return 0;
    fr->edges = jl_alloc_vec_any(0);
    if (!build_cfg(fr))
        return 0;
    size_t n = fr->nstmts, ns = fr->nslots, nb = fr->nblocks;
    if (nb * ns > MAX_STATE_CELLS)
        return 0;
    size_t nvals = 2 * n + nb * ns + 3 * ns;
    fr->vals = jl_alloc_vec_any(nvals + 1);
    jl_value_t **v = jl_array_ptr_data(fr->vals);
    memset(v, 0, (nvals + 1) * sizeof(void *));
    fr->ssatypes = v;
    fr->stmt_mi = v + n;
    fr->states = v + 2 * n;
    fr->cur = fr->states + nb * ns;
    fr->slotacc = fr->cur + ns;
    fr->initial = fr->slotacc + ns;
    jl_value_t *tt = jl_unwrap_unionall(mi->specTypes);
    if (!jl_is_tuple_type(tt))
        return 0;
    for (size_t s = 0; s < fr->nslots; s++) {
        jl_value_t *x = BOTTOM;
        if (s < fr->nargs) {
            if (m->isva && s == fr->nargs - 1) {
                x = va_tuple_type(tt, s);
            }
            else {
                jl_value_t *p = jl_nth_tuple_type(tt, s);
                x = p ? arg_lattice(p) : ANY;
            }
        }
        fr->initial[s] = x;
    }
    if (cargs != NULL) {
        fr->is_const = 1;
        const_args_state(fr, cargs, ncargs);
    }
    fr->min_world = m->primary_world > 1 ? m->primary_world : 1;
    fr->max_world = m->deleted_world;
    fr->cycle_dep = INT_MAX;
    return 1;
}

static void push_frame(infer_frame_t *fr)
{
    unwind_mi[fr->depth] = fr->mi;
    unwind_flag[fr->depth] = fr->mi->inInference;
    fr->mi->inInference = 1;
    infer_top = fr;
}

static void pop_frame(infer_frame_t *fr)
{
    fr->mi->inInference = unwind_flag[fr->depth];
    unwind_mi[fr->depth] = NULL;
    infer_top = fr->parent;
}

/* Restores the inInference flags of the frames an error unwound. */
static void unwind_all(void)
{
    for (int d = MAX_DEPTH + 1; d >= 0; d--) {
        if (unwind_mi[d] != NULL) {
            unwind_mi[d]->inInference = unwind_flag[d];
            unwind_mi[d] = NULL;
        }
    }
    infer_top = NULL;
}

static infer_frame_t *frame_by_serial(infer_frame_t *fr, uint64_t serial)
{
    for (; fr != NULL; fr = fr->parent)
        if (fr->serial == serial)
            return fr;
    return NULL;
}

static int same_method_on_stack(infer_frame_t *fr, jl_method_t *m)
{
    int k = 0;
    for (; fr != NULL; fr = fr->parent)
        if (fr->method == m)
            k++;
    return k;
}

static jl_code_instance_t *valid_codeinst(jl_method_instance_t *mi, size_t world)
{
    for (jl_code_instance_t *ci = mi->cache; ci != NULL; ci = ci->next)
        if (ci->min_world <= world && world <= ci->max_world && ci->rettype != NULL && ci->inferred != NULL)
            return ci;
    return NULL;
}

static void depend_on(infer_frame_t *fr, int depth)
{
    if (depth < fr->cycle_dep)
        fr->cycle_dep = depth;
}

/* The return type (lattice element) of calling specialization mi from frame fr. */
static jl_value_t *infer_callee(infer_frame_t *fr, jl_method_instance_t *mi)
{
    for (infer_frame_t *f = fr; f != NULL; f = f->parent) {
        if (f->mi == mi && !f->is_const) {   /* recursion: answer the current guess, and iterate f */
            f->used_as_head = 1;
            depend_on(fr, f->depth);
            return f->guess;
        }
    }
    if (mi->inInference)
        return ANY;
    if (!jl_is_method(mi->def))
        return ANY;
    jl_code_instance_t *ci = valid_codeinst(mi, fr->world);
    if (ci != NULL)
        return ci->rettype;
    jl_svec_t *e = cache_get(mi, fr->world);
    if (e != NULL) {
        uint64_t serial = (uint64_t)jl_unbox_long(jl_svecref(e, CE_SERIAL));
        if (serial == 0)
            return jl_svecref(e, CE_RT);
        infer_frame_t *head = frame_by_serial(fr, serial);
        if (head != NULL && head->iter == jl_unbox_long(jl_svecref(e, CE_ITER))) {
            depend_on(fr, head->depth);
            return jl_svecref(e, CE_RT);
        }
    }
    if (fr->depth + 1 >= MAX_DEPTH || session_budget <= 0 ||
        same_method_on_stack(fr, (jl_method_t *)mi->def) >= MAX_SAME_METHOD)
        return ANY;
    infer_result_t res;
    if (infer_frame(mi, fr->world, fr, NULL, 0, &res) == NULL)
        return ANY;
    if (res.cycle_dep <= fr->depth)
        depend_on(fr, res.cycle_dep);
    return res.rettype;
}

/* ---------------------------------------------------------------------------------------------- */
/* Output: the inferred CodeInfo */

static jl_value_t *quote_if_needed(jl_value_t *v)
{
    if (jl_is_symbol(v) || jl_is_expr(v) || jl_is_quotenode(v) || jl_is_ssavalue(v) || jl_is_slotnumber(v) ||
        jl_is_argument(v) || jl_is_globalref(v) || jl_is_gotonode(v) || jl_is_gotoifnot(v) ||
        jl_is_returnnode(v) || jl_is_newvarnode(v) || jl_is_linenode(v) || jl_is_code_info(v) ||
        jl_typeis(v, jl_lineinfonode_type))
        return jl_new_quotenode(v);
    return v;
}

/* A global read that is a constant becomes the constant. */
static jl_value_t *fold_global(infer_frame_t *fr, jl_value_t *a)
{
    jl_value_t *g;
    if (jl_is_globalref(a))
        g = jl_infer_global_type(((jl_globalref_t *)a)->mod, ((jl_globalref_t *)a)->name);
    else if (jl_is_symbol(a))
        g = jl_infer_global_type(fr->module, (jl_sym_t *)a);
    else
        return a;
    return jl_infer_is_const(g) ? quote_if_needed(jl_infer_const_val(g)) : a;
}

/* Expr(:call/:invoke/:new, args...) with constant globals folded; `mi` non-NULL turns a call into
 * Expr(:invoke, mi, args...). Returns ex itself when nothing changes. */
static jl_value_t *rewrite_call(infer_frame_t *fr, jl_expr_t *ex, jl_method_instance_t *mi)
{
    size_t n = jl_expr_nargs(ex);
    int changed = mi != NULL;
    jl_value_t **nargs = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    for (size_t k = 0; k < n; k++) {
        jl_value_t *a = jl_exprarg(ex, k);
        nargs[k] = fold_global(fr, a);
        if (nargs[k] != a)
            changed = 1;
    }
    if (!changed)
        return (jl_value_t *)ex;
    jl_expr_t *nx = jl_exprn(mi ? jl_invoke_sym : ex->head, n + (mi ? 1 : 0));
    size_t o = 0;
    if (mi)
        jl_exprargset(nx, o++, mi);
    for (size_t k = 0; k < n; k++)
        jl_exprargset(nx, o++, nargs[k]);
    return (jl_value_t *)nx;
}

/* The value computed by statement i (or the rhs of an assignment), rewritten. */
static jl_value_t *rewrite_value(infer_frame_t *fr, size_t i, jl_value_t *v)
{
    jl_value_t *t = ssa_type(fr, i);
    if (jl_is_expr(v)) {
        jl_expr_t *ex = (jl_expr_t *)v;
        if (ex->head == jl_call_sym) {
            if (fr->fold[i] && jl_infer_is_const(t))
                return quote_if_needed(jl_infer_const_val(t));
            return rewrite_call(fr, ex, (jl_method_instance_t *)fr->stmt_mi[i]);
        }
        if (ex->head == jl_new_sym)
            return rewrite_call(fr, ex, NULL);
        if (ex->head == jl_static_parameter_sym && jl_infer_is_const(t))
            return quote_if_needed(jl_infer_const_val(t));
        return v;
    }
    if (jl_is_globalref(v) || jl_is_symbol(v))
        return fold_global(fr, v);
    return v;
}

static jl_value_t *rewrite_stmt(infer_frame_t *fr, size_t i)
{
    jl_value_t *st = fr->stmts[i];
    if (ssa_type(fr, i) == NULL)
        return jl_new_returnnode(NULL);   /* never reached */
    if (jl_is_expr(st)) {
        jl_expr_t *ex = (jl_expr_t *)st;
        if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2) {
            jl_value_t *rhs = jl_exprarg(ex, 1);
            jl_value_t *nr = rewrite_value(fr, i, rhs);
            if (nr == rhs)
                return st;
            return (jl_value_t *)jl_expr(jl_assign_sym, 2, jl_exprarg(ex, 0), nr);
        }
        return rewrite_value(fr, i, st);
    }
    if (jl_is_gotoifnot(st)) {
        jl_gotoifnot_t *g = (jl_gotoifnot_t *)st;
        if (fr->fold[i] == 1)
            return jl_nothing;
        if (fr->fold[i] == 2)
            return jl_new_gotonode(g->dest);
        return st;
    }
    if (jl_is_returnnode(st)) {
        jl_value_t *val = ((jl_returnnode_t *)st)->val;
        if (val != NULL && (jl_is_globalref(val) || jl_is_symbol(val))) {
            jl_value_t *nv = fold_global(fr, val);
            if (nv != val)
                return jl_new_returnnode(nv);
        }
        return st;
    }
    return rewrite_value(fr, i, st);
}

static jl_code_info_t *build_output(infer_frame_t *fr)
{
    jl_code_info_t *src = fr->src;
    jl_code_info_t *out = jl_new_code_info_uninit();
    *out = *src;
    size_t n = fr->nstmts;
    jl_array_t *code = jl_alloc_vec_any(n);
    jl_array_t *types = jl_alloc_vec_any(n);
    for (size_t i = 0; i < n; i++) {
        jl_array_ptr_set(code, i, rewrite_stmt(fr, i));
        jl_value_t *t = ssa_type(fr, i);
        jl_array_ptr_set(types, i, t ? jl_infer_widenconst(t) : BOTTOM);
    }
    jl_array_t *slottypes = jl_alloc_vec_any(fr->nslots);
    for (size_t s = 0; s < fr->nslots; s++)
        jl_array_ptr_set(slottypes, s, fr->slotacc[s]);
    jl_array_t *edges = jl_alloc_vec_any(0);
    for (size_t k = 0; k < jl_array_len(fr->edges); k++)
        jl_array_ptr_1d_push(edges, jl_array_ptr_ref(fr->edges, k));
    out->code = code;
    out->ssavaluetypes = (jl_value_t *)types;
    out->slottypes = (jl_value_t *)slottypes;
    out->rettype = jl_infer_widenconst(fr->rettype);
    out->parent = (jl_value_t *)fr->mi;
    out->edges = (jl_value_t *)edges;
    out->min_world = fr->min_world;
    out->max_world = fr->max_world;
    out->inferred = 1;
    return out;
}

/* So that gf.c invalidates this result when a dispatch decision it relied on changes. */
static void record_backedges(infer_frame_t *fr)
{
    for (size_t k = 0; k < jl_array_len(fr->edges); k++) {
        jl_value_t *e = jl_array_ptr_ref(fr->edges, k);
        if (jl_is_method_instance(e))
            jl_method_instance_add_backedge((jl_method_instance_t *)e, fr->mi);
        else if (jl_is_type(e))
            jl_method_table_add_backedge(jl_method_table_for(e), e, fr->mi);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Debug output */

static void print_lattice(FILE *out, jl_value_t *x)
{
    if (x == NULL) {
        fputs("(unreached)", out);
    }
    else if (jl_infer_is_const(x)) {
        fputs("Const(", out);
        jl_static_show(out, jl_infer_const_val(x));
        fputs(")", out);
    }
    else if (jl_infer_is_cond(x)) {
        fprintf(out, "Conditional(slot %zu: ", cond_slot(x));
        print_lattice(out, cond_then(x));
        fputs(" | ", out);
        print_lattice(out, cond_else(x));
        fputs(")", out);
    }
    else if (jl_infer_is_partial(x)) {
        fputs("Partial(", out);
        jl_static_show(out, jl_infer_partial_type(x));
        for (size_t i = 0; i < jl_infer_partial_nfields(x); i++) {
            fputs(i ? ", " : "; ", out);
            print_lattice(out, jl_infer_partial_field(x, i));
        }
        fputs(")", out);
    }
    else {
        jl_static_show(out, x);
    }
}

static void debug_print(infer_frame_t *fr, jl_code_info_t *out, double us)
{
    FILE *f = stderr;
    fprintf(f, "---- inferred %s ", jl_symbol_name(fr->method->name));
    jl_static_show(f, fr->mi->specTypes);
    fputs(" :: ", f);
    print_lattice(f, fr->rettype);
    fprintf(f, "  (%.1f us, %d iteration%s, world %lu..%ld%s)\n", us, fr->iter + 1, fr->iter ? "s" : "",
            (unsigned long)out->min_world, out->max_world == JL_MAX_WORLD ? -1L : (long)out->max_world,
            fr->cycle_dep < fr->depth ? ", tentative" : "");
    for (size_t s = 0; s < fr->nslots; s++) {
        fprintf(f, "  slot %zu %s :: ", s + 1, jl_symbol_name((jl_sym_t *)jl_array_ptr_ref(fr->src->slotnames, s)));
        jl_static_show(f, jl_array_ptr_ref((jl_array_t *)out->slottypes, s));
        fputc('\n', f);
    }
    for (size_t i = 0; i < fr->nstmts; i++) {
        fprintf(f, "  %%%-3zu ", i + 1);
        jl_value_t *st = jl_array_ptr_ref(out->code, i);
        if (jl_is_gotonode(st))
            fprintf(f, "goto %%%ld", (long)((jl_gotonode_t *)st)->label);
        else if (jl_is_gotoifnot(st)) {
            fputs("goto if not ", f);
            jl_static_show(f, ((jl_gotoifnot_t *)st)->cond);
            fprintf(f, " %%%ld", (long)((jl_gotoifnot_t *)st)->dest);
        }
        else if (jl_is_returnnode(st)) {
            fputs("return ", f);
            if (((jl_returnnode_t *)st)->val)
                jl_static_show(f, ((jl_returnnode_t *)st)->val);
            else
                fputs("(unreachable)", f);
        }
        else
            jl_static_show(f, st);
        fputs("  :: ", f);
        print_lattice(f, ssa_type(fr, i));
        fputc('\n', f);
    }
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---------------------------------------------------------------------------------------------- */
/* Inferring one specialization */

static infer_result_t *infer_frame(jl_method_instance_t *mi, size_t world, infer_frame_t *parent,
                                   jl_value_t **cargs, size_t ncargs, infer_result_t *res)
{
    infer_frame_t frame;
    infer_frame_t *fr = &frame;
    if (!init_frame(fr, mi, world, parent, cargs, ncargs))
        return NULL;
    double t0 = infer_debug ? now_us() : 0;
    push_frame(fr);
    jl_value_t *guess = BOTTOM;
    int ok = 1;
    for (int iter = 0;; iter++) {
        fr->guess = guess;
        fr->iter = iter;
        fr->cycle_dep = INT_MAX;
        fr->used_as_head = 0;
        fr->min_world = fr->method->primary_world > 1 ? fr->method->primary_world : 1;
        fr->max_world = fr->method->deleted_world;
        if (!run_frame(fr)) {
            ok = 0;
            break;
        }
        if (!fr->used_as_head || jl_infer_le(fr->rettype, guess))
            break;
        if (guess == ANY) {
            ok = 0;   /* cannot happen: everything is below Any */
            break;
        }
        guess = jl_infer_join(guess, fr->rettype);
        if (iter >= 2)
            guess = jl_infer_widenconst(guess);
        if (iter >= MAX_CYCLE_ITERS)
            guess = ANY;
    }
    pop_frame(fr);
    if (!ok) {
        if (infer_debug) {
            fprintf(stderr, "---- gave up on %s ", jl_symbol_name(fr->method->name));
            jl_static_show(stderr, mi->specTypes);
            fprintf(stderr, " (%s)\n", fr->steps < 0 ? "too many steps" : "unsupported code");
        }
        return NULL;
    }
    if (fr->cycle_dep >= fr->depth)
        fr->cycle_dep = INT_MAX;   /* only depended on itself: final */
    res->rettype = fr->rettype;
    res->cycle_dep = fr->cycle_dep;
    res->edges = fr->edges;
    res->src = NULL;
    if (fr->is_const) {
        if (infer_debug) {
            fprintf(stderr, "---- constant-propagated %s ", jl_symbol_name(fr->method->name));
            for (size_t k = 0; k < ncargs; k++) {
                fputs(k ? ", " : "(", stderr);
                print_lattice(stderr, cargs[k]);
            }
            fputs(") :: ", stderr);
            print_lattice(stderr, fr->rettype);
            fprintf(stderr, "  (%.1f us)\n", now_us() - t0);
        }
        return res;
    }
    jl_code_info_t *out = build_output(fr);
    record_backedges(fr);
    if (fr->cycle_dep == INT_MAX) {
        cache_put(mi, (jl_value_t *)out, fr->rettype, world, 0, 0);
    }
    else {
        infer_frame_t *head = parent;
        while (head != NULL && head->depth > fr->cycle_dep)
            head = head->parent;
        if (head != NULL)
            cache_put(mi, NULL, fr->rettype, world, head->serial, head->iter);
    }
    if (infer_debug)
        debug_print(fr, out, now_us() - t0);
    res->src = (jl_value_t *)out;
    return res;
}

/* ---------------------------------------------------------------------------------------------- */
/* Entry points */

static void infer_init(void)
{
    static int initialized;
    if (!initialized) {
        jl_infer_tag_const = (jl_value_t *)jl_symbol("#infer:Const");
        jl_infer_tag_cond = (jl_value_t *)jl_symbol("#infer:Conditional");
        jl_infer_tag_partial = (jl_value_t *)jl_symbol("#infer:PartialStruct");
        const char *d = getenv("JULIA_DEBUG_INFER");
        infer_debug = d != NULL && d[0] != '\0' && d[0] != '0';
        const char *e = getenv("JULIA_INFER");
        infer_disabled = e != NULL && e[0] == '0';
        jl_gc_add_root((jl_value_t **)&cache_table);
        jl_gc_add_root((jl_value_t **)&match_cache);
        jl_gc_add_root((jl_value_t **)&cprop_cache);
        jl_gc_add_root(&base_not_fn);
        cache_reset(256);
        initialized = 1;
    }
    jl_infer_init_builtins();
    if (base_not_fn == NULL && jl_base_module != NULL) {
        jl_binding_t *b = jl_get_module_binding(jl_base_module, jl_symbol("!"), 0);
        if (b != NULL && b->constp && b->value != NULL)
            base_not_fn = b->value;
    }
}

/* Infers mi as the outermost frame. Returns the result's CodeInfo or NULL. */
static jl_code_info_t *infer_toplevel(jl_method_instance_t *mi, size_t world, jl_value_t **prettype)
{
    if (!jl_is_method(mi->def) || infer_disabled)
        return NULL;
    if (infer_top != NULL)
        return NULL;   /* not re-entrant (inference runs no Julia code, so this is unexpected) */
    jl_svec_t *e = cache_get(mi, world);
    if (e != NULL && jl_unbox_long(jl_svecref(e, CE_SERIAL)) == 0 && jl_is_code_info(jl_svecref(e, CE_SRC))) {
        if (prettype)
            *prettype = jl_svecref(e, CE_RT);
        return (jl_code_info_t *)jl_svecref(e, CE_SRC);
    }
    infer_result_t res;
    infer_result_t *volatile r = NULL;
    session_budget = SESSION_BUDGET;
    JL_TRY {
        r = infer_frame(mi, world, NULL, NULL, 0, &res);
    }
    JL_CATCH {
        r = NULL;
        unwind_all();
        if (infer_debug) {
            fputs("---- inference failed with an error: ", stderr);
            jl_static_show(stderr, jl_current_exception());
            fputc('\n', stderr);
        }
    }
    if (r == NULL)
        return NULL;
    if (prettype)
        *prettype = r->rettype;
    return (jl_code_info_t *)r->src;
}

jl_code_info_t *jl_type_infer(jl_method_instance_t *mi, size_t world)
{
    infer_init();
    return infer_toplevel(mi, world, NULL);
}

jl_value_t *jl_infer_return_type(jl_method_instance_t *mi, size_t world)
{
    infer_init();
    jl_code_instance_t *ci = valid_codeinst(mi, world);
    if (ci != NULL)
        return ci->rettype;
    jl_value_t *rt = NULL;
    if (infer_toplevel(mi, world, &rt) == NULL || rt == NULL)
        return ANY;
    return jl_infer_widenconst(rt);
}

JL_DLLEXPORT jl_value_t *jl_infer_return_type_tt(jl_value_t *tt)
{
    size_t world = jl_current_task->world_age;
    jl_method_instance_t *mi = jl_method_lookup_by_type(tt, world);
    if (mi == NULL)
        return ANY;
    return jl_infer_return_type(mi, world);
}
