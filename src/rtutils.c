/* rtutils.c: the runtime's error constructors (jl_error, jl_type_error, jl_bounds_error, ... all raising
 * Julia exception objects through jl_throw), jl_static_show (Julia's `show` format, in C, for messages,
 * --trace-compile and debugging before Base can print), and the report of an uncaught error. */
#include "julia_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>

/* ---------------------------------------------------------------------------------------------- */
/* A growable string buffer */

void jl_sbuf_init(jl_sbuf_t *b)
{
    b->len = 0;
    b->cap = sizeof(b->small);
    b->data = b->small;
    b->data[0] = 0;
}

void jl_sbuf_free(jl_sbuf_t *b)
{
    if (b->data != b->small)
        free(b->data);
}

void jl_sbuf_write(jl_sbuf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap * 2;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *nd = (char *)malloc(nc);
        if (!nd)
            jl_fatal_error("out of memory");
        memcpy(nd, b->data, b->len);
        if (b->data != b->small)
            free(b->data);
        b->data = nd;
        b->cap = nc;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void jl_sbuf_puts(jl_sbuf_t *b, const char *s) { jl_sbuf_write(b, s, strlen(s)); }

void jl_sbuf_printf(jl_sbuf_t *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(tmp)) {
        jl_sbuf_write(b, tmp, (size_t)n);
        return;
    }
    char *big = (char *)malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    jl_sbuf_write(b, big, (size_t)n);
    free(big);
}

/* ---------------------------------------------------------------------------------------------- */
/* jl_static_show: Julia's show format for any value, without Base */

static void show_sym(jl_sbuf_t *b, jl_sym_t *s) { jl_sbuf_puts(b, jl_symbol_name(s)); }

static int is_core_module(jl_module_t *m) { return m == jl_core_module || m == NULL; }

static void show_module_path(jl_sbuf_t *b, jl_module_t *m)
{
    if (m->parent != NULL && m->parent != m) {
        show_module_path(b, m->parent);
        jl_sbuf_puts(b, ".");
    }
    show_sym(b, m->name);
}

static void show_typename_qualified(jl_sbuf_t *b, jl_typename_t *tn, int qualify)
{
    if (qualify && !is_core_module(tn->module)) {
        show_module_path(b, tn->module);
        jl_sbuf_puts(b, ".");
    }
    show_sym(b, tn->name);
}

static void show_value(jl_sbuf_t *b, jl_value_t *v, int depth, int qualify);

static void show_params(jl_sbuf_t *b, jl_svec_t *p, int depth, int qualify)
{
    for (size_t i = 0; i < jl_svec_len(p); i++) {
        if (i)
            jl_sbuf_puts(b, ", ");
        show_value(b, jl_svecref(p, i), depth + 1, qualify);
    }
}

static int is_function_type(jl_datatype_t *dt)
{
    jl_sym_t *n = dt->name->name;
    return dt->name->mt != NULL && jl_symbol_name(n)[0] == '#' && dt->instance != NULL;
}

static void show_datatype(jl_sbuf_t *b, jl_datatype_t *dt, int depth, int qualify)
{
    if (is_function_type(dt)) {
        jl_sbuf_puts(b, "typeof(");
        if (qualify && !is_core_module(dt->name->module)) {
            show_module_path(b, dt->name->module);
            jl_sbuf_puts(b, ".");
        }
        show_sym(b, dt->name->mt->name);
        jl_sbuf_puts(b, ")");
        return;
    }
    if (dt->name == jl_array_typename && jl_nparams(dt) == 2 && jl_is_long(jl_tparam(dt, 1)) &&
        jl_unbox_long(jl_tparam(dt, 1)) <= 2) {
        jl_sbuf_puts(b, jl_unbox_long(jl_tparam(dt, 1)) == 1 ? "Vector{" : "Matrix{");
        show_value(b, jl_tparam0(dt), depth + 1, qualify);
        jl_sbuf_puts(b, "}");
        return;
    }
    show_typename_qualified(b, dt->name, qualify);
    if (jl_svec_len(dt->parameters) > 0 && (dt->name->wrapper != (jl_value_t *)dt || dt->name == jl_tuple_typename)) {
        jl_sbuf_puts(b, "{");
        show_params(b, dt->parameters, depth, qualify);
        jl_sbuf_puts(b, "}");
    }
    else if (dt->name == jl_tuple_typename && dt != jl_anytuple_type) {
        jl_sbuf_puts(b, "{}");
    }
}

