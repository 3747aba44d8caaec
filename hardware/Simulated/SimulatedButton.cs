using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// A push button that someone presses now and then: the first press comes 2 s after the first
    /// read, then one every 4 to 12 s, each held for 150 to 600 ms. A press starts at a read, so
    /// every press is seen by at least one read however slowly the button is polled.
    /// </summary>
    /// <remarks>Byte budget: the <see cref="SimulatedRandom"/> (4 bytes of state) and 3 fields; nothing per read.</remarks>
    public sealed class SimulatedButton : IButton
    {
        /// <summary>Delay from the first read to the first press, in ms.</summary>
        public const int FirstPressMs = 2000;

        private readonly SimulatedRandom _random;
        private long _nextPressMs = long.MinValue;
        private long _releaseMs = long.MinValue;
        private int _presses;

        /// <summary>Creates the button.</summary>
        /// <param name="seed">Random seed.</param>
        public SimulatedButton(int seed)
        {
            _random = new SimulatedRandom(seed);
        }

        /// <inheritdoc />
        public int Presses
        {
            get { return _presses; }
        }

        /// <inheritdoc />
        public bool Read(long nowMs)
        {
            if (_nextPressMs == long.MinValue)
            {
                _nextPressMs = nowMs + FirstPressMs;
            }

            if (nowMs >= _nextPressMs)
            {
                _releaseMs = nowMs + 150 + _random.Next(451);
                _nextPressMs = nowMs + 4000 + _random.Next(8001);
                _presses++;
            }

            return nowMs < _releaseMs;
        }
    }
}
