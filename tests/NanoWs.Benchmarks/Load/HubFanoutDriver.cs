using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// Hub fan-out: the sensor dashboard sample (<see cref="HubServerMode"/>, its own process) with
    /// N tabs (.NET ClientWebSocket in this process, default 64) at <c>/ws</c>. Once every tab has
    /// its <c>hello</c>, the server publishes its benchmark channel for a few seconds at 1 kHz, then
    /// as fast as it can, pumping the hub after each publish. Every <c>state</c> message that holds
    /// the channel is a delivery; its value is the publish time, so latency = receipt − value.
    /// Reports deliveries per second (sum over tabs), deliveries per published change per tab (1 =
    /// no coalescing), latency p50/p99, the server's CPU (percent of one core over the phase and µs
    /// per delivery) and its peak RSS. No peer: absolute figures.
    /// </summary>
    public static class HubFanoutDriver
    {
        private sealed class Tab
        {
            public readonly object Sync = new object();
            public readonly List<long>[] Latencies;
            public int Hellos;
            public int Errors;

            public Tab(int phases)
            {
                Latencies = Enumerable.Range(0, phases).Select(_ => new List<long>(4096)).ToArray();
            }
        }

        private sealed class Row
        {
            public int PollMs;
            public int Rate;
            public long Published;
            public double Seconds;
            public long Deliveries;
            public double P50Us;
            public double P99Us;
            public double CpuSeconds;
            public long PeakRssKiB;
        }

        /// <summary>
        /// <c>hub-fanout [--quick|--full] [--clients N] [--seconds S] [--with-poll1]</c>;
        /// <c>--with-poll1</c> runs the 1 kHz phase again against a server with PollIntervalMs 1
        /// (an experiment: what the poll thread's idle wait costs in latency).
        /// </summary>
        public static int Run(string[] args)
        {
            int clients = 64;
            double seconds = 3;
            bool poll1 = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--quick":
                        break;
                    case "--full":
                        seconds = 10;
                        break;
                    case "--clients":
                        clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--with-poll1":
                        poll1 = true;
                        break;
                    case "--seconds":
                        seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    default:
                        Console.Error.WriteLine("unknown hub-fanout option " + args[i]);
                        return 2;
                }
            }

            if (Stopwatch.Frequency != 1_000_000_000)
            {
                Console.Error.WriteLine("hub-fanout: needs Stopwatch in ns (Linux CLOCK_MONOTONIC) to compare stamps across processes");
                return 2;
            }

            List<Row> rows = RunAsync(clients, seconds, 5, new[] { 1000, 0 }).GetAwaiter().GetResult();
            if (poll1)
            {
                rows.AddRange(RunAsync(clients, seconds, 1, new[] { 1000 }).GetAwaiter().GetResult());
            }

            Print(rows, clients, seconds);
            return 0;
        }

        private static async Task<List<Row>> RunAsync(int n, double seconds, int pollMs, int[] rates)
        {
            Console.Error.WriteLine("hub-fanout: " + n + " tabs, PollIntervalMs " + pollMs + " ...");
            Dictionary<string, string> env = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            using ServerProcess p = ServerProcess.Start("dotnet", new[]
            {
                typeof(HubFanoutDriver).Assembly.Location, "hub-server", "--tabs", (n + 2).ToString(CultureInfo.InvariantCulture),
                "--poll-ms", pollMs.ToString(CultureInfo.InvariantCulture),
            }, env);
            Uri uri = new Uri("ws://127.0.0.1:" + p.Port + "/ws");
            ClientWebSocket[] sockets = new ClientWebSocket[n];
            Tab[] tabs = new Tab[n];
            Task[] loops = new Task[n];
            int phase = -1;
            using CancellationTokenSource stop = new CancellationTokenSource();
            for (int i = 0; i < n; i++)
            {
                sockets[i] = new ClientWebSocket();
                sockets[i].Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
                using CancellationTokenSource connectCts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await sockets[i].ConnectAsync(uri, connectCts.Token);
                tabs[i] = new Tab(rates.Length);
                int index = i;
                loops[i] = Task.Run(() => ReceiveLoop(sockets[index], tabs[index], () => Volatile.Read(ref phase), stop.Token));
            }

            Stopwatch helloWait = Stopwatch.StartNew();
            while (tabs.Any(t => Volatile.Read(ref t.Hellos) == 0) && helloWait.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }

            if (tabs.Any(t => t.Hellos == 0))
            {
                throw new InvalidOperationException("hub-fanout: not every tab got its hello");
            }

            List<Row> results = new List<Row>();
            for (int k = 0; k < rates.Length; k++)
            {
                await Task.Delay(300);
                TimeSpan cpuBefore = p.CpuTime();
                Volatile.Write(ref phase, k);
                p.WriteLine("run " + rates[k] + " " + seconds.ToString(CultureInfo.InvariantCulture));
                string line = p.WaitForLine("published ", TimeSpan.FromSeconds(seconds + 30));
                if (line == null)
                {
                    throw new TimeoutException("hub-fanout: the server did not finish the phase");
                }

                // Let what is queued arrive, then close the phase.
                await Task.Delay(300);
                Volatile.Write(ref phase, -1);
                double cpu = (p.CpuTime() - cpuBefore).TotalSeconds;
                string[] parts = line.Split(' ');
                if (parts.Length > 4)
                {
                    Console.Error.WriteLine("hub-fanout: server reported " + line);
                }

                long published = long.Parse(parts[1], CultureInfo.InvariantCulture);
                double took = double.Parse(parts[2], CultureInfo.InvariantCulture);
                long[] all;
                lock (tabs)
                {
                    all = tabs.SelectMany(t =>
                    {
                        lock (t.Sync)
                        {
                            return t.Latencies[k].ToArray();
                        }
                    }).OrderBy(x => x).ToArray();
                }

                results.Add(new Row
                {
                    PollMs = pollMs,
                    Rate = rates[k],
                    Published = published,
                    Seconds = took,
                    Deliveries = all.Length,
                    P50Us = LoadDriver.Percentile(all, 0.5),
                    P99Us = LoadDriver.Percentile(all, 0.99),
                    CpuSeconds = cpu,
                });
            }

            long peak = p.PeakRssKiB();
            foreach (Row r in results)
            {
                r.PeakRssKiB = peak;
            }

            int errors = tabs.Sum(t => t.Errors);
            if (errors > 0)
            {
                Console.Error.WriteLine("hub-fanout: " + errors + " state messages without a readable value");
            }

            stop.Cancel();
            foreach (ClientWebSocket c in sockets)
            {
                c.Abort();
                c.Dispose();
            }

            try
            {
                await Task.WhenAll(loops);
            }
            catch (Exception)
            {
            }

            return results;
        }

        private static void Print(List<Row> rows, int n, double seconds)
        {
            Console.WriteLine();
            Console.WriteLine("## Hub fan-out (sensor dashboard)");
            Console.WriteLine();
            Console.WriteLine($"`samples/SensorDashboard` as on a PC (`DashboardHost`: six channels, simulated device ticked every 10 ms, 4 KiB/2 KiB connection buffers, PollIntervalMs 5) "
                + $"plus one benchmark number channel, {n} tabs (.NET ClientWebSocket in one driver process); for {seconds.ToString(CultureInfo.InvariantCulture)} s the server publishes the channel "
                + "(value = publish time in µs) and pumps the hub after each publish; a delivery is a `state` message holding it, latency = receipt − that value. "
                + $"{Environment.ProcessorCount} cores shared by the driver and the server; no peer, absolute figures.");
            Console.WriteLine();
            Console.WriteLine("| publish rate | changes published/s | deliveries/s (all tabs) | deliveries per change per tab | p50 µs | p99 µs | server CPU % of one core | server CPU µs per delivery | server peak RSS MiB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (Row r in rows)
            {
                string rate = (r.Rate > 0 ? r.Rate + " Hz" : "as fast as possible") + (r.PollMs != 5 ? ", PollIntervalMs " + r.PollMs + " (experiment)" : "");
                Console.WriteLine($"| {rate} | {r.Published / r.Seconds:N0} | {r.Deliveries / r.Seconds:N0} | "
                    + $"{((double)r.Deliveries / Math.Max(1, r.Published * n)).ToString("F3", CultureInfo.InvariantCulture)} | {r.P50Us:N0} | {r.P99Us:N0} | "
                    + $"{(r.CpuSeconds / r.Seconds * 100).ToString("F0", CultureInfo.InvariantCulture)} | {(r.CpuSeconds * 1e6 / Math.Max(1, r.Deliveries)).ToString("F2", CultureInfo.InvariantCulture)} | {r.PeakRssKiB / 1024.0:F1} |");
            }

            Console.WriteLine();
        }

        private static async Task ReceiveLoop(ClientWebSocket ws, Tab tab, Func<int> phase, CancellationToken ct)
        {
            byte[] buffer = new byte[8192];
            byte[] key = Encoding.ASCII.GetBytes("\"b\":");
            byte[] hello = Encoding.ASCII.GetBytes("\"t\":\"hello\"");
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    int got = 0;
                    ValueWebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(buffer.AsMemory(got), ct);
                        got += r.Count;
                    }
                    while (!r.EndOfMessage && got < buffer.Length);
                    if (r.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    {
                        return;
                    }

                    long nowUs = Stopwatch.GetTimestamp() / 1000;
                    ReadOnlySpan<byte> m = buffer.AsSpan(0, got);
                    if (m.IndexOf(hello) >= 0)
                    {
                        Interlocked.Increment(ref tab.Hellos);
                        continue;
                    }

                    int k = phase();
                    int at = m.IndexOf(key);
                    if (k < 0 || at < 0)
                    {
                        continue;
                    }

                    long value = 0;
                    int digits = 0;
                    for (int i = at + key.Length; i < m.Length && m[i] >= '0' && m[i] <= '9'; i++, digits++)
                    {
                        value = (value * 10) + (m[i] - '0');
                    }

                    if (digits == 0)
                    {
                        tab.Errors++;
                        continue;
                    }

                    lock (tab.Sync)
                    {
                        tab.Latencies[k].Add(Math.Max(0, nowUs - value));
                    }
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
            }
        }
    }
}
