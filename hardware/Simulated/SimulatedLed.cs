using System;

namespace NanoWs.Hardware
{
    /// <summary>An LED that remembers whether it is lit. Starts off; like <c>GpioLed</c>, switches off when released.</summary>
    public sealed class SimulatedLed : ILed, IDisposable
    {
        private bool _on;

        /// <inheritdoc />
        public bool IsOn
        {
            get { return _on; }
        }

        /// <inheritdoc />
        public void Set(bool on)
        {
            _on = on;
        }

        /// <summary>Switches the LED off.</summary>
        public void Dispose()
        {
            _on = false;
        }
    }
}
