using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Samples.SensorDashboard;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Hub.Tests
{
    /// <summary>
    /// The dashboard over real loopback sockets: the sample's host (server, hub, simulated sensors)
    /// in-process, tabs as ClientWebSocket and raw TCP clients.
    /// </summary>
    public class DashboardTests
    {
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
        public async Task Setting_the_led_is_acknowledged_and_every_tab_sees_it()
        {
            using DashboardHost host = Start(out SimulatedDevice device);
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            using DashboardClient other = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();
            await other.ReceiveAsync();

            await tab.SendAsync("{\"t\":\"set\",\"id\":41,\"ch\":\"led\",\"v\":true}");
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal(41, ack.GetProperty("id").GetInt32());
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.True(device.Led);

            Func<JsonElement, bool> ledOn = m => m.GetProperty("t").GetString() == "state"
                && m.GetProperty("v").TryGetProperty("led", out JsonElement v) && v.GetBoolean();
            await tab.ReceiveUntilAsync(ledOn);
            await other.ReceiveUntilAsync(ledOn);

            await other.SendAsync("{\"t\":\"set\",\"id\":\"fan-1\",\"ch\":\"fan\",\"v\":62.4}");
            ack = await other.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.Equal("fan-1", ack.GetProperty("id").GetString());
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.Equal(62, device.Fan);
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

        [Fact]
        public async Task With_a_token_commands_without_it_are_refused()
        {
            using DashboardHost host = Start(out SimulatedDevice device, "opensesame");
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();

            await tab.SendAsync("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}");
            JsonElement ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.False(ack.GetProperty("ok").GetBoolean());
            Assert.False(device.Led);

            await tab.SendAsync("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":\"opensesame\"}");
            ack = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
            Assert.True(ack.GetProperty("ok").GetBoolean());
            Assert.True(device.Led);
        }

        [Fact]
        public async Task A_tab_that_stops_reading_holds_only_dirty_marks_and_catches_up_with_the_latest_values()
        {
            using DashboardHost host = Start(out _);
            var opened = new ConcurrentQueue<int>();
            host.Server.Opened += (s, id) => opened.Enqueue(id);
            ChannelHub hub = host.App.Hub;

            using DashboardClient fast = await DashboardClient.ConnectAsync(host.Port);
            await fast.ReceiveAsync();
            using RawTab slow = new RawTab(host.Port);
            JsonElement slowHello = slow.ReadJson();
            Assert.Equal("hello", slowHello.GetProperty("t").GetString());
            int slowId = opened.Last();

            // Only this test's publisher changes the temperature from now on.
            host.App.SampleIntervalMs = int.MaxValue;
            Thread.Sleep(300);

            // A fast publisher: the temperature changes all the time and the hub is pumped after
            // every change, far more than a tab that does not read can take.
            int fastReceived = 0;
            using var stop = new CancellationTokenSource();
            Task reader = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await fast.ReceiveAsync();
                    Interlocked.Increment(ref fastReceived);
                }
            });
            double lastValue = 0;
            Thread publisher = new Thread(() =>
            {
                int i = 0;
                while (!stop.IsCancellationRequested)
                {
                    lastValue = 1000 + (i++ * 0.5);
                    hub.Publish(host.App.Temperature, lastValue, host.NowMs());
                    hub.Pump(host.NowMs());
                }
            });
            publisher.Start();

            // The slow tab does not read for 3 s. Its connection soon has no room whenever the
            // kernel's socket buffers are full; the hub then only keeps its dirty marks.
            var stalled = Stopwatch.StartNew();
            Thread.Sleep(2000);

            int slowStatesBefore = hub.GetStateMessageCount(slowId);
            int fastBefore = Volatile.Read(ref fastReceived);
            long seqBefore = hub.Seq;
            long memoryBefore = GC.GetTotalMemory(true);
            int maxDirty = 0;
            int maxBuffered = 0;
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 1000)
            {
                maxDirty = Math.Max(maxDirty, hub.GetDirtyCount(slowId));
                maxBuffered = Math.Max(maxBuffered, host.Server.GetBufferedAmount(slowId));
                Thread.Sleep(5);
            }

            int slowStatesAfter = hub.GetStateMessageCount(slowId);
            int fastAfter = Volatile.Read(ref fastReceived);
            long seqAfter = hub.Seq;
            long memoryAfter = GC.GetTotalMemory(true);
            stop.Cancel();
            publisher.Join();
            long finalSeq = hub.Seq;
            double finalValue = lastValue;
            int slowStatesTotal = hub.GetStateMessageCount(slowId);
            _output.WriteLine($"stalled {stalled.ElapsedMilliseconds} ms; in its last second: {seqAfter - seqBefore} changes, fast tab received {fastAfter - fastBefore} messages, "
                + $"slow tab was sent {slowStatesAfter - slowStatesBefore}; dirty marks ≤ {maxDirty}, send buffer ≤ {maxBuffered} bytes, managed heap {memoryBefore} → {memoryAfter}; "
                + $"final seq {finalSeq}, states sent to the slow tab in all {slowStatesTotal}");

            // While the slow tab was stalled the fast one kept receiving, and the hub held no more for
            // the slow one than one dirty mark per channel (its connection's buffer stays fixed).
            Assert.True(fastAfter - fastBefore > 100, "fast tab received " + (fastAfter - fastBefore) + " messages in 1 s");
            Assert.InRange(maxDirty, 1, hub.ChannelCount);
            Assert.InRange(maxBuffered, 0, 2048);
            Assert.True(memoryAfter - memoryBefore < 4 * 1024 * 1024, "managed heap grew by " + (memoryAfter - memoryBefore));

            // Reading again, the slow tab drains what the kernel still held, then gets the newest
            // values in one coalesced state: the final seq and the final temperature.
            int slowMessages = 0;
            double seenValue = double.NaN;
            long seenSeq = 0;
            var catchUp = Stopwatch.StartNew();
            while (seenSeq < finalSeq || seenValue != finalValue)
            {
                Assert.True(catchUp.Elapsed < DashboardClient.Patience, "slow tab never caught up");
                JsonElement m = slow.ReadJson();
                slowMessages++;
                if (m.GetProperty("t").GetString() == "state")
                {
                    seenSeq = m.GetProperty("seq").GetInt64();
                    if (m.GetProperty("v").TryGetProperty("temp", out JsonElement t))
                    {
                        seenValue = t.GetDouble();
                    }
                }
            }

            _output.WriteLine($"slow tab caught up after {slowMessages} messages in {catchUp.ElapsedMilliseconds} ms");
            Assert.True(seenSeq >= finalSeq);
            Assert.Equal(finalValue, seenValue);
            Assert.True(slowMessages <= hub.GetStateMessageCount(slowId), "slow tab received " + slowMessages + " messages");
            Assert.True(slowStatesTotal < finalSeq / 2, "the slow tab was sent " + slowStatesTotal + " states for " + finalSeq + " changes");
            Assert.Equal(0, hub.GetDirtyCount(slowId));
            try
            {
                await reader.WaitAsync(TimeSpan.FromSeconds(1));
            }
            catch (Exception)
            {
                // The fast reader may still be waiting for a message; disposing the client ends it.
            }
        }

        private static DashboardHost Start(out SimulatedDevice device, string token = null)
        {
            device = new SimulatedDevice(7);
            DashboardHost host = DashboardHost.Create(0, 4, token, device);
            host.Start();
            return host;
        }
    }
}
