using System;
using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard's <see cref="IDeviceIo"/> over a complete <see cref="DeviceParts"/>: the same
    /// code on a board (the drivers, opened by <c>BoardDevices.Open</c>) and on the host (the
    /// simulators, <see cref="SimulatedDevice"/>). Temperature and humidity come from one
    /// measurement: the climate sensor reuses it when both are read in the same tick.
    /// </summary>
    /// <remarks>Byte budget: one reference; the parts own their state.</remarks>
    public class DeviceIo : IDeviceIo, IDisposable
    {
        private readonly DeviceParts _parts;

        /// <summary>Wraps <paramref name="parts"/>, which this object then owns.</summary>
        /// <param name="parts">The five parts, all set.</param>
        /// <exception cref="ArgumentException">A part is missing.</exception>
        public DeviceIo(DeviceParts parts)
        {
            if (parts == null || !parts.IsComplete)
            {
                throw new ArgumentException("every part must be set", "parts");
            }

            _parts = parts;
        }

        /// <summary>The parts, for what the dashboard does not show (button presses, sensor errors).</summary>
        public DeviceParts Parts
        {
            get { return _parts; }
        }

        /// <inheritdoc />
        public double ReadTemperature(long nowMs)
        {
            return _parts.Climate.Measure(nowMs) ? _parts.Climate.Celsius : double.NaN;
        }

        /// <inheritdoc />
        public double ReadHumidity(long nowMs)
        {
            return _parts.Climate.Measure(nowMs) ? _parts.Climate.Humidity : double.NaN;
        }

        /// <inheritdoc />
        public double ReadLight(long nowMs)
        {
            return _parts.Light.ReadPercent(nowMs);
        }

        /// <inheritdoc />
        public bool ReadButton(long nowMs)
        {
            return _parts.Button.Read(nowMs);
        }

        /// <inheritdoc />
        public void SetLed(bool on)
        {
            _parts.Led.Set(on);
        }

        /// <inheritdoc />
        public void SetFan(int percent)
        {
            _parts.Fan.SetPercent(percent);
        }

        /// <summary>Switches the actuators off and releases the parts (<see cref="DeviceParts.Release"/>).</summary>
        public void Dispose()
        {
            _parts.Release();
        }
    }
}
