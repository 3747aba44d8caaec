using System;

namespace NanoWs
{
    /// <summary>Server side of the opening handshake (RFC 6455 §4.2).</summary>
    public sealed partial class WebSocketConnection
    {
        // Accept-key hashing runs once per handshake, so one SHA-1 state and hash serve every
        // connection of the process, under a lock on that state (connections may be driven from
        // different threads), instead of about 500 bytes of them in each connection.
        private static readonly Sha1 SharedSha = new Sha1();
        private static readonly byte[] SharedHash = new byte[Sha1.HashSize];

        private int _headEnd;
        private int _keyStart; // the Sec-WebSocket-Key value (24 bytes once validated) in _rx
        private string _subprotocol;

        /// <summary>Writes the base64 SHA-1 accept value of a key (RFC 6455 §4.2.2) with the shared hashing state.</summary>
        private static int WriteAcceptKey(byte[] key, int offset, int count, byte[] destination, int destinationOffset)
        {
            lock (SharedSha)
            {
                return AcceptKey.Write(key, offset, count, SharedSha, SharedHash, destination, destinationOffset);
            }
        }

        /// <summary>
        /// The negotiated subprotocol: on a server, the one <see cref="AcceptHandshake()"/> will send
        /// (first of <see cref="WebSocketOptions.Subprotocols"/> that the client offered) and then
        /// sent; on a client, the one the server selected. Null when none.
        /// </summary>
        public string Subprotocol
        {
            get { return _subprotocol; }
        }

        /// <summary>True when the client offered <paramref name="subprotocol"/> (exact match).</summary>
        public bool ClientOffered(string subprotocol)
        {
            RequireDecisionPending();

            // RFC 6455 §4.1 item 10: an offered subprotocol is a non-empty token, so an empty list
            // element ("a, , b") offers nothing.
            return subprotocol != null && subprotocol.Length > 0
                && _head.HeaderContainsToken("Sec-WebSocket-Protocol", subprotocol, false);
        }

        private WebSocketEvent NextServerHandshake()
        {
            if (((_flags & FlagAwaitingDecision) != 0) || _headEnd > 0)
            {
                return WebSocketEvent.None;
            }

            int end = _head.FindEnd(_rx, _rxStart, _rxEnd);
            if (end < 0)
            {
                if (_rxEnd == _rx.Length)
                {
                    // RFC 6585 §5: request header fields too large.
                    return FailServerHandshake(431, "request head larger than the receive buffer", null);
                }

                return WebSocketEvent.None;
            }

            _headEnd = end;
            int status = _head.Parse(_rx, _rxStart, end, true);
            string error = _head.ErrorMessage;
            string extraHeaders = null;
            if (status == 0)
            {
                // Every check below that fails answers 400 unless it says otherwise.
                status = 400;
                byte major = _rx[_head._part2Start + 5];
                byte minor = _rx[_head._part2Start + 7];
                int hosts = _head.CountHeader("Host");
                if (major != (byte)'1')
                {
                    // RFC 9112 §2.5 and RFC 9110 §15.6.6: only HTTP/1.x is spoken here, for plain requests too.
                    status = 505;
                    error = "HTTP version not supported";
                }
                else if (!_head.HeaderContainsToken("Upgrade", "websocket", true))
                {
                    // RFC 6455 §4.2.1: an upgrade request names the "websocket" token in Upgrade.
                    // Anything else is an ordinary HTTP request that the transport answers itself,
                    // but RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without
                    // Host and to any request with more than one Host line.
                    if (hosts <= 1 && (hosts == 1 || minor == (byte)'0'))
                    {
                        return WebSocketEvent.HttpRequest;
                    }

                    error = "missing or repeated Host header";
                }
                else if (!_head.MethodIs("GET"))
                {
                    // RFC 6455 §4.2.1 item 1: the method MUST be GET. RFC 9110 §9: another standard
                    // method is known but not allowed here (405); any other is not implemented (501).
                    if (_head.MethodIsOneOf("HEAD POST PUT DELETE OPTIONS PATCH TRACE CONNECT "))
                    {
                        status = 405;
                        error = "WebSocket upgrade requires GET";
                        extraHeaders = "Allow: GET\r\n";
                    }
                    else
                    {
                        status = 501;
                        error = "method not implemented";
                    }
                }
                else if (minor == (byte)'0')
                {
                    // RFC 6455 §4.2.1 item 1 / §4.1: HTTP/1.1 or higher.
                    error = "WebSocket requires HTTP/1.1";
                }
                else if (hosts != 1)
                {
                    // RFC 6455 §4.2.1 item 2 and RFC 9112 §3.2: exactly one Host header.
                    error = "missing or repeated Host header";
                }
                else if (!_head.HeaderContainsToken("Connection", "upgrade", true))
                {
                    // RFC 6455 §4.2.1 item 4: Connection lists the "Upgrade" token, case-insensitively
                    // ("keep-alive, Upgrade" from Firefox is valid).
                    error = "Connection header lacks the Upgrade token";
                }
                else if (_head.CountHeader("Sec-WebSocket-Version") != 1 || !_head.HeaderEquals("Sec-WebSocket-Version", "13"))
                {
                    // RFC 6455 §4.2.2 item 4 and §4.4: an unsupported or missing version gets 426 with
                    // the versions this server speaks.
                    status = 426;
                    error = "unsupported WebSocket version";
                    extraHeaders = VersionHeader;
                }
                else if (_head.CountHeader("Sec-WebSocket-Key") != 1)
                {
                    // RFC 6455 §4.2.1 item 5: exactly one Sec-WebSocket-Key, base64 of 16 bytes.
                    error = "missing or repeated Sec-WebSocket-Key";
                }
                else
                {
                    int key = _head.FindHeader("Sec-WebSocket-Key", 0) * 4;
                    _keyStart = _head._fields[key + 2];
                    if (!IsValidKey(_rx, _keyStart, _head._fields[key + 3]))
                    {
                        error = "Sec-WebSocket-Key is not base64 of 16 bytes";
                    }
                    else
                    {
                        // RFC 6455 §4.2.2 item 5.4: pick one protocol the client offered, in the
                        // server's order of preference; never echo the client's whole list.
                        _subprotocol = null;
                        string[] supported = _options.Subprotocols;
                        for (int i = 0; supported != null && i < supported.Length && _subprotocol == null; i++)
                        {
                            string name = supported[i];
                            if (name != null && name.Length > 0 && _head.HeaderContainsToken("Sec-WebSocket-Protocol", name, false))
                            {
                                _subprotocol = name;
                            }
                        }

                        _flags |= FlagAwaitingDecision;
                        return WebSocketEvent.UpgradeRequest;
                    }
                }
            }

            return FailServerHandshake(status, error, extraHeaders);
        }

