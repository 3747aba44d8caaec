#!/usr/bin/env bash
# Package check: packs the four host libraries (dotnet pack, version from version.json) into a
# local feed, then builds a user's console app that references the packages (not the projects)
# for net8.0 and net10.0 and runs the README's server and client snippets in it: the client's
# message must come back and both sides must close with 1000. It also runs the README's
# dashboard-hub snippet (checked to be the README's text) in that app and drives its dashboard in
# headless Chromium (tests/packages/hub-dashboard.js): the page loads, shows the channel and a
# published value, and a command from the page reaches the app. With ../shared/nanoframework
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

for p in src/NanoWs/NanoWs.csproj src/NanoWs.Net/NanoWs.Net.csproj src/NanoWs.Hub/NanoWs.Hub.csproj \
         src/NanoWs.Hub.Server/NanoWs.Hub.Server.csproj; do
  if dotnet pack "$p" -c Release -o "$feed" -nologo -v q > "$work/pack.log" 2>&1; then :; else
    tail -n 20 "$work/pack.log"; fail "dotnet pack $p"; fi
done

# Every host package: both frameworks, the readme, the licence, the repository and its commit.
for id in NanoWs NanoWs.Net NanoWs.Hub NanoWs.Hub.Server; do
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

# The hub server package depends on the transport and the hub packages of the same version.
nupkg=$(ls "$feed"/NanoWs.Hub.Server.[0-9]*.nupkg 2>/dev/null | head -n 1)
if [ -n "$nupkg" ]; then
  nuspec=$(unzip -p "$nupkg" NanoWs.Hub.Server.nuspec)
  if grep -q 'id="NanoWs.Net"' <<< "$nuspec" && grep -q 'id="NanoWs.Hub"' <<< "$nuspec"; then
    ok "NanoWs.Hub.Server depends on NanoWs.Net and NanoWs.Hub"
  else fail "NanoWs.Hub.Server lacks its dependencies on NanoWs.Net and NanoWs.Hub"; fi
fi

# The README's hub snippet is the app's, word for word (the app listens on a free port, not 80).
readme_snippet=$(awk '/^## A dashboard hub/{s=1} s&&/^```csharp/{c=1;next} c&&/^```/{exit} c' README.md)
app_snippet=$(awk '/--- README "A dashboard hub"/{c=1;next} c&&/--- end ---/{exit} c' tests/packages/SnippetApp/Program.cs \
  | sed -E 's/^            //; s/Port = port/Port = 80/')
if [ -n "$readme_snippet" ] && [ "$readme_snippet" = "$app_snippet" ]; then
  ok "README hub snippet ($(wc -l <<< "$readme_snippet") lines) is SnippetApp's"
else
  diff <(echo "$readme_snippet") <(echo "$app_snippet"); fail "README hub snippet and SnippetApp differ"
fi

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

# The hub snippet serves its dashboard: headless Chromium loads it, sees the channel and a published
# value, and switches the LED; the app prints the command it got. Waits are on output lines and
# page states only.
# Prints the first line of file $1 matching the ERE $2 once it is written; 60 s without a new line
# is a hang and fails.
wait_line() {
  local line fd tail_pid
  exec {fd}< <(exec tail -n +1 -f "$1")
  tail_pid=$!
  while IFS= read -r -t 60 -u "$fd" line; do
    if [[ $line =~ $2 ]]; then
      echo "$line"; kill "$tail_pid" 2>/dev/null; exec {fd}<&-; return 0
    fi
  done
  kill "$tail_pid" 2>/dev/null; exec {fd}<&-; return 1
}
hub_check() {
  local tfm=$1 out=$work/hub-$tfm.log exe pid port result
  exe=$(find "$app/bin/Release/$tfm" -name SnippetApp -type f -perm -u+x 2>/dev/null | head -n 1)
  if [ -z "$exe" ]; then fail "$tfm hub: no SnippetApp executable"; return; fi
  "$exe" hub > "$out" 2>&1 &
  pid=$!
  port=$(wait_line "$out" '^app: dashboard on port [0-9]+$' | sed -E 's/.* //')
  if [ -z "$port" ]; then kill "$pid" 2>/dev/null; cat "$out"; fail "$tfm hub: the snippet did not start"; return; fi
  result=$(node tests/packages/hub-dashboard.js "http://127.0.0.1:$port/" 2>&1)
  if grep -q '"ok":true' <<< "$result" && wait_line "$out" '^app: led True$' > /dev/null; then
    ok "$tfm hub snippet on packages $version: Chromium loaded its dashboard, saw the channel and the published value, its LED command reached the app ($result)"
  else
    echo "$result"; cat "$out"; fail "$tfm hub snippet: dashboard check failed"
  fi
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
if [ -d tests/e2e/node_modules/playwright-core ] && [ -x /usr/bin/chromium ]; then
  for tfm in net8.0 net10.0; do hub_check $tfm; done
else
  fail "hub snippet: needs /usr/bin/chromium and tests/e2e/node_modules (bash tests/setup.sh)"
fi

if [ -x eng/pack-board.sh ]; then
  if bash eng/pack-board.sh "$feed" "$version"; then ok "board packages"; else fail "board packages"; fi
fi

echo "packages: $passed passed, $failed failed"
[ $failed -eq 0 ]
