using System;
using System.Collections.Generic;
using System.Text;

namespace NanoWs.Conformance
{
    public static partial class Catalogue
    {
        /// <summary>An Origin no server under test allows.</summary>
        public const string DisallowedOrigin = "http://evil.example";

        private static ServerCase Policy(string id, string description, Action<HandshakeCheck> run) =>
            new ServerCase { Id = id, Section = 30, Description = description, RunHandshake = run };

        /// <summary>
        /// 30: handshake policies ("Beyond the public suite"), for a server configured with an origin
        /// allow-list holding <paramref name="allowedOrigin"/> and a cap of
        /// <paramref name="maxConnections"/> connections. Not part of <see cref="ServerCases"/>: the
        /// default catalogue runs against servers without such a configuration.
        /// </summary>
        public static List<ServerCase> PolicyCases(string allowedOrigin, int maxConnections)
        {
            return new List<ServerCase>
            {
                Policy("30.1", "Origin on the allow-list: 101, echo, clean close", h =>
                    ExpectUpgradeAndEcho(h, Request(h, extra: "Origin: " + allowedOrigin + "\r\n"))),
                Policy("30.2", "Origin not on the allow-list: 403", h =>
                    ExpectStatus(h, Request(h, extra: "Origin: " + DisallowedOrigin + "\r\n"), 403)),
                Policy("30.3", "Origin differing from an allowed one only in its port: 403", h =>
                    ExpectStatus(h, Request(h, extra: "Origin: " + WithPort(allowedOrigin, 8443) + "\r\n"), 403)),
                Policy("30.4", "no Origin header (not a browser): 101", h =>
                {
                    // RFC 6455 §10.2: the Origin check protects against browsers; other clients may
                    // send none. Refusing them is a stricter policy, not a protocol error.
                    WireConnection wire = Open(h, "", out string problem);
                    if (wire == null)
                    {
                        h.Mark(Verdict.Informational, "refused without Origin: " + problem);
                        return;
                    }

                    using (wire)
                    {
                        EchoAndClose(h, wire, "without Origin");
                    }
                }),
                Policy("30.5", "connection cap: connection " + (maxConnections + 1) + " gets 503 while the " + maxConnections + " open ones keep working", h =>
                    ConnectionCap(h, maxConnections, allowedOrigin)),
                Policy("30.6", "a slot freed by a closed connection is given to the next upgrade: 101", h =>
                    SlotReuse(h, maxConnections, allowedOrigin)),
            };
        }

        private static string WithPort(string origin, int port)
        {
            var uri = new Uri(origin);
            return uri.Scheme + "://" + uri.Host + ":" + (uri.Port == port ? port + 1 : port);
        }

        /// <summary>Connects and completes a good handshake; null with the reason when refused.</summary>
        private static WireConnection Open(HandshakeCheck h, string extra, out string problem)
        {
            WireConnection wire = h.TryConnect(out problem);
            if (wire == null)
            {
                return null;
            }

            wire.Write(Encoding.ASCII.GetBytes(Request(h, extra: extra)));
            problem = ServerRunner.CheckSwitchingProtocols(HttpHead.Parse(wire.ReadHead(5000)), ServerRunner.GoodKey);
            if (problem != null)
            {
                wire.Dispose();
                return null;
            }

            wire.StartReader();
            return wire;
        }

        /// <summary>
        /// Fills every slot. Connections of earlier cases may still be on their way out, so a 503
        /// while filling is retried for a moment (noted) before it counts as a failure.
        /// </summary>
        private static List<WireConnection> Fill(HandshakeCheck h, int count, string origin)
        {
            var open = new List<WireConnection>();
            string extra = "Origin: " + origin + "\r\n";
            DateTime end = DateTime.UtcNow.AddSeconds(5);
            while (open.Count < count)
            {
                WireConnection wire = Open(h, extra, out string problem);
                if (wire != null)
                {
                    open.Add(wire);
                    continue;
                }

                if (DateTime.UtcNow > end)
                {
                    h.Mark(Verdict.Failed, "connection " + (open.Count + 1) + " of " + count + " refused: " + problem);
                    break;
                }

                h.Notes.Add("connection " + (open.Count + 1) + " refused while filling (" + problem + "), retried");
                System.Threading.Thread.Sleep(100);
            }

            return open;
        }

        private static void ConnectionCap(HandshakeCheck h, int maxConnections, string origin)
        {
            List<WireConnection> open = Fill(h, maxConnections, origin);
            try
            {
                if (open.Count < maxConnections)
                {
                    return;
                }

                // One over the cap: 503 (the server is full), not a hang and not an upgrade.
                ExpectStatus(h, Request(h, extra: "Origin: " + origin + "\r\n"), 503);
                for (int i = 0; i < open.Count; i++)
                {
                    EchoAndClose(h, open[i], "on connection " + (i + 1) + " after the refusal");
                }
            }
            finally
            {
                open.ForEach(w => w.Dispose());
            }
        }

        private static void SlotReuse(HandshakeCheck h, int maxConnections, string origin)
        {
            List<WireConnection> open = Fill(h, maxConnections, origin);
            try
            {
                if (open.Count < maxConnections)
                {
                    return;
                }

                // Close one cleanly (the server ends TCP after the close handshake), then upgrade again.
                EchoAndClose(h, open[0], "on the connection given up");
                open[0].Dispose();
                open.RemoveAt(0);
                List<WireConnection> again = Fill(h, 1, origin);
                open.AddRange(again);
                if (again.Count == 1)
                {
                    EchoAndClose(h, again[0], "on the connection in the freed slot");
                    h.Notes.Add("freed slot taken");
                }
            }
            finally
            {
                open.ForEach(w => w.Dispose());
            }
        }
    }
}
