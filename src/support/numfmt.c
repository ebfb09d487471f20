/* numfmt.c: Julia 1.10's float printing and numeric literal parsing (see numfmt.h).
 *
 * Printing computes exactly what Base.Ryu.reduce_shortest computes, then formats it the way
 * Base.Ryu.writeshortest does. Our own implementation of the Ryu state machine:
 *   1. Scale the rounding interval [u, w] around the value v (all times 2^e2) by 10^-e10, where e10
 *      is Ryu's starting decimal exponent, giving a <= b <= c (floors) plus the facts "u / 10^e10
 *      is an integer" (a_exact) and "v / 10^e10 is an integer" (b_exact) as Ryu states them.
 *      The floors are computed exactly: 128-bit arithmetic when it fits, a small bignum otherwise
 *      (no precomputed tables, so correctness does not depend on table precision).
 *   2. Drop decimal digits while the interval still holds a shorter number, remembering the last
 *      dropped digit of b; round b (half-even on exact ties); optionally cut to 6 digits (:compact).
 * Matching Ryu's intermediate state (not just "shortest, closest") matters for :compact output,
 * whose second rounding depends on it.
 *
 * Parsing handles the literal forms of the Julia tokenizer and picks types like JuliaSyntax
 * (parse_int_literal / parse_uint_literal / parse_float_literal); decimal floats go through
 * strtod/strtof (correctly rounded by glibc). */
#include "numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* ---- IEEE formats ---------------------------------------------------------------------------- */

typedef struct {
    int width;     /* 16, 32 or 64 */
    int mbits;     /* stored significand bits */
    int ebits;     /* exponent bits */
    int bias;      /* exponent bias */
    int qinvbound; /* Ryu: largest q for which v, u or w can be a multiple of 5^q (e2 >= 0) */
    int qbound;    /* Ryu: q bound for the multiple-of-2^q test (e2 < 0) */
} fltfmt_t;

static const fltfmt_t fmt16 = {16, 10, 5, 15, 4, 15};
static const fltfmt_t fmt32 = {32, 23, 8, 127, 9, 31};
static const fltfmt_t fmt64 = {64, 52, 11, 1023, 21, 63};

static const fltfmt_t *fmt_for_width(int width)
{
    return width == 16 ? &fmt16 : width == 32 ? &fmt32 : &fmt64;
}

/* 5^k for 0 <= k <= 27 (the powers of five that fit in 64 bits). */
static const uint64_t pow5_u64[28] = {
    1u, 5u, 25u, 125u, 625u, 3125u, 15625u, 78125u, 390625u, 1953125u, 9765625u,
    48828125u, 244140625u, 1220703125u, 6103515625u, 30517578125u, 152587890625u,
    762939453125u, 3814697265625u, 19073486328125u, 95367431640625u, 476837158203125u,
    2384185791015625u, 11920928955078125u, 59604644775390625u, 298023223876953125u,
    1490116119384765625u, 7450580596923828125u};

/* floor(e * log10(2)) for 0 <= e <= 1650 and floor(e * log10(5)) for 0 <= e <= 2620. */
static int floor_log10_pow2(int e) { return (int)(((uint64_t)e * 78913) >> 18); }
static int floor_log10_pow5(int e) { return (int)(((uint64_t)e * 732923) >> 20); }

/* ---- a small unsigned bignum (only for magnitudes beyond 128-bit arithmetic) ----------------- */

#define BN_LIMBS 16 /* 1024 bits; the largest number built is below 2^820 */

typedef struct {
    int n;                  /* limbs in use; w[n-1] != 0 unless n == 0 */
    uint64_t w[BN_LIMBS];   /* little-endian 64-bit limbs */
} bn_t;

static void bn_set(bn_t *a, uint64_t x)
{
    a->n = x != 0;
    a->w[0] = x;
}

static void bn_mul_u64(bn_t *a, uint64_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        u128 p = (u128)a->w[i] * m + carry;
        a->w[i] = (uint64_t)p;
        carry = (uint64_t)(p >> 64);
    }
    if (carry)
        a->w[a->n++] = carry;
}

