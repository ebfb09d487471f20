/* intrinsics_codegen.c: Core.Intrinsics (intrinsics.h) as LLVM
 * instructions, for codegen.c. An intrinsic whose argument types are not known at compile time is not
 * emitted here: codegen.c then calls jl_interp_intrinsic with boxed arguments. Semantics follow Julia's:
 * integer ops act on the bits of any primitive type, float ops on Float16/32/64 (by size), conversions
 * take the result type first, shifts by >= the bit width give 0 (or the sign for ashr). ccall is in
 * ccall_codegen.c. */
#include "codegen_internal.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define B (jl_cg_builder(ctx))

static LLVMContextRef ctxC(void) { return jl_llvm_context(); }

/* a concrete primitive (non-ghost) type: the intrinsics' operands */
static int is_prim(jl_value_t *t)
{
    return jl_is_primitivetype(t) && jl_is_concrete_type(t) && jl_datatype_size(t) > 0 &&
           jl_type_rep(t, NULL, NULL) == JL_REP_UNBOXED;
}

static int prim_arg(jl_cgval_t a) { return is_prim(a.typ); }

static unsigned nbits_of(jl_value_t *t) { return (unsigned)jl_datatype_size(t) * 8; }

/* the type given as the first argument of a conversion */
static jl_value_t *type_arg(jl_cgval_t a)
{
    jl_value_t *t = a.constant;
    return t && is_prim(t) ? t : NULL;
}

static LLVMValueRef val(jl_codectx_t *ctx, jl_cgval_t a) { return jl_cg_unbox(ctx, a, a.typ); }

static LLVMTypeRef float_type_for(unsigned nbits)
{
    switch (nbits) {
    case 16: return LLVMHalfTypeInContext(ctxC());
    case 32: return LLVMFloatTypeInContext(ctxC());
    case 64: return LLVMDoubleTypeInContext(ctxC());
    default: return NULL;
    }
}

static LLVMValueRef as_int(jl_codectx_t *ctx, LLVMValueRef v, unsigned nbits)
{
    LLVMTypeRef it = jl_cg_T_int(nbits);
    return LLVMTypeOf(v) == it ? v : LLVMBuildBitCast(B, v, it, "");
}

static LLVMValueRef as_float(jl_codectx_t *ctx, LLVMValueRef v, unsigned nbits)
{
    LLVMTypeRef ft = float_type_for(nbits);
    return LLVMTypeOf(v) == ft ? v : LLVMBuildBitCast(B, v, ft, "");
}

/* bits of the right size -> the LLVM representation of Julia type T */
static jl_cgval_t result_as(jl_codectx_t *ctx, LLVMValueRef v, jl_value_t *T)
{
    LLVMTypeRef lt = jl_julia_type_to_llvm(T);
    if (LLVMTypeOf(v) != lt)
        v = LLVMBuildBitCast(B, v, lt, "");
    return jl_cg_unboxed(v, T);
}

static jl_cgval_t bool_result(jl_codectx_t *ctx, LLVMValueRef i1)
{
    return jl_cg_unboxed(LLVMBuildZExt(B, i1, LLVMInt8TypeInContext(ctxC()), ""), (jl_value_t *)jl_bool_type);
}

static void set_fast(LLVMValueRef inst)
{
    if (LLVMIsAInstruction(inst) && LLVMCanValueUseFastMathFlags(inst))
        LLVMSetFastMathFlags(inst, LLVMFastMathAll);
}

static LLVMValueRef llvm_intr1(jl_codectx_t *ctx, const char *name, LLVMValueRef x)
{
    LLVMTypeRef t = LLVMTypeOf(x);
    return jl_cg_intrinsic(ctx, name, &t, 1, &x, 1);
}

static LLVMValueRef llvm_intr2(jl_codectx_t *ctx, const char *name, LLVMValueRef x, LLVMValueRef y)
{
    LLVMTypeRef t = LLVMTypeOf(x);
    LLVMValueRef a[2] = {x, y};
    return jl_cg_intrinsic(ctx, name, &t, 1, a, 2);
}

