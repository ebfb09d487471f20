/* lowering.h: the private interface between the passes of syntax lowering.
 *
 *   lowering-desugar.c  Expr (macro-expanded surface syntax) -> core forms (below)
 *   lowering-scope.c    core forms -> resolved core forms: every variable is a binding, a GlobalRef or a
 *                       static parameter; lambdas know their captures; boxing is decided
 *   lowering.c          entry points, closure conversion and linearization -> jl_code_info_t
 *
 * INVARIANTS (stated once, here):
 *  - The GC is disabled for the whole of one lowering session (see jl_lower_thunk), so the C-heap data
 *    below (bindings, lambdas, vectors) may point at Julia objects without rooting them. Nothing here
 *    outlives the session except the CodeInfos (and closure types) it returns.
 *  - Core forms are Expr trees whose heads are the symbols in jl_lsyms_t:
 *      (block x...)  (= lhs rhs)  (call f args...)  (if c a [b])  (return x)  (local x)  (global x)
 *      (const x)  (decl x T)  (scope-block kind body)  (break-block label body)  (break label)
 *      (_while cond body)  (_do_while body cond)  (trycatch body var catch else)  (tryfinally body fin)
 *      (method fname sig (lambda k))  (lambda k)  (sig lnn (tvars (tv name lb ub)...) T1 T2...)
 *      (fself_type f)  (closure_type f)  (new T args...)  (splatnew T t)  (isdefined x)
 *      (foreigncall ...)  (the_exception)  (meta ...)  (symbolicgoto l)  (symboliclabel l)
 *      (toplevel x)  (boundscheck)  (inbounds x)  (loopinfo ...)
 *    Atoms: Symbol (a variable), GlobalRef, QuoteNode, LineNumberNode and literal values.
 *    SSAValue(k) is a lowering temporary: assigned exactly once by (= SSAValue(k) rhs) before any use,
 *    in the same lambda, on every path to its uses. After scope resolution a local variable is
 *    SlotNumber(binding id) (an index into ctx->bindings), never a Symbol.
 */
#ifndef JL_LOWERING_H
#define JL_LOWERING_H

#include "julia_internal.h"

/* ---- growable vector of pointers (C heap) ---------------------------------------------------- */
typedef struct {
    void **items;
    size_t len, cap;
} jl_lvec_t;

void jl_lvec_push(jl_lvec_t *v, void *p);
int jl_lvec_contains(jl_lvec_t *v, void *p);
void jl_lvec_free(jl_lvec_t *v);

/* ---- bindings and lambdas -------------------------------------------------------------------- */
enum { JL_BIND_LOCAL, JL_BIND_ARG, JL_BIND_SPARAM, JL_BIND_SIGTV };

struct jl_llam_t;
struct jl_lfamily_t;
struct jl_lscope_t;

typedef struct jl_lbinding_t {
    jl_sym_t *name;
    int id;                      /* index in ctx->bindings */
    int kind;                    /* JL_BIND_* */
    struct jl_llam_t *owner;     /* lambda whose frame holds it */
    int index;                   /* ARG: 0-based argument position; SPARAM: 1-based index; SIGTV: tvar index */
    jl_value_t *decltype;        /* `local x::T`: the unresolved type expression, or NULL */
    struct jl_lscope_t *declscope; /* scope that declared it */
    int declpos;                 /* walk position of the declaration (scope entry) */
    int decl_ctrl;               /* control-flow depth at the declaring scope */
    /* analysis (filled by the scope pass) */
    int nassign;                 /* assignments in the owner (method definitions included) */
    int nassign_plain;           /* assignments that are not local-function method definitions */
    int assigned_in_closure;     /* assigned from a lambda other than the owner */
    int first_assign_pos;        /* walk position just after the first assignment (-1 = none) */
    int first_assign_ctrl;       /* control depth of that assignment relative to the declaring scope */
    int captured;                /* referenced from another lambda */
    int boxed;                   /* decided after the scope pass: lives in a Core.Box */
    int never_undef;             /* boxed, but surely assigned before any closure can read it */
    jl_sym_t *hidden_global;     /* captured by a global method: the box is published in this global */
    struct jl_lfamily_t *family; /* local function whose closure object this binding holds, or NULL */
    int used_undef;              /* read where it may be undefined (for slot flags) */
} jl_lbinding_t;

