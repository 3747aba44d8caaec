using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// A client's connection to one namespace, as <c>socket</c> in a socket.io server: register
    /// handlers with <see cref="On"/>, emit events, acknowledge, join rooms. The object belongs to
    /// a session slot and is reused; keep it only until <see cref="OnDisconnect"/> runs.
    /// </summary>
    public sealed class SocketIoSocket
    {
        // Byte budget (defaults): id 20 + handler tables 2 × 8 references + ack tables 4 × (4 + reference)
        // + ~60 of fields; with array headers ~300 bytes on 64-bit .NET.
        private readonly SocketIoServer _server;
        private readonly EngineSession _session;
        private readonly int _ns;
        private readonly byte[] _id = new byte[EngineSession.SidLength];
        private string _idString;
        private readonly string[] _events;
        private readonly SocketIoEventHandler[] _handlers;
        private readonly int[] _ackIds;
        private readonly SocketIoEventHandler[] _ackHandlers;
        private SocketIoDisconnectHandler _onDisconnect;
        private int _nextAckId;
        private bool _connected;
        private int _rooms;
        private int _dropped;

        /// <summary>Anything the application wants to keep with the socket; cleared on connect.</summary>
        public object Tag;

        internal SocketIoSocket(SocketIoServer server, EngineSession session, int ns, SocketIoOptions o)
        {
            _server = server;
            _session = session;
            _ns = ns;
            _events = new string[o.MaxHandlersPerSocket];
            _handlers = new SocketIoEventHandler[o.MaxHandlersPerSocket];
            _ackIds = new int[o.MaxPendingAcks];
            _ackHandlers = new SocketIoEventHandler[o.MaxPendingAcks];
        }

        /// <summary>The socket id sent to the client in the CONNECT answer (allocated on first use per connection).</summary>
        public string Id
        {
            get
            {
                if (_idString == null)
                {
                    char[] c = new char[_id.Length];
                    for (int i = 0; i < c.Length; i++)
                    {
                        c[i] = (char)_id[i];
                    }

                    _idString = new string(c);
                }

                return _idString;
            }
        }

        /// <summary>The namespace's name, <c>/</c> for the main one.</summary>
        public string Namespace
        {
            get { return _server.NamespaceName(_ns); }
        }

        /// <summary>True between the CONNECT answer and the disconnection.</summary>
        public bool Connected
        {
            get { return _connected; }
        }

        /// <summary>Packets refused because the outbox was full (the slow-client rule).</summary>
        public int Dropped
        {
            get { return _dropped; }
        }

        /// <summary>Bytes free in the session's outbox.</summary>
        public int OutboxFree
        {
            get { return _session.Out.Free; }
        }

        internal EngineSession Session
        {
            get { return _session; }
        }

        internal int NamespaceIndex
        {
            get { return _ns; }
        }

        internal int Rooms
        {
            get { return _rooms; }
        }

        internal byte[] IdBytes
        {
            get { return _id; }
        }

        /// <summary>Calls <paramref name="handler"/> for each event named <paramref name="eventName"/>; replaces an earlier one.</summary>
        /// <exception cref="InvalidOperationException">More than MaxHandlersPerSocket names.</exception>
        public void On(string eventName, SocketIoEventHandler handler)
        {
            if (eventName == null || handler == null)
            {
                throw new ArgumentNullException(eventName == null ? "eventName" : "handler");
            }

            int free = -1;
            for (int i = 0; i < _events.Length; i++)
            {
                if (_events[i] == eventName)
                {
                    _handlers[i] = handler;
                    return;
                }

                if (_events[i] == null && free < 0)
                {
                    free = i;
                }
            }

            if (free < 0)
            {
                throw new InvalidOperationException("too many event handlers (MaxHandlersPerSocket)");
            }

            _events[free] = eventName;
            _handlers[free] = handler;
        }

        /// <summary>Calls <paramref name="handler"/> once when the socket is disconnected.</summary>
        public void OnDisconnect(SocketIoDisconnectHandler handler)
        {
            _onDisconnect = handler;
        }

        /// <summary>Emits <paramref name="eventName"/> with the JSON arguments <paramref name="json"/>
        /// (comma-separated values, or null for none). False when the outbox is full (nothing queued).</summary>
        public bool Emit(string eventName, string json)
        {
            return Count(_server.WriteEvent(this, eventName, json, null, 0, 0, -1, Outbox.KindText));
        }

        /// <summary>Emits with UTF-8 JSON arguments from a byte range.</summary>
        public bool Emit(string eventName, byte[] json, int offset, int count)
        {
            return Count(_server.WriteEvent(this, eventName, null, json, offset, count, -1, Outbox.KindText));
        }

        /// <summary>Emits and calls <paramref name="ack"/> with the client's acknowledgement. False when the
        /// outbox is full or MaxPendingAcks acknowledgements are already awaited.</summary>
        public bool Emit(string eventName, string json, SocketIoEventHandler ack)
        {
            int slot = -1;
            for (int i = 0; i < _ackHandlers.Length; i++)
            {
                if (_ackHandlers[i] == null)
                {
                    slot = i;
                    break;
                }
            }

            if (slot < 0)
            {
                _dropped++;
                return false;
            }

            int id = _nextAckId;
            if (!Count(_server.WriteEvent(this, eventName, json, null, 0, 0, id, Outbox.KindText)))
            {
                return false;
            }

            _nextAckId = _nextAckId == int.MaxValue ? 0 : _nextAckId + 1;
            _ackIds[slot] = id;
            _ackHandlers[slot] = ack;
            return true;
        }

        /// <summary>
        /// Emits a value where only the newest matters: an older <c>EmitLatest</c> of the same event
        /// still in the outbox is replaced, so a slow client gets the newest value and the outbox
        /// never holds more than one per event name. False when even then it does not fit.
        /// </summary>
        public bool EmitLatest(string eventName, string json)
        {
            return Count(_server.WriteEvent(this, eventName, json, null, 0, 0, -1, Outbox.KindLatest));
        }

        /// <summary>Emits <paramref name="eventName"/> with one binary argument (a BINARY_EVENT with one attachment).</summary>
        public bool EmitBinary(string eventName, byte[] data, int offset, int count)
        {
            return Count(_server.WriteBinaryEvent(this, eventName, data, offset, count));
        }

        /// <summary>Answers the client's acknowledgement request <paramref name="ackId"/> with JSON arguments (or null).</summary>
        public bool Ack(int ackId, string json)
        {
            if (ackId < 0)
            {
                throw new ArgumentOutOfRangeException("ackId");
            }

            return Count(_server.WriteAck(this, ackId, json, null, 0, 0));
        }

        /// <summary>Answers the client's acknowledgement request <paramref name="ackId"/> with UTF-8 JSON arguments from a byte range.</summary>
        public bool Ack(int ackId, byte[] json, int offset, int count)
        {
            if (ackId < 0)
            {
                throw new ArgumentOutOfRangeException("ackId");
            }

            return Count(_server.WriteAck(this, ackId, null, json, offset, count));
        }

        /// <summary>Adds the socket to <paramref name="room"/>.</summary>
        /// <exception cref="InvalidOperationException">More than MaxRooms room names.</exception>
        public void Join(string room)
        {
            _rooms |= 1 << _server.RoomIndex(_ns, room, true);
        }

        /// <summary>Removes the socket from <paramref name="room"/>.</summary>
        public void Leave(string room)
        {
            int r = _server.RoomIndex(_ns, room, false);
            if (r >= 0)
            {
                _rooms &= ~(1 << r);
            }
        }

        /// <summary>True when the socket is in <paramref name="room"/>.</summary>
        public bool InRoom(string room)
        {
            int r = _server.RoomIndex(_ns, room, false);
            return r >= 0 && (_rooms & (1 << r)) != 0;
        }

        /// <summary>Disconnects the socket from its namespace (a DISCONNECT packet to the client).</summary>
        public void Disconnect()
        {
            if (_connected)
            {
                _server.WriteDisconnect(this);
                Disconnected("server namespace disconnect");
            }
        }

        internal void Connecting()
        {
            _server.Random.Fill(_id, 0, 15);
            SocketIoServer.ToBase64Url(_id, 15);
            _idString = null;
            Tag = null;
            _rooms = 0;
            _dropped = 0;
            _nextAckId = 0;
            _onDisconnect = null;
            for (int i = 0; i < _events.Length; i++)
            {
                _events[i] = null;
                _handlers[i] = null;
            }

            for (int i = 0; i < _ackHandlers.Length; i++)
            {
                _ackHandlers[i] = null;
            }
        }

        internal void MarkConnected()
        {
            _connected = true;
        }

        internal void Disconnected(string reason)
        {
            if (!_connected)
            {
                return;
            }

            _connected = false;
            _rooms = 0;
            SocketIoDisconnectHandler h = _onDisconnect;
            _onDisconnect = null;
            if (h != null)
            {
                h(this, reason);
            }
        }

        internal SocketIoEventHandler FindHandler(byte[] b, int nameStart, int nameEnd)
        {
            for (int i = 0; i < _events.Length; i++)
            {
                if (_events[i] != null && SocketIoServer.JsonStringEquals(b, nameStart, nameEnd, _events[i]))
                {
                    return _handlers[i];
                }
            }

            return null;
        }

        internal SocketIoEventHandler TakeAck(int id)
        {
            for (int i = 0; i < _ackHandlers.Length; i++)
            {
                if (_ackHandlers[i] != null && _ackIds[i] == id)
                {
                    SocketIoEventHandler h = _ackHandlers[i];
                    _ackHandlers[i] = null;
                    return h;
                }
            }

            return null;
        }

        private bool Count(bool queued)
        {
            if (!queued)
            {
                _dropped++;
            }

            return queued;
        }
    }
}
