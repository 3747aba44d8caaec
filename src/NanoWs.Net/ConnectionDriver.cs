using System;
using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// One connection on the wire, for the server's slots and for the client alike: the socket (and
    /// its TLS channel), the sans-I/O <see cref="WebSocketConnection"/>, and what the transport adds
    /// around it — writing queued bytes (and a plain HTTP body after its head) while the socket has
    /// room, reading what arrived, the message slice handed to the app and held while it defers, the
    /// app's sends and its close request waiting for room, the send-stall policy, and how the
    /// connection ended. The owner runs the pass (WebSocketServer.Loop.cs, WebSocketClient.Loop.cs)
    /// and turns events into its own: the server's slots, fairness and path handlers, the client's
    /// attempts and reconnection stay with them.
    /// </summary>
    /// <remarks>
    /// The driver is its own lock: every method takes it, and an owner that checks its own state
    /// together with the driver's (a slot's path-handler state, the client's lifetime flags) takes
    /// the same lock around both. Nothing here waits for a peer while holding it, except the
    /// client's writes (see <see cref="Flush"/>).
    /// </remarks>
    internal sealed partial class ConnectionDriver
    {
        // Byte budget (besides the connection's own, see WebSocketConnection.EstimateBytes): this
        // object 88 bytes (64-bit .NET; 11 fields, so 12 heap blocks on nanoCLR), the message
        // args ~60. Nothing else is allocated; the socket
        // comes from Accept or the connect attempt, the TLS channel from the TLS layer.

        // Reused for every message slice of this connection.
        private readonly WebSocketMessageEventArgs _message;

        // The protocol state machine: the server's is built with its slot; the client's on its
        // first attempt (see PrepareClient) and reset for the next.
        private WebSocketConnection _connection;

        // The socket, or null when no connection is attached; its TLS channel for https/wss, else null.
        private Socket _socket;
        private TlsChannel _tls;

        // Plain HTTP response body still to be sent after the head, straight from the caller's
        // array, from _bodyOffset on; null when none is.
        private byte[] _body;
        private int _bodyOffset;

        // Code of a close the app asked for that waits for room in the send buffer.
        private int _closeCode;

        // The reason of that close while it waits (FlagCloseRequested); the peer's close reason
        // once its close frame arrived (FlagReceivedClose). A close request ends when the peer's
        // close arrives, so the two are never needed at once.
        private string _reason;

        // Last time the socket took bytes or nothing was waiting to be sent.
        private long _lastSendProgressMs;

        // The connection id reported with message slices (the server's id, 0 for the client).
        private int _id;

        // Flag* bits below, changed only under the lock.
        private int _flags;

        // The connection opened: upgrade accepted (server) or the server's 101 checked (client).
        private const int FlagOpened = 1;

        // The peer's close frame arrived.
        private const int FlagReceivedClose = 2;

        // The message args hold a deferred slice (backpressure).
        private const int FlagHeld = 4;

        // A message sent in fragments is unfinished; with FlagBinaryFragments when it is binary.
        private const int FlagSendingFragments = 8;
        private const int FlagBinaryFragments = 16;

        // A close the app asked for waits for room.
        private const int FlagCloseRequested = 32;

        // The send-stall policy gave up on the open connection (1008).
        private const int FlagStallClosing = 64;

        /// <summary>A driver over <paramref name="connection"/> (null for a client: see <see cref="PrepareClient"/>).</summary>
        internal ConnectionDriver(WebSocketConnection connection)
        {
            _connection = connection;
            _message = new WebSocketMessageEventArgs();
        }

        /// <summary>The protocol state machine (for the HTTP side of the opening handshake); take the driver's lock to use it.</summary>
        internal WebSocketConnection Connection
        {
            get { return _connection; }
        }

        /// <summary>The message slice being delivered (valid during the delivery, or while held).</summary>
        internal WebSocketMessageEventArgs Message
        {
            get { return _message; }
        }

        /// <summary>The attached socket, or null.</summary>
        internal Socket Socket
        {
            get { return _socket; }
        }

        /// <summary>The TLS channel over the socket, or null.</summary>
        internal TlsChannel Tls
        {
            get { return _tls; }
        }

        /// <summary>The connection id given at <see cref="Attach"/>, 0 once detached.</summary>
        internal int Id
        {
            get { return _id; }
        }

        /// <summary>True while a socket is attached.</summary>
        internal bool InUse
        {
            get { return _socket != null; }
        }

        /// <summary>True once the connection opened (101 sent or received).</summary>
        internal bool Opened
        {
            get { return (_flags & FlagOpened) != 0; }
        }

        /// <summary>True while the app deferred a slice: nothing is read or delivered until <see cref="Resume"/>.</summary>
        internal bool Held
        {
            get { return (_flags & FlagHeld) != 0; }
        }

        /// <summary>The connection's state; Closed when there is none yet.</summary>
        internal WebSocketState State
        {
            get
            {
                lock (this)
                {
                    return _connection != null ? _connection.State : WebSocketState.Closed;
                }
            }
        }

        /// <summary>Bytes queued and not yet taken by the socket (0 without a connection).</summary>
        internal int SendCount
        {
            get
            {
                lock (this)
                {
                    return _connection != null ? _connection.SendCount : 0;
                }
            }
        }

        /// <summary>The negotiated subprotocol once past the opening handshake, else null.</summary>
        internal string Subprotocol
        {
            get
            {
                lock (this)
                {
                    return _connection != null && _connection.State != WebSocketState.Connecting ? _connection.Subprotocol : null;
                }
            }
        }

        /// <summary>True when bytes wait to be sent: frames or handshake bytes, or an HTTP body.</summary>
        internal bool HasPendingOutput
        {
            get { return _connection.SendCount > 0 || _body != null; }
        }

        /// <summary>
        /// True while the attached connection is in its opening handshake and has been answered
        /// nothing: no complete request acted on, nothing queued.
        /// </summary>
        internal bool Unanswered
        {
            get { return _socket != null && !Opened && _connection.State == WebSocketState.Connecting && _connection.SendCount == 0; }
        }

        /// <summary>True once both close frames went over the wire (RFC 6455 §7.1.1 clean close).</summary>
        internal bool CloseHandshakeDone
        {
            get
            {
                lock (this)
                {
                    return Has(FlagReceivedClose) && _connection.CloseSent;
                }
            }
        }

        /// <summary>True when the connection is over and the socket should be closed.</summary>
        internal bool ShouldRelease
        {
            get
            {
                lock (this)
                {
                    return _socket != null && _body == null && _connection.ShouldCloseTransport;
                }
            }
        }

        /// <summary>For the client: builds its connection on first use, else resets it for a new attempt.</summary>
        internal void PrepareClient(WebSocketOptions options)
        {
            lock (this)
            {
                if (_connection == null)
                {
                    // One connection for the client's lifetime: its buffers are reused by every attempt.
                    _connection = WebSocketConnection.CreateClient(options);
                }
                else
                {
                    _connection.Reset();
                }

                Clear();
            }
        }

        /// <summary>Takes a connected socket (and its TLS channel) as connection <paramref name="id"/>.</summary>
        internal void Attach(Socket socket, TlsChannel tls, int id, long nowMs)
        {
            lock (this)
            {
                Clear();
                _socket = socket;
                _tls = tls;
                _id = id;
                _lastSendProgressMs = nowMs;
            }
        }

        /// <summary>
        /// Lets go of the socket without closing it (the caller closes or lingers it), releases the
        /// TLS session and resets the connection for the next peer, keeping every buffer.
        /// </summary>
        internal void Detach()
        {
            lock (this)
            {
                if (_tls != null)
                {
                    _tls.Close();
                    _tls = null;
                }

                _socket = null;
                _id = 0;
                Clear();
                _connection.Reset();
            }
        }

        /// <summary>
        /// Closes the TLS session and the socket and tells the connection the transport is gone,
        /// keeping its state (closed) for the owner to read how it ended.
        /// </summary>
        internal void Disconnect()
        {
            lock (this)
            {
                if (_tls != null)
                {
                    _tls.Close();
                    _tls = null;
                }

                SocketIo.CloseQuietly(_socket);
                _socket = null;
                if (Has(FlagCloseRequested))
                {
                    _flags &= ~FlagCloseRequested;
                    _reason = null;
                }

                _connection.TransportClosed();
            }
        }

        /// <summary>Accepts the opening handshake (server: queues the 101, RFC 6455 §4.2.2).</summary>
        internal void AcceptHandshake()
        {
            lock (this)
            {
                _connection.AcceptHandshake();
                _flags |= FlagOpened;
            }
        }

        /// <summary>
        /// Queues an HTTP response head and, unless <paramref name="headOnly"/> (RFC 9110 §9.3.2:
        /// HEAD gets the same head without the body), the body straight from <paramref name="body"/>.
        /// </summary>
        internal void Respond(int status, string contentType, byte[] body, string extraHeaders, bool headOnly)
        {
            lock (this)
            {
                _connection.WriteHttpResponseHead(status, contentType, body.Length, extraHeaders);
                if (!headOnly && body.Length > 0)
                {
                    _body = body;
                    _bodyOffset = 0;
                }
            }
        }

        /// <summary>
        /// Writes queued bytes, then any HTTP body, while the socket has room (at most 64 writes);
        /// returns true when the socket took any. With <paramref name="scratch"/> (the server's poll
        /// thread) the lock is held only to copy a chunk out and to consume what the socket took,
        /// never during the write, so a thread queuing a send never waits for the network; without
        /// it (the client) each write goes straight from the send buffer under the lock.
        /// </summary>
        internal bool Flush(long nowMs, byte[] scratch)
        {
            bool progress = false;
            for (int round = 0; round < 64; round++)
            {
                int n;
                if (scratch == null)
                {
                    lock (this)
                    {
                        n = _socket == null || _connection.SendCount == 0 ? 0 : Write(_connection.SendBuffer, _connection.SendOffset, _connection.SendCount);
                        if (n > 0)
                        {
                            Consumed(n, false, nowMs);
                        }
                    }
                }
                else
                {
                    byte[] source;
                    int offset;
                    int count;
                    bool body;
                    lock (this)
                    {
                        if (_socket == null)
                        {
                            break;
                        }

                        if (_connection.SendCount > 0)
                        {
                            // Frames are copied out: other threads may append (or compact) meanwhile.
                            count = _connection.SendCount < scratch.Length ? _connection.SendCount : scratch.Length;
                            Array.Copy(_connection.SendBuffer, _connection.SendOffset, scratch, 0, count);
                            source = scratch;
                            offset = 0;
                            body = false;
                        }
                        else if (_body != null)
                        {
                            // A body goes out once the head has, straight from its array.
                            source = _body;
                            offset = _bodyOffset;
                            count = _body.Length - offset;
                            count = count < scratch.Length ? count : scratch.Length;
                            body = true;
                        }
                        else
                        {
                            break;
                        }
                    }

                    n = Write(source, offset, count);
                    if (n > 0)
                    {
                        lock (this)
                        {
                            Consumed(n, body, nowMs);
                        }
                    }
                }

                if (n <= 0)
                {
                    break;
                }

                progress = true;
            }

            return progress;
        }

        /// <summary>
        /// Reads what the socket holds into the connection: bytes read, -1 at the end of the stream
        /// (the connection is told), 0 when nothing. A server reads nothing once its connection is
        /// closed (it ends TCP first); a client reads on after the close handshake, because the
        /// server's end of the stream ends its connection (RFC 6455 §7.1.1).
        /// </summary>
        internal int Receive()
        {
            lock (this)
            {
                if (_socket == null || (_connection.IsServer && _connection.State == WebSocketState.Closed))
                {
                    return 0;
                }

                int n = _tls != null ? _tls.Receive(_connection) : SocketIo.Receive(_socket, _connection);
                if (n < 0)
                {
                    _body = null;
                }

                return n;
            }
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> for input on this connection alone (the client's idle wait).</summary>
        internal void Wait(int milliseconds)
        {
            if (_tls != null)
            {
                _tls.Wait(milliseconds);
            }
            else
            {
                _socket.Poll(milliseconds * 1000, SelectMode.SelectRead);
            }
        }

        /// <summary>
        /// Pulls the connection's next event. A data slice is put in <see cref="Message"/>; the
        /// peer's close frame is recorded (its reason decoded: the core checked it is UTF-8, RFC 6455
        /// §5.5.1) and ends any close the app still waited to send, since the answer is queued.
        /// </summary>
        internal WebSocketEvent Next()
        {
            lock (this)
            {
                WebSocketConnection c = _connection;
                WebSocketEvent ev = c.Next();
                if (ev == WebSocketEvent.Data)
                {
                    _message.Set(_id, c.EventMessageType, c.EventBuffer, c.EventOffset, c.EventCount, c.EventIsFirst, c.EventIsFinal);
                }
                else if (ev == WebSocketEvent.Open)
                {
                    _flags |= FlagOpened;
                }
                else if (ev == WebSocketEvent.Close)
                {
                    _flags = (_flags | FlagReceivedClose) & ~(FlagCloseRequested | FlagSendingFragments);
                    _reason = c.EventCount > 0 ? Utf8.GetString(c.EventBuffer, c.EventOffset, c.EventCount) : string.Empty;
                }

                return ev;
            }
        }

        /// <summary>
        /// After the app saw a slice: when it deferred the rest and the connection can still send,
        /// holds the slice (reading and delivering stop) until <see cref="Resume"/>.
        /// </summary>
        internal void HoldIfDeferred()
        {
            if (!_message.Deferred)
            {
                return;
            }

            lock (this)
            {
                if (_connection.State != WebSocketState.Open)
                {
                    return;
                }

                // The slice stays valid: nothing calls Next or reads into the receive buffer while held.
                _flags |= FlagHeld;
            }

            _message.Advance();
        }

        /// <summary>
        /// True when a held slice is due again (the socket took bytes, or nothing waits to be sent):
        /// the owner delivers <see cref="Message"/> once more.
        /// </summary>
        internal bool Resume(bool sent)
        {
            if (!Has(FlagHeld))
            {
                return false;
            }

            lock (this)
            {
                if (!sent && _connection.SendCount != 0)
                {
                    return false;
                }

                _flags &= ~FlagHeld;
                return true;
            }
        }

        /// <summary>Runs the connection's timers; true with the error message when one expired.</summary>
        internal bool Tick(long nowMs, out string error)
        {
            lock (this)
            {
                if (_connection.Tick(nowMs) != WebSocketEvent.TimedOut)
                {
                    error = null;
                    return false;
                }

                _body = null;
                error = _connection.ErrorMessage;
                return true;
            }
        }

        /// <summary>Ends the connection after a transport error (the owner then releases it).</summary>
        internal void Abort()
        {
            lock (this)
            {
                _body = null;
                try
                {
                    _connection.TransportClosed();
                }
                catch (Exception)
                {
                }
            }
        }

        /// <summary>
        /// How the connection ended: the close code (1006 when none was received or sent, 1008 when
        /// the send-stall policy gave up on the peer and no close frame of the peer's came), with the
        /// peer's reason and whether the close handshake completed.
        /// </summary>
        internal int Outcome(out string reason, out bool clean)
        {
            lock (this)
            {
                int code = _connection.CloseCode == 0 ? CloseStatus.AbnormalClosure : _connection.CloseCode;
                bool received = Has(FlagReceivedClose);
                if (Has(FlagStallClosing) && !received)
                {
                    // This side gave up on the peer with 1008 (its close frame sent or not): that
                    // is why the connection ended, as for the codes of a failed connection.
                    code = CloseStatus.PolicyViolation;
                }

                clean = received && _connection.CloseSent;
                reason = received ? _reason : string.Empty;
                return code;
            }
        }

        private int Write(byte[] buffer, int offset, int count)
        {
            return _tls != null ? _tls.Write(buffer, offset, count) : SocketIo.Write(_socket, buffer, offset, count);
        }

        private void Consumed(int n, bool body, long nowMs)
        {
            if (body)
            {
                _bodyOffset += n;
                if (_body != null && _bodyOffset >= _body.Length)
                {
                    _body = null;
                }
            }
            else
            {
                _connection.ConsumeSent(n);
            }

            _lastSendProgressMs = nowMs;
        }

        private bool Has(int flag)
        {
            return (_flags & flag) != 0;
        }

        /// <summary>Forgets the previous connection's transport state (under the lock).</summary>
        private void Clear()
        {
            _flags = 0;
            _reason = null;
            _body = null;
            _bodyOffset = 0;
            _message.Clear();
        }
    }
}
