namespace NanoWs
{
    /// <summary>
    /// The head (start line and header fields) of one HTTP/1.1 request or response, parsed in place
    /// inside the connection's receive buffer (RFC 9112 §2–§5). Nothing is copied: the parser keeps
    /// offsets in a table sized once from <see cref="WebSocketOptions.MaxHeaders"/>. Accessors that
    /// return <see cref="string"/> allocate; the <c>…Equals</c>/<c>…Contains</c> ones do not.
    /// A head is valid from the <see cref="WebSocketEvent.UpgradeRequest"/> or
    /// <see cref="WebSocketEvent.HttpRequest"/> event until the handshake is answered.
    /// </summary>
    public sealed partial class HttpHead
    {
        // Byte budget: 16 bytes per allowed header (4 ints: name start/length, value start/length)
        // plus a dozen ints of start-line offsets and scan state.
        // Name start, name length, value start, value length of each header line: 8 bytes a line
        // (offsets into a head of at most 64 KiB). The connection reads a value's offsets here.
        internal readonly ushort[] _fields;
        private readonly int _maxHeaders;
        private byte[] _buffer;
        private int _count;
        private int _part0Start, _part0Length, _part1Start, _part1Length, _part2Length;

        // Where a request line's HTTP version starts, read by the connection.
        internal int _part2Start;
        private int _scanPosition;
        private int _scanState;
        private bool _isRequest;
        private string _error;

        internal HttpHead(int maxHeaders)
        {
            _maxHeaders = maxHeaders;
            _fields = new ushort[maxHeaders * 4];
        }

        /// <summary>Number of header lines.</summary>
        public int HeaderCount
        {
            get { return _count; }
        }

        /// <summary>Why the last parse failed, or null.</summary>
        public string ErrorMessage
        {
            get { return _error; }
        }

        internal void Reset()
        {
            _buffer = null;
            _count = 0;
            _scanPosition = -1;
            _scanState = 0;
            _isRequest = false;
            _error = null;
            _part0Start = _part0Length = _part1Start = _part1Length = _part2Start = _part2Length = 0;
        }

        /// <summary>
        /// Looks for the empty line that ends the head in <c>buffer[start, end)</c>, resuming where
        /// the previous call stopped, so a head fed one byte at a time is scanned once. Returns the
        /// index just past the empty line, or -1.
        /// </summary>
        internal int FindEnd(byte[] buffer, int start, int end)
        {
            int i = _scanPosition < start ? start : _scanPosition;
            int state = _scanState;
            for (; i < end; i++)
            {
                byte b = buffer[i];
                if (b == (byte)'\n')
                {
                    // RFC 9112 §2.2: a recipient may accept a bare LF as a line terminator.
                    if (state != 0)
                    {
                        _scanPosition = i + 1;
                        _scanState = 0;
                        return i + 1;
                    }

                    state = 1;
                }
                else if (b == (byte)'\r' && state == 1)
                {
                    state = 2;
                }
                else
                {
                    state = 0;
                }
            }

            _scanPosition = end;
            _scanState = state;
            return -1;
        }

        /// <summary>
        /// Parses the head in <c>buffer[start, headEnd)</c>. Returns 0 when well formed, else the HTTP
        /// status to answer with (400 malformed, 431 too many fields) and sets <see cref="ErrorMessage"/>.
        /// </summary>
        internal int Parse(byte[] buffer, int start, int headEnd, bool isRequest)
        {
            _buffer = buffer;
            _count = 0;
            _isRequest = isRequest;
            int lineStart = start;
            bool first = true;
            while (lineStart < headEnd)
            {
                int lf = lineStart;
                while (lf < headEnd && buffer[lf] != (byte)'\n')
                {
                    lf++;
                }

                int lineEnd = lf;
                if (lineEnd > lineStart && buffer[lineEnd - 1] == (byte)'\r')
                {
                    lineEnd--;
                }

                if (lineEnd == lineStart)
                {
                    // The empty line ending the head (RFC 9112 §2.1); a head cannot start with it
                    // here because leading empty lines were skipped (RFC 9112 §2.2).
                    return first ? Fail(400, "empty request line") : 0;
                }

                int status = first
                    ? (isRequest ? ParseRequestLine(buffer, lineStart, lineEnd) : ParseStatusLine(buffer, lineStart, lineEnd))
                    : ParseField(buffer, lineStart, lineEnd);
                if (status != 0)
                {
                    return status;
                }

                first = false;
                lineStart = lf + 1;
            }

            // RFC 9112 §2.1: a message head ends with an empty line.
            return Fail(400, "head not terminated");
        }