static void show_char(jl_sbuf_t *b, uint32_t c)
{
    char buf[8];
    int n = 0;
    for (int i = 3; i >= 0; i--) {
        unsigned char byte = (unsigned char)(c >> (8 * i));
        if (byte || i == 3)
            buf[n++] = (char)byte;
    }
    jl_sbuf_puts(b, "'");
    if (n == 1 && buf[0] == '\n')
        jl_sbuf_puts(b, "\\n");
    else if (n == 1 && buf[0] == '\'')
        jl_sbuf_puts(b, "\\'");
    else if (n == 1 && buf[0] == '\\')
        jl_sbuf_puts(b, "\\\\");
    else
        jl_sbuf_write(b, buf, (size_t)n);
    jl_sbuf_puts(b, "'");
}

static void show_string(jl_sbuf_t *b, const char *s, size_t n)
{
    jl_sbuf_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': jl_sbuf_puts(b, "\\\""); break;
        case '\\': jl_sbuf_puts(b, "\\\\"); break;
        case '$': jl_sbuf_puts(b, "\\$"); break;
        case '\n': jl_sbuf_puts(b, "\\n"); break;
        case '\t': jl_sbuf_puts(b, "\\t"); break;
        case '\r': jl_sbuf_puts(b, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                jl_sbuf_printf(b, "\\x%02x", c);
            else
                jl_sbuf_write(b, (const char *)&c, 1);
        }
    }
    jl_sbuf_puts(b, "\"");
}

static void show_float(jl_sbuf_t *b, jl_value_t *v)
{
    char buf[JL_FMT_BUFSIZE];
    if (jl_typeis(v, jl_float64_type))
        jl_fmt_float64(jl_unbox_float64(v), buf);
    else if (jl_typeis(v, jl_float32_type))
        jl_fmt_float32(jl_unbox_float32(v), buf, 1);
    else
        jl_fmt_float16(*(uint16_t *)v, buf, 1);
    jl_sbuf_puts(b, buf);
}

static void show_unsigned(jl_sbuf_t *b, jl_value_t *v, size_t nbytes)
{
    jl_sbuf_puts(b, "0x");
    const unsigned char *p = (const unsigned char *)v;
    for (size_t i = nbytes; i > 0; i--)
        jl_sbuf_printf(b, "%02x", p[i - 1]);
}

static void show_struct(jl_sbuf_t *b, jl_value_t *v, jl_datatype_t *dt, int depth, int qualify)
{
    show_datatype(b, dt, depth, qualify);
    jl_sbuf_puts(b, "(");
    size_t nf = jl_datatype_nfields(dt);
    for (size_t i = 0; i < nf; i++) {
        if (i)
            jl_sbuf_puts(b, ", ");
        if (jl_field_isptr(dt, i) && !jl_field_isdefined(v, i))
            jl_sbuf_puts(b, "#undef");
        else
            show_value(b, jl_get_nth_field(v, i), depth + 1, qualify);
    }
    jl_sbuf_puts(b, ")");
}

