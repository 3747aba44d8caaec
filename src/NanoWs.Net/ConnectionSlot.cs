using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// One connection place of a <see cref="WebSocketServer"/>: the connection's driver (socket,
    /// TLS channel, the sans-I/O connection built once from the server's options, and its transport
    /// state) and what only the server keeps about it: its place in the table, the order and peer
    /// address the full-house policy weighs, the login session and wrong credentials, and what a
    /// <see cref="PathHandler"/> does with it. The fields below are guarded by <see cref="Sync"/>.
    /// </summary>
    internal sealed class ConnectionSlot
    {
        // Byte budget (besides the driver's and the connection's, see ConnectionDriver and
        // WebSocketConnection.EstimateBytes): this object ~70 bytes. Nothing else is allocated per
        // slot; the socket object comes from Accept.

        /// <summary>Position of the slot in the server's table.</summary>
        internal readonly int Index;

        /// <summary>The connection on the wire; replaced never, reset for every client.</summary>
        internal readonly ConnectionDriver Driver;

        /// <summary>Order of acceptance (server-wide counter): the smallest is the oldest connection.</summary>
        internal long AcceptOrder;

        /// <summary>The peer's address folded into a number (IPv4: its 4 bytes; IPv6: its /64 prefix); 0 when unknown.</summary>
        internal long PeerKey;

        /// <summary>The login session the connection was opened with (see SessionTable.KeyOf), or 0.</summary>
        internal long SessionKey;

        /// <summary>The request gave the owner's password itself (Authorization: Basic), as a script does.</summary>
        internal bool PasswordGiven;

        /// <summary>Last time bytes arrived from the peer (or the accept time): the eviction order among one address's connections.</summary>
        internal long LastActiveMs;

        /// <summary>Wrong secrets this connection has presented (see WebSocketServer.ReportWrongCredential).</summary>
        internal int WrongCredentials;

        /// <summary>
        /// What a <see cref="PathHandler"/> does with the connection (a <see cref="PathExchange"/>
        /// state): 0 for none, else a body being read, a held request or an accepted WebSocket.
        /// </summary>
        internal int Hook;

        internal ConnectionSlot(int index, WebSocketOptions options)
        {
            Index = index;
            Driver = new ConnectionDriver(WebSocketConnection.CreateServer(options));
        }

        /// <summary>Lock for the slot's fields: the driver's own, so one lock covers both.</summary>
        internal object Sync
        {
            get { return Driver; }
        }

        /// <summary>Current connection id, or 0 when the slot is free.</summary>
        internal int Id
        {
            get { return Driver.Id; }
        }

        /// <summary>True while a connection occupies the slot.</summary>
        internal bool InUse
        {
            get { return Driver.InUse; }
        }

        /// <summary>True once the upgrade was accepted and the app (or a path handler) was told.</summary>
        internal bool Opened
        {
            get { return Driver.Opened; }
        }

        /// <summary>Takes an accepted socket and its TLS channel, or null (call under <see cref="Sync"/>).</summary>
        internal void Occupy(Socket socket, TlsChannel tls, int id, long nowMs, long acceptOrder, long peerKey)
        {
            Driver.Attach(socket, tls, id, nowMs);
            PeerKey = peerKey;
            LastActiveMs = nowMs;
            WrongCredentials = 0;
            SessionKey = 0;
            PasswordGiven = false;
            AcceptOrder = acceptOrder;
            Hook = 0;
        }

        /// <summary>
        /// Frees the slot (call under <see cref="Sync"/>) and resets its connection for the next
        /// client, keeping every buffer allocated at server start. The socket is the caller's to close.
        /// </summary>
        internal void Free()
        {
            Driver.Detach();
            Hook = 0;
        }

        /// <summary>
        /// True while the connection is still in the opening handshake with no complete request: it
        /// has been answered nothing and may be evicted for a newcomer.
        /// </summary>
        internal bool AwaitingRequest
        {
            get { return Hook == 0 && Driver.Unanswered; }
        }
    }
}
