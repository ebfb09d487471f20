/* builtins.c: Core's builtin functions (===, typeof, isa, getfield, tuple, apply_type, _apply_iterate,
 * invoke, the type-definition builtins used by lowered `struct`/`abstract type`/`primitive type`, ...).
 *
 * Each builtin is the singleton instance of its own type `typeof(f) <: Core.Builtin`; the type's method table
 * has `builtin` set to the C entry point, which every caller (interpreter, jl_apply_generic, compiled code)
 * calls directly with the uniform convention fptr(F, args, nargs) (args exclude F). Argument checks and
 * error messages follow Julia's.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>

#define JL_CALLABLE(name) jl_value_t *name(jl_value_t *F, jl_value_t **args, uint32_t nargs)


/* ---------------------------------------------------------------------------------------------- */
/* Calling */

jl_fptr_args_t jl_builtin_fptr(jl_value_t *f)
{
    jl_methtable_t *mt = ((jl_datatype_t *)jl_typeof(f))->name->mt;
    return mt ? mt->builtin : NULL;
}

JL_DLLEXPORT int jl_is_builtin(jl_value_t *f) { return jl_builtin_fptr(f) != NULL; }

/* Calls any callable: builtins (and intrinsics) directly, everything else through dispatch. */
static inline jl_value_t *call_value(jl_value_t *f, jl_value_t **args, uint32_t n)
{
    jl_fptr_args_t fp = jl_builtin_fptr(f);
    if (fp != NULL)
        return fp(f, args, n);
    return jl_apply_generic(f, args, n);
}

/* ---------------------------------------------------------------------------------------------- */
/* Argument checks */

static void check_type(const char *fname, jl_value_t *expected, jl_value_t *v, int ok)
{
    if (!ok)
        jl_type_error(fname, expected, v);
}
#define CHECK_SYM(fname, v) check_type(fname, (jl_value_t *)jl_symbol_type, (v), jl_is_symbol(v))
#define CHECK_MOD(fname, v) check_type(fname, (jl_value_t *)jl_module_type, (v), jl_is_module(v))
#define CHECK_SVEC(fname, v) check_type(fname, (jl_value_t *)jl_simplevector_type, (v), jl_is_svec(v))
#define CHECK_BOOL(fname, v) check_type(fname, (jl_value_t *)jl_bool_type, (v), jl_is_bool(v))
#define CHECK_LONG(fname, v) check_type(fname, (jl_value_t *)jl_int64_type, (v), jl_is_long(v))
#define CHECK_DT(fname, v) check_type(fname, (jl_value_t *)jl_datatype_type, (v), jl_is_datatype(v))
#define CHECK_TYPE(fname, v) check_type(fname, (jl_value_t *)jl_type_type, (v), jl_is_type(v))

static inline int is_type_or_tvar(jl_value_t *v) { return jl_is_type(v) || jl_is_typevar(v); }

/* ---------------------------------------------------------------------------------------------- */
/* Identity, types, tuples */

static JL_CALLABLE(jl_f_is)
{
    JL_NARGS(===, 2, 2);
    return (args[0] == args[1] || jl_egal(args[0], args[1])) ? jl_true : jl_false;
}

static JL_CALLABLE(jl_f_typeof)
{
    JL_NARGS(typeof, 1, 1);
    return jl_typeof(args[0]);
}

static JL_CALLABLE(jl_f_issubtype)
{
    JL_NARGS(<:, 2, 2);
    check_type("<:", (jl_value_t *)jl_type_type, args[0], is_type_or_tvar(args[0]));
    check_type("<:", (jl_value_t *)jl_type_type, args[1], is_type_or_tvar(args[1]));
    return jl_subtype(args[0], args[1]) ? jl_true : jl_false;
}

JL_CALLABLE(jl_f_isa)
{
    JL_NARGS(isa, 2, 2);
    CHECK_TYPE("isa", args[1]);
    return jl_isa(args[0], args[1]) ? jl_true : jl_false;
}

JL_CALLABLE(jl_f_typeassert)
{
    JL_NARGS(typeassert, 2, 2);
    CHECK_TYPE("typeassert", args[1]);
    if (jl_typeof(args[0]) != args[1] && !jl_isa(args[0], args[1]))
        jl_type_error("typeassert", args[1], args[0]);
    return args[0];
}

JL_CALLABLE(jl_f_tuple)
{
    if (nargs == 0)
        return jl_emptytuple;
    return jl_tuplev(nargs, args);
}

static JL_CALLABLE(jl_f_svec)
{
    if (nargs == 0)
        return (jl_value_t *)jl_emptysvec;
    jl_svec_t *s = jl_alloc_svec_uninit(nargs);
    memcpy(jl_svec_data(s), args, nargs * sizeof(jl_value_t *));
    return (jl_value_t *)s;
}

static JL_CALLABLE(jl_f_throw)
{
    JL_NARGS(throw, 1, 1);
    jl_throw(args[0]);
}

static JL_CALLABLE(jl_f_ifelse)
{
    JL_NARGS(ifelse, 3, 3);
    CHECK_BOOL("ifelse", args[0]);
    return args[0] == jl_false ? args[2] : args[1];
}

static int is_varsize_type(jl_datatype_t *dt)
{
    return dt == jl_string_type || dt == jl_symbol_type || dt == jl_simplevector_type ||
           dt->name == jl_array_typename;
}

