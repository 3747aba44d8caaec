using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using NanoWs.Net;
using NanoWs.Samples.EchoServer;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Conformance.Tests
{
    /// <summary>
    /// The conformance catalogue in CI, at reduced sizes: our echo server and our client must have no
    /// FAILED case; Node's `ws` must get exactly the verdicts known of it (a check of the runner);
    /// a lax peer must be reported FAILED. Results go to artifacts/conformance/&lt;target&gt;.json.
    /// </summary>
    public sealed class ConformanceTests
    {
        private readonly ITestOutputHelper _output;

        public ConformanceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void OurServerHasNoFailedCase()
        {
            // Configured as samples/EchoServer/Program.cs configures it.
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = 16,
                ListenBacklog = 64,
                Connection = EchoApp.CreateConnectionOptions(64 * 1024, 64 * 1024),
            };
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunServer(new Uri("ws://127.0.0.1:" + server.LocalPort + "/"), full: false);
                Publish("nanows-server", "server", results);
                AssertNoFailed(results);
            }
            finally
            {
                server.Stop();
            }
        }

        /// <summary>
        /// Section 30, the handshake policies: the echo server with an origin allow-list and a cap
        /// of three connections must answer 403 to a disallowed Origin, 101 to an allowed one (and to
        /// none), and 503 to the connection over the cap while the others keep working; every case
        /// OK. Node's `ws` has neither policy built in (they are verifyClient/app code there), so
        /// these cases have no cross-check against it.
        /// </summary>
        [Fact]
        public void OurServerEnforcesItsHandshakePolicies()
        {
            const string allowed = "http://allowed.example";
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = 3,
                AllowedOrigins = new[] { allowed, "http://192.168.1.20" },
                Connection = EchoApp.CreateConnectionOptions(4096, 4096),
            };
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunPolicy(new Uri("ws://127.0.0.1:" + server.LocalPort + "/"), allowed, options.MaxConnections);
                Publish("nanows-policy", "server", results);
                AssertNoFailed(results);
                Assert.Equal(6, results.Count);
                List<CaseResult> notOk = results.Where(r => r.Result != Verdict.OK).ToList();
                Assert.True(notOk.Count == 0, "not OK:\n" + Report.Table("nanows-policy", results));
            }
            finally
            {
                server.Stop();
            }
        }

        /// <summary>The policy cases check something: a server without an allow-list or a low cap fails 30.2, 30.3 and 30.5.</summary>
        [Fact]
        public void PolicyCasesFailAServerWithoutThePolicies()
        {
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = 8,
                Connection = EchoApp.CreateConnectionOptions(4096, 4096),
            };
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunPolicy(new Uri("ws://127.0.0.1:" + server.LocalPort + "/"), "http://allowed.example", maxConnections: 3);
                Publish("policy-unconfigured", "server", results);
                var verdicts = results.ToDictionary(r => r.Id, r => r.Result);
                Assert.Equal(
                    new Dictionary<string, Verdict>
                    {
                        ["30.1"] = Verdict.OK, ["30.2"] = Verdict.Failed, ["30.3"] = Verdict.Failed,
                        ["30.4"] = Verdict.OK, ["30.5"] = Verdict.Failed, ["30.6"] = Verdict.OK,
                    },
                    verdicts);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public void OurClientHasNoFailedCase()
        {
            List<CaseResult> results = Program.RunClient(command: null);
            Publish("nanows-client", "client", results);
            AssertNoFailed(results);
        }

        /// <summary>
        /// `ws` 8.23.0 (tests/interop): OK on the public suite's ground except UTF-8 fail-fast (it
        /// validates a message when it ends: NON-STRICT, as in its Autobahn reports); in the
        /// handshake it accepts a request without Host and an HTTP/1.0 upgrade, answers an unknown
        /// version with 400 (not 426), has no handshake timeout of its own, and a header limit
        /// (16 KiB) above 200 short lines.
        /// </summary>
        [Fact]
        public void NodeWsServerGetsTheVerdictsKnownOfIt()
        {
            using var node = NodePeer.Start("ws-echo-server.js");
            int port = int.Parse(node.FirstLine);
            List<CaseResult> results = Program.RunServer(new Uri("ws://127.0.0.1:" + port + "/"), full: false, slowWaitMs: 2000);
            Publish("node-ws", "server", results);

            var expected = new Dictionary<string, Verdict>
            {
                ["0.4"] = Verdict.NonStrict,
                ["0.11"] = Verdict.Failed,
                ["0.13"] = Verdict.Informational,
                ["0.15"] = Verdict.Failed,
                ["0.19"] = Verdict.NonStrict,
                ["7.6"] = Verdict.Informational,
                ["7.36"] = Verdict.Informational,
                ["7.37"] = Verdict.Informational,
            };
            foreach (CaseResult r in results.Where(r => r.Description.StartsWith("fail fast", StringComparison.Ordinal)))
            {
                expected[r.Id] = Verdict.NonStrict;
            }

            Assert.Equal(4, results.Count(r => r.Description.StartsWith("fail fast", StringComparison.Ordinal)));
            var actual = results.Where(r => r.Result != Verdict.OK).ToDictionary(r => r.Id, r => r.Result);
            Assert.True(
                expected.OrderBy(e => e.Key).SequenceEqual(actual.OrderBy(e => e.Key)),
                "ws verdicts differ from those known of it:\n" + Report.Table("node-ws", results));
        }

        [Fact]
        public void NodeWsClientGetsTheVerdictsKnownOfIt()
        {
            string script = Path.Combine(NodePeer.InteropDirectory(), "ws-echo-client.js");
            List<CaseResult> results = Program.RunClient("node '" + script + "' {url}");
            Publish("node-ws-client", "client", results);

            // ws fails a connection when it offered subprotocols and the server selected none.
            var actual = results.Where(r => r.Result != Verdict.OK).ToDictionary(r => r.Id, r => r.Result);
            Assert.Equal(new Dictionary<string, Verdict> { ["20.2"] = Verdict.Informational }, actual);
            Assert.Contains(results.Single(r => r.Id == "20.2").Notes, n => n.Contains("Server sent no subprotocol", StringComparison.Ordinal));
        }

        /// <summary>A peer that checks nothing must fail the cases that check something, and pass the rest.</summary>
        [Fact]
        public void LaxPeerIsReportedFailed()
        {
            using var lax = new LaxEchoServer();
            List<CaseResult> results = Program.RunServer(lax.Url, full: false, new[] { "1.1", "1.9", "2.2", "2.5", "3.1", "3.5", "4.1", "4.6", "5.1", "5.18", "6.4", "6.55", "6.56", "6.57", "7.8", "7.27" });
            Publish("lax-peer", "server", results);
            var verdicts = results.ToDictionary(r => r.Id, r => r.Result);

            // Valid traffic is echoed: the runner does not fail everything.
            foreach (string id in new[] { "1.1", "1.9", "2.2", "6.4" })
            {
                Assert.Equal(Verdict.OK, verdicts[id]);
            }

            // RSV bits, reserved opcodes, oversized and fragmented control frames, bad fragments,
            // invalid UTF-8 (whole, in 1-byte fragments, torn) and a 1-byte close payload all pass it.
            foreach (string id in new[] { "2.5", "3.1", "3.5", "4.1", "4.6", "5.1", "5.18", "6.55", "6.56", "6.57", "7.8", "7.27" })
            {
                Assert.True(verdicts[id] == Verdict.Failed, id + " should be FAILED for the lax peer:\n" + Report.Table("lax-peer", results));
            }
        }

        private void Publish(string target, string mode, List<CaseResult> results)
        {
            string path = Path.Combine(RepositoryRoot(), "artifacts", "conformance", target + ".json");
            Report.WriteJson(path, target, mode, results);
            _output.WriteLine(Report.Table(target, results));
            _output.WriteLine("results: " + path + ", " + Math.Round(results.Sum(r => r.DurationMs) / 1000, 1) + " s");
        }

        private static void AssertNoFailed(List<CaseResult> results)
        {
            Assert.NotEmpty(results);
            List<CaseResult> failed = results.Where(r => r.Result == Verdict.Failed).ToList();
            Assert.True(failed.Count == 0, failed.Count + " FAILED:\n" + string.Join("\n", failed.Select(r => r.Id + " " + r.Description + ": " + string.Join("; ", r.Notes))));
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NanoWs.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }
}
