using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// WebSocketClient's reconnection: bounded by MaxReconnectAttempts, and started by its own
    /// keep-alive when the server stops answering.
    /// </summary>
    public sealed class ClientReconnectTests
    {
        [Fact]
        public void Client_gives_up_after_MaxReconnectAttempts_against_a_port_nobody_listens_on()
        {
            // A port that is bound but not listening: every connection attempt is refused.
            using var unused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            unused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)unused.LocalEndPoint).Port;

            var client = new WebSocketClient("ws://127.0.0.1:" + port + "/", new WebSocketClientOptions
            {
                Reconnect = true,
                MaxReconnectAttempts = 3,
                ReconnectMinDelayMs = 1,
                ReconnectMaxDelayMs = 4,
            });
            var recorder = new ClientRecorder(client);
            var states = new System.Collections.Concurrent.ConcurrentQueue<WebSocketState>();
            client.Closed += (c, code, reason, clean) => states.Enqueue(c.ReadyState);
            client.Connect();
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds), "the client kept trying");

            // The first attempt and three reconnection attempts, each refused and closed with 1006.
            var closes = recorder.Closes.ToArray();
            Assert.Equal(4, closes.Length);
            Assert.All(closes, c => Assert.Equal((1006, "", false), c));
            Assert.All(states, s => Assert.Equal(WebSocketState.Closed, s));
            string[] errors = recorder.Errors.ToArray();
            Assert.Equal(5, errors.Length);
            Assert.All(errors.Take(4), e => Assert.StartsWith("socket error ", e));
            Assert.Equal("reconnection gave up after 3 attempts", errors[4]);
            Assert.Equal(0, recorder.Opens);
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
        }

        [Fact]
        public void Negative_MaxReconnectAttempts_is_refused()
        {
            Assert.Throws<ArgumentException>(() => new WebSocketClient("ws://127.0.0.1:1/", new WebSocketClientOptions { MaxReconnectAttempts = -1 }));
        }

        [Fact]
        public void Client_keep_alive_drops_a_server_that_never_answers_pings_with_1006_and_reconnects()
        {
            const int PingMs = 1000, PongMs = 1000;
            var clock = new TestClock();
            using var server = new RawServer();
            var client = new WebSocketClient(server.Url, new WebSocketClientOptions
            {
                PollIntervalMs = 2,
                Reconnect = true,
                ReconnectMinDelayMs = 500,
                ReconnectMaxDelayMs = 500,
                Clock = clock.Clock,
                Connection = new WebSocketOptions { PingIntervalMs = PingMs, PongTimeoutMs = PongMs },
            });
            var recorder = new ClientRecorder(client);
            try
            {
                client.Connect();

                // A server that completes the handshake, then reads and never writes again.
                using RawServer.Peer dead = server.Accept();
                dead.Accept(dead.ReadRequest());
                ServerHarness.WaitUntil(() => Volatile.Read(ref recorder.Opens) == 1, "open");
                clock.WaitForRound();

                // After the ping interval the client pings (RFC 6455 §5.5.2: masked, from a client).
                clock.AdvanceAndWait(PingMs);
                var ping = dead.ReadFrame();
                Assert.NotNull(ping);
                Assert.Equal(0x9, ping.Value.Opcode);
                Assert.True(ping.Value.Masked);
                Assert.Empty(ping.Value.Payload);

                // No pong within the pong timeout: the connection is dropped, 1006, not clean.
                Assert.Empty(recorder.Closes);
                clock.AdvanceAndWait(PongMs);
                var close = recorder.NextClose();
                Assert.Equal((1006, "", false), close);
                Assert.Contains("no pong to the keep-alive ping", recorder.Errors);
                Assert.True(dead.ReadsToEnd());

                // The reconnection delay runs on the same clock: move it until the client is back.
                ServerHarness.WaitUntil(() =>
                {
                    clock.AdvanceAndWait(500);
                    return server.Pending;
                }, "the client reconnecting");
                using RawServer.Peer second = server.Accept();
                second.Accept(second.ReadRequest());
                ServerHarness.WaitUntil(() => Volatile.Read(ref recorder.Opens) == 2, "open again");
                Assert.Equal(WebSocketState.Open, client.ReadyState);
            }
            finally
            {
                client.Close();
                client.WaitClosed(5000);
            }
        }
    }
}
