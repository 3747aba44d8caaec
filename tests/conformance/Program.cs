using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NanoWs.Conformance
{
    /// <summary>
    /// Command line of the conformance runner.
    /// <code>
    /// server mode: NanoWs.Conformance server --url ws://127.0.0.1:9001/ [--target name] [--full]
    ///              (wss:// URL: add --ca ca.pem to trust only that CA, else the system's store decides)
    /// client mode: NanoWs.Conformance client [--client-cmd "node ws-echo-client.js {url}" | --client-driver "node ws-echo-clients.js"] [--target name] [--full]
    ///              (--tls-cert cert.pem --tls-key key.pem: wss:// with that certificate; --ca ca.pem: the CA our in-process client trusts)
    /// policy mode: NanoWs.Conformance policy --url ws://127.0.0.1:9001/ --allowed-origin http://a.example --max-connections 3 [--target name]
    /// common:      [--out artifacts/conformance] [--cases 1.,6.4] [--slow-wait-ms N] [--quiet]
    /// listing:     NanoWs.Conformance --list
    /// </code>
    /// Server mode plays the client against an echo server; client mode plays the server against a
    /// client in echo mode (our WebSocketClient in-process unless --client-cmd names a command to
    /// start per case, with {url} replaced, or --client-driver a command started once that opens a
    /// client per "open ID URL" line on its stdin; see <see cref="DriverClientTarget"/>). Policy mode plays the client against an echo server
    /// configured with an origin allow-list and a connection cap (section 30). Results go to &lt;out&gt;/&lt;target&gt;.json; the exit code is 1
    /// when any case FAILED, 2 on bad arguments.
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the mode the arguments name; see the class summary.</summary>
        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--list")
            {
                foreach (ServerCase c in Catalogue.ServerCases(full: false)) Console.WriteLine("server " + c.Id + "\t" + c.Description);
                foreach (ClientCase c in ClientCatalogue.Cases(full: false)) Console.WriteLine("client " + c.Id + "\t" + c.Description);
                foreach (ServerCase c in Catalogue.PolicyCases("<allowed-origin>", 3)) Console.WriteLine("policy " + c.Id + "\t" + c.Description);
                return 0;
            }

            if (args.Length == 0 || (args[0] != "server" && args[0] != "client" && args[0] != "policy"))
            {
                return Usage();
            }

            string mode = args[0];
            var options = new Dictionary<string, string>();
            var flags = new HashSet<string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--full" || args[i] == "--quiet")
                {
                    flags.Add(args[i]);
                }
                else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    options[args[i]] = args[++i];
                }
                else
                {
                    return Usage();
                }
            }

            string[] filter = options.TryGetValue("--cases", out string cases) ? cases.Split(',') : null;
            int slowWaitMs = options.TryGetValue("--slow-wait-ms", out string slow) ? int.Parse(slow) : 12000;
            if (options.TryGetValue("--patience", out string patience))
            {
                if (!int.TryParse(patience, out int factor) || factor < 1)
                {
                    return Usage();
                }

                Patience.Factor = factor;
            }

            WireTls tls = null;
            if (options.TryGetValue("--ca", out string ca) || options.ContainsKey("--tls-cert"))
            {
                tls = new WireTls
                {
                    TrustedCaPem = ca == null ? null : File.ReadAllText(ca),
                    CertificatePem = options.TryGetValue("--tls-cert", out string cert) ? File.ReadAllText(cert) : null,
                    KeyPem = options.TryGetValue("--tls-key", out string key) ? File.ReadAllText(key) : null,
                };
            }

            string outDir = options.TryGetValue("--out", out string o) ? o : Path.Combine("artifacts", "conformance");
            bool quiet = flags.Contains("--quiet");
            List<CaseResult> results;
            string target;
            if (mode == "server")
            {
                if (!options.TryGetValue("--url", out string url))
                {
                    return Usage();
                }

                target = options.TryGetValue("--target", out string t) ? t : "server";
                results = RunServer(new Uri(url), flags.Contains("--full"), filter, quiet, slowWaitMs, tls);
            }
            else if (mode == "policy")
            {
                if (!options.TryGetValue("--url", out string url) || !options.TryGetValue("--allowed-origin", out string origin)
                    || !options.TryGetValue("--max-connections", out string max) || !int.TryParse(max, out int maxConnections) || maxConnections < 1)
                {
                    return Usage();
                }

                target = options.TryGetValue("--target", out string t) ? t : "policy";
                results = RunPolicy(new Uri(url), origin, maxConnections, filter, quiet, tls);
            }
            else
            {
                options.TryGetValue("--client-cmd", out string command);
                options.TryGetValue("--client-driver", out string driver);
                if (command != null && driver != null)
                {
                    return Usage();
                }

                target = options.TryGetValue("--target", out string t) ? t : command == null && driver == null ? "nanows-client" : "client";
                if (tls != null && (tls.CertificatePem == null || tls.KeyPem == null))
                {
                    return Usage();
                }

                IClientTarget client = driver != null ? new DriverClientTarget(driver) : command != null ? new CommandClientTarget(command) : new InProcessClientTarget(tls?.TrustedCaPem);
                results = RunClient(client, flags.Contains("--full"), filter, quiet, tls);
            }

            string path = Path.Combine(outDir, target + ".json");
            Report.WriteJson(path, target, mode, results);
            Console.WriteLine(Report.Table(target, results));
            Console.WriteLine("results: " + path);
            return results.Any(r => r.Result == Verdict.Failed) ? 1 : 0;
        }

        /// <summary>Runs the server-mode catalogue against an echo server at <paramref name="url"/> (wss:// through <paramref name="tls"/>).</summary>
        public static List<CaseResult> RunServer(Uri url, bool full, string[] filter = null, bool quiet = true, int slowWaitMs = 12000, WireTls tls = null)
        {
            var runner = new ServerRunner(url, tls) { SlowClientWaitMs = slowWaitMs };
            IEnumerable<ServerCase> cases = Catalogue.ServerCases(full).Where(c => Selected(c.Id, filter));
            return runner.RunAll(cases, quiet ? null : Progress);
        }

        /// <summary>
        /// Runs the handshake-policy cases (section 30) against an echo server at <paramref name="url"/>
        /// that allows <paramref name="allowedOrigin"/> (and not http://evil.example) and holds at most
        /// <paramref name="maxConnections"/> connections; nothing else may be connected to it meanwhile.
        /// </summary>
        public static List<CaseResult> RunPolicy(Uri url, string allowedOrigin, int maxConnections, string[] filter = null, bool quiet = true, WireTls tls = null)
        {
            var runner = new ServerRunner(url, tls);
            IEnumerable<ServerCase> cases = Catalogue.PolicyCases(allowedOrigin, maxConnections).Where(c => Selected(c.Id, filter));
            return runner.RunAll(cases, quiet ? null : Progress);
        }

        /// <summary>
        /// Runs the client-mode catalogue against our client (in-process) or a command started per
        /// case; <paramref name="full"/> selects section 9's full sizes.
        /// </summary>
        public static List<CaseResult> RunClient(string command, bool full = false, string[] filter = null, bool quiet = true) =>
            RunClient(command == null ? new InProcessClientTarget() : new CommandClientTarget(command), full, filter, quiet);

        /// <summary>
        /// Runs the client-mode catalogue against <paramref name="target"/> (disposed at the end when
        /// it is disposable, as a <see cref="DriverClientTarget"/> is); with <paramref name="tls"/> (a
        /// certificate and key) the client is given wss:// URLs and the tester is a TLS server.
        /// </summary>
        public static List<CaseResult> RunClient(IClientTarget target, bool full = false, string[] filter = null, bool quiet = true, WireTls tls = null)
        {
            using var runner = new ClientRunner(target, tls);
            IEnumerable<ClientCase> cases = ClientCatalogue.Cases(full).Where(c => Selected(c.Id, filter));
            return runner.RunAll(cases, quiet ? null : Progress);
        }

        private static bool Selected(string id, string[] filter) =>
            filter == null || filter.Any(f => id == f || (f.EndsWith('.') && id.StartsWith(f, StringComparison.Ordinal)));

        private static void Progress(CaseResult r) =>
            Console.WriteLine(string.Format("{0,-14} {1,-8} {2,8:0} ms  {3}", CaseResult.Name(r.Result), r.Id, r.DurationMs, r.Description));

        private static int Usage()
        {
            Console.Error.WriteLine("usage: NanoWs.Conformance server --url ws://host:port/path [--target name] [--full]");
            Console.Error.WriteLine("       NanoWs.Conformance client [--client-cmd \"command {url}\" | --client-driver \"command\"] [--target name] [--full]");
            Console.Error.WriteLine("       NanoWs.Conformance policy --url ws://host:port/path --allowed-origin ORIGIN --max-connections N [--target name]");
            Console.Error.WriteLine("       common: [--out dir] [--cases 1.,6.4] [--slow-wait-ms N] [--patience N] [--quiet]");
            Console.Error.WriteLine("       wss: server/policy [--ca ca.pem]; client --tls-cert cert.pem --tls-key key.pem [--ca ca.pem]");
            return 2;
        }
    }
}