static void bn_mul_pow5(bn_t *a, int k)
{
    for (; k >= 27; k -= 27)
        bn_mul_u64(a, pow5_u64[27]);
    if (k > 0)
        bn_mul_u64(a, pow5_u64[k]);
}

static void bn_shl(bn_t *a, int s)
{
    int ws = s >> 6, bs = s & 63, n = a->n;
    if (n == 0 || s == 0)
        return;
    uint64_t top = bs ? a->w[n - 1] >> (64 - bs) : 0;
    for (int i = n - 1; i >= 0; i--) {
        uint64_t lo = (bs && i > 0) ? a->w[i - 1] >> (64 - bs) : 0;
        a->w[i + ws] = (a->w[i] << bs) | lo;
    }
    for (int i = 0; i < ws; i++)
        a->w[i] = 0;
    a->n = n + ws;
    if (top)
        a->w[a->n++] = top;
}

static uint64_t bn_limb(const bn_t *a, int i) { return i < a->n ? a->w[i] : 0; }

/* Bits [s, s+64) of a. */
static uint64_t bn_bits64(const bn_t *a, int s)
{
    int ws = s >> 6, bs = s & 63;
    uint64_t lo = bn_limb(a, ws);
    return bs ? (lo >> bs) | (bn_limb(a, ws + 1) << (64 - bs)) : lo;
}

static int bn_bitlen(const bn_t *a)
{
    if (a->n == 0)
        return 0;
    return 64 * (a->n - 1) + (64 - __builtin_clzll(a->w[a->n - 1]));
}

static int bn_cmp(const bn_t *a, const bn_t *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* a -= b, requires a >= b. */
static void bn_sub(bn_t *a, const bn_t *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t bi = bn_limb(b, i);
        uint64_t d = a->w[i] - bi - borrow;
        borrow = (a->w[i] < bi) || (a->w[i] - bi < borrow);
        a->w[i] = d;
    }
    while (a->n > 0 && a->w[a->n - 1] == 0)
        a->n--;
}

/* floor(n / d) for a quotient known to be below 2^64; n is clobbered. */
static uint64_t bn_div_small(bn_t *n, const bn_t *d)
{
    int s = bn_bitlen(d) - 64;
    if (s <= 0) {
        u128 num = ((u128)bn_limb(n, 1) << 64) | bn_limb(n, 0);
        return (uint64_t)(num / bn_limb(d, 0));
    }
    /* Estimate from the top 64 bits of d (>= 2^63): low by at most a few units. */
    uint64_t dt = bn_bits64(d, s);
    u128 nt = ((u128)bn_bits64(n, s + 64) << 64) | bn_bits64(n, s);
    uint64_t q = (uint64_t)(nt / ((u128)dt + 1));
    bn_t t = *d;
    bn_mul_u64(&t, q);
    bn_sub(n, &t);
    while (bn_cmp(n, d) >= 0) {
        bn_sub(n, d);
        q++;
    }
    return q;
}

/* ---- exact scaling: floor(x * 2^p2 * 5^p5) with p2, p5 of opposite signs -------------------- */

/* floor(x * p / 2^s) for x < 2^64, p < 2^128. */
static uint64_t mul_shr_192(uint64_t x, u128 p, int s)
{
    u128 lo = (u128)x * (uint64_t)p;
    u128 hi = (u128)x * (uint64_t)(p >> 64);
    u128 mid = (lo >> 64) + (uint64_t)hi;
    uint64_t w[4] = {(uint64_t)lo, (uint64_t)mid, (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64), 0};
    int ws = s >> 6, bs = s & 63;
    if (ws >= 3)
        return 0;
    return bs ? (w[ws] >> bs) | (w[ws + 1] << (64 - bs)) : w[ws];
}

/* out[i] = floor(x[i] * 5^p5 / 2^-p2) when p5 > 0 or p2 < 0 (then p2 <= 0 <= p5),
 * out[i] = floor(x[i] * 2^p2 / 5^-p5) otherwise (p5 <= 0 <= p2). Each x[i] < 2^57. */
