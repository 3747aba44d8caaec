using System.Diagnostics;
using System.Threading;
using NanoWs.Hardware;
using NanoWs.Net;
using NanoWs.SocketIo;

namespace NanoWs.Samples.SocketIoNews
{
    /// <summary>
    /// Board entry point (ESP32 and other nanoFramework targets with Wi-Fi): joins the network with
    /// the credentials in <see cref="BoardConfig"/>, then serves Socket.IO at <c>/socket.io/</c> and
    /// the example page at <c>/</c> on port 80 with the shared <see cref="NewsApp"/>. The debug
    /// output shows the address to open and every <c>my other event</c> a client sends.
    /// </summary>
    public static class Program
    {
        private static WebSocketServer _server;

        /// <summary>Connects Wi-Fi and runs the sample forever.</summary>
        public static void Main()
        {
            Debug.WriteLine("NanoWs Socket.IO news; managed heap free at boot: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");
            NetworkLink network = new NetworkLink(BoardConfig.Ssid, BoardConfig.Password);
            network.ConnectUntilUp();

            SocketIoOptions io = new SocketIoOptions();
            io.MaxSessions = BoardConfig.MaxSessions;
            io.MaxPayload = BoardConfig.MaxPayload;
            io.OutboxBytes = BoardConfig.OutboxBytes;

            WebSocketServerOptions options = new WebSocketServerOptions();
            options.Port = 80;
            options.MaxConnections = 3 * BoardConfig.MaxSessions;
            options.SocketBudget = BoardConfig.SocketBudget;
            options.Connection = NewsApp.CreateConnectionOptions(io);

            _server = new WebSocketServer(options);
            NewsApp.Attach(_server, io, Log);
            _server.Error += OnError;
            _server.Start();

            Debug.WriteLine("managed heap free with the server running: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");
            OnAddressChanged(network.Address);
            network.AddressChanged += OnAddressChanged;
            network.StartWatchdog();
            Thread.Sleep(Timeout.Infinite);
        }

        private static void Log(string line)
        {
            Debug.WriteLine(line);
        }

        private static void OnAddressChanged(string address)
        {
            if (address.Length == 0)
            {
                Debug.WriteLine("network: address lost");
                return;
            }

            // The page's snippet connects to the device's own address.
            _server.AddRoute("/", "text/html; charset=utf-8", NewsApp.Page("http://" + address), false, "no-store");
            Debug.WriteLine("open http://" + address + "/");
        }

        private static void OnError(WebSocketServer server, int connectionId, string message)
        {
            Debug.WriteLine("connection " + connectionId.ToString() + ": " + message);
        }
    }
}
