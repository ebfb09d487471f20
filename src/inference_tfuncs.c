/* inference_tfuncs.c: result types ("transfer functions") of Core's builtin functions and of the
 * intrinsics, for type inference (inference.c). Given the lattice elements of the arguments (see
 * inference.h; the function itself excluded), each returns a lattice element containing every value the
 * call can return (Union{} when it always throws). Pure builtins and intrinsics whose arguments are all
 * known constants are folded by running them (info->folded: the call may be replaced by the constant).
 * When in doubt a tfunc answers Any: never a type that could be wrong. */
#include "inference.h"
#include <alloca.h>

/* ---------------------------------------------------------------------------------------------- */
/* Builtin identification */

static jl_value_t *builtin_fns[JL_B_NUM];   /* bound as constants in Core, so rooted there */

static const char *const builtin_names[JL_B_NUM] = {
    [JL_B_IS] = "===", [JL_B_TYPEOF] = "typeof", [JL_B_SUBTYPE] = "<:", [JL_B_ISA] = "isa",
    [JL_B_TYPEASSERT] = "typeassert", [JL_B_THROW] = "throw", [JL_B_TUPLE] = "tuple", [JL_B_SVEC] = "svec",
    [JL_B_IFELSE] = "ifelse", [JL_B_SIZEOF] = "sizeof", [JL_B_GETFIELD] = "getfield",
    [JL_B_SETFIELD] = "setfield!", [JL_B_SWAPFIELD] = "swapfield!", [JL_B_MODIFYFIELD] = "modifyfield!",
    [JL_B_REPLACEFIELD] = "replacefield!", [JL_B_FIELDTYPE] = "fieldtype", [JL_B_NFIELDS] = "nfields",
    [JL_B_ISDEFINED] = "isdefined", [JL_B_APPLY_TYPE] = "apply_type", [JL_B_TYPEVAR] = "_typevar",
    [JL_B_UNIONALL] = "_unionall", [JL_B_GETGLOBAL] = "getglobal", [JL_B_SETGLOBAL] = "setglobal!",
    [JL_B_GET_BINDING_TYPE] = "get_binding_type", [JL_B_APPLY_ITERATE] = "_apply_iterate",
    [JL_B_INVOKE] = "invoke", [JL_B_APPLICABLE] = "applicable", [JL_B_ARRAYREF] = "arrayref",
    [JL_B_CONST_ARRAYREF] = "const_arrayref", [JL_B_ARRAYSET] = "arrayset", [JL_B_ARRAYSIZE] = "arraysize",
    [JL_B_EXPR] = "_expr", [JL_B_SVEC_REF] = "_svec_ref", [JL_B_DONOTDELETE] = "donotdelete",
    [JL_B_COMPILERBARRIER] = "compilerbarrier", [JL_B_FINALIZER] = "finalizer",
    [JL_B_CALL_LATEST] = "_call_latest", [JL_B_CALL_IN_WORLD] = "_call_in_world",
};

void jl_infer_init_builtins(void)
{
    for (int i = 1; i < JL_B_OTHER; i++)
        if (builtin_names[i] != NULL && builtin_fns[i] == NULL)
            builtin_fns[i] = jl_get_global(jl_core_module, jl_symbol(builtin_names[i]));
}

int jl_infer_builtin_id(jl_value_t *f)
{
    for (int i = 1; i < JL_B_OTHER; i++)
        if (builtin_fns[i] == f)
            return i;
    return JL_B_OTHER;
}

/* ---------------------------------------------------------------------------------------------- */
/* Helpers */

#define ANY ((jl_value_t *)jl_any_type)
#define BOTTOM (jl_bottom_type)
#define BOOL ((jl_value_t *)jl_bool_type)
#define INT ((jl_value_t *)jl_int64_type)
#define TYPE ((jl_value_t *)jl_type_type_ua)

/* The values of all arguments, when each is known. */
static int all_known(jl_value_t **argl, size_t n, jl_value_t **vals)
{
    for (size_t i = 0; i < n; i++)
        if (!jl_infer_known_value(argl[i], &vals[i]))
            return 0;
    return 1;
}

