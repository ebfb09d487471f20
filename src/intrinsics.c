/* intrinsics.c: Core.Intrinsics in the interpreter, and `ccall` (Expr(:foreigncall)) for the interpreter.
 *
 * Intrinsic function objects are values of the 32-bit primitive type Core.IntrinsicFunction holding their
 * index in intrinsics.h; they are bound (and exported) in the module Core.Intrinsics. IntrinsicFunction's method table has
 * `builtin` set to a dispatcher, so calling one anywhere runs jl_interp_intrinsic.
 *
 * Conventions (as Julia's): integer intrinsics work on any primitive type by size (1..16 bytes) and return
 * the type of their first operand; conversions take the target type first; float intrinsics treat 2/4/8-byte
 * operands as Float16/32/64 (Float16 arithmetic is done in double and rounded once); checked_*_int return
 * Tuple{T, Bool}; checked division throws DivideError.
 *
 * ccall (x86-64 System V only): arguments are classified as INTEGER (ints, pointers, Any, Bool) or SSE
 * (Float64, Float32); up to 6 + 8 register arguments plus integer stack arguments. The function pointer is
 * called through a prototype with six integer and eight double parameters followed by `...` (so %al is set
 * for variadic callees such as printf); each class keeps its own order, which is all the ABI looks at.
 */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>
#include <math.h>
#include <dlfcn.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

const char *const jl_intrinsic_names[] = {
#define JL_INTRINSIC_NAME(name, nargs) #name,
    JL_INTRINSICS_X(JL_INTRINSIC_NAME)
#undef JL_INTRINSIC_NAME
};

const int jl_intrinsic_nargs[] = {
#define JL_INTRINSIC_NARGS(name, nargs) nargs,
    JL_INTRINSICS_X(JL_INTRINSIC_NARGS)
#undef JL_INTRINSIC_NARGS
};

/* ---------------------------------------------------------------------------------------------- */
/* Bits of primitive values */

static jl_datatype_t *prim_type(const char *fname, jl_value_t *v)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(v);
    if (!t->isprimitivetype)
        jl_errorf("%s: value is not a primitive type", fname);
    if (t->size > 16)
        jl_errorf("%s: unsupported primitive type size %d", fname, t->size);
    return t;
}

static jl_datatype_t *target_type(const char *fname, jl_value_t *T)
{
    if (!jl_is_primitivetype(T) || ((jl_datatype_t *)T)->hasfreetypevars)
        jl_errorf("%s: target type not a leaf primitive type", fname);
    if (((jl_datatype_t *)T)->size > 16)
        jl_errorf("%s: unsupported primitive type size", fname);
    return (jl_datatype_t *)T;
}

static inline u128 load_u(const void *p, size_t sz)
{
    u128 x = 0;
    memcpy(&x, p, sz);
    return x;
}

static inline s128 sext(u128 x, size_t sz)
{
    if (sz >= 16)
        return (s128)x;
    int sh = 128 - 8 * (int)sz;
    return (s128)(x << sh) >> sh;
}

static inline u128 zmask(u128 x, size_t sz)
{
    if (sz >= 16)
        return x;
    return x & (((u128)1 << (8 * sz)) - 1);
}

static inline s128 load_s(const void *p, size_t sz) { return sext(load_u(p, sz), sz); }

static jl_value_t *box_u(jl_datatype_t *t, u128 x)
{
    if (t == jl_bool_type)
        return (x & 1) ? jl_true : jl_false;
    return jl_box_bits_of(t, &x); /* little-endian: the low t->size bytes */
}

static void same_types(const char *fname, jl_value_t *a, jl_value_t *b)
{
    if (jl_typeof(a) != jl_typeof(b))
        jl_errorf("%s: types of a and b must match", fname);
}

/* ---------------------------------------------------------------------------------------------- */
/* Float16 */

static double half_to_double(uint16_t h)
{
    int sign = h >> 15, e = (h >> 10) & 0x1f, m = h & 0x3ff;
    if (e == 31) {
        uint64_t bits = ((uint64_t)sign << 63) | 0x7ff0000000000000ULL | ((uint64_t)m << 42);
        double d;
        memcpy(&d, &bits, 8);
        return d;
    }
    double r = e == 0 ? ldexp((double)m, -24) : ldexp((double)(m | 0x400), e - 25);
    return sign ? -r : r;
}

/* Round-to-nearest-even conversion of a double to Float16 bits. */
static uint16_t double_to_half(double d)
{
    uint64_t x;
    memcpy(&x, &d, 8);
    uint16_t sign = (uint16_t)((x >> 48) & 0x8000);
    uint64_t ax = x & 0x7fffffffffffffffULL;
    if (ax >= 0x7ff0000000000000ULL) {
        if (ax > 0x7ff0000000000000ULL)
            return sign | 0x7e00 | (uint16_t)((x >> 42) & 0x1ff);
        return sign | 0x7c00;
    }
    int e = (int)(ax >> 52) - 1023;
    uint64_t m = ax & 0xFFFFFFFFFFFFFULL;
    if (e > 15)
        return sign | 0x7c00;
    if (e >= -14) {
        uint64_t mant = m >> 42, rem = m & ((1ULL << 42) - 1), halfway = 1ULL << 41;
        uint16_t h = (uint16_t)(((e + 15) << 10) | mant);
        if (rem > halfway || (rem == halfway && (mant & 1)))
            h++;
        return sign | h;
    }
    if (ax == 0 || e < -25)
        return sign;
    uint64_t full = m | (1ULL << 52);
    int shift = 52 - (e + 24);
    uint64_t q = full >> shift, rem = full & ((1ULL << shift) - 1), halfway = 1ULL << (shift - 1);
    if (rem > halfway || (rem == halfway && (q & 1)))
        q++;
    return sign | (uint16_t)q;
}

