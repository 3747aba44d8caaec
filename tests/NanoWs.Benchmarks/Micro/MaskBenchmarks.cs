using System;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// The core's masking routine (src/NanoWs/Masking.cs), the inner loop of both the receive path
    /// (unmask in place) and the client send path (mask while copying), beside the plain
    /// definition of RFC 6455 §5.3 (one byte at a time, key byte i MOD 4) as the baseline:
    /// <list type="bullet">
    /// <item>"portable": <c>Masking.ApplyPortable</c>, the loop a board runs (key rotated into
    /// locals, four bytes per step).</item>
    /// <item>"host": <c>Masking.Apply</c> as the host build compiles it (NANOWS_HOST_FASTPATH:
    /// whole SIMD vectors, then 8-byte blocks, then the portable loop).</item>
    /// </list>
    /// </summary>
    [MemoryDiagnoser]
    public class MaskBenchmarks
    {
        private byte[] _source;
        private byte[] _destination;
        private byte[] _key;

        /// <summary>Payload bytes masked per operation.</summary>
        [Params(125, 1460, 65536)]
        public int Size { get; set; }

        /// <summary>True: unmask in place (receive); false: mask while copying (client send).</summary>
        [Params(true, false)]
        public bool InPlace { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _source = Frames.Binary(Size + 16);
            _destination = InPlace ? _source : new byte[Size + 16];
            _key = (byte[])Frames.MaskKey.Clone();

            // The three must agree, starting at key index 1 (a chunk boundary inside a frame).
            byte[] expected = Run(Definition);
            if (!expected.AsSpan().SequenceEqual(Run(Portable)) || !expected.AsSpan().SequenceEqual(Run(Host)))
            {
                throw new InvalidOperationException("masking shapes disagree");
            }
        }

        [Benchmark(Baseline = true, Description = "definition (byte at a time)")]
        public int Definition()
        {
            int count = Size;
            for (int i = 0; i < count; i++)
            {
                _destination[3 + i] = (byte)(_source[5 + i] ^ _key[(1 + i) & 3]);
            }

            return (1 + count) & 3;
        }

        [Benchmark(Description = "core portable (board)")]
        public int Portable()
        {
            return Masking.ApplyPortable(_source, 5, _destination, 3, Size, _key[0], _key[1], _key[2], _key[3], 1);
        }

        [Benchmark(Description = "core host (SIMD, 8-byte blocks)")]
        public int Host()
        {
            return Masking.Apply(_source, 5, _destination, 3, Size, _key[0], _key[1], _key[2], _key[3], 1);
        }

        private byte[] Run(Func<int> shape)
        {
            byte[] original = (byte[])_source.Clone();
            shape();
            byte[] result = (byte[])_destination.Clone();
            Array.Copy(original, _source, original.Length);
            if (!InPlace)
            {
                Array.Clear(_destination);
            }

            return result;
        }
    }
}
