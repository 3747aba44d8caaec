namespace NanoWs.Net
{
    /// <summary>
    /// Login sessions: a fixed table of random 16-byte ids with an expiry each, allocated once.
    /// A session id is sent to the browser as 32 lowercase hex digits in an <c>HttpOnly;
    /// SameSite=Strict</c> cookie and looked up with a compare that takes the same time whatever
    /// the guess. When the table is full, the session closest to its expiry gives way.
    /// </summary>
    internal sealed class SessionTable
    {
        /// <summary>Bytes of randomness in a session id (128 bits).</summary>
        internal const int IdBytes = 16;

        /// <summary>Length of a session id's hex form in the cookie.</summary>
        internal const int CookieLength = 2 * IdBytes;

        // Byte budget: capacity × (16 + 8 + 4) bytes in three arrays, a 16-byte scratch, the source.
        private readonly byte[] _ids;
        private readonly long[] _expires;
        private readonly int[] _generation;
        private readonly byte[] _scratch = new byte[IdBytes];
        private readonly IRandomSource _random;
        private readonly long _lifetimeMs;

        internal SessionTable(int capacity, long lifetimeMs, IRandomSource random)
        {
            _ids = new byte[capacity * IdBytes];
            _expires = new long[capacity];
            _generation = new int[capacity];
            _lifetimeMs = lifetimeMs;
            _random = random;
        }

        /// <summary>Number of places.</summary>
        internal int Capacity
        {
            get { return _expires.Length; }
        }

        /// <summary>Starts a session valid until now + lifetime; returns its place.</summary>
        internal int Create(long now)
        {
            lock (this)
            {
                int place = 0;
                for (int i = 0; i < _expires.Length; i++)
                {
                    if (_expires[i] <= now)
                    {
                        place = i;
                        break;
                    }

                    if (_expires[i] < _expires[place])
                    {
                        place = i;
                    }
                }

                _random.Fill(_ids, place * IdBytes, IdBytes);
                _expires[place] = now + _lifetimeMs;
                _generation[place]++;
                return place;
            }
        }

        /// <summary>A key naming one session (place and generation), unequal to any later session in the place.</summary>
        internal long KeyOf(int place)
        {
            return ((long)_generation[place] << 8) | (long)(place + 1);
        }

        /// <summary>The cookie value of the session in <paramref name="place"/>: 32 lowercase hex digits.</summary>
        internal string CookieValue(int place)
        {
            char[] hex = new char[CookieLength];
            for (int i = 0; i < IdBytes; i++)
            {
                int b = _ids[(place * IdBytes) + i];
                hex[2 * i] = Hex(b >> 4);
                hex[(2 * i) + 1] = Hex(b & 0xF);
            }

            return new string(hex);
        }

        /// <summary>
        /// The place of the live session whose cookie value is <paramref name="cookie"/>, or -1.
        /// Every place is compared over every byte, whatever matched.
        /// </summary>
        internal int Find(string cookie, long now)
        {
            if (cookie == null || cookie.Length != CookieLength)
            {
                return -1;
            }

            lock (this)
            {
                for (int i = 0; i < IdBytes; i++)
                {
                    int hi = Nibble(cookie[2 * i]);
                    int lo = Nibble(cookie[(2 * i) + 1]);
                    if (hi < 0 || lo < 0)
                    {
                        return -1;
                    }

                    _scratch[i] = (byte)((hi << 4) | lo);
                }

                int found = -1;
                for (int place = 0; place < _expires.Length; place++)
                {
                    int diff = _expires[place] > now ? 0 : 1;
                    for (int i = 0; i < IdBytes; i++)
                    {
                        diff |= _ids[(place * IdBytes) + i] ^ _scratch[i];
                    }

                    if (diff == 0)
                    {
                        found = place;
                    }
                }

                return found;
            }
        }

        /// <summary>Ends the session in <paramref name="place"/> (logout).</summary>
        internal void Remove(int place)
        {
            lock (this)
            {
                _expires[place] = 0;
                _random.Fill(_ids, place * IdBytes, IdBytes);
            }
        }

        /// <summary>True while the session named by <paramref name="key"/> is live.</summary>
        internal bool IsLive(long key, long now)
        {
            int place = (int)(key & 0xFF) - 1;
            return place >= 0 && place < _expires.Length && KeyOf(place) == key && _expires[place] > now;
        }

        private static char Hex(int v)
        {
            return (char)(v < 10 ? '0' + v : 'a' + v - 10);
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
