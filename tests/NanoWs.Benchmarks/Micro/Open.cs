using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>Opens connections of both stacks for the benchmarks (setup only, not measured).</summary>
    public static class Open
    {
        /// <summary>A NanoWs server connection past its handshake.</summary>
        public static WebSocketConnection NanoServer(WebSocketOptions options)
        {
            WebSocketConnection c = WebSocketConnection.CreateServer(options);
            byte[] request = Encoding.ASCII.GetBytes(Frames.UpgradeRequest);
            c.Feed(request, 0, request.Length);
            if (c.Next() != WebSocketEvent.UpgradeRequest)
            {
                throw new InvalidOperationException("no upgrade request");
            }

            c.AcceptHandshake();
            c.ConsumeSent(c.SendCount);
            return c;
        }

        /// <summary>A NanoWs client connection past its handshake.</summary>
        public static WebSocketConnection NanoClient(WebSocketOptions options)
        {
            WebSocketConnection c = WebSocketConnection.CreateClient(options);
            c.StartClientHandshake("127.0.0.1", 80, "/", null, null);
            string request = Encoding.ASCII.GetString(c.SendBuffer, c.SendOffset, c.SendCount);
            c.ConsumeSent(c.SendCount);
            int at = request.IndexOf("Sec-WebSocket-Key: ", StringComparison.Ordinal) + 19;
            string key = request.Substring(at, request.IndexOf("\r\n", at, StringComparison.Ordinal) - at);
            byte[] response = Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + AcceptKey.Compute(key) + "\r\n\r\n");
            c.Feed(response, 0, response.Length);
            if (c.Next() != WebSocketEvent.Open)
            {
                throw new InvalidOperationException("client handshake failed: " + c.ErrorMessage);
            }

            return c;
        }

        /// <summary>.NET's ManagedWebSocket over <paramref name="stream"/>, keep-alive off.</summary>
        public static WebSocket DotNet(ReplayStream stream, bool isServer)
        {
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = isServer,
                KeepAliveInterval = Timeout.InfiniteTimeSpan,
            });
        }
    }
}
