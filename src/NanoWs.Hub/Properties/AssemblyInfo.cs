// Assembly attributes for the board build (NanoWs.Hub.nfproj). The host build (NanoWs.Hub.csproj)
// generates its own and does not compile this file.

using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("NanoWs.Hub")]
[assembly: AssemblyDescription("Live channels, coalescing broadcast, commands and JSON for NanoWs dashboards")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).

// The board test projects (the NFUnitTest .nfproj projects under tests/) are named NFUnitTest, as the
// nanoFramework test launcher requires; they test the JSON reader and writer and the per-tab state.
[assembly: InternalsVisibleTo("NFUnitTest")]
