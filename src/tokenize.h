/* tokenize.h: the Julia 1.10 tokenizer shared by tokenize.c and parser.c (internal to the parser).
 *
 * The lexer turns UTF-8 source text into tokens on demand, the way Julia's own tokenizer (JuliaSyntax)
 * splits it: whitespace and comments are trivia (not tokens; a token records whether trivia came right
 * before it), a newline plus the blanks around it is one JL_T_NEWLINE token, string literals are split
 * into delimiter tokens, literal chunks and `$` interpolations, and every operator is one JL_T_OP token
 * naming an entry of the operator table (its precedence class, whether it was dotted `.+` or carries a
 * suffix `+₁`). Lexical errors are JL_T_ERROR tokens carrying a JL_LEXERR_* code; the parser reports them.
 * The lexer never reads outside [0, len) and accepts any bytes (NUL, invalid UTF-8). */
#ifndef JL_TOKENIZE_H
#define JL_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

/* Token kinds. Keywords are listed between JL_T_BAREMODULE and JL_T_VAR, the contextual ones from
 * JL_T_ABSTRACT. */
enum {
    JL_T_EOF = 0,
    JL_T_NEWLINE,
    JL_T_ERROR,
    JL_T_IDENT,
    JL_T_AT,
    JL_T_COMMA,
    JL_T_SEMI,
    JL_T_LPAREN, JL_T_RPAREN, JL_T_LBRACK, JL_T_RBRACK, JL_T_LBRACE, JL_T_RBRACE,
    JL_T_DQUOTE, JL_T_TDQUOTE, JL_T_BACKTICK, JL_T_TBACKTICK, JL_T_SQUOTE,
    JL_T_STRING,     /* literal chunk of a "" string (raw source text) */
    JL_T_CMDSTRING,  /* literal chunk of a `` command */
    JL_T_CHARDATA,   /* contents of a '' character literal */
    JL_T_INTEGER, JL_T_BININT, JL_T_HEXINT, JL_T_OCTINT, JL_T_FLOAT, JL_T_FLOAT32,
    JL_T_TRUE, JL_T_FALSE,
    JL_T_BAREMODULE, JL_T_BEGIN, JL_T_BREAK, JL_T_CONST, JL_T_CONTINUE, JL_T_DO, JL_T_EXPORT, JL_T_FOR,
    JL_T_FUNCTION, JL_T_GLOBAL, JL_T_IF, JL_T_IMPORT, JL_T_LET, JL_T_LOCAL, JL_T_MACRO, JL_T_MODULE,
    JL_T_QUOTE, JL_T_RETURN, JL_T_STRUCT, JL_T_TRY, JL_T_USING, JL_T_WHILE,
    JL_T_CATCH, JL_T_FINALLY, JL_T_ELSE, JL_T_ELSEIF, JL_T_END,
    JL_T_ABSTRACT, JL_T_AS, JL_T_DOC, JL_T_MUTABLE, JL_T_OUTER, JL_T_PRIMITIVE, JL_T_TYPE, JL_T_VAR,
    JL_T_OP,
    JL_T_NUM_KINDS
};
#define JL_T_IS_KEYWORD(k) ((k) >= JL_T_BAREMODULE && (k) <= JL_T_VAR)
#define JL_T_IS_CONTEXTUAL(k) ((k) >= JL_T_ABSTRACT && (k) <= JL_T_VAR)
#define JL_T_IS_NUMBER(k) ((k) >= JL_T_INTEGER && (k) <= JL_T_FLOAT32)

/* Lexical errors (token kind JL_T_ERROR, code in `op`). */
enum {
    JL_LEXERR_EOF_COMMENT = 1,
    JL_LEXERR_BAD_NUMBER,
    JL_LEXERR_HEXFLOAT_P,
    JL_LEXERR_AMBIG_DOT,
    JL_LEXERR_AMBIG_DOT_MUL,
    JL_LEXERR_INTERP_TERMINATOR,
    JL_LEXERR_BAD_UTF8,
    JL_LEXERR_INVISIBLE,
    JL_LEXERR_UNKNOWN_CHAR,
    JL_LEXERR_BAD_OPERATOR,
    JL_LEXERR_STARSTAR,
    JL_LEXERR_BIDI
};
const char *jl_lexerr_message(int code);

/* Precedence classes of operators, lowest first. */
enum {
    JL_PREC_NONE = 0,
    JL_PREC_ASSIGN,
    JL_PREC_PAIR,
    JL_PREC_COND,
    JL_PREC_ARROW,
    JL_PREC_LAZYOR,
    JL_PREC_LAZYAND,
    JL_PREC_COMPARISON,
    JL_PREC_PIPE,
    JL_PREC_COLON,
    JL_PREC_PLUS,
    JL_PREC_TIMES,
    JL_PREC_RATIONAL,
    JL_PREC_BITSHIFT,
    JL_PREC_POWER,
    JL_PREC_DECL,
    JL_PREC_WHERE,
    JL_PREC_DOT
};

