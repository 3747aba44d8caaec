using System;
using System.Device.Wifi;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The Wi-Fi signal for the dashboard's device card (the ESP32 project; the STM32 project's
    /// Ethernet has none). nanoFramework's System.Device.Wifi reports the signal strength only
    /// from a scan (<c>WifiAdapter.ScanAsync</c>, then <c>NetworkReport</c>'s
    /// <c>WifiAvailableNetwork.NetworkRssiInDecibelMilliwatts</c>), so this scans once a minute and
    /// keeps the RSSI of the network named <see cref="BoardConfig.Ssid"/>.
    /// </summary>
    /// <remarks>
    /// A scan briefly takes the radio to the other channels, hence once a minute and not at every
    /// health reading. Each scan's report is built by the runtime (an array and a few strings per
    /// network found): that allocation is the price of the figure.
    /// </remarks>
    public static class BoardSignal
    {
        /// <summary>Time between two scans, in ms.</summary>
        public const int ScanIntervalMs = 60000;

        private static WifiAdapter _adapter;
        private static long _nextScan = long.MinValue;
        private static bool _has;
        private static int _dbm;

        /// <summary>Starts a scan when one is due and writes the last known signal into <paramref name="health"/>.</summary>
        /// <param name="health">The hub's health record.</param>
        /// <param name="nowMs">The hub's clock.</param>
        public static void Read(HubHealth health, long nowMs)
        {
            if (nowMs >= _nextScan)
            {
                _nextScan = nowMs + ScanIntervalMs;
                try
                {
                    if (_adapter == null)
                    {
                        _adapter = WifiAdapter.FindAllAdapters()[0];
                        _adapter.AvailableNetworksChanged += OnScanned;
                    }

                    _adapter.ScanAsync();
                }
                catch (Exception)
                {
                    // No adapter, or one busy connecting: the card shows the last value, or none.
                }
            }

            health.HasSignal = _has;
            health.SignalDbm = _dbm;
        }

        private static void OnScanned(WifiAdapter sender, object e)
        {
            WifiAvailableNetwork[] networks = sender.NetworkReport.AvailableNetworks;
            bool found = false;
            for (int i = 0; i < networks.Length; i++)
            {
                if (networks[i].Ssid == BoardConfig.Ssid)
                {
                    _dbm = (int)networks[i].NetworkRssiInDecibelMilliwatts;
                    found = true;
                    break;
                }
            }

            _has = found;
        }
    }
}
