using System;

namespace NanoWs
{
    /// <summary>
    /// Strict UTF-8 (RFC 3629) ⇄ UTF-16 conversion over caller-supplied buffers, used where the
    /// application asks for text (nanoFramework has no <c>System.Text.Encoding</c> we rely on).
    /// </summary>
    /// <remarks>
    /// <para>Decoding accepts exactly the well-formed byte sequences of RFC 3629 §4 — the same
    /// set <see cref="Utf8Validator"/> accepts — and throws <see cref="ArgumentException"/> on
    /// anything else, including a truncated final sequence. Encoding replaces an unpaired
    /// surrogate with U+FFFD, so any .NET string can be sent as WebSocket text.</para>
    /// <para>Only <see cref="GetString"/> allocates (the char array and the string).</para>
    /// </remarks>
    public static class Utf8
    {
        // RFC 3629 §3 / Unicode: U+FFFD REPLACEMENT CHARACTER, encoded EF BF BD.
        private const int ReplacementChar = 0xFFFD;

        /// <summary>Returns true when the bytes are one complete, well-formed UTF-8 text
        /// (RFC 3629 §4): no invalid byte and no sequence cut off at the end.</summary>
        /// <param name="b">Buffer holding the text.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>True when the text is valid UTF-8.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="b"/>.</exception>
        public static bool IsValid(byte[] b, int offset, int count)
        {
            CheckRange(b, offset, count, "b", "offset");
            return Decode(b, offset, count, null, 0) >= 0;
        }

        /// <summary>Returns how many UTF-16 code units the UTF-8 text decodes to (characters
        /// above U+FFFF count two: a surrogate pair).</summary>
        /// <param name="b">Buffer holding the text.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The number of chars <see cref="GetChars"/> would write.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="b"/>.</exception>
        /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
        public static int GetCharCount(byte[] b, int offset, int count)
        {
            CheckRange(b, offset, count, "b", "offset");
            int n = Decode(b, offset, count, null, 0);
            if (n < 0)
            {
                throw new ArgumentException("Invalid UTF-8.");
            }

            return n;
        }

        /// <summary>Decodes UTF-8 into UTF-16, writing surrogate pairs for characters above
        /// U+FFFF (RFC 2781 §2.1).</summary>
        /// <param name="b">Buffer holding the text.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="chars">Destination; needs <see cref="GetCharCount"/> free chars.</param>
        /// <param name="charOffset">Index in <paramref name="chars"/> of the first char written.</param>
        /// <returns>The number of chars written.</returns>
        /// <exception cref="ArgumentNullException">A buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        /// <exception cref="ArgumentException">The bytes are not valid UTF-8 (chars before the
        /// error may already have been written), or <paramref name="chars"/> is too small.</exception>
        public static int GetChars(byte[] b, int offset, int count, char[] chars, int charOffset)
        {
            CheckRange(b, offset, count, "b", "offset");
            CheckRange(chars, charOffset, 0, "chars", "charOffset");
            int n = Decode(b, offset, count, chars, charOffset);
            if (n < 0)
            {
                throw new ArgumentException("Invalid UTF-8.");
            }

            return n;
        }

        /// <summary>Decodes UTF-8 into a new string. Allocates exactly one char array of the
        /// decoded length and the string.</summary>
        /// <param name="b">Buffer holding the text.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The decoded text.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="b"/>.</exception>
        /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
        public static string GetString(byte[] b, int offset, int count)
        {
            int n = GetCharCount(b, offset, count);
            if (n == 0)
            {
                return string.Empty;
            }

            char[] chars = new char[n];
            Decode(b, offset, count, chars, 0);
            return new string(chars, 0, n);
        }

        /// <summary>Returns how many bytes <paramref name="s"/> encodes to in UTF-8 (an unpaired
        /// surrogate counts as U+FFFD, three bytes).</summary>
        /// <param name="s">The text.</param>
        /// <returns>The UTF-8 length in bytes.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
        public static int GetByteCount(string s)
        {
            if (s == null)
            {
                throw new ArgumentNullException(nameof(s));
            }

#if NANOWS_HOST
            // .NET: the indexer is O(1) and exact; no copy.
            int end = s.Length;
            int n = 0;
            for (int i = 0; i < end; i++)
            {
                char c = s[i];
                if (c < 0x80)
                {
                    n++;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < end && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    // RFC 2781 §2.2: a pair is one character above U+FFFF, four UTF-8 bytes.
                    n += 4;
                    i++;
                }
                else
                {
                    // Other BMP characters, and unpaired surrogates as U+FFFD: three bytes.
                    n += 3;
                }
            }

            return n;
#else
            // nanoFramework keeps strings as UTF-8: its indexer rescans the string on every call
            // (a loop over s[i] is O(n²)) and splits surrogate pairs wrongly. ToCharArray is one
            // linear, exact pass.
            char[] chars = s.ToCharArray();
            return GetByteCount(chars, 0, chars.Length);
#endif
        }

