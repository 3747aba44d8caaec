using System;
using System.Device.I2c;
using System.Threading;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Temperature and relative humidity from a Sensirion SHT3x (SHT30/31/35 and compatibles) on
    /// I²C, with single-shot measurements: send 0x2400 (high repeatability, no clock stretching),
    /// wait <see cref="Sht3xProtocol.MeasurementWaitMs"/>, read 6 bytes, check both CRCs
    /// (<see cref="Sht3xProtocol"/>). One measurement gives both values; <see cref="Measure"/>
    /// reuses it for <see cref="MinIntervalMs"/> so reading temperature then humidity costs one
    /// bus transaction, and the sensor is not sampled faster than it needs (self-heating).
    /// </summary>
    /// <remarks>
    /// <para>Failures (no answer at the address, a NACK, a CRC mismatch) never throw: the values
    /// become NaN (the dashboard shows no value) and <see cref="Errors"/> counts them, so a loose
    /// wire shows on the page instead of stopping the device.</para>
    /// <para>On an ESP32 the SDA and SCL pins are routed first (<c>PinSetup.Apply</c>); on an
    /// STM32 they are fixed by the firmware. Blocks the calling thread for about 20 ms per
    /// measurement.</para>
    /// <para>Byte budget: the 2-byte command and 6-byte reply buffers (allocated once, about 40 bytes
    /// with headers), the <c>I2cDevice</c>, and 5 fields. Nothing is allocated per measurement
    /// (<c>SpanByte</c> is a struct).</para>
    /// </remarks>
    public sealed class Sht3xSensor : IClimateSensor, IDisposable
    {
        private readonly I2cDevice _device;
        private readonly byte[] _command = new byte[2];
        private readonly byte[] _reply = new byte[Sht3xProtocol.MeasurementLength];
        private long _lastMeasureMs = long.MinValue;
        private double _celsius = double.NaN;
        private double _humidity = double.NaN;
        private int _errors;

        /// <summary>Opens the sensor at <paramref name="address"/> on I²C bus <paramref name="busId"/> (100 kHz).</summary>
        /// <param name="busId">The I²C bus (1 for I2C1).</param>
        /// <param name="address"><see cref="Sht3xProtocol.DefaultAddress"/> (0x44) or <see cref="Sht3xProtocol.AlternateAddress"/> (0x45).</param>
        public Sht3xSensor(int busId, int address)
        {
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address, I2cBusSpeed.StandardMode));
        }

        /// <summary>Shortest time between two measurements, in ms. Default 1000.</summary>
        public int MinIntervalMs = 1000;

        /// <summary>Temperature of the last good measurement in °C, NaN after a failure.</summary>
        public double Celsius
        {
            get { return _celsius; }
        }

        /// <summary>Relative humidity of the last good measurement in %, NaN after a failure.</summary>
        public double Humidity
        {
            get { return _humidity; }
        }

        /// <summary>Failed measurements since the sensor was opened.</summary>
        public int Errors
        {
            get { return _errors; }
        }

        /// <summary>
        /// Measures when <see cref="MinIntervalMs"/> has passed since the last attempt, then returns
        /// whether the values (<see cref="Celsius"/>, <see cref="Humidity"/>) are valid.
        /// </summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>True when the latest attempt succeeded.</returns>
        public bool Measure(long nowMs)
        {
            if (_lastMeasureMs != long.MinValue && nowMs - _lastMeasureMs < MinIntervalMs)
            {
                return !double.IsNaN(_celsius);
            }

            _lastMeasureMs = nowMs;
            double celsius;
            double humidity;
            if (TryMeasureNow(out celsius, out humidity))
            {
                _celsius = celsius;
                _humidity = humidity;
                return true;
            }

            _errors++;
            _celsius = double.NaN;
            _humidity = double.NaN;
            return false;
        }

        /// <summary>Runs one single-shot measurement now (about 20 ms), without the interval check.</summary>
        /// <param name="celsius">Temperature in °C, NaN on failure.</param>
        /// <param name="humidity">Relative humidity in %, NaN on failure.</param>
        /// <returns>True when the sensor answered and both CRCs matched.</returns>
        public bool TryMeasureNow(out double celsius, out double humidity)
        {
            celsius = double.NaN;
            humidity = double.NaN;
            _command[0] = Sht3xProtocol.MeasureHighRepeatabilityMsb;
            _command[1] = Sht3xProtocol.MeasureHighRepeatabilityLsb;
            I2cTransferResult written = _device.Write(new SpanByte(_command));
            if (written.Status != I2cTransferStatus.FullTransfer)
            {
                return false;
            }

            Thread.Sleep(Sht3xProtocol.MeasurementWaitMs);
            I2cTransferResult read = _device.Read(new SpanByte(_reply));
            if (read.Status != I2cTransferStatus.FullTransfer)
            {
                return false;
            }

            return Sht3xProtocol.TryDecode(_reply, 0, out celsius, out humidity);
        }

        /// <summary>Sends a soft reset (0x30A2); the sensor is ready again after about 1.5 ms.</summary>
        /// <returns>True when the sensor acknowledged.</returns>
        public bool SoftReset()
        {
            _command[0] = Sht3xProtocol.SoftResetMsb;
            _command[1] = Sht3xProtocol.SoftResetLsb;
            bool ok = _device.Write(new SpanByte(_command)).Status == I2cTransferStatus.FullTransfer;
            Thread.Sleep(2);
            return ok;
        }

        /// <summary>Releases the I²C device.</summary>
        public void Dispose()
        {
            _device.Dispose();
        }
    }
}
