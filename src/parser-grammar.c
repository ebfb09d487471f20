/* parser-grammar.c: the grammar of the parser (see parser.h): a recursive-descent parser with one
 * function per precedence level, following the structure of Julia 1.10's own parser (JuliaSyntax), that
 * builds the Expr shapes Meta.parse returns. Statement level: blocks (LineNumberNode before every
 * statement), keyword forms (function, struct, if, for, try, module, import...), docstrings. Expression
 * level: assignment, `,`, `=>`, `?:`, arrows, `||`, `&&`, comparisons, pipes, ranges, `+`, `*`, `//`,
 * shifts, `<:`, where, juxtaposition, unary operators, `^`, `::`, `->`, calls/indexing/field access/macro
 * calls, atoms; brackets (tuples, argument lists, array concatenation, generators) and strings. */
#include "parser.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ============================================================================================== */
/* Grammar: expressions                                                                            */
/* ============================================================================================== */

#define CAT_MIN (-1000000)

typedef struct {
    jl_expr_t *items;    /* positional items (an Expr used as a list) */
    jl_expr_t *params;   /* Expr(:parameters) groups after each `;` (an Expr used as a list), or NULL */
    ilist_t lines;       /* line of each item, all groups in order (for blocks) */
    int had_commas, had_splat, num_semis, num_subexprs, initial_semi, last_k;
} brackets_t;

static jl_value_t *parse_eq(parser_t *ps);
static jl_value_t *parse_eq_star(parser_t *ps);
static jl_value_t *parse_comma(parser_t *ps);
static jl_value_t *parse_pair(parser_t *ps);
static jl_value_t *parse_cond(parser_t *ps);
static jl_value_t *parse_comparison(parser_t *ps);
static jl_value_t *parse_pipe_lt(parser_t *ps);
static jl_value_t *parse_range(parser_t *ps);
static jl_value_t *parse_unary(parser_t *ps);
static jl_value_t *parse_factor(parser_t *ps);
static jl_value_t *parse_juxtapose(parser_t *ps);
static jl_value_t *parse_call(parser_t *ps);
static jl_value_t *parse_unary_prefix(parser_t *ps);
static jl_value_t *parse_atom(parser_t *ps, int check_identifiers);
static jl_value_t *parse_call_chain(parser_t *ps, jl_value_t *x, int is_macrocall, int32_t line);
static jl_value_t *parse_resword(parser_t *ps);
static jl_value_t *parse_docstring(parser_t *ps);
static jl_value_t *parse_block(parser_t *ps, parsefn_t down);
static jl_value_t *parse_where_chain(parser_t *ps, jl_value_t *x);
static jl_value_t *parse_cat(parser_t *ps, int closer, int end_is_symbol);
static jl_value_t *parse_generator(parser_t *ps, jl_value_t *body);
static jl_value_t *parse_string(parser_t *ps, int raw);
static void parse_brackets(parser_t *ps, int closer, brackets_t *br);
static void bump_closing_token(parser_t *ps, int closer);

#define DEPTH_ENTER() do { ps->depth++; jl_parser_check_depth(ps); } while (0)
#define DEPTH_LEAVE() (ps->depth--)


static int32_t here_line(parser_t *ps) { return jl_parser_next_line(ps); }

static int is_plain_eq(jl_token_t t) { return tok_is_op(t, JL_OP_EQ) && !t.dotted; }
static int tok_prec_is(jl_token_t t, int prec) { return prec_of(t) == prec; }
static int is_op_undotted(jl_token_t t, int op) { return tok_is_op(t, op) && !t.dotted; }

static JL_NORETURN void perr_tok(parser_t *ps, jl_token_t t, const char *msg)
{
    jl_parser_error(ps, t.start, t.end, "%s", msg);
}
static JL_NORETURN void perr_at(parser_t *ps, uint32_t p, const char *msg)
{
    jl_parser_error(ps, p, p, "%s", msg);
}

static jl_value_t *core_atdoc(void) { return jl_parser_core_ref(jl_psym.at_doc); }

/* Expr(:call, op, a, b) or the syntactic forms of && || --> */
static jl_value_t *binop(parser_t *ps, jl_token_t t, jl_value_t *a, jl_value_t *b)
{
    jl_sym_t *s = jl_parser_op_sym(ps, t);
    if (t.kind == JL_T_OP && !t.suffixed && (t.op == JL_OP_ANDAND || t.op == JL_OP_OROR || t.op == JL_OP_LONGARROW))
        return setk(ps, NK_OTHER, ex2(s, a, b));
    return setk(ps, t.dotted ? NK_OTHER : NK_CALL, ex3(jl_call_sym, (jl_value_t *)s, a, b));
}

/* the last consumed token */
static jl_token_t prev_token(parser_t *ps)
{
    return ps->cur > 0 ? *jl_parser_token(ps, ps->cur - 1) : *jl_parser_token(ps, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Assignment, comma, pair, conditional */

static int was_eventually_call(parser_t *ps, jl_value_t *lhs)
{
    int k = ps->last_k;
    return (k == NK_CALL || k == NK_WHERE || k == NK_DECL) && is_eventually_call(lhs);
}

static jl_value_t *parse_assignment(parser_t *ps, parsefn_t down);

static jl_value_t *parse_assignment_with_lhs(parser_t *ps, jl_value_t *lhs, int32_t line, parsefn_t down)
{
    jl_token_t t = PEEKT(1);
    if (!tok_prec_is(t, JL_PREC_ASSIGN))
        return lhs;
    if (t.op == JL_OP_TILDE) {
        if (ps->ctx.space_sensitive && t.ws && !PEEKT(2).ws)
            return lhs;   /* [a ~b]: unary ~ */
        BUMP();
        jl_parser_bump_trivia(ps);
        jl_value_t *rhs = parse_assignment(ps, down);
        return setk(ps, t.dotted ? NK_OTHER : NK_CALL, ex3(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, t), lhs, rhs));
    }
    int short_form = t.op == JL_OP_EQ && !t.dotted && was_eventually_call(ps, lhs);
    BUMP();
    jl_parser_bump_trivia(ps);
    jl_value_t *rhs = parse_assignment(ps, down);
    if (short_form)
        rhs = ex2(jl_block_sym, jl_parser_lnn(ps, line), rhs);
    return setk(ps, t.op == JL_OP_EQ && !t.dotted ? NK_EQ : NK_ASSIGNOP, ex2(jl_parser_op_sym(ps, t), lhs, rhs));
}

static jl_value_t *parse_assignment(parser_t *ps, parsefn_t down)
{
    DEPTH_ENTER();
    int32_t line = here_line(ps);
    jl_value_t *lhs = down(ps);
    jl_value_t *r = parse_assignment_with_lhs(ps, lhs, line, down);
    DEPTH_LEAVE();
    return r;
}

static jl_value_t *parse_eq(parser_t *ps) { return parse_assignment(ps, parse_comma); }
static jl_value_t *parse_eq_star(parser_t *ps) { return parse_assignment(ps, parse_pair); }

/* a, b, c -> Expr(:tuple); *ncommas gets the number of commas */
static jl_value_t *parse_comma_n(parser_t *ps, int *ncommas)
{
    jl_value_t *first = parse_pair(ps);
    jl_expr_t *tup = NULL;
    int n = 0;
    while (PEEK(1) == JL_T_COMMA) {
        BUMP();
        n++;
        if (!tup) {
            tup = mkex(jl_tuple_sym);
            epush(tup, first);
        }
        if (is_plain_eq(PEEKT(1)))
            continue;   /* x, = xs */
        epush(tup, parse_pair(ps));
    }
    if (ncommas)
        *ncommas = n;
    return tup ? setk(ps, NK_TUPLE, (jl_value_t *)tup) : first;
}
static jl_value_t *parse_comma(parser_t *ps) { return parse_comma_n(ps, NULL); }

typedef int (*opfilter_t)(jl_token_t t);

static jl_value_t *parse_RtoL(parser_t *ps, parsefn_t down, opfilter_t is_op, parsefn_t self)
{
    DEPTH_ENTER();
    jl_value_t *a = down(ps);
    jl_token_t t = PEEKT(1);
    if (is_op(t)) {
        BUMP();
        jl_value_t *b = self(ps);
        a = binop(ps, t, a, b);
    }
    DEPTH_LEAVE();
    return a;
}

static jl_value_t *parse_LtoR(parser_t *ps, parsefn_t down, opfilter_t is_op)
{
    jl_value_t *a = down(ps);
    jl_token_t t;
    while (is_op(t = PEEKT(1))) {
        BUMP();
        jl_value_t *b = down(ps);
        a = binop(ps, t, a, b);
    }
    return a;
}

static int is_pair_op(jl_token_t t) { return tok_prec_is(t, JL_PREC_PAIR); }
static int is_arrow_op(jl_token_t t) { return tok_prec_is(t, JL_PREC_ARROW); }
static int is_oror_op(jl_token_t t) { return tok_is_op(t, JL_OP_OROR); }
static int is_andand_op(jl_token_t t) { return tok_is_op(t, JL_OP_ANDAND); }
static int is_pipe_lt_op(jl_token_t t) { return tok_is_op(t, JL_OP_PIPE_LT); }
static int is_pipe_gt_op(jl_token_t t) { return tok_is_op(t, JL_OP_PIPE_GT); }
static int is_rational_op(jl_token_t t) { return tok_prec_is(t, JL_PREC_RATIONAL); }
static int is_shift_op(jl_token_t t) { return tok_prec_is(t, JL_PREC_BITSHIFT); }
static int is_power_op(jl_token_t t) { return tok_prec_is(t, JL_PREC_POWER); }

static jl_value_t *parse_pair(parser_t *ps) { return parse_RtoL(ps, parse_cond, is_pair_op, parse_pair); }

static jl_value_t *parse_or(parser_t *ps);
static jl_value_t *parse_arrow(parser_t *ps) { return parse_RtoL(ps, parse_or, is_arrow_op, parse_arrow); }
static jl_value_t *parse_and(parser_t *ps);
static jl_value_t *parse_or(parser_t *ps) { return parse_RtoL(ps, parse_and, is_oror_op, parse_or); }
static jl_value_t *parse_and(parser_t *ps) { return parse_RtoL(ps, parse_comparison, is_andand_op, parse_and); }

static jl_value_t *parse_cond(parser_t *ps)
{
    DEPTH_ENTER();
    jl_value_t *c = parse_arrow(ps);
    jl_token_t t = PEEKT(1);
    if (!tok_is_op(t, JL_OP_QUESTION)) {
        DEPTH_LEAVE();
        return c;
    }
    if (!t.ws)
        perr_tok(ps, t, "space required before `?` operator");
    BUMP();
    jl_token_t t2 = PEEKT(1);
    if (!t2.ws)
        perr_at(ps, t2.start, "space required after `?` operator");
    pctx_t old = ps->ctx;
    ps->ctx.range_colon = 0;
    jl_value_t *a = parse_eq_star(ps);
    ps->ctx = old;
    t = PEEKT(1);
    if (!tok_is_op(t, JL_OP_COLON)) {
        if (t.kind == JL_T_EOF)
            perr_at(ps, t.start, "premature end of input");
        perr_at(ps, t.start, "`:` expected in `?` expression");
    }
    if (!t.ws)
        perr_tok(ps, t, "space required before `:` in `?` expression");
    BUMP();
    t2 = PEEKT(1);
    if (!t2.ws)
        perr_at(ps, t2.start, "space required after `:` in `?` expression");
    jl_value_t *b = parse_eq_star(ps);
    DEPTH_LEAVE();
    return setk(ps, NK_OTHER, ex3(jl_if_sym, c, a, b));
}

/* ---------------------------------------------------------------------------------------------- */
/* Comparisons, pipes, ranges */

static jl_value_t *parse_pipe_gt(parser_t *ps);
static jl_value_t *parse_pipe_lt(parser_t *ps) { return parse_RtoL(ps, parse_pipe_gt, is_pipe_lt_op, parse_pipe_lt); }
static jl_value_t *parse_pipe_gt(parser_t *ps) { return parse_LtoR(ps, parse_range, is_pipe_gt_op); }

static jl_value_t *parse_comparison(parser_t *ps)
{
    jl_value_t *first = parse_pipe_lt(ps);
    jl_token_t t, op0 = {0};
    jl_value_t *second = NULL;
    jl_expr_t *cmp = NULL;
    int n = 0;
    while (tok_prec_is(t = PEEKT(1), JL_PREC_COMPARISON)) {
        n++;
        BUMP();
        jl_value_t *rhs = parse_pipe_lt(ps);
        if (n == 1) {
            op0 = t;
            second = rhs;
            continue;
        }
        if (!cmp) {
            cmp = mkex(jl_comparison_sym);
            epush(cmp, first);
            epush(cmp, (jl_value_t *)jl_parser_op_sym(ps, op0));
            epush(cmp, second);
        }
        epush(cmp, (jl_value_t *)jl_parser_op_sym(ps, t));
        epush(cmp, rhs);
    }
    if (n == 0)
        return first;
    if (n == 1) {
        if (is_type_operator(op0))
            return setk(ps, op0.op == JL_OP_SUBTYPE ? NK_SUBTYPE : NK_OTHER,
                        ex2(jl_parser_op_sym(ps, op0), first, second));
        return binop(ps, op0, first, second);
    }
    return setk(ps, NK_COMPARISON, (jl_value_t *)cmp);
}

static jl_value_t *parse_expr(parser_t *ps);

static jl_value_t *parse_range(parser_t *ps)
{
    jl_value_t *a = parse_expr(ps);
    jl_token_t t = PEEKT(1);
    if (tok_prec_is(t, JL_PREC_COLON) && t.op != JL_OP_COLON) {
        BUMP();
        jl_value_t *b = parse_expr(ps);
        a = binop(ps, t, a, b);
    }
    else if (tok_is_op(t, JL_OP_COLON) && ps->ctx.range_colon) {
        jl_expr_t *call = NULL;
        while (tok_is_op(t = PEEKT(1), JL_OP_COLON)) {
            if (ps->ctx.space_sensitive && t.ws && !PEEKT(2).ws)
                break;   /* [1 :a] */
            jl_token_t t2 = PEEKT(2);
            if (t2.kind == JL_T_OP && !t2.ws && !t2.dotted && t2.end == t2.start + 1 &&
                (ps->src[t2.start] == '<' || ps->src[t2.start] == '>')) {
                if (ps->src[t2.start] == '<')
                    jl_parser_error(ps, t.start, t2.end, "Invalid `:<` found, maybe replace with `<:`");
                jl_parser_error(ps, t.start, t2.end, "Invalid `:>` found, maybe replace with `>:`");
            }
            BUMP();
            jl_token_t nt = PEEKT(1);
            if (jl_parser_is_closing(ps, nt)) {
                if (nt.kind == JL_T_EOF)
                    perr_at(ps, nt.start, "premature end of input");
                perr_at(ps, nt.start, "missing last argument in range expression");
            }
            if (nt.kind == JL_T_NEWLINE)
                perr_at(ps, nt.start, "line break after `:` in range expression");
            jl_value_t *b = parse_expr(ps);
            if (!call) {
                call = mkex(jl_call_sym);
                epush(call, (jl_value_t *)jl_colon_sym);
                epush(call, a);
                epush(call, b);
            }
            else {
                epush(call, b);
                a = (jl_value_t *)call;
                call = NULL;
            }
            ps->last_k = NK_CALL;
        }
        if (call)
            a = (jl_value_t *)call;
        ps->last_k = NK_CALL;
    }
    if (tok_is_op(PEEKT(1), JL_OP_DOTS)) {
        BUMP();
        a = setk(ps, NK_SPLAT, ex1(jl_dots_sym, a));
    }
    return a;
}

/* a + b + c: chains of + ++ * flatten into one call */
static jl_value_t *parse_with_chains(parser_t *ps, parsefn_t down, int prec, int chain1, int chain2)
{
    jl_value_t *a = down(ps);
    jl_token_t t;
    while (tok_prec_is(t = PEEKT(1), prec)) {
        if (ps->ctx.space_sensitive && t.ws && is_both_unary_and_binary(t) && !PEEKT(2).ws)
            break;   /* [x +y] */
        BUMP();
        jl_value_t *b = down(ps);
        jl_expr_t *call = (jl_expr_t *)ex3(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, t), a, b);
        if ((t.op == chain1 || t.op == chain2) && !t.suffixed && !t.dotted) {
            jl_token_t t2;
            while ((t2 = PEEKT(1)).kind == JL_T_OP && t2.op == t.op && !t2.suffixed && !t2.dotted) {
                if (ps->ctx.space_sensitive && t2.ws && is_both_unary_and_binary(t2) && !PEEKT(2).ws)
                    break;
                BUMP();
                epush(call, down(ps));
            }
        }
        a = setk(ps, t.dotted ? NK_OTHER : NK_CALL, (jl_value_t *)call);
    }
    return a;
}

