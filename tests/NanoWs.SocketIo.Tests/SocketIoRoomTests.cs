using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class SocketIoRoomTests
    {
        [TestMethod]
        public void To_a_room_reaches_only_its_members_and_Emit_reaches_everyone()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            int joined = 0;
            io.OnConnection(s =>
            {
                if (joined++ % 2 == 0)
                {
                    s.Join("kitchen");
                }
            });
            SioClient a = SioClient.Connected(io, 0);
            SioClient b = SioClient.Connected(io, 0);
            SioClient c = SioClient.Connected(io, 0);

            Assert.AreEqual(2, io.To("kitchen").Emit("temp", "21.5"));
            Assert.AreEqual(0, io.To("garage").Emit("temp", "1"));
            Assert.AreEqual(3, io.Emit("all", null));
            Assert.AreEqual("42[\"temp\",21.5]" + SioClient.Rs + "42[\"all\"]", a.Poll());
            Assert.AreEqual("42[\"all\"]", b.Poll());
            Assert.AreEqual("42[\"temp\",21.5]" + SioClient.Rs + "42[\"all\"]", c.Poll());
        }

        [TestMethod]
        public void Leaving_a_room_and_disconnecting_take_the_socket_out()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket first = null;
            io.OnConnection(s =>
            {
                s.Join("r");
                if (first == null)
                {
                    first = s;
                }
            });
            SioClient a = SioClient.Connected(io, 0);
            SioClient b = SioClient.Connected(io, 0);
            Assert.IsTrue(first.InRoom("r"));
            first.Leave("r");
            Assert.IsFalse(first.InRoom("r"));
            Assert.AreEqual(1, io.To("r").Emit("x", null));
            b.Post("41", 0);
            Assert.AreEqual(0, io.To("r").Emit("x", null));
            Assert.IsTrue(a.IsOpen);
        }

        [TestMethod]
        public void Rooms_belong_to_their_namespace()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            io.OnConnection(s => s.Join("r"));
            SocketIoNamespace admin = io.Of("/admin");
            admin.OnConnection(s => { });
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40/admin,", 0);
            c.Poll();
            Assert.AreEqual(0, admin.To("r").Emit("x", null));
            Assert.AreEqual(1, io.To("r").Emit("x", null));
            Assert.AreEqual(1, admin.Emit("y", "2"));
            Assert.AreEqual("42[\"x\"]" + SioClient.Rs + "42/admin,[\"y\",2]", c.Poll());
        }

        [TestMethod]
        public void A_slow_client_gets_emits_refused_when_its_outbox_is_full_never_a_growing_queue()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.OutboxBytes = 256;
            o.PingIntervalMs = 1000;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.Connected(io, 0);

            int queued = 0;
            for (int i = 0; i < 100; i++)
            {
                if (socket.Emit("n", "1234567890"))
                {
                    queued++;
                }
            }

            // 19-byte packets + 3-byte headers in 256 bytes less the control reserve of 96.
            Assert.AreEqual(7, queued);
            Assert.AreEqual(93, socket.Dropped);

            // Control packets still fit: the ping goes out and the session stays.
            io.Tick(1000);
            Assert.IsTrue(c.IsOpen);
            string body = c.Poll();
            Assert.AreEqual("2", body.Substring(body.Length - 1));
            Assert.IsTrue(socket.Emit("n", "1"));
        }

        [TestMethod]
        public void EmitLatest_keeps_only_the_newest_value_per_event_in_the_outbox()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            io.Of("/admin");
            SioClient c = SioClient.Connected(io, 0);

            for (int i = 0; i < 50; i++)
            {
                Assert.IsTrue(socket.EmitLatest("temp", i.ToString()));
                Assert.IsTrue(socket.EmitLatest("hum", (100 + i).ToString()));
            }

            socket.Emit("log", "\"kept\"");
            socket.EmitLatest("temp", "99");
            Assert.AreEqual(0, socket.Dropped);
            Assert.AreEqual("42[\"hum\",149]" + SioClient.Rs + "42[\"log\",\"kept\"]" + SioClient.Rs + "42[\"temp\",99]", c.Poll());
        }
    }
}
