using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Tabs and the coalescing broadcast: per tab a dirty mark per channel, a pending <c>hello</c>
    /// and at most one pending <c>ack</c>; <see cref="Pump"/> turns them into messages when the tab's
    /// connection has room.
    /// </summary>
    public sealed partial class ChannelHub
    {
        // Per tab slot: the id (0 = free), whether the hello is still due, MaxChannels dirty marks
        // (flat, slot × MaxChannels + channel) and their count, when the last state went out, one
        // ack buffer and its length, when anything last went out (for the heartbeat), and counters
        // for tests and diagnostics. Shared: the indexes of
        // the channels the state being written holds (MaxChannels ints).
        private int[] _tabIds;
        private bool[] _needHello;
        private bool[] _dirty;
        private int[] _dirtyCount;
        private long[] _lastStateAt;
        private long[] _lastSentAt;
        private byte[][] _ack;
        private int[] _ackLength;
        private int[] _stateSent;
        private int[] _inMessage;
        private int _tabCount;
        private bool _tabsEverJoined;

        /// <summary>Number of tabs followed now.</summary>
        public int TabCount
        {
            get
            {
                lock (_lock)
                {
                    return _tabCount;
                }
            }
        }

        /// <summary>
        /// Starts following a tab (an open connection): it gets the <c>hello</c> snapshot on the next
        /// <see cref="Pump"/>, then <c>state</c> messages. Returns false when all
        /// <see cref="HubOptions.MaxTabs"/> slots are taken (close the connection, e.g. with 1013).
        /// </summary>
        /// <param name="tabId">A positive id the transport understands (the connection id), unique among open tabs.</param>
        /// <returns>True when the tab was added (or was already there).</returns>
        public bool AddTab(int tabId)
        {
            if (tabId <= 0)
            {
                throw new ArgumentOutOfRangeException("tabId");
            }

            lock (_lock)
            {
                _tabsEverJoined = true;
                if (SlotOf(tabId) >= 0)
                {
                    return true;
                }

                for (int slot = 0; slot < _tabIds.Length; slot++)
                {
                    if (_tabIds[slot] == 0)
                    {
                        _tabIds[slot] = tabId;
                        _needHello[slot] = true;
                        ClearDirty(slot);
                        _lastStateAt[slot] = long.MinValue / 4;
                        _ackLength[slot] = 0;
                        _stateSent[slot] = 0;
                        _tabCount++;
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Stops following a tab (its connection closed). Unknown ids are ignored.</summary>
        /// <param name="tabId">The tab.</param>
        public void RemoveTab(int tabId)
        {
            lock (_lock)
            {
                int slot = SlotOf(tabId);
                if (slot >= 0)
                {
                    _tabIds[slot] = 0;
                    _ackLength[slot] = 0;
                    ClearDirty(slot);
                    _tabCount--;
                }
            }
        }

        /// <summary>Channels marked dirty for the tab (changed since its last message), or -1 for an unknown tab.</summary>
        /// <param name="tabId">The tab.</param>
        /// <returns>The count, at most <see cref="ChannelCount"/>: the hub never holds more per tab.</returns>
        internal int GetDirtyCount(int tabId)
        {
            lock (_lock)
            {
                int slot = SlotOf(tabId);
                return slot < 0 ? -1 : _dirtyCount[slot];
            }
        }

        /// <summary>Number of <c>state</c> messages sent to the tab so far, or -1 for an unknown tab.</summary>
        /// <param name="tabId">The tab.</param>
        /// <returns>The count.</returns>
        internal int GetStateMessageCount(int tabId)
        {
            lock (_lock)
            {
                int slot = SlotOf(tabId);
                return slot < 0 ? -1 : _stateSent[slot];
            }
        }

        /// <summary>True while the tab still waits for its <c>hello</c>; false once sent or for an unknown tab.</summary>
        /// <param name="tabId">The tab.</param>
        /// <returns>Whether the hello is due.</returns>
        internal bool IsHelloPending(int tabId)
        {
            lock (_lock)
            {
                int slot = SlotOf(tabId);
                return slot >= 0 && _needHello[slot];
            }
        }

        /// <summary>
        /// Writes the <c>hello</c> a tab joining now would get into the message buffer and returns its
        /// length in bytes, or -1 when it does not fit <see cref="HubOptions.MessageBufferSize"/>
        /// (<see cref="LastError"/> then says so, and no tab could ever get its snapshot). For start-up
        /// diagnostics: call it once the channels are added and their first values published, and
        /// print the figure next to the connection's send buffer size.
        /// </summary>
        /// <returns>The hello's size in bytes, or -1.</returns>
        public int MeasureHello()
        {
            lock (_lock)
            {
                WriteHello(_writer, _seq);
                if (_writer.Overflowed)
                {
                    _lastError = "hello larger than MessageBufferSize";
                    return -1;
                }

                return _writer.Length;
            }
        }

        /// <summary>
        /// Records held changes whose minimum interval has passed, then, for every tab whose
        /// connection has room: the <c>hello</c> when due, a pending <c>ack</c>, and one <c>state</c>
        /// message with the newest value of every channel marked for it. Call it often (every few
        /// tens of ms, and after publishing a batch): a tab that could not take a message gets it,
        /// up to date, on a later call.
        /// </summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>Number of messages sent.</returns>
        public int Pump(long nowMs)
        {
            lock (_lock)
            {
                FlushHeld(nowMs);
                SampleHistory(nowMs);
                RefreshHealth(nowMs);
                int sent = 0;
                for (int slot = 0; slot < _tabIds.Length; slot++)
                {
                    if (_tabIds[slot] != 0)
                    {
                        sent += PumpTab(slot, nowMs);
                    }
                }

                return sent;
            }
        }

        private int PumpTab(int slot, long nowMs)
        {
            int tabId = _tabIds[slot];
            int sent = 0;
            if (_needHello[slot])
            {
                if (!SendHello(slot, tabId))
                {
                    return 0;
                }

                _lastSentAt[slot] = nowMs;
                StartHistory(slot);
                StartHealth(slot);
                sent++;
            }

            if (_ackLength[slot] > 0)
            {
                if (!FlushAck(slot, nowMs))
                {
                    return sent;
                }

                sent++;
            }

            if (_historyChannel[slot] >= 0 && !SendHistory(slot, tabId, nowMs, ref sent))
            {
                return sent;
            }

            // Health when due; a tab whose room it does not fit still gets its state.
            SendHealthIfDue(slot, tabId, nowMs, ref sent);

            // The heartbeat: a tab never goes HeartbeatIntervalMs without a message while its
            // connection has room. What is dirty goes then even within StateIntervalMs; with nothing
            // dirty, an empty state carries the seq the tab has already seen.
            int heartbeat = _options.HeartbeatIntervalMs;
            bool heartbeatDue = heartbeat > 0 && nowMs - _lastSentAt[slot] >= heartbeat;
            if (_dirtyCount[slot] > 0)
            {
                if (heartbeatDue || _options.StateIntervalMs == 0 || nowMs - _lastStateAt[slot] >= _options.StateIntervalMs)
                {
                    if (SendState(slot, tabId))
                    {
                        _lastStateAt[slot] = nowMs;
                        _lastSentAt[slot] = nowMs;
                        sent++;
                    }
                }
            }
            else if (heartbeatDue && SendHeartbeat(slot, tabId))
            {
                _lastSentAt[slot] = nowMs;
                sent++;
            }

            return sent;
        }

        /// <summary>{"t":"state","seq":N,"v":{}}: nothing changed, the device is alive.</summary>
        private bool SendHeartbeat(int slot, int tabId)
        {
            JsonWriter w = _writer;
            WriteStateHead(w, _seq);
            w.EndObject();
            w.EndObject();
            if (_transport.GetRoom(tabId) < w.Length || !_transport.SendText(tabId, _out, 0, w.Length))
            {
                return false;
            }

            _stateSent[slot]++;
            return true;
        }

        /// <summary>{"t":"hello","device":…,["title":…,"accent":…,]"seq":N,"channels":[…]}; clears the tab's dirty marks.</summary>
        private bool SendHello(int slot, int tabId)
        {
            JsonWriter w = _writer;
            WriteHello(w, _seq);
            if (w.Overflowed)
            {
                _lastError = "hello larger than MessageBufferSize";
                return false;
            }

            if (_transport.GetRoom(tabId) < w.Length || !_transport.SendText(tabId, _out, 0, w.Length))
            {
                return false;
            }

            _needHello[slot] = false;
            ClearDirty(slot);
            return true;
        }

        /// <summary>Writes the hello into the message buffer (check <see cref="JsonWriter.Overflowed"/>).</summary>
        private void WriteHello(JsonWriter w, long seq)
        {
            w.Reset();
            w.BeginObject();
            w.WriteName("t");
            w.WriteString("hello");
            w.WriteName("device");
            w.WriteString(_options.DeviceName);
            if (_options.Title != null)
            {
                w.WriteName("title");
                w.WriteString(_options.Title);
            }

            if (_options.Accent != null)
            {
                w.WriteName("accent");
                w.WriteString(_options.Accent);
            }

            w.WriteName("seq");
            w.WriteNumber(seq);
            if (_options.HeartbeatIntervalMs > 0)
            {
                w.WriteName("heartbeat");
                w.WriteNumber(_options.HeartbeatIntervalMs);
            }

            if (_options.HistoryPoints > 0)
            {
                // The hist messages that follow: samples this far apart, at most this many a channel.
                w.WriteName("history");
                w.BeginObject();
                w.WriteName("res");
                w.WriteNumber(_options.HistoryResolutionMs);
                w.WriteName("points");
                w.WriteNumber(_options.HistoryPoints);
                w.EndObject();
            }

            w.WriteName("channels");
            w.BeginArray();
            for (int i = 0; i < _channelCount; i++)
            {
                _channels[i].WriteDescription(w);
            }

            w.EndArray();
            w.EndObject();
        }

        /// <summary>Writes {"t":"state","seq":N,"v":{ into the message buffer.</summary>
        private static void WriteStateHead(JsonWriter w, long seq)
        {
            w.Reset();
            w.BeginObject();
            w.WriteNameUtf8(NameT);
            w.WriteStringUtf8(TypeState);
            w.WriteNameUtf8(NameSeq);
            w.WriteNumber(seq);
            w.WriteNameUtf8(NameV);
            w.BeginObject();
        }

        /// <summary>
        /// Null when a text value fits every message that may carry it, whatever seq has grown to by
        /// then: a state holding it alone, and the hello with it in place of the channel's value.
        /// Otherwise why not. A value that fits neither would stay unsent (call under the lock).
        /// </summary>
        private string CheckTextFits(HubChannel channel, string value)
        {
            if (value == null)
            {
                return null;
            }

            JsonWriter w = _writer;
            WriteStateHead(w, long.MaxValue);
            w.WriteNameUtf8(channel.IdUtf8);
            w.WriteString(value);
            w.EndObject();
            w.EndObject();
            if (w.Overflowed)
            {
                return "text value larger than a state message can hold";
            }

            bool hadValue = channel.HasValue;
            string recorded = channel.TextValue;
            channel.HasValue = true;
            channel.TextValue = value;
            WriteHello(w, long.MaxValue);
            channel.HasValue = hadValue;
            channel.TextValue = recorded;
            return w.Overflowed ? "text value would make the hello larger than MessageBufferSize" : null;
        }

        /// <summary>
        /// {"t":"state","seq":N,"v":{"id":value,…}} with every dirty channel that fits the room the
        /// tab has (one that does not is skipped, so it cannot hold back the channels after it); the
        /// marks of the channels sent are cleared, the rest wait for the next pump.
        /// </summary>
        private bool SendState(int slot, int tabId)
        {
            int room = _transport.GetRoom(tabId);
            if (room > _out.Length)
            {
                room = _out.Length;
            }

            // Smallest possible state message: {"t":"state","seq":N,"v":{"x":0}}.
            if (room < 40)
            {
                return false;
            }

            JsonWriter w = _writer;
            WriteStateHead(w, _seq);
            int baseIndex = slot * _channels.Length;
            int included = 0;
            for (int i = 0; i < _channelCount; i++)
            {
                if (!_dirty[baseIndex + i])
                {
                    continue;
                }

                w.Checkpoint();
                w.WriteNameUtf8(_channels[i].IdUtf8);
                _channels[i].WriteValue(w);

                // Two closing braces must still fit.
                if (w.Overflowed || w.Length + 2 > room)
                {
                    w.RollBack();
                    continue;
                }

                _inMessage[included++] = i;
            }

            if (included == 0)
            {
                return false;
            }

            w.EndObject();
            w.EndObject();
            if (!_transport.SendText(tabId, _out, 0, w.Length))
            {
                return false;
            }

            for (int k = 0; k < included; k++)
            {
                _dirty[baseIndex + _inMessage[k]] = false;
            }

            _dirtyCount[slot] -= included;
            _stateSent[slot]++;
            return true;
        }

        private void AllocateTabs(int maxTabs, int maxChannels, int ackBufferSize)
        {
            _tabIds = new int[maxTabs];
            _needHello = new bool[maxTabs];
            _dirty = new bool[maxTabs * maxChannels];
            _dirtyCount = new int[maxTabs];
            _lastStateAt = new long[maxTabs];
            _lastSentAt = new long[maxTabs];
            _ack = new byte[maxTabs][];
            for (int i = 0; i < maxTabs; i++)
            {
                _ack[i] = new byte[ackBufferSize];
            }

            _ackLength = new int[maxTabs];
            _stateSent = new int[maxTabs];
            _inMessage = new int[maxChannels];
        }

        /// <summary>Marks a channel dirty for every tab (call under the lock).</summary>
        private void MarkDirty(int channel)
        {
            int stride = _channels.Length;
            for (int slot = 0; slot < _tabIds.Length; slot++)
            {
                if (_tabIds[slot] != 0 && !_dirty[(slot * stride) + channel])
                {
                    _dirty[(slot * stride) + channel] = true;
                    _dirtyCount[slot]++;
                }
            }
        }

        private void ClearDirty(int slot)
        {
            int stride = _channels.Length;
            for (int i = 0; i < stride; i++)
            {
                _dirty[(slot * stride) + i] = false;
            }

            _dirtyCount[slot] = 0;
        }

        private int SlotOf(int tabId)
        {
            if (tabId <= 0)
            {
                return -1;
            }

            for (int slot = 0; slot < _tabIds.Length; slot++)
            {
                if (_tabIds[slot] == tabId)
                {
                    return slot;
                }
            }

            return -1;
        }
    }
}
