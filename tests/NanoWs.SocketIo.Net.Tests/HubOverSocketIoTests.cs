using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NanoWs.Hub;
using NanoWs.Net;
using NanoWs.SocketIo;
using Xunit;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// A <see cref="ChannelHub"/> shared over Socket.IO (<see cref="HubSocketIo"/>) on our
    /// <see cref="WebSocketServer"/>, with the official socket.io-client 4.8.1 in Node
    /// (tests/interop/socketio-hub.js) as a front end of one's own: the dashboard protocol's
    /// hello, state and ack arrive as <c>hub</c> events, commands go out as <c>set</c> events, with
    /// and without an acknowledgement callback. Every line is compared whole.
    /// </summary>
    public sealed class HubOverSocketIoTests
    {
        private static readonly string InteropDir = Path.Combine(RepoPaths.Root, "tests", "interop");

        private const string Hello =
            "{\"t\":\"hello\",\"device\":\"sio-test\",\"seq\":2,\"channels\":["
            + "{\"id\":\"temp\",\"label\":\"Temperature\",\"unit\":\"°C\",\"kind\":\"number\",\"min\":-10,\"max\":45,\"writable\":false,\"value\":21.4},"
            + "{\"id\":\"led\",\"label\":\"LED\",\"unit\":\"\",\"kind\":\"bool\",\"min\":null,\"max\":null,\"writable\":true,\"value\":false}]}";

        [Theory]
        [InlineData("websocket")]
        [InlineData("polling")]
        [InlineData("-")]
        public void Clients_get_the_hello_states_and_acks_and_set_reaches_every_client(string transports)
        {
            Stopwatch since = Stopwatch.StartNew();
            MillisecondClock clock = () => since.ElapsedMilliseconds;
            HubSocketIo link = null;
            ChannelHub hub = null;
            HubChannel temp = null;
            HubChannel led = null;
            using var host = new NanoWsSocketIoHost(new SocketIoOptions(), null, 0, o => o.Clock = clock);

            // Built as an application does after Attach: the link takes the main namespace's connections.
            link = new HubSocketIo(host.Endpoint, host.Io.Of("/"), null, clock);
            hub = new ChannelHub(new HubOptions { DeviceName = "sio-test", MaxTabs = 4 }, link);
            temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            temp.Decimals = 1;
            led = hub.AddBool("led", "LED", true);
            bool ledState = false;
            hub.SetHandler = (h, request) =>
            {
                ledState = request.Bool;
                return null;
            };
            hub.Publish(temp, 21.4, clock());
            hub.Publish(led, false, clock());
            link.Attach(hub);

            using ChildProcess node = ChildProcess.Start("node", InteropDir, "socketio-hub.js", host.Url, transports);
            var lines = new Lines(node);
            string settled = transports == "polling" ? "polling" : "websocket";

            node.WriteLine("connect A");
            Assert.Equal("A hub " + Hello, lines.Next("A hub "));
            Assert.Equal("A connected " + settled, lines.Next("A connected "));
            node.WriteLine("connect B");
            Assert.Equal("B hub " + Hello, lines.Next("B hub "));
            Assert.Equal("B connected " + settled, lines.Next("B connected "));

            // A published value reaches both clients as one state, at the next pump.
            Assert.True(hub.Publish(temp, 21.5, clock()));
            link.Pump();
            Assert.Equal("A hub {\"t\":\"state\",\"seq\":3,\"v\":{\"temp\":21.5}}", lines.Next("A hub "));
            Assert.Equal("B hub {\"t\":\"state\",\"seq\":3,\"v\":{\"temp\":21.5}}", lines.Next("B hub "));

            // A command with an acknowledgement callback: the ack as the event and as the
            // acknowledgement, then the new state, which B sees too.
            node.WriteLine("set A {\"t\":\"set\",\"id\":17,\"ch\":\"led\",\"v\":true}");
            Assert.Equal("A hub {\"t\":\"ack\",\"id\":17,\"ok\":true}", lines.Next("A hub "));
            Assert.Equal("A ack {\"t\":\"ack\",\"id\":17,\"ok\":true}", lines.Next("A ack "));
            Assert.Equal("A hub {\"t\":\"state\",\"seq\":4,\"v\":{\"led\":true}}", lines.Next("A hub "));
            Assert.Equal("B hub {\"t\":\"state\",\"seq\":4,\"v\":{\"led\":true}}", lines.Next("B hub "));
            Assert.True(ledState);

            // A refused command without a callback: only the event, and nothing changes.
            node.WriteLine("send B {\"t\":\"set\",\"id\":\"r-2\",\"ch\":\"temp\",\"v\":3}");
            Assert.Equal("B hub {\"t\":\"ack\",\"id\":\"r-2\",\"ok\":false,\"error\":\"channel is read-only\"}", lines.Next("B hub "));

            // A third client joins with the state as it is now.
            node.WriteLine("connect C");
            Assert.Equal("C hub " + Hello.Replace("\"seq\":2", "\"seq\":4").Replace("\"value\":21.4", "\"value\":21.5").Replace("\"value\":false", "\"value\":true"), lines.Next("C hub "));
            Assert.Equal("C connected " + settled, lines.Next("C connected "));
            Assert.Equal(3, hub.TabCount);

            node.WriteLine("quit");
            Assert.Equal("done", lines.Next("done"));
            Assert.True(node.WaitForExit(ServerHarness.Patience), "node did not exit; stderr: " + node.Stderr);
            Assert.Equal(0, link.DroppedCommands);
            Assert.Equal(new[] { "A disconnected io client disconnect", "B disconnected io client disconnect", "C disconnected io client disconnect" }, lines.Unread);
        }

        [Fact]
        public async System.Threading.Tasks.Task With_viewing_open_only_a_request_with_the_owners_password_may_command()
        {
            Stopwatch since = Stopwatch.StartNew();
            MillisecondClock clock = () => since.ElapsedMilliseconds;
            var sio = new SocketIoOptions { PingIntervalMs = 600000 };
            using var host = new NanoWsSocketIoHost(sio, null, 0, o =>
            {
                o.Clock = clock;
                o.Password = "pw";
                o.ViewWithoutLogin = true;
            });
            var link = new HubSocketIo(host.Endpoint, host.Io.Of("/"), null, clock);
            var hub = new ChannelHub(new HubOptions { DeviceName = "sio-test", MaxTabs = 2 }, link);
            HubChannel led = hub.AddBool("led", "LED", true);
            int applied = 0;
            hub.SetHandler = (h, request) =>
            {
                applied++;
                return null;
            };
            link.Attach(hub);

            // A viewer: no cookie, no password; it sees the hello.
            using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri(host.Url), Timeout = ServerHarness.Patience };
            string open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
            string poll = "/socket.io/?EIO=4&transport=polling&sid=" + (string)JsonNode.Parse(open.Substring(1))["sid"];
            Assert.Equal("ok", await (await http.PostAsync(poll, new System.Net.Http.StringContent("40"))).Content.ReadAsStringAsync());
            string[] first = (await http.GetStringAsync(poll)).Split('\u001e');
            Assert.StartsWith("42[\"hub\",{\"t\":\"hello\"", first[1]);

            // Its command (with an acknowledgement callback, id 5) is refused to the event and the callback.
            const string Set = "425[\"set\",{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}]";
            Assert.Equal("ok", await (await http.PostAsync(poll, new System.Net.Http.StringContent(Set))).Content.ReadAsStringAsync());
            string refused = "{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"log in to send commands\"}";
            Assert.Equal(new[] { "42[\"hub\"," + refused + "]", "435[" + refused + "]" }, (await http.GetStringAsync(poll)).Split('\u001e'));
            Assert.Equal(0, applied);

            // The same session's next POST with the password itself (RFC 7617) is applied.
            var withPassword = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, poll) { Content = new System.Net.Http.StringContent(Set) };
            withPassword.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(":pw")));
            Assert.Equal("ok", await (await http.SendAsync(withPassword)).Content.ReadAsStringAsync());
            string ok = "{\"t\":\"ack\",\"id\":1,\"ok\":true}";
            Assert.Equal(new[] { "42[\"hub\"," + ok + "]", "435[" + ok + "]", "42[\"hub\",{\"t\":\"state\",\"seq\":1,\"v\":{\"led\":true}}]" }, (await http.GetStringAsync(poll)).Split('\u001e'));
            Assert.Equal(1, applied);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_client_that_does_not_poll_gets_the_newest_value_once_it_does_never_a_queue()
        {
            Stopwatch since = Stopwatch.StartNew();
            MillisecondClock clock = () => since.ElapsedMilliseconds;

            // No heartbeat within the test: every packet comes from the pumps below.
            var sio = new SocketIoOptions { PingIntervalMs = 600000 };
            using var host = new NanoWsSocketIoHost(sio, null, 0, o => o.Clock = clock);
            var link = new HubSocketIo(host.Endpoint, host.Io.Of("/"), null, clock);
            var hub = new ChannelHub(new HubOptions { DeviceName = "sio-test", MaxTabs = 2 }, link);
            HubChannel level = hub.AddNumber("level", "Level", "", 0, 1000, false);
            level.Decimals = 0;
            hub.Publish(level, 0, clock());
            link.Attach(hub);

            using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri(host.Url), Timeout = ServerHarness.Patience };
            string open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
            string sid = (string)JsonNode.Parse(open.Substring(1))["sid"];
            string poll = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
            var post = await http.PostAsync(poll, new System.Net.Http.StringContent("40"));
            Assert.Equal("ok", await post.Content.ReadAsStringAsync());
            string[] first = (await http.GetStringAsync(poll)).Split('\u001e');
            Assert.Equal(2, first.Length);
            Assert.StartsWith("40{\"sid\":", first[0]);
            Assert.Equal("42[\"hub\",{\"t\":\"hello\",\"device\":\"sio-test\",\"seq\":1,\"channels\":[{\"id\":\"level\",\"label\":\"Level\",\"unit\":\"\",\"kind\":\"number\",\"min\":0,\"max\":1000,\"writable\":false,\"value\":0}]}]", first[1]);

            // 200 changes, each pumped, while the client does not poll: the outbox takes states
            // while it has room, then the hub holds the newest value.
            for (int v = 1; v <= 200; v++)
            {
                Assert.True(hub.Publish(level, v, clock()));
                link.Pump();
            }

            string[] queued = (await http.GetStringAsync(poll)).Split('\u001e');
            Assert.InRange(queued.Length, 1, 199);
            for (int i = 0; i < queued.Length; i++)
            {
                Assert.Equal("42[\"hub\",{\"t\":\"state\",\"seq\":" + (i + 2) + ",\"v\":{\"level\":" + (i + 1) + "}}]", queued[i]);
            }

            // Drained: the next pump sends one state with the newest value, the changes between merged.
            link.Pump();
            Assert.Equal("42[\"hub\",{\"t\":\"state\",\"seq\":201,\"v\":{\"level\":200}}]", await http.GetStringAsync(poll));
            Assert.Equal(0, link.DroppedCommands);
        }

        [Fact]
        public void SensorDashboard_sample_serves_its_hub_over_socketio_with_the_socketio_option()
        {
            // SIGINT back to its default action (see tests/NanoWs.Net.Tests/EchoSampleProcessTests.cs), so Ctrl+C stops it.
            using ChildProcess sample = ChildProcess.Start("env", RepoPaths.Root, "--default-signal=INT", "dotnet", RepoPaths.SampleDll("SensorDashboard"),
                "--socketio", "--port", "0", "--state-file", "none", "--history-res", "0");
            Match listening = Regex.Match(sample.NextLine(), @"^dashboard hub over Socket\.IO on (http://127\.0\.0\.1:\d+)/socket\.io/ \(events: hub, set\)$");
            Assert.True(listening.Success, "unexpected first line of the sample");

            using ChildProcess node = ChildProcess.Start("node", InteropDir, "socketio-hub.js", listening.Groups[1].Value, "-");
            var lines = new Lines(node);
            node.WriteLine("connect A");
            JsonNode hello = JsonNode.Parse(lines.Next("A hub ").Substring(6));
            Assert.Equal("hello", (string)hello["t"]);
            Assert.Equal("simulated-esp32", (string)hello["device"]);
            Assert.Equal(2000, (int)hello["heartbeat"]);
            Assert.Equal(new[] { "temp", "humidity", "light", "button", "led", "fan" }, hello["channels"].AsArray().Select(c => (string)c["id"]).ToArray());
            Assert.Equal("{\"id\":\"led\",\"label\":\"LED\",\"unit\":\"\",\"kind\":\"bool\",\"min\":null,\"max\":null,\"writable\":true,\"value\":false}",
                hello["channels"][4].ToJsonString());

            // The device card's health follows the hello, as on the built-in page's WebSocket: its
            // version and address, and its own connection as the newest event.
            JsonNode health = JsonNode.Parse(lines.Next("A hub ").Substring(6));
            Assert.Equal("health", (string)health["t"]);
            Assert.Equal("127.0.0.1", (string)health["addr"]);
            Assert.False(string.IsNullOrEmpty((string)health["ver"]));
            Assert.True((long)health["up"] >= 0);
            Assert.Equal(1, (int)health["events"]);
            Assert.Equal("[{\"k\":\"open\",\"ago\":" + (long)health["ev"][0]["ago"] + "}]", health["ev"].ToJsonString());
            Assert.Equal("A connected websocket", lines.Next("A connected "));

            node.WriteLine("set A {\"t\":\"set\",\"id\":1,\"ch\":\"fan\",\"v\":60.4}");
            Assert.Equal("A ack {\"t\":\"ack\",\"id\":1,\"ok\":true}", lines.Next("A ack "));

            // The simulated sensors keep publishing: the states before the ack are theirs; the
            // first one after it carries the applied fan speed (whole percents).
            while (lines.Next("A hub ") != "A hub {\"t\":\"ack\",\"id\":1,\"ok\":true}")
            {
            }

            JsonNode state = JsonNode.Parse(lines.Next("A hub ").Substring(6));
            Assert.Equal("state", (string)state["t"]);
            Assert.Equal(60, (double)state["v"]["fan"]);

            node.WriteLine("quit");
            Assert.Equal("done", lines.Next("done"));
            Assert.True(node.WaitForExit(ServerHarness.Patience), "node did not exit; stderr: " + node.Stderr);
            sample.Interrupt();
            Assert.Equal("stopped", lines.NextOf(sample, "stopped"));
            Assert.True(sample.WaitForExit(ServerHarness.Patience), "the sample did not exit; stderr: " + sample.Stderr);
            Assert.Equal(0, sample.ExitCode);
        }

        /// <summary>The node script's lines, taken per client: lines of other clients wait their turn.</summary>
        private sealed class Lines
        {
            private readonly ChildProcess _node;

            public Lines(ChildProcess node)
            {
                _node = node;
            }

            public List<string> Unread { get; } = new List<string>();

            /// <summary>The next line of <paramref name="process"/> that is <paramref name="text"/>, skipping others (the sample's own log).</summary>
            public string NextOf(ChildProcess process, string text)
            {
                string line;
                while ((line = process.NextLine()) != text)
                {
                }

                return line;
            }

            /// <summary>The next line that starts with <paramref name="prefix"/> (e.g. "A hub ").</summary>
            public string Next(string prefix)
            {
                for (int i = 0; i < Unread.Count; i++)
                {
                    if (Unread[i].StartsWith(prefix, StringComparison.Ordinal))
                    {
                        string found = Unread[i];
                        Unread.RemoveAt(i);
                        return found;
                    }
                }

                while (true)
                {
                    string line = _node.NextLine();
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return line;
                    }

                    Unread.Add(line);
                }
            }
        }
    }
}
