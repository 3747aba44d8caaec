using System;

namespace NanoWs
{
    /// <summary>
    /// Incremental, allocation-free UTF-8 validator (RFC 3629 §3–4) for text messages and close
    /// reasons, fed as bytes arrive in any chunking.
    /// </summary>
    /// <remarks>
    /// <para>RFC 6455 §8.1: when an endpoint finds that text data is not valid UTF-8 it MUST fail
    /// the WebSocket connection (close code 1007, §7.4.1). The validator reports the first invalid
    /// byte as soon as that byte is seen, even in the middle of a frame or a multi-byte sequence
    /// split across chunks, so the connection can fail fast.</para>
    /// <para>A message that ends in the middle of a sequence is also invalid: after the last
    /// fragment the caller checks <see cref="IsAtBoundary"/>.</para>
    /// <para>Noncharacters such as U+FFFE and U+FFFF are well-formed UTF-8 and are accepted
    /// (RFC 3629 §3 forbids only surrogates and values above U+10FFFF).</para>
    /// </remarks>
    internal sealed class Utf8Validator
    {
        // Byte budget: three ints and a bool (13 B of payload plus one object header); no buffers.
        //   _pending  continuation bytes still expected in the current sequence (0..3)
        //   _low/_high  inclusive range allowed for the NEXT continuation byte; the second byte
        //               of E0, ED, F0 and F4 sequences is narrower than 80..BF (RFC 3629 §4)
        private int _pending;
        private int _low;
        private int _high;
        private bool _failed;

        /// <summary>Creates a validator at the start of a text.</summary>
        public Utf8Validator()
        {
            Reset();
        }

        /// <summary>True when the bytes seen so far end on a character boundary, i.e. not inside
        /// a multi-byte sequence. A message whose final byte leaves this false is truncated and
        /// therefore invalid (RFC 3629 §3). Not meaningful once <see cref="IsFailed"/> is true.
        /// </summary>
        public bool IsAtBoundary
        {
            get { return _pending == 0; }
        }

        /// <summary>True once an invalid byte has been seen; stays true until
        /// <see cref="Reset"/>.</summary>
        public bool IsFailed
        {
            get { return _failed; }
        }

        /// <summary>Starts validating a new text.</summary>
        public void Reset()
        {
            _pending = 0;
            _low = 0x80;
            _high = 0xBF;
            _failed = false;
        }

        /// <summary>
        /// Validates the next <paramref name="count"/> bytes of the text.
        /// </summary>
        /// <param name="buffer">Buffer holding the bytes.</param>
        /// <param name="offset">Index of the first byte to validate.</param>
        /// <param name="count">Number of bytes to validate.</param>
        /// <returns>-1 when every byte seen so far (in this and earlier calls) is valid; otherwise
        /// the index in <paramref name="buffer"/> of the first invalid byte. Once failed, the
        /// validator stays failed and every later call returns <paramref name="offset"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="buffer"/>.</exception>
        public int Validate(byte[] buffer, int offset, int count)
        {
            Utf8.CheckRange(buffer, offset, count, "buffer", "offset");
#if NANOWS_HOST_FASTPATH
            if (_failed)
            {
                return offset;
            }

            // Finish a sequence left open by the previous call, then let the platform's vectorised
            // validator prove the longest run that ends on a character boundary; the portable loop
            // takes the rest. Where the run is invalid the portable loop walks it from its start,
            // so the index of the first invalid byte is exactly the one the board would report.
            if (_pending > 0)
            {
                int lead = _pending < count ? _pending : count;
                int bad = ValidatePortable(buffer, offset, lead);
                if (bad >= 0)
                {
                    return bad;
                }

                offset += lead;
                count -= lead;
            }

            int proven = _pending == 0 ? ValidateWide(buffer, offset, count) : 0;
            offset += proven;
            count -= proven;
#endif
            return ValidatePortable(buffer, offset, count);
        }

