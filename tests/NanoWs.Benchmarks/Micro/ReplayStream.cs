using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// The in-memory duplex stream .NET's ManagedWebSocket runs over in the micro-benchmarks: reads
    /// replay a pre-filled buffer in chunks of at most <see cref="ChunkSize"/> bytes (one TCP segment
    /// per read, like a socket), writes are counted and discarded. Every call completes
    /// synchronously and allocates nothing, so what the benchmark measures is the WebSocket code.
    /// </summary>
    public sealed class ReplayStream : Stream
    {
        private byte[] _input = Array.Empty<byte>();
        private int _position;

        /// <summary>Largest number of bytes one read returns.</summary>
        public int ChunkSize { get; set; } = 1460;

        /// <summary>Bytes written since the last <see cref="Rewind"/>.</summary>
        public long Written { get; private set; }

        /// <summary>Replaces the bytes that reads return.</summary>
        public void Load(byte[] input)
        {
            _input = input;
            _position = 0;
        }

        /// <summary>Replays the loaded bytes from the start and forgets what was written.</summary>
        public void Rewind()
        {
            _position = 0;
            Written = 0;
        }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, ChunkSize), _input.Length - _position);
            _input.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => new ValueTask<int>(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return default;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
