namespace NanoWs
{
    /// <summary>
    /// ASCII helpers for HTTP heads: token characters, case-insensitive comparison against
    /// constants, comma-separated token lists, and writing ASCII text into byte buffers.
    /// None of them allocate except <see cref="ToAscii"/>.
    /// </summary>
    internal static class HttpText
    {
        /// <summary>RFC 9110 §5.6.2: tchar.</summary>
        internal static bool IsTokenChar(byte c)
        {
            // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" /
            // "|" / "~" / DIGIT / ALPHA: visible ASCII but the delimiters "(),/:;<=>?@[\]{} and DQUOTE.
            // One bit per character: 0x00..0x3F in the first mask, 0x40..0x7F in the second.
            return c < 64 ? ((0x03FF6CFA00000000L >> c) & 1) != 0 : c < 128 && ((0x57FFFFFFC7FFFFFEL >> (c - 64)) & 1) != 0;
        }

        /// <summary>RFC 9110 §5.6.3: OWS is SP or HTAB.</summary>
        internal static bool IsWhitespace(byte c)
        {
            return c == (byte)' ' || c == (byte)'\t';
        }

        /// <summary>True when <c>b[offset, offset+count)</c> equals <paramref name="text"/>, ASCII case-insensitively.</summary>
        internal static bool EqualsIgnoreCase(byte[] b, int offset, int count, string text)
        {
            if (count != text.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                // ASCII letters differ from their lower case in bit 0x20 only.
                int x = b[offset + i];
                int y = text[i];
                if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when <c>b[offset, offset+count)</c> equals <paramref name="text"/> exactly.</summary>
        internal static bool EqualsOrdinal(byte[] b, int offset, int count, string text)
        {
            if (count != text.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (b[offset + i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True when the comma-separated list in <c>b[offset, offset+count)</c> holds
        /// <paramref name="token"/> as one element (RFC 9110 §5.6.1), surrounding whitespace
        /// ignored. Compares case-insensitively when <paramref name="ignoreCase"/>.
        /// </summary>
        internal static bool ListContains(byte[] b, int offset, int count, string token, bool ignoreCase)
        {
            int end = offset + count;
            int i = offset;
            while (i <= end)
            {
                int comma = i;
                while (comma < end && b[comma] != (byte)',')
                {
                    comma++;
                }

                int s = i;
                int e = comma;
                while (s < e && IsWhitespace(b[s]))
                {
                    s++;
                }

                while (e > s && IsWhitespace(b[e - 1]))
                {
                    e--;
                }

                if (ignoreCase ? EqualsIgnoreCase(b, s, e - s, token) : EqualsOrdinal(b, s, e - s, token))
                {
                    return true;
                }

                i = comma + 1;
            }

            return false;
        }

        /// <summary>
        /// Throws when <paramref name="count"/> bytes do not fit <paramref name="b"/> from
        /// <paramref name="offset"/>: a head is queued whole or not at all.
        /// </summary>
        internal static void CheckRoom(byte[] b, int offset, int count)
        {
            if (count > b.Length - offset)
            {
                throw new System.InvalidOperationException("head does not fit the send buffer");
            }
        }

        /// <summary>Writes the ASCII characters of <paramref name="text"/>; returns the new offset.
        /// Throws <see cref="System.InvalidOperationException"/> when they do not fit.</summary>
        internal static int Write(byte[] b, int offset, string text)
        {
#if NANOWS_HOST
            // .NET: the indexer is O(1); nothing is allocated.
            CheckRoom(b, offset, text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                b[offset + i] = (byte)text[i];
            }

            return offset + text.Length;
#else
            // ToCharArray, not the indexer: on nanoFramework a string is UTF-8 inside and s[i]
            // rescans it on every call (quadratic in a loop). One char array, garbage at once.
            char[] chars = text.ToCharArray();
            CheckRoom(b, offset, chars.Length);
            for (int i = 0; i < chars.Length; i++)
            {
                b[offset + i] = (byte)chars[i];
            }

            return offset + chars.Length;
#endif
        }

        /// <summary>Writes a header line <c>name: value CRLF</c>; returns the new offset.</summary>
        internal static int WriteHeader(byte[] b, int offset, string name, string value)
        {
            offset = Write(b, offset, name);
            offset = Write(b, offset, ": ");
            offset = Write(b, offset, value);
            return Write(b, offset, "\r\n");
        }

        /// <summary>Writes <paramref name="value"/> (≥ 0) in decimal; returns the new offset.
        /// Throws <see cref="System.InvalidOperationException"/> when it does not fit.</summary>
        internal static int WriteDecimal(byte[] b, int offset, int value)
        {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10)
            {
                digits++;
            }

            CheckRoom(b, offset, digits);
            for (int i = offset + digits - 1; i >= offset; i--)
            {
                b[i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            return offset + digits;
        }

        /// <summary>Makes a string of Latin-1 characters from bytes (allocates).</summary>
        internal static string ToAscii(byte[] b, int offset, int count)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)b[offset + i];
            }

            return new string(chars, 0, count);
        }
    }
}