/* Runs a pure builtin on constant arguments: Const(result), or Union{} if it throws. */
static jl_value_t *fold_builtin(jl_value_t *f, jl_value_t **vals, size_t n, jl_infer_callinfo_t *info)
{
    jl_fptr_args_t fp = jl_builtin_fptr(f);
    if (fp == NULL)
        return ANY;
    jl_value_t *volatile r = NULL;
    JL_TRY {
        r = fp(f, vals, (uint32_t)n);
    }
    JL_CATCH {
        r = NULL;
    }
    if (r == NULL)
        return BOTTOM;
    info->nothrow = 1;
    info->folded = 1;
    return jl_infer_mkconst(r);
}

/* The known type value of an argument (a constant type with no free variables), or NULL. */
static jl_value_t *known_type(jl_value_t *x)
{
    jl_value_t *v;
    if (jl_infer_known_value(x, &v) && jl_is_type(v) && !jl_has_free_typevars(v))
        return v;
    return NULL;
}

static int is_module_value(jl_value_t *x)
{
    jl_value_t *v;
    return jl_infer_known_value(x, &v) && jl_is_module(v);
}

/* An object whose fields can never change (so reading them may be folded). */
static int immutable_object(jl_value_t *v)
{
    jl_value_t *t = jl_typeof(v);
    if (jl_is_module(v) || !jl_is_datatype(t))
        return 0;
    return !((jl_datatype_t *)t)->name->mutabl;
}

/* A field's declared type with free type variables replaced by something sound. */
static jl_value_t *closed_field_type(jl_value_t *ft)
{
    if (jl_is_typevar(ft)) {
        jl_value_t *ub = ((jl_tvar_t *)ft)->ub;
        return jl_has_free_typevars(ub) ? ANY : ub;
    }
    if (jl_is_vararg(ft))
        return ANY;
    return jl_has_free_typevars(ft) ? ANY : ft;
}

/* ---------------------------------------------------------------------------------------------- */
/* getfield */

/* The type of field `fl` (lattice element of the field argument) of a value of Julia type X. */
static jl_value_t *field_type_of(jl_value_t *X, jl_value_t *fl, int depth)
{
    if (X == BOTTOM)
        return BOTTOM;
    if (jl_is_uniontype(X) && depth < 4) {
        jl_value_t *a = field_type_of(((jl_uniontype_t *)X)->a, fl, depth + 1);
        jl_value_t *b = field_type_of(((jl_uniontype_t *)X)->b, fl, depth + 1);
        return jl_infer_type_join(a, b);
    }
    if (!jl_is_datatype(X))
        return ANY;
    jl_datatype_t *dt = (jl_datatype_t *)X;
    if (dt->name->abstract || dt->types == NULL || dt == jl_module_type || jl_is_type_type(X) ||
        jl_is_kind(X))
        return ANY;
    jl_svec_t *types = dt->types;
    size_t nf = jl_svec_len(types);
    int va = dt->name == jl_tuple_typename && nf > 0 && jl_is_vararg(jl_svecref(types, nf - 1));
    jl_value_t *fv;
    if (jl_infer_known_value(fl, &fv)) {
        long idx = -1;
        if (jl_is_long(fv)) {
            idx = (long)jl_unbox_long(fv) - 1;
        }
        else if (jl_is_symbol(fv)) {
            if (dt->name == jl_tuple_typename)
                return BOTTOM;
            idx = jl_field_index(dt, (jl_sym_t *)fv, 0);
            if (idx < 0)
                return dt->isconcretetype ? BOTTOM : ANY;
        }
        else {
            return BOTTOM;   /* getfield with a field that is neither Int nor Symbol throws */
        }
        if (idx < 0)
            return BOTTOM;
        if (va) {
            if ((size_t)idx < nf - 1)
                return closed_field_type(jl_svecref(types, idx));
            return closed_field_type(jl_unwrap_vararg(jl_svecref(types, nf - 1)));
        }
        if ((size_t)idx >= nf)
            return dt->isconcretetype ? BOTTOM : ANY;
        return closed_field_type(jl_svecref(types, idx));
    }
    /* unknown field: any of them */
    if (va || nf > 8)
        return ANY;
    jl_value_t *r = BOTTOM;
    for (size_t i = 0; i < nf; i++)
        r = jl_infer_type_join(r, closed_field_type(jl_svecref(types, i)));
    return r;
}

