using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class ChannelHubSavedTests
    {
        private static string _calls;

        [TestMethod]
        public void The_saved_state_holds_the_writable_channels_that_have_a_value()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            hub.Publish(hub.GetChannel(0), 21.0, 0);
            hub.Publish(hub.GetChannel(1), true, 0);
            hub.Publish(hub.GetChannel(2), 60.5, 0);

            byte[] buffer = new byte[100];
            int n = hub.WriteSaved(buffer);
            Assert.AreEqual("{\"led\":true,\"fan\":60.5}", Utf8.GetString(buffer, 0, n));
            Assert.AreEqual(1L, hub.SaveCount);
        }

        [TestMethod]
        public void A_saved_state_that_does_not_fit_is_not_counted_as_saved()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            hub.Publish(hub.GetChannel(1), true, 0);
            Assert.AreEqual(-1, hub.WriteSaved(new byte[5]));
            Assert.AreEqual(0L, hub.SaveCount);
            Assert.IsTrue(hub.IsSaveDue(10000));

            // The hub's own messages are unharmed by the attempt.
            HubTestTransport t = new HubTestTransport();
            ChannelHub other = ChannelHubTests.NewHub(t, null);
            other.Publish(other.GetChannel(1), true, 0);
            other.WriteSaved(new byte[5]);
            other.AddTab(1);
            other.Pump(1);
            Assert.IsTrue(t.Message(1, 0).IndexOf("\"t\":\"hello\"") == 1);
        }

        [TestMethod]
        public void A_save_is_due_once_the_writable_channels_have_been_still_for_the_delay()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            Assert.IsFalse(hub.IsSaveDue(0));

            // A read-only channel never asks for a save.
            hub.Publish(hub.GetChannel(0), 21.0, 0);
            Assert.IsFalse(hub.IsSaveDue(100000));

            hub.Publish(hub.GetChannel(1), true, 1000);
            Assert.IsFalse(hub.IsSaveDue(5999));
            Assert.IsTrue(hub.IsSaveDue(6000));
            hub.WriteSaved(new byte[100]);
            Assert.IsFalse(hub.IsSaveDue(100000));
        }

        [TestMethod]
        public void A_slider_drag_is_written_once_every_ten_delays_at_most()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            HubChannel fan = hub.GetChannel(2);
            byte[] buffer = new byte[100];

            // Two minutes of a value every 100 ms, then still.
            for (long now = 0; now <= 120000; now += 100)
            {
                hub.Publish(fan, (now / 100) % 100, now);
                if (hub.IsSaveDue(now))
                {
                    hub.WriteSaved(buffer);
                }
            }

            Assert.AreEqual(2L, hub.SaveCount);
            Assert.IsFalse(hub.IsSaveDue(124999));
            Assert.IsTrue(hub.IsSaveDue(125000));
        }

        [TestMethod]
        public void Restoring_sets_each_writable_channel_through_the_handler()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = ChannelHubTests.NewHub(t, null);
            _calls = string.Empty;
            hub.SetHandler = Record;
            byte[] saved = JsonReaderTests.Utf8Of("{\"led\":true,\"fan\":60,\"temp\":5,\"gone\":1,\"msg\":\"hi \\\"you\\\"\"}");

            Assert.AreEqual(3, hub.RestoreSaved(saved, 0, saved.Length, 0));
            Assert.AreEqual("0:led=True 0:fan=60 0:msg=hi \"you\" ", _calls);
            Assert.IsFalse(hub.IsSaveDue(100000));

            hub.AddTab(1);
            hub.Pump(1);
            string hello = t.Message(1, 0);
            Assert.IsTrue(hello.IndexOf("\"id\":\"led\",\"label\":\"LED\",\"unit\":\"\",\"kind\":\"bool\",\"min\":null,\"max\":null,\"writable\":true,\"value\":true}") > 0);
            Assert.IsTrue(hello.IndexOf("\"writable\":true,\"value\":60}") > 0);
            Assert.IsTrue(hello.IndexOf("\"id\":\"temp\",\"label\":\"Temperature\",\"unit\":\"°C\",\"kind\":\"number\",\"min\":-40,\"max\":85,\"writable\":false,\"value\":null}") > 0);
        }

        [TestMethod]
        public void Values_the_checks_or_the_handler_refuse_are_skipped()
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            _calls = string.Empty;
            hub.SetHandler = Record;
            byte[] saved = JsonReaderTests.Utf8Of("{\"fan\":500,\"led\":\"yes\",\"msg\":\"refuse\"}");
            Assert.AreEqual(0, hub.RestoreSaved(saved, 0, saved.Length, 0));
            Assert.AreEqual("0:msg=refuse ", _calls);
            byte[] buffer = new byte[100];
            Assert.AreEqual("{}", Utf8.GetString(buffer, 0, hub.WriteSaved(buffer)));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("[1]")]
        [DataRow("{\"led\":tru")]
        [DataRow("{\"led\":true}x")]
        [DataRow("{\"led\" true}")]
        [DataRow("{\"led\":true,\"fan\":6")]
        [DataRow("{\"led\":true,\"fan\":60,")]
        [DataRow("{\"led\":true,\"fan\":60}}")]
        public void A_damaged_saved_state_is_refused_whole(string text)
        {
            ChannelHub hub = ChannelHubTests.NewHub(new HubTestTransport(), null);
            _calls = string.Empty;
            hub.SetHandler = Record;
            byte[] saved = JsonReaderTests.Utf8Of(text);
            Assert.AreEqual(-1, hub.RestoreSaved(saved, 0, saved.Length, 0));

            // Not even the members before the damage reach the handler or the channels.
            Assert.AreEqual(string.Empty, _calls);
            byte[] buffer = new byte[100];
            Assert.AreEqual("{}", Utf8.GetString(buffer, 0, hub.WriteSaved(buffer)));
        }

        private static string Record(ChannelHub hub, HubSetRequest q)
        {
            string v = q.Channel.Kind == ChannelKind.Bool ? (q.Bool ? "True" : "False")
                : q.Channel.Kind == ChannelKind.Number ? q.Number.ToString() : q.Text;
            _calls += q.TabId.ToString() + ":" + q.Channel.Id + "=" + v + " ";
            return v == "refuse" ? "refused" : null;
        }
    }
}
