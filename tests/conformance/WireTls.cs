using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NanoWs.Conformance
{
    /// <summary>
    /// TLS for the tester's connections (wss://). Client role (server targets): the server's chain
    /// must end in <see cref="TrustedCaPem"/> and name the host connected to; with no CA given, the
    /// system's store decides. Server role (client targets): the tester authenticates as server with
    /// <see cref="CertificatePem"/> and <see cref="KeyPem"/>. The cases' bytes then go through the
    /// TLS stream exactly as they went through the socket.
    /// </summary>
    public sealed class WireTls
    {
        /// <summary>How long a TLS handshake may take before the connection counts as failed.</summary>
        public const int HandshakeTimeoutMs = 10_000;

        /// <summary>Client role: the only CA the server's chain may end in (PEM); null for the system's store.</summary>
        public string TrustedCaPem;

        /// <summary>Server role: the tester's certificate (PEM).</summary>
        public string CertificatePem;

        /// <summary>Server role: the certificate's private key (PEM, unencrypted).</summary>
        public string KeyPem;

        /// <summary>Runs the client's TLS handshake for <paramref name="host"/> over <paramref name="socket"/>; the stream owns the socket.</summary>
        public Stream AuthenticateAsClient(Socket socket, string host)
        {
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, Validate);
            var options = new SslClientAuthenticationOptions { TargetHost = host };
            return Complete(ssl, ssl.AuthenticateAsClientAsync(options), "client");
        }

        /// <summary>Runs the server's TLS handshake over <paramref name="socket"/>; the stream owns the socket.</summary>
        public Stream AuthenticateAsServer(Socket socket)
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPem(CertificatePem, KeyPem);

            // An ephemeral key is not usable by OpenSSL's server on every platform: round-trip through PKCS#12.
            X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            var options = new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false };
            return Complete(ssl, ssl.AuthenticateAsServerAsync(options), "server");
        }

        private static Stream Complete(SslStream ssl, System.Threading.Tasks.Task handshake, string role)
        {
            try
            {
                if (!handshake.Wait(HandshakeTimeoutMs))
                {
                    ssl.Dispose();
                    throw new IOException("TLS handshake (tester as " + role + ") not done within " + HandshakeTimeoutMs + " ms");
                }
            }
            catch (AggregateException e)
            {
                ssl.Dispose();
                throw new IOException("TLS handshake (tester as " + role + ") failed: " + e.InnerException?.Message, e.InnerException);
            }

            return ssl;
        }

        private bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (TrustedCaPem == null)
            {
                return errors == SslPolicyErrors.None;
            }

            // The host name must match; the chain is built again with only the configured CA as a root.
            if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(TrustedCaPem));
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return custom.Build(new X509Certificate2(certificate));
        }
    }
}