static JL_CALLABLE(jl_f_sizeof)
{
    JL_NARGS(sizeof, 1, 1);
    jl_value_t *x = args[0];
    if (x == jl_bottom_type)
        jl_error("The empty type does not have a well-defined size since it does not have instances.");
    if (jl_is_unionall(x) || jl_is_uniontype(x)) {
        jl_value_t *u = jl_unwrap_unionall(x);
        if (!jl_is_datatype(u))
            jl_error("Argument is an abstract type and does not have a definite size.");
        x = u;
    }
    if (jl_is_datatype(x)) {
        jl_datatype_t *dx = (jl_datatype_t *)x;
        if (dx->layout == NULL) {
            if (dx->name->abstract)
                jl_errorf("Abstract type %s does not have a definite size.", jl_symbol_name(dx->name->name));
            jl_errorf("Argument is an incomplete %s type and does not have a definite size.",
                      jl_symbol_name(dx->name->name));
        }
        if (is_varsize_type(dx))
            jl_errorf("Type %s does not have a definite size.", jl_symbol_name(dx->name->name));
        return jl_box_long(dx->size);
    }
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(x);
    if (t == jl_string_type)
        return jl_box_long((int64_t)jl_string_len(x));
    if (t == jl_symbol_type)
        return jl_box_long((int64_t)strlen(jl_symbol_name((jl_sym_t *)x)));
    if (t == jl_simplevector_type)
        return jl_box_long((int64_t)((jl_svec_len(x) + 1) * sizeof(void *)));
    if (t->name == jl_array_typename)
        return jl_box_long((int64_t)(jl_array_len(x) * ((jl_array_t *)x)->elsize));
    return jl_box_long(t->size);
}

/* ---------------------------------------------------------------------------------------------- */
/* Fields */

static size_t field_index_of(const char *fname, jl_value_t *v, jl_datatype_t *st, jl_value_t *f)
{
    if (jl_is_long(f)) {
        int64_t i = jl_unbox_long(f);
        size_t nf = st->layout ? jl_datatype_nfields(st) : 0;
        if (i < 1 || (uint64_t)i > nf)
            jl_bounds_error(v, f); /* BoundsError(x, i) with the Int itself, as Julia */
        return (size_t)(i - 1);
    }
    if (jl_is_symbol(f))
        return (size_t)jl_field_index(st, (jl_sym_t *)f, 1);
    jl_type_error(fname, (jl_value_t *)jl_symbol_type, f);
}

static jl_value_t *getfield_of(jl_value_t *v, jl_value_t *f)
{
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    if (st == jl_module_type) {
        CHECK_SYM("getfield", f);
        return jl_eval_global_var((jl_module_t *)v, (jl_sym_t *)f);
    }
    size_t i = field_index_of("getfield", v, st, f);
    return jl_get_nth_field_checked(v, i);
}

JL_CALLABLE(jl_f_getfield)
{
    if (nargs < 2)
        jl_too_few_args("getfield", 2);
    if (nargs > 4)
        jl_too_many_args("getfield", 4);
    return getfield_of(args[0], args[1]);
}

static void check_can_set(jl_value_t *v, jl_datatype_t *st, size_t i, const char *fname)
{
    if (!st->name->mutabl)
        jl_errorf("%s: immutable struct of type %s cannot be changed", fname, jl_symbol_name(st->name->name));
    if (i < 32 && (st->name->constfields >> i) & 1)
        jl_errorf("%s: const field .%s of type %s cannot be changed", fname,
                  jl_symbol_name((jl_sym_t *)jl_svecref(jl_field_names(st), i)), jl_symbol_name(st->name->name));
}

static void set_field_checked(jl_value_t *v, size_t i, jl_value_t *rhs, const char *fname)
{
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    jl_value_t *ft = jl_field_type(st, i);
    if (ft != (jl_value_t *)jl_any_type && jl_typeof(rhs) != ft && !jl_isa(rhs, ft))
        jl_type_error(fname, ft, rhs);
    jl_set_nth_field(v, i, rhs);
}

static JL_CALLABLE(jl_f_setfield)
{
    if (nargs < 3)
        jl_too_few_args("setfield!", 3);
    if (nargs > 4)
        jl_too_many_args("setfield!", 4);
    jl_value_t *v = args[0];
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    if (!st->name->mutabl)
        jl_errorf("setfield!: immutable struct of type %s cannot be changed", jl_symbol_name(st->name->name));
    size_t i = field_index_of("setfield!", v, st, args[1]);
    check_can_set(v, st, i, "setfield!");
    set_field_checked(v, i, args[2], "setfield!");
    return args[2];
}

static JL_CALLABLE(jl_f_swapfield)
{
    if (nargs < 3)
        jl_too_few_args("swapfield!", 3);
    jl_value_t *v = args[0];
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    size_t i = field_index_of("swapfield!", v, st, args[1]);
    check_can_set(v, st, i, "swapfield!");
    jl_value_t *old = jl_get_nth_field_checked(v, i);
    set_field_checked(v, i, args[2], "swapfield!");
    return old;
}

static jl_value_t *lookup_core_or_base(const char *name)
{
    jl_value_t *v = jl_get_global(jl_core_module, jl_symbol(name));
    if (v == NULL && jl_base_module != NULL)
        v = jl_get_global(jl_base_module, jl_symbol(name));
    return v;
}

static JL_CALLABLE(jl_f_modifyfield)
{
    if (nargs < 4)
        jl_too_few_args("modifyfield!", 4);
    jl_value_t *v = args[0];
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    size_t i = field_index_of("modifyfield!", v, st, args[1]);
    check_can_set(v, st, i, "modifyfield!");
    jl_value_t *old = jl_get_nth_field_checked(v, i);
    jl_value_t *opargs[2] = {old, args[3]};
    jl_value_t *nv = call_value(args[2], opargs, 2);
    set_field_checked(v, i, nv, "modifyfield!");
    jl_value_t *pair = lookup_core_or_base("Pair");
    if (pair != NULL) {
        jl_value_t *ft = jl_field_type(st, i);
        jl_value_t *pt = jl_apply_type2(pair, ft, ft);
        if (jl_is_concrete_type(pt))
            return jl_new_struct((jl_datatype_t *)pt, old, nv);
    }
    return jl_tuple(2, old, nv);
}

