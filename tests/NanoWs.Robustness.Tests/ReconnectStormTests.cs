using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using NanoWs.Net;
using NanoWs.Tests;
using NanoWs.Samples.EchoServer;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// A <see cref="WebSocketClient"/> with reconnection on, against a server that closes every
    /// connection once it has echoed one message and that is stopped and started again five times
    /// during the run: the client comes back every time and its memory stays flat.
    /// </summary>
    public sealed class ReconnectStormTests
    {
        private const int Restarts = 5;
        private readonly ITestOutputHelper _output;

        public ReconnectStormTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void WebSocketClient_reconnect_storm_against_a_restarting_server_keeps_client_memory_flat()
        {
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = 4,
                PollIntervalMs = 2,
                Connection = EchoApp.CreateConnectionOptions(4096, 4096),
            };
            var server = new WebSocketServer(options);
            var counters = new ServerCounters();
            counters.Attach(server);

            // Echo one message, then close: every connection of the client is short-lived.
            EchoApp.Attach(server);
            server.MessageReceived += (s, m) => s.Close(m.ConnectionId, 1012, "restart");
            server.Start();

            // Later starts bind the same port, so the client finds the server again.
            options.Port = server.LocalPort;

            int opens = 0, closes = 0, echoes = 0, errors = 0, cutByStop = 0;
            bool echoed = true; // the current connection's echo came (events run on the client's thread)
            bool stopping = false; // set before the test closes the client itself
            var problems = new ConcurrentQueue<string>();
            var client = new WebSocketClient("ws://127.0.0.1:" + server.LocalPort + "/storm?x=1", new WebSocketClientOptions
            {
                Reconnect = true,
                ReconnectMinDelayMs = 2,
                ReconnectMaxDelayMs = 40,
                PollIntervalMs = 2,
                Connection = new WebSocketOptions { ReceiveBufferSize = 1024, SendBufferSize = 512, HandshakeTimeoutMs = 2000, CloseTimeoutMs = 500 },
            });
            client.Opened += c =>
            {
                echoed = false;
                int n = Interlocked.Increment(ref opens);
                if (!c.SendText("hello " + n))
                {
                    problems.Enqueue("could not send on open " + n);
                }
            };
            client.MessageReceived += (c, m) =>
            {
                if (!m.GetText().StartsWith("hello ", StringComparison.Ordinal))
                {
                    problems.Enqueue("unexpected echo " + m.GetText());
                }

                echoed = true;
                Interlocked.Increment(ref echoes);
            };
            client.Closed += (c, code, reason, clean) =>
            {
                Interlocked.Increment(ref closes);
                if (!echoed && !Volatile.Read(ref stopping))
                {
                    // Only a server stopping (1001, or TCP cut while it stops) may end a connection
                    // before the echo of its hello: how many of the restarts catch a connection in
                    // that moment is up to the scheduler, so those are counted, not judged.
                    if (code == 1001 || code == 1006)
                    {
                        Interlocked.Increment(ref cutByStop);
                    }
                    else
                    {
                        problems.Enqueue("connection " + Volatile.Read(ref opens) + " closed " + code + " \"" + reason + "\" without its echo");
                    }
                }

                echoed = true; // a refused attempt that follows has no echo to wait for
            };
            client.Error += (c, message) => Interlocked.Increment(ref errors);

            int target = Soak.Reconnects;
            int perPeriod = (target + Soak.Periods - 1) / Soak.Periods;
            int restartEvery = target / (Restarts + 1);
            int restarts = 0;
            var sampler = new MemorySampler();
            var watch = Stopwatch.StartNew();
            try
            {
                sampler.Sample();
                client.Connect();
                DateTime deadline = DateTime.UtcNow + Soak.Deadline;
                int nextRestart = restartEvery;
                for (int period = 1; period <= Soak.Periods; period++)
                {
                    while (Volatile.Read(ref opens) < period * perPeriod)
                    {
                        Assert.True(DateTime.UtcNow < deadline, "the storm stalled at " + opens + " opens; errors " + errors);
                        if (restarts < Restarts && Volatile.Read(ref opens) >= nextRestart)
                        {
                            // The server goes away (open connections get 1001) and comes back a moment later;
                            // meanwhile the client's attempts are refused and it backs off.
                            server.Stop();
                            Thread.Sleep(100);
                            server.Start();
                            Assert.Equal(options.Port, server.LocalPort);
                            restarts++;
                            nextRestart += restartEvery;
                        }

                        Thread.Sleep(1);
                    }

                    sampler.Sample();
                }
            }
            finally
            {
                Volatile.Write(ref stopping, true);
                client.Close();
                Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds), "the client's thread did not end");
                server.Stop();
            }

            Soak.Report(_output, "reconnect storm[" + Soak.Mode + "]: " + opens + " client connections (" + echoes + " echoes, " + closes
                + " Closed events, " + cutByStop + " connections cut by a stop before their echo, " + errors + " errors: refused while the server was down) with " + restarts + " server restarts, "
                + watch.Elapsed.TotalSeconds.ToString("F1") + " s; " + sampler.Describe() + "; server closes " + counters.Codes);
            Assert.Empty(problems);
            Assert.Equal(Restarts, restarts);
            Assert.True(opens >= target);
            Assert.True(cutByStop <= Restarts, cutByStop + " connections ended without their echo, more than the " + Restarts + " restarts can explain");
            Assert.True(echoes >= opens - cutByStop - 1, "opens " + opens + ", echoes " + echoes + ", cut by a stop " + cutByStop);
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
            sampler.AssertFlat("reconnecting client");
        }
    }
}
