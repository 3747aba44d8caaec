// Reference-only stub of the nanoFramework System.Device.I2c members the hardware drivers use.
//
// Source of truth: github.com/nanoframework/System.Device.I2c
//   commit ac5858c8be7d7b917854328ebc023c8bf66dbfee (tag v1.1.29, 2025-04-02; the version named in
//   the board projects' packages.config, built on nanoFramework.CoreLibrary 1.17.11)
//   System.Device.I2c/I2cDevice.cs              I2cDevice.Create(I2cConnectionSettings),
//                                               Write(SpanByte), Read(SpanByte), IDisposable
//   System.Device.I2c/I2cConnectionSettings.cs  I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed)
//   System.Device.I2c/I2cBusSpeed.cs            StandardMode, FastMode, FastModePlus
//   System.Device.I2c/I2cTransferResult.cs      struct: BytesTransferred, Status
//   System.Device.I2c/I2cTransferStatus.cs      UnknownError, FullTransfer, ClockStretchTimeout,
//                                               PartialTransfer, SlaveAddressNotAcknowledged
//
// In the 1.x line the buffers are System.SpanByte (mscorlib); the 2.x previews moved to Span<byte>.
// Signatures, names and enum values are copied from those files; bodies are not.

namespace System.Device.I2c
{
    /// <summary>Bus speeds (I2cBusSpeed.cs).</summary>
    public enum I2cBusSpeed
    {
        /// <summary>100 kHz.</summary>
        StandardMode,

        /// <summary>400 kHz.</summary>
        FastMode,

        /// <summary>1 MHz.</summary>
        FastModePlus,
    }

    /// <summary>Outcome of a transfer (I2cTransferStatus.cs).</summary>
    public enum I2cTransferStatus
    {
        /// <summary>Failed for an unknown reason.</summary>
        UnknownError,

        /// <summary>Everything was transferred.</summary>
        FullTransfer,

        /// <summary>The clock was stretched for too long.</summary>
        ClockStretchTimeout,

        /// <summary>The device NACKed before the end.</summary>
        PartialTransfer,

        /// <summary>Nobody answered at the address.</summary>
        SlaveAddressNotAcknowledged,
    }

    /// <summary>Result of a transfer (I2cTransferResult.cs).</summary>
    public struct I2cTransferResult
    {
        /// <summary>Bytes actually transferred.</summary>
        public uint BytesTransferred
        {
            get { throw null; }
        }

        /// <summary>Outcome.</summary>
        public I2cTransferStatus Status
        {
            get { throw null; }
        }
    }

    /// <summary>Connection settings of a device on an I²C bus (I2cConnectionSettings.cs).</summary>
    public sealed class I2cConnectionSettings
    {
        /// <summary>Settings for a device at <paramref name="deviceAddress"/> on bus <paramref name="busId"/>.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
        }
    }

    /// <summary>A device on an I²C bus (I2cDevice.cs).</summary>
    public class I2cDevice : IDisposable
    {
        /// <summary>Creates the device (also a public constructor in the real library).</summary>
        public I2cDevice(I2cConnectionSettings settings)
        {
        }

        /// <summary>Creates a communications channel to a device.</summary>
        public static I2cDevice Create(I2cConnectionSettings settings)
        {
            throw null;
        }

        /// <summary>Reads buffer.Length bytes.</summary>
        public I2cTransferResult Read(SpanByte buffer)
        {
            throw null;
        }

        /// <summary>Writes the buffer.</summary>
        public I2cTransferResult Write(SpanByte buffer)
        {
            throw null;
        }

        /// <summary>Releases the device.</summary>
        public void Dispose()
        {
        }
    }
}