static JL_CALLABLE(jl_f_replacefield)
{
    if (nargs < 4)
        jl_too_few_args("replacefield!", 4);
    jl_value_t *v = args[0];
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    size_t i = field_index_of("replacefield!", v, st, args[1]);
    check_can_set(v, st, i, "replacefield!");
    jl_value_t *old = jl_get_nth_field_checked(v, i);
    int success = jl_egal(old, args[2]);
    if (success)
        set_field_checked(v, i, args[3], "replacefield!");
    jl_value_t *ft = jl_field_type(st, i);
    jl_value_t *names = jl_tuple(2, (jl_value_t *)jl_symbol("old"), (jl_value_t *)jl_symbol("success"));
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v((jl_value_t *[]){ft, (jl_value_t *)jl_bool_type}, 2);
    jl_value_t *nt = jl_apply_type2(jl_namedtuple_typename->wrapper, names, tt);
    return jl_new_struct((jl_datatype_t *)nt, old, jl_box_bool((int8_t)success));
}

/* Field types of a (possibly NamedTuple or Tuple) DataType, or NULL if not yet known. */
static jl_svec_t *datatype_fieldtypes(jl_datatype_t *st)
{
    if (st->name == jl_namedtuple_typename) {
        jl_value_t *tt = jl_unwrap_unionall(jl_tparam(st, 1));
        if (jl_is_tuple_type(tt))
            return ((jl_datatype_t *)tt)->parameters;
    }
    if (st->name == jl_tuple_typename)
        return st->parameters;
    return st->types;
}

static jl_value_t *get_fieldtype(jl_value_t *t, jl_value_t *f)
{
    if (jl_is_unionall(t)) {
        jl_value_t *u = jl_unwrap_unionall(t);
        jl_value_t *ft = get_fieldtype(u, f);
        return jl_has_free_typevars(ft) ? jl_rewrap_unionall(ft, t) : ft;
    }
    if (jl_is_uniontype(t)) {
        jl_value_t *ts[2] = {get_fieldtype(((jl_uniontype_t *)t)->a, f), get_fieldtype(((jl_uniontype_t *)t)->b, f)};
        return jl_type_union(ts, 2);
    }
    CHECK_DT("fieldtype", t);
    jl_datatype_t *st = (jl_datatype_t *)t;
    jl_svec_t *types = datatype_fieldtypes(st);
    if (st->name->abstract || types == NULL)
        jl_errorf("type %s does not have a definite number of fields", jl_symbol_name(st->name->name));
    size_t nf = jl_svec_len(types);
    size_t i;
    if (jl_is_long(f)) {
        int64_t k = jl_unbox_long(f);
        int va = nf > 0 && jl_is_vararg(jl_svecref(types, nf - 1));
        if (k < 1 || (!va && (uint64_t)k > nf))
            jl_bounds_error(t, f);
        i = (size_t)(k - 1);
        if (va && i >= nf - 1)
            return jl_unwrap_vararg(jl_svecref(types, nf - 1));
    }
    else if (jl_is_symbol(f)) {
        i = (size_t)jl_field_index(st, (jl_sym_t *)f, 1);
    }
    else {
        jl_type_error("fieldtype", (jl_value_t *)jl_symbol_type, f);
    }
    jl_value_t *ft = jl_svecref(types, i);
    return jl_is_vararg(ft) ? jl_unwrap_vararg(ft) : ft;
}

static JL_CALLABLE(jl_f_fieldtype)
{
    if (nargs < 2)
        jl_too_few_args("fieldtype", 2);
    if (nargs > 3)
        jl_too_many_args("fieldtype", 3);
    return get_fieldtype(args[0], args[1]);
}

static JL_CALLABLE(jl_f_nfields)
{
    JL_NARGS(nfields, 1, 1);
    return jl_box_long((int64_t)jl_nfields_of(args[0]));
}

static JL_CALLABLE(jl_f_isdefined)
{
    if (nargs < 2)
        jl_too_few_args("isdefined", 2);
    if (nargs > 3)
        jl_too_many_args("isdefined", 3);
    jl_value_t *v = args[0], *f = args[1];
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    if (st == jl_module_type) {
        CHECK_SYM("isdefined", f);
        return jl_boundp((jl_module_t *)v, (jl_sym_t *)f) ? jl_true : jl_false;
    }
    size_t nf = st->layout ? jl_datatype_nfields(st) : 0;
    int64_t i;
    if (jl_is_long(f)) {
        i = jl_unbox_long(f) - 1;
        if (i < 0 || (uint64_t)i >= nf)
            return jl_false;
    }
    else if (jl_is_symbol(f)) {
        if (st->layout == NULL)
            return jl_false;
        i = jl_field_index(st, (jl_sym_t *)f, 0);
        if (i < 0)
            return jl_false;
    }
    else {
        jl_type_error("isdefined", (jl_value_t *)jl_symbol_type, f);
    }
    return jl_field_isdefined(v, (size_t)i) ? jl_true : jl_false;
}

/* ---------------------------------------------------------------------------------------------- */
/* Types */

JL_CALLABLE(jl_f_apply_type)
{
    JL_NARGSV(apply_type, 1);
    jl_value_t *tc = args[0];
    if (!jl_is_unionall(tc) && !jl_is_datatype(tc) && !jl_is_vararg(tc) &&
        tc != (jl_value_t *)jl_uniontype_type)
        jl_type_error("Type{...} expression", (jl_value_t *)jl_unionall_type, tc);
    if (tc == (jl_value_t *)jl_uniontype_type) {
        for (uint32_t i = 1; i < nargs; i++)
            if (!is_type_or_tvar(args[i]))
                jl_type_error("Union", (jl_value_t *)jl_type_type, args[i]);
    }
    return jl_apply_type(tc, &args[1], nargs - 1);
}

