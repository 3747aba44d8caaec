using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class ChannelHubTests
    {
        [TestMethod]
        public void A_joining_tab_gets_the_hello_snapshot_first()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            hub.Publish(temp, 21.46, 0);
            hub.Publish(hub.GetChannel(1), true, 0);

            Assert.IsTrue(hub.AddTab(5));
            Assert.IsTrue(hub.IsHelloPending(5));
            Assert.AreEqual(1, hub.Pump(10));
            Assert.AreEqual(
                "{\"t\":\"hello\",\"device\":\"test\",\"seq\":2,\"channels\":["
                + "{\"id\":\"temp\",\"label\":\"Temperature\",\"unit\":\"°C\",\"kind\":\"number\",\"min\":-40,\"max\":85,\"writable\":false,\"value\":21.5},"
                + "{\"id\":\"led\",\"label\":\"LED\",\"unit\":\"\",\"kind\":\"bool\",\"min\":null,\"max\":null,\"writable\":true,\"value\":true},"
                + "{\"id\":\"fan\",\"label\":\"Fan\",\"unit\":\"%\",\"kind\":\"number\",\"min\":0,\"max\":100,\"writable\":true,\"value\":null},"
                + "{\"id\":\"msg\",\"label\":\"Message\",\"unit\":\"\",\"kind\":\"text\",\"min\":null,\"max\":null,\"writable\":true,\"value\":null}]}",
                t.Message(5, 0));
            Assert.IsFalse(hub.IsHelloPending(5));

            // The snapshot holds every value: nothing is dirty after it.
            Assert.AreEqual(0, hub.GetDirtyCount(5));
            Assert.AreEqual(0, hub.Pump(20));
        }

        [TestMethod]
        public void Changes_after_the_hello_go_out_as_one_state_message()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(1);
            hub.Pump(0);
            hub.Publish(hub.GetChannel(0), 20.0, 1);
            hub.Publish(hub.GetChannel(2), 55.0, 1);
            hub.Publish(hub.GetChannel(3), "hi \"there\"", 1);
            Assert.AreEqual(3, hub.GetDirtyCount(1));
            Assert.AreEqual(1, hub.Pump(2));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":3,\"v\":{\"temp\":20,\"fan\":55,\"msg\":\"hi \\\"there\\\"\"}}", t.Last(1));
            Assert.AreEqual(0, hub.GetDirtyCount(1));
            Assert.AreEqual(1, hub.GetStateMessageCount(1));
        }

        [TestMethod]
        public void A_blocked_tab_gets_only_the_newest_values_once_it_has_room()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            hub.AddTab(1);
            hub.AddTab(2);
            hub.Pump(0);
            t.SetRoom(2, 0);

            for (int i = 0; i < 100; i++)
            {
                hub.Publish(temp, 20.0 + i, i);
                hub.Publish(hub.GetChannel(1), i % 2 == 0, i);
                hub.Pump(i);
            }

            // The fast tab got every change; the blocked one nothing, and holds only dirty marks.
            Assert.AreEqual(101, t.Count(1));
            Assert.AreEqual(1, t.Count(2));
            Assert.AreEqual(2, hub.GetDirtyCount(2));
            Assert.AreEqual(200L, hub.Seq);

            t.SetRoom(2, 1000);
            Assert.AreEqual(1, hub.Pump(100));
            Assert.AreEqual(2, t.Count(2));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":200,\"v\":{\"temp\":119,\"led\":false}}", t.Last(2));
            Assert.AreEqual(0, hub.GetDirtyCount(2));
        }

        [TestMethod]
        public void A_state_that_does_not_fit_the_room_is_split_and_the_rest_stays_dirty()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(1);
            hub.Pump(0);
            hub.Publish(hub.GetChannel(0), 1.0, 1);
            hub.Publish(hub.GetChannel(2), 2.0, 1);
            hub.Publish(hub.GetChannel(3), "a longer text value", 1);
            string first = "{\"t\":\"state\",\"seq\":3,\"v\":{\"temp\":1,\"fan\":2}}";
            t.SetRoom(1, first.Length + 5);
            Assert.AreEqual(1, hub.Pump(2));
            Assert.AreEqual(first, t.Last(1));
            Assert.AreEqual(1, hub.GetDirtyCount(1));

            t.SetRoom(1, 1000);
            hub.Pump(3);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":3,\"v\":{\"msg\":\"a longer text value\"}}", t.Last(1));
        }

        [TestMethod]
        public void No_hello_is_sent_until_it_fits()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(3);
            t.SetRoom(3, 50);
            Assert.AreEqual(0, hub.Pump(0));
            hub.Publish(hub.GetChannel(0), 5.0, 0);
            Assert.AreEqual(0, hub.Pump(1));
            Assert.IsTrue(hub.IsHelloPending(3));
            t.SetRoom(3, 5000);
            Assert.AreEqual(1, hub.Pump(2));
            Assert.IsTrue(t.Message(3, 0).IndexOf("\"t\":\"hello\",\"device\":\"test\",\"seq\":1,") > 0);
            Assert.AreEqual(1, t.Count(3));
        }

        [TestMethod]
        public void Seq_counts_recorded_changes_only()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            HubChannel led = hub.GetChannel(1);
            Assert.AreEqual(0L, hub.Seq);
            Assert.IsTrue(hub.Publish(temp, 1.0, 0));
            Assert.IsFalse(hub.Publish(temp, 1.0, 1));
            Assert.IsTrue(hub.Publish(led, false, 2));
            Assert.IsFalse(hub.Publish(led, false, 3));
            Assert.IsTrue(hub.Publish(led, true, 4));
            Assert.AreEqual(3L, hub.Seq);
        }

        [TestMethod]
        public void Deadband_ignores_small_changes_measured_from_the_recorded_value()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            temp.Deadband = 0.5;
            Assert.IsTrue(hub.Publish(temp, 20.0, 0));
            Assert.IsFalse(hub.Publish(temp, 20.3, 1));
            Assert.IsFalse(hub.Publish(temp, 20.4, 2));

            // Drift is measured from 20.0, not from the last published 20.4.
            Assert.IsTrue(hub.Publish(temp, 20.5, 3));
            Assert.IsFalse(hub.Publish(temp, 20.1, 4));
            Assert.IsTrue(hub.Publish(temp, 19.9, 5));
            Assert.AreEqual(3L, hub.Seq);
        }

        [TestMethod]
        public void Nan_counts_as_a_change_once()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            Assert.IsTrue(hub.Publish(temp, 1.0, 0));
            Assert.IsTrue(hub.Publish(temp, double.NaN, 1));
            Assert.IsFalse(hub.Publish(temp, double.NaN, 2));
            Assert.IsTrue(hub.Publish(temp, 2.0, 3));
        }

        [TestMethod]
        public void Minimum_interval_holds_a_change_and_pump_records_it_later()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel led = hub.GetChannel(1);
            led.MinIntervalMs = 1000;
            hub.AddTab(1);
            hub.Pump(0);
            Assert.IsTrue(hub.Publish(led, true, 0));
            Assert.IsFalse(hub.Publish(led, false, 100));
            Assert.AreEqual(1L, hub.Seq);
            hub.Pump(500);
            Assert.AreEqual(1L, hub.Seq);
            hub.Pump(1000);
            Assert.AreEqual(2L, hub.Seq);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":2,\"v\":{\"led\":false}}", t.Last(1));
        }

        [TestMethod]
        public void A_held_change_taken_back_is_never_recorded()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel temp = hub.GetChannel(0);
            temp.MinIntervalMs = 1000;
            Assert.IsTrue(hub.Publish(temp, 10.0, 0));
            Assert.IsFalse(hub.Publish(temp, 11.0, 10));
            Assert.IsFalse(hub.Publish(temp, 10.0, 20));
            hub.Pump(2000);
            Assert.AreEqual(1L, hub.Seq);
            Assert.IsTrue(hub.Publish(temp, 12.0, 2001));
            Assert.AreEqual(2L, hub.Seq);
        }

        [TestMethod]
        public void State_interval_coalesces_changes_per_tab()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = Options();
            o.StateIntervalMs = 100;
            ChannelHub hub = NewHub(t, o);
            HubChannel temp = hub.GetChannel(0);
            hub.AddTab(1);
            hub.Pump(0);
            for (int ms = 0; ms < 1000; ms += 10)
            {
                hub.Publish(temp, ms, ms);
                hub.Pump(ms);
            }

            Assert.AreEqual(10, hub.GetStateMessageCount(1));
        }

        [TestMethod]
        public void Tabs_beyond_the_limit_are_refused_and_removed_tabs_free_their_slot()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            Assert.IsTrue(hub.AddTab(1));
            Assert.IsTrue(hub.AddTab(2));
            Assert.IsTrue(hub.AddTab(2));
            Assert.IsFalse(hub.AddTab(3));
            Assert.AreEqual(2, hub.TabCount);
            hub.RemoveTab(1);
            Assert.AreEqual(-1, hub.GetDirtyCount(1));
            Assert.IsTrue(hub.AddTab(3));
            Assert.IsTrue(hub.IsHelloPending(3));
        }

        [TestMethod]
        public void Channels_cannot_be_added_after_a_tab_joined()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(1);
            Assert.ThrowsException(typeof(InvalidOperationException), () => hub.AddBool("late", "Late", false));
        }

        [TestMethod]
        public void Publishing_the_wrong_kind_throws()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            Assert.ThrowsException(typeof(ArgumentException), () => hub.Publish(hub.GetChannel(1), 1.0, 0));
            Assert.ThrowsException(typeof(ArgumentException), () => hub.AddNumber("temp", "Again", null, 0, 1, false));
        }

        [TestMethod]
        public void A_hello_larger_than_the_buffer_is_reported_not_sent()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = Options();
            o.MessageBufferSize = 100;
            ChannelHub hub = NewHub(t, o);
            hub.AddTab(1);
            Assert.AreEqual(0, hub.Pump(0));
            Assert.AreEqual("hello larger than MessageBufferSize", hub.LastError);
        }

        [TestMethod]
        public void A_text_value_too_large_for_a_state_message_is_refused_at_publish()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(1);
            hub.Pump(0);
            HubChannel msg = hub.GetChannel(3);
            Assert.IsTrue(hub.Publish(msg, "short", 1));
            Assert.IsFalse(hub.Publish(msg, new string('x', 1000), 2));
            Assert.AreEqual("text value larger than a state message can hold", hub.LastError);
            Assert.AreEqual(1L, hub.Seq);

            // The channel keeps its value and every channel still goes out.
            hub.Publish(hub.GetChannel(0), 3.0, 3);
            Assert.AreEqual(1, hub.Pump(4));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":2,\"v\":{\"temp\":3,\"msg\":\"short\"}}", t.Last(1));
        }

        [TestMethod]
        public void A_text_value_is_refused_when_the_hello_would_no_longer_fit()
        {
            // The hello of this hub is 489 bytes plus the text with a 19-digit seq, so with the
            // 1000-byte buffer 511 bytes of text fit and 512 do not.
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            HubChannel msg = hub.GetChannel(3);
            Assert.IsFalse(hub.Publish(msg, new string('y', 512), 0));
            Assert.AreEqual("text value would make the hello larger than MessageBufferSize", hub.LastError);
            Assert.AreEqual(0L, hub.Seq);
            Assert.IsTrue(hub.Publish(msg, new string('y', 511), 1));

            hub.AddTab(1);
            Assert.AreEqual(1, hub.Pump(2));
            Assert.AreEqual(489 - 19 + 1 + 511, JsonReaderTests.Utf8Of(t.Last(1)).Length);
        }

        [TestMethod]
        public void A_channel_that_does_not_fit_the_room_does_not_hold_back_the_channels_after_it()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = new ChannelHub(Options(), t);
            HubChannel text = hub.AddText("note", "Note", false);
            HubChannel n = hub.AddNumber("n", "N", null, double.NaN, double.NaN, false);
            hub.AddTab(1);
            hub.Pump(0);
            hub.Publish(text, new string('z', 200), 1);
            hub.Publish(n, 5.0, 1);
            string small = "{\"t\":\"state\",\"seq\":2,\"v\":{\"n\":5}}";
            t.SetRoom(1, small.Length + 50);
            Assert.AreEqual(1, hub.Pump(2));
            Assert.AreEqual(small, t.Last(1));
            Assert.AreEqual(1, hub.GetDirtyCount(1));

            t.SetRoom(1, 1000);
            Assert.AreEqual(1, hub.Pump(3));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":2,\"v\":{\"note\":\"" + new string('z', 200) + "\"}}", t.Last(1));
            Assert.AreEqual(0, hub.GetDirtyCount(1));
        }

        [TestMethod]
        public void MeasureHello_gives_the_size_of_the_hello_a_tab_would_get()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            Assert.AreEqual(473, hub.MeasureHello());
            hub.Publish(hub.GetChannel(0), 21.46, 0);
            Assert.AreEqual(473 - 4 + 4, hub.MeasureHello());
            hub.Publish(hub.GetChannel(3), "hello", 0);
            int size = hub.MeasureHello();
            Assert.AreEqual(473 - 4 + 7, size);

            hub.AddTab(1);
            hub.Pump(1);
            Assert.AreEqual(size, JsonReaderTests.Utf8Of(t.Last(1)).Length);
            Assert.IsNull(hub.LastError);
        }

        [TestMethod]
        public void MeasureHello_is_minus_one_with_the_reason_when_the_hello_does_not_fit()
        {
            HubOptions o = Options();
            o.MessageBufferSize = 472;
            ChannelHub hub = NewHub(new HubTestTransport(), o);
            Assert.AreEqual(-1, hub.MeasureHello());
            Assert.AreEqual("hello larger than MessageBufferSize", hub.LastError);
        }

        [TestMethod]
        public void The_hello_announces_the_heartbeat_interval()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, HeartbeatOptions(1000));
            hub.AddTab(1);
            hub.Pump(0);
            Assert.AreEqual(0, t.Last(1).IndexOf("{\"t\":\"hello\",\"device\":\"test\",\"seq\":0,\"heartbeat\":1000,\"channels\":[{\"id\":\"temp\","));
            Assert.AreEqual(473 + 17, hub.MeasureHello());
        }

        [TestMethod]
        public void The_hello_carries_the_page_title_and_accent_when_set()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = Options();
            o.Title = "Greenhouse \"B\"";
            o.Accent = "#2e7d32";
            ChannelHub hub = NewHub(t, o);
            hub.AddTab(1);
            hub.Pump(0);
            Assert.AreEqual(0, t.Last(1).IndexOf("{\"t\":\"hello\",\"device\":\"test\",\"title\":\"Greenhouse \\\"B\\\"\",\"accent\":\"#2e7d32\",\"seq\":0,\"channels\":[{\"id\":\"temp\","));
            Assert.AreEqual(473 + 46, hub.MeasureHello());
        }

        [TestMethod]
        [DataRow("#12")]
        [DataRow("red")]
        [DataRow("#12345g")]
        [DataRow("#1234567")]
        [DataRow("2e7d32")]
        public void An_accent_that_is_not_a_hex_colour_is_refused(string accent)
        {
            HubOptions o = Options();
            o.Accent = accent;
            Assert.ThrowsException(typeof(ArgumentException), () => o.Validate());
        }

        [TestMethod]
        [DataRow("#abc")]
        [DataRow("#A1B2C3")]
        public void An_accent_of_three_or_six_hex_digits_is_taken(string accent)
        {
            HubOptions o = Options();
            o.Accent = accent;
            o.Validate();
            Assert.AreEqual(accent, o.Accent);
        }

        [TestMethod]
        public void A_quiet_tab_gets_an_empty_state_every_heartbeat_interval()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, HeartbeatOptions(1000));
            hub.Publish(hub.GetChannel(1), true, 0);
            hub.AddTab(1);
            Assert.AreEqual(1, hub.Pump(0));
            Assert.AreEqual(0, hub.Pump(999));
            Assert.AreEqual(1, hub.Pump(1000));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{}}", t.Last(1));
            Assert.AreEqual(0, hub.Pump(1999));
            Assert.AreEqual(1, hub.Pump(2000));
            Assert.AreEqual(3, t.Count(1));
            Assert.AreEqual(2, hub.GetStateMessageCount(1));
        }

        [TestMethod]
        public void Without_a_heartbeat_interval_a_quiet_tab_gets_nothing()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, null);
            hub.AddTab(1);
            hub.Pump(0);
            Assert.AreEqual(0, hub.Pump(10000000));
            Assert.AreEqual(1, t.Count(1));
        }

        [TestMethod]
        public void Any_message_to_a_tab_restarts_its_heartbeat_interval()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, HeartbeatOptions(1000));
            hub.AddTab(1);
            hub.AddTab(2);
            hub.Pump(0);

            // A state at 600 for both tabs; an ack at 800 for tab 1 only.
            hub.Publish(hub.GetChannel(0), 5.0, 600);
            Assert.AreEqual(2, hub.Pump(600));
            byte[] command = JsonReaderTests.Utf8Of("{\"t\":\"set\",\"id\":1,\"ch\":\"temp\",\"v\":1}");
            Assert.IsTrue(hub.HandleMessage(1, command, 0, command.Length, 800));
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"channel is read-only\"}", t.Last(1));

            Assert.AreEqual(0, hub.Pump(1599));
            Assert.AreEqual(1, hub.Pump(1600));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{}}", t.Last(2));
            Assert.AreEqual(3, t.Count(1));
            Assert.AreEqual(0, hub.Pump(1799));
            Assert.AreEqual(1, hub.Pump(1800));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{}}", t.Last(1));
        }

        [TestMethod]
        public void A_change_held_back_by_the_state_interval_goes_out_when_the_heartbeat_is_due()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = HeartbeatOptions(1000);
            o.StateIntervalMs = 5000;
            ChannelHub hub = NewHub(t, o);
            HubChannel temp = hub.GetChannel(0);
            hub.AddTab(1);
            hub.Pump(0);
            hub.Publish(temp, 1.0, 100);
            Assert.AreEqual(1, hub.Pump(100));
            hub.Publish(temp, 2.0, 200);
            Assert.AreEqual(0, hub.Pump(1099));
            Assert.AreEqual(1, hub.Pump(1100));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":2,\"v\":{\"temp\":2}}", t.Last(1));
        }

        [TestMethod]
        public void A_tab_without_room_gets_its_heartbeat_once_it_has_room()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = NewHub(t, HeartbeatOptions(1000));
            hub.AddTab(1);
            hub.Pump(0);
            t.SetRoom(1, 27);
            Assert.AreEqual(0, hub.Pump(5000));
            t.SetRoom(1, 28);
            Assert.AreEqual(1, hub.Pump(5001));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":0,\"v\":{}}", t.Last(1));
            Assert.AreEqual(0, hub.Pump(6000));
        }

        private static HubOptions HeartbeatOptions(int intervalMs)
        {
            HubOptions o = Options();
            o.HeartbeatIntervalMs = intervalMs;
            return o;
        }

        internal static HubOptions Options()
        {
            HubOptions o = new HubOptions();
            o.DeviceName = "test";
            o.MaxTabs = 2;
            o.MaxChannels = 8;
            o.MessageBufferSize = 1000;
            return o;
        }

        /// <summary>temp (number -40..85, 1 decimal, read-only), led (bool, writable), fan (number 0..100, writable), msg (text, writable).</summary>
        internal static ChannelHub NewHub(HubTestTransport transport, HubOptions options)
        {
            ChannelHub hub = new ChannelHub(options != null ? options : Options(), transport);
            HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -40, 85, false);
            temp.Decimals = 1;
            hub.AddBool("led", "LED", true);
            hub.AddNumber("fan", "Fan", "%", 0, 100, true);
            hub.AddText("msg", "Message", true);
            return hub;
        }
    }
}
