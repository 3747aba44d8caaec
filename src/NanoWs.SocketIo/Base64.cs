namespace NanoWs.SocketIo
{
    /// <summary>
    /// Standard base64 (RFC 4648 §4), for binary Engine.IO packets over HTTP long-polling
    /// (<c>b</c> followed by the base64 of the bytes), writing into caller buffers.
    /// </summary>
    internal static class Base64
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /// <summary>Length of the encoding of <paramref name="count"/> bytes, with padding.</summary>
        internal static int EncodedLength(int count)
        {
            return (count + 2) / 3 * 4;
        }

        /// <summary>Encodes; returns the number of bytes written.</summary>
        internal static int Encode(byte[] src, int offset, int count, byte[] dst, int dstOffset)
        {
            int o = dstOffset;
            int end = offset + count;
            int i = offset;
            while (end - i >= 3)
            {
                int v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
                dst[o++] = (byte)Alphabet[(v >> 18) & 63];
                dst[o++] = (byte)Alphabet[(v >> 12) & 63];
                dst[o++] = (byte)Alphabet[(v >> 6) & 63];
                dst[o++] = (byte)Alphabet[v & 63];
                i += 3;
            }

            int rest = end - i;
            if (rest > 0)
            {
                int v = src[i] << 16;
                if (rest == 2)
                {
                    v |= src[i + 1] << 8;
                }

                dst[o++] = (byte)Alphabet[(v >> 18) & 63];
                dst[o++] = (byte)Alphabet[(v >> 12) & 63];
                dst[o++] = rest == 2 ? (byte)Alphabet[(v >> 6) & 63] : (byte)'=';
                dst[o++] = (byte)'=';
            }

            return o - dstOffset;
        }

        /// <summary>
        /// Decodes <paramref name="count"/> characters (a multiple of 4, RFC 4648 §3.2 padding) into
        /// <paramref name="dst"/> with room for <paramref name="room"/> bytes; returns the number of
        /// bytes, or -1 when the text is not base64 or does not fit.
        /// </summary>
        internal static int Decode(byte[] src, int offset, int count, byte[] dst, int dstOffset, int room)
        {
            if (count % 4 != 0)
            {
                return -1;
            }

            int o = dstOffset;
            int end = offset + count;
            for (int i = offset; i < end; i += 4)
            {
                int a = Value(src[i]);
                int b = Value(src[i + 1]);
                int c = src[i + 2] == (byte)'=' && i + 4 == end ? -2 : Value(src[i + 2]);
                int d = src[i + 3] == (byte)'=' && i + 4 == end ? -2 : Value(src[i + 3]);
                if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2))
                {
                    return -1;
                }

                int n = c == -2 ? 1 : d == -2 ? 2 : 3;
                if (o + n - dstOffset > room)
                {
                    return -1;
                }

                int v = (a << 18) | (b << 12) | ((c < 0 ? 0 : c) << 6) | (d < 0 ? 0 : d);
                dst[o++] = (byte)(v >> 16);
                if (n > 1)
                {
                    dst[o++] = (byte)(v >> 8);
                }

                if (n > 2)
                {
                    dst[o++] = (byte)v;
                }
            }

            return o - dstOffset;
        }

        private static int Value(byte c)
        {
            if (c >= (byte)'A' && c <= (byte)'Z')
            {
                return c - 'A';
            }

            if (c >= (byte)'a' && c <= (byte)'z')
            {
                return c - 'a' + 26;
            }

            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0' + 52;
            }

            if (c == (byte)'+')
            {
                return 62;
            }

            return c == (byte)'/' ? 63 : -1;
        }
    }
}
