/* julia_internal.h: interfaces between the runtime's subsystems (not for embedding).
 * One section per subsystem file; each section is owned by that file. Debug switches live in options.h. */
#ifndef JL_INTERNAL_H
#define JL_INTERNAL_H

#include "julia.h"
#include "options.h"
#include <stdio.h>
#include <stdbool.h>

#define JL_MAX_WORLD (~(size_t)0)
#define LLT_ALIGN(x, sz) (((x) + (sz) - 1) & ~((uintptr_t)(sz) - 1))

/* ---- jloptions.c: command line ---------------------------------------------------------------- */
typedef struct {
    const char *julia_bin;       /* path of the executable */
    const char *julia_home;      /* directory holding the executable */
    const char *eval;            /* -e */
    const char *print;           /* -E */
    const char *program_file;    /* script, or NULL */
    const char *project;         /* --project */
    const char *trace_compile;   /* --trace-compile=stderr|FILE, or NULL */
    const char *outputji;        /* --output-ji */
    const char *outputso;        /* --output-so */
    const char *outputbc;        /* --output-bc (debug: dump the shadow module) */
    const char *sysimage;        /* -J / --sysimage */
    const char *cpu_target;
    int opt_level;               /* -O0..3 (default 2) */
    int check_bounds;            /* 0 default, 1 yes, 2 no */
    int incremental;             /* --output-incremental=yes */
    int use_pkgimages;           /* --pkgimages=yes|no */
    int use_compiled_modules;    /* --compiled-modules=yes|no */
    int startup_file;
    int quiet;
    int banner;
    int color;
    int compile_enabled;         /* --compile=yes|no|all|min (0 = interpret only) */
    int interactive;             /* -i */
    int history_file;
    int depwarn;
    int warn_overwrite;
    int nthreads;
    int debug_level;
    int image_verify;            /* --image-verify: check every linked function (debug) */
    int argc;                    /* remaining args (ARGS) */
    char **argv;
} jl_options_t;
extern jl_options_t jl_options;
void jl_parse_opts(int *argcp, char ***argvp);
bool jl_generating_output(void);  /* --output-ji / --output-so */

/* ---- gc.c -------------------------------------------------------------------------------------- */
void jl_gc_init(void);
void jl_gc_set_stack_base(void *base);
size_t jl_gc_total_bytes(void);
size_t jl_gc_num_collections(void);
typedef void (*jl_gc_mark_cb_t)(void);  /* called at mark time to mark C-held roots (jl_gc_mark_value) */
void jl_gc_add_mark_callback(jl_gc_mark_cb_t cb);
void jl_gc_mark_value(jl_value_t *v);   /* for mark callbacks */
int jl_gc_is_heap_object(void *p);      /* p is the start of a live collectable GC object */
/* Permanent object of sz bytes (zeroed) with header `type`: never freed. Every permanent object except
 * symbols is traced as a root at each collection, so it may reference collectable objects. */
void *jl_gc_perm_alloc(size_t sz, jl_value_t *type);
typedef struct {
    uint64_t total_allocd;     /* bytes allocated since start (objects + managed buffers) */
    uint64_t num_allocs;       /* objects allocated since start (jl_gc_alloc) */
    uint64_t num_mallocs;      /* managed buffers allocated since start (jl_gc_managed_malloc/realloc) */
    uint64_t num_freed;        /* objects freed since start */
    uint64_t num_collections;
    uint64_t total_time_ns;    /* time spent collecting */
    uint64_t live_bytes;       /* bytes live after the last collection (objects + managed buffers) */
    uint64_t heap_size;        /* bytes held from the OS for objects (pool pages in use + big objects) */
} jl_gc_stats_t;
void jl_gc_stats(jl_gc_stats_t *st);
/* Single counters, callable from Base with ccall (names as in Julia's runtime). */
JL_DLLEXPORT uint64_t jl_gc_total_hrtime(void);   /* ns spent collecting */
JL_DLLEXPORT int64_t jl_gc_live_bytes(void);
JL_DLLEXPORT uint64_t jl_gc_num_allocs(void);     /* objects + managed buffers allocated */
void jl_gc_set_stress(int on);   /* collect at every allocation (tests; also -DJL_GC_STRESS=1) */

