/* lowering.h: the private interface between the three passes of syntax lowering.
 *
 *   lowering-desugar.c, lowering-syntax.c, lowering-func.c
 *                                         surface Expr (macro-expanded) -> core forms (below)
 *   lowering-scope.c                      core forms -> resolved core forms: every variable becomes a
 *                                         binding reference, a GlobalRef or a static parameter; lambdas
 *                                         learn what they capture; boxing is decided
 *   lowering-linear.c                     closure conversion and linearization -> jl_code_info_t
 *   lowering.c                            entry points, the session, small helpers, debug printing
 *
 * INVARIANTS (stated once, here):
 *  - The GC is disabled for the whole of one lowering session (jl_lower_thunk), so the C-heap records
 *    below may point at Julia objects without rooting them. Nothing here outlives the session except
 *    the CodeInfos and closure types it returns (closure types are bound as constants in the module).
 *  - Core forms are Expr trees with these heads (anything else is a syntax error by then):
 *      (block x...)  (= lhs rhs)  (call f args...)  (if c a [b])  (return x)  (local x...)  (global x...)
 *      (const x)  (decl x T)  (scope-block body kind)  (break-block label body)  (break label)
 *      (_while cond body)  (trycatch body catch else)  (tryfinally body fin)  (method name)
 *      (method name sig (lambda k)) where sig evaluates to svec(svec(types...), svec(tvars...), lnn) and
 *      contains (fself_type f) for the type of the function f being extended; anonymous functions are
 *      local functions with hidden names (#N)
 *      (new T args...)  (splatnew T t)  (isdefined x)  (foreigncall ...)  (the_exception)  (locals)
 *      (meta ...)  (inbounds ...)  (boundscheck)  (loopinfo ...)  (symbolicgoto l)  (symboliclabel l)
 *      (copyast x)  (static_parameter i)  (typed_global x T)  and the top-level-only forms
 *      (toplevel ...) (module ...) (using ...) (import ...) (export ...) (public ...)
 *    Variables whose names start with "#mt#" are lambda-local mutable temporaries (never globals).
 *    Atoms: Symbol (a variable), SSAValue (a lowering temporary), GlobalRef, QuoteNode, LineNumberNode,
 *    and literal values. A temporary is assigned exactly once by (= SSAValue(k) rhs), before any use, in
 *    the same lambda, on every path to its uses.
 *  - After scope resolution a local variable is a SlotNumber whose id is the binding's id (an index
 *    into ctx->bindings, from 1); a Symbol never remains. (scope-block body Int(scope id)).
 */
#ifndef JL_LOWERING_H
#define JL_LOWERING_H

#include "julia_internal.h"
#include <stdlib.h>
#include <string.h>

/* ---- growable vector of pointers (C heap) ---------------------------------------------------- */
typedef struct {
    void **items;
    size_t len, cap;
} jl_lvec_t;

void jl_lvec_push(jl_lvec_t *v, void *p);
int jl_lvec_find(jl_lvec_t *v, void *p);      /* index or -1 */

/* ---- bindings, lambdas, scopes ----------------------------------------------------------------- */
enum { JL_BIND_LOCAL, JL_BIND_ARG, JL_BIND_SPARAM };

struct jl_llam_t;
struct jl_lscope_t;
struct jl_lfamily_t;

typedef struct jl_lbinding_t {
    jl_sym_t *name;
    int id;                        /* index in ctx->bindings (from 1) */
    int kind;                      /* JL_BIND_* */
    struct jl_llam_t *owner;       /* lambda whose frame holds it */
    int index;                     /* ARG: 0-based argument position (0 = #self#); SPARAM: 1-based */
    jl_value_t *decltype;          /* resolved declared type expression, or NULL */
    struct jl_lscope_t *scope;     /* declaring scope (NULL for args and sparams) */
    /* analysis (scope pass) */
    int nassign;                   /* assignments (a local function's definitions count once) */
    int nassign_plain;             /* assignments other than local-function definitions */
    int assigned_outside;          /* assigned from a lambda other than the owner */
    int first_assign_pos;          /* walk position of the first assignment (-1 none) */
    int assign_cond;               /* that assignment is conditional/in a loop relative to the scope */
    int captured;                  /* referenced from a lambda other than the owner */
    int min_capture_pos;           /* earliest walk position of a closure creation capturing it */
    int boxed;                     /* lives in a Core.Box */
    int global_capture;            /* captured by a method of a global function (hidden global box) */
    jl_sym_t *hidden_global;       /* that global's name */
    struct jl_lfamily_t *family;   /* the local function this binding holds, or NULL */
    /* linearizer */
    int slot;                      /* slot number in its owner (0 = not allocated yet) */
} jl_lbinding_t;

