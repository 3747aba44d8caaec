#!/usr/bin/env bash
# Coverage-guided fuzzing of the NanoWs core: SharpFuzz instruments NanoWs.dll, AFL++ drives the
# harness in tests/fuzz/NanoWs.Fuzz (see tests/fuzz/README.md).
#
#   bash tests/fuzz/run.sh                   short run: every target for FUZZ_SECONDS (default 20) s
#   bash tests/fuzz/run.sh --long [target]   long run: FUZZ_SECONDS (default 3600) s per target, resumable
#   bash tests/fuzz/run.sh frames-server     short run of one target
#
# Targets run FUZZ_JOBS (default: number of CPUs) at a time. Work and findings go to
# artifacts/fuzz/ (git-ignored). Exits non-zero when any target found a crash, a reproducible hang,
# or afl-fuzz could not run; each crash is replayed without instrumentation and printed with its
# stack and input hex. To keep one as a regression test: copy it to tests/fuzz/regressions/<target>/.
#
# Needs afl-fuzz (Debian package afl++) and the local dotnet tool SharpFuzz.CommandLine
# (.config/dotnet-tools.json); .ci/run installs both. This script installs nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ALL_TARGETS=(server-handshake client-handshake frames-server frames-client utf8)
long=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *)
      if [[ " ${ALL_TARGETS[*]} " == *" $arg "* ]]; then targets+=("$arg")
      else echo "unknown target '$arg'; targets: ${ALL_TARGETS[*]}" >&2; exit 2; fi ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
if [ $long -eq 1 ]; then seconds=${FUZZ_SECONDS:-3600}; else seconds=${FUZZ_SECONDS:-20}; fi
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz: afl-fuzz not found; install it with: apt-get install -y afl++   (.ci/run does this)" >&2
  exit 1
fi

work=artifacts/fuzz
project=tests/fuzz/NanoWs.Fuzz
plain=$project/bin/Release/net10.0
mkdir -p "$work"

echo "fuzz: building the harness"
if ! dotnet build "$project" -c Release -nologo -v q > "$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log"; echo "fuzz: build failed" >&2; exit 1
fi

# Instrument a copy: only NanoWs.dll (the product) gets coverage probes, not the harness or .NET.
rm -rf "$work/bin"
cp -r "$plain" "$work/bin"
if ! dotnet tool run sharpfuzz "$work/bin/NanoWs.dll" > "$work/instrument.log" 2>&1; then
  cat "$work/instrument.log"
  echo "fuzz: SharpFuzz instrumentation failed (is the tool restored? run: dotnet tool restore)" >&2
  exit 1
fi

export AFL_SKIP_BIN_CHECK=1          # the target is `dotnet`, instrumented by SharpFuzz, not by afl-cc
export AFL_NO_UI=1 AFL_QUIET=1
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FORKSRV_INIT_TMOUT=30000  # the .NET runtime starting up is not a hang

run_target() {
  local target=$1 out=$2
  local args=(-i "tests/fuzz/seeds/$target" -o "$out" -t 5000 -m none -V "$seconds")
  if [ $long -eq 1 ] && [ -d "$out/default/queue" ]; then
    export AFL_AUTORESUME=1
  else
    rm -rf "$out"
  fi
  timeout $((seconds + 120)) afl-fuzz "${args[@]}" -- dotnet "$work/bin/NanoWs.Fuzz.dll" "$target" > "$out.log" 2>&1
  echo $? > "$out.rc"
}

rm -rf "$work/crashes" "$work/hangs"
start=$(date +%s)
mode=short; [ $long -eq 1 ] && mode=long
echo "fuzz: $mode run, ${seconds}s per target, $jobs at a time: ${targets[*]}"
running=0
for target in "${targets[@]}"; do
  out="$work/$mode/$target"
  mkdir -p "$(dirname "$out")"
  run_target "$target" "$out" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

stat() { grep -E "^$2 +:" "$1" 2>/dev/null | sed 's/.*: *//'; }
status=0
printf '%-17s %10s %8s %7s %8s %6s %6s\n' target execs exec/s edges corpus crash hang
for target in "${targets[@]}"; do
  out="$work/$mode/$target"
  stats="$out/default/fuzzer_stats"
  rc=$(cat "$out.rc" 2>/dev/null || echo 1)
  if [ ! -f "$stats" ] || [ "$rc" -ne 0 ]; then
    echo "$target: afl-fuzz failed (exit $rc); last lines of $out.log:"
    tail -n 15 "$out.log" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'
    status=1
    continue
  fi
  crashes=$(stat "$stats" saved_crashes); hangs=$(stat "$stats" saved_hangs)
  printf '%-17s %10s %8s %7s %8s %6s %6s\n' "$target" "$(stat "$stats" execs_done)" "$(stat "$stats" execs_per_sec | cut -d. -f1)" \
    "$(stat "$stats" edges_found)" "$(stat "$stats" corpus_count)" "$crashes" "$hangs"
  if [ "${crashes:-0}" -gt 0 ]; then
    status=1
    mkdir -p "$work/crashes/$target"
    for f in "$out"/default/crashes/id:*; do
      cp "$f" "$work/crashes/$target/$(basename "$f" | tr ':,' '__')"
    done
    echo "== $target: ${crashes} crash(es), replayed without instrumentation (inputs in $work/crashes/$target/) =="
    dotnet "$plain/NanoWs.Fuzz.dll" replay "$target" "$work/crashes/$target" | head -n 200
    echo "to keep them as regression tests: cp $work/crashes/$target/* tests/fuzz/regressions/$target/"
  fi
  if [ "${hangs:-0}" -gt 0 ]; then
    # A hang is an input that took over 5 s under the fuzzer; it counts only if it is still slow alone.
    for f in "$out"/default/hangs/id:*; do
      if ! timeout 20 dotnet "$plain/NanoWs.Fuzz.dll" replay "$target" "$f" > /dev/null 2>&1; then
        status=1
        mkdir -p "$work/hangs/$target"; cp "$f" "$work/hangs/$target/$(basename "$f" | tr ':,' '__')"
        echo "== $target: input $f hangs or fails when replayed alone (copied to $work/hangs/$target/) =="
      else
        echo "$target: $f timed out under the fuzzer only (machine load); not counted"
      fi
    done
  fi
done
echo "fuzz: done in $(( $(date +%s) - start ))s"
exit $status
