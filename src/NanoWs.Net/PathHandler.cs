namespace NanoWs.Net
{
    /// <summary>
    /// Serves every request whose path starts with <see cref="PathPrefix"/> on a
    /// <see cref="WebSocketServer"/> (see <see cref="WebSocketServer.MapPath"/>): plain requests with
    /// a body, requests held open until the handler has an answer (long-polling), and WebSocket
    /// upgrades linked to the handler's own state. A protocol layered on HTTP and WebSocket
    /// (Socket.IO's Engine.IO) plugs into the server's port this way without the server knowing it.
    /// </summary>
    /// <remarks>
    /// Every method runs on the server's poll thread and must return quickly. The server applies
    /// its policy first: a request that is not a GET or HEAD, and every upgrade, must pass the origin
    /// check (403), the owner's login when a password is set (401) and <see cref="WebSocketServer.Authorize"/>.
    /// An exception thrown here drops that connection and is reported through <see cref="WebSocketServer.Error"/>.
    /// </remarks>
    public abstract class PathHandler
    {
        private readonly string _prefix;
        private readonly int _maxBody;

        /// <summary>
        /// A handler for paths starting with <paramref name="pathPrefix"/> that takes request bodies of
        /// at most <paramref name="maxBodyBytes"/> bytes (<c>Content-Length</c>; the body is read
        /// into the connection's receive buffer, after the head, so it must fit there too).
        /// </summary>
        protected PathHandler(string pathPrefix, int maxBodyBytes)
        {
            if (pathPrefix == null || pathPrefix.Length == 0 || pathPrefix[0] != '/' || maxBodyBytes < 0)
            {
                throw new System.ArgumentException("a path prefix starting with '/' and a non-negative body limit");
            }

            _prefix = pathPrefix;
            _maxBody = maxBodyBytes;
        }

        /// <summary>The path prefix served, e.g. <c>/socket.io/</c>.</summary>
        public string PathPrefix
        {
            get { return _prefix; }
        }

        /// <summary>Largest request body taken; a longer <c>Content-Length</c> is reported with <see cref="PathExchange.BodyTooLarge"/>.</summary>
        public int MaxBodyBytes
        {
            get { return _maxBody; }
        }

        /// <summary>
        /// A request arrived, with its whole body. Answer it (<see cref="PathExchange.Respond"/>),
        /// hold it (<see cref="PathExchange.Hold"/>) or, for an upgrade, accept it
        /// (<see cref="PathExchange.Accept"/>). A request left unanswered is answered 500.
        /// </summary>
        public abstract void Request(PathExchange exchange);

        /// <summary>Called on every pass of the poll thread while the request is held: answer it when ready.</summary>
        public abstract void Poll(PathExchange exchange);

        /// <summary>A whole message arrived on an accepted WebSocket (valid during the call only).</summary>
        public abstract void Message(PathExchange exchange, bool binary, byte[] buffer, int offset, int count);

        /// <summary>Called on every pass while an accepted WebSocket is open: queue what is ready (<see cref="PathExchange.Send"/>).</summary>
        public abstract void Pump(PathExchange exchange);

        /// <summary>
        /// A held request's connection went away before it was answered, or an accepted WebSocket
        /// closed. <see cref="PathExchange.IsHeld"/> tells which; <see cref="PathExchange.Link"/> is still set.
        /// </summary>
        public abstract void Ended(PathExchange exchange);

        /// <summary>Called once per pass of the poll thread with the server's monotonic clock (milliseconds).</summary>
        public abstract void Tick(long now);
    }
}
