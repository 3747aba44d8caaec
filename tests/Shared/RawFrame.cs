using System;

namespace NanoWs.Tests
{
    /// <summary>
    /// The tests' one WebSocket frame writer: a frame's bytes exactly as given, for tests that put
    /// frames on the wire themselves (the core tests' <c>Wire</c>, the raw TCP peers of the
    /// integration, robustness and conformance tests). C# 7.3 and mscorlib only: it also runs on the
    /// genuine nanoCLR inside the NFUnitTest projects.
    /// </summary>
    public static class RawFrame
    {
        /// <summary>
        /// One frame (RFC 6455 §5.2): first byte <paramref name="b0"/> (FIN, RSV, opcode), the
        /// shortest payload length encoding (7 bits, 16 bits after 126, 64 bits after 127), then the
        /// payload masked with <paramref name="mask"/> (4 bytes, RFC 6455 §5.3) unless it is null.
        /// </summary>
        public static byte[] Build(int b0, byte[] payload, byte[] mask)
        {
            int length = payload.Length;
            int header = 2 + (length <= 125 ? 0 : (length <= 0xFFFF ? 2 : 8)) + (mask != null ? 4 : 0);
            byte[] frame = new byte[header + length];
            frame[0] = (byte)b0;
            int p = 1;
            int maskBit = mask != null ? 0x80 : 0;
            if (length <= 125)
            {
                frame[p++] = (byte)(maskBit | length);
            }
            else if (length <= 0xFFFF)
            {
                frame[p++] = (byte)(maskBit | 126);
                frame[p++] = (byte)(length >> 8);
                frame[p++] = (byte)length;
            }
            else
            {
                frame[p++] = (byte)(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8)
                {
                    frame[p++] = shift >= 32 ? (byte)0 : (byte)(length >> shift);
                }
            }

            if (mask != null)
            {
                for (int i = 0; i < 4; i++)
                {
                    frame[p++] = mask[i];
                }
            }

            for (int i = 0; i < length; i++)
            {
                frame[p + i] = mask != null ? (byte)(payload[i] ^ mask[i & 3]) : payload[i];
            }

            return frame;
        }
    }
}
