namespace NanoWs.Hardware
{
    /// <summary>
    /// Espressif ESP32-DevKitC with an ESP32-WROOM-32 module (no PSRAM), and the many DevKit
    /// clones built on the same module. Firmware target <c>ESP32_REV0</c> (runs on every ESP32
    /// silicon revision). Wiring table: hardware/Boards/esp32-devkitc.md.
    /// </summary>
    /// <remarks>
    /// <para>Pin choices avoid the strapping pins (0, 2, 5, 12, 15), the flash pins (6–11), the
    /// UART0 console (1, 3) and ADC2 (unusable with Wi-Fi on): I²C on the customary 21/22, the
    /// light sensor on GPIO 34 (input-only, ADC1 channel 6 in nanoFramework's ESP32 map), plain
    /// digital functions on 4, 25 and 27. nanoFramework's own default for I2C1 is 18/19; the board
    /// entry point routes 21/22 with <c>Configuration.SetPinFunction</c> before opening the bus.</para>
    /// <para>Heap: the firmware gives the managed heap what internal RAM is left after reserving
    /// 100 KB for ESP-IDF (nf-interpreter targets/ESP32/_nanoCLR/Memory.cpp), so the figure depends
    /// on the firmware build; the entry point prints it at boot. The defaults below (4 connections,
    /// 1536/1024-byte buffers, about 29 KB for NanoWs and the dashboard) leave room for the
    /// application on the roughly 90 KB this target is sized for.</para>
    /// </remarks>
    public static class Esp32DevKitC
    {
        /// <summary>nanoFramework firmware target.</summary>
        public const string FirmwareTarget = "ESP32_REV0";

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

        /// <summary>The profile with the pins above and the heap-sized defaults.</summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create()
        {
            return Esp32Board.Create("ESP32-DevKitC (WROOM-32)", FirmwareTarget, I2cData, I2cClock, Led, Button, Fan, LightPin, LightAdcChannel);
        }
    }
}