static JL_CALLABLE(jl_f__typevar)
{
    JL_NARGS(_typevar, 3, 3);
    CHECK_SYM("TypeVar", args[0]);
    return (jl_value_t *)jl_new_typevar((jl_sym_t *)args[0], args[1], args[2]);
}

static JL_CALLABLE(jl_f__unionall)
{
    JL_NARGS(_unionall, 2, 2);
    check_type("UnionAll", (jl_value_t *)jl_tvar_type, args[0], jl_is_typevar(args[0]));
    return jl_type_unionall((jl_tvar_t *)args[0], args[1]);
}

/* Sets the const-field bits from lowering's attribute list svec(i1, :const, i2, :const, ...), 1-based. */
static void set_field_attrs(jl_datatype_t *dt, jl_svec_t *fattrs)
{
    size_t nf = jl_svec_len(dt->name->names);
    size_t na = jl_svec_len(fattrs);
    for (size_t i = 0; i + 1 < na; i += 2) {
        jl_value_t *fldi = jl_svecref(fattrs, i), *attr = jl_svecref(fattrs, i + 1);
        CHECK_LONG("typeassert", fldi);
        CHECK_SYM("typeassert", attr);
        int64_t k = jl_unbox_long(fldi);
        if (k < 1 || (uint64_t)k > nf)
            jl_errorf("invalid field attribute %lld", (long long)k);
        if ((jl_sym_t *)attr == jl_const_sym) {
            if (!dt->name->mutabl)
                jl_errorf("invalid field attribute const for immutable struct");
            if (k <= 32)
                dt->name->constfields |= 1u << (k - 1);
        }
        else if (strcmp(jl_symbol_name((jl_sym_t *)attr), "atomic") != 0) {
            jl_errorf("invalid field attribute %s", jl_symbol_name((jl_sym_t *)attr));
        }
    }
}

static JL_CALLABLE(jl_f__structtype)
{
    JL_NARGS(_structtype, 7, 7);
    CHECK_MOD("_structtype", args[0]);
    CHECK_SYM("_structtype", args[1]);
    CHECK_SVEC("_structtype", args[2]);
    CHECK_SVEC("_structtype", args[3]);
    CHECK_SVEC("_structtype", args[4]);
    CHECK_BOOL("_structtype", args[5]);
    CHECK_LONG("_structtype", args[6]);
    jl_svec_t *fnames = (jl_svec_t *)args[3];
    for (size_t i = 0; i < jl_svec_len(fnames); i++)
        CHECK_SYM("_structtype", jl_svecref(fnames, i));
    jl_datatype_t *dt = jl_new_datatype((jl_sym_t *)args[1], (jl_module_t *)args[0], NULL, (jl_svec_t *)args[2],
                                        fnames, NULL, NULL, 0, args[5] == jl_true, (int)jl_unbox_long(args[6]));
    set_field_attrs(dt, (jl_svec_t *)args[4]);
    return dt->name->wrapper;
}

static JL_CALLABLE(jl_f__abstracttype)
{
    JL_NARGS(_abstracttype, 3, 3);
    CHECK_MOD("_abstracttype", args[0]);
    CHECK_SYM("_abstracttype", args[1]);
    CHECK_SVEC("_abstracttype", args[2]);
    jl_datatype_t *dt = jl_new_abstracttype(args[1], (jl_module_t *)args[0], NULL, (jl_svec_t *)args[2]);
    return dt->name->wrapper;
}

static JL_CALLABLE(jl_f__primitivetype)
{
    JL_NARGS(_primitivetype, 4, 4);
    CHECK_MOD("_primitivetype", args[0]);
    CHECK_SYM("_primitivetype", args[1]);
    CHECK_SVEC("_primitivetype", args[2]);
    jl_value_t *vnb = args[3];
    if (!jl_is_long(vnb))
        jl_errorf("invalid declaration of primitive type %s", jl_symbol_name((jl_sym_t *)args[1]));
    int64_t nb = jl_unbox_long(vnb);
    if (nb < 1 || nb >= (1 << 23) || (nb & 7) != 0)
        jl_errorf("invalid number of bits in primitive type %s", jl_symbol_name((jl_sym_t *)args[1]));
    jl_datatype_t *dt = jl_new_primitivetype(args[1], (jl_module_t *)args[0], NULL, (jl_svec_t *)args[2],
                                             (size_t)nb);
    return dt->name->wrapper;
}

static JL_CALLABLE(jl_f__setsuper)
{
    JL_NARGS(_setsuper!, 2, 2);
    jl_datatype_t *dt = (jl_datatype_t *)jl_unwrap_unionall(args[0]);
    CHECK_DT("_setsuper!", (jl_value_t *)dt);
    jl_value_t *super = args[1];
    if (!jl_is_datatype(super) || !((jl_datatype_t *)super)->name->abstract || dt->super != NULL ||
        dt->name == ((jl_datatype_t *)super)->name || jl_is_tuple_type(super) || jl_is_namedtuple_type(super) ||
        jl_subtype(super, (jl_value_t *)jl_type_type) || jl_subtype(super, (jl_value_t *)jl_builtin_type))
        jl_errorf("invalid subtyping in definition of %s", jl_symbol_name(dt->name->name));
    dt->super = (jl_datatype_t *)super;
    return jl_nothing;
}

