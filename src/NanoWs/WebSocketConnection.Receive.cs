using System;

namespace NanoWs
{
    /// <summary>
    /// Frame decoder (RFC 6455 §5): resumable at any byte. A torn header stays in the receive buffer
    /// until it is complete; payload bytes are unmasked in place with a rolling mask index and
    /// delivered as slices as soon as they arrive.
    /// </summary>
    public sealed partial class WebSocketConnection
    {
        // Frame state.
        private int _frameOpcode;
        private long _frameRemaining;
        private int _maskIndex;
        private int _frameMask; // the frame's 4 masking-key bytes, first byte highest
        private int _controlCount;

        // Message state (RFC 6455 §5.4: one fragmented data message at a time).
        private WebSocketMessageType _messageType;
        private long _messageLength;
        private int _messageCount;

        private WebSocketEvent NextFrameEvent()
        {
            while (true)
            {
                if ((_flags & FlagInPayload) == 0)
                {
                    WebSocketEvent headerResult;
                    if (!TryReadHeader(out headerResult))
                    {
                        return headerResult;
                    }
                }

                if (Opcode.IsControl(_frameOpcode))
                {
                    WebSocketEvent ev = ContinueControlFrame();
                    if (ev != WebSocketEvent.None || ((_flags & FlagInPayload) != 0))
                    {
                        return ev;
                    }

                    continue;
                }

                WebSocketEvent data = ContinueDataFrame();
                if (data != WebSocketEvent.None)
                {
                    return data;
                }

                if ((_flags & FlagInPayload) != 0)
                {
                    return WebSocketEvent.None;
                }
            }
        }

