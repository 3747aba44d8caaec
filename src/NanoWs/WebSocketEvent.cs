namespace NanoWs
{
    /// <summary>
    /// What <see cref="WebSocketConnection.Next"/> produced. Event details are read from the
    /// connection's <c>Event*</c> properties and stay valid until the next call to
    /// <see cref="WebSocketConnection.Next"/>, <see cref="WebSocketConnection.Feed"/> or
    /// <see cref="WebSocketConnection.CommitReceive"/>.
    /// </summary>
    public enum WebSocketEvent
    {
        /// <summary>Nothing more can be produced from the bytes received so far.</summary>
        None = 0,

        /// <summary>
        /// Server: a valid WebSocket upgrade request arrived. Inspect it through
        /// <see cref="WebSocketConnection.Head"/>, then call
        /// <see cref="WebSocketConnection.AcceptHandshake()"/> or
        /// <see cref="WebSocketConnection.RejectHandshake"/>.
        /// </summary>
        UpgradeRequest,

        /// <summary>
        /// Server: a well-formed HTTP request without upgrade headers (a page request). The
        /// transport answers it itself and closes; <see cref="WebSocketConnection.Head"/>
        /// describes it.
        /// </summary>
        HttpRequest,

        /// <summary>
        /// The opening handshake failed. Server: an HTTP error response is queued (status in
        /// <see cref="WebSocketConnection.HttpStatus"/>). Client: the server's response was not a
        /// valid acceptance. <see cref="WebSocketConnection.ErrorMessage"/> says why.
        /// </summary>
        HandshakeFailed,

        /// <summary>Client: the server accepted the handshake; the connection is open.</summary>
        Open,

        /// <summary>
        /// A slice of a data message: <see cref="WebSocketConnection.EventBuffer"/>,
        /// <see cref="WebSocketConnection.EventOffset"/>, <see cref="WebSocketConnection.EventCount"/>,
        /// <see cref="WebSocketConnection.EventMessageType"/>, <see cref="WebSocketConnection.EventIsFirst"/>,
        /// <see cref="WebSocketConnection.EventIsFinal"/>. With message reassembly on, every event
        /// is a whole message.
        /// </summary>
        Data,

        /// <summary>A ping arrived (payload in the event slice); the pong is already queued.</summary>
        Ping,

        /// <summary>A pong arrived (payload in the event slice).</summary>
        Pong,

        /// <summary>
        /// The peer's close frame arrived: <see cref="WebSocketConnection.CloseCode"/> (1005 when it
        /// carried none) and the reason in the event slice. The reply is queued when required.
        /// </summary>
        Close,

        /// <summary>
        /// The peer violated the protocol. A close frame with <see cref="WebSocketConnection.CloseCode"/>
        /// is queued and the connection is closed (RFC 6455 §7.1.7);
        /// <see cref="WebSocketConnection.ErrorMessage"/> says why.
        /// </summary>
        ProtocolError,

        /// <summary>
        /// A timer given to <see cref="WebSocketConnection.Tick"/> expired (handshake, pong or close
        /// timeout). The transport should drop the connection.
        /// </summary>
        TimedOut,
    }
}
