using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Wi-Fi station part of <see cref="NetworkLink"/> (ESP32 board projects): joins with nanoFramework's
    /// <c>WifiNetworkHelper.ConnectDhcp</c> and automatic reconnection, so a short outage heals
    /// without the application; the watchdog joins again only when it does not.
    /// </summary>
    public sealed partial class NetworkLink
    {
        private const string Medium = "Wi-Fi";
        private const NetworkInterfaceType InterfaceType = NetworkInterfaceType.Wireless80211;
        private readonly string _ssid;
        private readonly string _password;

        /// <summary>A link that joins the Wi-Fi network <paramref name="ssid"/>.</summary>
        /// <param name="ssid">Network name.</param>
        /// <param name="password">Network password (WPA2/WPA3 personal).</param>
        public NetworkLink(string ssid, string password)
        {
            _ssid = ssid;
            _password = password;
        }

        /// <summary>One join attempt: credentials stored, DHCP, wait for an address up to <paramref name="timeoutMs"/>.</summary>
        private bool JoinOnce(int timeoutMs)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(timeoutMs);
            try
            {
                return WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
            }
            finally
            {
                timeout.Dispose();
            }
        }

        private static string StatusText()
        {
            // Enum.ToString() prints the number on nanoFramework: print the name.
            return NetworkStatusNames.Name((int)WifiNetworkHelper.Status);
        }
    }
}
