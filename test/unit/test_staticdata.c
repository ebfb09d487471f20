/* test_staticdata.c: package images (staticdata.c) inside the whole runtime with the real Base.
 *
 * The driver (no arguments) runs three processes of itself:
 *   save DIR     defines a package module from Julia source (types, parametric and recursive structs,
 *                methods on Base functions, constants, a submodule, closures, keyword arguments), runs it
 *                so code is inferred and compiled, records the expected results, saves DIR/Pkg1.ji, and
 *                writes damaged copies of it (truncated, bytes flipped, random bytes, other version...);
 *   load DIR     restores DIR/Pkg1.ji in a fresh process, calls the package's functions and compares with
 *                the results recorded by `save`; then checks that each damaged copy is rejected with a
 *                one-line "cannot load package image" ErrorException and that the process still works;
 *   native DIR   links a hand-written .so (jl_image_header / jl_fvars / jl_gvars) to an image whose native
 *                CodeInstances were marked in the first process, and checks invoke comes from the .so.
 * Prints "N passed, N failed" and exits non-zero on failure. */
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <time.h>

static int npassed, nfailed;
#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) npassed++;                                                                 \
        else { nfailed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static const char *pkg_source =
    "module Pkg1\n"
    "export Shape, Circle, Square, area, Point, norm2, fib, greet, Node, listsum\n"
    "abstract type Shape end\n"
    "struct Circle <: Shape\n    r::Float64\nend\n"
    "struct Square <: Shape\n    s::Float64\nend\n"
    "area(c::Circle) = 3.0 * c.r * c.r\n"
    "area(s::Square) = s.s * s.s\n"
    "function total_area(v::Vector{Shape})\n    t = 0.0\n    for s in v\n        t += area(s)\n    end\n    t\nend\n"
    "struct Point{T<:Real}\n    x::T\n    y::T\nend\n"
    "norm2(p::Point) = p.x * p.x + p.y * p.y\n"
    "fib(n::Int) = n < 2 ? n : fib(n - 1) + fib(n - 2)\n"
    "const GREETING = \"hello\"\n"
    "greet(name) = string(GREETING, \", \", name)\n"
    "mutable struct Counter\n    n::Int\nend\n"
    "const COUNTER = Counter(0)\n"
    "bump!() = (COUNTER.n += 1)\n"
    "mutable struct Node\n    val::Int\n    next::Union{Node, Nothing}\nend\n"
    "listsum(::Nothing) = 0\n"
    "listsum(n::Node) = n.val + listsum(n.next)\n"
    "Base.show(io::IO, p::Point) = print(io, \"P(\", p.x, \", \", p.y, \")\")\n"
    "Base.:+(a::Point, b::Point) = Point(a.x + b.x, a.y + b.y)\n"
    "const TABLE = [10, 20, 30]\n"
    "const NAMES = (:alpha, :beta)\n"
    "const SHAPES = Shape[Circle(1.0), Square(2.0)]\n"
    "const FIRST = Node(1, Node(2, Node(3, nothing)))\n"
    "primitive type Bits16 16 end\n"
    "kw(x; scale = 2) = x * scale\n"
    "adder(a) = x -> x + a\n"
    "module Inner\n    import ..Pkg1: fib\n    twice(x) = 2x\n    fib2(n) = fib(n) + 1\nend\n"
    "const INITS = Counter(0)\n"
    "function __init__()\n    INITS.n += 1\nend\n"
    "end\n";

/* Expressions evaluated after the package is defined (save) or restored (load); each must print the same,
 * except where the image carries state: "=>" gives the value expected after loading. */
static const char *probes[] = {
    "Pkg1.fib(20)",
    "Pkg1.area(Pkg1.Circle(2.0))",
    "Pkg1.total_area(Pkg1.SHAPES)",
    "Pkg1.norm2(Pkg1.Point(3, 4))",
    "Pkg1.norm2(Pkg1.Point(1.5, 2.0))",
    "string(Pkg1.Point(1, 2) + Pkg1.Point(3, 4))",
    "Pkg1.greet(\"world\")",
    "(Pkg1.bump!(); Pkg1.bump!())=>4",      /* COUNTER was saved at 2 */
    "Pkg1.listsum(Pkg1.FIRST)",
    "Pkg1.listsum(Pkg1.Node(5, nothing))",
    "Pkg1.TABLE[2] + length(Pkg1.TABLE)",
    "Pkg1.NAMES[2]",
    "Pkg1.kw(21)",
    "Pkg1.kw(5; scale = 3)",
    "Pkg1.adder(10)(5)",
    "Pkg1.Inner.twice(21)",
    "Pkg1.Inner.fib2(10)",
    "sizeof(Pkg1.Bits16)",
    "Pkg1.Point{Int}(1, 2) isa Pkg1.Point",
    "Pkg1.Circle <: Pkg1.Shape",
    "fieldnames(Pkg1.Node)",
    "isconst(Pkg1, :GREETING)",
    "Pkg1.INITS.n=>2",                      /* saved at 1, __init__ runs again on load */
    "string(Pkg1.Point(7, 8))",
    NULL,
};

/* "expr=>value": the expression, and the value expected after loading (NULL: as when saved). */
static void probe_parts(const char *probe, char *expr, size_t sz, const char **after_load)
{
    const char *arrow = strstr(probe, "=>");
    size_t n = arrow ? (size_t)(arrow - probe) : strlen(probe);
    snprintf(expr, sz, "%.*s", (int)n, probe);
    if (after_load)
        *after_load = arrow ? arrow + 2 : NULL;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

JL_DLLEXPORT jl_value_t *jl_exception_occurred(void);   /* toplevel.c: jl_eval_string's last error */

/* Evaluates src in Main in the newest world; the value, or NULL with *err set to the exception. */
static jl_value_t *eval_src(const char *src, jl_value_t **err)
{
    jl_value_t *volatile v = NULL;
    jl_value_t *volatile e = NULL;
    JL_TRY {
        jl_current_task->world_age = jl_world_counter;
        v = jl_eval_string(src);
        if (v == NULL)
            e = jl_exception_occurred();
    }
    JL_CATCH {
        e = jl_current_exception();
    }
    *err = e;
    return e ? NULL : v;
}

/* Evaluates src in Main; returns its value printed with `repr`, or "ERROR: <exception>". */
static char *eval_repr(const char *src)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "repr(begin %s end)", src);
    jl_value_t *err = NULL;
    jl_value_t *v = eval_src(buf, &err);
    if (err) {
        jl_sbuf_t b;
        jl_sbuf_init(&b);
        jl_static_show_to(&b, err, 1);
        char *s = (char *)malloc(b.len + 8);
        snprintf(s, b.len + 8, "ERROR: %.*s", (int)b.len, b.data);
        jl_sbuf_free(&b);
        return s;
    }
    if (v == NULL || !jl_is_string(v))
        return strdup("ERROR: repr did not return a String");
    return strdup(jl_string_data(v));
}