static jl_value_t *parse_term(parser_t *ps);
static jl_value_t *parse_rational(parser_t *ps);
static jl_value_t *parse_shift(parser_t *ps);
static jl_value_t *parse_unary_subtype(parser_t *ps);

static jl_value_t *parse_expr(parser_t *ps)
{
    return parse_with_chains(ps, parse_term, JL_PREC_PLUS, JL_OP_PLUS, JL_OP_PLUSPLUS);
}
static jl_value_t *parse_term(parser_t *ps)
{
    return parse_with_chains(ps, parse_rational, JL_PREC_TIMES, JL_OP_STAR, -1);
}
static jl_value_t *parse_rational(parser_t *ps) { return parse_LtoR(ps, parse_shift, is_rational_op); }
static jl_value_t *parse_shift(parser_t *ps) { return parse_LtoR(ps, parse_unary_subtype, is_shift_op); }

/* ---------------------------------------------------------------------------------------------- */
/* where, <:, juxtaposition, unary operators */

static jl_value_t *parse_where(parser_t *ps, parsefn_t down)
{
    jl_value_t *x = down(ps);
    if (ps->ctx.where_enabled && tok_is_op(PEEKT(1), JL_OP_WHERE))
        return parse_where_chain(ps, x);
    return x;
}

/* items of a `{ }` parsed by parse_cat, for `where {T, S}` */
static void push_brace_items(jl_expr_t *w, jl_value_t *cat)
{
    jl_expr_t *c = (jl_expr_t *)cat;
    if (c->head == jl_vect_sym) {
        for (size_t i = 0; i < enargs(cat); i++)
            epush(w, earg(cat, i));
    }
    else if (c->head == jl_hcat_sym) {
        c->head = jl_row_sym;
        epush(w, ex1(jl_psym.bracescat, cat));
    }
    else {
        if (c->head == jl_comprehension_sym)
            c->head = jl_psym.braces;
        else
            c->head = jl_psym.bracescat;
        epush(w, cat);
    }
}

static jl_value_t *parse_where_chain(parser_t *ps, jl_value_t *x)
{
    pctx_t old = ps->ctx;
    ps->ctx.where_enabled = 0;
    while (tok_is_op(PEEKT(1), JL_OP_WHERE)) {
        BUMP();
        jl_parser_bump_trivia(ps);
        jl_expr_t *w = (jl_expr_t *)ex1(jl_where_sym, x);
        if (PEEK(1) == JL_T_LBRACE) {
            BUMP();
            jl_value_t *cat = parse_cat(ps, JL_T_RBRACE, ps->ctx.end_symbol);
            push_brace_items(w, cat);
        }
        else {
            epush(w, parse_comparison(ps));
        }
        x = setk(ps, NK_WHERE, (jl_value_t *)w);
    }
    ps->ctx = old;
    return x;
}

static jl_value_t *parse_unary_subtype(parser_t *ps)
{
    DEPTH_ENTER();
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    jl_value_t *r;
    if (is_type_operator(t)) {
        jl_token_t t2 = PEEKT(2);
        if (jl_parser_is_closing(ps, t2) || t2.kind == JL_T_NEWLINE || tok_is_op(t2, JL_OP_EQ)) {
            BUMP();
            r = setk(ps, NK_OPATOM, (jl_value_t *)jl_parser_op_sym(ps, t));
        }
        else if (t2.kind == JL_T_LBRACE || t2.kind == JL_T_LPAREN) {
            r = parse_where(ps, parse_juxtapose);
        }
        else {
            BUMP();
            jl_value_t *x = parse_unary_subtype(ps);
            r = setk(ps, NK_OTHER, ex1(jl_parser_op_sym(ps, t), x));
        }
    }
    else {
        r = parse_where(ps, parse_juxtapose);
    }
    DEPTH_LEAVE();
    return r;
}

static int nk_is_string(int k) { return k == JL_T_STRING || k == NK_STRINGI; }

static int is_juxtapose(parser_t *ps, int prev_k, jl_token_t t)
{
    int k = t.kind;
    if (t.ws)
        return 0;
    if (!(is_literal_kind(prev_k) && JL_T_IS_NUMBER(prev_k)) &&
        (JL_T_IS_NUMBER(k) || k == JL_T_AT || nk_is_block_form(prev_k)))
        return 0;
    if (k == JL_T_OP && !is_radical_op(t))
        return 0;
    if (k == JL_T_ERROR)
        return 0;
    return !jl_parser_is_closing(ps, t) && !jl_parser_is_initial_reserved(ps, k) && k != JL_T_NEWLINE;
}

static jl_value_t *parse_juxtapose(parser_t *ps)
{
    jl_value_t *a = parse_unary(ps);
    jl_expr_t *j = NULL;
    for (;;) {
        jl_token_t t = PEEKT(1);
        int prev = ps->last_k;
        if (!is_juxtapose(ps, prev, t))
            break;
        if (nk_is_string(prev) || is_string_delim(t.kind))
            perr_at(ps, t.start, "cannot juxtapose string literal");
        if (!j) {
            j = mkex(jl_call_sym);
            epush(j, (jl_value_t *)jl_star_sym);
            epush(j, a);
        }
        epush(j, is_radical_op(t) ? parse_unary(ps) : parse_factor(ps));
    }
    if (j)
        return setk(ps, NK_OTHER, (jl_value_t *)j);
    return a;
}

static jl_value_t *parse_factor_with_initial_ex(parser_t *ps, jl_value_t *x, int32_t line);

/* Expr(:block) holding every item of a bracket list (for `(a; b)`), LineNumberNodes between */
static jl_value_t *brackets_block(parser_t *ps, brackets_t *br)
{
    jl_expr_t *b = mkex(jl_block_sym);
    int li = 0;
    for (size_t i = 0; i < enargs((jl_value_t *)br->items); i++, li++) {
        if (jl_expr_nargs(b) > 0)
            epush(b, jl_parser_lnn(ps, br->lines.v[li]));
        epush(b, earg((jl_value_t *)br->items, i));
    }
    if (br->params) {
        for (size_t g = 0; g < enargs((jl_value_t *)br->params); g++) {
            jl_value_t *grp = earg((jl_value_t *)br->params, g);
            for (size_t i = 0; i < enargs(grp); i++, li++) {
                if (jl_expr_nargs(b) > 0)
                    epush(b, jl_parser_lnn(ps, br->lines.v[li]));
                epush(b, earg(grp, i));
            }
        }
    }
    return (jl_value_t *)b;
}

/* Append the bracket items to e (`=` -> :kw when eq_to_kw), then the nested parameter groups at
 * argument position params_pos (their `=` -> :kw when params_kw). */
static void push_bracket_args(jl_expr_t *e, brackets_t *br, int eq_to_kw, int params_kw, size_t params_pos)
{
    for (size_t i = 0; i < enargs((jl_value_t *)br->items); i++) {
        jl_value_t *x = earg((jl_value_t *)br->items, i);
        if (eq_to_kw && is_expr(x, jl_assign_sym) && enargs(x) == 2)
            x = ex2(jl_kw_sym, earg(x, 0), earg(x, 1));
        epush(e, x);
    }
    if (!br->params)
        return;
    jl_expr_t *acc = NULL;
    for (size_t g = enargs((jl_value_t *)br->params); g-- > 0;) {
        jl_expr_t *grp = (jl_expr_t *)earg((jl_value_t *)br->params, g);
        if (params_kw) {
            for (size_t i = 0; i < enargs((jl_value_t *)grp); i++) {
                jl_value_t *x = earg((jl_value_t *)grp, i);
                if (is_expr(x, jl_assign_sym) && enargs(x) == 2)
                    jl_exprargset(grp, i, ex2(jl_kw_sym, earg(x, 0), earg(x, 1)));
            }
        }
        if (acc)
            einsert(grp, 0, (jl_value_t *)acc);
        acc = grp;
    }
    if (params_pos > enargs((jl_value_t *)e))
        params_pos = enargs((jl_value_t *)e);
    einsert(e, params_pos, (jl_value_t *)acc);
}

