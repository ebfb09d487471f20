/* numfmt.h: text <-> number conversions with Julia 1.10's exact rules.
 *   - jl_fmt_float*: what `print`/`show`/`string` write for Float64/Float32/Float16 (the shortest
 *     decimal that reads back to the same value, Base.Ryu.writeshortest formatting);
 *   - jl_parse_number: the value and type of a numeric literal as the tokenizer found it.
 * Self-contained: libc and libm only.
 *
 * Plain vs scientific (Base.Ryu.writeshortest): let the shortest decimal be D * 10^E (D an integer
 * with n digits, no trailing zeros) and pt = E + n (the position of the decimal point).
 * Plain notation iff  -4 < pt <= 6  (Float16: -4 < pt <= 3), and, when E >= 0, x lies within 0.05
 * of a multiple of 10^E (only matters for :compact output, e.g. 123456.7 -> "1.23457e5").
 * So 1.0e-5 and 0.0001; 100000.0 and 1.0e6; 1.234567e6; 9.007199254740992e15.
 * Scientific is "d.ddd" (or "d.0") + 'e' + exponent without '+' or padding: 1.5e300, 5.0e-324. */
#ifndef JL_NUMFMT_H
#define JL_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* ---- float -> text ------------------------------------------------------------------------- */

#define JL_FMT_BUFSIZE 40 /* enough for every output below, including the NUL */

/* Formatting flags: what Base.show(io, x) passes to Base.Ryu.writeshortest.
 *   print(io, x), string(x), "$x":   0
 *   show(io, x), repr(x):            JL_FMT_FEXP | (:compact ? JL_FMT_COMPACT
 *                                                 : :typeinfo == typeof(x) ? 0 : JL_FMT_TYPED)
 * so top-level show is JL_FMT_SHOW, show inside Float32[...] is JL_FMT_FEXP, and matrix display
 * is JL_FMT_FEXP | JL_FMT_COMPACT. Float64 ignores TYPED and FEXP. */
#define JL_FMT_TYPED   1 /* type visible: 1.0f0, Inf32, NaN32, Float16(1.5), Inf16 */
#define JL_FMT_FEXP    2 /* Float32 exponent letter 'f' (1.0f6) instead of 'e' (print uses 'e') */
#define JL_FMT_COMPACT 4 /* :compact => true: at most 6 significant digits (0.333333, 1.23457e5) */
#define JL_FMT_SHOW    (JL_FMT_TYPED | JL_FMT_FEXP) /* show/repr at top level */

/* Float64: print, show and string all agree (NaN never shows a sign). Returns strlen(buf) and
 * NUL-terminates buf (JL_FMT_BUFSIZE bytes suffice). */
int jl_fmt_float64(double x, char *buf);
/* Float32: show != 0 gives show/repr ("1.0f0", "1.0f6", "Inf32", "NaN32"); show == 0 gives
 * print/string ("1.0", "1.0e6", "Inf", "NaN"). */
int jl_fmt_float32(float x, char *buf, int show);
/* Float16 from its bit pattern: show gives "Float16(1.5)", "Inf16", "NaN16"; print gives "1.5". */
int jl_fmt_float16(uint16_t bits, char *buf, int show);

/* General form. width is 16, 32 or 64; bits is the IEEE bit pattern (zero-extended). */
int jl_fmt_float(int width, uint64_t bits, int flags, char *buf);

/* Base.Ryu.reduce_shortest for finite nonzero x: digits * 10^exp10 is the shortest decimal that
 * reads back as |x| (closest such; digits has no trailing zeros). compact: at most 6 significant
 * digits, rounded the way Julia's :compact rounds them. */
void jl_float_shortest(int width, uint64_t bits, int compact, uint64_t *digits, int *exp10);

/* ---- literal text -> number ---------------------------------------------------------------- */

enum {
    JL_NUM_ERROR = 0,
    JL_NUM_INT64,   /* decimal integer that fits Int64 (lo; hi is the sign extension) */
    JL_NUM_INT128,  /* decimal integer that fits Int128 (two's complement in hi:lo) */
    JL_NUM_UINT8,   /* 0x/0o/0b literals: unsigned, width from the number of digits */
    JL_NUM_UINT16,
    JL_NUM_UINT32,
    JL_NUM_UINT64,
    JL_NUM_UINT128, /* hi:lo */
    JL_NUM_FLOAT64, /* d */
    JL_NUM_FLOAT32  /* f (d holds the same value widened) */
};

enum {
    JL_NUMERR_NONE = 0,
    JL_NUMERR_SYNTAX,   /* not a numeric literal */
    JL_NUMERR_BIGINT,   /* integer too large for Int128/UInt128: Julia makes a BigInt */
    JL_NUMERR_OVERFLOW  /* float literal out of range (Julia: parse error) */
};

typedef struct {
    int kind;         /* JL_NUM_* */
    int err;          /* JL_NUMERR_* (kind is JL_NUM_ERROR when err != 0) */
    uint64_t lo, hi;  /* integer value: low and high 64 bits, two's complement */
    double d;         /* Float64 value (or the Float32 value widened) */
    float f;          /* Float32 value */
} jl_numlit_t;

/* Parse the literal text s[0..len) exactly as the tokenizer found it: an optional sign ('+', '-'
 * or U+2212), then 123, 1_000, 0x1f, 0o17, 0b101, 1.5, .5, 1., 1e3, 1.5E-3, 1f0, 1.5f3, 0x1p3,
 * 0x1.8p-2. Underscores may separate digits. Returns out->err (0 on success). Decimal integers
 * are Int64, else Int128, else JL_NUMERR_BIGINT; hex/binary/octal follow Julia's digit-count
 * rules; floats are correctly rounded (strtod/strtof: the process must be in the "C" locale). */
int jl_parse_number(const char *s, size_t len, jl_numlit_t *out);
/* A short message for a JL_NUMERR_* code. */
const char *jl_numlit_errmsg(int err);

#endif
