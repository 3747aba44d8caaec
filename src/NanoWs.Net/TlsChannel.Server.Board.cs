#if !NANOWS_HOST
using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NanoWs.Net
{
    /// <summary>
    /// The server's https/wss handshake on a board: nanoFramework's
    /// <c>SslStream.AuthenticateAsServer</c> (mbedTLS in the firmware), run by the poll thread
    /// once the client's first bytes (its ClientHello) have arrived, at most one per poll pass.
    /// </summary>
    /// <remarks>
    /// <para>nanoFramework runs the whole server handshake in one native call,
    /// <c>SslNative.SecureAccept</c> → <c>ssl_accept_internal</c>, which switches the socket to
    /// blocking mode and loops on <c>mbedtls_ssl_handshake</c> until it ends; the call does not
    /// yield to other managed threads (nanoframework/nf-interpreter @ a3e8139a1ba7,
    /// src/DeviceInterfaces/System.Net/sys_net_native_System_Net_Security_SslNative.cpp and
    /// src/PAL/COM/sockets/ssl/MbedTLS/ssl_accept_internal.cpp). A thread of its own would
    /// therefore not keep the poll thread going: the runtime itself waits. What bounds it: the
    /// handshake starts only when the socket polls readable, and each read of the handshake waits
    /// at most the socket's ReceiveTimeout (<see cref="WebSocketServerOptions.TlsHandshakeReadTimeoutMs"/>):
    /// on a blocking socket the firmware's <c>mbedtls_net_recv</c> reports a timed-out read as
    /// <c>MBEDTLS_ERR_NET_RECV_FAILED</c>, not WANT_READ (src/PAL/COM/sockets/ssl/MbedTLS/ssl_generic.cpp),
    /// so a client that stalls mid-handshake fails it after that long.</para>
    /// <para>Each connection gets its own mbedTLS context: <c>SecureServerInit</c>
    /// (ssl_generic_init_internal.cpp) allocates the ssl context and config, an entropy and a DRBG
    /// context, and parses the server's certificate and key again for every connection, so those
    /// count per connection (docs/tls.md). Managed side: this object and the SslStream, ~100 bytes;
    /// the certificate object (PEM text) is shared.</para>
    /// <para>API: nanoframework/System.Net @ 713b02c9fea5, nanoFramework.System.Net/Security/SslStream.cs:
    /// <c>AuthenticateAsServer(X509Certificate, bool clientCertificateRequired, SslProtocols)</c>,
    /// false sets <c>SslVerification.NoVerification</c> (no client certificate asked for).</para>
    /// </remarks>
    internal sealed partial class TlsChannel
    {
        // After the handshake, the longest a read waits for the rest of a TLS record that has
        // started to arrive (the socket's ReceiveTimeout, see Receive); mbedTLS keeps the part.
        private const int ServerRecordTimeoutMs = 20;

        /// <summary>False: mbedTLS reads the socket only when called, so the server may wait on the socket's readability.</summary>
        internal const bool ReadsAsynchronously = false;

        private X509Certificate _serverCertificate;
        private int _handshakeReadTimeoutMs;
        private int _handshakeState = HandshakeDone;
        private string _handshakeError;

        /// <summary>The server's certificate with its key, made once at Start and shared by every connection.</summary>
        internal static object LoadServerCertificate(string certificatePem, string keyPem)
        {
            return new X509Certificate2(certificatePem, keyPem, null);
        }

        /// <summary>
        /// Wraps an accepted socket for the server handshake, which <see cref="AdvanceHandshake"/>
        /// runs once the client's first bytes are there. <paramref name="owner"/> is for .NET only.
        /// </summary>
        internal static TlsChannel CreateServer(Socket socket, object certificate, WebSocketServer owner, int readTimeoutMs)
        {
            TlsChannel channel = new TlsChannel(socket, new SslStream(socket));
            channel._serverCertificate = (X509Certificate)certificate;
            channel._handshakeReadTimeoutMs = readTimeoutMs;
            channel._handshakeState = HandshakePending;
            return channel;
        }

        /// <summary>Where the handshake stands: <see cref="HandshakePending"/>, <see cref="HandshakeDone"/> or <see cref="HandshakeFailedState"/>.</summary>
        internal int HandshakeState
        {
            get { return _handshakeState; }
        }

        /// <summary>Why the handshake failed, or null.</summary>
        internal string HandshakeError
        {
            get { return _handshakeError; }
        }

        /// <summary>
        /// Runs the handshake when the client's first bytes have arrived (returns true), else
        /// returns false at once. Blocks the runtime for the handshake's duration (see remarks).
        /// </summary>
        internal bool AdvanceHandshake()
        {
            if (_handshakeState != HandshakePending || !_socket.Poll(0, SelectMode.SelectRead))
            {
                return false;
            }

            try
            {
                _socket.ReceiveTimeout = _handshakeReadTimeoutMs;

                // TLS 1.2, as the client does: every browser offers it.
                _ssl.AuthenticateAsServer(_serverCertificate, false, SslProtocols.Tls12);
                _socket.ReceiveTimeout = ServerRecordTimeoutMs;
                _handshakeState = HandshakeDone;
            }
            catch (Exception e)
            {
                SocketException se = e as SocketException;
                _handshakeError = se != null
                    ? HandshakeFailed + "socket error " + se.ErrorCode.ToString()
                    : HandshakeFailed + e.GetType().Name + " " + e.Message;
                _handshakeState = HandshakeFailedState;
            }

            return true;
        }
    }
}
#endif
