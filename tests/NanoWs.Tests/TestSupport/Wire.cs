using System;
using System.Collections;

namespace NanoWs.Tests
{
    /// <summary>
    /// Drives a <see cref="WebSocketConnection"/> the way a transport does and records what it
    /// produced as a compact text log, so tests assert exact events and bytes:
    /// <c>Text:48 69|</c> (a whole text message), <c>Binary:|</c>, <c>Ping:01 02|</c>, <c>Pong:|</c>,
    /// <c>Close:1000:6279 65|</c> (code, reason hex), <c>Error:1002|</c>, <c>Upgrade|</c>, <c>Http|</c>,
    /// <c>HandshakeFailed:400|</c>, <c>Open|</c>, <c>Timeout|</c>. Data slices of one message are
    /// joined, so the log does not depend on how the input was chunked.
    /// </summary>
    public sealed class Wire
    {
        /// <summary>The canonical client request used to open server connections (RFC 6455 §1.3 key).</summary>
        public const string UpgradeRequest =
            "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

        private readonly WebSocketConnection _connection;
        private readonly ArrayList _sent = new ArrayList();
        private string _log = string.Empty;
        private bool _inMessage;
        private string _messagePrefix = string.Empty;
        private byte[] _message = new byte[64];
        private int _messageLength;
        private byte[] _lastMessage;
        private int _slices;

        /// <summary>Wraps <paramref name="connection"/>.</summary>
        public Wire(WebSocketConnection connection)
        {
            _connection = connection;
        }

        /// <summary>The wrapped connection.</summary>
        public WebSocketConnection Connection
        {
            get { return _connection; }
        }

        /// <summary>Events recorded so far.</summary>
        public string Log
        {
            get { return _log; }
        }

        /// <summary>Number of Data events (slices) seen so far.</summary>
        public int Slices
        {
            get { return _slices; }
        }

        /// <summary>Payload of the last complete data message (its slices joined), or null.</summary>
        public byte[] LastMessage
        {
            get { return _lastMessage; }
        }

        /// <summary>Bytes of the data message in progress (slices delivered, final slice not yet).</summary>
        public int PartialMessageLength
        {
            get { return _inMessage ? _messageLength : 0; }
        }

        /// <summary>Creates a server connection, feeds it <see cref="UpgradeRequest"/>, accepts, and discards the 101.</summary>
        public static Wire OpenServer(WebSocketOptions options)
        {
            Wire w = new Wire(WebSocketConnection.CreateServer(options));
            w.Feed(Bytes.Ascii(UpgradeRequest), 0);
            if (w.Log != "Upgrade|")
            {
                throw new InvalidOperationException("handshake did not produce an upgrade request: " + w.Log);
            }

            w.Connection.AcceptHandshake();
            w.TakeSent();
            w.Clear();
            return w;
        }

