namespace NanoWs.Net
{
    /// <summary>
    /// Guessing: wrong passwords and tokens are throttled per peer address with exponential
    /// backoff, and a WebSocket that keeps sending wrong credentials is closed with 1008. The app
    /// (or the hub's bridge) reports what it checked; the server's own login does the same.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        /// <summary>Reason of the 1008 close frame sent to a connection that keeps guessing.</summary>
        internal const string WrongCredentialsReason = "too many wrong credentials";

        // Allocated in Start: MaxThrottledPeers entries (see CredentialThrottle's byte budget).
        private CredentialThrottle _throttle;

        /// <summary>
        /// Records that connection <paramref name="connectionId"/> presented a wrong secret (a
        /// command token, a password). Its address is throttled (see
        /// <see cref="WebSocketServerOptions.MaxWrongCredentials"/> and
        /// <see cref="WebSocketServerOptions.CredentialBackoffMs"/>), and the connection is closed
        /// with 1008 (policy violation, RFC 6455 §7.4.1) once it has sent
        /// <see cref="WebSocketServerOptions.MaxWrongCredentials"/> wrong ones, or at once when its
        /// address was already backing off. Returns true when the connection is being closed.
        /// </summary>
        public bool ReportWrongCredential(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            long peer;
            int wrong;
            lock (slot.Sync)
            {
                if (slot.Id != connectionId || !slot.InUse)
                {
                    return false;
                }

                peer = slot.PeerKey;
                wrong = ++slot.WrongCredentials;
            }

            long now = _clock();
            bool wasBlocked = _throttle.RetryAfterMs(peer, now) > 0;
            _throttle.Failed(peer, now);
            if (wrong < _options.MaxWrongCredentials && !wasBlocked)
            {
                return false;
            }

            RaiseError(connectionId, "closing with 1008: " + WrongCredentialsReason);
            return Close(connectionId, CloseStatus.PolicyViolation, WrongCredentialsReason);
        }

        /// <summary>Records that the connection presented the right secret: its address's failures are forgotten.</summary>
        public void ReportGoodCredential(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return;
            }

            long peer;
            lock (slot.Sync)
            {
                if (slot.Id != connectionId || !slot.InUse)
                {
                    return;
                }

                peer = slot.PeerKey;
                slot.WrongCredentials = 0;
            }

            _throttle.Succeeded(peer);
        }

        /// <summary>
        /// True while the address of <paramref name="connectionId"/> is backing off after wrong
        /// credentials: check nothing it sends now (a secret it sends is not even compared).
        /// </summary>
        public bool IsThrottled(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return false;
            }

            long peer;
            lock (slot.Sync)
            {
                if (slot.Id != connectionId || !slot.InUse)
                {
                    return false;
                }

                peer = slot.PeerKey;
            }

            return _throttle.RetryAfterMs(peer, _clock()) > 0;
        }
    }
}
