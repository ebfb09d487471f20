/* codegen.c: compiles a MethodInstance's lowered (and, when available, inferred) code to LLVM IR.
 *
 * Every compiled specialization is two native functions:
 *   worker  `julia_<name>_<n>`: the specialized signature. An argument (or the result) whose type is a
 *           concrete bits type is passed unboxed (i64, double, i8 for Bool, struct values for isbits
 *           structs and tuples); singletons (e.g. the function itself) are dropped; anything else is a
 *           jl_value_t*. This is ci->specptr (ci->isspecsig = 1).
 *   wrapper `jfptr_<name>_<n>(F, args, nargs)`: unboxes, calls the worker, boxes. This is ci->invoke.
 * Calls that inference resolved (Expr(:invoke)) call the callee's worker directly; everything else goes
 * through builtins' C entry points, inline intrinsics (intrinsics_codegen.c) or jl_apply_generic.
 * Untyped code (no inference) compiles too: values are boxed except the arguments' known types.
 *
 * Every runtime object the code refers to goes through jl_cg_literal: a constant address in JIT code, a
 * load from a `jl_gvar_N` slot when generating an image. Runtime C functions are called by their
 * exported names. jitlayers.c optimizes, JITs and (for images) records the modules.
 * Anything this file cannot compile makes jl_compile_codeinst return 0: the interpreter runs it. */
#include "codegen_internal.h"
#include <dlfcn.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stddef.h>

#pragma weak jl_in_compile_hint

/* ---------------------------------------------------------------------------------------------- */
/* LLVM types */

static LLVMContextRef C;
static LLVMTypeRef T_void, T_i1, T_i8, T_i16, T_i32, T_i64, T_f16, T_f32, T_f64, T_ptr;
static void init_tbaa(void);

LLVMTypeRef jl_cg_T_ptr(void) { return T_ptr; }
LLVMTypeRef jl_cg_T_int(unsigned bits) { return LLVMIntTypeInContext(C, bits); }

#define JL_MAX_UNBOXED_SIZE 128   /* larger bits values are passed boxed */

static void init_llvm_types(void)
{
    C = jl_llvm_context();
    T_void = LLVMVoidTypeInContext(C);
    T_i1 = LLVMInt1TypeInContext(C);
    T_i8 = LLVMInt8TypeInContext(C);
    T_i16 = LLVMInt16TypeInContext(C);
    T_i32 = LLVMInt32TypeInContext(C);
    T_i64 = LLVMInt64TypeInContext(C);
    T_f16 = LLVMHalfTypeInContext(C);
    T_f32 = LLVMFloatTypeInContext(C);
    T_f64 = LLVMDoubleTypeInContext(C);
    T_ptr = LLVMPointerTypeInContext(C, 0);
    init_tbaa();
}

/* Type-based alias analysis: array element buffers, array headers, mutable fields, immutable contents
 * (boxes, immutable structs), type tags and binding values never alias one another. */
static LLVMValueRef tbaa_tags[JL_TBAA_N];
static unsigned tbaa_md_kind;

static void init_tbaa(void)
{
    static const char *const names[JL_TBAA_N] = {NULL, "jtbaa_immut", "jtbaa_mutab", "jtbaa_arraybuf",
                                                 "jtbaa_arrayhdr", "jtbaa_tag", "jtbaa_binding"};
    tbaa_md_kind = LLVMGetMDKindIDInContext(C, "tbaa", 4);
    LLVMMetadataRef rootname = LLVMMDStringInContext2(C, "jtbaa", 5);
    LLVMMetadataRef root = LLVMMDNodeInContext2(C, &rootname, 1);
    LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(T_i64, 0, 0));
    for (int k = 1; k < JL_TBAA_N; k++) {
        LLVMMetadataRef tn[3] = {LLVMMDStringInContext2(C, names[k], strlen(names[k])), root, zero};
        LLVMMetadataRef type = LLVMMDNodeInContext2(C, tn, 3);
        LLVMMetadataRef tag[3] = {type, type, zero};
        tbaa_tags[k] = LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, tag, 3));
    }
}

void jl_cg_tbaa(LLVMValueRef inst, int kind)
{
    if (kind > 0 && kind < JL_TBAA_N && inst && LLVMIsAInstruction(inst))
        LLVMSetMetadata(inst, tbaa_md_kind, tbaa_tags[kind]);
}

static LLVMValueRef tload(LLVMBuilderRef B, LLVMTypeRef t, LLVMValueRef p, int kind)
{
    LLVMValueRef ld = LLVMBuildLoad2(B, t, p, "");
    jl_cg_tbaa(ld, kind);
    return ld;
}

static LLVMValueRef tstore(LLVMBuilderRef B, LLVMValueRef v, LLVMValueRef p, int kind)
{
    LLVMValueRef st = LLVMBuildStore(B, v, p);
    jl_cg_tbaa(st, kind);
    return st;
}

/* ---------------------------------------------------------------------------------------------- */
/* The per-compile context */

typedef struct {
    int nargs;               /* Julia arguments, including the function itself (va packed into a tuple) */
    int isva;
    jl_value_t **argtypes;
    int *argrep;
    LLVMTypeRef *argllvm;
    jl_value_t **argghost;
    int *argparam;           /* LLVM parameter index, -1 if dropped */
    jl_value_t *rettype;
    int retrep;
    LLVMTypeRef retllvm;
    jl_value_t *retghost;
    LLVMTypeRef fty;
} jl_cgsig_t;

typedef struct {
    int rep;
    LLVMTypeRef lt;
    jl_value_t *typ;
    jl_value_t *ghost;
    LLVMValueRef storage;    /* alloca (value or jl_value_t*), NULL for ghosts */
    LLVMValueRef defflag;    /* i8 alloca for unboxed/ghost locals; boxed ones use NULL = undefined */
    int isarg;
    int assigned;            /* number of assignments in the body */
    jl_value_t *constval;    /* assigned exactly once, with this constant: its only possible value */
} jl_slotinfo_t;

struct _jl_codectx_t {
    jl_method_instance_t *mi;
    jl_code_instance_t *ci;
    jl_code_info_t *src;
    jl_method_t *method;
    jl_module_t *module;
    size_t world;
    jl_array_t *roots;       /* objects created while compiling (the context lives on the C stack) */
    LLVMModuleRef M;
    LLVMBuilderRef B;
    LLVMBuilderRef AB;       /* allocas, at the end of the entry block */
    LLVMBasicBlockRef entry;
    LLVMValueRef F;
    jl_cgsig_t sig;
    char worker_name[160];
    char wrapper_name[160];
    int typed;
    size_t nstmts;
    jl_cgval_t *ssavals;
    uint8_t *ssa_set;
    LLVMBasicBlockRef *blocks;
    jl_slotinfo_t *slots;
    size_t nslots;
    jl_cgval_t *argvals;     /* the incoming arguments (for Core.Argument) */
    LLVMValueRef *handlers;
    LLVMValueRef argbuf;
    size_t argbuf_len;
    int has_try;
    int has_calls;
    int has_loops;
    LLVMValueRef sparam_env;  /* svec of static parameters computed at run time (widened specializations) */
    int self_recursive;
    int inbounds;
    int failed;
    const char *why;
    char **callees;
    size_t ncallees, callees_cap;
    struct _jl_codectx_t *outer;   /* enclosing compile (for recursion) */
};

static jl_codectx_t *compiling;     /* innermost compile in progress */
static size_t fn_counter;
JL_DLLEXPORT char *jl_cg_stack_limit;   /* compiled code calls jl_check_stack below this address */

/* statistics (JULIA_CODEGEN_LOG=1 prints each compile) */
static int codegen_log;
static int dump_llvm;
static uint64_t total_compile_ns;
static size_t n_compiled, n_failed;

LLVMBuilderRef jl_cg_builder(jl_codectx_t *ctx) { return ctx->B; }
jl_array_t *jl_cg_roots(jl_codectx_t *ctx) { return ctx->roots; }
jl_module_t *jl_cg_jlmodule(jl_codectx_t *ctx) { return ctx->module; }
jl_svec_t *jl_cg_sparams(jl_codectx_t *ctx) { return ctx->mi->sparam_vals; }
LLVMModuleRef jl_cg_module(jl_codectx_t *ctx) { return ctx->M; }
int jl_cg_failed(jl_codectx_t *ctx) { return ctx->failed; }

void jl_cg_fail(jl_codectx_t *ctx, const char *why)
{
    if (!ctx->failed) {
        ctx->failed = 1;
        ctx->why = why;
    }
}

static void root(jl_codectx_t *ctx, jl_value_t *v)
{
    if (v)
        jl_array_ptr_1d_push(ctx->roots, v);
}

/* ---------------------------------------------------------------------------------------------- */
/* Julia types -> LLVM types */

static int is_unique_type_rep(jl_value_t *p)
{
    if (p == jl_bottom_type)
        return 1;
    if (!jl_is_datatype(p))
        return 0;
    jl_datatype_t *dt = (jl_datatype_t *)p;
    return !dt->hasfreetypevars && (dt->isconcretetype || jl_svec_len(dt->parameters) == 0);
}

LLVMTypeRef jl_julia_type_to_llvm(jl_value_t *t)
{
    if (!jl_is_datatype(t))
        return NULL;
    jl_datatype_t *dt = (jl_datatype_t *)t;
    if (!dt->isbitstype || dt->layout == NULL)
        return NULL;
    if (dt == jl_bool_type)
        return T_i8;
    if (dt == jl_float64_type)
        return T_f64;
    if (dt == jl_float32_type)
        return T_f32;
    if (dt == jl_float16_type)
        return T_f16;
    if (dt->isprimitivetype)
        return LLVMIntTypeInContext(C, (unsigned)dt->size * 8);
    size_t nf = dt->layout->nfields;
    LLVMTypeRef small[16];
    LLVMTypeRef *elts = nf <= 16 ? small : (LLVMTypeRef *)malloc(nf * sizeof(LLVMTypeRef));
    for (size_t i = 0; i < nf; i++) {
        jl_value_t *ft = jl_field_type(dt, i);
        LLVMTypeRef e = jl_datatype_size(ft) == 0 ? NULL : jl_julia_type_to_llvm(ft);
        elts[i] = e ? e : LLVMStructTypeInContext(C, NULL, 0, 0);
    }
    LLVMTypeRef st = LLVMStructTypeInContext(C, elts, (unsigned)nf, 0);
    if (elts != small)
        free(elts);
    return st;
}

/* ---- isbits unions: Union{A, B, ...} of concrete bits types (e.g. Union{Nothing, Tuple{Int, Int}}, what
 * `iterate` returns) are kept unboxed as { [k x i64] payload, i8 tindex } ---- */
#define JL_MAX_UNION_COMPONENTS 16
#define JL_MAX_UNION_SIZE 64

static size_t union_components(jl_value_t *t, jl_value_t **out, size_t n)
{
    if (jl_is_uniontype(t)) {
        n = union_components(((jl_uniontype_t *)t)->a, out, n);
        return n == (size_t)-1 ? n : union_components(((jl_uniontype_t *)t)->b, out, n);
    }
    if (n >= JL_MAX_UNION_COMPONENTS)
        return (size_t)-1;
    out[n] = t;
    return n + 1;
}

/* The components of an isbits union (0 if t is not one). */
static size_t union_layout(jl_value_t *t, jl_value_t **comps, size_t *maxsize)
{
    size_t n = union_components(t, comps, 0);
    if (n == (size_t)-1 || n < 2)
        return 0;
    size_t sz = 0;
    for (size_t i = 0; i < n; i++) {
        jl_datatype_t *dt = (jl_datatype_t *)comps[i];
        if (!jl_is_datatype(dt) || !dt->isconcretetype || !dt->isbitstype || dt->layout == NULL ||
            (dt->size == 0 && dt->instance == NULL) || dt->layout->alignment > 8)
            return 0;
        if ((size_t)dt->size > sz)
            sz = (size_t)dt->size;
    }
    if (sz > JL_MAX_UNION_SIZE)
        return 0;
    *maxsize = sz;
    return n;
}

static LLVMTypeRef union_llvm_type(jl_value_t *t)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz;
    if (!union_layout(t, comps, &sz))
        return NULL;
    LLVMTypeRef elts[2] = {LLVMArrayType2(T_i64, (sz + 7) / 8), T_i8};
    return LLVMStructTypeInContext(C, elts, 2, 0);
}

/* 1-based position of concrete type T among the components of union U, 0 if absent */
static int union_index(jl_value_t *U, jl_value_t *T)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz, n = union_layout(U, comps, &sz);
    for (size_t i = 0; i < n; i++)
        if (comps[i] == T)
            return (int)i + 1;
    return 0;
}

/* How a value of static type t is represented: unboxed LLVM value, jl_value_t*, nothing at all (a
 * singleton whose value is known), or never (Union{}). */
int jl_type_rep(jl_value_t *t, LLVMTypeRef *lt, jl_value_t **ghost)
{
    if (lt)
        *lt = T_ptr;
    if (ghost)
        *ghost = NULL;
    if (t == jl_bottom_type)
        return JL_REP_BOTTOM;
    if (jl_is_datatype(t)) {
        jl_datatype_t *dt = (jl_datatype_t *)t;
        if (dt->isconcretetype && dt->isbitstype && dt->layout) {
            if (dt->size == 0) {
                if (dt->instance == NULL)
                    return JL_REP_BOXED;
                if (ghost)
                    *ghost = dt->instance;
                return JL_REP_GHOST;
            }
            if (dt->size > JL_MAX_UNBOXED_SIZE)
                return JL_REP_BOXED;
            if (lt)
                *lt = jl_julia_type_to_llvm(t);
            return JL_REP_UNBOXED;
        }
        if (dt->name == jl_type_typename && jl_nparams(dt) == 1 && is_unique_type_rep(jl_tparam0(dt))) {
            if (ghost)
                *ghost = jl_tparam0(dt);
            return JL_REP_GHOST;
        }
    }
    if (jl_is_uniontype(t)) {
        LLVMTypeRef ut = union_llvm_type(t);
        if (ut) {
            if (lt)
                *lt = ut;
            return JL_REP_UNION;
        }
    }
    return JL_REP_BOXED;
}

static int is_concrete_bits(jl_value_t *t)
{
    return jl_type_rep(t, NULL, NULL) == JL_REP_UNBOXED;
}

/* a <: b, answered quickly for the common cases; 0 when unsure is safe (callers then check at run time) */
static int cg_subtype(jl_value_t *a, jl_value_t *b)
{
    if (a == b || b == (jl_value_t *)jl_any_type || a == jl_bottom_type)
        return 1;
    if (jl_is_concrete_type(b) && !jl_is_type_type(b))
        return 0;
    if (jl_has_free_typevars(a) || jl_has_free_typevars(b))
        return 0;
    return jl_subtype(a, b);
}

/* ---------------------------------------------------------------------------------------------- */
/* Values */

jl_cgval_t jl_cg_unboxed(LLVMValueRef v, jl_value_t *typ)
{
    jl_cgval_t r = {v, typ, NULL, 0};
    return r;
}

jl_cgval_t jl_cg_boxed(LLVMValueRef v, jl_value_t *typ)
{
    jl_cgval_t r = {v, typ ? typ : (jl_value_t *)jl_any_type, NULL, 1};
    return r;
}

jl_cgval_t jl_cg_const(jl_value_t *v)
{
    jl_cgval_t r = {NULL, jl_typeof(v), v, 0};
    return r;
}

static jl_cgval_t ghost_or_boxed(jl_codectx_t *ctx, LLVMValueRef v, jl_value_t *typ)
{
    jl_value_t *ghost;
    if (jl_type_rep(typ, NULL, &ghost) == JL_REP_GHOST)
        return jl_cg_const(ghost);
    return jl_cg_boxed(v, typ);
}

jl_value_t *jl_cg_constant_of(jl_codectx_t *ctx, jl_cgval_t v)
{
    return v.constant;
}

static jl_cgval_t const_nothing(void) { return jl_cg_const(jl_nothing); }

static jl_cgval_t const_bool(int b) { return jl_cg_const(b ? jl_true : jl_false); }

/* ---------------------------------------------------------------------------------------------- */
/* Object references: the one function through which generated code refers to a runtime object */

LLVMValueRef jl_cg_literal(jl_codectx_t *ctx, jl_value_t *v)
{
    if (v == NULL)
        return LLVMConstNull(T_ptr);
    size_t idx = jl_gvar_index(v);   /* also roots v for the life of the process */
    if (!jl_generating_output())
        return LLVMConstIntToPtr(LLVMConstInt(T_i64, (uintptr_t)v, 0), T_ptr);
    char name[40];
    snprintf(name, sizeof(name), "jl_gvar_%zu", idx);
    LLVMValueRef g = LLVMGetNamedGlobal(ctx->M, name);
    if (g == NULL) {
        g = LLVMAddGlobal(ctx->M, T_ptr, name);
        LLVMSetExternallyInitialized(g, 1);
    }
    LLVMValueRef ld = LLVMBuildLoad2(ctx->B, T_ptr, g, "");
    LLVMSetMetadata(ld, LLVMGetMDKindIDInContext(C, "invariant.load", 14),
                    LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, NULL, 0)));
    return ld;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls to runtime functions (by exported name) and LLVM intrinsics */

static void add_fn_attr(LLVMValueRef f, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(C, kind, 0));
}

static LLVMValueRef get_function(jl_codectx_t *ctx, const char *name, LLVMTypeRef fty)
{
    LLVMValueRef f = LLVMGetNamedFunction(ctx->M, name);
    if (f == NULL)
        f = LLVMAddFunction(ctx->M, name, fty);
    return f;
}

/* jl_gc_alloc returns a fresh zeroed object: LLVM may forward stores to loads and delete unused ones */
static void mark_allocator(LLVMValueRef f)
{
    unsigned noalias = LLVMGetEnumAttributeKindForName("noalias", 7);
    LLVMAddAttributeAtIndex(f, LLVMAttributeReturnIndex, LLVMCreateEnumAttribute(C, noalias, 0));
    unsigned allockind = LLVMGetEnumAttributeKindForName("allockind", 9);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(C, allockind, 1 | 16));
    unsigned allocsize = LLVMGetEnumAttributeKindForName("allocsize", 9);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(C, allocsize, ((uint64_t)0 << 32) | 0xFFFFFFFFu));
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateStringAttribute(C, "alloc-family", 12, "jl_gc", 5));
    add_fn_attr(f, "nounwind");
}

LLVMValueRef jl_cg_rtcall(jl_codectx_t *ctx, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                          unsigned nparams, LLVMValueRef *args, int noreturn)
{
    LLVMTypeRef fty = LLVMFunctionType(ret, params, nparams, 0);
    LLVMValueRef f = LLVMGetNamedFunction(ctx->M, name);
    if (f == NULL) {
        f = LLVMAddFunction(ctx->M, name, fty);
        if (noreturn) {
            add_fn_attr(f, "noreturn");
            add_fn_attr(f, "cold");
        }
        if (strcmp(name, "jl_gc_alloc") == 0)
            mark_allocator(f);
    }
    LLVMValueRef call = LLVMBuildCall2(ctx->B, fty, f, args, nparams, "");
    if (noreturn)
        LLVMBuildUnreachable(ctx->B);
    return call;
}

LLVMValueRef jl_cg_intrinsic(jl_codectx_t *ctx, const char *name, LLVMTypeRef *overload, unsigned nover,
                             LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    if (id == 0) {
        jl_cg_fail(ctx, "unknown LLVM intrinsic");
        return LLVMGetUndef(T_i64);
    }
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(ctx->M, id, overload, nover);
    LLVMTypeRef fty = LLVMIntrinsicGetType(C, id, overload, nover);
    return LLVMBuildCall2(ctx->B, fty, f, args, nargs, "");
}

LLVMBasicBlockRef jl_cg_new_block(jl_codectx_t *ctx, const char *name)
{
    return LLVMAppendBasicBlockInContext(C, ctx->F, name);
}

void jl_cg_set_block(jl_codectx_t *ctx, LLVMBasicBlockRef bb)
{
    LLVMPositionBuilderAtEnd(ctx->B, bb);
}

static int block_terminated(jl_codectx_t *ctx)
{
    return LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(ctx->B)) != NULL;
}

