using System;

namespace NanoWs
{
    /// <summary>
    /// Frame encoder (RFC 6455 §5.2, §5.3): frames are written into the fixed send buffer, client
    /// frames masked with a fresh key from the random source. The caller's buffer is never modified.
    /// </summary>
    public sealed partial class WebSocketConnection
    {
        private WebSocketMessageType _sendType;

        /// <summary>The send buffer; bytes to send are at <see cref="SendOffset"/>, <see cref="SendCount"/> of them.</summary>
        public byte[] SendBuffer
        {
            get { return _tx; }
        }

        /// <summary>Offset of the first byte waiting to be sent.</summary>
        public int SendOffset
        {
            get { return _txStart; }
        }

        /// <summary>Number of bytes waiting to be sent.</summary>
        public int SendCount
        {
            get { return _txEnd - _txStart; }
        }

        /// <summary>Largest payload one data frame can carry with an empty send buffer.</summary>
        public int MaxFramePayload
        {
            get { return _tx.Length - Opcode.MaxHeaderSize; }
        }

        /// <summary>Largest payload a data frame could carry right now.</summary>
        public int SendSpace
        {
            get
            {
                int free = _tx.Length - (_txEnd - _txStart) - Opcode.MaxHeaderSize;
                return free < 0 ? 0 : free;
            }
        }

        /// <summary>Reports that the transport sent <paramref name="count"/> bytes from <see cref="SendOffset"/>.</summary>
        public void ConsumeSent(int count)
        {
            if (count < 0 || count > _txEnd - _txStart)
            {
                throw new ArgumentException("count exceeds SendCount");
            }

            _txStart += count;
            if (_txStart == _txEnd)
            {
                _txStart = 0;
                _txEnd = 0;
            }

            if (_pendingReply != ReplyNone)
            {
                TryFlushReply();
            }
        }

        /// <summary>Copies up to <paramref name="count"/> waiting bytes into <paramref name="destination"/> and consumes them.</summary>
        public int DrainTo(byte[] destination, int offset, int count)
        {
            int n = _txEnd - _txStart;
            if (n > count)
            {
                n = count;
            }

            Array.Copy(_tx, _txStart, destination, offset, n);
            ConsumeSent(n);
            return n;
        }

        /// <summary>
        /// Queues one frame of a data message: the whole message when <paramref name="endOfMessage"/>
        /// is true on the first call, else fragments (RFC 6455 §5.4) continued by further calls with
        /// the same type until one passes true. Returns false, queuing nothing, when the send buffer
        /// has no room yet. A frame must fit an empty buffer (<see cref="MaxFramePayload"/>).
        /// </summary>
        public bool TrySend(WebSocketMessageType type, byte[] data, int offset, int count, bool endOfMessage)
        {
            RequireOpen();
            if (data == null ? count != 0 : (offset < 0 || count < 0 || offset + count > data.Length))
            {
                throw new ArgumentException("invalid buffer range");
            }

            if (((_flags & FlagSendInMessage) != 0) && type != _sendType)
            {
                throw new InvalidOperationException("a fragmented message of the other type is in progress");
            }

            if (count > MaxFramePayload)
            {
                throw new ArgumentException("payload exceeds MaxFramePayload");
            }

            int opcode = ((_flags & FlagSendInMessage) != 0) ? Opcode.Continuation : (type == WebSocketMessageType.Text ? Opcode.Text : Opcode.Binary);
            if (!TryWriteFrame(opcode, endOfMessage, data, offset, count))
            {
                return false;
            }

            _flags = !endOfMessage ? _flags | FlagSendInMessage : _flags & ~FlagSendInMessage;
            _sendType = type;
            return true;
        }

        /// <summary>Queues a whole text message, encoding <paramref name="text"/> to UTF-8 straight into the send buffer.</summary>
        /// <remarks>On .NET this allocates nothing. On nanoFramework, whose strings are stored as
        /// UTF-8 and whose string indexer rescans the string on every call, the text is first copied
        /// out once with <c>ToCharArray</c> (one char array of its length, garbage after the call);
        /// <see cref="TrySendText(char[], int, int)"/> with a buffer the application keeps allocates nothing.</remarks>
        public bool TrySendText(string text)
        {
            RequireOpen();
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

#if NANOWS_HOST
            if ((_flags & FlagSendInMessage) != 0)
            {
                throw new InvalidOperationException("a fragmented message is in progress");
            }

            int count = Utf8.GetByteCount(text);
            if (count > MaxFramePayload)
            {
                throw new ArgumentException("text larger than one frame");
            }

            int start = ReserveFrame(Opcode.Text, true, count, true);
            if (start < 0)
            {
                return false;
            }

            Utf8.GetBytes(text, 0, text.Length, _tx, start);
            MaskInPlace(start, count);
            return true;
#else
            char[] chars = text.ToCharArray();
            return TrySendText(chars, 0, chars.Length);
#endif
        }