JL_DLLEXPORT float jl_half_to_float(uint16_t h) { return (float)half_to_double(h); }
JL_DLLEXPORT uint16_t jl_float_to_half(float f) { return double_to_half((double)f); }
JL_DLLEXPORT uint16_t jl_double_to_half(double d) { return double_to_half(d); }

/* ---------------------------------------------------------------------------------------------- */
/* Floats by size */

static jl_datatype_t *float_type(const char *fname, jl_value_t *v)
{
    jl_datatype_t *t = prim_type(fname, v);
    if (t->size != 2 && t->size != 4 && t->size != 8)
        jl_errorf("%s: runtime floating point intrinsics are not implemented for bit sizes other than 16, 32 and 64",
                  fname);
    return t;
}

static double load_f(const void *p, size_t sz)
{
    if (sz == 8) {
        double d;
        memcpy(&d, p, 8);
        return d;
    }
    if (sz == 4) {
        float f;
        memcpy(&f, p, 4);
        return (double)f;
    }
    uint16_t h;
    memcpy(&h, p, 2);
    return half_to_double(h);
}

static jl_value_t *box_f(jl_datatype_t *t, double x)
{
    if (t->size == 8)
        return jl_box_bits_of(t, &x);
    if (t->size == 4) {
        float f = (float)x;
        return jl_box_bits_of(t, &f);
    }
    uint16_t h = double_to_half(x);
    return jl_box_bits_of(t, &h);
}

/* Rounds x to the precision of a float of size sz (for ops whose intermediate must be rounded). */
static double round_to(double x, size_t sz)
{
    if (sz == 4)
        return (double)(float)x;
    if (sz == 2)
        return half_to_double(double_to_half(x));
    return x;
}

static jl_value_t *float_unop(int id, jl_value_t *a)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = float_type(fn, a);
    double x = load_f(a, t->size), r;
    switch (id) {
    case jl_intrinsic_neg_float:
    case jl_intrinsic_neg_float_fast: {
        /* flip the sign bit only (keeps NaN payloads) */
        u128 bits = load_u(a, t->size) ^ ((u128)1 << (8 * t->size - 1));
        return jl_box_bits_of(t, &bits);
    }
    case jl_intrinsic_abs_float: {
        u128 bits = load_u(a, t->size) & ~((u128)1 << (8 * t->size - 1));
        return jl_box_bits_of(t, &bits);
    }
    case jl_intrinsic_ceil_llvm: r = ceil(x); break;
    case jl_intrinsic_floor_llvm: r = floor(x); break;
    case jl_intrinsic_trunc_llvm: r = trunc(x); break;
    case jl_intrinsic_rint_llvm: r = rint(x); break;
    case jl_intrinsic_sqrt_llvm:
    case jl_intrinsic_sqrt_llvm_fast: r = t->size == 4 ? (double)sqrtf((float)x) : sqrt(x); break;
    default: jl_errorf("%s: not a unary float intrinsic", fn);
    }
    return box_f(t, r);
}

static jl_value_t *float_binop(int id, jl_value_t *a, jl_value_t *b)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = float_type(fn, a);
    same_types(fn, a, b);
    size_t sz = t->size;
    double x = load_f(a, sz), y = load_f(b, sz), r;
    switch (id) {
    case jl_intrinsic_add_float:
    case jl_intrinsic_add_float_fast: r = x + y; break;
    case jl_intrinsic_sub_float:
    case jl_intrinsic_sub_float_fast: r = x - y; break;
    case jl_intrinsic_mul_float:
    case jl_intrinsic_mul_float_fast: r = x * y; break;
    case jl_intrinsic_div_float:
    case jl_intrinsic_div_float_fast: r = x / y; break;
    case jl_intrinsic_rem_float:
    case jl_intrinsic_rem_float_fast: r = fmod(x, y); break;
    case jl_intrinsic_copysign_float: {
        u128 sbit = (u128)1 << (8 * sz - 1);
        u128 bits = (load_u(a, sz) & ~sbit) | (load_u(b, sz) & sbit);
        return jl_box_bits_of(t, &bits);
    }
    case jl_intrinsic_eq_float:
    case jl_intrinsic_eq_float_fast: return x == y ? jl_true : jl_false;
    case jl_intrinsic_ne_float:
    case jl_intrinsic_ne_float_fast: return x != y ? jl_true : jl_false;
    case jl_intrinsic_lt_float:
    case jl_intrinsic_lt_float_fast: return x < y ? jl_true : jl_false;
    case jl_intrinsic_le_float:
    case jl_intrinsic_le_float_fast: return x <= y ? jl_true : jl_false;
    case jl_intrinsic_fpiseq:
        return ((isnan(x) && isnan(y)) || load_u(a, sz) == load_u(b, sz)) ? jl_true : jl_false;
    default: jl_errorf("%s: not a binary float intrinsic", fn);
    }
    return box_f(t, r);
}

static jl_value_t *float_ternop(int id, jl_value_t *a, jl_value_t *b, jl_value_t *c)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = float_type(fn, a);
    same_types(fn, a, b);
    same_types(fn, a, c);
    size_t sz = t->size;
    double x = load_f(a, sz), y = load_f(b, sz), z = load_f(c, sz), r;
    if (id == jl_intrinsic_fma_float)
        r = sz == 4 ? (double)fmaf((float)x, (float)y, (float)z) : fma(x, y, z);
    else
        r = round_to(x * y, sz) + z;
    return box_f(t, r);
}

