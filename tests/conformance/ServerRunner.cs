using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NanoWs.Conformance
{
    /// <summary>One server-mode case: either a protocol script run after a good handshake, or a handshake check.</summary>
    public sealed class ServerCase
    {
        /// <summary>Case id, as in the catalogue ("6.199").</summary>
        public string Id;

        /// <summary>Section number: the part of the id before the first dot.</summary>
        public int Section;

        /// <summary>What the case sends and what it expects, in one line.</summary>
        public string Description;

        /// <summary>Protocol case: writes frames and sets the expectation.</summary>
        public Action<Probe> Run;

        /// <summary>Handshake case: opens its own connections and judges them.</summary>
        public Action<HandshakeCheck> RunHandshake;
    }

    /// <summary>A handshake case's context: where the server is and the verdict it reaches.</summary>
    public sealed class HandshakeCheck
    {
        /// <summary>The server's host.</summary>
        public string Host;

        /// <summary>The server's port.</summary>
        public int Port;

        /// <summary>The path and query of the server's URL.</summary>
        public string Path;

        /// <summary>How long the slow-client case waits for the server to give up on an unfinished request.</summary>
        public int SlowClientWaitMs;

        /// <summary>TLS for wss:// servers; null for ws://.</summary>
        public WireTls Tls;

        /// <summary>The verdict so far.</summary>
        public Verdict Behavior = Verdict.OK;

        /// <summary>Why the verdict is what it is, and other observations.</summary>
        public readonly List<string> Notes = new List<string>();

        /// <summary>Opens a new connection to the server (through TLS for wss://).</summary>
        public WireConnection Connect() => WireConnection.Connect(Host, Port, Tls);

        /// <summary>
        /// Opens a new connection; null with the reason in <paramref name="refused"/> when the server
        /// ends it during the TLS handshake (a wss:// server refusing before any HTTP can be read).
        /// </summary>
        public WireConnection TryConnect(out string refused)
        {
            refused = null;
            try
            {
                return Connect();
            }
            catch (System.IO.IOException e) when (Tls != null)
            {
                refused = "connection ended during the TLS handshake (" + e.Message + ")";
                return null;
            }
        }

        /// <summary>Lowers the verdict to <paramref name="verdict"/> (never raises it) and notes why.</summary>
        public void Mark(Verdict verdict, string why)
        {
            if (verdict == Verdict.Failed || (verdict == Verdict.NonStrict && Behavior != Verdict.Failed) || (verdict == Verdict.Informational && Behavior == Verdict.OK))
            {
                Behavior = verdict;
            }

            Notes.Add(why);
        }
    }

    /// <summary>A parsed HTTP response head.</summary>
    public sealed class HttpHead
    {
        /// <summary>The status code; -1 when the status line is not HTTP/1.x.</summary>
        public int Status;

        /// <summary>The first line, as received.</summary>
        public string StatusLine;

        /// <summary>Every header line, in order.</summary>
        public List<(string Name, string Value)> Headers = new List<(string, string)>();

        /// <summary>Parses a response head; null for null.</summary>
        public static HttpHead Parse(string text)
        {
            if (text == null)
            {
                return null;
            }

            string[] lines = text.Split("\r\n");
            var head = new HttpHead { StatusLine = lines[0] };
            string[] parts = lines[0].Split(' ');
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out head.Status))
            {
                head.Status = -1;
            }

            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                int colon = line.IndexOf(':');
                if (colon > 0)
                {
                    head.Headers.Add((line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
                }
            }

            return head;
        }

        /// <summary>All values of a header, matched case-insensitively.</summary>
        public List<string> All(string name) => Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

        /// <summary>The first value of a header, or null.</summary>
        public string Get(string name) => All(name).FirstOrDefault();

        /// <summary>True when the comma-separated header <paramref name="name"/> has the token <paramref name="token"/>.</summary>
        public bool HasToken(string name, string token) =>
            All(name).SelectMany(v => v.Split(',')).Any(t => string.Equals(t.Trim(), token, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Plays the client against an echo server: runs each case on a fresh connection and judges it.</summary>
    public sealed class ServerRunner
    {
        /// <summary>The Sec-WebSocket-Key of RFC 6455 §1.3.</summary>
        public const string GoodKey = "dGhlIHNhbXBsZSBub25jZQ==";

        private readonly string _host;
        private readonly int _port;
        private readonly string _path;
        private readonly WireTls _tls;

        /// <summary>
        /// A runner against the echo server at <paramref name="url"/>; a wss:// URL runs every
        /// connection through TLS (<paramref name="tls"/> says which CA to trust; null: the system's store).
        /// </summary>
        public ServerRunner(Uri url, WireTls tls = null)
        {
            _host = url.Host;
            _port = url.Port;
            _path = url.PathAndQuery;
            _tls = url.Scheme == "wss" ? tls ?? new WireTls() : null;
        }

        /// <summary>How long the slow-client case waits for the server's handshake timeout. Default 12 s.</summary>
        public int SlowClientWaitMs { get; set; } = 12000;

        /// <summary>Runs <paramref name="cases"/> one after the other, reporting each result to <paramref name="progress"/> when given.</summary>
        public List<CaseResult> RunAll(IEnumerable<ServerCase> cases, Action<CaseResult> progress = null)
        {
            var results = new List<CaseResult>();
            foreach (ServerCase c in cases)
            {
                CaseResult r = RunOne(c);
                results.Add(r);
                progress?.Invoke(r);
            }

            return results;
        }

        /// <summary>Runs case <paramref name="c"/> on a fresh connection and judges it.</summary>
        public CaseResult RunOne(ServerCase c)
        {
            var result = new CaseResult { Id = c.Id, Section = c.Section, Description = c.Description };
            var clock = Stopwatch.StartNew();
            try
            {
                if (c.RunHandshake != null)
                {
                    var check = new HandshakeCheck { Host = _host, Port = _port, Path = _path, SlowClientWaitMs = SlowClientWaitMs, Tls = _tls };
                    c.RunHandshake(check);
                    result.Behavior = check.Behavior;
                    result.BehaviorClose = Verdict.OK;
                    result.Notes.AddRange(check.Notes);
                }
                else
                {
                    RunProtocolCase(c, result);
                }
            }
            catch (Exception e)
            {
                result.Behavior = Verdict.Failed;
                result.Notes.Add("tester error: " + e.GetType().Name + ": " + e.Message);
            }

            result.DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            return result;
        }

        /// <summary>An upgrade request as the public suite sends it: capitalised <c>Upgrade: WebSocket</c>, no Origin.</summary>
        public static string UpgradeRequest(string host, int port, string path, string key = GoodKey, string extraHeaders = "")
        {
            return "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: WebSocket\r\n"
                + "Connection: Upgrade\r\n"
                + (key == null ? "" : "Sec-WebSocket-Key: " + key + "\r\n")
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n";
        }

        /// <summary>The Sec-WebSocket-Accept value for <paramref name="key"/> (RFC 6455 §4.2.2).</summary>
        public static string AcceptFor(string key) =>
            Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

        /// <summary>Null when <paramref name="head"/> is a valid 101 answer to <paramref name="key"/>, else what is wrong.</summary>
        public static string CheckSwitchingProtocols(HttpHead head, string key)
        {
            if (head == null)
            {
                return "no response";
            }

            if (head.Status != 101)
            {
                return "status " + head.StatusLine;
            }

            if (!head.HasToken("Upgrade", "websocket"))
            {
                return "no Upgrade: websocket";
            }

            if (!head.HasToken("Connection", "Upgrade"))
            {
                return "no Connection: Upgrade";
            }

            if (head.Get("Sec-WebSocket-Accept") != AcceptFor(key))
            {
                return "wrong Sec-WebSocket-Accept " + head.Get("Sec-WebSocket-Accept");
            }

            return null;
        }

        /// <summary>Connects and completes a good handshake; null (with a note) when the server refused.</summary>
        public WireConnection OpenWebSocket(List<string> notes, string extraHeaders = "")
        {
            WireConnection wire = WireConnection.Connect(_host, _port, _tls);
            wire.Write(Encoding.ASCII.GetBytes(UpgradeRequest(_host, _port, _path, GoodKey, extraHeaders)));
            string problem = CheckSwitchingProtocols(HttpHead.Parse(wire.ReadHead(5000)), GoodKey);
            if (problem != null)
            {
                notes.Add("handshake failed: " + problem);
                wire.Dispose();
                return null;
            }

            wire.StartReader();
            return wire;
        }

        private void RunProtocolCase(ServerCase c, CaseResult result)
        {
            WireConnection wire = OpenWebSocket(result.Notes);
            if (wire == null)
            {
                result.Behavior = Verdict.Failed;
                result.BehaviorClose = Verdict.Failed;
                return;
            }

            using (wire)
            {
                var probe = new Probe(wire);
                c.Run(probe);
                Finish(probe);
                probe.Judge(result);
            }
        }

        /// <summary>Ends the connection the way the case expects, then waits for TCP to end.</summary>
        internal static void Finish(Probe probe)
        {
            WireConnection w = probe.Wire;
            if (probe.Expect.ClosedByTester)
            {
                probe.WaitEvents(probe.Expect.OkEventCount, probe.WaitMs);
            }
            else
            {
                // A peer that fails the connection does so as soon as it reads the offending bytes.
                probe.WaitPeerClose(Math.Min(probe.WaitMs, 1000));
            }

            if (!w.CloseSent && !w.CloseReceived && !w.TcpEnded)
            {
                w.SendClose(1000);
            }

            // The close answer and the peer's end of TCP: 1 s is the limit judged, 2 s the wait (each times Patience.Factor).
            w.WaitUntil(() => w.TcpEnded || (w.CloseSent && !w.CloseReceived && w.NowMs - w.CloseSentAtMs > Patience.Ms(2000)), 3000);
            if (w.CloseSent && w.CloseReceived)
            {
                w.WaitUntil(() => w.TcpEnded, 2000);
            }

            w.Drop();
        }
    }
}
