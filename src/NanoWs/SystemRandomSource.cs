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
        // Byte budget: one Random instance on boards and for seeded sources; on the host a
        // 256-byte pool of generator output instead, refilled when used up, so a masking key
        // (4 bytes a frame) costs a copy rather than a call into the operating system.
        private readonly Random _random;
#if NANOWS_HOST
        private const int PoolSize = 256;
        private byte[] _pool;
        private int _poolUsed;
#endif

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

#if NANOWS_HOST
        private void FillFromPool(byte[] buffer, int offset, int count)
        {
            if (_pool == null)
            {
                _pool = new byte[PoolSize];
                _poolUsed = PoolSize;
            }

            while (count > 0)
            {
                if (_poolUsed == PoolSize)
                {
                    System.Security.Cryptography.RandomNumberGenerator.Fill(_pool);
                    _poolUsed = 0;
                }

                int n = Math.Min(count, PoolSize - _poolUsed);
                Buffer.BlockCopy(_pool, _poolUsed, buffer, offset, n);

                // Bytes handed out are not kept: a later reader of the pool learns nothing of them.
                Array.Clear(_pool, _poolUsed, n);
                _poolUsed += n;
                offset += n;
                count -= n;
            }
        }
#endif

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
#if NANOWS_HOST
            if (_random == null)
            {
                FillFromPool(buffer, offset, count);
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