/* Operators the parser names directly: the first entries of the operator table, in this order. */
enum {
    JL_OP_EQ = 0, JL_OP_TILDE, JL_OP_PAIR, JL_OP_QUESTION, JL_OP_LONGARROW, JL_OP_OROR, JL_OP_ANDAND,
    JL_OP_SUBTYPE, JL_OP_SUPERTYPE, JL_OP_IN, JL_OP_ISA, JL_OP_ELEMENT, JL_OP_PIPE_LT, JL_OP_PIPE_GT,
    JL_OP_COLON, JL_OP_DOTDOT, JL_OP_DOLLAR, JL_OP_PLUS, JL_OP_MINUS, JL_OP_PLUSPLUS, JL_OP_PM, JL_OP_MP,
    JL_OP_STAR, JL_OP_AMP, JL_OP_STAROP, JL_OP_RATIONAL, JL_OP_CARET, JL_OP_DECL, JL_OP_WHERE, JL_OP_DOT,
    JL_OP_NOT, JL_OP_PRIME, JL_OP_DOTPRIME, JL_OP_ARROW, JL_OP_DOTS, JL_OP_NEG, JL_OP_SQRT, JL_OP_CBRT,
    JL_OP_QDRT, JL_OP_COLONEQ, JL_OP_APPROXEQ, JL_OP_EQCOLON,
    JL_OP_NUM_NAMED
};

typedef struct {
    const char *name;   /* UTF-8 spelling without the dot prefix */
    uint8_t prec;       /* JL_PREC_* */
    uint8_t len;        /* strlen(name) */
} jl_opinfo_t;
extern const jl_opinfo_t *jl_op_table;
extern int jl_op_count;

typedef struct {
    uint32_t start, end;  /* byte range [start, end) in the source */
    int32_t line;         /* line of `start` (the lexer's first line counts from 1) */
    uint16_t op;          /* JL_T_OP: operator table index; JL_T_ERROR: JL_LEXERR_* */
    uint8_t kind;         /* JL_T_* */
    uint8_t ws;           /* trivia (whitespace, comments) or a newline token came right before */
    uint8_t dotted;       /* operator written with a leading dot */
    uint8_t suffixed;     /* operator followed by suffix characters (primes, sub/superscripts) */
    uint16_t sfxlen;      /* byte length of those suffix characters (at the end of the token) */
} jl_token_t;

typedef struct {
    uint8_t triple, raw;
    uint32_t delim;       /* '"', '`' or '\'' */
    int32_t paren_depth;  /* >0: lexing code inside $( ... ) */
} jl_strstate_t;

typedef struct {
    const uint8_t *src;
    size_t len;
    size_t pos;           /* next byte to read */
    int32_t line;         /* line at pos */
    int last_kind;        /* kind of the last token or trivia emitted (-1 for trivia) */
    int last_op;
    int pending_ws;       /* trivia seen since the last token */
    int dotop;
    size_t tok_start;
    int32_t tok_line;
    jl_strstate_t *strs;  /* string state stack */
    size_t nstrs, capstrs;
} jl_lexer_t;

void jl_lexer_init(jl_lexer_t *lx, const char *src, size_t len, size_t offset, int32_t line);
void jl_lexer_free(jl_lexer_t *lx);
/* Produce the next token (never fails; at the end it returns JL_T_EOF tokens forever). */
void jl_lexer_next(jl_lexer_t *lx, jl_token_t *tok);

/* Character classes (Julia's rules). */
int jl_is_id_start_char(uint32_t c);
int jl_is_id_char(uint32_t c);
int jl_is_op_suffix_char(uint32_t c);
int jl_is_julia_whitespace(uint32_t c);
/* Decode one UTF-8 character at s[i..len); sets *n to its byte length (>= 1 unless i >= len).
 * Invalid sequences give JL_INVALID_CHAR with *n = 1; the end gives JL_EOF_CHAR. */
#define JL_EOF_CHAR 0xFFFFFFFFu
#define JL_INVALID_CHAR 0xFFFFFFFEu
uint32_t jl_utf8_decode(const uint8_t *s, size_t len, size_t i, int *n);
int jl_utf8_encode(char *buf, uint32_t c);   /* returns bytes written (1..4) */
/* Find the operator spelled s[0..len) (no dot); -1 if none. */
int jl_op_lookup(const char *s, size_t len);
void jl_init_tokenizer(void);

#endif
