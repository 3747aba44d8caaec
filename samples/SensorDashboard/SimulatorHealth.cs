using System;
using System.Net;
using System.Reflection;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The simulator's health for the dashboard's device card (host build only): the time since the
    /// simulator started, the .NET managed heap <em>in use</em> (<see cref="GC.GetTotalMemory"/>: .NET
    /// has no fixed heap to count free bytes of, so the card says "memory in use" here and "free
    /// memory" on a board), the address it listens on, the machine's host name and the sample's
    /// version. No Wi-Fi signal: the card leaves it out.
    /// </summary>
    public static class SimulatorHealth
    {
        /// <summary>Fills the values that never change and hooks the reader.</summary>
        /// <param name="hub">The hub (built with <see cref="HubOptions.HealthIntervalMs"/> above 0).</param>
        /// <param name="address">The address the server listens on.</param>
        public static void Attach(ChannelHub hub, IPAddress address)
        {
            HubHealth health = hub.Health;
            health.Address = address.ToString();
            health.HostName = Dns.GetHostName();
            string version = typeof(SimulatorHealth).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(SimulatorHealth).Assembly.GetName().Version.ToString();
            int plus = version.IndexOf('+');
            health.Version = plus > 0 ? version.Substring(0, plus) : version;
            hub.HealthReader = (h, nowMs) =>
            {
                h.UptimeMs = nowMs;
                h.HeapUsedBytes = GC.GetTotalMemory(false);
            };
        }
    }
}
