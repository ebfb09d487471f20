/* fuzz_parser.c: robustness of the parser (parser.c, parser-grammar.c, tokenize.c) on malformed input.
 * Several thousand inputs (random bytes, random UTF-8, token soup, truncations and mutations of valid
 * programs, deep nesting) go through jl_parse_all, jl_parse_one (in a loop, as the REPL does) and
 * jl_parse_string. Each call must return, or throw a ParseError whose message names the position as
 * `fuzz.jl:LINE:COL`; it must never crash, loop, or take more than 1 second. A few cases run with the GC in
 * stress mode (a collection at every allocation) to check that the parser keeps its values reachable.
 * Prints "N passed, N failed". `fuzz_parser SEED` uses another random seed. */
#include "parser_test_support.h"
#include <signal.h>
#include <time.h>
#include <unistd.h>

static int npass, nfail;
static const char *cur_src;   /* the input being parsed (reported if the parser crashes) */
static size_t cur_len;
static const char *cur_what;

static void report_input(FILE *f, const char *s, size_t n)
{
    fprintf(f, "  input (%zu bytes): \"", n);
    for (size_t i = 0; i < n && i < 400; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            fputc(c, f);
        else
            fprintf(f, "\\x%02x", c);
    }
    fprintf(f, n > 400 ? "\"...\n" : "\"\n");
}

static void on_crash(int sig)
{
    fprintf(stderr, "FAIL: signal %d in %s\n", sig, cur_what ? cur_what : "?");
    if (cur_src)
        report_input(stderr, cur_src, cur_len);
    _exit(2);
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "fuzz.jl:<digits>:<digits>" appears in msg */
static int has_position(const char *msg)
{
    const char *p = msg;
    while ((p = strstr(p, "fuzz.jl:")) != NULL) {
        p += 8;
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > p && *q == ':' && q[1] >= '0' && q[1] <= '9')
            return 1;
    }
    return 0;
}

static char failmsg[512];
static double slowest;   /* the longest single parser call of the current input (seconds) */
static double call_t0;
static void call_start(void) { call_t0 = now_sec(); }
static void call_end(void)
{
    double dt = now_sec() - call_t0;
    if (dt > slowest)
        slowest = dt;
}

/* 1 if the caught exception is a ParseError naming a position */
static int good_error(jl_value_t *e)
{
    if (!e || !jl_typeis(e, jl_parseerror_type)) {
        snprintf(failmsg, sizeof(failmsg), "threw something other than a ParseError");
        return 0;
    }
    char *m = pts_error_message(e);
    int ok = m && has_position(m);
    if (!ok)
        snprintf(failmsg, sizeof(failmsg), "ParseError without file:line:col: %.300s", m ? m : "(no message)");
    free(m);
    return ok;
}

static int run_parse_all(const char *s, size_t n)
{
    volatile int ok = 1;
    cur_what = "jl_parse_all";
    JL_TRY {
        call_start();
        jl_value_t *v = jl_parse_all(s, n, "fuzz.jl", 1);
        call_end();
        if (!v || !jl_is_expr(v)) {
            snprintf(failmsg, sizeof(failmsg), "jl_parse_all returned no Expr");
            ok = 0;
        }
    }
    JL_CATCH {
        call_end();   /* the call that threw */
        ok = good_error(jl_current_exception());
    }
    return ok;
}

static int run_parse_one_loop(const char *s, size_t n)
{
    volatile int ok = 1;
    cur_what = "jl_parse_one";
    size_t off = 0;
    for (int iter = 0; iter < 100000; iter++) {
        size_t before = off;
        volatile int stop = 0;
        JL_TRY {
            call_start();
            jl_value_t *v = jl_parse_one(s, n, "fuzz.jl", 1, &off);
            call_end();
            if (v == NULL || (jl_is_expr(v) && ((jl_expr_t *)v)->head == jl_incomplete_sym))
                stop = 1;
            else if (off <= before) {
                snprintf(failmsg, sizeof(failmsg), "jl_parse_one made no progress at offset %zu", off);
                ok = 0;
                stop = 1;
            }
        }
        JL_CATCH {
            call_end();   /* the call that threw */
            ok = good_error(jl_current_exception());
            stop = 1;
        }
        if (stop || off >= n)
            break;
    }
    return ok;
}

