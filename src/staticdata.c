/* staticdata.c: package images, the .ji side (format: doc/image-format.md).
 *
 * jl_save_incremental writes a package's module tree as an object stream: its modules and bindings, the
 * types it defines, its methods (also those it adds to other modules' functions), their specializations
 * with inferred code, the list of native CodeInstances (whose order is the .so's jl_fvars order), the
 * objects of the .so's jl_gvars slots, and the edges (dispatch results) the code relies on. Objects owned
 * by other modules are written as a stable path (module path + binding name, type name + parameters,
 * method by signature) and resolved against the running process on load.
 *
 * jl_restore_incremental checks the file (magic, version, checksum, runtime, flags, dependencies), reads
 * the stream without touching global state, then inserts the methods into their method tables, verifies
 * every edge against the current method tables (code whose edges no longer hold is dropped), links the
 * .so's code by index and runs the modules' __init__. Malformed input of any kind raises an
 * ErrorException ("cannot load package image ...") and changes nothing global.
 *
 * The GC is disabled while an image is written or read (objects under construction live in C arrays). */
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <dlfcn.h>
#include <time.h>
#include <sys/stat.h>
#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

/* ---------------------------------------------------------------------------------------------- */
/* SHA-256 (FIPS 180-4). The round constants are computed exactly with integer roots at first use. */

typedef struct {
    uint32_t h[8];
    uint64_t nbytes;
    uint8_t buf[64];
    size_t nbuf;
} sha256_t;

static uint32_t sha_k[64];
static uint32_t sha_h0[8];

