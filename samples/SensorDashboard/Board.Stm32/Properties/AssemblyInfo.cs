// Assembly attributes for the STM32F769I-DISCO board build of the sensor dashboard sample (SensorDashboard.Stm32.nfproj).

using System.Reflection;

[assembly: AssemblyTitle("NanoWs sensor dashboard (STM32F769I-DISCO)")]
[assembly: AssemblyDescription("Live sensor dashboard with remote control, served by the device over Ethernet, on NanoWs.Hub")]
[assembly: AssemblyProduct("NanoWs")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
