/* julia.h: the object model of the NativeCache runtime.
 *
 * Every heap object is preceded by one header word (jl_taggedvalue_t) holding its type; the low 4 bits
 * of that word belong to the garbage collector. Types are objects (DataType, UnionAll, Union, TypeVar,
 * Vararg). Generic functions are singleton instances of their own DataType, whose TypeName owns the
 * method table. Method -> MethodInstance (one per specialization) -> CodeInstance (one per world range),
 * and a CodeInstance holds the two native entry points `invoke` and `specptr` (see doc/architecture.md).
 *
 * INVARIANTS (stated once, here):
 *  - Objects are 16-byte aligned; jl_typeof(v) is never NULL for a live object.
 *  - Symbols are interned and never freed: pointer equality is symbol equality.
 *  - A DataType's `layout` is non-NULL iff the type is concrete (or a struct whose fields are known).
 *    A field is stored inline iff its declared type is a concrete bits type (jl_isbits); otherwise the field
 *    is a jl_value_t* slot (NULL = #undef).
 *  - Arrays store elements inline iff the element type is a concrete bits type; otherwise jl_value_t*.
 *  - Types are hash-consed: two concrete DataTypes are == iff they are the same pointer
 *    (jl_apply_type returns the cached instance).
 *  - A CodeInstance is valid for worlds [min_world, max_world]; max_world == ~0 means "still valid".
 *  - Runtime objects referenced from generated code go through a slot (jl_gvars in an image, a constant
 *    pointer in JIT code); never an absolute address baked into an image.
 *  - The GC scans the C stacks conservatively and the heap precisely (see gc.c): C code may keep
 *    jl_value_t* in locals without rooting them. Pointers stored in malloc'd C memory are NOT seen:
 *    anything reachable only from C heap memory must be rooted with jl_gc_add_root().
 */
#ifndef JL_JULIA_H
#define JL_JULIA_H

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#define JL_VERSION_STRING "1.10.6"
#define JL_NATIVECACHE_VERSION "0.1.0"

#if defined(__GNUC__)
#define JL_NORETURN __attribute__((noreturn))
#define JL_UNUSED __attribute__((unused))
#define JL_DLLEXPORT __attribute__((visibility("default")))
#define JL_LIKELY(x) __builtin_expect(!!(x), 1)
#define JL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define JL_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define JL_NORETURN
#define JL_UNUSED
#define JL_DLLEXPORT
#define JL_LIKELY(x) (x)
#define JL_UNLIKELY(x) (x)
#define JL_WARN_UNUSED
#endif

/* ---------------------------------------------------------------------------------------------- */
/* Object header */

typedef struct _jl_value_t jl_value_t;

typedef struct {
    uintptr_t header;  /* type pointer | gc bits (low 4 bits) */
} jl_taggedvalue_t;

#define JL_GC_BITS_MASK ((uintptr_t)15)
#define jl_astaggedvalue(v) ((jl_taggedvalue_t *)((char *)(v) - sizeof(jl_taggedvalue_t)))
#define jl_valueof(tv) ((jl_value_t *)((char *)(tv) + sizeof(jl_taggedvalue_t)))
#define jl_typeof(v) ((jl_value_t *)(jl_astaggedvalue(v)->header & ~JL_GC_BITS_MASK))
#define jl_set_typeof(v, t) (jl_astaggedvalue(v)->header = (uintptr_t)(t) | (jl_astaggedvalue(v)->header & JL_GC_BITS_MASK))
#define jl_typeis(v, t) (jl_typeof(v) == (jl_value_t *)(t))

/* ---------------------------------------------------------------------------------------------- */
/* Core objects */

typedef struct _jl_sym_t {
    struct _jl_sym_t *left;   /* interning tree */
    struct _jl_sym_t *right;
    uintptr_t hash;           /* hash of the name */
    /* NUL-terminated name follows */
} jl_sym_t;
#define jl_symbol_name(s) ((char *)((s) + 1))

typedef struct {
    size_t length;
    /* jl_value_t *data[length] follows */
} jl_svec_t;
#define jl_svec_len(t) (((jl_svec_t *)(t))->length)
#define jl_svec_data(t) ((jl_value_t **)((char *)(t) + sizeof(jl_svec_t)))
#define jl_svecref(t, i) (jl_svec_data(t)[i])
#define jl_svecset(t, i, x) (jl_svec_data(t)[i] = (jl_value_t *)(x))

/* String: length word, then the bytes, then a NUL. */
#define jl_string_len(s) (*(size_t *)(s))
#define jl_string_data(s) ((char *)(s) + sizeof(size_t))

typedef struct _jl_array_t {
    void *data;          /* element storage (malloc'd, owned unless `shared`) */
    size_t length;       /* number of elements */
    uint16_t ndims;      /* number of dimensions (>= 1) */
    uint16_t elsize;     /* bytes per element (sizeof(void*) when ptrarray) */
    uint8_t ptrarray;    /* elements are jl_value_t* (NULL = #undef) */
    uint8_t isunion;     /* reserved */
    uint8_t shared;      /* data not owned (wraps a string or another array) */
    uint8_t pad;
    size_t maxsize;      /* capacity in elements (1-d growth) */
    size_t offset;       /* elements freed at the front (1-d deleteat!/popfirst!) */
    jl_value_t *owner;   /* object that owns `data` when shared, else NULL */
    size_t dims[];       /* ndims sizes; dims[0] == length for vectors */
} jl_array_t;
#define jl_array_len(a) (((jl_array_t *)(a))->length)
#define jl_array_data(a) (((jl_array_t *)(a))->data)
#define jl_array_ndims(a) (((jl_array_t *)(a))->ndims)
#define jl_array_dim(a, i) (((jl_array_t *)(a))->dims[i])
#define jl_array_ptr_data(a) ((jl_value_t **)((jl_array_t *)(a))->data)
#define jl_array_ptr_ref(a, i) (jl_array_ptr_data(a)[i])
#define jl_array_ptr_set(a, i, x) (jl_array_ptr_data(a)[i] = (jl_value_t *)(x))

/* ---------------------------------------------------------------------------------------------- */
/* Types */

typedef struct _jl_module_t jl_module_t;
typedef struct _jl_methtable_t jl_methtable_t;
typedef struct _jl_method_t jl_method_t;
typedef struct _jl_method_instance_t jl_method_instance_t;
typedef struct _jl_code_instance_t jl_code_instance_t;

typedef struct _jl_typename_t {
    jl_sym_t *name;          /* e.g. :Vector's typename is :Array */
    jl_module_t *module;     /* defining module */
    jl_svec_t *names;        /* field names (Symbols) */
    jl_value_t *wrapper;     /* the UnionAll (or DataType if no parameters) for `Name` */
    jl_svec_t *cache;        /* instantiated DataTypes, hash-consed (open-addressed, NULL = empty) */
    jl_methtable_t *mt;      /* method table (generic functions / constructors) */
    jl_value_t *partial;     /* reserved */
    intptr_t hash;
    int32_t n_uninitialized; /* trailing fields that may be #undef after `new` */
    uint8_t abstract;
    uint8_t mutabl;
    uint8_t mayinlinealloc;
    uint8_t pad;
    uint32_t constfields;    /* bitmask of `const` fields in mutable structs */
    int32_t max_methods;
} jl_typename_t;

