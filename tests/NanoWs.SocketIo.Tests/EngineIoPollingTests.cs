using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class EngineIoPollingTests
    {
        [TestMethod]
        public void A_GET_waits_until_a_packet_is_queued_then_gets_them_all_separated_by_0x1E()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);

            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.BeginPoll(c.Session));
            Assert.IsFalse(io.HasPollData(c.Session));
            socket.Emit("a", "1");
            socket.Emit("b", "{\"x\":[true,null]}");
            Assert.IsTrue(io.HasPollData(c.Session));
            byte[] buf = new byte[200];
            int n = io.TakePoll(c.Session, buf, 0, buf.Length);
            Assert.AreEqual("42[\"a\",1]" + SioClient.Rs + "42[\"b\",{\"x\":[true,null]}]", Utf8.GetString(buf, 0, n));
        }

        [TestMethod]
        public void A_GET_takes_only_the_packets_that_fit_and_the_rest_stay_queued()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);
            socket.Emit("a", "1");
            socket.Emit("b", "2");

            io.BeginPoll(c.Session);
            byte[] buf = new byte[12];
            int n = io.TakePoll(c.Session, buf, 0, buf.Length);
            Assert.AreEqual("42[\"a\",1]", Utf8.GetString(buf, 0, n));
            Assert.AreEqual("42[\"b\",2]", c.Poll());
        }

        [TestMethod]
        public void A_second_concurrent_GET_is_refused_and_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.BeginPoll(c.Session));
            EngineIoStatus second = io.BeginPoll(c.Session);
            Assert.AreEqual((int)EngineIoStatus.BadRequest, (int)second);
            Assert.AreEqual(400, SocketIoServer.HttpStatus(second));
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("transport error", io.GetCloseReason(c.Session));

            // The first GET is answered with the close packet.
            Assert.IsTrue(io.HasPollData(c.Session));
            byte[] buf = new byte[8];
            Assert.AreEqual(1, io.TakePoll(c.Session, buf, 0, buf.Length));
            Assert.AreEqual((byte)'1', buf[0]);
        }

        [TestMethod]
        public void A_POST_body_may_hold_several_packets()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string got = "";
            io.OnConnection(s => s.On("m", (sock, m) => got += m.GetArgsString() + ";"));
            SioClient c = SioClient.Connected(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post("42[\"m\",1]" + SioClient.Rs + "6" + SioClient.Rs + "42[\"m\",\"two\"]", 0));
            Assert.AreEqual("1;\"two\";", got);
            Assert.IsTrue(c.IsOpen);
        }

        [TestMethod]
        public void A_POST_over_maxPayload_is_413_and_closes_the_session()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.MaxPayload = 64;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post("42[\"m\",\"" + new string('x', 64 - 10) + "\"]", 0));
            EngineIoStatus s = c.Post("42[\"m\",\"" + new string('x', 64 - 9) + "\"]", 0);
            Assert.AreEqual((int)EngineIoStatus.PayloadTooLarge, (int)s);
            Assert.AreEqual(413, SocketIoServer.HttpStatus(s));
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("9")]
        [DataRow("x")]
        [DataRow("5")]
        [DataRow("2")]
        [DataRow("4")]
        [DataRow("47")]
        [DataRow("42[\"m\"")]
        [DataRow("42{\"m\":1}")]
        [DataRow("42[\"connect\"]")]
        [DataRow("42[\"disconnect\",1]")]
        [DataRow("42[]")]
        [DataRow("42[true]")]
        [DataRow("41{}")]
        [DataRow("44{\"message\":\"x\"}")]
        [DataRow("42[\"m\"] x")]
        [DataRow("45-[\"m\"]")]
        [DataRow("450-[\"m\"]")]
        [DataRow("4512345678901[\"m\"]")]
        [DataRow("42[\"m\",01]")]
        [DataRow("42[\"m\",\"\\x\"]")]
        [DataRow("bAQID")]
        public void A_malformed_packet_closes_the_session_with_parse_error_and_the_POST_is_ok(string packet)
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            bool disconnected = false;
            io.OnConnection(s => s.OnDisconnect((sock, why) => disconnected = true));
            SioClient c = SioClient.Connected(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post(packet, 0));
            Assert.IsFalse(c.IsOpen);
            Assert.IsTrue(disconnected);
            string reason = io.GetCloseReason(c.Session);
            Assert.IsTrue(reason == "parse error" || reason == "transport error", reason);
        }

        [TestMethod]
        public void Invalid_UTF8_in_a_polling_body_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int calls = 0;
            io.OnConnection(s => s.On("m", (sock, m) => calls++));
            SioClient c = SioClient.Connected(io, 0);
            byte[] body = SioClient.Bytes("42[\"m\",\"xx\"]");
            body[8] = 0xC3;
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.Post(c.Session, body, 0, body.Length, 0));
            Assert.AreEqual(0, calls);
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("parse error", io.GetCloseReason(c.Session));
        }

        [TestMethod]
        public void The_client_close_packet_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string why = null;
            io.OnConnection(s => s.OnDisconnect((sock, reason) => why = reason));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("1", 0);
            Assert.IsFalse(c.IsOpen);
            Assert.AreEqual("transport close", why);
        }

        [TestMethod]
        public void A_held_GET_whose_connection_ends_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            io.BeginPoll(c.Session);
            io.PollAborted(c.Session);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void Requests_to_a_closed_session_answer_Session_ID_unknown()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            string sid = c.Sid;
            c.Post("1", 0);
            byte[] q = SioClient.Bytes("EIO=4&transport=polling&sid=" + sid);
            EngineIoQuery query = new EngineIoQuery();
            query.Parse(q, 0, q.Length);
            int session;
            Assert.AreEqual((int)EngineIoStatus.UnknownSid, (int)io.Verify(query, q, true, false, out session));
        }
    }
}