static void show_value(jl_sbuf_t *b, jl_value_t *v, int depth, int qualify)
{
    if (v == NULL) {
        jl_sbuf_puts(b, "#<null>");
        return;
    }
    if (depth > 20) {
        jl_sbuf_puts(b, "…");
        return;
    }
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(v);
    if (t == jl_datatype_type) {
        show_datatype(b, (jl_datatype_t *)v, depth, qualify);
    }
    else if (t == jl_uniontype_type) {
        jl_sbuf_puts(b, "Union{");
        jl_value_t *u = v;
        int first = 1;
        while (jl_is_uniontype(u)) {
            if (!first)
                jl_sbuf_puts(b, ", ");
            show_value(b, ((jl_uniontype_t *)u)->a, depth + 1, qualify);
            first = 0;
            u = ((jl_uniontype_t *)u)->b;
        }
        jl_sbuf_puts(b, ", ");
        show_value(b, u, depth + 1, qualify);
        jl_sbuf_puts(b, "}");
    }
    else if (t == jl_unionall_type) {
        jl_unionall_t *ua = (jl_unionall_t *)v;
        jl_value_t *body = jl_unwrap_unionall(v);
        if (jl_is_datatype(body) && ((jl_datatype_t *)body)->name->wrapper == v) {
            show_typename_qualified(b, ((jl_datatype_t *)body)->name, qualify);
            return;
        }
        show_value(b, ua->body, depth + 1, qualify);
        jl_sbuf_puts(b, " where ");
        show_value(b, (jl_value_t *)ua->var, depth + 1, qualify);
    }
    else if (t == jl_tvar_type) {
        jl_tvar_t *tv = (jl_tvar_t *)v;
        show_sym(b, tv->name);
        if (tv->ub != (jl_value_t *)jl_any_type && depth > 0) {
            jl_sbuf_puts(b, "<:");
            show_value(b, tv->ub, depth + 1, qualify);
        }
    }
    else if (t == jl_vararg_type) {
        jl_vararg_t *va = (jl_vararg_t *)v;
        jl_sbuf_puts(b, "Vararg");
        if (va->T) {
            jl_sbuf_puts(b, "{");
            show_value(b, va->T, depth + 1, qualify);
            if (va->N) {
                jl_sbuf_puts(b, ", ");
                show_value(b, va->N, depth + 1, qualify);
            }
            jl_sbuf_puts(b, "}");
        }
    }
    else if (t == jl_typeofbottom_type) {
        jl_sbuf_puts(b, "Union{}");
    }
    else if (t == jl_symbol_type) {
        if (depth == 0 || 1) {
            jl_sbuf_puts(b, ":");
            show_sym(b, (jl_sym_t *)v);
        }
    }
    else if (t == jl_string_type) {
        show_string(b, jl_string_data(v), jl_string_len(v));
    }
    else if (t == jl_int64_type) {
        jl_sbuf_printf(b, "%" PRId64, jl_unbox_int64(v));
    }
    else if (t == jl_int32_type) {
        jl_sbuf_printf(b, "%" PRId32, jl_unbox_int32(v));
    }
    else if (t == jl_int16_type) {
        jl_sbuf_printf(b, "%d", (int)jl_unbox_int16(v));
    }
    else if (t == jl_int8_type) {
        jl_sbuf_printf(b, "%d", (int)jl_unbox_int8(v));
    }
    else if (t == jl_uint8_type || t == jl_uint16_type || t == jl_uint32_type || t == jl_uint64_type ||
             t == jl_uint128_type) {
        show_unsigned(b, v, (size_t)t->size);
    }
    else if (t == jl_bool_type) {
        jl_sbuf_puts(b, jl_unbox_bool(v) ? "true" : "false");
    }
    else if (t == jl_char_type) {
        show_char(b, jl_unbox_char(v));
    }
    else if (t == jl_float64_type || t == jl_float32_type || t == jl_float16_type) {
        show_float(b, v);
    }
    else if (t == jl_nothing_type) {
        jl_sbuf_puts(b, "nothing");
    }
    else if (t == jl_module_type) {
        show_module_path(b, (jl_module_t *)v);
    }
    else if (t == jl_simplevector_type) {
        jl_sbuf_puts(b, "svec(");
        show_params(b, (jl_svec_t *)v, depth, qualify);
        jl_sbuf_puts(b, ")");
    }
    else if (t->name == jl_tuple_typename) {
        jl_sbuf_puts(b, "(");
        size_t n = jl_nfields_of(v);
        for (size_t i = 0; i < n; i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            show_value(b, jl_get_nth_field(v, i), depth + 1, qualify);
        }
        jl_sbuf_puts(b, n == 1 ? ",)" : ")");
    }
    else if (is_function_type(t)) {
        if (qualify && !is_core_module(t->name->module) && t->name->module != jl_main_module &&
            t->name->module != jl_base_module) {
            show_module_path(b, t->name->module);
            jl_sbuf_puts(b, ".");
        }
        show_sym(b, t->name->mt->name);
    }
    else if (t == jl_intrinsic_type) {
        jl_sbuf_printf(b, "%s", jl_intrinsic_names[*(uint32_t *)v]);
    }
    else if (t->name == jl_array_typename) {
        jl_array_t *a = (jl_array_t *)v;
        show_datatype(b, t, depth, qualify);
        jl_sbuf_puts(b, "[");
        for (size_t i = 0; i < a->length && i < 20; i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            if (a->ptrarray && jl_array_ptr_ref(a, i) == NULL)
                jl_sbuf_puts(b, "#undef");
            else
                show_value(b, jl_arrayref(a, i), depth + 1, qualify);
        }
        jl_sbuf_puts(b, "]");
    }
    else if (t == jl_expr_type) {
        jl_expr_t *e = (jl_expr_t *)v;
        jl_sbuf_puts(b, "Expr(:");
        show_sym(b, e->head);
        for (size_t i = 0; i < jl_expr_nargs(e); i++) {
            jl_sbuf_puts(b, ", ");
            show_value(b, jl_exprarg(e, i), depth + 1, qualify);
        }
        jl_sbuf_puts(b, ")");
    }
    else if (t == jl_method_instance_type) {
        jl_method_instance_t *mi = (jl_method_instance_t *)v;
        jl_sbuf_puts(b, "MethodInstance for ");
        show_value(b, mi->specTypes, depth + 1, qualify);
    }
    else if (t == jl_method_type) {
        jl_method_t *m = (jl_method_t *)v;
        show_sym(b, m->name);
        jl_sbuf_puts(b, "(...) @ ");
        show_module_path(b, m->module);
    }
    else if (t->layout && jl_datatype_nfields(t) > 0) {
        show_struct(b, v, t, depth, qualify);
    }
    else if (t->isprimitivetype) {
        show_datatype(b, t, depth, qualify);
        jl_sbuf_puts(b, "(");
        show_unsigned(b, v, (size_t)t->size);
        jl_sbuf_puts(b, ")");
    }
    else {
        show_datatype(b, t, depth, qualify);
        jl_sbuf_puts(b, "()");
    }
}

