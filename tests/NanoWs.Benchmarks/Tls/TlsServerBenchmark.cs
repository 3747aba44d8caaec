using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NanoWs.Benchmarks.Load;
using NanoWs.Net;
using NanoWs.Samples.EchoServer;

namespace NanoWs.Benchmarks.Tls
{
    /// <summary>
    /// <c>tls-server [--connects N] [--open N] [--warmup N]</c>: the server's https/wss beside
    /// Kestrel's, each server in its own process, the same client (.NET's ClientWebSocket in this
    /// process, checking the chain against the benchmark's CA) for both:
    /// <list type="bullet">
    /// <item>handshake cost: N sequential connections per row (TCP + TLS + upgrade, then a
    /// close handshake), after a warm-up; the client's median and p90 time to open, and the
    /// server process's CPU time per connection (/proc, user + system);</item>
    /// <item>memory: N connections held open at once; the server process's resident set (VmRSS)
    /// growth per connection, and for our server also its managed heap per connection
    /// (GC.GetTotalMemory after a full collection, asked through the server's stdin).</item>
    /// </list>
    /// P-256 certificate, TLS 1.3 (OpenSSL on both servers).
    /// </summary>
    public static class TlsServerBenchmark
    {
        public static int Run(string[] args)
        {
            int connects = Option(args, "--connects", 200);
            int open = Option(args, "--open", 32);
            int warmUp = Option(args, "--warmup", 100);
            string dir = Path.Combine(Path.GetTempPath(), "nanows-tls-server-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                X509Certificate2 ca = X509Certificate2.CreateFromPem(TlsClientBenchmark.MakeCertificates(dir));
                string cert = Path.Combine(dir, "server.pem");
                string key = Path.Combine(dir, "server.key");
                string self = typeof(TlsServerBenchmark).Assembly.Location;
                string kestrel = Path.Combine(Repo.Root(), "tests/NanoWs.Benchmarks.KestrelEcho/bin/Release/net10.0/NanoWs.Benchmarks.KestrelEcho.dll");
                var servers = new List<(string Name, string Scheme, ServerProcess Process)>();
                try
                {
                    int max = Math.Max(open, 8) + 4;
                    servers.Add(("NanoWs WebSocketServer", "ws", ServerProcess.Start("dotnet", new[] { self, "tls-echo-server", "--max", max.ToString() }, null)));
                    servers.Add(("NanoWs WebSocketServer", "wss", ServerProcess.Start("dotnet", new[] { self, "tls-echo-server", "--max", max.ToString(), "--tls-cert", cert, "--tls-key", key }, null)));
                    servers.Add(("Kestrel", "ws", ServerProcess.Start("dotnet", new[] { kestrel, "--port", "0" }, null)));
                    servers.Add(("Kestrel", "wss", ServerProcess.Start("dotnet", new[] { kestrel, "--port", "0", "--tls-cert", cert, "--tls-key", key }, null)));

                    Console.WriteLine($"## Server https/wss on the host ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
                    Console.WriteLine();
                    Console.WriteLine($"Handshake: {connects} sequential connections per row (open: TCP + TLS + upgrade to 101; then a close handshake), two interleaved rounds, after {warmUp} warm-up connections of every row; client .NET ClientWebSocket in the benchmark's process, each server in its own process; P-256 certificate, TLS 1.3.");
                    Console.WriteLine();
                    Console.WriteLine("| server | URL | median open ms | p90 open ms | server CPU ms per connection |");
                    Console.WriteLine("|---|---|---:|---:|---:|");
                    foreach (var s in servers)
                    {
                        Connects(s.Process, s.Scheme, ca, warmUp);
                    }

                    var results = servers.ToDictionary(s => s, s => new List<double>());
                    var cpu = servers.ToDictionary(s => s, s => TimeSpan.Zero);
                    for (int round = 0; round < 2; round++)
                    {
                        foreach (var s in servers)
                        {
                            TimeSpan before = s.Process.CpuTime();
                            results[s].AddRange(Connects(s.Process, s.Scheme, ca, connects / 2));
                            cpu[s] += s.Process.CpuTime() - before;
                        }
                    }

                    // The poll thread's own cost while no client is there (its idle wait), per second of wall time.
                    var idle = new Dictionary<string, double>();
                    foreach (var s in servers)
                    {
                        TimeSpan before = s.Process.CpuTime();
                        var sw = Stopwatch.StartNew();
                        Thread.Sleep(2000);
                        idle[s.Name + s.Scheme] = (s.Process.CpuTime() - before).TotalMilliseconds / sw.Elapsed.TotalSeconds;
                    }

                    foreach (var s in servers)
                    {
                        double[] wall = results[s].OrderBy(v => v).ToArray();
                        Console.WriteLine($"| {s.Name} | {s.Scheme}:// | {wall[wall.Length / 2]:F2} | {wall[wall.Length * 9 / 10]:F2} | {cpu[s].TotalMilliseconds / wall.Length:F2} |");
                    }

                    Console.WriteLine();
                    Console.WriteLine("Idle server process, CPU ms per second of wall time (no client): " + string.Join(", ", servers.Select(s => $"{s.Name} {s.Scheme}:// {idle[s.Name + s.Scheme]:F1}")) + ".");
                    Console.WriteLine();
                    Console.WriteLine($"Memory: {open} connections open at once; growth of the server process per connection.");
                    Console.WriteLine();
                    Console.WriteLine("| server | URL | resident set (VmRSS) per connection | managed heap per connection |");
                    Console.WriteLine("|---|---|---:|---:|");
                    foreach (var s in servers)
                    {
                        bool ours = s.Name.StartsWith("NanoWs", StringComparison.Ordinal);
                        long heap0 = ours ? Heap(s.Process) : 0;
                        long rss0 = s.Process.RssKiB();
                        var clients = new List<ClientWebSocket>();
                        for (int i = 0; i < open; i++)
                        {
                            clients.Add(Open(s.Process, s.Scheme, ca));
                        }

                        long heap1 = ours ? Heap(s.Process) : 0;
                        long rss1 = s.Process.RssKiB();
                        foreach (ClientWebSocket c in clients)
                        {
                            Close(c);
                        }

                        string heapText = ours ? $"{(heap1 - heap0) / open:N0} B" : "(not measured)";
                        Console.WriteLine($"| {s.Name} | {s.Scheme}:// | {(rss1 - rss0) * 1024 / open:N0} B | {heapText} |");
                    }
                }
                finally
                {
                    foreach (var s in servers)
                    {
                        s.Process.Dispose();
                    }
                }

                return 0;
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// <c>tls-echo-server --max N [--tls-cert FILE --tls-key FILE]</c>: the echo sample's server
        /// (EchoApp) on a free loopback port, over TLS when given a certificate; the stdin line
        /// <c>mem</c> answers <c>mem BYTES</c> (managed heap after a full collection); stdin's end stops it.
        /// </summary>
        public static int RunServer(string[] args)
        {
            int i = Array.IndexOf(args, "--tls-cert");
            int k = Array.IndexOf(args, "--tls-key");
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = Option(args, "--max", 40),
                ListenBacklog = 128,
                Connection = EchoApp.CreateConnectionOptions(4096, 4096),
                TlsCertificatePem = i >= 0 ? File.ReadAllText(args[i + 1]) : null,
                TlsKeyPem = k >= 0 ? File.ReadAllText(args[k + 1]) : null,
            };
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            Console.WriteLine("listening on " + (server.IsSecure ? "wss" : "ws") + "://127.0.0.1:" + server.LocalPort + "/");
            for (string line; (line = Console.ReadLine()) != null;)
            {
                if (line == "mem")
                {
                    long heap = 0;
                    for (int n = 0; n < 3; n++)
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        heap = GC.GetTotalMemory(true);
                    }

                    Console.WriteLine("mem " + heap);
                }
            }

            server.Stop();
            return 0;
        }

        private static long Heap(ServerProcess server)
        {
            server.WriteLine("mem");
            string line = server.WaitForLine("mem ", TimeSpan.FromSeconds(60)) ?? throw new TimeoutException("no heap figure from the server");
            return long.Parse(line.Substring(4));
        }

        private static IEnumerable<double> Connects(ServerProcess server, string scheme, X509Certificate2 ca, int count)
        {
            var results = new List<double>();
            for (int i = 0; i < count; i++)
            {
                var sw = Stopwatch.StartNew();
                ClientWebSocket c = Open(server, scheme, ca);
                results.Add(sw.Elapsed.TotalMilliseconds);
                Close(c);
            }

            return results;
        }

        private static ClientWebSocket Open(ServerProcess server, string scheme, X509Certificate2 ca)
        {
            var c = new ClientWebSocket();
            c.Options.KeepAliveInterval = TimeSpan.Zero;
            c.Options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(ca);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return custom.Build(new X509Certificate2(certificate));
            };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            c.ConnectAsync(new Uri(scheme + "://localhost:" + server.Port + "/echo"), cts.Token).GetAwaiter().GetResult();
            return c;
        }

        private static void Close(ClientWebSocket c)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            c.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token).GetAwaiter().GetResult();
            c.Dispose();
        }

        private static int Option(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        }
    }
}
