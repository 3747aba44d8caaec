using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;
using SysWebSocket = System.Net.WebSockets.WebSocket;
using WsCloseStatus = System.Net.WebSockets.WebSocketCloseStatus;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The client over wss:// (TlsChannel): against Node `ws` behind https.createServer and Kestrel
    /// over https, with certificates made at test time by openssl (<see cref="TestCertificates"/>):
    /// echo of text and binary messages up to 64 KiB, SNI, the pinned and client certificates,
    /// keep-alive and reconnection over TLS, and every refusal reported as its error then 1015.
    /// </summary>
    public sealed class ClientTlsTests
    {
        private static TestCertificates Certs => TestCertificates.Shared;

        private static WebSocketClientOptions Options(Action<WebSocketClientOptions> configure = null)
        {
            var options = new WebSocketClientOptions
            {
                Connection = new WebSocketOptions { MaxMessageSize = 0 },
                PollIntervalMs = 2,
                TrustedCaPem = Certs.Cert("ca"),
            };
            configure?.Invoke(options);
            return options;
        }

        /// <summary>Text and binary messages of several sizes, across TLS record boundaries (16 KiB) up to 64 KiB.</summary>
        private static IEnumerable<(WebSocketMessageType Type, byte[] Data)> Messages()
        {
            yield return (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("hello over TLS"));
            yield return (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("h\u00e9llo \u0436 \u20ac \u4e2d \U0001F600"));
            yield return (WebSocketMessageType.Binary, new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80, 0x7F });
            yield return (WebSocketMessageType.Binary, Array.Empty<byte>());
            yield return (WebSocketMessageType.Text, Array.Empty<byte>());
            foreach (int size in new[] { 125, 126, 2048, 16384, 16385, 65535, 65536 })
            {
                yield return (WebSocketMessageType.Binary, ServerHarness.Pattern(size, size));
            }

            yield return (WebSocketMessageType.Text, Encoding.UTF8.GetBytes(ServerHarness.TextPattern(65536, 3)));
        }

        private static void Open(WebSocketClient client, ClientRecorder recorder)
        {
            client.Connect();
            ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open || recorder.Closes.Count > 0, "open");
            Assert.True(client.ReadyState == WebSocketState.Open, "did not open; errors: " + string.Join(" | ", recorder.Errors));
        }

        private static void EchoAll(WebSocketClient client, ClientRecorder recorder)
        {
            foreach (var (type, data) in Messages())
            {
                ClientRecorder.SendWhole(client, type, data);
                var (echoType, echoed) = recorder.NextMessage();
                Assert.Equal(type, echoType);
                Assert.True(data.AsSpan().SequenceEqual(echoed), type + " " + data.Length + " bytes: echoed " + echoed.Length + " other bytes");
            }
        }

        private static void CloseClean(WebSocketClient client, ClientRecorder recorder)
        {
            client.Close(1000, "done");
            var close = recorder.NextClose();
            Assert.Equal((1000, "done", true), close);
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Empty(recorder.Errors);
        }

        // ---- Node ws behind https.createServer ----

        /// <summary>
        /// A host name is sent as SNI and matched against the certificate's DNS name; an address is
        /// not sent as SNI (RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted") and is
        /// matched against its IP address entry.
        /// </summary>
        [Theory]
        [InlineData("localhost")]
        [InlineData("127.0.0.1")]
        public void NodeWsOverHttpsEchoesTextAndBinaryUpTo64KiB(string host)
        {
            using var node = NodeWss.Start("server");
            var client = new WebSocketClient("wss://" + host + ":" + node.Port + "/tls", Options());
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            JsonNode connection = node.Process.NextEvent("connection");
            if (host == "localhost")
            {
                Assert.Equal("localhost", (string)connection["sni"]);
            }
            else
            {
                Assert.False((bool)connection["sni"]);
            }

            EchoAll(client, recorder);
            CloseClean(client, recorder);
            JsonNode close = node.Process.NextEvent("close");
            Assert.Equal(1000, (int)close["code"]);
            Assert.Equal("done", (string)close["reason"]);
        }

        [Fact]
        public void PinnedServerCertificateIsAccepted()
        {
            using var node = NodeWss.Start("server");
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o =>
            {
                o.TrustedCaPem = null;
                o.PinnedCertificatePem = Certs.Cert("server");
            }));
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            Assert.True(client.SendText("pinned"));
            Assert.Equal("pinned", Encoding.UTF8.GetString(recorder.NextMessage().Data));
            CloseClean(client, recorder);
        }

        [Fact]
        public void ClientCertificateIsPresentedToAServerThatRequiresOne()
        {
            using var node = NodeWss.Start("server", clientCa: "ca");
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o =>
            {
                o.ClientCertificatePem = Certs.Cert("client");
                o.ClientKeyPem = Certs.Key("client");
            }));
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            Assert.Equal("nanows-test-client", (string)node.Process.NextEvent("connection")["client"]);
            Assert.True(client.SendText("with a client certificate"));
            Assert.Equal("with a client certificate", Encoding.UTF8.GetString(recorder.NextMessage().Data));
            CloseClean(client, recorder);
        }

        /// <summary>Every refusal: the client raises Error with its message, then Closed with 1015 (RFC 6455 §7.4.1), never Opened.</summary>
        [Theory]
        [InlineData("unknown-ca", "ca", "TLS handshake failed: unknown CA: CN=localhost issued by CN=Unknown Test CA is not issued by the configured CA")]
        [InlineData("wrong-host", "ca", "TLS handshake failed: wrong host: the certificate (CN=wrong.example) is not for localhost")]
        [InlineData("expired", "ca", "TLS handshake failed: certificate expired: the certificate (CN=localhost) was valid until ")]
        [InlineData("server", "pin unknown-ca", "TLS handshake failed: not the pinned certificate (CN=localhost)")]
        [InlineData("server", "system", "TLS handshake failed: unknown CA: CN=localhost issued by CN=NanoWs Test CA is not trusted by the system's store")]
        public void RefusedServerCertificateIsAnErrorThenClose1015(string serverCert, string trust, string expected)
        {
            using var node = NodeWss.Start(serverCert);
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o =>
            {
                o.TrustedCaPem = trust == "ca" ? Certs.Cert("ca") : null;
                o.PinnedCertificatePem = trust.StartsWith("pin ") ? Certs.Cert(trust.Substring(4)) : null;
            }));
            var recorder = new ClientRecorder(client);
            client.Connect();
            Assert.Equal((1015, "", false), recorder.NextClose());
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Equal(0, recorder.Opens);
            string error = Assert.Single(recorder.Errors);
            if (serverCert == "expired")
            {
                DateTime notAfter = X509Certificate2.CreateFromPem(Certs.Cert("expired")).NotAfter.ToUniversalTime();
                expected += notAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            }

            Assert.Equal(expected, error);
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
        }

        /// <summary>
        /// A server that accepts TCP and never answers the ClientHello: the attempt ends at
        /// ConnectTimeoutMs as a failed TLS handshake. (The loopback connect before it takes
        /// microseconds; the timeout leaves it seconds.)
        /// </summary>
        [Fact]
        public void SilentServerEndsTheTlsHandshakeAtTheConnectTimeoutWith1015()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var client = new WebSocketClient("wss://127.0.0.1:" + port + "/", Options(o => o.ConnectTimeoutMs = 3000));
            var recorder = new ClientRecorder(client);
            client.Connect();
            using TcpClient accepted = listener.AcceptTcpClient();
            Assert.Equal((1015, "", false), recorder.NextClose());
            Assert.Equal("TLS handshake failed: connect timed out after 3000 ms", Assert.Single(recorder.Errors));
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
        }

        /// <summary>Close() during the TLS handshake ends it at once (its socket is closed): Closed 1006, no error, since the app asked.</summary>
        [Fact]
        public void CloseDuringTheTlsHandshakeEndsIt()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var client = new WebSocketClient("wss://127.0.0.1:" + port + "/", Options(o => o.ConnectTimeoutMs = 600000));
            var recorder = new ClientRecorder(client);
            client.Connect();
            using TcpClient accepted = listener.AcceptTcpClient();
            ServerHarness.WaitUntil(() => client.ConnectPhase == ConnectAttempt.Securing, "the TLS handshake");
            client.Close();
            Assert.Equal((1006, "", false), recorder.NextClose());
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Empty(recorder.Errors);
            Assert.Equal(0, recorder.Opens);
        }

        /// <summary>The client's keep-alive pings go through TLS and are answered; the connection stays open.</summary>
        [Fact]
        public void KeepAlivePingsFlowOverTls()
        {
            using var node = NodeWss.Start("server");
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o =>
            {
                o.Connection.PingIntervalMs = 50;
                o.Connection.PongTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
            }));
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            for (int i = 0; i < 3; i++)
            {
                node.Process.NextEvent("ping");
            }

            Assert.Equal(WebSocketState.Open, client.ReadyState);
            Assert.True(client.SendText("still here"));
            Assert.Equal("still here", Encoding.UTF8.GetString(recorder.NextMessage().Data));
            CloseClean(client, recorder);
        }

        /// <summary>The server drops the TCP connection; the client reports 1006 and reconnects over TLS, and messages flow again.</summary>
        [Fact]
        public void ReconnectsOverTlsAfterTheServerDropsTheConnection()
        {
            using var node = NodeWss.Start("server");
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o =>
            {
                o.Reconnect = true;
                o.ReconnectMinDelayMs = 1;
                o.ReconnectMaxDelayMs = 20;
            }));
            var recorder = new ClientRecorder(client);
            try
            {
                Open(client, recorder);
                node.Process.NextEvent("connection");
                node.Process.WriteLine("drop");
                var dropped = recorder.NextClose();
                Assert.Equal((1006, false), (dropped.Code, dropped.Clean));
                node.Process.NextEvent("connection");
                ServerHarness.WaitUntil(() => Volatile.Read(ref recorder.Opens) == 2 && client.ReadyState == WebSocketState.Open, "second open");
                ClientRecorder.SendWhole(client, WebSocketMessageType.Binary, ServerHarness.Pattern(65536, 9));
                Assert.Equal(ServerHarness.Pattern(65536, 9), recorder.NextMessage().Data);
                client.Close(1000, "done");
                Assert.Equal((1000, "done", true), recorder.NextClose());
                Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            }
            finally
            {
                client.Close();
                client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds);
            }
        }

        /// <summary>A configured CA that is no certificate is a failed TLS handshake with that reason, not a silent empty trust list.</summary>
        [Fact]
        public void TrustedCaThatIsNoCertificateFailsTheHandshakeWithItsReason()
        {
            using var node = NodeWss.Start("server");
            var client = new WebSocketClient("wss://localhost:" + node.Port + "/", Options(o => o.TrustedCaPem = "not a certificate"));
            var recorder = new ClientRecorder(client);
            client.Connect();
            Assert.Equal((1015, "", false), recorder.NextClose());
            Assert.Equal("TLS handshake failed: TrustedCaPem holds no PEM certificate", Assert.Single(recorder.Errors));
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
        }

        [Fact]
        public void CaAndPinnedCertificateTogetherAreRefused()
        {
            var options = Options(o => o.PinnedCertificatePem = Certs.Cert("server"));
            Assert.Throws<ArgumentException>(() => new WebSocketClient("wss://localhost/", options));
        }

        // ---- Kestrel over https ----

        [Fact]
        public void KestrelOverHttpsEchoesTextAndBinaryUpTo64KiB()
        {
            using var kestrel = KestrelWss.Start(X509Certificate2.CreateFromPemFile(Certs.CertFile("server"), Certs.KeyFile("server")));
            var client = new WebSocketClient("wss://localhost:" + kestrel.Port + "/", Options(o => o.Connection.SendBufferSize = 65536 + 14));
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            EchoAll(client, recorder);
            CloseClean(client, recorder);
            Assert.Equal((1000, "done"), kestrel.NextClose());
            Assert.Empty(kestrel.Errors);
        }

        /// <summary>Node `ws` over https (tests/interop/wss-echo-server.js).</summary>
        private sealed class NodeWss : IDisposable
        {
            private NodeWss(ChildProcess process)
            {
                Process = process;
                Port = int.Parse(process.NextLine());
            }

            public ChildProcess Process { get; }

            public int Port { get; }

            public static NodeWss Start(string certificate, string clientCa = null)
            {
                var args = new List<string> { Certs.CertFile(certificate), Certs.KeyFile(certificate) };
                if (clientCa != null)
                {
                    args.Add(Certs.CertFile(clientCa));
                }

                return new NodeWss(NodeWsInteropTests.StartNode("wss-echo-server.js", args.ToArray()));
            }

            public void Dispose() => Process.Dispose();
        }

        /// <summary>Kestrel's WebSockets over https in-process: echoes every fragment, records the close it received.</summary>
        private sealed class KestrelWss : IDisposable
        {
            private readonly WebApplication _app;
            private readonly System.Collections.Concurrent.BlockingCollection<(int, string)> _closes = new System.Collections.Concurrent.BlockingCollection<(int, string)>();

            private KestrelWss(X509Certificate2 certificate)
            {
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.UseKestrelHttpsConfiguration();
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
                _app = builder.Build();
                _app.UseWebSockets();
                _app.Run(Serve);
            }

            public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new System.Collections.Concurrent.ConcurrentQueue<string>();

            public int Port => new Uri(_app.Urls.First()).Port;

            public static KestrelWss Start(X509Certificate2 certificate)
            {
                var server = new KestrelWss(certificate);
                server._app.StartAsync().GetAwaiter().GetResult();
                return server;
            }

            public (int Code, string Reason) NextClose()
            {
                Assert.True(_closes.TryTake(out var close, ServerHarness.Patience), "Kestrel saw no close; errors: " + string.Join(" | ", Errors));
                return close;
            }

            private async Task Serve(HttpContext context)
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }

                using SysWebSocket ws = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
                var buffer = new byte[1 << 17];
                try
                {
                    while (true)
                    {
                        var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                        if (result.MessageType == WsType.Close)
                        {
                            _closes.Add(((int)(result.CloseStatus ?? WsCloseStatus.Empty), result.CloseStatusDescription ?? ""));
                            await ws.CloseOutputAsync(result.CloseStatus ?? WsCloseStatus.Empty, result.CloseStatusDescription, CancellationToken.None);
                            return;
                        }

                        await ws.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                    }
                }
                catch (Exception e)
                {
                    Errors.Enqueue(e.GetType().Name + ": " + e.Message);
                }
            }

            public void Dispose()
            {
                _app.StopAsync().GetAwaiter().GetResult();
                _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