/* ---------------------------------------------------------------------------------------------- */
/* Integers */

static jl_value_t *int_unop(int id, jl_value_t *a)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = prim_type(fn, a);
    size_t sz = t->size, bits = 8 * sz;
    u128 x = load_u(a, sz), r;
    switch (id) {
    case jl_intrinsic_neg_int: r = (u128)0 - x; break;
    case jl_intrinsic_not_int: r = ~x; break;
    case jl_intrinsic_bswap_int: {
        unsigned char in[16], out[16];
        memcpy(in, a, sz);
        for (size_t i = 0; i < sz; i++)
            out[i] = in[sz - 1 - i];
        r = load_u(out, sz);
        break;
    }
    case jl_intrinsic_ctpop_int: {
        uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
        r = (u128)(__builtin_popcountll(lo) + __builtin_popcountll(hi));
        break;
    }
    case jl_intrinsic_ctlz_int: {
        size_t n = 0;
        for (size_t i = bits; i > 0 && !((x >> (i - 1)) & 1); i--)
            n++;
        r = n;
        break;
    }
    case jl_intrinsic_cttz_int: {
        size_t n = 0;
        while (n < bits && !((x >> n) & 1))
            n++;
        r = n;
        break;
    }
    default: jl_errorf("%s: not a unary integer intrinsic", fn);
    }
    return box_u(t, zmask(r, sz));
}

static JL_NORETURN void throw_diverror(void)
{
    jl_div_by_zero();
}

static jl_value_t *int_binop(int id, jl_value_t *a, jl_value_t *b)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = prim_type(fn, a);
    size_t sz = t->size, bits = 8 * sz;
    int isshift = id == jl_intrinsic_shl_int || id == jl_intrinsic_lshr_int || id == jl_intrinsic_ashr_int;
    int isptr = id == jl_intrinsic_add_ptr || id == jl_intrinsic_sub_ptr;
    if (isshift) {
        prim_type(fn, b);
    }
    else if (isptr) { /* add_ptr(p::Ptr, offset::UInt): same size, different types */
        if (prim_type(fn, b)->size != (int32_t)sz)
            jl_errorf("%s: types of a and b must match", fn);
    }
    else {
        same_types(fn, a, b);
    }
    size_t bsz = (size_t)((jl_datatype_t *)jl_typeof(b))->size;
    u128 x = load_u(a, sz), y = load_u(b, bsz), r;
    s128 sx = sext(x, sz), sy = sext(y, sz);
    switch (id) {
    case jl_intrinsic_add_int: r = x + y; break;
    case jl_intrinsic_sub_int: r = x - y; break;
    case jl_intrinsic_mul_int: r = x * y; break;
    case jl_intrinsic_and_int: r = x & y; break;
    case jl_intrinsic_or_int: r = x | y; break;
    case jl_intrinsic_xor_int: r = x ^ y; break;
    case jl_intrinsic_add_ptr: r = x + y; break;
    case jl_intrinsic_sub_ptr: r = x - y; break;
    case jl_intrinsic_sdiv_int:
    case jl_intrinsic_checked_sdiv_int:
        if (sy == 0 || (sy == -1 && sx == sext((u128)1 << (bits - 1), sz)))
            throw_diverror();
        r = (u128)(sx / sy);
        break;
    case jl_intrinsic_srem_int:
    case jl_intrinsic_checked_srem_int:
        if (sy == 0)
            throw_diverror();
        r = sy == -1 ? 0 : (u128)(sx % sy);
        break;
    case jl_intrinsic_udiv_int:
    case jl_intrinsic_checked_udiv_int:
        if (y == 0)
            throw_diverror();
        r = x / y;
        break;
    case jl_intrinsic_urem_int:
    case jl_intrinsic_checked_urem_int:
        if (y == 0)
            throw_diverror();
        r = x % y;
        break;
    case jl_intrinsic_shl_int: r = y >= bits ? 0 : x << (unsigned)y; break;
    case jl_intrinsic_lshr_int: r = y >= bits ? 0 : x >> (unsigned)y; break;
    case jl_intrinsic_ashr_int: r = (u128)(sx >> (unsigned)(y >= bits ? bits - 1 : y)); break;
    case jl_intrinsic_flipsign_int: r = sy < 0 ? (u128)0 - x : x; break;
    case jl_intrinsic_eq_int: return x == y ? jl_true : jl_false;
    case jl_intrinsic_ne_int: return x != y ? jl_true : jl_false;
    case jl_intrinsic_slt_int: return sx < sy ? jl_true : jl_false;
    case jl_intrinsic_sle_int: return sx <= sy ? jl_true : jl_false;
    case jl_intrinsic_ult_int: return x < y ? jl_true : jl_false;
    case jl_intrinsic_ule_int: return x <= y ? jl_true : jl_false;
    default: jl_errorf("%s: not a binary integer intrinsic", fn);
    }
    return box_u(t, zmask(r, sz));
}

/* Tuple{T, Bool} instances for checked arithmetic. */
static jl_value_t *checked_result(jl_datatype_t *t, u128 r, int overflow)
{
    jl_value_t *params[2] = {(jl_value_t *)t, (jl_value_t *)jl_bool_type};
    jl_datatype_t *tt = jl_apply_tuple_type_v(params, 2);
    jl_value_t *v = box_u(t, r);
    return jl_new_struct(tt, v, overflow ? jl_true : jl_false);
}

