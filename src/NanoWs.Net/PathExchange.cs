namespace NanoWs.Net
{
    /// <summary>
    /// One request (or accepted WebSocket) handed to a <see cref="PathHandler"/>. The server keeps
    /// one per connection slot, allocated by the first <see cref="WebSocketServer.MapPath"/>, and reuses it:
    /// use it only during the handler's calls, or hold on to it with <see cref="ConnectionId"/> as
    /// the check that it is still the same request.
    /// </summary>
    public sealed class PathExchange
    {
        internal const int StateNone = 0;
        internal const int StateBody = 1;
        internal const int StatePending = 2;
        internal const int StateHeld = 3;
        internal const int StateLinked = 4;

        private readonly WebSocketServer _server;
        private ConnectionSlot _slot;

        internal PathExchange(WebSocketServer server)
        {
            _server = server;
            Link = -1;
        }

        internal int State;

        /// <summary>The connection's id (as in the server's events); 0 once the exchange is over.</summary>
        public int ConnectionId { get; private set; }

        /// <summary>
        /// True when this request (or accepted WebSocket) may command: no password is set, it came
        /// with a live login session, or with the password itself (<see cref="WebSocketServer.IsAuthenticated"/>).
        /// A request let in only to view (<see cref="WebSocketServerOptions.ViewWithoutLogin"/>) is false.
        /// </summary>
        public bool IsAuthenticated
        {
            get { return ConnectionId != 0 && _server.IsAuthenticated(ConnectionId); }
        }

        /// <summary>True for a WebSocket upgrade request (and once it is accepted).</summary>
        public bool IsUpgrade { get; private set; }

        /// <summary>The parsed request head (valid until the request is answered or accepted).</summary>
        public HttpHead Head
        {
            get { return _slot.Driver.Connection.Head; }
        }

        /// <summary>The buffer holding the request head (from 0) and the body.</summary>
        public byte[] Buffer
        {
            get { return _slot.Driver.Connection.ReceiveBuffer; }
        }

        /// <summary>Offset of the request body in <see cref="Buffer"/>.</summary>
        public int BodyOffset { get; private set; }

        /// <summary>Length of the request body (its <c>Content-Length</c>).</summary>
        public int BodyCount { get; private set; }

        /// <summary>
        /// True when the declared body is longer than <see cref="PathHandler.MaxBodyBytes"/> or than
        /// the receive buffer holds after the head: it was not read (RFC 9110 §15.5.14: answer 413).
        /// </summary>
        public bool BodyTooLarge { get; private set; }

        /// <summary>The handler's own number for this exchange (e.g. a session); -1 until set.</summary>
        public int Link;

        /// <summary>True while the request is held (also during <see cref="PathHandler.Ended"/> for a held request).</summary>
        public bool IsHeld
        {
            get { return State == StateHeld; }
        }

        /// <summary>True while this is an accepted WebSocket (also during <see cref="PathHandler.Ended"/> for one).</summary>
        public bool IsWebSocket
        {
            get { return State == StateLinked; }
        }

        /// <summary>
        /// Answers the request: status, content type (or null), and <paramref name="count"/> body
        /// bytes copied into the connection's send buffer, with <c>Content-Length</c> and
        /// <c>Connection: close</c>. An upgrade request answered this way is refused.
        /// </summary>
        public void Respond(int status, string contentType, byte[] body, int offset, int count)
        {
            RespondWithHeaders(status, contentType, body, offset, count, null);
        }

        /// <summary>As <see cref="Respond(int, string, byte[], int, int)"/>, with more header lines (each ending in CRLF), or null.</summary>
        internal void RespondWithHeaders(int status, string contentType, byte[] body, int offset, int count, string extraHeaders)
        {
            RequireRequest();
            lock (_slot.Sync)
            {
                _slot.Driver.Connection.WriteHttpResponse(status, contentType, body, offset, count, extraHeaders);
                _slot.Hook = StateNone;
            }

            State = StateNone;
            _server.WakePoll();
        }

        /// <summary>Room for a response body with this content type (the send buffer less the head).</summary>
        public int ResponseSpace(string contentType)
        {
            lock (_slot.Sync)
            {
                return _slot.Driver.Connection.HttpResponseBodySpace(contentType, null);
            }
        }

        /// <summary>
        /// Keeps the request open without a timeout of its own: <see cref="PathHandler.Poll"/> is
        /// called on every pass until it answers, and <see cref="PathHandler.Ended"/> if the peer
        /// goes away first. The handler's own protocol must bound the wait.
        /// </summary>
        public void Hold()
        {
            RequireRequest();
            if (IsUpgrade)
            {
                throw new System.InvalidOperationException("an upgrade is accepted or answered, not held");
            }

            State = StateHeld;
            lock (_slot.Sync)
            {
                _slot.Hook = StateHeld;
            }
        }

        /// <summary>Accepts the upgrade request (101, RFC 6455 §4.2.2): its messages go to <see cref="PathHandler.Message"/>.</summary>
        public void Accept()
        {
            RequireRequest();
            if (!IsUpgrade)
            {
                throw new System.InvalidOperationException("not an upgrade request");
            }

            lock (_slot.Sync)
            {
                _slot.Driver.AcceptHandshake();
                _slot.Hook = StateLinked;
            }

            State = StateLinked;
            _server.WakePoll();
        }

        /// <summary>Room for one more message on the accepted WebSocket (its payload bytes).</summary>
        public int SendSpace
        {
            get { return State == StateLinked ? _server.SendSpaceOf(ConnectionId) : 0; }
        }

        /// <summary>Queues one whole message on the accepted WebSocket; false when it does not fit now or the connection is not open.</summary>
        public bool Send(bool binary, byte[] buffer, int offset, int count)
        {
            return State == StateLinked
                && _server.Send(ConnectionId, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, buffer, offset, count);
        }

        /// <summary>Starts the close handshake of the accepted WebSocket (RFC 6455 §7.1.2).</summary>
        public void Close(int code, string reason)
        {
            if (State == StateLinked)
            {
                _server.Close(ConnectionId, code, reason);
            }
        }

        internal ConnectionSlot Slot
        {
            get { return _slot; }
        }

        /// <summary>The handler serving this request (set by <see cref="Begin"/>).</summary>
        internal PathHandler Handler;

        internal void Begin(ConnectionSlot slot, bool isUpgrade, PathHandler handler)
        {
            _slot = slot;
            Handler = handler;
            ConnectionId = slot.Id;
            IsUpgrade = isUpgrade;
            BodyOffset = 0;
            BodyCount = 0;
            BodyTooLarge = false;
            Link = -1;
            State = StatePending;
        }

        internal void SetBody(int offset, int count, bool tooLarge)
        {
            BodyOffset = offset;
            BodyCount = count;
            BodyTooLarge = tooLarge;
        }

        internal void Finish()
        {
            State = StateNone;
            ConnectionId = 0;
            Link = -1;
        }

        private void RequireRequest()
        {
            if (State != StatePending && State != StateHeld)
            {
                throw new System.InvalidOperationException("no request to answer");
            }
        }
    }
}
