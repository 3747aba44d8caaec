using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class EngineIoHandshakeTests
    {
        [TestMethod]
        public void A_polling_handshake_answers_the_open_packet_with_the_options()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Polling(io, 0);
            Assert.AreEqual(
                "0{\"sid\":\"AAECAwQFBgcICQoLDA0O\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":2048}",
                c.OpenPacket);
            Assert.AreEqual("AAECAwQFBgcICQoLDA0O", c.Sid);
            Assert.AreEqual(1, io.OpenSessions);
        }

        [TestMethod]
        public void A_WebSocket_handshake_offers_no_upgrade()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.PingIntervalMs = 300;
            o.PingTimeoutMs = 200;
            o.MaxPayload = 1000;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SioClient c = SioClient.WebSocket(io, 0);
            Assert.AreEqual(
                "0{\"sid\":\"AAECAwQFBgcICQoLDA0O\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000}",
                c.OpenPacket);
        }

        [TestMethod]
        public void Session_ids_come_from_the_random_source_and_differ()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient a = SioClient.Polling(io, 0);
            SioClient b = SioClient.Polling(io, 0);
            Assert.AreEqual("AAECAwQFBgcICQoLDA0O", a.Sid);
            Assert.AreEqual("DxAREhMUFRYXGBkaGxwd", b.Sid);
        }

        [TestMethod]
        public void A_full_table_answers_503()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.MaxSessions = 1;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SioClient.Polling(io, 0);
            int session;
            EngineIoStatus s = io.Open(EngineIoTransport.Polling, 0, out session);
            Assert.AreEqual((int)EngineIoStatus.ServiceUnavailable, (int)s);
            Assert.AreEqual(503, SocketIoServer.HttpStatus(s));
            Assert.AreEqual(-1, session);
        }

        [TestMethod]
        [DataRow("EIO=4&transport=polling&t=OZ1z", 4, 1, "")]
        [DataRow("EIO=4&transport=websocket&sid=abc", 4, 2, "abc")]
        [DataRow("transport=smoke&EIO=3", 3, 0, "")]
        [DataRow("EIO=x&transport=polling", -1, 1, "")]
        [DataRow("", -1, 0, "")]
        public void The_query_is_read_in_place(string query, int eio, int transport, string sid)
        {
            byte[] b = SioClient.Bytes(query);
            EngineIoQuery q = new EngineIoQuery();
            q.Parse(b, 0, b.Length);
            Assert.AreEqual(eio, q.Eio);
            Assert.AreEqual(transport, (int)q.Transport);
            Assert.AreEqual(sid, Utf8.GetString(b, q.SidOffset, q.SidLength));
        }

        [TestMethod]
        [DataRow("EIO=4&transport=smoke", true, false, 0, 400, "{\"code\":0,\"message\":\"Transport unknown\"}")]
        [DataRow("EIO=3&transport=polling", true, false, 5, 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
        [DataRow("EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", true, false, 1, 400, "{\"code\":1,\"message\":\"Session ID unknown\"}")]
        [DataRow("EIO=4&transport=polling", false, false, 2, 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
        [DataRow("EIO=4&transport=websocket", true, false, 3, 400, "{\"code\":3,\"message\":\"Bad request\"}")]
        [DataRow("EIO=4&transport=polling", true, false, -1, 200, "")]
        [DataRow("EIO=4&transport=websocket", true, true, -1, 200, "")]
        public void Requests_are_verified_as_the_reference_server_does(string query, bool isGet, bool isUpgrade, int status, int http, string body)
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            byte[] b = SioClient.Bytes(query);
            EngineIoQuery q = new EngineIoQuery();
            q.Parse(b, 0, b.Length);
            int session;
            EngineIoStatus s = io.Verify(q, b, isGet, isUpgrade, out session);
            Assert.AreEqual(status, (int)s);
            Assert.AreEqual(http, SocketIoServer.HttpStatus(s));
            byte[] out1 = new byte[100];
            Assert.AreEqual(body, Utf8.GetString(out1, 0, SocketIoServer.WriteErrorBody(s, out1, 0)));
        }

        [TestMethod]
        public void A_known_sid_finds_its_session_and_another_transport_needs_an_upgrade()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient.Polling(io, 0);
            SioClient c = SioClient.Polling(io, 0);
            EngineIoQuery q = new EngineIoQuery();
            int session;

            byte[] poll = SioClient.Bytes("EIO=4&transport=polling&sid=" + c.Sid);
            q.Parse(poll, 0, poll.Length);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.Verify(q, poll, false, false, out session));
            Assert.AreEqual(c.Session, session);

            byte[] ws = SioClient.Bytes("EIO=4&transport=websocket&sid=" + c.Sid);
            q.Parse(ws, 0, ws.Length);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.Verify(q, ws, true, true, out session));
            Assert.AreEqual((int)EngineIoStatus.BadRequest, (int)io.Verify(q, ws, true, false, out session));
        }
    }
}