typedef struct {
    uint32_t offset;         /* byte offset of the field in the object */
    uint32_t size;           /* size in bytes (sizeof(void*) if isptr) */
    uint8_t isptr;           /* field is a jl_value_t* */
} jl_fielddesc_t;

typedef struct {
    uint32_t size;           /* object size in bytes (0 for singletons) */
    uint32_t nfields;
    uint32_t npointers;      /* number of pointer fields (the GC walks them) */
    uint16_t alignment;
    uint8_t haspadding;
    uint8_t pad;
    jl_fielddesc_t fields[]; /* nfields entries */
} jl_datatype_layout_t;

typedef struct _jl_datatype_t {
    jl_typename_t *name;
    struct _jl_datatype_t *super;
    jl_svec_t *parameters;   /* type parameters */
    jl_svec_t *types;        /* field types (NULL until known for recursive definitions) */
    jl_value_t *instance;    /* the singleton instance, for singleton types */
    const jl_datatype_layout_t *layout;
    uint32_t hash;
    uint8_t hasfreetypevars; /* refers to an unbound TypeVar */
    uint8_t isconcretetype;  /* can have instances */
    uint8_t isdispatchtuple; /* a concrete tuple type usable as a dispatch key */
    uint8_t isbitstype;      /* immutable, concrete, no pointers: stored inline */
    uint8_t zeroinit;        /* instances must be zeroed */
    uint8_t isprimitivetype; /* `primitive type` (bits with no fields) */
    uint8_t ismutationfree;
    uint8_t pad;
    int32_t size;            /* == layout->size when layout is set */
} jl_datatype_t;

typedef struct {
    jl_sym_t *name;
    jl_value_t *lb;          /* lower bound */
    jl_value_t *ub;          /* upper bound */
} jl_tvar_t;

typedef struct {
    jl_tvar_t *var;
    jl_value_t *body;
} jl_unionall_t;

typedef struct {
    jl_value_t *a;
    jl_value_t *b;
} jl_uniontype_t;

typedef struct {
    jl_value_t *T;           /* NULL means Any */
    jl_value_t *N;           /* NULL means unbounded */
} jl_vararg_t;

/* ---------------------------------------------------------------------------------------------- */
/* Modules and bindings */

typedef struct _jl_binding_t {
    jl_sym_t *name;
    jl_value_t *value;          /* NULL = undefined */
    struct _jl_globalref_t *globalref;
    jl_module_t *owner;         /* module that owns the binding */
    struct _jl_binding_t *alias;/* for `import`/`using`-resolved bindings: the binding it refers to */
    jl_value_t *ty;             /* declared type (Any by default) */
    uint8_t constp;
    uint8_t exportp;
    uint8_t imported;           /* created by explicit `import` (may be extended) */
    uint8_t deprecated;
} jl_binding_t;

typedef struct _jl_bindtable_t jl_bindtable_t; /* module.c: open-addressed symbol -> binding map */

struct _jl_module_t {
    jl_sym_t *name;
    struct _jl_module_t *parent;
    jl_bindtable_t *bindings;   /* C memory: the GC marks it via jl_module_t (see gc.c) */
    jl_array_t *usings;         /* Vector{Any} of modules brought in by `using` */
    uint64_t build_id;          /* unique per module definition; images key on it */
    uint64_t uuid_hi, uuid_lo;  /* package uuid (0 for non-packages) */
    size_t primary_world;
    uint8_t istopmod;           /* Base/Core: the module used for `Base.x` lowering */
    uint8_t infer;
    uint8_t optlevel;
    uint8_t pad;
    jl_array_t *file_deps;      /* Vector{Any} of (path, hash) included while defining it */
};

typedef struct _jl_globalref_t {
    jl_module_t *mod;
    jl_sym_t *name;
    jl_binding_t *binding;      /* cached resolution, may be NULL */
} jl_globalref_t;

/* ---------------------------------------------------------------------------------------------- */
/* Functions, methods, specializations */

/* The uniform calling convention of every callable entry point (`invoke`). */
typedef jl_value_t *(*jl_fptr_args_t)(jl_value_t *F, jl_value_t **args, uint32_t nargs);
/* Same, for methods with static parameters (interpreter entry). */
typedef jl_value_t *(*jl_fptr_sparam_t)(jl_value_t *F, jl_value_t **args, uint32_t nargs, jl_svec_t *sparams);

struct _jl_methtable_t {
    jl_sym_t *name;
    jl_array_t *defs;           /* Vector{Any} of jl_method_t, in definition order */
    jl_value_t *cache;          /* dispatch cache (gf.c owns its shape) */
    intptr_t max_args;
    jl_module_t *module;
    jl_fptr_args_t builtin;     /* non-NULL for builtin functions: called directly */
    jl_value_t *kwsorter;       /* reserved */
    uint8_t frozen;
    uint8_t pad[7];
};

struct _jl_method_t {
    jl_sym_t *name;
    jl_module_t *module;
    jl_sym_t *file;
    int32_t line;
    int32_t nargs;              /* number of arguments including the function itself */
    size_t primary_world;       /* world in which the method was added */
    size_t deleted_world;       /* ~0 unless replaced by a method with the same signature */
    jl_value_t *sig;            /* Tuple{typeof(f), A, B}, possibly wrapped in UnionAlls */
    jl_svec_t *sparam_syms;     /* names of the static parameters (where T), outermost first */
    jl_array_t *specializations;/* Vector{Any} of jl_method_instance_t */
    jl_value_t *source;         /* jl_code_info_t: lowered code (uninferred) */
    jl_method_instance_t *unspecialized; /* generic fallback instance (builtins, interpreter) */
    jl_array_t *roots;          /* objects referenced by compiled code of this method */
    jl_svec_t *ambig;           /* methods this one is ambiguous with (or NULL) */
    jl_value_t *external_mt;    /* reserved */
    uint32_t nospecialize;      /* bit i: do not specialize on argument i */
    uint8_t isva;               /* last argument is a vararg */
    uint8_t pure;
    uint8_t is_for_opaque_closure;
    uint8_t constprop;
    int32_t called;             /* bitmask: arguments called as functions (specialize on them) */
};

struct _jl_method_instance_t {
    jl_value_t *def;            /* jl_method_t, or jl_module_t for a top-level thunk */
    jl_value_t *specTypes;      /* Tuple{typeof(f), Int64, ...} */
    jl_svec_t *sparam_vals;     /* values of the method's static parameters */
    jl_value_t *uninferred;     /* jl_code_info_t for thunks */
    jl_array_t *backedges;      /* Vector{Any} of jl_method_instance_t whose code depends on this one */
    jl_code_instance_t *cache;  /* linked list of CodeInstances (newest first) */
    uint8_t inInference;
    uint8_t precompiled;        /* was requested by precompile() / a compile hint */
    uint8_t pad[6];
};