static LLVMValueRef llvm_intr3(jl_codectx_t *ctx, const char *name, LLVMValueRef x, LLVMValueRef y, LLVMValueRef z)
{
    LLVMTypeRef t = LLVMTypeOf(x);
    LLVMValueRef a[3] = {x, y, z};
    return jl_cg_intrinsic(ctx, name, &t, 1, a, 3);
}

/* ---- conversions ------------------------------------------------------------------------------- */

static int emit_conversion(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    jl_value_t *T = type_arg(args[0]);
    if (T == NULL || !prim_arg(args[1]))
        return 0;
    unsigned to = nbits_of(T), from = nbits_of(args[1].typ);
    LLVMValueRef x = val(ctx, args[1]);
    LLVMTypeRef ti = jl_cg_T_int(to);
    switch (id) {
    case jl_intrinsic_bitcast:
        if (to != from)
            return 0;
        *r = result_as(ctx, x, T);
        return 1;
    case jl_intrinsic_sext_int:
    case jl_intrinsic_zext_int:
        if (to <= from)
            return 0;
        x = as_int(ctx, x, from);
        *r = result_as(ctx, id == jl_intrinsic_sext_int ? LLVMBuildSExt(B, x, ti, "") : LLVMBuildZExt(B, x, ti, ""), T);
        return 1;
    case jl_intrinsic_trunc_int:
        if (to >= from)
            return 0;
        *r = result_as(ctx, LLVMBuildTrunc(B, as_int(ctx, x, from), ti, ""), T);
        return 1;
    case jl_intrinsic_fptoui:
    case jl_intrinsic_fptosi:
        if (!float_type_for(from))
            return 0;
        x = as_float(ctx, x, from);
        *r = result_as(ctx, id == jl_intrinsic_fptosi ? LLVMBuildFPToSI(B, x, ti, "") : LLVMBuildFPToUI(B, x, ti, ""), T);
        return 1;
    case jl_intrinsic_uitofp:
    case jl_intrinsic_sitofp: {
        LLVMTypeRef ft = float_type_for(to);
        if (!ft)
            return 0;
        x = as_int(ctx, x, from);
        *r = result_as(ctx, id == jl_intrinsic_sitofp ? LLVMBuildSIToFP(B, x, ft, "") : LLVMBuildUIToFP(B, x, ft, ""), T);
        return 1;
    }
    case jl_intrinsic_fptrunc:
    case jl_intrinsic_fpext: {
        LLVMTypeRef ft = float_type_for(to);
        if (!ft || !float_type_for(from))
            return 0;
        if (id == jl_intrinsic_fptrunc ? to >= from : to <= from)
            return 0;
        x = as_float(ctx, x, from);
        *r = result_as(ctx, id == jl_intrinsic_fptrunc ? LLVMBuildFPTrunc(B, x, ft, "") : LLVMBuildFPExt(B, x, ft, ""), T);
        return 1;
    }
    }
    return 0;
}

/* ---- integer and float arithmetic ------------------------------------------------------------------ */

static int same_prim(jl_cgval_t *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!prim_arg(args[i]) || args[i].typ != args[0].typ)
            return 0;
    return 1;
}

