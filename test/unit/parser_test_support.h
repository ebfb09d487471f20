/* parser_test_support.h: shared by test_parser.c and fuzz_parser.c. Boots just enough of the runtime for
 * the parser (types, symbols, Core, exceptions), with stand-ins for the subsystems these tests do not
 * link (gf.c, lowering, init.c), and prints parse results as S-expressions:
 *   (head arg ...) for Expr, @N for LineNumberNode(N), (qn x) for QuoteNode, Core.@doc for GlobalRef,
 *   "..." for String, 'c' / char:0x... for Char, 1.5 / 1.5f0 / 0x01 / i128:... for numbers. */
#ifndef PARSER_TEST_SUPPORT_H
#define PARSER_TEST_SUPPORT_H
#include "julia.h"
#include "julia_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stand-ins are weak: linked against the whole runtime (build.sh does that once ./julia links), the real
 * definitions win; linked against the core objects alone, these fill the gaps. */
#define PTS_WEAK __attribute__((weak))

PTS_WEAK jl_methtable_t *jl_new_method_table(jl_sym_t *name, jl_module_t *module)
{
    jl_methtable_t *mt = (jl_methtable_t *)jl_gc_alloc(sizeof(jl_methtable_t), (jl_value_t *)jl_methtable_type);
    mt->name = name;
    mt->module = module;
    mt->defs = jl_alloc_vec_any(0);
    mt->cache = jl_nothing;
    mt->kwsorter = jl_nothing;
    return mt;
}
PTS_WEAK JL_DLLEXPORT jl_value_t *jl_apply_generic(jl_value_t *F, jl_value_t **args, uint32_t nargs)
{
    jl_fptr_args_t fp = jl_builtin_fptr(F);
    if (fp)
        return fp(F, args, nargs);
    jl_error("no generic functions in the parser tests");
}
PTS_WEAK JL_DLLEXPORT jl_value_t *jl_invoke(jl_value_t *F, jl_value_t **args, uint32_t nargs, jl_method_instance_t *mi)
{
    jl_error("no invoke in the parser tests");
}
PTS_WEAK JL_DLLEXPORT jl_value_t *jl_call(jl_value_t *f, jl_value_t **args, uint32_t nargs)
{
    return jl_apply_generic(f, args, nargs);
}
PTS_WEAK jl_method_instance_t *jl_method_lookup(jl_value_t **args, size_t nargs, size_t world) { return NULL; }
PTS_WEAK jl_method_instance_t *jl_method_lookup_by_type(jl_value_t *tt, size_t world) { return NULL; }
PTS_WEAK jl_value_t *jl_gf_invoke_by_method(jl_method_t *m, jl_value_t *F, jl_value_t **args, size_t nargs)
{
    jl_error("no methods in the parser tests");
}
PTS_WEAK jl_method_t *jl_method_def(jl_svec_t *argdata, jl_code_info_t *f, jl_module_t *module) { return NULL; }
PTS_WEAK jl_value_t *jl_macroexpand(jl_value_t *expr, jl_module_t *inmodule, int recursive) { return expr; }
PTS_WEAK jl_code_info_t *jl_lower_thunk(jl_value_t *expr, jl_module_t *inmodule, const char *file, int line)
{
    jl_error("no lowering in the parser tests");
}
PTS_WEAK JL_DLLEXPORT void jl_exit(int status) { exit(status); }
PTS_WEAK jl_module_t *jl_core_module, *jl_base_module, *jl_main_module, *jl_top_module;

static jl_datatype_t *pts_exc_type(const char *name, const char *field)
{
    jl_svec_t *names = field ? jl_svec1(jl_symbol(field)) : jl_emptysvec;
    jl_svec_t *types = field ? jl_svec1(jl_any_type) : jl_emptysvec;
    jl_datatype_t *dt = jl_new_datatype(jl_symbol(name), jl_core_module, jl_exception_type, jl_emptysvec, names,
                                        types, NULL, 0, 0, field ? 1 : 0);
    jl_set_const(jl_core_module, jl_symbol(name), (jl_value_t *)dt);
    return dt;
}

static void pts_bootstrap(void)
{
    static char base;
    jl_gc_init();
    jl_gc_set_stack_base(&base);
    jl_init_types();
    jl_init_box_caches();
    jl_init_modules();
    jl_top_module = jl_core_module;
    jl_init_core_module();
    jl_init_tasks(&base);
    jl_init_builtins();
    jl_main_module = jl_new_module(jl_symbol("Main"), NULL);
    jl_errorexception_type = pts_exc_type("ErrorException", "msg");
    jl_parseerror_type = pts_exc_type("ParseError", "msg");
    jl_init_parser();
}

/* ---------------------------------------------------------------------------------------------- */
/* S-expression printer */

static void pts_show(jl_sbuf_t *b, jl_value_t *v);

