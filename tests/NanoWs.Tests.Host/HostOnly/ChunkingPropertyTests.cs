using System;
using System.Collections.Generic;
using System.Text;
using CsCheck;
using NanoWs.Tests;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Properties of torn input, on both sides of a connection (a server reading masked client
    /// frames, a client reading unmasked server frames):
    /// any chunking of a valid stream (text and binary messages of any size, split into random
    /// fragments with pings between them, ended by a close) yields exactly the events the stream
    /// describes and the same pongs and close reply; and any chunking of an invalid stream (valid
    /// messages, then one violation of RFC 6455, then more frames) yields the same events, the
    /// same failure code (1002 or 1007) and the same close frame bytes, and nothing after the
    /// violation.
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

        /// <summary>One way to break RFC 6455: the frames that do it, the events due before the failure, and the code.</summary>
        private sealed class Violation
        {
            public string Name;
            public int Code;
            public Func<Framer, byte[]> Frames;
            public string EventsBefore = string.Empty;

            public override string ToString() => Name;
        }

        /// <summary>Builds frames as the peer of a server (masked, keys from a seeded generator) or of a client (unmasked) sends them.</summary>
        private sealed class Framer
        {
            private readonly Random _rng;

            public Framer(bool server, uint seed)
            {
                Server = server;
                _rng = new Random((int)seed);
            }

            /// <summary>True when the frames go to a server (the peer is a client and masks).</summary>
            public bool Server { get; }

            public byte[] Frame(int b0, byte[] payload) => Wire.Frame(b0, payload, Server ? Key() : null);

            /// <summary>A frame with the mask bit the wrong way round for this direction (RFC 6455 §5.1).</summary>
            public byte[] WrongMask(int b0, byte[] payload) => Wire.Frame(b0, payload, Server ? null : Key());

            /// <summary>A frame whose 5-byte payload length is written in the 16-bit form (RFC 6455 §5.2: minimal length required).</summary>
            public byte[] NonMinimalLength(int b0, byte[] payload)
            {
                byte[] minimal = Frame(b0, payload);
                var bytes = new List<byte> { minimal[0], (byte)((minimal[1] & 0x80) | 126), 0, (byte)payload.Length };
                for (int i = 2; i < minimal.Length; i++)
                {
                    bytes.Add(minimal[i]);
                }

                return bytes.ToArray();
            }

            private byte[] Key()
            {
                byte[] mask = new byte[4];
                _rng.NextBytes(mask);
                return mask;
            }
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

        private static readonly Violation[] Violations =
        {
            new Violation { Name = "RSV1 on a text frame", Code = 1002, Frames = f => f.Frame(0xC1, Ascii("hi")) },
            new Violation { Name = "reserved data opcode 3", Code = 1002, Frames = f => f.Frame(0x83, Ascii("hi")) },
            new Violation { Name = "reserved control opcode 11", Code = 1002, Frames = f => f.Frame(0x8B, new byte[0]) },
            new Violation { Name = "ping of 126 bytes", Code = 1002, Frames = f => f.Frame(0x89, Wire.Payload(126)) },
            new Violation { Name = "fragmented ping", Code = 1002, Frames = f => Wire.Concat(f.Frame(0x09, Ascii("a")), f.Frame(0x80, Ascii("b"))) },
            new Violation { Name = "continuation with no message started", Code = 1002, Frames = f => f.Frame(0x80, Ascii("x")) },
            new Violation { Name = "text frame inside a fragmented message", Code = 1002, Frames = f => Wire.Concat(f.Frame(0x01, Ascii("a")), f.Frame(0x81, Ascii("b"))) },
            new Violation { Name = "wrong mask bit", Code = 1002, Frames = f => f.WrongMask(0x81, Ascii("hi")) },
            new Violation { Name = "16-bit length for a 5-byte payload", Code = 1002, Frames = f => f.NonMinimalLength(0x82, Wire.Payload(5)) },
            new Violation { Name = "close with a 1-byte payload", Code = 1002, Frames = f => f.Frame(0x88, new byte[] { 0x03 }) },
            new Violation { Name = "close code 1005 on the wire", Code = 1002, Frames = f => f.Frame(0x88, new byte[] { 0x03, 0xED }) },
            new Violation { Name = "close code 2999", Code = 1002, Frames = f => f.Frame(0x88, new byte[] { 0x0B, 0xB7 }) },
            new Violation { Name = "close reason not UTF-8", Code = 1007, Frames = f => f.Frame(0x88, new byte[] { 0x03, 0xE8, 0x41, 0xFF }) },
            new Violation { Name = "surrogate in a text frame", Code = 1007, Frames = f => f.Frame(0x81, Bytes.FromHex("CEBAEDA08065")) },
            new Violation { Name = "text ending inside a 4-byte sequence", Code = 1007, Frames = f => f.Frame(0x81, Bytes.FromHex("41F09F")) },
            new Violation
            {
                // Fail fast: F4 90 is already invalid (above U+10FFFF); the ping before it is answered.
                Name = "F4 90 split across fragments, a ping between",
                Code = 1007,
                Frames = f => Wire.Concat(f.Frame(0x01, Bytes.FromHex("41F4")), f.Frame(0x89, Ascii("p")), f.Frame(0x80, Bytes.FromHex("908080"))),
                EventsBefore = "Ping:70|",
            },
        };

        private static readonly Gen<(Message[] Messages, int ViolationIndex, int[] Chunks, uint MaskSeed)> InvalidStreamGen = Gen.Select(
            MessageGen.Array[0, 3],
            Gen.Int[0, Violations.Length - 1],
            Gen.Int[1, 700].Array[1, 20],
            Gen.UInt);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Any_chunking_of_a_valid_stream_gives_the_same_events(bool server)
        {
            StreamGen.Sample(t =>
            {
                var framer = new Framer(server, t.MaskSeed);
                byte[] stream = Wire.Concat(Build(t.Messages, framer, out string expected), framer.Frame(0x88, new byte[] { 0x03, 0xE8 }));
                expected += "Close:1000:|";

                Wire whole = Open(server, new WebSocketOptions { MaxMessageSize = 0 });
                Assert.Equal(expected, whole.Feed(stream, 0));
                byte[] wholeSent = whole.TakeSent();

                Wire chunked = Open(server, new WebSocketOptions { MaxMessageSize = 0, ReceiveBufferSize = 256 });
                string log = FeedChunks(chunked, stream, t.Chunks);
                Assert.Equal(expected, log);
                Assert.Equal(Bytes.ToHex(wholeSent), Bytes.ToHex(chunked.TakeSent()));
                Assert.Equal(WebSocketState.Closed, chunked.Connection.State);
            }, iter: 300);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Reassembled_messages_match_streamed_ones_for_any_chunking(bool server)
        {
            StreamGen.Sample(t =>
            {
                var framer = new Framer(server, t.MaskSeed);
                byte[] stream = Wire.Concat(Build(t.Messages, framer, out string expected), framer.Frame(0x88, new byte[] { 0x03, 0xE8 }));
                expected += "Close:1000:|";
                Wire wire = Open(server, new WebSocketOptions { MaxMessageSize = 16384, ReassembleMessages = true, ReceiveBufferSize = 256 });
                Assert.Equal(expected, FeedChunks(wire, stream, t.Chunks));
                Assert.Equal(t.Messages.Length, wire.Slices);
            }, iter: 200);
        }

        /// <summary>
        /// Valid messages, one violation, then a text message and a close that must be ignored: fed
        /// whole and in any chunks, the events are the messages (and the pongs due), then the failure
        /// with the violation's code; the bytes sent are the same, ending with a close frame that
        /// carries that code; the connection is closed.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Any_chunking_of_an_invalid_stream_fails_the_same_way(bool server)
        {
            var seen = new HashSet<string>();
            InvalidStreamGen.Sample(t =>
            {
                Violation v = Violations[t.ViolationIndex];
                var framer = new Framer(server, t.MaskSeed);
                byte[] valid = Build(t.Messages, framer, out string expected);
                byte[] after = Wire.Concat(framer.Frame(0x81, Ascii("after")), framer.Frame(0x88, new byte[] { 0x03, 0xE8 }));
                byte[] stream = Wire.Concat(valid, v.Frames(framer), after);
                expected += v.EventsBefore + "Error:" + v.Code + "|";

                Wire whole = Open(server, new WebSocketOptions { MaxMessageSize = 0 });
                Assert.Equal(expected, whole.Feed(stream, 0));
                byte[] wholeSent = whole.TakeSent();
                Assert.EndsWith(Bytes.ToHex(CloseFrame(server, v.Code)), Bytes.ToHex(wholeSent));

                Wire chunked = Open(server, new WebSocketOptions { MaxMessageSize = 0, ReceiveBufferSize = 256 });
                Assert.Equal(expected, FeedChunks(chunked, stream, t.Chunks));
                Assert.Equal(Bytes.ToHex(wholeSent), Bytes.ToHex(chunked.TakeSent()));
                Assert.Equal(v.Code, chunked.Connection.CloseCode);
                Assert.Equal(WebSocketState.Closed, chunked.Connection.State);
                lock (seen)
                {
                    seen.Add(v.Name);
                }
            }, iter: 300);

            Assert.Equal(Violations.Length, seen.Count);
        }

        private static Wire Open(bool server, WebSocketOptions options)
        {
            // A fixed masking key keeps a client's pongs and close frame the same in every run.
            options.Random = PatternRandomSource.Rfc();
            return Wire.Open(server, options);
        }

        /// <summary>The close frame the connection sends on failing with <paramref name="code"/>: masked with 37 FA 21 3D by a client.</summary>
        private static byte[] CloseFrame(bool server, int code) =>
            Wire.Frame(0x88, new byte[] { (byte)(code >> 8), (byte)code }, server ? null : new byte[] { 0x37, 0xFA, 0x21, 0x3D });

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

        /// <summary>The messages as frames (fragmented at their cuts, a ping inside when asked), and the events they must give.</summary>
        private static byte[] Build(Message[] messages, Framer framer, out string expected)
        {
            var bytes = new List<byte>();
            expected = string.Empty;
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
                    bytes.AddRange(framer.Frame((fin ? 0x80 : 0) | opcode, part));
                    start = cuts[i];
                    if (!fin && m.PingInside)
                    {
                        byte[] ping = { (byte)i, 0x55 };
                        bytes.AddRange(framer.Frame(0x89, ping));
                        expected += "Ping:" + Bytes.ToHex(ping) + "|";
                    }
                }

                expected += (m.Text ? "Text:" : "Binary:") + Bytes.ToHex(m.Payload) + "|";
            }

            return bytes.ToArray();
        }

        private static byte[] Ascii(string text) => Bytes.Ascii(text);
    }
}