void jl_static_show_to(jl_sbuf_t *b, jl_value_t *v, int qualify)
{
    show_value(b, v, 0, qualify);
}

JL_DLLEXPORT void jl_static_show(FILE *out, jl_value_t *v)
{
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    show_value(&b, v, 0, 1);
    fwrite(b.data, 1, b.len, out);
    jl_sbuf_free(&b);
}

void jl_print_type(FILE *f, jl_value_t *t) { jl_static_show(f, t); }

/* ---------------------------------------------------------------------------------------------- */
/* Errors */

JL_NORETURN void jl_fatal_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fatal error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    exit(2);
}

static JL_NORETURN void throw_or_die(jl_datatype_t *ty, const char *msg, jl_value_t *exc)
{
    if (exc == NULL)
        jl_fatal_error("%s (during bootstrap, before %s exists)", msg,
                       ty ? jl_symbol_name(ty->name->name) : "the exception type");
    jl_throw(exc);
}

JL_DLLEXPORT void jl_error(const char *str)
{
    if (!jl_errorexception_type)
        jl_fatal_error("%s", str);
    jl_throw(jl_new_struct(jl_errorexception_type, jl_cstr_to_string(str)));
}

static jl_value_t *vformat(const char *fmt, va_list ap)
{
    char buf[1024];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;
    return jl_pchar_to_string(buf, (size_t)n);
}

JL_DLLEXPORT void jl_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jl_value_t *msg = vformat(fmt, ap);
    va_end(ap);
    if (!jl_errorexception_type)
        jl_fatal_error("%s", jl_string_data(msg));
    jl_throw(jl_new_struct(jl_errorexception_type, msg));
}

JL_DLLEXPORT void jl_exceptionf(jl_datatype_t *ty, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jl_value_t *msg = vformat(fmt, ap);
    va_end(ap);
    throw_or_die(ty, jl_string_data(msg), ty ? jl_new_struct(ty, msg) : NULL);
}

JL_DLLEXPORT void jl_argument_error(const char *str)
{
    throw_or_die(jl_argumenterror_type, str,
                 jl_argumenterror_type ? jl_new_struct(jl_argumenterror_type, jl_cstr_to_string(str)) : NULL);
}

JL_DLLEXPORT void jl_too_few_args(const char *fname, int min)
{
    jl_exceptionf(jl_argumenterror_type, "%s: too few arguments (expected %d)", fname, min);
}

JL_DLLEXPORT void jl_too_many_args(const char *fname, int max)
{
    jl_exceptionf(jl_argumenterror_type, "%s: too many arguments (expected %d)", fname, max);
}

