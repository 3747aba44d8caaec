using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// A WebSocket server (RFC 6455) over <see cref="Socket"/>, built for small devices: one thread
    /// polls a fixed table of connection slots, every buffer is allocated once in <see cref="Start"/>,
    /// and nothing grows while messages flow. It also serves plain HTTP GET/HEAD routes (a dashboard
    /// page) on the same port, shares its slots fairly between peer addresses, refuses upgrades
    /// from other sites' pages (same-origin rule, RFC 6455 §10.2) and runs an authorization hook.
    /// </summary>
    /// <remarks>
    /// <para>Threads: all events and hooks run on the poll thread; they must not block it (a pass
    /// that ran a handler and took <see cref="WebSocketServerOptions.SlowHandlerReportMs"/> or
    /// more is reported through <see cref="Error"/>).
    /// <see cref="Send"/>, <see cref="SendText"/>, <see cref="SendFragment"/>, <see cref="Broadcast"/>,
    /// <see cref="BroadcastText"/> and <see cref="Close"/> may be called from any thread, including
    /// from the handlers: they copy into the connection's send buffer under its lock and never wait
    /// for the network.</para>
    /// <para>Slow clients: a send returns false when the frame does not fit the connection's send
    /// buffer now; the caller decides whether to retry, skip or coalesce. A client whose socket
    /// accepts nothing for <see cref="WebSocketServerOptions.SendStallTimeoutMs"/> while bytes wait
    /// for it is closed with 1008 (policy violation): sends leave room in the send buffer for that
    /// close frame (see <see cref="MaxFramePayload"/>), so it is queued behind the stuck bytes, and
    /// <see cref="Closed"/> reports 1008 whether or not the peer ever reads it.</para>
    /// <para>Full house: one peer address cannot keep another out. When every slot is taken and
    /// another connection arrives, the oldest connection still waiting for its opening request is
    /// answered 503 and closed, else the least recently active WebSocket of the address holding
    /// the most slots (more than the newcomer's) is closed with 1013 (try again later), else the
    /// newcomer gets 503 with <c>Retry-After</c> and a page that retries by itself (see
    /// docs/security.md).</para>
    /// <para>Connection ids are positive, unique for the life of the server (until an int wraps),
    /// and never reused for a later client of the same slot, so a stale id is harmless.</para>
    /// </remarks>
    public sealed partial class WebSocketServer
    {
        // Byte budget at Start: MaxConnections × (ConnectionSlot ~70 + ConnectionDriver ~170 + WebSocketConnection.EstimateBytes),
        // the route table (MaxRoutes references), MaxPendingRejects × (socket reference + long),
        // a 256-byte scratch buffer for draining refused connections, the credential throttle
        // (MaxThrottledPeers × ~30 bytes), with a password the session table (MaxSessions × 28
        // bytes) and a 128-byte credentials buffer, a send scratch buffer of
        // min(SendBufferSize, 2048) bytes, and the thread.
        // Measured by tests/NanoWs.Net.Tests (LifecycleTests.AllBuffersAreAllocatedAtStart).
        private readonly WebSocketServerOptions _options;
        private readonly WebSocketOptions _connectionOptions;
        private readonly HttpRoute[] _routes;
        private readonly object _stateLock = new object();
        private readonly MillisecondClock _clock;
        private int _routeCount;
        private long _acceptCount;

        // Accepting backs off this many passes at most after failures (out of sockets or memory).
        private const int MaxAcceptBackoff = 256;

        private ConnectionSlot[] _slots;

        // Poll thread only: a chunk of a send buffer on its way to the socket (see Flush), the
        // accept backoff, and counters the tests read.
        private byte[] _sendScratch;
        private int _acceptSkip;
        private int _acceptBackoff;
        private long _pollPasses;
        private long _acceptFailures;
        private Socket[] _rejects;
        private long[] _rejectSince;
        private byte[] _scratch;
        private Socket _listener;

        // The slot that received last: the poll loop waits on its socket when idle.
        private ConnectionSlot _lastActiveSlot;

        // Set (1) by Send, Broadcast and Close from any thread: the idle poll loop stops waiting.
        private int _outputQueued;
        private Thread _thread;
        private int _localPort;
        private int _generation;
        private bool _running;
        private bool _stopRequested;
        private string _challengeHeader;

        /// <summary>Creates a server; nothing is allocated for connections until <see cref="Start"/>.</summary>
        public WebSocketServer(WebSocketServerOptions options)
        {
            if (options == null)
            {
                options = new WebSocketServerOptions();
            }

            options.Validate();
            _options = options;
            _connectionOptions = options.Connection != null ? options.Connection : new WebSocketOptions();
            _routes = new HttpRoute[options.MaxRoutes];
            _clock = options.Clock != null ? options.Clock : MonotonicClock.CreateDefault();
        }

        /// <summary>Raised when a WebSocket connection has opened.</summary>
        public event WebSocketOpenHandler Opened;

        /// <summary>Raised for every received message slice (whole messages when reassembly is on).</summary>
        public event WebSocketMessageHandler MessageReceived;

        /// <summary>Raised when an opened connection has closed and its socket is released.</summary>
        public event WebSocketCloseHandler Closed;

        /// <summary>Raised when a connection fails or a handler throws.</summary>
        public event WebSocketErrorHandler Error;

        /// <summary>Raised when a ping arrived on an open connection; its pong is already queued (RFC 6455 §5.5.2).</summary>
        public event WebSocketHeartbeatHandler PingReceived;

        /// <summary>
        /// Raised when a pong arrived on an open connection: the answer to the keep-alive ping, or an
        /// unsolicited heartbeat (RFC 6455 §5.5.3). Either shows the peer is alive and reading.
        /// </summary>
        public event WebSocketHeartbeatHandler PongReceived;

        /// <summary>
        /// Optional hook deciding whether an upgrade or a route request may proceed (see
        /// <see cref="WebSocketAuthorizeHandler"/>). Set it before <see cref="Start"/>.
        /// </summary>
        public WebSocketAuthorizeHandler Authorize;

        /// <summary>The server options.</summary>
        public WebSocketServerOptions Options
        {
            get { return _options; }
        }

        /// <summary>True between <see cref="Start"/> and the end of <see cref="Stop"/>.</summary>
        public bool IsRunning
        {
            get
            {
                lock (_stateLock)
                {
                    return _running;
                }
            }
        }

        /// <summary>The port the server listens on (the system's choice when the options said 0).</summary>
        public int LocalPort
        {
            get { return _localPort; }
        }

        /// <summary>
        /// Largest payload one <see cref="Send"/> or <see cref="SendFragment"/> frame may carry: the
        /// send buffer less the largest frame header (14 bytes) and the room kept for the 1008 close
        /// frame of the send-stall policy and a keep-alive ping (18 bytes).
        /// </summary>
        public int MaxFramePayload
        {
            get { return _connectionOptions.SendBufferSize - 14 - StallCloseReserve; }
        }

        /// <summary>Number of open WebSocket connections.</summary>
        public int OpenCount
        {
            get
            {
                ConnectionSlot[] slots = _slots;
                int n = 0;
                for (int i = 0; slots != null && i < slots.Length; i++)
                {
                    lock (slots[i].Sync)
                    {
                        if (slots[i].Opened && slots[i].InUse)
                        {
                            n++;
                        }
                    }
                }

                return n;
            }
        }

        /// <summary>
        /// Number of connection slots in use: open WebSocket connections, connections still in the
        /// opening handshake, plain HTTP requests being answered, and connections closing. 0 once
        /// every client is gone; a slot that stays in use with no client is a leak.
        /// </summary>
        public int SlotsInUse
        {
            get
            {
                ConnectionSlot[] slots = _slots;
                int n = 0;
                for (int i = 0; slots != null && i < slots.Length; i++)
                {
                    lock (slots[i].Sync)
                    {
                        if (slots[i].InUse)
                        {
                            n++;
                        }
                    }
                }

                return n;
            }
        }

        /// <summary>
        /// Registers a resource served on GET and HEAD at <paramref name="path"/> (exact match, query
        /// ignored). <paramref name="body"/> is sent as is, never copied: keep it unchanged.
        /// <paramref name="gzip"/> marks a pre-compressed body (<c>Content-Encoding: gzip</c>);
        /// <paramref name="cacheControl"/> is sent as <c>Cache-Control</c> when not null.
        /// </summary>
        public void AddRoute(string path, string contentType, byte[] body, bool gzip, string cacheControl)
        {
            if (path == null || path.Length == 0 || path[0] != '/' || contentType == null || body == null)
            {
                throw new ArgumentException("route needs a path starting with '/', a content type and a body");
            }

            WebSocketServerOptions.CheckHeaderText(path);
            WebSocketServerOptions.CheckHeaderText(contentType);
            if (cacheControl != null)
            {
                WebSocketServerOptions.CheckHeaderText(cacheControl);
            }

            HttpRoute route = new HttpRoute(path, contentType, body, gzip, cacheControl, _options.Password != null);

            // The response head (status line, Content-Type/Length, Connection, extras) must fit
            // the connection's send buffer next to the fixed lines the core writes.
            if (route.HeadLength + 140 > _connectionOptions.SendBufferSize)
            {
                throw new ArgumentException("route headers do not fit the send buffer");
            }

            lock (_stateLock)
            {
                for (int i = 0; i < _routeCount; i++)
                {
                    if (_routes[i].Path == path)
                    {
                        _routes[i] = route;
                        return;
                    }
                }

                if (_routeCount == _routes.Length)
                {
                    throw new InvalidOperationException("MaxRoutes reached");
                }

                _routes[_routeCount++] = route;
            }
        }

        /// <summary>
        /// Allocates every connection slot, binds and listens, and starts the poll thread. Returns
        /// once the server accepts connections. Throws <see cref="SocketException"/> when the port
        /// cannot be bound, and <see cref="InvalidOperationException"/> when the options need more
        /// sockets than <see cref="WebSocketServerOptions.SocketBudget"/> (nothing is allocated then).
        /// </summary>
        public void Start()
        {
            lock (_stateLock)
            {
                if (_running)
                {
                    throw new InvalidOperationException("the server is already running");
                }

                _options.CheckSocketBudget();
                PrepareTls();

                AllocateSlots();
                Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    IPAddress address = _options.BindAddress != null ? _options.BindAddress : IPAddress.Any;
                    listener.Bind(new IPEndPoint(address, _options.Port));
                    listener.Listen(_options.ListenBacklog);
                    _localPort = ((IPEndPoint)listener.LocalEndPoint).Port;
                }
                catch
                {
                    listener.Close();
                    throw;
                }

                _listener = listener;
                _stopRequested = false;
                _running = true;
                _thread = new Thread(new ThreadStart(Run));
                _thread.Start();
            }
        }

        /// <summary>
        /// Stops the server: stops accepting, sends 1001 (going away) to every open connection,
        /// waits up to the close timeout for their close handshakes, drops what remains and ends the
        /// poll thread. Returns when the thread has ended (at once when called from a handler).
        /// </summary>
        public void Stop()
        {
            Thread thread;
            lock (_stateLock)
            {
                if (!_running)
                {
                    return;
                }

                _stopRequested = true;
                thread = _thread;
            }

            if (thread != null && thread != Thread.CurrentThread)
            {
                thread.Join();
            }
        }

        private bool StopRequested
        {
            get
            {
                lock (_stateLock)
                {
                    return _stopRequested;
                }
            }
        }

        private void AllocateSlots()
        {
            if (_slots != null)
            {
                return;
            }

            ConnectionSlot[] slots = new ConnectionSlot[_options.MaxConnections];
            for (int i = 0; i < slots.Length; i++)
            {
                slots[i] = new ConnectionSlot(i, _connectionOptions);
            }

            _rejects = new Socket[_options.MaxPendingRejects];
            _rejectSince = new long[_options.MaxPendingRejects];
            _scratch = new byte[256];
            _throttle = new CredentialThrottle(_options.MaxThrottledPeers, _options.MaxWrongCredentials, _options.CredentialBackoffMs);
            _sendScratch = new byte[_connectionOptions.SendBufferSize < SocketIo.MaxSendChunk ? _connectionOptions.SendBufferSize : SocketIo.MaxSendChunk];
            _challengeHeader = _options.AuthenticateChallenge == null
                ? null
                : "WWW-Authenticate: " + _options.AuthenticateChallenge + "\r\n";
            AllocateLogin();
            _slots = slots;
        }

        /// <summary>The slot a live connection id refers to, or null (call under no lock).</summary>
        private ConnectionSlot SlotOf(int connectionId)
        {
            ConnectionSlot[] slots = _slots;
            if (slots == null || connectionId <= 0)
            {
                return null;
            }

            return slots[connectionId % slots.Length];
        }

        private int NextId(int slotIndex)
        {
            int n = _slots.Length;
            _generation++;
            if (_generation <= 0 || _generation > (int.MaxValue / n) - 1)
            {
                _generation = 1;
            }

            return (_generation * n) + slotIndex;
        }
    }
}
