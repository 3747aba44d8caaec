namespace NanoWs.Hardware
{
    /// <summary>
    /// Air temperature and relative humidity from one measurement: <c>Sht3xSensor</c> on a
    /// board, <c>SimulatedClimate</c> without hardware. Called from one thread.
    /// </summary>
    public interface IClimateSensor
    {
        /// <summary>Temperature of the last good measurement in °C, NaN after a failed one.</summary>
        double Celsius { get; }

        /// <summary>Relative humidity of the last good measurement in % (0 to 100), NaN after a failed one.</summary>
        double Humidity { get; }

        /// <summary>
        /// Brings <see cref="Celsius"/> and <see cref="Humidity"/> up to <paramref name="nowMs"/>. A
        /// sensor may reuse a recent measurement instead of measuring again, so reading both values
        /// right after each other costs one measurement.
        /// </summary>
        /// <param name="nowMs">Current time in ms (monotonic).</param>
        /// <returns>True when the values are valid.</returns>
        bool Measure(long nowMs);
    }
}
