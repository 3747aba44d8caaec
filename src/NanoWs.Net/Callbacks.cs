using System;

// The app-facing callback API of WebSocketServer and WebSocketClient: the delegate types of their
// events and hooks, and the reusable argument object of a received message slice.

namespace NanoWs.Net
{
    /// <summary>
    /// A clock in milliseconds for the connection timers. It must not go backwards or leap
    /// (see <see cref="MonotonicClock"/>).
    /// </summary>
    /// <returns>The current time in milliseconds from any fixed origin.</returns>
    public delegate long MillisecondClock();

    /// <summary>Raised on the poll thread when a WebSocket connection has opened.</summary>
    /// <param name="server">The server that accepted the connection.</param>
    /// <param name="connectionId">Identifies the connection in <see cref="WebSocketServer.Send"/> and the other calls.</param>
    public delegate void WebSocketOpenHandler(WebSocketServer server, int connectionId);

    /// <summary>
    /// Raised on the poll thread for every received message slice (or whole message when
    /// <see cref="WebSocketOptions.ReassembleMessages"/> is on). The arguments object and the bytes
    /// it points to are valid only during the call.
    /// </summary>
    /// <param name="server">The server that received the message.</param>
    /// <param name="message">The slice; reused for every slice of the connection.</param>
    public delegate void WebSocketMessageHandler(WebSocketServer server, WebSocketMessageEventArgs message);

    /// <summary>
    /// Raised on the poll thread once a connection that had opened is gone and its TCP connection
    /// is closed. The connection id is invalid afterwards.
    /// </summary>
    /// <param name="server">The server the connection belonged to.</param>
    /// <param name="connectionId">The connection that closed.</param>
    /// <param name="code">
    /// The close code: the one the peer sent (1005 when its close frame had none), the one this
    /// side sent when it failed the connection (1002, 1007, 1009…), or 1006 when the connection
    /// ended without a close frame (RFC 6455 §7.1.5).
    /// </param>
    /// <param name="reason">The peer's close reason, or an empty string.</param>
    /// <param name="wasClean">True when close frames went both ways (RFC 6455 §7.1.4).</param>
    public delegate void WebSocketCloseHandler(WebSocketServer server, int connectionId, int code, string reason, bool wasClean);

    /// <summary>Raised on the poll thread when a ping or a pong arrived on an open connection.</summary>
    /// <param name="server">The server the connection belongs to.</param>
    /// <param name="connectionId">The connection it arrived on.</param>
    public delegate void WebSocketHeartbeatHandler(WebSocketServer server, int connectionId);

    /// <summary>
    /// Raised on the poll thread when a connection fails: a protocol violation by the peer, a timer
    /// that expired, a socket error, a refused handshake, or an exception thrown by a handler.
    /// </summary>
    /// <param name="server">The server the connection belongs to.</param>
    /// <param name="connectionId">The connection, or -1 for an error of the listening socket.</param>
    /// <param name="message">What went wrong.</param>
    public delegate void WebSocketErrorHandler(WebSocketServer server, int connectionId, string message);

    /// <summary>
    /// Decides, on the poll thread, whether a request may proceed. It sees the parsed request
    /// (<see cref="HttpHead.Path"/>, <see cref="HttpHead.Query"/>, <see cref="HttpHead.GetCookie"/>,
    /// <see cref="HttpHead.GetHeader"/> for <c>Authorization</c>), which is valid only during the call.
    /// </summary>
    /// <param name="server">The server that received the request.</param>
    /// <param name="connectionId">The connection the request arrived on.</param>
    /// <param name="request">The request head.</param>
    /// <param name="isUpgrade">True for a WebSocket upgrade, false for a plain HTTP route request.</param>
    /// <returns>0 to allow it, or the HTTP error status to answer with (401 adds <c>WWW-Authenticate</c>, 403…).</returns>
    public delegate int WebSocketAuthorizeHandler(WebSocketServer server, int connectionId, HttpHead request, bool isUpgrade);

    /// <summary>Raised on the client's thread when its connection has opened.</summary>
    /// <param name="client">The client.</param>
    public delegate void WebSocketClientOpenHandler(WebSocketClient client);

    /// <summary>
    /// Raised on the client's thread for every received message slice (or whole message when
    /// <see cref="WebSocketOptions.ReassembleMessages"/> is on); valid only during the call.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="message">The slice (its <see cref="WebSocketMessageEventArgs.ConnectionId"/> is 0).</param>
    public delegate void WebSocketClientMessageHandler(WebSocketClient client, WebSocketMessageEventArgs message);