/* A local function (or an anonymous function): one closure type, one or more methods. */
typedef struct jl_lfamily_t {
    jl_lbinding_t *binding;        /* the local variable holding the closure object (NULL if anonymous) */
    jl_sym_t *name;                /* for the type name */
    jl_lvec_t lams;                /* jl_llam_t* methods */
    jl_lvec_t captures;            /* jl_lbinding_t*: union of what its methods capture */
    int create_pos;                /* walk position of the first creation site */
    jl_datatype_t *type;           /* created by the linearizer */
    int selfref;                   /* its methods refer to it as #self# (only method definitions assign it) */
    jl_value_t *create_form;       /* the (method ...) form that creates the closure object */
    int defined;                   /* the linearizer emitted the method definitions */
} jl_lfamily_t;

typedef struct jl_llam_t {
    int id;
    struct jl_llam_t *parent;      /* lexically enclosing lambda (NULL for the thunk) */
    int is_thunk;
    jl_sym_t *name;                /* method name for line info */
    jl_array_t *argnames;          /* Vector{Any} of Symbols; [0] is #self# */
    int isva;
    jl_array_t *sparams;           /* Vector{Any} of Symbols (where-variables, outermost first) */
    jl_value_t *body;              /* core form; resolved in place by the scope pass */
    jl_value_t *rettype;           /* declared return type (core form), or NULL */
    jl_value_t *lnn;               /* LineNumberNode of the definition */
    jl_value_t *sig;               /* (sig ...) form of a method, or NULL for anonymous closures */
    /* scope pass */
    jl_lvec_t args;                /* jl_lbinding_t* per argument (index 0 = #self#) */
    jl_lvec_t sparam_binds;        /* jl_lbinding_t* per static parameter */
    jl_lvec_t locals;              /* jl_lbinding_t* owned locals (declaration order) */
    jl_lvec_t captures;            /* jl_lbinding_t* it needs from enclosing lambdas */
    jl_lfamily_t *family;          /* closure family, or NULL (thunk, global method) */
    int global_method;             /* a method of a global (or callable-type) function */
    int create_pos;                /* walk position of its definition / creation site */
    struct jl_lscope_t *scope;     /* its outermost scope (arguments, static parameters, body locals) */
    /* linearizer */
    jl_code_info_t *ci;
} jl_llam_t;

enum { JL_SCOPE_LAMBDA, JL_SCOPE_HARD, JL_SCOPE_SOFT };
typedef struct jl_lscope_t {
    struct jl_lscope_t *parent;
    jl_llam_t *lam;
    int kind;
    int id;
    jl_lvec_t names;               /* jl_sym_t* local here ... */
    jl_lvec_t binds;               /* ... and their bindings (parallel) */
    jl_lvec_t globals;             /* jl_sym_t* declared global here */
    int ctrl;                      /* control depth at entry */
    int in_loop;
} jl_lscope_t;

/* ---- one lowering session ---------------------------------------------------------------------- */
typedef struct jl_lctx_t {
    jl_module_t *module;
    jl_sym_t *file;
    int line;
    jl_lvec_t bindings;            /* jl_lbinding_t*, [0] unused */
    jl_lvec_t lams;                /* jl_llam_t*; [0] is the thunk */
    jl_lvec_t scopes;              /* jl_lscope_t* by id */
    jl_lvec_t families;
    jl_lvec_t allocs;              /* every malloc'd block of the session */
    int next_temp;
    int interactive_soft;          /* soft scopes assign existing globals (Expr(:softscope, true)) */
    /* desugarer state */
    jl_value_t *cur_lnn;
    int in_lambda;                 /* desugaring inside a function body */
    int local_depth;               /* desugaring inside a local scope (let, loop, try) at top level */
    int in_struct;                 /* desugaring an inner constructor */
    jl_value_t *struct_type;       /* GlobalRef of the struct being defined */
    jl_array_t *struct_params;     /* Vector{Any} of parameter Symbols, or NULL */
    jl_array_t *struct_ftypes;     /* Vector{Any} of field type expressions (surface) */
    int struct_min_new;            /* fewest arguments of a `new` call */
    jl_lvec_t loops;               /* jl_sym_t*: pairs (break label, continue label) */
} jl_lctx_t;

