using System;
using System.Collections.Generic;
using System.Text;
using CsCheck;
using NanoWs.Tests;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Property: any chunking of a valid client stream (text and binary messages of any size, split
    /// into random fragments with pings between them, ended by a close) yields exactly the events
    /// the stream describes, and the same pongs and close reply.
    /// </summary>
    public class ChunkingPropertyTests
    {
        private sealed class Message
        {
            public bool Text;
            public byte[] Payload;
            public int[] Cuts;
            public bool PingInside;
        }

        private static readonly Gen<Message> MessageGen = Gen.Select(
            Gen.Bool,
            Gen.String[0, 300],
            Gen.Byte.Array[0, 3000],
            Gen.Int[0, 3000].Array[0, 4],
            Gen.Bool,
            (text, s, bytes, cuts, ping) => new Message
            {
                Text = text,
                Payload = text ? Encoding.UTF8.GetBytes(s) : bytes,
                Cuts = cuts,
                PingInside = ping,
            });

        private static readonly Gen<(Message[] Messages, int[] Chunks, uint MaskSeed)> StreamGen = Gen.Select(
            MessageGen.Array[1, 6],
            Gen.Int[1, 700].Array[1, 20],
            Gen.UInt);

        [Fact]
        public void Any_chunking_of_a_valid_stream_gives_the_same_events()
        {
            StreamGen.Sample(t =>
            {
                byte[] stream = Build(t.Messages, t.MaskSeed, out string expected, out int pings);

                Wire whole = Wire.OpenServer(new WebSocketOptions { MaxMessageSize = 0 });
                Assert.Equal(expected, whole.Feed(stream, 0));
                byte[] wholeSent = whole.TakeSent();

                Wire chunked = Wire.OpenServer(new WebSocketOptions { MaxMessageSize = 0, ReceiveBufferSize = 256 });
                string log = FeedChunks(chunked, stream, t.Chunks);
                Assert.Equal(expected, log);
                Assert.Equal(Bytes.ToHex(wholeSent), Bytes.ToHex(chunked.TakeSent()));
                Assert.Equal(WebSocketState.Closed, chunked.Connection.State);
            }, iter: 300);
        }

        [Fact]
        public void Reassembled_messages_match_streamed_ones_for_any_chunking()
        {
            StreamGen.Sample(t =>
            {
                byte[] stream = Build(t.Messages, t.MaskSeed, out string expected, out int pings);
                Wire wire = Wire.OpenServer(new WebSocketOptions { MaxMessageSize = 16384, ReassembleMessages = true, ReceiveBufferSize = 256 });
                Assert.Equal(expected, FeedChunks(wire, stream, t.Chunks));
                Assert.Equal(t.Messages.Length, wire.Slices);
            }, iter: 200);
        }

        private static string FeedChunks(Wire wire, byte[] stream, int[] chunks)
        {
            string log = string.Empty;
            int offset = 0;
            int k = 0;
            while (offset < stream.Length)
            {
                int size = Math.Min(chunks[k++ % chunks.Length], stream.Length - offset);
                byte[] chunk = new byte[size];
                Array.Copy(stream, offset, chunk, 0, size);
                log += wire.Feed(chunk, 0);
                offset += size;
            }

            return log;
        }

        private static byte[] Build(Message[] messages, uint maskSeed, out string expected, out int pings)
        {
            var rng = new Random((int)maskSeed);
            var bytes = new List<byte>();
            expected = string.Empty;
            pings = 0;
            foreach (Message m in messages)
            {
                var cuts = new List<int>();
                foreach (int c in m.Cuts)
                {
                    if (c <= m.Payload.Length)
                    {
                        cuts.Add(c);
                    }
                }

                cuts.Sort();
                cuts.Add(m.Payload.Length);
                int start = 0;
                for (int i = 0; i < cuts.Count; i++)
                {
                    bool fin = i == cuts.Count - 1;
                    int opcode = i == 0 ? (m.Text ? 1 : 2) : 0;
                    byte[] part = new byte[cuts[i] - start];
                    Array.Copy(m.Payload, start, part, 0, part.Length);
                    bytes.AddRange(Wire.Frame((fin ? 0x80 : 0) | opcode, part, Mask(rng)));
                    start = cuts[i];
                    if (!fin && m.PingInside)
                    {
                        byte[] ping = { (byte)i, 0x55 };
                        bytes.AddRange(Wire.Frame(0x89, ping, Mask(rng)));
                        expected += "Ping:" + Bytes.ToHex(ping) + "|";
                        pings++;
                    }
                }

                expected += (m.Text ? "Text:" : "Binary:") + Bytes.ToHex(m.Payload) + "|";
            }

            bytes.AddRange(Wire.Frame(0x88, new byte[] { 0x03, 0xE8 }, Mask(rng)));
            expected += "Close:1000:|";
            return bytes.ToArray();
        }

        private static byte[] Mask(Random rng)
        {
            byte[] mask = new byte[4];
            rng.NextBytes(mask);
            return mask;
        }
    }
}
