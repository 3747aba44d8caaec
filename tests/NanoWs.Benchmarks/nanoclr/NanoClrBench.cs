using System;
using NanoWs;
using NanoWs.Tests;

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
        // Many short rounds rather than a few long ones: on a busy machine a round of a few
        // milliseconds often runs without the process being descheduled, so the fastest round of
        // each kind is the runtime's own cost and not the neighbours' load.
        private const int Rounds = 151;
        private const int BytesPerRound = 8 * 1024;

        private static readonly byte[] Request = Ascii(
            "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        // The work of one figure, set up once before its rounds.
        private static byte[] s_payload;
        private static byte[] s_scratch; // what the XOR loop works on: the payload stays as built
        private static byte[] s_mask;
        private static char[] s_chars;
        private static string s_text;
        private static byte[] s_frame;
        private static WebSocketConnection s_connection;

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

        // Cost per byte of one kind of work over the XOR loop's. Rounds alternate an XOR round and
        // a round of the work over the same payload size, so both see the same machine; each keeps
        // its fastest round (the one least disturbed by other processes), and the ratio is of the
        // two fastest.
        private static double BestRatio(int kind, int size)
        {
            double bestXor = double.MaxValue;
            double best = double.MaxValue;
            for (int r = 0; r < Rounds; r++)
            {
                Setup(0, size);
                double xor = Measure(0, size);
                Setup(kind, size);
                double v = Measure(kind, size);
                bestXor = xor < bestXor ? xor : bestXor;
                best = v < best ? v : best;
            }

            if (s_connection.State != WebSocketState.Open)
            {
                // The frames or sends were refused: the figure would not measure the work.
                throw new InvalidOperationException("the benchmark connection failed");
            }

            return best / bestXor;
        }

        // Nanoseconds per payload byte of one kind of work, the fastest of the rounds.
        private static double Best(int kind, int size)
        {
            double best = double.MaxValue;
            Setup(kind, size);
            for (int r = 0; r < Rounds; r++)
            {
                double v = Measure(kind, size);
                best = v < best ? v : best;
            }

            return best;
        }

        // Builds the payload, frame and open connection of one kind of work (not timed).
        private static void Setup(int kind, int size)
        {
            if (s_payload == null || s_payload.Length != size)
            {
                s_payload = new byte[size];
                s_scratch = new byte[size];
                s_chars = new char[size];
                for (int i = 0; i < size; i++)
                {
                    s_payload[i] = (byte)('a' + (i % 26));
                    s_chars[i] = (char)s_payload[i];
                }

                s_text = new string(s_chars);
                s_mask = new byte[] { 0x37, 0xFA, 0x21, 0x3D };
                s_frame = null;
                s_connection = null;
            }

            if (kind == 1 || kind == 2)
            {
                int b0 = kind == 2 ? 0x81 : 0x82;
                if (s_frame == null || s_frame[0] != b0)
                {
                    s_frame = MaskedFrame(b0, s_payload, s_mask);
                }
            }

            if (kind != 0 && s_connection == null)
            {
                s_connection = OpenServer();
            }
        }

        // One timed round: nanoseconds per payload byte.
        private static double Measure(int kind, int size)
        {
            int iterations = BytesPerRound / size;
            byte[] payload = s_payload;
            byte[] scratch = s_scratch;
            byte[] mask = s_mask;
            byte[] frame = s_frame;
            char[] chars = s_chars;
            string text = s_text;
            WebSocketConnection c = s_connection;
            long start = DateTime.UtcNow.Ticks;
            for (int n = 0; n < iterations; n++)
            {
                switch (kind)
                {
                    case 0:
                        // The bare loop a receiver cannot do without: unmask every byte.
                        for (int i = 0; i < size; i++)
                        {
                            scratch[i] ^= mask[i & 3];
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
            return RawFrame.Build(b0, payload, mask);
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
