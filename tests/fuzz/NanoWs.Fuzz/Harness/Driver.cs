using System;
using System.Text;

namespace NanoWs.Fuzz
{
    /// <summary>
    /// Drives one <see cref="WebSocketConnection"/> like a transport and an application would, and
    /// checks after every call that the connection kept its promises. Anything that escapes the
    /// connection, and every broken invariant, ends the run with an exception (a fuzz crash).
    /// </summary>
    /// <remarks>
    /// Invariants: the send and receive windows stay inside their buffers; the state never goes
    /// back (Connecting → Open → Closing → Closed); nothing is produced once Closed; Next returns
    /// non-None at most input×4+100 times; every event's slice lies inside its buffer; Data slices
    /// come in order (first/final, one type per message, no empty non-final slice, whole messages
    /// when reassembling, never more than MaxMessageSize); a completed text message and a close
    /// reason are valid UTF-8 (checked against .NET); close codes received are valid; errors carry
    /// 1002/1007/1009 and queue exactly that close frame; everything sent parses as RFC 6455
    /// frames (<see cref="OutgoingChecker"/>); the receive buffer never stalls; and a second run of
    /// the same input after <see cref="WebSocketConnection.Reset"/> gives exactly the same events
    /// and bytes.
    /// </remarks>
    internal sealed class Driver
    {
        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        private readonly WebSocketConnection _c;
        private readonly FixedRandom _random;
        private readonly HarnessConfig _config;
        private readonly bool _server;

        private ulong _hash;
        private int _budget;
        private int _events;
        private long _now;
        private int _lastState;
        private OutgoingChecker _out;
        private bool _inMessage;
        private WebSocketMessageType _messageType;
        private long _messageLength;
        private byte[] _message = new byte[256];
        private int _dataMessages;
        private int _expectedCloseCode;
        private bool _sendDiscarded;

        public Driver(WebSocketConnection connection, FixedRandom random, HarnessConfig config)
        {
            _c = connection;
            _random = random;
            _config = config;
            _server = connection.IsServer;
        }

        /// <summary>Runs the input, resets the connection, runs it again, and compares both runs.</summary>
        /// <param name="input">Input bytes.</param>
        /// <param name="offset">First byte the peer sends.</param>
        /// <param name="count">Number of bytes the peer sends.</param>
        /// <param name="openFirst">Open the connection with a valid handshake before the input (frame targets).</param>
        public void RunTwice(byte[] input, int offset, int count, bool openFirst)
        {
            ulong first = RunOnce(input, offset, count, openFirst);
            _c.Reset();
            if (_random != null)
            {
                _random.Reset();
            }

            ulong second = RunOnce(input, offset, count, openFirst);
            if (first != second)
            {
                throw new FuzzCrashException("the same input after Reset() gave different events or bytes");
            }
        }

        private ulong RunOnce(byte[] input, int offset, int count, bool openFirst)
        {
            _hash = FnvOffset;
            _budget = (count * 4) + 100;
            _events = 0;
            _now = 0;
            _lastState = (int)_c.State;
            _inMessage = false;
            _messageLength = 0;
            _dataMessages = 0;
            _expectedCloseCode = 0;
            _sendDiscarded = false;
            if (_c.State != WebSocketState.Connecting || _c.SendCount != 0 || _c.BufferedReceiveCount != 0)
            {
                throw new FuzzCrashException("a new or reset connection is not Connecting and empty");
            }

            if (_server)
            {
                _out = new OutgoingChecker(false, true);
                if (openFirst)
                {
                    byte[] request = Encoding.ASCII.GetBytes(FuzzTargets.FramePrefixRequest);
                    Feed(request, 0, request.Length, true);
                    RequireOpen("server");
                }
            }
            else
            {
                _c.StartClientHandshake("example.com", 80, "/chat", null, null);
                int request = _c.SendCount;
                if (request <= 0)
                {
                    throw new FuzzCrashException("client queued no request");
                }

                _c.ConsumeSent(request);
                _out = new OutgoingChecker(true, false);
                if (openFirst)
                {
                    byte[] response = FuzzTargets.ClientAcceptResponse(null);
                    Feed(response, 0, response.Length, true);
                    RequireOpen("client");
                }
            }

            _budget += _events;
            Feed(input, offset, count, false);
            Finish();
            return _hash;
        }

