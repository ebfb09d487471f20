#!/bin/sh
# Golden-output programs: test/golden/NAME.jl must print exactly test/golden/NAME.out (and exit with
# test/golden/NAME.code if present, else 0). test/golden/NAME.flags, if present, holds extra julia switches
# (used to pin a front-end test to the interpreter while a codegen bug it trips is open; see NEWS/notes).
cd "$(dirname "$0")/../.."
pass=0; fail=0
for jl in test/golden/*.jl; do
    [ -f "$jl" ] || continue
    base=${jl%.jl}
    want_code=0; [ -f "$base.code" ] && want_code=$(cat "$base.code")
    flags=""; [ -f "$base.flags" ] && flags=$(cat "$base.flags")
    got=$(cd test/golden && timeout 60 ../../julia --startup-file=no $flags "$(basename "$jl")" 2>/tmp/golden_err.$$); code=$?
    if [ "$got" = "$(cat "$base.out")" ] && [ "$code" = "$want_code" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL $jl (exit $code)"; head -5 /tmp/golden_err.$$
    fi
done
rm -f /tmp/golden_err.$$
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