    /// <summary>Raised on the client's thread when a connection attempt or an open connection fails.</summary>
    /// <param name="client">The client.</param>
    /// <param name="message">What went wrong.</param>
    public delegate void WebSocketClientErrorHandler(WebSocketClient client, string message);

    /// <summary>
    /// Raised on the client's thread when a connection (or a connection attempt) has ended and its
    /// socket is closed; with reconnection on, another attempt follows unless the app closed it or
    /// <see cref="WebSocketClientOptions.MaxReconnectAttempts"/> is used up.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="code">The close code, as for <see cref="WebSocketCloseHandler"/> (1006 when no close frame came).</param>
    /// <param name="reason">The server's close reason, or an empty string.</param>
    /// <param name="wasClean">True when close frames went both ways.</param>
    public delegate void WebSocketClientCloseHandler(WebSocketClient client, int code, string reason, bool wasClean);

    /// <summary>
    /// One received message slice, passed to <see cref="WebSocketServer.MessageReceived"/> and
    /// <see cref="WebSocketClient.MessageReceived"/>. One instance per connection slot (or client) is
    /// allocated up front and reused for every slice:
    /// the object and the bytes it points to are valid only during the handler call.
    /// </summary>
    /// <remarks>
    /// Backpressure: a handler that cannot take the whole slice now (typically because the reply it
    /// forwards does not fit the send buffer) calls <see cref="Defer"/> with the number of bytes it
    /// did take. The server then stops reading from that connection and hands the rest of the slice
    /// to the handler again once the connection has sent some of its queued bytes. Nothing is
    /// dropped and nothing is buffered beyond the connection's fixed buffers.
    /// </remarks>
    public sealed class WebSocketMessageEventArgs
    {
        // Byte budget: a dozen fields, ~60 bytes; the payload is never copied here.
        private int _connectionId;
        private WebSocketMessageType _type;
        private byte[] _buffer;
        private int _offset;
        private int _count;
        private bool _isFirst;
        private bool _isFinal;
        private bool _deferred;
        private int _consumed;

        internal WebSocketMessageEventArgs()
        {
        }

        /// <summary>The connection the message arrived on (server), or 0 (client).</summary>
        public int ConnectionId
        {
            get { return _connectionId; }
        }

        /// <summary>Text or binary.</summary>
        public WebSocketMessageType MessageType
        {
            get { return _type; }
        }

        /// <summary>Buffer holding the slice (the connection's receive or message buffer).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the slice in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <summary>Length of the slice; 0 only for an empty message or an empty final fragment.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>True when the slice starts its message.</summary>
        public bool IsFirst
        {
            get { return _isFirst; }
        }

        /// <summary>True when the slice ends its message.</summary>
        public bool IsFinal
        {
            get { return _isFinal; }
        }

        /// <summary>
        /// Decodes the slice as UTF-8 text (allocates). Meant for whole text messages
        /// (<see cref="IsFirst"/> and <see cref="IsFinal"/>); a slice may end inside a character.
        /// </summary>
        public string GetText()
        {
            return Utf8.GetString(_buffer, _offset, _count);
        }

        /// <summary>
        /// Tells the server the handler took only the first <paramref name="consumed"/> bytes of the
        /// slice (0 to <see cref="Count"/>). The rest, with <see cref="IsFinal"/> unchanged, is handed
        /// over again once the connection's send buffer has drained some; until then nothing more is
        /// read from this connection. Ignored when the connection can no longer send.
        /// </summary>
        public void Defer(int consumed)
        {
            if (consumed < 0 || consumed > _count)
            {
                throw new ArgumentException("consumed must be between 0 and Count");
            }

            _deferred = true;
            _consumed = consumed;
        }

        internal bool Deferred
        {
            get { return _deferred; }
        }

        internal void Set(int connectionId, WebSocketMessageType type, byte[] buffer, int offset, int count, bool isFirst, bool isFinal)
        {
            _connectionId = connectionId;
            _type = type;
            _buffer = buffer;
            _offset = offset;
            _count = count;
            _isFirst = isFirst;
            _isFinal = isFinal;
            _deferred = false;
            _consumed = 0;
        }

        /// <summary>Drops the consumed part after a deferral and re-arms for the next delivery.</summary>
        internal void Advance()
        {
            if (_consumed > 0)
            {
                _offset += _consumed;
                _count -= _consumed;
                _isFirst = false;
            }

            _deferred = false;
            _consumed = 0;
        }

        internal void Clear()
        {
            _buffer = null;
            _offset = 0;
            _count = 0;
            _deferred = false;
            _consumed = 0;
        }
    }
}
