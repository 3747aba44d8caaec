#!/usr/bin/env bash
# Packs the board packages (nanoFramework.NanoWs*, one per src/*/*.nuspec) with the genuine
# nanoFramework toolkit (../shared/nanoframework beside the repository): compiles each library from
# exactly the Compile items of its .nfproj against the toolkit's mscorlib.dll (nanoFramework.CoreLibrary
# 1.17.11) with the .NET SDK's csc, its project references first, writing the .dll, .pdb and XML docs;
# converts it with the genuine MetadataProcessor (nanope: .pe and .pdbx) (both steps: eng/nf-compile.sh); then packs its .nuspec
# unchanged with `dotnet pack` (a throw-away project that only names the nuspec) into OUT.
#
#   bash eng/pack-board.sh [OUT [VERSION [COMMIT]]]
#     OUT      default artifacts/packages/feed-board
#     VERSION  default: the host packages' version (Nerdbank.GitVersioning reading version.json)
#     COMMIT   default: the commit that version was computed from
# The assemblies carry Nerdbank.GitVersioning's assembly, file and informational versions.
#
# System.Net, System.Threading and System.IO.Streams (NanoWs.Net and the libraries above it) are
# compiled and converted against the project's reference stubs (eng/NanoFrameworkStubs), whose
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

nf_out=$stage
nf_subdir=/bin/Release
nf_symbols=1
nf_sources=("$stage/AssemblyVersion.cs")
source eng/nf-compile.sh
nf_setup "$stage" || { echo "pack-board: cannot build the .nfproj reader"; exit 1; }

cp src/README.md "$stage/README.md"   # every nuspec takes ..\README.md as the package's readme
packproj=$(mktemp -d)
trap 'rm -rf "$packproj"' EXIT
for nuspec in src/*/*.nuspec; do
  project=$(basename "$(dirname "$nuspec")")
  nfproj="src/$project/$project.nfproj"
  [ -f "$nfproj" ] || { echo "pack-board: $nuspec has no $nfproj beside it"; exit 1; }
  nf_build "$nfproj" || { echo "pack-board: $nfproj does not build"; exit 1; }
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