/* A local function: one closure type, possibly several methods (lambdas). */
typedef struct jl_lfamily_t {
    jl_lbinding_t *binding;      /* the local variable holding the closure object */
    jl_lvec_t lams;              /* jl_llam_t*: its methods (and kwcall methods dispatching on it) */
    jl_lvec_t captures;          /* jl_lbinding_t*: union of what its methods capture */
    jl_lvec_t fieldnames;        /* jl_sym_t*: field name of each capture */
    int min_create_pos;          /* walk position of the first site creating the closure object */
    jl_datatype_t *type;         /* the closure type (created on first use by the linearizer) */
    jl_value_t *wrapper;         /* type->name->wrapper */
} jl_lfamily_t;

typedef struct jl_llam_t {
    int id;
    struct jl_llam_t *parent;    /* lexically enclosing lambda (NULL for the thunk) */
    int is_thunk;
    jl_sym_t *name;              /* method name for line info */
    /* from the desugarer */
    jl_array_t *argnames;        /* Vector{Any} of Symbols; [0] is the function object (#self#) */
    int isva;
    jl_array_t *sparams;         /* Vector{Any} of Symbols (where-variables, outermost first) */
    jl_value_t *body;            /* core form; resolved in place by the scope pass */
    jl_value_t *rettype;         /* declared return type expression, or NULL */
    jl_sym_t *family_name;       /* the local function (symbol) whose closure this is a method of */
    int capture_arg;             /* 1-based argument slot holding the closure object (1, or 3 for kwcall) */
    jl_value_t *lnn;             /* LineNumberNode of the definition */
    /* from the scope pass */
    jl_lvec_t args;              /* jl_lbinding_t* per argument */
    jl_lvec_t sparam_bindings;   /* jl_lbinding_t* per static parameter */
    jl_lvec_t locals;            /* jl_lbinding_t* owned locals */
    jl_lvec_t freerefs;          /* jl_lbinding_t* of enclosing lambdas referenced directly here */
    jl_lvec_t captures;          /* jl_lbinding_t* this lambda needs from its context */
    jl_lfamily_t *family;        /* closure family (local functions), or NULL */
    int is_global_method;        /* method of a global function: captures go through hidden globals */
    int is_method;               /* lambda of a (method ...) form (otherwise the thunk) */
    int site_pos;                /* walk position of the method definition site */
} jl_llam_t;

/* A scope, during scope resolution (and referenced from bindings afterwards). */
typedef struct jl_lscope_t {
    struct jl_lscope_t *parent;
    jl_llam_t *lam;
    int kind;                    /* JL_SCOPE_* */
    int id;
    jl_lvec_t names;             /* jl_sym_t* declared local here ...        */
    jl_lvec_t binds;             /* ... and their jl_lbinding_t* (parallel)  */
    jl_lvec_t globals;           /* jl_sym_t* declared global here */
    int ctrl;                    /* control-flow depth at scope entry (relative to the lambda) */
    int in_loop;                 /* nested in a loop within its lambda */
} jl_lscope_t;
enum { JL_SCOPE_TOP, JL_SCOPE_LAMBDA, JL_SCOPE_HARD, JL_SCOPE_SOFT, JL_SCOPE_SIG };