struct _jl_code_instance_t {
    jl_method_instance_t *def;
    jl_code_instance_t *next;
    size_t min_world;
    size_t max_world;
    jl_value_t *rettype;        /* inferred return type */
    jl_value_t *rettype_const;  /* the returned value when the result is a known constant */
    jl_value_t *inferred;       /* jl_code_info_t after inference (optimized), or NULL */
    jl_fptr_args_t invoke;      /* uniform entry point */
    void *specptr;              /* specialized entry point (unboxed args/return) or NULL */
    uint8_t isspecsig;          /* specptr uses the specialized signature */
    uint8_t precompile;         /* compiled for an output image */
    uint8_t relocatability;
    uint8_t from_image;         /* native code was linked from an image */
    int32_t image_index;        /* fvars index in its image, -1 if none */
};

/* ---------------------------------------------------------------------------------------------- */
/* Syntax objects and lowered code (the IR the interpreter, inference and codegen share)
 *
 * Lowered code (jl_code_info_t.code) is a Vector{Any} of statements. Each statement is one of:
 *   Expr(:call, f, args...)         call (f and args are "arguments", see below)
 *   Expr(:invoke, mi, f, args...)   call resolved by inference to MethodInstance `mi`
 *   Expr(:new, T, args...)          allocate a struct with the given field values
 *   Expr(:splatnew, T, tuple)
 *   Expr(:foreigncall, ...)         ccall (see codegen.c)
 *   Expr(:(=), SlotNumber, rhs)     assignment to a local slot; rhs is an argument or a call/new expr
 *   Expr(:(=), GlobalRef, rhs)      assignment to a global
 *   Expr(:method, name)             declare a generic function
 *   Expr(:method, name, sigsvec, code_info)  add a method: sigsvec = svec(svec(types...), svec(tvars...), lnn)
 *   Expr(:enter, catch_label)       push an exception handler; control reaches catch_label on throw
 *   Expr(:leave, n)                 pop n handlers
 *   Expr(:pop_exception, token)     restore the exception stack to the state at :enter `token` (an SSAValue)
 *   Expr(:the_exception)            the current exception
 *   Expr(:static_parameter, i)      value of static parameter i (1-based)
 *   Expr(:isdefined, slot_or_globalref)
 *   Expr(:boundscheck), Expr(:inbounds, flag), Expr(:meta, ...)  hints
 *   Expr(:global, GlobalRef/Symbol), Expr(:const, GlobalRef), Expr(:toplevel, ...), Expr(:module, ...)
 *   Expr(:thunk, code_info)         top-level only
 *   Expr(:new_opaque_closure...)    unused
 *   GotoNode(label)                 jump to statement `label` (1-based)
 *   GotoIfNot(cond, label)          jump unless cond (which must be a Bool)
 *   ReturnNode(val)                 return val
 *   NewvarNode(slot)                mark a slot undefined (loop-local variables)
 *   nothing / LineNumberNode        no-ops
 * "Arguments" are: SSAValue(i) (result of statement i), SlotNumber(i) (1 = the function itself,
 * 2..nargs = arguments, then locals), Argument(i), GlobalRef(mod, name), QuoteNode(v), or a literal
 * constant (numbers, strings, Chars, types, functions, nothing...). Symbols never appear as arguments in
 * lowered code: a literal symbol is a QuoteNode.
 */

typedef struct _jl_expr_t {
    jl_sym_t *head;
    jl_array_t *args;           /* Vector{Any} */
} jl_expr_t;

typedef struct { intptr_t id; } jl_ssavalue_t;    /* Core.SSAValue */
typedef struct { intptr_t id; } jl_slotnumber_t;  /* Core.SlotNumber */
typedef struct { intptr_t n; } jl_argument_t;     /* Core.Argument */
typedef struct { intptr_t label; } jl_gotonode_t; /* Core.GotoNode */
typedef struct { jl_value_t *cond; intptr_t dest; } jl_gotoifnot_t; /* Core.GotoIfNot */
typedef struct { jl_value_t *val; } jl_returnnode_t;  /* Core.ReturnNode (val NULL = unreachable) */
typedef struct { jl_value_t *slot; } jl_newvarnode_t; /* Core.NewvarNode */
typedef struct { jl_value_t *value; } jl_quotenode_t; /* Core.QuoteNode */
typedef struct { intptr_t line; jl_value_t *file; } jl_linenumbernode_t; /* Core.LineNumberNode (line::Int, file::Any) */
typedef struct {                                  /* Core.LineInfoNode */
    jl_module_t *module;
    jl_value_t *method;         /* Symbol or MethodInstance */
    jl_sym_t *file;
    int32_t line;
    int32_t inlined_at;
} jl_lineinfonode_t;

typedef struct _jl_code_info_t {
    jl_array_t *code;           /* Vector{Any}: statements (see above) */
    jl_array_t *codelocs;       /* Vector{Int32}: per statement, index into linetable (1-based, 0 = none) */
    jl_value_t *ssavaluetypes;  /* Int (number of statements) before inference; Vector{Any} of types after */
    jl_array_t *ssaflags;       /* Vector{UInt8} (or UInt32): per statement flags */
    jl_array_t *slotnames;      /* Vector{Symbol}; slot 1 is the function itself (#self#) */
    jl_array_t *slotflags;      /* Vector{UInt8}: JL_SLOT_* */
    jl_value_t *slottypes;      /* nothing, or Vector{Any} after inference */
    jl_value_t *rettype;        /* Any before inference */
    jl_value_t *parent;         /* MethodInstance this was inferred for, or nothing */
    jl_value_t *linetable;      /* Vector{Any} of LineInfoNode */
    jl_value_t *edges;          /* nothing, or Vector{Any} of MethodInstances this code depends on */
    size_t min_world;
    size_t max_world;
    int32_t nargs;              /* number of argument slots (including #self#) */
    uint8_t isva;
    uint8_t inferred;
    uint8_t inlineable;
    uint8_t propagate_inbounds;
    uint8_t has_fcall;
    uint8_t pure;
    uint8_t pad[6];
} jl_code_info_t;

/* slot flags */
#define JL_SLOT_ASSIGNED 0x02
#define JL_SLOT_CAPTURED 0x04  /* captured by a closure (boxed) */
#define JL_SLOT_ASSIGNEDONCE 0x10
#define JL_SLOT_USEDUNDEF 0x20

/* ---------------------------------------------------------------------------------------------- */
/* Tasks and exceptions (task.c / rtutils.c). One error path: jl_throw longjmps to the innermost
 * handler; JL_TRY/JL_CATCH install one. Generated code uses the same handler records. */

typedef struct _jl_handler_t {
    sigjmp_buf eh_ctx;
    struct _jl_handler_t *prev;
    size_t excstack_depth;      /* exception stack depth at :enter (restored by :pop_exception) */
    void *frame;                /* jl_frame_t active at :enter (restored on catch) */
    size_t world_age;           /* world age at :enter (restored on catch) */
} jl_handler_t;

