#!/usr/bin/env bash
# Benchmarks, side by side with peers measured in the same run. Not tests: CI builds
# tests/NanoWs.Benchmarks (it is in NanoWs.sln) but never runs this script.
#
#   bash tests/NanoWs.Benchmarks/run.sh              # --quick: a few minutes, prints markdown tables
#   bash tests/NanoWs.Benchmarks/run.sh --full       # BenchmarkDotNet default jobs, 10x load counts
#   bash tests/NanoWs.Benchmarks/run.sh --footprint  # footprint table only; rewrites it in docs/performance.md
#
# Parts: micro (BenchmarkDotNet: NanoWs engine beside .NET's ManagedWebSocket), load (loopback echo
# against samples/EchoServer, a Kestrel echo server and a Node ws echo server, each its own process),
# broadcast (server→clients broadcast: our WebSocketServer.Broadcast, Kestrel's /broadcast endpoint,
# node/ws-broadcast-bench.js), hub-fanout (the SensorDashboard hub to 64 tabs, no peer),
# footprint (bytes per connection slot, assembly sizes, dashboard page size); with --full also the
# conformance runner's section 9 (limits and performance) at the full sizes of the public suite
# (messages up to 16 MiB) against samples/EchoServer, which the test suite runs at reduced sizes.
# The load part also
# and broadcast parts also run our server with PollIntervalMs 1 as an experiment (see docs/performance.md
# beside this script).
# The full console output of each part is kept in tests/NanoWs.Benchmarks/bin/logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mode=quick
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --footprint) mode=footprint ;;
    *) echo "usage: run.sh [--quick|--full|--footprint]" >&2; exit 2 ;;
  esac
done

bench=tests/NanoWs.Benchmarks/bin/Release/net10.0/NanoWs.Benchmarks.dll
logs=tests/NanoWs.Benchmarks/bin/logs
build() {
  dotnet build "$1" -c Release -nologo -v q >"$logs/build-$(basename "$1" .csproj).log" 2>&1 \
    || { echo "build of $1 failed (see $logs/build-$(basename "$1" .csproj).log)" >&2; return 1; }
}
mkdir -p "$logs"

# The benchmark project builds NanoWs, NanoWs.Net and the EchoServer sample in Release.
build tests/NanoWs.Benchmarks/NanoWs.Benchmarks.csproj
if [ -f src/NanoWs.Hub/NanoWs.Hub.csproj ]; then
  build src/NanoWs.Hub/NanoWs.Hub.csproj \
    || echo "(NanoWs.Hub did not build now: the table shows its last Release build, if any)" >&2
fi

if [ "$mode" = footprint ]; then
  dotnet "$bench" footprint --docs
  exit 0
fi

build tests/NanoWs.Benchmarks.KestrelEcho/NanoWs.Benchmarks.KestrelEcho.csproj
if [ ! -d tests/interop/node_modules/ws ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "# NanoWs benchmarks ($mode), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at start; .NET $(dotnet --version), Node $(node --version)."

flag="--$mode"
# BenchmarkDotNet's progress goes to the log; the tables follow the "## Micro-benchmarks" line.
dotnet "$bench" micro $flag >"$logs/micro-$mode.log" 2>&1 || { tail -n 40 "$logs/micro-$mode.log" >&2; exit 1; }
sed -n '/^## Micro-benchmarks/,$p' "$logs/micro-$mode.log"

dotnet "$bench" load $flag --with-poll1 2>"$logs/load-$mode.err" | tee "$logs/load-$mode.log"

dotnet "$bench" broadcast $flag --with-poll1 2>"$logs/broadcast-$mode.err" | tee "$logs/broadcast-$mode.log"

dotnet "$bench" hub-fanout $flag --with-poll1 2>"$logs/hub-fanout-$mode.err" | tee "$logs/hub-fanout-$mode.log"

dotnet "$bench" footprint | tee "$logs/footprint.log"

if [ "$mode" = full ]; then
  build tests/conformance/NanoWs.Conformance.csproj
  port=$(( 20000 + RANDOM % 20000 ))
  dotnet samples/EchoServer/bin/Release/net10.0/EchoServer.dll --port "$port" >"$logs/conformance-echo.log" 2>&1 &
  echo_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  echo
  echo "## Conformance, section 9 at full sizes (samples/EchoServer)"
  echo
  echo '```'
  dotnet tests/conformance/bin/Release/net10.0/NanoWs.Conformance.dll server --url "ws://127.0.0.1:$port/" \
    --target nanows-server --full --cases 9. --out "$logs/conformance-full" --quiet || echo "(conformance runner exited with $?)"
  echo '```'
  kill "$echo_pid" 2>/dev/null || true
  wait "$echo_pid" 2>/dev/null || true
fi
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