        private void RequireOpen(string side)
        {
            if (_c.State != WebSocketState.Open)
            {
                throw new FuzzCrashException(side + " handshake prefix did not open the connection");
            }
        }

        private void Feed(byte[] input, int offset, int count, bool whole)
        {
            int pos = offset;
            int end = offset + count;
            int chunk = 0;
            int stalls = 0;
            while (pos < end)
            {
                int want = Math.Min(whole ? int.MaxValue : _config.ChunkSize(chunk++), end - pos);
                while (want > 0)
                {
                    int fed = _c.Feed(input, pos, want);
                    CheckWindows();
                    if (fed < 0 || fed > want)
                    {
                        throw new FuzzCrashException("Feed returned " + fed + " for " + want + " bytes");
                    }

                    pos += fed;
                    want -= fed;
                    Pump();
                    if (!whole)
                    {
                        Tick(1);
                        if (_config.ActiveApp)
                        {
                            Tick(1);
                        }
                    }

                    if (fed > 0)
                    {
                        stalls = 0;
                        continue;
                    }

                    // Nothing fit: send everything, process everything; then there must be room.
                    DrainAll();
                    Pump();
                    if (++stalls > 2 || _c.PrepareReceive() == 0)
                    {
                        throw new FuzzCrashException("receive buffer stalled in state " + _c.State);
                    }
                }
            }
        }

        private void Pump()
        {
            int idle = 0;
            while (true)
            {
                DrainSome();
                WebSocketState before = _c.State;
                WebSocketEvent ev = _c.Next();
                Mix((int)ev);
                CheckWindows();
                if (ev == WebSocketEvent.None)
                {
                    if (_c.SendCount > 0)
                    {
                        if (++idle > 1000000)
                        {
                            throw new FuzzCrashException("Next keeps refilling the send buffer");
                        }

                        continue;
                    }

                    return;
                }

                if (++_events > _budget)
                {
                    throw new FuzzCrashException("Next returned an event more than input×4+100 times");
                }

                if (before == WebSocketState.Closed)
                {
                    throw new FuzzCrashException(ev + " after the connection was closed");
                }

                CheckEvent(ev, before);
                Handle(ev, before);
                CheckWindows();
            }
        }

        private void Tick(long step)
        {
            _now += step;
            WebSocketState before = _c.State;
            int codeBefore = _c.CloseCode;
            WebSocketEvent ev = _c.Tick(_now);
            Mix(0x100 + (int)ev);
            CheckWindows();
            if (ev == WebSocketEvent.None)
            {
                return;
            }

            if (ev != WebSocketEvent.TimedOut)
            {
                throw new FuzzCrashException("Tick returned " + ev);
            }

            if (before == WebSocketState.Closed && _c.CloseCode != codeBefore)
            {
                // A close handshake that completed keeps its code (TimeOut's "cleanlyClosed").
                throw new FuzzCrashException("TimedOut changed the close code of a closed connection from " + codeBefore + " to " + _c.CloseCode);
            }

            if (_c.State != WebSocketState.Closed || _c.SendCount != 0 || !_c.ShouldCloseTransport)
            {
                throw new FuzzCrashException("after TimedOut the connection is not closed and empty");
            }

            _sendDiscarded = true;
            _inMessage = false;
        }

        private void CheckWindows()
        {
            int state = (int)_c.State;
            if (state < _lastState)
            {
                throw new FuzzCrashException("state went back from " + (WebSocketState)_lastState + " to " + _c.State);
            }

            _lastState = state;
            byte[] tx = _c.SendBuffer;
            if (_c.SendCount < 0 || _c.SendOffset < 0 || _c.SendOffset + _c.SendCount > tx.Length)
            {
                throw new FuzzCrashException("send window out of range: offset " + _c.SendOffset + " count " + _c.SendCount);
            }

            int buffered = _c.BufferedReceiveCount;
            if (buffered < 0 || buffered > _c.ReceiveBuffer.Length || _c.ReceiveOffset < 0 || _c.ReceiveOffset > _c.ReceiveBuffer.Length)
            {
                throw new FuzzCrashException("receive window out of range: buffered " + buffered + " offset " + _c.ReceiveOffset);
            }

            if (_c.SendSpace < 0 || _c.SendSpace > _c.MaxFramePayload)
            {
                throw new FuzzCrashException("SendSpace out of range: " + _c.SendSpace);
            }
        }

