using NanoWs;
using NanoWs.Hub;
using NanoWs.Net;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The sensor dashboard's application code, shared by the host simulator and the board entry
    /// point: six channels (temperature, humidity, light, push button, LED, fan), a
    /// <see cref="ChannelHub"/> wired to a <see cref="WebSocketServer"/> (page at <c>/</c>, WebSocket at
    /// <c>/ws</c>), and a <see cref="Tick"/> that samples the sensors and pushes changes to every tab.
    /// </summary>
    /// <remarks>
    /// Threads: call <see cref="Tick"/> from one application thread every 10–50 ms; the server's poll
    /// thread delivers tabs and commands to the hub; the hub's lock keeps them apart. Commands for
    /// the LED and the fan reach <see cref="IDeviceIo"/> on the server's thread.
    /// </remarks>
    public sealed class DashboardApp
    {
        /// <summary>Path of the dashboard's WebSocket.</summary>
        public const string WebSocketPath = "/ws";

        /// <summary>Longest command a tab may send, in bytes (the hub's <see cref="HubOptions.MaxCommandBytes"/> default).</summary>
        public const int MaxCommandBytes = 256;

        /// <summary>
        /// Largest message a tab's connection takes, in bytes: twice <see cref="MaxCommandBytes"/>, so
        /// that a command somewhat too long is still read and answered with the ack
        /// <c>command too large</c>. Only a message above this closes the connection, with 1009
        /// (message too big, RFC 6455 §7.4.1). Costs <see cref="MaxCommandBytes"/> more of reassembly
        /// buffer per connection (1 KB for a board's four).
        /// </summary>
        public const int MaxMessageBytes = 2 * MaxCommandBytes;

        /// <summary>
        /// Longest time a tab goes without a message, in ms (<see cref="HubOptions.HeartbeatIntervalMs"/>,
        /// used when the options passed in leave it 0): a quiet device sends an empty state, and the
        /// page treats 2.5 intervals of silence as a dead connection and reconnects.
        /// </summary>
        public const int HeartbeatIntervalMs = 2000;

        // Byte budget: the hub (3.8 KB with the default options, see ChannelHub), its six channels,
        // the bridge and ~60 bytes here: 5,800 bytes allocated when built, measured on .NET x64.
        private readonly IDeviceIo _io;
        private readonly ChannelHub _hub;
        private readonly HubServerBridge _bridge;
        private long _nextSample = long.MinValue;

        /// <summary>Builds the hub and its channels for <paramref name="server"/> (not started yet).</summary>
        /// <param name="server">The server; its connection options should come from <see cref="CreateConnectionOptions"/>.</param>
        /// <param name="io">Sensors and actuators.</param>
        /// <param name="clock">Millisecond clock (the server's).</param>
        /// <param name="options">Hub options (device name, tabs, token); MaxTabs should equal the server's MaxConnections. A HeartbeatIntervalMs of 0 becomes <see cref="HeartbeatIntervalMs"/>.</param>
        public DashboardApp(WebSocketServer server, IDeviceIo io, MillisecondClock clock, HubOptions options)
        {
            _io = io;
            if (options == null)
            {
                options = new HubOptions();
            }

            if (options.HeartbeatIntervalMs == 0)
            {
                options.HeartbeatIntervalMs = HeartbeatIntervalMs;
            }

            _bridge = new HubServerBridge(server, clock);
            _hub = new ChannelHub(options, _bridge);

            Temperature = _hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            Temperature.Decimals = 1;
            Temperature.Deadband = 0.05;
            Humidity = _hub.AddNumber("humidity", "Humidity", "%", 0, 100, false);
            Humidity.Decimals = 1;
            Humidity.Deadband = 0.1;
            Light = _hub.AddNumber("light", "Light level", "%", 0, 100, false);
            Light.Decimals = 0;
            Light.Deadband = 1;
            Light.MinIntervalMs = 500;
            Button = _hub.AddBool("button", "Push button", false);
            Led = _hub.AddBool("led", "LED", true);
            Fan = _hub.AddNumber("fan", "Fan speed", "%", 0, 100, true);
            Fan.Decimals = 0;

            _hub.SetHandler = OnSet;
            _bridge.Attach(_hub);
        }

        /// <summary>Sensor sampling period in ms. Default 200.</summary>
        public int SampleIntervalMs = 200;

        /// <summary>The hub, for publishing more or inspecting tabs.</summary>
        public ChannelHub Hub
        {
            get { return _hub; }
        }

        /// <summary>Temperature in °C (read-only).</summary>
        public HubChannel Temperature { get; private set; }

        /// <summary>Relative humidity in % (read-only).</summary>
        public HubChannel Humidity { get; private set; }

        /// <summary>Light level in % (read-only).</summary>
        public HubChannel Light { get; private set; }

        /// <summary>Push button (read-only bool).</summary>
        public HubChannel Button { get; private set; }

        /// <summary>LED (writable bool).</summary>
        public HubChannel Led { get; private set; }

        /// <summary>Fan speed 0–100 % (writable number).</summary>
        public HubChannel Fan { get; private set; }

        /// <summary>
        /// Connection options for the dashboard: whole messages of at most
        /// <see cref="MaxMessageBytes"/> (commands are small JSON texts of at most
        /// <see cref="MaxCommandBytes"/>), and the given buffer sizes. The send buffer must hold
        /// the <c>hello</c> message (about 735 bytes with the six channels and the heartbeat;
        /// <see cref="ChannelHub.MeasureHello"/> gives the exact figure) plus a frame header.
        /// </summary>
        /// <param name="receiveBufferSize">Receive buffer in bytes (≥ 1 KB for a browser's upgrade request).</param>
        /// <param name="sendBufferSize">Send buffer in bytes (≥ 1024).</param>
        /// <returns>The options.</returns>
        public static WebSocketOptions CreateConnectionOptions(int receiveBufferSize, int sendBufferSize)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReceiveBufferSize = receiveBufferSize;
            options.SendBufferSize = sendBufferSize;
            options.ReassembleMessages = true;
            options.MaxMessageSize = MaxMessageBytes;
            return options;
        }

        /// <summary>
        /// Serves <paramref name="page"/> at <c>/</c> and <c>/index.html</c>; the WebSocket is expected
        /// at <see cref="WebSocketPath"/> (set <see cref="WebSocketServerOptions.WebSocketPath"/>).
        /// </summary>
        /// <param name="server">The server, not started yet.</param>
        /// <param name="page">The page's bytes, served as they are.</param>
        /// <param name="gzip">True when <paramref name="page"/> is gzip-compressed.</param>
        public static void AddPage(WebSocketServer server, byte[] page, bool gzip)
        {
            server.AddRoute("/", "text/html; charset=utf-8", page, gzip, "no-cache");
            server.AddRoute("/index.html", "text/html; charset=utf-8", page, gzip, "no-cache");
        }

        /// <summary>
        /// Samples the sensors when <see cref="SampleIntervalMs"/> has passed, publishes the readings
        /// (the hub drops what did not change enough), and pumps the hub so every tab that has room
        /// gets its coalesced update.
        /// </summary>
        /// <param name="nowMs">Current time in ms (the server's clock).</param>
        public void Tick(long nowMs)
        {
            if (nowMs >= _nextSample)
            {
                _nextSample = nowMs + SampleIntervalMs;
                _hub.Publish(Temperature, _io.ReadTemperature(nowMs), nowMs);
                _hub.Publish(Humidity, _io.ReadHumidity(nowMs), nowMs);
                _hub.Publish(Light, _io.ReadLight(nowMs), nowMs);
            }

            // The button is read every tick so short presses are not missed.
            _hub.Publish(Button, _io.ReadButton(nowMs), nowMs);
            _hub.Pump(nowMs);
        }

        /// <summary>Sets the initial actuator values (LED off, fan 0) so the page shows them from the start.</summary>
        /// <param name="nowMs">Current time in ms.</param>
        public void Initialize(long nowMs)
        {
            _io.SetLed(false);
            _io.SetFan(0);
            _hub.Publish(Led, false, nowMs);
            _hub.Publish(Fan, 0.0, nowMs);
        }

        private string OnSet(ChannelHub hub, HubSetRequest request)
        {
            if (request.Channel == Led)
            {
                _io.SetLed(request.Bool);
                return null;
            }

            if (request.Channel == Fan)
            {
                // The fan takes whole percents: record what was applied.
                int percent = (int)(request.Number + 0.5);
                _io.SetFan(percent);
                request.Number = percent;
                return null;
            }

            return "not supported";
        }
    }
}
