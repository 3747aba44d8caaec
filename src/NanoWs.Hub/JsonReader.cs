using System;

namespace NanoWs.Hub
{
    /// <summary>What <see cref="JsonReader.Read"/> found.</summary>
    internal enum JsonToken
    {
        /// <summary>Nothing read yet.</summary>
        None,

        /// <summary><c>{</c></summary>
        BeginObject,

        /// <summary><c>}</c></summary>
        EndObject,

        /// <summary><c>[</c></summary>
        BeginArray,

        /// <summary><c>]</c></summary>
        EndArray,

        /// <summary>A property name (the colon after it is consumed).</summary>
        PropertyName,

        /// <summary>A string value.</summary>
        String,

        /// <summary>A number value.</summary>
        Number,

        /// <summary><c>true</c></summary>
        True,

        /// <summary><c>false</c></summary>
        False,

        /// <summary><c>null</c></summary>
        Null,

        /// <summary>The input ended after one complete value.</summary>
        EndOfInput,

        /// <summary>The input is not valid JSON or is too large or deep; see <see cref="JsonReader.Error"/>.</summary>
        Error,
    }

    /// <summary>
    /// A pull reader of one JSON text (RFC 8259) held in a byte array, for small incoming messages
    /// such as dashboard commands. Its buffers are allocated once; reading tokens, comparing strings
    /// and parsing numbers allocate nothing (only <see cref="GetString"/> makes a string).
    /// </summary>
    /// <remarks>
    /// Bad input never throws: <see cref="Read"/> returns <see cref="JsonToken.Error"/> from then on
    /// and <see cref="Error"/> says what and <see cref="ErrorOffset"/> where. Input longer than the
    /// size given to the constructor, nesting deeper than its depth, invalid UTF-8 in strings,
    /// control characters in strings, bad escapes, bad numbers and trailing data are all errors.
    /// </remarks>
    internal sealed partial class JsonReader
    {
        /// <summary>Deepest nesting the reader can track.</summary>
        public const int MaxSupportedDepth = 30;

        private const int ExpectValue = 0;
        private const int ExpectFirstNameOrEnd = 1;
        private const int ExpectName = 2;
        private const int ExpectFirstValueOrEnd = 3;
        private const int ExpectCommaOrEnd = 4;
        private const int ExpectEnd = 5;

        // Byte budget: a char scratch of maxInputBytes × 2 bytes for GetString, plus ~64 bytes of
        // fields; the input is the caller's and is never copied. Bit d of _isArray marks an array
        // at depth d.
        private readonly int _maxInput;
        private readonly int _maxDepth;
        private readonly char[] _chars;
        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _end;
        private int _state;
        private int _depth;
        private int _isArray;
        private JsonToken _token;
        private int _tokenStart;
        private int _tokenEnd;
        private bool _tokenEscaped;
        private string _error;
        private int _errorOffset;

        /// <summary>Creates a reader for inputs of at most <paramref name="maxInputBytes"/> bytes.</summary>
        /// <param name="maxInputBytes">Longest accepted input; longer input is an error.</param>
        /// <param name="maxDepth">Deepest nesting accepted (1 to 30).</param>
        public JsonReader(int maxInputBytes, int maxDepth)
        {
            if (maxInputBytes < 2 || maxDepth < 1 || maxDepth > MaxSupportedDepth)
            {
                throw new ArgumentOutOfRangeException(maxInputBytes < 2 ? "maxInputBytes" : "maxDepth");
            }

            _maxInput = maxInputBytes;
            _maxDepth = maxDepth;
            _chars = new char[maxInputBytes];
            _buffer = new byte[0];
        }

        /// <summary>Longest input accepted, in bytes.</summary>
        public int MaxInputBytes
        {
            get { return _maxInput; }
        }

        /// <summary>The token <see cref="Read"/> returned last.</summary>
        public JsonToken Token
        {
            get { return _token; }
        }

        /// <summary>Why the input was rejected, or null.</summary>
        public string Error
        {
            get { return _error; }
        }

        /// <summary>Offset of the problem from the start of the input, or -1.</summary>
        public int ErrorOffset
        {
            get { return _error == null ? -1 : _errorOffset - _start; }
        }

        /// <summary>Nesting depth after the current token.</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>The input buffer.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Where the current token's raw bytes start in <see cref="Buffer"/> (strings with their quotes).</summary>
        public int TokenOffset
        {
            get { return _tokenStart; }
        }

        /// <summary>Length of the current token's raw bytes (strings with their quotes).</summary>
        public int TokenLength
        {
            get { return _tokenEnd - _tokenStart; }
        }

