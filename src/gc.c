/* gc.c: memory allocation and garbage collection.
 *
 * A non-moving mark-sweep collector.
 *
 * INVARIANTS AND POLICIES
 *  - Every object is preceded by its header word (jl_taggedvalue_t) and is 16-byte aligned. The low 4 bits
 *    of the header belong to the GC: bit 0 = marked (only during a collection), bit 3 = free pool cell.
 *    A free cell's header is the free-list link itself: the address of the next free cell (cells start at
 *    8 mod 16, so bit 3 is set) or GC_FREE_END; sweeping never touches the data of dead objects.
 *  - Small objects (header + data <= GC_MAX_POOL_OSIZE bytes) live in size-classed cells of 16 KiB pages.
 *    All pages come from one reserved virtual region, so "is this address in a pool page, and in which
 *    cell" is a range check plus a page-table index (O(1)). Larger objects are malloc'd individually
 *    ("big objects"), kept on a list and in a pointer hash set.
 *  - Roots: slots registered with jl_gc_add_root, mark callbacks (jl_gc_add_mark_callback), the
 *    well-known globals of julia.h (types, singletons, modules, typenames), the current task, and the C
 *    stack + callee-saved registers, which are scanned CONSERVATIVELY: any aligned word that points at or
 *    inside a live pool cell or big object (including its header word) keeps that object alive.
 *    Array data buffers are separate malloc'd memory: a pointer into an array's data does NOT keep the
 *    array alive; C code that walks an array's data must keep the jl_array_t* itself in a local.
 *  - The heap is scanned PRECISELY from each object's type: the core C structs of julia.h (DataType,
 *    TypeName, Method, MethodInstance, CodeInstance, CodeInfo, Module, Binding, Task, ...) are traced
 *    from their C field lists below (not from their Julia layouts); svec, Array, String and Symbol are
 *    special; every other object is traced through its DataType layout (fields with isptr).
 *  - Array data (jl_array_t.data) is malloc'd memory, allocated with jl_gc_managed_malloc/realloc; the
 *    block starts at data - offset*elsize. It is freed when the array dies unless `shared`, or unless data
 *    points inside the array object itself (inline storage).
 *  - Modules: their bindings (C memory in module.c) are marked through jl_module_foreach_binding.
 *  - Permanent objects (jl_gc_perm_alloc) are never freed; each one (except symbols, which reference only
 *    symbols) is a root, traced at every collection. References to objects not allocated by this file
 *    (static or mapped memory) are ignored by the marker: such objects are never traced.
 *  - Collection happens only inside jl_gc_alloc (or jl_gc_collect), never inside the managed-buffer
 *    functions, and only while enabled (jl_gc_enable(1)); collection starts disabled for bootstrap.
 *    Mark callbacks must not allocate.
 *  - A collection is triggered when the bytes allocated since the last one (objects + managed buffers)
 *    exceed an interval: max(JL_GC_INITIAL_INTERVAL, 2 x the live heap after the last collection). Each
 *    collection costs about 1 ms per MB live, so the floor trades memory for time.
 *    JL_GC_STRESS (or jl_gc_set_stress(1), or the environment variable JULIA_GC_STRESS=1) collects at
 *    every allocation.
 */
#include "julia.h"
#include "julia_internal.h"
#include <stdlib.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(GC_NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define GC_NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef GC_NO_ASAN
#define GC_NO_ASAN
#endif

/* ---------------------------------------------------------------------------------------------- */
/* Constants and data structures */

#define GC_PAGE_LG2 14
#define GC_PAGE_SZ ((size_t)1 << GC_PAGE_LG2)           /* 16 KiB pool pages */
#define GC_PAGE_DATA_OFFSET 8                            /* first cell's header at page + 8 */
#define GC_MAX_POOL_OSIZE 2048                           /* header + data, bytes */
#define GC_COMMIT_PAGES 64                               /* commit the region 1 MiB at a time */
#define GC_MARKED ((uintptr_t)1)
#define GC_FREE_BIT ((uintptr_t)8)                       /* set in the header of a free pool cell */
#define GC_FREE_END GC_FREE_BIT                          /* header of the last cell of a free list */

enum { PAGE_UNUSED = 0, PAGE_FREE, PAGE_POOL, PAGE_PERM };

typedef struct {
    uint16_t osize;      /* cell size (pool pages) */
    uint16_t ncells;     /* cells in the page (pool pages) */
    uint8_t kind;        /* PAGE_* */
    uint8_t klass;       /* size class (pool pages) */
    uint8_t dirty;       /* written since it was last returned to the OS */
    uint8_t pad;
} gc_page_t;

typedef struct _gc_cell_t {
    uintptr_t header;          /* object header, or free-list link (see GC_FREE_BIT) */
} gc_cell_t;

static inline int gc_cell_is_free(gc_cell_t *c)
{
    return (c->header & GC_FREE_BIT) != 0;
}

static inline gc_cell_t *gc_cell_next_free(gc_cell_t *c)
{
    return c->header == GC_FREE_END ? NULL : (gc_cell_t *)c->header;
}

static inline void gc_cell_link(gc_cell_t *c, gc_cell_t *next)
{
    c->header = next ? (uintptr_t)next : GC_FREE_END;
}

typedef struct {
    gc_cell_t *freelist;
    uint16_t osize;
    uint16_t ncells;
    uint32_t inv;            /* ceil(2^32 / osize): x / osize == (x * inv) >> 32 for x < 2^18 */
} gc_pool_t;

typedef struct _gc_bigobj_t {
    struct _gc_bigobj_t *next;
    size_t sz;                 /* data bytes requested */
    size_t allocsz;            /* bytes malloc'd, including this header */
    uintptr_t pad[2];
    jl_taggedvalue_t tag;      /* the object's header word; data follows (16-aligned) */
} gc_bigobj_t;

typedef struct {               /* big object address range, for conservative lookup */
    uintptr_t lo, hi;
    gc_bigobj_t *obj;
} gc_range_t;

/* size classes */
#define GC_NCLASSES_MAX 64
static gc_pool_t gc_pools[GC_NCLASSES_MAX];
static int gc_nclasses;
static uint8_t gc_szclass[GC_MAX_POOL_OSIZE / 16 + 1];   /* (osize + 15) / 16 -> class */

/* the page region */
static uintptr_t gc_region;        /* base, 16 KiB aligned */
static size_t gc_region_pages;     /* reserved */
static size_t gc_region_used;      /* pages handed out at least once (high-water mark) */
static size_t gc_region_committed; /* pages made read/write */
static gc_page_t *gc_page_table;   /* one entry per reserved page */
static uint32_t *gc_free_pages;    /* stack of PAGE_FREE page indices */
static size_t gc_nfree_pages, gc_free_pages_cap;

/* big objects */
static gc_bigobj_t *gc_big_list;
static size_t gc_big_count;
static uintptr_t *gc_big_set;      /* open-addressed set of data addresses (0 = empty) */
static size_t gc_big_set_cap;      /* power of two */
static gc_range_t *gc_big_ranges;  /* sorted by address, valid during a collection */
static size_t gc_big_ranges_cap;

