/* jitlayers.c: the native-code back end of codegen. One ORC LLJIT for the process (host target, -O level),
 * the pass pipeline, the process-wide object slots (`jl_gvar_N`: every object generated code refers to;
 * constants in JIT code, the `jl_gvars` table in an image), the store of small optimized workers that
 * callers may inline, and the shadow module that collects code for --output-so (written by aotcompile.c).
 *
 * The seam for images: codegen emits each function into a fresh module; when generating output an
 * unoptimized clone is recorded here (jl_jit_record_output) and linked into the shadow module with every
 * worker it calls directly; then the module is privatized (gvar slots become constants), optimized and
 * handed to the JIT. */
#include "codegen_internal.h"
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Error.h>
#include <llvm-c/Linker.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static LLVMOrcLLJITRef jit;
static LLVMOrcThreadSafeContextRef ts_context;
static LLVMContextRef context;
static LLVMTargetMachineRef pass_tm;        /* target machine used by the optimization pipeline */
static LLVMTargetMachineRef emit_tm;        /* machine code at the -O level */
static LLVMTargetMachineRef emit_tm_fast;   /* machine code without optimization (simple functions) */
static LLVMPassBuilderOptionsRef pass_opts;
static char *jit_triple;
static char *jit_datalayout;
static int host_fma;

static void report_llvm_error(const char *what, LLVMErrorRef err)
{
    char *msg = LLVMGetErrorMessage(err);
    if (getenv("JULIA_DUMP_LLVM") || JL_DUMP_LLVM)
        fprintf(stderr, "codegen: %s: %s\n", what, msg);
    LLVMDisposeErrorMessage(msg);
}

static LLVMCodeGenOptLevel codegen_level(void)
{
    switch (jl_options.opt_level) {
    case 0: return LLVMCodeGenLevelNone;
    case 1: return LLVMCodeGenLevelLess;
    case 3: return LLVMCodeGenLevelAggressive;
    default: return LLVMCodeGenLevelDefault;
    }
}

static LLVMTargetMachineRef create_host_tm_at(LLVMCodeGenOptLevel level)
{
    LLVMTargetRef target;
    char *err = NULL;
    if (LLVMGetTargetFromTriple(jit_triple, &target, &err)) {
        jl_fatal_error("codegen: no LLVM target for %s: %s", jit_triple, err ? err : "");
    }
    char *cpu = LLVMGetHostCPUName();
    char *features = LLVMGetHostCPUFeatures();
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, jit_triple, cpu, features, level,
                                                      LLVMRelocDefault, LLVMCodeModelJITDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    return tm;
}

static LLVMTargetMachineRef create_host_tm(void) { return create_host_tm_at(codegen_level()); }

static void detect_host_features(void)
{
    char *features = LLVMGetHostCPUFeatures();
    host_fma = strstr(features, "+fma,") != NULL || strstr(features, "+fma4") != NULL;
    size_t n = strlen(features);
    if (n >= 4 && strcmp(features + n - 4, "+fma") == 0)
        host_fma = 1;
    LLVMDisposeMessage(features);
}

