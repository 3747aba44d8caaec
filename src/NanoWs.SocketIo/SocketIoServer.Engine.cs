using System;

namespace NanoWs.SocketIo
{
    // The transport side (Engine.IO protocol v4): handshake, long-polling GET and POST, the
    // WebSocket upgrade with its probe, heartbeats. The transport passes the time in milliseconds
    // from any monotonic clock; sessions are named by their slot index.
    public sealed partial class SocketIoServer
    {
        /// <summary>HTTP status the transport answers with for <paramref name="status"/>.</summary>
        public static int HttpStatus(EngineIoStatus status)
        {
            switch (status)
            {
                case EngineIoStatus.Ok:
                    return 200;
                case EngineIoStatus.Forbidden:
                    return 403;
                case EngineIoStatus.PayloadTooLarge:
                    return 413;
                case EngineIoStatus.ServiceUnavailable:
                    return 503;
                default:
                    return 400;
            }
        }

        /// <summary>
        /// Writes the reference server's JSON error body for <paramref name="status"/>
        /// (<c>{"code":1,"message":"Session ID unknown"}</c>); returns its length, 0 for statuses without one.
        /// </summary>
        public static int WriteErrorBody(EngineIoStatus status, byte[] destination, int offset)
        {
            string message;
            switch (status)
            {
                case EngineIoStatus.UnknownTransport: message = "Transport unknown"; break;
                case EngineIoStatus.UnknownSid: message = "Session ID unknown"; break;
                case EngineIoStatus.BadHandshakeMethod: message = "Bad handshake method"; break;
                case EngineIoStatus.BadRequest: message = "Bad request"; break;
                case EngineIoStatus.Forbidden: message = "Forbidden"; break;
                case EngineIoStatus.UnsupportedProtocolVersion: message = "Unsupported protocol version"; break;
                default: return 0;
            }

            PacketWriter w = new PacketWriter();
            w.Reset(destination, offset, destination.Length);
            w.Ascii("{\"code\":");
            w.Decimal((int)status);
            w.Ascii(",\"message\":\"");
            w.Ascii(message);
            w.Ascii("\"}");
            if (w.Overflowed)
            {
                throw new ArgumentException("destination too small");
            }

            return w.Position - offset;
        }

        /// <summary>
        /// Checks a request as the reference server's <c>verify</c> does, in its order: transport,
        /// protocol version, then the session id (unknown; another transport without an upgrade)
        /// or, for a handshake, GET only and WebSocket only as an upgrade. Sets
        /// <paramref name="session"/> to the session, or -1 for a handshake.
        /// </summary>
        public EngineIoStatus Verify(EngineIoQuery query, byte[] b, bool isGet, bool isUpgrade, out int session)
        {
            session = -1;
            if (query.Transport == EngineIoTransport.Unknown
                || (query.Transport == EngineIoTransport.WebSocket && !_o.AllowWebSocket))
            {
                return EngineIoStatus.UnknownTransport;
            }

            if (query.Eio != 4)
            {
                return EngineIoStatus.UnsupportedProtocolVersion;
            }

            if (query.SidLength > 0)
            {
                session = FindSession(b, query.SidOffset, query.SidLength);
                if (session < 0)
                {
                    return EngineIoStatus.UnknownSid;
                }

                bool ws = _sessions[session].Transport == EngineSession.TransportWebSocket;
                if (!isUpgrade && ws != (query.Transport == EngineIoTransport.WebSocket))
                {
                    // A POST or GET polling request to a session upgraded to WebSocket.
                    return EngineIoStatus.BadRequest;
                }

                return EngineIoStatus.Ok;
            }

            if (!isGet)
            {
                return EngineIoStatus.BadHandshakeMethod;
            }

            if (query.Transport == EngineIoTransport.WebSocket && !isUpgrade)
            {
                return EngineIoStatus.BadRequest;
            }

            return EngineIoStatus.Ok;
        }

