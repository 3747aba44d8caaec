using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NanoWs.Benchmarks.Load;
using NanoWs.Net;
using WebSocketState = NanoWs.WebSocketState;

namespace NanoWs.Benchmarks.Tls
{
    /// <summary>
    /// <c>tls-client [--connects N] [--open N] [--messages N] [--warmup N]</c>: what wss:// costs our client on
    /// the host, beside .NET's <see cref="ClientWebSocket"/> doing the same work in the same run,
    /// against Node `ws` over https (node/ws-echo-bench.js with a certificate, its own process, so
    /// the figures hold only the client side). A P-256 test CA and a localhost certificate are made
    /// in a temporary directory; both clients verify the chain against that CA only.
    /// <list type="bullet">
    /// <item>connect: N sequential connections each (after a warm-up of every row), time from the start to
    /// open (TCP + TLS + WebSocket upgrade), and this process's CPU time per connection;
    /// ws:// and wss:// side by side, interleaved in two rounds.</item>
    /// <item>memory: managed heap per open connection (GC.GetTotalMemory after a full collection)
    /// with N connections open at once.</item>
    /// <item>per message: bytes allocated per 32-byte echo round trip over wss://.</item>
    /// </list>
    /// </summary>
    public static class TlsClientBenchmark
    {
        public static int Run(string[] args)
        {
            int connects = Option(args, "--connects", 200);
            int open = Option(args, "--open", 32);
            int messages = Option(args, "--messages", 2000);
            int warmUp = Option(args, "--warmup", 150);
            string dir = Path.Combine(Path.GetTempPath(), "nanows-tls-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string caPem = MakeCertificates(dir);
                var caCert = X509Certificate2.CreateFromPem(caPem);
                string script = Path.Combine(Repo.Root(), "tests", "NanoWs.Benchmarks", "node", "ws-echo-bench.js");
                using var wss = ServerProcess.Start("node", new[] { script, Path.Combine(dir, "server.pem"), Path.Combine(dir, "server.key") }, null);
                using var ws = ServerProcess.Start("node", new[] { script }, null);
                string secureUrl = "wss://localhost:" + wss.Port + "/";
                string plainUrl = "ws://localhost:" + ws.Port + "/";

                var clients = new (string Name, Func<string, IDisposable> Open)[]
                {
                    ("NanoWs WebSocketClient", url => OurClient.Open(url, caPem)),
                    ("ClientWebSocket", url => DotNetClient.Open(url, caCert)),
                };

                Console.WriteLine($"## wss:// client on the host ({Environment.ProcessorCount} cores, {RuntimeInfo()})");
                Console.WriteLine();
                Console.WriteLine($"Connect: {connects} sequential connections per row, two interleaved rounds, after {warmUp} warm-up connections of every row (so that the JIT's tiering, which runs on its own thread and counts in the process's CPU time, has settled for both clients); peer Node ws 8.23.0 (own process), P-256 certificate, TLS 1.3.");
                Console.WriteLine();
                Console.WriteLine("| client | URL | median open ms | p90 open ms | client CPU ms per connection |");
                Console.WriteLine("|---|---|---:|---:|---:|");
                var results = new Dictionary<(string, string), List<(double Wall, double Cpu)>>();
                for (int i = 0; i < warmUp; i++)
                {
                    foreach (var (name, openClient) in clients)
                    {
                        openClient(plainUrl).Dispose();
                        openClient(secureUrl).Dispose();
                    }
                }

                for (int round = 0; round < 2; round++)
                {
                    foreach (var (name, openClient) in clients)
                    {
                        foreach (string url in new[] { plainUrl, secureUrl })
                        {
                            var key = (name, url.Substring(0, url.IndexOf(':')));
                            if (!results.TryGetValue(key, out var list))
                            {
                                results[key] = list = new List<(double, double)>();
                            }

                            list.AddRange(Connects(openClient, url, connects / 2));
                        }
                    }
                }

                foreach (var kv in results)
                {
                    double[] wall = kv.Value.Select(v => v.Wall).OrderBy(v => v).ToArray();
                    Console.WriteLine($"| {kv.Key.Item1} | {kv.Key.Item2}:// | {wall[wall.Length / 2]:F2} | {wall[wall.Length * 9 / 10]:F2} | {kv.Value.Average(v => v.Cpu):F2} |");
                }

                Console.WriteLine();
                Console.WriteLine($"Memory: managed heap per open connection, {open} open at once (after a full collection; OpenSSL's native state is not in it).");
                Console.WriteLine();
                Console.WriteLine("| client | ws:// bytes per connection | wss:// bytes per connection |");
                Console.WriteLine("|---|---:|---:|");
                foreach (var (name, openClient) in clients)
                {
                    long plain = HeapPerConnection(openClient, plainUrl, open);
                    long secure = HeapPerConnection(openClient, secureUrl, open);
                    Console.WriteLine($"| {name} | {plain:N0} | {secure:N0} |");
                }

                Console.WriteLine();
                Console.WriteLine($"Per message: bytes allocated in this process per 32-byte binary echo round trip ({messages} after 200 warm-up).");
                Console.WriteLine();
                Console.WriteLine("| client | ws:// bytes per round trip | wss:// bytes per round trip |");
                Console.WriteLine("|---|---:|---:|");
                double ourPlain, ourSecure, theirPlain, theirSecure;
                using (var ours = OurClient.Open(plainUrl, caPem))
                {
                    ourPlain = AllocatedPerRoundTrip(ours.RoundTrip, messages);
                }

                using (var ours = OurClient.Open(secureUrl, caPem))
                {
                    ourSecure = AllocatedPerRoundTrip(ours.RoundTrip, messages);
                }

                using (var theirs = DotNetClient.Open(plainUrl, caCert))
                {
                    theirPlain = AllocatedPerRoundTrip(theirs.RoundTrip, messages);
                }

                using (var theirs = DotNetClient.Open(secureUrl, caCert))
                {
                    theirSecure = AllocatedPerRoundTrip(theirs.RoundTrip, messages);
                }

                Console.WriteLine($"| NanoWs WebSocketClient | {ourPlain:F1} | {ourSecure:F1} |");
                Console.WriteLine($"| ClientWebSocket | {theirPlain:F1} | {theirSecure:F1} |");

                return 0;
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static IEnumerable<(double Wall, double Cpu)> Connects(Func<string, IDisposable> open, string url, int count)
        {
            var results = new List<(double, double)>();
            Process self = Process.GetCurrentProcess();
            for (int i = 0; i < count; i++)
            {
                self.Refresh();
                TimeSpan cpu = self.TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                IDisposable client = open(url);
                double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                client.Dispose();
                self.Refresh();
                results.Add((wall, (self.TotalProcessorTime - cpu).TotalMilliseconds));
            }

            return results;
        }

        private static long HeapPerConnection(Func<string, IDisposable> open, string url, int count)
        {
            open(url).Dispose();
            long before = Settle();
            var clients = new List<IDisposable>();
            for (int i = 0; i < count; i++)
            {
                clients.Add(open(url));
            }

            long after = Settle();
            foreach (IDisposable c in clients)
            {
                c.Dispose();
            }

            return (after - before) / count;
        }

        private static long Settle()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return GC.GetTotalMemory(true);
        }

        private static double AllocatedPerRoundTrip(Action roundTrip, int count)
        {
            for (int i = 0; i < 200; i++)
            {
                roundTrip();
            }

            long before = GC.GetTotalAllocatedBytes(true);
            for (int i = 0; i < count; i++)
            {
                roundTrip();
            }

            return (GC.GetTotalAllocatedBytes(true) - before) / (double)count;
        }

        /// <summary>A P-256 CA and a localhost/127.0.0.1 certificate it signed, as PEM files; returns the CA's PEM.</summary>
        internal static string MakeCertificates(string dir)
        {
            using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=NanoWs Benchmark CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

            using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using X509Certificate2 server = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), new byte[] { 1, 2, 3, 4 });
            File.WriteAllText(Path.Combine(dir, "server.pem"), server.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
            return ca.ExportCertificatePem();
        }

