/* parser.c: Julia source text -> Expr trees, the exact shapes Julia 1.10's Meta.parse produces. This file
 * holds the parser's state and services and the entry points (jl_parse_all, jl_parse_one,
 * jl_parse_string); the grammar itself is parser-grammar.c and parser.h connects the two.
 * Services: token buffering and peeking over tokenize.c, scratch memory, identifier normalization,
 * numeric literals, string escapes, and error reporting.
 *
 * Expressions are built directly as Julia objects (Expr, Symbol, LineNumberNode, QuoteNode, boxed
 * literals); every intermediate value lives in an Expr or on the C stack, so the conservative GC sees it.
 *
 * Errors: the first syntax error stops the parse (longjmp to the entry point, which frees the parser's
 * memory) and becomes a ParseError whose message is formatted the way Julia 1.10 (JuliaSyntax) prints it:
 *     ParseError:
 *     # Error @ file.jl:1:8
 *     x = 1 +* 2
 *     #      ╙ ── not a unary operator
 * A lexical error earlier in the text than the syntax error is reported instead. Input that ends before
 * an expression is complete gives Expr(:incomplete, msg) from jl_parse_one and jl_parse_string (the REPL
 * asks for more lines). Nesting deeper than PARSE_MAX_DEPTH levels or PARSE_MAX_STACK bytes of C stack
 * is a ParseError ("expression too deeply nested"), never a crash. */
#include "parser.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---------------------------------------------------------------------------------------------- */
/* Symbols the parser uses */

jl_parser_syms_t jl_psym;
static jl_sym_t *op_syms[2][1024];  /* [dotted][op] without suffix; symbols are permanent */

void jl_parser_init_syms(void)
{
    if (jl_psym.braces)
        return;
    jl_init_tokenizer();
    jl_psym.braces = jl_symbol("braces");
    jl_psym.bracescat = jl_symbol("bracescat");
    jl_psym.as = jl_symbol("as");
    jl_psym.outer = jl_symbol("outer");
    jl_psym.prime = jl_symbol("'");
    jl_psym.amp = jl_symbol("&");
    jl_psym.dotdot = jl_symbol("..");
    jl_psym.at_doc = jl_symbol("@doc");
    jl_psym.at_cmd = jl_symbol("@cmd");
    jl_psym.at_big_str = jl_symbol("@big_str");
    jl_psym.at_dot = jl_symbol("@__dot__");
    jl_psym.var = jl_symbol("var");
}

void jl_init_parser(void)
{
    jl_parser_init_syms();
}

/* ---------------------------------------------------------------------------------------------- */
/* Arena */

