using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>Start, stop, memory taken at start, and handlers that misbehave.</summary>
    public sealed class LifecycleTests
    {
        private readonly ITestOutputHelper _output;

        public LifecycleTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task StopSaysGoingAwayToOpenClientsAndEnds()
        {
            var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            Task<(WsType, byte[])> receive = ServerHarness.ReceiveMessageAsync(client);
            ServerHarness.WaitUntil(() => harness.Server.OpenCount == 1, "open");
            Task stop = Task.Run(() => harness.Server.Stop());

            var (type, _) = await receive;
            Assert.Equal(WsType.Close, type);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, default);
            await stop.WaitAsync(ServerHarness.Patience);
            Assert.False(harness.Server.IsRunning);
            CloseRecord close = harness.NextClose();
            Assert.Equal(1000, close.Code); // the code of the client's answering close frame
            Assert.True(close.WasClean);

            // A stopped server can start again, on a new port.
            harness.Server.Start();
            using ClientWebSocket again = await ServerHarness.ConnectAsync(harness.WsUri());
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, again.State);
            harness.Dispose();
        }

        [Fact]
        public void StopWithoutClientsReturns()
        {
            using var harness = new ServerHarness().Start();
            Assert.True(harness.Server.IsRunning);
            harness.Server.Stop();
            Assert.False(harness.Server.IsRunning);
            harness.Server.Stop();
        }

        [Fact]
        public async Task ThrowingHandlerIsReportedAndTheConnectionLives()
        {
            using var harness = new ServerHarness(echo: false);
            harness.Server.MessageReceived += (server, m) =>
            {
                if (m.Count == 1)
                {
                    throw new InvalidOperationException("app bug");
                }

                server.Send(m.ConnectionId, m.MessageType, m.Buffer, m.Offset, m.Count);
            };
            harness.Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            await ServerHarness.SendAsync(client, WsType.Binary, new byte[] { 1 });
            await ServerHarness.SendAsync(client, WsType.Binary, new byte[] { 1, 2 });
            var (_, data) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(new byte[] { 1, 2 }, data);
            Assert.Contains(harness.Errors, e => e.Contains("app bug"));
        }

        [Fact]
        public void AllBuffersAreAllocatedAtStart()
        {
            long PerStart(int connections)
            {
                var options = new WebSocketServerOptions
                {
                    BindAddress = System.Net.IPAddress.Loopback,
                    Port = 0,
                    MaxConnections = connections,
                };
                var server = new WebSocketServer(options);
                long before = GC.GetAllocatedBytesForCurrentThread();
                server.Start();
                long after = GC.GetAllocatedBytesForCurrentThread();
                server.Stop();
                return after - before;
            }

            PerStart(1);
            long one = PerStart(1);
            long five = PerStart(5);
            long perSlot = (five - one) / 4;
            int estimate = WebSocketConnection.EstimateBytes(new WebSocketOptions());
            _output.WriteLine("Start with 1 slot: " + one + " bytes; per extra slot: " + perSlot + " bytes; core estimate: " + estimate);
            Assert.InRange(perSlot, estimate / 2, estimate + 1024);
        }

        [Fact]
        public void OptionsAreValidated()
        {
            Assert.Throws<ArgumentException>(() => new WebSocketServer(new WebSocketServerOptions { MaxConnections = 0 }));
            Assert.Throws<ArgumentException>(() => new WebSocketServer(new WebSocketServerOptions { WebSocketPath = "ws" }));
            Assert.Throws<ArgumentException>(() => new WebSocketServer(new WebSocketServerOptions { PollIntervalMs = 0 }));
        }

        [Fact]
        public void StaleConnectionIdsAreHarmless()
        {
            using var harness = new ServerHarness().Start();
            Assert.False(harness.Server.SendText(12345, "nobody"));
            Assert.False(harness.Server.Close(12345, 1000, null));
            Assert.False(harness.Server.IsConnectionOpen(0));
            Assert.Equal(0, harness.Server.BroadcastText("none"));
        }
    }
}
