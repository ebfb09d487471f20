/* task.c: the (single) task and its exception machinery. jl_throw records the exception and a backtrace
 * on the task's exception stack and longjmps to the innermost handler (JL_TRY or a compiled/interpreted
 * :enter). A catch block sees the exception on top of the stack; leaving it restores the stack depth.
 * Also guards against C stack exhaustion (jl_check_stack). */
#include "julia_internal.h"
#include <stdlib.h>
#include <stdio.h>

JL_DLLEXPORT jl_task_t *jl_current_task;
jl_frame_t *jl_current_frame;
static char *stack_limit;       /* lowest usable stack address (with a safety margin) */

void jl_init_tasks(void *stack_base)
{
    jl_current_task = (jl_task_t *)jl_gc_alloc(sizeof(jl_task_t), (jl_value_t *)jl_task_type);
    jl_gc_add_root((jl_value_t **)&jl_current_task);
    jl_current_task->stack_base = stack_base;
    jl_current_task->excstack = jl_alloc_vec_any(0);
    jl_current_task->world_age = jl_world_counter;
    /* the main thread's stack is at least 8 MiB on Linux (ulimit -s); keep 1 MiB for C code and handlers */
    size_t usable = 7 * 1024 * 1024;
    stack_limit = (char *)stack_base - usable;
}

void jl_check_stack(void)
{
    char here;
    if (JL_UNLIKELY(&here < stack_limit) && jl_stackovf_exception)
        jl_throw(jl_stackovf_exception);
}

JL_DLLEXPORT void jl_enter_handler(jl_handler_t *eh)
{
    jl_task_t *ct = jl_current_task;
    eh->prev = ct->eh;
    eh->excstack_depth = jl_array_len(ct->excstack);
    eh->frame = jl_current_frame;
    eh->world_age = ct->world_age;
    ct->eh = eh;
}

JL_DLLEXPORT void jl_pop_handler(int n)
{
    jl_task_t *ct = jl_current_task;
    while (n-- > 0 && ct->eh)
        ct->eh = ct->eh->prev;
}

JL_DLLEXPORT size_t jl_excstack_depth(void)
{
    return jl_array_len(jl_current_task->excstack);
}

JL_DLLEXPORT void jl_restore_excstack(size_t depth)
{
    jl_array_t *st = jl_current_task->excstack;
    if (jl_array_len(st) > depth)
        jl_array_del_end(st, jl_array_len(st) - depth);
}

void jl_push_excstack(jl_value_t *exc, jl_value_t *bt)
{
    jl_array_t *st = jl_current_task->excstack;
    jl_array_ptr_1d_push(st, exc);
    jl_array_ptr_1d_push(st, bt ? bt : jl_nothing);
}

jl_value_t *jl_current_exception(void)
{
    jl_array_t *st = jl_current_task->excstack;
    size_t n = jl_array_len(st);
    return n >= 2 ? jl_array_ptr_ref(st, n - 2) : jl_nothing;
}

static jl_value_t *current_backtrace(void)
{
    jl_array_t *st = jl_current_task->excstack;
    size_t n = jl_array_len(st);
    return n >= 2 ? jl_array_ptr_ref(st, n - 1) : jl_nothing;
}

/* Unwind to the innermost handler with (exc, bt) on top of the exception stack. */
static JL_NORETURN void throw_internal(jl_value_t *exc, jl_value_t *bt)
{
    jl_task_t *ct = jl_current_task;
    jl_handler_t *eh = ct ? ct->eh : NULL;
    if (eh == NULL) {
        jl_print_error_report(exc, bt, "ERROR: ");
        jl_exit(1);
    }
    jl_push_excstack(exc, bt);
    ct->eh = eh->prev;
    jl_current_frame = (jl_frame_t *)eh->frame;
    ct->world_age = eh->world_age;
    siglongjmp(eh->eh_ctx, 1);
}

JL_DLLEXPORT void jl_throw(jl_value_t *e)
{
    if (e == NULL)
        e = jl_nothing;
    throw_internal(e, jl_backtrace_from_here(0));
}

JL_DLLEXPORT void jl_rethrow(void)
{
    jl_value_t *e = jl_current_exception();
    jl_value_t *bt = current_backtrace();
    throw_internal(e, bt);
}

JL_DLLEXPORT void jl_rethrow_other(jl_value_t *e)
{
    throw_internal(e, current_backtrace());
}

/* The backtrace is a Vector{Any} of frames, innermost first; each frame is svec(mi or nothing, module,
 * file symbol, line). */
jl_value_t *jl_backtrace_from_here(int skip)
{
    jl_array_t *bt = jl_alloc_vec_any(0);
    int n = 0;
    for (jl_frame_t *f = jl_current_frame; f != NULL && n < 200; f = f->prev, n++) {
        if (skip-- > 0)
            continue;
        jl_svec_t *fr = jl_svec(4, f->mi ? (jl_value_t *)f->mi : jl_nothing,
                                f->module ? (jl_value_t *)f->module : jl_nothing,
                                f->file ? (jl_value_t *)f->file : jl_nothing, jl_box_long(f->line));
        jl_array_ptr_1d_push(bt, (jl_value_t *)fr);
    }
    return (jl_value_t *)bt;
}
