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
    /// <summary>Many clients at once, sends from other threads, broadcast.</summary>
    public sealed class ConcurrencyTests
    {
        [Fact]
        public async Task TwentyClientsExchangeMessagesWithNoneLostOrCorrupted()
        {
            const int clients = 20;
            const int messages = 30;
            using var harness = new ServerHarness(o => o.MaxConnections = clients).Start();
            ClientWebSocket[] sockets = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => ServerHarness.ConnectAsync(harness.WsUri())));
            try
            {
                await Task.WhenAll(sockets.Select((client, c) => Task.Run(async () =>
                {
                    var random = new Random(c);
                    for (int m = 0; m < messages; m++)
                    {
                        // Sizes around the frame-length boundaries and the 4 KiB buffers.
                        int size = random.Next(4) switch { 0 => random.Next(126), 1 => random.Next(126, 4200), 2 => random.Next(4200, 20000), _ => 0 };
                        bool text = (m & 1) == 0;
                        byte[] data = text ? Encoding.UTF8.GetBytes(ServerHarness.TextPattern(size, (c * 1000) + m)) : ServerHarness.Pattern(size, (c * 1000) + m);
                        await ServerHarness.SendAsync(client, text ? WsType.Text : WsType.Binary, data);
                        var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
                        Assert.Equal(text ? WsType.Text : WsType.Binary, type);
                        Assert.Equal(data, echoed);
                    }
                })));
            }
            finally
            {
                foreach (ClientWebSocket s in sockets)
                {
                    s.Dispose();
                }
            }

            Assert.Equal(clients, harness.OpenedIds.Count);
            Assert.Equal(clients, harness.OpenedIds.Distinct().Count());
        }

        [Fact]
        public async Task BroadcastFromAnotherThreadReachesEveryClient()
        {
            using var harness = new ServerHarness(echo: false).Start();
            ClientWebSocket[] sockets = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerHarness.ConnectAsync(harness.WsUri())));
            ServerHarness.WaitUntil(() => harness.Server.OpenCount == 3, "3 open connections");
            try
            {
                int sent = await Task.Run(() => harness.Server.BroadcastText("to everyone"));
                Assert.Equal(3, sent);
                byte[] bytes = { 9, 8, 7 };
                Assert.Equal(3, harness.Server.Broadcast(NanoWs.WebSocketMessageType.Binary, bytes, 0, 3));
                foreach (ClientWebSocket s in sockets)
                {
                    var (type, data) = await ServerHarness.ReceiveMessageAsync(s);
                    Assert.Equal(WsType.Text, type);
                    Assert.Equal("to everyone", Encoding.UTF8.GetString(data));
                    (type, data) = await ServerHarness.ReceiveMessageAsync(s);
                    Assert.Equal(WsType.Binary, type);
                    Assert.Equal(bytes, data);
                }
            }
            finally
            {
                foreach (ClientWebSocket s in sockets)
                {
                    s.Dispose();
                }
            }
        }

        [Fact]
        public async Task SendFromManyThreadsKeepsMessagesIntact()
        {
            using var harness = new ServerHarness(echo: false).Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);

            const int threads = 4;
            const int perThread = 100;
            Task[] senders = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    string text = "t" + t + " m" + i + " " + new string((char)('a' + t), 50);
                    DateTime end = DateTime.UtcNow + ServerHarness.Patience;

                    // Full buffer: the caller decides; here it retries.
                    while (!harness.Server.SendText(id, text))
                    {
                        Assert.True(DateTime.UtcNow < end, "send never found room");
                        Thread.Sleep(1);
                    }
                }
            })).ToArray();

            var next = new int[threads];
            for (int n = 0; n < threads * perThread; n++)
            {
                var (_, data) = await ServerHarness.ReceiveMessageAsync(client);
                string text = Encoding.UTF8.GetString(data);
                int t = text[1] - '0';
                Assert.Equal("t" + t + " m" + next[t] + " " + new string((char)('a' + t), 50), text);
                next[t]++;
            }

            await Task.WhenAll(senders);
        }

        [Fact]
        public async Task SlowReaderIsClosedAfterTheSendStall()
        {
            using var harness = new ServerHarness(o =>
            {
                o.SendStallTimeoutMs = 300;
                o.Connection.CloseTimeoutMs = 300;
            }, echo: false).Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);

            // The client never reads: keep the send buffer full until the server gives up on it.
            byte[] chunk = new byte[harness.Server.MaxFramePayload];
            DateTime end = DateTime.UtcNow + ServerHarness.Patience;
            while (harness.Server.IsConnectionOpen(id) && DateTime.UtcNow < end)
            {
                if (!harness.Server.Send(id, NanoWs.WebSocketMessageType.Binary, chunk, 0, chunk.Length))
                {
                    await Task.Delay(5);
                }
            }

            CloseRecord close = harness.NextClose();
            Assert.Equal(id, close.Id);
            Assert.Equal(1008, close.Code);
            Assert.False(close.WasClean);
            Assert.Contains(harness.Errors, e => e.Contains("send stalled"));
        }

        [Fact]
        public void StalledClientThatReadsAgainFindsEveryMessageThenThe1008CloseFrame()
        {
            var clock = new TestClock();
            using var harness = StallHarness(clock, closeTimeoutMs: 60_000);
            using var raw = new RawClient(harness.Port, receiveBufferSize: 2048);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);

            var sent = FillUntilStall(harness, clock, id);

            // The send buffer kept room for the close frame: it is queued, not dropped.
            Assert.Contains(harness.Errors, e => e == id + ": send stalled: closing with 1008");
            Assert.DoesNotContain(harness.Errors, e => e.Contains("dropped"));

            // The client reads again: every message, in order, then the close frame (RFC 6455 §5.5.1).
            foreach (byte[] expected in sent)
            {
                RawClient.Frame frame = raw.ReadFrame();
                Assert.Equal(0x2, frame.Opcode);
                Assert.Equal(expected, frame.Payload);
            }

            RawClient.Frame close = raw.ReadFrame();
            Assert.Equal(0x8, close.Opcode);
            Assert.Equal(new byte[] { 0x03, 0xF0 }.Concat(Encoding.ASCII.GetBytes("send stalled")), close.Payload);
            raw.SendClose(1008);
            Assert.True(raw.ReadsToEnd());
            Assert.Equal(new CloseRecord(id, 1008, "", true), harness.NextClose());
            Assert.Equal(0, harness.Server.SlotsInUse);
        }

        [Fact]
        public void StalledClientThatNeverReadsAgainIsReportedClosedWith1008()
        {
            var clock = new TestClock();
            using var harness = StallHarness(clock, closeTimeoutMs: 2000);
            using var raw = new RawClient(harness.Port, receiveBufferSize: 2048);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);

            FillUntilStall(harness, clock, id);
            Assert.Contains(harness.Errors, e => e == id + ": send stalled: closing with 1008");
            Assert.Empty(harness.Closes);

            // The close handshake has its own timeout; then the connection is dropped, still as 1008.
            clock.AdvanceAndWait(2000);
            Assert.Equal(new CloseRecord(id, 1008, "", false), harness.NextClose());
            Assert.Contains(harness.Errors, e => e == id + ": close handshake timed out");
            ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 0, "slot free");
        }

        private static ServerHarness StallHarness(TestClock clock, int closeTimeoutMs)
        {
            return new ServerHarness(o =>
            {
                o.Clock = clock.Clock;
                o.SendStallTimeoutMs = 1000;
                o.Connection.CloseTimeoutMs = closeTimeoutMs;
                o.Connection.PingIntervalMs = 0;
            }, echo: false).Start();
        }

        /// <summary>
        /// Queues numbered binary messages for a client that does not read, packing the send buffer
        /// to the last byte, and moves the clock by the stall timeout, until the server gives up on
        /// the client. Returns the messages queued, in order.
        /// </summary>
        private static System.Collections.Generic.List<byte[]> FillUntilStall(ServerHarness harness, TestClock clock, int id)
        {
            var sent = new System.Collections.Generic.List<byte[]>();
            bool Push()
            {
                int before = sent.Count;
                for (int size = harness.Server.MaxFramePayload; size >= 4; size /= 2)
                {
                    while (true)
                    {
                        byte[] payload = ServerHarness.Pattern(size, sent.Count);
                        BitConverter.GetBytes(sent.Count).CopyTo(payload, 0);
                        if (!harness.Server.Send(id, NanoWs.WebSocketMessageType.Binary, payload, 0, payload.Length))
                        {
                            break;
                        }

                        sent.Add(payload);
                    }
                }

                return sent.Count > before;
            }

            ServerHarness.WaitUntil(() =>
            {
                // Fill the socket (the kernel takes a lot first), then let the stall timeout pass.
                for (int idle = 0; idle < 20; idle = Push() ? 0 : idle + 1)
                {
                    Thread.Sleep(1);
                }

                clock.AdvanceAndWait(1000);
                return harness.Errors.Any(e => e.Contains("send stalled"));
            }, "the send stall");
            return sent;
        }
    }
}
