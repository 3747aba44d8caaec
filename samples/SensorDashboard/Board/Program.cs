using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using NanoWs.Hub;
using NanoWs.Net;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// Board entry point (ESP32 and other nanoFramework targets with Wi-Fi): joins the network, then
    /// serves the dashboard on port 80 with the shared <see cref="DashboardApp"/>. Sensors and
    /// actuators come through <see cref="IDeviceIo"/>; until the drivers for your wiring are plugged
    /// in (see hardware/), the board runs the <see cref="SimulatedDevice"/>.
    /// </summary>
    public static class Program
    {
        // Replace with your network's credentials before deploying.
        private const string Ssid = "MY_SSID";
        private const string Password = "MY_PASSWORD";

        // Set to a secret to require it on every command from the page (null: no token).
        private const string CommandToken = null;

        /// <summary>Connects Wi-Fi and runs the dashboard forever.</summary>
        public static void Main()
        {
            CancellationTokenSource timeout = new CancellationTokenSource(60000);
            if (!WifiNetworkHelper.ConnectDhcp(Ssid, Password, WifiReconnectionKind.Automatic, false, 0, timeout.Token))
            {
                Debug.WriteLine("Wi-Fi connection failed: " + WifiNetworkHelper.Status);
                Thread.Sleep(Timeout.Infinite);
            }

            WebSocketServerOptions options = new WebSocketServerOptions();
            options.Port = 80;
            options.MaxConnections = 4;
            options.WebSocketPath = DashboardApp.WebSocketPath;

            // 1536-byte receive buffer (a browser's upgrade request with cookies), 1024-byte send
            // buffer: the hello (~760 bytes) fits one frame.
            options.Connection = DashboardApp.CreateConnectionOptions(1536, 1024);
            WebSocketServer server = new WebSocketServer(options);

            HubOptions hubOptions = new HubOptions();
            hubOptions.DeviceName = "esp32-dashboard";
            hubOptions.MaxTabs = options.MaxConnections;
            hubOptions.MessageBufferSize = server.MaxFramePayload;
            hubOptions.Token = CommandToken;

            IDeviceIo io = new SimulatedDevice(Environment.TickCount);
            DashboardApp app = new DashboardApp(server, io, NowMs, hubOptions);
            DashboardApp.AddPage(server, global::SensorDashboard.DashboardPage.Gzip, true);
            server.Error += OnError;
            app.Initialize(NowMs());
            server.Start();

            string address = NetworkInterface.GetAllNetworkInterfaces()[0].IPv4Address;
            Debug.WriteLine("dashboard on http://" + address + "/");
            while (true)
            {
                app.Tick(NowMs());
                Thread.Sleep(20);
            }
        }

        private static long NowMs()
        {
            return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
        }

        private static void OnError(WebSocketServer server, int connectionId, string message)
        {
            Debug.WriteLine("connection " + connectionId.ToString() + ": " + message);
        }
    }
}
