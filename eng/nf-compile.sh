# Compiles .nfproj projects as nanoFramework's build does, with the genuine toolkit
# (../shared/nanoframework beside the repository). Sourced, not run, by tests/nanoclr.sh,
# eng/pack-board.sh and tests/NanoWs.Benchmarks/nanoclr/run.sh:
#
#   nf=/path/to/nanoframework   # the toolkit: ref/mscorlib.dll, nanope, ...
#   nf_out=/path/to/output      # NAME.dll and NAME.pe go to $nf_out/<project>$nf_subdir
#   source eng/nf-compile.sh
#   nf_setup LOGDIR || exit 1   # finds the .NET SDK's csc, builds the .nfproj reader
#   nf_build src/NanoWs/NanoWs.nfproj || exit 1
#   echo "${built_dll[src/NanoWs/NanoWs.nfproj]} ${built_pe[src/NanoWs/NanoWs.nfproj]}"
#
# nf_build compiles a project from exactly the Compile items of its .nfproj (C# 7.3, no standard
# library) against the toolkit's mscorlib.dll, its project references first, then converts the
# assembly to .pe with the genuine MetadataProcessor (nanope). References beyond mscorlib:
#   - nanoFramework.TestFramework and nanoFramework.Runtime.Native: the toolkit's real assemblies,
#     when the .nfproj names them;
#   - System.Net, System.Threading, System.IO.Streams: the project's reference stubs
#     (eng/NanoFrameworkStubs), when the project or one it references names System.Net.
# Options, set before calling nf_build:
#   nf_subdir=/bin/Release     appended to each project's output folder (default: none)
#   nf_symbols=1               also writes NAME.pdb and NAME.xml (XML docs)
#   nf_sources=(FILE...)       extra sources compiled into every assembly (e.g. assembly versions)
# Results: built_dll[NFPROJ], built_pe[NFPROJ], built_deps[NFPROJ] (the .nfproj paths it references,
# transitively, in build order); on failure nf_build prints the compiler's or nanope's output.

nf_subdir=${nf_subdir:-}
nf_symbols=${nf_symbols:-}
declare -p nf_sources >/dev/null 2>&1 || nf_sources=()
declare -A built_dll=() built_pe=() built_deps=()
nf_stub_dir=eng/NanoFrameworkStubs/SystemNet/bin/Release
nf_stub_dlls=("$nf_stub_dir/System.Net.dll" "$nf_stub_dir/System.Threading.dll" "$nf_stub_dir/System.IO.Streams.dll")
nf_stubs_built=""

# nf_setup LOGDIR: sets nf_csc and nf_verify (the .nfproj reader of eng/nano-check); 1 on failure.
nf_setup() {
  local logdir=$1
  mkdir -p "$logdir"
  nf_csc="$(dirname "$(readlink -f "$(command -v dotnet)")")/sdk/$(dotnet --version)/Roslyn/bincore/csc.dll"
  [ -f "$nf_csc" ] || { echo "FAIL  no C# compiler at $nf_csc"; return 1; }
  nf_verify=eng/nano-check/NanoWs.NanoCheck.Verify/bin/Release/net10.0/NanoWs.NanoCheck.Verify.dll
  if ! dotnet build eng/nano-check/NanoWs.NanoCheck.Verify/NanoWs.NanoCheck.Verify.csproj -c Release -nologo -v quiet \
      >"$logdir/verify-build.log" 2>&1; then
    cat "$logdir/verify-build.log"; return 1
  fi
}

# nf_build NFPROJ: compiles and converts the project and (first) its project references.
nf_build() {
  local nfproj=$1 name="" line p dep items compiles=() projects=() deps=() refs=() extra=() toolkit=()
  [ -z "${built_dll[$nfproj]:-}" ] || return 0
  items=$(dotnet "$nf_verify" items "$nfproj") || { echo "FAIL  $nfproj: $items"; return 1; }
  while IFS= read -r line; do
    case "$line" in
      "assembly "*) name=${line#assembly } ;;
      "compile "*) compiles+=("${line#compile }") ;;
      "project "*) projects+=("${line#project }") ;;
    esac
  done <<<"$items"
  for p in "${projects[@]}"; do
    nf_build "$p" || return 1
    for dep in ${built_deps[$p]} "$p"; do
      case " ${deps[*]} " in *" $dep "*) ;; *) deps+=("$dep") ;; esac
    done
  done
  for p in "${deps[@]}"; do refs+=("${built_dll[$p]}"); done
  # The stubs are needed wherever the project or a library it references needs them (nanope wants
  # every assembly).
  for p in "$nfproj" "${deps[@]}"; do
    if grep -q '<Reference Include="System.Net,' "$p"; then
      if [ -z "$nf_stubs_built" ]; then
        dotnet build eng/NanoFrameworkStubs/SystemNet/nanoFramework.System.Net.Stub.csproj -c Release -nologo -v quiet \
          >"$nf_out/stubs-build.log" 2>&1 || { cat "$nf_out/stubs-build.log"; return 1; }
        nf_stubs_built=1
      fi
      extra=("${nf_stub_dlls[@]}")
    fi
  done
  if grep -q 'nanoFramework.TestFramework' "$nfproj"; then toolkit+=("$nf/ref/nanoFramework.TestFramework.dll"); fi
  # A heap measurement references nanoFramework.Runtime.Native (GC.Run); the toolkit has its real assembly.
  if grep -q 'Include="nanoFramework.Runtime.Native' "$nfproj"; then toolkit+=("$nf/ref/nanoFramework.Runtime.Native.dll"); fi
  local dir="$nf_out/$(basename "$nfproj" .nfproj)$nf_subdir"
  mkdir -p "$dir"
  local all=("${refs[@]}" "${extra[@]}" "${toolkit[@]}") symbols=()
  if [ -n "$nf_symbols" ]; then symbols=(-debug:portable -pdb:"$dir/$name.pdb" -doc:"$dir/$name.xml" -nowarn:1591); fi
  if ! dotnet "$nf_csc" -noconfig -nostdlib+ -nologo -t:library -langversion:7.3 -optimize+ -deterministic "${symbols[@]}" \
      -r:"$nf/ref/mscorlib.dll" "${all[@]/#/-r:}" -out:"$dir/$name.dll" "${compiles[@]}" "${nf_sources[@]}" >"$dir/csc.log" 2>&1; then
    echo "FAIL  $nfproj does not compile against the toolkit's mscorlib:"; cat "$dir/csc.log"; return 1
  fi
  if ! "$nf/nanope" "$dir/$name.pe" "$dir/$name.dll" "${all[@]}" >"$dir/nanope.log" 2>&1; then
    echo "FAIL  $nfproj: the MetadataProcessor cannot convert $name.dll:"; tail -n 20 "$dir/nanope.log"; return 1
  fi
  built_dll[$nfproj]="$dir/$name.dll"
  built_pe[$nfproj]="$dir/$name.pe"
  built_deps[$nfproj]="${deps[*]}"
}
