using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// Hostile peers on the server's https/wss port while an open wss connection keeps echoing:
    /// garbage and plaintext HTTP instead of a ClientHello, a client that stalls before or in the
    /// middle of its handshake, and a flood of handshakes from another address that fills every
    /// slot. The server's timers run on a <see cref="TestClock"/>; every wait is on an event (a
    /// message, an end of stream, a server event), with the harness's patience as a hang guard.
    /// </summary>
    public sealed class ServerTlsHostileTests
    {
        private const int HandshakeTimeoutMs = 5000;

        private static TestCertificates Certs => TestCertificates.Shared;

        private static ServerHarness Start(TestClock clock)
        {
            return new ServerHarness(o =>
            {
                o.TlsCertificatePem = Certs.Cert("server");
                o.TlsKeyPem = Certs.Key("server");
                o.Clock = clock.Clock;
                o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
                o.Connection.PingIntervalMs = 0;
            }).Start();
        }

        private static async Task<ClientWebSocket> OpenWss(ServerHarness h)
        {
            var client = await ServerHarness.ConnectAsync(new Uri("wss://localhost:" + h.Port + "/echo"), o => o.RemoteCertificateValidationCallback = ServerTlsTests.TrustTestCa);
            Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
            return client;
        }

        private static async Task Echo(ClientWebSocket client, int round)
        {
            byte[] data = Encoding.UTF8.GetBytes("still here " + round);
            await ServerHarness.SendAsync(client, WsType.Text, data);
            var (type, echoed) = await ServerHarness.ReceiveMessageAsync(client);
            Assert.Equal(WsType.Text, type);
            Assert.Equal(data, echoed);
        }

        private static Socket Raw(ServerHarness h, string from = "127.0.0.1")
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
            socket.Connect(new IPEndPoint(IPAddress.Loopback, h.Port));
            socket.ReceiveTimeout = (int)ServerHarness.Patience.TotalMilliseconds;
            return socket;
        }

        /// <summary>Reads until the server ends the connection: true when it did (end of stream or reset).</summary>
        private static bool ServerEnds(Socket socket)
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    if (socket.Receive(buffer) == 0)
                    {
                        return true;
                    }
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return false;
            }
        }

        private static async Task CloseClean(ServerHarness h, ClientWebSocket client)
        {
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            var close = h.NextClose();
            Assert.Equal((1000, "done", true), (close.Code, close.Reason, close.WasClean));
        }

        [Theory]
        [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")]
        [InlineData("\u0016\u0003\u0001\u0000\u0005hello")]
        [InlineData("\u00ff\u00fe\u0000garbage instead of a ClientHello")]
        public async Task GarbageInsteadOfAClientHelloIsDroppedWhileAnOpenWssConnectionEchoes(string garbage)
        {
            var clock = new TestClock();
            using var h = Start(clock);
            using var open = await OpenWss(h);
            await Echo(open, 0);

            using Socket raw = Raw(h);
            raw.Send(Encoding.Latin1.GetBytes(garbage));
            Assert.True(ServerEnds(raw), "the server kept a connection that sent garbage");
            ServerHarness.WaitUntil(() => h.Errors.Any(e => e.Contains("TLS handshake failed: ")), "the handshake failure reported; errors: " + string.Join(" | ", h.Errors));
            await Echo(open, 1);
            ServerHarness.WaitUntil(() => h.Server.SlotsInUse == 1, "the garbage connection's slot freed");
            await CloseClean(h, open);
            Assert.Equal(0, clock.Now);
        }

        [Fact]
        public async Task StalledHandshakesEndAtTheHandshakeTimeoutWhileAnOpenWssConnectionEchoes()
        {
            var clock = new TestClock();
            using var h = Start(clock);
            using var open = await OpenWss(h);

            // One client sends nothing at all, one the first half of a ClientHello record.
            using Socket silent = Raw(h);
            using Socket half = Raw(h);
            half.Send(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03 });
            ServerHarness.WaitUntil(() => h.Server.SlotsInUse == 3, "both stalled connections accepted");
            for (int round = 0; round < 5; round++)
            {
                await Echo(open, round);
            }

            clock.AdvanceAndWait(HandshakeTimeoutMs - 1);
            Assert.Equal(3, h.Server.SlotsInUse);
            clock.AdvanceAndWait(1);
            Assert.True(ServerEnds(silent), "the silent client was kept past the handshake timeout");
            Assert.True(ServerEnds(half), "the half-handshake client was kept past the handshake timeout");
            ServerHarness.WaitUntil(() => h.Server.SlotsInUse == 1, "both stalled slots freed");
            Assert.Equal(2, h.Errors.Count(e => e.EndsWith(": opening handshake timed out", StringComparison.Ordinal)));
            await Echo(open, 5);
            await CloseClean(h, open);
        }

        [Fact]
        public async Task AHandshakeFloodFromAnotherAddressNeitherStopsNorEvictsAnOpenWssConnection()
        {
            const int Flood = 40;
            var clock = new TestClock();
            using var h = Start(clock);
            using var open = await OpenWss(h);

            // Full TLS handshakes from 127.0.0.2, then nothing: each holds a slot until evicted for
            // a newer one or the handshake timeout. Every one must end (handshake refused, or the
            // connection closed by the server).
            var unexpected = new System.Collections.Concurrent.ConcurrentBag<string>();
            int completed = 0;
            int ended = 0;
            async Task Connect()
            {
                try
                {
                    using Socket socket = Raw(h, "127.0.0.2");
                    using var stream = new NetworkStream(socket, false);
                    using var ssl = new SslStream(stream, false, ServerTlsTests.TrustTestCa);
                    await ssl.AuthenticateAsClientAsync("localhost");
                    Interlocked.Increment(ref completed);
                    var buffer = new byte[16];
                    while (await ssl.ReadAsync(buffer) > 0)
                    {
                    }
                }
                catch (Exception e) when (e is IOException || e is AuthenticationException || e is SocketException)
                {
                    // Refused, reset or closed by the server: the connection ended.
                }
                catch (Exception e)
                {
                    unexpected.Add(e.GetType().Name + ": " + e.Message);
                }

                Interlocked.Increment(ref ended);
            }

            // One of them alone first, so that the flood certainly holds a finished TLS session
            // however the machine schedules the rest (which may all be evicted mid-handshake).
            Task first = Task.Run(Connect);
            ServerHarness.WaitUntil(() => Volatile.Read(ref completed) + Volatile.Read(ref ended) > 0, "the first flood handshake ended");
            Assert.Equal(1, Volatile.Read(ref completed));
            Task[] flood = new[] { first }.Concat(Enumerable.Range(1, Flood - 1).Select(i => Task.Run(Connect))).ToArray();

            // Newcomers evict the oldest connections still waiting for their request.
            int round = 0;
            DateTime guard = DateTime.UtcNow + ServerHarness.Patience;
            while (Volatile.Read(ref ended) < Flood / 2)
            {
                Assert.True(DateTime.UtcNow < guard, "hang guard: the flood's connections are not being ended");
                await Echo(open, round++);
            }

            // What still holds a slot (or waits in the listen backlog for one) waits for its
            // request: the handshake timeout ends it, one virtual timeout after another.
            Task all = Task.WhenAll(flood);
            while (!all.IsCompleted)
            {
                Assert.True(DateTime.UtcNow < guard + ServerHarness.Patience, "hang guard: a flood connection never ended");
                clock.AdvanceAndWait(HandshakeTimeoutMs);
                await Echo(open, round++);
            }

            Assert.Empty(unexpected);
            Assert.Equal(Flood, ended);
            await Echo(open, round);
            ServerHarness.WaitUntil(() => h.Server.SlotsInUse == 1, "every flood slot freed");
            Assert.Equal(1, h.Server.OpenCount);
            Assert.Empty(h.Closes);
            await CloseClean(h, open);
        }
    }
}