        /// <summary>Encodes chars <paramref name="charIndex"/> ..
        /// <paramref name="charIndex"/> + <paramref name="charCount"/> - 1 of
        /// <paramref name="s"/> as UTF-8. A surrogate pair is only combined when both halves lie
        /// inside the range; an unpaired surrogate becomes U+FFFD (EF BF BD).</summary>
        /// <param name="s">The text.</param>
        /// <param name="charIndex">Index of the first char to encode.</param>
        /// <param name="charCount">Number of chars to encode.</param>
        /// <param name="bytes">Destination buffer.</param>
        /// <param name="byteOffset">Index in <paramref name="bytes"/> of the first byte written.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        /// <exception cref="ArgumentException"><paramref name="bytes"/> is too small.</exception>
        public static int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteOffset)
        {
            if (s == null)
            {
                throw new ArgumentNullException(nameof(s));
            }

            if (charIndex < 0 || charCount < 0 || charIndex > s.Length - charCount)
            {
                throw new ArgumentOutOfRangeException(nameof(charIndex));
            }

#if NANOWS_HOST
            if (bytes == null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            if (byteOffset < 0 || byteOffset > bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(byteOffset));
            }
            int end = charIndex + charCount;
            int pos = byteOffset;
            for (int i = charIndex; i < end; i++)
            {
                int c = s[i];
                if (c < 0x80 && pos < bytes.Length)
                {
                    bytes[pos++] = (byte)c;
                    continue;
                }

                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // RFC 2781 §2.2: a high surrogate (D800..DBFF) and a low one (DC00..DFFF) are
                    // U = ((W1 & 0x3FF) << 10 | (W2 & 0x3FF)) + 0x10000; any other is U+FFFD.
                    int w2 = i + 1 < end ? s[i + 1] : 0;
                    if (c <= 0xDBFF && w2 >= 0xDC00 && w2 <= 0xDFFF)
                    {
                        c = (((c & 0x3FF) << 10) | (w2 & 0x3FF)) + 0x10000;
                        i++;
                    }
                    else
                    {
                        c = ReplacementChar;
                    }
                }

                pos = Encode(c, bytes, pos);
            }

