namespace NanoWs.SocketIo
{
    /// <summary>
    /// The outcome of an Engine.IO request, with the reference server's error codes
    /// (engine.io <c>Server.errors</c>): the transport answers with <see cref="SocketIoServer.HttpStatus"/>
    /// and, for errors, the JSON body of <see cref="SocketIoServer.WriteErrorBody"/>.
    /// </summary>
    public enum EngineIoStatus
    {
        /// <summary>Accepted.</summary>
        Ok = -1,

        /// <summary>400 <c>{"code":0,"message":"Transport unknown"}</c>.</summary>
        UnknownTransport = 0,

        /// <summary>400 <c>{"code":1,"message":"Session ID unknown"}</c>.</summary>
        UnknownSid = 1,

        /// <summary>400 <c>{"code":2,"message":"Bad handshake method"}</c>.</summary>
        BadHandshakeMethod = 2,

        /// <summary>400 <c>{"code":3,"message":"Bad request"}</c>.</summary>
        BadRequest = 3,

        /// <summary>403 <c>{"code":4,"message":"Forbidden"}</c>.</summary>
        Forbidden = 4,

        /// <summary>400 <c>{"code":5,"message":"Unsupported protocol version"}</c>.</summary>
        UnsupportedProtocolVersion = 5,

        /// <summary>413, empty body: a polling body over <c>maxPayload</c> (the session is closed).</summary>
        PayloadTooLarge = 100,

        /// <summary>503, empty body: every session slot is taken.</summary>
        ServiceUnavailable = 101,
    }

    /// <summary>Engine.IO transports (the <c>transport</c> query parameter).</summary>
    public enum EngineIoTransport
    {
        /// <summary>Missing or not one this server knows.</summary>
        Unknown = 0,

        /// <summary><c>polling</c>: HTTP long-polling.</summary>
        Polling = 1,

        /// <summary><c>websocket</c>.</summary>
        WebSocket = 2,
    }
}
