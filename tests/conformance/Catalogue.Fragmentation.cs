using System.Collections.Generic;

namespace NanoWs.Conformance
{
    public static partial class Catalogue
    {
        private static readonly string[] WriteModes = { "in one write", "frame by frame", "byte by byte" };

        private static int ChunkOf(int mode) => mode == 0 ? 0 : mode == 1 ? -1 : 1;

        // 5: fragmentation
        private static IEnumerable<ServerCase> Fragmentation()
        {
            byte[] f1 = Frames.Utf8("fragment1");
            byte[] f2 = Frames.Utf8("fragment2");
            byte[] f3 = Frames.Utf8("fragment3");
            byte[] f4 = Frames.Utf8("fragment4");
            byte[] f5 = Frames.Utf8("fragment5");
            byte[] pingPayload = Frames.Utf8("ping payload");
            int n = 0;

            foreach (int control in new[] { Frames.Ping, Frames.Pong })
            {
                yield return Case("5." + ++n, Frames.Name(control) + " in two fragments fails the connection", p =>
                {
                    p.Frame(control, f1, fin: false);
                    p.Frame(Frames.Continuation, f2);
                    p.Ok().Fails(1002);
                });
            }

            for (int mode = 0; mode < 3; mode++)
            {
                int chunk = ChunkOf(mode);
                yield return Case("5." + ++n, "text in two fragments (" + WriteModes[mode] + ") is echoed", p =>
                {
                    byte[][] frames = { p.Build(Frames.Text, f1, fin: false), p.Build(Frames.Continuation, f2) };
                    WriteHow(p, Frames.Concat(frames), chunk, frames);
                    p.Ok(Probe.TextMsg(Frames.Concat(f1, f2))).ClosesCleanly();
                });
            }

            for (int mode = 0; mode < 3; mode++)
            {
                int chunk = ChunkOf(mode);
                yield return Case("5." + ++n, "text in two fragments with a ping between (" + WriteModes[mode] + "): pong first, then the echo", p =>
                {
                    byte[][] frames = { p.Build(Frames.Text, f1, fin: false), p.Build(Frames.Ping, pingPayload), p.Build(Frames.Continuation, f2) };
                    WriteHow(p, Frames.Concat(frames), chunk, frames);
                    p.Ok(Probe.Pong(pingPayload), Probe.TextMsg(Frames.Concat(f1, f2))).ClosesCleanly();
                });
            }

            foreach (bool fin in new[] { true, false })
            {
                for (int mode = 0; mode < 3; mode++)
                {
                    int chunk = ChunkOf(mode);
                    yield return Case("5." + ++n, "continuation (FIN " + (fin ? 1 : 0) + ") with no message started, then a text (" + WriteModes[mode] + ") fails", p =>
                    {
                        byte[][] frames = { p.Build(Frames.Continuation, f1, fin: fin), p.Build(Frames.Text, f2) };
                        WriteHow(p, Frames.Concat(frames), chunk, frames);
                        p.Ok().Fails(1002);
                    });
                }
            }

            yield return Case("5." + ++n, "text (FIN 0), continuation (FIN 1), continuation (FIN 0), text: first message echoed, then failed", p =>
            {
                p.Frame(Frames.Text, f1, fin: false);
                p.Frame(Frames.Continuation, f2);
                p.Frame(Frames.Continuation, f3, fin: false);
                p.Frame(Frames.Text, f4);
                p.Ok(Probe.TextMsg(Frames.Concat(f1, f2))).NonStrict().Fails(1002);
            });
            foreach (bool fin in new[] { false, true })
            {
                yield return Case("5." + ++n, "twice: continuation (FIN " + (fin ? 1 : 0) + "), continuation, text (FIN 0), continuation: fails", p =>
                {
                    for (int i = 0; i < 2; i++)
                    {
                        p.Frame(Frames.Continuation, f1, fin: fin);
                        p.Frame(Frames.Continuation, f2);
                        p.Frame(Frames.Text, f3, fin: false);
                        p.Frame(Frames.Continuation, f4);
                    }

                    p.Ok().Fails(1002);
                });
            }

            yield return Case("5." + ++n, "text (FIN 0), then another text frame starting a second message: fails", p =>
            {
                p.Frame(Frames.Text, f1, fin: false);
                p.Frame(Frames.Text, f2);
                p.Ok().Fails(1002);
            });

            // Five fragments, two pings and a 1-second pause in the middle; the pongs come first.
            foreach (int chunk in new[] { -1, 1 })
            {
                yield return Case("5." + ++n, "text in 5 fragments with 2 pings and a 1 s pause (" + (chunk < 0 ? "frame by frame" : "byte by byte") + "): pongs, then the echo", p =>
                {
                    byte[] ping1 = Frames.Utf8("pongme 1!");
                    byte[] ping2 = Frames.Utf8("pongme 2!");
                    WriteHow(p, Frames.Concat(p.Build(Frames.Text, f1, fin: false), p.Build(Frames.Continuation, f2, fin: false), p.Build(Frames.Ping, ping1)), chunk > 0 ? 1 : 0);
                    p.Pause(1000);
                    if (p.Wire.DataEvents.Count == 0)
                    {
                        p.Notes.Add("no pong within the 1 s pause");
                    }

                    WriteHow(p, Frames.Concat(p.Build(Frames.Continuation, f3, fin: false), p.Build(Frames.Continuation, f4, fin: false), p.Build(Frames.Ping, ping2), p.Build(Frames.Continuation, f5)), chunk > 0 ? 1 : 0);
                    p.Ok(Probe.Pong(ping1), Probe.Pong(ping2), Probe.TextMsg(Frames.Concat(f1, f2, f3, f4, f5))).ClosesCleanly();
                });
            }
        }

