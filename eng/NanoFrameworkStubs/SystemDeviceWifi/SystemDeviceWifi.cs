// Reference-only stub of the nanoFramework System.Device.Wifi members the board entry points use.
//
// Source of truth: github.com/nanoframework/System.Device.Wifi
//   commit 282a90676d5b2b7fa583a4efeb47ec5cac77fa0e (tag v1.5.147, 2026-06-29; the version named in
//   the board projects' packages.config)
//   System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs   WifiNetworkHelper.ConnectDhcp(string ssid,
//       string password, WifiReconnectionKind reconnectionKind = Automatic, bool requiresDateTime = false,
//       int wifiAdapterId = 0, CancellationToken token = default), Status (NetworkHelperStatus, from System.Net)
//   System.Device.Wifi/WifiReconnectionKind.cs              Automatic, Manual

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
