using System;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// Sending from any thread: every call copies into the connection's fixed send buffer under the
    /// slot's lock and returns at once; the poll thread writes the bytes to the socket.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        /// <summary>Reason of the close frame the send-stall policy queues.</summary>
        private const string StallCloseReason = "send stalled";

        /// <summary>
        /// Bytes every data send leaves free in the send buffer: the send-stall close frame (2-byte
        /// header, 2-byte code 1008 and the 12-byte reason, RFC 6455 §5.5.1) and one empty
        /// keep-alive ping (2 bytes) that the timers may queue before it.
        /// </summary>
        private const int StallCloseReserve = 2 + 2 + 12 + 2;

        /// <summary>
        /// Queues a whole message of at most <see cref="MaxFramePayload"/> bytes as one frame. Returns
        /// false, queuing nothing, when the connection is not open, a fragmented message from
        /// <see cref="SendFragment"/> is unfinished, or the send buffer has no room now.
        /// </summary>
        public bool Send(int connectionId, WebSocketMessageType type, byte[] buffer, int offset, int count)
        {
            CheckPayload(buffer, offset, count);
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            lock (slot.Sync)
            {
                return Queued(CanSendWhole(slot, connectionId) && HasRoom(slot, count) && slot.Connection.TrySend(type, buffer, offset, count, true));
            }
        }

        /// <summary>
        /// Queues a whole text message, encoded to UTF-8 straight into the send buffer (its encoded
        /// length at most <see cref="MaxFramePayload"/>). Returns false as <see cref="Send"/> does.
        /// </summary>
        public bool SendText(int connectionId, string text)
        {
            int count = CheckText(text);
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            lock (slot.Sync)
            {
                return Queued(CanSendWhole(slot, connectionId) && HasRoom(slot, count) && slot.Connection.TrySendText(text));
            }
        }

        /// <summary>
        /// Queues one frame of a message sent in pieces (RFC 6455 §5.4): the first call starts the
        /// message, further calls with the same type continue it, and the call with
        /// <paramref name="endOfMessage"/> true ends it. Each frame carries at most
        /// <see cref="MaxFramePayload"/> bytes. Returns false, queuing nothing, when the connection is
        /// not open or the send buffer has no room now: retry the same frame later (for example
        /// with <see cref="WebSocketMessageEventArgs.Defer"/>). Only one sender may stream a message
        /// to a connection at a time; whole-message sends to it fail until it ends.
        /// </summary>
        public bool SendFragment(int connectionId, WebSocketMessageType type, byte[] buffer, int offset, int count, bool endOfMessage)
        {
            CheckPayload(buffer, offset, count);
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            lock (slot.Sync)
            {
                if (!IsOpen(slot, connectionId) || slot.CloseRequested)
                {
                    return false;
                }

                if (slot.SendingFragments && slot.FragmentType != type)
                {
                    throw new InvalidOperationException("a fragmented message of the other type is in progress");
                }

                if (!HasRoom(slot, count) || !slot.Connection.TrySend(type, buffer, offset, count, endOfMessage))
                {
                    return false;
                }

                slot.SendingFragments = !endOfMessage;
                slot.FragmentType = type;
                return Queued(true);
            }
        }

        /// <summary>
        /// Queues a whole message (at most <see cref="MaxFramePayload"/> bytes) to every open
        /// connection it fits now, and returns how many that was. A connection whose buffer is full
        /// misses this message; see the slow-client policy on <see cref="WebSocketServer"/>.
        /// </summary>
        public int Broadcast(WebSocketMessageType type, byte[] buffer, int offset, int count)
        {
            CheckPayload(buffer, offset, count);
            ConnectionSlot[] slots = _slots;
            int sent = 0;
            for (int i = 0; slots != null && i < slots.Length; i++)
            {
                ConnectionSlot slot = slots[i];
                lock (slot.Sync)
                {
                    // A WebSocket accepted by a PathHandler speaks the handler's protocol: not the app's.
                    if (slot.Hook != PathExchange.StateLinked && CanSendWhole(slot, slot.Id) && HasRoom(slot, count)
                        && slot.Connection.TrySend(type, buffer, offset, count, true))
                    {
                        sent++;
                    }
                }
            }

            Queued(sent > 0);
            return sent;
        }

        /// <summary>Queues a whole text message to every open connection it fits now; returns how many.</summary>
        public int BroadcastText(string text)
        {
            int count = CheckText(text);
            ConnectionSlot[] slots = _slots;
            int sent = 0;
            for (int i = 0; slots != null && i < slots.Length; i++)
            {
                ConnectionSlot slot = slots[i];
                lock (slot.Sync)
                {
                    if (slot.Hook != PathExchange.StateLinked && CanSendWhole(slot, slot.Id) && HasRoom(slot, count)
                        && slot.Connection.TrySendText(text))
                    {
                        sent++;
                    }
                }
            }

            Queued(sent > 0);
            return sent;
        }

        /// <summary>
        /// Starts the closing handshake (RFC 6455 §7.1.2) with <paramref name="code"/> and an optional
        /// reason of at most 123 UTF-8 bytes; the close frame is queued as soon as the send buffer has
        /// room, and <see cref="Closed"/> follows when the handshake completes or times out. Returns
        /// false when the connection is not open.
        /// </summary>
        public bool Close(int connectionId, int code, string reason)
        {
            if (!CloseStatus.IsValidOnWire(code))
            {
                throw new ArgumentException("close code may not be sent");
            }

            if (reason != null && Utf8.GetByteCount(reason) > CloseStatus.MaxReasonBytes)
            {
                throw new ArgumentException("close reason longer than 123 UTF-8 bytes");
            }

            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            lock (slot.Sync)
            {
                if (!IsOpen(slot, connectionId))
                {
                    return false;
                }

                if (!slot.CloseRequested)
                {
                    slot.CloseRequested = true;
                    slot.CloseRequestCode = code;
                    slot.CloseRequestReason = reason;
                }

                TryRequestedClose(slot);
                return Queued(true);
            }
        }

        /// <summary>True while <paramref name="connectionId"/> is an open WebSocket connection.</summary>
        public bool IsConnectionOpen(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            lock (slot.Sync)
            {
                return IsOpen(slot, connectionId);
            }
        }

        /// <summary>The subprotocol negotiated for the connection, or null.</summary>
        public string GetSubprotocol(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return null;
            }

            lock (slot.Sync)
            {
                return slot.Id == connectionId && slot.Opened ? slot.Connection.Subprotocol : null;
            }
        }

        /// <summary>Bytes queued for the connection and not yet taken by its socket (0 when unknown).</summary>
        public int GetBufferedAmount(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return 0;
            }

            lock (slot.Sync)
            {
                return slot.Id == connectionId && slot.InUse ? slot.Connection.SendCount : 0;
            }
        }

        /// <summary>
        /// The socket of an open connection, or null. For tests that need the operating system's view
        /// of one connection (its kernel send queue); the server keeps using the socket as before.
        /// </summary>
        internal Socket GetSocket(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return null;
            }

            lock (slot.Sync)
            {
                return slot.Id == connectionId && slot.InUse ? slot.Socket : null;
            }
        }

