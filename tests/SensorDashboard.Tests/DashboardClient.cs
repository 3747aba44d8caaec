using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Hub.Tests
{
    /// <summary>A dashboard tab over .NET's ClientWebSocket: receives JSON messages, sends commands.</summary>
    public sealed class DashboardClient : IDisposable
    {
        public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
        private readonly ClientWebSocket _ws = new ClientWebSocket();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public static async Task<DashboardClient> ConnectAsync(int port)
        {
            var client = new DashboardClient();
            using var cts = new CancellationTokenSource(Patience);
            await client._ws.ConnectAsync(new Uri("ws://127.0.0.1:" + port + "/ws"), cts.Token);
            return client;
        }

        public async Task<JsonElement> ReceiveAsync()
        {
            using var cts = new CancellationTokenSource(Patience);
            using var stream = new MemoryStream();
            while (true)
            {
                WebSocketReceiveResult r = await _ws.ReceiveAsync(new ArraySegment<byte>(_buffer), cts.Token);
                if (r.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("closed by the server: " + r.CloseStatus);
                }

                stream.Write(_buffer, 0, r.Count);
                if (r.EndOfMessage)
                {
                    return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
                }
            }
        }

        /// <summary>Receives until a message satisfies <paramref name="match"/>.</summary>
        public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match)
        {
            DateTime end = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < end)
            {
                JsonElement m = await ReceiveAsync();
                if (match(m))
                {
                    return m;
                }
            }

            throw new TimeoutException("no matching message");
        }

        /// <summary>The close code the server sent, once the connection is closed.</summary>
        public System.Net.WebSockets.WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;

        public async Task SendAsync(string json)
        {
            using var cts = new CancellationTokenSource(Patience);
            await _ws.SendAsync(Encoding.UTF8.GetBytes(json), System.Net.WebSockets.WebSocketMessageType.Text, true, cts.Token);
        }

        public void Dispose() => _ws.Dispose();
    }

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
