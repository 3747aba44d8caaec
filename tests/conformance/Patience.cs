using System;

namespace NanoWs.Conformance
{
    /// <summary>
    /// How long the tester waits for a peer, as a multiple of the limits the catalogue states
    /// (Autobahn's: a fail-fast close within 0.5 s, TCP ended within 1 s of the close handshake,
    /// 2 s for an expected answer).
    /// </summary>
    /// <remarks>
    /// <para>At <see cref="Factor"/> 1 (the command line's default) every limit is judged as the
    /// catalogue states it, the figures a report compares with Autobahn's. A correct peer ends
    /// every one of these waits itself, by sending what the case expects; only a peer that
    /// never does waits the whole limit out. So a larger factor changes no verdict of a correct
    /// peer on an idle machine; it keeps a correct peer on a busy one (where a thread may wait
    /// a second for a core) from being judged slow. The test suite runs with
    /// <see cref="TestFactor"/>; <c>--patience N</c> sets it on the command line.</para>
    /// <para>The durations each case measured (<c>durationMs</c>, <c>tcpDropMs</c>) are reported
    /// as measured, whatever the factor.</para>
    /// </remarks>
    public static class Patience
    {
        /// <summary>The factor the test suite uses: every limit four times the catalogue's.</summary>
        public const int TestFactor = 4;

        private static int _factor = 1;

        /// <summary>The multiple of every stated limit the tester waits (1 or more).</summary>
        public static int Factor
        {
            get => _factor;
            set => _factor = value < 1 ? throw new ArgumentOutOfRangeException(nameof(value), "the factor is 1 or more") : value;
        }

        /// <summary><paramref name="ms"/> scaled by <see cref="Factor"/>; an infinite wait stays infinite.</summary>
        public static int Ms(int ms) => ms < 0 ? ms : (int)Math.Min(int.MaxValue, (long)ms * _factor);
    }
}
