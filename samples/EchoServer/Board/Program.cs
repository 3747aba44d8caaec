using System.Diagnostics;
using System.Threading;
using NanoWs.Hardware;
using NanoWs.Net;

namespace NanoWs.Samples.EchoServer
{
    /// <summary>
    /// Board entry point (ESP32 and other nanoFramework targets with Wi-Fi): joins the network
    /// with the credentials in <see cref="BoardConfig"/> (retrying until there is an address, and
    /// again whenever it is lost), then serves an echo WebSocket on port 80 with the shared
    /// <see cref="EchoApp"/>. The debug output shows the address to connect to.
    /// </summary>
    public static class Program
    {
        /// <summary>Connects Wi-Fi and runs the echo server forever.</summary>
        public static void Main()
        {
            Debug.WriteLine("NanoWs echo server; managed heap free at boot: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");
            NetworkLink network = new NetworkLink(BoardConfig.Ssid, BoardConfig.Password);
            network.ConnectUntilUp();

            WebSocketServerOptions options = new WebSocketServerOptions();
            options.Port = 80;
            options.MaxConnections = BoardConfig.MaxConnections;
            options.SocketBudget = BoardConfig.SocketBudget;
            options.Connection = EchoApp.CreateConnectionOptions(BoardConfig.ReceiveBufferSize, BoardConfig.SendBufferSize);

            WebSocketServer server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Error += OnError;
            server.Start();

            Debug.WriteLine("managed heap free with the server running: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");
            OnAddressChanged(network.Address);
            network.AddressChanged += OnAddressChanged;
            network.StartWatchdog();
            Thread.Sleep(Timeout.Infinite);
        }

        private static void OnAddressChanged(string address)
        {
            Debug.WriteLine(address.Length == 0 ? "network: address lost" : "listening on ws://" + address + "/");
        }

        private static void OnError(WebSocketServer server, int connectionId, string message)
        {
            Debug.WriteLine("connection " + connectionId.ToString() + ": " + message);
        }
    }
}
