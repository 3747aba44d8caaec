using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Fuzz.Tests
{
    /// <summary>The two decoders under comparison, each run over a whole generated stream.</summary>
    internal static class DifferentialDecoders
    {
        private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(FuzzTargets.FramePrefixRequest);

        /// <summary>
        /// NanoWs: a server (or client) connection opened by a good handshake, then fed
        /// <paramref name="wire"/> in the given chunks; every complete message, then how it ended.
        /// </summary>
        public static Outcome RunOurs(byte[] wire, int[] chunks, int receiveBuffer, bool server)
        {
            WebSocketConnection c = server ? OpenServer(receiveBuffer) : OpenClient(receiveBuffer);
            var o = new Outcome();
            var message = new List<byte>();
            int pos = 0;
            int k = 0;
            bool done = false;
            while (pos < wire.Length && !done)
            {
                int want = Math.Min(chunks[k++ % chunks.Length], wire.Length - pos);
                while (want > 0 && !done)
                {
                    int fed = c.Feed(wire, pos, want);
                    pos += fed;
                    want -= fed;
                    while (true)
                    {
                        WebSocketEvent ev = c.Next();
                        c.ConsumeSent(c.SendCount);
                        if (ev == WebSocketEvent.None)
                        {
                            break;
                        }

                        if (ev == WebSocketEvent.Data)
                        {
                            message.AddRange(new ArraySegment<byte>(c.EventBuffer, c.EventOffset, c.EventCount));
                            if (c.EventIsFinal)
                            {
                                o.Messages.Add((c.EventMessageType == WebSocketMessageType.Text, message.ToArray()));
                                message.Clear();
                            }
                        }
                        else if (ev == WebSocketEvent.Close)
                        {
                            o.End = "close:" + c.CloseCode;
                            done = true;
                        }
                        else if (ev == WebSocketEvent.ProtocolError)
                        {
                            o.End = "fail:" + c.CloseCode;
                            done = true;
                        }
                    }
                }
            }

            return o;
        }

        /// <summary>
        /// .NET's ManagedWebSocket (<see cref="WebSocket.CreateFromStream(Stream, bool, string, TimeSpan)"/>,
        /// <c>isServer</c> as given) over a stream returning <paramref name="wire"/> in the same chunks.
        /// A failure is reported with the code of the close frame it wrote.
        /// </summary>
        public static Outcome RunManaged(byte[] wire, int[] chunks, bool server)
        {
            var stream = new ChunkedStream(wire, chunks);
            var o = new Outcome();
            using WebSocket ws = WebSocket.CreateFromStream(stream, isServer: server, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
            byte[] buffer = new byte[1024];
            var message = new List<byte>();
            try
            {
                while (true)
                {
                    WebSocketReceiveResult r = ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).GetAwaiter().GetResult();
                    if (r.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    {
                        o.End = "close:" + (r.CloseStatus.HasValue ? (int)r.CloseStatus.Value : 1005);
                        return o;
                    }

                    message.AddRange(new ArraySegment<byte>(buffer, 0, r.Count));
                    if (r.EndOfMessage)
                    {
                        o.Messages.Add((r.MessageType == System.Net.WebSockets.WebSocketMessageType.Text, message.ToArray()));
                        message.Clear();
                    }
                }
            }
            catch (WebSocketException e)
            {
                if (stream.AtEnd && e.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
                {
                    o.End = "eof";
                    return o;
                }

                int sent = stream.SentCloseCode();
                o.End = "fail:" + (sent == 0 ? "none" : sent.ToString());
                return o;
            }
        }

        /// <summary>Returns the wire bytes in the given chunk sizes, then end of stream; records what is written.</summary>
        private sealed class ChunkedStream : Stream
        {
            private readonly byte[] _data;
            private readonly int[] _chunks;
            private readonly MemoryStream _written = new MemoryStream();
            private int _pos;
            private int _k;

            public ChunkedStream(byte[] data, int[] chunks)
            {
                _data = data;
                _chunks = chunks;
            }

            public bool AtEnd => _pos == _data.Length;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                return Read(buffer.AsSpan(offset, count));
            }

            public override int Read(Span<byte> buffer)
            {
                int n = Math.Min(Math.Min(_chunks[_k++ % _chunks.Length], buffer.Length), _data.Length - _pos);
                _data.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                return new ValueTask<int>(Read(buffer.Span));
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                return Task.FromResult(Read(buffer, offset, count));
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                _written.Write(buffer, offset, count);
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _written.Write(buffer.Span);
                return default;
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Write(buffer, offset, count);
                return Task.CompletedTask;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            /// <summary>The code of the first close frame written (unmasked if it came masked, as a client's does), or 0.</summary>
            public int SentCloseCode()
            {
                byte[] w = _written.ToArray();
                int p = 0;
                while (p + 2 <= w.Length)
                {
                    int opcode = w[p] & 0x0F;
                    bool masked = (w[p + 1] & 0x80) != 0;
                    int len = w[p + 1] & 0x7F;
                    int h = 2;
                    if (len == 126)
                    {
                        len = (w[p + 2] << 8) | w[p + 3];
                        h = 4;
                    }
                    else if (len == 127)
                    {
                        return -1;
                    }

                    int key = p + h;
                    if (masked)
                    {
                        h += 4;
                    }

                    if (opcode == 8)
                    {
                        if (len < 2)
                        {
                            return 1005;
                        }

                        int hi = w[p + h] ^ (masked ? w[key] : 0);
                        int lo = w[p + h + 1] ^ (masked ? w[key + 1] : 0);
                        return (hi << 8) | lo;
                    }

                    p += h + len;
                }

                return 0;
            }
        }

        private static WebSocketConnection OpenServer(int receiveBuffer)
        {
            var c = WebSocketConnection.CreateServer(new WebSocketOptions { MaxMessageSize = 0, ReceiveBufferSize = receiveBuffer });
            FeedAll(c, Prefix);
            if (c.Next() != WebSocketEvent.UpgradeRequest)
            {
                throw new Exception("server handshake failed");
            }

            c.AcceptHandshake();
            c.ConsumeSent(c.SendCount);
            return c;
        }

        // The client's key comes from FixedRandom, so ClientAcceptResponse is the right 101 for it.
        private static WebSocketConnection OpenClient(int receiveBuffer)
        {
            var c = WebSocketConnection.CreateClient(new WebSocketOptions { MaxMessageSize = 0, ReceiveBufferSize = receiveBuffer, Random = new FixedRandom() });
            c.StartClientHandshake("example.com", 80, "/", null, null);
            c.ConsumeSent(c.SendCount);
            FeedAll(c, FuzzTargets.ClientAcceptResponse(null));
            if (c.Next() != WebSocketEvent.Open)
            {
                throw new Exception("client handshake failed");
            }

            c.ConsumeSent(c.SendCount);
            return c;
        }

        private static void FeedAll(WebSocketConnection c, byte[] bytes)
        {
            int fed = c.Feed(bytes, 0, bytes.Length);
            if (fed != bytes.Length)
            {
                throw new Exception("the handshake did not fit the receive buffer");
            }
        }
    }
}
