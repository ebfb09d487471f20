/* ccall_codegen.c: Expr(:foreigncall) for codegen.c (shape: /tmp/nc/foreigncall.md, interpreter.c).
 * Lowering keeps the name, return type and argument types as small expressions and passes the argument
 * values unconverted; the interpreter (intrinsics.c: jl_interp_ccall) converts them to the declared C types.
 * Here the name and types are evaluated at compile time; when every argument's static type allows the
 * interpreter's conversion to be done inline (the declared type itself, Ptr/String/Array/Symbol/nothing for
 * pointer arguments, other integers for integer arguments, any object for Any/Ref) the call is a direct C
 * call. Otherwise the statement calls jl_resolve_foreign + jl_interp_ccall at run time, so both paths behave
 * the same, errors included. */
#include "codegen_internal.h"
#include <string.h>
#include <alloca.h>

#define B (jl_cg_builder(ctx))

static LLVMContextRef ctxC(void) { return jl_llvm_context(); }
static LLVMTypeRef T_i8(void) { return LLVMInt8TypeInContext(ctxC()); }
static LLVMTypeRef T_i64(void) { return LLVMInt64TypeInContext(ctxC()); }

/* ---- compile-time evaluation of the name and type expressions --------------------------------------- */

static jl_value_t *core_builtin(const char *name)
{
    jl_binding_t *b = jl_get_module_binding(jl_core_module, jl_symbol(name), 0);
    return b ? b->value : NULL;
}

static jl_value_t *global_const(jl_module_t *m, jl_sym_t *s)
{
    jl_binding_t *b = jl_get_binding(m, s);
    while (b && b->alias)
        b = b->alias;
    return b && b->constp ? b->value : NULL;
}

/* Calls one of the type-building builtins (apply_type, svec, tuple) at compile time; NULL on error. */
static jl_value_t *call_builtin_now(jl_value_t *f, jl_value_t **args, size_t n)
{
    jl_fptr_args_t fptr = ((jl_datatype_t *)jl_typeof(f))->name->mt->builtin;
    jl_value_t *volatile r = NULL;
    JL_TRY {
        r = fptr(f, args, (uint32_t)n);
    }
    JL_CATCH {
        r = NULL;
    }
    return r;
}

static jl_value_t *static_eval(jl_codectx_t *ctx, jl_value_t *x, int depth)
{
    if (x == NULL || depth > 32)
        return NULL;
    if (jl_is_quotenode(x))
        return ((jl_quotenode_t *)x)->value;
    if (jl_is_globalref(x))
        return global_const(((jl_globalref_t *)x)->mod, ((jl_globalref_t *)x)->name);
    if (jl_is_symbol(x))
        return global_const(jl_cg_jlmodule(ctx), (jl_sym_t *)x);
    if (jl_is_ssavalue(x))
        return jl_cg_ssa_constant(ctx, (size_t)((jl_ssavalue_t *)x)->id);
    if (jl_is_slotnumber(x) || jl_is_argument(x))
        return NULL;
    if (!jl_is_expr(x))
        return x;
    jl_expr_t *ex = (jl_expr_t *)x;
    size_t n = jl_expr_nargs(ex);
    if (ex->head == jl_static_parameter_sym && n == 1 && jl_is_long(jl_exprarg(ex, 0))) {
        jl_svec_t *sp = jl_cg_sparams(ctx);
        size_t i = (size_t)jl_unbox_long(jl_exprarg(ex, 0)) - 1;
        jl_value_t *v = sp && i < jl_svec_len(sp) ? jl_svecref(sp, i) : NULL;
        return v && !jl_is_typevar(v) ? v : NULL;
    }
    if (ex->head != jl_call_sym || n == 0)
        return NULL;
    jl_value_t *f = static_eval(ctx, jl_exprarg(ex, 0), depth + 1);
    if (f == NULL || (f != core_builtin("apply_type") && f != core_builtin("svec") && f != core_builtin("tuple")))
        return NULL;
    jl_value_t **args = (jl_value_t **)alloca(n * sizeof(jl_value_t *));
    for (size_t i = 1; i < n; i++) {
        args[i - 1] = static_eval(ctx, jl_exprarg(ex, i), depth + 1);
        if (args[i - 1] == NULL)
            return NULL;
    }
    jl_value_t *r = call_builtin_now(f, args, n - 1);
    if (r)
        jl_array_ptr_1d_push(jl_cg_roots(ctx), r);
    return r;
}

/* ---- the target address -------------------------------------------------------------------------------- */