static jl_value_t *parse_unary(parser_t *ps)
{
    DEPTH_ENTER();
    jl_parser_bump_trivia(ps);
    jl_token_t op = PEEKT(1);
    jl_value_t *r;
    if (op.kind != JL_T_OP || is_word_op(op) || op.op == JL_OP_COLON || op.op == JL_OP_PRIME ||
        op.op == JL_OP_DOTPRIME || (is_syntactic_unary_op(op) && !op.dotted) || is_syntactic_op(op)) {
        r = parse_factor(ps);
        DEPTH_LEAVE();
        return r;
    }
    int32_t line = op.line;
    jl_token_t t2 = PEEKT(2);
    if ((op.op == JL_OP_MINUS || op.op == JL_OP_PLUS) && !is_decorated(op) && !t2.ws &&
        (t2.kind == JL_T_INTEGER || t2.kind == JL_T_FLOAT || t2.kind == JL_T_FLOAT32)) {
        jl_token_t t3 = PEEKT(3);
        if (is_power_op(t3) || t3.kind == JL_T_LBRACK || t3.kind == JL_T_LBRACE) {
            /* -2^x is -(2^x) */
            BUMP();
            jl_value_t *x = parse_factor(ps);
            r = setk(ps, NK_CALL, ex2(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, op), x));
        }
        else {
            BUMP();
            BUMP();
            jl_value_t *num = jl_parser_number(ps, op.op == JL_OP_MINUS ? op.start : t2.start, t2.end);
            setk(ps, t2.kind, num);
            r = parse_factor_with_initial_ex(ps, num, line);
        }
        DEPTH_LEAVE();
        return r;
    }
    if (jl_parser_is_closing(ps, t2) || t2.kind == JL_T_NEWLINE || tok_is_op(t2, JL_OP_EQ)) {
        /* the operator by itself: `map(+, x)` */
        BUMP();
        DEPTH_LEAVE();
        return setk(ps, NK_OPATOM, (jl_value_t *)jl_parser_op_sym(ps, op));
    }
    if (t2.kind == JL_T_LBRACE || (!is_unary_op(op) && t2.kind == JL_T_LPAREN)) {
        r = parse_factor(ps);
        DEPTH_LEAVE();
        return r;
    }
    if (t2.kind == JL_T_LPAREN) {
        BUMP();
        jl_token_t lp = BUMP();
        brackets_t br;
        parse_brackets(ps, JL_T_RPAREN, &br);
        int is_call = br.had_commas || br.had_splat || br.initial_semi || (br.num_subexprs == 0 && br.num_semis == 0);
        if (is_call) {
            if (lp.ws)
                perr_at(ps, lp.start, "whitespace not allowed between prefix function call and argument list");
            jl_expr_t *c;
            if (is_type_operator(op)) {
                c = mkex(jl_parser_op_sym(ps, op));
                push_bracket_args(c, &br, 0, 1, 0);
                setk(ps, NK_OTHER, (jl_value_t *)c);
            }
            else {
                c = mkex(jl_call_sym);
                epush(c, (jl_value_t *)jl_parser_op_sym(ps, op));
                push_bracket_args(c, &br, 1, 1, 1);
                setk(ps, NK_CALL, (jl_value_t *)c);
            }
            jl_value_t *x = parse_call_chain(ps, (jl_value_t *)c, 0, line);
            r = parse_factor_with_initial_ex(ps, x, line);
        }
        else {
            jl_value_t *inner;
            if (br.num_semis > 0)
                inner = setk(ps, NK_BLOCK, brackets_block(ps, &br));
            else
                inner = setk(ps, NK_OTHER, earg((jl_value_t *)br.items, 0));
            inner = parse_call_chain(ps, inner, 0, lp.line);
            inner = parse_factor_with_initial_ex(ps, inner, lp.line);
            if (is_type_operator(op))
                r = setk(ps, NK_OTHER, ex1(jl_parser_op_sym(ps, op), inner));
            else
                r = setk(ps, op.dotted ? NK_OTHER : NK_CALL, ex2(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, op), inner));
        }
        DEPTH_LEAVE();
        return r;
    }
    if (!is_unary_op(op))
        perr_tok(ps, op, "not a unary operator");
    BUMP();
    jl_value_t *x = parse_unary(ps);
    if (is_type_operator(op))
        r = setk(ps, NK_OTHER, ex1(jl_parser_op_sym(ps, op), x));
    else
        r = setk(ps, op.dotted ? NK_OTHER : NK_CALL, ex2(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, op), x));
    DEPTH_LEAVE();
    return r;
}

static jl_value_t *make_arrow(parser_t *ps, jl_value_t *args, jl_value_t *body, int32_t line)
{
    if (is_expr(body, jl_block_sym))
        einsert((jl_expr_t *)body, 0, jl_parser_lnn(ps, line));
    else
        body = ex2(jl_block_sym, jl_parser_lnn(ps, line), body);
    return setk(ps, NK_ARROW, ex2(jl_arrow_sym, args, body));
}

static jl_value_t *parse_decl_with_initial_ex(parser_t *ps, jl_value_t *x, int32_t line)
{
    while (is_op_undotted(PEEKT(1), JL_OP_DECL)) {
        BUMP();
        jl_value_t *t = parse_where(ps, parse_call);
        x = setk(ps, NK_DECL, ex2(jl_doublecolon_sym, x, t));
    }
    if (tok_is_op(PEEKT(1), JL_OP_ARROW)) {
        BUMP();
        jl_value_t *body = parse_eq_star(ps);
        x = make_arrow(ps, x, body, line);
    }
    return x;
}

static jl_value_t *parse_factor_after(parser_t *ps)
{
    return parse_RtoL(ps, parse_juxtapose, is_power_op, parse_factor_after);
}

static jl_value_t *parse_factor_with_initial_ex(parser_t *ps, jl_value_t *x, int32_t line)
{
    x = parse_decl_with_initial_ex(ps, x, line);
    jl_token_t t = PEEKT(1);
    if (is_power_op(t)) {
        BUMP();
        jl_value_t *y = parse_factor_after(ps);
        x = binop(ps, t, x, y);
    }
    return x;
}

static jl_value_t *parse_factor(parser_t *ps)
{
    int32_t line = here_line(ps);
    jl_value_t *x = parse_call(ps);
    return parse_factor_with_initial_ex(ps, x, line);
}

/* $x &x ::T */
static jl_value_t *parse_unary_prefix(parser_t *ps)
{
    DEPTH_ENTER();
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    jl_value_t *r;
    if (is_syntactic_unary_op(t) && !t.dotted) {
        jl_token_t t2 = PEEKT(2);
        if ((t.op == JL_OP_AMP || t.op == JL_OP_DOLLAR) && (jl_parser_is_closing(ps, t2) || t2.kind == JL_T_NEWLINE)) {
            BUMP();
            r = setk(ps, NK_OPATOM, (jl_value_t *)jl_parser_op_sym(ps, t));
        }
        else {
            BUMP();
            if (t.op == JL_OP_AMP || t.op == JL_OP_DECL) {
                jl_value_t *x = parse_where(ps, parse_call);
                if (t.op == JL_OP_DECL)
                    r = setk(ps, NK_DECL, ex1(jl_doublecolon_sym, x));
                else
                    r = setk(ps, NK_AMP, ex1(jl_psym.amp, x));
            }
            else {
                jl_value_t *x = parse_unary_prefix(ps);
                r = setk(ps, NK_DOLLAR, ex1(jl_dollar_sym, x));
            }
        }
    }
    else {
        r = parse_atom(ps, 1);
    }
    DEPTH_LEAVE();
    return r;
}

static int peek_initial_reserved_words(parser_t *ps)
{
    jl_token_t t = PEEKT(1);
    if (jl_parser_is_initial_reserved(ps, t.kind))
        return 1;
    if (JL_T_IS_CONTEXTUAL(t.kind)) {
        int k2 = jl_parser_peek(ps, 2, 0).kind;
        return (t.kind == JL_T_MUTABLE && k2 == JL_T_STRUCT) || (t.kind == JL_T_PRIMITIVE && k2 == JL_T_TYPE) ||
               (t.kind == JL_T_ABSTRACT && k2 == JL_T_TYPE);
    }
    return 0;
}

/* whitespace before t is an error (the error covers the whitespace) */
static void check_no_space(parser_t *ps, jl_token_t t)
{
    if (t.ws) {
        uint32_t from = ps->cur > 0 ? prev_token(ps).end : t.start;
        jl_parser_error(ps, from < t.start ? from : t.start, t.start, "whitespace is not allowed here");
    }
}

static jl_value_t *parse_macro_name(parser_t *ps)
{
    jl_token_t t = PEEKT(1);
    check_no_space(ps, t);
    if (is_op_undotted(t, JL_OP_DOT)) {
        BUMP();
        return (jl_value_t *)jl_dotop_sym;
    }
    pctx_t old = ps->ctx;
    ps->ctx.space_sensitive = 1;
    ps->ctx.ws_newline = 0;
    jl_value_t *x = parse_atom(ps, 0);
    ps->ctx = old;
    return x;
}

