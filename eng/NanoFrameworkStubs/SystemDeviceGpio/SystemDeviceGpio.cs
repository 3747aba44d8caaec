// Reference-only stub of the nanoFramework System.Device.Gpio members the hardware drivers use.
//
// Source of truth: github.com/nanoframework/System.Device.Gpio
//   commit cd99158280e0f5c24102981c26baf69facda4d17 (tag v1.1.62, 2026-06-29; the version named in
//   the board projects' packages.config)
//   System.Device.Gpio/GpioController.cs   GpioController(), OpenPin(int, PinMode), IDisposable
//   System.Device.Gpio/GpioPin.cs          Read(), Write(PinValue), PinNumber, IDisposable
//   System.Device.Gpio/PinMode.cs          Input, InputPullDown, InputPullUp, Output (values 0..3 in order)
//   System.Device.Gpio/PinValue.cs         readonly struct PinValue: High, Low, ==, !=
//
// Signatures, names and enum values are copied from those files; bodies are not (this assembly
// is only compiled against, never run). Every member below is a promise that the real library
// has it. To use another member, look it up in the files above first, then add it here.

namespace System.Device.Gpio
{
    /// <summary>Pin modes (PinMode.cs), the members used and those before them.</summary>
    public enum PinMode
    {
        /// <summary>Floating input.</summary>
        Input,

        /// <summary>Input with a pull-down resistor.</summary>
        InputPullDown,

        /// <summary>Input with a pull-up resistor.</summary>
        InputPullUp,

        /// <summary>Push-pull output.</summary>
        Output,
    }

    /// <summary>The value of a pin (PinValue.cs).</summary>
    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        /// <summary>High.</summary>
        public static PinValue High
        {
            get { throw null; }
        }

        /// <summary>Low.</summary>
        public static PinValue Low
        {
            get { throw null; }
        }

        /// <summary>Equality operator.</summary>
        public static bool operator ==(PinValue a, PinValue b)
        {
            throw null;
        }

        /// <summary>Inequality operator.</summary>
        public static bool operator !=(PinValue a, PinValue b)
        {
            throw null;
        }

        /// <summary>Equality with a boxed value.</summary>
        public override bool Equals(object obj)
        {
            throw null;
        }

        /// <summary>Hash code.</summary>
        public override int GetHashCode()
        {
            throw null;
        }
    }

    /// <summary>A general-purpose I/O controller (GpioController.cs).</summary>
    public sealed class GpioController : IDisposable
    {
        /// <summary>Creates the controller with the logical pin numbering scheme.</summary>
        public GpioController()
        {
        }

        /// <summary>Opens a pin and sets its mode.</summary>
        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw null;
        }

        /// <summary>Closes every pin opened through the controller.</summary>
        public void Dispose()
        {
        }
    }

    /// <summary>An open GPIO pin (GpioPin.cs).</summary>
    public sealed class GpioPin : IDisposable
    {
        internal GpioPin(int pinNumber)
        {
        }

        /// <summary>The pin number.</summary>
        public int PinNumber
        {
            get { throw null; }
        }

        /// <summary>Reads the pin (extern in the real library).</summary>
        public PinValue Read()
        {
            throw null;
        }

        /// <summary>Drives the pin.</summary>
        public void Write(PinValue value)
        {
        }

        /// <summary>Releases the pin.</summary>
        public void Dispose()
        {
        }
    }
}