/* Continue emitting in a fresh block nothing branches to (after a noreturn call). */
static void start_dead_block(jl_codectx_t *ctx)
{
    jl_cg_set_block(ctx, jl_cg_new_block(ctx, "dead"));
}

/* if (failcond) fn(args...) -- fn never returns. */
LLVMValueRef jl_cg_error_block(jl_codectx_t *ctx, LLVMValueRef failcond, const char *fn, LLVMValueRef *args,
                               unsigned nargs, LLVMTypeRef *params)
{
    LLVMBasicBlockRef fail = jl_cg_new_block(ctx, "fail");
    LLVMBasicBlockRef cont = jl_cg_new_block(ctx, "ok");
    LLVMBuildCondBr(ctx->B, failcond, fail, cont);
    jl_cg_set_block(ctx, fail);
    jl_cg_rtcall(ctx, fn, T_void, params, nargs, args, 1);
    jl_cg_set_block(ctx, cont);
    return NULL;
}

/* An error that is certain at this point: call, then keep emitting in a dead block. */
static void emit_error_now(jl_codectx_t *ctx, const char *fn, LLVMTypeRef *params, LLVMValueRef *args,
                           unsigned nargs)
{
    jl_cg_rtcall(ctx, fn, T_void, params, nargs, args, 1);
    start_dead_block(ctx);
}

static LLVMValueRef cstring(jl_codectx_t *ctx, const char *s)
{
    return LLVMBuildGlobalStringPtr(ctx->B, s, "");
}

static void emit_type_error(jl_codectx_t *ctx, LLVMValueRef cond_fail, const char *fname, jl_value_t *expected,
                            LLVMValueRef got)
{
    LLVMValueRef args[3] = {cstring(ctx, fname), jl_cg_literal(ctx, expected), got};
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_ptr};
    if (cond_fail)
        jl_cg_error_block(ctx, cond_fail, "jl_type_error", args, 3, params);
    else
        emit_error_now(ctx, "jl_type_error", params, args, 3);
}

static void emit_undefvar_check(jl_codectx_t *ctx, LLVMValueRef isundef, jl_sym_t *name)
{
    LLVMValueRef arg = jl_cg_literal(ctx, (jl_value_t *)name);
    jl_cg_error_block(ctx, isundef, "jl_undefined_var_error", &arg, 1, &T_ptr);
}

/* ---------------------------------------------------------------------------------------------- */
/* Memory: byte offsets, loads and stores of bits values laid out as datatype.c lays them out */

static LLVMValueRef gep_bytes(jl_codectx_t *ctx, LLVMValueRef p, int64_t off)
{
    if (off == 0)
        return p;
    LLVMValueRef idx = LLVMConstInt(T_i64, (uint64_t)off, 1);
    return LLVMBuildInBoundsGEP2(ctx->B, T_i8, p, &idx, 1, "");
}

static unsigned type_align(jl_datatype_t *dt)
{
    unsigned a = dt->layout ? dt->layout->alignment : 8;
    return a ? a : 1;
}

static LLVMValueRef empty_struct(void)
{
    return LLVMConstStructInContext(C, NULL, 0, 0);
}

static LLVMValueRef load_bits(jl_codectx_t *ctx, LLVMValueRef p, jl_datatype_t *dt, int tbaa)
{
    LLVMTypeRef lt = jl_julia_type_to_llvm((jl_value_t *)dt);
    if (dt->size == 0)
        return LLVMGetUndef(lt);
    if (dt->isprimitivetype) {
        LLVMValueRef ld = tload(ctx->B, lt, p, tbaa);
        LLVMSetAlignment(ld, type_align(dt));
        return ld;
    }
    LLVMValueRef agg = LLVMGetUndef(lt);
    for (size_t i = 0; i < dt->layout->nfields; i++) {
        jl_datatype_t *ft = (jl_datatype_t *)jl_field_type(dt, i);
        LLVMValueRef fv = ft->size == 0 ? empty_struct()
                                         : load_bits(ctx, gep_bytes(ctx, p, jl_field_offset(dt, i)), ft, tbaa);
        agg = LLVMBuildInsertValue(ctx->B, agg, fv, (unsigned)i, "");
    }
    return agg;
}

static void store_bits(jl_codectx_t *ctx, LLVMValueRef p, LLVMValueRef v, jl_datatype_t *dt, int tbaa)
{
    if (dt->size == 0)
        return;
    if (dt->isprimitivetype) {
        LLVMValueRef st = tstore(ctx->B, v, p, tbaa);
        LLVMSetAlignment(st, type_align(dt));
        return;
    }
    for (size_t i = 0; i < dt->layout->nfields; i++) {
        jl_datatype_t *ft = (jl_datatype_t *)jl_field_type(dt, i);
        if (ft->size == 0)
            continue;
        LLVMValueRef fv = LLVMBuildExtractValue(ctx->B, v, (unsigned)i, "");
        store_bits(ctx, gep_bytes(ctx, p, jl_field_offset(dt, i)), fv, ft, tbaa);
    }
}

/* An LLVM constant holding the bits of the boxed value v (of concrete bits type dt). */
static LLVMValueRef const_bits(const char *p, jl_datatype_t *dt)
{
    LLVMTypeRef lt = jl_julia_type_to_llvm((jl_value_t *)dt);
    if (dt->size == 0)
        return LLVMGetUndef(lt);
    if (dt->isprimitivetype) {
        unsigned nbits = (unsigned)dt->size * 8;
        LLVMTypeRef it = LLVMIntTypeInContext(C, nbits);
        LLVMValueRef ci;
        if (dt->size <= 8) {
            uint64_t x = 0;
            memcpy(&x, p, (size_t)dt->size);
            ci = LLVMConstInt(it, x, 0);
        }
        else {
            size_t nw = ((size_t)dt->size + 7) / 8;
            uint64_t *words = (uint64_t *)calloc(nw, 8);
            memcpy(words, p, (size_t)dt->size);
            ci = LLVMConstIntOfArbitraryPrecision(it, (unsigned)nw, words);
            free(words);
        }
        if (lt == it)
            return ci;
        return LLVMConstBitCast(ci, lt);
    }
    size_t nf = dt->layout->nfields;
    LLVMValueRef *elts = (LLVMValueRef *)malloc((nf + 1) * sizeof(LLVMValueRef));
    for (size_t i = 0; i < nf; i++) {
        jl_datatype_t *ft = (jl_datatype_t *)jl_field_type(dt, i);
        elts[i] = ft->size == 0 ? empty_struct() : const_bits(p + jl_field_offset(dt, i), ft);
    }
    LLVMValueRef r = LLVMConstStructInContext(C, elts, (unsigned)nf, 0);
    free(elts);
    return r;
}

static LLVMValueRef emit_typeof_boxed(jl_codectx_t *ctx, LLVMValueRef v)
{
    LLVMValueRef hdr = tload(ctx->B, T_i64, gep_bytes(ctx, v, -(int64_t)sizeof(jl_taggedvalue_t)), JL_TBAA_TAG);
    LLVMValueRef t = LLVMBuildAnd(ctx->B, hdr, LLVMConstInt(T_i64, ~(uint64_t)JL_GC_BITS_MASK, 0), "");
    return LLVMBuildIntToPtr(ctx->B, t, T_ptr, "");
}

/* ---------------------------------------------------------------------------------------------- */
/* Boxing and unboxing */

static const char *box_function(jl_datatype_t *dt, LLVMTypeRef *argty)
{
    struct { jl_datatype_t **t; const char *fn; LLVMTypeRef *lt; } tab[] = {
        {&jl_int64_type, "jl_box_int64", &T_i64},   {&jl_int32_type, "jl_box_int32", &T_i32},
        {&jl_uint8_type, "jl_box_uint8", &T_i8},    {&jl_int8_type, "jl_box_int8", &T_i8},
        {&jl_uint64_type, "jl_box_uint64", &T_i64}, {&jl_char_type, "jl_box_char", &T_i32},
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
        if (*tab[i].t == dt) {
            *argty = *tab[i].lt;
            return tab[i].fn;
        }
    }
    return NULL;
}

/* A fresh object of type dt. The header store repeats what jl_gc_alloc wrote (the type, GC bits clear) so
 * that LLVM can answer typeof() of the new object without a load. */
static LLVMValueRef emit_gc_alloc(jl_codectx_t *ctx, jl_datatype_t *dt)
{
    LLVMValueRef tyv = jl_cg_literal(ctx, (jl_value_t *)dt);
    LLVMValueRef args[2] = {LLVMConstInt(T_i64, (uint64_t)dt->size, 0), tyv};
    LLVMTypeRef params[2] = {T_i64, T_ptr};
    LLVMValueRef p = jl_cg_rtcall(ctx, "jl_gc_alloc", T_ptr, params, 2, args, 0);
    LLVMValueRef hdr = gep_bytes(ctx, p, -(int64_t)sizeof(jl_taggedvalue_t));
    tstore(ctx->B, LLVMBuildPtrToInt(ctx->B, tyv, T_i64, ""), hdr, JL_TBAA_TAG);
    return p;
}

static LLVMValueRef box_unboxed(jl_codectx_t *ctx, LLVMValueRef v, jl_datatype_t *dt)
{
    if (dt == jl_bool_type) {
        LLVMValueRef c = LLVMBuildICmp(ctx->B, LLVMIntNE, v, LLVMConstInt(T_i8, 0, 0), "");
        return LLVMBuildSelect(ctx->B, c, jl_cg_literal(ctx, jl_true), jl_cg_literal(ctx, jl_false), "");
    }
    LLVMTypeRef at;
    const char *fn = box_function(dt, &at);
    if (fn)   /* the types with caches of small values */
        return jl_cg_rtcall(ctx, fn, T_ptr, &at, 1, &v, 0);
    LLVMValueRef p = emit_gc_alloc(ctx, dt);
    store_bits(ctx, p, v, dt, JL_TBAA_IMMUT);
    return p;
}

static LLVMValueRef union_box(jl_codectx_t *ctx, jl_cgval_t v);

LLVMValueRef jl_cg_box(jl_codectx_t *ctx, jl_cgval_t v)
{
    if (v.constant)
        return jl_cg_literal(ctx, v.constant);
    if (v.isboxed)
        return v.V;
    jl_value_t *ghost;
    int rep = jl_type_rep(v.typ, NULL, &ghost);
    if (rep == JL_REP_GHOST)
        return jl_cg_literal(ctx, ghost);
    if (rep == JL_REP_UNION && v.V)
        return union_box(ctx, v);
    if (rep != JL_REP_UNBOXED || v.V == NULL) {
        jl_cg_fail(ctx, "cannot box value");
        return LLVMConstNull(T_ptr);
    }
    return box_unboxed(ctx, v.V, (jl_datatype_t *)v.typ);
}

/* ---- isbits union values ---- */
static LLVMValueRef emit_alloca(jl_codectx_t *ctx, LLVMTypeRef t, const char *name);

static int is_union_val(jl_cgval_t v)
{
    return !v.isboxed && !v.constant && v.V != NULL && jl_type_rep(v.typ, NULL, NULL) == JL_REP_UNION;
}

static LLVMValueRef union_tindex(jl_codectx_t *ctx, jl_cgval_t v)
{
    return LLVMBuildExtractValue(ctx->B, v.V, 1, "");
}

/* a value of component type Ti (constant, unboxed, or boxed with that static type) as union U */
static jl_cgval_t make_union(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *Ti, jl_value_t *U)
{
    LLVMTypeRef ut = union_llvm_type(U);
    LLVMValueRef tmp = emit_alloca(ctx, ut, "union");
    LLVMBuildStore(ctx->B, LLVMConstInt(T_i8, (uint64_t)union_index(U, Ti), 0), LLVMBuildStructGEP2(ctx->B, ut, tmp, 1, ""));
    if (jl_datatype_size(Ti) > 0)
        store_bits(ctx, LLVMBuildStructGEP2(ctx->B, ut, tmp, 0, ""), jl_cg_unbox(ctx, v, Ti), (jl_datatype_t *)Ti,
                   JL_TBAA_NONE);
    jl_cgval_t r = {LLVMBuildLoad2(ctx->B, ut, tmp, ""), U, NULL, 0};
    return r;
}

/* the payload of a union value as component Ti (the caller knows the tindex says Ti) */
static jl_cgval_t union_extract(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *Ti)
{
    jl_value_t *ghost;
    if (jl_type_rep(Ti, NULL, &ghost) == JL_REP_GHOST)
        return jl_cg_const(ghost);
    LLVMTypeRef ut = LLVMTypeOf(v.V);
    LLVMValueRef tmp = emit_alloca(ctx, ut, "union");
    LLVMBuildStore(ctx->B, v.V, tmp);
    LLVMValueRef p = LLVMBuildStructGEP2(ctx->B, ut, tmp, 0, "");
    return jl_cg_unboxed(load_bits(ctx, p, (jl_datatype_t *)Ti, JL_TBAA_NONE), Ti);
}

static LLVMValueRef union_box(jl_codectx_t *ctx, jl_cgval_t v)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz, n = union_layout(v.typ, comps, &sz);
    LLVMValueRef tidx = union_tindex(ctx, v);
    LLVMBasicBlockRef join = jl_cg_new_block(ctx, "union_boxed"), bad = jl_cg_new_block(ctx, "union_bad");
    LLVMValueRef sw = LLVMBuildSwitch(ctx->B, tidx, bad, (unsigned)n);
    LLVMValueRef vals[JL_MAX_UNION_COMPONENTS];
    LLVMBasicBlockRef ends[JL_MAX_UNION_COMPONENTS];
    for (size_t i = 0; i < n; i++) {
        LLVMBasicBlockRef bb = jl_cg_new_block(ctx, "union_case");
        LLVMAddCase(sw, LLVMConstInt(T_i8, i + 1, 0), bb);
        jl_cg_set_block(ctx, bb);
        jl_cgval_t c = union_extract(ctx, v, comps[i]);
        vals[i] = c.constant ? jl_cg_literal(ctx, c.constant) : box_unboxed(ctx, c.V, (jl_datatype_t *)comps[i]);
        ends[i] = LLVMGetInsertBlock(ctx->B);
        LLVMBuildBr(ctx->B, join);
    }
    jl_cg_set_block(ctx, bad);
    LLVMBuildUnreachable(ctx->B);
    jl_cg_set_block(ctx, join);
    LLVMValueRef phi = LLVMBuildPhi(ctx->B, T_ptr, "");
    LLVMAddIncoming(phi, vals, ends, (unsigned)n);
    return phi;
}

static void emit_type_error(jl_codectx_t *ctx, LLVMValueRef cond_fail, const char *fname, jl_value_t *expected,
                            LLVMValueRef got);

/* a boxed value as union U, checking that its type is one of the components */
static jl_cgval_t union_from_boxed(jl_codectx_t *ctx, LLVMValueRef b, jl_value_t *U)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz, n = union_layout(U, comps, &sz);
    LLVMTypeRef ut = union_llvm_type(U);
    LLVMValueRef tag = emit_typeof_boxed(ctx, b);
    LLVMBasicBlockRef join = jl_cg_new_block(ctx, "as_union");
    LLVMValueRef vals[JL_MAX_UNION_COMPONENTS];
    LLVMBasicBlockRef ends[JL_MAX_UNION_COMPONENTS];
    for (size_t i = 0; i < n; i++) {
        LLVMBasicBlockRef yes = jl_cg_new_block(ctx, "is_component"), no = jl_cg_new_block(ctx, "not_component");
        LLVMBuildCondBr(ctx->B, LLVMBuildICmp(ctx->B, LLVMIntEQ, tag, jl_cg_literal(ctx, comps[i]), ""), yes, no);
        jl_cg_set_block(ctx, yes);
        vals[i] = make_union(ctx, jl_cg_boxed(b, comps[i]), comps[i], U).V;
        ends[i] = LLVMGetInsertBlock(ctx->B);
        LLVMBuildBr(ctx->B, join);
        jl_cg_set_block(ctx, no);
    }
    emit_type_error(ctx, NULL, "typeassert", U, b);
    LLVMBuildUnreachable(ctx->B);   /* the dead block left by the error */
    jl_cg_set_block(ctx, join);
    LLVMValueRef phi = LLVMBuildPhi(ctx->B, ut, "");
    LLVMAddIncoming(phi, vals, ends, (unsigned)n);
    jl_cgval_t r = {phi, U, NULL, 0};
    return r;
}

/* a union value as another union U containing all of its components (same payload, renumbered index);
 * NULL if some component of v is not in U */
static LLVMValueRef union_remap(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *U)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz, n = union_layout(v.typ, comps, &sz);
    LLVMValueRef tidx = union_tindex(ctx, v), nidx = LLVMConstInt(T_i8, 0, 0);
    for (size_t i = 0; i < n; i++) {
        int j = union_index(U, comps[i]);
        if (j == 0)
            return NULL;
        LLVMValueRef is = LLVMBuildICmp(ctx->B, LLVMIntEQ, tidx, LLVMConstInt(T_i8, i + 1, 0), "");
        nidx = LLVMBuildSelect(ctx->B, is, LLVMConstInt(T_i8, (uint64_t)j, 0), nidx, "");
    }
    LLVMTypeRef ut = union_llvm_type(U);
    LLVMValueRef r = LLVMGetUndef(ut);
    unsigned nw = LLVMGetArrayLength2(LLVMStructGetTypeAtIndex(LLVMTypeOf(v.V), 0));
    for (unsigned w = 0; w < nw; w++) {
        LLVMValueRef payload = LLVMBuildExtractValue(ctx->B, v.V, 0, "");
        LLVMValueRef word = LLVMBuildExtractValue(ctx->B, payload, w, "");
        LLVMValueRef npay = LLVMBuildExtractValue(ctx->B, r, 0, "");
        npay = LLVMBuildInsertValue(ctx->B, npay, word, w, "");
        r = LLVMBuildInsertValue(ctx->B, r, npay, 0, "");
    }
    return LLVMBuildInsertValue(ctx->B, r, nidx, 1, "");
}

/* any value as union U (a type error when it cannot be one) */
static LLVMValueRef to_union(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *U)
{
    jl_value_t *vt = v.constant ? jl_typeof(v.constant) : v.typ;
    if (is_union_val(v)) {
        if (v.typ == U)
            return v.V;
        LLVMValueRef r = union_remap(ctx, v, U);
        if (r)
            return r;
        return union_from_boxed(ctx, union_box(ctx, v), U).V;
    }
    if (jl_is_concrete_type(vt) && (v.constant || !v.isboxed || jl_type_rep(vt, NULL, NULL) != JL_REP_BOXED)) {
        if (union_index(U, vt))
            return make_union(ctx, v, vt, U).V;
        emit_type_error(ctx, NULL, "typeassert", U, jl_cg_box(ctx, v));
        return LLVMGetUndef(union_llvm_type(U));
    }
    return union_from_boxed(ctx, jl_cg_box(ctx, v), U).V;
}

/* Check at run time that boxed value b has concrete type T (TypeError otherwise). */
static void emit_typecheck_concrete(jl_codectx_t *ctx, LLVMValueRef b, jl_value_t *T, const char *fname)
{
    LLVMValueRef ne = LLVMBuildICmp(ctx->B, LLVMIntNE, emit_typeof_boxed(ctx, b), jl_cg_literal(ctx, T), "");
    emit_type_error(ctx, ne, fname, T, b);
}

