namespace NanoWs
{
    /// <summary>Read access to a parsed head: start line, header fields, path, query and cookies.</summary>
    public sealed partial class HttpHead
    {
        /// <summary>Request method, e.g. "GET" (allocates).</summary>
        public string Method
        {
            get { return HttpText.ToAscii(_buffer, _part0Start, _part0Length); }
        }

        /// <summary>Request target as sent, e.g. "/ws?token=abc" (allocates).</summary>
        public string Target
        {
            get { return HttpText.ToAscii(_buffer, _part1Start, _part1Length); }
        }

        /// <summary>Path part of the target, without the query (allocates).</summary>
        public string Path
        {
            get
            {
                return HttpText.ToAscii(_buffer, _part1Start, PathEnd() - _part1Start);
            }
        }

        /// <summary>Query part of the target without the '?', or null when there is none (allocates).</summary>
        public string Query
        {
            get
            {
                int q = PathEnd() + 1;
                int end = _part1Start + _part1Length;
                return q > end ? null : HttpText.ToAscii(_buffer, q, end - q);
            }
        }

        /// <summary>HTTP version of a request ("HTTP/1.1") or of a response (allocates).</summary>
        public string Version
        {
            get
            {
                // RFC 9112 §3: a request line ends with the version; §4: a status line starts with it.
                return _isRequest
                    ? HttpText.ToAscii(_buffer, _part2Start, _part2Length)
                    : HttpText.ToAscii(_buffer, _part0Start, _part0Length);
            }
        }

        /// <summary>Status code of a response head.</summary>
        public int StatusCode
        {
            get
            {
                int b = _part1Start;
                return ((_buffer[b] - '0') * 100) + ((_buffer[b + 1] - '0') * 10) + (_buffer[b + 2] - '0');
            }
        }

        /// <summary>True when the method is <paramref name="method"/> (case-sensitive, RFC 9110 §9.1).</summary>
        public bool MethodIs(string method)
        {
            return HttpText.EqualsOrdinal(_buffer, _part0Start, _part0Length, method);
        }

        /// <summary>True when the path (target without query) equals <paramref name="path"/> exactly. Does not allocate.</summary>
        public bool PathEquals(string path)
        {
            return HttpText.EqualsOrdinal(_buffer, _part1Start, PathEnd() - _part1Start, path);
        }

        /// <summary>Name of header line <paramref name="index"/> (allocates).</summary>
        public string GetHeaderName(int index)
        {
            return HttpText.ToAscii(_buffer, _fields[index * 4], _fields[(index * 4) + 1]);
        }

        /// <summary>Value of header line <paramref name="index"/>, surrounding whitespace removed (allocates).</summary>
        public string GetHeaderValue(int index)
        {
            return HttpText.ToAscii(_buffer, _fields[(index * 4) + 2], _fields[(index * 4) + 3]);
        }

