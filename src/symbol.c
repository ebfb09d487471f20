/* symbol.c: interned symbols. Symbols live forever in a binary tree keyed by hash then name, so pointer
 * equality is symbol equality. Also creates the well-known symbols listed in julia.h (JL_SYMS_X). */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>

static jl_sym_t *symtab = NULL;
static uint32_t gensym_counter = 0;

#define JL_DEFINE_SYM(n) JL_DLLEXPORT jl_sym_t *jl_##n##_sym;
#define JL_DEFINE_OPSYM(n, s) JL_DLLEXPORT jl_sym_t *jl_##n##_sym;
JL_SYMS_X(JL_DEFINE_SYM)
JL_OPSYMS_X(JL_DEFINE_OPSYM)
#undef JL_DEFINE_SYM
#undef JL_DEFINE_OPSYM

static uintptr_t hash_name(const char *s, size_t len)
{
    return (uintptr_t)jl_hash_bytes(s, len, 0x5f3759df);
}

static jl_sym_t *mk_symbol(const char *str, size_t len, uintptr_t h)
{
    jl_sym_t *sym = (jl_sym_t *)jl_gc_perm_alloc(sizeof(jl_sym_t) + len + 1, (jl_value_t *)jl_symbol_type);
    sym->left = sym->right = NULL;
    sym->hash = h;
    memcpy(jl_symbol_name(sym), str, len);
    jl_symbol_name(sym)[len] = 0;
    return sym;
}

/* Returns the slot where a symbol with this name is or would be. */
static jl_sym_t **symtab_lookup(jl_sym_t **ptree, const char *str, size_t len, uintptr_t h)
{
    while (*ptree != NULL) {
        jl_sym_t *node = *ptree;
        int x;
        if (h != node->hash) {
            x = h < node->hash ? -1 : 1;
        }
        else {
            const char *name = jl_symbol_name(node);
            x = strncmp(str, name, len);
            if (x == 0 && name[len] != 0)
                x = -1;
            if (x == 0)
                return ptree;
        }
        ptree = x < 0 ? &node->left : &node->right;
    }
    return ptree;
}

JL_DLLEXPORT jl_sym_t *jl_symbol_n(const char *str, size_t len)
{
    if (memchr(str, 0, len))
        jl_argument_error("Symbol name may not contain \\0");
    uintptr_t h = hash_name(str, len);
    jl_sym_t **slot = symtab_lookup(&symtab, str, len, h);
    if (*slot == NULL)
        *slot = mk_symbol(str, len, h);
    return *slot;
}

JL_DLLEXPORT jl_sym_t *jl_symbol(const char *str)
{
    return jl_symbol_n(str, strlen(str));
}

JL_DLLEXPORT jl_sym_t *jl_gensym(void)
{
    char name[32];
    snprintf(name, sizeof(name), "##%u", ++gensym_counter);
    return jl_symbol(name);
}

JL_DLLEXPORT jl_sym_t *jl_tagged_gensym(const char *str, size_t len)
{
    char buf[256];
    if (len > 200)
        len = 200;
    int n = snprintf(buf, sizeof(buf), "##%.*s#%u", (int)len, str, ++gensym_counter);
    return jl_symbol_n(buf, (size_t)n);
}

void jl_init_common_symbols(void)
{
#define JL_INIT_SYM(n) jl_##n##_sym = jl_symbol(#n);
#define JL_INIT_OPSYM(n, s) jl_##n##_sym = jl_symbol(s);
    JL_SYMS_X(JL_INIT_SYM)
    JL_OPSYMS_X(JL_INIT_OPSYM)
#undef JL_INIT_SYM
#undef JL_INIT_OPSYM
}

int jl_is_identifier(const char *name)
{
    if (!*name || (*name >= '0' && *name <= '9'))
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (!(*p == '_' || *p == '!' || *p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9')))
            return 0;
    }
    return 1;
}

/* Operator names that print as `:+` and parse as operators (ASCII list; Unicode math symbols by category). */
#include <utf8proc.h>
int jl_is_operator(const char *name)
{
    static const char *const ops[] = {
        "+", "-", "*", "/", "\\", "^", "%", "÷", "//", "&", "|", "~", "!", "==", "!=", "===", "!==", "<", ">",
        "<=", ">=", "<<", ">>", ">>>", "=>", "->", "|>", "<|", ":", "..", "...", "<:", ">:", "∘", "⊻", "≤",
        "≥", "≠", "∈", "∉", "⊆", "⊇", "∪", "∩", "×", "⋅", "√", "∛", "≈", "≡", "++", "in", "isa", "::", "'",
        ".+", ".-", ".*", "./", ".^", ".==", ".<", ".>", "&&", "||", NULL};
    for (int i = 0; ops[i]; i++)
        if (!strcmp(name, ops[i]))
            return 1;
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)name, -1, &c);
    if (n > 1 && name[n] == 0)
        return utf8proc_category(c) == UTF8PROC_CATEGORY_SM;
    return 0;
}
