// Assembly attributes for the board build (NanoWs.nfproj). The host build (NanoWs.csproj)
// generates its own and does not compile this file.

using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("NanoWs")]
[assembly: AssemblyDescription("Sans-I/O RFC 6455 WebSocket core for .NET nanoFramework")]
[assembly: AssemblyProduct("NanoWs")]
// AssemblyVersion and AssemblyFileVersion come from version.json (Nerdbank.GitVersioning).

// The board test projects (the NFUnitTest .nfproj projects under tests/) are named NFUnitTest, as the
// nanoFramework test launcher requires.
[assembly: InternalsVisibleTo("NFUnitTest")]
