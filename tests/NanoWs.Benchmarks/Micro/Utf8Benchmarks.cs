using System;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// The core's incremental UTF-8 validator (src/NanoWs/Utf8Validator.cs), the inner loop of the
    /// text receive path, over the receive benchmark's mixed text (ASCII with 2- and 3-byte
    /// characters every few bytes) fed in 1460-byte segments:
    /// <list type="bullet">
    /// <item>".NET Utf8.IsValid": the platform's vectorised validator over the whole text at once,
    /// the baseline (it is not incremental: it cannot say which byte failed, or resume).</item>
    /// <item>"portable": <c>Utf8Validator.ValidatePortable</c>, the loop a board runs.</item>
    /// <item>"host": <c>Utf8Validator.Validate</c> as the host build compiles it
    /// (NANOWS_HOST_FASTPATH: whole runs ending on a character boundary through the platform's
    /// validator, the rest through the portable loop).</item>
    /// </list>
    /// </summary>
    [MemoryDiagnoser]
    public class Utf8Benchmarks
    {
        private byte[] _text;
        private Utf8Validator _validator;

        /// <summary>Text bytes validated per operation.</summary>
        [Params(125, 1460, 65536)]
        public int Size { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _text = Frames.Text(Size);
            _validator = new Utf8Validator();
            if (!Dotnet() || Portable() != -1 || Host() != -1)
            {
                throw new InvalidOperationException("the validators disagree");
            }
        }

        [Benchmark(Baseline = true, Description = ".NET Utf8.IsValid (whole text)")]
        public bool Dotnet()
        {
            return System.Text.Unicode.Utf8.IsValid(_text);
        }

        [Benchmark(Description = "core portable (board)")]
        public int Portable()
        {
            _validator.Reset();
            int result = -1;
            for (int offset = 0; offset < _text.Length && result < 0; offset += Frames.Segment)
            {
                result = _validator.ValidatePortable(_text, offset, Math.Min(Frames.Segment, _text.Length - offset));
            }

            return result;
        }

        [Benchmark(Description = "core host (platform validator on whole runs)")]
        public int Host()
        {
            _validator.Reset();
            int result = -1;
            for (int offset = 0; offset < _text.Length && result < 0; offset += Frames.Segment)
            {
                result = _validator.Validate(_text, offset, Math.Min(Frames.Segment, _text.Length - offset));
            }

            return result;
        }
    }
}