        private void CheckEvent(WebSocketEvent ev, WebSocketState before)
        {
            bool slice = ev == WebSocketEvent.Data || ev == WebSocketEvent.Ping || ev == WebSocketEvent.Pong || ev == WebSocketEvent.Close;
            byte[] b = _c.EventBuffer;
            int o = _c.EventOffset;
            int n = _c.EventCount;
            if (slice)
            {
                if (b == null || o < 0 || n < 0 || o > b.Length - n)
                {
                    throw new FuzzCrashException(ev + " slice out of range: offset " + o + " count " + n + " buffer " + (b == null ? "null" : b.Length.ToString()));
                }

                MixBytes(b, o, n);
            }
            else if (n != 0)
            {
                throw new FuzzCrashException(ev + " carries a slice");
            }

            switch (ev)
            {
                case WebSocketEvent.UpgradeRequest:
                case WebSocketEvent.HttpRequest:
                    if (!_server || before != WebSocketState.Connecting || _c.State != WebSocketState.Connecting)
                    {
                        throw new FuzzCrashException(ev + " out of place");
                    }

                    break;
                case WebSocketEvent.Open:
                    if (_server || before != WebSocketState.Connecting || _c.State != WebSocketState.Open || _c.HttpStatus != 101)
                    {
                        throw new FuzzCrashException("Open out of place");
                    }

                    break;
                case WebSocketEvent.HandshakeFailed:
                    if (before != WebSocketState.Connecting || _c.State != WebSocketState.Closed || _c.ErrorMessage == null)
                    {
                        throw new FuzzCrashException("HandshakeFailed out of place");
                    }

                    if (_server && (_c.HttpStatus < 400 || _c.HttpStatus > 599))
                    {
                        throw new FuzzCrashException("server handshake failed with status " + _c.HttpStatus);
                    }

                    Mix(_c.HttpStatus);
                    break;
                case WebSocketEvent.Data:
                    CheckData();
                    break;
                case WebSocketEvent.Ping:
                case WebSocketEvent.Pong:
                    if (n > 125 || before == WebSocketState.Connecting)
                    {
                        throw new FuzzCrashException(ev + " with " + n + " bytes or before the handshake");
                    }

                    break;
                case WebSocketEvent.Close:
                    CheckClose(n, b, o, before);
                    break;
                case WebSocketEvent.ProtocolError:
                    int code = _c.CloseCode;
                    Mix(code);
                    if (code != CloseStatus.ProtocolError && code != CloseStatus.InvalidPayloadData && code != CloseStatus.MessageTooBig)
                    {
                        throw new FuzzCrashException("ProtocolError with close code " + code);
                    }

                    if (_c.State != WebSocketState.Closed || _c.ErrorMessage == null || before == WebSocketState.Connecting)
                    {
                        throw new FuzzCrashException("ProtocolError left state " + _c.State + " or no message");
                    }

                    if (before == WebSocketState.Open)
                    {
                        // RFC 6455 §7.1.7: fail the connection by sending a close frame with this code.
                        ExpectClose(code);
                    }

                    _inMessage = false;
                    break;
                case WebSocketEvent.TimedOut:
                default:
                    throw new FuzzCrashException("Next returned " + ev);
            }
        }

