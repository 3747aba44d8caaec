using System;
using NanoWs.Hardware;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The sensor dashboard's application code, shared by the host simulator and the board entry
    /// point: six channels (temperature, humidity, light, push button, LED, fan) on a
    /// <see cref="HubServer"/> (the built-in page at <c>/</c>, WebSocket at <c>/ws</c>), and a
    /// <see cref="Tick"/> that samples the sensors and pushes changes to every tab. The sensors and
    /// actuators are a <see cref="DeviceParts"/>: the drivers on a board (<c>BoardDevices.Open</c>),
    /// the simulators on the host and on a board with nothing wired (<see cref="SimulatedParts"/>).
    /// </summary>
    /// <remarks>
    /// Threads: call <see cref="Tick"/> from one application thread every 10–50 ms; the server's poll
    /// thread delivers tabs and commands to the hub; the hub's lock keeps them apart. Commands for
    /// the LED and the fan reach their parts on the server's thread.
    /// </remarks>
    public sealed class DashboardApp
    {
        /// <summary>
        /// Longest time a tab goes without a message, in ms (<see cref="HubOptions.HeartbeatIntervalMs"/>,
        /// set by the callers): a quiet device sends an empty state, and the page treats 2.5
        /// intervals of silence as a dead connection and reconnects.
        /// </summary>
        public const int HeartbeatIntervalMs = 2000;

        /// <summary>
        /// How often the device card's health is read and sent to every tab, in ms
        /// (<see cref="HubOptions.HealthIntervalMs"/>, set by the callers); events reach the tabs sooner.
        /// </summary>
        public const int HealthIntervalMs = 10000;

        // Byte budget: the hub (3.8 KB with the default options, see ChannelHub), its six channels,
        // the hub server and ~50 bytes here; the parts own their state.
        private readonly DeviceParts _parts;
        private readonly HubServer _server;
        private readonly ChannelHub _hub;
        private readonly object _pumpLock;
        private long _nextSample = long.MinValue;

        /// <summary>Adds the channels to <paramref name="server"/> (not started yet); <see cref="Tick"/> pumps it.</summary>
        /// <param name="server">The hub server (HubServer.Create, options with <see cref="HeartbeatIntervalMs"/>).</param>
        /// <param name="parts">Sensors and actuators, all five set; the caller releases them.</param>
        /// <exception cref="ArgumentException">A part is missing.</exception>
        public DashboardApp(HubServer server, DeviceParts parts)
            : this(server.Hub, parts, null)
        {
            _server = server;

            // Tick samples and pumps on the application's thread: no pump thread of the hub's own.
            server.PumpIntervalMs = 0;
        }

        /// <summary>
        /// Adds the channels to <paramref name="hub"/>, a hub on a transport of the application's
        /// own (e.g. Socket.IO's <c>HubSocketIo</c>); <see cref="Tick"/> pumps it holding
        /// <paramref name="pumpLock"/> when it is not null (Socket.IO: the endpoint's <c>Sync</c>).
        /// </summary>
        /// <param name="hub">The hub (options with <see cref="HeartbeatIntervalMs"/>).</param>
        /// <param name="parts">Sensors and actuators, all five set; the caller releases them.</param>
        /// <param name="pumpLock">The lock emitting needs, or null.</param>
        /// <exception cref="ArgumentException">A part is missing.</exception>
        public DashboardApp(ChannelHub hub, DeviceParts parts, object pumpLock)
        {
            if (parts == null || !parts.IsComplete)
            {
                throw new ArgumentException("every part must be set", "parts");
            }

            _parts = parts;
            _hub = hub;
            _pumpLock = pumpLock;
            Temperature = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            Temperature.Decimals = 1;
            Temperature.Deadband = 0.05;
            Humidity = hub.AddNumber("humidity", "Humidity", "%", 0, 100, false);
            Humidity.Decimals = 1;
            Humidity.Deadband = 0.1;
            Light = hub.AddNumber("light", "Light level", "%", 0, 100, false);
            Light.Decimals = 0;
            Light.Deadband = 1;
            Light.MinIntervalMs = 500;
            Button = hub.AddBool("button", "Push button", false);
            Led = hub.AddBool("led", "LED", true);
            Fan = hub.AddNumber("fan", "Fan speed", "%", 0, 100, true);
            Fan.Decimals = 0;
            hub.SetHandler = OnSet;
        }

        /// <summary>Sensor sampling period in ms. Default 200.</summary>
        public int SampleIntervalMs = 200;

        /// <summary>The hub server (its WebSocket server and page); null when the hub has another transport.</summary>
        public HubServer Server
        {
            get { return _server; }
        }

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

                // NaN (no value on the page) when the measurement failed; the sensor reuses one
                // measurement for both readings of the same tick.
                IClimateSensor climate = _parts.Climate;
                _hub.Publish(Temperature, climate.Measure(nowMs) ? climate.Celsius : double.NaN, nowMs);
                _hub.Publish(Humidity, climate.Measure(nowMs) ? climate.Humidity : double.NaN, nowMs);
                _hub.Publish(Light, _parts.Light.ReadPercent(nowMs), nowMs);
            }

            // The button is read every tick so short presses are not missed.
            _hub.Publish(Button, _parts.Button.Read(nowMs), nowMs);
            if (_pumpLock == null)
            {
                _hub.Pump(nowMs);
                return;
            }

            lock (_pumpLock)
            {
                _hub.Pump(nowMs);
            }
        }

        /// <summary>Sets the initial actuator values (LED off, fan 0) so the page shows them from the start.</summary>
        /// <param name="nowMs">Current time in ms.</param>
        public void Initialize(long nowMs)
        {
            _parts.Led.Set(false);
            _parts.Fan.SetPercent(0);
            _hub.Publish(Led, false, nowMs);
            _hub.Publish(Fan, 0.0, nowMs);
        }

        private string OnSet(ChannelHub hub, HubSetRequest request)
        {
            if (request.Channel == Led)
            {
                _parts.Led.Set(request.Bool);
                return null;
            }

            if (request.Channel == Fan)
            {
                // The fan takes whole percents: record what was applied.
                int percent = (int)(request.Number + 0.5);
                _parts.Fan.SetPercent(percent);
                request.Number = percent;
                return null;
            }

            return "not supported";
        }
    }
}
