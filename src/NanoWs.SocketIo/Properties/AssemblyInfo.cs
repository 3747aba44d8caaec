// Assembly attributes for the board build (NanoWs.SocketIo.nfproj). The host build (NanoWs.SocketIo.csproj)
// generates its own and does not compile this file.

using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("NanoWs.SocketIo")]
[assembly: AssemblyDescription("Socket.IO v5 and Engine.IO v4 server core for NanoWs")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).

// The board test project (tests/NanoWs.SocketIo.Tests/NanoWs.SocketIo.Tests.nfproj) is named
// NFUnitTest, as the nanoFramework test launcher requires.
[assembly: InternalsVisibleTo("NFUnitTest")]