/* ---- symbol.c ---------------------------------------------------------------------------------- */
void jl_init_common_symbols(void);
int jl_is_identifier(const char *name);
int jl_is_operator(const char *name);

/* ---- jltypes.c / datatype.c --------------------------------------------------------------------- */
void jl_init_types(void);                 /* creates Core's types (before boot.jl) */
void jl_init_core_module(void);           /* binds them in Core */
void jl_get_builtin_hooks(void);          /* after boot.jl: look up exception types defined in Julia */
jl_datatype_t *jl_new_uninitialized_datatype(void);
jl_typename_t *jl_new_typename_in(jl_sym_t *name, jl_module_t *module, int abstract, int mutabl);
jl_datatype_t *jl_new_abstracttype(jl_value_t *name, jl_module_t *module, jl_datatype_t *super, jl_svec_t *params);
jl_value_t *jl_new_generic_function(jl_sym_t *name, jl_module_t *module);
jl_value_t *jl_new_generic_function_with_supertype(jl_sym_t *name, jl_module_t *module, jl_datatype_t *st);
uint32_t jl_type_hash(jl_value_t *t);
void jl_reinstantiate_inner_types(jl_datatype_t *t);
int jl_type_is_concrete_bits(jl_value_t *t);
jl_value_t *jl_box_bits_of(jl_datatype_t *t, const void *src);     /* boxes using the small-int caches */
jl_value_t *jl_nth_tuple_type(jl_value_t *tt, size_t i);
jl_datatype_t *jl_lookup_cache_type(jl_typename_t *tn, jl_value_t **key, size_t n);
void jl_print_type(FILE *f, jl_value_t *t);   /* debug only; Julia code prints through Base.show */
extern jl_value_t *jl_vararg_any;             /* Vararg{Any} */
void jl_set_varsize_layout(jl_datatype_t *dt);  /* String, Symbol, SimpleVector */
void jl_init_box_caches(void);
size_t jl_nfields_of(jl_value_t *v);

/* ---- simplevector.c / array.c -------------------------------------------------------------------- */
jl_array_t *jl_new_array_for(jl_value_t *atype, size_t ndims, size_t *dims);
jl_value_t *jl_array_to_string(jl_array_t *a);     /* String(v::Vector{UInt8}) (takes the bytes) */
jl_array_t *jl_string_to_array(jl_value_t *s);     /* Vector{UInt8} sharing the string's bytes */
void jl_array_sizehint(jl_array_t *a, size_t sz);

/* ---- module.c ----------------------------------------------------------------------------------- */
void jl_init_modules(void);
typedef void (*jl_binding_visit_t)(jl_binding_t *b, void *ctx);
void jl_module_foreach_binding(jl_module_t *m, jl_binding_visit_t f, void *ctx);
jl_module_t *jl_module_root(jl_module_t *m);
void jl_module_full_name(jl_module_t *m, char *buf, size_t sz);   /* "Main.A.B" */
/* Binding states: owned (b->owner == m, no alias), alias (b->alias = the owned target; explicit import/using
 * or resolved through `using`), unresolved (owner NULL). jl_get_binding returns the owned target. */
jl_binding_t *jl_get_binding_for_method_def(jl_module_t *m, jl_sym_t *var); /* own, or explicitly imported */
void jl_module_use_as(jl_module_t *to, jl_module_t *from, jl_sym_t *s, jl_sym_t *asname); /* using M: s as t */
jl_value_t *jl_get_binding_type(jl_module_t *m, jl_sym_t *var);       /* Core.get_binding_type */
void jl_set_binding_type(jl_module_t *m, jl_sym_t *var, jl_value_t *ty); /* Core.set_binding_type! */
JL_DLLEXPORT void jl_set_istopmod(jl_module_t *m, uint8_t isprimary);   /* Base.jl: ccall on itself */
JL_DLLEXPORT jl_module_t *jl_base_relative_to(jl_module_t *m);          /* what `top` means in m */

