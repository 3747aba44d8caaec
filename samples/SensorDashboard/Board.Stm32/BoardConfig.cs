using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The one file to edit before deploying the dashboard to an STM32F769I-DISCO: the board
    /// profile (pins, buffer sizes; see hardware/Boards/stm32f769i-disco.md) and the optional
    /// command token. The network is the board's Ethernet port with DHCP; the Wi-Fi credentials
    /// exist only so the entry point is shared with the ESP32 project, and are ignored.
    /// </summary>
    public static class BoardConfig
    {
        /// <summary>Unused on Ethernet.</summary>
        public const string Ssid = "";

        /// <summary>Unused on Ethernet.</summary>
        public const string Password = "";

        /// <summary>
        /// The dashboard's password: set it, and browsers see a login page first; the session
        /// cookie it sets is needed to view and to command (docs/security.md). Null: no login,
        /// anyone on the network who can reach the board can use the dashboard.
        /// </summary>
        public const string DashboardPassword = null;

        /// <summary>Set to a secret to require it on every command from a script or device (the page uses the password instead); null: no token.</summary>
        public const string CommandToken = null;

        /// <summary>Name shown by the page.</summary>
        public const string DeviceName = "stm32-dashboard";

        /// <summary>True to run the simulated sensors instead of the drivers (a bare board, nothing wired).</summary>
        public const bool UseSimulatedDevice = false;

        /// <summary>The board profile; change pins or sizes on it if your wiring differs.</summary>
        /// <returns>The profile.</returns>
        public static BoardProfile CreateProfile()
        {
            BoardProfile profile = Stm32F769iDisco.Create();
            return profile;
        }
    }
}
