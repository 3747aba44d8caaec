using System;

namespace NanoWs
{
    /// <summary>
    /// Closing (RFC 6455 §5.5.1, §7): close frames in both directions, failing the connection on a
    /// peer violation, queued replies (pong, close) that wait for room in the send buffer.
    /// </summary>
    public sealed partial class WebSocketConnection
    {
        private const int ReplyNone = 0;
        private const int ReplyPong = 1;
        private const int ReplyClose = 2;

        private int _pendingReply;
        private int _replyCloseCode;
        private int _sentCloseCode;

        /// <summary>True once this side has queued its close frame.</summary>
        public bool CloseSent
        {
            get { return (_flags & FlagCloseSent) != 0; }
        }

        /// <summary>True once a valid close frame from the peer has arrived.</summary>
        public bool CloseReceived
        {
            get { return (_flags & FlagCloseReceived) != 0; }
        }

        /// <summary>
        /// True when the peer started the closing handshake: its close frame arrived while this side
        /// had sent none (RFC 6455 §7.1.2 and §7.1.3 distinguish the side that closes first).
        /// </summary>
        public bool ClosedByPeer
        {
            get { return (_flags & FlagClosedByPeer) != 0; }
        }

        /// <summary>
        /// True when the closing handshake completed: a close frame was sent and one was received
        /// (RFC 6455 §7.1.4; the W3C API's <c>wasClean</c>). False for a failed connection, or one
        /// whose TCP ended without a close frame (1006).
        /// </summary>
        public bool WasClean
        {
            get { return (_flags & (FlagCloseSent | FlagCloseReceived)) == (FlagCloseSent | FlagCloseReceived); }
        }

        /// <summary>
        /// The code of the close frame this side sent: the one passed to <see cref="TryClose"/>, the
        /// echo of the peer's code, or the failure code (1002, 1007, 1009…); 1005 for a close frame
        /// sent without a code; 0 while none was sent.
        /// </summary>
        public int SentCloseCode
        {
            get { return _sentCloseCode; }
        }

        /// <summary>
        /// Starts the closing handshake (RFC 6455 §7.1.2) with <paramref name="code"/> (0 for a close
        /// frame without a code) and an optional UTF-8 <paramref name="reason"/> of at most 123 bytes.
        /// Returns false when the send buffer has no room yet; does nothing once closing or closed.
        /// </summary>
        public bool TryClose(int code, string reason)
        {
            if (_state == WebSocketState.Connecting)
            {
                throw new InvalidOperationException("the connection is not open");
            }

            // RFC 6455 §7.4.1/§7.4.2: 1005, 1006 and 1015 (and unassigned codes) must not be sent.
            if (code != 0 && !CloseStatus.IsValidOnWire(code))
            {
                throw new ArgumentException("close code may not be sent");
            }

            int reasonBytes = reason == null ? 0 : Utf8.GetByteCount(reason);
            if (reasonBytes > CloseStatus.MaxReasonBytes || (code == 0 && reasonBytes > 0))
            {
                throw new ArgumentException("reason needs a code, at most 123 bytes");
            }

            if (_state != WebSocketState.Open)
            {
                return true;
            }

            // RFC 6455 §5.5.1: nothing follows a close frame, so a pong still waiting for room in
            // the send buffer goes out first; until it can, the close waits too.
            if (_pendingReply == ReplyPong && !TryFlushReply())
            {
                return false;
            }

            if (!TryWriteCloseFrame(code, reason, reasonBytes))
            {
                return false;
            }

            _sentCloseCode = code == 0 ? CloseStatus.NoStatusReceived : code;
            _state = WebSocketState.Closing;
            _closingSince = NoTime;
            return true;
        }

        /// <summary>
        /// Tells the connection that TCP is gone (end of stream, reset, or the transport dropped it).
        /// The connection ends with no further I/O (a timeout ends it the same way); unless a close
        /// handshake or a failure already set the code, it closed abnormally: 1006 (RFC 6455 §7.1.5).
        /// </summary>
        public void TransportClosed()
        {
            if (_state != WebSocketState.Closed)
            {
                _closeCode = CloseStatus.AbnormalClosure;
            }

            Terminate();
            _pendingReply = ReplyNone;
            _txStart = _txEnd;
        }

