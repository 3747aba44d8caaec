namespace NanoWs
{
    /// <summary>
    /// Allocation-free access to a request head for transports that serve requests themselves (a
    /// long-polling endpoint): where the query lies in the receive buffer, a path prefix, and the
    /// declared body length.
    /// </summary>
    public sealed partial class HttpHead
    {
        /// <summary>Offset in the parsed buffer of the query (after the '?'), or -1 when there is none.</summary>
        public int QueryOffset
        {
            get
            {
                int q = PathEnd() + 1;
                return q > _part1Start + _part1Length ? -1 : q;
            }
        }

        /// <summary>Length of the query (after the '?'); 0 when there is none.</summary>
        public int QueryLength
        {
            get
            {
                int length = _part1Start + _part1Length - PathEnd() - 1;
                return length < 0 ? 0 : length;
            }
        }

        /// <summary>True when the path (target without query) starts with <paramref name="prefix"/>. Does not allocate.</summary>
        public bool PathStartsWith(string prefix)
        {
            return prefix != null && PathEnd() - _part1Start >= prefix.Length
                && HttpText.EqualsOrdinal(_buffer, _part1Start, prefix.Length, prefix);
        }

        /// <summary>
        /// The request's <c>Content-Length</c>: 0 when absent, -1 when it is not one non-negative
        /// decimal below 2^31 or when lines disagree. Does not allocate.
        /// </summary>
        public int ContentLength
        {
            get
            {
                // -2: no Content-Length line seen yet.
                int result = -2;
                for (int h = FindHeader("Content-Length", 0); h >= 0; h = FindHeader("Content-Length", h + 1))
                {
                    int i = _fields[(h * 4) + 2];
                    int end = i + _fields[(h * 4) + 3];

                    // RFC 9110 §8.6: Content-Length = 1*DIGIT; several lines (or a list) with
                    // differing values make the framing invalid (RFC 9112 §6.3 item 5).
                    if (end == i || end - i > 9)
                    {
                        return -1;
                    }

                    int value = 0;
                    for (; i < end; i++)
                    {
                        int digit = _buffer[i] - '0';
                        if ((uint)digit > 9)
                        {
                            return -1;
                        }

                        value = (value * 10) + digit;
                    }

                    if (result != -2 && value != result)
                    {
                        return -1;
                    }

                    result = value;
                }

                return result == -2 ? 0 : result;
            }
        }
    }
}
