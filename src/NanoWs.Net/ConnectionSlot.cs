using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// One connection place of a <see cref="WebSocketServer"/>: the accepted socket, the sans-I/O
    /// connection built once from the server's options, and the transport's own per-connection
    /// state. Every field that another thread may read or change (through the server's Send calls)
    /// is guarded by <see cref="Sync"/>.
    /// </summary>
    internal sealed class ConnectionSlot
    {
        // Byte budget (besides the connection's own, see WebSocketConnection.EstimateBytes):
        //   this object ~150 bytes, Sync 24, Message ~60. Nothing else is allocated per slot; the
        //   socket object comes from Accept.

        /// <summary>Lock for the connection and the fields below.</summary>
        internal readonly object Sync;

        /// <summary>Position of the slot in the server's table.</summary>
        internal readonly int Index;

        /// <summary>Reused for every message slice of this slot.</summary>
        internal readonly WebSocketMessageEventArgs Message;

        /// <summary>The protocol state machine; replaced only when it cannot be reset.</summary>
        internal WebSocketConnection Connection;

        /// <summary>The accepted socket, or null when the slot is free.</summary>
        internal Socket Socket;

        /// <summary>The TLS channel over <see cref="Socket"/> when the server speaks https/wss, else null.</summary>
        internal TlsChannel Tls;

        /// <summary>Current connection id, or 0 when the slot is free.</summary>
        internal int Id;

        /// <summary>True once the upgrade was accepted and the app was told.</summary>
        internal bool Opened;

        /// <summary>True once the peer's close frame arrived.</summary>
        internal bool ReceivedClose;

        /// <summary>The peer's close reason, or empty.</summary>
        internal string CloseReason;

        /// <summary>Why the connection failed, or null.</summary>
        internal string Error;

        /// <summary>Plain HTTP response body still to be sent after the head, straight from a route's array.</summary>
        internal byte[] Body;

        /// <summary>Next body byte to send.</summary>
        internal int BodyOffset;

        /// <summary>Body bytes not yet sent.</summary>
        internal int BodyRemaining;

        /// <summary>True while <see cref="Message"/> holds a deferred slice (backpressure).</summary>
        internal bool Held;

        /// <summary>True while a message sent with SendFragment is unfinished.</summary>
        internal bool SendingFragments;

        /// <summary>Type of the unfinished fragmented message.</summary>
        internal WebSocketMessageType FragmentType;

        /// <summary>True while a close asked for by the app waits for room in the send buffer.</summary>
        internal bool CloseRequested;

        /// <summary>Code of the requested close.</summary>
        internal int CloseRequestCode;

        /// <summary>Reason of the requested close.</summary>
        internal string CloseRequestReason;

        /// <summary>Last time the socket accepted bytes or nothing was waiting to be sent.</summary>
        internal long LastSendProgressMs;

        /// <summary>
        /// True once the send-stall policy gave up on the open connection (1008): a second stall
        /// drops it, and its Closed event reports 1008 unless the peer's own close frame arrives.
        /// </summary>
        internal bool StallClosing;

        /// <summary>Order of acceptance (server-wide counter): the smallest is the oldest connection.</summary>
        internal long AcceptOrder;

        /// <summary>The peer's address folded into a number (IPv4: its 4 bytes; IPv6: its /64 prefix); 0 when unknown.</summary>
        internal long PeerKey;

        /// <summary>The login session the connection was opened with (see SessionTable.KeyOf), or 0.</summary>
        internal long SessionKey;

        /// <summary>Wrong secrets this connection has presented (see WebSocketServer.ReportWrongCredential).</summary>
        internal int WrongCredentials;

        /// <summary>Last time bytes arrived from the peer (or the accept time): the eviction order among one address's connections.</summary>
        internal long LastActiveMs;

        /// <summary>
        /// What a <see cref="PathHandler"/> does with the connection (a <see cref="PathExchange"/>
        /// state): 0 for none, else a body being read, a held request or an accepted WebSocket.
        /// </summary>
        internal int Hook;

        internal ConnectionSlot(int index, WebSocketOptions options)
        {
            Index = index;
            Sync = new object();
            Message = new WebSocketMessageEventArgs();
            Connection = WebSocketConnection.CreateServer(options);
        }

        /// <summary>True while a connection occupies the slot.</summary>
        internal bool InUse
        {
            get { return Socket != null; }
        }

        /// <summary>Takes an accepted socket (call under <see cref="Sync"/>).</summary>
        internal void Occupy(Socket socket, int id, long nowMs, long acceptOrder, long peerKey)
        {
            Socket = socket;
            PeerKey = peerKey;
            LastActiveMs = nowMs;
            WrongCredentials = 0;
            SessionKey = 0;
            Id = id;
            AcceptOrder = acceptOrder;
            Opened = false;
            ReceivedClose = false;
            CloseReason = string.Empty;
            Error = null;
            Body = null;
            BodyOffset = 0;
            BodyRemaining = 0;
            Held = false;
            SendingFragments = false;
            CloseRequested = false;
            CloseRequestReason = null;
            LastSendProgressMs = nowMs;
            StallClosing = false;
            Hook = 0;
            Message.Clear();
        }

        /// <summary>
        /// Frees the slot (call under <see cref="Sync"/>) and resets its connection for the next
        /// client, keeping every buffer allocated at server start.
        /// </summary>
        internal void Free()
        {
            if (Tls != null)
            {
                Tls.Close();
                Tls = null;
            }

            Socket = null;
            Id = 0;
            Body = null;
            BodyRemaining = 0;
            Held = false;
            Message.Clear();
            CloseRequestReason = null;
            Hook = 0;
            Connection.Reset();
        }

        /// <summary>
        /// True while the connection is still in the opening handshake with no complete request: it
        /// has been answered nothing and may be evicted for a newcomer.
        /// </summary>
        internal bool AwaitingRequest
        {
            get { return Socket != null && !Opened && Hook == 0 && Connection.State == WebSocketState.Connecting && Connection.SendCount == 0; }
        }

        /// <summary>True when bytes wait to be sent: frames or handshake bytes, or a route body.</summary>
        internal bool HasPendingOutput
        {
            get { return Connection.SendCount > 0 || BodyRemaining > 0; }
        }
    }
}