void jl_init_jit(void)
{
    if (jit)
        return;
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    jit_triple = LLVMGetDefaultTargetTriple();
    detect_host_features();
    LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
    LLVMOrcJITTargetMachineBuilderRef jtmb = LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(create_host_tm());
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
    LLVMErrorRef err = LLVMOrcCreateLLJIT(&jit, builder);
    if (err) {
        char *msg = LLVMGetErrorMessage(err);
        jl_fatal_error("codegen: cannot create the JIT: %s", msg);
    }
    LLVMOrcDefinitionGeneratorRef gen;
    err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, LLVMOrcLLJITGetGlobalPrefix(jit), NULL, NULL);
    if (err) {
        char *msg = LLVMGetErrorMessage(err);
        jl_fatal_error("codegen: cannot reflect process symbols into the JIT: %s", msg);
    }
    LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(jit), gen);
    jit_datalayout = strdup(LLVMOrcLLJITGetDataLayoutStr(jit));
    ts_context = LLVMOrcCreateNewThreadSafeContext();
    context = LLVMOrcThreadSafeContextGetContext(ts_context);
    pass_tm = create_host_tm();
    emit_tm = create_host_tm();
    emit_tm_fast = create_host_tm_at(LLVMCodeGenLevelNone);
    pass_opts = LLVMCreatePassBuilderOptions();
    LLVMPassBuilderOptionsSetLoopVectorization(pass_opts, jl_options.opt_level >= 2);
    LLVMPassBuilderOptionsSetSLPVectorization(pass_opts, jl_options.opt_level >= 2);
    LLVMPassBuilderOptionsSetLoopUnrolling(pass_opts, jl_options.opt_level >= 2);
}

LLVMContextRef jl_llvm_context(void) { return context; }
int jl_host_has_fma(void) { return host_fma; }

LLVMModuleRef jl_jit_new_module(const char *name)
{
    LLVMModuleRef m = LLVMModuleCreateWithNameInContext(name, context);
    LLVMSetTarget(m, jit_triple);
    LLVMSetDataLayout(m, jit_datalayout);
    return m;
}

/* The -O pipeline. Loop-free code gets a short function pipeline (plus the inliner for the small callees
 * linked in `available_externally`); code with loops gets LLVM's full default<On> pipeline. */
void jl_jit_optimize(LLVMModuleRef m, int has_loops)
{
    const char *pipeline;
    if (jl_options.opt_level == 0)
        pipeline = "function(mem2reg)";
    else if (!has_loops)
        pipeline = "cgscc(inline),function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg,"
                   "gvn,instcombine<no-verify-fixpoint>,tailcallelim,simplifycfg)";
    else if (jl_options.opt_level == 1)
        pipeline = "default<O1>";
    else if (jl_options.opt_level >= 3)
        pipeline = "default<O3>";
    else
        pipeline = "default<O2>";
    LLVMErrorRef err = LLVMRunPasses(m, pipeline, pass_tm, pass_opts);
    if (err)
        report_llvm_error("optimization failed", err);
}

/* Machine code is emitted here (so each function can choose the code generator's optimization level) and
 * the object handed to the JIT's linker. Takes ownership of m. */
