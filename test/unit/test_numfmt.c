/* test_numfmt.c: unit tests for src/support/numfmt.c (float printing and numeric literals).
 * Fixed cases come from Julia 1.10 outputs (test/oracle files, Julia's own Ryu tests); random
 * cases check round-trip and shortest/closest digits against glibc's exact printf/strtod.
 * Build and run:
 *   cc -std=c11 -O2 -Wall -Wextra -Isrc/support src/support/numfmt.c test/unit/test_numfmt.c -lm \
 *      -o /tmp/test_numfmt && /tmp/test_numfmt
 * Ends with "N passed, N failed"; exits non-zero on any failure. */
#define _POSIX_C_SOURCE 200809L
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long n_pass, n_fail;

static void report(int ok, const char *what, const char *detail)
{
    if (ok) {
        n_pass++;
        return;
    }
    if (n_fail++ < 40)
        printf("FAIL %s: %s\n", what, detail);
}

/* ---- deterministic random numbers (splitmix64) ---------------------------------------------- */

static uint64_t rng_state = 0x243f6a8885a308d3u;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double from_bits64(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t bits64(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static float from_bits32(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static uint32_t bits32(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

/* ---- fixed formatting cases ----------------------------------------------------------------- */

static void expect_str(const char *what, const char *got, const char *want)
{
    char msg[160];
    snprintf(msg, sizeof msg, "got \"%s\", want \"%s\"", got, want);
    report(strcmp(got, want) == 0, what, msg);
}

static void f64(double x, const char *want)
{
    char buf[JL_FMT_BUFSIZE];
    int n = jl_fmt_float64(x, buf);
    expect_str("Float64", buf, want);
    report(n == (int)strlen(buf), "Float64 length", want);
}

static void f64bits(uint64_t b, const char *want) { f64(from_bits64(b), want); }

static void f32(float x, const char *print_want, const char *show_want)
{
    char buf[JL_FMT_BUFSIZE];
    jl_fmt_float32(x, buf, 0);
    expect_str("Float32 print", buf, print_want);
    jl_fmt_float32(x, buf, 1);
    expect_str("Float32 show", buf, show_want);
}

static void f16(uint16_t bits, const char *print_want, const char *show_want)
{
    char buf[JL_FMT_BUFSIZE];
    jl_fmt_float16(bits, buf, 0);
    expect_str("Float16 print", buf, print_want);
    jl_fmt_float16(bits, buf, 1);
    expect_str("Float16 show", buf, show_want);
}

static void flagged(int width, uint64_t bits, int flags, const char *want)
{
    char buf[JL_FMT_BUFSIZE];
    jl_fmt_float(width, bits, flags, buf);
    expect_str("jl_fmt_float flags", buf, want);
}

static void test_oracle_float64(void)
{
    /* test/julia-oracle float_print.out (Julia 1.10.6) */
    f64(1.0, "1.0");
    f64(-0.0, "-0.0");
    f64(0.5, "0.5");
    f64(1e15, "1.0e15");
    f64(1e16, "1.0e16");
    f64(1.5e-7, "1.5e-7");
    f64(123456789.123, "1.23456789123e8");
    f64(9007199254740992.0, "9.007199254740992e15");
    f64(1.0 / 3, "0.3333333333333333");
    f64(2.0 / 3, "0.6666666666666666");
    f64(0.1, "0.1");
    f64(100.0, "100.0");
    f64(1e5, "100000.0");
    f64(99999.9, "99999.9");
    f64(1234567.0, "1.234567e6");
    f64(1e-4, "0.0001");
    f64(1.23e-5, "1.23e-5");
    f64(5e-324, "5.0e-324");
    f64(1.7976931348623157e308, "1.7976931348623157e308");
    f64(NAN, "NaN");
    f64(-NAN, "NaN");
    f64(INFINITY, "Inf");
    f64(-INFINITY, "-Inf");
    f64(3.0, "3.0");
    f64(0.0, "0.0");
    /* the brief's examples */
    f64(0.1 + 0.2, "0.30000000000000004");
    f64(1e6, "1.0e6");
    f64(1e-5, "1.0e-5");
    f64(123456.0, "123456.0");
    f64(1.5e300, "1.5e300");
    f64(-1.5, "-1.5");
    f64(-1e-5, "-1.0e-5");
    f64(-123.25, "-123.25");
    f64(1e23, "1.0e23");
    f64(0.001, "0.001");
    f64(12.5, "12.5");
    f64(999999.0, "999999.0");
    f64(2.5e-5, "2.5e-5");
    f64(0.00012, "0.00012");
}

static void test_ryu_float64(void)
{
    /* Julia's test/ryu.jl expectations for Ryu.writeshortest (its maxMantissa is 2^53-1, so
     * `todouble(false, e, maxMantissa)` is (e << 52) | 0x1fffffffffffff) */
    f64(2.2250738585072014e-308, "2.2250738585072014e-308");
    f64bits(0x7fefffffffffffffu, "1.7976931348623157e308");
    f64bits(1, "5.0e-324");
    f64(2.98023223876953125e-8, "2.9802322387695312e-8");
    f64(-2.109808898695963e16, "-2.109808898695963e16");
    f64(4.940656e-318, "4.940656e-318");
    f64(1.18575755e-316, "1.18575755e-316");
    f64(2.989102097996e-312, "2.989102097996e-312");
    f64(9.0608011534336e15, "9.0608011534336e15");
    f64(4.708356024711512e18, "4.708356024711512e18");
    f64(9.409340012568248e18, "9.409340012568248e18");
    f64(1.2345678, "1.2345678");
    f64bits(0x4830F0CF064DD592u, "5.764607523034235e39");
    f64bits(0x4840F0CF064DD592u, "1.152921504606847e40");
    f64bits(0x4850F0CF064DD592u, "2.305843009213694e40");
    f64(1.234567895, "1.234567895");
    f64(1.2345678901234567, "1.2345678901234567");
    f64(4.294967294, "4.294967294");
    f64(4.294967295, "4.294967295");
    f64(4.294967296, "4.294967296");
    f64(4.294967297, "4.294967297");
    f64(4.294967298, "4.294967298");
    f64bits((uint64_t)4 << 52, "1.7800590868057611e-307");
    f64bits(((uint64_t)6 << 52) | 0x1fffffffffffffu, "2.8480945388892175e-306");
    f64bits((uint64_t)41 << 52, "2.446494580089078e-296");
    f64bits(((uint64_t)40 << 52) | 0x1fffffffffffffu, "4.8929891601781557e-296");
    f64bits((uint64_t)1077 << 52, "1.8014398509481984e16");
    f64bits(((uint64_t)1076 << 52) | 0x1fffffffffffffu, "3.6028797018963964e16");
    f64bits((uint64_t)307 << 52, "2.900835519859558e-216");
    f64bits(((uint64_t)306 << 52) | 0x1fffffffffffffu, "5.801671039719115e-216");
    f64bits(((uint64_t)934 << 52) | 0x000FA7161A4D6E0Cu, "3.196104012172126e-27");
    f64(9007199254740991.0, "9.007199254740991e15");
    f64(12.0, "12.0");
    f64(1234.0, "1234.0");
    f64(12345.0, "12345.0");
    f64(1.2345678e7, "1.2345678e7");
    f64(1.234567890123456e15, "1.234567890123456e15");
    f64(1e15 + 1, "1.000000000000001e15");
    f64(1e15 + 1e14, "1.1e15");
    f64(524288.0, "524288.0");
    f64(8388608.0, "8.388608e6");
    f64(562949953421312.0, "5.62949953421312e14");
    f64(512000.0, "512000.0");
    f64(8192000.0, "8.192e6");
    f64(8796093022208000.0, "8.796093022208e15");
}

static void test_float32(void)
{
    /* float_print.out: println(1.0f0, " ", 0.1f0, " ", 1.0f10, " ", Float32(1/3)); show(0.1f0);
     * repr(2.5f0) */
    f32(1.0f, "1.0", "1.0f0");
    f32(0.1f, "0.1", "0.1f0");
    f32(1e10f, "1.0e10", "1.0f10");
    f32((float)(1.0 / 3), "0.33333334", "0.33333334f0");
    f32(2.5f, "2.5", "2.5f0");
    f32(-0.0f, "-0.0", "-0.0f0");
    f32(0.0f, "0.0", "0.0f0");
    f32(INFINITY, "Inf", "Inf32");
    f32(-INFINITY, "-Inf", "-Inf32");
    f32(NAN, "NaN", "NaN32");
    f32(1e6f, "1.0e6", "1.0f6");
    f32(1e5f, "100000.0", "100000.0f0");
    f32(1e-5f, "1.0e-5", "1.0f-5");
    f32(1e-4f, "0.0001", "0.0001f0");
    f32(-1.5f, "-1.5", "-1.5f0");
    f32(from_bits32(0x7f7fffff), "3.4028235e38", "3.4028235f38");
    f32(from_bits32(1), "1.0e-45", "1.0f-45");
    /* Julia's test/ryu.jl Float32 expectations (print form) */
    f32(1.1754944e-38f, "1.1754944e-38", "1.1754944f-38");
    f32(3.355445e7f, "3.355445e7", "3.355445f7");
    f32(8.999999e9f, "9.0e9", "9.0f9");
    f32(3.4366717e10f, "3.436672e10", "3.436672f10");
    f32(3.0540412e5f, "305404.12", "305404.12f0");
    f32(8.0990312e3f, "8099.0312", "8099.0312f0");
    f32(2.4414062e-4f, "0.00024414062", "0.00024414062f0");
    f32(2.4414062e-3f, "0.0024414062", "0.0024414062f0");
    f32(4.3945312e-3f, "0.0043945312", "0.0043945312f0");
    f32(6.3476562e-3f, "0.0063476562", "0.0063476562f0");
    f32(4.7223665e21f, "4.7223665e21", "4.7223665f21");
    f32(8388608.0f, "8.388608e6", "8.388608f6");
    f32(1.6777216e7f, "1.6777216e7", "1.6777216f7");
    f32(3.3554436e7f, "3.3554436e7", "3.3554436f7");
    f32(6.7131496e7f, "6.7131496e7", "6.7131496f7");
    f32(1.9310392e-38f, "1.9310392e-38", "1.9310392f-38");
    f32(-2.47e-43f, "-2.47e-43", "-2.47f-43");
    f32(1.993244e-38f, "1.993244e-38", "1.993244f-38");
    f32(4103.9003f, "4103.9004", "4103.9004f0");
    f32(5.3399997e9f, "5.3399997e9", "5.3399997f9");
    f32(6.0898e-39f, "6.0898e-39", "6.0898f-39");
    f32(0.0010310042f, "0.0010310042", "0.0010310042f0");
    f32(2.8823261e17f, "2.882326e17", "2.882326f17");
    f32(7.0385309e-26f, "7.038531e-26", "7.038531f-26");
    f32(9.2234038e17f, "9.223404e17", "9.223404f17");
    f32(6.7108872e7f, "6.710887e7", "6.710887f7");
    f32(1.0e-44f, "1.0e-44", "1.0f-44");
    f32(2.816025e14f, "2.816025e14", "2.816025f14");
    f32(9.223372e18f, "9.223372e18", "9.223372f18");
    f32(1.5846085e29f, "1.5846086e29", "1.5846086f29");
    f32(1.1811161e19f, "1.1811161e19", "1.1811161f19");
    f32(5.368709e18f, "5.368709e18", "5.368709f18");
    f32(4.6143165e18f, "4.6143166e18", "4.6143166f18");
    f32(0.007812537f, "0.007812537", "0.007812537f0");
    f32(1.4e-45f, "1.0e-45", "1.0f-45");
    f32(1.18697724e20f, "1.18697725e20", "1.18697725f20");
    f32(1.00014165e-36f, "1.00014165e-36", "1.00014165f-36");
    f32(200.0f, "200.0", "200.0f0");
    f32(3.3554432e7f, "3.3554432e7", "3.3554432f7");
    f32(from_bits32(0x5D1502F9), "6.7108864e17", "6.7108864f17");
    f32(from_bits32(0x5D9502F9), "1.3421773e18", "1.3421773f18");
    f32(from_bits32(0x5E1502F9), "2.6843546e18", "2.6843546f18");
    f32(1.2345678f, "1.2345678", "1.2345678f0");
    f32(1.23456735e-36f, "1.23456735e-36", "1.23456735f-36");
    /* show inside a Float32 container (:typeinfo): no f0, but 'f' exponent */
    flagged(32, bits32(1.5f), JL_FMT_FEXP, "1.5");
    flagged(32, bits32(1e10f), JL_FMT_FEXP, "1.0f10");
    flagged(32, bits32(INFINITY), JL_FMT_FEXP, "Inf");
}

static void test_float16(void)
{
    /* numbers_more.out: println(Float16(1.5), ..., Float16(0.1)) -> "1.5", "0.1" */
    f16(0x3e00, "1.5", "Float16(1.5)");
    f16(0x2e66, "0.1", "Float16(0.1)");
    f16(0x0000, "0.0", "Float16(0.0)");
    f16(0x8000, "-0.0", "Float16(-0.0)");
    f16(0x3c00, "1.0", "Float16(1.0)");
    f16(0xbc00, "-1.0", "Float16(-1.0)");
    f16(0x7c00, "Inf", "Inf16");
    f16(0xfc00, "-Inf", "-Inf16");
    f16(0x7e00, "NaN", "NaN16");
    f16(0x5640, "100.0", "Float16(100.0)");
    f16(0x63d0, "1.0e3", "Float16(1.0e3)");
    f16(0x7bff, "6.55e4", "Float16(6.55e4)");
    f16(0x0001, "6.0e-8", "Float16(6.0e-8)");
    f16(0x3555, "0.3333", "Float16(0.3333)");
    f16(0x1800, "0.001953", "Float16(0.001953)");
    f16(0x0800, "0.0001221", "Float16(0.0001221)");
}

static void test_compact(void)
{
    /* :compact => true (matrix display) keeps 6 significant digits */
    flagged(64, bits64(1.0 / 3), JL_FMT_COMPACT, "0.333333");
    flagged(64, bits64(3.141592653589793), JL_FMT_COMPACT, "3.14159");
    flagged(64, bits64(2.0), JL_FMT_COMPACT, "2.0");
    flagged(64, bits64(4.25), JL_FMT_COMPACT, "4.25");
    flagged(64, bits64(1e6), JL_FMT_COMPACT, "1.0e6");
    flagged(64, bits64(100000.0), JL_FMT_COMPACT, "100000.0");
    flagged(64, bits64(0.1 + 0.2), JL_FMT_COMPACT, "0.3");
    flagged(64, bits64(1e-5), JL_FMT_COMPACT, "1.0e-5");
    flagged(64, bits64(-2.0 / 3), JL_FMT_COMPACT, "-0.666667");
    flagged(64, bits64(123456.7), JL_FMT_COMPACT, "1.23457e5"); /* mod(x+0.05, 1) rule */
    flagged(64, bits64(1.0e20 / 3), JL_FMT_COMPACT, "3.33333e19");
    flagged(32, bits32((float)(1.0 / 3)), JL_FMT_COMPACT | JL_FMT_FEXP, "0.333333");
    flagged(32, bits32(1e10f), JL_FMT_COMPACT | JL_FMT_FEXP, "1.0f10");
}

/* ---- random round trips ---------------------------------------------------------------------- */

static void test_roundtrip64(long count)
{
    char buf[JL_FMT_BUFSIZE], msg[120];
    long bad = 0;
    for (long i = 0; i < count; i++) {
        uint64_t b = rng();
        double x = from_bits64(b);
        if (isnan(x))
            continue;
        jl_fmt_float64(x, buf);
        double y = strtod(buf, NULL);
        if (bits64(y) != b && bad++ < 5) {
            snprintf(msg, sizeof msg, "%016llx -> %s", (unsigned long long)b, buf);
            report(0, "Float64 round trip", msg);
        }
    }
    snprintf(msg, sizeof msg, "%ld of %ld did not round-trip", bad, count);
    report(bad == 0, "Float64 random round trip", msg);
}

static void test_roundtrip32(long count)
{
    char buf[JL_FMT_BUFSIZE], msg[120];
    long bad = 0;
    for (long i = 0; i < count; i++) {
        uint32_t b = (uint32_t)rng();
        float x = from_bits32(b);
        if (isnan(x))
            continue;
        jl_fmt_float32(x, buf, 0);
        float y = strtof(buf, NULL);
        if (bits32(y) != b && bad++ < 5) {
            snprintf(msg, sizeof msg, "%08x -> %s", (unsigned)b, buf);
            report(0, "Float32 round trip", msg);
        }
    }
    snprintf(msg, sizeof msg, "%ld of %ld did not round-trip", bad, count);
    report(bad == 0, "Float32 random round trip", msg);
}

/* ---- shortest and closest, against glibc's exact decimal expansion --------------------------- */

/* Significant digits and decimal exponent (of the first digit) of our output text. */
static int parse_output(const char *s, char *digits, int *exp10)
{
    int n = 0, point = -1, intdigits = 0, e = 0;
    if (*s == '-')
        s++;
    for (; *s && *s != 'e' && *s != 'f'; s++) {
        if (*s == '.') {
            point = n;
            continue;
        }
        digits[n++] = *s;
    }
    intdigits = point < 0 ? n : point;
    if (*s)
        e = atoi(s + 1);
    int lead = 0;
    while (lead < n - 1 && digits[lead] == '0')
        lead++;
    memmove(digits, digits + lead, (size_t)(n - lead));
    n -= lead;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *exp10 = e + intdigits - 1 - lead;
    return n;
}

typedef int (*reads_back_fn)(const char *text, uint64_t bits);

static int reads_back64(const char *t, uint64_t b) { return bits64(strtod(t, NULL)) == b; }
static int reads_back32(const char *t, uint64_t b) { return bits32(strtof(t, NULL)) == b; }

/* Candidate: the first p digits of the exact expansion d (first digit at 10^exp10), plus one
 * unit in the last place if up. Gives its significant digits (no trailing zeros), the exponent
 * of the first one, and a text strtod reads. */
typedef struct {
    char digits[40];
    int exp10;
    char text[60];
} cand_t;

static void candidate(const char *d, int p, int up, int exp10, cand_t *c)
{
    memcpy(c->digits, d, (size_t)p);
    c->digits[p] = '\0';
    c->exp10 = exp10;
    int carry = up;
    for (int i = p - 1; i >= 0 && carry; i--) {
        if (c->digits[i] == '9') {
            c->digits[i] = '0';
        }
        else {
            c->digits[i]++;
            carry = 0;
        }
    }
    if (carry) { /* 99..9 + 1 */
        strcpy(c->digits, "1");
        c->exp10 = exp10 + 1;
    }
    for (int n = (int)strlen(c->digits); n > 1 && c->digits[n - 1] == '0'; n--)
        c->digits[n - 1] = '\0';
    snprintf(c->text, sizeof c->text, "0.%se%d", c->digits, c->exp10 + 1);
}

/* Exact expansion of |x|: digits (up to 770) and exponent of the first one. */
static void exact_digits(double x, char *digits, int *exp10)
{
    char buf[1000];
    snprintf(buf, sizeof buf, "%.780e", fabs(x));
    int n = 0;
    char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[n++] = *p;
    digits[n] = '\0';
    *exp10 = atoi(p + 1);
}

/* 1: ok. Checks that no shorter digit string reads back and that our digits are the closest
 * of their length (ties: even last digit) among those that read back. */
static int check_shortest(double x, uint64_t bits, const char *ours, reads_back_fn rb, char *why,
                          size_t whysz)
{
    char mine[40], ex[800];
    cand_t c0, c1;
    int me, xe;
    int n = parse_output(ours, mine, &me);
    exact_digits(x, ex, &xe);
    if (!rb(ours, bits)) {
        snprintf(why, whysz, "%s does not read back", ours);
        return 0;
    }
    if (n > 1) {
        candidate(ex, n - 1, 0, xe, &c0);
        candidate(ex, n - 1, 1, xe, &c1);
        if (rb(c0.text, bits) || rb(c1.text, bits)) {
            snprintf(why, whysz, "%s: shorter %s / %s also reads back", ours, c0.text, c1.text);
            return 0;
        }
    }
    candidate(ex, n, 0, xe, &c0);
    candidate(ex, n, 1, xe, &c1);
    int ok0 = rb(c0.text, bits), ok1 = rb(c1.text, bits);
    const char *rest = ex + n;
    int cmp = rest[0] > '5' ? 1 : rest[0] < '5' ? -1 : 0;
    for (const char *r = rest + 1; cmp == 0 && *r; r++)
        if (*r != '0')
            cmp = 1;
    int up;
    if (ok0 && ok1)
        up = cmp > 0 || (cmp == 0 && (ex[n - 1] - '0') % 2 == 1);
    else
        up = ok1;
    const cand_t *want = up ? &c1 : &c0;
    if (strcmp(want->digits, mine) != 0 || want->exp10 != me) {
        snprintf(why, whysz, "%s: closest is %s", ours, want->text);
        return 0;
    }
    return 1;
}

static void shortest_check64(double x)
{
    char buf[JL_FMT_BUFSIZE], why[200];
    jl_fmt_float64(x, buf);
    int ok = check_shortest(x, bits64(x), buf, reads_back64, why, sizeof why);
    char what[80];
    snprintf(what, sizeof what, "Float64 shortest %016llx", (unsigned long long)bits64(x));
    report(ok, what, why);
}

static void shortest_check32(float x)
{
    char buf[JL_FMT_BUFSIZE], why[200];
    jl_fmt_float32(x, buf, 0);
    int ok = check_shortest(x, bits32(x), buf, reads_back32, why, sizeof why);
    char what[80];
    snprintf(what, sizeof what, "Float32 shortest %08x", (unsigned)bits32(x));
    report(ok, what, why);
}

static void test_shortest(long count)
{
    for (long i = 0; i < count; i++) {
        double x = from_bits64(rng() & 0x7fffffffffffffffu);
        if (isfinite(x) && x != 0)
            shortest_check64(x);
        float f = from_bits32((uint32_t)rng() & 0x7fffffffu);
        if (isfinite(f) && f != 0)
            shortest_check32(f);
    }
    /* powers of two (asymmetric rounding intervals), their neighbours, every exponent */
    for (uint64_t e = 0; e < 2047; e++) {
        uint64_t b = e << 52;
        for (int k = -1; k <= 1; k++) {
            double x = from_bits64(b + (uint64_t)k);
            if (isfinite(x) && x > 0)
                shortest_check64(x);
        }
    }
    for (uint32_t e = 0; e < 255; e++) {
        uint32_t b = e << 23;
        for (int k = -1; k <= 1; k++) {
            float x = from_bits32(b + (uint32_t)k);
            if (isfinite(x) && x > 0)
                shortest_check32(x);
        }
    }
    /* short decimals and integers */
    for (int i = 1; i < 20000; i++) {
        shortest_check64(i / 1000.0);
        shortest_check64(i * 1e17);
        shortest_check64((double)i * i * i * i);
        shortest_check32((float)(i / 1000.0));
    }
}

/* ---- Float16: every value ---------------------------------------------------------------- */

static double half_value(uint16_t h)
{
    int e = (h >> 10) & 31, m = h & 1023;
    double v = e == 0 ? ldexp(m, -24) : ldexp(1024 + m, e - 25);
    return (h & 0x8000) ? -v : v;
}

/* Does y round (nearest, ties to even) to the positive finite half h? */
static int rounds_to_half(double y, uint16_t h)
{
    double v = half_value(h);
    double lo = h == 0 ? -INFINITY : (v + half_value((uint16_t)(h - 1))) / 2;
    double hi = h == 0x7bff ? v + 16 : (v + half_value((uint16_t)(h + 1))) / 2;
    if (y > lo && y < hi)
        return 1;
    return (y == lo || y == hi) && (h & 1) == 0;
}

static void test_float16_all(void)
{
    char buf[JL_FMT_BUFSIZE], msg[120];
    long bad = 0, notshort = 0;
    for (uint32_t h = 1; h < 0x7c00; h++) {
        jl_fmt_float16((uint16_t)h, buf, 0);
        double y = strtod(buf, NULL);
        if (!rounds_to_half(y, (uint16_t)h) && bad++ < 5) {
            snprintf(msg, sizeof msg, "%04x -> %s", (unsigned)h, buf);
            report(0, "Float16 round trip", msg);
        }
        /* one digit fewer must not round back */
        char d[40];
        int e, n = parse_output(buf, d, &e);
        if (n > 1) {
            char ex[800];
            int xe;
            cand_t c;
            exact_digits(half_value((uint16_t)h), ex, &xe);
            for (int up = 0; up <= 1; up++) {
                candidate(ex, n - 1, up, xe, &c);
                if (rounds_to_half(strtod(c.text, NULL), (uint16_t)h) && notshort++ < 5) {
                    snprintf(msg, sizeof msg, "%04x -> %s, but %s", (unsigned)h, buf, c.text);
                    report(0, "Float16 shortest", msg);
                }
            }
        }
    }
    snprintf(msg, sizeof msg, "%ld bad round trips, %ld not shortest", bad, notshort);
    report(bad == 0 && notshort == 0, "Float16 exhaustive", msg);
}

/* ---- literal parsing ------------------------------------------------------------------------ */

static void lit(const char *text, int kind, uint64_t lo, uint64_t hi)
{
    jl_numlit_t v;
    int rc = jl_parse_number(text, strlen(text), &v);
    char msg[200];
    snprintf(msg, sizeof msg, "%s: rc %d kind %d lo %llx hi %llx (want kind %d lo %llx hi %llx)",
             text, rc, v.kind, (unsigned long long)v.lo, (unsigned long long)v.hi, kind,
             (unsigned long long)lo, (unsigned long long)hi);
    report(rc == 0 && v.kind == kind && v.lo == lo && v.hi == hi, "literal", msg);
}

static void litf(const char *text, double want)
{
    jl_numlit_t v;
    int rc = jl_parse_number(text, strlen(text), &v);
    char msg[200];
    snprintf(msg, sizeof msg, "%s: rc %d kind %d d %.17g (want %.17g)", text, rc, v.kind, v.d, want);
    report(rc == 0 && v.kind == JL_NUM_FLOAT64 && bits64(v.d) == bits64(want), "float literal", msg);
}

static void litf32(const char *text, uint32_t want)
{
    jl_numlit_t v;
    int rc = jl_parse_number(text, strlen(text), &v);
    char msg[200];
    snprintf(msg, sizeof msg, "%s: rc %d kind %d f %08x (want %08x)", text, rc, v.kind,
             (unsigned)bits32(v.f), (unsigned)want);
    report(rc == 0 && v.kind == JL_NUM_FLOAT32 && bits32(v.f) == want, "Float32 literal", msg);
}

static void literr(const char *text, int err)
{
    jl_numlit_t v;
    int rc = jl_parse_number(text, strlen(text), &v);
    char msg[200];
    snprintf(msg, sizeof msg, "\"%s\": rc %d kind %d (want error %d: %s)", text, rc, v.kind, err,
             jl_numlit_errmsg(err));
    report(rc == err && v.err == err && v.kind == JL_NUM_ERROR, "literal error", msg);
}

static void test_literals(void)
{
    const uint64_t M = ~(uint64_t)0;
    lit("0", JL_NUM_INT64, 0, 0);
    lit("123", JL_NUM_INT64, 123, 0);
    lit("0123", JL_NUM_INT64, 123, 0);
    lit("1_000_000", JL_NUM_INT64, 1000000, 0);
    lit("9223372036854775807", JL_NUM_INT64, 0x7fffffffffffffffu, 0);
    lit("9223372036854775808", JL_NUM_INT128, 0x8000000000000000u, 0);
    lit("-9223372036854775808", JL_NUM_INT64, 0x8000000000000000u, M);
    lit("-9223372036854775809", JL_NUM_INT128, 0x7fffffffffffffffu, M);
    lit("-1", JL_NUM_INT64, M, M);
    lit("+7", JL_NUM_INT64, 7, 0);
    lit("\xe2\x88\x92" "3", JL_NUM_INT64, (uint64_t)-3, M);
    lit("170141183460469231731687303715884105727", JL_NUM_INT128, M, 0x7fffffffffffffffu);
    lit("-170141183460469231731687303715884105728", JL_NUM_INT128, 0, 0x8000000000000000u);
    literr("170141183460469231731687303715884105728", JL_NUMERR_BIGINT);
    literr("123456789012345678901234567890123456789012345678901234567890", JL_NUMERR_BIGINT);
    lit("0x1", JL_NUM_UINT8, 1, 0);
    lit("0x12", JL_NUM_UINT8, 0x12, 0);
    lit("0xff", JL_NUM_UINT8, 0xff, 0);
    lit("0x123", JL_NUM_UINT16, 0x123, 0);
    lit("0x0001", JL_NUM_UINT16, 1, 0);
    lit("0x12345", JL_NUM_UINT32, 0x12345, 0);
    lit("0xdead_beef", JL_NUM_UINT32, 0xdeadbeef, 0);
    lit("0xDEADBEEF", JL_NUM_UINT32, 0xdeadbeef, 0);
    lit("0x123456789", JL_NUM_UINT64, 0x123456789, 0);
    lit("0x1234567890abcdef", JL_NUM_UINT64, 0x1234567890abcdefu, 0);
    lit("0x1234567890abcdef1", JL_NUM_UINT128, 0x234567890abcdef1u, 1);
    lit("0xffffffffffffffffffffffffffffffff", JL_NUM_UINT128, M, M);
    literr("0x000000000000000000000000000000001", JL_NUMERR_BIGINT);
    lit("-0x01", JL_NUM_UINT8, 0xff, 0);
    lit("0b1", JL_NUM_UINT8, 1, 0);
    lit("0b11111111", JL_NUM_UINT8, 255, 0);
    lit("0b111111111", JL_NUM_UINT16, 511, 0);
    lit("0b1_0000_0000_0000_0000", JL_NUM_UINT32, 0x10000, 0);
    lit("0b00000000000000000000000000000000000000000000000000000000000000001", JL_NUM_UINT128, 1,
        0);
    lit("0o7", JL_NUM_UINT8, 7, 0);
    lit("0o377", JL_NUM_UINT8, 255, 0);
    lit("0o777", JL_NUM_UINT16, 511, 0);
    lit("0o177777", JL_NUM_UINT16, 0xffff, 0);
    lit("0o0000001", JL_NUM_UINT32, 1, 0);
    lit("0o1777777777777777777777", JL_NUM_UINT64, M, 0);
    lit("0o00000000000000000000001", JL_NUM_UINT128, 1, 0);
    lit("0o3777777777777777777777", JL_NUM_UINT128, M, 1);
    litf("1.5", 1.5);
    litf("1e3", 1000.0);
    litf("1E3", 1000.0);
    litf("1.5e-3", 1.5e-3);
    litf("1.5e+3", 1500.0);
    litf(".5", 0.5);
    litf("1.", 1.0);
    litf("0.1", 0.1);
    litf("-2.5", -2.5);
    litf("1_000.000_1", 1000.0001);
    litf("2.2250738585072014e-308", 2.2250738585072014e-308);
    litf("4.9406564584124654e-324", 5e-324);
    litf("1e-400", 0.0); /* underflow is allowed */
    litf("0x1p3", 8.0);
    litf("0x1.8p1", 3.0);
    litf("0x.8p1", 1.0);
    litf("-0x1p-2", -0.25);
    litf("0x1P3", 8.0);
    litf32("1f0", 0x3f800000);
    litf32("1.5f3", bits32(1500.0f));
    litf32("0.1f0", bits32(0.1f));
    litf32("-2.5f-1", bits32(-0.25f));
    litf32("3.4028235f38", 0x7f7fffff);
    /* decimal -> Float32 directly, not through Float64 (double rounding would give 1.0f0) */
    litf32("1.0000000596046447753906251f0", 0x3f800001);
    literr("1e400", JL_NUMERR_OVERFLOW);
    literr("1f39", JL_NUMERR_OVERFLOW);
    literr("", JL_NUMERR_SYNTAX);
    literr("-", JL_NUMERR_SYNTAX);
    literr(".", JL_NUMERR_SYNTAX);
    literr("0x", JL_NUMERR_SYNTAX);
    literr("1e", JL_NUMERR_SYNTAX);
    literr("1.5e+", JL_NUMERR_SYNTAX);
    literr("abc", JL_NUMERR_SYNTAX);
    literr("1__0", JL_NUMERR_SYNTAX);
    literr("_1", JL_NUMERR_SYNTAX);
    literr("1_", JL_NUMERR_SYNTAX);
    literr("0x1.8", JL_NUMERR_SYNTAX);
    literr("1.2.3", JL_NUMERR_SYNTAX);
    literr("0b2", JL_NUMERR_SYNTAX);
    literr("0o8", JL_NUMERR_SYNTAX);
    literr("1x", JL_NUMERR_SYNTAX);
    literr("inf", JL_NUMERR_SYNTAX);
    literr("nan", JL_NUMERR_SYNTAX);
}

/* Printing what we parse gives back the same value (and the literal text for canonical ones). */
static void test_print_parse(void)
{
    static const char *canon[] = {"1.0", "0.1", "1.0e6", "1.0e-5", "123456.0", "1.5e300",
                                  "-0.0", "5.0e-324", "0.30000000000000004",
                                  "1.7976931348623157e308"};
    for (size_t i = 0; i < sizeof canon / sizeof *canon; i++) {
        jl_numlit_t v;
        char buf[JL_FMT_BUFSIZE];
        jl_parse_number(canon[i], strlen(canon[i]), &v);
        jl_fmt_float64(v.d, buf);
        expect_str("parse then print", buf, canon[i]);
    }
}

/* ---- speed ------------------------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void bench(void)
{
    enum { N = 1000000 };
    static double xs[N];
    char buf[JL_FMT_BUFSIZE];
    long sink = 0;
    for (int i = 0; i < N; i++) {
        double x;
        do
            x = from_bits64(rng());
        while (!isfinite(x));
        xs[i] = x;
    }
    double t0 = now();
    for (int i = 0; i < N; i++)
        sink += jl_fmt_float64(xs[i], buf);
    double t1 = now();
    for (int i = 0; i < N; i++)
        xs[i] = (double)(rng() % 1000000) / 1000.0;
    double t2 = now();
    for (int i = 0; i < N; i++)
        sink += jl_fmt_float64(xs[i], buf);
    double t3 = now();
    printf("speed: %.0f ns per random bit pattern, %.0f ns per short decimal (%ld chars)\n",
           (t1 - t0) * 1e9 / N, (t3 - t2) * 1e9 / N, sink);
    report((t1 - t0) * 1e9 / N < 5000 && (t3 - t2) * 1e9 / N < 1000, "speed", "too slow");
}

int main(int argc, char **argv)
{
    long nrandom = argc > 1 ? atol(argv[1]) : 1000000;
    test_oracle_float64();
    test_ryu_float64();
    test_float32();
    test_float16();
    test_compact();
    test_literals();
    test_print_parse();
    test_float16_all();
    test_roundtrip64(nrandom);
    test_roundtrip32(nrandom);
    test_shortest(nrandom / 10);
    bench();
    printf("%ld passed, %ld failed\n", n_pass, n_fail);
    return n_fail != 0;
}
