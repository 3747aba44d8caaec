using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// Server handshake: a Chromium-like upgrade request in, 101 Switching Protocols out.
    /// <para>.NET has no public sans-I/O handshake (Kestrel's HTTP parser and ASP.NET Core's
    /// HandshakeHelpers are internal), so the baseline is a hand-written reference built from the
    /// BCL primitives ASP.NET Core uses: span scanning for the head, the same checks (GET,
    /// HTTP/1.1, Host, Upgrade/Connection tokens, version 13, a 24-character key),
    /// <c>SHA1.HashData</c> (OpenSSL) and <c>Base64.EncodeToUtf8</c>, writing the same 101 into a
    /// byte buffer. It does no more validation than NanoWs, and allocates nothing.</para>
    /// </summary>
    [MemoryDiagnoser]
    public class HandshakeBenchmarks
    {
        private static readonly byte[] Guid = Encoding.ASCII.GetBytes(AcceptKey.Guid);
        private static readonly byte[] Head101 = Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ");

        private WebSocketConnection _nano;
        private byte[] _request;
        private byte[] _response;
        private byte[] _keyAndGuid;

        [GlobalSetup]
        public void Setup()
        {
            _request = Encoding.ASCII.GetBytes(Frames.UpgradeRequest);
            _nano = WebSocketConnection.CreateServer(new WebSocketOptions());
            _response = new byte[1024];
            _keyAndGuid = new byte[24 + Guid.Length];
            int a = NanoWs();
            int b = DotNet();
            if (a != b)
            {
                throw new InvalidOperationException("responses differ in length: " + a + " vs " + b);
            }
        }

        [Benchmark(Baseline = true, Description = ".NET BCL reference (SHA1.HashData)")]
        public int DotNet()
        {
            ReadOnlySpan<byte> req = _request;
            int end = req.IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return -1;
            }

            ReadOnlySpan<byte> head = req.Slice(0, end + 2);
            int lineEnd = head.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> requestLine = head.Slice(0, lineEnd);
            if (!requestLine.StartsWith("GET "u8) || !requestLine.EndsWith(" HTTP/1.1"u8))
            {
                return -400;
            }

            ReadOnlySpan<byte> key = default;
            bool upgrade = false, connection = false, version = false;
            int hosts = 0;
            ReadOnlySpan<byte> rest = head.Slice(lineEnd + 2);
            while (!rest.IsEmpty)
            {
                int eol = rest.IndexOf("\r\n"u8);
                ReadOnlySpan<byte> line = rest.Slice(0, eol);
                rest = rest.Slice(eol + 2);
                int colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    return -400;
                }

                ReadOnlySpan<byte> name = line.Slice(0, colon);
                ReadOnlySpan<byte> value = line.Slice(colon + 1).Trim((byte)' ');
                if (Ascii.EqualsIgnoreCase(name, "Host"u8))
                {
                    hosts++;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
                {
                    upgrade |= ContainsToken(value, "websocket"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    connection |= ContainsToken(value, "upgrade"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8))
                {
                    version = value.SequenceEqual("13"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8))
                {
                    key = value;
                }
            }

            if (hosts != 1 || !upgrade || !connection || !version || key.Length != 24)
            {
                return -400;
            }

            key.CopyTo(_keyAndGuid);
            Guid.CopyTo(_keyAndGuid.AsSpan(24));
            Span<byte> hash = stackalloc byte[20];
            SHA1.HashData(_keyAndGuid, hash);
            Span<byte> o = _response;
            Head101.CopyTo(o);
            int p = Head101.Length;
            Base64.EncodeToUtf8(hash, o.Slice(p), out _, out int written);
            p += written;
            "\r\n\r\n"u8.CopyTo(o.Slice(p));
            return p + 4;
        }

        [Benchmark(Description = "NanoWs")]
        public int NanoWs()
        {
            WebSocketConnection c = _nano;
            c.Reset();
            c.Feed(_request, 0, _request.Length);
            if (c.Next() != WebSocketEvent.UpgradeRequest)
            {
                return -1;
            }

            c.AcceptHandshake();
            int n = c.SendCount;
            c.ConsumeSent(n);
            return n;
        }

        private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
        {
            foreach (Range r in value.Split((byte)','))
            {
                if (Ascii.EqualsIgnoreCase(value[r].Trim((byte)' '), token))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