/* ---- rtutils.c / task.c: exceptions, backtraces, fatal errors --------------------------------------- */
void jl_init_tasks(void *stack_base);
JL_NORETURN void jl_fatal_error(const char *fmt, ...);
void jl_push_excstack(jl_value_t *exc, jl_value_t *bt);
jl_value_t *jl_current_exception(void);
jl_value_t *jl_backtrace_from_here(int skip);
void jl_print_error_report(jl_value_t *exc, jl_value_t *bt, const char *prefix); /* "ERROR: ..." to stderr */
/* Frames: the interpreter and compiled code record (function, file, line) so uncaught errors can print a
 * stack trace. A frame is a small C struct pushed on a linked list. */
typedef struct _jl_frame_t {
    struct _jl_frame_t *prev;
    jl_method_instance_t *mi;   /* NULL for top-level scope */
    jl_module_t *module;
    jl_sym_t *file;
    int32_t line;               /* updated as statements run */
} jl_frame_t;
extern jl_frame_t *jl_current_frame;
void jl_check_stack(void);              /* throws StackOverflowError when the C stack is nearly exhausted */
/* A growable byte buffer (error messages, static show). */
typedef struct {
    char *data;
    size_t len, cap;
    char small[256];
} jl_sbuf_t;
void jl_sbuf_init(jl_sbuf_t *b);
void jl_sbuf_free(jl_sbuf_t *b);
void jl_sbuf_write(jl_sbuf_t *b, const char *s, size_t n);
void jl_sbuf_puts(jl_sbuf_t *b, const char *s);
void jl_sbuf_printf(jl_sbuf_t *b, const char *fmt, ...);
/* Julia's `show` format without Base; qualify = prefix module names (except Core) as --trace-compile does */
void jl_static_show_to(jl_sbuf_t *b, jl_value_t *v, int qualify);
JL_DLLEXPORT void jl_static_show(FILE *out, jl_value_t *v);

/* ---- parser.c (with parser-grammar.c) ----------------------------------------------------------- */
/* Parse all of `text` into Expr(:toplevel, LineNumberNode, expr, LineNumberNode, expr, ...); `lineno` is
 * the line of byte 0. A line of `;`-separated statements is one nested Expr(:toplevel, a, b).
 * Syntax errors throw a ParseError whose msg is the whole report, exactly as Julia prints it after
 * "ERROR: " (print it verbatim, without adding "ParseError: "):
 *     ParseError:\n# Error @ file.jl:LINE:COL\n<source line>\n#   └── message */
jl_value_t *jl_parse_all(const char *text, size_t len, const char *filename, int lineno);
/* Parse one top-level statement (a line of `;`-joined statements gives Expr(:toplevel, ...)) starting at
 * byte *offset; sets *offset past it and its newline. Returns NULL (and *offset = len) when only
 * whitespace/comments remain. If the input ends before the statement is complete, returns
 * Expr(:incomplete, "incomplete: ...") with Julia's messages (the REPL then asks for more lines). */
jl_value_t *jl_parse_one(const char *text, size_t len, const char *filename, int lineno, size_t *offset);
/* Meta.parse(text, offset+1; greedy): greedy parses a statement, else one atom. With endoffset == NULL the
 * whole text must be that one statement ("extra tokens after end of expression" otherwise); else
 * *endoffset is set past it (and its newline). Empty text gives `nothing`; incomplete input gives
 * Expr(:incomplete, msg); syntax errors throw ParseError (file name "none"). */
jl_value_t *jl_parse_string(const char *text, size_t len, size_t offset, int greedy, size_t *endoffset);
void jl_init_parser(void);

/* ---- macroexpand.c / lowering.c ----------------------------------------------------------------- */
jl_value_t *jl_macroexpand(jl_value_t *expr, jl_module_t *inmodule, int recursive);
/* Lower a top-level expression into a thunk (jl_code_info_t) or return a form toplevel.c handles directly. */
jl_code_info_t *jl_lower_thunk(jl_value_t *expr, jl_module_t *inmodule, const char *file, int line);
/* Lower a method body: (lambda (args...) ...) -> CodeInfo. Used by :method. */
jl_value_t *jl_expand(jl_value_t *expr, jl_module_t *inmodule);
void jl_init_lowering(void);
void jl_print_code_info(FILE *out, jl_code_info_t *ci);   /* debug: lowered code, one statement a line */

