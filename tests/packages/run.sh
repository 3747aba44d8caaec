#!/usr/bin/env bash
# Package check: packs the three host libraries (dotnet pack, version from version.json) into a
# local feed, then builds a user's console app that references the packages (not the projects)
# for net8.0 and net10.0 and runs the README's server and client snippets in it: the client's
# message must come back and both sides must close with 1000. With ../shared/nanoframework
# present it also packs the board packages (nanoFramework.NanoWs*) with eng/pack-board.sh and
# checks their contents. Prints "N passed, N failed".
#
#   bash tests/packages/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=artifacts/packages
feed=$work/feed
rm -rf "$work"
mkdir -p "$feed"
passed=0
failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }

for p in src/NanoWs/NanoWs.csproj src/NanoWs.Net/NanoWs.Net.csproj src/NanoWs.Hub/NanoWs.Hub.csproj; do
  if dotnet pack "$p" -c Release -o "$feed" -nologo -v q > "$work/pack.log" 2>&1; then :; else
    tail -n 20 "$work/pack.log"; fail "dotnet pack $p"; fi
done

# Every host package: both frameworks, the readme, the licence, the repository and its commit.
for id in NanoWs NanoWs.Net NanoWs.Hub; do
  nupkg=$(ls "$feed"/$id.[0-9]*.nupkg 2>/dev/null | head -n 1)
  if [ -z "$nupkg" ]; then fail "$id: no package"; continue; fi
  listing=$(unzip -l "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  missing=""
  for f in "lib/net8.0/$id.dll" "lib/net10.0/$id.dll" "lib/net8.0/$id.xml" "README.md"; do
    grep -q " $f\$" <<< "$listing" || missing="$missing $f"
  done
  for tag in '<readme>README.md</readme>' '<license type="expression">MIT</license>' '<projectUrl>' '<repository type="git" url="' 'commit="'; do
    grep -qF "$tag" <<< "$nuspec" || missing="$missing $tag"
  done
  if [ -z "$missing" ]; then ok "$(basename "$nupkg"): net8.0 and net10.0, readme, licence, project and repository URL, commit"
  else fail "$(basename "$nupkg") lacks:$missing"; fi
done

version=$(ls "$feed"/NanoWs.Net.[0-9]*.nupkg 2>/dev/null | head -n 1 | sed -E 's#.*/NanoWs\.Net\.(.*)\.nupkg#\1#')
echo "packages: version $version"

# A user's app, in a folder of its own outside the clone (nothing of the repository's build
# configuration applies): NanoWs* come from the local feed only, the rest from nuget.org.
app=$(mktemp -d)/SnippetApp
trap 'rm -rf "$(dirname "$app")"' EXIT
cp -r tests/packages/SnippetApp "$app"
rm -rf "$app/bin" "$app/obj"
cat > "$app/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$(pwd)/$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="NanoWs*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CONFIG
packages=$(pwd)/$work/nuget-packages   # a private cache: never a stale NanoWs from ~/.nuget
for tfm in net8.0 net10.0; do
  out=$work/run-$tfm.log
  if ! NUGET_PACKAGES=$packages dotnet run --project "$app/SnippetApp.csproj" -c Release \
        --framework $tfm -p:NanoWsVersion="$version" > "$out" 2>&1; then
    tail -n 20 "$out"; fail "$tfm app: did not run to a clean end"; continue
  fi
  if grep -q '^client: got hello$' "$out" && grep -q '^client: closed 1000 clean$' "$out" \
     && grep -q '^server: closed 1000$' "$out"; then
    ok "$tfm app on packages $version: echo and clean 1000 close ($(grep '^runtime:' "$out"))"
  else
    cat "$out"; fail "$tfm app: unexpected output"
  fi
done

if [ -x eng/pack-board.sh ]; then
  if bash eng/pack-board.sh "$feed" "$version"; then ok "board packages"; else fail "board packages"; fi
fi

echo "packages: $passed passed, $failed failed"
[ $failed -eq 0 ]