static int equiv_field_types(jl_svec_t *a, jl_svec_t *b)
{
    size_t n = jl_svec_len(a);
    if (n != jl_svec_len(b))
        return 0;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *x = jl_svecref(a, i), *y = jl_svecref(b, i);
        if (x == y)
            continue;
        if (jl_is_typevar(x) || jl_is_typevar(y))
            return 0;
        if (!jl_types_equal(x, y))
            return 0;
    }
    return 1;
}

static JL_CALLABLE(jl_f__typebody)
{
    JL_NARGS(_typebody!, 1, 2);
    jl_datatype_t *dt = (jl_datatype_t *)jl_unwrap_unionall(args[0]);
    CHECK_DT("_typebody!", (jl_value_t *)dt);
    if (nargs == 2) {
        jl_value_t *ft = args[1];
        CHECK_SVEC("_typebody!", ft);
        size_t nf = jl_svec_len(ft);
        for (size_t i = 0; i < nf; i++) {
            jl_value_t *elt = jl_svecref(ft, i);
            if (!is_type_or_tvar(elt) || jl_is_vararg(elt))
                jl_type_error_rt(jl_symbol_name(dt->name->name), "type definition", (jl_value_t *)jl_type_type,
                                 elt);
        }
        if (dt->types != NULL) {
            if (!equiv_field_types(dt->types, (jl_svec_t *)ft))
                jl_errorf("invalid redefinition of type %s", jl_symbol_name(dt->name->name));
        }
        else {
            dt->types = (jl_svec_t *)ft;
        }
    }
    if (dt->types == NULL)
        dt->types = jl_emptysvec;
    jl_reinstantiate_inner_types(dt);
    if (jl_is_structtype(dt) && !dt->hasfreetypevars && dt->layout == NULL)
        jl_compute_field_offsets(dt);
    return jl_nothing;
}

static int tvars_equiv(jl_value_t *a, jl_value_t *b)
{
    while (jl_is_unionall(a)) {
        if (!jl_is_unionall(b))
            return 0;
        jl_tvar_t *va = ((jl_unionall_t *)a)->var, *vb = ((jl_unionall_t *)b)->var;
        if (va->name != vb->name)
            return 0;
        if (!jl_has_free_typevars(va->lb) && !jl_has_free_typevars(vb->lb) && !jl_types_equal(va->lb, vb->lb))
            return 0;
        if (!jl_has_free_typevars(va->ub) && !jl_has_free_typevars(vb->ub) && !jl_types_equal(va->ub, vb->ub))
            return 0;
        a = ((jl_unionall_t *)a)->body;
        b = ((jl_unionall_t *)b)->body;
    }
    return !jl_is_unionall(b);
}

/* Is the new definition `b` equivalent to the existing type `a` (so redefinition is a no-op)? */
static int equiv_typedef(jl_value_t *ta, jl_value_t *tb)
{
    jl_datatype_t *a = (jl_datatype_t *)jl_unwrap_unionall(ta);
    jl_datatype_t *b = (jl_datatype_t *)jl_unwrap_unionall(tb);
    if (!jl_is_datatype(a) || !jl_is_datatype(b))
        return 0;
    if (a->name->name != b->name->name || a->name->module != b->name->module ||
        a->name->abstract != b->name->abstract || a->name->mutabl != b->name->mutabl ||
        a->name->n_uninitialized != b->name->n_uninitialized || a->isprimitivetype != b->isprimitivetype ||
        (a->isprimitivetype && a->size != b->size) || a->name->constfields != b->name->constfields ||
        !jl_egal((jl_value_t *)a->name->names, (jl_value_t *)b->name->names) || jl_nparams(a) != jl_nparams(b))
        return 0;
    if (!tvars_equiv(a->name->wrapper, b->name->wrapper))
        return 0;
    jl_value_t *sa = a->super ? jl_rewrap_unionall((jl_value_t *)a->super, a->name->wrapper) : NULL;
    jl_value_t *sb = b->super ? jl_rewrap_unionall((jl_value_t *)b->super, b->name->wrapper) : NULL;
    if (sa == NULL || sb == NULL)
        return sa == sb;
    return jl_types_equal(sa, sb);
}

static JL_CALLABLE(jl_f__equiv_typedef)
{
    JL_NARGS(_equiv_typedef, 2, 2);
    return equiv_typedef(args[0], args[1]) ? jl_true : jl_false;
}

/* ---------------------------------------------------------------------------------------------- */
/* Globals */

static JL_CALLABLE(jl_f_getglobal)
{
    if (nargs < 2)
        jl_too_few_args("getglobal", 2);
    if (nargs > 3)
        jl_too_many_args("getglobal", 3);
    CHECK_MOD("getglobal", args[0]);
    CHECK_SYM("getglobal", args[1]);
    return jl_eval_global_var((jl_module_t *)args[0], (jl_sym_t *)args[1]);
}

static JL_CALLABLE(jl_f_setglobal)
{
    if (nargs < 3)
        jl_too_few_args("setglobal!", 3);
    if (nargs > 4)
        jl_too_many_args("setglobal!", 4);
    CHECK_MOD("setglobal!", args[0]);
    CHECK_SYM("setglobal!", args[1]);
    jl_module_t *m = (jl_module_t *)args[0];
    jl_sym_t *s = (jl_sym_t *)args[1];
    jl_binding_t *b = jl_get_binding_wr(m, s);
    jl_checked_assignment(b, m, s, args[2]);
    return args[2];
}

static JL_CALLABLE(jl_f_get_binding_type)
{
    JL_NARGS(get_binding_type, 2, 2);
    CHECK_MOD("get_binding_type", args[0]);
    CHECK_SYM("get_binding_type", args[1]);
    return jl_get_binding_type((jl_module_t *)args[0], (jl_sym_t *)args[1]);
}

