/* intrinsics.h: the catalogue of Core.Intrinsics, listed once (name, number of arguments).
 * The interpreter (interpreter.c: jl_interp_intrinsic) and codegen (codegen.c) both switch over this list;
 * Base builds all of Julia's arithmetic from these (no arithmetic is special-cased in C elsewhere).
 * Conventions follow Julia: integer ops work on any bits type of the right size; the *_float ops on
 * Float16/32/64; conversions take the target type first: sext_int(Int64, x). */
#ifndef JL_INTRINSICS_H
#define JL_INTRINSICS_H

#define JL_INTRINSICS_X(X)                                                      \
    /* conversion */                                                            \
    X(bitcast, 2) X(sext_int, 2) X(zext_int, 2) X(trunc_int, 2)                 \
    X(fptoui, 2) X(fptosi, 2) X(uitofp, 2) X(sitofp, 2)                         \
    X(fptrunc, 2) X(fpext, 2)                                                   \
    /* integer arithmetic */                                                    \
    X(neg_int, 1) X(add_int, 2) X(sub_int, 2) X(mul_int, 2)                     \
    X(sdiv_int, 2) X(udiv_int, 2) X(srem_int, 2) X(urem_int, 2)                 \
    X(add_ptr, 2) X(sub_ptr, 2)                                                 \
    /* float arithmetic */                                                      \
    X(neg_float, 1) X(add_float, 2) X(sub_float, 2) X(mul_float, 2)             \
    X(div_float, 2) X(rem_float, 2) X(fma_float, 3) X(muladd_float, 3)          \
    X(neg_float_fast, 1) X(add_float_fast, 2) X(sub_float_fast, 2)              \
    X(mul_float_fast, 2) X(div_float_fast, 2) X(rem_float_fast, 2)              \
    /* comparison */                                                            \
    X(eq_int, 2) X(ne_int, 2) X(slt_int, 2) X(ult_int, 2) X(sle_int, 2)         \
    X(ule_int, 2) X(eq_float, 2) X(ne_float, 2) X(lt_float, 2) X(le_float, 2)   \
    X(eq_float_fast, 2) X(ne_float_fast, 2) X(lt_float_fast, 2)                 \
    X(le_float_fast, 2) X(fpiseq, 2)                                            \
    /* bitwise */                                                               \
    X(and_int, 2) X(or_int, 2) X(xor_int, 2) X(not_int, 1)                      \
    X(shl_int, 2) X(lshr_int, 2) X(ashr_int, 2) X(bswap_int, 1)                 \
    X(ctpop_int, 1) X(ctlz_int, 1) X(cttz_int, 1)                               \
    /* checked arithmetic: return (result, overflowed::Bool) */                 \
    X(checked_sadd_int, 2) X(checked_uadd_int, 2) X(checked_ssub_int, 2)        \
    X(checked_usub_int, 2) X(checked_smul_int, 2) X(checked_umul_int, 2)        \
    /* checked division: throw DivideError on 0 (and typemin/-1 for signed) */  \
    X(checked_sdiv_int, 2) X(checked_udiv_int, 2) X(checked_srem_int, 2)        \
    X(checked_urem_int, 2)                                                      \
    /* float functions */                                                       \
    X(abs_float, 1) X(copysign_float, 2) X(flipsign_int, 2)                     \
    X(ceil_llvm, 1) X(floor_llvm, 1) X(trunc_llvm, 1) X(rint_llvm, 1)           \
    X(sqrt_llvm, 1) X(sqrt_llvm_fast, 1)                                        \
    /* pointers */                                                              \
    X(pointerref, 3) X(pointerset, 4)                                           \
    /* misc */                                                                  \
    X(arraylen, 1) X(have_fma, 1) X(cglobal, 2)

#endif
