using nanoFramework.TestFramework;

namespace NanoWs.SocketIo.Tests
{
    /// <summary>
    /// Plays the client side of one Engine.IO session against a <see cref="SocketIoServer"/> through
    /// its transport API, with text in and out (the record separator 0x1E is <c>\u001e</c>).
    /// </summary>
    public sealed class SioClient
    {
        /// <summary>Polling record separator as text.</summary>
        public const string Rs = "\u001e";

        private readonly SocketIoServer _io;
        private readonly byte[] _buf = new byte[4096];

        /// <summary>The session slot.</summary>
        public readonly int Session;

        /// <summary>The open packet the handshake returned.</summary>
        public readonly string OpenPacket;

        private SioClient(SocketIoServer io, int session, string openPacket)
        {
            _io = io;
            Session = session;
            OpenPacket = openPacket;
        }

        /// <summary>Opens a long-polling session (the handshake GET) and reads its open packet.</summary>
        public static SioClient Polling(SocketIoServer io, long now)
        {
            int session;
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.Open(EngineIoTransport.Polling, now, out session));
            SioClient c = new SioClient(io, session, null);
            return new SioClient(io, session, c.Poll());
        }

        /// <summary>Opens a session directly over WebSocket and reads its open packet.</summary>
        public static SioClient WebSocket(SocketIoServer io, long now)
        {
            int session;
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)io.Open(EngineIoTransport.WebSocket, now, out session));
            SioClient c = new SioClient(io, session, null);
            return new SioClient(io, session, c.WsNext());
        }

        /// <summary>A polling session that has connected the main namespace (its CONNECT answer read).</summary>
        public static SioClient Connected(SocketIoServer io, long now)
        {
            SioClient c = Polling(io, now);
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)c.Post("40", now));
            c.Poll();
            return c;
        }

        /// <summary>The session id from the server.</summary>
        public string Sid
        {
            get { return _io.GetSid(Session); }
        }

        /// <summary>True while the session is open.</summary>
        public bool IsOpen
        {
            get { return _io.IsOpen(Session); }
        }

        /// <summary>A GET that must be answered at once: returns the body.</summary>
        public string Poll()
        {
            Assert.AreEqual((int)EngineIoStatus.Ok, (int)_io.BeginPoll(Session));
            Assert.IsTrue(_io.HasPollData(Session), "the GET would wait");
            int n = _io.TakePoll(Session, _buf, 0, _buf.Length);
            return Utf8.GetString(_buf, 0, n);
        }

        /// <summary>A POST with <paramref name="body"/>.</summary>
        public EngineIoStatus Post(string body, long now)
        {
            byte[] b = Bytes(body);
            return _io.Post(Session, b, 0, b.Length, now);
        }

        /// <summary>A text WebSocket message.</summary>
        public void WsText(string text, long now)
        {
            byte[] b = Bytes(text);
            _io.ReceiveWebSocketText(Session, b, 0, b.Length, now);
        }

        /// <summary>A binary WebSocket message.</summary>
        public void WsBinary(byte[] data)
        {
            _io.ReceiveWebSocketBinary(Session, data, 0, data.Length);
        }

        /// <summary>The next WebSocket message as text (binary ones as <c>&lt;bin:HEX&gt;</c>), or null.</summary>
        public string WsNext()
        {
            bool binary;
            int n = _io.NextWebSocketMessage(Session, _buf, 0, _buf.Length, out binary);
            if (n < 0)
            {
                return null;
            }

            return binary ? "<bin:" + Hex(_buf, n) + ">" : Utf8.GetString(_buf, 0, n);
        }

        /// <summary>UTF-8 bytes of <paramref name="s"/> (through ToCharArray: nanoCLR's string
        /// indexer cannot read the second half of a surrogate pair).</summary>
        public static byte[] Bytes(string s)
        {
            char[] chars = s.ToCharArray();
            byte[] b = new byte[Utf8.GetByteCount(chars, 0, chars.Length)];
            Utf8.GetBytes(chars, 0, chars.Length, b, 0);
            return b;
        }

        private static string Hex(byte[] b, int n)
        {
            const string digits = "0123456789abcdef";
            char[] c = new char[n * 2];
            for (int i = 0; i < n; i++)
            {
                c[2 * i] = digits[b[i] >> 4];
                c[2 * i + 1] = digits[b[i] & 15];
            }

            return new string(c);
        }
    }
}
