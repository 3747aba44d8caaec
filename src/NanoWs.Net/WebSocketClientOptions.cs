using System;

namespace NanoWs.Net
{
    /// <summary>
    /// Settings of a <see cref="WebSocketClient"/>: the connection's buffers and timers, the
    /// handshake's optional headers, and reconnection with exponential backoff and jitter.
    /// </summary>
    public sealed class WebSocketClientOptions
    {
        /// <summary>
        /// Options of the connection: buffer sizes, message limits, subprotocols offered, and the
        /// handshake, keep-alive, pong and close timers. A default instance when null.
        /// </summary>
        public WebSocketOptions Connection;

        /// <summary>Value of the <c>Origin</c> header, or null to send none.</summary>
        public string Origin;

        /// <summary>
        /// Extra handshake header lines, each ending in CRLF (for example
        /// <c>"Authorization: Bearer x\r\n"</c> or a cookie), or null.
        /// </summary>
        public string ExtraHeaders;

        /// <summary>
        /// When true, a connection that ends (or an attempt that fails) is followed by a new attempt
        /// after a backoff delay, until <see cref="WebSocketClient.Close(int, string)"/> is called or
        /// <see cref="MaxReconnectAttempts"/> attempts in a row have failed. Default false.
        /// </summary>
        public bool Reconnect;

        /// <summary>
        /// Most reconnection attempts in a row that may fail before the client gives up; 0 (default)
        /// for no limit. The first connection attempt is not counted, and a connection that opens
        /// starts the count again. After the last failed attempt the client raises
        /// <see cref="WebSocketClient.Error"/> (reconnection gave up), then its last
        /// <see cref="WebSocketClient.Closed"/>, and its thread ends in
        /// <see cref="WebSocketState.Closed"/>: against a server that never answers the client
        /// raises Closed 1 + MaxReconnectAttempts times.
        /// </summary>
        public int MaxReconnectAttempts;

        /// <summary>Delay before the first reconnection attempt, in ms. Default 1000.</summary>
        public int ReconnectMinDelayMs = 1000;

        /// <summary>Longest delay between attempts, in ms; the delay doubles per failed attempt up to it. Default 30000.</summary>
        public int ReconnectMaxDelayMs = 30000;

        /// <summary>
        /// Longest time one connection attempt may take to resolve the host name, complete the
        /// TCP handshake and, for <c>wss://</c>, the TLS handshake, in ms; then the attempt is abandoned (its socket closed), reported as an
        /// <see cref="WebSocketClient.Error"/> ("connect timed out after N ms") and a
        /// <see cref="WebSocketClient.Closed"/> with 1006, and counts as a failed attempt for
        /// reconnection. The opening handshake that follows has its own timeout
        /// (<see cref="WebSocketOptions"/>). Measured by the system's timer, not by
        /// <see cref="Clock"/>. Default 10000.
        /// </summary>
        public int ConnectTimeoutMs = 10000;

        /// <summary>
        /// Longest time the client's thread waits on its socket when nothing happened, in ms; bytes
        /// queued by other threads are noticed within this time. Default 5.
        /// </summary>
        public int PollIntervalMs = 5;

        /// <summary>
        /// Time the client may keep bytes waiting while its socket accepts none, in ms; then the
        /// connection is dropped. 0 disables. Default 10000.
        /// </summary>
        public int SendStallTimeoutMs = 10000;

        /// <summary>
        /// For <c>wss://</c>: the CA certificate(s), PEM text, that the server's certificate chain
        /// must end in. When null (and no <see cref="PinnedCertificatePem"/>), the system's trust
        /// store decides on .NET, and the device's certificate store on a board. The host name of
        /// the URL is always checked against the certificate, and so are its validity dates.
        /// </summary>
        public string TrustedCaPem;

        /// <summary>
        /// For <c>wss://</c>: the server's own certificate, PEM text; when set, the server must
        /// present exactly this certificate (and it must name the URL's host and be within its
        /// validity dates). On a board it is mbedTLS's trust anchor, so it must be self-signed
        /// there. Exclusive with <see cref="TrustedCaPem"/>.
        /// </summary>
        public string PinnedCertificatePem;

        /// <summary>For <c>wss://</c>: a client certificate to present, PEM text, or null. Needs <see cref="ClientKeyPem"/>.</summary>
        public string ClientCertificatePem;

        /// <summary>The unencrypted private key (PEM) of <see cref="ClientCertificatePem"/>.</summary>
        public string ClientKeyPem;

        /// <summary>
        /// For <c>wss://</c> on a board: longest time one TLS read waits for the rest of a record
        /// that has started to arrive, in ms; then the client's thread goes on with its timers and
        /// sends and reads the rest later. (On .NET reads are asynchronous and never wait.) Default 100.
        /// </summary>
        public int TlsRecordTimeoutMs = 100;

        /// <summary>
        /// Millisecond clock for the timers, used as given. When null, a monotonic clock
        /// (<see cref="MonotonicClock.CreateDefault"/>): a board's wall clock, stepped by SNTP once
        /// the network is up, must neither expire every timer at once nor freeze them.
        /// </summary>
        public MillisecondClock Clock;

        /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
        public void Validate()
        {
            if (ReconnectMinDelayMs < 1 || ReconnectMaxDelayMs < ReconnectMinDelayMs)
            {
                throw new ArgumentException("ReconnectMinDelayMs must be positive and at most ReconnectMaxDelayMs");
            }

            if (PollIntervalMs < 1 || PollIntervalMs > 1000)
            {
                throw new ArgumentException("PollIntervalMs must be 1 to 1000");
            }

            if (ConnectTimeoutMs < 1)
            {
                throw new ArgumentException("ConnectTimeoutMs must be positive");
            }

            if (SendStallTimeoutMs < 0)
            {
                throw new ArgumentException("SendStallTimeoutMs must not be negative");
            }

            if (TlsRecordTimeoutMs < 1)
            {
                throw new ArgumentException("TlsRecordTimeoutMs must be positive");
            }

            if (TrustedCaPem != null && PinnedCertificatePem != null)
            {
                throw new ArgumentException("set TrustedCaPem or PinnedCertificatePem, not both");
            }

            if ((ClientCertificatePem == null) != (ClientKeyPem == null))
            {
                throw new ArgumentException("ClientCertificatePem and ClientKeyPem go together");
            }

            if (MaxReconnectAttempts < 0)
            {
                throw new ArgumentException("MaxReconnectAttempts must not be negative");
            }

            if (Origin != null)
            {
                WebSocketServerOptions.CheckHeaderText(Origin);
            }

            if (Connection != null)
            {
                Connection.Validate();
            }
        }

        /// <summary>
        /// The delay before reconnection attempt <paramref name="failures"/> (0 for the first):
        /// <see cref="ReconnectMinDelayMs"/> doubled per failure up to <see cref="ReconnectMaxDelayMs"/>,
        /// then "equal jitter": half of it fixed, half random, so clients that lost the same server
        /// do not come back in step.
        /// </summary>
        public int ReconnectDelay(int failures, Random random)
        {
            long delay = ReconnectMinDelayMs;
            for (int i = 0; i < failures && delay < ReconnectMaxDelayMs; i++)
            {
                delay *= 2;
            }

            if (delay > ReconnectMaxDelayMs)
            {
                delay = ReconnectMaxDelayMs;
            }

            int half = (int)(delay / 2);
            return half + random.Next(half + 1);
        }
    }
}