static JL_CALLABLE(jl_f_set_binding_type)
{
    JL_NARGS(set_binding_type!, 2, 3);
    CHECK_MOD("set_binding_type!", args[0]);
    CHECK_SYM("set_binding_type!", args[1]);
    jl_value_t *ty = nargs == 2 ? (jl_value_t *)jl_any_type : args[2];
    CHECK_TYPE("set_binding_type!", ty);
    jl_set_binding_type((jl_module_t *)args[0], (jl_sym_t *)args[1], ty);
    return jl_nothing;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls: _apply_iterate, invoke, applicable, invokelatest */

/* A growable argument list: on the C stack while small, else in a Vector{Any} (visible to the GC). */
typedef struct {
    jl_value_t **data;
    size_t len, cap;
    jl_array_t *heap;
} arglist_t;

static void arglist_push(arglist_t *l, jl_value_t *v)
{
    if (l->len == l->cap) {
        if (l->heap == NULL) {
            l->heap = jl_alloc_vec_any(0);
            for (size_t i = 0; i < l->len; i++)
                jl_array_ptr_1d_push(l->heap, l->data[i]);
        }
        jl_array_ptr_1d_push(l->heap, v);
        l->len++;
        l->cap = l->len;
        l->data = jl_array_ptr_data(l->heap);
        return;
    }
    l->data[l->len++] = v;
}

static void push_fields(arglist_t *l, jl_value_t *c)
{
    size_t n = jl_nfields_of(c);
    for (size_t i = 0; i < n; i++)
        arglist_push(l, jl_get_nth_field(c, i));
}

static void push_iterated(arglist_t *l, jl_value_t *iterate, jl_value_t *c)
{
    jl_value_t *next = call_value(iterate, &c, 1);
    while (next != jl_nothing) {
        if (!jl_is_tuple(next) || jl_nfields_of(next) != 2)
            jl_type_error("iterate", (jl_value_t *)jl_anytuple_type, next);
        arglist_push(l, jl_get_nth_field(next, 0));
        jl_value_t *state = jl_get_nth_field(next, 1);
        jl_value_t *a2[2] = {c, state};
        next = call_value(iterate, a2, 2);
    }
}

static void push_splatted(arglist_t *l, jl_value_t *iterate, jl_value_t *c)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(c);
    if (t->name == jl_tuple_typename || t->name == jl_namedtuple_typename) {
        push_fields(l, c);
    }
    else if (t == jl_simplevector_type) {
        for (size_t i = 0; i < jl_svec_len(c); i++)
            arglist_push(l, jl_svecref(c, i));
    }
    else if (t->name == jl_array_typename) {
        jl_array_t *a = (jl_array_t *)c;
        size_t n = jl_array_len(a);
        for (size_t i = 0; i < n; i++) {
            jl_value_t *x = a->ptrarray ? jl_array_ptr_ref(a, i) : jl_arrayref(a, i);
            if (x == NULL)
                jl_undefref_error();
            arglist_push(l, x);
        }
    }
    else {
        push_iterated(l, iterate, c);
    }
}

JL_CALLABLE(jl_f__apply_iterate)
{
    JL_NARGSV(_apply_iterate, 2);
    jl_value_t *iterate = args[0], *f = args[1];
    jl_value_t *small[64];
    arglist_t l = {small, 0, 64, NULL};
    for (uint32_t i = 2; i < nargs; i++)
        push_splatted(&l, iterate, args[i]);
    jl_value_t *r = call_value(f, l.data, (uint32_t)l.len);
    (void)l.heap; /* keeps the heap list reachable until the call returns */
    return r;
}

/* Tuple{typeof(f), T...} for invoke's signature T (possibly a UnionAll). */
static jl_value_t *argtype_with_function(jl_value_t *f, jl_value_t *types)
{
    jl_value_t *tt = jl_unwrap_unionall(types);
    size_t n = jl_nparams(tt);
    jl_value_t **p = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    p[0] = jl_typeof_or_type(f);
    for (size_t i = 0; i < n; i++)
        p[i + 1] = jl_tparam(tt, i);
    jl_value_t *sig = (jl_value_t *)jl_apply_tuple_type_v(p, n + 1);
    return jl_rewrap_unionall(sig, types);
}

static JL_CALLABLE(jl_f_invoke)
{
    JL_NARGSV(invoke, 2);
    jl_value_t *f = args[0], *types = args[1];
    if (!jl_is_type(types) || !jl_is_tuple_type(jl_unwrap_unionall(types)))
        jl_type_error("invoke", (jl_value_t *)jl_type_type, types);
    jl_value_t *argtup = jl_f_tuple(NULL, &args[2], nargs - 2);
    if (!jl_isa(argtup, types))
        jl_type_error("invoke: argument type error", types, argtup);
    jl_fptr_args_t fp = jl_builtin_fptr(f);
    if (fp != NULL)
        return fp(f, &args[2], nargs - 2);
    jl_value_t *sig = argtype_with_function(f, types);
    jl_method_instance_t *mi = jl_method_lookup_by_type(sig, jl_current_task->world_age);
    if (mi == NULL || !jl_is_method(mi->def))
        jl_method_error(f, &args[2], nargs - 2, jl_current_task->world_age);
    return jl_gf_invoke_by_method((jl_method_t *)mi->def, f, &args[2], nargs - 2);
}

static JL_CALLABLE(jl_f_applicable)
{
    JL_NARGSV(applicable, 1);
    if (jl_builtin_fptr(args[0]) != NULL)
        return jl_true;
    return jl_method_lookup(args, nargs, jl_current_task->world_age) != NULL ? jl_true : jl_false;
}

