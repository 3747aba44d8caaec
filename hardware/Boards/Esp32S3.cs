namespace NanoWs.Hardware
{
    /// <summary>
    /// Espressif ESP32-S3-DevKitC-1 (and boards with the same ESP32-S3-WROOM-1 module). Firmware
    /// target <c>ESP32_S3_QUAD</c> for modules without PSRAM or with quad PSRAM (N8, N8R2, N16);
    /// <c>ESP32_S3_OCTAL</c> for octal PSRAM modules (N8R8, N16R8). Both include Bluetooth and
    /// start without PSRAM when the module has none (<c>CONFIG_SPIRAM_IGNORE_NOTFOUND</c>); they
    /// are the S3 presets of nf-interpreter's targets/ESP32/CMakePresets.json and the S3 packages
    /// of its azure-pipelines.yml (nanoframework/nf-interpreter @ a3e8139a1ba7).
    /// Wiring table: hardware/Boards/esp32-s3.md.
    /// </summary>
    /// <remarks>
    /// <para>Pin choices avoid the strapping pins (0, 3, 45, 46), USB (19, 20), flash and octal
    /// PSRAM (26–37) and the RGB LED on GPIO 48 (an addressable LED, not a plain GPIO output).
    /// The light sensor is on GPIO 1, ADC1 channel 0 (ADC1 channels 0–9 are GPIO 1–10 on the S3).
    /// The firmware's I2C1 has no default pins on the S3, so the entry point routes 8/9.</para>
    /// <para>Heap: the firmwares built with PSRAM support use it for the managed heap less a reserve
    /// for ESP-IDF (<c>CONFIG_ESP32_RESERVE_SPIRAM_IDF_ALLOCATION_BYTES</c> in targets/ESP32/defconfig:
    /// 1,286,144 bytes for ESP32_S3_QUAD, 1,048,576 for ESP32_S3_OCTAL); without PSRAM, internal RAM less 130 KB for ESP-IDF (Memory.cpp). The
    /// defaults below fit the no-PSRAM case; raise them on an R2/R8 module, up to the firmware's
    /// 16 sockets (<see cref="Esp32Board.FirmwareSockets"/>).</para>
    /// </remarks>
    public static class Esp32S3
    {
        /// <summary>nanoFramework firmware target (no PSRAM or quad PSRAM).</summary>
        public const string FirmwareTarget = "ESP32_S3_QUAD";

        /// <summary>Firmware target for octal PSRAM modules (N8R8, N16R8).</summary>
        public const string FirmwareTargetOctalPsram = "ESP32_S3_OCTAL";

        /// <summary>I²C SDA (routed to I2C1).</summary>
        public const int I2cData = 8;

        /// <summary>I²C SCL (routed to I2C1).</summary>
        public const int I2cClock = 9;

        /// <summary>LED, through 330 Ω to GND.</summary>
        public const int Led = 5;

        /// <summary>Push button to GND (internal pull-up).</summary>
        public const int Button = 6;

        /// <summary>Fan PWM to the MOSFET gate (routed to PWM1).</summary>
        public const int Fan = 7;

        /// <summary>Light sensor divider midpoint: GPIO 1.</summary>
        public const int LightPin = 1;

        /// <summary>ADC channel of GPIO 1 (ADC1 channel 0).</summary>
        public const int LightAdcChannel = 0;

        /// <summary>The profile with the pins above and defaults for a module without PSRAM.</summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create()
        {
            // No server TLS without PSRAM: the firmware leaves ESP-IDF about 130 KB of internal
            // RAM, which Wi-Fi and lwIP share with mbedTLS's ~30 KB per connection (docs/tls.md).
            return Esp32Board.Create("ESP32-S3-DevKitC-1", FirmwareTarget, I2cData, I2cClock, Led, Button, Fan, LightPin, LightAdcChannel);
        }

        /// <summary>
        /// The profile for a module with PSRAM (N8R2, N8R8, N16R8): as <see cref="Create"/>, and
        /// every one of its 4 connections may be TLS, mbedTLS's buffers going to PSRAM (docs/tls.md).
        /// </summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile CreateWithPsram()
        {
            BoardProfile p = Create();
            p.Name = "ESP32-S3-DevKitC-1 (PSRAM)";
            p.MaxTlsConnections = 4;
            return p;
        }
    }
}
