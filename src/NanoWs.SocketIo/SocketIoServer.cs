using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// A Socket.IO v5 server over Engine.IO v4, sans I/O: the transport hands it HTTP long-polling
    /// requests and WebSocket messages with the current time (see the Engine part) and takes the
    /// bytes to send; the application registers namespaces, handlers and emits (this part).
    /// </summary>
    /// <remarks>
    /// <para>All memory is allocated here, from <see cref="SocketIoOptions"/>: a fixed table of
    /// sessions, each with its outbox, binary buffer and one socket per namespace. Receiving and
    /// emitting allocate nothing; strings exist only when the application asks for one.</para>
    /// <para>One thread drives a server (the transport's poll thread); handlers run on it.
    /// Peer violations close the session as the reference server does; misuse throws
    /// <see cref="InvalidOperationException"/> or an argument exception.</para>
    /// </remarks>
    public sealed partial class SocketIoServer
    {
        private readonly SocketIoOptions _o;
        private readonly IRandomSource _random;
        private readonly EngineSession[] _sessions;
        private readonly SocketIoNamespace[] _namespaces;
        private int _namespaceCount;
        private readonly string[] _roomNames;
        private readonly int[] _roomNamespace;
        private int _roomCount;
        private readonly SocketIoMessage _message;
        private readonly PacketWriter _w = new PacketWriter();

        /// <summary>Creates the server and every session slot.</summary>
        /// <param name="options">Sizes and timers; null for the defaults.</param>
        /// <param name="random">Source of session and socket ids: the hardware RNG on a board.</param>
        public SocketIoServer(SocketIoOptions options, IRandomSource random)
        {
            if (random == null)
            {
                throw new ArgumentNullException("random");
            }

            _o = options ?? new SocketIoOptions();
            _o.Validate();
            _random = random;
            _sessions = new EngineSession[_o.MaxSessions];
            for (int i = 0; i < _sessions.Length; i++)
            {
                _sessions[i] = new EngineSession(i, _o);
                _sessions[i].Reset();
            }

            _namespaces = new SocketIoNamespace[_o.MaxNamespaces];
            _roomNames = new string[_o.MaxRooms];
            _roomNamespace = new int[_o.MaxRooms];
            _message = new SocketIoMessage(_o.MaxAttachments);
            Of("/");
        }

        /// <summary>
        /// Bytes one session slot takes on 64-bit .NET with <paramref name="namespaces"/> namespaces
        /// registered (the fixed buffers and tables; a board's 32-bit runtime takes less):
        /// outbox + binary buffer + ~250 for the session and its small tables, plus per namespace
        /// ~240 for the socket and 8 per handler, 12 per awaited acknowledgement.
        /// </summary>
        public static int EstimateSessionBytes(SocketIoOptions options, int namespaces)
        {
            SocketIoOptions o = options ?? new SocketIoOptions();
            int session = Pad(24 + o.OutboxBytes) + Pad(24 + o.BinaryBytes) + 2 * Pad(24 + 4 * o.MaxAttachments)
                + Pad(24 + 8 * o.MaxNamespaces) + SessionFixedBytes;
            int socket = SocketFixedBytes + 2 * Pad(24 + 8 * o.MaxHandlersPerSocket) + Pad(24 + 4 * o.MaxPendingAcks)
                + Pad(24 + 8 * o.MaxPendingAcks);
            return session + namespaces * socket;
        }

        // The session object, its sid array, the outbox object and its reference in the session table
        // (64-bit .NET: 16-byte headers, 8-byte references).
        private const int SessionFixedBytes = 136 + 48 + 32 + 8;

        // The socket object and its id array.
        private const int SocketFixedBytes = 120 + 48;

        private static int Pad(int bytes)
        {
            return (bytes + 7) & ~7;
        }

        /// <summary>The options in use.</summary>
        public SocketIoOptions Options
        {
            get { return _o; }
        }

        internal IRandomSource Random
        {
            get { return _random; }
        }

        internal int SessionCount
        {
            get { return _sessions.Length; }
        }

        /// <summary>Sessions open now.</summary>
        public int OpenSessions
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _sessions.Length; i++)
                {
                    if (_sessions[i].IsOpen)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>The namespace <paramref name="name"/>, registered on first use.</summary>
        /// <exception cref="InvalidOperationException">More than MaxNamespaces namespaces.</exception>
        public SocketIoNamespace Of(string name)
        {
            if (name == null || name.Length == 0 || name[0] != '/')
            {
                throw new ArgumentException("a namespace name starts with /");
            }

            for (int i = 0; i < _namespaceCount; i++)
            {
                if (_namespaces[i].Name == name)
                {
                    return _namespaces[i];
                }
            }

            if (_namespaceCount == _namespaces.Length)
            {
                throw new InvalidOperationException("too many namespaces (MaxNamespaces)");
            }

            int index = _namespaceCount;
            SocketIoNamespace ns = new SocketIoNamespace(this, index, name);
            for (int s = 0; s < _sessions.Length; s++)
            {
                _sessions[s].Sockets[index] = new SocketIoSocket(this, _sessions[s], index, _o);
            }

            _namespaces[index] = ns;
            _namespaceCount++;
            return ns;
        }

        /// <summary>Calls <paramref name="handler"/> for every socket connecting to the main namespace <c>/</c>.</summary>
        public void OnConnection(SocketIoConnectionHandler handler)
        {
            _namespaces[0].OnConnection(handler);
        }

        /// <summary>The sockets of the main namespace in <paramref name="room"/>.</summary>
        public SocketIoBroadcast To(string room)
        {
            return _namespaces[0].To(room);
        }

        /// <summary>Emits to every socket of the main namespace; returns how many queued it.</summary>
        public int Emit(string eventName, string json)
        {
            return _namespaces[0].Emit(eventName, json);
        }

        internal string NamespaceName(int index)
        {
            return _namespaces[index].Name;
        }

        internal SocketIoSocket SocketAt(int session, int ns)
        {
            EngineSession s = _sessions[session];
            return s.IsOpen ? s.Sockets[ns] : null;
        }

        internal int RoomIndex(int ns, string room, bool add)
        {
            if (room == null)
            {
                throw new ArgumentNullException("room");
            }

            for (int i = 0; i < _roomCount; i++)
            {
                if (_roomNamespace[i] == ns && _roomNames[i] == room)
                {
                    return i;
                }
            }

            if (!add)
            {
                return -1;
            }

            if (_roomCount == _roomNames.Length)
            {
                throw new InvalidOperationException("too many rooms (MaxRooms)");
            }

            _roomNames[_roomCount] = room;
            _roomNamespace[_roomCount] = ns;
            return _roomCount++;
        }

        // ---- writing packets into a session's outbox ----------------------------------------

        // Room kept free for control packets (pong "3probe", ping, CONNECT answers): data emits
        // leave it, so heartbeats and connects still go out to a client whose outbox is full.
        private const int ControlReserve = 96;

        /// <summary>Starts an Engine.IO message (<c>4</c>) carrying a Socket.IO packet of <paramref name="type"/>
        /// for the socket's namespace (socket.io-protocol v5 "Packet encoding").</summary>
        private bool BeginSocketPacket(EngineSession s, int ns, char type, int reserve)
        {
            int start = s.Out.Begin(reserve);
            if (start < 0)
            {
                return false;
            }

            _w.Reset(s.Out.Buffer, start, s.Out.Limit - reserve);
            _w.Byte((byte)'4');
            _w.Byte((byte)type);
            if (ns != 0)
            {
                // The namespace, then a comma, when it is not the main one.
                _w.Ascii(_namespaces[ns].Name);
                _w.Byte((byte)',');
            }

            return true;
        }

        private bool End(EngineSession s, byte kind)
        {
            if (_w.Overflowed)
            {
                return false;
            }

            s.Out.Commit(_w.Position, kind);
            return true;
        }

        internal bool WriteEvent(SocketIoSocket socket, string eventName, string json, byte[] bytes, int offset, int count, int ackId, byte kind)
        {
            if (eventName == null)
            {
                throw new ArgumentNullException("eventName");
            }

            if (!socket.Connected)
            {
                return false;
            }

            EngineSession s = socket.Session;
            if (kind == Outbox.KindLatest)
            {
                RemoveLatest(s, socket.NamespaceIndex, eventName);
            }

            if (!BeginSocketPacket(s, socket.NamespaceIndex, '2', ControlReserve))
            {
                return false;
            }

            if (ackId >= 0)
            {
                _w.Decimal(ackId);
            }

            _w.Byte((byte)'[');
            _w.JsonString(eventName);
            if (json != null && json.Length > 0)
            {
                _w.Byte((byte)',');
                _w.Utf8Text(json);
            }
            else if (bytes != null && count > 0)
            {
                _w.Byte((byte)',');
                _w.Bytes(bytes, offset, count);
            }

            _w.Byte((byte)']');
            return End(s, kind);
        }

        internal bool WriteBinaryEvent(SocketIoSocket socket, string eventName, byte[] data, int offset, int count)
        {
            if (eventName == null || data == null)
            {
                throw new ArgumentNullException(eventName == null ? "eventName" : "data");
            }

            if (!socket.Connected)
            {
                return false;
            }

            EngineSession s = socket.Session;
            int before = s.Out.Used;

            // socket.io-protocol v5: BINARY_EVENT "51-" then the attachment as its own binary packet.
            if (!BeginSocketPacket(s, socket.NamespaceIndex, '5', ControlReserve + Outbox.Header + count))
            {
                return false;
            }

            _w.Ascii("1-");
            if (socket.NamespaceIndex != 0)
            {
                // The attachment count goes before the namespace: rewrite "5/ns," as "51-/ns,".
                return RewriteBinaryWithNamespace(s, socket, eventName, data, offset, count, before);
            }

            WriteBinaryTail(eventName);
            if (!End(s, Outbox.KindText))
            {
                return false;
            }

            return AppendAttachment(s, data, offset, count, before);
        }

        private bool RewriteBinaryWithNamespace(EngineSession s, SocketIoSocket socket, string eventName, byte[] data, int offset, int count, int before)
        {
            int start = s.Out.Begin(ControlReserve + Outbox.Header + count);
            _w.Reset(s.Out.Buffer, start, s.Out.Limit - ControlReserve - Outbox.Header - count);
            _w.Ascii("451-");
            _w.Ascii(_namespaces[socket.NamespaceIndex].Name);
            _w.Byte((byte)',');
            WriteBinaryTail(eventName);
            if (!End(s, Outbox.KindText))
            {
                return false;
            }

            return AppendAttachment(s, data, offset, count, before);
        }

        private void WriteBinaryTail(string eventName)
        {
            _w.Byte((byte)'[');
            _w.JsonString(eventName);
            _w.Ascii(",{\"_placeholder\":true,\"num\":0}]");
        }

        private bool AppendAttachment(EngineSession s, byte[] data, int offset, int count, int before)
        {
            int start = s.Out.Begin(0);
            if (start < 0 || s.Out.Limit - start < count)
            {
                // Undo the header: a binary event never goes out without its attachment.
                s.Out.RemoveTail(before);
                return false;
            }

            Array.Copy(data, offset, s.Out.Buffer, start, count);
            s.Out.Commit(start + count, Outbox.KindBinary);
            return true;
        }

        internal bool WriteAck(SocketIoSocket socket, int ackId, string json, byte[] bytes, int offset, int count)
        {
            EngineSession s = socket.Session;
            if (!socket.Connected || !BeginSocketPacket(s, socket.NamespaceIndex, '3', ControlReserve))
            {
                return false;
            }

            _w.Decimal(ackId);
            _w.Byte((byte)'[');
            if (json != null)
            {
                _w.Utf8Text(json);
            }
            else if (bytes != null && count > 0)
            {
                _w.Bytes(bytes, offset, count);
            }

            _w.Byte((byte)']');
            return End(s, Outbox.KindText);
        }

        internal void WriteDisconnect(SocketIoSocket socket)
        {
            EngineSession s = socket.Session;
            if (BeginSocketPacket(s, socket.NamespaceIndex, '1', 0))
            {
                End(s, Outbox.KindText);
            }
        }

        // CONNECT answer: 40{"sid":"…"} (socket.io-protocol v5 "Connection to a namespace").
        private void WriteConnectOk(EngineSession s, SocketIoSocket socket)
        {
            if (BeginSocketPacket(s, socket.NamespaceIndex, '0', 0))
            {
                _w.Ascii("{\"sid\":\"");
                _w.Bytes(socket.IdBytes, 0, EngineSession.SidLength);
                _w.Ascii("\"}");
                End(s, Outbox.KindText);
            }
        }

        // CONNECT_ERROR: 44{"message":"…"} for the namespace the client asked for.
        private void WriteConnectError(EngineSession s, byte[] b, int nsStart, int nsLength, string message)
        {
            int start = s.Out.Begin(0);
            if (start < 0)
            {
                return;
            }

            _w.Reset(s.Out.Buffer, start, s.Out.Limit);
            _w.Ascii("44");
            if (nsLength > 0 && !(nsLength == 1 && b[nsStart] == (byte)'/'))
            {
                _w.Bytes(b, nsStart, nsLength);
                _w.Byte((byte)',');
            }

            _w.Ascii("{\"message\":");
            _w.JsonString(message);
            _w.Byte((byte)'}');
            End(s, Outbox.KindText);
        }

        /// <summary>Removes an EmitLatest packet of the same namespace and event still in the outbox.</summary>
        private void RemoveLatest(EngineSession s, int ns, string eventName)
        {
            Outbox o = s.Out;
            byte[] b = o.Buffer;
            int at = 0;
            while (at < o.Used)
            {
                int len = o.RecordLength(at);
                if (o.RecordKind(at) == Outbox.KindLatest && LatestMatches(b, at + Outbox.Header, len, ns, eventName))
                {
                    o.Remove(at);
                    return;
                }

                at += Outbox.Header + len;
            }
        }

        private bool LatestMatches(byte[] b, int p, int len, int ns, string eventName)
        {
            int end = p + len;
            p += 2; // "42"
            if (ns != 0)
            {
                string name = _namespaces[ns].Name;
                if (!AsciiAt(b, p, end, name))
                {
                    return false;
                }

                p += name.Length + 1;
            }
            else if (p < end && b[p] == (byte)'/')
            {
                return false;
            }

            if (p >= end || b[p] != (byte)'[')
            {
                return false;
            }

            int nameEnd = JsonScan.SkipString(b, p + 1, end);
            return nameEnd > 0 && JsonStringEquals(b, p + 1, nameEnd, eventName);
        }

        private static bool AsciiAt(byte[] b, int p, int end, string s)
        {
            if (end - p < s.Length + 1)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (b[p + i] != (byte)s[i])
                {
                    return false;
                }
            }

            return b[p + s.Length] == (byte)',';
        }

        /// <summary>
        /// True when the JSON string at b[start..end) (quotes included) equals <paramref name="s"/>.
        /// Compares UTF-8 bytes, so a name the client escaped (<c>\u0041</c>) does not match.
        /// </summary>
        internal static bool JsonStringEquals(byte[] b, int start, int end, string s)
        {
            int p = start + 1;
            int last = end - 1;
            int n = s.Length;
            char[] chars = PacketWriter.HasSurrogate(s) ? s.ToCharArray() : null;
            for (int i = 0; i < n; i++)
            {
                char c = chars != null ? chars[i] : s[i];
                if (c < 0x80)
                {
                    if (c == '"' || c == '\\' || c < 0x20 || p >= last || b[p] != (byte)c)
                    {
                        return false;
                    }

                    p++;
                    continue;
                }

                // Non-ASCII: compare its UTF-8 encoding byte by byte.
                int cp = c;
                int len = 1;
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n)
                {
                    cp = 0x10000 + ((c - 0xD800) << 10) + ((chars != null ? chars[i + 1] : s[i + 1]) - 0xDC00);
                    len = 2;
                }

                int need = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (last - p < need)
                {
                    return false;
                }

                int first = need == 2 ? 0xC0 | (cp >> 6) : need == 3 ? 0xE0 | (cp >> 12) : 0xF0 | (cp >> 18);
                if (b[p] != (byte)first)
                {
                    return false;
                }

                for (int k = 1; k < need; k++)
                {
                    if (b[p + k] != (byte)(0x80 | ((cp >> (6 * (need - 1 - k))) & 0x3F)))
                    {
                        return false;
                    }
                }

                p += need;
                i += len - 1;
            }

            return p == last;
        }

        /// <summary>Turns the first <paramref name="randomBytes"/> bytes (a multiple of 3) into the
        /// base64url text of that many bytes, in place (the buffer holds 4/3 as many), as the
        /// reference server's <c>base64id</c> does for session ids.</summary>
        internal static void ToBase64Url(byte[] b, int randomBytes)
        {
            const string Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            for (int i = randomBytes - 3, o = randomBytes / 3 * 4 - 4; i >= 0; i -= 3, o -= 4)
            {
                int v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
                b[o] = (byte)Url[(v >> 18) & 63];
                b[o + 1] = (byte)Url[(v >> 12) & 63];
                b[o + 2] = (byte)Url[(v >> 6) & 63];
                b[o + 3] = (byte)Url[v & 63];
            }
        }
    }
}
