namespace NanoWs.Hardware
{
    /// <summary>
    /// Light level in percent of full daylight: <c>AdcLightSensor</c> on a board,
    /// <c>SimulatedLight</c> without hardware. Called from one thread.
    /// </summary>
    public interface ILightSensor
    {
        /// <summary>Reads the light level.</summary>
        /// <param name="nowMs">Current time in ms (monotonic; a driver may ignore it).</param>
        /// <returns>Light level in percent, 0 to 100.</returns>
        double ReadPercent(long nowMs);
    }
}
