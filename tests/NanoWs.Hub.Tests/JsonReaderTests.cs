using System;
using nanoFramework.TestFramework;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    [TestClass]
    public class JsonReaderTests
    {
        [TestMethod]
        public void Reads_a_command_token_by_token()
        {
            JsonReader r = Reader("{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true,\"x\":[1,{\"y\":null}],\"f\":false}");
            Assert.AreEqual((int)JsonToken.BeginObject, (int)r.Read());
            Expect(r, JsonToken.PropertyName, "t");
            Expect(r, JsonToken.String, "set");
            Expect(r, JsonToken.PropertyName, "id");
            Assert.AreEqual((int)JsonToken.Number, (int)r.Read());
            long id;
            Assert.IsTrue(r.TryGetInt64(out id));
            Assert.AreEqual(7L, id);
            Expect(r, JsonToken.PropertyName, "ch");
            Expect(r, JsonToken.String, "led");
            Expect(r, JsonToken.PropertyName, "v");
            Assert.AreEqual((int)JsonToken.True, (int)r.Read());
            Expect(r, JsonToken.PropertyName, "x");
            Assert.AreEqual((int)JsonToken.EndArray, (int)r.Skip());
            Expect(r, JsonToken.PropertyName, "f");
            Assert.AreEqual((int)JsonToken.False, (int)r.Read());
            Assert.AreEqual((int)JsonToken.EndObject, (int)r.Read());
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)r.Read());
            Assert.IsNull(r.Error);
        }

        [TestMethod]
        public void Whitespace_is_allowed_between_tokens()
        {
            JsonReader r = Reader(" \t\r\n{ \"a\" :\n[ 1 , 2 ] } \n");
            JsonToken t;
            int n = 0;
            while ((t = r.Read()) != JsonToken.EndOfInput && t != JsonToken.Error)
            {
                n++;
            }

            Assert.AreEqual((int)JsonToken.EndOfInput, (int)t);
            Assert.AreEqual(7, n);
        }

        [TestMethod]
        public void String_escapes_are_decoded()
        {
            JsonReader r = Reader("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u20AC\\ud83d\\ude00\"");
            Assert.AreEqual((int)JsonToken.String, (int)r.Read());
            Assert.AreEqual("a\"b\\c/d\n\té€😀", r.GetString());
        }

        [TestMethod]
        public void Escaped_strings_compare_equal_to_their_utf8()
        {
            JsonReader r = Reader("\"\\u006ced\\u00b0\"");
            r.Read();
            Assert.IsTrue(r.ValueEquals(Utf8Of("led°")));
            Assert.IsFalse(r.ValueEquals(Utf8Of("led")));
            Assert.IsFalse(r.ValueEquals(Utf8Of("led°x")));
        }

        [TestMethod]
        public void Raw_utf8_in_strings_passes_through()
        {
            JsonReader r = Reader("\"°C é 😀\"");
            r.Read();
            Assert.AreEqual("°C é 😀", r.GetString());
            Assert.IsTrue(r.ValueEquals(Utf8Of("°C é 😀")));
        }

        [TestMethod]
        [DataRow("0", 0.0)]
        [DataRow("-0", 0.0)]
        [DataRow("42", 42.0)]
        [DataRow("-17.25", -17.25)]
        [DataRow("1e3", 1000.0)]
        [DataRow("2.5E-3", 0.0025)]
        [DataRow("1E+2", 100.0)]
        [DataRow("0.1", 0.1)]
        [DataRow("123456789012345678901234", 1.2345678901234568e23)]
        [DataRow("0.000000000000000000001", 1e-21)]
        [DataRow("1e-400", 0.0)]
        public void Numbers_parse_to_doubles(string json, double expected)
        {
            JsonReader r = Reader(json);
            Assert.AreEqual((int)JsonToken.Number, (int)r.Read());
            double value;
            Assert.IsTrue(r.TryGetDouble(out value));
            double diff = value - expected;
            double tolerance = (expected < 0 ? -expected : expected) * 1e-15;
            Assert.IsTrue(diff <= tolerance && -diff <= tolerance, json + " parsed as " + value.ToString());
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)r.Read());
        }

        [TestMethod]
        public void Too_large_numbers_are_refused_not_infinite()
        {
            JsonReader r = Reader("1e999");
            r.Read();
            double value;
            Assert.IsFalse(r.TryGetDouble(out value));
        }

        [TestMethod]
        public void Integers_beyond_long_and_fractions_are_not_int64()
        {
            long v;
            JsonReader r = Reader("9223372036854775808");
            r.Read();
            Assert.IsFalse(r.TryGetInt64(out v));
            r = Reader("-9223372036854775808");
            r.Read();
            Assert.IsTrue(r.TryGetInt64(out v));
            Assert.AreEqual(long.MinValue, v);
            r = Reader("1.5");
            r.Read();
            Assert.IsFalse(r.TryGetInt64(out v));
        }

        [TestMethod]
        [DataRow("", "unexpected end of input")]
        [DataRow("{", "unexpected end of input")]
        [DataRow("{\"a\":1,}", "expected a property name")]
        [DataRow("{\"a\" 1}", "expected ':' after a property name")]
        [DataRow("{\"a\":1 \"b\":2}", "expected ',' or '}'")]
        [DataRow("[1 2]", "expected ',' or ']'")]
        [DataRow("[1,]", "unexpected character")]
        [DataRow("{a:1}", "expected a property name")]
        [DataRow("{'a':1}", "expected a property name")]
        [DataRow("\"abc", "unterminated string")]
        [DataRow("\"a\\x\"", "invalid escape")]
        [DataRow("\"a\\u12G4\"", "invalid \\u escape")]
        [DataRow("\"a\\u12\"", "invalid \\u escape")]
        [DataRow("01", "invalid number")]
        [DataRow("1.", "invalid number")]
        [DataRow(".5", "unexpected character")]
        [DataRow("-", "invalid number")]
        [DataRow("1e", "invalid number")]
        [DataRow("+1", "unexpected character")]
        [DataRow("NaN", "unexpected character")]
        [DataRow("tru", "invalid literal")]
        [DataRow("truex", "invalid literal")]
        [DataRow("nul", "invalid literal")]
        [DataRow("{} {}", "unexpected data after the value")]
        [DataRow("[1]]", "unexpected data after the value")]
        [DataRow("{\"a\":1]", "expected ',' or '}'")]
        [DataRow("[1}", "expected ',' or ']'")]
        public void Malformed_input_is_an_error_with_a_message(string json, string error)
        {
            JsonReader r = Reader(json);
            JsonToken t = ReadAll(r);
            Assert.AreEqual((int)JsonToken.Error, (int)t);
            Assert.AreEqual(error, r.Error);
            Assert.IsTrue(r.ErrorOffset >= 0);

            // Once failed, it stays failed.
            Assert.AreEqual((int)JsonToken.Error, (int)r.Read());
        }

        [TestMethod]
        public void Control_characters_in_strings_are_errors()
        {
            JsonReader r = Reader("\"a\nb\"");
            Assert.AreEqual((int)JsonToken.Error, (int)r.Read());
            Assert.AreEqual("control character in string", r.Error);
            Assert.AreEqual(2, r.ErrorOffset);
        }

        [TestMethod]
        [DataRow("22C022")]
        [DataRow("22C3")]
        [DataRow("22E080AF22")]
        [DataRow("22EDA08022")]
        [DataRow("22F490808022")]
        [DataRow("22FF22")]
        [DataRow("2280")]
        public void Invalid_utf8_in_strings_is_an_error(string hex)
        {
            byte[] input = Bytes.FromHex(hex);
            JsonReader r = new JsonReader(64, 4);
            r.Reset(input, 0, input.Length);
            Assert.AreEqual((int)JsonToken.Error, (int)r.Read());
            Assert.IsTrue(r.Error == "invalid UTF-8 in string" || r.Error == "unterminated string", r.Error);
        }

        [TestMethod]
        public void Input_longer_than_the_limit_is_refused_before_reading()
        {
            JsonReader r = new JsonReader(16, 4);
            byte[] input = Bytes.Ascii("{\"v\":\"0123456789abcdef\"}");
            Assert.IsFalse(r.Reset(input, 0, input.Length));
            Assert.AreEqual((int)JsonToken.Error, (int)r.Read());
            Assert.AreEqual("input larger than 16 bytes", r.Error);
        }

        [TestMethod]
        public void Nesting_deeper_than_the_limit_is_an_error()
        {
            JsonReader r = new JsonReader(64, 3);
            byte[] ok = Bytes.Ascii("[[[1]]]");
            r.Reset(ok, 0, ok.Length);
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)ReadAll(r));
            byte[] deep = Bytes.Ascii("[[[[1]]]]");
            r.Reset(deep, 0, deep.Length);
            Assert.AreEqual((int)JsonToken.Error, (int)ReadAll(r));
            Assert.AreEqual("nested deeper than 3 levels", r.Error);
        }

        [TestMethod]
        public void Reads_a_slice_of_a_larger_buffer()
        {
            byte[] input = Bytes.Ascii("xx[true]yy");
            JsonReader r = new JsonReader(64, 4);
            r.Reset(input, 2, 6);
            Assert.AreEqual((int)JsonToken.BeginArray, (int)r.Read());
            Assert.AreEqual((int)JsonToken.True, (int)r.Read());
            Assert.AreEqual(3, r.TokenOffset);
            Assert.AreEqual(4, r.TokenLength);
            Assert.AreEqual((int)JsonToken.EndArray, (int)r.Read());
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)r.Read());
        }

        [TestMethod]
        public void Every_truncation_of_a_valid_command_is_an_error_never_an_exception()
        {
            byte[] input = Utf8Of("{\"t\":\"set\",\"id\":\"r1\",\"ch\":\"fan\",\"v\":-12.5e1,\"token\":\"s3cr€t\"}");
            JsonReader r = new JsonReader(128, 4);
            for (int n = 0; n < input.Length; n++)
            {
                r.Reset(input, 0, n);
                Assert.AreEqual((int)JsonToken.Error, (int)ReadAll(r), "prefix of " + n.ToString() + " bytes");
            }

            r.Reset(input, 0, input.Length);
            Assert.AreEqual((int)JsonToken.EndOfInput, (int)ReadAll(r));
        }

        private static JsonToken ReadAll(JsonReader r)
        {
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndOfInput || t == JsonToken.Error)
                {
                    return t;
                }
            }
        }

        private static void Expect(JsonReader r, JsonToken token, string text)
        {
            Assert.AreEqual((int)token, (int)r.Read());
            Assert.AreEqual(text, r.GetString());
            Assert.IsTrue(r.ValueEquals(Utf8Of(text)));
        }

        private static JsonReader Reader(string json)
        {
            byte[] input = Utf8Of(json);
            JsonReader r = new JsonReader(256, 8);
            r.Reset(input, 0, input.Length);
            return r;
        }

        internal static byte[] Utf8Of(string s)
        {
            byte[] b = new byte[Utf8.GetByteCount(s)];
            Utf8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }
    }
}