        /// <summary>
        /// Starts reading <paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>. The bytes are read in place: keep them unchanged while reading.
        /// Returns false (and sets <see cref="Error"/>) when the input is longer than allowed.
        /// </summary>
        /// <param name="buffer">The input.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        /// <returns>True when reading may begin.</returns>
        public bool Reset(byte[] buffer, int offset, int count)
        {
            BufferRange.Check(buffer, offset, count);

            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + count;
            _state = ExpectValue;
            _depth = 0;
            _isArray = 0;
            _token = JsonToken.None;
            _tokenStart = offset;
            _tokenEnd = offset;
            _tokenEscaped = false;
            _error = null;
            if (count > _maxInput)
            {
                return Fail(offset, "input larger than " + _maxInput.ToString() + " bytes") != JsonToken.Error;
            }

            return true;
        }

        /// <summary>Reads the next token.</summary>
        /// <returns>The token, <see cref="JsonToken.EndOfInput"/> after the complete value, or <see cref="JsonToken.Error"/>.</returns>
        public JsonToken Read()
        {
            if (_error != null)
            {
                return JsonToken.Error;
            }

            while (true)
            {
                SkipWhitespace();
                if (_pos == _end)
                {
                    return _state == ExpectEnd ? Set(JsonToken.EndOfInput, _pos, _pos) : Fail(_pos, "unexpected end of input");
                }

                byte c = _buffer[_pos];
                switch (_state)
                {
                    case ExpectEnd:
                        return Fail(_pos, "unexpected data after the value");
                    case ExpectCommaOrEnd:
                        if (c == ',')
                        {
                            _pos++;
                            _state = InArray ? ExpectValue : ExpectName;
                            continue;
                        }

                        return EndOrFail(c, InArray ? "expected ',' or ']'" : "expected ',' or '}'");
                    case ExpectFirstNameOrEnd:
                        return c == '}' ? EndContainer(false) : ReadName();
                    case ExpectName:
                        return ReadName();
                    case ExpectFirstValueOrEnd:
                        return c == ']' ? EndContainer(true) : ReadValue();
                    default:
                        return ReadValue();
                }
            }
        }

        /// <summary>
        /// Skips the current value: after <see cref="JsonToken.PropertyName"/> it reads and skips the
        /// value that follows; after a begin token it skips to the matching end.
        /// </summary>
        /// <returns>The last token read (the end token or the scalar), or <see cref="JsonToken.Error"/>.</returns>
        public JsonToken Skip()
        {
            JsonToken t = _token;
            if (t == JsonToken.PropertyName)
            {
                t = Read();
            }

            if (t != JsonToken.BeginObject && t != JsonToken.BeginArray)
            {
                return t;
            }

            int target = _depth - 1;
            while (true)
            {
                t = Read();
                if (t == JsonToken.Error || ((t == JsonToken.EndObject || t == JsonToken.EndArray) && _depth == target))
                {
                    return t;
                }
            }
        }

        private bool InArray
        {
            get { return (_isArray & (1 << _depth)) != 0; }
        }

        private JsonToken EndOrFail(byte c, string message)
        {
            if (c == '}' && !InArray)
            {
                return EndContainer(false);
            }

            if (c == ']' && InArray)
            {
                return EndContainer(true);
            }

            return Fail(_pos, message);
        }

        private JsonToken EndContainer(bool array)
        {
            int at = _pos;
            _pos++;
            _depth--;
            AfterValue();
            return Set(array ? JsonToken.EndArray : JsonToken.EndObject, at, _pos);
        }

        private void AfterValue()
        {
            _state = _depth == 0 ? ExpectEnd : ExpectCommaOrEnd;
        }

        private JsonToken ReadName()
        {
            if (_buffer[_pos] != '"')
            {
                return Fail(_pos, "expected a property name");
            }

            int at = _pos;
            if (!ScanString())
            {
                return JsonToken.Error;
            }

            int nameEnd = _pos;
            SkipWhitespace();
            if (_pos == _end || _buffer[_pos] != ':')
            {
                return Fail(_pos, "expected ':' after a property name");
            }

            _pos++;
            _state = ExpectValue;
            return Set(JsonToken.PropertyName, at, nameEnd);
        }

        private JsonToken ReadValue()
        {
            int at = _pos;
            byte c = _buffer[_pos];
            switch (c)
            {
                case (byte)'{':
                case (byte)'[':
                    if (_depth == _maxDepth)
                    {
                        return Fail(at, "nested deeper than " + _maxDepth.ToString() + " levels");
                    }

                    _pos++;
                    _depth++;
                    bool array = c == '[';
                    if (array)
                    {
                        _isArray |= 1 << _depth;
                    }
                    else
                    {
                        _isArray &= ~(1 << _depth);
                    }

                    _state = array ? ExpectFirstValueOrEnd : ExpectFirstNameOrEnd;
                    return Set(array ? JsonToken.BeginArray : JsonToken.BeginObject, at, _pos);
                case (byte)'"':
                    if (!ScanString())
                    {
                        return JsonToken.Error;
                    }

                    AfterValue();
                    return Set(JsonToken.String, at, _pos);
                case (byte)'t':
                    return Literal("true", JsonToken.True);
                case (byte)'f':
                    return Literal("false", JsonToken.False);
                case (byte)'n':
                    return Literal("null", JsonToken.Null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        if (!ScanNumber())
                        {
                            return JsonToken.Error;
                        }

                        AfterValue();
                        return Set(JsonToken.Number, at, _pos);
                    }

                    return Fail(at, "unexpected character");
            }
        }