static jl_value_t *call_in_world(size_t world, jl_value_t *f, jl_value_t **args, uint32_t nargs)
{
    jl_task_t *ct = jl_current_task;
    size_t last = ct->world_age;
    ct->world_age = world < jl_world_counter ? world : jl_world_counter;
    jl_value_t *r = call_value(f, args, nargs);
    ct->world_age = last;
    return r;
}

static JL_CALLABLE(jl_f__call_latest)
{
    JL_NARGSV(_call_latest, 1);
    return call_in_world(jl_world_counter, args[0], &args[1], nargs - 1);
}

static JL_CALLABLE(jl_f__call_in_world)
{
    JL_NARGSV(_call_in_world, 2);
    if (!jl_typeis(args[0], jl_uint64_type) && !jl_is_long(args[0]))
        jl_type_error("_call_in_world", (jl_value_t *)jl_uint64_type, args[0]);
    return call_in_world((size_t)jl_unbox_uint64(args[0]), args[1], &args[2], nargs - 2);
}

/* ---------------------------------------------------------------------------------------------- */
/* Arrays */

/* Linear (0-based) index of A[idxs...]; throws BoundsError(A, (idxs...)). */
static size_t array_linear_index(jl_array_t *a, jl_value_t **idxs, size_t nidx, const char *fname)
{
    size_t *iv = (size_t *)alloca(nidx * sizeof(size_t));
    for (size_t k = 0; k < nidx; k++) {
        if (!jl_is_long(idxs[k]))
            jl_type_error(fname, (jl_value_t *)jl_int64_type, idxs[k]);
        iv[k] = (size_t)jl_unbox_long(idxs[k]);
    }
    if (nidx == 1) {
        if (iv[0] - 1 >= jl_array_len(a))
            jl_bounds_error_ints((jl_value_t *)a, iv, 1);
        return iv[0] - 1;
    }
    size_t nd = jl_array_ndims(a), stride = 1, lin = 0;
    for (size_t k = 0; k < nidx; k++) {
        size_t d;
        if (k == nidx - 1) {
            d = 1;
            for (size_t j = k; j < nd; j++)
                d *= jl_array_dim(a, j);
        }
        else {
            d = k < nd ? jl_array_dim(a, k) : 1;
        }
        if (iv[k] - 1 >= d)
            jl_bounds_error_ints((jl_value_t *)a, iv, nidx);
        lin += (iv[k] - 1) * stride;
        stride *= d;
    }
    return lin;
}

static jl_array_t *check_array(const char *fname, jl_value_t *a)
{
    if (!jl_is_array(a))
        jl_type_error(fname, (jl_value_t *)jl_array_type, a);
    return (jl_array_t *)a;
}

static JL_CALLABLE(jl_f_arrayref)
{
    JL_NARGSV(arrayref, 3);
    CHECK_BOOL("arrayref", args[0]);
    jl_array_t *a = check_array("arrayref", args[1]);
    size_t i = array_linear_index(a, &args[2], nargs - 2, "arrayref");
    if (a->ptrarray) {
        jl_value_t *x = jl_array_ptr_ref(a, i);
        if (x == NULL)
            jl_undefref_error();
        return x;
    }
    return jl_arrayref(a, i);
}

static JL_CALLABLE(jl_f_arrayset)
{
    JL_NARGSV(arrayset, 4);
    CHECK_BOOL("arrayset", args[0]);
    jl_array_t *a = check_array("arrayset", args[1]);
    jl_value_t *el = jl_tparam0(jl_typeof(a));
    if (el != (jl_value_t *)jl_any_type && jl_typeof(args[2]) != el && !jl_isa(args[2], el))
        jl_type_error("arrayset", el, args[2]);
    size_t i = array_linear_index(a, &args[3], nargs - 3, "arrayset");
    jl_arrayset(a, args[2], i);
    return args[1];
}

static JL_CALLABLE(jl_f_arraysize)
{
    JL_NARGS(arraysize, 2, 2);
    jl_array_t *a = check_array("arraysize", args[0]);
    CHECK_LONG("arraysize", args[1]);
    int64_t d = jl_unbox_long(args[1]);
    if (d < 1)
        jl_error("arraysize: dimension out of range");
    if ((uint64_t)d > jl_array_ndims(a))
        return jl_box_long(1);
    return jl_box_long((int64_t)jl_array_dim(a, d - 1));
}

/* ---------------------------------------------------------------------------------------------- */
/* Miscellaneous */

static JL_CALLABLE(jl_f__expr)
{
    JL_NARGSV(Expr, 1);
    CHECK_SYM("Expr", args[0]);
    jl_expr_t *ex = jl_exprn((jl_sym_t *)args[0], nargs - 1);
    for (uint32_t i = 1; i < nargs; i++)
        jl_exprargset(ex, i - 1, args[i]);
    return (jl_value_t *)ex;
}

static JL_CALLABLE(jl_f__compute_sparams)
{
    JL_NARGSV(_compute_sparams, 1);
    check_type("_compute_sparams", (jl_value_t *)jl_method_type, args[0], jl_is_method(args[0]));
    jl_method_t *m = (jl_method_t *)args[0];
    size_t n = nargs - 1;
    jl_value_t **p = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < n; i++)
        p[i] = jl_typeof_or_type(args[i + 1]);
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(p, n);
    jl_svec_t *env = jl_emptysvec;
    jl_type_intersection_env(tt, m->sig, &env);
    return (jl_value_t *)env;
}

