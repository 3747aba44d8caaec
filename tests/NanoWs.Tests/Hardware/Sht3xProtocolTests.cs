using System;
using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    /// <summary>
    /// SHT3x CRC and conversions against the example values of Sensirion's "Datasheet SHT3x-DIS":
    /// table 20 (CRC(0xBEEF) = 0x92) and the formulas of section 4.13 at their end points and at
    /// raw values whose results are exact.
    /// </summary>
    [TestClass]
    public class Sht3xProtocolTests
    {
        [TestMethod]
        public void Crc8_of_0xBEEF_is_0x92_as_in_the_datasheet()
        {
            Assert.AreEqual((byte)0x92, Sht3xProtocol.Crc8(0xBE, 0xEF));
            Assert.AreEqual((byte)0x92, Sht3xProtocol.Crc8(new byte[] { 0x00, 0xBE, 0xEF }, 1, 2));
        }

        [TestMethod]
        [DataRow(0x00, 0x00, 0x81)]
        [DataRow(0xFF, 0xFF, 0xAC)]
        [DataRow(0x66, 0x66, 0x93)]
        [DataRow(0x80, 0x00, 0xA2)]
        public void Crc8_of_a_word_matches_the_bitwise_reference(int msb, int lsb, int expected)
        {
            Assert.AreEqual((byte)expected, Sht3xProtocol.Crc8((byte)msb, (byte)lsb));
            Assert.AreEqual((byte)expected, Sht3xProtocol.Crc8(new byte[] { (byte)msb, (byte)lsb }, 0, 2));
        }

        [TestMethod]
        public void Crc8_of_no_bytes_is_the_initial_value()
        {
            Assert.AreEqual(Sht3xProtocol.CrcInit, Sht3xProtocol.Crc8(new byte[0], 0, 0));
        }

        [TestMethod]
        [DataRow(0, -45.0)]
        [DataRow(65535, 130.0)]
        [DataRow(0x6666, 25.0)]
        [DataRow(0x3333, -10.0)]
        [DataRow(0x9999, 60.0)]
        public void Temperature_follows_minus45_plus_175_times_raw_over_65535(int raw, double expected)
        {
            Near(expected, Sht3xProtocol.ToCelsius(raw), 1e-9);
        }

        [TestMethod]
        [DataRow(0, 0.0)]
        [DataRow(65535, 100.0)]
        [DataRow(0x3333, 20.0)]
        [DataRow(0x6666, 40.0)]
        [DataRow(0xCCCC, 80.0)]
        public void Humidity_follows_100_times_raw_over_65535(int raw, double expected)
        {
            Near(expected, Sht3xProtocol.ToRelativeHumidity(raw), 1e-9);
        }

        [TestMethod]
        public void FromCelsius_inverts_ToCelsius_within_one_count()
        {
            for (int raw = 0; raw <= 65535; raw += 257)
            {
                int back = Sht3xProtocol.FromCelsius(Sht3xProtocol.ToCelsius(raw));
                Assert.IsTrue(back >= raw - 1 && back <= raw + 1, "raw " + raw.ToString() + " came back as " + back.ToString());
            }

            Assert.AreEqual(0, Sht3xProtocol.FromCelsius(-100));
            Assert.AreEqual(65535, Sht3xProtocol.FromCelsius(200));
        }

        [TestMethod]
        public void Decodes_a_measurement_frame_with_valid_crcs()
        {
            // 25 °C (0x6666, CRC 0x93) and 50 %RH (0x8000, CRC 0xA2), as the sensor sends them.
            byte[] frame = new byte[] { 0x66, 0x66, 0x93, 0x80, 0x00, 0xA2 };
            double t;
            double rh;
            Assert.IsTrue(Sht3xProtocol.TryDecode(frame, 0, out t, out rh));
            Near(25.0, t, 1e-9);
            Near(50.00076, rh, 1e-5);
        }

        [TestMethod]
        public void Rejects_a_frame_with_a_wrong_temperature_crc()
        {
            byte[] frame = new byte[] { 0x66, 0x66, 0x92, 0x80, 0x00, 0xA2 };
            double t;
            double rh;
            Assert.IsFalse(Sht3xProtocol.TryDecode(frame, 0, out t, out rh));
            Assert.IsTrue(double.IsNaN(t));
            Assert.IsTrue(double.IsNaN(rh));
        }

        [TestMethod]
        public void Rejects_a_frame_with_a_wrong_humidity_crc_or_a_flipped_bit()
        {
            double t;
            double rh;
            Assert.IsFalse(Sht3xProtocol.TryDecode(new byte[] { 0x66, 0x66, 0x93, 0x80, 0x00, 0xA3 }, 0, out t, out rh));
            Assert.IsFalse(Sht3xProtocol.TryDecode(new byte[] { 0x66, 0x67, 0x93, 0x80, 0x00, 0xA2 }, 0, out t, out rh));
        }

        [TestMethod]
        public void Rejects_an_absent_sensor_that_reads_as_all_ones()
        {
            double t;
            double rh;
            byte[] frame = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            Assert.IsFalse(Sht3xProtocol.TryDecode(frame, 0, out t, out rh));
        }

        [TestMethod]
        public void Rejects_a_short_or_missing_buffer()
        {
            double t;
            double rh;
            Assert.IsFalse(Sht3xProtocol.TryDecode(null, 0, out t, out rh));
            Assert.IsFalse(Sht3xProtocol.TryDecode(new byte[] { 0x66, 0x66, 0x93, 0x80, 0x00, 0xA2 }, 1, out t, out rh));
        }

        [TestMethod]
        public void Encode_then_decode_round_trips_at_an_offset()
        {
            byte[] frame = new byte[8];
            Sht3xProtocol.Encode(Sht3xProtocol.FromCelsius(21.5), 0x7AE1, frame, 2);
            double t;
            double rh;
            Assert.IsTrue(Sht3xProtocol.TryDecode(frame, 2, out t, out rh));
            Near(21.5, t, 0.003);
            Near(100.0 * 0x7AE1 / 65535.0, rh, 1e-9);
        }

        [TestMethod]
        public void Command_words_and_addresses_match_the_datasheet()
        {
            Assert.AreEqual((byte)0x24, Sht3xProtocol.MeasureHighRepeatabilityMsb);
            Assert.AreEqual((byte)0x00, Sht3xProtocol.MeasureHighRepeatabilityLsb);
            Assert.AreEqual((byte)0x30, Sht3xProtocol.SoftResetMsb);
            Assert.AreEqual((byte)0xA2, Sht3xProtocol.SoftResetLsb);
            Assert.AreEqual(0x44, Sht3xProtocol.DefaultAddress);
            Assert.AreEqual(0x45, Sht3xProtocol.AlternateAddress);
            Assert.IsTrue(Sht3xProtocol.MeasurementWaitMs >= 16, "at least the 15.5 ms maximum");
        }

        private static void Near(double expected, double actual, double tolerance)
        {
            double diff = expected - actual;
            Assert.IsTrue(diff <= tolerance && diff >= -tolerance, "expected " + expected.ToString() + ", got " + actual.ToString());
        }
    }
}