static uint64_t isqrt_u128(unsigned __int128 x)
{
    uint64_t lo = 0, hi = (uint64_t)1 << 40;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if ((unsigned __int128)mid * mid <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static uint64_t icbrt_u128(unsigned __int128 x)
{
    uint64_t lo = 0, hi = (uint64_t)1 << 36;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if ((unsigned __int128)mid * mid * mid <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* K[i]: first 32 bits of the fractional part of the cube root of the i-th prime; H0: of square roots. */
static void sha256_init_constants(void)
{
    if (sha_k[0] != 0)
        return;
    int primes[64], np = 0;
    for (int c = 2; np < 64; c++) {
        int isp = 1;
        for (int d = 2; d * d <= c; d++)
            if (c % d == 0)
                isp = 0;
        if (isp)
            primes[np++] = c;
    }
    for (int i = 0; i < 64; i++)
        sha_k[i] = (uint32_t)icbrt_u128((unsigned __int128)primes[i] << 96);
    for (int i = 0; i < 8; i++)
        sha_h0[i] = (uint32_t)isqrt_u128((unsigned __int128)primes[i] << 64);
}

static inline uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(sha256_t *s, const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
    uint32_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_begin(sha256_t *s)
{
    sha256_init_constants();
    memcpy(s->h, sha_h0, sizeof(sha_h0));
    s->nbytes = 0;
    s->nbuf = 0;
}

static void sha256_update(sha256_t *s, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    s->nbytes += len;
    if (s->nbuf > 0) {
        size_t k = 64 - s->nbuf < len ? 64 - s->nbuf : len;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k;
        p += k;
        len -= k;
        if (s->nbuf < 64)
            return;
        sha256_block(s, s->buf);
        s->nbuf = 0;
    }
    for (; len >= 64; p += 64, len -= 64)
        sha256_block(s, p);
    memcpy(s->buf, p, len);
    s->nbuf = len;
}

static void sha256_end(sha256_t *s, uint8_t out[32])
{
    uint64_t bits = s->nbytes * 8;
    uint8_t pad = 0x80, zero = 0;
    sha256_update(s, &pad, 1);
    while (s->nbuf != 56)
        sha256_update(s, &zero, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)s->h[i];
    }
}

void jl_sha256(const void *data, size_t len, uint8_t out[32])
{
    sha256_t s;
    sha256_begin(&s);
    sha256_update(&s, data, len);
    sha256_end(&s, out);
}

/* SHA-256 of a file's contents; 0 if it cannot be read. */
static int sha256_file(const char *path, uint8_t out[32], uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    sha256_t s;
    sha256_begin(&s);
    uint8_t buf[65536];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        sha256_update(&s, buf, n);
        total += n;
    }
    int ok = !ferror(f);
    fclose(f);
    sha256_end(&s, out);
    if (size)
        *size = total;
    return ok;
}

static void hex32(const uint8_t h[32], char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[64] = 0;
}

JL_DLLEXPORT jl_value_t *jl_sha256_file_hex(const char *path)
{
    uint8_t h[32];
    char hex[65];
    if (!sha256_file(path, h, NULL))
        return jl_nothing;
    hex32(h, hex);
    return jl_cstr_to_string(hex);
}

/* ---------------------------------------------------------------------------------------------- */
/* Growable byte buffers and little-endian / LEB128 encoding */

typedef struct {
    uint8_t *data;
    size_t len, cap;
} bbuf_t;

static void bb_reserve(bbuf_t *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n)
        cap *= 2;
    uint8_t *d = (uint8_t *)realloc(b->data, cap);
    if (d == NULL)
        jl_error("cannot save package image: out of memory");
    b->data = d;
    b->cap = cap;
}

static void bb_bytes(bbuf_t *b, const void *p, size_t n)
{
    bb_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void bb_u8(bbuf_t *b, uint8_t x) { bb_bytes(b, &x, 1); }

static void bb_u32(bbuf_t *b, uint32_t x)
{
    uint8_t d[4];
    for (int i = 0; i < 4; i++)
        d[i] = (uint8_t)(x >> (8 * i));
    bb_bytes(b, d, 4);
}

static void bb_u64(bbuf_t *b, uint64_t x)
{
    uint8_t d[8];
    for (int i = 0; i < 8; i++)
        d[i] = (uint8_t)(x >> (8 * i));
    bb_bytes(b, d, 8);
}

static void bb_uv(bbuf_t *b, uint64_t x)
{
    uint8_t d[10];
    int n = 0;
    do {
        uint8_t byte = x & 0x7f;
        x >>= 7;
        d[n++] = (uint8_t)(byte | (x ? 0x80 : 0));
    } while (x);
    bb_bytes(b, d, (size_t)n);
}

static void bb_str(bbuf_t *b, const char *s, size_t n)
{
    bb_uv(b, n);
    bb_bytes(b, s, n);
}

static void bb_cstr(bbuf_t *b, const char *s) { bb_str(b, s, strlen(s)); }

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* ---------------------------------------------------------------------------------------------- */
/* Pointer-keyed hash maps (C memory; keys are live objects, the GC is off while they are used) */

typedef struct {
    uintptr_t *keys;
    uintptr_t *vals;
    size_t cap, count;
} ptrmap_t;

static inline size_t ptr_hash(uintptr_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

static void ptrmap_free(ptrmap_t *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

static uintptr_t *ptrmap_find(ptrmap_t *m, const void *key)
{
    if (m->cap == 0)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = ptr_hash((uintptr_t)key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == (uintptr_t)key)
            return &m->vals[i];
        if (m->keys[i] == 0)
            return NULL;
    }
}

static int ptrmap_get(ptrmap_t *m, const void *key, uintptr_t *val)
{
    uintptr_t *p = ptrmap_find(m, key);
    if (p && val)
        *val = *p;
    return p != NULL;
}

static void ptrmap_grow(ptrmap_t *m)
{
    size_t oldcap = m->cap;
    uintptr_t *ok = m->keys, *ov = m->vals;
    m->cap = oldcap ? oldcap * 2 : 256;
    m->keys = (uintptr_t *)calloc(m->cap, sizeof(uintptr_t));
    m->vals = (uintptr_t *)calloc(m->cap, sizeof(uintptr_t));
    if (m->keys == NULL || m->vals == NULL)
        jl_fatal_error("out of memory in a package image table");
    size_t mask = m->cap - 1;
    for (size_t i = 0; i < oldcap; i++) {
        if (ok[i] == 0)
            continue;
        size_t j = ptr_hash(ok[i]) & mask;
        while (m->keys[j] != 0)
            j = (j + 1) & mask;
        m->keys[j] = ok[i];
        m->vals[j] = ov[i];
    }
    free(ok);
    free(ov);
}

static void ptrmap_put(ptrmap_t *m, const void *key, uintptr_t val)
{
    uintptr_t *p = ptrmap_find(m, key);
    if (p) {
        *p = val;
        return;
    }
    if ((m->count + 1) * 2 > m->cap)
        ptrmap_grow(m);
    size_t mask = m->cap - 1;
    size_t i = ptr_hash((uintptr_t)key) & mask;
    while (m->keys[i] != 0)
        i = (i + 1) & mask;
    m->keys[i] = (uintptr_t)key;
    m->vals[i] = val;
    m->count++;
}

/* Growable array of pointers (C memory). */
typedef struct {
    void **items;
    size_t len, cap;
} ptrvec_t;

static void pv_push(ptrvec_t *v, void *x)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = (void **)realloc(v->items, v->cap * sizeof(void *));
        if (v->items == NULL)
            jl_fatal_error("out of memory in a package image table");
    }
    v->items[v->len++] = x;
}

static void pv_free(ptrvec_t *v)
{
    free(v->items);
    memset(v, 0, sizeof(*v));
}

/* ---------------------------------------------------------------------------------------------- */
/* The format: tags of the object stream, records, well-known objects */

#define JI_MAGIC "\x89NCJI\r\n\x1a"     /* 8 bytes; catches text-mode and 7-bit mangling */
#define JI_TRAILER_MAGIC "NCJIEND"      /* 8 bytes with the NUL */
#define JI_TRAILER_SIZE 88              /* content hash, .so hash, body size, check, magic */
#define JI_ENDIAN_CHECK 0x01020304u
#define MAX_DEPTH 20000

enum {
    T_NULL = 0,       /* NULL (#undef) */
    T_BACKREF,        /* uv id: an object seen before */
    T_COMMON,         /* uv k: a well-known object of the runtime */
    T_SYMBOL,         /* str name */
    T_STRING,         /* str bytes */
    T_SVEC,           /* uv n, n values */
    T_ARRAY,          /* type, uv ndims, uv dims..., u8 ptrarray, uv elsize, elements */
    T_BITS,           /* type, size bytes: a boxed bits value */
    T_SINGLETON,      /* type: its instance */
    T_STRUCT,         /* type, fields (pointer fields as values, inline fields as bytes) */
    T_MODULE_DEF,     /* a module of the package: name, parent, uuid hi/lo, build id, flags */
    T_SUBMODULE,      /* parent module, name: an external module by path */
    T_PKG_ROOT,       /* uv k: the k-th dependency of the header */
    T_EXT_GLOBAL,     /* module, name: the value of an external global */
    T_BINDING,        /* owner module, name: a binding object */
    T_DATATYPE_DEF,   /* a type the package defines (see write_datatype_def) */
    T_TYPENAME,       /* anchor: unwrap(anchor).name for a type, typeof(anchor).name for a value */
    T_WRAPPER,        /* typename: its wrapper */
    T_APPLY,          /* typename, uv n, parameters: an instantiation */
    T_TUPLE_TYPE,     /* uv n, parameters */
    T_TYPEOF,         /* value: typeof(value) */
    T_UNION,          /* a, b: Union{a, b} built canonically */
    T_MT_OF,          /* typename: its method table */
    T_METHOD_DEF,     /* a method of the package: its fields */
    T_EXT_METHOD,     /* sig, module, name: an external method */
    T_MI_DEF,         /* a specialization of a package method: its fields */
    T_EXT_MI,         /* method, specTypes, sparam_vals: a specialization of an external method */
    T_CI_DEF,         /* a CodeInstance: its fields */
    T_UNRESOLVABLE,   /* str description: an object the writer could not name */
    T_NTAGS
};

enum { R_END = 0, R_MODULES, R_BINDINGS, R_METHODS, R_CODEINSTS, R_EDGES, R_GVARS, R_INIT_ORDER };

enum { BK_OWNED = 0, BK_ALIAS = 1, BK_UNRESOLVED = 2 };
enum { BF_CONST = 1, BF_EXPORT = 2, BF_IMPORTED = 4, BF_DEPRECATED = 8 };

/* The well-known objects both processes share (the same runtime build): an index into this list. */
static size_t common_objects(jl_value_t **out, size_t cap)
{
    size_t n = 0;
#define JL_ADD_COMMON(x) do { if (n < cap) out[n] = (jl_value_t *)(x); n++; } while (0)
#define JL_ADD_COMMON_TYPE(t) JL_ADD_COMMON(jl_##t);
    JL_TYPES_X(JL_ADD_COMMON_TYPE)
#undef JL_ADD_COMMON_TYPE
    JL_ADD_COMMON(jl_bottom_type);
    JL_ADD_COMMON(jl_type_type_ua);
    JL_ADD_COMMON(jl_nothing);
    JL_ADD_COMMON(jl_true);
    JL_ADD_COMMON(jl_false);
    JL_ADD_COMMON(jl_emptysvec);
    JL_ADD_COMMON(jl_emptytuple);
    JL_ADD_COMMON(jl_core_module);
    JL_ADD_COMMON(jl_main_module);
    JL_ADD_COMMON(jl_base_module);
    JL_ADD_COMMON(jl_type_type_mt);
    JL_ADD_COMMON(jl_array_typename);
    JL_ADD_COMMON(jl_tuple_typename);
    JL_ADD_COMMON(jl_type_typename);
    JL_ADD_COMMON(jl_namedtuple_typename);
    JL_ADD_COMMON(jl_pointer_typename);
    JL_ADD_COMMON(jl_vararg_any);
#undef JL_ADD_COMMON
    return n;
}

#define MAX_COMMON 512

/* Types whose objects are never written field by field (they have C state or identity rules). */
static int is_special_type(jl_value_t *t)
{
    return t == (jl_value_t *)jl_symbol_type || t == (jl_value_t *)jl_string_type ||
           t == (jl_value_t *)jl_simplevector_type || t == (jl_value_t *)jl_module_type ||
           t == (jl_value_t *)jl_datatype_type || t == (jl_value_t *)jl_typename_type ||
           t == (jl_value_t *)jl_uniontype_type || t == (jl_value_t *)jl_methtable_type ||
           t == (jl_value_t *)jl_method_type || t == (jl_value_t *)jl_method_instance_type ||
           t == (jl_value_t *)jl_code_instance_type || t == (jl_value_t *)jl_binding_type ||
           t == (jl_value_t *)jl_task_type || t == (jl_value_t *)jl_typeofbottom_type ||
           jl_is_array_type(t);
}

static int is_pointer_type(jl_value_t *t)
{
    return jl_is_datatype(t) && ((jl_datatype_t *)t)->name == jl_pointer_typename;
}

static jl_binding_t *final_binding(jl_binding_t *b)
{
    while (b && b->alias)
        b = b->alias;
    return b;
}

static jl_method_t *mi_method(jl_method_instance_t *mi)
{
    return jl_is_method(mi->def) ? (jl_method_t *)mi->def : NULL;
}

/* The CPU the code of an image is compiled for: --cpu-target, else the host CPU. */
void jl_image_cpu_target(char *buf, size_t sz)
{
    const char *t = jl_options.cpu_target;
    if (t != NULL && *t && strcmp(t, "native") != 0) {
        snprintf(buf, sz, "%s", t);
        return;
    }
    static char host[64];
    if (host[0] == 0) {
        char *cpu = LLVMGetHostCPUName();
        snprintf(host, sizeof(host), "native:%s", cpu ? cpu : "unknown");
        LLVMDisposeMessage(cpu);
    }
    snprintf(buf, sz, "%s", host);
}

static int trace_load(void)
{
    static int flag = -1;
    if (flag < 0)
        flag = JL_TRACE_LOAD || getenv("JULIA_TRACE_LOAD") != NULL;
    return flag;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void describe(jl_value_t *v, char *buf, size_t sz)
{
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    jl_static_show_to(&b, v, 1);
    snprintf(buf, sz, "%.*s", (int)(b.len < 200 ? b.len : 200), b.data);
    jl_sbuf_free(&b);
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: the state */

typedef struct {
    bbuf_t out;                 /* the object stream */
    jl_module_t *top;
    ptrmap_t ids;               /* object -> (id << 1) | pending; pending = cannot be referenced yet */
    size_t nids;
    ptrmap_t common;            /* object -> index + 1 */
    ptrmap_t internal;          /* modules of the package (set) */
    ptrvec_t modules;           /* the same, parents before children */
    ptrmap_t extnames;          /* external object -> index + 1 into ext_mod / ext_sym */
    ptrvec_t ext_mod, ext_sym;
    ptrmap_t native;            /* CodeInstances in the shadow module (set) */
    ptrmap_t queued;            /* package methods queued for insertion (set) */
    ptrvec_t method_queue;      /* queued, not yet listed */
    ptrvec_t methods;           /* listed (R_METHODS), in order */
    size_t methods_scanned;     /* methods[0 .. k) have had their specializations written */
    ptrmap_t ci_listed;         /* CodeInstances listed in R_CODEINSTS (set) */
    ptrvec_t native_list;       /* native CodeInstances in fvars order */
    ptrmap_t mt_owner;          /* method table of a package type -> its typename */
    ptrmap_t edge_ids;          /* edge key (MethodInstance or type) -> index + 1 */
    ptrvec_t edge_keys;
    size_t edges_written;
    ptrvec_t deps;              /* package roots referenced (header order) */
    ptrmap_t dep_ids;           /* root module -> index + 1 */
    size_t unresolvable;        /* objects written as T_UNRESOLVABLE */
    char why[256];              /* the first of them */
    int depth;
} writer_t;

static void write_value(writer_t *w, jl_value_t *v);

static JL_NORETURN void save_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    jl_errorf("cannot save package image: %s", msg);
}

static int is_internal_module(writer_t *w, jl_module_t *m) { return ptrmap_get(&w->internal, m, NULL); }

/* A type, typename or function owned by the package? */
static int is_internal_typename(writer_t *w, jl_typename_t *tn)
{
    return tn->module != NULL && is_internal_module(w, tn->module);
}

static int is_internal_method(writer_t *w, jl_method_t *m) { return is_internal_module(w, m->module); }

/* Assigns the next id to v (the reader assigns ids in the same order, one per constructor tag). */
static void new_id(writer_t *w, jl_value_t *v, int pending)
{
    ptrmap_put(&w->ids, v, ((uintptr_t)w->nids++ << 1) | (uintptr_t)(pending != 0));
}

static void set_ready(writer_t *w, jl_value_t *v)
{
    uintptr_t *p = ptrmap_find(&w->ids, v);
    if (p)
        *p &= ~(uintptr_t)1;
}

static void write_sym(writer_t *w, jl_sym_t *s)
{
    write_value(w, (jl_value_t *)s);
}

/* An object the reader cannot reconstruct: it is unresolved on load (code using it is dropped). */
static void write_unresolvable(writer_t *w, jl_value_t *v, const char *what)
{
    char desc[256], shown[200];
    describe(v, shown, sizeof(shown));
    snprintf(desc, sizeof(desc), "%s %s", what, shown);
    if (w->unresolvable++ == 0)
        snprintf(w->why, sizeof(w->why), "%s", desc);
    new_id(w, v, 0);
    bb_u8(&w->out, T_UNRESOLVABLE);
    bb_cstr(&w->out, desc);
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: the package's modules and the names of everything else */

static int cmp_binding_names(const void *a, const void *b)
{
    jl_binding_t *x = *(jl_binding_t *const *)a, *y = *(jl_binding_t *const *)b;
    return strcmp(jl_symbol_name(x->name), jl_symbol_name(y->name));
}

static void collect_binding(jl_binding_t *b, void *ctx) { pv_push((ptrvec_t *)ctx, b); }

/* The bindings of m sorted by name (a deterministic order). */
static void sorted_bindings(jl_module_t *m, ptrvec_t *out)
{
    jl_module_foreach_binding(m, collect_binding, out);
    qsort(out->items, out->len, sizeof(void *), cmp_binding_names);
}

/* A module defined in m under its own name (not an alias of another module). */
static jl_module_t *child_module(jl_module_t *m, jl_binding_t *b)
{
    if (b->alias || b->owner != m || b->value == NULL || !jl_is_module(b->value))
        return NULL;
    jl_module_t *c = (jl_module_t *)b->value;
    return (c != m && c->parent == m && c->name == b->name) ? c : NULL;
}

static void collect_package_modules(writer_t *w, jl_module_t *m)
{
    ptrmap_put(&w->internal, m, 1);
    pv_push(&w->modules, m);
    ptrvec_t bs = {0};
    sorted_bindings(m, &bs);
    for (size_t i = 0; i < bs.len; i++) {
        jl_module_t *c = child_module(m, (jl_binding_t *)bs.items[i]);
        if (c && !is_internal_module(w, c))
            collect_package_modules(w, c);
    }
    pv_free(&bs);
}

/* Objects other modules bind as constants, so they are written as (module, name). */
static int nameable_value(writer_t *w, jl_value_t *v)
{
    if (jl_is_symbol(v) || jl_is_module(v) || jl_is_method(v) || jl_is_method_instance(v) ||
        jl_is_code_instance(v) || jl_is_string(v))
        return 0;
    if (jl_is_type(v)) {
        jl_value_t *u = jl_unwrap_unionall(v);
        return !(jl_is_datatype(u) && is_internal_typename(w, ((jl_datatype_t *)u)->name));
    }
    jl_value_t *t = jl_typeof(v);
    if (!jl_is_datatype(t))
        return 0;
    jl_datatype_t *dt = (jl_datatype_t *)t;
    if (is_internal_typename(w, dt->name))
        return 0;
    return dt->instance == v || dt->name->mutabl;
}

static void index_external_names(writer_t *w, jl_module_t *m, ptrmap_t *seen)
{
    if (is_internal_module(w, m) || ptrmap_get(seen, m, NULL))
        return;
    ptrmap_put(seen, m, 1);
    ptrvec_t bs = {0};
    sorted_bindings(m, &bs);
    for (size_t i = 0; i < bs.len; i++) {
        jl_binding_t *b = (jl_binding_t *)bs.items[i];
        if (b->alias || b->owner != m || !b->constp || b->value == NULL)
            continue;
        jl_value_t *v = b->value;
        if (nameable_value(w, v) && !ptrmap_get(&w->extnames, v, NULL) && !ptrmap_get(&w->common, v, NULL)) {
            pv_push(&w->ext_mod, m);
            pv_push(&w->ext_sym, b->name);
            ptrmap_put(&w->extnames, v, w->ext_mod.len);
        }
    }
    for (size_t i = 0; i < bs.len; i++) {
        jl_module_t *c = child_module(m, (jl_binding_t *)bs.items[i]);
        if (c)
            index_external_names(w, c, seen);
    }
    pv_free(&bs);
}

/* A package's root module (written as a dependency): directly under Main or a __toplevel__ module. */
static int is_package_root(jl_module_t *m)
{
    if (m == jl_core_module || m == jl_main_module || m == jl_base_module)
        return 0;
    if (m->parent == m)
        return 1;
    jl_module_t *p = m->parent;
    return p == jl_main_module || strcmp(jl_symbol_name(p->name), "__toplevel__") == 0;
}

static void write_module(writer_t *w, jl_module_t *m)
{
    if (is_internal_module(w, m)) {
        new_id(w, (jl_value_t *)m, 1);
        bb_u8(&w->out, T_MODULE_DEF);
        write_sym(w, m->name);
        write_value(w, m->parent == m ? NULL : (jl_value_t *)m->parent);   /* NULL: a root module */
        bb_u64(&w->out, m->uuid_hi);
        bb_u64(&w->out, m->uuid_lo);
        bb_u64(&w->out, m->build_id);
        bb_u8(&w->out, m->istopmod);
        bb_u8(&w->out, m->infer);
        bb_u8(&w->out, m->optlevel);
        set_ready(w, (jl_value_t *)m);
        return;
    }
    if (is_package_root(m)) {
        uintptr_t k;
        if (!ptrmap_get(&w->dep_ids, m, &k)) {
            pv_push(&w->deps, m);
            k = w->deps.len;
            ptrmap_put(&w->dep_ids, m, k);
        }
        new_id(w, (jl_value_t *)m, 0);
        bb_u8(&w->out, T_PKG_ROOT);
        bb_uv(&w->out, k - 1);
        return;
    }
    if (m->parent == NULL || m->parent == m) {
        write_unresolvable(w, (jl_value_t *)m, "module");
        return;
    }
    new_id(w, (jl_value_t *)m, 1);
    bb_u8(&w->out, T_SUBMODULE);
    write_value(w, (jl_value_t *)m->parent);
    write_sym(w, m->name);
    set_ready(w, (jl_value_t *)m);
}

static void write_ext_global(writer_t *w, jl_value_t *v, jl_module_t *m, jl_sym_t *name)
{
    new_id(w, v, 1);
    bb_u8(&w->out, T_EXT_GLOBAL);
    write_value(w, (jl_value_t *)m);
    write_sym(w, name);
    set_ready(w, v);
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: types */

static void queue_method(writer_t *w, jl_method_t *m)
{
    if (!is_internal_method(w, m) || m->deleted_world != JL_MAX_WORLD || ptrmap_get(&w->queued, m, NULL))
        return;
    ptrmap_put(&w->queued, m, 1);
    pv_push(&w->method_queue, m);
}

static void queue_mt_methods(writer_t *w, jl_methtable_t *mt)
{
    if (mt == NULL || mt->defs == NULL)
        return;
    for (size_t i = 0; i < jl_array_len(mt->defs); i++)
        queue_method(w, (jl_method_t *)jl_array_ptr_ref(mt->defs, i));
}

/* A type the package defines: enough to call jl_new_datatype (then the id is usable), super, fields. */
static void write_datatype_def(writer_t *w, jl_datatype_t *dt)
{
    jl_typename_t *tn = dt->name;
    new_id(w, (jl_value_t *)dt, 1);
    bb_u8(&w->out, T_DATATYPE_DEF);
    write_sym(w, tn->name);
    write_value(w, (jl_value_t *)tn->module);
    int kind = tn->abstract ? 0 : dt->isprimitivetype ? 2 : 1;
    bb_u8(&w->out, (uint8_t)kind);
    bb_u8(&w->out, tn->mutabl);
    size_t nnames = jl_svec_len(tn->names);
    bb_uv(&w->out, nnames - (size_t)tn->n_uninitialized);
    bb_uv(&w->out, kind == 2 ? (uint64_t)dt->size * 8 : 0);
    write_value(w, (jl_value_t *)dt->parameters);
    write_value(w, (jl_value_t *)tn->names);
    bb_u32(&w->out, tn->constfields);
    bb_u32(&w->out, (uint32_t)tn->max_methods);
    bb_u8(&w->out, tn->mayinlinealloc);
    bb_u8(&w->out, tn->mt != NULL);
    if (tn->mt) {
        write_sym(w, tn->mt->name);
        write_value(w, (jl_value_t *)tn->mt->module);
        ptrmap_put(&w->mt_owner, tn->mt, (uintptr_t)tn);
    }
    set_ready(w, (jl_value_t *)dt);
    write_value(w, (jl_value_t *)dt->super);
    write_value(w, (jl_value_t *)dt->types);
    if (tn->mt)
        queue_mt_methods(w, tn->mt);
}

/* The value that names an external typename: its wrapper or its function, bound somewhere. */
static jl_value_t *typename_anchor(writer_t *w, jl_typename_t *tn)
{
    if (tn->wrapper && ptrmap_get(&w->extnames, tn->wrapper, NULL))
        return tn->wrapper;
    jl_value_t *body = tn->wrapper ? jl_unwrap_unionall(tn->wrapper) : NULL;
    if (body && jl_is_datatype(body)) {
        jl_value_t *inst = ((jl_datatype_t *)body)->instance;
        if (inst && ptrmap_get(&w->extnames, inst, NULL))
            return inst;
    }
    if (tn->mt && tn->mt->module) {
        jl_binding_t *b = final_binding(jl_get_module_binding(tn->mt->module, tn->mt->name, 0));
        if (b && b->value && jl_is_datatype(jl_typeof(b->value)) &&
            ((jl_datatype_t *)jl_typeof(b->value))->name == tn)
            return b->value;
    }
    return NULL;
}

static void write_typename(writer_t *w, jl_typename_t *tn)
{
    jl_value_t *anchor;
    if (is_internal_typename(w, tn))
        anchor = jl_unwrap_unionall(tn->wrapper);
    else
        anchor = typename_anchor(w, tn);
    if (anchor == NULL) {
        write_unresolvable(w, (jl_value_t *)tn, "type");
        return;
    }
    new_id(w, (jl_value_t *)tn, 1);
    bb_u8(&w->out, T_TYPENAME);
    if (!is_internal_typename(w, tn) && !jl_is_type(anchor) && !ptrmap_get(&w->extnames, anchor, NULL) &&
        !ptrmap_get(&w->ids, anchor, NULL)) {
        /* a function bound as a non-constant global: name it by its binding */
        write_ext_global(w, anchor, tn->mt->module, tn->mt->name);
    }
    else {
        write_value(w, anchor);
    }
    set_ready(w, (jl_value_t *)tn);
}

static void write_params(writer_t *w, jl_svec_t *p)
{
    bb_uv(&w->out, jl_svec_len(p));
    for (size_t i = 0; i < jl_svec_len(p); i++)
        write_value(w, jl_svecref(p, i));
}

static void write_datatype(writer_t *w, jl_datatype_t *dt)
{
    jl_typename_t *tn = dt->name;
    if (is_internal_typename(w, tn) && (jl_value_t *)dt == jl_unwrap_unionall(tn->wrapper)) {
        write_datatype_def(w, dt);
        return;
    }
    if (tn == jl_tuple_typename) {
        new_id(w, (jl_value_t *)dt, 1);
        bb_u8(&w->out, T_TUPLE_TYPE);
        write_params(w, dt->parameters);
        set_ready(w, (jl_value_t *)dt);
        return;
    }
    if (jl_svec_len(dt->parameters) > 0) {
        new_id(w, (jl_value_t *)dt, 1);
        bb_u8(&w->out, T_APPLY);
        write_value(w, (jl_value_t *)tn);
        write_params(w, dt->parameters);
        set_ready(w, (jl_value_t *)dt);
        return;
    }
    /* an external type without parameters that no constant names: the type of a named function */
    jl_value_t *anchor = typename_anchor(w, tn);
    if (anchor == NULL || jl_is_type(anchor)) {
        write_unresolvable(w, (jl_value_t *)dt, "type");
        return;
    }
    new_id(w, (jl_value_t *)dt, 1);
    bb_u8(&w->out, T_TYPEOF);
    if (!ptrmap_get(&w->extnames, anchor, NULL) && !ptrmap_get(&w->ids, anchor, NULL))
        write_ext_global(w, anchor, tn->mt->module, tn->mt->name);
    else
        write_value(w, anchor);
    set_ready(w, (jl_value_t *)dt);
}

static void write_methtable(writer_t *w, jl_methtable_t *mt)
{
    uintptr_t tn = 0;
    if (!ptrmap_get(&w->mt_owner, mt, &tn) && mt->module) {
        jl_binding_t *b = final_binding(jl_get_module_binding(mt->module, mt->name, 0));
        if (b && b->value && jl_is_datatype(jl_typeof(b->value)) &&
            ((jl_datatype_t *)jl_typeof(b->value))->name->mt == mt)
            tn = (uintptr_t)((jl_datatype_t *)jl_typeof(b->value))->name;
    }
    if (tn == 0) {
        write_unresolvable(w, (jl_value_t *)mt, "method table");
        return;
    }
    new_id(w, (jl_value_t *)mt, 1);
    bb_u8(&w->out, T_MT_OF);
    write_value(w, (jl_value_t *)tn);
    set_ready(w, (jl_value_t *)mt);
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: objects field by field */

/* Fields in layout order, self-describing (so a reader that cannot resolve the type can skip them):
 * uv nfields, then per field u8 0 + a value (pointer fields), or u8 1 + uv size + bytes (inline fields;
 * Ptr values are written as C_NULL). */
static void write_fields(writer_t *w, jl_datatype_t *dt, const char *data)
{
    const jl_datatype_layout_t *ly = dt->layout;
    bb_uv(&w->out, ly->nfields);
    for (uint32_t i = 0; i < ly->nfields; i++) {
        const jl_fielddesc_t *fd = &ly->fields[i];
        if (fd->isptr) {
            bb_u8(&w->out, 0);
            write_value(w, *(jl_value_t *const *)(data + fd->offset));
            continue;
        }
        bb_u8(&w->out, 1);
        bb_uv(&w->out, fd->size);
        if (is_pointer_type(jl_field_type(dt, i))) {
            for (uint32_t k = 0; k < fd->size; k++)
                bb_u8(&w->out, 0);
        }
        else {
            bb_bytes(&w->out, data + fd->offset, fd->size);
        }
    }
}

static void write_method(writer_t *w, jl_method_t *m)
{
    if (!is_internal_method(w, m)) {
        new_id(w, (jl_value_t *)m, 1);
        bb_u8(&w->out, T_EXT_METHOD);
        write_value(w, m->sig);
        write_value(w, (jl_value_t *)m->module);
        write_sym(w, m->name);
        set_ready(w, (jl_value_t *)m);
        return;
    }
    queue_method(w, m);
    jl_method_t copy = *m;
    copy.specializations = NULL;   /* rebuilt from the specializations read */
    copy.unspecialized = NULL;
    copy.ambig = NULL;
    copy.external_mt = NULL;
    new_id(w, (jl_value_t *)m, 0);
    bb_u8(&w->out, T_METHOD_DEF);
    write_fields(w, jl_method_type, (const char *)&copy);
}

static void write_method_instance(writer_t *w, jl_method_instance_t *mi)
{
    jl_method_t *m = mi_method(mi);
    if (m && !is_internal_method(w, m)) {
        new_id(w, (jl_value_t *)mi, 1);
        bb_u8(&w->out, T_EXT_MI);
        write_value(w, (jl_value_t *)m);
        write_value(w, mi->specTypes);
        write_value(w, (jl_value_t *)mi->sparam_vals);
        set_ready(w, (jl_value_t *)mi);
        return;
    }
    jl_method_instance_t copy = *mi;
    copy.backedges = NULL;         /* rebuilt from the edges of the code restored */
    copy.cache = NULL;             /* CodeInstances are listed in R_CODEINSTS */
    copy.inInference = 0;
    new_id(w, (jl_value_t *)mi, 0);
    bb_u8(&w->out, T_MI_DEF);
    write_fields(w, jl_method_instance_type, (const char *)&copy);
}

static void write_code_instance(writer_t *w, jl_code_instance_t *ci)
{
    jl_code_instance_t copy = *ci;
    copy.next = NULL;
    copy.invoke = NULL;
    copy.specptr = NULL;
    copy.from_image = 0;
    copy.image_index = -1;
    new_id(w, (jl_value_t *)ci, 0);
    bb_u8(&w->out, T_CI_DEF);
    write_fields(w, jl_code_instance_type, (const char *)&copy);
}

static void write_binding_ref(writer_t *w, jl_binding_t *b)
{
    jl_binding_t *f = final_binding(b);
    if (f == NULL || f->owner == NULL) {
        write_unresolvable(w, (jl_value_t *)b, "binding");
        return;
    }
    new_id(w, (jl_value_t *)b, 1);
    bb_u8(&w->out, T_BINDING);
    write_value(w, (jl_value_t *)f->owner);
    write_sym(w, f->name);
    set_ready(w, (jl_value_t *)b);
}

static void write_array(writer_t *w, jl_array_t *a)
{
    if (a->isunion)
        save_error("arrays of inline unions are not supported");
    new_id(w, (jl_value_t *)a, 1);
    bb_u8(&w->out, T_ARRAY);
    write_value(w, jl_typeof(a));
    bb_uv(&w->out, a->ndims);
    for (size_t i = 0; i < a->ndims; i++)
        bb_uv(&w->out, a->dims[i]);
    bb_u8(&w->out, a->ptrarray);
    bb_uv(&w->out, a->elsize);
    set_ready(w, (jl_value_t *)a);
    if (a->ptrarray) {
        for (size_t i = 0; i < a->length; i++)
            write_value(w, jl_array_ptr_ref(a, i));
    }
    else if (is_pointer_type(jl_tparam0(jl_typeof(a)))) {
        for (size_t i = 0; i < a->length * a->elsize; i++)
            bb_u8(&w->out, 0);
    }
    else {
        bb_bytes(&w->out, a->data, a->length * a->elsize);
    }
}

static void write_generic(writer_t *w, jl_value_t *v)
{
    jl_datatype_t *dt = (jl_datatype_t *)jl_typeof(v);
    if (!jl_is_datatype(dt) || dt->layout == NULL || is_special_type((jl_value_t *)dt) ||
        jl_is_task(v)) {
        write_unresolvable(w, v, "object");
        return;
    }
    if (dt->instance == v) {
        new_id(w, v, 1);
        bb_u8(&w->out, T_SINGLETON);
        write_value(w, (jl_value_t *)dt);
        set_ready(w, v);
        return;
    }
    if (dt->isbitstype) {
        new_id(w, v, 1);
        bb_u8(&w->out, T_BITS);
        write_value(w, (jl_value_t *)dt);
        bb_uv(&w->out, (uint64_t)dt->size);
        if (is_pointer_type((jl_value_t *)dt)) {
            for (int32_t k = 0; k < dt->size; k++)
                bb_u8(&w->out, 0);
        }
        else {
            bb_bytes(&w->out, v, (size_t)dt->size);
        }
        set_ready(w, v);
        return;
    }
    new_id(w, v, 1);
    bb_u8(&w->out, T_STRUCT);
    write_value(w, (jl_value_t *)dt);
    set_ready(w, v);
    write_fields(w, dt, (const char *)v);
}

static void write_typed(writer_t *w, jl_value_t *v)
{
    jl_value_t *t = jl_typeof(v);
    if (t == (jl_value_t *)jl_datatype_type) {
        write_datatype(w, (jl_datatype_t *)v);
    }
    else if (t == (jl_value_t *)jl_unionall_type && jl_is_datatype(jl_unwrap_unionall(v)) &&
             ((jl_datatype_t *)jl_unwrap_unionall(v))->name->wrapper == v) {
        new_id(w, v, 1);
        bb_u8(&w->out, T_WRAPPER);
        write_value(w, (jl_value_t *)((jl_datatype_t *)jl_unwrap_unionall(v))->name);
        set_ready(w, v);
    }
    else if (t == (jl_value_t *)jl_uniontype_type) {
        new_id(w, v, 1);
        bb_u8(&w->out, T_UNION);
        write_value(w, ((jl_uniontype_t *)v)->a);
        write_value(w, ((jl_uniontype_t *)v)->b);
        set_ready(w, v);
    }
    else if (t == (jl_value_t *)jl_typename_type) {
        write_typename(w, (jl_typename_t *)v);
    }
    else if (t == (jl_value_t *)jl_module_type) {
        write_module(w, (jl_module_t *)v);
    }
    else if (t == (jl_value_t *)jl_methtable_type) {
        write_methtable(w, (jl_methtable_t *)v);
    }
    else if (t == (jl_value_t *)jl_method_type) {
        write_method(w, (jl_method_t *)v);
    }
    else if (t == (jl_value_t *)jl_method_instance_type) {
        write_method_instance(w, (jl_method_instance_t *)v);
    }
    else if (t == (jl_value_t *)jl_code_instance_type) {
        write_code_instance(w, (jl_code_instance_t *)v);
    }
    else if (t == (jl_value_t *)jl_binding_type) {
        write_binding_ref(w, (jl_binding_t *)v);
    }
    else if (t == (jl_value_t *)jl_string_type) {
        new_id(w, v, 0);
        bb_u8(&w->out, T_STRING);
        bb_str(&w->out, jl_string_data(v), jl_string_len(v));
    }
    else if (t == (jl_value_t *)jl_simplevector_type) {
        new_id(w, v, 0);
        bb_u8(&w->out, T_SVEC);
        bb_uv(&w->out, jl_svec_len(v));
        for (size_t i = 0; i < jl_svec_len(v); i++)
            write_value(w, jl_svecref(v, i));
    }
    else if (jl_is_array_type(t)) {
        write_array(w, (jl_array_t *)v);
    }
    else {
        write_generic(w, v);
    }
}

static void write_value(writer_t *w, jl_value_t *v)
{
    if (v == NULL) {
        bb_u8(&w->out, T_NULL);
        return;
    }
    uintptr_t x;
    if (ptrmap_get(&w->ids, v, &x)) {
        if (x & 1) {
            char shown[200];
            describe(v, shown, sizeof(shown));
            save_error("%s refers to itself before it can be constructed (e.g. a type parameter bound "
                       "naming the type being defined)", shown);
        }
        bb_u8(&w->out, T_BACKREF);
        bb_uv(&w->out, x >> 1);
        return;
    }
    if (ptrmap_get(&w->common, v, &x)) {
        bb_u8(&w->out, T_COMMON);
        bb_uv(&w->out, x - 1);
        return;
    }
    if (jl_is_symbol(v)) {
        new_id(w, v, 0);
        bb_u8(&w->out, T_SYMBOL);
        bb_cstr(&w->out, jl_symbol_name((jl_sym_t *)v));
        return;
    }
    if (++w->depth > MAX_DEPTH)
        save_error("object graph nested more than %d deep", MAX_DEPTH);
    jl_check_stack();
    if (ptrmap_get(&w->extnames, v, &x))
        write_ext_global(w, v, (jl_module_t *)w->ext_mod.items[x - 1], (jl_sym_t *)w->ext_sym.items[x - 1]);
    else
        write_typed(w, v);
    w->depth--;
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: records */

/* Objects that a binding or method of the package needs must be nameable: fail the save otherwise. */
static void check_hard(writer_t *w, size_t before, const char *what, jl_sym_t *name)
{
    if (w->unresolvable != before)
        save_error("%s %s refers to %s, which cannot be saved", what, name ? jl_symbol_name(name) : "", w->why);
}

static void write_modules_record(writer_t *w)
{
    bb_u8(&w->out, R_MODULES);
    bb_uv(&w->out, w->modules.len);
    for (size_t i = 0; i < w->modules.len; i++)
        write_value(w, (jl_value_t *)w->modules.items[i]);
}

static void write_binding_entry(writer_t *w, jl_module_t *m, jl_binding_t *b)
{
    uint8_t flags = (uint8_t)((b->constp ? BF_CONST : 0) | (b->exportp ? BF_EXPORT : 0) |
                              (b->imported ? BF_IMPORTED : 0) | (b->deprecated ? BF_DEPRECATED : 0));
    size_t before = w->unresolvable;
    jl_binding_t *target = b->alias ? final_binding(b) : NULL;
    if (target && target->constp && target->value && jl_is_module(target->value)) {
        /* `using Dep` / `import Dep`: the module itself, wherever the loader binds it */
        bb_u8(&w->out, BK_OWNED);
        write_sym(w, b->name);
        bb_u8(&w->out, (uint8_t)(flags | BF_CONST));
        write_value(w, target->value);
        write_value(w, (jl_value_t *)jl_any_type);
    }
    else if (b->alias) {
        bb_u8(&w->out, BK_ALIAS);
        write_sym(w, b->name);
        bb_u8(&w->out, flags);
        write_binding_ref(w, final_binding(b));
    }
    else if (b->owner == m) {
        bb_u8(&w->out, BK_OWNED);
        write_sym(w, b->name);
        bb_u8(&w->out, flags);
        write_value(w, b->value);
        write_value(w, b->ty);
    }
    else {
        bb_u8(&w->out, BK_UNRESOLVED);
        write_sym(w, b->name);
        bb_u8(&w->out, flags);
    }
    check_hard(w, before, "global", b->name);
}

static void write_bindings_record(writer_t *w, jl_module_t *m)
{
    bb_u8(&w->out, R_BINDINGS);
    write_value(w, (jl_value_t *)m);
    size_t nu = jl_array_len(m->usings);
    bb_uv(&w->out, nu);
    size_t before = w->unresolvable;
    for (size_t i = 0; i < nu; i++)
        write_value(w, jl_array_ptr_ref(m->usings, i));
    check_hard(w, before, "a `using` of module", m->name);
    ptrvec_t bs = {0};
    sorted_bindings(m, &bs);
    size_t n = 0;
    for (size_t i = 0; i < bs.len; i++) {
        jl_binding_t *b = (jl_binding_t *)bs.items[i];
        if (b->alias || b->owner == m || b->owner == NULL)
            bs.items[n++] = b;
    }
    bb_uv(&w->out, n);
    for (size_t i = 0; i < n; i++)
        write_binding_entry(w, m, (jl_binding_t *)bs.items[i]);
    pv_free(&bs);
}

static int has_init(jl_module_t *m)
{
    jl_binding_t *b = jl_get_module_binding(m, jl_init_sym, 0);
    return b && b->owner == m && b->alias == NULL && b->value != NULL;
}

/* __init__ order: inner modules before the modules containing them (as they finish evaluating). */
static void init_order(writer_t *w, jl_module_t *m, ptrvec_t *out)
{
    ptrvec_t bs = {0};
    sorted_bindings(m, &bs);
    for (size_t i = 0; i < bs.len; i++) {
        jl_module_t *c = child_module(m, (jl_binding_t *)bs.items[i]);
        if (c && is_internal_module(w, c))
            init_order(w, c, out);
    }
    pv_free(&bs);
    if (has_init(m))
        pv_push(out, m);
}

static void write_init_order_record(writer_t *w)
{
    ptrvec_t order = {0};
    init_order(w, w->top, &order);
    bb_u8(&w->out, R_INIT_ORDER);
    bb_uv(&w->out, order.len);
    for (size_t i = 0; i < order.len; i++)
        write_value(w, (jl_value_t *)order.items[i]);
    pv_free(&order);
}

static jl_array_t *gvar_list_override;

void jl_image_set_gvar_list(jl_array_t *objects)
{
    static int rooted;
    if (!rooted) {
        jl_gc_add_root((jl_value_t **)&gvar_list_override);
        rooted = 1;
    }
    gvar_list_override = objects;
}

static void write_gvars_record(writer_t *w)
{
    size_t n = gvar_list_override ? jl_array_len(gvar_list_override) : jl_gvar_count();
    bb_u8(&w->out, R_GVARS);
    bb_uv(&w->out, n);
    for (size_t i = 0; i < n; i++)
        write_value(w, gvar_list_override ? jl_array_ptr_ref(gvar_list_override, i) : jl_gvar_object(i));
}

/* Methods the package adds to functions it does not own (Base.show(::IO, ::MyType), constructors...). */
static void queue_external_methods(writer_t *w)
{
    ptrmap_t mts = {0};
    queue_mt_methods(w, jl_type_type_mt);
    ptrmap_put(&mts, jl_type_type_mt, 1);
    for (size_t i = 0; i < w->ext_mod.len; i++) {
        jl_value_t *v = jl_get_global((jl_module_t *)w->ext_mod.items[i], (jl_sym_t *)w->ext_sym.items[i]);
        if (v == NULL)
            continue;
        jl_value_t *t = jl_is_type(v) ? jl_unwrap_unionall(v) : jl_typeof(v);
        if (!jl_is_datatype(t))
            continue;
        jl_methtable_t *mt = ((jl_datatype_t *)t)->name->mt;
        if (mt && !ptrmap_get(&mts, mt, NULL)) {
            ptrmap_put(&mts, mt, 1);
            queue_mt_methods(w, mt);
        }
    }
    ptrmap_free(&mts);
}

static int cmp_method_world(const void *a, const void *b)
{
    size_t x = (*(jl_method_t *const *)a)->primary_world, y = (*(jl_method_t *const *)b)->primary_world;
    return x < y ? -1 : x > y;
}

/* R_METHODS: the queued methods, in the order they were defined. */
static void write_methods_chunk(writer_t *w)
{
    ptrvec_t chunk = w->method_queue;
    memset(&w->method_queue, 0, sizeof(w->method_queue));
    qsort(chunk.items, chunk.len, sizeof(void *), cmp_method_world);
    bb_u8(&w->out, R_METHODS);
    bb_uv(&w->out, chunk.len);
    for (size_t i = 0; i < chunk.len; i++) {
        size_t before = w->unresolvable;
        jl_method_t *m = (jl_method_t *)chunk.items[i];
        write_value(w, (jl_value_t *)m);
        check_hard(w, before, "method", m->name);
        pv_push(&w->methods, m);
    }
    pv_free(&chunk);
}

/* The CodeInstance of mi worth keeping: the newest still valid one with native or inferred code. */
static jl_code_instance_t *ci_to_save(writer_t *w, jl_method_instance_t *mi)
{
    for (jl_code_instance_t *ci = mi->cache; ci; ci = ci->next) {
        if (ci->max_world != JL_MAX_WORLD)
            continue;
        if (ptrmap_get(&w->native, ci, NULL) || (ci->inferred && jl_is_code_info(ci->inferred)))
            return ci;
    }
    return NULL;
}

static void push_unique(ptrvec_t *v, void *x)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == x)
            return;
    pv_push(v, x);
}

/* What the code of ci relies on: the callees of its Expr(:invoke)s and the edges inference recorded. */
static void code_edges(jl_code_instance_t *ci, ptrvec_t *keys)
{
    if (ci->inferred == NULL || !jl_is_code_info(ci->inferred))
        return;
    jl_code_info_t *src = (jl_code_info_t *)ci->inferred;
    if (src->edges && jl_is_array(src->edges)) {
        jl_array_t *e = (jl_array_t *)src->edges;
        for (size_t i = 0; i < jl_array_len(e); i++) {
            jl_value_t *x = jl_array_ptr_ref(e, i);
            if (x && (jl_is_method_instance(x) || jl_is_type(x)))
                push_unique(keys, x);
        }
    }
    for (size_t i = 0; src->code && i < jl_array_len(src->code); i++) {
        jl_value_t *st = jl_array_ptr_ref(src->code, i);
        if (!st || !jl_is_expr(st))
            continue;
        jl_expr_t *ex = (jl_expr_t *)st;
        if (ex->head == jl_assign_sym && jl_expr_nargs(ex) == 2 && jl_is_expr(jl_exprarg(ex, 1)))
            ex = (jl_expr_t *)jl_exprarg(ex, 1);
        if (ex->head == jl_invoke_sym && jl_expr_nargs(ex) >= 1 && jl_is_method_instance(jl_exprarg(ex, 0)))
            push_unique(keys, jl_exprarg(ex, 0));
    }
}

static size_t edge_index(writer_t *w, jl_value_t *key)
{
    uintptr_t k;
    if (ptrmap_get(&w->edge_ids, key, &k))
        return k - 1;
    pv_push(&w->edge_keys, key);
    ptrmap_put(&w->edge_ids, key, w->edge_keys.len);
    return w->edge_keys.len - 1;
}

/* R_CODEINSTS: each CodeInstance, whether it has native code (the fvars order), its edges. */
static void write_codeinsts_chunk(writer_t *w, ptrvec_t *cis)
{
    bb_u8(&w->out, R_CODEINSTS);
    bb_uv(&w->out, cis->len);
    for (size_t i = 0; i < cis->len; i++) {
        jl_code_instance_t *ci = (jl_code_instance_t *)cis->items[i];
        write_value(w, (jl_value_t *)ci);
        int native = ptrmap_get(&w->native, ci, NULL);
        bb_u8(&w->out, (uint8_t)native);
        if (native) {
            ci->image_index = (int32_t)w->native_list.len;
            pv_push(&w->native_list, ci);
        }
        ptrvec_t keys = {0};
        code_edges(ci, &keys);
        bb_uv(&w->out, keys.len);
        for (size_t k = 0; k < keys.len; k++)
            bb_uv(&w->out, edge_index(w, (jl_value_t *)keys.items[k]));
        pv_free(&keys);
    }
}

static void list_ci(writer_t *w, ptrvec_t *cis, jl_code_instance_t *ci)
{
    if (ci == NULL || ptrmap_get(&w->ci_listed, ci, NULL))
        return;
    ptrmap_put(&w->ci_listed, ci, 1);
    pv_push(cis, ci);
}

/* The specializations of the methods listed since the last call, and native code of other methods. */
static int write_pending_codeinsts(writer_t *w)
{
    ptrvec_t cis = {0};
    for (; w->methods_scanned < w->methods.len; w->methods_scanned++) {
        jl_method_t *m = (jl_method_t *)w->methods.items[w->methods_scanned];
        jl_array_t *specs = m->specializations;
        for (size_t i = 0; specs && i < jl_array_len(specs); i++) {
            jl_value_t *mi = jl_array_ptr_ref(specs, i);
            if (mi && jl_is_method_instance(mi))
                list_ci(w, &cis, ci_to_save(w, (jl_method_instance_t *)mi));
        }
    }
    size_t ns = jl_shadow_ncodeinsts();
    for (size_t i = 0; i < ns; i++) {
        jl_code_instance_t *ci = jl_shadow_codeinst(i, NULL, NULL);
        if (ci && ci->max_world == JL_MAX_WORLD && ci->def && mi_method(ci->def))
            list_ci(w, &cis, ci);
    }
    int any = cis.len > 0;
    if (any)
        write_codeinsts_chunk(w, &cis);
    pv_free(&cis);
    return any;
}

/* R_EDGES: per edge, its signature, the callee (if a MethodInstance) and the methods that matched. */
static void write_edge(writer_t *w, jl_value_t *key)
{
    int is_mi = jl_is_method_instance(key);
    jl_value_t *sig = is_mi ? ((jl_method_instance_t *)key)->specTypes : key;
    write_value(w, sig);
    write_value(w, is_mi ? key : NULL);
    jl_value_t *volatile ms = NULL;
    JL_TRY {
        size_t mn = 1, mx = JL_MAX_WORLD;
        int amb = 0;
        ms = jl_matching_methods(sig, NULL, -1, 0, jl_world_counter, &mn, &mx, &amb);
    }
    JL_CATCH {
        ms = NULL;
    }
    if (ms == NULL) {            /* could not be computed: never valid on load */
        bb_u8(&w->out, 2);
        bb_uv(&w->out, 0);
    }
    else if (ms == jl_false) {
        bb_u8(&w->out, 1);
        bb_uv(&w->out, 0);
    }
    else {
        size_t n = jl_array_len(ms);
        bb_u8(&w->out, 0);
        bb_uv(&w->out, n);
        for (size_t i = 0; i < n; i++)
            write_value(w, jl_svecref(jl_array_ptr_ref(ms, i), 2));
    }
}

static int write_pending_edges(writer_t *w)
{
    if (w->edges_written == w->edge_keys.len)
        return 0;
    size_t from = w->edges_written, to = w->edge_keys.len;
    bb_u8(&w->out, R_EDGES);
    bb_uv(&w->out, to - from);
    for (size_t i = from; i < to; i++)
        write_edge(w, (jl_value_t *)w->edge_keys.items[i]);
    w->edges_written = to;
    return 1;
}

static void write_stream(writer_t *w)
{
    write_modules_record(w);
    for (size_t i = 0; i < w->modules.len; i++)
        write_bindings_record(w, (jl_module_t *)w->modules.items[i]);
    write_init_order_record(w);
    queue_external_methods(w);
    for (;;) {
        int progress = 0;
        if (w->method_queue.len > 0) {
            write_methods_chunk(w);
            progress = 1;
        }
        progress |= write_pending_codeinsts(w);
        progress |= write_pending_edges(w);
        if (!progress)
            break;
    }
    write_gvars_record(w);
    while (w->method_queue.len > 0 || w->edges_written < w->edge_keys.len) {
        if (w->method_queue.len > 0)
            write_methods_chunk(w);
        write_pending_codeinsts(w);
        write_pending_edges(w);
    }
    bb_u8(&w->out, R_END);
}

/* ---------------------------------------------------------------------------------------------- */
/* Writing: header, trailer, the file */

static void add_source(ptrvec_t *paths, const char *p)
{
    if (p == NULL || *p == 0)
        return;
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    char *abs = realpath(p, NULL);
    if (abs == NULL)
        return;
    for (size_t i = 0; i < paths->len; i++)
        if (strcmp((char *)paths->items[i], abs) == 0) {
            free(abs);
            return;
        }
    pv_push(paths, abs);
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The source files the package was built from: its modules' file_deps and its methods' files. */
static void collect_sources(writer_t *w, ptrvec_t *paths)
{
    for (size_t i = 0; i < w->modules.len; i++) {
        jl_array_t *deps = ((jl_module_t *)w->modules.items[i])->file_deps;
        for (size_t k = 0; deps && k < jl_array_len(deps); k++) {
            jl_value_t *d = jl_array_ptr_ref(deps, k);
            if (d && jl_is_tuple(d) && jl_nfields_of(d) > 0)
                d = jl_get_nth_field(d, 0);
            if (d && jl_is_string(d))
                add_source(paths, jl_string_data(d));
        }
    }
    for (size_t i = 0; i < w->methods.len; i++)
        add_source(paths, jl_symbol_name(((jl_method_t *)w->methods.items[i])->file));
    qsort(paths->items, paths->len, sizeof(void *), cmp_cstr);
}

static void write_header(writer_t *w, bbuf_t *f)
{
    jl_module_t *top = w->top;
    bb_bytes(f, JI_MAGIC, 8);
    bb_u32(f, JL_IMAGE_FORMAT_VERSION);
    bb_u32(f, JI_ENDIAN_CHECK);
    bb_cstr(f, jl_build_id);
    bb_cstr(f, jl_symbol_name(top->name));
    bb_u64(f, top->uuid_hi);
    bb_u64(f, top->uuid_lo);
    bb_u64(f, top->build_id);
    bb_u32(f, (uint32_t)jl_options.opt_level);
    bb_u32(f, (uint32_t)jl_options.check_bounds);
    char cpu[64];
    jl_image_cpu_target(cpu, sizeof(cpu));
    bb_cstr(f, cpu);
    ptrvec_t paths = {0};
    collect_sources(w, &paths);
    bb_uv(f, paths.len);
    for (size_t i = 0; i < paths.len; i++) {
        uint8_t h[32];
        uint64_t size = 0;
        if (!sha256_file((char *)paths.items[i], h, &size))
            memset(h, 0, sizeof(h));
        bb_cstr(f, (char *)paths.items[i]);
        bb_u64(f, size);
        bb_bytes(f, h, 32);
        free(paths.items[i]);
    }
    pv_free(&paths);
    bb_uv(f, w->deps.len);
    for (size_t i = 0; i < w->deps.len; i++) {
        jl_module_t *d = (jl_module_t *)w->deps.items[i];
        bb_cstr(f, jl_symbol_name(d->name));
        bb_u64(f, d->uuid_hi);
        bb_u64(f, d->uuid_lo);
        bb_u64(f, d->build_id);
    }
    bb_uv(f, w->native_list.len);
    bb_uv(f, gvar_list_override ? jl_array_len(gvar_list_override) : jl_gvar_count());
    bb_u64(f, w->out.len);
}

/* content hash | .so hash | body size | check | magic */
static void write_trailer(bbuf_t *f, const uint8_t so_hash[32])
{
    uint8_t content[32], check[32];
    jl_sha256(f->data, f->len, content);
    uint64_t body = f->len;
    bb_bytes(f, content, 32);
    bb_bytes(f, so_hash, 32);
    bb_u64(f, body);
    jl_sha256(f->data + body, 72, check);
    bb_bytes(f, check, 8);
    bb_bytes(f, JI_TRAILER_MAGIC, 8);
}

static void write_file_atomic(const char *path, const uint8_t *data, size_t len)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f == NULL)
        save_error("cannot create %s: %s", tmp, strerror(errno));
    int ok = fwrite(data, 1, len, f) == len;
    ok &= fflush(f) == 0;
    ok &= fsync(fileno(f)) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        save_error("cannot write %s: %s", path, strerror(e));
    }
}

static jl_array_t *last_native;      /* native CodeInstances of the last save, fvars order */
static jl_array_t *image_roots;      /* top modules of the images restored (dependencies resolve to them) */
static uint8_t last_ji_hash[32];

JL_DLLEXPORT jl_value_t *jl_image_native_codeinsts(void)
{
    return last_native ? (jl_value_t *)last_native : (jl_value_t *)jl_alloc_vec_any(0);
}

void jl_image_ji_hash(uint8_t out[32]) { memcpy(out, last_ji_hash, 32); }

static void writer_free(writer_t *w)
{
    free(w->out.data);
    ptrmap_free(&w->ids);
    ptrmap_free(&w->common);
    ptrmap_free(&w->internal);
    ptrmap_free(&w->extnames);
    ptrmap_free(&w->native);
    ptrmap_free(&w->queued);
    ptrmap_free(&w->ci_listed);
    ptrmap_free(&w->mt_owner);
    ptrmap_free(&w->edge_ids);
    ptrmap_free(&w->dep_ids);
    pv_free(&w->modules);
    pv_free(&w->ext_mod);
    pv_free(&w->ext_sym);
    pv_free(&w->method_queue);
    pv_free(&w->methods);
    pv_free(&w->native_list);
    pv_free(&w->edge_keys);
    pv_free(&w->deps);
    free(w);
}

static void save_image(writer_t *w, const char *jifile, jl_module_t *top, bbuf_t *file)
{
    double t0 = now_ms();
    w->top = top;
    jl_value_t *commons[MAX_COMMON];
    size_t nc = common_objects(commons, MAX_COMMON);
    for (size_t i = 0; i < nc; i++)
        if (commons[i] && !ptrmap_get(&w->common, commons[i], NULL))
            ptrmap_put(&w->common, commons[i], i + 1);
    collect_package_modules(w, top);
    ptrmap_t seen = {0};
    index_external_names(w, jl_core_module, &seen);
    if (jl_base_module)
        index_external_names(w, jl_base_module, &seen);
    index_external_names(w, jl_main_module, &seen);
    for (size_t i = 0; image_roots && i < jl_array_len(image_roots); i++)   /* packages loaded from images */
        index_external_names(w, (jl_module_t *)jl_array_ptr_ref(image_roots, i), &seen);
    ptrmap_free(&seen);
    size_t ns = jl_shadow_ncodeinsts();
    for (size_t i = 0; i < ns; i++)
        ptrmap_put(&w->native, jl_shadow_codeinst(i, NULL, NULL), 1);
    write_stream(w);
    write_header(w, file);
    bb_bytes(file, w->out.data, w->out.len);
    uint8_t no_so[32] = {0};
    write_trailer(file, no_so);
    memcpy(last_ji_hash, file->data + file->len - JI_TRAILER_SIZE, 32);
    write_file_atomic(jifile, file->data, file->len);
    if (last_native == NULL)
        jl_gc_add_root((jl_value_t **)&last_native);
    last_native = jl_alloc_vec_any(0);
    for (size_t i = 0; i < w->native_list.len; i++)
        jl_array_ptr_1d_push(last_native, (jl_value_t *)w->native_list.items[i]);
    if (trace_load())
        fprintf(stderr, "image: saved %s: %zu bytes, %zu objects, %zu methods, %zu code instances "
                        "(%zu native), %zu edges, %zu dependencies in %.1f ms\n",
                jifile, file->len, w->nids, w->methods.len, w->ci_listed.count, w->native_list.len,
                w->edge_keys.len, w->deps.len, now_ms() - t0);
}

JL_DLLEXPORT void jl_save_incremental(const char *jifile, jl_module_t *toplevel_mod)
{
    if (jifile == NULL || toplevel_mod == NULL || !jl_is_module(toplevel_mod))
        jl_error("cannot save package image: no file or module given");
    int gc_was = jl_gc_is_enabled();
    jl_gc_enable(0);
    writer_t *volatile w = (writer_t *)calloc(1, sizeof(writer_t));
    bbuf_t *volatile file = (bbuf_t *)calloc(1, sizeof(bbuf_t));
    JL_TRY {
        save_image(w, jifile, toplevel_mod, file);
    }
    JL_CATCH {
        writer_free(w);
        free(file->data);
        free(file);
        jl_gc_enable(gc_was);
        jl_rethrow();
    }
    writer_free(w);
    free(file->data);
    free(file);
    jl_gc_enable(gc_was);
}

/* ---------------------------------------------------------------------------------------------- */
/* Reading: the file, its envelope and header (every read is bounds-checked) */

typedef struct {
    uint32_t version;
    char *build_id, *name, *cpu;
    uint64_t uuid_hi, uuid_lo, build;
    int32_t opt_level, check_bounds;
    size_t nsources;
    char **src_path;
    uint64_t *src_size;
    uint8_t (*src_hash)[32];
    size_t ndeps;
    char **dep_name;
    uint64_t *dep_uuid_hi, *dep_uuid_lo, *dep_build;
    size_t nnative, ngvars;
    const uint8_t *stream;
    size_t stream_len;
    uint8_t content_hash[32], so_hash[32];
} image_info_t;

typedef struct {
    const uint8_t *p, *end, *base;
    const char *path;
} cursor_t;

/* The message is one line: control characters (e.g. from names in a damaged file) print as '?'. */
static JL_NORETURN void load_error(const char *path, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    jl_errorf("cannot load package image %s: %s", path, msg);
}

static void cur_need(cursor_t *c, size_t n)
{
    if ((size_t)(c->end - c->p) < n)
        load_error(c->path, "corrupt data: truncated at byte %zu", (size_t)(c->p - c->base));
}

static uint8_t cur_u8(cursor_t *c)
{
    cur_need(c, 1);
    return *c->p++;
}

static uint32_t cur_u32(cursor_t *c)
{
    cur_need(c, 4);
    uint32_t x = get_u32(c->p);
    c->p += 4;
    return x;
}

static uint64_t cur_u64(cursor_t *c)
{
    cur_need(c, 8);
    uint64_t x = get_u64(c->p);
    c->p += 8;
    return x;
}

static uint64_t cur_uv(cursor_t *c)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t b = cur_u8(c);
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return x;
    }
    load_error(c->path, "corrupt data: bad number at byte %zu", (size_t)(c->p - c->base));
}

/* A count of items that each take at least one more byte of input. */
static size_t cur_count(cursor_t *c)
{
    uint64_t n = cur_uv(c);
    if (n > (uint64_t)(c->end - c->p))
        load_error(c->path, "corrupt data: count %llu exceeds the data at byte %zu", (unsigned long long)n,
                   (size_t)(c->p - c->base));
    return (size_t)n;
}

static const uint8_t *cur_bytes(cursor_t *c, size_t n)
{
    cur_need(c, n);
    const uint8_t *p = c->p;
    c->p += n;
    return p;
}

static char *cur_cstr(cursor_t *c)
{
    size_t n = (size_t)cur_uv(c);
    const uint8_t *p = cur_bytes(c, n);
    if (memchr(p, 0, n))
        load_error(c->path, "corrupt data: NUL in a string at byte %zu", (size_t)(p - c->base));
    char *s = (char *)malloc(n + 1);
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

static void info_free(image_info_t *in)
{
    free(in->build_id);
    free(in->name);
    free(in->cpu);
    for (size_t i = 0; in->src_path && i < in->nsources; i++)
        free(in->src_path[i]);
    free(in->src_path);
    free(in->src_size);
    free(in->src_hash);
    for (size_t i = 0; in->dep_name && i < in->ndeps; i++)
        free(in->dep_name[i]);
    free(in->dep_name);
    free(in->dep_uuid_hi);
    free(in->dep_uuid_lo);
    free(in->dep_build);
    memset(in, 0, sizeof(*in));
}

/* The whole file into *buf (malloc'd). */
static void read_whole_file(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        load_error(path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        load_error(path, "not a regular file");
    }
    size_t n = (size_t)st.st_size;
    uint8_t *b = (uint8_t *)malloc(n ? n : 1);
    if (b == NULL) {
        fclose(f);
        load_error(path, "out of memory reading %zu bytes", n);
    }
    size_t got = fread(b, 1, n, f);
    fclose(f);
    if (got != n) {
        free(b);
        load_error(path, "read error (%zu of %zu bytes)", got, n);
    }
    *buf = b;
    *len = n;
}

/* Magic, version, trailer and content hash: the file is intact and in this format. */
static void check_envelope(const char *path, const uint8_t *buf, size_t len, image_info_t *in)
{
    if (len < 16 + JI_TRAILER_SIZE)
        load_error(path, "file is truncated (%zu bytes)", len);
    if (memcmp(buf, JI_MAGIC, 8) != 0)
        load_error(path, "not a package image (bad magic number)");
    in->version = get_u32(buf + 8);
    if (in->version != JL_IMAGE_FORMAT_VERSION)
        load_error(path, "image format version %u, this runtime reads version %d", in->version,
                   JL_IMAGE_FORMAT_VERSION);
    const uint8_t *t = buf + len - JI_TRAILER_SIZE;
    if (memcmp(t + 80, JI_TRAILER_MAGIC, 8) != 0)
        load_error(path, "file is truncated or damaged (no trailer)");
    uint8_t check[32];
    jl_sha256(t, 72, check);
    if (memcmp(check, t + 72, 8) != 0 || get_u64(t + 64) != len - JI_TRAILER_SIZE)
        load_error(path, "file is truncated or damaged (bad trailer)");
    uint8_t h[32];
    jl_sha256(buf, len - JI_TRAILER_SIZE, h);
    if (memcmp(h, t, 32) != 0)
        load_error(path, "checksum mismatch (the file is corrupt)");
    memcpy(in->content_hash, t, 32);
    memcpy(in->so_hash, t + 32, 32);
}

static void parse_header(const char *path, const uint8_t *buf, size_t len, image_info_t *in)
{
    cursor_t c = {buf + 12, buf + len - JI_TRAILER_SIZE, buf, path};
    if (cur_u32(&c) != JI_ENDIAN_CHECK)
        load_error(path, "written on a machine with another byte order");
    in->build_id = cur_cstr(&c);
    in->name = cur_cstr(&c);
    in->uuid_hi = cur_u64(&c);
    in->uuid_lo = cur_u64(&c);
    in->build = cur_u64(&c);
    in->opt_level = (int32_t)cur_u32(&c);
    in->check_bounds = (int32_t)cur_u32(&c);
    in->cpu = cur_cstr(&c);
    in->nsources = cur_count(&c);
    in->src_path = (char **)calloc(in->nsources + 1, sizeof(char *));
    in->src_size = (uint64_t *)calloc(in->nsources + 1, sizeof(uint64_t));
    in->src_hash = (uint8_t(*)[32])calloc(in->nsources + 1, 32);
    for (size_t i = 0; i < in->nsources; i++) {
        in->src_path[i] = cur_cstr(&c);
        in->src_size[i] = cur_u64(&c);
        memcpy(in->src_hash[i], cur_bytes(&c, 32), 32);
    }
    in->ndeps = cur_count(&c);
    in->dep_name = (char **)calloc(in->ndeps + 1, sizeof(char *));
    in->dep_uuid_hi = (uint64_t *)calloc(in->ndeps + 1, sizeof(uint64_t));
    in->dep_uuid_lo = (uint64_t *)calloc(in->ndeps + 1, sizeof(uint64_t));
    in->dep_build = (uint64_t *)calloc(in->ndeps + 1, sizeof(uint64_t));
    for (size_t i = 0; i < in->ndeps; i++) {
        in->dep_name[i] = cur_cstr(&c);
        in->dep_uuid_hi[i] = cur_u64(&c);
        in->dep_uuid_lo[i] = cur_u64(&c);
        in->dep_build[i] = cur_u64(&c);
    }
    in->nnative = (size_t)cur_uv(&c);
    in->ngvars = (size_t)cur_uv(&c);
    uint64_t slen = cur_u64(&c);
    if (slen != (uint64_t)(c.end - c.p))
        load_error(path, "corrupt header: object stream of %llu bytes, %zu present", (unsigned long long)slen,
                   (size_t)(c.end - c.p));
    in->stream = c.p;
    in->stream_len = (size_t)slen;
}

/* Reads, checks and parses jifile; *buf must be freed and *in released with info_free. */
static void open_image(const char *path, uint8_t **buf, size_t *len, image_info_t *in)
{
    read_whole_file(path, buf, len);
    check_envelope(path, *buf, *len, in);
    parse_header(path, *buf, *len, in);
}

/* The runtime and the flags that change code must be those the image was built with. */
static const char *check_runtime(image_info_t *in, char *why, size_t sz)
{
    if (strcmp(in->build_id, jl_build_id) != 0) {
        snprintf(why, sz, "built by another runtime (%s; this is %s)", in->build_id, jl_build_id);
        return why;
    }
    if (in->opt_level != jl_options.opt_level) {
        snprintf(why, sz, "built with -O%d, running with -O%d", (int)in->opt_level, jl_options.opt_level);
        return why;
    }
    if (in->check_bounds != jl_options.check_bounds) {
        snprintf(why, sz, "built with another --check-bounds setting");
        return why;
    }
    char cpu[64];
    jl_image_cpu_target(cpu, sizeof(cpu));
    if (strcmp(cpu, in->cpu) != 0) {
        snprintf(why, sz, "built for CPU target %s, running on %s", in->cpu, cpu);
        return why;
    }
    return NULL;
}

static jl_module_t *find_loaded_root(jl_sym_t *name, uint64_t uuid_hi, uint64_t uuid_lo)
{
    for (size_t i = image_roots ? jl_array_len(image_roots) : 0; i > 0; i--) {
        jl_module_t *m = (jl_module_t *)jl_array_ptr_ref(image_roots, i - 1);
        if (m->name == name && ((uuid_hi == 0 && uuid_lo == 0) || (m->uuid_hi == uuid_hi && m->uuid_lo == uuid_lo)))
            return m;
    }
    jl_module_t *places[2] = {NULL, jl_main_module};
    if (jl_base_module) {
        jl_value_t *tl = jl_get_global(jl_base_module, jl_symbol("__toplevel__"));
        places[0] = tl && jl_is_module(tl) ? (jl_module_t *)tl : NULL;
    }
    for (int i = 0; i < 2; i++) {
        if (places[i] == NULL)
            continue;
        jl_binding_t *b = final_binding(jl_get_module_binding(places[i], name, 0));
        if (b && b->value && jl_is_module(b->value))
            return (jl_module_t *)b->value;
    }
    return NULL;
}

/* The dependency modules (loaded, with the build ids the image was compiled against), or why not. */
static const char *resolve_deps(image_info_t *in, jl_module_t **out, int require_loaded, char *why, size_t sz)
{
    for (size_t i = 0; i < in->ndeps; i++) {
        jl_module_t *m = find_loaded_root(jl_symbol(in->dep_name[i]), in->dep_uuid_hi[i], in->dep_uuid_lo[i]);
        if (m == NULL) {
            if (!require_loaded)
                continue;
            snprintf(why, sz, "dependency %s is not loaded", in->dep_name[i]);
            return why;
        }
        if (m->build_id != in->dep_build[i]) {
            snprintf(why, sz, "stale: dependency %s was rebuilt (build id %016llx, image expects %016llx)",
                     in->dep_name[i], (unsigned long long)m->build_id, (unsigned long long)in->dep_build[i]);
            return why;
        }
        if (out)
            out[i] = m;
    }
    return NULL;
}

static const char *check_sources(image_info_t *in, char *why, size_t sz)
{
    for (size_t i = 0; i < in->nsources; i++) {
        uint8_t h[32];
        uint64_t size = 0;
        if (!sha256_file(in->src_path[i], h, &size)) {
            snprintf(why, sz, "stale: source file %s is missing", in->src_path[i]);
            return why;
        }
        if (size != in->src_size[i] || memcmp(h, in->src_hash[i], 32) != 0) {
            snprintf(why, sz, "stale: source file %s has changed", in->src_path[i]);
            return why;
        }
    }
    return NULL;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* Reading: the object stream */

enum { ST_EMPTY = 0, ST_BUILDING, ST_READY, ST_TAINTED };

typedef struct {
    jl_code_instance_t *ci;
    uint8_t native, tainted, valid;
    size_t edge_off, nedges;      /* into reader_t.ci_edges */
} ci_entry_t;

typedef struct {
    jl_value_t *sig;
    jl_method_instance_t *callee;
    uint8_t status, tainted, valid;
    size_t m_off, nm;             /* into reader_t.edge_methods */
} edge_entry_t;

typedef struct {
    cursor_t c;
    const char *path;
    jl_value_t **objs;
    uint8_t *st;
    size_t nobjs, cap;
    jl_value_t *commons[MAX_COMMON];
    size_t ncommons;
    jl_module_t **deps;
    size_t ndeps;
    int depth;
    size_t unresolved;            /* references that could not be resolved (taints what uses them) */
    char why[300];                /* the first one */
    ptrmap_t created;             /* modules and methods created by this image (set) */
    ptrvec_t modules, methods, init_order, gvars;
    ptrvec_t gvar_tainted;        /* (void *)1 per unresolved slot */
    ci_entry_t *cis;
    size_t ncis, capcis;
    edge_entry_t *edges;
    size_t nedges, capedges;
    size_t *ci_edges;
    size_t nci_edges, capci_edges;
    jl_value_t **edge_methods;
    size_t nedge_methods, capedge_methods;
} reader_t;

static void *grow(void *p, size_t *cap, size_t need, size_t elsz)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elsz);
    if (q == NULL)
        jl_fatal_error("out of memory reading a package image");
    *cap = c;
    return q;
}

static JL_NORETURN void bad(reader_t *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    load_error(r->path, "corrupt object stream at byte %zu: %s", (size_t)(r->c.p - r->c.base), msg);
}

static void unresolved(reader_t *r, const char *fmt, ...)
{
    if (r->unresolved++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->why, sizeof(r->why), fmt, ap);
        va_end(ap);
    }
}

