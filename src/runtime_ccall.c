/* runtime_ccall.c: small C helpers that Base (the files in base/) reaches through ccall: raw access to strings,
 * arrays and symbols, number formatting (decimal/hex integers, shortest floats), float parsing, string
 * hashing (Julia's memhash: MurmurHash3 x64 128, high half), UTF-8 counting/validation, file descriptors,
 * clocks and GC counters. No arithmetic or promotion lives here (that is Julia code over intrinsics). */
#include "julia_internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <locale.h>

/* inference may not be linked in every build */
extern jl_value_t *jl_infer_return_type(jl_method_instance_t *mi, size_t world) __attribute__((weak));

/* ---- simple vectors, exceptions ----------------------------------------------------------------------- */

JL_DLLEXPORT int64_t jl_base_svec_len(jl_value_t *v)
{
    if (!jl_is_svec(v))
        jl_type_error("length", (jl_value_t *)jl_simplevector_type, v);
    return (int64_t)jl_svec_len(v);
}

JL_DLLEXPORT jl_value_t *jl_base_current_exception(void) { return jl_current_exception(); }

JL_DLLEXPORT jl_value_t *jl_base_current_backtrace(void)
{
    jl_array_t *st = jl_current_task->excstack;
    size_t n = jl_array_len(st);
    jl_value_t *bt = n >= 2 ? jl_array_ptr_ref(st, n - 1) : NULL;
    return bt ? bt : (jl_value_t *)jl_alloc_vec_any(0);
}

JL_DLLEXPORT int32_t jl_base_isinteractive(void) { return jl_options.interactive != 0; }

/* ---- arrays ---------------------------------------------------------------------------------------------- */

