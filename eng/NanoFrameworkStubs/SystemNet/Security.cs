// Reference-only stub of the nanoFramework System.Net TLS members NanoWs.Net's client and server use.
//
// Source of truth: github.com/nanoframework/System.Net
//   commit 713b02c9fea5265e4e70981a9115daa3b5745c4c (tag v1.11.54, the version named in
//   src/NanoWs.Net/packages.config; same commit as SystemNet.cs)
//   nanoFramework.System.Net/Security/SslStream.cs          SslStream(Socket), SslVerification,
//                                                            AuthenticateAsClient(string, X509Certificate,
//                                                            X509Certificate, SslProtocols),
//                                                            AuthenticateAsServer(X509Certificate, bool,
//                                                            SslProtocols), DataAvailable,
//                                                            Read/Write (overrides of Stream's)
//   nanoFramework.System.Net/Sockets/NetworkStream.cs       NetworkStream : Stream, virtual DataAvailable
//   nanoFramework.System.Net/Security/NetworkSecurity.cs    SslProtocols.Tls12 = 3072, Tls13 = 12288;
//                                                            SslVerification.CertificateRequired = 4
//   nanoFramework.System.Net/X509Certificates/X509Certificate.cs   X509Certificate(string) (PEM or DER;
//                                                            the string's bytes get the NUL that mbedTLS's
//                                                            PEM parser needs)
//   nanoFramework.System.Net/X509Certificates/X509Certificate2.cs  X509Certificate2(string, string, string):
//                                                            certificate, private key, key password
//
// Behaviour NanoWs.Net relies on, read in nanoframework/nf-interpreter @ a3e8139a1ba7:
//   src/DeviceInterfaces/System.Net/sys_net_native_System_Net_Security_SslNative.cpp
//     ReadWriteHelper: SslStream.Read returns at once with decrypted bytes mbedTLS already holds
//     (SSL_DataAvailable), else waits for the socket up to Socket.ReceiveTimeout, retries while
//     mbedTLS reports WANT_READ (a partial record), and throws SocketException (ETIMEDOUT) when
//     the timeout passes; the partial record stays in mbedTLS's context. SecureConnect runs the
//     whole handshake and throws CryptographicException (mbedTLS verify flags) when the server's
//     certificate is refused.
//   src/PAL/COM/sockets/ssl/MbedTLS/ssl_available_internal.cpp   DataAvailable =
//     mbedtls_ssl_get_bytes_avail once mbedtls_ssl_check_pending reports buffered input.
//   src/PAL/COM/sockets/ssl/MbedTLS/ssl_connect_internal.cpp     mbedtls_ssl_set_hostname(targetHost):
//     SNI and the host-name check.
//   src/PAL/COM/sockets/ssl/MbedTLS/ssl_accept_internal.cpp      SecureAccept: the server handshake in
//     one native call, blocking socket, looping on mbedtls_ssl_handshake until a terminal outcome;
//     a read that times out (ReceiveTimeout) fails it (ssl_generic.cpp, mbedtls_net_recv).
//
// Signatures, names and enum values are copied from those files; bodies are not.

namespace System.Net.Security
{
    using System.IO;
    using System.Net.Sockets;
    using System.Security.Cryptography.X509Certificates;

    /// <summary>TLS versions (Security/NetworkSecurity.cs), the members used.</summary>
    [Flags]
    public enum SslProtocols
    {
        /// <summary>TLS 1.2 (RFC 5246).</summary>
        Tls12 = 3072,

        /// <summary>TLS 1.3 (RFC 8446).</summary>
        Tls13 = 12288,
    }

    /// <summary>Certificate verification schemes (Security/NetworkSecurity.cs), the member used.</summary>
    public enum SslVerification
    {
        /// <summary>The peer must send a certificate and it must verify.</summary>
        CertificateRequired = 4,
    }

    /// <summary>A TLS stream over a connected socket (Security/SslStream.cs), the members used.</summary>
    public class SslStream : NetworkStream
    {
        /// <summary>Wraps a connected TCP socket; disposing the stream closes it.</summary>
        public SslStream(Socket socket)
        {
        }

        /// <summary>How the peer's certificate is verified (default CertificateRequired).</summary>
        public SslVerification SslVerification
        {
            get { throw null; }
            set { }
        }

        /// <summary>True when decrypted bytes are waiting to be read.</summary>
        public override bool DataAvailable
        {
            get { throw null; }
        }

        /// <summary>
        /// Runs the client handshake: SNI and host-name check against <paramref name="targetHost"/>,
        /// the server's chain against <paramref name="ca"/> (the device's store when null), and an
        /// optional client certificate.
        /// </summary>
        public void AuthenticateAsClient(string targetHost, X509Certificate clientCertificate, X509Certificate ca, SslProtocols enabledSslProtocols)
        {
        }

        /// <summary>
        /// Runs the server handshake with <paramref name="serverCertificate"/> (and its key);
        /// <paramref name="clientCertificateRequired"/> false sets NoVerification (no client
        /// certificate asked for).
        /// </summary>
        public void AuthenticateAsServer(X509Certificate serverCertificate, bool clientCertificateRequired, SslProtocols enabledSslProtocols)
        {
        }

        /// <summary>Reads decrypted bytes (waits up to the socket's ReceiveTimeout).</summary>
        public override int Read(byte[] buffer, int offset, int size)
        {
            throw null;
        }

        /// <summary>Encrypts and sends all the bytes (waits up to the socket's SendTimeout).</summary>
        public override void Write(byte[] buffer, int offset, int size)
        {
        }
    }
}

namespace System.Net.Sockets
{
    using System.IO;

    /// <summary>A stream over a socket (Sockets/NetworkStream.cs), the members used.</summary>
    public class NetworkStream : Stream
    {
        // NanoWs.Net never builds one; it uses SslStream only.
        internal NetworkStream()
        {
        }

        /// <summary>True when bytes are waiting to be read.</summary>
        public virtual bool DataAvailable
        {
            get { throw null; }
        }

        /// <summary>Reads bytes.</summary>
        public override int Read(byte[] buffer, int offset, int count)
        {
            throw null;
        }

        /// <summary>Writes bytes.</summary>
        public override void Write(byte[] buffer, int offset, int count)
        {
        }
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>An X.509 v3 certificate (X509Certificates/X509Certificate.cs), the members used.</summary>
    public class X509Certificate
    {
        /// <summary>Parses a certificate in PEM or DER.</summary>
        public X509Certificate(string certificate)
        {
        }
    }

    /// <summary>A certificate with a private key (X509Certificates/X509Certificate2.cs), the members used.</summary>
    public class X509Certificate2 : X509Certificate
    {
        /// <summary>A certificate and its private key (PEM or DER), the key's password or null.</summary>
        public X509Certificate2(string rawData, string key, string password)
            : base(rawData)
        {
        }
    }
}