        /// <summary>Queues a whole text message of <paramref name="count"/> chars of
        /// <paramref name="chars"/> from <paramref name="offset"/>, encoded to UTF-8 straight into the
        /// send buffer (a surrogate pair cut by the range, or a lone surrogate, becomes U+FFFD).
        /// Allocates nothing.</summary>
        public bool TrySendText(char[] chars, int offset, int count)
        {
            RequireOpen();
            if ((_flags & FlagSendInMessage) != 0)
            {
                throw new InvalidOperationException("a fragmented message is in progress");
            }

            if (chars == null || offset < 0 || count < 0 || offset > chars.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            // Every char is at least one UTF-8 byte, so the text is at least count bytes long.
            if (count > MaxFramePayload)
            {
                throw new ArgumentException("text larger than one frame");
            }

            // ASCII text, the common case, is as many bytes as chars: frame it for that length and
            // copy in one pass. The first non-ASCII char undoes the frame and takes the general
            // path (count, then encode), which needs at least as much room.
            int start = ReserveFrame(Opcode.Text, true, count, true);
            if (start < 0)
            {
                return false;
            }

            byte[] tx = _tx;
            int i = 0;
            for (; i < count; i++)
            {
                int c = chars[offset + i];
                if (c >= 0x80)
                {
                    break;
                }

                tx[start + i] = (byte)c;
            }

            if (i == count)
            {
                MaskInPlace(start, count);
                return true;
            }

            _txEnd = start - Opcode.HeaderSize(count, !_isServer);
            int byteCount = Utf8.GetByteCount(chars, offset, count);
            if (byteCount > MaxFramePayload)
            {
                throw new ArgumentException("text larger than one frame");
            }

            start = ReserveFrame(Opcode.Text, true, byteCount, false);
            if (start < 0)
            {
                return false;
            }

            Utf8.GetBytes(chars, offset, count, _tx, start);
            MaskInPlace(start, byteCount);
            return true;
        }

        /// <summary>Queues a ping (RFC 6455 §5.5.2) with up to 125 bytes of payload.</summary>
        public bool TrySendPing(byte[] data, int offset, int count)
        {
            return TrySendControl(Opcode.Ping, data, offset, count);
        }

        /// <summary>Queues an unsolicited pong (RFC 6455 §5.5.3, a unidirectional heartbeat).</summary>
        public bool TrySendPong(byte[] data, int offset, int count)
        {
            return TrySendControl(Opcode.Pong, data, offset, count);
        }

        private bool TrySendControl(int opcode, byte[] data, int offset, int count)
        {
            RequireOpen();

            // RFC 6455 §5.5: control payloads are at most 125 bytes.
            if (count < 0 || count > Opcode.MaxControlPayload || (count > 0 && (data == null || offset < 0 || offset + count > data.Length)))
            {
                throw new ArgumentException("control frame payload over 125 bytes");
            }

            return TryWriteFrame(opcode, true, data, offset, count);
        }

        private void RequireOpen()
        {
            // RFC 6455 §5.5.1: after sending a close frame an endpoint sends no more data.
            if (_state != WebSocketState.Open)
            {
                throw new InvalidOperationException("the connection is not open");
            }
        }

        private bool TryWriteFrame(int opcode, bool fin, byte[] data, int offset, int count)
        {
            int start = ReserveFrame(opcode, fin, count, true);
            if (start < 0)
            {
                return false;
            }

            if (count > 0)
            {
                // RFC 6455 §5.3: a client masks the copy; the caller's buffer stays untouched.
                Array.Copy(data, offset, _tx, start, count);
                MaskInPlace(start, count);
            }

            return true;
        }

        /// <summary>
        /// Writes a frame header for <paramref name="payloadLength"/> bytes and returns where the
        /// payload goes, or -1 when the send buffer has no room (after compacting it). With
        /// <paramref name="newKey"/> false a client frame reuses the masking key of the frame just
        /// undone (it was never sent).
        /// </summary>
        private int ReserveFrame(int opcode, bool fin, int payloadLength, bool newKey)
        {
            int need = Opcode.HeaderSize(payloadLength, !_isServer) + payloadLength;
            if (_tx.Length - _txEnd < need && _txStart > 0)
            {
                Array.Copy(_tx, _txStart, _tx, 0, _txEnd - _txStart);
                _txEnd -= _txStart;
                _txStart = 0;
            }

            if (_tx.Length - _txEnd < need)
            {
                return -1;
            }

            byte[] mask = null;
            if (!_isServer)
            {
                // RFC 6455 §5.3: a fresh, unpredictable masking key for every frame.
                if (newKey)
                {
                    _random.Fill(_maskKey, 0, 4);
                }

                mask = _maskKey;
            }

            int start = Opcode.WriteHeader(_tx, _txEnd, fin, opcode, payloadLength, mask);
            _txEnd = start + payloadLength;
            return start;
        }

        private void MaskInPlace(int start, int count)
        {
            if (!_isServer)
            {
#if NANOWS_HOST_FASTPATH
                Masking.Apply(_tx, start, _tx, start, count, _maskKey[0], _maskKey[1], _maskKey[2], _maskKey[3], 0);
#else
                Masking.ApplyPortable(_tx, start, _tx, start, count, _maskKey[0], _maskKey[1], _maskKey[2], _maskKey[3], 0);
#endif
            }
        }
    }
}
