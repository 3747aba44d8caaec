using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// A tab over a raw TCP socket with a small receive window, so it can stop reading and let the
    /// server's buffers fill (ClientWebSocket keeps reading into its own buffers).
    /// </summary>
    public sealed class RawTab : IDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;

        /// <param name="localAddress">When set, the address the tab connects from (e.g. 127.0.0.2, another machine on loopback).</param>
        public RawTab(int port, string localAddress = null)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _socket.ReceiveBufferSize = 4096;
            if (localAddress != null)
            {
                _socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            }

            _socket.Connect("127.0.0.1", port);
            _socket.ReceiveTimeout = (int)DashboardClient.Patience.TotalMilliseconds;
            _stream = new NetworkStream(_socket);
            string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            byte[] request = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            _stream.Write(request);
            var head = new StringBuilder();
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new IOException("connection closed during the handshake");
                }

                head.Append((char)b);
            }

            if (!head.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new IOException("handshake refused: " + head);
            }
        }

        /// <summary>Reads one unfragmented server frame; returns its opcode and payload.</summary>
        public (int Opcode, byte[] Payload) ReadFrame()
        {
            byte[] h = ReadExactly(2);
            long length = h[1] & 0x7F;
            if (length == 126)
            {
                byte[] ext = ReadExactly(2);
                length = (ext[0] << 8) | ext[1];
            }
            else if (length == 127)
            {
                byte[] ext = ReadExactly(8);
                length = 0;
                for (int i = 0; i < 8; i++)
                {
                    length = (length << 8) | ext[i];
                }
            }

            return (h[0] & 0x0F, ReadExactly((int)length));
        }

        /// <summary>Reads the next text message as JSON.</summary>
        public JsonElement ReadJson()
        {
            while (true)
            {
                (int opcode, byte[] payload) = ReadFrame();
                if (opcode == 1)
                {
                    return JsonDocument.Parse(payload).RootElement.Clone();
                }

                if (opcode == 8)
                {
                    throw new IOException("closed by the server");
                }
            }
        }

        /// <summary>Reads frames until the server's close frame; returns its code and reason.</summary>
        public (int Code, string Reason) ReadClose()
        {
            while (true)
            {
                (int opcode, byte[] payload) = ReadFrame();
                if (opcode == 8)
                {
                    return payload.Length >= 2
                        ? ((payload[0] << 8) | payload[1], Encoding.UTF8.GetString(payload, 2, payload.Length - 2))
                        : (1005, "");
                }
            }
        }

        private byte[] ReadExactly(int n)
        {
            byte[] b = new byte[n];
            _stream.ReadExactly(b, 0, n);
            return b;
        }

        public void Dispose()
        {
            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