        /// <summary>The slot of the open session whose id is the given bytes, or -1.</summary>
        public int FindSession(byte[] b, int offset, int count)
        {
            for (int i = 0; i < _sessions.Length; i++)
            {
                if (_sessions[i].IsOpen && _sessions[i].SidEquals(b, offset, count))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True while session <paramref name="session"/> is open.</summary>
        public bool IsOpen(int session)
        {
            return _sessions[session].IsOpen;
        }

        /// <summary>Why the session in this slot closed last (the reference server's reason text), or null.</summary>
        public string GetCloseReason(int session)
        {
            return _sessions[session].CloseReason;
        }

        /// <summary>The session id of slot <paramref name="session"/> (allocates a string).</summary>
        public string GetSid(int session)
        {
            return Utf8.GetString(_sessions[session].Sid, 0, EngineSession.SidLength);
        }

        /// <summary>
        /// Opens a session (the handshake) and queues its open packet
        /// <c>0{"sid","upgrades","pingInterval","pingTimeout","maxPayload"}</c>: the body of the
        /// handshake GET, or the first WebSocket message.
        /// </summary>
        public EngineIoStatus Open(EngineIoTransport transport, long now, out int session)
        {
            session = -1;
            for (int i = 0; i < _sessions.Length; i++)
            {
                if (!_sessions[i].IsOpen)
                {
                    session = i;
                    break;
                }
            }

            if (session < 0)
            {
                return EngineIoStatus.ServiceUnavailable;
            }

            EngineSession s = _sessions[session];
            s.Reset();
            s.State = EngineSession.StateOpen;
            s.CloseReason = null;
            s.Transport = transport == EngineIoTransport.WebSocket ? EngineSession.TransportWebSocket : EngineSession.TransportPolling;
            _random.Fill(s.Sid, 0, 15);
            ToBase64Url(s.Sid, 15);
            s.NextPingAt = now + _o.PingIntervalMs;
            s.ConnectDeadline = now + _o.ConnectTimeoutMs;

            int start = s.Out.Begin(0);
            _w.Reset(s.Out.Buffer, start, s.Out.Limit);
            _w.Ascii("0{\"sid\":\"");
            _w.Bytes(s.Sid, 0, EngineSession.SidLength);
            _w.Ascii(s.Transport == EngineSession.TransportPolling && _o.AllowWebSocket
                ? "\",\"upgrades\":[\"websocket\"],\"pingInterval\":" : "\",\"upgrades\":[],\"pingInterval\":");
            _w.Decimal(_o.PingIntervalMs);
            _w.Ascii(",\"pingTimeout\":");
            _w.Decimal(_o.PingTimeoutMs);
            _w.Ascii(",\"maxPayload\":");
            _w.Decimal(_o.MaxPayload);
            _w.Byte((byte)'}');
            End(s, Outbox.KindText);
            return EngineIoStatus.Ok;
        }

        /// <summary>
        /// A long-polling GET arrived for <paramref name="session"/>. A second GET while one is
        /// held is refused (400) and closes the session, as the reference server does ("overlap
        /// from client"). Then wait until <see cref="HasPollData"/> and answer with <see cref="TakePoll"/>.
        /// </summary>
        public EngineIoStatus BeginPoll(int session)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return EngineIoStatus.UnknownSid;
            }

            if (s.GetHeld)
            {
                Close(s, "transport error");
                return EngineIoStatus.BadRequest;
            }

            s.GetHeld = true;
            return EngineIoStatus.Ok;
        }

        /// <summary>True when the held GET of <paramref name="session"/> should be answered now.</summary>
        public bool HasPollData(int session)
        {
            EngineSession s = _sessions[session];
            return !s.IsOpen || !s.Out.IsEmpty || s.NoopPending || s.Transport == EngineSession.TransportWebSocket;
        }

        /// <summary>
        /// Answers the held GET: writes the queued packets as a polling payload (records separated
        /// by 0x1E, binary ones as <c>b</c> + base64) into <paramref name="destination"/>, as many as
        /// fit in <paramref name="capacity"/> bytes, and returns the length. A closed session gets
        /// the close packet <c>1</c>, an upgraded one the noop <c>6</c>.
        /// </summary>
        public int TakePoll(int session, byte[] destination, int offset, int capacity)
        {
            EngineSession s = _sessions[session];
            s.GetHeld = false;
            if (!s.IsOpen)
            {
                destination[offset] = (byte)'1';
                return 1;
            }

            s.NoopPending = false;
            if (s.Transport == EngineSession.TransportWebSocket || s.Out.IsEmpty)
            {
                destination[offset] = (byte)'6';
                return 1;
            }

            Outbox o = s.Out;
            byte[] b = o.Buffer;
            int at = 0;
            int pos = offset;
            int end = offset + capacity;
            while (at < o.Used)
            {
                int len = o.RecordLength(at);
                bool binary = o.RecordKind(at) == Outbox.KindBinary;
                int need = (pos > offset ? 1 : 0) + (binary ? 1 + Base64.EncodedLength(len) : len);
                if (end - pos < need)
                {
                    if (pos == offset)
                    {
                        throw new ArgumentException("capacity is smaller than a queued packet");
                    }

                    break;
                }

                if (pos > offset)
                {
                    destination[pos++] = 0x1E; // engine.io-protocol v4: record separator between packets
                }

                if (binary)
                {
                    destination[pos++] = (byte)'b';
                    pos += Base64.Encode(b, at + Outbox.Header, len, destination, pos);
                }
                else
                {
                    Array.Copy(b, at + Outbox.Header, destination, pos, len);
                    pos += len;
                }

                at += Outbox.Header + len;
            }

            o.RemoveFront(at);
            return pos - offset;
        }