LLVMValueRef jl_cg_unbox(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *T)
{
    jl_datatype_t *dt = (jl_datatype_t *)T;
    LLVMTypeRef lt = jl_julia_type_to_llvm(T);
    if (lt == NULL) {
        jl_cg_fail(ctx, "unbox of a non-bits type");
        return LLVMGetUndef(T_i64);
    }
    if (v.constant) {
        if (jl_typeof(v.constant) == T)
            return const_bits((const char *)v.constant, dt);
        emit_type_error(ctx, NULL, "typeassert", T, jl_cg_literal(ctx, v.constant));
        return LLVMGetUndef(lt);
    }
    if (is_union_val(v)) {
        int idx = union_index(v.typ, T);
        if (idx == 0) {
            emit_type_error(ctx, NULL, "typeassert", T, jl_cg_box(ctx, v));
            return LLVMGetUndef(lt);
        }
        LLVMValueRef bad = LLVMBuildICmp(ctx->B, LLVMIntNE, union_tindex(ctx, v), LLVMConstInt(T_i8, (uint64_t)idx, 0), "");
        LLVMBasicBlockRef fail = jl_cg_new_block(ctx, "union_mismatch"), ok = jl_cg_new_block(ctx, "union_ok");
        LLVMBuildCondBr(ctx->B, bad, fail, ok);
        jl_cg_set_block(ctx, fail);
        emit_type_error(ctx, NULL, "typeassert", T, union_box(ctx, v));
        jl_cg_set_block(ctx, ok);
        return union_extract(ctx, v, T).V;
    }
    if (!v.isboxed) {
        if (v.typ == T)
            return v.V;
        if (jl_type_rep(v.typ, NULL, NULL) == JL_REP_UNBOXED && jl_is_concrete_type(v.typ)) {
            /* a different concrete type: certainly an error */
            emit_type_error(ctx, NULL, "typeassert", T, jl_cg_box(ctx, v));
            return LLVMGetUndef(lt);
        }
        jl_cg_fail(ctx, "unbox of a ghost value");
        return LLVMGetUndef(lt);
    }
    if (v.typ != T)
        emit_typecheck_concrete(ctx, v.V, T, "typeassert");
    return load_bits(ctx, v.V, dt, JL_TBAA_IMMUT);
}

/* The value converted to representation `rep` of type T (as a worker argument, return or slot). */
static LLVMValueRef convert_to_rep(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *T, int rep)
{
    if (rep == JL_REP_UNBOXED)
        return jl_cg_unbox(ctx, v, T);
    if (rep == JL_REP_UNION)
        return to_union(ctx, v, T);
    if (rep == JL_REP_BOXED) {
        LLVMValueRef b = jl_cg_box(ctx, v);
        /* values of unknown type flowing into a declared concrete type are checked */
        if (!v.constant && jl_is_concrete_type(T) && !cg_subtype(v.typ, T) && v.isboxed)
            emit_typecheck_concrete(ctx, b, T, "typeassert");
        return b;
    }
    return NULL;
}

