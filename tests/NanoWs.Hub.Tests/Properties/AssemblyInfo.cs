// Assembly attributes for the board test build (NanoWs.Hub.Tests.nfproj). tests/NanoWs.Tests.Host
// does not compile this file.

using System.Reflection;

[assembly: AssemblyTitle("NanoWs.Tests.Hub")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("1.0.0.0")]
