using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    [TestClass]
    public class Utf8Tests
    {
        // String literals use \u escapes so the file means the same to every compiler.
        [TestMethod]
        [DataRow("Hello", "48 65 6C 6C 6F")]
        [DataRow("", "")]
        [DataRow("\u0001\u007F", "01 7F")] // U+0000 (a string on nanoCLR ends there): Utf8_round_trips_NUL_through_chars_and_bytes
        [DataRow("\u00E9", "C3 A9")] // é, 2 bytes
        [DataRow("\u0080\u07FF", "C2 80 DF BF")] // first and last 2-byte values
        [DataRow("\u20AC", "E2 82 AC")] // €, 3 bytes
        [DataRow("\u0800\uD7FF\uE000\uFFFD", "E0 A0 80 ED 9F BF EE 80 80 EF BF BD")]
        [DataRow("\uFFFE\uFFFF", "EF BF BE EF BF BF")] // noncharacters round-trip
        [DataRow("\uD83D\uDE00", "F0 9F 98 80")] // U+1F600 emoji, a surrogate pair
        [DataRow("\uD800\uDC00", "F0 90 80 80")] // U+10000
        [DataRow("\uDBFF\uDFFF", "F4 8F BF BF")] // U+10FFFF
        [DataRow("\u03BA\u1F79\u03C3\u03BC\u03B5", "CE BA E1 BD B9 CF 83 CE BC CE B5")] // κόσμε
        [DataRow("a\u00B5\u20AC\uD83D\uDC4Dz", "61 C2 B5 E2 82 AC F0 9F 91 8D 7A")]
        public void Utf8_round_trips_text(string text, string hex)
        {
            byte[] expected = Bytes.FromHex(hex);

            // Encode from string.
            Assert.AreEqual(expected.Length, Utf8.GetByteCount(text));
            byte[] encoded = new byte[expected.Length];
            Assert.AreEqual(expected.Length, Utf8.GetBytes(text, 0, text.Length, encoded, 0));
            Bytes.AreEqual(expected, encoded);

            // Encode from char[].
            char[] chars = text.ToCharArray();
            Assert.AreEqual(expected.Length, Utf8.GetByteCount(chars, 0, chars.Length));
            byte[] encoded2 = new byte[expected.Length];
            Assert.AreEqual(expected.Length, Utf8.GetBytes(chars, 0, chars.Length, encoded2, 0));
            Bytes.AreEqual(expected, encoded2);

            // Decode.
            Assert.IsTrue(Utf8.IsValid(expected, 0, expected.Length));
            Assert.AreEqual(text.Length, Utf8.GetCharCount(expected, 0, expected.Length));
            Assert.AreEqual(text, Utf8.GetString(expected, 0, expected.Length));
            char[] decoded = new char[text.Length];
            Assert.AreEqual(text.Length, Utf8.GetChars(expected, 0, expected.Length, decoded, 0));
            // ToCharArray, not text[i]: nanoCLR's indexer returns the wrong half of a surrogate pair.
            char[] units = text.ToCharArray();
            for (int i = 0; i < units.Length; i++)
            {
                if (decoded[i] != units[i])
                {
                    Assert.IsTrue(false, "char " + i + " differs: expected " + ((int)units[i]).ToString("X4") + ", got " + ((int)decoded[i]).ToString("X4"));
                }
            }
        }

        // An unpaired surrogate cannot be encoded (RFC 3629 §3); it becomes U+FFFD, EF BF BD.
        // The text is given as UTF-16 code units in hex: attribute arguments are stored as
        // UTF-8, so a lone surrogate in a string literal would not survive into a DataRow.
        [TestMethod]
        [DataRow("D800", "EF BF BD")] // lone high
        [DataRow("DC00", "EF BF BD")] // lone low
        [DataRow("0061 D83D 0062", "61 EF BF BD 62")] // high followed by a non-surrogate
        [DataRow("DE00 D83D", "EF BF BD EF BF BD")] // pair in the wrong order
        [DataRow("D83D D83D DE00", "EF BF BD F0 9F 98 80")] // high, then a valid pair
        [DataRow("0078 DFFF", "78 EF BF BD")] // lone low at the end
        public void Utf8_encodes_lone_surrogate_as_replacement_character(string utf16Hex, string hex)
        {
            char[] chars = CodeUnits(utf16Hex);
            byte[] expected = Bytes.FromHex(hex);
            Assert.AreEqual(expected.Length, Utf8.GetByteCount(chars, 0, chars.Length));
            byte[] encoded2 = new byte[expected.Length];
            Assert.AreEqual(expected.Length, Utf8.GetBytes(chars, 0, chars.Length, encoded2, 0));
            Bytes.AreEqual(expected, encoded2);

            // A string holds these code units on .NET; nanoCLR stores strings as UTF-8 and turns a
            // lone surrogate into U+FFFD when the string is made. Either way the string encodes
            // exactly as the code units it really holds.
            string text = new string(chars, 0, chars.Length);
            char[] held = text.ToCharArray();
            byte[] heldBytes = new byte[Utf8.GetByteCount(held, 0, held.Length)];
            Utf8.GetBytes(held, 0, held.Length, heldBytes, 0);
            Assert.AreEqual(heldBytes.Length, Utf8.GetByteCount(text));
            byte[] encoded = new byte[heldBytes.Length];
            Assert.AreEqual(heldBytes.Length, Utf8.GetBytes(text, 0, text.Length, encoded, 0));
            Bytes.AreEqual(heldBytes, encoded);
            if (SameUnits(chars, held))
            {
                Bytes.AreEqual(expected, encoded);
            }
        }

        [TestMethod]
        public void Utf8_round_trips_NUL_through_chars_and_bytes()
        {
            // U+0000 is one byte, 00 (RFC 3629 §3). A string cannot hold it on nanoCLR (strings end
            // at their first NUL), so the char and byte paths carry it here.
            char[] chars = new char[] { 'a', (char)0, (char)0x7F, (char)0, 'z' };
            byte[] expected = Bytes.FromHex("61 00 7F 00 7A");
            Assert.AreEqual(5, Utf8.GetByteCount(chars, 0, chars.Length));
            byte[] encoded = new byte[5];
            Assert.AreEqual(5, Utf8.GetBytes(chars, 0, chars.Length, encoded, 0));
            Bytes.AreEqual(expected, encoded);

            Assert.IsTrue(Utf8.IsValid(expected, 0, 5));
            Assert.AreEqual(5, Utf8.GetCharCount(expected, 0, 5));
            char[] decoded = new char[5];
            Assert.AreEqual(5, Utf8.GetChars(expected, 0, 5, decoded, 0));
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual((int)chars[i], (int)decoded[i], "char " + i);
            }
        }

        private static bool SameUnits(char[] a, char[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        [TestMethod]
        public void Utf8_does_not_pair_surrogates_across_the_end_of_the_range()
        {
            // Only the high half of U+1F600 is inside the range: it is unpaired.
            string text = "\uD83D\uDE00";
            byte[] bytes = new byte[3];
            Assert.AreEqual(3, Utf8.GetBytes(text, 0, 1, bytes, 0));
            Bytes.AreEqual(Bytes.FromHex("EF BF BD"), bytes);

            char[] chars = text.ToCharArray();
            Assert.AreEqual(3, Utf8.GetBytes(chars, 1, 1, bytes, 0));
            Bytes.AreEqual(Bytes.FromHex("EF BF BD"), bytes);
        }

        [TestMethod]
        public void Utf8_get_bytes_writes_at_offset_and_returns_count()
        {
            byte[] bytes = new byte[8];
            int n = Utf8.GetBytes("x\u20ACy", 1, 1, bytes, 2);
            Assert.AreEqual(3, n);
            Bytes.AreEqual(Bytes.FromHex("00 00 E2 82 AC 00 00 00"), bytes);
        }

        [TestMethod]
        public void Utf8_get_bytes_throws_when_destination_is_too_small()
        {
            byte[] small = new byte[3];
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetBytes("abcd", 0, 4, small, 0));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetBytes("a\u20AC", 0, 2, small, 0));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetBytes(new char[] { '\uD83D', '\uDE00' }, 0, 2, small, 0));
        }

        [TestMethod]
        [DataRow("C0 AF")] // overlong slash
        [DataRow("E0 80 AF")]
        [DataRow("ED A0 80")] // surrogate
        [DataRow("F4 90 80 80")] // above U+10FFFF
        [DataRow("80")] // lone continuation
        [DataRow("FE")]
        [DataRow("FF")]
        [DataRow("E2 82")] // truncated at the end
        [DataRow("61 F0 9F 98")] // truncated 4-byte sequence
        [DataRow("C2 41")] // new character where a continuation is expected
        [DataRow("F8 88 80 80 80")] // 5-byte form
        public void Utf8_get_string_throws_argument_exception_on_invalid_input(string hex)
        {
            byte[] bytes = Bytes.FromHex(hex);
            Assert.IsFalse(Utf8.IsValid(bytes, 0, bytes.Length));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetString(bytes, 0, bytes.Length));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetCharCount(bytes, 0, bytes.Length));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetChars(bytes, 0, bytes.Length, new char[16], 0));
        }

        [TestMethod]
        [DataRow("", 0)]
        [DataRow("41 42 43", 3)]
        [DataRow("C3 A9", 1)]
        [DataRow("E2 82 AC", 1)]
        [DataRow("F0 9F 98 80", 2)] // one code point, two UTF-16 code units
        [DataRow("61 C2 B5 E2 82 AC F0 9F 91 8D 7A", 6)]
        public void Utf8_get_char_count_counts_utf16_code_units(string hex, int expected)
        {
            byte[] bytes = Bytes.FromHex(hex);
            Assert.AreEqual(expected, Utf8.GetCharCount(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void Utf8_decodes_only_the_given_range()
        {
            // Invalid bytes around the range must not be looked at.
            byte[] bytes = Bytes.FromHex("FF E2 82 AC 41 FF");
            Assert.IsTrue(Utf8.IsValid(bytes, 1, 4));
            Assert.AreEqual(2, Utf8.GetCharCount(bytes, 1, 4));
            Assert.AreEqual("\u20ACA", Utf8.GetString(bytes, 1, 4));

            // A range that cuts a sequence is not complete text.
            Assert.IsFalse(Utf8.IsValid(bytes, 1, 2));
        }

        [TestMethod]
        public void Utf8_get_chars_writes_at_offset()
        {
            byte[] bytes = Bytes.FromHex("F0 9F 98 80 21");
            char[] chars = new char[6];
            int n = Utf8.GetChars(bytes, 0, bytes.Length, chars, 2);
            Assert.AreEqual(3, n);
            Assert.AreEqual((int)'\0', (int)chars[1]);
            Assert.AreEqual(0xD83D, (int)chars[2]);
            Assert.AreEqual(0xDE00, (int)chars[3]);
            Assert.AreEqual((int)'!', (int)chars[4]);
            Assert.AreEqual((int)'\0', (int)chars[5]);
        }

        [TestMethod]
        public void Utf8_get_chars_throws_when_destination_is_too_small()
        {
            byte[] bytes = Bytes.FromHex("F0 9F 98 80");
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetChars(bytes, 0, bytes.Length, new char[1], 0));
            Assert.ThrowsException(typeof(ArgumentException), () => Utf8.GetChars(bytes, 0, bytes.Length, new char[3], 2));
        }

        [TestMethod]
        public void Utf8_get_string_of_empty_range_is_empty()
        {
            Assert.AreEqual(string.Empty, Utf8.GetString(new byte[0], 0, 0));
            Assert.AreEqual(string.Empty, Utf8.GetString(new byte[] { 0xFF }, 1, 0));
        }

        [TestMethod]
        public void Utf8_is_valid_agrees_with_validator_on_every_two_byte_input()
        {
            byte[] data = new byte[2];
            Utf8Validator v = new Utf8Validator();
            for (int a = 0; a < 256; a++)
            {
                for (int b = 0; b < 256; b++)
                {
                    data[0] = (byte)a;
                    data[1] = (byte)b;
                    v.Reset();
                    bool expected = v.Validate(data, 0, 2) < 0 && v.IsAtBoundary;
                    if (Utf8.IsValid(data, 0, 2) != expected)
                    {
                        Assert.IsTrue(false, "[" + Bytes.ToHex(data) + "]: IsValid disagrees with the validator");
                    }
                }
            }
        }

        [TestMethod]
        public void Utf8_round_trips_code_points_through_utf16()
        {
            // The BMP minus surrogates, then a stride through the supplementary planes ending
            // on U+10FFFF (75 divides 0xFFFFF).
            char[] chars = new char[2];
            byte[] bytes = new byte[4];
            char[] back = new char[2];
            for (int cp = 0; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 75)
            {
                if (cp >= 0xD800 && cp <= 0xDFFF)
                {
                    continue;
                }

                int units;
                if (cp < 0x10000)
                {
                    chars[0] = (char)cp;
                    units = 1;
                }
                else
                {
                    // RFC 2781 §2.1.
                    chars[0] = (char)(0xD800 + ((cp - 0x10000) >> 10));
                    chars[1] = (char)(0xDC00 + ((cp - 0x10000) & 0x3FF));
                    units = 2;
                }

                int expectedBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                int n = Utf8.GetBytes(chars, 0, units, bytes, 0);
                int m = n == expectedBytes ? Utf8.GetChars(bytes, 0, n, back, 0) : -1;
                if (m != units || back[0] != chars[0] || (units == 2 && back[1] != chars[1]))
                {
                    Assert.IsTrue(false, "U+" + cp.ToString("X") + " does not round-trip: [" + Bytes.ToHex(bytes, 0, n) + "]");
                }
            }
        }

        [TestMethod]
        public void Utf8_rejects_null_arguments_and_bad_ranges()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Utf8.IsValid(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Utf8.GetString(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Utf8.GetByteCount((string)null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Utf8.GetBytes("a", 0, 1, null, 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Utf8.GetChars(new byte[1], 0, 1, null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Utf8.IsValid(new byte[2], 1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Utf8.GetBytes("ab", 1, 2, new byte[8], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Utf8.GetBytes("ab", 0, 2, new byte[8], 9));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Utf8.GetChars(new byte[1], 0, 1, new char[1], 2));
        }

        // "0061 D83D" -> { 'a', '\uD83D' }: UTF-16 code units as space-separated 4-digit hex.
        private static char[] CodeUnits(string hex)
        {
            byte[] b = Bytes.FromHex(hex);
            char[] chars = new char[b.Length / 2];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)((b[2 * i] << 8) | b[(2 * i) + 1]);
            }

            return chars;
        }
    }
}
