// Reference-only stub of the nanoFramework System.Net members the board entry points use to bring
// the network up (NanoWs.Net itself uses none of them; see SystemNet.cs for those).
//
// Source of truth: github.com/nanoframework/System.Net
//   commit 713b02c9fea5265e4e70981a9115daa3b5745c4c (tag v1.11.54, 2026-06-29)
//   nanoFramework.System.Net/NetworkInformation/NetworkInterface.cs      GetAllNetworkInterfaces(),
//                                                                        IPv4Address, NetworkInterfaceType
//   nanoFramework.System.Net/NetworkInformation/NetworkInterfaceType.cs  Unknown = 1, Ethernet = 6,
//                                                                        Wireless80211 = 71, WirelessAP = 72
//   nanoFramework.System.Net/NetworkHelper/NetworkHelper.cs              NetworkHelper.SetupAndConnectNetwork(
//                                                                        CancellationToken token = default,
//                                                                        bool requiresDateTime = false), Status
//   nanoFramework.System.Net/NetworkHelper/NetworkHelperStatus.cs        the enum, values in order
//
// CancellationToken is nanoFramework.System.Threading's (this package depends on it there too).

namespace System.Net.NetworkInformation
{
    /// <summary>Kinds of network interface (NetworkInterfaceType.cs).</summary>
    public enum NetworkInterfaceType
    {
        /// <summary>Unknown.</summary>
        Unknown = 1,

        /// <summary>Wired Ethernet.</summary>
        Ethernet = 6,

        /// <summary>Wi-Fi station.</summary>
        Wireless80211 = 71,

        /// <summary>Wi-Fi soft access point.</summary>
        WirelessAP = 72,
    }

    /// <summary>A network interface of the device (NetworkInterface.cs), the members used.</summary>
    public class NetworkInterface
    {
        internal NetworkInterface()
        {
        }

        /// <summary>The interface's IPv4 address in dotted-quad notation ("0.0.0.0" while it has none).</summary>
        public string IPv4Address
        {
            get { throw null; }
        }

        /// <summary>The kind of interface.</summary>
        public NetworkInterfaceType NetworkInterfaceType
        {
            get { throw null; }
        }

        /// <summary>Every network interface of the device.</summary>
        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            throw null;
        }
    }
}

namespace nanoFramework.Networking
{
    using System.Threading;

    /// <summary>Outcome of the network helpers (NetworkHelperStatus.cs).</summary>
    public enum NetworkHelperStatus
    {
        /// <summary>Not started.</summary>
        None,

        /// <summary>Started.</summary>
        Started,

        /// <summary>Connected with an IP address.</summary>
        NetworkIsReady,

        /// <summary>No interface of the kind asked for.</summary>
        FailedNoNetworkInterface,

        /// <summary>The token expired before an IP address came.</summary>
        TokenExpiredWaitingIPAddress,

        /// <summary>The token expired before a valid date and time came.</summary>
        TokenExpiredWaitingDateTime,

        /// <summary>Joining the Wi-Fi network failed while scanning.</summary>
        ErrorConnetingToWiFiWhileScanning,

        /// <summary>An exception occurred (see HelperException).</summary>
        ExceptionOccurred,

        /// <summary>Reconnecting.</summary>
        Reconnecting,
    }

    /// <summary>Network helper for wired interfaces (NetworkHelper.cs), the members used.</summary>
    public static class NetworkHelper
    {
        /// <summary>Status of the last operation.</summary>
        public static NetworkHelperStatus Status
        {
            get { throw null; }
        }

        /// <summary>Waits for the network to come up with a valid IP address; true on success.</summary>
        public static bool SetupAndConnectNetwork(CancellationToken token = default(CancellationToken), bool requiresDateTime = false)
        {
            throw null;
        }
    }
}
