namespace NanoWs.Net
{
    /// <summary>
    /// Reads the password from <c>Authorization: Basic base64(user-id ":" password)</c> (RFC 7617
    /// §2), as the device's login page sends it with <c>fetch</c> (a header, never the URL). The
    /// user-id is ignored. Decodes into a caller's fixed buffer; anything malformed is no password.
    /// </summary>
    internal static class BasicCredentials
    {
        /// <summary>
        /// Decodes the header value into <paramref name="buffer"/>; returns the password's offset in
        /// it and its length through <paramref name="length"/>, or -1 when the value is not Basic
        /// credentials (other scheme, bad base64, no colon, longer than the buffer).
        /// </summary>
        internal static int TryReadPassword(string header, byte[] buffer, out int length)
        {
            length = 0;
            if (!IsBasic(header))
            {
                return -1;
            }

            int p = 5;
            while (p < header.Length && header[p] == ' ')
            {
                p++;
            }

            int n = Base64Decode(header, p, header.Length - p, buffer);
            if (n < 0)
            {
                return -1;
            }

            for (int i = 0; i < n; i++)
            {
                if (buffer[i] == (byte)':')
                {
                    length = n - i - 1;
                    return i + 1;
                }
            }

            return -1;
        }

        /// <summary>True when the header value names the Basic scheme followed by a space (the credentials may still be malformed).</summary>
        internal static bool IsBasic(string header)
        {
            if (header == null || header.Length < 6 || header[5] != ' ')
            {
                return false;
            }

            // RFC 7617 §2 / RFC 9110 §11.1: the scheme is case-insensitive, then one or more spaces.
            string scheme = "basic";
            for (int i = 0; i < 5; i++)
            {
                char c = header[i];
                if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != scheme[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Strict base64 (RFC 4648 §4, padded) of text[start, start+count) into buffer; -1 when invalid or too long.</summary>
        internal static int Base64Decode(string text, int start, int count, byte[] buffer)
        {
            if (count == 0 || count % 4 != 0)
            {
                return -1;
            }

            int o = 0;
            for (int q = start; q < start + count; q += 4)
            {
                int a = Sextet(text[q]);
                int b = Sextet(text[q + 1]);
                int c = text[q + 2] == '=' ? -2 : Sextet(text[q + 2]);
                int d = text[q + 3] == '=' ? -2 : Sextet(text[q + 3]);
                bool last = q + 4 == start + count;
                if (a < 0 || b < 0 || c == -1 || d == -1 || (c == -2 && d != -2) || (!last && (c == -2 || d == -2)))
                {
                    return -1;
                }

                int bytes = c == -2 ? 1 : (d == -2 ? 2 : 3);
                if (o + bytes > buffer.Length)
                {
                    return -1;
                }

                buffer[o++] = (byte)((a << 2) | (b >> 4));
                if (bytes > 1)
                {
                    buffer[o++] = (byte)(((b & 0xF) << 4) | (c >> 2));
                }

                if (bytes > 2)
                {
                    buffer[o++] = (byte)(((c & 0x3) << 6) | d);
                }
            }

            return o;
        }

        private static int Sextet(char c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            return c == '/' ? 63 : -1;
        }
    }
}
