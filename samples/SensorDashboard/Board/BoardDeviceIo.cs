using System;
using System.Device.Adc;
using System.Device.Gpio;
using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard's <see cref="IDeviceIo"/> over real hardware, wired as a
    /// <see cref="BoardProfile"/> describes: SHT3x temperature and humidity on I²C, a light sensor
    /// on an ADC input, a debounced push button and an LED on GPIOs, a fan on PWM. The host build
    /// uses <see cref="SimulatedDevice"/> behind the same interface.
    /// </summary>
    /// <remarks>
    /// <para>Opening fails with an exception when a pin cannot be opened (for example a PWM pin
    /// the target cannot drive); a missing SHT3x does not fail: its readings are NaN, which the
    /// page shows as no value, and <see cref="SensorErrors"/> counts the failed measurements.</para>
    /// <para>Byte budget: the drivers (a few hundred bytes with their buffers) and the controllers.</para>
    /// </remarks>
    public sealed class BoardDeviceIo : IDeviceIo, IDisposable
    {
        private readonly GpioController _gpio;
        private readonly AdcController _adc;
        private readonly Sht3xSensor _climate;
        private readonly AdcLightSensor _light;
        private readonly GpioButton _button;
        private readonly GpioLed _led;
        private readonly PwmFan _fan;

        /// <summary>Opens every device of <paramref name="profile"/>. Route ESP32 pins first (<c>PinSetup.Apply</c>).</summary>
        /// <param name="profile">The board profile.</param>
        public BoardDeviceIo(BoardProfile profile)
        {
            _gpio = new GpioController();
            _adc = new AdcController();
            _climate = new Sht3xSensor(profile.I2cBusId, profile.SensorAddress);
            _light = new AdcLightSensor(_adc, profile.LightAdcChannel, profile.CreateLightScale());
            _button = new GpioButton(_gpio, profile.ButtonPin, profile.ButtonActiveLow, profile.ButtonDebounceMs);
            _led = new GpioLed(_gpio, profile.LedPin, profile.LedActiveHigh);
            _fan = new PwmFan(profile.FanPin, profile.FanFrequency, profile.CreateFanCurve());
        }

        /// <summary>Failed temperature/humidity measurements so far.</summary>
        public int SensorErrors
        {
            get { return _climate.Errors; }
        }

        /// <inheritdoc />
        public double ReadTemperature(long nowMs)
        {
            _climate.Measure(nowMs);
            return _climate.Celsius;
        }

        /// <inheritdoc />
        public double ReadHumidity(long nowMs)
        {
            // The same measurement as the temperature when read right after it.
            _climate.Measure(nowMs);
            return _climate.Humidity;
        }

        /// <inheritdoc />
        public double ReadLight(long nowMs)
        {
            return _light.ReadPercent();
        }

        /// <inheritdoc />
        public bool ReadButton(long nowMs)
        {
            return _button.Read(nowMs);
        }

        /// <inheritdoc />
        public void SetLed(bool on)
        {
            _led.Set(on);
        }

        /// <inheritdoc />
        public void SetFan(int percent)
        {
            _fan.SetPercent(percent);
        }

        /// <summary>Switches the actuators off and releases every device.</summary>
        public void Dispose()
        {
            _fan.Dispose();
            _led.Dispose();
            _button.Dispose();
            _light.Dispose();
            _climate.Dispose();
            _gpio.Dispose();
        }
    }
}