        /// <summary>The loop a board runs: <see cref="Validate"/> without argument checks.</summary>
        internal int ValidatePortable(byte[] buffer, int offset, int count)
        {
            if (_failed)
            {
                return offset;
            }

            int pending = _pending;
            int low = _low;
            int high = _high;
            int end = offset + count;
            int i = offset;

            while (i < end)
            {
                int b = buffer[i];

                if (pending == 0)
                {
                    if (b < 0x80)
                    {
                        // Fast path: a run of ASCII needs no state changes. Eight bytes are tested
                        // with one comparison (any byte >= 0x80 sets the OR's top bit), which on an
                        // interpreter costs about half as much per byte as one test per byte.
                        i++;
                        int last8 = end - 8;
                        while (i <= last8 && (buffer[i] | buffer[i + 1] | buffer[i + 2] | buffer[i + 3] |
                            buffer[i + 4] | buffer[i + 5] | buffer[i + 6] | buffer[i + 7]) < 0x80)
                        {
                            i += 8;
                        }

                        while (i < end && buffer[i] < 0x80)
                        {
                            i++;
                        }

                        continue;
                    }

                    // RFC 3629 §3: 80..BF are continuation bytes and cannot start a character.
                    // C0 and C1 could only start overlong two-byte forms of U+0000..U+007F;
                    // RFC 3629 §1: "The octet values C0, C1, F5 to FF never appear".
                    if (b < 0xC2)
                    {
                        break;
                    }

                    if (b < 0xE0)
                    {
                        // RFC 3629 §4: UTF8-2 = %xC2-DF UTF8-tail
                        pending = 1;
                    }
                    else if (b < 0xF0)
                    {
                        // RFC 3629 §4: UTF8-3 = E0 A0-BF tail / E1-EC 2tail / ED 80-9F tail /
                        // EE-EF 2tail. E0 80..9F would be overlong; ED A0..BF would encode the
                        // surrogates U+D800..U+DFFF, which RFC 3629 §3 prohibits.
                        pending = 2;
                        if (b == 0xE0)
                        {
                            low = 0xA0;
                        }
                        else if (b == 0xED)
                        {
                            high = 0x9F;
                        }
                    }
                    else if (b < 0xF5)
                    {
                        // RFC 3629 §4: UTF8-4 = F0 90-BF 2tail / F1-F3 3tail / F4 80-8F 2tail.
                        // F0 80..8F would be overlong; F4 90..BF would exceed U+10FFFF, the
                        // limit RFC 3629 §3 sets.
                        pending = 3;
                        if (b == 0xF0)
                        {
                            low = 0x90;
                        }
                        else if (b == 0xF4)
                        {
                            high = 0x8F;
                        }
                    }
                    else
                    {
                        // RFC 3629 §1: F5..FF (FE and FF included) never appear; they would
                        // start sequences for values above U+10FFFF (RFC 3629 §3).
                        break;
                    }
                }
                else
                {
                    // RFC 3629 §4: every byte after the lead must be a tail (80..BF), and the
                    // second byte of some sequences is narrower; anything else — ASCII or a new
                    // lead byte — makes the earlier sequence incomplete, and this is the first
                    // byte that proves it.
                    if (b < low || b > high)
                    {
                        break;
                    }

                    pending--;
                    low = 0x80;
                    high = 0xBF;
                }

                i++;
            }

            if (i < end)
            {
                // The loop stopped at the first invalid byte.
                _failed = true;
                return i;
            }

            _pending = pending;
            _low = low;
            _high = high;
            return -1;
        }

#if NANOWS_HOST_FASTPATH
        /// <summary>
        /// Host only: the number of bytes from <paramref name="offset"/>, ending on a character
        /// boundary, that the platform's UTF-8 validator proves well-formed (same rules: RFC 3629);
        /// 0 when the run is short or not valid.
        /// </summary>
        private static int ValidateWide(byte[] buffer, int offset, int count)
        {
            if (count < 32)
            {
                return 0;
            }

            // Leave out a sequence that the end of this run cuts short (at most 3 bytes).
            int end = offset + count;
            int cut = end;
            for (int back = 1; back <= 3; back++)
            {
                int b = buffer[end - back];
                if ((b & 0xC0) == 0x80)
                {
                    continue;
                }

                int length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : (b >= 0xC0 ? 2 : 1));
                if (length > back)
                {
                    cut = end - back;
                }

                break;
            }

            int run = cut - offset;
            return System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(buffer, offset, run)) ? run : 0;
        }
#endif
    }
}
