#!/bin/sh
# C unit tests of the runtime's subsystems (test/unit/build.sh builds and runs each).
cd "$(dirname "$0")/../.."
out=$(sh test/unit/build.sh 2>&1); status=$?
echo "$out" | grep -vE '^\s*$' | tail -n 60
p=$(echo "$out" | grep -oE '^[A-Za-z: ]*[0-9]+ passed' | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
f=$(echo "$out" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
[ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "unit: $p passed, $f failed"
[ "$f" -eq 0 ]
