namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard's sensors and actuators, as the application code sees them. Its one
    /// implementation, <see cref="DeviceIo"/>, maps these calls onto five small part interfaces
    /// (hardware/Parts): over the drivers on a board, over the simulators on the host
    /// (<see cref="SimulatedDevice"/>). Reads come from the application thread; the LED and fan
    /// setters from the server's thread when a tab sends a command. Reads should take a few ms at most.
    /// </summary>
    public interface IDeviceIo
    {
        /// <summary>Air temperature in °C, NaN when the sensor failed.</summary>
        /// <param name="nowMs">Current time in ms (monotonic).</param>
        /// <returns>The reading.</returns>
        double ReadTemperature(long nowMs);

        /// <summary>Relative humidity in % (0 to 100), NaN when the sensor failed.</summary>
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
        /// <param name="percent">0 (off) to 100 (full speed); clamped.</param>
        void SetFan(int percent);
    }
}
