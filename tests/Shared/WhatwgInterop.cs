using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using NanoWs.Net;
using Xunit;

namespace NanoWs.Tests
{
    /// <summary>
    /// What ChromiumInteropTests and NodeBuiltinWebSocketTests share: our echo server set up for a
    /// WHATWG `WebSocket` peer (subprotocols, keep-alive pings, a test page, a message that makes the
    /// server close), the sessions tests/interop/whatwg-session.js runs, and the checks of both sides.
    /// </summary>
    internal sealed class WhatwgInterop : IDisposable
    {
        /// <summary>The server speaks these, most preferred first; peers offer <see cref="OfferedProtocols"/>.</summary>
        public static readonly string[] ServerProtocols = { "superchat", "chat" };

        /// <summary>Offered in this order: the server's preference picks the second, "superchat".</summary>
        public static readonly string[] OfferedProtocols = { "chat", "superchat" };

        public const string PagePath = "/interop.html";

        /// <summary>A text message that makes the server close the connection (after echoing it) with 4000.</summary>
        public const string CloseTrigger = "nanows-interop: close with 4000, please";

        public const int ServerCloseCode = 4000;
        public const string ServerCloseReason = "server closing 4000 \u00e9\u4e2d\U0001F600";
        public const int PeerCloseCode = 4001;
        public const string PeerCloseReason = "peer closing 4001 \u00e9\u4e2d\U0001F600";

        /// <summary>Long enough for several keep-alive pings; a peer that does not answer them is dropped within it.</summary>
        public const int IdleMs = 1200;

        public readonly ServerHarness Harness;

        /// <summary>Headers of every upgrade request, in order.</summary>
        public readonly ConcurrentQueue<Dictionary<string, string>> Upgrades = new ConcurrentQueue<Dictionary<string, string>>();

        /// <summary>Subprotocol the server selected, per connection, in open order.</summary>
        public readonly ConcurrentQueue<(int Id, string Protocol)> Opens = new ConcurrentQueue<(int, string)>();

        /// <summary>Connections whose pong answered one of the server's keep-alive pings, one entry per pong.</summary>
        public readonly ConcurrentQueue<int> Pongs = new ConcurrentQueue<int>();

        private long _closeCalled;
        private double _serverCloseMs = -1;

        private static readonly byte[] Trigger = Encoding.UTF8.GetBytes(CloseTrigger);

        public WhatwgInterop()
        {
            Harness = new ServerHarness(o =>
            {
                o.MaxConnections = 8;
                o.Connection.Subprotocols = ServerProtocols;

                // Keep-alive pings go out all the time (every 100 ms of quiet), between the echoed
                // frames too. Whether the peer answers them is checked by counting its pongs (see
                // AssertSessions), not by a pong deadline: a browser starved of CPU on a busy
                // machine may answer late, and that is no failure of either side.
                o.Connection.PingIntervalMs = 100;
                o.Connection.PongTimeoutMs = 60000;
            });
            WebSocketServer server = Harness.Server;
            server.AddRoute(PagePath, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>NanoWs interop</title></head>"
                + "<body><p>NanoWs interop test page: the test runs its WebSocket sessions in here.</p></body></html>"), false, "no-store");
            server.Authorize = (s, id, request, isUpgrade) =>
            {
                if (isUpgrade)
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (string name in new[] { "Origin", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "User-Agent" })
                    {
                        headers[name] = request.GetHeader(name);
                    }

                    Upgrades.Enqueue(headers);
                }

                return 0;
            };
            server.Opened += (s, id) => Opens.Enqueue((id, s.GetSubprotocol(id)));
            server.PongReceived += (s, id) => Pongs.Enqueue(id);
            server.Closed += (s, id, code, reason, clean) =>
            {
                if (_closeCalled != 0 && _serverCloseMs < 0)
                {
                    _serverCloseMs = System.Diagnostics.Stopwatch.GetElapsedTime(_closeCalled).TotalMilliseconds;
                }
            };

