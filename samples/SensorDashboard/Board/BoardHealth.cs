using System.Reflection;
using NanoWs.Hardware;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The board's health for the dashboard's device card (shared by the ESP32 and STM32 projects):
    /// the uptime from the hub's clock (monotonic since boot), the managed heap free after a
    /// collection (<c>nanoFramework.Runtime.Native.GC.Run(false)</c>, which returns the free bytes),
    /// the network address, the device name, the application's version and, on Wi-Fi boards, the
    /// network's signal (<see cref="BoardSignal"/>).
    /// </summary>
    /// <remarks>
    /// The hub calls <see cref="Read"/> every <see cref="DashboardApp.HealthIntervalMs"/> from
    /// <c>Pump</c>, on the application's thread, under its lock: the collection takes a few
    /// milliseconds there once in ten seconds. It allocates nothing itself; the version string is
    /// made once.
    /// </remarks>
    public sealed class BoardHealth
    {
        // Byte budget: two references and the version string, made once.
        private readonly NetworkLink _network;
        private readonly long _bootOffsetMs;

        /// <summary>Fills the values that never change into <paramref name="hub"/>'s health and hooks <see cref="Read"/>.</summary>
        /// <param name="hub">The hub (built with <see cref="HubOptions.HealthIntervalMs"/> above 0).</param>
        /// <param name="network">The board's network link (its address).</param>
        /// <param name="hostName">The device's name on the network.</param>
        /// <param name="bootOffsetMs">What the hub's clock read at boot (its first reading is 0: pass 0).</param>
        public BoardHealth(ChannelHub hub, NetworkLink network, string hostName, long bootOffsetMs)
        {
            _network = network;
            _bootOffsetMs = bootOffsetMs;
            HubHealth health = hub.Health;
            health.HostName = hostName;
            health.Version = typeof(BoardHealth).Assembly.GetName().Version.ToString();
            hub.HealthReader = Read;
        }

        /// <summary>Reads uptime, free heap, address and signal (a <see cref="HubHealthReader"/>).</summary>
        /// <param name="health">The hub's health record.</param>
        /// <param name="nowMs">The hub's clock.</param>
        public void Read(HubHealth health, long nowMs)
        {
            health.UptimeMs = nowMs - _bootOffsetMs;
            health.HeapFreeBytes = nanoFramework.Runtime.Native.GC.Run(false);
            string address = _network.Address;
            health.Address = address.Length > 0 ? address : null;
            BoardSignal.Read(health, nowMs);
        }
    }
}
