using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    /// <summary>
    /// The Socket.IO side of the dashboard hub's translation (<c>HubSocketIo</c> in
    /// NanoWs.SocketIo.Net): a <c>set</c> event hands the command object to the hub as the bytes of
    /// its first argument with its ack id; the hub's JSON goes out unchanged as one <c>hub</c> event,
    /// an ack also as the acknowledgement; and a packet takes exactly the outbox bytes the link's
    /// room computation counts (a 3-byte record header, the event's framing, the 96 bytes kept for
    /// control packets). <c>HubSocketIo</c> itself references NanoWs.Net (System.Net), which the
    /// Linux nanoCLR does not have, so these run the layer it drives.
    /// </summary>
    [TestClass]
    public class SocketIoHubEventTests
    {
        private const string Rs = SioClient.Rs;

        // SocketIoServer keeps this many outbox bytes for control packets; each record has a 3-byte header.
        private const int ControlReserve = 96;
        private const int RecordHeader = 3;

        private static SocketIoSocket _socket;

        [TestMethod]
        public void A_set_event_hands_the_command_object_over_as_the_bytes_of_its_first_argument()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string command = null;
            int ackId = -2;
            int args = -1;
            io.OnConnection(s => s.On("set", (sock, m) =>
            {
                int offset;
                int count = m.GetArg(0, out offset);
                command = Utf8.GetString(m.Buffer, offset, count);
                ackId = m.AckId;
                args = m.ArgCount;
            }));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("4217[\"set\",{\"t\":\"set\",\"id\":\"r-2\",\"ch\":\"fan\",\"v\":60,\"token\":\"é😀\"}]", 0);
            Assert.AreEqual("{\"t\":\"set\",\"id\":\"r-2\",\"ch\":\"fan\",\"v\":60,\"token\":\"é😀\"}", command);
            Assert.AreEqual(17, ackId);
            Assert.AreEqual(1, args);

            c.Post("42[\"set\",{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}]", 0);
            Assert.AreEqual("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}", command);
            Assert.AreEqual(-1, ackId);
        }

        [TestMethod]
        public void A_set_event_without_an_argument_has_no_first_argument()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int count = 0;
            int args = -1;
            int ackId = -2;
            io.OnConnection(s => s.On("set", (sock, m) =>
            {
                int offset;
                count = m.GetArg(0, out offset);
                args = m.ArgCount;
                ackId = m.AckId;
            }));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("423[\"set\"]", 0);
            Assert.AreEqual(-1, count);
            Assert.AreEqual(0, args);
            Assert.AreEqual(3, ackId);
        }

        [TestMethod]
        public void A_hub_message_goes_out_as_one_event_with_its_JSON_unchanged()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.OnConnection(s => _socket = s);
            SioClient c = SioClient.Connected(io, 0);

            // A slice of a larger buffer, as the hub's message buffer holds it.
            byte[] buffer = SioClient.Bytes("xx{\"t\":\"state\",\"seq\":121,\"v\":{\"temp\":21.5,\"unit\":\"°C\"}}yy");
            Assert.IsTrue(_socket.Emit("hub", buffer, 2, buffer.Length - 4));
            Assert.AreEqual("42[\"hub\",{\"t\":\"state\",\"seq\":121,\"v\":{\"temp\":21.5,\"unit\":\"°C\"}}]", c.Poll());
        }

        [TestMethod]
        [DataRow("/")]
        [DataRow("/dash")]
        public void An_acknowledged_command_gets_its_answer_as_the_event_and_as_the_acknowledgement(string ns)
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.Of(ns).OnConnection(s => s.On("set", (sock, m) =>
            {
                byte[] ack = SioClient.Bytes("{\"t\":\"ack\",\"id\":7,\"ok\":true}");
                Assert.IsTrue(sock.Emit("hub", ack, 0, ack.Length));
                Assert.IsTrue(sock.Ack(m.AckId, ack, 0, ack.Length));
            }));
            SioClient c = Connect(io, ns);
            string prefix = ns == "/" ? string.Empty : ns + ",";
            c.Post("42" + prefix + "15[\"set\",{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true}]", 0);
            Assert.AreEqual(
                "42" + prefix + "[\"hub\",{\"t\":\"ack\",\"id\":7,\"ok\":true}]" + Rs + "43" + prefix + "15[{\"t\":\"ack\",\"id\":7,\"ok\":true}]",
                c.Poll());
        }

        [TestMethod]
        [DataRow("/")]
        [DataRow("/dash")]
        public void An_event_takes_its_argument_and_framing_of_the_room_above_the_control_reserve(string ns)
        {
            // "42" + namespace and comma + '[' + "\"hub\"" + ',' + argument + ']'.
            int framing = 2 + (ns == "/" ? 0 : ns.Length + 1) + 1 + 5 + 1 + 1;
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.Of(ns).OnConnection(s => _socket = s);
            Connect(io, ns);
            int free = _socket.OutboxFree;
            Assert.AreEqual(1024, free);
            int largest = free - ControlReserve - RecordHeader - framing;

            // One byte more than the room does not fit, and leaves the outbox as it was.
            byte[] over = JsonString(largest + 1);
            Assert.IsFalse(_socket.Emit("hub", over, 0, over.Length));
            Assert.AreEqual(free, _socket.OutboxFree);

            byte[] fits = JsonString(largest);
            Assert.IsTrue(_socket.Emit("hub", fits, 0, fits.Length));
            Assert.AreEqual(ControlReserve, _socket.OutboxFree);
        }

        [TestMethod]
        public void An_answer_sent_twice_fits_when_the_room_counts_both_packets()
        {
            // The link halves the room while an ack is pending: the event and the acknowledgement
            // (record header, "43", the id's digits, '[' and ']') of the same bytes both fit.
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.OnConnection(s => _socket = s);
            SioClient c = SioClient.Connected(io, 0);
            int eventFraming = 2 + 1 + 5 + 1 + 1;
            int ackFraming = 2 + 3 + 1 + 1;
            int each = (_socket.OutboxFree - ControlReserve - RecordHeader - eventFraming - RecordHeader - ackFraming) / 2;
            byte[] answer = JsonString(each);
            Assert.IsTrue(_socket.Emit("hub", answer, 0, answer.Length));
            Assert.IsTrue(_socket.Ack(123, answer, 0, answer.Length));
            Assert.AreEqual(1024 - (2 * RecordHeader) - eventFraming - ackFraming - (2 * each), _socket.OutboxFree);
            Assert.IsTrue(_socket.OutboxFree >= ControlReserve);

            string body = c.Poll();
            string text = Utf8.GetString(answer, 0, answer.Length);
            Assert.AreEqual("42[\"hub\"," + text + "]" + Rs + "43123[" + text + "]", body);
        }

        private static SioClient Connect(SocketIoServer io, string ns)
        {
            if (ns == "/")
            {
                return SioClient.Connected(io, 0);
            }

            SioClient c = SioClient.Polling(io, 0);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post("40" + ns + ",", 0));
            c.Poll();
            return c;
        }

        // A JSON string of exactly n bytes: quotes around n - 2 letters.
        private static byte[] JsonString(int n)
        {
            byte[] b = new byte[n];
            b[0] = (byte)'"';
            for (int i = 1; i < n - 1; i++)
            {
                b[i] = (byte)('a' + (i % 26));
            }

            b[n - 1] = (byte)'"';
            return b;
        }
    }
}
