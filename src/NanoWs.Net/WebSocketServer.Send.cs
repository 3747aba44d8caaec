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
        /// <summary>Bytes every data send leaves free for the send-stall close frame and a ping (see ConnectionDriver).</summary>
        private const int StallCloseReserve = ConnectionDriver.StallCloseReserve;

        /// <summary>
        /// Queues a whole message of at most <see cref="MaxFramePayload"/> bytes as one frame. Returns
        /// false, queuing nothing, when the connection is not open, a fragmented message from
        /// <see cref="SendFragment"/> is unfinished, or the send buffer has no room now.
        /// </summary>
        public bool Send(int connectionId, WebSocketMessageType type, byte[] buffer, int offset, int count)
        {
            ConnectionDriver.CheckPayload(buffer, offset, count, MaxFramePayload);
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            return Queued(slot.Driver.SendWhole(connectionId, type, buffer, offset, count, StallCloseReserve));
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

            return Queued(slot.Driver.SendText(connectionId, text, count, StallCloseReserve));
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
            ConnectionDriver.CheckPayload(buffer, offset, count, MaxFramePayload);
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            return Queued(slot.Driver.SendFragment(connectionId, type, buffer, offset, count, endOfMessage, StallCloseReserve));
        }

        /// <summary>
        /// Queues a whole message (at most <see cref="MaxFramePayload"/> bytes) to every open
        /// connection it fits now, and returns how many that was. A connection whose buffer is full
        /// misses this message; see the slow-client policy on <see cref="WebSocketServer"/>.
        /// </summary>
        public int Broadcast(WebSocketMessageType type, byte[] buffer, int offset, int count)
        {
            ConnectionDriver.CheckPayload(buffer, offset, count, MaxFramePayload);
            ConnectionSlot[] slots = _slots;
            int sent = 0;
            for (int i = 0; slots != null && i < slots.Length; i++)
            {
                ConnectionSlot slot = slots[i];
                lock (slot.Sync)
                {
                    // A WebSocket accepted by a PathHandler speaks the handler's protocol: not the app's.
                    if (slot.Hook != PathExchange.StateLinked && slot.Driver.SendWhole(slot.Id, type, buffer, offset, count, StallCloseReserve))
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
                    if (slot.Hook != PathExchange.StateLinked && slot.Driver.SendText(slot.Id, text, count, StallCloseReserve))
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

            return Queued(slot.Driver.RequestClose(connectionId, code, reason));
        }

        /// <summary>True while <paramref name="connectionId"/> is an open WebSocket connection.</summary>
        public bool IsConnectionOpen(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            return slot.Driver.IsOpen(connectionId);
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
                return slot.Id == connectionId && slot.Opened ? slot.Driver.Connection.Subprotocol : null;
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
                return slot.Id == connectionId && slot.InUse ? slot.Driver.Connection.SendCount : 0;
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
                return slot.Id == connectionId && slot.InUse ? slot.Driver.Socket : null;
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
