namespace NanoWs.Hardware
{
    /// <summary>
    /// The byte-level protocol of Sensirion's SHT3x family (SHT30, SHT31, SHT35) and compatible
    /// parts, as pure functions: command words, the CRC-8 that guards every 16-bit word the sensor
    /// sends, the conversion of raw readings to °C and %RH, and the decoding of a 6-byte measurement.
    /// No I/O: <c>Sht3xSensor</c> moves the bytes over I²C on a board; the host tests check
    /// these functions against the datasheet's own example values.
    /// </summary>
    /// <remarks>
    /// Reference: Sensirion, "Datasheet SHT3x-DIS" (version 7, 2022):
    /// <list type="bullet">
    /// <item>section 4.3, table 9: single-shot measurement commands; 0x2400 is high repeatability
    /// with clock stretching disabled, so the host polls (waits) instead of the sensor holding SCL.</item>
    /// <item>table 4: measurement duration at high repeatability, 15.5 ms at most.</item>
    /// <item>section 4.4: a measurement is read as 6 bytes: temperature MSB, LSB, CRC, humidity MSB,
    /// LSB, CRC.</item>
    /// <item>section 4.12, table 20: CRC-8, polynomial 0x31 (x⁸ + x⁵ + x⁴ + 1), initialization 0xFF,
    /// no reflection, no final XOR; example: CRC(0xBEEF) = 0x92.</item>
    /// <item>section 4.13: T [°C] = −45 + 175 · S_T / (2¹⁶ − 1); RH [%] = 100 · S_RH / (2¹⁶ − 1).</item>
    /// <item>section 4.9: soft reset 0x30A2.</item>
    /// <item>section 3.4 / table 7: I²C address 0x44 (ADDR pin low), 0x45 (ADDR pin high).</item>
    /// </list>
    /// </remarks>
    public static class Sht3xProtocol
    {
        /// <summary>I²C address with the ADDR pin tied low (the default on most breakout boards).</summary>
        public const int DefaultAddress = 0x44;

        /// <summary>I²C address with the ADDR pin tied high.</summary>
        public const int AlternateAddress = 0x45;

        /// <summary>Single-shot measurement, high repeatability, clock stretching disabled: first command byte.</summary>
        public const byte MeasureHighRepeatabilityMsb = 0x24;

        /// <summary>Single-shot measurement, high repeatability, clock stretching disabled: second command byte.</summary>
        public const byte MeasureHighRepeatabilityLsb = 0x00;

        /// <summary>Soft reset: first command byte.</summary>
        public const byte SoftResetMsb = 0x30;

        /// <summary>Soft reset: second command byte.</summary>
        public const byte SoftResetLsb = 0xA2;

        /// <summary>
        /// Time to wait between sending the measurement command and reading the result, in ms: the
        /// datasheet's maximum of 15.5 ms at high repeatability, rounded up with a margin.
        /// </summary>
        public const int MeasurementWaitMs = 20;

        /// <summary>Bytes in one measurement: two words, each followed by its CRC.</summary>
        public const int MeasurementLength = 6;

        /// <summary>The CRC polynomial, x⁸ + x⁵ + x⁴ + 1, without the x⁸ term.</summary>
        public const byte CrcPolynomial = 0x31;

        /// <summary>The CRC's initial value.</summary>
        public const byte CrcInit = 0xFF;

        private const double FullScale = 65535.0; // 2^16 - 1