static size_t reserve_id(reader_t *r)
{
    if (r->nobjs == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        r->objs = (jl_value_t **)realloc(r->objs, cap * sizeof(jl_value_t *));
        r->st = (uint8_t *)realloc(r->st, cap);
        if (r->objs == NULL || r->st == NULL)
            jl_fatal_error("out of memory reading a package image");
        r->cap = cap;
    }
    r->objs[r->nobjs] = NULL;
    r->st[r->nobjs] = ST_EMPTY;
    return r->nobjs++;
}

/* The object exists (fields may follow): references to it from inside are allowed. */
static void early(reader_t *r, size_t id, jl_value_t *v)
{
    r->objs[id] = v;
    r->st[id] = ST_BUILDING;
}

static jl_value_t *read_value(reader_t *r);

static jl_sym_t *read_sym(reader_t *r)
{
    jl_value_t *s = read_value(r);
    if (s == NULL || !jl_is_symbol(s))
        bad(r, "expected a symbol");
    return (jl_sym_t *)s;
}

/* A value that must be of a kind (checked by pred) unless it is unresolved (then NULL). */
static jl_value_t *read_checked(reader_t *r, int (*pred)(jl_value_t *), const char *what)
{
    size_t u0 = r->unresolved;
    jl_value_t *v = read_value(r);
    if (v == NULL && r->unresolved != u0)
        return NULL;
    if (v == NULL || !pred(v))
        bad(r, "expected %s", what);
    return v;
}

