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
    }
}