        /// <summary>
        /// CRC-8 of <paramref name="count"/> bytes (the sensor sends it after every 2-byte word):
        /// polynomial 0x31, init 0xFF, MSB first, no final XOR.
        /// </summary>
        /// <param name="data">The bytes.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes (2 for an SHT3x word).</param>
        /// <returns>The CRC.</returns>
        public static byte Crc8(byte[] data, int offset, int count)
        {
            int crc = CrcInit;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ CrcPolynomial) & 0xFF : (crc << 1) & 0xFF;
                }
            }

            return (byte)crc;
        }

        /// <summary>CRC-8 of the 16-bit word <c>msb:lsb</c>.</summary>
        /// <param name="msb">High byte.</param>
        /// <param name="lsb">Low byte.</param>
        /// <returns>The CRC.</returns>
        public static byte Crc8(byte msb, byte lsb)
        {
            int crc = CrcInit ^ msb;
            crc = Shift8(crc) ^ lsb;
            return (byte)Shift8(crc);
        }

        /// <summary>True when the word at <paramref name="offset"/> (2 bytes) is followed by its correct CRC.</summary>
        /// <param name="data">The bytes as received.</param>
        /// <param name="offset">Index of the word's high byte.</param>
        /// <returns>Whether the CRC matches.</returns>
        public static bool WordIsValid(byte[] data, int offset)
        {
            return Crc8(data[offset], data[offset + 1]) == data[offset + 2];
        }

        /// <summary>Raw temperature word to °C: −45 + 175 · raw / 65535.</summary>
        /// <param name="raw">S_T, 0 to 65535.</param>
        /// <returns>Temperature in °C (−45 to 130).</returns>
        public static double ToCelsius(int raw)
        {
            return -45.0 + (175.0 * raw / FullScale);
        }

        /// <summary>Raw humidity word to %RH: 100 · raw / 65535.</summary>
        /// <param name="raw">S_RH, 0 to 65535.</param>
        /// <returns>Relative humidity in % (0 to 100).</returns>
        public static double ToRelativeHumidity(int raw)
        {
            return 100.0 * raw / FullScale;
        }

        /// <summary>Inverse of <see cref="ToCelsius"/>, rounded: the raw word for a temperature (for tests and alert limits).</summary>
        /// <param name="celsius">Temperature in °C, −45 to 130.</param>
        /// <returns>S_T, clamped to 0..65535.</returns>
        public static int FromCelsius(double celsius)
        {
            return ClampWord((int)(((celsius + 45.0) * FullScale / 175.0) + 0.5));
        }

        /// <summary>
        /// Decodes a 6-byte measurement (temperature word, CRC, humidity word, CRC). Returns false,
        /// leaving the outputs at NaN, when either CRC does not match: a bus glitch or a sensor that
        /// is not there (a missing sensor reads as 0xFF bytes, whose CRC is wrong).
        /// </summary>
        /// <param name="data">The bytes as received.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="celsius">Temperature in °C.</param>
        /// <param name="humidity">Relative humidity in %.</param>
        /// <returns>True when both words passed their CRC.</returns>
        public static bool TryDecode(byte[] data, int offset, out double celsius, out double humidity)
        {
            celsius = double.NaN;
            humidity = double.NaN;
            if (data == null || offset < 0 || data.Length - offset < MeasurementLength)
            {
                return false;
            }

            if (!WordIsValid(data, offset) || !WordIsValid(data, offset + 3))
            {
                return false;
            }

            celsius = ToCelsius((data[offset] << 8) | data[offset + 1]);
            humidity = ToRelativeHumidity((data[offset + 3] << 8) | data[offset + 4]);
            return true;
        }

        /// <summary>
        /// Writes a measurement as the sensor would send it (words and CRCs): the inverse of
        /// <see cref="TryDecode"/>, for tests and simulations.
        /// </summary>
        /// <param name="rawTemperature">S_T.</param>
        /// <param name="rawHumidity">S_RH.</param>
        /// <param name="data">Destination, at least 6 bytes from <paramref name="offset"/>.</param>
        /// <param name="offset">Index of the first byte.</param>
        public static void Encode(int rawTemperature, int rawHumidity, byte[] data, int offset)
        {
            WriteWord(ClampWord(rawTemperature), data, offset);
            WriteWord(ClampWord(rawHumidity), data, offset + 3);
        }

        private static void WriteWord(int word, byte[] data, int offset)
        {
            data[offset] = (byte)(word >> 8);
            data[offset + 1] = (byte)word;
            data[offset + 2] = Crc8(data[offset], data[offset + 1]);
        }

        private static int Shift8(int crc)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ CrcPolynomial) & 0xFF : (crc << 1) & 0xFF;
            }

            return crc;
        }

        private static int ClampWord(int value)
        {
            return value < 0 ? 0 : value > 0xFFFF ? 0xFFFF : value;
        }
    }
}