static int is_module_v(jl_value_t *v) { return jl_is_module(v); }
static int is_type_v(jl_value_t *v) { return jl_is_type(v); }
static int is_type_or_tvar_v(jl_value_t *v) { return jl_is_type(v) || jl_is_typevar(v); }
static int is_datatype_v(jl_value_t *v) { return jl_is_datatype(v); }
static int is_typename_v(jl_value_t *v) { return jl_is_typename(v); }
static int is_svec_v(jl_value_t *v) { return jl_is_svec(v); }
static int is_method_v(jl_value_t *v) { return jl_is_method(v); }

/* Skips the fields of an object whose type is unresolved (see write_fields). */
static void skip_fields(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        if (cur_u8(&r->c) == 0)
            (void)read_value(r);
        else
            (void)cur_bytes(&r->c, (size_t)cur_uv(&r->c));
    }
}

static void read_fields(reader_t *r, jl_datatype_t *dt, char *data)
{
    const jl_datatype_layout_t *ly = dt->layout;
    if (cur_uv(&r->c) != ly->nfields)
        bad(r, "a %s with another number of fields", jl_symbol_name(dt->name->name));
    for (uint32_t i = 0; i < ly->nfields; i++) {
        const jl_fielddesc_t *fd = &ly->fields[i];
        jl_value_t *ft = jl_field_type(dt, i);
        uint8_t kind = cur_u8(&r->c);
        if (kind != (fd->isptr ? 0 : 1))
            bad(r, "field %u of a %s is stored differently", i, jl_symbol_name(dt->name->name));
        if (fd->isptr) {
            jl_value_t *v = read_value(r);
            if (v && ft != (jl_value_t *)jl_any_type && !jl_isa(v, ft))
                bad(r, "field %u of a %s has the wrong type", i, jl_symbol_name(dt->name->name));
            *(jl_value_t **)(data + fd->offset) = v;
            continue;
        }
        if (cur_uv(&r->c) != fd->size)
            bad(r, "field %u of a %s has another size", i, jl_symbol_name(dt->name->name));
        const uint8_t *p = cur_bytes(&r->c, fd->size);
        if (is_pointer_type(ft))
            memset(data + fd->offset, 0, fd->size);
        else
            memcpy(data + fd->offset, p, fd->size);
    }
}

