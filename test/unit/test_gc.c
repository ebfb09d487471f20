/* test_gc.c: unit tests of the garbage collector (src/gc.c), linked against gc.o alone.
 * It defines the globals gc.c reads (types, modules, the current task) with hand-made fake types, so it
 * does not depend on the rest of the runtime. Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define RSS_CHECKS 0   /* ASan's quarantine keeps freed memory resident */
#else
#define RSS_CHECKS 1
#endif

/* ---- the globals gc.c reads, normally defined by jltypes.c, task.c, ... ---- */
#define DEFINE_TYPE(n) jl_datatype_t *jl_##n;
JL_TYPES_X(DEFINE_TYPE)
#undef DEFINE_TYPE
jl_value_t *jl_bottom_type, *jl_nothing, *jl_true, *jl_false, *jl_emptytuple, *jl_an_empty_string;
jl_unionall_t *jl_type_type_ua;
jl_svec_t *jl_emptysvec;
jl_module_t *jl_core_module, *jl_base_module, *jl_main_module, *jl_top_module;
jl_value_t *jl_undefref_exception, *jl_diverror_exception, *jl_stackovf_exception, *jl_memory_exception;
jl_typename_t *jl_array_typename, *jl_tuple_typename, *jl_type_typename, *jl_namedtuple_typename,
    *jl_pointer_typename, *jl_vecelement_typename;
jl_value_t *jl_vararg_any;
jl_task_t *jl_current_task;

void jl_fatal_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void jl_throw(jl_value_t *e)
{
    (void)e;
    jl_fatal_error("jl_throw called in test_gc");
}

/* module.c stand-in: one module's bindings live in a C array */
static jl_module_t *test_mod;
static jl_binding_t test_bindings[4];
void jl_module_foreach_binding(jl_module_t *m, jl_binding_visit_t f, void *ctx)
{
    if (m != test_mod)
        return;
    for (int i = 0; i < 4; i++)
        f(&test_bindings[i], ctx);
}

/* ---- test scaffolding ---- */
static int npassed, nfailed;
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) npassed++;                                                            \
        else { nfailed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

typedef struct {       /* the test struct type Box(next::Any, val::Int64, other::Any) */
    jl_value_t *next;
    int64_t val;
    jl_value_t *other;
} box_t;

static jl_datatype_t *box_type, *int_type;
static jl_value_t *array_any_type, *array_u8_type;

static jl_datatype_t *make_type(const char *name, size_t nptrfields, size_t nfields, const int *isptr,
                                size_t size, int perm)
{
    jl_datatype_t *dt = perm ? (jl_datatype_t *)jl_gc_perm_alloc(sizeof(jl_datatype_t), (jl_value_t *)jl_datatype_type)
                             : (jl_datatype_t *)jl_gc_alloc(sizeof(jl_datatype_t), (jl_value_t *)jl_datatype_type);
    jl_datatype_layout_t *ly = calloc(1, sizeof(jl_datatype_layout_t) + nfields * sizeof(jl_fielddesc_t));
    ly->size = (uint32_t)size;
    ly->nfields = (uint32_t)nfields;
    ly->npointers = (uint32_t)nptrfields;
    for (size_t i = 0; i < nfields; i++) {
        ly->fields[i].offset = (uint32_t)(i * 8);
        ly->fields[i].size = 8;
        ly->fields[i].isptr = (uint8_t)isptr[i];
    }
    dt->layout = ly;
    dt->size = (int32_t)size;
    dt->isconcretetype = 1;
    (void)name;
    return dt;
}

static void make_types(void)
{
    jl_datatype_type = (jl_datatype_t *)jl_gc_perm_alloc(sizeof(jl_datatype_t), NULL);
    jl_set_typeof(jl_datatype_type, jl_datatype_type);
    jl_typename_type = make_type("TypeName", 0, 0, NULL, sizeof(jl_typename_t), 1);
    jl_simplevector_type = make_type("SimpleVector", 0, 0, NULL, 0, 1);
    jl_string_type = make_type("String", 0, 0, NULL, 0, 1);
    jl_module_type = make_type("Module", 0, 0, NULL, sizeof(jl_module_t), 1);
    int_type = make_type("Int64", 0, 1, (int[]){0}, 8, 1);
    box_type = make_type("Box", 2, 3, (int[]){1, 0, 1}, sizeof(box_t), 1);
    jl_array_typename = (jl_typename_t *)jl_gc_perm_alloc(sizeof(jl_typename_t), (jl_value_t *)jl_typename_type);
    jl_datatype_t *a1 = make_type("Array{Any,1}", 0, 0, NULL, 0, 1);
    a1->name = jl_array_typename;
    array_any_type = (jl_value_t *)a1;
    jl_datatype_t *a2 = make_type("Array{UInt8,1}", 0, 0, NULL, 0, 1);
    a2->name = jl_array_typename;
    array_u8_type = (jl_value_t *)a2;
}

static box_t *new_box(int64_t val, jl_value_t *next)
{
    box_t *b = (box_t *)jl_gc_alloc(sizeof(box_t), (jl_value_t *)box_type);
    b->val = val;
    b->next = next;
    return b;
}

static jl_array_t *new_array(jl_value_t *atype, size_t n, size_t elsize, int ptrarray)
{
    jl_array_t *a = (jl_array_t *)jl_gc_alloc(sizeof(jl_array_t) + sizeof(size_t), atype);
    a->data = jl_gc_managed_malloc(n * elsize);
    memset(a->data, 0, n * elsize);
    a->length = n;
    a->ndims = 1;
    a->elsize = (uint16_t)elsize;
    a->ptrarray = (uint8_t)ptrarray;
    a->maxsize = n;
    a->dims[0] = n;
    return a;
}

static size_t rss_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kb = 0, n = strlen(field);
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0)
            kb = (size_t)strtoull(line + n + 1, NULL, 10);
    }
    fclose(f);
    return kb;
}

