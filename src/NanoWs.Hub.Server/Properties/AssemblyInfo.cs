// Assembly attributes for the board build (NanoWs.Hub.Server.nfproj). The host build
// (NanoWs.Hub.Server.csproj) generates its own and does not compile this file.

using System.Reflection;

[assembly: AssemblyTitle("NanoWs.Hub.Server")]
[assembly: AssemblyDescription("Serves a NanoWs dashboard hub and its page from a NanoWs.Net WebSocketServer")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).
