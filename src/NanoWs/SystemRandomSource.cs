using System;

namespace NanoWs
{
    /// <summary>
    /// The default <see cref="IRandomSource"/> for client masking keys and handshake nonces. The
    /// host build draws from the operating system's cryptographic generator
    /// (<c>RandomNumberGenerator</c>), as RFC 6455 §10.3 asks of masking keys. A board build uses
    /// <see cref="Random"/>: nanoFramework's ESP32 and STM32 targets draw every value of it from
    /// the chip's hardware generator (<c>esp_random</c>, the STM32 RNG peripheral). On a target
    /// without one, supply a better source through <see cref="WebSocketOptions.Random"/>.
    /// </summary>
    public sealed class SystemRandomSource : IRandomSource
    {
        // Byte budget: one Random instance on boards and for seeded sources; nothing on the host.
        private readonly Random _random;

        /// <summary>Creates a source seeded by the platform.</summary>
        public SystemRandomSource()
        {
#if !NANOWS_HOST
            _random = new Random();
#endif
        }

        /// <summary>Creates a deterministic source (tests only: masks must be unpredictable in production).</summary>
        public SystemRandomSource(int seed)
        {
            _random = new Random(seed);
        }

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
#if NANOWS_HOST
            if (_random == null)
            {
                System.Security.Cryptography.RandomNumberGenerator.Fill(new Span<byte>(buffer, offset, count));
                return;
            }
#endif
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
