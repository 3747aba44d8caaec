using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// A namespace (<c>io.of("/admin")</c>): its connection handler, its optional authentication,
    /// and emits to all of its sockets or to a room.
    /// </summary>
    public sealed class SocketIoNamespace
    {
        private readonly SocketIoServer _server;
        private readonly int _index;
        private readonly string _name;
        private readonly SocketIoBroadcast _broadcast;
        private SocketIoConnectionHandler _onConnection;
        private SocketIoAuthHandler _auth;

        internal SocketIoNamespace(SocketIoServer server, int index, string name)
        {
            _server = server;
            _index = index;
            _name = name;
            _broadcast = new SocketIoBroadcast(server, index);
        }

        /// <summary>The name, starting with <c>/</c>.</summary>
        public string Name
        {
            get { return _name; }
        }

        internal int Index
        {
            get { return _index; }
        }

        internal SocketIoConnectionHandler ConnectionHandler
        {
            get { return _onConnection; }
        }

        internal SocketIoAuthHandler AuthHandler
        {
            get { return _auth; }
        }

        /// <summary>Calls <paramref name="handler"/> for every socket that connects to this namespace.</summary>
        public void OnConnection(SocketIoConnectionHandler handler)
        {
            _onConnection = handler;
        }

        /// <summary>Runs <paramref name="handler"/> before each connection; a non-null answer refuses it with CONNECT_ERROR.</summary>
        public void Use(SocketIoAuthHandler handler)
        {
            _auth = handler;
        }

        /// <summary>The sockets of this namespace in <paramref name="room"/> (a reused object: emit right away).</summary>
        public SocketIoBroadcast To(string room)
        {
            int r = _server.RoomIndex(_index, room, false);
            return _broadcast.Target(r < 0 ? 0 : 1 << r, r < 0);
        }

        /// <summary>Emits to every connected socket of the namespace; returns how many queued it.</summary>
        public int Emit(string eventName, string json)
        {
            return _broadcast.Target(0, false).EmitAll(eventName, json, false);
        }

        /// <summary>As <see cref="Emit"/>, newest-wins per event name (see <see cref="SocketIoSocket.EmitLatest"/>).</summary>
        public int EmitLatest(string eventName, string json)
        {
            return _broadcast.Target(0, false).EmitAll(eventName, json, true);
        }
    }

    /// <summary>Emits to the sockets of a room (see <see cref="SocketIoNamespace.To"/>).</summary>
    public sealed class SocketIoBroadcast
    {
        private readonly SocketIoServer _server;
        private readonly int _ns;
        private int _mask;
        private bool _nobody;

        internal SocketIoBroadcast(SocketIoServer server, int ns)
        {
            _server = server;
            _ns = ns;
        }

        internal SocketIoBroadcast Target(int mask, bool nobody)
        {
            _mask = mask;
            _nobody = nobody;
            return this;
        }

        /// <summary>Emits to every socket of the room; returns how many queued it (a full outbox counts as dropped on that socket).</summary>
        public int Emit(string eventName, string json)
        {
            return EmitAll(eventName, json, false);
        }

        /// <summary>As <see cref="Emit"/>, newest-wins per event name.</summary>
        public int EmitLatest(string eventName, string json)
        {
            return EmitAll(eventName, json, true);
        }

        internal int EmitAll(string eventName, string json, bool latest)
        {
            if (_nobody)
            {
                return 0;
            }

            int n = 0;
            for (int s = 0; s < _server.SessionCount; s++)
            {
                SocketIoSocket socket = _server.SocketAt(s, _ns);
                if (socket == null || !socket.Connected || (_mask != 0 && (socket.Rooms & _mask) == 0))
                {
                    continue;
                }

                if (latest ? socket.EmitLatest(eventName, json) : socket.Emit(eventName, json))
                {
                    n++;
                }
            }

            return n;
        }
    }
}