static int eval_ok(const char *src)
{
    jl_value_t *err = NULL;
    eval_src(src, &err);
    if (err) {
        fprintf(stderr, "error evaluating %s: ", src);
        jl_static_show(stderr, err);
        fputc('\n', stderr);
    }
    return err == NULL;
}

static void path_in(char *out, size_t sz, const char *dir, const char *name)
{
    snprintf(out, sz, "%s/%s", dir, name);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = (char *)malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    fclose(f);
    b[got] = 0;
    if (len)
        *len = got;
    return b;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* save: define, run, save, damage */

static void make_damaged_copies(const char *dir, const char *ji)
{
    size_t len;
    char *data = read_all(ji, &len);
    char p[1024];
    if (data == NULL)
        return;
    path_in(p, sizeof(p), dir, "trunc_half.ji");
    write_bytes(p, data, len / 2);
    path_in(p, sizeof(p), dir, "trunc_10.ji");
    write_bytes(p, data, 10);
    path_in(p, sizeof(p), dir, "trunc_tail.ji");
    write_bytes(p, data, len - 1);
    path_in(p, sizeof(p), dir, "empty.ji");
    write_bytes(p, data, 0);
    char *copy = (char *)malloc(len);
    /* one flipped bit in the header, in the middle of the stream, in the trailer */
    size_t spots[3] = {40, len / 2, len - 50};
    const char *names[3] = {"flip_header.ji", "flip_stream.ji", "flip_trailer.ji"};
    for (int i = 0; i < 3; i++) {
        memcpy(copy, data, len);
        copy[spots[i]] ^= 0x10;
        path_in(p, sizeof(p), dir, names[i]);
        write_bytes(p, copy, len);
    }
    /* random bytes of the same size; random bytes after a valid magic and version */
    srand(12345);
    for (size_t i = 0; i < len; i++)
        copy[i] = (char)(rand() & 0xff);
    path_in(p, sizeof(p), dir, "random.ji");
    write_bytes(p, copy, len);
    memcpy(copy, data, 12);
    path_in(p, sizeof(p), dir, "random_body.ji");
    write_bytes(p, copy, len);
    /* another format version */
    memcpy(copy, data, len);
    copy[8] = (char)(copy[8] + 1);
    path_in(p, sizeof(p), dir, "version.ji");
    write_bytes(p, copy, len);
    free(copy);
    free(data);
}

static int run_save(const char *dir)
{
    char ji[1024], src[1024], expected[1024];
    path_in(src, sizeof(src), dir, "Pkg1.jl");
    path_in(ji, sizeof(ji), dir, "Pkg1.ji");
    path_in(expected, sizeof(expected), dir, "expected.txt");
    write_text(src, pkg_source);
    char inc[1200];
    snprintf(inc, sizeof(inc), "include(\"%s\")", src);
    CHECK(eval_ok(inc));
    FILE *out = fopen(expected, "w");
    for (int i = 0; probes[i]; i++) {
        char expr[1024];
        probe_parts(probes[i], expr, sizeof(expr), NULL);
        char *r = eval_repr(expr);
        fprintf(out, "%s\n", r);
        free(r);
    }
    fclose(out);
    jl_value_t *m = jl_get_global(jl_main_module, jl_symbol("Pkg1"));
    CHECK(m && jl_is_module(m));
    double t0 = now_ms();
    volatile int saved = 0;
    JL_TRY {
        jl_save_incremental(ji, (jl_module_t *)m);
        saved = 1;
    }
    JL_CATCH {
        fprintf(stderr, "save failed: ");
        jl_static_show(stderr, jl_current_exception());
        fputc('\n', stderr);
    }
    CHECK(saved);
    struct stat st;
    CHECK(stat(ji, &st) == 0 && st.st_size > 100);
    printf("staticdata: saved %s (%lld bytes) in %.1f ms\n", ji, (long long)st.st_size, now_ms() - t0);
    /* freshness: fresh now; stale once a source file changes */
    jl_value_t *why = jl_image_stale_reason(ji, NULL);
    CHECK(why == jl_nothing);
    if (why != jl_nothing && jl_is_string(why))
        fprintf(stderr, "unexpectedly stale: %s\n", jl_string_data(why));
    jl_value_t *hdr = jl_image_read_header(ji);
    CHECK(jl_is_array(hdr) && jl_array_len(hdr) == 15);
    CHECK(jl_is_array(hdr) && jl_is_string(jl_array_ptr_ref(hdr, 2)) &&
          strcmp(jl_string_data(jl_array_ptr_ref(hdr, 2)), "Pkg1") == 0);
    CHECK(jl_is_array(hdr) && jl_array_len((jl_array_t *)jl_array_ptr_ref(hdr, 9)) == 1); /* Pkg1.jl */
    make_damaged_copies(dir, ji);
    /* a source change makes the image stale (checked on a copy of the source) */
    char ji2[1024];
    path_in(ji2, sizeof(ji2), dir, "Pkg1_copy.ji");
    size_t len;
    char *data = read_all(ji, &len);
    write_bytes(ji2, data, len);
    free(data);
    FILE *f = fopen(src, "a");
    fputs("# edited\n", f);
    fclose(f);
    why = jl_image_stale_reason(ji2, NULL);
    CHECK(jl_is_string(why) && strstr(jl_string_data(why), "has changed") != NULL);
    write_text(src, pkg_source);
    why = jl_image_stale_reason(ji2, NULL);
    CHECK(why == jl_nothing);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* load: restore, call, compare; damaged copies */

static jl_value_t *try_restore(const char *ji, const char *so, char *msg, size_t sz)
{
    jl_value_t *volatile m = NULL;
    msg[0] = 0;
    JL_TRY {
        m = jl_restore_incremental(ji, so);
    }
    JL_CATCH {
        jl_value_t *e = jl_current_exception();
        if (jl_typeis(e, jl_errorexception_type) && jl_is_string(jl_get_nth_field(e, 0)))
            snprintf(msg, sz, "%s", jl_string_data(jl_get_nth_field(e, 0)));
        else
            snprintf(msg, sz, "(not an ErrorException)");
    }
    return m;
}

static void check_probes(const char *dir)
{
    char expected[1024];
    path_in(expected, sizeof(expected), dir, "expected.txt");
    FILE *f = fopen(expected, "r");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    char line[4096];
    for (int i = 0; probes[i]; i++) {
        if (!fgets(line, sizeof(line), f))
            line[0] = 0;
        line[strcspn(line, "\n")] = 0;
        char expr[1024];
        const char *after_load = NULL;
        probe_parts(probes[i], expr, sizeof(expr), &after_load);
        if (after_load)
            snprintf(line, sizeof(line), "%s", after_load);
        char *r = eval_repr(expr);
        int same = strcmp(r, line) == 0 && strncmp(line, "ERROR", 5) != 0;
        if (!same)
            fprintf(stderr, "probe %s: got %s, expected %s\n", probes[i], r, line);
        CHECK(same);
        free(r);
    }
    fclose(f);
}

static int is_one_line_load_error(const char *msg)
{
    return strncmp(msg, "cannot load package image", 25) == 0 && strchr(msg, '\n') == NULL;
}

static int run_load(const char *dir)
{
    char ji[1024];
    path_in(ji, sizeof(ji), dir, "Pkg1.ji");
    /* damaged copies first: each must fail cleanly and leave nothing behind */
    const char *damaged[] = {"trunc_half.ji", "trunc_10.ji", "trunc_tail.ji", "empty.ji", "flip_header.ji",
                             "flip_stream.ji", "flip_trailer.ji", "random.ji", "random_body.ji", "version.ji",
                             "missing.ji", NULL};
    for (int i = 0; damaged[i]; i++) {
        char p[1024], msg[1024];
        path_in(p, sizeof(p), dir, damaged[i]);
        jl_value_t *m = try_restore(p, NULL, msg, sizeof(msg));
        CHECK(m == NULL);
        CHECK(is_one_line_load_error(msg));
        printf("staticdata: %-16s -> %s\n", damaged[i], msg);
    }
    CHECK(jl_get_global(jl_main_module, jl_symbol("Pkg1")) == NULL);
    double t0 = now_ms();
    char msg[1024];
    jl_value_t *m = try_restore(ji, NULL, msg, sizeof(msg));
    double t1 = now_ms();
    if (m == NULL)
        fprintf(stderr, "restore failed: %s\n", msg);
    CHECK(m != NULL && jl_is_module(m));
    if (m == NULL)
        return 0;
    printf("staticdata: restored %s in %.1f ms\n", ji, t1 - t0);
    jl_set_const(jl_main_module, jl_symbol("Pkg1"), m);
    check_probes(dir);
    /* the restored package is usable like a defined one: new methods, `using` */
    CHECK(eval_ok("Pkg1.area(x::Int) = x"));
    char *r = eval_repr("Pkg1.area(7)");
    CHECK(strcmp(r, "7") == 0);
    free(r);
    CHECK(eval_ok("using .Pkg1"));
    r = eval_repr("fib(15) + area(Square(3.0))");
    CHECK(strcmp(r, "619.0") == 0);
    free(r);
    /* a process that loaded damaged files still evaluates normally */
    r = eval_repr("1 + 1");
    CHECK(strcmp(r, "2") == 0);
    free(r);
    return 0;
}


/* ---------------------------------------------------------------------------------------------- */
/* native: a hand-written .so whose k-th invoke returns 1000000 + k, linked by index */

static void write_fake_so_source(const char *path, size_t n, size_t ngvars)
{
    uint8_t hash[32];
    char cpu[64];
    jl_image_ji_hash(hash);
    jl_image_cpu_target(cpu, sizeof(cpu));
    FILE *f = fopen(path, "w");
    fprintf(f, "#include <stdint.h>\n#include \"julia_internal.h\"\n");
    for (size_t k = 0; k < n; k++)
        fprintf(f, "static jl_value_t *f%zu(jl_value_t *F, jl_value_t **a, uint32_t n) "
                   "{ (void)F; (void)a; (void)n; return jl_box_int64(%zu); }\n", k, 1000000 + k);
    fprintf(f, "JL_DLLEXPORT jl_image_header_t jl_image_header = {JL_IMAGE_SO_MAGIC, JL_IMAGE_FORMAT_VERSION, "
               "sizeof(jl_image_header_t), {");
    for (int i = 0; i < 32; i++)
        fprintf(f, "%d,", hash[i]);
    fprintf(f, "}, \"%s\", \"%s\", %zu, %zu};\n", jl_build_id, cpu, n, ngvars);
    fprintf(f, "JL_DLLEXPORT void *jl_fvars[%zu] = {", 2 * n + 1);
    for (size_t k = 0; k < n; k++)
        fprintf(f, "(void *)f%zu, 0, ", k);
    fprintf(f, "0};\nJL_DLLEXPORT jl_value_t *jl_gvars[%zu];\n", ngvars + 1);
    fclose(f);
}

static int run_native_save(const char *dir)
{
    char src[1024], ji[1024], so[1024], c[1024], cmd[4096], info[1024];
    path_in(src, sizeof(src), dir, "Pkg1.jl");
    path_in(ji, sizeof(ji), dir, "Pkg1n.ji");
    path_in(so, sizeof(so), dir, "Pkg1n.so");
    path_in(c, sizeof(c), dir, "Pkg1n.c");
    path_in(info, sizeof(info), dir, "native.txt");
    write_text(src, pkg_source);
    jl_options.outputso = so;     /* generating output: compiled package code goes to the shadow module */
    char inc[1200];
    snprintf(inc, sizeof(inc), "include(\"%s\")", src);
    CHECK(eval_ok(inc));
    CHECK(eval_ok("Pkg1.fib(20); Pkg1.area(Pkg1.Circle(1.0)); Pkg1.norm2(Pkg1.Point(1, 2))"));
    jl_value_t *m = jl_get_global(jl_main_module, jl_symbol("Pkg1"));
    volatile int saved = 0;
    JL_TRY {
        jl_save_incremental(ji, (jl_module_t *)m);
        saved = 1;
    }
    JL_CATCH {
        fprintf(stderr, "save failed: ");
        jl_static_show(stderr, jl_current_exception());
        fputc('\n', stderr);
    }
    CHECK(saved);
    jl_array_t *nat = (jl_array_t *)jl_image_native_codeinsts();
    size_t n = jl_array_len(nat);
    CHECK(n > 0);
    /* the fvars index of fib(::Int) */
    long fib_index = -1;
    for (size_t i = 0; i < n; i++) {
        jl_code_instance_t *ci = (jl_code_instance_t *)jl_array_ptr_ref(nat, i);
        CHECK(ci->image_index == (int32_t)i);
        jl_method_t *meth = (jl_method_t *)ci->def->def;
        if (jl_is_method(meth) && strcmp(jl_symbol_name(meth->name), "fib") == 0)
            fib_index = (long)i;
    }
    CHECK(fib_index >= 0);
    jl_value_t *hdr = jl_image_read_header(ji);
    size_t ngvars = (size_t)jl_unbox_long(jl_array_ptr_ref(hdr, 12));
    write_fake_so_source(c, n, ngvars);
    snprintf(cmd, sizeof(cmd), "cc -shared -fPIC -Isrc -o %s %s", so, c);
    CHECK(system(cmd) == 0);
    jl_image_attach_so(ji, so);
    CHECK(jl_image_stale_reason(ji, so) == jl_nothing);
    FILE *f = fopen(info, "w");
    fprintf(f, "%ld\n", fib_index);
    fclose(f);
    /* a damaged .so: one byte changed */
    size_t len;
    char *data = read_all(so, &len);
    data[len / 2] ^= 1;
    path_in(c, sizeof(c), dir, "damaged.so");
    write_bytes(c, data, len);
    free(data);
    printf("staticdata: %zu native code instances, %zu object slots, fib(::Int) is fvars[%ld]\n", n, ngvars,
           fib_index);
    return 0;
}

static int run_native_load(const char *dir)
{
    char ji[1024], so[1024], info[1024], msg[1024];
    path_in(ji, sizeof(ji), dir, "Pkg1n.ji");
    path_in(so, sizeof(so), dir, "damaged.so");
    path_in(info, sizeof(info), dir, "native.txt");
    jl_value_t *m = try_restore(ji, so, msg, sizeof(msg));
    CHECK(m == NULL && is_one_line_load_error(msg) && strstr(msg, "checksum") != NULL);
    printf("staticdata: damaged .so -> %s\n", msg);
    path_in(so, sizeof(so), dir, "Pkg1n.so");
    double t0 = now_ms();
    m = try_restore(ji, so, msg, sizeof(msg));
    double t1 = now_ms();
    if (m == NULL)
        fprintf(stderr, "restore failed: %s\n", msg);
    CHECK(m != NULL);
    if (m == NULL)
        return 0;
    printf("staticdata: restored %s with %s in %.1f ms\n", ji, so, t1 - t0);
    jl_set_const(jl_main_module, jl_symbol("Pkg1"), m);
    char *text = read_all(info, NULL);
    long fib_index = text ? atol(text) : -1;
    free(text);
    char expect[64];
    snprintf(expect, sizeof(expect), "%ld", 1000000 + fib_index);
    char *r = eval_repr("Pkg1.fib(20)");
    if (strcmp(r, expect) != 0)
        fprintf(stderr, "Pkg1.fib(20) = %s, expected %s (from jl_fvars[%ld])\n", r, expect, 2 * fib_index);
    CHECK(strcmp(r, expect) == 0);
    free(r);
    return 0;
}


/* ---------------------------------------------------------------------------------------------- */
/* dependencies: Pkg2 uses Pkg1 (restored from its image) and extends its functions */

/* Pkg2 reaches Pkg1 through the name P1: as with packages loaded by `require`, the restored Pkg1 is not
 * bound under its own name anywhere, so its objects are named through the registry of restored images. */
static const char *pkg2_source =
    "module Pkg2\n"
    "using ..P1\n"
    "import ..P1\n"
    "import ..P1: area\n"
    "struct Tri <: P1.Shape\n    b::Float64\n    h::Float64\nend\n"
    "area(t::Tri) = t.b * t.h / 2\n"
    "both(x) = P1.fib(x) + 1\n"
    "shapes() = P1.Shape[P1.Circle(1.0), Tri(2.0, 3.0)]\n"
    "total() = P1.total_area(shapes())\n"
    "const ORIGIN = P1.Point(0, 0)\n"
    "end\n";

static const char *dep_probes[] = {
    "Pkg2.total()",
    "Pkg1.area(Pkg2.Tri(2.0, 3.0))",
    "Pkg2.both(10)",
    "string(Pkg2.ORIGIN)",
    "Pkg2.ORIGIN isa Pkg1.Point{Int}",
    NULL,
};

static jl_value_t *restore_bound(const char *dir, const char *file, const char *name)
{
    char ji[1024], msg[1024];
    path_in(ji, sizeof(ji), dir, file);
    jl_value_t *m = try_restore(ji, NULL, msg, sizeof(msg));
    if (m == NULL)
        fprintf(stderr, "restore %s failed: %s\n", file, msg);
    else if (name)
        jl_set_const(jl_main_module, jl_symbol(name), m);
    return m;
}

static int run_dep_save(const char *dir)
{
    char src[1024], ji[1024], expected[1024];
    CHECK(restore_bound(dir, "Pkg1.ji", "P1") != NULL);
    path_in(src, sizeof(src), dir, "Pkg2.jl");
    path_in(ji, sizeof(ji), dir, "Pkg2.ji");
    path_in(expected, sizeof(expected), dir, "expected2.txt");
    write_text(src, pkg2_source);
    char inc[1200];
    snprintf(inc, sizeof(inc), "include(\"%s\")", src);
    CHECK(eval_ok(inc));
    CHECK(eval_ok("const Pkg1 = P1"));   /* the probes name it Pkg1 */
    FILE *out = fopen(expected, "w");
    for (int i = 0; dep_probes[i]; i++) {
        char *r = eval_repr(dep_probes[i]);
        fprintf(out, "%s\n", r);
        free(r);
    }
    fclose(out);
    volatile int saved = 0;
    JL_TRY {
        jl_save_incremental(ji, (jl_module_t *)jl_get_global(jl_main_module, jl_symbol("Pkg2")));
        saved = 1;
    }
    JL_CATCH {
        fprintf(stderr, "save failed: ");
        jl_static_show(stderr, jl_current_exception());
        fputc('\n', stderr);
    }
    CHECK(saved);
    jl_value_t *hdr = jl_image_read_header(ji);
    jl_array_t *deps = (jl_array_t *)jl_array_ptr_ref(hdr, 10);
    CHECK(jl_array_len(deps) == 1);   /* Pkg1 */
    return 0;
}

static int run_dep_load(const char *dir)
{
    char ji[1024], msg[1024], src[1024];
    path_in(ji, sizeof(ji), dir, "Pkg2.ji");
    /* without its dependency, or with Pkg1 built anew from source: rejected */
    jl_value_t *m = try_restore(ji, NULL, msg, sizeof(msg));
    CHECK(m == NULL && strstr(msg, "dependency Pkg1 is not loaded") != NULL);
    printf("staticdata: no dependency -> %s\n", msg);
    path_in(src, sizeof(src), dir, "Pkg1.jl");
    char inc[1200];
    snprintf(inc, sizeof(inc), "include(\"%s\")", src);
    CHECK(eval_ok(inc));
    m = try_restore(ji, NULL, msg, sizeof(msg));
    CHECK(m == NULL && strstr(msg, "dependency Pkg1 was rebuilt") != NULL);
    printf("staticdata: rebuilt dependency -> %s\n", msg);
    CHECK(jl_image_stale_reason(ji, NULL) != jl_nothing);
    /* with the dependency's image: loads and runs */
    jl_value_t *p1 = restore_bound(dir, "Pkg1.ji", NULL);
    CHECK(p1 != NULL);
    jl_binding_t *b = jl_get_module_binding(jl_main_module, jl_symbol("Pkg1"), 0);
    if (b && p1)
        b->value = p1;        /* Main.Pkg1 now names the restored module */
    jl_value_t *p2 = restore_bound(dir, "Pkg2.ji", "Pkg2");
    CHECK(p2 != NULL);
    if (p2 == NULL)
        return 0;
    char expected[1024], line[4096];
    path_in(expected, sizeof(expected), dir, "expected2.txt");
    FILE *f = fopen(expected, "r");
    for (int i = 0; f && dep_probes[i]; i++) {
        if (!fgets(line, sizeof(line), f))
            line[0] = 0;
        line[strcspn(line, "\n")] = 0;
        char *r = eval_repr(dep_probes[i]);
        int same = strcmp(r, line) == 0 && strncmp(line, "ERROR", 5) != 0;
        if (!same)
            fprintf(stderr, "probe %s: got %s, expected %s\n", dep_probes[i], r, line);
        CHECK(same);
        free(r);
    }
    if (f)
        fclose(f);
    return 0;
}


/* ---------------------------------------------------------------------------------------------- */
/* edges: code whose dispatch decisions no longer hold is not restored */

static jl_method_instance_t *mi_for(const char *tt_src)
{
    jl_value_t *err = NULL;
    jl_value_t *tt = eval_src(tt_src, &err);
    return tt ? jl_method_lookup_by_type(tt, jl_world_counter) : NULL;
}

static int run_edge_load(const char *dir)
{
    /* greet(name) = string(GREETING, ", ", name) was compiled for a String: this method changes that call */
    CHECK(eval_ok("Base.string(a::String, b::String, c::String) = \"pirate\""));
    CHECK(restore_bound(dir, "Pkg1.ji", "Pkg1") != NULL);
    jl_current_task->world_age = jl_world_counter;
    jl_method_instance_t *fib = mi_for("Tuple{typeof(Pkg1.fib), Int}");
    jl_method_instance_t *greet = mi_for("Tuple{typeof(Pkg1.greet), String}");
    CHECK(fib != NULL && fib->cache != NULL && fib->cache->inferred != NULL);
    CHECK(greet != NULL && greet->cache == NULL);
    char *r = eval_repr("Pkg1.greet(\"world\")");
    CHECK(strcmp(r, "\"pirate\"") == 0);
    free(r);
    r = eval_repr("Pkg1.fib(20)");
    CHECK(strcmp(r, "6765") == 0);
    free(r);
    return 0;
}


/* ---------------------------------------------------------------------------------------------- */
/* fuzz: damaged object streams behind a valid checksum must fail cleanly (or load), never crash */

static void reseal(char *data, size_t len)
{
    uint8_t *t = (uint8_t *)data + len - 88, check[32];
    jl_sha256(data, len - 88, t);
    jl_sha256(t, 72, check);
    memcpy(t + 72, check, 8);
}

static int run_fuzz(const char *dir)
{
    CHECK(restore_bound(dir, "Pkg1.ji", "Pkg1") != NULL);
    char ji[1024], fz[1024];
    path_in(ji, sizeof(ji), dir, getenv("STATICDATA_FUZZ_FILE") ? getenv("STATICDATA_FUZZ_FILE") : "Pkg2.ji");
    path_in(fz, sizeof(fz), dir, "fuzz.ji");
    size_t len;
    char *orig = read_all(ji, &len);
    CHECK(orig != NULL && len > 400);
    if (orig == NULL)
        return 0;
    char *data = (char *)malloc(len);
    int loaded = 0, rejected = 0, other = 0;
    int iters = getenv("STATICDATA_FUZZ_ITERS") ? atoi(getenv("STATICDATA_FUZZ_ITERS")) : 300;
    srand(getenv("STATICDATA_FUZZ_SEED") ? (unsigned)atoi(getenv("STATICDATA_FUZZ_SEED")) : 777u);
    for (int it = 0; it < iters; it++) {
        memcpy(data, orig, len);
        size_t lo = 200, hi = len - 88;     /* past the header, before the trailer */
        int nflip = 1 + rand() % 4;
        for (int k = 0; k < nflip; k++) {
            size_t at = lo + (size_t)rand() % (hi - lo);
            data[at] = (it & 1) ? (char)(rand() & 0xff) : (char)(data[at] ^ (1 << (rand() % 8)));
        }
        reseal(data, len);
        write_bytes(fz, data, len);
        char msg[1024];
        jl_value_t *m = try_restore(fz, NULL, msg, sizeof(msg));
        if (m != NULL)
            loaded++;
        else if (is_one_line_load_error(msg)) {
            rejected++;
            if (getenv("STATICDATA_FUZZ_VERBOSE"))
                printf("fuzz %d: %s\n", it, msg);
        }
        else {
            other++;
            fprintf(stderr, "fuzz %d: unexpected error: %s\n", it, msg);
        }
    }
    printf("staticdata: fuzz: %d damaged streams: %d rejected, %d loaded anyway, %d other errors\n", iters,
           rejected, loaded, other);
    CHECK(other == 0 || getenv("STATICDATA_FUZZ_FILE") != NULL);  /* Pkg1's __init__ may run damaged code */
    CHECK(rejected > iters / 2);
    free(data);
    free(orig);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* driver */

static int run_child(const char *self, const char *mode, const char *dir)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, mode, dir, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "%s process died with signal %d\n", mode, WTERMSIG(status));
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (getenv("JULIA_BASE_DIR") == NULL)
        setenv("JULIA_BASE_DIR", "base", 1);
    if (argc >= 3) {
        jl_main_stack_base = __builtin_frame_address(0);
        jl_init();
        if (strcmp(argv[1], "save") == 0)
            run_save(argv[2]);
        else if (strcmp(argv[1], "load") == 0)
            run_load(argv[2]);
        else if (strcmp(argv[1], "native_save") == 0)
            run_native_save(argv[2]);
        else if (strcmp(argv[1], "native_load") == 0)
            run_native_load(argv[2]);
        else if (strcmp(argv[1], "dep_save") == 0)
            run_dep_save(argv[2]);
        else if (strcmp(argv[1], "dep_load") == 0)
            run_dep_load(argv[2]);
        else if (strcmp(argv[1], "edge_load") == 0)
            run_edge_load(argv[2]);
        else if (strcmp(argv[1], "fuzz") == 0)
            run_fuzz(argv[2]);
        printf("staticdata %s: %d passed, %d failed\n", argv[1], npassed, nfailed);
        char counts[1024];
        path_in(counts, sizeof(counts), argv[2], "counts.txt");
        FILE *cf = fopen(counts, "a");
        if (cf) {
            fprintf(cf, "%d %d\n", npassed, nfailed);
            fclose(cf);
        }
        return nfailed != 0;
    }
    char dir[] = "/tmp/nc_staticdata_XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    const char *modes[] = {"save", "load", "native_save", "native_load", "dep_save", "dep_load", "edge_load",
                           "fuzz"};
    for (int i = 0; i < 8; i++) {
        int rc = run_child(self, modes[i], dir);
        if (rc != 0)
            fprintf(stderr, "staticdata %s process failed (status %d)\n", modes[i], rc);
        if (rc < 0)
            nfailed++;   /* died: its own counts are lost */
    }
    char counts[1024];
    path_in(counts, sizeof(counts), dir, "counts.txt");
    FILE *cf = fopen(counts, "r");
    int p, f;
    while (cf && fscanf(cf, "%d %d", &p, &f) == 2) {
        npassed += p;
        nfailed += f;
    }
    if (cf)
        fclose(cf);
    char rm[1100];
    snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
    if (nfailed == 0 && system(rm) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    printf("%d passed, %d failed\n", npassed, nfailed);
    return nfailed != 0;
}
