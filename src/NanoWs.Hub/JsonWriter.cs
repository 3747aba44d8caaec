using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Writes JSON (RFC 8259) as UTF-8 into a caller-supplied byte array, without allocating: no
    /// strings are built, numbers are formatted digit by digit (see the Numbers part), strings are
    /// escaped and encoded straight into the buffer. Commas and nesting are tracked for the caller.
    /// </summary>
    /// <remarks>
    /// <para>Running out of room never throws: the writer sets <see cref="Overflowed"/> and ignores
    /// everything after, so a message is written first and checked once. <see cref="Checkpoint"/> and
    /// <see cref="RollBack"/> undo a partly written entry (for example the last property that did
    /// not fit).</para>
    /// <para>Misuse (a property name outside an object, an end without a begin, nesting deeper than
    /// <see cref="MaxDepth"/>) throws <see cref="InvalidOperationException"/>.</para>
    /// </remarks>
    internal sealed partial class JsonWriter
    {
        /// <summary>Deepest nesting of objects and arrays the writer tracks.</summary>
        public const int MaxDepth = 31;

        // Byte budget: the buffer is the caller's; the fields are ~48 bytes. Bit d of _hasItems is
        // set once the container at depth d holds an item (the next one needs a comma); bit d of
        // _isArray tells arrays from objects.
        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _end;
        private bool _overflow;
        private int _depth;
        private int _hasItems;
        private int _isArray;
        private bool _afterName;

        private int _savedPos;
        private int _savedDepth;
        private int _savedHasItems;
        private int _savedIsArray;
        private bool _savedAfterName;
        private bool _savedOverflow;

        /// <summary>Creates a writer over the whole of <paramref name="buffer"/>.</summary>
        /// <param name="buffer">Where the JSON is written; kept, never copied.</param>
        public JsonWriter(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            Reset(buffer, 0, buffer.Length);
        }

        /// <summary>The buffer written to.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Where the output starts in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _start; }
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _pos - _start; }
        }

        /// <summary>Room the writer was given, in bytes.</summary>
        public int Capacity
        {
            get { return _end - _start; }
        }

        /// <summary>True once something did not fit; the output is then incomplete.</summary>
        public bool Overflowed
        {
            get { return _overflow; }
        }

        /// <summary>Current nesting depth (0 outside any object or array).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>Starts over at the beginning of the same region.</summary>
        public void Reset()
        {
            _pos = _start;
            _overflow = false;
            _depth = 0;
            _hasItems = 0;
            _isArray = 0;
            _afterName = false;
        }

        /// <summary>Starts over in <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        /// <param name="buffer">Where the JSON is written.</param>
        /// <param name="offset">First byte to write.</param>
        /// <param name="count">Room in bytes.</param>
        public void Reset(byte[] buffer, int offset, int count)
        {
            BufferRange.Check(buffer, offset, count);

            _buffer = buffer;
            _start = offset;
            _end = offset + count;
            Reset();
        }

        /// <summary>Remembers the current state so <see cref="RollBack"/> can return to it (one slot).</summary>
        public void Checkpoint()
        {
            _savedPos = _pos;
            _savedDepth = _depth;
            _savedHasItems = _hasItems;
            _savedIsArray = _isArray;
            _savedAfterName = _afterName;
            _savedOverflow = _overflow;
        }

        /// <summary>Forgets everything written since the last <see cref="Checkpoint"/>, including an overflow.</summary>
        public void RollBack()
        {
            _pos = _savedPos;
            _depth = _savedDepth;
            _hasItems = _savedHasItems;
            _isArray = _savedIsArray;
            _afterName = _savedAfterName;
            _overflow = _savedOverflow;
        }

        /// <summary>Writes <c>{</c>.</summary>
        public void BeginObject()
        {
            Begin(false);
        }

        /// <summary>Writes <c>}</c>.</summary>
        public void EndObject()
        {
            End(false);
        }

        /// <summary>Writes <c>[</c>.</summary>
        public void BeginArray()
        {
            Begin(true);
        }

        /// <summary>Writes <c>]</c>.</summary>
        public void EndArray()
        {
            End(true);
        }

        /// <summary>Writes a property name and the colon; the value must follow.</summary>
        /// <param name="name">The name, escaped as a string.</param>
        public void WriteName(string name)
        {
            if (_depth == 0 || (_isArray & (1 << _depth)) != 0 || _afterName)
            {
                throw new InvalidOperationException("a property name belongs directly inside an object");
            }

            Separate();
            WriteQuoted(name, 0, name == null ? 0 : name.Length);
            Put((byte)':');
            _afterName = true;
        }

        /// <summary>
        /// Writes a property name given as UTF-8 bytes that need no escaping (no quote, backslash
        /// or control character), and the colon: how the hub writes its fixed names and channel ids
        /// on every broadcast without reading a string (on nanoFramework that copies it out).
        /// </summary>
        internal void WriteNameUtf8(byte[] utf8)
        {
            if (_depth == 0 || (_isArray & (1 << _depth)) != 0 || _afterName)
            {
                throw new InvalidOperationException("a property name belongs directly inside an object");
            }

            Separate();
            PutQuotedUtf8(utf8);
            Put((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value given as UTF-8 bytes that need no escaping (see <see cref="WriteNameUtf8"/>).</summary>
        internal void WriteStringUtf8(byte[] utf8)
        {
            BeforeValue();
            PutQuotedUtf8(utf8);
        }

        private void PutQuotedUtf8(byte[] utf8)
        {
            Put((byte)'"');
            for (int i = 0; i < utf8.Length; i++)
            {
                Put(utf8[i]);
            }

            Put((byte)'"');
        }

        /// <summary>Writes a string value, escaped (RFC 8259 §7); null writes <c>null</c>.</summary>
        /// <param name="value">The string.</param>
        public void WriteString(string value)
        {
            if (value == null)
            {
                WriteNull();
                return;
            }

            WriteString(value, 0, value.Length);
        }

        /// <summary>Writes <paramref name="length"/> characters of <paramref name="value"/> from <paramref name="start"/> as a string value.</summary>
        /// <param name="value">The string.</param>
        /// <param name="start">First character.</param>
        /// <param name="length">Number of characters (a surrogate pair cut in half becomes U+FFFD).</param>
        public void WriteString(string value, int start, int length)
        {
            if (value == null || start < 0 || length < 0 || start + length > value.Length)
            {
                throw new ArgumentException("invalid string range");
            }

            BeforeValue();
            WriteQuoted(value, start, length);
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        /// <param name="value">The value.</param>
        public void WriteBool(bool value)
        {
            BeforeValue();
            if (value)
            {
                Put((byte)'t');
                Put((byte)'r');
                Put((byte)'u');
                Put((byte)'e');
            }
            else
            {
                Put((byte)'f');
                Put((byte)'a');
                Put((byte)'l');
                Put((byte)'s');
                Put((byte)'e');
            }
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void WriteNull()
        {
            BeforeValue();
            PutNull();
        }

        /// <summary>
        /// Copies a value that is already valid JSON (a number or a string with its quotes, as read
        /// by <see cref="JsonReader"/>) as is.
        /// </summary>
        /// <param name="buffer">Holds the value.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        public void WriteRawValue(byte[] buffer, int offset, int count)
        {
            BufferRange.Check(buffer, offset, count);
            if (count == 0)
            {
                throw new ArgumentException("invalid buffer range");
            }

            BeforeValue();
            if (_overflow || _end - _pos < count)
            {
                _overflow = true;
                return;
            }

            Array.Copy(buffer, offset, _buffer, _pos, count);
            _pos += count;
        }

        private void Begin(bool array)
        {
            if (_depth == MaxDepth)
            {
                throw new InvalidOperationException("JSON nested deeper than MaxDepth");
            }

            BeforeValue();
            Put(array ? (byte)'[' : (byte)'{');
            _depth++;
            int bit = 1 << _depth;
            _hasItems &= ~bit;
            if (array)
            {
                _isArray |= bit;
            }
            else
            {
                _isArray &= ~bit;
            }
        }

        private void End(bool array)
        {
            int bit = 1 << _depth;
            if (_depth == 0 || ((_isArray & bit) != 0) != array || _afterName)
            {
                throw new InvalidOperationException(array ? "EndArray without a matching BeginArray" : "EndObject without a matching BeginObject");
            }

            _depth--;
            Put(array ? (byte)']' : (byte)'}');
        }

        /// <summary>Writes the comma before a value when one is due; checks a value may come here.</summary>
        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_depth > 0 && (_isArray & (1 << _depth)) == 0)
            {
                throw new InvalidOperationException("a value inside an object needs WriteName first");
            }

            Separate();
        }

        private void Separate()
        {
            int bit = 1 << _depth;
            if ((_hasItems & bit) != 0)
            {
                Put((byte)',');
            }

            _hasItems |= bit;
        }

        /// <summary>
        /// Writes <paramref name="s"/> as UTF-8 with no quotes, no escaping and no JSON structure:
        /// the bytes a <see cref="JsonReader"/> compares a decoded string with.
        /// </summary>
        internal void WriteUtf8(string s)
        {
            PutUtf8(s, 0, s.Length, false);
        }

        /// <summary>Writes a quoted, escaped, UTF-8 encoded string.</summary>
        private void WriteQuoted(string s, int start, int length)
        {
            Put((byte)'"');
            PutUtf8(s, start, length, true);
            Put((byte)'"');
        }

        /// <summary>Encodes characters as UTF-8, escaping ASCII for a JSON string when asked.</summary>
        private void PutUtf8(string s, int start, int length, bool escape)
        {
            int end = start + length;
#if NANOWS_HOST
            // .NET: the indexer is O(1) and exact; nothing is copied.
            for (int i = start; i < end && !_overflow; i++)
            {
                i += PutChar(s[i], i + 1 < end ? s[i + 1] : 0, escape);
            }
#else
            // nanoFramework keeps strings as UTF-8: its indexer rescans the string on every call
            // (quadratic in a loop) and splits surrogate pairs wrongly; ToCharArray is one linear,
            // exact pass (one char array, garbage after the call).
            char[] chars = s.ToCharArray();
            for (int i = start; i < end && !_overflow; i++)
            {
                i += PutChar(chars[i], i + 1 < end ? chars[i + 1] : 0, escape);
            }
#endif
        }

        /// <summary>Writes the UTF-8 of <paramref name="c"/> (with <paramref name="next"/>, the char
        /// after it in range or 0, completing a surrogate pair); returns 1 when it used
        /// <paramref name="next"/>, else 0.</summary>
        private int PutChar(int c, int next, bool escape)
        {
            if (c < 0x80)
            {
                if (escape)
                {
                    PutAsciiEscaped((char)c);
                }
                else
                {
                    Put((byte)c);
                }
            }
            else if (c < 0x800)
            {
                Put((byte)(0xC0 | (c >> 6)));
                Put((byte)(0x80 | (c & 0x3F)));
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                // A high surrogate followed by a low one is one code point (4 bytes); a lone
                // surrogate cannot be encoded in UTF-8 and becomes U+FFFD.
                if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
                    Put((byte)(0xF0 | (cp >> 18)));
                    Put((byte)(0x80 | ((cp >> 12) & 0x3F)));
                    Put((byte)(0x80 | ((cp >> 6) & 0x3F)));
                    Put((byte)(0x80 | (cp & 0x3F)));
                    return 1;
                }

                Put(0xEF);
                Put(0xBF);
                Put(0xBD);
            }
            else
            {
                Put((byte)(0xE0 | (c >> 12)));
                Put((byte)(0x80 | ((c >> 6) & 0x3F)));
                Put((byte)(0x80 | (c & 0x3F)));
            }

            return 0;
        }

        private void PutAsciiEscaped(char c)
        {
            // RFC 8259 §7: quotation mark, reverse solidus and the control characters U+0000 to
            // U+001F must be escaped; everything else may appear as is.
            switch (c)
            {
                case '"':
                    Put((byte)'\\');
                    Put((byte)'"');
                    return;
                case '\\':
                    Put((byte)'\\');
                    Put((byte)'\\');
                    return;
                case '\n':
                    Put((byte)'\\');
                    Put((byte)'n');
                    return;
                case '\r':
                    Put((byte)'\\');
                    Put((byte)'r');
                    return;
                case '\t':
                    Put((byte)'\\');
                    Put((byte)'t');
                    return;
                case '\b':
                    Put((byte)'\\');
                    Put((byte)'b');
                    return;
                case '\f':
                    Put((byte)'\\');
                    Put((byte)'f');
                    return;
            }

            if (c < 0x20)
            {
                Put((byte)'\\');
                Put((byte)'u');
                Put((byte)'0');
                Put((byte)'0');
                Put(HexDigit(c >> 4));
                Put(HexDigit(c & 0xF));
                return;
            }

            Put((byte)c);
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
        }

        private void PutNull()
        {
            Put((byte)'n');
            Put((byte)'u');
            Put((byte)'l');
            Put((byte)'l');
        }

        private void Put(byte b)
        {
            if (!_overflow && _pos < _end)
            {
                _buffer[_pos++] = b;
            }
            else
            {
                _overflow = true;
            }
        }
    }
}