static int run_parse_string(const char *s, size_t n)
{
    volatile int ok = 1;
    cur_what = "jl_parse_string";
    JL_TRY {
        size_t end = 0;
        call_start();
        jl_parse_string(s, n, 0, 1, NULL);
        call_end();
        call_start();
        jl_parse_string(s, n, 0, 1, &end);
        call_end();
        call_start();
        jl_parse_string(s, n, 0, 0, &end);
        call_end();
    }
    JL_CATCH {
        call_end();   /* the call that threw */
        jl_value_t *e = jl_current_exception();
        /* jl_parse_string names the text "none" */
        if (!e || !jl_typeis(e, jl_parseerror_type)) {
            snprintf(failmsg, sizeof(failmsg), "jl_parse_string threw something other than a ParseError");
            ok = 0;
        }
        else {
            char *m = pts_error_message(e);
            ok = m && strstr(m, "none:") != NULL;
            if (!ok)
                snprintf(failmsg, sizeof(failmsg), "jl_parse_string ParseError without position");
            free(m);
        }
    }
    return ok;
}

static void check_input(const char *s, size_t n, const char *kind)
{
    cur_src = s;
    cur_len = n;
    slowest = 0;
    int ok = run_parse_all(s, n) && run_parse_one_loop(s, n) && run_parse_string(s, n);
    if (ok && slowest > 1.0) {
        snprintf(failmsg, sizeof(failmsg), "a parser call took %.2f s", slowest);
        ok = 0;
    }
    if (ok) {
        npass++;
    }
    else {
        nfail++;
        if (nfail <= 20) {
            fprintf(stderr, "FAIL (%s): %s\n", kind, failmsg);
            report_input(stderr, s, n);
        }
    }
    cur_src = NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Inputs */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static size_t rndn(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static const char *const valid_programs[] = {
    "function f(x::Int, y=2; z=3)\n    s = 0\n    for i in 1:x\n        s += i * y\n    end\n    return s + z\nend\n"
    "println(f(3))\n",
    "struct Point{T<:Real} <: AbstractPoint\n    x::T\n    y::T\nend\nBase.:+(a::Point, b::Point) = Point(a.x + b.x, a.y + b.y)\n"
    "p = Point(1, 2) + Point(3, 4)\n@show p\n",
    "\"\"\"\n    g(x)\n\nDocs with `code` and $(1 + 1).\n\"\"\"\ng(x) = x > 0 ? x : -x\n"
    "xs = [g(i) for i in -3:3 if isodd(i)]\nm = [1 2; 3 4]\nv = Int[]\npush!(v, 1)\n",
    "module M\nexport h\nusing Base: show\nimport Base.Iterators: take\nconst K = 10\nh(x) = x^2 + K\n"
    "macro twice(ex)\n    quote\n        $(esc(ex))\n        $(esc(ex))\n    end\nend\nend # module\n",
    "try\n    error(\"bad $(x) value\")\ncatch e\n    println(sprint(showerror, e))\nfinally\n    println(\"done\")\nend\n"
    "let a = 1, b = 2\n    a, b = b, a\nend\nwhile true\n    break\nend\n",
    "x = map(x -> x + 1, [1, 2, 3]) do y\n    y * 2\nend\nd = Dict(\"a\" => 1, :b => 2.5f0, 'c' => 0x1f)\n"
    "s = r\"a+b\" * raw\"\\d\" * `ls -l`\nabstract type Shape end\nprimitive type U8 8 end\n"
    "mutable struct Node\n    const id::Int\n    next::Union{Node, Nothing}\nend\n"
    "f(x) where {T} = x .+ 1 .|> sqrt\ny = @. x ^ 2 + 1\nz = x' * x\nw = a[end, begin:end-1]\n",
};

static const char *const soup_tokens[] = {
    "x", "y", "f", "1", "2.5", "0x1f", "1e3", "'a'", "\"s\"", "\"$x\"", "\"\"\"t\"\"\"", "`c`", "r\"re\"",
    ":sym", "(", ")", "[", "]", "{", "}", ",", ";", "\n", " ", "  ", "\t", "+", "-", "*", "/", "^", "=", "==",
    "=>", "->", "<:", "::", ".", "..", "...", "?", ":", "&&", "||", "!", "'", "$", "@", "@m", "#", "#=", "=#",
    "begin", "end", "if", "else", "elseif", "for", "in", "while", "function", "return", "let", "try", "catch",
    "finally", "struct", "mutable", "abstract", "type", "primitive", "module", "baremodule", "import", "using",
    "export", "const", "global", "local", "quote", "macro", "do", "where", "isa", "break", "continue", "var",
    "\"", "\"\"\"", "`", "\\", "α", "∈", "≤", "√", "⊻", "\xe2\x80\xae", "\xff", "\xc3", "\0", "\r\n", "+=",
    ".+", ".=", ":(", "$(", "x...", "end]", "a[", "f(", "x->",
};

static void fuzz_random_bytes(int count)
{
    char buf[256];
    for (int i = 0; i < count; i++) {
        size_t n = rndn(sizeof(buf));
        for (size_t j = 0; j < n; j++)
            buf[j] = (char)(rnd() & 0xff);
        check_input(buf, n, "random bytes");
    }
}

static void fuzz_random_ascii(int count)
{
    static const char alphabet[] = "abcxyz019_ ()[]{},;:.+-*/^=<>!?'\"`$@#&|\\~%\n\t";
    char buf[200];
    for (int i = 0; i < count; i++) {
        size_t n = rndn(sizeof(buf));
        for (size_t j = 0; j < n; j++)
            buf[j] = alphabet[rndn(sizeof(alphabet) - 1)];
        check_input(buf, n, "random ascii");
    }
}

static void fuzz_random_utf8(int count)
{
    char buf[400];
    for (int i = 0; i < count; i++) {
        size_t n = 0, want = rndn(60);
        for (size_t j = 0; j < want; j++) {
            uint32_t c;
            switch (rndn(4)) {
            case 0: c = (uint32_t)rndn(0x80); break;
            case 1: c = 0x80 + (uint32_t)rndn(0x780); break;
            case 2: c = 0x2000 + (uint32_t)rndn(0x2000); break;
            default: c = (uint32_t)rndn(0x110000); break;
            }
            if (c >= 0xd800 && c <= 0xdfff)
                c = 'x';
            char tmp[4];
            int k;
            if (c < 0x80) { tmp[0] = (char)c; k = 1; }
            else if (c < 0x800) { tmp[0] = (char)(0xc0 | (c >> 6)); tmp[1] = (char)(0x80 | (c & 0x3f)); k = 2; }
            else if (c < 0x10000) {
                tmp[0] = (char)(0xe0 | (c >> 12)); tmp[1] = (char)(0x80 | ((c >> 6) & 0x3f));
                tmp[2] = (char)(0x80 | (c & 0x3f)); k = 3;
            }
            else {
                tmp[0] = (char)(0xf0 | (c >> 18)); tmp[1] = (char)(0x80 | ((c >> 12) & 0x3f));
                tmp[2] = (char)(0x80 | ((c >> 6) & 0x3f)); tmp[3] = (char)(0x80 | (c & 0x3f)); k = 4;
            }
            memcpy(buf + n, tmp, (size_t)k);
            n += (size_t)k;
        }
        check_input(buf, n, "random utf-8");
    }
}

static void fuzz_token_soup(int count)
{
    size_t ntok = sizeof(soup_tokens) / sizeof(soup_tokens[0]);
    char buf[1024];
    for (int i = 0; i < count; i++) {
        size_t n = 0, want = 1 + rndn(40);
        for (size_t j = 0; j < want; j++) {
            const char *t = soup_tokens[rndn(ntok)];
            size_t l = strcmp(t, "\0") == 0 ? 1 : strlen(t);
            if (n + l + 1 >= sizeof(buf))
                break;
            memcpy(buf + n, t, l);
            n += l;
            if (rndn(2))
                buf[n++] = ' ';
        }
        check_input(buf, n, "token soup");
    }
}

static void fuzz_valid_programs(int *ncases)
{
    size_t np = sizeof(valid_programs) / sizeof(valid_programs[0]);
    for (volatile size_t p = 0; p < np; p++) {
        const char *prog = valid_programs[p];
        size_t len = strlen(prog);
        /* the program itself must parse */
        int before = nfail;
        check_input(prog, len, "valid program");
        JL_TRY {
            jl_parse_all(prog, len, "fuzz.jl", 1);
        }
        JL_CATCH {
            nfail++;
            char *m = pts_error_message(jl_current_exception());
            fprintf(stderr, "FAIL: valid program %zu does not parse: %s\n", p, m ? m : "?");
            free(m);
        }
        (void)before;
        /* every truncation */
        for (size_t cut = 0; cut < len; cut += 1 + (len > 600 ? 2 : 0)) {
            check_input(prog, cut, "truncation");
            (*ncases)++;
        }
        /* mutations: delete, duplicate or replace one byte, swap two */
        char *buf = (char *)malloc(len + 2);
        for (int m = 0; m < 150; m++) {
            memcpy(buf, prog, len);
            size_t n = len, at = rndn(len);
            switch (rndn(4)) {
            case 0: memmove(buf + at, buf + at + 1, len - at - 1); n--; break;
            case 1: memmove(buf + at + 1, buf + at, len - at); n++; break;
            case 2: buf[at] = "()[]{}\"'`$@#=;,.:\n e"[rndn(21)]; break;
            default: { size_t b = rndn(len); char c = buf[at]; buf[at] = buf[b]; buf[b] = c; } break;
            }
            check_input(buf, n, "mutation");
            (*ncases)++;
        }
        free(buf);
    }
}

static void fuzz_deep_nesting(void)
{
    static const char *const patterns[] = {
        "(", "[", "{", "f(", "-", "!", "$", "::", "a=", "x->", "a^", "<:", "begin ", "if a ", "let ", "@m ",
        "\"$(", "[1 ", "a.", "function f() ", "x ? y : ", "quote ", "((", "a[", "T{", "for i in x ", ":(",
        "try ", "a=>", "a||", "-(", "'", "\"", "#=", "a,", "a;", "\n", "a+", "2", "x'",
    };
    static const size_t reps[] = {10, 300, 3000, 100000};
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
        for (size_t r = 0; r < sizeof(reps) / sizeof(reps[0]); r++) {
            size_t pl = strlen(patterns[p]), n = pl * reps[r];
            char *buf = (char *)malloc(n + 1);
            for (size_t i = 0; i < reps[r]; i++)
                memcpy(buf + i * pl, patterns[p], pl);
            check_input(buf, n, "deep nesting");
            free(buf);
        }
    }
    /* balanced: deep but valid */
    for (size_t depth = 10; depth <= 100000; depth *= 10) {
        char *buf = (char *)malloc(2 * depth + 2);
        size_t n = 0;
        for (size_t i = 0; i < depth; i++)
            buf[n++] = '(';
        buf[n++] = 'x';
        for (size_t i = 0; i < depth; i++)
            buf[n++] = ')';
        check_input(buf, n, "balanced nesting");
        free(buf);
    }
}

static void fuzz_under_gc_stress(int count)
{
    jl_gc_set_stress(1);
    size_t np = sizeof(valid_programs) / sizeof(valid_programs[0]);
    for (int i = 0; i < count; i++) {
        const char *prog = valid_programs[(size_t)i % np];
        size_t len = strlen(prog);
        check_input(prog, i < (int)np ? len : rndn(len), "gc stress");
        /* the parsed tree must survive collections intact */
        JL_TRY {
            jl_value_t *a = jl_parse_all(prog, len, "fuzz.jl", 1);
            char *s1 = pts_sexpr(a);
            jl_gc_collect(1);
            char *s2 = pts_sexpr(a);
            if (strcmp(s1, s2) != 0) {
                nfail++;
                fprintf(stderr, "FAIL: parse tree changed across a collection\n");
            }
            else {
                npass++;
            }
            free(s1);
            free(s2);
        }
        JL_CATCH {
            nfail++;
            fprintf(stderr, "FAIL: valid program threw under GC stress\n");
        }
    }
    jl_gc_set_stress(0);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rng_state ^= strtoull(argv[1], NULL, 10) * 0x2545f4914f6cdd1dull;
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGILL, on_crash);
    signal(SIGABRT, on_crash);
    pts_bootstrap();
    int extra = 0;
    fuzz_random_bytes(400);
    fuzz_random_ascii(600);
    fuzz_random_utf8(300);
    fuzz_token_soup(1500);
    fuzz_valid_programs(&extra);
    fuzz_deep_nesting();
    fuzz_under_gc_stress(24);
    printf("fuzz_parser: %d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
