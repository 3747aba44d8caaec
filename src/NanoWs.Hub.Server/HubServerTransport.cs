using NanoWs.Net;

namespace NanoWs.Hub
{
    /// <summary>
    /// The glue of <see cref="HubServer"/>: connects a <see cref="ChannelHub"/> to a <see cref="WebSocketServer"/>: every opened
    /// connection becomes a tab (one too many is closed with 1013, try again later), every whole
    /// text message is a command (what it changed goes out to every tab at once), a closed
    /// connection leaves the hub, and the hub's messages go out with <see cref="WebSocketServer.Send"/>.
    /// Wrong command tokens are reported to the server, which throttles the address and closes a
    /// connection that keeps guessing with 1008. The room a tab has is its send buffer's free
    /// space, so a tab whose socket does not drain simply gets no new message until it does.
    /// Tabs opened, tabs and connections refused and the server's errors are noted in the hub's
    /// event ring (<see cref="ChannelHub.NoteEvent"/>), which the <c>health</c> message shows.
    /// </summary>
    internal sealed class HubServerTransport : IHubTransport
    {
        // Byte budget: three references; the hub and the server own every buffer.
        private readonly WebSocketServer _server;
        private readonly MillisecondClock _clock;
        private ChannelHub _hub;

        /// <summary>Creates the transport for <paramref name="server"/> (not started yet).</summary>
        /// <param name="server">The server.</param>
        /// <param name="clock">Millisecond clock passed to the hub.</param>
        public HubServerTransport(WebSocketServer server, MillisecondClock clock)
        {
            _server = server;
            _clock = clock;
        }

        /// <summary>Hooks the server's events to <paramref name="hub"/> (a hub built with this transport).</summary>
        /// <param name="hub">The hub.</param>
        public void Attach(ChannelHub hub)
        {
            _hub = hub;
            _server.Opened += OnOpened;
            _server.MessageReceived += OnMessage;
            _server.Closed += OnClosed;
            _server.Error += OnError;
        }

        /// <summary>
        /// What a server error line means for the device's event ring: the kind and its code
        /// (HTTP status or close code, else 0). Reads the fixed start of the server's messages
        /// (WebSocketServer's Error event); anything else is an <see cref="HubEvent.Error"/>.
        /// </summary>
        /// <param name="message">The server's error message.</param>
        /// <param name="code">The status or close code that goes with it, or 0.</param>
        /// <returns>The event kind.</returns>
        internal static HubEvent Classify(string message, out int code)
        {
            code = 0;
            if (message.StartsWith("upgrade refused with "))
            {
                code = StatusAt(message, 21);
                // The server's line says why; the application's Authorize (or no reason) is another refusal.
                if (message.EndsWith(WebSocketServer.OriginRefusedReason))
                {
                    return HubEvent.OtherSite;
                }

                if (message.EndsWith(WebSocketServer.LoginRequiredReason))
                {
                    return HubEvent.NotLoggedIn;
                }

                return message.EndsWith(WebSocketServer.WrongPasswordReason) || message.EndsWith(WebSocketServer.BackingOffReason)
                    ? HubEvent.WrongPassword : HubEvent.Refused;
            }

            if (message.StartsWith("login refused:"))
            {
                return HubEvent.WrongPassword;
            }

            if (message.StartsWith("refused with 503") || message.StartsWith("opening handshake evicted with 503"))
            {
                code = 503;
                return HubEvent.Busy;
            }

            if (message.StartsWith("evicted with 1013"))
            {
                code = 1013;
                return HubEvent.Busy;
            }

            if (message.StartsWith("closing with 1008"))
            {
                code = 1008;
                return HubEvent.WrongToken;
            }

            return HubEvent.Error;
        }

        /// <summary>The three-digit status at <paramref name="index"/>, or 0.</summary>
        private static int StatusAt(string message, int index)
        {
            if (message.Length < index + 3)
            {
                return 0;
            }

            // ToCharArray, not the indexer: nanoFramework's indexer rescans the string on every call.
            char[] chars = message.ToCharArray();
            int status = 0;
            for (int i = index; i < index + 3; i++)
            {
                if (chars[i] < '0' || chars[i] > '9')
                {
                    return 0;
                }

                status = (status * 10) + (chars[i] - '0');
            }

            return status;
        }

        /// <inheritdoc />
        public int GetRoom(int tabId)
        {
            // WebSocketServer.Send takes a frame when the payload fits its send buffer's free space
            // less the largest frame header: MaxFramePayload minus what is still queued.
            int room = _server.MaxFramePayload - _server.GetBufferedAmount(tabId);
            return room > 0 && _server.IsConnectionOpen(tabId) ? room : 0;
        }

        /// <inheritdoc />
        public bool SendText(int tabId, byte[] buffer, int offset, int count)
        {
            return _server.Send(tabId, WebSocketMessageType.Text, buffer, offset, count);
        }

        private void OnOpened(WebSocketServer server, int connectionId)
        {
            // Noted before the tab joins, so the health after its hello already lists its connection
            // (another thread may pump between the two calls).
            _hub.NoteEvent(HubEvent.TabOpened, 0, null, _clock());
            if (!_hub.AddTab(connectionId))
            {
                // RFC 6455 §7.4.1 leaves 1013 (try again later) to servers that are overloaded.
                server.Close(connectionId, 1013, "too many tabs");
                _hub.NoteEvent(HubEvent.TabRefused, 1013, null, _clock());
                return;
            }

            _hub.Pump(_clock());
        }

        private void OnMessage(WebSocketServer server, WebSocketMessageEventArgs message)
        {
            if (message.MessageType != WebSocketMessageType.Text || !message.IsFirst || !message.IsFinal)
            {
                // Commands are whole text messages (the connection reassembles them); anything else is ignored.
                return;
            }

            int id = message.ConnectionId;
            if (!server.IsAuthenticated(id))
            {
                // A tab opened without a login (the owner let viewing open): it may not command.
                return;
            }

            bool tokenRequired = _hub.Options.Token != null;
            if (tokenRequired && server.IsThrottled(id))
            {
                // Its address is backing off after wrong tokens: nothing it sends is checked now.
                server.ReportWrongCredential(id);
                return;
            }

            long wrongBefore = tokenRequired ? _hub.WrongTokenCount : 0;
            if (!_hub.HandleMessage(id, message.Buffer, message.Offset, message.Count, _clock()))
            {
                // The tab's previous ack is still waiting for room: read this command again later.
                message.Defer(0);
                return;
            }

            if (tokenRequired && _hub.WrongTokenCount != wrongBefore)
            {
                // A wrong token: throttled per address, and the third on one connection closes it with 1008.
                server.ReportWrongCredential(id);
                return;
            }

            // An accepted set changed a value: every other tab with room hears it now.
            _hub.Pump(_clock());
        }

        private void OnClosed(WebSocketServer server, int connectionId, int code, string reason, bool wasClean)
        {
            _hub.RemoveTab(connectionId);
        }

        private void OnError(WebSocketServer server, int connectionId, string message)
        {
            // Refusals, evictions and errors go into the device's event ring (when health is on).
            int code;
            HubEvent kind = Classify(message, out code);
            _hub.NoteEvent(kind, code, kind == HubEvent.Error ? message : null, _clock());
        }
    }
}