/* Narrow the static type of v to T (T known to hold by inference or a check already emitted). */
static jl_cgval_t narrow(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *T)
{
    if (T != NULL && is_union_val(v) && jl_is_concrete_type(T) && union_index(v.typ, T))
        return union_extract(ctx, v, T);   /* inference proved which component it is */
    if (v.constant || !v.isboxed || T == NULL || !jl_is_type(T) || jl_has_free_typevars(T))
        return v;
    if (v.typ == T || (v.typ != (jl_value_t *)jl_any_type && !cg_subtype(T, v.typ)))
        return v;
    jl_value_t *ghost;
    int rep = jl_type_rep(T, NULL, &ghost);
    if (rep == JL_REP_GHOST)
        return jl_cg_const(ghost);
    v.typ = T;
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* Worker signatures (computed identically for the callee's definition and every direct caller) */

static void free_sig(jl_cgsig_t *s)
{
    free(s->argtypes);
    free(s->argrep);
    free(s->argllvm);
    free(s->argghost);
    free(s->argparam);
    memset(s, 0, sizeof(*s));
}

static int compute_sig(jl_cgsig_t *s, jl_method_instance_t *mi, jl_value_t *rettype, jl_array_t *roots)
{
    memset(s, 0, sizeof(*s));
    jl_value_t *spec = jl_unwrap_unionall(mi->specTypes);
    if (!jl_is_tuple_type(spec))
        return 0;
    int nargs = 0, isva = 0;
    if (jl_is_method(mi->def)) {
        nargs = ((jl_method_t *)mi->def)->nargs;
        isva = ((jl_method_t *)mi->def)->isva;
    }
    size_t nspec = jl_nparams(spec);
    jl_value_t *last = nspec > 0 ? jl_tparam(spec, nspec - 1) : NULL;
    int specva = last && jl_is_vararg(last);
    size_t nfixed = nspec - specva;
    if (!isva && !specva && nfixed != (size_t)nargs)
        return 0;
    if (!isva && nfixed > (size_t)nargs)
        return 0;
    s->nargs = nargs;
    s->isva = isva;
    s->argtypes = (jl_value_t **)calloc(nargs + 1, sizeof(jl_value_t *));
    s->argrep = (int *)calloc(nargs + 1, sizeof(int));
    s->argllvm = (LLVMTypeRef *)calloc(nargs + 1, sizeof(LLVMTypeRef));
    s->argghost = (jl_value_t **)calloc(nargs + 1, sizeof(jl_value_t *));
    s->argparam = (int *)calloc(nargs + 1, sizeof(int));
    LLVMTypeRef *params = (LLVMTypeRef *)calloc(nargs + 1, sizeof(LLVMTypeRef));
    int np = 0;
    for (int i = 0; i < nargs; i++) {
        jl_value_t *t;
        if (isva && i == nargs - 1) {
            if ((size_t)i > nfixed) {
                free(params);
                return 0;
            }
            t = (jl_value_t *)jl_apply_tuple_type_v(jl_svec_data(((jl_datatype_t *)spec)->parameters) + i,
                                                    nspec - (size_t)i);
            if (roots)
                jl_array_ptr_1d_push(roots, t);
        }
        else if ((size_t)i < nfixed) {
            t = jl_tparam(spec, i);
        }
        else if (specva) {
            t = jl_unwrap_vararg(last);
        }
        else {
            free(params);
            return 0;
        }
        if (jl_is_vararg(t) || jl_has_free_typevars(t))
            t = (jl_value_t *)jl_any_type;
        s->argtypes[i] = t;
        s->argrep[i] = jl_type_rep(t, &s->argllvm[i], &s->argghost[i]);
        if (s->argrep[i] == JL_REP_BOTTOM)
            s->argrep[i] = JL_REP_BOXED;
        if (s->argrep[i] == JL_REP_GHOST) {
            s->argparam[i] = -1;
        }
        else {
            s->argparam[i] = np;
            params[np++] = (s->argrep[i] == JL_REP_UNBOXED || s->argrep[i] == JL_REP_UNION) ? s->argllvm[i] : T_ptr;
        }
    }
    if (rettype == NULL || jl_has_free_typevars(rettype) || !jl_is_type(rettype))
        rettype = (jl_value_t *)jl_any_type;
    s->rettype = rettype;
    s->retrep = jl_type_rep(rettype, &s->retllvm, &s->retghost);
    LLVMTypeRef rt = (s->retrep == JL_REP_UNBOXED || s->retrep == JL_REP_UNION) ? s->retllvm
                     : s->retrep == JL_REP_BOXED                               ? T_ptr
                                                                               : T_void;
    s->fty = LLVMFunctionType(rt, params, (unsigned)np, 0);
    free(params);
    return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* Registry of workers this process JIT-compiled: specptr -> symbol name (addresses are never reused). */

typedef struct {
    void *addr;
    char *name;
    jl_cgsig_t *sig;   /* the signature it was compiled with (a type's representation can change later,
                          e.g. when its layout or singleton instance is created lazily) */
} worker_entry_t;
static worker_entry_t *workers;
static size_t workers_size, workers_count;

static size_t worker_probe(void *addr)
{
    size_t mask = workers_size - 1;
    size_t h = (((uintptr_t)addr >> 4) * 11400714819323198485ULL >> 20) & mask;
    while (workers[h].addr && workers[h].addr != addr)
        h = (h + 1) & mask;
    return h;
}

static jl_cgsig_t *copy_sig(jl_cgsig_t *s)
{
    jl_cgsig_t *c = (jl_cgsig_t *)malloc(sizeof(jl_cgsig_t));
    *c = *s;
    size_t n = (size_t)s->nargs + 1;
    c->argtypes = (jl_value_t **)malloc(n * sizeof(jl_value_t *));
    c->argrep = (int *)malloc(n * sizeof(int));
    c->argllvm = (LLVMTypeRef *)malloc(n * sizeof(LLVMTypeRef));
    c->argghost = (jl_value_t **)malloc(n * sizeof(jl_value_t *));
    c->argparam = (int *)malloc(n * sizeof(int));
    memcpy(c->argtypes, s->argtypes, n * sizeof(jl_value_t *));
    memcpy(c->argrep, s->argrep, n * sizeof(int));
    memcpy(c->argllvm, s->argllvm, n * sizeof(LLVMTypeRef));
    memcpy(c->argghost, s->argghost, n * sizeof(jl_value_t *));
    memcpy(c->argparam, s->argparam, n * sizeof(int));
    /* the Julia objects it names stay alive: rooted with the other objects generated code uses */
    for (size_t i = 0; i < (size_t)s->nargs; i++) {
        if (s->argtypes[i])
            jl_gvar_index(s->argtypes[i]);
        if (s->argghost[i])
            jl_gvar_index(s->argghost[i]);
    }
    if (s->rettype)
        jl_gvar_index(s->rettype);
    if (s->retghost)
        jl_gvar_index(s->retghost);
    return c;
}

static void register_worker(void *addr, const char *name, jl_cgsig_t *sig)
{
    if ((workers_count + 1) * 2 > workers_size) {
        worker_entry_t *old = workers;
        size_t oldsize = workers_size;
        workers_size = workers_size ? workers_size * 2 : 1024;
        workers = (worker_entry_t *)calloc(workers_size, sizeof(worker_entry_t));
        for (size_t i = 0; i < oldsize; i++)
            if (old[i].addr)
                workers[worker_probe(old[i].addr)] = old[i];
        free(old);
    }
    size_t h = worker_probe(addr);
    if (!workers[h].addr) {
        workers[h].addr = addr;
        workers[h].name = strdup(name);
        workers[h].sig = copy_sig(sig);
        workers_count++;
    }
}

static worker_entry_t *worker_of(void *addr)
{
    if (workers_size == 0 || addr == NULL)
        return NULL;
    size_t h = worker_probe(addr);
    return workers[h].addr ? &workers[h] : NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Slots and SSA values */

static LLVMValueRef emit_alloca(jl_codectx_t *ctx, LLVMTypeRef t, const char *name)
{
    return LLVMBuildAlloca(ctx->AB, t, name);
}

static LLVMValueRef slot_load(jl_codectx_t *ctx, LLVMTypeRef t, LLVMValueRef p)
{
    LLVMValueRef ld = LLVMBuildLoad2(ctx->B, t, p, "");
    if (ctx->has_try)
        LLVMSetVolatile(ld, 1);
    return ld;
}

static void slot_store(jl_codectx_t *ctx, LLVMValueRef v, LLVMValueRef p)
{
    LLVMValueRef st = LLVMBuildStore(ctx->B, v, p);
    if (ctx->has_try)
        LLVMSetVolatile(st, 1);
}

static jl_sym_t *slot_name(jl_codectx_t *ctx, size_t i)
{
    jl_array_t *names = ctx->src->slotnames;
    if (names && i < jl_array_len(names) && jl_is_symbol(jl_array_ptr_ref(names, i)))
        return (jl_sym_t *)jl_array_ptr_ref(names, i);
    return jl_symbol("?");
}

static jl_cgval_t emit_slot_load(jl_codectx_t *ctx, size_t i)
{
    if (i >= ctx->nslots) {
        jl_cg_fail(ctx, "bad slot number");
        return const_nothing();
    }
    jl_slotinfo_t *s = &ctx->slots[i];
    if (s->defflag) {
        LLVMValueRef f = slot_load(ctx, T_i8, s->defflag);
        emit_undefvar_check(ctx, LLVMBuildICmp(ctx->B, LLVMIntEQ, f, LLVMConstInt(T_i8, 0, 0), ""), slot_name(ctx, i));
    }
    if (s->rep == JL_REP_GHOST)
        return jl_cg_const(s->ghost);
    if (s->rep == JL_REP_UNBOXED || s->rep == JL_REP_UNION)
        return s->constval ? jl_cg_const(s->constval) : jl_cg_unboxed(slot_load(ctx, s->lt, s->storage), s->typ);
    LLVMValueRef v = slot_load(ctx, T_ptr, s->storage);
    if (!s->isarg)
        emit_undefvar_check(ctx, LLVMBuildIsNull(ctx->B, v, ""), slot_name(ctx, i));
    if (s->constval)   /* defined, hence holding its single constant value */
        return jl_cg_const(s->constval);
    return jl_cg_boxed(v, s->typ);
}

static void emit_slot_store(jl_codectx_t *ctx, size_t i, jl_cgval_t v)
{
    if (i >= ctx->nslots) {
        jl_cg_fail(ctx, "bad slot number");
        return;
    }
    jl_slotinfo_t *s = &ctx->slots[i];
    if (!s->isarg && s->assigned == 1 && v.constant)
        s->constval = v.constant;
    if (s->rep == JL_REP_UNBOXED)
        slot_store(ctx, jl_cg_unbox(ctx, v, s->typ), s->storage);
    else if (s->rep == JL_REP_UNION)
        slot_store(ctx, to_union(ctx, v, s->typ), s->storage);
    else if (s->rep == JL_REP_BOXED)
        slot_store(ctx, jl_cg_box(ctx, v), s->storage);
    if (s->defflag)
        slot_store(ctx, LLVMConstInt(T_i8, 1, 0), s->defflag);
}

static void emit_slot_undef(jl_codectx_t *ctx, size_t i)
{
    if (i >= ctx->nslots)
        return;
    jl_slotinfo_t *s = &ctx->slots[i];
    if (s->defflag)
        slot_store(ctx, LLVMConstInt(T_i8, 0, 0), s->defflag);
    else if (s->rep == JL_REP_BOXED)
        slot_store(ctx, LLVMConstNull(T_ptr), s->storage);
}

static LLVMValueRef emit_slot_isdefined(jl_codectx_t *ctx, size_t i)
{
    jl_slotinfo_t *s = &ctx->slots[i];
    if (s->defflag)
        return LLVMBuildICmp(ctx->B, LLVMIntNE, slot_load(ctx, T_i8, s->defflag), LLVMConstInt(T_i8, 0, 0), "");
    if (s->rep == JL_REP_BOXED)
        return LLVMBuildIsNotNull(ctx->B, slot_load(ctx, T_ptr, s->storage), "");
    return LLVMConstInt(T_i1, 1, 0);
}

static jl_cgval_t emit_expr(jl_codectx_t *ctx, jl_expr_t *ex, size_t stmt);

/* A global read: constants are folded, other bindings are loaded (UndefVarError when unset). */
static jl_cgval_t emit_globalref(jl_codectx_t *ctx, jl_module_t *m, jl_sym_t *s)
{
    jl_binding_t *b = jl_get_binding(m, s);
    while (b && b->alias)
        b = b->alias;
    if (b && b->constp && b->value)
        return jl_cg_const(b->value);
    if (b) {
        LLVMValueRef bp = jl_cg_literal(ctx, (jl_value_t *)b);
        LLVMValueRef v = tload(ctx->B, T_ptr, gep_bytes(ctx, bp, offsetof(jl_binding_t, value)), JL_TBAA_BINDING);
        emit_undefvar_check(ctx, LLVMBuildIsNull(ctx->B, v, ""), s);
        jl_value_t *ty = b->ty && jl_is_type(b->ty) ? b->ty : (jl_value_t *)jl_any_type;
        return jl_cg_boxed(v, ty);
    }
    LLVMValueRef args[2] = {jl_cg_literal(ctx, (jl_value_t *)m), jl_cg_literal(ctx, (jl_value_t *)s)};
    LLVMTypeRef params[2] = {T_ptr, T_ptr};
    LLVMValueRef v = jl_cg_rtcall(ctx, "jl_get_global", T_ptr, params, 2, args, 0);
    emit_undefvar_check(ctx, LLVMBuildIsNull(ctx->B, v, ""), s);
    return jl_cg_boxed(v, NULL);
}

/* The value of an "argument" of a statement (SSAValue, slot, Argument, GlobalRef, QuoteNode, literal). */
static jl_cgval_t emit_value(jl_codectx_t *ctx, jl_value_t *x)
{
    if (x == NULL) {
        jl_cg_fail(ctx, "NULL in code");
        return const_nothing();
    }
    jl_value_t *t = jl_typeof(x);
    if (t == (jl_value_t *)jl_ssavalue_type) {
        size_t id = (size_t)((jl_ssavalue_t *)x)->id;
        if (id < 1 || id > ctx->nstmts || !ctx->ssa_set[id - 1]) {
            jl_cg_fail(ctx, "SSA value used before its definition");
            return const_nothing();
        }
        return ctx->ssavals[id - 1];
    }
    if (t == (jl_value_t *)jl_slotnumber_type)
        return emit_slot_load(ctx, (size_t)((jl_slotnumber_t *)x)->id - 1);
    if (t == (jl_value_t *)jl_argument_type) {
        size_t n = (size_t)((jl_argument_t *)x)->n;
        if (n < 1 || n > (size_t)ctx->sig.nargs) {
            jl_cg_fail(ctx, "bad Argument");
            return const_nothing();
        }
        return ctx->argvals[n - 1];
    }
    if (t == (jl_value_t *)jl_globalref_type) {
        jl_globalref_t *g = (jl_globalref_t *)x;
        return emit_globalref(ctx, g->mod, g->name);
    }
    if (t == (jl_value_t *)jl_quotenode_type)
        return jl_cg_const(((jl_quotenode_t *)x)->value);
    if (t == (jl_value_t *)jl_symbol_type)
        return emit_globalref(ctx, ctx->module, (jl_sym_t *)x);
    if (t == (jl_value_t *)jl_expr_type)
        return emit_expr(ctx, (jl_expr_t *)x, 0);
    return jl_cg_const(x);
}

jl_cgval_t jl_cg_emit_value(jl_codectx_t *ctx, jl_value_t *x) { return emit_value(ctx, x); }

jl_value_t *jl_cg_ssa_constant(jl_codectx_t *ctx, size_t id)
{
    if (id < 1 || id > ctx->nstmts || !ctx->ssa_set[id - 1])
        return NULL;
    return ctx->ssavals[id - 1].constant;
}

/* Store boxed values into the shared argument buffer. */
LLVMValueRef jl_cg_boxed_args(jl_codectx_t *ctx, jl_cgval_t *args, size_t n)
{
    if (n == 0)
        return LLVMConstNull(T_ptr);
    if (n > ctx->argbuf_len) {
        jl_cg_fail(ctx, "argument buffer too small");
        return LLVMConstNull(T_ptr);
    }
    for (size_t i = 0; i < n; i++) {
        LLVMValueRef b = jl_cg_box(ctx, args[i]);
        LLVMValueRef idx = LLVMConstInt(T_i64, i, 0);
        LLVMBuildStore(ctx->B, b, LLVMBuildInBoundsGEP2(ctx->B, T_ptr, ctx->argbuf, &idx, 1, ""));
    }
    return ctx->argbuf;
}

/* Bool as i1 (with a TypeError for non-Bool values of unknown type). */
static LLVMValueRef emit_condition(jl_codectx_t *ctx, jl_cgval_t c, const char *what)
{
    if (c.constant) {
        if (c.constant == jl_true)
            return LLVMConstInt(T_i1, 1, 0);
        if (c.constant == jl_false)
            return LLVMConstInt(T_i1, 0, 0);
        emit_type_error(ctx, NULL, what, (jl_value_t *)jl_bool_type, jl_cg_literal(ctx, c.constant));
        return LLVMConstInt(T_i1, 0, 0);
    }
    if (!c.isboxed && c.typ == (jl_value_t *)jl_bool_type)
        return LLVMBuildICmp(ctx->B, LLVMIntNE, c.V, LLVMConstInt(T_i8, 0, 0), "");
    LLVMValueRef b = jl_cg_box(ctx, c);
    if (c.typ != (jl_value_t *)jl_bool_type)
        emit_typecheck_concrete(ctx, b, (jl_value_t *)jl_bool_type, what);
    return LLVMBuildICmp(ctx->B, LLVMIntNE, b, jl_cg_literal(ctx, jl_false), "");
}

static jl_cgval_t bool_value(LLVMValueRef i1, LLVMBuilderRef B)
{
    return jl_cg_unboxed(LLVMBuildZExt(B, i1, T_i8, ""), (jl_value_t *)jl_bool_type);
}

/* ---------------------------------------------------------------------------------------------- */
/* Builtins */

static jl_value_t *core_value(const char *name)
{
    jl_binding_t *b = jl_get_module_binding(jl_core_module, jl_symbol(name), 0);
    return b ? b->value : NULL;
}

enum { B_EGAL, B_TYPEOF, B_ISA, B_TYPEASSERT, B_GETFIELD, B_TUPLE, B_IFELSE, B_NFIELDS, B_ARRAYREF,
       B_CONST_ARRAYREF, B_ARRAYSET, B_ARRAYSIZE, B_SETFIELD, B_GETGLOBAL, B_APPLY_ITERATE, B_NBUILTINS };
static const char *const builtin_names[B_NBUILTINS] = {"===", "typeof", "isa", "typeassert", "getfield",
                                                       "tuple", "ifelse", "nfields", "arrayref",
                                                       "const_arrayref", "arrayset", "arraysize", "setfield!",
                                                       "getglobal", "_apply_iterate"};
static jl_value_t *builtin_values[B_NBUILTINS];
static int builtins_looked_up;

static int which_builtin(jl_value_t *f)
{
    if (!builtins_looked_up) {
        for (int i = 0; i < B_NBUILTINS; i++) {
            builtin_values[i] = core_value(builtin_names[i]);
            if (builtin_values[i])
                jl_gc_add_root(&builtin_values[i]);
        }
        builtins_looked_up = 1;
    }
    for (int i = 0; i < B_NBUILTINS; i++)
        if (builtin_values[i] == f)
            return i;
    return -1;
}

static jl_fptr_args_t builtin_fptr_of(jl_value_t *f)
{
    jl_value_t *t = jl_typeof(f);
    if (!jl_is_datatype(t) || ((jl_datatype_t *)t)->name->mt == NULL)
        return NULL;
    return ((jl_datatype_t *)t)->name->mt->builtin;
}

/* The C entry point of a builtin: its exported symbol when generating an image, else its address. */
static LLVMValueRef builtin_callee(jl_codectx_t *ctx, jl_value_t *f, jl_fptr_args_t fptr, LLVMTypeRef fty)
{
    if (jl_generating_output()) {
        Dl_info info;
        if (dladdr((void *)fptr, &info) && info.dli_sname && info.dli_saddr == (void *)fptr)
            return get_function(ctx, info.dli_sname, fty);
        /* not exported: load it from the method table at run time */
        LLVMValueRef mt = jl_cg_literal(ctx, (jl_value_t *)((jl_datatype_t *)jl_typeof(f))->name->mt);
        return LLVMBuildLoad2(ctx->B, T_ptr, gep_bytes(ctx, mt, offsetof(jl_methtable_t, builtin)), "");
    }
    return LLVMConstIntToPtr(LLVMConstInt(T_i64, (uintptr_t)fptr, 0), T_ptr);
}

static LLVMTypeRef fptr_args_type(void)
{
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_i32};
    return LLVMFunctionType(T_ptr, params, 3, 0);
}

static jl_cgval_t emit_builtin_call(jl_codectx_t *ctx, jl_value_t *f, jl_fptr_args_t fptr, jl_cgval_t *args,
                                    size_t nargs)
{
    ctx->has_calls = 1;
    LLVMTypeRef fty = fptr_args_type();
    LLVMValueRef callee = builtin_callee(ctx, f, fptr, fty);
    LLVMValueRef cargs[3] = {jl_cg_literal(ctx, f), jl_cg_boxed_args(ctx, args, nargs),
                             LLVMConstInt(T_i32, nargs, 0)};
    return jl_cg_boxed(LLVMBuildCall2(ctx->B, fty, callee, cargs, 3, ""), NULL);
}

static jl_cgval_t emit_egal(jl_codectx_t *ctx, jl_cgval_t a, jl_cgval_t b)
{
    if (a.constant && b.constant)
        return const_bool(jl_egal(a.constant, b.constant));
    /* a union value against a singleton: compare the type index */
    for (int k = 0; k < 2; k++) {
        jl_cgval_t x = k ? b : a, y = k ? a : b;
        jl_value_t *yt = y.constant ? jl_typeof(y.constant) : y.typ;
        if (!is_union_val(x) || !jl_is_concrete_type(yt) || jl_datatype_size(yt) != 0 ||
            ((jl_datatype_t *)yt)->instance == NULL)
            continue;
        int idx = union_index(x.typ, yt);
        if (idx == 0)
            return const_bool(0);
        return bool_value(LLVMBuildICmp(ctx->B, LLVMIntEQ, union_tindex(ctx, x), LLVMConstInt(T_i8, (uint64_t)idx, 0), ""),
                          ctx->B);
    }
    jl_value_t *ta = a.typ, *tb = b.typ;
    if (jl_is_concrete_type(ta) && jl_is_concrete_type(tb) && ta != tb)
        return const_bool(0);
    if (ta == tb && jl_is_primitivetype(ta) && is_concrete_bits(ta)) {
        LLVMValueRef x = jl_cg_unbox(ctx, a, ta), y = jl_cg_unbox(ctx, b, tb);
        LLVMTypeRef it = LLVMIntTypeInContext(C, (unsigned)jl_datatype_size(ta) * 8);
        if (LLVMTypeOf(x) != it) {
            x = LLVMBuildBitCast(ctx->B, x, it, "");
            y = LLVMBuildBitCast(ctx->B, y, it, "");
        }
        return bool_value(LLVMBuildICmp(ctx->B, LLVMIntEQ, x, y, ""), ctx->B);
    }
    /* a bits value against a boxed value of unknown type: compare the type tag, then the bits */
    for (int k = 0; k < 2; k++) {
        jl_cgval_t x = k ? b : a, y = k ? a : b;
        if (!(jl_is_primitivetype(x.typ) && is_concrete_bits(x.typ)) || !y.isboxed || jl_is_concrete_type(y.typ))
            continue;
        LLVMValueRef xv = jl_cg_unbox(ctx, x, x.typ);
        LLVMValueRef same = LLVMBuildICmp(ctx->B, LLVMIntEQ, emit_typeof_boxed(ctx, y.V), jl_cg_literal(ctx, x.typ), "");
        LLVMBasicBlockRef from = LLVMGetInsertBlock(ctx->B);
        LLVMBasicBlockRef cmp = jl_cg_new_block(ctx, "egal_bits"), join = jl_cg_new_block(ctx, "egal");
        LLVMBuildCondBr(ctx->B, same, cmp, join);
        jl_cg_set_block(ctx, cmp);
        LLVMValueRef yv = load_bits(ctx, y.V, (jl_datatype_t *)x.typ, JL_TBAA_IMMUT);
        LLVMTypeRef it = LLVMIntTypeInContext(C, (unsigned)jl_datatype_size(x.typ) * 8);
        LLVMValueRef eq = LLVMBuildICmp(ctx->B, LLVMIntEQ, LLVMTypeOf(xv) == it ? xv : LLVMBuildBitCast(ctx->B, xv, it, ""),
                                        LLVMTypeOf(yv) == it ? yv : LLVMBuildBitCast(ctx->B, yv, it, ""), "");
        LLVMBasicBlockRef cmp_end = LLVMGetInsertBlock(ctx->B);
        LLVMBuildBr(ctx->B, join);
        jl_cg_set_block(ctx, join);
        LLVMValueRef phi = LLVMBuildPhi(ctx->B, T_i1, "");
        LLVMValueRef vals[2] = {LLVMConstInt(T_i1, 0, 0), eq};
        LLVMBasicBlockRef bbs[2] = {from, cmp_end};
        LLVMAddIncoming(phi, vals, bbs, 2);
        return bool_value(phi, ctx->B);
    }
    /* singletons and mutable objects compare by address */
    jl_value_t *ghost = NULL;
    int a_single = jl_type_rep(ta, NULL, &ghost) == JL_REP_GHOST && jl_is_concrete_type(ta);
    int b_single = jl_type_rep(tb, NULL, &ghost) == JL_REP_GHOST && jl_is_concrete_type(tb);
    int a_ident = jl_is_concrete_type(ta) && (jl_is_mutable(ta) || ta == (jl_value_t *)jl_symbol_type ||
                                              ta == (jl_value_t *)jl_module_type);
    int b_ident = jl_is_concrete_type(tb) && (jl_is_mutable(tb) || tb == (jl_value_t *)jl_symbol_type ||
                                              tb == (jl_value_t *)jl_module_type);
    if (a_single || b_single || a_ident || b_ident) {
        LLVMValueRef x = jl_cg_box(ctx, a), y = jl_cg_box(ctx, b);
        return bool_value(LLVMBuildICmp(ctx->B, LLVMIntEQ, x, y, ""), ctx->B);
    }
    LLVMValueRef args[2] = {jl_cg_box(ctx, a), jl_cg_box(ctx, b)};
    LLVMTypeRef params[2] = {T_ptr, T_ptr};
    LLVMValueRef r = jl_cg_rtcall(ctx, "jl_egal", T_i32, params, 2, args, 0);
    return bool_value(LLVMBuildICmp(ctx->B, LLVMIntNE, r, LLVMConstInt(T_i32, 0, 0), ""), ctx->B);
}

static jl_cgval_t emit_typeof(jl_codectx_t *ctx, jl_cgval_t x)
{
    if (x.constant)
        return jl_cg_const(jl_typeof(x.constant));
    if (jl_is_concrete_type(x.typ))
        return jl_cg_const(x.typ);
    if (is_union_val(x)) {
        jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
        size_t sz, n = union_layout(x.typ, comps, &sz);
        LLVMValueRef tidx = union_tindex(ctx, x), t = jl_cg_literal(ctx, comps[0]);
        for (size_t i = 1; i < n; i++) {
            LLVMValueRef is = LLVMBuildICmp(ctx->B, LLVMIntEQ, tidx, LLVMConstInt(T_i8, i + 1, 0), "");
            t = LLVMBuildSelect(ctx->B, is, jl_cg_literal(ctx, comps[i]), t, "");
        }
        return jl_cg_boxed(t, (jl_value_t *)jl_datatype_type);
    }
    return jl_cg_boxed(emit_typeof_boxed(ctx, jl_cg_box(ctx, x)), (jl_value_t *)jl_datatype_type);
}

static int emit_isa_inline(jl_codectx_t *ctx, jl_cgval_t x, jl_value_t *T, jl_cgval_t *r)
{
    if (!jl_is_type(T) || jl_has_free_typevars(T))
        return 0;
    if (x.constant) {
        *r = const_bool(jl_isa(x.constant, T));
        return 1;
    }
    if (cg_subtype(x.typ, T)) {
        *r = const_bool(1);
        return 1;
    }
    if (is_union_val(x)) {   /* which components are T */
        jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
        size_t sz, n = union_layout(x.typ, comps, &sz);
        LLVMValueRef tidx = union_tindex(ctx, x), acc = LLVMConstInt(T_i1, 0, 0);
        for (size_t i = 0; i < n; i++)
            if (jl_subtype(comps[i], T))
                acc = LLVMBuildOr(ctx->B, acc, LLVMBuildICmp(ctx->B, LLVMIntEQ, tidx, LLVMConstInt(T_i8, i + 1, 0), ""), "");
        *r = bool_value(acc, ctx->B);
        return 1;
    }
    if (jl_is_concrete_type(x.typ) && !jl_is_type_type(T) && !jl_is_kind(x.typ)) {
        *r = const_bool(0);
        return 1;
    }
    if (jl_is_concrete_type(T) && !jl_is_type_type(T)) {
        LLVMValueRef eq = LLVMBuildICmp(ctx->B, LLVMIntEQ, emit_typeof_boxed(ctx, jl_cg_box(ctx, x)),
                                        jl_cg_literal(ctx, T), "");
        *r = bool_value(eq, ctx->B);
        return 1;
    }
    LLVMValueRef args[2] = {jl_cg_box(ctx, x), jl_cg_literal(ctx, T)};
    LLVMTypeRef params[2] = {T_ptr, T_ptr};
    LLVMValueRef c = jl_cg_rtcall(ctx, "jl_isa", T_i32, params, 2, args, 0);
    *r = bool_value(LLVMBuildICmp(ctx->B, LLVMIntNE, c, LLVMConstInt(T_i32, 0, 0), ""), ctx->B);
    return 1;
}

static int field_index_of(jl_datatype_t *dt, jl_cgval_t fld)
{
    if (fld.constant == NULL)
        return -1;
    size_t nf = dt->layout->nfields;
    if (jl_is_long(fld.constant)) {
        int64_t i = jl_unbox_long(fld.constant);
        return i >= 1 && (size_t)i <= nf ? (int)(i - 1) : -1;
    }
    if (jl_is_symbol(fld.constant) && !jl_is_tuple_type(dt))
        return jl_field_index(dt, (jl_sym_t *)fld.constant, 0);
    return -1;
}

static int emit_getfield_inline(jl_codectx_t *ctx, jl_cgval_t x, jl_cgval_t fld, jl_cgval_t *r);

/* getfield of a union value: when exactly one component has that field, check the type index (the
 * builtin raises the error otherwise) and read the field of that component */
static int emit_union_getfield(jl_codectx_t *ctx, jl_cgval_t x, jl_cgval_t fld, jl_cgval_t *r)
{
    jl_value_t *comps[JL_MAX_UNION_COMPONENTS];
    size_t sz, n = union_layout(x.typ, comps, &sz);
    int which = -1;
    for (size_t i = 0; i < n; i++) {
        jl_datatype_t *dt = (jl_datatype_t *)comps[i];
        if (dt->layout->nfields == 0 || dt->types == NULL)
            continue;
        if (field_index_of(dt, fld) < 0 || which >= 0)
            return 0;
        which = (int)i;
    }
    if (which < 0)
        return 0;
    LLVMValueRef bad = LLVMBuildICmp(ctx->B, LLVMIntNE, union_tindex(ctx, x), LLVMConstInt(T_i8, (uint64_t)which + 1, 0), "");
    LLVMBasicBlockRef fail = jl_cg_new_block(ctx, "nofield"), ok = jl_cg_new_block(ctx, "hasfield");
    LLVMBuildCondBr(ctx->B, bad, fail, ok);
    jl_cg_set_block(ctx, fail);
    jl_value_t *gf = core_value("getfield");
    jl_cgval_t bargs[2] = {x, fld};
    emit_builtin_call(ctx, gf, builtin_fptr_of(gf), bargs, 2);   /* throws */
    LLVMBuildUnreachable(ctx->B);
    jl_cg_set_block(ctx, ok);
    return emit_getfield_inline(ctx, union_extract(ctx, x, comps[which]), fld, r);
}

static int emit_getfield_inline(jl_codectx_t *ctx, jl_cgval_t x, jl_cgval_t fld, jl_cgval_t *r)
{
    if (is_union_val(x))
        return emit_union_getfield(ctx, x, fld, r);
    jl_datatype_t *dt = (jl_datatype_t *)x.typ;
    if (!jl_is_concrete_type(x.typ) || dt->layout == NULL || dt->types == NULL ||
        x.typ == (jl_value_t *)jl_module_type || jl_is_array_type(x.typ) || dt->layout->nfields == 0)
        return 0;
    if (x.typ == (jl_value_t *)jl_symbol_type || x.typ == (jl_value_t *)jl_string_type ||
        x.typ == (jl_value_t *)jl_simplevector_type)
        return 0;
    int idx = field_index_of(dt, fld);
    if (idx < 0)
        return 0;
    jl_value_t *ft = jl_field_type(dt, idx);
    if (x.constant && !jl_is_mutable(dt)) {
        jl_value_t *v = jl_get_nth_field(x.constant, (size_t)idx);
        if (v == NULL)
            return 0;
        root(ctx, v);
        *r = jl_cg_const(v);
        return 1;
    }
    jl_value_t *ghost;
    int frep = jl_type_rep(ft, NULL, &ghost);
    if (!x.isboxed && !x.constant) {
        if (frep == JL_REP_GHOST) {
            *r = jl_cg_const(ghost);
            return 1;
        }
        *r = jl_cg_unboxed(LLVMBuildExtractValue(ctx->B, x.V, (unsigned)idx, ""), ft);
        return 1;
    }
    LLVMValueRef base = jl_cg_box(ctx, x);
    LLVMValueRef p = gep_bytes(ctx, base, jl_field_offset(dt, idx));
    int ftbaa = jl_is_mutable(dt) ? JL_TBAA_MUT : JL_TBAA_IMMUT;
    if (jl_field_isptr(dt, idx)) {
        LLVMValueRef v = tload(ctx->B, T_ptr, p, ftbaa);
        size_t ninit = dt->layout->nfields - (size_t)dt->name->n_uninitialized;
        if ((size_t)idx >= ninit)
            jl_cg_error_block(ctx, LLVMBuildIsNull(ctx->B, v, ""), "jl_undefref_error", NULL, 0, NULL);
        *r = ghost_or_boxed(ctx, v, ft);
        return 1;
    }
    if (frep == JL_REP_GHOST) {
        *r = jl_cg_const(ghost);
        return 1;
    }
    if (frep != JL_REP_UNBOXED)
        return 0;
    *r = jl_cg_unboxed(load_bits(ctx, p, (jl_datatype_t *)ft, ftbaa), ft);
    return 1;
}

static jl_cgval_t emit_tuple(jl_codectx_t *ctx, jl_cgval_t *args, size_t n)
{
    jl_value_t **types = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    size_t nconst = 0;
    for (size_t i = 0; i < n; i++)
        if (args[i].constant)
            types[nconst++] = args[i].constant;
    if (nconst == n) {   /* a tuple of constants is a constant */
        jl_value_t *t = jl_tuplev(n, types);
        root(ctx, t);
        return jl_cg_const(t);
    }
    int allconcrete = 1;
    for (size_t i = 0; i < n; i++) {
        types[i] = args[i].typ;
        if (!jl_is_concrete_type(types[i]) || jl_is_kind(types[i]))
            allconcrete = 0;
    }
    if (allconcrete) {
        jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(types, n);
        root(ctx, tt);
        jl_value_t *ghost;
        int rep = jl_type_rep(tt, NULL, &ghost);
        if (rep == JL_REP_GHOST)
            return jl_cg_const(ghost);
        if (rep == JL_REP_UNBOXED) {
            LLVMTypeRef lt = jl_julia_type_to_llvm(tt);
            LLVMValueRef agg = LLVMGetUndef(lt);
            for (size_t i = 0; i < n; i++) {
                LLVMValueRef fv = jl_datatype_size(types[i]) == 0 ? empty_struct() : jl_cg_unbox(ctx, args[i], types[i]);
                agg = LLVMBuildInsertValue(ctx->B, agg, fv, (unsigned)i, "");
            }
            return jl_cg_unboxed(agg, tt);
        }
        LLVMValueRef cargs[2] = {LLVMConstInt(T_i64, n, 0), jl_cg_boxed_args(ctx, args, n)};
        LLVMTypeRef params[2] = {T_i64, T_ptr};
        return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_tuplev", T_ptr, params, 2, cargs, 0), tt);
    }
    LLVMValueRef cargs[2] = {LLVMConstInt(T_i64, n, 0), jl_cg_boxed_args(ctx, args, n)};
    LLVMTypeRef params[2] = {T_i64, T_ptr};
    return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_tuplev", T_ptr, params, 2, cargs, 0), (jl_value_t *)jl_anytuple_type);
}

/* Arrays: Array{T,N} whose element type is known. Elements are inline iff T is a concrete bits type. */
static jl_value_t *array_eltype(jl_value_t *at)
{
    if (!jl_is_array_type(at))
        return NULL;
    jl_value_t *T = jl_tparam0(at);
    return jl_is_typevar(T) || jl_has_free_typevars(T) ? NULL : T;
}

static LLVMValueRef load_field_i64(jl_codectx_t *ctx, LLVMValueRef p, size_t off)
{
    return tload(ctx->B, T_i64, gep_bytes(ctx, p, (int64_t)off), JL_TBAA_ARRAYHDR);
}

/* 0-based linear element index of A[i1, ..., in] (Int indices; n == 1 or n == ndims), with a bounds check
 * unless `bc` is the constant false. BoundsError(A, (i1, ..., in)) like the builtin. */
static LLVMValueRef emit_array_index(jl_codectx_t *ctx, LLVMValueRef a, jl_cgval_t bc, jl_cgval_t *idx, size_t n)
{
    LLVMValueRef *iv = (LLVMValueRef *)alloca(n * sizeof(LLVMValueRef));
    LLVMValueRef lin = NULL, stride = NULL, bad = NULL;
    for (size_t k = 0; k < n; k++) {
        iv[k] = jl_cg_unbox(ctx, idx[k], (jl_value_t *)jl_int64_type);
        LLVMValueRef i0 = LLVMBuildSub(ctx->B, iv[k], LLVMConstInt(T_i64, 1, 0), "");
        LLVMValueRef d = n == 1 ? load_field_i64(ctx, a, offsetof(jl_array_t, length))
                                : load_field_i64(ctx, a, offsetof(jl_array_t, dims) + k * sizeof(size_t));
        LLVMValueRef b = LLVMBuildICmp(ctx->B, LLVMIntUGE, i0, d, "");
        bad = bad ? LLVMBuildOr(ctx->B, bad, b, "") : b;
        lin = lin ? LLVMBuildAdd(ctx->B, lin, LLVMBuildMul(ctx->B, i0, stride, ""), "") : i0;
        stride = stride ? LLVMBuildMul(ctx->B, stride, d, "") : d;
    }
    if (bc.constant == jl_false)
        return lin;
    LLVMBasicBlockRef fail = jl_cg_new_block(ctx, "oob"), cont = jl_cg_new_block(ctx, "inbounds");
    LLVMBuildCondBr(ctx->B, bad, fail, cont);
    jl_cg_set_block(ctx, fail);
    LLVMValueRef slot = emit_alloca(ctx, LLVMArrayType2(T_i64, n), "idx");
    for (size_t k = 0; k < n; k++) {
        LLVMValueRef kk = LLVMConstInt(T_i64, k, 0);
        LLVMBuildStore(ctx->B, iv[k], LLVMBuildInBoundsGEP2(ctx->B, T_i64, slot, &kk, 1, ""));
    }
    LLVMValueRef args[3] = {a, slot, LLVMConstInt(T_i64, n, 0)};
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_i64};
    jl_cg_rtcall(ctx, "jl_bounds_error_ints", T_void, params, 3, args, 1);
    jl_cg_set_block(ctx, cont);
    return lin;
}

/* the index arguments are Ints, one or as many as the array's (known) dimensions */
static int array_indices_ok(jl_value_t *at, jl_cgval_t *idx, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (idx[k].typ != (jl_value_t *)jl_int64_type)
            return 0;
    if (n == 1)
        return 1;
    jl_value_t *N = jl_tparam(at, 1);
    return jl_is_long(N) && (size_t)jl_unbox_long(N) == n;
}

static int emit_arrayref(jl_codectx_t *ctx, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    jl_value_t *T = nargs >= 3 ? array_eltype(args[1].typ) : NULL;
    if (T == NULL || !array_indices_ok(args[1].typ, args + 2, nargs - 2))
        return 0;
    jl_value_t *ghost;
    int rep = jl_type_rep(T, NULL, &ghost);
    int inl = jl_isbits(T);
    if (inl && rep != JL_REP_UNBOXED && rep != JL_REP_GHOST)
        return 0;
    LLVMValueRef a = jl_cg_box(ctx, args[1]);
    LLVMValueRef i0 = emit_array_index(ctx, a, args[0], args + 2, nargs - 2);
    if (inl && rep == JL_REP_GHOST) {
        *r = jl_cg_const(ghost);
        return 1;
    }
    LLVMValueRef data = tload(ctx->B, T_ptr, gep_bytes(ctx, a, offsetof(jl_array_t, data)), JL_TBAA_ARRAYHDR);
    if (inl) {
        LLVMValueRef off = LLVMBuildMul(ctx->B, i0, LLVMConstInt(T_i64, (uint64_t)jl_datatype_size(T), 0), "");
        LLVMValueRef p = LLVMBuildInBoundsGEP2(ctx->B, T_i8, data, &off, 1, "");
        *r = jl_cg_unboxed(load_bits(ctx, p, (jl_datatype_t *)T, JL_TBAA_ARRAYBUF), T);
        return 1;
    }
    LLVMValueRef p = LLVMBuildInBoundsGEP2(ctx->B, T_ptr, data, &i0, 1, "");
    LLVMValueRef v = tload(ctx->B, T_ptr, p, JL_TBAA_ARRAYBUF);
    jl_cg_error_block(ctx, LLVMBuildIsNull(ctx->B, v, ""), "jl_undefref_error", NULL, 0, NULL);
    *r = ghost_or_boxed(ctx, v, T);
    return 1;
}

static int emit_arrayset(jl_codectx_t *ctx, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    jl_value_t *T = nargs >= 4 ? array_eltype(args[1].typ) : NULL;
    if (T == NULL || !array_indices_ok(args[1].typ, args + 3, nargs - 3))
        return 0;
    jl_cgval_t x = args[2];
    jl_value_t *xt = x.constant ? jl_typeof(x.constant) : x.typ;
    if (!cg_subtype(xt, T))
        return 0;   /* the builtin checks the element type */
    int inl = jl_isbits(T);
    int rep = jl_type_rep(T, NULL, NULL);
    if (inl && rep != JL_REP_UNBOXED && rep != JL_REP_GHOST)
        return 0;
    LLVMValueRef a = jl_cg_box(ctx, args[1]);
    LLVMValueRef i0 = emit_array_index(ctx, a, args[0], args + 3, nargs - 3);
    if (!(inl && rep == JL_REP_GHOST)) {
        LLVMValueRef data = tload(ctx->B, T_ptr, gep_bytes(ctx, a, offsetof(jl_array_t, data)), JL_TBAA_ARRAYHDR);
        if (inl) {
            LLVMValueRef off = LLVMBuildMul(ctx->B, i0, LLVMConstInt(T_i64, (uint64_t)jl_datatype_size(T), 0), "");
            LLVMValueRef p = LLVMBuildInBoundsGEP2(ctx->B, T_i8, data, &off, 1, "");
            store_bits(ctx, p, jl_cg_unbox(ctx, x, T), (jl_datatype_t *)T, JL_TBAA_ARRAYBUF);
        }
        else {
            LLVMValueRef p = LLVMBuildInBoundsGEP2(ctx->B, T_ptr, data, &i0, 1, "");
            tstore(ctx->B, jl_cg_box(ctx, x), p, JL_TBAA_ARRAYBUF);
        }
    }
    *r = args[1];
    return 1;
}

static int emit_arraysize(jl_codectx_t *ctx, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    if (nargs != 2 || !jl_is_array_type(args[0].typ) || args[1].constant == NULL || !jl_is_long(args[1].constant))
        return 0;
    jl_value_t *N = jl_tparam(args[0].typ, 1);
    int64_t d = jl_unbox_long(args[1].constant);
    if (!jl_is_long(N) || d < 1)
        return 0;
    if (d > jl_unbox_long(N)) {
        *r = jl_cg_const(jl_box_long(1));
        return 1;
    }
    LLVMValueRef a = jl_cg_box(ctx, args[0]);
    *r = jl_cg_unboxed(load_field_i64(ctx, a, offsetof(jl_array_t, dims) + (size_t)(d - 1) * sizeof(size_t)),
                       (jl_value_t *)jl_int64_type);
    return 1;
}

/* setfield!(x, f, v) on a mutable struct of known type, a known non-const field and a value of the field's type */
static int emit_setfield(jl_codectx_t *ctx, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    if (nargs != 3)
        return 0;
    jl_datatype_t *dt = (jl_datatype_t *)args[0].typ;
    if (!jl_is_concrete_type(args[0].typ) || !dt->name->mutabl || dt->layout == NULL || dt->types == NULL ||
        jl_is_array_type(dt) || dt->layout->nfields == 0 || dt == jl_module_type)
        return 0;
    int idx = field_index_of(dt, args[1]);
    if (idx < 0 || (idx < 32 && ((dt->name->constfields >> idx) & 1)))
        return 0;
    jl_value_t *ft = jl_field_type(dt, idx);
    jl_cgval_t v = args[2];
    jl_value_t *vt = v.constant ? jl_typeof(v.constant) : v.typ;
    if (!cg_subtype(vt, ft))
        return 0;
    LLVMValueRef base = jl_cg_box(ctx, args[0]);
    LLVMValueRef p = gep_bytes(ctx, base, jl_field_offset(dt, idx));
    if (jl_field_isptr(dt, idx))
        tstore(ctx->B, jl_cg_box(ctx, v), p, JL_TBAA_MUT);
    else if (jl_datatype_size(ft) > 0)
        store_bits(ctx, p, jl_cg_unbox(ctx, v, ft), (jl_datatype_t *)ft, JL_TBAA_MUT);
    *r = v;
    return 1;
}

/* getfield(t, i) on a tuple of identical bits fields with a run-time index */
static int emit_tuple_index(jl_codectx_t *ctx, jl_cgval_t x, jl_cgval_t idx, jl_cgval_t *r)
{
    jl_datatype_t *dt = (jl_datatype_t *)x.typ;
    if (!jl_is_tuple_type(x.typ) || !dt->isconcretetype || dt->layout == NULL || idx.typ != (jl_value_t *)jl_int64_type)
        return 0;
    size_t n = dt->layout->nfields;
    if (n == 0)
        return 0;
    jl_value_t *T = jl_field_type(dt, 0);
    for (size_t k = 1; k < n; k++)
        if (jl_field_type(dt, k) != T)
            return 0;
    if (jl_type_rep(T, NULL, NULL) != JL_REP_UNBOXED)
        return 0;
    LLVMValueRef i = jl_cg_unbox(ctx, idx, (jl_value_t *)jl_int64_type);
    LLVMValueRef i0 = LLVMBuildSub(ctx->B, i, LLVMConstInt(T_i64, 1, 0), "");
    LLVMValueRef base;
    if (x.isboxed || x.constant) {
        base = jl_cg_box(ctx, x);
    }
    else {
        base = emit_alloca(ctx, jl_julia_type_to_llvm(x.typ), "tup");
        store_bits(ctx, base, x.V, dt, JL_TBAA_NONE);
    }
    LLVMValueRef bad = LLVMBuildICmp(ctx->B, LLVMIntUGE, i0, LLVMConstInt(T_i64, n, 0), "");
    LLVMBasicBlockRef fail = jl_cg_new_block(ctx, "oob"), cont = jl_cg_new_block(ctx, "inbounds");
    LLVMBuildCondBr(ctx->B, bad, fail, cont);
    jl_cg_set_block(ctx, fail);
    LLVMValueRef eargs[2] = {jl_cg_box(ctx, x), i};
    LLVMTypeRef params[2] = {T_ptr, T_i64};
    jl_cg_rtcall(ctx, "jl_bounds_error_int", T_void, params, 2, eargs, 1);
    jl_cg_set_block(ctx, cont);
    uint64_t elsz = n > 1 ? jl_field_offset(dt, 1) - jl_field_offset(dt, 0) : 0;
    LLVMValueRef off = LLVMBuildMul(ctx->B, i0, LLVMConstInt(T_i64, elsz, 0), "");
    LLVMValueRef p = LLVMBuildInBoundsGEP2(ctx->B, T_i8, base, &off, 1, "");
    *r = jl_cg_unboxed(load_bits(ctx, p, (jl_datatype_t *)T, (x.isboxed || x.constant) ? JL_TBAA_IMMUT : JL_TBAA_NONE), T);
    return 1;
}

/* Known builtins emitted inline; returns 0 to call the builtin's C function instead. */
static int emit_builtin_inline(jl_codectx_t *ctx, int which, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    switch (which) {
    case B_EGAL:
        if (nargs != 2)
            return 0;
        *r = emit_egal(ctx, args[0], args[1]);
        return 1;
    case B_TYPEOF:
        if (nargs != 1)
            return 0;
        *r = emit_typeof(ctx, args[0]);
        return 1;
    case B_ISA:
        if (nargs != 2 || args[1].constant == NULL)
            return 0;
        return emit_isa_inline(ctx, args[0], args[1].constant, r);
    case B_TYPEASSERT: {
        if (nargs != 2 || args[1].constant == NULL || !jl_is_type(args[1].constant) ||
            jl_has_free_typevars(args[1].constant))
            return 0;
        jl_value_t *T = args[1].constant;
        if (args[0].constant ? jl_isa(args[0].constant, T) : cg_subtype(args[0].typ, T)) {
            *r = args[0];
            return 1;
        }
        if (jl_is_concrete_type(T) && !jl_is_type_type(T)) {
            LLVMValueRef b = jl_cg_box(ctx, args[0]);
            emit_typecheck_concrete(ctx, b, T, "typeassert");
            *r = narrow(ctx, jl_cg_boxed(b, NULL), T);
            return 1;
        }
        return 0;
    }
    case B_GETGLOBAL:
    case B_GETFIELD:
        if (nargs < 2 || nargs > 3)
            return 0;
        if (args[0].constant && jl_is_module(args[0].constant) && args[1].constant && jl_is_symbol(args[1].constant)) {
            *r = emit_globalref(ctx, (jl_module_t *)args[0].constant, (jl_sym_t *)args[1].constant);
            return 1;
        }
        if (which == B_GETGLOBAL)
            return 0;
        if (!args[1].constant)
            return emit_tuple_index(ctx, args[0], args[1], r);
        return emit_getfield_inline(ctx, args[0], args[1], r);
    case B_ARRAYREF:
    case B_CONST_ARRAYREF:
        return emit_arrayref(ctx, args, nargs, r);
    case B_ARRAYSET:
        return emit_arrayset(ctx, args, nargs, r);
    case B_ARRAYSIZE:
        return emit_arraysize(ctx, args, nargs, r);
    case B_SETFIELD:
        return emit_setfield(ctx, args, nargs, r);
    case B_TUPLE:
        *r = emit_tuple(ctx, args, nargs);
        return 1;
    case B_IFELSE: {
        if (nargs != 3 || args[0].typ != (jl_value_t *)jl_bool_type)
            return 0;
        LLVMValueRef c = emit_condition(ctx, args[0], "ifelse");
        if (args[1].typ == args[2].typ && is_concrete_bits(args[1].typ)) {
            LLVMValueRef x = jl_cg_unbox(ctx, args[1], args[1].typ), y = jl_cg_unbox(ctx, args[2], args[2].typ);
            *r = jl_cg_unboxed(LLVMBuildSelect(ctx->B, c, x, y, ""), args[1].typ);
            return 1;
        }
        LLVMValueRef x = jl_cg_box(ctx, args[1]), y = jl_cg_box(ctx, args[2]);
        jl_value_t *t = args[1].typ == args[2].typ ? args[1].typ : (jl_value_t *)jl_any_type;
        *r = jl_cg_boxed(LLVMBuildSelect(ctx->B, c, x, y, ""), t);
        return 1;
    }
    case B_NFIELDS:
        if (nargs != 1 || !jl_is_concrete_type(args[0].typ) || ((jl_datatype_t *)args[0].typ)->layout == NULL ||
            jl_is_array_type(args[0].typ) || args[0].typ == (jl_value_t *)jl_simplevector_type ||
            args[0].typ == (jl_value_t *)jl_string_type || args[0].typ == (jl_value_t *)jl_symbol_type)
            return 0;
        *r = jl_cg_const(jl_box_long((int64_t)jl_datatype_nfields(args[0].typ)));
        root(ctx, r->constant);
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls */

static jl_cgval_t emit_generic_call(jl_codectx_t *ctx, jl_cgval_t f, jl_cgval_t *args, size_t nargs)
{
    ctx->has_calls = 1;   /* may run Julia code: recursion needs the stack check */
    LLVMValueRef cargs[3] = {jl_cg_box(ctx, f), jl_cg_boxed_args(ctx, args, nargs), LLVMConstInt(T_i32, nargs, 0)};
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_i32};
    const char *fn = "jl_apply_generic";
    if (!f.constant || builtin_fptr_of(f.constant) || jl_typeof(f.constant) == (jl_value_t *)jl_intrinsic_type)
        fn = "jl_call";
    return jl_cg_boxed(jl_cg_rtcall(ctx, fn, T_ptr, params, 3, cargs, 0), NULL);
}

static jl_cgval_t emit_intrinsic_call(jl_codectx_t *ctx, int id, jl_cgval_t *args, size_t nargs)
{
    jl_cgval_t r;
    if (id >= 0 && id < jl_num_intrinsics && (int)nargs == jl_intrinsic_nargs[id] &&
        jl_emit_intrinsic(ctx, id, args, nargs, &r))
        return r;
    if (ctx->failed)
        return const_nothing();
    LLVMValueRef cargs[3] = {LLVMConstInt(T_i32, (uint64_t)id, 0), jl_cg_boxed_args(ctx, args, nargs),
                             LLVMConstInt(T_i32, nargs, 0)};
    LLVMTypeRef params[3] = {T_i32, T_ptr, T_i32};
    return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_interp_intrinsic", T_ptr, params, 3, cargs, 0), NULL);
}

static jl_cgval_t emit_call_resolved(jl_codectx_t *ctx, jl_cgval_t f, jl_cgval_t *args, size_t nargs);

static jl_cgval_t emit_call(jl_codectx_t *ctx, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    if (n == 0) {
        jl_cg_fail(ctx, "empty call");
        return const_nothing();
    }
    jl_cgval_t f = emit_value(ctx, jl_exprarg(ex, 0));
    jl_cgval_t *args = (jl_cgval_t *)alloca(n * sizeof(jl_cgval_t));
    for (size_t i = 1; i < n; i++)
        args[i - 1] = emit_value(ctx, jl_exprarg(ex, i));
    if (ctx->failed)
        return const_nothing();
    return emit_call_resolved(ctx, f, args, n - 1);
}

static int in_progress(jl_method_instance_t *mi, jl_codectx_t **which)
{
    for (jl_codectx_t *c = compiling; c; c = c->outer) {
        if (c->mi == mi) {
            *which = c;
            return 1;
        }
    }
    return 0;
}

static void note_callee(jl_codectx_t *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->ncallees; i++)
        if (strcmp(ctx->callees[i], name) == 0)
            return;
    if (ctx->ncallees == ctx->callees_cap) {
        ctx->callees_cap = ctx->callees_cap ? 2 * ctx->callees_cap : 8;
        ctx->callees = (char **)realloc(ctx->callees, ctx->callees_cap * sizeof(char *));
    }
    ctx->callees[ctx->ncallees++] = strdup(name);
}

/* Arguments of a worker call, converted to the callee's representation. */
static LLVMValueRef *worker_call_args(jl_codectx_t *ctx, jl_cgsig_t *sig, jl_cgval_t *args, size_t nargs,
                                      unsigned *np)
{
    LLVMValueRef *out = (LLVMValueRef *)calloc((size_t)sig->nargs + 1, sizeof(LLVMValueRef));
    *np = 0;
    for (int i = 0; i < sig->nargs; i++) {
        jl_cgval_t v;
        if (sig->isva && i == sig->nargs - 1) {
            size_t nva = nargs - (size_t)i;
            v = emit_tuple(ctx, args + i, nva);
        }
        else {
            v = args[i];
        }
        if (sig->argparam[i] < 0)
            continue;
        out[(*np)++] = convert_to_rep(ctx, v, sig->argtypes[i], sig->argrep[i]);
    }
    return out;
}

static jl_cgval_t worker_result(jl_codectx_t *ctx, jl_cgsig_t *sig, LLVMValueRef call)
{
    switch (sig->retrep) {
    case JL_REP_UNBOXED:
    case JL_REP_UNION:
        return jl_cg_unboxed(call, sig->rettype);
    case JL_REP_GHOST:
        return jl_cg_const(sig->retghost);
    case JL_REP_BOTTOM:
        LLVMBuildUnreachable(ctx->B);
        start_dead_block(ctx);
        return const_nothing();
    default:
        return jl_cg_boxed(call, sig->rettype);
    }
}

static jl_cgval_t emit_jl_invoke(jl_codectx_t *ctx, jl_method_instance_t *mi, jl_cgval_t *args, size_t nargs)
{
    LLVMValueRef cargs[4] = {jl_cg_box(ctx, args[0]), LLVMConstNull(T_ptr), LLVMConstInt(T_i32, nargs - 1, 0),
                             jl_cg_literal(ctx, (jl_value_t *)mi)};
    if (nargs > 1) {
        LLVMValueRef buf = jl_cg_boxed_args(ctx, args + 1, nargs - 1);
        cargs[1] = buf;
    }
    LLVMTypeRef params[4] = {T_ptr, T_ptr, T_i32, T_ptr};
    return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_invoke", T_ptr, params, 4, cargs, 0), NULL);
}

/* Indirect call through ci->specptr, read at run time (mutual recursion, image code); when it is
 * still NULL (the callee's compile failed) go through jl_invoke. */
static jl_cgval_t emit_specptr_call(jl_codectx_t *ctx, jl_code_instance_t *ci, jl_cgsig_t *sig,
                                    jl_cgval_t *args, size_t nargs, int guard)
{
    unsigned np;
    LLVMValueRef *cargs = worker_call_args(ctx, sig, args, nargs, &np);
    LLVMValueRef cip = jl_cg_literal(ctx, (jl_value_t *)ci);
    LLVMValueRef fp = LLVMBuildLoad2(ctx->B, T_ptr, gep_bytes(ctx, cip, offsetof(jl_code_instance_t, specptr)), "");
    if (!guard) {
        jl_cgval_t r = worker_result(ctx, sig, LLVMBuildCall2(ctx->B, sig->fty, fp, cargs, np, ""));
        free(cargs);
        return r;
    }
    LLVMBasicBlockRef fast = jl_cg_new_block(ctx, "fast"), slow = jl_cg_new_block(ctx, "slow"),
                      join = jl_cg_new_block(ctx, "join");
    LLVMBuildCondBr(ctx->B, LLVMBuildIsNull(ctx->B, fp, ""), slow, fast);
    jl_cg_set_block(ctx, fast);
    LLVMValueRef call = LLVMBuildCall2(ctx->B, sig->fty, fp, cargs, np, "");
    free(cargs);
    jl_cgval_t rf = worker_result(ctx, sig, call);
    LLVMValueRef vf = sig->retrep == JL_REP_BOTTOM ? NULL : jl_cg_box(ctx, rf);
    LLVMBasicBlockRef fast_end = LLVMGetInsertBlock(ctx->B);
    if (vf)
        LLVMBuildBr(ctx->B, join);
    jl_cg_set_block(ctx, slow);
    jl_cgval_t rs = emit_jl_invoke(ctx, ci->def, args, nargs);
    LLVMBasicBlockRef slow_end = LLVMGetInsertBlock(ctx->B);
    LLVMBuildBr(ctx->B, join);
    jl_cg_set_block(ctx, join);
    LLVMValueRef phi = LLVMBuildPhi(ctx->B, T_ptr, "");
    LLVMValueRef vals[2] = {rs.V, vf};
    LLVMBasicBlockRef bbs[2] = {slow_end, fast_end};
    LLVMAddIncoming(phi, vals, bbs, vf ? 2 : 1);
    return narrow(ctx, jl_cg_boxed(phi, NULL), sig->rettype);
}

/* A call of MethodInstance mi (args[0] is the function): the callee's worker directly when possible. */
static jl_cgval_t emit_invoke_mi(jl_codectx_t *ctx, jl_method_instance_t *mi, jl_cgval_t *args, size_t nargs)
{
    ctx->has_calls = 1;
    if (mi == NULL || !jl_is_method(mi->def))
        return emit_generic_call(ctx, args[0], args + 1, nargs - 1);
    jl_method_t *m = (jl_method_t *)mi->def;
    if (!m->isva && (int)nargs != m->nargs)
        return emit_generic_call(ctx, args[0], args + 1, nargs - 1);
    if (m->isva && (int)nargs < m->nargs - 1)
        return emit_generic_call(ctx, args[0], args + 1, nargs - 1);
    if (mi == ctx->mi) {  /* self-recursion: call the function being emitted */
        ctx->self_recursive = 1;
        unsigned np;
        LLVMValueRef *cargs = worker_call_args(ctx, &ctx->sig, args, nargs, &np);
        LLVMValueRef call = LLVMBuildCall2(ctx->B, ctx->sig.fty, ctx->F, cargs, np, "");
        free(cargs);
        return worker_result(ctx, &ctx->sig, call);
    }
    jl_codectx_t *outer;
    if (in_progress(mi, &outer))   /* mutual recursion: the signature it is being compiled with */
        return emit_specptr_call(ctx, outer->ci, &outer->sig, args, nargs, 1);
    jl_code_instance_t *ci = jl_compile_method_internal(mi, ctx->world);
    if (ci == NULL || !ci->isspecsig || ci->specptr == NULL)
        return emit_jl_invoke(ctx, mi, args, nargs);
    root(ctx, (jl_value_t *)ci);
    worker_entry_t *w = worker_of(ci->specptr);
    if (w) {   /* compiled in this process: by name, with the signature it was compiled with */
        unsigned np;
        LLVMValueRef *cargs = worker_call_args(ctx, w->sig, args, nargs, &np);
        LLVMValueRef f = get_function(ctx, w->name, w->sig->fty);
        note_callee(ctx, w->name);
        jl_cgval_t r = worker_result(ctx, w->sig, LLVMBuildCall2(ctx->B, w->sig->fty, f, cargs, np, ""));
        free(cargs);
        return r;
    }
    jl_cgsig_t sig;   /* from an image: the signature follows from its types */
    if (!compute_sig(&sig, mi, ci->rettype, ctx->roots))
        return emit_jl_invoke(ctx, mi, args, nargs);
    jl_cgval_t r = emit_specptr_call(ctx, ci, &sig, args, nargs, 0);
    free_sig(&sig);
    return r;
}

static jl_cgval_t emit_invoke(jl_codectx_t *ctx, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    jl_value_t *target = jl_exprarg(ex, 0);
    if (n < 2) {
        jl_cg_fail(ctx, "malformed invoke");
        return const_nothing();
    }
    jl_method_instance_t *mi = NULL;
    if (jl_is_method_instance(target))
        mi = (jl_method_instance_t *)target;
    else if (jl_is_code_instance(target))
        mi = ((jl_code_instance_t *)target)->def;
    size_t nargs = n - 1;
    jl_cgval_t *args = (jl_cgval_t *)alloca(nargs * sizeof(jl_cgval_t));
    for (size_t i = 0; i < nargs; i++)
        args[i] = emit_value(ctx, jl_exprarg(ex, i + 1));
    if (ctx->failed)
        return const_nothing();
    return emit_invoke_mi(ctx, mi, args, nargs);
}

/* The type dispatch sees for a value: Type{X} for a known type value, else its concrete static type;
 * NULL when the value's type is not known exactly. */
static jl_value_t *dispatch_type(jl_codectx_t *ctx, jl_cgval_t v)
{
    if (v.constant) {
        jl_value_t *t = jl_typeof_or_type(v.constant);
        root(ctx, t);
        return t;
    }
    if (jl_is_concrete_type(v.typ) && !jl_is_kind(v.typ))
        return v.typ;
    jl_value_t *ghost;
    if (jl_type_rep(v.typ, NULL, &ghost) == JL_REP_GHOST && jl_is_type_type(v.typ))
        return v.typ;
    return NULL;
}

/* A generic call whose argument types are all known exactly: dispatch now and call the method directly.
 * The backedge makes a later method that changes this dispatch invalidate the caller (as for :invoke). */
static int emit_devirtualized(jl_codectx_t *ctx, jl_cgval_t f, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    jl_value_t **types = (jl_value_t **)alloca((nargs + 2) * sizeof(jl_value_t *));
    if ((types[0] = dispatch_type(ctx, f)) == NULL)
        return 0;
    for (size_t i = 0; i < nargs; i++)
        if ((types[i + 1] = dispatch_type(ctx, args[i])) == NULL)
            return 0;
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(types, nargs + 1);
    root(ctx, tt);
    jl_method_instance_t *mi = jl_method_lookup_by_type(tt, ctx->world);
    if (mi == NULL || !jl_is_method(mi->def))
        return 0;
    root(ctx, (jl_value_t *)mi);
    jl_method_instance_add_backedge(mi, ctx->mi);
    jl_cgval_t *all = (jl_cgval_t *)alloca((nargs + 2) * sizeof(jl_cgval_t));
    all[0] = f;
    memcpy(all + 1, args, nargs * sizeof(jl_cgval_t));
    *r = emit_invoke_mi(ctx, mi, all, nargs + 1);
    return 1;
}

/* Core._apply_iterate(iterate, f, tuples...) with tuples of known length: f(elements...) */
static int emit_apply_iterate(jl_codectx_t *ctx, jl_cgval_t *args, size_t nargs, jl_cgval_t *r)
{
    if (nargs < 2)
        return 0;
    size_t total = 0;
    for (size_t i = 2; i < nargs; i++) {
        jl_value_t *t = args[i].constant ? jl_typeof(args[i].constant) : args[i].typ;
        if (!jl_is_tuple_type(t) || !jl_is_concrete_type(t) || ((jl_datatype_t *)t)->layout == NULL)
            return 0;
        total += jl_datatype_nfields(t);
    }
    if (total + 2 > ctx->argbuf_len)
        return 0;
    jl_cgval_t *flat = (jl_cgval_t *)alloca((total + 1) * sizeof(jl_cgval_t));
    size_t k = 0;
    for (size_t i = 2; i < nargs; i++) {
        jl_value_t *t = args[i].constant ? jl_typeof(args[i].constant) : args[i].typ;
        size_t nf = jl_datatype_nfields(t);
        for (size_t j = 0; j < nf; j++) {
            jl_cgval_t idx = jl_cg_const(jl_box_long((int64_t)j + 1));
            root(ctx, idx.constant);
            if (!emit_getfield_inline(ctx, args[i], idx, &flat[k]))
                return 0;
            k++;
        }
    }
    *r = emit_call_resolved(ctx, args[1], flat, total);
    return 1;
}

static jl_cgval_t emit_call_resolved(jl_codectx_t *ctx, jl_cgval_t f, jl_cgval_t *args, size_t nargs)
{
    if (f.constant) {
        jl_value_t *fv = f.constant;
        if (jl_typeof(fv) == (jl_value_t *)jl_intrinsic_type)
            return emit_intrinsic_call(ctx, *(int32_t *)fv, args, nargs);
        jl_fptr_args_t fptr = builtin_fptr_of(fv);
        if (fptr) {
            jl_cgval_t r;
            int which = which_builtin(fv);
            if (which >= 0 && emit_builtin_inline(ctx, which, args, nargs, &r))
                return r;
            if (which == B_APPLY_ITERATE && emit_apply_iterate(ctx, args, nargs, &r))
                return r;
            r = emit_builtin_call(ctx, fv, fptr, args, nargs);
            if (which == B_TYPEASSERT && args[1].constant)
                r = narrow(ctx, r, args[1].constant);
            return r;
        }
    }
    jl_cgval_t r;
    if (emit_devirtualized(ctx, f, args, nargs, &r))
        return r;
    return emit_generic_call(ctx, f, args, nargs);
}

/* ---------------------------------------------------------------------------------------------- */
/* Other expressions */

static jl_cgval_t emit_new(jl_codectx_t *ctx, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    jl_cgval_t ty = emit_value(ctx, jl_exprarg(ex, 0));
    size_t nargs = n - 1;
    jl_cgval_t *args = (jl_cgval_t *)alloca((nargs + 1) * sizeof(jl_cgval_t));
    for (size_t i = 0; i < nargs; i++)
        args[i] = emit_value(ctx, jl_exprarg(ex, i + 1));
    if (ctx->failed)
        return const_nothing();
    jl_datatype_t *dt = (jl_datatype_t *)ty.constant;
    if (dt && jl_is_datatype(dt) && dt->isconcretetype && dt->layout && dt->types && !dt->isprimitivetype &&
        !jl_is_array_type(dt) && nargs <= dt->layout->nfields && dt != jl_string_type &&
        dt != jl_simplevector_type && dt != jl_symbol_type) {
        size_t nf = dt->layout->nfields;
        int ok = 1;
        for (size_t i = 0; i < nargs && ok; i++)
            ok = args[i].constant ? jl_isa(args[i].constant, jl_field_type(dt, i)) : cg_subtype(args[i].typ, jl_field_type(dt, i));
        if (ok) {
            if (dt->instance)
                return jl_cg_const(dt->instance);
            if (jl_type_rep((jl_value_t *)dt, NULL, NULL) == JL_REP_UNBOXED) {
                LLVMTypeRef lt = jl_julia_type_to_llvm((jl_value_t *)dt);
                LLVMValueRef agg = LLVMConstNull(lt);
                for (size_t i = 0; i < nargs; i++) {
                    jl_value_t *ft = jl_field_type(dt, i);
                    if (jl_datatype_size(ft) == 0)
                        continue;
                    agg = LLVMBuildInsertValue(ctx->B, agg, jl_cg_unbox(ctx, args[i], ft), (unsigned)i, "");
                }
                return jl_cg_unboxed(agg, (jl_value_t *)dt);
            }
            LLVMValueRef p = emit_gc_alloc(ctx, dt);
            for (size_t i = 0; i < nargs; i++) {
                jl_value_t *ft = jl_field_type(dt, i);
                LLVMValueRef fp = gep_bytes(ctx, p, jl_field_offset(dt, i));
                int kind = dt->name->mutabl ? JL_TBAA_MUT : JL_TBAA_IMMUT;
                if (jl_field_isptr(dt, i))
                    tstore(ctx->B, jl_cg_box(ctx, args[i]), fp, kind);
                else if (jl_datatype_size(ft) > 0)
                    store_bits(ctx, fp, jl_cg_unbox(ctx, args[i], ft), (jl_datatype_t *)ft, kind);
            }
            (void)nf;
            return jl_cg_boxed(p, (jl_value_t *)dt);
        }
    }
    LLVMValueRef cargs[3] = {jl_cg_box(ctx, ty), jl_cg_boxed_args(ctx, args, nargs), LLVMConstInt(T_i32, nargs, 0)};
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_i32};
    LLVMValueRef v = jl_cg_rtcall(ctx, "jl_new_structv", T_ptr, params, 3, cargs, 0);
    jl_value_t *t = dt && jl_is_datatype(dt) && dt->isconcretetype ? (jl_value_t *)dt : NULL;
    return jl_cg_boxed(v, t);
}

/* Runtime helpers called by generated code (exported so image code can call them by name). */
JL_DLLEXPORT jl_value_t *jl_cg_splatnew(jl_value_t *T, jl_value_t *tup)
{
    if (!jl_is_tuple(tup))
        jl_type_error("new", (jl_value_t *)jl_anytuple_type, tup);
    size_t n = jl_nfields_of(tup);
    jl_value_t **args = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < n; i++)
        args[i] = jl_get_nth_field(tup, i);
    if (!jl_is_datatype(T))
        jl_type_error("new", (jl_value_t *)jl_datatype_type, T);
    return jl_new_structv((jl_datatype_t *)T, args, (uint32_t)n);
}

