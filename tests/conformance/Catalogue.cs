using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.Conformance
{
    /// <summary>
    /// The server-mode catalogue (CONFORMANCE.md), one partial file per group of sections. Case ids
    /// follow the catalogue's section numbers; within a section they are numbered in order.
    /// </summary>
    public static partial class Catalogue
    {
        /// <summary>Every server-mode case; <paramref name="full"/> selects section 9's full sizes.</summary>
        public static List<ServerCase> ServerCases(bool full)
        {
            var cases = new List<ServerCase>();
            cases.AddRange(Handshake());
            cases.AddRange(Framing());
            cases.AddRange(PingPong());
            cases.AddRange(ReservedBits());
            cases.AddRange(Opcodes());
            cases.AddRange(Fragmentation());
            cases.AddRange(Utf8());
            cases.AddRange(Close());
            cases.AddRange(Limits(full));
            cases.AddRange(Misc());
            return cases;
        }

        private static ServerCase Case(string id, string description, Action<Probe> run) =>
            new ServerCase { Id = id, Section = int.Parse(id.Split('.')[0]), Description = description, Run = run };

        private static readonly int[] FrameSizes = { 0, 125, 126, 127, 128, 65535, 65536 };

        // 1: framing
        private static IEnumerable<ServerCase> Framing()
        {
            int n = 0;
            foreach (int opcode in new[] { Frames.Text, Frames.Binary })
            {
                string name = Frames.Name(opcode);
                foreach (int size in FrameSizes)
                {
                    byte[] data = opcode == Frames.Text ? Frames.AsciiText(size) : Frames.Pattern(size, size);
                    yield return Case("1." + ++n, name + " message of " + size + " bytes", p =>
                    {
                        p.Frame(opcode, data);
                        p.Ok(Probe.Msg(opcode, data)).ClosesCleanly();
                    });
                }

                byte[] chunked = opcode == Frames.Text ? Frames.MixedText(65536, 7) : Frames.Pattern(65536, 7);
                yield return Case("1." + ++n, name + " message of 65536 bytes written in 997-byte TCP chunks", p =>
                {
                    p.Frame(opcode, chunked, chunk: 997);
                    p.Ok(Probe.Msg(opcode, chunked)).ClosesCleanly();
                });
            }
        }

        // 2: ping/pong
        private static IEnumerable<ServerCase> PingPong()
        {
            var pings = new (string What, byte[] Payload, int Chunk)[]
            {
                ("empty ping", Array.Empty<byte>(), 0),
                ("ping with text payload", Frames.Utf8("Hello, world!"), 0),
                ("ping with binary payload", new byte[] { 0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff }, 0),
                ("ping with 125-byte payload", Frames.Pattern(125, 2), 0),
            };
            int n = 0;
            foreach (var (what, payload, chunk) in pings)
            {
                yield return Case("2." + ++n, what + " gets its pong", p =>
                {
                    p.Ping(payload, chunk);
                    p.Ok(Probe.Pong(payload)).ClosesCleanly();
                });
            }

            yield return Case("2." + ++n, "ping with 126-byte payload fails the connection", p =>
            {
                p.Ping(Frames.Pattern(126, 3));
                p.Ok().Fails(1002);
            });
            byte[] big = Frames.Pattern(125, 4);
            yield return Case("2." + ++n, "125-byte ping written one byte at a time gets its pong", p =>
            {
                p.Ping(big, chunk: 1);
                p.Ok(Probe.Pong(big)).ClosesCleanly();
            });
            yield return Case("2." + ++n, "unsolicited empty pong gets no answer", p =>
            {
                p.Frame(Frames.Pong, Array.Empty<byte>());
                p.Ok().ClosesCleanly();
            });
            yield return Case("2." + ++n, "unsolicited pong with payload gets no answer", p =>
            {
                p.Frame(Frames.Pong, Frames.Utf8("unsolicited pong payload"));
                p.Ok().ClosesCleanly();
            });
            yield return Case("2." + ++n, "unsolicited pong, then ping: only the ping's pong", p =>
            {
                p.Frame(Frames.Pong, Frames.Utf8("unsolicited pong payload"));
                p.Ping(Frames.Utf8("ping payload"));
                p.Ok(Probe.Pong(Frames.Utf8("ping payload"))).ClosesCleanly();
            });
            foreach (int chunk in new[] { 0, 1 })
            {
                yield return Case("2." + ++n, "10 pings in a row get 10 pongs in order" + (chunk == 1 ? ", written byte by byte" : ""), p =>
                {
                    var expected = new List<WireEvent>();
                    for (int i = 0; i < 10; i++)
                    {
                        byte[] payload = Frames.Utf8("payload-" + i);
                        p.Ping(payload, chunk);
                        expected.Add(Probe.Pong(payload));
                    }

                    p.Ok(expected.ToArray()).ClosesCleanly();
                });
            }
        }

        // 3: reserved bits
        private static IEnumerable<ServerCase> ReservedBits()
        {
            byte[] hello = Frames.Utf8("Hello, world!");
            yield return Case("3.1", "text frame with RSV1 fails the connection", p =>
            {
                p.Frame(Frames.Text, hello, rsv: 4);
                p.Ok().Fails(1002);
            });
            int n = 1;
            foreach (var (rsv, chunk, how) in new[] { (2, 0, "in one write"), (6, -1, "frame by frame"), (5, 1, "byte by byte") })
            {
                yield return Case("3." + ++n, "text, then text with RSV " + rsv + ", then ping (" + how + "): first echoed, then failed", p =>
                {
                    byte[] all = Frames.Concat(p.Build(Frames.Text, hello), p.Build(Frames.Text, hello, rsv: rsv), p.Build(Frames.Ping, hello));
                    WriteHow(p, all, chunk, p.Build(Frames.Text, hello), p.Build(Frames.Text, hello, rsv: rsv), p.Build(Frames.Ping, hello));
                    p.Ok(Probe.TextMsg(hello)).NonStrict().Fails(1002);
                });
            }

            yield return Case("3.5", "binary frame with RSV 3 fails the connection", p =>
            {
                p.Frame(Frames.Binary, Frames.Pattern(8, 8), rsv: 3);
                p.Ok().Fails(1002);
            });
            yield return Case("3.6", "ping with RSV 7 fails the connection", p =>
            {
                p.Frame(Frames.Ping, hello, rsv: 7);
                p.Ok().Fails(1002);
            });
            yield return Case("3.7", "close with RSV 1 fails the connection", p =>
            {
                p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(1000), rsv: 4));
                p.Ok().Fails(1002);
            });
        }

        // 4: opcodes
        private static IEnumerable<ServerCase> Opcodes()
        {
            byte[] hello = Frames.Utf8("Hello, world!");
            int n = 0;
            foreach (int[] group in new[] { new[] { 3, 4, 5, 6, 7 }, new[] { 11, 12, 13, 14, 15 } })
            {
                for (int i = 0; i < group.Length; i++)
                {
                    int opcode = group[i];
                    int index = i;
                    string kind = opcode < 8 ? "data" : "control";
                    if (index < 2)
                    {
                        yield return Case("4." + ++n, "reserved " + kind + " opcode " + opcode + (index == 1 ? " with payload" : "") + " fails the connection", p =>
                        {
                            p.Frame(opcode, index == 1 ? hello : Array.Empty<byte>());
                            p.Ok().Fails(1002);
                        });
                        continue;
                    }

                    int chunk = index == 2 ? 0 : index == 3 ? -1 : 1;
                    yield return Case("4." + ++n, "text, reserved " + kind + " opcode " + opcode + ", ping (" + (chunk == 0 ? "one write" : chunk < 0 ? "frame by frame" : "byte by byte") + "): echo, then failed", p =>
                    {
                        byte[][] frames = { p.Build(Frames.Text, hello), p.Build(opcode, index == 2 ? Array.Empty<byte>() : hello), p.Build(Frames.Ping, hello) };
                        WriteHow(p, Frames.Concat(frames), chunk, frames);
                        p.Ok(Probe.TextMsg(hello)).NonStrict().Fails(1002);
                    });
                }
            }
        }

        /// <summary>Writes <paramref name="all"/> at once (chunk 0), <paramref name="frames"/> one write each (chunk -1), or in writes of <paramref name="chunk"/> bytes.</summary>
        private static void WriteHow(Probe p, byte[] all, int chunk, params byte[][] frames)
        {
            if (chunk == 0)
            {
                p.Wire.Write(all);
            }
            else if (chunk < 0)
            {
                foreach (byte[] frame in frames)
                {
                    p.Wire.Write(frame);
                    p.Pause(10);
                }
            }
            else
            {
                p.Wire.WriteChunked(all, chunk);
            }
        }

        // 10: misc
        private static IEnumerable<ServerCase> Misc()
        {
            byte[] text = Frames.MixedText(65536, 10);
            yield return Case("10.1", "64 KiB text sent in 1300-byte frames is echoed", p =>
            {
                SendFragments(p, Frames.Text, text, 1300);
                p.Ok(Probe.TextMsg(text)).ClosesCleanly();
            });
        }

        /// <summary>Sends <paramref name="data"/> as one message in frames of <paramref name="size"/> bytes (a text frame may end inside a character).</summary>
        internal static void SendFragments(Probe p, int opcode, byte[] data, int size)
        {
            int offset = 0;
            do
            {
                int count = Math.Min(size, data.Length - offset);
                bool fin = offset + count == data.Length;
                if (!p.Frame(offset == 0 ? opcode : Frames.Continuation, Frames.Slice(data, offset, count), fin))
                {
                    return;
                }

                offset += count;
            }
            while (offset < data.Length);
        }
    }
}
