using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// A fan that remembers its speed (clamped to 0–100 like <c>PwmFan</c>), which
    /// <see cref="SimulatedClimate"/> feels. Starts stopped; stops when released.
    /// </summary>
    public sealed class SimulatedFan : IFan, IDisposable
    {
        private int _percent;

        /// <inheritdoc />
        public int Percent
        {
            get { return _percent; }
        }

        /// <inheritdoc />
        public void SetPercent(int percent)
        {
            _percent = percent < 0 ? 0 : percent > 100 ? 100 : percent;
        }

        /// <summary>Stops the fan.</summary>
        public void Dispose()
        {
            _percent = 0;
        }
    }
}
