#!/usr/bin/env bash
# Runs every NFUnitTest project on the genuine nanoCLR (../shared/nanoframework beside the repository):
# compiles each library and test project from exactly the Compile items of its .nfproj against the
# toolkit's real mscorlib.dll and nanoFramework.TestFramework.dll (csc of the .NET SDK), converts each
# assembly to .pe with the genuine MetadataProcessor (nanope) (both steps: eng/nf-compile.sh), and runs each test assembly in its own
# nanoCLR process with a timeout. A project passes only when the launcher printed one "Test passed"
# line for every case the assembly holds (test methods x their DataRows, counted from the compiled
# dll), no "Test failed" line, and "Done.". Also fails when a test assembly's .pe string table uses
# more than 3/4 of the 64 KiB the format allows (split the project before it stops converting).
#
#   bash tests/nanoclr.sh                 all NFUnitTest projects on nanoclr (64-bit)
#   bash tests/nanoclr.sh NanoWs.Hub.Tests Text   only the projects whose folder is named so
#   NANOCLR_RUNTIME=nanoclr32 bash tests/nanoclr.sh    on the 32-bit build (a board's object layout)
#   NANOCLR_TIMEOUT=600                   seconds per nanoCLR process (default 600)
#
# Where the toolkit is absent it says so and passes. Ends with "nanoclr: N passed, N failed" (cases).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

nf="$root/../shared/nanoframework"
if [ ! -x "$nf/nanoclr" ] || [ ! -x "$nf/nanope" ] || [ ! -f "$nf/ref/mscorlib.dll" ]; then
  echo "nanoclr: skipped: no nanoCLR toolkit (../shared/nanoframework)"
  exit 0
fi
nf=$(cd "$nf" && pwd)
runtime="$nf/${NANOCLR_RUNTIME:-nanoclr}"
timeout_s=${NANOCLR_TIMEOUT:-600}
out="$root/tests/bin/nanoclr/${NANOCLR_RUNTIME:-nanoclr}"
mkdir -p "$out"

nf_out=$out
source eng/nf-compile.sh
if ! nf_setup "$out"; then echo "nanoclr: 0 passed, 1 failed"; exit 1; fi
verify() { dotnet "$nf_verify" "$@"; }

mapfile -t projects < <(find tests -name '*.nfproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
selected=()
for p in "${projects[@]}"; do
  grep -q '<AssemblyName>NFUnitTest</AssemblyName>' "$p" || continue
  if [ $# -gt 0 ]; then
    case " $* " in *" $(basename "$(dirname "$p")") "*) ;; *) continue ;; esac
  fi
  selected+=("$p")
done
[ ${#selected[@]} -gt 0 ] || { echo "nanoclr: FAIL  no NFUnitTest project found"; echo "nanoclr: 0 passed, 1 failed"; exit 1; }

string_limit=$((48 * 1024))
total_passed=0
total_failed=0
for p in "${selected[@]}"; do
  label=$(basename "$p" .nfproj)
  if ! nf_build "$p"; then
    echo "$label: 0 passed, 1 failed (not built)"
    total_failed=$((total_failed + 1))
    continue
  fi
  expected=$(verify cases "${built_dll[$p]}" 2>"$out/$label/cases.log") || { cat "$out/$label/cases.log"; expected=${expected:-0}; total_failed=$((total_failed + 1)); }
  pes=("$nf/pe/mscorlib.pe" "$nf/pe/nanoFramework.TestFramework.pe" "$nf/pe/nanoFramework.UnitTestLauncher.pe")
  if grep -q 'Include="nanoFramework.Runtime.Native' "$p"; then pes+=("$nf/pe/nanoFramework.Runtime.Native.pe"); fi
  for dep in ${built_deps[$p]}; do pes+=("${built_pe[$dep]}"); done
  pes+=("${built_pe[$p]}")
  log="$out/$label/run.log"
  "$runtime" -t "$timeout_s" "${pes[@]}" 2>&1 | tr -d '\r' >"$log"
  rc=${PIPESTATUS[0]}
  passed=$(grep -c '^Test passed,' "$log")
  failed=$(grep -c '^Test failed,' "$log")
  skipped=$(grep -c '^Test skipped,' "$log")
  strings=$(awk '/Assembly: NFUnitTest /{f=1} f && /Strings +=/{print $3; exit}' "$log")
  notes=()
  missing=$((expected - passed - failed - skipped))
  [ "$skipped" -eq 0 ] || notes+=("$skipped skipped")
  if [ "$missing" -gt 0 ]; then notes+=("$missing of $expected cases never reported"); failed=$((failed + missing)); fi
  if [ "$missing" -lt 0 ]; then notes+=("$((-missing)) more results than the $expected cases"); failed=$((failed + 1)); fi
  if ! grep -qx 'Done\.' "$log"; then notes+=("no 'Done.' (exit status $rc)"); failed=$((failed + 1)); fi
  if [ -n "$strings" ] && [ "$strings" -gt "$string_limit" ]; then
    notes+=("string table $strings B over $string_limit B: split the project"); failed=$((failed + 1))
  fi
  failed=$((failed + skipped))
  echo "$label: $passed passed, $failed failed (strings ${strings:-?} B)${notes[*]:+ - ${notes[*]}}"
  grep '^Test failed,' "$log" | head -n 40 | sed 's/^/      /'
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
done

echo "nanoclr: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
