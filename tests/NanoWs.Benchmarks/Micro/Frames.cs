using System;
using System.Text;
using NanoWs.Tests;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>Payloads and wire frames shared by the micro-benchmarks.</summary>
    public static class Frames
    {
        /// <summary>A TCP segment on Ethernet (MSS 1460): the chunk size received bytes arrive in.</summary>
        public const int Segment = 1460;

        /// <summary>
        /// A Chromium-like upgrade request (≈ 500 bytes with a cookie), the usual input of the
        /// server handshake.
        /// </summary>
        public const string UpgradeRequest =
            "GET /ws HTTP/1.1\r\n" +
            "Host: 192.168.1.20\r\n" +
            "Connection: Upgrade\r\n" +
            "Pragma: no-cache\r\n" +
            "Cache-Control: no-cache\r\n" +
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n" +
            "Upgrade: websocket\r\n" +
            "Origin: http://192.168.1.20\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "Accept-Encoding: gzip, deflate\r\n" +
            "Accept-Language: en-US,en;q=0.9\r\n" +
            "Cookie: session=4f1c2a9e7b3d4c8f\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";

        /// <summary>
        /// Valid UTF-8 text of exactly <paramref name="size"/> bytes: sensor JSON, mostly ASCII with
        /// some two- and three-byte characters ("°", "é", "€"), as a dashboard sends.
        /// </summary>
        public static byte[] Text(int size)
        {
            byte[] pattern = Encoding.UTF8.GetBytes("{\"ch\":\"température\",\"v\":21.5,\"u\":\"°C\",\"p\":\"3 €\"}");
            byte[] b = new byte[size];
            int i = 0;
            while (i < size)
            {
                // Copy whole characters only; pad the tail with ASCII spaces.
                int at = i % pattern.Length;
                int len = SequenceLength(pattern[at]);
                if (i + len > size)
                {
                    b[i++] = (byte)' ';
                    continue;
                }

                Array.Copy(pattern, at, b, i, len);
                i += len;
            }

            // Self-check: the payload must be valid UTF-8.
            new UTF8Encoding(false, true).GetString(b);
            return b;
        }

        /// <summary>Binary payload of <paramref name="size"/> pseudo-random bytes.</summary>
        public static byte[] Binary(int size)
        {
            byte[] b = new byte[size];
            new Random(42).NextBytes(b);
            return b;
        }

        /// <summary>One frame: FIN set, <paramref name="opcode"/>, masked when <paramref name="mask"/> is not null.</summary>
        public static byte[] Frame(int opcode, byte[] payload, byte[] mask)
        {
            return RawFrame.Build(0x80 | opcode, payload, mask);
        }

        /// <summary>The mask key client frames use here.</summary>
        public static readonly byte[] MaskKey = { 0x37, 0xFA, 0x21, 0x3D };

        private static int SequenceLength(byte lead)
        {
            return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        }
    }
}
