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
                int q = QueryIndex();
                return q < 0 ? -1 : q + 1;
            }
        }

        /// <summary>Length of the query (after the '?'); 0 when there is none.</summary>
        public int QueryLength
        {
            get
            {
                int q = QueryIndex();
                return q < 0 ? 0 : _part1Start + _part1Length - q - 1;
            }
        }

        /// <summary>True when the path (target without query) starts with <paramref name="prefix"/>. Does not allocate.</summary>
        public bool PathStartsWith(string prefix)
        {
            int q = QueryIndex();
            int end = q < 0 ? _part1Start + _part1Length : q;
            if (prefix == null || end - _part1Start < prefix.Length)
            {
                return false;
            }

            return HttpText.EqualsOrdinal(_buffer, _part1Start, prefix.Length, prefix);
        }

        /// <summary>
        /// The request's <c>Content-Length</c>: 0 when absent, -1 when it is not one non-negative
        /// decimal below 2^31 or when lines disagree. Does not allocate.
        /// </summary>
        public int ContentLength
        {
            get
            {
                int result = 0;
                int index = FindHeader("Content-Length", 0);
                bool seen = false;
                while (index >= 0)
                {
                    int start = HeaderValueStart(index);
                    int count = HeaderValueLength(index);

                    // RFC 9110 §8.6: Content-Length = 1*DIGIT; several lines (or a list) with
                    // differing values make the framing invalid (RFC 9112 §6.3 item 5).
                    if (count == 0 || count > 9)
                    {
                        return -1;
                    }

                    int value = 0;
                    for (int i = start; i < start + count; i++)
                    {
                        byte c = _buffer[i];
                        if (c < (byte)'0' || c > (byte)'9')
                        {
                            return -1;
                        }

                        value = (value * 10) + (c - '0');
                    }

                    if (seen && value != result)
                    {
                        return -1;
                    }

                    seen = true;
                    result = value;
                    index = FindHeader("Content-Length", index + 1);
                }

                return result;
            }
        }
    }
}