/* NamedTuple{names, T} gets its fields (T's parameters) lazily, when its first instance is made (as
 * jl_base_new_structt does); an instance read from an image may be the first one in this process. */
static void complete_layout(jl_datatype_t *dt)
{
    if (dt->layout == NULL && dt->name == jl_namedtuple_typename && dt->types == NULL && jl_nparams(dt) == 2 &&
        jl_is_tuple_type(jl_tparam(dt, 1)) && !dt->hasfreetypevars) {
        dt->types = ((jl_datatype_t *)jl_tparam(dt, 1))->parameters;
        jl_compute_field_offsets(dt);
    }
}

static jl_datatype_t *read_object_type(reader_t *r)
{
    jl_value_t *t = read_checked(r, is_datatype_v, "a type");
    if (t == NULL)
        return NULL;
    jl_datatype_t *dt = (jl_datatype_t *)t;
    complete_layout(dt);
    if (!dt->isconcretetype || dt->layout == NULL)
        bad(r, "objects of type %s cannot be built", jl_symbol_name(dt->name->name));
    return dt;
}

static jl_value_t *read_struct(reader_t *r, size_t id)
{
    jl_datatype_t *dt = read_object_type(r);
    if (dt == NULL) {
        skip_fields(r);
        return NULL;
    }
    if (is_special_type((jl_value_t *)dt))
        bad(r, "a %s cannot be built field by field", jl_symbol_name(dt->name->name));
    jl_value_t *v = jl_gc_alloc((size_t)dt->size, (jl_value_t *)dt);
    early(r, id, v);
    read_fields(r, dt, (char *)v);
    return v;
}