static void scale_floor(const uint64_t *x, uint64_t *out, int n, int p2, int p5)
{
    int multiply = p5 > 0 || p2 < 0;
    if (multiply && p5 <= 54) {
        u128 p = p5 <= 27 ? pow5_u64[p5] : (u128)pow5_u64[27] * pow5_u64[p5 - 27];
        for (int i = 0; i < n; i++)
            out[i] = mul_shr_192(x[i], p, -p2);
    }
    else if (multiply) {
        bn_t p, t;
        bn_set(&p, 1);
        bn_mul_pow5(&p, p5);
        for (int i = 0; i < n; i++) {
            t = p;
            bn_mul_u64(&t, x[i]);
            out[i] = bn_bits64(&t, -p2);
        }
    }
    else if (-p5 <= 27 && p2 <= 70) {
        for (int i = 0; i < n; i++)
            out[i] = (uint64_t)(((u128)x[i] << p2) / pow5_u64[-p5]);
    }
    else {
        bn_t d, t;
        bn_set(&d, 1);
        bn_mul_pow5(&d, -p5);
        for (int i = 0; i < n; i++) {
            bn_set(&t, x[i]);
            bn_shl(&t, p2);
            out[i] = bn_div_small(&t, &d);
        }
    }
}

/* Is x a multiple of 5^q (q <= 27)? Of 2^q (q < 64)? */
static int multiple_of_pow5(uint64_t x, int q) { return x % pow5_u64[q] == 0; }
static int multiple_of_pow2(uint64_t x, int q) { return (x & (((uint64_t)1 << q) - 1)) == 0; }

/* ---- Ryu's shortest-digits state machine ----------------------------------------------------- */

typedef struct {
    uint64_t a, b, c; /* floor(u / 10^e10), floor(v / 10^e10), floor(w / 10^e10) (c maybe -1) */
    int e10;          /* decimal exponent of the last digit of a, b, c */
    int a_exact;      /* Ryu's "a_allzero": u / 10^e10 has no dropped nonzero digits */
    int b_exact;      /* Ryu's "b_allzero" */
    unsigned last;    /* last digit dropped from b */
    int even;         /* significand even: the interval ends count as inside */
    int roundup;      /* b must be incremented */
} ryu_t;

/* Julia's test `((v % UInt32) - 5 * div(v, 5)) == 0`. For Float32/Float16 it is v % 5 == 0, but
 * for Float64 (v a UInt64 >= 2^54 here) the truncation to 32 bits makes it always false, so Julia
 * never marks b exact in this branch. Reproduced on purpose: the output must match Julia's. */
static int julia_mod5_zero(const fltfmt_t *F, uint64_t v)
{
    if (F->width != 64)
        return v % 5 == 0;
    return (uint64_t)(uint32_t)v - 5 * (v / 5) == 0;
}

/* Starting point for e2 >= 0 (value v * 2^e2 >= 1 scale). */
static void ryu_start_pos(const fltfmt_t *F, ryu_t *r, const uint64_t x[3], int e2)
{
    int q = floor_log10_pow2(e2) - (F->width == 64 && e2 > 3);
    uint64_t out[3];
    r->e10 = q;
    scale_floor(x, out, 3, e2 - q, -q);
    r->a = out[0], r->b = out[1], r->c = out[2];
    if (F->width != 64 && q != 0 && (r->c - 1) / 10 <= r->a / 10) {
        uint64_t d;
        scale_floor(&x[1], &d, 1, e2 - q + 1, -(q - 1));
        r->last = (unsigned)(d % 10);
    }
    if (q <= F->qinvbound) {
        if (julia_mod5_zero(F, x[1]))
            r->b_exact = multiple_of_pow5(x[1], q);
        else if (r->even)
            r->a_exact = multiple_of_pow5(x[0], q);
        else
            r->c -= multiple_of_pow5(x[2], q);
    }
}

