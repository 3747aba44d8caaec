using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Settings of a <see cref="ChannelHub"/>. Every buffer the hub uses is sized from these values
    /// and allocated once, in its constructor.
    /// </summary>
    public sealed class HubOptions
    {
        /// <summary>Device name sent in the <c>hello</c> message. Default "nanows".</summary>
        public string DeviceName = "nanows";

        /// <summary>
        /// Title the dashboard page shows (heading and browser tab), sent in the <c>hello</c> as
        /// <c>"title"</c>. Default null: the page shows <see cref="DeviceName"/> and the hello has
        /// no <c>"title"</c>.
        /// </summary>
        public string Title;

        /// <summary>
        /// Accent colour of the dashboard page (charts, sliders, links) as <c>#rgb</c> or
        /// <c>#rrggbb</c>, sent in the <c>hello</c> as <c>"accent"</c>. Default null: the page's own
        /// blue, and no <c>"accent"</c> in the hello.
        /// </summary>
        public string Accent;

        /// <summary>Most channels the hub holds. Default 16.</summary>
        public int MaxChannels = 16;

        /// <summary>Most tabs (open connections) followed at once. Default 4, one per server connection slot.</summary>
        public int MaxTabs = 4;

        /// <summary>
        /// Size of the one buffer every outgoing <c>hello</c> and <c>state</c> message is written into,
        /// in bytes: the <c>hello</c> with every channel's description and value must fit, and should
        /// also fit the connection's largest frame. Default 1000 (a board's 1024-byte send buffer less
        /// the frame header).
        /// </summary>
        public int MessageBufferSize = 1000;

        /// <summary>Longest command accepted from a tab, in bytes; longer ones get an error ack. Default 256.</summary>
        public int MaxCommandBytes = 256;

        /// <summary>
        /// Bytes kept per tab for an acknowledgement waiting for room. Error messages longer than
        /// what fits are cut. Default 160.
        /// </summary>
        public int AckBufferSize = 160;

        /// <summary>Least time between two <c>state</c> messages to one tab, in ms; changes in between are coalesced. Default 0.</summary>
        public int StateIntervalMs;

        /// <summary>
        /// Longest time a tab goes without a message, in ms, so that it can tell a quiet device from
        /// a dead connection: when nothing else was sent to it for this long, the hub sends what is
        /// dirty (even within <see cref="StateIntervalMs"/>) or, with nothing dirty, an empty
        /// <c>{"t":"state","seq":N,"v":{}}</c> (N: the seq the tab has seen). The <c>hello</c>
        /// announces it as <c>"heartbeat":N</c>, so a page can treat a connection silent for a few
        /// intervals as stale. Needs <see cref="ChannelHub.Pump"/> called more often than this.
        /// Default 0: no heartbeat (and no <c>"heartbeat"</c> in the hello).
        /// </summary>
        public int HeartbeatIntervalMs;

        /// <summary>
        /// When not null, every <c>set</c> command must carry <c>"token"</c> with exactly this value
        /// (compared after the command's JSON escapes are decoded, so quotes, backslashes and control
        /// characters work); otherwise it is refused with an error ack. A token with a lone UTF-16
        /// surrogate could never be sent in valid UTF-8 and is refused by <see cref="Validate"/>.
        /// Default null (no token).
        /// </summary>
        public string Token;

        /// <summary>
        /// History samples kept per numeric channel (4 bytes each, allocated when the channel is
        /// added); a joining tab gets them after its <c>hello</c> as <c>hist</c> messages. 360 with
        /// the default resolution is the last hour in 1,440 bytes a channel. Default 0: no history.
        /// </summary>
        public int HistoryPoints;

        /// <summary>Time between two history samples, in ms (at least 100). Default 10,000.</summary>
        public int HistoryResolutionMs = 10000;

        /// <summary>
        /// How long the writable channels must be still before <see cref="ChannelHub.IsSaveDue"/>
        /// asks for the saved state to be written (at the latest ten times this after the first
        /// unsaved change), in ms. Default 5,000: a slider drag is one write, not one per value.
        /// </summary>
        public int SaveDelayMs = 5000;

        /// <summary>
        /// How often the device's health (uptime, heap, address, version, Wi-Fi signal and the
        /// recent events) is read through <see cref="ChannelHub.HealthReader"/> and sent to every
        /// tab as a <c>health</c> message, in ms; every tab also gets one after its <c>hello</c> and
        /// soon after a new event (at most one a second). Driven by <see cref="ChannelHub.Pump"/>.
        /// Default 0: no health messages and no event ring.
        /// </summary>
        public int HealthIntervalMs;

        /// <summary>
        /// Entries of the ring of notable events (<see cref="ChannelHub.NoteEvent"/>) sent in the
        /// <c>health</c> message, newest first; allocated once with the hub when
        /// <see cref="HealthIntervalMs"/> is above 0 (20 bytes an entry on nanoFramework). Default 8.
        /// </summary>
        public int EventCapacity = 8;

        /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
        public void Validate()
        {
            if (DeviceName == null)
            {
                throw new ArgumentException("DeviceName must not be null");
            }

            if (Accent != null && !IsColour(Accent))
            {
                throw new ArgumentException("Accent must be #rgb or #rrggbb");
            }

            if (MaxChannels < 1 || MaxChannels > 1024)
            {
                throw new ArgumentException("MaxChannels must be 1 to 1024");
            }

            if (MaxTabs < 1 || MaxTabs > 1024)
            {
                throw new ArgumentException("MaxTabs must be 1 to 1024");
            }

            if (MessageBufferSize < 64)
            {
                throw new ArgumentException("MessageBufferSize must be at least 64");
            }

            if (MaxCommandBytes < 16)
            {
                throw new ArgumentException("MaxCommandBytes must be at least 16");
            }

            if (AckBufferSize < 80)
            {
                throw new ArgumentException("AckBufferSize must be at least 80");
            }

            if (StateIntervalMs < 0)
            {
                throw new ArgumentException("StateIntervalMs must not be negative");
            }

            if (HeartbeatIntervalMs < 0)
            {
                throw new ArgumentException("HeartbeatIntervalMs must not be negative");
            }

            if (HistoryPoints < 0 || HistoryPoints > 100000)
            {
                throw new ArgumentException("HistoryPoints must be 0 to 100000");
            }

            if (HistoryResolutionMs < 100)
            {
                throw new ArgumentException("HistoryResolutionMs must be at least 100");
            }

            if (SaveDelayMs < 0 || SaveDelayMs > 3600000)
            {
                throw new ArgumentException("SaveDelayMs must be 0 to 3600000");
            }

            if (HealthIntervalMs < 0 || (HealthIntervalMs > 0 && HealthIntervalMs < 1000))
            {
                throw new ArgumentException("HealthIntervalMs must be 0 or at least 1000");
            }

            if (EventCapacity < 0 || EventCapacity > 64)
            {
                throw new ArgumentException("EventCapacity must be 0 to 64");
            }

            if (Token != null && HasLoneSurrogate(Token))
            {
                throw new ArgumentException("Token must not hold a lone surrogate");
            }
        }

        private static bool IsColour(string s)
        {
            char[] chars = s.ToCharArray();
            if ((chars.Length != 4 && chars.Length != 7) || chars[0] != '#')
            {
                return false;
            }

            for (int i = 1; i < chars.Length; i++)
            {
                char c = chars[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasLoneSurrogate(string s)
        {
            // ToCharArray, not the indexer: nanoFramework's indexer splits surrogate pairs wrongly
            // and rescans the string on every call. (nanoCLR itself stores a lone surrogate as
            // U+FFFD, so there this check never fires.)
            char[] chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars.Length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                {
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