static jl_value_t *read_bits(reader_t *r)
{
    jl_datatype_t *dt = read_object_type(r);
    size_t size = (size_t)cur_uv(&r->c);
    const uint8_t *p = cur_bytes(&r->c, size);
    if (dt == NULL)
        return NULL;
    if (!dt->isbitstype || size != (size_t)dt->size)
        bad(r, "%s is not a bits type of %zu bytes", jl_symbol_name(dt->name->name), size);
    if (is_pointer_type((jl_value_t *)dt)) {
        uint8_t zero[16] = {0};
        return jl_box_bits_of(dt, zero);
    }
    uint8_t small[64];
    void *tmp = (size_t)dt->size <= sizeof(small) ? (void *)small : malloc((size_t)dt->size);
    memcpy(tmp, p, (size_t)dt->size);
    jl_value_t *v = jl_box_bits_of(dt, tmp);
    if (tmp != small)
        free(tmp);
    return v;
}

static jl_value_t *read_array(reader_t *r, size_t id)
{
    jl_datatype_t *at = read_object_type(r);
    size_t ndims = (size_t)cur_uv(&r->c);
    if (ndims < 1 || ndims > 32)
        bad(r, "array with %zu dimensions", ndims);
    size_t dims[32], n = 1;
    size_t avail = (size_t)(r->c.end - r->c.p);
    for (size_t i = 0; i < ndims; i++) {
        dims[i] = (size_t)cur_uv(&r->c);
        if (dims[i] > ((size_t)1 << 48) || (dims[i] && n > ((size_t)1 << 48) / dims[i]))
            bad(r, "array too large");
        n *= dims[i];
    }
    uint8_t isptr = cur_u8(&r->c);
    size_t elsize = (size_t)cur_uv(&r->c);
    if ((isptr && n > avail) || (!isptr && elsize && n > avail / elsize))
        bad(r, "array of %zu elements exceeds the data", n);
    if (at == NULL) {           /* unresolved element type: skip the elements */
        for (size_t i = 0; isptr && i < n; i++)
            (void)read_value(r);
        if (!isptr)
            (void)cur_bytes(&r->c, n * elsize);
        return NULL;
    }
    if (!jl_is_array_type(at) || jl_nparams(at) != 2 || !jl_is_long(jl_tparam(at, 1)) ||
        (size_t)jl_unbox_long(jl_tparam(at, 1)) != ndims)
        bad(r, "inconsistent array type");
    jl_array_t *a = jl_alloc_array_nd((jl_value_t *)at, dims, ndims);
    if (a->ptrarray != isptr || a->elsize != elsize)
        bad(r, "array element layout differs from this runtime's");
    early(r, id, (jl_value_t *)a);
    jl_value_t *et = jl_tparam0(at);
    if (isptr) {
        for (size_t i = 0; i < n; i++) {
            jl_value_t *v = read_value(r);
            if (v && et != (jl_value_t *)jl_any_type && !jl_isa(v, et))
                bad(r, "array element of the wrong type");
            jl_array_ptr_set(a, i, v);
        }
    }
    else {
        const uint8_t *p = cur_bytes(&r->c, n * elsize);
        if (!is_pointer_type(et) && n * elsize != 0)
            memcpy(a->data, p, n * elsize);
    }
    return (jl_value_t *)a;
}

static jl_value_t *read_svec(reader_t *r, size_t id)
{
    size_t n = cur_count(&r->c);
    jl_svec_t *s = jl_alloc_svec(n);
    early(r, id, (jl_value_t *)s);
    for (size_t i = 0; i < n; i++)
        jl_svecset(s, i, read_value(r));
    return (jl_value_t *)s;
}

static jl_value_t *read_module_def(reader_t *r)
{
    jl_sym_t *name = read_sym(r);
    size_t u0 = r->unresolved;
    jl_value_t *parent = read_value(r);
    if (parent && !jl_is_module(parent))
        bad(r, "a module's parent is not a module");
    uint64_t uh = cur_u64(&r->c), ul = cur_u64(&r->c), bid = cur_u64(&r->c);
    uint8_t istop = cur_u8(&r->c), infer = cur_u8(&r->c), opt = cur_u8(&r->c);
    if (r->unresolved != u0)
        return NULL;
    jl_module_t *m = jl_new_module(name, (jl_module_t *)parent);
    m->uuid_hi = uh;
    m->uuid_lo = ul;
    m->build_id = bid;
    m->istopmod = istop;
    m->infer = infer;
    m->optlevel = opt;
    ptrmap_put(&r->created, m, 1);
    return (jl_value_t *)m;
}

static jl_value_t *read_global(reader_t *r, int want_binding)
{
    jl_module_t *m = (jl_module_t *)read_checked(r, is_module_v, "a module");
    jl_sym_t *name = read_sym(r);
    if (m == NULL)
        return NULL;
    if (want_binding && ptrmap_get(&r->created, m, NULL))
        return (jl_value_t *)jl_get_module_binding(m, name, 1);
    jl_binding_t *b = final_binding(jl_get_module_binding(m, name, 0));
    if (b == NULL || b->owner == NULL || (!want_binding && b->value == NULL)) {
        char mn[256];
        jl_module_full_name(m, mn, sizeof(mn));
        unresolved(r, "%s.%s is not defined", mn, jl_symbol_name(name));
        return NULL;
    }
    return want_binding ? (jl_value_t *)b : b->value;
}

static jl_value_t *read_submodule(reader_t *r)
{
    jl_value_t *v = read_global(r, 0);
    if (v && !jl_is_module(v)) {
        unresolved(r, "a module path names a %s", jl_symbol_name(((jl_datatype_t *)jl_typeof(v))->name->name));
        return NULL;
    }
    return v;
}

/* See write_datatype_def. */
static jl_value_t *read_datatype_def(reader_t *r, size_t id)
{
    jl_sym_t *name = read_sym(r);
    jl_module_t *mod = (jl_module_t *)read_checked(r, is_module_v, "a module");
    int kind = cur_u8(&r->c), mutabl = cur_u8(&r->c);
    size_t ninit = (size_t)cur_uv(&r->c), nbits = (size_t)cur_uv(&r->c);
    size_t u0 = r->unresolved;
    jl_svec_t *params = (jl_svec_t *)read_checked(r, is_svec_v, "type parameters");
    jl_svec_t *fnames = (jl_svec_t *)read_checked(r, is_svec_v, "field names");
    uint32_t constfields = cur_u32(&r->c), maxm = cur_u32(&r->c);
    uint8_t inl = cur_u8(&r->c), has_mt = cur_u8(&r->c);
    jl_sym_t *mtname = NULL;
    jl_module_t *mtmod = NULL;
    if (has_mt) {
        mtname = read_sym(r);
        mtmod = (jl_module_t *)read_checked(r, is_module_v, "a module");
    }
    if (mod == NULL || r->unresolved != u0)
        bad(r, "the definition of type %s refers to something missing: %s", jl_symbol_name(name), r->why);
    if (kind > 2 || ninit > jl_svec_len(fnames) || (kind == 2 && (nbits < 8 || nbits % 8 || nbits >= (1 << 23))))
        bad(r, "invalid definition of type %s", jl_symbol_name(name));
    for (size_t i = 0; i < jl_svec_len(params); i++)
        if (!jl_is_typevar(jl_svecref(params, i)))
            bad(r, "a parameter of type %s is not a TypeVar", jl_symbol_name(name));
    for (size_t i = 0; i < jl_svec_len(fnames); i++)
        if (!jl_is_symbol(jl_svecref(fnames, i)))
            bad(r, "a field name of type %s is not a symbol", jl_symbol_name(name));
    jl_datatype_t *dt;
    if (kind == 0)
        dt = jl_new_abstracttype((jl_value_t *)name, mod, NULL, params);
    else if (kind == 2)
        dt = jl_new_primitivetype((jl_value_t *)name, mod, NULL, params, nbits);
    else
        dt = jl_new_datatype(name, mod, NULL, params, fnames, NULL, NULL, 0, mutabl, (int)ninit);
    jl_typename_t *tn = dt->name;
    tn->constfields = constfields;
    tn->max_methods = (int32_t)maxm;
    tn->mayinlinealloc = inl;
    if (has_mt && tn->mt == NULL)
        tn->mt = jl_new_method_table(mtname, mtmod ? mtmod : mod);
    early(r, id, (jl_value_t *)dt);
    jl_value_t *super = read_checked(r, is_datatype_v, "a supertype");
    size_t u1 = r->unresolved;
    jl_value_t *types = read_value(r);
    if (super == NULL || r->unresolved != u1)
        bad(r, "the definition of type %s refers to something missing: %s", jl_symbol_name(name), r->why);
    if (types && !jl_is_svec(types))
        bad(r, "field types of %s are not a svec", jl_symbol_name(name));
    if (types && jl_svec_len((jl_svec_t *)types) != jl_svec_len(tn->names) && kind == 1)
        bad(r, "type %s has %zu field names but %zu field types", jl_symbol_name(name), jl_svec_len(tn->names),
            jl_svec_len((jl_svec_t *)types));
    for (size_t i = 0; types && i < jl_svec_len((jl_svec_t *)types); i++)
        if (!is_type_or_tvar_v(jl_svecref(types, i)))
            bad(r, "a field type of %s is not a type", jl_symbol_name(name));
    dt->super = (jl_datatype_t *)super;
    if (kind != 2) {
        dt->types = types ? (jl_svec_t *)types : jl_emptysvec;
        jl_reinstantiate_inner_types(dt);
        if (jl_is_structtype(dt) && !dt->hasfreetypevars && dt->layout == NULL)
            jl_compute_field_offsets(dt);
    }
    return (jl_value_t *)dt;
}

static jl_value_t *read_typename(reader_t *r)
{
    size_t u0 = r->unresolved;
    jl_value_t *x = read_value(r);
    if (r->unresolved != u0)
        return NULL;
    if (x == NULL)
        bad(r, "a type name without an anchor");
    jl_value_t *t = jl_is_type(x) ? jl_unwrap_unionall(x) : jl_typeof(x);
    if (!jl_is_datatype(t))
        bad(r, "a type name anchor is not a DataType");
    return (jl_value_t *)((jl_datatype_t *)t)->name;
}

static size_t read_params(reader_t *r, jl_value_t ***out)
{
    size_t n = cur_count(&r->c);
    jl_value_t **p = (jl_value_t **)malloc((n + 1) * sizeof(jl_value_t *));
    for (size_t i = 0; i < n; i++)
        p[i] = read_value(r);
    *out = p;
    return n;
}

static jl_value_t *read_apply(reader_t *r, int tuple)
{
    size_t u0 = r->unresolved;
    jl_typename_t *tn = tuple ? jl_tuple_typename : (jl_typename_t *)read_checked(r, is_typename_v, "a type name");
    jl_value_t **p;
    size_t n = read_params(r, &p);
    jl_value_t *v = NULL;
    if (r->unresolved == u0) {
        for (size_t i = 0; i < n; i++)
            if (p[i] == NULL)
                bad(r, "a missing type parameter");
        if (tn == jl_tuple_typename)
            v = (jl_value_t *)jl_apply_tuple_type_v(p, n);
        else if (tn->wrapper == NULL)
            bad(r, "type %s has no wrapper", jl_symbol_name(tn->name));
        else
            v = jl_apply_type(tn->wrapper, p, n);
    }
    free(p);
    return v;
}

static jl_value_t *read_union(reader_t *r)
{
    size_t u0 = r->unresolved;
    jl_value_t *ab[2];
    ab[0] = read_value(r);
    ab[1] = read_value(r);
    if (r->unresolved != u0)
        return NULL;
    if (!ab[0] || !ab[1] || !is_type_or_tvar_v(ab[0]) || !is_type_or_tvar_v(ab[1]))
        bad(r, "a Union of non-types");
    return jl_type_union(ab, 2);
}

/* An external method by signature, module and name (the live one if several match). */
static jl_value_t *read_ext_method(reader_t *r)
{
    size_t u0 = r->unresolved;
    jl_value_t *sig = read_checked(r, is_type_v, "a signature");
    jl_module_t *mod = (jl_module_t *)read_checked(r, is_module_v, "a module");
    jl_sym_t *name = read_sym(r);
    if (r->unresolved != u0)
        return NULL;
    jl_methtable_t *mt = jl_method_table_for(sig);
    jl_method_t *found = NULL;
    for (size_t i = mt ? jl_array_len(mt->defs) : 0; i > 0; i--) {
        jl_method_t *m = (jl_method_t *)jl_array_ptr_ref(mt->defs, i - 1);
        if (m->module != mod || m->name != name || !jl_types_equal(m->sig, sig))
            continue;
        if (found == NULL || (m->deleted_world == JL_MAX_WORLD && found->deleted_world != JL_MAX_WORLD))
            found = m;
    }
    if (found == NULL) {
        char s[200];
        describe(sig, s, sizeof(s));
        unresolved(r, "method %s for %s not found", jl_symbol_name(name), s);
    }
    return (jl_value_t *)found;
}

static jl_value_t *read_method_def(reader_t *r, size_t id)
{
    jl_method_t *m = (jl_method_t *)jl_gc_alloc(sizeof(jl_method_t), (jl_value_t *)jl_method_type);
    early(r, id, (jl_value_t *)m);
    read_fields(r, jl_method_type, (char *)m);
    if (m->name == NULL || m->module == NULL || m->sig == NULL || !jl_is_type(m->sig))
        bad(r, "a method without a name, module or signature");
    m->specializations = NULL;
    m->unspecialized = NULL;
    m->ambig = NULL;
    m->external_mt = NULL;
    if (m->sparam_syms == NULL)
        m->sparam_syms = jl_emptysvec;
    if (m->file == NULL)
        m->file = jl_empty_sym;
    m->primary_world = 1;          /* not valid in any world until inserted */
    m->deleted_world = 0;
    ptrmap_put(&r->created, m, 1);
    return (jl_value_t *)m;
}

static jl_value_t *read_mi_def(reader_t *r, size_t id)
{
    jl_method_instance_t *mi = jl_new_method_instance_uninit();
    early(r, id, (jl_value_t *)mi);
    read_fields(r, jl_method_instance_type, (char *)mi);
    if (mi->def == NULL || !(jl_is_method(mi->def) || jl_is_module(mi->def)) || mi->specTypes == NULL ||
        !jl_is_type(mi->specTypes))
        bad(r, "a method instance without a method or signature");
    mi->backedges = NULL;
    mi->cache = NULL;
    mi->inInference = 0;
    if (mi->sparam_vals == NULL)
        mi->sparam_vals = jl_emptysvec;
    if (jl_is_method(mi->def)) {
        jl_method_t *m = (jl_method_t *)mi->def;
        if (!ptrmap_get(&r->created, m, NULL))
            bad(r, "a specialization of a method the image does not define");
        if (m->specializations == NULL)
            m->specializations = jl_alloc_vec_any(0);
        jl_array_ptr_1d_push(m->specializations, (jl_value_t *)mi);
    }
    return (jl_value_t *)mi;
}

static jl_value_t *read_ext_mi(reader_t *r)
{
    size_t u0 = r->unresolved;
    jl_method_t *m = (jl_method_t *)read_checked(r, is_method_v, "a method");
    jl_value_t *spec = read_checked(r, is_type_v, "a signature");
    jl_svec_t *sp = (jl_svec_t *)read_checked(r, is_svec_v, "static parameters");
    if (r->unresolved != u0)
        return NULL;
    return (jl_value_t *)jl_specializations_get_linfo(m, spec, sp);
}

static jl_value_t *read_ci_def(reader_t *r, size_t id)
{
    jl_code_instance_t *ci =
        (jl_code_instance_t *)jl_gc_alloc(sizeof(jl_code_instance_t), (jl_value_t *)jl_code_instance_type);
    early(r, id, (jl_value_t *)ci);
    read_fields(r, jl_code_instance_type, (char *)ci);
    if (ci->def == NULL || !jl_is_method_instance(ci->def))
        bad(r, "a code instance without a method instance");
    ci->next = NULL;
    ci->invoke = NULL;            /* set only by linking the native image */
    ci->specptr = NULL;
    ci->from_image = 0;
    ci->image_index = -1;
    ci->min_world = 1;            /* not valid in any world until its edges are verified */
    ci->max_world = 0;
    if (ci->rettype == NULL)
        ci->rettype = (jl_value_t *)jl_any_type;
    return (jl_value_t *)ci;
}

