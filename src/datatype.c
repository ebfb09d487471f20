/* datatype.c: struct layouts (field offsets, inline vs boxed fields), boxing of bits values (with caches
 * for small integers), `new`, field access, egality (===) and object identity hashes (objectid). */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdarg.h>

/* ---------------------------------------------------------------------------------------------- */
/* Layouts */

static jl_datatype_layout_t *alloc_layout(size_t nfields)
{
    return (jl_datatype_layout_t *)calloc(1, sizeof(jl_datatype_layout_t) + nfields * sizeof(jl_fielddesc_t));
}

/* Objects whose size varies per instance (String, Symbol, SimpleVector): no fields, no singleton. */
void jl_set_varsize_layout(jl_datatype_t *dt)
{
    dt->types = jl_emptysvec;
    jl_datatype_layout_t *l = alloc_layout(0);
    l->alignment = 8;
    dt->layout = l;
    dt->size = 0;
}

static int field_is_inline(jl_value_t *ft)
{
    return jl_isbits(ft) && ((jl_datatype_t *)ft)->layout != NULL;
}

JL_DLLEXPORT void jl_compute_field_offsets(jl_datatype_t *st)
{
    if (st->types == NULL)
        return;
    size_t nf = jl_svec_len(st->types);
    if (st->name == jl_tuple_typename && jl_is_va_tuple(st))
        return;
    jl_datatype_layout_t *l = alloc_layout(nf);
    size_t off = 0, maxalign = 1;
    int haspadding = 0, npointers = 0, allbits = 1;
    for (size_t i = 0; i < nf; i++) {
        jl_value_t *ft = jl_svecref(st->types, i);
        size_t fsz, al;
        if (field_is_inline(ft)) {
            fsz = (size_t)((jl_datatype_t *)ft)->size;
            al = ((jl_datatype_t *)ft)->layout->alignment;
            if (((jl_datatype_t *)ft)->layout->haspadding)
                haspadding = 1;
            l->fields[i].isptr = 0;
        }
        else {
            fsz = sizeof(void *);
            al = sizeof(void *);
            l->fields[i].isptr = 1;
            npointers++;
            allbits = 0;
        }
        if (al == 0)
            al = 1;
        if (off % al) {
            haspadding = 1;
            off = LLT_ALIGN(off, al);
        }
        l->fields[i].offset = (uint32_t)off;
        l->fields[i].size = (uint32_t)fsz;
        off += fsz;
        if (al > maxalign)
            maxalign = al;
    }
    size_t size = LLT_ALIGN(off, maxalign);
    if (size != off)
        haspadding = 1;
    l->size = (uint32_t)size;
    l->nfields = (uint32_t)nf;
    l->npointers = (uint32_t)npointers;
    l->alignment = (uint16_t)maxalign;
    l->haspadding = (uint8_t)haspadding;
    st->layout = l;
    st->size = (int32_t)size;
    st->isbitstype = (uint8_t)(st->isconcretetype && !st->name->mutabl && allbits);
    st->zeroinit = (uint8_t)(npointers > 0);
    if (st->isconcretetype && !st->name->mutabl && nf == 0 && st->instance == NULL)
        st->instance = jl_gc_perm_alloc(0, (jl_value_t *)st);
}

/* ---------------------------------------------------------------------------------------------- */
/* Boxing */

#define NBOX_C 1024
static jl_value_t *boxed_int64_cache[NBOX_C];   /* -512 .. 511 */
static jl_value_t *boxed_uint8_cache[256];
static jl_value_t *boxed_int8_cache[256];
static jl_value_t *boxed_char_cache[128];
static jl_value_t *boxed_int32_cache[NBOX_C];
static jl_value_t *boxed_uint64_cache[NBOX_C / 2];

static jl_value_t *perm_bits(jl_datatype_t *t, const void *p)
{
    jl_value_t *v = (jl_value_t *)jl_gc_perm_alloc((size_t)t->size, (jl_value_t *)t);
    memcpy(v, p, (size_t)t->size);
    return v;
}

