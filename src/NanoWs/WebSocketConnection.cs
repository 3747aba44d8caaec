using System;

namespace NanoWs
{
    /// <summary>
    /// One WebSocket connection as a sans-I/O state machine (RFC 6455): the transport puts received
    /// bytes in (<see cref="Feed"/> or <see cref="PrepareReceive"/>/<see cref="CommitReceive"/>),
    /// pulls events out with <see cref="Next"/> until it returns <see cref="WebSocketEvent.None"/>,
    /// sends what <see cref="SendBuffer"/> holds and reports it with <see cref="ConsumeSent"/>,
    /// and calls <see cref="Tick"/> with the current time. It never touches a socket, a thread or a
    /// clock, and after construction it allocates nothing while messages flow.
    /// </summary>
    /// <remarks>
    /// Peer violations never throw: the connection fails with the right close code or HTTP status
    /// and reports <see cref="WebSocketEvent.ProtocolError"/> or <see cref="WebSocketEvent.HandshakeFailed"/>.
    /// Misuse by the caller throws <see cref="InvalidOperationException"/> or <see cref="ArgumentException"/>.
    /// Not thread-safe: the transport serialises calls.
    /// </remarks>
    public sealed partial class WebSocketConnection
    {
        // Byte budget with default options on a board (nanoclr32: 3,228 B a server, 3,372 B a
        // client; see EstimateBytes):
        //   _rx          ReceiveBufferSize (1024)   handshake head, then frame bytes, unmasked in place
        //   _tx          SendBufferSize (1024)      outgoing handshake response and frames
        //   _control     125                        ping/pong/close payload collected across chunks
        //   _message     MaxMessageSize, only when ReassembleMessages
        //   _head        8 × MaxHeaders (192)       header offset table, and 15 fields
        //   _utf8        4 fields                   incremental validator state
        //   _maskKey, _acceptExpected  4 + 28, a client's only
        //   accept-key hashing: one SHA-1 state shared by all connections (ServerHandshake.cs)
        //   fields of this object: 42 heap blocks of 12 bytes (bools packed into _flags)
        private readonly WebSocketOptions _options;
        private readonly bool _isServer;
        private readonly byte[] _rx;
        private readonly byte[] _tx;
        private readonly byte[] _control;
        private readonly byte[] _message;
        private readonly byte[] _maskKey;
        private readonly HttpHead _head;
        private readonly Utf8Validator _utf8;
        private readonly IRandomSource _random;

        // Every yes/no state of the connection, one bit each: on nanoFramework each field of an
        // object takes a heap block (12 bytes on a board, 24 on the 64-bit nanoCLR), a bool too.
        private const int FlagRequestSent = 1 << 0;
        private const int FlagDropTransport = 1 << 1;
        private const int FlagCloseSent = 1 << 2;
        private const int FlagCloseReceived = 1 << 3;
        private const int FlagClosedByPeer = 1 << 4;
        private const int FlagAwaitingDecision = 1 << 5;
        private const int FlagSendInMessage = 1 << 6;
        private const int FlagMessageStarted = 1 << 7;
        private const int FlagInMessage = 1 << 8;
        private const int FlagInPayload = 1 << 9;
        private const int FlagFrameFin = 1 << 10;
        private const int FlagEventFirst = 1 << 12;
        private const int FlagEventFinal = 1 << 13;
        private const int FlagFrameCompletedSinceTick = 1 << 14;

        private int _flags;

        private int _rxStart;
        private int _rxEnd;
        private int _txStart;
        private int _txEnd;
        private WebSocketState _state;

        // Event fields, valid until the next Next/Feed/CommitReceive.
        private byte[] _eventBuffer;
        private int _eventOffset;
        private int _eventCount;
        private WebSocketMessageType _eventType;

        private int _closeCode;
        private string _errorMessage;
        private int _httpStatus;

        /// <summary>Creates a server-side connection that expects an HTTP upgrade request.</summary>
        public static WebSocketConnection CreateServer(WebSocketOptions options)
        {
            return new WebSocketConnection(options, true);
        }

        /// <summary>
        /// Creates a client-side connection; call <see cref="StartClientHandshake"/> next.
        /// </summary>
        public static WebSocketConnection CreateClient(WebSocketOptions options)
        {
            return new WebSocketConnection(options, false);
        }

        private WebSocketConnection(WebSocketOptions options, bool isServer)
        {
            if (options == null)
            {
                options = new WebSocketOptions();
            }

            options.Validate();
            _options = options;
            _isServer = isServer;
            _rx = new byte[options.ReceiveBufferSize];
            _tx = new byte[options.SendBufferSize];
            _control = new byte[Opcode.MaxControlPayload];
            _message = options.ReassembleMessages ? new byte[options.MaxMessageSize] : null;
            _maskKey = isServer ? null : new byte[4];
            _head = new HttpHead(options.MaxHeaders);
            _utf8 = new Utf8Validator();
            // Only a client masks (RFC 6455 §5.3) and sends a nonce (§4.1): a server needs no source.
            _random = options.Random != null ? options.Random : (isServer ? null : new SystemRandomSource());
            _acceptExpected = isServer ? null : new byte[28];
            Reset();
        }

