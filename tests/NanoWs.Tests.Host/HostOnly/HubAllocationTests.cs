using System;
using NanoWs.Hub;
using NanoWs.Tests;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Once a hub is built and its tabs have their hello, publishing values and pumping state
    /// messages (and handling number/bool commands) allocate nothing: measured with
    /// GC.GetAllocatedBytesForCurrentThread around many rounds, after one warm-up round.
    /// </summary>
    public class HubAllocationTests
    {
        private readonly ITestOutputHelper _output;

        public HubAllocationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Publish_and_pump_allocate_nothing_per_value()
        {
            HubTestTransport transport = new HubTestTransport();
            ChannelHub hub = NewHub(transport, out HubChannel temp, out HubChannel humidity, out HubChannel button, out HubChannel fan);
            hub.AddTab(1);
            hub.AddTab(2);
            hub.AddTab(3);
            hub.Pump(0);
            transport.Discard = true;
            Round(hub, temp, humidity, button, fan, 0);

            const int rounds = 10000;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 1; i <= rounds; i++)
            {
                Round(hub, temp, humidity, button, fan, i);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long values = rounds * 4L;
            _output.WriteLine("hub: " + allocated + " bytes allocated over " + values + " published values and " + (rounds * 3) + " state messages");
            Assert.True(hub.Seq > 3L * rounds);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Number_and_bool_commands_allocate_nothing()
        {
            HubTestTransport transport = new HubTestTransport();
            ChannelHub hub = NewHub(transport, out _, out _, out _, out _);
            hub.SetHandler = (h, r) => null;
            hub.AddTab(1);
            hub.Pump(0);
            transport.Discard = true;
            byte[] led = JsonReaderTests.Utf8Of("{\"t\":\"set\",\"id\":17,\"ch\":\"led\",\"v\":true}");
            byte[] ledOff = JsonReaderTests.Utf8Of("{\"t\":\"set\",\"id\":\"a1\",\"ch\":\"led\",\"v\":false}");
            byte[] fan = JsonReaderTests.Utf8Of("{\"t\":\"set\",\"id\":18,\"ch\":\"fan\",\"v\":42.5}");
            Assert.True(hub.HandleMessage(1, led, 0, led.Length, 1));

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                hub.HandleMessage(1, led, 0, led.Length, i);
                hub.HandleMessage(1, ledOff, 0, ledOff.Length, i);
                hub.HandleMessage(1, fan, 0, fan.Length, i);
                hub.Pump(i);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine("commands: " + allocated + " bytes allocated over 3000 commands");
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Hub_footprint_with_default_options_is_a_few_kilobytes()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            HubOptions options = new HubOptions();
            ChannelHub hub = new ChannelHub(options, new HubTestTransport());
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine("hub with default options (16 channels, 4 tabs): " + allocated + " bytes");
            Assert.InRange(allocated, 1000, 6000);
            Assert.NotNull(hub);
        }

        [Fact]
        public void History_takes_its_stated_budget_once_and_nothing_per_sample_or_hist_message()
        {
            HubOptions options = new HubOptions { HistoryPoints = 360, HistoryResolutionMs = 10000 };
            ChannelHub hub = new ChannelHub(options, new HubTestTransport { Discard = true });
            ChannelHub plain = new ChannelHub(new HubOptions(), new HubTestTransport());
            plain.AddNumber("warm", "Warm", "", 0, 1, false);

            long before = GC.GetAllocatedBytesForCurrentThread();
            HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            long withRing = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            plain.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            long withoutRing = GC.GetAllocatedBytesForCurrentThread() - before;

            // The ring: 360 floats and the array's header (24 bytes on 64-bit .NET).
            _output.WriteLine("history ring: " + (withRing - withoutRing) + " bytes for " + hub.HistoryBytes + " bytes of samples");
            Assert.Equal(360 * 4, hub.HistoryBytes);
            Assert.Equal(360 * 4 + 24, withRing - withoutRing);

            // A day of samples, a tab joining every simulated minute: nothing allocated.
            temp.Decimals = 1;
            hub.Publish(temp, 20, 0);
            hub.AddTab(1);
            hub.Pump(0);
            before = GC.GetAllocatedBytesForCurrentThread();
            for (long t = 1000; t <= 86400000L; t += 1000)
            {
                hub.Publish(temp, 20 + ((t / 1000) % 100 * 0.1), t);
                if (t % 60000 == 0)
                {
                    hub.RemoveTab(1);
                    hub.AddTab(1);
                }

                hub.Pump(t);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine("history: " + allocated + " bytes allocated over " + hub.HistorySteps + " samples and 1,440 tab joins");
            Assert.Equal(8641L, hub.HistorySteps);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Health_and_events_allocate_nothing_per_event_reading_or_message()
        {
            // A day with the health read every 10 s (a reader that sets numbers only, as a board's
            // does apart from its scan), an event every second and a health message to each of
            // three tabs at most once a second: nothing allocated on .NET (the strings are the
            // application's and the server's, written without a copy here).
            HubOptions options = new HubOptions { HealthIntervalMs = 10000 };
            HubTestTransport transport = new HubTestTransport();
            ChannelHub hub = new ChannelHub(options, transport);
            hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            hub.Health.Version = "1.2.3";
            hub.Health.HostName = "board";
            hub.Health.Address = "192.168.1.40";
            hub.HealthReader = ReadHealth;
            string error = "send stalled: connection dropped";
            hub.AddTab(1);
            hub.AddTab(2);
            hub.AddTab(3);
            hub.NoteEvent(HubEvent.Error, 0, error, 0);
            hub.Pump(0);
            transport.Discard = true;

            // One warm-up hour first, as the other measurements here have a warm-up round: what the
            // runtime allocates on this thread while it compiles the loop's code is not the hub's.
            const long Hour = 3600000L;
            HealthDay(hub, error, 1000, Hour);
            int sentBefore = transport.SendCount;

            long before = GC.GetAllocatedBytesForCurrentThread();
            HealthDay(hub, error, Hour + 1000, Hour + 86400000L);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            int sent = transport.SendCount - sentBefore;
            _output.WriteLine("health: " + allocated + " bytes allocated over 86,400 events and " + sent + " messages");
            Assert.Equal(3 * 86400, sent);
            Assert.Equal(1L + 3600 + 86400, hub.EventCount);
            Assert.Equal(0, allocated);
        }

        /// <summary>An event every second from <paramref name="from"/> to <paramref name="to"/> ms, the hub pumped after each.</summary>
        private static void HealthDay(ChannelHub hub, string error, long from, long to)
        {
            for (long t = from; t <= to; t += 1000)
            {
                hub.NoteEvent((t / 1000) % 3 == 0 ? HubEvent.Error : HubEvent.Busy, 503, (t / 1000) % 3 == 0 ? error : null, t);
                hub.Pump(t);
            }
        }

        private static void ReadHealth(HubHealth health, long nowMs)
        {
            health.UptimeMs = nowMs;
            health.HeapFreeBytes = 81234;
            health.HasSignal = true;
            health.SignalDbm = -61;
        }

        private static void Round(ChannelHub hub, HubChannel temp, HubChannel humidity, HubChannel button, HubChannel fan, int i)
        {
            hub.Publish(temp, 20.0 + (i * 0.01), i);
            hub.Publish(humidity, 40.0 + ((i % 100) * 0.1), i);
            hub.Publish(button, (i & 1) == 0, i);
            hub.Publish(fan, i % 101 == 0 ? 100.0 : i % 101, i);
            hub.Pump(i);
        }

        private static ChannelHub NewHub(HubTestTransport transport, out HubChannel temp, out HubChannel humidity, out HubChannel button, out HubChannel fan)
        {
            HubOptions options = new HubOptions();
            options.MaxTabs = 4;
            ChannelHub hub = new ChannelHub(options, transport);
            temp = hub.AddNumber("temp", "Temperature", "°C", -40, 85, false);
            temp.Decimals = 2;
            humidity = hub.AddNumber("humidity", "Humidity", "%", 0, 100, false);
            button = hub.AddBool("button", "Button", false);
            fan = hub.AddNumber("fan", "Fan", "%", 0, 100, true);
            hub.AddBool("led", "LED", true);
            return hub;
        }
    }
}
