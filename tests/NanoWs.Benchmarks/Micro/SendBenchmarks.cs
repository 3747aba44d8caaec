using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using NetMessageType = System.Net.WebSockets.WebSocketMessageType;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// Send path, one binary message per operation, as one frame: header plus payload copied
    /// (server, unmasked) or masked while copying with a fresh key (client) into the outgoing
    /// bytes, which are then discarded as a socket would take them. NanoWs: TrySend into a send
    /// buffer big enough for the largest message (65 550 bytes) and ConsumeSent; .NET:
    /// ManagedWebSocket.SendAsync over a discarding stream.
    /// </summary>
    [MemoryDiagnoser]
    public class SendBenchmarks
    {
        private WebSocketConnection _nano;
        private WebSocket _dotnet;
        private ReplayStream _stream;
        private byte[] _payload;

        /// <summary>Payload size in bytes.</summary>
        [Params(16, 125, 1024, 65536)]
        public int Size { get; set; }

        /// <summary>Server (unmasked) or client (masked) frames.</summary>
        [Params("server", "client")]
        public string Side { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _payload = Frames.Binary(Size);
            WebSocketOptions options = new WebSocketOptions { SendBufferSize = 65536 + 14, MaxMessageSize = 0 };
            bool server = Side == "server";
            _nano = server ? Open.NanoServer(options) : Open.NanoClient(options);
            _stream = new ReplayStream();
            _dotnet = Open.DotNet(_stream, server);
            int header = (Size < 126 ? 2 : 4) + (Size > 0xFFFF ? 6 : 0) + (server ? 0 : 4);
            if (NanoWs() != Size + header || DotNet() != Size + header)
            {
                throw new InvalidOperationException("unexpected frame size");
            }
        }

        [Benchmark(Baseline = true, Description = ".NET ManagedWebSocket")]
        public long DotNet()
        {
            _stream.Rewind();
            ValueTask pending = _dotnet.SendAsync(_payload.AsMemory(), NetMessageType.Binary, true, default);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }

            return _stream.Written;
        }

        [Benchmark(Description = "NanoWs")]
        public int NanoWs()
        {
            WebSocketConnection c = _nano;
            if (!c.TrySend(WebSocketMessageType.Binary, _payload, 0, _payload.Length, true))
            {
                throw new InvalidOperationException("send buffer full");
            }

            int n = c.SendCount;
            c.ConsumeSent(n);
            return n;
        }
    }
}