/* Static parameters of a specialization whose signature does not determine them, from the actual
 * arguments (as dispatch and the interpreter do). args[0] is the function; for a vararg method the last
 * argument is the tuple of the trailing arguments. */
JL_DLLEXPORT jl_svec_t *jl_cg_sparams_for_args(jl_method_instance_t *mi, jl_value_t **args, uint32_t nargs)
{
    jl_method_t *m = (jl_method_t *)mi->def;
    size_t n = nargs;
    jl_value_t *va = m->isva && nargs > 0 ? args[nargs - 1] : NULL;
    size_t nva = va && jl_is_tuple(va) ? jl_nfields_of(va) : 0;
    if (va)
        n = nargs - 1 + nva;
    jl_value_t **types = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < nargs - (va ? 1 : 0); i++)
        types[i] = jl_typeof_or_type(args[i]);
    for (size_t i = 0; i < nva; i++)
        types[nargs - 1 + i] = jl_typeof_or_type(jl_get_nth_field(va, i));
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(types, n);
    jl_svec_t *env = jl_emptysvec;
    jl_value_t *ti = jl_type_intersection_env(tt, m->sig, &env);
    if (ti == jl_bottom_type || env == NULL || jl_svec_len(env) != jl_svec_len(mi->sparam_vals))
        return mi->sparam_vals;
    return env;
}

