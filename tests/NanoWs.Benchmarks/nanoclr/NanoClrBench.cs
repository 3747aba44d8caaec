using System;
using NanoWs;

namespace NanoWs.Benchmarks.NanoClr
{
    /// <summary>
    /// Figures measured on the genuine nanoCLR (run by run.sh beside this file): the cost per
    /// payload byte of receiving and sending, as a ratio to a bare XOR loop over the same number
    /// of bytes measured in the same process, and the managed heap one default server and client
    /// connection takes (free bytes reported by GC.Run(false) before and after creating them).
    /// Prints one "name value" line per figure for run.sh to collect.
    /// </summary>
    public static class Program
    {
        private const int Rounds = 9;
        private const int BytesPerRun = 1024 * 1024;

        private static readonly byte[] Request = Ascii(
            "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        /// <summary>Runs every measurement once and prints the figures.</summary>
        public static void Main()
        {
            Heap();
            Console.WriteLine("estimate_bytes " + WebSocketConnection.EstimateBytes(null).ToString());

            Print("xor_ns_per_byte", Best(0, 1024));
            Print("receive_binary_125", BestRatio(1, 125));
            Print("receive_binary_1024", BestRatio(1, 1024));
            Print("receive_text_125", BestRatio(2, 125));
            Print("receive_text_1024", BestRatio(2, 1024));
            Print("send_binary_125", BestRatio(3, 125));
            Print("send_text_125", BestRatio(4, 125));
            Print("send_text_string_125", BestRatio(5, 125));
            Console.WriteLine("done");
        }

        private static void Heap()
        {
            const int count = 4;
            WebSocketOptions options = new WebSocketOptions();
            WebSocketConnection[] keep = new WebSocketConnection[count];
            for (int side = 0; side < 2; side++)
            {
                // A first connection warms up whatever the runtime creates once (types, statics).
                keep[0] = side == 0 ? WebSocketConnection.CreateServer(options) : WebSocketConnection.CreateClient(options);
                keep[0] = null;
                uint before = nanoFramework.Runtime.Native.GC.Run(false);
                for (int i = 0; i < count; i++)
                {
                    keep[i] = side == 0 ? WebSocketConnection.CreateServer(options) : WebSocketConnection.CreateClient(options);
                }

                uint after = nanoFramework.Runtime.Native.GC.Run(false);
                Console.WriteLine((side == 0 ? "heap_server " : "heap_client ") + ((before - after) / count).ToString());
                for (int i = 0; i < count; i++)
                {
                    keep[i] = null;
                }
            }
        }

        // Cost per byte of one kind of work over the XOR loop's. Rounds alternate an XOR run and a
        // run of the work, so both see the same machine; each keeps its fastest round (the one
        // least disturbed by other processes), and the ratio is of the two fastest.
        private static double BestRatio(int kind, int size)
        {
            double bestXor = double.MaxValue;
            double best = double.MaxValue;
            for (int r = 0; r < Rounds; r++)
            {
                double xor = Measure(0, size);
                double v = Measure(kind, size);
                bestXor = xor < bestXor ? xor : bestXor;
                best = v < best ? v : best;
            }

            return best / bestXor;
        }

        // Nanoseconds per payload byte of one kind of work, the best of a few rounds.
        private static double Best(int kind, int size)
        {
            double best = double.MaxValue;
            for (int r = 0; r < Rounds; r++)
            {
                double v = Measure(kind, size);
                if (v < best)
                {
                    best = v;
                }
            }

            return best;
        }

        private static double Measure(int kind, int size)
        {
            int iterations = BytesPerRun / size;
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++)
            {
                payload[i] = (byte)('a' + (i % 26));
            }

            char[] chars = new char[size];
            for (int i = 0; i < size; i++)
            {
                chars[i] = (char)payload[i];
            }

            string text = new string(chars);
            byte[] mask = new byte[] { 0x37, 0xFA, 0x21, 0x3D };
            byte[] frame = kind == 1 || kind == 2 ? MaskedFrame(kind == 2 ? 0x81 : 0x82, payload, mask) : null;
            WebSocketConnection c = kind == 0 ? null : OpenServer();
            long start = DateTime.UtcNow.Ticks;
            for (int n = 0; n < iterations; n++)
            {
                switch (kind)
                {
                    case 0:
                        // The bare loop a receiver cannot do without: unmask every byte.
                        for (int i = 0; i < size; i++)
                        {
                            payload[i] ^= mask[i & 3];
                        }

                        break;
                    case 1:
                    case 2:
                        Receive(c, frame);
                        break;
                    case 3:
                        c.TrySend(WebSocketMessageType.Binary, payload, 0, size, true);
                        c.ConsumeSent(c.SendCount);
                        break;
                    case 4:
                        c.TrySendText(chars, 0, size);
                        c.ConsumeSent(c.SendCount);
                        break;
                    default:
                        c.TrySendText(text);
                        c.ConsumeSent(c.SendCount);
                        break;
                }
            }

            long ticks = DateTime.UtcNow.Ticks - start;
            return ticks * 100.0 / ((double)iterations * size);
        }

        private static void Receive(WebSocketConnection c, byte[] frame)
        {
            int offset = 0;
            while (offset < frame.Length)
            {
                offset += c.Feed(frame, offset, frame.Length - offset);
                while (c.Next() != WebSocketEvent.None)
                {
                }
            }
        }

        private static WebSocketConnection OpenServer()
        {
            WebSocketConnection c = WebSocketConnection.CreateServer(new WebSocketOptions());
            c.Feed(Request, 0, Request.Length);
            if (c.Next() != WebSocketEvent.UpgradeRequest)
            {
                throw new InvalidOperationException("no upgrade request");
            }

            c.AcceptHandshake();
            c.ConsumeSent(c.SendCount);
            while (c.Next() != WebSocketEvent.None)
            {
            }

            return c;
        }

        private static byte[] MaskedFrame(int b0, byte[] payload, byte[] mask)
        {
            int n = payload.Length;
            int header = n < 126 ? 2 : 4;
            byte[] f = new byte[header + 4 + n];
            f[0] = (byte)b0;
            if (n < 126)
            {
                f[1] = (byte)(0x80 | n);
            }
            else
            {
                f[1] = 0x80 | 126;
                f[2] = (byte)(n >> 8);
                f[3] = (byte)n;
            }

            Array.Copy(mask, 0, f, header, 4);
            for (int i = 0; i < n; i++)
            {
                f[header + 4 + i] = (byte)(payload[i] ^ mask[i & 3]);
            }

            return f;
        }

        private static byte[] Ascii(string s)
        {
            char[] chars = s.ToCharArray();
            byte[] b = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                b[i] = (byte)chars[i];
            }

            return b;
        }

        private static void Print(string name, double value)
        {
            Console.WriteLine(name + " " + value.ToString("F2"));
        }
    }
}
