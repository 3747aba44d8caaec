using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class EngineIoUpgradeTests
    {
        [TestMethod]
        public void The_probe_is_answered_the_held_GET_gets_a_noop_and_5_moves_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);
            io.BeginPoll(c.Session);
            Assert.IsFalse(io.HasPollData(c.Session));

            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.BeginUpgrade(c.Session));
            c.WsText("2probe", 0);
            Assert.AreEqual("3probe", c.WsNext());
            Assert.IsNull(c.WsNext());
            Assert.IsTrue(io.HasPollData(c.Session));
            byte[] buf = new byte[16];
            Assert.AreEqual(1, io.TakePoll(c.Session, buf, 0, buf.Length));
            Assert.AreEqual((byte)'6', buf[0]);

            // Until "5", packets still go to polling.
            socket.Emit("before", null);
            Assert.AreEqual("42[\"before\"]", c.Poll());
            c.WsText("5", 0);
            socket.Emit("after", "1");
            Assert.AreEqual("42[\"after\",1]", c.WsNext());

            // Polling is over for this session: a POST is 400.
            Assert.AreEqual((int)EngineIoStatus.BadRequest, (int)c.Post("42[\"x\"]", 0));
            Assert.IsTrue(c.IsOpen);
        }

        [TestMethod]
        public void Packets_over_the_upgraded_WebSocket_reach_the_handlers()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string got = null;
            io.OnConnection(s => s.On("m", (sock, m) => got = m.GetArgsString()));
            SioClient c = SioClient.Connected(io, 0);
            io.BeginUpgrade(c.Session);
            c.WsText("2probe", 0);
            c.WsText("5", 0);
            c.WsText("42[\"m\",{\"k\":\"v\"}]", 0);
            Assert.AreEqual("{\"k\":\"v\"}", got);
        }

        [TestMethod]
        public void A_second_upgrade_is_refused()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.BeginUpgrade(c.Session));
            Assert.AreEqual((int)EngineIoStatus.BadRequest, (int)io.BeginUpgrade(c.Session));
        }

        [TestMethod]
        public void A_probe_WebSocket_that_closes_leaves_the_polling_session_open()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            io.BeginUpgrade(c.Session);
            c.WsText("2probe", 0);
            io.WebSocketClosed(c.Session);
            Assert.IsTrue(c.IsOpen);
            Assert.IsNull(c.WsNext());
        }

        [TestMethod]
        public void The_end_of_an_upgraded_WebSocket_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string why = null;
            io.OnConnection(s => s.OnDisconnect((sock, reason) => why = reason));
            SioClient c = SioClient.Connected(io, 0);
            io.BeginUpgrade(c.Session);
            c.WsText("2probe", 0);
            c.WsText("5", 0);
            io.WebSocketClosed(c.Session);
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("transport close", why);
        }

        [TestMethod]
        public void A_WebSocket_only_session_connects_and_exchanges_events()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.OnConnection(s => s.On("ping", (sock, m) => sock.Emit("pong", m.GetArgsString())));
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            Assert.AreEqual("40{\"sid\":\"DxAREhMUFRYXGBkaGxwd\"}", c.WsNext());
            c.WsText("42[\"ping\",7]", 0);
            Assert.AreEqual("42[\"pong\",7]", c.WsNext());
            Assert.IsNull(c.WsNext());
        }

        [TestMethod]
        public void A_WebSocket_message_over_maxPayload_closes_the_session()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.MaxPayload = 64;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            c.WsText("42[\"m\",\"" + new string('x', 60) + "\"]", 0);
            Assert.IsFalse(c.IsOpen);
        }
    }
}