static int sparams_known(jl_method_instance_t *mi)
{
    jl_svec_t *sp = mi->sparam_vals;
    for (size_t i = 0; sp && i < jl_svec_len(sp); i++)
        if (jl_is_typevar(jl_svecref(sp, i)))
            return 0;
    return 1;
}

/* prologue of a widened specialization: compute the static parameters once */
static void emit_sparam_env(jl_codectx_t *ctx)
{
    if (ctx->method == NULL || sparams_known(ctx->mi))
        return;
    jl_cgval_t *args = (jl_cgval_t *)alloca((ctx->sig.nargs + 1) * sizeof(jl_cgval_t));
    for (int a = 0; a < ctx->sig.nargs; a++)
        args[a] = ctx->argvals[a];
    if ((size_t)ctx->sig.nargs > ctx->argbuf_len) {
        jl_cg_fail(ctx, "too many arguments");
        return;
    }
    LLVMValueRef cargs[3] = {jl_cg_literal(ctx, (jl_value_t *)ctx->mi), jl_cg_boxed_args(ctx, args, ctx->sig.nargs),
                             LLVMConstInt(T_i32, (uint64_t)ctx->sig.nargs, 0)};
    LLVMTypeRef params[3] = {T_ptr, T_ptr, T_i32};
    ctx->sparam_env = jl_cg_rtcall(ctx, "jl_cg_sparams_for_args", T_ptr, params, 3, cargs, 0);
}

static LLVMValueRef load_sparam(jl_codectx_t *ctx, size_t i)
{
    LLVMValueRef p = gep_bytes(ctx, ctx->sparam_env, (int64_t)(sizeof(jl_svec_t) + i * sizeof(void *)));
    return tload(ctx->B, T_ptr, p, JL_TBAA_IMMUT);
}

static LLVMValueRef is_typevar_value(jl_codectx_t *ctx, LLVMValueRef v)
{
    return LLVMBuildICmp(ctx->B, LLVMIntEQ, emit_typeof_boxed(ctx, v), jl_cg_literal(ctx, (jl_value_t *)jl_tvar_type), "");
}

static jl_cgval_t emit_isdefined(jl_codectx_t *ctx, jl_value_t *x)
{
    if (jl_is_slotnumber(x)) {
        size_t i = (size_t)((jl_slotnumber_t *)x)->id - 1;
        if (i >= ctx->nslots) {
            jl_cg_fail(ctx, "bad slot");
            return const_nothing();
        }
        return bool_value(emit_slot_isdefined(ctx, i), ctx->B);
    }
    if (jl_is_globalref(x) || jl_is_symbol(x)) {
        jl_module_t *m = jl_is_symbol(x) ? ctx->module : ((jl_globalref_t *)x)->mod;
        jl_sym_t *s = jl_is_symbol(x) ? (jl_sym_t *)x : ((jl_globalref_t *)x)->name;
        jl_binding_t *b = jl_get_module_binding(m, s, 0);
        if (b && b->constp && b->value)
            return const_bool(1);
        LLVMValueRef args[2] = {jl_cg_literal(ctx, (jl_value_t *)m), jl_cg_literal(ctx, (jl_value_t *)s)};
        LLVMTypeRef params[2] = {T_ptr, T_ptr};
        LLVMValueRef r = jl_cg_rtcall(ctx, "jl_boundp", T_i32, params, 2, args, 0);
        return bool_value(LLVMBuildICmp(ctx->B, LLVMIntNE, r, LLVMConstInt(T_i32, 0, 0), ""), ctx->B);
    }
    if (jl_is_expr(x) && ((jl_expr_t *)x)->head == jl_static_parameter_sym) {
        size_t i = (size_t)jl_unbox_long(jl_exprarg(x, 0)) - 1;
        jl_svec_t *sp = ctx->mi->sparam_vals;
        if (sp == NULL || i >= jl_svec_len(sp) || (jl_is_typevar(jl_svecref(sp, i)) && ctx->sparam_env == NULL)) {
            jl_cg_fail(ctx, "static parameter unknown at compile time");
            return const_nothing();
        }
        if (jl_is_typevar(jl_svecref(sp, i)))
            return bool_value(LLVMBuildNot(ctx->B, is_typevar_value(ctx, load_sparam(ctx, i)), ""), ctx->B);
        return const_bool(1);
    }
    return const_bool(1);
}

