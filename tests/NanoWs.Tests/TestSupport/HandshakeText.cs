using System;

namespace NanoWs.Tests
{
    /// <summary>
    /// Text helpers for the opening-handshake tests: building requests and responses as ASCII, the
    /// exact responses the server is expected to send, and running a server connection that accepts
    /// the upgrade as soon as it is reported (the way a transport does) however the input is torn.
    /// </summary>
    public static class HandshakeText
    {
        /// <summary>The header lines of <see cref="Wire.UpgradeRequest"/> (RFC 6455 §1.3), each ending in CRLF.</summary>
        public const string CanonicalHeaders =
            "Host: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

        /// <summary>The exact 101 answer to <see cref="Wire.UpgradeRequest"/> (RFC 6455 §1.3 and §4.2.2).</summary>
        public const string CanonicalResponse =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

        /// <summary>A request head: <paramref name="requestLine"/>, the header lines (each ending in CRLF), the empty line.</summary>
        public static string Request(string requestLine, string headerLines)
        {
            return requestLine + "\r\n" + headerLines + "\r\n";
        }

        /// <summary>"GET /chat HTTP/1.1" with <paramref name="headerLines"/>.</summary>
        public static string Get(string headerLines)
        {
            return Request("GET /chat HTTP/1.1", headerLines);
        }

        /// <summary>
        /// <see cref="CanonicalHeaders"/> with the line whose name is <paramref name="name"/> replaced by
        /// <paramref name="replacement"/> (complete lines ending in CRLF, or "" to drop the line).
        /// </summary>
        public static string CanonicalWithout(string name, string replacement)
        {
            return ReplaceLine(CanonicalHeaders, name, replacement);
        }

        /// <summary>
        /// <paramref name="headerLines"/> with the first line named <paramref name="name"/> (exact case)
        /// replaced by <paramref name="replacement"/> (complete lines ending in CRLF, or "" to drop it).
        /// </summary>
        public static string ReplaceLine(string headerLines, string name, string replacement)
        {
            int at = headerLines.StartsWith(name + ": ") ? 0 : headerLines.IndexOf("\r\n" + name + ": ");
            if (at < 0)
            {
                throw new ArgumentException("no such header line: " + name);
            }

            if (at > 0)
            {
                at += 2;
            }

            int end = headerLines.IndexOf("\r\n", at) + 2;
            return headerLines.Substring(0, at) + replacement + headerLines.Substring(end);
        }

        /// <summary>
        /// The exact error response the server queues: status line with the standard reason phrase,
        /// text/plain body of <paramref name="message"/> plus LF, Connection: close, then
        /// <paramref name="extraHeaders"/> (RFC 9112 §4, §6).
        /// </summary>
        public static string ErrorResponse(int status, string reason, string message, string extraHeaders)
        {
            return "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: " + (message.Length + 1)
                + "\r\nConnection: close\r\n" + (extraHeaders == null ? string.Empty : extraHeaders) + "\r\n" + message + "\n";
        }

        /// <summary>Every byte the connection queued, as a Latin-1 string.</summary>
        public static string Sent(Wire w)
        {
            return Wire.AsciiString(w.TakeSent());
        }

        /// <summary>Bytes of <paramref name="text"/> (Latin-1; chars up to U+00FF).</summary>
        public static byte[] Latin1(string text)
        {
            // ToCharArray: linear on nanoCLR, whose string indexer rescans the string per call.
            char[] chars = text.ToCharArray();
            byte[] b = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0xFF)
                {
                    throw new ArgumentException("not Latin-1 at index " + i);
                }

                b[i] = (byte)chars[i];
            }

            return b;
        }

        /// <summary>
        /// Bytes of <paramref name="text"/> (Latin-1) with every <see cref="ByteMark"/> replaced by
        /// <paramref name="value"/>: how a test puts a NUL on the wire, since a string on nanoCLR
        /// ends at its first U+0000.
        /// </summary>
        public static byte[] Latin1With(string text, int value)
        {
            byte[] b = Latin1(text);
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == ByteMark)
                {
                    b[i] = (byte)value;
                }
            }

            return b;
        }

        /// <summary>The placeholder (U+00A4, ¤) that <see cref="Latin1With"/> replaces.</summary>
        public const char ByteMark = '\u00A4';

        /// <summary>
        /// Feeds <paramref name="request"/> to a new server and returns the wire; the log holds the events.
        /// </summary>
        public static Wire Serve(WebSocketOptions options, string request)
        {
            return Serve(options, Latin1(request));
        }

        /// <summary>Feeds the request bytes to a new server and returns the wire; the log holds the events.</summary>
        public static Wire Serve(WebSocketOptions options, byte[] request)
        {
            Wire w = new Wire(WebSocketConnection.CreateServer(options));
            w.Feed(request, 0);
            return w;
        }

        /// <summary>
        /// Feeds <c>input[offset, offset+count)</c> and, as soon as an upgrade request is pending,
        /// accepts it and drains again, as a transport does.
        /// </summary>
        public static void FeedAccepting(Wire w, byte[] input, int offset, int count)
        {
            w.Feed(Bytes.Slice(input, offset, count), 0);
            if (w.Connection.State == WebSocketState.Connecting && w.Log.IndexOf("Upgrade|") >= 0)
            {
                w.Connection.AcceptHandshake();
                w.Drain();
            }
        }

        /// <summary><paramref name="count"/> copies of <paramref name="c"/>.</summary>
        public static string Repeat(char c, int count)
        {
            return string.Empty.PadRight(count, c);
        }
    }
}
