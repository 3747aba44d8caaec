using System;
using System.Collections.Generic;

namespace NanoWs.Conformance
{
    public static partial class Catalogue
    {
        // 9: limits and performance. Full sizes follow the public suite; reduced sizes (CI) are a
        // sixteenth of the message sizes and a tenth of the round trips, with the same shapes.
        private static IEnumerable<ServerCase> Limits(bool full)
        {
            int scale = full ? 1 : 16;
            int[] messageSizes = { 64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20 };
            int fragmentedTotal = (4 << 20) / scale;
            int[] fragmentSizes = { 64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20 };
            int chunkedTotal = (1 << 20) / (full ? 1 : 8);
            int[] chunkSizes = { 64, 128, 256, 512, 1024, 2048 };
            int roundTrips = full ? 1000 : 100;
            int[] roundTripSizes = { 0, 16, 64, 256, 1024, 4096 };

            int group = 0;
            foreach (int opcode in new[] { Frames.Text, Frames.Binary })
            {
                string name = Frames.Name(opcode);
                int n = 0;
                group++;
                foreach (int fullSize in messageSizes)
                {
                    int size = fullSize / scale;
                    yield return Case("9." + group + "." + ++n, name + " message of " + Size(size), p =>
                    {
                        byte[] data = Data(opcode, size, size);
                        p.WaitMs = WaitFor(size);
                        p.Frame(opcode, data);
                        p.Ok(Probe.Msg(opcode, data)).ClosesCleanly();
                    });
                }
            }

            foreach (int opcode in new[] { Frames.Text, Frames.Binary })
            {
                string name = Frames.Name(opcode);
                int n = 0;
                group++;
                foreach (int fragment in fragmentSizes)
                {
                    int size = Math.Min(fragment, fragmentedTotal);
                    yield return Case("9." + group + "." + ++n, name + " message of " + Size(fragmentedTotal) + " in fragments of " + Size(size), p =>
                    {
                        byte[] data = Data(opcode, fragmentedTotal, 3);
                        p.WaitMs = WaitFor(fragmentedTotal);
                        SendFragments(p, opcode, data, size);
                        p.Ok(Probe.Msg(opcode, data)).ClosesCleanly();
                    });
                }
            }

            foreach (int opcode in new[] { Frames.Text, Frames.Binary })
            {
                string name = Frames.Name(opcode);
                int n = 0;
                group++;
                foreach (int chunk in chunkSizes)
                {
                    yield return Case("9." + group + "." + ++n, name + " message of " + Size(chunkedTotal) + " written in TCP chunks of " + chunk + " bytes", p =>
                    {
                        byte[] data = Data(opcode, chunkedTotal, 4);
                        p.WaitMs = WaitFor(chunkedTotal);
                        p.Frame(opcode, data, chunk: chunk);
                        p.Ok(Probe.Msg(opcode, data)).ClosesCleanly();
                    });
                }
            }

            foreach (int opcode in new[] { Frames.Text, Frames.Binary })
            {
                string name = Frames.Name(opcode);
                int n = 0;
                group++;
                foreach (int size in roundTripSizes)
                {
                    yield return Case("9." + group + "." + ++n, roundTrips + " round trips of " + name + " messages of " + size + " bytes", p =>
                    {
                        byte[] data = Data(opcode, size, 5);
                        for (int i = 0; i < roundTrips; i++)
                        {
                            p.Frame(opcode, data);
                            if (!p.WaitEvents(i + 1, 5000) || p.Wire.DataEvents.Count != i + 1)
                            {
                                p.Notes.Add("round trip " + (i + 1) + " got no single echo");
                                break;
                            }
                        }

                        var expected = new WireEvent[roundTrips];
                        Array.Fill(expected, Probe.Msg(opcode, data));
                        p.Ok(expected).ClosesCleanly();
                    });
                }
            }
        }

        private static byte[] Data(int opcode, int size, int seed) =>
            opcode == Frames.Text ? Frames.MixedText(size, seed) : Frames.Pattern(size, seed);

        /// <summary>Patience for a message of <paramref name="size"/> bytes: generous, only there to end a stuck case.</summary>
        private static int WaitFor(int size) => 5000 + (int)(size / (1 << 20) * 2000L);

        private static string Size(int bytes) =>
            bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
            : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? bytes / (1 << 10) + " KiB"
            : bytes + " bytes";
    }
}
