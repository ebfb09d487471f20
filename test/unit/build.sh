#!/bin/sh
# test/unit/build.sh: builds and runs the C unit tests. Run from anywhere: sh test/unit/build.sh
# Each subsystem appends its own section below; every test binary prints "N passed, N failed".
# The script's exit status is non-zero if any test failed to build or reported failures.
cd "$(dirname "$0")/../.." || exit 1
CC=${CC:-cc}
UNIT_CFLAGS="-std=gnu11 -fno-strict-aliasing -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -Isrc"
UNIT_OUT=build/test/unit
mkdir -p "$UNIT_OUT"
unit_status=0
trap 'exit $unit_status' EXIT
# unit_run NAME: runs $UNIT_OUT/NAME, records failure
unit_run() { "$UNIT_OUT/$1" || { echo "unit test $1 FAILED"; unit_status=1; }; }
# unit_fail NAME: a test that could not be built
unit_fail() { echo "unit test $1 could not be built"; unit_status=1; }
# Tests that need the whole runtime link $(unit_runtime_objs) (every object but the one defining main)
# with $UNIT_LIBS; `unit_runtime_ready` builds ./julia and says whether it linked.
LLVM_CONFIG=${LLVM_CONFIG:-llvm-config-19}
UNIT_LIBS="-rdynamic $($LLVM_CONFIG --ldflags) $($LLVM_CONFIG --libs) -Wl,-rpath,$($LLVM_CONFIG --libdir) -luv -lutf8proc -ldl -lm -lpthread"
unit_runtime_objs() {
    for o in build/src/*.o build/src/support/*.o; do
        [ -f "$o" ] && ! nm --defined-only "$o" 2>/dev/null | grep -q ' T main$' && echo "$o"
    done
}
unit_runtime_ready() { make -s julia >/dev/null 2>&1; }

# ---- gc.c: standalone (links build/src/gc.o alone; test_gc.c defines the globals gc.c reads) ----
if make -s build/src/gc.o && $CC $UNIT_CFLAGS test/unit/test_gc.c build/src/gc.o -o "$UNIT_OUT/test_gc" -lpthread; then
    unit_run test_gc
else
    unit_fail test_gc
fi

# ---- gc.c inside the runtime (jl_init, real types; needs the full runtime to link) ----
if unit_runtime_ready; then
    if $CC $UNIT_CFLAGS test/unit/test_gc_runtime.c $(unit_runtime_objs) $UNIT_LIBS -o "$UNIT_OUT/test_gc_runtime"; then
        JULIA_BASE_DIR="$(pwd)/base" unit_run test_gc_runtime
    else
        unit_fail test_gc_runtime
    fi
else
    echo "unit test test_gc_runtime skipped: the runtime does not link yet"
fi

# ---- interpreter.c, builtins.c, intrinsics.c, module.c, toplevel.c: hand-built CodeInfos; links the core
#      objects below (not gf.c, the parser or lowering: test_interp.c has small stand-ins for them) ----
INTERP_OBJS="gc jltypes datatype simplevector array symbol rtutils task ast subtype module builtins intrinsics interpreter toplevel jloptions support/numfmt"
interp_objs=""
interp_ok=1
for o in $INTERP_OBJS; do
    make -s "build/src/$o.o" || interp_ok=0
    interp_objs="$interp_objs build/src/$o.o"
done
if [ $interp_ok = 1 ] && $CC $UNIT_CFLAGS test/unit/test_interp.c $interp_objs -rdynamic -ldl -lm -lutf8proc -luv -lpthread -o "$UNIT_OUT/test_interp"; then
    unit_run test_interp
else
    unit_fail test_interp
fi

# ---- subtype.c, gf.c: type relations and dispatch; Core bootstrapped by hand, methods from hand-built
#      CodeInfos (links the core objects, not the parser or lowering: the test has stand-ins for them) ----
SUBGF_OBJS="gc jltypes datatype simplevector array symbol rtutils task ast subtype module builtins intrinsics interpreter toplevel jloptions support/numfmt gf"
subgf_objs=""
subgf_ok=1
for o in $SUBGF_OBJS; do
    make -s "build/src/$o.o" || subgf_ok=0
    subgf_objs="$subgf_objs build/src/$o.o"
done
if [ $subgf_ok = 1 ] && $CC $UNIT_CFLAGS test/unit/test_subtype_gf.c $subgf_objs -rdynamic -ldl -lm -lutf8proc -luv -lpthread -o "$UNIT_OUT/test_subtype_gf"; then
    unit_run test_subtype_gf
else
    unit_fail test_subtype_gf
fi

# ---- codegen.c, intrinsics_codegen.c, jitlayers.c: hand-built CodeInfos (typed and untyped) compiled with
#      LLVM and run through ci->invoke / ci->specptr; Core bootstrapped by hand (the test has stand-ins for
#      the parser, lowering and inference) ----
CG_OBJS="gc jltypes datatype simplevector array symbol rtutils task ast subtype module builtins intrinsics interpreter toplevel jloptions init support/numfmt gf codegen intrinsics_codegen ccall_codegen jitlayers"
cg_objs=""
cg_ok=1
for o in $CG_OBJS; do
    make -s "build/src/$o.o" || cg_ok=0
    cg_objs="$cg_objs build/src/$o.o"
done
if [ $cg_ok = 1 ] && $CC $UNIT_CFLAGS -I$($LLVM_CONFIG --includedir) test/unit/test_codegen.c $cg_objs $UNIT_LIBS -o "$UNIT_OUT/test_codegen"; then
    unit_run test_codegen
else
    unit_fail test_codegen
fi

# ---- inference.c, inference_tfuncs.c: functions defined from Julia source (jl_init loads Base), their
#      inferred return types, statement types and resolved calls; needs the whole runtime to link ----
if unit_runtime_ready; then
    if $CC $UNIT_CFLAGS test/unit/test_infer.c $(unit_runtime_objs) $UNIT_LIBS -o "$UNIT_OUT/test_infer"; then
        unit_run test_infer
        # the same targets (fib, pisum, small functions) with the real Base, once Base loads
        if ./julia -e '1' >/dev/null 2>&1; then
            JULIA_BASE_DIR="$(pwd)/base" "$UNIT_OUT/test_infer" --real-base || { echo "unit test test_infer --real-base FAILED"; unit_status=1; }
        fi
    else
        unit_fail test_infer
    fi
else
    echo "unit test test_infer skipped: the runtime does not link yet"
fi

# ---- parser.c, parser-grammar.c, tokenize.c: golden Expr shapes (test_parser) and malformed input
#      (fuzz_parser). They boot Core by hand (parser_test_support.h, whose weak stand-ins give way to the
#      real definitions): linked against the whole runtime when it links, else against the core objects ----
PARSER_OBJS="parser parser-grammar tokenize gc jltypes datatype simplevector array symbol rtutils task ast subtype module builtins intrinsics interpreter toplevel jloptions support/numfmt"
if unit_runtime_ready; then
    parser_objs="$(unit_runtime_objs)"
    parser_ok=1
else
    parser_objs=""
    parser_ok=1
    for o in $PARSER_OBJS; do
        make -s "build/src/$o.o" || parser_ok=0
        parser_objs="$parser_objs build/src/$o.o"
    done
fi
for t in test_parser fuzz_parser; do
    if [ $parser_ok = 1 ] && $CC $UNIT_CFLAGS test/unit/$t.c $parser_objs $UNIT_LIBS -o "$UNIT_OUT/$t"; then
        unit_run $t
    else
        unit_fail $t
    fi
done

# ---- lowering (macroexpand.c, lowering*.c) inside the runtime, Core only (needs the full runtime to link) ----
if unit_runtime_ready; then
    if $CC $UNIT_CFLAGS test/unit/test_lowering.c $(unit_runtime_objs) $UNIT_LIBS -o "$UNIT_OUT/test_lowering"; then
        unit_run test_lowering
    else
        unit_fail test_lowering
    fi
else
    echo "unit test test_lowering skipped: the runtime does not link yet"
fi

# ---- staticdata.c: package images. Saves a package defined from source (real Base), restores it in fresh
#      processes (with a hand-written .so linked by index, with a dependency image, with changed dispatch),
#      rejects damaged files, fuzzes the object stream; needs the whole runtime to link ----
if unit_runtime_ready; then
    if $CC $UNIT_CFLAGS test/unit/test_staticdata.c $(unit_runtime_objs) $UNIT_LIBS -o "$UNIT_OUT/test_staticdata"; then
        JULIA_BASE_DIR="$(pwd)/base" unit_run test_staticdata
    else
        unit_fail test_staticdata
    fi
else
    echo "unit test test_staticdata skipped: the runtime does not link yet"
fi
