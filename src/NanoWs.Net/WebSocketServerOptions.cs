using System;
using System.Net;

namespace NanoWs.Net
{
    /// <summary>
    /// Settings of a <see cref="WebSocketServer"/>: where it listens, how many connections it holds,
    /// its policies (path, origins, authentication challenge) and the per-connection
    /// <see cref="WebSocketOptions"/> every slot is built with. Every buffer the server uses is sized
    /// from these values and allocated once, in <see cref="WebSocketServer.Start"/>.
    /// </summary>
    public sealed class WebSocketServerOptions
    {
        /// <summary>Address to listen on; <see cref="IPAddress.Any"/> when null.</summary>
        public IPAddress BindAddress;

        /// <summary>TCP port to listen on; 0 lets the system pick one (read it from <see cref="WebSocketServer.LocalPort"/>). Default 80.</summary>
        public int Port = 80;

        /// <summary>
        /// Connection slots: WebSocket connections and plain HTTP requests served at the same time.
        /// Default 4. When every slot is taken and another connection arrives, room is made fairly
        /// between peer addresses: the oldest connection still without a complete request (from an
        /// address holding at least as many slots as the newcomer's) is answered 503 and closed;
        /// else the least recently active WebSocket of the address holding the most slots, when
        /// that is more than the newcomer's address holds, is closed with 1013 (try again later);
        /// else the newcomer is answered <c>503 Service Unavailable</c> with <c>Retry-After</c>.
        /// </summary>
        public int MaxConnections = 4;

        /// <summary>Length of the TCP accept queue passed to <c>Listen</c>. Default 4.</summary>
        public int ListenBacklog = 4;

        /// <summary>
        /// Longest time the poll thread waits when no connection had anything to do, in ms. It waits
        /// on one socket at a time (nanoFramework has no Select): the connection with bytes waiting
        /// for room, else the one that received last, else the listener. Activity on that socket ends
        /// the wait at once; new connections, bytes from other connections and messages queued by
        /// other threads are noticed within this time (queued messages within a fifth of it, at
        /// least 1 ms). Default 5.
        /// </summary>
        public int PollIntervalMs = 5;

        /// <summary>
        /// Time a connection may keep bytes waiting to be sent while its socket accepts none, in ms.
        /// Then it is closed with 1008 (policy violation): the close frame is queued behind the stuck
        /// bytes (sends keep room for it), the close handshake gets its own timeout, and the Closed
        /// event reports 1008. A connection that stalls again, or whose buffer was filled by replies
        /// to the peer's pings, is dropped at once, still reported as 1008. 0 disables. Default 10000.
        /// </summary>
        public int SendStallTimeoutMs = 10000;

        /// <summary>
        /// Handlers (Opened, MessageReceived, Closed, the heartbeat events, Authorize) run on the
        /// poll thread and every connection waits while one runs: they must return quickly (queue
        /// work for another thread rather than wait for a device or the network). A pass of the
        /// poll loop that ran a handler and took this many ms or more is reported through the
        /// Error event, naming the handler and its connection. 0 disables. Default 100.
        /// </summary>
        public int SlowHandlerReportMs = 100;

        /// <summary>
        /// Wrong secrets (command tokens, passwords) a peer address may present before it backs
        /// off, and that one WebSocket may present before it is closed with 1008. Default 3.
        /// </summary>
        public int MaxWrongCredentials = 3;

        /// <summary>
        /// First backoff of an address after <see cref="MaxWrongCredentials"/> wrong secrets, in ms;
        /// each further wrong one doubles it, up to 64 times this. Default 1000.
        /// </summary>
        public int CredentialBackoffMs = 1000;

        /// <summary>Peer addresses the credential throttle remembers at once (table allocated at start). Default 8.</summary>
        public int MaxThrottledPeers = 8;

