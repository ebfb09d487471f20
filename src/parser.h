/* parser.h: private interface between parser.c (parser state, tokens, errors, literals, entry points) and
 * parser-grammar.c (the grammar). Not for the rest of the runtime: julia_internal.h has the parser's API.
 *
 * The parser reads tokens from tokenize.c on demand into `toks`; `cur` is the next unconsumed token. Peeking
 * follows the context's newline rule (inside brackets newlines are whitespace). `last_k` records the kind
 * of the node parsed last (what JuliaSyntax's peek_behind reports), which some grammar rules consult.
 * Errors longjmp to the entry point (jl_parser_error), which frees the parser's memory and throws. */
#ifndef JL_PARSER_H
#define JL_PARSER_H

#include "julia.h"
#include "julia_internal.h"
#include "tokenize.h"
#include <setjmp.h>

#define PARSE_MAX_DEPTH 20000              /* nesting levels */
#define PARSE_MAX_STACK (3u << 20)       /* bytes of C stack the parser may use */

/* Node kinds: what JuliaSyntax's peek_behind would report for the last parsed node. Leaves use the
 * token kinds (JL_T_IDENT, JL_T_INTEGER, JL_T_STRING for a plain string literal...). */
enum {
    NK_OPATOM = JL_T_NUM_KINDS + 1, /* an operator used as a value */
    NK_STRINGI,                     /* string with interpolations */
    NK_CHAR, NK_CALL, NK_BLOCK, NK_TUPLE, NK_MACROCALL, NK_DOT, NK_DOLLAR, NK_AMP, NK_QUOTE, NK_REF,
    NK_CURLY, NK_COMPARISON, NK_WHERE, NK_DECL, NK_ARROW, NK_SPLAT, NK_EQ, NK_ASSIGNOP, NK_SUBTYPE,
    NK_IF, NK_FOR, NK_WHILE, NK_LET, NK_FUNCTION, NK_MACRO, NK_ABSTRACT, NK_PRIMITIVE, NK_STRUCT,
    NK_TRY, NK_MODULE, NK_RETURN, NK_BREAK, NK_CONTINUE, NK_CONST, NK_GLOBAL, NK_LOCAL, NK_EXPORT,
    NK_IMPORT, NK_USING, NK_QUOTEBLK, NK_OTHER
};

/* Kinds of incomplete input (for the REPL's Expr(:incomplete) message). */
enum { INC_NONE = 0, INC_OTHER, INC_COMMENT, INC_STRING, INC_CHAR, INC_CMD, INC_BLOCK };

typedef struct {
    uint8_t range_colon;      /* `a:b` ranges allowed (off inside `? :`) */
    uint8_t space_sensitive;  /* inside [ ] and macro arguments: `a -b` is two expressions */
    uint8_t for_generator;    /* `for` ends macro arguments and starts a generator */
    uint8_t end_symbol;       /* `end`/`begin` are the symbols of a[end] */
    uint8_t ws_newline;       /* newlines are plain whitespace (inside brackets) */
    uint8_t where_enabled;
} pctx_t;

/* Scratch memory freed when the parse ends (also after an error). */
typedef struct arena_blk { struct arena_blk *next; size_t used, cap; char data[]; } arena_blk_t;

typedef struct {
    const char *src;          /* the whole text; positions are byte offsets into it */
    size_t len;
    jl_lexer_t lx;
    jl_token_t *toks;         /* tokens lexed so far (from the start offset) */
    size_t ntoks, captoks;
    size_t cur;               /* next unconsumed token */
    uint32_t pos;             /* end of what has been consumed (JuliaSyntax position) */
    pctx_t ctx;
    int last_k;               /* kind of the last node parsed */
    int last_orig;            /* token kind of the last leaf before keywords became identifiers */
    int depth;
    char *stack_base;
    jl_value_t *file;         /* Symbol for LineNumberNodes */
    const char *filename;
    int32_t line0;            /* line number of byte 0 */
    arena_blk_t *arena;
    /* error state */
    jmp_buf jb;
    char errmsg[512];
    uint32_t err_start, err_end;
    int err_incomplete;
} parser_t;

typedef jl_value_t *(*parsefn_t)(parser_t *ps);

typedef struct { int *v; int n, cap; } ilist_t;                 /* growable int list in the arena */
typedef struct { char *s; size_t n, cap; parser_t *ps; } cbuf_t;   /* byte buffer in the arena */

/* Symbols the grammar uses (created by jl_parser_init_syms; symbols are permanent) */
typedef struct {
    jl_sym_t *braces, *bracescat, *as, *outer, *prime, *amp, *dotdot, *at_doc, *at_cmd, *at_big_str, *at_dot, *var;
} jl_parser_syms_t;
extern jl_parser_syms_t jl_psym;
void jl_parser_init_syms(void);

/* Memory freed when the parse ends */
void *jl_parser_alloc(parser_t *ps, size_t n);
void jl_parser_ilist_push(parser_t *ps, ilist_t *l, int x);

