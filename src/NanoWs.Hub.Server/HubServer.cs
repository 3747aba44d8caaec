using System;
using System.Threading;
using NanoWs.Net;

namespace NanoWs.Hub
{
    /// <summary>
    /// A <see cref="ChannelHub"/> served by a <see cref="WebSocketServer"/>: the built-in dashboard
    /// page at <c>/</c> (and <c>/index.html</c>), every WebSocket connection a tab, every whole text
    /// message a command, and the hub's messages sent with the server's backpressure (a tab whose
    /// socket does not drain gets the newest values later, never a queue).
    /// </summary>
    /// <example>
    /// <code>
    /// var hub = HubServer.Create(new WebSocketServerOptions { Port = 80 }, new HubOptions { DeviceName = "greenhouse" });
    /// HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
    /// hub.Start();
    /// while (true) { hub.Publish(temp, sensor.ReadCelsius()); Thread.Sleep(200); }
    /// </code>
    /// </example>
    /// <remarks>
    /// <para>Sizes agree by construction: the hub follows as many tabs as the server has connection
    /// slots (<see cref="HubOptions.MaxTabs"/> := <see cref="WebSocketServerOptions.MaxConnections"/>),
    /// writes messages no larger than one frame (<see cref="HubOptions.MessageBufferSize"/> :=
    /// <see cref="WebSocketServer.MaxFramePayload"/>), and the server reassembles messages up to
    /// twice <see cref="HubOptions.MaxCommandBytes"/> (<see cref="ConfigureServerOptions"/>), so a
    /// command somewhat too long is still read and answered with an error ack; only a longer
    /// message closes the connection with 1009.</para>
    /// <para>Threads: publish from any thread. Tabs and commands arrive on the server's poll thread;
    /// a pump thread (<see cref="PumpIntervalMs"/>) sends what changed. The hub's lock keeps them apart.</para>
    /// </remarks>
    public sealed class HubServer
    {
        /// <summary>The path of the dashboard's WebSocket, where the built-in page connects.</summary>
        public const string DefaultWebSocketPath = "/ws";

        /// <summary>Default <see cref="PumpIntervalMs"/>: 20 ms.</summary>
        public const int DefaultPumpIntervalMs = 20;

        // Byte budget: five references, an int and the pump thread with its event once started;
        // the hub (see ChannelHub) and the server (see WebSocketServer) own every buffer.
        private readonly WebSocketServer _server;
        private readonly ChannelHub _hub;
        private readonly MillisecondClock _clock;
        private readonly ManualResetEvent _stop = new ManualResetEvent(false);
        private Thread _pump;
        private int _pumpIntervalMs = DefaultPumpIntervalMs;

        private HubServer(WebSocketServer server, HubOptions options, MillisecondClock clock)
        {
            _server = server;
            _clock = clock;

            // GET /api/state and POST /api/set (docs/dashboard.md, "JSON API"); mapped first, so a
            // server that takes no more handlers (or has one at /api/) is refused before anything is hooked.
            server.MapPath(new HubApi(this, options));
            HubServerTransport transport = new HubServerTransport(server, clock);
            _hub = new ChannelHub(options, transport);
            transport.Attach(_hub);
            SetPage(DashboardPage.Gzip, true);
        }

        /// <summary>
        /// Creates the server from <paramref name="serverOptions"/> (completed by
        /// <see cref="ConfigureServerOptions"/>) and attaches a hub to it (<see cref="Attach(WebSocketServer, HubOptions)"/>).
        /// Neither is started: add channels, then call <see cref="Start"/>.
        /// </summary>
        /// <param name="serverOptions">Port, connections, buffers, password…; defaults when null.</param>
        /// <param name="hubOptions">Device name, title, channels, token…; defaults when null.</param>
        /// <returns>The hub server.</returns>
        public static HubServer Create(WebSocketServerOptions serverOptions, HubOptions hubOptions)
        {
            if (serverOptions == null)
            {
                serverOptions = new WebSocketServerOptions();
            }

            if (hubOptions == null)
            {
                hubOptions = new HubOptions();
            }

            ConfigureServerOptions(serverOptions, hubOptions);
            return Attach(new WebSocketServer(serverOptions), hubOptions);
        }

