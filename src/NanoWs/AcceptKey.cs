using System;

namespace NanoWs
{
    /// <summary>
    /// Derives the <c>Sec-WebSocket-Accept</c> value from a <c>Sec-WebSocket-Key</c>
    /// (RFC 6455 §1.3 and §4.2.2 step 5, item 4): base64(SHA-1(key + GUID)).
    /// </summary>
    /// <remarks>
    /// The server uses it to answer a handshake and the client to check the answer
    /// (RFC 6455 §4.1: a mismatching <c>Sec-WebSocket-Accept</c> fails the connection).
    /// <see cref="ComputeHash"/> and <see cref="Write"/> allocate nothing; the string-returning
    /// overloads allocate their result (and the string-taking one its buffers). Base64 is the
    /// project's own encoder (<see cref="WriteBase64"/>), not <c>Convert.ToBase64String</c>, which
    /// nanoFramework implements only in firmwares built with <c>NF_SUPPORT_ANY_BASE_CONVERSION</c>.
    /// </remarks>
    internal static class AcceptKey
    {
        /// <summary>The globally unique identifier that RFC 6455 §1.3 appends to the key.</summary>
        public const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

        // RFC 6455 §1.3: the GUID's ASCII bytes, built once (36 B + array header) so that hashing
        // a key never allocates.
        private static readonly byte[] GuidBytes = new byte[36];

        static AcceptKey()
        {
            HttpText.Write(GuidBytes, 0, Guid);
        }

        /// <summary>
        /// Writes SHA-1(key bytes || GUID bytes) — the 20-byte digest that is base64-encoded into
        /// <c>Sec-WebSocket-Accept</c> — to <paramref name="hash"/> at
        /// <paramref name="hashOffset"/>. Allocates nothing.
        /// </summary>
        /// <param name="key">Buffer holding the <c>Sec-WebSocket-Key</c> value exactly as sent
        /// (RFC 6455 §1.3: the header's value with surrounding whitespace trimmed).</param>
        /// <param name="offset">Index of the key's first byte.</param>
        /// <param name="count">Length of the key in bytes.</param>
        /// <param name="sha">Hasher to use; it is reset before and after.</param>
        /// <param name="hash">Destination for the <see cref="Sha1.HashSize"/>-byte digest.</param>
        /// <param name="hashOffset">Index in <paramref name="hash"/> of the digest's first byte.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sha"/> or a buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        public static void ComputeHash(byte[] key, int offset, int count, Sha1 sha, byte[] hash, int hashOffset)
        {
            if (sha == null)
            {
                throw new ArgumentNullException(nameof(sha));
            }

            // RFC 6455 §4.2.2 step 5, item 4: concatenate the key (as sent, not base64-decoded)
            // with the GUID and take the SHA-1 of the result.
            sha.Reset();
            sha.Update(key, offset, count);
            sha.Update(GuidBytes, 0, GuidBytes.Length);
            sha.Final(hash, hashOffset);
        }

        /// <summary>
        /// Returns the <c>Sec-WebSocket-Accept</c> value for the key in
        /// <paramref name="key"/>. The only allocations are the returned string and the 28
        /// characters it is built from.
        /// </summary>
        /// <param name="key">Buffer holding the <c>Sec-WebSocket-Key</c> value.</param>
        /// <param name="offset">Index of the key's first byte.</param>
        /// <param name="count">Length of the key in bytes.</param>
        /// <param name="sha">Hasher to use; it is reset before and after.</param>
        /// <param name="hashScratch">At least <see cref="Sha1.HashSize"/> bytes of scratch space;
        /// its first 20 bytes are overwritten with the digest.</param>
        /// <returns>The base64 digest, 28 characters long.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        public static string Compute(byte[] key, int offset, int count, Sha1 sha, byte[] hashScratch)
        {
            ComputeHash(key, offset, count, sha, hashScratch, 0);

            // RFC 6455 §4.2.2 step 5, item 4: the value is the base64 encoding (RFC 4648 §4) of
            // the 20-byte hash.
            byte[] ascii = new byte[28];
            WriteBase64(hashScratch, 0, Sha1.HashSize, ascii, 0);
            return HttpText.ToAscii(ascii, 0, 28);
        }