        /// <summary>Index of the first header line named <paramref name="name"/> at or after <paramref name="from"/>, or -1.</summary>
        public int FindHeader(string name, int from)
        {
            for (int i = from; i < _count; i++)
            {
                // RFC 9110 §5.1: field names are case-insensitive.
                if (HttpText.EqualsIgnoreCase(_buffer, _fields[i * 4], _fields[(i * 4) + 1], name))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Number of header lines named <paramref name="name"/>.</summary>
        public int CountHeader(string name)
        {
            int n = 0;
            for (int i = FindHeader(name, 0); i >= 0; i = FindHeader(name, i + 1))
            {
                n++;
            }

            return n;
        }

        /// <summary>Value of the first header named <paramref name="name"/>, or null (allocates).</summary>
        public string GetHeader(string name)
        {
            int i = FindHeader(name, 0);
            return i < 0 ? null : GetHeaderValue(i);
        }

        /// <summary>True when the value of the first header named <paramref name="name"/> equals <paramref name="value"/> exactly.</summary>
        public bool HeaderEquals(string name, string value)
        {
            int i = FindHeader(name, 0);
            return i >= 0 && HttpText.EqualsOrdinal(_buffer, _fields[(i * 4) + 2], _fields[(i * 4) + 3], value);
        }

        /// <summary>
        /// True when any header line named <paramref name="name"/> holds <paramref name="token"/>
        /// in its comma-separated list (RFC 9110 §5.3: repeated lines form one list).
        /// </summary>
        public bool HeaderContainsToken(string name, string token, bool ignoreCase)
        {
            for (int i = FindHeader(name, 0); i >= 0; i = FindHeader(name, i + 1))
            {
                if (HttpText.ListContains(_buffer, _fields[(i * 4) + 2], _fields[(i * 4) + 3], token, ignoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when a non-empty header named <paramref name="name"/> is present.</summary>
        public bool HasNonEmptyHeader(string name)
        {
            for (int i = FindHeader(name, 0); i >= 0; i = FindHeader(name, i + 1))
            {
                if (_fields[(i * 4) + 3] > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Value of cookie <paramref name="name"/> from the <c>Cookie</c> header(s) (RFC 6265 §5.4),
        /// or null (allocates the result only).
        /// </summary>
        public string GetCookie(string name)
        {
            for (int h = FindHeader("Cookie", 0); h >= 0; h = FindHeader("Cookie", h + 1))
            {
                int start = _fields[(h * 4) + 2];
                string value = FindPair(start, start + _fields[(h * 4) + 3], (byte)';', name);
                if (value != null)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>Raw (not percent-decoded) value of query parameter <paramref name="name"/>, or null.</summary>
        public string GetQueryParameter(string name)
        {
            // Without a query the pair search starts past the end and finds nothing.
            return FindPair(PathEnd() + 1, _part1Start + _part1Length, (byte)'&', name);
        }

        private string FindPair(int start, int end, byte separator, string name)
        {
            int i = start;
            while (i < end)
            {
                int stop = i;
                while (stop < end && _buffer[stop] != separator)
                {
                    stop++;
                }

                int s = i;
                while (s < stop && _buffer[s] == (byte)' ')
                {
                    s++;
                }

                int eq = s;
                while (eq < stop && _buffer[eq] != (byte)'=')
                {
                    eq++;
                }

                if (eq < stop && HttpText.EqualsOrdinal(_buffer, s, eq - s, name))
                {
                    int vs = eq + 1;
                    int ve = stop;
                    while (ve > vs && _buffer[ve - 1] == (byte)' ')
                    {
                        ve--;
                    }

                    // RFC 6265 §4.1.1: a cookie value may be enclosed in double quotes.
                    if (ve - vs >= 2 && _buffer[vs] == (byte)'"' && _buffer[ve - 1] == (byte)'"')
                    {
                        vs++;
                        ve--;
                    }

                    return HttpText.ToAscii(_buffer, vs, ve - vs);
                }

                i = stop + 1;
            }

            return null;
        }

        /// <summary>Index of the '?' that starts the query, or the end of the target when there is none.</summary>
        private int PathEnd()
        {
            int end = _part1Start + _part1Length;
            int i = _part1Start;
            while (i < end && _buffer[i] != (byte)'?')
            {
                i++;
            }

            return i;
        }

        /// <summary>True when the method is one of <paramref name="names"/>, each followed by a space (exact match).</summary>
        internal bool MethodIsOneOf(string names)
        {
            char[] n = names.ToCharArray();
            int start = 0;
            for (int i = 0; i < n.Length; i++)
            {
                if (n[i] != ' ')
                {
                    continue;
                }

                bool same = i - start == _part0Length;
                for (int k = 0; same && k < _part0Length; k++)
                {
                    same = _buffer[_part0Start + k] == n[start + k];
                }

                if (same)
                {
                    return true;
                }

                start = i + 1;
            }

            return false;
        }
    }
}
