using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Pings and pongs received (RFC 6455 §5.5.2, §5.5.3; Autobahn section 2): every ping gets a pong
    /// with its exact payload, in order, however the input is torn; unsolicited pongs get nothing;
    /// when the send buffer is full the connection stops reading instead of dropping a pong.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionPingPongTests
    {
        [TestMethod]
        public void Server_answers_empty_ping_with_empty_pong()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x89, new byte[0]), "Ping:|", "8A 00");
        }

        [TestMethod]
        public void Server_echoes_text_ping_payload_in_pong()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x89, Bytes.Ascii("Hello, world!")), "Ping:48 65 6C 6C 6F 2C 20 77 6F 72 6C 64 21|", "8A 0D 48 65 6C 6C 6F 2C 20 77 6F 72 6C 64 21");
        }

        [TestMethod]
        public void Server_echoes_binary_ping_payload_in_pong()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x89, Bytes.FromHex("00 FF FE FD FC FB")), "Ping:00 FF FE FD FC FB|", "8A 06 00 FF FE FD FC FB");
        }

        [TestMethod]
        public void Server_answers_125_byte_ping_in_any_chunking()
        {
            byte[] payload = Wire.Payload(125);
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x89, payload), "Ping:" + Bytes.ToHex(payload) + "|", "8A 7D " + Bytes.ToHex(payload));
        }

        [TestMethod]
        public void Client_answers_125_byte_ping_with_masked_pong()
        {
            byte[] payload = Wire.Payload(125);
            byte[] pong = Wire.Frame(0x8A, payload, new byte[] { 0x37, 0xFA, 0x21, 0x3D });
            Assert.AreEqual("8A FD 37 FA 21 3D", Bytes.ToHex(pong, 0, 6));
            Chunking.AssertAnyChunking(false, ClientOptions(), Wire.Frame(0x89, payload, null), "Ping:" + Bytes.ToHex(payload) + "|", Bytes.ToHex(pong));
        }

        [TestMethod]
        public void Server_answers_ten_pings_in_order_in_any_chunking()
        {
            byte[] input = new byte[0];
            string log = string.Empty;
            string sent = string.Empty;
            for (int i = 0; i < 10; i++)
            {
                byte[] payload = Bytes.Ascii("p" + i);
                input = Wire.Concat(input, Wire.Masked(0x89, payload));
                log += "Ping:" + Bytes.ToHex(payload) + "|";
                sent += (i == 0 ? string.Empty : " ") + "8A 02 " + Bytes.ToHex(payload);
            }

            Chunking.AssertAnyChunking(true, null, input, log, sent);
        }

        [TestMethod]
        public void Server_sends_no_answer_to_unsolicited_pongs()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x8A, new byte[0]), Wire.Masked(0x8A, Bytes.Ascii("beat")), Wire.Masked(0x81, Bytes.Ascii("x")));
            Chunking.AssertAnyChunking(true, null, input, "Pong:|Pong:62 65 61 74|Text:78|", "");
        }

        [TestMethod]
        public void Client_sends_no_answer_to_unsolicited_pong()
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("8A 02 68 69"), "Pong:68 69|", "");
        }

        [TestMethod]
        public void Server_ping_event_exposes_the_payload_slice()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            byte[] frame = Wire.Masked(0x89, Bytes.Ascii("abc"));
            c.Feed(frame, 0, frame.Length);
            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual("61 62 63", Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount));
            Assert.AreEqual("8A 03 61 62 63", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount), "the pong is queued with the event");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
        }

        [TestMethod]
        public void Server_stalls_reading_instead_of_dropping_pongs_when_the_send_buffer_is_full()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] data = Wire.Payload(100);
            int frames = 0;
            while (c.TrySend(WebSocketMessageType.Binary, data, 0, data.Length, true))
            {
                frames++;
            }

            Assert.AreEqual(2, frames, "two 102-byte frames fit 256 bytes");
            Assert.AreEqual(204, c.SendCount);

            // Three pings with 60-byte payloads: each pong needs 62 bytes, only 52 are free.
            byte[] input = new byte[0];
            for (int i = 1; i <= 3; i++)
            {
                byte[] payload = Wire.Payload(60);
                payload[0] = (byte)i;
                input = Wire.Concat(input, Wire.Masked(0x89, payload));
            }

            Assert.AreEqual(input.Length, c.Feed(input, 0, input.Length));
            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual(1, (int)c.EventBuffer[c.EventOffset]);
            Assert.AreEqual(204, c.SendCount, "no room for the first pong yet");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next(), "stalled: the second ping is not read");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
            Assert.AreEqual(132, c.BufferedReceiveCount, "two pings wait in the receive buffer");

            string sent = Bytes.ToHex(c.SendBuffer, c.SendOffset, 102);
            c.ConsumeSent(102);
            Assert.AreEqual(102 + 62, c.SendCount, "the first pong is queued as soon as there is room");

            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual(2, (int)c.EventBuffer[c.EventOffset]);
            Assert.AreEqual(102 + 62 + 62, c.SendCount);
            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual(3, (int)c.EventBuffer[c.EventOffset]);
            Assert.AreEqual(102 + 62 + 62, c.SendCount, "no room for the third pong");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());

            sent += " " + Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount);
            c.ConsumeSent(c.SendCount);
            Assert.AreEqual(62, c.SendCount, "the third pong follows");
            sent += " " + Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount);
            c.ConsumeSent(c.SendCount);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());

            string expected = Bytes.ToHex(Wire.Frame(0x82, data, null)) + " " + Bytes.ToHex(Wire.Frame(0x82, data, null));
            for (int i = 1; i <= 3; i++)
            {
                byte[] payload = Wire.Payload(60);
                payload[0] = (byte)i;
                expected += " " + Bytes.ToHex(Wire.Frame(0x8A, payload, null));
            }

            Assert.AreEqual(expected, sent);
        }

        [TestMethod]
        public void Server_resumes_reading_after_a_stall_drained_through_DrainTo()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            Wire w = Wire.OpenServer(options);
            WebSocketConnection c = w.Connection;
            byte[] data = Wire.Payload(240);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, data.Length, true));

            byte[] input = Wire.Concat(Wire.Masked(0x89, Wire.Payload(20)), Wire.Masked(0x89, Bytes.Ascii("x")), Wire.Masked(0x81, Bytes.Ascii("Hello")));
            c.Feed(input, 0, input.Length);
            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());

            // The Wire drains the send buffer, then pulls the rest.
            w.Drain();
            Assert.AreEqual("Ping:78|Text:48 65 6C 6C 6F|", w.Log);
            Assert.AreEqual(Bytes.ToHex(Wire.Frame(0x82, data, null)) + " 8A 14 " + Bytes.ToHex(Wire.Payload(20)) + " 8A 01 78", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_does_not_answer_ping_after_sending_its_close()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(1001, null));
            Assert.AreEqual("88 02 03 E9", w.TakeSentHex());
            Assert.AreEqual("Ping:68 69|", w.Feed(Wire.Masked(0x89, Bytes.Ascii("hi")), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_keeps_pong_payloads_of_consecutive_pings_apart_when_torn()
        {
            // The control payload buffer is reused: a torn second ping must not corrupt the first pong.
            Wire w = Wire.OpenServer(null);
            byte[] first = Wire.Masked(0x89, Bytes.Ascii("first"));
            byte[] second = Wire.Masked(0x89, Bytes.Ascii("2nd"));
            byte[] input = Wire.Concat(first, Bytes.Slice(second, 0, 8));
            Assert.AreEqual("Ping:66 69 72 73 74|", w.Feed(input, 0));
            Assert.AreEqual("8A 05 66 69 72 73 74", w.TakeSentHex());
            Assert.AreEqual("Ping:32 6E 64|", w.Feed(Bytes.Slice(second, 8, second.Length - 8), 0));
            Assert.AreEqual("8A 03 32 6E 64", w.TakeSentHex());
        }

        private static WebSocketOptions ClientOptions()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            return options;
        }
    }
}