void *jl_parser_alloc(parser_t *ps, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    arena_blk_t *b = ps->arena;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 4096 ? n : 4096;
        b = (arena_blk_t *)malloc(sizeof(arena_blk_t) + cap);
        if (!b)
            jl_fatal_error("parser: out of memory");
        b->next = ps->arena;
        b->used = 0;
        b->cap = cap;
        ps->arena = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

/* growable int list in the arena */

void jl_parser_ilist_push(parser_t *ps, ilist_t *l, int x)
{
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 8;
        int *nv = (int *)jl_parser_alloc(ps, (size_t)ncap * sizeof(int));
        if (l->n)
            memcpy(nv, l->v, (size_t)l->n * sizeof(int));
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = x;
}

/* ---------------------------------------------------------------------------------------------- */
/* Source positions */

static uint32_t line_start_of(parser_t *ps, uint32_t b)
{
    if (b > ps->len)
        b = (uint32_t)ps->len;
    while (b > 0 && ps->src[b - 1] != '\n')
        b--;
    return b;
}

/* JuliaSyntax's line numbering: the end of the text belongs to the last line. */
static int32_t line_index_of(parser_t *ps, uint32_t b)
{
    if (b >= ps->len && ps->len > 0)
        b = (uint32_t)ps->len - 1;
    int32_t n = 0;
    for (uint32_t i = 0; i < b && i < ps->len; i++)
        n += ps->src[i] == '\n';
    return n;
}

/* [first byte, one past the last byte] of the line holding b, widened by lines before/after */
static void line_range(parser_t *ps, uint32_t b, int before, int after, uint32_t *first, uint32_t *last_end)
{
    uint32_t len = (uint32_t)ps->len;
    if (b >= len && len > 0)
        b = len - 1;
    uint32_t s = line_start_of(ps, b);
    for (int i = 0; i < before && s > 0; i++)
        s = line_start_of(ps, s - 1);
    uint32_t e = b;
    for (int i = 0; i <= after; i++) {
        while (e < len && ps->src[e] != '\n')
            e++;
        if (e < len)
            e++;
        if (e >= len)
            break;
    }
    if (len == 0)
        e = 0;
    *first = s;
    *last_end = e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Error messages (JuliaSyntax's diagnostic format) */

typedef struct { char *s; size_t n, cap; } sbuf_t;

static void sb_put(sbuf_t *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t ncap = (b->n + n + 1) * 2;
        char *p = (char *)realloc(b->s, ncap);
        if (!p)
            jl_fatal_error("parser: out of memory");
        b->s = p;
        b->cap = ncap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void sb_puts(sbuf_t *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_src(sbuf_t *b, parser_t *ps, uint32_t from, uint32_t to)
{
    if (to > ps->len)
        to = (uint32_t)ps->len;
    if (from < to)
        sb_put(b, ps->src + from, to - from);
}

static int char_width(uint32_t c)
{
    if (c == JL_INVALID_CHAR || c > 0x10ffff)
        return 1;
    int w = utf8proc_charwidth((utf8proc_int32_t)c);
    return w < 0 ? 0 : w;
}

static int is_space_char(uint32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0 ||
           (c > 0xa0 && c <= 0x10ffff && utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS);
}

/* the marker line under highlighted code: "#   └──┘ ── note" */
static void marker_line(sbuf_t *out, parser_t *ps, uint32_t pfx_from, uint32_t pfx_to, uint32_t s_from,
                        uint32_t s_to, int underline, int singleline, const char *note)
{
    sbuf_t ind = {0};
    for (uint32_t i = pfx_from; i < pfx_to && i < ps->len;) {
        int k;
        uint32_t c = jl_utf8_decode((const uint8_t *)ps->src, ps->len, i, &k);
        if (is_space_char(c))
            sb_put(&ind, ps->src + i, (size_t)k);
        else
            for (int j = char_width(c); j > 0; j--)
                sb_puts(&ind, " ");
        i += k ? (uint32_t)k : 1;
    }
    long w = 0;
    for (uint32_t i = s_from; i < s_to && i < ps->len;) {
        int k;
        uint32_t c = jl_utf8_decode((const uint8_t *)ps->src, ps->len, i, &k);
        w += c == '\t' ? 4 : char_width(c);
        i += k ? (uint32_t)k : 1;
    }
    sbuf_t m = {0};
    if (ind.n > 0) {
        sb_puts(&m, "#");
        if (ind.s[0] == '\t')
            sb_put(&m, ind.s, ind.n);
        else {
            int k;
            jl_utf8_decode((const uint8_t *)ind.s, ind.n, 0, &k);
            sb_put(&m, ind.s + k, ind.n - (size_t)k);
        }
    }
    const char *start = underline ? "\xe2\x94\x94" : "\xe2\x94\x8c";   /* └ ┌ */
    const char *end = underline ? "\xe2\x94\x98" : "\xe2\x94\x90";     /* ┘ ┐ */
    const char *single = underline ? "\xe2\x95\x99" : "\xe2\x95\x93";  /* ╙ ╓ */
    const char *dash = "\xe2\x94\x80";                                 /* ─ */
    if (singleline) {
        if (w == 0)
            sb_puts(&m, start);
        else if (w == 1)
            sb_puts(&m, single);
        else {
            sb_puts(&m, start);
            for (long i = 0; i < w - 2; i++)
                sb_puts(&m, dash);
            sb_puts(&m, end);
        }
    }
    else if (underline && ind.n == 0 && w > 1) {
        sb_puts(&m, "#");
        for (long i = 0; i < w - 2; i++)
            sb_puts(&m, dash);
        sb_puts(&m, end);
    }
    else {
        if (!underline)
            sb_puts(&m, start);
        for (long i = 0; i < w - 1; i++)
            sb_puts(&m, dash);
        if (underline)
            sb_puts(&m, end);
    }
    if (note) {
        sb_puts(&m, " \xe2\x94\x80\xe2\x94\x80 ");
        sb_puts(&m, note);
    }
    sb_put(out, m.s ? m.s : "", m.n);
    free(m.s);
    free(ind.s);
}

/* Print the source around [p, q) with markers, the way JuliaSyntax's `highlight` does with one line of
 * context before. */
static void highlight(sbuf_t *out, parser_t *ps, uint32_t p, uint32_t q, const char *note)
{
    uint32_t len = (uint32_t)ps->len;
    if (p > len)
        p = len;
    if (q < p)
        q = p;
    if (q > len)
        q = len;
    /* JuliaSyntax works with the inclusive last byte q-1 */
    uint32_t qlast = q > p ? q - 1 : p;
    uint32_t x, y, a, b, c, d, z, w;
    line_range(ps, p, 1, 1, &x, &y);
    line_range(ps, p, 0, 0, &a, &b);
    line_range(ps, qlast, 0, 0, &c, &d);
    line_range(ps, qlast, 1, 0, &z, &w);
    (void)w;
    int32_t p_line = line_index_of(ps, p);
    int32_t q_line = q > p ? line_index_of(ps, q - 1) : (p > 0 ? line_index_of(ps, p - 1) : 0);
    if (p_line >= q_line) {
        sb_src(out, ps, x, p);
        sb_src(out, ps, p, q);
        sb_src(out, ps, q, d);
        if (d > 0 && ps->src[d - 1] != '\n')
            sb_puts(out, "\n");
        else if (d == 0)
            sb_puts(out, "\n");
        marker_line(out, ps, a, p, p, q, 1, 1, note);
    }
    else {
        sb_src(out, ps, x, a);
        marker_line(out, ps, a, p, p, b, 0, 0, NULL);
        sb_puts(out, "\n");
        sb_src(out, ps, a, p);
        if (q_line - p_line - 1 <= 2) {
            sb_src(out, ps, p, q);
        }
        else {
            sb_src(out, ps, p, y);
            sb_puts(out, "\xe2\x8b\xae\n");  /* ⋮ */
            sb_src(out, ps, z, q);
        }
        sb_src(out, ps, q, d);
        if (d > 0 && ps->src[d - 1] != '\n')
            sb_puts(out, "\n");
        marker_line(out, ps, c, c, c, q, 1, 0, note);
    }
}

static uint32_t column_of(parser_t *ps, uint32_t b)
{
    uint32_t i = line_start_of(ps, b < ps->len ? b : (ps->len ? (uint32_t)ps->len - 1 : 0));
    if (b >= ps->len && ps->len > 0 && ps->src[ps->len - 1] == '\n' && i == ps->len)
        i = line_start_of(ps, (uint32_t)ps->len - 1);
    uint32_t col = 1;
    while (i < b && i < ps->len) {
        int k;
        jl_utf8_decode((const uint8_t *)ps->src, ps->len, i, &k);
        i += k ? (uint32_t)k : 1;
        col++;
    }
    if (b > ps->len)
        col += b - (uint32_t)ps->len;
    return col;
}

/* The full ParseError message text (a malloc'd string). */
char *jl_parser_format_error(parser_t *ps)
{
    sbuf_t out = {0};
    char loc[64];
    uint32_t p = ps->err_start;
    int32_t line = line_index_of(ps, p) + ps->line0;
    snprintf(loc, sizeof(loc), ":%d:%u", (int)line, (unsigned)column_of(ps, p));
    sb_puts(&out, "ParseError:\n# Error @ ");
    sb_puts(&out, ps->filename ? ps->filename : "none");
    sb_puts(&out, loc);
    sb_puts(&out, "\n");
    highlight(&out, ps, ps->err_start, ps->err_end, ps->errmsg);
    return out.s;
}

JL_NORETURN void jl_parser_error(parser_t *ps, uint32_t s, uint32_t e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->errmsg, sizeof(ps->errmsg), fmt, ap);
    va_end(ap);
    ps->err_start = s;
    ps->err_end = e < s ? s : e;
    longjmp(ps->jb, 1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Tokens */

static void lex_more(parser_t *ps)
{
    if (ps->ntoks == ps->captoks) {
        size_t ncap = ps->captoks ? ps->captoks * 2 : 256;
        jl_token_t *p = (jl_token_t *)realloc(ps->toks, ncap * sizeof(jl_token_t));
        if (!p)
            jl_fatal_error("parser: out of memory");
        ps->toks = p;
        ps->captoks = ncap;
    }
    if (ps->ntoks > 0 && ps->toks[ps->ntoks - 1].kind == JL_T_EOF && ps->lx.nstrs == 0) {
        ps->toks[ps->ntoks] = ps->toks[ps->ntoks - 1];
        ps->ntoks++;
        return;
    }
    jl_lexer_next(&ps->lx, &ps->toks[ps->ntoks]);
    ps->ntoks++;
}

jl_token_t *jl_parser_token(parser_t *ps, size_t i)
{
    while (i >= ps->ntoks)
        lex_more(ps);
    return &ps->toks[i];
}

static size_t peek_index(parser_t *ps, int n, int skip_nl)
{
    size_t i = ps->cur;
    for (;;) {
        jl_token_t *t = jl_parser_token(ps, i);
        if (t->kind == JL_T_NEWLINE && skip_nl) {
            i++;
            continue;
        }
        if (--n <= 0 || t->kind == JL_T_EOF)
            return i;
        i++;
    }
}

jl_token_t jl_parser_peek(parser_t *ps, int n, int skip_nl)
{
    return *jl_parser_token(ps, peek_index(ps, n, skip_nl));
}

JL_NORETURN void jl_parser_lexer_error(parser_t *ps, jl_token_t t)
{
    if (t.op == JL_LEXERR_EOF_COMMENT)
        ps->err_incomplete = INC_COMMENT;
    jl_parser_error(ps, t.start, t.end, "%s", jl_lexerr_message(t.op));
}

jl_token_t jl_parser_bump(parser_t *ps, int skip_nl)
{
    size_t i = peek_index(ps, 1, skip_nl);
    jl_token_t t = *jl_parser_token(ps, i);
    if (t.kind == JL_T_ERROR)
        jl_parser_lexer_error(ps, t);
    if (t.kind != JL_T_EOF)
        ps->cur = i + 1;
    ps->pos = t.end;
    return t;
}

/* consume newlines (and the whitespace before the next token) */
void jl_parser_bump_trivia(parser_t *ps)
{
    size_t i = peek_index(ps, 1, 1);
    ps->cur = i;
    jl_token_t *t = jl_parser_token(ps, i);
    if (t->start > ps->pos)
        ps->pos = t->start;
}

int32_t jl_parser_next_line(parser_t *ps)
{
    return jl_parser_token(ps, peek_index(ps, 1, 1))->line;
}

const char *jl_parser_token_text(parser_t *ps, jl_token_t t, char *buf, size_t n)
{
    switch (t.kind) {
    case JL_T_EOF: return "EndMarker";
    case JL_T_NEWLINE: return "NewlineWs";
    default: break;
    }
    size_t l = t.end - t.start;
    if (l >= n)
        l = n - 1;
    memcpy(buf, ps->src + t.start, l);
    buf[l] = 0;
    return buf;
}

void jl_parser_check_depth(parser_t *ps)
{
    char here;
    jl_check_stack();
    if (ps->depth > PARSE_MAX_DEPTH || (ps->stack_base && (size_t)(ps->stack_base - &here) > PARSE_MAX_STACK)) {
        jl_token_t t = PEEKT(1);
        jl_parser_error(ps, t.start, t.end, "expression too deeply nested");
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Token classes used by the grammar */

int jl_parser_is_closing(parser_t *ps, jl_token_t t)
{
    switch (t.kind) {
    case JL_T_ELSE: case JL_T_ELSEIF: case JL_T_CATCH: case JL_T_FINALLY: case JL_T_COMMA:
    case JL_T_RPAREN: case JL_T_RBRACK: case JL_T_RBRACE: case JL_T_SEMI: case JL_T_EOF:
        return 1;
    case JL_T_END:
        return !ps->ctx.end_symbol;
    default:
        return 0;
    }
}

int jl_parser_is_initial_reserved(parser_t *ps, int k)
{
    switch (k) {
    case JL_T_BEGIN:
        return !ps->ctx.end_symbol;
    case JL_T_WHILE: case JL_T_IF: case JL_T_FOR: case JL_T_TRY: case JL_T_RETURN: case JL_T_BREAK:
    case JL_T_CONTINUE: case JL_T_FUNCTION: case JL_T_MACRO: case JL_T_QUOTE: case JL_T_LET: case JL_T_LOCAL:
    case JL_T_GLOBAL: case JL_T_CONST: case JL_T_DO: case JL_T_STRUCT: case JL_T_MODULE: case JL_T_BAREMODULE:
    case JL_T_USING: case JL_T_IMPORT: case JL_T_EXPORT:
        return 1;
    default:
        return 0;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Building values */

jl_value_t *jl_parser_lnn(parser_t *ps, int32_t line)
{
    return jl_new_linenode(line, ps->file);
}

jl_value_t *jl_parser_core_ref(jl_sym_t *s)
{
    if (jl_core_module)
        return jl_module_globalref(jl_core_module, s);
    return (jl_value_t *)s;
}

/* Operator symbols */
jl_sym_t *jl_parser_op_sym(parser_t *ps, jl_token_t t)
{
    int dotted = t.dotted ? 1 : 0;
    if (!t.suffixed && t.op < 1024) {
        jl_sym_t *s = op_syms[dotted][t.op];
        if (!s) {
            char buf[64];
            snprintf(buf, sizeof(buf), "%s%s", dotted ? "." : "", jl_op_table[t.op].name);
            s = op_syms[dotted][t.op] = jl_symbol(buf);
        }
        return s;
    }
    size_t sl = t.sfxlen, nl = strlen(jl_op_table[t.op].name);
    char *buf = (char *)jl_parser_alloc(ps, nl + sl + 2);
    size_t k = 0;
    if (dotted)
        buf[k++] = '.';
    memcpy(buf + k, jl_op_table[t.op].name, nl);
    k += nl;
    memcpy(buf + k, ps->src + t.end - sl, sl);
    k += sl;
    return jl_symbol_n(buf, k);
}

jl_sym_t *jl_parser_op_sym_nodot(parser_t *ps, jl_token_t t)
{
    t.dotted = 0;
    return jl_parser_op_sym(ps, t);
}

/* ---------------------------------------------------------------------------------------------- */
/* Identifiers */

static utf8proc_int32_t julia_char_map(utf8proc_int32_t c, void *data)
{
    (void)data;
    switch (c) {
    case 0x025B: return 0x03B5;  /* ɛ -> ε */
    case 0x00B5: return 0x03BC;  /* µ -> μ */
    case 0x00B7: return 0x22C5;  /* · -> ⋅ */
    case 0x0387: return 0x22C5;  /* · -> ⋅ */
    case 0x2212: return 0x002D;  /* − -> - */
    case 0x210F: return 0x0127;  /* ℏ -> ħ */
    default: return c;
    }
}

static jl_sym_t *ident_sym(parser_t *ps, const char *s, size_t n)
{
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            ascii = 0;
    if (ascii)
        return jl_symbol_n(s, n);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                             (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE),
                                             julia_char_map, NULL);
    if (r < 0 || !out) {
        free(out);
        return jl_symbol_n(s, n);
    }
    char *copy = (char *)jl_parser_alloc(ps, (size_t)r + 1);
    memcpy(copy, out, (size_t)r);
    free(out);
    return jl_symbol_n(copy, (size_t)r);
}

jl_sym_t *jl_parser_token_sym(parser_t *ps, jl_token_t t)
{
    return ident_sym(ps, ps->src + t.start, t.end - t.start);
}

/* ---------------------------------------------------------------------------------------------- */
/* Numbers */

static jl_value_t *big_literal(parser_t *ps, const char *s, size_t n)
{
    char *buf = (char *)jl_parser_alloc(ps, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_')
            buf[k++] = s[i];
    jl_expr_t *e = mkex(jl_macrocall_sym);
    epush(e, jl_parser_core_ref(jl_psym.at_big_str));
    epush(e, jl_nothing);
    epush(e, jl_pchar_to_string(buf, k));
    return (jl_value_t *)e;
}

/* value of the number literal source[start, end) (which may start with a sign) */
jl_value_t *jl_parser_number(parser_t *ps, uint32_t start, uint32_t end)
{
    const char *s = ps->src + start;
    size_t n = end - start;
    /* normalize U+2212 minus signs to '-' */
    char *buf = (char *)jl_parser_alloc(ps, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x88 &&
            (unsigned char)s[i + 2] == 0x92) {
            buf[k++] = '-';
            i += 2;
        }
        else
            buf[k++] = s[i];
    }
    buf[k] = 0;
    jl_numlit_t lit;
    memset(&lit, 0, sizeof(lit));
    int err = jl_parse_number(buf, k, &lit);
    if (err == JL_NUMERR_BIGINT)
        return big_literal(ps, buf, k);
    if (err == JL_NUMERR_OVERFLOW)
        jl_parser_error(ps, start, end, "overflow in floating point literal");
    if (err)
        jl_parser_error(ps, start, end, "invalid numeric constant");
    uint64_t words[2] = {lit.lo, lit.hi};
    switch (lit.kind) {
    case JL_NUM_INT64: return jl_box_int64((int64_t)lit.lo);
    case JL_NUM_INT128: return jl_new_bits((jl_value_t *)jl_int128_type, words);
    case JL_NUM_UINT8: return jl_box_uint8((uint8_t)lit.lo);
    case JL_NUM_UINT16: return jl_box_uint16((uint16_t)lit.lo);
    case JL_NUM_UINT32: return jl_box_uint32((uint32_t)lit.lo);
    case JL_NUM_UINT64: return jl_box_uint64(lit.lo);
    case JL_NUM_UINT128: return jl_new_bits((jl_value_t *)jl_uint128_type, words);
    case JL_NUM_FLOAT64: return jl_box_float64(lit.d);
    case JL_NUM_FLOAT32: return jl_box_float32(lit.f);
    default: jl_parser_error(ps, start, end, "invalid numeric constant");
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* String contents */

static void cb_put(cbuf_t *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t ncap = (b->n + n + 1) * 2 + 16;
        char *p = (char *)jl_parser_alloc(b->ps, ncap);
        if (b->n)
            memcpy(p, b->s, b->n);
        b->s = p;
        b->cap = ncap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
}
static void cb_byte(cbuf_t *b, uint8_t c) { char ch = (char)c; cb_put(b, &ch, 1); }

static void cb_utf8(cbuf_t *b, uint32_t c)
{
    char tmp[4];
    int k;
    if (c >= 0xD800 && c <= 0xDFFF) { /* surrogates: generalized UTF-8 (3 bytes) */
        tmp[0] = (char)(0xE0 | (c >> 12));
        tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (c & 0x3F));
        k = 3;
    }
    else
        k = jl_utf8_encode(tmp, c);
    cb_put(b, tmp, (size_t)k);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Process the escapes of source[from, to) (a non-raw string or char body) into b. */
void jl_parser_unescape(parser_t *ps, cbuf_t *b, uint32_t from, uint32_t to)
{
    const char *s = ps->src;
    uint32_t i = from;
    while (i < to) {
        char c = s[i];
        if (c == '\r') {
            cb_byte(b, '\n');
            i++;
            if (i < to && s[i] == '\n')
                i++;
            continue;
        }
        if (c != '\\') {
            uint32_t j = i + 1;
            while (j < to && s[j] != '\\' && s[j] != '\r')
                j++;
            cb_put(b, s + i, j - i);
            i = j;
            continue;
        }
        uint32_t esc = i;
        i++;
        if (i >= to)
            jl_parser_error(ps, esc, i, "invalid escape sequence");
        c = s[i++];
        switch (c) {
        case 'n': cb_byte(b, '\n'); break;
        case 't': cb_byte(b, '\t'); break;
        case 'r': cb_byte(b, '\r'); break;
        case 'a': cb_byte(b, 7); break;
        case 'b': cb_byte(b, 8); break;
        case 'v': cb_byte(b, 11); break;
        case 'f': cb_byte(b, 12); break;
        case 'e': cb_byte(b, 27); break;
        case '\\': case '"': case '\'': case '$': case '`': cb_byte(b, (uint8_t)c); break;
        case 'x': case 'u': case 'U': {
            int maxd = c == 'x' ? 2 : c == 'u' ? 4 : 8, nd = 0;
            uint32_t v = 0;
            while (nd < maxd && i < to && hexval(s[i]) >= 0) {
                v = v * 16 + (uint32_t)hexval(s[i]);
                i++;
                nd++;
            }
            if (nd == 0)
                jl_parser_error(ps, esc, i, "invalid escape sequence");
            if (c == 'x')
                cb_byte(b, (uint8_t)v);
            else {
                if (v > 0x10ffff)
                    jl_parser_error(ps, esc, i, "invalid escape sequence");
                cb_utf8(b, v);
            }
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                uint32_t v = (uint32_t)(c - '0');
                int nd = 1;
                while (nd < 3 && i < to && s[i] >= '0' && s[i] <= '7') {
                    v = v * 8 + (uint32_t)(s[i] - '0');
                    i++;
                    nd++;
                }
                if (v > 255)
                    jl_parser_error(ps, esc, i, "invalid escape sequence");
                cb_byte(b, (uint8_t)v);
            }
            else {
                int k;
                jl_utf8_decode((const uint8_t *)s, to, i - 1, &k);
                jl_parser_error(ps, esc, i - 1 + (uint32_t)(k ? k : 1), "invalid escape sequence");
            }
        }
    }
}

/* Raw strings: backslashes are literal except before the delimiter (n backslashes + delim -> n/2 + delim
 * when odd). */
void jl_parser_raw_unescape(parser_t *ps, cbuf_t *b, uint32_t from, uint32_t to, char delim)
{
    const char *s = ps->src;
    uint32_t i = from;
    while (i < to) {
        char c = s[i];
        if (c == '\r') {
            cb_byte(b, '\n');
            i++;
            if (i < to && s[i] == '\n')
                i++;
            continue;
        }
        if (c == '\\') {
            uint32_t j = i;
            while (j < to && s[j] == '\\')
                j++;
            uint32_t nb = j - i;
            if (j < to && s[j] == delim) {
                for (uint32_t k = 0; k < nb / 2; k++)
                    cb_byte(b, '\\');
                cb_byte(b, (uint8_t)delim);
                i = j + 1;
            }
            else if (j >= to) {
                /* backslashes right before the closing delimiter: n backslashes -> n/2 */
                for (uint32_t k = 0; k < nb / 2 + (nb & 1); k++)
                    cb_byte(b, '\\');
                i = j;
            }
            else {
                for (uint32_t k = 0; k < nb; k++)
                    cb_byte(b, '\\');
                i = j;
            }
            continue;
        }
        cb_byte(b, (uint8_t)c);
        i++;
    }
}

/* ============================================================================================== */
/* Entry points                                                                                   */
/* ============================================================================================== */

static void parser_init(parser_t *ps, const char *text, size_t len, size_t offset, const char *filename,
                        int lineno)
{
    memset(ps, 0, sizeof(*ps));
    jl_parser_init_syms();
    if (offset > len)
        offset = len;
    int32_t line = lineno;
    for (size_t i = 0; i < offset; i++)
        line += text[i] == '\n';
    ps->src = text;
    ps->len = len;
    jl_lexer_init(&ps->lx, text, len, offset, line);
    ps->pos = (uint32_t)offset;
    set_normal_context(ps);
    ps->filename = filename ? filename : "none";
    ps->file = (jl_value_t *)jl_symbol(ps->filename);
    ps->line0 = lineno;
}

static void parser_free(parser_t *ps)
{
    free(ps->toks);
    ps->toks = NULL;
    while (ps->arena) {
        arena_blk_t *n = ps->arena->next;
        free(ps->arena);
        ps->arena = n;
    }
    jl_lexer_free(&ps->lx);
}

/* A lexical error earlier in the text than the syntax error is reported instead (it came first). */
static void prefer_earlier_lexer_error(parser_t *ps)
{
    for (size_t i = 0; i < ps->ntoks; i++) {
        jl_token_t *t = &ps->toks[i];
        if (t->start > ps->err_start)
            break;
        if (t->kind == JL_T_ERROR && t->start < ps->err_start) {
            snprintf(ps->errmsg, sizeof(ps->errmsg), "%s", jl_lexerr_message(t->op));
            ps->err_start = t->start;
            ps->err_end = t->end;
            if (t->op == JL_LEXERR_EOF_COMMENT)
                ps->err_incomplete = INC_COMMENT;
            return;
        }
    }
}

/* the kind of incomplete input, or INC_NONE when the error is not at the end of the text */
static int incomplete_kind(parser_t *ps)
{
    if (ps->err_incomplete == INC_COMMENT)
        return INC_COMMENT;
    if (ps->err_start < ps->len)
        return INC_NONE;
    if (ps->err_incomplete)
        return ps->err_incomplete;
    if (ps->lx.nstrs > 0) {
        uint32_t d = ps->lx.strs[ps->lx.nstrs - 1].delim;
        return d == '`' ? INC_CMD : d == '\'' ? INC_CHAR : INC_STRING;
    }
    if (strncmp(ps->errmsg, "Expected `end`", 14) == 0)
        return INC_BLOCK;
    return INC_OTHER;
}

static const char *incomplete_message(int k)
{
    switch (k) {
    case INC_STRING: return "incomplete: invalid string syntax";
    case INC_COMMENT: return "incomplete: unterminated multi-line comment #= ... =#";
    case INC_BLOCK: return "incomplete: construct requires end";
    case INC_CMD: return "incomplete: invalid \"`\" syntax";
    case INC_CHAR: return "incomplete: invalid character literal";
    default: return "incomplete: premature end of input";
    }
}

static JL_NORETURN void throw_parse_error(parser_t *ps)
{
    char *msg = jl_parser_format_error(ps);
    parser_free(ps);
    jl_value_t *str = jl_cstr_to_string(msg ? msg : "ParseError");
    free(msg);
    if (jl_parseerror_type)
        jl_throw(jl_new_struct(jl_parseerror_type, str));
    jl_error(jl_string_data(str));
}

#define PARSER_ENTER(ps)                 \
    do {                                 \
        char here__;                     \
        (ps)->stack_base = &here__;      \
    } while (0)

jl_value_t *jl_parse_all(const char *text, size_t len, const char *filename, int lineno)
{
    parser_t ps_, *ps = &ps_;
    parser_init(ps, text, len, 0, filename, lineno);
    PARSER_ENTER(ps);
    jl_value_t *volatile result = NULL;
    if (setjmp(ps->jb) == 0) {
        result = jl_parser_toplevel(ps);
    }
    else {
        prefer_earlier_lexer_error(ps);
        throw_parse_error(ps);
    }
    parser_free(ps);
    return result;
}

/* the end of the trailing newline after a statement */
static size_t statement_end(parser_t *ps)
{
    jl_token_t t = jl_parser_peek(ps, 1, 0);
    if (t.kind == JL_T_NEWLINE) {
        jl_parser_bump(ps, 0);
        return t.end;
    }
    return ps->pos;
}

jl_value_t *jl_parse_one(const char *text, size_t len, const char *filename, int lineno, size_t *offset)
{
    parser_t ps_, *ps = &ps_;
    parser_init(ps, text, len, *offset, filename, lineno);
    PARSER_ENTER(ps);
    jl_value_t *volatile result = NULL;
    if (setjmp(ps->jb) == 0) {
        jl_token_t t = jl_parser_peek(ps, 1, 1);
        if (t.kind == JL_T_EOF) {
            *offset = len;
        }
        else {
            result = jl_parser_stmts(ps);
            *offset = statement_end(ps);
        }
    }
    else {
        prefer_earlier_lexer_error(ps);
        int inc = incomplete_kind(ps);
        if (inc == INC_NONE)
            throw_parse_error(ps);
        result = ex1(jl_incomplete_sym, jl_cstr_to_string(incomplete_message(inc)));
        *offset = len;
    }
    parser_free(ps);
    return result;
}

jl_value_t *jl_parse_string(const char *text, size_t len, size_t offset, int greedy, size_t *endoffset)
{
    parser_t ps_, *ps = &ps_;
    parser_init(ps, text, len, offset, "none", 1);
    PARSER_ENTER(ps);
    jl_value_t *volatile result = NULL;
    if (setjmp(ps->jb) == 0) {
        jl_token_t t = jl_parser_peek(ps, 1, 1);
        if (t.kind == JL_T_EOF) {
            result = jl_nothing;
            if (endoffset)
                *endoffset = len;
        }
        else if (greedy) {
            result = jl_parser_stmts(ps);
            if (endoffset) {
                *endoffset = statement_end(ps);
            }
            else {
                jl_token_t e = jl_parser_peek(ps, 1, 1);
                if (e.kind == JL_T_ERROR)
                    jl_parser_lexer_error(ps, e);
                if (e.kind != JL_T_EOF)
                    jl_parser_error(ps, e.start, (uint32_t)len, "extra tokens after end of expression");
            }
        }
        else {
            result = jl_parser_atom(ps);
            if (endoffset)
                *endoffset = ps->pos;
        }
    }
    else {
        prefer_earlier_lexer_error(ps);
        int inc = incomplete_kind(ps);
        if (inc == INC_NONE)
            throw_parse_error(ps);
        result = ex1(jl_incomplete_sym, jl_cstr_to_string(incomplete_message(inc)));
        if (endoffset)
            *endoffset = len;
    }
    parser_free(ps);
    return result;
}