static int emit_int_arith(jl_codectx_t *ctx, int id, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    if (!same_prim(args, nargs))
        return 0;
    jl_value_t *T = args[0].typ;
    unsigned nb = nbits_of(T);
    LLVMValueRef x = as_int(ctx, val(ctx, args[0]), nb);
    LLVMValueRef y = nargs > 1 ? as_int(ctx, val(ctx, args[1]), nb) : NULL;
    LLVMValueRef v;
    switch (id) {
    case jl_intrinsic_neg_int: v = LLVMBuildNeg(B, x, ""); break;
    case jl_intrinsic_add_int: case jl_intrinsic_add_ptr: v = LLVMBuildAdd(B, x, y, ""); break;
    case jl_intrinsic_sub_int: case jl_intrinsic_sub_ptr: v = LLVMBuildSub(B, x, y, ""); break;
    case jl_intrinsic_mul_int: v = LLVMBuildMul(B, x, y, ""); break;
    case jl_intrinsic_sdiv_int: v = LLVMBuildSDiv(B, x, y, ""); break;
    case jl_intrinsic_udiv_int: v = LLVMBuildUDiv(B, x, y, ""); break;
    case jl_intrinsic_srem_int: v = LLVMBuildSRem(B, x, y, ""); break;
    case jl_intrinsic_urem_int: v = LLVMBuildURem(B, x, y, ""); break;
    case jl_intrinsic_and_int: v = LLVMBuildAnd(B, x, y, ""); break;
    case jl_intrinsic_or_int: v = LLVMBuildOr(B, x, y, ""); break;
    case jl_intrinsic_xor_int: v = LLVMBuildXor(B, x, y, ""); break;
    case jl_intrinsic_not_int:
        v = T == (jl_value_t *)jl_bool_type ? LLVMBuildXor(B, x, LLVMConstInt(LLVMTypeOf(x), 1, 0), "")
                                            : LLVMBuildNot(B, x, "");
        break;
    case jl_intrinsic_bswap_int:
        v = nb == 8 ? x : nb % 16 ? NULL : llvm_intr1(ctx, "llvm.bswap", x);
        if (!v)
            return 0;
        break;
    case jl_intrinsic_ctpop_int: v = llvm_intr1(ctx, "llvm.ctpop", x); break;
    case jl_intrinsic_ctlz_int:
        v = llvm_intr2(ctx, "llvm.ctlz", x, LLVMConstInt(LLVMInt1TypeInContext(ctxC()), 0, 0));
        break;
    case jl_intrinsic_cttz_int:
        v = llvm_intr2(ctx, "llvm.cttz", x, LLVMConstInt(LLVMInt1TypeInContext(ctxC()), 0, 0));
        break;
    case jl_intrinsic_flipsign_int: {
        LLVMValueRef s = LLVMBuildAShr(B, y, LLVMConstInt(LLVMTypeOf(y), nb - 1, 0), "");
        v = LLVMBuildSub(B, LLVMBuildXor(B, x, s, ""), s, "");
        break;
    }
    default:
        return 0;
    }
    *r = result_as(ctx, v, T);
    return 1;
}

static int emit_shift(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!prim_arg(args[0]) || !prim_arg(args[1]))
        return 0;
    jl_value_t *T = args[0].typ;
    unsigned nb = nbits_of(T), nby = nbits_of(args[1].typ);
    LLVMValueRef x = as_int(ctx, val(ctx, args[0]), nb);
    LLVMValueRef y = as_int(ctx, val(ctx, args[1]), nby);
    LLVMTypeRef xt = LLVMTypeOf(x);
    /* the amount, as x's width; and whether it is out of range (unsigned compare in y's width) */
    LLVMValueRef amt = nby > nb ? LLVMBuildTrunc(B, y, xt, "") : nby < nb ? LLVMBuildZExt(B, y, xt, "") : y;
    LLVMValueRef big;
    if (nby < 64 && (1ULL << nby) <= nb)
        big = LLVMConstInt(LLVMInt1TypeInContext(ctxC()), 0, 0);
    else
        big = LLVMBuildICmp(B, LLVMIntUGE, y, LLVMConstInt(LLVMTypeOf(y), nb, 0), "");
    LLVMValueRef safe = LLVMBuildSelect(B, big, LLVMConstInt(xt, 0, 0), amt, "");
    LLVMValueRef v, dflt;
    switch (id) {
    case jl_intrinsic_shl_int:
        v = LLVMBuildShl(B, x, safe, "");
        dflt = LLVMConstInt(xt, 0, 0);
        break;
    case jl_intrinsic_lshr_int:
        v = LLVMBuildLShr(B, x, safe, "");
        dflt = LLVMConstInt(xt, 0, 0);
        break;
    default:
        v = LLVMBuildAShr(B, x, safe, "");
        dflt = LLVMBuildAShr(B, x, LLVMConstInt(xt, nb - 1, 0), "");
        break;
    }
    *r = result_as(ctx, LLVMBuildSelect(B, big, dflt, v, ""), T);
    return 1;
}

