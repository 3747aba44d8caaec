using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Timers driven through <see cref="WebSocketConnection.Tick"/> (WebSocketConnection.Timers.cs):
    /// opening-handshake timeout, keep-alive ping after idle time, pong timeout (close code 1006,
    /// RFC 6455 §7.1.5) and close-handshake timeout. Times are arbitrary milliseconds.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionTimersTests
    {
        // ---- Opening handshake ----------------------------------------------------------------------

        [TestMethod]
        public void Server_handshake_times_out_after_HandshakeTimeoutMs()
        {
            WebSocketConnection c = WebSocketConnection.CreateServer(null);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1000));
            byte[] part = Bytes.Ascii("GET /chat HTTP/1.1\r\nHost: x\r\n");
            c.Feed(part, 0, part.Length);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(5999));
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(6000));
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(1006, c.CloseCode);
            Assert.IsNotNull(c.ErrorMessage);
            Assert.IsTrue(c.ShouldCloseTransport);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(7000), "reported once");

            // The rest of the request arriving late changes nothing.
            byte[] rest = Bytes.Ascii("Upgrade: websocket\r\n\r\n");
            c.Feed(rest, 0, rest.Length);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next());
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void Client_handshake_times_out_after_HandshakeTimeoutMs()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            options.HandshakeTimeoutMs = 300;
            WebSocketConnection c = WebSocketConnection.CreateClient(options);
            c.StartClientHandshake("example.com", 80, "/", null, null);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(299));
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(300));
            Assert.AreEqual(1006, c.CloseCode);
            Assert.AreEqual(0, c.SendCount, "the unsent request is dropped");
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Handshake_timeout_of_zero_never_fires()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.HandshakeTimeoutMs = 0;
            WebSocketConnection c = WebSocketConnection.CreateServer(options);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1000000000L));
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
        }

        [TestMethod]
        public void Completed_handshake_stops_the_handshake_timer()
        {
            Wire w = new Wire(WebSocketConnection.CreateServer(null));
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual("Upgrade|", w.Feed(Bytes.Ascii(Wire.UpgradeRequest), 0));
            c.AcceptHandshake();
            w.TakeSent();
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(4000));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(6000));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        // ---- Keep-alive ping and pong timeout ------------------------------------------------------

        [TestMethod]
        public void Peer_trickling_one_frame_byte_by_byte_is_pinged_and_dropped_without_a_pong()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            byte[] frame = Wire.Masked(0x82, new byte[100]);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));

            // One byte every second: bytes keep arriving, but no frame completes.
            long now = 0;
            for (int i = 0; i < 20; i++)
            {
                w.Feed(Bytes.Slice(frame, i, 1), 0);
                now += 1000;
                Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(now));
            }

            Assert.AreEqual("89 00", w.TakeSentHex(), "pinged after 20 s without a complete frame");
            for (int i = 20; i < 30; i++)
            {
                w.Feed(Bytes.Slice(frame, i, 1), 0);
                now += 1000;
                WebSocketEvent ev = c.Tick(now);
                if (i < 29)
                {
                    Assert.AreEqual((int)WebSocketEvent.None, (int)ev);
                }
                else
                {
                    Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)ev, "no pong within PongTimeoutMs");
                }
            }

            Assert.AreEqual(1006, c.CloseCode);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Completed_frames_keep_the_keepalive_timer_from_firing()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            for (long now = 15000; now <= 60000; now += 15000)
            {
                Assert.AreEqual("Binary:01|", w.Feed(Wire.Masked(0x82, new byte[] { 1 }), 0));
                Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(now));
            }

            Assert.AreEqual(string.Empty, w.TakeSentHex());
        }

        [TestMethod]
        public void Server_sends_keepalive_ping_after_PingIntervalMs_idle_and_stays_open_on_pong()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(19999));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(20000));
            Assert.AreEqual("89 00", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(25000));
            Assert.AreEqual(string.Empty, w.TakeSentHex(), "one ping per interval");

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(29999));
            Assert.AreEqual("Pong:|", w.Feed(Wire.Masked(0x8A, new byte[0]), 0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(30000));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(45000));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(string.Empty, w.TakeSentHex());

            // The pong counted as traffic: the next ping is due an interval after it.
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(49999));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(50000));
            Assert.AreEqual("89 00", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_times_out_with_1006_when_no_pong_arrives_within_PongTimeoutMs()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(20000));
            Assert.AreEqual("89 00", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(29999));
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(30000));
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(1006, c.CloseCode);
            Assert.IsNotNull(c.ErrorMessage);
            Assert.IsTrue(c.ShouldCloseTransport);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(40000), "reported once");
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x8A, new byte[0]), 0), "a late pong is ignored");
        }

        [TestMethod]
        public void Client_keepalive_ping_is_masked()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = PatternRandomSource.Rfc();
            options.PingIntervalMs = 1000;
            options.PongTimeoutMs = 500;
            Wire w = Wire.OpenClient(options);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1000));
            Assert.AreEqual("89 80 37 FA 21 3D", w.TakeSentHex());
            Assert.AreEqual("Pong:|", w.Feed(Bytes.FromHex("8A 00"), 0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1500));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
        }

        [TestMethod]
        public void Received_traffic_postpones_the_keepalive_ping()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual("Text:61|", w.Feed(Wire.Masked(0x81, Bytes.Ascii("a")), 0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(15000));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(34999));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(35000));
            Assert.AreEqual("89 00", w.TakeSentHex());
        }

        [TestMethod]
        public void Keepalive_ping_waits_for_room_in_the_send_buffer()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = 256;
            options.PingIntervalMs = 1000;
            options.PongTimeoutMs = 500;
            WebSocketConnection c = Wire.OpenServer(options).Connection;
            byte[] one = new byte[] { 0x42 };
            while (c.TrySend(WebSocketMessageType.Binary, one, 0, 1, true))
            {
            }

            Assert.AreEqual(255, c.SendCount);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1000));
            Assert.AreEqual(255, c.SendCount, "no room for the ping");
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1600), "no ping sent, so no pong is overdue");
            c.ConsumeSent(255);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1700));
            Assert.AreEqual("89 00", Bytes.ToHex(c.SendBuffer, c.SendOffset, c.SendCount));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(2199));
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(2200));
        }

        [TestMethod]
        public void Ping_interval_of_zero_disables_keepalive()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.PingIntervalMs = 0;
            Wire w = Wire.OpenServer(options);
            Assert.AreEqual((int)WebSocketEvent.None, (int)w.Connection.Tick(0));
            Assert.AreEqual((int)WebSocketEvent.None, (int)w.Connection.Tick(1000000000L));
            Assert.AreEqual(string.Empty, w.TakeSentHex());
            Assert.AreEqual((int)WebSocketState.Open, (int)w.Connection.State);
        }

        // ---- Close handshake -------------------------------------------------------------------------

        [TestMethod]
        public void Server_close_handshake_times_out_with_1006_after_CloseTimeoutMs()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.IsTrue(c.TryClose(1000, null));
            Assert.AreEqual("88 02 03 E8", w.TakeSentHex());
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(100));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(2099));
            Assert.AreEqual(string.Empty, w.TakeSentHex(), "no keep-alive ping while closing");
            Assert.IsFalse(c.ShouldCloseTransport);
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(2100));
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(1006, c.CloseCode);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_close_answered_in_time_closes_cleanly()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            Assert.IsTrue(c.TryClose(1001, null));
            w.TakeSent();
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(100));
            Assert.AreEqual("Close:1001:|", w.Feed(Wire.Masked(0x88, Bytes.FromHex("03 E9")), 0));
            Assert.AreEqual(1001, c.CloseCode);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Tick_after_transport_closed_reports_nothing()
        {
            Wire w = Wire.OpenServer(null);
            WebSocketConnection c = w.Connection;
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(0));
            c.TransportClosed();
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1000000));
            Assert.AreEqual(1006, c.CloseCode);
        }
    }
}