static jl_value_t *tfunc_getfield(jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n < 2 || n > 3)
        return n < 2 ? BOTTOM : ANY;
    jl_value_t *x = argl[0], *fl = argl[1];
    jl_value_t *obj, *fv;
    if (jl_infer_known_value(x, &obj) && jl_infer_known_value(fl, &fv)) {
        if (jl_is_module(obj)) {
            if (!jl_is_symbol(fv))
                return BOTTOM;
            jl_value_t *g = jl_infer_global_type((jl_module_t *)obj, (jl_sym_t *)fv);
            if (jl_infer_is_const(g)) {
                info->nothrow = 1;
                info->folded = 1;
            }
            return g;
        }
        if (immutable_object(obj)) {
            jl_value_t *vals[2] = {obj, fv};
            return fold_builtin(f, vals, 2, info);
        }
    }
    if (jl_infer_is_partial(x) && jl_infer_known_value(fl, &fv) && jl_is_long(fv)) {
        long i = (long)jl_unbox_long(fv);
        if (i >= 1 && (size_t)i <= jl_infer_partial_nfields(x))
            return jl_infer_partial_field(x, i - 1);
        return BOTTOM;
    }
    if (jl_infer_is_const(x) && jl_is_tuple(jl_infer_const_val(x)) && jl_infer_known_value(fl, &fv) &&
        jl_is_long(fv)) {
        jl_value_t *tup = jl_infer_const_val(x);
        long i = (long)jl_unbox_long(fv);
        if (i >= 1 && (size_t)i <= jl_nfields_of(tup)) {
            info->nothrow = 1;
            info->folded = 1;
            return jl_infer_mkconst(jl_get_nth_field(tup, (size_t)i - 1));
        }
        return BOTTOM;
    }
    if (is_module_value(x))
        return ANY;
    return field_type_of(jl_infer_widenconst(x), fl, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Other builtins */

static jl_value_t *tfunc_is(jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 2)
        return BOTTOM;
    jl_value_t *a, *b;
    info->nothrow = 1;
    if (jl_infer_known_value(argl[0], &a) && jl_infer_known_value(argl[1], &b)) {
        info->folded = 1;
        return jl_infer_mkconst(jl_egal(a, b) ? jl_true : jl_false);
    }
    if (jl_infer_disjoint(jl_infer_widenconst(argl[0]), jl_infer_widenconst(argl[1]))) {
        info->folded = 1;
        return jl_infer_mkconst(jl_false);
    }
    return BOOL;
}

static jl_value_t *tfunc_typeof(jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 1)
        return BOTTOM;
    info->nothrow = 1;
    jl_value_t *v;
    if (jl_infer_known_value(argl[0], &v)) {
        info->folded = 1;
        return jl_infer_mkconst(jl_typeof(v));
    }
    jl_value_t *X = jl_infer_widenconst(argl[0]);
    if (jl_is_concrete_type(X) && !jl_is_type_type(X)) {
        info->folded = 1;
        return jl_infer_mkconst(X);
    }
    if (jl_is_uniontype(X) && jl_count_union_components(X) <= 4) {
        jl_value_t *a = ((jl_uniontype_t *)X)->a, *b = ((jl_uniontype_t *)X)->b;
        jl_value_t *ta = tfunc_typeof(&a, 1, info), *tb = tfunc_typeof(&b, 1, info);
        info->folded = 0;
        return jl_infer_join(ta, tb);
    }
    return (jl_value_t *)jl_datatype_type;
}

static jl_value_t *tfunc_isa(jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 2)
        return BOTTOM;
    jl_value_t *T = known_type(argl[1]);
    if (T == NULL)
        return BOOL;
    info->nothrow = 1;
    jl_value_t *v;
    if (jl_infer_known_value(argl[0], &v)) {
        info->folded = 1;
        return jl_infer_mkconst(jl_isa(v, T) ? jl_true : jl_false);
    }
    jl_value_t *X = jl_infer_widenconst(argl[0]);
    if (jl_subtype(X, T)) {
        info->folded = 1;
        return jl_infer_mkconst(jl_true);
    }
    if (jl_infer_disjoint(X, T)) {
        info->folded = 1;
        return jl_infer_mkconst(jl_false);
    }
    return BOOL;
}

