namespace NanoWs.SocketIo
{
    /// <summary>Called when a client has connected a socket to a namespace (after authentication).</summary>
    /// <param name="socket">The new socket; the same object for the session's whole life.</param>
    public delegate void SocketIoConnectionHandler(SocketIoSocket socket);

    /// <summary>Called for an event from the client, or for the client's acknowledgement of an emit.</summary>
    /// <param name="socket">The socket it came from.</param>
    /// <param name="message">The arguments; valid only during the call (the buffer is reused).</param>
    public delegate void SocketIoEventHandler(SocketIoSocket socket, SocketIoMessage message);

    /// <summary>
    /// Decides whether a client may connect to a namespace. <paramref name="auth"/> holds the
    /// client's auth object as its only argument (empty when it sent none).
    /// </summary>
    /// <returns>null to accept; otherwise the message sent back in CONNECT_ERROR.</returns>
    public delegate string SocketIoAuthHandler(SocketIoSocket socket, SocketIoMessage auth);

    /// <summary>Called once when a connected socket is disconnected, with the reference server's reason text.</summary>
    public delegate void SocketIoDisconnectHandler(SocketIoSocket socket, string reason);
}
