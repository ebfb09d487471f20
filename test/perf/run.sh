#!/bin/sh
# test/perf/run.sh (make bench): each micro benchmark in Julia against its C twin (clang -O2), as a ratio.
cd "$(dirname "$0")/../.."
CC_BENCH=${CC_BENCH:-clang}
command -v $CC_BENCH >/dev/null 2>&1 || CC_BENCH=cc
mkdir -p build/perf
for jl in test/perf/micro/*.jl; do
    name=$(basename "$jl" .jl)
    $CC_BENCH -O2 -o build/perf/$name test/perf/micro/$name.c || continue
    c_ms=$(build/perf/$name | sed -E 's/.*best_ms ([0-9.e+-]+).*/\1/')
    jout=$(./julia "$jl")
    j_ms=$(echo "$jout" | sed -E 's/.*best_ms ([0-9.e+-]+).*/\1/')
    ratio=$(awk -v a="$j_ms" -v b="$c_ms" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    printf '%-8s julia %8s ms   C %8s ms   ratio %s   (%s)\n' "$name" "$j_ms" "$c_ms" "$ratio" "$jout"
done