static jl_value_t *tfunc_typeassert(jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 2)
        return BOTTOM;
    jl_value_t *T = known_type(argl[1]);
    if (T == NULL)
        return argl[0];
    jl_value_t *v;
    if (jl_infer_known_value(argl[0], &v)) {
        if (!jl_isa(v, T))
            return BOTTOM;
        info->nothrow = 1;
        info->folded = 1;
        return jl_infer_mkconst(v);
    }
    if (jl_infer_le(argl[0], T)) {
        info->nothrow = 1;
        return argl[0];
    }
    jl_value_t *X = jl_infer_widenconst(argl[0]);
    if (jl_infer_disjoint(X, T))
        return BOTTOM;
    return jl_infer_type_meet(X, T);
}

static jl_value_t *tfunc_tuple(jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    info->nothrow = 1;
    jl_value_t **vals = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    if (n <= 16 && all_known(argl, n, vals))
        return fold_builtin(f, vals, n, info);
    jl_value_t **types = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    int partial = 0;
    for (size_t i = 0; i < n; i++) {
        types[i] = jl_infer_tuple_elt_type(argl[i]);
        if (jl_infer_is_const(argl[i]) || jl_infer_is_partial(argl[i]))
            partial = 1;
    }
    jl_value_t *T = (jl_value_t *)jl_apply_tuple_type_v(types, n);
    if (partial && n <= 16 && jl_is_concrete_type(T))
        return jl_infer_mkpartial(T, argl, n);
    return T;
}

static jl_value_t *tfunc_ifelse(jl_value_t **argl, size_t n)
{
    if (n != 3)
        return BOTTOM;
    jl_value_t *c;
    if (jl_infer_known_value(argl[0], &c)) {
        if (c == jl_true)
            return argl[1];
        if (c == jl_false)
            return argl[2];
        return BOTTOM;
    }
    if (jl_infer_disjoint(jl_infer_widenconst(argl[0]), BOOL))
        return BOTTOM;
    return jl_infer_join(argl[1], argl[2]);
}

static jl_value_t *tfunc_nfields(jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 1)
        return BOTTOM;
    jl_value_t *v;
    if (jl_infer_known_value(argl[0], &v))
        return fold_builtin(f, &v, 1, info);
    if (jl_infer_is_partial(argl[0])) {
        info->nothrow = 1;
        info->folded = 1;
        return jl_infer_mkconst(jl_box_long((int64_t)jl_infer_partial_nfields(argl[0])));
    }
    jl_value_t *X = jl_infer_widenconst(argl[0]);
    if (jl_is_concrete_type(X) && ((jl_datatype_t *)X)->layout != NULL && !jl_is_type_type(X)) {
        info->nothrow = 1;
        info->folded = 1;
        return jl_infer_mkconst(jl_box_long((int64_t)jl_datatype_nfields(X)));
    }
    return INT;
}

static jl_value_t *tfunc_apply_type(jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n < 1)
        return BOTTOM;
    jl_value_t **vals = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    if (all_known(argl, n, vals))
        return fold_builtin(f, vals, n, info);
    jl_value_t *T = known_type(argl[0]);
    if (T == NULL || jl_is_vararg(T) || jl_typeis(T, jl_typeofvararg_type))
        return ANY;
    return TYPE;
}

static jl_value_t *array_eltype_of(jl_value_t *A)
{
    if (jl_is_array_type(A)) {
        jl_value_t *T = jl_tparam0(A);
        if (jl_is_type(T) && !jl_has_free_typevars(T))
            return T;
    }
    return ANY;
}

static jl_value_t *tfunc_sizeof(jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    if (n != 1)
        return BOTTOM;
    jl_value_t *v;
    if (jl_infer_known_value(argl[0], &v) && (jl_is_type(v) || immutable_object(v) || jl_is_string(v)))
        return fold_builtin(f, &v, 1, info);
    return INT;
}

