// Reference-only stub of the nanoFramework System.Device.Wifi members the board entry points use.
//
// Source of truth: github.com/nanoframework/System.Device.Wifi
//   commit 282a90676d5b2b7fa583a4efeb47ec5cac77fa0e (tag v1.5.147, 2026-06-29; the version named in
//   the board projects' packages.config)
//   System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs   WifiNetworkHelper.ConnectDhcp(string ssid,
//       string password, WifiReconnectionKind reconnectionKind = Automatic, bool requiresDateTime = false,
//       int wifiAdapterId = 0, CancellationToken token = default), Status (NetworkHelperStatus, from System.Net)
//   System.Device.Wifi/WifiReconnectionKind.cs              Automatic, Manual
//   System.Device.Wifi/WifiAdapter.cs                       delegate AvailableNetworksChangedEventHandler(WifiAdapter
//       sender, Object e); sealed class WifiAdapter : IDisposable: event AvailableNetworksChanged,
//       WifiNetworkReport NetworkReport { get; } (the last scan's networks), static WifiAdapter[]
//       FindAllAdapters(), void ScanAsync() (the event signals its end), void Dispose()
//   System.Device.Wifi/WifiNetworkReport.cs                 class WifiNetworkReport: WifiAvailableNetwork[] AvailableNetworks { get; }
//   System.Device.Wifi/WifiAvailableNetwork.cs              class WifiAvailableNetwork: string Ssid { get; },
//       double NetworkRssiInDecibelMilliwatts { get; } (the scan's RSSI, a signed byte in dBm)

namespace System.Device.Wifi
{
    /// <summary>How the adapter reconnects (WifiReconnectionKind.cs).</summary>
    public enum WifiReconnectionKind
    {
        /// <summary>The platform reconnects by itself after a loss.</summary>
        Automatic,

        /// <summary>The application reconnects.</summary>
        Manual,
    }
}

namespace System.Device.Wifi
{
    /// <summary>Raised when a scan completes (WifiAdapter.cs).</summary>
    /// <param name="sender">The adapter that scanned.</param>
    /// <param name="e">Unused.</param>
    public delegate void AvailableNetworksChangedEventHandler(WifiAdapter sender, object e);

    /// <summary>A Wi-Fi adapter: scans and lists nearby networks (WifiAdapter.cs).</summary>
    public sealed class WifiAdapter : IDisposable
    {
        private WifiAdapter()
        {
        }

        /// <summary>Raised when a scan started by <see cref="ScanAsync"/> completes.</summary>
#pragma warning disable CS0067 // a reference stub: the runtime raises it
        public event AvailableNetworksChangedEventHandler AvailableNetworksChanged;
#pragma warning restore CS0067

        /// <summary>The networks found by the last scan.</summary>
        public WifiNetworkReport NetworkReport
        {
            get { throw null; }
        }

        /// <summary>Every Wi-Fi adapter of the device.</summary>
        /// <returns>The adapters.</returns>
        public static WifiAdapter[] FindAllAdapters()
        {
            throw null;
        }

        /// <summary>Starts a scan; <see cref="AvailableNetworksChanged"/> signals its end.</summary>
        public void ScanAsync()
        {
            throw null;
        }

        /// <summary>Releases the adapter.</summary>
        public void Dispose()
        {
            throw null;
        }
    }

    /// <summary>The result of a scan (WifiNetworkReport.cs).</summary>
    public class WifiNetworkReport
    {
        private WifiNetworkReport()
        {
        }

        /// <summary>The networks found.</summary>
        public WifiAvailableNetwork[] AvailableNetworks
        {
            get { throw null; }
        }
    }

    /// <summary>A network found by a scan (WifiAvailableNetwork.cs).</summary>
    public class WifiAvailableNetwork
    {
        private WifiAvailableNetwork()
        {
        }

        /// <summary>The network's name.</summary>
        public string Ssid
        {
            get { throw null; }
        }

        /// <summary>The signal strength the scan received, in dBm.</summary>
        public double NetworkRssiInDecibelMilliwatts
        {
            get { throw null; }
        }
    }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;
    using System.Threading;

    /// <summary>Wi-Fi connection helper (NetworkHelper/WifiNetworkHelper.cs).</summary>
    public static class WifiNetworkHelper
    {
        /// <summary>Status of the last operation.</summary>
        public static NetworkHelperStatus Status
        {
            get { throw null; }
        }

        /// <summary>Joins <paramref name="ssid"/> with DHCP; true once an IP address is assigned. Retryable.</summary>
        public static bool ConnectDhcp(
            string ssid,
            string password,
            WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default(CancellationToken))
        {
            throw null;
        }
    }
}