#if NANOWS_HOST
        private long _pollThreadAllocated;

        /// <summary>
        /// Bytes the poll thread had allocated (.NET's per-thread counter) at the start of its latest
        /// pass. For tests: the difference over many passes is what serving them allocated.
        /// </summary>
        internal long PollThreadAllocatedBytes
        {
            get { return System.Threading.Volatile.Read(ref _pollThreadAllocated); }
        }

        /// <summary>Number of passes the poll thread has made (tests wait on it to see a pass complete).</summary>
        internal long PollPasses
        {
            get { return System.Threading.Interlocked.Read(ref _pollPasses); }
        }
#endif

        /// <summary>Queues the close the app asked for, once it fits (call under the slot lock).</summary>
        private static void TryRequestedClose(ConnectionSlot slot)
        {
            WebSocketConnection c = slot.Connection;
            if (!slot.CloseRequested || c.State != WebSocketState.Open)
            {
                slot.CloseRequested = false;
                return;
            }

            // RFC 6455 §5.4/§5.5.1: control frames may be injected in the middle of a fragmented
            // message, so a close may go out while a streamed message is unfinished.
            if (c.TryClose(slot.CloseRequestCode, slot.CloseRequestReason))
            {
                slot.CloseRequested = false;
                slot.CloseRequestReason = null;
            }
        }

        private static bool IsOpen(ConnectionSlot slot, int connectionId)
        {
            return slot.Id == connectionId && slot.Opened && slot.InUse && slot.Connection.State == WebSocketState.Open;
        }

        private static bool CanSendWhole(ConnectionSlot slot, int connectionId)
        {
            return connectionId > 0 && IsOpen(slot, connectionId) && !slot.SendingFragments && !slot.CloseRequested;
        }

        private void CheckPayload(byte[] buffer, int offset, int count)
        {
            if (buffer == null ? count != 0 : (offset < 0 || count < 0 || offset + count > buffer.Length))
            {
                throw new ArgumentException("invalid buffer range");
            }

            if (count > MaxFramePayload)
            {
                throw new ArgumentException("payload larger than MaxFramePayload; use SendFragment");
            }
        }

        /// <summary>Checks a text message and returns its UTF-8 length.</summary>
        private int CheckText(string text)
        {
            if (text == null)
            {
                throw new ArgumentException("text must not be null");
            }

            int count = Utf8.GetByteCount(text);
            if (count > MaxFramePayload)
            {
                throw new ArgumentException("text larger than MaxFramePayload");
            }

            return count;
        }

        /// <summary>
        /// True when a data frame of <paramref name="count"/> bytes fits the send buffer with
        /// <see cref="StallCloseReserve"/> bytes to spare (call under the slot lock).
        /// </summary>
        private static bool HasRoom(ConnectionSlot slot, int count)
        {
            // SendSpace already subtracts the largest header (14 bytes).
            return slot.Connection.SendSpace - count >= StallCloseReserve;
        }

        /// <summary>Wakes the poll loop when something was queued; returns <paramref name="queued"/>.</summary>
        private bool Queued(bool queued)
        {
            if (queued)
            {
                Interlocked.Exchange(ref _outputQueued, 1);
            }

            return queued;
        }
    }
}