static jl_cgval_t emit_static_parameter(jl_codectx_t *ctx, jl_expr_t *ex)
{
    jl_value_t *a = jl_exprarg(ex, 0);
    jl_svec_t *sp = ctx->mi->sparam_vals;
    size_t i = jl_is_long(a) ? (size_t)jl_unbox_long(a) - 1 : (size_t)-1;
    if (sp == NULL || i >= jl_svec_len(sp)) {
        jl_cg_fail(ctx, "static parameter out of range");
        return const_nothing();
    }
    jl_value_t *v = jl_svecref(sp, i);
    if (jl_is_typevar(v)) {
        /* not known for this specialization: from the arguments at run time (UndefVarError if unbound) */
        if (ctx->sparam_env == NULL) {
            jl_cg_fail(ctx, "static parameter unknown at compile time");
            return const_nothing();
        }
        LLVMValueRef rv = load_sparam(ctx, i);
        emit_undefvar_check(ctx, is_typevar_value(ctx, rv), ((jl_tvar_t *)v)->name);
        return jl_cg_boxed(rv, NULL);
    }
    return jl_cg_const(v);
}

static int boundscheck_value(jl_codectx_t *ctx)
{
    if (jl_options.check_bounds == 1)
        return 1;
    if (jl_options.check_bounds == 2)
        return 0;
    return ctx->inbounds == 0;
}

static jl_cgval_t emit_expr(jl_codectx_t *ctx, jl_expr_t *ex, size_t stmt)
{
    jl_sym_t *head = ex->head;
    size_t n = jl_expr_nargs(ex);
    if (head == jl_call_sym)
        return emit_call(ctx, ex);
    if (head == jl_invoke_sym)
        return emit_invoke(ctx, ex);
    if (head == jl_new_sym)
        return emit_new(ctx, ex);
    if (head == jl_foreigncall_sym) {
        jl_cgval_t r;
        ctx->has_calls = 1;
        if (!jl_emit_foreigncall(ctx, ex, &r)) {
            jl_cg_fail(ctx, "unsupported foreigncall");
            return const_nothing();
        }
        return r;
    }
    if (head == jl_splatnew_sym && n == 2) {
        jl_cgval_t T = emit_value(ctx, jl_exprarg(ex, 0)), tup = emit_value(ctx, jl_exprarg(ex, 1));
        LLVMValueRef args[2] = {jl_cg_box(ctx, T), jl_cg_box(ctx, tup)};
        LLVMTypeRef params[2] = {T_ptr, T_ptr};
        jl_value_t *t = T.constant && jl_is_concrete_type(T.constant) ? T.constant : NULL;
        return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_cg_splatnew", T_ptr, params, 2, args, 0), t);
    }
    if (head == jl_static_parameter_sym && n == 1)
        return emit_static_parameter(ctx, ex);
    if (head == jl_isdefined_sym && n >= 1)
        return emit_isdefined(ctx, jl_exprarg(ex, 0));
    if (head == jl_the_exception_sym)
        return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_current_exception", T_ptr, NULL, 0, NULL, 0), NULL);
    if (head == jl_boundscheck_sym)
        return const_bool(boundscheck_value(ctx));
    if (head == jl_copyast_sym && n == 1) {
        LLVMValueRef a = jl_cg_box(ctx, emit_value(ctx, jl_exprarg(ex, 0)));
        return jl_cg_boxed(jl_cg_rtcall(ctx, "jl_copy_ast", T_ptr, &T_ptr, 1, &a, 0), NULL);
    }
    if (head == jl_throw_undef_if_not_sym && n == 2) {
        jl_cgval_t c = emit_value(ctx, jl_exprarg(ex, 1));
        LLVMValueRef ok = emit_condition(ctx, c, "throw_undef_if_not");
        jl_value_t *var = jl_exprarg(ex, 0);
        if (jl_is_symbol(var))
            emit_undefvar_check(ctx, LLVMBuildNot(ctx->B, ok, ""), (jl_sym_t *)var);
        return const_nothing();
    }
    if (head == jl_gc_preserve_begin_sym) {
        /* keep the objects visible to the conservative stack scan until the frame ends */
        for (size_t i = 0; i < n; i++) {
            jl_cgval_t v = emit_value(ctx, jl_exprarg(ex, i));
            if (v.constant || !v.isboxed)
                continue;
            LLVMValueRef slot = emit_alloca(ctx, T_ptr, "preserved");
            LLVMSetVolatile(LLVMBuildStore(ctx->B, v.V, slot), 1);
        }
        return const_nothing();
    }
    if (head == jl_meta_sym || head == jl_inbounds_sym || head == jl_loopinfo_sym || head == jl_aliasscope_sym ||
        head == jl_popaliasscope_sym || head == jl_gc_preserve_end_sym ||
        head == jl_line_sym || head == jl_global_sym || head == jl_latestworld_sym ||
        head == jl_symbol("code_coverage_effect"))
        return const_nothing();
    jl_cg_fail(ctx, "unsupported expression");
    (void)stmt;
    return const_nothing();
}

/* ---------------------------------------------------------------------------------------------- */
/* Statements and control flow */

static size_t label_index(jl_codectx_t *ctx, intptr_t label)
{
    if (label < 1 || (size_t)label > ctx->nstmts) {
        jl_cg_fail(ctx, "branch target out of range");
        return 0;
    }
    return (size_t)label - 1;
}

static void find_blocks(jl_codectx_t *ctx)
{
    uint8_t *start = (uint8_t *)calloc(ctx->nstmts + 1, 1);
    start[0] = 1;
    for (size_t i = 0; i < ctx->nstmts; i++) {
        jl_value_t *st = ctx->src->code ? jl_array_ptr_ref(ctx->src->code, i) : NULL;
        if (st == NULL)
            continue;
        if (jl_is_gotonode(st)) {
            if ((size_t)((jl_gotonode_t *)st)->label <= i + 1)
                ctx->has_loops = 1;
            start[label_index(ctx, ((jl_gotonode_t *)st)->label)] = 1;
            start[i + 1] = 1;
        }
        else if (jl_is_gotoifnot(st)) {
            if ((size_t)((jl_gotoifnot_t *)st)->dest <= i + 1)
                ctx->has_loops = 1;
            start[label_index(ctx, ((jl_gotoifnot_t *)st)->dest)] = 1;
            start[i + 1] = 1;
        }
        else if (jl_is_returnnode(st)) {
            start[i + 1] = 1;
        }
        else if (jl_is_expr(st) && ((jl_expr_t *)st)->head == jl_enter_sym && jl_expr_nargs(st) >= 1 &&
                 jl_is_long(jl_exprarg(st, 0))) {
            start[label_index(ctx, jl_unbox_long(jl_exprarg(st, 0)))] = 1;
            start[i + 1] = 1;
            ctx->has_try = 1;
        }
        if (jl_is_expr(st)) {
            size_t na = jl_expr_nargs(st);
            if (na + 2 > ctx->argbuf_len)
                ctx->argbuf_len = na + 2;
            if (((jl_expr_t *)st)->head == jl_assign_sym && na == 2 && jl_is_expr(jl_exprarg(st, 1))) {
                size_t nb = jl_expr_nargs(jl_exprarg(st, 1));
                if (nb + 2 > ctx->argbuf_len)
                    ctx->argbuf_len = nb + 2;
            }
        }
    }
    for (size_t i = 0; i < ctx->nstmts; i++)
        if (start[i]) {
            char name[24];
            snprintf(name, sizeof(name), "L%zu", i + 1);
            ctx->blocks[i] = jl_cg_new_block(ctx, name);
        }
    free(start);
}

static LLVMBasicBlockRef block_at(jl_codectx_t *ctx, size_t i)
{
    if (i >= ctx->nstmts || ctx->blocks[i] == NULL) {
        jl_cg_fail(ctx, "branch to a non-block");
        return ctx->entry;
    }
    return ctx->blocks[i];
}

static void emit_return(jl_codectx_t *ctx, jl_value_t *val)
{
    if (val == NULL) {
        LLVMBuildUnreachable(ctx->B);
        return;
    }
    jl_cgval_t v = emit_value(ctx, val);
    if (ctx->failed)
        return;
    jl_cgsig_t *s = &ctx->sig;
    switch (s->retrep) {
    case JL_REP_UNBOXED:
        LLVMBuildRet(ctx->B, jl_cg_unbox(ctx, v, s->rettype));
        break;
    case JL_REP_UNION:
        LLVMBuildRet(ctx->B, to_union(ctx, v, s->rettype));
        break;
    case JL_REP_BOXED:
        LLVMBuildRet(ctx->B, convert_to_rep(ctx, v, s->rettype, JL_REP_BOXED));
        break;
    case JL_REP_GHOST:
        LLVMBuildRetVoid(ctx->B);
        break;
    default:
        LLVMBuildUnreachable(ctx->B);
        break;
    }
}

static void emit_enter(jl_codectx_t *ctx, jl_expr_t *ex, size_t i)
{
    size_t catch_at = label_index(ctx, jl_unbox_long(jl_exprarg(ex, 0)));
    LLVMTypeRef ht = LLVMArrayType2(T_i8, sizeof(jl_handler_t));
    LLVMValueRef h = emit_alloca(ctx, ht, "handler");
    LLVMSetAlignment(h, 16);
    ctx->handlers[i] = h;
    jl_cg_rtcall(ctx, "jl_enter_handler", T_void, &T_ptr, 1, &h, 0);
    LLVMTypeRef params[2] = {T_ptr, T_i32};
    LLVMTypeRef fty = LLVMFunctionType(T_i32, params, 2, 0);
    LLVMValueRef sj = LLVMGetNamedFunction(ctx->M, "__sigsetjmp");
    if (sj == NULL) {
        sj = LLVMAddFunction(ctx->M, "__sigsetjmp", fty);
        add_fn_attr(sj, "returns_twice");
    }
    LLVMValueRef args[2] = {h, LLVMConstInt(T_i32, 0, 0)};
    LLVMValueRef r = LLVMBuildCall2(ctx->B, fty, sj, args, 2, "");
    unsigned kind = LLVMGetEnumAttributeKindForName("returns_twice", 13);
    LLVMAddCallSiteAttribute(r, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(C, kind, 0));
    LLVMValueRef normal = LLVMBuildICmp(ctx->B, LLVMIntEQ, r, LLVMConstInt(T_i32, 0, 0), "");
    LLVMBuildCondBr(ctx->B, normal, block_at(ctx, i + 1), block_at(ctx, catch_at));
}

static void emit_pop_exception(jl_codectx_t *ctx, jl_expr_t *ex)
{
    jl_value_t *tok = jl_exprarg(ex, 0);
    size_t k = jl_is_ssavalue(tok) ? (size_t)((jl_ssavalue_t *)tok)->id - 1 : (size_t)-1;
    if (k >= ctx->nstmts || ctx->handlers[k] == NULL) {
        jl_cg_fail(ctx, "pop_exception without its enter");
        return;
    }
    LLVMValueRef dp = gep_bytes(ctx, ctx->handlers[k], offsetof(jl_handler_t, excstack_depth));
    LLVMValueRef depth = LLVMBuildLoad2(ctx->B, T_i64, dp, "");
    LLVMSetVolatile(depth, 1);
    jl_cg_rtcall(ctx, "jl_restore_excstack", T_void, &T_i64, 1, &depth, 0);
}

static void emit_leave(jl_codectx_t *ctx, jl_expr_t *ex)
{
    size_t n = jl_expr_nargs(ex);
    int count = 0;
    if (n == 1 && jl_is_long(jl_exprarg(ex, 0))) {
        count = (int)jl_unbox_long(jl_exprarg(ex, 0));
    }
    else {
        for (size_t i = 0; i < n; i++)
            if (jl_exprarg(ex, i) != jl_nothing)
                count++;
    }
    LLVMValueRef a = LLVMConstInt(T_i32, (uint64_t)count, 0);
    jl_cg_rtcall(ctx, "jl_pop_handler", T_void, &T_i32, 1, &a, 0);
}

static void emit_assignment(jl_codectx_t *ctx, jl_expr_t *ex, size_t i)
{
    jl_value_t *lhs = jl_exprarg(ex, 0);
    jl_value_t *rhs = jl_exprarg(ex, 1);
    jl_cgval_t v = emit_value(ctx, rhs);
    if (ctx->failed)
        return;
    if (jl_is_slotnumber(lhs)) {
        emit_slot_store(ctx, (size_t)((jl_slotnumber_t *)lhs)->id - 1, v);
    }
    else if (jl_is_globalref(lhs) || jl_is_symbol(lhs)) {
        jl_module_t *m = jl_is_symbol(lhs) ? ctx->module : ((jl_globalref_t *)lhs)->mod;
        jl_sym_t *s = jl_is_symbol(lhs) ? (jl_sym_t *)lhs : ((jl_globalref_t *)lhs)->name;
        jl_binding_t *b = jl_get_binding_wr(m, s);
        LLVMValueRef args[4] = {jl_cg_literal(ctx, (jl_value_t *)b), jl_cg_literal(ctx, (jl_value_t *)m),
                                jl_cg_literal(ctx, (jl_value_t *)s), jl_cg_box(ctx, v)};
        LLVMTypeRef params[4] = {T_ptr, T_ptr, T_ptr, T_ptr};
        jl_cg_rtcall(ctx, "jl_checked_assignment", T_void, params, 4, args, 0);
    }
    else {
        jl_cg_fail(ctx, "unsupported assignment target");
        return;
    }
    ctx->ssavals[i] = v;
    ctx->ssa_set[i] = 1;
}

static jl_value_t *inferred_ssa_type(jl_codectx_t *ctx, size_t i)
{
    if (!ctx->typed)
        return NULL;
    jl_array_t *types = (jl_array_t *)ctx->src->ssavaluetypes;
    if (i >= jl_array_len(types))
        return NULL;
    return jl_array_ptr_ref(types, i);
}

static void emit_stmt(jl_codectx_t *ctx, size_t i)
{
    jl_value_t *st = jl_array_ptr_ref(ctx->src->code, i);
    ctx->ssavals[i] = const_nothing();
    if (st == NULL || st == jl_nothing || jl_is_linenode(st)) {
        ctx->ssa_set[i] = 1;
        return;
    }
    if (jl_is_gotonode(st)) {
        LLVMBuildBr(ctx->B, block_at(ctx, label_index(ctx, ((jl_gotonode_t *)st)->label)));
        return;
    }
    if (jl_is_gotoifnot(st)) {
        jl_gotoifnot_t *g = (jl_gotoifnot_t *)st;
        LLVMValueRef c = emit_condition(ctx, emit_value(ctx, g->cond), "if");
        if (!ctx->failed)
            LLVMBuildCondBr(ctx->B, c, block_at(ctx, i + 1), block_at(ctx, label_index(ctx, g->dest)));
        return;
    }
    if (jl_is_returnnode(st)) {
        emit_return(ctx, ((jl_returnnode_t *)st)->val);
        return;
    }
    if (jl_is_newvarnode(st)) {
        jl_value_t *slot = ((jl_newvarnode_t *)st)->slot;
        if (jl_is_slotnumber(slot))
            emit_slot_undef(ctx, (size_t)((jl_slotnumber_t *)slot)->id - 1);
        ctx->ssa_set[i] = 1;
        return;
    }
    jl_cgval_t v;
    if (jl_is_expr(st)) {
        jl_expr_t *ex = (jl_expr_t *)st;
        size_t n = jl_expr_nargs(ex);
        if (ex->head == jl_assign_sym && n == 2) {
            emit_assignment(ctx, ex, i);
            return;
        }
        if (ex->head == jl_enter_sym && n >= 1 && jl_is_long(jl_exprarg(ex, 0))) {
            ctx->ssa_set[i] = 1;
            emit_enter(ctx, ex, i);
            return;
        }
        if (ex->head == jl_leave_sym) {
            emit_leave(ctx, ex);
            ctx->ssa_set[i] = 1;
            return;
        }
        if (ex->head == jl_pop_exception_sym && n == 1) {
            emit_pop_exception(ctx, ex);
            ctx->ssa_set[i] = 1;
            return;
        }
        if (ex->head == jl_inbounds_sym && n == 1) {
            jl_value_t *a = jl_exprarg(ex, 0);
            if (a == jl_true)
                ctx->inbounds++;
            else if (a == (jl_value_t *)jl_symbol("pop") && ctx->inbounds > 0)
                ctx->inbounds--;
            ctx->ssa_set[i] = 1;
            return;
        }
        v = emit_expr(ctx, ex, i);
    }
    else {
        v = emit_value(ctx, st);
    }
    jl_value_t *it = inferred_ssa_type(ctx, i);
    if (it == jl_bottom_type && !block_terminated(ctx)) {
        LLVMBuildUnreachable(ctx->B);
    }
    else if (it) {
        v = narrow(ctx, v, it);
    }
    ctx->ssavals[i] = v;
    ctx->ssa_set[i] = 1;
}

static void emit_body(jl_codectx_t *ctx)
{
    for (size_t i = 0; i < ctx->nstmts && !ctx->failed; i++) {
        if (ctx->blocks[i]) {
            if (!block_terminated(ctx))
                LLVMBuildBr(ctx->B, ctx->blocks[i]);
            jl_cg_set_block(ctx, ctx->blocks[i]);
        }
        else if (block_terminated(ctx)) {
            start_dead_block(ctx);
        }
        emit_stmt(ctx, i);
    }
    if (!ctx->failed && !block_terminated(ctx))
        LLVMBuildUnreachable(ctx->B);   /* lowered code always ends in a return or a goto */
}

/* ---------------------------------------------------------------------------------------------- */
/* Function entry: slots and arguments */

static void scan_assigned_slots(jl_codectx_t *ctx)
{
    for (size_t i = 0; i < ctx->nstmts; i++) {
        jl_value_t *st = jl_array_ptr_ref(ctx->src->code, i);
        if (st && jl_is_expr(st) && ((jl_expr_t *)st)->head == jl_assign_sym && jl_expr_nargs(st) == 2) {
            jl_value_t *lhs = jl_exprarg(st, 0);
            if (jl_is_slotnumber(lhs)) {
                size_t k = (size_t)((jl_slotnumber_t *)lhs)->id - 1;
                if (k < ctx->nslots)
                    ctx->slots[k].assigned++;
            }
        }
    }
}

static jl_value_t *declared_slot_type(jl_codectx_t *ctx, size_t i)
{
    jl_value_t *t = NULL;
    if (ctx->typed && jl_is_array(ctx->src->slottypes) && i < jl_array_len((jl_array_t *)ctx->src->slottypes))
        t = jl_array_ptr_ref((jl_array_t *)ctx->src->slottypes, i);
    if (t == NULL || !jl_is_type(t) || jl_has_free_typevars(t))
        t = (jl_value_t *)jl_any_type;
    return t;
}

static void setup_slots_and_args(jl_codectx_t *ctx)
{
    jl_cgsig_t *s = &ctx->sig;
    ctx->nslots = ctx->src->slotnames ? jl_array_len(ctx->src->slotnames) : 0;
    if (ctx->nslots < (size_t)s->nargs)
        ctx->nslots = (size_t)s->nargs;
    ctx->slots = (jl_slotinfo_t *)calloc(ctx->nslots + 1, sizeof(jl_slotinfo_t));
    ctx->argvals = (jl_cgval_t *)calloc((size_t)s->nargs + 1, sizeof(jl_cgval_t));
    scan_assigned_slots(ctx);
    for (int a = 0; a < s->nargs; a++) {
        if (s->argrep[a] == JL_REP_GHOST)
            ctx->argvals[a] = jl_cg_const(s->argghost[a]);
        else if (s->argrep[a] == JL_REP_UNBOXED || s->argrep[a] == JL_REP_UNION)
            ctx->argvals[a] = jl_cg_unboxed(LLVMGetParam(ctx->F, (unsigned)s->argparam[a]), s->argtypes[a]);
        else
            ctx->argvals[a] = jl_cg_boxed(LLVMGetParam(ctx->F, (unsigned)s->argparam[a]), s->argtypes[a]);
    }
    for (size_t i = 0; i < ctx->nslots; i++) {
        jl_slotinfo_t *sl = &ctx->slots[i];
        sl->isarg = i < (size_t)s->nargs;
        jl_value_t *t = declared_slot_type(ctx, i);
        if (sl->isarg && !sl->assigned)
            t = s->argtypes[i];
        else if (sl->isarg && !ctx->typed)
            t = (jl_value_t *)jl_any_type;
        sl->typ = t;
        sl->rep = jl_type_rep(t, &sl->lt, &sl->ghost);
        if (sl->rep == JL_REP_BOTTOM) {
            sl->rep = JL_REP_BOXED;
            sl->typ = (jl_value_t *)jl_any_type;
        }
        if (sl->rep == JL_REP_UNBOXED || sl->rep == JL_REP_UNION)
            sl->storage = emit_alloca(ctx, sl->lt, "");
        else if (sl->rep == JL_REP_BOXED)
            sl->storage = emit_alloca(ctx, T_ptr, "");
        if (!sl->isarg && sl->rep != JL_REP_BOXED) {
            sl->defflag = emit_alloca(ctx, T_i8, "");
            slot_store(ctx, LLVMConstInt(T_i8, 0, 0), sl->defflag);
        }
        else if (!sl->isarg) {
            slot_store(ctx, LLVMConstNull(T_ptr), sl->storage);
        }
    }
    for (int a = 0; a < s->nargs && (size_t)a < ctx->nslots; a++)
        emit_slot_store(ctx, (size_t)a, ctx->argvals[a]);
}

