using System;

namespace NanoWs.Tests
{
    /// <summary>
    /// A deterministic <see cref="IRandomSource"/> for tests: every <see cref="Fill"/> call writes
    /// the pattern from its first byte, repeated as needed. With the pattern 37 FA 21 3D every
    /// client frame is masked with the key of the RFC 6455 §5.7 examples. Never use outside tests:
    /// masking keys must be unpredictable (§10.3).
    /// </summary>
    public sealed class PatternRandomSource : IRandomSource
    {
        private readonly byte[] _pattern;
        private int _calls;

        /// <summary>Creates a source that repeats <paramref name="pattern"/> (at least one byte).</summary>
        public PatternRandomSource(byte[] pattern)
        {
            if (pattern == null || pattern.Length == 0)
            {
                throw new ArgumentException("pattern must not be empty");
            }

            _pattern = pattern;
        }

        /// <summary>The masking key of the RFC 6455 §5.7 examples: 37 FA 21 3D.</summary>
        public static PatternRandomSource Rfc()
        {
            return new PatternRandomSource(new byte[] { 0x37, 0xFA, 0x21, 0x3D });
        }

        /// <summary>How many times <see cref="Fill"/> was called.</summary>
        public int Calls
        {
            get { return _calls; }
        }

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            _calls++;
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _pattern[i % _pattern.Length];
            }
        }
    }
}
