using System;

namespace NanoWs
{
    /// <summary>Client side of the opening handshake (RFC 6455 §4.1).</summary>
    public sealed partial class WebSocketConnection
    {
        // Fixed parts of the upgrade request (RFC 6455 §4.1) and response (§4.2.2); the request and
        // the response share theirs (one copy of each string in the assembly).
        private const string RequestHostPrefix = " HTTP/1.1\r\nHost: ";
        private const string UpgradeHeaders = "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-";
        private const string VersionHeader = "Sec-WebSocket-Version: 13\r\n";

        // The Sec-WebSocket-Accept value the server must send back, as 28 ASCII bytes.
        private readonly byte[] _acceptExpected;

        /// <summary>
        /// Queues the opening handshake request for <c>ws://host[:port]resource</c> (RFC 6455 §4.1)
        /// with a fresh 16-byte key from the random source. <paramref name="resource"/> is the path
        /// and query ("/" when null). <see cref="WebSocketOptions.Subprotocols"/> are offered;
        /// <paramref name="origin"/> and <paramref name="extraHeaders"/> (complete lines ending in
        /// CRLF, e.g. a cookie or Authorization) are optional.
        /// </summary>
        public void StartClientHandshake(string host, int port, string resource, string origin, string extraHeaders)
        {
            if (_isServer || ((_flags & FlagRequestSent) != 0))
            {
                throw new InvalidOperationException("not a new client connection");
            }

            if (host == null || host.Length == 0 || port <= 0 || port > 65535)
            {
                throw new ArgumentException("invalid host or port");
            }

            if (resource == null || resource.Length == 0)
            {
                resource = "/";
            }

            if (resource[0] != '/')
            {
                throw new ArgumentException("resource must start with '/'");
            }

            // RFC 3986 §3.2.2 and RFC 9112 §3.2: neither the host nor the request target holds a space
            // (one in the target would split the request line).
            CheckHeaderText(host, false);
            CheckHeaderText(resource, false);
            CheckHeaderText(origin, true);
            string[] protocols = _options.Subprotocols;
            for (int i = 0; protocols != null && i < protocols.Length; i++)
            {
                // RFC 6455 §4.1 item 10: each value is a non-empty token (no separators, so no
                // comma, space or CR/LF can break the list or inject a header), and all are unique.
                string p = protocols[i];
                if (p == null || p.Length == 0)
                {
                    throw new ArgumentException("empty subprotocol name");
                }

                char[] name = p.ToCharArray();
                for (int k = 0; k < name.Length; k++)
                {
                    if (name[k] > 0x7E || !HttpText.IsTokenChar((byte)name[k]))
                    {
                        throw new ArgumentException("subprotocol name is not a token");
                    }
                }

                for (int j = 0; j < i; j++)
                {
                    if (protocols[j] == p)
                    {
                        throw new ArgumentException("subprotocol offered twice");
                    }
                }
            }

            // RFC 6455 §4.1 item 7: a randomly selected 16-byte nonce, base64-encoded (RFC 4648 §4,
            // the project's encoder: Convert.ToBase64String needs a firmware build option on
            // nanoFramework).
            byte[] nonce = new byte[16];
            _random.Fill(nonce, 0, 16);

            // Every write checks for room and throws when the head does not fit: nothing counts as
            // sent until _txEnd moves at the end.
            int o = _txEnd;
            o = HttpText.Write(_tx, o, "GET ");
            o = HttpText.Write(_tx, o, resource);
            o = HttpText.Write(_tx, o, RequestHostPrefix);
            o = HttpText.Write(_tx, o, host);
            if (port != 80)
            {
                // RFC 6455 §4.1 item 4: the port is included when it is not the default.
                o = HttpText.Write(_tx, o, ":");
                o = HttpText.WriteDecimal(_tx, o, port);
            }

            o = HttpText.Write(_tx, o, UpgradeHeaders);
            o = HttpText.Write(_tx, o, "Key: ");
            HttpText.CheckRoom(_tx, o, 24);
            AcceptKey.WriteBase64(nonce, 0, 16, _tx, o);
            WriteAcceptKey(_tx, o, 24, _acceptExpected, 0);
            o = HttpText.Write(_tx, o + 24, "\r\n");
            o = HttpText.Write(_tx, o, VersionHeader);
            if (protocols != null && protocols.Length > 0)
            {
                o = HttpText.Write(_tx, o, "Sec-WebSocket-Protocol");
                o = HttpText.Write(_tx, o, ": ");
                for (int i = 0; i < protocols.Length; i++)
                {
                    if (i > 0)
                    {
                        o = HttpText.Write(_tx, o, ", ");
                    }

                    o = HttpText.Write(_tx, o, protocols[i]);
                }

                o = HttpText.Write(_tx, o, "\r\n");
            }

            if (origin != null)
            {
                o = HttpText.WriteHeader(_tx, o, "Origin", origin);
            }

            if (extraHeaders != null)
            {
                o = HttpText.Write(_tx, o, extraHeaders);
            }

            o = HttpText.Write(_tx, o, "\r\n");
            _txEnd = o;
            _flags |= FlagRequestSent;
        }