static jl_value_t *read_tagged(reader_t *r, int tag, size_t id)
{
    switch (tag) {
    case T_SYMBOL: {
        size_t n = (size_t)cur_uv(&r->c);
        const uint8_t *p = cur_bytes(&r->c, n);
        if (memchr(p, 0, n))
            bad(r, "NUL in a symbol");
        return (jl_value_t *)jl_symbol_n((const char *)p, n);
    }
    case T_STRING: {
        size_t n = (size_t)cur_uv(&r->c);
        const uint8_t *p = cur_bytes(&r->c, n);
        return jl_pchar_to_string((const char *)p, n);
    }
    case T_SVEC: return read_svec(r, id);
    case T_ARRAY: return read_array(r, id);
    case T_BITS: return read_bits(r);
    case T_SINGLETON: {
        jl_datatype_t *dt = (jl_datatype_t *)read_checked(r, is_datatype_v, "a type");
        if (dt)
            complete_layout(dt);
        if (dt && dt->instance == NULL)
            bad(r, "type %s has no instance", jl_symbol_name(dt->name->name));
        return dt ? dt->instance : NULL;
    }
    case T_STRUCT: return read_struct(r, id);
    case T_MODULE_DEF: return read_module_def(r);
    case T_SUBMODULE: return read_submodule(r);
    case T_PKG_ROOT: {
        uint64_t k = cur_uv(&r->c);
        if (k >= r->ndeps)
            bad(r, "dependency %llu of %zu", (unsigned long long)k, r->ndeps);
        return (jl_value_t *)r->deps[k];
    }
    case T_EXT_GLOBAL: return read_global(r, 0);
    case T_BINDING: return read_global(r, 1);
    case T_DATATYPE_DEF: return read_datatype_def(r, id);
    case T_TYPENAME: return read_typename(r);
    case T_WRAPPER: {
        jl_typename_t *tn = (jl_typename_t *)read_checked(r, is_typename_v, "a type name");
        return tn ? tn->wrapper : NULL;
    }
    case T_APPLY: return read_apply(r, 0);
    case T_TUPLE_TYPE: return read_apply(r, 1);
    case T_TYPEOF: {
        size_t u0 = r->unresolved;
        jl_value_t *x = read_value(r);
        if (r->unresolved != u0)
            return NULL;
        if (x == NULL)
            bad(r, "typeof(#undef)");
        return jl_typeof(x);
    }
    case T_UNION: return read_union(r);
    case T_MT_OF: {
        jl_typename_t *tn = (jl_typename_t *)read_checked(r, is_typename_v, "a type name");
        if (tn && tn->mt == NULL)
            unresolved(r, "type %s has no method table", jl_symbol_name(tn->name));
        return tn ? (jl_value_t *)tn->mt : NULL;
    }
    case T_METHOD_DEF: return read_method_def(r, id);
    case T_EXT_METHOD: return read_ext_method(r);
    case T_MI_DEF: return read_mi_def(r, id);
    case T_EXT_MI: return read_ext_mi(r);
    case T_CI_DEF: return read_ci_def(r, id);
    case T_UNRESOLVABLE: {
        char *desc = cur_cstr(&r->c);
        unresolved(r, "%s could not be saved", desc);
        free(desc);
        return NULL;
    }
    default:
        bad(r, "unknown tag %d", tag);
    }
}

static jl_value_t *read_value(reader_t *r)
{
    int tag = cur_u8(&r->c);
    if (tag == T_NULL)
        return NULL;
    if (tag == T_BACKREF) {
        uint64_t id = cur_uv(&r->c);
        if (id >= r->nobjs || r->st[id] == ST_EMPTY)
            bad(r, "reference to object %llu before it is defined", (unsigned long long)id);
        if (r->st[id] == ST_TAINTED)
            unresolved(r, "(a reference to an unresolved object)");
        return r->objs[id];
    }
    if (tag == T_COMMON) {
        uint64_t k = cur_uv(&r->c);
        if (k >= r->ncommons || r->commons[k] == NULL)
            bad(r, "unknown well-known object %llu", (unsigned long long)k);
        return r->commons[k];
    }
    if (tag >= T_NTAGS)
        bad(r, "unknown tag %d", tag);
    if (++r->depth > MAX_DEPTH)
        bad(r, "objects nested more than %d deep", MAX_DEPTH);
    jl_check_stack();
    size_t id = reserve_id(r);
    size_t u0 = r->unresolved;
    jl_value_t *v = read_tagged(r, tag, id);
    r->objs[id] = v;
    r->st[id] = r->unresolved != u0 ? ST_TAINTED : ST_READY;
    r->depth--;
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* Reading: records */

static void hard_check(reader_t *r, size_t before, const char *what, jl_sym_t *name)
{
    if (r->unresolved != before)
        load_error(r->path, "stale: %s %s needs something that is no longer there (%s)", what,
                   name ? jl_symbol_name(name) : "", r->why);
}

static jl_module_t *read_own_module(reader_t *r)
{
    jl_value_t *m = read_value(r);
    if (m == NULL || !jl_is_module(m) || !ptrmap_get(&r->created, m, NULL))
        bad(r, "expected a module of the package");
    return (jl_module_t *)m;
}

static void read_modules_record(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *m = read_value(r);
        hard_check(r, u0, "module", NULL);
        if (m == NULL || !ptrmap_get(&r->created, m, NULL))
            bad(r, "expected a module of the package");
        pv_push(&r->modules, m);
    }
}

static void add_using(jl_module_t *m, jl_module_t *u)
{
    for (size_t i = 0; i < jl_array_len(m->usings); i++)
        if (jl_array_ptr_ref(m->usings, i) == (jl_value_t *)u)
            return;
    jl_array_ptr_1d_push(m->usings, (jl_value_t *)u);
}

static void read_binding_entry(reader_t *r, jl_module_t *m)
{
    int kind = cur_u8(&r->c);
    jl_sym_t *name = read_sym(r);
    int flags = cur_u8(&r->c);
    size_t u0 = r->unresolved;
    jl_binding_t *b = jl_get_module_binding(m, name, 1);
    if (kind == BK_OWNED) {
        jl_value_t *v = read_value(r);
        jl_value_t *ty = read_value(r);
        hard_check(r, u0, "global", name);
        if (ty && !jl_is_type(ty))
            bad(r, "the declared type of %s is not a type", jl_symbol_name(name));
        b->owner = m;
        b->alias = NULL;
        b->value = v;
        b->ty = ty ? ty : (jl_value_t *)jl_any_type;
    }
    else if (kind == BK_ALIAS) {
        jl_value_t *t = read_value(r);
        hard_check(r, u0, "imported global", name);
        if (t == NULL || !jl_typeis(t, jl_binding_type) || ((jl_binding_t *)t)->alias != NULL)
            bad(r, "an alias of %s that is not a binding", jl_symbol_name(name));
        if ((jl_binding_t *)t != b) {
            b->alias = (jl_binding_t *)t;
            b->owner = ((jl_binding_t *)t)->owner;
        }
    }
    else if (kind != BK_UNRESOLVED) {
        bad(r, "unknown binding kind %d", kind);
    }
    b->constp = (flags & BF_CONST) != 0;
    b->exportp = (flags & BF_EXPORT) != 0;
    b->imported = (flags & BF_IMPORTED) != 0;
    b->deprecated = (flags & BF_DEPRECATED) != 0;
}

static void read_bindings_record(reader_t *r)
{
    jl_module_t *m = read_own_module(r);
    size_t nu = cur_count(&r->c);
    for (size_t i = 0; i < nu; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *u = read_value(r);
        hard_check(r, u0, "a `using` in module", m->name);
        if (u == NULL || !jl_is_module(u))
            bad(r, "a `using` of something that is not a module");
        add_using(m, (jl_module_t *)u);
    }
    size_t nb = cur_count(&r->c);
    for (size_t i = 0; i < nb; i++)
        read_binding_entry(r, m);
}

static void read_module_list(reader_t *r, ptrvec_t *out)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++)
        pv_push(out, read_own_module(r));
}

static void read_methods_record(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *m = read_value(r);
        if (m && jl_is_method(m))
            hard_check(r, u0, "method", ((jl_method_t *)m)->name);
        hard_check(r, u0, "a method", NULL);
        if (m == NULL || !jl_is_method(m))
            bad(r, "expected a method");
        pv_push(&r->methods, m);
    }
}

static void read_codeinsts_record(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *ci = read_value(r);
        uint8_t native = cur_u8(&r->c);
        size_t ne = cur_count(&r->c);
        if (ci != NULL && !jl_is_code_instance(ci))
            bad(r, "expected a code instance");
        r->cis = (ci_entry_t *)grow(r->cis, &r->capcis, r->ncis + 1, sizeof(ci_entry_t));
        ci_entry_t *e = &r->cis[r->ncis++];
        e->ci = (jl_code_instance_t *)ci;
        e->native = native != 0;
        e->tainted = r->unresolved != u0 || ci == NULL;
        e->valid = 0;
        e->edge_off = r->nci_edges;
        e->nedges = ne;
        r->ci_edges = (size_t *)grow(r->ci_edges, &r->capci_edges, r->nci_edges + ne, sizeof(size_t));
        for (size_t k = 0; k < ne; k++)
            r->ci_edges[r->nci_edges++] = (size_t)cur_uv(&r->c);
    }
}

static void read_edges_record(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *sig = read_value(r);
        jl_value_t *callee = read_value(r);
        uint8_t status = cur_u8(&r->c);
        size_t nm = cur_count(&r->c);
        if (status > 2 || (sig && !jl_is_type(sig)) || (callee && !jl_is_method_instance(callee)))
            bad(r, "malformed edge");
        r->edges = (edge_entry_t *)grow(r->edges, &r->capedges, r->nedges + 1, sizeof(edge_entry_t));
        edge_entry_t *e = &r->edges[r->nedges++];
        e->sig = sig;
        e->callee = (jl_method_instance_t *)callee;
        e->status = status;
        e->m_off = r->nedge_methods;
        e->nm = nm;
        r->edge_methods = (jl_value_t **)grow(r->edge_methods, &r->capedge_methods, r->nedge_methods + nm,
                                              sizeof(jl_value_t *));
        for (size_t k = 0; k < nm; k++) {
            jl_value_t *m = read_value(r);
            if (m && !jl_is_method(m))
                bad(r, "an edge lists a non-method");
            r->edge_methods[r->nedge_methods++] = m;
        }
        e->tainted = r->unresolved != u0 || sig == NULL;
        e->valid = 0;
    }
}

static void read_gvars_record(reader_t *r)
{
    size_t n = cur_count(&r->c);
    for (size_t i = 0; i < n; i++) {
        size_t u0 = r->unresolved;
        jl_value_t *v = read_value(r);
        pv_push(&r->gvars, v);
        pv_push(&r->gvar_tainted, (void *)(uintptr_t)(r->unresolved != u0));
    }
}

static void read_stream(reader_t *r)
{
    for (;;) {
        int rec = cur_u8(&r->c);
        switch (rec) {
        case R_END:
            if (r->c.p != r->c.end)
                bad(r, "data after the end record");
            for (size_t i = 0; i < r->ncis; i++)
                for (size_t k = 0; k < r->cis[i].nedges; k++)
                    if (r->ci_edges[r->cis[i].edge_off + k] >= r->nedges)
                        bad(r, "a code instance names edge %zu of %zu", r->ci_edges[r->cis[i].edge_off + k],
                            r->nedges);
            return;
        case R_MODULES: read_modules_record(r); break;
        case R_BINDINGS: read_bindings_record(r); break;
        case R_INIT_ORDER: read_module_list(r, &r->init_order); break;
        case R_METHODS: read_methods_record(r); break;
        case R_CODEINSTS: read_codeinsts_record(r); break;
        case R_EDGES: read_edges_record(r); break;
        case R_GVARS: read_gvars_record(r); break;
        default: bad(r, "unknown record %d", rec);
        }
    }
}

static void reader_free(reader_t *r)
{
    free(r->objs);
    free(r->st);
    ptrmap_free(&r->created);
    pv_free(&r->modules);
    pv_free(&r->methods);
    pv_free(&r->init_order);
    pv_free(&r->gvars);
    pv_free(&r->gvar_tainted);
    free(r->cis);
    free(r->edges);
    free(r->ci_edges);
    free(r->edge_methods);
    free(r->deps);
}

/* ---------------------------------------------------------------------------------------------- */
/* Loading: methods, edges, code */

static void insert_methods(reader_t *r)
{
    for (size_t i = 0; i < r->methods.len; i++) {
        jl_method_t *m = (jl_method_t *)r->methods.items[i];
        jl_methtable_t *mt = jl_method_table_for(m->sig);
        if (mt == NULL) {
            /* a callable type that had no method table in this process yet */
            jl_value_t *body = jl_unwrap_unionall(m->sig);
            jl_value_t *f = jl_is_tuple_type(body) && jl_nparams(body) > 0 ? jl_unwrap_unionall(jl_tparam0(body)) : NULL;
            if (f && jl_is_datatype(f) && !((jl_datatype_t *)f)->name->abstract && !jl_is_tuple_type(f)) {
                jl_typename_t *tn = ((jl_datatype_t *)f)->name;
                tn->mt = jl_new_method_table(tn->name, tn->module);
                mt = tn->mt;
            }
        }
        if (mt == NULL) {
            char s[200];
            describe(m->sig, s, sizeof(s));
            load_error(r->path, "no method table for method %s%s", jl_symbol_name(m->name), s);
        }
        jl_method_table_insert(mt, m);
    }
}

static int edge_holds(reader_t *r, edge_entry_t *e, size_t world)
{
    if (e->tainted || e->status == 2)
        return 0;
    jl_value_t *volatile ms = NULL;
    JL_TRY {
        size_t mn = 1, mx = JL_MAX_WORLD;
        int amb = 0;
        ms = jl_matching_methods(e->sig, NULL, -1, 0, world, &mn, &mx, &amb);
    }
    JL_CATCH {
        return 0;
    }
    if (e->status == 1)
        return ms == jl_false;
    if (ms == NULL || ms == jl_false || jl_array_len(ms) != e->nm)
        return 0;
    for (size_t k = 0; k < e->nm; k++) {
        jl_value_t *want = r->edge_methods[e->m_off + k];
        int found = 0;
        for (size_t j = 0; j < jl_array_len(ms) && !found; j++)
            found = jl_svecref(jl_array_ptr_ref(ms, j), 2) == want;
        if (!found)
            return 0;
    }
    return 1;
}

/* A CodeInstance is valid if every edge holds and every callee restored with it is valid too (its native
 * code calls theirs directly). */
static size_t verify_codeinsts(reader_t *r, size_t world)
{
    for (size_t i = 0; i < r->nedges; i++)
        r->edges[i].valid = (uint8_t)edge_holds(r, &r->edges[i], world);
    ptrmap_t entry_of = {0};       /* MethodInstance -> entry index + 1 */
    for (size_t i = 0; i < r->ncis; i++) {
        ci_entry_t *e = &r->cis[i];
        int ok = !e->tainted && e->ci != NULL;
        for (size_t k = 0; ok && k < e->nedges; k++)
            ok = r->edges[r->ci_edges[e->edge_off + k]].valid;
        e->valid = (uint8_t)ok;
        if (e->ci)
            ptrmap_put(&entry_of, e->ci->def, i + 1);
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < r->ncis; i++) {
            ci_entry_t *e = &r->cis[i];
            for (size_t k = 0; e->valid && k < e->nedges; k++) {
                jl_method_instance_t *callee = r->edges[r->ci_edges[e->edge_off + k]].callee;
                uintptr_t j;
                if (callee && ptrmap_get(&entry_of, callee, &j) && !r->cis[j - 1].valid) {
                    e->valid = 0;
                    changed = 1;
                }
            }
        }
    }
    ptrmap_free(&entry_of);
    size_t nvalid = 0;
    for (size_t i = 0; i < r->ncis; i++)
        nvalid += r->cis[i].valid;
    return nvalid;
}

/* The backedges gf.c records when it compiles code (so adding a method later invalidates this code). */
static void record_backedges(jl_method_instance_t *caller, jl_code_instance_t *ci)
{
    ptrvec_t keys = {0};
    code_edges(ci, &keys);
    for (size_t i = 0; i < keys.len; i++) {
        jl_value_t *k = (jl_value_t *)keys.items[i];
        if (jl_is_method_instance(k))
            jl_method_instance_add_backedge((jl_method_instance_t *)k, caller);
        else
            jl_method_table_add_backedge(jl_method_table_for(k), k, caller);
    }
    pv_free(&keys);
}