/* Compiled code checks the C stack before recursing too deep (StackOverflowError via jl_check_stack). */
static void emit_stack_check(jl_codectx_t *ctx)
{
    if (jl_cg_stack_limit == NULL)
        return;
    LLVMValueRef lim_g = LLVMGetNamedGlobal(ctx->M, "jl_cg_stack_limit");
    if (lim_g == NULL)
        lim_g = LLVMAddGlobal(ctx->M, T_ptr, "jl_cg_stack_limit");
    LLVMValueRef lim = LLVMBuildLoad2(ctx->B, T_ptr, lim_g, "");
    /* the stack pointer register (llvm.frameaddress would force a frame pointer) */
#if defined(__x86_64__)
    const char *spname = "rsp";
#elif defined(__aarch64__)
    const char *spname = "sp";
#else
    const char *spname = NULL;
#endif
    LLVMValueRef sp;
    if (spname) {
        LLVMMetadataRef mds = LLVMMDStringInContext2(C, spname, strlen(spname));
        LLVMValueRef md = LLVMMetadataAsValue(C, LLVMMDNodeInContext2(C, &mds, 1));
        LLVMTypeRef over = T_i64;
        sp = LLVMBuildIntToPtr(ctx->B, jl_cg_intrinsic(ctx, "llvm.read_register", &over, 1, &md, 1), T_ptr, "");
    }
    else {
        LLVMValueRef zero = LLVMConstInt(T_i32, 0, 0);
        LLVMTypeRef over = T_ptr;
        sp = jl_cg_intrinsic(ctx, "llvm.frameaddress", &over, 1, &zero, 1);
    }
    LLVMValueRef low = LLVMBuildICmp(ctx->B, LLVMIntULT, sp, lim, "");
    LLVMBasicBlockRef slow = jl_cg_new_block(ctx, "stack_check"), cont = jl_cg_new_block(ctx, "body");
    LLVMBuildCondBr(ctx->B, low, slow, cont);
    jl_cg_set_block(ctx, slow);
    jl_cg_rtcall(ctx, "jl_check_stack", T_void, NULL, 0, NULL, 0);
    LLVMBuildBr(ctx->B, cont);
    jl_cg_set_block(ctx, cont);
}

/* ---------------------------------------------------------------------------------------------- */
/* The wrapper: jl_value_t *jfptr(F, args, nargs) */

static void emit_wrapper(jl_codectx_t *ctx)
{
    jl_cgsig_t *s = &ctx->sig;
    LLVMValueRef w = LLVMAddFunction(ctx->M, ctx->wrapper_name, fptr_args_type());
    LLVMBasicBlockRef top = LLVMAppendBasicBlockInContext(C, w, "top");
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(C, w, "body");
    LLVMValueRef saveF = ctx->F;
    LLVMBuilderRef saveAB = ctx->AB;
    ctx->F = w;
    ctx->AB = LLVMCreateBuilderInContext(C);   /* the wrapper's own allocas */
    LLVMPositionBuilderAtEnd(ctx->AB, top);
    jl_cg_set_block(ctx, bb);
    LLVMValueRef F = LLVMGetParam(w, 0), args = LLVMGetParam(w, 1), nargs = LLVMGetParam(w, 2);
    LLVMValueRef *params = (LLVMValueRef *)calloc((size_t)s->nargs + 1, sizeof(LLVMValueRef));
    unsigned np = 0;
    for (int a = 0; a < s->nargs; a++) {
        if (s->argparam[a] < 0)
            continue;
        LLVMValueRef boxed;
        if (a == 0) {
            boxed = F;
        }
        else if (s->isva && a == s->nargs - 1) {
            LLVMValueRef idx = LLVMConstInt(T_i64, (uint64_t)(a - 1), 0);
            LLVMValueRef start = LLVMBuildInBoundsGEP2(ctx->B, T_ptr, args, &idx, 1, "");
            LLVMValueRef cnt = LLVMBuildSub(ctx->B, LLVMBuildZExt(ctx->B, nargs, T_i64, ""), idx, "");
            LLVMValueRef targs[2] = {cnt, start};
            LLVMTypeRef tps[2] = {T_i64, T_ptr};
            boxed = jl_cg_rtcall(ctx, "jl_tuplev", T_ptr, tps, 2, targs, 0);
        }
        else {
            LLVMValueRef idx = LLVMConstInt(T_i64, (uint64_t)(a - 1), 0);
            boxed = LLVMBuildLoad2(ctx->B, T_ptr, LLVMBuildInBoundsGEP2(ctx->B, T_ptr, args, &idx, 1, ""), "");
        }
        if (s->argrep[a] == JL_REP_UNBOXED)
            params[np++] = load_bits(ctx, boxed, (jl_datatype_t *)s->argtypes[a], JL_TBAA_IMMUT);
        else if (s->argrep[a] == JL_REP_UNION)
            params[np++] = union_from_boxed(ctx, boxed, s->argtypes[a]).V;
        else
            params[np++] = boxed;
    }
    LLVMValueRef call = LLVMBuildCall2(ctx->B, s->fty, saveF, params, np, "");
    free(params);
    switch (s->retrep) {
    case JL_REP_UNBOXED:
        LLVMBuildRet(ctx->B, box_unboxed(ctx, call, (jl_datatype_t *)s->rettype));
        break;
    case JL_REP_BOXED:
        LLVMBuildRet(ctx->B, call);
        break;
    case JL_REP_UNION:
        LLVMBuildRet(ctx->B, union_box(ctx, jl_cg_unboxed(call, s->rettype)));
        break;
    case JL_REP_GHOST:
        LLVMBuildRet(ctx->B, jl_cg_literal(ctx, s->retghost));
        break;
    default:
        LLVMBuildUnreachable(ctx->B);
        break;
    }
    LLVMPositionBuilderAtEnd(ctx->AB, top);
    LLVMBuildBr(ctx->AB, bb);
    LLVMDisposeBuilder(ctx->AB);
    ctx->AB = saveAB;
    ctx->F = saveF;
}

/* ---------------------------------------------------------------------------------------------- */
/* Driver */

static void make_names(jl_codectx_t *ctx)
{
    const char *base = ctx->method ? jl_symbol_name(ctx->method->name) : "toplevel";
    char clean[64];
    size_t k = 0;
    for (const char *p = base; *p && k < sizeof(clean) - 1; p++)
        clean[k++] = (*p == '"' || *p == '\\' || (unsigned char)*p < 32) ? '_' : *p;
    clean[k] = 0;
    size_t n = ++fn_counter;
    snprintf(ctx->worker_name, sizeof(ctx->worker_name), "julia_%s_%zu", clean, n);
    snprintf(ctx->wrapper_name, sizeof(ctx->wrapper_name), "jfptr_%s_%zu", clean, n);
}

/* JULIA_CODEGEN_LOG=3: the code being compiled, one statement per line with its inferred type */
static void print_code(jl_codectx_t *ctx)
{
    jl_code_info_t *src = ctx->src;
    fprintf(stderr, "codegen: code of ");
    jl_static_show(stderr, (jl_value_t *)ctx->mi);
    fprintf(stderr, " (rettype ");
    jl_static_show(stderr, ctx->ci->rettype);
    fprintf(stderr, ")\n");
    for (size_t i = 0; i < jl_array_len(src->code); i++) {
        fprintf(stderr, "  %%%zu = ", i + 1);
        jl_static_show(stderr, jl_array_ptr_ref(src->code, i));
        if (jl_is_array(src->ssavaluetypes) && i < jl_array_len((jl_array_t *)src->ssavaluetypes)) {
            fprintf(stderr, " :: ");
            jl_static_show(stderr, jl_array_ptr_ref((jl_array_t *)src->ssavaluetypes, i));
        }
        fprintf(stderr, "\n");
    }
}

static int emit_function(jl_codectx_t *ctx)
{
    jl_code_info_t *src = ctx->src;
    if (src->code == NULL || !jl_is_array(src->code))
        return 0;
    ctx->nstmts = jl_array_len(src->code);
    if (codegen_log > 2)
        print_code(ctx);
    ctx->typed = jl_is_array(src->ssavaluetypes) && jl_array_len((jl_array_t *)src->ssavaluetypes) >= ctx->nstmts;
    /* the signature always follows ci->rettype: direct callers compute it from there */
    jl_value_t *rettype = ctx->ci->rettype;
    if (!compute_sig(&ctx->sig, ctx->mi, rettype, ctx->roots)) {
        jl_cg_fail(ctx, "unsupported signature");
        return 0;
    }
    make_names(ctx);
    ctx->M = jl_jit_new_module(ctx->worker_name);
    ctx->B = LLVMCreateBuilderInContext(C);
    ctx->AB = LLVMCreateBuilderInContext(C);
    ctx->F = LLVMAddFunction(ctx->M, ctx->worker_name, ctx->sig.fty);
    ctx->entry = LLVMAppendBasicBlockInContext(C, ctx->F, "top");
    LLVMPositionBuilderAtEnd(ctx->AB, ctx->entry);
    ctx->ssavals = (jl_cgval_t *)calloc(ctx->nstmts + 1, sizeof(jl_cgval_t));
    ctx->ssa_set = (uint8_t *)calloc(ctx->nstmts + 1, 1);
    ctx->blocks = (LLVMBasicBlockRef *)calloc(ctx->nstmts + 1, sizeof(LLVMBasicBlockRef));
    ctx->handlers = (LLVMValueRef *)calloc(ctx->nstmts + 1, sizeof(LLVMValueRef));
    ctx->argbuf_len = 4;
    find_blocks(ctx);
    if (ctx->failed || ctx->nstmts == 0)
        return 0;
    LLVMBasicBlockRef prologue = jl_cg_new_block(ctx, "prologue");
    jl_cg_set_block(ctx, prologue);
    ctx->argbuf = emit_alloca(ctx, LLVMArrayType2(T_ptr, ctx->argbuf_len), "args");
    setup_slots_and_args(ctx);
    emit_sparam_env(ctx);
    LLVMBasicBlockRef body_start = jl_cg_new_block(ctx, "start");
    LLVMBuildBr(ctx->B, body_start);
    jl_cg_set_block(ctx, body_start);
    emit_body(ctx);
    if (ctx->failed)
        return 0;
    /* entry: allocas, then (for functions that call) the stack check, then the prologue */
    LLVMPositionBuilderAtEnd(ctx->B, ctx->entry);
    if (ctx->has_calls)
        emit_stack_check(ctx);
    LLVMBuildBr(ctx->B, prologue);
    emit_wrapper(ctx);
    return !ctx->failed;
}

static void dispose_ctx(jl_codectx_t *ctx)
{
    if (ctx->B)
        LLVMDisposeBuilder(ctx->B);
    if (ctx->AB)
        LLVMDisposeBuilder(ctx->AB);
    ctx->B = ctx->AB = NULL;
    free(ctx->ssavals);
    free(ctx->ssa_set);
    free(ctx->blocks);
    free(ctx->handlers);
    free(ctx->slots);
    free(ctx->argvals);
    for (size_t i = 0; i < ctx->ncallees; i++)
        free(ctx->callees[i]);
    free(ctx->callees);
    free_sig(&ctx->sig);
}

static int should_add_to_shadow(jl_codectx_t *ctx)
{
    /* compile hints and the package's own code; everything compiled while generating output is
     * recorded, so the callees of these roots follow them into the image */
    int hint = &jl_in_compile_hint != NULL ? jl_in_compile_hint : 0;
    if (hint > 0 || ctx->mi->precompiled)
        return 1;
    jl_module_t *m = ctx->module;
    return m != NULL && m != jl_core_module && m != jl_base_module && jl_module_root(m) != jl_base_module &&
           jl_module_root(m) != jl_core_module;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void log_compile(jl_codectx_t *ctx, int ok, uint64_t ns)
{
    if (!codegen_log)
        return;
    const char *name = ctx->method ? jl_symbol_name(ctx->method->name) : "toplevel";
    if (ok)
        fprintf(stderr, "codegen: compiled %s as %s (%s) in %.3f ms at %p\n", name, ctx->worker_name,
                ctx->typed ? "typed" : "untyped", (double)ns / 1e6, ctx->ci->specptr);
    else
        fprintf(stderr, "codegen: cannot compile %s: %s\n", name, ctx->why ? ctx->why : "unknown");
}

/* Hand the finished module to the JIT (recording it for the shadow module first when generating output)
 * and set the CodeInstance's entry points. */
static uint64_t now_ns(void);
static uint64_t phase_ns[8];

/* Straight-line functions that do not call themselves get unoptimized machine code (a third of the cost);
 * small ones are inlined into their callers anyway, where the caller's code generation applies. */
static int fast_codegen(jl_codectx_t *ctx)
{
    if (jl_options.opt_level == 0)
        return 1;
    return !ctx->has_loops && !ctx->self_recursive;
}

/* Blocks left open after a call that never returns (error paths) end in `unreachable`. */
static void terminate_open_blocks(LLVMModuleRef m)
{
    LLVMBuilderRef b = LLVMCreateBuilderInContext(C);
    for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb)) {
            if (LLVMGetBasicBlockTerminator(bb) == NULL) {
                LLVMPositionBuilderAtEnd(b, bb);
                LLVMBuildUnreachable(b);
            }
        }
    }
    LLVMDisposeBuilder(b);
}

static int finalize_function(jl_codectx_t *ctx)
{
    uint64_t t0 = now_ns();
    char *err = NULL;
    terminate_open_blocks(ctx->M);
    if (LLVMVerifyModule(ctx->M, LLVMReturnStatusAction, &err)) {
        if (codegen_log || dump_llvm) {
            fprintf(stderr, "codegen: invalid IR for %s: %s\n", ctx->worker_name, err);
            if (dump_llvm) {
                char *ir = LLVMPrintModuleToString(ctx->M);
                fputs(ir, stderr);
                LLVMDisposeMessage(ir);
            }
        }
        LLVMDisposeMessage(err);
        jl_cg_fail(ctx, "invalid IR");
        return 0;
    }
    LLVMDisposeMessage(err);
    if (jl_generating_output()) {
        jl_jit_record_output(ctx->ci, ctx->worker_name, ctx->wrapper_name, LLVMCloneModule(ctx->M),
                             (const char **)ctx->callees, ctx->ncallees, should_add_to_shadow(ctx));
        jl_jit_privatize_gvars(ctx->M);
    }
    uint64_t t1 = now_ns();
    if (jl_options.opt_level > 0)
        for (size_t i = 0; i < ctx->ncallees; i++)
            jl_jit_link_inlinable(ctx->M, ctx->callees[i]);
    uint64_t t2 = now_ns();
    jl_jit_optimize(ctx->M, ctx->has_loops);
    uint64_t t3 = now_ns();
    if (dump_llvm) {
        char *ir = LLVMPrintModuleToString(ctx->M);
        fputs(ir, stderr);
        LLVMDisposeMessage(ir);
    }
    if (jl_options.opt_level > 0 && !ctx->has_try)
        jl_jit_remember_inlinable(ctx->worker_name, ctx->M);
    uint64_t t4 = now_ns();
    LLVMModuleRef m = ctx->M;
    ctx->M = NULL;
    if (!jl_jit_add_module(m, fast_codegen(ctx))) {
        jl_cg_fail(ctx, "JIT rejected the module");
        return 0;
    }
    uint64_t tl = now_ns();
    void *wrapper = jl_jit_lookup(ctx->wrapper_name);
    void *worker = wrapper ? jl_jit_lookup(ctx->worker_name) : NULL;
    if (codegen_log > 1)
        fprintf(stderr, "codegen: lookup %.3f ms\n", (now_ns() - tl) / 1e6);
    if (!wrapper || !worker) {
        jl_cg_fail(ctx, "JIT lookup failed (missing runtime symbol?)");
        return 0;
    }
    uint64_t t5 = now_ns();
    phase_ns[0] += t1 - t0; phase_ns[1] += t2 - t1; phase_ns[2] += t3 - t2; phase_ns[3] += t4 - t3;
    phase_ns[4] += t5 - t4;
    if (codegen_log > 1)
        fprintf(stderr, "codegen: verify %.3f link %.3f opt %.3f inl %.3f jit %.3f ms\n", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
    register_worker(worker, ctx->worker_name, &ctx->sig);
    ctx->ci->specptr = worker;
    ctx->ci->isspecsig = 1;
    ctx->ci->invoke = (jl_fptr_args_t)wrapper;
    return 1;
}

int jl_compile_codeinst(jl_code_instance_t *ci, jl_code_info_t *src)
{
    if (jl_options.compile_enabled == 0 || ci == NULL || src == NULL || !jl_is_code_info(src) || C == NULL)
        return 0;
    uint64_t t0 = now_ns();
    jl_codectx_t ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.ci = ci;
    ctx.mi = ci->def;
    ctx.src = src;
    ctx.method = jl_is_method(ctx.mi->def) ? (jl_method_t *)ctx.mi->def : NULL;
    ctx.module = ctx.method ? ctx.method->module : jl_is_module(ctx.mi->def) ? (jl_module_t *)ctx.mi->def : NULL;
    ctx.world = ci->max_world == JL_MAX_WORLD ? jl_world_counter : ci->max_world;
    if (ctx.world < ci->min_world)
        ctx.world = ci->min_world;
    ctx.roots = jl_alloc_vec_any(0);
    ctx.outer = compiling;
    if (ctx.module == NULL)
        return 0;
    compiling = &ctx;
    volatile int ok = 0;
    JL_TRY {
        ok = emit_function(&ctx) && finalize_function(&ctx);
    }
    JL_CATCH {
        ok = 0;
        jl_cg_fail(&ctx, "error thrown while compiling");
    }
    compiling = ctx.outer;
    if (!ok && ctx.M)
        LLVMDisposeModule(ctx.M);
    ctx.M = NULL;
    uint64_t dt = now_ns() - t0;
    log_compile(&ctx, ok, dt);
    dispose_ctx(&ctx);
    if (ok) {
        n_compiled++;
        total_compile_ns += dt;
    }
    else {
        n_failed++;
    }
    return ok;
}

/* statistics for tests and benchmarks */
void jl_codegen_stats(size_t *ncompiled, size_t *nfailed, uint64_t *ns)
{
    if (ncompiled)
        *ncompiled = n_compiled;
    if (nfailed)
        *nfailed = n_failed;
    if (ns)
        *ns = total_compile_ns;
}

void jl_init_codegen(void)
{
    if (C)
        return;
    jl_init_jit();
    init_llvm_types();
    codegen_log = getenv("JULIA_CODEGEN_LOG") ? atoi(getenv("JULIA_CODEGEN_LOG")) : 0;
    dump_llvm = JL_DUMP_LLVM || (getenv("JULIA_DUMP_LLVM") && strcmp(getenv("JULIA_DUMP_LLVM"), "0") != 0);
    if (jl_main_stack_base && !getenv("JULIA_NO_STACK_CHECK"))
        jl_cg_stack_limit = (char *)jl_main_stack_base - (7 * 1024 * 1024 + 64 * 1024);
}
