#!/usr/bin/env bash
# Runs the whole test suite, and ends with "tests: N passed, N failed":
#   1. tests/setup.sh installs whatever is missing (Debian's chromium, afl++ and stress-ng, the
#      pinned dotnet tools and npm packages; quiet when all is there);
#   2. every test project in NanoWs.sln (core tests through the nanoFramework.TestFramework host
#      adapter, transport, hub, interop with real peers, conformance, robustness, fuzz regressions);
#   3. the nanoFramework API check (eng/nano-check.sh: board code compiled against
#      nanoFramework's real mscorlib and the cited reference stubs);
#   4. every NFUnitTest project on the genuine nanoCLR (tests/nanoclr.sh; "skipped" where
#      ../shared/nanoframework is absent), each case counted;
#   5. the packages (tests/packages/run.sh: packed, then consumed by a net8.0 and a net10.0 app);
#   6. a short coverage-guided fuzzing run (tests/fuzz/run.sh: AFL++ + SharpFuzz, ~20 s per
#      target, two at a time; fails on any crash).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== setup =="
if ! bash tests/setup.sh; then
  echo "setup failed: the suite needs the packages named above"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
status=0
dotnet build NanoWs.sln -c Release -nologo -v q 2>&1 | tail -n 30 || status=1
if [ $status -eq 0 ]; then
  dotnet test NanoWs.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi

echo "== nanoFramework API check =="
if bash eng/nano-check.sh; then nano=1; nano_failed=0; else nano=0; nano_failed=1; status=1; fi

echo "== NFUnitTest projects on the genuine nanoCLR (../shared/nanoframework) =="
clr_log=$(mktemp)
bash tests/nanoclr.sh 2>&1 | tee "$clr_log"
clr_rc=${PIPESTATUS[0]}
[ "$clr_rc" -eq 0 ] || status=1
clr=$(sed -n 's/^nanoclr: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$clr_log" | tail -n 1)
clr_failed=$(sed -n 's/^nanoclr: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$clr_log" | tail -n 1)
if [ "$clr_rc" -ne 0 ] && [ "${clr_failed:-0}" -eq 0 ]; then clr_failed=1; fi
rm -f "$clr_log"

echo "== packages (host packages packed, a net8.0 and a net10.0 app run the README's snippets) =="
if bash tests/packages/run.sh; then pkg=1; pkg_failed=0; else pkg=0; pkg_failed=1; status=1; fi

echo "== fuzzing (short run; long run: bash tests/fuzz/run.sh --long) =="
if bash tests/fuzz/run.sh; then fuzz=1; fuzz_failed=0; else fuzz=0; fuzz_failed=1; status=1; fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ $status -ne 0 ] && [ "$failed" -eq 0 ] && [ "$nano_failed" -eq 0 ] && [ "${clr_failed:-0}" -eq 0 ] && [ "$pkg_failed" -eq 0 ] && [ "$fuzz_failed" -eq 0 ]; then failed=1; fi
echo "tests: $((passed + nano + ${clr:-0} + pkg + fuzz)) passed, $((failed + nano_failed + ${clr_failed:-0} + pkg_failed + fuzz_failed)) failed"
exit $status
