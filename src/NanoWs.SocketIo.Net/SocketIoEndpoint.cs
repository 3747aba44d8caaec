using System;
using NanoWs.Net;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// Serves a <see cref="SocketIoServer"/> on a <see cref="WebSocketServer"/>'s port at
    /// <c>/socket.io/</c>: Engine.IO long-polling (GETs held until there is something to send,
    /// POST bodies up to <c>maxPayload</c>) and WebSocket, with the upgrade from one to the other.
    /// Everything runs on the server's poll thread, so the Socket.IO handlers do too; the server
    /// ticks the Engine.IO heartbeats on every pass with its monotonic clock.
    /// </summary>
    /// <remarks>
    /// The connection options must let one Engine.IO exchange through a slot's fixed buffers (see
    /// <see cref="ConfigureConnection"/>): the POST head and body in the receive buffer, the longest
    /// polling response in the send buffer, whole WebSocket messages reassembled. A client may hold
    /// three slots at once (a held GET, a POST and the upgrading WebSocket).
    /// Calls into the <see cref="SocketIoServer"/> from another thread (an emit from a sensor
    /// thread) must hold <see cref="Sync"/>; the poll thread holds it around every call it makes.
    /// </remarks>
    public sealed class SocketIoEndpoint : PathHandler
    {
        // Byte budget: this object ~60 bytes, the query ~30, a response buffer of
        // ResponseBytes(options) (~1.4 KB with the defaults), two tables of MaxSessions references.
        // Nothing else is allocated after construction.

        /// <summary>The path prefix Engine.IO clients use by default.</summary>
        public const string DefaultPath = "/socket.io/";

        private const string PollContentType = "text/plain; charset=UTF-8";
        private const string OkContentType = "text/html";
        private const string ErrorContentType = "application/json";
        private const string UpgradeErrorContentType = "text/html";

        private static readonly byte[] Ok = new byte[] { (byte)'o', (byte)'k' };

        private readonly SocketIoServer _io;
        private readonly EngineIoQuery _query = new EngineIoQuery();
        private readonly byte[] _response;
        private readonly PathExchange[] _heldGet;
        private readonly PathExchange[] _socketOf;
        private readonly int _maxMessage;
        private readonly object _sync = new object();
        private bool _senderMayCommand;
        private long _now;

        /// <summary>An endpoint for <paramref name="io"/> at <see cref="DefaultPath"/>; attach it with <see cref="WebSocketServer.MapPath"/>.</summary>
        public SocketIoEndpoint(SocketIoServer io)
            : base(DefaultPath, io == null ? 0 : io.Options.MaxPayload)
        {
            if (io == null)
            {
                throw new ArgumentException("io must not be null");
            }

            _io = io;
            SocketIoOptions o = io.Options;
            _response = new byte[ResponseBytes(o)];
            _heldGet = new PathExchange[o.MaxSessions];
            _socketOf = new PathExchange[o.MaxSessions];
            _maxMessage = o.OutboxBytes;
        }

        /// <summary>
        /// Attaches a new endpoint for <paramref name="io"/> to <paramref name="server"/> (before it
        /// starts), after checking that the server's connection options fit Socket.IO.
        /// </summary>
        public static SocketIoEndpoint Attach(WebSocketServer server, SocketIoServer io)
        {
            if (server == null || io == null)
            {
                throw new ArgumentException("server and io must not be null");
            }

            WebSocketOptions c = server.Options.Connection != null ? server.Options.Connection : new WebSocketOptions();
            string problem = Check(c, io.Options);
            if (problem != null)
            {
                throw new ArgumentException(problem + " (see SocketIoEndpoint.ConfigureConnection)");
            }

            SocketIoEndpoint endpoint = new SocketIoEndpoint(io);
            server.MapPath(endpoint);
            return endpoint;
        }

        /// <summary>
        /// Sets the connection options a Socket.IO endpoint needs, growing what is too small: a
        /// receive buffer for a request head of 1 KB and a <c>maxPayload</c> body, a send buffer for
        /// the longest polling response, reassembly of WebSocket messages up to <c>maxPayload</c>.
        /// </summary>
        public static void ConfigureConnection(WebSocketOptions connection, SocketIoOptions options)
        {
            if (connection.ReceiveBufferSize < options.MaxPayload + 1024)
            {
                connection.ReceiveBufferSize = options.MaxPayload + 1024;
            }

            int send = ResponseBytes(options) + 256;
            if (connection.SendBufferSize < send)
            {
                connection.SendBufferSize = send;
            }

            // A larger limit set already (another handler on the same port) stays: Message refuses
            // a message over maxPayload itself.
            if (!connection.ReassembleMessages || connection.MaxMessageSize < options.MaxPayload)
            {
                connection.MaxMessageSize = options.MaxPayload;
            }

            connection.ReassembleMessages = true;
        }

        /// <summary>
        /// Bytes of the buffer a polling response is built in: the base64 form of the largest queued
        /// packet (a binary attachment) with its <c>b</c> prefix, or the JSON error bodies.
        /// </summary>
        public static int ResponseBytes(SocketIoOptions options)
        {
            int base64 = ((options.OutboxBytes + 2) / 3 * 4) + 2;
            return base64 < 128 ? 128 : base64;
        }

        /// <summary>
        /// During an event handler called for a packet from a client: true when the request that
        /// carried it may command (<see cref="PathExchange.IsAuthenticated"/>: no password set, a live
        /// login session, or the password itself). Each polling POST and the WebSocket are judged on
        /// their own, so a session opened while logged in gains nothing from a later request without
        /// the login. False outside such a call.
        /// </summary>
        public bool SenderMayCommand
        {
            get { return _senderMayCommand; }
        }

        /// <summary>The lock the poll thread holds around every call into the <see cref="SocketIoServer"/>.</summary>
        public object Sync
        {
            get { return _sync; }
        }

        /// <summary>The Socket.IO server served.</summary>
        public SocketIoServer Io
        {
            get { return _io; }
        }

        /// <summary>Number of long-polling GETs held open now (diagnostics).</summary>
        public int HeldPolls
        {
            get
            {
                lock (_sync)
                {
                    int n = 0;
                    for (int i = 0; i < _heldGet.Length; i++)
                    {
                        if (_heldGet[i] != null && _heldGet[i].IsHeld)
                        {
                            n++;
                        }
                    }

                    return n;
                }
            }
        }

        private static string Check(WebSocketOptions c, SocketIoOptions o)
        {
            if (c.ReceiveBufferSize < o.MaxPayload + 256)
            {
                return "ReceiveBufferSize must hold a request head and a maxPayload body";
            }

            if (c.SendBufferSize < ResponseBytes(o) + 160 || c.SendBufferSize - 32 < o.OutboxBytes)
            {
                return "SendBufferSize must hold the longest polling response and WebSocket message";
            }

            if (!c.ReassembleMessages || c.MaxMessageSize < o.MaxPayload)
            {
                return "WebSocket messages must be reassembled up to maxPayload";
            }

            return null;
        }

        /// <inheritdoc/>
        public override void Request(PathExchange exchange)
        {
            lock (_sync)
            {
                HttpHead head = exchange.Head;
                byte[] b = exchange.Buffer;
                int q = head.QueryOffset;
                _query.Parse(b, q < 0 ? 0 : q, head.QueryLength);
                bool isGet = head.MethodIs("GET");
                int session;
                EngineIoStatus status = _io.Verify(_query, b, isGet, exchange.IsUpgrade, out session);
                if (status != EngineIoStatus.Ok)
                {
                    Error(exchange, status);
                    return;
                }

                if (exchange.IsUpgrade)
                {
                    Upgrade(exchange, session);
                }
                else if (session < 0)
                {
                    // engine.io-protocol v4 handshake: the open packet is the body of the first GET.
                    Sweep();
                    status = _io.Open(EngineIoTransport.Polling, _now, out session);
                    if (status == EngineIoStatus.Ok)
                    {
                        status = _io.BeginPoll(session);
                    }

                    if (status != EngineIoStatus.Ok)
                    {
                        Error(exchange, status);
                        return;
                    }

                    Answer(exchange, session);
                }
                else if (isGet)
                {
                    status = _io.BeginPoll(session);
                    if (status != EngineIoStatus.Ok)
                    {
                        // A second GET while one is held: 400 here, and the session is closed;
                        // the held GET gets the close packet on the next pass.
                        Error(exchange, status);
                        return;
                    }

                    exchange.Link = session;
                    _heldGet[session] = exchange;
                    if (_io.HasPollData(session))
                    {
                        Answer(exchange, session);
                    }
                    else
                    {
                        exchange.Hold();
                    }
                }
                else if (head.MethodIs("POST"))
                {
                    Post(exchange, session);
                }
                else
                {
                    // engine.io's polling transport answers any other method with 500.
                    exchange.Respond(500, null, null, 0, 0);
                }
            }
        }

        private void Upgrade(PathExchange exchange, int session)
        {
            EngineIoStatus status;
            if (session < 0)
            {
                Sweep();
                status = _io.Open(EngineIoTransport.WebSocket, _now, out session);
            }
            else
            {
                status = _io.BeginUpgrade(session);
            }

            if (status != EngineIoStatus.Ok)
            {
                Error(exchange, status);
                return;
            }

            exchange.Accept();
            exchange.Link = session;
            _socketOf[session] = exchange;
        }

        private void Post(PathExchange exchange, int session)
        {
            EngineIoStatus status;
            if (exchange.BodyTooLarge)
            {
                // engine.io: a polling body over maxHttpBufferSize is answered 413 and the session
                // closes. The body is not read; Post judges by its length alone.
                status = exchange.BodyCount > _io.Options.MaxPayload
                    ? _io.Post(session, exchange.Buffer, 0, exchange.BodyCount, _now)
                    : EngineIoStatus.PayloadTooLarge;
            }
            else
            {
                _senderMayCommand = exchange.IsAuthenticated;
                status = _io.Post(session, exchange.Buffer, exchange.BodyOffset, exchange.BodyCount, _now);
                _senderMayCommand = false;
            }

            if (status != EngineIoStatus.Ok)
            {
                Error(exchange, status);
                return;
            }

            exchange.Respond(200, OkContentType, Ok, 0, Ok.Length);
        }

        /// <inheritdoc/>
        public override void Poll(PathExchange exchange)
        {
            lock (_sync)
            {
                int session = exchange.Link;
                if (session >= 0 && _heldGet[session] == exchange && _io.HasPollData(session))
                {
                    Answer(exchange, session);
                }
            }
        }

        /// <summary>Answers a GET with what the session has queued (engine.io-protocol v4 payload).</summary>
        private void Answer(PathExchange exchange, int session)
        {
            int space = exchange.ResponseSpace(PollContentType);
            int n = _io.TakePoll(session, _response, 0, space < _response.Length ? space : _response.Length);
            if (_heldGet[session] == exchange)
            {
                _heldGet[session] = null;
            }

            exchange.Respond(200, PollContentType, _response, 0, n);
        }

        /// <inheritdoc/>
        public override void Message(PathExchange exchange, bool binary, byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                int session = exchange.Link;
                if (session < 0 || _socketOf[session] != exchange)
                {
                    return;
                }

                if (count > _io.Options.MaxPayload)
                {
                    // The server's limit is another handler's, larger: RFC 6455 §7.4.1, 1009 (message too big).
                    exchange.Close(1009, string.Empty);
                    return;
                }

                _senderMayCommand = exchange.IsAuthenticated;
                if (binary)
                {
                    _io.ReceiveWebSocketBinary(session, buffer, offset, count);
                }
                else
                {
                    _io.ReceiveWebSocketText(session, buffer, offset, count, _now);
                }

                _senderMayCommand = false;
            }
        }

        /// <inheritdoc/>
        public override void Pump(PathExchange exchange)
        {
            lock (_sync)
            {
                int session = exchange.Link;
                if (session < 0 || _socketOf[session] != exchange)
                {
                    return;
                }

                // Only when the largest message fits: a message taken from the outbox is sent.
                while (exchange.SendSpace >= _maxMessage)
                {
                    bool binary;
                    int n = _io.NextWebSocketMessage(session, _response, 0, _response.Length, out binary);
                    if (n < 0)
                    {
                        break;
                    }

                    exchange.Send(binary, _response, 0, n);
                }

                if (!_io.IsOpen(session))
                {
                    CloseSocket(session);
                }
            }
        }

        /// <inheritdoc/>
        public override void Ended(PathExchange exchange)
        {
            lock (_sync)
            {
                int session = exchange.Link;
                if (session < 0)
                {
                    return;
                }

                if (exchange.IsHeld && _heldGet[session] == exchange)
                {
                    // engine.io: "poll connection closed prematurely" closes the session.
                    _heldGet[session] = null;
                    _io.PollAborted(session);
                }
                else if (exchange.IsWebSocket && _socketOf[session] == exchange)
                {
                    _socketOf[session] = null;
                    _io.WebSocketClosed(session);
                }
            }
        }

        /// <inheritdoc/>
        public override void Tick(long now)
        {
            lock (_sync)
            {
                _now = now;
                _io.Tick(now);
                Sweep();
            }
        }

        /// <summary>
        /// Lets go of the requests of sessions that closed: a held GET gets the close packet, a
        /// WebSocket is closed. Runs before a session slot can be reused, so an old request never
        /// serves the new session.
        /// </summary>
        private void Sweep()
        {
            for (int i = 0; i < _heldGet.Length; i++)
            {
                if (_io.IsOpen(i))
                {
                    continue;
                }

                PathExchange held = _heldGet[i];
                if (held != null && held.IsHeld)
                {
                    Answer(held, i);
                }

                _heldGet[i] = null;
                if (_socketOf[i] != null)
                {
                    CloseSocket(i);
                }
            }
        }

        private void CloseSocket(int session)
        {
            PathExchange ws = _socketOf[session];
            _socketOf[session] = null;
            if (ws != null && ws.IsWebSocket)
            {
                // engine.io closes the transport of a closed session (RFC 6455 §7.4.1: 1000).
                ws.Link = -1;
                ws.Close(CloseStatus.NormalClosure, string.Empty);
            }
        }

        private void Error(PathExchange exchange, EngineIoStatus status)
        {
            int n = SocketIoServer.WriteErrorBody(status, _response, 0);
            if (exchange.IsUpgrade)
            {
                // engine.io's abortUpgrade: 400 and the bare message as text/html.
                int start = n > 0 ? 21 : 0; // after {"code":N,"message":"
                int count = n > 0 ? n - 2 - start : 0;
                exchange.Respond(400, UpgradeErrorContentType, _response, start, count);
                return;
            }

            exchange.Respond(SocketIoServer.HttpStatus(status), n > 0 ? ErrorContentType : null, _response, 0, n);
        }
    }
}
