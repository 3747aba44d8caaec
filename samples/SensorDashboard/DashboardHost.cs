using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using NanoWs.Hardware;
using NanoWs.Hub;
using NanoWs.Net;
using NanoWs.SocketIo;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The simulated device on a PC (host build only): a <see cref="HubServer"/> on loopback,
    /// the shared <see cref="DashboardApp"/> and a thread that ticks it every 10 ms. Used by
    /// <see cref="Program"/> and, in-process, by the integration tests.
    /// </summary>
    public sealed class DashboardHost : IDisposable
    {
        /// <summary>How often the application thread ticks the app (samples sensors when due, pumps the hub).</summary>
        public const int TickMs = 10;

        private readonly MillisecondClock _clock;
        private readonly ManualResetEvent _stop = new ManualResetEvent(false);
        private Thread _thread;

        private DashboardHost(WebSocketServer server, DashboardApp app, DeviceParts parts, MillisecondClock clock)
        {
            Server = server;
            App = app;
            Device = parts;
            _clock = clock;
        }

        /// <summary>The server.</summary>
        public WebSocketServer Server { get; }

        /// <summary>The application (its hub and channels).</summary>
        public DashboardApp App { get; }

        /// <summary>The sensors and actuators (for example <c>Device.Led.IsOn</c>).</summary>
        public DeviceParts Device { get; }

        /// <summary>The port the server listens on.</summary>
        public int Port => Server.LocalPort;

        /// <summary>The clock of the server and the hub: milliseconds since the host was created,
        /// unless <c>configure</c> gave the server options another clock.</summary>
        public long NowMs() => _clock();

        /// <summary>Builds (without starting) a dashboard on 127.0.0.1:<paramref name="port"/>.</summary>
        /// <param name="port">TCP port; 0 picks a free one.</param>
        /// <param name="maxTabs">Most tabs at once (server connection slots; page requests use them briefly too).</param>
        /// <param name="token">Token required on commands, or null.</param>
        /// <param name="parts">Sensors and actuators, all five set (<see cref="SimulatedParts.Create(int)"/>).</param>
        /// <param name="configure">Optional last word on the server options (tests); a clock it sets
        /// drives the hub too.</param>
        /// <param name="historyResolutionMs">ms between history samples; 0: none.</param>
        /// <param name="stateFile">Where the LED and the fan are kept, or null.</param>
        /// <param name="healthIntervalMs">How often the device card's health goes out, in ms
        /// (<see cref="DashboardApp.HealthIntervalMs"/> in the simulator); 0: no device card.</param>
        /// <returns>The host.</returns>
        public static DashboardHost Create(int port, int maxTabs, string token, DeviceParts parts, Action<WebSocketServerOptions> configure = null, int historyResolutionMs = 0, string stateFile = null, int healthIntervalMs = 0)
        {
            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = port;
            options.MaxConnections = maxTabs;
            options.ListenBacklog = 16;

            // A PC has memory to spare, but the buffers stay board-like so the host shows the same
            // behaviour (coalescing under backpressure) a board does.
            options.Connection = new NanoWs.WebSocketOptions { ReceiveBufferSize = 4096, SendBufferSize = 2048 };
            Stopwatch sinceCreated = Stopwatch.StartNew();
            options.Clock = () => sinceCreated.ElapsedMilliseconds;
            configure?.Invoke(options);

            HubOptions hubOptions = new HubOptions { DeviceName = "simulated-esp32", Token = token, HeartbeatIntervalMs = DashboardApp.HeartbeatIntervalMs, HealthIntervalMs = healthIntervalMs };
            if (historyResolutionMs > 0)
            {
                // The last 360 samples of every numeric channel (an hour at 10 s): 1,440 bytes a channel.
                hubOptions.HistoryPoints = 360;
                hubOptions.HistoryResolutionMs = historyResolutionMs;
            }

            HubServer hub = HubServer.Create(options, hubOptions);
            if (healthIntervalMs > 0)
            {
                SimulatorHealth.Attach(hub.Hub, options.BindAddress);
            }

            DashboardApp app = new DashboardApp(hub, parts);
            DashboardHost host = new DashboardHost(hub.Server, app, parts, options.Clock);
            host.State = OpenState(stateFile);
            hub.Server.Error += (s, id, message) => Console.Error.WriteLine("connection " + id + ": " + message);
            return host;
        }

        /// <summary>
        /// Builds (without starting) the dashboard's hub served over Socket.IO on
        /// 127.0.0.1:<paramref name="port"/>: every socket of the main namespace is a tab, the hub's
        /// messages are <c>hub</c> events, commands <c>set</c> events (<see cref="HubSocketIo"/>).
        /// The server's one path hook serves <c>/socket.io/</c>, so this mode has no built-in page
        /// (it speaks plain WebSocket) and no JSON API: a front end of one's own with
        /// socket.io-client speaks the dashboard protocol.
        /// </summary>
        /// <param name="port">TCP port; 0 picks a free one.</param>
        /// <param name="maxTabs">Most Socket.IO clients at once (sessions; three connection slots each for the upgrade).</param>
        /// <param name="token">Token required on commands, or null.</param>
        /// <param name="parts">Sensors and actuators, all five set (<see cref="SimulatedParts.Create(int)"/>).</param>
        /// <param name="historyResolutionMs">ms between history samples; 0: none.</param>
        /// <param name="stateFile">Where the LED and the fan are kept, or null.</param>
        /// <returns>The host.</returns>
        public static DashboardHost CreateSocketIo(int port, int maxTabs, string token, DeviceParts parts, int historyResolutionMs = 0, string stateFile = null)
        {
            SocketIoOptions sio = new SocketIoOptions();
            sio.MaxSessions = maxTabs;

            // Room for the hello (about 900 bytes with six channels) and a state in one outbox.
            sio.OutboxBytes = 2048;
            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = port;
            options.MaxConnections = 3 * maxTabs;
            options.ListenBacklog = 16;
            options.Connection = new NanoWs.WebSocketOptions();
            SocketIoEndpoint.ConfigureConnection(options.Connection, sio);
            Stopwatch sinceCreated = Stopwatch.StartNew();
            options.Clock = () => sinceCreated.ElapsedMilliseconds;
            WebSocketServer server = new WebSocketServer(options);
            SocketIoServer socketIo = new SocketIoServer(sio, new SystemRandomSource());
            SocketIoEndpoint endpoint = SocketIoEndpoint.Attach(server, socketIo);

            HubOptions hubOptions = new HubOptions { DeviceName = "simulated-esp32", Token = token, HeartbeatIntervalMs = DashboardApp.HeartbeatIntervalMs, MaxTabs = maxTabs, HealthIntervalMs = DashboardApp.HealthIntervalMs };
            if (historyResolutionMs > 0)
            {
                hubOptions.HistoryPoints = 360;
                hubOptions.HistoryResolutionMs = historyResolutionMs;
            }

            HubSocketIo link = new HubSocketIo(endpoint, socketIo.Of("/"), null, options.Clock);
            ChannelHub hub = new ChannelHub(hubOptions, link);
            link.Attach(hub);
            SimulatorHealth.Attach(hub, options.BindAddress);
            DashboardApp app = new DashboardApp(hub, parts, endpoint.Sync);
            DashboardHost host = new DashboardHost(server, app, parts, options.Clock);
            host.State = OpenState(stateFile);
            host.SocketIo = link;
            server.Error += (s, id, message) => Console.Error.WriteLine("connection " + id + ": " + message);
            return host;
        }

        /// <summary>The Socket.IO link of a host made by <see cref="CreateSocketIo"/>, else null.</summary>
        public HubSocketIo SocketIo { get; private set; }

        /// <summary>The saved state of the LED and the fan (null: not kept).</summary>
        public StateFile State { get; private set; }

        /// <summary>Starts the server and the application thread.</summary>
        public void Start()
        {
            App.Initialize(NowMs());
            if (State != null)
            {
                State.Restore(App.Hub, NowMs());
                Console.WriteLine(State.RestoreReport);
            }

            // A first sample, so the first tab's hello already holds every value.
            App.Tick(NowMs());
            Server.Start();
            _thread = new Thread(Run) { IsBackground = true, Name = "dashboard" };
            _thread.Start();
        }

        /// <summary>Stops the application thread, then the server (open tabs get 1001).</summary>
        public void Dispose()
        {
            _stop.Set();
            _thread?.Join();
            State?.SaveNow(App.Hub);
            Server.Stop();
        }

        /// <summary>The state file at <paramref name="path"/> (null: not kept), its folder created when missing.</summary>
        private static StateFile OpenState(string path)
        {
            if (path == null)
            {
                return null;
            }

            try
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)));
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                // Reported by the first write (LastError); the device runs without it.
            }

            return new StateFile(path);
        }

        private void Run()
        {
            while (!_stop.WaitOne(TickMs))
            {
                App.Tick(NowMs());
                if (State != null && State.SaveIfDue(App.Hub, NowMs()))
                {
                    Console.WriteLine("saved state written to " + State.Path);
                }
            }
        }
    }
}