        /// <summary>
        /// Returns the connection to its just-constructed state for a new peer, keeping every buffer:
        /// a transport reuses one connection per slot instead of allocating one per TCP connection.
        /// </summary>
        public void Reset()
        {
            _rxStart = _rxEnd = _txStart = _txEnd = 0;
            _state = WebSocketState.Connecting;
            _eventBuffer = null;
            _eventOffset = _eventCount = 0;
            _flags = 0;
            _eventType = WebSocketMessageType.Text;
            _closeCode = 0;
            _errorMessage = null;
            _httpStatus = 0;

            // Handshake.
            _head.Reset();
            _headEnd = 0;
            _subprotocol = null;

            // Frames and messages.
            _frameOpcode = 0;
            _frameRemaining = 0;
            _maskIndex = 0;
            _frameMask = 0;
            _controlCount = 0;
            _messageType = WebSocketMessageType.Text;
            _messageLength = 0;
            _messageCount = 0;
            _utf8.Reset();
            _sendType = WebSocketMessageType.Text;

            // Closing and timers.
            _pendingReply = ReplyNone;
            _replyCloseCode = 0;
            _sentCloseCode = 0;
            _startedAt = _lastFrameAt = _pingSentAt = _closingSince = NoTime;
        }

        /// <summary>True for the server side of a connection.</summary>
        public bool IsServer
        {
            get { return _isServer; }
        }

        /// <summary>Current state (RFC 6455 §4, §7).</summary>
        public WebSocketState State
        {
            get { return _state; }
        }

        /// <summary>The options this connection was built with.</summary>
        public WebSocketOptions Options
        {
            get { return _options; }
        }

        /// <summary>Buffer of the current event's payload slice.</summary>
        public byte[] EventBuffer
        {
            get { return _eventBuffer; }
        }

        /// <summary>Offset of the current event's payload slice.</summary>
        public int EventOffset
        {
            get { return _eventOffset; }
        }

        /// <summary>Length of the current event's payload slice.</summary>
        public int EventCount
        {
            get { return _eventCount; }
        }

        /// <summary>True when the current <see cref="WebSocketEvent.Data"/> slice is the first of its message.</summary>
        public bool EventIsFirst
        {
            get { return (_flags & FlagEventFirst) != 0; }
        }

        /// <summary>True when the current <see cref="WebSocketEvent.Data"/> slice ends its message.</summary>
        public bool EventIsFinal
        {
            get { return (_flags & FlagEventFinal) != 0; }
        }

        /// <summary>Message type of the current <see cref="WebSocketEvent.Data"/> slice.</summary>
        public WebSocketMessageType EventMessageType
        {
            get { return _eventType; }
        }

        /// <summary>
        /// The close code: received (<see cref="WebSocketEvent.Close"/>, 1005 when the frame had
        /// none), sent on a failure (<see cref="WebSocketEvent.ProtocolError"/>), or 1006 when the
        /// connection ended without a close frame. 0 while none applies.
        /// </summary>
        public int CloseCode
        {
            get { return _closeCode; }
        }

        /// <summary>Why the connection or handshake failed, or null.</summary>
        public string ErrorMessage
        {
            get { return _errorMessage; }
        }

        /// <summary>
        /// HTTP status of the handshake: the error status the server answered with, or the status the
        /// client received. 101 on success; 0 before.
        /// </summary>
        public int HttpStatus
        {
            get { return _httpStatus; }
        }

        /// <summary>
        /// The parsed HTTP head: the request on a server (valid from
        /// <see cref="WebSocketEvent.UpgradeRequest"/>/<see cref="WebSocketEvent.HttpRequest"/> until
        /// the handshake is answered), the response on a client (valid during <see cref="WebSocketEvent.Open"/>
        /// or <see cref="WebSocketEvent.HandshakeFailed"/>).
        /// </summary>
        public HttpHead Head
        {
            get { return _head; }
        }

        /// <summary>
        /// True when the transport should close the TCP connection now: everything queued is sent and
        /// the connection is closed. A server drops TCP first after the close handshake (RFC 6455
        /// §7.1.1); a client waits for the server to do so until <see cref="Tick"/> reports the close
        /// timeout; either side drops at once after failing the connection (§7.1.7).
        /// </summary>
        public bool ShouldCloseTransport
        {
            get
            {
                return _state == WebSocketState.Closed && _pendingReply == ReplyNone && _txStart == _txEnd
                    && (_isServer || ((_flags & FlagDropTransport) != 0));
            }
        }

        /// <summary>
        /// Copies received bytes into the receive buffer and returns how many fit (possibly fewer
        /// than <paramref name="count"/>: drain events with <see cref="Next"/>, then feed the rest).
        /// Invalidates the previous event's slice.
        /// </summary>
        public int Feed(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentException("invalid buffer range");
            }

