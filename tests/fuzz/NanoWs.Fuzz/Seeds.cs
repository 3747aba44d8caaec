using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NanoWs.Tests;

namespace NanoWs.Fuzz
{
    /// <summary>
    /// Writes the seed corpus: RFC 6455 §1.3 and §5.7 examples, browser-like requests, a client's
    /// expected 101, and conformance-style bad inputs (RSV bits, reserved opcodes, bad UTF-8, bad
    /// close bodies, bad lengths, bad handshakes). Regenerate with
    /// <c>dotnet NanoWs.Fuzz.dll seeds tests/fuzz/seeds</c>; the files are committed.
    /// </summary>
    internal static class Seeds
    {
        private static readonly byte[] Mask = { 0x37, 0xFA, 0x21, 0x3D }; // RFC 6455 §5.7

        // Option bytes for the frame targets (see HarnessConfig): defaults; reassembly with a 64-byte
        // limit; small buffers and byte-at-a-time; slow sender with an irregular chunking; busy app.
        private static readonly byte[] Configs = { 0x00, 0x03, 0x1C, 0x6A, 0xB6 };

        public static int Write(string root)
        {
            int n = 0;
            n += WriteAll(root, "server-handshake", ServerHandshakes());
            n += WriteAll(root, "client-handshake", ClientHandshakes());
            n += WriteFrames(root, "frames-server", FrameStreams(true));
            n += WriteFrames(root, "frames-client", FrameStreams(false));
            n += WriteAll(root, "utf8", Utf8Texts());
            return n;
        }

        private static int WriteAll(string root, string target, List<KeyValuePair<string, byte[]>> seeds)
        {
            string dir = Path.Combine(root, target);
            Directory.CreateDirectory(dir);
            foreach (var s in seeds)
            {
                File.WriteAllBytes(Path.Combine(dir, s.Key), s.Value);
            }

            return seeds.Count;
        }

        private static int WriteFrames(string root, string target, List<KeyValuePair<string, byte[]>> streams)
        {
            var seeds = new List<KeyValuePair<string, byte[]>>();
            for (int i = 0; i < streams.Count; i++)
            {
                // Each stream once with every option byte would be many near-duplicates; rotate them.
                byte config = Configs[i % Configs.Length];
                seeds.Add(Seed(streams[i].Key + "-c" + config.ToString("x2"), Concat(new[] { config }, streams[i].Value)));
            }

            return WriteAll(root, target, seeds);
        }

