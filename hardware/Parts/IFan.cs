namespace NanoWs.Hardware
{
    /// <summary>A fan with a speed from 0 to 100 %: <c>PwmFan</c> on a board, <c>SimulatedFan</c> without hardware.</summary>
    public interface IFan
    {
        /// <summary>The speed last set, 0 to 100.</summary>
        int Percent { get; }

        /// <summary>Sets the speed.</summary>
        /// <param name="percent">0 (off) to 100 (full); out-of-range values are clamped.</param>
        void SetPercent(int percent);
    }
}