typedef struct _jl_task_t {
    jl_handler_t *eh;           /* innermost handler */
    jl_value_t *exception;      /* exception being thrown / caught */
    jl_array_t *excstack;       /* Vector{Any}: (exception, backtrace) pairs of the `catch` blocks entered */
    jl_value_t *bt;             /* backtrace of `exception` (Vector{Any} of frames) or NULL */
    size_t world_age;           /* world of the code now running */
    void *stack_base;           /* for conservative stack scanning */
    jl_value_t *logstate;       /* reserved */
} jl_task_t;

extern JL_DLLEXPORT jl_task_t *jl_current_task;

JL_DLLEXPORT void jl_enter_handler(jl_handler_t *eh);
JL_DLLEXPORT void jl_pop_handler(int n);
JL_DLLEXPORT void jl_restore_excstack(size_t depth);
JL_DLLEXPORT size_t jl_excstack_depth(void);

#define JL_TRY                                                  \
    int i__tr, i__ca;                                           \
    jl_handler_t __eh;                                          \
    jl_enter_handler(&__eh);                                    \
    if (!sigsetjmp(__eh.eh_ctx, 0))                             \
        for (i__tr = 1; i__tr; i__tr = 0, jl_pop_handler(1))

#define JL_CATCH                                                \
    else                                                        \
        for (i__ca = 1; i__ca; i__ca = 0, jl_restore_excstack(__eh.excstack_depth))

/* ---------------------------------------------------------------------------------------------- */
/* Well-known types and values (set up by jltypes.c: jl_init_types) */

#define JL_TYPES_X(X)                                                                   \
    X(any_type) X(type_type) X(typeofbottom_type) X(datatype_type) X(uniontype_type)    \
    X(unionall_type) X(tvar_type) X(vararg_type) X(typename_type) X(symbol_type)        \
    X(simplevector_type) X(anytuple_type) X(emptytuple_type) X(tuple_type)               \
    X(function_type) X(builtin_type) X(intrinsic_type) X(module_type) X(string_type)    \
    X(bool_type) X(char_type) X(int8_type) X(uint8_type) X(int16_type) X(uint16_type)   \
    X(int32_type) X(uint32_type) X(int64_type) X(uint64_type) X(int128_type)             \
    X(uint128_type) X(float16_type) X(float32_type) X(float64_type) X(nothing_type)      \
    X(number_type) X(real_type) X(integer_type) X(signed_type) X(unsigned_type)          \
    X(abstractfloat_type) X(abstractstring_type) X(abstractchar_type) X(exception_type)  \
    X(array_type) X(densearray_type) X(abstractarray_type)                               \
    X(array_any_type) X(array_symbol_type) X(array_uint8_type) X(array_int32_type)       \
    X(array_int64_type) X(expr_type) X(ssavalue_type) X(slotnumber_type)                 \
    X(argument_type) X(gotonode_type) X(gotoifnot_type) X(returnnode_type)               \
    X(newvarnode_type) X(quotenode_type) X(linenumbernode_type) X(lineinfonode_type)     \
    X(globalref_type) X(code_info_type) X(method_type) X(method_instance_type)           \
    X(code_instance_type) X(methtable_type) X(binding_type) X(task_type)                 \
    X(pointer_type) X(ref_type) X(voidpointer_type) X(uint8pointer_type) X(typeofvararg_type) \
    X(namedtuple_type) X(errorexception_type) X(boundserror_type) X(divideerror_type)   \
    X(inexacterror_type) X(undefvarerror_type) X(typeerror_type) X(methoderror_type)   \
    X(argumenterror_type) X(overflowerror_type) X(undefreferror_type) X(keyerror_type)   \
    X(stackoverflowerror_type) X(outofmemoryerror_type) X(domainerror_type)              \
    X(loaderror_type) X(interrupt_exception_type) X(parseerror_type)                     \
    X(undefkeyworderror_type) X(fielderror_type)

#define JL_DECLARE_TYPE(n) extern JL_DLLEXPORT jl_datatype_t *jl_##n;
JL_TYPES_X(JL_DECLARE_TYPE)
#undef JL_DECLARE_TYPE

extern JL_DLLEXPORT jl_value_t *jl_bottom_type;       /* Union{} */
extern JL_DLLEXPORT jl_unionall_t *jl_type_type_ua;  /* Type{T} where T (jl_type_type is its body) */
extern JL_DLLEXPORT jl_value_t *jl_nothing;
extern JL_DLLEXPORT jl_value_t *jl_true;
extern JL_DLLEXPORT jl_value_t *jl_false;
extern JL_DLLEXPORT jl_svec_t *jl_emptysvec;
extern JL_DLLEXPORT jl_value_t *jl_emptytuple;
extern JL_DLLEXPORT jl_value_t *jl_an_empty_string;
extern JL_DLLEXPORT jl_module_t *jl_core_module;
extern JL_DLLEXPORT jl_module_t *jl_base_module;      /* NULL until Base is defined */
extern JL_DLLEXPORT jl_module_t *jl_main_module;
extern JL_DLLEXPORT jl_module_t *jl_top_module;       /* Base if defined, else Core */
extern JL_DLLEXPORT jl_value_t *jl_undefref_exception;
extern JL_DLLEXPORT jl_value_t *jl_diverror_exception;
extern JL_DLLEXPORT jl_value_t *jl_stackovf_exception;
extern JL_DLLEXPORT jl_value_t *jl_memory_exception;
extern JL_DLLEXPORT size_t jl_world_counter;          /* the newest world */

/* Well-known symbols (symbol.c: jl_init_common_symbols) */
#define JL_SYMS_X(X)                                                                     \
    X(call) X(invoke) X(new) X(splatnew) X(foreigncall) X(method) X(enter) X(leave)       \
    X(pop_exception) X(the_exception) X(static_parameter) X(isdefined) X(boundscheck)    \
    X(inbounds) X(meta) X(global) X(local) X(const) X(toplevel) X(module) X(thunk)        \
    X(block) X(line) X(quote) X(inert) X(top) X(core) X(macrocall) X(function) X(lambda) \
    X(return) X(if) X(elseif) X(while) X(for) X(break) X(continue) X(let) X(try)          \
    X(struct) X(abstract) X(primitive) X(tuple) X(ref) X(curly) X(where) X(comparison)    \
    X(dot) X(vect) X(hcat) X(vcat) X(typed_vcat) X(typed_hcat) X(row) X(nrow) X(ncat)     \
    X(typed_ncat) X(generator) X(filter) X(flatten) X(comprehension) X(typed_comprehension) \
    X(kw) X(parameters) X(using) X(import) X(export) X(error) X(incomplete) X(macro)     \
    X(string) X(do) X(escape) X(hygienic_scope) X(copyast) X(nospecialize) X(specialize) \
    X(inline) X(noinline) X(propagate_inbounds) X(new_opaque_closure) X(gc_preserve_begin) \
    X(gc_preserve_end) X(undefcheck) X(throw_undef_if_not) X(cfunction) X(generated)      \
    X(generated_only) X(outerref) X(unnecessary) X(aliasscope) X(popaliasscope) X(loopinfo) \
    X(opaque_closure_method) X(latestworld) X(purity) X(body)
