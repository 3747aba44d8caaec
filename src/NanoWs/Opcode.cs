namespace NanoWs
{
    /// <summary>Frame opcodes (RFC 6455 §5.2, §11.8).</summary>
    public static class Opcode
    {
        /// <summary>0x0: continuation of a fragmented message.</summary>
        public const int Continuation = 0x0;

        /// <summary>0x1: text frame.</summary>
        public const int Text = 0x1;

        /// <summary>0x2: binary frame.</summary>
        public const int Binary = 0x2;

        /// <summary>0x8: connection close.</summary>
        public const int Close = 0x8;

        /// <summary>0x9: ping.</summary>
        public const int Ping = 0x9;

        /// <summary>0xA: pong.</summary>
        public const int Pong = 0xA;

        /// <summary>Largest payload of a control frame (RFC 6455 §5.5).</summary>
        public const int MaxControlPayload = 125;

        /// <summary>Largest frame header: 2 bytes, 8-byte extended length, 4-byte mask key (§5.2).</summary>
        public const int MaxHeaderSize = 14;

        /// <summary>True for opcodes 0x8–0xF (RFC 6455 §5.5: the most significant opcode bit marks control frames).</summary>
        public static bool IsControl(int opcode)
        {
            return (opcode & 0x8) != 0;
        }

        /// <summary>
        /// Size of the header that <see cref="WriteHeader"/> writes for a payload of
        /// <paramref name="payloadLength"/> bytes.
        /// </summary>
        public static int HeaderSize(long payloadLength, bool masked)
        {
            int size = payloadLength <= 125 ? 2 : (payloadLength <= 0xFFFF ? 4 : 10);
            return masked ? size + 4 : size;
        }

        /// <summary>
        /// Writes a frame header (RFC 6455 §5.2) with the minimal length encoding and, when
        /// <paramref name="mask"/> is given, the 4 mask-key bytes from <paramref name="mask"/>[0..4).
        /// Returns the offset just past the header.
        /// </summary>
        /// <remarks>
        /// Layout:
        /// <code>
        ///  0                   1                   2                   3
        ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        /// +-+-+-+-+-------+-+-------------+-------------------------------+
        /// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
        /// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
        /// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
        /// +-+-+-+-+-------+-+-------------+-------------------------------+
        /// |     Extended payload length continued, if payload len == 127  |
        /// +-------------------------------+-------------------------------+
        /// |                               | Masking-key, if MASK set to 1 |
        /// +-------------------------------+-------------------------------+
        /// </code>
        /// </remarks>
        public static int WriteHeader(byte[] buffer, int offset, bool fin, int opcode, long payloadLength, byte[] mask)
        {
            buffer[offset++] = (byte)((fin ? 0x80 : 0) | opcode);
            int maskBit = mask != null ? 0x80 : 0;
            if (payloadLength <= 125)
            {
                buffer[offset++] = (byte)(maskBit | (int)payloadLength);
            }
            else
            {
                // RFC 6455 §5.2: 126 and 16 bits, or 127 and 64 bits, in network byte order.
                bool wide = payloadLength > 0xFFFF;
                buffer[offset++] = (byte)(maskBit | (wide ? 127 : 126));
                for (int shift = wide ? 56 : 8; shift >= 0; shift -= 8)
                {
                    buffer[offset++] = (byte)(payloadLength >> shift);
                }
            }

            if (mask != null)
            {
                System.Array.Copy(mask, 0, buffer, offset, 4);
                offset += 4;
            }

            return offset;
        }
    }
}
