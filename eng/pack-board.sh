#!/usr/bin/env bash
# Packs the board packages (nanoFramework.NanoWs*, one per src/*/*.nuspec) with the genuine
# nanoFramework toolkit (../shared/nanoframework beside the repository): compiles each library from
# exactly the Compile items of its .nfproj against the toolkit's mscorlib.dll (nanoFramework.CoreLibrary
# 1.17.11) with the .NET SDK's csc, its project references first, writing the .dll, .pdb and XML docs;
# converts it with the genuine MetadataProcessor (nanope: .pe and .pdbx); then packs its .nuspec
# unchanged with `dotnet pack` (a throw-away project that only names the nuspec) into OUT.
#
#   bash eng/pack-board.sh [OUT [VERSION [COMMIT]]]
#     OUT      default artifacts/packages/feed-board
#     VERSION  default: the host packages' version (Nerdbank.GitVersioning reading version.json)
#     COMMIT   default: the commit that version was computed from
# The assemblies carry Nerdbank.GitVersioning's assembly, file and informational versions.
#
# System.Net, System.Threading and System.IO.Streams (NanoWs.Net and the libraries above it) are
# compiled and converted against the project's reference stubs (tests/NanoFrameworkStubs), whose
# members are checked against nanoFramework's sources; the packages depend on the real ones.
# Without the toolkit it prints "skipped" and exits 0. Prints one line per package with its size.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

nf="$root/../shared/nanoframework"
if [ ! -x "$nf/nanope" ] || [ ! -f "$nf/ref/mscorlib.dll" ]; then
  echo "pack-board: skipped: no nanoFramework toolkit (../shared/nanoframework)"
  exit 0
fi
nf=$(cd "$nf" && pwd)
out=${1:-artifacts/packages/feed-board}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage="$root/artifacts/board"
rm -rf "$stage"
mkdir -p "$stage"

version=${2:-}
commit=${3:-}
# The version the host packages get: Nerdbank.GitVersioning's GetBuildVersion on the core project;
# its assembly versions stamp the board assemblies as a Visual Studio build with the
# packages.config restore of Nerdbank.GitVersioning does.
props=$(dotnet msbuild src/NanoWs/NanoWs.csproj -nologo -restore -p:TargetFramework=net10.0 -t:GetBuildVersion \
  -getProperty:NuGetPackageVersion -getProperty:GitCommitId -getProperty:AssemblyVersion \
  -getProperty:AssemblyFileVersion -getProperty:AssemblyInformationalVersion 2>"$stage/version.log") \
  || { cat "$stage/version.log"; echo "pack-board: cannot compute the version"; exit 1; }
prop() { sed -n "s/.*\"$1\": \"\(.*\)\".*/\1/p" <<<"$props" | sed 's/\\u002B/+/g'; }
[ -n "$version" ] || version=$(prop NuGetPackageVersion)
[ -n "$commit" ] || commit=$(prop GitCommitId)
[ -n "$version" ] && [ -n "$commit" ] || { echo "pack-board: no version or commit"; exit 1; }
cat >"$stage/AssemblyVersion.cs" <<CS
[assembly: System.Reflection.AssemblyVersion("$(prop AssemblyVersion)")]
[assembly: System.Reflection.AssemblyFileVersion("$(prop AssemblyFileVersion)")]
[assembly: System.Reflection.AssemblyInformationalVersion("$(prop AssemblyInformationalVersion)")]
CS

csc="$(dirname "$(readlink -f "$(command -v dotnet)")")/sdk/$(dotnet --version)/Roslyn/bincore/csc.dll"
[ -f "$csc" ] || { echo "pack-board: no C# compiler at $csc"; exit 1; }
dotnet build tests/NanoWs.NanoCheck.Verify/NanoWs.NanoCheck.Verify.csproj -c Release -nologo -v quiet >"$stage/verify-build.log" 2>&1 \
  || { cat "$stage/verify-build.log"; exit 1; }
verify="tests/NanoWs.NanoCheck.Verify/bin/Release/net10.0/NanoWs.NanoCheck.Verify.dll"

stubs=tests/NanoFrameworkStubs/SystemNet/bin/Release
stub_dlls=("$stubs/System.Net.dll" "$stubs/System.Threading.dll" "$stubs/System.IO.Streams.dll")
stubs_built=""

