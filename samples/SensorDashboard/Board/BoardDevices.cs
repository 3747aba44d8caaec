using System;
using System.Device.Adc;
using System.Diagnostics;
using System.Device.Gpio;
using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// Opens the drivers of a <see cref="BoardProfile"/> as the dashboard's parts: SHT3x temperature
    /// and humidity on I²C, a light sensor on an ADC input, a debounced push button and an LED on
    /// GPIOs, a fan on PWM. <see cref="DashboardApp"/> reads and drives them as it does the host's
    /// simulated parts.
    /// </summary>
    /// <remarks>
    /// <para>Opening throws when a pin cannot be opened (for example a PWM pin the target cannot
    /// drive); the parts opened before it are released first, so the pins are free again for the
    /// simulator fallback or a retry. A missing SHT3x does not throw: its readings are NaN, which the
    /// page shows as no value, and <c>Sht3xSensor.Errors</c> counts the failed measurements.</para>
    /// <para>Byte budget: the drivers (a few hundred bytes with their buffers), the controllers and
    /// the <see cref="DeviceParts"/>.</para>
    /// </remarks>
    public static class BoardDevices
    {
        /// <summary>Routes the pins (<c>PinSetup.Apply</c>) and opens every device of <paramref name="profile"/>.</summary>
        /// <param name="profile">The board profile.</param>
        /// <returns>The five parts, all set.</returns>
        public static DeviceParts Open(BoardProfile profile)
        {
            DeviceParts parts = new DeviceParts();
            try
            {
                PinSetup.Apply(profile);
                GpioController gpio = new GpioController();
                parts.Own(gpio);
                AdcController adc = new AdcController();
                parts.Climate = new Sht3xSensor(profile.I2cBusId, profile.SensorAddress);
                parts.Light = new AdcLightSensor(adc, profile.LightAdcChannel, profile.CreateLightScale());
                parts.Button = new GpioButton(gpio, profile.ButtonPin, profile.ButtonActiveLow, profile.ButtonDebounceMs);
                parts.Led = new GpioLed(gpio, profile.LedPin, profile.LedActiveHigh);
                parts.Fan = new PwmFan(profile.FanPin, profile.FanFrequency, profile.CreateFanCurve());
                return parts;
            }
            catch (Exception)
            {
                if (parts.Release() > 0)
                {
                    Debug.WriteLine("releasing the devices opened so far failed: " + parts.LastReleaseError);
                }

                throw;
            }
        }
    }
}
