using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The frame decoder (WebSocketConnection.Receive.cs): the RFC 6455 §5.7 examples, every payload
    /// length class, torn input at every split point, fragmentation (§5.4), streaming slices versus
    /// reassembly, and UTF-8 validation of text messages (§8.1) including fail-fast.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionReceiveTests
    {
        private const string HelloHex = "48 65 6C 6C 6F";

        // ---- RFC 6455 §5.7 examples ----------------------------------------------------------

        [TestMethod]
        public void Client_receives_rfc_single_frame_unmasked_text_in_any_chunking()
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("81 05 48 65 6c 6c 6f"), "Text:" + HelloHex + "|", "");
        }

        [TestMethod]
        public void Server_receives_rfc_single_frame_masked_text_in_any_chunking()
        {
            Chunking.AssertAnyChunking(true, null, Bytes.FromHex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), "Text:" + HelloHex + "|", "");
        }

        [TestMethod]
        public void Client_receives_rfc_fragmented_unmasked_text_in_any_chunking()
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("01 03 48 65 6c 80 02 6c 6f"), "Text:" + HelloHex + "|", "");
        }

        [TestMethod]
        public void Client_receives_rfc_unmasked_ping_and_answers_with_masked_pong()
        {
            // The client's pong is the RFC's "masked Pong" example byte for byte.
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("89 05 48 65 6c 6c 6f"), "Ping:" + HelloHex + "|", "8A 85 37 FA 21 3D 7F 9F 4D 51 58");
        }

        [TestMethod]
        public void Server_receives_rfc_masked_pong_without_answering()
        {
            Chunking.AssertAnyChunking(true, null, Bytes.FromHex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), "Pong:" + HelloHex + "|", "");
        }

        [TestMethod]
        public void Client_receives_rfc_256_byte_unmasked_binary_in_any_chunking()
        {
            byte[] payload = Wire.Payload(256);
            byte[] frame = Wire.Concat(Bytes.FromHex("82 7E 01 00"), payload);
            Assert.AreEqual("82 7E 01 00", Bytes.ToHex(Wire.Frame(0x82, payload, null), 0, 4));
            Chunking.AssertAnyChunking(false, ClientOptions(), frame, "Binary:" + Bytes.ToHex(payload) + "|", "");
        }

        [TestMethod]
        public void Client_receives_rfc_64KiB_unmasked_binary_whole_and_byte_at_a_time()
        {
            byte[] payload = Wire.Payload(65536);
            byte[] frame = Wire.Concat(Bytes.FromHex("82 7F 00 00 00 00 00 01 00 00"), payload);
            string expected = "Binary:" + Bytes.ToHex(payload) + "|";

            WebSocketOptions options = ClientOptions();
            options.MaxMessageSize = 0;
            Wire w = Wire.OpenClient(options);
            Assert.AreEqual(expected, w.Feed(frame, 0));
            Bytes.AreEqual(payload, w.LastMessage);
            Assert.AreEqual(string.Empty, w.TakeSentHex());

            w = Wire.OpenClient(options);
            Assert.AreEqual(expected, w.Feed(frame, 1));
            Bytes.AreEqual(payload, w.LastMessage);
        }

        [TestMethod]
        public void Client_receives_rfc_64KiB_binary_split_inside_header_and_payload()
        {
            byte[] payload = Wire.Payload(65536);
            byte[] frame = Wire.Concat(Bytes.FromHex("82 7F 00 00 00 00 00 01 00 00"), payload);
            string expected = "Binary:" + Bytes.ToHex(payload) + "|";
            WebSocketOptions options = ClientOptions();
            options.MaxMessageSize = 0;
            int[] splits = new int[] { 1, 2, 3, 5, 8, 9, 10, 11, 12, 1000, 1535, 1536, 1537, 32768, 65545 };
            for (int i = 0; i < splits.Length; i++)
            {
                Wire w = Wire.OpenClient(options);
                Assert.AreEqual(expected, w.FeedSplit(frame, splits[i]), "split at " + splits[i]);
            }
        }

        [TestMethod]
        public void Server_receives_masked_256_byte_and_64KiB_binary()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxMessageSize = 0;
            int[] lengths = new int[] { 256, 65536 };
            for (int i = 0; i < lengths.Length; i++)
            {
                byte[] payload = Wire.Payload(lengths[i]);
                byte[] frame = Wire.Masked(0x82, payload);
                Wire w = Wire.OpenServer(options);
                Assert.AreEqual("Binary:" + Bytes.ToHex(payload) + "|", w.Feed(frame, 0));
                w = Wire.OpenServer(options);
                w.Feed(frame, 1);
                Bytes.AreEqual(payload, w.LastMessage);
                Assert.AreEqual(lengths[i], w.Slices, "one slice per byte fed");
            }
        }

        [TestMethod]
        public void Client_data_event_exposes_slice_type_and_first_final_flags()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            WebSocketConnection c = w.Connection;
            c.Feed(Bytes.FromHex("01 03 48 65 6c 80 02 6c 6f 82 00"), 0, 11);

            Assert.AreEqual((int)WebSocketEvent.Data, (int)c.Next());
            Assert.AreEqual("48 65 6C", Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount));
            Assert.AreEqual((int)WebSocketMessageType.Text, (int)c.EventMessageType);
            Assert.IsTrue(c.EventIsFirst);
            Assert.IsFalse(c.EventIsFinal);

            Assert.AreEqual((int)WebSocketEvent.Data, (int)c.Next());
            Assert.AreEqual("6C 6F", Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount));
            Assert.AreEqual((int)WebSocketMessageType.Text, (int)c.EventMessageType);
            Assert.IsFalse(c.EventIsFirst);
            Assert.IsTrue(c.EventIsFinal);

            Assert.AreEqual((int)WebSocketEvent.Data, (int)c.Next());
            Assert.AreEqual(0, c.EventCount);
            Assert.AreEqual((int)WebSocketMessageType.Binary, (int)c.EventMessageType);
            Assert.IsTrue(c.EventIsFirst);
            Assert.IsTrue(c.EventIsFinal);

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
            Assert.AreEqual(0, c.BufferedReceiveCount);
        }

        [TestMethod]
        public void Server_unmasks_payload_in_place_in_the_receive_buffer()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            c.Feed(Bytes.FromHex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), 0, 11);
            Assert.AreEqual((int)WebSocketEvent.Data, (int)c.Next());
            Assert.IsTrue(c.EventBuffer == c.ReceiveBuffer, "streamed slices point into the receive buffer");
            Assert.AreEqual(HelloHex, Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount));
        }

        [TestMethod]
        public void Server_receives_frames_that_arrived_in_the_same_chunk_as_the_upgrade_request()
        {
            Wire w = new Wire(WebSocketConnection.CreateServer(null));
            byte[] frames = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(0x89, Bytes.Ascii("p")));
            Assert.AreEqual("Upgrade|", w.Feed(Wire.Concat(Bytes.Ascii(Wire.UpgradeRequest), frames), 0));
            w.Connection.AcceptHandshake();
            string response = Wire.AsciiString(w.TakeSent());
            Assert.IsTrue(response.IndexOf("HTTP/1.1 101") == 0, response);
            Assert.AreEqual("Text:" + HelloHex + "|Ping:70|", w.Feed(new byte[0], 0));
            Assert.AreEqual("8A 01 70", w.TakeSentHex());
        }

        [TestMethod]
        public void Client_receives_frames_that_arrived_in_the_same_chunk_as_the_101_response()
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(ClientOptions()));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);
            string key = Wire.HeaderValue(w.TakeSent(), "Sec-WebSocket-Key");
            string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + AcceptKey.Compute(key) + "\r\n\r\n";
            byte[] input = Wire.Concat(Bytes.Ascii(response), Bytes.FromHex("81 05 48 65 6c 6c 6f 89 00"));
            Assert.AreEqual("Open|Text:" + HelloHex + "|Ping:|", w.Feed(input, 0));
            Assert.AreEqual("8A 80 37 FA 21 3D", w.TakeSentHex());

            w = new Wire(WebSocketConnection.CreateClient(ClientOptions()));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);
            w.TakeSent();
            Assert.AreEqual("Open|Text:" + HelloHex + "|Ping:|", w.Feed(input, 1), "byte at a time");
        }

        // ---- Payload length classes (Autobahn section 1) ---------------------------------------

        [TestMethod]
        [DataRow(0, true)]
        [DataRow(125, true)]
        [DataRow(126, true)]
        [DataRow(127, true)]
        [DataRow(128, true)]
        [DataRow(65535, true)]
        [DataRow(65536, true)]
        [DataRow(0, false)]
        [DataRow(125, false)]
        [DataRow(126, false)]
        [DataRow(127, false)]
        [DataRow(128, false)]
        [DataRow(65535, false)]
        [DataRow(65536, false)]
        public void Server_receives_message_of_every_length_class(int length, bool text)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxMessageSize = 0;
            byte[] payload = text ? Wire.TextPayload(length) : Wire.Payload(length);
            byte[] frame = Wire.Masked(text ? 0x81 : 0x82, payload);
            string expected = (text ? "Text:" : "Binary:") + Bytes.ToHex(payload) + "|";

            Wire w = Wire.OpenServer(options);
            Assert.AreEqual(expected, w.Feed(frame, 0));
            Bytes.AreEqual(payload, w.LastMessage);
            Assert.AreEqual(string.Empty, w.TakeSentHex());

            // The receive buffer (1536 bytes by default) is smaller than the big payloads: they
            // stream through as several slices.
            int minSlices = length / options.ReceiveBufferSize;
            Assert.IsTrue(w.Slices >= (minSlices > 0 ? minSlices : 1), "slices: " + w.Slices);

            // Autobahn 1.1.8/1.2.8: the same bytes written in ~1000-byte TCP chunks.
            w = Wire.OpenServer(options);
            Assert.AreEqual(expected, w.Feed(frame, 997));
        }

        [TestMethod]
        [DataRow(0, true)]
        [DataRow(125, true)]
        [DataRow(126, true)]
        [DataRow(127, true)]
        [DataRow(128, true)]
        [DataRow(65535, true)]
        [DataRow(65536, true)]
        [DataRow(0, false)]
        [DataRow(125, false)]
        [DataRow(126, false)]
        [DataRow(127, false)]
        [DataRow(128, false)]
        [DataRow(65535, false)]
        [DataRow(65536, false)]
        public void Client_receives_message_of_every_length_class(int length, bool text)
        {
            WebSocketOptions options = ClientOptions();
            options.MaxMessageSize = 0;
            byte[] payload = text ? Wire.TextPayload(length) : Wire.Payload(length);
            Wire w = Wire.OpenClient(options);
            Assert.AreEqual((text ? "Text:" : "Binary:") + Bytes.ToHex(payload) + "|", w.Feed(Wire.Frame(text ? 0x81 : 0x82, payload, null), 1000));
            Bytes.AreEqual(payload, w.LastMessage);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(125)]
        [DataRow(126)]
        [DataRow(65535)]
        [DataRow(65536)]
        public void Server_reassembles_a_whole_message_into_one_data_event(int length)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = true;
            options.MaxMessageSize = 65536;
            byte[] payload = Wire.Payload(length);
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual("Binary:" + Bytes.ToHex(payload) + "|", w.Feed(Wire.Masked(0x82, payload), 1000));
            Assert.AreEqual(1, w.Slices);
            Bytes.AreEqual(payload, w.LastMessage);
        }

        [TestMethod]
        public void Server_reassembles_fragments_with_pings_between_into_one_data_event()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = true;
            options.MaxMessageSize = 65536;
            byte[] payload = Wire.TextPayload(65536);
            byte[] input = new byte[0];
            for (int i = 0; i < 4; i++)
            {
                byte[] part = Bytes.Slice(payload, i * 16384, 16384);
                input = Wire.Concat(input, Wire.Masked(i == 0 ? 0x01 : (i == 3 ? 0x80 : 0x00), part));
                if (i < 3)
                {
                    input = Wire.Concat(input, Wire.Masked(0x89, new byte[] { (byte)i }));
                }
            }

            Wire w = Wire.OpenServer(options);
            string log = w.Feed(input, 1300);
            Assert.AreEqual("Ping:00|Ping:01|Ping:02|Text:" + Bytes.ToHex(payload) + "|", log);
            Assert.AreEqual(1, w.Slices);
            Assert.AreEqual("8A 01 00 8A 01 01 8A 01 02", w.TakeSentHex());

            WebSocketConnection c = Wire.OpenServer(options).Connection;
            c.Feed(Wire.Masked(0x82, Bytes.FromHex("01 02 03")), 0, 9);
            Assert.AreEqual((int)WebSocketEvent.Data, (int)c.Next());
            Assert.IsTrue(c.EventBuffer != c.ReceiveBuffer, "a reassembled message lives in the message buffer");
            Assert.IsTrue(c.EventIsFirst);
            Assert.IsTrue(c.EventIsFinal);
        }

        [TestMethod]
        public void Server_with_small_receive_buffer_receives_a_frame_stream_in_any_chunking()
        {
            // Headers and control payloads torn at the end of a 200-byte receive buffer are moved to
            // its front; masked payloads keep their rolling mask index across the move.
            WebSocketOptions options = new WebSocketOptions();
            options.ReceiveBufferSize = 200;
            string log = string.Empty;
            string sent = string.Empty;
            byte[] input = new byte[0];
            int[] lengths = new int[] { 0, 1, 125, 126, 199, 200, 3 };
            for (int i = 0; i < lengths.Length; i++)
            {
                byte[] payload = Wire.Payload(lengths[i]);
                input = Wire.Concat(input, Wire.Masked(0x82, payload));
                log += "Binary:" + Bytes.ToHex(payload) + "|";
                byte[] ping = Wire.Payload(i * 20);
                input = Wire.Concat(input, Wire.Masked(0x89, ping));
                log += "Ping:" + Bytes.ToHex(ping) + "|";
                sent += (i == 0 ? string.Empty : " ") + Bytes.ToHex(Wire.Frame(0x8A, ping, null));
            }

            byte[] text = Wire.TextPayload(150);
            input = Wire.Concat(input, Wire.Masked(0x01, Bytes.Slice(text, 0, 70)), Wire.Masked(0x80, Bytes.Slice(text, 70, 80)));
            log += "Text:" + Bytes.ToHex(text) + "|";

            Chunking.AssertAnyChunking(true, options, input, log, sent);
            for (int chunk = 2; chunk <= 70; chunk++)
            {
                Wire w = Wire.OpenServer(options);
                Assert.AreEqual(log, w.Feed(input, chunk), "chunks of " + chunk);
            }
        }

        // ---- Fragmentation (RFC 6455 §5.4, Autobahn section 5) ---------------------------------

        [TestMethod]
        public void Server_receives_masked_text_in_two_fragments_in_any_chunking()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.FromHex("48 65 6C")), Wire.Masked(0x80, Bytes.FromHex("6C 6F")));
            Chunking.AssertAnyChunking(true, null, input, "Text:" + HelloHex + "|", "");
        }

        [TestMethod]
        public void Server_receives_binary_in_five_fragments_with_empty_ones()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x02, new byte[0]), Wire.Masked(0x00, Bytes.FromHex("01 02")), Wire.Masked(0x00, new byte[0]));
            input = Wire.Concat(input, Wire.Masked(0x00, Bytes.FromHex("03")), Wire.Masked(0x80, new byte[0]));
            Chunking.AssertAnyChunking(true, null, input, "Binary:01 02 03|", "");
        }

        [TestMethod]
        public void Server_receives_empty_text_in_two_empty_fragments()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Concat(Wire.Masked(0x01, new byte[0]), Wire.Masked(0x80, new byte[0])), "Text:|", "");
        }

        [TestMethod]
        public void Server_answers_ping_between_fragments_before_the_message_completes()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x01, Bytes.FromHex("48 65 6C")), 0));
            Assert.AreEqual(3, w.PartialMessageLength);
            Assert.AreEqual("Ping:70 69 6E 67|", w.Feed(Wire.Masked(0x89, Bytes.Ascii("ping")), 0));
            Assert.AreEqual("8A 04 70 69 6E 67", w.TakeSentHex());
            Assert.AreEqual(3, w.PartialMessageLength);
            Assert.AreEqual("Text:" + HelloHex + "|", w.Feed(Wire.Masked(0x80, Bytes.FromHex("6C 6F")), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_receives_five_fragments_with_pings_between_in_any_chunking()
        {
            // Autobahn 5.19/5.20: pongs come first, then the whole message.
            byte[] input = Wire.Masked(0x01, Bytes.Ascii("f1"));
            input = Wire.Concat(input, Wire.Masked(0x00, Bytes.Ascii("f2")), Wire.Masked(0x89, Bytes.Ascii("p1")));
            input = Wire.Concat(input, Wire.Masked(0x00, Bytes.Ascii("f3")), Wire.Masked(0x00, Bytes.Ascii("f4")));
            input = Wire.Concat(input, Wire.Masked(0x89, Bytes.Ascii("p2")), Wire.Masked(0x80, Bytes.Ascii("f5")));
            Chunking.AssertAnyChunking(true, null, input, "Ping:70 31|Ping:70 32|Text:66 31 66 32 66 33 66 34 66 35|", "8A 02 70 31 8A 02 70 32");
        }

        [TestMethod]
        public void Server_delivers_two_consecutive_fragmented_messages_of_different_types()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.Ascii("a")), Wire.Masked(0x80, Bytes.Ascii("b")));
            input = Wire.Concat(input, Wire.Masked(0x02, Bytes.FromHex("01")), Wire.Masked(0x80, Bytes.FromHex("02")));
            Chunking.AssertAnyChunking(true, null, input, "Text:61 62|Binary:01 02|", "");
        }

        // ---- UTF-8 in text messages (RFC 6455 §8.1, Autobahn section 6) ------------------------

        [TestMethod]
        [DataRow("")]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5")]
        [DataRow("F0 9F 98 80")]
        [DataRow("EF BF BE EF BF BF")]
        [DataRow("F4 8F BF BF")]
        [DataRow("ED 9F BF EE 80 80")]
        [DataRow("00 7F C2 80 DF BF E0 A0 80")]
        public void Server_accepts_valid_utf8_text_in_any_chunking(string hex)
        {
            byte[] payload = Bytes.FromHex(hex);
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x81, payload), "Text:" + Bytes.ToHex(payload) + "|", "");
        }

        [TestMethod]
        public void Server_accepts_utf8_sequence_split_across_fragments()
        {
            // κόσμε split inside the 2-byte CE BA and inside the 3-byte E1 BD B9.
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.FromHex("CE")), Wire.Masked(0x00, Bytes.FromHex("BA E1")));
            input = Wire.Concat(input, Wire.Masked(0x00, Bytes.FromHex("BD")), Wire.Masked(0x80, Bytes.FromHex("B9 CF 83 CE BC CE B5")));
            Chunking.AssertAnyChunking(true, null, input, "Text:CE BA E1 BD B9 CF 83 CE BC CE B5|", "");
        }

        [TestMethod]
        public void Server_accepts_text_fragmented_into_one_byte_frames()
        {
            byte[] text = Bytes.FromHex("CE BA E1 BD B9 CF 83 CE BC CE B5");
            byte[] input = new byte[0];
            for (int i = 0; i < text.Length; i++)
            {
                int b0 = (i == 0 ? 0x01 : 0x00) | (i == text.Length - 1 ? 0x80 : 0x00);
                input = Wire.Concat(input, Wire.Masked(b0, new byte[] { text[i] }));
            }

            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Text:" + Bytes.ToHex(text) + "|", w.Feed(input, 1));
        }

        [TestMethod]
        [DataRow("C0 80")]
        [DataRow("C1 BF")]
        [DataRow("E0 80 AF")]
        [DataRow("ED A0 80")]
        [DataRow("ED BF BF")]
        [DataRow("F0 8F BF BF")]
        [DataRow("F4 90 80 80")]
        [DataRow("80")]
        [DataRow("BF")]
        [DataRow("FE")]
        [DataRow("FF")]
        [DataRow("F8 88 80 80 80")]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64")]
        public void Server_fails_invalid_utf8_text_with_1007_in_any_chunking(string hex)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x81, Bytes.FromHex(hex)), "Error:1007|", "88 02 03 EF");
        }

        [TestMethod]
        public void Client_fails_invalid_utf8_text_with_masked_1007_close()
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("81 02 C0 80"), "Error:1007|", "88 82 37 FA 21 3D 34 15");
        }

        [TestMethod]
        public void Server_fails_invalid_utf8_as_soon_as_the_bad_byte_arrives_mid_frame()
        {
            byte[] payload = Wire.TextPayload(20);
            payload[3] = 0xFF;
            byte[] frame = Wire.Masked(0x81, payload);
            Wire w = Wire.OpenServer(null);

            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(frame, 0, 6), 0), "header promising 20 bytes");
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(frame, 6, 3), 0), "three valid bytes");
            Assert.AreEqual(3, w.PartialMessageLength, "valid bytes stream out before the frame ends");
            Assert.AreEqual("Error:1007|", w.Feed(Bytes.Slice(frame, 9, 1), 0), "the invalid byte");
            Assert.AreEqual("88 02 03 EF", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);

            // The 16 payload bytes still promised are never waited for, and change nothing.
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(frame, 10, 16), 1));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        [DataRow("C0 80", 0, false)]
        [DataRow("E0 80 AF", 1, false)]
        [DataRow("ED A0 80", 1, false)]
        [DataRow("F4 90 80 80", 1, false)]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80", 12, false)]
        [DataRow("F0 9F 98 41", 3, false)]
        [DataRow("C2 C2", 1, false)]
        [DataRow("E0 A0 80 FF", 3, false)]
        [DataRow("E0 80 AF", 1, true)]
        [DataRow("F0 9F 98 41", 3, true)]
        public void Server_reports_1007_exactly_when_the_first_invalid_byte_is_fed(string hex, int firstBad, bool reassemble)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = reassemble;
            byte[] bad = Bytes.FromHex(hex);
            byte[] payload = Wire.TextPayload(bad.Length + 10);
            Array.Copy(bad, 0, payload, 1, bad.Length);
            byte[] frame = Wire.Masked(0x81, payload);
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(frame, 0, 7), 0), "header and the first (ASCII) payload byte");
            for (int i = 0; i < firstBad; i++)
            {
                Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(frame, 7 + i, 1), 0), "payload byte " + (i + 1));
            }

            Assert.AreEqual("Error:1007|", w.Feed(Bytes.Slice(frame, 7 + firstBad, 1), 0), "the first invalid byte");
            Assert.AreEqual("88 02 03 EF", w.TakeSentHex());
        }

        [TestMethod]
        [DataRow("48 C3")]
        [DataRow("E2 82")]
        [DataRow("F0 9F 98")]
        public void Server_fails_text_truncated_inside_a_sequence_at_message_end(string hex)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x81, Bytes.FromHex(hex)), "Error:1007|", "88 02 03 EF");
        }

        [TestMethod]
        public void Server_fails_fragmented_text_truncated_only_when_the_final_fragment_ends()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x01, Bytes.FromHex("48 C3")), 0), "an open sequence at a fragment end is fine");
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x00, new byte[0]), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual("Error:1007|", w.Feed(Wire.Masked(0x80, new byte[0]), 0));
            Assert.AreEqual("88 02 03 EF", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_fails_text_truncated_at_end_with_reassembly_on()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = true;
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual("Error:1007|", w.Feed(Wire.Concat(Wire.Masked(0x01, Bytes.FromHex("41")), Wire.Masked(0x80, Bytes.FromHex("E2 82"))), 0));
            Assert.AreEqual("88 02 03 EF", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_does_not_validate_binary_payload_as_utf8()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x82, Bytes.FromHex("FF FE C0 80 ED A0 80 E2 82")), "Binary:FF FE C0 80 ED A0 80 E2 82|", "");
        }

        [TestMethod]
        public void Server_validates_each_text_message_from_a_fresh_state()
        {
            // A binary message that ends "inside a sequence" and a finished text message must not
            // leave the validator mid-sequence for the next text message.
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.FromHex("C3 A9")), Wire.Masked(0x82, Bytes.FromHex("E2 82")), Wire.Masked(0x81, Bytes.FromHex("41")));
            Chunking.AssertAnyChunking(true, null, input, "Text:C3 A9|Binary:E2 82|Text:41|", "");
        }

        private static WebSocketOptions ClientOptions()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            return options;
        }
    }
}
