using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading;
using NanoWs.Net;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// <c>broadcast-server --port N --poll-ms N --max-connections N</c>: our side of the broadcast
    /// load (<see cref="BroadcastDriver"/>). A <see cref="WebSocketServer"/> at <c>/broadcast</c>
    /// with a 64 KiB send buffer per connection; a whole text message <c>broadcast M S</c> from any
    /// client makes a broadcaster thread send M text messages of S bytes to every open connection
    /// with <see cref="WebSocketServer.Broadcast"/>, in lockstep: message i+1 is stamped and
    /// broadcast once every connection's send buffer has room for it, so every client gets every
    /// message, in order, and at most 64 KiB waits per client (the same bound the Kestrel and Node
    /// peers use). Payload: <see cref="BroadcastPayload"/>. Stops when stdin closes or the driver
    /// kills it.
    /// </summary>
    public static class BroadcastServerMode
    {
        public const int SendBufferSize = 64 * 1024;

        public static int Run(string[] args)
        {
            WebSocketServerOptions options = ServerModeOptions.Parse(args, 128);
            options.WebSocketPath = "/broadcast";
            options.Connection = new WebSocketOptions
            {
                ReceiveBufferSize = 4096,
                SendBufferSize = SendBufferSize + 16,
                ReassembleMessages = true,
                MaxMessageSize = 256,
                PingIntervalMs = 0,
            };
            WebSocketServer server = new WebSocketServer(options);
            List<int> open = new List<int>();
            int running = 0;
            server.Opened += (s, id) =>
            {
                lock (open)
                {
                    open.Add(id);
                }
            };
            server.Closed += (s, id, code, reason, clean) =>
            {
                lock (open)
                {
                    open.Remove(id);
                }
            };
            server.MessageReceived += (s, m) =>
            {
                if (m.MessageType != WebSocketMessageType.Text || !BroadcastPayload.TryParseCommand(m.GetText(), out int count, out int size))
                {
                    return;
                }

                if (size > server.MaxFramePayload || Interlocked.CompareExchange(ref running, 1, 0) != 0)
                {
                    return;
                }

                int[] targets;
                lock (open)
                {
                    targets = open.ToArray();
                }

                Thread t = new Thread(() =>
                {
                    try
                    {
                        Broadcast(server, targets, count, size);
                    }
                    finally
                    {
                        Volatile.Write(ref running, 0);
                    }
                })
                { IsBackground = true, Name = "broadcaster" };
                t.Start();
            };
            server.Start();
            Console.WriteLine("listening on ws://127.0.0.1:" + server.LocalPort + "/");
            Console.In.ReadToEnd();
            server.Stop();
            return 0;
        }

        private static void Broadcast(WebSocketServer server, int[] targets, int count, int size)
        {
            byte[] message = new byte[size];
            for (int i = 0; i < count; i++)
            {
                // Lockstep: wait until every target can take the message now (a closed one drops out).
                SpinWait wait = default;
                while (!AllHaveRoom(server, targets, size))
                {
                    wait.SpinOnce();
                }

                BroadcastPayload.Fill(message, i, BroadcastPayload.NowNs());
                server.Broadcast(WebSocketMessageType.Text, message, 0, size);
            }
        }

        private static bool AllHaveRoom(WebSocketServer server, int[] targets, int size)
        {
            int limit = server.MaxFramePayload - size;
            foreach (int id in targets)
            {
                if (server.GetBufferedAmount(id) > limit && server.IsConnectionOpen(id))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The broadcast workload's wire format, shared by the driver and our server (the Kestrel and
    /// Node peers write the same): the command <c>broadcast M S</c>, and messages of S ASCII bytes,
    /// "<c>SEQ STAMP</c>" (10 and 19 digits) padded with spaces, STAMP being the server's
    /// CLOCK_MONOTONIC time in ns when it handed the message over (.NET's Stopwatch on Linux,
    /// Node's process.hrtime.bigint()), so the driver, on the same machine, reads the latency.
    /// </summary>
    public static class BroadcastPayload
    {
        public const int MinSize = 30;

        private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

        public static long NowNs() => Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() : (long)(Stopwatch.GetTimestamp() * NsPerTick);

        public static bool TryParseCommand(string text, out int count, out int size)
        {
            count = size = 0;
            string[] parts = text.Split(' ');
            return parts.Length == 3 && parts[0] == "broadcast"
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out count)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out size)
                && size >= MinSize;
        }

        public static void Fill(byte[] message, int seq, long stampNs)
        {
            PutDigits(message, 0, 10, seq);
            message[10] = (byte)' ';
            PutDigits(message, 11, 19, stampNs);
            for (int i = 30; i < message.Length; i++)
            {
                message[i] = (byte)' ';
            }
        }

        public static long ReadSeq(ReadOnlySpan<byte> message) => ReadDigits(message.Slice(0, 10));

        public static long ReadStamp(ReadOnlySpan<byte> message) => ReadDigits(message.Slice(11, 19));

        private static void PutDigits(byte[] buffer, int offset, int width, long value)
        {
            for (int i = offset + width - 1; i >= offset; i--)
            {
                buffer[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }

        private static long ReadDigits(ReadOnlySpan<byte> digits)
        {
            long v = 0;
            foreach (byte b in digits)
            {
                if (b < '0' || b > '9')
                {
                    throw new FormatException("not a broadcast message");
                }

                v = (v * 10) + (b - '0');
            }

            return v;
        }
    }
}