void *jl_lalloc(jl_lctx_t *ctx, size_t sz);     /* zeroed; freed with the session */
jl_llam_t *jl_lnew_lambda(jl_lctx_t *ctx);
jl_value_t *jl_lnew_temp(jl_lctx_t *ctx);        /* a fresh SSAValue temporary */
#define JL_LTEMP_BASE ((intptr_t)1 << 40)           /* temporaries are SSAValue(JL_LTEMP_BASE + k) */
static inline int jl_lis_temp(jl_value_t *v)
{
    return jl_is_ssavalue(v) && ((jl_ssavalue_t *)v)->id > JL_LTEMP_BASE;
}
jl_sym_t *jl_lgensym(jl_lctx_t *ctx, const char *base);  /* fresh hidden name, e.g. "#s12" */
unsigned jl_lname_counter(void);                  /* the N of user-visible generated names (#N, #f#N) */

/* passes */
jl_value_t *jl_ldesugar(jl_lctx_t *ctx, jl_value_t *ex);                  /* lowering-desugar.c */
jl_value_t *jl_ldesugar_function(jl_lctx_t *ctx, jl_value_t *ex);         /* lowering-func.c */
jl_value_t *jl_ldesugar_lambda_expr(jl_lctx_t *ctx, jl_value_t *ex);      /* x -> body */
jl_value_t *jl_ldesugar_struct(jl_lctx_t *ctx, jl_value_t *ex);
jl_value_t *jl_ldesugar_abstract(jl_lctx_t *ctx, jl_value_t *ex, int primitive);
jl_value_t *jl_ldesugar_macro_def(jl_lctx_t *ctx, jl_value_t *ex);
jl_value_t *jl_ldesugar_call(jl_lctx_t *ctx, jl_value_t *ex);             /* f(args...; kw...) */
jl_value_t *jl_ldesugar_new(jl_lctx_t *ctx, jl_value_t *ex);              /* new(...) in a constructor */
jl_value_t *jl_ldesugar_type_expr(jl_lctx_t *ctx, jl_value_t *ex);        /* A{B} where ..., in types */
int jl_lis_function_def(jl_value_t *ex);
jl_value_t *jl_ldesugar_splat_call(jl_lctx_t *ctx, jl_value_t *f, jl_value_t **args, size_t n); /* f expanded */
jl_value_t *jl_ldesugar_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs);
jl_value_t *jl_ldesugar_where(jl_lctx_t *ctx, jl_value_t *body, jl_value_t **vars, size_t nv);
jl_value_t *jl_ldesugar_typevar(jl_lctx_t *ctx, jl_value_t *v, jl_sym_t **name);   /* Core._typevar call */
void jl_lcollect_names(jl_value_t *lhs, jl_lvec_t *names);                 /* variables of a destructuring lhs */
jl_value_t *jl_ldesugar_to_temp(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *e); /* e (expanded) into a temp */
jl_value_t *jl_lfield_name(jl_value_t *f);                                  /* QuoteNode of a.f's name, or NULL */
jl_value_t *jl_ldesugar_indices(jl_lctx_t *ctx, jl_lvec_t *stmts, jl_value_t *ref, jl_lvec_t *idx, int force_temp);
jl_value_t *jl_lindex_call(jl_value_t *f, jl_value_t **pre, size_t npre, jl_lvec_t *idx);
/* lowering-syntax.c */
jl_value_t *jl_ldesugar_comparison(jl_lctx_t *ctx, jl_value_t *e);
int jl_lis_dot_call(jl_value_t *e);
jl_value_t *jl_ldesugar_dot_call(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_broadcast_assign(jl_lctx_t *ctx, jl_value_t *lhs, jl_value_t *rhs);
jl_value_t *jl_ldesugar_tuple(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_array(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_quote(jl_lctx_t *ctx, jl_value_t *e, int depth);
jl_value_t *jl_ldesugar_generator(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_flatten(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_comprehension(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_typed_comprehension(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_curly(jl_lctx_t *ctx, jl_value_t *e);
jl_value_t *jl_ldesugar_ccall(jl_lctx_t *ctx, jl_value_t *e);                                  /* f(x) = ... / function / -> */
void jl_lresolve_scopes(jl_lctx_t *ctx);                                  /* lowering-scope.c */
jl_code_info_t *jl_llinearize(jl_lctx_t *ctx);                            /* lowering-linear.c */

/* ---- symbols ----------------------------------------------------------------------------------- */
#define JL_LSYMS_X(X)                                                                                \
    X(scope_block, "scope-block") X(break_block, "break-block") X(uwhile, "_while")                   \
    X(trycatch, "trycatch") X(tryfinally, "tryfinally") X(decl, "decl") X(sig, "sig")                \
    X(tvars, "tvars") X(tv, "tv") X(fself_type, "fself_type") X(typed_global, "typed_global")         \
    X(hard, "hard") X(soft, "soft") X(softscope, "softscope") X(hardscope, "hardscope")               \
    X(outer, "outer") X(underscore, "_") X(end, "end") X(begin, "begin") X(Vararg, "Vararg")          \
    X(kwcall, "kwcall") X(symbolicgoto, "symbolicgoto") X(symboliclabel, "symboliclabel")             \
    X(public_, "public") X(try_, "try") X(catch_, "catch") X(finally_, "finally") X(else_, "else")   \
    X(dotdotdot, "...") X(dotop, ".") X(dotassign, ".=") X(ctranspose, "'") X(var, "var")             \
    X(typeof_, "typeof") X(new_, "new") X(Box, "Box") X(contents, "contents") X(Typeof, "Typeof")    \
    X(op_arrow, "->") X(op_pair, "=>") X(op_not, "!") X(op_colon, ":") X(cmdstring, "cmdstring")      \
    X(braces, "braces") X(bracescat, "bracescat") X(gc_preserve, "gc_preserve") X(cglobal, "cglobal") \
    X(at_doc, "@doc") X(nothing_, "nothing") X(macrocall_doc, "@__doc__") X(unused_arg, "#unused#")  \
    X(kws_var, "kws") X(temp_var, "#temp#") X(opaque_closure, "opaque_closure") X(as, "as")         \
    X(interp_string, "string") X(local_def, "local-def") X(undef_global, "#undef#") X(Any_, "Any") X(locals, "locals")

typedef struct {
#define JL_LSYM_FIELD(n, s) jl_sym_t *n;
    JL_LSYMS_X(JL_LSYM_FIELD)
#undef JL_LSYM_FIELD
} jl_lsyms_t;
extern jl_lsyms_t jl_ls;

/* ---- small helpers over Expr ------------------------------------------------------------------- */
/* Lowering must never crash on malformed input: every argument access is bounds-checked. */
JL_NORETURN void jl_lmalformed(jl_value_t *e);
static inline jl_value_t *jl_lchecked_arg(jl_value_t *e, size_t i)
{
    if (!jl_is_expr(e) || i >= jl_array_len(((jl_expr_t *)e)->args))
        jl_lmalformed(e);
    return jl_array_ptr_ref(((jl_expr_t *)e)->args, i);
}
#undef jl_exprarg
#define jl_exprarg(e, n) jl_lchecked_arg((jl_value_t *)(e), (n))

static inline int jl_lisexpr(jl_value_t *v, jl_sym_t *head)
{
    return v != NULL && jl_is_expr(v) && ((jl_expr_t *)v)->head == head;
}
static inline size_t jl_lnargs(jl_value_t *e) { return jl_expr_nargs(e); }
static inline jl_value_t *jl_larg(jl_value_t *e, size_t i) { return jl_exprarg(e, i); }
static inline jl_sym_t *jl_lhead(jl_value_t *e) { return ((jl_expr_t *)e)->head; }

jl_value_t *jl_lex(jl_sym_t *head, size_t n, ...);            /* Expr(head, args...) */
jl_value_t *jl_lexv(jl_sym_t *head, jl_value_t **args, size_t n);
jl_value_t *jl_lcall(jl_value_t *f, size_t n, ...);           /* Expr(:call, f, args...) */
jl_value_t *jl_lcallv(jl_value_t *f, jl_value_t **args, size_t n);
jl_value_t *jl_lcore(const char *name);                       /* GlobalRef(Core, name) */
jl_value_t *jl_ltop(const char *name);                        /* GlobalRef(Base-or-Core, name) */
jl_value_t *jl_lbase_iterators(const char *name);             /* Base.Iterators.name (or Base.name) */
jl_value_t *jl_lquote(jl_value_t *v);                         /* QuoteNode */
jl_value_t *jl_lpeek_global(jl_module_t *m, jl_sym_t *name);  /* value of m's own binding; never resolves `using`s */
int jl_ltop_has(const char *name);                            /* the top module binds `name` now */
JL_NORETURN void jl_lsyntax_error(const char *fmt, ...);      /* throws ErrorException("syntax: ...") */
const char *jl_lexpr_str(jl_value_t *e, char *buf, size_t sz); /* short printed form, for error messages */
int jl_lis_self_quoting(jl_value_t *v);                       /* a literal that evaluates to itself */
jl_value_t *jl_lblock(jl_lvec_t *stmts);                      /* (block stmts...) */

#endif /* JL_LOWERING_H */
