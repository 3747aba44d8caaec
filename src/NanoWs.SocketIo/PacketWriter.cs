using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// Writes the text of one packet into a byte range without allocating: ASCII, decimal numbers,
    /// UTF-8 text and JSON strings. Running out of room sets <see cref="Overflowed"/> instead of
    /// throwing, so a packet is written first and checked once.
    /// </summary>
    internal sealed class PacketWriter
    {
        // Byte budget: ~24 bytes of fields; the buffer is the caller's.
        private byte[] _buf;
        private int _pos;
        private int _limit;
        private bool _overflow;

        internal void Reset(byte[] buffer, int offset, int limit)
        {
            _buf = buffer;
            _pos = offset;
            _limit = limit;
            _overflow = false;
        }

        internal int Position
        {
            get { return _pos; }
        }

        internal bool Overflowed
        {
            get { return _overflow; }
        }

        internal void Byte(byte b)
        {
            if (_pos >= _limit)
            {
                _overflow = true;
                return;
            }

            _buf[_pos++] = b;
        }

        internal void Ascii(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                Byte((byte)s[i]);
            }
        }

        internal void Decimal(int value)
        {
            if (value < 10)
            {
                Byte((byte)('0' + value));
                return;
            }

            int div = 1;
            while (value / div >= 10)
            {
                div *= 10;
            }

            while (div > 0)
            {
                Byte((byte)('0' + (value / div % 10)));
                div /= 10;
            }
        }

        internal void Bytes(byte[] src, int offset, int count)
        {
            if (_limit - _pos < count)
            {
                _overflow = true;
                return;
            }

            Array.Copy(src, offset, _buf, _pos, count);
            _pos += count;
        }

        /// <summary>Writes <paramref name="s"/> as UTF-8, unescaped (it is JSON already).</summary>
        internal void Utf8Text(string s)
        {
            if (_overflow)
            {
                return;
            }

            if (HasSurrogate(s))
            {
                char[] chars = s.ToCharArray();
                if (_limit - _pos < Utf8.GetByteCount(chars, 0, chars.Length))
                {
                    _overflow = true;
                    return;
                }

                _pos += Utf8.GetBytes(chars, 0, chars.Length, _buf, _pos);
                return;
            }

            if (_limit - _pos < Utf8.GetByteCount(s))
            {
                _overflow = true;
                return;
            }

            _pos += Utf8.GetBytes(s, 0, s.Length, _buf, _pos);
        }

        /// <summary>Writes <paramref name="s"/> as a JSON string with its quotes (RFC 8259 §7).</summary>
        internal void JsonString(string s)
        {
            char[] chars = HasSurrogate(s) ? s.ToCharArray() : null;
            Byte((byte)'"');
            int n = s.Length;
            for (int i = 0; i < n && !_overflow; i++)
            {
                char c = chars != null ? chars[i] : s[i];
                if (c == '"' || c == '\\')
                {
                    Byte((byte)'\\');
                    Byte((byte)c);
                }
                else if (c < 0x20)
                {
                    Ascii("\\u00");
                    Byte(HexDigit(c >> 4));
                    Byte(HexDigit(c & 15));
                }
                else if (c < 0x80)
                {
                    Byte((byte)c);
                }
                else
                {
                    int len = c >= 0xD800 && c <= 0xDBFF && i + 1 < n ? 2 : 1;
                    if (_limit - _pos < 4)
                    {
                        _overflow = true;
                        return;
                    }

                    _pos += chars != null ? Utf8.GetBytes(chars, i, len, _buf, _pos) : Utf8.GetBytes(s, i, len, _buf, _pos);
                    i += len - 1;
                }
            }

            Byte((byte)'"');
        }

        /// <summary>
        /// True when <paramref name="s"/> holds a surrogate. nanoCLR's string indexer cannot read the
        /// second half of a pair (it returns the first half again), so such text is read through
        /// <c>ToCharArray</c>, the one case that allocates; text within the BMP never does.
        /// </summary>
        internal static bool HasSurrogate(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    return true;
                }
            }

            return false;
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
        }
    }
}
