/* array.c: Array storage. Elements are stored inline when the element type is a concrete bits type,
 * else as jl_value_t* (NULL = #undef). The data buffer is malloc'd through the GC (jl_gc_managed_malloc)
 * and owned by the array unless `shared` (then `owner` keeps the real owner alive). 1-d arrays grow at
 * both ends: `offset` counts free element slots before `data`. */
#include "julia_internal.h"
#include <stdlib.h>

static size_t elsize_for(jl_value_t *eltype, int *isptr)
{
    if (jl_isbits(eltype)) {
        *isptr = 0;
        size_t sz = (size_t)((jl_datatype_t *)eltype)->size;
        return sz;
    }
    *isptr = 1;
    return sizeof(void *);
}

jl_array_t *jl_new_array_for(jl_value_t *atype, size_t ndims, size_t *dims)
{
    jl_value_t *eltype = jl_tparam0(atype);
    int isptr;
    size_t elsz = elsize_for(eltype, &isptr);
    size_t n = 1;
    for (size_t i = 0; i < ndims; i++) {
        if (dims[i] > ((size_t)1 << 48))
            jl_argument_error("invalid Array dimensions");
        n *= dims[i];
    }
    if (elsz && n > ((size_t)1 << 48) / elsz)
        jl_argument_error("invalid Array size");
    jl_array_t *a = (jl_array_t *)jl_gc_alloc(sizeof(jl_array_t) + ndims * sizeof(size_t), atype);
    size_t nbytes = n * elsz;
    a->data = jl_gc_managed_malloc(nbytes ? nbytes : 1);
    memset(a->data, 0, nbytes ? nbytes : 1);
    a->length = n;
    a->ndims = (uint16_t)ndims;
    a->elsize = (uint16_t)(elsz ? elsz : 0);
    a->ptrarray = (uint8_t)isptr;
    a->maxsize = n;
    for (size_t i = 0; i < ndims; i++)
        a->dims[i] = dims[i];
    return a;
}

JL_DLLEXPORT jl_array_t *jl_alloc_array_1d(jl_value_t *atype, size_t n)
{
    return jl_new_array_for(atype, 1, &n);
}

JL_DLLEXPORT jl_array_t *jl_alloc_array_2d(jl_value_t *atype, size_t nr, size_t nc)
{
    size_t d[2] = {nr, nc};
    return jl_new_array_for(atype, 2, d);
}

JL_DLLEXPORT jl_array_t *jl_alloc_array_nd(jl_value_t *atype, size_t *dims, size_t ndims)
{
    return jl_new_array_for(atype, ndims, dims);
}

JL_DLLEXPORT jl_array_t *jl_alloc_vec_any(size_t n)
{
    return jl_alloc_array_1d((jl_value_t *)jl_array_any_type, n);
}

JL_DLLEXPORT jl_value_t *jl_array_eltype(jl_value_t *a)
{
    return jl_tparam0(jl_typeof(a));
}

JL_DLLEXPORT jl_value_t *jl_arrayref(jl_array_t *a, size_t i)
{
    if (a->ptrarray) {
        jl_value_t *v = jl_array_ptr_ref(a, i);
        if (v == NULL)
            jl_undefref_error();
        return v;
    }
    jl_datatype_t *et = (jl_datatype_t *)jl_tparam0(jl_typeof(a));
    return jl_box_bits_of(et, (char *)a->data + i * a->elsize);
}

JL_DLLEXPORT void jl_arrayset(jl_array_t *a, jl_value_t *v, size_t i)
{
    jl_value_t *et = jl_tparam0(jl_typeof(a));
    if (et != (jl_value_t *)jl_any_type && !jl_isa(v, et))
        jl_type_error("arrayset", et, v);
    if (a->ptrarray)
        jl_array_ptr_set(a, i, v);
    else if (a->elsize)
        memcpy((char *)a->data + i * a->elsize, v, a->elsize);
}

static void check_resizable(jl_array_t *a)
{
    if (a->ndims != 1)
        jl_error("cannot resize array with shared data");
    if (a->shared)
        jl_error("cannot resize array with shared data");
}

/* Reallocates so there is room for `newlen` elements after the current offset. */
static void ensure_capacity(jl_array_t *a, size_t newlen)
{
    if (newlen <= a->maxsize)
        return;
    size_t newcap = a->maxsize < 4 ? 4 : a->maxsize;
    while (newcap < newlen)
        newcap = newcap < (1 << 20) ? newcap * 2 : newcap + newcap / 2;
    size_t es = a->elsize ? a->elsize : 1;
    char *start = (char *)a->data - a->offset * es;
    size_t oldbytes = (a->offset + a->maxsize) * es;
    char *nb = (char *)jl_gc_managed_malloc((a->offset + newcap) * es);
    memset(nb, 0, (a->offset + newcap) * es);
    memcpy(nb + a->offset * es, a->data, a->length * es);
    jl_gc_managed_free(start, oldbytes ? oldbytes : 1);
    a->data = nb + a->offset * es;
    a->maxsize = newcap;
}