        /// <summary>
        /// Creates a client connection, starts its handshake, answers it with a valid 101 computed
        /// from the request's key, and discards the request bytes.
        /// </summary>
        public static Wire OpenClient(WebSocketOptions options)
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(options));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);
            byte[] request = w.TakeSent();
            string key = HeaderValue(request, "Sec-WebSocket-Key");
            string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + AcceptKey.Compute(key) + "\r\n\r\n";
            w.Feed(Bytes.Ascii(response), 0);
            if (w.Log != "Open|")
            {
                throw new InvalidOperationException("client handshake did not open: " + w.Log);
            }

            w.Clear();
            return w;
        }

        /// <summary>Opens a server (<paramref name="server"/> true) or client connection; see <see cref="OpenServer"/> and <see cref="OpenClient"/>.</summary>
        public static Wire Open(bool server, WebSocketOptions options)
        {
            return server ? OpenServer(options) : OpenClient(options);
        }

        /// <summary>Returns the value of header <paramref name="name"/> in an ASCII HTTP head, or null.</summary>
        public static string HeaderValue(byte[] head, string name)
        {
            string text = AsciiString(head);
            int at = text.IndexOf("\r\n" + name + ": ");
            if (at < 0)
            {
                return null;
            }

            int start = at + name.Length + 4;
            int end = text.IndexOf("\r\n", start);
            return text.Substring(start, end - start);
        }

        /// <summary>Converts ASCII bytes to a string.</summary>
        public static string AsciiString(byte[] bytes)
        {
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        /// <summary>Forgets the recorded log.</summary>
        public void Clear()
        {
            _log = string.Empty;
        }

        /// <summary>
        /// Feeds <paramref name="input"/> in chunks of <paramref name="chunkSize"/> bytes (0: all at
        /// once), draining events after every chunk and the send buffer after every event.
        /// Returns the log of this call.
        /// </summary>
        public string Feed(byte[] input, int chunkSize)
        {
            string before = _log;
            int offset = 0;
            int step = chunkSize <= 0 ? input.Length : chunkSize;
            while (offset < input.Length)
            {
                int count = input.Length - offset < step ? input.Length - offset : step;
                while (count > 0)
                {
                    int taken = _connection.Feed(input, offset, count);
                    offset += taken;
                    count -= taken;
                    Drain();
                    if (taken == 0 && count > 0)
                    {
                        // Nothing fits and nothing drains: the connection is closed or stalled.
                        if (_connection.State == WebSocketState.Closed)
                        {
                            offset = input.Length;
                            break;
                        }

                        throw new InvalidOperationException("receive buffer stalled");
                    }
                }
            }

            if (input.Length == 0)
            {
                Drain();
            }

            return _log.Substring(before.Length);
        }

        /// <summary>
        /// Feeds <c>input[0, at)</c>, drains, then feeds the rest and drains again. Returns the log of this call.
        /// </summary>
        public string FeedSplit(byte[] input, int at)
        {
            string before = _log;
            Feed(Bytes.Slice(input, 0, at), 0);
            Feed(Bytes.Slice(input, at, input.Length - at), 0);
            return _log.Substring(before.Length);
        }

        /// <summary>Pulls events until None, collecting sent bytes after each.</summary>
        public void Drain()
        {
            while (true)
            {
                CollectSent();
                WebSocketEvent ev = _connection.Next();
                CollectSent();
                if (ev == WebSocketEvent.None)
                {
                    return;
                }

                Record(ev);
            }
        }

        /// <summary>Returns and forgets every byte the connection queued for sending.</summary>
        public byte[] TakeSent()
        {
            CollectSent();
            int total = 0;
            for (int i = 0; i < _sent.Count; i++)
            {
                total += ((byte[])_sent[i]).Length;
            }

            byte[] all = new byte[total];
            int o = 0;
            for (int i = 0; i < _sent.Count; i++)
            {
                byte[] part = (byte[])_sent[i];
                Array.Copy(part, 0, all, o, part.Length);
                o += part.Length;
            }

            _sent.Clear();
            return all;
        }

        /// <summary>Returns the sent bytes as hex.</summary>
        public string TakeSentHex()
        {
            return Bytes.ToHex(TakeSent());
        }

        private void CollectSent()
        {
            int n = _connection.SendCount;
            if (n > 0)
            {
                byte[] part = new byte[n];
                _connection.DrainTo(part, 0, n);
                _sent.Add(part);
            }
        }

        private void Record(WebSocketEvent ev)
        {
            WebSocketConnection c = _connection;
            switch (ev)
            {
                case WebSocketEvent.Data:
                    _slices++;
                    if (c.EventIsFirst != !_inMessage)
                    {
                        throw new InvalidOperationException("EventIsFirst out of sequence");
                    }

                    if (!_inMessage)
                    {
                        _messagePrefix = c.EventMessageType == WebSocketMessageType.Text ? "Text:" : "Binary:";
                        _messageLength = 0;
                    }

                    Append(c.EventBuffer, c.EventOffset, c.EventCount);
                    _inMessage = !c.EventIsFinal;
                    if (c.EventIsFinal)
                    {
                        _lastMessage = Bytes.Slice(_message, 0, _messageLength);
                        _log += _messagePrefix + Bytes.ToHex(_lastMessage) + "|";
                    }

                    break;
                case WebSocketEvent.Ping:
                    _log += "Ping:" + Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount) + "|";
                    break;
                case WebSocketEvent.Pong:
                    _log += "Pong:" + Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount) + "|";
                    break;
                case WebSocketEvent.Close:
                    _log += "Close:" + c.CloseCode + ":" + Bytes.ToHex(c.EventBuffer, c.EventOffset, c.EventCount) + "|";
                    break;
                case WebSocketEvent.ProtocolError:
                    _log += "Error:" + c.CloseCode + "|";
                    break;
                case WebSocketEvent.UpgradeRequest:
                    _log += "Upgrade|";
                    break;
                case WebSocketEvent.HttpRequest:
                    _log += "Http|";
                    break;
                case WebSocketEvent.HandshakeFailed:
                    _log += "HandshakeFailed:" + c.HttpStatus + "|";
                    break;
                case WebSocketEvent.Open:
                    _log += "Open|";
                    break;
                case WebSocketEvent.TimedOut:
                    _log += "Timeout|";
                    break;
                default:
                    _log += "?" + (int)ev + "|";
                    break;
            }
        }

        // Joins the slices of one message; grows by doubling so a 64 KiB message fed byte by byte stays linear.
        private void Append(byte[] buffer, int offset, int count)
        {
            if (_messageLength + count > _message.Length)
            {
                int size = _message.Length * 2;
                while (size < _messageLength + count)
                {
                    size *= 2;
                }

                byte[] grown = new byte[size];
                Array.Copy(_message, 0, grown, 0, _messageLength);
                _message = grown;
            }

            Array.Copy(buffer, offset, _message, _messageLength, count);
            _messageLength += count;
        }

        /// <summary>
        /// Builds one client→server frame (RFC 6455 §5.2): first byte <paramref name="b0"/> (FIN,
        /// RSV, opcode), masked with <paramref name="mask"/> (4 bytes) unless it is null
        /// (<see cref="RawFrame.Build"/>, tests/Shared).
        /// </summary>
        public static byte[] Frame(int b0, byte[] payload, byte[] mask)
        {
            return RawFrame.Build(b0, payload, mask);
        }

        /// <summary>A masked client frame with the fixed mask 37 FA 21 3D (RFC 6455 §5.7).</summary>
        public static byte[] Masked(int b0, byte[] payload)
        {
            return Frame(b0, payload, new byte[] { 0x37, 0xFA, 0x21, 0x3D });
        }

        /// <summary>A deterministic payload of <paramref name="length"/> bytes that is not all one value: byte i is (i * 7 + 1) mod 256.</summary>
        public static byte[] Payload(int length)
        {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)((i * 7) + 1);
            }

            return payload;
        }

        /// <summary>A text payload of <paramref name="length"/> ASCII letters (valid UTF-8).</summary>
        public static byte[] TextPayload(int length)
        {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)('a' + (i % 26));
            }

            return payload;
        }

        /// <summary>Concatenates byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] r = new byte[a.Length + b.Length];
            Array.Copy(a, 0, r, 0, a.Length);
            Array.Copy(b, 0, r, a.Length, b.Length);
            return r;
        }

        /// <summary>Concatenates three byte arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            return Concat(Concat(a, b), c);
        }
    }
}
