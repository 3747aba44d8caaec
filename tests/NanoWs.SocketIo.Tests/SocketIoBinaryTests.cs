using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    [TestClass]
    public class SocketIoBinaryTests
    {
        private static string Attachments(SocketIoMessage m)
        {
            string s = "";
            for (int i = 0; i < m.AttachmentCount; i++)
            {
                int off = m.GetAttachmentOffset(i);
                int n = m.GetAttachmentCount(i);
                s += "[";
                for (int k = 0; k < n; k++)
                {
                    s += (k > 0 ? "," : "") + m.Buffer[off + k];
                }

                s += "]";
            }

            return s;
        }

        [TestMethod]
        public void A_binary_event_over_polling_arrives_with_its_base64_attachments()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string args = null;
            string data = null;
            io.OnConnection(s => s.On("upload", (sock, m) =>
            {
                args = m.GetArgsString();
                data = Attachments(m);
            }));
            SioClient c = SioClient.Connected(io, 0);
            c.Post("452-[\"upload\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]" + SioClient.Rs + "bAQID/w==", 0);
            Assert.IsNull(args);
            c.Post("bAA==", 0);
            Assert.AreEqual("{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}", args);
            Assert.AreEqual("[1,2,3,255][0]", data);
        }

        [TestMethod]
        public void A_binary_event_over_WebSocket_takes_binary_messages_as_attachments()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            string data = null;
            int ackId = 0;
            io.Of("/files").OnConnection(s => s.On("put", (sock, m) =>
            {
                data = Attachments(m);
                ackId = m.AckId;
            }));
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40/files,", 0);
            c.WsNext();
            c.WsText("451-/files,9[\"put\",{\"_placeholder\":true,\"num\":0}]", 0);
            c.WsBinary(new byte[] { 9, 8, 7 });
            Assert.AreEqual("[9,8,7]", data);
            Assert.AreEqual(9, ackId);
        }

        [TestMethod]
        public void A_binary_acknowledgement_reaches_the_callback()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket socket = null;
            io.OnConnection(s => socket = s);
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            c.WsNext();
            string data = null;
            socket.Emit("want", null, (sock, m) => data = m.GetArgsString() + Attachments(m));
            Assert.AreEqual("420[\"want\"]", c.WsNext());
            c.WsText("461-0[{\"_placeholder\":true,\"num\":0}]", 0);
            c.WsBinary(new byte[] { 5 });
            Assert.AreEqual("{\"_placeholder\":true,\"num\":0}[5]", data);
        }

        [TestMethod]
        public void EmitBinary_sends_a_placeholder_and_the_attachment()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SocketIoSocket main = null;
            SocketIoSocket files = null;
            io.OnConnection(s => main = s);
            io.Of("/files").OnConnection(s => files = s);
            SioClient c = SioClient.Connected(io, 0);
            c.Post("40/files,", 0);
            c.Poll();
            Assert.IsTrue(main.EmitBinary("file", new byte[] { 1, 2, 3, 255 }, 0, 4));
            Assert.AreEqual("451-[\"file\",{\"_placeholder\":true,\"num\":0}]" + SioClient.Rs + "bAQID/w==", c.Poll());

            io.BeginUpgrade(c.Session);
            c.WsText("2probe", 0);
            c.WsNext();
            c.WsText("5", 0);
            Assert.IsTrue(files.EmitBinary("file", new byte[] { 0, 9, 8 }, 1, 2));
            Assert.AreEqual("451-/files,[\"file\",{\"_placeholder\":true,\"num\":0}]", c.WsNext());
            Assert.AreEqual("<bin:0908>", c.WsNext());
        }

        [TestMethod]
        public void A_text_packet_before_the_attachments_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            c.WsText("451-[\"put\",{\"_placeholder\":true,\"num\":0}]", 0);
            c.WsText("42[\"other\"]", 0);
            Assert.IsFalse(c.IsOpen);
        }

        [TestMethod]
        public void Attachments_beyond_BinaryBytes_or_MaxAttachments_close_the_session()
        {
            SocketIoOptions o = new SocketIoOptions();
            o.BinaryBytes = 64;
            o.MaxAttachments = 2;
            SocketIoServer io = new SocketIoServer(o, new CountingRandom());
            SioClient big = SioClient.WebSocket(io, 0);
            big.WsText("40", 0);
            big.WsText("451-[\"put\",{\"_placeholder\":true,\"num\":0}]", 0);
            big.WsBinary(new byte[40]);
            Assert.IsFalse(big.IsOpen);

            SioClient many = SioClient.WebSocket(io, 0);
            many.WsText("40", 0);
            many.WsText("453-[\"put\"]", 0);
            Assert.IsFalse(many.IsOpen);
        }

        [TestMethod]
        public void Binary_data_nobody_announced_closes_the_session()
        {
            SocketIoServer io = new SocketIoServer(null, new CountingRandom());
            SioClient c = SioClient.WebSocket(io, 0);
            c.WsText("40", 0);
            c.WsBinary(new byte[] { 1 });
            Assert.IsFalse(c.IsOpen);
        }
    }
}
