namespace NanoWs.Hardware
{
    /// <summary>
    /// A day compressed into <see cref="LengthMs"/>: dark at night, daylight rising and setting as
    /// a sine arch by day. Shared by <see cref="SimulatedClimate"/> (warmer and drier by day) and
    /// <see cref="SimulatedLight"/>. A fresh start (time 0) is mid-morning, so it shows daylight.
    /// Uses only mscorlib (no System.Math), so it runs on a board too.
    /// </summary>
    public sealed class SimulatedDay
    {
        /// <summary>Daylight at night, in %.</summary>
        public const double NightPercent = 0.5;

        /// <summary>One simulated day (night, sunrise, noon, sunset) in ms. Default 5 minutes.</summary>
        public long LengthMs = 5 * 60 * 1000;

        private const double Pi = 3.14159265358979;

        /// <summary>Daylight at <paramref name="nowMs"/>.</summary>
        /// <param name="nowMs">Time in ms.</param>
        /// <returns>Daylight in %, from <see cref="NightPercent"/> at night to 100 at noon.</returns>
        public double DaylightPercent(long nowMs)
        {
            long length = LengthMs > 0 ? LengthMs : 1;
            long t = (nowMs + (length * 2 / 5)) % length;
            double phase = (double)(t < 0 ? t + length : t) / length;

            // Day from 0.25 (sunrise) to 0.75 (sunset); the sun's height is sin(π × daytime fraction).
            if (phase < 0.25 || phase > 0.75)
            {
                return NightPercent;
            }

            return NightPercent + ((100 - NightPercent) * Sin((phase - 0.25) * 2 * Pi));
        }

        /// <summary>Clamps <paramref name="v"/> to [<paramref name="min"/>, <paramref name="max"/>].</summary>
        internal static double Clamp(double v, double min, double max)
        {
            return v < min ? min : v > max ? max : v;
        }

        /// <summary>sin(x) for 0 ≤ x ≤ π by a Taylor polynomial around π/2 (error below 1e-4).</summary>
        private static double Sin(double x)
        {
            double d = x - (Pi / 2);
            double d2 = d * d;
            return 1 - (d2 / 2) + (d2 * d2 / 24) - (d2 * d2 * d2 / 720) + (d2 * d2 * d2 * d2 / 40320);
        }
    }
}
