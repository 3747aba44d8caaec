using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// Sizes and timers of a <see cref="SocketIoServer"/>. Every buffer is allocated once, when the
    /// server is created, from these numbers; the defaults fit an ESP32 with a few sessions.
    /// </summary>
    public sealed class SocketIoOptions
    {
        /// <summary>Engine.IO sessions held at once (each one browser tab or client). Default 4.</summary>
        public int MaxSessions = 4;

        /// <summary>Namespaces the application may register, <c>/</c> included. Default 2.</summary>
        public int MaxNamespaces = 2;

        /// <summary>Event handlers one socket may register with <see cref="SocketIoSocket.On"/>. Default 8.</summary>
        public int MaxHandlersPerSocket = 8;

        /// <summary>Room names known to the server (all namespaces together, at most 32). Default 8.</summary>
        public int MaxRooms = 8;

        /// <summary>Acknowledgements one socket may await at once. Default 4.</summary>
        public int MaxPendingAcks = 4;

        /// <summary>Bytes of each session's outbox: packets not yet taken by the transport. Default 1024.</summary>
        public int OutboxBytes = 1024;

        /// <summary>Bytes of each session's buffer for an incoming binary packet (its header and every
        /// attachment); 0 refuses binary packets. Default 512.</summary>
        public int BinaryBytes = 512;

        /// <summary>Attachments one binary packet may carry. Default 4.</summary>
        public int MaxAttachments = 4;

        /// <summary>
        /// Largest HTTP long-polling body or WebSocket message accepted, advertised to the client as
        /// <c>maxPayload</c> in the open packet. Default 2048.
        /// </summary>
        public int MaxPayload = 2048;

        /// <summary>Milliseconds between the server's pings (<c>pingInterval</c>). Default 25000, as the reference server.</summary>
        public int PingIntervalMs = 25000;

        /// <summary>Milliseconds the client has to answer a ping (<c>pingTimeout</c>). Default 20000, as the reference server.</summary>
        public int PingTimeoutMs = 20000;

        /// <summary>Milliseconds a session may stay without any namespace connected. Default 45000, as the reference server.</summary>
        public int ConnectTimeoutMs = 45000;

        /// <summary>Whether clients may upgrade to (or open with) WebSocket. Default true.</summary>
        public bool AllowWebSocket = true;

        internal void Validate()
        {
            if (MaxSessions < 1 || MaxNamespaces < 1 || MaxHandlersPerSocket < 1 || MaxRooms < 0 || MaxRooms > 32
                || MaxPendingAcks < 1 || OutboxBytes < 256 || BinaryBytes < 0 || MaxAttachments < 1
                || MaxPayload < 64 || PingIntervalMs < 1 || PingTimeoutMs < 1 || ConnectTimeoutMs < 1)
            {
                throw new ArgumentException("invalid Socket.IO options");
            }
        }
    }
}
