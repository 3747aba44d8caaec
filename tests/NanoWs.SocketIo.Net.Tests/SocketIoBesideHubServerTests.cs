using System;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hub;
using NanoWs.Net;
using NanoWs.SocketIo;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// The dashboard (<see cref="HubServer"/>: its page, its WebSocket and its JSON API at
    /// <c>/api/</c>) and Socket.IO (<see cref="SocketIoEndpoint"/> at <c>/socket.io/</c>) on one
    /// server's port: each keeps its own message limit, whichever configured the connection first.
    /// </summary>
    public sealed class SocketIoBesideHubServerTests
    {
        [Fact]
        public async Task Page_api_websocket_and_socketio_share_one_port()
        {
            using var both = new Both(new SocketIoOptions(), new HubOptions { DeviceName = "shared" });
            Assert.Equal(2048, both.Server.Options.Connection.MaxMessageSize);
            using var http = new HttpClient { Timeout = ServerHarness.Patience };

            HttpResponseMessage page = await http.GetAsync(both.Url + "/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType.MediaType);
            Assert.Equal("{\"device\":\"shared\",\"seq\":0,\"v\":{\"led\":null}}", await http.GetStringAsync(both.Url + "/api/state"));

            // Engine.IO's opening packet (type 0) over long-polling.
            string open = await http.GetStringAsync(both.Url + "/socket.io/?EIO=4&transport=polling");
            Assert.StartsWith("0{\"sid\":\"", open);

            using ClientWebSocket tab = await ServerHarness.ConnectAsync(new Uri("ws://127.0.0.1:" + both.Server.LocalPort + "/ws"));
            Assert.StartsWith("{\"t\":\"hello\",\"device\":\"shared\"", await ReceiveText(tab));

            // Socket.IO's larger limit lets a 1,500-byte message through to the hub, which refuses
            // a command over its own limit itself.
            string big = "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"pad\":\"" + new string('x', 1450) + "\"}";
            await tab.SendAsync(Encoding.UTF8.GetBytes(big), WsType.Text, true, default);
            Assert.Equal("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"command too large\"}", await ReceiveText(tab));
        }

        [Fact]
        public async Task A_socketio_websocket_message_over_maxPayload_is_closed_with_1009_when_the_hub_allows_more()
        {
            // The hub's limit (2 x 2048) is the larger one here.
            using var both = new Both(new SocketIoOptions(), new HubOptions { MaxCommandBytes = 2048 });
            Assert.Equal(4096, both.Server.Options.Connection.MaxMessageSize);

            using ClientWebSocket socket = await ServerHarness.ConnectAsync(new Uri("ws://127.0.0.1:" + both.Server.LocalPort + "/socket.io/?EIO=4&transport=websocket"));
            Assert.StartsWith("0{\"sid\":\"", await ReceiveText(socket));
            await socket.SendAsync(Encoding.UTF8.GetBytes("4" + new string('x', 3000)), WsType.Text, true, default);

            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(new byte[8192]), cts.Token);
            Assert.Equal(WsType.Close, result.MessageType);
            Assert.Equal((WebSocketCloseStatus)1009, result.CloseStatus);
        }

        private static async Task<string> ReceiveText(ClientWebSocket socket)
        {
            (WsType type, byte[] data) = await ServerHarness.ReceiveMessageAsync(socket);
            Assert.Equal(WsType.Text, type);
            return Encoding.UTF8.GetString(data);
        }

        /// <summary>One server with Socket.IO configured first, then the hub, as an application would.</summary>
        private sealed class Both : IDisposable
        {
            private readonly HubServer _hub;

            public Both(SocketIoOptions sio, HubOptions hubOptions)
            {
                var options = new WebSocketServerOptions
                {
                    BindAddress = IPAddress.Loopback,
                    Port = 0,
                    MaxConnections = 8,
                    SlowHandlerReportMs = 0,
                    Connection = new WebSocketOptions(),
                };

                // Handshake and close timers are hang guards only on a loaded machine (see ServerHarness).
                options.Connection.HandshakeTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
                options.Connection.CloseTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
                SocketIoEndpoint.ConfigureConnection(options.Connection, sio);
                HubServer.ConfigureServerOptions(options, hubOptions);
                Server = new WebSocketServer(options);
                _hub = HubServer.Attach(Server, hubOptions);
                _hub.AddBool("led", "LED", true);
                _hub.SetHandler = (h, q) => null;
                SocketIoEndpoint.Attach(Server, new SocketIoServer(sio, new SystemRandomSource()));
                _hub.Start();
            }

            public WebSocketServer Server { get; }

            public string Url => "http://127.0.0.1:" + Server.LocalPort;

            public void Dispose() => _hub.Stop();
        }
    }
}
