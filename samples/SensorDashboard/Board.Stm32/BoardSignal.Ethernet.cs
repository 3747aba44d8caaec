using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The STM32F769I-DISCO is on Ethernet: no signal to show, so the device card leaves it out
    /// (the ESP32 project's BoardSignal.Wifi.cs reads the Wi-Fi signal).
    /// </summary>
    public static class BoardSignal
    {
        /// <summary>Leaves <paramref name="health"/> without a signal.</summary>
        /// <param name="health">The hub's health record.</param>
        /// <param name="nowMs">The hub's clock (unused).</param>
        public static void Read(HubHealth health, long nowMs)
        {
            health.HasSignal = false;
        }
    }
}
