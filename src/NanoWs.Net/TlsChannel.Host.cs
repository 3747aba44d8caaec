#if NANOWS_HOST
using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Net
{
    /// <summary>
    /// The client's <c>wss://</c> transport on .NET: <see cref="SslStream"/> over the connected
    /// socket. The handshake runs on the connection attempt's thread (bounded by
    /// <see cref="WebSocketClientOptions.ConnectTimeoutMs"/>, ended by closing the socket); then the
    /// client's thread writes and reads through it without ever waiting on the peer (see docs/tls.md).
    /// </summary>
    /// <remarks>
    /// <para>Reads: one <c>ReadAsync</c> into a fixed staging buffer is kept outstanding, and the
    /// client's thread only looks whether it has completed, then copies the plaintext into the
    /// connection's receive buffer. A synchronous read cannot be used: .NET's SslStream may hold
    /// whole records it has already taken from the socket, so a socket that polls empty does not
    /// mean there is nothing to read, and a read that waits for the next record would block.</para>
    /// <para>Writes: as on a plain socket, at most <see cref="SocketIo.MaxSendChunk"/> plaintext bytes
    /// per call and only when the socket polls writable; one TLS record adds at most 29 bytes
    /// (TLS 1.2 AES-GCM: 5 header, 8 explicit nonce, 16 tag), so the record fits the room a writable
    /// socket reports.</para>
    /// <para>Byte budget: the staging buffer (<see cref="StagingSize"/>), SslStream's own buffers
    /// (rented from the shared array pool while records are in flight) and the session; nothing is
    /// allocated per message on this path.</para>
    /// </remarks>
    internal sealed partial class TlsChannel
    {
        /// <summary>Bytes of the staging buffer a read decrypts into.</summary>
        internal const int StagingSize = 4096;

        private readonly Socket _socket;
        private readonly SslStream _ssl;
        private readonly byte[] _staging = new byte[StagingSize];
        private readonly ManualResetEventSlim _readDone = new ManualResetEventSlim(false, 1);
        private readonly Action _onReadDone;
        private ValueTask<int> _pending;
        private bool _reading;
        private int _stagingOffset;
        private int _stagingCount;

        private TlsChannel(Socket socket, SslStream ssl)
        {
            _socket = socket;
            _ssl = ssl;
            _onReadDone = OnReadDone;
        }

        /// <summary>
        /// Runs the TLS client handshake on a connected socket for <paramref name="host"/>: SNI,
        /// the server's certificate checked against the options (host name, validity dates, the
        /// configured CA, the pinned certificate, or the system's store), and the optional client
        /// certificate. Returns the channel, or null with <paramref name="error"/> saying why.
        /// </summary>
        internal static TlsChannel Open(Socket socket, string host, WebSocketClientOptions options, out string error)
        {
            error = null;
            ServerCheck check = null;
            SslStream ssl = null;
            try
            {
                check = new ServerCheck(host, options);
                ssl = new SslStream(new NetworkStream(socket, false), false, check.Validate);
                var auth = new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                };
                if (options.ClientCertificatePem != null)
                {
                    auth.ClientCertificates = new X509CertificateCollection
                    {
                        X509Certificate2.CreateFromPem(options.ClientCertificatePem, options.ClientKeyPem),
                    };
                }

                ssl.AuthenticateAsClient(auth);
                return new TlsChannel(socket, ssl);
            }
            catch (Exception e)
            {
                if (ssl != null)
                {
                    ssl.Dispose();
                }

                error = check != null && check.Refusal != null ? check.Refusal : HandshakeFailed + Describe(e);
                return null;
            }
        }

        /// <summary>
        /// Moves decrypted bytes into the connection's receive buffer, as <see cref="SocketIo.Receive"/>
        /// does for a plain socket: the count, 0 when none are ready, -1 at the end of the stream.
        /// Throws <see cref="IOException"/> when the TLS stream fails.
        /// </summary>
        internal int Receive(WebSocketConnection connection)
        {
            int free = connection.PrepareReceive();
            if (free == 0)
            {
                return 0;
            }

            if (_stagingCount == 0)
            {
                if (!_reading)
                {
                    StartRead();
                }

                if (!_pending.IsCompleted)
                {
                    return 0;
                }

                _reading = false;
                int n = _pending.GetAwaiter().GetResult();
                if (n <= 0)
                {
                    connection.TransportClosed();
                    return -1;
                }

                _stagingOffset = 0;
                _stagingCount = n;
            }

            int take = _stagingCount < free ? _stagingCount : free;
            Buffer.BlockCopy(_staging, _stagingOffset, connection.ReceiveBuffer, connection.ReceiveOffset, take);
            connection.CommitReceive(take);
            _stagingOffset += take;
            _stagingCount -= take;
            return take;
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> for decrypted input (returns at once when some is ready).</summary>
        internal void Wait(int milliseconds)
        {
            if (_stagingCount > 0)
            {
                return;
            }

            if (!_reading)
            {
                StartRead();
            }

            _readDone.Wait(milliseconds);
        }

        /// <summary>Releases the TLS session (the caller closes the socket).</summary>
        internal void Close()
        {
            try
            {
                _ssl.Dispose();
            }
            catch (Exception)
            {
            }
        }

        private void StartRead()
        {
            _readDone.Reset();
            _pending = _ssl.ReadAsync(new Memory<byte>(_staging));
            _reading = true;
            if (_pending.IsCompleted)
            {
                _readDone.Set();
            }
            else
            {
                _pending.GetAwaiter().UnsafeOnCompleted(_onReadDone);
            }
        }

        private static string Describe(Exception e)
        {
            Exception inner = e.InnerException;
            return inner != null && !(e is AuthenticationException && inner is AuthenticationException)
                ? e.Message + " (" + inner.Message + ")"
                : e.Message;
        }

        /// <summary>
        /// The server certificate check of one handshake; remembers why it refused so that the
        /// client reports that instead of SslStream's generic exception.
        /// </summary>
        private sealed class ServerCheck
        {
            private readonly string _host;
            private readonly X509Certificate2Collection _trusted;
            private readonly byte[] _pinned;

            internal ServerCheck(string host, WebSocketClientOptions options)
            {
                _host = host;
                if (options.PinnedCertificatePem != null)
                {
                    _pinned = X509Certificate2.CreateFromPem(options.PinnedCertificatePem).RawData;
                }
                else if (options.TrustedCaPem != null)
                {
                    _trusted = new X509Certificate2Collection();
                    _trusted.ImportFromPem(options.TrustedCaPem);
                    if (_trusted.Count == 0)
                    {
                        throw new ArgumentException("TrustedCaPem holds no PEM certificate");
                    }
                }
            }

            internal string Refusal { get; private set; }

            internal bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
            {
                Refusal = Check(certificate, chain, errors);
                return Refusal == null;
            }

            private string Check(X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
            {
                if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    return HandshakeFailed + NoCertificate;
                }

                var server = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return HandshakeFailed + WrongHost + ": the certificate (" + server.Subject + ") is not for " + _host;
                }

                DateTime now = DateTime.UtcNow;
                if (server.NotAfter.ToUniversalTime() < now)
                {
                    return HandshakeFailed + Expired + ": the certificate (" + server.Subject + ") was valid until " + Iso(server.NotAfter);
                }

                if (server.NotBefore.ToUniversalTime() > now)
                {
                    return HandshakeFailed + NotYetValid + ": the certificate (" + server.Subject + ") is valid from " + Iso(server.NotBefore);
                }

                if (_pinned != null)
                {
                    return server.RawData.AsSpan().SequenceEqual(_pinned)
                        ? null
                        : HandshakeFailed + NotPinned + " (" + server.Subject + ")";
                }

                if (_trusted == null)
                {
                    // The system's store decided.
                    return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                        ? null
                        : HandshakeFailed + UnknownCa + ": " + server.Subject + " issued by " + server.Issuer + " is not trusted by the system's store";
                }

                using (var custom = new X509Chain())
                {
                    custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
                    custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    if (chain != null)
                    {
                        foreach (X509ChainElement element in chain.ChainElements)
                        {
                            custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                        }
                    }

                    return custom.Build(server)
                        ? null
                        : HandshakeFailed + UnknownCa + ": " + server.Subject + " issued by " + server.Issuer + " is not issued by the configured CA";
                }
            }

            private static string Iso(DateTime time)
            {
                return time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
#endif
