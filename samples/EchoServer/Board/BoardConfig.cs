namespace NanoWs.Samples.EchoServer
{
    /// <summary>
    /// The one file to edit before deploying the echo server to an ESP32: Wi-Fi credentials and
    /// the connection sizes that fit the board's managed heap (see hardware/README.md, "Memory
    /// budget").
    /// </summary>
    public static class BoardConfig
    {
        /// <summary>Wi-Fi network name. Replace before deploying.</summary>
        public const string Ssid = "MY_SSID";

        /// <summary>Wi-Fi password. Replace before deploying.</summary>
        public const string Password = "MY_PASSWORD";

        /// <summary>Concurrent WebSocket connections. 4 suits an ESP32 without PSRAM; lower it when the heap is short.</summary>
        public const int MaxConnections = 4;

        /// <summary>Receive buffer per connection in bytes (a browser's upgrade request with cookies must fit).</summary>
        public const int ReceiveBufferSize = 1536;

        /// <summary>Send buffer per connection in bytes (the largest echoed frame).</summary>
        public const int SendBufferSize = 1024;

        /// <summary>
        /// Sockets of nanoFramework's ESP32 firmwares: lwIP's <c>MEMP_NUM_NETCONN</c> is ESP-IDF's
        /// <c>CONFIG_LWIP_MAX_SOCKETS</c>, 16 in the sdkconfig files of nf-interpreter's ESP32
        /// targets (targets/ESP32/_IDF/sdkconfig.default*, nanoframework/nf-interpreter @ a3e8139a1ba7).
        /// The listener, <see cref="MaxConnections"/>, a newcomer at a full house and 2 lingering
        /// 503s must fit in it, or the server refuses to start.
        /// </summary>
        public const int SocketBudget = 16;
    }
}