/* Errors: record the message and range [s, e), then longjmp to the entry point */
JL_NORETURN void jl_parser_error(parser_t *ps, uint32_t s, uint32_t e, const char *fmt, ...);
JL_NORETURN void jl_parser_lexer_error(parser_t *ps, jl_token_t t);   /* a JL_T_ERROR token */
char *jl_parser_format_error(parser_t *ps);   /* the ParseError message (malloc'd) */
void jl_parser_check_depth(parser_t *ps);     /* ParseError when nested too deeply */

/* Tokens */
jl_token_t *jl_parser_token(parser_t *ps, size_t i);              /* token i, lexing as needed */
jl_token_t jl_parser_peek(parser_t *ps, int n, int skip_nl);       /* n-th next token (1 = next) */
jl_token_t jl_parser_bump(parser_t *ps, int skip_nl);              /* consume the next token */
void jl_parser_bump_trivia(parser_t *ps);                           /* skip newlines */
int32_t jl_parser_next_line(parser_t *ps);                          /* line of the next non-newline token */
const char *jl_parser_token_text(parser_t *ps, jl_token_t t, char *buf, size_t n);
int jl_parser_is_closing(parser_t *ps, jl_token_t t);               /* ) ] } , ; end else ... EOF */
int jl_parser_is_initial_reserved(parser_t *ps, int k);             /* keywords that start a form */
#define PEEKT(n) jl_parser_peek(ps, (n), ps->ctx.ws_newline)
#define PEEK(n) (PEEKT(n).kind)
#define BUMP() jl_parser_bump(ps, ps->ctx.ws_newline)

/* Values */
jl_sym_t *jl_parser_op_sym(parser_t *ps, jl_token_t t);        /* operator symbol, with dot and suffix */
jl_sym_t *jl_parser_op_sym_nodot(parser_t *ps, jl_token_t t);
jl_sym_t *jl_parser_token_sym(parser_t *ps, jl_token_t t);     /* normalized identifier */
jl_value_t *jl_parser_number(parser_t *ps, uint32_t start, uint32_t end);   /* numeric literal source[start,end) */
void jl_parser_unescape(parser_t *ps, cbuf_t *b, uint32_t from, uint32_t to);
void jl_parser_raw_unescape(parser_t *ps, cbuf_t *b, uint32_t from, uint32_t to, char delim);
jl_value_t *jl_parser_lnn(parser_t *ps, int32_t line);          /* LineNumberNode(line, file) */
jl_value_t *jl_parser_core_ref(jl_sym_t *s);                    /* GlobalRef(Core, s) */

/* The grammar (parser-grammar.c) */
jl_value_t *jl_parser_toplevel(parser_t *ps);   /* the whole text: Expr(:toplevel, LNN, ex, ...) */
jl_value_t *jl_parser_stmts(parser_t *ps);      /* one line of `;`-separated statements */
jl_value_t *jl_parser_atom(parser_t *ps);       /* one atom (Meta.parse with greedy=false) */

/* ---------------------------------------------------------------------------------------------- */
/* Token classes and Expr building (small helpers shared by both files) */

static inline int is_reserved_word(int k)
{
    return JL_T_IS_KEYWORD(k) && !JL_T_IS_CONTEXTUAL(k);
}

static inline int prec_of(jl_token_t t)
{
    return t.kind == JL_T_OP ? jl_op_table[t.op].prec : JL_PREC_NONE;
}

static inline int is_decorated(jl_token_t t) { return t.dotted || t.suffixed; }

/* && || . ... -> and the assignment operators except ~ */
static inline int is_syntactic_op(jl_token_t t)
{
    if (t.kind != JL_T_OP)
        return 0;
    int op = t.op;
    if (op == JL_OP_ANDAND || op == JL_OP_OROR || op == JL_OP_DOT || op == JL_OP_DOTS || op == JL_OP_ARROW)
        return 1;
    return jl_op_table[op].prec == JL_PREC_ASSIGN && op != JL_OP_TILDE;
}

static inline int is_syntactic_unary_op(jl_token_t t)
{
    return t.kind == JL_T_OP && (t.op == JL_OP_DOLLAR || t.op == JL_OP_AMP || t.op == JL_OP_DECL);
}

static inline int is_type_operator(jl_token_t t)
{
    return t.kind == JL_T_OP && (t.op == JL_OP_SUBTYPE || t.op == JL_OP_SUPERTYPE) && !t.dotted;
}

static inline int is_word_op(jl_token_t t)
{
    return t.kind == JL_T_OP && (t.op == JL_OP_IN || t.op == JL_OP_ISA || t.op == JL_OP_WHERE);
}

static inline int is_unary_op(jl_token_t t)
{
    if (t.kind != JL_T_OP || t.suffixed)
        return 0;
    switch (t.op) {
    case JL_OP_SUBTYPE: case JL_OP_SUPERTYPE:
        return !t.dotted;
    case JL_OP_PLUS: case JL_OP_MINUS: case JL_OP_NOT: case JL_OP_TILDE: case JL_OP_NEG: case JL_OP_SQRT:
    case JL_OP_CBRT: case JL_OP_QDRT: case JL_OP_STAROP: case JL_OP_PM: case JL_OP_MP:
        return 1;
    default:
        return 0;
    }
}