        // 7: close
        private static IEnumerable<ServerCase> Close()
        {
            byte[] hello = Frames.Utf8("Hello World!");
            yield return Case("7.1", "text then close: echo and a clean 1000", p =>
            {
                p.Text(hello);
                p.WaitEvents(1, 2000);
                p.Close(1000);
                p.Ok(Probe.TextMsg(hello)).ClosesCleanly();
            });
            yield return Case("7.2", "close, then a second close: ignored", p =>
            {
                p.Close(1000);
                p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(1000)), evenAfterClose: true);
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.3", "close, then a ping: no pong", p =>
            {
                p.Close(1000);
                p.Wire.Write(p.Build(Frames.Ping, hello), evenAfterClose: true);
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.4", "close, then a text: not echoed", p =>
            {
                p.Close(1000);
                p.Wire.Write(p.Build(Frames.Text, hello), evenAfterClose: true);
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.5", "text fragment, close, continuation: clean 1000, nothing echoed", p =>
            {
                p.Frame(Frames.Text, hello, fin: false);
                p.Close(1000);
                p.Wire.Write(p.Build(Frames.Continuation, hello), evenAfterClose: true);
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.6", "256 KiB binary, close, ping (informational)", p =>
            {
                byte[] big = Frames.Pattern(256 * 1024, 5);
                p.Binary(big);
                p.Close(1000);
                p.Wire.Write(p.Build(Frames.Ping, hello), evenAfterClose: true);
                p.Ok(Probe.BinaryMsg(big)).ClosesCleanly().Informational();
            });
            yield return Case("7.7", "empty close is answered cleanly", p =>
            {
                p.Wire.SendClose(System.Array.Empty<byte>());
                p.Ok().ClosesCleanly(1000, 1005);
            });
            yield return Case("7.8", "close with a 1-byte payload fails (1002)", p =>
            {
                p.Wire.Write(p.Build(Frames.Close, new byte[] { 0x03 }));
                p.Ok().Fails(1002);
            });
            yield return Case("7.9", "close 1000 without reason", p =>
            {
                p.Close(1000);
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.10", "close 1000 with a reason", p =>
            {
                p.Close(1000, "Hello World!");
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.11", "close 1000 with a 123-byte reason", p =>
            {
                p.Close(1000, new string('*', 123));
                p.Ok().ClosesCleanly();
            });
            yield return Case("7.12", "close with a 124-byte reason (125+1 byte control frame) fails", p =>
            {
                p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(1000, new string('*', 124))));
                p.Ok().Fails(1002);
            });
            yield return Case("7.13", "close reason that is not valid UTF-8 fails (1002 or 1007)", p =>
            {
                byte[] reason = { 0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64 };
                p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(1000, reason)));
                p.Ok().Fails(1002, 1007);
            });

            int n = 13;
            foreach (int code in new[] { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999 })
            {
                yield return Case("7." + ++n, "valid close code " + code + " is answered (1000 or " + code + ")", p =>
                {
                    p.Close(code);
                    p.Ok().ClosesCleanly(1000, code);
                });
            }

            foreach (int code in new[] { 0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999 })
            {
                yield return Case("7." + ++n, "invalid close code " + code + " fails (1002)", p =>
                {
                    p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(code)));
                    p.Ok().Fails(1002);
                });
            }

            foreach (int code in new[] { 5000, 65535 })
            {
                yield return Case("7." + ++n, "close code " + code + " (informational)", p =>
                {
                    p.Wire.Write(p.Build(Frames.Close, Frames.ClosePayload(code)));
                    p.Ok().Fails(1002).Informational();
                });
            }
        }
    }
}