        private void CheckData()
        {
            if (_c.State == WebSocketState.Connecting)
            {
                throw new FuzzCrashException("Data before the handshake");
            }

            bool first = _c.EventIsFirst;
            bool final = _c.EventIsFinal;
            int n = _c.EventCount;
            Mix((first ? 1 : 0) | (final ? 2 : 0) | ((int)_c.EventMessageType << 2));
            if (first == _inMessage)
            {
                throw new FuzzCrashException("EventIsFirst " + first + " while a message is " + (_inMessage ? "open" : "not open"));
            }

            if (first)
            {
                _messageType = _c.EventMessageType;
                _messageLength = 0;
            }
            else if (_c.EventMessageType != _messageType)
            {
                throw new FuzzCrashException("message type changed inside a message");
            }

            if (_config.Reassemble && !(first && final))
            {
                throw new FuzzCrashException("reassembly on but a partial message was delivered");
            }

            if (n == 0 && !final)
            {
                throw new FuzzCrashException("empty non-final Data slice");
            }

            if (_message.Length < _messageLength + n)
            {
                Array.Resize(ref _message, (int)Math.Max(_message.Length * 2, _messageLength + n));
            }

            Array.Copy(_c.EventBuffer, _c.EventOffset, _message, _messageLength, n);
            _messageLength += n;
            int max = _c.Options.MaxMessageSize;
            if (max > 0 && _messageLength > max)
            {
                throw new FuzzCrashException("message of " + _messageLength + " bytes delivered over MaxMessageSize " + max);
            }

            _inMessage = !final;
            if (final)
            {
                _dataMessages++;
                if (_messageType == WebSocketMessageType.Text
                    && !System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(_message, 0, (int)_messageLength)))
                {
                    throw new FuzzCrashException("a text message that is not valid UTF-8 was delivered");
                }
            }
        }

        private void CheckClose(int n, byte[] b, int o, WebSocketState before)
        {
            int code = _c.CloseCode;
            Mix(code);
            if (_c.State != WebSocketState.Closed || before == WebSocketState.Connecting)
            {
                throw new FuzzCrashException("Close event left state " + _c.State);
            }

            if (code == CloseStatus.NoStatusReceived ? n != 0 : (!CloseStatus.IsValidOnWire(code) || n > CloseStatus.MaxReasonBytes))
            {
                throw new FuzzCrashException("Close event with code " + code + " and " + n + " reason bytes");
            }

            if (!System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(b, o, n)))
            {
                throw new FuzzCrashException("close reason that is not UTF-8 was delivered");
            }

            if (!_c.CloseSent)
            {
                throw new FuzzCrashException("Close received but no close frame sent or queued");
            }

            if (before == WebSocketState.Open)
            {
                // RFC 6455 §5.5.1: the reply echoes the status code (none when none was received).
                ExpectClose(code);
            }

