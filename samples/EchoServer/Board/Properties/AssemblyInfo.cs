// Assembly attributes for the board build of the echo server sample (EchoServer.Board.nfproj).

using System.Reflection;

[assembly: AssemblyTitle("NanoWs echo server")]
[assembly: AssemblyDescription("Streaming WebSocket echo server on NanoWs.Net")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
