// Assembly attributes for the board build of the sensor dashboard sample (SensorDashboard.Board.nfproj).

using System.Reflection;

[assembly: AssemblyTitle("NanoWs sensor dashboard")]
[assembly: AssemblyDescription("Live sensor dashboard with remote control, served by the device, on NanoWs.Hub")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
