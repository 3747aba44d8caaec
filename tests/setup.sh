#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine, and does nothing (quietly) when it is
# already there. Called by tests/run-all.sh before any test; safe to run on its own.
#
#   - Debian's `chromium` (headless browser for the end-to-end and interop tests), `afl++` (the
#     fuzzer), `stress-ng` (tests/stress-run.sh) and `openssl` (the wss:// tests make their
#     certificates with it), through apt when missing and running as root (or with passwordless sudo);
#   - the local dotnet tools pinned in .config/dotnet-tools.json (SharpFuzz's instrumenter);
#   - the npm packages pinned by tests/interop and tests/e2e package-lock.json files (`npm ci`,
#     only when node_modules is missing or older than the lock file).
#
# Exits non-zero with a clear message when something needed cannot be installed.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
say() { echo "setup: $*"; }

# --- Debian packages ------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)
command -v stress-ng >/dev/null 2>&1 || missing+=(stress-ng)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else sudo=(none)
  fi
  if [ "${sudo[0]:-}" = none ]; then
    say "missing Debian packages: ${missing[*]}; install them as root with:"
    say "  apt-get update && apt-get install -y ${missing[*]}"
    status=1
  else
    say "installing Debian packages: ${missing[*]}"
    log=$(mktemp)
    if "${sudo[@]}" apt-get update >"$log" 2>&1 &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
         "${missing[@]}" >>"$log" 2>&1; then
      say "installed ${missing[*]}"
    else
      tail -n 20 "$log"
      say "apt-get could not install: ${missing[*]}"
      status=1
    fi
    rm -f "$log"
  fi
fi

# --- dotnet local tools -----------------------------------------------------------------------
if ! out=$(dotnet tool restore 2>&1); then
  echo "$out"
  say "dotnet tool restore failed"
  status=1
fi

# --- npm packages (pinned by package-lock.json) -----------------------------------------------
for dir in tests/interop tests/e2e; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ]; then continue; fi
  say "npm ci in $dir"
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    say "npm ci failed in $dir"
    status=1
  fi
done

exit $status
