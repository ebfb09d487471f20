/* subtype.c: the relations between types. `<:` (jl_subtype, jl_subtype_env: also solves the static
 * parameters of a method signature), `isa`, type intersection (jl_type_intersection[_env]) and method
 * specificity (jl_type_morespecific).
 *
 * The subtype algorithm follows the design of Julia's: a search over an environment of variable bindings.
 * Variables of UnionAlls on the left are universal ("forall"), those on the right existential ("exists");
 * an existential variable accumulates a lower and an upper bound as the two types are compared, and a
 * universal one is compared through its declared bounds. A Union on the left means every member must be a
 * subtype, a Union on the right that some member is: each choice of a member is one binary decision, and
 * the search enumerates sequences of decisions (forall over the left ones, exists over the right ones),
 * restarting the comparison from the top with the next sequence. Type parameters are invariant (checked
 * as subtyping both ways in the same environment), Tuple parameters covariant. The "diagonal" rule: an
 * existential variable that occurs more than once in covariant position and never in invariant position
 * can only take concrete values (Tuple{Int,Int} <: Tuple{T,T} where T, but not Tuple{Int,String}).
 *
 * Intersection is an approximation from above (it never answers Union{} for types that share a value):
 * exact for the cases dispatch and inference meet (concrete or closed types, unions, UnionAll signatures
 * whose variables are solved by unification), wider than Julia's in exotic ones.
 *
 * Fast paths for closed DataTypes (pointer equality, supertype chain walk) come first everywhere:
 * dispatch calls these functions constantly.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <string.h>

#define Bottom jl_bottom_type
#define AnyT ((jl_value_t *)jl_any_type)

/* ---------------------------------------------------------------------------------------------- */
/* Small predicates */

static inline int is_kind_type(jl_value_t *t)
{
    return t == (jl_value_t *)jl_datatype_type || t == (jl_value_t *)jl_unionall_type ||
           t == (jl_value_t *)jl_uniontype_type || t == (jl_value_t *)jl_typeofbottom_type;
}

static inline int is_type_or_var(jl_value_t *t)
{
    return jl_is_type(t) || jl_is_typevar(t);
}

/* No free type variables anywhere in t. */
static inline int closed(jl_value_t *t)
{
    if (jl_is_datatype(t))
        return !((jl_datatype_t *)t)->hasfreetypevars;
    if (jl_is_typevar(t))
        return 0;
    if (t == Bottom)
        return 1;
    return !jl_has_free_typevars(t);
}

/* Type{x} where x is a known type (not a variable). */
static inline int is_type_of_type(jl_value_t *t)
{
    return jl_is_type_type(t) && !jl_is_typevar(jl_tparam0(t));
}

/* A bound that makes a diagonal variable concrete: Union{}, a concrete type, Type{X}, or a non-type value. */
static int is_leaf_bound(jl_value_t *v)
{
    if (v == Bottom)
        return 1;
    if (jl_is_datatype(v)) {
        jl_datatype_t *dt = (jl_datatype_t *)v;
        if (dt->name->abstract)
            return dt->name == jl_type_typename;
        return dt->isconcretetype;
    }
    return !jl_is_type(v) && !jl_is_typevar(v);
}

static int in_union(jl_value_t *u, jl_value_t *x)
{
    if (u == x)
        return 1;
    if (!jl_is_uniontype(u))
        return 0;
    return in_union(((jl_uniontype_t *)u)->a, x) || in_union(((jl_uniontype_t *)u)->b, x);
}

/* Structural equality that needs no variable bindings (a sufficient test for type equality). */
static int obviously_egal(jl_value_t *a, jl_value_t *b)
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
        if (da->name != db->name || (!da->hasfreetypevars && !db->hasfreetypevars))
            return 0;
        size_t n = jl_nparams(da);
        if (n != jl_nparams(db))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!obviously_egal(jl_tparam(da, i), jl_tparam(db, i)))
                return 0;
        return 1;
    }
    if (ta == (jl_value_t *)jl_uniontype_type)
        return obviously_egal(((jl_uniontype_t *)a)->a, ((jl_uniontype_t *)b)->a) &&
               obviously_egal(((jl_uniontype_t *)a)->b, ((jl_uniontype_t *)b)->b);
    if (ta == (jl_value_t *)jl_unionall_type)
        return ((jl_unionall_t *)a)->var == ((jl_unionall_t *)b)->var &&
               obviously_egal(((jl_unionall_t *)a)->body, ((jl_unionall_t *)b)->body);
    if (ta == (jl_value_t *)jl_vararg_type)
        return obviously_egal(((jl_vararg_t *)a)->T, ((jl_vararg_t *)b)->T) &&
               obviously_egal(((jl_vararg_t *)a)->N, ((jl_vararg_t *)b)->N);
    if (ta == (jl_value_t *)jl_tvar_type || jl_is_type(a))
        return 0;
    return jl_egal(a, b);
}

/* Type equality: both ways subtypes (after the cheap structural test). */
static int types_equal(jl_value_t *a, jl_value_t *b)
{
    if (obviously_egal(a, b))
        return 1;
    if (jl_is_datatype(a) && jl_is_datatype(b)) {
        jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
        if (da->name != db->name || da->isconcretetype || db->isconcretetype)
            return 0;
    }
    return jl_subtype(a, b) && jl_subtype(b, a);
}

/* Does var occur in v inside the parameters of a non-Tuple type (or as a Vararg length)? */
static int var_occurs_invariant(jl_value_t *v, jl_tvar_t *var, int inv)
{
    if (v == (jl_value_t *)var)
        return inv;
    if (jl_is_uniontype(v))
        return var_occurs_invariant(((jl_uniontype_t *)v)->a, var, inv) ||
               var_occurs_invariant(((jl_uniontype_t *)v)->b, var, inv);
    if (jl_is_vararg(v)) {
        jl_vararg_t *va = (jl_vararg_t *)v;
        return (va->T && var_occurs_invariant(va->T, var, inv)) || (va->N && var_occurs_invariant(va->N, var, 1));
    }
    if (jl_is_unionall(v)) {
        jl_unionall_t *ua = (jl_unionall_t *)v;
        if (ua->var == var)
            return 0;
        return var_occurs_invariant(ua->var->lb, var, inv) || var_occurs_invariant(ua->var->ub, var, inv) ||
               var_occurs_invariant(ua->body, var, inv);
    }
    if (jl_is_datatype(v)) {
        jl_datatype_t *dt = (jl_datatype_t *)v;
        if (!dt->hasfreetypevars)
            return 0;
        int istuple = dt->name == jl_tuple_typename;
        for (size_t i = 0; i < jl_nparams(dt); i++)
            if (var_occurs_invariant(jl_tparam(dt, i), var, inv || !istuple))
                return 1;
    }
    return 0;
}

/* Type{X} -> typeof(X) (through unions): how a variable matched by a type *value* is reported. */
static jl_value_t *widen_type_of_type(jl_value_t *t)
{
    if (is_type_of_type(t) && closed(jl_tparam0(t)))
        return jl_typeof(jl_tparam0(t));
    if (jl_is_uniontype(t)) {
        jl_value_t *a = widen_type_of_type(((jl_uniontype_t *)t)->a);
        jl_value_t *b = widen_type_of_type(((jl_uniontype_t *)t)->b);
        if (a == ((jl_uniontype_t *)t)->a && b == ((jl_uniontype_t *)t)->b)
            return t;
        jl_value_t *ab[2] = {a, b};
        return jl_type_union(ab, 2);
    }
    return t;
}

JL_DLLEXPORT jl_value_t *jl_widen_type(jl_value_t *t)
{
    return widen_type_of_type(t);
}

/* Tuple shape: a fixed prefix, then optionally a Vararg{vaT, vaN} ("open" unless vaN is a number). */
typedef struct {
    jl_datatype_t *dt;
    size_t nfixed;     /* parameters before the Vararg */
    size_t len;        /* total length when not open */
    int open;          /* has a Vararg of unknown length */
    jl_value_t *vaT;   /* Vararg element type (Any if omitted), NULL if no Vararg */
    jl_value_t *vaN;   /* NULL (any length) or a TypeVar; numbers are expanded */
} tupinfo_t;

static void tuple_info(jl_datatype_t *t, tupinfo_t *ti)
{
    size_t np = jl_nparams(t);
    ti->dt = t;
    ti->nfixed = np;
    ti->len = np;
    ti->open = 0;
    ti->vaT = NULL;
    ti->vaN = NULL;
    if (np == 0)
        return;
    jl_value_t *last = jl_tparam(t, np - 1);
    if (!jl_is_vararg(last))
        return;
    jl_vararg_t *va = (jl_vararg_t *)last;
    ti->nfixed = np - 1;
    ti->vaT = va->T ? va->T : AnyT;
    if (va->N && jl_is_long(va->N)) {
        ti->len = ti->nfixed + (size_t)jl_unbox_long(va->N);
    }
    else if (ti->vaT == Bottom && va->N == NULL) {
        ti->len = ti->nfixed;  /* Vararg{Union{}}: no more elements */
        ti->vaT = NULL;
    }
    else {
        ti->open = 1;
        ti->vaN = va->N;
    }
}

static inline jl_value_t *tuple_elt(tupinfo_t *ti, size_t k)
{
    return k < ti->nfixed ? jl_tparam(ti->dt, k) : ti->vaT;
}

/* ---------------------------------------------------------------------------------------------- */
/* The subtype environment */

#define UNION_WORDS 16  /* 512 binary union decisions per search */

typedef struct {
    int depth;   /* decisions read in the current pass */
    int more;    /* 1 + position of the deepest decision still at 0 (an alternative left), or 0 */
    int used;    /* decisions recorded */
    uint32_t stack[UNION_WORDS];
} unionstate_t;

typedef struct varbinding {
    jl_tvar_t *var;
    jl_value_t *lb, *ub;
    int8_t right;        /* existential */
    int8_t occurs_inv;   /* occurrences in invariant position (saturating at 2) */
    int8_t occurs_cov;   /* occurrences in covariant position (saturating at 2) */
    int8_t concrete;     /* must be concrete: compared with a diagonal variable */
    int depth0;          /* invariance depth where the variable was introduced */
    struct varbinding *prev;
} varbinding_t;

typedef struct {
    varbinding_t *vars;
    unionstate_t Lunions, Runions;
    jl_value_t **envout;  /* values of the right side's outer variables */
    int envsz;
    int envidx;
    int invdepth;
} stenv_t;

