namespace NanoWs.Net
{
    /// <summary>
    /// Wrong passwords and tokens per peer address, with exponential backoff: the first
    /// <c>freeAttempts</c> failures cost nothing; every one after that blocks the address for
    /// <c>baseMs</c>, then twice as long, and so on up to 64 × <c>baseMs</c>. A success clears the
    /// address. The table has a fixed number of entries, allocated once; when it is full the entry
    /// seen longest ago gives way (many addresses guessing at once can push each other out; each
    /// of them still pays its own backoff while it is in the table).
    /// </summary>
    internal sealed class CredentialThrottle
    {
        // Byte budget: capacity × (8 + 4 + 8 + 8) bytes in four arrays, ~30 bytes a peer.
        private readonly long[] _peers;
        private readonly int[] _failures;
        private readonly long[] _blockedUntil;
        private readonly long[] _lastSeen;
        private readonly int _freeAttempts;
        private readonly long _baseMs;

        internal CredentialThrottle(int capacity, int freeAttempts, long baseMs)
        {
            _peers = new long[capacity];
            _failures = new int[capacity];
            _blockedUntil = new long[capacity];
            _lastSeen = new long[capacity];
            _freeAttempts = freeAttempts;
            _baseMs = baseMs;
        }

        /// <summary>Milliseconds until <paramref name="peer"/> may try again; 0 when it may now.</summary>
        internal long RetryAfterMs(long peer, long now)
        {
            int i = Find(peer);
            if (i < 0 || _failures[i] == 0)
            {
                return 0;
            }

            long wait = _blockedUntil[i] - now;
            return wait > 0 ? wait : 0;
        }

        /// <summary>Records a failure of <paramref name="peer"/>; returns the backoff it now has (0: none).</summary>
        internal long Failed(long peer, long now)
        {
            lock (this)
            {
                int i = Find(peer);
                if (i < 0)
                {
                    i = Oldest();
                    _peers[i] = peer;
                    _failures[i] = 0;
                    _blockedUntil[i] = 0;
                }

                _lastSeen[i] = now;
                if (_failures[i] < int.MaxValue)
                {
                    _failures[i]++;
                }

                int over = _failures[i] - _freeAttempts;
                if (over <= 0)
                {
                    return 0;
                }

                long backoff = _baseMs << (over - 1 < 6 ? over - 1 : 6);
                _blockedUntil[i] = now + backoff;
                return backoff;
            }
        }

        /// <summary>Forgets the failures of <paramref name="peer"/> (it proved it knows the secret).</summary>
        internal void Succeeded(long peer)
        {
            lock (this)
            {
                int i = Find(peer);
                if (i >= 0)
                {
                    _failures[i] = 0;
                    _blockedUntil[i] = 0;
                }
            }
        }

        /// <summary>Failures recorded for <paramref name="peer"/> (tests).</summary>
        internal int FailuresOf(long peer)
        {
            int i = Find(peer);
            return i < 0 ? 0 : _failures[i];
        }

        private int Find(long peer)
        {
            for (int i = 0; i < _peers.Length; i++)
            {
                if (_failures[i] > 0 && _peers[i] == peer)
                {
                    return i;
                }
            }

            return -1;
        }

        private int Oldest()
        {
            int oldest = 0;
            for (int i = 0; i < _peers.Length; i++)
            {
                if (_failures[i] == 0)
                {
                    return i;
                }

                if (_lastSeen[i] < _lastSeen[oldest])
                {
                    oldest = i;
                }
            }

            return oldest;
        }
    }
}
