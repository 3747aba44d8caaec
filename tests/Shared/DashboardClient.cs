using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Tests
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
}
