using System;
using NanoWs.SocketIo;
using NanoWs.SocketIo.Tests;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// The Socket.IO server's memory: bytes per session slot (measured with
    /// GC.GetAllocatedBytesForCurrentThread as the difference between servers of 1 and 9 slots,
    /// against <see cref="SocketIoServer.EstimateSessionBytes"/>), and no allocation per packet
    /// once a session is open, over long-polling and over WebSocket.
    /// </summary>
    public class SocketIoFootprintTests
    {
        private readonly ITestOutputHelper _output;

        public SocketIoFootprintTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void A_session_slot_fits_its_estimate(int namespaces)
        {
            SocketIoOptions options = new SocketIoOptions();
            options.MaxSessions = 1;
            long one = Measure(options, namespaces);
            options.MaxSessions = 9;
            long nine = Measure(options, namespaces);
            long perSession = (nine - one) / 8;
            int estimate = SocketIoServer.EstimateSessionBytes(options, namespaces);
            _output.WriteLine("default options, " + namespaces + " namespace(s): " + perSession + " bytes per session measured, estimate " + estimate);
            Assert.True(perSession <= estimate, "measured " + perSession + " > estimate " + estimate);
            Assert.True(estimate - perSession < 128, "estimate " + estimate + " overstates measured " + perSession);
        }

        [Fact]
        public void Events_acks_emits_and_heartbeats_over_polling_allocate_nothing()
        {
            SocketIoOptions options = new SocketIoOptions();
            options.PingIntervalMs = 10;
            SocketIoServer io = new SocketIoServer(options, new CountingRandom());
            int args = 0;
            io.OnConnection(s => s.On("m", (sock, m) =>
            {
                args += m.ArgsCount;
                sock.Ack(m.AckId, "1");
                sock.Emit("n", m.Buffer, m.ArgsOffset, m.ArgsCount);
                sock.EmitLatest("t", "2");
            }));
            SioClient c = SioClient.Connected(io, 0);
            byte[] post = SioClient.Bytes("425[\"m\",{\"a\":[1,2]},\"x\"]" + SioClient.Rs + "3");
            byte[] body = new byte[2048];
            long now = 0;
            Round(io, c.Session, post, body, ref now);

            // Three windows of 10,000 rounds: anything allocated per packet shows in every one
            // (10,000 bytes at least); the runtime's own one-off work on this thread (tiered
            // compilation reaching a method mid-run, which timing on a busy machine decides) in
            // one at most. So the quietest window must be 0 and none may reach a byte a round.
            long[] windows = new long[3];
            for (int w = 0; w < windows.Length; w++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10000; i++)
                {
                    Round(io, c.Session, post, body, ref now);
                }

                windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            _output.WriteLine("polling: bytes allocated per 10000 rounds: " + string.Join(", ", windows));
            Assert.True(c.IsOpen);
            Assert.Equal(15 * 30001, args);
            Assert.Equal(0, Math.Min(windows[0], Math.Min(windows[1], windows[2])));
            Assert.All(windows, a => Assert.True(a < 10000, a + " bytes in 10000 rounds"));
        }

        [Fact]
        public void Events_and_binary_attachments_over_WebSocket_allocate_nothing()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int bytes = 0;
            io.OnConnection(s => s.On("up", (sock, m) =>
            {
                bytes += m.GetAttachmentCount(0);
                sock.EmitBinary("down", m.Buffer, m.GetAttachmentOffset(0), m.GetAttachmentCount(0));
            }));
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            c.WsNext();
            byte[] header = SioClient.Bytes("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
            byte[] data = new byte[] { 1, 2, 3, 4, 5 };
            byte[] frame = new byte[256];
            WsRound(io, c.Session, header, data, frame);

            // Three windows, judged as in the polling test above.
            long[] windows = new long[3];
            for (int w = 0; w < windows.Length; w++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10000; i++)
                {
                    WsRound(io, c.Session, header, data, frame);
                }

                windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            _output.WriteLine("websocket: bytes allocated per 10000 binary events: " + string.Join(", ", windows));
            Assert.Equal(5 * 30001, bytes);
            Assert.Equal(0, Math.Min(windows[0], Math.Min(windows[1], windows[2])));
            Assert.All(windows, a => Assert.True(a < 10000, a + " bytes in 10000 events"));
        }

        private static void Round(SocketIoServer io, int session, byte[] post, byte[] body, ref long now)
        {
            io.Post(session, post, 0, post.Length, now);
            now += 10;
            io.Tick(now);
            io.BeginPoll(session);
            io.TakePoll(session, body, 0, body.Length);
        }

        private static void WsRound(SocketIoServer io, int session, byte[] header, byte[] data, byte[] frame)
        {
            io.ReceiveWebSocketText(session, header, 0, header.Length, 0);
            io.ReceiveWebSocketBinary(session, data, 0, data.Length);
            while (io.NextWebSocketMessage(session, frame, 0, frame.Length, out _) >= 0)
            {
            }
        }

        private static long Measure(SocketIoOptions options, int namespaces)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            SocketIoServer io = new SocketIoServer(options, new CountingRandom());
            for (int i = 1; i < namespaces; i++)
            {
                io.Of("/n" + i);
            }

            long measured = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(io);
            return measured;
        }
    }
}