        /// <summary>
        /// Completes server options for a hub: the WebSocket at <see cref="DefaultWebSocketPath"/>
        /// unless a path is set, whole messages (reassembly on) of at most twice
        /// <see cref="HubOptions.MaxCommandBytes"/> (a larger limit set already, for another handler
        /// on the port, stays), and a shared monotonic clock unless one is set.
        /// Creates <see cref="WebSocketServerOptions.Connection"/> when it is null. Call it before
        /// building a <see cref="WebSocketServer"/> that <see cref="Attach(WebSocketServer, HubOptions)"/> will be given.
        /// </summary>
        /// <param name="serverOptions">The options to complete (changed in place).</param>
        /// <param name="hubOptions">The hub's options (read only).</param>
        public static void ConfigureServerOptions(WebSocketServerOptions serverOptions, HubOptions hubOptions)
        {
            if (serverOptions == null || hubOptions == null)
            {
                throw new ArgumentNullException(serverOptions == null ? "serverOptions" : "hubOptions");
            }

            if (serverOptions.WebSocketPath == null)
            {
                serverOptions.WebSocketPath = DefaultWebSocketPath;
            }

            if (serverOptions.Connection == null)
            {
                serverOptions.Connection = new WebSocketOptions();
            }

            // Whole messages of at most twice MaxCommandBytes; a larger limit set already (another
            // handler on the same port, such as Socket.IO) stays: the hub refuses a longer command itself.
            WebSocketOptions connection = serverOptions.Connection;
            if (!connection.ReassembleMessages || connection.MaxMessageSize < 2 * hubOptions.MaxCommandBytes)
            {
                connection.MaxMessageSize = 2 * hubOptions.MaxCommandBytes;
            }

            connection.ReassembleMessages = true;
            if (serverOptions.Clock == null)
            {
                serverOptions.Clock = MonotonicClock.CreateDefault();
            }
        }

        /// <summary>
        /// Attaches a new hub to <paramref name="server"/> (not started): sets
        /// <see cref="HubOptions.MaxTabs"/> to the server's connection slots and
        /// <see cref="HubOptions.MessageBufferSize"/> to its largest frame, serves the built-in page
        /// at <c>/</c> and <c>/index.html</c>, and hooks the server's events. Throws
        /// <see cref="ArgumentException"/> when the server does not reassemble messages of at least
        /// <see cref="HubOptions.MaxCommandBytes"/> (build its options with
        /// <see cref="ConfigureServerOptions"/>) and <see cref="InvalidOperationException"/> when it runs.
        /// </summary>
        /// <param name="server">The server, not started.</param>
        /// <param name="options">The hub's options (MaxTabs and MessageBufferSize are set here); defaults when null.</param>
        /// <returns>The hub server.</returns>
        public static HubServer Attach(WebSocketServer server, HubOptions options)
        {
            return Attach(server, options, null);
        }

        /// <summary>
        /// <see cref="Attach(WebSocketServer, HubOptions)"/> with the hub on a clock of its own
        /// (its minimum intervals, heartbeat and the times of <see cref="Publish(HubChannel, double)"/>).
        /// </summary>
        /// <param name="server">The server, not started.</param>
        /// <param name="options">The hub's options (MaxTabs and MessageBufferSize are set here); defaults when null.</param>
        /// <param name="clock">The hub's clock in ms; null: the server's (<see cref="WebSocketServerOptions.Clock"/>, else a monotonic clock).</param>
        /// <returns>The hub server.</returns>
        public static HubServer Attach(WebSocketServer server, HubOptions options, MillisecondClock clock)
        {
            if (server == null)
            {
                throw new ArgumentNullException("server");
            }

            if (server.IsRunning)
            {
                throw new InvalidOperationException("attach before Start");
            }

            if (options == null)
            {
                options = new HubOptions();
            }

            WebSocketServerOptions serverOptions = server.Options;
            WebSocketOptions connection = serverOptions.Connection;
            if (connection == null || !connection.ReassembleMessages || connection.MaxMessageSize < options.MaxCommandBytes)
            {
                throw new ArgumentException("the server must reassemble messages of MaxCommandBytes: use HubServer.ConfigureServerOptions");
            }

            options.MaxTabs = serverOptions.MaxConnections;
            options.MessageBufferSize = server.MaxFramePayload;
            if (clock == null)
            {
                clock = serverOptions.Clock != null ? serverOptions.Clock : MonotonicClock.CreateDefault();
            }

            return new HubServer(server, options, clock);
        }

        /// <summary>The server (routes, events, password, start and stop).</summary>
        public WebSocketServer Server
        {
            get { return _server; }
        }

        /// <summary>The hub (channels, tabs, last error, hello size).</summary>
        public ChannelHub Hub
        {
            get { return _hub; }
        }

        /// <summary>Decides <c>set</c> commands for writable channels (see <see cref="HubSetHandler"/>); null refuses them.</summary>
        public HubSetHandler SetHandler
        {
            get { return _hub.SetHandler; }
            set { _hub.SetHandler = value; }
        }

        /// <summary>
        /// How often the pump thread started by <see cref="Start"/> sends what changed, in ms.
        /// Default <see cref="DefaultPumpIntervalMs"/>; 0 starts no thread: the application then
        /// calls <see cref="Pump"/> itself. Keep it well below <see cref="HubOptions.HeartbeatIntervalMs"/>.
        /// </summary>
        public int PumpIntervalMs
        {
            get { return _pumpIntervalMs; }
            set
            {
                if (value < 0)
                {
                    throw new ArgumentException("PumpIntervalMs must not be negative");
                }

                _pumpIntervalMs = value;
            }
        }

