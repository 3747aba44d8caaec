using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// The server side of <see cref="TlsChannel"/>, shared by both platforms: the handshake's
    /// progress as the poll thread sees it, and writing one chunk of plaintext. The handshake
    /// itself is platform code (TlsChannel.Server.Host.cs, TlsChannel.Server.Board.cs); reads go
    /// through the client's <see cref="Receive"/>, which does not depend on the side.
    /// </summary>
    internal sealed partial class TlsChannel
    {
        /// <summary>The handshake has not finished yet (or not started).</summary>
        internal const int HandshakePending = 0;

        /// <summary>The handshake finished: bytes flow.</summary>
        internal const int HandshakeDone = 1;

        /// <summary>The handshake failed; <see cref="HandshakeError"/> says why.</summary>
        internal const int HandshakeFailedState = -1;

        /// <summary>True on a server connection until its handshake has completed (also once it failed: bytes never flow then).</summary>
        internal bool Handshaking
        {
            get { return HandshakeState != HandshakeDone; }
        }

        /// <summary>
        /// Encrypts and writes at most <see cref="SocketIo.MaxSendChunk"/> bytes when the socket
        /// has room: the plaintext bytes taken, or 0 when the socket is full. A record adds at
        /// most 29 bytes, and a socket that polls writable has room for at least two segments
        /// (docs/tls.md), so the write does not wait for the peer.
        /// </summary>
        internal int Write(byte[] buffer, int offset, int count)
        {
            if (count <= 0 || !_socket.Poll(0, SelectMode.SelectWrite))
            {
                return 0;
            }

            int n = count < SocketIo.MaxSendChunk ? count : SocketIo.MaxSendChunk;
            _ssl.Write(buffer, offset, n);
            return n;
        }
    }
}