static jl_value_t *int_checked(int id, jl_value_t *a, jl_value_t *b)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = prim_type(fn, a);
    same_types(fn, a, b);
    size_t sz = t->size;
    u128 x = load_u(a, sz), y = load_u(b, sz), ur = 0;
    s128 sx = sext(x, sz), sy = sext(y, sz), sr = 0;
    int ovf = 0, sgn = 0;
    switch (id) {
    case jl_intrinsic_checked_sadd_int: ovf = __builtin_add_overflow(sx, sy, &sr); sgn = 1; break;
    case jl_intrinsic_checked_ssub_int: ovf = __builtin_sub_overflow(sx, sy, &sr); sgn = 1; break;
    case jl_intrinsic_checked_smul_int: ovf = __builtin_mul_overflow(sx, sy, &sr); sgn = 1; break;
    case jl_intrinsic_checked_uadd_int: ovf = __builtin_add_overflow(x, y, &ur); break;
    case jl_intrinsic_checked_usub_int: ovf = __builtin_sub_overflow(x, y, &ur); break;
    case jl_intrinsic_checked_umul_int: ovf = __builtin_mul_overflow(x, y, &ur); break;
    default: jl_errorf("%s: not a checked intrinsic", fn);
    }
    if (sgn) {
        ur = (u128)sr;
        if (sz < 16 && sext(zmask(ur, sz), sz) != sr)
            ovf = 1;
    }
    else if (sz < 16 && zmask(ur, sz) != ur) {
        ovf = 1;
    }
    return checked_result(t, zmask(ur, sz), ovf);
}

/* ---------------------------------------------------------------------------------------------- */
/* Conversions */

static int is_signed_type(jl_datatype_t *t)
{
    return t == jl_int64_type || t == jl_int32_type || t == jl_int8_type || t == jl_int16_type ||
           t == jl_int128_type || (t != jl_bool_type && jl_subtype((jl_value_t *)t, (jl_value_t *)jl_signed_type));
}

static jl_value_t *int_convert(int id, jl_value_t *T, jl_value_t *a)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = target_type(fn, T);
    jl_datatype_t *at = prim_type(fn, a);
    size_t tsz = t->size, asz = at->size;
    u128 x = load_u(a, asz);
    switch (id) {
    case jl_intrinsic_bitcast:
        if (tsz != asz)
            jl_error("bitcast: argument size does not match size of target type");
        return jl_box_bits_of(t, a);
    case jl_intrinsic_sext_int:
        if (tsz < asz)
            jl_errorf("sext_int: output bitsize must be >= input bitsize");
        return box_u(t, zmask((u128)sext(x, asz), tsz));
    case jl_intrinsic_zext_int:
        if (tsz < asz)
            jl_errorf("zext_int: output bitsize must be >= input bitsize");
        return box_u(t, x);
    case jl_intrinsic_trunc_int:
        if (tsz > asz)
            jl_errorf("trunc_int: output bitsize must be <= input bitsize");
        return box_u(t, zmask(x, tsz));
    default: jl_errorf("%s: not an integer conversion", fn);
    }
}

/* float -> integer without undefined behaviour: NaN and out-of-range values give 0 */
static u128 float_to_int(double d, size_t tsz, int sgn)
{
    if (isnan(d))
        return 0;
    double lim = ldexp(1.0, 8 * (int)tsz - (sgn ? 1 : 0));
    if (sgn ? (d >= lim || d < -lim) : (d >= lim || d <= -1.0))
        return 0;
    if (tsz == 16)
        return sgn ? (u128)(s128)d : (u128)d;
    return sgn ? (u128)(s128)(int64_t)d : (u128)(uint64_t)d;
}

