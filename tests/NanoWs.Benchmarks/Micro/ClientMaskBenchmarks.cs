using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// The client send path's inner loop: copy the caller's payload into the send buffer, masked
    /// (RFC 6455 §5.3). Copies of the loop, so the core is unchanged:
    /// "core today" is WebSocketConnection.TryWriteFrame's loop (unrolled by four, but reading
    /// <c>_tx</c> and <c>_maskKey</c> through fields); "portable, locals" is the same loop with the
    /// arrays in locals (nanoFramework-compatible); "host, 8 at a time" is a ulong XOR behind what
    /// would be a compile-time symbol.
    /// </summary>
    [MemoryDiagnoser]
    public class ClientMaskBenchmarks
    {
        private byte[] _tx;
        private byte[] _data;
        private byte[] _maskKey;

        /// <summary>Payload bytes masked per operation.</summary>
        [Params(125, 1024, 65536)]
        public int Size { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _data = Frames.Binary(Size);
            _tx = new byte[Size + 14];
            _maskKey = (byte[])Frames.MaskKey.Clone();
            CoreToday();
            byte[] a = (byte[])_tx.Clone();
            Array.Clear(_tx);
            PortableLocals();
            byte[] b = (byte[])_tx.Clone();
            Array.Clear(_tx);
            Host8();
            if (!a.AsSpan().SequenceEqual(b) || !a.AsSpan().SequenceEqual(_tx))
            {
                throw new InvalidOperationException("mask loops disagree");
            }
        }

        [Benchmark(Baseline = true, Description = "core today (fields, 4 at a time)")]
        public int CoreToday()
        {
            // Copy of the masking loop in WebSocketConnection.TryWriteFrame (src/NanoWs/WebSocketConnection.Send.cs).
            byte[] data = _data;
            int offset = 0, count = Size, start = 6;
            byte m0 = _maskKey[0], m1 = _maskKey[1], m2 = _maskKey[2], m3 = _maskKey[3];
            int i = 0;
            for (; i + 4 <= count; i += 4)
            {
                _tx[start + i] = (byte)(data[offset + i] ^ m0);
                _tx[start + i + 1] = (byte)(data[offset + i + 1] ^ m1);
                _tx[start + i + 2] = (byte)(data[offset + i + 2] ^ m2);
                _tx[start + i + 3] = (byte)(data[offset + i + 3] ^ m3);
            }

            for (; i < count; i++)
            {
                _tx[start + i] = (byte)(data[offset + i] ^ _maskKey[i & 3]);
            }

            return i;
        }

        [Benchmark(Description = "portable, locals")]
        public int PortableLocals()
        {
            byte[] data = _data;
            byte[] tx = _tx;
            byte[] key = _maskKey;
            int offset = 0, count = Size, start = 6;
            byte m0 = key[0], m1 = key[1], m2 = key[2], m3 = key[3];
            int s = offset, d = start, end = offset + count - 3;
            for (; s < end; s += 4, d += 4)
            {
                tx[d] = (byte)(data[s] ^ m0);
                tx[d + 1] = (byte)(data[s + 1] ^ m1);
                tx[d + 2] = (byte)(data[s + 2] ^ m2);
                tx[d + 3] = (byte)(data[s + 3] ^ m3);
            }

            for (int k = 0; s < offset + count; s++, d++, k++)
            {
                tx[d] = (byte)(data[s] ^ key[k]);
            }

            return d;
        }

        [Benchmark(Description = "host, 8 at a time (ulong)")]
        public int Host8()
        {
            int count = Size, start = 6;
            Span<byte> key = stackalloc byte[8];
            for (int j = 0; j < 8; j++)
            {
                key[j] = _maskKey[j & 3];
            }

            ulong key64 = MemoryMarshal.Read<ulong>(key);
            ReadOnlySpan<ulong> src = MemoryMarshal.Cast<byte, ulong>(_data.AsSpan(0, count));
            Span<byte> dest = _tx.AsSpan(start, count);
            Span<ulong> dst = MemoryMarshal.Cast<byte, ulong>(dest);
            for (int w = 0; w < src.Length; w++)
            {
                dst[w] = src[w] ^ key64;
            }

            for (int i = src.Length * 8; i < count; i++)
            {
                dest[i] = (byte)(_data[i] ^ key[i & 7]);
            }

            return count;
        }
    }
}