        /// <summary>
        /// The owner's password, or null (default: no login). When set, the server serves a login
        /// page at <c>/login</c> (and in place of every route for a browser without a session),
        /// takes the password on <c>POST /login</c> (throttled per address like every credential),
        /// sets an <c>HttpOnly; SameSite=Strict</c> session cookie drawn from the platform's random
        /// generator (the chip's hardware generator on ESP32 and STM32), refuses upgrades without
        /// a live session with 401 before any 101, and ends the session on <c>POST /logout</c>.
        /// Never logged. See docs/security.md.
        /// </summary>
        public string Password;

        /// <summary>Login sessions held at once (table allocated at start); a new login replaces the one closest to expiry. Default 4.</summary>
        public int MaxSessions = 4;

        /// <summary>How long a session lasts after its login, in ms. Default 43,200,000 (12 hours).</summary>
        public int SessionLifetimeMs = 43200000;

        /// <summary>
        /// With a <see cref="Password"/>: true lets browsers without a session load the page and open
        /// the WebSocket for viewing (<see cref="WebSocketServer.IsAuthenticated"/> is false for
        /// them, so the app refuses their commands). Default false: viewing needs the login too.
        /// </summary>
        public bool ViewWithoutLogin;

        /// <summary>Most HTTP routes <see cref="WebSocketServer.AddRoute"/> accepts. Default 8.</summary>
        public int MaxRoutes = 8;

        /// <summary>
        /// Refused (503) and evicted (1013) connections kept open for a moment so the client reads
        /// the answer before the TCP connection closes; when all are taken the oldest is closed. Default 2.
        /// </summary>
        public int MaxPendingRejects = 2;

        /// <summary>How long a refused connection is kept open at most, in ms. Default 1000.</summary>
        public int RejectLingerMs = 1000;

        /// <summary>
        /// Sockets the firmware's TCP/IP stack has in all, or 0 (default) when unknown, as on a
        /// PC: then nothing is checked. A board sets it from its firmware (lwIP's
        /// <c>MEMP_NUM_NETCONN</c>: 16 on nanoFramework's ESP32 firmwares, 4 on its STM32 ChibiOS
        /// ones). When the server would need more sockets than that at a full house
        /// (<see cref="SocketsNeeded"/>), <see cref="WebSocketServer.Start"/> refuses to start:
        /// lwIP would reset the connections over its limit inside the stack, before the server
        /// could evict a stale handshake or answer 503.
        /// </summary>
        public int SocketBudget;

        /// <summary>
        /// The server's certificate (PEM, its chain's intermediates may follow it) for https and
        /// wss on the server's port, or null (default) for plain http and ws. With it, every
        /// accepted connection runs the TLS handshake before its first HTTP byte: the dashboard
        /// page, the login page, every route and the WebSocket upgrade are served over TLS
        /// (see docs/tls.md). Needs <see cref="TlsKeyPem"/>.
        /// </summary>
        public string TlsCertificatePem;

        /// <summary>The private key (PEM, unencrypted) of <see cref="TlsCertificatePem"/>.</summary>
        public string TlsKeyPem;

        /// <summary>
        /// TLS connections the platform can hold at once, or -1 (default) when unknown, as on a PC:
        /// then nothing is checked. A board profile sets it from its memory (docs/tls.md: about
        /// 26–30 KB of native heap per connection on ESP32 firmwares); 0 means server TLS does not
        /// fit. With <see cref="TlsCertificatePem"/> set, <see cref="WebSocketServer.Start"/>
        /// refuses to start when <see cref="MaxConnections"/> is larger.
        /// </summary>
        public int MaxTlsConnections = -1;

        /// <summary>
        /// Boards only: how long, in ms, the server's TLS handshake waits at most for each read
        /// from the peer (a flight of the handshake). nanoFramework runs the whole handshake in
        /// one native call that holds the runtime (every managed thread) until it ends, so this
        /// bounds how long a client that stalls mid-handshake stops the board (the handshake then
        /// fails and the connection is dropped). Default 1000. The host's handshake never holds
        /// the poll thread; it is bounded by the handshake timeout.
        /// </summary>
        public int TlsHandshakeReadTimeoutMs = 1000;