static JL_CALLABLE(jl_f__svec_ref)
{
    JL_NARGS(_svec_ref, 2, 3);
    jl_value_t *sv = args[nargs - 2], *iv = args[nargs - 1];
    CHECK_SVEC("_svec_ref", sv);
    CHECK_LONG("_svec_ref", iv);
    int64_t i = jl_unbox_long(iv);
    size_t n = jl_svec_len(sv);
    if (i < 1 || (uint64_t)i > n)
        jl_bounds_error(sv, iv);
    jl_value_t *x = jl_svecref(sv, i - 1);
    if (x == NULL)
        jl_undefref_error();
    return x;
}

static JL_CALLABLE(jl_f_donotdelete) { return jl_nothing; }

static JL_CALLABLE(jl_f_compilerbarrier)
{
    JL_NARGS(compilerbarrier, 2, 2);
    CHECK_SYM("compilerbarrier", args[0]);
    return args[1];
}

static JL_CALLABLE(jl_f_finalizer)
{
    JL_NARGS(finalizer, 2, 4);
    return jl_nothing;
}

static JL_CALLABLE(jl_f_include)
{
    JL_NARGS(include, 2, 2);
    CHECK_MOD("include", args[0]);
    check_type("include", (jl_value_t *)jl_string_type, args[1], jl_is_string(args[1]));
    return jl_load((jl_module_t *)args[0], jl_string_data(args[1]));
}

static JL_CALLABLE(jl_f_eval)
{
    JL_NARGS(eval, 2, 2);
    CHECK_MOD("eval", args[0]);
    return jl_toplevel_eval_in((jl_module_t *)args[0], args[1]);
}

/* ---------------------------------------------------------------------------------------------- */
/* Registration */

static jl_value_t *add_builtin(const char *name, jl_fptr_args_t fptr)
{
    jl_sym_t *s = jl_symbol(name);
    jl_value_t *f = jl_new_generic_function_with_supertype(s, jl_core_module, jl_builtin_type);
    jl_gf_mtable(f)->builtin = fptr;
    jl_set_const(jl_core_module, s, f);
    return f;
}

void jl_init_builtins(void)
{
    add_builtin("===", jl_f_is);
    add_builtin("typeof", jl_f_typeof);
    add_builtin("<:", jl_f_issubtype);
    add_builtin("isa", jl_f_isa);
    add_builtin("typeassert", jl_f_typeassert);
    add_builtin("throw", jl_f_throw);
    add_builtin("tuple", jl_f_tuple);
    add_builtin("svec", jl_f_svec);
    add_builtin("ifelse", jl_f_ifelse);
    add_builtin("sizeof", jl_f_sizeof);
    add_builtin("getfield", jl_f_getfield);
    add_builtin("setfield!", jl_f_setfield);
    add_builtin("swapfield!", jl_f_swapfield);
    add_builtin("modifyfield!", jl_f_modifyfield);
    add_builtin("replacefield!", jl_f_replacefield);
    add_builtin("fieldtype", jl_f_fieldtype);
    add_builtin("nfields", jl_f_nfields);
    add_builtin("isdefined", jl_f_isdefined);
    add_builtin("apply_type", jl_f_apply_type);
    add_builtin("_typevar", jl_f__typevar);
    add_builtin("_unionall", jl_f__unionall);
    add_builtin("_structtype", jl_f__structtype);
    add_builtin("_abstracttype", jl_f__abstracttype);
    add_builtin("_primitivetype", jl_f__primitivetype);
    add_builtin("_setsuper!", jl_f__setsuper);
    add_builtin("_typebody!", jl_f__typebody);
    add_builtin("_equiv_typedef", jl_f__equiv_typedef);
    add_builtin("getglobal", jl_f_getglobal);
    add_builtin("setglobal!", jl_f_setglobal);
    add_builtin("get_binding_type", jl_f_get_binding_type);
    add_builtin("set_binding_type!", jl_f_set_binding_type);
    add_builtin("_apply_iterate", jl_f__apply_iterate);
    add_builtin("invoke", jl_f_invoke);
    add_builtin("applicable", jl_f_applicable);
    add_builtin("_call_latest", jl_f__call_latest);
    add_builtin("_call_in_world", jl_f__call_in_world);
    add_builtin("_call_in_world_total", jl_f__call_in_world);
    add_builtin("arrayref", jl_f_arrayref);
    add_builtin("const_arrayref", jl_f_arrayref);
    add_builtin("arrayset", jl_f_arrayset);
    add_builtin("arraysize", jl_f_arraysize);
    add_builtin("_expr", jl_f__expr);
    add_builtin("_compute_sparams", jl_f__compute_sparams);
    add_builtin("_svec_ref", jl_f__svec_ref);
    add_builtin("donotdelete", jl_f_donotdelete);
    add_builtin("compilerbarrier", jl_f_compilerbarrier);
    add_builtin("finalizer", jl_f_finalizer);
    add_builtin("eval", jl_f_eval);
    add_builtin("include", jl_f_include);
    /* the builtins Julia's Core exports (boot.jl's `export` list; ifelse and sizeof are not exported) */
    static const char *exported[] = {"fieldtype", "getfield", "setfield!", "swapfield!", "modifyfield!",
                                     "replacefield!", "nfields", "throw", "tuple", "===", "isdefined", "eval",
                                     "getglobal", "setglobal!", "<:", "typeof", "isa", "typeassert",
                                     "applicable", "invoke"};
    for (size_t i = 0; i < sizeof(exported) / sizeof(exported[0]); i++)
        jl_module_export(jl_core_module, jl_symbol(exported[i]));
    /* Core.kwcall: the generic function keyword calls go through (methods are added by lowering) */
    jl_sym_t *kw = jl_symbol("kwcall");
    if (jl_get_module_binding(jl_core_module, kw, 0) == NULL)
        jl_set_const(jl_core_module, kw, jl_new_generic_function(kw, jl_core_module));
}
