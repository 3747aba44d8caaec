using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hardware;
using NanoWs.Net;
using NanoWs.Tests;
using NanoWs.Samples.EchoServer;
using NanoWs.Samples.SensorDashboard;
using Xunit;
using Xunit.Abstractions;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// Soak and load against the echo server and the dashboard: connect/handshake/close cycles and
    /// messages over 64 concurrent clients. After each run: no slot leaked (SlotsInUse back to 0, so
    /// not even a connection stuck in the handshake or a half-answered request is left behind; one
    /// Closed event per connection; a new client still gets in), no message lost or corrupted
    /// (sequence numbers and checksums), and the managed heap flat from the second sample to the
    /// last. Sizes: <see cref="Soak"/>.
    /// </summary>
    public sealed class SoakTests
    {
        private const int CycleWorkers = 8;
        private readonly ITestOutputHelper _output;

        public SoakTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task EchoServer_connect_handshake_close_cycles_leak_no_slot_and_no_memory()
        {
            var counters = new ServerCounters();
            WebSocketServer server = StartEcho(counters);
            try
            {
                Uri uri = new Uri("ws://127.0.0.1:" + server.LocalPort + "/");
                await RunCycles("echo", server, counters, async (ws, cycle, token) =>
                {
                    byte[] message = Encoding.ASCII.GetBytes("cycle " + cycle);
                    await ws.SendAsync(message, WsType.Text, true, token);
                    (WsType type, byte[] data) = await ServerHarness.ReceiveMessageAsync(ws);
                    return type == WsType.Text && data.AsSpan().SequenceEqual(message) ? null : "echo of cycle " + cycle + " differs";
                }, uri);
                await AssertStillServes(server, uri, counters);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public async Task Dashboard_connect_handshake_close_cycles_leak_no_slot_and_no_memory()
        {
            var counters = new ServerCounters();
            using DashboardHost host = StartDashboard(counters);
            Uri uri = new Uri("ws://127.0.0.1:" + host.Port + "/ws");
            await RunCycles("dashboard", host.Server, counters, async (ws, cycle, token) =>
            {
                JsonElement hello = await ReceiveJson(ws, token);
                return hello.GetProperty("t").GetString() == "hello" && hello.GetProperty("channels").GetArrayLength() == 6
                    ? null
                    : "cycle " + cycle + ": first message is not the hello";
            }, uri);
            await AssertStillServes(host.Server, uri, counters);
        }

        [Fact]
        public async Task EchoServer_messages_over_64_clients_none_lost_or_corrupted_and_memory_flat()
        {
            var counters = new ServerCounters();
            WebSocketServer server = StartEcho(counters);
            try
            {
                Uri uri = new Uri("ws://127.0.0.1:" + server.LocalPort + "/");
                int clients = Soak.Clients;
                int perClientPerPeriod = (Soak.Messages + (clients * Soak.Periods) - 1) / (clients * Soak.Periods);
                var sockets = new ClientWebSocket[clients];
                var sequence = new int[clients];
                var received = new int[clients];
                long bytes = 0;
                var failures = new ConcurrentQueue<string>();
                var sampler = new MemorySampler();
                var watch = Stopwatch.StartNew();
                using var deadline = new CancellationTokenSource(Soak.Deadline);

                for (int c = 0; c < clients; c++)
                {
                    sockets[c] = await ServerHarness.ConnectAsync(uri);
                }

                ServerHarness.WaitUntil(() => server.OpenCount == clients, "every client open");
                var pollThread = new PollThreadAllocations(server);
                sampler.Sample();
                for (int period = 0; period < Soak.Periods; period++)
                {
                    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                    {
                        ClientWebSocket ws = sockets[c];
                        var random = new Random((c * 7919) + period);
                        int first = sequence[c];
                        Task sender = Task.Run(async () =>
                        {
                            for (int i = 0; i < perClientPerPeriod; i++)
                            {
                                byte[] payload = Payload.Make(c, first + i, Payload.SizeFor(random), random);
                                await ws.SendAsync(payload, WsType.Binary, true, deadline.Token);
                            }
                        });

                        var buffer = new byte[64 * 1024];
                        for (int i = 0; i < perClientPerPeriod; i++)
                        {
                            int count = 0;
                            while (true)
                            {
                                ValueWebSocketReceiveResult r = await ws.ReceiveAsync(buffer.AsMemory(count), deadline.Token);
                                count += r.Count;
                                if (r.MessageType == WsType.Close)
                                {
                                    throw new IOException("client " + c + " closed by the server");
                                }

                                if (r.EndOfMessage)
                                {
                                    break;
                                }
                            }

                            string problem = Payload.Check(buffer, count, c, first + i);
                            if (problem != null)
                            {
                                failures.Enqueue("client " + c + ": " + problem);
                                throw new InvalidDataException(problem);
                            }

                            Interlocked.Add(ref bytes, count);
                            received[c]++;
                        }

                        await sender;
                        sequence[c] = first + perClientPerPeriod;
                    })));

                    sampler.Sample();
                }

                int total = received.Sum();
                long serverAllocated = pollThread.Since();
                foreach (ClientWebSocket ws in sockets)
                {
                    await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                    ws.Dispose();
                }

                ServerHarness.WaitUntil(() => server.SlotsInUse == 0 && Volatile.Read(ref counters.Closed) == clients, "every connection closed and its slot free");
                Soak.Report(_output, "soak[" + Soak.Mode + "] echo messages: " + total + " echoed intact over " + clients + " clients, "
                    + (bytes / (1024 * 1024)) + " MB each way, " + watch.Elapsed.TotalSeconds.ToString("F1") + " s; server poll thread allocated "
                    + serverAllocated + " bytes while echoing; " + sampler.Describe()
                    + "; server closes " + counters.Codes);
                Assert.Empty(failures);
                Assert.Equal(clients * perClientPerPeriod * Soak.Periods, total);
                Assert.Equal(clients, counters.CloseCodes.GetValueOrDefault(1000));
                sampler.AssertFlat("echo message soak");
                Assert.True(serverAllocated < Soak.MaxGrowthBytes, "the server's poll thread allocated " + serverAllocated + " bytes while echoing");
                await AssertStillServes(server, uri, counters);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public async Task Dashboard_commands_over_64_tabs_every_ack_arrives_in_order_and_memory_flat()
        {
            var counters = new ServerCounters();
            using DashboardHost host = StartDashboard(counters);
            Uri uri = new Uri("ws://127.0.0.1:" + host.Port + "/ws");
            int clients = Soak.Clients;
            int perClientPerPeriod = (Soak.Messages + (clients * Soak.Periods) - 1) / (clients * Soak.Periods);
            var tabs = new ClientWebSocket[clients];
            var sequence = new int[clients];
            var lastStateSeq = new long[clients];
            long acks = 0, states = 0;
            var failures = new ConcurrentQueue<string>();
            var sampler = new MemorySampler();
            var watch = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(Soak.Deadline);

            for (int c = 0; c < clients; c++)
            {
                tabs[c] = await ServerHarness.ConnectAsync(uri);
                JsonElement hello = await ReceiveJson(tabs[c], deadline.Token);
                Assert.Equal("hello", hello.GetProperty("t").GetString());
                lastStateSeq[c] = hello.GetProperty("seq").GetInt64();
            }

            var pollThread = new PollThreadAllocations(host.Server);
            sampler.Sample();
            for (int period = 0; period < Soak.Periods; period++)
            {
                await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    ClientWebSocket ws = tabs[c];
                    int first = sequence[c];

                    // At most 32 commands in flight per tab: acks come back in order, one at a time.
                    using var window = new SemaphoreSlim(32);
                    Task sender = Task.Run(async () =>
                    {
                        for (int i = 0; i < perClientPerPeriod; i++)
                        {
                            await window.WaitAsync(deadline.Token);
                            string id = CommandId(c, first + i);
                            string command = (first + i) % 2 == 0
                                ? "{\"t\":\"set\",\"id\":\"" + id + "\",\"ch\":\"led\",\"v\":" + ((first + i) % 4 == 0 ? "true" : "false") + "}"
                                : "{\"t\":\"set\",\"id\":\"" + id + "\",\"ch\":\"fan\",\"v\":" + ((first + i) % 101) + "}";
                            await ws.SendAsync(Encoding.UTF8.GetBytes(command), WsType.Text, true, deadline.Token);
                        }
                    });

                    int expected = first;
                    var buffer = new byte[16 * 1024];
                    while (expected < first + perClientPerPeriod)
                    {
                        JsonElement m = await ReceiveJson(ws, buffer, deadline.Token);
                        string t = m.GetProperty("t").GetString();
                        if (t == "state")
                        {
                            long seq = m.GetProperty("seq").GetInt64();
                            if (seq < lastStateSeq[c])
                            {
                                failures.Enqueue("tab " + c + ": state seq went back from " + lastStateSeq[c] + " to " + seq);
                            }

                            lastStateSeq[c] = seq;
                            Interlocked.Increment(ref states);
                            continue;
                        }

                        string problem = t != "ack" ? "unexpected message " + m
                            : m.GetProperty("id").GetString() != CommandId(c, expected) ? "expected the ack of " + CommandId(c, expected) + ", got " + m
                            : !m.GetProperty("ok").GetBoolean() ? "command refused: " + m
                            : null;
                        if (problem != null)
                        {
                            failures.Enqueue("tab " + c + ": " + problem);
                            throw new InvalidDataException(problem);
                        }

                        expected++;
                        Interlocked.Increment(ref acks);
                        window.Release();
                    }

                    await sender;
                    sequence[c] = expected;
                })));

                sampler.Sample();
            }

            long serverAllocated = pollThread.Since();
            foreach (ClientWebSocket ws in tabs)
            {
                // Drain whatever states are still coming, then close.
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                while ((await ws.ReceiveAsync(new byte[4096], deadline.Token)).MessageType != WsType.Close)
                {
                }

                ws.Dispose();
            }

            ServerHarness.WaitUntil(() => host.Server.SlotsInUse == 0 && Volatile.Read(ref counters.Closed) == clients, "every tab closed and its slot free");
            Soak.Report(_output, "soak[" + Soak.Mode + "] dashboard messages: " + acks + " commands acknowledged in order over " + clients
                + " tabs, plus " + states + " state updates received, " + watch.Elapsed.TotalSeconds.ToString("F1") + " s; server poll thread allocated "
                + serverAllocated + " bytes while handling the commands; "
                + sampler.Describe() + "; hub tabs left " + host.App.Hub.TabCount + "; server closes " + counters.Codes);
            Assert.Empty(failures);
            Assert.Equal((long)clients * perClientPerPeriod * Soak.Periods, acks);
            Assert.Equal(0, host.App.Hub.TabCount);
            sampler.AssertFlat("dashboard message soak");
            Assert.True(serverAllocated < Soak.MaxGrowthBytes, "the server's poll thread allocated " + serverAllocated + " bytes while handling commands");
            await AssertStillServes(host.Server, uri, counters);
        }

        /// <summary>
        /// Bytes allocated by the server's poll thread (where every message is handled), read on that
        /// thread from a MessageReceived handler that itself allocates nothing.
        /// </summary>
        private sealed class PollThreadAllocations
        {
            private long _first = -1;
            private long _last;

            public PollThreadAllocations(WebSocketServer server)
            {
                server.MessageReceived += (s, m) =>
                {
                    long now = GC.GetAllocatedBytesForCurrentThread();
                    if (Interlocked.Read(ref _first) < 0)
                    {
                        Interlocked.Exchange(ref _first, now);
                    }

                    Interlocked.Exchange(ref _last, now);
                };
            }

            public long Since() => Interlocked.Read(ref _first) < 0 ? 0 : Interlocked.Read(ref _last) - Interlocked.Read(ref _first);
        }

        internal static WebSocketServer StartEcho(ServerCounters counters, Action<WebSocketServerOptions> configure = null)
        {
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = Soak.Clients + 8,
                ListenBacklog = 128,
                PollIntervalMs = 2,
                Connection = NanoWs.Tests.ServerHarness.PatientHandshakes(EchoApp.CreateConnectionOptions(4096, 4096)),
            };
            configure?.Invoke(options);
            var server = new WebSocketServer(options);
            EchoApp.Attach(server);
            counters.Attach(server);
            server.Start();
            return server;
        }

        internal static DashboardHost StartDashboard(ServerCounters counters, Action<WebSocketServerOptions> configure = null, int maxTabs = 0)
        {
            DashboardHost host = DashboardHost.Create(0, maxTabs > 0 ? maxTabs : Soak.Clients + 8, null, SimulatedParts.Create(7), o =>
            {
                o.ListenBacklog = 128;
                o.PollIntervalMs = 2;

                // Opening and closing handshakes of the soak's clients on the wall clock: hang guards
                // only, so that a client starved of CPU for a moment is not timed out.
                NanoWs.Tests.ServerHarness.PatientHandshakes(o.Connection);
                configure?.Invoke(o);
            });
            counters.Attach(host.Server);
            host.Start();
            return host;
        }

        internal static Task<JsonElement> ReceiveJson(ClientWebSocket ws, CancellationToken token)
        {
            return ReceiveJson(ws, new byte[16 * 1024], token);
        }

        internal static async Task<JsonElement> ReceiveJson(ClientWebSocket ws, byte[] buffer, CancellationToken token)
        {
            int count = 0;
            while (true)
            {
                ValueWebSocketReceiveResult r = await ws.ReceiveAsync(buffer.AsMemory(count), token);
                if (r.MessageType == WsType.Close)
                {
                    throw new IOException("closed by the server: " + ws.CloseStatus);
                }

                count += r.Count;
                if (r.EndOfMessage)
                {
                    return JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
                }
            }
        }

        /// <summary>A command id that carries the tab, the sequence number and a checksum of both.</summary>
        private static string CommandId(int client, int seq)
        {
            string core = "c" + client + "-" + seq;
            return core + "-" + Payload.Fnv(core).ToString("x8");
        }

        /// <summary>
        /// Runs <see cref="Soak.Cycles"/> cycles (8 at a time): connect, handshake, one exchange
        /// (<paramref name="exchange"/>), then a normal close, or, every tenth cycle, an abort with no
        /// close frame. Samples memory after each tenth of them.
        /// </summary>
        private async Task RunCycles(string name, WebSocketServer server, ServerCounters counters,
            Func<ClientWebSocket, int, CancellationToken, Task<string>> exchange, Uri uri)
        {
            var sampler = new MemorySampler();
            var failures = new ConcurrentQueue<string>();
            int perPeriod = (Soak.Cycles + Soak.Periods - 1) / Soak.Periods;
            int done = 0, aborted = 0;
            var watch = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(Soak.Deadline);
            sampler.Sample();
            for (int period = 0; period < Soak.Periods; period++)
            {
                int next = period * perPeriod;
                int end = next + perPeriod;
                await Task.WhenAll(Enumerable.Range(0, CycleWorkers).Select(_ => Task.Run(async () =>
                {
                    while (true)
                    {
                        int cycle = Interlocked.Increment(ref next) - 1;
                        if (cycle >= end)
                        {
                            return;
                        }

                        using var ws = new ClientWebSocket();
                        await ws.ConnectAsync(uri, deadline.Token);
                        string problem = await exchange(ws, cycle, deadline.Token);
                        if (problem != null)
                        {
                            failures.Enqueue(problem);
                        }

                        if (cycle % 10 == 9)
                        {
                            // Vanishes: no close frame (the server must notice the end of TCP).
                            ws.Abort();
                            Interlocked.Increment(ref aborted);
                        }
                        else
                        {
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
                        }

                        Interlocked.Increment(ref done);
                    }
                })));

                int expectClosed = done;
                ServerHarness.WaitUntil(() => Volatile.Read(ref counters.Closed) >= expectClosed && server.SlotsInUse == 0, "the period's connections closed and their slots free");
                sampler.Sample();
            }

            Soak.Report(_output, "soak[" + Soak.Mode + "] " + name + " cycles: " + done + " connect/handshake/close (" + aborted + " aborted without close), "
                + watch.Elapsed.TotalSeconds.ToString("F1") + " s; " + sampler.Describe() + "; server opened " + counters.Opened
                + ", closed " + counters.Closed + " (" + counters.Codes + ")");
            Assert.Empty(failures);
            Assert.Equal(Soak.Periods * perPeriod, done);
            Assert.Equal(done, counters.Opened);
            Assert.Equal(done, counters.Closed);
            Assert.Equal(done - aborted, counters.CloseCodes.GetValueOrDefault(1000));
            Assert.Equal(aborted, counters.CloseCodes.GetValueOrDefault(1006));
            Assert.Equal(0, server.OpenCount);
            Assert.Equal(0, server.SlotsInUse);
            sampler.AssertFlat(name + " cycles");
        }

        /// <summary>A fresh client still connects and is served: no slot was leaked.</summary>
        internal static async Task AssertStillServes(WebSocketServer server, Uri uri, ServerCounters counters)
        {
            int opened = Volatile.Read(ref counters.Opened);
            using ClientWebSocket ws = await ServerHarness.ConnectAsync(uri);
            ServerHarness.WaitUntil(() => Volatile.Read(ref counters.Opened) == opened + 1, "the new client's Opened event");
            using var cts = new CancellationTokenSource(ServerHarness.Patience);
            if (uri.AbsolutePath == "/ws")
            {
                JsonElement hello = await ReceiveJson(ws, cts.Token);
                Assert.Equal("hello", hello.GetProperty("t").GetString());
            }
            else
            {
                await ServerHarness.SendTextAsync(ws, "still here");
                (WsType _, byte[] data) = await ServerHarness.ReceiveMessageAsync(ws);
                Assert.Equal("still here", Encoding.UTF8.GetString(data));
            }

            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            ServerHarness.WaitUntil(() => server.SlotsInUse == 0, "every slot free");
        }
    }
}
