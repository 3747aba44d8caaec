using System;
using System.Device.Gpio;

namespace NanoWs.Hardware
{
    /// <summary>
    /// A push button on a GPIO input, polled and debounced (<see cref="Debouncer"/>). The reference
    /// wiring is a normally-open button between the pin and GND with the pin's internal pull-up
    /// (active low); a button to 3.3 V with a pull-down (like the STM32F769I-DISCO's blue user
    /// button) is active high.
    /// </summary>
    /// <remarks>
    /// Polling instead of a pin interrupt keeps the button on the application thread, where the
    /// dashboard reads it every tick, and needs no event thread. Byte budget: the pin object, the
    /// debouncer (about 40 bytes), 2 fields.
    /// </remarks>
    public sealed class GpioButton : IButton, IDisposable
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;
        private readonly Debouncer _debouncer;

        /// <summary>Opens <paramref name="pin"/> as an input.</summary>
        /// <param name="controller">The GPIO controller.</param>
        /// <param name="pin">GPIO number (ESP32) or port × 16 + pin (STM32: PA0 is 0, PJ5 is 149).</param>
        /// <param name="activeLow">True for a button to GND with the internal pull-up; false for a button to 3.3 V (pull-down).</param>
        /// <param name="debounceMs">Debounce interval in ms (30 suits most tactile switches).</param>
        public GpioButton(GpioController controller, int pin, bool activeLow, int debounceMs)
        {
            _activeLow = activeLow;
            _pin = controller.OpenPin(pin, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _debouncer = new Debouncer(debounceMs, false);
        }

        /// <summary>Presses counted since the button was opened.</summary>
        public int Presses
        {
            get { return _debouncer.Presses; }
        }

        /// <summary>Samples the pin and returns the debounced state.</summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>True while the button is held down.</returns>
        public bool Read(long nowMs)
        {
            bool high = _pin.Read() == PinValue.High;
            return _debouncer.Update(high != _activeLow, nowMs);
        }

        /// <summary>Releases the pin.</summary>
        public void Dispose()
        {
            _pin.Dispose();
        }
    }
}
