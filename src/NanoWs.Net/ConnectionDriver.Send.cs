using System;

namespace NanoWs.Net
{
    /// <summary>
    /// The driver's sending side, called from any thread: whole messages and fragments copied into
    /// the connection's fixed send buffer under the driver's lock (room kept for the send-stall
    /// close frame when the owner asks), the app's close request waiting for room, and the
    /// send-stall policy the owner's pass runs.
    /// </summary>
    internal sealed partial class ConnectionDriver
    {
        /// <summary>Reason of the close frame the send-stall policy queues.</summary>
        internal const string StallCloseReason = "send stalled";

        /// <summary>
        /// Bytes every data send of a server leaves free in the send buffer: the send-stall close
        /// frame (2-byte header, 2-byte code 1008 and the 12-byte reason, RFC 6455 §5.5.1) and one
        /// empty keep-alive ping (2 bytes) that the timers may queue before it.
        /// </summary>
        internal const int StallCloseReserve = 2 + 2 + 12 + 2;

        /// <summary>True while connection <paramref name="id"/> is attached and open.</summary>
        internal bool IsOpen(int id)
        {
            lock (this)
            {
                return _id == id && Has(FlagOpened) && _socket != null && _connection.State == WebSocketState.Open;
            }
        }

        /// <summary>
        /// Queues a whole message as one frame on open connection <paramref name="id"/>; false, queuing
        /// nothing, when it is not open, a fragmented message or a close is pending, or there is no
        /// room with <paramref name="reserve"/> bytes to spare (see <see cref="StallCloseReserve"/>).
        /// </summary>
        internal bool SendWhole(int id, WebSocketMessageType type, byte[] buffer, int offset, int count, int reserve)
        {
            lock (this)
            {
                return CanSendWhole(id) && HasRoom(count, reserve) && _connection.TrySend(type, buffer, offset, count, true);
            }
        }

        /// <summary>As <see cref="SendWhole"/> for a text of <paramref name="count"/> UTF-8 bytes, encoded straight into the send buffer.</summary>
        internal bool SendText(int id, string text, int count, int reserve)
        {
            lock (this)
            {
                return CanSendWhole(id) && HasRoom(count, reserve) && _connection.TrySendText(text);
            }
        }

        /// <summary>
        /// Queues one frame of a message sent in pieces (RFC 6455 §5.4); false when not open, a close
        /// is pending or there is no room now. Throws when a message of the other type is unfinished.
        /// </summary>
        internal bool SendFragment(int id, WebSocketMessageType type, byte[] buffer, int offset, int count, bool endOfMessage, int reserve)
        {
            lock (this)
            {
                if (!IsOpen(id) || Has(FlagCloseRequested))
                {
                    return false;
                }

                bool binary = type == WebSocketMessageType.Binary;
                if (Has(FlagSendingFragments) && Has(FlagBinaryFragments) != binary)
                {
                    throw new InvalidOperationException("a fragmented message of the other type is in progress");
                }

                if (!HasRoom(count, reserve) || !_connection.TrySend(type, buffer, offset, count, endOfMessage))
                {
                    return false;
                }

                _flags &= ~(FlagSendingFragments | FlagBinaryFragments);
                _flags |= (endOfMessage ? 0 : FlagSendingFragments) | (binary ? FlagBinaryFragments : 0);
                return true;
            }
        }

        /// <summary>Payload bytes one more whole message may have now, keeping <paramref name="reserve"/> (0 when none).</summary>
        internal int SendSpace(int id, int reserve)
        {
            lock (this)
            {
                return CanSendWhole(id) ? _connection.SendSpace - reserve : 0;
            }
        }

        /// <summary>
        /// Asks for the closing handshake (RFC 6455 §7.1.2) of open connection <paramref name="id"/>:
        /// the close frame is queued as soon as it fits. A second request keeps the first one's code.
        /// Returns false when the connection is not open.
        /// </summary>
        internal bool RequestClose(int id, int code, string reason)
        {
            lock (this)
            {
                if (!IsOpen(id))
                {
                    return false;
                }

                if (!Has(FlagCloseRequested))
                {
                    _flags |= FlagCloseRequested;
                    _closeCode = code;
                    _reason = reason;
                }

                TryRequestedClose();
                return true;
            }
        }

        /// <summary>Queues the close the app asked for, once it fits.</summary>
        internal void TryRequestedClose()
        {
            lock (this)
            {
                if (!Has(FlagCloseRequested))
                {
                    return;
                }

                // RFC 6455 §5.4/§5.5.1: control frames may be injected in the middle of a fragmented
                // message, so a close may go out while a streamed message is unfinished.
                if (_connection.State != WebSocketState.Open || _connection.TryClose(_closeCode, _reason))
                {
                    _flags &= ~FlagCloseRequested;
                    _reason = null;
                }
            }
        }

        /// <summary>
        /// The send-stall policy: when bytes have waited <paramref name="stallMs"/> (0: never) with
        /// the socket taking none, an open connection is closed with 1008 first when
        /// <paramref name="closeFirst"/> (the sends left room for that frame) and dropped at the
        /// next stall; else it is dropped at once. Returns the message to report, or null.
        /// </summary>
        internal string CheckStall(long nowMs, int stallMs, bool closeFirst)
        {
            if (stallMs == 0)
            {
                return null;
            }

            lock (this)
            {
                if (_socket == null || !HasPendingOutput)
                {
                    _lastSendProgressMs = nowMs;
                    return null;
                }

                if (nowMs - _lastSendProgressMs < stallMs)
                {
                    return null;
                }

                bool open = _connection.State == WebSocketState.Open;

                // RFC 6455 §7.4.1: 1008, an endpoint terminating a connection that violates its
                // policy. The sends left room for this frame (StallCloseReserve).
                if (closeFirst && !Has(FlagStallClosing) && open && _connection.TryClose(CloseStatus.PolicyViolation, StallCloseReason))
                {
                    // The close handshake gets its own timeout (CloseTimeoutMs) from the connection.
                    _flags |= FlagStallClosing;
                    _lastSendProgressMs = nowMs;
                    return "send stalled: closing with 1008";
                }

                if (closeFirst && open)
                {
                    _flags |= FlagStallClosing;
                }

                _connection.TransportClosed();
                _body = null;
                return "send stalled: connection dropped";
            }
        }

        /// <summary>
        /// Checks the payload of a send call: a range of <paramref name="buffer"/> (null only with
        /// <paramref name="count"/> 0) of at most <paramref name="maxFramePayload"/> bytes. Throws
        /// <see cref="ArgumentException"/> otherwise.
        /// </summary>
        internal static void CheckPayload(byte[] buffer, int offset, int count, int maxFramePayload)
        {
            if (buffer == null ? count != 0 : (offset < 0 || count < 0 || offset + count > buffer.Length))
            {
                throw new ArgumentException("invalid buffer range");
            }

            if (count > maxFramePayload)
            {
                throw new ArgumentException("payload larger than MaxFramePayload; use SendFragment");
            }
        }

        private bool CanSendWhole(int id)
        {
            return IsOpen(id) && !Has(FlagSendingFragments) && !Has(FlagCloseRequested);
        }

        /// <summary>True when <paramref name="count"/> payload bytes fit with <paramref name="reserve"/> to spare (0: the core's own check decides).</summary>
        private bool HasRoom(int count, int reserve)
        {
            // SendSpace already subtracts the largest header (14 bytes).
            return reserve == 0 || _connection.SendSpace - count >= reserve;
        }
    }
}