        private static List<KeyValuePair<string, byte[]>> ServerHandshakes()
        {
            const string key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
            const string ws = "Upgrade: websocket\r\nConnection: Upgrade\r\n" + key + "Sec-WebSocket-Version: 13\r\n";
            var l = new List<KeyValuePair<string, byte[]>>
            {
                // RFC 6455 §1.3, verbatim.
                Ascii("rfc6455-1.3-request", "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + key + "Origin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n"),
                Seed("rfc6455-1.3-then-hello-frame", Concat(Encoding.ASCII.GetBytes("GET /chat HTTP/1.1\r\nHost: server.example.com\r\n" + ws + "\r\n"),
                    Frame(0x81, Encoding.ASCII.GetBytes("Hello"), Mask), Frame(0x88, new byte[] { 0x03, 0xE8 }, Mask))),
                Ascii("firefox-keepalive-upgrade", "GET /ws?token=abc&x=1 HTTP/1.1\r\nHost: 192.168.1.20:80\r\nUser-Agent: Mozilla/5.0\r\n"
                    + "Accept: */*\r\nSec-WebSocket-Version: 13\r\nOrigin: http://192.168.1.20\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
                    + key + "Connection: keep-alive, Upgrade\r\nCookie: sid=42; theme=dark\r\nUpgrade: websocket\r\n\r\n"),
                Ascii("page-request", "GET /index.html?x=1 HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n"),
                Ascii("page-request-http10", "GET / HTTP/1.0\r\n\r\n"),
                Ascii("bare-lf", "GET / HTTP/1.1\nHost: a\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n"),
                Ascii("reject-path", "GET /reject HTTP/1.1\r\nHost: a\r\n" + ws + "\r\n"),
                Ascii("bad-post", "POST / HTTP/1.1\r\nHost: a\r\n" + ws + "Content-Length: 0\r\n\r\n"),
                Ascii("bad-unknown-method", "BREW / HTTP/1.1\r\nHost: a\r\n" + ws + "\r\n"),
                Ascii("bad-http10-upgrade", "GET / HTTP/1.0\r\nHost: a\r\n" + ws + "\r\n"),
                Ascii("bad-http2", "GET / HTTP/2.0\r\nHost: a\r\n" + ws + "\r\n"),
                Ascii("bad-no-host", "GET / HTTP/1.1\r\n" + ws + "\r\n"),
                Ascii("bad-two-hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + ws + "\r\n"),
                Ascii("bad-version-8", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key + "Sec-WebSocket-Version: 8\r\n\r\n"),
                Ascii("bad-key-short", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAA\r\nSec-WebSocket-Version: 13\r\n\r\n"),
                Ascii("bad-two-keys", "GET / HTTP/1.1\r\nHost: a\r\n" + ws + key + "\r\n"),
                Ascii("bad-no-connection", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n" + key + "Sec-WebSocket-Version: 13\r\n\r\n"),
                Ascii("bad-obs-fold", "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n" + ws + "\r\n"),
                Ascii("bad-space-before-colon", "GET / HTTP/1.1\r\nHost : a\r\n" + ws + "\r\n"),
                Ascii("bad-request-line", "GET  /  HTTP/1.1\r\nHost: a\r\n\r\n"),
                Ascii("bad-control-in-value", "GET / HTTP/1.1\r\nHost: a\u0001b\r\n" + ws + "\r\n"),
                Ascii("bad-too-many-headers", "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n" + ws + "\r\n"),
                Ascii("bad-too-large", "GET / HTTP/1.1\r\nHost: a\r\nCookie: " + new string('x', 600) + "\r\n" + ws + "\r\n"),
                Seed("bad-non-ascii", Concat(Encoding.ASCII.GetBytes("GET /\u0000 HTTP/1.1\r\nHost: "), new byte[] { 0xC3, 0xA9, 0xFF }, Encoding.ASCII.GetBytes("\r\n" + ws + "\r\n"))),
            };
            return l;
        }

        private static List<KeyValuePair<string, byte[]>> ClientHandshakes()
        {
            string accept = "Sec-WebSocket-Accept: " + FixedRandom.ExpectedAccept + "\r\n";
            const string up = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            var l = new List<KeyValuePair<string, byte[]>>
            {
                Seed("valid-101", FuzzTargets.ClientAcceptResponse(null)),
                Seed("valid-101-then-hello", Concat(FuzzTargets.ClientAcceptResponse(null), Frame(0x81, Encoding.ASCII.GetBytes("Hello"), null), Frame(0x88, new byte[] { 0x03, 0xE8, 0x62, 0x79, 0x65 }, null))),
                Seed("valid-101-subprotocol", FuzzTargets.ClientAcceptResponse("Sec-WebSocket-Protocol: chat\r\n")),
                Ascii("valid-101-lowercase-bare-lf", "HTTP/1.1 101 OK\nupgrade: WebSocket\nconnection: keep-alive, upgrade\nsec-websocket-accept: " + FixedRandom.ExpectedAccept + "\n\n"),
                Ascii("bad-wrong-accept", up + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
                Ascii("bad-200", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Ascii("bad-redirect", "HTTP/1.1 302 Found\r\nLocation: /other\r\n\r\n"),
                Ascii("bad-extension", up + accept + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"),
                Ascii("bad-unoffered-subprotocol", up + accept + "Sec-WebSocket-Protocol: mqtt\r\n\r\n"),
                Ascii("bad-two-accepts", up + accept + accept + "\r\n"),
                Ascii("bad-no-upgrade", "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + accept + "\r\n"),
                Ascii("bad-status-line", "HTTP/1.1 1O1 Switching\r\n\r\n"),
                Ascii("bad-too-large", up + accept + "X: " + new string('y', 600) + "\r\n\r\n"),
            };
            return l;
        }

        private static List<KeyValuePair<string, byte[]>> FrameStreams(bool toServer)
        {
            byte[] m = toServer ? Mask : null;
            byte[] hello = Encoding.ASCII.GetBytes("Hello");
            Func<int, byte[], byte[]> f = (b0, p) => Frame(b0, p, m);
            byte[] close1000 = f(0x88, new byte[] { 0x03, 0xE8 });
            byte[] bin256 = new byte[256];
            for (int i = 0; i < bin256.Length; i++)
            {
                bin256[i] = (byte)i;
            }

            // Autobahn 6.x: "κόσμε" with a UTF-16 surrogate (ED A0 80) inside.
            byte[] badUtf8 = { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64 };
            byte[] kosme = { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5 };

            var l = new List<KeyValuePair<string, byte[]>>
            {
                // RFC 6455 §5.7 examples (masked toward a server, unmasked toward a client).
                Seed("rfc-5.7-single-text", Concat(f(0x81, hello), close1000)),
                Seed("rfc-5.7-fragmented-text", Concat(f(0x01, Encoding.ASCII.GetBytes("Hel")), f(0x80, Encoding.ASCII.GetBytes("lo")), close1000)),
                Seed("rfc-5.7-ping", Concat(f(0x89, hello), f(0x8A, hello))),
                Seed("rfc-5.7-256-binary", f(0x82, bin256)),
                Seed("rfc-5.7-64k-header-truncated", Concat(toServer ? new byte[] { 0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 0x37, 0xFA, 0x21, 0x3D } : new byte[] { 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0 }, bin256)),
                Seed("text-fragments-ping-between", Concat(f(0x01, Slice(kosme, 0, 3)), f(0x89, hello), f(0x00, Slice(kosme, 3, 5)), f(0x80, Slice(kosme, 8, 3)))),
                Seed("three-messages-then-close", Concat(f(0x81, hello), f(0x82, bin256), f(0x81, kosme), f(0x88, Concat(new byte[] { 0x03, 0xE8 }, Encoding.ASCII.GetBytes("bye"))))),
                Seed("empty-text-empty-binary-empty-close", Concat(f(0x81, new byte[0]), f(0x82, new byte[0]), f(0x88, new byte[0]))),
                Seed("close-4999-reason", f(0x88, Concat(new byte[] { 0x13, 0x87 }, kosme))),
                Seed("large-text-126", f(0x81, Encoding.ASCII.GetBytes(new string('a', 300)))),

                // Conformance-style failures (Autobahn 3.x, 4.x, 5.x, 6.x, 7.x).
                Seed("bad-rsv1", f(0xC1, hello)),
                Seed("bad-rsv3-ping", f(0x99, hello)),
                Seed("bad-opcode-3", f(0x83, hello)),
                Seed("bad-opcode-b-control", f(0x8B, hello)),
                Seed("bad-fragmented-ping", f(0x09, hello)),
                Seed("bad-ping-126", f(0x89, new byte[126])),
                Seed("bad-continuation-first", f(0x80, hello)),
                Seed("bad-text-inside-fragmented", Concat(f(0x01, hello), f(0x81, hello))),
                Seed("bad-masking", Frame(0x81, hello, toServer ? null : Mask)),
                Seed("bad-non-minimal-16", toServer ? new byte[] { 0x82, 0xFE, 0x00, 0x05, 0x37, 0xFA, 0x21, 0x3D, 1, 2, 3, 4, 5 } : new byte[] { 0x82, 0x7E, 0x00, 0x05, 1, 2, 3, 4, 5 }),
                Seed("bad-64-bit-top-bit", toServer ? new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0x37, 0xFA, 0x21, 0x3D } : new byte[] { 0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1 }),
                Seed("bad-utf8-surrogate", f(0x81, badUtf8)),
                Seed("bad-utf8-across-fragments", Concat(f(0x01, Slice(badUtf8, 0, 12)), f(0x80, Slice(badUtf8, 12, 8)))),
                Seed("bad-utf8-truncated-at-end", f(0x81, Slice(kosme, 0, 10))),
                Seed("bad-utf8-overlong", f(0x81, new byte[] { 0x41, 0xC0, 0xAF })),
                Seed("bad-close-1-byte", f(0x88, new byte[] { 0x03 })),
                Seed("bad-close-1005", f(0x88, new byte[] { 0x03, 0xED })),
                Seed("bad-close-999", f(0x88, new byte[] { 0x03, 0xE7 })),
                Seed("bad-close-2999", f(0x88, new byte[] { 0x0B, 0xB7 })),
                Seed("bad-close-reason-utf8", f(0x88, new byte[] { 0x03, 0xE8, 0xCE, 0xBA, 0xFF })),
                Seed("bad-too-big", f(0x82, new byte[5000])),
                Seed("bad-frame-after-close", Concat(close1000, f(0x81, hello))),
            };
            return l;
        }

        private static List<KeyValuePair<string, byte[]>> Utf8Texts()
        {
            var l = new List<KeyValuePair<string, byte[]>>();
            byte[][] texts =
            {
                Encoding.UTF8.GetBytes("Hello, κόσμε! \u20AC \U0001F600 \uFFFF end"),
                new byte[] { 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xEF, 0xBF, 0xBF, 0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF },
                new byte[] { 0xC0, 0xAF },
                new byte[] { 0xE0, 0x80, 0xAF },
                new byte[] { 0xF0, 0x80, 0x80, 0xAF },
                new byte[] { 0xED, 0xA0, 0x80 },
                new byte[] { 0xED, 0x9F, 0xBF },
                new byte[] { 0xF4, 0x90, 0x80, 0x80 },
                new byte[] { 0xF5, 0x80, 0x80, 0x80 },
                new byte[] { 0xE2, 0x82 },
                new byte[] { 0x80 },
                new byte[] { 0xFE, 0xFF },
                new byte[] { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64 },
                new byte[] { 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xD8, 0x41, 0x00 }, // as UTF-16: a pair, a lone high surrogate
            };
            for (int i = 0; i < texts.Length; i++)
            {
                l.Add(Seed("text-" + i.ToString("d2") + "-chunks" + (i & 3), Concat(new[] { (byte)(i & 3) }, texts[i])));
            }

            return l;
        }

        private static KeyValuePair<string, byte[]> Ascii(string name, string text)
        {
            return Seed(name, Encoding.ASCII.GetBytes(text));
        }

        private static KeyValuePair<string, byte[]> Seed(string name, byte[] bytes)
        {
            return new KeyValuePair<string, byte[]>(name, bytes);
        }

        private static byte[] Frame(int b0, byte[] payload, byte[] mask)
        {
            return RawFrame.Build(b0, payload, mask);
        }

        private static byte[] Slice(byte[] b, int offset, int count)
        {
            byte[] r = new byte[count];
            Array.Copy(b, offset, r, 0, count);
            return r;
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var all = new List<byte>();
            foreach (byte[] p in parts)
            {
                all.AddRange(p);
            }

            return all.ToArray();
        }
    }
}