/* symbols whose names are not identifiers */
#define JL_OPSYMS_X(X)                                                                   \
    X(assign, "=") X(dots, "...") X(colon, ":") X(doublecolon, "::") X(subtype, "<:")    \
    X(supertype, ">:") X(andand, "&&") X(oror, "||") X(arrow, "->") X(dotop, ".")        \
    X(self, "#self#") X(unused, "#unused#") X(empty, "") X(dollar, "$") X(ccall, "ccall") \
    X(atinclude, "include") X(Main, "Main") X(Core, "Core") X(Base, "Base") X(ans, "ans") \
    X(eval, "eval") X(init, "__init__") X(anonymous, "#anonymous") X(star, "*")          \
    X(plus, "+") X(minus, "-") X(slash, "/") X(getproperty, "getproperty")              \
    X(setproperty, "setproperty!") X(getindex, "getindex") X(setindex, "setindex!")       \
    X(iterate, "iterate") X(convert, "convert") X(Any, "Any") X(T, "T") X(N, "N")
#define JL_DECLARE_SYM(n) extern JL_DLLEXPORT jl_sym_t *jl_##n##_sym;
#define JL_DECLARE_OPSYM(n, s) extern JL_DLLEXPORT jl_sym_t *jl_##n##_sym;
JL_SYMS_X(JL_DECLARE_SYM)
JL_OPSYMS_X(JL_DECLARE_OPSYM)
#undef JL_DECLARE_SYM
#undef JL_DECLARE_OPSYM

/* ---------------------------------------------------------------------------------------------- */
/* Type predicates */

#define jl_is_datatype(v) jl_typeis(v, jl_datatype_type)
#define jl_is_unionall(v) jl_typeis(v, jl_unionall_type)
#define jl_is_uniontype(v) jl_typeis(v, jl_uniontype_type)
#define jl_is_typevar(v) jl_typeis(v, jl_tvar_type)
#define jl_is_vararg(v) jl_typeis(v, jl_vararg_type)
#define jl_is_typename(v) jl_typeis(v, jl_typename_type)
#define jl_is_symbol(v) jl_typeis(v, jl_symbol_type)
#define jl_is_svec(v) jl_typeis(v, jl_simplevector_type)
#define jl_is_string(v) jl_typeis(v, jl_string_type)
#define jl_is_module(v) jl_typeis(v, jl_module_type)
#define jl_is_expr(v) jl_typeis(v, jl_expr_type)
#define jl_is_ssavalue(v) jl_typeis(v, jl_ssavalue_type)
#define jl_is_slotnumber(v) jl_typeis(v, jl_slotnumber_type)
#define jl_is_argument(v) jl_typeis(v, jl_argument_type)
#define jl_is_gotonode(v) jl_typeis(v, jl_gotonode_type)
#define jl_is_gotoifnot(v) jl_typeis(v, jl_gotoifnot_type)
#define jl_is_returnnode(v) jl_typeis(v, jl_returnnode_type)
#define jl_is_newvarnode(v) jl_typeis(v, jl_newvarnode_type)
#define jl_is_quotenode(v) jl_typeis(v, jl_quotenode_type)
#define jl_is_linenode(v) jl_typeis(v, jl_linenumbernode_type)
#define jl_is_globalref(v) jl_typeis(v, jl_globalref_type)
#define jl_is_code_info(v) jl_typeis(v, jl_code_info_type)
#define jl_is_method(v) jl_typeis(v, jl_method_type)
#define jl_is_method_instance(v) jl_typeis(v, jl_method_instance_type)
#define jl_is_code_instance(v) jl_typeis(v, jl_code_instance_type)
#define jl_is_nothing(v) ((jl_value_t *)(v) == jl_nothing)
#define jl_is_bool(v) jl_typeis(v, jl_bool_type)
#define jl_is_int64(v) jl_typeis(v, jl_int64_type)
#define jl_is_int32(v) jl_typeis(v, jl_int32_type)
#define jl_is_uint8(v) jl_typeis(v, jl_uint8_type)
#define jl_is_float64(v) jl_typeis(v, jl_float64_type)
#define jl_is_char(v) jl_typeis(v, jl_char_type)
#define jl_is_task(v) jl_typeis(v, jl_task_type)
#define jl_is_type(v) (jl_is_datatype(v) || jl_is_unionall(v) || jl_is_uniontype(v) || (v) == jl_bottom_type)
#define jl_is_kind(t) ((t) == (jl_value_t *)jl_datatype_type || (t) == (jl_value_t *)jl_unionall_type || \
                       (t) == (jl_value_t *)jl_uniontype_type || (t) == (jl_value_t *)jl_typeofbottom_type)
#define jl_is_array_type(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name == jl_array_typename)
#define jl_is_array(v) jl_is_array_type(jl_typeof(v))
#define jl_is_tuple_type(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name == jl_tuple_typename)
#define jl_is_tuple(v) jl_is_tuple_type(jl_typeof(v))
#define jl_is_namedtuple_type(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name == jl_namedtuple_typename)
#define jl_is_type_type(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name == jl_type_typename)
#define jl_is_concrete_type(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->isconcretetype)
#define jl_isbits(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->isbitstype)
#define jl_is_primitivetype(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->isprimitivetype)
#define jl_is_mutable(t) (((jl_datatype_t *)(t))->name->mutabl)
#define jl_is_abstracttype(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name->abstract)
#define jl_is_mutable_datatype(t) (jl_is_datatype(t) && ((jl_datatype_t *)(t))->name->mutabl)
#define jl_is_immutable_datatype(t) (jl_is_datatype(t) && !((jl_datatype_t *)(t))->name->mutabl)
#define jl_is_structtype(t) (jl_is_datatype(t) && !((jl_datatype_t *)(t))->name->abstract && \
                             !((jl_datatype_t *)(t))->isprimitivetype)
#define jl_datatype_size(t) (((jl_datatype_t *)(t))->size)
#define jl_datatype_nfields(t) (((jl_datatype_t *)(t))->layout->nfields)
#define jl_field_offset(t, i) (((jl_datatype_t *)(t))->layout->fields[i].offset)
#define jl_field_size(t, i) (((jl_datatype_t *)(t))->layout->fields[i].size)
#define jl_field_isptr(t, i) (((jl_datatype_t *)(t))->layout->fields[i].isptr)
#define jl_field_type(t, i) jl_svecref(((jl_datatype_t *)(t))->types, i)
#define jl_field_names(t) (((jl_datatype_t *)(t))->name->names)
#define jl_tparam(t, i) jl_svecref(((jl_datatype_t *)(t))->parameters, i)
#define jl_tparam0(t) jl_tparam(t, 0)
#define jl_nparams(t) jl_svec_len(((jl_datatype_t *)(t))->parameters)
#define jl_exprarg(e, n) jl_array_ptr_ref(((jl_expr_t *)(e))->args, n)
#define jl_exprargset(e, n, v) jl_array_ptr_set(((jl_expr_t *)(e))->args, n, v)
#define jl_expr_nargs(e) jl_array_len(((jl_expr_t *)(e))->args)
#define jl_gf_mtable(f) (((jl_datatype_t *)jl_typeof(f))->name->mt)
#define jl_gf_name(f) (jl_gf_mtable(f)->name)

