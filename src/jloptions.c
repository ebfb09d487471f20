/* jloptions.c: the command line, as Julia's: `julia [switches] -- [programfile] [args...]`.
 * Fills jl_options; unknown switches are a clear error with exit code 1. */
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

jl_options_t jl_options = {
    .opt_level = 2,
    .use_pkgimages = 1,
    .use_compiled_modules = 1,
    .startup_file = 1,
    .banner = -1,
    .color = 0,
    .compile_enabled = 1,
    .history_file = 1,
    .nthreads = 1,
    .warn_overwrite = 0,
};

static const char usage[] =
    "\n    julia [switches] -- [programfile] [args...]\n\n"
    "Switches (a '*' marks the default value, if applicable; settings marked '($)' may trigger package precompilation):\n\n"
    " -v, --version              Display version information\n"
    " -h, --help                 Print this message (--help-hidden for more)\n"
    " --project[={<dir>|@.}]     Set <dir> as the active project/environment\n"
    " -J, --sysimage <file>      Start up with the given system image file\n"
    " --startup-file={yes*|no}   Load `JULIA_DEPOT_PATH/config/startup.jl` (accepted, not used)\n"
    " --compiled-modules={yes*|no}\n"
    "                            Enable or disable incremental precompilation of modules\n"
    " --pkgimages={yes*|no}      Enable or disable usage of native code caching in the form of pkgimages ($)\n"
    " -e, --eval <expr>          Evaluate <expr>\n"
    " -E, --print <expr>         Evaluate <expr> and display the result\n"
    " -i, --interactive          Interactive mode; REPL runs and `isinteractive()` is true\n"
    " -q, --quiet                Quiet startup: no banner\n"
    " --banner={yes|no|auto*}    Enable or disable startup banner\n"
    " --color={yes|no|auto*}     Enable or disable color text\n"
    " --history-file={yes*|no}   Load or save history (accepted)\n"
    " --compile={yes*|no|all|min}\n"
    "                            Enable or disable JIT compiler (no: interpret everything)\n"
    " -O, --optimize={0,1,2*,3}  Set the optimization level\n"
    " --check-bounds={yes|no|auto*}\n"
    "                            Emit bounds checks always, never, or respect @inbounds declarations ($)\n"
    " --trace-compile={stderr|name}\n"
    "                            Print precompile statements for methods compiled during execution\n"
    " --output-ji <name>         Generate a package cache (.ji) of the loaded module\n"
    " --output-so <name>         Generate the native code image (.so) paired with --output-ji\n"
    " --output-bc <name>         Write the shadow LLVM module as bitcode (debugging)\n"
    " --output-incremental={yes|no*}\n"
    "                            Generate an incremental output file (rather than a system image)\n"
    " --image-verify             Check every function linked from a native image (debugging)\n"
    " --depwarn={yes|no*|error}  Enable or disable syntax and method deprecation warnings (accepted)\n"
    " --warn-overwrite={yes|no*} Enable or disable method overwrite warnings\n"
    " -t, --threads N            Accepted; this runtime runs one thread\n\n";

static JL_NORETURN void opt_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ERROR: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static int parse_yesno(const char *opt, const char *val)
{
    if (!strcmp(val, "yes"))
        return 1;
    if (!strcmp(val, "no"))
        return 0;
    fprintf(stderr, "ERROR: julia: invalid argument to %s={yes|no} (%s)\n", opt, val);
    exit(1);
}

/* Matches "--name=value" or "--name value"; returns the value or NULL. */
static const char *opt_value(const char *name, int *i, int argc, char **argv, int needs_value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != 0)
        return NULL;
    if (!needs_value)
        return "";
    if (*i + 1 >= argc)
        opt_error("julia: option `%s` is missing an argument", name);
    return argv[++*i];
}

bool jl_generating_output(void)
{
    return jl_options.outputji != NULL || jl_options.outputso != NULL;
}