        /// <summary>The held GET's connection ended before it was answered: the session closes
        /// ("poll connection closed prematurely" in the reference server).</summary>
        public void PollAborted(int session)
        {
            EngineSession s = _sessions[session];
            if (s.IsOpen && s.GetHeld)
            {
                s.GetHeld = false;
                Close(s, "transport error");
            }
        }

        /// <summary>
        /// A long-polling POST body for <paramref name="session"/>: one or more packets separated by
        /// 0x1E. Over <c>maxPayload</c>: 413 and the session closes. A malformed packet closes the
        /// session ("parse error") though the POST itself is answered 200 <c>ok</c>, as the reference does.
        /// </summary>
        public EngineIoStatus Post(int session, byte[] body, int offset, int count, long now)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return EngineIoStatus.UnknownSid;
            }

            if (s.Transport == EngineSession.TransportWebSocket)
            {
                return EngineIoStatus.BadRequest;
            }

            if (count > _o.MaxPayload)
            {
                Close(s, "transport error");
                return EngineIoStatus.PayloadTooLarge;
            }

            int end = offset + count;
            int p = offset;
            while (p <= end && s.IsOpen)
            {
                int sep = p;
                while (sep < end && body[sep] != 0x1E)
                {
                    sep++;
                }

                if (sep - p > 0 && body[p] == (byte)'b')
                {
                    ReceiveBase64(s, body, p + 1, sep - p - 1);
                }
                else
                {
                    ReceiveText(s, body, p, sep - p, now, false);
                }

                p = sep + 1;
            }

