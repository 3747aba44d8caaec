namespace NanoWs.SocketIo
{
    /// <summary>
    /// One Engine.IO session (protocol v4): its id, transport, heartbeat deadlines, outbox, the
    /// buffer that reassembles an incoming binary packet, and one socket per namespace. Allocated
    /// once per slot when the server is created and reused for every session in that slot.
    /// </summary>
    /// <remarks>
    /// Byte budget per session (defaults, 64-bit .NET): outbox 1,048 + binary buffer 536 + this
    /// object 136, sid 48, outbox object 32, attachment tables 80, socket table 40 and its slot
    /// reference 8 = 1,928; plus per namespace one <see cref="SocketIoSocket"/> of 440 (object 120,
    /// id 48, handler tables 2 × 88, ack tables 40 + 56). Default with one namespace: 2,368 bytes,
    /// measured by SocketIoFootprintTests against <see cref="SocketIoServer.EstimateSessionBytes"/>.
    /// On the 32-bit nanoCLR (a board's layout, every field a 12-byte heap block): 2,709 bytes,
    /// and 576 per extra namespace (docs/socketio.md).
    /// </remarks>
    internal sealed class EngineSession
    {
        internal const int SidLength = 20;

        internal const int StateFree = 0;
        internal const int StateOpen = 1;

        internal const int TransportPolling = 0;
        internal const int TransportWebSocket = 1;

        internal readonly int Index;
        internal readonly byte[] Sid = new byte[SidLength];
        internal readonly Outbox Out;
        internal readonly byte[] Bin;
        internal readonly SocketIoSocket[] Sockets;

        internal int State;
        internal int Transport;
        internal bool GetHeld;          // a long-polling GET waits for packets
        internal bool WebSocketProbe;   // a WebSocket is attached for the upgrade (before "5")
        internal bool ProbeReplyPending; // "3probe" waits for the probing WebSocket
        internal bool NoopPending;      // "6" waits for the held GET (fast upgrade)
        internal bool PingRefreshed;
        internal long NextPingAt;
        internal long PongDeadline;     // -1: no ping outstanding
        internal long ConnectDeadline;  // -1: a namespace is connected
        internal string CloseReason;

        // Binary packet being reassembled (socket.io-protocol v5 BINARY_EVENT / BINARY_ACK): the
        // header text at Bin[0..BinHeader), attachments after it.
        internal int BinExpected;       // attachments still to come; 0: not reassembling
        internal int BinHeader;
        internal int BinUsed;
        internal int BinAttachments;
        internal readonly int[] BinOffset;
        internal readonly int[] BinCount;

        internal EngineSession(int index, SocketIoOptions o)
        {
            Index = index;
            Out = new Outbox(o.OutboxBytes);
            Bin = new byte[o.BinaryBytes];
            BinOffset = new int[o.MaxAttachments];
            BinCount = new int[o.MaxAttachments];
            Sockets = new SocketIoSocket[o.MaxNamespaces];
        }

        internal bool IsOpen
        {
            get { return State == StateOpen; }
        }

        internal void Reset()
        {
            State = StateFree;
            Transport = TransportPolling;
            GetHeld = false;
            WebSocketProbe = false;
            ProbeReplyPending = false;
            NoopPending = false;
            PingRefreshed = false;
            PongDeadline = -1;
            ConnectDeadline = -1;
            BinExpected = 0;
            BinUsed = 0;
            BinAttachments = 0;
            Out.Clear();
        }

        internal bool SidEquals(byte[] b, int offset, int count)
        {
            if (count != SidLength)
            {
                return false;
            }

            for (int i = 0; i < SidLength; i++)
            {
                if (b[offset + i] != Sid[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
