using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using NanoWs.Hardware;
using NanoWs.Hub;
using NanoWs.Samples.SensorDashboard;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// <c>hub-server --tabs N [--poll-ms N]</c>: the sensor dashboard sample as it runs on a PC
    /// (<see cref="DashboardHost"/>: <see cref="DashboardApp"/>'s six channels, the simulated device
    /// ticked every 10 ms, the board-like 4 KiB / 2 KiB connection buffers) on a free loopback port,
    /// with N tab slots (and another PollIntervalMs than the sample's 5 when asked) and one more read-only number channel <c>b</c> (0 decimals) for the
    /// benchmark. Each stdin line <c>run RATE SECONDS</c> publishes to <c>b</c> for SECONDS, RATE
    /// times a second (0: as fast as the thread can), the value being the publish time in µs of
    /// CLOCK_MONOTONIC, and pumps the hub after every publish; then prints
    /// <c>published CHANGES SECONDS SEQ</c>. Stops when stdin closes (the driver also kills it).
    /// </summary>
    public static class HubServerMode
    {
        public static int Run(string[] args)
        {
            int tabs = 66;
            int pollMs = 5;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--tabs": tabs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--poll-ms": pollMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            using DashboardHost host = DashboardHost.Create(0, tabs, null, SimulatedParts.Create(1), o =>
            {
                o.ListenBacklog = 128;
                o.PollIntervalMs = pollMs;
            });
            ChannelHub hub = host.App.Hub;
            HubChannel bench = hub.AddNumber("b", "b", null, double.NaN, double.NaN, false);
            bench.Decimals = 0;
            host.Start();
            Console.WriteLine("listening on ws://127.0.0.1:" + host.Port + "/");
            string line;
            while ((line = Console.In.ReadLine()) != null)
            {
                string[] parts = line.Split(' ');
                if (parts.Length != 3 || parts[0] != "run")
                {
                    continue;
                }

                int rate = int.Parse(parts[1], CultureInfo.InvariantCulture);
                double seconds = double.Parse(parts[2], CultureInfo.InvariantCulture);
                long published = 0;
                long periodNs = rate > 0 ? 1_000_000_000L / rate : 0;
                long start = BroadcastPayload.NowNs();
                long end = start + (long)(seconds * 1e9);
                long next = start;
                long now;
                while ((now = BroadcastPayload.NowNs()) < end)
                {
                    if (rate > 0)
                    {
                        if (now < next)
                        {
                            Thread.Sleep(1);
                            continue;
                        }

                        next += periodNs;
                    }

                    if (hub.Publish(bench, now / 1000, host.NowMs()))
                    {
                        published++;
                    }

                    hub.Pump(host.NowMs());
                }

                double took = (BroadcastPayload.NowNs() - start) / 1e9;
                Console.WriteLine("published " + published + " " + took.ToString("R", CultureInfo.InvariantCulture) + " " + hub.Seq
                    + (hub.LastError != null ? " error: " + hub.LastError : ""));
            }

            return 0;
        }
    }
}
