#!/usr/bin/env bash
# nanoFramework API check. Compiles src/NanoWs, src/NanoWs.Hub, src/NanoWs.SocketIo, src/NanoWs.SocketIo.Net and the NFUnitTest projects under tests/ against the real
# nanoFramework mscorlib.dll (package nanoFramework.CoreLibrary) and the nanoFramework.TestFramework
# stub, src/NanoWs.Net and src/NanoWs.Hub.Server against mscorlib, the core and the System.Net stub (and the samples' shared
# application code against those), the board entry points and hardware/ drivers against the
# device-package stubs (eng/NanoFrameworkStubs/*), then inspects the assemblies (no generics, no System.Linq/Text/Threading.Tasks/IO.Stream,
# no other assembly references), builds every hardware/ .nfproj from its own items and references,
# and checks that each .nfproj lists exactly the .cs files beside it.
#
#   bash eng/nano-check.sh               check; exit code 0 only if everything passes
#   bash eng/nano-check.sh --fix-nfproj  also rewrite the .nfproj Compile lists to match the files
set -euo pipefail

cd "$(dirname "$0")/.."
fix=()
case "${1:-}" in
  "") ;;
  --fix-nfproj) fix=(--fix) ;;
  *) echo "usage: bash eng/nano-check.sh [--fix-nfproj]" >&2; exit 2 ;;
esac

