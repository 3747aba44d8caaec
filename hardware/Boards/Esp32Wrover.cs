namespace NanoWs.Hardware
{
    /// <summary>
    /// An ESP32 board with an ESP32-WROVER(-E/-B) module: the same chip as the WROOM-32 plus
    /// 4–8 MB of PSRAM, e.g. the ESP32-DevKitC-VE. Firmware target <c>ESP32_PSRAM_REV3</c> for
    /// WROVER-E modules (silicon revision 3); use <c>ESP32_PSRAM_REV0</c> for older WROVER/WROVER-B
    /// modules. Wiring table: hardware/Boards/esp32-wrover.md.
    /// </summary>
    /// <remarks>
    /// <para>Same pins as <see cref="Esp32DevKitC"/>. GPIO 16 and 17 are taken by the PSRAM on
    /// WROVER modules and are not used here.</para>
    /// <para>Heap: with PSRAM the firmware puts the managed heap in it: the largest free PSRAM
    /// block less a reserve for ESP-IDF (nf-interpreter targets/ESP32/_nanoCLR/Memory.cpp), which is
    /// megabytes. Connections are then limited by sockets (lwIP) rather than memory: 8 tabs with
    /// roomier buffers here.</para>
    /// </remarks>
    public static class Esp32Wrover
    {
        /// <summary>nanoFramework firmware target (WROVER-E, silicon revision 3).</summary>
        public const string FirmwareTarget = "ESP32_PSRAM_REV3";

        /// <summary>Firmware target for WROVER and WROVER-B modules (revision 0/1).</summary>
        public const string FirmwareTargetRev0 = "ESP32_PSRAM_REV0";

        /// <summary>I²C SDA (routed to I2C1).</summary>
        public const int I2cData = 21;

        /// <summary>I²C SCL (routed to I2C1).</summary>
        public const int I2cClock = 22;

        /// <summary>LED, through 330 Ω to GND.</summary>
        public const int Led = 4;

        /// <summary>Push button to GND (internal pull-up).</summary>
        public const int Button = 27;

        /// <summary>Fan PWM to the MOSFET gate (routed to PWM1).</summary>
        public const int Fan = 25;

        /// <summary>Light sensor divider midpoint: GPIO 34.</summary>
        public const int LightPin = 34;

        /// <summary>ADC channel of GPIO 34 (ADC1 channel 6).</summary>
        public const int LightAdcChannel = 6;

        /// <summary>The profile with the pins above and PSRAM-sized defaults.</summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create()
        {
            BoardProfile p = new BoardProfile();
            p.Name = "ESP32-WROVER (PSRAM)";
            p.FirmwareTarget = FirmwareTarget;
            p.RoutesPins = true;
            p.I2cBusId = 1;
            p.I2cDataPin = I2cData;
            p.I2cClockPin = I2cClock;
            p.LedPin = Led;
            p.ButtonPin = Button;
            p.ButtonActiveLow = true;
            p.FanPin = Fan;
            p.LightAdcChannel = LightAdcChannel;
            p.LightAdcPin = LightPin;
            p.MaxConnections = 8;
            p.ReceiveBufferSize = 2048;
            p.SendBufferSize = 2048;
            return p;
        }
    }
}
