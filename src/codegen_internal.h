/* codegen_internal.h: private interface between codegen.c (lowered code -> LLVM IR), intrinsics_codegen.c
 * (Core.Intrinsics and ccall as LLVM instructions) and jitlayers.c (ORC JIT, object slots, shadow module).
 * Nothing outside these three files includes it. */
#ifndef JL_CODEGEN_INTERNAL_H
#define JL_CODEGEN_INTERNAL_H

#include "julia_internal.h"
#include <llvm-c/Core.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

/* ---- jitlayers.c ---------------------------------------------------------------------------------- */
void jl_init_jit(void);
LLVMContextRef jl_llvm_context(void);
LLVMModuleRef jl_jit_new_module(const char *name);       /* triple and data layout of the JIT target */
void jl_jit_optimize(LLVMModuleRef m, int has_loops);    /* the -O pipeline */
/* Emit machine code for a module (fast: no code generator optimization) and hand it to the JIT (takes
 * ownership); returns 0 on failure. */
int jl_jit_add_module(LLVMModuleRef m, int fast);
void *jl_jit_lookup(const char *name);                   /* NULL if not found */
int jl_host_has_fma(void);
/* Object slots: every object referenced by generated code gets a process-wide slot index; the object is
 * rooted for the life of the process. In an image the slots become the `jl_gvars` table. */
size_t jl_gvar_index(jl_value_t *v);
jl_value_t *jl_gvar_object(size_t i);
size_t jl_gvar_count(void);
/* Output mode: turn the `jl_gvar_N` declarations of a module into private constants holding the
 * addresses (for the in-process JIT copy of code that is also written to an image). */
void jl_jit_privatize_gvars(LLVMModuleRef m);
/* Inlining store: optimized copies of small workers, linked `available_externally` into callers. */
void jl_jit_remember_inlinable(const char *worker, LLVMModuleRef optimized);
int jl_jit_link_inlinable(LLVMModuleRef into, const char *worker);
/* Output mode bookkeeping: record a compiled function (unoptimized clone of its module) and, if `root`,
 * add it with everything it calls directly to the shadow module. */
void jl_jit_record_output(jl_code_instance_t *ci, const char *worker, const char *wrapper,
                          LLVMModuleRef unoptimized, const char **callees, size_t ncallees, int root);

/* ---- codegen.c: values and context shared with intrinsics_codegen.c ---------------------------------- */
typedef struct {
    LLVMValueRef V;          /* unboxed LLVM value, or jl_value_t* when isboxed; NULL for constants/ghosts */
    jl_value_t *typ;         /* static Julia type */
    jl_value_t *constant;    /* the value, when known at compile time (else NULL) */
    uint8_t isboxed;
} jl_cgval_t;

/* BOXED: jl_value_t*; UNBOXED: the LLVM value of a concrete bits type; GHOST: nothing (a singleton);
 * BOTTOM: no value; UNION: a Union of concrete bits types as { [k x i64] payload, i8 tindex } (tindex is
 * the 1-based position of the value's type among the union's components, jl_union_components order). */
enum { JL_REP_BOXED = 0, JL_REP_UNBOXED, JL_REP_GHOST, JL_REP_BOTTOM, JL_REP_UNION };
/* alias classes of memory accesses (TBAA) */
enum { JL_TBAA_NONE = 0, JL_TBAA_IMMUT, JL_TBAA_MUT, JL_TBAA_ARRAYBUF, JL_TBAA_ARRAYHDR, JL_TBAA_TAG,
       JL_TBAA_BINDING, JL_TBAA_N };
void jl_cg_tbaa(LLVMValueRef inst, int kind);

typedef struct _jl_codectx_t jl_codectx_t;