static int emit_int_compare(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!same_prim(args, 2))
        return 0;
    unsigned nb = nbits_of(args[0].typ);
    LLVMValueRef x = as_int(ctx, val(ctx, args[0]), nb), y = as_int(ctx, val(ctx, args[1]), nb);
    LLVMIntPredicate p;
    switch (id) {
    case jl_intrinsic_eq_int: p = LLVMIntEQ; break;
    case jl_intrinsic_ne_int: p = LLVMIntNE; break;
    case jl_intrinsic_slt_int: p = LLVMIntSLT; break;
    case jl_intrinsic_ult_int: p = LLVMIntULT; break;
    case jl_intrinsic_sle_int: p = LLVMIntSLE; break;
    default: p = LLVMIntULE; break;
    }
    *r = bool_result(ctx, LLVMBuildICmp(B, p, x, y, ""));
    return 1;
}

static int emit_float_op(jl_codectx_t *ctx, int id, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    if (!same_prim(args, nargs))
        return 0;
    jl_value_t *T = args[0].typ;
    unsigned nb = nbits_of(T);
    if (!float_type_for(nb))
        return 0;
    LLVMValueRef a[3];
    for (size_t i = 0; i < nargs; i++)
        a[i] = as_float(ctx, val(ctx, args[i]), nb);
    LLVMValueRef v = NULL;
    int fast = 0;
    switch (id) {
    case jl_intrinsic_neg_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_neg_float: v = LLVMBuildFNeg(B, a[0], ""); break;
    case jl_intrinsic_add_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_add_float: v = LLVMBuildFAdd(B, a[0], a[1], ""); break;
    case jl_intrinsic_sub_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_sub_float: v = LLVMBuildFSub(B, a[0], a[1], ""); break;
    case jl_intrinsic_mul_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_mul_float: v = LLVMBuildFMul(B, a[0], a[1], ""); break;
    case jl_intrinsic_div_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_div_float: v = LLVMBuildFDiv(B, a[0], a[1], ""); break;
    case jl_intrinsic_rem_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_rem_float: v = LLVMBuildFRem(B, a[0], a[1], ""); break;
    case jl_intrinsic_fma_float: v = llvm_intr3(ctx, "llvm.fma", a[0], a[1], a[2]); break;
    case jl_intrinsic_muladd_float: v = llvm_intr3(ctx, "llvm.fmuladd", a[0], a[1], a[2]); break;
    case jl_intrinsic_abs_float: v = llvm_intr1(ctx, "llvm.fabs", a[0]); break;
    case jl_intrinsic_copysign_float: v = llvm_intr2(ctx, "llvm.copysign", a[0], a[1]); break;
    case jl_intrinsic_ceil_llvm: v = llvm_intr1(ctx, "llvm.ceil", a[0]); break;
    case jl_intrinsic_floor_llvm: v = llvm_intr1(ctx, "llvm.floor", a[0]); break;
    case jl_intrinsic_trunc_llvm: v = llvm_intr1(ctx, "llvm.trunc", a[0]); break;
    case jl_intrinsic_rint_llvm: v = llvm_intr1(ctx, "llvm.rint", a[0]); break;
    case jl_intrinsic_sqrt_llvm_fast: fast = 1; /* fall through */
    case jl_intrinsic_sqrt_llvm: v = llvm_intr1(ctx, "llvm.sqrt", a[0]); break;
    default: return 0;
    }
    if (fast)
        set_fast(v);
    *r = result_as(ctx, v, T);
    return 1;
}

