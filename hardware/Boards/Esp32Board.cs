namespace NanoWs.Hardware
{
    /// <summary>
    /// What the ESP32-family profiles share: I²C and PWM routed at run time through the GPIO matrix
    /// (<c>PinSetup.Apply</c>) onto I2C1 and PWM1, a button to GND on the internal pull-up, an LED
    /// lit by a high level, and the connection and buffer sizes that fit a module without PSRAM
    /// (4 connections, 1536/1024-byte buffers). Each board class adds its name, target and pins.
    /// </summary>
    public static class Esp32Board
    {
        /// <summary>
        /// Sockets of nanoFramework's ESP32 firmwares: lwIP's <c>MEMP_NUM_NETCONN</c> is ESP-IDF's
        /// <c>CONFIG_LWIP_MAX_SOCKETS</c> (nf-interpreter targets/ESP32/_include/lwipopts.h), set to
        /// 16 in every sdkconfig the targets used here build with: targets/ESP32/_IDF/
        /// sdkconfig.default_nopsram.esp32 (ESP32_REV0), sdkconfig.default_rev3.esp32
        /// (ESP32_PSRAM_REV3), sdkconfig.default (ESP32_PSRAM_REV0), sdkconfig.default_quad_ble.esp32s3
        /// (ESP32_S3_QUAD) and sdkconfig.default_octal_ble.esp32s3 (ESP32_S3_OCTAL); targets/ESP32/
        /// defconfig/*_defconfig name the file (nanoframework/nf-interpreter @ a3e8139a1ba7).
        /// </summary>
        public const int FirmwareSockets = 16;

        /// <summary>
        /// The saved state's file on the internal flash: nanoFramework's ESP32 firmwares mount the
        /// flash's LittleFS partition (<c>config</c>, 256 KB on a 4 MB flash) as drive <c>I:</c>
        /// (nf-interpreter targets/ESP32/ESP32/target_FileSystem.cpp and ESP32_S3/target_FileSystem.cpp,
        /// <c>FS_AddVolumes</c>; the partition in targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv).
        /// ESP32_REV0, ESP32_PSRAM_REV0, ESP32_PSRAM_REV3, ESP32_S3_QUAD and ESP32_S3_OCTAL build with <c>CONFIG_API_SYSTEM_IO_FILESYSTEM</c>
        /// and <c>CONFIG_NF_FEATURE_USE_LITTLEFS</c> (targets/ESP32/defconfig/*_defconfig;
        /// nanoframework/nf-interpreter @ a3e8139a1ba7).
        /// </summary>
        public const string StateFilePath = "I:\\dashboard-state.json";

        /// <summary>A profile for an ESP32-family board wired as the reference wiring describes.</summary>
        /// <param name="name">Board name, printed at boot.</param>
        /// <param name="firmwareTarget">nanoFramework firmware target.</param>
        /// <param name="i2cData">SDA GPIO.</param>
        /// <param name="i2cClock">SCL GPIO.</param>
        /// <param name="led">LED GPIO (through 330 Ω to GND).</param>
        /// <param name="button">Button GPIO (button to GND).</param>
        /// <param name="fan">Fan PWM GPIO (to the MOSFET gate).</param>
        /// <param name="lightPin">GPIO of the light sensor divider midpoint.</param>
        /// <param name="lightAdcChannel">ADC1 channel of <paramref name="lightPin"/> in nanoFramework's numbering.</param>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create(string name, string firmwareTarget, int i2cData, int i2cClock, int led, int button, int fan, int lightPin, int lightAdcChannel)
        {
            BoardProfile p = new BoardProfile();
            p.Name = name;
            p.FirmwareTarget = firmwareTarget;
            p.RoutesPins = true;
            p.I2cBusId = 1;
            p.I2cDataPin = i2cData;
            p.I2cClockPin = i2cClock;
            p.LedPin = led;
            p.LedActiveHigh = true;
            p.ButtonPin = button;
            p.ButtonActiveLow = true;
            p.FanPin = fan;
            p.LightAdcChannel = lightAdcChannel;
            p.LightAdcPin = lightPin;
            p.MaxConnections = 4;
            p.MaxPendingRejects = 2;
            p.SocketBudget = FirmwareSockets;
            p.ReceiveBufferSize = 1536;
            p.SendBufferSize = 1024;
            p.StateFilePath = StateFilePath;
            return p;
        }
    }
}
