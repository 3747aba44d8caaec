using System;

namespace NanoWs.Net
{
    /// <summary>
    /// A millisecond clock that never goes backwards and never leaps, built over a source that may:
    /// each reading adds the time the source moved since the previous reading, clamped to 0 …
    /// <see cref="MaxStepMs"/>. A board's <see cref="DateTime.UtcNow"/> is such a source: it starts
    /// near 1970 or at the build date and is stepped by SNTP once the network is up. Unclamped, a
    /// forward step would expire every handshake, keep-alive and close timer at once, and a backward
    /// step would freeze them until the wall clock caught up.
    /// </summary>
    /// <remarks>
    /// The clamp assumes the clock is read at least every <see cref="MaxStepMs"/> (the poll loops
    /// read it every few milliseconds); time during a longer gap between readings is not counted.
    /// Readings may come from any thread.
    /// </remarks>
    public sealed class MonotonicClock
    {
        /// <summary>The largest step <see cref="CreateDefault"/> accepts between two readings, in ms.</summary>
        public const int DefaultMaxStepMs = 1000;

        // Byte budget: this object ~40 bytes and its lock object 24.
        private readonly object _sync = new object();
        private readonly MillisecondClock _source;
        private readonly int _maxStepMs;
        private bool _started;
        private long _last;
        private long _now;

        /// <summary>Creates a clock over <paramref name="source"/>; the first reading is 0.</summary>
        /// <param name="source">The clock that may step, for example wall-clock milliseconds.</param>
        /// <param name="maxStepMs">Most milliseconds one reading may add (at least 1).</param>
        public MonotonicClock(MillisecondClock source, int maxStepMs)
        {
            if (source == null || maxStepMs < 1)
            {
                throw new ArgumentException("a source and a positive maximum step are required");
            }

            _source = source;
            _maxStepMs = maxStepMs;
        }

        /// <summary>Most milliseconds one reading may add.</summary>
        public int MaxStepMs
        {
            get { return _maxStepMs; }
        }

        /// <summary>
        /// The clock the server and the client use when their options give none: on the host, the
        /// operating system's monotonic tick count (<c>Environment.TickCount64</c>); on a board,
        /// wall-clock milliseconds from <see cref="DateTime.UtcNow"/> through a
        /// <see cref="MonotonicClock"/> with a <see cref="DefaultMaxStepMs"/> step.
        /// </summary>
        /// <returns>A new clock delegate.</returns>
        public static MillisecondClock CreateDefault()
        {
#if NANOWS_HOST
            return new MillisecondClock(HostTicks);
#else
            return new MillisecondClock(new MonotonicClock(new MillisecondClock(WallClockMs), DefaultMaxStepMs).Now);
#endif
        }

        /// <summary>Reads the clock: the previous reading plus the source's movement since, clamped.</summary>
        /// <returns>Milliseconds since the first reading.</returns>
        public long Now()
        {
            long source = _source();
            lock (_sync)
            {
                if (!_started)
                {
                    _started = true;
                    _last = source;
                    return _now;
                }

                long step = source - _last;
                _last = source;
                if (step > _maxStepMs)
                {
                    step = _maxStepMs;
                }

                if (step > 0)
                {
                    _now += step;
                }

                return _now;
            }
        }

        /// <summary>Wall-clock milliseconds (steps with SNTP and manual time changes).</summary>
        /// <returns>Milliseconds since 0001-01-01 UTC.</returns>
        public static long WallClockMs()
        {
            return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
        }

#if NANOWS_HOST
        private static long HostTicks()
        {
            return Environment.TickCount64;
        }
#endif
    }
}
