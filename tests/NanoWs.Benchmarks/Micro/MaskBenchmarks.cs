using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// Unmasking a received payload in place, the receive path's inner loop, in three shapes (the
    /// core is not changed here; these are copies so the figures can be compared in one run):
    /// <list type="bullet">
    /// <item>"core today": the loop of WebSocketConnection.Unmask — a switch on the rolling mask
    /// index for every byte, reading the mask bytes and the buffer through fields.</item>
    /// <item>"portable, 4 at a time": nanoFramework-compatible (byte arrays, no spans, no
    /// generics): rotate the key once to the current index, then unroll by four with locals.</item>
    /// <item>"host, 8 at a time": what a compile-time symbol could enable on .NET only: a 64-bit
    /// XOR over MemoryMarshal.Cast (the JIT vectorises nothing here; it is one ulong per 8 bytes).</item>
    /// </list>
    /// </summary>
    [MemoryDiagnoser]
    public class MaskBenchmarks
    {
        private byte[] _rx;
        private byte _mask0, _mask1, _mask2, _mask3;
        private int _maskIndex;

        /// <summary>Payload bytes unmasked per operation.</summary>
        [Params(125, 1460, 65536)]
        public int Size { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _rx = Frames.Binary(Size + 16);
            _mask0 = Frames.MaskKey[0];
            _mask1 = Frames.MaskKey[1];
            _mask2 = Frames.MaskKey[2];
            _mask3 = Frames.MaskKey[3];

            // The three shapes must agree (two passes restore the buffer).
            byte[] copy = (byte[])_rx.Clone();
            _maskIndex = 1;
            CoreToday();
            _maskIndex = 1;
            Portable4();
            _maskIndex = 1;
            Portable4();
            _maskIndex = 1;
            Host8();
            if (!copy.AsSpan().SequenceEqual(_rx))
            {
                throw new InvalidOperationException("mask loops disagree");
            }

            _maskIndex = 0;
        }

        [Benchmark(Baseline = true, Description = "core today (switch per byte)")]
        public int CoreToday()
        {
            // Copy of WebSocketConnection.Unmask (src/NanoWs/WebSocketConnection.Receive.cs).
            int start = 3;
            int count = Size;
            int m = _maskIndex;
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                switch (m)
                {
                    case 0: _rx[i] ^= _mask0; break;
                    case 1: _rx[i] ^= _mask1; break;
                    case 2: _rx[i] ^= _mask2; break;
                    default: _rx[i] ^= _mask3; break;
                }

                m = (m + 1) & 3;
            }

            _maskIndex = m;
            return m;
        }

        [Benchmark(Description = "portable, 4 at a time")]
        public int Portable4()
        {
            int start = 3;
            int count = Size;
            byte[] rx = _rx;

            // Rotate the key so k0 applies to the next byte, then run four bytes per round.
            int m = _maskIndex;
            byte k0, k1, k2, k3;
            switch (m)
            {
                case 0: k0 = _mask0; k1 = _mask1; k2 = _mask2; k3 = _mask3; break;
                case 1: k0 = _mask1; k1 = _mask2; k2 = _mask3; k3 = _mask0; break;
                case 2: k0 = _mask2; k1 = _mask3; k2 = _mask0; k3 = _mask1; break;
                default: k0 = _mask3; k1 = _mask0; k2 = _mask1; k3 = _mask2; break;
            }

            int i = start;
            int end = start + count;
            for (; i + 4 <= end; i += 4)
            {
                rx[i] ^= k0;
                rx[i + 1] ^= k1;
                rx[i + 2] ^= k2;
                rx[i + 3] ^= k3;
            }

            int tail = 0;
            for (; i < end; i++, tail++)
            {
                rx[i] ^= tail == 0 ? k0 : tail == 1 ? k1 : k2;
            }

            _maskIndex = (m + count) & 3;
            return _maskIndex;
        }

        [Benchmark(Description = "host, 8 at a time (ulong)")]
        public int Host8()
        {
            int start = 3;
            int count = Size;
            int m = _maskIndex;
            Span<byte> key = stackalloc byte[8];
            for (int j = 0; j < 8; j++)
            {
                int k = (m + j) & 3;
                key[j] = k == 0 ? _mask0 : k == 1 ? _mask1 : k == 2 ? _mask2 : _mask3;
            }

            ulong key64 = MemoryMarshal.Read<ulong>(key);
            Span<byte> data = _rx.AsSpan(start, count);
            Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
            for (int w = 0; w < words.Length; w++)
            {
                words[w] ^= key64;
            }

            for (int i = words.Length * 8; i < count; i++)
            {
                data[i] ^= key[i & 7];
            }

            _maskIndex = (m + count) & 3;
            return _maskIndex;
        }
    }
}
