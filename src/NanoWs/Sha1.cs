using System;

namespace NanoWs
{
    /// <summary>
    /// SHA-1 message digest (FIPS 180-4 §6.1, RFC 3174), written for the WebSocket opening
    /// handshake (RFC 6455 §4.2.2 derives <c>Sec-WebSocket-Accept</c> from it).
    /// </summary>
    /// <remarks>
    /// <para>All buffers are allocated once by the constructor; <see cref="Update"/>,
    /// <see cref="Final"/> and <see cref="Reset"/> never allocate, so one instance can be kept per
    /// server and reused for every handshake.</para>
    /// <para>SHA-1 is used here only because RFC 6455 requires it; it is not a secure hash for any
    /// other purpose. Instances are not thread-safe.</para>
    /// </remarks>
    internal sealed class Sha1
    {
        /// <summary>Size of a SHA-1 digest in bytes (160 bits).</summary>
        public const int HashSize = 20;

        // RFC 3174 §4 / FIPS 180-4 §5.1.1: the padded message is processed in 512-bit blocks.
        private const int BlockSize = 64;

        // Byte budget (64-bit runtime; a nanoFramework board uses less for headers):
        //   _block   byte[64]  = 64 B payload + array header
        //   _w       uint[16]  = 64 B payload + array header (16-word rolling schedule,
        //                        RFC 3174 §6.2 / FIPS 180-4 §6.1.3, not the 320-byte W[0..79])
        //   _h       uint[5]   = 20 B payload + array header (H0..H4)
        //   _length  long      =  8 B   (bytes hashed so far)
        //   _fill    int       =  4 B   (bytes waiting in _block)
        // ≈ 160 B of payload plus four object headers; nothing is allocated after the ctor.
        private readonly byte[] _block;
        private readonly uint[] _w;
        private readonly uint[] _h;
        private long _length;
        private int _fill;

        /// <summary>Creates a hasher, allocating its block and schedule buffers once.</summary>
        public Sha1()
        {
            _block = new byte[BlockSize];
            _w = new uint[16];
            _h = new uint[5];
            Reset();
        }

        /// <summary>Discards any input hashed so far and starts a new digest.</summary>
        public void Reset()
        {
            // RFC 3174 §6.1 / FIPS 180-4 §5.3.1: initial hash value H0..H4.
            uint[] h = _h;
            h[0] = 0x67452301;
            h[1] = 0xEFCDAB89;
            h[2] = 0x98BADCFE;
            h[3] = 0x10325476;
            h[4] = 0xC3D2E1F0;
            _length = 0;
            _fill = 0;
        }

        /// <summary>Hashes <paramref name="count"/> bytes of <paramref name="data"/> starting at
        /// <paramref name="offset"/>. May be called any number of times with any chunking.</summary>
        /// <param name="data">Source buffer.</param>
        /// <param name="offset">Index of the first byte to hash.</param>
        /// <param name="count">Number of bytes to hash.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside
        /// <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            Utf8.CheckRange(data, offset, count, "data", "offset");

            _length += count;

            // Top up a partly filled block first.
            if (_fill > 0)
            {
                int take = BlockSize - _fill;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _block, _fill, take);
                _fill += take;
                offset += take;
                count -= take;
                if (_fill < BlockSize)
                {
                    return;
                }

                ProcessBlock(_block, 0);
                _fill = 0;
            }

