using System;
using NanoWs.Hub;
using NanoWs.Net;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// Shares a <see cref="ChannelHub"/> over Socket.IO: every socket connected to one namespace is
    /// a tab; the hub's messages (<c>hello</c>, <c>hist</c>, <c>state</c>, <c>ack</c>, the JSON of the
    /// dashboard protocol) go out as one event (<see cref="DefaultEvent"/>, one JSON argument), and a
    /// <c>set</c> event whose first argument is a command object is handled as a tab's command,
    /// answered with the hub's <c>ack</c> as that event and, when the client asked for one, as the
    /// acknowledgement too.
    /// <para>A tab's room is its session's outbox space (less the event's framing and the outbox's
    /// reserve for control packets), so a slow client gets fewer, newer <c>state</c> messages and the
    /// outbox never holds more than it can send.</para>
    /// <para>Threads: the hub is pumped only under the endpoint's <see cref="SocketIoEndpoint.Sync"/>,
    /// either by the poll thread (connections and commands, which the endpoint already runs under it)
    /// or by <see cref="Pump"/>. The lock order is always <c>Sync</c>, then the hub's own lock; never
    /// call <see cref="ChannelHub.Pump"/> of this hub directly.</para>
    /// </summary>
    public sealed class HubSocketIo : IHubTransport
    {
        /// <summary>The event carrying the hub's messages: <c>hub</c>.</summary>
        public const string DefaultEvent = "hub";

        /// <summary>The event carrying a command: <c>set</c>.</summary>
        public const string CommandEvent = "set";

        // SocketIoServer keeps 96 bytes of every outbox for control packets; each packet takes a
        // 3-byte record header there.
        private const int ControlReserve = 96;
        private const int RecordHeader = 3;

        private static readonly byte[] ViewOnlyAck = Utf8Bytes("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"log in to send commands\"}");

        // Byte budget: two arrays of MaxTabs (a reference and an int each), two cached delegates,
        // ~60 bytes of fields.
        private readonly SocketIoEndpoint _endpoint;
        private readonly SocketIoNamespace _ns;
        private readonly string _event;
        private readonly MillisecondClock _clock;
        private readonly int _eventOverhead;
        private readonly int _ackOverhead;
        private readonly SocketIoConnectionHandler _onConnection;
        private readonly SocketIoEventHandler _onSet;
        private readonly SocketIoDisconnectHandler _onDisconnect;
        private ChannelHub _hub;
        private SocketIoSocket[] _tabs;
        private int[] _ackIds;
        private int _droppedCommands;

        /// <summary>Creates the link for namespace <paramref name="ns"/> of the endpoint's server; then build the hub with it and <see cref="Attach"/>.</summary>
        /// <param name="endpoint">The endpoint serving the Socket.IO server (its <see cref="SocketIoEndpoint.Sync"/> guards every emit).</param>
        /// <param name="ns">The namespace whose sockets are tabs (<c>io.Of("/")</c> for the main one).</param>
        /// <param name="eventName">The event for the hub's messages; null: <see cref="DefaultEvent"/>.</param>
        /// <param name="clock">The hub's clock in ms (the server's).</param>
        public HubSocketIo(SocketIoEndpoint endpoint, SocketIoNamespace ns, string eventName, MillisecondClock clock)
        {
            if (endpoint == null || ns == null || clock == null)
            {
                throw new ArgumentNullException(endpoint == null ? "endpoint" : ns == null ? "ns" : "clock");
            }

            _endpoint = endpoint;
            _ns = ns;
            _event = eventName == null ? DefaultEvent : eventName;
            _clock = clock;

            // socket.io-protocol v5: "42" + ("/ns," unless the main namespace) + ["event",JSON]; an
            // acknowledgement "43" + ("/ns,") + id + [JSON] (the id's digits are added per packet).
            int nsBytes = ns.Name == "/" ? 0 : ns.Name.Length + 1;
            _eventOverhead = 2 + nsBytes + 2 + JsonStringBytes(_event) + 1 + 1;
            _ackOverhead = 2 + nsBytes + 2;
            _onConnection = new SocketIoConnectionHandler(OnConnection);
            _onSet = new SocketIoEventHandler(OnSet);
            _onDisconnect = new SocketIoDisconnectHandler(OnDisconnect);
        }

        /// <summary>The hub.</summary>
        public ChannelHub Hub
        {
            get { return _hub; }
        }

        /// <summary>Commands not read because the tab's previous <c>ack</c> was still waiting for outbox room.</summary>
        public int DroppedCommands
        {
            get { return _droppedCommands; }
        }

        /// <summary>
        /// Takes the namespace's connections (its <see cref="SocketIoNamespace.OnConnection"/>) for
        /// <paramref name="hub"/>, a hub built with this link. Sockets beyond the hub's
        /// <see cref="HubOptions.MaxTabs"/> are disconnected.
        /// </summary>
        /// <param name="hub">The hub.</param>
        public void Attach(ChannelHub hub)
        {
            if (hub == null)
            {
                throw new ArgumentNullException("hub");
            }

            lock (_endpoint.Sync)
            {
                _hub = hub;
                int n = hub.Options.MaxTabs;
                _tabs = new SocketIoSocket[n];
                _ackIds = new int[n];
                for (int i = 0; i < n; i++)
                {
                    _ackIds[i] = -1;
                }

                _ns.OnConnection(_onConnection);
            }
        }

        /// <summary>Pumps the hub under the endpoint's lock (what changed, heartbeats, held values); call it from the application's loop.</summary>
        /// <returns>Messages sent.</returns>
        public int Pump()
        {
            lock (_endpoint.Sync)
            {
                return _hub.Pump(_clock());
            }
        }

        /// <inheritdoc />
        public int GetRoom(int tabId)
        {
            SocketIoSocket socket = Socket(tabId);
            if (socket == null || !socket.Connected)
            {
                return 0;
            }

            int room = socket.OutboxFree - ControlReserve - RecordHeader - _eventOverhead;
            int ackId = _ackIds[tabId - 1];
            if (ackId >= 0)
            {
                // The next ack goes out twice (the event and the acknowledgement): room for both.
                room = (room - RecordHeader - _ackOverhead - Digits(ackId)) / 2;
            }

            return room > 0 ? room : 0;
        }

        /// <inheritdoc />
        public bool SendText(int tabId, byte[] buffer, int offset, int count)
        {
            SocketIoSocket socket = Socket(tabId);
            if (socket == null)
            {
                return false;
            }

            int ackId = _ackIds[tabId - 1];
            bool ack = ackId >= 0 && IsAck(buffer, offset, count);
            if (!socket.Emit(_event, buffer, offset, count))
            {
                return false;
            }

            if (ack)
            {
                // GetRoom left room for it: the client's acknowledgement callback gets the same object.
                _ackIds[tabId - 1] = -1;
                socket.Ack(ackId, buffer, offset, count);
            }

            return true;
        }

        private void OnConnection(SocketIoSocket socket)
        {
            int tab = -1;
            for (int i = 0; i < _tabs.Length; i++)
            {
                if (_tabs[i] == null)
                {
                    tab = i;
                    break;
                }
            }

            // Noted before the tab joins, so the health after its hello already lists its connection.
            _hub.NoteEvent(HubEvent.TabOpened, 0, null, _clock());

            // The hub's tab ids are positive: slot + 1.
            if (tab < 0 || !_hub.AddTab(tab + 1))
            {
                socket.Disconnect();
                _hub.NoteEvent(HubEvent.TabRefused, 0, null, _clock());
                return;
            }

            _tabs[tab] = socket;
            _ackIds[tab] = -1;
            socket.On(CommandEvent, _onSet);
            socket.OnDisconnect(_onDisconnect);
            _hub.Pump(_clock());
        }

        private void OnSet(SocketIoSocket socket, SocketIoMessage message)
        {
            int tab = IndexOf(socket);
            if (tab < 0)
            {
                return;
            }

            if (!_endpoint.SenderMayCommand)
            {
                // A viewer without the owner's login (ViewWithoutLogin) may look, not act: the same
                // answer as the JSON API's, to the event and to the client's callback.
                socket.Emit(_event, ViewOnlyAck, 0, ViewOnlyAck.Length);
                if (message.AckId >= 0)
                {
                    socket.Ack(message.AckId, ViewOnlyAck, 0, ViewOnlyAck.Length);
                }

                return;
            }

            int offset;
            int count = message.GetArg(0, out offset);
            if (count < 0)
            {
                // No argument: the hub answers it as malformed JSON.
                offset = message.ArgsOffset;
                count = 0;
            }

            int previous = _ackIds[tab];
            _ackIds[tab] = message.AckId;
            if (!_hub.HandleMessage(tab + 1, message.Buffer, offset, count, _clock()))
            {
                // The previous ack still waits for room; a Socket.IO event cannot be read again later.
                _ackIds[tab] = previous;
                _droppedCommands++;
                return;
            }

            _hub.Pump(_clock());
        }

        private void OnDisconnect(SocketIoSocket socket, string reason)
        {
            int tab = IndexOf(socket);
            if (tab >= 0)
            {
                _tabs[tab] = null;
                _ackIds[tab] = -1;
                _hub.RemoveTab(tab + 1);
            }
        }

        private SocketIoSocket Socket(int tabId)
        {
            return tabId >= 1 && tabId <= _tabs.Length ? _tabs[tabId - 1] : null;
        }

        private int IndexOf(SocketIoSocket socket)
        {
            for (int i = 0; i < _tabs.Length; i++)
            {
                if (_tabs[i] == socket)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsAck(byte[] b, int offset, int count)
        {
            // The hub writes every ack as {"t":"ack",…}.
            const string prefix = "{\"t\":\"ack\"";
            if (count < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (b[offset + i] != (byte)prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static byte[] Utf8Bytes(string text)
        {
            byte[] bytes = new byte[Utf8.GetByteCount(text)];
            Utf8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        private static int Digits(int n)
        {
            int d = 1;
            while (n >= 10)
            {
                n /= 10;
                d++;
            }

            return d;
        }

        private static int JsonStringBytes(string s)
        {
            // The event name as a JSON string (quotes and escapes), never understated.
            int n = 2;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                n += c == '"' || c == '\\' ? 2 : c < ' ' ? 6 : c < (char)0x80 ? 1 : 3;
            }

            return n;
        }
    }
}