        private int ParseRequestLine(byte[] b, int start, int end)
        {
            // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
            int sp1 = IndexOf(b, start, end, (byte)' ');
            if (sp1 <= start)
            {
                return Fail(400, "malformed request line");
            }

            int sp2 = IndexOf(b, sp1 + 1, end, (byte)' ');
            if (sp2 <= sp1 + 1 || IndexOf(b, sp2 + 1, end, (byte)' ') >= 0)
            {
                return Fail(400, "malformed request line");
            }

            for (int i = start; i < sp1; i++)
            {
                if (!HttpText.IsTokenChar(b[i]))
                {
                    return Fail(400, "malformed method");
                }
            }

            for (int i = sp1 + 1; i < sp2; i++)
            {
                // RFC 3986 §2: a request target holds visible ASCII only.
                if (b[i] <= 0x20 || b[i] >= 0x7F)
                {
                    return Fail(400, "malformed request target");
                }
            }

            if (!IsHttpVersion(b, sp2 + 1, end))
            {
                return Fail(400, "malformed HTTP version");
            }

            _part0Start = start;
            _part0Length = sp1 - start;
            _part1Start = sp1 + 1;
            _part1Length = sp2 - sp1 - 1;
            _part2Start = sp2 + 1;
            _part2Length = end - sp2 - 1;
            return 0;
        }

        private int ParseStatusLine(byte[] b, int start, int end)
        {
            // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
            if (end - start < 12 || !IsHttpVersion(b, start, start + 8) || b[start + 8] != (byte)' ')
            {
                return Fail(400, "malformed status line");
            }

            for (int i = start + 9; i < start + 12; i++)
            {
                if (b[i] < (byte)'0' || b[i] > (byte)'9')
                {
                    return Fail(400, "malformed status code");
                }
            }

            if (end > start + 12 && b[start + 12] != (byte)' ')
            {
                return Fail(400, "malformed status line");
            }

            _part0Start = start;
            _part0Length = 8;
            _part1Start = start + 9;
            _part1Length = 3;
            _part2Start = end > start + 12 ? start + 13 : end;
            _part2Length = end - _part2Start;
            return 0;
        }

        private int ParseField(byte[] b, int start, int end)
        {
            // RFC 9112 §5.2: obsolete line folding is rejected with 400.
            if (b[start] == (byte)' ' || b[start] == (byte)'\t')
            {
                return Fail(400, "obsolete header line folding");
            }

            int colon = start;
            while (colon < end && b[colon] != (byte)':')
            {
                // RFC 9110 §5.1: field-name = token; RFC 9112 §5.1: no whitespace before the colon.
                if (!HttpText.IsTokenChar(b[colon]))
                {
                    return Fail(400, "malformed header name");
                }

                colon++;
            }

            // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS, with a non-empty name.
            if (colon == end || colon == start)
            {
                return Fail(400, "malformed header line");
            }

            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && HttpText.IsWhitespace(b[valueStart]))
            {
                valueStart++;
            }

            while (valueEnd > valueStart && HttpText.IsWhitespace(b[valueEnd - 1]))
            {
                valueEnd--;
            }

            for (int i = valueStart; i < valueEnd; i++)
            {
                // RFC 9110 §5.5: field values hold VCHAR, SP, HTAB and obs-text; CR, LF, NUL and
                // other controls are rejected (header injection).
                byte c = b[i];
                if ((c < 0x20 && c != (byte)'\t') || c == 0x7F)
                {
                    return Fail(400, "control character in header value");
                }
            }

            // RFC 6585 §5: 431 when the header fields, individually or together, are too large.
            if (_count == _maxHeaders)
            {
                return Fail(431, "too many header fields");
            }

            if (valueEnd > 0xFFFF)
            {
                return Fail(431, "header fields too large");
            }

            int k = _count * 4;
            _fields[k] = (ushort)start;
            _fields[k + 1] = (ushort)(colon - start);
            _fields[k + 2] = (ushort)valueStart;
            _fields[k + 3] = (ushort)(valueEnd - valueStart);
            _count++;
            return 0;
        }

        private static bool IsHttpVersion(byte[] b, int start, int end)
        {
            // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT
            return end - start == 8 && HttpText.EqualsOrdinal(b, start, 5, "HTTP/")
                && (uint)(b[start + 5] - '0') <= 9 && b[start + 6] == (byte)'.' && (uint)(b[start + 7] - '0') <= 9;
        }

        private static int IndexOf(byte[] b, int start, int end, byte value)
        {
            for (int i = start; i < end; i++)
            {
                if (b[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private int Fail(int status, string message)
        {
            _error = message;
            return status;
        }
    }
}