        /// <summary>
        /// Answers the pending <see cref="WebSocketEvent.UpgradeRequest"/> with 101 Switching Protocols
        /// (RFC 6455 §4.2.2) and opens the connection. <paramref name="subprotocol"/> overrides the
        /// automatic selection; it must be one the client offered, or null for none. No
        /// Sec-WebSocket-Extensions header is sent: every extension offer is declined.
        /// </summary>
        public void AcceptHandshake(string subprotocol)
        {
            RequireDecisionPending();
            if (subprotocol != null && !ClientOffered(subprotocol))
            {
                // RFC 6455 §4.2.2 item 5.4: the selected subprotocol must be one the client offered
                // (ClientOffered is false for "", so an empty Sec-WebSocket-Protocol is never sent).
                throw new ArgumentException("the client did not offer this subprotocol");
            }

            if (subprotocol != null && subprotocol.Length > 64)
            {
                throw new ArgumentException("subprotocol name too long");
            }

            _subprotocol = subprotocol;

            int o = _txEnd;
            o = HttpText.Write(_tx, o, "HTTP/1.1 101 Switching Protocols");
            o = HttpText.Write(_tx, o, UpgradeHeaders);
            o = HttpText.Write(_tx, o, "Accept: ");
            o = WriteAcceptKey(_rx, _keyStart, 24, _tx, o);
            o = HttpText.Write(_tx, o, "\r\n");
            if (subprotocol != null)
            {
                o = HttpText.WriteHeader(_tx, o, "Sec-WebSocket-Protocol", subprotocol);
            }

            o = HttpText.Write(_tx, o, "\r\n");
            _txEnd = o;
            _httpStatus = 101;
            _flags &= ~FlagAwaitingDecision;
            _rxStart = _headEnd;
            _state = WebSocketState.Open;
        }

        /// <summary>Accepts the pending upgrade with the automatically selected <see cref="Subprotocol"/>.</summary>
        public void AcceptHandshake()
        {
            AcceptHandshake(_subprotocol);
        }

        /// <summary>
        /// Refuses the pending upgrade request with an HTTP error (e.g. 401, 403, 404, 503) and a short
        /// plain-text body; the connection closes once it is sent. <paramref name="extraHeaders"/>
        /// holds complete header lines ending in CRLF, or null.
        /// </summary>
        public void RejectHandshake(int status, string message, string extraHeaders)
        {
            RequireDecisionPending();
            if (status < 400 || status > 599)
            {
                throw new ArgumentException("status must be 4xx or 5xx");
            }

            FailServerHandshake(status, message, extraHeaders);
        }

        /// <summary>
        /// Queues a complete HTTP response head for a plain request reported as
        /// <see cref="WebSocketEvent.HttpRequest"/>; the transport sends the body itself. The
        /// connection is closed afterwards ("Connection: close").
        /// </summary>
        public void WriteHttpResponseHead(int status, string contentType, int contentLength, string extraHeaders)
        {
            if ((_flags & FlagAwaitingDecision) != 0)
            {
                throw new InvalidOperationException("no HTTP request to answer");
            }

            WriteHttpResponse(status, contentType, contentLength, extraHeaders, null, 0, 0);
        }