JL_DLLEXPORT void jl_array_grow_end(jl_array_t *a, size_t inc)
{
    check_resizable(a);
    ensure_capacity(a, a->length + inc);
    size_t es = a->elsize ? a->elsize : 1;
    memset((char *)a->data + a->length * es, 0, inc * es);
    a->length += inc;
    a->dims[0] = a->length;
}

JL_DLLEXPORT void jl_array_del_end(jl_array_t *a, size_t dec)
{
    check_resizable(a);
    if (dec > a->length)
        jl_bounds_error_int((jl_value_t *)a, a->length - dec + 1);
    a->length -= dec;
    a->dims[0] = a->length;
    size_t es = a->elsize ? a->elsize : 1;
    memset((char *)a->data + a->length * es, 0, dec * es);
}

JL_DLLEXPORT void jl_array_grow_beg(jl_array_t *a, size_t inc)
{
    check_resizable(a);
    size_t es = a->elsize ? a->elsize : 1;
    if (inc <= a->offset) {
        a->data = (char *)a->data - inc * es;
        a->offset -= inc;
        a->maxsize += inc;
    }
    else {
        /* make room: new buffer with extra space in front */
        size_t newoff = inc + a->length / 2 + 4;
        size_t newcap = a->length + inc + 4;
        char *start = (char *)a->data - a->offset * es;
        size_t oldbytes = (a->offset + a->maxsize) * es;
        char *nb = (char *)jl_gc_managed_malloc((newoff + newcap) * es);
        memset(nb, 0, (newoff + newcap) * es);
        memcpy(nb + newoff * es, a->data, a->length * es);
        jl_gc_managed_free(start, oldbytes ? oldbytes : 1);
        a->data = nb + (newoff - inc) * es;
        a->offset = newoff - inc;
        a->maxsize = newcap;
    }
    memset(a->data, 0, inc * es);
    a->length += inc;
    a->dims[0] = a->length;
}

JL_DLLEXPORT void jl_array_del_beg(jl_array_t *a, size_t dec)
{
    check_resizable(a);
    if (dec > a->length)
        jl_bounds_error_int((jl_value_t *)a, dec);
    size_t es = a->elsize ? a->elsize : 1;
    memset(a->data, 0, dec * es);
    a->data = (char *)a->data + dec * es;
    a->offset += dec;
    a->maxsize -= dec;
    a->length -= dec;
    a->dims[0] = a->length;
}

void jl_array_sizehint(jl_array_t *a, size_t sz)
{
    if (a->ndims == 1 && !a->shared && sz > a->length)
        ensure_capacity(a, sz);
}

JL_DLLEXPORT void jl_array_ptr_1d_push(jl_array_t *a, jl_value_t *item)
{
    jl_array_grow_end(a, 1);
    jl_array_ptr_set(a, a->length - 1, item);
}

JL_DLLEXPORT jl_array_t *jl_array_copy(jl_array_t *a)
{
    jl_array_t *c = jl_new_array_for(jl_typeof(a), a->ndims, a->dims);
    memcpy(c->data, a->data, a->length * (a->elsize ? a->elsize : 0));
    return c;
}

/* String(v): the string takes a copy of the bytes; the vector is emptied as Julia does. */
jl_value_t *jl_array_to_string(jl_array_t *a)
{
    jl_value_t *s = jl_pchar_to_string((const char *)a->data, a->length);
    if (a->ndims == 1 && !a->shared) {
        a->length = 0;
        a->dims[0] = 0;
    }
    return s;
}

/* Vector{UInt8} viewing a string's bytes (read-only by convention, as Julia's unsafe_wrap). */
jl_array_t *jl_string_to_array(jl_value_t *s)
{
    jl_array_t *a = (jl_array_t *)jl_gc_alloc(sizeof(jl_array_t) + sizeof(size_t), (jl_value_t *)jl_array_uint8_type);
    a->data = jl_string_data(s);
    a->length = jl_string_len(s);
    a->ndims = 1;
    a->elsize = 1;
    a->shared = 1;
    a->owner = s;
    a->maxsize = a->length;
    a->dims[0] = a->length;
    return a;
}
