using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using NanoWs.Net;

namespace NanoWs.Samples.EchoServer
{
    /// <summary>
    /// Board entry point (ESP32 and other nanoFramework targets with Wi-Fi): joins the network, then
    /// serves an echo WebSocket on port 80 with the shared <see cref="EchoApp"/> and the default,
    /// ESP32-sized buffers.
    /// </summary>
    public static class Program
    {
        // Replace with your network's credentials before deploying.
        private const string Ssid = "MY_SSID";
        private const string Password = "MY_PASSWORD";

        /// <summary>Connects Wi-Fi and runs the echo server forever.</summary>
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

            // Board defaults: 1536-byte receive and 1024-byte send buffers per connection.
            options.Connection = EchoApp.CreateConnectionOptions(1536, 1024);

            WebSocketServer server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Error += OnError;
            server.Start();

            string address = NetworkInterface.GetAllNetworkInterfaces()[0].IPv4Address;
            Debug.WriteLine("listening on ws://" + address + "/");
            Thread.Sleep(Timeout.Infinite);
        }

        private static void OnError(WebSocketServer server, int connectionId, string message)
        {
            Debug.WriteLine("connection " + connectionId.ToString() + ": " + message);
        }
    }
}
