#!/usr/bin/env bash
# Package check: packs the six host libraries (dotnet pack, version from version.json) into a
# local feed, then builds a user's console app that references the packages (not the projects)
# for net8.0 and net10.0 and runs the README's server and client snippets in it: the client's
# message must come back and both sides must close with 1000. It also runs the README's
# dashboard-hub snippet (checked to be the README's text) in that app and drives its dashboard in
# headless Chromium (tests/packages/hub-dashboard.js): the page loads, shows the channel and a
# published value, and a command from the page reaches the app; and the README's Socket.IO snippet,
# which the official socket.io-client talks to (tests/packages/socketio-snippet.js). With ../shared/nanoframework
# present it also packs the board packages (nanoFramework.NanoWs*) with eng/pack-board.sh into
# artifacts/packages/feed-board, checks their contents, metadata and dependencies, and loads their
# .pe files on nanoCLR; without it, that part says "skipped". Prints "N passed, N failed".
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
         src/NanoWs.Hub.Server/NanoWs.Hub.Server.csproj src/NanoWs.SocketIo/NanoWs.SocketIo.csproj \
         src/NanoWs.SocketIo.Net/NanoWs.SocketIo.Net.csproj; do
  if dotnet pack "$p" -c Release -o "$feed" -nologo -v q > "$work/pack.log" 2>&1; then :; else
    tail -n 20 "$work/pack.log"; fail "dotnet pack $p"; fi
done

# Every host package: both frameworks, the readme, the licence, the repository and its commit.
for id in NanoWs NanoWs.Net NanoWs.Hub NanoWs.Hub.Server NanoWs.SocketIo NanoWs.SocketIo.Net; do
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

# The packages that glue others together depend on them (same version).
depends() {   # package, then the packages it must depend on
  local id=$1 nupkg nuspec d missing=""
  shift
  nupkg=$(ls "$feed"/$id.[0-9]*.nupkg 2>/dev/null | head -n 1)
  [ -n "$nupkg" ] || return
  nuspec=$(unzip -p "$nupkg" $id.nuspec)
  for d in "$@"; do grep -q "id=\"$d\"" <<< "$nuspec" || missing="$missing $d"; done
  if [ -z "$missing" ]; then ok "$id depends on $*"; else fail "$id lacks its dependencies on$missing"; fi
}
depends NanoWs.Hub.Server NanoWs.Net NanoWs.Hub
depends NanoWs.SocketIo NanoWs
depends NanoWs.SocketIo.Net NanoWs.Net NanoWs.SocketIo

# The README's snippets are the app's, word for word (the app listens on a free port, not 80).
snippet_check() {   # README heading, then the app's marker name
  local readme_snippet app_snippet
  readme_snippet=$(awk -v h="## $1" '$0==h{s=1} s&&/^```csharp/{c=1;next} c&&/^```/{exit} c' README.md)
  app_snippet=$(awk -v m="--- README \"$1\"" 'index($0,m){c=1;next} c&&/--- end ---/{exit} c' tests/packages/SnippetApp/Program.cs \
    | sed -E 's/^            //; s/Port = port/Port = 80/')
  if [ -n "$readme_snippet" ] && [ "$readme_snippet" = "$app_snippet" ]; then
    ok "README \"$1\" snippet ($(wc -l <<< "$readme_snippet") lines) is SnippetApp's"
  else
    diff <(echo "$readme_snippet") <(echo "$app_snippet"); fail "README \"$1\" snippet and SnippetApp differ"
  fi
}
snippet_check "A dashboard hub"
snippet_check "Socket.IO"

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
# Starts SnippetApp in mode $2 for framework $1 and waits for its line $3, which ends with the port;
# sets snippet_pid, snippet_port and snippet_out, or fails the check and returns 1.
start_snippet() {
  local tfm=$1 mode=$2 exe
  snippet_out=$work/$mode-$tfm.log
  exe=$(find "$app/bin/Release/$tfm" -name SnippetApp -type f -perm -u+x 2>/dev/null | head -n 1)
  if [ -z "$exe" ]; then fail "$tfm $mode: no SnippetApp executable"; return 1; fi
  # The log exists before the app starts: wait_line's tail must not look for it before the
  # background process has opened it.
  : > "$snippet_out"
  "$exe" "$mode" >> "$snippet_out" 2>&1 &
  snippet_pid=$!
  snippet_port=$(wait_line "$snippet_out" "$3" | sed -E 's/.* //')
  if [ -z "$snippet_port" ]; then stop_snippet; cat "$snippet_out"; fail "$tfm $mode: the snippet did not start"; return 1; fi
}
stop_snippet() {
  kill "$snippet_pid" 2>/dev/null
  wait "$snippet_pid" 2>/dev/null
}
hub_check() {
  local tfm=$1 result
  start_snippet "$tfm" hub '^app: dashboard on port [0-9]+$' || return
  result=$(node tests/packages/hub-dashboard.js "http://127.0.0.1:$snippet_port/" 2>&1)
  if grep -q '"ok":true' <<< "$result" && wait_line "$snippet_out" '^app: led True$' > /dev/null; then
    ok "$tfm hub snippet on packages $version: Chromium loaded its dashboard, saw the channel and the published value, its LED command reached the app ($result)"
  else
    echo "$result"; cat "$snippet_out"; fail "$tfm hub snippet: dashboard check failed"
  fi
  stop_snippet
}
if [ -d tests/e2e/node_modules/playwright-core ] && [ -x /usr/bin/chromium ]; then
  for tfm in net8.0 net10.0; do hub_check $tfm; done
