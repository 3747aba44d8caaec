using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class JsonWriterTests
    {
        [TestMethod]
        public void Writes_nested_objects_and_arrays_with_commas()
        {
            JsonWriter w = new JsonWriter(new byte[200]);
            w.BeginObject();
            w.WriteName("t");
            w.WriteString("state");
            w.WriteName("seq");
            w.WriteNumber(12L);
            w.WriteName("list");
            w.BeginArray();
            w.WriteBool(true);
            w.WriteBool(false);
            w.WriteNull();
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.EndArray();
            w.EndObject();
            Assert.AreEqual("{\"t\":\"state\",\"seq\":12,\"list\":[true,false,null,{},[]]}", Text(w));
            Assert.AreEqual(0, w.Depth);
            Assert.IsFalse(w.Overflowed);
        }

        [TestMethod]
        public void Escapes_quote_backslash_and_short_control_escapes()
        {
            Assert.AreEqual("\"a\\\"b\\\\c\\n\\r\\t\\b\\f/\"", StringJson("a\"b\\c\n\r\t\b\f/"));
        }

        [TestMethod]
        public void Escapes_other_control_characters_as_u00XX()
        {
            // U+0000 cannot sit inside a string on nanoCLR (it ends there): NulStringTests covers it on .NET.
            Assert.AreEqual("\"\\u0001\\u001f\\u000b\"", StringJson("\u0001\u001f\u000b"));

            // DEL (U+007F) is not a control character for JSON: passed through.
            Assert.AreEqual("\"\u007f\"", StringJson("\u007f"));
        }

        [TestMethod]
        public void Passes_non_ascii_through_as_utf8()
        {
            byte[] buffer = new byte[64];
            JsonWriter w = new JsonWriter(buffer);
            w.WriteString("°C é € 😀");
            byte[] expected = Bytes.FromHex("22" + "C2B0" + "43" + "20" + "C3A9" + "20" + "E282AC" + "20" + "F09F9880" + "22");
            Bytes.AreEqual(expected, 0, expected.Length, buffer, 0, w.Length);
        }

        [TestMethod]
        public void Lone_surrogates_become_replacement_character()
        {
            byte[] buffer = new byte[32];
            JsonWriter w = new JsonWriter(buffer);
            w.WriteString("a\uD800b\uDC00");
            byte[] expected = Bytes.FromHex("22" + "61" + "EFBFBD" + "62" + "EFBFBD" + "22");
            Bytes.AreEqual(expected, 0, expected.Length, buffer, 0, w.Length);
        }

        [TestMethod]
        public void Property_names_are_escaped_too()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginObject();
            w.WriteName("a\"b");
            w.WriteNumber(1L);
            w.EndObject();
            Assert.AreEqual("{\"a\\\"b\":1}", Text(w));
        }

        [TestMethod]
        [DataRow(0.0, "0")]
        [DataRow(-0.0, "0")]
        [DataRow(1.0, "1")]
        [DataRow(-42.0, "-42")]
        [DataRow(21.5, "21.5")]
        [DataRow(-0.004, "-0.004")]
        [DataRow(0.1, "0.1")]
        [DataRow(1500.0, "1500")]
        [DataRow(3.14159265358979, "3.141592654")]
        [DataRow(123456789.125, "123456789.1")]
        [DataRow(0.000001, "0.000001")]
        [DataRow(0.0000001, "1e-7")]
        [DataRow(1.5e21, "1.5e+21")]
        [DataRow(1e300, "1e+300")]
        [DataRow(-2.5e-300, "-2.5e-300")]
        [DataRow(1e20, "100000000000000000000")]
        [DataRow(999999999999.0, "999999999999")]
        [DataRow(0.99999999999, "1")]
        [DataRow(9.9999999999e-5, "0.0001")]
        public void Doubles_use_ten_significant_digits_in_shortest_form(double value, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.WriteNumber(value);
            Assert.AreEqual(expected, Text(w));
        }

        [TestMethod]
        [DataRow(double.MaxValue, 10, "1.797693134e+308")]
        [DataRow(-double.MaxValue, 10, "-1.797693134e+308")]
        [DataRow(double.MaxValue, 15, "1.79769313486231e+308")]
        [DataRow(double.MaxValue, 1, "1e+308")]
        [DataRow(double.MaxValue, 2, "1.7e+308")]
        [DataRow(1.7976931e308, 7, "1.797693e+308")]
        [DataRow(double.Epsilon, 10, "4.940656458e-324")]
        [DataRow(-double.Epsilon, 10, "-4.940656458e-324")]
        [DataRow(1e-300, 10, "1e-300")]
        [DataRow(9.99999999999e307, 10, "1e+308")]
        public void Extreme_doubles_are_written_so_they_read_back_finite(double value, int significant, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.SignificantDigits = significant;
            w.WriteNumber(value);
            Assert.AreEqual(expected, Text(w));

            JsonReader r = new JsonReader(64, 1);
            r.Reset(w.Buffer, 0, w.Length);
            Assert.AreEqual(JsonToken.Number, r.Read());
            double back;
            Assert.IsTrue(r.TryGetDouble(out back));
            Assert.IsFalse(double.IsInfinity(back));
            Assert.IsTrue(back != 0);
            Assert.IsTrue((back < 0) == (value < 0));
        }

        [TestMethod]
        public void Sum_of_point_one_and_point_two_is_written_as_point_three()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.WriteNumber(0.1 + 0.2);
            Assert.AreEqual("0.3", Text(w));
        }

        [TestMethod]
        public void Float_sensor_readings_stay_short()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.WriteNumber((double)21.3f);
            w.WriteNumber((double)21.3f, 1);
            w.EndArray();
            Assert.AreEqual("[21.29999924,21.3]", Text(w));
        }

        [TestMethod]
        public void Nan_and_infinities_are_null()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.WriteNumber(double.NaN);
            w.WriteNumber(double.PositiveInfinity);
            w.WriteNumber(double.NegativeInfinity, 2);
            w.EndArray();
            Assert.AreEqual("[null,null,null]", Text(w));
        }

        [TestMethod]
        [DataRow(21.46, 1, "21.5")]
        [DataRow(20.04, 1, "20")]
        [DataRow(-3.14159, 3, "-3.142")]
        [DataRow(-0.04, 1, "0")]
        [DataRow(0.5, 0, "1")]
        [DataRow(1.05, 2, "1.05")]
        [DataRow(100.0, 2, "100")]
        [DataRow(0.000123, 9, "0.000123")]
        public void Doubles_with_fixed_decimals_drop_trailing_zeros(double value, int decimals, string expected)
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.WriteNumber(value, decimals);
            Assert.AreEqual(expected, Text(w));
        }

        [TestMethod]
        public void Longs_cover_the_whole_range()
        {
            JsonWriter w = new JsonWriter(new byte[64]);
            w.BeginArray();
            w.WriteNumber(long.MinValue);
            w.WriteNumber(long.MaxValue);
            w.WriteNumber(0L);
            w.EndArray();
            Assert.AreEqual("[-9223372036854775808,9223372036854775807,0]", Text(w));
        }

        [TestMethod]
        public void Overflow_is_flagged_not_thrown_and_nothing_is_written_past_the_end()
        {
            byte[] buffer = new byte[12];
            buffer[10] = 0xAA;
            buffer[11] = 0xAA;
            JsonWriter w = new JsonWriter(buffer);
            w.Reset(buffer, 0, 10);
            w.BeginObject();
            w.WriteName("name");
            w.WriteString("long value");
            w.EndObject();
            Assert.IsTrue(w.Overflowed);
            Assert.IsTrue(w.Length <= 10);
            Assert.AreEqual((byte)0xAA, buffer[10]);
            Assert.AreEqual((byte)0xAA, buffer[11]);
        }

        [TestMethod]
        public void Rollback_forgets_a_partial_entry_and_its_overflow()
        {
            JsonWriter w = new JsonWriter(new byte[24]);
            w.BeginObject();
            w.WriteName("a");
            w.WriteNumber(1L);
            w.Checkpoint();
            w.WriteName("b");
            w.WriteString("much too long for the rest");
            Assert.IsTrue(w.Overflowed);
            w.RollBack();
            Assert.IsFalse(w.Overflowed);
            w.EndObject();
            Assert.AreEqual("{\"a\":1}", Text(w));
        }

        [TestMethod]
        public void Misuse_throws_invalid_operation()
        {
            Assert.ThrowsException(typeof(InvalidOperationException), () =>
            {
                JsonWriter w = new JsonWriter(new byte[16]);
                w.BeginArray();
                w.WriteName("x");
            });
            Assert.ThrowsException(typeof(InvalidOperationException), () =>
            {
                JsonWriter w = new JsonWriter(new byte[16]);
                w.BeginObject();
                w.WriteNumber(1L);
            });
            Assert.ThrowsException(typeof(InvalidOperationException), () =>
            {
                JsonWriter w = new JsonWriter(new byte[16]);
                w.BeginObject();
                w.EndArray();
            });
        }

        [TestMethod]
        public void Raw_values_are_copied_with_a_comma()
        {
            byte[] raw = Bytes.Ascii("x\"r-1\"y");
            JsonWriter w = new JsonWriter(new byte[32]);
            w.BeginArray();
            w.WriteNumber(1L);
            w.WriteRawValue(raw, 1, 5);
            w.EndArray();
            Assert.AreEqual("[1,\"r-1\"]", Text(w));
        }

        internal static string Text(JsonWriter w)
        {
            return Utf8.GetString(w.Buffer, w.Offset, w.Length);
        }

        private static string StringJson(string value)
        {
            JsonWriter w = new JsonWriter(new byte[128]);
            w.WriteString(value);
            return Text(w);
        }
    }
}
