using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Ethernet part of <see cref="NetworkLink"/> (STM32 board project): waits with nanoFramework's
    /// <c>NetworkHelper.SetupAndConnectNetwork</c> for the cable and DHCP to give an address.
    /// </summary>
    public sealed partial class NetworkLink
    {
        private const string Medium = "Ethernet";
        private const NetworkInterfaceType InterfaceType = NetworkInterfaceType.Ethernet;

        /// <summary>A link over the board's Ethernet port with DHCP. The arguments exist so the entry point is the same as with Wi-Fi; they are ignored.</summary>
        /// <param name="ssid">Ignored.</param>
        /// <param name="password">Ignored.</param>
        public NetworkLink(string ssid, string password)
        {
        }

        /// <summary>One attempt: wait for link and DHCP up to <paramref name="timeoutMs"/>.</summary>
        private bool JoinOnce(int timeoutMs)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(timeoutMs);
            try
            {
                return NetworkHelper.SetupAndConnectNetwork(timeout.Token, false);
            }
            finally
            {
                timeout.Dispose();
            }
        }

        private static string StatusText()
        {
            // Enum.ToString() prints the number on nanoFramework: print the name.
            return NetworkStatusNames.Name((int)NetworkHelper.Status);
        }
    }
}