void jl_init_box_caches(void)
{
    for (int i = 0; i < NBOX_C; i++) {
        int64_t x = i - NBOX_C / 2;
        int32_t y = (int32_t)x;
        boxed_int64_cache[i] = perm_bits(jl_int64_type, &x);
        boxed_int32_cache[i] = perm_bits(jl_int32_type, &y);
    }
    for (int i = 0; i < NBOX_C / 2; i++) {
        uint64_t x = (uint64_t)i;
        boxed_uint64_cache[i] = perm_bits(jl_uint64_type, &x);
    }
    for (int i = 0; i < 256; i++) {
        uint8_t u = (uint8_t)i;
        int8_t s = (int8_t)i;
        boxed_uint8_cache[i] = perm_bits(jl_uint8_type, &u);
        boxed_int8_cache[i] = perm_bits(jl_int8_type, &s);
    }
    for (int i = 0; i < 128; i++) {
        uint32_t c = (uint32_t)i << 24;
        boxed_char_cache[i] = perm_bits(jl_char_type, &c);
    }
}

static jl_value_t *box_raw(jl_datatype_t *t, const void *p, size_t sz)
{
    jl_value_t *v = jl_gc_alloc(sz, (jl_value_t *)t);
    memcpy(v, p, sz);
    return v;
}

JL_DLLEXPORT jl_value_t *jl_box_bool(int8_t x) { return x ? jl_true : jl_false; }

JL_DLLEXPORT jl_value_t *jl_box_int8(int8_t x)
{
    if (boxed_int8_cache[(uint8_t)x])
        return boxed_int8_cache[(uint8_t)x];
    return box_raw(jl_int8_type, &x, 1);
}

JL_DLLEXPORT jl_value_t *jl_box_uint8(uint8_t x)
{
    if (boxed_uint8_cache[x])
        return boxed_uint8_cache[x];
    return box_raw(jl_uint8_type, &x, 1);
}

JL_DLLEXPORT jl_value_t *jl_box_int16(int16_t x) { return box_raw(jl_int16_type, &x, 2); }
JL_DLLEXPORT jl_value_t *jl_box_uint16(uint16_t x) { return box_raw(jl_uint16_type, &x, 2); }

JL_DLLEXPORT jl_value_t *jl_box_int32(int32_t x)
{
    int64_t i = (int64_t)x + NBOX_C / 2;
    if (i >= 0 && i < NBOX_C && boxed_int32_cache[i])
        return boxed_int32_cache[i];
    return box_raw(jl_int32_type, &x, 4);
}

JL_DLLEXPORT jl_value_t *jl_box_uint32(uint32_t x) { return box_raw(jl_uint32_type, &x, 4); }

JL_DLLEXPORT jl_value_t *jl_box_int64(int64_t x)
{
    uint64_t i = (uint64_t)x + NBOX_C / 2;
    if (i < NBOX_C && boxed_int64_cache[i])
        return boxed_int64_cache[i];
    return box_raw(jl_int64_type, &x, 8);
}

JL_DLLEXPORT jl_value_t *jl_box_uint64(uint64_t x)
{
    if (x < NBOX_C / 2 && boxed_uint64_cache[x])
        return boxed_uint64_cache[x];
    return box_raw(jl_uint64_type, &x, 8);
}

JL_DLLEXPORT jl_value_t *jl_box_float32(float x) { return box_raw(jl_float32_type, &x, 4); }
JL_DLLEXPORT jl_value_t *jl_box_float64(double x) { return box_raw(jl_float64_type, &x, 8); }

JL_DLLEXPORT jl_value_t *jl_box_char(uint32_t x)
{
    uint32_t i = x >> 24;
    if ((x & 0x00ffffff) == 0 && i < 128 && boxed_char_cache[i])
        return boxed_char_cache[i];
    return box_raw(jl_char_type, &x, 4);
}

JL_DLLEXPORT jl_value_t *jl_box_voidpointer(void *x) { return box_raw(jl_voidpointer_type, &x, sizeof(void *)); }