/* permanent allocation */
static char *gc_perm_cur, *gc_perm_end;
static jl_value_t **gc_perm_objs;  /* every permanent object but symbols: traced as roots */
static size_t gc_nperm, gc_perm_cap;

/* roots */
static jl_value_t ***gc_roots;
static size_t gc_nroots, gc_roots_cap;
static jl_gc_mark_cb_t *gc_callbacks;
static size_t gc_ncallbacks, gc_callbacks_cap;

/* mark stack */
static jl_value_t **gc_mark_stack;
static size_t gc_mark_sp, gc_mark_cap;

/* special-cased types: type pointer -> kind, rebuilt at each collection */
enum { K_GENERIC = 0, K_SVEC, K_STRING, K_SYMBOL, K_DATATYPE, K_TYPENAME, K_TVAR, K_UNIONALL, K_UNION,
       K_VARARG, K_MODULE, K_BINDING, K_GLOBALREF, K_METHTABLE, K_METHOD, K_MI, K_CI, K_CODEINFO,
       K_TASK, K_EXPR };
#define GC_KIND_TABLE_SZ 64
static struct { jl_value_t *type; int kind; } gc_kind_table[GC_KIND_TABLE_SZ];

/* policy and statistics */
static int gc_inited;
static int gc_enabled;
static int gc_running;
static int gc_stress = JL_GC_STRESS;
static size_t gc_allocd;           /* bytes allocated since the last collection */
static size_t gc_trigger;          /* collect when gc_allocd reaches this */
static size_t gc_interval = JL_GC_INITIAL_INTERVAL;
static uint64_t gc_allocd_before;  /* bytes allocated before the last collection, cumulative */
static uint64_t gc_nallocs;
static uint64_t gc_nmallocs;
static uint64_t gc_nfreed;
static uint64_t gc_ncollections;
static uint64_t gc_time_ns;
static uint64_t gc_live_bytes;
static int64_t gc_managed_live;    /* usable bytes of live managed buffers */
static size_t gc_array_min_osize;  /* smallest cell that can hold a jl_array_t */

/* C stack */
static uintptr_t gc_stack_base;    /* set by jl_gc_set_stack_base */
static uintptr_t gc_main_stack_lo, gc_main_stack_hi;

static void gc_init_once(void);

/* ---------------------------------------------------------------------------------------------- */
/* Small helpers */

/* Out of memory for a request the program made: an OutOfMemoryError once that exists. */
static JL_NORETURN void gc_oom(size_t sz)
{
    if (jl_memory_exception)
        jl_throw(jl_memory_exception);
    jl_fatal_error("gc: out of memory (%zu bytes)", sz);
}

static void *gc_xrealloc(void *p, size_t sz)
{
    void *q = realloc(p, sz);
    if (!q)
        jl_fatal_error("gc: out of memory (%zu bytes)", sz);
    return q;
}

static uint64_t gc_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline size_t gc_hash_ptr(uintptr_t p)
{
    return (size_t)((p >> 4) * UINT64_C(0x9E3779B97F4A7C15) >> 20);
}

static inline int gc_in_region(uintptr_t p)
{
    return p - gc_region < (gc_region_used << GC_PAGE_LG2);
}

static inline gc_page_t *gc_page_of(uintptr_t p)
{
    return &gc_page_table[(p - gc_region) >> GC_PAGE_LG2];
}

static inline uintptr_t gc_page_addr(size_t idx)
{
    return gc_region + (idx << GC_PAGE_LG2);
}

/* ---------------------------------------------------------------------------------------------- */
/* Size classes */

static void gc_add_class(size_t osize)
{
    gc_pool_t *p = &gc_pools[gc_nclasses++];
    p->osize = (uint16_t)osize;
    p->ncells = (uint16_t)((GC_PAGE_SZ - GC_PAGE_DATA_OFFSET) / osize);
    p->inv = (uint32_t)((((uint64_t)1 << 32) + osize - 1) / osize);
    p->freelist = NULL;
}

static void gc_init_size_classes(void)
{
    size_t osz;
    for (osz = 16; osz <= 256; osz += 16)
        gc_add_class(osz);
    for (osz = 288; osz <= 512; osz += 32)
        gc_add_class(osz);
    for (osz = 576; osz <= 1024; osz += 64)
        gc_add_class(osz);
    for (osz = 1152; osz <= GC_MAX_POOL_OSIZE; osz += 128)
        gc_add_class(osz);
    int k = 0;
    for (size_t i = 0; i <= GC_MAX_POOL_OSIZE / 16; i++) {
        while (gc_pools[k].osize < i * 16)
            k++;
        gc_szclass[i] = (uint8_t)k;
    }
    gc_array_min_osize = LLT_ALIGN(sizeof(jl_array_t) + sizeof(size_t) + sizeof(jl_taggedvalue_t), 16);
}

/* ---------------------------------------------------------------------------------------------- */
/* The page region */