typedef struct {
    void *handle;
    jl_image_header_t *hdr;
    void **fvars;
    jl_value_t **gvars;
} native_image_t;

/* Checks the .so against the .ji (hash recorded in the trailer, header) and dlopens it. */
static void open_native(const char *path, const char *sofile, image_info_t *in, native_image_t *ni)
{
    uint8_t h[32];
    if (!sha256_file(sofile, h, NULL))
        load_error(path, "cannot read its native image %s", sofile);
    if (memcmp(h, in->so_hash, 32) != 0)
        load_error(path, "native image %s does not belong to it (checksum mismatch)", sofile);
    ni->handle = dlopen(sofile, RTLD_NOW | RTLD_LOCAL);
    if (ni->handle == NULL)
        load_error(path, "cannot open native image: %s", dlerror());
    ni->hdr = (jl_image_header_t *)dlsym(ni->handle, "jl_image_header");
    ni->fvars = (void **)dlsym(ni->handle, "jl_fvars");
    ni->gvars = (jl_value_t **)dlsym(ni->handle, "jl_gvars");
    const char *why = NULL;
    char cpu[64];
    jl_image_cpu_target(cpu, sizeof(cpu));
    jl_image_header_t *hd = ni->hdr;
    if (hd == NULL || (ni->fvars == NULL && in->nnative) || (ni->gvars == NULL && in->ngvars))
        why = "it lacks jl_image_header, jl_fvars or jl_gvars";
    else if (memcmp(hd->magic, JL_IMAGE_SO_MAGIC, 8) != 0 || hd->format_version != JL_IMAGE_FORMAT_VERSION ||
             hd->header_size != sizeof(jl_image_header_t))
        why = "its header is not of this format version";
    else if (memcmp(hd->ji_hash, in->content_hash, 32) != 0)
        why = "it was built for another .ji";
    else if (strncmp(hd->build_id, jl_build_id, sizeof(hd->build_id) - 1) != 0)
        why = "it was built by another runtime";
    else if (strncmp(hd->cpu_target, cpu, sizeof(hd->cpu_target) - 1) != 0)
        why = "it was built for another CPU";
    else if (hd->ncodeinsts != in->nnative || hd->ngvars != in->ngvars)
        why = "its tables do not match the .ji";
    if (why) {
        dlclose(ni->handle);
        ni->handle = NULL;
        load_error(path, "native image %s: %s", sofile, why);
    }
}

/* Every function pointer must lie in the .so (--image-verify). */
static int verify_fvars(native_image_t *ni, size_t n)
{
    Dl_info base, info;
    if (!dladdr((void *)ni->fvars, &base))
        return 0;
    for (size_t i = 0; i < 2 * n; i++) {
        if (ni->fvars[i] == NULL)
            continue;
        if (!dladdr(ni->fvars[i], &info) || info.dli_fbase != base.dli_fbase)
            return 0;
    }
    return 1;
}

/* Fills the object slots, then sets invoke/specptr of each valid native CodeInstance by its index. */
static size_t link_native(reader_t *r, native_image_t *ni, size_t nnative)
{
    for (size_t i = 0; i < r->gvars.len; i++) {
        if (r->gvar_tainted.items[i]) {
            if (trace_load())
                fprintf(stderr, "image: slot %zu is unresolved (%s); native code not used\n", i, r->why);
            return 0;
        }
    }
    if ((jl_options.image_verify || JL_VERIFY_IMAGES) && !verify_fvars(ni, nnative))
        load_error(r->path, "native image: a function pointer lies outside the library");
    for (size_t i = 0; i < r->gvars.len; i++)
        ni->gvars[i] = (jl_value_t *)r->gvars.items[i];
    size_t k = 0, linked = 0;
    for (size_t i = 0; i < r->ncis; i++) {
        ci_entry_t *e = &r->cis[i];
        if (!e->native)
            continue;
        size_t idx = k++;
        if (!e->valid || ni->fvars[2 * idx] == NULL)
            continue;
        e->ci->invoke = (jl_fptr_args_t)ni->fvars[2 * idx];
        e->ci->specptr = ni->fvars[2 * idx + 1];
        e->ci->from_image = 1;
        e->ci->image_index = (int32_t)idx;
        linked++;
    }
    return linked;
}

static void attach_codeinsts(reader_t *r, size_t world)
{
    for (size_t i = 0; i < r->ncis; i++) {
        ci_entry_t *e = &r->cis[i];
        if (!e->valid)
            continue;
        jl_method_instance_t *mi = e->ci->def;
        e->ci->min_world = world;
        e->ci->max_world = JL_MAX_WORLD;
        jl_mi_cache_insert(mi, e->ci);
        record_backedges(mi, e->ci);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Loading: the entry points */

typedef struct {
    uint8_t *buf;
    size_t len;
    image_info_t info;
    native_image_t native;
    int native_used;
    reader_t r;
} load_ctx_t;

static void load_ctx_free(load_ctx_t *L)
{
    reader_free(&L->r);
    info_free(&L->info);
    free(L->buf);
    if (L->native.handle && !L->native_used)
        dlclose(L->native.handle);
    free(L);
}

/* Reading the stream changes nothing global; other exceptions raised there mean corrupt input. */
static void read_image_stream(load_ctx_t *L, const char *path)
{
    reader_t *r = &L->r;
    r->path = path;
    r->c = (cursor_t){L->info.stream, L->info.stream + L->info.stream_len, L->buf, path};
    r->ncommons = common_objects(r->commons, MAX_COMMON);
    if (r->ncommons > MAX_COMMON)
        jl_fatal_error("staticdata: too many well-known objects");
    JL_TRY {
        read_stream(r);
    }
    JL_CATCH {
        jl_value_t *e = jl_current_exception();
        if (jl_typeis(e, jl_errorexception_type)) {
            jl_value_t *msg = jl_get_nth_field(e, 0);
            if (jl_is_string(msg) && strncmp(jl_string_data(msg), "cannot load package image", 25) == 0)
                jl_rethrow();
        }
        char shown[200];
        describe(e, shown, sizeof(shown));
        load_error(path, "corrupt object stream near byte %zu (%s)", (size_t)(r->c.p - r->c.base), shown);
    }
}

static jl_array_t *restore(load_ctx_t *L, const char *jifile, const char *sofile, jl_module_t **ptop)
{
    double t0 = now_ms();
    char why[600];
    open_image(jifile, &L->buf, &L->len, &L->info);
    image_info_t *in = &L->info;
    if (check_runtime(in, why, sizeof(why)))
        load_error(jifile, "%s", why);
    L->r.deps = (jl_module_t **)calloc(in->ndeps + 1, sizeof(jl_module_t *));
    L->r.ndeps = in->ndeps;
    if (resolve_deps(in, L->r.deps, 1, why, sizeof(why)))
        load_error(jifile, "%s", why);
    int want_native = sofile != NULL && *sofile && !all_zero(in->so_hash, 32);
    double t1 = now_ms();
    read_image_stream(L, jifile);
    reader_t *r = &L->r;
    if (r->modules.len == 0)
        load_error(jifile, "corrupt object stream: no modules");
    if (r->gvars.len != in->ngvars)
        load_error(jifile, "corrupt object stream: %zu object slots, the header says %zu", r->gvars.len, in->ngvars);
    size_t nnative = 0;
    for (size_t i = 0; i < r->ncis; i++)
        nnative += r->cis[i].native;
    if (nnative != in->nnative)
        load_error(jifile, "corrupt object stream: %zu native functions, the header says %zu", nnative, in->nnative);
    if (want_native)
        open_native(jifile, sofile, in, &L->native);
    double t2 = now_ms();
    /* from here on the process changes: methods become visible */
    insert_methods(r);
    size_t world = jl_world_counter;
    size_t nvalid = verify_codeinsts(r, world);
    size_t linked = 0;
    if (L->native.handle) {
        linked = link_native(r, &L->native, nnative);
        L->native_used = 1;      /* keep the library mapped: code and slots live in it */
    }
    attach_codeinsts(r, world);
    jl_module_t *top = (jl_module_t *)r->modules.items[0];
    if (image_roots == NULL) {
        image_roots = jl_alloc_vec_any(0);
        jl_gc_add_root((jl_value_t **)&image_roots);
    }
    jl_array_ptr_1d_push(image_roots, (jl_value_t *)top);
    jl_array_t *inits = jl_alloc_vec_any(0);
    for (size_t i = 0; i < r->init_order.len; i++)
        jl_array_ptr_1d_push(inits, (jl_value_t *)r->init_order.items[i]);
    *ptop = top;
    if (trace_load())
        fprintf(stderr, "image: loaded %s: %zu bytes, %zu objects, %zu methods, %zu of %zu code instances valid, "
                        "%zu native linked; check %.2f ms, read %.2f ms, link %.2f ms\n",
                jifile, L->len, r->nobjs, r->methods.len, nvalid, r->ncis, linked, t1 - t0, t2 - t1, now_ms() - t2);
    return inits;
}

static void run_init(jl_module_t *m, jl_value_t *f)
{
    jl_task_t *ct = jl_current_task;
    size_t last_age = ct->world_age;
    ct->world_age = jl_world_counter;
    JL_TRY {
        jl_call0(f);
    }
    JL_CATCH {
        ct->world_age = last_age;
        jl_value_t *initerror = jl_get_global(jl_core_module, jl_symbol("InitError"));
        if (initerror == NULL || !jl_is_datatype(initerror))
            jl_rethrow();
        jl_rethrow_other(jl_new_struct((jl_datatype_t *)initerror, (jl_value_t *)m->name, jl_current_exception()));
    }
    ct->world_age = last_age;
}

/* Runs __init__ of each restored module (inner modules first) in the newest world. */
static void run_inits(jl_array_t *inits)
{
    for (size_t i = 0; i < jl_array_len(inits); i++) {
        jl_module_t *m = (jl_module_t *)jl_array_ptr_ref(inits, i);
        jl_value_t *f = jl_get_global(m, jl_init_sym);
        if (f != NULL)
            run_init(m, f);
    }
}

JL_DLLEXPORT jl_value_t *jl_restore_incremental(const char *jifile, const char *sofile)
{
    if (jifile == NULL)
        jl_error("cannot load package image: no file given");
    int gc_was = jl_gc_is_enabled();
    jl_gc_enable(0);
    load_ctx_t *volatile L = (load_ctx_t *)calloc(1, sizeof(load_ctx_t));
    jl_module_t *volatile top = NULL;
    jl_array_t *volatile inits = NULL;
    JL_TRY {
        jl_module_t *t = NULL;
        inits = restore(L, jifile, sofile, &t);
        top = t;
    }
    JL_CATCH {
        load_ctx_free(L);
        jl_gc_enable(gc_was);
        jl_rethrow();
    }
    load_ctx_free(L);
    jl_gc_enable(gc_was);
    run_inits(inits);
    return (jl_value_t *)top;
}

/* ---------------------------------------------------------------------------------------------- */
/* Freshness, the header, attaching the .so */

static jl_value_t *error_message(jl_value_t *e)
{
    if (jl_typeis(e, jl_errorexception_type)) {
        jl_value_t *msg = jl_get_nth_field(e, 0);
        if (jl_is_string(msg))
            return msg;
    }
    char shown[200];
    describe(e, shown, sizeof(shown));
    return jl_cstr_to_string(shown);
}

typedef struct {
    uint8_t *buf;
    size_t len;
    image_info_t in;
} filebox_t;

static void filebox_free(filebox_t *b)
{
    free(b->buf);
    info_free(&b->in);
    free(b);
}

static jl_value_t *stale_reason(const char *jifile, const char *sofile, filebox_t *fb)
{
    char why[600];
    open_image(jifile, &fb->buf, &fb->len, &fb->in);
    image_info_t *in = &fb->in;
    if (check_runtime(in, why, sizeof(why)) || resolve_deps(in, NULL, 0, why, sizeof(why)) ||
        check_sources(in, why, sizeof(why)))
        return jl_cstr_to_string(why);
    if (sofile && *sofile && !all_zero(in->so_hash, 32)) {
        uint8_t h[32];
        if (!sha256_file(sofile, h, NULL))
            return jl_cstr_to_string("its native image is missing");
        if (memcmp(h, in->so_hash, 32) != 0)
            return jl_cstr_to_string("its native image does not belong to it (checksum mismatch)");
    }
    return jl_nothing;
}

JL_DLLEXPORT jl_value_t *jl_image_stale_reason(const char *jifile, const char *sofile)
{
    filebox_t *volatile fb = (filebox_t *)calloc(1, sizeof(filebox_t));
    jl_value_t *volatile res = NULL;
    JL_TRY {
        res = stale_reason(jifile, sofile, fb);
    }
    JL_CATCH {
        res = error_message(jl_current_exception());
    }
    filebox_free(fb);
    return res;
}

static jl_value_t *header_value(image_info_t *in)
{
    char hex[65];
    jl_array_t *h = jl_alloc_vec_any(0);
    jl_array_ptr_1d_push(h, jl_box_long(in->version));
    jl_array_ptr_1d_push(h, jl_cstr_to_string(in->build_id));
    jl_array_ptr_1d_push(h, jl_cstr_to_string(in->name));
    jl_array_ptr_1d_push(h, jl_box_uint64(in->uuid_hi));
    jl_array_ptr_1d_push(h, jl_box_uint64(in->uuid_lo));
    jl_array_ptr_1d_push(h, jl_box_uint64(in->build));
    jl_array_ptr_1d_push(h, jl_box_long(in->opt_level));
    jl_array_ptr_1d_push(h, jl_box_long(in->check_bounds));
    jl_array_ptr_1d_push(h, jl_cstr_to_string(in->cpu));
    jl_array_t *srcs = jl_alloc_vec_any(0);
    for (size_t i = 0; i < in->nsources; i++) {
        hex32(in->src_hash[i], hex);
        jl_array_ptr_1d_push(srcs, jl_tuple(3, jl_cstr_to_string(in->src_path[i]),
                                            jl_box_long((int64_t)in->src_size[i]), jl_cstr_to_string(hex)));
    }
    jl_array_ptr_1d_push(h, (jl_value_t *)srcs);
    jl_array_t *deps = jl_alloc_vec_any(0);
    for (size_t i = 0; i < in->ndeps; i++)
        jl_array_ptr_1d_push(deps, jl_tuple(4, jl_cstr_to_string(in->dep_name[i]), jl_box_uint64(in->dep_uuid_hi[i]),
                                            jl_box_uint64(in->dep_uuid_lo[i]), jl_box_uint64(in->dep_build[i])));
    jl_array_ptr_1d_push(h, (jl_value_t *)deps);
    jl_array_ptr_1d_push(h, jl_box_long((int64_t)in->nnative));
    jl_array_ptr_1d_push(h, jl_box_long((int64_t)in->ngvars));
    hex32(in->content_hash, hex);
    jl_array_ptr_1d_push(h, jl_cstr_to_string(hex));
    hex32(in->so_hash, hex);
    jl_array_ptr_1d_push(h, all_zero(in->so_hash, 32) ? jl_nothing : jl_cstr_to_string(hex));
    return (jl_value_t *)h;
}

JL_DLLEXPORT jl_value_t *jl_image_read_header(const char *jifile)
{
    filebox_t *volatile fb = (filebox_t *)calloc(1, sizeof(filebox_t));
    jl_value_t *volatile res = NULL;
    JL_TRY {
        open_image(jifile, &fb->buf, &fb->len, &fb->in);
        res = header_value(&fb->in);
    }
    JL_CATCH {
        filebox_free(fb);
        jl_rethrow();
    }
    filebox_free(fb);
    return res;
}

static void attach_so(const char *jifile, const char *sofile, filebox_t *fb)
{
    read_whole_file(jifile, &fb->buf, &fb->len);
    check_envelope(jifile, fb->buf, fb->len, &fb->in);
    uint8_t h[32];
    if (!sha256_file(sofile, h, NULL))
        jl_errorf("cannot attach native image %s: cannot read it", sofile);
    bbuf_t f = {fb->buf, fb->len - JI_TRAILER_SIZE, fb->len};
    write_trailer(&f, h);
    fb->buf = f.data;
    write_file_atomic(jifile, f.data, f.len);
}

JL_DLLEXPORT void jl_image_attach_so(const char *jifile, const char *sofile)
{
    filebox_t *volatile fb = (filebox_t *)calloc(1, sizeof(filebox_t));
    JL_TRY {
        attach_so(jifile, sofile, fb);
    }
    JL_CATCH {
        filebox_free(fb);
        jl_rethrow();
    }
    filebox_free(fb);
}
