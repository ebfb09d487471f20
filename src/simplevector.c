/* simplevector.c: Core.SimpleVector (svec), the immutable pointer vector used inside types and methods. */
#include "julia_internal.h"
#include <stdarg.h>

JL_DLLEXPORT jl_svec_t *jl_alloc_svec_uninit(size_t n)
{
    if (n == 0 && jl_emptysvec)
        return jl_emptysvec;
    jl_svec_t *v = (jl_svec_t *)jl_gc_alloc(sizeof(jl_svec_t) + n * sizeof(void *), (jl_value_t *)jl_simplevector_type);
    v->length = n;
    return v;
}

JL_DLLEXPORT jl_svec_t *jl_alloc_svec(size_t n)
{
    jl_svec_t *v = jl_alloc_svec_uninit(n);
    memset(jl_svec_data(v), 0, n * sizeof(void *));
    return v;
}

JL_DLLEXPORT jl_svec_t *jl_svec(size_t n, ...)
{
    va_list args;
    jl_svec_t *v = jl_alloc_svec_uninit(n);
    va_start(args, n);
    for (size_t i = 0; i < n; i++)
        jl_svecset(v, i, va_arg(args, jl_value_t *));
    va_end(args);
    return v;
}

JL_DLLEXPORT jl_svec_t *jl_svec1(void *a)
{
    jl_svec_t *v = jl_alloc_svec_uninit(1);
    jl_svecset(v, 0, a);
    return v;
}

JL_DLLEXPORT jl_svec_t *jl_svec2(void *a, void *b)
{
    jl_svec_t *v = jl_alloc_svec_uninit(2);
    jl_svecset(v, 0, a);
    jl_svecset(v, 1, b);
    return v;
}

JL_DLLEXPORT jl_svec_t *jl_svec_copy(jl_svec_t *a)
{
    size_t n = jl_svec_len(a);
    jl_svec_t *c = jl_alloc_svec_uninit(n);
    memcpy(jl_svec_data(c), jl_svec_data(a), n * sizeof(void *));
    return c;
}