static void gc_reserve_region(void)
{
    static const size_t sizes_gb[] = {64, 16, 4, 1};
    for (size_t i = 0; i < sizeof(sizes_gb) / sizeof(sizes_gb[0]); i++) {
        size_t sz = sizes_gb[i] << 30;
        void *p = mmap(NULL, sz + GC_PAGE_SZ, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            continue;
        void *tbl = mmap(NULL, (sz >> GC_PAGE_LG2) * sizeof(gc_page_t), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (tbl == MAP_FAILED) {
            munmap(p, sz + GC_PAGE_SZ);
            continue;
        }
        gc_region = LLT_ALIGN((uintptr_t)p, GC_PAGE_SZ);
        gc_region_pages = sz >> GC_PAGE_LG2;
        gc_page_table = (gc_page_t *)tbl;
        return;
    }
    jl_fatal_error("gc: could not reserve address space for the heap");
}

static void gc_commit_up_to(size_t npages)
{
    while (gc_region_committed < npages) {
        size_t n = GC_COMMIT_PAGES;
        if (gc_region_committed + n > gc_region_pages)
            n = gc_region_pages - gc_region_committed;
        if (mprotect((void *)gc_page_addr(gc_region_committed), n << GC_PAGE_LG2, PROT_READ | PROT_WRITE) != 0)
            jl_fatal_error("gc: out of memory (committing heap pages)");
        gc_region_committed += n;
    }
}

/* A page not in use, zero-filled or dirty (see gc_page_t.dirty). */
static size_t gc_take_page(void)
{
    if (gc_nfree_pages > 0)
        return gc_free_pages[--gc_nfree_pages];
    if (gc_region_used >= gc_region_pages)
        jl_fatal_error("gc: out of memory (heap region of %zu MiB exhausted)",
                       (gc_region_pages << GC_PAGE_LG2) >> 20);
    gc_commit_up_to(gc_region_used + 1);
    return gc_region_used++;
}

static void gc_push_free_page(size_t idx)
{
    if (gc_nfree_pages == gc_free_pages_cap) {
        gc_free_pages_cap = gc_free_pages_cap ? 2 * gc_free_pages_cap : 256;
        gc_free_pages = (uint32_t *)gc_xrealloc(gc_free_pages, gc_free_pages_cap * sizeof(uint32_t));
    }
    gc_page_table[idx].kind = PAGE_FREE;
    gc_free_pages[gc_nfree_pages++] = (uint32_t)idx;
}

/* Turn a page into cells of pool `k`, all free, linked in address order; returns the first. */
static gc_cell_t *gc_format_page(size_t idx, int k)
{
    gc_pool_t *pool = &gc_pools[k];
    gc_page_t *pg = &gc_page_table[idx];
    pg->kind = PAGE_POOL;
    pg->klass = (uint8_t)k;
    pg->osize = pool->osize;
    pg->ncells = pool->ncells;
    pg->dirty = 1;
    char *cell = (char *)gc_page_addr(idx) + GC_PAGE_DATA_OFFSET;
    gc_cell_t *first = (gc_cell_t *)cell;
    for (size_t i = 0; i < pool->ncells; i++, cell += pool->osize)
        gc_cell_link((gc_cell_t *)cell, i + 1 < pool->ncells ? (gc_cell_t *)(cell + pool->osize) : NULL);
    return first;
}

/* The cell of pool page `pg` containing address p (at or after its header word), or NULL. */
static gc_cell_t *gc_cell_containing(gc_page_t *pg, uintptr_t p)
{
    uintptr_t page = p & ~(uintptr_t)(GC_PAGE_SZ - 1);
    uintptr_t off = p - page;
    if (off < GC_PAGE_DATA_OFFSET)
        return NULL;
    size_t i = (size_t)(((uint64_t)(off - GC_PAGE_DATA_OFFSET) * gc_pools[pg->klass].inv) >> 32);
    if (i >= pg->ncells)
        return NULL;
    return (gc_cell_t *)(page + GC_PAGE_DATA_OFFSET + i * pg->osize);
}

/* ---------------------------------------------------------------------------------------------- */
/* Big objects */

static void gc_big_set_insert_raw(uintptr_t v)
{
    size_t mask = gc_big_set_cap - 1;
    size_t i = gc_hash_ptr(v) & mask;
    while (gc_big_set[i] != 0)
        i = (i + 1) & mask;
    gc_big_set[i] = v;
}

static void gc_big_set_rebuild(size_t cap)
{
    free(gc_big_set);
    gc_big_set_cap = cap;
    gc_big_set = (uintptr_t *)calloc(cap, sizeof(uintptr_t));
    if (!gc_big_set)
        jl_fatal_error("gc: out of memory (big object table)");
    for (gc_bigobj_t *b = gc_big_list; b; b = b->next)
        gc_big_set_insert_raw((uintptr_t)jl_valueof(&b->tag));
}

static void gc_big_set_insert(uintptr_t v)
{
    if (2 * (gc_big_count + 1) > gc_big_set_cap)
        gc_big_set_rebuild(gc_big_set_cap ? 2 * gc_big_set_cap : 256);
    else
        gc_big_set_insert_raw(v);
}

static int gc_is_big(uintptr_t v)
{
    if (gc_big_set_cap == 0)
        return 0;
    size_t mask = gc_big_set_cap - 1;
    for (size_t i = gc_hash_ptr(v) & mask; gc_big_set[i] != 0; i = (i + 1) & mask) {
        if (gc_big_set[i] == v)
            return 1;
    }
    return 0;
}

static jl_value_t *gc_big_alloc(size_t sz, jl_value_t *type)
{
    size_t allocsz = sizeof(gc_bigobj_t) + LLT_ALIGN(sz, 16);
    if (sz > ((size_t)1 << 56))
        gc_oom(sz);
    gc_bigobj_t *b = (gc_bigobj_t *)calloc(1, allocsz);
    if (!b)
        gc_oom(sz);
    b->sz = sz;
    b->allocsz = allocsz;
    b->tag.header = (uintptr_t)type;
    b->next = gc_big_list;
    gc_big_list = b;
    gc_big_count++;
    jl_value_t *v = jl_valueof(&b->tag);
    gc_big_set_insert((uintptr_t)v);
    gc_allocd += allocsz;
    return v;
}

static int gc_range_cmp(const void *a, const void *b)
{
    uintptr_t x = ((const gc_range_t *)a)->lo, y = ((const gc_range_t *)b)->lo;
    return x < y ? -1 : x > y;
}

static void gc_build_big_ranges(void)
{
    if (gc_big_ranges_cap < gc_big_count) {
        gc_big_ranges_cap = gc_big_count * 2;
        gc_big_ranges = (gc_range_t *)gc_xrealloc(gc_big_ranges, gc_big_ranges_cap * sizeof(gc_range_t));
    }
    size_t n = 0;
    for (gc_bigobj_t *b = gc_big_list; b; b = b->next) {
        gc_big_ranges[n].lo = (uintptr_t)&b->tag;
        gc_big_ranges[n].hi = (uintptr_t)jl_valueof(&b->tag) + (b->sz ? b->sz : 1);
        gc_big_ranges[n].obj = b;
        n++;
    }
    qsort(gc_big_ranges, n, sizeof(gc_range_t), gc_range_cmp);
}

/* The big object whose header word or data contains p, or NULL (valid during a collection). */
static gc_bigobj_t *gc_big_containing(uintptr_t p)
{
    size_t lo = 0, hi = gc_big_count;
    if (hi == 0 || p < gc_big_ranges[0].lo || p >= gc_big_ranges[hi - 1].hi)
        return NULL;
    while (lo < hi) {             /* first range with lo > p */
        size_t mid = (lo + hi) / 2;
        if (gc_big_ranges[mid].lo <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    gc_range_t *r = &gc_big_ranges[lo - 1];
    return p < r->hi ? r->obj : NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Allocation */

static gc_cell_t *gc_pool_refill(gc_pool_t *pool)
{
    if (!gc_inited)
        gc_init_once();
    size_t idx = gc_take_page();
    pool->freelist = gc_format_page(idx, (int)(pool - gc_pools));
    return pool->freelist;
}

static void gc_collect_from_entry(void);
static int gc_on_known_stack(void);

static void gc_alloc_trigger(void)
{
    if (!gc_inited)
        gc_init_once();
    if (gc_enabled && !gc_running && gc_on_known_stack()) {
        gc_collect_from_entry();
    }
    else {
        gc_trigger = gc_allocd + (gc_stress ? 0 : gc_interval);
    }
}

/* Zero the data of a cell being allocated (small cells inline: a memset call costs more than the stores). */
static inline void gc_zero_cell_data(gc_cell_t *c, size_t osize)
{
    uint64_t *w = (uint64_t *)((char *)c + sizeof(jl_taggedvalue_t));
    if (osize <= 64) {
        w[0] = 0;                                  /* osize >= 16 */
        if (osize > 16) {
            w[1] = 0;
            w[2] = 0;
            if (osize > 32) {
                w[3] = 0;
                w[4] = 0;
                if (osize > 48) {
                    w[5] = 0;
                    w[6] = 0;
                }
            }
        }
        return;
    }
    memset(w, 0, osize - sizeof(jl_taggedvalue_t));
}

static inline jl_value_t *gc_pool_alloc(size_t osize, jl_value_t *type)
{
    gc_pool_t *pool = &gc_pools[gc_szclass[(osize + 15) >> 4]];
    gc_cell_t *c = pool->freelist;
    if (JL_UNLIKELY(c == NULL))
        c = gc_pool_refill(pool);
    pool->freelist = gc_cell_next_free(c);
    gc_allocd += pool->osize;
    gc_zero_cell_data(c, pool->osize);
    c->header = (uintptr_t)type;
    return jl_valueof(c);
}

JL_DLLEXPORT jl_value_t *jl_gc_alloc(size_t sz, jl_value_t *type)
{
    if (JL_UNLIKELY(gc_allocd >= gc_trigger))
        gc_alloc_trigger();
    gc_nallocs++;
    if (JL_LIKELY(sz <= GC_MAX_POOL_OSIZE - sizeof(jl_taggedvalue_t) && gc_nclasses))
        return gc_pool_alloc(sz + sizeof(jl_taggedvalue_t), type);
    if (!gc_inited) {
        gc_init_once();
        if (sz <= GC_MAX_POOL_OSIZE - sizeof(jl_taggedvalue_t))
            return gc_pool_alloc(sz + sizeof(jl_taggedvalue_t), type);
    }
    return gc_big_alloc(sz, type);
}

static void *gc_perm_alloc_malloc(size_t sz, jl_value_t *type)
{
    char *mem = NULL;
    if (posix_memalign((void **)&mem, 16, sz + 16) != 0)
        jl_fatal_error("gc: out of memory (permanent object of %zu bytes)", sz);
    memset(mem, 0, sz + 16);
    jl_value_t *v = (jl_value_t *)(mem + 16);
    jl_astaggedvalue(v)->header = (uintptr_t)type;
    return v;
}

static void gc_record_perm(jl_value_t *v, jl_value_t *type)
{
    if (type != NULL && type == (jl_value_t *)jl_symbol_type)
        return;
    if (gc_nperm == gc_perm_cap) {
        gc_perm_cap = gc_perm_cap ? 2 * gc_perm_cap : 1024;
        gc_perm_objs = (jl_value_t **)gc_xrealloc(gc_perm_objs, gc_perm_cap * sizeof(jl_value_t *));
    }
    gc_perm_objs[gc_nperm++] = v;
}

static jl_value_t *gc_perm_alloc_raw(size_t sz, jl_value_t *type)
{
    if (!gc_inited)
        gc_init_once();
    size_t osize = LLT_ALIGN(sz + sizeof(jl_taggedvalue_t), 16);
    if (osize > GC_PAGE_SZ / 4)
        return gc_perm_alloc_malloc(sz, type);
    if (gc_perm_cur == NULL || gc_perm_cur + osize > gc_perm_end) {
        size_t idx = gc_take_page();
        gc_page_table[idx].kind = PAGE_PERM;
        gc_page_table[idx].dirty = 1;
        gc_perm_cur = (char *)gc_page_addr(idx) + GC_PAGE_DATA_OFFSET;
        gc_perm_end = (char *)gc_page_addr(idx) + GC_PAGE_SZ;
        memset(gc_perm_cur, 0, gc_perm_end - gc_perm_cur);
    }
    jl_taggedvalue_t *tv = (jl_taggedvalue_t *)gc_perm_cur;
    gc_perm_cur += osize;
    tv->header = (uintptr_t)type;
    return jl_valueof(tv);
}

void *jl_gc_perm_alloc(size_t sz, jl_value_t *type)
{
    jl_value_t *v = gc_perm_alloc_raw(sz, type);
    gc_record_perm(v, type);
    return v;
}

/* Managed buffers (array data). They count towards the collection trigger but never collect. */

static void gc_count_managed(void *p, int sign)
{
    if (p)
        gc_managed_live += sign * (int64_t)malloc_usable_size(p);
}

JL_DLLEXPORT void *jl_gc_managed_malloc(size_t sz)
{
    void *p = malloc(sz ? sz : 1);
    if (!p)
        gc_oom(sz);
    gc_allocd += sz;
    gc_nmallocs++;
    gc_count_managed(p, 1);
    return p;
}

JL_DLLEXPORT void *jl_gc_managed_realloc(void *p, size_t sz, size_t oldsz)
{
    size_t oldusable = p ? malloc_usable_size(p) : 0;
    void *q = realloc(p, sz ? sz : 1);
    if (!q)
        gc_oom(sz);
    if (sz > oldsz)
        gc_allocd += sz - oldsz;
    gc_nmallocs++;
    gc_managed_live -= (int64_t)oldusable;
    gc_count_managed(q, 1);
    return q;
}

JL_DLLEXPORT void jl_gc_managed_free(void *p, size_t sz)
{
    (void)sz;
    gc_count_managed(p, -1);
    free(p);
}

/* ---------------------------------------------------------------------------------------------- */
/* Marking */

static void gc_mark_stack_grow(void)
{
    gc_mark_cap = gc_mark_cap ? 2 * gc_mark_cap : 4096;
    gc_mark_stack = (jl_value_t **)gc_xrealloc(gc_mark_stack, gc_mark_cap * sizeof(jl_value_t *));
}

static inline void gc_push(jl_value_t *v)
{
    if (JL_UNLIKELY(gc_mark_sp == gc_mark_cap))
        gc_mark_stack_grow();
    gc_mark_stack[gc_mark_sp++] = v;
}

/* Marking is split in two so that header cache misses overlap: gc_mark validates a reference (from the
 * page table, without touching the object), prefetches its header and queues it; gc_drain_mark_stack
 * passes queued objects through a small FIFO before reading their headers (gc_visit), where the mark
 * bit is tested and set and the object is traced. An object may be queued several times. */
static inline void gc_queue(jl_taggedvalue_t *tv)
{
    __builtin_prefetch(tv, 1);
    gc_push(jl_valueof(tv));
}

/* The header of v if v is the start of a collectable object (pool cell or big object), else NULL. */
static inline jl_taggedvalue_t *gc_collectable(jl_value_t *v)
{
    uintptr_t p = (uintptr_t)v;
    if (p == 0 || (p & 15) != 0)
        return NULL;
    jl_taggedvalue_t *tv = jl_astaggedvalue(v);
    if (gc_in_region(p)) {
        gc_page_t *pg = gc_page_of(p);
        if (pg->kind != PAGE_POOL || (gc_cell_t *)tv != gc_cell_containing(pg, p))
            return NULL;  /* permanent object, or not the start of a cell */
        return tv;
    }
    return gc_is_big(p) ? tv : NULL;
}

/* Mark a precise reference: v is NULL, the start of a GC object, or some other (permanent / static)
 * object, which is ignored. */
static inline void gc_mark(jl_value_t *v)
{
    jl_taggedvalue_t *tv = gc_collectable(v);
    if (tv)
        gc_queue(tv);
}

/* Same, for references that are usually already marked and in cache (types): test before queueing. */
static inline void gc_mark_hot(jl_value_t *v)
{
    jl_taggedvalue_t *tv = gc_collectable(v);
    if (tv && !(tv->header & (GC_MARKED | GC_FREE_BIT)))
        gc_push(v);
}

void jl_gc_mark_value(jl_value_t *v)
{
    gc_mark(v);
}

/* Mark whatever object the word p points at or into (conservative roots). */
static void gc_mark_conservative(uintptr_t p)
{
    if (gc_in_region(p)) {
        gc_page_t *pg = gc_page_of(p);
        if (pg->kind != PAGE_POOL)
            return;
        gc_cell_t *c = gc_cell_containing(pg, p);
        if (c)
            gc_queue((jl_taggedvalue_t *)c);
        return;
    }
    gc_bigobj_t *b = gc_big_containing(p);
    if (b)
        gc_queue(&b->tag);
}

GC_NO_ASAN static void gc_scan_range_conservative(uintptr_t lo, uintptr_t hi)
{
    lo = LLT_ALIGN(lo, sizeof(void *));
    for (uintptr_t a = lo; a + sizeof(void *) <= hi; a += sizeof(void *))
        gc_mark_conservative(*(volatile uintptr_t *)a);
}

/* ---- tracing one object ---- */

static void gc_kind_add(jl_value_t *type, int kind)
{
    if (!type)
        return;
    size_t i = gc_hash_ptr((uintptr_t)type) & (GC_KIND_TABLE_SZ - 1);
    while (gc_kind_table[i].type && gc_kind_table[i].type != type)
        i = (i + 1) & (GC_KIND_TABLE_SZ - 1);
    gc_kind_table[i].type = type;
    gc_kind_table[i].kind = kind;
}

static void gc_build_kind_table(void)
{
    memset(gc_kind_table, 0, sizeof(gc_kind_table));
    gc_kind_add((jl_value_t *)jl_simplevector_type, K_SVEC);
    gc_kind_add((jl_value_t *)jl_string_type, K_STRING);
    gc_kind_add((jl_value_t *)jl_symbol_type, K_SYMBOL);
    gc_kind_add((jl_value_t *)jl_datatype_type, K_DATATYPE);
    gc_kind_add((jl_value_t *)jl_typename_type, K_TYPENAME);
    gc_kind_add((jl_value_t *)jl_tvar_type, K_TVAR);
    gc_kind_add((jl_value_t *)jl_unionall_type, K_UNIONALL);
    gc_kind_add((jl_value_t *)jl_uniontype_type, K_UNION);
    gc_kind_add((jl_value_t *)jl_vararg_type, K_VARARG);
    gc_kind_add((jl_value_t *)jl_module_type, K_MODULE);
    gc_kind_add((jl_value_t *)jl_binding_type, K_BINDING);
    gc_kind_add((jl_value_t *)jl_globalref_type, K_GLOBALREF);
    gc_kind_add((jl_value_t *)jl_methtable_type, K_METHTABLE);
    gc_kind_add((jl_value_t *)jl_method_type, K_METHOD);
    gc_kind_add((jl_value_t *)jl_method_instance_type, K_MI);
    gc_kind_add((jl_value_t *)jl_code_instance_type, K_CI);
    gc_kind_add((jl_value_t *)jl_code_info_type, K_CODEINFO);
    gc_kind_add((jl_value_t *)jl_task_type, K_TASK);
    gc_kind_add((jl_value_t *)jl_expr_type, K_EXPR);
}

static inline int gc_kind_of(jl_value_t *type)
{
    size_t i = gc_hash_ptr((uintptr_t)type) & (GC_KIND_TABLE_SZ - 1);
    for (;;) {
        jl_value_t *t = gc_kind_table[i].type;
        if (t == type)
            return gc_kind_table[i].kind;
        if (t == NULL)
            return K_GENERIC;
        i = (i + 1) & (GC_KIND_TABLE_SZ - 1);
    }
}

#define M(x) gc_mark((jl_value_t *)(x))

static void gc_trace_svec(jl_svec_t *s)
{
    size_t n = jl_svec_len(s);
    jl_value_t **d = jl_svec_data(s);
    for (size_t i = 0; i < n; i++)
        M(d[i]);
}

/* Mark stack entries with this bit set are arrays whose elements remain to be scanned (their data buffer
 * was prefetched when the entry was queued). */
#define GC_SCAN_ELEMENTS ((uintptr_t)1)

static void gc_trace_array(jl_array_t *a)
{
    M(a->owner);
    if (!a->ptrarray || a->data == NULL || a->length == 0)
        return;
    __builtin_prefetch(a->data, 0);
    gc_push((jl_value_t *)((uintptr_t)a | GC_SCAN_ELEMENTS));
}

static void gc_scan_array_elements(jl_array_t *a)
{
    jl_value_t **d = (jl_value_t **)a->data;
    size_t n = a->length;
    if (d == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        M(d[i]);
}

static void gc_trace_binding_fields(jl_binding_t *b)
{
    M(b->name);
    M(b->value);
    M(b->globalref);
    M(b->owner);
    M(b->ty);
    if (b->alias) {
        M(b->alias);
        M(b->alias->owner);
    }
}

/* A binding may be a GC object (marked and traced later) or C memory owned by its module. */
static void gc_mark_binding(jl_binding_t *b, void *ctx)
{
    (void)ctx;
    if (!b)
        return;
    uintptr_t p = (uintptr_t)b;
    int is_gc_obj = (p & 15) == 0 && (gc_in_region(p) ? gc_page_of(p)->kind == PAGE_POOL : gc_is_big(p));
    if (is_gc_obj)
        M(b);
    else
        gc_trace_binding_fields(b);
}

static void gc_trace_module(jl_module_t *m)
{
    M(m->name);
    M(m->parent);
    M(m->usings);
    M(m->file_deps);
    jl_module_foreach_binding(m, gc_mark_binding, NULL);
}

static void gc_trace_datatype(jl_datatype_t *dt)
{
    M(dt->name);
    M(dt->super);
    M(dt->parameters);
    M(dt->types);
    M(dt->instance);
}

static void gc_trace_typename(jl_typename_t *tn)
{
    M(tn->name);
    M(tn->module);
    M(tn->names);
    M(tn->wrapper);
    M(tn->cache);
    M(tn->mt);
    M(tn->partial);
}

static void gc_trace_methtable(jl_methtable_t *mt)
{
    M(mt->name);
    M(mt->defs);
    M(mt->cache);
    M(mt->module);
    M(mt->kwsorter);
}

static void gc_trace_method(jl_method_t *m)
{
    M(m->name);
    M(m->module);
    M(m->file);
    M(m->sig);
    M(m->sparam_syms);
    M(m->specializations);
    M(m->source);
    M(m->unspecialized);
    M(m->roots);
    M(m->ambig);
    M(m->external_mt);
}

static void gc_trace_method_instance(jl_method_instance_t *mi)
{
    M(mi->def);
    M(mi->specTypes);
    M(mi->sparam_vals);
    M(mi->uninferred);
    M(mi->backedges);
    M(mi->cache);
}

static void gc_trace_code_instance(jl_code_instance_t *ci)
{
    M(ci->def);
    M(ci->next);
    M(ci->rettype);
    M(ci->rettype_const);
    M(ci->inferred);
}

static void gc_trace_code_info(jl_code_info_t *src)
{
    M(src->code);
    M(src->codelocs);
    M(src->ssavaluetypes);
    M(src->ssaflags);
    M(src->slotnames);
    M(src->slotflags);
    M(src->slottypes);
    M(src->rettype);
    M(src->parent);
    M(src->linetable);
    M(src->edges);
}

static void gc_trace_task(jl_task_t *t)
{
    M(t->exception);
    M(t->excstack);
    M(t->bt);
    M(t->logstate);
}

static void gc_trace_layout(jl_value_t *v, jl_datatype_t *dt)
{
    const jl_datatype_layout_t *ly = dt->layout;
    if (ly == NULL || ly->npointers == 0)
        return;
    uint32_t nf = ly->nfields;
    for (uint32_t i = 0; i < nf; i++) {
        if (ly->fields[i].isptr)
            M(*(jl_value_t **)((char *)v + ly->fields[i].offset));
    }
}

static void gc_trace_generic(jl_value_t *v, jl_datatype_t *dt)
{
    if (dt->name == jl_array_typename && jl_array_typename != NULL)
        gc_trace_array((jl_array_t *)v);
    else
        gc_trace_layout(v, dt);
}

static void gc_trace(jl_value_t *v)
{
    jl_value_t *vt = jl_typeof(v);
    if (vt == NULL)
        return;            /* under construction */
    gc_mark_hot(vt);
    switch (gc_kind_of(vt)) {
    case K_GENERIC: gc_trace_generic(v, (jl_datatype_t *)vt); break;
    case K_SVEC: gc_trace_svec((jl_svec_t *)v); break;
    case K_STRING: break;
    case K_SYMBOL: break;      /* symbols are permanent and reference only symbols */
    case K_DATATYPE: gc_trace_datatype((jl_datatype_t *)v); break;
    case K_TYPENAME: gc_trace_typename((jl_typename_t *)v); break;
    case K_TVAR: M(((jl_tvar_t *)v)->name); M(((jl_tvar_t *)v)->lb); M(((jl_tvar_t *)v)->ub); break;
    case K_UNIONALL: M(((jl_unionall_t *)v)->var); M(((jl_unionall_t *)v)->body); break;
    case K_UNION: M(((jl_uniontype_t *)v)->a); M(((jl_uniontype_t *)v)->b); break;
    case K_VARARG: M(((jl_vararg_t *)v)->T); M(((jl_vararg_t *)v)->N); break;
    case K_MODULE: gc_trace_module((jl_module_t *)v); break;
    case K_BINDING: gc_trace_binding_fields((jl_binding_t *)v); break;
    case K_GLOBALREF:
        M(((jl_globalref_t *)v)->mod); M(((jl_globalref_t *)v)->name); M(((jl_globalref_t *)v)->binding);
        break;
    case K_METHTABLE: gc_trace_methtable((jl_methtable_t *)v); break;
    case K_METHOD: gc_trace_method((jl_method_t *)v); break;
    case K_MI: gc_trace_method_instance((jl_method_instance_t *)v); break;
    case K_CI: gc_trace_code_instance((jl_code_instance_t *)v); break;
    case K_CODEINFO: gc_trace_code_info((jl_code_info_t *)v); break;
    case K_TASK: gc_trace_task((jl_task_t *)v); break;
    case K_EXPR: M(((jl_expr_t *)v)->head); M(((jl_expr_t *)v)->args); break;
    }
}

/* Mark a queued object (if it is not marked yet, nor a free cell) and trace it. */
static inline void gc_visit(jl_value_t *v)
{
    jl_taggedvalue_t *tv = jl_astaggedvalue(v);
    uintptr_t h = tv->header;
    if (h & (GC_MARKED | GC_FREE_BIT))
        return;
    tv->header = h | GC_MARKED;
    gc_trace(v);
}

#define GC_PREFETCH_FIFO 16    /* power of two */

static void gc_drain_mark_stack(void)
{
    jl_value_t *fifo[GC_PREFETCH_FIFO];
    size_t head = 0, n = 0;
    for (;;) {
        while (n < GC_PREFETCH_FIFO && gc_mark_sp > 0) {
            fifo[(head + n) & (GC_PREFETCH_FIFO - 1)] = gc_mark_stack[--gc_mark_sp];
            n++;
        }
        if (n == 0)
            break;
        jl_value_t *v = fifo[head];
        head = (head + 1) & (GC_PREFETCH_FIFO - 1);
        n--;
        if ((uintptr_t)v & GC_SCAN_ELEMENTS)
            gc_scan_array_elements((jl_array_t *)((uintptr_t)v & ~GC_SCAN_ELEMENTS));
        else
            gc_visit(v);
    }
}

/* ---- roots ---- */

static void gc_mark_globals(void)
{
#define GC_MARK_TYPE(n) M(jl_##n);
    JL_TYPES_X(GC_MARK_TYPE)
#undef GC_MARK_TYPE
    M(jl_bottom_type);
    M(jl_type_type_ua);
    M(jl_nothing);
    M(jl_true);
    M(jl_false);
    M(jl_emptysvec);
    M(jl_emptytuple);
    M(jl_an_empty_string);
    M(jl_core_module);
    M(jl_base_module);
    M(jl_main_module);
    M(jl_top_module);
    M(jl_undefref_exception);
    M(jl_diverror_exception);
    M(jl_stackovf_exception);
    M(jl_memory_exception);
    M(jl_array_typename);
    M(jl_tuple_typename);
    M(jl_type_typename);
    M(jl_namedtuple_typename);
    M(jl_pointer_typename);
    M(jl_vecelement_typename);
    M(jl_vararg_any);
}

static void gc_mark_current_task(void)
{
    jl_task_t *t = jl_current_task;
    if (t == NULL)
        return;
    M(t);
    gc_trace_task(t);      /* also when the task struct is not a GC object */
}

static void gc_mark_registered_roots(void)
{
    for (size_t i = 0; i < gc_nroots; i++)
        M(*gc_roots[i]);
    for (size_t i = 0; i < gc_ncallbacks; i++)
        gc_callbacks[i]();
}

#define GC_MAX_TASK_STACK ((uintptr_t)1 << 30)

/* The base (highest address) of the C stack `sp` is on, or 0 if it is not a stack we know. */
static uintptr_t gc_stack_top_for(uintptr_t sp)
{
    if (sp >= gc_main_stack_lo && sp < gc_main_stack_hi)
        return gc_main_stack_hi;
    jl_task_t *t = jl_current_task;
    if (t && t->stack_base && (uintptr_t)t->stack_base > sp && (uintptr_t)t->stack_base - sp < GC_MAX_TASK_STACK)
        return (uintptr_t)t->stack_base;
    if (gc_stack_base > sp && gc_stack_base - sp < GC_MAX_TASK_STACK)
        return gc_stack_base;
    return 0;
}

/* Collecting is only safe on a stack we can scan (not, say, a signal handler's alternate stack). */
__attribute__((noinline)) static int gc_on_known_stack(void)
{
    volatile uintptr_t here = 0;
    return gc_stack_top_for((uintptr_t)&here) != 0;
}

/* Lowest address of the mutator's part of the stack, set by gc_collect_from_entry: the collector's own
 * frames below it (stale values of earlier collections) are not roots. */
static uintptr_t gc_scan_lo;

static void gc_mark_stack_and_registers(void)
{
    uintptr_t top = gc_stack_top_for(gc_scan_lo);
    if (top != 0)
        gc_scan_range_conservative(gc_scan_lo, top);
}

static void gc_trace_perm_objects(void)
{
    for (size_t i = 0; i < gc_nperm; i++)
        gc_trace(gc_perm_objs[i]);
}

static void gc_mark_all_roots(void)
{
    gc_mark_globals();
    gc_trace_perm_objects();
    gc_mark_current_task();
    gc_mark_registered_roots();
    gc_mark_stack_and_registers();
}

/* ---------------------------------------------------------------------------------------------- */
/* Sweeping */

/* vt is an object's type, so a DataType; it may itself be dead, but sweeping leaves its data intact. */
static int gc_is_array_type(jl_value_t *vt)
{
    return vt != NULL && jl_array_typename != NULL && ((jl_datatype_t *)vt)->name == jl_array_typename;
}

/* Free the data buffer of a dead array, if it owns one. */
static void gc_free_array_data(jl_array_t *a, size_t objsz)
{
    char *data = (char *)a->data;
    if (data == NULL || a->shared)
        return;
    if (data >= (char *)a && data < (char *)a + objsz)
        return;            /* inline storage */
    char *block = data - a->offset * (size_t)(a->elsize ? a->elsize : 1);   /* as array.c */
    gc_count_managed(block, -1);
    free(block);
}

static void gc_free_object_resources(jl_value_t *v, uintptr_t header, size_t objsz)
{
    jl_value_t *vt = (jl_value_t *)(header & ~JL_GC_BITS_MASK);
    if (gc_is_array_type(vt))
        gc_free_array_data((jl_array_t *)v, objsz);
}

/* Sweep one pool page: frees dead cells and chains all its free cells (in address order) onto the free
 * list of its class, whose last cell is *tail. Returns the number of live cells; an empty page's cells are
 * not chained (the page is returned to the page pool). */
static size_t gc_sweep_page(size_t idx, gc_cell_t **tail, gc_cell_t **head_of_class, uint64_t *live_bytes)
{
    gc_page_t *pg = &gc_page_table[idx];
    size_t osize = pg->osize, ncells = pg->ncells, nlive = 0, nfreed = 0;
    int may_hold_arrays = osize >= gc_array_min_osize;
    char *cell = (char *)gc_page_addr(idx) + GC_PAGE_DATA_OFFSET;
    gc_cell_t *head = NULL, *last = NULL;
    for (size_t i = 0; i < ncells; i++, cell += osize) {
        gc_cell_t *c = (gc_cell_t *)cell;
        uintptr_t h = c->header;
        if (h & GC_MARKED) {
            c->header = h & ~GC_MARKED;
            nlive++;
            continue;
        }
        if (!(h & GC_FREE_BIT)) {
            if (may_hold_arrays)
                gc_free_object_resources(jl_valueof(c), h, osize - sizeof(jl_taggedvalue_t));
            nfreed++;
        }
        if (last)
            gc_cell_link(last, c);
        else
            head = c;
        last = c;
    }
    gc_nfreed += nfreed;
    if (nlive == 0)
        return 0;
    *live_bytes += nlive * osize;
    if (head) {
        gc_cell_link(last, NULL);
        if (*tail)
            gc_cell_link(*tail, head);
        else
            *head_of_class = head;
        *tail = last;
    }
    return nlive;
}

static void gc_sweep_pools(uint64_t *live_bytes)
{
    gc_cell_t *tails[GC_NCLASSES_MAX];
    for (int k = 0; k < gc_nclasses; k++) {
        gc_pools[k].freelist = NULL;
        tails[k] = NULL;
    }
    for (size_t idx = 0; idx < gc_region_used; idx++) {
        gc_page_t *pg = &gc_page_table[idx];
        if (pg->kind != PAGE_POOL)
            continue;
        if (gc_sweep_page(idx, &tails[pg->klass], &gc_pools[pg->klass].freelist, live_bytes) == 0)
            gc_push_free_page(idx);
    }
}

static void gc_sweep_big(uint64_t *live_bytes)
{
    gc_bigobj_t **pb = &gc_big_list;
    size_t before = gc_big_count;
    while (*pb) {
        gc_bigobj_t *b = *pb;
        uintptr_t h = b->tag.header;
        if (h & GC_MARKED) {
            b->tag.header = h & ~GC_MARKED;
            *live_bytes += b->allocsz;
            pb = &b->next;
            continue;
        }
        *pb = b->next;
        gc_free_object_resources(jl_valueof(&b->tag), h, b->sz);
        free(b);
        gc_big_count--;
        gc_nfreed++;
    }
    if (gc_big_count != before) {
        size_t cap = 256;
        while (cap < 2 * gc_big_count)
            cap *= 2;
        gc_big_set_rebuild(cap);
    }
}

static int gc_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Give free pages beyond what the next cycle will allocate back to the OS (they stay reserved). */
static void gc_release_free_pages(void)
{
    size_t keep = gc_interval / GC_PAGE_SZ + 64;
    if (gc_nfree_pages <= keep)
        return;
    qsort(gc_free_pages, gc_nfree_pages, sizeof(uint32_t), gc_cmp_u32);
    /* keep the lowest pages (allocation reuses them first: the stack pops from the end, so reverse) */
    size_t i = keep;
    while (i < gc_nfree_pages) {
        size_t j = i;
        while (j < gc_nfree_pages && !gc_page_table[gc_free_pages[j]].dirty)
            j++;
        i = j;
        if (i >= gc_nfree_pages)
            break;
        while (j + 1 < gc_nfree_pages && gc_free_pages[j + 1] == gc_free_pages[j] + 1 &&
               gc_page_table[gc_free_pages[j + 1]].dirty)
            j++;
        madvise((void *)gc_page_addr(gc_free_pages[i]), (size_t)(gc_free_pages[j] - gc_free_pages[i] + 1)
                << GC_PAGE_LG2, MADV_DONTNEED);
        for (size_t k = i; k <= j; k++)
            gc_page_table[gc_free_pages[k]].dirty = 0;
        i = j + 1;
    }
    /* reverse so that the kept (low) pages are popped first */
    for (size_t a = 0, b = gc_nfree_pages - 1; a < b; a++, b--) {
        uint32_t t = gc_free_pages[a];
        gc_free_pages[a] = gc_free_pages[b];
        gc_free_pages[b] = t;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Collection */

static void gc_update_interval(uint64_t live_bytes)
{
    uint64_t live = live_bytes + (gc_managed_live > 0 ? (uint64_t)gc_managed_live : 0);
    gc_live_bytes = live;
    gc_interval = 2 * live > JL_GC_INITIAL_INTERVAL ? (size_t)(2 * live) : JL_GC_INITIAL_INTERVAL;
}

__attribute__((noinline)) static void gc_collect_now(void);

/* Entry of every collection. __builtin_unwind_init makes this function save all callee-saved registers in
 * its frame, so the callers' values held in registers are on the stack above `regs` (the jmp_buf is a
 * second copy); the scan starts at `regs`. */
__attribute__((noinline)) static void gc_collect_from_entry(void)
{
    jmp_buf regs;
    __builtin_unwind_init();
    setjmp(regs);
    gc_scan_lo = (uintptr_t)&regs;
    gc_collect_now();
    __asm__ volatile("" : : "r"(&regs) : "memory");
}

__attribute__((noinline)) static void gc_collect_now(void)
{
    uint64_t t0 = gc_now_ns();
    gc_running = 1;
    gc_build_kind_table();
    gc_build_big_ranges();
    gc_mark_all_roots();
    gc_drain_mark_stack();
    uint64_t live_bytes = 0;
    gc_sweep_pools(&live_bytes);
    gc_sweep_big(&live_bytes);
    gc_update_interval(live_bytes);
    gc_release_free_pages();
    gc_allocd_before += gc_allocd;
    gc_allocd = 0;
    gc_trigger = gc_stress ? 0 : gc_interval;
    gc_ncollections++;
    gc_running = 0;
    gc_time_ns += gc_now_ns() - t0;
}

JL_DLLEXPORT void jl_gc_collect(int full)
{
    (void)full;            /* every collection is full */
    if (!gc_inited)
        gc_init_once();
    if (!gc_enabled || gc_running || !gc_on_known_stack())
        return;
    gc_collect_from_entry();
}

JL_DLLEXPORT void jl_gc_enable(int on)
{
    gc_enabled = on != 0;
}

JL_DLLEXPORT int jl_gc_is_enabled(void)
{
    return gc_enabled;
}

void jl_gc_set_stress(int on)
{
    gc_stress = on != 0;
    gc_trigger = gc_stress ? 0 : gc_allocd + gc_interval;
}

/* ---------------------------------------------------------------------------------------------- */
/* Roots */

JL_DLLEXPORT void jl_gc_add_root(jl_value_t **slot)
{
    if (gc_nroots == gc_roots_cap) {
        gc_roots_cap = gc_roots_cap ? 2 * gc_roots_cap : 64;
        gc_roots = (jl_value_t ***)gc_xrealloc(gc_roots, gc_roots_cap * sizeof(*gc_roots));
    }
    gc_roots[gc_nroots++] = slot;
}

void jl_gc_add_mark_callback(jl_gc_mark_cb_t cb)
{
    if (gc_ncallbacks == gc_callbacks_cap) {
        gc_callbacks_cap = gc_callbacks_cap ? 2 * gc_callbacks_cap : 16;
        gc_callbacks = (jl_gc_mark_cb_t *)gc_xrealloc(gc_callbacks, gc_callbacks_cap * sizeof(*gc_callbacks));
    }
    gc_callbacks[gc_ncallbacks++] = cb;
}

/* ---------------------------------------------------------------------------------------------- */
/* Queries, statistics, initialization */

int jl_gc_is_heap_object(void *ptr)
{
    uintptr_t p = (uintptr_t)ptr;
    if (!gc_inited || p == 0 || (p & 15) != 0)
        return 0;
    if (gc_in_region(p)) {
        gc_page_t *pg = gc_page_of(p);
        if (pg->kind != PAGE_POOL)
            return 0;
        gc_cell_t *c = gc_cell_containing(pg, p);
        return c && jl_valueof(c) == (jl_value_t *)ptr && !gc_cell_is_free(c);
    }
    return gc_is_big(p);
}

size_t jl_gc_total_bytes(void)
{
    return (size_t)(gc_allocd_before + gc_allocd);
}

size_t jl_gc_num_collections(void)
{
    return (size_t)gc_ncollections;
}

void jl_gc_stats(jl_gc_stats_t *st)
{
    st->total_allocd = gc_allocd_before + gc_allocd;
    st->num_allocs = gc_nallocs;
    st->num_mallocs = gc_nmallocs;
    st->num_freed = gc_nfreed;
    st->num_collections = gc_ncollections;
    st->total_time_ns = gc_time_ns;
    st->live_bytes = gc_live_bytes;
    size_t big = 0;
    for (gc_bigobj_t *b = gc_big_list; b; b = b->next)
        big += b->allocsz;
    st->heap_size = (uint64_t)(gc_region_used - gc_nfree_pages) * GC_PAGE_SZ + big;
}

JL_DLLEXPORT uint64_t jl_gc_total_hrtime(void)
{
    return gc_time_ns;
}

JL_DLLEXPORT int64_t jl_gc_live_bytes(void)
{
    return (int64_t)gc_live_bytes;
}

JL_DLLEXPORT uint64_t jl_gc_num_allocs(void)
{
    return gc_nallocs + gc_nmallocs;
}

static void gc_find_main_stack(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        gc_main_stack_lo = (uintptr_t)addr;
        gc_main_stack_hi = (uintptr_t)addr + size;
    }
    pthread_attr_destroy(&attr);
}

static void gc_init_once(void)
{
    if (gc_inited)
        return;
    gc_inited = 1;
    gc_init_size_classes();
    gc_reserve_region();
    gc_find_main_stack();
    gc_big_set_rebuild(256);
    const char *stress = getenv("JULIA_GC_STRESS");
    if (stress && stress[0] == '1')
        gc_stress = 1;
    gc_trigger = gc_stress ? 0 : gc_interval;
}

void jl_gc_init(void)
{
    gc_init_once();
}

void jl_gc_set_stack_base(void *base)
{
    gc_stack_base = (uintptr_t)base;
    if (!gc_inited)
        gc_init_once();
}