LLVMValueRef jl_cg_foreign_address(jl_codectx_t *ctx, jl_value_t *spec)
{
    void *volatile p = NULL;
    JL_TRY {
        p = jl_resolve_foreign(spec, "ccall");
    }
    JL_CATCH {
        p = NULL;
    }
    if (p == NULL)
        return NULL;
    LLVMTypeRef T_ptr = jl_cg_T_ptr();
    if (!jl_generating_output())
        return LLVMConstIntToPtr(LLVMConstInt(T_i64(), (uintptr_t)p, 0), T_ptr);
    /* images: resolved on first use, cached in a private global of the module */
    LLVMValueRef g = LLVMAddGlobal(jl_cg_module(ctx), T_ptr, "ccall_target");
    LLVMSetInitializer(g, LLVMConstNull(T_ptr));
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMValueRef cached = LLVMBuildLoad2(B, T_ptr, g, "");
    LLVMBasicBlockRef from = LLVMGetInsertBlock(B);
    LLVMBasicBlockRef slow = jl_cg_new_block(ctx, "ccall_resolve"), join = jl_cg_new_block(ctx, "ccall_ready");
    LLVMBuildCondBr(B, LLVMBuildIsNull(B, cached, ""), slow, join);
    jl_cg_set_block(ctx, slow);
    LLVMValueRef args[2] = {jl_cg_literal(ctx, spec), LLVMBuildGlobalStringPtr(B, "ccall", "")};
    LLVMTypeRef params[2] = {T_ptr, T_ptr};
    LLVMValueRef found = jl_cg_rtcall(ctx, "jl_resolve_foreign", T_ptr, params, 2, args, 0);
    LLVMBuildStore(B, found, g);
    LLVMBasicBlockRef slow_end = LLVMGetInsertBlock(B);
    LLVMBuildBr(B, join);
    jl_cg_set_block(ctx, join);
    LLVMValueRef phi = LLVMBuildPhi(B, T_ptr, "");
    LLVMValueRef vals[2] = {cached, found};
    LLVMBasicBlockRef bbs[2] = {from, slow_end};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return phi;
}

/* ---- argument conversions (the interpreter's, for statically known value types) ------------------------ */

static int is_ptr_type(jl_value_t *t)
{
    return jl_is_datatype(t) && ((jl_datatype_t *)t)->name == jl_pointer_typename;
}

static int is_ref_type(jl_value_t *t)
{
    return jl_is_datatype(t) && ((jl_datatype_t *)t)->name == jl_ref_type->name;
}

static int is_pointer_like(jl_value_t *t)
{
    if (is_ptr_type(t))
        return 1;
    const char *n = jl_symbol_name(((jl_datatype_t *)t)->name->name);
    return strcmp(n, "Cstring") == 0 || strcmp(n, "Cwstring") == 0;
}

static int is_float(jl_value_t *t)
{
    return t == (jl_value_t *)jl_float64_type || t == (jl_value_t *)jl_float32_type ||
           t == (jl_value_t *)jl_float16_type;
}

static int is_signed_int(jl_value_t *t)
{
    return t != (jl_value_t *)jl_bool_type && jl_subtype(t, (jl_value_t *)jl_signed_type);
}

static jl_value_t *static_type_of(jl_cgval_t v)
{
    return v.constant ? jl_typeof(v.constant) : v.typ;
}

/* A concrete primitive type of at most 8 bytes whose values are passed in an integer register. */
static int int_class(jl_value_t *t)
{
    return jl_is_primitivetype(t) && jl_is_concrete_type(t) && jl_datatype_size(t) <= 8 && !is_float(t);
}

static LLVMValueRef bits_as_int(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *vt)
{
    LLVMValueRef x = jl_cg_unbox(ctx, v, vt);
    LLVMTypeRef it = jl_cg_T_int((unsigned)jl_datatype_size(vt) * 8);
    return LLVMTypeOf(x) == it ? x : LLVMBuildBitCast(B, x, it, "");
}

