using System;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// Several <see cref="PathHandler"/>s on one server (<see cref="WebSocketServer.MapPath"/>):
    /// each prefix reaches its own handler (plain requests with bodies and WebSocket upgrades), the
    /// longer prefix wins where two match, the rest of the port keeps its routes and WebSocket, and
    /// mapping is refused once started, for a prefix taken, and beyond the limit.
    /// </summary>
    public sealed class PathHandlerTests
    {
        [Fact]
        public async Task Each_prefix_reaches_its_own_handler_and_the_longer_prefix_wins()
        {
            using var harness = new ServerHarness();
            harness.Server.MapPath(new NamedHandler("/a/", "A"));
            harness.Server.MapPath(new NamedHandler("/b/", "B"));
            harness.Server.MapPath(new NamedHandler("/a/deep/", "D"));
            harness.Start();
            using var http = new HttpClient { Timeout = ServerHarness.Patience };

            Assert.Equal("A GET /a/x ", await http.GetStringAsync(harness.HttpUri("/a/x")));
            Assert.Equal("B GET /b/y ", await http.GetStringAsync(harness.HttpUri("/b/y")));
            Assert.Equal("D GET /a/deep/z ", await http.GetStringAsync(harness.HttpUri("/a/deep/z")));
            HttpResponseMessage post = await http.PostAsync(harness.HttpUri("/b/post"), new StringContent("body", Encoding.ASCII));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal("B POST /b/post body", await post.Content.ReadAsStringAsync());

            // Outside every prefix: the server's own 404 (no route), not a handler's answer.
            HttpResponseMessage other = await http.GetAsync(harness.HttpUri("/c/"));
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal("Not Found\n", await other.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Upgrades_under_each_prefix_reach_their_handler_and_other_paths_the_server()
        {
            using var harness = new ServerHarness();
            harness.Server.MapPath(new NamedHandler("/a/", "A"));
            harness.Server.MapPath(new NamedHandler("/b/", "B"));
            harness.Start();

            using ClientWebSocket a = await ServerHarness.ConnectAsync(harness.WsUri("/a/ws"));
            using ClientWebSocket b = await ServerHarness.ConnectAsync(harness.WsUri("/b/ws"));
            using ClientWebSocket echo = await ServerHarness.ConnectAsync(harness.WsUri("/ws"));
            await SendText(a, "one");
            await SendText(b, "two");
            await SendText(echo, "three");

            Assert.Equal("A:one", Text(await ServerHarness.ReceiveMessageAsync(a)));
            Assert.Equal("B:two", Text(await ServerHarness.ReceiveMessageAsync(b)));
            Assert.Equal("three", Text(await ServerHarness.ReceiveMessageAsync(echo)));
        }

        [Fact]
        public void Mapping_is_refused_after_start_for_a_prefix_taken_and_beyond_the_limit()
        {
            using var harness = new ServerHarness();
            harness.Server.MapPath(new NamedHandler("/a/", "A"));
            ArgumentException taken = Assert.Throws<ArgumentException>(() => harness.Server.MapPath(new NamedHandler("/a/", "again")));
            Assert.Equal("a handler for /a/ is mapped already", taken.Message);
            for (int i = 1; i < WebSocketServer.MaxPathHandlers; i++)
            {
                harness.Server.MapPath(new NamedHandler("/p" + i + "/", "P"));
            }

            InvalidOperationException full = Assert.Throws<InvalidOperationException>(() => harness.Server.MapPath(new NamedHandler("/q/", "Q")));
            Assert.Equal("a server takes at most 4 path handlers", full.Message);

            using var started = new ServerHarness().Start();
            InvalidOperationException late = Assert.Throws<InvalidOperationException>(() => started.Server.MapPath(new NamedHandler("/a/", "A")));
            Assert.Equal("MapPath is called before Start", late.Message);
        }

        private static Task SendText(ClientWebSocket client, string text)
        {
            return client.SendAsync(Encoding.UTF8.GetBytes(text), WsType.Text, true, default);
        }

        private static string Text((WsType Type, byte[] Data) message)
        {
            Assert.Equal(WsType.Text, message.Type);
            return Encoding.UTF8.GetString(message.Data);
        }

        /// <summary>
        /// Answers a request with "NAME METHOD PATH BODY", accepts every upgrade and answers each of
        /// its messages with "NAME:message".
        /// </summary>
        private sealed class NamedHandler : PathHandler
        {
            private readonly string _name;

            public NamedHandler(string prefix, string name)
                : base(prefix, 256)
            {
                _name = name;
            }

            public override void Request(PathExchange exchange)
            {
                if (exchange.IsUpgrade)
                {
                    exchange.Accept();
                    return;
                }

                string method = exchange.Head.MethodIs("POST") ? "POST" : "GET";
                string body = Encoding.ASCII.GetString(exchange.Buffer, exchange.BodyOffset, exchange.BodyCount);
                byte[] answer = Encoding.ASCII.GetBytes(_name + " " + method + " " + exchange.Head.Path + " " + body);
                exchange.Respond(200, "text/plain", answer, 0, answer.Length);
            }

            public override void Message(PathExchange exchange, bool binary, byte[] buffer, int offset, int count)
            {
                byte[] answer = Encoding.UTF8.GetBytes(_name + ":" + Encoding.UTF8.GetString(buffer, offset, count));
                exchange.Send(false, answer, 0, answer.Length);
            }

            public override void Poll(PathExchange exchange)
            {
            }

            public override void Pump(PathExchange exchange)
            {
            }

            public override void Ended(PathExchange exchange)
            {
            }

            public override void Tick(long now)
            {
            }
        }
    }
}