static jl_value_t *parse_call(parser_t *ps)
{
    jl_parser_bump_trivia(ps);
    if (peek_initial_reserved_words(ps))
        return parse_resword(ps);
    int32_t line = here_line(ps);
    if (PEEK(1) == JL_T_AT) {
        BUMP();
        jl_value_t *name = parse_macro_name(ps);
        return parse_call_chain(ps, name, 1, line);
    }
    jl_value_t *x = parse_unary_prefix(ps);
    return parse_call_chain(ps, x, 0, line);
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls, indexing, field access, macro calls */

static jl_sym_t *macro_sym(parser_t *ps, jl_sym_t *s, const char *suffix)
{
    const char *n = jl_symbol_name(s);
    if (!suffix && strcmp(n, ".") == 0)
        return jl_psym.at_dot;
    size_t nl = strlen(n), sl = suffix ? strlen(suffix) : 0;
    char *buf = (char *)jl_parser_alloc(ps, nl + sl + 2);
    size_t k = 0;
    if (!suffix)
        buf[k++] = '@';
    memcpy(buf + k, n, nl);
    k += nl;
    if (suffix) {
        memcpy(buf + k, suffix, sl);
        k += sl;
    }
    return jl_symbol_n(buf, k);
}

/* The macro name of `@a.b.c` / `a.@c`: the last component gets the `@` (or `_str` for x"..."). */
static jl_value_t *macroify(parser_t *ps, jl_value_t *v, const char *suffix, jl_token_t at)
{
    if (jl_is_symbol(v)) {
        if (suffix) {
            char *buf = (char *)jl_parser_alloc(ps, strlen(jl_symbol_name((jl_sym_t *)v)) + 2);
            buf[0] = '@';
            strcpy(buf + 1, jl_symbol_name((jl_sym_t *)v));
            return (jl_value_t *)macro_sym(ps, jl_symbol(buf), suffix);
        }
        return (jl_value_t *)macro_sym(ps, (jl_sym_t *)v, NULL);
    }
    if (is_expr(v, jl_dotop_sym) && enargs(v) == 2 && jl_is_quotenode(earg(v, 1)) &&
        jl_is_symbol(((jl_quotenode_t *)earg(v, 1))->value)) {
        jl_value_t *name = macroify(ps, ((jl_quotenode_t *)earg(v, 1))->value, suffix, at);
        return ex2(jl_dotop_sym, earg(v, 0), jl_new_quotenode(name));
    }
    if (is_expr(v, jl_dollar_sym))
        return v;
    jl_parser_error(ps, at.start, at.end, "invalid macro name");
}

static jl_expr_t *new_macrocall(parser_t *ps, jl_value_t *name, int32_t line, const char *suffix, jl_token_t at)
{
    jl_expr_t *m = mkex(jl_macrocall_sym);
    epush(m, macroify(ps, name, suffix, at));
    epush(m, jl_parser_lnn(ps, line));
    return m;
}

static void parse_space_separated_exprs(parser_t *ps, jl_expr_t *m)
{
    pctx_t old = ps->ctx;
    ps->ctx.space_sensitive = 1;
    ps->ctx.ws_newline = 0;
    for (;;) {
        jl_token_t t = PEEKT(1);
        if (jl_parser_is_closing(ps, t) || t.kind == JL_T_NEWLINE || (ps->ctx.for_generator && t.kind == JL_T_FOR))
            break;
        epush(m, parse_eq(ps));
    }
    ps->ctx = old;
}

static void parse_call_arglist(parser_t *ps, int closer, brackets_t *br)
{
    pctx_t old = ps->ctx;
    ps->ctx.for_generator = 1;
    parse_brackets(ps, closer, br);
    ps->ctx = old;
}

static jl_value_t *parse_do(parser_t *ps, jl_value_t *call)
{
    pctx_t old = ps->ctx;
    set_normal_context(ps);
    BUMP();   /* do */
    jl_expr_t *args = mkex(jl_tuple_sym);
    int k = PEEK(1);
    if (k == JL_T_NEWLINE || k == JL_T_SEMI) {
        BUMP();
    }
    else {
        for (;;) {
            epush(args, parse_range(ps));
            if (PEEK(1) != JL_T_COMMA)
                break;
            BUMP();
        }
    }
    jl_value_t *body = parse_block(ps, parse_eq);
    bump_closing_token(ps, JL_T_END);
    ps->ctx = old;
    return setk(ps, NK_OTHER, ex2(jl_do_sym, call, ex2(jl_arrow_sym, (jl_value_t *)args, body)));
}


/* typed forms of parse_cat results: T[...] */
static jl_value_t *typed_cat(parser_t *ps, jl_value_t *T, jl_value_t *cat)
{
    jl_expr_t *c = (jl_expr_t *)cat;
    if (c->head == jl_vect_sym) {
        c->head = jl_ref_sym;
        for (size_t i = 0; i < enargs(cat); i++) {
            jl_value_t *x = earg(cat, i);
            if (is_expr(x, jl_assign_sym) && enargs(x) == 2)
                jl_exprargset(c, i, ex2(jl_kw_sym, earg(x, 0), earg(x, 1)));
        }
        einsert(c, 0, T);
        return setk(ps, NK_REF, cat);
    }
    if (c->head == jl_hcat_sym)
        c->head = jl_typed_hcat_sym;
    else if (c->head == jl_vcat_sym)
        c->head = jl_typed_vcat_sym;
    else if (c->head == jl_comprehension_sym)
        c->head = jl_typed_comprehension_sym;
    else if (c->head == jl_ncat_sym)
        c->head = jl_typed_ncat_sym;
    einsert(c, 0, T);
    return setk(ps, NK_OTHER, cat);
}

static jl_value_t *braces_of_cat(parser_t *ps, jl_value_t *cat)
{
    jl_expr_t *c = (jl_expr_t *)cat;
    if (c->head == jl_vect_sym || c->head == jl_comprehension_sym) {
        if (c->head == jl_comprehension_sym)
            return setk(ps, NK_OTHER, ex1(jl_psym.braces, cat));
        c->head = jl_psym.braces;
        return setk(ps, NK_OTHER, cat);
    }
    if (c->head == jl_hcat_sym) {
        c->head = jl_row_sym;
        return setk(ps, NK_OTHER, ex1(jl_psym.bracescat, cat));
    }
    if (c->head == jl_ncat_sym) {
        c->head = jl_nrow_sym;
        return setk(ps, NK_OTHER, ex1(jl_psym.bracescat, cat));
    }
    c->head = jl_psym.bracescat;
    return setk(ps, NK_OTHER, cat);
}

static int is_string_macro_suffix(jl_token_t t)
{
    return t.kind == JL_T_IDENT || JL_T_IS_KEYWORD(t.kind) || is_word_op(t) || JL_T_IS_NUMBER(t.kind) ||
           t.kind == JL_T_TRUE || t.kind == JL_T_FALSE;
}

static jl_value_t *parse_call_chain(parser_t *ps, jl_value_t *x, int is_macrocall, int32_t line)
{
    if (JL_T_IS_NUMBER(ps->last_k) && PEEK(1) == JL_T_LPAREN)
        return x;   /* 2(x) is juxtaposition */
    int maybe_strmac = 1;
    jl_token_t name_tok = PEEKT(1);
    if (ps->cur > 0)
        name_tok = prev_token(ps);
    for (;;) {
        int maybe_strmac_next = 0;
        jl_token_t t = PEEKT(1);
        int k = t.kind;
        if (!is_macrocall && ps->ctx.space_sensitive && t.ws &&
            (k == JL_T_LPAREN || k == JL_T_LBRACK || k == JL_T_LBRACE || k == JL_T_SQUOTE ||
             k == JL_T_DQUOTE || k == JL_T_TDQUOTE || k == JL_T_BACKTICK || k == JL_T_TBACKTICK ||
             (k == JL_T_OP && t.op == JL_OP_DOT && !t.dotted && 0)))
            break;
        if (is_macrocall && (t.ws || !(k == JL_T_LPAREN || k == JL_T_LBRACK || k == JL_T_LBRACE ||
                                       tok_is_op(t, JL_OP_PRIME) || is_op_undotted(t, JL_OP_DOT)))) {
            /* @m a b c */
            jl_expr_t *m = new_macrocall(ps, x, line, NULL, name_tok);
            parse_space_separated_exprs(ps, m);
            jl_value_t *mn = earg((jl_value_t *)m, 0);
            if (enargs((jl_value_t *)m) == 3 &&
                (mn == (jl_value_t *)jl_psym.at_doc ||
                 (is_expr(mn, jl_dotop_sym) && ((jl_quotenode_t *)earg(mn, 1))->value == (jl_value_t *)jl_psym.at_doc))) {
                jl_token_t t1 = PEEKT(1), t2 = PEEKT(2);
                if (t1.kind == JL_T_NEWLINE && !jl_parser_is_closing(ps, t2) && t2.kind != JL_T_NEWLINE) {
                    BUMP();
                    epush(m, parse_eq(ps));
                }
            }
            x = setk(ps, NK_MACROCALL, (jl_value_t *)m);
            break;
        }
        if (k == JL_T_LPAREN) {
            check_no_space(ps, t);
            BUMP();
            brackets_t br;
            parse_call_arglist(ps, JL_T_RPAREN, &br);
            jl_expr_t *c;
            if (is_macrocall) {
                c = new_macrocall(ps, x, line, NULL, name_tok);
                push_bracket_args(c, &br, 0, 1, 2);
                setk(ps, NK_MACROCALL, (jl_value_t *)c);
            }
            else {
                c = mkex(jl_call_sym);
                epush(c, x);
                push_bracket_args(c, &br, 1, 1, 1);
                setk(ps, NK_CALL, (jl_value_t *)c);
            }
            x = (jl_value_t *)c;
            if (PEEK(1) == JL_T_DO)
                x = parse_do(ps, x);
            is_macrocall = 0;
        }
        else if (k == JL_T_LBRACK) {
            check_no_space(ps, t);
            BUMP();
            pctx_t old = ps->ctx;
            ps->ctx.end_symbol = 1;
            jl_value_t *cat = parse_cat(ps, JL_T_RBRACK, 1);
            ps->ctx = old;
            if (is_macrocall) {
                jl_expr_t *m = new_macrocall(ps, x, line, NULL, name_tok);
                epush(m, cat);
                x = setk(ps, NK_MACROCALL, (jl_value_t *)m);
                is_macrocall = 0;
            }
            else {
                x = typed_cat(ps, x, cat);
            }
        }
        else if (is_op_undotted(t, JL_OP_DOT)) {
            check_no_space(ps, t);
            BUMP();
            jl_token_t n = PEEKT(1);
            if (n.kind == JL_T_LPAREN) {
                if (is_macrocall)
                    perr_tok(ps, n, "dot call syntax not supported for macros");
                BUMP();
                brackets_t br;
                parse_call_arglist(ps, JL_T_RPAREN, &br);
                jl_expr_t *tup = mkex(jl_tuple_sym);
                push_bracket_args(tup, &br, 1, 1, 0);
                x = setk(ps, NK_OTHER, ex2(jl_dotop_sym, x, (jl_value_t *)tup));
            }
            else if (is_op_undotted(n, JL_OP_COLON)) {
                BUMP();
                check_no_space(ps, PEEKT(1));
                jl_value_t *a = parse_atom(ps, 0);
                x = setk(ps, NK_DOT, ex2(jl_dotop_sym, x, quote_value(a)));
            }
            else if (is_op_undotted(n, JL_OP_DOLLAR)) {
                BUMP();
                jl_value_t *a = parse_atom(ps, 1);
                x = setk(ps, NK_DOT, ex2(jl_dotop_sym, x, jl_new_quotenode(ex1(jl_dollar_sym, a))));
            }
            else if (n.kind == JL_T_AT) {
                BUMP();
                if (is_macrocall)
                    perr_tok(ps, n, "repeated `@` in macro module path");
                is_macrocall = 1;
                name_tok = PEEKT(1);
                jl_value_t *a = parse_macro_name(ps);
                x = setk(ps, NK_DOT, ex2(jl_dotop_sym, x, jl_new_quotenode(a)));
            }
            else {
                name_tok = n;
                jl_value_t *a = parse_atom(ps, 0);
                if (!(jl_is_quotenode(a) || is_expr(a, jl_quote_sym)))
                    a = jl_new_quotenode(a);
                x = setk(ps, NK_DOT, ex2(jl_dotop_sym, x, a));
                maybe_strmac_next = 1;
            }
        }
        else if (tok_is_op(t, JL_OP_PRIME) && !t.ws) {
            BUMP();
            if (t.suffixed)
                x = setk(ps, NK_CALL, ex2(jl_call_sym, (jl_value_t *)jl_parser_op_sym(ps, t), x));
            else
                x = setk(ps, NK_OTHER, ex1(jl_psym.prime, x));
        }
        else if (k == JL_T_LBRACE) {
            check_no_space(ps, t);
            BUMP();
            brackets_t br;
            parse_call_arglist(ps, JL_T_RBRACE, &br);
            if (is_macrocall) {
                jl_expr_t *m = new_macrocall(ps, x, line, NULL, name_tok);
                jl_expr_t *b = mkex(jl_psym.braces);
                push_bracket_args(b, &br, 0, 0, 0);
                epush(m, (jl_value_t *)b);
                x = setk(ps, NK_MACROCALL, (jl_value_t *)m);
                is_macrocall = 0;
            }
            else {
                jl_expr_t *c = mkex(jl_curly_sym);
                epush(c, x);
                push_bracket_args(c, &br, 0, 0, 1);
                x = setk(ps, NK_CURLY, (jl_value_t *)c);
            }
        }
        else if ((k == JL_T_DQUOTE || k == JL_T_TDQUOTE || k == JL_T_BACKTICK || k == JL_T_TBACKTICK) && !t.ws &&
                 maybe_strmac && ps->cur > 0 &&
                 (prev_token(ps).kind == JL_T_IDENT || JL_T_IS_CONTEXTUAL(prev_token(ps).kind) ||
                  is_word_op(prev_token(ps)))) {
            int is_cmd = k == JL_T_BACKTICK || k == JL_T_TBACKTICK;
            jl_expr_t *m = new_macrocall(ps, x, line, is_cmd ? "_cmd" : "_str", name_tok);
            epush(m, parse_string(ps, 1));
            jl_token_t s = PEEKT(1);
            if (!s.ws && is_string_macro_suffix(s)) {
                BUMP();
                if (JL_T_IS_NUMBER(s.kind))
                    epush(m, jl_parser_number(ps, s.start, s.end));
                else if (s.kind == JL_T_TRUE || s.kind == JL_T_FALSE)
                    epush(m, s.kind == JL_T_TRUE ? jl_true : jl_false);
                else
                    epush(m, jl_pchar_to_string(ps->src + s.start, s.end - s.start));
            }
            x = setk(ps, NK_MACROCALL, (jl_value_t *)m);
        }
        else {
            break;
        }
        maybe_strmac = maybe_strmac_next;
    }
    return x;
}

/* ---------------------------------------------------------------------------------------------- */
/* Brackets: ( ) argument lists, tuples, [ ] concatenation, generators */

static void parse_brackets(parser_t *ps, int closer, brackets_t *br)
{
    DEPTH_ENTER();
    pctx_t old = ps->ctx;
    ps->ctx.range_colon = 1;
    ps->ctx.space_sensitive = 0;
    ps->ctx.where_enabled = 1;
    ps->ctx.ws_newline = 1;
    memset(br, 0, sizeof(*br));
    br->items = mkex(jl_block_sym);
    jl_expr_t *cur = br->items;
    br->initial_semi = PEEK(1) == JL_T_SEMI;
    for (;;) {
        jl_token_t t = PEEKT(1);
        if (t.kind == closer)
            break;
        if (t.kind == JL_T_SEMI) {
            br->num_semis++;
            BUMP();
            cur = mkex(jl_parameters_sym);
            if (!br->params)
                br->params = mkex(jl_block_sym);
            epush(br->params, (jl_value_t *)cur);
            continue;
        }
        if (jl_parser_is_closing(ps, t))
            break;
        jl_parser_ilist_push(ps, &br->lines, here_line(ps));
        jl_value_t *x = parse_eq_star(ps);
        br->num_subexprs++;
        if (br->num_subexprs == 1)
            br->had_splat = ps->last_k == NK_SPLAT;
        t = PEEKT(1);
        if (t.kind == JL_T_FOR) {
            x = parse_generator(ps, x);
            t = PEEKT(1);
        }
        epush(cur, x);
        if (t.kind == JL_T_COMMA) {
            br->had_commas = 1;
            BUMP();
        }
        else if (t.kind == JL_T_SEMI || t.kind == closer) {
            continue;
        }
        else {
            break;
        }
    }
    br->last_k = ps->last_k;
    ps->ctx = old;
    bump_closing_token(ps, closer);
    DEPTH_LEAVE();
}

static jl_value_t *parse_paren(parser_t *ps, int check_identifiers)
{
    pctx_t old = ps->ctx;
    ps->ctx.range_colon = 1;
    ps->ctx.space_sensitive = 0;
    ps->ctx.where_enabled = 1;
    ps->ctx.ws_newline = 1;
    BUMP();   /* ( */
    jl_token_t t = PEEKT(1);
    jl_value_t *r;
    if (t.kind == JL_T_RPAREN) {
        BUMP();
        r = setk(ps, NK_TUPLE, (jl_value_t *)mkex(jl_tuple_sym));
    }
    else if (is_syntactic_op(t)) {
        r = parse_atom(ps, check_identifiers);
        bump_closing_token(ps, JL_T_RPAREN);
        setk(ps, NK_OTHER, r);
    }
    else if (!check_identifiers && is_op_undotted(t, JL_OP_DECL) && jl_parser_peek(ps, 2, 1).kind == JL_T_RPAREN) {
        BUMP();
        BUMP();
        r = setk(ps, NK_OTHER, (jl_value_t *)jl_doublecolon_sym);
    }
    else {
        brackets_t br;
        parse_brackets(ps, JL_T_RPAREN, &br);
        int is_tuple = br.had_commas || (br.had_splat && br.num_semis >= 1) ||
                       (br.initial_semi && (br.num_semis == 1 || br.num_subexprs > 0)) ||
                       (tok_is_op(PEEKT(1), JL_OP_ARROW) && br.last_k != NK_WHERE);
        if (is_tuple) {
            jl_expr_t *tup = mkex(jl_tuple_sym);
            push_bracket_args(tup, &br, 0, 1, 0);
            r = setk(ps, NK_TUPLE, (jl_value_t *)tup);
        }
        else if (br.num_semis > 0) {
            r = setk(ps, NK_BLOCK, brackets_block(ps, &br));
        }
        else {
            r = earg((jl_value_t *)br.items, 0);
            ps->last_k = NK_OTHER;
        }
    }
    ps->ctx = old;
    return r;
}

static jl_value_t *parse_iteration_spec(parser_t *ps)
{
    jl_token_t t = PEEKT(1);
    jl_value_t *lhs;
    if (t.kind == JL_T_OUTER) {
        jl_token_t t2 = PEEKT(2);
        if (is_plain_eq(t2) || tok_is_op(t2, JL_OP_IN) || tok_is_op(t2, JL_OP_ELEMENT)) {
            BUMP();
            lhs = (jl_value_t *)jl_psym.outer;
        }
        else {
            BUMP();
            lhs = ex1(jl_psym.outer, parse_pipe_lt(ps));
        }
    }
    else {
        lhs = parse_pipe_lt(ps);
    }
    jl_token_t op = PEEKT(1);
    if (is_plain_eq(op) || is_op_undotted(op, JL_OP_IN) || is_op_undotted(op, JL_OP_ELEMENT))
        BUMP();
    else if (op.kind == JL_T_EOF)
        perr_at(ps, op.start, "premature end of input");
    else
        perr_tok(ps, op, "invalid iteration spec: expected one of `=` `in` or `∈`");
    jl_value_t *rhs = parse_pipe_lt(ps);
    return setk(ps, NK_EQ, ex2(jl_assign_sym, lhs, rhs));
}

static void parse_iteration_specs(parser_t *ps, jl_expr_t *list)
{
    for (;;) {
        epush(list, parse_iteration_spec(ps));
        if (PEEK(1) != JL_T_COMMA)
            break;
        BUMP();
    }
}

static jl_value_t *parse_generator(parser_t *ps, jl_value_t *body)
{
    DEPTH_ENTER();
    jl_token_t t = PEEKT(1);
    if (!t.ws)
        perr_at(ps, t.start, "Expected space before `for` in generator");
    BUMP();   /* for */
    jl_expr_t *iters = mkex(jl_block_sym);
    parse_iteration_specs(ps, iters);
    jl_expr_t *spec = iters;
    if (PEEK(1) == JL_T_IF) {
        BUMP();
        jl_value_t *cond = parse_cond(ps);
        spec = mkex(jl_filter_sym);
        epush(spec, cond);
        for (size_t i = 0; i < enargs((jl_value_t *)iters); i++)
            epush(spec, earg((jl_value_t *)iters, i));
    }
    jl_expr_t *g = mkex(jl_generator_sym);
    jl_value_t *r;
    if (PEEK(1) == JL_T_FOR) {
        jl_value_t *inner = parse_generator(ps, body);
        epush(g, inner);
        r = ex1(jl_flatten_sym, (jl_value_t *)g);
    }
    else {
        epush(g, body);
        r = (jl_value_t *)g;
    }
    if (spec == iters) {
        for (size_t i = 0; i < enargs((jl_value_t *)iters); i++)
            epush(g, earg((jl_value_t *)iters, i));
    }
    else {
        epush(g, (jl_value_t *)spec);
    }
    DEPTH_LEAVE();
    return setk(ps, NK_OTHER, r);
}

/* Separator in [ ]: binding power 0 for whitespace (dimension 2), -1 for `;`/newline (dimension 1),
 * -n for n semicolons (dimension n). CAT_MIN when the next token ends the array. */
static void parse_array_separator(parser_t *ps, int *dim, int *bp)
{
    jl_token_t t = jl_parser_peek(ps, 1, 1);
    if (jl_parser_is_closing(ps, t) && t.kind != JL_T_SEMI) {
        *dim = *bp = CAT_MIN;
        return;
    }
    jl_token_t raw = jl_parser_peek(ps, 1, 0);
    if (raw.kind == JL_T_NEWLINE) {
        jl_parser_bump_trivia(ps);
        *dim = 1;
        *bp = -1;
        return;
    }
    if (raw.kind == JL_T_SEMI) {
        int n = 0;
        for (;;) {
            jl_token_t s = jl_parser_peek(ps, 1, 0);
            if (s.kind != JL_T_SEMI || (n > 0 && s.ws))
                break;
            jl_parser_bump(ps, 0);
            n++;
        }
        if (n >= 2 && jl_parser_peek(ps, 1, 0).kind == JL_T_NEWLINE)
            jl_parser_bump_trivia(ps);
        *dim = n;
        *bp = -n;
        return;
    }
    if (raw.ws) {
        *dim = 2;
        *bp = 0;
        return;
    }
    *dim = *bp = CAT_MIN;
}

/* Replace the items of list from index `from` with one Expr(:row) / Expr(:nrow, dim) */
static void wrap_row(jl_expr_t *list, size_t from, int bp, int dim)
{
    jl_expr_t *row = mkex(bp == 0 ? jl_row_sym : jl_nrow_sym);
    if (bp != 0)
        epush(row, jl_box_long(dim));
    size_t n = jl_expr_nargs(list);
    for (size_t i = from; i < n; i++)
        epush(row, jl_exprarg(list, i));
    if (n > from)
        jl_array_del_end(list->args, n - from);
    epush(list, (jl_value_t *)row);
}

static void parse_array_inner(parser_t *ps, jl_expr_t *list, int binding_power, int *out_dim, int *out_bp)
{
    DEPTH_ENTER();
    size_t mark = 0;
    int dim = -1, bp = binding_power;
    for (;;) {
        if (bp < binding_power) {
            *out_dim = dim;
            *out_bp = bp;
            DEPTH_LEAVE();
            return;
        }
        jl_token_t t = jl_parser_peek(ps, 1, 1);
        if (jl_parser_is_closing(ps, t) && t.kind != JL_T_SEMI) {
            *out_dim = *out_bp = CAT_MIN;
            DEPTH_LEAVE();
            return;
        }
        int ndim, nbp;
        if (bp == binding_power) {
            mark = jl_expr_nargs(list);
            epush(list, parse_eq_star(ps));
            parse_array_separator(ps, &ndim, &nbp);
        }
        else {
            parse_array_inner(ps, list, bp, &ndim, &nbp);
            wrap_row(list, mark, bp, dim);
        }
        dim = ndim;
        bp = nbp;
    }
}

static jl_value_t *parse_array(parser_t *ps, jl_value_t *first, int closer)
{
    jl_expr_t *list = mkex(jl_block_sym);
    epush(list, first);
    int dim, bp;
    parse_array_separator(ps, &dim, &bp);
    if (bp == CAT_MIN) {
        bump_closing_token(ps, closer);
        list->head = jl_hcat_sym;
        return (jl_value_t *)list;
    }
    for (;;) {
        int ndim, nbp;
        parse_array_inner(ps, list, bp, &ndim, &nbp);
        if (nbp == CAT_MIN)
            break;
        wrap_row(list, 0, bp, dim);
        dim = ndim;
        bp = nbp;
    }
    bump_closing_token(ps, closer);
    if (bp == -1) {
        list->head = jl_vcat_sym;
    }
    else if (bp == 0) {
        list->head = jl_hcat_sym;
    }
    else {
        list->head = jl_ncat_sym;
        einsert(list, 0, jl_box_long(dim));
    }
    return (jl_value_t *)list;
}

static jl_value_t *parse_cat(parser_t *ps, int closer, int end_is_symbol)
{
    DEPTH_ENTER();
    pctx_t old = ps->ctx;
    ps->ctx.range_colon = 1;
    ps->ctx.space_sensitive = 1;
    ps->ctx.where_enabled = 1;
    ps->ctx.ws_newline = 0;
    ps->ctx.for_generator = 1;
    ps->ctx.end_symbol = (uint8_t)end_is_symbol;
    jl_token_t t = jl_parser_peek(ps, 1, 1);
    jl_value_t *r;
    if (t.kind == closer) {
        jl_parser_bump_trivia(ps);
        BUMP();
        r = (jl_value_t *)mkex(jl_vect_sym);
    }
    else if (t.kind == JL_T_SEMI) {
        jl_parser_bump_trivia(ps);
        int n = 0;
        while (jl_parser_peek(ps, 1, 1).kind == JL_T_SEMI) {
            jl_parser_bump_trivia(ps);
            jl_parser_bump(ps, 0);
            n++;
        }
        bump_closing_token(ps, closer);
        r = ex1(jl_ncat_sym, jl_box_long(n));
    }
    else {
        jl_value_t *first = parse_eq_star(ps);
        t = jl_parser_peek(ps, 1, 1);
        if (t.kind == JL_T_COMMA || (jl_parser_is_closing(ps, t) && t.kind != JL_T_SEMI)) {
            if (t.kind == JL_T_COMMA) {
                jl_parser_bump_trivia(ps);
                BUMP();
            }
            brackets_t br;
            parse_brackets(ps, closer, &br);
            einsert(br.items, 0, first);
            jl_expr_t *v = mkex(jl_vect_sym);
            push_bracket_args(v, &br, 0, 0, 0);
            r = (jl_value_t *)v;
        }
        else if (t.kind == JL_T_FOR) {
            ps->ctx.ws_newline = 1;
            ps->ctx.space_sensitive = 0;
            ps->ctx.end_symbol = 0;
            jl_value_t *g = parse_generator(ps, first);
            bump_closing_token(ps, closer);
            r = ex1(jl_comprehension_sym, g);
        }
        else {
            r = parse_array(ps, first, closer);
        }
    }
    ps->ctx = old;
    ps->last_k = NK_OTHER;
    DEPTH_LEAVE();
    return r;
}

/* ---------------------------------------------------------------------------------------------- */
/* Strings and characters */

typedef struct { uint32_t start, end; int interp; int indent; } chunk_t;

static int is_newline_byte(char c) { return c == '\n' || c == '\r'; }

static jl_value_t *parse_string(parser_t *ps, int raw)
{
    jl_token_t open = jl_parser_bump(ps, 0);
    int triple = open.kind == JL_T_TDQUOTE || open.kind == JL_T_TBACKTICK;
    int is_cmd = open.kind == JL_T_BACKTICK || open.kind == JL_T_TBACKTICK;
    int chunk_kind = is_cmd ? JL_T_CMDSTRING : JL_T_STRING;
    char delim = is_cmd ? '`' : '"';
    jl_expr_t *vals = mkex(jl_block_sym);
    chunk_t *chunks = NULL;
    int nchunks = 0, capchunks = 0;
    int first_chunk = 1, prev_nl = 0, have_ref = 0, ninterp = 0;
    uint32_t ref_i = 0, ref_len = 0;
    for (;;) {
        jl_token_t t = jl_parser_peek(ps, 1, 0);
        chunk_t c = {0, 0, -1, 0};
        if (tok_is_op(t, JL_OP_DOLLAR) && !raw) {
            jl_parser_bump(ps, 0);
            jl_token_t n = jl_parser_peek(ps, 1, 0);
            jl_value_t *v;
            if (n.kind == JL_T_LPAREN) {
                jl_parser_bump(ps, 0);
                brackets_t br;
                parse_brackets(ps, JL_T_RPAREN, &br);
                if (br.had_commas || br.num_semis > 0 || br.num_subexprs != 1 ||
                    is_expr(earg((jl_value_t *)br.items, 0), jl_generator_sym))
                    jl_parser_error(ps, n.start, prev_token(ps).end, "invalid interpolation syntax");
                v = earg((jl_value_t *)br.items, 0);
            }
            else if (n.kind == JL_T_VAR) {
                jl_parser_bump(ps, 0);
                v = (jl_value_t *)jl_psym.var;
            }
            else if (n.kind == JL_T_IDENT || JL_T_IS_KEYWORD(n.kind) || is_word_op(n)) {
                v = parse_atom(ps, 1);
            }
            else {
                if (n.kind == JL_T_EOF)
                    ps->err_incomplete = INC_STRING;
                perr_at(ps, n.start, "identifier or parenthesized expression expected after $ in string");
            }
            epush(vals, v);
            c.interp = ninterp++;
            first_chunk = 0;
            prev_nl = 0;
        }
        else if (t.kind == chunk_kind) {
            jl_parser_bump(ps, 0);
            uint32_t len = t.end - t.start;
            const char *s = ps->src + t.start;
            if (triple && first_chunk && len <= 2 &&
                ((len == 1 && is_newline_byte(s[0])) || (len == 2 && s[0] == '\r' && s[1] == '\n'))) {
                first_chunk = 0;
                prev_nl = 1;
                continue;
            }
            c.start = t.start;
            c.end = t.end;
            if (triple) {
                if (prev_nl && !is_newline_byte(s[0])) {
                    if (!have_ref) {
                        uint32_t i = 0;
                        while (i < len && (s[i] == ' ' || s[i] == '\t'))
                            i++;
                        have_ref = 1;
                        ref_i = t.start;
                        ref_len = i;
                    }
                    else {
                        uint32_t j = 0;
                        while (j < len && j < ref_len && s[j] == ps->src[ref_i + j])
                            j++;
                        if (j < ref_len)
                            ref_len = j;
                    }
                    c.indent = 1;
                }
                prev_nl = is_newline_byte(s[len - 1]);
            }
            first_chunk = 0;
        }
        else if (t.kind == JL_T_ERROR) {
            jl_parser_lexer_error(ps, t);
        }
        else {
            break;
        }
        if (nchunks == capchunks) {
            int ncap = capchunks ? capchunks * 2 : 8;
            chunk_t *nc = (chunk_t *)jl_parser_alloc(ps, (size_t)ncap * sizeof(chunk_t));
            if (nchunks)
                memcpy(nc, chunks, (size_t)nchunks * sizeof(chunk_t));
            chunks = nc;
            capchunks = ncap;
        }
        chunks[nchunks++] = c;
    }
    jl_token_t close = jl_parser_peek(ps, 1, 0);
    if (close.kind != open.kind) {
        if (close.kind == JL_T_EOF)
            ps->err_incomplete = is_cmd ? INC_CMD : INC_STRING;
        perr_at(ps, close.start, "unterminated string literal");
    }
    jl_parser_bump(ps, 0);
    if (triple && prev_nl)
        ref_len = 0;
    if (!have_ref)
        ref_len = 0;
    /* dedent, unescape, merge literal chunks */
    jl_expr_t *parts = mkex(jl_string_sym);
    cbuf_t b = {NULL, 0, 0, ps};
    int have_lit = 0;
    for (int i = 0; i < nchunks; i++) {
        chunk_t c = chunks[i];
        if (c.interp >= 0) {
            if (have_lit && b.n > 0)
                epush(parts, jl_pchar_to_string(b.s, b.n));
            b.n = 0;
            have_lit = 0;
            epush(parts, earg((jl_value_t *)vals, (size_t)c.interp));
            continue;
        }
        uint32_t from = c.start;
        if (c.indent)
            from += (c.end - c.start) < ref_len ? (c.end - c.start) : ref_len;
        if (raw)
            jl_parser_raw_unescape(ps, &b, from, c.end, delim);
        else
            jl_parser_unescape(ps, &b, from, c.end);
        have_lit = 1;
    }
    if (raw || ninterp == 0) {
        jl_value_t *s = jl_pchar_to_string(b.s ? b.s : "", b.n);
        return setk(ps, JL_T_STRING, s);
    }
    if (have_lit && b.n > 0)
        epush(parts, jl_pchar_to_string(b.s, b.n));
    return setk(ps, NK_STRINGI, (jl_value_t *)parts);
}

static int char_byte_len(uint8_t b)
{
    if (b < 0xc0) return 1;
    if (b < 0xe0) return 2;
    if (b < 0xf0) return 3;
    if (b < 0xf8) return 4;
    return 1;
}

/* s[0..n) is one Julia Char (a valid character, or an invalid sequence String iteration keeps together) */
static int is_single_char(const char *s, size_t n)
{
    if (n == 0 || n > 4)
        return 0;
    uint8_t b0 = (uint8_t)s[0];
    if (n == 1)
        return 1;
    int want = char_byte_len(b0);
    if ((size_t)want < n)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (((uint8_t)s[i] & 0xc0) != 0x80)
            return 0;
    return 1;
}

static jl_value_t *parse_char(parser_t *ps)
{
    jl_token_t open = jl_parser_bump(ps, 0);
    jl_token_t t = jl_parser_peek(ps, 1, 0);
    if (t.kind == JL_T_SQUOTE) {
        jl_parser_bump(ps, 0);
        jl_parser_error(ps, open.start, t.end, "empty character literal");
    }
    if (t.kind == JL_T_EOF) {
        ps->err_incomplete = INC_CHAR;
        perr_at(ps, t.start, "unterminated character literal");
    }
    if (t.kind == JL_T_ERROR)
        jl_parser_lexer_error(ps, t);
    jl_parser_bump(ps, 0);
    jl_token_t c = jl_parser_peek(ps, 1, 0);
    if (c.kind != JL_T_SQUOTE) {
        if (c.kind == JL_T_EOF)
            ps->err_incomplete = INC_CHAR;
        perr_at(ps, c.start, "unterminated character literal");
    }
    jl_parser_bump(ps, 0);
    cbuf_t b = {NULL, 0, 0, ps};
    jl_parser_unescape(ps, &b, t.start, t.end);
    if (!is_single_char(b.s, b.n))
        jl_parser_error(ps, open.start, c.end, "character literal contains multiple characters");
    uint32_t bits = 0;
    for (size_t i = 0; i < b.n; i++)
        bits |= (uint32_t)(uint8_t)b.s[i] << (24 - 8 * i);
    return setk(ps, NK_CHAR, jl_box_char(bits));
}

static jl_value_t *parse_var_ident(parser_t *ps)
{
    jl_parser_bump(ps, 0);              /* var */
    jl_token_t q = jl_parser_bump(ps, 0); /* " */
    jl_token_t t = jl_parser_peek(ps, 1, 0);
    cbuf_t b = {NULL, 0, 0, ps};
    if (t.kind == JL_T_STRING) {
        jl_parser_bump(ps, 0);
        jl_parser_raw_unescape(ps, &b, t.start, t.end, '"');
        t = jl_parser_peek(ps, 1, 0);
    }
    if (t.kind != JL_T_DQUOTE) {
        if (t.kind == JL_T_EOF)
            ps->err_incomplete = INC_STRING;
        jl_parser_error(ps, q.start, t.start, "unterminated `var\"\"` identifier");
    }
    jl_parser_bump(ps, 0);
    jl_token_t n = jl_parser_peek(ps, 1, 0);
    if (!(n.ws || n.kind == JL_T_OP || n.kind == JL_T_LPAREN || n.kind == JL_T_RPAREN || n.kind == JL_T_LBRACK ||
          n.kind == JL_T_RBRACK || n.kind == JL_T_LBRACE || n.kind == JL_T_RBRACE || n.kind == JL_T_COMMA ||
          n.kind == JL_T_SEMI || n.kind == JL_T_AT || n.kind == JL_T_EOF || n.kind == JL_T_NEWLINE))
        perr_tok(ps, n, "suffix not allowed after var\"...\" syntax");
    return setk(ps, JL_T_IDENT, (jl_value_t *)jl_symbol_n(b.s ? b.s : "", b.n));
}

/* ---------------------------------------------------------------------------------------------- */
/* Atoms */

static jl_value_t *parse_atom(parser_t *ps, int check_identifiers)
{
    DEPTH_ENTER();
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    int k = t.kind;
    jl_value_t *r;
    if (k == JL_T_SQUOTE) {
        r = parse_char(ps);
    }
    else if (is_op_undotted(t, JL_OP_COLON)) {
        jl_token_t t2 = PEEKT(2);
        if (jl_parser_is_closing(ps, t2) && (!JL_T_IS_KEYWORD(t2.kind) || t2.ws)) {
            BUMP();
            r = setk(ps, NK_OPATOM, (jl_value_t *)jl_colon_sym);
        }
        else {
            BUMP();
            if (t2.ws)
                jl_parser_error(ps, t.end, t2.start, "whitespace not allowed after `:` used for quoting");
            pctx_t old = ps->ctx;
            ps->ctx.end_symbol = 0;
            jl_value_t *x = parse_atom(ps, 0);
            ps->ctx = old;
            r = setk(ps, NK_QUOTE, quote_value(x));
        }
    }
    else if (k == JL_T_IDENT) {
        BUMP();
        r = setk(ps, JL_T_IDENT, (jl_value_t *)jl_parser_token_sym(ps, t));
    }
    else if (is_word_op(t)) {
        BUMP();
        r = setk(ps, JL_T_IDENT, (jl_value_t *)jl_parser_token_sym(ps, t));
    }
    else if (k == JL_T_OP) {
        BUMP();
        if (check_identifiers && !is_valid_identifier_op(t))
            perr_tok(ps, t, "invalid identifier");
        r = setk(ps, NK_OPATOM, (jl_value_t *)jl_parser_op_sym(ps, t));
    }
    else if (JL_T_IS_KEYWORD(k)) {
        jl_token_t t2 = jl_parser_peek(ps, 2, 0);
        if (k == JL_T_VAR && t2.kind == JL_T_DQUOTE && !t2.ws) {
            r = parse_var_ident(ps);
        }
        else {
            if (check_identifiers && jl_parser_is_closing(ps, t)) {
                if (t.kind == JL_T_END)
                    perr_at(ps, t.start, "unexpected `end`");
                perr_tok(ps, t, "invalid identifier");
            }
            BUMP();
            r = setk(ps, JL_T_IDENT, (jl_value_t *)jl_symbol_n(ps->src + t.start, t.end - t.start));
        }
    }
    else if (k == JL_T_LPAREN) {
        r = parse_paren(ps, check_identifiers);
    }
    else if (k == JL_T_LBRACK) {
        BUMP();
        jl_value_t *cat = parse_cat(ps, JL_T_RBRACK, ps->ctx.end_symbol);
        r = setk(ps, NK_OTHER, cat);
    }
    else if (k == JL_T_LBRACE) {
        BUMP();
        jl_value_t *cat = parse_cat(ps, JL_T_RBRACE, ps->ctx.end_symbol);
        r = braces_of_cat(ps, cat);
    }
    else if (k == JL_T_DQUOTE || k == JL_T_TDQUOTE) {
        r = parse_string(ps, 0);
    }
    else if (k == JL_T_BACKTICK || k == JL_T_TBACKTICK) {
        jl_expr_t *m = mkex(jl_macrocall_sym);
        epush(m, jl_parser_core_ref(jl_psym.at_cmd));
        epush(m, jl_parser_lnn(ps, t.line));
        epush(m, parse_string(ps, 1));
        r = setk(ps, NK_MACROCALL, (jl_value_t *)m);
    }
    else if (JL_T_IS_NUMBER(k)) {
        BUMP();
        r = setk(ps, k, jl_parser_number(ps, t.start, t.end));
    }
    else if (k == JL_T_TRUE || k == JL_T_FALSE) {
        BUMP();
        r = setk(ps, k, k == JL_T_TRUE ? jl_true : jl_false);
    }
    else if (k == JL_T_ERROR) {
        jl_parser_lexer_error(ps, t);
    }
    else if (k == JL_T_EOF) {
        perr_at(ps, t.start, "premature end of input");
    }
    else if (jl_parser_is_closing(ps, t)) {
        char buf[64];
        char msg[128];
        snprintf(msg, sizeof(msg), "unexpected `%s`", jl_parser_token_text(ps, t, buf, sizeof(buf)));
        perr_at(ps, t.start, msg);
    }
    else {
        perr_tok(ps, t, "invalid syntax atom");
    }
    DEPTH_LEAVE();
    return r;
}

/* ============================================================================================== */
/* Grammar: blocks and keyword forms                                                              */
/* ============================================================================================== */

static int is_block_closer(jl_token_t t)
{
    switch (t.kind) {
    case JL_T_END: case JL_T_ELSE: case JL_T_ELSEIF: case JL_T_CATCH: case JL_T_FINALLY:
        return 1;
    default:
        return 0;
    }
}

/* statements separated by newlines and `;` up to a block closer, each preceded by a LineNumberNode */
static void parse_block_inner(parser_t *ps, parsefn_t down, jl_expr_t *b)
{
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    if (is_block_closer(t))
        return;
    if (t.kind == JL_T_EOF) {
        ps->err_incomplete = INC_BLOCK;
        perr_at(ps, t.start, "premature end of input");
    }
    if (t.kind != JL_T_SEMI && t.kind != JL_T_NEWLINE) {
        epush(b, jl_parser_lnn(ps, here_line(ps)));
        epush(b, down(ps));
    }
    for (;;) {
        t = PEEKT(1);
        if (t.kind != JL_T_SEMI && t.kind != JL_T_NEWLINE)
            break;
        BUMP();
        t = PEEKT(1);
        if (t.kind == JL_T_EOF || is_block_closer(t))
            break;
        if (t.kind == JL_T_SEMI || t.kind == JL_T_NEWLINE)
            continue;
        epush(b, jl_parser_lnn(ps, here_line(ps)));
        epush(b, down(ps));
    }
}

static jl_value_t *parse_block(parser_t *ps, parsefn_t down)
{
    jl_expr_t *b = mkex(jl_block_sym);
    parse_block_inner(ps, down, b);
    return setk(ps, NK_BLOCK, (jl_value_t *)b);
}

/* range of the tokens from the next one up to a closing token (for "Expected ..." errors) */
static uint32_t skip_range_end(parser_t *ps, uint32_t start)
{
    uint32_t end = start;
    for (size_t i = ps->cur;; i++) {
        jl_token_t *t = jl_parser_token(ps, i);
        if (t->kind == JL_T_EOF || (jl_parser_is_closing(ps, *t) && t->kind != JL_T_COMMA && t->kind != JL_T_SEMI))
            break;
        if (t->kind != JL_T_NEWLINE)
            end = t->end;
        if (i - ps->cur > 100000)
            break;
    }
    return end;
}

static const char *closer_name(int k)
{
    switch (k) {
    case JL_T_RPAREN: return ")";
    case JL_T_RBRACK: return "]";
    case JL_T_RBRACE: return "}";
    case JL_T_END: return "end";
    default: return "?";
    }
}

static void bump_closing_token(parser_t *ps, int closer)
{
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    if (t.kind == closer) {
        BUMP();
        return;
    }
    char msg[64];
    snprintf(msg, sizeof(msg), "Expected `%s`", closer_name(closer));
    if (t.kind == JL_T_ERROR)
        jl_parser_lexer_error(ps, t);
    if (t.kind == JL_T_EOF) {
        if (closer == JL_T_END)
            ps->err_incomplete = INC_BLOCK;
        perr_at(ps, t.start, msg);
    }
    jl_parser_error(ps, t.start, skip_range_end(ps, t.start), "%s", msg);
}

static void bump_semicolon_trivia(parser_t *ps)
{
    for (;;) {
        int k = jl_parser_peek(ps, 1, 0).kind;
        if (k != JL_T_SEMI && k != JL_T_NEWLINE)
            break;
        jl_parser_bump(ps, 0);
    }
}

static jl_value_t *parse_if_elseif(parser_t *ps, int is_elseif)
{
    BUMP();   /* if / elseif */
    jl_token_t t = PEEKT(1);
    jl_value_t *cond;
    if (t.kind == JL_T_NEWLINE || t.kind == JL_T_END || t.kind == JL_T_EOF) {
        if (t.kind == JL_T_EOF)
            perr_at(ps, t.start, "premature end of input");
        perr_at(ps, t.start, is_elseif ? "missing condition in `elseif`" : "missing condition in `if`");
    }
    int32_t cline = here_line(ps);
    cond = parse_cond(ps);
    if (is_elseif)
        cond = ex2(jl_block_sym, jl_parser_lnn(ps, cline), cond);
    jl_expr_t *e = (jl_expr_t *)ex2(is_elseif ? jl_elseif_sym : jl_if_sym, cond, parse_block(ps, parse_eq));
    jl_parser_bump_trivia(ps);
    t = PEEKT(1);
    if (t.kind == JL_T_ELSEIF) {
        epush(e, parse_if_elseif(ps, 1));
    }
    else if (t.kind == JL_T_ELSE) {
        BUMP();
        if (PEEK(1) == JL_T_IF)
            perr_tok(ps, PEEKT(1), "use `elseif` instead of `else if`");
        epush(e, parse_block(ps, parse_eq));
    }
    if (!is_elseif)
        bump_closing_token(ps, JL_T_END);
    return setk(ps, NK_IF, (jl_value_t *)e);
}

/* `global x, y = ...` / `const x = 1`: the variables (maybe a tuple) or an assignment */
static jl_value_t *parse_global_local_const_vars(parser_t *ps, int *had_assign, int *is_list)
{
    int32_t line = here_line(ps);
    int ncommas = 0;
    jl_value_t *lhs = parse_comma_n(ps, &ncommas);
    jl_token_t t = PEEKT(1);
    *is_list = 0;
    if (tok_prec_is(t, JL_PREC_ASSIGN)) {
        *had_assign = t.op == JL_OP_EQ && !t.dotted;
        return parse_assignment_with_lhs(ps, lhs, line, parse_comma);
    }
    *had_assign = 0;
    *is_list = ncommas > 0;
    return lhs;
}

static void push_vars(jl_expr_t *e, jl_value_t *v, int is_list)
{
    if (is_list) {
        for (size_t i = 0; i < enargs(v); i++)
            epush(e, earg(v, i));
    }
    else {
        epush(e, v);
    }
}

static jl_value_t *parse_global_local(parser_t *ps)
{
    jl_token_t kw = BUMP();
    jl_expr_t *e = mkex(kw.kind == JL_T_GLOBAL ? jl_global_sym : jl_local_sym);
    int has_const = 0, had_assign, is_list;
    jl_token_t ct = PEEKT(1);
    if (ct.kind == JL_T_CONST) {
        BUMP();
        has_const = 1;
    }
    jl_value_t *v = parse_global_local_const_vars(ps, &had_assign, &is_list);
    if (has_const) {
        if (!had_assign)
            jl_parser_error(ps, ct.start, prev_token(ps).end, "expected assignment after `const`");
        jl_expr_t *c = mkex(jl_const_sym);
        push_vars(c, v, is_list);
        epush(e, (jl_value_t *)c);
    }
    else {
        push_vars(e, v, is_list);
    }
    return setk(ps, kw.kind == JL_T_GLOBAL ? NK_GLOBAL : NK_LOCAL, (jl_value_t *)e);
}

static jl_value_t *parse_const(parser_t *ps)
{
    jl_token_t kw = BUMP();
    jl_sym_t *scope = NULL;
    int k = PEEK(1);
    if (k == JL_T_GLOBAL || k == JL_T_LOCAL) {
        scope = k == JL_T_GLOBAL ? jl_global_sym : jl_local_sym;
        BUMP();
    }
    int had_assign, is_list;
    jl_value_t *v = parse_global_local_const_vars(ps, &had_assign, &is_list);
    if (!had_assign)
        jl_parser_error(ps, kw.start, prev_token(ps).end, "expected assignment after `const`");
    if (scope) {
        jl_expr_t *s = mkex(scope);
        push_vars(s, v, is_list);
        v = (jl_value_t *)s;
        is_list = 0;
    }
    jl_expr_t *c = mkex(jl_const_sym);
    push_vars(c, v, is_list);
    return setk(ps, NK_CONST, (jl_value_t *)c);
}

static jl_value_t *parse_function_decl(parser_t *ps)
{
    jl_token_t kw = BUMP();
    int is_function = kw.kind == JL_T_FUNCTION;
    jl_value_t *sig;
    int is_anon = 0, parsed_call = 0, needs_parse_call = 1;
    if (is_function && PEEK(1) == JL_T_LPAREN) {
        jl_token_t lp = BUMP();
        int is_empty = jl_parser_peek(ps, 1, 1).kind == JL_T_RPAREN;
        brackets_t br;
        parse_brackets(ps, JL_T_RPAREN, &br);
        jl_value_t *last = enargs((jl_value_t *)br.items) ? earg((jl_value_t *)br.items, enargs((jl_value_t *)br.items) - 1) : NULL;
        parsed_call = last && (br.last_k == NK_CALL || br.last_k == NK_WHERE || br.last_k == NK_DECL) &&
                      is_eventually_call(last);
        jl_token_t n = PEEKT(1);
        needs_parse_call = n.kind == JL_T_LPAREN || is_op_undotted(n, JL_OP_DOT);
        is_anon = (!needs_parse_call && !parsed_call) || br.had_commas;
        if (is_anon) {
            jl_expr_t *tup = mkex(jl_tuple_sym);
            push_bracket_args(tup, &br, 0, 1, 0);
            sig = setk(ps, NK_TUPLE, (jl_value_t *)tup);
        }
        else if (is_empty) {
            sig = setk(ps, NK_TUPLE, (jl_value_t *)mkex(jl_tuple_sym));
        }
        else if (br.num_semis > 0 || enargs((jl_value_t *)br.items) != 1) {
            jl_parser_error(ps, lp.start, prev_token(ps).end, "Invalid signature in function definition");
        }
        else {
            sig = setk(ps, NK_OTHER, earg((jl_value_t *)br.items, 0));
        }
    }
    else {
        jl_token_t t = PEEKT(1);
        if (is_reserved_word(t.kind) && t.kind != JL_T_END)
            perr_tok(ps, t, is_function ? "invalid function name" : "invalid macro name");
        if (t.kind == JL_T_END || t.kind == JL_T_EOF || t.kind == JL_T_NEWLINE) {
            if (t.kind == JL_T_EOF)
                perr_at(ps, t.start, "premature end of input");
            perr_at(ps, t.start, is_function ? "Invalid signature in function definition"
                                             : "Invalid signature in macro definition");
        }
        sig = parse_unary_prefix(ps);
    }
    if (!is_anon && !parsed_call && jl_parser_peek(ps, 1, 1).kind == JL_T_END) {
        jl_parser_bump_trivia(ps);
        BUMP();
        return setk(ps, NK_FUNCTION, ex1(is_function ? jl_function_sym : jl_macro_sym, sig));
    }
    if (needs_parse_call && !is_anon) {
        sig = parse_call_chain(ps, sig, 0, kw.line);
        if (ps->last_k != NK_CALL)
            jl_parser_error(ps, kw.end, prev_token(ps).end,
                       is_function ? "Invalid signature in function definition" : "Invalid signature in macro definition");
    }
    if (is_function) {
        if (is_op_undotted(PEEKT(1), JL_OP_DECL)) {
            BUMP();
            jl_value_t *rt = parse_call(ps);
            sig = setk(ps, NK_DECL, ex2(jl_doublecolon_sym, sig, rt));
        }
        if (tok_is_op(PEEKT(1), JL_OP_WHERE))
            sig = parse_where_chain(ps, sig);
    }
    jl_value_t *body = parse_block(ps, parse_eq);
    bump_closing_token(ps, JL_T_END);
    einsert((jl_expr_t *)body, 0, jl_parser_lnn(ps, kw.line));
    return setk(ps, is_function ? NK_FUNCTION : NK_MACRO, ex2(is_function ? jl_function_sym : jl_macro_sym, sig, body));
}

static jl_value_t *parse_struct_field(parser_t *ps)
{
    if (PEEK(1) == JL_T_CONST) {
        BUMP();
        jl_value_t *v = parse_eq(ps);
        return setk(ps, NK_CONST, ex1(jl_const_sym, v));
    }
    return parse_eq(ps);
}

static jl_value_t *parse_struct(parser_t *ps)
{
    int mut = 0;
    if (PEEK(1) == JL_T_MUTABLE) {
        BUMP();
        mut = 1;
    }
    BUMP();   /* struct */
    jl_token_t t = PEEKT(1);
    if (is_reserved_word(t.kind))
        perr_tok(ps, t, "invalid type name");
    jl_value_t *sig = parse_comparison(ps);
    jl_value_t *body = parse_block(ps, parse_struct_field);
    bump_closing_token(ps, JL_T_END);
    return setk(ps, NK_STRUCT, ex3(jl_struct_sym, mut ? jl_true : jl_false, sig, body));
}

static jl_value_t *parse_try(parser_t *ps)
{
    jl_token_t kw = BUMP();
    jl_value_t *tryb = parse_block(ps, parse_eq);
    jl_value_t *var = jl_false, *catchb = jl_false, *fin = NULL, *elseb = NULL;
    int has_catch = 0;
    jl_parser_bump_trivia(ps);
    if (PEEK(1) == JL_T_CATCH) {
        has_catch = 1;
        BUMP();
        jl_token_t t = PEEKT(1);
        if (!(t.kind == JL_T_NEWLINE || t.kind == JL_T_SEMI || jl_parser_is_closing(ps, t))) {
            var = parse_unary_prefix(ps);
            if (!(jl_is_symbol(var) || is_expr(var, jl_dollar_sym)))
                jl_parser_error(ps, t.start, prev_token(ps).end, "a variable name is expected after `catch`");
        }
        catchb = parse_block(ps, parse_eq);
    }
    jl_parser_bump_trivia(ps);
    if (PEEK(1) == JL_T_ELSE) {
        jl_token_t et = BUMP();
        if (!has_catch)
            perr_tok(ps, et, "Expected `catch` before `else`");
        elseb = parse_block(ps, parse_eq);
    }
    jl_parser_bump_trivia(ps);
    if (PEEK(1) == JL_T_FINALLY) {
        BUMP();
        fin = parse_block(ps, parse_eq);
    }
    bump_closing_token(ps, JL_T_END);
    if (!has_catch && !fin)
        jl_parser_error(ps, kw.start, prev_token(ps).end, "try without catch or finally");
    jl_expr_t *e = (jl_expr_t *)ex3(jl_try_sym, tryb, var, catchb);
    if (fin || elseb)
        epush(e, fin ? fin : jl_false);
    if (elseb)
        epush(e, elseb);
    return setk(ps, NK_TRY, (jl_value_t *)e);
}

/* an identifier, operator, @macro name or $interpolation (export, import paths, as) */
static jl_value_t *parse_atsym(parser_t *ps)
{
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    if (t.kind == JL_T_AT) {
        BUMP();
        jl_token_t n = PEEKT(1);
        jl_value_t *name = parse_macro_name(ps);
        return setk(ps, JL_T_IDENT, macroify(ps, name, NULL, n));
    }
    jl_value_t *x = parse_unary_prefix(ps);
    if (!(jl_is_symbol(x) || is_expr(x, jl_dollar_sym)))
        jl_parser_error(ps, t.start, prev_token(ps).end, "expected identifier");
    return x;
}

static jl_value_t *parse_import_path(parser_t *ps)
{
    jl_expr_t *p = mkex(jl_dotop_sym);
    jl_parser_bump_trivia(ps);
    for (;;) {
        jl_token_t t = PEEKT(1);
        if (is_op_undotted(t, JL_OP_DOT)) {
            BUMP();
            epush(p, (jl_value_t *)jl_dotop_sym);
        }
        else if (is_op_undotted(t, JL_OP_DOTDOT)) {
            BUMP();
            epush(p, (jl_value_t *)jl_dotop_sym);
            epush(p, (jl_value_t *)jl_dotop_sym);
        }
        else if (is_op_undotted(t, JL_OP_DOTS)) {
            BUMP();
            for (int i = 0; i < 3; i++)
                epush(p, (jl_value_t *)jl_dotop_sym);
        }
        else {
            break;
        }
    }
    epush(p, parse_atsym(ps));
    for (;;) {
        jl_token_t t = PEEKT(1);
        if (is_op_undotted(t, JL_OP_DOT)) {
            check_no_space(ps, t);
            BUMP();
            epush(p, parse_atsym(ps));
        }
        else if (t.kind == JL_T_OP && t.dotted) {
            BUMP();
            epush(p, (jl_value_t *)jl_parser_op_sym_nodot(ps, t));
        }
        else if (is_op_undotted(t, JL_OP_DOTS)) {
            BUMP();
            epush(p, (jl_value_t *)jl_psym.dotdot);
        }
        else {
            break;
        }
    }
    return (jl_value_t *)p;
}

static jl_value_t *parse_import(parser_t *ps, int is_using, int has_prefix, int *had_as)
{
    jl_value_t *path = parse_import_path(ps);
    *had_as = 0;
    if (PEEK(1) == JL_T_AS) {
        jl_token_t as = BUMP();
        jl_value_t *name = parse_atsym(ps);
        if (is_using && !has_prefix)
            jl_parser_error(ps, as.start, prev_token(ps).end,
                       "`using` with `as` renaming requires a `:` and context module");
        *had_as = 1;
        return ex2(jl_psym.as, path, name);
    }
    return path;
}

static jl_value_t *parse_imports(parser_t *ps)
{
    jl_token_t kw = BUMP();
    int is_using = kw.kind == JL_T_USING;
    jl_expr_t *e = mkex(is_using ? jl_using_sym : jl_import_sym);
    int had_as;
    jl_value_t *first = parse_import(ps, is_using, 0, &had_as);
    jl_token_t t = PEEKT(1);
    if (is_op_undotted(t, JL_OP_COLON)) {
        BUMP();
        if (had_as)
            perr_tok(ps, t, "`as` before `:` in import/using");
        jl_expr_t *c = (jl_expr_t *)ex1(jl_colon_sym, first);
        for (;;) {
            epush(c, parse_import(ps, is_using, 1, &had_as));
            if (PEEK(1) != JL_T_COMMA)
                break;
            BUMP();
        }
        if (is_op_undotted(PEEKT(1), JL_OP_COLON))
            perr_tok(ps, PEEKT(1), "`:` can only be used when importing a single module. Split imports into multiple lines");
        epush(e, (jl_value_t *)c);
    }
    else {
        epush(e, first);
        while (PEEK(1) == JL_T_COMMA) {
            BUMP();
            epush(e, parse_import(ps, is_using, 0, &had_as));
        }
    }
    return setk(ps, is_using ? NK_USING : NK_IMPORT, (jl_value_t *)e);
}

static jl_value_t *parse_resword(parser_t *ps)
{
    DEPTH_ENTER();
    pctx_t old = ps->ctx;
    set_normal_context(ps);
    jl_token_t t = PEEKT(1);
    jl_value_t *r = NULL;
    switch (t.kind) {
    case JL_T_BEGIN: case JL_T_QUOTE: {
        BUMP();
        jl_expr_t *b = mkex(jl_block_sym);
        parse_block_inner(ps, parse_docstring, b);
        bump_closing_token(ps, JL_T_END);
        if (t.kind == JL_T_QUOTE)
            r = setk(ps, NK_QUOTEBLK, ex1(jl_quote_sym, (jl_value_t *)b));
        else
            r = setk(ps, NK_BLOCK, (jl_value_t *)b);
        break;
    }
    case JL_T_WHILE: {
        BUMP();
        jl_value_t *c = parse_cond(ps);
        jl_value_t *body = parse_block(ps, parse_eq);
        bump_closing_token(ps, JL_T_END);
        r = setk(ps, NK_WHILE, ex2(jl_while_sym, c, body));
        break;
    }
    case JL_T_FOR: {
        BUMP();
        jl_expr_t *iters = mkex(jl_block_sym);
        parse_iteration_specs(ps, iters);
        jl_value_t *spec = enargs((jl_value_t *)iters) == 1 ? earg((jl_value_t *)iters, 0) : (jl_value_t *)iters;
        jl_value_t *body = parse_block(ps, parse_eq);
        bump_closing_token(ps, JL_T_END);
        r = setk(ps, NK_FOR, ex2(jl_for_sym, spec, body));
        break;
    }
    case JL_T_LET: {
        BUMP();
        jl_expr_t *binds = mkex(jl_block_sym);
        int k = PEEK(1);
        if (k != JL_T_NEWLINE && k != JL_T_SEMI) {
            for (;;) {
                epush(binds, parse_eq_star(ps));
                if (PEEK(1) != JL_T_COMMA)
                    break;
                BUMP();
            }
        }
        jl_token_t n = PEEKT(1);
        if (n.kind == JL_T_NEWLINE || n.kind == JL_T_SEMI)
            BUMP();
        else if (n.kind == JL_T_EOF)
            perr_at(ps, n.start, "premature end of input");
        else if (n.kind != JL_T_END)
            perr_tok(ps, n, "let variables should end in `;` or newline");
        jl_value_t *body = parse_block(ps, parse_eq);
        bump_closing_token(ps, JL_T_END);
        jl_value_t *b = enargs((jl_value_t *)binds) == 1 ? earg((jl_value_t *)binds, 0) : (jl_value_t *)binds;
        r = setk(ps, NK_LET, ex2(jl_let_sym, b, body));
        break;
    }
    case JL_T_IF:
        r = parse_if_elseif(ps, 0);
        break;
    case JL_T_GLOBAL: case JL_T_LOCAL:
        r = parse_global_local(ps);
        break;
    case JL_T_CONST:
        r = parse_const(ps);
        break;
    case JL_T_FUNCTION: case JL_T_MACRO:
        r = parse_function_decl(ps);
        break;
    case JL_T_ABSTRACT: {
        BUMP();
        BUMP();   /* type */
        jl_value_t *sig = parse_comparison(ps);
        bump_semicolon_trivia(ps);
        bump_closing_token(ps, JL_T_END);
        r = setk(ps, NK_ABSTRACT, ex1(jl_abstract_sym, sig));
        break;
    }
    case JL_T_STRUCT: case JL_T_MUTABLE:
        r = parse_struct(ps);
        break;
    case JL_T_PRIMITIVE: {
        BUMP();
        BUMP();   /* type */
        ps->ctx.space_sensitive = 1;
        jl_value_t *sig = parse_comparison(ps);
        jl_value_t *nbits = parse_cond(ps);
        ps->ctx.space_sensitive = 0;
        bump_semicolon_trivia(ps);
        bump_closing_token(ps, JL_T_END);
        r = setk(ps, NK_PRIMITIVE, ex2(jl_primitive_sym, sig, nbits));
        break;
    }
    case JL_T_TRY:
        r = parse_try(ps);
        break;
    case JL_T_RETURN: {
        BUMP();
        jl_token_t n = PEEKT(1);
        jl_value_t *v = jl_nothing;
        if (!(n.kind == JL_T_NEWLINE || jl_parser_is_closing(ps, n)))
            v = parse_eq(ps);
        r = setk(ps, NK_RETURN, ex1(jl_return_sym, v));
        break;
    }
    case JL_T_BREAK: case JL_T_CONTINUE: {
        BUMP();
        r = setk(ps, t.kind == JL_T_BREAK ? NK_BREAK : NK_CONTINUE,
                 (jl_value_t *)mkex(t.kind == JL_T_BREAK ? jl_break_sym : jl_continue_sym));
        jl_token_t n = PEEKT(1);
        if (!(n.kind == JL_T_NEWLINE || jl_parser_is_closing(ps, n) || is_op_undotted(n, JL_OP_COLON))) {
            char msg[64];
            snprintf(msg, sizeof(msg), "unexpected token after %s", t.kind == JL_T_BREAK ? "break" : "continue");
            perr_tok(ps, n, msg);
        }
        break;
    }
    case JL_T_MODULE: case JL_T_BAREMODULE: {
        BUMP();
        jl_token_t n = PEEKT(1);
        if (is_reserved_word(n.kind) || n.kind == JL_T_EOF || n.kind == JL_T_NEWLINE) {
            if (n.kind == JL_T_EOF)
                perr_at(ps, n.start, "premature end of input");
            perr_tok(ps, n, "Invalid module name");
        }
        jl_value_t *name = parse_unary_prefix(ps);
        jl_value_t *body = parse_block(ps, parse_docstring);
        bump_closing_token(ps, JL_T_END);
        r = setk(ps, NK_MODULE, ex3(jl_module_sym, t.kind == JL_T_MODULE ? jl_true : jl_false, name, body));
        break;
    }
    case JL_T_EXPORT: {
        BUMP();
        jl_expr_t *e = mkex(jl_export_sym);
        for (;;) {
            epush(e, parse_atsym(ps));
            if (PEEK(1) != JL_T_COMMA)
                break;
            BUMP();
        }
        r = setk(ps, NK_EXPORT, (jl_value_t *)e);
        break;
    }
    case JL_T_IMPORT: case JL_T_USING:
        r = parse_imports(ps);
        break;
    case JL_T_DO:
        perr_tok(ps, t, "invalid `do` syntax");
    default:
        perr_tok(ps, t, "invalid syntax");
    }
    ps->ctx = old;
    DEPTH_LEAVE();
    return r;
}

/* a string literal before a definition is its docstring */
static jl_value_t *parse_docstring(parser_t *ps)
{
    int32_t line = here_line(ps);
    jl_value_t *doc = parse_eq(ps);
    if (!nk_is_string(ps->last_k))
        return doc;
    jl_token_t t = PEEKT(1);
    if (jl_parser_is_closing(ps, t))
        return doc;
    if (t.kind == JL_T_NEWLINE) {
        jl_token_t t2 = PEEKT(2);
        if (jl_parser_is_closing(ps, t2) || t2.kind == JL_T_NEWLINE)
            return doc;
        BUMP();
    }
    jl_value_t *ex = parse_eq(ps);
    jl_expr_t *m = mkex(jl_macrocall_sym);
    epush(m, core_atdoc());
    epush(m, jl_parser_lnn(ps, line));
    epush(m, doc);
    epush(m, ex);
    return setk(ps, NK_MACROCALL, (jl_value_t *)m);
}

/* statements joined by `;` on one line: one statement, or Expr(:toplevel, a, b...) */
static jl_value_t *parse_stmts(parser_t *ps)
{
    jl_expr_t *tl = mkex(jl_toplevel_sym);
    int ndelims = 0;
    jl_parser_bump_trivia(ps);
    jl_token_t t = PEEKT(1);
    if (t.kind != JL_T_SEMI)
        epush(tl, parse_docstring(ps));
    while ((t = PEEKT(1)).kind == JL_T_SEMI) {
        BUMP();
        ndelims++;
        t = PEEKT(1);
        if (t.kind == JL_T_EOF || t.kind == JL_T_NEWLINE)
            break;
        if (t.kind == JL_T_SEMI)
            continue;
        epush(tl, parse_docstring(ps));
    }
    t = PEEKT(1);
    if (t.kind != JL_T_NEWLINE && t.kind != JL_T_EOF) {
        if (t.kind == JL_T_ERROR)
            jl_parser_lexer_error(ps, t);
        uint32_t end = t.end;
        for (size_t i = ps->cur;; i++) {
            jl_token_t *u = jl_parser_token(ps, i);
            if (u->kind == JL_T_NEWLINE || u->kind == JL_T_EOF || i - ps->cur > 100000)
                break;
            end = u->end;
        }
        jl_parser_error(ps, t.start, end, "extra tokens after end of expression");
    }
    if (ndelims == 0 && enargs((jl_value_t *)tl) == 1)
        return earg((jl_value_t *)tl, 0);
    return (jl_value_t *)tl;
}

static jl_value_t *parse_toplevel(parser_t *ps)
{
    jl_expr_t *top = mkex(jl_toplevel_sym);
    for (;;) {
        jl_token_t t = jl_parser_peek(ps, 1, 1);
        if (t.kind == JL_T_EOF)
            break;
        int32_t line = t.line;
        jl_value_t *s = parse_stmts(ps);
        epush(top, jl_parser_lnn(ps, line));
        epush(top, s);
    }
    return (jl_value_t *)top;
}

/* ---------------------------------------------------------------------------------------------- */
/* Entry points for parser.c */

jl_value_t *jl_parser_toplevel(parser_t *ps) { return parse_toplevel(ps); }
jl_value_t *jl_parser_stmts(parser_t *ps) { return parse_stmts(ps); }
jl_value_t *jl_parser_atom(parser_t *ps) { return parse_atom(ps, 1); }
