namespace NanoWs
{
    /// <summary>Connection state, following RFC 6455 §4 and §7.</summary>
    public enum WebSocketState
    {
        /// <summary>The opening handshake is in progress.</summary>
        Connecting = 0,

        /// <summary>Handshake done; data may flow both ways.</summary>
        Open = 1,

        /// <summary>This side sent a close frame and waits for the peer's.</summary>
        Closing = 2,

        /// <summary>Close handshake done, failed, or the transport is gone. Nothing more is processed.</summary>
        Closed = 3,
    }
}
