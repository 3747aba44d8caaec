#if !NANOWS_HOST
using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NanoWs.Net
{
    /// <summary>
    /// The client's <c>wss://</c> transport on a board: nanoFramework's <see cref="SslStream"/>
    /// (mbedTLS in the firmware) over the connected socket. The handshake runs on the connection
    /// attempt's thread; then the client's thread reads only when mbedTLS holds decrypted bytes or
    /// the socket has input, with the socket's ReceiveTimeout bounding the wait for the rest of a
    /// record that has started to arrive (see docs/tls.md).
    /// </summary>
    /// <remarks>
    /// <para>nanoFramework's <c>SslStream.Read</c> returns at once with bytes mbedTLS has already
    /// decrypted, otherwise waits for the socket up to its ReceiveTimeout and retries while mbedTLS
    /// has only part of a record; on timeout it throws a SocketException (10060) and the partial
    /// record stays in mbedTLS's context for the next read (nf-interpreter
    /// sys_net_native_System_Net_Security_SslNative.cpp, ReadWriteHelper, @ a3e8139a1ba7).</para>
    /// <para>Certificates: the configured CA or pinned certificate is mbedTLS's trust anchor
    /// (beside the device's own certificate store, which the firmware always adds); a pinned
    /// certificate is trusted as its own anchor, so on a board it must be self-signed. mbedTLS
    /// checks the host name (it is also sent as SNI) and the validity dates against the board's
    /// clock, which must have been set (SNTP) first.</para>
    /// <para>Byte budget: this object and the SslStream (~100 bytes of managed heap); mbedTLS's
    /// context and record buffers live in the native heap (docs/tls.md).</para>
    /// </remarks>
    internal sealed partial class TlsChannel
    {
        // SOCK_ETIMEDOUT (nf-interpreter src/PAL/Include/nanoPAL_Sockets.h).
        private const int TimedOut = 10060;

        private readonly Socket _socket;
        private readonly SslStream _ssl;

        private TlsChannel(Socket socket, SslStream ssl)
        {
            _socket = socket;
            _ssl = ssl;
        }

        /// <summary>
        /// Runs the TLS client handshake on a connected socket for <paramref name="host"/> (SNI and
        /// host-name check), verifying the server against the configured CA or pinned certificate
        /// and presenting the optional client certificate. Returns the channel, or null with
        /// <paramref name="error"/> saying why.
        /// </summary>
        internal static TlsChannel Open(Socket socket, string host, WebSocketClientOptions options, out string error)
        {
            error = null;
            SslStream ssl = null;
            try
            {
                X509Certificate anchor = null;
                if (options.PinnedCertificatePem != null)
                {
                    anchor = new X509Certificate(options.PinnedCertificatePem);
                }
                else if (options.TrustedCaPem != null)
                {
                    anchor = new X509Certificate(options.TrustedCaPem);
                }

                X509Certificate own = options.ClientCertificatePem != null
                    ? new X509Certificate2(options.ClientCertificatePem, options.ClientKeyPem, null)
                    : null;
                socket.ReceiveTimeout = options.TlsRecordTimeoutMs;
                ssl = new SslStream(socket);
                ssl.SslVerification = SslVerification.CertificateRequired;

                // TLS 1.2: mbedTLS 3's TLS 1.3 client can return a received session ticket from
                // mbedtls_ssl_read as an error code, which the firmware turns into a socket error.
                ssl.AuthenticateAsClient(host, own, anchor, SslProtocols.Tls12);
                return new TlsChannel(socket, ssl);
            }
            catch (Exception e)
            {
                SocketException se = e as SocketException;
                error = se != null
                    ? HandshakeFailed + "socket error " + se.ErrorCode.ToString()
                    : HandshakeFailed + (e.GetType().FullName == "System.Security.Cryptography.CryptographicException" ? Refused : e.Message);
                return null;
            }
        }

        /// <summary>
        /// Reads decrypted bytes into the connection's receive buffer when mbedTLS holds some or
        /// the socket has input: the count, 0 when none are ready, -1 at the end of the stream.
        /// </summary>
        internal int Receive(WebSocketConnection connection)
        {
            int free = connection.PrepareReceive();
            if (free == 0 || !(_ssl.DataAvailable || _socket.Poll(0, SelectMode.SelectRead)))
            {
                return 0;
            }

            int n;
            try
            {
                n = _ssl.Read(connection.ReceiveBuffer, connection.ReceiveOffset, free);
            }
            catch (SocketException e)
            {
                if (e.ErrorCode == TimedOut)
                {
                    // The rest of a record is still on its way; mbedTLS keeps what came.
                    return 0;
                }

                throw;
            }

            if (n <= 0)
            {
                // close_notify or the end of the stream (RFC 6455 §7.1.5 when no close frame came first).
                connection.TransportClosed();
                return -1;
            }

            connection.CommitReceive(n);
            return n;
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> for input (returns at once when mbedTLS holds decrypted bytes).</summary>
        internal void Wait(int milliseconds)
        {
            if (!_ssl.DataAvailable)
            {
                _socket.Poll(milliseconds * 1000, SelectMode.SelectRead);
            }
        }

        /// <summary>Releases the TLS session (the caller closes the socket).</summary>
        internal void Close()
        {
            try
            {
                _ssl.Close();
            }
            catch (Exception)
            {
            }
        }
    }
}
#endif