/* pointer arguments: Ptr bits, String/Symbol/Array data, nothing, or a mutable object's address */
static LLVMValueRef pointer_arg(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *vt)
{
    LLVMTypeRef T_ptr = jl_cg_T_ptr();
    if (vt == (jl_value_t *)jl_nothing_type)
        return LLVMConstNull(T_ptr);
    if (jl_is_primitivetype(vt) && jl_datatype_size(vt) == 8 && jl_is_concrete_type(vt))
        return LLVMBuildIntToPtr(B, bits_as_int(ctx, v, vt), T_ptr, "");
    if (!jl_is_concrete_type(vt))
        return NULL;
    LLVMValueRef b = jl_cg_box(ctx, v);
    LLVMValueRef off;
    if (vt == (jl_value_t *)jl_string_type) {
        off = LLVMConstInt(T_i64(), sizeof(size_t), 0);
        return LLVMBuildInBoundsGEP2(B, T_i8(), b, &off, 1, "");
    }
    if (vt == (jl_value_t *)jl_symbol_type) {
        off = LLVMConstInt(T_i64(), sizeof(jl_sym_t), 0);
        return LLVMBuildInBoundsGEP2(B, T_i8(), b, &off, 1, "");
    }
    if (jl_is_array_type(vt)) {
        LLVMValueRef ld = LLVMBuildLoad2(B, T_ptr, b, "");   /* data is the first field */
        jl_cg_tbaa(ld, JL_TBAA_ARRAYHDR);
        return ld;
    }
    if (jl_is_mutable(vt))
        return b;
    return NULL;
}

/* integer arguments: the value's bits, sign- or zero-extended (by the value's type) or truncated */
static LLVMValueRef integer_arg(jl_codectx_t *ctx, jl_cgval_t v, jl_value_t *vt, jl_value_t *T)
{
    if (!int_class(vt))
        return NULL;
    LLVMValueRef x = bits_as_int(ctx, v, vt);
    unsigned from = (unsigned)jl_datatype_size(vt) * 8, to = (unsigned)jl_datatype_size(T) * 8;
    LLVMTypeRef it = jl_cg_T_int(to);
    if (T == (jl_value_t *)jl_bool_type) {
        LLVMValueRef nz = LLVMBuildICmp(B, LLVMIntNE, x, LLVMConstInt(LLVMTypeOf(x), 0, 0), "");
        return LLVMBuildZExt(B, nz, T_i8(), "");
    }
    if (from < to)
        x = is_signed_int(vt) ? LLVMBuildSExt(B, x, it, "") : LLVMBuildZExt(B, x, it, "");
    else if (from > to)
        x = LLVMBuildTrunc(B, x, it, "");
    LLVMTypeRef lt = jl_julia_type_to_llvm(T);
    return LLVMTypeOf(x) == lt ? x : LLVMBuildBitCast(B, x, lt, "");
}

/* The C argument for declared type T, or NULL when the conversion is not known statically.
 * *ext: 1 zeroext, 2 signext. */
static LLVMValueRef direct_arg(jl_codectx_t *ctx, jl_value_t *T, jl_cgval_t v, LLVMTypeRef *lt, int *ext)
{
    jl_value_t *vt = static_type_of(v);
    *ext = 0;
    *lt = jl_cg_T_ptr();
    if (T == (jl_value_t *)jl_any_type)
        return jl_cg_box(ctx, v);
    if (T == (jl_value_t *)jl_float64_type || T == (jl_value_t *)jl_float32_type) {
        if (vt != T)
            return NULL;
        *lt = jl_julia_type_to_llvm(T);
        return jl_cg_unbox(ctx, v, T);
    }
    if (is_ref_type(T)) {
        if (is_ptr_type(vt) && jl_is_concrete_type(vt))
            return LLVMBuildIntToPtr(B, bits_as_int(ctx, v, vt), jl_cg_T_ptr(), "");
        if (jl_is_concrete_type(vt) && !is_ptr_type(vt))
            return jl_cg_box(ctx, v);
        return NULL;
    }
    if (!int_class(T) || T == (jl_value_t *)jl_float16_type)
        return NULL;
    if (is_pointer_like(T))
        return pointer_arg(ctx, v, vt);
    *lt = jl_julia_type_to_llvm(T);
    if (jl_datatype_size(T) < 4 || T == (jl_value_t *)jl_bool_type)
        *ext = is_signed_int(T) ? 2 : 1;
    return integer_arg(ctx, v, vt, T);
}

/* ---- return values ---------------------------------------------------------------------------------- */

enum { RET_NONE = -1, RET_VOID, RET_ANY, RET_FLOAT, RET_BOOL, RET_PTR, RET_INT };

