/* tokenize.c: the Julia 1.10 lexer (see tokenize.h): characters -> tokens, the operator table with its
 * precedence classes, and Julia's Unicode rules for identifier and operator characters.
 * Strings are lexed with a small state stack so that interpolations `$x` and `$( ... )`, nested strings
 * and command literals come out as ordinary tokens; the parser turns string chunks into values. */
#include "tokenize.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---------------------------------------------------------------------------------------------- */
/* Operator table */

/* Every operator, by precedence class (space separated). The named ones (JL_OP_*) come first. */
static const struct { const char *name; uint8_t prec; } named_ops[JL_OP_NUM_NAMED] = {
    {"=", JL_PREC_ASSIGN}, {"~", JL_PREC_ASSIGN}, {"=>", JL_PREC_PAIR}, {"?", JL_PREC_COND},
    {"-->", JL_PREC_ARROW}, {"||", JL_PREC_LAZYOR}, {"&&", JL_PREC_LAZYAND},
    {"<:", JL_PREC_COMPARISON}, {">:", JL_PREC_COMPARISON}, {"in", JL_PREC_COMPARISON},
    {"isa", JL_PREC_COMPARISON}, {"\xe2\x88\x88", JL_PREC_COMPARISON}, {"<|", JL_PREC_PIPE},
    {"|>", JL_PREC_PIPE}, {":", JL_PREC_COLON}, {"..", JL_PREC_COLON}, {"$", JL_PREC_PLUS},
    {"+", JL_PREC_PLUS}, {"-", JL_PREC_PLUS}, {"++", JL_PREC_PLUS}, {"\xc2\xb1", JL_PREC_PLUS},
    {"\xe2\x88\x93", JL_PREC_PLUS}, {"*", JL_PREC_TIMES}, {"&", JL_PREC_TIMES},
    {"\xe2\x8b\x86", JL_PREC_TIMES}, {"//", JL_PREC_RATIONAL}, {"^", JL_PREC_POWER},
    {"::", JL_PREC_DECL}, {"where", JL_PREC_WHERE}, {".", JL_PREC_DOT}, {"!", JL_PREC_NONE},
    {"'", JL_PREC_NONE}, {".'", JL_PREC_NONE}, {"->", JL_PREC_NONE}, {"...", JL_PREC_NONE},
    {"\xc2\xac", JL_PREC_NONE}, {"\xe2\x88\x9a", JL_PREC_NONE}, {"\xe2\x88\x9b", JL_PREC_NONE},
    {"\xe2\x88\x9c", JL_PREC_NONE}, {":=", JL_PREC_ASSIGN}, {"\xe2\x89\x94", JL_PREC_ASSIGN},
    {"\xe2\xa9\xb4", JL_PREC_ASSIGN},
};

static const char *const op_lists[] = {
    [JL_PREC_ASSIGN] = "+= -= *= /= //= |= ^= ÷= %= <<= >>= >>>= \\= &= $= ⊻= ≕",
    [JL_PREC_ARROW] =
        "<-- <--> ← → ↔ ↚ ↛ ↞ ↠ ↢ ↣ ↤ ↦ ↮ ⇎ ⇍ ⇏ ⇐ ⇒ ⇔ ⇴ ⇶ ⇷ ⇸ ⇹ ⇺ ⇻ ⇼ ⇽ ⇾ ⇿ ⟵ ⟶ ⟷ ⟹ ⟺ ⟻ ⟼ ⟽ ⟾ ⟿ "
        "⤀ ⤁ ⤂ ⤃ ⤄ ⤅ ⤆ ⤇ ⤌ ⤍ ⤎ ⤏ ⤐ ⤑ ⤔ ⤕ ⤖ ⤗ ⤘ ⤝ ⤞ ⤟ ⤠ ⥄ ⥅ ⥆ ⥇ ⥈ ⥊ ⥋ ⥎ ⥐ ⥒ ⥓ ⥖ ⥗ ⥚ ⥛ ⥞ ⥟ "
        "⥢ ⥤ ⥦ ⥧ ⥨ ⥩ ⥪ ⥫ ⥬ ⥭ ⥰ ⧴ ⬱ ⬰ ⬲ ⬳ ⬴ ⬵ ⬶ ⬷ ⬸ ⬹ ⬺ ⬻ ⬼ ⬽ ⬾ ⬿ ⭀ ⭁ ⭂ ⭃ ⭄ ⭇ ⭈ ⭉ ⭊ ⭋ ⭌ "
        "￩ ￫ ⇜ ⇝ ↜ ↝ ↩ ↪ ↫ ↬ ↼ ↽ ⇀ ⇁ ⇄ ⇆ ⇇ ⇉ ⇋ ⇌ ⇚ ⇛ ⇠ ⇢ ↷ ↶ ↺ ↻",
    [JL_PREC_COMPARISON] =
        "> < >= ≥ <= ≤ == === ≡ != ≠ !== ≢ ∉ ∋ ∌ ⊆ ⊈ ⊂ ⊄ ⊊ ∝ ∊ ∍ ∥ ∦ ∷ ∺ ∻ ∽ ∾ ≁ ≃ ≂ ≄ ≅ ≆ ≇ ≈ ≉ "
        "≊ ≋ ≌ ≍ ≎ ≐ ≑ ≒ ≓ ≖ ≗ ≘ ≙ ≚ ≛ ≜ ≝ ≞ ≟ ≣ ≦ ≧ ≨ ≩ ≪ ≫ ≬ ≭ ≮ ≯ ≰ ≱ ≲ ≳ ≴ ≵ ≶ ≷ ≸ ≹ ≺ ≻ ≼ ≽ "
        "≾ ≿ ⊀ ⊁ ⊃ ⊅ ⊇ ⊉ ⊋ ⊏ ⊐ ⊑ ⊒ ⊜ ⊩ ⊬ ⊮ ⊰ ⊱ ⊲ ⊳ ⊴ ⊵ ⊶ ⊷ ⋍ ⋐ ⋑ ⋕ ⋖ ⋗ ⋘ ⋙ ⋚ ⋛ ⋜ ⋝ ⋞ ⋟ ⋠ ⋡ "
        "⋢ ⋣ ⋤ ⋥ ⋦ ⋧ ⋨ ⋩ ⋪ ⋫ ⋬ ⋭ ⋲ ⋳ ⋴ ⋵ ⋶ ⋷ ⋸ ⋹ ⋺ ⋻ ⋼ ⋽ ⋾ ⋿ ⟈ ⟉ ⟒ ⦷ ⧀ ⧁ ⧡ ⧣ ⧤ ⧥ ⩦ ⩧ ⩪ ⩫ ⩬ ⩭ "
        "⩮ ⩯ ⩰ ⩱ ⩲ ⩳ ⩵ ⩶ ⩷ ⩸ ⩹ ⩺ ⩻ ⩼ ⩽ ⩾ ⩿ ⪀ ⪁ ⪂ ⪃ ⪄ ⪅ ⪆ ⪇ ⪈ ⪉ ⪊ ⪋ ⪌ ⪍ ⪎ ⪏ ⪐ ⪑ ⪒ ⪓ ⪔ ⪕ ⪖ ⪗ ⪘ "
        "⪙ ⪚ ⪛ ⪜ ⪝ ⪞ ⪟ ⪠ ⪡ ⪢ ⪣ ⪤ ⪥ ⪦ ⪧ ⪨ ⪩ ⪪ ⪫ ⪬ ⪭ ⪮ ⪯ ⪰ ⪱ ⪲ ⪳ ⪴ ⪵ ⪶ ⪷ ⪸ ⪹ ⪺ ⪻ ⪼ ⪽ ⪾ ⪿ ⫀ ⫁ ⫂ "
        "⫃ ⫄ ⫅ ⫆ ⫇ ⫈ ⫉ ⫊ ⫋ ⫌ ⫍ ⫎ ⫏ ⫐ ⫑ ⫒ ⫓ ⫔ ⫕ ⫖ ⫗ ⫘ ⫙ ⫷ ⫸ ⫹ ⫺ ⊢ ⊣ ⟂ ⫪ ⫫",
    [JL_PREC_COLON] = "… ⁝ ⋮ ⋱ ⋰ ⋯",
    [JL_PREC_PLUS] = "⊕ ⊖ ⊞ ⊟ | ∪ ∨ ⊔ ∔ ∸ ≏ ⊎ ⊻ ⊽ ⋎ ⋓ ⧺ ⧻ ⨈ ⨢ ⨣ ⨤ ⨥ ⨦ ⨧ ⨨ ⨩ ⨪ ⨫ ⨬ ⨭ ⨮ ⨹ ⨺ ⩁ ⩂ ⩅ "
                     "⩊ ⩌ ⩏ ⩐ ⩒ ⩔ ⩖ ⩗ ⩛ ⩝ ⩡ ⩢ ⩣ ¦",
    [JL_PREC_TIMES] = "/ ÷ % ⋅ ∘ × \\ ∩ ∧ ⊗ ⊘ ⊙ ⊚ ⊛ ⊠ ⊡ ⊓ ∗ ∙ ∤ ⅋ ≀ ⊼ ⋄ ⋇ ⋉ ⋊ ⋋ ⋌ ⋏ ⋒ ⟑ ⦸ ⦼ ⦾ ⦿ ⧶ ⧷ "
                      "⨇ ⨰ ⨱ ⨲ ⨳ ⨴ ⨵ ⨶ ⨷ ⨸ ⨻ ⨼ ⨽ ⩀ ⩃ ⩄ ⩋ ⩍ ⩎ ⩑ ⩓ ⩕ ⩘ ⩚ ⩜ ⩞ ⩟ ⩠ ⫛ ⊍ ▷ ⨝ ⟕ ⟖ ⟗",
    [JL_PREC_BITSHIFT] = "<< >> >>>",
    [JL_PREC_POWER] = "↑ ↓ ⇵ ⟰ ⟱ ⤈ ⤉ ⤊ ⤋ ⤒ ⤓ ⥉ ⥌ ⥍ ⥏ ⥑ ⥔ ⥕ ⥘ ⥙ ⥜ ⥝ ⥠ ⥡ ⥣ ⥥ ⥮ ⥯ ￪ ￬",
};
#define N_PREC_LISTS ((int)(sizeof(op_lists) / sizeof(op_lists[0])))

