using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using NetMessageType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// Loopback load: N clients (.NET ClientWebSocket, the same for every server) each do a fixed
    /// number of echo round trips — send one text message, receive it whole, repeat — against our
    /// EchoServer, a Kestrel echo server and a Node ws echo server, one server process after the
    /// other. Reports round trips per second, p50/p99 round-trip latency, the server's CPU time
    /// and its peak RSS (VmHWM), then the ratios. Bounded: a fixed count per client and a time cap
    /// per phase; every server process is killed at the end of its turn.
    /// </summary>
    public static class LoadDriver
    {
        private sealed class Settings
        {
            public int Clients = 16;
            public int RoundTrips32 = 2000;
            public int RoundTrips1K = 1000;
            public int Warmup = 200;
            public TimeSpan Cap = TimeSpan.FromSeconds(30);
            public bool KestrelWorkstationGc;
            public int Rounds = 1;
            public List<string> Servers = new List<string> { "nanows", "kestrel", "node" };
        }

        private sealed class Result
        {
            public string Server;
            public int Size;
            public int Clients;
            public long RoundTrips;
            public double Seconds;
            public double P50Us;
            public double P99Us;
            public double CpuSeconds;
            public long PeakRssKiB;
            public bool Capped;

            public double PerSecond => RoundTrips / Seconds;
        }

        /// <summary>
        /// <c>load [--quick|--full] [--clients N] [--round-trips N] [--servers nanows,kestrel,node]
        /// [--kestrel-workstation-gc] [--with-poll1] [--rounds N]</c>. <c>--with-poll1</c> adds our echo server with
        /// PollIntervalMs 1 instead of 5 (an experiment showing the cost of the poll thread's idle wait).
        /// </summary>
        public static int Run(string[] args)
        {
            Settings s = new Settings();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--quick":
                        break;
                    case "--full":
                        s.RoundTrips32 = 20000;
                        s.RoundTrips1K = 10000;
                        s.Warmup = 1000;
                        s.Cap = TimeSpan.FromSeconds(120);
                        s.Rounds = 3;
                        break;
                    case "--rounds":
                        s.Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--clients":
                        s.Clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--round-trips":
                        s.RoundTrips32 = s.RoundTrips1K = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--servers":
                        s.Servers = args[++i].Split(',').ToList();
                        break;
                    case "--with-poll1":
                    s.Servers.Add("nanows-poll1");
                    break;
                case "--kestrel-workstation-gc":
                        s.KestrelWorkstationGc = true;
                        break;
                    default:
                        Console.Error.WriteLine("unknown load option " + args[i]);
                        return 2;
                }
            }

            string root = Repo.Root();
            // Rounds interleave the servers (A B C, A B C, ...) so that a burst of load from other
            // processes on a shared machine does not land on one server only; each figure is the
            // median over the rounds, peak RSS the largest.
            List<Result> all = new List<Result>();
            for (int round = 0; round < s.Rounds; round++)
            {
                foreach (string server in s.Servers)
                {
                    Console.Error.WriteLine("load: round " + (round + 1) + ", " + server + " ...");
                    using ServerProcess p = StartServer(server, root, s);
                    Result[] rs = RunAgainst(server, p, s).GetAwaiter().GetResult();
                    long peak = p.PeakRssKiB();
                    foreach (Result r in rs)
                    {
                        r.PeakRssKiB = peak;
                    }

                    all.AddRange(rs);
                }
            }

            List<Result> results = all
                .GroupBy(r => (r.Server, r.Size))
                .Select(g => new Result
                {
                    Server = g.Key.Server,
                    Size = g.Key.Size,
                    Clients = s.Clients,
                    RoundTrips = 1_000_000,
                    Seconds = 1_000_000 / Median(g.Select(r => r.PerSecond)),
                    P50Us = Median(g.Select(r => r.P50Us)),
                    P99Us = Median(g.Select(r => r.P99Us)),
                    CpuSeconds = Median(g.Select(r => r.CpuSeconds / r.RoundTrips)) * 1_000_000,
                    PeakRssKiB = g.Max(r => r.PeakRssKiB),
                    Capped = g.Any(r => r.Capped),
                })
                .ToList();
            Print(results, s);
            return 0;
        }

        private static ServerProcess StartServer(string server, string root, Settings s)
        {
            Dictionary<string, string> env = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            switch (server)
            {
                case "nanows":
                    return ServerProcess.Start("dotnet", new[]
                    {
                        Path.Combine(root, "samples/EchoServer/bin/Release/net10.0/EchoServer.dll"),
                        "--port", "0", "--max-connections", (s.Clients + 4).ToString(CultureInfo.InvariantCulture),
                    }, env);
                case "nanows-poll1":
                    return ServerProcess.Start("dotnet", new[]
                    {
                        typeof(LoadDriver).Assembly.Location,
                        "echo-server", "--port", "0", "--poll-ms", "1",
                        "--max-connections", (s.Clients + 4).ToString(CultureInfo.InvariantCulture),
                    }, env);
                case "kestrel":
                    if (s.KestrelWorkstationGc)
                    {
                        env["DOTNET_gcServer"] = "0";
                    }

                    return ServerProcess.Start("dotnet", new[]
                    {
                        Path.Combine(root, "tests/NanoWs.Benchmarks.KestrelEcho/bin/Release/net10.0/NanoWs.Benchmarks.KestrelEcho.dll"),
                        "--port", "0",
                    }, env);
                case "node":
                    return ServerProcess.Start("node", new[]
                    {
                        Path.Combine(root, "tests/NanoWs.Benchmarks/node/ws-echo-bench.js"),
                    }, env);
                default:
                    throw new ArgumentException("unknown server " + server);
            }
        }

        private static async Task<Result[]> RunAgainst(string server, ServerProcess p, Settings s)
        {
            Uri uri = new Uri("ws://127.0.0.1:" + p.Port + "/");
            ClientWebSocket[] clients = new ClientWebSocket[s.Clients];
            for (int i = 0; i < clients.Length; i++)
            {
                clients[i] = new ClientWebSocket();
                clients[i].Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
                using CancellationTokenSource connectCts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await clients[i].ConnectAsync(uri, connectCts.Token);
            }

            try
            {
                Result[] results = new Result[2];
                int k = 0;
                foreach (int size in new[] { 32, 1024 })
                {
                    byte[] payload = Payload(size);
                    int count = size == 32 ? s.RoundTrips32 : s.RoundTrips1K;

                    // Warm-up (JIT, buffers, TCP windows), not measured.
                    await Phase(clients, payload, s.Warmup, s.Cap, null);
                    long[][] latencies = clients.Select(_ => new long[count]).ToArray();
                    TimeSpan cpuBefore = p.CpuTime();
                    Stopwatch wall = Stopwatch.StartNew();
                    bool capped = await Phase(clients, payload, count, s.Cap, latencies);
                    wall.Stop();
                    double cpu = (p.CpuTime() - cpuBefore).TotalSeconds;

                    long[] all = latencies.SelectMany(l => l.Where(x => x > 0)).OrderBy(x => x).ToArray();
                    results[k++] = new Result
                    {
                        Server = server,
                        Size = size,
                        Clients = s.Clients,
                        RoundTrips = all.Length,
                        Seconds = wall.Elapsed.TotalSeconds,
                        P50Us = TicksToUs(Percentile(all, 0.50)),
                        P99Us = TicksToUs(Percentile(all, 0.99)),
                        Capped = capped,
                        CpuSeconds = cpu,
                    };
                }

                return results;
            }
            finally
            {
                foreach (ClientWebSocket c in clients)
                {
                    try
                    {
                        using CancellationTokenSource closeCts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await c.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closeCts.Token);
                    }
                    catch (Exception)
                    {
                    }

                    c.Dispose();
                }
            }
        }

        /// <summary>Every client does <paramref name="count"/> round trips; returns true when the time cap cut it short.</summary>
        private static async Task<bool> Phase(ClientWebSocket[] clients, byte[] payload, int count, TimeSpan cap, long[][] latencies)
        {
            using CancellationTokenSource cts = new CancellationTokenSource(cap);
            Task[] tasks = new Task[clients.Length];
            for (int i = 0; i < clients.Length; i++)
            {
                int index = i;
                tasks[i] = Task.Run(() => ClientLoop(clients[index], payload, count, latencies?[index], cts.Token));
            }

            try
            {
                await Task.WhenAll(tasks);
                return false;
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        private static async Task ClientLoop(ClientWebSocket ws, byte[] payload, int count, long[] latencies, CancellationToken ct)
        {
            byte[] receive = new byte[payload.Length + 64];
            for (int n = 0; n < count; n++)
            {
                long start = Stopwatch.GetTimestamp();
                await ws.SendAsync(payload.AsMemory(), NetMessageType.Text, true, ct);
                int got = 0;
                while (true)
                {
                    ValueWebSocketReceiveResult r = await ws.ReceiveAsync(receive.AsMemory(got), ct);
                    if (r.MessageType == NetMessageType.Close)
                    {
                        throw new InvalidOperationException("server closed the connection");
                    }

                    got += r.Count;
                    if (r.EndOfMessage)
                    {
                        break;
                    }
                }

                if (got != payload.Length)
                {
                    throw new InvalidOperationException("echo of " + got + " bytes for " + payload.Length);
                }

                if (latencies != null)
                {
                    latencies[n] = Math.Max(1, Stopwatch.GetTimestamp() - start);
                }
            }
        }

        private static byte[] Payload(int size)
        {
            // Sensor JSON, ASCII, padded to the size.
            string json = "{\"ch\":\"temp\",\"v\":21.5,\"seq\":1234567}";
            char[] chars = new char[size];
            for (int i = 0; i < size; i++)
            {
                chars[i] = i < json.Length ? json[i] : ' ';
            }

            return System.Text.Encoding.ASCII.GetBytes(chars);
        }

        internal static double Median(IEnumerable<double> values)
        {
            double[] v = values.OrderBy(x => x).ToArray();
            return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
        }

        internal static long Percentile(long[] sorted, double p)
        {
            if (sorted.Length == 0)
            {
                return 0;
            }

            int index = (int)Math.Ceiling(p * sorted.Length) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        }

        internal static double TicksToUs(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

        private static void Print(List<Result> results, Settings s)
        {
            Console.WriteLine();
            Console.WriteLine("## Loopback echo load");
            Console.WriteLine();
            Console.WriteLine($"{s.Clients} clients (.NET ClientWebSocket in one driver process), text messages, "
                + $"{s.RoundTrips32} round trips per client at 32 B and {s.RoundTrips1K} at 1 KiB after {s.Warmup} warm-up round trips; "
                + $"{Environment.ProcessorCount} cores shared by the driver and the server; "
                + (s.Rounds > 1 ? $"median of {s.Rounds} interleaved rounds per server." : "one round per server."));
            Console.WriteLine();
            Console.WriteLine("| server | size | round trips/s | p50 µs | p99 µs | server CPU µs per round trip | server peak RSS MiB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (Result r in results)
            {
                string cpu = (r.CpuSeconds * 1e6 / Math.Max(1, r.RoundTrips)).ToString("F1", CultureInfo.InvariantCulture);
                Console.WriteLine($"| {Name(r.Server)} | {SizeName(r.Size)} | {r.PerSecond:N0}{(r.Capped ? " (capped)" : "")} | {r.P50Us:N0} | {r.P99Us:N0} | {cpu} | {r.PeakRssKiB / 1024.0:F1} |");
            }

            Console.WriteLine();
            Console.WriteLine("Ratios, NanoWs against each peer (throughput: >1 is better for NanoWs; latency, CPU and memory: <1 is better for NanoWs):");
            Console.WriteLine();
            Console.WriteLine("| NanoWs | peer | size | throughput | p50 latency | p99 latency | server CPU per round trip | peak RSS |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (Result ours in results.Where(r => r.Server.StartsWith("nanows", StringComparison.Ordinal)))
            {
                foreach (Result peer in results.Where(r => !r.Server.StartsWith("nanows", StringComparison.Ordinal) && r.Size == ours.Size))
                {
                    Console.WriteLine($"| {(ours.Server == "nanows" ? "EchoServer" : "PollIntervalMs 1")} | {Name(peer.Server)} | {SizeName(ours.Size)} | {Ratio(ours.PerSecond, peer.PerSecond)} | {Ratio(ours.P50Us, peer.P50Us)} | {Ratio(ours.P99Us, peer.P99Us)} | {Ratio(ours.CpuSeconds / ours.RoundTrips, peer.CpuSeconds / peer.RoundTrips)} | {Ratio(ours.PeakRssKiB, peer.PeakRssKiB)} |");
                }
            }

            Console.WriteLine();
        }

        internal static string Ratio(double ours, double peer) => peer > 0 ? (ours / peer).ToString("F2", CultureInfo.InvariantCulture) : "n/a";

        internal static string SizeName(int size) => size >= 1024 ? (size / 1024) + " KiB" : size + " B";

        internal static string Name(string server) => server switch
        {
            "nanows" => "NanoWs EchoServer",
            "nanows-poll1" => "NanoWs EchoServer, PollIntervalMs 1 (experiment)",
            "kestrel" => "Kestrel (ASP.NET Core " + Environment.Version.ToString(2) + ")",
            "node" => "Node " + NodeVersion() + " ws 8.23.0",
            _ => server,
        };

        private static string _nodeVersion;

        private static string NodeVersion()
        {
            if (_nodeVersion == null)
            {
                try
                {
                    using Process p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true });
                    _nodeVersion = p.StandardOutput.ReadToEnd().Trim();
                    p.WaitForExit();
                }
                catch (Exception)
                {
                    _nodeVersion = "";
                }
            }

            return _nodeVersion;
        }
    }
}