/* Starting point for e2 < 0. shift_half: u = v - 1 (first float of a binade). */
static void ryu_start_neg(const fltfmt_t *F, ryu_t *r, const uint64_t x[3], int e2, int shift_half)
{
    int q = floor_log10_pow5(-e2) - (F->width == 64 && -e2 > 1);
    int i = -e2 - q;
    uint64_t out[3];
    r->e10 = q + e2;
    scale_floor(x, out, 3, -q, i);
    r->a = out[0], r->b = out[1], r->c = out[2];
    if (F->width != 64 && q != 0 && (r->c - 1) / 10 <= r->a / 10) {
        uint64_t d;
        scale_floor(&x[1], &d, 1, -(q - 1), i + 1);
        r->last = (unsigned)(d % 10);
    }
    if (q <= 1) {
        r->b_exact = 1;
        if (r->even)
            r->a_exact = !shift_half;
        else
            r->c -= 1;
    }
    else if (q < F->qbound) {
        r->b_exact = multiple_of_pow2(x[1], q - (F->width != 64));
    }
}

/* Drop one digit from a, b, c. */
static void ryu_drop(ryu_t *r)
{
    r->last = (unsigned)(r->b % 10);
    r->a /= 10, r->b /= 10, r->c /= 10;
    r->e10++;
}

/* Reduction when an interval end or the value may be exact (tracks exactness of each digit). */
static void ryu_reduce_exact(ryu_t *r, uint64_t maxsig)
{
    while (r->c / 10 > r->a / 10) {
        r->a_exact &= r->a % 10 == 0;
        r->b_exact &= r->last == 0;
        ryu_drop(r);
    }
    if (r->a_exact) {
        while (r->a != 0 && (r->a % 10 == 0 || (maxsig && r->b >= maxsig))) {
            r->b_exact &= r->last == 0;
            ryu_drop(r);
        }
    }
    if (r->b_exact && r->last == 5 && r->b % 2 == 0)
        r->last = 4; /* exact tie: round half to even */
    r->roundup = (r->b == r->a && (!r->even || !r->a_exact)) || r->last >= 5;
}

/* The common case: no exactness to track. */
static void ryu_reduce_fast(ryu_t *r)
{
    int up = r->last >= 5;
    while (r->c / 10 > r->a / 10) {
        up = r->b % 10 >= 5;
        ryu_drop(r);
    }
    r->roundup = r->b == r->a || up;
}

/* :compact: cut b to at most maxsig (999_999) one digit at a time, as Julia does. */
static void cut_digits(uint64_t *b, int *e10, int *roundup, int b_exact, uint64_t maxsig)
{
    while (*b > maxsig) {
        unsigned d = (unsigned)(*b % 10);
        *b /= 10;
        *roundup = (b_exact && *b % 2 == 0) ? d > 5 : d >= 5;
        b_exact &= d == 0;
        (*e10)++;
    }
}

static void strip_zeros(uint64_t *b, int *e10)
{
    while (*b % 10 == 0) {
        *b /= 10;
        (*e10)++;
    }
}

/* Shortest digits of a positive finite nonzero value given by biased exponent e and stored
 * significand m. maxsig is 0 or the :compact limit. */
static void shortest(const fltfmt_t *F, uint64_t m, int e, uint64_t maxsig, uint64_t *digits,
                     int *exp10)
{
    uint64_t mf = ((uint64_t)1 << F->mbits) | m;
    int ef = e - F->bias - F->mbits;
    int roundup = 0;
    if (ef <= 0 && ef >= -F->mbits && (mf & (((uint64_t)1 << -ef) - 1)) == 0) {
        /* an integer below 2^(mbits+1): its digits are exact */
        uint64_t b = mf >> -ef;
        *exp10 = 0;
        if (maxsig && b > maxsig) {
            cut_digits(&b, exp10, &roundup, 1, maxsig);
            b += roundup;
        }
        strip_zeros(&b, exp10);
        *digits = b;
        return;
    }
    if (e == 0) { /* subnormal */
        ef = 1 - F->bias - F->mbits;
        mf = m;
    }
    int e2 = ef - 2, shift_half = m == 0 && e > 1;
    uint64_t x[3] = {4 * mf - 2 + shift_half, 4 * mf, 4 * mf + 2};
    ryu_t r;
    memset(&r, 0, sizeof r);
    r.even = (mf & 1) == 0;
    if (e2 >= 0)
        ryu_start_pos(F, &r, x, e2);
    else
        ryu_start_neg(F, &r, x, e2, shift_half);
    if (r.a_exact || r.b_exact)
        ryu_reduce_exact(&r, maxsig);
    else
        ryu_reduce_fast(&r);
    if (maxsig && r.b > maxsig) {
        cut_digits(&r.b, &r.e10, &r.roundup, r.b_exact, maxsig);
        r.b += r.roundup;
        strip_zeros(&r.b, &r.e10);
    }
    else {
        r.b += r.roundup;
    }
    *digits = r.b;
    *exp10 = r.e10;
}

