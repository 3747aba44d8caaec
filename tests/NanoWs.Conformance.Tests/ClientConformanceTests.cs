using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoWs.Tests;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Conformance.Tests
{
    /// <summary>
    /// The conformance catalogue's client mode in CI: the runner plays the server against a client in
    /// echo mode. Sections 1–7, 9 (reduced sizes) and 10 are the server catalogue's cases with the
    /// roles swapped (the tester's frames unmasked, the client's required masked); 20–22 are the
    /// client's own. Our client must be OK on every case but the INFORMATIONAL ones named below; Node's
    /// `ws` client must get exactly the verdicts known of it and a lax client must be reported FAILED
    /// (checks of the runner). Results go to artifacts/conformance/&lt;target&gt;.json.
    /// </summary>
    [Collection(ConformanceAssert.Collection)]
    public sealed class ClientConformanceTests
    {
        private static readonly int[] Sections = { 1, 2, 3, 4, 5, 6, 7, 9, 10, 20, 21, 22 };

        /// <summary>
        /// Cases of our client that are not OK, and why: each is informational by definition, so
        /// nothing a client does there can be OK or fail.
        /// </summary>
        private static readonly Dictionary<string, Verdict> OurClientExceptions = new Dictionary<string, Verdict>
        {
            // 256 KiB binary, close, ping: whether the echo still goes out after the close is the peer's choice.
            ["7.6"] = Verdict.Informational,

            // Close codes 5000 and 65535 are outside every range RFC 6455 §7.4 defines.
            ["7.36"] = Verdict.Informational,
            ["7.37"] = Verdict.Informational,

            // The server selects none of the subprotocols offered: a client may insist; ours accepts.
            ["20.2"] = Verdict.Informational,
        };

        private readonly ITestOutputHelper _output;

        public ClientConformanceTests(ITestOutputHelper output)
        {
            _output = output;

            // A correct peer ends every wait itself; the factor only keeps a busy machine from
            // making it look slow (see Patience).
            Patience.Factor = Patience.TestFactor;
        }

        /// <summary>
        /// Every case OK but the informational ones above: a NON-STRICT verdict (fail-fast UTF-8
        /// reached only at the end of the message, TCP dropped without a close frame) fails CI as a
        /// FAILED one does.
        /// </summary>
        [Fact]
        public void OurClientIsOkOnEveryCaseButTheInformationalOnes()
        {
            List<CaseResult> results = Program.RunClient(command: null);
            Publish("nanows-client", results);
            Assert.Equal(Sections, results.Select(r => r.Section).Distinct().ToArray());
            Assert.Equal(ServerProtocolCaseIds(), results.Where(r => r.Section < 20).Select(r => r.Id).ToList());
            ConformanceAssert.Verdicts("nanows-client", results, OurClientExceptions);
        }

        /// <summary>
        /// The same catalogue over wss://: the tester is a TLS server with the test certificate and
        /// our client trusts only the test CA. The same verdicts as over ws://.
        /// </summary>
        [Fact]
        public void OurClientOverWssIsOkOnEveryCaseButTheInformationalOnes()
        {
            var tls = new WireTls { CertificatePem = TestCertificates.Shared.Cert("server"), KeyPem = TestCertificates.Shared.Key("server") };
            List<CaseResult> results = Program.RunClient(new InProcessClientTarget(TestCertificates.Shared.Cert("ca")), tls: tls);
            Publish("nanows-client-wss", results);
            Assert.Equal(Sections, results.Select(r => r.Section).Distinct().ToArray());
            Assert.Equal(ServerProtocolCaseIds(), results.Where(r => r.Section < 20).Select(r => r.Id).ToList());
            Assert.Equal(ClientCatalogue.Cases(full: false).Count(), results.Count);
            ConformanceAssert.Verdicts("nanows-client-wss", results, OurClientExceptions);
        }

        /// <summary>
        /// `ws` 8.23.0 as a client, all clients in one node process (tests/conformance/ws-echo-clients.js):
        /// OK except UTF-8 fail-fast (it validates a text message when the message ends, so it fails
        /// with 1007 only after the rest arrived: NON-STRICT, as its server does), the informational
        /// close cases, and 20.2 (it fails a connection whose server selected none of the subprotocols
        /// it offered).
        /// </summary>
        [Fact]
        public void NodeWsClientGetsTheVerdictsKnownOfIt()
        {
            NodePeer.InteropDirectory();
            string script = Path.Combine(ConformanceDirectory(), "ws-echo-clients.js");
            List<CaseResult> results = Program.RunClient(new DriverClientTarget("node '" + script + "'"));
            Publish("node-ws-client", results);
            Assert.Equal(Sections, results.Select(r => r.Section).Distinct().ToArray());

            var expected = new Dictionary<string, Verdict>
            {
                ["7.6"] = Verdict.Informational,
                ["7.36"] = Verdict.Informational,
                ["7.37"] = Verdict.Informational,
                ["20.2"] = Verdict.Informational,
            };
            List<string> failFast = ConformanceAssert.FailFastIds(results);
            Assert.Equal(new[] { "6.199", "6.200", "6.201", "6.202" }, failFast);
            failFast.ForEach(id => expected[id] = Verdict.NonStrict);
            ConformanceAssert.Verdicts("node-ws-client", results, expected);
            foreach (string id in failFast)
            {
                CaseResult r = results.Single(c => c.Id == id);
                Assert.Equal(1007, r.RemoteCloseCode);
                Assert.Equal("peer", r.ClosedBy);
            }

            Assert.Contains(results.Single(r => r.Id == "20.2").Notes, n => n.Contains("Server sent no subprotocol", StringComparison.Ordinal));
        }

        /// <summary>
        /// The other way of running a client, one process per case (--client-cmd, with the script
        /// tests/interop/ws-echo-client.js), gives `ws` the same verdicts on a sample of cases.
        /// </summary>
        [Fact]
        public void NodeWsClientStartedPerCaseGetsTheSameVerdicts()
        {
            string script = Path.Combine(NodePeer.InteropDirectory(), "ws-echo-client.js");
            string[] sample = { "1.1", "2.5", "5.6", "6.199", "7.8", "20.2", "20.5", "22.1" };
            List<CaseResult> results = Program.RunClient("node '" + script + "' {url}", filter: sample);
            Publish("node-ws-client-per-case", results);
            Assert.Equal(sample, results.Select(r => r.Id).ToArray());
            ConformanceAssert.Verdicts("node-ws-client-per-case", results, new Dictionary<string, Verdict>
            {
                ["6.199"] = Verdict.NonStrict,
                ["20.2"] = Verdict.Informational,
            });
        }

        /// <summary>
        /// A client that checks nothing echoes valid traffic (OK) but must be FAILED on every case
        /// that checks something, in the sections taken from the server catalogue and in its own.
        /// </summary>
        [Fact]
        public void LaxClientIsReportedFailed()
        {
            // A lax peer never answers a violation, so each FAILED case waits its limit out: at the
            // catalogue's own limits the run stays short. What it must get OK (echo, a clean
            // close) an in-process thread answers at once.
            Patience.Factor = 1;
            string[] ok = { "1.1", "1.9", "2.2", "5.3", "6.4", "21.1" };
            string[] failed = { "2.5", "3.1", "4.1", "4.6", "5.1", "5.18", "6.55", "6.56", "6.57", "6.199", "7.8", "7.27", "20.3", "20.5", "22.1", "22.11" };
            List<CaseResult> results = Program.RunClient(new LaxEchoClient(), filter: ok.Concat(failed).ToArray());
            Publish("lax-client", results);
            Assert.Equal(ok.Length + failed.Length, results.Count);
            var expected = failed.ToDictionary(id => id, id => Verdict.Failed);
            ConformanceAssert.Verdicts("lax-client", results, expected);
        }

        /// <summary>The ids of the server catalogue's protocol cases (every section but the handshake), in order.</summary>
        private static List<string> ServerProtocolCaseIds() =>
            Catalogue.ServerCases(full: false).Where(c => c.Run != null).Select(c => c.Id).ToList();

        private static string ConformanceDirectory() =>
            Path.Combine(Path.GetDirectoryName(NodePeer.InteropDirectory()), "conformance");

        private void Publish(string target, List<CaseResult> results) => ConformanceAssert.Publish(_output, target, "client", results);
    }
}