            int free = PrepareReceive();
            int n = count < free ? count : free;
            Array.Copy(buffer, offset, _rx, _rxEnd, n);
            CommitReceive(n);
            return n;
        }

        /// <summary>
        /// Makes room at the end of <see cref="ReceiveBuffer"/> and returns how many bytes the
        /// transport may read into it at <see cref="ReceiveOffset"/>; then call <see cref="CommitReceive"/>.
        /// Zero while earlier bytes are still waiting for <see cref="Next"/>.
        /// </summary>
        public int PrepareReceive()
        {
            if (_rxStart == _rxEnd)
            {
                _rxStart = 0;
                _rxEnd = 0;
            }
            else if (_rxStart > 0 && _state != WebSocketState.Connecting)
            {
                // Unconsumed bytes are a torn frame header or payload not yet delivered: move them
                // to the front. During the handshake _rxStart stays 0 so the head is never moved.
                Array.Copy(_rx, _rxStart, _rx, 0, _rxEnd - _rxStart);
                _rxEnd -= _rxStart;
                _rxStart = 0;
            }

            return _rx.Length - _rxEnd;
        }

        /// <summary>The receive buffer, for transports that read straight into it.</summary>
        public byte[] ReceiveBuffer
        {
            get { return _rx; }
        }

        /// <summary>Where the next received bytes go in <see cref="ReceiveBuffer"/>.</summary>
        public int ReceiveOffset
        {
            get { return _rxEnd; }
        }

        /// <summary>Records that <paramref name="count"/> bytes were written at <see cref="ReceiveOffset"/>.</summary>
        public void CommitReceive(int count)
        {
            if (count < 0 || _rxEnd + count > _rx.Length)
            {
                throw new ArgumentException("count exceeds the receive buffer");
            }

            _rxEnd += count;
            _eventBuffer = null;
        }

        /// <summary>Bytes received but not yet consumed by <see cref="Next"/>.</summary>
        public int BufferedReceiveCount
        {
            get { return _rxEnd - _rxStart; }
        }

        /// <summary>
        /// Advances the state machine and returns the next event, or <see cref="WebSocketEvent.None"/>
        /// when more input (or more room in the send buffer) is needed. Call it until it returns
        /// None after every <see cref="Feed"/>/<see cref="CommitReceive"/> and every <see cref="ConsumeSent"/>.
        /// </summary>
        public WebSocketEvent Next()
        {
            _eventBuffer = null;
            _eventCount = 0;
            _eventOffset = 0;
            if (_pendingReply != ReplyNone && !TryFlushReply())
            {
                // The reply to the last control frame is not queued yet: stop reading until the
                // transport has sent enough (nothing is dropped, nothing grows).
                return WebSocketEvent.None;
            }

            switch (_state)
            {
                case WebSocketState.Connecting:
                    return _isServer ? NextServerHandshake() : NextClientHandshake();
                case WebSocketState.Open:
                case WebSocketState.Closing:
                    return NextFrameEvent();
                default:
                    // RFC 6455 §7.1.7 / §5.5.1: after a close or a failure nothing more is processed.
                    _rxStart = _rxEnd;
                    return WebSocketEvent.None;
            }
        }

        /// <summary>
        /// Bytes of managed heap one connection takes with <paramref name="options"/> on a board
        /// (nanoFramework's 32-bit runtime, 12-byte heap blocks): its buffers and its objects. It is
        /// a client's figure, the larger; a server needs 144 bytes less. The 64-bit nanoCLR needs
        /// about a quarter more and .NET less (tests/NanoWs.Benchmarks/nanoclr measures both runtimes).
        /// </summary>
        public static int EstimateBytes(WebSocketOptions options)
        {
            if (options == null)
            {
                options = new WebSocketOptions();
            }

            int bytes = ArrayBytes(options.ReceiveBufferSize) + ArrayBytes(options.SendBufferSize) + ArrayBytes(Opcode.MaxControlPayload);
            bytes += ArrayBytes(options.MaxHeaders * 8); // header table: 4 ushorts a header line
            bytes += options.ReassembleMessages ? ArrayBytes(options.MaxMessageSize) : 0;

            // Objects: a 12-byte header block and a 12-byte block a field. This one (42 fields),
            // its header table (15) and UTF-8 validator (4): 12 × (43 + 16 + 5). A client's masking
            // key (4 bytes), expected accept value (28) and random source (72 bytes).
            bytes += 12 * (43 + 16 + 5);
            bytes += ArrayBytes(4) + ArrayBytes(28) + 72;
            return bytes;
        }

        // nanoFramework: an array is a 20-byte header and its contents, in whole 12-byte blocks.
        private static int ArrayBytes(int length)
        {
            return ((20 + length + 11) / 12) * 12;
        }

        private void SetEventSlice(byte[] buffer, int offset, int count)
        {
            _eventBuffer = buffer;
            _eventOffset = offset;
            _eventCount = count;
        }
    }
}