extern JL_DLLEXPORT jl_typename_t *jl_array_typename;
extern JL_DLLEXPORT jl_typename_t *jl_tuple_typename;
extern JL_DLLEXPORT jl_typename_t *jl_type_typename;
extern JL_DLLEXPORT jl_typename_t *jl_namedtuple_typename;
extern JL_DLLEXPORT jl_typename_t *jl_pointer_typename;
extern JL_DLLEXPORT jl_typename_t *jl_vecelement_typename;

/* ---------------------------------------------------------------------------------------------- */
/* Allocation and construction (gc.c, datatype.c, simplevector.c, array.c, symbol.c, ...) */

JL_DLLEXPORT jl_value_t *jl_gc_alloc(size_t sz, jl_value_t *type);  /* zeroed object of sz bytes */
JL_DLLEXPORT void jl_gc_collect(int full);
JL_DLLEXPORT void jl_gc_add_root(jl_value_t **slot);   /* a C global holding a jl_value_t* */
JL_DLLEXPORT void *jl_gc_managed_malloc(size_t sz);    /* buffer counted towards GC pressure */
JL_DLLEXPORT void *jl_gc_managed_realloc(void *p, size_t sz, size_t oldsz);
JL_DLLEXPORT void jl_gc_managed_free(void *p, size_t sz);
JL_DLLEXPORT void jl_gc_enable(int on);
JL_DLLEXPORT int jl_gc_is_enabled(void);

JL_DLLEXPORT jl_sym_t *jl_symbol(const char *name);
JL_DLLEXPORT jl_sym_t *jl_symbol_n(const char *name, size_t len);
JL_DLLEXPORT jl_sym_t *jl_gensym(void);
JL_DLLEXPORT jl_sym_t *jl_tagged_gensym(const char *name, size_t len);

JL_DLLEXPORT jl_svec_t *jl_alloc_svec(size_t n);        /* filled with NULL */
JL_DLLEXPORT jl_svec_t *jl_alloc_svec_uninit(size_t n);
JL_DLLEXPORT jl_svec_t *jl_svec(size_t n, ...);
JL_DLLEXPORT jl_svec_t *jl_svec1(void *a);
JL_DLLEXPORT jl_svec_t *jl_svec2(void *a, void *b);
JL_DLLEXPORT jl_svec_t *jl_svec_copy(jl_svec_t *a);

JL_DLLEXPORT jl_value_t *jl_alloc_string(size_t len);   /* uninitialized bytes, NUL-terminated */
JL_DLLEXPORT jl_value_t *jl_pchar_to_string(const char *str, size_t len);
JL_DLLEXPORT jl_value_t *jl_cstr_to_string(const char *str);

JL_DLLEXPORT jl_array_t *jl_alloc_array_1d(jl_value_t *atype, size_t n);
JL_DLLEXPORT jl_array_t *jl_alloc_array_2d(jl_value_t *atype, size_t nr, size_t nc);
JL_DLLEXPORT jl_array_t *jl_alloc_array_nd(jl_value_t *atype, size_t *dims, size_t ndims);
JL_DLLEXPORT jl_array_t *jl_alloc_vec_any(size_t n);
JL_DLLEXPORT void jl_array_grow_end(jl_array_t *a, size_t inc);
JL_DLLEXPORT void jl_array_del_end(jl_array_t *a, size_t dec);
JL_DLLEXPORT void jl_array_grow_beg(jl_array_t *a, size_t inc);
JL_DLLEXPORT void jl_array_del_beg(jl_array_t *a, size_t dec);
JL_DLLEXPORT void jl_array_ptr_1d_push(jl_array_t *a, jl_value_t *item);
JL_DLLEXPORT jl_value_t *jl_arrayref(jl_array_t *a, size_t i);      /* 0-based, boxes inline elements */
JL_DLLEXPORT void jl_arrayset(jl_array_t *a, jl_value_t *v, size_t i);
JL_DLLEXPORT jl_value_t *jl_array_eltype(jl_value_t *a);
JL_DLLEXPORT jl_array_t *jl_array_copy(jl_array_t *a);

JL_DLLEXPORT jl_value_t *jl_box_bool(int8_t x);
JL_DLLEXPORT jl_value_t *jl_box_int8(int8_t x);
JL_DLLEXPORT jl_value_t *jl_box_uint8(uint8_t x);
JL_DLLEXPORT jl_value_t *jl_box_int16(int16_t x);
JL_DLLEXPORT jl_value_t *jl_box_uint16(uint16_t x);
JL_DLLEXPORT jl_value_t *jl_box_int32(int32_t x);
JL_DLLEXPORT jl_value_t *jl_box_uint32(uint32_t x);
JL_DLLEXPORT jl_value_t *jl_box_int64(int64_t x);
JL_DLLEXPORT jl_value_t *jl_box_uint64(uint64_t x);
JL_DLLEXPORT jl_value_t *jl_box_float32(float x);
JL_DLLEXPORT jl_value_t *jl_box_float64(double x);
JL_DLLEXPORT jl_value_t *jl_box_char(uint32_t x);         /* x is Julia's Char representation */
JL_DLLEXPORT jl_value_t *jl_box_voidpointer(void *x);
JL_DLLEXPORT jl_value_t *jl_box_ssavalue(size_t x);
JL_DLLEXPORT jl_value_t *jl_box_slotnumber(size_t x);
#define jl_unbox_bool(v) (*(int8_t *)(v) != 0)
#define jl_unbox_int8(v) (*(int8_t *)(v))
#define jl_unbox_uint8(v) (*(uint8_t *)(v))
#define jl_unbox_int16(v) (*(int16_t *)(v))
#define jl_unbox_uint16(v) (*(uint16_t *)(v))
#define jl_unbox_int32(v) (*(int32_t *)(v))
#define jl_unbox_uint32(v) (*(uint32_t *)(v))
#define jl_unbox_int64(v) (*(int64_t *)(v))
#define jl_unbox_uint64(v) (*(uint64_t *)(v))
#define jl_unbox_float32(v) (*(float *)(v))
#define jl_unbox_float64(v) (*(double *)(v))
#define jl_unbox_char(v) (*(uint32_t *)(v))
#define jl_unbox_voidpointer(v) (*(void **)(v))
#define jl_unbox_long(v) jl_unbox_int64(v)
#define jl_box_long(x) jl_box_int64(x)
#define jl_long_type jl_int64_type
#define jl_is_long(v) jl_is_int64(v)