static int emit_float_compare(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!same_prim(args, 2))
        return 0;
    unsigned nb = nbits_of(args[0].typ);
    if (!float_type_for(nb))
        return 0;
    LLVMValueRef x = as_float(ctx, val(ctx, args[0]), nb), y = as_float(ctx, val(ctx, args[1]), nb);
    LLVMValueRef c;
    int fast = 0;
    switch (id) {
    case jl_intrinsic_eq_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_eq_float: c = LLVMBuildFCmp(B, LLVMRealOEQ, x, y, ""); break;
    case jl_intrinsic_ne_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_ne_float: c = LLVMBuildFCmp(B, LLVMRealUNE, x, y, ""); break;
    case jl_intrinsic_lt_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_lt_float: c = LLVMBuildFCmp(B, LLVMRealOLT, x, y, ""); break;
    case jl_intrinsic_le_float_fast: fast = 1; /* fall through */
    case jl_intrinsic_le_float: c = LLVMBuildFCmp(B, LLVMRealOLE, x, y, ""); break;
    case jl_intrinsic_fpiseq: {
        LLVMValueRef nans = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealUNO, x, x, ""),
                                         LLVMBuildFCmp(B, LLVMRealUNO, y, y, ""), "");
        LLVMValueRef same = LLVMBuildICmp(B, LLVMIntEQ, as_int(ctx, x, nb), as_int(ctx, y, nb), "");
        c = LLVMBuildOr(B, nans, same, "");
        break;
    }
    default:
        return 0;
    }
    if (fast)
        set_fast(c);
    *r = bool_result(ctx, c);
    return 1;
}

/* ---- checked arithmetic -------------------------------------------------------------------------- */

static int emit_checked(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!same_prim(args, 2))
        return 0;
    jl_value_t *T = args[0].typ;
    unsigned nb = nbits_of(T);
    const char *name;
    switch (id) {
    case jl_intrinsic_checked_sadd_int: name = "llvm.sadd.with.overflow"; break;
    case jl_intrinsic_checked_uadd_int: name = "llvm.uadd.with.overflow"; break;
    case jl_intrinsic_checked_ssub_int: name = "llvm.ssub.with.overflow"; break;
    case jl_intrinsic_checked_usub_int: name = "llvm.usub.with.overflow"; break;
    case jl_intrinsic_checked_smul_int: name = "llvm.smul.with.overflow"; break;
    default: name = "llvm.umul.with.overflow"; break;
    }
    jl_value_t *pair[2] = {T, (jl_value_t *)jl_bool_type};
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(pair, 2);
    LLVMTypeRef lt = jl_julia_type_to_llvm(tt);
    if (lt == NULL || jl_type_rep(tt, NULL, NULL) != JL_REP_UNBOXED)
        return 0;
    LLVMValueRef x = as_int(ctx, val(ctx, args[0]), nb), y = as_int(ctx, val(ctx, args[1]), nb);
    LLVMValueRef res = llvm_intr2(ctx, name, x, y);
    LLVMValueRef v = LLVMBuildExtractValue(B, res, 0, "");
    LLVMValueRef o = LLVMBuildZExt(B, LLVMBuildExtractValue(B, res, 1, ""), LLVMInt8TypeInContext(ctxC()), "");
    LLVMTypeRef vt = LLVMStructGetTypeAtIndex(lt, 0);
    if (LLVMTypeOf(v) != vt)
        v = LLVMBuildBitCast(B, v, vt, "");
    LLVMValueRef agg = LLVMGetUndef(lt);
    agg = LLVMBuildInsertValue(B, agg, v, 0, "");
    agg = LLVMBuildInsertValue(B, agg, o, 1, "");
    *r = jl_cg_unboxed(agg, tt);
    return 1;
}