static jl_value_t *float_convert(int id, jl_value_t *T, jl_value_t *a)
{
    const char *fn = jl_intrinsic_names[id];
    jl_datatype_t *t = target_type(fn, T);
    jl_datatype_t *at = prim_type(fn, a);
    size_t tsz = t->size, asz = at->size;
    switch (id) {
    case jl_intrinsic_fptoui:
    case jl_intrinsic_fptosi: {
        float_type(fn, a);
        double d = load_f(a, asz);
        return box_u(t, zmask(float_to_int(d, tsz, id == jl_intrinsic_fptosi), tsz));
    }
    case jl_intrinsic_sitofp:
    case jl_intrinsic_uitofp: {
        if (tsz != 2 && tsz != 4 && tsz != 8)
            jl_errorf("%s: invalid target float size", fn);
        u128 x = load_u(a, asz);
        int sgn = id == jl_intrinsic_sitofp;
        if (tsz == 4) {
            float f = sgn ? (float)sext(x, asz) : (float)x;
            return jl_box_bits_of(t, &f);
        }
        double d = sgn ? (double)sext(x, asz) : (double)x;
        return box_f(t, d);
    }
    case jl_intrinsic_fptrunc:
    case jl_intrinsic_fpext: {
        float_type(fn, a);
        if (id == jl_intrinsic_fptrunc ? tsz >= asz : tsz <= asz)
            jl_errorf("%s: invalid float conversion size", fn);
        return box_f(t, load_f(a, asz));
    }
    default: jl_errorf("%s: not a float conversion", fn);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Pointers */

static int is_ptr_value(jl_value_t *p)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(p);
    return t->name == jl_pointer_typename;
}

static jl_value_t *pointer_eltype(const char *fname, jl_value_t *p)
{
    if (!is_ptr_value(p))
        jl_type_error(fname, (jl_value_t *)jl_pointer_type, p);
    return jl_tparam0(jl_typeof(p));
}

static size_t elsize_of(const char *fname, jl_value_t *ety)
{
    if (!jl_isbits(ety) || ((jl_datatype_t *)ety)->layout == NULL)
        jl_errorf("%s: invalid pointer", fname);
    jl_datatype_t *dt = (jl_datatype_t *)ety;
    size_t al = dt->layout->alignment ? dt->layout->alignment : 1;
    return LLT_ALIGN((size_t)dt->size, al);
}

static jl_value_t *pointerref(jl_value_t *p, jl_value_t *i)
{
    jl_value_t *ety = pointer_eltype("pointerref", p);
    if (!jl_is_long(i))
        jl_type_error("pointerref", (jl_value_t *)jl_int64_type, i);
    char *base = (char *)jl_unbox_voidpointer(p);
    int64_t k = jl_unbox_long(i) - 1;
    if (ety == (jl_value_t *)jl_any_type) {
        jl_value_t *v = ((jl_value_t **)base)[k];
        if (v == NULL)
            jl_undefref_error();
        return v;
    }
    size_t nb = elsize_of("pointerref", ety);
    return jl_new_bits(ety, base + k * (int64_t)nb);
}

static jl_value_t *pointerset(jl_value_t *p, jl_value_t *x, jl_value_t *i)
{
    jl_value_t *ety = pointer_eltype("pointerset", p);
    if (!jl_is_long(i))
        jl_type_error("pointerset", (jl_value_t *)jl_int64_type, i);
    char *base = (char *)jl_unbox_voidpointer(p);
    int64_t k = jl_unbox_long(i) - 1;
    if (ety == (jl_value_t *)jl_any_type) {
        ((jl_value_t **)base)[k] = x;
        return p;
    }
    size_t nb = elsize_of("pointerset", ety);
    if (jl_typeof(x) != ety && !jl_isa(x, ety))
        jl_type_error("pointerset", ety, x);
    memcpy(base + k * (int64_t)nb, x, (size_t)((jl_datatype_t *)ety)->size);
    return p;
}

/* ---------------------------------------------------------------------------------------------- */
/* Foreign symbols */

/* Resolved foreign symbols, keyed by (name symbol, library): an open-addressed table in C memory
 * (symbols are permanent, so the keys need no rooting). */
typedef struct {
    jl_sym_t *name;     /* NULL: empty slot */
    char *lib;          /* NULL: default search */
    void *ptr;
} symcache_t;

static symcache_t *symcache;
static size_t symcache_len, symcache_cap;

static void *open_library(const char *lib)
{
    static const char *suffixes[] = {"", ".so", ".so.6", ".so.1", ".so.2", ".so.3", ".so.0"};
    char buf[1024];
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        snprintf(buf, sizeof(buf), "%s%s", lib, suffixes[i]);
        void *h = dlopen(buf, RTLD_LAZY | RTLD_GLOBAL);
        if (h != NULL)
            return h;
    }
    return NULL;
}

static int is_runtime_lib(const char *lib)
{
    return strcmp(lib, "libjulia") == 0 || strcmp(lib, "libjulia-internal") == 0 ||
           strcmp(lib, "libc") == 0 || strcmp(lib, "libm") == 0;
}

static int same_lib(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static symcache_t *symcache_slot(jl_sym_t *name, const char *lib)
{
    size_t mask = symcache_cap - 1;
    for (size_t i = (size_t)(name->hash ^ (name->hash >> 13)) & mask;; i = (i + 1) & mask) {
        symcache_t *c = &symcache[i];
        if (c->name == NULL || (c->name == name && same_lib(c->lib, lib)))
            return c;
    }
}

static void symcache_insert(jl_sym_t *name, const char *lib, void *p)
{
    if ((symcache_len + 1) * 2 > symcache_cap) {
        symcache_t *old = symcache;
        size_t oldcap = symcache_cap;
        symcache_cap = oldcap ? 2 * oldcap : 256;
        symcache = (symcache_t *)calloc(symcache_cap, sizeof(symcache_t));
        if (symcache == NULL)
            jl_fatal_error("out of memory in the ccall symbol cache");
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].name != NULL)
                *symcache_slot(old[i].name, old[i].lib) = old[i];
        free(old);
    }
    symcache_t *c = symcache_slot(name, lib);
    c->name = name;
    c->lib = lib ? strdup(lib) : NULL;
    c->ptr = p;
    symcache_len++;
}

static void *resolve_symbol(jl_sym_t *name, const char *lib)
{
    if (symcache_cap > 0) {
        symcache_t *c = symcache_slot(name, lib);
        if (c->name != NULL)
            return c->ptr;
    }
    void *p = NULL;
    if (lib != NULL && !is_runtime_lib(lib)) {
        void *h = open_library(lib);
        if (h != NULL)
            p = dlsym(h, jl_symbol_name(name));
        else if ((p = dlsym(RTLD_DEFAULT, jl_symbol_name(name))) == NULL)
            jl_errorf("could not load library \"%s\"\n%s", lib, dlerror());
    }
    if (p == NULL)
        p = dlsym(RTLD_DEFAULT, jl_symbol_name(name));
    if (p == NULL)
        jl_errorf("could not load symbol \"%s\":\n%s", jl_symbol_name(name), lib ? lib : "undefined symbol");
    symcache_insert(name, lib, p);
    return p;
}

static jl_sym_t *as_symbol(jl_value_t *v, const char *what)
{
    if (jl_is_symbol(v))
        return (jl_sym_t *)v;
    if (jl_is_string(v))
        return jl_symbol_n(jl_string_data(v), jl_string_len(v));
    jl_errorf("%s: function name must be a Symbol or String", what);
}