void jl_parse_opts(int *argcp, char ***argvp)
{
    int argc = *argcp;
    char **argv = *argvp;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (a[0] != '-' || !strcmp(a, "-"))
            break;
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
            printf("julia version %s\n", JL_VERSION_STRING);
            exit(0);
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "--help-hidden")) {
            printf("%s", usage);
            exit(0);
        }
        if (!strcmp(a, "-e") || (v = opt_value("--eval", &i, argc, argv, 1)) != NULL) {
            if (!strcmp(a, "-e")) {
                if (i + 1 >= argc)
                    opt_error("julia: option `%s` is missing an argument", "-e");
                v = argv[++i];
            }
            jl_options.eval = v;
            continue;
        }
        if (!strcmp(a, "-E") || (v = opt_value("--print", &i, argc, argv, 1)) != NULL) {
            if (!strcmp(a, "-E")) {
                if (i + 1 >= argc)
                    opt_error("julia: option `%s` is missing an argument", "-E");
                v = argv[++i];
            }
            jl_options.print = v;
            continue;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            jl_options.quiet = 1;
            continue;
        }
        if (!strcmp(a, "-i") || !strcmp(a, "--interactive")) {
            jl_options.interactive = 1;
            continue;
        }
        if (a[0] == '-' && a[1] == 'O' && (a[2] == 0 || (a[2] >= '0' && a[2] <= '3' && a[3] == 0))) {
            jl_options.opt_level = a[2] ? a[2] - '0' : 3;
            continue;
        }
        if ((v = opt_value("--optimize", &i, argc, argv, 0)) != NULL) {
            jl_options.opt_level = *v ? atoi(v) : 3;
            if (jl_options.opt_level < 0 || jl_options.opt_level > 3)
                opt_error("julia: -O/--optimize expects 0, 1, 2 or 3 (%s)", v);
            continue;
        }
        if (!strcmp(a, "-J") || (v = opt_value("--sysimage", &i, argc, argv, 1)) != NULL) {
            if (!strcmp(a, "-J")) {
                if (i + 1 >= argc)
                    opt_error("julia: option `%s` is missing an argument", "-J");
                v = argv[++i];
            }
            jl_options.sysimage = v;
            continue;
        }
        if (!strcmp(a, "-t") || (v = opt_value("--threads", &i, argc, argv, 1)) != NULL) {
            if (!strcmp(a, "-t"))
                i++;
            continue;
        }
        if ((v = opt_value("--project", &i, argc, argv, 0)) != NULL) {
            jl_options.project = *v ? v : "@.";
            continue;
        }
        if ((v = opt_value("--startup-file", &i, argc, argv, 1)) != NULL) {
            jl_options.startup_file = parse_yesno("--startup-file", v);
            continue;
        }
        if ((v = opt_value("--history-file", &i, argc, argv, 1)) != NULL) {
            jl_options.history_file = parse_yesno("--history-file", v);
            continue;
        }
        if ((v = opt_value("--compiled-modules", &i, argc, argv, 1)) != NULL) {
            jl_options.use_compiled_modules = parse_yesno("--compiled-modules", v);
            continue;
        }
        if ((v = opt_value("--pkgimages", &i, argc, argv, 1)) != NULL) {
            jl_options.use_pkgimages = parse_yesno("--pkgimages", v);
            continue;
        }
        if ((v = opt_value("--banner", &i, argc, argv, 1)) != NULL) {
            jl_options.banner = !strcmp(v, "auto") ? -1 : parse_yesno("--banner", v);
            continue;
        }
        if ((v = opt_value("--color", &i, argc, argv, 1)) != NULL) {
            jl_options.color = !strcmp(v, "auto") ? 0 : parse_yesno("--color", v);
            continue;
        }
        if ((v = opt_value("--compile", &i, argc, argv, 1)) != NULL) {
            if (!strcmp(v, "yes") || !strcmp(v, "all"))
                jl_options.compile_enabled = 1;
            else if (!strcmp(v, "no") || !strcmp(v, "min"))
                jl_options.compile_enabled = 0;
            else
                opt_error("julia: invalid argument to --compile (%s)", v);
            continue;
        }
        if ((v = opt_value("--check-bounds", &i, argc, argv, 1)) != NULL) {
            jl_options.check_bounds = !strcmp(v, "auto") ? 0 : parse_yesno("--check-bounds", v) ? 1 : 2;
            continue;
        }
        if ((v = opt_value("--depwarn", &i, argc, argv, 1)) != NULL)
            continue;
        if ((v = opt_value("--warn-overwrite", &i, argc, argv, 1)) != NULL) {
            jl_options.warn_overwrite = parse_yesno("--warn-overwrite", v);
            continue;
        }
        if ((v = opt_value("--trace-compile", &i, argc, argv, 1)) != NULL) {
            jl_options.trace_compile = v;
            continue;
        }
        if ((v = opt_value("--output-ji", &i, argc, argv, 1)) != NULL) {
            jl_options.outputji = v;
            continue;
        }
        if ((v = opt_value("--output-so", &i, argc, argv, 1)) != NULL) {
            jl_options.outputso = v;
            continue;
        }
        if ((v = opt_value("--output-bc", &i, argc, argv, 1)) != NULL) {
            jl_options.outputbc = v;
            continue;
        }
        if ((v = opt_value("--output-incremental", &i, argc, argv, 1)) != NULL) {
            jl_options.incremental = parse_yesno("--output-incremental", v);
            continue;
        }
        if ((v = opt_value("--cpu-target", &i, argc, argv, 1)) != NULL) {
            jl_options.cpu_target = v;
            continue;
        }
        if (!strcmp(a, "--image-verify")) {
            jl_options.image_verify = 1;
            continue;
        }
        opt_error("julia: unknown option `%s`", a);
    }
    if (i < argc && !jl_options.eval && !jl_options.print)
        jl_options.program_file = argv[i++];
    jl_options.argc = argc - i;
    jl_options.argv = argv + i;
    if (getenv("JULIA_TRACE_COMPILE") && !jl_options.trace_compile)
        jl_options.trace_compile = getenv("JULIA_TRACE_COMPILE");
}