/* Overwrite the dead part of the stack below the caller so stale pointers don't retain garbage. */
__attribute__((noinline)) static void clear_stack(void)
{
    volatile uintptr_t buf[8192];     /* volatile stores: a memset here would be optimized away */
    for (size_t i = 0; i < sizeof buf / sizeof buf[0]; i++)
        buf[i] = 0;
}

__attribute__((noinline)) static void collect_clean(void)
{
    clear_stack();
    jl_gc_collect(1);
}

static uint64_t freed_count(void)
{
    jl_gc_stats_t st;
    jl_gc_stats(&st);
    return st.num_freed;
}

__attribute__((noinline)) static void make_garbage(size_t n)
{
    jl_value_t *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        box_t *b = new_box((int64_t)i, (i % 10) ? prev : NULL);
        prev = (jl_value_t *)b;
    }
}

/* ---- tests ---- */

static void test_alloc_shapes(void)
{
    static const size_t sizes[] = {0, 1, 8, 15, 16, 17, 100, 248, 500, 1000, 2032, 2040, 2041, 4096, 100000};
    int ok_align = 1, ok_zero = 1, ok_type = 1, ok_heap = 1;
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        for (int rep = 0; rep < 50; rep++) {
            size_t sz = sizes[k];
            char *v = (char *)jl_gc_alloc(sz, (jl_value_t *)int_type);
            if ((uintptr_t)v & 15)
                ok_align = 0;
            for (size_t i = 0; i < sz; i++)
                if (v[i] != 0)
                    ok_zero = 0;
            memset(v, 0xAB, sz);
            if (jl_typeof(v) != (jl_value_t *)int_type)
                ok_type = 0;
            if (!jl_gc_is_heap_object(v))
                ok_heap = 0;
        }
    }
    CHECK(ok_align);
    CHECK(ok_zero);
    CHECK(ok_type);
    CHECK(ok_heap);
    void *p = jl_gc_perm_alloc(40, (jl_value_t *)int_type);
    CHECK(((uintptr_t)p & 15) == 0);
    CHECK(!jl_gc_is_heap_object(p));
    CHECK(jl_typeof(p) == (jl_value_t *)int_type);
}

static jl_value_t *root_slot;
static jl_value_t *cb_held;
static void test_mark_cb(void) { jl_gc_mark_value(cb_held); }

static int list_ok(jl_value_t *head, int64_t n)
{
    int64_t expect = n - 1;
    for (box_t *b = (box_t *)head; b; b = (box_t *)b->next, expect--) {
        if (jl_typeof(b) != (jl_value_t *)box_type || b->val != expect || !jl_gc_is_heap_object(b))
            return 0;
    }
    return expect == -1;
}

__attribute__((noinline)) static jl_value_t *make_list(int64_t n)
{
    jl_value_t *head = NULL;
    for (int64_t i = 0; i < n; i++)
        head = (jl_value_t *)new_box(i, head);
    return head;
}

/* in its own frame, so no stale copies of these pointers stay in test_roots' frame */
__attribute__((noinline)) static void set_up_roots(void)
{
    jl_gc_add_root(&root_slot);
    jl_gc_add_mark_callback(test_mark_cb);
    root_slot = make_list(1000);
    cb_held = make_list(500);
    test_bindings[0].value = make_list(300);
    jl_task_t *t = calloc(1, sizeof(jl_task_t));
    t->exception = make_list(50);
    jl_current_task = t;
}