/* Builtins that may be folded by running them on constant arguments. */
static int pure_builtin(int id)
{
    switch (id) {
    case JL_B_IS: case JL_B_TYPEOF: case JL_B_SUBTYPE: case JL_B_ISA: case JL_B_TYPEASSERT:
    case JL_B_TUPLE: case JL_B_SVEC: case JL_B_IFELSE: case JL_B_FIELDTYPE: case JL_B_NFIELDS:
    case JL_B_APPLY_TYPE: case JL_B_SVEC_REF:
        return 1;
    default:
        return 0;
    }
}

jl_value_t *jl_infer_builtin_tfunc(int id, jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    info->nothrow = 0;
    info->folded = 0;
    switch (id) {
    case JL_B_IS: return tfunc_is(argl, n, info);
    case JL_B_TYPEOF: return tfunc_typeof(argl, n, info);
    case JL_B_ISA: return tfunc_isa(argl, n, info);
    case JL_B_TYPEASSERT: return tfunc_typeassert(argl, n, info);
    case JL_B_THROW: return BOTTOM;
    case JL_B_TUPLE: return tfunc_tuple(f, argl, n, info);
    case JL_B_IFELSE: return tfunc_ifelse(argl, n);
    case JL_B_GETFIELD: return tfunc_getfield(f, argl, n, info);
    case JL_B_NFIELDS: return tfunc_nfields(f, argl, n, info);
    case JL_B_APPLY_TYPE: return tfunc_apply_type(f, argl, n, info);
    case JL_B_SIZEOF: return tfunc_sizeof(f, argl, n, info);
    default: break;
    }
    jl_value_t **vals = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    if (pure_builtin(id) && all_known(argl, n, vals))
        return fold_builtin(f, vals, n, info);
    switch (id) {
    case JL_B_SUBTYPE: return n == 2 ? BOOL : BOTTOM;
    case JL_B_SVEC: return (jl_value_t *)jl_simplevector_type;
    case JL_B_SETFIELD: return n >= 3 ? argl[2] : BOTTOM;
    case JL_B_FIELDTYPE: return n >= 2 ? TYPE : BOTTOM;
    case JL_B_ISDEFINED: return n >= 2 ? BOOL : BOTTOM;
    case JL_B_TYPEVAR: return (jl_value_t *)jl_tvar_type;
    case JL_B_GETGLOBAL: {
        jl_value_t *m, *s;
        if (n >= 2 && jl_infer_known_value(argl[0], &m) && jl_is_module(m) &&
            jl_infer_known_value(argl[1], &s) && jl_is_symbol(s))
            return jl_infer_global_type((jl_module_t *)m, (jl_sym_t *)s);
        return ANY;
    }
    case JL_B_SETGLOBAL: return n >= 3 ? argl[2] : BOTTOM;
    case JL_B_GET_BINDING_TYPE: return TYPE;
    case JL_B_APPLICABLE: return BOOL;
    case JL_B_ARRAYREF:
    case JL_B_CONST_ARRAYREF:
        return n >= 3 ? array_eltype_of(jl_infer_widenconst(argl[1])) : BOTTOM;
    case JL_B_ARRAYSET: return n >= 4 ? jl_infer_widenconst(argl[1]) : BOTTOM;
    case JL_B_ARRAYSIZE: return n == 2 ? INT : BOTTOM;
    case JL_B_EXPR: return (jl_value_t *)jl_expr_type;
    case JL_B_DONOTDELETE: return (jl_value_t *)jl_nothing_type;
    case JL_B_FINALIZER: return (jl_value_t *)jl_nothing_type;
    case JL_B_COMPILERBARRIER: return n == 2 ? jl_infer_widenconst(argl[1]) : BOTTOM;
    default: return ANY;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Intrinsics */

/* The concrete primitive type named by a conversion intrinsic's first argument, or NULL. */
static jl_value_t *bits_type_arg(jl_value_t *x)
{
    jl_value_t *T = known_type(x);
    if (T != NULL && jl_is_concrete_type(T) && ((jl_datatype_t *)T)->isbitstype)
        return T;
    return NULL;
}

static int foldable_intrinsic(int id)
{
    return id != jl_intrinsic_pointerref && id != jl_intrinsic_pointerset && id != jl_intrinsic_cglobal &&
           id != jl_intrinsic_arraylen && id != jl_intrinsic_have_fma;
}

static jl_value_t *fold_intrinsic(int id, jl_value_t **vals, size_t n, jl_infer_callinfo_t *info)
{
    jl_value_t *volatile r = NULL;
    JL_TRY {
        r = jl_interp_intrinsic(id, vals, (uint32_t)n);
    }
    JL_CATCH {
        r = NULL;
    }
    if (r == NULL)
        return NULL;   /* compiled code may behave differently on invalid input: do not claim Union{} */
    info->nothrow = 1;
    info->folded = 1;
    return jl_infer_mkconst(r);
}

/* The result has the type of the first argument (arithmetic, bitwise, float functions). */
static jl_value_t *same_as_first(jl_value_t **argl, size_t n)
{
    if (n < 1)
        return BOTTOM;
    jl_value_t *T = jl_infer_widenconst(argl[0]);
    if (jl_is_concrete_type(T) && !((jl_datatype_t *)T)->isbitstype)
        return BOTTOM;   /* intrinsics only take bits values */
    return T;
}

jl_value_t *jl_infer_intrinsic_tfunc(int id, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info)
{
    info->nothrow = 0;
    info->folded = 0;
    if (id < 0 || id >= jl_num_intrinsics)
        return ANY;
    int nexp = jl_intrinsic_nargs[id];
    if ((int)n != nexp && !(id == jl_intrinsic_pointerref && n == 3) && !(id == jl_intrinsic_cglobal && n == 1))
        return ANY;
    jl_value_t **vals = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    if (foldable_intrinsic(id) && all_known(argl, n, vals)) {
        jl_value_t *r = fold_intrinsic(id, vals, n, info);
        if (r != NULL)
            return r;
    }
    switch (id) {
    case jl_intrinsic_bitcast: case jl_intrinsic_sext_int: case jl_intrinsic_zext_int:
    case jl_intrinsic_trunc_int: case jl_intrinsic_fptoui: case jl_intrinsic_fptosi:
    case jl_intrinsic_uitofp: case jl_intrinsic_sitofp: case jl_intrinsic_fptrunc: case jl_intrinsic_fpext: {
        jl_value_t *T = bits_type_arg(argl[0]);
        return T ? T : ANY;
    }
    case jl_intrinsic_eq_int: case jl_intrinsic_ne_int: case jl_intrinsic_slt_int: case jl_intrinsic_ult_int:
    case jl_intrinsic_sle_int: case jl_intrinsic_ule_int: case jl_intrinsic_eq_float: case jl_intrinsic_ne_float:
    case jl_intrinsic_lt_float: case jl_intrinsic_le_float: case jl_intrinsic_eq_float_fast:
    case jl_intrinsic_ne_float_fast: case jl_intrinsic_lt_float_fast: case jl_intrinsic_le_float_fast:
    case jl_intrinsic_fpiseq: case jl_intrinsic_have_fma:
        return BOOL;
    case jl_intrinsic_checked_sadd_int: case jl_intrinsic_checked_uadd_int: case jl_intrinsic_checked_ssub_int:
    case jl_intrinsic_checked_usub_int: case jl_intrinsic_checked_smul_int: case jl_intrinsic_checked_umul_int: {
        jl_value_t *T = same_as_first(argl, n);
        if (T == BOTTOM)
            return BOTTOM;
        if (!jl_is_concrete_type(T))
            return ANY;
        jl_value_t *p[2] = {T, BOOL};
        return (jl_value_t *)jl_apply_tuple_type_v(p, 2);
    }
    case jl_intrinsic_pointerref: {
        jl_value_t *P = jl_infer_widenconst(argl[0]);
        if (jl_is_datatype(P) && ((jl_datatype_t *)P)->name == jl_pointer_typename) {
            jl_value_t *T = jl_tparam0(P);
            if (jl_is_type(T) && !jl_has_free_typevars(T))
                return T;
        }
        return ANY;
    }
    case jl_intrinsic_pointerset:
        return jl_infer_widenconst(argl[0]);
    case jl_intrinsic_arraylen:
        return INT;
    case jl_intrinsic_cglobal: {
        jl_value_t *T = n > 1 ? known_type(argl[1]) : (jl_value_t *)jl_nothing_type;
        if (T != NULL)
            return jl_apply_type1(jl_pointer_typename->wrapper, T);
        return ANY;
    }
    default:
        return same_as_first(argl, n);
    }
}