int jl_jit_add_module(LLVMModuleRef m, int fast)
{
    LLVMMemoryBufferRef obj = NULL;
    char *err = NULL;
    static int timing = -1;
    if (timing < 0)
        timing = getenv("JULIA_JIT_TIMING") != NULL;
    struct timespec t0, t1, t2;
    if (timing)
        clock_gettime(CLOCK_MONOTONIC, &t0);
    LLVMBool failed = LLVMTargetMachineEmitToMemoryBuffer(fast ? emit_tm_fast : emit_tm, m, LLVMObjectFile, &err, &obj);
    if (timing)
        clock_gettime(CLOCK_MONOTONIC, &t1);
    LLVMDisposeModule(m);
    if (failed) {
        if (getenv("JULIA_DUMP_LLVM") || JL_DUMP_LLVM)
            fprintf(stderr, "codegen: machine code emission failed: %s\n", err ? err : "");
        LLVMDisposeMessage(err);
        return 0;
    }
    LLVMErrorRef e = LLVMOrcLLJITAddObjectFile(jit, LLVMOrcLLJITGetMainJITDylib(jit), obj);
    if (timing) {
        clock_gettime(CLOCK_MONOTONIC, &t2);
        fprintf(stderr, "jit: emit %.3f ms (%s), add %.3f ms\n",
                (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, fast ? "fast" : "full",
                (t2.tv_sec - t1.tv_sec) * 1e3 + (t2.tv_nsec - t1.tv_nsec) / 1e6);
    }
    if (e) {
        report_llvm_error("adding an object to the JIT failed", e);
        return 0;
    }
    return 1;
}

void *jl_jit_lookup(const char *name)
{
    LLVMOrcExecutorAddress addr = 0;
    LLVMErrorRef err = LLVMOrcLLJITLookup(jit, &addr, name);
    if (err) {
        report_llvm_error("symbol lookup failed", err);
        return NULL;
    }
    return (void *)(uintptr_t)addr;
}

/* ---------------------------------------------------------------------------------------------- */
/* Object slots: object -> index (open addressing on the pointer) and index -> object (a rooted
 * Vector{Any}, which also keeps every object referenced by JIT code alive). */

static jl_array_t *gvar_objects;   /* Vector{Any}, rooted */
static size_t *gvar_hash;          /* index + 1, 0 = empty */
static size_t gvar_hash_size;

static size_t gvar_probe(jl_value_t *v)
{
    size_t mask = gvar_hash_size - 1;
    size_t h = (((uintptr_t)v >> 4) * 11400714819323198485ULL >> 17) & mask;
    while (gvar_hash[h] != 0 && jl_array_ptr_ref(gvar_objects, gvar_hash[h] - 1) != v)
        h = (h + 1) & mask;
    return h;
}

static void gvar_rehash(void)
{
    size_t n = gvar_hash_size ? gvar_hash_size * 2 : 1024;
    free(gvar_hash);
    gvar_hash = (size_t *)calloc(n, sizeof(size_t));
    gvar_hash_size = n;
    for (size_t i = 0; i < jl_array_len(gvar_objects); i++)
        gvar_hash[gvar_probe(jl_array_ptr_ref(gvar_objects, i))] = i + 1;
}

size_t jl_gvar_index(jl_value_t *v)
{
    if (gvar_objects == NULL) {
        gvar_objects = jl_alloc_vec_any(0);
        jl_gc_add_root((jl_value_t **)&gvar_objects);
    }
    if ((jl_array_len(gvar_objects) + 1) * 2 > gvar_hash_size)
        gvar_rehash();
    size_t h = gvar_probe(v);
    if (gvar_hash[h] == 0) {
        jl_array_ptr_1d_push(gvar_objects, v);
        gvar_hash[h] = jl_array_len(gvar_objects);
    }
    return gvar_hash[h] - 1;
}

jl_value_t *jl_gvar_object(size_t i)
{
    return gvar_objects && i < jl_array_len(gvar_objects) ? jl_array_ptr_ref(gvar_objects, i) : NULL;
}

size_t jl_gvar_count(void)
{
    return gvar_objects ? jl_array_len(gvar_objects) : 0;
}

void jl_jit_privatize_gvars(LLVMModuleRef m)
{
    LLVMTypeRef i64 = LLVMInt64TypeInContext(context);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(context, 0);
    for (LLVMValueRef g = LLVMGetFirstGlobal(m); g; g = LLVMGetNextGlobal(g)) {
        size_t len;
        const char *name = LLVMGetValueName2(g, &len);
        if (len <= 8 || strncmp(name, "jl_gvar_", 8) != 0 || !LLVMIsDeclaration(g))
            continue;
        size_t idx = (size_t)strtoull(name + 8, NULL, 10);
        jl_value_t *v = jl_gvar_object(idx);
        LLVMSetInitializer(g, LLVMConstIntToPtr(LLVMConstInt(i64, (uintptr_t)v, 0), ptr));
        LLVMSetGlobalConstant(g, 1);
        LLVMSetLinkage(g, LLVMPrivateLinkage);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Inlining store: worker name -> optimized module holding just that worker (available_externally). */

typedef struct {
    char *name;
    LLVMModuleRef module;
} inl_entry_t;
static inl_entry_t *inl_table;
static size_t inl_size, inl_count;

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t inl_probe(const char *name)
{
    size_t mask = inl_size - 1;
    size_t h = name_hash(name) & mask;
    while (inl_table[h].name && strcmp(inl_table[h].name, name) != 0)
        h = (h + 1) & mask;
    return h;
}

static void inl_grow(void)
{
    inl_entry_t *old = inl_table;
    size_t oldsize = inl_size;
    inl_size = inl_size ? inl_size * 2 : 256;
    inl_table = (inl_entry_t *)calloc(inl_size, sizeof(inl_entry_t));
    for (size_t i = 0; i < oldsize; i++)
        if (old[i].name)
            inl_table[inl_probe(old[i].name)] = old[i];
    free(old);
}

/* Small enough to be worth offering to callers' inliner. */
static int worker_is_small(LLVMValueRef f)
{
    size_t ninsts = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
            if (++ninsts > 60)
                return 0;
    return 1;
}

void jl_jit_remember_inlinable(const char *worker, LLVMModuleRef optimized)
{
    LLVMValueRef f = LLVMGetNamedFunction(optimized, worker);
    if (f == NULL || LLVMIsDeclaration(f) || !worker_is_small(f))
        return;
    LLVMModuleRef copy = LLVMCloneModule(optimized);
    /* keep only the worker's body: every other function becomes a declaration */
    for (LLVMValueRef g = LLVMGetFirstFunction(copy); g; g = LLVMGetNextFunction(g)) {
        size_t len;
        const char *name = LLVMGetValueName2(g, &len);
        if (strcmp(name, worker) == 0 || LLVMIsDeclaration(g))
            continue;
        LLVMBasicBlockRef bb;
        while ((bb = LLVMGetFirstBasicBlock(g)) != NULL)
            LLVMDeleteBasicBlock(bb);
        LLVMSetLinkage(g, LLVMExternalLinkage);
    }
    LLVMValueRef w = LLVMGetNamedFunction(copy, worker);
    LLVMSetLinkage(w, LLVMAvailableExternallyLinkage);
    /* no stack check in inlined copies: the caller checks (every real frame is a non-inlined function) */
    LLVMValueRef lim = LLVMGetNamedGlobal(copy, "jl_cg_stack_limit");
    if (lim) {
        LLVMSetInitializer(lim, LLVMConstNull(LLVMPointerTypeInContext(context, 0)));
        LLVMSetGlobalConstant(lim, 1);
        LLVMSetLinkage(lim, LLVMPrivateLinkage);
    }
    if ((inl_count + 1) * 2 > inl_size)
        inl_grow();
    size_t h = inl_probe(worker);
    if (inl_table[h].name) {
        LLVMDisposeModule(copy);
        return;
    }
    inl_table[h].name = strdup(worker);
    inl_table[h].module = copy;
    inl_count++;
}

int jl_jit_link_inlinable(LLVMModuleRef into, const char *worker)
{
    if (inl_size == 0)
        return 0;
    size_t h = inl_probe(worker);
    if (inl_table[h].name == NULL)
        return 0;
    LLVMValueRef existing = LLVMGetNamedFunction(into, worker);
    if (existing && !LLVMIsDeclaration(existing))
        return 1;
    LLVMModuleRef copy = LLVMCloneModule(inl_table[h].module);
    return !LLVMLinkModules2(into, copy);   /* consumes `copy` */
}

/* ---------------------------------------------------------------------------------------------- */
/* Output mode: every compiled function is recorded with an unoptimized clone of its module; roots
 * (compile hints, the package's own methods) are linked into the shadow module with their direct
 * callees. aotcompile.c writes the shadow module; staticdata.c enumerates jl_shadow_codeinst. */

typedef struct {
    jl_code_instance_t *ci;
    char *worker, *wrapper;
    LLVMModuleRef module;     /* unoptimized clone; NULL once linked into the shadow module */
    char **callees;
    size_t ncallees;
    int in_shadow;
} out_record_t;
static out_record_t *out_records;
static size_t out_nrecords, out_cap;
static jl_array_t *out_cis;          /* Vector{Any}: roots the recorded CodeInstances */
static LLVMModuleRef shadow_module;
static jl_array_t *shadow_cis;       /* Vector{Any}: CodeInstances in the shadow module, in order */
static char **shadow_names;          /* worker, wrapper per shadow_cis entry */

static out_record_t *find_record(const char *worker)
{
    for (size_t i = out_nrecords; i-- > 0;)
        if (strcmp(out_records[i].worker, worker) == 0)
            return &out_records[i];
    return NULL;
}

static void add_record_to_shadow(out_record_t *r)
{
    if (r->in_shadow)
        return;
    r->in_shadow = 1;
    if (shadow_module == NULL) {
        shadow_module = jl_jit_new_module("shadow_output");
        shadow_cis = jl_alloc_vec_any(0);
        jl_gc_add_root((jl_value_t **)&shadow_cis);
    }
    if (LLVMLinkModules2(shadow_module, r->module))
        fprintf(stderr, "codegen: linking %s into the shadow module failed\n", r->worker);
    r->module = NULL;
    size_t n = jl_array_len(shadow_cis);
    shadow_names = (char **)realloc(shadow_names, 2 * (n + 1) * sizeof(char *));
    shadow_names[2 * n] = r->worker;
    shadow_names[2 * n + 1] = r->wrapper;
    jl_array_ptr_1d_push(shadow_cis, (jl_value_t *)r->ci);
    r->ci->precompile = 1;
    for (size_t i = 0; i < r->ncallees; i++) {
        out_record_t *c = find_record(r->callees[i]);
        if (c)
            add_record_to_shadow(c);
    }
}

void jl_jit_record_output(jl_code_instance_t *ci, const char *worker, const char *wrapper,
                          LLVMModuleRef unoptimized, const char **callees, size_t ncallees, int root)
{
    if (out_nrecords == out_cap) {
        out_cap = out_cap ? out_cap * 2 : 64;
        out_records = (out_record_t *)realloc(out_records, out_cap * sizeof(out_record_t));
    }
    if (out_cis == NULL) {
        out_cis = jl_alloc_vec_any(0);
        jl_gc_add_root((jl_value_t **)&out_cis);
    }
    jl_array_ptr_1d_push(out_cis, (jl_value_t *)ci);
    out_record_t *r = &out_records[out_nrecords++];
    r->ci = ci;
    r->worker = strdup(worker);
    r->wrapper = strdup(wrapper);
    r->module = unoptimized;
    r->ncallees = ncallees;
    r->callees = (char **)malloc((ncallees + 1) * sizeof(char *));
    for (size_t i = 0; i < ncallees; i++)
        r->callees[i] = strdup(callees[i]);
    r->in_shadow = 0;
    if (root)
        add_record_to_shadow(r);
}

LLVMModuleRef jl_get_shadow_module(void) { return shadow_module; }

size_t jl_shadow_ncodeinsts(void) { return shadow_cis ? jl_array_len(shadow_cis) : 0; }

jl_code_instance_t *jl_shadow_codeinst(size_t i, const char **worker, const char **wrapper)
{
    if (worker)
        *worker = shadow_names[2 * i];
    if (wrapper)
        *wrapper = shadow_names[2 * i + 1];
    return (jl_code_instance_t *)jl_array_ptr_ref(shadow_cis, i);
}

/* Add an already compiled CodeInstance (e.g. reached by a compile hint after it was JIT-compiled
 * outside one) to the shadow module. Returns 0 if it was not recorded. */
int jl_add_codeinst_to_shadow(jl_code_instance_t *ci)
{
    for (size_t i = 0; i < out_nrecords; i++) {
        if (out_records[i].ci == ci) {
            add_record_to_shadow(&out_records[i]);
            return 1;
        }
    }
    return 0;
}
