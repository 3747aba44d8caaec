using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class ChannelHubHealthTests
    {
        private static int _reads;

        [TestMethod]
        public void A_joining_tab_gets_the_health_after_its_hello()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHealthHub(t, 4);
            hub.AddTab(1);

            Assert.AreEqual(2, hub.Pump(100));
            Assert.AreEqual(2, t.Count(1));
            Assert.IsTrue(t.Message(1, 0).IndexOf("{\"t\":\"hello\"") == 0);
            Assert.AreEqual(
                "{\"t\":\"health\",\"up\":5100,\"heapFree\":81234,\"addr\":\"192.168.1.40\",\"host\":\"board\",\"ver\":\"1.2.3\",\"rssi\":-61,\"events\":0,\"ev\":[]}",
                t.Message(1, 1));
            Assert.AreEqual(1, _reads);
        }

        [TestMethod]
        public void Values_not_known_are_left_out()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(4));
            hub.Health.HeapUsedBytes = 123456;
            hub.AddTab(1);
            hub.Pump(0);

            // No uptime, free heap, address, host, version or signal: only what is known.
            Assert.AreEqual("{\"t\":\"health\",\"heapUsed\":123456,\"events\":0,\"ev\":[]}", t.Message(1, 1));
        }

        [TestMethod]
        public void The_health_is_read_and_sent_again_every_interval()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHealthHub(t, 4);
            hub.AddTab(1);
            hub.Pump(100);

            Assert.AreEqual(0, hub.Pump(5000));
            Assert.AreEqual(0, hub.Pump(10099));
            Assert.AreEqual(1, _reads);
            Assert.AreEqual(1, hub.Pump(10100));
            Assert.AreEqual(2, _reads);
            Assert.AreEqual(
                "{\"t\":\"health\",\"up\":15100,\"heapFree\":81234,\"addr\":\"192.168.1.40\",\"host\":\"board\",\"ver\":\"1.2.3\",\"rssi\":-61,\"events\":0,\"ev\":[]}",
                t.Message(1, -1));
            Assert.AreEqual(0, hub.Pump(12000));
        }

        [TestMethod]
        public void A_new_event_reaches_every_tab_at_most_once_a_second_with_the_uptime_of_that_moment()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHealthHub(t, 4);
            hub.AddTab(1);
            hub.AddTab(2);
            hub.Pump(100);

            hub.NoteEvent(HubEvent.TabOpened, 0, null, 600);
            Assert.AreEqual(0, hub.Pump(600));
            Assert.AreEqual(2, hub.Pump(1100));
            Assert.AreEqual(1, _reads);
            string expected = "{\"t\":\"health\",\"up\":6100,\"heapFree\":81234,\"addr\":\"192.168.1.40\",\"host\":\"board\",\"ver\":\"1.2.3\",\"rssi\":-61,"
                + "\"events\":1,\"ev\":[{\"k\":\"open\",\"ago\":500}]}";
            Assert.AreEqual(expected, t.Message(1, -1));
            Assert.AreEqual(expected, t.Message(2, -1));

            hub.NoteEvent(HubEvent.Busy, 503, null, 1500);
            Assert.AreEqual(0, hub.Pump(2099));
            Assert.AreEqual(2, hub.Pump(2100));
            Assert.AreEqual(
                "{\"t\":\"health\",\"up\":7100,\"heapFree\":81234,\"addr\":\"192.168.1.40\",\"host\":\"board\",\"ver\":\"1.2.3\",\"rssi\":-61,"
                + "\"events\":2,\"ev\":[{\"k\":\"busy\",\"ago\":600,\"code\":503},{\"k\":\"open\",\"ago\":1500}]}",
                t.Message(2, -1));
            Assert.AreEqual(0, hub.Pump(3500));
        }

        [TestMethod]
        public void The_ring_keeps_the_newest_events_newest_first()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(4));
            hub.NoteEvent(HubEvent.TabOpened, 0, null, 1000);
            hub.NoteEvent(HubEvent.TabRefused, 1013, null, 2000);
            hub.NoteEvent(HubEvent.OtherSite, 403, null, 3000);
            hub.NoteEvent(HubEvent.NotLoggedIn, 401, null, 4000);
            hub.NoteEvent(HubEvent.WrongPassword, 0, null, 5000);
            hub.NoteEvent(HubEvent.WrongToken, 1008, null, 6000);
            hub.AddTab(1);
            hub.Pump(6500);

            Assert.AreEqual(6L, hub.EventCount);
            Assert.AreEqual(
                "{\"t\":\"health\",\"events\":6,\"ev\":[{\"k\":\"token\",\"ago\":500,\"code\":1008},{\"k\":\"password\",\"ago\":1500},"
                + "{\"k\":\"login\",\"ago\":2500,\"code\":401},{\"k\":\"origin\",\"ago\":3500,\"code\":403}]}",
                t.Message(1, 1));
        }

        [TestMethod]
        public void An_error_keeps_its_text_cut_to_sixty_characters()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(4));
            hub.NoteEvent(HubEvent.Error, 0, "send stalled: connection dropped", 0);
            hub.NoteEvent(HubEvent.Error, 0, "0123456789012345678901234567890123456789012345678901234567890123456789", 0);
            hub.NoteEvent(HubEvent.Refused, 404, null, 0);
            hub.AddTab(1);
            hub.Pump(0);

            Assert.AreEqual(
                "{\"t\":\"health\",\"events\":3,\"ev\":[{\"k\":\"refused\",\"ago\":0,\"code\":404},"
                + "{\"k\":\"error\",\"ago\":0,\"text\":\"012345678901234567890123456789012345678901234567890123456789\"},"
                + "{\"k\":\"error\",\"ago\":0,\"text\":\"send stalled: connection dropped\"}]}",
                t.Message(1, 1));
        }

        [TestMethod]
        public void Events_that_do_not_fit_the_room_are_left_out_oldest_first()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(4));
            hub.AddTab(1);
            hub.Pump(0);
            hub.NoteEvent(HubEvent.TabOpened, 0, null, 0);
            hub.NoteEvent(HubEvent.Busy, 503, null, 0);
            hub.NoteEvent(HubEvent.OtherSite, 403, null, 0);

            string expected = "{\"t\":\"health\",\"events\":3,\"ev\":[{\"k\":\"origin\",\"ago\":1000,\"code\":403},{\"k\":\"busy\",\"ago\":1000,\"code\":503}]}";
            t.SetRoom(1, expected.Length);
            Assert.AreEqual(expected.Length, hub.MeasureHealth(1000) - "{\"k\":\"open\",\"ago\":1000},".Length);
            Assert.AreEqual(1, hub.Pump(1000));
            Assert.AreEqual(expected, t.Message(1, -1));

            // Not even the head fits: nothing is sent, the health stays due.
            hub.NoteEvent(HubEvent.TabOpened, 0, null, 2000);
            t.SetRoom(1, 20);
            Assert.AreEqual(0, hub.Pump(2000));
            t.SetRoom(1, 1000);
            Assert.AreEqual(1, hub.Pump(2001));
        }

        [TestMethod]
        public void A_full_ring_of_long_errors_fits_the_message_buffer_of_a_board()
        {
            // An ESP32 profile's 1,024-byte send buffer leaves HubServer a 992-byte message buffer.
            HubOptions o = HealthOptions(8);
            o.MessageBufferSize = 992;
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), o);
            HubHealth h = hub.Health;
            h.UptimeMs = 86400000;
            h.HeapFreeBytes = 81234;
            h.Address = "192.168.100.200";
            h.HostName = "esp32-dashboard";
            h.Version = "0.1.0.0";
            h.HasSignal = true;
            h.SignalDbm = -61;
            string text = "accept failed: out of sockets for the listener (accepting again in 8 passes)";
            for (int i = 0; i < 9; i++)
            {
                hub.NoteEvent(HubEvent.Error, 0, text, 0);
            }

            string ev = "{\"k\":\"error\",\"ago\":1234567,\"text\":\"" + text.Substring(0, 60) + "\"}";
            string expected = "{\"t\":\"health\",\"up\":86400000,\"heapFree\":81234,\"addr\":\"192.168.100.200\",\"host\":\"esp32-dashboard\","
                + "\"ver\":\"0.1.0.0\",\"rssi\":-61,\"events\":9,\"ev\":[" + ev + "," + ev + "," + ev + "," + ev + "," + ev + "," + ev + "," + ev + "," + ev + "]}";
            Assert.AreEqual(expected.Length, hub.MeasureHealth(1234567));
            Assert.IsTrue(expected.Length <= 992, expected.Length.ToString());
        }

        [TestMethod]
        public void The_state_for_scripts_holds_the_health_as_of_now_and_the_event_count()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHealthHub(t, 4);
            hub.NoteEvent(HubEvent.Busy, 503, null, 50);
            byte[] buffer = new byte[512];

            int n = hub.WriteState(buffer, 100);
            Assert.AreEqual(
                "{\"device\":\"test\",\"seq\":0,\"v\":{\"temp\":null,\"led\":null,\"fan\":null,\"msg\":null},"
                + "\"health\":{\"up\":5100,\"heapFree\":81234,\"addr\":\"192.168.1.40\",\"host\":\"board\",\"ver\":\"1.2.3\",\"rssi\":-61,\"events\":1}}",
                Utf8.GetString(buffer, 0, n));
            Assert.AreEqual(1, _reads);

            // Read again only when the interval is up; the uptime counts on in between.
            n = hub.WriteState(buffer, 2100);
            Assert.AreEqual(1, _reads);
            Assert.IsTrue(Utf8.GetString(buffer, 0, n).IndexOf("\"health\":{\"up\":7100,") > 0);

            // Too little room for the health: the values alone; too little for them: -1.
            byte[] small = new byte[100];
            n = hub.WriteState(small, 2100);
            Assert.AreEqual("{\"device\":\"test\",\"seq\":0,\"v\":{\"temp\":null,\"led\":null,\"fan\":null,\"msg\":null}}", Utf8.GetString(small, 0, n));
            Assert.AreEqual(-1, hub.WriteState(new byte[60], 2100));
        }

        [TestMethod]
        public void Without_a_health_interval_there_is_no_health_and_no_ring()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, null);
            hub.NoteEvent(HubEvent.TabOpened, 0, null, 0);
            hub.AddTab(1);

            Assert.AreEqual(1, hub.Pump(0));
            Assert.AreEqual(1, hub.Pump(0) + t.Count(1));
            Assert.IsNull(hub.Health);
            Assert.AreEqual(0L, hub.EventCount);
            Assert.AreEqual(-1, hub.MeasureHealth(0));
        }

        [TestMethod]
        public void A_failing_reader_is_reported_and_the_health_still_goes_out()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(4));
            hub.HealthReader = Failing;
            hub.AddTab(1);
            hub.Pump(0);

            Assert.AreEqual("health reader failed: no sensor", hub.LastError);
            Assert.AreEqual("{\"t\":\"health\",\"up\":7,\"events\":0,\"ev\":[]}", t.Message(1, 1));
        }

        [TestMethod]
        public void Health_options_out_of_range_are_refused()
        {
            HubOptions o = HealthOptions(4);
            o.HealthIntervalMs = 999;
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
            o = HealthOptions(65);
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
            o = HealthOptions(-1);
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
        }

        [TestMethod]
        public void Noting_events_allocates_nothing()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), HealthOptions(8));
            string text = "accept failed";
            hub.NoteEvent(HubEvent.Error, 0, text, 0);

            long before = HeapUsed();
            for (int i = 0; i < 100; i++)
            {
                hub.NoteEvent(HubEvent.Error, i, text, i);
                hub.NoteEvent(HubEvent.Busy, 503, null, i);
            }

            long used = HeapUsed() - before;
            Assert.AreEqual(201L, hub.EventCount);
            Assert.AreEqual(0L, used);
        }

        [TestMethod]
        public void The_ring_takes_its_stated_bytes_of_heap_on_the_runtime()
        {
            // The same hub built three times: without health, with health and an empty ring, with
            // health and 8 entries. The last difference is the ring alone: 8 entries of a kind, a
            // code, a time and a text reference (20 bytes an entry on 32-bit nanoFramework, 24 on
            // 64-bit .NET) and four array headers; the one before is the health record and two
            // per-tab arrays for the hub's 2 tabs.
            HubTestTransport transport = new HubTestTransport();
            ChannelHubTests.NewHub(transport, HealthOptions(8));
            ChannelHubTests.NewHub(transport, HealthOptions(0));
            ChannelHubTests.NewHub(transport, null);

            long before = HeapUsed();
            ChannelHub without = ChannelHubTests.NewHub(transport, null);
            long withoutHealth = HeapUsed() - before;
            before = HeapUsed();
            ChannelHub empty = ChannelHubTests.NewHub(transport, HealthOptions(0));
            long withEmptyRing = HeapUsed() - before;
            before = HeapUsed();
            ChannelHub with = ChannelHubTests.NewHub(transport, HealthOptions(8));
            long withRing = HeapUsed() - before;

            long record = withEmptyRing - withoutHealth;
            long ring = withRing - withEmptyRing;
            string figures = "health record " + record.ToString() + " bytes, ring of 8 " + ring.ToString() + " bytes";
            Assert.IsNull(without.Health);
            Assert.IsNotNull(empty.Health);
            Assert.IsNotNull(with.Health);
            Assert.IsTrue(ring >= 8 * 20 && ring <= 8 * 48, figures);
            Assert.IsTrue(record > 0 && record <= 600, figures);
        }

        internal static HubOptions HealthOptions(int events)
        {
            HubOptions o = ChannelHubTests.Options();
            o.HealthIntervalMs = 10000;
            o.EventCapacity = events;
            return o;
        }

        /// <summary>A hub whose reader reports a board: uptime 5 s ahead of the hub's clock, free heap, address and signal.</summary>
        private static ChannelHub NewHealthHub(HubTestTransport t, int events)
        {
            _reads = 0;
            ChannelHub hub = ChannelHubTests.NewHub(t, HealthOptions(events));
            hub.Health.Version = "1.2.3";
            hub.Health.HostName = "board";
            hub.HealthReader = ReadBoard;
            return hub;
        }

        private static void ReadBoard(HubHealth health, long nowMs)
        {
            _reads++;
            health.UptimeMs = 5000 + nowMs;
            health.HeapFreeBytes = 81234;
            health.Address = "192.168.1.40";
            health.HasSignal = true;
            health.SignalDbm = -61;
        }

        private static void Failing(HubHealth health, long nowMs)
        {
            health.UptimeMs = 7;
            throw new InvalidOperationException("no sensor");
        }

        /// <summary>Heap bytes in use: free bytes after a collection on the runtime, allocated bytes on .NET.</summary>
        private static long HeapUsed()
        {
#if NANOWS_HOST
            return GC.GetAllocatedBytesForCurrentThread();
#else
            nanoFramework.Runtime.Native.GC.Run(false);
            return -(long)nanoFramework.Runtime.Native.GC.Run(false);
#endif
        }
    }
}