            // Whole blocks straight from the caller's buffer: no copy.
            while (count >= BlockSize)
            {
                ProcessBlock(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _block, 0, count);
                _fill = count;
            }
        }

        /// <summary>Completes the digest, writes its <see cref="HashSize"/> bytes to
        /// <paramref name="output"/> at <paramref name="offset"/>, then resets the hasher so it can
        /// be reused.</summary>
        /// <param name="output">Destination buffer.</param>
        /// <param name="offset">Index at which the 20 digest bytes are written.</param>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 20 bytes are available at
        /// <paramref name="offset"/>.</exception>
        public void Final(byte[] output, int offset)
        {
            Utf8.CheckRange(output, offset, HashSize, "output", "offset");

            // RFC 3174 §4 / FIPS 180-4 §5.1.1: message length in bits, 64-bit big-endian.
            long bitLength = _length << 3;

            // RFC 3174 §4: append the bit "1" (0x80) ...
            _block[_fill++] = 0x80;

            // ... then zeros until 56 bytes (448 bits) mod 64 remain; if the length field no longer
            // fits in this block, pad it out and start another.
            if (_fill > BlockSize - 8)
            {
                Array.Clear(_block, _fill, BlockSize - _fill);
                ProcessBlock(_block, 0);
                _fill = 0;
            }

            Array.Clear(_block, _fill, BlockSize - 8 - _fill);

            for (int i = 0; i < 8; i++)
            {
                _block[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            ProcessBlock(_block, 0);

            // RFC 3174 §6.1 / FIPS 180-4 §6.1.2: the digest is H0 H1 H2 H3 H4, big-endian.
            for (int i = 0; i < HashSize; i++)
            {
                output[offset + i] = (byte)(_h[i >> 2] >> (24 - ((i & 3) << 3)));
            }

            // Do not leave message bytes in the buffer longer than needed.
            Array.Clear(_block, 0, BlockSize);
            Reset();
        }

        /// <summary>RFC 3174 §6.2 (FIPS 180-4 §6.1.3): one compression of a 64-byte block, with
        /// the message schedule kept as a 16-word circular buffer.</summary>
        private void ProcessBlock(byte[] data, int offset)
        {
            uint[] w = _w;

            // RFC 3174 §6.2 step a / FIPS 180-4 §6.1.2 step 1: W0..W15 are the block's words.
            for (int t = 0; t < 16; t++)
            {
                int p = offset + (t << 2);
                w[t] = ((uint)data[p] << 24) | ((uint)data[p + 1] << 16)
                     | ((uint)data[p + 2] << 8) | data[p + 3];
            }

            uint[] h = _h;
            uint a = h[0];
            uint b = h[1];
            uint c = h[2];
            uint d = h[3];
            uint e = h[4];

            // RFC 3174 §5 / FIPS 180-4 §4.1.1, §4.2.1: f and K change every 20 rounds.
            for (int t = 0; t < 80; t++)
            {
                uint wt;
                uint temp;
                if (t < 16)
                {
                    wt = w[t];
                }
                else
                {
                    // RFC 3174 §6.2 step c: W[s] = S^1(W[(s+13)&MASK] XOR W[(s+8)&MASK] XOR
                    // W[(s+2)&MASK] XOR W[s]), s = t AND MASK, MASK = 0xF; that is
                    // W(t-3) ^ W(t-8) ^ W(t-14) ^ W(t-16) of RFC 3174 §6.1 step b.
                    int s = t & 15;
                    uint x = w[(s + 13) & 15] ^ w[(s + 8) & 15] ^ w[(s + 2) & 15] ^ w[s];
                    wt = (x << 1) | (x >> 31);
                    w[s] = wt;
                }

                if (t < 20)
                {
                    // Ch(b, c, d)
                    temp = ((b & c) | (~b & d)) + 0x5A827999;
                }
                else if (t < 40)
                {
                    // Parity(b, c, d)
                    temp = (b ^ c ^ d) + 0x6ED9EBA1;
                }
                else if (t < 60)
                {
                    // Maj(b, c, d)
                    temp = ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC;
                }
                else
                {
                    // Parity(b, c, d)
                    temp = (b ^ c ^ d) + 0xCA62C1D6;
                }

                // RFC 3174 §6.2 step c: TEMP = S^5(A) + f(t;B,C,D) + E + W[s] + K(t).
                temp += ((a << 5) | (a >> 27)) + e + wt;
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            // RFC 3174 §6.2 step d: add the working variables into H0..H4.
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
        }
    }
}