JL_DLLEXPORT jl_value_t *jl_new_bits(jl_value_t *bt, const void *data); /* box `size` bytes */
JL_DLLEXPORT jl_value_t *jl_new_struct(jl_datatype_t *type, ...);
JL_DLLEXPORT jl_value_t *jl_new_structv(jl_datatype_t *type, jl_value_t **args, uint32_t na);
JL_DLLEXPORT jl_value_t *jl_new_struct_uninit(jl_datatype_t *type);
JL_DLLEXPORT jl_value_t *jl_get_nth_field(jl_value_t *v, size_t i);     /* 0-based, boxes */
JL_DLLEXPORT jl_value_t *jl_get_nth_field_checked(jl_value_t *v, size_t i); /* throws UndefRefError */
JL_DLLEXPORT void jl_set_nth_field(jl_value_t *v, size_t i, jl_value_t *rhs);
JL_DLLEXPORT int jl_field_isdefined(jl_value_t *v, size_t i);
JL_DLLEXPORT int jl_field_index(jl_datatype_t *t, jl_sym_t *fld, int err);
JL_DLLEXPORT jl_value_t *jl_tuple(size_t n, ...);
JL_DLLEXPORT jl_value_t *jl_tuplev(size_t n, jl_value_t **v);

JL_DLLEXPORT jl_expr_t *jl_exprn(jl_sym_t *head, size_t n);  /* args filled with NULL */
JL_DLLEXPORT jl_expr_t *jl_expr(jl_sym_t *head, size_t n, ...);
JL_DLLEXPORT void jl_expr_push(jl_expr_t *e, jl_value_t *arg);
JL_DLLEXPORT jl_value_t *jl_new_quotenode(jl_value_t *v);
JL_DLLEXPORT jl_value_t *jl_new_linenode(int64_t line, jl_value_t *file);
JL_DLLEXPORT jl_value_t *jl_new_gotonode(intptr_t label);
JL_DLLEXPORT jl_value_t *jl_new_gotoifnot(jl_value_t *cond, intptr_t label);
JL_DLLEXPORT jl_value_t *jl_new_returnnode(jl_value_t *val);
JL_DLLEXPORT jl_value_t *jl_new_newvarnode(jl_value_t *slot);
JL_DLLEXPORT jl_value_t *jl_new_argument(intptr_t n);
JL_DLLEXPORT jl_value_t *jl_module_globalref(jl_module_t *m, jl_sym_t *var);
JL_DLLEXPORT jl_code_info_t *jl_new_code_info_uninit(void);
JL_DLLEXPORT jl_value_t *jl_copy_ast(jl_value_t *expr);

/* ---------------------------------------------------------------------------------------------- */
/* Types (jltypes.c, datatype.c, subtype.c) */

JL_DLLEXPORT jl_datatype_t *jl_new_datatype(jl_sym_t *name, jl_module_t *module, jl_datatype_t *super,
                                            jl_svec_t *parameters, jl_svec_t *fnames, jl_svec_t *ftypes,
                                            jl_svec_t *fattrs, int abstract, int mutabl, int ninitialized);
JL_DLLEXPORT jl_datatype_t *jl_new_primitivetype(jl_value_t *name, jl_module_t *module,
                                                 jl_datatype_t *super, jl_svec_t *parameters, size_t nbits);
JL_DLLEXPORT void jl_compute_field_offsets(jl_datatype_t *st);
JL_DLLEXPORT jl_tvar_t *jl_new_typevar(jl_sym_t *name, jl_value_t *lb, jl_value_t *ub);
JL_DLLEXPORT jl_value_t *jl_type_unionall(jl_tvar_t *v, jl_value_t *body);
JL_DLLEXPORT jl_value_t *jl_type_union(jl_value_t **ts, size_t n);
JL_DLLEXPORT jl_value_t *jl_apply_type(jl_value_t *tc, jl_value_t **params, size_t n);
JL_DLLEXPORT jl_value_t *jl_apply_type1(jl_value_t *tc, jl_value_t *p1);
JL_DLLEXPORT jl_value_t *jl_apply_type2(jl_value_t *tc, jl_value_t *p1, jl_value_t *p2);
JL_DLLEXPORT jl_datatype_t *jl_apply_tuple_type(jl_svec_t *params);
JL_DLLEXPORT jl_datatype_t *jl_apply_tuple_type_v(jl_value_t **p, size_t np);
JL_DLLEXPORT jl_value_t *jl_apply_array_type(jl_value_t *eltype, size_t dim);
JL_DLLEXPORT jl_value_t *jl_wrap_vararg(jl_value_t *t, jl_value_t *n);
JL_DLLEXPORT jl_value_t *jl_instantiate_unionall(jl_unionall_t *u, jl_value_t *p);
JL_DLLEXPORT jl_value_t *jl_instantiate_type_with(jl_value_t *t, jl_value_t **env, size_t n);
JL_DLLEXPORT jl_value_t *jl_unwrap_unionall(jl_value_t *v);
JL_DLLEXPORT jl_value_t *jl_rewrap_unionall(jl_value_t *t, jl_value_t *u);
JL_DLLEXPORT int jl_has_free_typevars(jl_value_t *v);
JL_DLLEXPORT int jl_has_typevar(jl_value_t *t, jl_tvar_t *v);
JL_DLLEXPORT int jl_types_equal(jl_value_t *a, jl_value_t *b);
JL_DLLEXPORT int jl_subtype(jl_value_t *a, jl_value_t *b);                 /* subtype.c */
JL_DLLEXPORT int jl_subtype_env(jl_value_t *x, jl_value_t *y, jl_value_t **env, int envsz);
JL_DLLEXPORT int jl_isa(jl_value_t *a, jl_value_t *t);
JL_DLLEXPORT jl_value_t *jl_type_intersection(jl_value_t *a, jl_value_t *b);
JL_DLLEXPORT jl_value_t *jl_type_intersection_env(jl_value_t *a, jl_value_t *b, jl_svec_t **penv);
JL_DLLEXPORT int jl_type_morespecific(jl_value_t *a, jl_value_t *b);
JL_DLLEXPORT jl_datatype_t *jl_first_argument_datatype(jl_value_t *argtypes);
JL_DLLEXPORT jl_value_t *jl_typeof_or_type(jl_value_t *v);  /* Type{v} for types, else typeof(v) */
JL_DLLEXPORT int jl_egal(jl_value_t *a, jl_value_t *b);    /* === */
JL_DLLEXPORT uintptr_t jl_object_id(jl_value_t *v);        /* objectid, consistent with === */
JL_DLLEXPORT int jl_is_va_tuple(jl_datatype_t *t);
JL_DLLEXPORT jl_value_t *jl_unwrap_vararg(jl_value_t *v);
JL_DLLEXPORT size_t jl_count_union_components(jl_value_t *v);

/* ---------------------------------------------------------------------------------------------- */
/* Modules (module.c) */

