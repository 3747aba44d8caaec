using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The server over https and wss (WebSocketServer.Tls.cs): .NET's ClientWebSocket and Node `ws`
    /// trusting only the test CA (certificates made at test time by openssl, <see cref="TestCertificates"/>),
    /// routes over https on the same port, the same-origin rule with an https origin, hostile TLS
    /// peers (garbage, plaintext HTTP, a stalled handshake, a handshake flood) while an open wss
    /// connection keeps echoing, and the start-time refusal where TLS does not fit.
    /// </summary>
    public sealed class ServerTlsTests
    {
        private static TestCertificates Certs => TestCertificates.Shared;

        private static ServerHarness StartTls(Action<WebSocketServerOptions> more = null, bool record = false)
        {
            return new ServerHarness(o =>
            {
                o.TlsCertificatePem = Certs.Cert("server");
                o.TlsKeyPem = Certs.Key("server");
                more?.Invoke(o);
            }, record: record).Start();
        }

        private static Uri Wss(ServerHarness h, string host = "localhost", string path = "/echo") => new Uri("wss://" + host + ":" + h.Port + path);

        /// <summary>The server's chain must end in the test CA, and the name must match (no other trust).</summary>
        internal static bool TrustTestCa(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(Certs.Cert("ca")));
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return custom.Build(new X509Certificate2(certificate));
        }

        private static Task<ClientWebSocket> ConnectWss(Uri uri, Action<ClientWebSocketOptions> more = null) =>
            ServerHarness.ConnectAsync(uri, o =>
            {
                o.RemoteCertificateValidationCallback = TrustTestCa;
                more?.Invoke(o);
            });

        private static IEnumerable<(WsType Type, byte[] Data)> Messages()
        {
            yield return (WsType.Text, Encoding.UTF8.GetBytes("hello over wss"));
            yield return (WsType.Text, Encoding.UTF8.GetBytes("h\u00e9llo \u0436 \u20ac \u4e2d \U0001F600"));
            yield return (WsType.Binary, new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80, 0x7F });
            yield return (WsType.Binary, Array.Empty<byte>());
            foreach (int size in new[] { 125, 126, 2048, 16384, 16385, 65536 })
            {
                yield return (WsType.Binary, ServerHarness.Pattern(size, size));
            }

            yield return (WsType.Text, Encoding.UTF8.GetBytes(ServerHarness.TextPattern(65536, 5)));
        }

        private static async Task EchoOnce(ClientWebSocket client, WsType type, byte[] data)
        {
            await ServerHarness.SendAsync(client, type, data);
            var (echoType, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(type, echoType);
            Assert.True(data.AsSpan().SequenceEqual(echoed), type + " " + data.Length + " bytes: echoed " + echoed.Length + " other bytes");
        }

        // ---- .NET ClientWebSocket ----

        [Theory]
        [InlineData("localhost")]
        [InlineData("127.0.0.1")]
        public async Task ClientWebSocketEchoesTextAndBinaryUpTo64KiBOverWss(string host)
        {
            using var h = StartTls();
            using var client = await ConnectWss(Wss(h, host));
            Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
            foreach (var (type, data) in Messages())
            {
                await EchoOnce(client, type, data);
            }

            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
            var close = h.NextClose();
            Assert.Equal((1000, "done", true), (close.Code, close.Reason, close.WasClean));
            Assert.Empty(h.Errors);
        }

        [Fact]
        public async Task ClientCloseCodeAndReasonReachTheServerOverWss()
        {
            using var h = StartTls();
            using var client = await ConnectWss(Wss(h));
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.CloseAsync((WebSocketCloseStatus)4001, "bye \u00e9", cts.Token);
            var close = h.NextClose();
            Assert.Equal((4001, "bye \u00e9", true), (close.Code, close.Reason, close.WasClean));
            Assert.Equal((WebSocketCloseStatus)4001, client.CloseStatus);
        }

        [Fact]
        public async Task ServerCloseCodeReachesTheClientOverWss()
        {
            using var h = StartTls();
            using var client = await ConnectWss(Wss(h));
            Assert.True(h.OpenedIds.TryPeek(out int id));
            Assert.True(h.Server.Close(id, 4002, "server says bye"));
            var (type, _) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Close, type);
            Assert.Equal((WebSocketCloseStatus)4002, client.CloseStatus);
            Assert.Equal("server says bye", client.CloseStatusDescription);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            // RFC 6455 §5.5.1: the endpoint answering a close typically echoes the status code it received.
            await client.CloseOutputAsync(client.CloseStatus.Value, "", cts.Token);
            var close = h.NextClose();
            Assert.Equal((4002, true), (close.Code, close.WasClean));
        }

        [Fact]
        public async Task RoutesAreServedOverHttpsOnTheSamePort()
        {
            byte[] page = Encoding.UTF8.GetBytes("<!doctype html><title>board</title>");
            using var h = new ServerHarness(o =>
            {
                o.TlsCertificatePem = Certs.Cert("server");
                o.TlsKeyPem = Certs.Key("server");
            });
            h.Server.AddRoute("/", "text/html; charset=utf-8", page, false, "no-store");
            h.Start();
            using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustTestCa } };
            using var http = new HttpClient(handler) { Timeout = ServerHarness.Patience };
            using HttpResponseMessage response = await http.GetAsync("https://localhost:" + h.Port + "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType.ToString());
            Assert.Equal(page, await response.Content.ReadAsByteArrayAsync());
            using HttpResponseMessage missing = await http.GetAsync("https://localhost:" + h.Port + "/nothing");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        [Fact]
        public async Task SameOriginOverWssIsTheHttpsOriginAndTheHttpOneIsRefused403()
        {
            using var h = StartTls();
            using var same = await ConnectWss(Wss(h), o => o.SetRequestHeader("Origin", "https://localhost:" + h.Port));
            Assert.Equal(HttpStatusCode.SwitchingProtocols, same.HttpStatusCode);

            var plain = new ClientWebSocket();
            plain.Options.CollectHttpResponseDetails = true;
            plain.Options.RemoteCertificateValidationCallback = TrustTestCa;
            plain.Options.SetRequestHeader("Origin", "http://localhost:" + h.Port);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await Assert.ThrowsAsync<WebSocketException>(() => plain.ConnectAsync(Wss(h), cts.Token));
            Assert.Equal(HttpStatusCode.Forbidden, plain.HttpStatusCode);
        }

        /// <summary>
        /// The same-origin rule over TLS, on the raw request: the server's own origin is https + its
        /// Host, a Host without a port meaning 443 (RFC 6454 §4, RFC 6455 §10.2).
        /// </summary>
        [Theory]
        [InlineData("localhost:{port}", "https://localhost:{port}", "101")]
        [InlineData("device.lan", "https://device.lan", "101")]
        [InlineData("device.lan", "https://DEVICE.lan:443", "101")]
        [InlineData("device.lan:443", "wss://device.lan", "101")]
        [InlineData("device.lan", "http://device.lan", "403")]
        [InlineData("device.lan", "http://device.lan:443", "403")]
        [InlineData("localhost:{port}", "http://localhost:{port}", "403")]
        [InlineData("localhost:{port}", "https://localhost:1", "403")]
        public async Task OwnOriginOverTlsIsHttpsAndTheHost(string host, string origin, string status)
        {
            using var h = StartTls();
            host = host.Replace("{port}", h.Port.ToString());
            origin = origin.Replace("{port}", h.Port.ToString());
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, h.Port));
            using var ssl = new SslStream(new NetworkStream(socket, false), false, TrustTestCa);
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = TrustTestCa }, cts.Token);
            byte[] request = Encoding.ASCII.GetBytes("GET /echo HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n");
            await ssl.WriteAsync(request, cts.Token);
            var head = new StringBuilder();
            var buffer = new byte[512];
            while (!head.ToString().Contains("\r\n"))
            {
                int n = await ssl.ReadAsync(buffer, cts.Token);
                Assert.True(n > 0, "no answer; so far: " + head);
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            Assert.StartsWith("HTTP/1.1 " + status + " ", head.ToString());
        }

        [Fact]
        public void StartRefusesTlsWhereTheBoardFitsNone()
        {
            var server = new WebSocketServer(new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                MaxConnections = 2,
                MaxTlsConnections = 0,
                TlsCertificatePem = Certs.Cert("server"),
                TlsKeyPem = Certs.Key("server"),
            });
            var e = Assert.Throws<InvalidOperationException>(server.Start);
            Assert.StartsWith("server TLS does not fit this board (MaxTlsConnections 0", e.Message);
            Assert.False(server.IsRunning);
        }

        [Fact]
        public void StartRefusesMoreConnectionsThanTheBoardsTlsBudget()
        {
            var server = new WebSocketServer(new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                MaxConnections = 8,
                MaxTlsConnections = 4,
                TlsCertificatePem = Certs.Cert("server"),
                TlsKeyPem = Certs.Key("server"),
            });
            var e = Assert.Throws<InvalidOperationException>(server.Start);
            Assert.Equal("the server would hold 8 TLS connections but the board fits 4 (MaxTlsConnections): lower MaxConnections to 4", e.Message);
            Assert.False(server.IsRunning);
        }

        [Fact]
        public void StartRefusesAKeyThatIsNotTheCertificates()
        {
            var server = new WebSocketServer(new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                TlsCertificatePem = Certs.Cert("server"),
                TlsKeyPem = Certs.Key("client"),
            });
            var e = Assert.Throws<ArgumentException>(server.Start);
            Assert.StartsWith("TlsCertificatePem and TlsKeyPem must be a PEM certificate and its private key: ", e.Message);
            Assert.False(server.IsRunning);
        }

        [Fact]
        public void CertificateWithoutKeyIsRefusedByTheOptions()
        {
            var e = Assert.Throws<ArgumentException>(() => new WebSocketServer(new WebSocketServerOptions { TlsCertificatePem = Certs.Cert("server") }));
            Assert.StartsWith("TlsCertificatePem and TlsKeyPem go together", e.Message);
        }

        // ---- Node ws ----

        [Fact]
        public void NodeWsClientTrustingTheTestCaEchoesOverWss()
        {
            using var h = StartTls();
            byte[] big = ServerHarness.Pattern(70000, 7);
            var steps = new JsonArray
            {
                new JsonObject { ["op"] = "send", ["type"] = "text", ["b64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello from ws over TLS")) },
                new JsonObject { ["op"] = "send", ["type"] = "binary", ["b64"] = Convert.ToBase64String(big) },
                new JsonObject { ["op"] = "ping", ["b64"] = Convert.ToBase64String(new byte[] { 1, 2, 3 }) },
                new JsonObject { ["op"] = "close", ["code"] = 4001, ["reason"] = "node done" },
            };
            string scriptPath = Path.Combine(Path.GetTempPath(), "nanows-wss-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(scriptPath, new JsonObject { ["steps"] = steps }.ToJsonString());
            try
            {
                string dir = NodeWsInteropTests.InteropDirectory();

                // NODE_EXTRA_CA_CERTS: Node trusts the test CA beside its own roots; ws verifies the chain and the name.
                var env = new Dictionary<string, string> { ["NODE_EXTRA_CA_CERTS"] = Certs.CertFile("ca") };
                using var node = ChildProcess.StartWith(env, "node", dir, Path.Combine(dir, "ws-client.js"), Wss(h).ToString(), scriptPath);
                JsonObject result = null;
                while (result == null)
                {
                    JsonObject line = JsonNode.Parse(node.NextLine()).AsObject();
                    if (line.ContainsKey("ok"))
                    {
                        result = line;
                    }
                }

                Assert.True((bool)result["ok"], "ws client failed: " + (string)result["error"] + "; server errors: " + string.Join(" | ", h.Errors));
                JsonArray received = result["received"].AsArray();
                Assert.Equal(2, received.Count);
                Assert.Equal("text", (string)received[0]["type"]);
                Assert.Equal("hello from ws over TLS", Encoding.UTF8.GetString(Convert.FromBase64String((string)received[0]["b64"])));
                Assert.Equal("binary", (string)received[1]["type"]);
                Assert.Equal(big, Convert.FromBase64String((string)received[1]["b64"]));
                Assert.Equal("AQID", (string)result["pongs"][0]);
                Assert.Equal(4001, (int)result["close"]["code"]);
                var close = h.NextClose();
                Assert.Equal((4001, "node done", true), (close.Code, close.Reason, close.WasClean));
            }
            finally
            {
                File.Delete(scriptPath);
            }
        }

        [Fact]
        public void NodeWsClientWithoutTheTestCaRefusesTheServer()
        {
            using var h = StartTls();
            string scriptPath = Path.Combine(Path.GetTempPath(), "nanows-wss-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(scriptPath, "{\"steps\":[]}");
            try
            {
                using var node = NodeWsInteropTests.StartNode("ws-client.js", Wss(h).ToString(), scriptPath);
                JsonObject result = JsonNode.Parse(node.NextLine()).AsObject();
                Assert.False((bool)result["ok"]);
                Assert.Contains("unable to verify the first certificate", (string)result["error"]);
                Assert.Empty(h.OpenedIds);
            }
            finally
            {
                File.Delete(scriptPath);
            }
        }
    }
}
