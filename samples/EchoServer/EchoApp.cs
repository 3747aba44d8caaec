using NanoWs;
using NanoWs.Net;

namespace NanoWs.Samples.EchoServer
{
    /// <summary>
    /// The echo server's application code, shared by the host program and the board entry point:
    /// every text and binary message is sent back unchanged, streaming. Each received slice goes
    /// back as fragments as soon as it arrives, so a message of any size is echoed without being
    /// held; when the connection's send buffer is full the rest of the slice is deferred, which
    /// stops reading from that client until its socket drains (backpressure, nothing dropped).
    /// </summary>
    public static class EchoApp
    {
        /// <summary>Connection options for an echo server: streaming, no message size limit.</summary>
        /// <param name="receiveBufferSize">Receive buffer in bytes (the size of one slice at most).</param>
        /// <param name="sendBufferSize">Send buffer in bytes (one echoed frame at most, less 32: the largest header and the room kept for a 1008 close).</param>
        /// <returns>The options.</returns>
        public static WebSocketOptions CreateConnectionOptions(int receiveBufferSize, int sendBufferSize)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReceiveBufferSize = receiveBufferSize;
            options.SendBufferSize = sendBufferSize;

            // 0: unlimited. Streaming never holds a whole message, so no limit is needed.
            options.MaxMessageSize = 0;
            options.ReassembleMessages = false;
            return options;
        }

        /// <summary>Makes <paramref name="server"/> echo every message.</summary>
        /// <param name="server">The server, not yet started.</param>
        public static void Attach(WebSocketServer server)
        {
            server.MessageReceived += OnMessage;
        }

        /// <summary>
        /// Makes <paramref name="client"/> echo every message it receives back to its server: the
        /// same echo in client mode, for testing our client against other servers.
        /// </summary>
        /// <param name="client">The client, not yet connected.</param>
        public static void Attach(WebSocketClient client)
        {
            client.MessageReceived += OnClientMessage;
        }

        private static void OnClientMessage(WebSocketClient client, WebSocketMessageEventArgs message)
        {
            int offset = message.Offset;
            int remaining = message.Count;
            int max = client.MaxFramePayload;
            while (true)
            {
                int chunk = remaining < max ? remaining : max;
                bool last = chunk == remaining;
                if (!client.SendFragment(message.MessageType, message.Buffer, offset, chunk, last && message.IsFinal))
                {
                    message.Defer(message.Count - remaining);
                    return;
                }

                offset += chunk;
                remaining -= chunk;
                if (last)
                {
                    return;
                }
            }
        }

        private static void OnMessage(WebSocketServer server, WebSocketMessageEventArgs message)
        {
            int offset = message.Offset;
            int remaining = message.Count;
            int max = server.MaxFramePayload;
            while (true)
            {
                int chunk = remaining < max ? remaining : max;
                bool last = chunk == remaining;
                bool endOfMessage = last && message.IsFinal;
                if (!server.SendFragment(message.ConnectionId, message.MessageType, message.Buffer, offset, chunk, endOfMessage))
                {
                    // No room now: take what was sent, get the rest again once the socket drains.
                    message.Defer(message.Count - remaining);
                    return;
                }

                offset += chunk;
                remaining -= chunk;
                if (last)
                {
                    return;
                }
            }
        }
    }
}