JL_DLLEXPORT jl_module_t *jl_new_module(jl_sym_t *name, jl_module_t *parent);
JL_DLLEXPORT jl_binding_t *jl_get_binding(jl_module_t *m, jl_sym_t *var);        /* resolves usings; NULL if none */
JL_DLLEXPORT jl_binding_t *jl_get_binding_wr(jl_module_t *m, jl_sym_t *var);     /* owned binding, created if needed */
JL_DLLEXPORT jl_binding_t *jl_get_binding_or_error(jl_module_t *m, jl_sym_t *var);
JL_DLLEXPORT jl_binding_t *jl_get_module_binding(jl_module_t *m, jl_sym_t *var, int alloc); /* no resolution */
JL_DLLEXPORT jl_value_t *jl_get_global(jl_module_t *m, jl_sym_t *var);           /* NULL if undefined */
JL_DLLEXPORT void jl_set_global(jl_module_t *m, jl_sym_t *var, jl_value_t *val);
JL_DLLEXPORT void jl_set_const(jl_module_t *m, jl_sym_t *var, jl_value_t *val);
JL_DLLEXPORT void jl_checked_assignment(jl_binding_t *b, jl_module_t *mod, jl_sym_t *var, jl_value_t *rhs);
JL_DLLEXPORT void jl_declare_constant(jl_binding_t *b, jl_module_t *mod, jl_sym_t *var);
JL_DLLEXPORT int jl_boundp(jl_module_t *m, jl_sym_t *var);
JL_DLLEXPORT int jl_is_const(jl_module_t *m, jl_sym_t *var);
JL_DLLEXPORT void jl_module_using(jl_module_t *to, jl_module_t *from);
JL_DLLEXPORT void jl_module_import(jl_module_t *to, jl_module_t *from, jl_sym_t *s);
JL_DLLEXPORT void jl_module_import_as(jl_module_t *to, jl_module_t *from, jl_sym_t *s, jl_sym_t *asname);
JL_DLLEXPORT void jl_module_use(jl_module_t *to, jl_module_t *from, jl_sym_t *s);   /* using M: s */
JL_DLLEXPORT void jl_module_export(jl_module_t *from, jl_sym_t *s);
JL_DLLEXPORT int jl_module_exports_p(jl_module_t *m, jl_sym_t *var);
JL_DLLEXPORT jl_value_t *jl_module_names(jl_module_t *m, int all, int imported);
JL_DLLEXPORT jl_value_t *jl_binding_value(jl_binding_t *b);   /* follows alias; NULL if undefined */
JL_DLLEXPORT jl_binding_t *jl_binding_resolved(jl_binding_t *b);

/* ---------------------------------------------------------------------------------------------- */
/* Errors (rtutils.c). All raise through jl_throw. */

JL_DLLEXPORT JL_NORETURN void jl_throw(jl_value_t *e);
JL_DLLEXPORT JL_NORETURN void jl_rethrow(void);
JL_DLLEXPORT JL_NORETURN void jl_rethrow_other(jl_value_t *e);
JL_DLLEXPORT JL_NORETURN void jl_error(const char *str);
JL_DLLEXPORT JL_NORETURN void jl_errorf(const char *fmt, ...);
JL_DLLEXPORT JL_NORETURN void jl_exceptionf(jl_datatype_t *ty, const char *fmt, ...);
JL_DLLEXPORT JL_NORETURN void jl_too_few_args(const char *fname, int min);
JL_DLLEXPORT JL_NORETURN void jl_too_many_args(const char *fname, int max);
JL_DLLEXPORT JL_NORETURN void jl_type_error(const char *fname, jl_value_t *expected, jl_value_t *got);
JL_DLLEXPORT JL_NORETURN void jl_type_error_rt(const char *fname, const char *context, jl_value_t *ty, jl_value_t *got);
JL_DLLEXPORT JL_NORETURN void jl_undefined_var_error(jl_sym_t *var);
JL_DLLEXPORT JL_NORETURN void jl_bounds_error(jl_value_t *v, jl_value_t *idx);
JL_DLLEXPORT JL_NORETURN void jl_bounds_error_int(jl_value_t *v, size_t i);   /* i is 1-based */
JL_DLLEXPORT JL_NORETURN void jl_bounds_error_ints(jl_value_t *v, size_t *idxs, size_t nidxs);
JL_DLLEXPORT JL_NORETURN void jl_bounds_error_tuple_int(jl_value_t **v, size_t nv, size_t i);
JL_DLLEXPORT JL_NORETURN void jl_argument_error(const char *str);
JL_DLLEXPORT JL_NORETURN void jl_method_error(jl_value_t *F, jl_value_t **args, size_t nargs, size_t world);
JL_DLLEXPORT JL_NORETURN void jl_inexact_error(jl_value_t *fname, jl_value_t *T, jl_value_t *val);
JL_DLLEXPORT JL_NORETURN void jl_div_by_zero(void);
JL_DLLEXPORT JL_NORETURN void jl_undefref_error(void);
JL_DLLEXPORT JL_NORETURN void jl_throw_overflow(const char *op);
#define JL_TYPECHK(fname, type, v) \
    do { if (!jl_is_##type(v)) jl_type_error(#fname, (jl_value_t *)jl_##type##_type, (v)); } while (0)
#define JL_NARGS(fname, min, max)                                                         \
    do { if (nargs < (min)) jl_too_few_args(#fname, min);                                 \
         else if (nargs > (max)) jl_too_many_args(#fname, max); } while (0)
#define JL_NARGSV(fname, min) do { if (nargs < (min)) jl_too_few_args(#fname, min); } while (0)

/* ---------------------------------------------------------------------------------------------- */
/* Calling (gf.c, builtins.c, interpreter.c) */

JL_DLLEXPORT jl_value_t *jl_apply_generic(jl_value_t *F, jl_value_t **args, uint32_t nargs);
JL_DLLEXPORT jl_value_t *jl_invoke(jl_value_t *F, jl_value_t **args, uint32_t nargs, jl_method_instance_t *mi);
JL_DLLEXPORT jl_value_t *jl_call(jl_value_t *f, jl_value_t **args, uint32_t nargs); /* any callable */
JL_DLLEXPORT jl_value_t *jl_call0(jl_value_t *f);
JL_DLLEXPORT jl_value_t *jl_call1(jl_value_t *f, jl_value_t *a);
JL_DLLEXPORT jl_value_t *jl_call2(jl_value_t *f, jl_value_t *a, jl_value_t *b);
JL_DLLEXPORT jl_value_t *jl_call3(jl_value_t *f, jl_value_t *a, jl_value_t *b, jl_value_t *c);
JL_DLLEXPORT jl_value_t *jl_eval_string(const char *str);
JL_DLLEXPORT jl_value_t *jl_toplevel_eval(jl_module_t *m, jl_value_t *v);
JL_DLLEXPORT jl_value_t *jl_load(jl_module_t *module, const char *fname);
JL_DLLEXPORT int jl_is_builtin(jl_value_t *f);

/* Calling a callable object from C: builtins directly, everything else through dispatch. */
static inline jl_value_t *jl_apply(jl_value_t **args, uint32_t nargs) /* args[0] is the function */
{
    return jl_call(args[0], &args[1], nargs - 1);
}

/* ---------------------------------------------------------------------------------------------- */
/* Runtime entry points (init.c) */

JL_DLLEXPORT void jl_init(void);
JL_DLLEXPORT void jl_atexit_hook(int status);
JL_DLLEXPORT JL_NORETURN void jl_exit(int status);
JL_DLLEXPORT size_t jl_get_world_counter(void);
JL_DLLEXPORT size_t jl_get_tls_world_age(void);

#endif /* JL_JULIA_H */
