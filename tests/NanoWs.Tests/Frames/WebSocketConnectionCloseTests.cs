using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The closing handshake (WebSocketConnection.Close.cs; RFC 6455 §5.5.1, §7; Autobahn section 7):
    /// close frames received and answered, close codes and reasons validated, frames after a close
    /// ignored, local closes, TCP drop rules, and misuse of <see cref="WebSocketConnection.TryClose"/>.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionCloseTests
    {
        private const string Close1000 = "88 02 03 E8";
        private const string Close1002 = "88 02 03 EA";

        // ---- Close frames received ---------------------------------------------------------------

        [TestMethod]
        public void Server_answers_empty_close_with_empty_close_and_reports_1005()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, new byte[0]), "Close:1005:|", "88 00");

            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x88, new byte[0]), 0);
            Assert.AreEqual(1005, w.Connection.CloseCode);
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.IsTrue(w.Connection.CloseSent);
            Assert.IsTrue(w.Connection.ShouldCloseTransport, "a server drops TCP first after the handshake (§7.1.1)");
        }

        [TestMethod]
        public void Server_echoes_close_code_without_reason()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, Bytes.FromHex("03 E8")), "Close:1000:|", Close1000);
        }

        [TestMethod]
        public void Server_echoes_close_code_and_reports_reason()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, Bytes.FromHex("03 E8 62 79 65")), "Close:1000:62 79 65|", Close1000);
        }

        [TestMethod]
        public void Server_accepts_close_with_123_byte_reason()
        {
            byte[] payload = Wire.Concat(Bytes.FromHex("0B B8"), Wire.TextPayload(123));
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, payload), "Close:3000:" + Bytes.ToHex(Wire.TextPayload(123)) + "|", "88 02 0B B8");
        }

        [TestMethod]
        public void Server_accepts_close_with_multibyte_utf8_reason()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, Bytes.FromHex("03 E8 CE BA E1 BD B9 CF 83 CE BC CE B5")), "Close:1000:CE BA E1 BD B9 CF 83 CE BC CE B5|", Close1000);
        }

        [TestMethod]
        public void Client_answers_close_with_masked_echo()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.AreEqual("Close:1000:|", w.Feed(Bytes.FromHex("88 02 03 E8"), 0));
            Assert.AreEqual("88 82 37 FA 21 3D 34 12", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.IsFalse(w.Connection.ShouldCloseTransport, "a client waits for the server to drop TCP (§7.1.1)");
        }

        [TestMethod]
        public void Server_queues_its_close_reply_once_the_send_buffer_has_room()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] one = new byte[] { 0x42 };
            while (c.TrySend(WebSocketMessageType.Binary, one, 0, 1, true))
            {
            }

            byte[] close = Wire.Masked(0x88, Bytes.FromHex("03 E9"));
            c.Feed(close, 0, close.Length);
            Assert.AreEqual((int)WebSocketEvent.Close, (int)c.Next());
            Assert.AreEqual(1001, c.CloseCode);
            Assert.AreEqual(255, c.SendCount);
            Assert.IsFalse(c.ShouldCloseTransport, "the reply is still to be sent");
            c.ConsumeSent(255);
            Assert.AreEqual("88 02 03 E9", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
            c.ConsumeSent(4);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_fails_close_with_one_byte_payload()
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, Bytes.FromHex("03")), "Error:1002|", Close1002);
        }

        [TestMethod]
        public void Server_fails_close_with_124_byte_reason_as_too_long_control_frame()
        {
            byte[] payload = Wire.Concat(Bytes.FromHex("03 E8"), Wire.TextPayload(124));
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, payload), "Error:1002|", Close1002);
        }

        [TestMethod]
        [DataRow("03 E8 FF")]
        [DataRow("03 E8 CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64")]
        [DataRow("03 E8 C0 AF")]
        [DataRow("03 E8 48 C3")]
        public void Server_fails_close_with_invalid_utf8_reason_with_1007(string hex)
        {
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, Bytes.FromHex(hex)), "Error:1007|", "88 02 03 EF");
        }

        [TestMethod]
        [DataRow(1000)]
        [DataRow(1001)]
        [DataRow(1002)]
        [DataRow(1003)]
        [DataRow(1007)]
        [DataRow(1008)]
        [DataRow(1009)]
        [DataRow(1010)]
        [DataRow(1011)]
        [DataRow(3000)]
        [DataRow(3999)]
        [DataRow(4000)]
        [DataRow(4999)]
        public void Server_accepts_and_echoes_valid_close_code(int code)
        {
            byte[] codeBytes = new byte[] { (byte)(code >> 8), (byte)code };
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, codeBytes), "Close:" + code + ":|", "88 02 " + Bytes.ToHex(codeBytes));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(999)]
        [DataRow(1004)]
        [DataRow(1005)]
        [DataRow(1006)]
        [DataRow(1015)]
        [DataRow(1016)]
        [DataRow(1100)]
        [DataRow(2000)]
        [DataRow(2999)]
        [DataRow(5000)]
        [DataRow(65535)]
        public void Server_fails_invalid_close_code_with_1002(int code)
        {
            byte[] codeBytes = new byte[] { (byte)(code >> 8), (byte)code };
            Chunking.AssertAnyChunking(true, null, Wire.Masked(0x88, codeBytes), "Error:1002|", Close1002);
        }

        // ---- After a close frame (RFC 6455 §5.5.1: nothing more is processed) ------------------

        [TestMethod]
        public void Server_ignores_data_ping_and_second_close_after_close()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x88, Bytes.FromHex("03 E8")), Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(0x89, Bytes.Ascii("p")));
            input = Wire.Concat(input, Wire.Masked(0x88, Bytes.FromHex("03 E9")));
            Chunking.AssertAnyChunking(true, null, input, "Close:1000:|", Close1000);
        }

        [TestMethod]
        public void Server_ignores_invalid_frames_after_close()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x88, new byte[0]), Bytes.FromHex("FF FF FF FF"));
            Chunking.AssertAnyChunking(true, null, input, "Close:1005:|", "88 00");
        }

        [TestMethod]
        public void Server_delivers_message_then_handles_close_then_ignores_the_next_message()
        {
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("Hello")), Wire.Masked(0x88, Bytes.FromHex("03 E8")), Wire.Masked(0x81, Bytes.Ascii("World")));
            Chunking.AssertAnyChunking(true, null, input, "Text:48 65 6C 6C 6F|Close:1000:|", Close1000);
        }

        [TestMethod]
        public void Server_closes_cleanly_on_fragment_close_fragment()
        {
            // Autobahn 7.1.5: the message never completes; the close is answered.
            byte[] input = Wire.Concat(Wire.Masked(0x01, Bytes.Ascii("Hel")), Wire.Masked(0x88, Bytes.FromHex("03 E8")), Wire.Masked(0x80, Bytes.Ascii("lo")));
            Chunking.AssertAnyChunking(true, null, input, "Close:1000:|", Close1000);
        }

        [TestMethod]
        public void Server_ignores_frames_fed_after_the_close_in_later_chunks()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Close:1000:|", w.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E8")), 0));
            Assert.AreEqual(Close1000, w.TakeSentHex());
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x89, Bytes.Ascii("p")), 0));
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E8")), 1));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual(1000, w.Connection.CloseCode);
        }

        // ---- Closing from this side (RFC 6455 §7.1.2) ------------------------------------------

        [TestMethod]
        public void Server_local_close_goes_closing_then_closed_on_the_reply()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.IsTrue(c.TryClose(1000, "bye"));
            Assert.AreEqual("88 05 03 E8 62 79 65", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closing, (int)c.State);
            Assert.IsTrue(c.CloseSent);
            Assert.IsFalse(c.ShouldCloseTransport);

            Assert.AreEqual("Close:1000:|", w.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E8")), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex(), "the reply to our close is not answered again");
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(1000, c.CloseCode);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_still_delivers_data_while_closing()
        {
            // RFC 6455 §7.1.2/§1.4: after sending close the endpoint keeps reading until the peer's close.
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(1000, null));
            w.TakeSent();
            byte[] input = Wire.Concat(Wire.Masked(0x81, Bytes.Ascii("late")), Wire.Masked(0x88, Bytes.FromHex("03 E8")));
            Assert.AreEqual("Text:6C 61 74 65|Close:1000:|", w.Feed(input, 1));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Client_local_close_waits_for_server_to_drop_tcp_until_close_timeout()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.IsTrue(c.TryClose(1000, null));
            Assert.AreEqual("88 82 37 FA 21 3D 34 12", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closing, (int)c.State);

            Assert.AreEqual("Close:1000:|", w.Feed(Bytes.FromHex("88 02 03 E8"), 0));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsFalse(c.ShouldCloseTransport, "the client waits for the server to close TCP");

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(100));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(2099));
            Assert.IsFalse(c.ShouldCloseTransport);
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(2100));
            Assert.IsTrue(c.ShouldCloseTransport);
            Assert.AreEqual(1000, c.CloseCode, "the handshake completed, so the code stays");
        }

        [TestMethod]
        public void Client_closes_transport_when_the_server_drops_it_after_close()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            w.Feed(Bytes.FromHex("88 02 03 E8"), 0);
            w.Connection.TransportClosed();
            Assert.AreEqual(1000, w.Connection.CloseCode);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_TryClose_without_code_sends_empty_close()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(0, null));
            Assert.AreEqual("88 00", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_TryClose_sends_123_byte_reason()
        {
            Wire w = Wire.OpenServer(null);
            string reason = Wire.AsciiString(Wire.TextPayload(123));
            Assert.IsTrue(w.Connection.TryClose(4000, reason));
            Assert.AreEqual("88 7D 0F A0 " + Bytes.ToHex(Wire.TextPayload(123)), w.TakeSentHex());
        }

        [TestMethod]
        public void Client_TryClose_masks_code_and_utf8_reason()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.IsTrue(w.Connection.TryClose(1001, "\u00E9t\u00E9"));
            byte[] expected = Wire.Frame(0x88, Bytes.FromHex("03 E9 C3 A9 74 C3 A9"), new byte[] { 0x37, 0xFA, 0x21, 0x3D });
            Assert.AreEqual(Bytes.ToHex(expected), w.TakeSentHex());
        }

        [TestMethod]
        public void Server_second_TryClose_sends_nothing()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(1000, null));
            Assert.AreEqual(Close1000, w.TakeSentHex());
            Assert.IsTrue(w.Connection.TryClose(1001, null));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Closing, (int)w.Connection.State);
        }

        [TestMethod]
        public void Server_TryClose_returns_false_when_the_send_buffer_is_full_and_true_after_drain()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] data = Wire.Payload(c.MaxFramePayload);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, data.Length, true));
            Assert.AreEqual(246, c.SendCount);
            Assert.IsFalse(c.TryClose(1000, "needs twelve"));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.IsFalse(c.CloseSent);
            c.ConsumeSent(c.SendCount);
            Assert.IsTrue(c.TryClose(1000, "needs twelve"));
            Assert.AreEqual("88 0E 03 E8 6E 65 65 64 73 20 74 77 65 6C 76 65", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
            Assert.AreEqual((int)WebSocketState.Closing, (int)c.State);
        }

        [TestMethod]
        public void Server_sends_a_pending_pong_before_its_own_close_frame()
        {
            // RFC 6455 §5.5.1: nothing follows a close frame, so a pong still waiting for room must
            // go out before it (or the close must wait).
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] data = Wire.Payload(230);
            Assert.IsTrue(c.TrySend(WebSocketMessageType.Binary, data, 0, data.Length, true));
            Assert.AreEqual(234, c.SendCount);
            byte[] ping = Wire.Masked(0x89, Wire.Payload(30));
            c.Feed(ping, 0, ping.Length);
            Assert.AreEqual((int)WebSocketEvent.Ping, (int)c.Next());
            Assert.AreEqual(234, c.SendCount, "the 32-byte pong does not fit");

            // A 4-byte close would fit the 22 free bytes, but must not overtake the pong.
            bool closed = c.TryClose(1000, null);
            byte[] sent = new byte[1024];
            int n = c.DrainTo(sent, 0, sent.Length);
            if (!closed)
            {
                Assert.IsTrue(c.TryClose(1000, null), "room after the drain");
            }

            n += c.DrainTo(sent, n, sent.Length - n);
            n += c.DrainTo(sent, n, sent.Length - n);
            string expected = Bytes.ToHex(Wire.Frame(0x82, data, null)) + " " + Bytes.ToHex(Wire.Frame(0x8A, Wire.Payload(30), null)) + " " + Close1000;
            Assert.AreEqual(expected, Bytes.ToHex(sent, 0, n));
        }

        // ---- TryClose misuse ---------------------------------------------------------------------

        [TestMethod]
        [DataRow(1)]
        [DataRow(999)]
        [DataRow(1004)]
        [DataRow(1005)]
        [DataRow(1006)]
        [DataRow(1015)]
        [DataRow(1016)]
        [DataRow(2999)]
        [DataRow(5000)]
        [DataRow(65535)]
        [DataRow(-1)]
        public void TryClose_throws_ArgumentException_for_code_that_may_not_be_sent(int code)
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            Assert.ThrowsException(typeof(ArgumentException), () => c.TryClose(code, null));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void TryClose_throws_ArgumentException_for_reason_over_123_bytes()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            Assert.ThrowsException(typeof(ArgumentException), () => c.TryClose(1000, Wire.AsciiString(Wire.TextPayload(124))));

            // 62 two-byte characters: 62 chars but 124 UTF-8 bytes.
            char[] chars = new char[62];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = '\u00E9';
            }

            string twoByte = new string(chars);
            Assert.ThrowsException(typeof(ArgumentException), () => c.TryClose(1000, twoByte));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void TryClose_throws_ArgumentException_for_reason_without_code()
        {
            WebSocketConnection c = Wire.OpenServer(null).Connection;
            Assert.ThrowsException(typeof(ArgumentException), () => c.TryClose(0, "why"));
        }

        [TestMethod]
        public void TryClose_throws_InvalidOperationException_before_the_handshake()
        {
            WebSocketConnection c = WebSocketConnection.CreateServer(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.TryClose(1000, null));
        }

        // ---- Transport gone -------------------------------------------------------------------------

        [TestMethod]
        public void TransportClosed_while_open_reports_1006()
        {
            Wire w = Wire.OpenServer(null);
            w.Connection.TransportClosed();
            Assert.AreEqual(1006, w.Connection.CloseCode);
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x81, Bytes.Ascii("x")), 0));
        }

        [TestMethod]
        public void TransportClosed_while_closing_reports_1006()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            Assert.IsTrue(w.Connection.TryClose(1000, null));
            w.Connection.TransportClosed();
            Assert.AreEqual(1006, w.Connection.CloseCode);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
            Assert.AreEqual(0, w.Connection.SendCount, "nothing is left to send on a dead transport");
        }

        [TestMethod]
        public void TransportClosed_after_clean_close_keeps_the_received_code()
        {
            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x88, Bytes.FromHex("0F A0")), 0);
            w.Connection.TransportClosed();
            Assert.AreEqual(4000, w.Connection.CloseCode);
        }

        [TestMethod]
        public void TransportClosed_after_protocol_error_keeps_the_error_code()
        {
            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x83, new byte[0]), 0);
            w.Connection.TransportClosed();
            Assert.AreEqual(1002, w.Connection.CloseCode);
        }

        // ---- Who closed, and how (RFC 6455 §7.1.2–§7.1.5) ----------------------------------------

        [TestMethod]
        public void Server_reports_a_peer_started_close_as_clean_and_closed_by_peer()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.IsFalse(c.CloseReceived);
            Assert.AreEqual(0, c.SentCloseCode);
            w.Feed(Wire.Masked(0x88, Bytes.FromHex("0F A1 68 69")), 0);
            Assert.AreEqual("88 02 0F A1", w.TakeSentHex());
            Assert.IsTrue(c.CloseReceived);
            Assert.IsTrue(c.ClosedByPeer);
            Assert.IsTrue(c.WasClean);
            Assert.AreEqual(4001, c.CloseCode);
            Assert.AreEqual(4001, c.SentCloseCode, "the reply echoes the peer's code");
        }

        [TestMethod]
        public void Server_reports_an_empty_peer_close_answered_without_code_as_1005_both_ways()
        {
            Wire w = Wire.OpenServer(null);
            w.Feed(Wire.Masked(0x88, new byte[0]), 0);
            Assert.AreEqual("88 00", w.TakeSentHex());
            Assert.AreEqual(1005, w.Connection.CloseCode);
            Assert.AreEqual(1005, w.Connection.SentCloseCode);
            Assert.IsTrue(w.Connection.WasClean);
        }

        [TestMethod]
        public void Client_reports_its_own_close_as_clean_and_not_closed_by_peer_once_the_reply_arrives()
        {
            Wire w = Wire.OpenClient(ClientOptions());
            WebSocketConnection c = w.Connection;
            Assert.IsTrue(c.TryClose(4002, "bye"));
            w.TakeSent();
            Assert.AreEqual(4002, c.SentCloseCode);
            Assert.IsTrue(c.CloseSent);
            Assert.IsFalse(c.WasClean, "no reply yet");

            Assert.AreEqual("Close:4002:|", w.Feed(Bytes.FromHex("88 02 0F A2"), 0));
            Assert.IsTrue(c.WasClean);
            Assert.IsFalse(c.ClosedByPeer);
            Assert.AreEqual(4002, c.CloseCode);
        }

        [TestMethod]
        public void Server_TryClose_without_code_reports_1005_as_sent_code()
        {
            Wire w = Wire.OpenServer(null);
            Assert.IsTrue(w.Connection.TryClose(0, null));
            Assert.AreEqual("88 00", w.TakeSentHex());
            Assert.AreEqual(1005, w.Connection.SentCloseCode);
        }

        [TestMethod]
        public void Server_reports_a_failed_connection_as_not_clean_with_its_failure_code_sent()
        {
            Wire w = Wire.OpenServer(null);
            Assert.AreEqual("Error:1002|", w.Feed(Wire.Masked(0x83, new byte[0]), 0));
            Assert.AreEqual(Close1002, w.TakeSentHex());
            Assert.AreEqual(1002, w.Connection.SentCloseCode);
            Assert.IsFalse(w.Connection.CloseReceived);
            Assert.IsFalse(w.Connection.ClosedByPeer);
            Assert.IsFalse(w.Connection.WasClean);
        }

        [TestMethod]
        public void Server_reports_tcp_lost_without_close_as_not_clean_and_Reset_clears_it()
        {
            Wire w = Wire.OpenServer(null);
            w.Connection.TransportClosed();
            Assert.IsFalse(w.Connection.WasClean);
            Assert.AreEqual(0, w.Connection.SentCloseCode);
            Assert.AreEqual(1006, w.Connection.CloseCode);

            Wire clean = Wire.OpenServer(null);
            clean.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E8")), 0);
            clean.Connection.Reset();
            Assert.IsFalse(clean.Connection.CloseReceived);
            Assert.IsFalse(clean.Connection.ClosedByPeer);
            Assert.IsFalse(clean.Connection.WasClean);
            Assert.AreEqual(0, clean.Connection.SentCloseCode);
        }

        private static WebSocketOptions ClientOptions()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            return options;
        }
    }
}
