using System;
using System.Net;
using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// A full house: who makes room for a newcomer. One peer address cannot keep another out —
    /// a newcomer from an address holding fewer slots than the busiest one always gets a slot at
    /// once — and everyone who is turned away or pushed out gets an answer a browser understands.
    /// </summary>
    /// <remarks>
    /// RFC 6455 §10.4 leaves limits on connections to the implementation. The order, when every
    /// slot is taken and a connection arrives:
    /// <list type="number">
    /// <item>The oldest connection still waiting for its opening request (a TCP connection that
    /// has sent nothing complete) whose address holds at least as many slots as the newcomer's is
    /// answered 503 and closed: a real client's request follows its TCP handshake at once.</item>
    /// <item>Else the least recently active open WebSocket of the address holding the most slots,
    /// if that is more than the newcomer's address holds, is closed with 1013 (try again later,
    /// RFC 6455 §7.4.1) and the newcomer takes its slot.</item>
    /// <item>Else (the newcomer's address already holds as many as any other) the newcomer is
    /// answered 503 with <c>Retry-After</c>.</item>
    /// </list>
    /// Addresses are counted per IPv4 address or IPv6 /64. Peers behind one NAT share an address.
    /// </remarks>
    public sealed partial class WebSocketServer
    {
        /// <summary>Close code for a connection evicted to make room (RFC 6455 §7.4.1: try again later).</summary>
        internal const int TryAgainLater = 1013;

        /// <summary>Reason of that close frame.</summary>
        internal const string EvictedReason = "try again later";

        /// <summary>Frees a slot for a newcomer from <paramref name="peer"/>, or returns null (then it gets 503).</summary>
        private ConnectionSlot MakeRoom(long peer, long now)
        {
            int newcomer = CountPeer(peer);
            ConnectionSlot freed = EvictHalfOpen(newcomer, now);
            if (freed == null)
            {
                freed = EvictFromBusiestPeer(newcomer, now);
            }

            return freed;
        }

        /// <summary>Slots in use by connections from <paramref name="peer"/> (poll thread only).</summary>
        private int CountPeer(long peer)
        {
            int n = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].InUse && _slots[i].PeerKey == peer)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>
        /// Frees the slot of the oldest connection still waiting for its opening request whose
        /// address holds at least <paramref name="newcomer"/> slots, answering it 503. Before it
        /// goes, its socket is read once more, so a request that has just arrived is served.
        /// </summary>
        private ConnectionSlot EvictHalfOpen(int newcomer, long now)
        {
            for (int attempt = 0; attempt < _slots.Length; attempt++)
            {
                ConnectionSlot oldest = null;
                for (int i = 0; i < _slots.Length; i++)
                {
                    ConnectionSlot slot = _slots[i];
                    lock (slot.Sync)
                    {
                        if (slot.AwaitingRequest && (oldest == null || slot.AcceptOrder < oldest.AcceptOrder)
                            && CountPeer(slot.PeerKey) >= newcomer)
                        {
                            oldest = slot;
                        }
                    }
                }

                if (oldest == null)
                {
                    return null;
                }

                ServiceSlot(oldest, now);
                if (!oldest.InUse)
                {
                    // It was done after all (its client left, or its request was answered at once).
                    return oldest;
                }

                int id;
                Socket socket;
                lock (oldest.Sync)
                {
                    if (!oldest.AwaitingRequest)
                    {
                        // Its request arrived: it stays, try the next oldest.
                        continue;
                    }

                    id = oldest.Id;
                    socket = oldest.Driver.Socket;
                    oldest.Free();
                }

                Refuse(socket, now, true);
                RaiseError(id, "opening handshake evicted with 503: every slot was taken when a new connection came");
                return oldest;
            }

            return null;
        }

        /// <summary>
        /// Closes, with 1013, the least recently active open WebSocket of the address holding the
        /// most slots when that is more than <paramref name="newcomer"/>, and returns its slot.
        /// </summary>
        private ConnectionSlot EvictFromBusiestPeer(int newcomer, long now)
        {
            ConnectionSlot victim = null;
            int victimCount = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                ConnectionSlot slot = _slots[i];
                bool open;
                open = slot.Driver.IsOpen(slot.Id);

                int count = open ? CountPeer(slot.PeerKey) : 0;
                if (count <= newcomer)
                {
                    continue;
                }

                if (victim == null || count > victimCount
                    || (count == victimCount && (slot.LastActiveMs < victim.LastActiveMs
                        || (slot.LastActiveMs == victim.LastActiveMs && slot.AcceptOrder < victim.AcceptOrder))))
                {
                    victim = slot;
                    victimCount = count;
                }
            }

            if (victim == null)
            {
                return null;
            }

            int id;
            Socket socket;
            lock (victim.Sync)
            {
                // RFC 6455 §7.4.1: 1013, the server is overloaded: the client may try again later.
                victim.Driver.Connection.TryClose(TryAgainLater, EvictedReason);
            }

            // The frame goes out behind what was queued before it, as far as the socket takes it
            // now; the socket then lingers (read and discarded) so the peer can read it.
            victim.Driver.Flush(now, _sendScratch);
            lock (victim.Sync)
            {
                id = victim.Id;
                socket = victim.Driver.Socket;
                victim.Free();
            }

            Linger(socket, now);
            RaiseError(id, "evicted with 1013: every slot was taken and its address held the most");
            RaiseClosed(id, TryAgainLater, string.Empty, false);
            return victim;
        }

        /// <summary>
        /// The peer's address as a number for counting slots per address: an IPv4 address's 4
        /// bytes, an IPv6 address's /64 prefix; 0 when the stack does not say.
        /// </summary>
        private static long PeerKeyOf(Socket socket)
        {
            try
            {
                IPEndPoint endPoint = socket.RemoteEndPoint as IPEndPoint;
                if (endPoint == null)
                {
                    return 0;
                }

                byte[] bytes = endPoint.Address.GetAddressBytes();
                int n = bytes.Length < 8 ? bytes.Length : 8;
                long key = 1;
                for (int i = 0; i < n; i++)
                {
                    key = (key << 8) | bytes[i];
                }

                return key;
            }
            catch (Exception)
            {
                return 0;
            }
        }
    }
}
