// Assembly attributes for the board build (NanoWs.Hub.nfproj). The host build (NanoWs.Hub.csproj)
// generates its own and does not compile this file.

using System.Reflection;

[assembly: AssemblyTitle("NanoWs.Hub")]
[assembly: AssemblyDescription("Live channels, coalescing broadcast, commands and JSON for NanoWs dashboards")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).
