namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard's sensors and actuators, as the application code sees them. The host build
    /// uses <see cref="SimulatedDevice"/>; a board implements it over its GPIO, ADC and I²C drivers.
    /// Called from the application thread only; reads should take a few ms at most.
    /// </summary>
    public interface IDeviceIo
    {
        /// <summary>Air temperature in °C.</summary>
        /// <param name="nowMs">Current time in ms (simulations use it; drivers may ignore it).</param>
        /// <returns>The reading.</returns>
        double ReadTemperature(long nowMs);

        /// <summary>Relative humidity in % (0 to 100).</summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>The reading.</returns>
        double ReadHumidity(long nowMs);

        /// <summary>Light level in % of full daylight (0 to 100).</summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>The reading.</returns>
        double ReadLight(long nowMs);

        /// <summary>True while the push button is held down.</summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>The button state.</returns>
        bool ReadButton(long nowMs);

        /// <summary>Switches the LED.</summary>
        /// <param name="on">True for on.</param>
        void SetLed(bool on);

        /// <summary>Sets the fan speed.</summary>
        /// <param name="percent">0 (off) to 100 (full speed).</param>
        void SetFan(int percent);
    }
}
