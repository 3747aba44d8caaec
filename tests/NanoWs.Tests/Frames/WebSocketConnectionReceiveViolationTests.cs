using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Peer violations the frame decoder (WebSocketConnection.Receive.cs) must catch: each fails the
    /// connection (RFC 6455 §7.1.7) with the exact close code and close frame, after delivering any
    /// earlier valid message, and nothing after it is processed. Autobahn sections 3, 4 and 5.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionReceiveViolationTests
    {
        private const string Close1002 = "88 02 03 EA";
        private const string Close1009 = "88 02 03 F1";
        private const string HelloLog = "Text:48 65 6C 6C 6F|";

        // ---- Reserved bits (RFC 6455 §5.2, Autobahn section 3) ---------------------------------

        [TestMethod]
        [DataRow(0xC1, "48 65 6C 6C 6F")]
        [DataRow(0xA1, "48 65 6C 6C 6F")]
        [DataRow(0x91, "48 65 6C 6C 6F")]
        [DataRow(0xF1, "48 65 6C 6C 6F")]
        [DataRow(0xC2, "01 02 03")]
        [DataRow(0xA2, "01 02 03")]
        [DataRow(0x92, "01 02 03")]
        [DataRow(0xC9, "48 65 6C 6C 6F")]
        [DataRow(0xA9, "48 65 6C 6C 6F")]
        [DataRow(0x99, "48 65 6C 6C 6F")]
        [DataRow(0xCA, "")]
        [DataRow(0xC8, "03 E8")]
        [DataRow(0xA8, "03 E8")]
        [DataRow(0x98, "03 E8")]
        [DataRow(0x40, "")]
        public void Server_fails_frame_with_reserved_bits_with_1002_after_earlier_message(int b0, string payloadHex)
        {
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(b0, Bytes.FromHex(payloadHex)));
            Chunking.AssertAnyChunking(true, null, input, HelloLog + "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Server_fails_reserved_bits_from_the_first_two_header_bytes()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1002|", w.Feed(Bytes.FromHex("C1 85"), 0));
            Assert.AreEqual(Close1002, w.TakeSentHex());
        }

        [TestMethod]
        public void Client_fails_frame_with_reserved_bits_with_masked_1002_close()
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Bytes.FromHex("C1 02 48 69"), "Error:1002|", "88 82 37 FA 21 3D 34 10");
        }

        // ---- Reserved opcodes (RFC 6455 §5.2, Autobahn section 4) ------------------------------

        [TestMethod]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        [DataRow(7)]
        [DataRow(11)]
        [DataRow(12)]
        [DataRow(13)]
        [DataRow(14)]
        [DataRow(15)]
        public void Server_fails_reserved_opcode_with_1002_after_delivering_earlier_message(int opcode)
        {
            // The payload is a valid close body, so a reserved control opcode mistaken for close would not fail.
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(0x80 | opcode, Bytes.FromHex("03 E8")), Wire.Masked(0x89, new byte[0]));
            Chunking.AssertAnyChunking(true, null, input, HelloLog + "Error:1002|", Close1002);
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(11)]
        public void Server_fails_reserved_opcode_without_fin_with_1002(int opcode)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(opcode, new byte[0]), "Error:1002|", Close1002);
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(15)]
        public void Client_fails_reserved_opcode_with_masked_1002_close(int opcode)
        {
            byte[] input = Wire.Concat(Bytes.FromHex("81 02 48 69"), Wire.Frame(0x80 | opcode, Bytes.FromHex("03 E8"), null));
            Chunking.AssertAnyChunking(false, ClientOptions(), input, "Text:48 69|Error:1002|", "88 82 37 FA 21 3D 34 10");
        }

        // ---- Control frames (RFC 6455 §5.5) ------------------------------------------------------

        [TestMethod]
        [DataRow(0x89)]
        [DataRow(0x8A)]
        [DataRow(0x88)]
        public void Server_fails_control_frame_with_126_byte_payload(int b0)
        {
            byte[] payload = Wire.Payload(126);
            payload[0] = 0x03;
            payload[1] = 0xE8;
            byte[] frame = Wire.Masked(b0, payload);
            Assert.AreEqual("FE 00 7E", Bytes.ToHex(frame, 1, 3), "16-bit length 126");
            Chunking.AssertAnyChunking(true, null, frame, "Error:1002|", Close1002);

            // Fail-fast: the header alone condemns it, before any payload arrives.
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1002|", w.Feed(Bytes.Slice(frame, 0, 8), 0));
        }

        [TestMethod]
        public void Server_fails_ping_with_64_bit_length_encoding()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1002|", w.Feed(Bytes.FromHex("89 FF 00 00 00 00 00 00 00 05 37 FA 21 3D"), 0));
            Assert.AreEqual(Close1002, w.TakeSentHex());
        }

        [TestMethod]
        public void Client_fails_ping_with_126_byte_payload()
        {
            byte[] frame = Wire.Frame(0x89, Wire.Payload(126), null);
            Chunking.AssertAnyChunking(false, ClientOptions(), frame, "Error:1002|", "88 82 37 FA 21 3D 34 10");
        }

        [TestMethod]
        [DataRow(0x09)]
        [DataRow(0x0A)]
        [DataRow(0x08)]
        public void Server_fails_fragmented_control_frame_with_1002(int b0)
        {
            // Autobahn 5.1/5.2: a control frame without FIN, then its "continuation".
            byte[] input = Wire.Concat(Wire.Masked(b0, Bytes.FromHex("03 E8")), Wire.Masked(0x80, Bytes.Ascii("x")));
            Chunking.AssertAnyChunking(true, null, input, "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Server_fails_fragmented_ping_inside_a_fragmented_message()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.Ascii("a")), Wire.Masked(0x09, Bytes.Ascii("p")), Wire.Masked(0x80, Bytes.Ascii("b")));
            Chunking.AssertAnyChunking(true, null, input, "Error:1002|", Close1002);
        }

        // ---- Fragmentation rules (RFC 6455 §5.4) -----------------------------------------------

        [TestMethod]
        [DataRow(0x80)]
        [DataRow(0x00)]
        public void Server_fails_continuation_without_a_message_in_progress(int b0)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(b0, Bytes.Ascii("lo")), "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Server_fails_continuation_after_a_complete_message()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(0x80, Bytes.Ascii("lo")));
            Chunking.AssertAnyChunking(true, null, input, HelloLog + "Error:1002|", Close1002);
        }

        [TestMethod]
        [DataRow(0x01)]
        [DataRow(0x81)]
        [DataRow(0x02)]
        [DataRow(0x82)]
        public void Server_fails_new_message_start_inside_a_fragmented_message(int secondB0)
        {
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.Ascii("Hel")), Wire.Masked(secondB0, Bytes.Ascii("lo")));
            Chunking.AssertAnyChunking(true, null, input, "Error:1002|", Close1002);
        }

        // ---- Masking (RFC 6455 §5.1, §5.3) ------------------------------------------------------

        [TestMethod]
        [DataRow(0x81)]
        [DataRow(0x89)]
        [DataRow(0x88)]
        public void Server_fails_unmasked_client_frame_with_1002(int b0)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Frame(b0, Bytes.FromHex("03 E8"), null), "Error:1002|", Close1002);
        }

        [TestMethod]
        [DataRow(0x81)]
        [DataRow(0x89)]
        [DataRow(0x88)]
        public void Client_fails_masked_server_frame_with_1002(int b0)
        {
            Chunking.AssertAnyChunking(false, ClientOptions(), Wire.Masked(b0, Bytes.FromHex("03 E8")), "Error:1002|", "88 82 37 FA 21 3D 34 10");
        }

        // ---- Length encoding (RFC 6455 §5.2) ----------------------------------------------------

        [TestMethod]
        public void Server_fails_64_bit_length_with_the_top_bit_set()
        {
            Chunking.AssertAnyChunking(true, null, Bytes.FromHex("82 FF 80 00 00 00 00 00 00 01 37 FA 21 3D 00"), "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Client_fails_64_bit_length_with_the_top_bit_set()
        {
            WebSocketOptions options = ClientOptions();
            options.MaxMessageSize = 0;
            Chunking.AssertAnyChunking(false, options, Bytes.FromHex("82 7F FF FF FF FF FF FF FF FF 00"), "Error:1002|", "88 82 37 FA 21 3D 34 10");
        }

        [TestMethod]
        [DataRow("81 FE 00 05 37 FA 21 3D 7F 9F 4D 51 58")]
        [DataRow("82 FE 00 00 37 FA 21 3D")]
        [DataRow("82 FE 00 7D 37 FA 21 3D")]
        [DataRow("81 FF 00 00 00 00 00 00 00 05 37 FA 21 3D 7F 9F 4D 51 58")]
        [DataRow("82 FF 00 00 00 00 00 00 00 7E 37 FA 21 3D")]
        [DataRow("82 FF 00 00 00 00 00 00 FF FF 37 FA 21 3D")]
        public void Server_fails_non_minimal_length_encoding_with_1002(string hex)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxMessageSize = 0;
            Chunking.AssertAnyChunking(true, options, Bytes.FromHex(hex), "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Server_accepts_the_smallest_16_and_64_bit_lengths()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxMessageSize = 0;
            byte[] p126 = Wire.Payload(126);
            byte[] f126 = Wire.Masked(0x82, p126);
            Assert.AreEqual("82 FE 00 7E", Bytes.ToHex(f126, 0, 4));
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual("Binary:" + Bytes.ToHex(p126) + "|", w.Feed(f126, 0));

            byte[] p65536 = Wire.Payload(65536);
            byte[] f65536 = Wire.Masked(0x82, p65536);
            Assert.AreEqual("82 FF 00 00 00 00 00 01 00 00", Bytes.ToHex(f65536, 0, 10));
            w = Wire.OpenServer(options);
            w.Feed(f65536, 0);
            Bytes.AreEqual(p65536, w.LastMessage);
        }

        // ---- Message size limit (RFC 6455 §7.4.1, 1009) ----------------------------------------

        [TestMethod]
        public void Server_accepts_message_of_exactly_MaxMessageSize()
        {
            byte[] payload = Wire.Payload(4096);
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual(4096, w.Connection.Options.MaxMessageSize);
            w.Feed(Wire.Masked(0x82, payload), 1000);
            Bytes.AreEqual(payload, w.LastMessage);
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_fails_single_frame_over_MaxMessageSize_with_1009_from_its_header()
        {
            byte[] frame = Wire.Masked(0x82, Wire.Payload(4097));
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1009|", w.Feed(Bytes.Slice(frame, 0, 8), 0), "the header announces too much");
            Assert.AreEqual(Close1009, w.TakeSentHex());
            Assert.AreEqual(0, w.Slices);

            w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1009|", w.Feed(frame, 1000));
            Assert.AreEqual(Close1009, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_fails_message_whose_fragments_sum_over_MaxMessageSize_with_1009()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x02, Wire.Payload(2000)), 0));
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x00, Wire.Payload(2000)), 0));
            Assert.AreEqual("Ping:|", w.Feed(Wire.Masked(0x89, new byte[0]), 0), "a ping between does not count");
            Assert.AreEqual("8A 00", w.TakeSentHex());
            Assert.AreEqual("Error:1009|", w.Feed(Wire.Masked(0x80, Wire.Payload(97)), 0));
            Assert.AreEqual(Close1009, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_counts_MaxMessageSize_per_message_not_per_connection()
        {
            Wire w = Wire.OpenServer(null);
            for (int i = 0; i < 3; i++)
            {
                w.Feed(Wire.Concat(Wire.Masked(0x02, Wire.Payload(2048)), Wire.Masked(0x80, Wire.Payload(2048))), 0);
                Assert.AreEqual(4096, w.LastMessage.Length);
            }

            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_with_reassembly_fails_message_over_its_buffer_with_1009()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = true;
            options.MaxMessageSize = 100;
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual("Binary:" + Bytes.ToHex(Wire.Payload(100)) + "|", w.Feed(Wire.Masked(0x82, Wire.Payload(100)), 0));
            Assert.AreEqual("Error:1009|", w.Feed(Wire.Concat(Wire.Masked(0x01, Wire.TextPayload(60)), Wire.Masked(0x80, Wire.TextPayload(41))), 0));
            Assert.AreEqual(Close1009, w.TakeSentHex());
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void Server_fails_continuation_whose_63_bit_length_would_wrap_the_message_count_with_1009(bool reassemble)
        {
            // 10 bytes counted, then a continuation announcing 2^63 - 5 bytes: the sum wraps negative.
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = reassemble;
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x02, Wire.Payload(10)), 0));
            byte[] header = Bytes.FromHex("80 FF 7F FF FF FF FF FF FF FB 11 22 33 44");
            Assert.AreEqual("Error:1009|", w.Feed(Wire.Concat(header, Wire.Payload(40)), 0));
            Assert.AreEqual(Close1009, w.TakeSentHex());
        }

        [TestMethod]
        public void Client_fails_continuation_whose_63_bit_length_would_wrap_the_message_count_with_1009()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.AreEqual(string.Empty, w.Feed(Bytes.FromHex("02 0A 00 01 02 03 04 05 06 07 08 09"), 0));
            Assert.AreEqual("Error:1009|", w.Feed(Bytes.FromHex("80 7F 7F FF FF FF FF FF FF FB 00 01 02 03"), 0));
            Assert.AreEqual("88 82 37 FA 21 3D 34 0B", w.TakeSentHex());
        }

        [TestMethod]
        public void Client_fails_message_over_MaxMessageSize_with_masked_1009_close()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.AreEqual("Error:1009|", w.Feed(Bytes.FromHex("82 7E 10 01"), 0));
            Assert.AreEqual("88 82 37 FA 21 3D 34 0B", w.TakeSentHex());
        }

        // ---- After a failure ----------------------------------------------------------------------

        [TestMethod]
        public void Server_processes_nothing_after_a_protocol_error()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            byte[] input = Wire.Concat(Wire.Masked(0xC1, Bytes.Ascii("x")), Wire.Masked(0x89, Bytes.Ascii("p")), Wire.Masked(0x81, Bytes.Ascii("Hello")));
            c.Feed(input, 0, input.Length);

            Assert.AreEqual((int)WebSocketEvent.ProtocolError, (int)c.Next());
            Assert.AreEqual(1002, c.CloseCode);
            Assert.IsNotNull(c.ErrorMessage);
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsTrue(c.CloseSent);
            Assert.AreEqual(Close1002, Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
            Assert.IsFalse(c.ShouldCloseTransport, "the close frame is not sent yet");

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next(), "the ping and the message after the error are dropped");
            Assert.AreEqual(4, c.SendCount, "no pong");
            Assert.AreEqual(0, c.BufferedReceiveCount);

            c.ConsumeSent(2);
            Assert.IsFalse(c.ShouldCloseTransport, "half of the close frame is still queued");
            c.ConsumeSent(2);
            Assert.IsTrue(c.ShouldCloseTransport);

            byte[] more = Wire.Masked(0x89, Bytes.Ascii("p"));
            c.Feed(more, 0, more.Length);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
            Assert.AreEqual(0, c.SendCount);
            Assert.AreEqual(1002, c.CloseCode);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_queues_its_failure_close_frame_once_the_send_buffer_has_room()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] one = new byte[] { 0x42 };
            while (c.TrySend(WebSocketMessageType.Binary, one, 0, 1, true))
            {
            }

            Assert.AreEqual(255, c.SendCount);
            byte[] bad = Wire.Masked(0xC1, Bytes.Ascii("x"));
            c.Feed(bad, 0, bad.Length);
            Assert.AreEqual((int)WebSocketEvent.ProtocolError, (int)c.Next());
            Assert.AreEqual(1002, c.CloseCode);
            Assert.AreEqual(255, c.SendCount, "no room for the close frame yet");
            Assert.IsFalse(c.ShouldCloseTransport, "the close frame is still to be sent");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());

            c.ConsumeSent(255);
            Assert.AreEqual("88 02 03 EA", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
            Assert.IsFalse(c.ShouldCloseTransport);
            c.ConsumeSent(4);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Client_drops_transport_at_once_after_a_protocol_error()
        {
            // RFC 6455 §7.1.7: after failing, the client need not wait for the server to drop TCP.
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.AreEqual("Error:1002|", w.Feed(Bytes.FromHex("83 00"), 0));
            Assert.AreEqual("88 82 37 FA 21 3D 34 10", w.TakeSentHex());
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_fails_without_close_frame_when_its_own_close_was_already_sent()
        {
            // §7.1.7: the close frame is sent only "if" none was sent yet.
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(1000, null));
            Assert.AreEqual("88 02 03 E8", w.TakeSentHex());
            Assert.AreEqual("Error:1002|", w.Feed(Wire.Masked(0xC1, Bytes.Ascii("x")), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual(1002, w.Connection.CloseCode);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        private static WebSocketOptions ClientOptions()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            return options;
        }
    }
}