JL_DLLEXPORT void jl_type_error_rt(const char *fname, const char *context, jl_value_t *expected, jl_value_t *got)
{
    if (!jl_typeerror_type)
        jl_fatal_error("TypeError in %s", fname);
    jl_throw(jl_new_struct(jl_typeerror_type, (jl_value_t *)jl_symbol(fname), jl_cstr_to_string(context),
                           expected, got));
}

JL_DLLEXPORT void jl_type_error(const char *fname, jl_value_t *expected, jl_value_t *got)
{
    jl_type_error_rt(fname, "", expected, got);
}

JL_DLLEXPORT void jl_undefined_var_error(jl_sym_t *var)
{
    throw_or_die(jl_undefvarerror_type, jl_symbol_name(var),
                 jl_undefvarerror_type ? jl_new_struct(jl_undefvarerror_type, (jl_value_t *)var) : NULL);
}

JL_DLLEXPORT void jl_bounds_error(jl_value_t *v, jl_value_t *idx)
{
    throw_or_die(jl_boundserror_type, "BoundsError",
                 jl_boundserror_type ? jl_new_struct(jl_boundserror_type, v, idx) : NULL);
}

JL_DLLEXPORT void jl_bounds_error_int(jl_value_t *v, size_t i)
{
    jl_bounds_error(v, jl_tuple(1, jl_box_long((int64_t)i)));
}

JL_DLLEXPORT void jl_bounds_error_ints(jl_value_t *v, size_t *idxs, size_t nidxs)
{
    jl_value_t **t = (jl_value_t **)alloca(nidxs * sizeof(jl_value_t *));
    for (size_t i = 0; i < nidxs; i++)
        t[i] = jl_box_long((int64_t)idxs[i]);
    jl_bounds_error(v, jl_tuplev(nidxs, t));
}

JL_DLLEXPORT void jl_bounds_error_tuple_int(jl_value_t **v, size_t nv, size_t i)
{
    jl_bounds_error(jl_tuplev(nv, v), jl_box_long((int64_t)i));
}

JL_DLLEXPORT void jl_method_error(jl_value_t *F, jl_value_t **args, size_t nargs, size_t world)
{
    if (!jl_methoderror_type)
        jl_fatal_error("MethodError during bootstrap");
    jl_value_t *tup = jl_tuplev(nargs, args);
    jl_throw(jl_new_struct(jl_methoderror_type, F, tup, jl_box_uint64(world)));
}

JL_DLLEXPORT void jl_inexact_error(jl_value_t *fname, jl_value_t *T, jl_value_t *val)
{
    throw_or_die(jl_inexacterror_type, "InexactError",
                 jl_inexacterror_type ? jl_new_struct(jl_inexacterror_type, fname, T, val) : NULL);
}

JL_DLLEXPORT void jl_div_by_zero(void)
{
    throw_or_die(jl_divideerror_type, "DivideError", jl_diverror_exception);
}

JL_DLLEXPORT void jl_undefref_error(void)
{
    throw_or_die(jl_undefreferror_type, "UndefRefError", jl_undefref_exception);
}

JL_DLLEXPORT void jl_throw_overflow(const char *op)
{
    jl_exceptionf(jl_overflowerror_type, "%s", op);
}

JL_DLLEXPORT jl_value_t *jl_undefref_exception;
JL_DLLEXPORT jl_value_t *jl_diverror_exception;
JL_DLLEXPORT jl_value_t *jl_stackovf_exception;
JL_DLLEXPORT jl_value_t *jl_memory_exception;

/* ---------------------------------------------------------------------------------------------- */
/* Report of an uncaught error: Base.display_error when Base can print, else a C rendering. */

