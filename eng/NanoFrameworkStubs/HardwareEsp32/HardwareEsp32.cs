// Reference-only stub of the nanoFramework.Hardware.Esp32 members the board code uses.
//
// Source of truth: github.com/nanoframework/nanoFramework.Hardware.Esp32
//   commit 182a6e5badc433a686e3ee73c6a29af0817ec84d (tag v1.6.40, 2026-06-29; the version named in
//   the ESP32 board projects' packages.config, built on CoreLibrary 1.17.11 and Runtime.Events 1.11.37)
//   nanoFramework.Hardware.Esp32/Configuration.cs     Configuration.SetPinFunction(int pin, DeviceFunction value)
//   nanoFramework.Hardware.Esp32/DeviceTypePins.cs    DeviceFunction: the values are
//       DeviceTypes.X + (index * 0x100) + function, with DeviceTypes I2C = 0x20000, PWM = 0x40000;
//       the members used are listed with their computed values.

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Routes a peripheral function to a GPIO (Configuration.cs).</summary>
    public class Configuration
    {
        /// <summary>Routes <paramref name="value"/> to <paramref name="pin"/>; call before opening the device.</summary>
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
        }
    }

    /// <summary>Peripheral functions (DeviceTypePins.cs), the members used.</summary>
    public enum DeviceFunction
    {
        /// <summary>I²C bus 1, SDA: I2C + 1 × 0x100 + 0.</summary>
        I2C1_DATA = 0x20100,

        /// <summary>I²C bus 1, SCL: I2C + 1 × 0x100 + 1.</summary>
        I2C1_CLOCK = 0x20101,

        /// <summary>LED PWM channel 1: PWM + 1 × 0x100.</summary>
        PWM1 = 0x40100,
    }
}
