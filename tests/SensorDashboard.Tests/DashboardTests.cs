using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using System.Threading;
using System;
using NanoWs.Hardware;
using NanoWs.Hub;
using NanoWs.Samples.SensorDashboard;
using Xunit.Abstractions;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The dashboard over real loopback sockets: the sample's host (server, hub, simulated sensors)
    /// in-process, tabs as ClientWebSocket and raw TCP clients.
    /// </summary>
    public class DashboardTests
    {
        // HubOptions.MaxCommandBytes' default, and the largest message HubServer lets the
        // connection reassemble for it (twice as much; only a longer one closes with 1009).
        private const int MaxCommandBytes = 256;
        private const int MaxMessageBytes = 2 * MaxCommandBytes;
        private static readonly string[] ChannelIds = { "temp", "humidity", "light", "button", "led", "fan" };
        private readonly ITestOutputHelper _output;

        public DashboardTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task A_tab_gets_the_hello_with_every_channel_then_state_updates()
        {
            using DashboardHost host = Start(out _);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);

            JsonElement hello = await tab.ReceiveAsync();
            Assert.Equal("hello", hello.GetProperty("t").GetString());
            Assert.Equal("simulated-esp32", hello.GetProperty("device").GetString());
            JsonElement[] channels = hello.GetProperty("channels").EnumerateArray().ToArray();
            Assert.Equal(ChannelIds, channels.Select(c => c.GetProperty("id").GetString()));
            JsonElement fan = channels.Single(c => c.GetProperty("id").GetString() == "fan");
            Assert.Equal("number", fan.GetProperty("kind").GetString());
            Assert.Equal(0, fan.GetProperty("min").GetDouble());
            Assert.Equal(100, fan.GetProperty("max").GetDouble());
            Assert.True(fan.GetProperty("writable").GetBoolean());
            JsonElement button = channels.Single(c => c.GetProperty("id").GetString() == "button");
            Assert.Equal("bool", button.GetProperty("kind").GetString());
            Assert.False(button.GetProperty("writable").GetBoolean());
            Assert.Equal("°C", channels[0].GetProperty("unit").GetString());
            Assert.Equal(JsonValueKind.Number, channels[0].GetProperty("value").ValueKind);
            long helloSeq = hello.GetProperty("seq").GetInt64();
            Assert.Equal(DashboardApp.HeartbeatIntervalMs, hello.GetProperty("heartbeat").GetInt32());

            // The simulated sensors keep changing: state messages follow with a growing seq.
            long last = helloSeq;
            for (int i = 0; i < 3; i++)
            {
                JsonElement state = await tab.ReceiveAsync();
                Assert.Equal("state", state.GetProperty("t").GetString());
                long seq = state.GetProperty("seq").GetInt64();
                Assert.True(seq > last, "seq " + seq + " after " + last);
                Assert.True(state.GetProperty("v").EnumerateObject().All(p => ChannelIds.Contains(p.Name)));
                last = seq;
            }
        }

        [Fact]
        public void The_dashboard_hello_fits_its_message_buffer()
        {
            using DashboardHost host = Start(out _);
            ChannelHub hub = host.App.Hub;
            int size = hub.MeasureHello();
            _output.WriteLine("dashboard hello: " + size + " bytes of a " + hub.Options.MessageBufferSize + "-byte message buffer");
            Assert.True(size > 0, "hello does not fit: " + hub.LastError);
        }

        [Fact]
        public async Task Setting_the_led_is_acknowledged_and_every_tab_sees_it()
        {
            using DashboardHost host = Start(out DeviceParts device);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            using DashboardClient other = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();
            await other.ReceiveAsync();

            await tab.SendAsync("{\"t\":\"set\",\"id\":41,\"ch\":\"led\",\"v\":true}");
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal(41, ack.GetProperty("id").GetInt32());
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.True(device.Led.IsOn);

            Func<JsonElement, bool> ledOn = m => m.GetProperty("t").GetString() == "state"
                && m.GetProperty("v").TryGetProperty("led", out JsonElement v) && v.GetBoolean();
            await tab.ReceiveUntilAsync(ledOn);
            await other.ReceiveUntilAsync(ledOn);

            await other.SendAsync("{\"t\":\"set\",\"id\":\"fan-1\",\"ch\":\"fan\",\"v\":62.4}");
            ack = await other.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal("fan-1", ack.GetProperty("id").GetString());
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.Equal(62, device.Fan.Percent);
            JsonElement fan = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "state" && m.GetProperty("v").TryGetProperty("fan", out _));
            Assert.Equal(62, fan.GetProperty("v").GetProperty("fan").GetDouble());
        }

        [Fact]
        public async Task Setting_a_read_only_channel_or_a_bad_value_is_refused_with_an_error()
        {
            using DashboardHost host = Start(out _);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();

            await tab.SendAsync("{\"t\":\"set\",\"id\":1,\"ch\":\"temp\",\"v\":30}");
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal(1, ack.GetProperty("id").GetInt32());
            Assert.False(ack.GetProperty("ok").GetBoolean());
            Assert.Equal("channel is read-only", ack.GetProperty("error").GetString());

            await tab.SendAsync("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\",\"v\":250}");
            ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal("out of range", ack.GetProperty("error").GetString());

            await tab.SendAsync("{\"t\":\"set\",\"id\":3,");
            ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal(3, ack.GetProperty("id").GetInt32());
            Assert.Equal("malformed JSON: unexpected end of input", ack.GetProperty("error").GetString());
        }

        [Theory]
        [InlineData(MaxCommandBytes + 1)]
        [InlineData(300)]
        [InlineData(MaxMessageBytes)]
        public async Task A_command_over_the_hub_limit_but_within_the_connection_limit_gets_an_ack_and_the_tab_stays(int size)
        {
            using DashboardHost host = Start(out DeviceParts device);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();

            await tab.SendAsync(Padded("{\"t\":\"set\",\"id\":5,\"ch\":\"led\",\"v\":true,\"pad\":\"", size));
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"command too large\"}", ack.GetRawText());
            Assert.False(device.Led.IsOn);

            // The connection is still open and takes commands.
            await tab.SendAsync(Padded("{\"t\":\"set\",\"id\":6,\"ch\":\"led\",\"v\":true,\"pad\":\"", MaxCommandBytes));
            ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal("{\"t\":\"ack\",\"id\":6,\"ok\":true}", ack.GetRawText());
            Assert.True(device.Led.IsOn);
        }

        [Fact]
        public async Task A_message_over_the_connection_limit_closes_the_tab_with_1009()
        {
            using DashboardHost host = Start(out _);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();

            await tab.SendAsync(Padded("{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true,\"pad\":\"", MaxMessageBytes + 1));
            var closed = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                while (true)
                {
                    await tab.ReceiveAsync();
                }
            });
            Assert.Equal("closed by the server: MessageTooBig", closed.Message);
            Assert.Equal(1009, (int)tab.CloseStatus);
        }

        /// <summary>Pads <paramref name="head"/> with x and closes the string and the object, to exactly <paramref name="size"/> bytes.</summary>
        private static string Padded(string head, int size)
        {
            string json = head + new string('x', size - head.Length - 2) + "\"}";
            Assert.Equal(size, System.Text.Encoding.UTF8.GetByteCount(json));
            return json;
        }

        [Fact]
        public async Task With_a_token_commands_without_it_are_refused()
        {
            using DashboardHost host = Start(out DeviceParts device, "opensesame");
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();

            await tab.SendAsync("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}");
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.False(ack.GetProperty("ok").GetBoolean());
            Assert.False(device.Led.IsOn);

            await tab.SendAsync("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":\"opensesame\"}");
            ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.True(device.Led.IsOn);
        }

        [Fact]
        public async Task A_tab_that_stops_reading_is_sent_nothing_while_blocked_and_then_only_the_latest_values()
        {
            // The slow tab's connection must outlive the stall however long a loaded machine makes
            // it: no send-stall close and no keep-alive ping (it would never answer).
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o =>
            {
                o.SendStallTimeoutMs = 0;
                o.Connection.PingIntervalMs = 0;
            });

            // Only the first sample (at start) reads the simulated temperature: from then on only
            // this test publishes it.
            host.App.SampleIntervalMs = int.MaxValue;
            host.Start();
            var opened = new ConcurrentQueue<int>();
            host.Server.Opened += (s, id) => opened.Enqueue(id);
            ChannelHub hub = host.App.Hub;
            HubChannel temp = host.App.Temperature;

            using DashboardClient fast = await DashboardClient.ConnectAsync(host.Port);
            await fast.ReceiveAsync();
            using RawTab slow = new RawTab(host.Port);
            Assert.Equal("hello", slow.ReadJson().GetProperty("t").GetString());
            int slowId = opened.Last();

            var fastLog = new TabLog();
            Task reader = Task.Run(async () =>
            {
                while (true)
                {
                    fastLog.Add(await fast.ReceiveAsync());
                }
            });

            // This thread is the only publisher: every change is pumped at once, far more than a
            // tab that does not read can take.
            int published = 0;
            double lastValue = double.NaN;
            var guard = Stopwatch.StartNew();
            void PublishOne()
            {
                lastValue = 1000 + (published++ * 0.5);
                hub.Publish(temp, lastValue, host.NowMs());
                hub.Pump(host.NowMs());
            }

            void PublishUntilFastTabSees(long seq)
            {
                while (fastLog.LastSeq <= seq)
                {
                    Assert.True(guard.Elapsed < 3 * DashboardClient.Patience, "the fast tab stopped receiving");
                    Assert.False(reader.IsCompleted, "the fast tab's reader ended: " + reader.Exception);
                    PublishOne();
                    if ((published & 255) == 0)
                    {
                        Thread.Yield();
                    }
                }
            }

            // 1. Fill the slow tab's socket until it takes nothing more. "Takes nothing" is the
            // kernel's word, not a guess from timing: its send buffer for this connection is locked
            // at a fixed size (an unlocked one grows by megabytes whenever memory pressure from
            // other sockets on the machine eases), and the fill goes on until the tab advertises a
            // zero window, every byte sent has been acknowledged and the socket is not writable: no
            // ACK and no kernel decision can make room until the tab reads. From then on the
            // connection's own send buffer can only fill. The fill ends when two changes in a row
            // (a whole and a half value, the two lengths a temperature has here; seq and value
            // never get shorter) are pumped and the hub sends the slow tab neither.
            Socket serverSide = host.Server.GetSocket(slowId);
            Assert.NotNull(serverSide);
            KernelSendQueue.Freeze(serverSide, 32 * 1024);
            int blockedCount;
            long blockedSeq;
            string kernel = "";
            int rounds = 0;
            while (true)
            {
                rounds++;
                PublishUntilFastTabSees(hub.Seq);
                if (!KernelSendQueue.IsStuck(serverSide, out kernel))
                {
                    continue;
                }

                int count0 = hub.GetStateMessageCount(slowId);
                PublishOne();
                PublishOne();
                if (hub.GetStateMessageCount(slowId) == count0)
                {
                    blockedCount = count0;
                    blockedSeq = hub.Seq;
                    break;
                }
            }

            int fillChanges = published;

            // 2. The stall: many more changes. What the device's two threads allocate meanwhile is
            // counted on each thread (.NET's per-thread counters): this one publishing and pumping,
            // and the server's poll thread sending. The process's heap as a whole would also count
            // this test's own clients and the thread pool, which grow on a loaded machine.
            const int StallChanges = 200_000;
            int fastBefore = fastLog.Count;
            long pollBefore = AfterOnePass(host.Server);
            long appBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < StallChanges; i++)
            {
                PublishOne();
            }

            long appAllocated = GC.GetAllocatedBytesForCurrentThread() - appBefore;
            long pollAllocated = AfterOnePass(host.Server) - pollBefore;

            int slowCountAfterStall = hub.GetStateMessageCount(slowId);
            int slowDirty = hub.GetDirtyCount(slowId);
            long finalSeq = hub.Seq;
            double finalValue = lastValue;

            // The fast tab gets the final value (the application thread pumps what is left) while
            // the slow tab still does not read. What it received is counted from the start of the
            // stall up to then, not up to the end of the publishing loop: how much of it arrived
            // while this thread was still publishing is up to the scheduler.
            while (fastLog.LastSeq < finalSeq)
            {
                Assert.True(guard.Elapsed < 4 * DashboardClient.Patience, "the fast tab never received seq " + finalSeq);
                Thread.Sleep(5);
            }

            int fastDuringStall = fastLog.Count - fastBefore;

            double fastLastTemp = fastLog.LastTemp;

            // 3. The slow tab reads again: first what its socket and connection still held from
            // before the block, then, as the very next message, one state with the newest values.
            int backlog = 0;
            JsonElement catchUp;
            while (true)
            {
                JsonElement m = slow.ReadJson();
                if (m.GetProperty("seq").GetInt64() > blockedSeq)
                {
                    catchUp = m;
                    break;
                }

                Assert.Equal("state", m.GetProperty("t").GetString());
                backlog++;
            }

            KernelSendQueue.IsStuck(serverSide, out string kernelAfter);
            _output.WriteLine($"fill: {fillChanges} changes in {rounds} rounds until blocked at seq {blockedSeq} after {blockedCount} states to the slow tab (kernel: {kernel}; once the tab read: {kernelAfter}); "
                + $"stall: {StallChanges} changes, fast tab received {fastDuringStall} messages, slow tab was sent {slowCountAfterStall - blockedCount}, dirty marks {slowDirty}; "
                + $"allocated during the stall: {appAllocated} bytes publishing and pumping, {pollAllocated} bytes on the poll thread; "
                + $"slow tab read {backlog} queued states, then {catchUp.GetRawText()}");

            // While stalled, the slow tab was sent nothing: the hub only marked its channels dirty.
            Assert.Equal(blockedCount, slowCountAfterStall);

            // The fast tab kept receiving, up to the final value.
            Assert.True(fastDuringStall > 0, "the fast tab received nothing during the stall");
            Assert.Equal(finalValue, fastLastTemp);

            // Nothing was held per change for the slow tab: a queued state (≥ 40 bytes) for each of
            // the 200,000 changes is 8 MB, even one reference each 1.6 MB; the device's threads
            // allocated less than a byte per change in all.
            Assert.True(appAllocated < StallChanges, "publishing and pumping allocated " + appAllocated + " bytes during the stall");
            Assert.True(pollAllocated < StallChanges, "the poll thread allocated " + pollAllocated + " bytes during the stall");

            // The catch-up: one state, written after the stall, with the final temperature.
            Assert.Equal("state", catchUp.GetProperty("t").GetString());
            Assert.True(catchUp.GetProperty("seq").GetInt64() >= finalSeq, "catch-up " + catchUp.GetRawText() + " older than seq " + finalSeq);
            Assert.Equal(finalValue, catchUp.GetProperty("v").GetProperty("temp").GetDouble());

            fast.Dispose();
            await Task.WhenAny(reader, Task.Delay(DashboardClient.Patience));
        }

        /// <summary>The poll thread's allocation counter once a pass has started after this call (waits on its pass count).</summary>
        private static long AfterOnePass(NanoWs.Net.WebSocketServer server)
        {
            long passes = server.PollPasses;
            var guard = Stopwatch.StartNew();
            while (server.PollPasses < passes + 2)
            {
                Assert.True(guard.Elapsed < DashboardClient.Patience, "the poll thread made no pass");
                Thread.Sleep(1);
            }

            return server.PollThreadAllocatedBytes;
        }

        /// <summary>What a tab received: how many messages, the latest seq and the latest temperature.</summary>
        private sealed class TabLog
        {
            private readonly object _lock = new object();
            private int _count;
            private long _lastSeq = -1;
            private double _lastTemp = double.NaN;

            public int Count
            {
                get { lock (_lock) { return _count; } }
            }

            public long LastSeq
            {
                get { lock (_lock) { return _lastSeq; } }
            }

            public double LastTemp
            {
                get { lock (_lock) { return _lastTemp; } }
            }

            public void Add(JsonElement m)
            {
                lock (_lock)
                {
                    _count++;
                    if (m.TryGetProperty("seq", out JsonElement seq))
                    {
                        _lastSeq = seq.GetInt64();
                    }

                    if (m.TryGetProperty("v", out JsonElement v) && v.ValueKind == JsonValueKind.Object && v.TryGetProperty("temp", out JsonElement t))
                    {
                        _lastTemp = t.GetDouble();
                    }
                }
            }
        }

        private static DashboardHost Start(out DeviceParts device, string token = null)
        {
            device = SimulatedParts.Create(7);
            DashboardHost host = DashboardHost.Create(0, 4, token, device);
            host.Start();
            return host;
        }
    }
}