typedef struct {
    jl_value_t *lb, *ub;
    int8_t occurs_inv, occurs_cov, concrete;
} savedvar_t;

static int subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, int param);
static int forall_exists_equal(jl_value_t *x, jl_value_t *y, stenv_t *e);
static int forall_exists_subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, int param);

static varbinding_t *lookup(stenv_t *e, jl_tvar_t *v)
{
    for (varbinding_t *b = e->vars; b; b = b->prev)
        if (b->var == v)
            return b;
    return NULL;
}

static int count_vars(stenv_t *e)
{
    int n = 0;
    for (varbinding_t *b = e->vars; b; b = b->prev)
        n++;
    return n;
}

static void save_env(stenv_t *e, savedvar_t *buf)
{
    int i = 0;
    for (varbinding_t *b = e->vars; b; b = b->prev, i++) {
        buf[i].lb = b->lb;
        buf[i].ub = b->ub;
        buf[i].occurs_inv = b->occurs_inv;
        buf[i].occurs_cov = b->occurs_cov;
        buf[i].concrete = b->concrete;
    }
}

static void restore_env(stenv_t *e, savedvar_t *buf)
{
    int i = 0;
    for (varbinding_t *b = e->vars; b; b = b->prev, i++) {
        b->lb = buf[i].lb;
        b->ub = buf[i].ub;
        b->occurs_inv = buf[i].occurs_inv;
        b->occurs_cov = buf[i].occurs_cov;
        b->concrete = buf[i].concrete;
    }
}

static inline int state_get(unionstate_t *st, int i)
{
    return (st->stack[i >> 5] >> (i & 31)) & 1;
}

static inline void state_set(unionstate_t *st, int i, int v)
{
    if (v)
        st->stack[i >> 5] |= 1u << (i & 31);
    else
        st->stack[i >> 5] &= ~(1u << (i & 31));
}

/* Copy only the part of a union state that is in use. */
static void copy_unionstate(unionstate_t *dst, const unionstate_t *src)
{
    dst->depth = src->depth;
    dst->more = src->more;
    dst->used = src->used;
    int words = (src->used + 31) >> 5;
    if (words > UNION_WORDS)
        words = UNION_WORDS;
    memcpy(dst->stack, src->stack, (size_t)words * sizeof(uint32_t));
}

/* Read (or make) the next decision: 0 = first member, 1 = the rest. */
static int pick_union_decision(stenv_t *e, int R)
{
    unionstate_t *st = R ? &e->Runions : &e->Lunions;
    if (st->depth >= st->used) {
        if (st->used >= UNION_WORDS * 32)
            jl_error("subtype: too many unions in type comparison");
        state_set(st, st->used, 0);
        st->used++;
    }
    int d = state_get(st, st->depth);
    st->depth++;
    if (d == 0)
        st->more = st->depth;
    return d;
}

static jl_value_t *pick_union_element(jl_value_t *u, stenv_t *e, int R)
{
    while (jl_is_uniontype(u))
        u = pick_union_decision(e, R) ? ((jl_uniontype_t *)u)->b : ((jl_uniontype_t *)u)->a;
    return u;
}

/* Advance to the next sequence of decisions; 0 when all were tried. */
static int next_union_state(stenv_t *e, int R)
{
    unionstate_t *st = R ? &e->Runions : &e->Lunions;
    if (st->more == 0)
        return 0;
    st->used = st->more;
    state_set(st, st->used - 1, 1);
    return 1;
}

static void record_var_occurrence(varbinding_t *vb, stenv_t *e, int param)
{
    if (vb == NULL || param == 0)
        return;
    if (param == 2 && e->invdepth > vb->depth0) {
        if (vb->occurs_inv < 2)
            vb->occurs_inv++;
    }
    else if (vb->occurs_cov < 2) {
        vb->occurs_cov++;
    }
}

/* Bounds combination without a full search: used for the bounds of existential variables. */
static jl_value_t *simple_join(jl_value_t *a, jl_value_t *b)
{
    if (a == Bottom || b == AnyT || obviously_egal(a, b))
        return b;
    if (b == Bottom || a == AnyT)
        return a;
    if (!is_type_or_var(a) || !is_type_or_var(b))
        return AnyT;  /* two different values: no type is both (makes later checks fail) */
    if (closed(a) && closed(b)) {
        if (jl_subtype(a, b))
            return b;
        if (jl_subtype(b, a))
            return a;
    }
    if (in_union(a, b))
        return a;
    if (in_union(b, a))
        return b;
    jl_value_t *ab[2] = {a, b};
    return jl_type_union(ab, 2);
}

static jl_value_t *simple_meet(jl_value_t *a, jl_value_t *b)
{
    if (a == AnyT || b == Bottom || obviously_egal(a, b))
        return b;
    if (b == AnyT || a == Bottom)
        return a;
    if (is_type_or_var(a) && is_type_or_var(b) && closed(a) && closed(b)) {
        if (jl_subtype(a, b))
            return a;
        if (jl_subtype(b, a))
            return b;
    }
    return b;
}

/* A check between bounds of universal variables (which never change). */
static int subtype_left_var(jl_value_t *x, jl_value_t *y, stenv_t *e, int param)
{
    if (x == y && !jl_is_unionall(y))
        return 1;
    if (x == Bottom && is_type_or_var(y))
        return 1;
    if (y == AnyT && is_type_or_var(x))
        return 1;
    if (jl_is_uniontype(x) && obviously_egal(x, y))
        return 1;
    if (x == AnyT && jl_is_datatype(y))
        return 0;
    return subtype(x, y, e, param);
}

static int may_contain_union_decision(jl_value_t *x, stenv_t *e, int depth)
{
    if (x == NULL || x == AnyT || x == Bottom)
        return 0;
    if (depth > 6)
        return 1;
    if (jl_is_uniontype(x))
        return 1;
    if (jl_is_datatype(x)) {
        jl_datatype_t *dt = (jl_datatype_t *)x;
        if (dt->isconcretetype && !dt->hasfreetypevars && dt->name != jl_type_typename)
            return 0;
        for (size_t i = 0; i < jl_nparams(dt); i++)
            if (may_contain_union_decision(jl_tparam(dt, i), e, depth + 1))
                return 1;
        return 0;
    }
    if (jl_is_unionall(x)) {
        jl_unionall_t *u = (jl_unionall_t *)x;
        return may_contain_union_decision(u->var->lb, e, depth + 1) ||
               may_contain_union_decision(u->var->ub, e, depth + 1) || may_contain_union_decision(u->body, e, depth + 1);
    }
    if (jl_is_vararg(x))
        return may_contain_union_decision(((jl_vararg_t *)x)->T, e, depth + 1);
    if (jl_is_typevar(x)) {
        varbinding_t *b = lookup(e, (jl_tvar_t *)x);
        if (b == NULL)
            return may_contain_union_decision(((jl_tvar_t *)x)->ub, e, depth + 1);
        return may_contain_union_decision(b->lb, e, depth + 1) || may_contain_union_decision(b->ub, e, depth + 1);
    }
    return 0;
}

/* A nested comparison (invariant parameters, bounds). Its right-side choices are either searched
 * independently (decision 0: fast, commits to the first solution) or, when the whole search fails
 * that way, made part of the enclosing search (decision 1). */
static int local_forall_exists_subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, int param, int limit_slow)
{
    if (closed(x) && closed(y))
        return jl_subtype(x, y);
    int sub;
    int oldRmore = e->Runions.more;
    if (may_contain_union_decision(y, e, 0) && pick_union_decision(e, 1) == 0) {
        unionstate_t oldR;
        copy_unionstate(&oldR, &e->Runions);
        e->Runions.used = e->Runions.depth = e->Runions.more = 0;
        sub = forall_exists_subtype(x, y, e, param);
        copy_unionstate(&e->Runions, &oldR);
        if (!sub || limit_slow)
            e->Runions.more = oldRmore;  /* the slow path cannot do better */
    }
    else {
        e->Lunions.used = 0;
        while (1) {
            e->Lunions.more = 0;
            e->Lunions.depth = 0;
            sub = subtype(x, y, e, param);
            if (!sub || !next_union_state(e, 0))
                break;
        }
    }
    return sub;
}

static int subtype_ccheck(jl_value_t *x, jl_value_t *y, stenv_t *e)
{
    if (x == y)
        return 1;
    if (x == Bottom && is_type_or_var(y))
        return 1;
    if (y == AnyT && is_type_or_var(x))
        return 1;
    if (jl_is_uniontype(x) && obviously_egal(x, y))
        return 1;
    if (x == AnyT && jl_is_datatype(y))
        return 0;
    unionstate_t oldL;
    copy_unionstate(&oldL, &e->Lunions);
    int sub = local_forall_exists_subtype(x, y, e, 0, 1);
    copy_unionstate(&e->Lunions, &oldL);
    return sub;
}

/* Is variable x bound outside (before) y? */
static int var_outside(stenv_t *e, jl_tvar_t *x, jl_tvar_t *y)
{
    for (varbinding_t *b = e->vars; b; b = b->prev) {
        if (b->var == x)
            return 0;
        if (b->var == y)
            return 1;
    }
    return 0;
}

/* b <: a for a variable b */
static int var_lt(jl_tvar_t *b, jl_value_t *a, stenv_t *e, int param)
{
    varbinding_t *bb = lookup(e, b);
    if (bb == NULL)
        return subtype_left_var(b->ub, a, e, param);
    record_var_occurrence(bb, e, param);
    if (!bb->right)
        return subtype_left_var(bb->ub, a, e, param);
    if (bb->ub == a)
        return 1;
    if (!((bb->lb == Bottom && !is_type_or_var(a)) || subtype_ccheck(bb->lb, a, e)))
        return 0;
    bb->ub = simple_meet(bb->ub, a);
    if (jl_is_typevar(a)) {
        varbinding_t *aa = lookup(e, (jl_tvar_t *)a);
        if (aa && !aa->right && in_union(bb->lb, a) && bb->depth0 != aa->depth0 && var_outside(e, b, (jl_tvar_t *)a))
            return subtype_left_var(aa->ub, aa->lb, e, param);
    }
    return 1;
}

