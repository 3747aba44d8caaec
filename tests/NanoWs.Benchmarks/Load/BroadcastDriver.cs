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
    /// Loopback broadcast load, the same workload for every server, each its own process:
    /// N clients (.NET ClientWebSocket in this process) connect to <c>/broadcast</c>; once all are
    /// open, client 0 sends the text command <c>broadcast M S</c>, and the server sends M text
    /// messages of S bytes to each of the N clients, in lockstep with a bound of 64 KiB waiting per
    /// client (message i+1 is stamped and handed over once every client's stack can take it: our
    /// server's send buffer has room, Kestrel's SendAsync of message i completed, Node's
    /// bufferedAmount ≤ 64 KiB). Each message carries its sequence number and the server's
    /// CLOCK_MONOTONIC time when it was handed over (<see cref="BroadcastPayload"/>).
    /// Measured: deliveries per second (N × M over the time from the command to the last message
    /// at the last client), latency from the embedded stamp to receipt (p50/p99 over all N × M
    /// deliveries), the server's CPU time per delivery and its peak RSS. A warm-up broadcast
    /// precedes each measured one. Bounded: fixed counts and a time cap; servers are killed after
    /// their turn.
    /// </summary>
    public static class BroadcastDriver
    {
        private sealed class Settings
        {
            public int Clients = 16;
            public int Messages32 = 5000;
            public int Messages1K = 2000;
            public int Warmup = 300;
            public TimeSpan Cap = TimeSpan.FromSeconds(30);
            public int Rounds = 1;
            public List<string> Servers = new List<string> { "nanows", "kestrel", "node" };
        }

        private sealed class Result
        {
            public string Server;
            public int Size;
            public double PerSecond;
            public double P50Us;
            public double P99Us;
            public double CpuUsPerDelivery;
            public long PeakRssKiB;
            public bool Capped;
        }

        /// <summary>
        /// <c>broadcast [--quick|--full] [--clients N] [--messages N] [--servers nanows,kestrel,node]
        /// [--with-poll1] [--rounds N]</c>.
        /// </summary>
        public static int Run(string[] args)
        {
            if (Stopwatch.Frequency != 1_000_000_000)
            {
                Console.Error.WriteLine("broadcast: needs Stopwatch in ns (Linux CLOCK_MONOTONIC) to compare stamps across processes");
                return 2;
            }

            Settings s = new Settings();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--quick":
                        break;
                    case "--full":
                        s.Clients = 64;
                        s.Messages32 = 20000;
                        s.Messages1K = 5000;
                        s.Warmup = 1000;
                        s.Cap = TimeSpan.FromSeconds(120);
                        s.Rounds = 3;
                        break;
                    case "--clients":
                        s.Clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--messages":
                        s.Messages32 = s.Messages1K = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--rounds":
                        s.Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--servers":
                        s.Servers = args[++i].Split(',').ToList();
                        break;
                    case "--with-poll1":
                        s.Servers.Add("nanows-poll1");
                        break;
                    default:
                        Console.Error.WriteLine("unknown broadcast option " + args[i]);
                        return 2;
                }
            }

            string root = Repo.Root();
            List<Result> all = new List<Result>();
            for (int round = 0; round < s.Rounds; round++)
            {
                foreach (string server in s.Servers)
                {
                    Console.Error.WriteLine("broadcast: round " + (round + 1) + ", " + server + " ...");
                    using ServerProcess p = StartServer(server, root, s.Clients);
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
                    PerSecond = LoadDriver.Median(g.Select(r => r.PerSecond)),
                    P50Us = LoadDriver.Median(g.Select(r => r.P50Us)),
                    P99Us = LoadDriver.Median(g.Select(r => r.P99Us)),
                    CpuUsPerDelivery = LoadDriver.Median(g.Select(r => r.CpuUsPerDelivery)),
                    PeakRssKiB = g.Max(r => r.PeakRssKiB),
                    Capped = g.Any(r => r.Capped),
                })
                .ToList();
            Print(results, s);
            return 0;
        }

        private static ServerProcess StartServer(string server, string root, int clients)
        {
            Dictionary<string, string> env = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            string max = (clients + 4).ToString(CultureInfo.InvariantCulture);
            switch (server)
            {
                case "nanows":
                case "nanows-poll1":
                    return ServerProcess.Start("dotnet", new[]
                    {
                        typeof(BroadcastDriver).Assembly.Location, "broadcast-server", "--port", "0",
                        "--poll-ms", server == "nanows" ? "5" : "1", "--max-connections", max,
                    }, env);
                case "kestrel":
                    return ServerProcess.Start("dotnet", new[]
                    {
                        Path.Combine(root, "tests/NanoWs.Benchmarks.KestrelEcho/bin/Release/net10.0/NanoWs.Benchmarks.KestrelEcho.dll"),
                        "--port", "0",
                    }, env);
                case "node":
                    return ServerProcess.Start("node", new[] { Path.Combine(root, "tests/NanoWs.Benchmarks/node/ws-broadcast-bench.js") }, env);
                default:
                    throw new ArgumentException("unknown server " + server);
            }
        }

        private static async Task<Result[]> RunAgainst(string server, ServerProcess p, Settings s)
        {
            Uri uri = new Uri("ws://127.0.0.1:" + p.Port + "/broadcast");
            ClientWebSocket[] clients = new ClientWebSocket[s.Clients];
            try
            {
                for (int i = 0; i < clients.Length; i++)
                {
                    clients[i] = new ClientWebSocket();
                    clients[i].Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
                    using CancellationTokenSource connectCts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await clients[i].ConnectAsync(uri, connectCts.Token);
                }

                // Let the server see every connection open before the command (the broadcast goes
                // to the clients connected when it arrives).
                await Task.Delay(200);
                List<Result> results = new List<Result>();
                foreach (int size in new[] { 32, 1024 })
                {
                    int count = size == 32 ? s.Messages32 : s.Messages1K;
                    await Task.Delay(100);
                    await Phase(clients, size, s.Warmup, s.Cap, null);
                    await Task.Delay(100);
                    long[][] latencies = clients.Select(_ => new long[count]).ToArray();
                    TimeSpan cpuBefore = p.CpuTime();
                    Stopwatch wall = Stopwatch.StartNew();
                    bool capped = await Phase(clients, size, count, s.Cap, latencies);
                    wall.Stop();
                    double cpu = (p.CpuTime() - cpuBefore).TotalSeconds;
                    long[] sorted = latencies.SelectMany(l => l.Where(x => x > 0)).OrderBy(x => x).ToArray();
                    results.Add(new Result
                    {
                        Server = server,
                        Size = size,
                        PerSecond = sorted.Length / wall.Elapsed.TotalSeconds,
                        P50Us = LoadDriver.Percentile(sorted, 0.50) / 1000.0,
                        P99Us = LoadDriver.Percentile(sorted, 0.99) / 1000.0,
                        CpuUsPerDelivery = cpu * 1e6 / Math.Max(1, sorted.Length),
                        Capped = capped,
                    });
                }

                return results.ToArray();
            }
            finally
            {
                foreach (ClientWebSocket c in clients)
                {
                    if (c == null)
                    {
                        continue;
                    }

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

        /// <summary>
        /// Starts every client's receive loop, sends the command from client 0 and waits until each
        /// client has all <paramref name="count"/> messages; true when the time cap cut it short.
        /// </summary>
        private static async Task<bool> Phase(ClientWebSocket[] clients, int size, int count, TimeSpan cap, long[][] latencies)
        {
            using CancellationTokenSource cts = new CancellationTokenSource(cap);
            Task[] tasks = new Task[clients.Length];
            for (int i = 0; i < clients.Length; i++)
            {
                int index = i;
                tasks[i] = Task.Run(() => ReceiveLoop(clients[index], size, count, latencies?[index], cts.Token));
            }

            byte[] command = System.Text.Encoding.ASCII.GetBytes("broadcast " + count + " " + size);
            await clients[0].SendAsync(command, NetMessageType.Text, true, cts.Token);
            try
            {
                await Task.WhenAll(tasks);
                return false;
            }
            catch (OperationCanceledException)
            {
                // The clients are unusable after a cancelled receive; the caller's cap is the end.
                throw new TimeoutException("broadcast phase of " + count + " x " + size + " B did not finish within " + cap);
            }
        }

        private static async Task ReceiveLoop(ClientWebSocket ws, int size, int count, long[] latencies, CancellationToken ct)
        {
            byte[] receive = new byte[size + 64];
            for (int n = 0; n < count; n++)
            {
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

                long now = Stopwatch.GetTimestamp();
                if (got != size || BroadcastPayload.ReadSeq(receive) != n)
                {
                    throw new InvalidOperationException("expected message " + n + " of " + size + " B, got " + got + " B: "
                        + System.Text.Encoding.ASCII.GetString(receive, 0, Math.Min(got, 30)));
                }

                if (latencies != null)
                {
                    latencies[n] = Math.Max(1, now - BroadcastPayload.ReadStamp(receive));
                }
            }
        }

        private static void Print(List<Result> results, Settings s)
        {
            Console.WriteLine();
            Console.WriteLine("## Loopback broadcast load");
            Console.WriteLine();
            Console.WriteLine($"{s.Clients} clients (.NET ClientWebSocket in one driver process); after all are connected, one command makes the server send "
                + $"{s.Messages32} text messages of 32 B (then {s.Messages1K} of 1 KiB) to every client, in lockstep with at most 64 KiB waiting per client, after {s.Warmup} warm-up messages; "
                + "deliveries/s = clients × messages / time from the command to the last receipt; latency = receipt − the server's send stamp in the payload; "
                + $"{Environment.ProcessorCount} cores shared by the driver and the server; "
                + (s.Rounds > 1 ? $"median of {s.Rounds} interleaved rounds per server." : "one round per server."));
            Console.WriteLine();
            Console.WriteLine("| server | size | deliveries/s | p50 µs | p99 µs | server CPU µs per delivery | server peak RSS MiB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (Result r in results)
            {
                Console.WriteLine($"| {ServerName(r.Server)} | {LoadDriver.SizeName(r.Size)} | {r.PerSecond:N0}{(r.Capped ? " (capped)" : "")} | {r.P50Us:N0} | {r.P99Us:N0} | {r.CpuUsPerDelivery.ToString("F2", CultureInfo.InvariantCulture)} | {r.PeakRssKiB / 1024.0:F1} |");
            }

            Console.WriteLine();
            Console.WriteLine("Ratios, NanoWs against each peer (throughput: >1 is better for NanoWs; latency, CPU and memory: <1 is better for NanoWs):");
            Console.WriteLine();
            Console.WriteLine("| NanoWs | peer | size | deliveries/s | p50 latency | p99 latency | server CPU per delivery | peak RSS |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (Result ours in results.Where(r => r.Server.StartsWith("nanows", StringComparison.Ordinal)))
            {
                foreach (Result peer in results.Where(r => !r.Server.StartsWith("nanows", StringComparison.Ordinal) && r.Size == ours.Size))
                {
                    Console.WriteLine($"| {(ours.Server == "nanows" ? "Broadcast" : "PollIntervalMs 1")} | {LoadDriver.Name(peer.Server)} | {LoadDriver.SizeName(ours.Size)} | {LoadDriver.Ratio(ours.PerSecond, peer.PerSecond)} | {LoadDriver.Ratio(ours.P50Us, peer.P50Us)} | {LoadDriver.Ratio(ours.P99Us, peer.P99Us)} | {LoadDriver.Ratio(ours.CpuUsPerDelivery, peer.CpuUsPerDelivery)} | {LoadDriver.Ratio(ours.PeakRssKiB, peer.PeakRssKiB)} |");
                }
            }

            Console.WriteLine();
        }

        private static string ServerName(string server) => server switch
        {
            "nanows" => "NanoWs `WebSocketServer.Broadcast`",
            "nanows-poll1" => "NanoWs `Broadcast`, PollIntervalMs 1 (experiment)",
            _ => LoadDriver.Name(server),
        };
    }
}
