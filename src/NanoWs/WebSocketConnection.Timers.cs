namespace NanoWs
{
    /// <summary>
    /// Timers driven by the time the transport passes in (no clock inside the core): handshake
    /// timeout, keep-alive ping and pong timeout, close-handshake timeout.
    /// </summary>
    public sealed partial class WebSocketConnection
    {
        private const long NoTime = long.MinValue;

        private long _startedAt;
        private long _lastFrameAt;
        private long _pingSentAt;
        private long _closingSince;

        /// <summary>
        /// Advances the timers to <paramref name="nowMs"/> (any monotonic millisecond clock). May queue
        /// a keep-alive ping. Returns <see cref="WebSocketEvent.TimedOut"/> when the handshake, a
        /// pong or the close handshake took too long; the connection is then closed with 1006 and
        /// <see cref="ShouldCloseTransport"/> becomes true.
        /// </summary>
        public WebSocketEvent Tick(long nowMs)
        {
            if (_startedAt == NoTime)
            {
                _startedAt = nowMs;
            }

            if (((_flags & FlagFrameCompletedSinceTick) != 0) || _lastFrameAt == NoTime)
            {
                _lastFrameAt = nowMs;
                _flags &= ~FlagFrameCompletedSinceTick;
            }

            string timeout = null;
            switch (_state)
            {
                case WebSocketState.Connecting:
                    int handshake = _options.HandshakeTimeoutMs;
                    if (handshake > 0 && nowMs - _startedAt >= handshake)
                    {
                        timeout = "opening handshake timed out";
                    }

                    break;

                case WebSocketState.Open:
                    // Keep-alive: a ping after PingIntervalMs without a frame from the peer, and a
                    // timeout when its pong does not come within PongTimeoutMs.
                    int interval = _options.PingIntervalMs;
                    if (interval <= 0)
                    {
                        break;
                    }

                    if (_pingSentAt != NoTime)
                    {
                        if (nowMs - _pingSentAt >= _options.PongTimeoutMs)
                        {
                            timeout = "no pong to the keep-alive ping";
                        }
                    }
                    else if (nowMs - _lastFrameAt >= interval && TryWriteFrame(Opcode.Ping, true, null, 0, 0))
                    {
                        _pingSentAt = nowMs;
                    }

                    break;

                default:
                    if (((_flags & FlagDropTransport) != 0) && _state == WebSocketState.Closed)
                    {
                        break;
                    }

                    // Closing: waiting for the peer's close frame (RFC 6455 §7.1.1); Closed client:
                    // waiting for the server to drop TCP (§7.1.1 "SHOULD wait").
                    if (_closingSince == NoTime)
                    {
                        _closingSince = nowMs;
                    }

                    if (nowMs - _closingSince >= _options.CloseTimeoutMs)
                    {
                        timeout = "close handshake timed out";
                    }

                    break;
            }

            if (timeout == null)
            {
                return WebSocketEvent.None;
            }

            _errorMessage = timeout;
            TransportClosed();
            return WebSocketEvent.TimedOut;
        }
    }
}
