using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The client's connection attempt is bounded: a TCP connect that never completes ends at
    /// <see cref="WebSocketClientOptions.ConnectTimeoutMs"/> or at <see cref="WebSocketClient.Close()"/>,
    /// and a host name that does not resolve is an error, each reported as an event. The peer that
    /// never answers is a loopback listener whose accept queue is full: Linux drops the SYNs it gets.
    /// </summary>
    public sealed class ClientConnectTests
    {
        /// <summary>
        /// A listener on 127.0.0.1 with a backlog of 0 that never accepts, filled by one connection:
        /// further connection attempts get no answer until it is disposed.
        /// </summary>
        private sealed class FullBacklogListener : IDisposable
        {
            private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly Socket _filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public FullBacklogListener()
            {
                _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                _listener.Listen(0);
                _filler.Connect(_listener.LocalEndPoint);

                // Wait for the event, not a time: the filler is in the accept queue once the
                // listener reads as readable. From then on the queue is full.
                Assert.True(_listener.Poll((int)(ServerHarness.Patience.TotalMilliseconds * 1000), SelectMode.SelectRead));
            }

            public int Port => ((IPEndPoint)_listener.LocalEndPoint).Port;

            public string Url => "ws://127.0.0.1:" + Port + "/";

            public void Dispose()
            {
                _filler.Dispose();
                _listener.Dispose();
            }
        }

        private static void WaitFor(Func<bool> condition, string what)
        {
            Assert.True(SpinWait.SpinUntil(condition, ServerHarness.Patience), what);
        }

        [Fact]
        public void Connect_that_gets_no_answer_times_out_with_an_error_and_a_1006_close()
        {
            using var peer = new FullBacklogListener();
            var client = new WebSocketClient(peer.Url, new WebSocketClientOptions { ConnectTimeoutMs = 50 });
            var recorder = new ClientRecorder(client);
            client.Connect();

            Assert.Equal((1006, "", false), recorder.NextClose());
            Assert.Equal(new[] { "connect timed out after 50 ms" }, recorder.Errors.ToArray());
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Equal(0, recorder.Opens);
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
        }

        [Fact]
        public void Close_ends_a_connect_that_gets_no_answer_and_the_client_reports_the_close()
        {
            using var peer = new FullBacklogListener();
            var client = new WebSocketClient(peer.Url, new WebSocketClientOptions { ConnectTimeoutMs = int.MaxValue });
            var recorder = new ClientRecorder(client);
            client.Connect();
            WaitFor(() => client.ConnectPhase == ConnectAttempt.Connecting, "the TCP connect never started");

            client.Close();
            Assert.Equal((1006, "", false), recorder.NextClose());
            Assert.Empty(recorder.Errors); // the app asked for it: no error
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Equal(0, recorder.Opens);
            Assert.Equal(0, client.ConnectPhase);
        }

        [Fact]
        public void Closing_the_socket_ends_a_blocked_connect_on_its_thread()
        {
            using var peer = new FullBacklogListener();
            var attempt = new ConnectAttempt("127.0.0.1", peer.Port, null);
            attempt.Start();
            WaitFor(() => attempt.Phase == ConnectAttempt.Connecting, "the TCP connect never started");

            attempt.Abandon();
            Assert.True(attempt.Wait(0));

            // The thread blocked in Socket.Connect returns once its socket is closed.
            WaitFor(() => attempt.Phase == ConnectAttempt.Finished, "Connect did not return after the socket was closed");
            Assert.Null(attempt.Error);
            Assert.Null(attempt.Take(out TlsChannel channel));
            Assert.Null(channel);
        }

        [Fact]
        public void Timed_out_attempts_count_for_reconnection()
        {
            using var peer = new FullBacklogListener();
            var client = new WebSocketClient(peer.Url, new WebSocketClientOptions
            {
                ConnectTimeoutMs = 20,
                Reconnect = true,
                MaxReconnectAttempts = 2,
                ReconnectMinDelayMs = 1,
                ReconnectMaxDelayMs = 2,
            });
            var recorder = new ClientRecorder(client);
            client.Connect();
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds), "the client kept trying");

            Assert.Equal(3, recorder.Closes.Count);
            Assert.Equal(
                new[] { "connect timed out after 20 ms", "connect timed out after 20 ms", "connect timed out after 20 ms", "reconnection gave up after 2 attempts" },
                recorder.Errors.ToArray());
        }

        [Fact]
        public void Host_name_that_does_not_resolve_is_an_error_and_a_1006_close()
        {
            // RFC 6761 §6.4: names under .invalid never resolve. The timeout is only a hang guard.
            var client = new WebSocketClient("ws://nanows-test.invalid/", new WebSocketClientOptions
            {
                ConnectTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds,
            });
            var recorder = new ClientRecorder(client);
            client.Connect();

            Assert.Equal((1006, "", false), recorder.NextClose());
            string[] errors = recorder.Errors.ToArray();
            Assert.Single(errors);
            Assert.Matches(@"^cannot resolve nanows-test\.invalid \(socket error -?\d+\)$", errors[0]);
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
        }

        [Fact]
        public void Connect_timeout_must_be_positive()
        {
            var e = Assert.Throws<ArgumentException>(() => new WebSocketClient("ws://127.0.0.1/", new WebSocketClientOptions { ConnectTimeoutMs = 0 }));
            Assert.Equal("ConnectTimeoutMs must be positive", e.Message);
        }
    }
}