void jl_float_shortest(int width, uint64_t bits, int compact, uint64_t *digits, int *exp10)
{
    const fltfmt_t *F = fmt_for_width(width);
    uint64_t m = bits & (((uint64_t)1 << F->mbits) - 1);
    int e = (int)((bits >> F->mbits) & ((1u << F->ebits) - 1));
    shortest(F, m, e, compact ? 999999 : 0, digits, exp10);
}

/* ---- writing --------------------------------------------------------------------------------- */

static int count_digits(uint64_t d)
{
    int n = 1;
    while (d >= 10) {
        d /= 10;
        n++;
    }
    return n;
}

/* Writes the n decimal digits of d at p (most significant first); returns p + n. */
static char *put_digits(char *p, uint64_t d, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + d % 10);
        d /= 10;
    }
    return p + n;
}

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

/* Julia's mod(x, y) for floats with y > 0 (result has the sign of y). */
static double julia_mod(double x, double y)
{
    double r = fmod(x, y);
    return (r != 0 && r < 0) ? r + y : r;
}

/* writeshortest's choice of plain notation (x is the signed value, widened to double). */
static int use_plain(double x, int pt, int e10, int width)
{
    if (!(-4 < pt && pt <= (width == 16 ? 3 : 6)))
        return 0;
    if (e10 < 0)
        return 1;
    double unit = 1;
    for (int i = 0; i < e10; i++)
        unit *= 10;
    return !(fabs(julia_mod(x + 0.05, unit) - 0.05) > 0.05);
}

/* Digits d (n of them) times 10^e10 in plain notation: 0.00ddd, ddd00.0, dd.ddd */
static char *put_plain(char *p, uint64_t d, int n, int e10)
{
    int pt = e10 + n;
    if (pt <= 0) {
        p = put_str(p, "0.");
        for (int i = 0; i < -pt; i++)
            *p++ = '0';
        return put_digits(p, d, n);
    }
    if (e10 >= 0) {
        p = put_digits(p, d, n);
        for (int i = 0; i < e10; i++)
            *p++ = '0';
        return put_str(p, ".0");
    }
    char tmp[24];
    put_digits(tmp, d, n);
    memcpy(p, tmp, (size_t)pt);
    p[pt] = '.';
    memcpy(p + pt + 1, tmp + pt, (size_t)(n - pt));
    return p + n + 1;
}

/* d.ddd<expchar><exponent>, or d.0<expchar><exponent> for one digit. */
static char *put_sci(char *p, uint64_t d, int n, int e10, char expchar)
{
    char tmp[24];
    put_digits(tmp, d, n);
    *p++ = tmp[0];
    *p++ = '.';
    if (n == 1) {
        *p++ = '0';
    }
    else {
        memcpy(p, tmp + 1, (size_t)(n - 1));
        p += n - 1;
    }
    *p++ = expchar;
    int ex = e10 + n - 1;
    if (ex < 0) {
        *p++ = '-';
        ex = -ex;
    }
    return put_digits(p, (uint64_t)ex, count_digits((uint64_t)ex));
}

/* The value as a double (exact for every format). */
static double widen_to_double(const fltfmt_t *F, uint64_t m, int e, int neg)
{
    double v;
    if (F->width == 64) {
        uint64_t bits = ((uint64_t)e << 52) | m;
        memcpy(&v, &bits, sizeof v);
    }
    else {
        v = e == 0 ? ldexp((double)m, 1 - F->bias - F->mbits)
                   : ldexp((double)(((uint64_t)1 << F->mbits) | m), e - F->bias - F->mbits);
    }
    return neg ? -v : v;
}

