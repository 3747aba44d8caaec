using System;
using System.Collections;
using NanoWs.Hub;

namespace NanoWs.Tests
{
    /// <summary>
    /// An in-memory <see cref="IHubTransport"/> for hub tests: every tab has a settable room (bytes
    /// it can take now; unlimited by default) and the messages it received, decoded to strings.
    /// </summary>
    public sealed class HubTestTransport : IHubTransport
    {
        private const int MaxTabs = 8;
        private readonly int[] _ids = new int[MaxTabs];
        private readonly int[] _room = new int[MaxTabs];
        private readonly bool[] _limited = new bool[MaxTabs];
        private readonly ArrayList[] _messages = new ArrayList[MaxTabs];

        /// <summary>Total messages accepted, all tabs.</summary>
        public int SendCount;

        /// <summary>Room reported for tab ids not set with <see cref="SetRoom"/>.</summary>
        public int DefaultRoom = 100000;

        /// <summary>When true, messages are counted but not kept (for allocation measurements).</summary>
        public bool Discard;

        public int GetRoom(int tabId)
        {
            int i = Find(tabId, false);
            return i < 0 || !_limited[i] ? DefaultRoom : _room[i];
        }

        public bool SendText(int tabId, byte[] buffer, int offset, int count)
        {
            if (count > GetRoom(tabId))
            {
                return false;
            }

            SendCount++;
            if (Discard)
            {
                return true;
            }

            int i = Find(tabId, true);
            if (_limited[i])
            {
                _room[i] -= count;
            }

            _messages[i].Add(Utf8.GetString(buffer, offset, count));
            return true;
        }

        /// <summary>Sets the room of a tab: what it can take now, used up by each message.</summary>
        public void SetRoom(int tabId, int room)
        {
            int i = Find(tabId, true);
            _room[i] = room;
            _limited[i] = true;
        }

        /// <summary>Number of messages the tab received.</summary>
        public int Count(int tabId)
        {
            int i = Find(tabId, false);
            return i < 0 ? 0 : _messages[i].Count;
        }

        /// <summary>Message <paramref name="index"/> the tab received (negative: from the end).</summary>
        public string Message(int tabId, int index)
        {
            int i = Find(tabId, false);
            if (i < 0)
            {
                return null;
            }

            ArrayList list = _messages[i];
            int k = index < 0 ? list.Count + index : index;
            return k >= 0 && k < list.Count ? (string)list[k] : null;
        }

        /// <summary>The last message the tab received, or null.</summary>
        public string Last(int tabId)
        {
            return Message(tabId, -1);
        }

        private int Find(int tabId, bool create)
        {
            for (int i = 0; i < MaxTabs; i++)
            {
                if (_ids[i] == tabId)
                {
                    return i;
                }
            }

            if (!create)
            {
                return -1;
            }

            for (int i = 0; i < MaxTabs; i++)
            {
                if (_ids[i] == 0)
                {
                    _ids[i] = tabId;
                    _room[i] = DefaultRoom;
                    _messages[i] = new ArrayList();
                    return i;
                }
            }

            throw new InvalidOperationException("too many tabs for the test transport");
        }
    }
}
