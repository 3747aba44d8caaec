using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace NanoWs.Conformance
{
    /// <summary>Opcodes (RFC 6455 §5.2) and builders of raw frames, well-formed or not.</summary>
    public static class Frames
    {
        /// <summary>Continuation frame opcode.</summary>
        public const int Continuation = 0x0;

        /// <summary>Text frame opcode.</summary>
        public const int Text = 0x1;

        /// <summary>Binary frame opcode.</summary>
        public const int Binary = 0x2;

        /// <summary>Close frame opcode.</summary>
        public const int Close = 0x8;

        /// <summary>Ping frame opcode.</summary>
        public const int Ping = 0x9;

        /// <summary>Pong frame opcode.</summary>
        public const int Pong = 0xA;

        /// <summary>
        /// One frame. <paramref name="rsv"/> is the three RSV bits (0–7, RSV1 = 4);
        /// <paramref name="mask"/> is true for client-to-server frames (a random key each time).
        /// </summary>
        public static byte[] Build(int opcode, byte[] payload, bool fin = true, int rsv = 0, bool mask = true)
        {
            payload ??= Array.Empty<byte>();
            var frame = new MemoryStream(payload.Length + 14);

            // Byte 0: FIN | RSV1 RSV2 RSV3 | opcode (4 bits).
            frame.WriteByte((byte)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F)));
            int maskBit = mask ? 0x80 : 0;
            if (payload.Length < 126)
            {
                frame.WriteByte((byte)(maskBit | payload.Length));
            }
            else if (payload.Length <= 0xFFFF)
            {
                frame.WriteByte((byte)(maskBit | 126));
                frame.WriteByte((byte)(payload.Length >> 8));
                frame.WriteByte((byte)payload.Length);
            }
            else
            {
                frame.WriteByte((byte)(maskBit | 127));
                long length = payload.Length;
                for (int shift = 56; shift >= 0; shift -= 8)
                {
                    frame.WriteByte((byte)(length >> shift));
                }
            }

            if (!mask)
            {
                frame.Write(payload, 0, payload.Length);
                return frame.ToArray();
            }

            byte[] key = RandomNumberGenerator.GetBytes(4);
            frame.Write(key, 0, 4);
            var masked = new byte[payload.Length];
            for (int i = 0; i < payload.Length; i++)
            {
                masked[i] = (byte)(payload[i] ^ key[i & 3]);
            }

            frame.Write(masked, 0, masked.Length);
            return frame.ToArray();
        }

        /// <summary>The payload of a close frame: code (big-endian) and optional UTF-8 reason.</summary>
        public static byte[] ClosePayload(int code, string reason = null)
        {
            byte[] text = reason == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(reason);
            return ClosePayload(code, text);
        }

        /// <summary>The payload of a close frame with raw reason bytes (which may be invalid UTF-8).</summary>
        public static byte[] ClosePayload(int code, byte[] reason)
        {
            var payload = new byte[2 + reason.Length];
            payload[0] = (byte)(code >> 8);
            payload[1] = (byte)code;
            Buffer.BlockCopy(reason, 0, payload, 2, reason.Length);
            return payload;
        }

        /// <summary>Deterministic pseudo-random bytes.</summary>
        public static byte[] Pattern(int length, int seed = 1)
        {
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            return data;
        }

        /// <summary>ASCII text of exactly <paramref name="length"/> bytes (valid UTF-8).</summary>
        public static byte[] AsciiText(int length, char fill = '*')
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = (byte)(i % 64 == 63 ? '\n' : fill);
            }

            return data;
        }

        /// <summary>Mixed 1- to 4-byte UTF-8 text of exactly <paramref name="length"/> bytes.</summary>
        public static byte[] MixedText(int length, int seed = 1)
        {
            var random = new Random(seed);
            string[] pieces = { "a", "Z", " ", "\u00e9", "\u0436", "\u20ac", "\u4e2d", "\U0001F600" };
            var result = new MemoryStream(length);
            while (result.Length < length)
            {
                byte[] piece = Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)]);
                if (result.Length + piece.Length > length)
                {
                    piece = new[] { (byte)'a' };
                }

                result.Write(piece, 0, piece.Length);
            }

            return result.ToArray();
        }

        /// <summary><paramref name="text"/> encoded as UTF-8.</summary>
        public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        /// <summary>The parts, one after the other.</summary>
        public static byte[] Concat(params byte[][] parts)
        {
            var result = new MemoryStream();
            foreach (byte[] part in parts)
            {
                result.Write(part, 0, part.Length);
            }

            return result.ToArray();
        }

        /// <summary>A copy of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte[] Slice(byte[] data, int offset, int count)
        {
            var result = new byte[count];
            Buffer.BlockCopy(data, offset, result, 0, count);
            return result;
        }

        /// <summary>A readable name for an opcode.</summary>
        public static string Name(int opcode) => opcode switch
        {
            Continuation => "continuation",
            Text => "text",
            Binary => "binary",
            Close => "close",
            Ping => "ping",
            Pong => "pong",
            _ => "opcode " + opcode,
        };
    }
}