/* The address named by a ccall/cglobal spec: :name, "name", (:name, lib), or a Ptr. */
JL_DLLEXPORT void *jl_resolve_foreign(jl_value_t *spec, const char *what)
{
    if (jl_is_quotenode(spec))
        spec = ((jl_quotenode_t *)spec)->value;
    if (jl_is_symbol(spec) || jl_is_string(spec))
        return resolve_symbol(as_symbol(spec, what), NULL);
    if (jl_is_tuple(spec) && jl_nfields_of(spec) >= 1) {
        jl_sym_t *name = as_symbol(jl_get_nth_field(spec, 0), what);
        if (jl_nfields_of(spec) == 1)
            return resolve_symbol(name, NULL);
        jl_value_t *lib = jl_get_nth_field(spec, 1);
        const char *libname;
        if (jl_is_string(lib))
            libname = jl_string_data(lib);
        else if (jl_is_symbol(lib))
            libname = jl_symbol_name((jl_sym_t *)lib);
        else if (lib == jl_nothing)
            libname = NULL;
        else
            jl_errorf("%s: library name must be a String or Symbol", what);
        return resolve_symbol(name, libname);
    }
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(spec);
    if (t->isprimitivetype && t->size == sizeof(void *))
        return jl_unbox_voidpointer(spec);
    jl_errorf("%s: first argument not a pointer or valid constant expression", what);
}

static jl_value_t *cglobal(jl_value_t *spec, jl_value_t *T)
{
    void *p = jl_resolve_foreign(spec, "cglobal");
    jl_value_t *rt = T == (jl_value_t *)jl_nothing_type ? (jl_value_t *)jl_voidpointer_type
                                                          : jl_apply_type1(jl_pointer_typename->wrapper, T);
    return jl_new_bits(rt, &p);
}

/* ---------------------------------------------------------------------------------------------- */
/* The intrinsic dispatcher */

jl_value_t *jl_interp_intrinsic(int id, jl_value_t **args, uint32_t nargs)
{
    if (id < 0 || id >= jl_num_intrinsics)
        jl_error("invalid intrinsic function");
    const char *fn = jl_intrinsic_names[id];
    if ((int)nargs != jl_intrinsic_nargs[id] &&
        !(id == jl_intrinsic_pointerref && nargs == 3) && !(id == jl_intrinsic_cglobal && nargs == 1))
        jl_errorf("%s: wrong number of arguments", fn);
    switch (id) {
    case jl_intrinsic_bitcast:
    case jl_intrinsic_sext_int:
    case jl_intrinsic_zext_int:
    case jl_intrinsic_trunc_int:
        return int_convert(id, args[0], args[1]);
    case jl_intrinsic_fptoui:
    case jl_intrinsic_fptosi:
    case jl_intrinsic_uitofp:
    case jl_intrinsic_sitofp:
    case jl_intrinsic_fptrunc:
    case jl_intrinsic_fpext:
        return float_convert(id, args[0], args[1]);
    case jl_intrinsic_neg_int:
    case jl_intrinsic_not_int:
    case jl_intrinsic_bswap_int:
    case jl_intrinsic_ctpop_int:
    case jl_intrinsic_ctlz_int:
    case jl_intrinsic_cttz_int:
        return int_unop(id, args[0]);
    case jl_intrinsic_add_int:
    case jl_intrinsic_sub_int:
    case jl_intrinsic_mul_int:
    case jl_intrinsic_sdiv_int:
    case jl_intrinsic_udiv_int:
    case jl_intrinsic_srem_int:
    case jl_intrinsic_urem_int:
    case jl_intrinsic_add_ptr:
    case jl_intrinsic_sub_ptr:
    case jl_intrinsic_eq_int:
    case jl_intrinsic_ne_int:
    case jl_intrinsic_slt_int:
    case jl_intrinsic_ult_int:
    case jl_intrinsic_sle_int:
    case jl_intrinsic_ule_int:
    case jl_intrinsic_and_int:
    case jl_intrinsic_or_int:
    case jl_intrinsic_xor_int:
    case jl_intrinsic_shl_int:
    case jl_intrinsic_lshr_int:
    case jl_intrinsic_ashr_int:
    case jl_intrinsic_checked_sdiv_int:
    case jl_intrinsic_checked_udiv_int:
    case jl_intrinsic_checked_srem_int:
    case jl_intrinsic_checked_urem_int:
    case jl_intrinsic_flipsign_int:
        return int_binop(id, args[0], args[1]);
    case jl_intrinsic_checked_sadd_int:
    case jl_intrinsic_checked_uadd_int:
    case jl_intrinsic_checked_ssub_int:
    case jl_intrinsic_checked_usub_int:
    case jl_intrinsic_checked_smul_int:
    case jl_intrinsic_checked_umul_int:
        return int_checked(id, args[0], args[1]);
    case jl_intrinsic_neg_float:
    case jl_intrinsic_neg_float_fast:
    case jl_intrinsic_abs_float:
    case jl_intrinsic_ceil_llvm:
    case jl_intrinsic_floor_llvm:
    case jl_intrinsic_trunc_llvm:
    case jl_intrinsic_rint_llvm:
    case jl_intrinsic_sqrt_llvm:
    case jl_intrinsic_sqrt_llvm_fast:
        return float_unop(id, args[0]);
    case jl_intrinsic_add_float:
    case jl_intrinsic_sub_float:
    case jl_intrinsic_mul_float:
    case jl_intrinsic_div_float:
    case jl_intrinsic_rem_float:
    case jl_intrinsic_add_float_fast:
    case jl_intrinsic_sub_float_fast:
    case jl_intrinsic_mul_float_fast:
    case jl_intrinsic_div_float_fast:
    case jl_intrinsic_rem_float_fast:
    case jl_intrinsic_eq_float:
    case jl_intrinsic_ne_float:
    case jl_intrinsic_lt_float:
    case jl_intrinsic_le_float:
    case jl_intrinsic_eq_float_fast:
    case jl_intrinsic_ne_float_fast:
    case jl_intrinsic_lt_float_fast:
    case jl_intrinsic_le_float_fast:
    case jl_intrinsic_fpiseq:
    case jl_intrinsic_copysign_float:
        return float_binop(id, args[0], args[1]);
    case jl_intrinsic_fma_float:
    case jl_intrinsic_muladd_float:
        return float_ternop(id, args[0], args[1], args[2]);
    case jl_intrinsic_pointerref:
        return pointerref(args[0], args[1]);
    case jl_intrinsic_pointerset:
        return pointerset(args[0], args[1], args[2]);
    case jl_intrinsic_arraylen:
        if (!jl_is_array(args[0]))
            jl_type_error("arraylen", (jl_value_t *)jl_array_type, args[0]);
        return jl_box_long((int64_t)jl_array_len(args[0]));
    case jl_intrinsic_have_fma:
        return jl_false;
    case jl_intrinsic_cglobal:
        return cglobal(args[0], nargs > 1 ? args[1] : (jl_value_t *)jl_nothing_type);
    default:
        jl_errorf("%s: intrinsic not implemented in the interpreter", fn);
    }
}

