#!/usr/bin/env bash
# Stress run: the README's test command several times in a row while stress-ng keeps every core
# busy, to show the suite does not depend on scheduling. Prints each run's wall time and its
# closing "N passed, N failed" line, and exits non-zero if any run was red.
#
#   bash tests/stress-run.sh            5 runs beside `stress-ng --cpu <cores>`
#   bash tests/stress-run.sh 3          3 runs
#   STRESS_CPU=4 bash tests/stress-run.sh
#
# Logs go to artifacts/stress/run-N.log. stress-ng is installed by tests/setup.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cpus=${STRESS_CPU:-$(nproc 2>/dev/null || echo 2)}
bash tests/setup.sh || exit 1
mkdir -p artifacts/stress

stress-ng --cpu "$cpus" --timeout 0 >/dev/null 2>&1 &
stress=$!
trap 'kill "$stress" 2>/dev/null; wait "$stress" 2>/dev/null' EXIT
echo "stress-run: $runs runs of tests/run-all.sh beside stress-ng --cpu $cpus (pid $stress)"

red=0
summary=()
for i in $(seq 1 "$runs"); do
  log=artifacts/stress/run-$i.log
  start=$(date +%s)
  bash tests/run-all.sh > "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  counts=$(grep -E '^tests: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  line="run $i: ${secs} s, ${counts:-no closing line}, exit $rc"
  echo "stress-run: $line"
  summary+=("$line")
  if [ $rc -ne 0 ]; then
    red=$((red + 1))
    grep -E '^\s+Failed |\[FAIL\]|FAIL ' "$log" | head -n 20
  fi
done

echo "stress-run: summary"
printf '  %s\n' "${summary[@]}"
echo "stress-run: $((runs - red)) passed, $red failed"
[ $red -eq 0 ]