/* ---- toplevel.c --------------------------------------------------------------------------------- */
jl_value_t *jl_toplevel_eval_flex(jl_module_t *m, jl_value_t *e, int fast, int expanded);
jl_value_t *jl_load_file_string(const char *text, size_t len, const char *filename, jl_module_t *m);
jl_value_t *jl_eval_module_expr(jl_module_t *parent, jl_expr_t *ex);
extern jl_sym_t *jl_current_file;       /* file being loaded (for @__FILE__, errors) */
extern int jl_current_line;
/* Core.eval(m, ex): newest world; restores world age, file and line. jl_load wraps errors in LoadError
 * (jl_load_file_string does not) and makes paths absolute: relative to jl_current_file's directory, else
 * to the working directory (as Base.include). */
JL_DLLEXPORT jl_value_t *jl_toplevel_eval_in(jl_module_t *m, jl_value_t *ex);
JL_DLLEXPORT jl_value_t *jl_load_(jl_module_t *module, jl_value_t *path);   /* Core.include(m, path) */

/* ---- interpreter.c ------------------------------------------------------------------------------ */
jl_value_t *jl_interpret_toplevel_thunk(jl_module_t *m, jl_code_info_t *src);
jl_value_t *jl_interpret_call(jl_method_instance_t *mi, jl_value_t **args, uint32_t nargs);
jl_value_t *jl_fptr_interpret_call(jl_value_t *F, jl_value_t **args, uint32_t nargs); /* invoke of interpreted CIs */
jl_value_t *jl_eval_global_var(jl_module_t *m, jl_sym_t *e);
jl_value_t *jl_interp_intrinsic(int id, jl_value_t **args, uint32_t nargs);
/* Contract: jl_interpret_call's args[0] is the function (nargs counts it); jl_interpret_invoke takes F
 * separately with args excluding it (the `invoke` convention). gf.c calls either directly for CodeInstances
 * whose invoke == jl_fptr_interpret_call; jl_fptr_interpret_call alone re-dispatches to find its MI. */
jl_value_t *jl_interpret_invoke(jl_method_instance_t *mi, jl_value_t *F, jl_value_t **args, uint32_t nargs);
/* Method bodies are decoded once per CodeInfo (cached; the CodeInfo is kept alive): do not mutate a
 * method's CodeInfo in place after it has run (assigning a new `code` array is detected). */
/* ccall (intrinsics.c): the address a foreigncall/cglobal names (:sym, "sym", (:sym, lib) or a Ptr), and
 * calling it with arguments converted to the C types in argtypes. Expr(:foreigncall) shape: interpreter.c. */
void *jl_resolve_foreign(jl_value_t *spec, const char *what);
jl_value_t *jl_interp_ccall(void *fptr, jl_value_t *rt, jl_svec_t *argtypes, jl_value_t **args, size_t nargs);

/* ---- builtins.c: Core builtin functions ---------------------------------------------------------- */
void jl_init_builtins(void);          /* creates the builtin functions and binds them in Core */
jl_fptr_args_t jl_builtin_fptr(jl_value_t *f);  /* NULL if f is not a builtin */
jl_value_t *jl_f_tuple(jl_value_t *F, jl_value_t **args, uint32_t nargs);
jl_value_t *jl_f_getfield(jl_value_t *F, jl_value_t **args, uint32_t nargs);
jl_value_t *jl_f_apply_type(jl_value_t *F, jl_value_t **args, uint32_t nargs);
jl_value_t *jl_f__apply_iterate(jl_value_t *F, jl_value_t **args, uint32_t nargs);
jl_value_t *jl_f_isa(jl_value_t *F, jl_value_t *args[], uint32_t nargs);
jl_value_t *jl_f_typeassert(jl_value_t *F, jl_value_t *args[], uint32_t nargs);

/* ---- intrinsics (intrinsics.h lists them once, shared by interpreter and codegen) ---------------- */
#include "intrinsics.h"
enum {
#define JL_INTRINSIC_ENUM(name, nargs) jl_intrinsic_##name,
    JL_INTRINSICS_X(JL_INTRINSIC_ENUM)
#undef JL_INTRINSIC_ENUM
    jl_num_intrinsics
};
extern const char *const jl_intrinsic_names[];
extern const int jl_intrinsic_nargs[];
void jl_init_intrinsic_functions(void);   /* binds Core.Intrinsics.* */