static jl_value_t *call_intrinsic(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    return jl_interp_intrinsic((int)*(int32_t *)F, args, nargs);
}

void jl_init_intrinsic_functions(void)
{
    jl_sym_t *name = jl_symbol("Intrinsics");
    jl_module_t *inm = jl_new_module(name, jl_core_module);
    jl_set_const(jl_core_module, name, (jl_value_t *)inm);
    for (int i = 0; i < jl_num_intrinsics; i++) {
        int32_t id = i;
        jl_value_t *f = jl_gc_alloc(sizeof(int32_t), (jl_value_t *)jl_intrinsic_type);
        memcpy(f, &id, sizeof(id));
        jl_sym_t *name = jl_symbol(jl_intrinsic_names[i]);
        jl_set_const(inm, name, f);
        jl_module_export(inm, name); /* `using Core.Intrinsics` makes them visible */
    }
    jl_typename_t *tn = jl_intrinsic_type->name;
    if (tn->mt == NULL)
        tn->mt = jl_new_method_table(tn->name, jl_core_module);
    tn->mt->builtin = call_intrinsic;
}

/* ---------------------------------------------------------------------------------------------- */
/* ccall */

enum { CC_INT, CC_F64, CC_F32 };

static int is_float_type(jl_value_t *T, int size)
{
    return (size == 8 && T == (jl_value_t *)jl_float64_type) || (size == 4 && T == (jl_value_t *)jl_float32_type);
}

static int is_pointer_like(jl_datatype_t *t)
{
    if (t->name == jl_pointer_typename)
        return 1;
    const char *n = jl_symbol_name(t->name->name);
    return strcmp(n, "Cstring") == 0 || strcmp(n, "Cwstring") == 0;
}

static JL_NORETURN void ccall_arg_error(size_t i, jl_value_t *T, jl_value_t *v)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "ccall argument %zu", i + 1);
    jl_type_error(buf, T, v);
}

static uint64_t pointer_arg(size_t i, jl_value_t *T, jl_value_t *v)
{
    jl_datatype_t *vt = (jl_datatype_t *)jl_typeof(v);
    if (vt->isprimitivetype && vt->size == 8)
        return jl_unbox_uint64(v);
    if (vt == jl_string_type)
        return (uint64_t)(uintptr_t)jl_string_data(v);
    if (vt == jl_symbol_type)
        return (uint64_t)(uintptr_t)jl_symbol_name((jl_sym_t *)v);
    if (vt->name == jl_array_typename)
        return (uint64_t)(uintptr_t)jl_array_data(v);
    if (v == jl_nothing)
        return 0;
    if (vt->name->mutabl)
        return (uint64_t)(uintptr_t)v;
    ccall_arg_error(i, T, v);
}

static uint64_t integer_arg(size_t i, jl_datatype_t *T, jl_value_t *v)
{
    jl_datatype_t *vt = (jl_datatype_t *)jl_typeof(v);
    u128 x;
    if (vt->isprimitivetype && vt->size <= 16 && vt != jl_float64_type && vt != jl_float32_type) {
        x = load_u(v, vt->size);
        if (is_signed_type(vt))
            x = (u128)sext(x, vt->size);
    }
    else if (vt == jl_float64_type || vt == jl_float32_type) {
        double d = load_f(v, vt->size);
        if (d != trunc(d))
            ccall_arg_error(i, (jl_value_t *)T, v);
        x = (u128)(s128)d;
    }
    else {
        ccall_arg_error(i, (jl_value_t *)T, v);
    }
    if (T == jl_bool_type)
        return (uint64_t)(x != 0);
    size_t sz = T->size;
    x = zmask(x, sz);
    if (sz < 8 && is_signed_type(T))
        x = (u128)sext(x, sz);
    return (uint64_t)x;
}

static double float_arg(size_t i, jl_value_t *T, jl_value_t *v)
{
    jl_datatype_t *vt = (jl_datatype_t *)jl_typeof(v);
    if (vt == jl_float64_type || vt == jl_float32_type || vt == jl_float16_type)
        return load_f(v, vt->size);
    if (vt->isprimitivetype && vt->size <= 8 && vt != jl_char_type)
        return is_signed_type(vt) ? (double)load_s(v, vt->size) : (double)load_u(v, vt->size);
    ccall_arg_error(i, T, v);
}

