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

                // RFC 6455 §5.5: control opcodes have the high bit set (Opcode.IsControl).
                if ((_frameOpcode & 0x8) != 0)
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

            int b0 = _rx[_rxStart];
            int b1 = _rx[_rxStart + 1];
            int opcode = b0 & 0x0F;
            int length7 = b1 & 0x7F;
            bool control = (opcode & 0x8) != 0; // Opcode.IsControl, without a call per frame
            bool inMessage = (_flags & FlagInMessage) != 0;
            string error = null;
            if ((b0 & 0x70) != 0)
            {
                // RFC 6455 §5.2: RSV1–3 MUST be 0 unless an extension defines them; none is negotiated.
                error = "reserved bits set";
            }
            else if ((opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB)
            {
                // RFC 6455 §5.2: opcodes 0x3–0x7 and 0xB–0xF are reserved.
                error = "reserved opcode";
            }
            else if (control && (b0 & 0x80) == 0)
            {
                // RFC 6455 §5.5: control frames are never fragmented.
                error = "fragmented control frame";
            }
            else if (control && length7 > Opcode.MaxControlPayload)
            {
                // RFC 6455 §5.5: a control frame carries at most 125 bytes.
                error = "control frame payload over 125 bytes";
            }
            else if (!control && (opcode == Opcode.Continuation) != inMessage)
            {
                // RFC 6455 §5.4: a continuation frame needs a message in progress, and a new data
                // message may not start before the previous one ends.
                error = inMessage ? "new data frame inside a fragmented message" : "continuation frame without a message";
            }
            else if (((b1 & 0x80) != 0) != _isServer)
            {
                // RFC 6455 §5.1 / §5.3: clients mask every frame, servers never do.
                error = _isServer ? "unmasked frame from client" : "masked frame from server";
            }

            if (error != null)
            {
                result = Fail(CloseStatus.ProtocolError, error);
                return false;
            }

            // From here a frame is masked exactly when this is the server.
            int headerSize = 2 + (length7 == 126 ? 2 : (length7 == 127 ? 8 : 0)) + (_isServer ? 4 : 0);
            if (available < headerSize)
            {
                return false;
            }

            int p = _rxStart + 2;
            long length = length7;
            if (length7 >= 126)
            {
                // 16 or 64 bits in network byte order (RFC 6455 §5.2).
                int end = p + (length7 == 126 ? 2 : 8);
                length = 0;
                for (; p < end; p++)
                {
                    length = (length << 8) | _rx[p];
                }

                // RFC 6455 §5.2: the most significant bit of the 64-bit length MUST be 0 (the
                // length reads as negative), and the minimal number of bytes MUST be used.
                if (length < (length7 == 126 ? 126 : 0x10000))
                {
                    result = Fail(CloseStatus.ProtocolError, length < 0 ? "64-bit length with the top bit set" : "non-minimal payload length");
                    return false;
                }
            }

            if (!control)
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
                    _flags = (_flags | FlagInMessage) & ~FlagMessageStarted;
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

            if (_isServer)
            {
                _frameMask = (_rx[p] << 24) | (_rx[p + 1] << 16) | (_rx[p + 2] << 8) | _rx[p + 3];
            }

            _flags = (b0 & 0x80) != 0 ? _flags | FlagFrameFin | FlagInPayload : (_flags & ~FlagFrameFin) | FlagInPayload;
            _frameOpcode = opcode;
            _frameRemaining = length;
            _maskIndex = 0;
            _rxStart += headerSize;
            return true;
        }

        /// <summary>
        /// The number of the frame's payload bytes at <c>_rxStart</c>, unmasked in place with the
        /// rolling mask index (RFC 6455 §5.3).
        /// </summary>
        private int TakePayload()
        {
            int start = _rxStart;
            long available = _rxEnd - start;
            int n = (int)(available < _frameRemaining ? available : _frameRemaining);
            if (_isServer)
            {
                // Only a server receives masked frames (TryReadHeader enforces it).
                int mask = _frameMask;
#if NANOWS_HOST_FASTPATH
                _maskIndex = Masking.Apply(_rx, start, _rx, start, n, (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask, _maskIndex);
#else
                _maskIndex = Masking.ApplyPortable(_rx, start, _rx, start, n, (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask, _maskIndex);
#endif
            }

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

            if (_messageType == WebSocketMessageType.Text)
            {
                // RFC 6455 §8.1: invalid UTF-8 fails the connection with 1007, as soon as the
                // offending byte arrives.
#if NANOWS_HOST_FASTPATH
                int bad = _utf8.Validate(_rx, start, n);
#else
                // A run of ASCII at a character boundary leaves the validator's state as it is: a
                // board skips it eight bytes a test (one native read of 8 bytes, no top bit set),
                // then validates the rest without the public entry point's argument checks.
                int i = start;
                int last8 = start + n - 8;
                if (_utf8.IsAtBoundary)
                {
                    while (i <= last8 && (BitConverter.ToInt64(_rx, i) & unchecked((long)0x8080808080808080UL)) == 0)
                    {
                        i += 8;
                    }
                }

                int bad = _utf8.ValidatePortable(_rx, i, start + n - i);
#endif
                if (bad >= 0)
                {
                    return Fail(CloseStatus.InvalidPayloadData, "invalid UTF-8 in text message");
                }

                if (messageDone && !_utf8.IsAtBoundary)
                {
                    // RFC 6455 §8.1: a text message must end on a complete UTF-8 sequence.
                    return Fail(CloseStatus.InvalidPayloadData, "text ends inside a UTF-8 sequence");
                }
            }

            if (frameDone)
            {
                _flags = (_flags & ~FlagInPayload) | FlagFrameCompletedSinceTick;
                if (messageDone)
                {
                    _flags &= ~FlagInMessage;
                    _messageLength = 0;
                }
            }

            if (_message != null)
            {
                // Reassembly: one slice, the whole message, once it is complete.
                Array.Copy(_rx, start, _message, _messageCount, n);
                _messageCount += n;
                if (!messageDone)
                {
                    return WebSocketEvent.None;
                }

                SetEventSlice(_message, 0, _messageCount);
                _messageCount = 0;
            }
            else if (n == 0 && !messageDone)
            {
                // Streaming: an empty slice is delivered only when it ends the message.
                return WebSocketEvent.None;
            }
            else
            {
                SetEventSlice(_rx, start, n);
            }

            // First: no slice of this message was delivered yet (always so when reassembling,
            // which never marks a message started). Final: the slice ends the message.
            int flags = _flags & ~(FlagEventFirst | FlagEventFinal | FlagMessageStarted);
            if ((_flags & FlagMessageStarted) == 0)
            {
                flags |= FlagEventFirst;
            }

            _flags = flags | (messageDone ? FlagEventFinal : FlagMessageStarted);
            _eventType = _messageType;
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

            _flags = (_flags & ~FlagInPayload) | FlagFrameCompletedSinceTick;
            switch (_frameOpcode)
            {
                case Opcode.Ping:
                    SetEventSlice(_control, 0, _controlCount);

                    // RFC 6455 §5.5.2: a ping is answered by a pong with the same payload, unless a
                    // close frame was already sent (§5.5.1: nothing follows it).
                    if (_state == WebSocketState.Open)
                    {
                        _pendingReply = ReplyPong;
                        TryFlushReply();
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