static int emit_checked_div(jl_codectx_t *ctx, int id, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!same_prim(args, 2))
        return 0;
    jl_value_t *T = args[0].typ;
    unsigned nb = nbits_of(T);
    LLVMValueRef x = as_int(ctx, val(ctx, args[0]), nb), y = as_int(ctx, val(ctx, args[1]), nb);
    LLVMTypeRef it = LLVMTypeOf(x);
    LLVMValueRef zero = LLVMConstInt(it, 0, 0), minus1 = LLVMConstAllOnes(it);
    int is_signed = id == jl_intrinsic_checked_sdiv_int || id == jl_intrinsic_checked_srem_int;
    LLVMValueRef bad = LLVMBuildICmp(B, LLVMIntEQ, y, zero, "");
    if (id == jl_intrinsic_checked_sdiv_int) {
        LLVMValueRef typemin = LLVMBuildShl(B, LLVMConstInt(it, 1, 0), LLVMConstInt(it, nb - 1, 0), "");
        LLVMValueRef ovf = LLVMBuildAnd(B, LLVMBuildICmp(B, LLVMIntEQ, y, minus1, ""),
                                        LLVMBuildICmp(B, LLVMIntEQ, x, typemin, ""), "");
        bad = LLVMBuildOr(B, bad, ovf, "");
    }
    jl_cg_error_block(ctx, bad, "jl_div_by_zero", NULL, 0, NULL);
    LLVMValueRef v;
    switch (id) {
    case jl_intrinsic_checked_sdiv_int: v = LLVMBuildSDiv(B, x, y, ""); break;
    case jl_intrinsic_checked_udiv_int: v = LLVMBuildUDiv(B, x, y, ""); break;
    case jl_intrinsic_checked_urem_int: v = LLVMBuildURem(B, x, y, ""); break;
    default: {
        /* x % -1 == 0 (avoids the trap on typemin % -1) */
        LLVMValueRef m1 = LLVMBuildICmp(B, LLVMIntEQ, y, minus1, "");
        LLVMValueRef ysafe = LLVMBuildSelect(B, m1, LLVMConstInt(it, 1, 0), y, "");
        v = LLVMBuildSRem(B, x, ysafe, "");
        break;
    }
    }
    (void)is_signed;
    *r = result_as(ctx, v, T);
    return 1;
}

/* ---- pointers and misc ----------------------------------------------------------------------------- */

static int is_ptr_type(jl_value_t *t)
{
    return jl_is_datatype(t) && ((jl_datatype_t *)t)->name == jl_pointer_typename && jl_is_concrete_type(t);
}

static LLVMValueRef ptr_value(jl_codectx_t *ctx, jl_cgval_t p)
{
    LLVMValueRef i = val(ctx, p);
    return LLVMBuildIntToPtr(B, i, jl_cg_T_ptr(), "");
}

static int emit_pointerref(jl_codectx_t *ctx, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!is_ptr_type(args[0].typ) || args[1].typ != (jl_value_t *)jl_int64_type)
        return 0;
    jl_value_t *T = jl_tparam0(args[0].typ);
    LLVMValueRef p = ptr_value(ctx, args[0]);
    LLVMValueRef i = LLVMBuildSub(B, val(ctx, args[1]), LLVMConstInt(LLVMInt64TypeInContext(ctxC()), 1, 0), "");
    int isbits = jl_type_rep(T, NULL, NULL) == JL_REP_UNBOXED;
    size_t elsz = isbits ? LLT_ALIGN((size_t)jl_datatype_size(T), ((jl_datatype_t *)T)->layout->alignment)
                         : sizeof(void *);
    if (!isbits && jl_is_datatype(T) && ((jl_datatype_t *)T)->isbitstype)
        return 0;  /* ghost element types: let the interpreter decide */
    LLVMValueRef off = LLVMBuildMul(B, i, LLVMConstInt(LLVMInt64TypeInContext(ctxC()), elsz, 0), "");
    LLVMValueRef addr = LLVMBuildGEP2(B, LLVMInt8TypeInContext(ctxC()), p, &off, 1, "");
    if (isbits) {
        LLVMValueRef ld = LLVMBuildLoad2(B, jl_julia_type_to_llvm(T), addr, "");
        LLVMSetAlignment(ld, 1);
        *r = jl_cg_unboxed(ld, T);
    }
    else {
        LLVMValueRef ld = LLVMBuildLoad2(B, jl_cg_T_ptr(), addr, "");
        *r = jl_cg_boxed(ld, jl_has_free_typevars(T) ? NULL : T);
    }
    return 1;
}