/* a <: b for a variable b */
static int var_gt(jl_tvar_t *b, jl_value_t *a, stenv_t *e, int param)
{
    varbinding_t *bb = lookup(e, b);
    if (bb == NULL)
        return subtype_left_var(a, b->lb, e, param);
    record_var_occurrence(bb, e, param);
    if (!bb->right)
        return subtype_left_var(a, bb->lb, e, param);
    if (bb->lb == a)
        return 1;
    if (!((bb->ub == AnyT && !is_type_or_var(a)) || subtype_ccheck(a, bb->ub, e)))
        return 0;
    jl_value_t *lb = simple_join(bb->lb, a);
    if (lb != (jl_value_t *)b)
        bb->lb = lb;
    if (jl_is_typevar(a)) {
        varbinding_t *aa = lookup(e, (jl_tvar_t *)a);
        if (aa && !aa->right && bb->depth0 != aa->depth0 && param == 2 && var_outside(e, b, (jl_tvar_t *)a))
            return subtype_left_var(aa->ub, aa->lb, e, param);
    }
    return 1;
}

static int subtype_var_var(jl_tvar_t *x, jl_tvar_t *y, stenv_t *e, int param)
{
    varbinding_t *xx = lookup(e, x), *yy = lookup(e, y);
    int xr = xx && xx->right, yr = yy && yy->right;
    if (xr) {
        if (yr) {
            record_var_occurrence(xx, e, param);
            record_var_occurrence(yy, e, param);
            return subtype(xx->lb, yy->ub, e, 0);
        }
        if (yy)
            record_var_occurrence(yy, e, param);
        return var_lt(x, (jl_value_t *)y, e, param);
    }
    if (yr) {
        if (xx)
            record_var_occurrence(xx, e, param);
        return var_gt(y, (jl_value_t *)x, e, param);
    }
    /* both universal (or free): their bounds never change */
    jl_value_t *xub = xx ? xx->ub : x->ub;
    jl_value_t *ylb = yy ? yy->lb : y->lb;
    if (xx)
        record_var_occurrence(xx, e, param);
    if (yy)
        record_var_occurrence(yy, e, param);
    return subtype_left_var(xub, (jl_value_t *)y, e, param) || subtype_left_var((jl_value_t *)x, ylb, e, param);
}

/* A UnionAll whose variable (an identical object) is already in scope gets a fresh variable. */
static jl_unionall_t *make_unionall(jl_tvar_t *v, jl_value_t *body)
{
    jl_unionall_t *u = (jl_unionall_t *)jl_gc_alloc(sizeof(jl_unionall_t), (jl_value_t *)jl_unionall_type);
    u->var = v;
    u->body = body;
    return u;
}

static jl_unionall_t *rename_unionall(jl_unionall_t *u)
{
    jl_tvar_t *v = jl_new_typevar(u->var->name, u->var->lb, u->var->ub);
    jl_value_t *body = jl_instantiate_unionall(u, (jl_value_t *)v);
    return make_unionall(v, body);
}

static jl_unionall_t *unalias_unionall(jl_unionall_t *u, stenv_t *e)
{
    for (varbinding_t *b = e->vars; b; b = b->prev) {
        if (b->var == u->var || (b->lb != b->var->lb && jl_has_typevar(b->lb, u->var)) ||
            (b->ub != b->var->ub && jl_has_typevar(b->ub, u->var)))
            return rename_unionall(u);
    }
    return u;
}

/* The value reported for an existential variable of the right side (a static parameter). */
static jl_value_t *env_value(varbinding_t *vb, jl_tvar_t *var)
{
    jl_value_t *lb = vb->lb;
    if (!vb->occurs_inv && lb != Bottom)
        return is_leaf_bound(lb) ? lb : (jl_value_t *)jl_new_typevar(var->name, Bottom, lb);
    if (lb == vb->ub)
        return lb;
    if (lb != Bottom)
        return lb;
    if (lb == var->lb && vb->ub == var->ub)
        return (jl_value_t *)var;
    if (!is_type_or_var(vb->ub))
        return vb->ub;
    return (jl_value_t *)jl_new_typevar(var->name, lb, vb->ub);
}

static int subtype_unionall(jl_value_t *t, jl_unionall_t *u, stenv_t *e, int R, int param)
{
    u = unalias_unionall(u, e);
    varbinding_t vb = {u->var, u->var->lb, u->var->ub, (int8_t)R, 0, 0, 0, e->invdepth, e->vars};
    e->vars = &vb;
    int ans;
    if (R) {
        int idx = e->envidx++;
        ans = subtype(t, u->body, e, param);
        e->envidx--;
        /* a variable matched by type values in argument position takes their kinds: Type{Int} -> DataType */
        if (ans && !vb.occurs_inv)
            vb.lb = widen_type_of_type(vb.lb);
        if (ans && idx < e->envsz) {
            jl_value_t *val = env_value(&vb, u->var);
            jl_value_t *old = e->envout[idx];
            /* different values from different union members: the value is unknown */
            e->envout[idx] = (old && !obviously_egal(old, val)) ? (jl_value_t *)u->var : val;
        }
    }
    else {
        ans = subtype(u->body, t, e, param);
    }
    /* the diagonal rule */
    if (ans) {
        int diagonal = vb.occurs_cov > 1 && !var_occurs_invariant(u->body, u->var, 0);
        if (vb.concrete || (diagonal && is_leaf_bound(u->var->lb))) {
            if (vb.concrete && !diagonal && !is_leaf_bound(vb.ub)) {
                ans = 0;
            }
            else if (jl_is_typevar(vb.lb)) {
                e->vars = vb.prev;
                varbinding_t *vlb = lookup(e, (jl_tvar_t *)vb.lb);
                if (vlb)
                    vlb->concrete = 1;
            }
            else if (!is_leaf_bound(vb.lb)) {
                ans = 0;
            }
        }
    }
    e->vars = vb.prev;
    return ans;
}

/* Compare the lengths of two tuple tails: the number `n` of elements against a Vararg length N. */
static int vararg_length_equal(jl_value_t *a, jl_value_t *b, stenv_t *e)
{
    e->invdepth++;
    int ans = forall_exists_equal(a, b, e);
    e->invdepth--;
    return ans;
}

static int subtype_tuple(jl_datatype_t *xd, jl_datatype_t *yd, stenv_t *e, int param)
{
    tupinfo_t x, y;
    tuple_info(xd, &x);
    tuple_info(yd, &y);
    size_t xl = x.open ? x.nfixed : x.len;
    size_t yl = y.open ? y.nfixed : y.len;
    if (!x.open && !y.open && xl != yl)
        return 0;
    if (!x.open && y.open && xl < yl)
        return 0;
    if (x.open && !y.open && xl > yl)
        return 0;
    if (x.open && y.open && xl < yl)
        return 0;  /* x has shorter tuples than y allows */
    if (x.open && !y.open && x.vaN == NULL)
        return 0;  /* x has longer tuples */
    size_t n = xl > yl ? xl : yl;
    for (size_t k = 0; k < n; k++) {
        jl_value_t *xe = tuple_elt(&x, k), *ye = tuple_elt(&y, k);
        if (xe == ye && closed(xe))
            continue;
        if (!subtype(xe, ye, e, 1))
            return 0;
    }
    if (!x.open && !y.open)
        return 1;
    if (!x.open) {
        if (y.vaN == NULL)
            return 1;
        return vararg_length_equal(jl_box_long((int64_t)(xl - yl)), y.vaN, e);
    }
    if (!y.open)
        return vararg_length_equal(x.vaN, jl_box_long((int64_t)(yl - xl)), e);
    if (!subtype(x.vaT, y.vaT, e, 1))
        return 0;
    if (y.vaN == NULL)
        return 1;
    if (x.vaN == NULL || xl != yl)
        return 0;
    return vararg_length_equal(x.vaN, y.vaN, e);
}

static jl_value_t *type_of_bottom_as_type(void)
{
    static jl_value_t *t = NULL;
    if (t == NULL) {
        t = jl_apply_type1((jl_value_t *)jl_type_type_ua, Bottom);
        jl_gc_add_root(&t);
    }
    return t;
}

static int subtype_datatype(jl_datatype_t *xd, jl_datatype_t *yd, stenv_t *e, int param)
{
    if (xd == yd)
        return 1;
    if (yd == jl_any_type)
        return 1;
    if (xd == jl_typeofbottom_type && yd->name == jl_type_typename)
        return subtype(type_of_bottom_as_type(), (jl_value_t *)yd, e, param);
    if (xd->name == jl_type_typename && yd->name != jl_type_typename) {
        /* Type{X} <: y iff typeof(X) <: y */
        jl_value_t *tp0 = jl_tparam0(xd);
        if (jl_is_typevar(tp0)) {
            varbinding_t *tv = lookup(e, (jl_tvar_t *)tp0);
            jl_value_t *ub = tv ? tv->ub : ((jl_tvar_t *)tp0)->ub;
            jl_value_t *lb = tv ? tv->lb : ((jl_tvar_t *)tp0)->lb;
            if (tv && tv->right && lb == ub && is_type_or_var(lb) && !jl_is_typevar(lb))
                return subtype(jl_typeof(lb), (jl_value_t *)yd, e, 0);
            return 0;
        }
        if (!is_type_or_var(tp0))
            return 0;
        return subtype(jl_typeof(tp0), (jl_value_t *)yd, e, 0);
    }
    if (yd->name == jl_type_typename && xd->name != jl_type_typename) {
        /* a kind is a subtype of Type{T} only for an unconstrained existential T */
        jl_value_t *tp0 = jl_tparam0(yd);
        if (!jl_is_typevar(tp0) || !is_kind_type((jl_value_t *)xd))
            return 0;
        return subtype((jl_value_t *)jl_type_type, (jl_value_t *)yd, e, param);
    }
    jl_datatype_t *xs = xd;
    while (xs->name != yd->name) {
        if (xs == jl_any_type || xs->super == NULL || xs->super == xs)
            return 0;
        xs = xs->super;
    }
    if (xs->name == jl_tuple_typename)
        return subtype_tuple(xs, yd, e, param);
    if (xs == yd)
        return 1;
    size_t np = jl_nparams(xs);
    if (np != jl_nparams(yd))
        return 0;
    int ans = 1;
    e->invdepth++;
    for (size_t i = 0; i < np; i++) {
        jl_value_t *xi = jl_tparam(xs, i), *yi = jl_tparam(yd, i);
        if (!(xi == yi || forall_exists_equal(xi, yi, e))) {
            ans = 0;
            break;
        }
    }
    e->invdepth--;
    return ans;
}

