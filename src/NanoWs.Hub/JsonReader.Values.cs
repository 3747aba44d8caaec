using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Values of the current token: string comparison and numbers without allocation, and
    /// <see cref="GetString"/>, which decodes escapes and UTF-8 into a new string.
    /// </summary>
    internal sealed partial class JsonReader
    {
        /// <summary>
        /// True when the current string or property name, unescaped, equals the UTF-8 bytes
        /// <paramref name="utf8"/>. Allocates nothing.
        /// </summary>
        /// <param name="utf8">The expected text as UTF-8.</param>
        /// <returns>False for other tokens or other text.</returns>
        public bool ValueEquals(byte[] utf8)
        {
            if (utf8 == null || (_token != JsonToken.String && _token != JsonToken.PropertyName))
            {
                return false;
            }

            int from = _tokenStart + 1;
            int to = _tokenEnd - 1;
            if (!_tokenEscaped)
            {
                if (to - from != utf8.Length)
                {
                    return false;
                }

                for (int i = 0; i < utf8.Length; i++)
                {
                    if (_buffer[from + i] != utf8[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            // Escaped: decode code point by code point and compare the UTF-8 encoding of each.
            int k = 0;
            int p = from;
            while (p < to)
            {
                int cp = NextCodePoint(ref p);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (k + n > utf8.Length)
                {
                    return false;
                }

                for (int j = 0; j < n; j++)
                {
                    if (utf8[k + j] != Utf8Byte(cp, n, j))
                    {
                        return false;
                    }
                }

                k += n;
            }

            return k == utf8.Length;
        }

        /// <summary>
        /// The current string or property name as a new string (escapes decoded; an escaped lone
        /// surrogate is kept as is). Null for other tokens.
        /// </summary>
        /// <returns>The text, or null.</returns>
        public string GetString()
        {
            if (_token != JsonToken.String && _token != JsonToken.PropertyName)
            {
                return null;
            }

            int p = _tokenStart + 1;
            int to = _tokenEnd - 1;
            int n = 0;
            while (p < to)
            {
                int cp = NextCodePoint(ref p);
                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    _chars[n++] = (char)(0xD800 + (cp >> 10));
                    _chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    _chars[n++] = (char)cp;
                }
            }

            return new string(_chars, 0, n);
        }

        /// <summary>
        /// Parses the current number token. Up to 18 significant digits are used; the result is
        /// correctly rounded for up to 15 digits and exponents within ±22, and close otherwise.
        /// </summary>
        /// <param name="value">The value, or 0.</param>
        /// <returns>False for other tokens or when the number is out of the double range.</returns>
        public bool TryGetDouble(out double value)
        {
            value = 0;
            if (_token != JsonToken.Number)
            {
                return false;
            }

            int i = _tokenStart;
            bool negative = _buffer[i] == '-';
            if (negative)
            {
                i++;
            }

            long mantissa = 0;
            int digits = 0;
            int exponent = 0;
            bool fraction = false;
            for (; i < _tokenEnd; i++)
            {
                byte b = _buffer[i];
                if (b == '.')
                {
                    fraction = true;
                    continue;
                }

                if (b == 'e' || b == 'E')
                {
                    break;
                }

                int d = b - '0';
                if (digits < 18)
                {
                    if (mantissa != 0 || d != 0)
                    {
                        digits++;
                    }

                    mantissa = (mantissa * 10) + d;
                    if (fraction)
                    {
                        exponent--;
                    }
                }
                else if (!fraction)
                {
                    // Digits beyond what a long holds only scale the value.
                    exponent++;
                }
            }

            if (i < _tokenEnd)
            {
                i++;
                bool expNegative = false;
                if (_buffer[i] == '+' || _buffer[i] == '-')
                {
                    expNegative = _buffer[i] == '-';
                    i++;
                }

                int e = 0;
                for (; i < _tokenEnd; i++)
                {
                    if (e < 100000)
                    {
                        e = (e * 10) + (_buffer[i] - '0');
                    }
                }

                exponent += expNegative ? -e : e;
            }

            double result;
            if (mantissa == 0)
            {
                result = 0;
            }
            else if (exponent > 330)
            {
                return false;
            }
            else if (exponent < -360)
            {
                result = 0;
            }
            else
            {
                result = JsonWriter.Scale(mantissa, exponent);
                if (double.IsInfinity(result))
                {
                    return false;
                }
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>Parses the current number token as an integer (no fraction, no exponent, in range).</summary>
        /// <param name="value">The value, or 0.</param>
        /// <returns>False for other tokens, fractions, exponents and overflow.</returns>
        public bool TryGetInt64(out long value)
        {
            value = 0;
            if (_token != JsonToken.Number)
            {
                return false;
            }

            int i = _tokenStart;
            bool negative = _buffer[i] == '-';
            if (negative)
            {
                i++;
            }

            long v = 0;
            for (; i < _tokenEnd; i++)
            {
                int d = _buffer[i] - '0';
                if (d < 0 || d > 9)
                {
                    return false;
                }

                // Accumulate negatively so long.MinValue fits.
                if (v < (long.MinValue + d) / 10)
                {
                    return false;
                }

                v = (v * 10) - d;
            }

            if (!negative)
            {
                if (v == long.MinValue)
                {
                    return false;
                }

                v = -v;
            }

            value = v;
            return true;
        }

        /// <summary>Decodes one code point of a scanned string at <paramref name="p"/> and moves past it.</summary>
        private int NextCodePoint(ref int p)
        {
            byte b = _buffer[p];
            if (b == '\\')
            {
                byte e = _buffer[p + 1];
                p += 2;
                switch (e)
                {
                    case (byte)'b':
                        return '\b';
                    case (byte)'f':
                        return '\f';
                    case (byte)'n':
                        return '\n';
                    case (byte)'r':
                        return '\r';
                    case (byte)'t':
                        return '\t';
                    case (byte)'u':
                        int u = Hex(p);
                        p += 4;

                        // A \uD8xx\uDCxx pair is one code point (RFC 8259 §7).
                        if (u >= 0xD800 && u <= 0xDBFF && p + 6 <= _tokenEnd - 1 && _buffer[p] == '\\' && _buffer[p + 1] == 'u')
                        {
                            int low = Hex(p + 2);
                            if (low >= 0xDC00 && low <= 0xDFFF)
                            {
                                p += 6;
                                return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                            }
                        }

                        return u;
                    default:
                        return e;
                }
            }

            if (b < 0x80)
            {
                p++;
                return b;
            }

            int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            int cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (int j = 1; j < n; j++)
            {
                cp = (cp << 6) | (_buffer[p + j] & 0x3F);
            }

            p += n;
            return cp;
        }

        /// <summary>Byte <paramref name="index"/> of the <paramref name="n"/>-byte UTF-8 encoding of <paramref name="cp"/>.</summary>
        private static byte Utf8Byte(int cp, int n, int index)
        {
            if (n == 1)
            {
                return (byte)cp;
            }

            int shift = 6 * (n - 1 - index);
            if (index == 0)
            {
                int lead = n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0;
                return (byte)(lead | (cp >> shift));
            }

            return (byte)(0x80 | ((cp >> shift) & 0x3F));
        }

        /// <summary>Four hex digits at <paramref name="at"/>, or -1.</summary>
        private int Hex(int at)
        {
            if (at + 4 > _end)
            {
                return -1;
            }

            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                int b = _buffer[at + i];
                int d = b >= '0' && b <= '9' ? b - '0'
                    : b >= 'a' && b <= 'f' ? b - 'a' + 10
                    : b >= 'A' && b <= 'F' ? b - 'A' + 10
                    : -1;
                if (d < 0)
                {
                    return -1;
                }

                v = (v << 4) | d;
            }

            return v;
        }

        /// <summary>
        /// Length of the well-formed UTF-8 sequence starting at <paramref name="i"/> (RFC 3629 §4:
        /// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
        /// </summary>
        private static int Utf8SequenceLength(byte[] b, int i, int end)
        {
            byte lead = b[i];
            int n;
            int min;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                return i + 1 < end && (b[i + 1] & 0xC0) == 0x80 ? 2 : 0;
            }

            if (lead >= 0xE0 && lead <= 0xEF)
            {
                n = 3;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                n = 4;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return 0;
            }

            if (i + n > end || b[i + 1] < min || b[i + 1] > max)
            {
                return 0;
            }

            for (int j = 2; j < n; j++)
            {
                if ((b[i + j] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return n;
        }
    }
}