        private static int Option(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        }

        private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        /// <summary>Our client, opened and ready for echo round trips.</summary>
        private sealed class OurClient : IDisposable
        {
            private static readonly byte[] Payload = new byte[32];
            private readonly WebSocketClient _client;
            private readonly ManualResetEventSlim _opened = new ManualResetEventSlim();
            private readonly ManualResetEventSlim _echo = new ManualResetEventSlim();

            private OurClient(string url, string caPem)
            {
                _client = new WebSocketClient(url, new WebSocketClientOptions { TrustedCaPem = caPem, PollIntervalMs = 5 });
                _client.Opened += c => _opened.Set();
                _client.Closed += (c, code, reason, clean) => _opened.Set();
                _client.MessageReceived += (c, m) =>
                {
                    if (m.IsFinal)
                    {
                        _echo.Set();
                    }
                };
            }

            public static OurClient Open(string url, string caPem)
            {
                var client = new OurClient(url, caPem);
                client._client.Connect();
                client._opened.Wait();
                if (client._client.ReadyState != WebSocketState.Open)
                {
                    throw new InvalidOperationException("did not open " + url);
                }

                return client;
            }

            public void RoundTrip()
            {
                _echo.Reset();
                while (!_client.Send(WebSocketMessageType.Binary, Payload, 0, Payload.Length))
                {
                    Thread.Yield();
                }

                _echo.Wait();
            }

            public void Dispose()
            {
                _client.Close();
                _client.WaitClosed(10000);
            }
        }

        /// <summary>.NET's ClientWebSocket with the same certificate check (chain to the test CA only).</summary>
        private sealed class DotNetClient : IDisposable
        {
            private readonly ClientWebSocket _socket;
            private readonly byte[] _payload = new byte[32];
            private readonly byte[] _buffer = new byte[1024];

            private DotNetClient(ClientWebSocket socket)
            {
                _socket = socket;
            }

            public static DotNetClient Open(string url, X509Certificate2 ca)
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                socket.Options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || certificate == null)
                    {
                        return false;
                    }

                    using var custom = new X509Chain();
                    custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    custom.ChainPolicy.CustomTrustStore.Add(ca);
                    custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return custom.Build(new X509Certificate2(certificate));
                };
                socket.ConnectAsync(new Uri(url), CancellationToken.None).GetAwaiter().GetResult();
                return new DotNetClient(socket);
            }

            public void RoundTrip()
            {
                _socket.SendAsync(new ReadOnlyMemory<byte>(_payload), System.Net.WebSockets.WebSocketMessageType.Binary, true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = _socket.ReceiveAsync(new Memory<byte>(_buffer), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
                while (!result.EndOfMessage);
            }

            public void Dispose()
            {
                try
                {
                    _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch (WebSocketException)
                {
                }

                _socket.Dispose();
            }
        }
    }
}