# build NFPROJ: NAME.dll/.pdb/.xml/.pe/.pdbx in $stage/<project>/bin/Release, project references first.
declare -A built_dll=() built_deps=()
build() {
  local nfproj=$1 name="" line p dep compiles=() projects=() deps=() refs=() extra=()
  [ -z "${built_dll[$nfproj]:-}" ] || return 0
  local items
  items=$(dotnet "$verify" items "$nfproj") || { echo "pack-board: $nfproj: $items"; return 1; }
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
  for p in "${deps[@]}"; do refs+=("${built_dll[$p]}"); done
  if grep -q '<Reference Include="System.Net,' "$nfproj"; then
    if [ -z "$stubs_built" ]; then
      dotnet build tests/NanoFrameworkStubs/SystemNet/nanoFramework.System.Net.Stub.csproj -c Release -nologo -v quiet \
        >"$stage/stubs-build.log" 2>&1 || { cat "$stage/stubs-build.log"; return 1; }
      stubs_built=1
    fi
    extra=("${stub_dlls[@]}")
  else
    # The stubs are needed wherever a referenced library needs them (nanope wants every assembly).
    for p in "${deps[@]}"; do
      if grep -q '<Reference Include="System.Net,' "$p"; then extra=("${stub_dlls[@]}"); fi
    done
  fi
  local dir="$stage/$(basename "$(dirname "$nfproj")")/bin/Release"
  mkdir -p "$dir"
  local all=("${refs[@]}" "${extra[@]}")
  if ! dotnet "$csc" -noconfig -nostdlib+ -nologo -t:library -langversion:7.3 -optimize+ -deterministic \
      -debug:portable -pdb:"$dir/$name.pdb" -doc:"$dir/$name.xml" -nowarn:1591 \
      -r:"$nf/ref/mscorlib.dll" "${all[@]/#/-r:}" -out:"$dir/$name.dll" "${compiles[@]}" "$stage/AssemblyVersion.cs" >"$dir/csc.log" 2>&1; then
    cat "$dir/csc.log"; echo "pack-board: $nfproj does not compile against the toolkit's mscorlib"; return 1
  fi
  if ! "$nf/nanope" "$dir/$name.pe" "$dir/$name.dll" "${all[@]}" >"$dir/nanope.log" 2>&1; then
    tail -n 20 "$dir/nanope.log"; echo "pack-board: the MetadataProcessor cannot convert $name.dll"; return 1
  fi
  built_dll[$nfproj]="$dir/$name.dll"
  built_deps[$nfproj]="${deps[*]}"
}

cp src/README.md "$stage/README.md"   # every nuspec takes ..\README.md as the package's readme
packproj=$(mktemp -d)
trap 'rm -rf "$packproj"' EXIT
for nuspec in src/*/*.nuspec; do
  project=$(basename "$(dirname "$nuspec")")
  nfproj="src/$project/$project.nfproj"
  [ -f "$nfproj" ] || { echo "pack-board: $nuspec has no $nfproj beside it"; exit 1; }
  build "$nfproj"
  cp "$nuspec" "$stage/$project/"
  # A project outside the repository (none of its build configuration applies) that builds nothing
  # and packs the nuspec as it is, with the files it names relative to the staged project folder.
  cat >"$packproj/Pack.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoBuild>true</NoBuild>
    <NuspecFile>$stage/$project/$(basename "$nuspec")</NuspecFile>
    <NuspecBasePath>$stage/$project</NuspecBasePath>
    <NuspecProperties>version=$version;commit=$commit</NuspecProperties>
  </PropertyGroup>
</Project>
PROJ
  if ! dotnet pack "$packproj/Pack.csproj" -o "$out" -nologo -v q >"$stage/$project/pack.log" 2>&1; then
    cat "$stage/$project/pack.log"; echo "pack-board: dotnet pack $nuspec failed"; exit 1
  fi
  id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' "$nuspec")
  nupkg="$out/$id.$version.nupkg"
  [ -f "$nupkg" ] || { echo "pack-board: no $nupkg"; exit 1; }
  echo "pack-board: $(basename "$nupkg") $(stat -c %s "$nupkg") B ($project.pe $(stat -c %s "$stage/$project/bin/Release/$project.pe") B)"
done
