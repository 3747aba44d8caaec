using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// The live state of a device, shared with every open browser tab: named channels with their
    /// latest values, change detection (deadband, minimum interval), broadcast with coalescing,
    /// a snapshot for each tab that joins, and commands from tabs with acknowledgements.
    /// </summary>
    /// <remarks>
    /// <para>Coalescing: each tab has one dirty mark per channel, not a queue. Publishing a change
    /// sets the channel's mark for every tab. <see cref="Pump"/> sends each tab whose connection can
    /// take more ONE <c>state</c> message holding the newest value of every channel marked for it,
    /// then clears those marks. A slow or hidden tab therefore receives fewer, newer updates, and
    /// the hub's memory never grows with it.</para>
    /// <para>Wire protocol (text frames, JSON): see docs/dashboard.md, "Dashboard protocol".
    /// <c>hello</c> (snapshot, first message to a tab), <c>state</c> (changes; with
    /// <see cref="HubOptions.HeartbeatIntervalMs"/>, an empty one when a tab heard nothing for that
    /// long), <c>set</c> (command from a tab), <c>ack</c> (answer to a command). <c>seq</c> grows by
    /// one for every recorded change.</para>
    /// <para>Threads: every public method takes the hub's lock, so publishing from an application
    /// thread while the server's thread adds tabs and hands over commands is safe. Nothing is
    /// allocated per published value or per message once the hub is built (text values aside).</para>
    /// <para>Time is passed in (<c>nowMs</c>, any monotonic millisecond clock); the hub reads no clock.</para>
    /// </remarks>
    public sealed partial class ChannelHub
    {
        // Byte budget (constructor): the channel table (MaxChannels references), per tab an id, a
        // few flags, times and counters (~48 bytes), MaxChannels dirty bytes and an AckBufferSize ack
        // buffer; MaxChannels ints of scratch for the state being written; one MessageBufferSize
        // output buffer with its writer; a JsonReader with MaxCommandBytes chars of scratch
        // (2 × MaxCommandBytes bytes). Defaults (16 channels, 4 tabs): 3,832 bytes on .NET x64,
        // measured by tests/NanoWs.Tests.Host (HubAllocationTests); channels come on top.
        private readonly object _lock = new object();
        private readonly HubOptions _options;
        private readonly IHubTransport _transport;
        private readonly HubChannel[] _channels;
        private readonly byte[] _out;
        private readonly JsonWriter _writer;
        private readonly JsonReader _reader;
        private readonly HubSetRequest _request;
        private readonly byte[] _tokenUtf8;
        private int _channelCount;
        private long _seq;
        private HubSetHandler _setHandler;
        private string _lastError;
        private long _wrongTokens;

        /// <summary>Creates a hub that talks to its tabs through <paramref name="transport"/>.</summary>
        /// <param name="options">Sizes and policies; defaults when null.</param>
        /// <param name="transport">Sends to tabs; see <see cref="IHubTransport"/>.</param>
        public ChannelHub(HubOptions options, IHubTransport transport)
        {
            if (transport == null)
            {
                throw new ArgumentNullException("transport");
            }

            if (options == null)
            {
                options = new HubOptions();
            }

            options.Validate();
            _options = options;
            _transport = transport;
            _channels = new HubChannel[options.MaxChannels];
            _out = new byte[options.MessageBufferSize];
            _writer = new JsonWriter(_out);
            _reader = new JsonReader(options.MaxCommandBytes, 4);
            _request = new HubSetRequest();
            _tokenUtf8 = options.Token == null ? null : Utf8Bytes(options.Token);
            AllocateTabs(options.MaxTabs, options.MaxChannels, options.AckBufferSize);
            AllocateHistory(options.MaxTabs);
            AllocateHealth(options.MaxTabs);
        }

        /// <summary>The options the hub was built with.</summary>
        public HubOptions Options
        {
            get { return _options; }
        }

        /// <summary>Number of recorded changes so far (the <c>seq</c> of the latest one).</summary>
        public long Seq
        {
            get
            {
                lock (_lock)
                {
                    return _seq;
                }
            }
        }

        /// <summary>Number of channels.</summary>
        public int ChannelCount
        {
            get { return _channelCount; }
        }

        /// <summary>
        /// The last problem the hub met that it could not report to a tab (for example a
        /// <c>hello</c> larger than <see cref="HubOptions.MessageBufferSize"/>), or null.
        /// </summary>
        public string LastError
        {
            get { return _lastError; }
        }

        /// <summary>
        /// Commands refused so far because they carried a token that is not the hub's (a missing
        /// token is not counted). A transport compares it before and after
        /// <see cref="HandleMessage"/> to throttle guessers, e.g. with NanoWs.Net's
        /// <c>WebSocketServer.ReportWrongCredential</c>.
        /// </summary>
        public long WrongTokenCount
        {
            get
            {
                lock (_lock)
                {
                    return _wrongTokens;
                }
            }
        }

        /// <summary>Decides <c>set</c> commands; without one, every <c>set</c> is refused.</summary>
        public HubSetHandler SetHandler
        {
            get { return _setHandler; }
            set { _setHandler = value; }
        }

        /// <summary>The channel at <paramref name="index"/> (0 to <see cref="ChannelCount"/> - 1).</summary>
        /// <param name="index">Position of the channel.</param>
        /// <returns>The channel.</returns>
        public HubChannel GetChannel(int index)
        {
            if (index < 0 || index >= _channelCount)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return _channels[index];
        }

        /// <summary>The channel with id <paramref name="id"/>, or null.</summary>
        /// <param name="id">The channel id.</param>
        /// <returns>The channel, or null.</returns>
        public HubChannel FindChannel(string id)
        {
            for (int i = 0; i < _channelCount; i++)
            {
                if (_channels[i].Id == id)
                {
                    return _channels[i];
                }
            }

            return null;
        }

        /// <summary>Adds a number channel. Channels are added before the first tab joins.</summary>
        /// <param name="id">Unique id (no quotes, backslashes or control characters).</param>
        /// <param name="label">Name shown by the page.</param>
        /// <param name="unit">Unit shown by the page, or null.</param>
        /// <param name="min">Lowest valid value, or NaN.</param>
        /// <param name="max">Highest valid value, or NaN.</param>
        /// <param name="writable">True when tabs may set it.</param>
        /// <returns>The channel, to publish to and to tune (deadband, interval, decimals).</returns>
        public HubChannel AddNumber(string id, string label, string unit, double min, double max, bool writable)
        {
            return Add(id, label, unit, ChannelKind.Number, min, max, writable);
        }

        /// <summary>Adds a bool channel. Channels are added before the first tab joins.</summary>
        /// <param name="id">Unique id.</param>
        /// <param name="label">Name shown by the page.</param>
        /// <param name="writable">True when tabs may set it.</param>
        /// <returns>The channel.</returns>
        public HubChannel AddBool(string id, string label, bool writable)
        {
            return Add(id, label, null, ChannelKind.Bool, double.NaN, double.NaN, writable);
        }

        /// <summary>Adds a text channel. Channels are added before the first tab joins.</summary>
        /// <param name="id">Unique id.</param>
        /// <param name="label">Name shown by the page.</param>
        /// <param name="writable">True when tabs may set it.</param>
        /// <returns>The channel.</returns>
        public HubChannel AddText(string id, string label, bool writable)
        {
            return Add(id, label, null, ChannelKind.Text, double.NaN, double.NaN, writable);
        }

        /// <summary>
        /// Publishes a number. It is recorded (seq + 1, marked for every tab) when the channel has no
        /// value yet, or when it differs from the recorded value by at least the deadband and the
        /// minimum interval has passed; a change that comes too soon is held for <see cref="Pump"/>.
        /// </summary>
        /// <param name="channel">A number channel of this hub.</param>
        /// <param name="value">The new value.</param>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>True when recorded now.</returns>
        public bool Publish(HubChannel channel, double value, long nowMs)
        {
            lock (_lock)
            {
                Check(channel, ChannelKind.Number);
                if (channel.HasValue && !NumberChanged(channel, value))
                {
                    channel.HasHeld = false;
                    return false;
                }

                if (TooSoon(channel, nowMs))
                {
                    channel.HasHeld = true;
                    channel.HeldNumber = value;
                    return false;
                }

                channel.NumberValue = value;
                Record(channel, nowMs);
                return true;
            }
        }

        /// <summary>Publishes a bool; recorded when it changed and the minimum interval has passed (else held).</summary>
        /// <param name="channel">A bool channel of this hub.</param>
        /// <param name="value">The new value.</param>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>True when recorded now.</returns>
        public bool Publish(HubChannel channel, bool value, long nowMs)
        {
            lock (_lock)
            {
                Check(channel, ChannelKind.Bool);
                if (channel.HasValue && channel.BoolValue == value)
                {
                    channel.HasHeld = false;
                    return false;
                }

                if (TooSoon(channel, nowMs))
                {
                    channel.HasHeld = true;
                    channel.HeldBool = value;
                    return false;
                }

                channel.BoolValue = value;
                Record(channel, nowMs);
                return true;
            }
        }

        /// <summary>
        /// Publishes a text value (kept by reference); recorded when it changed and the minimum
        /// interval has passed. A value too large to be sent — a <c>state</c> holding it alone, or
        /// the <c>hello</c> with it, would not fit <see cref="HubOptions.MessageBufferSize"/> — is
        /// refused: false, <see cref="LastError"/> says why, and the channel keeps its value.
        /// </summary>
        /// <param name="channel">A text channel of this hub.</param>
        /// <param name="value">The new value (null is sent as null).</param>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>True when recorded now.</returns>
        public bool Publish(HubChannel channel, string value, long nowMs)
        {
            lock (_lock)
            {
                Check(channel, ChannelKind.Text);
                if (channel.HasValue && channel.TextValue == value)
                {
                    channel.HasHeld = false;
                    return false;
                }

                string error = CheckTextFits(channel, value);
                if (error != null)
                {
                    _lastError = error;
                    return false;
                }

                if (TooSoon(channel, nowMs))
                {
                    channel.HasHeld = true;
                    channel.HeldText = value;
                    return false;
                }

                channel.TextValue = value;
                Record(channel, nowMs);
                return true;
            }
        }

        private HubChannel Add(string id, string label, string unit, ChannelKind kind, double min, double max, bool writable)
        {
            lock (_lock)
            {
                if (_tabCount > 0 || _tabsEverJoined)
                {
                    throw new InvalidOperationException("channels must be added before the first tab joins");
                }

                if (_channelCount == _channels.Length)
                {
                    throw new InvalidOperationException("MaxChannels reached");
                }

                if (FindChannel(id) != null)
                {
                    throw new ArgumentException("a channel with this id exists");
                }

                HubChannel channel = new HubChannel(_channelCount, id, label, unit, kind, min, max, writable);
                channel.History = NewHistoryRing(kind);
                _channels[_channelCount++] = channel;
                return channel;
            }
        }

        private void Check(HubChannel channel, ChannelKind kind)
        {
            if (channel == null || channel.Index >= _channelCount || _channels[channel.Index] != channel)
            {
                throw new ArgumentException("not a channel of this hub");
            }

            if (channel.Kind != kind)
            {
                throw new ArgumentException("the value does not match the channel's kind");
            }
        }

        private static bool NumberChanged(HubChannel channel, double value)
        {
            double last = channel.NumberValue;
            bool lastNaN = double.IsNaN(last);
            bool nowNaN = double.IsNaN(value);
            if (lastNaN || nowNaN)
            {
                return lastNaN != nowNaN;
            }

            double diff = value > last ? value - last : last - value;
            return channel.Deadband > 0 ? diff >= channel.Deadband : value != last;
        }

        private static bool TooSoon(HubChannel channel, long nowMs)
        {
            return channel.HasValue && channel.MinIntervalMs > 0 && nowMs - channel.RecordedAt < channel.MinIntervalMs;
        }

        /// <summary>Records the channel's new value: next seq, dirty for every tab (call under the lock).</summary>
        private void Record(HubChannel channel, long nowMs)
        {
            channel.HasValue = true;
            channel.HasHeld = false;
            channel.HeldText = null;
            channel.RecordedAt = nowMs;
            channel.Seq = ++_seq;
            MarkDirty(channel.Index);
            if (channel.Writable)
            {
                NoteUnsaved(nowMs);
            }
        }

        /// <summary>Records held changes whose minimum interval has passed (call under the lock).</summary>
        private void FlushHeld(long nowMs)
        {
            for (int i = 0; i < _channelCount; i++)
            {
                HubChannel c = _channels[i];
                if (!c.HasHeld || TooSoon(c, nowMs))
                {
                    continue;
                }

                switch (c.Kind)
                {
                    case ChannelKind.Number:
                        c.NumberValue = c.HeldNumber;
                        break;
                    case ChannelKind.Bool:
                        c.BoolValue = c.HeldBool;
                        break;
                    default:
                        c.TextValue = c.HeldText;
                        break;
                }

                Record(c, nowMs);
            }
        }

        /// <summary>
        /// The UTF-8 bytes of <paramref name="s"/> as they are, not JSON-escaped: what
        /// <see cref="JsonReader.ValueEquals"/> compares a decoded string with (HubOptions.Validate
        /// refuses lone surrogates, which have no UTF-8 form).
        /// </summary>
        private static byte[] Utf8Bytes(string s)
        {
            // At most 3 bytes a UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
            JsonWriter w = new JsonWriter(new byte[s.Length * 3]);
            w.WriteUtf8(s);
            byte[] bytes = new byte[w.Length];
            Array.Copy(w.Buffer, 0, bytes, 0, w.Length);
            return bytes;
        }
    }
}