/* ---- subtype.c ---------------------------------------------------------------------------------- */
int jl_obvious_subtype(jl_value_t *x, jl_value_t *y, int *subtype);
int jl_tuple_isa(jl_value_t **child, size_t cl, jl_datatype_t *pdt);
int jl_has_empty_intersection(jl_value_t *x, jl_value_t *y);
jl_value_t *jl_widen_type(jl_value_t *t);   /* reserved */

/* ---- gf.c: method tables, dispatch, specializations ---------------------------------------------- */
void jl_init_gf(void);
jl_method_t *jl_method_def(jl_svec_t *argdata, jl_code_info_t *f, jl_module_t *module); /* :method */
jl_method_t *jl_new_method_uninit(jl_module_t *module);
void jl_method_table_insert(jl_methtable_t *mt, jl_method_t *method);
jl_method_instance_t *jl_method_lookup(jl_value_t **args, size_t nargs, size_t world); /* args[0] = f */
jl_method_instance_t *jl_method_lookup_by_type(jl_value_t *tt, size_t world);     /* NULL if none/ambiguous */
jl_method_instance_t *jl_specializations_get_linfo(jl_method_t *m, jl_value_t *type, jl_svec_t *sparams);
jl_method_instance_t *jl_get_specialization1(jl_value_t *tt, size_t world, int mt_cache);
/* All methods that may match `types`: Vector{Any} of svec(spec_types, sparams, method, fully_covers);
 * lim = -1 no limit; returns jl_false if more than lim matches; *ambig set if ambiguous. */
jl_value_t *jl_matching_methods(jl_value_t *types, jl_value_t *mt, int lim, int include_ambiguous,
                                size_t world, size_t *min_valid, size_t *max_valid, int *ambig);
jl_method_instance_t *jl_new_method_instance_uninit(void);
jl_code_instance_t *jl_new_codeinst_uninit(jl_method_instance_t *mi, size_t min_world, size_t max_world);
jl_code_instance_t *jl_compile_method_internal(jl_method_instance_t *mi, size_t world); /* ensures `invoke` is set */
void jl_method_instance_add_backedge(jl_method_instance_t *callee, jl_method_instance_t *caller);
void jl_compile_hint(jl_value_t *tt);      /* precompile(f, (T...)) */
void jl_trace_compile(jl_method_instance_t *mi);  /* --trace-compile line */
jl_value_t *jl_gf_invoke_by_method(jl_method_t *m, jl_value_t *F, jl_value_t **args, size_t nargs);
jl_methtable_t *jl_new_method_table(jl_sym_t *name, jl_module_t *module);
jl_methtable_t *jl_method_table_for(jl_value_t *argtypes);
extern int jl_in_compile_hint;             /* >0 while compiling for a precompile statement */
extern JL_DLLEXPORT jl_methtable_t *jl_type_type_mt; /* methods whose callee is a type (constructors) */
void jl_mi_cache_insert(jl_method_instance_t *mi, jl_code_instance_t *ci);  /* link ci as mi's newest */
/* A caller whose compiled code relies on how calls of signature `typ` dispatch in `mt` (a dynamic call,
 * or one with no matching method): any method later added to mt that intersects typ invalidates it.
 * jl_compile_method_internal records these from the inferred CodeInfo's `edges` itself: an edge is a
 * MethodInstance (callee -> backedge) or a tuple type (-> this); Expr(:invoke) callees are recorded too. */
void jl_method_table_add_backedge(jl_methtable_t *mt, jl_value_t *typ, jl_method_instance_t *caller);
/* Method bits (as Julia): m->nospecialize / m->called bit k = argument slot k+2 (tuple position k+1).
 * mt->cache is a boxed UInt64 owned by gf.c (images must store NULL). Dispatch runs in
 * jl_current_task->world_age. jl_new_codeinst_uninit does not link the CodeInstance into mi->cache. */

/* ---- inference.c: type inference over lowered code ----------------------------------------------- */
/* Infer `mi` in `world`; returns the inferred (and lightly optimized) CodeInfo with ssavaluetypes,
 * slottypes and rettype filled in, calls resolved to Expr(:invoke) where dispatch is unique, and
 * edges recorded; or NULL if it cannot be inferred (fall back to interpretation). */
