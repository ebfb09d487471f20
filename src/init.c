/* init.c: start-up and shut-down. jl_init creates Core (types, builtins, intrinsics), Main, then loads
 * Base (base/boot.jl into Core, then base/Base.jl). jl_atexit_hook writes compiler output when
 * generating an image and flushes Base's streams. */
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <limits.h>
#include <libgen.h>

JL_DLLEXPORT jl_module_t *jl_core_module;
JL_DLLEXPORT jl_module_t *jl_base_module;
JL_DLLEXPORT jl_module_t *jl_main_module;
JL_DLLEXPORT jl_module_t *jl_top_module;
int jl_base_loaded;
char *jl_build_id = "nativecache-" JL_NATIVECACHE_VERSION "-" __DATE__ " " __TIME__;

static char base_dir[PATH_MAX];

/* Subsystems that may not be linked yet fall back to these (codegen.c / aotcompile.c override them). */
__attribute__((weak)) void jl_init_codegen(void) {}
__attribute__((weak)) void jl_write_compiler_output(void) {}

JL_DLLEXPORT size_t jl_get_world_counter(void) { return jl_world_counter; }
JL_DLLEXPORT size_t jl_get_tls_world_age(void) { return jl_current_task->world_age; }

/* base/ lives at <prefix>/base where the binary is <prefix>/usr/bin/julia (or JULIA_BASE_DIR). */
static void find_base_dir(void)
{
    const char *env = getenv("JULIA_BASE_DIR");
    if (env) {
        snprintf(base_dir, sizeof(base_dir), "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        jl_fatal_error("cannot find the julia executable's path");
    exe[n] = 0;
    char *bindir = dirname(exe);          /* .../usr/bin */
    static char home[PATH_MAX];
    snprintf(home, sizeof(home), "%s", bindir);
    jl_options.julia_home = home;
    snprintf(base_dir, sizeof(base_dir), "%s/../../base", bindir);
    char resolved[PATH_MAX];
    if (realpath(base_dir, resolved))
        snprintf(base_dir, sizeof(base_dir), "%s", resolved);
}

const char *jl_get_base_dir(void) { return base_dir; }

static void load_base_file(jl_module_t *m, const char *name)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", base_dir, name);
    if (access(path, R_OK) != 0)
        jl_fatal_error("cannot read %s (set JULIA_BASE_DIR to the base/ directory)", path);
    jl_load(m, path);
}

void jl_init_base(void)
{
    load_base_file(jl_core_module, "boot.jl");
    jl_get_builtin_hooks();
    char path[PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/Base.jl", base_dir);
    if (access(path, R_OK) == 0) {
        jl_load(jl_main_module, path);
        jl_value_t *b = jl_get_global(jl_main_module, jl_Base_sym);
        if (b && jl_is_module(b)) {
            jl_base_module = (jl_module_t *)b;
            jl_base_module->parent = jl_base_module; /* a top module is its own parent, as Core is */
            jl_top_module = jl_base_module;
            jl_module_using(jl_main_module, jl_base_module);
            /* Main gets eval and include like every other module */
            static const char main_defs[] = "eval(x) = Core.eval(Main, x)\ninclude(x) = Base.include(Main, x)\n";
            jl_load_file_string(main_defs, sizeof(main_defs) - 1, "none", jl_main_module);
        }
    }
    jl_base_loaded = 1;
    jl_current_task->world_age = jl_world_counter;
}

void *jl_main_stack_base; /* set by main() before jl_init: the top of the conservatively scanned C stack */

JL_DLLEXPORT void jl_init(void)
{
    if (jl_main_stack_base == NULL)
        jl_main_stack_base = __builtin_frame_address(0);
    jl_gc_init();
    jl_gc_set_stack_base(jl_main_stack_base);
    jl_gc_enable(0);
    find_base_dir();
    jl_init_types();
    jl_init_box_caches();
    jl_init_modules();     /* creates jl_core_module (module.c) */
    jl_top_module = jl_core_module;
    jl_init_core_module();
    jl_init_tasks(jl_main_stack_base);
    jl_init_gf();
    jl_init_builtins();
    jl_init_intrinsic_functions();
    jl_init_parser();
    jl_init_lowering();
    jl_init_codegen();
    jl_main_module = jl_new_module(jl_Main_sym, NULL);
    jl_main_module->parent = jl_main_module;
    jl_set_const(jl_core_module, jl_Main_sym, (jl_value_t *)jl_main_module);
    jl_set_const(jl_main_module, jl_Core_sym, (jl_value_t *)jl_core_module);
    jl_gc_enable(1);
    jl_init_base();
}

JL_DLLEXPORT void jl_atexit_hook(int status)
{
    (void)status;
    if (jl_base_module) {
        jl_value_t *f = jl_get_global(jl_base_module, jl_symbol("_atexit"));
        if (f) {
            JL_TRY {
                jl_call0(f);
            }
            JL_CATCH {
                jl_print_error_report(jl_current_exception(), NULL, "error during exit: ");
            }
        }
    }
    if (jl_generating_output())
        jl_write_compiler_output();
    fflush(stdout);
    fflush(stderr);
}

JL_DLLEXPORT void jl_exit(int status)
{
    static int exiting = 0;
    if (!exiting++)
        jl_atexit_hook(status);
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}
