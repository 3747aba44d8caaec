namespace NanoWs.Hardware
{
    /// <summary>
    /// A push button, debounced: <c>GpioButton</c> on a board, <c>SimulatedButton</c>
    /// without hardware. Polled from one thread, often enough (every 10–50 ms) to see short presses.
    /// </summary>
    public interface IButton
    {
        /// <summary>Presses counted so far.</summary>
        int Presses { get; }

        /// <summary>Samples the button.</summary>
        /// <param name="nowMs">Current time in ms (monotonic).</param>
        /// <returns>True while the button is held down.</returns>
        bool Read(long nowMs);
    }
}
