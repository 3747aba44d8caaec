// Assembly attributes for the board build (NanoWs.SocketIo.Net.nfproj). The host build (NanoWs.SocketIo.Net.csproj)
// generates its own and does not compile this file.

using System.Reflection;

[assembly: AssemblyTitle("NanoWs.SocketIo.Net")]
[assembly: AssemblyDescription("Socket.IO endpoint for the NanoWs WebSocketServer")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).
