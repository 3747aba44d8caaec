using System;
using System.Device.Adc;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Light level from a photoresistor divider (or a phototransistor module) on an ADC input,
    /// in percent between the profile's dark and bright calibration points (<see cref="LightScale"/>).
    /// Each reading averages <see cref="Samples"/> conversions to tame the ADC's noise.
    /// </summary>
    /// <remarks>
    /// <para>ESP32: use an ADC1 channel (GPIO 32–39 on the ESP32, GPIO 1–10 on the ESP32-S3); ADC2
    /// cannot be read while Wi-Fi is on. The channel number, not the GPIO number, is what
    /// <c>AdcController.OpenChannel</c> takes (nanoFramework's ESP32 map: channel 6 is GPIO 34).
    /// STM32F769I-DISCO: channel 0 is the Arduino header's A0 (PA6).</para>
    /// <para>Byte budget: the channel object and 4 fields; nothing per reading.</para>
    /// </remarks>
    public sealed class AdcLightSensor : ILightSensor, IDisposable
    {
        private readonly AdcChannel _channel;
        private readonly int _maxValue;
        private readonly LightScale _scale;

        /// <summary>Opens ADC channel <paramref name="channel"/> of <paramref name="controller"/>.</summary>
        /// <param name="controller">The ADC controller (one per device).</param>
        /// <param name="channel">The channel number in nanoFramework's numbering for the target.</param>
        /// <param name="scale">Dark and bright calibration.</param>
        public AdcLightSensor(AdcController controller, int channel, LightScale scale)
        {
            _channel = controller.OpenChannel(channel);
            _maxValue = controller.MaxValue;
            _scale = scale;
        }

        /// <summary>Conversions averaged per reading. Default 4.</summary>
        public int Samples = 4;

        /// <summary>The last reading as a ratio of full scale (0.0 to 1.0), for calibrating.</summary>
        public double LastRatio { get; private set; }

        /// <summary>Reads the light level now.</summary>
        /// <param name="nowMs">Unused: every call converts.</param>
        /// <returns>Light level in percent, 0 to 100.</returns>
        public double ReadPercent(long nowMs)
        {
            int samples = Samples < 1 ? 1 : Samples;
            long sum = 0;
            for (int i = 0; i < samples; i++)
            {
                sum += _channel.ReadValue();
            }

            LastRatio = LightScale.ToRatio((int)(sum / samples), _maxValue);
            return _scale.ToPercent(LastRatio);
        }

        /// <summary>Releases the channel.</summary>
        public void Dispose()
        {
            _channel.Dispose();
        }
    }
}
