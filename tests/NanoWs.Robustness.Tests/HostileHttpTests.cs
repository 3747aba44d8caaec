using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hardware;
using NanoWs.Net;
using NanoWs.Tests;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// Hostile input on the HTTP side, against the echo server and the dashboard, both with an
    /// <see cref="WebSocketServer.Authorize"/> hook that wants <c>?token=s3cret</c> on upgrades and
    /// on <c>/config.json</c>: oversized request lines and headers, too many headers, header
    /// injection, path traversal, bad tokens, other methods, other HTTP versions, garbage. Each gets
    /// the status the core documents, never a file, and the server goes on serving a normal client.
    /// </summary>
    public sealed class HostileHttpTests
    {
        private const string Token = "s3cret";
        private const int HandshakeTimeoutMs = 1000;
        private const string Page = "<!doctype html><title>page</title>";
        private const string Config = "{\"secret\":true}";

        /// <summary>Name → (request, expected status). The request uses "{ws}" for the WebSocket path's upgrade headers.</summary>
        private static readonly Dictionary<string, (Func<string> Request, int Status)> Cases = new Dictionary<string, (Func<string>, int)>
        {
            // Sizes: a head larger than the receive buffer (4 KB here) is 431 (RFC 6585 §5), whether the
            // request line or a header makes it so; the core sends no 414.
            ["request line of 5000 bytes"] = (() => "GET /" + new string('a', 5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431),
            ["query of 20000 bytes"] = (() => "GET /?q=" + new string('b', 20000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431),
            ["header of 5000 bytes"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('c', 5000) + "\r\n\r\n", 431),
            ["30 headers (limit 24)"] = (() => "GET / HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 29).Select(i => "X-H" + i + ": v\r\n")) + "\r\n", 431),
            ["1000 tiny headers"] = (() => "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => "A:\r\n")) + "\r\n", 431),

            // Header injection: controls inside values and names are refused (RFC 9110 §5.5).
            ["bare CR inside a value"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\rInjected: two\r\n\r\n", 400),
            ["NUL inside a value"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\0two\r\n\r\n", 400),
            ["ESC inside a value"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-A: \u001b[31mred\r\n\r\n", 400),
            ["CRLF injected into the request target"] = (() => "GET /\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ["space before the colon"] = (() => "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            ["obsolete line folding"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n", 400),
            ["non-ASCII in a header name"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-\u00e9: v\r\n\r\n", 400),
            ["non-ASCII in the request target"] = (() => "GET /\u00e9t\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ["non-ASCII (obs-text) in a value is allowed"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nX-Name: Ren\u00e9e \u00ff\r\n\r\n", 200),
            ["two Host headers"] = (() => "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
            ["HTTP/1.1 without Host"] = (() => "GET / HTTP/1.1\r\n\r\n", 400),

            // Path traversal on the page routes: routes are exact paths, nothing is ever read from disk.
            ["/../../etc/passwd"] = (() => "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["/%2e%2e/%2e%2e/etc/passwd"] = (() => "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["/..%2f..%2fetc%2fpasswd"] = (() => "GET /..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["/index.html/../../../etc/passwd"] = (() => "GET /index.html/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["\\..\\..\\windows\\win.ini"] = (() => "GET \\..\\..\\windows\\win.ini HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["//etc/passwd"] = (() => "GET //etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["absolute-form http://127.0.0.1/etc/passwd"] = (() => "GET http://127.0.0.1/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404),
            ["absolute-form file:///etc/passwd"] = (() => "GET file:///etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["asterisk-form"] = (() => "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ["upgrade on /ws/../ws"] = (() => Upgrade("/ws/../ws?token=" + Token), 404),
            ["upgrade on /%77s"] = (() => Upgrade("/%77s?token=" + Token), 404),

            // Tokens: missing 401 (with WWW-Authenticate), wrong or oversized 403, bigger than the buffer 431.
            ["upgrade without a token"] = (() => Upgrade("/ws"), 401),
            ["upgrade with a wrong token"] = (() => Upgrade("/ws?token=guess"), 403),
            ["upgrade with a token of 3000 bytes"] = (() => Upgrade("/ws?token=" + new string('A', 3000)), 403),
            ["upgrade with a token of 8000 bytes"] = (() => Upgrade("/ws?token=" + new string('A', 8000)), 431),
            ["upgrade with the token as a prefix"] = (() => Upgrade("/ws?token=" + Token + "x"), 403),
            ["upgrade with the token twice, first wrong"] = (() => Upgrade("/ws?token=guess&token=" + Token), 403),
            ["route without a token"] = (() => "GET /config.json HTTP/1.1\r\nHost: x\r\n\r\n", 401),
            ["route with a wrong token"] = (() => "GET /config.json?token=guess HTTP/1.1\r\nHost: x\r\n\r\n", 403),
            ["route with a token of 3000 bytes"] = (() => "GET /config.json?token=" + new string('%', 3000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 403),

            // Methods: routes answer GET and HEAD only (RFC 9110 §15.5.6: 405 with Allow).
            ["POST on a route"] = (() => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 405),
            ["PUT on a route"] = (() => "PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
            ["DELETE on a route"] = (() => "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ["OPTIONS on a route"] = (() => "OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ["TRACE on a route"] = (() => "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ["PATCH on an unknown path"] = (() => "PATCH /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ["made-up method"] = (() => "BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ["POST upgrade"] = (() => Upgrade("/ws?token=" + Token).Replace("GET ", "POST "), 405),
            ["made-up method upgrade"] = (() => Upgrade("/ws?token=" + Token).Replace("GET ", "BREW "), 501),

            // Versions.
            ["HTTP/1.0 GET without Host"] = (() => "GET / HTTP/1.0\r\n\r\n", 200),
            ["HTTP/1.0 upgrade"] = (() => Upgrade("/ws?token=" + Token).Replace("HTTP/1.1", "HTTP/1.0"), 400),
            ["HTTP/2.0 request line"] = (() => "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            ["HTTP/1.1 in lower case"] = (() => "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
            ["HTTP/1.10"] = (() => "GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400),

            // Garbage.
            ["empty line only"] = (() => "\r\n\r\n", 400),
            ["binary garbage with line ends"] = (() => "\u0001\u00ff\u0002garbage\u0000\n\n", 400),
            ["three words and no version"] = (() => "GET / /\r\nHost: x\r\n\r\n", 400),
        };

        public static IEnumerable<object[]> AllCases()
        {
            foreach (string server in new[] { "echo", "dashboard" })
            {
                foreach (string name in Cases.Keys)
                {
                    yield return new object[] { server, name };
                }
            }
        }

        [Theory]
        [MemberData(nameof(AllCases))]
        public async Task Hostile_request_gets_the_right_status_and_the_server_goes_on(string server, string name)
        {
            (Func<string> request, int expected) = Cases[name];
            using Target target = Target.Start(server);
            HttpProbe probe = HttpProbe.Send(target.Port, request());
            Assert.True(expected == probe.Status, name + ": expected " + expected + ", got " + probe + (probe.Reset ? " (connection reset)" : string.Empty));
            Assert.Equal("close", probe.Header("Connection"));

            // Never a file, never the protected body unless the token was right.
            Assert.DoesNotContain("root:", probe.Body);
            Assert.DoesNotContain("[fonts]", probe.Body);
            if (expected != 200)
            {
                Assert.DoesNotContain(Config, probe.Body);
                Assert.Equal(probe.Body.Length.ToString(), probe.Header("Content-Length"));
            }

            if (expected == 401)
            {
                Assert.Equal("Bearer", probe.Header("WWW-Authenticate"));
            }

            if (expected == 405)
            {
                Assert.NotNull(probe.Header("Allow"));
            }

            await target.AssertServesNormally();
        }

        [Theory]
        [InlineData("echo")]
        [InlineData("dashboard")]
        public async Task The_right_token_is_accepted_on_upgrade_and_route(string server)
        {
            using Target target = Target.Start(server);
            HttpProbe config = HttpProbe.Send(target.Port, "GET /config.json?token=" + Token + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, config.Status);
            Assert.Equal(Config, config.Body);
            HttpProbe head = HttpProbe.Send(target.Port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, head.Status);
            Assert.Equal(string.Empty, head.Body);
            await target.AssertServesNormally();
        }

        [Theory]
        [InlineData("echo")]
        [InlineData("dashboard")]
        public async Task A_TLS_hello_or_a_head_that_never_ends_is_dropped_by_the_handshake_timeout(string server)
        {
            using Target target = Target.Start(server);

            // A TLS ClientHello (no line end anywhere) and a head that keeps going without its empty line.
            byte[] tls = new byte[517];
            new Random(3).NextBytes(tls);
            tls[0] = 0x16;
            tls[1] = 0x03;
            tls[2] = 0x01;
            for (int i = 0; i < tls.Length; i++)
            {
                if (tls[i] == (byte)'\n')
                {
                    tls[i] = 0;
                }
            }

            // Both wait on their sockets; only the handshake timeout, on the server's test clock,
            // ends them.
            Task<HttpProbe> helloProbe = Task.Run(() => HttpProbe.Send(target.Port, tls));
            Task<HttpProbe> endlessProbe = Task.Run(() => HttpProbe.Send(target.Port, "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n"));
            ServerHarness.WaitUntil(() => target.Server.SlotsInUse == 2, "both connections accepted");
            target.Clock.WaitForRound();
            Assert.False(helloProbe.IsCompleted || endlessProbe.IsCompleted, "dropped before the handshake timeout");
            target.Clock.AdvanceAndWait(HandshakeTimeoutMs);
            HttpProbe hello = await helloProbe.WaitAsync(ServerHarness.Patience);
            HttpProbe endless = await endlessProbe.WaitAsync(ServerHarness.Patience);
            Assert.Equal(0, hello.Status);
            Assert.Equal(string.Empty, hello.Head);
            Assert.Equal(0, endless.Status);
            await target.AssertServesNormally();
        }

        [Fact]
        public async Task Many_hostile_requests_in_a_row_leave_no_slot_taken()
        {
            using Target target = Target.Start("dashboard");
            int rounds = 0;
            foreach (var c in Cases.Values)
            {
                HttpProbe probe = HttpProbe.Send(target.Port, c.Request());
                Assert.Equal(c.Status, probe.Status);
                rounds++;
            }

            ServerHarness.WaitUntil(() => target.Server.SlotsInUse == 0, "no slot left taken");
            await target.AssertServesNormally();
            Assert.Equal(Cases.Count, rounds);
        }

        private static string Upgrade(string path)
        {
            return RawSocket.UpgradeRequest(path);
        }

        /// <summary>The echo server or the dashboard, each with a page, a protected route and the token hook.</summary>
        private sealed class Target : IDisposable
        {
            private ServerHarness _harness;
            private DashboardHost _host;

            /// <summary>
            /// The server's clock: it stands still unless a test moves it, so a request that a slow
            /// machine delivers late is never cut off by the handshake timeout.
            /// </summary>
            public TestClock Clock { get; } = new TestClock();

            public WebSocketServer Server => _harness != null ? _harness.Server : _host.Server;

            public int Port => Server.LocalPort;

            public static Target Start(string kind)
            {
                var target = new Target();
                WebSocketServer server;
                if (kind == "echo")
                {
                    target._harness = new ServerHarness(o =>
                    {
                        o.WebSocketPath = "/ws";
                        o.MaxConnections = 8;
                        o.Clock = target.Clock.Clock;
                        o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
                    });
                    server = target._harness.Server;
                    server.AddRoute("/", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(Page), false, "no-cache");
                    server.AddRoute("/index.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(Page), false, "no-cache");
                }
                else
                {
                    target._host = DashboardHost.Create(0, 8, null, SimulatedParts.Create(3), o =>
                    {
                        o.Clock = target.Clock.Clock;
                        o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
                    });
                    server = target._host.Server;
                }

                server.AddRoute("/config.json", "application/json", Encoding.UTF8.GetBytes(Config), false, null);
                server.Authorize = (s, id, request, isUpgrade) =>
                {
                    if (!isUpgrade && !request.PathEquals("/config.json"))
                    {
                        return 0;
                    }

                    string token = request.GetQueryParameter("token");
                    return token == null ? 401 : token == Token ? 0 : 403;
                };

                if (target._harness != null)
                {
                    target._harness.Start();
                }
                else
                {
                    target._host.Start();
                }

                return target;
            }

            /// <summary>The page is served and a WebSocket with the right token opens and works.</summary>
            public async Task AssertServesNormally()
            {
                HttpProbe page = HttpProbe.Send(Port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                Assert.Equal(200, page.Status);
                Assert.Equal(page.Body.Length.ToString(), page.Header("Content-Length"));
                using var cts = new CancellationTokenSource(ServerHarness.Patience);
                using ClientWebSocket ws = await ServerHarness.ConnectAsync(new Uri("ws://127.0.0.1:" + Port + "/ws?token=" + Token));
                if (_host != null)
                {
                    JsonElement hello = await SoakTests.ReceiveJson(ws, cts.Token);
                    Assert.Equal("hello", hello.GetProperty("t").GetString());
                }
                else
                {
                    await ServerHarness.SendTextAsync(ws, "normal");
                    Assert.Equal("normal", Encoding.UTF8.GetString((await ServerHarness.ReceiveMessageAsync(ws)).Data));
                }

                await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);

                // Nothing hostile left a slot behind: not an open connection, not a half-read request.
                ServerHarness.WaitUntil(() => Server.SlotsInUse == 0, "every slot free");
            }

            public void Dispose()
            {
                _harness?.Dispose();
                if (_host != null)
                {
                    // Stopping waits for close handshakes on the test clock: keep it moving.
                    Task stop = Task.Run(_host.Dispose);
                    while (!stop.Wait(5))
                    {
                        Clock.Advance(100);
                    }
                }
            }
        }
    }
}
