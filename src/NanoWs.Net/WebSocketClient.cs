using System;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// A WebSocket client (RFC 6455) over <see cref="Socket"/>, shaped like the browser's
    /// <c>WebSocket</c>: <see cref="Opened"/>, <see cref="MessageReceived"/>, <see cref="Error"/> and
    /// <see cref="Closed"/> events, <see cref="ReadyState"/>, <see cref="Send"/>, <see cref="Close(int, string)"/>
    /// and <see cref="BufferedAmount"/>, plus optional reconnection with exponential backoff and
    /// jitter. One thread per client runs the connection, and a short-lived one per attempt
    /// resolves, connects and, for <c>wss://</c>, runs the TLS handshake so that
    /// <see cref="WebSocketClientOptions.ConnectTimeoutMs"/> and <see cref="Close(int, string)"/>
    /// bound it (see <c>ConnectAttempt</c>).
    /// </summary>
    /// <remarks>
    /// <para><c>wss://</c> runs over the platform's SslStream (.NET's on a computer, nanoFramework's
    /// mbedTLS-backed one on a board) with the server's certificate checked: host name (also sent
    /// as SNI), validity dates, and the CA or pinned certificate of
    /// <see cref="WebSocketClientOptions.TrustedCaPem"/> / <see cref="WebSocketClientOptions.PinnedCertificatePem"/>
    /// (the system's or device's store when neither is set). A refused or failed TLS handshake is
    /// reported as <see cref="Error"/> with a message starting "TLS handshake failed: ", then
    /// <see cref="Closed"/> with 1015 (RFC 6455 §7.4.1), and counts as a failed attempt for
    /// reconnection.</para>
    /// <para>Events run on the client's thread and must not block it. The send methods and
    /// <see cref="Close(int, string)"/> may be called from any thread: they copy into the
    /// connection's fixed send buffer under a lock and return at once; false means no room now
    /// (or not open). Buffers are allocated once per connection attempt from
    /// <see cref="WebSocketClientOptions.Connection"/>.</para>
    /// </remarks>
    public sealed partial class WebSocketClient
    {
        // Byte budget: the driver (see ConnectionDriver, with its message args) and one
        // WebSocketConnection built by the first attempt and reused by the next ones
        // (WebSocketConnection.EstimateBytes with the client's options), the parsed URL strings, a
        // Random for jitter and the thread; per attempt a ConnectAttempt, its event and its thread;
        // for wss:// a TlsChannel per connection (see its budget). Nothing grows while messages flow.
        private readonly WebSocketClientOptions _options;
        private readonly WebSocketOptions _connectionOptions;
        private readonly MillisecondClock _clock;

        // The connection on the wire, and the client's lock: it guards the fields below too.
        private readonly ConnectionDriver _driver = new ConnectionDriver(null);
        private readonly Random _random = new Random();
        private readonly string _url;
        private readonly string _host;
        private readonly int _port;
        private readonly string _resource;

        // True for wss:// (TLS), false for ws://.
        private readonly bool _secure;

        // The DNS lookup and TCP connect under way, so that Close() can end it (under the lock).
        private ConnectAttempt _attempt;
        // The client's thread, null when the client is not running.
        private Thread _thread;

        // True once the app closed the client for good.
        private bool _closeRequested;

        /// <summary>
        /// Creates a client for <paramref name="url"/> (<c>ws://</c> or <c>wss://host[:port][/path][?query]</c>); call
        /// <see cref="Connect"/> to start it.
        /// </summary>
        public WebSocketClient(string url, WebSocketClientOptions options)
        {
            if (options == null)
            {
                options = new WebSocketClientOptions();
            }

            options.Validate();
            _options = options;
            _connectionOptions = options.Connection != null ? options.Connection : new WebSocketOptions();
            _clock = options.Clock != null ? options.Clock : MonotonicClock.CreateDefault();
            _url = url;
            ParseUrl(url, out _secure, out _host, out _port, out _resource);
        }

        /// <summary>Raised when a connection has opened.</summary>
        public event WebSocketClientOpenHandler Opened;

        /// <summary>Raised for every received message slice (whole messages when reassembly is on).</summary>
        public event WebSocketClientMessageHandler MessageReceived;

        /// <summary>Raised when a connection attempt or an open connection fails.</summary>
        public event WebSocketClientErrorHandler Error;

        /// <summary>Raised when a connection or a connection attempt has ended.</summary>
        public event WebSocketClientCloseHandler Closed;

        /// <summary>The URL given at construction.</summary>
        public string Url
        {
            get { return _url; }
        }

        /// <summary>
        /// Connecting while an attempt is under way, Open, Closing once this side sent its close
        /// frame, and Closed otherwise (also while waiting to reconnect). Same values as the
        /// browser's <c>readyState</c>.
        /// </summary>
        public WebSocketState ReadyState
        {
            get
            {
                lock (_driver)
                {
                    return _thread != null ? _driver.State : WebSocketState.Closed;
                }
            }
        }

        /// <summary>Bytes queued and not yet taken by the socket.</summary>
        public int BufferedAmount
        {
            get { return _driver.SendCount; }
        }

        /// <summary>The subprotocol the server selected, or null.</summary>
        public string Protocol
        {
            get { return _driver.Subprotocol; }
        }

        /// <summary>Largest payload one <see cref="Send"/> or <see cref="SendFragment"/> frame may carry.</summary>
        public int MaxFramePayload
        {
            get { return _connectionOptions.SendBufferSize - 14; }
        }

        /// <summary>Starts connecting on the client's thread and returns at once. Throws when already started.</summary>
        public void Connect()
        {
            lock (_driver)
            {
                if (_thread != null)
                {
                    throw new InvalidOperationException("the client is already running");
                }

                _closeRequested = false;
                _thread = new Thread(new ThreadStart(Run));
                _thread.Start();
            }
        }

        /// <summary>
        /// Queues a whole message of at most <see cref="MaxFramePayload"/> bytes as one frame. Returns
        /// false, queuing nothing, when not open, a fragmented message is unfinished, or the send
        /// buffer has no room now.
        /// </summary>
        public bool Send(WebSocketMessageType type, byte[] buffer, int offset, int count)
        {
            ConnectionDriver.CheckPayload(buffer, offset, count, MaxFramePayload);
            return _driver.SendWhole(0, type, buffer, offset, count, 0);
        }

        /// <summary>Queues a whole text message (UTF-8 length at most <see cref="MaxFramePayload"/>); false as <see cref="Send"/>.</summary>
        public bool SendText(string text)
        {
            if (text == null || Utf8.GetByteCount(text) > MaxFramePayload)
            {
                throw new ArgumentException("text must be non-null and at most MaxFramePayload bytes in UTF-8");
            }

            return _driver.SendText(0, text, 0, 0);
        }

        /// <summary>
        /// Queues one frame of a message sent in pieces (RFC 6455 §5.4); the call with
        /// <paramref name="endOfMessage"/> true ends it. Returns false, queuing nothing, when not open
        /// or the send buffer has no room now: retry the same frame later.
        /// </summary>
        public bool SendFragment(WebSocketMessageType type, byte[] buffer, int offset, int count, bool endOfMessage)
        {
            ConnectionDriver.CheckPayload(buffer, offset, count, MaxFramePayload);
            return _driver.SendFragment(0, type, buffer, offset, count, endOfMessage, 0);
        }

        /// <summary>
        /// Closes the client for good (no more reconnection): an open connection starts the closing
        /// handshake (RFC 6455 §7.1.2) with <paramref name="code"/> and an optional reason of at most
        /// 123 UTF-8 bytes; a connection still being set up is abandoned at once, also during the
        /// DNS lookup or the TCP connect (its socket is closed). <see cref="Closed"/> follows (1006,
        /// not clean, when the connection had not opened).
        /// </summary>
        public void Close(int code, string reason)
        {
            if (!CloseStatus.IsValidOnWire(code))
            {
                throw new ArgumentException("close code may not be sent");
            }

            if (reason != null && Utf8.GetByteCount(reason) > CloseStatus.MaxReasonBytes)
            {
                throw new ArgumentException("close reason longer than 123 UTF-8 bytes");
            }

            ConnectAttempt attempt;
            lock (_driver)
            {
                _closeRequested = true;
                attempt = _attempt;
                _driver.RequestClose(0, code, reason);
            }

            if (attempt != null)
            {
                // Closes the socket being connected (outside the lock: closing may take a moment).
                attempt.Abandon();
            }
        }

        /// <summary>Closes with 1000 (normal closure) and no reason.</summary>
        public void Close()
        {
            Close(CloseStatus.NormalClosure, null);
        }

        /// <summary>
        /// Waits up to <paramref name="millisecondsTimeout"/> for the client's thread to end (closed
        /// and not reconnecting). Returns true when it has (at once when not started).
        /// </summary>
        public bool WaitClosed(int millisecondsTimeout)
        {
            Thread thread;
            lock (_driver)
            {
                thread = _thread;
            }

            return thread == null || thread == Thread.CurrentThread || thread.Join(millisecondsTimeout);
        }

        /// <summary>The phase of the connection attempt under way (<see cref="ConnectAttempt.Phase"/>), 0 when none; for tests.</summary>
        internal int ConnectPhase
        {
            get
            {
                lock (_driver)
                {
                    return _attempt != null ? _attempt.Phase : 0;
                }
            }
        }

        private bool CloseRequested
        {
            get
            {
                lock (_driver)
                {
                    return _closeRequested;
                }
            }
        }

        /// <summary>Splits <c>ws[s]://host[:port][/resource]</c>; throws <see cref="ArgumentException"/> on anything else.</summary>
        private static void ParseUrl(string url, out bool secure, out string host, out int port, out string resource)
        {
            // RFC 6455 §3: ws-URI and wss-URI; the default ports are 80 and 443.
            string lower = url == null ? string.Empty : url.ToLower();
            secure = lower.IndexOf("wss://") == 0;
            int schemeLength = secure ? 6 : 5;
            if (lower.Length <= schemeLength || (!secure && lower.IndexOf("ws://") != 0))
            {
                throw new ArgumentException("only ws:// and wss:// URLs are supported");
            }

            string rest = url.Substring(schemeLength);
            int hash = rest.IndexOf('#');
            if (hash >= 0)
            {
                // RFC 6455 §3: fragment identifiers are not used in WebSocket URIs.
                rest = rest.Substring(0, hash);
            }

            int slash = rest.IndexOf('/');
            int query = rest.IndexOf('?');
            int end = slash >= 0 && (query < 0 || slash < query) ? slash : query;
            string authority = end < 0 ? rest : rest.Substring(0, end);
            resource = end < 0 ? "/" : rest.Substring(end);
            if (resource[0] == '?')
            {
                resource = "/" + resource;
            }

            port = secure ? 443 : 80;
            int colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority.Substring(0, colon);
            if (colon >= 0 && (!int.TryParse(authority.Substring(colon + 1), out port) || port < 1 || port > 65535))
            {
                throw new ArgumentException("invalid port in URL");
            }

            if (host.Length == 0 || host.IndexOf('[') >= 0 || host.IndexOf('@') >= 0)
            {
                throw new ArgumentException("URL needs a host name or IPv4 address");
            }
        }
    }
}
