using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
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
using Xunit.Abstractions;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// 100 connections that open TCP and never finish the handshake, plus 100 that finish it and
    /// never read: a legitimate client still connects and is served while they hang on, and each of
    /// them is dropped by the timer configured for it (handshake timeout; send stall on the echo
    /// server; keep-alive pong timeout on the dashboard).
    /// </summary>
    public sealed class IdleClientTests
    {
        private const int Silent = 100;
        private const int NonReaders = 100;
        private const int HandshakeTimeoutMs = 1000;
        private const int SendStallTimeoutMs = 1000;
        private readonly ITestOutputHelper _output;

        public IdleClientTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task EchoServer_serves_a_real_client_while_100_silent_and_100_non_reading_connections_hang_on()
        {
            // The server's timers run on a clock the test moves: the real client's handshake and
            // echoes happen while the clock stands still, so a slow machine cannot time it out; the
            // idle connections are dropped only when the test moves the time past their timers.
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 256;
                o.ListenBacklog = 256;
                o.Clock = clock.Clock;
                o.SendStallTimeoutMs = SendStallTimeoutMs;
                o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
                o.Connection.CloseTimeoutMs = 500;

                // No keep-alive: the moving clock would ping the real client between its receives.
                o.Connection.PingIntervalMs = 0;
            }).Start();
            WebSocketServer server = harness.Server;
            var silent = new List<RawSocket>();
            var nonReaders = new List<RawSocket>();
            try
            {
                // Never finish the handshake: half send nothing, half stop in the middle of the head.
                for (int i = 0; i < Silent; i++)
                {
                    var raw = new RawSocket(harness.Port);
                    if (i % 2 == 1)
                    {
                        raw.Socket.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"));
                    }

                    silent.Add(raw);
                }

                // Finish the handshake with a tiny receive window, then never read again.
                for (int i = 0; i < NonReaders; i++)
                {
                    var raw = new RawSocket(harness.Port, receiveBufferSize: 2048);
                    raw.Handshake();
                    nonReaders.Add(raw);
                }

                ServerHarness.WaitUntil(() => harness.OpenedIds.Count == NonReaders, "the non-readers open");
                int[] nonReaderIds = harness.OpenedIds.ToArray();

                // The app has plenty to say to every non-reader: push until each one is dropped.
                long pushed = 0;
                using var stopPushing = new CancellationTokenSource();
                Task pusher = Task.Run(() =>
                {
                    byte[] chunk = ServerHarness.Pattern(server.MaxFramePayload, 5);
                    DateTime end = DateTime.UtcNow + ServerHarness.Patience;
                    while (!stopPushing.IsCancellationRequested && DateTime.UtcNow < end)
                    {
                        bool any = false;
                        foreach (int id in nonReaderIds)
                        {
                            if (server.IsConnectionOpen(id))
                            {
                                any = true;
                                if (server.Send(id, NanoWs.WebSocketMessageType.Binary, chunk, 0, chunk.Length))
                                {
                                    pushed += chunk.Length;
                                }
                            }
                        }

                        if (!any)
                        {
                            return;
                        }

                        Thread.Sleep(1);
                    }
                });

                // Meanwhile a real client connects and gets every echo.
                using (ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri()))
                {
                    for (int i = 0; i < 50; i++)
                    {
                        byte[] message = ServerHarness.Pattern(100 + (i * 37), i);
                        await ServerHarness.SendAsync(client, System.Net.WebSockets.WebSocketMessageType.Binary, message);
                        var (_, echo) = await ServerHarness.ReceiveMessageAsync(client);
                        Assert.Equal(message, echo);
                    }

                    // Every idle connection is dropped while the real client stays: the silent ones
                    // at the handshake timeout, the non-readers once their sends stall for the stall
                    // timeout (the clock moves on until the server has given up on every one).
                    Assert.Empty(harness.Closes);
                    clock.AdvanceAndWait(HandshakeTimeoutMs);
                    foreach (RawSocket raw in silent)
                    {
                        Assert.True(raw.ReadsToEnd(), "a silent connection was not dropped");
                    }

                    ServerHarness.WaitUntil(() =>
                    {
                        clock.AdvanceAndWait(SendStallTimeoutMs);
                        return harness.Closes.Count >= NonReaders;
                    }, "the non-readers dropped");
                    await pusher;
                    var closes = new List<CloseRecord>();
                    for (int i = 0; i < NonReaders; i++)
                    {
                        closes.Add(harness.NextClose());
                    }

                    long droppedAfterMs = clock.Now;
                    Assert.Equal(nonReaderIds.OrderBy(x => x), closes.Select(c => c.Id).OrderBy(x => x));
                    Assert.All(closes, c => Assert.False(c.WasClean));
                    Assert.All(closes, c => Assert.Equal(1008, c.Code));
                    Assert.Equal(1, server.OpenCount);
                    await ServerHarness.SendTextAsync(client, "after");
                    var (_, after) = await ServerHarness.ReceiveMessageAsync(client);
                    Assert.Equal("after", Encoding.UTF8.GetString(after));

                    string[] errors = harness.Errors.ToArray();
                    Soak.Report(_output, "idle[echo] " + Silent + " silent + " + NonReaders + " non-reading connections, MaxConnections 256, handshake timeout "
                        + HandshakeTimeoutMs + " ms, send stall " + SendStallTimeoutMs + " ms: real client got 50/50 echoes; all "
                        + (Silent + NonReaders) + " dropped within " + droppedAfterMs + " virtual ms; " + (pushed / 1024) + " KB pushed to the non-readers; "
                        + "close codes " + string.Join(", ", closes.GroupBy(c => c.Code).Select(g => g.Key + "×" + g.Count()))
                        + "; opening handshake timeouts " + errors.Count(e => e.Contains("opening handshake timed out"))
                        + ", send-stall errors " + errors.Count(e => e.Contains("send stalled")));
                    Assert.Equal(Silent, errors.Count(e => e.Contains("opening handshake timed out")));
                    Assert.Contains(errors, e => e.Contains("send stalled"));
                }

                harness.NextClose();
                ServerHarness.WaitUntil(() => server.OpenCount == 0, "every slot free");
                using ClientWebSocket next = await ServerHarness.ConnectAsync(harness.WsUri());
                Assert.Equal(System.Net.WebSockets.WebSocketState.Open, next.State);
            }
            finally
            {
                silent.ForEach(r => r.Dispose());
                nonReaders.ForEach(r => r.Dispose());
            }
        }

        [Fact]
        public async Task Board_sized_server_with_4_slots_serves_real_clients_while_silent_clients_keep_reconnecting()
        {
            const int Attackers = 6;
            const int Visits = 5;
            const int EchoesPerVisit = 20;

            // The board's default MaxConnections; the clock never moves, so no handshake timeout
            // frees a slot: only eviction of the oldest silent connection lets a real client in.
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 4;
                o.ListenBacklog = 16;
                o.Clock = clock.Clock;
            }).Start();
            WebSocketServer server = harness.Server;

            // Silent clients on another machine (127.0.0.2): connect, send nothing, and as soon as
            // the server drops them, connect again. The server shares its slots between addresses:
            // the real client's connection, still waiting for its request, can only be evicted by
            // a newcomer from an address holding no more slots than its own.
            long attackerConnects = 0;
            using var stop = new CancellationTokenSource();
            var current = new ConcurrentDictionary<int, RawSocket>();
            Task[] attackers = Enumerable.Range(0, Attackers).Select(n => Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var raw = new RawSocket(harness.Port, 0, "127.0.0.2");
                    current[n] = raw;
                    Interlocked.Increment(ref attackerConnects);
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    raw.ReadsToEnd();
                }
            })).ToArray();

            void StopAttackers()
            {
                stop.Cancel();
                foreach (RawSocket raw in current.Values)
                {
                    try
                    {
                        // Ends the attacker's blocking read and tells the server it is gone.
                        raw.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                    }
                    catch (Exception)
                    {
                        // Already closed.
                    }
                }
            }

            try
            {
                int Evictions() => harness.Errors.Count(e => e.Contains("opening handshake evicted"));
                ServerHarness.WaitUntil(() => Evictions() >= 100, "the silent clients evicting one another");

                // Real clients visit one after another while the silent ones keep coming: each
                // connects on its first attempt and gets every echo.
                var watch = Stopwatch.StartNew();
                for (int visit = 0; visit < Visits; visit++)
                {
                    using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
                    for (int i = 0; i < EchoesPerVisit; i++)
                    {
                        byte[] message = ServerHarness.Pattern(1 + (i * 97), (visit * 100) + i);
                        await ServerHarness.SendAsync(client, System.Net.WebSockets.WebSocketMessageType.Binary, message);
                        var (type, echo) = await ServerHarness.ReceiveMessageAsync(client);
                        Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Binary, type);
                        Assert.Equal(message, echo);
                    }

                    await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "visit " + visit, CancellationToken.None);
                    CloseRecord close = harness.NextClose();
                    Assert.Equal(1000, close.Code);
                    Assert.Equal("visit " + visit, close.Reason);
                    Assert.True(close.WasClean);
                }

                long visitsMs = watch.ElapsedMilliseconds;
                int evictions = Evictions();
                StopAttackers();
                Soak.Report(_output, "slot starvation: MaxConnections 4, " + Attackers + " silent clients reconnecting as soon as they are dropped ("
                    + Interlocked.Read(ref attackerConnects) + " connections, " + evictions + " evicted), handshake timeout never reached: "
                    + Visits + "/" + Visits + " real clients connected on their first attempt and got " + EchoesPerVisit + "/" + EchoesPerVisit
                    + " echoes each (" + visitsMs + " ms for all visits)");
                Assert.DoesNotContain(harness.Errors, e => e.Contains("timed out"));
            }
            finally
            {
                StopAttackers();
            }

            // The last silent connections leave when their threads do; nothing stays behind.
            await Task.WhenAll(attackers).WaitAsync(ServerHarness.Patience);

            ServerHarness.WaitUntil(() => server.SlotsInUse == 0, "every slot free");
            Assert.Equal(0, server.OpenCount);
        }

        [Fact]
        public async Task Dashboard_tab_gets_its_updates_while_100_silent_and_100_non_reading_tabs_hang_on()
        {
            const int PingMs = 500, PongMs = 1500;
            var clock = new TestClock();
            var counters = new ServerCounters();
            var closes = new ConcurrentQueue<CloseRecord>();
            var pongs = new ConcurrentDictionary<int, int>();
            using var host = new ClockedDashboard(clock, 256, o =>
            {
                // The keep-alive alone must find the non-readers here (the echo test covers the send stall).
                o.SendStallTimeoutMs = 0;
                o.Connection.HandshakeTimeoutMs = HandshakeTimeoutMs;
                o.Connection.PingIntervalMs = PingMs;
                o.Connection.PongTimeoutMs = PongMs;
                o.Connection.CloseTimeoutMs = 500;
            });
            counters.Attach(host.Server);
            host.Server.Closed += (s, id, code, reason, clean) => closes.Enqueue(new CloseRecord(id, code, reason, clean));
            host.Server.PongReceived += (s, id) => pongs.AddOrUpdate(id, 1, (_, n) => n + 1);
            var opened = new ConcurrentQueue<int>();
            host.Server.Opened += (s, id) => opened.Enqueue(id);
            host.Start();
            var silent = new List<RawSocket>();
            var nonReaders = new List<RawSocket>();
            try
            {
                for (int i = 0; i < Silent; i++)
                {
                    silent.Add(new RawSocket(host.Port));
                }

                for (int i = 0; i < NonReaders; i++)
                {
                    var raw = new RawSocket(host.Port, receiveBufferSize: 2048);
                    raw.Handshake("/ws");
                    nonReaders.Add(raw);
                }

                ServerHarness.WaitUntil(() => opened.Count == NonReaders, "the non-reading tabs open");
                int[] nonReaderIds = opened.ToArray();

                // A real tab: hello, then its commands are acknowledged and their effects come back as
                // state updates, while the others hang on.
                using var cts = new CancellationTokenSource(ServerHarness.Patience);
                using ClientWebSocket tab = await ServerHarness.ConnectAsync(new Uri("ws://127.0.0.1:" + host.Port + "/ws"), o => o.KeepAliveInterval = TimeSpan.Zero);
                ServerHarness.WaitUntil(() => opened.Count == NonReaders + 1, "the real tab open");
                int tabId = opened.Except(nonReaderIds).Single();

                // Always a receive pending, as in a browser: that is what answers the keep-alive pings.
                var inbox = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
                Task reader = Task.Run(async () =>
                {
                    var buffer = new byte[16 * 1024];
                    try
                    {
                        while (true)
                        {
                            await inbox.Writer.WriteAsync(await SoakTests.ReceiveJson(tab, buffer, cts.Token));
                        }
                    }
                    catch (Exception e)
                    {
                        inbox.Writer.TryComplete(e);
                    }
                });

                JsonElement hello = await inbox.Reader.ReadAsync(cts.Token);
                Assert.Equal("hello", hello.GetProperty("t").GetString());
                int states = 0, acks = 0;
                for (int i = 1; i <= 20; i++)
                {
                    await tab.SendAsync(Encoding.UTF8.GetBytes("{\"t\":\"set\",\"id\":" + i + ",\"ch\":\"fan\",\"v\":" + (i * 5) + "}"),
                        System.Net.WebSockets.WebSocketMessageType.Text, true, cts.Token);
                    bool acked = false, seen = false;
                    while (!acked || !seen)
                    {
                        JsonElement m = await inbox.Reader.ReadAsync(cts.Token);
                        string t = m.GetProperty("t").GetString();
                        if (t == "ack")
                        {
                            Assert.Equal(i, m.GetProperty("id").GetInt32());
                            Assert.True(m.GetProperty("ok").GetBoolean());
                            acked = true;
                            acks++;
                        }
                        else if (t == "state")
                        {
                            states++;
                            seen |= m.GetProperty("v").TryGetProperty("fan", out JsonElement fan) && fan.GetDouble() == i * 5;
                        }
                    }
                }

                // The server's time now moves in ping intervals. Every tab is pinged each interval
                // it sent nothing; the real tab's pong is in before the clock moves on. At 1000 ms
                // the silent ones time out in the handshake; at 500 + 1500 ms the non-readers, pinged
                // at 500 ms and never answering, are dropped; the real tab stays through six rounds.
                clock.WaitForRound();
                for (int round = 1; round <= 6; round++)
                {
                    clock.AdvanceAndWait(PingMs);
                    ServerHarness.WaitUntil(() => pongs.GetValueOrDefault(tabId) >= round, "the real tab's pong to ping " + round);
                    bool silentDue = clock.Now >= HandshakeTimeoutMs;
                    bool nonReadersDue = clock.Now >= PingMs + PongMs;
                    Assert.Equal(silentDue ? 0 : Silent, host.Server.SlotsInUse - host.Server.OpenCount);
                    Assert.Equal(nonReadersDue ? 1 : NonReaders + 1, host.Server.OpenCount);
                }

                foreach (RawSocket raw in silent)
                {
                    Assert.True(raw.ReadsToEnd(), "a silent connection was not dropped");
                }

                Assert.True(1 == host.Server.OpenCount, "the real tab was closed: " + string.Join(", ", closes.Where(c => !nonReaderIds.Contains(c.Id)))
                    + "; errors: " + counters.Kinds);
                Assert.Equal(1, host.App.Hub.TabCount);
                await tab.SendAsync(Encoding.UTF8.GetBytes("{\"t\":\"set\",\"id\":99,\"ch\":\"led\",\"v\":true}"), System.Net.WebSockets.WebSocketMessageType.Text, true, cts.Token);
                JsonElement last;
                do
                {
                    last = await inbox.Reader.ReadAsync(cts.Token);
                }
                while (last.GetProperty("t").GetString() != "ack");

                Assert.Equal(99, last.GetProperty("id").GetInt32());
                CloseRecord[] dropped = closes.Where(c => nonReaderIds.Contains(c.Id)).ToArray();
                Soak.Report(_output, "idle[dashboard] " + Silent + " silent + " + NonReaders + " non-reading tabs, handshake timeout " + HandshakeTimeoutMs
                    + " ms, ping " + PingMs + " ms + pong timeout " + PongMs + " ms (server clock driven by the test): real tab got hello, " + acks + "/20 acks and "
                    + states + " state updates, then answered " + pongs.GetValueOrDefault(tabId) + "/6 pings; silent ones dropped at 1000 ms, non-readers at "
                    + (PingMs + PongMs) + " ms; close codes " + string.Join(", ", dropped.GroupBy(c => c.Code).Select(g => g.Key + "×" + g.Count())) + "; errors: " + counters.Kinds);
                Assert.Equal(NonReaders, dropped.Length);
                Assert.All(dropped, c => Assert.Equal(1006, c.Code));
                Assert.All(dropped, c => Assert.False(c.WasClean));
                Assert.Equal(Silent, counters.ErrorKinds.Where(p => p.Key.Contains("opening handshake timed out")).Sum(p => p.Value));
                Assert.Equal(NonReaders, counters.ErrorKinds.Where(p => p.Key.Contains("no pong")).Sum(p => p.Value));
                await tab.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                await reader;
                ServerHarness.WaitUntil(() => host.Server.SlotsInUse == 0 && host.App.Hub.TabCount == 0, "every tab gone");
            }
            finally
            {
                silent.ForEach(r => r.Dispose());
                nonReaders.ForEach(r => r.Dispose());
            }
        }

        /// <summary>
        /// The dashboard composed as the sample's DashboardHost does (its DashboardApp on a
        /// WebSocketServer, ticked by a thread), with the server's timers on a <see cref="TestClock"/>;
        /// the hub keeps real time for its sampling and coalescing.
        /// </summary>
        private sealed class ClockedDashboard : IDisposable
        {
            private readonly TestClock _clock;
            private readonly Stopwatch _hubClock = Stopwatch.StartNew();
            private readonly ManualResetEvent _stop = new ManualResetEvent(false);
            private Thread _thread;

            public ClockedDashboard(TestClock clock, int maxTabs, Action<WebSocketServerOptions> configure)
            {
                _clock = clock;
                var options = new WebSocketServerOptions
                {
                    BindAddress = System.Net.IPAddress.Loopback,
                    Port = 0,
                    MaxConnections = maxTabs,
                    ListenBacklog = 128,
                    PollIntervalMs = 2,
                    Connection = new NanoWs.WebSocketOptions { ReceiveBufferSize = 4096, SendBufferSize = 2048 },
                    Clock = clock.Clock,
                };
                configure(options);
                var hubOptions = new NanoWs.Hub.HubOptions { DeviceName = "simulated-esp32", HeartbeatIntervalMs = DashboardApp.HeartbeatIntervalMs };
                NanoWs.Hub.HubServer.ConfigureServerOptions(options, hubOptions);
                Server = new WebSocketServer(options);
                App = new DashboardApp(NanoWs.Hub.HubServer.Attach(Server, hubOptions, () => _hubClock.ElapsedMilliseconds), SimulatedParts.Create(7));
            }

            public WebSocketServer Server { get; }

            public DashboardApp App { get; }

            public int Port => Server.LocalPort;

            public void Start()
            {
                App.Initialize(_hubClock.ElapsedMilliseconds);
                App.Tick(_hubClock.ElapsedMilliseconds);
                Server.Start();
                _thread = new Thread(() =>
                {
                    while (!_stop.WaitOne(DashboardHost.TickMs))
                    {
                        App.Tick(_hubClock.ElapsedMilliseconds);
                    }
                }) { IsBackground = true };
                _thread.Start();
            }

            public void Dispose()
            {
                _stop.Set();
                _thread?.Join();
                _clock.StopWhileAdvancing(Server);
            }
        }
    }
}