static void pts_show_string(jl_sbuf_t *b, const char *s, size_t n)
{
    jl_sbuf_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            jl_sbuf_printf(b, "\\%c", c);
        else if (c == '\n')
            jl_sbuf_puts(b, "\\n");
        else if (c == '\t')
            jl_sbuf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            jl_sbuf_printf(b, "\\x%02x", c);
        else
            jl_sbuf_write(b, (const char *)&s[i], 1);
    }
    jl_sbuf_puts(b, "\"");
}

/* shortest %g form that reads back the same, with ".0" when it looks like an integer */
static void pts_show_float(jl_sbuf_t *b, double d, const char *suffix)
{
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    if (!strpbrk(buf, ".eni"))
        strcat(buf, ".0");
    jl_sbuf_printf(b, "%s%s", buf, suffix);
}

static void pts_show(jl_sbuf_t *b, jl_value_t *v)
{
    if (v == NULL) {
        jl_sbuf_puts(b, "#NULL");
    }
    else if (jl_is_symbol(v)) {
        jl_sbuf_puts(b, jl_symbol_name((jl_sym_t *)v));
    }
    else if (jl_is_expr(v)) {
        jl_expr_t *e = (jl_expr_t *)v;
        jl_sbuf_printf(b, "(%s", jl_symbol_name(e->head));
        for (size_t i = 0; i < jl_expr_nargs(e); i++) {
            jl_sbuf_puts(b, " ");
            pts_show(b, jl_exprarg(e, i));
        }
        jl_sbuf_puts(b, ")");
    }
    else if (jl_is_linenode(v)) {
        jl_sbuf_printf(b, "@%ld", (long)((jl_linenumbernode_t *)v)->line);
    }
    else if (jl_is_quotenode(v)) {
        jl_sbuf_puts(b, "(qn ");
        pts_show(b, ((jl_quotenode_t *)v)->value);
        jl_sbuf_puts(b, ")");
    }
    else if (jl_is_globalref(v)) {
        jl_globalref_t *g = (jl_globalref_t *)v;
        jl_sbuf_printf(b, "%s.%s", jl_symbol_name(g->mod->name), jl_symbol_name(g->name));
    }
    else if (jl_is_string(v)) {
        pts_show_string(b, jl_string_data(v), jl_string_len(v));
    }
    else if (jl_is_int64(v)) {
        jl_sbuf_printf(b, "%lld", (long long)jl_unbox_int64(v));
    }
    else if (jl_is_float64(v)) {
        pts_show_float(b, jl_unbox_float64(v), "");
    }
    else if (jl_typeis(v, jl_float32_type)) {
        pts_show_float(b, (double)jl_unbox_float32(v), "f0");
    }
    else if (jl_is_bool(v)) {
        jl_sbuf_puts(b, jl_unbox_bool(v) ? "true" : "false");
    }
    else if (jl_is_char(v)) {
        jl_sbuf_printf(b, "char:0x%08x", jl_unbox_char(v));
    }
    else if (jl_is_uint8(v)) {
        jl_sbuf_printf(b, "0x%02x", jl_unbox_uint8(v));
    }
    else if (jl_typeis(v, jl_uint16_type)) {
        jl_sbuf_printf(b, "0x%04x", jl_unbox_uint16(v));
    }
    else if (jl_typeis(v, jl_uint32_type)) {
        jl_sbuf_printf(b, "0x%08x", jl_unbox_uint32(v));
    }
    else if (jl_typeis(v, jl_uint64_type)) {
        jl_sbuf_printf(b, "0x%016llx", (unsigned long long)jl_unbox_uint64(v));
    }
    else if (jl_typeis(v, jl_int128_type) || jl_typeis(v, jl_uint128_type)) {
        uint64_t *w = (uint64_t *)v;
        jl_sbuf_printf(b, "%s:%016llx%016llx", jl_typeis(v, jl_int128_type) ? "i128" : "u128",
                       (unsigned long long)w[1], (unsigned long long)w[0]);
    }
    else if (v == jl_nothing) {
        jl_sbuf_puts(b, "nothing");
    }
    else {
        jl_sbuf_puts(b, "#?");
    }
}

/* malloc'd S-expression of v */
static char *pts_sexpr(jl_value_t *v)
{
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    pts_show(&b, v);
    char *s = (char *)malloc(b.len + 1);
    memcpy(s, b.data, b.len);
    s[b.len] = 0;
    jl_sbuf_free(&b);
    return s;
}

/* the message of a caught ParseError (or ErrorException), malloc'd; NULL if e is something else */
static char *pts_error_message(jl_value_t *e)
{
    if (!e || !(jl_typeis(e, jl_parseerror_type) || jl_typeis(e, jl_errorexception_type)))
        return NULL;
    jl_value_t *m = jl_get_nth_field(e, 0);
    if (!jl_is_string(m))
        return NULL;
    char *s = (char *)malloc(jl_string_len(m) + 1);
    memcpy(s, jl_string_data(m), jl_string_len(m));
    s[jl_string_len(m)] = 0;
    return s;
}
#endif
