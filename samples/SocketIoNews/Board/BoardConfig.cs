namespace NanoWs.Samples.SocketIoNews
{
    /// <summary>
    /// The one file to edit before deploying the Socket.IO news sample to an ESP32: Wi-Fi
    /// credentials and the sizes that fit the board's managed heap.
    /// </summary>
    public static class BoardConfig
    {
        /// <summary>Wi-Fi network name. Replace before deploying.</summary>
        public const string Ssid = "MY_SSID";

        /// <summary>Wi-Fi password. Replace before deploying.</summary>
        public const string Password = "MY_PASSWORD";

        /// <summary>Socket.IO clients at once. Each may hold three connections (held GET, POST, upgrade).</summary>
        public const int MaxSessions = 2;

        /// <summary>Largest Engine.IO payload a client may send (a POST body or a WebSocket message).</summary>
        public const int MaxPayload = 1024;

        /// <summary>Bytes queued for one client at most.</summary>
        public const int OutboxBytes = 768;

        /// <summary>
        /// Sockets of nanoFramework's ESP32 firmwares: lwIP's <c>MEMP_NUM_NETCONN</c> is ESP-IDF's
        /// <c>CONFIG_LWIP_MAX_SOCKETS</c>, 16 in the sdkconfig files of nf-interpreter's ESP32
        /// targets (targets/ESP32/_IDF/sdkconfig.default*, nanoframework/nf-interpreter @ a3e8139a1ba7).
        /// </summary>
        public const int SocketBudget = 16;
    }
}