else
  fail "hub snippet: needs /usr/bin/chromium and tests/e2e/node_modules (bash tests/setup.sh)"
fi

# The Socket.IO snippet serves the official socket.io-client: its news event arrives and an
# acknowledged echo comes back, over long-polling with the upgrade and over WebSocket only.
socketio_check() {
  local tfm=$1 result
  start_snippet "$tfm" socketio '^app: socket.io on port [0-9]+$' || return
  result=$(node tests/packages/socketio-snippet.js "http://127.0.0.1:$snippet_port" 2>&1)
  if grep -q '"ok":true' <<< "$result"; then
    ok "$tfm Socket.IO snippet on packages $version: socket.io-client got its news and an acknowledged echo, polling+upgrade and WebSocket only"
  else
    echo "$result"; cat "$snippet_out"; fail "$tfm Socket.IO snippet: socket.io-client check failed"
  fi
  stop_snippet
}
if [ -d tests/interop/node_modules/socket.io-client ]; then
  for tfm in net8.0 net10.0; do socketio_check $tfm; done
else
  fail "Socket.IO snippet: needs tests/interop/node_modules (bash tests/setup.sh)"
fi

# Board packages (nanoFramework.NanoWs*): packed by eng/pack-board.sh with the genuine toolkit at the
# host packages' version and commit, then checked one by one against their nuspec and .nfproj, and
# their .pe files (taken from the packages) loaded and resolved on nanoCLR.
nf=../shared/nanoframework
board_feed=$work/feed-board
if [ ! -x "$nf/nanope" ] || [ ! -x "$nf/nanoclr" ] || [ ! -f "$nf/ref/mscorlib.dll" ]; then
  echo "board packages: skipped: no nanoFramework toolkit (../shared/nanoframework)"
