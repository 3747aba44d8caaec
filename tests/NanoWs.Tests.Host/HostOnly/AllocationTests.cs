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

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                RoundTrip(server, text, sink);
                RoundTrip(server, binary, sink);
                RoundTrip(server, ping, sink);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
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
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                ClientRound(client, serverText, payload, sink);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
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

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                Assert.True(server.TrySendText(message));
                server.DrainTo(sink, 0, sink.Length);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
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
