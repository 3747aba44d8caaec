using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Byte-array helpers for tests that must also compile against nanoFramework's mscorlib:
    /// hex parsing and formatting, ASCII conversion and index-precise comparison.
    /// </summary>
    /// <remarks>The real nanoFramework.TestFramework has no <c>Assert.Fail</c>; failures with a
    /// message go through <c>Assert.IsTrue(false, message)</c>.</remarks>
    public static class Bytes
    {
        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>Parses hex such as "C2 80" or "c280"; spaces, dashes and colons are
        /// ignored. Throws <see cref="ArgumentException"/> on anything else.</summary>
        public static byte[] FromHex(string hex)
        {
            int digits = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                if (HexValue(hex[i]) >= 0)
                {
                    digits++;
                }
                else if (!IsSeparator(hex[i]))
                {
                    throw new ArgumentException("Not a hex digit at index " + i + ": " + hex);
                }
            }

            if ((digits & 1) != 0)
            {
                throw new ArgumentException("Odd number of hex digits: " + hex);
            }

            byte[] result = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < hex.Length; i++)
            {
                int v = HexValue(hex[i]);
                if (v < 0)
                {
                    continue;
                }

                if (high < 0)
                {
                    high = v;
                }
                else
                {
                    result[n++] = (byte)((high << 4) | v);
                    high = -1;
                }
            }

            return result;
        }

        /// <summary>Formats bytes as upper-case hex separated by spaces, e.g. "C2 80".</summary>
        public static string ToHex(byte[] bytes, int offset, int count)
        {
            if (count <= 0)
            {
                return string.Empty;
            }

            char[] chars = new char[(count * 3) - 1];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                int p = i * 3;
                if (i > 0)
                {
                    chars[p - 1] = ' ';
                }

                chars[p] = HexDigits[b >> 4];
                chars[p + 1] = HexDigits[b & 0xF];
            }

            return new string(chars, 0, chars.Length);
        }

        /// <summary>Formats all of <paramref name="bytes"/> as hex.</summary>
        public static string ToHex(byte[] bytes)
        {
            return ToHex(bytes, 0, bytes.Length);
        }

        /// <summary>Returns the low byte of every char of <paramref name="s"/> (for ASCII test
        /// input).</summary>
        public static byte[] Ascii(string s)
        {
            // ToCharArray: linear on nanoCLR, whose string indexer rescans the string per call.
            char[] chars = s.ToCharArray();
            byte[] b = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0x7F)
                {
                    throw new ArgumentException("Not ASCII at index " + i);
                }

                b[i] = (byte)chars[i];
            }

            return b;
        }

        /// <summary>Returns a new array holding <paramref name="count"/> bytes of
        /// <paramref name="source"/> from <paramref name="offset"/>.</summary>
        public static byte[] Slice(byte[] source, int offset, int count)
        {
            byte[] b = new byte[count];
            Array.Copy(source, offset, b, 0, count);
            return b;
        }

        /// <summary>Fails with the first differing index when the arrays differ.</summary>
        public static void AreEqual(byte[] expected, byte[] actual)
        {
            AreEqual(expected, 0, expected.Length, actual, 0, actual.Length);
        }

        /// <summary>Fails with the first differing index when the two ranges differ in length or
        /// content.</summary>
        public static void AreEqual(byte[] expected, int expectedOffset, int expectedCount, byte[] actual, int actualOffset, int actualCount)
        {
            if (expected == null || actual == null)
            {
                if (expected != actual)
                {
                    Assert.IsTrue(false, "Expected " + (expected == null ? "null" : "bytes") + " but got " + (actual == null ? "null" : "bytes") + ".");
                }

                return;
            }

            int common = expectedCount < actualCount ? expectedCount : actualCount;
            for (int i = 0; i < common; i++)
            {
                byte e = expected[expectedOffset + i];
                byte a = actual[actualOffset + i];
                if (e != a)
                {
                    Assert.IsTrue(false, "Bytes differ at index " + i + ": expected " + ToHex(expected, expectedOffset + i, 1)
                        + ", actual " + ToHex(actual, actualOffset + i, 1)
                        + ". Expected [" + ToHex(expected, expectedOffset, expectedCount)
                        + "], actual [" + ToHex(actual, actualOffset, actualCount) + "].");
                }
            }

            if (expectedCount != actualCount)
            {
                Assert.IsTrue(false, "Length differs: expected " + expectedCount + " bytes, actual " + actualCount
                    + ". Expected [" + ToHex(expected, expectedOffset, expectedCount)
                    + "], actual [" + ToHex(actual, actualOffset, actualCount) + "].");
            }
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private static bool IsSeparator(char c)
        {
            return c == ' ' || c == '-' || c == ':';
        }
    }
}