/* NaN, Inf, zero: */
static char *put_special(char *p, const fltfmt_t *F, uint64_t m, int e, int neg, int typed)
{
    const char *suffix = !typed ? "" : F->width == 32 ? "32" : F->width == 16 ? "16" : "";
    if (e != 0) { /* all-ones exponent */
        if (m != 0)
            return put_str(put_str(p, "NaN"), suffix);
        return put_str(put_str(p, neg ? "-Inf" : "Inf"), suffix);
    }
    int f16 = typed && F->width == 16;
    p = put_str(p, f16 ? "Float16(" : "");
    p = put_str(p, neg ? "-0.0" : "0.0");
    if (typed && F->width == 32)
        p = put_str(p, "f0");
    return put_str(p, f16 ? ")" : "");
}

int jl_fmt_float(int width, uint64_t bits, int flags, char *buf)
{
    const fltfmt_t *F = fmt_for_width(width);
    int typed = (flags & JL_FMT_TYPED) != 0, compact = (flags & JL_FMT_COMPACT) != 0;
    int neg = (int)((bits >> (width - 1)) & 1);
    uint64_t m = bits & (((uint64_t)1 << F->mbits) - 1);
    int e = (int)((bits >> F->mbits) & ((1u << F->ebits) - 1));
    char *p = buf;
    if (e == (int)((1u << F->ebits) - 1) || (e == 0 && m == 0)) {
        p = put_special(p, F, m, e, neg, typed);
        *p = '\0';
        return (int)(p - buf);
    }
    uint64_t d;
    int e10;
    shortest(F, m, e, compact ? 999999 : 0, &d, &e10);
    int n = count_digits(d);
    int f16 = typed && width == 16;
    p = put_str(p, f16 ? "Float16(" : "");
    if (neg)
        *p++ = '-';
    if (use_plain(widen_to_double(F, m, e, neg), e10 + n, e10, width)) {
        p = put_plain(p, d, n, e10);
        if (typed && width == 32)
            p = put_str(p, "f0");
    }
    else {
        p = put_sci(p, d, n, e10, (width == 32 && (flags & JL_FMT_FEXP)) ? 'f' : 'e');
    }
    p = put_str(p, f16 ? ")" : "");
    *p = '\0';
    return (int)(p - buf);
}

int jl_fmt_float64(double x, char *buf)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return jl_fmt_float(64, bits, 0, buf);
}

int jl_fmt_float32(float x, char *buf, int show)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    return jl_fmt_float(32, bits, show ? JL_FMT_SHOW : 0, buf);
}

int jl_fmt_float16(uint16_t bits, char *buf, int show)
{
    return jl_fmt_float(16, bits, show ? JL_FMT_SHOW : 0, buf);
}

/* ---- literal parsing ------------------------------------------------------------------------- */

static int digit_value(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return 99;
}

/* A run of base-`base` digits with single '_' between digits, starting at s[*pos]. Appends the
 * digits to out (if non-NULL, advancing *outp), accumulates the value in *val (setting *ovf on
 * 128-bit overflow) and returns the number of digits. */
typedef struct {
    const char *s;
    size_t len, pos;
    char *out;    /* normalized copy (no '_'), or NULL */
    size_t outn;  /* bytes written to out */
} scan_t;

static int scan_digits(scan_t *sc, int base, u128 *val, int *ovf)
{
    int n = 0;
    while (sc->pos < sc->len) {
        int ch = (unsigned char)sc->s[sc->pos];
        if (ch == '_' && n > 0 && sc->pos + 1 < sc->len &&
            digit_value((unsigned char)sc->s[sc->pos + 1]) < base) {
            sc->pos++;
            continue;
        }
        int dv = digit_value(ch);
        if (dv >= base)
            break;
        if (val) {
            if (*val > (~(u128)0 - (u128)dv) / (u128)base)
                *ovf = 1;
            *val = *val * (u128)base + (u128)dv;
        }
        if (sc->out)
            sc->out[sc->outn++] = (char)ch;
        sc->pos++;
        n++;
    }
    return n;
}

