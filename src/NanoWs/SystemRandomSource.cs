using System;

namespace NanoWs
{
    /// <summary>
    /// <see cref="IRandomSource"/> over <see cref="Random"/>. On nanoFramework targets with a
    /// hardware generator (ESP32) <see cref="Random"/> is seeded from it.
    /// </summary>
    public sealed class SystemRandomSource : IRandomSource
    {
        // Byte budget: one Random instance; no buffers.
        private readonly Random _random;

        /// <summary>Creates a source seeded by the platform.</summary>
        public SystemRandomSource()
        {
            _random = new Random();
        }

        /// <summary>Creates a deterministic source (tests only: masks must be unpredictable in production).</summary>
        public SystemRandomSource(int seed)
        {
            _random = new Random(seed);
        }

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int r = _random.Next();
                for (int k = 0; k < 3 && i < end; k++)
                {
                    buffer[i++] = (byte)r;
                    r >>= 8;
                }
            }
        }
    }
}
