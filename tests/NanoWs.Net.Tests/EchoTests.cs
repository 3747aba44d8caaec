using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>ClientWebSocket against the echo sample's handler: messages come back byte for byte.</summary>
    public sealed class EchoTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(125)]
        [InlineData(126)]
        [InlineData(127)]
        [InlineData(4082)]
        [InlineData(4083)]
        [InlineData(65535)]
        [InlineData(65536)]
        [InlineData(300000)]
        public async Task BinaryMessageIsEchoed(int size)
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            byte[] data = ServerHarness.Pattern(size, size);
            await ServerHarness.SendAsync(client, WsType.Binary, data);
            var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Binary, type);
            Assert.Equal(data, echoed);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(125)]
        [InlineData(126)]
        [InlineData(65535)]
        [InlineData(65536)]
        [InlineData(100001)]
        public async Task TextMessageIsEchoed(int size)
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            string text = ServerHarness.TextPattern(size, size);
            await ServerHarness.SendTextAsync(client, text);
            var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Text, type);
            Assert.Equal(text, System.Text.Encoding.UTF8.GetString(echoed));
        }

        [Fact]
        public async Task BoardSizedBuffersStreamAMegabyteThroughDeferrals()
        {
            // 1536-byte slices leave through 992-byte frames: every slice is deferred at least once.
            using var harness = new ServerHarness(o => o.Connection = NanoWs.Samples.EchoServer.EchoApp.CreateConnectionOptions(1536, 1024)).Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            byte[] data = ServerHarness.Pattern(1 << 20, 5);
            Task<(WsType, byte[])> receive = ServerHarness.ReceiveMessageAsync(client);
            await ServerHarness.SendAsync(client, WsType.Binary, data);
            var (type, echoed) = await receive;
            Assert.Equal(WsType.Binary, type);
            Assert.Equal(data, echoed);
        }

        [Fact]
        public async Task FragmentedMessageIsEchoedWhole()
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            byte[] data = ServerHarness.Pattern(10000, 7);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.SendAsync(new ArraySegment<byte>(data, 0, 1), WsType.Binary, false, cts.Token);
            await client.SendAsync(new ArraySegment<byte>(data, 1, 0), WsType.Binary, false, cts.Token);
            await client.SendAsync(new ArraySegment<byte>(data, 1, 6000), WsType.Binary, false, cts.Token);
            await client.SendAsync(new ArraySegment<byte>(data, 6001, 3999), WsType.Binary, true, cts.Token);
            var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Binary, type);
            Assert.Equal(data, echoed);
        }

        [Fact]
        public async Task FragmentedTextSplittingUtf8SequencesIsEchoedWhole()
        {
            // A text message in four frames (one empty): the 4-byte emoji and the 3-byte euro sign
            // are cut between frames, so the server validates UTF-8 across frame boundaries.
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            byte[] data = System.Text.Encoding.UTF8.GetBytes("frag \U0001F600 and \u20ac end \u4e2d");
            int emoji = 5, euro = 9 + 5;
            int[] cuts = { 0, emoji + 2, emoji + 2, euro + 1, data.Length };
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            for (int i = 0; i + 1 < cuts.Length; i++)
            {
                await client.SendAsync(new ArraySegment<byte>(data, cuts[i], cuts[i + 1] - cuts[i]), WsType.Text, i + 2 == cuts.Length, cts.Token);
            }

            var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Text, type);
            Assert.Equal(data, echoed);
        }

        [Fact]
        public async Task ManyMessagesInARowKeepTheirOrder()
        {
            using var harness = new ServerHarness().Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            Task receiving = Task.Run(async () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
                    Assert.Equal(WsType.Text, type);
                    Assert.Equal("message " + i, System.Text.Encoding.UTF8.GetString(echoed));
                }
            });

            for (int i = 0; i < 200; i++)
            {
                await ServerHarness.SendTextAsync(client, "message " + i);
            }

            await receiving.WaitAsync(ServerHarness.Patience);
        }

        [Fact]
        public async Task ReassembledMessagesArriveWhole()
        {
            int slices = 0;
            using var harness = new ServerHarness(o =>
            {
                o.Connection.ReassembleMessages = true;
                o.Connection.MaxMessageSize = 3000;
            }, echo: false);
            harness.Server.MessageReceived += (server, m) =>
            {
                Assert.True(m.IsFirst && m.IsFinal);
                Interlocked.Increment(ref slices);
                server.Send(m.ConnectionId, m.MessageType, m.Buffer, m.Offset, m.Count);
            };
            harness.Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            byte[] data = ServerHarness.Pattern(3000, 3);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.SendAsync(new ArraySegment<byte>(data, 0, 1000), WsType.Binary, false, cts.Token);
            await client.SendAsync(new ArraySegment<byte>(data, 1000, 2000), WsType.Binary, true, cts.Token);
            var (_, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(data, echoed);
            Assert.Equal(1, Volatile.Read(ref slices));
        }

        [Fact]
        public async Task MessageOverTheLimitClosesWith1009()
        {
            using var harness = new ServerHarness(o => o.Connection.MaxMessageSize = 1000).Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            await ServerHarness.SendAsync(client, WsType.Binary, new byte[1001]);
            var (type, _) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Close, type);
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
            CloseRecord close = harness.NextClose();
            Assert.Equal(1009, close.Code);
            Assert.False(close.WasClean);
        }
    }
}
