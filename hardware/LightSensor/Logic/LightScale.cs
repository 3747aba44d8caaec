namespace NanoWs.Hardware
{
    /// <summary>
    /// Converts an ADC reading of a light sensor into the dashboard's light level, in percent of
    /// full daylight, with a two-point calibration. Pure logic.
    /// </summary>
    /// <remarks>
    /// <para>The reference wiring (see the board profiles) is a photoresistor (LDR, e.g. a GL5528)
    /// from 3.3 V to the ADC pin and 10 kΩ from the ADC pin to GND: more light, lower resistance,
    /// higher voltage. A TEMT6000-style phototransistor module works the same way. The response is
    /// not linear in lux; a percentage between a "dark" and a "bright" reading is what a dashboard
    /// needs, and two numbers are easy to measure: cover the sensor, read the ratio, then hold it
    /// under a lamp or at a window.</para>
    /// <para>Readings are ratios of full scale (0.0 to 1.0: <c>raw / MaxValue</c>), so a profile's
    /// calibration does not depend on the ADC's resolution. If the sensor is wired the other way
    /// round (darker is higher), give a <c>darkRatio</c> above the <c>brightRatio</c>.</para>
    /// <para>Byte budget: two doubles, 16 bytes of object plus header. No allocation per call.</para>
    /// </remarks>
    public sealed class LightScale
    {
        private readonly double _darkRatio;
        private readonly double _brightRatio;

        /// <summary>Creates a scale.</summary>
        /// <param name="darkRatio">Reading (ratio of full scale) in the dark: 0 %.</param>
        /// <param name="brightRatio">Reading in full daylight: 100 %. Must differ from <paramref name="darkRatio"/>.</param>
        public LightScale(double darkRatio, double brightRatio)
        {
            if (darkRatio == brightRatio)
            {
                throw new System.ArgumentException("darkRatio and brightRatio must differ");
            }

            _darkRatio = darkRatio;
            _brightRatio = brightRatio;
        }

        /// <summary>The dark calibration point.</summary>
        public double DarkRatio
        {
            get { return _darkRatio; }
        }

        /// <summary>The bright calibration point.</summary>
        public double BrightRatio
        {
            get { return _brightRatio; }
        }

        /// <summary>Raw ADC value to a ratio of full scale.</summary>
        /// <param name="raw">The reading.</param>
        /// <param name="maxValue">The ADC's full-scale value (4095 for a 12-bit ADC).</param>
        /// <returns>0.0 to 1.0 (clamped).</returns>
        public static double ToRatio(int raw, int maxValue)
        {
            if (maxValue <= 0 || raw <= 0)
            {
                return 0;
            }

            return raw >= maxValue ? 1.0 : (double)raw / maxValue;
        }

        /// <summary>Light level in percent for a reading given as a ratio of full scale, clamped to 0..100.</summary>
        /// <param name="ratio">The reading, 0.0 to 1.0.</param>
        /// <returns>Light level, 0 to 100.</returns>
        public double ToPercent(double ratio)
        {
            double percent = 100.0 * (ratio - _darkRatio) / (_brightRatio - _darkRatio);
            return percent < 0 ? 0 : percent > 100 ? 100 : percent;
        }

        /// <summary>Light level in percent for a raw reading.</summary>
        /// <param name="raw">The reading.</param>
        /// <param name="maxValue">The ADC's full-scale value.</param>
        /// <returns>Light level, 0 to 100.</returns>
        public double ToPercent(int raw, int maxValue)
        {
            return ToPercent(ToRatio(raw, maxValue));
        }
    }
}