static void test_roots(void)
{
    set_up_roots();
    jl_task_t *t = jl_current_task;
    volatile jl_value_t *on_stack = make_list(200);
    collect_clean();          /* flush earlier tests' garbage */
    make_garbage(100000);
    uint64_t f0 = freed_count();
    collect_clean();
    uint64_t freed = freed_count() - f0;
    CHECK(freed >= 99000);        /* the rest is freed (a little may be retained conservatively) */
    CHECK(freed <= 100000);
    CHECK(list_ok(root_slot, 1000));
    CHECK(list_ok(cb_held, 500));
    CHECK(list_ok(test_bindings[0].value, 300));
    CHECK(list_ok((jl_value_t *)on_stack, 200));
    CHECK(list_ok(t->exception, 50));
    /* dropping roots frees them */
    root_slot = NULL;
    cb_held = NULL;
    test_bindings[0].value = NULL;
    t->exception = NULL;
    on_stack = NULL;
    f0 = freed_count();
    collect_clean();
    uint64_t nfreed_dropped = freed_count() - f0;
    if (nfreed_dropped < 1850)
        fprintf(stderr, "  freed only %llu\n", (unsigned long long)nfreed_dropped);
    CHECK(nfreed_dropped >= 1850);   /* all but (maybe) copies of on_stack left in this frame */
    jl_current_task = NULL;
    free(t);
}

__attribute__((noinline)) static uintptr_t make_interior_targets(uintptr_t *big_mid)
{
    box_t *b = new_box(77, NULL);
    char *s = (char *)jl_gc_alloc(50000, (jl_value_t *)jl_string_type);
    memset(s, 'x', 50000);
    *big_mid = (uintptr_t)(s + 25000);
    return (uintptr_t)&b->val;
}

static void test_interior_pointers(void)
{
    uintptr_t big_mid;
    volatile uintptr_t box_mid = make_interior_targets(&big_mid);
    volatile uintptr_t big_mid_v = big_mid;
    collect_clean();
    box_t *b = (box_t *)(box_mid - offsetof(box_t, val));
    CHECK(jl_gc_is_heap_object(b) && b->val == 77);
    char *s = (char *)(big_mid_v - 25000);
    CHECK(jl_gc_is_heap_object(s) && s[0] == 'x' && s[49999] == 'x');
}

__attribute__((noinline)) static jl_value_t *make_type_only_held_by_instance(jl_value_t **inst)
{
    jl_datatype_t *dt = make_type("Tmp", 1, 1, (int[]){1}, 8, 0);
    jl_value_t *v = jl_gc_alloc(8, (jl_value_t *)dt);
    *(jl_value_t **)v = (jl_value_t *)new_box(5, NULL);
    *inst = v;
    return NULL;
}

static jl_value_t *held_inst;
static void test_types_and_containers(void)
{
    jl_gc_add_root(&held_inst);
    make_type_only_held_by_instance(&held_inst);
    /* an svec and a ptr array hold lists; an array of bytes; a struct's `other` field */
    jl_svec_t *sv = (jl_svec_t *)jl_gc_alloc(sizeof(jl_svec_t) + 3 * sizeof(void *), (jl_value_t *)jl_simplevector_type);
    sv->length = 3;
    jl_svecset(sv, 0, make_list(10));
    jl_svecset(sv, 2, make_list(20));
    jl_array_t *a = new_array(array_any_type, 1000, sizeof(void *), 1);
    for (size_t i = 0; i < 1000; i += 3)
        jl_array_ptr_set(a, i, new_box((int64_t)i, NULL));
    box_t *holder = new_box(-1, (jl_value_t *)sv);
    holder->other = (jl_value_t *)a;
    root_slot = (jl_value_t *)holder;
    sv = NULL;
    a = NULL;
    holder = NULL;
    make_garbage(50000);
    collect_clean();
    jl_value_t *t = jl_typeof(held_inst);
    CHECK(jl_gc_is_heap_object(t));
    CHECK(((box_t *)*(jl_value_t **)held_inst)->val == 5);
    holder = (box_t *)root_slot;
    sv = (jl_svec_t *)holder->next;
    a = (jl_array_t *)holder->other;
    CHECK(list_ok(jl_svecref(sv, 0), 10) && jl_svecref(sv, 1) == NULL && list_ok(jl_svecref(sv, 2), 20));
    int arr_ok = 1;
    for (size_t i = 0; i < 1000; i++) {
        box_t *e = (box_t *)jl_array_ptr_ref(a, i);
        if ((i % 3 == 0) != (e != NULL) || (e && (e->val != (int64_t)i || !jl_gc_is_heap_object(e))))
            arr_ok = 0;
    }
    CHECK(arr_ok);
    root_slot = NULL;
    held_inst = NULL;
}