static int emit_pointerset(jl_codectx_t *ctx, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!is_ptr_type(args[0].typ) || args[2].typ != (jl_value_t *)jl_int64_type)
        return 0;
    jl_value_t *T = jl_tparam0(args[0].typ);
    int isbits = jl_type_rep(T, NULL, NULL) == JL_REP_UNBOXED;
    if (!isbits && jl_is_datatype(T) && ((jl_datatype_t *)T)->isbitstype)
        return 0;
    if (isbits && args[1].typ != T && !args[1].constant)
        return 0;
    LLVMValueRef p = ptr_value(ctx, args[0]);
    LLVMValueRef i = LLVMBuildSub(B, val(ctx, args[2]), LLVMConstInt(LLVMInt64TypeInContext(ctxC()), 1, 0), "");
    size_t elsz = isbits ? LLT_ALIGN((size_t)jl_datatype_size(T), ((jl_datatype_t *)T)->layout->alignment)
                         : sizeof(void *);
    LLVMValueRef off = LLVMBuildMul(B, i, LLVMConstInt(LLVMInt64TypeInContext(ctxC()), elsz, 0), "");
    LLVMValueRef addr = LLVMBuildGEP2(B, LLVMInt8TypeInContext(ctxC()), p, &off, 1, "");
    LLVMValueRef v = isbits ? jl_cg_unbox(ctx, args[1], T) : jl_cg_box(ctx, args[1]);
    LLVMValueRef st = LLVMBuildStore(B, v, addr);
    LLVMSetAlignment(st, 1);
    *r = args[0];
    return 1;
}

static int emit_arraylen(jl_codectx_t *ctx, jl_cgval_t *args, jl_cgval_t *r)
{
    if (!jl_is_array_type(args[0].typ) && args[0].typ != (jl_value_t *)jl_any_type)
        return 0;
    if (!jl_is_array_type(args[0].typ))
        return 0;
    LLVMValueRef a = jl_cg_box(ctx, args[0]);
    LLVMValueRef off = LLVMConstInt(LLVMInt64TypeInContext(ctxC()), offsetof(jl_array_t, length), 0);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(B, LLVMInt8TypeInContext(ctxC()), a, &off, 1, "");
    LLVMValueRef len = LLVMBuildLoad2(B, LLVMInt64TypeInContext(ctxC()), p, "");
    jl_cg_tbaa(len, JL_TBAA_ARRAYHDR);
    *r = jl_cg_unboxed(len, (jl_value_t *)jl_int64_type);
    return 1;
}

static int emit_cglobal(jl_codectx_t *ctx, jl_cgval_t *args, jl_cgval_t *r)
{
    jl_value_t *T = args[1].constant;
    if (args[0].constant == NULL || T == NULL || !jl_is_type(T) || jl_has_free_typevars(T))
        return 0;
    LLVMValueRef addr = jl_cg_foreign_address(ctx, args[0].constant);
    if (addr == NULL)
        return 0;   /* not found now: the interpreter's intrinsic raises the error when it runs */
    jl_value_t *PT = T == (jl_value_t *)jl_nothing_type ? (jl_value_t *)jl_voidpointer_type
                                                        : jl_apply_type1(jl_pointer_typename->wrapper, T);
    *r = jl_cg_unboxed(LLVMBuildPtrToInt(B, addr, LLVMInt64TypeInContext(ctxC()), ""), PT);
    return 1;
}

