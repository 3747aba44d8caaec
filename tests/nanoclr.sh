#!/usr/bin/env bash
# Runs every NFUnitTest project on the genuine nanoCLR (../shared/nanoframework beside the repository):
# compiles each library and test project from exactly the Compile items of its .nfproj against the
# toolkit's real mscorlib.dll and nanoFramework.TestFramework.dll (csc of the .NET SDK), converts each
# assembly to .pe with the genuine MetadataProcessor (nanope), and runs each test assembly in its own
# nanoCLR process with a timeout. A project passes only when the launcher printed one "Test passed"
# line for every case the assembly holds (test methods x their DataRows, counted from the compiled
# dll), no "Test failed" line, and "Done.". Also fails when a test assembly's .pe string table uses
# more than 3/4 of the 64 KiB the format allows (split the project before it stops converting).
#
#   bash tests/nanoclr.sh                 all NFUnitTest projects on nanoclr (64-bit)
#   bash tests/nanoclr.sh Hub Text        only the projects whose folder is named so
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

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
csc="$dotnet_root/sdk/$(dotnet --version)/Roslyn/bincore/csc.dll"
[ -f "$csc" ] || { echo "nanoclr: FAIL  no C# compiler at $csc"; echo "nanoclr: 0 passed, 1 failed"; exit 1; }

verify_dll="tests/NanoWs.NanoCheck.Verify/bin/Release/net10.0/NanoWs.NanoCheck.Verify.dll"
if ! dotnet build tests/NanoWs.NanoCheck.Verify/NanoWs.NanoCheck.Verify.csproj -c Release -nologo -v quiet >"$out/verify-build.log" 2>&1; then
  cat "$out/verify-build.log"; echo "nanoclr: 0 passed, 1 failed"; exit 1
fi
verify() { dotnet "$verify_dll" "$@"; }

# build NFPROJ: compiles and converts the project and (first) its project references.
# Sets BUILT_DLL / BUILT_PE and appends to the global dependency lists; returns 1 on failure.
declare -A built_dll=() built_pe=() built_deps=()
build() {
  local nfproj=$1 name line compiles=() projects=() refs=() dep deps=() p
  if [ -n "${built_dll[$nfproj]:-}" ]; then return 0; fi
  local items
  items=$(verify items "$nfproj") || { echo "FAIL  $nfproj: $items"; return 1; }
  while IFS= read -r line; do
    case "$line" in
      "assembly "*) name=${line#assembly } ;;
      "compile "*) compiles+=("${line#compile }") ;;
      "project "*) projects+=("${line#project }") ;;
    esac
  done <<<"$items"
  for p in "${projects[@]}"; do
    build "$p" || return 1
    for dep in ${built_deps[$p]} "$p"; do
      case " ${deps[*]} " in *" $dep "*) ;; *) deps+=("$dep") ;; esac
    done
  done
  for p in "${deps[@]}"; do refs+=("-r:${built_dll[$p]}"); done
  local dir="$out/$(basename "$nfproj" .nfproj)"
  mkdir -p "$dir"
  local testfw=()
  if grep -q 'nanoFramework.TestFramework' "$nfproj"; then testfw=("$nf/ref/nanoFramework.TestFramework.dll"); fi
  # A heap measurement references nanoFramework.Runtime.Native (GC.Run); the toolkit has its real assembly.
  if grep -q 'Include="nanoFramework.Runtime.Native' "$nfproj"; then testfw+=("$nf/ref/nanoFramework.Runtime.Native.dll"); fi
  if ! dotnet "$csc" -noconfig -nostdlib+ -nologo -t:library -langversion:7.3 -optimize+ -deterministic \
      -r:"$nf/ref/mscorlib.dll" "${testfw[@]/#/-r:}" "${refs[@]}" -out:"$dir/$name.dll" "${compiles[@]}" >"$dir/csc.log" 2>&1; then
    echo "FAIL  $nfproj does not compile against the toolkit's mscorlib:"; cat "$dir/csc.log"; return 1
  fi
  local depdlls=()
  for p in "${deps[@]}"; do depdlls+=("${built_dll[$p]}"); done
  if ! "$nf/nanope" "$dir/$name.pe" "$dir/$name.dll" "${depdlls[@]}" "${testfw[@]}" >"$dir/nanope.log" 2>&1; then
    echo "FAIL  $nfproj: the MetadataProcessor cannot convert $name.dll:"; tail -n 20 "$dir/nanope.log"; return 1
  fi
  built_dll[$nfproj]="$dir/$name.dll"
  built_pe[$nfproj]="$dir/$name.pe"
  built_deps[$nfproj]="${deps[*]}"
}

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
  if ! build "$p"; then
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