        /// <summary>
        /// Sockets the server holds at most: the listener, <see cref="MaxConnections"/> connection
        /// slots, and the sockets it needs to answer a refusal: the newcomer accepted at a full
        /// house (before a stale handshake is evicted or the 503 is sent) and up to
        /// <see cref="MaxPendingRejects"/> refused connections still being read. The stack creates
        /// the newcomer's socket as soon as its TCP handshake completes, before <c>Accept</c>.
        /// </summary>
        public int SocketsNeeded
        {
            get { return 1 + MaxConnections + 1 + MaxPendingRejects; }
        }

        /// <summary>
        /// Path (without query) WebSocket upgrades are accepted on, e.g. "/ws"; an upgrade for any
        /// other path gets 404. Null (default) accepts upgrades on every path.
        /// </summary>
        public string WebSocketPath;

        /// <summary>
        /// Refuse browsers of other sites (default true): a WebSocket upgrade, or an HTTP request
        /// other than GET and HEAD, whose <c>Origin</c> header is not the server's own origin
        /// (<c>http://</c> + its <c>Host</c> header) nor listed in <see cref="AllowedOrigins"/> gets
        /// 403 Forbidden (RFC 6455 §4.2.2 item 4 and §10.2). Requests without an Origin header
        /// (devices, scripts) are not affected. Without it, any web page a user on the LAN visits
        /// could open the device's WebSocket and send commands (cross-site WebSocket hijacking).
        /// False turns the same-origin check off; <see cref="AllowedOrigins"/> still applies when set.
        /// </summary>
        public bool SameOriginOnly = true;

        /// <summary>
        /// Further origins allowed, e.g. "http://192.168.1.20" or "https://dashboard.example:8443"
        /// (a page served elsewhere, or the device behind a TLS proxy). Compared as (scheme, host,
        /// port) per RFC 6454: host without regard to case, a missing port as the scheme's
        /// default. Null (default): only the server's own origin.
        /// </summary>
        public string[] AllowedOrigins;

        /// <summary>
        /// Value of the <c>WWW-Authenticate</c> header sent with a 401 from
        /// <see cref="WebSocketServer.Authorize"/> (RFC 9110 §11.6.1). Default "Bearer".
        /// </summary>
        public string AuthenticateChallenge = "Bearer";

        /// <summary>
        /// Options of every connection slot: buffer sizes, message limits, subprotocols and the
        /// handshake, keep-alive, pong and close timers. A default instance when null.
        /// </summary>
        public WebSocketOptions Connection;

        /// <summary>
        /// Millisecond clock for the timers, used as given. When null, a monotonic clock
        /// (<see cref="MonotonicClock.CreateDefault"/>): a board's wall clock, stepped by SNTP once
        /// the network is up, must neither expire every timer at once nor freeze them.
        /// </summary>
        public MillisecondClock Clock;