static void c_show_error(jl_sbuf_t *b, jl_value_t *exc)
{
    jl_datatype_t *t = (jl_datatype_t *)jl_typeof(exc);
    if (t == jl_errorexception_type) {
        jl_value_t *msg = jl_get_nth_field(exc, 0);
        jl_sbuf_write(b, jl_string_data(msg), jl_string_len(msg));
    }
    else if (t == jl_undefvarerror_type) {
        jl_sbuf_printf(b, "UndefVarError: `%s` not defined", jl_symbol_name((jl_sym_t *)jl_get_nth_field(exc, 0)));
    }
    else if (t == jl_parseerror_type && jl_is_string(jl_get_nth_field(exc, 0))) {
        jl_value_t *msg = jl_get_nth_field(exc, 0); /* the whole report, starting "ParseError:" */
        jl_sbuf_write(b, jl_string_data(msg), jl_string_len(msg));
    }
    else if ((t == jl_argumenterror_type || t == jl_overflowerror_type) &&
             jl_is_string(jl_get_nth_field(exc, 0))) {
        show_sym(b, t->name->name);
        jl_sbuf_puts(b, ": ");
        jl_value_t *msg = jl_get_nth_field(exc, 0);
        jl_sbuf_write(b, jl_string_data(msg), jl_string_len(msg));
    }
    else if (t == jl_typeerror_type) {
        jl_sbuf_printf(b, "TypeError: in %s, expected ", jl_symbol_name((jl_sym_t *)jl_get_nth_field(exc, 0)));
        jl_static_show_to(b, jl_get_nth_field(exc, 2), 0);
        jl_sbuf_puts(b, ", got a value of type ");
        jl_static_show_to(b, jl_typeof(jl_get_nth_field(exc, 3)), 0);
    }
    else if (t == jl_methoderror_type) {
        jl_sbuf_puts(b, "MethodError: no method matching ");
        jl_static_show_to(b, jl_get_nth_field(exc, 0), 0);
        jl_sbuf_puts(b, "(");
        jl_value_t *args = jl_get_nth_field(exc, 1);
        for (size_t i = 0; i < jl_nfields_of(args); i++) {
            if (i)
                jl_sbuf_puts(b, ", ");
            jl_sbuf_puts(b, "::");
            jl_static_show_to(b, jl_typeof(jl_get_nth_field(args, i)), 0);
        }
        jl_sbuf_puts(b, ")");
    }
    else if (t == jl_divideerror_type) {
        jl_sbuf_puts(b, "DivideError: integer division error");
    }
    else {
        jl_static_show_to(b, exc, 0);
    }
}

static void c_show_backtrace(jl_sbuf_t *b, jl_value_t *bt)
{
    if (bt == NULL || !jl_is_array(bt) || jl_array_len(bt) == 0)
        return;
    jl_sbuf_puts(b, "Stacktrace:\n");
    for (size_t i = 0; i < jl_array_len(bt); i++) {
        jl_svec_t *fr = (jl_svec_t *)jl_array_ptr_ref(bt, i);
        jl_value_t *mi = jl_svecref(fr, 0);
        jl_sbuf_printf(b, " [%zu] ", i + 1);
        if (jl_is_method_instance(mi) && jl_is_method(((jl_method_instance_t *)mi)->def))
            show_sym(b, ((jl_method_t *)((jl_method_instance_t *)mi)->def)->name);
        else
            jl_sbuf_puts(b, "top-level scope");
        jl_sbuf_puts(b, "\n   @ ");
        jl_value_t *file = jl_svecref(fr, 2);
        if (jl_is_symbol(file))
            show_sym(b, (jl_sym_t *)file);
        jl_sbuf_printf(b, ":%" PRId64 "\n", jl_unbox_long(jl_svecref(fr, 3)));
    }
}

void jl_print_error_report(jl_value_t *exc, jl_value_t *bt, const char *prefix)
{
    fflush(stdout);
    jl_value_t *f = jl_base_module ? jl_get_global(jl_base_module, jl_symbol("display_error")) : NULL;
    if (f != NULL) {
        volatile int ok = 0;
        JL_TRY {
            jl_value_t *args[2] = {exc, bt ? bt : jl_nothing};
            jl_call(f, args, 2);
            ok = 1;
        }
        JL_CATCH {
            ok = 0;
        }
        if (ok)
            return;
    }
    jl_sbuf_t b;
    jl_sbuf_init(&b);
    jl_sbuf_puts(&b, prefix);
    c_show_error(&b, exc);
    jl_sbuf_puts(&b, "\n");
    c_show_backtrace(&b, bt);
    fwrite(b.data, 1, b.len, stderr);
    fflush(stderr);
    jl_sbuf_free(&b);
}

/* Core.print / Core.println: printing without Base (strings unquoted, everything else as show). */
JL_DLLEXPORT void jl_core_print(jl_value_t *v)
{
    if (jl_is_string(v))
        fwrite(jl_string_data(v), 1, jl_string_len(v), stdout);
    else
        jl_static_show(stdout, v);
}