/* the helpers intrinsics_codegen.c uses */
LLVMBuilderRef jl_cg_builder(jl_codectx_t *ctx);
LLVMModuleRef jl_cg_module(jl_codectx_t *ctx);
void jl_cg_fail(jl_codectx_t *ctx, const char *why);
int jl_cg_failed(jl_codectx_t *ctx);
int jl_type_rep(jl_value_t *t, LLVMTypeRef *lt, jl_value_t **ghost);
LLVMTypeRef jl_julia_type_to_llvm(jl_value_t *t);     /* NULL if t is not a concrete bits type */
jl_cgval_t jl_cg_unboxed(LLVMValueRef v, jl_value_t *typ);
jl_cgval_t jl_cg_boxed(LLVMValueRef v, jl_value_t *typ);
jl_cgval_t jl_cg_const(jl_value_t *v);
LLVMValueRef jl_cg_box(jl_codectx_t *ctx, jl_cgval_t v);             /* as jl_value_t* */
LLVMValueRef jl_cg_unbox(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *T); /* as T's LLVM type (checked) */
LLVMValueRef jl_cg_literal(jl_codectx_t *ctx, jl_value_t *v);     /* the ONE way to reference an object */
LLVMValueRef jl_cg_rtcall(jl_codectx_t *ctx, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                          unsigned nparams, LLVMValueRef *args, int noreturn);
LLVMValueRef jl_cg_intrinsic(jl_codectx_t *ctx, const char *name, LLVMTypeRef *overload, unsigned nover,
                             LLVMValueRef *args, unsigned nargs);
LLVMValueRef jl_cg_boxed_args(jl_codectx_t *ctx, jl_cgval_t *args, size_t n); /* ptr to a jl_value_t*[n] */
LLVMTypeRef jl_cg_T_ptr(void);
LLVMTypeRef jl_cg_T_int(unsigned bits);
LLVMValueRef jl_cg_error_block(jl_codectx_t *ctx, LLVMValueRef failcond, const char *fn, LLVMValueRef *args,
                               unsigned nargs, LLVMTypeRef *params);
LLVMBasicBlockRef jl_cg_new_block(jl_codectx_t *ctx, const char *name);
void jl_cg_set_block(jl_codectx_t *ctx, LLVMBasicBlockRef bb);
jl_value_t *jl_cg_constant_of(jl_codectx_t *ctx, jl_cgval_t v); /* v.constant, or NULL */
jl_cgval_t jl_cg_emit_value(jl_codectx_t *ctx, jl_value_t *x);   /* an argument of a statement */
jl_value_t *jl_cg_ssa_constant(jl_codectx_t *ctx, size_t id);     /* SSAValue(id) if a known constant */

/* ---- intrinsics_codegen.c ------------------------------------------------------------------------- */
/* Emit intrinsic `id` inline. Returns 0 if it cannot (unknown argument types...): the caller then calls
 * jl_interp_intrinsic with boxed arguments. */
int jl_emit_intrinsic(jl_codectx_t *ctx, int id, jl_cgval_t *args, size_t nargs, jl_cgval_t *result);

/* ---- ccall_codegen.c ------------------------------------------------------------------------------ */
/* Expr(:foreigncall, name, rettype, argtypes, nreq, cconv, args...) (shape: /tmp/nc/foreigncall.md and
 * interpreter.c). 0 = cannot compile (the function then runs in the interpreter). */
int jl_emit_foreigncall(jl_codectx_t *ctx, jl_expr_t *ex, jl_cgval_t *result);
/* The address of a ccall/cglobal target (:name, "name", (:name, lib)) as a ptr value, or NULL when it
 * cannot be resolved now (the error is then raised at run time by the interpreter's path). */
LLVMValueRef jl_cg_foreign_address(jl_codectx_t *ctx, jl_value_t *spec);
jl_array_t *jl_cg_roots(jl_codectx_t *ctx);        /* objects to keep alive while compiling */
jl_module_t *jl_cg_jlmodule(jl_codectx_t *ctx);
jl_svec_t *jl_cg_sparams(jl_codectx_t *ctx);

#endif
