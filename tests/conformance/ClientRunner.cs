using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoWs.Conformance
{
    /// <summary>One client-mode case: the tester is the server; it answers the client's request its own way.</summary>
    public sealed class ClientCase
    {
        /// <summary>Case id, as in the catalogue ("6.199", "21.3").</summary>
        public string Id;

        /// <summary>Section number: the part of the id before the first dot.</summary>
        public int Section;

        /// <summary>What the case sends and what it expects, in one line.</summary>
        public string Description;

        /// <summary>Answers the client's request and runs the case's script.</summary>
        public Action<ClientSession> Run;
    }

    /// <summary>A client-mode case's view: the client's request, the response to write, then a <see cref="Probe"/> for frames.</summary>
    public sealed class ClientSession
    {
        /// <summary>The tester's end of the TCP connection (server role).</summary>
        public WireConnection Wire;

        /// <summary>The client's upgrade request, parsed.</summary>
        public HttpHead Request;

        /// <summary>Writes frames and holds the expectation the case is judged by.</summary>
        public Probe Probe;

        /// <summary>Set by a case whose response the client must refuse: it must then end TCP without sending frames.</summary>
        public bool HandshakeMustFail;

        /// <summary>The client's Sec-WebSocket-Key (empty when it sent none).</summary>
        public string Key => Request?.Get("Sec-WebSocket-Key") ?? "";

        /// <summary>Subprotocols the client offered.</summary>
        public List<string> OfferedProtocols =>
            Request == null ? new List<string>() : Request.All("Sec-WebSocket-Protocol").SelectMany(v => v.Split(',')).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();

        /// <summary>
        /// Writes a response head: a valid 101 unless the arguments change it. It selects the first
        /// subprotocol the client offered unless <paramref name="protocol"/> names one ("" for none).
        /// </summary>
        public void Respond(string statusLine = "HTTP/1.1 101 Switching Protocols", string accept = null, string extraHeaders = "", string upgrade = "websocket", string connection = "Upgrade", int chunk = 0, string protocol = null)
        {
            protocol ??= OfferedProtocols.FirstOrDefault() ?? "";
            string head = statusLine + "\r\n"
                + (protocol.Length == 0 ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
                + (upgrade == null ? "" : "Upgrade: " + upgrade + "\r\n")
                + (connection == null ? "" : "Connection: " + connection + "\r\n")
                + (accept == "" ? "" : "Sec-WebSocket-Accept: " + (accept ?? ServerRunner.AcceptFor(Key)) + "\r\n")
                + extraHeaders + "\r\n";
            byte[] bytes = Encoding.ASCII.GetBytes(head);
            if (chunk > 0) Wire.WriteChunked(bytes, chunk); else Wire.Write(bytes);
            Wire.StartReader();
        }
    }

    /// <summary>The client under test: started once per case with the URL to connect to.</summary>
    public interface IClientTarget
    {
        /// <summary>Starts a client in echo mode connecting to <paramref name="url"/>; disposing it stops the client.</summary>
        IClientInstance Start(string url);
    }

    /// <summary>A running client; <see cref="Report"/> tells what it said about the case, if it can.</summary>
    public interface IClientInstance : IDisposable
    {
        /// <summary>What the client reported about the case (its errors, its close), or an empty string.</summary>
        string Report();
    }

    /// <summary>Plays the server against a client in echo mode: one listening socket, one connection per case.</summary>
    public sealed class ClientRunner : IDisposable
    {
        private readonly IClientTarget _target;
        private readonly Socket _listener;
        private readonly WireTls _tls;

        /// <summary>
        /// Listens on a free loopback port for the clients <paramref name="target"/> starts; with
        /// <paramref name="tls"/> (a certificate and its key) the clients are given wss:// URLs and
        /// every accepted connection runs the TLS handshake as server first.
        /// </summary>
        public ClientRunner(IClientTarget target, WireTls tls = null)
        {
            _target = target;
            _tls = tls;
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(8);
        }

        /// <summary>The port the clients connect to.</summary>
        public int Port => ((IPEndPoint)_listener.LocalEndPoint).Port;

        /// <summary>Runs <paramref name="cases"/> one after the other, reporting each result to <paramref name="progress"/> when given.</summary>
        public List<CaseResult> RunAll(IEnumerable<ClientCase> cases, Action<CaseResult> progress = null)
        {
            var results = new List<CaseResult>();
            foreach (ClientCase c in cases)
            {
                CaseResult r = RunOne(c);
                results.Add(r);
                progress?.Invoke(r);
            }

            return results;
        }

        /// <summary>Starts a client, plays the server for case <paramref name="c"/> and judges it.</summary>
        public CaseResult RunOne(ClientCase c)
        {
            var result = new CaseResult { Id = c.Id, Section = c.Section, Description = c.Description };
            var clock = Stopwatch.StartNew();
            IClientInstance client = null;
            WireConnection wire = null;
            try
            {
                client = _target.Start((_tls == null ? "ws" : "wss") + "://127.0.0.1:" + Port + "/case/" + c.Id);
                if (!_listener.Poll(10_000_000, SelectMode.SelectRead))
                {
                    throw new TimeoutException("the client did not connect within 10 s");
                }

                wire = WireConnection.Accept(_listener.Accept(), _tls);
                wire.DropAfterCloseHandshake = true;
                var session = new ClientSession { Wire = wire, Request = null };
                string text = wire.ReadHead(5000);
                session.Request = HttpHead.Parse(text);
                session.Probe = new Probe(wire);
                session.Probe.Expect.PeerDropsTcp = false;
                foreach (string problem in CheckRequest(text, session.Request))
                {
                    session.Probe.Cap(Verdict.Failed, "upgrade request: " + problem);
                }

                c.Run(session);
                if (session.HandshakeMustFail)
                {
                    JudgeRefusal(session, result);
                }
                else
                {
                    ServerRunner.Finish(session.Probe);
                    session.Probe.Judge(result);
                }
            }
            catch (Exception e)
            {
                result.Behavior = Verdict.Failed;
                result.BehaviorClose = Verdict.Failed;
                result.Notes.Add("tester error: " + e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                wire?.Dispose();
                if (client != null)
                {
                    client.Dispose();
                    string report = client.Report();
                    if (!string.IsNullOrEmpty(report))
                    {
                        result.Notes.Add("client: " + report);
                    }
                }
            }

            result.DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            return result;
        }

        /// <summary>What is wrong with the client's upgrade request (RFC 6455 §4.1), if anything.</summary>
        private static IEnumerable<string> CheckRequest(string text, HttpHead head)
        {
            if (text == null || head == null)
            {
                yield return "none received";
                yield break;
            }

            string[] requestLine = text.Split("\r\n")[0].Split(' ');
            if (requestLine.Length != 3 || requestLine[0] != "GET" || requestLine[2] != "HTTP/1.1")
            {
                yield return "request line " + text.Split("\r\n")[0];
            }

            if (head.All("Host").Count != 1) yield return "Host header missing or repeated";
            if (!head.HasToken("Upgrade", "websocket")) yield return "no Upgrade: websocket";
            if (!head.HasToken("Connection", "Upgrade")) yield return "no Connection: Upgrade";
            if (head.Get("Sec-WebSocket-Version") != "13") yield return "Sec-WebSocket-Version is not 13";
            List<string> keys = head.All("Sec-WebSocket-Key");
            bool keyOk = false;
            try
            {
                keyOk = keys.Count == 1 && Convert.FromBase64String(keys[0]).Length == 16;
            }
            catch (FormatException)
            {
            }

            if (!keyOk) yield return "Sec-WebSocket-Key is not one base64 nonce of 16 bytes";
        }

        /// <summary>
        /// A client given an invalid response must fail the connection (RFC 6455 §4.1): end TCP without
        /// a frame. A text frame is sent to see whether it is (wrongly) echoed.
        /// </summary>
        private static void JudgeRefusal(ClientSession session, CaseResult result)
        {
            WireConnection w = session.Wire;
            w.SendFrame(Frames.Text, Frames.Utf8("must not be echoed"));
            bool ended = w.WaitUntil(() => w.TcpEnded, 3000);
            result.Received = w.Events.Select(e => e.ToString()).ToList();
            result.RemoteCloseCode = w.RemoteCloseCode;
            result.Notes.AddRange(session.Probe.Notes);
            result.Behavior = session.Probe.BehaviorCap ?? Verdict.OK;
            result.BehaviorClose = Verdict.OK;
            if (w.DataEvents.Count > 0)
            {
                result.Behavior = Verdict.Failed;
                result.Notes.Add("the client accepted the response: it echoed a message");
            }
            else if (w.CloseReceived)
            {
                result.BehaviorClose = Verdict.NonStrict;
                result.Notes.Add("the client sent a close frame on a connection that never opened");
            }

            if (!ended)
            {
                result.BehaviorClose = Verdict.Failed;
                result.Notes.Add("the client kept the TCP connection open for 3 s");
            }
            else
            {
                result.ClosedBy = "peer";
                result.Notes.Add("client ended TCP after " + Math.Round(w.TcpEndAtMs) + " ms");
            }
        }

        /// <summary>Stops listening, and ends the target when it holds a process (a client driver).</summary>
        public void Dispose()
        {
            _listener.Close();
            (_target as IDisposable)?.Dispose();
        }
    }
}
