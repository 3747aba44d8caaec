using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The frame encoder (WebSocketConnection.Send.cs; RFC 6455 §5.2–§5.7): exact bytes for the
    /// RFC examples on both sides, fragments, UTF-8 text, control frames, client masking with a
    /// deterministic key, the fixed send buffer's back-pressure, and misuse.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionSendTests
    {
        private const string HelloHex = "48 65 6C 6C 6F";
        private const string MaskedHello = "37 FA 21 3D 7F 9F 4D 51 58";
        private const string Close1000Hex = "88 02 03 E8";

        // ---- RFC 6455 §5.7 examples, server side (unmasked) -------------------------------------

        [TestMethod]
        public void Server_sends_rfc_single_frame_unmasked_text()
        {
            Wire w = Wire.OpenServer(null);
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 0, hello.Length, true));
            Assert.AreEqual("81 05 " + HelloHex, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_rfc_single_frame_text_from_string()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TrySendText("Hello"));
            Assert.AreEqual("81 05 " + HelloHex, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_rfc_fragmented_unmasked_text()
        {
            Wire w = Wire.OpenServer(null);
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 0, 3, false));
            Assert.AreEqual("01 03 48 65 6C", w.TakeSentHex());
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 3, 2, true));
            Assert.AreEqual("80 02 6C 6F", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_rfc_unmasked_ping_and_pong()
        {
            Wire w = Wire.OpenServer(null);
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySendPing(hello, 0, hello.Length));
            Assert.AreEqual("89 05 " + HelloHex, w.TakeSentHex());
            Assert.IsTrue(w.Connection.TrySendPong(hello, 0, hello.Length));
            Assert.AreEqual("8A 05 " + HelloHex, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_rfc_256_byte_binary_in_one_frame()
        {
            Wire w = Wire.OpenServer(null);
            byte[] payload = Wire.Payload(256);
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Binary, payload, 0, payload.Length, true));
            Assert.AreEqual("82 7E 01 00 " + Bytes.ToHex(payload), w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_rfc_64KiB_binary_in_one_frame()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 65536 + Opcode.MaxHeaderSize;
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual(65536, w.Connection.MaxFramePayload);
            byte[] payload = Wire.Payload(65536);
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Binary, payload, 0, payload.Length, true));
            byte[] sent = w.TakeSent();
            Assert.AreEqual(65546, sent.Length);
            Assert.AreEqual("82 7F 00 00 00 00 00 01 00 00", Bytes.ToHex(sent, 0, 10));
            Bytes.AreEqual(payload, 0, payload.Length, sent, 10, sent.Length - 10);
        }

        [TestMethod]
        [DataRow(0, "82 00")]
        [DataRow(1, "82 01")]
        [DataRow(125, "82 7D")]
        [DataRow(126, "82 7E 00 7E")]
        [DataRow(127, "82 7E 00 7F")]
        [DataRow(65535, "82 7E FF FF")]
        [DataRow(65536, "82 7F 00 00 00 00 00 01 00 00")]
        public void Server_uses_minimal_length_encoding(int length, string headerHex)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 65536 + Opcode.MaxHeaderSize;
            Wire w = Wire.OpenServer(options);
            byte[] payload = Wire.Payload(length);
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Binary, payload, 0, length, true));
            byte[] sent = w.TakeSent();
            int header = Bytes.FromHex(headerHex).Length;
            Assert.AreEqual(headerHex, Bytes.ToHex(sent, 0, header));
            Bytes.AreEqual(payload, 0, length, sent, header, sent.Length - header);
        }

        // ---- RFC 6455 §5.7 examples, client side (masked with 37 FA 21 3D) ------------------------

        [TestMethod]
        public void Client_sends_rfc_masked_text_and_leaves_caller_buffer_untouched()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 0, hello.Length, true));
            Assert.AreEqual("81 85 " + MaskedHello, w.TakeSentHex());
            Assert.AreEqual(HelloHex, Bytes.ToHex(hello), "the caller's buffer is never masked in place");
        }

        [TestMethod]
        public void Client_sends_rfc_masked_text_from_string()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.IsTrue(w.Connection.TrySendText("Hello"));
            Assert.AreEqual("81 85 " + MaskedHello, w.TakeSentHex());
        }

        [TestMethod]
        public void Client_sends_rfc_masked_ping_and_pong()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySendPing(hello, 0, hello.Length));
            Assert.AreEqual("89 85 " + MaskedHello, w.TakeSentHex());
            Assert.IsTrue(w.Connection.TrySendPong(hello, 0, hello.Length));
            Assert.AreEqual("8A 85 " + MaskedHello, w.TakeSentHex());
            Assert.AreEqual(HelloHex, Bytes.ToHex(hello));
        }

        [TestMethod]
        public void Client_masks_each_fragment_from_the_start_of_its_own_key()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 0, 3, false));
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Text, hello, 3, 2, true));
            Assert.AreEqual("01 83 37 FA 21 3D 7F 9F 4D 80 82 37 FA 21 3D 5B 95", w.TakeSentHex());
            Assert.AreEqual(HelloHex, Bytes.ToHex(hello));
        }

        [TestMethod]
        public void Client_draws_a_fresh_masking_key_for_every_frame()
        {
            PatternRandomSource random = PatternRandomSource.Rfc();
            WebSocketOptions options = new WebSocketOptions();
            options.Random = random;
            Wire w = Wire.OpenClient(options);
            int before = random.Calls;
            Assert.IsTrue(w.Connection.TrySendText("a"));
            Assert.IsTrue(w.Connection.TrySendPing(null, 0, 0));
            Assert.IsTrue(w.Connection.TryClose(1000, null));
            Assert.AreEqual(before + 3, random.Calls);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(7)]
        [DataRow(125)]
        [DataRow(126)]
        [DataRow(1000)]
        public void Client_masks_payload_with_rolling_key_for_any_length(int length)
        {
            byte[] key = new byte[] { 0x01, 0x80, 0xFF, 0x5A };
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new PatternRandomSource(key);
            Wire w = Wire.OpenClient(options);
            byte[] payload = Wire.Payload(length);
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Binary, payload, 0, length, true));
            Assert.AreEqual(Bytes.ToHex(Wire.Frame(0x82, payload, key)), w.TakeSentHex());
            Bytes.AreEqual(Wire.Payload(length), payload);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(125)]
        [DataRow(126)]
        [DataRow(127)]
        [DataRow(1000)]
        public void Client_frames_decode_on_a_server_to_the_same_message(int length)
        {
            Wire client = Wire.OpenClient(null);
            byte[] payload = Wire.Payload(length);
            Assert.IsTrue(client.Connection.TrySend(WebSocketMessageType.Binary, payload, 0, length, true));
            Assert.IsTrue(client.Connection.TrySendText("\u00E9t\u00E9 \u20AC"));
            Wire server = Wire.OpenServer(null);
            Assert.AreEqual("Binary:" + Bytes.ToHex(payload) + "|Text:C3 A9 74 C3 A9 20 E2 82 AC|", server.Feed(client.TakeSent(), 7));
        }

        // ---- Fragments (RFC 6455 §5.4) --------------------------------------------------------------

        [TestMethod]
        public void Server_sends_three_fragments_with_begin_continue_end_opcodes()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            byte[] data = Bytes.FromHex("01 02 03");
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 1, false));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 1, 1, false));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 2, 1, true));
            Assert.AreEqual("02 01 01 00 01 02 80 01 03", w.TakeSentHex());

            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("a"), 0, 1, false));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, null, 0, 0, false));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("b"), 0, 1, true));
            Assert.AreEqual("01 01 61 00 00 80 01 62", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_may_send_control_frames_between_fragments()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            byte[] hello = Bytes.Ascii("Hello");
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, hello, 0, 3, false));
            Assert.IsTrue(c.TrySendPing(null, 0, 0));
            Assert.IsTrue(c.TrySendPong(hello, 0, 1));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, hello, 3, 2, true));
            Assert.AreEqual("01 03 48 65 6C 89 00 8A 01 48 80 02 6C 6F", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_starts_a_new_message_after_the_final_fragment()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("a"), 0, 1, false));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("b"), 0, 1, true));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, Bytes.FromHex("FF"), 0, 1, true));
            Assert.IsTrue(c.TrySendText("c"));
            Assert.AreEqual("01 01 61 80 01 62 82 01 FF 81 01 63", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_empty_messages()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TrySendText(string.Empty));
            Assert.IsTrue(w.Connection.TrySend(WebSocketMessageType.Binary, null, 0, 0, true));
            Assert.IsTrue(w.Connection.TrySendPing(null, 0, 0));
            Assert.IsTrue(w.Connection.TrySendPong(null, 0, 0));
            Assert.AreEqual("81 00 82 00 89 00 8A 00", w.TakeSentHex());
        }

        [TestMethod]
        public void Mixing_message_types_mid_message_throws_InvalidOperationException()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            byte[] data = Bytes.FromHex("01 02");
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("a"), 0, 1, false));
            int queued = c.SendCount;
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySend(WebSocketMessageType.Binary, data, 0, 2, true));
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySendText("b"));
            Assert.AreEqual(queued, c.SendCount, "nothing was queued by the failed calls");
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Text, Bytes.Ascii("b"), 0, 1, true));
            Assert.AreEqual("01 01 61 80 01 62", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
        }

        // ---- UTF-8 text ---------------------------------------------------------------------------

        [TestMethod]
        [DataRow("\u20AC", "E2 82 AC")]
        [DataRow("\u00E9t\u00E9", "C3 A9 74 C3 A9")]
        [DataRow("\u03BA\u1F79\u03C3\u03BC\u03B5", "CE BA E1 BD B9 CF 83 CE BC CE B5")]
        [DataRow("\uD83D\uDE00", "F0 9F 98 80")]
        [DataRow("\u007F\u0080\u07FF\u0800\uFFFF", "7F C2 80 DF BF E0 A0 80 EF BF BF")]
        public void Server_sends_text_from_string_as_utf8(string text, string utf8Hex)
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TrySendText(text));
            int length = Bytes.FromHex(utf8Hex).Length;
            Assert.AreEqual("81 " + Bytes.ToHex(new byte[] { (byte)length }) + " " + utf8Hex, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_text_from_a_char_range()
        {
            Wire w = Wire.OpenServer(null);
            char[] chars = new char[] { '[', 'H', 'i', '!', ']' };
            Assert.IsTrue(w.Connection.TrySendText(chars, 1, 3));
            Assert.AreEqual("81 03 48 69 21", w.TakeSentHex());
            Assert.IsTrue(w.Connection.TrySendText(new char[] { 'a', (char)0xD83D, (char)0xDE00, (char)0xE9 }, 0, 4));
            Assert.AreEqual("81 07 61 F0 9F 98 80 C3 A9", w.TakeSentHex());
        }

        [TestMethod]
        public void Client_sends_non_ascii_text_from_chars_with_one_masking_key()
        {
            // RFC 6455 §5.3: one fresh key per frame. Non-ASCII text is framed again at its UTF-8
            // length; that frame keeps the key drawn for it: one draw from the source, not two.
            PatternRandomSource random = new PatternRandomSource(new byte[] { 1, 2, 3, 4 });
            WebSocketOptions options = new WebSocketOptions();
            options.Random = random;
            Wire w = Wire.OpenClient(options);
            int draws = random.Calls;
            char[] chars = new char[] { 'x', 'H', (char)0xE9, 'y' };
            Assert.IsTrue(w.Connection.TrySendText(chars, 1, 2));
            Assert.AreEqual("81 83 01 02 03 04 49 C1 AA", w.TakeSentHex());
            Assert.AreEqual(draws + 1, random.Calls);
        }

        [TestMethod]
        public void Server_sends_unpaired_surrogates_as_replacement_character()
        {
            // The wire never carries invalid UTF-8 (RFC 6455 §8.1): U+FFFD stands in for them.
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TrySendText("a\uD800b\uDC00"));
            Assert.AreEqual("81 08 61 EF BF BD 62 EF BF BD", w.TakeSentHex());
            Assert.IsTrue(w.Connection.TryClose(1000, "\uDBFF"));
            Assert.AreEqual("88 05 03 E8 EF BF BD", w.TakeSentHex());
        }

        [TestMethod]
        public void Client_sends_masked_multibyte_text_from_string()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.IsTrue(w.Connection.TrySendText("\u20AC\u00E9"));
            Assert.AreEqual(Bytes.ToHex(Wire.Masked(0x81, Bytes.FromHex("E2 82 AC C3 A9"))), w.TakeSentHex());
        }

        [TestMethod]
        public void TrySendText_throws_ArgumentException_when_the_text_needs_more_than_one_frame()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            Assert.IsTrue(c.TrySendText(Wire.AsciiString(Wire.TextPayload(242))));
            c.ConsumeSent(c.SendCount);

            // 122 two-byte characters: 122 chars but 244 UTF-8 bytes.
            char[] chars = new char[122];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = '\u00E9';
            }

            string text = new string(chars);
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySendText(text));
            Assert.AreEqual(0, c.SendCount);
        }

        // ---- Send buffer (fixed, never grows) ----------------------------------------------------

        [TestMethod]
        public void TrySend_returns_false_when_the_send_buffer_is_full_and_true_after_ConsumeSent()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] data = Wire.Payload(100);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 100, true));
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 100, true));
            Assert.AreEqual(204, c.SendCount);
            Assert.IsFalse(c.TrySend(WebSocketMessageType.Binary, data, 0, 100, true));
            Assert.IsFalse(c.TrySendText(Wire.AsciiString(Wire.TextPayload(100))));
            Assert.AreEqual(204, c.SendCount, "a refused frame queues nothing");

            // A partial send frees room at the front; the next frame compacts the buffer.
            c.ConsumeSent(60);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 100, true));
            Assert.AreEqual(246, c.SendCount);
            Assert.AreEqual(0, c.SendOffset);
            string expected = Bytes.ToHex(Wire.Frame(0x82, data, null));
            Assert.AreEqual(expected.Substring(60 * 3) + " " + expected + " " + expected, Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
        }

        [TestMethod]
        public void Refused_fragment_does_not_advance_the_message()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            Wire w = Wire.OpenServer(options);
            WebSocketConnection c = w.Connection;
            byte[] data = Wire.Payload(200);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 200, true));
            Assert.IsFalse(c.TrySend(WebSocketMessageType.Text, data, 0, 100, false));
            w.TakeSent();
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 1, true), "no text message was started by the refused call");
            Assert.AreEqual("82 01 01", w.TakeSentHex());
        }

        [TestMethod]
        public void SendSpace_and_MaxFramePayload_reflect_the_send_buffer()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            Assert.AreEqual(242, c.MaxFramePayload);
            Assert.AreEqual(242, c.SendSpace);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, Wire.Payload(100), 0, 100, true));
            Assert.AreEqual(140, c.SendSpace);
            byte[] fits = Wire.Payload(c.SendSpace);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, fits, 0, fits.Length, true), "a frame of SendSpace bytes always fits");
        }

        [TestMethod]
        public void TrySend_of_MaxFramePayload_fits_an_empty_buffer_and_one_more_byte_throws()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] data = Wire.Payload(243);
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySend(WebSocketMessageType.Binary, data, 0, 243, true));
            Assert.AreEqual(0, c.SendCount);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, 242, true));
            Assert.AreEqual(246, c.SendCount);

            WebSocketConnection client = Wire.OpenClient(ClientOptions()).Connection;
            Assert.AreEqual(1024 - 14, client.MaxFramePayload);
            byte[] big = Wire.Payload(client.MaxFramePayload);
            Assert.IsTrue(client.TrySend(WebSocketMessageType.Binary, big, 0, big.Length, true), "masked header of 8 bytes still fits");
        }

        [TestMethod]
        public void ConsumeSent_throws_ArgumentException_beyond_the_queued_bytes()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            Assert.IsTrue(c.TrySendText("Hi"));
            Assert.ThrowsException(typeof(ArgumentException), () => c.ConsumeSent(5));
            Assert.ThrowsException(typeof(ArgumentException), () => c.ConsumeSent(-1));
            Assert.AreEqual(4, c.SendCount);
        }

        // ---- Misuse -------------------------------------------------------------------------------

        [TestMethod]
        public void Control_payload_over_125_bytes_throws_ArgumentException()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            byte[] data = Wire.Payload(126);
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySendPing(data, 0, 126));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySendPong(data, 0, 126));
            Assert.AreEqual(0, c.SendCount);
            Assert.IsTrue(c.TrySendPing(data, 0, 125));
            Assert.AreEqual("89 7D " + Bytes.ToHex(data, 0, 125), Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
        }

        [TestMethod]
        public void Invalid_buffer_ranges_throw_ArgumentException()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            byte[] data = Wire.Payload(10);
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySend(WebSocketMessageType.Binary, data, 5, 6, true));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySend(WebSocketMessageType.Binary, data, -1, 2, true));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySend(WebSocketMessageType.Binary, data, 0, -1, true));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySend(WebSocketMessageType.Binary, null, 0, 1, true));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySendPing(data, 8, 3));
            Assert.ThrowsException(typeof(ArgumentException), () => c.TrySendPing(null, 0, 1));
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void Sending_after_local_close_throws_InvalidOperationException()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            Assert.IsTrue(c.TryClose(1000, null));
            AssertSendingThrows(c);
            Assert.AreEqual(Close1000Hex, Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount), "nothing follows the close frame");
        }

        [TestMethod]
        public void Sending_after_peer_close_throws_InvalidOperationException()
        {
            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E8")), 0);
            Assert.AreEqual(Close1000Hex, w.TakeSentHex());
            AssertSendingThrows(w.Connection);
            Assert.AreEqual(0, w.Connection.SendCount);
        }

        [TestMethod]
        public void Sending_after_protocol_error_throws_InvalidOperationException()
        {
            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x83, new byte[0]), 0);
            w.TakeSent();
            AssertSendingThrows(w.Connection);
        }

        [TestMethod]
        public void Sending_before_the_handshake_throws_InvalidOperationException()
        {
            AssertSendingThrows(WebSocketConnection.CreateServer(null));
            AssertSendingThrows(WebSocketConnection.CreateClient(ClientOptions()));
        }

        private static void AssertSendingThrows(WebSocketConnection c)
        {
            byte[] data = Bytes.Ascii("x");
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySend(WebSocketMessageType.Text, data, 0, 1, true));
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySend(WebSocketMessageType.Binary, data, 0, 1, false));
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySendText("x"));
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySendPing(data, 0, 1));
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TrySendPong(data, 0, 1));
        }

        private static WebSocketOptions ClientOptions()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            return options;
        }
    }
}
