#!/bin/sh
# Runs every program in ../shared/julia-oracle/ and compares stdout and exit code with what Julia 1.10.6
# produced. Programs listed in test/oracle_required.txt must match (each counts as a test); the rest are
# reported so the number that match can only grow.
cd "$(dirname "$0")/../.."
ORACLE=${ORACLE:-../shared/julia-oracle}
[ -d "$ORACLE" ] || { echo "oracle: $ORACLE not found"; echo "oracle: 0 passed, 1 failed"; exit 1; }
JULIA=$(pwd)/julia
pass=0; fail=0; match=0; total=0; matched=""
tmp=$(mktemp -d)
for jl in "$ORACLE"/*.jl; do
    name=$(basename "$jl" .jl)
    total=$((total + 1))
    (cd "$ORACLE" && timeout 60 "$JULIA" --startup-file=no "$name.jl" >"$tmp/out" 2>"$tmp/err"); code=$?
    want_code=$(cat "$ORACLE/$name.code" 2>/dev/null || echo 0)
    if cmp -s "$tmp/out" "$ORACLE/$name.out" && [ "$code" = "$want_code" ]; then
        ok=1; match=$((match + 1)); matched="$matched $name"
    else
        ok=0
    fi
    if grep -qx "$name" test/oracle_required.txt 2>/dev/null; then
        if [ $ok = 1 ]; then pass=$((pass + 1)); else
            fail=$((fail + 1)); echo "FAIL (required) $name: exit $code"; diff "$tmp/out" "$ORACLE/$name.out" | head -10; head -5 "$tmp/err"
        fi
    fi
done
rm -rf "$tmp"
echo "oracle programs matching Julia byte for byte: $match of $total:$matched"
echo "oracle: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
