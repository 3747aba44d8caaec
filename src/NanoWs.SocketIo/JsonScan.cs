namespace NanoWs.SocketIo
{
    /// <summary>
    /// Checks and skips JSON values (RFC 8259) in a byte slice without building anything: the
    /// Socket.IO decoder uses it to find an event's name and arguments and to refuse a malformed
    /// payload as the reference decoder's <c>JSON.parse</c> does.
    /// </summary>
    internal static class JsonScan
    {
        /// <summary>Deepest nesting accepted; deeper payloads are refused as malformed.</summary>
        internal const int MaxDepth = 16;

        /// <summary>Index of the first non-whitespace byte at or after <paramref name="i"/> (RFC 8259 §2 ws).</summary>
        internal static int SkipWhitespace(byte[] b, int i, int end)
        {
            while (i < end)
            {
                byte c = b[i];
                if (c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D)
                {
                    break;
                }

                i++;
            }

            return i;
        }

        /// <summary>
        /// Skips the value that starts at <paramref name="i"/> (no leading whitespace) and returns
        /// the index just after it, or -1 when it is not a well-formed JSON value.
        /// </summary>
        internal static int SkipValue(byte[] b, int i, int end, int depth)
        {
            if (i >= end || depth > MaxDepth)
            {
                return -1;
            }

            byte c = b[i];
            switch (c)
            {
                case (byte)'"':
                    return SkipString(b, i, end);
                case (byte)'{':
                    return SkipContainer(b, i + 1, end, depth + 1, true);
                case (byte)'[':
                    return SkipContainer(b, i + 1, end, depth + 1, false);
                case (byte)'t':
                    return SkipLiteral(b, i, end, "true");
                case (byte)'f':
                    return SkipLiteral(b, i, end, "false");
                case (byte)'n':
                    return SkipLiteral(b, i, end, "null");
                default:
                    return SkipNumber(b, i, end);
            }
        }

        /// <summary>True when the slice holds exactly one JSON value, with optional whitespace around it.</summary>
        internal static bool IsSingleValue(byte[] b, int i, int end)
        {
            i = SkipWhitespace(b, i, end);
            i = SkipValue(b, i, end, 0);
            return i >= 0 && SkipWhitespace(b, i, end) == end;
        }

        /// <summary>Skips a string starting at its opening quote (RFC 8259 §7); -1 when malformed.</summary>
        internal static int SkipString(byte[] b, int i, int end)
        {
            i++;
            while (i < end)
            {
                byte c = b[i];
                if (c == (byte)'"')
                {
                    return i + 1;
                }

                if (c < 0x20)
                {
                    // RFC 8259 §7: control characters must be escaped.
                    return -1;
                }

                if (c == (byte)'\\')
                {
                    if (i + 1 >= end)
                    {
                        return -1;
                    }

                    byte e = b[i + 1];
                    if (e == (byte)'u')
                    {
                        if (i + 6 > end)
                        {
                            return -1;
                        }

                        for (int k = i + 2; k < i + 6; k++)
                        {
                            if (HexValue(b[k]) < 0)
                            {
                                return -1;
                            }
                        }

                        i += 6;
                        continue;
                    }

                    if (e != (byte)'"' && e != (byte)'\\' && e != (byte)'/' && e != (byte)'b'
                        && e != (byte)'f' && e != (byte)'n' && e != (byte)'r' && e != (byte)'t')
                    {
                        return -1;
                    }

                    i += 2;
                    continue;
                }

                i++;
            }

            return -1;
        }

        /// <summary>Value of a hexadecimal digit, or -1.</summary>
        internal static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0';
            }

            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - 'a' + 10;
            }

            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private static int SkipContainer(byte[] b, int i, int end, int depth, bool isObject)
        {
            byte close = isObject ? (byte)'}' : (byte)']';
            i = SkipWhitespace(b, i, end);
            if (i < end && b[i] == close)
            {
                return i + 1;
            }

            while (true)
            {
                if (isObject)
                {
                    // RFC 8259 §4: member = string name-separator value.
                    if (i >= end || b[i] != (byte)'"')
                    {
                        return -1;
                    }

                    i = SkipString(b, i, end);
                    if (i < 0)
                    {
                        return -1;
                    }

                    i = SkipWhitespace(b, i, end);
                    if (i >= end || b[i] != (byte)':')
                    {
                        return -1;
                    }

                    i = SkipWhitespace(b, i + 1, end);
                }

                i = SkipValue(b, i, end, depth);
                if (i < 0)
                {
                    return -1;
                }

                i = SkipWhitespace(b, i, end);
                if (i >= end)
                {
                    return -1;
                }

                if (b[i] == close)
                {
                    return i + 1;
                }

                if (b[i] != (byte)',')
                {
                    return -1;
                }

                i = SkipWhitespace(b, i + 1, end);
            }
        }

        private static int SkipLiteral(byte[] b, int i, int end, string literal)
        {
            int n = literal.Length;
            if (i + n > end)
            {
                return -1;
            }

            for (int k = 0; k < n; k++)
            {
                if (b[i + k] != (byte)literal[k])
                {
                    return -1;
                }
            }

            return i + n;
        }

        // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ].
        private static int SkipNumber(byte[] b, int i, int end)
        {
            if (i < end && b[i] == (byte)'-')
            {
                i++;
            }

            if (i >= end || !IsDigit(b[i]))
            {
                return -1;
            }

            if (b[i] == (byte)'0')
            {
                i++;
            }
            else
            {
                while (i < end && IsDigit(b[i]))
                {
                    i++;
                }
            }

            if (i < end && b[i] == (byte)'.')
            {
                i++;
                if (i >= end || !IsDigit(b[i]))
                {
                    return -1;
                }

                while (i < end && IsDigit(b[i]))
                {
                    i++;
                }
            }

            if (i < end && (b[i] == (byte)'e' || b[i] == (byte)'E'))
            {
                i++;
                if (i < end && (b[i] == (byte)'+' || b[i] == (byte)'-'))
                {
                    i++;
                }

                if (i >= end || !IsDigit(b[i]))
                {
                    return -1;
                }

                while (i < end && IsDigit(b[i]))
                {
                    i++;
                }
            }

            return i;
        }

        private static bool IsDigit(byte c)
        {
            return c >= (byte)'0' && c <= (byte)'9';
        }
    }
}