#define MAX_OPS 1024
static jl_opinfo_t op_storage[MAX_OPS];
const jl_opinfo_t *jl_op_table = op_storage;
int jl_op_count = 0;
static char op_names[16384];
static size_t op_names_used;

/* open-addressed hash from spelling to table index */
#define OP_HASH_SIZE 2048
static int16_t op_hash[OP_HASH_SIZE];

/* single non-ASCII character operators, sorted by code point */
typedef struct { uint32_t c; int16_t op; } uniop_t;
static uniop_t uniops[MAX_OPS];
static int n_uniops;

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

int jl_op_lookup(const char *s, size_t n)
{
    uint32_t h = hash_str(s, n) & (OP_HASH_SIZE - 1);
    while (op_hash[h] >= 0) {
        const jl_opinfo_t *o = &op_storage[op_hash[h]];
        if (o->len == n && memcmp(o->name, s, n) == 0)
            return op_hash[h];
        h = (h + 1) & (OP_HASH_SIZE - 1);
    }
    return -1;
}

static void add_op(const char *s, size_t n, int prec)
{
    if (jl_op_lookup(s, n) >= 0 || jl_op_count >= MAX_OPS || op_names_used + n + 1 > sizeof(op_names))
        return;
    char *name = op_names + op_names_used;
    memcpy(name, s, n);
    name[n] = 0;
    op_names_used += n + 1;
    int idx = jl_op_count++;
    op_storage[idx].name = name;
    op_storage[idx].prec = (uint8_t)prec;
    op_storage[idx].len = (uint8_t)n;
    uint32_t h = hash_str(s, n) & (OP_HASH_SIZE - 1);
    while (op_hash[h] >= 0)
        h = (h + 1) & (OP_HASH_SIZE - 1);
    op_hash[h] = (int16_t)idx;
    int cn;
    uint32_t c = jl_utf8_decode((const uint8_t *)s, n, 0, &cn);
    if (c >= 0x80 && (size_t)cn == n && n_uniops < MAX_OPS) {
        uniops[n_uniops].c = c;
        uniops[n_uniops].op = (int16_t)idx;
        n_uniops++;
    }
}

static int cmp_uniop(const void *a, const void *b)
{
    uint32_t x = ((const uniop_t *)a)->c, y = ((const uniop_t *)b)->c;
    return x < y ? -1 : x > y;
}