jl_code_info_t *jl_type_infer(jl_method_instance_t *mi, size_t world);
/* The inferred CodeInfo contract (what codegen may rely on):
 *  - ssavaluetypes: Vector{Any}, one Julia type per statement (Union{} for statements that never
 *    return); slottypes: Vector{Any}, the widened type of every slot over the whole body; rettype set.
 *  - A statement whose value inference proved constant may be replaced by the constant itself
 *    (QuoteNode-wrapped when it is a Symbol, Expr, QuoteNode, SSAValue... i.e. not self-quoting).
 *  - Expr(:call) whose callee is proved to dispatch to exactly one MethodInstance becomes
 *    Expr(:invoke, mi, f, args...) (mi->backedges records the caller); builtins/intrinsics stay :call
 *    with the function as a literal (not a GlobalRef) when it is constant.
 *  - Unreachable code after a call that always throws may end with ReturnNode(NULL) (unreachable).
 *  - edges: Vector{Any} of the MethodInstances this code's dispatch decisions depend on (for images).
 *    [inference.c] edges also holds call signatures (tuple types) whose result relied on the set of
 *    matching methods; backedges for both are recorded by inference itself as well. The type of an :invoke
 *    statement may be narrower than the callee's rettype (constant propagation). Narrowing of a slot by
 *    `x === nothing` / `x isa T` is visible only through statements that copy the slot into an SSA value. */
jl_value_t *jl_infer_return_type(jl_method_instance_t *mi, size_t world);  /* Any if it cannot infer */
/* The inferred return type of the method that signature tt (Tuple{typeof(f), args...}) dispatches to in the
 * current world, Any if none or unknown. For tests: ccall(:jl_infer_return_type_tt, Any, (Any,), tt). */
JL_DLLEXPORT jl_value_t *jl_infer_return_type_tt(jl_value_t *tt);

/* ---- codegen.c / jitlayers.c / aotcompile.c --------------------------------------------------------- */
void jl_init_codegen(void);
/* Compile an inferred CodeInfo for `ci` with LLVM and set ci->invoke / ci->specptr. Returns 0 on
 * failure (then the caller falls back to the interpreter). */
int jl_compile_codeinst(jl_code_instance_t *ci, jl_code_info_t *src);
void jl_codegen_stats(size_t *ncompiled, size_t *nfailed, uint64_t *ns);  /* functions compiled / fell back */
/* Images (jitlayers.c). Generated code names every runtime object through a slot `jl_gvar_<i>` (an
 * external global in the shadow module; a constant address in JIT code); i is a process-wide index. */
size_t jl_gvar_count(void);
jl_value_t *jl_gvar_object(size_t i);       /* the object of slot jl_gvar_<i> */
/* While generating output, every compiled function is recorded; compile hints, precompiled MIs and the
 * package's own methods are linked (with the workers they call directly) into the shadow module. */
struct LLVMOpaqueModule *jl_get_shadow_module(void);   /* LLVMModuleRef, or NULL if nothing was added */
size_t jl_shadow_ncodeinsts(void);
jl_code_instance_t *jl_shadow_codeinst(size_t i, const char **worker, const char **wrapper);
int jl_add_codeinst_to_shadow(jl_code_instance_t *ci);   /* 0 if ci was not compiled in this process */
void jl_write_compiler_output(void);       /* at exit when generating output (.ji/.so) */
void jl_dump_native(const char *sofile, const char *objfile);

/* ---- staticdata.c: images ------------------------------------------------------------------------ */
/* The format of a package image (.ji + .so) is documented in doc/image-format.md. Change the version
 * whenever the format changes (an older or newer image is then rejected and rebuilt). */
#define JL_IMAGE_FORMAT_VERSION 1
#define JL_IMAGE_SO_MAGIC "NCIMGSO"   /* jl_image_header.magic: these 7 characters and a NUL */
/* The header a package's .so exports as `jl_image_header` (beside `jl_fvars` and `jl_gvars`):
 *   void *jl_fvars[2 * ncodeinsts]  per native CodeInstance in fvars order: invoke wrapper, specptr worker
 *   jl_value_t *jl_gvars[ngvars]    object slots, filled by the loader (slot order = the .ji's list) */
