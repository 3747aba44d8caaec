// Assembly attributes for the board build of the Socket.IO news sample (SocketIoNews.Board.nfproj).

using System.Reflection;

[assembly: AssemblyTitle("NanoWs Socket.IO news")]
[assembly: AssemblyDescription("Socket.IO's founding example served by a board with NanoWs")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