/* ---- one lowering session ---------------------------------------------------------------------- */
typedef struct jl_lctx_t {
    jl_module_t *module;
    jl_sym_t *file;
    int line;
    jl_lvec_t bindings;          /* jl_lbinding_t* by id */
    jl_lvec_t lams;              /* jl_llam_t* by id; [0] is the thunk */
    jl_lvec_t families;          /* jl_lfamily_t* */
    jl_lvec_t scopes;            /* jl_lscope_t* by id */
    jl_lvec_t allocs;            /* every malloc'd block of the session, freed at the end */
    int next_temp;               /* SSAValue temporaries */
    int soft_global;             /* soft scopes assign existing globals (REPL, Expr(:softscope, true)) */
    /* desugarer state */
    jl_lvec_t loops;             /* jl_sym_t* pairs (break label, continue label) */
    jl_value_t *cur_lnn;         /* LineNumberNode of the statement being desugared */
    int in_lambda;               /* desugaring inside a function body */
    jl_value_t *struct_name;     /* inside a struct definition: the type (for `new`) */
    jl_value_t *struct_params;   /* Vector{Any} of parameter names, or NULL */
    jl_value_t *struct_ftypes;   /* Vector{Any} of field type expressions */
    int struct_nnew;             /* fewest arguments seen in a `new` call */
} jl_lctx_t;

void *jl_lalloc(jl_lctx_t *ctx, size_t sz);     /* zeroed; freed with the session */
jl_llam_t *jl_lnew_lambda(jl_lctx_t *ctx);
jl_value_t *jl_lnew_temp(jl_lctx_t *ctx);        /* a fresh SSAValue temporary */
jl_sym_t *jl_lgensym(jl_lctx_t *ctx, const char *base); /* a fresh, unbound, local-looking name */

/* passes */
jl_value_t *jl_ldesugar_toplevel(jl_lctx_t *ctx, jl_value_t *ex);
void jl_lresolve_scopes(jl_lctx_t *ctx);
jl_code_info_t *jl_llinearize(jl_lctx_t *ctx);

