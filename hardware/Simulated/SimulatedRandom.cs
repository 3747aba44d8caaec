using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// The small deterministic generator behind the simulated parts: xorshift32 (Marsaglia 2003,
    /// shifts 13, 17, 5), seeded from an int. The same seed gives the same sequence on every
    /// runtime, which <see cref="Random"/> does not promise: on nanoFramework every instance
    /// shares one generator and ignores its seed (on ESP32 and STM32 it is the hardware RNG), so a
    /// simulation seeded through it would not repeat. Not for anything secret.
    /// </summary>
    /// <remarks>Byte budget: one 4-byte state; nothing per draw.</remarks>
    public sealed class SimulatedRandom
    {
        private uint _state;

        /// <summary>Creates the generator; every seed, 0 included, gives its own sequence.</summary>
        /// <param name="seed">The seed.</param>
        public SimulatedRandom(int seed)
        {
            // Spread the seed over all bits (golden-ratio multiply); xorshift needs a non-zero state.
            _state = unchecked(((uint)seed * 0x9E3779B9u) ^ 0x6A09E667u);
            if (_state == 0)
            {
                _state = 0x6A09E667u;
            }
        }

        /// <summary>A value in 0 .. <paramref name="maxExclusive"/> - 1.</summary>
        /// <param name="maxExclusive">Upper bound, above 0.</param>
        /// <returns>The value.</returns>
        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxExclusive));
            }

            return (int)(NextUInt() % (uint)maxExclusive);
        }

        /// <summary>A value in [0, 1).</summary>
        /// <returns>The value.</returns>
        public double NextDouble()
        {
            return NextUInt() / 4294967296.0;
        }

        private uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