static void emit(scan_t *sc, char ch)
{
    if (sc->out)
        sc->out[sc->outn++] = ch;
}

static int at(const scan_t *sc, char ch) { return sc->pos < sc->len && sc->s[sc->pos] == ch; }

/* Exponent: [+-]digits (decimal). */
static int scan_exponent(scan_t *sc)
{
    if (at(sc, '+') || at(sc, '-'))
        emit(sc, sc->s[sc->pos++]);
    return scan_digits(sc, 10, NULL, NULL) > 0;
}

static int numlit_error(jl_numlit_t *out, int err)
{
    out->kind = JL_NUM_ERROR;
    out->err = err;
    return err;
}

/* Convert the normalized text with strtod/strtof; overflow is an error, underflow is not. */
static int finish_float(jl_numlit_t *out, const char *text, int is32)
{
    int saved = errno;
    char *end;
    errno = 0;
    if (is32) {
        out->f = strtof(text, &end);
        out->d = out->f;
    }
    else {
        out->d = strtod(text, &end);
    }
    int range = errno == ERANGE;
    errno = saved;
    if (*end != '\0')
        return numlit_error(out, JL_NUMERR_SYNTAX);
    if (range && fabs(out->d) >= 1)
        return numlit_error(out, JL_NUMERR_OVERFLOW);
    out->kind = is32 ? JL_NUM_FLOAT32 : JL_NUM_FLOAT64;
    return 0;
}

static void set_u128(jl_numlit_t *out, u128 v)
{
    out->lo = (uint64_t)v;
    out->hi = (uint64_t)(v >> 64);
}

/* Unsigned type from the digit count (hex, binary) or digit count and value (octal). */
static int uint_kind(int base, int ndig, u128 v)
{
    static const int kinds[5] = {JL_NUM_UINT8, JL_NUM_UINT16, JL_NUM_UINT32, JL_NUM_UINT64,
                                 JL_NUM_UINT128};
    if (base == 8) {
        if (ndig <= 3 && v <= 0xff)
            return JL_NUM_UINT8;
        if (ndig <= 6 && v <= 0xffff)
            return JL_NUM_UINT16;
        if (ndig <= 11 && v <= 0xffffffffu)
            return JL_NUM_UINT32;
        if (v >> 64 == 0)
            return ndig <= 22 ? JL_NUM_UINT64 : ndig <= 43 ? JL_NUM_UINT128 : JL_NUM_ERROR;
        return ndig <= 43 ? JL_NUM_UINT128 : JL_NUM_ERROR;
    }
    int bits = base == 16 ? 4 * ndig : ndig;
    for (int k = 0, w = 8; k < 5; k++, w *= 2)
        if (bits <= w)
            return kinds[k];
    return JL_NUM_ERROR;
}

/* 0x / 0o / 0b integers (and 0x hex floats). sc->pos is just after the prefix. */
static int parse_prefixed(scan_t *sc, int base, int neg, jl_numlit_t *out)
{
    u128 v = 0;
    int ovf = 0;
    int ndig = scan_digits(sc, base, &v, &ovf);
    if (base == 16 && (at(sc, '.') || at(sc, 'p') || at(sc, 'P'))) {
        int nfrac = 0;
        if (at(sc, '.')) {
            emit(sc, sc->s[sc->pos++]);
            nfrac = scan_digits(sc, 16, NULL, NULL);
        }
        if (ndig + nfrac == 0 || !(at(sc, 'p') || at(sc, 'P')))
            return numlit_error(out, JL_NUMERR_SYNTAX);
        emit(sc, sc->s[sc->pos++]);
        if (!scan_exponent(sc) || sc->pos != sc->len)
            return numlit_error(out, JL_NUMERR_SYNTAX);
        emit(sc, '\0');
        return finish_float(out, sc->out, 0);
    }
    if (ndig == 0 || sc->pos != sc->len)
        return numlit_error(out, JL_NUMERR_SYNTAX);
    int kind = ovf ? JL_NUM_ERROR : uint_kind(base, ndig, v);
    if (kind == JL_NUM_ERROR)
        return numlit_error(out, JL_NUMERR_BIGINT);
    if (neg) { /* -(0x01) == 0xff: negate within the type */
        int w = kind == JL_NUM_UINT8 ? 8 : kind == JL_NUM_UINT16 ? 16 : kind == JL_NUM_UINT32 ? 32
              : kind == JL_NUM_UINT64 ? 64 : 128;
        v = (u128)0 - v;
        if (w < 128)
            v &= ((u128)1 << w) - 1;
    }
    out->kind = kind;
    set_u128(out, v);
    return 0;
}