typedef struct {
    char magic[8];              /* JL_IMAGE_SO_MAGIC */
    uint32_t format_version;    /* JL_IMAGE_FORMAT_VERSION */
    uint32_t header_size;       /* sizeof(jl_image_header_t) */
    uint8_t ji_hash[32];        /* content hash (SHA-256) of the .ji this .so belongs to */
    char build_id[128];         /* jl_build_id of the runtime that compiled it, NUL-padded */
    char cpu_target[64];        /* CPU target the code was compiled for (jl_image_cpu_target) */
    uint64_t ncodeinsts;        /* jl_fvars has 2 * ncodeinsts entries */
    uint64_t ngvars;            /* jl_gvars has ngvars entries */
} jl_image_header_t;
/* Writes the incremental image of module `toplevel_mod` and every module under it to `jifile` (atomically:
 * a temporary file renamed into place). CodeInstances in the shadow module (jl_shadow_codeinst) are the
 * native ones; after this returns, jl_image_native_codeinsts() lists them in fvars order (each one's
 * image_index is its index) and jl_image_ji_hash gives the content hash the .so header must carry.
 * Throws an ErrorException if something the package's bindings or methods need cannot be saved. */
JL_DLLEXPORT void jl_save_incremental(const char *jifile, jl_module_t *toplevel_mod);
JL_DLLEXPORT jl_value_t *jl_image_native_codeinsts(void);      /* Vector{Any}, fvars order */
void jl_image_ji_hash(uint8_t out[32]);                         /* of the last jl_save_incremental */
/* The gvars slot list to save: objects in .so slot order (default: every process-wide slot,
 * jl_gvar_object(0 .. jl_gvar_count()-1)). Call before jl_save_incremental; NULL restores the default. */
void jl_image_set_gvar_list(jl_array_t *objects);
/* After the .so is linked: records its SHA-256 in the .ji's trailer (atomic rewrite of jifile). */
JL_DLLEXPORT void jl_image_attach_so(const char *jifile, const char *sofile);
/* Loads an image: deserializes the .ji, re-inserts its methods, verifies the edges of its code, links the
 * native code of `sofile` (NULL or "" = none) by index, runs the modules' __init__ and returns the top
 * module (not bound anywhere: the caller binds/registers it). Any problem with the files (missing,
 * truncated, corrupt, other format/runtime/flags, stale dependency) throws an ErrorException whose
 * message starts with "cannot load package image"; nothing global has changed then, so the caller
 * can rebuild the cache and try again. */
JL_DLLEXPORT jl_value_t *jl_restore_incremental(const char *jifile, const char *sofile);
/* Freshness without loading: `nothing` if the image may be loaded, else a String saying why not (format,
 * runtime, flags, a changed or missing source file, a loaded dependency with another build id, the .so). */
JL_DLLEXPORT jl_value_t *jl_image_stale_reason(const char *jifile, const char *sofile);
/* The image header as a Vector{Any} of its fields (listed in doc/image-format.md, "Lifecycle"). */
JL_DLLEXPORT jl_value_t *jl_image_read_header(const char *jifile);
void jl_image_cpu_target(char *buf, size_t sz);   /* "native:<cpu>" or --cpu-target */
void jl_sha256(const void *data, size_t len, uint8_t out[32]);
JL_DLLEXPORT jl_value_t *jl_sha256_file_hex(const char *path);  /* String of 64 hex digits, or nothing */

/* ---- init.c ------------------------------------------------------------------------------------- */
extern int jl_base_loaded;                 /* Base has finished loading */
extern void *jl_main_stack_base;           /* top of the main C stack (set by main before jl_init) */
extern char *jl_build_id;                  /* runtime build id (hash of the binary's build) */
void jl_init_base(void);                   /* loads base/ (from source or the system image) */
const char *jl_get_base_dir(void);

/* ---- numfmt (support/numfmt.c) -------------------------------------------------------------------- */
#include "support/numfmt.h"

/* ---- small utilities ----------------------------------------------------------------------------- */
static inline size_t jl_nargs_of(jl_code_info_t *src) { return (size_t)src->nargs; }
uint64_t jl_hash_bytes(const void *p, size_t n, uint64_t seed);  /* rtutils.c: fast non-crypto hash */
uintptr_t jl_hash_ptr(const void *p);

#endif /* JL_INTERNAL_H */
