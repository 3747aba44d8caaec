using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class ChannelHubCommandTests
    {
        private static int _handled;

        [TestMethod]
        public void Accepted_set_is_acked_and_recorded_for_every_tab()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            _handled = 0;
            hub.SetHandler = Accept;
            Assert.IsTrue(Send(hub, 1, "{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true}"));
            Assert.AreEqual(1, _handled);
            Assert.AreEqual("{\"t\":\"ack\",\"id\":7,\"ok\":true}", t.Last(1));
            hub.Pump(1);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{\"led\":true}}", t.Last(1));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{\"led\":true}}", t.Last(2));
        }

        [TestMethod]
        public void String_request_ids_are_echoed_verbatim()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            Send(hub, 1, "{\"id\":\"r-\\u00e9\\\"1\",\"v\":42.5,\"ch\":\"fan\",\"t\":\"set\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":\"r-\\u00e9\\\"1\",\"ok\":true}", t.Last(1));
            hub.Pump(1);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{\"fan\":42.5}}", t.Last(2));
        }

        [TestMethod]
        public void Handler_refusal_is_acked_with_its_message_and_nothing_changes()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Refuse;
            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"fan\",\"v\":50}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"fan \\\"jammed\\\"\"}", t.Last(1));
            Assert.AreEqual(0L, hub.Seq);
        }

        [TestMethod]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"temp\",\"v\":5}", "channel is read-only")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"nope\",\"v\":5}", "unknown channel")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":5,\"v\":5}", "unknown channel")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"v\":5}", "missing channel")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\"}", "missing value")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\",\"v\":101}", "out of range")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\",\"v\":-0.5}", "out of range")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\",\"v\":\"50\"}", "expected a number")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":1}", "expected true or false")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"msg\",\"v\":null}", "expected a string")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"fan\",\"v\":1e999}", "number out of range")]
        [DataRow("{\"t\":\"get\",\"id\":2,\"ch\":\"fan\",\"v\":1}", "unknown message type")]
        [DataRow("{\"id\":2,\"ch\":\"fan\",\"v\":1}", "unknown message type")]
        [DataRow("{\"t\":{\"t\":\"set\"},\"id\":2,\"ch\":\"fan\",\"v\":1}", "unknown message type")]
        [DataRow("{\"t\":[\"set\"],\"id\":2,\"ch\":\"fan\",\"v\":1}", "unknown message type")]
        [DataRow("{\"id\":2,\"t\":{},\"ch\":\"fan\",\"v\":1}", "unknown message type")]
        [DataRow("{\"t\":\"set\",\"ch\":{\"id\":\"fan\"},\"id\":2,\"v\":5}", "unknown channel")]
        [DataRow("{\"t\":\"set\",\"ch\":[\"fan\",[]],\"id\":2,\"v\":5}", "unknown channel")]
        [DataRow("{\"t\":\"set\",\"v\":1e999,\"id\":2,\"ch\":\"fan\"}", "number out of range")]
        [DataRow("{\"t\":\"set\",\"v\":[50],\"id\":2,\"ch\":\"fan\"}", "expected a number")]
        [DataRow("{\"t\":\"set\",\"v\":{\"on\":true},\"id\":2,\"ch\":\"led\"}", "expected true or false")]
        public void Invalid_commands_are_refused_with_a_reason(string command, string error)
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            _handled = 0;
            hub.SetHandler = Accept;
            Assert.IsTrue(Send(hub, 1, command));
            Assert.AreEqual("{\"t\":\"ack\",\"id\":2,\"ok\":false,\"error\":\"" + error + "\"}", t.Last(1));
            Assert.AreEqual(0, _handled);
            Assert.AreEqual(0L, hub.Seq);
        }

        [TestMethod]
        [DataRow("", "malformed JSON: unexpected end of input")]
        [DataRow("[1]", "a command is a JSON object")]
        [DataRow("{\"t\":\"set\",", "malformed JSON: unexpected end of input")]
        [DataRow("{\"t\":\"set\"} x", "malformed JSON: unexpected data after the value")]
        [DataRow("{\"t\":set}", "malformed JSON: unexpected character")]
        public void Malformed_commands_get_an_ack_with_a_null_id(string command, string error)
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            Assert.IsTrue(Send(hub, 1, command));
            Assert.AreEqual("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"" + error + "\"}", t.Last(1));
        }

        [TestMethod]
        public void Oversized_commands_are_refused()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.MaxCommandBytes = 64;
            ChannelHub hub = Ready(t, o);
            hub.SetHandler = Accept;
            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"msg\",\"v\":\"" + new string('x', 64) + "\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"command too large\"}", t.Last(1));
        }

        [TestMethod]
        public void Text_values_and_unknown_members_are_accepted()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            Send(hub, 1, "{\"t\":\"set\",\"id\":3,\"extra\":{\"a\":[1,2]},\"ch\":\"msg\",\"v\":\"h\\u00e9llo\\n\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":3,\"ok\":true}", t.Last(1));
            hub.Pump(1);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{\"msg\":\"héllo\\n\"}}", t.Last(2));
        }

        [TestMethod]
        public void A_text_command_is_refused_when_the_hello_could_no_longer_hold_the_value()
        {
            // This hub's hello is 489 bytes with the longest seq and no text: 111 bytes of text fit
            // its 600-byte buffer, 112 do not.
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.MessageBufferSize = 600;
            ChannelHub hub = Ready(t, o);
            _handled = 0;
            hub.SetHandler = Accept;
            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"msg\",\"v\":\"" + new string('x', 112) + "\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"value too large\"}", t.Last(1));
            Assert.AreEqual(0, _handled);
            Assert.AreEqual(0L, hub.Seq);

            Send(hub, 1, "{\"t\":\"set\",\"id\":2,\"ch\":\"msg\",\"v\":\"" + new string('x', 111) + "\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":2,\"ok\":true}", t.Last(1));
            Assert.AreEqual(1L, hub.Seq);
        }

        [TestMethod]
        public void Without_a_handler_every_set_is_refused()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            Send(hub, 1, "{\"t\":\"set\",\"id\":4,\"ch\":\"led\",\"v\":false}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":4,\"ok\":false,\"error\":\"no handler for commands\"}", t.Last(1));
        }

        [TestMethod]
        public void A_throwing_handler_becomes_an_error_ack()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Throw;
            Send(hub, 1, "{\"t\":\"set\",\"id\":4,\"ch\":\"led\",\"v\":false}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":4,\"ok\":false,\"error\":\"handler failed: driver offline\"}", t.Last(1));
        }

        [TestMethod]
        public void With_a_token_commands_must_carry_it()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.Token = "s3cr€t";
            ChannelHub hub = Ready(t, o);
            hub.SetHandler = Accept;

            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}", t.Last(1));
            Send(hub, 1, "{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":\"s3cret\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":2,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}", t.Last(1));
            Send(hub, 1, "{\"t\":\"set\",\"id\":3,\"ch\":\"led\",\"v\":true,\"token\":1}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":3,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}", t.Last(1));
            Assert.AreEqual(0L, hub.Seq);

            Send(hub, 1, "{\"token\":\"s3cr\\u20act\",\"t\":\"set\",\"id\":4,\"ch\":\"led\",\"v\":true}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":4,\"ok\":true}", t.Last(1));
            Assert.AreEqual(1L, hub.Seq);
        }

        [TestMethod]
        [DataRow("{\"t\":\"set\",\"token\":{\"token\":\"s3cr€t\"},\"id\":2,\"ch\":\"led\",\"v\":true}")]
        [DataRow("{\"t\":\"set\",\"token\":[\"s3cr€t\"],\"id\":2,\"ch\":\"led\",\"v\":true}")]
        [DataRow("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":null}")]
        public void A_token_that_is_not_a_string_is_unauthorized_and_the_id_is_kept(string command)
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.Token = "s3cr€t";
            ChannelHub hub = Ready(t, o);
            _handled = 0;
            hub.SetHandler = Accept;
            Assert.IsTrue(Send(hub, 1, command));
            Assert.AreEqual("{\"t\":\"ack\",\"id\":2,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}", t.Last(1));
            Assert.AreEqual(0, _handled);
        }

        [TestMethod]
        [DataRow("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"a\\\"b\\\\c\\n\\u0001€😀\"}", true)]
        [DataRow("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"\\u0061\\u0022b\\u005cc\\u000a\\u0001\\u20ac\\ud83d\\ude00\"}", true)]
        [DataRow("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"a\\\\\\\"b\\\\\\\\c\\\\n\\\\u0001€😀\"}", false)]
        [DataRow("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"a\\\"b\\\\c\\n\\u0001€\"}", false)]
        public void A_token_with_quotes_backslashes_and_control_characters_is_compared_decoded_not_escaped(string command, bool accepted)
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.Token = "a\"b\\c\n\u0001€😀";
            ChannelHub hub = Ready(t, o);
            hub.SetHandler = Accept;
            Send(hub, 1, command);
            Assert.AreEqual(
                accepted ? "{\"t\":\"ack\",\"id\":1,\"ok\":true}" : "{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}",
                t.Last(1));
        }

        [TestMethod]
        public void A_token_with_a_lone_surrogate_is_refused_when_the_hub_is_built()
        {
            HubOptions o = ChannelHubTests.Options();
            o.Token = "ab" + (char)0xD800;
            if (o.Token.ToCharArray()[2] == (char)0xD800)
            {
                // .NET keeps the lone surrogate, which has no UTF-8 form: the hub refuses it.
                Assert.ThrowsException(typeof(ArgumentException), () => new ChannelHub(o, new HubTestTransport()));
                return;
            }

            // nanoCLR stores strings as UTF-8 and made it U+FFFD when the string was built: the
            // token is "ab\uFFFD", valid text, compared as such.
            Assert.AreEqual(0xFFFD, (int)o.Token.ToCharArray()[2]);
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, o);
            hub.SetHandler = Accept;
            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"ab\uFFFD\"}");
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":true}", t.Last(1));
        }

        [TestMethod]
        public void A_set_overrides_deadband_and_interval()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            HubChannel fan = hub.GetChannel(2);
            fan.Deadband = 10;
            fan.MinIntervalMs = 60000;
            hub.Publish(fan, 50.0, 0);
            Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"fan\",\"v\":52}");
            Assert.AreEqual(2L, hub.Seq);
            hub.Pump(1);
            Assert.AreEqual("{\"t\":\"state\",\"seq\":2,\"v\":{\"fan\":52}}", t.Last(2));
        }

        [TestMethod]
        public void An_ack_that_does_not_fit_waits_and_further_commands_are_deferred()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            _handled = 0;
            int before = t.Count(1);
            t.SetRoom(1, 10);
            Assert.IsTrue(Send(hub, 1, "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}"));
            Assert.AreEqual(before, t.Count(1));

            // The tab is not reading: its next command is not taken, so the hub holds one ack at most.
            Assert.IsFalse(Send(hub, 1, "{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":false}"));
            Assert.AreEqual(1, _handled);

            t.SetRoom(1, 1000);
            hub.Pump(5);
            Assert.AreEqual("{\"t\":\"ack\",\"id\":1,\"ok\":true}", t.Message(1, before));
            Assert.AreEqual("{\"t\":\"state\",\"seq\":1,\"v\":{\"led\":true}}", t.Message(1, before + 1));
            Assert.IsTrue(Send(hub, 1, "{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":false}"));
            Assert.AreEqual(2, _handled);
        }

        [TestMethod]
        public void A_command_before_the_hello_is_acked_after_it()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = new ChannelHub(ChannelHubTests.Options(), t);
            hub.AddBool("led", "LED", true);
            hub.SetHandler = Accept;
            hub.AddTab(1);
            Assert.IsTrue(Send(hub, 1, "{\"t\":\"set\",\"id\":9,\"ch\":\"led\",\"v\":true}"));
            Assert.AreEqual(0, t.Count(1));
            hub.Pump(1);
            Assert.IsTrue(t.Message(1, 0).IndexOf("\"t\":\"hello\"") > 0);
            Assert.IsTrue(t.Message(1, 0).IndexOf("\"value\":true") > 0);
            Assert.AreEqual("{\"t\":\"ack\",\"id\":9,\"ok\":true}", t.Message(1, 1));
            Assert.AreEqual(2, t.Count(1));
        }

        [TestMethod]
        public void Long_error_messages_are_cut_to_fit_the_ack_buffer()
        {
            HubTestTransport t = new HubTestTransport();
            HubOptions o = ChannelHubTests.Options();
            o.AckBufferSize = 80;
            ChannelHub hub = Ready(t, o);
            hub.SetHandler = Verbose;
            Send(hub, 1, "{\"t\":\"set\",\"id\":12345,\"ch\":\"led\",\"v\":true}");
            string ack = t.Last(1);
            Assert.IsNotNull(ack);
            Assert.IsTrue(ack.Length <= 80);
            Assert.IsTrue(ack.IndexOf("{\"t\":\"ack\",\"id\":12345,\"ok\":false,\"error\":\"xxxx") == 0);
        }

        [TestMethod]
        public void Commands_from_unknown_tabs_are_ignored()
        {
            HubTestTransport t = new HubTestTransport();
            ChannelHub hub = Ready(t, null);
            hub.SetHandler = Accept;
            Assert.IsTrue(Send(hub, 99, "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}"));
            Assert.AreEqual(0, t.Count(99));
            Assert.AreEqual(0L, hub.Seq);
        }

        private static ChannelHub Ready(HubTestTransport t, HubOptions options)
        {
            ChannelHub hub = ChannelHubTests.NewHub(t, options);
            hub.AddTab(1);
            hub.AddTab(2);
            hub.Pump(0);
            return hub;
        }

        private static bool Send(ChannelHub hub, int tab, string json)
        {
            byte[] b = JsonReaderTests.Utf8Of(json);
            return hub.HandleMessage(tab, b, 0, b.Length, 1);
        }

        private static string Accept(ChannelHub hub, HubSetRequest request)
        {
            _handled++;
            return null;
        }

        private static string Refuse(ChannelHub hub, HubSetRequest request)
        {
            return "fan \"jammed\"";
        }

        private static string Throw(ChannelHub hub, HubSetRequest request)
        {
            throw new InvalidOperationException("driver offline");
        }

        private static string Verbose(ChannelHub hub, HubSetRequest request)
        {
            return new string('x', 200);
        }
    }
}
