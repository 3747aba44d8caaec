using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>Construction and reuse of a connection (WebSocketConnection.cs).</summary>
    [TestClass]
    public class WebSocketConnectionTests
    {
        [TestMethod]
        public void Reset_after_a_closed_connection_accepts_a_new_handshake_and_frames()
        {
            Wire w = Wire.OpenServer(new WebSocketOptions());
            w.Feed(Wire.Masked(0x81, Bytes.Ascii("one")), 0);
            w.Feed(Wire.Masked(0x88, new byte[] { 0x03, 0xE8 }), 0);
            Assert.AreEqual("Text:6F 6E 65|Close:1000:|", w.Log);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);

            byte[] receiveBuffer = w.Connection.ReceiveBuffer;
            byte[] sendBuffer = w.Connection.SendBuffer;
            w.Connection.Reset();
            w.TakeSent();
            w.Clear();

            Assert.AreEqual((int)WebSocketState.Connecting, (int)w.Connection.State);
            Assert.AreEqual(0, w.Connection.CloseCode);
            Assert.IsFalse(w.Connection.ShouldCloseTransport);
            Assert.IsTrue(object.ReferenceEquals(receiveBuffer, w.Connection.ReceiveBuffer));
            Assert.IsTrue(object.ReferenceEquals(sendBuffer, w.Connection.SendBuffer));

            Assert.AreEqual("Upgrade|", w.Feed(Bytes.Ascii(Wire.UpgradeRequest), 0));
            w.Connection.AcceptHandshake();
            string response = Wire.AsciiString(w.TakeSent());
            Assert.IsTrue(response.IndexOf("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") > 0);
            Assert.AreEqual("Text:74 77 6F|", w.Feed(Wire.Masked(0x81, Bytes.Ascii("two")), 0));
        }

        [TestMethod]
        public void Reset_in_the_middle_of_a_fragmented_message_forgets_it()
        {
            Wire w = Wire.OpenServer(new WebSocketOptions());
            w.Feed(Wire.Masked(0x01, Bytes.Ascii("par")), 0);
            w.Connection.Reset();
            w.Feed(Bytes.Ascii(Wire.UpgradeRequest), 0);
            w.Connection.AcceptHandshake();
            w.TakeSent();
            w.Clear();

            // A continuation frame now has no message to continue (RFC 6455 §5.4).
            Assert.AreEqual("Error:1002|", w.Feed(Wire.Masked(0x80, Bytes.Ascii("t")), 0));
        }

        [TestMethod]
        public void Reset_client_can_start_a_new_handshake()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new SystemRandomSource(5);
            Wire w = Wire.OpenClient(options);
            w.Connection.TryClose(1000, null);
            w.Connection.Reset();
            w.TakeSent();

            w.Connection.StartClientHandshake("example.com", 8080, "/ws", null, null);
            string request = Wire.AsciiString(w.TakeSent());
            Assert.IsTrue(request.IndexOf("GET /ws HTTP/1.1\r\nHost: example.com:8080\r\n") == 0);
        }
    }
}
