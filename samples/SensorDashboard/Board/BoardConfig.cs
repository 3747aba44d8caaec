using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The one file to edit before deploying the dashboard to an ESP32: Wi-Fi credentials, which
    /// board (pin map, firmware target, buffer sizes; see hardware/Boards/), and the optional
    /// command token. The STM32F769I-DISCO project has its own copy in ../Board.Stm32/.
    /// </summary>
    public static class BoardConfig
    {
        /// <summary>Wi-Fi network name. Replace before deploying.</summary>
        public const string Ssid = "MY_SSID";

        /// <summary>Wi-Fi password. Replace before deploying.</summary>
        public const string Password = "MY_PASSWORD";

        /// <summary>
        /// The dashboard's password: set it, and browsers see a login page first; the session
        /// cookie it sets is needed to view and to command (docs/security.md). Null: no login,
        /// anyone on the network who can reach the board can use the dashboard.
        /// </summary>
        public const string DashboardPassword = null;

        /// <summary>Set to a secret to require it on every command from a script or device (the page uses the password instead); null: no token.</summary>
        public const string CommandToken = null;

        /// <summary>Name shown by the page.</summary>
        public const string DeviceName = "esp32-dashboard";

        /// <summary>
        /// True to run the simulated sensors instead of the drivers (a bare board, nothing wired).
        /// When false and a device does not answer (no sensor on the bus), the entry point prints
        /// why and falls back to the simulator too.
        /// </summary>
        public const bool UseSimulatedDevice = false;

        /// <summary>
        /// The board: <c>Esp32DevKitC.Create()</c> (WROOM-32), <c>Esp32Wrover.Create()</c> (PSRAM),
        /// <c>Esp32S3.Create()</c>. Change pins or sizes on the returned profile if your wiring or
        /// heap differs (for example <c>profile.MaxConnections = 2;</c> when the heap is short).
        /// </summary>
        /// <returns>The profile.</returns>
        public static BoardProfile CreateProfile()
        {
            BoardProfile profile = Esp32DevKitC.Create();
            return profile;
        }
    }
}
