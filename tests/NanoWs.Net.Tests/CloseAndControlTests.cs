using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>Close handshakes started by either side, pings and pongs, keep-alive and its timeout.</summary>
    public sealed class CloseAndControlTests
    {
        [Theory]
        [InlineData(1000, "bye")]
        [InlineData(1001, "")]
        [InlineData(4000, "private code")]
        [InlineData(4999, "multi-byte \u00e9\u4e2d\U0001F600 reason")]
        public async Task ClientCloseIsEchoedAndReportedClean(int code, string reason)
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.CloseAsync((WebSocketCloseStatus)code, reason, cts.Token);
            Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, client.State);
            Assert.Equal((WebSocketCloseStatus)code, client.CloseStatus);

            // The server's answer echoes the code only (RFC 6455 §5.5.1), no reason.
            Assert.True(string.IsNullOrEmpty(client.CloseStatusDescription), "reason in the server's answer: " + client.CloseStatusDescription);

            CloseRecord close = harness.NextClose();
            Assert.Equal(code, close.Code);
            Assert.Equal(reason, close.Reason);
            Assert.True(close.WasClean);
        }

        [Fact]
        public async Task ServerCloseReachesTheClientWithCodeAndReason()
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);
            Assert.True(harness.Server.Close(id, 4001, "server says bye"));

            var (type, _) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Close, type);
            Assert.Equal((WebSocketCloseStatus)4001, client.CloseStatus);
            Assert.Equal("server says bye", client.CloseStatusDescription);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);

            CloseRecord close = harness.NextClose();
            Assert.Equal(id, close.Id);
            Assert.True(close.WasClean);
            Assert.False(harness.Server.IsConnectionOpen(id));
        }

        [Fact]
        public void ServerDropsTcpAfterTheCloseHandshake()
        {
            using var harness = new ServerHarness().Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            raw.SendClose(1000, "done");
            Assert.Equal(1000, raw.ReadUntilClose());

            // RFC 6455 §7.1.1: the server closes TCP first.
            Assert.True(raw.ReadsToEnd());
            Assert.True(harness.NextClose().WasClean);
        }

        [Fact]
        public void PingGetsPongWithTheSamePayload()
        {
            using var harness = new ServerHarness().Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            byte[] payload = Encoding.ASCII.GetBytes("are you there?");
            raw.SendFrame(0x9, payload);
            RawClient.Frame pong = raw.ReadFrame();
            Assert.Equal(0xA, pong.Opcode);
            Assert.Equal(payload, pong.Payload);
        }

        [Fact]
        public void KeepAlivePingsAnIdleClient()
        {
            // The keep-alive runs on a test clock: a ping goes out when the test moves the time by
            // the interval, and a client answering late on a busy machine is never timed out.
            const int PingMs = 1000, PongMs = 1000;
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.Clock = clock.Clock;
                o.Connection.PingIntervalMs = PingMs;
                o.Connection.PongTimeoutMs = PongMs;
            }).Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            clock.WaitForRound();
            clock.AdvanceAndWait(PingMs);
            RawClient.Frame ping = raw.ReadFrame();
            Assert.Equal(0x9, ping.Opcode);
            raw.SendFrame(0xA, ping.Payload);

            // Still open and echoing after the pong.
            raw.SendFrame(0x1, Encoding.ASCII.GetBytes("still here"));
            RawClient.Frame echo = raw.ReadFrame();
            Assert.Equal(0x1, echo.Opcode);
            Assert.Equal("still here", Encoding.ASCII.GetString(echo.Payload));

            // The pong counted: past its deadline the server pings again instead of dropping the client.
            clock.AdvanceAndWait(PingMs);
            RawClient.Frame second = raw.ReadFrame();
            Assert.Equal(0x9, second.Opcode);
            raw.SendFrame(0xA, second.Payload);
            Assert.Empty(harness.Closes);
        }

        [Fact]
        public void ClientThatNeverAnswersPingsIsDropped()
        {
            using var harness = new ServerHarness(o =>
            {
                o.Connection.PingIntervalMs = 100;
                o.Connection.PongTimeoutMs = 200;
            }).Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            Assert.True(raw.ReadsToEnd());
            CloseRecord close = harness.NextClose();
            Assert.Equal(1006, close.Code);
            Assert.False(close.WasClean);
            Assert.Contains(harness.Errors, e => e.Contains("pong"));
        }

        [Fact]
        public async Task ClientWebSocketAnswersEveryKeepAlivePingBeforeThePongTimeout()
        {
            const int PingMs = 1000, PongMs = 1000;
            var clock = new TestClock();
            var pongs = new System.Collections.Concurrent.BlockingCollection<int>();
            using var harness = new ServerHarness(o =>
            {
                o.Clock = clock.Clock;
                o.Connection.PingIntervalMs = PingMs;
                o.Connection.PongTimeoutMs = PongMs;
            });
            harness.Server.PongReceived += (s, id) => pongs.Add(id);
            harness.Start();

            // ClientWebSocket answers the server's pings by itself while a receive is pending; its
            // own heartbeat is off, so every pong the server sees answers one of its pings.
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri(), o => o.KeepAliveInterval = TimeSpan.Zero);
            Task<(WsType, byte[])> pending = ServerHarness.ReceiveMessageAsync(client);
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);
            clock.WaitForRound();

            // Each ping interval the server pings; the clock does not reach the pong timeout until
            // the pong is in. A missing pong fails here; a pong the server ignored fails the next
            // round (the pong timeout passes and the connection is dropped, so no ping follows).
            for (int i = 1; i <= 5; i++)
            {
                clock.AdvanceAndWait(PingMs);
                Assert.True(pongs.TryTake(out int from, ServerHarness.Patience), "no pong to keep-alive ping " + i);
                Assert.Equal(id, from);
            }

            await ServerHarness.SendTextAsync(client, "after pings");
            var (type, data) = await pending;
            Assert.Equal(WsType.Text, type);
            Assert.Equal("after pings", Encoding.UTF8.GetString(data));
            Assert.Empty(harness.Closes);
            Assert.DoesNotContain(harness.Errors, e => e.Contains("pong"));
        }

        [Fact]
        public async Task ClientWebSocketPingsAreAnswered()
        {
            // With KeepAliveTimeout set, ClientWebSocket sends real pings (not unsolicited pongs)
            // every 30 ms, but never a new one while it still awaits the pong to the last: the server
            // seeing 50 of them means ClientWebSocket accepted 49 of its pongs. The timeout (after
            // which ClientWebSocket aborts) is a hang guard only, so a server thread starved of CPU
            // for a moment on a busy machine does not lose the connection.
            const int Pings = 50;
            int pings = 0;
            using var harness = new ServerHarness();
            harness.Server.PingReceived += (s, id) => Interlocked.Increment(ref pings);
            harness.Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri(), o =>
            {
                o.KeepAliveInterval = TimeSpan.FromMilliseconds(30);
                o.KeepAliveTimeout = ServerHarness.Patience;
            });
            Task<(WsType, byte[])> pending = ServerHarness.ReceiveMessageAsync(client);
            ServerHarness.WaitUntil(() => Volatile.Read(ref pings) >= Pings, Pings + " pings from ClientWebSocket (state " + client.State + ")");
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, client.State);
            await ServerHarness.SendTextAsync(client, "after our pings");
            var (type, data) = await pending;
            Assert.Equal(WsType.Text, type);
            Assert.Equal("after our pings", Encoding.UTF8.GetString(data));
            Assert.Empty(harness.Closes);
        }

        [Fact]
        public void UnmaskedFrameFailsWith1002AndOthersAreUntouched()
        {
            using var harness = new ServerHarness().Start();
            using var good = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", good.Handshake());
            using var bad = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", bad.Handshake());

            bad.SendFrame(0x1, Encoding.ASCII.GetBytes("no mask"), masked: false);
            Assert.Equal(1002, bad.ReadUntilClose());
            Assert.True(bad.ReadsToEnd());
            CloseRecord close = harness.NextClose();
            Assert.Equal(1002, close.Code);
            Assert.False(close.WasClean);

            good.SendFrame(0x2, new byte[] { 1, 2, 3 });
            Assert.Equal(new byte[] { 1, 2, 3 }, good.ReadFrame().Payload);
        }

        [Fact]
        public void AbruptDisconnectIsReportedAs1006()
        {
            using var harness = new ServerHarness().Start();
            var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            raw.Dispose();
            CloseRecord close = harness.NextClose();
            Assert.Equal(1006, close.Code);
            Assert.False(close.WasClean);
            Assert.Equal(new[] { close.Id }, harness.OpenedIds.ToArray());
        }
    }
}
