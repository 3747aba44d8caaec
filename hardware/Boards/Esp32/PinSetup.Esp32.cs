using nanoFramework.Hardware.Esp32;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Routes the I²C and PWM functions to the profile's pins on an ESP32-family chip, whose
    /// peripherals reach any GPIO through the GPIO matrix: nanoFramework's
    /// <c>Configuration.SetPinFunction</c> must run before <c>I2cDevice.Create</c> and
    /// <c>PwmChannel.CreateFromPin</c>. ADC inputs and plain GPIOs need no routing.
    /// Referenced by the ESP32 board projects only (it needs nanoFramework.Hardware.Esp32, which an
    /// STM32 firmware does not have); the STM32 project references ../Stm32 instead.
    /// </summary>
    public static class PinSetup
    {
        /// <summary>Routes SDA/SCL to I2C1 and the fan pin to PWM1 when the profile asks for it.</summary>
        /// <param name="profile">The board profile.</param>
        public static void Apply(BoardProfile profile)
        {
            if (!profile.RoutesPins)
            {
                return;
            }

            Configuration.SetPinFunction(profile.I2cDataPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(profile.I2cClockPin, DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(profile.FanPin, DeviceFunction.PWM1);
        }
    }
}