/* A decimal integer magnitude v (ovf: beyond 128 bits) with sign -> Int64 / Int128 / BigInt. */
static int finish_decimal_int(jl_numlit_t *out, u128 v, int ovf, int neg)
{
    const u128 lim64 = (u128)1 << 63, lim128 = (u128)1 << 127;
    if (ovf || v > lim128 || (!neg && v == lim128))
        return numlit_error(out, JL_NUMERR_BIGINT);
    u128 s = neg ? (u128)0 - v : v;
    out->kind = (neg ? v <= lim64 : v < lim64) ? JL_NUM_INT64 : JL_NUM_INT128;
    set_u128(out, s);
    return 0;
}

/* Decimal integer or float. sc->pos is at the first digit or '.'. */
static int parse_decimal(scan_t *sc, int neg, jl_numlit_t *out)
{
    u128 v = 0;
    int ovf = 0, isfloat = 0, is32 = 0;
    int nint = scan_digits(sc, 10, &v, &ovf), nfrac = 0;
    if (at(sc, '.')) {
        emit(sc, sc->s[sc->pos++]);
        nfrac = scan_digits(sc, 10, NULL, NULL);
        isfloat = 1;
    }
    if (nint + nfrac == 0)
        return numlit_error(out, JL_NUMERR_SYNTAX);
    if (at(sc, 'e') || at(sc, 'E') || at(sc, 'f')) {
        is32 = at(sc, 'f');
        sc->pos++;
        emit(sc, 'e');
        if (!scan_exponent(sc))
            return numlit_error(out, JL_NUMERR_SYNTAX);
        isfloat = 1;
    }
    if (sc->pos != sc->len)
        return numlit_error(out, JL_NUMERR_SYNTAX);
    if (!isfloat)
        return finish_decimal_int(out, v, ovf, neg);
    emit(sc, '\0');
    return finish_float(out, sc->out, is32);
}

int jl_parse_number(const char *s, size_t len, jl_numlit_t *out)
{
    char small[256];
    memset(out, 0, sizeof *out);
    char *text = len + 2 <= sizeof small ? small : malloc(len + 2);
    if (!text)
        return numlit_error(out, JL_NUMERR_SYNTAX);
    scan_t sc = {s, len, 0, text, 0};
    int neg = 0;
    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        sc.pos = 1;
    }
    else if (len >= 3 && memcmp(s, "\xe2\x88\x92", 3) == 0) { /* U+2212 minus sign */
        neg = 1;
        sc.pos = 3;
    }
    if (neg)
        emit(&sc, '-');
    int rc;
    const char *q = s + sc.pos;
    if (len - sc.pos >= 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'o' || q[1] == 'b')) {
        int base = q[1] == 'x' ? 16 : q[1] == 'o' ? 8 : 2;
        emit(&sc, '0');
        emit(&sc, q[1]);
        sc.pos += 2;
        rc = parse_prefixed(&sc, base, neg, out);
    }
    else {
        rc = parse_decimal(&sc, neg, out);
    }
    if (text != small)
        free(text);
    return rc;
}

const char *jl_numlit_errmsg(int err)
{
    switch (err) {
    case JL_NUMERR_NONE: return "no error";
    case JL_NUMERR_SYNTAX: return "invalid numeric constant";
    case JL_NUMERR_BIGINT: return "integer literal too large for Int128/UInt128 (BigInt)";
    case JL_NUMERR_OVERFLOW: return "overflow in floating point literal";
    }
    return "unknown error";
}