        private WebSocketEvent NextClientHandshake()
        {
            if ((_flags & FlagRequestSent) == 0)
            {
                return WebSocketEvent.None;
            }

            int end = _head.FindEnd(_rx, _rxStart, _rxEnd);
            if (end < 0)
            {
                return _rxEnd == _rx.Length ? FailHandshake("response head larger than the receive buffer") : WebSocketEvent.None;
            }

            int status = _head.Parse(_rx, _rxStart, end, false);
            if (status != 0)
            {
                return FailHandshake("malformed response: " + _head.ErrorMessage);
            }

            _httpStatus = _head.StatusCode;

            // RFC 6455 §4.1, server response item 1: anything but 101 fails (no redirects followed).
            if (_httpStatus != 101)
            {
                return FailHandshake("server answered with a status other than 101");
            }

            // RFC 6455 §4.1 items 2 and 3.
            if (!_head.HeaderContainsToken("Upgrade", "websocket", true))
            {
                return FailHandshake("response lacks Upgrade: websocket");
            }

            if (!_head.HeaderContainsToken("Connection", "upgrade", true))
            {
                return FailHandshake("response lacks Connection: Upgrade");
            }

            // RFC 6455 §4.1 item 4: Sec-WebSocket-Accept must be base64(SHA-1(key + GUID)).
            int accept = _head.FindHeader("Sec-WebSocket-Accept", 0) * 4;
            bool same = accept >= 0 && _head.CountHeader("Sec-WebSocket-Accept") == 1 && _head._fields[accept + 3] == 28;
            for (int i = 0; same && i < 28; i++)
            {
                same = _rx[_head._fields[accept + 2] + i] == _acceptExpected[i];
            }

            if (!same)
            {
                return FailHandshake("wrong or missing Sec-WebSocket-Accept");
            }

            // RFC 6455 §4.1 item 5: no extension was offered, so any extension in use fails.
            if (_head.HasNonEmptyHeader("Sec-WebSocket-Extensions"))
            {
                return FailHandshake("server selected an extension that was not offered");
            }

            // RFC 6455 §4.1 item 6: a selected subprotocol must be one the client offered.
            _subprotocol = null;
            int protocol = _head.FindHeader("Sec-WebSocket-Protocol", 0);
            if (protocol >= 0)
            {
                string chosen = _head.GetHeaderValue(protocol);
                string[] offered = _options.Subprotocols;
                bool found = false;
                for (int i = 0; offered != null && i < offered.Length; i++)
                {
                    found |= offered[i] == chosen;
                }

                if (_head.CountHeader("Sec-WebSocket-Protocol") != 1 || !found)
                {
                    return FailHandshake("server selected a subprotocol that was not offered");
                }

                _subprotocol = chosen;
            }

            _rxStart = end;
            _state = WebSocketState.Open;
            return WebSocketEvent.Open;
        }

        /// <summary>Ends a failed opening handshake (either side): closed without a close frame (1006).</summary>
        private WebSocketEvent FailHandshake(string message)
        {
            _errorMessage = message;
            Terminate();
            _closeCode = CloseStatus.AbnormalClosure;
            return WebSocketEvent.HandshakeFailed;
        }

        private static void CheckHeaderText(string text, bool allowSpace)
        {
            if (text == null)
            {
                return;
            }

            // ToCharArray: one linear pass on nanoFramework, where the indexer rescans the string.
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                // RFC 9110 §5.5: no controls in the request line or field values (header injection).
                char c = chars[i];
                if (c < 0x20 || c > 0x7E || (c == ' ' && !allowSpace))
                {
                    throw new ArgumentException("invalid character in handshake text");
                }
            }
        }
    }
}
