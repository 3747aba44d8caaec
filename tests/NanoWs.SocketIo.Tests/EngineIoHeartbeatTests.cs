using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class EngineIoHeartbeatTests
    {
        private static SocketIoServer NewServer()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.PingIntervalMs = 1000;
            o.PingTimeoutMs = 500;
            o.ConnectTimeoutMs = 3000;
            return new SocketIoServer(o, new CountingRandom());
        }

        [TestMethod]
        public void The_server_pings_every_pingInterval_and_a_pong_restarts_it()
        {
            SocketIoServer io = NewServer();
            SioClient c = SioClient.Connected(io, 0);
            io.Tick(999);
            io.BeginPoll(c.Session);
            Assert.IsFalse(io.HasPollData(c.Session));
            io.Tick(1000);
            Assert.IsTrue(io.HasPollData(c.Session));
            byte[] buf = new byte[16];
            Assert.AreEqual(1, io.TakePoll(c.Session, buf, 0, buf.Length));
            Assert.AreEqual((byte)'2', buf[0]);

            c.Post("3", 1200);
            io.Tick(2199);
            io.BeginPoll(c.Session);
            Assert.IsFalse(io.HasPollData(c.Session));
            io.Tick(2200);
            Assert.IsTrue(io.HasPollData(c.Session));
            Assert.IsTrue(c.IsOpen);
        }

        [TestMethod]
        public void No_pong_within_pingTimeout_closes_the_session()
        {
            SocketIoServer io = NewServer();
            string why = null;
            io.OnConnection(s => s.OnDisconnect((sock, reason) => why = reason));
            SioClient c = SioClient.Connected(io, 0);
            io.Tick(1000);
            io.Tick(1499);
            Assert.IsTrue(c.IsOpen);
            io.Tick(1500);
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("ping timeout", why);
            Assert.AreEqual("ping timeout", io.GetCloseReason(c.Session));
        }

        [TestMethod]
        public void Another_packet_while_a_pong_is_awaited_extends_the_timeout_once()
        {
            SocketIoServer io = NewServer();
            SioClient c = SioClient.Connected(io, 0);
            io.Tick(1000);
            c.Post("6", 1400);
            c.Post("6", 1800);
            io.Tick(1899);
            Assert.IsTrue(c.IsOpen);
            io.Tick(1900);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void A_session_that_connects_no_namespace_is_closed_after_ConnectTimeoutMs()
        {
            SocketIoServer io = NewServer();
            SioClient c = SioClient.Polling(io, 0);
            c.Post("3", 10);
            io.Tick(2999);
            Assert.IsTrue(c.IsOpen);
            io.Tick(3000);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void A_ping_from_the_client_closes_the_session()
        {
            SocketIoServer io = NewServer();
            SioClient c = SioClient.Connected(io, 0);
            c.Post("2", 0);
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("transport error", io.GetCloseReason(c.Session));
        }
    }
}