            // Runs after EchoApp's handler, so the trigger's echo is queued before the close frame.
            // Close is called from another thread, as an application would.
            server.MessageReceived += (s, m) =>
            {
                if (m.MessageType == WebSocketMessageType.Text && m.IsFinal && m.Count == Trigger.Length
                    && m.Buffer.AsSpan(m.Offset, m.Count).SequenceEqual(Trigger))
                {
                    int id = m.ConnectionId;
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        _closeCalled = System.Diagnostics.Stopwatch.GetTimestamp();
                        s.Close(id, ServerCloseCode, ServerCloseReason);
                    });
                }
            };
            Harness.Start();
        }

        /// <summary>Text (ASCII, multi-byte UTF-8 with emoji), binary, empty, and length-field edges (the big ones arrive fragmented).</summary>
        public static List<(string Type, byte[] Data)> Messages()
        {
            return new List<(string, byte[])>
            {
                ("text", Encoding.UTF8.GetBytes("hello, ws")),
                ("text", Encoding.UTF8.GetBytes("h\u00e9llo \u0436 \u20ac \u4e2d \U0001F600 \U0001F44D\U0001F3FD")),
                ("binary", new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80, 0x7F }),
                ("binary", Array.Empty<byte>()),
                ("text", Array.Empty<byte>()),
                ("binary", ServerHarness.Pattern(125, 125)),
                ("binary", ServerHarness.Pattern(126, 126)),
                ("text", Encoding.UTF8.GetBytes(ServerHarness.TextPattern(125, 125))),
                ("text", Encoding.UTF8.GetBytes(ServerHarness.TextPattern(126, 126))),
                ("binary", ServerHarness.Pattern(65535, 65535)),
                ("binary", ServerHarness.Pattern(65536, 65536)),
                ("text", Encoding.UTF8.GetBytes(ServerHarness.TextPattern(65536, 3))),
            };
        }

        /// <summary>
        /// Session 0: every message, a keep-alive idle, one more message, then the server closes.
        /// Session 1: one message, then the peer closes with <see cref="PeerCloseCode"/>.
        /// </summary>
        public static JsonArray Sessions()
        {
            var steps = new JsonArray();
            foreach (var (type, data) in Messages())
            {
                steps.Add(Send(type, data));
            }

            steps.Add(new JsonObject { ["op"] = "idle", ["ms"] = IdleMs });
            steps.Add(Send("text", Encoding.UTF8.GetBytes("still here after the pings")));
            steps.Add(new JsonObject { ["op"] = "serverClose", ["trigger"] = CloseTrigger });

            var closing = new JsonArray
            {
                Send("text", Encoding.UTF8.GetBytes("about to close")),
                new JsonObject { ["op"] = "close", ["code"] = PeerCloseCode, ["reason"] = PeerCloseReason },
            };
            return new JsonArray
            {
                new JsonObject { ["protocols"] = Protocols(), ["steps"] = steps },
                new JsonObject { ["protocols"] = Protocols(), ["steps"] = closing },
            };
        }

        /// <summary>Writes <paramref name="spec"/> to a temporary file, deleted on dispose.</summary>
        public string WriteSpec(JsonObject spec)
        {
            _specPath = Path.Combine(Path.GetTempPath(), "nanows-whatwg-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(_specPath, spec.ToJsonString());
            return _specPath;
        }

        private string _specPath;

        /// <summary>Runs a node script and returns its JSON result line (after it exited).</summary>
        public static JsonObject RunNode(string workingDirectory, TimeSpan timeout, params string[] args)
        {
            using var node = ChildProcess.Start("node", workingDirectory, args);
            return node.OkResult(timeout, "node " + string.Join(" ", args));
        }

        /// <summary>Checks both sides of the two <see cref="Sessions"/> against the peer's results.</summary>
        public void AssertSessions(JsonArray sessions)
        {
            Assert.Equal(2, sessions.Count);

            // Every connection: the server's preferred subprotocol among those offered, no extension.
            foreach (JsonNode session in sessions)
            {
                Assert.Equal("superchat", (string)session["protocol"]);
                Assert.Equal("", (string)session["extensions"]);
            }

            (int Id, string Protocol)[] opens = Opens.ToArray();
            Assert.Equal(2, opens.Length);
            Assert.All(opens, o => Assert.Equal("superchat", o.Protocol));
            Assert.All(Upgrades, u => Assert.Equal("chat, superchat", u["Sec-WebSocket-Protocol"]));

            // Session 0: every message echoed byte for byte, in order, then the server's close.
            List<(string Type, byte[] Data)> expected = Messages()
                .Append(("text", Encoding.UTF8.GetBytes("still here after the pings")))
                .Append(("text", Encoding.UTF8.GetBytes(CloseTrigger)))
                .ToList();
            JsonArray received = sessions[0]["received"].AsArray();
            Assert.Equal(expected.Count, received.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Type, (string)received[i]["type"]);
                Assert.Equal(expected[i].Data, Convert.FromBase64String((string)received[i]["b64"]));
            }

            // The keep-alive pings sent during session 0 (its idle step is 12 ping intervals of
            // quiet) were answered.
            Assert.Contains(opens[0].Id, Pongs);

            JsonNode close0 = sessions[0]["close"];
            Assert.Equal(ServerCloseCode, (int)close0["code"]);
            Assert.Equal(ServerCloseReason, (string)close0["reason"]);
            Assert.True((bool)close0["wasClean"], "server-initiated close not clean on the peer's side");
            CloseRecord server0 = Harness.NextClose();
            Assert.Equal(opens[0].Id, server0.Id);
            Assert.Equal(ServerCloseCode, server0.Code); // the peer's answering close echoes the code
            Assert.True(server0.WasClean);

            // Session 1: the peer's close code and reason reach the server; the server's answer
            // echoes the code only (no reason, RFC 6455 §5.5.1).
            Assert.Equal("about to close", Encoding.UTF8.GetString(Convert.FromBase64String((string)sessions[1]["received"][0]["b64"])));
            JsonNode close1 = sessions[1]["close"];
            Assert.Equal(PeerCloseCode, (int)close1["code"]);
            Assert.Equal("", (string)close1["reason"]);
            Assert.True((bool)close1["wasClean"], "peer-initiated close not clean on the peer's side");
            CloseRecord server1 = Harness.NextClose();
            Assert.Equal(opens[1].Id, server1.Id);
            Assert.Equal(PeerCloseCode, server1.Code);
            Assert.Equal(PeerCloseReason, server1.Reason);
            Assert.True(server1.WasClean);

            Assert.Empty(Harness.Errors);
        }

        /// <summary>Server side of the server-initiated close: Close() called -> Closed raised, in ms (informational).</summary>
        public double ServerCloseMs => _serverCloseMs;

        public void Dispose()
        {
            Harness.Dispose();
            if (_specPath != null)
            {
                File.Delete(_specPath);
            }
        }

        private static JsonObject Send(string type, byte[] data) =>
            new JsonObject { ["op"] = "send", ["type"] = type, ["b64"] = Convert.ToBase64String(data) };

        private static JsonArray Protocols() => new JsonArray(OfferedProtocols.Select(p => (JsonNode)p).ToArray());
    }
}