JL_DLLEXPORT jl_value_t *jl_box_ssavalue(size_t x)
{
    intptr_t id = (intptr_t)x;
    return box_raw(jl_ssavalue_type, &id, sizeof(id));
}

JL_DLLEXPORT jl_value_t *jl_box_slotnumber(size_t x)
{
    intptr_t id = (intptr_t)x;
    return box_raw(jl_slotnumber_type, &id, sizeof(id));
}

/* Boxes the bits at src as a value of type t, reusing cached boxes for common values. */
jl_value_t *jl_box_bits_of(jl_datatype_t *t, const void *src)
{
    if (t == jl_int64_type)
        return jl_box_int64(*(const int64_t *)src);
    if (t == jl_bool_type)
        return jl_box_bool(*(const int8_t *)src);
    if (t == jl_uint8_type)
        return jl_box_uint8(*(const uint8_t *)src);
    if (t == jl_int32_type)
        return jl_box_int32(*(const int32_t *)src);
    if (t == jl_char_type)
        return jl_box_char(*(const uint32_t *)src);
    if (t == jl_uint64_type)
        return jl_box_uint64(*(const uint64_t *)src);
    if (t->instance)
        return t->instance;
    return box_raw(t, src, (size_t)t->size);
}

JL_DLLEXPORT jl_value_t *jl_new_bits(jl_value_t *bt, const void *data)
{
    return jl_box_bits_of((jl_datatype_t *)bt, data);
}

/* ---------------------------------------------------------------------------------------------- */
/* Structs */

static void set_field_unchecked(jl_datatype_t *st, char *base, size_t i, jl_value_t *rhs)
{
    char *p = base + jl_field_offset(st, i);
    if (jl_field_isptr(st, i))
        *(jl_value_t **)p = rhs;
    else
        memcpy(p, rhs, jl_field_size(st, i));
}

static void check_field_type(jl_datatype_t *st, size_t i, jl_value_t *rhs)
{
    jl_value_t *ft = jl_field_type(st, i);
    if (ft != (jl_value_t *)jl_any_type && !jl_isa(rhs, ft))
        jl_type_error("new", ft, rhs);
}

JL_DLLEXPORT jl_value_t *jl_new_struct_uninit(jl_datatype_t *type)
{
    if (type->instance)
        return type->instance;
    return jl_gc_alloc((size_t)type->size, (jl_value_t *)type);
}

JL_DLLEXPORT jl_value_t *jl_new_structv(jl_datatype_t *type, jl_value_t **args, uint32_t na)
{
    if (type->layout == NULL || !type->isconcretetype)
        jl_type_error("new", (jl_value_t *)jl_datatype_type, (jl_value_t *)type);
    size_t nf = jl_datatype_nfields(type);
    if (na > nf)
        jl_error("new: too many arguments");
    for (size_t i = 0; i < na; i++)
        check_field_type(type, i, args[i]);
    if (type->instance)
        return type->instance;
    jl_value_t *v = jl_gc_alloc((size_t)type->size, (jl_value_t *)type);
    for (size_t i = 0; i < na; i++)
        set_field_unchecked(type, (char *)v, i, args[i]);
    return v;
}

JL_DLLEXPORT jl_value_t *jl_new_struct(jl_datatype_t *type, ...)
{
    va_list ap;
    size_t nf = type->layout ? jl_datatype_nfields(type) : 0;
    jl_value_t **args = (jl_value_t **)alloca((nf + 1) * sizeof(jl_value_t *));
    va_start(ap, type);
    for (size_t i = 0; i < nf; i++)
        args[i] = va_arg(ap, jl_value_t *);
    va_end(ap);
    return jl_new_structv(type, args, (uint32_t)nf);
}

JL_DLLEXPORT jl_value_t *jl_get_nth_field(jl_value_t *v, size_t i)
{
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    char *p = (char *)v + jl_field_offset(st, i);
    if (jl_field_isptr(st, i))
        return *(jl_value_t **)p;
    jl_value_t *ft = jl_field_type(st, i);
    return jl_box_bits_of((jl_datatype_t *)ft, p);
}