static int subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, int param)
{
    if (x == y)
        return 1;
    if (jl_is_uniontype(x)) {
        if (obviously_egal(x, y))
            return 1;
        if (e->Runions.depth == 0 && jl_is_typevar(y) && closed(x) &&
            closed(((jl_tvar_t *)y)->ub)) {
            /* handle the whole union against the variable's bounds first */
            varbinding_t *yb = lookup(e, (jl_tvar_t *)y);
            if (yb && yb->right)
                return var_gt((jl_tvar_t *)y, x, e, param);
        }
        x = pick_union_element(x, e, 0);
        if (x == y)
            return 1;
    }
    if (jl_is_uniontype(y)) {
        jl_uniontype_t *uy = (jl_uniontype_t *)y;
        if (x == uy->a || x == uy->b)
            return 1;
        if (!jl_is_typevar(x) && in_union(y, x))
            return 1;
        if (jl_is_unionall(x))
            return subtype_unionall(y, (jl_unionall_t *)x, e, 0, param);
        if (jl_is_typevar(x)) {
            varbinding_t *xx = lookup(e, (jl_tvar_t *)x);
            int ui = xx ? pick_union_decision(e, 1) : 1;
            if (ui == 1)
                return var_lt((jl_tvar_t *)x, y, e, param);
        }
        y = pick_union_element(y, e, 1);
        if (x == y)
            return 1;
    }
    if (jl_is_typevar(x)) {
        if (jl_is_typevar(y))
            return subtype_var_var((jl_tvar_t *)x, (jl_tvar_t *)y, e, param);
        return var_lt((jl_tvar_t *)x, y, e, param);
    }
    if (jl_is_typevar(y))
        return var_gt((jl_tvar_t *)y, x, e, param);
    if (y == AnyT)
        return jl_is_type(x);
    if (x == Bottom)
        return jl_is_type(y);
    if (jl_is_unionall(x))
        return subtype_unionall(y, (jl_unionall_t *)x, e, 0, param);
    if (jl_is_unionall(y))
        return subtype_unionall(x, (jl_unionall_t *)y, e, 1, param);
    if (jl_is_datatype(x) && jl_is_datatype(y))
        return subtype_datatype((jl_datatype_t *)x, (jl_datatype_t *)y, e, param);
    if (jl_is_type(x) || jl_is_type(y) || jl_is_vararg(x) || jl_is_vararg(y))
        return 0;
    return jl_egal(x, y);
}

/* Invariant comparison: x <: y and y <: x in the same environment. */
static int forall_exists_equal(jl_value_t *x, jl_value_t *y, stenv_t *e)
{
    if (obviously_egal(x, y))
        return 1;
    if (!is_type_or_var(x) && !is_type_or_var(y))
        return jl_egal(x, y);
    if ((!is_type_or_var(x) && jl_is_type(y)) || (jl_is_type(x) && !is_type_or_var(y)))
        return 0;
    unionstate_t oldL;
    copy_unionstate(&oldL, &e->Lunions);
    int sub = local_forall_exists_subtype(x, y, e, 2, 0);
    if (sub)
        sub = local_forall_exists_subtype(y, x, e, 0, 0);
    copy_unionstate(&e->Lunions, &oldL);
    return sub;
}

/* Exists over the right-side decisions: retry with the next sequence until one works. */
static int exists_subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, savedvar_t *se, int param)
{
    int nenv = e->envsz;
    jl_value_t *envsave[nenv > 0 ? nenv : 1];
    if (nenv > 0)
        memcpy(envsave, e->envout, (size_t)nenv * sizeof(jl_value_t *));
    e->Runions.used = 0;
    while (1) {
        e->Runions.depth = 0;
        e->Runions.more = 0;
        e->Lunions.depth = 0;
        e->Lunions.more = 0;
        if (subtype(x, y, e, param))
            return 1;
        restore_env(e, se);
        if (nenv > 0)
            memcpy(e->envout, envsave, (size_t)nenv * sizeof(jl_value_t *));
        if (!next_union_state(e, 1))
            return 0;
    }
}

/* Forall over the left-side decisions. */
static int forall_exists_subtype(jl_value_t *x, jl_value_t *y, stenv_t *e, int param)
{
    int n = count_vars(e);
    savedvar_t se[n > 0 ? n : 1];
    save_env(e, se);
    e->Lunions.used = 0;
    int sub;
    while (1) {
        sub = exists_subtype(x, y, e, se, param);
        if (!sub || !next_union_state(e, 0))
            break;
    }
    return sub;
}

static void init_stenv(stenv_t *e, jl_value_t **env, int envsz)
{
    e->vars = NULL;
    e->envout = env;
    e->envsz = env ? envsz : 0;
    e->envidx = 0;
    e->invdepth = 0;
    e->Lunions.depth = e->Lunions.more = e->Lunions.used = 0;
    e->Runions.depth = e->Runions.more = e->Runions.used = 0;
    if (env && envsz > 0)
        memset(env, 0, (size_t)envsz * sizeof(jl_value_t *));
}

/* ---------------------------------------------------------------------------------------------- */
/* Fast answers for closed types */

static int obvious_subtype(jl_value_t *x, jl_value_t *y, int *res, int depth);

static int obvious_tuple_subtype(jl_datatype_t *xd, jl_datatype_t *yd, int *res, int depth)
{
    tupinfo_t x, y;
    tuple_info(xd, &x);
    tuple_info(yd, &y);
    if (x.open || (y.open && y.vaN != NULL))
        return 0;
    if (!y.open) {
        if (x.len != y.len) {
            *res = 0;
            return 1;
        }
    }
    else if (x.len < y.nfixed) {
        *res = 0;
        return 1;
    }
    int undecided = 0;
    for (size_t k = 0; k < x.len; k++) {
        int r;
        if (!obvious_subtype(tuple_elt(&x, k), tuple_elt(&y, k), &r, depth + 1)) {
            undecided = 1;
            continue;
        }
        if (!r) {
            *res = 0;
            return 1;
        }
    }
    if (undecided)
        return 0;
    *res = 1;
    return 1;
}

static int obvious_subtype(jl_value_t *x, jl_value_t *y, int *res, int depth)
{
    if (x == y) {
        *res = 1;
        return 1;
    }
    if (y == AnyT || x == Bottom) {
        *res = y == AnyT ? is_type_or_var(x) : is_type_or_var(y);
        return 1;
    }
    if (depth > 4)
        return 0;
    if (jl_is_datatype(x)) {
        jl_datatype_t *xd = (jl_datatype_t *)x;
        if (xd->hasfreetypevars)
            return 0;
        if (jl_is_datatype(y)) {
            jl_datatype_t *yd = (jl_datatype_t *)y;
            if (yd->hasfreetypevars || xd->name == jl_type_typename || yd->name == jl_type_typename)
                return 0;
            jl_datatype_t *xs = xd;
            while (xs->name != yd->name) {
                if (xs == jl_any_type || xs->super == NULL || xs->super == xs) {
                    *res = 0;
                    return 1;
                }
                xs = xs->super;
            }
            if (xs == yd) {
                *res = 1;
                return 1;
            }
            if (xs->name == jl_tuple_typename)
                return obvious_tuple_subtype(xs, yd, res, depth);
            size_t np = jl_nparams(xs);
            for (size_t i = 0; i < np; i++) {
                jl_value_t *a = jl_tparam(xs, i), *b = jl_tparam(yd, i);
                if (a == b)
                    continue;
                int aconc = jl_is_datatype(a) && ((jl_datatype_t *)a)->isconcretetype;
                int bconc = jl_is_datatype(b) && ((jl_datatype_t *)b)->isconcretetype;
                if ((aconc && bconc) || (aconc && !jl_is_type(b) && !jl_is_typevar(b)) ||
                    (bconc && !jl_is_type(a) && !jl_is_typevar(a))) {
                    *res = 0;  /* distinct concrete types (hash-consed) */
                    return 1;
                }
                if (!jl_is_type(a) && !jl_is_typevar(a) && !jl_is_type(b) && !jl_is_typevar(b)) {
                    if (!jl_egal(a, b)) {
                        *res = 0;
                        return 1;
                    }
                    continue;
                }
                return 0;
            }
            *res = 1;
            return 1;
        }
        if (jl_is_uniontype(y) && xd->isconcretetype && xd->name != jl_type_typename) {
            int r1, r2;
            int d1 = obvious_subtype(x, ((jl_uniontype_t *)y)->a, &r1, depth + 1);
            if (d1 && r1) {
                *res = 1;
                return 1;
            }
            int d2 = obvious_subtype(x, ((jl_uniontype_t *)y)->b, &r2, depth + 1);
            if (d2 && r2) {
                *res = 1;
                return 1;
            }
            if (d1 && d2) {
                *res = 0;
                return 1;
            }
            return 0;
        }
        if (jl_is_unionall(y) && xd->isconcretetype && xd->name != jl_type_typename) {
            /* a concrete type is in (B where T) only if its name is below B's; every valid instance of
             * a name is in its wrapper (`AbstractArray`, `Vector`'s Array{T,N} where {T,N}...) */
            jl_value_t *yb = jl_unwrap_unionall(y);
            if (jl_is_datatype(yb) && ((jl_datatype_t *)yb)->name != jl_type_typename) {
                jl_datatype_t *xs = xd;
                while (xs->name != ((jl_datatype_t *)yb)->name) {
                    if (xs == jl_any_type || xs->super == NULL || xs->super == xs) {
                        *res = 0;
                        return 1;
                    }
                    xs = xs->super;
                }
                if (((jl_datatype_t *)yb)->name->wrapper == y) {
                    *res = 1;
                    return 1;
                }
            }
        }
        return 0;
    }
    if (jl_is_uniontype(x)) {
        int r1, r2;
        if (!obvious_subtype(((jl_uniontype_t *)x)->a, y, &r1, depth + 1))
            return 0;
        if (!r1) {
            *res = 0;
            return 1;
        }
        if (!obvious_subtype(((jl_uniontype_t *)x)->b, y, &r2, depth + 1))
            return 0;
        *res = r2;
        return 1;
    }
    return 0;
}