else
  host_commit=$(unzip -p "$feed/NanoWs.$version.nupkg" NanoWs.nuspec 2>/dev/null | sed -n 's/.* commit="\([0-9a-f]*\)".*/\1/p')
  if ! bash eng/pack-board.sh "$board_feed" "$version" "$host_commit" > "$work/pack-board.log" 2>&1; then
    cat "$work/pack-board.log"; fail "eng/pack-board.sh"
  fi
  sed 's/^/      /' "$work/pack-board.log"
  commit=${host_commit:-$(git rev-parse HEAD)}
  unpacked=$work/board-unpacked
  src_deps_closure() {   # the nanoFramework.NanoWs* packages package $1 brings, by the nuspecs in src/
    local d
    for d in $(grep -o '<dependency id="nanoFramework.NanoWs[^"]*"' "src/${1#nanoFramework.}/${1#nanoFramework.}.nuspec" | sed -E 's/.*id="([^"]*)"/\1/'); do
      echo "$d"; src_deps_closure "$d"
    done
  }
  # Every board package: its files, metadata and dependencies.
  for nuspec_src in src/*/*.nuspec; do
    project=$(basename "$(dirname "$nuspec_src")")
    id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' "$nuspec_src")
    nupkg=$board_feed/$id.$version.nupkg
    if [ ! -f "$nupkg" ]; then fail "$id: no package $id.$version.nupkg"; continue; fi
    mkdir -p "$unpacked/$id" && unzip -qo "$nupkg" -d "$unpacked/$id"
    listing=$(unzip -l "$nupkg")
    nuspec=$(unzip -p "$nupkg" "$id.nuspec")
    missing=""
    case "$id" in nanoFramework.NanoWs|nanoFramework.NanoWs.*) ;; *) missing="$missing id-prefix" ;; esac
    for f in "lib/$project.dll" "lib/$project.pe" "lib/$project.pdbx" "lib/$project.xml" "docs/README.md"; do
      grep -q " $f\$" <<< "$listing" || missing="$missing $f"
    done
    for tag in "<version>$version</version>" '<readme>docs\README.md</readme>' '<license type="expression">MIT</license>' \
               '<projectUrl>https://' '<repository type="git" url="https://' "commit=\"$commit\""; do
      grep -qF "$tag" <<< "$nuspec" || missing="$missing $tag"
    done
    grep -qE '<dependency id="nanoFramework.CoreLibrary" version="1\.17\.[0-9]+" />' <<< "$nuspec" \
      || missing="$missing CoreLibrary-1.17.x"
    # Its nanoFramework.NanoWs* dependencies are project references of the .nfproj, and every project
    # reference comes with them (directly or through another NanoWs package), all at this version.
    refs=$(sed -n 's:.*<ProjectReference Include="..\\\([^\\]*\)\\.*:nanoFramework.\1:p' "src/$project/$project.nfproj" | sort)
    deps=$(grep -o '<dependency id="nanoFramework.NanoWs[^"]*" version="[^"]*"' <<< "$nuspec" | sed -E 's/.*id="([^"]*)".*/\1/' | sort)
    for d in $deps; do grep -qx "$d" <<< "$refs" || missing="$missing $d-is-no-project-reference"; done
    reached=" $(echo $deps) "
    for d in $deps; do reached="$reached $(src_deps_closure "$d" | tr "\n" " ") "; done
    for r in $refs; do case "$reached" in *" $r "*) ;; *) missing="$missing $r-not-a-dependency" ;; esac; done
    if grep -o '<dependency id="nanoFramework.NanoWs[^"]*" version="[^"]*"' <<< "$nuspec" | grep -vqF "version=\"$version\""; then
      missing="$missing NanoWs-dependency-versions"
    fi
    if [ -z "$missing" ]; then
      ok "$id $version ($(stat -c %s "$nupkg") B, $project.pe $(stat -c %s "$unpacked/$id/lib/$project.pe") B): lib/$project .dll .pe .pdbx .xml, readme, MIT, project and repository URL, commit, CoreLibrary 1.17.x$([ -n "$deps" ] && echo ", $(echo $deps | sed 's/ /, /g') $version")"
    else
      echo "$nuspec"; fail "$id lacks:$missing"
    fi
  done
  # nanoCLR loads each package's .pe with those of the NanoWs packages it depends on (from the packages,
  # with the toolkit's mscorlib.pe) and resolves every reference. The toolkit has no System.Net .pe (nor
  # networking), so packages that need nanoFramework.System.Net are not loaded.
  declare -A board_deps=()
  for d in "$unpacked"/*/; do
    id=$(basename "$d")
    board_deps[$id]=$(grep -o '<dependency id="nanoFramework.[^"]*"' "$d/$id.nuspec" | sed -E 's/.*id="([^"]*)"/\1/' | tr '\n' ' ')
  done
  closure() {   # the package and every nanoFramework.NanoWs* package it needs, dependencies first
    local dep
    for dep in ${board_deps[$1]}; do
      case "$dep" in nanoFramework.NanoWs*) closure "$dep" ;; esac
    done
    case " $seen " in *" $1 "*) ;; *) seen="$seen $1"; order+=("$1") ;; esac
  }
  for id in $(ls "$unpacked"); do
    seen="" order=()
    closure "$id"
    needs_net=""
    for p in "${order[@]}"; do case " ${board_deps[$p]} " in *" nanoFramework.System.Net "*) needs_net=1 ;; esac; done
    if [ -n "$needs_net" ]; then
      echo "skip  $id on nanoCLR: needs nanoFramework.System.Net, which the toolkit does not have"
      continue
    fi
    pes=() want=()
    for p in "${order[@]}"; do
      pe=$(ls "$unpacked/$p"/lib/*.pe); pes+=("$pe"); want+=("$(basename "$pe" .pe)")
    done
    log=$work/load-$id.log
    "$nf/nanoclr" -t 120 "$nf/pe/mscorlib.pe" "${pes[@]}" 2>&1 | tr -d '\r' > "$log"
    bad=""
    for a in "${want[@]}"; do grep -qE "^ +Assembly: $a \(0\.[0-9]+\.0\.0\)" "$log" || bad="$bad $a-not-loaded"; done
    grep -qx 'Ready\.' "$log" || bad="$bad not-ready"
    ! grep -q 'Link failure\|needs assembly' "$log" || bad="$bad link-failure"
    if [ -z "$bad" ]; then ok "$id on nanoCLR: mscorlib.pe + $(echo "${want[@]}" | sed 's/ / + /g') loaded and resolved"
    else grep -v '^ *[A-Z][A-Za-z ]* *= ' "$log" | grep -v '^$' | tail -n 20; fail "$id on nanoCLR:$bad"; fi
  done
fi

echo "packages: $passed passed, $failed failed"
[ $failed -eq 0 ]