            return EngineIoStatus.Ok;
        }

        /// <summary>
        /// A WebSocket connection was accepted for the Engine.IO endpoint. With no sid it opens a
        /// session (use <see cref="Open"/>); with the sid of a polling session it starts the
        /// upgrade: the client's <c>2probe</c> is answered <c>3probe</c>, a held GET gets <c>6</c>,
        /// and <c>5</c> moves the session to this WebSocket.
        /// </summary>
        public EngineIoStatus BeginUpgrade(int session)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return EngineIoStatus.UnknownSid;
            }

            if (s.Transport == EngineSession.TransportWebSocket || s.WebSocketProbe)
            {
                return EngineIoStatus.BadRequest;
            }

            s.WebSocketProbe = true;
            return EngineIoStatus.Ok;
        }

        /// <summary>A text message arrived on the session's WebSocket (UTF-8 checked by the WebSocket layer).</summary>
        public void ReceiveWebSocketText(int session, byte[] b, int offset, int count, long now)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return;
            }

            if (count > _o.MaxPayload)
            {
                Close(s, "transport error");
                return;
            }

            if (s.Transport != EngineSession.TransportWebSocket)
            {
                ReceiveProbe(s, b, offset, count);
                return;
            }

            ReceiveText(s, b, offset, count, now, true);
        }

        /// <summary>A binary message arrived on the session's WebSocket: an attachment of a binary packet.</summary>
        public void ReceiveWebSocketBinary(int session, byte[] b, int offset, int count)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return;
            }

            if (s.Transport != EngineSession.TransportWebSocket || count > _o.MaxPayload)
            {
                Close(s, "transport error");
                return;
            }

            if (!ReserveAttachment(s, count))
            {
                return;
            }

            Array.Copy(b, offset, s.Bin, s.BinUsed, count);
            AttachmentReceived(s, count);
        }

        /// <summary>
        /// The next message for the session's WebSocket (the probe answer, then queued packets one
        /// per message): writes it and returns its length, or -1 when there is none.
        /// </summary>
        public int NextWebSocketMessage(int session, byte[] destination, int offset, int capacity, out bool binary)
        {
            EngineSession s = _sessions[session];
            binary = false;
            if (s.ProbeReplyPending)
            {
                s.ProbeReplyPending = false;
                return CopyAscii("3probe", destination, offset);
            }

            if (!s.IsOpen || s.Transport != EngineSession.TransportWebSocket || s.Out.IsEmpty)
            {
                return -1;
            }

            Outbox o = s.Out;
            int len = o.RecordLength(0);
            if (len > capacity)
            {
                throw new ArgumentException("capacity is smaller than a queued packet");
            }

            binary = o.RecordKind(0) == Outbox.KindBinary;
            Array.Copy(o.Buffer, Outbox.Header, destination, offset, len);
            o.RemoveFront(Outbox.Header + len);
            return len;
        }

        /// <summary>The session's WebSocket closed: an upgraded session closes ("transport close"), a probe is abandoned.</summary>
        public void WebSocketClosed(int session)
        {
            EngineSession s = _sessions[session];
            if (!s.IsOpen)
            {
                return;
            }

            if (s.Transport == EngineSession.TransportWebSocket)
            {
                Close(s, "transport close");
            }
            else
            {
                s.WebSocketProbe = false;
                s.ProbeReplyPending = false;
            }
        }

        /// <summary>
        /// Runs the timers: pings every pingInterval, closes a session whose client did not answer
        /// within pingTimeout ("ping timeout") or connected no namespace within ConnectTimeoutMs.
        /// </summary>
        public void Tick(long now)
        {
            for (int i = 0; i < _sessions.Length; i++)
            {
                EngineSession s = _sessions[i];
                if (!s.IsOpen)
                {
                    continue;
                }

                if (s.ConnectDeadline >= 0 && now >= s.ConnectDeadline)
                {
                    Close(s, "forced close");
                }
                else if (s.PongDeadline >= 0)
                {
                    if (now >= s.PongDeadline)
                    {
                        Close(s, "ping timeout");
                    }
                }
                else if (now >= s.NextPingAt)
                {
                    QueueControl(s, "2");
                    s.PingRefreshed = false;
                    s.PongDeadline = now + _o.PingTimeoutMs;
                }
            }
        }

        /// <summary>Closes session <paramref name="session"/> from the server side.</summary>
        public void CloseSession(int session)
        {
            EngineSession s = _sessions[session];
            if (s.IsOpen)
            {
                Close(s, "server shutting down");
            }
        }

        private void ReceiveProbe(EngineSession s, byte[] b, int offset, int count)
        {
            if (!s.WebSocketProbe)
            {
                Close(s, "transport error");
                return;
            }

            if (IsAscii(b, offset, count, "2probe"))
            {
                s.ProbeReplyPending = true;
                s.NoopPending = true;
                return;
            }

            if (IsAscii(b, offset, count, "5"))
            {
                // engine.io-protocol v4 "Upgrade": from now on every packet goes over the WebSocket.
                s.Transport = EngineSession.TransportWebSocket;
                s.WebSocketProbe = false;
                return;
            }

            // Anything else during the upgrade: the reference closes the probing transport.
            s.WebSocketProbe = false;
            s.ProbeReplyPending = false;
        }

        private void ReceiveText(EngineSession s, byte[] b, int p, int count, long now, bool webSocket)
        {
            if (count == 0)
            {
                Close(s, "parse error");
                return;
            }

            byte type = b[p];
            if (type != (byte)'3' && s.PongDeadline >= 0 && !s.PingRefreshed)
            {
                // Reference server: any packet while a pong is awaited refreshes the timeout once.
                s.PongDeadline = now + _o.PingTimeoutMs;
                s.PingRefreshed = true;
            }

            switch (type)
            {
                case (byte)'1':
                    Close(s, "transport close");
                    return;
                case (byte)'3':
                    s.PongDeadline = -1;
                    s.NextPingAt = now + _o.PingIntervalMs;
                    return;
                case (byte)'4':
                    ReceiveMessage(s, b, p + 1, p + count);
                    return;
                case (byte)'6':
                    return;
                case (byte)'2':
                    // engine.io-protocol v4: the server pings, never the client.
                    Close(s, "transport error");
                    return;
                default:
                    // Unknown type, or an upgrade packet outside the probe.
                    Close(s, "parse error");
                    return;
            }
        }

        private void ReceiveBase64(EngineSession s, byte[] b, int p, int count)
        {
            int room = s.BinExpected > 0 ? s.Bin.Length - s.BinUsed : 0;
            if (s.BinExpected == 0)
            {
                Close(s, "parse error");
                return;
            }

            int n = Base64.Decode(b, p, count, s.Bin, s.BinUsed, room);
            if (n < 0)
            {
                Close(s, "parse error");
                return;
            }

            AttachmentReceived(s, n);
        }

        private void QueueControl(EngineSession s, string packet)
        {
            int start = s.Out.Begin(0);
            if (start < 0 || s.Out.Limit - start < packet.Length)
            {
                // The outbox is full of data the client does not take: it is gone or too slow.
                Close(s, "transport error");
                return;
            }

            s.Out.Commit(start + CopyAscii(packet, s.Out.Buffer, start), Outbox.KindText);
        }

        private void Close(EngineSession s, string reason)
        {
            s.CloseReason = reason;
            s.State = EngineSession.StateFree;
            for (int n = 0; n < _namespaceCount; n++)
            {
                s.Sockets[n].Disconnected(reason);
            }

            bool held = s.GetHeld;
            s.Reset();
            s.GetHeld = held; // a held GET is still answered (with the close packet)
        }

        private static int CopyAscii(string s, byte[] destination, int offset)
        {
            for (int i = 0; i < s.Length; i++)
            {
                destination[offset + i] = (byte)s[i];
            }

            return s.Length;
        }

        private static bool IsAscii(byte[] b, int offset, int count, string s)
        {
            if (count != s.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (b[offset + i] != (byte)s[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