        private WebSocketEvent FailServerHandshake(int status, string message, string extraHeaders)
        {
            _errorMessage = message;
            _httpStatus = status;
            _flags &= ~FlagAwaitingDecision;
            if (message == null)
            {
                message = string.Empty;
            }

            // The body is the reason, shortened to what the send buffer holds next to the head.
            int headRoom = 160 + (extraHeaders == null ? 0 : extraHeaders.Length);
            int bodyLength = message.Length + 1;
            if (headRoom + bodyLength > _tx.Length)
            {
                bodyLength = _tx.Length - headRoom;
                if (bodyLength < 0)
                {
                    bodyLength = 0;
                }
            }

            WriteResponseHead(status, "text/plain", bodyLength, extraHeaders, 0);
            char[] chars = message.ToCharArray();
            for (int i = 0; i < bodyLength - 1; i++)
            {
                char c = chars[i];
                _tx[_txEnd++] = c < 0x20 || c > 0x7E ? (byte)'?' : (byte)c;
            }

            if (bodyLength > 0)
            {
                _tx[_txEnd++] = (byte)'\n';
            }

            return FailHandshake(_errorMessage);
        }

        /// <summary>
        /// Writes a response head; throws before writing anything when it and
        /// <paramref name="bodyCount"/> bytes of body may not fit (<see cref="ResponseRoom"/>).
        /// </summary>
        private void WriteResponseHead(int status, string contentType, int contentLength, string extraHeaders, int bodyCount)
        {
            if (bodyCount > ResponseRoom(contentType, extraHeaders))
            {
                throw new InvalidOperationException("response does not fit the send buffer");
            }

            int o = _txEnd;
            o = HttpText.Write(_tx, o, "HTTP/1.1 ");
            o = HttpText.WriteDecimal(_tx, o, status);
            o = HttpText.Write(_tx, o, " ");
            o = HttpText.Write(_tx, o, ReasonPhrase(status));
            o = HttpText.Write(_tx, o, "\r\n");
            if (contentType != null)
            {
                o = HttpText.WriteHeader(_tx, o, "Content-Type", contentType);
            }

            o = HttpText.Write(_tx, o, "Content-Length");
            o = HttpText.Write(_tx, o, ": ");
            o = HttpText.WriteDecimal(_tx, o, contentLength);
            o = HttpText.Write(_tx, o, "\r\nConnection: close\r\n");
            if (extraHeaders != null)
            {
                o = HttpText.Write(_tx, o, extraHeaders);
            }

            o = HttpText.Write(_tx, o, "\r\n");
            _txEnd = o;
        }

        /// <summary>Standard reason phrase for the statuses this stack sends.</summary>
        public static string ReasonPhrase(int status)
        {
            // One table string (each entry: three digits, the phrase, a newline) instead of a string
            // and a branch per status; phrases hold no digits, so a three-digit status matches only
            // its own entry.
            string table = "101Switching Protocols\n200OK\n204No Content\n304Not Modified\n400Bad Request\n"
                + "401Unauthorized\n403Forbidden\n404Not Found\n405Method Not Allowed\n408Request Timeout\n"
                + "411Length Required\n413Content Too Large\n414URI Too Long\n426Upgrade Required\n"
                + "429Too Many Requests\n431Request Header Fields Too Large\n500Internal Server Error\n"
                + "501Not Implemented\n503Service Unavailable\n505HTTP Version Not Supported\n";
            int i = status < 100 || status > 999 ? -1 : table.IndexOf(status.ToString());
            if (i < 0)
            {
                return status < 400 ? "OK" : "Error";
            }

            i += 3;
            return table.Substring(i, table.IndexOf('\n', i) - i);
        }

        private void RequireDecisionPending()
        {
            if ((_flags & FlagAwaitingDecision) == 0)
            {
                throw new InvalidOperationException("no upgrade request pending");
            }
        }

        /// <summary>
        /// RFC 6455 §4.1 item 7 / §4.2.1 item 5: the key is the base64 encoding of 16 bytes, i.e. 22
        /// base64 characters, the last of which carries 2 significant bits, then "==".
        /// </summary>
        internal static bool IsValidKey(byte[] b, int offset, int count)
        {
            if (count != 24 || b[offset + 22] != (byte)'=' || b[offset + 23] != (byte)'=')
            {
                return false;
            }

            for (int i = 0; i < 22; i++)
            {
                // RFC 4648 §4: A–Z, a–z, 0–9, '+', '/' are the values 0..63.
                int c = b[offset + i];
                int v = c >= 'A' && c <= 'Z' ? c - 'A'
                    : c >= 'a' && c <= 'z' ? c - 'a' + 26
                    : c >= '0' && c <= '9' ? c - '0' + 52
                    : c == '+' ? 62
                    : c == '/' ? 63 : -1;
                if (v < 0 || (i == 21 && (v & 0x0F) != 0))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
