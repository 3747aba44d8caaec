using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using NanoWs.Samples.EchoServer;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// Interop with Node's `ws` package (tests/interop, pinned by its package-lock.json): the `ws`
    /// client against our server running the echo sample's handler, and our client against a `ws`
    /// echo server. Needs `node` on PATH and `npm ci` run in tests/interop.
    /// </summary>
    public sealed class NodeWsInteropTests
    {
        private const string CloseReason = "bye from 4001 \u00e9\u4e2d";

        /// <summary>The messages both directions exchange: text (ASCII, multi-byte UTF-8), binary, empty, length-field edges.</summary>
        private static List<(WebSocketMessageType Type, byte[] Data)> Messages()
        {
            return new List<(WebSocketMessageType, byte[])>
            {
                (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("hello, ws")),
                (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("h\u00e9llo \u0436 \u20ac \u4e2d \U0001F600")),
                (WebSocketMessageType.Binary, new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80, 0x7F }),
                (WebSocketMessageType.Binary, Array.Empty<byte>()),
                (WebSocketMessageType.Text, Array.Empty<byte>()),
                (WebSocketMessageType.Binary, ServerHarness.Pattern(125, 125)),
                (WebSocketMessageType.Binary, ServerHarness.Pattern(126, 126)),
                (WebSocketMessageType.Binary, ServerHarness.Pattern(65535, 65535)),
                (WebSocketMessageType.Binary, ServerHarness.Pattern(65536, 65536)),
                (WebSocketMessageType.Text, Encoding.UTF8.GetBytes(ServerHarness.TextPattern(65536, 3))),
            };
        }

        /// <summary>A message sent as several frames; the text one splits a 3-byte UTF-8 sequence between frames.</summary>
        private static List<(WebSocketMessageType Type, byte[][] Parts)> FragmentedMessages()
        {
            byte[] euro = Encoding.UTF8.GetBytes("\u20ac");
            return new List<(WebSocketMessageType, byte[][])>
            {
                (WebSocketMessageType.Binary, new[] { ServerHarness.Pattern(1000, 1), Array.Empty<byte>(), ServerHarness.Pattern(70000, 2), ServerHarness.Pattern(3, 3) }),
                (WebSocketMessageType.Text, new[] { Encoding.UTF8.GetBytes("frag A ").Concat(euro.Take(1)).ToArray(), euro.Skip(1).Concat(Encoding.UTF8.GetBytes(" frag B")).ToArray() }),
            };
        }

        // ---- (a) Node ws client against our WebSocketServer (echo sample handler) ----

        [Fact]
        public void NodeClientMessagesAreEchoedByteForByte()
        {
            using var harness = new ServerHarness().Start();
            var steps = new JsonArray();
            foreach (var (type, data) in Messages())
            {
                steps.Add(new JsonObject { ["op"] = "send", ["type"] = TypeName(type), ["b64"] = Convert.ToBase64String(data) });
            }

            foreach (var (type, parts) in FragmentedMessages())
            {
                steps.Add(new JsonObject { ["op"] = "fragments", ["type"] = TypeName(type), ["parts"] = new JsonArray(parts.Select(p => (JsonNode)Convert.ToBase64String(p)).ToArray()) });
            }

            steps.Add(new JsonObject { ["op"] = "close", ["code"] = 1000, ["reason"] = "" });
            JsonObject result = RunNodeClient(harness, steps);

            var expected = Messages().Select(m => (TypeName(m.Type), m.Data))
                .Concat(FragmentedMessages().Select(m => (TypeName(m.Type), m.Parts.SelectMany(p => p).ToArray())))
                .ToList();
            JsonArray received = result["received"].AsArray();
            Assert.Equal(expected.Count, received.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Item1, (string)received[i]["type"]);
                Assert.Equal(expected[i].Item2, Convert.FromBase64String((string)received[i]["b64"]));
            }

            Assert.Equal(1000, (int)result["close"]["code"]);
            Assert.Empty(harness.Errors);
        }

        [Fact]
        public void NodeClientPingIsAnsweredWithTheSamePayload()
        {
            using var harness = new ServerHarness().Start();
            byte[] ping1 = Encoding.UTF8.GetBytes("ping payload \u00e9");
            byte[] ping2 = ServerHarness.Pattern(125, 9);
            var steps = new JsonArray
            {
                new JsonObject { ["op"] = "ping", ["b64"] = Convert.ToBase64String(ping1) },
                new JsonObject { ["op"] = "ping", ["b64"] = "" },
                new JsonObject { ["op"] = "ping", ["b64"] = Convert.ToBase64String(ping2) },
                new JsonObject { ["op"] = "close", ["code"] = 1000, ["reason"] = "" },
            };
            JsonObject result = RunNodeClient(harness, steps);
            string[] pongs = result["pongs"].AsArray().Select(p => (string)p).ToArray();
            Assert.Equal(new[] { Convert.ToBase64String(ping1), "", Convert.ToBase64String(ping2) }, pongs);
            Assert.Empty(result["received"].AsArray());
        }

        [Fact]
        public void NodeClientCloseCodeAndReasonReachTheServerAndAreEchoed()
        {
            using var harness = new ServerHarness().Start();
            var steps = new JsonArray { new JsonObject { ["op"] = "close", ["code"] = 4001, ["reason"] = CloseReason } };
            JsonObject result = RunNodeClient(harness, steps);

            // The server's answering close frame echoes the code only (RFC 6455 §5.5.1), no reason.
            Assert.Equal(4001, (int)result["close"]["code"]);
            Assert.Equal("", (string)result["close"]["reason"]);
            CloseRecord close = harness.NextClose();
            Assert.Equal(4001, close.Code);
            Assert.Equal(CloseReason, close.Reason);
            Assert.True(close.WasClean);
        }

        [Fact]
        public void ServerCloseCodeAndReasonReachTheNodeClient()
        {
            using var harness = new ServerHarness().Start();
            var steps = new JsonArray { new JsonObject { ["op"] = "awaitClose" } };
            JsonObject result = RunNodeClient(harness, steps, node =>
            {
                Assert.Equal("open", (string)JsonNode.Parse(node.NextLine())["event"]);
                ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "server open");
                harness.OpenedIds.TryPeek(out int id);
                Assert.True(harness.Server.Close(id, 1001, "going away now"));
            });

            Assert.Equal(1001, (int)result["close"]["code"]);
            Assert.Equal("going away now", (string)result["close"]["reason"]);
            CloseRecord close = harness.NextClose();
            Assert.Equal(1001, close.Code);
            Assert.True(close.WasClean);
        }

        [Fact]
        public void ThirtyTwoNodeClientsAtOnceGetEveryEchoIntactAndInOrder()
        {
            const int Clients = 32, PerClient = 40;
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = Clients;
                o.ListenBacklog = Clients;
            }).Start();
            using var node = StartNode("ws-many-clients.js", harness.WsUri("/echo").ToString(), Clients.ToString(), PerClient.ToString());

            // The script prints its one line when all 32 sessions are done (its own guard: 60 s).
            JsonObject result = JsonNode.Parse(node.NextLine(TimeSpan.FromSeconds(90))).AsObject();
            Assert.True((bool)result["ok"], "ws clients failed: " + (string)result["error"] + "; server errors: " + string.Join(" | ", harness.Errors));
            Assert.Equal(Clients, (int)result["clients"]);
            Assert.Equal(Clients * PerClient, (int)result["messages"]);
            Assert.Equal(Clients, (int)result["closes"]["1000"]);
            Assert.True(node.WaitForExit(), "node did not exit");
            Assert.Equal(0, node.ExitCode);

            var closes = Enumerable.Range(0, Clients).Select(_ => harness.NextClose()).ToList();
            Assert.All(closes, c => Assert.Equal(1000, c.Code));
            Assert.All(closes, c => Assert.True(c.WasClean));
            Assert.Equal(Enumerable.Range(0, Clients).Select(c => "done " + c).OrderBy(r => r), closes.Select(c => c.Reason).OrderBy(r => r));
            Assert.Empty(harness.Errors);
            ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 0, "every slot free");
        }

        // ---- (b) our WebSocketClient against a Node ws echo server ----

        [Fact]
        public void OurClientMessagesAreEchoedByNodeByteForByte()
        {
            using var node = StartNode("ws-echo-server.js");
            int port = int.Parse(node.NextLine());
            var client = new WebSocketClient("ws://127.0.0.1:" + port + "/", ClientOptions());
            var recorder = new Recorder(client);
            try
            {
                client.Connect();
                ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open, "open");
                foreach (var (type, data) in Messages())
                {
                    SendWhole(client, type, data);
                    var (echoType, echoed) = recorder.NextMessage();
                    Assert.Equal(type, echoType);
                    Assert.Equal(data, echoed);
                }

                foreach (var (type, parts) in FragmentedMessages())
                {
                    for (int i = 0; i < parts.Length; i++)
                    {
                        SendFrame(client, type, parts[i], i == parts.Length - 1);
                    }

                    var (echoType, echoed) = recorder.NextMessage();
                    Assert.Equal(type, echoType);
                    Assert.Equal(parts.SelectMany(p => p).ToArray(), echoed);
                }

                // A ping from ws is answered with the same payload.
                byte[] ping = Encoding.UTF8.GetBytes("are you there \u20ac");
                node.WriteLine("ping " + Convert.ToBase64String(ping));
                JsonNode pong = node.NextEvent("pong");
                Assert.Equal(Convert.ToBase64String(ping), (string)pong["b64"]);

                client.Close(4001, CloseReason);
                // ws answers with our code and reason echoed (ws's receiverOnConclude).
                var close = recorder.NextClose();
                Assert.Equal(4001, close.Code);
                Assert.Equal(CloseReason, close.Reason);
                Assert.True(close.Clean);
                JsonNode nodeClose = node.NextEvent("close");
                Assert.Equal(4001, (int)nodeClose["code"]);
                Assert.Equal(CloseReason, (string)nodeClose["reason"]);
                Assert.True(client.WaitClosed(20000));
                Assert.Empty(recorder.Errors);
            }
            finally
            {
                client.Close();
                client.WaitClosed(5000);
            }
        }

        [Fact]
        public void NodeServerCloseCodeAndReasonReachOurClient()
        {
            using var node = StartNode("ws-echo-server.js");
            int port = int.Parse(node.NextLine());
            var client = new WebSocketClient("ws://127.0.0.1:" + port + "/", ClientOptions());
            var recorder = new Recorder(client);
            try
            {
                client.Connect();
                ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open, "open");
                node.NextEvent("connection");
                node.WriteLine("close 1001 server going away");
                var close = recorder.NextClose();
                Assert.Equal(1001, close.Code);
                Assert.Equal("server going away", close.Reason);
                Assert.True(close.Clean);
                JsonNode nodeClose = node.NextEvent("close");
                Assert.Equal(1001, (int)nodeClose["code"]);
                Assert.True(client.WaitClosed(20000));
                Assert.Equal(WebSocketState.Closed, client.ReadyState);
            }
            finally
            {
                client.Close();
                client.WaitClosed(5000);
            }
        }

        // ---- helpers ----

        private static string TypeName(WebSocketMessageType type) => type == WebSocketMessageType.Text ? "text" : "binary";

        private static WebSocketClientOptions ClientOptions() =>
            new WebSocketClientOptions { PollIntervalMs = 2, Connection = ServerHarness.PatientHandshakes(EchoApp.CreateConnectionOptions(4096, 4096)) };

        /// <summary>Runs ws-client.js against <paramref name="harness"/>; <paramref name="whileRunning"/> may drive it. Returns its result line.</summary>
        private static JsonObject RunNodeClient(ServerHarness harness, JsonArray steps, Action<ChildProcess> whileRunning = null)
        {
            string scriptPath = Path.Combine(Path.GetTempPath(), "nanows-interop-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(scriptPath, new JsonObject { ["steps"] = steps }.ToJsonString());
            try
            {
                using var node = StartNode("ws-client.js", harness.WsUri("/echo").ToString(), scriptPath);
                whileRunning?.Invoke(node);
                JsonObject result = null;
                while (result == null)
                {
                    JsonObject line = JsonNode.Parse(node.NextLine()).AsObject();
                    if (line.ContainsKey("ok"))
                    {
                        result = line;
                    }
                }

                Assert.True((bool)result["ok"], "ws client failed: " + (string)result["error"] + "; stderr: " + node.Stderr + "; server errors: " + string.Join(" | ", harness.Errors));
                Assert.True(node.WaitForExit(), "ws client did not exit");
                Assert.Equal(0, node.ExitCode);
                return result;
            }
            finally
            {
                File.Delete(scriptPath);
            }
        }

        private static void SendFrame(WebSocketClient client, WebSocketMessageType type, byte[] data, bool last)
        {
            // Frames larger than MaxFramePayload go as several; retry while the send buffer is full.
            int offset = 0;
            DateTime end = DateTime.UtcNow + ServerHarness.Patience;
            do
            {
                int chunk = Math.Min(client.MaxFramePayload, data.Length - offset);
                bool final = last && offset + chunk == data.Length;
                if (client.SendFragment(type, data, offset, chunk, final))
                {
                    offset += chunk;
                    if (offset == data.Length)
                    {
                        return;
                    }
                }
                else
                {
                    Assert.Equal(WebSocketState.Open, client.ReadyState);
                    Assert.True(DateTime.UtcNow < end, "send never found room");
                    Thread.Sleep(1);
                }
            }
            while (true);
        }

        private static void SendWhole(WebSocketClient client, WebSocketMessageType type, byte[] data)
        {
            if (data.Length <= client.MaxFramePayload)
            {
                // One frame through Send (the whole-message path).
                ServerHarness.WaitUntil(() => client.Send(type, data, 0, data.Length), "room to send");
                return;
            }

            SendFrame(client, type, data, true);
        }

        /// <summary>Records a client's events and reassembles its messages.</summary>
        private sealed class Recorder
        {
            public readonly BlockingCollection<(WebSocketMessageType Type, byte[] Data)> Messages = new BlockingCollection<(WebSocketMessageType, byte[])>();
            public readonly BlockingCollection<(int Code, string Reason, bool Clean)> Closes = new BlockingCollection<(int, string, bool)>();
            public readonly ConcurrentQueue<string> Errors = new ConcurrentQueue<string>();
            private readonly MemoryStream _partial = new MemoryStream();

            public Recorder(WebSocketClient client)
            {
                client.Error += (c, m) => Errors.Enqueue(m);
                client.Closed += (c, code, reason, clean) => Closes.Add((code, reason, clean));
                client.MessageReceived += (c, m) =>
                {
                    _partial.Write(m.Buffer, m.Offset, m.Count);
                    if (m.IsFinal)
                    {
                        Messages.Add((m.MessageType, _partial.ToArray()));
                        _partial.SetLength(0);
                    }
                };
            }

            public (WebSocketMessageType Type, byte[] Data) NextMessage()
            {
                Assert.True(Messages.TryTake(out var message, ServerHarness.Patience), "no message; errors: " + string.Join(" | ", Errors));
                return message;
            }

            public (int Code, string Reason, bool Clean) NextClose()
            {
                Assert.True(Closes.TryTake(out var close, ServerHarness.Patience), "no close; errors: " + string.Join(" | ", Errors));
                return close;
            }
        }

        /// <summary>Starts `node` on a script in tests/interop; the process is killed on dispose.</summary>
        internal static ChildProcess StartNode(string script, params string[] args)
        {
            string dir = InteropDirectory();
            var all = new List<string> { Path.Combine(dir, script) };
            all.AddRange(args);
            return ChildProcess.Start("node", dir, all.ToArray());
        }

        internal static string InteropDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    if (!File.Exists(Path.Combine(candidate, "node_modules", "ws", "package.json")))
                    {
                        throw new InvalidOperationException("Node package `ws` is not installed: run `npm ci` in " + candidate);
                    }

                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/interop not found above " + AppContext.BaseDirectory);
        }
    }
}
