using System;

namespace NanoWs
{
    /// <summary>
    /// Sizes, limits and timers of one connection. Every buffer is allocated once, when the
    /// <see cref="WebSocketConnection"/> is constructed, from these values. Defaults suit an ESP32
    /// with about 90 KB of managed heap (see <see cref="WebSocketConnection.EstimateBytes"/>).
    /// </summary>
    public sealed class WebSocketOptions
    {
        /// <summary>Smallest accepted receive buffer: a frame header is at most 14 bytes.</summary>
        public const int MinReceiveBufferSize = 64;

        /// <summary>Smallest accepted send buffer: the largest control frame plus the 101 response.</summary>
        public const int MinSendBufferSize = 256;

        /// <summary>
        /// Receive buffer in bytes. It holds the whole HTTP upgrade request (a request that does
        /// not fit gets 431) and then incoming frame bytes. Default 1024: a browser's upgrade
        /// request (about 500 bytes from Chromium and Firefox) with a session cookie; raise it when
        /// the board's host name carries larger cookies. Frames larger than it stream through.
        /// </summary>
        public int ReceiveBufferSize = 1024;

        /// <summary>
        /// Send buffer in bytes. Handshake responses and every outgoing frame are written here;
        /// a frame whose payload exceeds <c>SendBufferSize - 14</c> must be sent as fragments.
        /// Default 1024.
        /// </summary>
        public int SendBufferSize = 1024;

        /// <summary>
        /// Largest accepted message payload in bytes, summed over its fragments; a larger one fails
        /// the connection with 1009 (RFC 6455 §7.4.1). 0 means unlimited, allowed only when
        /// <see cref="ReassembleMessages"/> is off. Default 4096.
        /// </summary>
        public int MaxMessageSize = 4096;

        /// <summary>
        /// When true, a message buffer of <see cref="MaxMessageSize"/> bytes is allocated and every
        /// <see cref="WebSocketEvent.Data"/> event carries one whole message. When false (default),
        /// payloads stream through as slices of the receive buffer.
        /// </summary>
        public bool ReassembleMessages;

        /// <summary>Most header lines accepted in a handshake; more gets 431. Default 24.</summary>
        public int MaxHeaders = 24;

        /// <summary>
        /// Server: the subprotocols this endpoint speaks, most preferred first; the first one the
        /// client also offered is selected (RFC 6455 §4.2.2). Client: the subprotocols offered.
        /// </summary>
        public string[] Subprotocols;

        /// <summary>Time allowed for the opening handshake, in ms; 0 disables. Default 5000.</summary>
        public int HandshakeTimeoutMs = 5000;

        /// <summary>
        /// Time without a complete frame from the peer after which a keep-alive ping is sent, in ms;
        /// 0 disables. Default 20000. Only whole frames count: a peer trickling one frame byte by
        /// byte is idle, gets the ping, and is dropped when no pong follows (it cannot answer from
        /// inside a frame), so it cannot hold a connection slot forever.
        /// </summary>
        public int PingIntervalMs = 20000;

        /// <summary>Time a keep-alive ping may wait for its pong, in ms. Default 10000.</summary>
        public int PongTimeoutMs = 10000;

        /// <summary>
        /// Time allowed for the close handshake, and for a client the time to wait for the server
        /// to drop TCP after it, in ms. Default 2000.
        /// </summary>
        public int CloseTimeoutMs = 2000;

        /// <summary>Random source for client masks and keys; a <see cref="SystemRandomSource"/> when null.</summary>
        public IRandomSource Random;

        /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
        public void Validate()
        {
            if (ReceiveBufferSize < MinReceiveBufferSize)
            {
                throw new ArgumentException("ReceiveBufferSize must be at least 64");
            }

            if (SendBufferSize < MinSendBufferSize)
            {
                throw new ArgumentException("SendBufferSize must be at least 256");
            }

            if (MaxMessageSize < 0 || (MaxMessageSize == 0 && ReassembleMessages))
            {
                throw new ArgumentException("MaxMessageSize must be positive");
            }

            if (MaxHeaders < 4)
            {
                throw new ArgumentException("MaxHeaders must be at least 4");
            }

            if (HandshakeTimeoutMs < 0 || PingIntervalMs < 0 || PongTimeoutMs < 0 || CloseTimeoutMs < 0)
            {
                throw new ArgumentException("timeouts must not be negative");
            }
        }
    }
}
