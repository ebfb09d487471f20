/* repl.c: `main`. Parses the command line, starts the runtime, sets ARGS / PROGRAM_FILE, then runs
 * -e / -E, a program file, or the REPL (`julia> ` prompt, multi-line input until complete). */
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void set_args(void)
{
    jl_array_t *args = jl_alloc_array_1d(jl_apply_array_type((jl_value_t *)jl_string_type, 1), 0);
    for (int i = 0; i < jl_options.argc; i++)
        jl_array_ptr_1d_push(args, jl_cstr_to_string(jl_options.argv[i]));
    jl_set_const(jl_core_module, jl_symbol("ARGS"), (jl_value_t *)args);
    if (jl_base_module)
        jl_set_const(jl_base_module, jl_symbol("ARGS"), (jl_value_t *)args);
    jl_value_t *pf = jl_cstr_to_string(jl_options.program_file ? jl_options.program_file : "");
    jl_set_global(jl_base_module ? jl_base_module : jl_core_module, jl_symbol("PROGRAM_FILE"), pf);
}

/* Shows a value the way the REPL and -E do: Base's display if there, else the C rendering. */
static void display_value(jl_value_t *v)
{
    jl_value_t *f = jl_base_module ? jl_get_global(jl_base_module, jl_symbol("_repl_display")) : NULL;
    if (f) {
        jl_call1(f, v);
        return;
    }
    jl_static_show(stdout, v);
    fputc('\n', stdout);
}

static int run_string(const char *code, int print)
{
    volatile int status = 0;
    JL_TRY {
        jl_value_t *v = jl_load_file_string(code, strlen(code), "none", jl_main_module);
        if (print)
            display_value(v);
    }
    JL_CATCH {
        jl_print_error_report(jl_current_exception(), NULL, "ERROR: ");
        status = 1;
    }
    return status;
}

static int run_file(const char *path)
{
    volatile int status = 0;
    JL_TRY {
        jl_load(jl_main_module, path);
    }
    JL_CATCH {
        jl_print_error_report(jl_current_exception(), NULL, "ERROR: ");
        status = 1;
    }
    return status;
}

/* Base's stdout is buffered: show what a REPL statement printed before the next prompt. */
static void flush_base_stdout(void)
{
    if (!jl_base_module)
        return;
    jl_value_t *flush = jl_get_global(jl_base_module, jl_symbol("flush"));
    jl_value_t *out = jl_get_global(jl_base_module, jl_symbol("stdout"));
    if (flush && out) {
        JL_TRY {
            jl_call1(flush, out);
        }
        JL_CATCH {
        }
    }
}

static int ends_with_semicolon(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n > 0 && s[n - 1] == ';';
}

/* Returns 1 if `buf` holds at least one complete expression (or a syntax error to report). */
static int input_complete(const char *buf, size_t len)
{
    volatile int complete = 1;
    JL_TRY {
        size_t off = 0;
        jl_value_t *e;
        while ((e = jl_parse_one(buf, len, "REPL", 1, &off)) != NULL) {
            if (jl_is_expr(e) && ((jl_expr_t *)e)->head == jl_incomplete_sym) {
                complete = 0;
                break;
            }
        }
    }
    JL_CATCH {
        complete = 1; /* evaluation will report the error */
    }
    return complete;
}

static void eval_repl_input(const char *buf, size_t len)
{
    JL_TRY {
        jl_value_t *v = jl_load_file_string(buf, len, "REPL[1]", jl_main_module);
        jl_set_global(jl_main_module, jl_ans_sym, v);
        if (v != jl_nothing && !ends_with_semicolon(buf, len))
            display_value(v);
    }
    JL_CATCH {
        jl_print_error_report(jl_current_exception(), NULL, "ERROR: ");
    }
    flush_base_stdout();
    fflush(stdout);
}

static void run_repl(void)
{
    int tty = isatty(0);
    if (tty && !jl_options.quiet && jl_options.banner != 0)
        printf("NativeCache %s (Julia %s language subset). Type exit() or Ctrl-D to quit.\n\n",
               JL_NATIVECACHE_VERSION, JL_VERSION_STRING);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char line[4096];
    for (;;) {
        if (len == 0)
            fputs("julia> ", stdout);
        fflush(stdout);
        if (!fgets(line, sizeof(line), stdin))
            break;
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            buf = (char *)realloc(buf, cap);
        }
        memcpy(buf + len, line, n + 1);
        len += n;
        if (!input_complete(buf, len))
            continue;
        eval_repl_input(buf, len);
        if (tty)
            putchar('\n');
        len = 0;
    }
    if (tty)
        putchar('\n');
    free(buf);
}

int main(int argc, char **argv)
{
    jl_main_stack_base = __builtin_frame_address(0);
    jl_parse_opts(&argc, &argv);
    jl_init();
    set_args();
    int status = 0;
    if (jl_options.eval)
        status = run_string(jl_options.eval, 0);
    else if (jl_options.print)
        status = run_string(jl_options.print, 1);
    else if (jl_options.program_file)
        status = run_file(jl_options.program_file);
    if (status == 0 && (jl_options.interactive || (!jl_options.eval && !jl_options.print && !jl_options.program_file)))
        run_repl();
    jl_exit(status);
}