JL_DLLEXPORT jl_value_t *jl_get_nth_field_checked(jl_value_t *v, size_t i)
{
    jl_value_t *r = jl_get_nth_field(v, i);
    if (r == NULL)
        jl_undefref_error();
    return r;
}

JL_DLLEXPORT void jl_set_nth_field(jl_value_t *v, size_t i, jl_value_t *rhs)
{
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    set_field_unchecked(st, (char *)v, i, rhs);
}

JL_DLLEXPORT int jl_field_isdefined(jl_value_t *v, size_t i)
{
    jl_datatype_t *st = (jl_datatype_t *)jl_typeof(v);
    if (!jl_field_isptr(st, i))
        return 1;
    return *(jl_value_t **)((char *)v + jl_field_offset(st, i)) != NULL;
}

JL_DLLEXPORT int jl_field_index(jl_datatype_t *t, jl_sym_t *fld, int err)
{
    jl_svec_t *fn = jl_field_names(t);
    size_t n = jl_svec_len(fn);
    if (t->name == jl_namedtuple_typename && jl_is_tuple(jl_tparam0(t))) {
        jl_value_t *names = jl_tparam0(t);
        n = jl_nfields_of(names);
        for (size_t i = 0; i < n; i++)
            if (jl_get_nth_field(names, i) == (jl_value_t *)fld)
                return (int)i;
    }
    else {
        for (size_t i = 0; i < n; i++)
            if (jl_svecref(fn, i) == (jl_value_t *)fld)
                return (int)i;
    }
    if (err)
        jl_errorf("type %s has no field %s", jl_symbol_name(t->name->name), jl_symbol_name(fld));
    return -1;
}

size_t jl_nfields_of(jl_value_t *v)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(v);
    return t->layout ? t->layout->nfields : 0;
}

JL_DLLEXPORT jl_value_t *jl_tuplev(size_t n, jl_value_t **v)
{
    if (n == 0)
        return jl_emptytuple;
    jl_value_t **types = (jl_value_t **)alloca(n * sizeof(jl_value_t *));
    for (size_t i = 0; i < n; i++)
        types[i] = jl_typeof(v[i]);
    jl_datatype_t *tt = jl_apply_tuple_type_v(types, n);
    jl_value_t *t = jl_gc_alloc((size_t)tt->size, (jl_value_t *)tt);
    for (size_t i = 0; i < n; i++)
        set_field_unchecked(tt, (char *)t, i, v[i]);
    return t;
}

JL_DLLEXPORT jl_value_t *jl_tuple(size_t n, ...)
{
    va_list ap;
    jl_value_t **args = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        args[i] = va_arg(ap, jl_value_t *);
    va_end(ap);
    return jl_tuplev(n, args);
}

/* ---------------------------------------------------------------------------------------------- */
/* Egality and object ids */

static int bits_equal(const void *a, const void *b, size_t sz) { return memcmp(a, b, sz) == 0; }

static int egal_fields(jl_value_t *a, jl_value_t *b, jl_datatype_t *dt)
{
    size_t nf = jl_datatype_nfields(dt);
    for (size_t i = 0; i < nf; i++) {
        size_t off = jl_field_offset(dt, i);
        if (jl_field_isptr(dt, i)) {
            jl_value_t *fa = *(jl_value_t **)((char *)a + off), *fb = *(jl_value_t **)((char *)b + off);
            if (fa != fb && (fa == NULL || fb == NULL || !jl_egal(fa, fb)))
                return 0;
        }
        else {
            jl_datatype_t *ft = (jl_datatype_t *)jl_field_type(dt, i);
            if (ft->layout->nfields > 0 && ft->layout->haspadding) {
                if (!egal_fields((jl_value_t *)((char *)a + off), (jl_value_t *)((char *)b + off), ft))
                    return 0;
            }
            else if (!bits_equal((char *)a + off, (char *)b + off, jl_field_size(dt, i))) {
                return 0;
            }
        }
    }
    return 1;
}