int jl_obvious_subtype(jl_value_t *x, jl_value_t *y, int *subtype)
{
    return obvious_subtype(x, y, subtype, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Public subtype entry points */

static int count_unionalls(jl_value_t *t)
{
    int n = 0;
    while (jl_is_unionall(t)) {
        n++;
        t = ((jl_unionall_t *)t)->body;
    }
    return n;
}

JL_DLLEXPORT int jl_subtype_env(jl_value_t *x, jl_value_t *y, jl_value_t **env, int envsz)
{
    if (envsz == 0 || env == NULL) {
        if (x == y || y == AnyT || x == Bottom)
            return 1;
        int r;
        if (obvious_subtype(x, y, &r, 0))
            return r;
        env = NULL;
        envsz = 0;
    }
    stenv_t e;
    init_stenv(&e, env, envsz);
    int sub = forall_exists_subtype(x, y, &e, 0);
    if (sub && env) {
        jl_value_t *u = y;
        for (int i = 0; i < envsz && jl_is_unionall(u); i++) {
            if (env[i] == NULL)
                env[i] = (jl_value_t *)((jl_unionall_t *)u)->var;
            u = ((jl_unionall_t *)u)->body;
        }
    }
    return sub;
}

JL_DLLEXPORT int jl_subtype(jl_value_t *x, jl_value_t *y)
{
    if (x == y || y == AnyT || x == Bottom)
        return 1;
    return jl_subtype_env(x, y, NULL, 0);
}

/* Is t (a non-concrete type) able to contain Type{X} values beyond their kinds? */
static int has_type_type_part(jl_value_t *t)
{
    t = jl_unwrap_unionall(t);
    if (jl_is_uniontype(t))
        return has_type_type_part(((jl_uniontype_t *)t)->a) || has_type_type_part(((jl_uniontype_t *)t)->b);
    if (jl_is_typevar(t))
        return has_type_type_part(((jl_tvar_t *)t)->ub);
    if (jl_is_datatype(t))
        return ((jl_datatype_t *)t)->name == jl_type_typename;
    return 0;
}

JL_DLLEXPORT int jl_isa(jl_value_t *x, jl_value_t *t)
{
    jl_value_t *tx = jl_typeof(x);
    if (tx == t || t == AnyT)
        return 1;
    if (jl_is_datatype(t)) {
        jl_datatype_t *dt = (jl_datatype_t *)t;
        if (dt->isconcretetype)
            return 0;
        if (dt->name == jl_type_typename) {
            jl_value_t *p = jl_tparam0(dt);
            if (!is_type_or_var(x))
                return 0;
            if (!jl_is_typevar(p) && closed(x))
                return types_equal(x, p);
        }
        else if (!dt->hasfreetypevars) {
            /* fast: walk the supertype chain of a closed DataType */
            int r;
            if (obvious_subtype(tx, t, &r, 0))
                return r;
        }
    }
    if (jl_is_type(x) && closed(x)) {
        if (t == (jl_value_t *)jl_type_type)
            return 1;
        jl_value_t *t2 = jl_unwrap_unionall(t);
        if (jl_is_datatype(t2) && ((jl_datatype_t *)t2)->name == jl_type_typename) {
            jl_value_t *tp = jl_tparam0(t2);
            if (jl_is_typevar(tp)) {
                if (((jl_tvar_t *)tp)->lb == Bottom) {
                    while (jl_is_typevar(tp))
                        tp = ((jl_tvar_t *)tp)->ub;
                    if (closed(tp))
                        return jl_subtype(x, tp);
                }
                else if (((jl_tvar_t *)tp)->ub == AnyT) {
                    while (jl_is_typevar(tp))
                        tp = ((jl_tvar_t *)tp)->lb;
                    if (closed(tp))
                        return jl_subtype(tp, x);
                }
            }
        }
        if (jl_subtype(tx, t))
            return 1;
        if (has_type_type_part(t)) {
            jl_value_t *tt = jl_apply_type1((jl_value_t *)jl_type_type_ua, x);
            return jl_subtype(tt, t);
        }
        return 0;
    }
    return jl_subtype(tx, t);
}

/* Do the values child[0..cl) match the tuple type pdt element by element? */
int jl_tuple_isa(jl_value_t **child, size_t cl, jl_datatype_t *pdt)
{
    if (pdt->hasfreetypevars) {
        jl_value_t **p = (jl_value_t **)alloca((cl + 1) * sizeof(jl_value_t *));
        for (size_t i = 0; i < cl; i++)
            p[i] = jl_typeof_or_type(child[i]);
        return jl_subtype((jl_value_t *)jl_apply_tuple_type_v(p, cl), (jl_value_t *)pdt);
    }
    tupinfo_t t;
    tuple_info(pdt, &t);
    if (!t.open && t.len != cl)
        return 0;
    if (t.open && cl < t.nfixed)
        return 0;
    for (size_t i = 0; i < cl; i++)
        if (!jl_isa(child[i], tuple_elt(&t, i)))
            return 0;
    return 1;
}

/* ================================================================================================ */
/* Intersection                                                                                      */
/* ================================================================================================ */

typedef struct ivar {
    jl_tvar_t *var;
    jl_value_t *lb, *ub;
    jl_value_t *val;    /* the variable equals this (set by invariant occurrences), or NULL */
    int occ_inv, occ_cov;
    int envidx;         /* output slot for jl_type_intersection_env, or -1 */
    struct ivar *prev;
} ivar_t;

typedef struct {
    ivar_t *vars;
    jl_value_t **envout;
    int envsz;
    int depth;
} ienv_t;

typedef struct {
    jl_value_t *lb, *ub, *val;
    int occ_inv, occ_cov;
} isaved_t;

static jl_value_t *intersect_cov(jl_value_t *x, jl_value_t *y, ienv_t *e);
static jl_value_t *intersect_inv(jl_value_t *x, jl_value_t *y, ienv_t *e);

static ivar_t *ilookup(ienv_t *e, jl_tvar_t *v)
{
    for (ivar_t *b = e->vars; b; b = b->prev)
        if (b->var == v)
            return b;
    return NULL;
}

static int icount(ienv_t *e)
{
    int n = 0;
    for (ivar_t *b = e->vars; b; b = b->prev)
        n++;
    return n;
}

static void isave(ienv_t *e, isaved_t *s)
{
    int i = 0;
    for (ivar_t *b = e->vars; b; b = b->prev, i++) {
        s[i].lb = b->lb;
        s[i].ub = b->ub;
        s[i].val = b->val;
        s[i].occ_inv = b->occ_inv;
        s[i].occ_cov = b->occ_cov;
    }
}

static void irestore(ienv_t *e, isaved_t *s)
{
    int i = 0;
    for (ivar_t *b = e->vars; b; b = b->prev, i++) {
        b->lb = s[i].lb;
        b->ub = s[i].ub;
        b->val = s[i].val;
        b->occ_inv = s[i].occ_inv;
        b->occ_cov = s[i].occ_cov;
    }
}

static int is_subtype_closed(jl_value_t *a, jl_value_t *b)
{
    return is_type_or_var(a) && is_type_or_var(b) && closed(a) && closed(b) && jl_subtype(a, b);
}

/* Merge the bindings of two union branches (current = branch b, s = branch a): widen to cover both. */
static void imerge(ienv_t *e, isaved_t *s)
{
    int i = 0;
    for (ivar_t *b = e->vars; b; b = b->prev, i++) {
        jl_value_t *alb = s[i].val ? s[i].val : s[i].lb, *aub = s[i].val ? s[i].val : s[i].ub;
        jl_value_t *blb = b->val ? b->val : b->lb, *bub = b->val ? b->val : b->ub;
        if (s[i].val && b->val && obviously_egal(s[i].val, b->val))
            continue;
        b->val = NULL;
        if (!obviously_egal(alb, blb)) {
            if (is_subtype_closed(alb, blb))
                b->lb = alb;
            else if (is_subtype_closed(blb, alb))
                b->lb = blb;
            else
                b->lb = Bottom;
        }
        else {
            b->lb = alb;
        }
        if (!obviously_egal(aub, bub)) {
            if (!is_type_or_var(aub) || !is_type_or_var(bub))
                b->ub = AnyT;
            else {
                jl_value_t *ab[2] = {aub, bub};
                b->ub = jl_type_union(ab, 2);
            }
        }
        else {
            b->ub = aub;
        }
        if (s[i].occ_inv > b->occ_inv)
            b->occ_inv = s[i].occ_inv;
        if (s[i].occ_cov > b->occ_cov)
            b->occ_cov = s[i].occ_cov;
    }
}

/* Substitute var := val in t; NULL if the result is not a valid type (bounds violated). */
static jl_value_t *subst_var(jl_value_t *t, jl_tvar_t *var, jl_value_t *val)
{
    if (t == NULL || !jl_has_typevar(t, var))
        return t;
    jl_value_t *env[3] = {(jl_value_t *)var, val, t};
    jl_value_t *volatile res = NULL;
    JL_TRY {
        res = jl_instantiate_type_with(env[2], env, 1);
    }
    JL_CATCH {
        res = NULL;
    }
    return res;
}

/* A fresh variable with new bounds, or NULL if the bounds are not valid. */
static jl_tvar_t *safe_new_typevar(jl_sym_t *name, jl_value_t *lb, jl_value_t *ub)
{
    jl_tvar_t *volatile nv = NULL;
    JL_TRY {
        nv = jl_new_typevar(name, lb, ub);
    }
    JL_CATCH {
        nv = NULL;
    }
    return nv;
}

static int count_cov_occurrences(jl_value_t *v, jl_tvar_t *var)
{
    if (v == (jl_value_t *)var)
        return 1;
    if (jl_is_uniontype(v))
        return count_cov_occurrences(((jl_uniontype_t *)v)->a, var) +
               count_cov_occurrences(((jl_uniontype_t *)v)->b, var);
    if (jl_is_vararg(v))
        return ((jl_vararg_t *)v)->T ? 2 * count_cov_occurrences(((jl_vararg_t *)v)->T, var) : 0;
    if (jl_is_unionall(v)) {
        jl_unionall_t *u = (jl_unionall_t *)v;
        if (u->var == var)
            return 0;
        return count_cov_occurrences(u->body, var) + (jl_has_typevar(u->var->lb, var) || jl_has_typevar(u->var->ub, var) ? 2 : 0);
    }
    if (jl_is_datatype(v)) {
        jl_datatype_t *dt = (jl_datatype_t *)v;
        if (!dt->hasfreetypevars)
            return 0;
        int n = 0;
        for (size_t i = 0; i < jl_nparams(dt); i++)
            n += count_cov_occurrences(jl_tparam(dt, i), var);
        return n;
    }
    return 0;
}

/* Leave the scope of variable vb: substitute its solution into res (and into the bounds of the
 * variables outside it), or re-wrap res in a UnionAll over it with its narrowed bounds. NULL if empty. */
static jl_value_t *finish_var(jl_value_t *res, ivar_t *vb, ienv_t *e)
{
    jl_tvar_t *var = vb->var;
    jl_value_t *val = vb->val;
    if (val == NULL && vb->lb == vb->ub)
        val = vb->lb;
    if (val == NULL && closed(vb->lb) && closed(vb->ub) && vb->lb != Bottom && is_type_or_var(vb->ub) &&
        !jl_subtype(vb->lb, vb->ub))
        return NULL;
    if (val == NULL && !var_occurs_invariant(res, var, 0)) {
        int n = count_cov_occurrences(res, var);
        if (n <= 1 || (is_leaf_bound(vb->ub) && vb->ub != Bottom && jl_is_type(vb->ub)))
            val = vb->ub;
    }
    jl_value_t *out;
    jl_tvar_t *nv = var;
    if (val != NULL) {
        out = subst_var(res, var, val);
        if (out == NULL)
            return NULL;
    }
    else {
        if (vb->lb != var->lb || vb->ub != var->ub) {
            nv = safe_new_typevar(var->name, vb->lb, vb->ub);
            if (nv == NULL)
                nv = var;
            if (nv != var) {
                res = subst_var(res, var, (jl_value_t *)nv);
                if (res == NULL)
                    return NULL;
            }
        }
        out = jl_type_unionall(nv, res);
    }
    /* the variable must not escape into the bounds of outer variables */
    for (ivar_t *o = e->vars; o; o = o->prev) {
        if (o->val && jl_has_typevar(o->val, var)) {
            jl_value_t *v2 = val ? subst_var(o->val, var, val) : NULL;
            if (v2 == NULL) {
                o->lb = Bottom;
                o->ub = AnyT;
            }
            o->val = v2;
        }
        if (jl_has_typevar(o->lb, var)) {
            jl_value_t *l2 = subst_var(o->lb, var, val ? val : vb->lb);
            o->lb = l2 ? l2 : Bottom;
        }
        if (jl_has_typevar(o->ub, var)) {
            jl_value_t *u2 = subst_var(o->ub, var, val ? val : vb->ub);
            o->ub = u2 ? u2 : AnyT;
        }
    }
    if (vb->envidx >= 0 && vb->envidx < e->envsz)
        e->envout[vb->envidx] = val ? val : (jl_value_t *)nv;
    return out;
}

static jl_value_t *intersect_unionall(jl_value_t *t, jl_unionall_t *u, ienv_t *e, int inv)
{
    for (ivar_t *b = e->vars; b; b = b->prev) {
        if (b->var == u->var) {
            u = rename_unionall(u);
            break;
        }
    }
    ivar_t vb = {u->var, u->var->lb, u->var->ub, NULL, 0, 0, -1, e->vars};
    e->vars = &vb;
    jl_value_t *res = inv ? intersect_inv(u->body, t, e) : intersect_cov(u->body, t, e);
    e->vars = vb.prev;
    if (res == NULL || (!inv && res == Bottom))
        return inv ? NULL : Bottom;
    res = finish_var(res, &vb, e);
    if (res == NULL)
        return inv ? NULL : Bottom;
    return res;
}

/* Unify two bound variables: vb := tb. */
static jl_value_t *unify_vars(ivar_t *vb, ivar_t *tb, int inv)
{
    jl_value_t *ub;
    if (vb->ub == AnyT || obviously_egal(vb->ub, tb->ub))
        ub = tb->ub;
    else if (tb->ub == AnyT)
        ub = vb->ub;
    else if (closed(vb->ub) && closed(tb->ub))
        ub = jl_type_intersection(vb->ub, tb->ub);
    else
        ub = tb->ub;
    if (ub == Bottom && (vb->ub != Bottom && tb->ub != Bottom))
        return inv ? NULL : Bottom;
    tb->ub = ub;
    tb->lb = simple_join(tb->lb, vb->lb);
    vb->val = (jl_value_t *)tb->var;
    if (inv)
        tb->occ_inv++;
    else
        tb->occ_cov++;
    return (jl_value_t *)tb->var;
}

/* A bound variable against t in covariant position: narrow its upper bound. */
static jl_value_t *ivar_cov(ivar_t *vb, jl_value_t *t, ienv_t *e)
{
    if (vb->val)
        return intersect_cov(vb->val, t, e);
    vb->occ_cov++;
    if (jl_is_typevar(t)) {
        ivar_t *tb = ilookup(e, (jl_tvar_t *)t);
        if (tb == vb)
            return t;
        if (tb) {
            if (tb->val)
                return ivar_cov(vb, tb->val, e);
            return unify_vars(vb, tb, 0);
        }
        return (jl_value_t *)vb->var;
    }
    jl_value_t *nub;
    if (vb->ub == AnyT)
        nub = t;
    else if (closed(vb->ub) && closed(t))
        nub = jl_type_intersection(vb->ub, t);
    else
        nub = intersect_cov(vb->ub, t, e);
    if (nub == Bottom)
        return Bottom;
    if (vb->lb != Bottom && closed(vb->lb) && closed(nub) && is_type_or_var(nub) && !jl_subtype(vb->lb, nub))
        return Bottom;
    vb->ub = nub;
    return (jl_value_t *)vb->var;
}

/* A bound variable against t in invariant position: the variable is t. */
static jl_value_t *ivar_inv(ivar_t *vb, jl_value_t *t, ienv_t *e)
{
    if (vb->val)
        return intersect_inv(vb->val, t, e);
    vb->occ_inv++;
    if (jl_is_typevar(t)) {
        ivar_t *tb = ilookup(e, (jl_tvar_t *)t);
        if (tb == vb)
            return t;
        if (tb) {
            if (tb->val)
                return ivar_inv(vb, tb->val, e);
            return unify_vars(vb, tb, 1);
        }
        vb->val = t;
        return t;
    }
    if (closed(t)) {
        if (vb->lb != Bottom && closed(vb->lb)) {
            if (!is_type_or_var(t) || !jl_subtype(vb->lb, t))
                return NULL;
        }
        if (vb->ub != AnyT && closed(vb->ub) && is_type_or_var(vb->ub)) {
            if (!is_type_or_var(t) || !jl_subtype(t, vb->ub))
                return NULL;
        }
    }
    vb->val = t;
    return t;
}

static jl_value_t *intersect_union_cov(jl_uniontype_t *u, jl_value_t *t, ienv_t *e)
{
    int n = icount(e);
    isaved_t s0[n > 0 ? n : 1], sa[n > 0 ? n : 1];
    isave(e, s0);
    jl_value_t *ra = intersect_cov(u->a, t, e);
    isave(e, sa);
    irestore(e, s0);
    jl_value_t *rb = intersect_cov(u->b, t, e);
    if (ra == Bottom)
        return rb;
    if (rb == Bottom) {
        irestore(e, sa);
        return ra;
    }
    imerge(e, sa);
    jl_value_t *ab[2] = {ra, rb};
    return jl_type_union(ab, 2);
}

/* Rebuild a DataType with new parameters; NULL if they are not valid. */
static jl_value_t *rebuild_datatype(jl_datatype_t *dt, jl_value_t **p, size_t n)
{
    jl_value_t *volatile res = NULL;
    JL_TRY {
        if (dt->name == jl_tuple_typename)
            res = (jl_value_t *)jl_apply_tuple_type_v(p, n);
        else
            res = jl_apply_type(dt->name->wrapper, p, n);
    }
    JL_CATCH {
        res = NULL;
    }
    return res;
}

/* Intersect the parameters of two same-name DataTypes invariantly. NULL if empty. */
static jl_value_t *intersect_same_name(jl_datatype_t *xd, jl_datatype_t *yd, ienv_t *e)
{
    size_t np = jl_nparams(xd);
    if (np != jl_nparams(yd))
        return NULL;
    jl_value_t **p = (jl_value_t **)alloca((np + 1) * sizeof(jl_value_t *));
    int samex = 1, samey = 1;
    for (size_t i = 0; i < np; i++) {
        jl_value_t *xi = jl_tparam(xd, i), *yi = jl_tparam(yd, i);
        jl_value_t *r = intersect_inv(xi, yi, e);
        if (r == NULL)
            return NULL;
        p[i] = r;
        samex &= r == xi;
        samey &= r == yi;
    }
    if (samex)
        return (jl_value_t *)xd;
    if (samey)
        return (jl_value_t *)yd;
    return rebuild_datatype(xd, p, np);
}

static jl_value_t *intersect_vararg_inv(jl_value_t *x, jl_value_t *y, ienv_t *e)
{
    jl_vararg_t *vx = (jl_vararg_t *)x, *vy = (jl_vararg_t *)y;
    jl_value_t *T = intersect_inv(vx->T ? vx->T : AnyT, vy->T ? vy->T : AnyT, e);
    if (T == NULL)
        return NULL;
    jl_value_t *N = NULL;
    if (vx->N || vy->N) {
        if (vx->N == NULL || vy->N == NULL)
            return NULL;
        N = intersect_inv(vx->N, vy->N, e);
        if (N == NULL)
            return NULL;
    }
    if (T == vx->T && N == vx->N)
        return x;
    return jl_wrap_vararg(T, N);
}

static jl_value_t *intersect_inv(jl_value_t *x, jl_value_t *y, ienv_t *e)
{
    if (x == y)
        return x;
    if (jl_is_typevar(x)) {
        ivar_t *xb = ilookup(e, (jl_tvar_t *)x);
        if (xb)
            return ivar_inv(xb, y, e);
    }
    if (jl_is_typevar(y)) {
        ivar_t *yb = ilookup(e, (jl_tvar_t *)y);
        if (yb)
            return ivar_inv(yb, x, e);
    }
    if (jl_is_typevar(x) || jl_is_typevar(y))
        return closed(y) ? y : x;  /* free variables: cannot tell */
    if (jl_is_vararg(x) && jl_is_vararg(y))
        return intersect_vararg_inv(x, y, e);
    if (!jl_is_type(x) || !jl_is_type(y)) {
        if (jl_is_type(x) || jl_is_type(y))
            return NULL;
        return jl_egal(x, y) ? x : NULL;
    }
    if (closed(x) && closed(y))
        return types_equal(x, y) ? x : NULL;
    if (jl_is_unionall(x))
        return intersect_unionall(y, (jl_unionall_t *)x, e, 1);
    if (jl_is_unionall(y))
        return intersect_unionall(x, (jl_unionall_t *)y, e, 1);
    if (jl_is_datatype(x) && jl_is_datatype(y)) {
        jl_datatype_t *xd = (jl_datatype_t *)x, *yd = (jl_datatype_t *)y;
        if (xd->name != yd->name)
            return NULL;
        if (xd->name == jl_tuple_typename) {
            size_t np = jl_nparams(xd);
            if (np != jl_nparams(yd))
                return closed(x) ? x : y;  /* Vararg lengths: not solved here */
            jl_value_t **p = (jl_value_t **)alloca((np + 1) * sizeof(jl_value_t *));
            int same = 1;
            for (size_t i = 0; i < np; i++) {
                jl_value_t *xi = jl_tparam(xd, i), *yi = jl_tparam(yd, i);
                if (jl_is_vararg(xi) != jl_is_vararg(yi))
                    return closed(x) ? x : y;
                p[i] = intersect_inv(xi, yi, e);
                if (p[i] == NULL)
                    return NULL;
                same &= p[i] == xi;
            }
            return same ? x : rebuild_datatype(xd, p, np);
        }
        return intersect_same_name(xd, yd, e);
    }
    /* unions with variables: no binding is solved; keep the closed side if there is one */
    return closed(y) ? y : x;
}

/* Type{A} (td) against a non-Type DataType t. */
static jl_value_t *intersect_type_kind(jl_datatype_t *td, jl_value_t *t)
{
    if (!is_kind_type(t))
        return Bottom;
    jl_value_t *A = jl_tparam0(td);
    if (!jl_is_typevar(A) && closed(A) && is_type_or_var(A))
        return jl_isa(A, t) ? (jl_value_t *)td : Bottom;
    return (jl_value_t *)td;
}

static jl_value_t *intersect_tuple(jl_datatype_t *xd, jl_datatype_t *yd, ienv_t *e)
{
    tupinfo_t x, y;
    tuple_info(xd, &x);
    tuple_info(yd, &y);
    size_t xl = x.open ? x.nfixed : x.len;
    size_t yl = y.open ? y.nfixed : y.len;
    if (!x.open && !y.open && xl != yl)
        return Bottom;
    if (!x.open && y.open && xl < yl)
        return Bottom;
    if (x.open && !y.open && yl < xl)
        return Bottom;
    size_t n = xl > yl ? xl : yl;
    jl_value_t **p = (jl_value_t **)alloca((n + 2) * sizeof(jl_value_t *));
    for (size_t k = 0; k < n; k++) {
        jl_value_t *r = intersect_cov(tuple_elt(&x, k), tuple_elt(&y, k), e);
        if (r == Bottom)
            return Bottom;
        p[k] = r;
    }
    size_t np = n;
    if (x.open && y.open) {
        jl_value_t *T = intersect_cov(x.vaT, y.vaT, e);
        jl_value_t *N = NULL;
        if (x.vaN && y.vaN && xl == yl) {
            N = intersect_inv(x.vaN, y.vaN, e);
            if (N == NULL)
                return Bottom;
        }
        else if (x.vaN && xl >= yl && y.vaN == NULL) {
            N = x.vaN;
        }
        else if (y.vaN && yl >= xl && x.vaN == NULL) {
            N = y.vaN;
        }
        if (T != Bottom) {
            jl_value_t *xva = jl_tparam(xd, jl_nparams(xd) - 1), *yva = jl_tparam(yd, jl_nparams(yd) - 1);
            if (T == x.vaT && N == x.vaN)
                p[np++] = xva;
            else if (T == y.vaT && N == y.vaN)
                p[np++] = yva;
            else
                p[np++] = jl_wrap_vararg(T, N);
        }
    }
    else {
        /* an open side's Vararg takes the remaining elements: its length is now known */
        tupinfo_t *o = x.open ? &x : (y.open ? &y : NULL);
        if (o && o->vaN != NULL) {
            if (intersect_inv(o->vaN, jl_box_long((int64_t)(n - o->nfixed)), e) == NULL)
                return Bottom;
        }
    }
    jl_datatype_t *cands[2] = {xd, yd};
    for (int c = 0; c < 2; c++) {
        jl_datatype_t *d = cands[c];
        if (jl_nparams(d) != np)
            continue;
        size_t i = 0;
        while (i < np && jl_tparam(d, i) == p[i])
            i++;
        if (i == np)
            return (jl_value_t *)d;
    }
    jl_value_t *res = rebuild_datatype(xd, p, np);
    return res ? res : Bottom;
}

/* Intersect the parameters of `s` (a supertype of x with y's name) with y's: binds x's variables. */
static int intersect_super_params(jl_datatype_t *s, jl_datatype_t *yd, ienv_t *e)
{
    size_t np = jl_nparams(s);
    if (np != jl_nparams(yd))
        return 0;
    for (size_t i = 0; i < np; i++)
        if (intersect_inv(jl_tparam(s, i), jl_tparam(yd, i), e) == NULL)
            return 0;
    return 1;
}

static jl_datatype_t *find_super_named(jl_datatype_t *d, jl_typename_t *name)
{
    while (d->name != name) {
        if (d == jl_any_type || d->super == NULL || d->super == d)
            return NULL;
        d = d->super;
    }
    return d;
}

static jl_value_t *intersect_datatypes(jl_datatype_t *xd, jl_datatype_t *yd, ienv_t *e)
{
    int xtype = xd->name == jl_type_typename, ytype = yd->name == jl_type_typename;
    if (xtype && !ytype)
        return intersect_type_kind(xd, (jl_value_t *)yd);
    if (ytype && !xtype)
        return intersect_type_kind(yd, (jl_value_t *)xd);
    if (xd->name == jl_tuple_typename && yd->name == jl_tuple_typename)
        return intersect_tuple(xd, yd, e);
    if (xd->name == yd->name) {
        jl_value_t *r = intersect_same_name(xd, yd, e);
        return r ? r : Bottom;
    }
    if (!is_kind_type((jl_value_t *)xd)) {
        jl_datatype_t *s = find_super_named(xd, yd->name);
        if (s)
            return intersect_super_params(s, yd, e) ? (jl_value_t *)xd : Bottom;
    }
    if (!is_kind_type((jl_value_t *)yd)) {
        jl_datatype_t *s = find_super_named(yd, xd->name);
        if (s)
            return intersect_super_params(s, xd, e) ? (jl_value_t *)yd : Bottom;
    }
    return Bottom;
}

static jl_value_t *intersect_cov(jl_value_t *x, jl_value_t *y, ienv_t *e)
{
    if (x == y)
        return x;
    if (x == Bottom || y == Bottom)
        return Bottom;
    if (++e->depth > 200) {
        e->depth--;
        return x;  /* too deep: answer wide */
    }
    jl_value_t *res;
    ivar_t *b;
    if (jl_is_typevar(x) && (b = ilookup(e, (jl_tvar_t *)x)) != NULL)
        res = ivar_cov(b, y, e);
    else if (jl_is_typevar(y) && (b = ilookup(e, (jl_tvar_t *)y)) != NULL)
        res = ivar_cov(b, x, e);
    else if (jl_is_typevar(x) || jl_is_typevar(y))
        res = (jl_is_typevar(x) && closed(y) && y != AnyT) ? y : x;  /* free variables: answer wide */
    else if (x == AnyT)
        res = y;
    else if (y == AnyT)
        res = x;
    else if (closed(x) && closed(y) && jl_subtype(x, y))
        res = x;
    else if (closed(x) && closed(y) && jl_subtype(y, x))
        res = y;
    else if (jl_is_uniontype(x))
        res = intersect_union_cov((jl_uniontype_t *)x, y, e);
    else if (jl_is_uniontype(y))
        res = intersect_union_cov((jl_uniontype_t *)y, x, e);
    else if (jl_is_unionall(x))
        res = intersect_unionall(y, (jl_unionall_t *)x, e, 0);
    else if (jl_is_unionall(y))
        res = intersect_unionall(x, (jl_unionall_t *)y, e, 0);
    else if (jl_is_datatype(x) && jl_is_datatype(y))
        res = intersect_datatypes((jl_datatype_t *)x, (jl_datatype_t *)y, e);
    else if (!jl_is_type(x) && !jl_is_type(y))
        res = jl_egal(x, y) ? x : Bottom;
    else
        res = Bottom;
    e->depth--;
    return res;
}

JL_DLLEXPORT jl_value_t *jl_type_intersection(jl_value_t *a, jl_value_t *b)
{
    if (a == b || b == AnyT || a == Bottom)
        return a;
    if (a == AnyT || b == Bottom)
        return b;
    if (jl_subtype(a, b))
        return a;
    if (jl_subtype(b, a))
        return b;
    ienv_t e = {NULL, NULL, 0, 0};
    return intersect_cov(a, b, &e);
}

JL_DLLEXPORT jl_value_t *jl_type_intersection_env(jl_value_t *a, jl_value_t *b, jl_svec_t **penv)
{
    int n = count_unionalls(b);
    jl_value_t *env[n > 0 ? n : 1];
    if (jl_subtype_env(a, b, env, n)) {
        if (penv) {
            jl_svec_t *s = jl_alloc_svec((size_t)n);
            for (int i = 0; i < n; i++)
                jl_svecset(s, i, env[i]);
            *penv = s;
        }
        return a;
    }
    ivar_t vbs[n > 0 ? n : 1];
    ienv_t e = {NULL, env, n, 0};
    jl_value_t *body = b;
    for (int i = 0; i < n; i++) {
        jl_unionall_t *u = (jl_unionall_t *)body;
        vbs[i] = (ivar_t){u->var, u->var->lb, u->var->ub, NULL, 0, 0, i, e.vars};
        e.vars = &vbs[i];
        env[i] = (jl_value_t *)u->var;
        body = u->body;
    }
    jl_value_t *res = intersect_cov(a, body, &e);
    for (int i = n - 1; i >= 0 && res != Bottom; i--) {
        e.vars = vbs[i].prev;
        res = finish_var(res, &vbs[i], &e);
        if (res == NULL)
            res = Bottom;
    }
    if (penv) {
        if (res == Bottom) {
            *penv = jl_emptysvec;
        }
        else {
            jl_svec_t *s = jl_alloc_svec((size_t)n);
            for (int i = 0; i < n; i++)
                jl_svecset(s, i, env[i]);
            *penv = s;
        }
    }
    return res;
}

int jl_has_empty_intersection(jl_value_t *x, jl_value_t *y)
{
    return jl_type_intersection(x, y) == Bottom;
}

/* ================================================================================================ */
/* Specificity                                                                                       */
/* ================================================================================================ */

static int ms(jl_value_t *a, jl_value_t *b, int inv, jl_value_t *a0, jl_value_t *b0);

/* Wrap t in the UnionAlls of u0 whose variables it mentions (innermost first). */
static jl_value_t *rewrap_free(jl_value_t *t, jl_value_t *u0)
{
    if (!jl_is_unionall(u0) || closed(t))
        return t;
    int n = count_unionalls(u0);
    jl_tvar_t **vars = (jl_tvar_t **)alloca((size_t)n * sizeof(jl_tvar_t *));
    jl_value_t *u = u0;
    for (int i = 0; i < n; i++) {
        vars[i] = ((jl_unionall_t *)u)->var;
        u = ((jl_unionall_t *)u)->body;
    }
    for (int i = n - 1; i >= 0; i--)
        t = jl_type_unionall(vars[i], t);
    return t;
}

static int sub_msp(jl_value_t *a, jl_value_t *b, jl_value_t *a0, jl_value_t *b0)
{
    if (a == b || b == AnyT || a == Bottom)
        return 1;
    if (!is_type_or_var(a) || !is_type_or_var(b))
        return jl_egal(a, b);
    return jl_subtype(rewrap_free(a, a0), rewrap_free(b, b0));
}

static int eq_msp(jl_value_t *a, jl_value_t *b, jl_value_t *a0, jl_value_t *b0)
{
    return sub_msp(a, b, a0, b0) && sub_msp(b, a, b0, a0);
}

/* How many times variable v occurs in t (anywhere). */
static int var_occurrences(jl_value_t *t, jl_tvar_t *v)
{
    if (t == (jl_value_t *)v)
        return 1;
    if (jl_is_uniontype(t))
        return var_occurrences(((jl_uniontype_t *)t)->a, v) + var_occurrences(((jl_uniontype_t *)t)->b, v);
    if (jl_is_vararg(t)) {
        jl_vararg_t *va = (jl_vararg_t *)t;
        return (va->T ? var_occurrences(va->T, v) : 0) + (va->N ? var_occurrences(va->N, v) : 0);
    }
    if (jl_is_unionall(t)) {
        jl_unionall_t *u = (jl_unionall_t *)t;
        if (u->var == v)
            return 0;
        return var_occurrences(u->var->lb, v) + var_occurrences(u->var->ub, v) + var_occurrences(u->body, v);
    }
    if (jl_is_datatype(t) && ((jl_datatype_t *)t)->hasfreetypevars) {
        int n = 0;
        for (size_t i = 0; i < jl_nparams(t); i++)
            n += var_occurrences(jl_tparam(t, i), v);
        return n;
    }
    return 0;
}

static int tuple_ms(jl_datatype_t *ad, jl_datatype_t *bd, int inv, jl_value_t *a0, jl_value_t *b0)
{
    tupinfo_t a, b;
    tuple_info(ad, &a);
    tuple_info(bd, &b);
    size_t la = a.open ? a.nfixed : a.len, lb = b.open ? b.nfixed : b.len;
    if (!a.open && !b.open && la != lb)
        return 0;
    if (!a.open && b.open && la < lb)
        return 0;
    if (a.open && !b.open && lb < la)
        return 0;
    size_t n = la > lb ? la : lb;
    int some = 0, adiag = 0, bdiag = 0;
    for (size_t k = 0; k < n; k++) {
        jl_value_t *ae = tuple_elt(&a, k), *be = tuple_elt(&b, k);
        if (!adiag && jl_is_typevar(ae) && var_occurrences((jl_value_t *)ad, (jl_tvar_t *)ae) > 1)
            adiag = 1;
        if (!bdiag && jl_is_typevar(be) && var_occurrences((jl_value_t *)bd, (jl_tvar_t *)be) > 1)
            bdiag = 1;
        if (ae == be)
            continue;
        if (ms(be, ae, inv, b0, a0))
            return 0;
        if (ms(ae, be, inv, a0, b0))
            some = 1;
        else if (!sub_msp(ae, be, a0, b0))
            return 0;
    }
    if (a.open && b.open) {
        if (a.vaT != b.vaT) {
            if (ms(b.vaT, a.vaT, inv, b0, a0))
                return 0;
            if (ms(a.vaT, b.vaT, inv, a0, b0))
                some = 1;
            else if (!sub_msp(a.vaT, b.vaT, a0, b0))
                return 0;
        }
        if (la > lb)
            some = 1;
    }
    else if (a.open) {
        return 0;
    }
    else if (b.open) {
        some = 1;
    }
    return some || (adiag && !bdiag);
}

static int datatype_ms(jl_datatype_t *a, jl_datatype_t *b, int inv, jl_value_t *a0, jl_value_t *b0)
{
    if (a == jl_typeofbottom_type && (is_kind_type((jl_value_t *)b) || b->name == jl_type_typename))
        return 1;
    if (is_kind_type((jl_value_t *)a) && b->name == jl_type_typename)
        return 0;
    jl_datatype_t *ta = a;
    int super = 0;
    while (1) {
        if (ta->name == b->name) {
            if (super)
                return b->name != jl_type_typename;
            if (ta->name == jl_tuple_typename)
                return tuple_ms(ta, b, inv, a0, b0);
            int ascore = 0, bscore = 0;
            size_t np = jl_nparams(ta);
            if (np != jl_nparams(b))
                return 0;
            for (size_t i = 0; i < np; i++) {
                jl_value_t *ap = jl_tparam(ta, i), *bp = jl_tparam(b, i);
                int afree = !closed(ap), bfree = !closed(bp);
                if (!afree && !bfree) {
                    if (ap == bp || (is_type_or_var(ap) && is_type_or_var(bp) ? types_equal(ap, bp) : jl_egal(ap, bp)))
                        continue;
                    return 0;
                }
                if (ms(ap, bp, 1, a0, b0))
                    ascore++;
                else if (ms(bp, ap, 1, b0, a0))
                    bscore++;
                else if (eq_msp(ap, bp, a0, b0)) {
                    if (!afree && bfree)
                        ascore++;
                    else if (afree && !bfree)
                        bscore++;
                }
            }
            return ascore > bscore;
        }
        if (ta == jl_any_type || ta->super == NULL || ta->super == ta)
            break;
        ta = ta->super;
        super = 1;
    }
    if (a->name == jl_type_typename && !inv) {
        jl_value_t *tp0 = jl_tparam0(a);
        if (jl_is_typevar(tp0)) {
            if (is_kind_type((jl_value_t *)b) && ((jl_tvar_t *)tp0)->ub != AnyT)
                return 1;
        }
        else if (tp0 == Bottom) {
            if (is_kind_type((jl_value_t *)b))
                return 1;
        }
        else if (b == jl_datatype_type || b == jl_unionall_type || b == jl_uniontype_type) {
            return 1;
        }
    }
    return 0;
}

static int ms_depth;  /* recursion guard: union and nested comparisons call each other */

static int ms_(jl_value_t *a, jl_value_t *b, int inv, jl_value_t *a0, jl_value_t *b0);

static int ms(jl_value_t *a, jl_value_t *b, int inv, jl_value_t *a0, jl_value_t *b0)
{
    if (a == b || ms_depth > 24)
        return 0;
    ms_depth++;
    int r = ms_(a, b, inv, a0, b0);
    ms_depth--;
    return r;
}

static int ms_(jl_value_t *a, jl_value_t *b, int inv, jl_value_t *a0, jl_value_t *b0)
{
    if (a == b)
        return 0;
    if (!is_type_or_var(a) || !is_type_or_var(b))
        return 0;
    /* a nested UnionAll (e.g. an argument Vector{<:Integer}): its variable stays free */
    if (jl_is_unionall(a))
        return ms(jl_unwrap_unionall(a), b, inv, a0, b0);
    if (jl_is_unionall(b))
        return ms(a, jl_unwrap_unionall(b), inv, a0, b0);
    if (jl_is_tuple_type(a) && jl_is_tuple_type(b))
        return tuple_ms((jl_datatype_t *)a, (jl_datatype_t *)b, inv, a0, b0);
    if (!inv) {
        if (a == AnyT)
            return 0;
        if (b == AnyT && !jl_is_typevar(a))
            return 1;
    }
    if (jl_is_typevar(a)) {
        jl_tvar_t *va = (jl_tvar_t *)a;
        if (jl_is_typevar(b)) {
            jl_tvar_t *vb = (jl_tvar_t *)b;
            return ms(va->ub, vb->ub, 0, a0, b0) || (ms(vb->lb, va->lb, 0, b0, a0) && !ms(vb->ub, va->ub, 0, b0, a0));
        }
        if (inv) {
            if (va->ub == Bottom)
                return 1;
            if (closed(b))
                return 0;
        }
        return ms(va->ub, b, 0, a0, b0);
    }
    if (jl_is_typevar(b)) {
        jl_tvar_t *vb = (jl_tvar_t *)b;
        if (inv) {
            if (vb->ub == Bottom)
                return 0;
            if (closed(a)) {
                if (ms(vb->ub, a, 1, b0, a0))
                    return 0;
                return jl_type_intersection(a, vb->ub) != Bottom || a == Bottom;
            }
            return ms(a, vb->ub, 1, a0, b0);
        }
        return ms(a, vb->ub, 0, a0, b0);
    }
    if (jl_is_uniontype(a)) {
        if (!jl_is_uniontype(b) && ms(b, a, inv, b0, a0)) /* both unions: decided element-wise below */
            return 0;
        jl_uniontype_t *u = (jl_uniontype_t *)a;
        return ms(u->a, b, inv, a0, b0) || ms(u->b, b, inv, a0, b0) ||
               ((sub_msp(u->a, b, a0, b0) || sub_msp(u->b, b, a0, b0)) && !jl_is_uniontype(b) &&
                !sub_msp(b, a, b0, a0));
    }
    if (jl_is_uniontype(b)) {
        jl_uniontype_t *u = (jl_uniontype_t *)b;
        jl_value_t *parts[2] = {u->a, u->b};
        int some = 0;
        for (int i = 0; i < 2; i++) {
            if (ms(parts[i], a, inv, b0, a0))
                return 0;
            if (ms(a, parts[i], inv, a0, b0) || sub_msp(a, parts[i], a0, b0))
                some = 1;
        }
        return some;
    }
    if (jl_is_datatype(a) && jl_is_datatype(b))
        return datatype_ms((jl_datatype_t *)a, (jl_datatype_t *)b, inv, a0, b0);
    if (a == Bottom)
        return 1;
    return 0;
}

JL_DLLEXPORT int jl_type_morespecific(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return 0;
    if (!closed(a) || !closed(b))
        return 0;
    if (jl_subtype(b, a))
        return 0;
    if (jl_subtype(a, b))
        return 1;
    ms_depth = 0;  /* (an error thrown inside a previous comparison may have left it raised) */
    return ms(jl_unwrap_unionall(a), jl_unwrap_unionall(b), 0, a, b);
}
