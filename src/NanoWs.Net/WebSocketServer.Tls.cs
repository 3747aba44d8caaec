using System;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// https and wss on the server's port (<see cref="WebSocketServerOptions.TlsCertificatePem"/>):
    /// every accepted connection runs the TLS handshake before its first HTTP byte, then the same
    /// slot, connection, routes, login and timers as plain http, with the bytes going through
    /// <see cref="TlsChannel"/> instead of the socket. The sans-I/O core does not change.
    /// </summary>
    /// <remarks>
    /// <para>The handshake never holds the poll thread because of one peer on .NET: it runs by
    /// itself (asynchronous socket I/O) and the slot joins the loop when it completes. On a board
    /// nanoFramework's handshake is one blocking native call, so it starts only once the client's
    /// first bytes are there, one per poll pass, each read bounded by
    /// <see cref="WebSocketServerOptions.TlsHandshakeReadTimeoutMs"/> (TlsChannel.Server.Board.cs).
    /// On both, the connection's opening-handshake timeout (<c>HandshakeTimeoutMs</c>) runs from
    /// the accept and covers the TLS handshake and the HTTP request together: a client that
    /// stalls or sends no ClientHello is dropped then, and one that sends garbage as soon as the
    /// TLS library refuses it.</para>
    /// <para>Refusals written before a handshake could complete (the full house's 503, the
    /// eviction of a waiting connection) close the socket instead: a browser cannot read a
    /// plaintext answer on an https port. A 1013 eviction of an open WebSocket is a close frame
    /// and goes through TLS as usual.</para>
    /// </remarks>
    public sealed partial class WebSocketServer
    {
        // The platform's certificate object (with its key), built once at Start; null: plain http.
        private object _tlsCertificate;

        // The poll pass in which a board ran a handshake (at most one per pass).
        private long _tlsHandshakePass = -1;

        /// <summary>True while the server serves https and wss (a certificate is configured).</summary>
        public bool IsSecure
        {
            get { return _options.TlsCertificatePem != null; }
        }

        /// <summary>The server's own scheme for the same-origin rule: https over TLS.</summary>
        private int OwnScheme
        {
            get { return _tlsCertificate != null ? OriginPolicy.SchemeHttps : OriginPolicy.SchemeHttp; }
        }

        /// <summary><c>; Secure</c> on the session cookie over TLS (RFC 6265 §4.1.2.5), else empty.</summary>
        private string CookieSecure
        {
            get { return _tlsCertificate != null ? "; Secure" : string.Empty; }
        }

        /// <summary>
        /// At Start: checks the board's TLS budget and loads the certificate and key once. Throws
        /// <see cref="InvalidOperationException"/> when TLS does not fit, <see cref="ArgumentException"/>
        /// when the PEM text is not a certificate and its key.
        /// </summary>
        private void PrepareTls()
        {
            if (_options.TlsCertificatePem == null)
            {
                _tlsCertificate = null;
                return;
            }

            _options.CheckTlsBudget();
            if (_tlsCertificate != null)
            {
                return;
            }

            try
            {
                _tlsCertificate = TlsChannel.LoadServerCertificate(_options.TlsCertificatePem, _options.TlsKeyPem);
            }
            catch (Exception e)
            {
                throw new ArgumentException("TlsCertificatePem and TlsKeyPem must be a PEM certificate and its private key: " + e.Message);
            }
        }

        /// <summary>The TLS channel a just accepted connection gets when the server speaks https/wss, else null.</summary>
        private TlsChannel CreateTls(Socket socket)
        {
            return _tlsCertificate != null ? TlsChannel.CreateServer(socket, _tlsCertificate, this, _options.TlsHandshakeReadTimeoutMs) : null;
        }

        /// <summary>
        /// True when the idle loop must not wait for <paramref name="slot"/>'s socket to become
        /// readable: on .NET the TLS library reads it asynchronously, so its readiness says
        /// nothing (it stays readable until that read runs, and waiting on it would spin); the
        /// read's completion wakes the loop instead (<see cref="WakeFromTls"/>).
        /// </summary>
        private static bool WaitsOnTls(ConnectionSlot slot)
        {
            return slot.Driver.Tls != null && TlsChannel.ReadsAsynchronously;
        }

        /// <summary>A TLS completion (handshake or read) happened: the idle poll loop stops waiting.</summary>
        internal void WakeFromTls()
        {
            Interlocked.Exchange(ref _outputQueued, 1);
        }

        /// <summary>
        /// One round for a slot whose TLS handshake has not completed: moves it on where the
        /// platform needs the poll thread, drops the connection when it failed, and runs the
        /// opening-handshake timeout. Returns true when anything happened.
        /// </summary>
        private bool ServiceTlsHandshake(ConnectionSlot slot, long now)
        {
            TlsChannel tls = slot.Driver.Tls;
            bool progress = false;
            if (_tlsHandshakePass != _pollPasses && tls.AdvanceHandshake())
            {
                _tlsHandshakePass = _pollPasses;
                progress = true;
            }

            int state = tls.HandshakeState;
            if (state == TlsChannel.HandshakeFailedState)
            {
                Fail(slot, tls.HandshakeError);
                return true;
            }

            if (state == TlsChannel.HandshakeDone)
            {
                // The slot is served from the next pass on, as a plain connection is after accept.
                slot.LastActiveMs = now;
                return true;
            }

            Tick(slot, now);
            if (slot.Driver.ShouldRelease)
            {
                Release(slot);
                progress = true;
            }

            return progress;
        }

        /// <summary>
        /// Over TLS a refused socket is closed instead of answered in plaintext; returns true then.
        /// </summary>
        private bool RefuseTls(Socket socket)
        {
            if (_tlsCertificate == null)
            {
                return false;
            }

            SocketIo.CloseQuietly(socket);
            return true;
        }
    }
}
