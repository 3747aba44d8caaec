using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Device health: the values of a <see cref="HubHealth"/> record, read through
    /// <see cref="HealthReader"/> every <see cref="HubOptions.HealthIntervalMs"/>, and a fixed ring
    /// of notable events (<see cref="NoteEvent"/>), sent to every tab as one <c>health</c> message.
    /// </summary>
    /// <remarks>
    /// <para>Wire: <c>{"t":"health","up":3600000,"heapFree":81234,"addr":"192.168.1.40","host":"esp32",
    /// "ver":"1.0.0","rssi":-61,"events":12,"ev":[{"k":"busy","ago":1200,"code":503},…]}</c>: members
    /// whose value is unknown are left out; <c>up</c> is the uptime when the message was written;
    /// <c>events</c> counts every event noted since the hub was built, <c>ev</c> holds the newest
    /// that fit the message, newest first, each with how long ago it happened in ms.</para>
    /// <para>When: after a tab's <c>hello</c> (and its history), every
    /// <see cref="HubOptions.HealthIntervalMs"/>, and after a new event, never sooner than
    /// <see cref="HealthMinGapMs"/> after the previous one to that tab.</para>
    /// <para>Budget: the ring is allocated with the hub (an event kind, a code, a time and a
    /// reference to the application's or server's text per entry: 20 bytes on nanoFramework, plus
    /// four array headers), per tab a due flag and a time. Noting an event allocates nothing; on
    /// nanoFramework writing the message copies each string it carries out once (the runtime's
    /// <c>ToCharArray</c>), as every hub message with text does.</para>
    /// </remarks>
    public sealed partial class ChannelHub
    {
        /// <summary>Least time between two <c>health</c> messages to one tab that new events bring about, in ms.</summary>
        public const int HealthMinGapMs = 1000;

        /// <summary>Longest error text a <c>health</c> message carries for one event, in characters (the rest is cut).</summary>
        public const int EventTextChars = 60;

        private static readonly byte[] TypeHealth = Utf8Bytes("health");
        private static readonly byte[] NameUp = Utf8Bytes("up");
        private static readonly byte[] NameHeapFree = Utf8Bytes("heapFree");
        private static readonly byte[] NameHeapUsed = Utf8Bytes("heapUsed");
        private static readonly byte[] NameAddr = Utf8Bytes("addr");
        private static readonly byte[] NameHost = Utf8Bytes("host");
        private static readonly byte[] NameVer = Utf8Bytes("ver");
        private static readonly byte[] NameRssi = Utf8Bytes("rssi");
        private static readonly byte[] NameEvents = Utf8Bytes("events");
        private static readonly byte[] NameHealth = Utf8Bytes("health");
        private static readonly byte[] NameEv = Utf8Bytes("ev");
        private static readonly byte[] NameK = Utf8Bytes("k");
        private static readonly byte[] NameAgo = Utf8Bytes("ago");
        private static readonly byte[] NameCode = Utf8Bytes("code");
        private static readonly byte[] NameText = Utf8Bytes("text");

        // Wire names of HubEvent, by value (0 unused).
        private static readonly byte[][] EventNames =
        {
            Utf8Bytes("?"), Utf8Bytes("open"), Utf8Bytes("tabs"), Utf8Bytes("busy"), Utf8Bytes("origin"),
            Utf8Bytes("login"), Utf8Bytes("password"), Utf8Bytes("token"), Utf8Bytes("refused"), Utf8Bytes("error"),
        };

        // Null while HealthIntervalMs is 0. The ring: EventCapacity entries, _eventsNoted counts
        // every event ever noted (the newest is at (_eventsNoted - 1) % capacity).
        private HubHealth _health;
        private HubHealthReader _healthReader;
        private long _healthReadAt;
        private bool _healthEverRead;
        private int[] _eventKind;
        private int[] _eventCode;
        private long[] _eventAt;
        private string[] _eventText;
        private long _eventsNoted;
        private bool[] _healthDue;
        private long[] _lastHealthAt;

        /// <summary>
        /// The health record the <c>health</c> message is written from; null when
        /// <see cref="HubOptions.HealthIntervalMs"/> is 0.
        /// </summary>
        public HubHealth Health
        {
            get { return _health; }
        }

        /// <summary>Fills <see cref="Health"/> every <see cref="HubOptions.HealthIntervalMs"/> (see <see cref="HubHealthReader"/>); null: the values stay as set.</summary>
        public HubHealthReader HealthReader
        {
            get { return _healthReader; }
            set { _healthReader = value; }
        }

        /// <summary>Number of events noted since the hub was built (the ring keeps the newest <see cref="HubOptions.EventCapacity"/>).</summary>
        public long EventCount
        {
            get
            {
                lock (_lock)
                {
                    return _eventsNoted;
                }
            }
        }

        /// <summary>
        /// Notes an event in the ring (overwriting the oldest when it is full) and has every tab
        /// told soon. Allocates nothing: <paramref name="text"/> is kept by reference. Ignored when
        /// health is off (<see cref="HubOptions.HealthIntervalMs"/> 0) or the ring has no entries.
        /// </summary>
        /// <param name="kind">What happened.</param>
        /// <param name="code">An HTTP status or close code that goes with it, or 0.</param>
        /// <param name="text">What went wrong, for <see cref="HubEvent.Error"/> (the first <see cref="EventTextChars"/> characters are sent), else null.</param>
        /// <param name="nowMs">Current time in ms (the hub's clock).</param>
        public void NoteEvent(HubEvent kind, int code, string text, long nowMs)
        {
            if ((int)kind < 1 || (int)kind >= EventNames.Length)
            {
                throw new ArgumentOutOfRangeException("kind");
            }

            lock (_lock)
            {
                if (_eventKind == null || _eventKind.Length == 0)
                {
                    return;
                }

                int i = (int)(_eventsNoted % _eventKind.Length);
                _eventKind[i] = (int)kind;
                _eventCode[i] = code;
                _eventAt[i] = nowMs;
                _eventText[i] = text;
                _eventsNoted++;
                for (int slot = 0; slot < _tabIds.Length; slot++)
                {
                    _healthDue[slot] = true;
                }
            }
        }

        /// <summary>
        /// Writes the <c>health</c> message a tab would get now into the message buffer and returns
        /// its length, or -1 when not even its head fits <see cref="HubOptions.MessageBufferSize"/>
        /// (or health is off). Events that do not fit are left out, oldest first.
        /// </summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>The message's size in bytes, or -1.</returns>
        public int MeasureHealth(long nowMs)
        {
            lock (_lock)
            {
                return _health == null ? -1 : WriteHealth(nowMs, _out.Length);
            }
        }

        private void AllocateHealth(int maxTabs)
        {
            if (_options.HealthIntervalMs == 0)
            {
                return;
            }

            int capacity = _options.EventCapacity;
            _health = new HubHealth();
            _eventKind = new int[capacity];
            _eventCode = new int[capacity];
            _eventAt = new long[capacity];
            _eventText = new string[capacity];
            _healthDue = new bool[maxTabs];
            _lastHealthAt = new long[maxTabs];
        }

        /// <summary>Reads the health when due and marks every tab for a message (call under the lock).</summary>
        private void RefreshHealth(long nowMs)
        {
            if (_health == null || (_healthEverRead && nowMs - _healthReadAt < _options.HealthIntervalMs))
            {
                return;
            }

            _healthEverRead = true;
            _healthReadAt = nowMs;
            HubHealthReader reader = _healthReader;
            if (reader != null)
            {
                try
                {
                    reader(_health, nowMs);
                }
                catch (Exception e)
                {
                    _lastError = "health reader failed: " + e.Message;
                }
            }

            for (int slot = 0; slot < _tabIds.Length; slot++)
            {
                _healthDue[slot] = true;
                _lastHealthAt[slot] = long.MinValue / 4;
            }
        }

        /// <summary>A tab joined: health right after its hello and history.</summary>
        private void StartHealth(int slot)
        {
            if (_health != null)
            {
                _healthDue[slot] = true;
                _lastHealthAt[slot] = long.MinValue / 4;
            }
        }

        /// <summary>Sends the tab its health when due and room allows; false when it is due but could not go.</summary>
        private bool SendHealthIfDue(int slot, int tabId, long nowMs, ref int sent)
        {
            if (_health == null || !_healthDue[slot] || nowMs - _lastHealthAt[slot] < HealthMinGapMs)
            {
                return true;
            }

            int room = _transport.GetRoom(tabId);
            int length = WriteHealth(nowMs, room < _out.Length ? room : _out.Length);
            if (length < 0 || !_transport.SendText(tabId, _out, 0, length))
            {
                return false;
            }

            _healthDue[slot] = false;
            _lastHealthAt[slot] = nowMs;
            _lastSentAt[slot] = nowMs;
            sent++;
            return true;
        }

        /// <summary>Writes the health message in at most <paramref name="limit"/> bytes; its length, or -1.</summary>
        private int WriteHealth(long nowMs, int limit)
        {
            JsonWriter w = _writer;
            w.Reset();
            w.BeginObject();
            w.WriteNameUtf8(NameT);
            w.WriteStringUtf8(TypeHealth);
            WriteHealthValues(w, nowMs);
            w.WriteNameUtf8(NameEvents);
            w.WriteNumber(_eventsNoted);
            w.WriteNameUtf8(NameEv);
            w.BeginArray();

            // Room for "]}" after the array's entries.
            if (w.Overflowed || w.Length + 2 > limit)
            {
                return -1;
            }

            int capacity = _eventKind.Length;
            long kept = _eventsNoted < capacity ? _eventsNoted : capacity;
            for (long n = 0; n < kept; n++)
            {
                int i = (int)((_eventsNoted - 1 - n) % capacity);
                w.Checkpoint();
                w.BeginObject();
                w.WriteNameUtf8(NameK);
                w.WriteStringUtf8(EventNames[_eventKind[i]]);
                w.WriteNameUtf8(NameAgo);
                w.WriteNumber(nowMs - _eventAt[i]);
                if (_eventCode[i] != 0)
                {
                    w.WriteNameUtf8(NameCode);
                    w.WriteNumber(_eventCode[i]);
                }

                string text = _eventText[i];
                if (text != null)
                {
                    w.WriteNameUtf8(NameText);
                    w.WriteString(text, 0, text.Length < EventTextChars ? text.Length : EventTextChars);
                }

                w.EndObject();
                if (w.Overflowed || w.Length + 2 > limit)
                {
                    // Older events would not fit either (nor be missed as much): stop here.
                    w.RollBack();
                    break;
                }
            }

            w.EndArray();
            w.EndObject();
            return w.Overflowed || w.Length > limit ? -1 : w.Length;
        }

        /// <summary>
        /// Writes <c>"health":{…,"events":N}</c> into the open object when health is on (the values
        /// read when due, as for the tabs; the event ring's entries stay with the page). Under the lock.
        /// </summary>
        private void WriteHealthMember(JsonWriter w, long nowMs)
        {
            if (_health == null)
            {
                return;
            }

            RefreshHealth(nowMs);
            w.WriteNameUtf8(NameHealth);
            w.BeginObject();
            WriteHealthValues(w, nowMs);
            w.WriteNameUtf8(NameEvents);
            w.WriteNumber(_eventsNoted);
            w.EndObject();
        }

        /// <summary>Writes the health's known values (<c>up</c> … <c>rssi</c>) as members of the open object.</summary>
        private void WriteHealthValues(JsonWriter w, long nowMs)
        {
            HubHealth h = _health;
            if (h.UptimeMs >= 0)
            {
                // The uptime now: as read, plus the time since it was read.
                w.WriteNameUtf8(NameUp);
                w.WriteNumber(h.UptimeMs + (_healthEverRead ? nowMs - _healthReadAt : 0));
            }

            WriteKnown(w, NameHeapFree, h.HeapFreeBytes);
            WriteKnown(w, NameHeapUsed, h.HeapUsedBytes);
            WriteKnown(w, NameAddr, h.Address);
            WriteKnown(w, NameHost, h.HostName);
            WriteKnown(w, NameVer, h.Version);
            if (h.HasSignal)
            {
                w.WriteNameUtf8(NameRssi);
                w.WriteNumber(h.SignalDbm);
            }
        }

        private static void WriteKnown(JsonWriter w, byte[] name, long value)
        {
            if (value >= 0)
            {
                w.WriteNameUtf8(name);
                w.WriteNumber(value);
            }
        }

        private static void WriteKnown(JsonWriter w, byte[] name, string value)
        {
            if (value != null)
            {
                w.WriteNameUtf8(name);
                w.WriteString(value);
            }
        }
    }
}
