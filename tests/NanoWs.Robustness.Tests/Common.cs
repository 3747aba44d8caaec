using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

// Soak figures are process-wide (GC.GetTotalMemory): tests of this project never run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// Sizes of the soak and storm runs. Short by default (part of tests/run-all.sh); long with the
    /// environment variable <c>NANOWS_SOAK=long</c> (what <c>bash tests/soak.sh --long</c> sets).
    /// Every figure can also be set on its own (<c>NANOWS_SOAK_CYCLES</c>, <c>NANOWS_SOAK_MESSAGES</c>,
    /// <c>NANOWS_SOAK_RECONNECTS</c>).
    /// </summary>
    public static class Soak
    {
        public static readonly bool Long = string.Equals(Environment.GetEnvironmentVariable("NANOWS_SOAK"), "long", StringComparison.OrdinalIgnoreCase);

        /// <summary>Connect/handshake/close cycles per server.</summary>
        public static readonly int Cycles = Get("NANOWS_SOAK_CYCLES", Long ? 10_000 : 1_000);

        /// <summary>Messages per server (each one answered: an echo or an ack).</summary>
        public static readonly int Messages = Get("NANOWS_SOAK_MESSAGES", Long ? 1_000_000 : 100_000);

        /// <summary>Concurrent clients of the message soak.</summary>
        public static readonly int Clients = Get("NANOWS_SOAK_CLIENTS", 64);

        /// <summary>Reconnects of the reconnect storm.</summary>
        public static readonly int Reconnects = Get("NANOWS_SOAK_RECONNECTS", Long ? 1_000 : 200);

        /// <summary>Memory samples per run (the first is taken before any traffic).</summary>
        public const int Periods = 10;

        /// <summary>
        /// Upper bound on any one soak run: a hang guard, not a performance requirement. A run that
        /// reaches it fails with what it had done so far.
        /// </summary>
        public static readonly TimeSpan Deadline = Long ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(3);

        /// <summary>Most managed-heap growth allowed from the second sample to the last.</summary>
        public const long MaxGrowthBytes = 1024 * 1024;

        public static string Mode => Long ? "long" : "short";

        private static int Get(string name, int fallback)
        {
            string value = Environment.GetEnvironmentVariable(name);
            return int.TryParse(value, out int n) && n > 0 ? n : fallback;
        }

        /// <summary>Writes a result line to the test output and, when NANOWS_SOAK_REPORT names a file, appends it there.</summary>
        public static void Report(ITestOutputHelper output, string line)
        {
            output?.WriteLine(line);
            string file = Environment.GetEnvironmentVariable("NANOWS_SOAK_REPORT");
            if (!string.IsNullOrEmpty(file))
            {
                lock (typeof(Soak))
                {
                    File.AppendAllText(file, line + Environment.NewLine);
                }
            }
        }
    }

    /// <summary>Samples the managed heap (after a full collection) and the bytes allocated so far.</summary>
    public sealed class MemorySampler
    {
        private readonly List<long> _heap = new List<long>();
        private readonly List<long> _allocated = new List<long>();

        public IReadOnlyList<long> Heap => _heap;

        public void Sample()
        {
            // Settle finalizers (closed sockets) so the figure is live data, not garbage awaiting them.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            _heap.Add(GC.GetTotalMemory(true));
            _allocated.Add(GC.GetTotalAllocatedBytes(true));
        }

        /// <summary>Growth from the second sample (after warm-up: JIT, pools, first buffers) to the last.</summary>
        public long Growth => _heap[_heap.Count - 1] - _heap[1];

        public string Describe()
        {
            return "heap KB [" + string.Join(", ", _heap.Select(h => (h / 1024).ToString())) + "]"
                + ", start " + (_heap[0] / 1024) + " KB, end " + (_heap[_heap.Count - 1] / 1024) + " KB"
                + ", growth from 2nd sample " + (Growth / 1024) + " KB"
                + ", allocated during run (whole process, clients included) " + ((_allocated[_allocated.Count - 1] - _allocated[0]) / 1024) + " KB";
        }

        public void AssertFlat(string what)
        {
            Assert.True(_heap.Count >= 3, "need at least three samples");
            Assert.True(Growth < Soak.MaxGrowthBytes, what + ": managed heap grew by " + Growth + " bytes (" + Describe() + ")");
        }
    }

    /// <summary>Counts a server's events without keeping a record per connection (a soak would grow it).</summary>
    public sealed class ServerCounters
    {
        public int Opened;
        public int Closed;
        public int Errors;
        public readonly ConcurrentDictionary<int, int> CloseCodes = new ConcurrentDictionary<int, int>();
        public readonly ConcurrentDictionary<string, int> ErrorKinds = new ConcurrentDictionary<string, int>();

        public void Attach(NanoWs.Net.WebSocketServer server)
        {
            server.Opened += (s, id) => Interlocked.Increment(ref Opened);
            server.Closed += (s, id, code, reason, clean) =>
            {
                CloseCodes.AddOrUpdate(code, 1, (_, n) => n + 1);
                Interlocked.Increment(ref Closed);
            };
            server.Error += (s, id, message) =>
            {
                // Keep the kind, not the connection: "socket error 104", "opening handshake timed out"…
                ErrorKinds.AddOrUpdate(message.Length > 60 ? message.Substring(0, 60) : message, 1, (_, n) => n + 1);
                Interlocked.Increment(ref Errors);
            };
        }

        public string Codes => string.Join(", ", CloseCodes.OrderBy(p => p.Key).Select(p => p.Key + "×" + p.Value));

        public string Kinds => string.Join(" | ", ErrorKinds.OrderBy(p => p.Key).Select(p => p.Key + " ×" + p.Value));
    }

    /// <summary>Soak payloads: a header with the client, the sequence number and the length, random bytes, and a checksum.</summary>
    public static class Payload
    {
        // Layout: "NW" | client u16 | seq u32 | length u32 | body | FNV-1a 32 of everything before.
        public const int Overhead = 2 + 2 + 4 + 4 + 4;

        public static int SizeFor(Random random)
        {
            // Mostly small messages, now and then one larger than the server's buffers (streamed and
            // fragmented by the echo), so both paths soak.
            return random.Next(64) == 0 ? 4096 + random.Next(12 * 1024) : Overhead + random.Next(600);
        }

        public static byte[] Make(int client, int seq, int length, Random random)
        {
            if (length < Overhead)
            {
                length = Overhead;
            }

            byte[] data = new byte[length];
            data[0] = (byte)'N';
            data[1] = (byte)'W';
            WriteU16(data, 2, client);
            WriteU32(data, 4, (uint)seq);
            WriteU32(data, 8, (uint)length);
            random.NextBytes(data.AsSpan(12, length - Overhead));
            WriteU32(data, length - 4, Fnv(data, 0, length - 4));
            return data;
        }

        /// <summary>Null when the payload is intact and is message <paramref name="seq"/> of <paramref name="client"/>; else what is wrong.</summary>
        public static string Check(byte[] data, int count, int client, int seq)
        {
            if (count < Overhead || data[0] != (byte)'N' || data[1] != (byte)'W')
            {
                return "not a soak payload (" + count + " bytes)";
            }

            if (ReadU32(data, 8) != (uint)count)
            {
                return "length " + count + " but header says " + ReadU32(data, 8);
            }

            if (ReadU32(data, count - 4) != Fnv(data, 0, count - 4))
            {
                return "checksum mismatch in message " + ReadU32(data, 4);
            }

            if (ReadU16(data, 2) != client || ReadU32(data, 4) != (uint)seq)
            {
                return "expected message " + seq + " of client " + client + ", got " + ReadU32(data, 4) + " of client " + ReadU16(data, 2);
            }

            return null;
        }

        public static uint Fnv(byte[] data, int offset, int count)
        {
            uint h = 2166136261;
            for (int i = offset; i < offset + count; i++)
            {
                h = (h ^ data[i]) * 16777619;
            }

            return h;
        }

        public static uint Fnv(string text) => Fnv(Encoding.ASCII.GetBytes(text), 0, text.Length);

        private static void WriteU16(byte[] b, int o, int v)
        {
            b[o] = (byte)(v >> 8);
            b[o + 1] = (byte)v;
        }

        private static void WriteU32(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24);
            b[o + 1] = (byte)(v >> 16);
            b[o + 2] = (byte)(v >> 8);
            b[o + 3] = (byte)v;
        }

        private static int ReadU16(byte[] b, int o) => (b[o] << 8) | b[o + 1];

        private static uint ReadU32(byte[] b, int o) => ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3];
    }

    /// <summary>One raw HTTP exchange: writes bytes, reads the response until the server closes.</summary>
    public sealed class HttpProbe
    {
        public int Status;
        public string Head = string.Empty;
        public string Body = string.Empty;
        public bool Reset;

        public string Header(string name)
        {
            foreach (string line in Head.Split("\r\n"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && string.Equals(line.Substring(0, colon), name, StringComparison.OrdinalIgnoreCase))
                {
                    return line.Substring(colon + 1).Trim();
                }
            }

            return null;
        }

        public override string ToString() => Status + " " + Head.Split("\r\n")[0] + " / " + Body;

        public static HttpProbe Send(int port, string request) => Send(port, Encoding.Latin1.GetBytes(request));

        public static HttpProbe Send(int port, byte[] request)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.ReceiveTimeout = (int)NanoWs.Tests.ServerHarness.Patience.TotalMilliseconds;
            socket.Connect(IPAddress.Loopback, port);
            socket.Send(request);
            return Read(socket);
        }

        public static HttpProbe Read(Socket socket)
        {
            var probe = new HttpProbe();
            var received = new MemoryStream();
            var buffer = new byte[8192];
            try
            {
                while (true)
                {
                    int n = socket.Receive(buffer);
                    if (n <= 0)
                    {
                        break;
                    }

                    received.Write(buffer, 0, n);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                probe.Reset = true;
            }

            string text = Encoding.Latin1.GetString(received.ToArray());
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            probe.Head = end < 0 ? text : text.Substring(0, end + 4);
            probe.Body = end < 0 ? string.Empty : text.Substring(end + 4);
            string[] first = probe.Head.Split(' ');
            probe.Status = first.Length > 1 && first[0].StartsWith("HTTP/", StringComparison.Ordinal) && int.TryParse(first[1], out int s) ? s : 0;
            return probe;
        }
    }
}
