using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using NanoWs.Net;
using NanoWs.Tests;
using NanoWs.Samples.EchoServer;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Conformance.Tests
{
    /// <summary>
    /// The conformance catalogue's server mode in CI, at reduced sizes: every case of our echo server
    /// must be OK, except a short list of INFORMATIONAL ones named below (a NON-STRICT or a FAILED
    /// case fails CI); Node's `ws` must get exactly the verdicts known of it and a lax server must be
    /// reported FAILED (checks of the runner). Results go to artifacts/conformance/&lt;target&gt;.json.
    /// </summary>
    [Collection(ConformanceAssert.Collection)]
    public sealed class ServerConformanceTests
    {
        private readonly ITestOutputHelper _output;

        public ServerConformanceTests(ITestOutputHelper output)
        {
            _output = output;

            // A correct peer ends every wait itself; the factor only keeps a busy machine from
            // making it look slow (see Patience).
            Patience.Factor = Patience.TestFactor;
        }

        /// <summary>
        /// Cases of our server that are not OK, and why: the catalogue marks them informational
        /// (CONFORMANCE.md section 7), so nothing our server does there can be OK or fail.
        /// </summary>
        private static readonly Dictionary<string, Verdict> OurServerExceptions = new Dictionary<string, Verdict>
        {
            // 256 KiB binary, close, ping: whether the echo still goes out after the close is the peer's choice.
            ["7.6"] = Verdict.Informational,

            // Close codes 5000 and 65535 are outside every range RFC 6455 §7.4 defines.
            ["7.36"] = Verdict.Informational,
            ["7.37"] = Verdict.Informational,
        };

        /// <summary>
        /// Every case OK but the informational ones above: a NON-STRICT verdict (fail-fast UTF-8
        /// reached only at the end of the message, another 4xx instead of 426/405/431, no handshake
        /// timeout, TCP dropped without a close frame) fails CI as a FAILED one does.
        /// </summary>
        [Fact]
        public void OurServerIsOkOnEveryCaseButTheInformationalOnes()
        {
            RunOurServer(tls: false, "nanows-server");
        }

        /// <summary>
        /// The same catalogue over wss://: the server with the test certificate, the tester's every
        /// connection through TLS trusting only the test CA. The same verdicts as over ws://.
        /// </summary>
        [Fact]
        public void OurServerOverWssIsOkOnEveryCaseButTheInformationalOnes()
        {
            RunOurServer(tls: true, "nanows-server-wss");
        }

        private void RunOurServer(bool tls, string target)
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
            WithTls(options, tls);
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunServer(Url(server, tls), full: false, tls: TesterTls(tls));
                Publish(target, results);
                Assert.Equal(Catalogue.ServerCases(full: false).Select(c => c.Id).ToList(), results.Select(r => r.Id).ToList());
                ConformanceAssert.Verdicts(target, results, OurServerExceptions);
            }
            finally
            {
                server.Stop();
            }
        }

        /// <summary>The server's certificate and key when <paramref name="tls"/>.</summary>
        private static void WithTls(WebSocketServerOptions options, bool tls)
        {
            if (tls)
            {
                options.TlsCertificatePem = TestCertificates.Shared.Cert("server");
                options.TlsKeyPem = TestCertificates.Shared.Key("server");
            }
        }

        /// <summary>The tester's TLS (trusting only the test CA) when <paramref name="tls"/>, else null.</summary>
        private static WireTls TesterTls(bool tls) => tls ? new WireTls { TrustedCaPem = TestCertificates.Shared.Cert("ca") } : null;

        private static Uri Url(WebSocketServer server, bool tls) => new Uri((tls ? "wss" : "ws") + "://127.0.0.1:" + server.LocalPort + "/");

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
            List<CaseResult> results = RunPolicy(tls: false, "nanows-policy");
            ConformanceAssert.Verdicts("nanows-policy", results, new Dictionary<string, Verdict>());
        }

        /// <summary>
        /// Section 30 over wss://: the same verdicts but 30.5. A TLS server that is full closes the
        /// new connection before the TLS handshake instead of answering 503 (docs/tls.md: a browser
        /// could not read a plaintext 503 on an https port), so no status can be read: NON-STRICT by
        /// the case's rule for a connection closed without a response, while the open connections
        /// keep echoing and close cleanly.
        /// </summary>
        [Fact]
        public void OurServerEnforcesItsHandshakePoliciesOverWss()
        {
            List<CaseResult> results = RunPolicy(tls: true, "nanows-policy-wss");
            ConformanceAssert.Verdicts("nanows-policy-wss", results, new Dictionary<string, Verdict> { ["30.5"] = Verdict.NonStrict });
            CaseResult cap = results.Single(r => r.Id == "30.5");
            Assert.Contains(cap.Notes, n => n.StartsWith("connection ended during the TLS handshake (TLS handshake (tester as client) failed: ", StringComparison.Ordinal));
            Assert.Contains("connection closed without a response, expected 503", cap.Notes);
            Assert.DoesNotContain(cap.Notes, n => n.StartsWith("tester error", StringComparison.Ordinal));
        }

        private List<CaseResult> RunPolicy(bool tls, string target)
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
            WithTls(options, tls);
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunPolicy(Url(server, tls), allowed, options.MaxConnections, tls: TesterTls(tls));
                Publish(target, results);
                Assert.Equal(6, results.Count);
                return results;
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

                // The same-origin rule is on by default: turned off, the server has no origin policy.
                SameOriginOnly = false,
            };
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            try
            {
                List<CaseResult> results = Program.RunPolicy(new Uri("ws://127.0.0.1:" + server.LocalPort + "/"), "http://allowed.example", maxConnections: 3);
                Publish("policy-unconfigured", results);
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
            Publish("node-ws", results);

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
            List<string> failFast = ConformanceAssert.FailFastIds(results);
            Assert.Equal(new[] { "6.199", "6.200", "6.201", "6.202" }, failFast);
            failFast.ForEach(id => expected[id] = Verdict.NonStrict);
            ConformanceAssert.Verdicts("node-ws", results, expected);
        }

        /// <summary>A server that checks nothing must fail the cases that check something, and pass the rest.</summary>
        [Fact]
        public void LaxServerIsReportedFailed()
        {
            // A lax peer never answers a violation, so each FAILED case waits its limit out: at the
            // catalogue's own limits the run stays short. What it must get OK (echo, a clean
            // close) an in-process thread answers at once.
            Patience.Factor = 1;
            using var lax = new LaxEchoServer();
            List<CaseResult> results = Program.RunServer(lax.Url, full: false, new[] { "1.1", "1.9", "2.2", "2.5", "3.1", "3.5", "4.1", "4.6", "5.1", "5.18", "6.4", "6.55", "6.56", "6.57", "7.8", "7.27" });
            Publish("lax-peer", results);
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

        private void Publish(string target, List<CaseResult> results) => ConformanceAssert.Publish(_output, target, "server", results);
    }
}