        /// <summary>
        /// Writes the 28 ASCII bytes of the <c>Sec-WebSocket-Accept</c> value for the key in
        /// <paramref name="key"/> to <paramref name="destination"/> at
        /// <paramref name="destinationOffset"/> and returns the offset after them. Allocates nothing:
        /// this is what a server's handshake answer uses.
        /// </summary>
        /// <param name="key">Buffer holding the <c>Sec-WebSocket-Key</c> value.</param>
        /// <param name="offset">Index of the key's first byte.</param>
        /// <param name="count">Length of the key in bytes.</param>
        /// <param name="sha">Hasher to use; it is reset before and after.</param>
        /// <param name="hashScratch">At least <see cref="Sha1.HashSize"/> bytes of scratch space;
        /// its first 20 bytes are overwritten with the digest.</param>
        /// <param name="destination">Buffer the value is written to.</param>
        /// <param name="destinationOffset">Index of the value's first byte.</param>
        /// <returns><paramref name="destinationOffset"/> + 28.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        public static int Write(byte[] key, int offset, int count, Sha1 sha, byte[] hashScratch, byte[] destination, int destinationOffset)
        {
            Utf8.CheckRange(destination, destinationOffset, 28, "destination", "destinationOffset");

            ComputeHash(key, offset, count, sha, hashScratch, 0);

            // RFC 6455 §4.2.2 step 5, item 4: base64 of the 20-byte hash, 28 characters.
            return WriteBase64(hashScratch, 0, Sha1.HashSize, destination, destinationOffset);
        }

        /// <summary>
        /// Writes the base64 encoding (RFC 4648 §4, with padding) of <paramref name="count"/> bytes
        /// as ASCII to <paramref name="destination"/> and returns the offset after it: 4 characters
        /// per 3 bytes, rounded up. Allocates nothing. The caller checks the ranges.
        /// </summary>
        internal static int WriteBase64(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            // RFC 4648 §4: each group of 3 bytes becomes 4 characters of 6 bits each.
            int o = destinationOffset;
            int i = offset;
            int end = offset + count;
            for (; i + 3 <= end; i += 3)
            {
                int v = (source[i] << 16) | (source[i + 1] << 8) | source[i + 2];
                destination[o++] = Base64Digit(v >> 18);
                destination[o++] = Base64Digit(v >> 12);
                destination[o++] = Base64Digit(v >> 6);
                destination[o++] = Base64Digit(v);
            }

            // RFC 4648 §4 cases (2) and (3): a final 1 or 2 bytes become 2 or 3 characters,
            // padded with "=" to 4.
            int left = end - i;
            if (left > 0)
            {
                int last = (source[i] << 16) | (left == 2 ? source[i + 1] << 8 : 0);
                destination[o++] = Base64Digit(last >> 18);
                destination[o++] = Base64Digit(last >> 12);
                destination[o++] = left == 2 ? Base64Digit(last >> 6) : (byte)'=';
                destination[o++] = (byte)'=';
            }

            return o;
        }

        /// <summary>
        /// Convenience overload for clients and tests: returns the <c>Sec-WebSocket-Accept</c>
        /// value for <paramref name="key"/>. Allocates a hasher and buffers on every call.
        /// </summary>
        /// <param name="key">The <c>Sec-WebSocket-Key</c> value (base64 text, so ASCII).</param>
        /// <returns>The base64 digest, 28 characters long.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public static string Compute(string key)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            // RFC 6455 §4.1 item 7: the key is base64 and so ASCII; UTF-8 encodes ASCII unchanged
            // and keeps any other character well defined.
            byte[] bytes = new byte[Utf8.GetByteCount(key)];
            int n = Utf8.GetBytes(key, 0, key.Length, bytes, 0);
            return Compute(bytes, 0, n, new Sha1(), new byte[Sha1.HashSize]);
        }

        // RFC 4648 §4, table 1: the base64 alphabet, for the low 6 bits of value.
        private static byte Base64Digit(int value)
        {
            value &= 63;
            if (value < 26)
            {
                return (byte)('A' + value);
            }

            if (value < 52)
            {
                return (byte)('a' + value - 26);
            }

            if (value < 62)
            {
                return (byte)('0' + value - 52);
            }

            return value == 62 ? (byte)'+' : (byte)'/';
        }
    }
}
