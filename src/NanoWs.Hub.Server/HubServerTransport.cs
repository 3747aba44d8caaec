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
            if (!_hub.AddTab(connectionId))
            {
                // RFC 6455 §7.4.1 leaves 1013 (try again later) to servers that are overloaded.
                server.Close(connectionId, 1013, "too many tabs");
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
    }
}
