using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// Server receive path, one client message per operation: frame decode, unmask, UTF-8
    /// validation (text), delivery. The masked frame arrives in 1460-byte TCP segments.
    /// NanoWs: default options except MaxMessageSize 0 (streaming, no limit), i.e. the board's
    /// 1536-byte receive buffer; slices are delivered in place. .NET: ManagedWebSocket.ReceiveAsync
    /// into a 16 KiB buffer until EndOfMessage (it copies the payload into the caller's buffer).
    /// </summary>
    [MemoryDiagnoser]
    public class ReceiveBenchmarks
    {
        private WebSocketConnection _nano;
        private WebSocket _dotnet;
        private ReplayStream _stream;
        private byte[] _frame;
        private byte[] _target;

        /// <summary>Payload size in bytes.</summary>
        [Params(16, 125, 1024, 65536)]
        public int Size { get; set; }

        /// <summary>Text (validated as UTF-8) or binary.</summary>
        [Params(WebSocketMessageType.Text, WebSocketMessageType.Binary)]
        public WebSocketMessageType Type { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            byte[] payload = Type == WebSocketMessageType.Text ? Frames.Text(Size) : Frames.Binary(Size);
            _frame = Frames.Frame(Type == WebSocketMessageType.Text ? 1 : 2, payload, Frames.MaskKey);
            WebSocketOptions options = new WebSocketOptions { MaxMessageSize = 0 };
            _nano = Open.NanoServer(options);
            _stream = new ReplayStream();
            _stream.Load(_frame);
            _dotnet = Open.DotNet(_stream, true);
            _target = new byte[16 * 1024];
            if (NanoWs() != Size || DotNet() != Size)
            {
                throw new InvalidOperationException("a stack did not receive the whole message");
            }
        }

        [Benchmark(Baseline = true, Description = ".NET ManagedWebSocket")]
        public int DotNet()
        {
            _stream.Rewind();
            int total = 0;
            while (true)
            {
                ValueTask<ValueWebSocketReceiveResult> pending = _dotnet.ReceiveAsync(_target.AsMemory(), default);
                ValueWebSocketReceiveResult r = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
                total += r.Count;
                if (r.EndOfMessage)
                {
                    return total;
                }
            }
        }

        [Benchmark(Description = "NanoWs")]
        public int NanoWs()
        {
            WebSocketConnection c = _nano;
            byte[] frame = _frame;
            int offset = 0;
            int total = 0;
            while (offset < frame.Length)
            {
                // What a socket read does: at most one segment, at most the room there is.
                int room = c.PrepareReceive();
                int n = Math.Min(Math.Min(Frames.Segment, room), frame.Length - offset);
                Buffer.BlockCopy(frame, offset, c.ReceiveBuffer, c.ReceiveOffset, n);
                c.CommitReceive(n);
                offset += n;

                WebSocketEvent ev;
                while ((ev = c.Next()) != WebSocketEvent.None)
                {
                    if (ev == WebSocketEvent.Data)
                    {
                        total += c.EventCount;
                    }
                }
            }

            return total;
        }
    }
}