JL_DLLEXPORT int jl_egal(jl_value_t *a, jl_value_t *b)
{
    if (a == b)
        return 1;
    jl_datatype_t *dt = (jl_datatype_t *)jl_typeof(a);
    if ((jl_value_t *)dt != jl_typeof(b))
        return 0;
    if (dt == jl_string_type) {
        size_t l = jl_string_len(a);
        return l == jl_string_len(b) && memcmp(jl_string_data(a), jl_string_data(b), l) == 0;
    }
    if (dt == jl_datatype_type) {
        jl_datatype_t *da = (jl_datatype_t *)a, *db = (jl_datatype_t *)b;
        if (da->name != db->name || da->hash != db->hash)
            return 0;
        if (da->isconcretetype || db->isconcretetype)
            return 0;
        return jl_types_equal(a, b) && jl_svec_len(da->parameters) == jl_svec_len(db->parameters);
    }
    if (dt == jl_simplevector_type) {
        size_t l = jl_svec_len(a);
        if (l != jl_svec_len(b))
            return 0;
        for (size_t i = 0; i < l; i++) {
            jl_value_t *x = jl_svecref(a, i), *y = jl_svecref(b, i);
            if (x != y && (x == NULL || y == NULL || !jl_egal(x, y)))
                return 0;
        }
        return 1;
    }
    if (dt == jl_uniontype_type || dt == jl_unionall_type)
        return jl_types_equal(a, b);
    if (dt->name->mutabl || dt == jl_symbol_type || dt->name == jl_array_typename || dt == jl_module_type)
        return 0;
    if (dt->layout == NULL)
        return 0;
    if (dt->isprimitivetype)
        return bits_equal(a, b, (size_t)dt->size);
    return egal_fields(a, b, dt);
}

uintptr_t jl_hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (uintptr_t)x;
}

JL_DLLEXPORT uintptr_t jl_object_id(jl_value_t *v)
{
    jl_datatype_t *dt = (jl_datatype_t *)jl_typeof(v);
    if (dt == jl_symbol_type)
        return ((jl_sym_t *)v)->hash;
    if (dt == jl_string_type)
        return (uintptr_t)jl_hash_bytes(jl_string_data(v), jl_string_len(v), 0x57a1);
    if (dt == jl_datatype_type) {
        jl_datatype_t *t = (jl_datatype_t *)v;
        return t->isconcretetype ? jl_hash_ptr(v) : t->hash;
    }
    if (dt == jl_uniontype_type || dt == jl_unionall_type || dt == jl_vararg_type)
        return jl_type_hash(v);
    if (dt->name->mutabl || dt->layout == NULL || dt->name == jl_array_typename || dt == jl_module_type)
        return jl_hash_ptr(v);
    if (dt == jl_simplevector_type) {
        uintptr_t h = 0x5e7;
        for (size_t i = 0; i < jl_svec_len(v); i++) {
            jl_value_t *x = jl_svecref(v, i);
            h = h * 31 + (x ? jl_object_id(x) : 0);
        }
        return h;
    }
    if (dt->isprimitivetype)
        return (uintptr_t)jl_hash_bytes(v, (size_t)dt->size, (uint64_t)dt->hash);
    uintptr_t h = dt->hash;
    size_t nf = jl_datatype_nfields(dt);
    for (size_t i = 0; i < nf; i++) {
        size_t off = jl_field_offset(dt, i);
        uintptr_t fh;
        if (jl_field_isptr(dt, i)) {
            jl_value_t *f = *(jl_value_t **)((char *)v + off);
            fh = f ? jl_object_id(f) : 0;
        }
        else {
            fh = (uintptr_t)jl_hash_bytes((char *)v + off, jl_field_size(dt, i), 0);
        }
        h = (h ^ fh) * 0x100000001b3ULL + 0x9e37;
    }
    return h;
}

/* A fast non-cryptographic hash (FNV-1a over 8-byte words with a final avalanche). */
uint64_t jl_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = (const unsigned char *)p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}