static int return_class(jl_value_t *rt, LLVMTypeRef *lt)
{
    if (rt == (jl_value_t *)jl_nothing_type) {
        *lt = LLVMVoidTypeInContext(ctxC());
        return RET_VOID;
    }
    if (rt == (jl_value_t *)jl_any_type) {
        *lt = jl_cg_T_ptr();
        return RET_ANY;
    }
    if (rt == (jl_value_t *)jl_float64_type || rt == (jl_value_t *)jl_float32_type) {
        *lt = jl_julia_type_to_llvm(rt);
        return RET_FLOAT;
    }
    if (rt == (jl_value_t *)jl_bool_type) {
        *lt = T_i8();
        return RET_BOOL;
    }
    if (!jl_is_primitivetype(rt) || !jl_is_concrete_type(rt) || is_float(rt) ||
        (jl_datatype_size(rt) > 8 && jl_datatype_size(rt) != 16))
        return RET_NONE;
    if (is_pointer_like(rt)) {
        *lt = jl_cg_T_ptr();
        return RET_PTR;
    }
    *lt = jl_julia_type_to_llvm(rt);
    return RET_INT;
}

static void add_ext_attr(LLVMValueRef call, unsigned idx, int ext)
{
    if (!ext)
        return;
    const char *name = ext == 1 ? "zeroext" : "signext";
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddCallSiteAttribute(call, idx, LLVMCreateEnumAttribute(ctxC(), kind, 0));
}

static jl_cgval_t convert_return(jl_codectx_t *ctx, int cls, LLVMValueRef call, jl_value_t *rt)
{
    switch (cls) {
    case RET_VOID:
        return jl_cg_const(jl_nothing);
    case RET_ANY:
        jl_cg_error_block(ctx, LLVMBuildIsNull(B, call, ""), "jl_undefref_error", NULL, 0, NULL);
        return jl_cg_boxed(call, NULL);
    case RET_BOOL: {
        LLVMValueRef nz = LLVMBuildICmp(B, LLVMIntNE, call, LLVMConstInt(T_i8(), 0, 0), "");
        return jl_cg_unboxed(LLVMBuildZExt(B, nz, T_i8(), ""), rt);
    }
    case RET_PTR: {
        LLVMValueRef i = LLVMBuildPtrToInt(B, call, T_i64(), "");
        LLVMTypeRef lt = jl_julia_type_to_llvm(rt);
        return jl_cg_unboxed(LLVMTypeOf(i) == lt ? i : LLVMBuildBitCast(B, i, lt, ""), rt);
    }
    default:
        return jl_cg_unboxed(call, rt);
    }
}

/* ---- the two paths -------------------------------------------------------------------------------------- */

static int emit_direct_ccall(jl_codectx_t *ctx, jl_value_t *spec, jl_value_t *rt, jl_svec_t *at, size_t nreq,
                             jl_cgval_t *vals, size_t nc, jl_cgval_t *r)
{
    LLVMTypeRef rlt;
    int rcls = return_class(rt, &rlt);
    if (rcls == RET_NONE)
        return 0;
    LLVMTypeRef *params = (LLVMTypeRef *)alloca((nc + 1) * sizeof(LLVMTypeRef));
    LLVMValueRef *cargs = (LLVMValueRef *)alloca((nc + 1) * sizeof(LLVMValueRef));
    int *exts = (int *)alloca((nc + 1) * sizeof(int));
    /* decide first (emitting nothing) whether every argument converts statically */
    for (size_t i = 0; i < nc; i++) {
        jl_value_t *T = jl_svecref(at, i);
        jl_value_t *vt = static_type_of(vals[i]);
        if (T == (jl_value_t *)jl_any_type)
            continue;
        if (T == (jl_value_t *)jl_float64_type || T == (jl_value_t *)jl_float32_type) {
            if (vt != T)
                return 0;
            continue;
        }
        if (is_ref_type(T)) {
            if (!jl_is_concrete_type(vt))
                return 0;
            continue;
        }
        if (!int_class(T) || T == (jl_value_t *)jl_float16_type)
            return 0;
        if (is_pointer_like(T)) {
            if (!(vt == (jl_value_t *)jl_nothing_type || (jl_is_primitivetype(vt) && jl_datatype_size(vt) == 8 && jl_is_concrete_type(vt)) ||
                  vt == (jl_value_t *)jl_string_type || vt == (jl_value_t *)jl_symbol_type ||
                  (jl_is_array_type(vt) && jl_is_concrete_type(vt)) || (jl_is_concrete_type(vt) && jl_is_mutable(vt))))
                return 0;
            continue;
        }
        if (!int_class(vt))
            return 0;
    }
    LLVMValueRef target = jl_cg_foreign_address(ctx, spec);
    if (target == NULL)
        return 0;
    for (size_t i = 0; i < nc; i++) {
        cargs[i] = direct_arg(ctx, jl_svecref(at, i), vals[i], &params[i], &exts[i]);
        if (cargs[i] == NULL) {
            jl_cg_fail(ctx, "ccall argument conversion");
            return 0;
        }
    }
    int vararg = nreq > 0 && nreq < nc;
    LLVMTypeRef fty = LLVMFunctionType(rlt, params, (unsigned)(vararg ? nreq : nc), vararg);
    LLVMValueRef call = LLVMBuildCall2(B, fty, target, cargs, (unsigned)nc, "");
    for (size_t i = 0; i < nc; i++)
        add_ext_attr(call, (unsigned)i + 1, exts[i]);
    *r = convert_return(ctx, rcls, call, rt);
    return 1;
}

