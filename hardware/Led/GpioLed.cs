using System;
using System.Device.Gpio;

namespace NanoWs.Hardware
{
    /// <summary>
    /// An LED on a GPIO output: through a 330 Ω resistor to GND (active high), or a board's own
    /// LED. Starts off.
    /// </summary>
    /// <remarks>Byte budget: the pin object and 2 fields.</remarks>
    public sealed class GpioLed : ILed, IDisposable
    {
        private readonly GpioPin _pin;
        private readonly bool _activeHigh;
        private bool _on;

        /// <summary>Opens <paramref name="pin"/> as an output and switches the LED off.</summary>
        /// <param name="controller">The GPIO controller.</param>
        /// <param name="pin">GPIO number (ESP32) or port × 16 + pin (STM32).</param>
        /// <param name="activeHigh">True when a high level lights the LED.</param>
        public GpioLed(GpioController controller, int pin, bool activeHigh)
        {
            _activeHigh = activeHigh;
            _pin = controller.OpenPin(pin, PinMode.Output);
            Set(false);
        }

        /// <summary>True while the LED is lit.</summary>
        public bool IsOn
        {
            get { return _on; }
        }

        /// <summary>Switches the LED.</summary>
        /// <param name="on">True to light it.</param>
        public void Set(bool on)
        {
            _on = on;
            _pin.Write(on == _activeHigh ? PinValue.High : PinValue.Low);
        }

        /// <summary>Switches the LED off and releases the pin.</summary>
        public void Dispose()
        {
            Set(false);
            _pin.Dispose();
        }
    }
}
