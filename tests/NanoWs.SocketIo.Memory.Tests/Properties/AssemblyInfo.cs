using System.Reflection;

[assembly: AssemblyTitle("NanoWs.SocketIo.Memory.Tests")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("1.0.0.0")]