JL_DLLEXPORT jl_value_t *jl_base_alloc_array_nd(jl_value_t *atype, jl_value_t *dims)
{
    size_t n = jl_nfields_of(dims);
    size_t *d = (size_t *)alloca((n ? n : 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        jl_value_t *x = jl_get_nth_field(dims, i);
        if (!jl_is_long(x) || jl_unbox_long(x) < 0)
            jl_argument_error("invalid Array dimensions");
        d[i] = (size_t)jl_unbox_long(x);
    }
    return (jl_value_t *)jl_alloc_array_nd(atype, d, n);
}

JL_DLLEXPORT void *jl_base_array_ptr(jl_value_t *a) { return jl_array_data(a); }

JL_DLLEXPORT int32_t jl_base_array_isassigned(jl_value_t *a, int64_t i)
{
    jl_array_t *arr = (jl_array_t *)a;
    if (i < 0 || (size_t)i >= arr->length)
        return 0;
    if (!arr->ptrarray)
        return 1;
    return jl_array_ptr_ref(arr, i) != NULL;
}

static size_t elsz(jl_array_t *a) { return a->ptrarray ? sizeof(void *) : a->elsize; }

JL_DLLEXPORT void jl_base_array_copy_range(jl_value_t *dest, int64_t doff, jl_value_t *src, int64_t soff,
                                           int64_t n)
{
    jl_array_t *d = (jl_array_t *)dest, *s = (jl_array_t *)src;
    size_t es = elsz(d);
    if (n <= 0 || es == 0)
        return;
    memmove((char *)d->data + (size_t)doff * es, (char *)s->data + (size_t)soff * es, (size_t)n * es);
}

/* insert n zeroed elements before 0-based position i of a vector */
JL_DLLEXPORT void jl_base_array_grow_at(jl_value_t *av, int64_t i, uint64_t n)
{
    jl_array_t *a = (jl_array_t *)av;
    size_t len = a->length;
    if (i < 0 || (size_t)i > len)
        jl_bounds_error_int(av, (size_t)i + 1);
    if ((size_t)i < len / 2) {
        jl_array_grow_beg(a, n);
        size_t es = elsz(a);
        if (es)
            memmove(a->data, (char *)a->data + n * es, (size_t)i * es);
        memset((char *)a->data + (size_t)i * es, 0, n * es);
    }
    else {
        jl_array_grow_end(a, n);
        size_t es = elsz(a);
        if (es)
            memmove((char *)a->data + ((size_t)i + n) * es, (char *)a->data + (size_t)i * es, (len - (size_t)i) * es);
        memset((char *)a->data + (size_t)i * es, 0, n * es);
    }
}

/* delete n elements starting at 0-based position i of a vector */
JL_DLLEXPORT void jl_base_array_del_at(jl_value_t *av, int64_t i, uint64_t n)
{
    jl_array_t *a = (jl_array_t *)av;
    size_t len = a->length;
    if (i < 0 || (size_t)i + n > len)
        jl_bounds_error_int(av, (size_t)i + 1);
    size_t es = elsz(a);
    if ((size_t)i < (len - (size_t)i - n)) {
        if (es)
            memmove((char *)a->data + n * es, a->data, (size_t)i * es);
        jl_array_del_beg(a, n);
    }
    else {
        if (es)
            memmove((char *)a->data + (size_t)i * es, (char *)a->data + ((size_t)i + n) * es,
                    (len - (size_t)i - n) * es);
        jl_array_del_end(a, n);
    }
}

JL_DLLEXPORT void jl_base_array_sizehint(jl_value_t *a, uint64_t n) { jl_array_sizehint((jl_array_t *)a, n); }

/* mark element i (0-based) of a pointer array #undef (bits arrays: zero it) */
JL_DLLEXPORT void jl_base_array_unset(jl_value_t *av, int64_t i)
{
    jl_array_t *a = (jl_array_t *)av;
    if (i < 0 || (size_t)i >= a->length)
        return;
    if (a->ptrarray)
        jl_array_ptr_set(a, i, NULL);
    else if (a->elsize)
        memset((char *)a->data + (size_t)i * a->elsize, 0, a->elsize);
}

/* The inferred return type of f(args::argtypes...), or Any when inference is not available. */
JL_DLLEXPORT jl_value_t *jl_base_return_type(jl_value_t *f, jl_value_t *argtypes)
{
    if (jl_infer_return_type == NULL || !jl_is_tuple_type(argtypes))
        return (jl_value_t *)jl_any_type;
    size_t n = jl_nparams(argtypes);
    jl_value_t **p = (jl_value_t **)alloca((n + 1) * sizeof(jl_value_t *));
    p[0] = jl_typeof(f);
    for (size_t i = 0; i < n; i++)
        p[i + 1] = jl_tparam(argtypes, i);
    jl_value_t *tt = (jl_value_t *)jl_apply_tuple_type_v(p, n + 1);
    jl_value_t *rt = (jl_value_t *)jl_any_type;
    JL_TRY {
        jl_method_instance_t *mi = jl_method_lookup_by_type(tt, jl_get_world_counter());
        if (mi != NULL) {
            jl_value_t *r = jl_infer_return_type(mi, jl_get_world_counter());
            if (r != NULL)
                rt = r;
        }
    }
    JL_CATCH {
        rt = (jl_value_t *)jl_any_type;
    }
    return rt;
}

/* ---- strings and symbols ----------------------------------------------------------------------------------- */

JL_DLLEXPORT const char *jl_base_string_ptr(jl_value_t *s) { return jl_string_data(s); }

JL_DLLEXPORT jl_value_t *jl_base_string_bytes(jl_value_t *s)
{
    size_t n = jl_string_len(s);
    jl_array_t *a = jl_alloc_array_1d((jl_value_t *)jl_array_uint8_type, n);
    memcpy(a->data, jl_string_data(s), n);
    return (jl_value_t *)a;
}

JL_DLLEXPORT jl_value_t *jl_base_symbol_string(jl_value_t *s)
{
    return jl_cstr_to_string(jl_symbol_name((jl_sym_t *)s));
}

/* 1: identifier, 2: operator, 0: neither (shown as Symbol("...")) */
JL_DLLEXPORT int32_t jl_base_symbol_kind(jl_value_t *s)
{
    const char *n = jl_symbol_name((jl_sym_t *)s);
    if (jl_is_identifier(n))
        return 1;
    if (jl_is_operator(n))
        return 2;
    return 0;
}

JL_DLLEXPORT jl_value_t *jl_base_intrinsic_name(jl_value_t *f)
{
    int32_t id = *(int32_t *)f;
    if (id < 0 || id >= jl_num_intrinsics)
        return jl_cstr_to_string("unknown");
    return jl_cstr_to_string(jl_intrinsic_names[id]);
}

/* number of characters in s[off+1 .. off+n] counted the way Julia's length does (every byte that does not
 * continue a valid sequence starts a character) */
JL_DLLEXPORT int64_t jl_base_utf8_length(jl_value_t *s, int64_t off, int64_t n)
{
    const unsigned char *p = (const unsigned char *)jl_string_data(s) + off;
    int64_t count = 0, i = 0;
    while (i < n) {
        unsigned char b = p[i];
        int64_t l = 1;
        if (b >= 0xc0 && b <= 0xf7) {
            int64_t want = b < 0xe0 ? 2 : (b < 0xf0 ? 3 : 4);
            while (l < want && i + l < n && (p[i + l] & 0xc0) == 0x80)
                l++;
        }
        i += l;
        count++;
    }
    return count;
}

JL_DLLEXPORT int32_t jl_base_utf8_isvalid(jl_value_t *s)
{
    const unsigned char *p = (const unsigned char *)jl_string_data(s);
    size_t n = jl_string_len(s), i = 0;
    while (i < n) {
        unsigned char b = p[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t l;
        uint32_t cp;
        if (b >= 0xc2 && b <= 0xdf) {
            l = 2;
            cp = b & 0x1f;
        }
        else if (b >= 0xe0 && b <= 0xef) {
            l = 3;
            cp = b & 0x0f;
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            l = 4;
            cp = b & 0x07;
        }
        else {
            return 0;
        }
        if (i + l > n)
            return 0;
        for (size_t k = 1; k < l; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((l == 3 && cp < 0x800) || (l == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += l;
    }
    return 1;
}

/* 0-based offset of needle in hay at or after `start`, or -1 */
JL_DLLEXPORT int64_t jl_base_memsearch(jl_value_t *hay, int64_t start, jl_value_t *needle)
{
    size_t hn = jl_string_len(hay), nn = jl_string_len(needle);
    if (start < 0 || (size_t)start > hn)
        return -1;
    if (nn == 0)
        return start;
    const char *h = jl_string_data(hay) + start;
    void *r = memmem(h, hn - (size_t)start, jl_string_data(needle), nn);
    return r ? (int64_t)((const char *)r - jl_string_data(hay)) : -1;
}

/* ---- hashing: MurmurHash3_x64_128 (Austin Appleby's public-domain algorithm), written from its spec ------ */

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static void murmur3_x64_128(const void *key, size_t len, uint32_t seed, uint64_t out[2])
{
    const uint8_t *data = (const uint8_t *)key;
    size_t nblocks = len / 16;
    uint64_t h1 = seed, h2 = seed;
    const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    for (size_t i = 0; i < nblocks; i++) {
        uint64_t k1, k2;
        memcpy(&k1, data + i * 16, 8);
        memcpy(&k2, data + i * 16 + 8, 8);
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl64(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl64(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }
    const uint8_t *tail = data + nblocks * 16;
    uint64_t k1 = 0, k2 = 0;
    switch (len & 15) {
    case 15: k2 ^= (uint64_t)tail[14] << 48; /* fall through */
    case 14: k2 ^= (uint64_t)tail[13] << 40; /* fall through */
    case 13: k2 ^= (uint64_t)tail[12] << 32; /* fall through */
    case 12: k2 ^= (uint64_t)tail[11] << 24; /* fall through */
    case 11: k2 ^= (uint64_t)tail[10] << 16; /* fall through */
    case 10: k2 ^= (uint64_t)tail[9] << 8;   /* fall through */
    case 9:
        k2 ^= (uint64_t)tail[8];
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        /* fall through */
    case 8: k1 ^= (uint64_t)tail[7] << 56; /* fall through */
    case 7: k1 ^= (uint64_t)tail[6] << 48; /* fall through */
    case 6: k1 ^= (uint64_t)tail[5] << 40; /* fall through */
    case 5: k1 ^= (uint64_t)tail[4] << 32; /* fall through */
    case 4: k1 ^= (uint64_t)tail[3] << 24; /* fall through */
    case 3: k1 ^= (uint64_t)tail[2] << 16; /* fall through */
    case 2: k1 ^= (uint64_t)tail[1] << 8;  /* fall through */
    case 1:
        k1 ^= (uint64_t)tail[0];
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
    }
    h1 ^= (uint64_t)len;
    h2 ^= (uint64_t)len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
}

static uint64_t memhash_seed(const char *buf, size_t n, uint32_t seed)
{
    uint64_t out[2];
    murmur3_x64_128(buf, n, seed, out);
    return out[1];
}

JL_DLLEXPORT uint64_t jl_base_memhash_seed(jl_value_t *s, uint32_t seed)
{
    return memhash_seed(jl_string_data(s), jl_string_len(s), seed);
}

/* Julia's objectid of a Symbol: memhash of its name (seed 0xcafe8881) xor'd with ~0/3*2 */
JL_DLLEXPORT uint64_t jl_base_symbol_hash(jl_value_t *s)
{
    const char *n = jl_symbol_name((jl_sym_t *)s);
    return memhash_seed(n, strlen(n), 0xcafe8881u) ^ (~(uint64_t)0 / 3 * 2);
}

/* ---- number formatting ------------------------------------------------------------------------------------- */

/* integer (two's complement hi:lo, signed or not) in base 2..62, at least `pad` digits */
JL_DLLEXPORT jl_value_t *jl_base_int_string(uint64_t lo, uint64_t hi, int32_t issigned, int32_t base, int32_t pad)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    unsigned __int128 u = ((unsigned __int128)hi << 64) | lo;
    int neg = 0;
    if (issigned && (hi >> 63)) {
        neg = 1;
        u = ~u + 1;
    }
    if (base < 2 || base > 62)
        jl_argument_error("invalid base: base must be 2 ≤ base ≤ 62");
    char buf[200];
    int n = 0;
    while (u != 0) {
        buf[n++] = digits[(int)(u % (unsigned)base)];
        u /= (unsigned)base;
    }
    if (pad > 150)
        pad = 150;
    while (n < pad)
        buf[n++] = '0';
    char out[210];
    int k = 0;
    if (neg)
        out[k++] = '-';
    while (n > 0)
        out[k++] = buf[--n];
    return jl_pchar_to_string(out, (size_t)k);
}

JL_DLLEXPORT jl_value_t *jl_base_float_string(int32_t width, uint64_t bits, int32_t flags)
{
    char buf[JL_FMT_BUFSIZE];
    int n = jl_fmt_float(width, bits, flags, buf);
    return jl_pchar_to_string(buf, (size_t)n);
}

/* %.*f of x (digits after the point) */
JL_DLLEXPORT jl_value_t *jl_base_format_fixed(double x, int32_t digits)
{
    char buf[400];
    if (digits < 0)
        digits = 0;
    if (digits > 60)
        digits = 60;
    int n = snprintf(buf, sizeof(buf), "%.*f", digits, x);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;
    return jl_pchar_to_string(buf, (size_t)n);
}

/* the bytes of a bits value, most significant first, as hex */
JL_DLLEXPORT jl_value_t *jl_base_bits_hex(jl_value_t *v)
{
    size_t sz = (size_t)((jl_datatype_t *)jl_typeof(v))->size;
    char buf[2 * 64 + 1];
    if (sz > 64)
        sz = 64;
    const unsigned char *p = (const unsigned char *)v;
    for (size_t i = 0; i < sz; i++)
        snprintf(buf + 2 * i, 3, "%02x", p[sz - 1 - i]);
    return jl_pchar_to_string(buf, 2 * sz);
}

/* parse a Float64 (width 64) or Float32 (width 32) the way Base.tryparse does: surrounding whitespace
 * allowed, the whole rest must be a number (also inf/nan forms); returns nothing on failure */
JL_DLLEXPORT jl_value_t *jl_base_parse_float(jl_value_t *s, int32_t width)
{
    const char *p = jl_string_data(s);
    size_t n = jl_string_len(s);
    size_t a = 0, b = n;
    while (a < b && (p[a] == ' ' || (p[a] >= '\t' && p[a] <= '\r')))
        a++;
    while (b > a && (p[b - 1] == ' ' || (p[b - 1] >= '\t' && p[b - 1] <= '\r')))
        b--;
    if (a == b || b - a > 1000)
        return jl_nothing;
    char buf[1024];
    memcpy(buf, p + a, b - a);
    buf[b - a] = 0;
    for (size_t i = 0; i < b - a; i++)
        if (buf[i] == 0 || buf[i] == '_')
            return jl_nothing;
    /* hex floats need a 'p' exponent in Julia; strtod accepts them too */
    char *end = NULL;
    errno = 0;
    if (width == 32) {
        float f = strtof(buf, &end);
        if (end != buf + (b - a))
            return jl_nothing;
        return jl_box_float32(f);
    }
    double d = strtod(buf, &end);
    if (end != buf + (b - a))
        return jl_nothing;
    return jl_box_float64(d);
}

JL_DLLEXPORT jl_value_t *jl_base_strerror(int32_t e) { return jl_cstr_to_string(strerror(e)); }

/* ---- file descriptors -------------------------------------------------------------------------------------- */

JL_DLLEXPORT int64_t jl_base_write_fd(int32_t fd, const char *p, int64_t n)
{
    int64_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, p + done, (size_t)(n - done));
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += w;
    }
    return done;
}

JL_DLLEXPORT int64_t jl_base_read_fd(int32_t fd, char *p, int64_t n)
{
    for (;;) {
        ssize_t r = read(fd, p, (size_t)n);
        if (r < 0 && errno == EINTR)
            continue;
        return (int64_t)r;
    }
}

JL_DLLEXPORT int32_t jl_base_errno(void) { return errno; }

/* 0: does not exist, 1: regular file, 2: directory, 3: other */
JL_DLLEXPORT int32_t jl_base_stat_kind(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return 1;
    if (S_ISDIR(st.st_mode))
        return 2;
    return 3;
}

/* ---- clocks and GC counters --------------------------------------------------------------------------------- */

JL_DLLEXPORT double jl_base_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

JL_DLLEXPORT uint64_t jl_base_hrtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* out: bytes allocated, objects allocated, ns spent in GC, collections */
JL_DLLEXPORT void jl_base_gc_num(int64_t *out)
{
    jl_gc_stats_t st;
    memset(&st, 0, sizeof(st));
    jl_gc_stats(&st);
    out[0] = (int64_t)st.total_allocd;
    out[1] = (int64_t)st.num_allocs;
    out[2] = (int64_t)st.total_time_ns;
    out[3] = (int64_t)st.num_collections;
}

JL_DLLEXPORT jl_value_t *jl_base_dir_string(void) { return jl_cstr_to_string(jl_get_base_dir()); }

JL_DLLEXPORT jl_value_t *jl_base_getenv(jl_value_t *name)
{
    const char *v = getenv(jl_string_data(name));
    return v ? jl_cstr_to_string(v) : jl_nothing;
}

JL_DLLEXPORT jl_value_t *jl_base_getcwd(void)
{
    char buf[4096];
    if (getcwd(buf, sizeof(buf)) == NULL)
        jl_error("pwd: cannot get the current directory");
    return jl_cstr_to_string(buf);
}

/* Meta.parseall-like: the whole of `code` as Expr(:toplevel, ...) */
JL_DLLEXPORT jl_value_t *jl_base_parse_all(jl_value_t *code, jl_value_t *filename)
{
    return jl_parse_all(jl_string_data(code), jl_string_len(code), jl_string_data(filename), 1);
}

/* Meta.parse: (expr, 0-based end offset) of one expression of `code` starting at 0-based `pos` */
JL_DLLEXPORT jl_value_t *jl_base_parse_string(jl_value_t *code, int64_t pos, int32_t greedy)
{
    size_t end = 0;
    jl_value_t *ex = jl_parse_string(jl_string_data(code), jl_string_len(code), (size_t)pos, greedy, &end);
    return jl_tuple(2, ex, jl_box_long((int64_t)end));
}

/* Printf: one C conversion of a double. spec is "%<flags><width>.<prec><conv>" (conv in fFeEgGaA) */
JL_DLLEXPORT jl_value_t *jl_base_format_double(jl_value_t *spec, double x)
{
    char fmt[64];
    size_t n = jl_string_len(spec);
    if (n >= sizeof(fmt))
        jl_argument_error("format specification too long");
    memcpy(fmt, jl_string_data(spec), n);
    fmt[n] = 0;
    char small[512];
    int len = snprintf(small, sizeof(small), fmt, x);
    if (len < 0)
        jl_argument_error("invalid format specification");
    if ((size_t)len < sizeof(small))
        return jl_pchar_to_string(small, (size_t)len);
    char *big = (char *)malloc((size_t)len + 1);
    snprintf(big, (size_t)len + 1, fmt, x);
    jl_value_t *s = jl_pchar_to_string(big, (size_t)len);
    free(big);
    return s;
}

/* Printf: one C conversion of an integer (spec ends in d, i, u, x, X or o; uses the ll length) */
JL_DLLEXPORT jl_value_t *jl_base_format_int(jl_value_t *spec, int64_t x)
{
    char fmt[64];
    size_t n = jl_string_len(spec);
    if (n + 3 >= sizeof(fmt) || n == 0)
        jl_argument_error("format specification too long");
    memcpy(fmt, jl_string_data(spec), n - 1);
    fmt[n - 1] = 'l';
    fmt[n] = 'l';
    fmt[n + 1] = jl_string_data(spec)[n - 1];
    fmt[n + 2] = 0;
    char buf[512];
    int len = snprintf(buf, sizeof(buf), fmt, (long long)x);
    if (len < 0 || (size_t)len >= sizeof(buf))
        jl_argument_error("invalid format specification");
    return jl_pchar_to_string(buf, (size_t)len);
}

/* new T(fields of tuple t...) for a concrete struct type T (NamedTuple construction) */
JL_DLLEXPORT jl_value_t *jl_base_new_structt(jl_value_t *T, jl_value_t *t)
{
    if (!jl_is_datatype(T))
        jl_type_error("new", (jl_value_t *)jl_datatype_type, T);
    jl_datatype_t *dt = (jl_datatype_t *)T;
    /* NamedTuple{names,Tuple{...}} instances: field types are the tuple's parameters. jltypes.c does not
     * fill them in yet; do it here, once, the way Julia's jltypes does. */
    if (dt->name == jl_namedtuple_typename && dt->types == NULL && jl_nparams(dt) == 2 &&
        jl_is_tuple_type(jl_tparam(dt, 1)) && !jl_has_free_typevars(T)) {
        dt->types = ((jl_datatype_t *)jl_tparam(dt, 1))->parameters;
        jl_compute_field_offsets(dt);
    }
    if (!dt->isconcretetype || dt->layout == NULL)
        jl_type_error("new", (jl_value_t *)jl_datatype_type, T);
    size_t n = jl_nfields_of(t);
    jl_value_t **args = (jl_value_t **)alloca((n ? n : 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < n; i++)
        args[i] = jl_get_nth_field(t, i);
    return jl_new_structv((jl_datatype_t *)T, args, (uint32_t)n);
}

/* 1 when the process runs `julia -E expr` (its result is printed with show, not display) */
JL_DLLEXPORT int32_t jl_base_is_print_mode(void) { return jl_options.print != NULL && !jl_options.interactive; }
