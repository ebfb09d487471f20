#!/bin/sh
# test/oracle.sh: runs every program in the Julia oracle folder with ./julia and compares stdout and the
# exit code with what Julia 1.10.6 produced. Prints PASS/FAIL per program and `N passed, N failed`.
# Usage: sh test/oracle.sh [name...]   (ORACLE_DIR overrides the folder, TIMEOUT the per-program limit)
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ORACLE=${ORACLE_DIR:-/work/shared/julia-oracle}
TIMEOUT=${TIMEOUT:-60}
OUT=${ORACLE_OUT:-/tmp/oracle_out.$$}
mkdir -p "$OUT"
pass=0
fail=0
if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(cd "$ORACLE" && ls *.jl | sed 's/\.jl$//')
fi
for n in $names; do
    f="$ORACLE/$n.jl"
    [ -f "$f" ] || { echo "MISSING $n"; fail=$((fail+1)); continue; }
    (cd "$ORACLE" && timeout "$TIMEOUT" "${JULIA_BIN:-$ROOT/julia}" $JULIA_FLAGS --startup-file=no "$n.jl" >"$OUT/$n.out" 2>"$OUT/$n.err")
    code=$?
    want_code=$(cat "$ORACLE/$n.code" 2>/dev/null || echo 0)
    if cmp -s "$OUT/$n.out" "$ORACLE/$n.out" && [ "$code" = "$want_code" ]; then
        echo "PASS $n"
        pass=$((pass+1))
    else
        why=""
        cmp -s "$OUT/$n.out" "$ORACLE/$n.out" || why="stdout differs"
        [ "$code" = "$want_code" ] || why="$why exit $code (want $want_code)"
        echo "FAIL $n: $why"
        fail=$((fail+1))
    fi
done
echo "$pass passed, $fail failed"
[ -z "$ORACLE_OUT" ] || true