/* ---- symbols ----------------------------------------------------------------------------------- */
#define JL_LSYMS_X(X)                                                                                \
    X(scope_block, "scope-block") X(break_block, "break-block") X(uwhile, "_while")                   \
    X(udo_while, "_do_while") X(trycatch, "trycatch") X(tryfinally, "tryfinally") X(decl, "decl")     \
    X(sig, "sig") X(tvars, "tvars") X(tv, "tv") X(fself_type, "fself_type")                          \
    X(closure_type, "closure_type") X(op_assign_dot, ".=") X(ctranspose, "'") X(outer, "outer")     \
    X(softscope, "softscope") X(hardscope, "hardscope") X(underscore, "_") X(end, "end")             \
    X(begin, "begin") X(ccall, "ccall") X(cglobal, "cglobal") X(new, "new") X(Vararg, "Vararg")       \
    X(kwcall, "kwcall") X(temp, "") X(typeof, "typeof") X(Typeof, "Typeof") X(tuple, "tuple")         \
    X(svec, "svec") X(apply_type, "apply_type") X(getfield, "getfield") X(setfield, "setfield!")     \
    X(isa, "isa") X(typeassert, "typeassert") X(egal, "===") X(throw, "throw")                       \
    X(apply_iterate, "_apply_iterate") X(_expr, "_expr") X(typevar, "_typevar")                      \
    X(unionall, "_unionall") X(structtype, "_structtype") X(abstracttype, "_abstracttype")           \
    X(primitivetype, "_primitivetype") X(setsuper, "_setsuper!") X(typebody, "_typebody!")           \
    X(equiv_typedef, "_equiv_typedef") X(Box, "Box") X(contents, "contents") X(NamedTuple, "NamedTuple") \
    X(fieldtype, "fieldtype") X(set_binding_type, "set_binding_type!") X(Union, "Union")             \
    X(lastindex, "lastindex") X(firstindex, "firstindex") X(vect, "vect") X(hcat, "hcat")            \
    X(vcat, "vcat") X(hvcat, "hvcat") X(typed_hvcat, "typed_hvcat") X(materialize, "materialize")   \
    X(materialize_b, "materialize!") X(broadcasted, "broadcasted") X(Generator, "Generator")         \
    X(Filter, "Filter") X(flatten, "flatten") X(product, "product") X(collect, "collect")             \
    X(Iterators, "Iterators") X(string, "string") X(indexed_iterate, "indexed_iterate")              \
    X(rest, "rest") X(split_rest, "split_rest") X(adjoint, "adjoint") X(literal_pow, "literal_pow")  \
    X(Val, "Val") X(caret, "^") X(merge, "merge") X(structdiff, "structdiff") X(pairs, "pairs")     \
    X(isempty, "isempty") X(kwerr, "kwerr") X(UndefKeywordError, "UndefKeywordError")                \
    X(UndefVarError, "UndefVarError") X(TypeError, "TypeError") X(kwarg_sym, "keyword argument")     \
    X(cconvert, "cconvert") X(unsafe_convert, "unsafe_convert") X(rethrow, "rethrow")                \
    X(copyast, "copyast") X(not_int, "not_int") X(Intrinsics, "Intrinsics") X(identity, "identity") \
    X(LineNumberNode, "LineNumberNode") X(Module, "Module") X(source, "__source__")                  \
    X(module_arg, "__module__") X(kws_arg, "#kws#") X(anon_self, "#self#") X(Function, "Function")  \
    X(getproperty, "getproperty") X(setproperty, "setproperty!") X(convert, "convert")              \
    X(iterate, "iterate") X(getindex, "getindex") X(setindex, "setindex!") X(Any, "Any")            \
    X(typed_hcat, "typed_hcat") X(typed_vcat, "typed_vcat") X(dotop, ".") X(stdcall, "stdcall")      \
    X(cdecl, "cdecl") X(fastcall, "fastcall") X(thiscall, "thiscall") X(llvmcall, "llvmcall")         \
    X(isdefined_fn, "isdefined") X(nfields, "nfields") X(colon_colon, "::") X(Core_sym, "Core")       \
    X(typevar_ctor, "TypeVar") X(dollar, "$") X(dotdotdot, "...") X(var_tuple, "var") X(nothing, "nothing") \
    X(unused, "#unused#") X(not_sym, "!") X(and_sym, "&&") X(or_sym, "||") X(andand_b, "andand")    \
    X(oror_b, "oror") X(dotnot, ".!") X(dotand, ".&&") X(dotor, ".||") X(implicit_kw, "#kw#")        \
    X(Pair, "Pair") X(arrow2, "=>") X(pop, "pop") X(typed_comprehension, "typed_comprehension")      \
    X(Expr_sym, "Expr") X(inert, "inert") X(braces, "braces") X(bracescat, "bracescat")              \
    X(cmdstring, "cmdstring") X(gc_preserve, "gc_preserve") X(opaque_closure, "opaque_closure")

typedef struct {
#define JL_LSYM_FIELD(n, s) jl_sym_t *n;
    JL_LSYMS_X(JL_LSYM_FIELD)
#undef JL_LSYM_FIELD
} jl_lsyms_t;
extern jl_lsyms_t jl_ls;

/* ---- small helpers over Expr ------------------------------------------------------------------- */
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
jl_value_t *jl_ltop(jl_sym_t *name);                          /* GlobalRef(Base-or-Core, name) */
jl_value_t *jl_lbase_iterators(jl_sym_t *name);               /* Base.Iterators.name (or Base.name) */
int jl_ltop_has(jl_sym_t *name);                              /* the top module binds `name` now */
jl_value_t *jl_lquote(jl_value_t *v);                         /* QuoteNode */
JL_NORETURN void jl_lsyntax_error(const char *fmt, ...);      /* throws ErrorException("syntax: ...") */
char *jl_lexpr_str(jl_value_t *e, char *buf, size_t sz);      /* short printed form, for error messages */
int jl_lis_literal(jl_value_t *v);                            /* self-evaluating value (not code) */

#endif /* JL_LOWERING_H */
