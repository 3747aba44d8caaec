// Assembly attributes for the board build (NanoWs.Net.nfproj). The host build (NanoWs.Net.csproj)
// generates its own and does not compile this file.

using System.Reflection;

[assembly: AssemblyTitle("NanoWs.Net")]
[assembly: AssemblyDescription("WebSocket server over System.Net.Sockets for .NET nanoFramework, on NanoWs")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).
