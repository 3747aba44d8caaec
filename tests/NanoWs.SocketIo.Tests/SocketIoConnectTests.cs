using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class SocketIoConnectTests
    {
        [TestMethod]
        public void CONNECT_to_the_main_namespace_is_answered_with_the_socket_id_then_the_handler_runs()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket connected = null;
            io.OnConnection(s =>
            {
                connected = s;
                s.Emit("news", "{\"hello\":\"world\"}");
            });
            SioClient c = SioClient.Polling(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post("40", 0));
            Assert.AreEqual("40{\"sid\":\"DxAREhMUFRYXGBkaGxwd\"}" + SioClient.Rs + "42[\"news\",{\"hello\":\"world\"}]", c.Poll());
            Assert.IsNotNull(connected);
            Assert.IsTrue(connected.Connected);
            Assert.AreEqual("DxAREhMUFRYXGBkaGxwd", connected.Id);
            Assert.AreEqual("/", connected.Namespace);
        }

        [TestMethod]
        public void A_named_namespace_answers_with_its_name()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket admin = null;
            io.Of("/admin").OnConnection(s => admin = s);
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40/admin,", 0);
            Assert.AreEqual("40/admin,{\"sid\":\"Hh8gISIjJCUmJygpKiss\"}", c.Poll());
            Assert.AreEqual("/admin", admin.Namespace);

            admin.Emit("hi", "1");
            Assert.AreEqual("42/admin,[\"hi\",1]", c.Poll());
        }

        [TestMethod]
        public void An_unknown_namespace_gets_CONNECT_ERROR_Invalid_namespace_and_the_session_stays()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40/nope,{\"token\":1}", 0);
            Assert.AreEqual("44/nope,{\"message\":\"Invalid namespace\"}", c.Poll());
            Assert.IsTrue(c.IsOpen);
        }

        [TestMethod]
        public void The_auth_handler_sees_the_auth_payload_and_may_refuse()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string seen = null;
            int connections = 0;
            io.Of("/").Use((s, auth) =>
            {
                seen = auth.GetArgsString();
                return auth.GetArgString(0) == "{\"token\":\"secret\"}" ? null : "not \"authorized\"";
            });
            io.OnConnection(s => connections++);

            SioClient refused = SioClient.Polling(io, 0);
            refused.Post("40{\"token\":\"wrong\"}", 0);
            Assert.AreEqual("{\"token\":\"wrong\"}", seen);
            Assert.AreEqual("44{\"message\":\"not \\\"authorized\\\"\"}", refused.Poll());
            Assert.AreEqual(0, connections);

            SioClient accepted = SioClient.Polling(io, 0);
            accepted.Post("40{\"token\":\"secret\"}", 0);
            Assert.AreEqual(1, connections);
            Assert.AreEqual("40{\"sid\":", accepted.Poll().Substring(0, 9));
        }

        [TestMethod]
        public void A_second_CONNECT_to_a_connected_namespace_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40", 0);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void An_event_for_a_namespace_not_connected_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.Of("/admin");
            SioClient c = SioClient.Connected(io, 0);
            c.Post("42/admin,[\"x\"]", 0);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void DISCONNECT_from_the_client_runs_the_handler_once_and_keeps_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string why = "";
            io.OnConnection(s => s.OnDisconnect((sock, reason) => why += reason + ";"));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("41", 0);
            Assert.AreEqual("client namespace disconnect;", why);
            Assert.IsTrue(c.IsOpen);
            c.Post("1", 0);
            Assert.AreEqual("client namespace disconnect;", why);
        }

        [TestMethod]
        public void Disconnect_from_the_server_sends_DISCONNECT()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.Of("/admin").OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40/admin,", 0);
            c.Poll();
            socket.Disconnect();
            Assert.AreEqual("41/admin,", c.Poll());
            Assert.IsFalse(socket.Connected);
            Assert.IsFalse(socket.Emit("late", null));
        }
    }
}
