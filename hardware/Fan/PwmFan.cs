using System;
using System.Device.Pwm;

namespace NanoWs.Hardware
{
    /// <summary>
    /// A fan speed set by PWM through a driver stage: a logic-level N-channel MOSFET (e.g. an
    /// AO3400 or IRLZ44N) switching the fan's ground, with a flyback diode across a 2-wire fan; or
    /// the PWM input of a 4-wire fan. The percent-to-duty mapping is a <see cref="FanCurve"/>.
    /// </summary>
    /// <remarks>
    /// <para>ESP32: route the pin to an LED-PWM channel first (<c>PinSetup.Apply</c>, which calls
    /// <c>Configuration.SetPinFunction(pin, DeviceFunction.PWM1)</c>). STM32: the pin must be a timer
    /// output that nanoFramework's PWM driver maps (STM32F769I-DISCO: PC8 is TIM3/TIM8 channel 3).</para>
    /// <para>Frequency: 25 kHz for 4-wire fans (inaudible, per Intel's fan specification); a MOSFET
    /// on a 2-wire fan is happy with 25 kHz too.</para>
    /// <para>Byte budget: the channel object, the curve, 2 fields.</para>
    /// </remarks>
    public sealed class PwmFan : IFan, IDisposable
    {
        private readonly PwmChannel _channel;
        private readonly FanCurve _curve;
        private int _percent;

        /// <summary>Opens a PWM channel on <paramref name="pin"/>, stopped fan (duty for 0 %).</summary>
        /// <param name="pin">The pin (GPIO number, or port × 16 + pin on an STM32).</param>
        /// <param name="frequency">PWM frequency in Hz.</param>
        /// <param name="curve">Percent-to-duty mapping.</param>
        /// <exception cref="InvalidOperationException">The pin has no PWM channel on this target (or, on an ESP32, was not routed).</exception>
        public PwmFan(int pin, int frequency, FanCurve curve)
        {
            _curve = curve;
            _channel = PwmChannel.CreateFromPin(pin, frequency, curve.ToDutyCycle(0));
            if (_channel == null)
            {
                throw new InvalidOperationException("no PWM channel on pin " + pin.ToString());
            }

            _channel.Start();
        }

        /// <summary>The speed last set, 0 to 100.</summary>
        public int Percent
        {
            get { return _percent; }
        }

        /// <summary>Sets the speed.</summary>
        /// <param name="percent">0 (off) to 100 (full); clamped.</param>
        public void SetPercent(int percent)
        {
            _percent = FanCurve.ClampPercent(percent);
            _channel.DutyCycle = _curve.ToDutyCycle(_percent);
        }

        /// <summary>Stops the fan and releases the channel.</summary>
        public void Dispose()
        {
            SetPercent(0);
            _channel.Stop();
            _channel.Dispose();
        }
    }
}
