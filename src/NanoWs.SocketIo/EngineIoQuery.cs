namespace NanoWs.SocketIo
{
    /// <summary>
    /// The Engine.IO parameters of a request's query string (<c>EIO</c>, <c>transport</c>,
    /// <c>sid</c>), found in place in the request bytes: nothing is copied or allocated.
    /// </summary>
    public sealed class EngineIoQuery
    {
        /// <summary>The <c>EIO</c> value, or -1 when missing or not a small number.</summary>
        public int Eio;

        /// <summary>The <c>transport</c> value.</summary>
        public EngineIoTransport Transport;

        /// <summary>Offset of the <c>sid</c> value in the parsed bytes, and its length (0: none).</summary>
        public int SidOffset;

        /// <summary>Length of the <c>sid</c> value; 0 when there is none.</summary>
        public int SidLength;

        /// <summary>
        /// Reads the query of <paramref name="count"/> bytes at <paramref name="offset"/> (the part
        /// after <c>?</c>, up to the end of the request target). Unknown parameters (<c>t</c>,
        /// <c>j</c>, the client's own) are ignored; values are compared as sent (no percent-decoding:
        /// the three values never need it).
        /// </summary>
        public void Parse(byte[] b, int offset, int count)
        {
            Eio = -1;
            Transport = EngineIoTransport.Unknown;
            SidOffset = 0;
            SidLength = 0;
            int end = offset + count;
            int p = offset;
            while (p < end)
            {
                int amp = p;
                while (amp < end && b[amp] != (byte)'&')
                {
                    amp++;
                }

                int eq = p;
                while (eq < amp && b[eq] != (byte)'=')
                {
                    eq++;
                }

                int v = eq < amp ? eq + 1 : amp;
                if (Is(b, p, eq, "EIO"))
                {
                    Eio = SmallNumber(b, v, amp);
                }
                else if (Is(b, p, eq, "transport"))
                {
                    Transport = Is(b, v, amp, "polling") ? EngineIoTransport.Polling
                        : Is(b, v, amp, "websocket") ? EngineIoTransport.WebSocket : EngineIoTransport.Unknown;
                }
                else if (Is(b, p, eq, "sid"))
                {
                    SidOffset = v;
                    SidLength = amp - v;
                }

                p = amp + 1;
            }
        }

        private static bool Is(byte[] b, int start, int end, string s)
        {
            if (end - start != s.Length)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (b[start + i] != (byte)s[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int SmallNumber(byte[] b, int start, int end)
        {
            if (end <= start || end - start > 4)
            {
                return -1;
            }

            int n = 0;
            for (int i = start; i < end; i++)
            {
                if (b[i] < (byte)'0' || b[i] > (byte)'9')
                {
                    return -1;
                }

                n = n * 10 + (b[i] - '0');
            }

            return n;
        }
    }
}
