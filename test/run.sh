#!/bin/sh
# test/run.sh: runs every test suite and prints one closing line `N passed, N failed`.
# Each suite prints its own "N passed, N failed" line; this script sums them.
cd "$(dirname "$0")/.."
total_pass=0
total_fail=0
run_suite() {
    name=$1; shift
    echo "== $name"
    out=$("$@" 2>&1)
    status=$?
    echo "$out" | tail -n 40
    line=$(echo "$out" | grep -E '^[A-Za-z]*:? ?[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(echo "$line" | sed -E 's/.*([0-9]+) passed.*/\1/;s/[^0-9].*//' )
    p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
    f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
    if [ -z "$line" ]; then p=0; f=1; echo "$name: no result line (exit $status)"; fi
    if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
    total_pass=$((total_pass + ${p:-0}))
    total_fail=$((total_fail + ${f:-0}))
}
for s in test/suites/*.sh; do
    [ -f "$s" ] || continue
    run_suite "$(basename "$s" .sh)" sh "$s"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
