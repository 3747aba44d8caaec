using System;
using NanoWs.Tests;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// After a connection is open, receiving and sending messages allocates nothing: measured with
    /// GC.GetAllocatedBytesForCurrentThread around many round trips, after one warm-up round.
    /// </summary>
    public class AllocationTests
    {
        private readonly ITestOutputHelper _output;

        public AllocationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Server_receive_and_echo_allocate_nothing_per_message()
        {
            WebSocketConnection server = Wire.OpenServer(new WebSocketOptions()).Connection;
            byte[] text = Wire.Masked(0x81, Bytes.Ascii("{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true}"));
            byte[] binary = Wire.Masked(0x82, new byte[1000]);
            byte[] ping = Wire.Masked(0x89, Bytes.Ascii("keepalive"));
            byte[] sink = new byte[4096];

            RoundTrip(server, text, sink);
            RoundTrip(server, binary, sink);
            RoundTrip(server, ping, sink);

            long allocated = FewestBytesAllocated(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    RoundTrip(server, text, sink);
                    RoundTrip(server, binary, sink);
                    RoundTrip(server, ping, sink);
                }
            });
            _output.WriteLine("server: " + allocated + " bytes allocated over 3000 messages");
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Client_send_with_masking_and_receive_allocate_nothing_per_message()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new SystemRandomSource(1);
            WebSocketConnection client = Wire.OpenClient(options).Connection;
            byte[] serverText = Wire.Frame(0x81, Bytes.Ascii("{\"t\":\"state\",\"seq\":12,\"v\":{\"temp\":21.5}}"), null);
            byte[] payload = new byte[500];
            byte[] sink = new byte[4096];

            ClientRound(client, serverText, payload, sink);
            long allocated = FewestBytesAllocated(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    ClientRound(client, serverText, payload, sink);
                }
            });
            _output.WriteLine("client: " + allocated + " bytes allocated over 2000 messages");
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Sending_text_from_a_string_allocates_nothing()
        {
            WebSocketConnection server = Wire.OpenServer(new WebSocketOptions()).Connection;
            string message = "temperature 21.5 \u00B0C, humidity 40 %";
            byte[] sink = new byte[4096];
            server.TrySendText(message);
            server.DrainTo(sink, 0, sink.Length);

            long allocated = FewestBytesAllocated(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    server.TrySendText(message);
                    server.DrainTo(sink, 0, sink.Length);
                }
            });
            Assert.Equal(0, allocated);
        }

        /// <summary>
        /// Bytes allocated by the fewest-allocating of five runs of <paramref name="work"/>. A
        /// per-message allocation shows in every run; a one-off runtime allocation on this thread
        /// (tiered compilation swapping code in mid-loop) shows in one at most.
        /// </summary>
        private static long FewestBytesAllocated(Action work)
        {
            long fewest = long.MaxValue;
            for (int run = 0; run < 5; run++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                work();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return fewest;
        }

        private static void RoundTrip(WebSocketConnection c, byte[] frame, byte[] sink)
        {
            int offset = 0;
            while (offset < frame.Length)
            {
                offset += c.Feed(frame, offset, frame.Length - offset);
                WebSocketEvent ev;
                while ((ev = c.Next()) != WebSocketEvent.None)
                {
                    if (ev == WebSocketEvent.Data)
                    {
                        // Streaming echo: each slice goes back as a fragment.
                        c.TrySend(c.EventMessageType, c.EventBuffer, c.EventOffset, c.EventCount, c.EventIsFinal);
                    }

                    c.DrainTo(sink, 0, sink.Length);
                }
            }

            c.DrainTo(sink, 0, sink.Length);
        }

        private static void ClientRound(WebSocketConnection c, byte[] incoming, byte[] payload, byte[] sink)
        {
            c.Feed(incoming, 0, incoming.Length);
            while (c.Next() != WebSocketEvent.None)
            {
            }

            c.TrySend(WebSocketMessageType.Binary, payload, 0, payload.Length, true);
            c.DrainTo(sink, 0, sink.Length);
        }
    }
}
