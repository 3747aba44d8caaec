namespace NanoWs.Hardware
{
    /// <summary>
    /// What the sensor dashboard needs to know about a board: its nanoFramework firmware target,
    /// the pins of the reference wiring (I²C sensor bus, LED, button, fan PWM, light ADC input),
    /// the sensors' calibration and the NanoWs sizes that fit its managed heap. One static class
    /// per board builds its profile (<see cref="Esp32DevKitC"/>, <see cref="Esp32Wrover"/>,
    /// <see cref="Esp32S3"/>, <see cref="Stm32F769iDisco"/>; the ESP32 ones share
    /// <see cref="Esp32Board.Create"/>); the board entry point picks one in its <c>BoardConfig</c>.
    /// mscorlib only.
    /// </summary>
    /// <remarks>
    /// Pin numbers are nanoFramework's: the GPIO number on an ESP32, port × 16 + pin on an STM32
    /// (PA0 = 0, PB8 = 24, PJ5 = 149). The wiring tables are in hardware/Boards/*.md.
    /// </remarks>
    public sealed class BoardProfile
    {
        /// <summary>Human-readable board name, printed at boot.</summary>
        public string Name;

        /// <summary>The nanoFramework firmware target to flash with <c>nanoff --target</c>.</summary>
        public string FirmwareTarget;

        /// <summary>True on ESP32-family chips, whose I²C and PWM pins are routed at run time (<c>PinSetup.Apply</c>).</summary>
        public bool RoutesPins;

        /// <summary>I²C bus of the temperature/humidity sensor (1 for I2C1).</summary>
        public int I2cBusId = 1;

        /// <summary>I²C data pin (SDA).</summary>
        public int I2cDataPin;

        /// <summary>I²C clock pin (SCL).</summary>
        public int I2cClockPin;

        /// <summary>I²C address of the SHT3x sensor (0x44 with ADDR low).</summary>
        public int SensorAddress = Sht3xProtocol.DefaultAddress;

        /// <summary>LED output pin.</summary>
        public int LedPin;

        /// <summary>True when a high level lights the LED.</summary>
        public bool LedActiveHigh = true;

        /// <summary>Push-button input pin.</summary>
        public int ButtonPin;

        /// <summary>True for a button to GND with the internal pull-up; false for a button to 3.3 V.</summary>
        public bool ButtonActiveLow = true;

        /// <summary>Button debounce interval in ms.</summary>
        public int ButtonDebounceMs = 30;

        /// <summary>Fan PWM output pin.</summary>
        public int FanPin;

        /// <summary>Fan PWM frequency in Hz.</summary>
        public int FanFrequency = 25000;

        /// <summary>Duty cycle at 1 % fan speed (the fan's start threshold, see <see cref="FanCurve"/>).</summary>
        public double FanMinimumDuty = 0.3;

        /// <summary>True when the fan's driver stage inverts the PWM signal.</summary>
        public bool FanInverted;

        /// <summary>ADC channel number (nanoFramework's numbering for the target) of the light sensor.</summary>
        public int LightAdcChannel;

        /// <summary>The GPIO behind <see cref="LightAdcChannel"/>, for wiring and messages only.</summary>
        public int LightAdcPin;

        /// <summary>Light sensor reading in the dark, as a ratio of full scale.</summary>
        public double LightDarkRatio = 0.02;

        /// <summary>Light sensor reading in full daylight, as a ratio of full scale.</summary>
        public double LightBrightRatio = 0.95;

        /// <summary>
        /// Dashboard connections (browser tabs, page loads) served at once: they must fit the heap
        /// with the buffers below, and with <see cref="MaxPendingRejects"/> the firmware's
        /// <see cref="SocketBudget"/>.
        /// </summary>
        public int MaxConnections = 4;

        /// <summary>
        /// Refused connections kept open a moment so the browser reads its 503 (the server's
        /// <c>MaxPendingRejects</c>); 0 closes a refused connection at once.
        /// </summary>
        public int MaxPendingRejects = 2;

        /// <summary>
        /// Sockets the board's firmware has in all (lwIP's <c>MEMP_NUM_NETCONN</c>), or 0 when
        /// unknown. The server refuses to start when the listener, <see cref="MaxConnections"/>,
        /// the newcomer at a full house and <see cref="MaxPendingRejects"/> do not fit in it
        /// (the server's <c>SocketBudget</c>): lwIP would reset the connections over its limit
        /// before the server could evict a stale handshake or answer 503.
        /// </summary>
        public int SocketBudget;

        /// <summary>
        /// TLS connections (https/wss) the server may hold on this board: the server's
        /// <c>MaxTlsConnections</c>. Each takes about 26-30 KB of native heap for mbedTLS (a 16 KB
        /// input record buffer, a 4 KB output one, its context and its own parse of the certificate
        /// and key; docs/tls.md), so 0 (server TLS does not fit: the server refuses to start with a
        /// certificate) unless the board has PSRAM.
        /// </summary>
        public int MaxTlsConnections;

        /// <summary>Per-connection receive buffer in bytes (holds a browser's upgrade request with cookies).</summary>
        public int ReceiveBufferSize = 1536;

        /// <summary>
        /// Per-connection send buffer in bytes. The dashboard's <c>hello</c> must fit in it less 32
        /// bytes (the server's <c>MaxFramePayload</c>, which is also the hub's message buffer): the
        /// hello measured 734 bytes with the six default channels (the host simulator, a
        /// 15-character device name, a one-digit sequence number), a few more as the sequence
        /// number and the values grow. An extra number channel adds about 90 bytes plus its id,
        /// label, unit and values.
        /// </summary>
        public int SendBufferSize = 1024;

        /// <summary>
        /// Where the dashboard keeps its saved state (the LED and the fan, written at most once per
        /// <c>HubOptions.SaveDelayMs</c>, 5 s) on a file system of the board's internal flash, or
        /// null when the firmware has none there: the dashboard then runs without a saved state.
        /// ESP32 firmwares mount their LittleFS partition as drive <c>I:</c>
        /// (<see cref="Esp32Board.StateFilePath"/>).
        /// </summary>
        public string StateFilePath;

        /// <summary>Documented managed heap of the firmware, in bytes, or 0 when it is computed at boot (see the board's .md).</summary>
        public int DocumentedHeapBytes;

        /// <summary>A light scale from <see cref="LightDarkRatio"/> and <see cref="LightBrightRatio"/>.</summary>
        /// <returns>The scale.</returns>
        public LightScale CreateLightScale()
        {
            return new LightScale(LightDarkRatio, LightBrightRatio);
        }

        /// <summary>A fan curve from <see cref="FanMinimumDuty"/> and <see cref="FanInverted"/>.</summary>
        /// <returns>The curve.</returns>
        public FanCurve CreateFanCurve()
        {
            return new FanCurve(FanMinimumDuty, FanInverted);
        }

        /// <summary>
        /// One line for the debug output at boot: board, target and pins, e.g.
        /// <c>ESP32-DevKitC (ESP32_REV0): SDA 21, SCL 22, LED 4, button 27, fan 25, light ADC 6 (GPIO 34)</c>.
        /// </summary>
        /// <returns>The description.</returns>
        public string Describe()
        {
            return Name + " (" + FirmwareTarget + "): SDA " + I2cDataPin.ToString() + ", SCL " + I2cClockPin.ToString()
                + ", LED " + LedPin.ToString() + ", button " + ButtonPin.ToString() + ", fan " + FanPin.ToString()
                + ", light ADC " + LightAdcChannel.ToString() + " (pin " + LightAdcPin.ToString() + ")";
        }
    }
}
