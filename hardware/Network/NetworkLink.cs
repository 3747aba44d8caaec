using System;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Threading;

namespace NanoWs.Hardware
{
    /// <summary>Called when the device's IPv4 address changes: a new address after (re)connecting, or "" when it was lost.</summary>
    /// <param name="address">The new address in dotted-quad notation, or "" while there is none.</param>
    public delegate void NetworkAddressHandler(string address);

    /// <summary>
    /// Brings the board's network up and keeps it up: <see cref="ConnectUntilUp"/> joins (Wi-Fi
    /// with the configured credentials, or Ethernet with DHCP) and retries with a growing pause
    /// until there is an IP address; <see cref="StartWatchdog"/> then checks the address every few
    /// seconds on its own thread and, when it is gone for longer than
    /// <see cref="ReconnectGraceMs"/>, joins again. <see cref="AddressChanged"/> reports every new
    /// address, so the entry point can print the dashboard's URL again.
    /// </summary>
    /// <remarks>
    /// <para>The medium is chosen at build time: the ESP32 board projects reference
    /// Wifi/NanoWs.Hardware.Network.Wifi.nfproj (nanoFramework's <c>WifiNetworkHelper</c>, automatic
    /// reconnection on), the STM32 project Ethernet/NanoWs.Hardware.Network.Ethernet.nfproj
    /// (<c>NetworkHelper</c>). This file is the part both projects compile.</para>
    /// <para>The server keeps listening on 0.0.0.0 across a reconnection; open tabs lose their
    /// connections with the link and reconnect by themselves (the page retries with backoff).</para>
    /// <para>Byte budget: a few fields and, once started, one thread (nanoFramework threads are
    /// cheap, about 200 bytes). The check allocates the interface array nanoFramework returns.</para>
    /// </remarks>
    public sealed partial class NetworkLink
    {
        private string _address = string.Empty;
        private Thread _watchdog;

        /// <summary>How long one join attempt may take, in ms. Default 60 s.</summary>
        public int JoinTimeoutMs = 60000;

        /// <summary>Longest pause between two failed join attempts, in ms. Default 60 s.</summary>
        public int MaxRetryDelayMs = 60000;

        /// <summary>How long a lost address may stay lost (while the platform reconnects by itself) before joining again, in ms. Default 20 s.</summary>
        public int ReconnectGraceMs = 20000;

        /// <summary>Period of the watchdog's check, in ms. Default 5 s.</summary>
        public int CheckPeriodMs = 5000;

        /// <summary>Raised (on the calling or the watchdog thread) when the address changes.</summary>
        public event NetworkAddressHandler AddressChanged;

        /// <summary>The current IPv4 address, "" while there is none.</summary>
        public string Address
        {
            get { return _address; }
        }

        /// <summary>
        /// Joins the network, retrying with pauses of 2, 4, 8 … s (at most <see cref="MaxRetryDelayMs"/>)
        /// until an IP address is assigned; then raises <see cref="AddressChanged"/>. Never gives up:
        /// a board without a network has nothing else to do.
        /// </summary>
        /// <returns>The address.</returns>
        public string ConnectUntilUp()
        {
            int attempt = 0;
            while (true)
            {
                attempt++;
                Debug.WriteLine("network: connecting (" + Medium + ", attempt " + attempt.ToString() + ")");
                if (JoinOnce(JoinTimeoutMs) && Check())
                {
                    return _address;
                }

                int delay = RetryDelayMs(attempt, MaxRetryDelayMs);
                Debug.WriteLine("network: not connected (" + StatusText() + "), retrying in " + (delay / 1000).ToString() + " s");
                Thread.Sleep(delay);
            }
        }

        /// <summary>
        /// Starts the watchdog thread: every <see cref="CheckPeriodMs"/> it reads the address,
        /// reports changes, and joins again when the address has been gone for
        /// <see cref="ReconnectGraceMs"/>.
        /// </summary>
        public void StartWatchdog()
        {
            if (_watchdog != null)
            {
                return;
            }

            _watchdog = new Thread(Watch);
            _watchdog.Start();
        }

        /// <summary>The pause before join attempt <paramref name="attempt"/> + 1: 2 s doubling, capped.</summary>
        /// <param name="attempt">Failed attempts so far (1 for the first).</param>
        /// <param name="maxMs">Cap in ms.</param>
        /// <returns>The pause in ms.</returns>
        public static int RetryDelayMs(int attempt, int maxMs)
        {
            int delay = 2000;
            for (int i = 1; i < attempt && delay < maxMs; i++)
            {
                delay *= 2;
            }

            return delay > maxMs ? maxMs : delay;
        }

        /// <summary>Reads the interface's address and raises <see cref="AddressChanged"/> when it changed.</summary>
        /// <returns>True when there is an address.</returns>
        private bool Check()
        {
            string address = ReadAddress();
            if (address != _address)
            {
                _address = address;
                NetworkAddressHandler handler = AddressChanged;
                if (handler != null)
                {
                    handler(address);
                }
            }

            return address.Length > 0;
        }

        private void Watch()
        {
            long lostSince = -1;
            while (true)
            {
                Thread.Sleep(CheckPeriodMs);
                long now = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
                if (Check())
                {
                    lostSince = -1;
                    continue;
                }

                if (lostSince < 0)
                {
                    lostSince = now;
                    Debug.WriteLine("network: address lost, waiting for the link to come back");
                }
                else if (now - lostSince >= ReconnectGraceMs)
                {
                    ConnectUntilUp();
                    lostSince = -1;
                }
            }
        }

        /// <summary>The IPv4 address of the first interface of this build's medium, "" when it has none.</summary>
        private static string ReadAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == InterfaceType)
                {
                    string address = interfaces[i].IPv4Address;
                    return address == null || address.Length == 0 || address == "0.0.0.0" ? string.Empty : address;
                }
            }

            return string.Empty;
        }
    }
}