config=Release
verify_dll="eng/nano-check/NanoWs.NanoCheck.Verify/bin/$config/net10.0/NanoWs.NanoCheck.Verify.dll"
passed=0
failed=0
build() {
  echo "nano-check: building $1"
  if dotnet build "$1" -c "$config" -nologo -v quiet; then return 0; fi
  echo "FAIL  $1 does not compile against nanoFramework's mscorlib and the reference stubs"
  failed=$((failed + 1))
  return 1
}
verify() {
  if dotnet "$verify_dll" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

dotnet build eng/nano-check/NanoWs.NanoCheck.Verify/NanoWs.NanoCheck.Verify.csproj -c "$config" -nologo -v quiet

if build eng/nano-check/NanoWs.NanoCheck/NanoWs.NanoCheck.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck/bin/$config/NanoWs.dll"
fi
if build eng/nano-check/NanoWs.NanoCheck.Hub/NanoWs.NanoCheck.Hub.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Hub/bin/$config/NanoWs.Hub.dll"
fi
if build eng/nano-check/NanoWs.NanoCheck.SocketIo/NanoWs.NanoCheck.SocketIo.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck.SocketIo/bin/$config/NanoWs.SocketIo.dll" --allow NanoWs
  if build eng/nano-check/NanoWs.NanoCheck.SocketIo.Tests/NanoWs.NanoCheck.SocketIo.Tests.csproj; then
    verify assembly "eng/nano-check/NanoWs.NanoCheck.SocketIo.Tests/bin/$config/NFUnitTest.dll" --allow NanoWs --allow NanoWs.SocketIo --allow nanoFramework.TestFramework
  fi
  if build eng/nano-check/NanoWs.NanoCheck.SocketIo.Memory.Tests/NanoWs.NanoCheck.SocketIo.Memory.Tests.csproj; then
    verify assembly "eng/nano-check/NanoWs.NanoCheck.SocketIo.Memory.Tests/bin/$config/NFUnitTest.dll" --allow NanoWs --allow NanoWs.SocketIo \
      --allow nanoFramework.TestFramework --allow nanoFramework.Runtime.Native
  fi
fi
if build eng/nano-check/NanoWs.NanoCheck.Tests/NanoWs.NanoCheck.Tests.csproj; then
  verify assembly "eng/NanoFrameworkStubs/TestFramework/bin/$config/nanoFramework.TestFramework.dll"
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Tests/bin/$config/NFUnitTest.dll" --allow NanoWs --allow NanoWs.Hub --allow nanoFramework.TestFramework --allow nanoFramework.Runtime.Native
fi
if build eng/nano-check/NanoWs.NanoCheck.Net/NanoWs.NanoCheck.Net.csproj; then
  verify assembly "eng/NanoFrameworkStubs/SystemIOStreams/bin/$config/System.IO.Streams.dll"
  verify assembly "eng/NanoFrameworkStubs/SystemNet/bin/$config/System.Net.dll" --allow System.Threading --allow System.IO.Streams
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Net/bin/$config/NanoWs.Net.dll" --allow NanoWs --allow System.Net --allow System.IO.Streams
  if build eng/nano-check/NanoWs.NanoCheck.HubServer/NanoWs.NanoCheck.HubServer.csproj; then
    verify assembly "eng/nano-check/NanoWs.NanoCheck.HubServer/bin/$config/NanoWs.Hub.Server.dll" --allow NanoWs --allow NanoWs.Net --allow NanoWs.Hub --allow System.Net
  fi
  if build eng/nano-check/NanoWs.NanoCheck.SocketIo.Net/NanoWs.NanoCheck.SocketIo.Net.csproj; then
    verify assembly "eng/nano-check/NanoWs.NanoCheck.SocketIo.Net/bin/$config/NanoWs.SocketIo.Net.dll" --allow NanoWs --allow NanoWs.Net \
      --allow NanoWs.SocketIo --allow NanoWs.Hub
  fi
  if build eng/nano-check/NanoWs.NanoCheck.Samples/NanoWs.NanoCheck.Samples.csproj; then
    verify assembly "eng/nano-check/NanoWs.NanoCheck.Samples/bin/$config/NanoWs.Samples.dll" --allow NanoWs --allow NanoWs.Net --allow NanoWs.Hub --allow NanoWs.Hub.Server --allow System.Net
  fi
fi
# The board entry points with the hardware/ drivers, against the device-package stubs.
stubs=eng/NanoFrameworkStubs
device_allows=(--allow NanoWs --allow NanoWs.Net --allow NanoWs.Hub --allow NanoWs.Hub.Server --allow System.Net --allow System.Threading
  --allow System.Device.Gpio --allow System.Device.I2c --allow System.Device.Adc --allow System.Device.Pwm
  --allow nanoFramework.Runtime.Native --allow System.IO.FileSystem)
if build eng/nano-check/NanoWs.NanoCheck.Boards/Dashboard.Esp32/NanoWs.NanoCheck.Dashboard.Esp32.csproj; then
  for stub in SystemThreading/System.Threading SystemDeviceGpio/System.Device.Gpio SystemDeviceI2c/System.Device.I2c \
              SystemDeviceAdc/System.Device.Adc SystemDevicePwm/System.Device.Pwm RuntimeNative/nanoFramework.Runtime.Native \
              HardwareEsp32/nanoFramework.Hardware.Esp32; do
    verify assembly "$stubs/${stub%%/*}/bin/$config/${stub#*/}.dll"
  done
  verify assembly "$stubs/SystemDeviceWifi/bin/$config/System.Device.Wifi.dll" --allow System.Net --allow System.Threading
  verify assembly "$stubs/SystemIOFileSystem/bin/$config/System.IO.FileSystem.dll"
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Boards/Dashboard.Esp32/bin/$config/SensorDashboard.dll" "${device_allows[@]}" \
    --allow System.Device.Wifi --allow nanoFramework.Hardware.Esp32
fi
if build eng/nano-check/NanoWs.NanoCheck.Boards/Dashboard.Stm32/NanoWs.NanoCheck.Dashboard.Stm32.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Boards/Dashboard.Stm32/bin/$config/SensorDashboard.dll" "${device_allows[@]}"
fi
if build eng/nano-check/NanoWs.NanoCheck.Boards/Echo.Esp32/NanoWs.NanoCheck.Echo.Esp32.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Boards/Echo.Esp32/bin/$config/EchoServer.dll" --allow NanoWs --allow NanoWs.Net \
    --allow System.Net --allow System.Threading --allow System.Device.Wifi --allow nanoFramework.Runtime.Native
fi
if build eng/nano-check/NanoWs.NanoCheck.Boards/SocketIoNews.Esp32/NanoWs.NanoCheck.SocketIoNews.Esp32.csproj; then
  verify assembly "eng/nano-check/NanoWs.NanoCheck.Boards/SocketIoNews.Esp32/bin/$config/SocketIoNews.dll" --allow NanoWs --allow NanoWs.Net \
    --allow NanoWs.SocketIo --allow NanoWs.SocketIo.Net --allow System.Net --allow System.Threading --allow System.Device.Wifi \
    --allow nanoFramework.Runtime.Native
fi
# Every hardware/ project on its own, as the nanoFramework project system builds it: exactly the
# Compile items of its .nfproj, its ProjectReferences (compiled first) and the package assemblies
# its Reference items name (the reference stubs), against nanoFramework's mscorlib with the SDK's
# csc. A driver that uses a package or a project its .nfproj does not reference fails here.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
csc="$dotnet_root/sdk/$(dotnet --version)/Roslyn/bincore/csc.dll"
nuget_root=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
nano_mscorlib="${nuget_root%/}/nanoframework.corelibrary/1.17.11/lib/mscorlib.dll"
nfproj_out="eng/bin/nano-check/nfproj"
declare -A nfproj_dll=()
nfproj_build() {
  local nfproj=$1 line name="" compiles=() projects=() packages=() refs=() p dll
  [ -z "${nfproj_dll[$nfproj]:-}" ] || return 0
  local items
  items=$(dotnet "$verify_dll" items "$nfproj") || { echo "FAIL  $nfproj: $items"; return 1; }
  while IFS= read -r line; do
    case "$line" in
      "assembly "*) name=${line#assembly } ;;
      "compile "*) compiles+=("${line#compile }") ;;
      "project "*) projects+=("${line#project }") ;;
      "reference "*) packages+=("${line#reference }") ;;
    esac
  done <<<"$items"
  for p in "${projects[@]}"; do
    nfproj_build "$p" || return 1
    refs+=("-r:${nfproj_dll[$p]}")
  done
  for p in "${packages[@]}"; do
    [ "$p" != mscorlib ] || continue
    dll=$(find "$stubs" -path "*/bin/$config/$p.dll" | head -n 1)
    # A package the stubs do not cover (e.g. nanoFramework.Runtime.Events, referenced as the
    # device packages' own dependency) is not needed to compile this project's sources.
    [ -z "$dll" ] || refs+=("-r:$dll")
  done
  mkdir -p "$nfproj_out/$name"
  if ! dotnet "$csc" -noconfig -nostdlib+ -nologo -t:library -langversion:7.3 -warnaserror+ -deterministic \
      -r:"$nano_mscorlib" "${refs[@]}" -out:"$nfproj_out/$name/$name.dll" "${compiles[@]}" >"$nfproj_out/$name/csc.log" 2>&1; then
    echo "FAIL  $nfproj does not build from its own items and references:"; cat "$nfproj_out/$name/csc.log"
    return 1
  fi
  nfproj_dll[$nfproj]="$(pwd)/$nfproj_out/$name/$name.dll"
}
if [ -f "$csc" ] && [ -f "$nano_mscorlib" ]; then
  for hardware_project in $(find hardware -name '*.nfproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort); do
    if nfproj_build "$hardware_project"; then
      echo "ok    $hardware_project builds from its own items and references"
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
    fi
  done
else
  echo "FAIL  no C# compiler at $csc or no nanoFramework mscorlib at $nano_mscorlib"
  failed=$((failed + 1))
fi
verify nfproj src/NanoWs/NanoWs.nfproj "${fix[@]}"
verify nfproj src/NanoWs.Net/NanoWs.Net.nfproj "${fix[@]}"
verify nfproj src/NanoWs.Hub/NanoWs.Hub.nfproj "${fix[@]}"
verify nfproj src/NanoWs.Hub.Server/NanoWs.Hub.Server.nfproj "${fix[@]}"
verify nfproj src/NanoWs.SocketIo/NanoWs.SocketIo.nfproj "${fix[@]}"
verify nfproj src/NanoWs.SocketIo.Net/NanoWs.SocketIo.Net.nfproj "${fix[@]}"
verify nfproj samples/EchoServer/Board/EchoServer.Board.nfproj "${fix[@]}"
verify nfproj samples/SocketIoNews/Board/SocketIoNews.Board.nfproj "${fix[@]}"
verify nfproj samples/SensorDashboard/Board/SensorDashboard.Board.nfproj "${fix[@]}"
verify nfproj samples/SensorDashboard/Board.Stm32/SensorDashboard.Stm32.nfproj "${fix[@]}"
for hardware_project in $(find hardware -name '*.nfproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort); do
  verify nfproj "$hardware_project" "${fix[@]}"
done
for test_project in tests/NanoWs.Tests/*/NanoWs.Tests.*.nfproj; do
  verify nfproj "$test_project" "${fix[@]}"
done
verify nfproj tests/NanoWs.Hub.Tests/NanoWs.Hub.Tests.nfproj "${fix[@]}"
verify nfproj tests/NanoWs.SocketIo.Tests/NanoWs.SocketIo.Tests.nfproj "${fix[@]}"
verify nfproj tests/NanoWs.SocketIo.Memory.Tests/NanoWs.SocketIo.Memory.Tests.nfproj "${fix[@]}"

echo "nano-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
