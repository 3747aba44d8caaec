namespace NanoWs.Net
{
    /// <summary>
    /// The start of every error message the client reports when a <c>wss://</c> connection is
    /// refused; the close code that follows is 1015 (RFC 6455 §7.4.1: "the connection was closed
    /// due to a failure to perform a TLS handshake"). The platform parts are TlsChannel.Host.cs
    /// (.NET's SslStream) and TlsChannel.Board.cs (nanoFramework's SslStream over mbedTLS).
    /// </summary>
    internal sealed partial class TlsChannel
    {
        /// <summary>Prefix of every TLS handshake error.</summary>
        internal const string HandshakeFailed = "TLS handshake failed: ";

        /// <summary>The server's chain does not end in the configured CA (or the system's store).</summary>
        internal const string UnknownCa = "unknown CA";

        /// <summary>The certificate names neither the URL's host name nor its address.</summary>
        internal const string WrongHost = "wrong host";

        /// <summary>The certificate's validity ended.</summary>
        internal const string Expired = "certificate expired";

        /// <summary>The certificate's validity has not started.</summary>
        internal const string NotYetValid = "certificate not yet valid";

        /// <summary>A certificate is pinned and the server presented another.</summary>
        internal const string NotPinned = "not the pinned certificate";

        /// <summary>The server presented no certificate.</summary>
        internal const string NoCertificate = "no certificate from the server";

        /// <summary>nanoFramework's mbedTLS refused the certificate (it does not say which check failed).</summary>
        internal const string Refused = "certificate refused by mbedTLS (unknown CA, wrong host or outside its validity dates)";
    }
}