            _inMessage = false;
        }

        private void ExpectClose(int code)
        {
            if (_expectedCloseCode == 0)
            {
                _expectedCloseCode = code;
            }
        }

        private void Handle(WebSocketEvent ev, WebSocketState before)
        {
            switch (ev)
            {
                case WebSocketEvent.UpgradeRequest:
                    ReadHead(true);
                    if (_c.Head.PathEquals("/reject"))
                    {
                        _c.RejectHandshake(403, "forbidden", null);
                        if (_c.State != WebSocketState.Closed)
                        {
                            throw new FuzzCrashException("RejectHandshake left the connection " + _c.State);
                        }

                        return;
                    }

                    if (_c.ClientOffered("superchat"))
                    {
                        _c.AcceptHandshake("superchat");
                    }
                    else
                    {
                        _c.AcceptHandshake();
                    }

                    if (_c.State != WebSocketState.Open || _c.HttpStatus != 101)
                    {
                        throw new FuzzCrashException("AcceptHandshake left the connection " + _c.State);
                    }

                    return;
                case WebSocketEvent.HttpRequest:
                    ReadHead(true);
                    _c.WriteHttpResponseHead(200, "text/plain", 5, "X-Fuzz: 1\r\n");
                    if (_c.State != WebSocketState.Closed)
                    {
                        throw new FuzzCrashException("WriteHttpResponseHead left the connection " + _c.State);
                    }

                    return;
                case WebSocketEvent.Open:
                    ReadHead(false);
                    return;
                case WebSocketEvent.Data:
                    if (!_config.ActiveApp || _c.State != WebSocketState.Open)
                    {
                        return;
                    }

                    if (_c.EventIsFirst && _c.EventIsFinal && _c.EventCount <= _c.SendSpace)
                    {
                        // Echo: the slice is copied into the send buffer before the next Next call.
                        if (!_c.TrySend(_c.EventMessageType, _c.EventBuffer, _c.EventOffset, _c.EventCount, true))
                        {
                            throw new FuzzCrashException("TrySend refused a payload that fits SendSpace");
                        }
                    }

                    if (_dataMessages >= 2 && _c.TryClose(CloseStatus.NormalClosure, "bye"))
                    {
                        if (_c.State != WebSocketState.Closing)
                        {
                            throw new FuzzCrashException("TryClose did not move Open to Closing");
                        }

                        ExpectClose(CloseStatus.NormalClosure);
                    }

                    return;
                default:
                    return;
            }
        }

        // Reads the parsed head the way a transport would (routing, auth, logging): none of this may throw.
        private void ReadHead(bool request)
        {
            HttpHead h = _c.Head;
            var sb = new StringBuilder();
            if (request)
            {
                sb.Append(h.Method).Append(h.Target).Append(h.Path).Append(h.Query);
                sb.Append(h.GetCookie("sid")).Append(h.GetQueryParameter("token")).Append(h.GetHeader("Origin"));
                sb.Append(h.MethodIs("GET")).Append(h.PathEquals("/"));
            }
            else
            {
                sb.Append(h.StatusCode);
            }

            sb.Append(h.Version);
            sb.Append(h.HeaderContainsToken("Connection", "upgrade", true)).Append(h.HasNonEmptyHeader("Sec-WebSocket-Protocol"));
            sb.Append(h.CountHeader("Host")).Append(h.FindHeader("Host", 0)).Append(h.HeaderEquals("Upgrade", "websocket"));
            for (int i = 0; i < h.HeaderCount; i++)
            {
                sb.Append(h.GetHeaderName(i)).Append(':').Append(h.GetHeaderValue(i));
            }

            sb.Append(_c.Subprotocol);
            string s = sb.ToString();
            for (int i = 0; i < s.Length; i++)
            {
                Mix(s[i]);
            }
        }

        private void DrainSome()
        {
            int n = _c.SendCount;
            if (_config.SlowSender && n > 7)
            {
                n = 7;
            }

            if (n > 0)
            {
                _out.Feed(_c.SendBuffer, _c.SendOffset, n);
                MixBytes(_c.SendBuffer, _c.SendOffset, n);
                _c.ConsumeSent(n);
                CheckWindows();
            }
        }

        private void DrainAll()
        {
            int guard = 0;
            while (_c.SendCount > 0)
            {
                DrainSome();
                if (++guard > 1000000)
                {
                    throw new FuzzCrashException("send buffer never empties");
                }
            }
        }

        private void Finish()
        {
            DrainAll();
            Pump();
            DrainAll();
            if (_expectedCloseCode != 0 && !_sendDiscarded && _out.CloseCode != _expectedCloseCode)
            {
                throw new FuzzCrashException("expected a close frame with " + _expectedCloseCode + ", sent " + _out.CloseCode);
            }

            // Let the close and keep-alive timers run out, then the transport goes away.
            for (int i = 0; i < 3; i++)
            {
                Tick(1000);
                DrainAll();
            }

            _c.TransportClosed();
            Mix(_c.CloseCode);
            if (_c.State != WebSocketState.Closed || !_c.ShouldCloseTransport || _c.SendCount != 0)
            {
                throw new FuzzCrashException("after TransportClosed the connection is " + _c.State + " and not done");
            }

            if (_c.Next() != WebSocketEvent.None)
            {
                throw new FuzzCrashException("event after TransportClosed");
            }
        }

        private void Mix(int value)
        {
            _hash = (_hash ^ (uint)value) * FnvPrime;
        }

        private void MixBytes(byte[] b, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                _hash = (_hash ^ b[i]) * FnvPrime;
            }
        }
    }
}