        /// <summary>The clock of the server and the hub, in ms.</summary>
        /// <returns>Milliseconds.</returns>
        public long Now()
        {
            return _clock();
        }

        /// <summary>Adds a number channel (see <see cref="ChannelHub.AddNumber"/>); channels show in the order they are added.</summary>
        /// <param name="id">Short id used in messages.</param>
        /// <param name="label">Label shown on the page.</param>
        /// <param name="unit">Unit shown after the value, or empty.</param>
        /// <param name="min">Lowest value.</param>
        /// <param name="max">Highest value.</param>
        /// <param name="writable">True when tabs may set it (a slider).</param>
        /// <returns>The channel.</returns>
        public HubChannel AddNumber(string id, string label, string unit, double min, double max, bool writable)
        {
            return _hub.AddNumber(id, label, unit, min, max, writable);
        }

        /// <summary>Adds an on/off channel (see <see cref="ChannelHub.AddBool"/>).</summary>
        /// <param name="id">Short id used in messages.</param>
        /// <param name="label">Label shown on the page.</param>
        /// <param name="writable">True when tabs may set it (a switch).</param>
        /// <returns>The channel.</returns>
        public HubChannel AddBool(string id, string label, bool writable)
        {
            return _hub.AddBool(id, label, writable);
        }

        /// <summary>Adds a text channel (see <see cref="ChannelHub.AddText"/>).</summary>
        /// <param name="id">Short id used in messages.</param>
        /// <param name="label">Label shown on the page.</param>
        /// <param name="writable">True when tabs may set it.</param>
        /// <returns>The channel.</returns>
        public HubChannel AddText(string id, string label, bool writable)
        {
            return _hub.AddText(id, label, writable);
        }

        /// <summary>Records a number (see <see cref="ChannelHub.Publish(HubChannel, double, long)"/>) at <see cref="Now"/>.</summary>
        /// <param name="channel">A number channel of this hub.</param>
        /// <param name="value">The value.</param>
        /// <returns>True when recorded (it changed enough and not too soon).</returns>
        public bool Publish(HubChannel channel, double value)
        {
            return _hub.Publish(channel, value, _clock());
        }

        /// <summary>Records an on/off value (see <see cref="ChannelHub.Publish(HubChannel, bool, long)"/>) at <see cref="Now"/>.</summary>
        /// <param name="channel">A bool channel of this hub.</param>
        /// <param name="value">The value.</param>
        /// <returns>True when recorded (it changed).</returns>
        public bool Publish(HubChannel channel, bool value)
        {
            return _hub.Publish(channel, value, _clock());
        }

        /// <summary>Records a text (see <see cref="ChannelHub.Publish(HubChannel, string, long)"/>) at <see cref="Now"/>.</summary>
        /// <param name="channel">A text channel of this hub.</param>
        /// <param name="value">The value.</param>
        /// <returns>True when recorded (it changed).</returns>
        public bool Publish(HubChannel channel, string value)
        {
            return _hub.Publish(channel, value, _clock());
        }

        /// <summary>Sends every tab with room what changed (see <see cref="ChannelHub.Pump"/>).</summary>
        /// <returns>Messages sent.</returns>
        public int Pump()
        {
            return _hub.Pump(_clock());
        }

        /// <summary>
        /// Serves <paramref name="page"/> at <c>/</c> and <c>/index.html</c> instead of the built-in
        /// dashboard (never copied: keep it unchanged). A page of one's own speaks the protocol of
        /// docs/dashboard.md over the WebSocket path.
        /// </summary>
        /// <param name="page">The page's bytes, served as they are.</param>
        /// <param name="gzip">True when <paramref name="page"/> is gzip-compressed.</param>
        public void SetPage(byte[] page, bool gzip)
        {
            _server.AddRoute("/", "text/html; charset=utf-8", page, gzip, "no-cache");
            _server.AddRoute("/index.html", "text/html; charset=utf-8", page, gzip, "no-cache");
        }

        /// <summary>
        /// Starts the server (see <see cref="WebSocketServer.Start"/>) and, unless
        /// <see cref="PumpIntervalMs"/> is 0, the pump thread. Publish first values before, so the
        /// first tab's hello already holds them.
        /// </summary>
        public void Start()
        {
            _server.Start();
            if (_pumpIntervalMs > 0 && _pump == null)
            {
                _stop.Reset();
                _pump = new Thread(new ThreadStart(RunPump));
                _pump.Start();
            }
        }

        /// <summary>Stops the pump thread, then the server (open tabs get 1001, going away).</summary>
        public void Stop()
        {
            Thread pump = _pump;
            if (pump != null)
            {
                _stop.Set();
                pump.Join();
                _pump = null;
            }

            _server.Stop();
        }

        private void RunPump()
        {
            while (!_stop.WaitOne(_pumpIntervalMs, false))
            {
                _hub.Pump(_clock());
            }
        }
    }
}
