namespace NanoWs.Hardware
{
    /// <summary>
    /// A millisecond count that never goes backwards, built from a wall clock that may be stepped.
    /// A board's only clock is <c>DateTime.UtcNow</c>, which starts near 1970 (or the RTC's time)
    /// and is stepped by SNTP once the network is up: backwards, it would hold every "at most every
    /// N ms" channel and every timer until the clock caught up; forwards by decades, it would fire
    /// every timeout at once. Each call adds the time the source moved since the previous call,
    /// clamped to 0 … <see cref="MaxStepMs"/>, so a step costs at most that much.
    /// </summary>
    /// <remarks>
    /// Call it often (the dashboard's loop and the server's poll thread each call it every few tens
    /// of ms): a real gap longer than <see cref="MaxStepMs"/> between two calls is counted as
    /// <see cref="MaxStepMs"/>. Thread-safe. Byte budget: 4 fields and a lock object.
    /// </remarks>
    public sealed class MonotonicClock
    {
        private readonly object _lock = new object();
        private readonly long _maxStepMs;
        private long _lastSourceMs;
        private long _nowMs;
        private bool _started;

        /// <summary>Creates a clock that starts at 0 with the first source reading.</summary>
        /// <param name="maxStepMs">Most the count advances per call, in ms (1000 suits a loop that runs every 20 ms).</param>
        public MonotonicClock(long maxStepMs)
        {
            _maxStepMs = maxStepMs > 0 ? maxStepMs : 1;
        }

        /// <summary>Most the count advances per call, in ms.</summary>
        public long MaxStepMs
        {
            get { return _maxStepMs; }
        }

        /// <summary>The count as of the last <see cref="Advance"/>, in ms.</summary>
        public long NowMs
        {
            get
            {
                lock (_lock)
                {
                    return _nowMs;
                }
            }
        }

        /// <summary>Reads the source: adds how far it moved since the previous call, 0 when it went back, at most <see cref="MaxStepMs"/>.</summary>
        /// <param name="sourceMs">The wall clock in ms (for example <c>DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond</c>).</param>
        /// <returns>The monotonic count in ms, starting at 0.</returns>
        public long Advance(long sourceMs)
        {
            lock (_lock)
            {
                if (_started)
                {
                    long step = sourceMs - _lastSourceMs;
                    if (step > 0)
                    {
                        _nowMs += step < _maxStepMs ? step : _maxStepMs;
                    }
                }

                _started = true;
                _lastSourceMs = sourceMs;
                return _nowMs;
            }
        }
    }
}
