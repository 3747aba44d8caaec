#if NANOWS_HOST
using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Net
{
    /// <summary>
    /// The server's https/wss handshake on .NET: <c>SslStream.AuthenticateAsServerAsync</c>
    /// started when the connection is accepted and completing on its own (socket I/O completions
    /// of the runtime, no thread per connection); the poll thread only looks at whether it has
    /// completed, and the slot joins the loop then. A client that stalls mid-handshake, or sends
    /// no ClientHello at all, costs nothing but its slot until the connection's handshake timeout
    /// closes the socket, which ends the pending handshake.
    /// </summary>
    /// <remarks>
    /// Byte budget per connection, on top of the plain slot: the channel's 4 KiB staging buffer
    /// (see TlsChannel.Host.cs), the SslStream and OpenSSL's session (measured in
    /// tests/NanoWs.Benchmarks, tls-server; docs/tls.md). The certificate context is built once
    /// at Start and shared by every connection.
    /// </remarks>
    internal sealed partial class TlsChannel
    {
        /// <summary>True: the socket is read by the TLS library's asynchronous reads, whose completions wake the server.</summary>
        internal const bool ReadsAsynchronously = true;

        private Task _handshake;
        private WebSocketServer _owner;

        /// <summary>
        /// The server's certificate with its key (and the intermediates that follow it in the
        /// PEM), built once at Start and shared by every connection. Throws when the PEM text is
        /// not a certificate and its matching key.
        /// </summary>
        internal static object LoadServerCertificate(string certificatePem, string keyPem)
        {
            X509Certificate2 own = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            var all = new X509Certificate2Collection();
            all.ImportFromPem(certificatePem);
            var chain = new X509Certificate2Collection();
            for (int i = 1; i < all.Count; i++)
            {
                chain.Add(all[i]);
            }

            // offline: the chain is what the PEM holds; nothing is fetched from the network.
            return SslStreamCertificateContext.Create(own, chain, false);
        }

        /// <summary>
        /// Wraps an accepted socket and starts the server handshake at once; completions (of the
        /// handshake and of every read) wake <paramref name="owner"/>'s poll loop.
        /// <paramref name="readTimeoutMs"/> is for boards only.
        /// </summary>
        internal static TlsChannel CreateServer(Socket socket, object certificate, WebSocketServer owner, int readTimeoutMs)
        {
            var ssl = new SslStream(new NetworkStream(socket, false), false);
            var channel = new TlsChannel(socket, ssl);
            channel._owner = owner;
            var options = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = (SslStreamCertificateContext)certificate,
                ClientCertificateRequired = false,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            };
            Task handshake;
            try
            {
                handshake = ssl.AuthenticateAsServerAsync(options, CancellationToken.None);
            }
            catch (Exception e)
            {
                handshake = Task.FromException(e);
            }

            channel._handshake = handshake;
            handshake.ContinueWith(channel.OnHandshakeDone, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return channel;
        }

        /// <summary>Where the handshake stands: <see cref="HandshakePending"/>, <see cref="HandshakeDone"/> or <see cref="HandshakeFailedState"/>.</summary>
        internal int HandshakeState
        {
            get
            {
                Task t = _handshake;
                if (t == null)
                {
                    return HandshakeDone;
                }

                if (!t.IsCompleted)
                {
                    return HandshakePending;
                }

                return t.Status == TaskStatus.RanToCompletion ? HandshakeDone : HandshakeFailedState;
            }
        }

        /// <summary>Why the handshake failed, or null.</summary>
        internal string HandshakeError
        {
            get
            {
                Task t = _handshake;
                if (t == null || !t.IsFaulted)
                {
                    return null;
                }

                Exception e = t.Exception.InnerException ?? t.Exception;
                return HandshakeFailed + Describe(e);
            }
        }

        /// <summary>Moves the handshake on when it needs the poll thread: never on .NET (it runs by itself).</summary>
        internal bool AdvanceHandshake()
        {
            return false;
        }

        private void OnHandshakeDone(Task handshake)
        {
            // Observed here, so a failed handshake never surfaces as an unobserved task exception.
            GC.KeepAlive(handshake.Exception);
            Wake();
        }

        private void OnReadDone()
        {
            _readDone.Set();
            Wake();
        }

        private void Wake()
        {
            WebSocketServer owner = _owner;
            if (owner != null)
            {
                owner.WakeFromTls();
            }
        }
    }
}
#endif
