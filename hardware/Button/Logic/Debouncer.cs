namespace NanoWs.Hardware
{
    /// <summary>
    /// Debounces a mechanical contact (a push button) sampled by polling: the debounced state
    /// follows the raw level only after the raw level has held still for <see cref="StableMs"/>.
    /// Contact bounce (a few ms of rapid toggling when the button is pressed or released) never
    /// reaches the application, and neither does a spike shorter than <see cref="StableMs"/>.
    /// Pure logic, time passed in: the board driver (<c>GpioButton</c>) feeds it pin reads;
    /// the host tests feed it scripted levels and times.
    /// </summary>
    /// <remarks>
    /// Byte budget: four fields, 24 bytes of object on a 32-bit board. No allocation after
    /// construction. Poll at least twice per <see cref="StableMs"/> so a steady level is confirmed
    /// on time; the dashboard polls every tick (about 20 ms) with the default of 30 ms.
    /// </remarks>
    public sealed class Debouncer
    {
        private readonly int _stableMs;
        private bool _state;
        private bool _candidate;
        private long _candidateSince;
        private int _presses;

        /// <summary>Creates a debouncer.</summary>
        /// <param name="stableMs">How long, in ms, a new level must hold before it is accepted (0 accepts at once). Typical: 20–50.</param>
        /// <param name="initialState">The debounced state before the first sample (false: released).</param>
        public Debouncer(int stableMs, bool initialState)
        {
            _stableMs = stableMs < 0 ? 0 : stableMs;
            _state = initialState;
            _candidate = initialState;
            _candidateSince = long.MinValue;
        }

        /// <summary>The debounce interval in ms.</summary>
        public int StableMs
        {
            get { return _stableMs; }
        }

        /// <summary>The debounced state (true: pressed).</summary>
        public bool State
        {
            get { return _state; }
        }

        /// <summary>How many times the debounced state went from false to true since construction.</summary>
        public int Presses
        {
            get { return _presses; }
        }

        /// <summary>
        /// Feeds one sample of the raw level and returns the debounced state. Times must not go
        /// backwards; a sample older than the previous one is treated as taken at the same time.
        /// </summary>
        /// <param name="raw">The raw level as read now (true: contact closed).</param>
        /// <param name="nowMs">The time of the sample in ms (any monotonic clock).</param>
        /// <returns>The debounced state after this sample.</returns>
        public bool Update(bool raw, long nowMs)
        {
            if (raw != _candidate || _candidateSince == long.MinValue)
            {
                // The level changed (or this is the first sample): start timing it.
                _candidate = raw;
                _candidateSince = nowMs;
            }
            else if (nowMs < _candidateSince)
            {
                _candidateSince = nowMs;
            }

            if (_candidate != _state && nowMs - _candidateSince >= _stableMs)
            {
                _state = _candidate;
                if (_state)
                {
                    _presses++;
                }
            }

            return _state;
        }

        /// <summary>Forgets the history: the state becomes <paramref name="state"/> and the next sample starts timing afresh.</summary>
        /// <param name="state">The debounced state to assume.</param>
        public void Reset(bool state)
        {
            _state = state;
            _candidate = state;
            _candidateSince = long.MinValue;
        }
    }
}