static int uniop_lookup(uint32_t c)
{
    int lo = 0, hi = n_uniops - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (uniops[mid].c == c)
            return uniops[mid].op;
        if (uniops[mid].c < c)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

void jl_init_tokenizer(void)
{
    if (jl_op_count)
        return;
    memset(op_hash, 0xff, sizeof(op_hash));
    for (int i = 0; i < JL_OP_NUM_NAMED; i++)
        add_op(named_ops[i].name, strlen(named_ops[i].name), named_ops[i].prec);
    for (int p = 0; p < N_PREC_LISTS; p++) {
        const char *s = op_lists[p];
        if (!s)
            continue;
        while (*s) {
            while (*s == ' ')
                s++;
            const char *e = s;
            while (*e && *e != ' ')
                e++;
            if (e > s)
                add_op(s, (size_t)(e - s), p);
            s = e;
        }
    }
    qsort(uniops, (size_t)n_uniops, sizeof(uniop_t), cmp_uniop);
}

/* ---------------------------------------------------------------------------------------------- */
/* UTF-8 and character classes */

uint32_t jl_utf8_decode(const uint8_t *s, size_t len, size_t i, int *n)
{
    if (i >= len) {
        *n = 0;
        return JL_EOF_CHAR;
    }
    uint8_t b = s[i];
    *n = 1;
    if (b < 0x80)
        return b;
    int need;
    uint32_t c, min;
    if (b >= 0xC2 && b <= 0xDF) { need = 1; c = b & 0x1F; min = 0x80; }
    else if (b >= 0xE0 && b <= 0xEF) { need = 2; c = b & 0x0F; min = 0x800; }
    else if (b >= 0xF0 && b <= 0xF4) { need = 3; c = b & 0x07; min = 0x10000; }
    else return JL_INVALID_CHAR;
    for (int k = 1; k <= need; k++) {
        if (i + k >= len)
            return JL_INVALID_CHAR;
        uint8_t t = s[i + k];
        if ((t & 0xC0) != 0x80)
            return JL_INVALID_CHAR;
        c = (c << 6) | (t & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return JL_INVALID_CHAR;
    *n = need + 1;
    return c;
}

int jl_utf8_encode(char *buf, uint32_t c)
{
    if (c < 0x80) { buf[0] = (char)c; return 1; }
    if (c < 0x800) { buf[0] = (char)(0xC0 | (c >> 6)); buf[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        buf[0] = (char)(0xE0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (c >> 18));
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int cat_of(uint32_t c)
{
    return (int)utf8proc_category((utf8proc_int32_t)c);
}

/* Math symbols (category Sm) that Julia accepts in identifiers. */
static int is_allowed_math_symbol(uint32_t c)
{
    if (c >= 0x2140 && c <= 0x2144) return 1;
    if (c == 0x223f || c == 0x22be || c == 0x22bf || c == 0x22a4 || c == 0x22a5) return 1;
    if (c >= 0x2200 && c <= 0x2233)
        return c == 0x2202 || c == 0x2205 || c == 0x2206 || c == 0x2207 || c == 0x220e || c == 0x220f ||
               c == 0x2210 || c == 0x2211 || c == 0x221e || c == 0x221f || c >= 0x222b;
    if (c >= 0x22c0 && c <= 0x22c3) return 1;
    if (c >= 0x25f8 && c <= 0x25ff) return 1;
    if (c == 0x266f || c == 0x27d8 || c == 0x27d9 || (c >= 0x27c0 && c <= 0x27c1)) return 1;
    if ((c >= 0x29b0 && c <= 0x29b4) || (c >= 0x2a00 && c <= 0x2a06) || (c >= 0x2a09 && c <= 0x2a16)) return 1;
    if (c == 0x2a1b || c == 0x2a1c) return 1;
    return 0;
}

static int is_cat_id_start(uint32_t c, int cat)
{
    switch (cat) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_SC:
        return 1;
    case UTF8PROC_CATEGORY_SO:
        return !(c >= 0x2190 && c <= 0x21ff) && c != 0xfffc && c != 0xfffd && c != 0x233f && c != 0x00a6;
    default:
        break;
    }
    if (c >= 0x2140 && c <= 0x2a1c && is_allowed_math_symbol(c)) return 1;
    if (c == 0x1d6c1 || c == 0x1d6db || c == 0x1d6fb || c == 0x1d715 || c == 0x1d735 || c == 0x1d74f ||
        c == 0x1d76f || c == 0x1d789 || c == 0x1d7a9 || c == 0x1d7c3)
        return 1;
    if ((c >= 0x207a && c <= 0x207e) || (c >= 0x208a && c <= 0x208e)) return 1;
    if ((c >= 0x2220 && c <= 0x2222) || (c >= 0x299b && c <= 0x29af)) return 1;
    if (c == 0x2118 || c == 0x212e || (c >= 0x309b && c <= 0x309c)) return 1;
    if (c >= 0x1d7ce && c <= 0x1d7e1) return 1;
    return 0;
}

int jl_is_id_start_char(uint32_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
        return 1;
    if (c < 0xA1 || c > 0x10ffff)
        return 0;
    return is_cat_id_start(c, cat_of(c));
}

int jl_is_id_char(uint32_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9') || c == '!')
        return 1;
    if (c < 0xA1 || c > 0x10ffff)
        return 0;
    int cat = cat_of(c);
    if (is_cat_id_start(c, cat))
        return 1;
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ND ||
        cat == UTF8PROC_CATEGORY_PC || cat == UTF8PROC_CATEGORY_SK || cat == UTF8PROC_CATEGORY_ME ||
        cat == UTF8PROC_CATEGORY_NO || (c >= 0x2032 && c <= 0x2037) || c == 0x2057)
        return 1;
    return 0;
}

static const char op_suffix_chars[] =
    "²³¹ʰʲʳʷʸˡˢˣᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁᵂᵃᵇᵈᵉᵍᵏᵐᵒᵖᵗᵘᵛᵝᵞᵟᵠᵡᵢᵣᵤᵥᵦᵧᵨᵩᵪᶜᶠᶥᶦᶫᶰᶸᶻᶿ′″‴‵‶‷⁗⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉"
    "₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜⱼⱽꜛꜜꜝ";

int jl_is_op_suffix_char(uint32_t c)
{
    if (c < 0xA1 || c > 0x10ffff)
        return 0;
    int cat = cat_of(c);
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME)
        return 1;
    const uint8_t *s = (const uint8_t *)op_suffix_chars;
    size_t n = sizeof(op_suffix_chars) - 1, i = 0;
    while (i < n) {
        int k;
        uint32_t d = jl_utf8_decode(s, n, i, &k);
        if (d == c)
            return 1;
        i += k ? (size_t)k : 1;
    }
    return 0;
}

int jl_is_julia_whitespace(uint32_t c)
{
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xfeff)
        return 1;
    if (c >= 0xa0 && c <= 0x10ffff && c != JL_EOF_CHAR)
        return cat_of(c) == UTF8PROC_CATEGORY_ZS;
    return 0;
}

static int is_invisible_char(uint32_t c)
{
    return c == 0xad || (c >= 0x200b && c <= 0x200f) || c == 0x2060 || c == 0x2061;
}

static int is_never_id_char(uint32_t c)
{
    if (c == JL_INVALID_CHAR || c > 0x10ffff)
        return 1;
    int cat = cat_of(c);
    if (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_CS)
        return 1;
    if (c < 0xff && cat >= UTF8PROC_CATEGORY_PD && cat <= UTF8PROC_CATEGORY_PO)
        return 1;
    return c == '`' || (c >= 0x27e6 && c <= 0x27ef) || (c >= 0x3008 && c <= 0x3011) ||
           (c >= 0x3014 && c <= 0x301b) || c == 0xff08 || c == 0xff09 || c == 0xff3b || c == 0xff3d;
}

static int is_operator_start_char(uint32_t c)
{
    if (c < 0x80)
        return c != 0 && strchr("=~?-|&<>:$+*^/\\%!'.", (int)c) != NULL;
    if (c == 0x2212 || c == 0xb7 || c == 0x387)
        return 1;
    return c <= 0x10ffff && uniop_lookup(c) >= 0;
}

static int is_dottable_op_start_char(uint32_t c)
{
    return c != '?' && c != '$' && c != ':' && c != '\'' && is_operator_start_char(c);
}

const char *jl_lexerr_message(int code)
{
    switch (code) {
    case JL_LEXERR_EOF_COMMENT: return "unterminated multi-line comment #= ... =#";
    case JL_LEXERR_BAD_NUMBER: return "invalid numeric constant";
    case JL_LEXERR_HEXFLOAT_P: return "hex float literal must contain `p` or `P`";
    case JL_LEXERR_AMBIG_DOT:
        return "ambiguous `.` syntax; add whitespace to clarify (eg `1.+2` might be `1.0+2` or `1 .+ 2`)";
    case JL_LEXERR_AMBIG_DOT_MUL:
        return "numeric constant cannot be implicitly multiplied because it ends with `.`";
    case JL_LEXERR_INTERP_TERMINATOR:
        return "interpolated variable ends with invalid character; use `$(...)` instead";
    case JL_LEXERR_BAD_UTF8: return "invalid UTF-8 sequence";
    case JL_LEXERR_INVISIBLE: return "invisible character";
    case JL_LEXERR_UNKNOWN_CHAR: return "unknown unicode character";
    case JL_LEXERR_BAD_OPERATOR: return "invalid operator";
    case JL_LEXERR_STARSTAR:
        return "use `x^y` instead of `x**y` for exponentiation, and `x...` instead of `**x` for splatting.";
    case JL_LEXERR_BIDI: return "unbalanced bidirectional unicode formatting";
    default: return "unknown error";
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Lexer primitives */

/* n-th character from pos (0 = next one to read) */
static uint32_t peekn(jl_lexer_t *lx, int n)
{
    size_t i = lx->pos;
    int k = 0;
    uint32_t c = JL_EOF_CHAR;
    for (int j = 0; j <= n; j++) {
        c = jl_utf8_decode(lx->src, lx->len, i, &k);
        if (c == JL_EOF_CHAR)
            return c;
        i += k;
    }
    return c;
}
#define peekc(lx) peekn(lx, 0)

static uint32_t readc(jl_lexer_t *lx)
{
    int k;
    uint32_t c = jl_utf8_decode(lx->src, lx->len, lx->pos, &k);
    lx->pos += k;
    if (c == '\n')
        lx->line++;
    return c;
}

static int accept(jl_lexer_t *lx, uint32_t c)
{
    if (peekc(lx) == c) {
        readc(lx);
        return 1;
    }
    return 0;
}

static int accept_any(jl_lexer_t *lx, const char *set)
{
    uint32_t c = peekc(lx);
    if (c < 0x80 && c != 0 && strchr(set, (int)c)) {
        readc(lx);
        return 1;
    }
    if (c == 0x2212 && strchr(set, '-')) {  /* U+2212 minus sign counts as '-' in exponents */
        readc(lx);
        return 1;
    }
    return 0;
}

static int takes_suffix(int op)
{
    if (op < 0)
        return 0;
    const jl_opinfo_t *o = &op_storage[op];
    if (o->prec == JL_PREC_ASSIGN)
        return 0;
    switch (op) {
    case JL_OP_DOTS: case JL_OP_QUESTION: case JL_OP_SUBTYPE: case JL_OP_SUPERTYPE: case JL_OP_ANDAND:
    case JL_OP_OROR: case JL_OP_IN: case JL_OP_ISA: case JL_OP_COLON: case JL_OP_DOTDOT:
    case JL_OP_DOLLAR: case JL_OP_DECL: case JL_OP_WHERE: case JL_OP_DOT: case JL_OP_NOT:
    case JL_OP_DOTPRIME: case JL_OP_ARROW: case JL_OP_NEG: case JL_OP_SQRT: case JL_OP_CBRT:
    case JL_OP_QDRT:
        return 0;
    default:
        return 1;
    }
}

static void emit(jl_lexer_t *lx, jl_token_t *t, int kind, int op)
{
    int suffixed = 0;
    size_t sfx_start = lx->pos;
    if (kind == JL_T_OP && takes_suffix(op)) {
        while (jl_is_op_suffix_char(peekc(lx))) {
            readc(lx);
            suffixed = 1;
        }
    }
    t->start = (uint32_t)lx->tok_start;
    t->end = (uint32_t)lx->pos;
    t->line = lx->tok_line;
    t->kind = (uint8_t)kind;
    t->op = (uint16_t)(op < 0 ? 0 : op);
    t->ws = (uint8_t)(lx->pending_ws || kind == JL_T_NEWLINE);
    t->sfxlen = (uint16_t)(lx->pos - sfx_start > 0xffff ? 0xffff : lx->pos - sfx_start);
    t->dotted = (uint8_t)lx->dotop;
    t->suffixed = (uint8_t)suffixed;
    lx->pending_ws = (kind == JL_T_NEWLINE);
    lx->dotop = 0;
    lx->last_kind = kind;
    lx->last_op = op;
}

static void emit_op(jl_lexer_t *lx, jl_token_t *t, const char *name)
{
    int op = jl_op_lookup(name, strlen(name));
    if (op < 0)
        emit(lx, t, JL_T_ERROR, JL_LEXERR_BAD_OPERATOR);
    else
        emit(lx, t, JL_T_OP, op);
}

static void emit_err(jl_lexer_t *lx, jl_token_t *t, int code)
{
    emit(lx, t, JL_T_ERROR, code);
}

static void push_strstate(jl_lexer_t *lx, int triple, int raw, uint32_t delim)
{
    if (lx->nstrs == lx->capstrs) {
        size_t ncap = lx->capstrs ? lx->capstrs * 2 : 8;
        jl_strstate_t *p = (jl_strstate_t *)realloc(lx->strs, ncap * sizeof(jl_strstate_t));
        if (!p)
            abort();
        lx->strs = p;
        lx->capstrs = ncap;
    }
    jl_strstate_t *s = &lx->strs[lx->nstrs++];
    s->triple = (uint8_t)triple;
    s->raw = (uint8_t)raw;
    s->delim = delim;
    s->paren_depth = 0;
}

void jl_lexer_init(jl_lexer_t *lx, const char *src, size_t len, size_t offset, int32_t line)
{
    jl_init_tokenizer();
    memset(lx, 0, sizeof(*lx));
    lx->src = (const uint8_t *)src;
    lx->len = len;
    lx->pos = offset > len ? len : offset;
    lx->line = line;
    lx->last_kind = -1;
    lx->last_op = -1;
}

void jl_lexer_free(jl_lexer_t *lx)
{
    free(lx->strs);
    lx->strs = NULL;
    lx->nstrs = lx->capstrs = 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Trivia */

/* Whitespace starting with c (already read). Returns 1 if it contained a newline (a token). */
static int lex_whitespace(jl_lexer_t *lx, uint32_t c)
{
    int nl = (c == '\n');
    for (;;) {
        uint32_t pc = peekc(lx);
        if (!jl_is_julia_whitespace(pc))
            break;
        if (nl && (pc == '\n' || (pc == '\r' && peekn(lx, 1) == '\n')))
            break;
        c = readc(lx);
        if (c == '\n')
            nl = 1;
    }
    return nl;
}

/* Comment after '#' (already read). Returns 0 for a complete comment, else an error code. */
static int lex_comment(jl_lexer_t *lx)
{
    if (peekc(lx) != '=') {
        int valid = 1;
        for (;;) {
            uint32_t pc = peekc(lx);
            if (pc == '\n' || pc == JL_EOF_CHAR || (pc == '\r' && peekn(lx, 1) == '\n'))
                return valid ? 0 : JL_LEXERR_BAD_UTF8;
            if (pc == JL_INVALID_CHAR)
                valid = 0;
            readc(lx);
        }
    }
    readc(lx); /* '=' */
    int nesting = 1, valid = 1;
    uint32_t prev = 0;
    for (;;) {
        uint32_t c = readc(lx);
        if (c == JL_EOF_CHAR)
            return JL_LEXERR_EOF_COMMENT;
        if (c == JL_INVALID_CHAR)
            valid = 0;
        if (prev == '#' && c == '=') {
            nesting++;
            c = 0;
        }
        else if (prev == '=' && c == '#') {
            if (--nesting == 0)
                return valid ? 0 : JL_LEXERR_BAD_UTF8;
            c = 0;
        }
        prev = c;
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Numbers */

static int is_dec(uint32_t c) { return c >= '0' && c <= '9'; }
static int is_hex(uint32_t c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_bin(uint32_t c) { return c == '0' || c == '1'; }
static int is_oct(uint32_t c) { return c >= '0' && c <= '7'; }

static int accept_number(jl_lexer_t *lx, int (*f)(uint32_t))
{
    int any = 0;
    for (;;) {
        uint32_t pc = peekc(lx), ppc = peekn(lx, 1);
        if (pc == '_' && !f(ppc))
            return any;
        if (f(pc) || pc == '_')
            readc(lx);
        else
            return any;
        any = 1;
    }
}

static int accept_digits(jl_lexer_t *lx)
{
    int any = 0;
    while (is_dec(peekc(lx))) {
        readc(lx);
        any = 1;
    }
    return any;
}

static int is_exponent_start(uint32_t pc, uint32_t ppc)
{
    return (pc == 'e' || pc == 'E' || pc == 'f') && (is_dec(ppc) || ppc == '+' || ppc == '-' || ppc == 0x2212);
}

/* Lex an exponent after the mantissa; returns 0 or an error code. */
static int lex_exponent(jl_lexer_t *lx, int *kind)
{
    uint32_t pc = peekc(lx);
    *kind = pc == 'f' ? JL_T_FLOAT32 : JL_T_FLOAT;
    readc(lx);
    accept_any(lx, "+-");
    if (!accept_digits(lx))
        return JL_LEXERR_BAD_NUMBER;
    if (peekc(lx) == '.' && !is_dottable_op_start_char(peekn(lx, 1))) {
        readc(lx);
        return JL_LEXERR_BAD_NUMBER;
    }
    return 0;
}

/* A digit (or '.' then a digit, when kind is JL_T_FLOAT) has been read. */
static void lex_digit(jl_lexer_t *lx, jl_token_t *t, int kind)
{
    accept_number(lx, is_dec);
    int single_zero = (kind == JL_T_INTEGER && lx->pos - lx->tok_start == 1 && lx->src[lx->tok_start] == '0');
    uint32_t pc = peekc(lx), ppc = peekn(lx, 1);
    if (pc == '.') {
        if (ppc == '.')
            return emit(lx, t, kind, -1);
        if (kind == JL_T_FLOAT) {
            readc(lx);
            return emit_err(lx, t, JL_LEXERR_BAD_NUMBER);
        }
        if (is_dottable_op_start_char(ppc)) {
            readc(lx);
            return emit_err(lx, t, JL_LEXERR_AMBIG_DOT);
        }
        readc(lx);
        kind = JL_T_FLOAT;
        if (accept(lx, '_'))
            return emit_err(lx, t, JL_LEXERR_BAD_NUMBER);
        int had_frac = accept_number(lx, is_dec);
        pc = peekc(lx);
        ppc = peekn(lx, 1);
        if (is_exponent_start(pc, ppc)) {
            int err = lex_exponent(lx, &kind);
            if (err)
                return emit_err(lx, t, err);
        }
        else if (pc == '.' && ppc != '.' && !is_dottable_op_start_char(ppc)) {
            readc(lx);
            return emit_err(lx, t, JL_LEXERR_BAD_NUMBER);
        }
        else if (!had_frac && (jl_is_id_start_char(pc) || pc == '(' || pc == '[' || pc == '{' || pc == '@' ||
                               pc == '`' || pc == '"')) {
            return emit_err(lx, t, JL_LEXERR_AMBIG_DOT_MUL);
        }
    }
    else if (is_exponent_start(pc, ppc)) {
        int err = lex_exponent(lx, &kind);
        if (err)
            return emit_err(lx, t, err);
    }
    else if (single_zero && (pc == 'x' || pc == 'b' || pc == 'o')) {
        int had_digits = 0, isfloat = 0;
        readc(lx);
        if (pc == 'x') {
            kind = JL_T_HEXINT;
            had_digits = accept_number(lx, is_hex);
            if (peekc(lx) == '.' && peekn(lx, 1) != '.') {
                readc(lx);
                had_digits |= accept_number(lx, is_hex);
                isfloat = 1;
            }
            if (accept_any(lx, "pP")) {
                kind = JL_T_FLOAT;
                accept_any(lx, "+-");
                if (!accept_number(lx, is_dec) || !had_digits)
                    return emit_err(lx, t, JL_LEXERR_BAD_NUMBER);
            }
            else if (isfloat) {
                return emit_err(lx, t, JL_LEXERR_HEXFLOAT_P);
            }
            if (kind == JL_T_FLOAT)
                return emit(lx, t, kind, -1);
        }
        else if (pc == 'b') {
            kind = JL_T_BININT;
            had_digits = accept_number(lx, is_bin);
        }
        else {
            kind = JL_T_OCTINT;
            had_digits = accept_number(lx, is_oct);
        }
        uint32_t c = peekc(lx);
        if (!had_digits || is_dec(c) || jl_is_id_start_char(c)) {
            while (is_dec(peekc(lx)) || jl_is_id_start_char(peekc(lx)))
                readc(lx);
            return emit_err(lx, t, JL_LEXERR_BAD_NUMBER);
        }
    }
    emit(lx, t, kind, -1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Identifiers and keywords */

static const struct { const char *s; int k; } keywords[] = {
    {"baremodule", JL_T_BAREMODULE}, {"begin", JL_T_BEGIN}, {"break", JL_T_BREAK}, {"catch", JL_T_CATCH},
    {"const", JL_T_CONST}, {"continue", JL_T_CONTINUE}, {"do", JL_T_DO}, {"else", JL_T_ELSE},
    {"elseif", JL_T_ELSEIF}, {"end", JL_T_END}, {"export", JL_T_EXPORT}, {"finally", JL_T_FINALLY},
    {"for", JL_T_FOR}, {"function", JL_T_FUNCTION}, {"global", JL_T_GLOBAL}, {"if", JL_T_IF},
    {"import", JL_T_IMPORT}, {"let", JL_T_LET}, {"local", JL_T_LOCAL}, {"macro", JL_T_MACRO},
    {"module", JL_T_MODULE}, {"quote", JL_T_QUOTE}, {"return", JL_T_RETURN}, {"struct", JL_T_STRUCT},
    {"try", JL_T_TRY}, {"using", JL_T_USING}, {"while", JL_T_WHILE}, {"true", JL_T_TRUE},
    {"false", JL_T_FALSE}, {"abstract", JL_T_ABSTRACT}, {"as", JL_T_AS}, {"doc", JL_T_DOC},
    {"mutable", JL_T_MUTABLE}, {"outer", JL_T_OUTER}, {"primitive", JL_T_PRIMITIVE}, {"type", JL_T_TYPE},
    {"var", JL_T_VAR},
};

static void lex_identifier(jl_lexer_t *lx, jl_token_t *t, uint32_t c)
{
    int ascii = c < 0x80;
    utf8proc_int32_t gstate = 0;
    for (;;) {
        uint32_t pc = peekc(lx), ppc = peekn(lx, 1);
        if (pc == '!' && ppc == '=')
            break;
        if (pc < 0x80 && ascii) {
            if (!jl_is_id_char(pc))
                break;
        }
        else {
            ascii = 0;
            if (pc == JL_EOF_CHAR || pc == JL_INVALID_CHAR)
                break;
            int brk = (c == JL_INVALID_CHAR) ? 1 :
                utf8proc_grapheme_break_stateful((utf8proc_int32_t)c, (utf8proc_int32_t)pc, &gstate);
            if (brk) {
                if (!jl_is_id_char(pc))
                    break;
            }
            else if (pc == 0x200c || pc == 0x200d) {
                utf8proc_int32_t st2 = gstate;
                if (ppc == JL_EOF_CHAR || ppc == JL_INVALID_CHAR ||
                    utf8proc_grapheme_break_stateful((utf8proc_int32_t)pc, (utf8proc_int32_t)ppc, &st2))
                    break;
            }
        }
        c = readc(lx);
    }
    size_t n = lx->pos - lx->tok_start;
    const char *s = (const char *)lx->src + lx->tok_start;
    if (n <= 10) {
        for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
            if (strlen(keywords[i].s) == n && memcmp(keywords[i].s, s, n) == 0)
                return emit(lx, t, keywords[i].k, -1);
        }
        if (n == 2 && memcmp(s, "in", 2) == 0)
            return emit(lx, t, JL_T_OP, JL_OP_IN);
        if (n == 3 && memcmp(s, "isa", 3) == 0)
            return emit(lx, t, JL_T_OP, JL_OP_ISA);
        if (n == 5 && memcmp(s, "where", 5) == 0)
            return emit(lx, t, JL_T_OP, JL_OP_WHERE);
    }
    emit(lx, t, JL_T_IDENT, -1);
}

static int last_is_word_like(jl_lexer_t *lx)
{
    int k = lx->last_kind;
    return k == JL_T_IDENT || JL_T_IS_CONTEXTUAL(k) ||
           (k == JL_T_OP && (lx->last_op == JL_OP_IN || lx->last_op == JL_OP_ISA || lx->last_op == JL_OP_WHERE));
}

/* ---------------------------------------------------------------------------------------------- */
/* Operators and punctuation (ASCII) */

static void lex_op_char(jl_lexer_t *lx, jl_token_t *t, uint32_t c);

static void lex_dot(jl_lexer_t *lx, jl_token_t *t)
{
    if (accept(lx, '.')) {
        if (accept(lx, '.'))
            return emit(lx, t, JL_T_OP, JL_OP_DOTS);
        if (is_dottable_op_start_char(peekc(lx))) {
            readc(lx);
            return emit_err(lx, t, JL_LEXERR_BAD_OPERATOR);
        }
        return emit(lx, t, JL_T_OP, JL_OP_DOTDOT);
    }
    uint32_t pc = peekc(lx);
    if (is_dec(pc))
        return lex_digit(lx, t, JL_T_FLOAT);
    if (is_dottable_op_start_char(pc)) {
        lx->dotop = 1;
        return lex_op_char(lx, t, readc(lx));
    }
    emit(lx, t, JL_T_OP, JL_OP_DOT);
}

/* An operator character c (already read) starts the token. */
static void lex_op_char(jl_lexer_t *lx, jl_token_t *t, uint32_t c)
{
    switch (c) {
    case '+':
        if (accept(lx, '+')) return emit_op(lx, t, "++");
        if (accept(lx, '=')) return emit_op(lx, t, "+=");
        return emit(lx, t, JL_T_OP, JL_OP_PLUS);
    case '-':
        if (accept(lx, '-')) {
            if (accept(lx, '>')) return emit(lx, t, JL_T_OP, JL_OP_LONGARROW);
            return emit_err(lx, t, JL_LEXERR_BAD_OPERATOR);
        }
        if (!lx->dotop && accept(lx, '>')) return emit(lx, t, JL_T_OP, JL_OP_ARROW);
        if (accept(lx, '=')) return emit_op(lx, t, "-=");
        return emit(lx, t, JL_T_OP, JL_OP_MINUS);
    case 0x2212:
        if (accept(lx, '=')) return emit_op(lx, t, "-=");
        return emit(lx, t, JL_T_OP, JL_OP_MINUS);
    case '*':
        if (accept(lx, '*')) return emit_err(lx, t, JL_LEXERR_STARSTAR);
        if (accept(lx, '=')) return emit_op(lx, t, "*=");
        return emit(lx, t, JL_T_OP, JL_OP_STAR);
    case '/':
        if (accept(lx, '/')) {
            if (accept(lx, '=')) return emit_op(lx, t, "//=");
            return emit(lx, t, JL_T_OP, JL_OP_RATIONAL);
        }
        if (accept(lx, '=')) return emit_op(lx, t, "/=");
        return emit_op(lx, t, "/");
    case '\\':
        if (accept(lx, '=')) return emit_op(lx, t, "\\=");
        return emit_op(lx, t, "\\");
    case '^':
        if (accept(lx, '=')) return emit_op(lx, t, "^=");
        return emit(lx, t, JL_T_OP, JL_OP_CARET);
    case '%':
        if (accept(lx, '=')) return emit_op(lx, t, "%=");
        return emit_op(lx, t, "%");
    case '=':
        if (accept(lx, '=')) {
            if (accept(lx, '=')) return emit_op(lx, t, "===");
            return emit_op(lx, t, "==");
        }
        if (accept(lx, '>')) return emit(lx, t, JL_T_OP, JL_OP_PAIR);
        return emit(lx, t, JL_T_OP, JL_OP_EQ);
    case '!':
        if (accept(lx, '=')) {
            if (accept(lx, '=')) return emit_op(lx, t, "!==");
            return emit_op(lx, t, "!=");
        }
        return emit(lx, t, JL_T_OP, JL_OP_NOT);
    case '<':
        if (accept(lx, '<')) {
            if (accept(lx, '=')) return emit_op(lx, t, "<<=");
            return emit_op(lx, t, "<<");
        }
        if (accept(lx, '=')) return emit_op(lx, t, "<=");
        if (accept(lx, ':')) return emit(lx, t, JL_T_OP, JL_OP_SUBTYPE);
        if (accept(lx, '|')) return emit(lx, t, JL_T_OP, JL_OP_PIPE_LT);
        if (peekc(lx) == '-' && peekn(lx, 1) == '-') {
            readc(lx);
            readc(lx);
            if (accept(lx, '-')) return emit_err(lx, t, JL_LEXERR_BAD_OPERATOR);
            if (accept(lx, '>')) return emit_op(lx, t, "<-->");
            return emit_op(lx, t, "<--");
        }
        return emit_op(lx, t, "<");
    case '>':
        if (accept(lx, '>')) {
            if (accept(lx, '>')) {
                if (accept(lx, '=')) return emit_op(lx, t, ">>>=");
                return emit_op(lx, t, ">>>");
            }
            if (accept(lx, '=')) return emit_op(lx, t, ">>=");
            return emit_op(lx, t, ">>");
        }
        if (accept(lx, '=')) return emit_op(lx, t, ">=");
        if (accept(lx, ':')) return emit(lx, t, JL_T_OP, JL_OP_SUPERTYPE);
        return emit_op(lx, t, ">");
    case '|':
        if (accept(lx, '|')) return emit(lx, t, JL_T_OP, JL_OP_OROR);
        if (accept(lx, '=')) return emit_op(lx, t, "|=");
        if (accept(lx, '>')) return emit(lx, t, JL_T_OP, JL_OP_PIPE_GT);
        return emit_op(lx, t, "|");
    case '&':
        if (accept(lx, '&')) return emit(lx, t, JL_T_OP, JL_OP_ANDAND);
        if (accept(lx, '=')) return emit_op(lx, t, "&=");
        return emit(lx, t, JL_T_OP, JL_OP_AMP);
    case ':':
        if (accept(lx, ':')) return emit(lx, t, JL_T_OP, JL_OP_DECL);
        if (accept(lx, '=')) return emit(lx, t, JL_T_OP, JL_OP_COLONEQ);
        return emit(lx, t, JL_T_OP, JL_OP_COLON);
    case '$':
        if (accept(lx, '=')) return emit_op(lx, t, "$=");
        return emit(lx, t, JL_T_OP, JL_OP_DOLLAR);
    case '~':
        return emit(lx, t, JL_T_OP, JL_OP_TILDE);
    case '?':
        return emit(lx, t, JL_T_OP, JL_OP_QUESTION);
    case 0xf7: /* ÷ */
        if (accept(lx, '=')) return emit_op(lx, t, "÷=");
        return emit_op(lx, t, "÷");
    case 0x22bb: /* ⊻ */
        if (accept(lx, '=')) return emit_op(lx, t, "⊻=");
        return emit_op(lx, t, "⊻");
    case 0xb7: case 0x387: /* middle dots are ⋅ */
        return emit_op(lx, t, "⋅");
    case '\'':
        return emit(lx, t, JL_T_OP, JL_OP_PRIME);
    default: {
        int op = c <= 0x10ffff ? uniop_lookup(c) : -1;
        if (op >= 0)
            return emit(lx, t, JL_T_OP, op);
        return emit_err(lx, t, JL_LEXERR_UNKNOWN_CHAR);
    }
    }
}

static void lex_prime(jl_lexer_t *lx, jl_token_t *t)
{
    int k = lx->last_kind;
    if (last_is_word_like(lx) || (k == JL_T_OP && lx->last_op == JL_OP_DOT) ||
        k == JL_T_RPAREN || k == JL_T_RBRACK || k == JL_T_RBRACE ||
        (k == JL_T_OP && lx->last_op == JL_OP_PRIME) || k == JL_T_END ||
        JL_T_IS_NUMBER(k) || k == JL_T_TRUE || k == JL_T_FALSE || k == JL_T_SQUOTE) {
        return emit(lx, t, JL_T_OP, JL_OP_PRIME);
    }
    push_strstate(lx, 0, 1, '\'');
    emit(lx, t, JL_T_SQUOTE, -1);
}

static void lex_quote(jl_lexer_t *lx, jl_token_t *t)
{
    int raw = last_is_word_like(lx);
    int triple = peekc(lx) == '"' && peekn(lx, 1) == '"';
    push_strstate(lx, triple, raw, '"');
    if (triple) {
        readc(lx);
        readc(lx);
        return emit(lx, t, JL_T_TDQUOTE, -1);
    }
    emit(lx, t, JL_T_DQUOTE, -1);
}

static void lex_backtick(jl_lexer_t *lx, jl_token_t *t)
{
    int triple = peekc(lx) == '`' && peekn(lx, 1) == '`';
    push_strstate(lx, triple, 1, '`');
    if (triple) {
        readc(lx);
        readc(lx);
        return emit(lx, t, JL_T_TBACKTICK, -1);
    }
    emit(lx, t, JL_T_BACKTICK, -1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Strings */

static int string_terminates(jl_lexer_t *lx, jl_strstate_t *st)
{
    if (st->triple)
        return peekc(lx) == st->delim && peekn(lx, 1) == st->delim && peekn(lx, 2) == st->delim;
    return peekc(lx) == st->delim;
}

static void lex_string_chunk(jl_lexer_t *lx, jl_token_t *t)
{
    jl_strstate_t *st = &lx->strs[lx->nstrs - 1];
    uint32_t pc = peekc(lx);
    if (lx->last_kind == JL_T_OP && lx->last_op == JL_OP_DOLLAR && !st->raw) {
        if (pc == '(') {
            readc(lx);
            st->paren_depth++;
            return emit(lx, t, JL_T_LPAREN, -1);
        }
        if (jl_is_id_start_char(pc))
            return lex_identifier(lx, t, readc(lx));
    }
    else if (lx->last_kind == JL_T_IDENT && !st->raw &&
             !(pc == JL_EOF_CHAR || is_operator_start_char(pc) || is_never_id_char(pc))) {
        readc(lx);
        return emit_err(lx, t, JL_LEXERR_INTERP_TERMINATOR);
    }
    if (pc == JL_EOF_CHAR)
        return emit(lx, t, JL_T_EOF, -1);
    if (!st->raw && pc == '$') {
        readc(lx);
        return emit(lx, t, JL_T_OP, JL_OP_DOLLAR);
    }
    if (!st->raw && pc == '\\' && (peekn(lx, 1) == '\n' || peekn(lx, 1) == '\r')) {
        /* escaped newline: the newline and the next line's indentation are trivia */
        readc(lx);
        uint32_t c2 = readc(lx);
        if (c2 == '\r' && peekc(lx) == '\n')
            readc(lx);
        while (peekc(lx) == ' ' || peekc(lx) == '\t')
            readc(lx);
        lx->pending_ws = 1;
        lx->last_kind = -1;
        lx->tok_start = lx->pos;
        lx->tok_line = lx->line;
        return lex_string_chunk(lx, t);
    }
    if (pc == st->delim && string_terminates(lx, st)) {
        if (st->delim == '\'' && lx->last_kind == JL_T_SQUOTE && peekn(lx, 1) == '\'') {
            /* ''' is the character ' */
            readc(lx);
            return emit(lx, t, JL_T_CHARDATA, -1);
        }
        jl_strstate_t s = *st;
        lx->nstrs--;
        readc(lx);
        if (s.triple) {
            readc(lx);
            readc(lx);
            return emit(lx, t, s.delim == '"' ? JL_T_TDQUOTE : JL_T_TBACKTICK, -1);
        }
        return emit(lx, t, s.delim == '"' ? JL_T_DQUOTE : s.delim == '`' ? JL_T_BACKTICK : JL_T_SQUOTE, -1);
    }
    int valid = 1;
    for (;;) {
        pc = peekc(lx);
        if (pc == JL_EOF_CHAR)
            break;
        if (st->raw) {
            if (string_terminates(lx, st))
                break;
        }
        else {
            if (pc == '$')
                break;
            if (pc == st->delim && string_terminates(lx, st))
                break;
            if (pc == '\\' && (peekn(lx, 1) == '\n' || peekn(lx, 1) == '\r'))
                break;
        }
        if (st->triple && (pc == '\n' || pc == '\r')) {
            readc(lx);
            if (pc == '\r' && peekc(lx) == '\n')
                readc(lx);
            break;
        }
        uint32_t c = readc(lx);
        if (c == JL_INVALID_CHAR)
            valid = 0;
        if (c == '\\') {
            if (st->raw) {
                int n = 1;
                while (peekc(lx) == '\\') {
                    readc(lx);
                    n++;
                }
                if (peekc(lx) == st->delim && (n & 1))
                    readc(lx);
            }
            else {
                c = readc(lx);
                if (c == JL_EOF_CHAR)
                    break;
                if (c == JL_INVALID_CHAR)
                    valid = 0;
            }
        }
    }
    if (!valid)
        return emit_err(lx, t, JL_LEXERR_BAD_UTF8);
    emit(lx, t, st->delim == '\'' ? JL_T_CHARDATA : st->delim == '"' ? JL_T_STRING : JL_T_CMDSTRING, -1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Main entry */

static void next_code_token(jl_lexer_t *lx, jl_token_t *t, uint32_t c)
{
    switch (c) {
    case '[': return emit(lx, t, JL_T_LBRACK, -1);
    case ']': return emit(lx, t, JL_T_RBRACK, -1);
    case '(': return emit(lx, t, JL_T_LPAREN, -1);
    case ')': return emit(lx, t, JL_T_RPAREN, -1);
    case '{': return emit(lx, t, JL_T_LBRACE, -1);
    case '}': return emit(lx, t, JL_T_RBRACE, -1);
    case ',': return emit(lx, t, JL_T_COMMA, -1);
    case ';': return emit(lx, t, JL_T_SEMI, -1);
    case '@': return emit(lx, t, JL_T_AT, -1);
    case '"': return lex_quote(lx, t);
    case '`': return lex_backtick(lx, t);
    case '\'': return lex_prime(lx, t);
    case '.': return lex_dot(lx, t);
    case JL_EOF_CHAR: return emit(lx, t, JL_T_EOF, -1);
    default: break;
    }
    if (jl_is_id_start_char(c))
        return lex_identifier(lx, t, c);
    if (is_dec(c))
        return lex_digit(lx, t, JL_T_INTEGER);
    if (c == JL_INVALID_CHAR)
        return emit_err(lx, t, JL_LEXERR_BAD_UTF8);
    if (is_invisible_char(c))
        return emit_err(lx, t, JL_LEXERR_INVISIBLE);
    lex_op_char(lx, t, c);
}

void jl_lexer_next(jl_lexer_t *lx, jl_token_t *t)
{
    for (;;) {
        lx->tok_start = lx->pos;
        lx->tok_line = lx->line;
        if (lx->nstrs > 0 && lx->strs[lx->nstrs - 1].paren_depth == 0)
            return lex_string_chunk(lx, t);
        uint32_t c = readc(lx);
        if (lx->nstrs > 0) {
            jl_strstate_t *st = &lx->strs[lx->nstrs - 1];
            if (c == '(') {
                st->paren_depth++;
                return emit(lx, t, JL_T_LPAREN, -1);
            }
            if (c == ')') {
                st->paren_depth--;
                return emit(lx, t, JL_T_RPAREN, -1);
            }
        }
        if (c != JL_EOF_CHAR && jl_is_julia_whitespace(c)) {
            if (lex_whitespace(lx, c))
                return emit(lx, t, JL_T_NEWLINE, -1);
            lx->pending_ws = 1;
            lx->last_kind = -1;
            continue;
        }
        if (c == '#') {
            int err = lex_comment(lx);
            if (err)
                return emit_err(lx, t, err);
            lx->pending_ws = 1;
            lx->last_kind = -1;
            continue;
        }
        return next_code_token(lx, t, c);
    }
}