        private WebSocketEvent ReceiveClose()
        {
            int code = CloseStatus.NoStatusReceived;
            int reasonStart = 0;
            if (_controlCount == 1)
            {
                // RFC 6455 §5.5.1: a close body starts with a 2-byte code; one byte is malformed.
                return Fail(CloseStatus.ProtocolError, "close frame with a 1-byte payload");
            }

            if (_controlCount >= 2)
            {
                code = (_control[0] << 8) | _control[1];
                reasonStart = 2;

                // RFC 6455 §7.4: codes that are reserved or must not be sent fail the connection.
                if (!CloseStatus.IsValidOnWire(code))
                {
                    return Fail(CloseStatus.ProtocolError, "invalid close code");
                }

                // RFC 6455 §5.5.1: the reason is UTF-8 text.
                if (!Utf8.IsValid(_control, 2, _controlCount - 2))
                {
                    return Fail(CloseStatus.InvalidPayloadData, "close reason is not valid UTF-8");
                }
            }

            _closeCode = code;
            _flags |= FlagCloseReceived;
            SetEventSlice(_control, reasonStart, _controlCount - reasonStart);
            if (_state == WebSocketState.Open)
            {
                // RFC 6455 §5.5.1: answer with a close frame, typically echoing the status code.
                _flags |= FlagClosedByPeer;
                _replyCloseCode = code == CloseStatus.NoStatusReceived ? 0 : code;
                _pendingReply = ReplyClose;
                TryFlushReply();
                _flags |= FlagCloseSent;
                _sentCloseCode = code;
            }

            _state = WebSocketState.Closed;
            _closingSince = NoTime;
            _rxStart = _rxEnd;
            return WebSocketEvent.Close;
        }

        /// <summary>
        /// Fails the connection (RFC 6455 §7.1.7): queue a close frame with <paramref name="code"/>
        /// unless one was sent already, stop processing input, and drop TCP once it is sent.
        /// </summary>
        private WebSocketEvent Fail(int code, string message)
        {
            _errorMessage = message;
            _closeCode = code;
            if (_state == WebSocketState.Open)
            {
                _replyCloseCode = code;
                _pendingReply = ReplyClose;
                TryFlushReply();
                _flags |= FlagCloseSent;
                _sentCloseCode = code;
            }

            Terminate();
            _flags &= ~(FlagInPayload | FlagInMessage);
            return WebSocketEvent.ProtocolError;
        }

        /// <summary>
        /// Closed: no more input is processed, and the transport drops TCP once everything queued
        /// is sent (<see cref="ShouldCloseTransport"/>).
        /// </summary>
        private void Terminate()
        {
            _state = WebSocketState.Closed;
            _flags |= FlagDropTransport;
            _rxStart = _rxEnd;
        }

        private bool TryFlushReply()
        {
            bool written = _pendingReply == ReplyPong
                ? TryWriteFrame(Opcode.Pong, true, _control, 0, _controlCount)
                : TryWriteCloseFrame(_replyCloseCode, null, 0);
            if (written)
            {
                _pendingReply = ReplyNone;
            }

            return written;
        }

        private bool TryWriteCloseFrame(int code, string reason, int reasonBytes)
        {
            int payload = code == 0 ? 0 : 2 + reasonBytes;
            int start = ReserveFrame(Opcode.Close, true, payload, true);
            if (start < 0)
            {
                return false;
            }

            if (code != 0)
            {
                _tx[start] = (byte)(code >> 8);
                _tx[start + 1] = (byte)code;
                if (reasonBytes > 0)
                {
                    Utf8.GetBytes(reason, 0, reason.Length, _tx, start + 2);
                }

                MaskInPlace(start, payload);
            }

            _flags |= FlagCloseSent;
            return true;
        }
    }
}
