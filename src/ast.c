/* ast.c: constructors for strings and the syntax objects shared by the parser, lowering, the interpreter
 * and codegen: Expr, QuoteNode, LineNumberNode, GotoNode, ..., CodeInfo, and copying of ASTs. */
#include "julia_internal.h"
#include <stdarg.h>

JL_DLLEXPORT jl_value_t *jl_alloc_string(size_t len)
{
    if (len > ((size_t)1 << 48))
        jl_argument_error("invalid String length");
    jl_value_t *s = jl_gc_alloc(sizeof(size_t) + len + 1, (jl_value_t *)jl_string_type);
    *(size_t *)s = len;
    jl_string_data(s)[len] = 0;
    return s;
}

JL_DLLEXPORT jl_value_t *jl_pchar_to_string(const char *str, size_t len)
{
    if (len == 0 && jl_an_empty_string)
        return jl_an_empty_string;
    jl_value_t *s = jl_alloc_string(len);
    if (len)
        memcpy(jl_string_data(s), str, len);
    return s;
}

JL_DLLEXPORT jl_value_t *jl_cstr_to_string(const char *str)
{
    return jl_pchar_to_string(str, strlen(str));
}

JL_DLLEXPORT jl_expr_t *jl_exprn(jl_sym_t *head, size_t n)
{
    jl_array_t *ar = jl_alloc_vec_any(n);
    jl_expr_t *ex = (jl_expr_t *)jl_gc_alloc(sizeof(jl_expr_t), (jl_value_t *)jl_expr_type);
    ex->head = head;
    ex->args = ar;
    return ex;
}

JL_DLLEXPORT jl_expr_t *jl_expr(jl_sym_t *head, size_t n, ...)
{
    va_list ap;
    jl_expr_t *ex = jl_exprn(head, n);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        jl_exprargset(ex, i, va_arg(ap, jl_value_t *));
    va_end(ap);
    return ex;
}

JL_DLLEXPORT void jl_expr_push(jl_expr_t *e, jl_value_t *arg)
{
    jl_array_ptr_1d_push(e->args, arg);
}

static jl_value_t *new_node1(jl_datatype_t *t, jl_value_t *a)
{
    jl_value_t *v = jl_gc_alloc(sizeof(void *), (jl_value_t *)t);
    *(jl_value_t **)v = a;
    return v;
}

static jl_value_t *new_intnode(jl_datatype_t *t, intptr_t x)
{
    jl_value_t *v = jl_gc_alloc(sizeof(intptr_t), (jl_value_t *)t);
    *(intptr_t *)v = x;
    return v;
}

JL_DLLEXPORT jl_value_t *jl_new_quotenode(jl_value_t *v) { return new_node1(jl_quotenode_type, v); }
JL_DLLEXPORT jl_value_t *jl_new_returnnode(jl_value_t *val) { return new_node1(jl_returnnode_type, val); }
JL_DLLEXPORT jl_value_t *jl_new_newvarnode(jl_value_t *slot) { return new_node1(jl_newvarnode_type, slot); }
JL_DLLEXPORT jl_value_t *jl_new_gotonode(intptr_t label) { return new_intnode(jl_gotonode_type, label); }
JL_DLLEXPORT jl_value_t *jl_new_argument(intptr_t n) { return new_intnode(jl_argument_type, n); }

JL_DLLEXPORT jl_value_t *jl_new_gotoifnot(jl_value_t *cond, intptr_t label)
{
    jl_gotoifnot_t *g = (jl_gotoifnot_t *)jl_gc_alloc(sizeof(jl_gotoifnot_t), (jl_value_t *)jl_gotoifnot_type);
    g->cond = cond;
    g->dest = label;
    return (jl_value_t *)g;
}

JL_DLLEXPORT jl_value_t *jl_new_linenode(int64_t line, jl_value_t *file)
{
    jl_linenumbernode_t *n =
        (jl_linenumbernode_t *)jl_gc_alloc(sizeof(jl_linenumbernode_t), (jl_value_t *)jl_linenumbernode_type);
    n->line = (intptr_t)line;
    n->file = file ? file : jl_nothing;
    return (jl_value_t *)n;
}

JL_DLLEXPORT jl_value_t *jl_module_globalref(jl_module_t *m, jl_sym_t *var)
{
    jl_globalref_t *g = (jl_globalref_t *)jl_gc_alloc(sizeof(jl_globalref_t), (jl_value_t *)jl_globalref_type);
    g->mod = m;
    g->name = var;
    g->binding = NULL;
    return (jl_value_t *)g;
}

JL_DLLEXPORT jl_code_info_t *jl_new_code_info_uninit(void)
{
    jl_code_info_t *src = (jl_code_info_t *)jl_gc_alloc(sizeof(jl_code_info_t), (jl_value_t *)jl_code_info_type);
    src->code = jl_alloc_vec_any(0);
    src->codelocs = jl_alloc_array_1d((jl_value_t *)jl_array_int32_type, 0);
    src->ssavaluetypes = jl_box_long(0);
    src->ssaflags = jl_alloc_array_1d((jl_value_t *)jl_array_uint8_type, 0);
    src->slotnames = jl_alloc_array_1d((jl_value_t *)jl_array_symbol_type, 0);
    src->slotflags = jl_alloc_array_1d((jl_value_t *)jl_array_uint8_type, 0);
    src->slottypes = jl_nothing;
    src->rettype = (jl_value_t *)jl_any_type;
    src->parent = jl_nothing;
    src->linetable = (jl_value_t *)jl_alloc_vec_any(0);
    src->edges = jl_nothing;
    src->min_world = 1;
    src->max_world = JL_MAX_WORLD;
    return src;
}

/* Deep copy of Expr trees (and the Vector{Any}s inside them); other values are shared. */
JL_DLLEXPORT jl_value_t *jl_copy_ast(jl_value_t *expr)
{
    if (expr == NULL)
        return NULL;
    if (jl_is_expr(expr)) {
        jl_expr_t *e = (jl_expr_t *)expr;
        size_t n = jl_expr_nargs(e);
        jl_expr_t *ne = jl_exprn(e->head, n);
        for (size_t i = 0; i < n; i++)
            jl_exprargset(ne, i, jl_copy_ast(jl_exprarg(e, i)));
        return (jl_value_t *)ne;
    }
    if (jl_is_array(expr) && ((jl_array_t *)expr)->ptrarray && jl_typeis(expr, jl_array_any_type)) {
        jl_array_t *a = (jl_array_t *)expr;
        jl_array_t *na = jl_alloc_vec_any(a->length);
        for (size_t i = 0; i < a->length; i++)
            jl_array_ptr_set(na, i, jl_copy_ast(jl_array_ptr_ref(a, i)));
        return (jl_value_t *)na;
    }
    return expr;
}
