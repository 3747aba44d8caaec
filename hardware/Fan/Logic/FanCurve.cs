namespace NanoWs.Hardware
{
    /// <summary>
    /// Maps a fan speed in percent (what the dashboard's slider sends) to a PWM duty cycle between
    /// 0.0 and 1.0 (what <c>System.Device.Pwm.PwmChannel.DutyCycle</c> takes). Pure logic.
    /// </summary>
    /// <remarks>
    /// <para>A small DC fan behind a low-side MOSFET does not start below some duty cycle (it hums
    /// and stalls), so speeds 1–100 % are spread over <see cref="MinimumDuty"/>..1.0 and 0 % is
    /// really off (duty 0). For a 4-pin PC fan driven through its PWM input, set
    /// <see cref="MinimumDuty"/> to 0.2 (Intel's 4-wire fan specification: 25 kHz, the fan runs
    /// at its minimum speed below about 20 %).</para>
    /// <para>Some drivers invert (an NPN transistor pulling the fan's PWM input low, a P-channel
    /// high-side switch): <see cref="Inverted"/> flips the output so the caller still thinks in
    /// speed.</para>
    /// <para>Byte budget: two fields, 16 bytes of object plus header. No allocation per call.</para>
    /// </remarks>
    public sealed class FanCurve
    {
        private readonly double _minimumDuty;
        private readonly bool _inverted;

        /// <summary>Creates a curve.</summary>
        /// <param name="minimumDuty">Duty cycle for 1 % (0.0 to 1.0; clamped). 0 gives a straight line from 0 to 1.</param>
        /// <param name="inverted">True when the driver stage inverts the PWM signal.</param>
        public FanCurve(double minimumDuty, bool inverted)
        {
            _minimumDuty = minimumDuty < 0 ? 0 : minimumDuty > 1 ? 1 : minimumDuty;
            _inverted = inverted;
        }

        /// <summary>Duty cycle at 1 % speed.</summary>
        public double MinimumDuty
        {
            get { return _minimumDuty; }
        }

        /// <summary>True when the output is inverted.</summary>
        public bool Inverted
        {
            get { return _inverted; }
        }

        /// <summary>
        /// The duty cycle for <paramref name="percent"/>: 0 (or less) gives 0.0, 100 (or more)
        /// gives 1.0, and 1..99 rise linearly from <see cref="MinimumDuty"/>; inverted when
        /// <see cref="Inverted"/>.
        /// </summary>
        /// <param name="percent">Fan speed in percent.</param>
        /// <returns>Duty cycle, 0.0 to 1.0.</returns>
        public double ToDutyCycle(int percent)
        {
            double duty;
            if (percent <= 0)
            {
                duty = 0;
            }
            else if (percent >= 100)
            {
                duty = 1;
            }
            else
            {
                duty = _minimumDuty + ((1.0 - _minimumDuty) * (percent - 1) / 99.0);
            }

            return _inverted ? 1.0 - duty : duty;
        }

        /// <summary>
        /// The speed in percent a duty cycle stands for (the inverse of <see cref="ToDutyCycle"/>,
        /// rounded): for reading back what a channel was set to.
        /// </summary>
        /// <param name="dutyCycle">Duty cycle, 0.0 to 1.0.</param>
        /// <returns>Speed, 0 to 100.</returns>
        public int ToPercent(double dutyCycle)
        {
            double duty = _inverted ? 1.0 - dutyCycle : dutyCycle;
            if (duty <= 0)
            {
                return 0;
            }

            if (duty >= 1)
            {
                return 100;
            }

            if (duty < _minimumDuty - 1e-9)
            {
                // Below the start threshold (less rounding): only 0 % maps here; treat as off.
                return 0;
            }

            double percent = 1.0 + ((duty - _minimumDuty) * 99.0 / (1.0 - _minimumDuty));
            int rounded = (int)(percent + 0.5);
            return rounded < 1 ? 1 : rounded > 100 ? 100 : rounded;
        }

        /// <summary>Clamps a requested speed to 0..100.</summary>
        /// <param name="percent">Requested speed.</param>
        /// <returns>The speed within 0..100.</returns>
        public static int ClampPercent(int percent)
        {
            return percent < 0 ? 0 : percent > 100 ? 100 : percent;
        }
    }
}
