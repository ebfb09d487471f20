/* test_gc_runtime.c: the garbage collector inside the whole runtime (after jl_init): real types, arrays,
 * svecs, Exprs, module bindings, GC stress mode, and bounded memory for 10^7 short-lived boxes.
 * Linked against every runtime object except the one defining main(). Prints "N passed, N failed". */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define RSS_CHECKS 0
#else
#define RSS_CHECKS 1
#endif

static int npassed, nfailed;
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) npassed++;                                                            \
        else { nfailed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static size_t status_kb(const char *field)
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

#define BIG 1000000007LL   /* boxes above the small-int cache */

__attribute__((noinline)) static void make_garbage(size_t n)
{
    jl_array_t *a = jl_alloc_vec_any(0);
    for (size_t i = 0; i < n; i++) {
        if (i % 1000 == 0)
            a = jl_alloc_vec_any(0);
        jl_array_ptr_1d_push(a, jl_box_int64(BIG + (int64_t)i));
    }
}

static int vec_of_boxes_ok(jl_array_t *a, size_t n, int64_t base)
{
    if (!jl_is_array(a) || jl_array_len(a) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        jl_value_t *v = jl_array_ptr_ref(a, i);
        if (!jl_is_int64(v) || jl_unbox_int64(v) != base + (int64_t)i)
            return 0;
    }
    return 1;
}

__attribute__((noinline)) static jl_array_t *make_vec(size_t n, int64_t base)
{
    jl_array_t *a = jl_alloc_vec_any(0);
    for (size_t i = 0; i < n; i++)
        jl_array_ptr_1d_push(a, jl_box_int64(base + (int64_t)i));
    return a;
}

static jl_value_t *rooted;

static void test_core_survives(void)
{
    collect_clean();
    collect_clean();
    CHECK(jl_is_datatype(jl_int64_type));
    CHECK(jl_typeof(jl_datatype_type) == (jl_value_t *)jl_datatype_type);
    CHECK(jl_is_module(jl_core_module) && jl_is_module(jl_main_module));
    CHECK(jl_get_global(jl_core_module, jl_symbol("Int64")) == (jl_value_t *)jl_int64_type);
    CHECK(jl_unbox_int64(jl_box_int64(BIG)) == BIG);
    CHECK(jl_is_array(jl_current_task->excstack));
}

__attribute__((noinline)) static void set_up_roots(void)
{
    jl_gc_add_root(&rooted);
    rooted = (jl_value_t *)make_vec(5000, 1 * BIG);
    jl_set_global(jl_main_module, jl_symbol("gc_test_keep"), (jl_value_t *)make_vec(3000, 2 * BIG));
    jl_svec_t *sv = jl_svec2(make_vec(10, 4 * BIG), jl_cstr_to_string("kept string"));
    jl_expr_t *ex = jl_exprn(jl_call_sym, 0);
    jl_expr_push(ex, (jl_value_t *)sv);
    jl_set_global(jl_main_module, jl_symbol("gc_test_expr"), (jl_value_t *)ex);
}

__attribute__((noinline)) static void check_roots(jl_array_t *local)
{
    CHECK(vec_of_boxes_ok((jl_array_t *)rooted, 5000, BIG));
    CHECK(vec_of_boxes_ok((jl_array_t *)jl_get_global(jl_main_module, jl_symbol("gc_test_keep")), 3000, 2 * BIG));
    CHECK(vec_of_boxes_ok(local, 2000, 3 * BIG));
    jl_expr_t *ex = (jl_expr_t *)jl_get_global(jl_main_module, jl_symbol("gc_test_expr"));
    CHECK(jl_is_expr(ex) && ex->head == jl_call_sym && jl_expr_nargs(ex) == 1);
    jl_svec_t *sv = (jl_svec_t *)jl_exprarg(ex, 0);
    CHECK(jl_is_svec(sv) && vec_of_boxes_ok((jl_array_t *)jl_svecref(sv, 0), 10, 4 * BIG));
    jl_value_t *s = jl_svecref(sv, 1);
    CHECK(jl_is_string(s) && strcmp(jl_string_data(s), "kept string") == 0);
}

__attribute__((noinline)) static void drop_roots(void)
{
    rooted = NULL;
    jl_set_global(jl_main_module, jl_symbol("gc_test_keep"), jl_nothing);
}

static void test_roots(void)
{
    set_up_roots();
    volatile jl_array_t *local = make_vec(2000, 3 * BIG);
    collect_clean();
    make_garbage(200000);
    uint64_t f0 = freed_count();
    collect_clean();
    CHECK(freed_count() - f0 >= 190000);
    check_roots((jl_array_t *)local);
    drop_roots();
    local = NULL;
    f0 = freed_count();
    collect_clean();
    /* the two dropped vectors (8000 boxes); copies of `local` may remain in this frame */
    CHECK(freed_count() - f0 >= 8000);
}

static void test_stress_mode(void)
{
    jl_gc_stats_t st0, st1;
    jl_gc_stats(&st0);
    jl_gc_set_stress(1);
    rooted = (jl_value_t *)make_vec(300, 5 * BIG);
    jl_value_t *str = jl_cstr_to_string("stress");
    jl_array_t *b = jl_alloc_array_1d(jl_apply_array_type((jl_value_t *)jl_uint8_type, 1), 100);
    jl_gc_set_stress(0);
    jl_gc_stats(&st1);
    CHECK(st1.num_collections - st0.num_collections >= 300);
    CHECK(vec_of_boxes_ok((jl_array_t *)rooted, 300, 5 * BIG));
    CHECK(jl_is_string(str) && strcmp(jl_string_data(str), "stress") == 0);
    CHECK(jl_is_array(b) && jl_array_len(b) == 100);
    rooted = NULL;
}

static void test_boxes_bounded(void)
{
    jl_gc_stats_t st0, st1;
    jl_gc_stats(&st0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t sum = 0;
    for (int64_t i = 0; i < 10000000; i++)
        sum += jl_unbox_int64(jl_box_int64(BIG + i)) - BIG;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    jl_gc_stats(&st1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("  10^7 jl_box_int64: %.1f ns each, %llu collections, %.1f ms GC, live %.2f MB, peak RSS %zu MB\n",
           secs * 1e2, (unsigned long long)(st1.num_collections - st0.num_collections),
           (double)(st1.total_time_ns - st0.total_time_ns) / 1e6, (double)st1.live_bytes / 1e6,
           status_kb("VmHWM:") / 1024);
    CHECK(sum == (int64_t)10000000 * 9999999 / 2);
    CHECK(st1.num_collections > st0.num_collections);
    CHECK(!RSS_CHECKS || status_kb("VmHWM:") < 200 * 1024);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    jl_init();
    jl_gc_enable(1);
    test_core_survives();
    test_roots();
    test_stress_mode();
    test_boxes_bounded();
    printf("test_gc_runtime: %d passed, %d failed\n", npassed, nfailed);
    return nfailed != 0;
}