        /// <summary>
        /// Parses a frame header at <c>_rxStart</c> when it is complete. Returns false with
        /// <paramref name="result"/> None (need more bytes) or ProtocolError.
        /// </summary>
        private bool TryReadHeader(out WebSocketEvent result)
        {
            result = WebSocketEvent.None;
            int available = _rxEnd - _rxStart;
            if (available < 2)
            {
                return false;
            }

            byte b0 = _rx[_rxStart];
            byte b1 = _rx[_rxStart + 1];
            bool fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            bool masked = (b1 & 0x80) != 0;
            int length7 = b1 & 0x7F;

            // RFC 6455 §5.2: RSV1–3 MUST be 0 unless an extension defines them; none is negotiated.
            if ((b0 & 0x70) != 0)
            {
                result = Fail(CloseStatus.ProtocolError, "reserved bits set");
                return false;
            }

            // RFC 6455 §5.2: opcodes 0x3–0x7 and 0xB–0xF are reserved.
            if ((opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB)
            {
                result = Fail(CloseStatus.ProtocolError, "reserved opcode");
                return false;
            }

            if (Opcode.IsControl(opcode))
            {
                // RFC 6455 §5.5: control frames are never fragmented and carry at most 125 bytes.
                if (!fin)
                {
                    result = Fail(CloseStatus.ProtocolError, "fragmented control frame");
                    return false;
                }

                if (length7 > Opcode.MaxControlPayload)
                {
                    result = Fail(CloseStatus.ProtocolError, "control frame payload over 125 bytes");
                    return false;
                }
            }
            else if (opcode == Opcode.Continuation)
            {
                // RFC 6455 §5.4: a continuation frame needs a message in progress.
                if ((_flags & FlagInMessage) == 0)
                {
                    result = Fail(CloseStatus.ProtocolError, "continuation frame without a message in progress");
                    return false;
                }
            }
            else if ((_flags & FlagInMessage) != 0)
            {
                // RFC 6455 §5.4: a new data message may not start before the previous one ends.
                result = Fail(CloseStatus.ProtocolError, "new data frame inside a fragmented message");
                return false;
            }

            // RFC 6455 §5.1 / §5.3: clients mask every frame, servers never do.
            if (masked != _isServer)
            {
                result = Fail(CloseStatus.ProtocolError, _isServer ? "unmasked frame from client" : "masked frame from server");
                return false;
            }

            int headerSize = 2 + (length7 == 126 ? 2 : (length7 == 127 ? 8 : 0)) + (masked ? 4 : 0);
            if (available < headerSize)
            {
                return false;
            }

            int p = _rxStart + 2;
            long length = length7;
            if (length7 == 126)
            {
                length = (_rx[p] << 8) | _rx[p + 1];
                p += 2;

                // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length.
                if (length < 126)
                {
                    result = Fail(CloseStatus.ProtocolError, "non-minimal payload length");
                    return false;
                }
            }
            else if (length7 == 127)
            {
                // RFC 6455 §5.2: the most significant bit of the 64-bit length MUST be 0.
                if ((_rx[p] & 0x80) != 0)
                {
                    result = Fail(CloseStatus.ProtocolError, "64-bit payload length with the top bit set");
                    return false;
                }

                length = 0;
                for (int i = 0; i < 8; i++)
                {
                    length = (length << 8) | _rx[p + i];
                }

                p += 8;
                if (length <= 0xFFFF)
                {
                    result = Fail(CloseStatus.ProtocolError, "non-minimal payload length");
                    return false;
                }
            }

            if (!Opcode.IsControl(opcode))
            {
                // RFC 6455 §7.4.1 (1009): a message larger than this endpoint accepts. Compared as
                // a difference: a 63-bit length added to the bytes already counted would wrap.
                long max = _options.MaxMessageSize;
                if (max > 0 && length > max - _messageLength)
                {
                    result = Fail(CloseStatus.MessageTooBig, "message exceeds MaxMessageSize");
                    return false;
                }

                if (opcode != Opcode.Continuation)
                {
                    _flags |= FlagInMessage;
                    _flags &= ~FlagMessageStarted;
                    _messageType = opcode == Opcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                    _messageLength = 0;
                    _messageCount = 0;
                    _utf8.Reset();
                }

                _messageLength += length;
            }
            else
            {
                _controlCount = 0;
            }

            if (masked)
            {
                _frameMask = (_rx[p] << 24) | (_rx[p + 1] << 16) | (_rx[p + 2] << 8) | _rx[p + 3];
            }

            _flags = fin ? _flags | FlagFrameFin : _flags & ~FlagFrameFin;
            _frameOpcode = opcode;
            _flags = masked ? _flags | FlagFrameMasked : _flags & ~FlagFrameMasked;
            _frameRemaining = length;
            _maskIndex = 0;
            _flags |= FlagInPayload;
            _rxStart += headerSize;
            return true;
        }

        /// <summary>Unmasks <c>_rx[start, start+count)</c> in place, continuing the rolling mask index (RFC 6455 §5.3).</summary>
        private void Unmask(int start, int count)
        {
            if ((_flags & FlagFrameMasked) != 0)
            {
                int mask = _frameMask;
#if NANOWS_HOST_FASTPATH
                _maskIndex = Masking.Apply(_rx, start, _rx, start, count, (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask, _maskIndex);
#else
                _maskIndex = Masking.ApplyPortable(_rx, start, _rx, start, count, (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask, _maskIndex);
#endif
            }
        }

        private int TakePayload()
        {
            long available = _rxEnd - _rxStart;
            int n = (int)(available < _frameRemaining ? available : _frameRemaining);
            Unmask(_rxStart, n);
            return n;
        }

        private WebSocketEvent ContinueDataFrame()
        {
            int n = TakePayload();
            int start = _rxStart;
            _rxStart += n;
            _frameRemaining -= n;
            bool frameDone = _frameRemaining == 0;
            bool messageDone = frameDone && ((_flags & FlagFrameFin) != 0);

            if (_messageType == WebSocketMessageType.Text && n > 0)
            {
                // RFC 6455 §8.1: invalid UTF-8 fails the connection with 1007, as soon as the
                // offending byte arrives.
#if NANOWS_HOST_FASTPATH
                int bad = _utf8.Validate(_rx, start, n);
#else
                // The range is the connection's own buffer: a board skips the argument checks
                // and the extra call of the public entry point.
                int bad = _utf8.ValidatePortable(_rx, start, n);
#endif
                if (bad >= 0)
                {
                    return Fail(CloseStatus.InvalidPayloadData, "invalid UTF-8 in text message");
                }
            }

            if (messageDone && _messageType == WebSocketMessageType.Text && !_utf8.IsAtBoundary)
            {
                // RFC 6455 §8.1: a text message must end on a complete UTF-8 sequence.
                return Fail(CloseStatus.InvalidPayloadData, "text message ends inside a UTF-8 sequence");
            }

            if (frameDone)
            {
                _flags &= ~FlagInPayload;
                _flags |= FlagFrameCompletedSinceTick;
                if (messageDone)
                {
                    _flags &= ~FlagInMessage;
                    _messageLength = 0;
                }
            }

            if (_message != null)
            {
                Array.Copy(_rx, start, _message, _messageCount, n);
                _messageCount += n;
                if (!messageDone)
                {
                    return WebSocketEvent.None;
                }

                SetEventSlice(_message, 0, _messageCount);
                _flags |= FlagEventFirst;
                _flags |= FlagEventFinal;
                _eventType = _messageType;
                _messageCount = 0;
                return WebSocketEvent.Data;
            }

            // Streaming: an empty slice is delivered only when it ends the message.
            if (n == 0 && !messageDone)
            {
                return WebSocketEvent.None;
            }

            SetEventSlice(_rx, start, n);
            _flags = ((_flags & FlagMessageStarted) == 0) ? _flags | FlagEventFirst : _flags & ~FlagEventFirst;
            _flags = messageDone ? _flags | FlagEventFinal : _flags & ~FlagEventFinal;
            _eventType = _messageType;
            _flags = !messageDone ? _flags | FlagMessageStarted : _flags & ~FlagMessageStarted;
            return WebSocketEvent.Data;
        }

        private WebSocketEvent ContinueControlFrame()
        {
            int n = TakePayload();
            Array.Copy(_rx, _rxStart, _control, _controlCount, n);
            _controlCount += n;
            _rxStart += n;
            _frameRemaining -= n;
            if (_frameRemaining > 0)
            {
                return WebSocketEvent.None;
            }

            _flags &= ~FlagInPayload;
            _flags |= FlagFrameCompletedSinceTick;
            switch (_frameOpcode)
            {
                case Opcode.Ping:
                    SetEventSlice(_control, 0, _controlCount);

                    // RFC 6455 §5.5.2: a ping is answered by a pong with the same payload, unless a
                    // close frame was already sent (§5.5.1: nothing follows it).
                    if (_state == WebSocketState.Open)
                    {
                        QueueReply(ReplyPong);
                    }

                    return WebSocketEvent.Ping;
                case Opcode.Pong:
                    // RFC 6455 §5.5.3: an unsolicited pong needs no answer.
                    SetEventSlice(_control, 0, _controlCount);
                    _pingSentAt = NoTime;
                    return WebSocketEvent.Pong;
                default:
                    return ReceiveClose();
            }
        }
    }
}