int jl_emit_intrinsic(jl_codectx_t *ctx, int id, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    switch (id) {
    case jl_intrinsic_bitcast: case jl_intrinsic_sext_int: case jl_intrinsic_zext_int:
    case jl_intrinsic_trunc_int: case jl_intrinsic_fptoui: case jl_intrinsic_fptosi:
    case jl_intrinsic_uitofp: case jl_intrinsic_sitofp: case jl_intrinsic_fptrunc: case jl_intrinsic_fpext:
        return emit_conversion(ctx, id, args, r);
    /* raw division throws DivideError like the interpreter (Julia traps) instead of being undefined */
    case jl_intrinsic_sdiv_int:
        return emit_checked_div(ctx, jl_intrinsic_checked_sdiv_int, args, r);
    case jl_intrinsic_udiv_int:
        return emit_checked_div(ctx, jl_intrinsic_checked_udiv_int, args, r);
    case jl_intrinsic_srem_int:
        return emit_checked_div(ctx, jl_intrinsic_checked_srem_int, args, r);
    case jl_intrinsic_urem_int:
        return emit_checked_div(ctx, jl_intrinsic_checked_urem_int, args, r);
    case jl_intrinsic_neg_int: case jl_intrinsic_add_int: case jl_intrinsic_sub_int: case jl_intrinsic_mul_int:
    case jl_intrinsic_add_ptr: case jl_intrinsic_sub_ptr: case jl_intrinsic_and_int: case jl_intrinsic_or_int:
    case jl_intrinsic_xor_int: case jl_intrinsic_not_int: case jl_intrinsic_bswap_int:
    case jl_intrinsic_ctpop_int: case jl_intrinsic_ctlz_int: case jl_intrinsic_cttz_int:
    case jl_intrinsic_flipsign_int:
        return emit_int_arith(ctx, id, args, nargs, r);
    case jl_intrinsic_shl_int: case jl_intrinsic_lshr_int: case jl_intrinsic_ashr_int:
        return emit_shift(ctx, id, args, r);
    case jl_intrinsic_eq_int: case jl_intrinsic_ne_int: case jl_intrinsic_slt_int: case jl_intrinsic_ult_int:
    case jl_intrinsic_sle_int: case jl_intrinsic_ule_int:
        return emit_int_compare(ctx, id, args, r);
    case jl_intrinsic_eq_float: case jl_intrinsic_ne_float: case jl_intrinsic_lt_float: case jl_intrinsic_le_float:
    case jl_intrinsic_eq_float_fast: case jl_intrinsic_ne_float_fast: case jl_intrinsic_lt_float_fast:
    case jl_intrinsic_le_float_fast: case jl_intrinsic_fpiseq:
        return emit_float_compare(ctx, id, args, r);
    case jl_intrinsic_checked_sadd_int: case jl_intrinsic_checked_uadd_int: case jl_intrinsic_checked_ssub_int:
    case jl_intrinsic_checked_usub_int: case jl_intrinsic_checked_smul_int: case jl_intrinsic_checked_umul_int:
        return emit_checked(ctx, id, args, r);
    case jl_intrinsic_checked_sdiv_int: case jl_intrinsic_checked_udiv_int: case jl_intrinsic_checked_srem_int:
    case jl_intrinsic_checked_urem_int:
        return emit_checked_div(ctx, id, args, r);
    case jl_intrinsic_pointerref:
        return emit_pointerref(ctx, args, r);
    case jl_intrinsic_pointerset:
        return emit_pointerset(ctx, args, r);
    case jl_intrinsic_arraylen:
        return emit_arraylen(ctx, args, r);
    case jl_intrinsic_have_fma: {
        jl_value_t *T = args[0].constant;
        int has = jl_host_has_fma() && (T == (jl_value_t *)jl_float32_type || T == (jl_value_t *)jl_float64_type);
        *r = jl_cg_const(has ? jl_true : jl_false);
        return 1;
    }
    case jl_intrinsic_cglobal:
        return emit_cglobal(ctx, args, r);
    default:
        /* float ops */
        return emit_float_op(ctx, id, args, nargs, r);
    }
}