            return pos - byteOffset;
#else
            // nanoFramework: one linear, exact copy instead of the indexer (see GetByteCount).
            return GetBytes(s.ToCharArray(), charIndex, charCount, bytes, byteOffset);
#endif
        }

        /// <summary>Returns how many bytes the chars encode to in UTF-8 (an unpaired surrogate
        /// counts as U+FFFD, three bytes).</summary>
        /// <param name="chars">The text.</param>
        /// <param name="offset">Index of the first char.</param>
        /// <param name="count">Number of chars.</param>
        /// <returns>The UTF-8 length in bytes.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="chars"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="chars"/>.</exception>
        public static int GetByteCount(char[] chars, int offset, int count)
        {
            CheckRange(chars, offset, count, "chars", "offset");
            int end = offset + count;
            int n = 0;
            for (int i = offset; i < end; i++)
            {
                char c = chars[i];
                if (c < 0x80)
                {
                    n++;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < end && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                {
                    // RFC 2781 §2.2: a pair is one character above U+FFFF, four UTF-8 bytes.
                    n += 4;
                    i++;
                }
                else
                {
                    n += 3;
                }
            }

            return n;
        }

        /// <summary>Encodes chars as UTF-8, like
        /// <see cref="GetBytes(string, int, int, byte[], int)"/>.</summary>
        /// <param name="chars">The text.</param>
        /// <param name="charIndex">Index of the first char to encode.</param>
        /// <param name="charCount">Number of chars to encode.</param>
        /// <param name="bytes">Destination buffer.</param>
        /// <param name="byteOffset">Index in <paramref name="bytes"/> of the first byte written.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentNullException">A buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        /// <exception cref="ArgumentException"><paramref name="bytes"/> is too small.</exception>
        public static int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteOffset)
        {
            CheckRange(chars, charIndex, charCount, "chars", "offset");
            CheckRange(bytes, byteOffset, 0, "bytes", "byteOffset");
            int end = charIndex + charCount;
            int pos = byteOffset;
            for (int i = charIndex; i < end; i++)
            {
                int c = chars[i];
                if (c < 0x80 && pos < bytes.Length)
                {
                    bytes[pos++] = (byte)c;
                    continue;
                }

                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // RFC 2781 §2.2: a high surrogate (D800..DBFF) and a low one (DC00..DFFF) are
                    // U = ((W1 & 0x3FF) << 10 | (W2 & 0x3FF)) + 0x10000; any other is U+FFFD.
                    int w2 = i + 1 < end ? chars[i + 1] : 0;
                    if (c <= 0xDBFF && w2 >= 0xDC00 && w2 <= 0xDFFF)
                    {
                        c = (((c & 0x3FF) << 10) | (w2 & 0x3FF)) + 0x10000;
                        i++;
                    }
                    else
                    {
                        c = ReplacementChar;
                    }
                }

                pos = Encode(c, bytes, pos);
            }

            return pos - byteOffset;
        }

        /// <summary>
        /// Strict decoder shared by the public members. Returns the number of UTF-16 code units,
        /// or -1 when the input is not well-formed. With <paramref name="chars"/> null it only
        /// counts.
        /// </summary>
        private static int Decode(byte[] b, int offset, int count, char[] chars, int charOffset)
        {
            int end = offset + count;
            int n = charOffset;
            int i = offset;
            while (i < end)
            {
                // RFC 3629 §4: UTF8-1 = %x00-7F, one char.
                int cp = b[i++];
                if (cp >= 0x80)
                {
                    int need;
                    int low = 0x80;
                    int high = 0xBF;
                    if (cp < 0xC2)
                    {
                        // RFC 3629 §3: a continuation byte cannot start a character; C0/C1 only
                        // start overlong forms, and RFC 3629 §1 says they never appear.
                        return -1;
                    }
                    else if (cp < 0xE0)
                    {
                        // RFC 3629 §4: UTF8-2 = %xC2-DF UTF8-tail
                        need = 1;
                        cp &= 0x1F;
                    }
                    else if (cp < 0xF0)
                    {
                        // RFC 3629 §4: UTF8-3; E0 80..9F is overlong, ED A0..BF a surrogate (§3).
                        need = 2;
                        low = cp == 0xE0 ? 0xA0 : 0x80;
                        high = cp == 0xED ? 0x9F : 0xBF;
                        cp &= 0x0F;
                    }
                    else if (cp < 0xF5)
                    {
                        // RFC 3629 §4: UTF8-4; F0 80..8F is overlong, F4 90+ is above U+10FFFF (§3).
                        need = 3;
                        low = cp == 0xF0 ? 0x90 : 0x80;
                        high = cp == 0xF4 ? 0x8F : 0xBF;
                        cp &= 0x07;
                    }
                    else
                    {
                        // RFC 3629 §1: F5..FF never appear.
                        return -1;
                    }

                    // RFC 3629 §3: a sequence cut off by the end of the text is not a character.
                    if (end - i < need)
                    {
                        return -1;
                    }

                    for (int k = 0; k < need; k++)
                    {
                        // RFC 3629 §4: each following byte is a UTF8-tail (80..BF), the first one
                        // possibly narrower (low/high above).
                        int t = b[i++];
                        if (t < low || t > high)
                        {
                            return -1;
                        }

                        cp = (cp << 6) | (t & 0x3F);
                        low = 0x80;
                        high = 0xBF;
                    }

                    if (cp >= 0x10000)
                    {
                        // RFC 2781 §2.1: U' = U - 0x10000; W1 = D800 | U'[19:10], W2 = DC00 | U'[9:0].
                        cp -= 0x10000;
                        if (chars != null)
                        {
                            Put(chars, n, 0xD800 | (cp >> 10));
                        }

                        n++;
                        cp = 0xDC00 | (cp & 0x3FF);
                    }
                }

                if (chars != null)
                {
                    Put(chars, n, cp);
                }

                n++;
            }

            return n - charOffset;
        }

        private static void Put(char[] chars, int index, int value)
        {
            if (index >= chars.Length)
            {
                throw new ArgumentException("destination too small");
            }

            chars[index] = (char)value;
        }

        /// <summary>Writes one scalar value (never a surrogate) as UTF-8 (RFC 3629 §3 table) and
        /// returns the position after it.</summary>
        private static int Encode(int cp, byte[] bytes, int pos)
        {
            int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (pos > bytes.Length - need)
            {
                throw new ArgumentException("destination too small");
            }

            // RFC 3629 §3: 0xxxxxxx / 110xxxxx 10xxxxxx / 1110xxxx 10xxxxxx 10xxxxxx /
            // 11110xxx 10xxxxxx 10xxxxxx 10xxxxxx, shortest form only: six bits in each trailing
            // byte from the last, the rest after the lead byte's marker (none, C0, E0 or F0).
            for (int k = need - 1; k > 0; k--)
            {
                bytes[pos + k] = (byte)(0x80 | (cp & 0x3F));
                cp >>= 6;
            }

            bytes[pos] = (byte)((need == 1 ? 0 : (0xF00 >> need) & 0xF0) | cp);
            return pos + need;
        }

        /// <summary>
        /// Throws <see cref="ArgumentNullException"/> (<paramref name="name"/>) when the buffer is
        /// null and <see cref="ArgumentOutOfRangeException"/> (<paramref name="offsetName"/>) when
        /// <paramref name="count"/> items from <paramref name="offset"/> do not lie inside it. The
        /// argument check of every public buffer-taking member of the core's text and hashing types.
        /// </summary>
        internal static void CheckRange(Array buffer, int offset, int count, string name, string offsetName)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(offsetName);
            }
        }
    }
}