/* Classifies and converts argument i of declared type T; returns its class. */
static int convert_arg(size_t i, jl_value_t *T, jl_value_t *v, uint64_t *iv, double *fv)
{
    if (jl_is_vararg(T))
        T = jl_unwrap_vararg(T);
    if (T == (jl_value_t *)jl_any_type) {
        *iv = (uint64_t)(uintptr_t)v;
        return CC_INT;
    }
    if (is_float_type(T, 8)) {
        *fv = float_arg(i, T, v);
        return CC_F64;
    }
    if (is_float_type(T, 4)) {
        union { double d; float f[2]; } u;
        u.d = 0;
        u.f[0] = (float)float_arg(i, T, v);
        *fv = u.d;
        return CC_F32;
    }
    if (jl_is_datatype(T) && ((jl_datatype_t *)T)->name == jl_ref_type->name) {
        jl_datatype_t *vt = (jl_datatype_t *)jl_typeof(v);
        *iv = vt->name == jl_pointer_typename ? jl_unbox_uint64(v) : (uint64_t)(uintptr_t)v;
        return CC_INT;
    }
    if (jl_is_primitivetype(T) && ((jl_datatype_t *)T)->size <= 8) {
        jl_datatype_t *t = (jl_datatype_t *)T;
        *iv = is_pointer_like(t) ? pointer_arg(i, T, v) : integer_arg(i, t, v);
        return CC_INT;
    }
    jl_errorf("ccall: argument type %s is not supported by the interpreter",
              jl_is_datatype(T) ? jl_symbol_name(((jl_datatype_t *)T)->name->name) : "(non-datatype)");
}

#define NI 6
#define NF 8
#define NSTACK 10

typedef uint64_t (*cc_int_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                              double, double, double, double, double, ...);
typedef double (*cc_dbl_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                            double, double, double, double, double, ...);
typedef u128 (*cc_i128_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                           double, double, double, double, double, ...);

#define CC_ARGS                                                                                          \
    iv[0], iv[1], iv[2], iv[3], iv[4], iv[5], fv[0], fv[1], fv[2], fv[3], fv[4], fv[5], fv[6], fv[7], st[0], \
        st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], st[9]

/* Boxes a C return value (integer class in r, SSE class in d) as Julia type rt. */
static jl_value_t *box_return(jl_value_t *rt, uint64_t r, double d)
{
    if (rt == (jl_value_t *)jl_nothing_type)
        return jl_nothing;
    if (rt == (jl_value_t *)jl_any_type) {
        if (r == 0)
            jl_undefref_error();
        return (jl_value_t *)(uintptr_t)r;
    }
    if (rt == (jl_value_t *)jl_float64_type)
        return jl_box_float64(d);
    if (rt == (jl_value_t *)jl_float32_type) {
        union { double d; float f[2]; } u;
        u.d = d;
        return jl_box_float32(u.f[0]);
    }
    if (rt == (jl_value_t *)jl_bool_type)
        return (r & 0xff) ? jl_true : jl_false;
    if (jl_is_datatype(rt) && ((jl_datatype_t *)rt)->name == jl_ref_type->name) {
        jl_value_t *T = jl_tparam0(rt);
        if (jl_isbits(T) && r != 0)
            return jl_new_bits(T, (void *)(uintptr_t)r);
        if (r == 0)
            jl_undefref_error();
        return (jl_value_t *)(uintptr_t)r;
    }
    if (jl_is_primitivetype(rt) && ((jl_datatype_t *)rt)->size <= 8 && !((jl_datatype_t *)rt)->hasfreetypevars)
        return jl_new_bits(rt, &r);
    jl_errorf("ccall: return type %s is not supported by the interpreter",
              jl_is_datatype(rt) ? jl_symbol_name(((jl_datatype_t *)rt)->name->name) : "(non-datatype)");
}

/* Calls fptr with the given arguments converted to the C types in argtypes; boxes the result as rt. */
JL_DLLEXPORT jl_value_t *jl_interp_ccall(void *fptr, jl_value_t *rt, jl_svec_t *argtypes, jl_value_t **args,
                                         size_t nargs)
{
    uint64_t iv[NI] = {0}, st[NSTACK] = {0};
    double fv[NF] = {0};
    size_t ni = 0, nf = 0, ns = 0, ntypes = jl_svec_len(argtypes);
    if (nargs < ntypes && !(ntypes > 0 && jl_is_vararg(jl_svecref(argtypes, ntypes - 1)) && nargs >= ntypes - 1))
        jl_error("ccall: wrong number of arguments to C function");
    for (size_t i = 0; i < nargs; i++) {
        jl_value_t *T = jl_svecref(argtypes, i < ntypes ? i : ntypes - 1);
        uint64_t ix = 0;
        double fx = 0;
        int cls = convert_arg(i, T, args[i], &ix, &fx);
        if (cls == CC_INT) {
            if (ni < NI)
                iv[ni++] = ix;
            else if (ns < NSTACK && nf <= NF)
                st[ns++] = ix;
            else
                jl_error("ccall: too many arguments for the interpreter");
        }
        else {
            if (nf < NF)
                fv[nf++] = fx;
            else
                jl_error("ccall: too many floating-point arguments for the interpreter");
        }
    }
    if (rt == (jl_value_t *)jl_float64_type || rt == (jl_value_t *)jl_float32_type) {
        double d = ((cc_dbl_fn)fptr)(CC_ARGS);
        return box_return(rt, 0, d);
    }
    if (jl_is_primitivetype(rt) && ((jl_datatype_t *)rt)->size == 16) {
        u128 r = ((cc_i128_fn)fptr)(CC_ARGS);
        return jl_new_bits(rt, &r);
    }
    uint64_t r = ((cc_int_fn)fptr)(CC_ARGS);
    return box_return(rt, r, 0);
}
