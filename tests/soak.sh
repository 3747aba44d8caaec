#!/usr/bin/env bash
# Runs only the robustness tests (tests/NanoWs.Robustness.Tests): soak and load against the echo
# server and the dashboard, silent, non-reading, vanishing and slowloris clients, the reconnect
# storm and hostile HTTP input. Prints the figures each run measured (cycles, messages, memory).
# Every soak and hostile-HTTP run ends with every server slot free (SlotsInUse 0, which counts
# handshakes and HTTP answers too), so even one leaked slot fails it.
#
#   bash tests/soak.sh          short versions (as in tests/run-all.sh): 1,000 cycles and
#                               100,000 messages per server, 200 reconnects
#   bash tests/soak.sh --long   long versions: 10,000 cycles and 1,000,000 messages per server,
#                               1,000 reconnects (NANOWS_SOAK=long)
#
# Any figure can be set on its own: NANOWS_SOAK_CYCLES, NANOWS_SOAK_MESSAGES, NANOWS_SOAK_CLIENTS,
# NANOWS_SOAK_RECONNECTS. Extra arguments go to dotnet test (e.g. --filter SoakTests).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "${1:-}" = "--long" ]; then
  export NANOWS_SOAK=long
  shift
fi

report=$(mktemp)
export NANOWS_SOAK_REPORT="$report"
dotnet build tests/NanoWs.Robustness.Tests -c Release -nologo -v q 2>&1 | tail -n 3
dotnet test tests/NanoWs.Robustness.Tests -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"
status=$?
echo "== robustness figures (${NANOWS_SOAK:-short}) =="
cat "$report"
rm -f "$report"
exit $status