static inline int is_both_unary_and_binary(jl_token_t t)
{
    if (t.kind != JL_T_OP || t.suffixed)
        return 0;
    switch (t.op) {
    case JL_OP_PLUS: case JL_OP_MINUS: case JL_OP_STAROP: case JL_OP_PM: case JL_OP_MP:
        return 1;
    case JL_OP_DOLLAR: case JL_OP_AMP: case JL_OP_TILDE:
        return !t.dotted;
    default:
        return 0;
    }
}

static inline int is_radical_op(jl_token_t t)
{
    return t.kind == JL_T_OP && (t.op == JL_OP_SQRT || t.op == JL_OP_CBRT || t.op == JL_OP_QDRT);
}

static inline int is_valid_identifier_op(jl_token_t t)
{
    return !(is_syntactic_op(t) || (t.kind == JL_T_OP && (t.op == JL_OP_QUESTION || t.op == JL_OP_DOTPRIME)));
}

static inline int is_string_delim(int k) { return k == JL_T_DQUOTE || k == JL_T_TDQUOTE; }

static inline int is_literal_kind(int k) { return JL_T_IS_NUMBER(k) || k == JL_T_TRUE || k == JL_T_FALSE; }

static inline int nk_is_block_form(int k)
{
    switch (k) {
    case NK_BLOCK: case NK_QUOTEBLK: case NK_IF: case NK_FOR: case NK_WHILE: case NK_LET: case NK_FUNCTION:
    case NK_MACRO: case NK_ABSTRACT: case NK_PRIMITIVE: case NK_STRUCT: case NK_TRY: case NK_MODULE:
        return 1;
    default:
        return 0;
    }
}

static inline jl_value_t *setk(parser_t *ps, int k, jl_value_t *v)
{
    ps->last_k = k;
    return v;
}

static inline jl_expr_t *mkex(jl_sym_t *head) { return jl_exprn(head, 0); }

static inline void epush(jl_expr_t *e, jl_value_t *v) { jl_expr_push(e, v); }

static inline size_t enargs(jl_value_t *e) { return jl_expr_nargs(e); }

static inline jl_value_t *earg(jl_value_t *e, size_t i) { return jl_exprarg(e, i); }

static inline jl_value_t *ex1(jl_sym_t *h, jl_value_t *a)
{
    jl_expr_t *e = jl_exprn(h, 1);
    jl_exprargset(e, 0, a);
    return (jl_value_t *)e;
}

static inline jl_value_t *ex2(jl_sym_t *h, jl_value_t *a, jl_value_t *b)
{
    jl_expr_t *e = jl_exprn(h, 2);
    jl_exprargset(e, 0, a);
    jl_exprargset(e, 1, b);
    return (jl_value_t *)e;
}

static inline jl_value_t *ex3(jl_sym_t *h, jl_value_t *a, jl_value_t *b, jl_value_t *c)
{
    jl_expr_t *e = jl_exprn(h, 3);
    jl_exprargset(e, 0, a);
    jl_exprargset(e, 1, b);
    jl_exprargset(e, 2, c);
    return (jl_value_t *)e;
}

static inline int is_expr(jl_value_t *v, jl_sym_t *h)
{
    return v && jl_is_expr(v) && ((jl_expr_t *)v)->head == h;
}

static inline void einsert(jl_expr_t *e, size_t i, jl_value_t *v)
{
    jl_expr_push(e, v);
    size_t n = jl_expr_nargs(e);
    jl_value_t **d = jl_array_ptr_data(e->args);
    memmove(&d[i + 1], &d[i], (n - 1 - i) * sizeof(jl_value_t *));
    d[i] = v;
}

/* quote of an atom: QuoteNode for plain values, Expr(:quote) for expressions */
static inline jl_value_t *quote_value(jl_value_t *v)
{
    if (jl_is_expr(v) || jl_is_quotenode(v) || jl_is_bool(v))
        return ex1(jl_quote_sym, v);
    return jl_new_quotenode(v);
}

/* (e.head == :call) or (:where / :: of such) */
static inline int is_eventually_call(jl_value_t *v)
{
    while (v && jl_is_expr(v)) {
        jl_sym_t *h = ((jl_expr_t *)v)->head;
        if (h == jl_call_sym)
            return 1;
        if ((h == jl_where_sym || h == jl_doublecolon_sym) && enargs(v) > 0)
            v = earg(v, 0);
        else
            return 0;
    }
    return 0;
}

static inline int tok_is_op(jl_token_t t, int op) { return t.kind == JL_T_OP && t.op == op; }

static inline void set_normal_context(parser_t *ps)
{
    ps->ctx.range_colon = 1;
    ps->ctx.space_sensitive = 0;
    ps->ctx.for_generator = 0;
    ps->ctx.end_symbol = 0;
    ps->ctx.ws_newline = 0;
    ps->ctx.where_enabled = 1;
}

#endif
