using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Tests;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// Clients that disappear without a close (reset or plain TCP end, before or after the
    /// handshake, in the middle of a frame), that send a close and keep sending, and that trickle
    /// one byte at a time: each is detected, its slot freed, and the right Closed event raised.
    /// </summary>
    public sealed class VanishingAndSlowClientTests
    {
        private readonly ITestOutputHelper _output;

        public VanishingAndSlowClientTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Clients_killed_without_a_close_are_detected_and_their_slots_freed()
        {
            // Timers far away: only noticing the end of TCP can free these slots in time.
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 8;
                o.Connection.HandshakeTimeoutMs = 60_000;
                o.Connection.PingIntervalMs = 0;
            }).Start();
            var kinds = new List<string>();

            for (int round = 0; round < 3; round++)
            {
                // Fill every slot with a different way of vanishing.
                var opened = new List<RawSocket>();
                for (int i = 0; i < 8; i++)
                {
                    var raw = new RawSocket(harness.Port);
                    switch (i % 4)
                    {
                        case 0:
                        case 1:
                        case 2:
                            raw.Handshake();
                            opened.Add(raw);
                            break;
                        default:
                            // Before the handshake: half a request head, then a reset.
                            raw.Socket.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n"));
                            Thread.Sleep(20);
                            raw.Reset();
                            break;
                    }
                }

                ServerHarness.WaitUntil(() => harness.Server.OpenCount == 6, "six opened");
                for (int i = 0; i < opened.Count; i++)
                {
                    RawSocket raw = opened[i];
                    switch (i % 3)
                    {
                        case 0:
                            raw.Reset();
                            kinds.Add("reset");
                            break;
                        case 1:
                            // In the middle of a frame: header and half the payload, then a reset.
                            byte[] frame = RawSocket.Frame(0x2, new byte[1000]);
                            raw.Socket.Send(frame, 0, 500, System.Net.Sockets.SocketFlags.None);
                            Thread.Sleep(20);
                            raw.Reset();
                            kinds.Add("reset mid-frame");
                            break;
                        default:
                            // An orderly TCP end, but no close frame.
                            raw.Socket.Close();
                            kinds.Add("FIN without close frame");
                            break;
                    }
                }

                var closes = Enumerable.Range(0, 6).Select(_ => harness.NextClose()).ToList();
                Assert.All(closes, c => Assert.Equal(1006, c.Code));
                Assert.All(closes, c => Assert.False(c.WasClean));
                ServerHarness.WaitUntil(() => harness.Server.OpenCount == 0, "every slot free");

                // Every slot is free again: eight real clients fit (a ninth would get 503).
                var clients = new List<ClientWebSocket>();
                for (int i = 0; i < 8; i++)
                {
                    clients.Add(await ServerHarness.ConnectAsync(harness.WsUri()));
                }

                foreach (ClientWebSocket c in clients)
                {
                    await ServerHarness.SendTextAsync(c, "ok");
                    Assert.Equal("ok", Encoding.UTF8.GetString((await ServerHarness.ReceiveMessageAsync(c)).Data));
                    await c.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    c.Dispose();
                }

                for (int i = 0; i < 8; i++)
                {
                    Assert.Equal(1000, harness.NextClose().Code);
                }
            }

            Soak.Report(_output, "vanish: " + kinds.Count + " opened clients killed (" + string.Join(", ", kinds.GroupBy(k => k).Select(g => g.Key + "×" + g.Count()))
                + ") and 6 reset before the handshake: every one reported 1006 (not clean) and freed its slot with a 60 s handshake timeout and no keep-alive");
        }

        [Fact]
        public void Client_that_sends_a_close_and_keeps_sending_gets_1000_back_and_is_cut_off()
        {
            using var harness = new ServerHarness(o => o.Connection.CloseTimeoutMs = 500).Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            raw.SendFrame(0x1, Encoding.UTF8.GetBytes("before"));
            RawClient.Frame echo = raw.ReadFrame();
            Assert.Equal("before", Encoding.UTF8.GetString(echo.Payload));

            // A close, then more data as if nothing happened (RFC 6455 §5.5.1: nothing may follow).
            var burst = new List<byte>();
            burst.AddRange(RawSocket.CloseFrame(1000, "bye"));
            for (int i = 0; i < 20; i++)
            {
                burst.AddRange(RawSocket.Frame(0x1, Encoding.UTF8.GetBytes("after close " + i)));
            }

            raw.Stream.Write(burst.ToArray());
            int sent = 0;
            bool cutOff = false;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < ServerHarness.Patience)
            {
                try
                {
                    raw.SendFrame(0x1, Encoding.UTF8.GetBytes("still talking " + sent));
                    sent++;
                    Thread.Sleep(5);
                }
                catch (System.IO.IOException)
                {
                    cutOff = true;
                    break;
                }

                if (harness.Closes.Count > 0 && sent > 50)
                {
                    break;
                }
            }

            CloseRecord close = harness.NextClose();
            Assert.Equal(1000, close.Code);
            Assert.Equal("bye", close.Reason);
            Assert.True(close.WasClean);

            // What the server sent back: the close reply (1000), and no echo of anything after the close.
            var frames = new List<RawClient.Frame>();
            try
            {
                for (RawClient.Frame f = raw.ReadFrame(); f != null; f = raw.ReadFrame())
                {
                    frames.Add(f);
                }
            }
            catch (System.IO.IOException)
            {
                // Reset once the server closed with our trailing frames unread: fine.
            }

            Assert.DoesNotContain(frames, f => f.Opcode == 0x1);
            if (frames.Count > 0)
            {
                Assert.Equal(0x8, frames[0].Opcode);
                Assert.Equal(1000, (frames[0].Payload[0] << 8) | frames[0].Payload[1]);
            }

            ServerHarness.WaitUntil(() => harness.Server.OpenCount == 0, "slot free");
            Soak.Report(_output, "close-then-send: Closed 1000 \"bye\" clean; server replied " + (frames.Count > 0 ? "close 1000" : "(reply lost to the reset)")
                + ", echoed nothing after the close; the client got " + (cutOff ? "cut off (write failed)" : "no error") + " after " + sent + " more frames");
        }

        [Fact]
        public async Task Slowloris_in_the_handshake_one_byte_per_second_is_dropped_by_the_handshake_timeout()
        {
            const int Slowloris = 8;
            const int HandshakeTimeoutMs = 1500;
            const int ByteEveryMs = 1000;

            // Time moves only when the test says: a byte per virtual second, whatever the machine does.
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = Slowloris;
                o.Clock = clock.Clock;
                o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
            });
            harness.Server.AddRoute("/", "text/plain", Encoding.ASCII.GetBytes("page\n"), false, null);
            harness.Start();

            // Every slot held by a client trickling its request: upgrades and page requests.
            var clients = new List<RawSocket>();
            var requests = new List<byte[]>();
            var sent = new int[Slowloris];
            try
            {
                for (int i = 0; i < Slowloris; i++)
                {
                    clients.Add(new RawSocket(harness.Port));
                    requests.Add(Encoding.ASCII.GetBytes(i % 2 == 0 ? RawSocket.UpgradeRequest("/") : "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
                }

                ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == Slowloris, "every slot taken");
                clock.WaitForRound();

                // Bytes keep coming, but the handshake timer counts from the connection, not the last byte.
                long elapsed = 0;
                while (elapsed < HandshakeTimeoutMs)
                {
                    for (int i = 0; i < Slowloris; i++)
                    {
                        Assert.False(clients[i].ServerHasClosed(), "slowloris " + i + " dropped after " + elapsed + " virtual ms");
                        Assert.True(clients[i].TrySend(new[] { requests[i][sent[i]] }));
                        sent[i]++;
                    }

                    clock.AdvanceAndWait(ByteEveryMs);
                    elapsed += ByteEveryMs;
                }

                Assert.All(clients, raw => Assert.True(raw.ReadsToEnd(), "a slowloris client was never dropped"));
                Assert.All(sent, n => Assert.Equal(2, n));
                Assert.Equal(Slowloris, harness.Errors.Count(e => e.EndsWith("opening handshake timed out", StringComparison.Ordinal)));
            }
            finally
            {
                clients.ForEach(r => r.Dispose());
            }

            // Every slot is free again.
            ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 0, "slots free");
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
            await ServerHarness.SendTextAsync(client, "after slowloris");
            Assert.Equal("after slowloris", Encoding.UTF8.GetString((await ServerHarness.ReceiveMessageAsync(client)).Data));
            Soak.Report(_output, "slowloris (handshake): " + Slowloris + " clients at 1 byte per " + ByteEveryMs + " virtual ms holding every slot, handshake timeout "
                + HandshakeTimeoutMs + " ms: all dropped at the first round past the timeout after " + sent.Min() + " bytes each; then a real client connected");
        }

        [Fact]
        public void Slowloris_after_the_handshake_trickling_a_frame_is_dropped_by_the_keep_alive()
        {
            // An open connection that trickles one frame a byte at a time and never answers a ping.
            const int PingMs = 500, PongMs = 500, TrickleMs = 200;
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.Clock = clock.Clock;
                o.Connection.PingIntervalMs = PingMs;
                o.Connection.PongTimeoutMs = PongMs;
                o.Connection.CloseTimeoutMs = 500;
            }).Start();
            using var raw = new RawSocket(harness.Port);
            raw.Handshake();
            ServerHarness.WaitUntil(() => harness.Server.OpenCount == 1, "open");
            clock.WaitForRound();

            // A 1000-byte frame, a byte every 200 virtual ms (the whole frame would take 200 s).
            // Received bytes do not count as activity until a frame is complete: the ping goes out
            // at the first round at or past 500 ms (600), and without a pong the connection is
            // dropped at the first round at or past 600 + 500 ms (1200).
            byte[] frame = RawSocket.Frame(0x2, new byte[1000]);
            var received = new List<byte>();
            var buffer = new byte[64];
            long now = 0;
            int sent = 0;
            while (harness.Server.OpenCount == 1)
            {
                Assert.True(now < 1200, "still open at " + now + " virtual ms: every received byte restarts the keep-alive idle timer, so it is never pinged");
                Assert.True(raw.TrySend(new[] { frame[sent] }));
                sent++;
                clock.AdvanceAndWait(TrickleMs);
                now += TrickleMs;
                while (raw.Socket.Available > 0)
                {
                    received.AddRange(buffer.Take(raw.Socket.Receive(buffer)));
                }
            }

            Assert.Equal(1200, now);
            Assert.Equal(6, sent);

            // What the server wrote after the 101: one empty ping, then nothing (a timeout ends
            // the connection without a close frame; the code is 1006, RFC 6455 §7.1.5).
            try
            {
                for (int n; (n = raw.Socket.Receive(buffer)) > 0;)
                {
                    received.AddRange(buffer.Take(n));
                }
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
            {
                // The server closed with our unread trickle in its buffer.
            }

            Assert.Equal(new byte[] { 0x89, 0x00 }, received);
            CloseRecord close = harness.NextClose();
            Assert.Equal(1006, close.Code);
            Assert.False(close.WasClean);
            Assert.Contains(harness.Errors, e => e.EndsWith("no pong to the keep-alive ping", StringComparison.Ordinal));
            Soak.Report(_output, "slowloris (after handshake): a frame trickled at 1 byte per " + TrickleMs + " virtual ms with ping " + PingMs + " ms / pong timeout "
                + PongMs + " ms: pinged, then dropped at " + now + " virtual ms after " + sent + " bytes, 1006");
        }
    }
}
