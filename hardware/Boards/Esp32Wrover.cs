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
    /// roomier buffers here, which with the listener, a newcomer and 2 lingering 503s take 12 of
    /// the firmware's 16 sockets (<see cref="Esp32Board.FirmwareSockets"/>).</para>
    /// </remarks>
    public static class Esp32Wrover
    {
        /// <summary>nanoFramework firmware target (WROVER-E, silicon revision 3).</summary>
        public const string FirmwareTarget = "ESP32_PSRAM_REV3";

        /// <summary>Firmware target for WROVER and WROVER-B modules (revision 0/1).</summary>
        public const string FirmwareTargetRev0 = "ESP32_PSRAM_REV0";

        /// <summary>The profile: <see cref="Esp32DevKitC"/>'s pins with PSRAM-sized defaults.</summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create()
        {
            BoardProfile p = Esp32DevKitC.Create();
            p.Name = "ESP32-WROVER (PSRAM)";
            p.FirmwareTarget = FirmwareTarget;
            p.MaxConnections = 8;

            // mbedTLS's 16 KB input buffers go to PSRAM (above CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL):
            // 4 × ~30 KB; the handshakes run one at a time (docs/tls.md).
            p.MaxTlsConnections = 4;
            p.ReceiveBufferSize = 2048;
            p.SendBufferSize = 2048;
            return p;
        }
    }
}
