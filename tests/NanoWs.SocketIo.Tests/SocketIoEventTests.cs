using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class SocketIoEventTests
    {
        [TestMethod]
        public void An_event_reaches_its_handler_with_its_arguments_as_JSON_slices()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string args = null;
            int count = -1;
            string second = null;
            int ack = 0;
            io.OnConnection(s => s.On("my other event", (sock, m) =>
            {
                args = m.GetArgsString();
                count = m.ArgCount;
                second = m.GetArgString(1);
                ack = m.AckId;
            }));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("42[\"my other event\", {\"my\":\"data\"} , [1,2], \"x\"]", 0);
            Assert.AreEqual("{\"my\":\"data\"} , [1,2], \"x\"", args);
            Assert.AreEqual(3, count);
            Assert.AreEqual("[1,2]", second);
            Assert.AreEqual(-1, ack);
        }

        [TestMethod]
        public void An_event_without_arguments_has_none()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int count = -1;
            string first = "unset";
            io.OnConnection(s => s.On("tick", (sock, m) =>
            {
                count = m.ArgCount;
                first = m.GetArgString(0);
            }));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("42[\"tick\"]", 0);
            Assert.AreEqual(0, count);
            Assert.IsNull(first);
        }

        [TestMethod]
        public void Events_without_a_handler_are_ignored()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.Connected(io, 0);
            c.Post("42[\"nobody\",1]" + SioClient.Rs + "42[7,1]", 0);
            Assert.IsTrue(c.IsOpen);
        }

        [TestMethod]
        public void An_event_name_with_escapes_or_non_ASCII_matches_its_UTF8_bytes()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int hits = 0;
            io.OnConnection(s =>
            {
                s.On("température", (sock, m) => hits++);
                s.On("😀", (sock, m) => hits += 10);
            });
            SioClient c = SioClient.Connected(io, 0);
            c.Post("42[\"température\",1]", 0);
            c.Post("42[\"temp\\u00e9rature\",1]", 0);
            c.Post("42[\"😀\"]", 0);
            c.Post("42[\"😀x\"]", 0);
            Assert.AreEqual(11, hits);
        }

        [TestMethod]
        public void The_server_acknowledges_a_client_event_with_its_id()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.OnConnection(s => s.On("hello", (sock, m) => sock.Ack(m.AckId, "\"got it\"," + m.GetArgsString())));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("4212[\"hello\",\"world\"]", 0);
            Assert.AreEqual("4312[\"got it\",\"world\"]", c.Poll());
        }

        [TestMethod]
        public void The_client_acknowledges_a_server_emit_and_the_callback_runs_once()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);
            string answer = null;
            int calls = 0;
            Assert.IsTrue(socket.Emit("question", "42", (sock, m) =>
            {
                answer = m.GetArgsString();
                calls++;
            }));
            Assert.IsTrue(socket.Emit("second", null, (sock, m) => calls += 10));
            Assert.AreEqual("420[\"question\",42]" + SioClient.Rs + "421[\"second\"]", c.Poll());
            c.Post("430[\"yes\",{\"n\":1}]", 0);
            c.Post("430[\"again\"]", 0);
            Assert.AreEqual("\"yes\",{\"n\":1}", answer);
            Assert.AreEqual(1, calls);
            c.Post("431[]", 0);
            Assert.AreEqual(11, calls);
        }

        [TestMethod]
        public void Awaited_acknowledgements_are_bounded()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.MaxPendingAcks = 2;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient.Connected(io, 0);
            SocketIoEventHandler ignore = (sock, m) => { };
            Assert.IsTrue(socket.Emit("a", null, ignore));
            Assert.IsTrue(socket.Emit("b", null, ignore));
            Assert.IsFalse(socket.Emit("c", null, ignore));
            Assert.AreEqual(1, socket.Dropped);
        }

        [TestMethod]
        public void Event_names_and_texts_are_escaped_on_the_way_out()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);
            socket.Emit("a\"b\\c\n", "\"é😀\"");
            Assert.AreEqual("42[\"a\\\"b\\\\c\\u000a\",\"é😀\"]", c.Poll());
        }
    }
}
