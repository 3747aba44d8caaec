namespace NanoWs.Hub
{
    /// <summary>
    /// What a <see cref="ChannelHub"/> needs from the connections its tabs use: how much one tab can
    /// take now, and queuing one whole text message to it. Implemented over
    /// <c>NanoWs.Net.WebSocketServer</c> by <c>HubServer</c> (package NanoWs.Hub.Server); tests
    /// implement it in memory. Called under the hub's lock; must not block.
    /// </summary>
    public interface IHubTransport
    {
        /// <summary>
        /// The largest text message, in UTF-8 bytes, that the tab's connection can queue right now
        /// without waiting for the network; 0 when none (or when the tab is gone). The hub writes
        /// nothing larger, so a slow tab costs no work until its socket drains.
        /// </summary>
        /// <param name="tabId">The id the tab was added with (<see cref="ChannelHub.AddTab"/>).</param>
        /// <returns>Bytes available for one message.</returns>
        int GetRoom(int tabId);

        /// <summary>
        /// Queues one whole text message (valid UTF-8 JSON) for the tab. The bytes are copied before
        /// the call returns. Returns false, queuing nothing, when it does not fit now or the tab is
        /// gone; the hub then keeps what it wanted to say and tries again on a later
        /// <see cref="ChannelHub.Pump"/>.
        /// </summary>
        /// <param name="tabId">The tab.</param>
        /// <param name="buffer">The message.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        /// <returns>True when queued.</returns>
        bool SendText(int tabId, byte[] buffer, int offset, int count);
    }

    /// <summary>
    /// Decides a <c>set</c> command for a writable channel. Runs under the hub's lock on the thread
    /// that called <see cref="ChannelHub.HandleMessage"/>; it may call <c>Publish</c> but must not block.
    /// </summary>
    /// <param name="hub">The hub.</param>
    /// <param name="request">The command, already checked for kind, range and token; reused, valid during the call.</param>
    /// <returns>
    /// Null to accept: the hub then records the requested value (every tab sees it) and acknowledges
    /// with <c>"ok":true</c>. Otherwise the error message sent back with <c>"ok":false</c>.
    /// </returns>
    public delegate string HubSetHandler(ChannelHub hub, HubSetRequest request);

    /// <summary>A checked <c>set</c> command handed to a <see cref="HubSetHandler"/>.</summary>
    public sealed class HubSetRequest
    {
        // Byte budget: ~40 bytes; one instance per hub, reused for every command.
        internal HubSetRequest()
        {
        }

        /// <summary>The tab that sent the command.</summary>
        public int TabId { get; internal set; }

        /// <summary>The writable channel to set.</summary>
        public HubChannel Channel { get; internal set; }

        /// <summary>
        /// The requested value of a number channel (within its range). The handler may change it to
        /// the value it actually applied (e.g. rounded); that is what the hub records.
        /// </summary>
        public double Number { get; set; }

        /// <summary>The requested value of a bool channel (the handler may change it, as <see cref="Number"/>).</summary>
        public bool Bool { get; set; }

        /// <summary>The requested value of a text channel (the handler may change it, as <see cref="Number"/>).</summary>
        public string Text { get; set; }
    }
}