        private JsonToken Literal(string word, JsonToken token)
        {
            int at = _pos;
            for (int i = 0; i < word.Length; i++)
            {
                if (_pos == _end || _buffer[_pos] != word[i])
                {
                    return Fail(at, "invalid literal");
                }

                _pos++;
            }

            if (_pos < _end && IsIdentifierByte(_buffer[_pos]))
            {
                return Fail(at, "invalid literal");
            }

            AfterValue();
            return Set(token, at, _pos);
        }

        /// <summary>Scans a string from its opening quote to past its closing one; validates escapes and UTF-8.</summary>
        private bool ScanString()
        {
            int i = _pos + 1;
            bool escaped = false;
            while (true)
            {
                if (i >= _end)
                {
                    Fail(_pos, "unterminated string");
                    return false;
                }

                byte b = _buffer[i];
                if (b == '"')
                {
                    _pos = i + 1;
                    _tokenEscaped = escaped;
                    return true;
                }

                if (b < 0x20)
                {
                    // RFC 8259 §7: control characters must be escaped inside strings.
                    Fail(i, "control character in string");
                    return false;
                }

                if (b == '\\')
                {
                    escaped = true;
                    if (i + 1 >= _end)
                    {
                        Fail(i, "unterminated string");
                        return false;
                    }

                    byte e = _buffer[i + 1];
                    if (e == 'u')
                    {
                        if (i + 6 > _end || Hex(i + 2) < 0)
                        {
                            Fail(i, "invalid \\u escape");
                            return false;
                        }

                        i += 6;
                        continue;
                    }

                    if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                    {
                        Fail(i, "invalid escape");
                        return false;
                    }

                    i += 2;
                    continue;
                }

                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int n = Utf8SequenceLength(_buffer, i, _end);
                if (n == 0)
                {
                    Fail(i, "invalid UTF-8 in string");
                    return false;
                }

                i += n;
            }
        }

        /// <summary>Scans a number (RFC 8259 §6 grammar) from its first character.</summary>
        private bool ScanNumber()
        {
            int at = _pos;
            int i = _pos;
            if (_buffer[i] == '-')
            {
                i++;
            }

            if (i < _end && _buffer[i] == '0')
            {
                i++;
            }
            else if (i < _end && _buffer[i] >= '1' && _buffer[i] <= '9')
            {
                while (i < _end && IsDigit(_buffer[i]))
                {
                    i++;
                }
            }
            else
            {
                Fail(at, "invalid number");
                return false;
            }

            if (i < _end && _buffer[i] == '.')
            {
                i++;
                if (i >= _end || !IsDigit(_buffer[i]))
                {
                    Fail(at, "invalid number");
                    return false;
                }

                while (i < _end && IsDigit(_buffer[i]))
                {
                    i++;
                }
            }

            if (i < _end && (_buffer[i] == 'e' || _buffer[i] == 'E'))
            {
                i++;
                if (i < _end && (_buffer[i] == '+' || _buffer[i] == '-'))
                {
                    i++;
                }

                if (i >= _end || !IsDigit(_buffer[i]))
                {
                    Fail(at, "invalid number");
                    return false;
                }

                while (i < _end && IsDigit(_buffer[i]))
                {
                    i++;
                }
            }

            if (i < _end && (IsIdentifierByte(_buffer[i]) || _buffer[i] == '.'))
            {
                Fail(at, "invalid number");
                return false;
            }

            _pos = i;
            return true;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte b = _buffer[_pos];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
                {
                    return;
                }

                _pos++;
            }
        }

        private JsonToken Set(JsonToken token, int start, int end)
        {
            _token = token;
            _tokenStart = start;
            _tokenEnd = end;
            return token;
        }

        private JsonToken Fail(int at, string message)
        {
            _error = message;
            _errorOffset = at;
            _token = JsonToken.Error;
            return JsonToken.Error;
        }

        private static bool IsDigit(byte b)
        {
            return b >= '0' && b <= '9';
        }

        private static bool IsIdentifierByte(byte b)
        {
            return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || IsDigit(b) || b == '_' || b >= 0x80;
        }
    }
}