        /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
        public void Validate()
        {
            if (Port < 0 || Port > 65535)
            {
                throw new ArgumentException("Port must be 0 to 65535");
            }

            if (MaxConnections < 1)
            {
                throw new ArgumentException("MaxConnections must be at least 1");
            }

            if (ListenBacklog < 1)
            {
                throw new ArgumentException("ListenBacklog must be at least 1");
            }

            if (PollIntervalMs < 1 || PollIntervalMs > 1000)
            {
                throw new ArgumentException("PollIntervalMs must be 1 to 1000");
            }

            if (SendStallTimeoutMs < 0 || RejectLingerMs < 0 || SlowHandlerReportMs < 0)
            {
                throw new ArgumentException("timeouts must not be negative");
            }

            if (Password != null && (Password.Length == 0 || MaxSessions < 1 || MaxSessions > 255 || SessionLifetimeMs < 1000))
            {
                throw new ArgumentException("Password must not be empty, MaxSessions 1 to 255, SessionLifetimeMs at least 1000");
            }

            if (MaxWrongCredentials < 1 || CredentialBackoffMs < 0 || MaxThrottledPeers < 1)
            {
                throw new ArgumentException("MaxWrongCredentials and MaxThrottledPeers must be at least 1, CredentialBackoffMs not negative");
            }

            if ((TlsCertificatePem == null) != (TlsKeyPem == null) || MaxTlsConnections < -1 || TlsHandshakeReadTimeoutMs < 1)
            {
                throw new ArgumentException("TlsCertificatePem and TlsKeyPem go together; MaxTlsConnections must be -1 (unknown) or more, TlsHandshakeReadTimeoutMs at least 1");
            }

            if (MaxRoutes < 0 || MaxPendingRejects < 0)
            {
                throw new ArgumentException("MaxRoutes and MaxPendingRejects must not be negative");
            }

            if (SocketBudget < 0)
            {
                throw new ArgumentException("SocketBudget must not be negative (0: unknown)");
            }

            if (WebSocketPath != null && (WebSocketPath.Length == 0 || WebSocketPath[0] != '/'))
            {
                throw new ArgumentException("WebSocketPath must start with '/'");
            }

            for (int i = 0; AllowedOrigins != null && i < AllowedOrigins.Length; i++)
            {
                OriginPolicy.CheckEntry(AllowedOrigins[i]);
            }

            if (AuthenticateChallenge != null)
            {
                CheckHeaderText(AuthenticateChallenge);
            }

            if (Connection != null)
            {
                Connection.Validate();
            }
        }

        /// <summary>
        /// Throws <see cref="InvalidOperationException"/> when <see cref="SocketBudget"/> is known and
        /// smaller than <see cref="SocketsNeeded"/>; the message names every number.
        /// </summary>
        internal void CheckSocketBudget()
        {
            int needed = SocketsNeeded;
            if (SocketBudget > 0 && needed > SocketBudget)
            {
                throw new InvalidOperationException("the server needs " + needed.ToString() + " sockets ("
                    + MaxConnections.ToString() + " connections + 1 listener + 1 newcomer at a full house + "
                    + MaxPendingRejects.ToString() + " pending rejects) but the firmware has " + SocketBudget.ToString()
                    + " (SocketBudget): lower MaxConnections or MaxPendingRejects");
            }
        }

        /// <summary>
        /// Throws <see cref="InvalidOperationException"/> when TLS is configured and
        /// <see cref="MaxConnections"/> is more than <see cref="MaxTlsConnections"/> allows; the
        /// message names both numbers.
        /// </summary>
        internal void CheckTlsBudget()
        {
            if (TlsCertificatePem == null || MaxTlsConnections < 0 || MaxConnections <= MaxTlsConnections)
            {
                return;
            }

            if (MaxTlsConnections == 0)
            {
                throw new InvalidOperationException("server TLS does not fit this board (MaxTlsConnections 0: each TLS connection needs about 26-30 KB of native heap, docs/tls.md): leave TlsCertificatePem unset or use a board with PSRAM");
            }

            throw new InvalidOperationException("the server would hold " + MaxConnections.ToString() + " TLS connections but the board fits "
                + MaxTlsConnections.ToString() + " (MaxTlsConnections): lower MaxConnections to " + MaxTlsConnections.ToString());
        }

        /// <summary>Throws when <paramref name="text"/> holds a character that may not appear in a header value.</summary>
        internal static void CheckHeaderText(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                // RFC 9110 §5.5: no controls in field values (header injection).
                if (text[i] < 0x20 || text[i] > 0x7E)
                {
                    throw new ArgumentException("control or non-ASCII character in header text");
                }
            }
        }
    }
}
