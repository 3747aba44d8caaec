using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class ChannelHubHistoryTests
    {
        [TestMethod]
        public void A_joining_tab_gets_every_numeric_ring_after_its_hello()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(5, 1000));
            HubChannel temp = hub.GetChannel(0);
            hub.Publish(temp, 20.0, 0);
            hub.Pump(0);
            hub.Publish(temp, 21.04, 1000);
            hub.Pump(1000);
            hub.Pump(2500);

            hub.AddTab(1);
            Assert.AreEqual(3, hub.Pump(2600));
            Assert.AreEqual(
                "{\"t\":\"hello\",\"device\":\"test\",\"seq\":2,\"history\":{\"res\":1000,\"points\":5},\"channels\":["
                + "{\"id\":\"temp\",\"label\":\"Temperature\",\"unit\":\"°C\",\"kind\":\"number\",\"min\":-40,\"max\":85,\"writable\":false,\"value\":21},"
                + "{\"id\":\"led\",\"label\":\"LED\",\"unit\":\"\",\"kind\":\"bool\",\"min\":null,\"max\":null,\"writable\":true,\"value\":null},"
                + "{\"id\":\"fan\",\"label\":\"Fan\",\"unit\":\"%\",\"kind\":\"number\",\"min\":0,\"max\":100,\"writable\":true,\"value\":null},"
                + "{\"id\":\"msg\",\"label\":\"Message\",\"unit\":\"\",\"kind\":\"text\",\"min\":null,\"max\":null,\"writable\":true,\"value\":null}]}",
                t.Message(1, 0));

            // Steps at 0, 1000 and 2000 ms; the first is 2600 ms old. The bool and text channels keep none.
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"temp\",\"res\":1000,\"age\":2600,\"v\":[20,21,21]}", t.Message(1, 1));
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"fan\",\"res\":1000,\"age\":2600,\"v\":[null,null,null]}", t.Message(1, 2));
            Assert.AreEqual(3, t.Count(1));
            Assert.AreEqual(0, hub.Pump(2700));
        }

        [TestMethod]
        public void The_ring_keeps_the_newest_samples_only()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(5, 1000));
            HubChannel temp = hub.GetChannel(0);
            for (int i = 0; i < 10; i++)
            {
                hub.Publish(temp, i, i * 1000);
                hub.Pump(i * 1000);
            }

            Assert.AreEqual(10L, hub.HistorySteps);
            Assert.AreEqual(9.0, hub.GetHistorySample(temp, 0));
            Assert.AreEqual(5.0, hub.GetHistorySample(temp, 4));
            Assert.IsTrue(double.IsNaN(hub.GetHistorySample(temp, 5)));
            Assert.IsTrue(double.IsNaN(hub.GetHistorySample(hub.GetChannel(1), 0)));

            hub.AddTab(1);
            hub.Pump(9000);
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"temp\",\"res\":1000,\"age\":4000,\"v\":[5,6,7,8,9]}", t.Message(1, 1));
        }

        [TestMethod]
        public void Steps_the_hub_was_not_pumped_for_hold_the_value_current_when_it_is()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(100, 1000));
            HubChannel temp = hub.GetChannel(0);
            hub.Publish(temp, 1.0, 0);
            hub.Pump(0);
            hub.Publish(temp, 2.0, 500);
            hub.Pump(3500);

            Assert.AreEqual(4L, hub.HistorySteps);
            Assert.AreEqual(2.0, hub.GetHistorySample(temp, 0));
            Assert.AreEqual(2.0, hub.GetHistorySample(temp, 2));
            Assert.AreEqual(1.0, hub.GetHistorySample(temp, 3));
        }

        [TestMethod]
        public void A_gap_longer_than_the_ring_leaves_only_the_current_value()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(3, 1000));
            HubChannel temp = hub.GetChannel(0);
            hub.Publish(temp, 1.0, 0);
            hub.Pump(0);
            hub.Publish(temp, 7.5, 1);
            hub.Pump(1000000);

            Assert.AreEqual(1001L, hub.HistorySteps);
            Assert.AreEqual(7.5, hub.GetHistorySample(temp, 0));
            Assert.AreEqual(7.5, hub.GetHistorySample(temp, 2));
        }

        [TestMethod]
        public void History_is_split_into_messages_that_fit_the_room_and_sent_as_room_comes()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(20, 1000));
            HubChannel temp = hub.GetChannel(0);
            for (int i = 0; i < 20; i++)
            {
                hub.Publish(temp, 10 + i, i * 1000);
                hub.Pump(i * 1000);
            }

            hub.AddTab(1);
            t.SetRoom(1, hub.MeasureHello() + 20);
            Assert.AreEqual(1, hub.Pump(19000));

            // The room held the hello and not one sample more; the rest waits for room.
            Assert.AreEqual(1, t.Count(1));
            t.SetRoom(1, 80);
            Assert.AreEqual(1, hub.Pump(19100));
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"temp\",\"res\":1000,\"age\":19100,\"v\":[10,11,12,13,14,15,16,17,18]}", t.Message(1, 1));
            Assert.AreEqual(80, t.Message(1, 1).Length);

            // A change now waits behind the history, then goes out as one state.
            hub.Publish(temp, 50, 19200);
            t.SetRoom(1, 100000);
            Assert.AreEqual(3, hub.Pump(19200));
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"temp\",\"res\":1000,\"age\":10200,\"v\":[19,20,21,22,23,24,25,26,27,28,29]}", t.Message(1, 2));
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"fan\",\"res\":1000,\"age\":19200,\"v\":[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null]}", t.Message(1, 3));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":21,\"v\":{\"temp\":50}}", t.Message(1, 4));
        }

        [TestMethod]
        public void Room_for_less_than_one_sample_sends_nothing()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, HistoryOptions(4, 1000));
            hub.Publish(hub.GetChannel(0), 21.5, 0);
            hub.Pump(0);
            hub.AddTab(1);
            t.SetRoom(1, hub.MeasureHello());
            Assert.AreEqual(1, hub.Pump(0));
            t.SetRoom(1, 50);
            Assert.AreEqual(0, hub.Pump(10));
            Assert.AreEqual(1, t.Count(1));
            t.SetRoom(1, 60);
            Assert.AreEqual(1, hub.Pump(20));
            Assert.AreEqual("{\"t\":\"hist\",\"ch\":\"temp\",\"res\":1000,\"age\":20,\"v\":[21.5]}", t.Message(1, 1));
        }

        [TestMethod]
        public void Without_history_points_nothing_is_kept_or_announced()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, null);
            hub.Publish(hub.GetChannel(0), 20.0, 0);
            hub.Pump(0);
            hub.AddTab(1);
            Assert.AreEqual(1, hub.Pump(5000));
            Assert.AreEqual(0, hub.HistoryBytes);
            Assert.AreEqual(0L, hub.HistorySteps);
            Assert.IsTrue(t.Message(1, 0).IndexOf("history") < 0);
        }

        [TestMethod]
        public void The_budget_is_four_bytes_a_sample_for_every_numeric_channel()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), HistoryOptions(360, 10000));
            Assert.AreEqual(2 * 360 * 4, hub.HistoryBytes);
        }

        [TestMethod]
        public void The_rings_take_their_stated_bytes_of_heap_on_the_runtime()
        {
            // The same hub built twice, with and without history: on the runtime the difference is
            // the two rings, their 4-byte samples and each array's header (rounded up to the heap's
            // block size). Measured: 1,464 bytes a ring on the 32-bit build (a board), 1,488 on 64-bit.
            HubTestTransport transport = new HubTestTransport();
            ChannelHubTests.NewHub(transport, HistoryOptions(360, 10000));
            ChannelHubTests.NewHub(transport, HistoryOptions(0, 10000));

            long before = HeapUsed();
            ChannelHub without = ChannelHubTests.NewHub(transport, HistoryOptions(0, 10000));
            long withoutRings = HeapUsed() - before;
            before = HeapUsed();
            ChannelHub with = ChannelHubTests.NewHub(transport, HistoryOptions(360, 10000));
            long withRings = HeapUsed() - before;

            long rings = withRings - withoutRings;
            Assert.AreEqual(2 * 360 * 4, with.HistoryBytes);
            Assert.AreEqual(0, without.HistoryBytes);
            Assert.IsTrue(rings >= 2 * 360 * 4 && rings <= 2 * ((360 * 4) + 48), "rings " + rings.ToString() + " bytes: " + withRings.ToString() + " with, " + withoutRings.ToString() + " without");
        }

        [TestMethod]
        public void History_options_out_of_range_are_refused()
        {
            HubOptions o = HistoryOptions(-1, 1000);
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
            o = HistoryOptions(10, 99);
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
        }

        /// <summary>Heap bytes in use: free bytes after a collection on the runtime, allocated bytes on .NET.</summary>
        private static long HeapUsed()
        {
#if NANOWS_HOST
            return GC.GetAllocatedBytesForCurrentThread();
#else
            // The second pass frees what the first only marked (objects that were waiting for it).
            nanoFramework.Runtime.Native.GC.Run(false);
            return -(long)nanoFramework.Runtime.Native.GC.Run(false);
#endif
        }

        internal static HubOptions HistoryOptions(int points, int resolutionMs)
        {
            HubOptions o = ChannelHubTests.Options();
            o.HistoryPoints = points;
            o.HistoryResolutionMs = resolutionMs;
            return o;
        }
    }
}