/* Module bindings: values reachable only through a module's bindings survive. */
static void make_module(void)
{
    test_mod = (jl_module_t *)jl_gc_alloc(sizeof(jl_module_t), (jl_value_t *)jl_module_type);
    test_mod->bindings = (jl_bindtable_t *)test_bindings;
    jl_main_module = test_mod;
}

static void test_module_bindings(void)
{
    test_bindings[1].value = make_list(64);
    test_bindings[2].ty = make_list(3);
    make_garbage(20000);
    collect_clean();
    CHECK(jl_gc_is_heap_object(test_mod));
    CHECK(list_ok(test_bindings[1].value, 64));
    CHECK(list_ok(test_bindings[2].ty, 3));
    test_bindings[1].value = NULL;
    test_bindings[2].ty = NULL;
}

/* Array data buffers are freed with their arrays; big objects are freed: RSS stays bounded. */
static void test_buffers_freed(void)
{
    size_t before = rss_kb("VmRSS:");
    for (int i = 0; i < 20000; i++) {
        jl_array_t *a = new_array(array_u8_type, 64 * 1024, 1, 0);
        ((char *)a->data)[100] = 1;
        char *s = (char *)jl_gc_alloc(20000 + i, (jl_value_t *)jl_string_type);
        s[5] = 1;
    }
    collect_clean();
    size_t after = rss_kb("VmRSS:");
    /* 20000 * 84 KB = 1.6 GB allocated in total */
    CHECK(!RSS_CHECKS || after < before + 150 * 1024);
    jl_gc_stats_t st;
    jl_gc_stats(&st);
    CHECK(st.heap_size < 64u * 1024 * 1024);
}

/* 10^7 short-lived boxes: memory stays bounded, allocation is fast. */
static void test_alloc_stress(void)
{
    jl_gc_stats_t st0, st1;
    jl_gc_stats(&st0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t sum = 0;
    for (int64_t i = 0; i < 10000000; i++) {
        jl_value_t *v = jl_gc_alloc(8, (jl_value_t *)int_type);
        *(int64_t *)v = i;
        sum += *(volatile int64_t *)v;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    jl_gc_stats(&st1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    size_t hwm = rss_kb("VmHWM:");
    printf("  10^7 boxes: %.1f ns/alloc (GC %.1f ms in %llu collections), peak RSS %zu MB\n",
           secs * 1e9 / 1e7, (double)(st1.total_time_ns - st0.total_time_ns) / 1e6,
           (unsigned long long)(st1.num_collections - st0.num_collections), hwm / 1024);
    CHECK(sum == (int64_t)10000000 * 9999999 / 2);
    CHECK(st1.num_collections - st0.num_collections >= 5);
    CHECK(st1.num_allocs - st0.num_allocs >= 10000000);
    CHECK(st1.total_allocd - st0.total_allocd >= 160000000);
    CHECK(!RSS_CHECKS || hwm < 200 * 1024);
}

/* Collect at every allocation while building structures; everything reachable stays intact. */
static void test_gc_stress_mode(void)
{
    jl_gc_stats_t st0, st1;
    jl_gc_stats(&st0);
    jl_gc_set_stress(1);
    root_slot = make_list(2000);
    jl_array_t *a = new_array(array_any_type, 100, sizeof(void *), 1);
    for (size_t i = 0; i < 100; i++)
        jl_array_ptr_set(a, i, make_list(5));
    jl_gc_set_stress(0);
    jl_gc_stats(&st1);
    CHECK(st1.num_collections - st0.num_collections >= 2500);
    CHECK(list_ok(root_slot, 2000));
    int ok = 1;
    for (size_t i = 0; i < 100; i++)
        ok &= list_ok(jl_array_ptr_ref(a, i), 5);
    CHECK(ok);
    root_slot = NULL;
}

static void test_disable(void)
{
    jl_gc_enable(0);
    uint64_t n0 = jl_gc_num_collections();
    make_garbage(3000000);   /* 96 MB, more than the interval */
    jl_gc_collect(1);
    CHECK(jl_gc_num_collections() == n0);
    CHECK(!jl_gc_is_enabled());
    jl_gc_enable(1);
    collect_clean();
    CHECK(jl_gc_num_collections() == n0 + 1);
}

int main(void)
{
    int base;
    jl_gc_init();
    jl_gc_set_stack_base(&base);
    make_types();
    make_module();
    jl_gc_enable(1);
    test_alloc_shapes();
    test_roots();
    test_interior_pointers();
    test_types_and_containers();
    test_module_bindings();
    test_disable();
    test_buffers_freed();
    test_gc_stress_mode();
    test_alloc_stress();
    printf("test_gc: %d passed, %d failed\n", npassed, nfailed);
    return nfailed != 0;
}
