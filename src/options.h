/* options.h: every debug switch of the runtime, in one place. Set them in Make.user (CFLAGS += -DJL_...).
 *  JL_GC_STRESS      collect at every allocation (slow; finds missing roots)
 *  JL_DEBUG_IR       print lowered / inferred code of each method compiled (also env JULIA_DEBUG_IR=1)
 *  JL_DUMP_LLVM      print LLVM IR of each function compiled (also env JULIA_DUMP_LLVM=1)
 *  JL_VERIFY_IMAGES  check every function pointer linked from an image against its header (also --image-verify)
 *  JL_TRACE_LOAD     print each step of loading a package image to stderr (also env JULIA_TRACE_LOAD=1)
 */
#ifndef JL_OPTIONS_H
#define JL_OPTIONS_H
#ifndef JL_GC_STRESS
#define JL_GC_STRESS 0
#endif
#ifndef JL_DEBUG_IR
#define JL_DEBUG_IR 0
#endif
#ifndef JL_DUMP_LLVM
#define JL_DUMP_LLVM 0
#endif
#ifndef JL_VERIFY_IMAGES
#define JL_VERIFY_IMAGES 0
#endif
#ifndef JL_TRACE_LOAD
#define JL_TRACE_LOAD 0
#endif
/* Initial GC trigger: collect after this many bytes allocated since the last collection. */
#define JL_GC_INITIAL_INTERVAL (16 * 1024 * 1024)
#endif