/* Everything evaluated at run time, then jl_resolve_foreign + jl_interp_ccall (the interpreter's path). */
static jl_cgval_t emit_dynamic_ccall(jl_codectx_t *ctx, jl_expr_t *ex, jl_value_t *spec, jl_value_t *rt,
                                     jl_value_t *at, jl_cgval_t *vals, size_t nc)
{
    LLVMTypeRef T_ptr = jl_cg_T_ptr();
    jl_value_t *fx = jl_exprarg(ex, 0);
    jl_cgval_t specv = spec ? jl_cg_const(spec) : jl_is_symbol(fx) ? jl_cg_const(fx) : jl_cg_emit_value(ctx, fx);
    jl_cgval_t rtv = rt ? jl_cg_const(rt) : jl_cg_emit_value(ctx, jl_exprarg(ex, 1));
    jl_cgval_t atv = at ? jl_cg_const(at) : jl_cg_emit_value(ctx, jl_exprarg(ex, 2));
    LLVMValueRef rargs[2] = {jl_cg_box(ctx, specv), LLVMBuildGlobalStringPtr(B, "ccall", "")};
    LLVMTypeRef rparams[2] = {T_ptr, T_ptr};
    LLVMValueRef fptr = jl_cg_rtcall(ctx, "jl_resolve_foreign", T_ptr, rparams, 2, rargs, 0);
    LLVMValueRef cargs[5] = {fptr, jl_cg_box(ctx, rtv), jl_cg_box(ctx, atv), jl_cg_boxed_args(ctx, vals, nc),
                             LLVMConstInt(T_i64(), nc, 0)};
    LLVMTypeRef cparams[5] = {T_ptr, T_ptr, T_ptr, T_ptr, T_i64()};
    LLVMValueRef v = jl_cg_rtcall(ctx, "jl_interp_ccall", T_ptr, cparams, 5, cargs, 0);
    jl_value_t *t = rt && jl_is_type(rt) && !jl_has_free_typevars(rt) && !is_ref_type(rt) ? rt : NULL;
    return jl_cg_boxed(v, t);
}

int jl_emit_foreigncall(jl_codectx_t *ctx, jl_expr_t *ex, jl_cgval_t *r)
{
    size_t n = jl_expr_nargs(ex);
    if (n < 5)
        return 0;
    jl_value_t *fx = jl_exprarg(ex, 0);
    jl_value_t *spec = jl_is_symbol(fx) ? fx : static_eval(ctx, fx, 0);
    jl_value_t *rt = static_eval(ctx, jl_exprarg(ex, 1), 0);
    jl_value_t *at = static_eval(ctx, jl_exprarg(ex, 2), 0);
    jl_value_t *nreqv = jl_exprarg(ex, 3);
    size_t nreq = jl_is_long(nreqv) ? (size_t)jl_unbox_long(nreqv) : 0;
    int static_types = rt && at && jl_is_svec(at) && jl_is_type(rt) && !jl_has_free_typevars(rt);
    size_t nc = n - 5;
    if (static_types) {
        size_t nat = jl_svec_len(at);
        for (size_t i = 0; i < nat; i++) {
            jl_value_t *T = jl_svecref(at, i);
            if (jl_is_vararg(T) || !jl_is_type(T) || jl_has_free_typevars(T))
                static_types = 0;
        }
        if (static_types && nat <= nc)
            nc = nat;
        else
            static_types = 0;
    }
    jl_cgval_t *vals = (jl_cgval_t *)alloca((nc + 1) * sizeof(jl_cgval_t));
    for (size_t i = 0; i < nc; i++)
        vals[i] = jl_cg_emit_value(ctx, jl_exprarg(ex, 5 + i));
    if (jl_cg_failed(ctx))
        return 0;
    if (static_types && spec && emit_direct_ccall(ctx, spec, rt, (jl_svec_t *)at, nreq, vals, nc, r))
        return 1;
    if (jl_cg_failed(ctx))
        return 0;
    *r = emit_dynamic_ccall(ctx, ex, spec, rt, at, vals, nc);
    return !jl_cg_failed(ctx);
}
