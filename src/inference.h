/* inference.h: the private interface between inference.c (the abstract interpreter: frames, worklist,
 * calls, output) and inference_tfuncs.c (result types of builtins and intrinsics). Other subsystems use
 * the inference section of julia_internal.h instead.
 *
 * THE LATTICE. An inference value ("lattice element") is a jl_value_t* that is one of:
 *   - a Julia type: Union{} (no value: unreachable / always throws) ... Any (anything);
 *   - Const(v)         svec(TAG_CONST, v): the value is exactly v (===);
 *   - Conditional      svec(TAG_COND, slot, then, else, readpos): a Bool which, when true, means that slot
 *                      `slot` (boxed Int, 1-based) holds a value of lattice type `then`, and `else` when
 *                      false. Valid only while the slot still holds the value read at statement `readpos`
 *                      (0-based); it never reaches slots, only SSA values and branch conditions;
 *   - PartialStruct    svec(TAG_PARTIAL, T, e1, ..., en): a tuple of (concrete) type T whose field i is
 *                      known more precisely as the lattice element e_i.
 * A SimpleVector is never a Julia type, so the tags cannot be confused with types. widenconst maps an
 * element to the smallest Julia type containing it (Const(Int64) -> Type{Int64}, Conditional -> Bool).
 * Every element produced here is sound: the runtime value is always a member of it. */
#ifndef JL_INFERENCE_H
#define JL_INFERENCE_H

#include "julia_internal.h"

extern jl_value_t *jl_infer_tag_const;
extern jl_value_t *jl_infer_tag_cond;
extern jl_value_t *jl_infer_tag_partial;

static inline int jl_infer_is_tagged(jl_value_t *x, jl_value_t *tag)
{
    return jl_is_svec(x) && jl_svec_len(x) > 0 && jl_svecref(x, 0) == tag;
}
#define jl_infer_is_const(x) jl_infer_is_tagged((x), jl_infer_tag_const)
#define jl_infer_is_cond(x) jl_infer_is_tagged((x), jl_infer_tag_cond)
#define jl_infer_is_partial(x) jl_infer_is_tagged((x), jl_infer_tag_partial)
#define jl_infer_const_val(x) jl_svecref((x), 1)
#define jl_infer_partial_type(x) jl_svecref((x), 1)
#define jl_infer_partial_nfields(x) (jl_svec_len(x) - 2)
#define jl_infer_partial_field(x, i) jl_svecref((x), (i) + 2)

/* lattice (inference.c) */
jl_value_t *jl_infer_mkconst(jl_value_t *v);
jl_value_t *jl_infer_mkpartial(jl_value_t *T, jl_value_t **fields, size_t n);
jl_value_t *jl_infer_widenconst(jl_value_t *x);
jl_value_t *jl_infer_const_type(jl_value_t *v);        /* the type of a constant: Type{v} for types */
int jl_infer_le(jl_value_t *a, jl_value_t *b);          /* a is contained in b */
jl_value_t *jl_infer_join(jl_value_t *a, jl_value_t *b);
jl_value_t *jl_infer_type_join(jl_value_t *a, jl_value_t *b);  /* join of two Julia types, widened */
int jl_infer_known_value(jl_value_t *x, jl_value_t **v); /* x has exactly one possible value */
jl_value_t *jl_infer_type_meet(jl_value_t *a, jl_value_t *b);  /* a sound intersection */
jl_value_t *jl_infer_type_subtract(jl_value_t *a, jl_value_t *b); /* a minus the components inside b */
int jl_infer_disjoint(jl_value_t *a, jl_value_t *b);    /* no value belongs to both types */
jl_value_t *jl_infer_global_type(jl_module_t *m, jl_sym_t *s);  /* lattice element of a global read */
jl_value_t *jl_infer_tuple_elt_type(jl_value_t *x);     /* the element type a value contributes to a tuple */

/* builtins and intrinsics (inference_tfuncs.c) */
typedef struct {
    int nothrow;   /* out: the call cannot throw for these argument types */
    int folded;    /* out: a Const result that may replace the call (pure and nothrow) */
} jl_infer_callinfo_t;

enum {
    JL_B_NONE = 0, JL_B_IS, JL_B_TYPEOF, JL_B_SUBTYPE, JL_B_ISA, JL_B_TYPEASSERT, JL_B_THROW, JL_B_TUPLE,
    JL_B_SVEC, JL_B_IFELSE, JL_B_SIZEOF, JL_B_GETFIELD, JL_B_SETFIELD, JL_B_SWAPFIELD, JL_B_MODIFYFIELD,
    JL_B_REPLACEFIELD, JL_B_FIELDTYPE, JL_B_NFIELDS, JL_B_ISDEFINED, JL_B_APPLY_TYPE, JL_B_TYPEVAR,
    JL_B_UNIONALL, JL_B_GETGLOBAL, JL_B_SETGLOBAL, JL_B_GET_BINDING_TYPE, JL_B_APPLY_ITERATE, JL_B_INVOKE,
    JL_B_APPLICABLE, JL_B_ARRAYREF, JL_B_CONST_ARRAYREF, JL_B_ARRAYSET, JL_B_ARRAYSIZE, JL_B_EXPR,
    JL_B_SVEC_REF, JL_B_DONOTDELETE, JL_B_COMPILERBARRIER, JL_B_FINALIZER, JL_B_CALL_LATEST,
    JL_B_CALL_IN_WORLD, JL_B_OTHER, JL_B_NUM
};
void jl_infer_init_builtins(void);
int jl_infer_builtin_id(jl_value_t *f);   /* JL_B_* of a builtin function object (JL_B_OTHER if unknown) */
jl_value_t *jl_infer_builtin_tfunc(int id, jl_value_t *f, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info);
jl_value_t *jl_infer_intrinsic_tfunc(int id, jl_value_t **argl, size_t n, jl_infer_callinfo_t *info);

#endif /* JL_INFERENCE_H */
