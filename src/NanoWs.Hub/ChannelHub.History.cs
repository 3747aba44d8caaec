using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// History: per numeric channel a ring of <see cref="HubOptions.HistoryPoints"/> samples, one
    /// every <see cref="HubOptions.HistoryResolutionMs"/>, allocated when the channel is added and
    /// never again. A tab that joins gets, after its <c>hello</c>, the rings as <c>hist</c> messages
    /// that each fit its connection's room, so every open tab draws the same chart at once.
    /// </summary>
    /// <remarks>
    /// <para>Samples: at every resolution step <see cref="Pump"/> records each numeric channel's
    /// current value (NaN while it has none, sent as <c>null</c>). Steps missed because the hub was
    /// not pumped are filled with the value current when it is pumped again.</para>
    /// <para>Wire: <c>{"t":"hist","ch":"temp","res":10000,"age":3590000,"v":[21.4,21.5,null,…]}</c>:
    /// <c>v</c> holds consecutive samples, oldest first, <c>res</c> ms apart; <c>age</c> is how
    /// long ago, in ms at the time the message was written, the first of them was taken. A channel's
    /// ring may come in several messages; the page places each by its own <c>age</c>.</para>
    /// </remarks>
    public sealed partial class ChannelHub
    {
        // Shared: the time of step 0 (the first Pump), the number of steps taken so far. Per tab
        // slot: the channel whose ring is being sent (-1: none left) and the next step to send.
        private long _historyStart;
        private long _historySteps = -1;
        private int[] _historyChannel;
        private long[] _historyNext;

        /// <summary>
        /// Bytes the history holds: <see cref="HubOptions.HistoryPoints"/> samples of 4 bytes for
        /// every numeric channel added so far (the arrays' own headers come on top: 24 bytes each on
        /// 64-bit .NET, 12 on nanoFramework). Allocated when each channel is added.
        /// </summary>
        public int HistoryBytes
        {
            get
            {
                lock (_lock)
                {
                    int numeric = 0;
                    for (int i = 0; i < _channelCount; i++)
                    {
                        if (_channels[i].History != null)
                        {
                            numeric++;
                        }
                    }

                    return numeric * _options.HistoryPoints * 4;
                }
            }
        }

        /// <summary>Number of history samples taken so far per numeric channel (0 before the first <see cref="Pump"/>).</summary>
        public long HistorySteps
        {
            get
            {
                lock (_lock)
                {
                    return _historySteps < 0 ? 0 : _historySteps;
                }
            }
        }

        /// <summary>
        /// The sample of <paramref name="channel"/> taken <paramref name="stepsAgo"/> steps before the
        /// newest (0: the newest); NaN when there is none (no value yet, not kept any more, or not a
        /// numeric channel with history).
        /// </summary>
        /// <param name="channel">A channel of this hub.</param>
        /// <param name="stepsAgo">0 for the newest sample, 1 for the one before, …</param>
        /// <returns>The sample, or NaN.</returns>
        public double GetHistorySample(HubChannel channel, int stepsAgo)
        {
            lock (_lock)
            {
                float[] ring = channel == null ? null : channel.History;
                if (ring == null || stepsAgo < 0 || stepsAgo >= ring.Length || stepsAgo >= _historySteps)
                {
                    return double.NaN;
                }

                return ring[(int)((_historySteps - 1 - stepsAgo) % ring.Length)];
            }
        }

        private void AllocateHistory(int maxTabs)
        {
            _historyChannel = new int[maxTabs];
            _historyNext = new long[maxTabs];
            for (int i = 0; i < maxTabs; i++)
            {
                _historyChannel[i] = -1;
            }
        }

        /// <summary>A new ring for a numeric channel, all NaN; null when history is off.</summary>
        private float[] NewHistoryRing(ChannelKind kind)
        {
            int points = _options.HistoryPoints;
            if (kind != ChannelKind.Number || points == 0)
            {
                return null;
            }

            float[] ring = new float[points];
            for (int i = 0; i < points; i++)
            {
                ring[i] = float.NaN;
            }

            return ring;
        }

        /// <summary>Takes the samples due by <paramref name="nowMs"/> (call under the lock).</summary>
        private void SampleHistory(long nowMs)
        {
            int points = _options.HistoryPoints;
            if (points == 0)
            {
                return;
            }

            if (_historySteps < 0)
            {
                _historyStart = nowMs;
                _historySteps = 0;
            }

            long due = ((nowMs - _historyStart) / _options.HistoryResolutionMs) + 1;
            if (due <= _historySteps)
            {
                return;
            }

            // Steps older than the ring would be overwritten in this same call: skip them.
            long first = due - points > _historySteps ? due - points : _historySteps;
            for (int i = 0; i < _channelCount; i++)
            {
                HubChannel c = _channels[i];
                float[] ring = c.History;
                if (ring == null)
                {
                    continue;
                }

                float sample = c.HasValue ? (float)c.NumberValue : float.NaN;
                for (long step = first; step < due; step++)
                {
                    ring[(int)(step % points)] = sample;
                }
            }

            _historySteps = due;
        }

        /// <summary>After the hello: send every ring from its oldest kept sample.</summary>
        private void StartHistory(int slot)
        {
            _historyChannel[slot] = _options.HistoryPoints == 0 ? -1 : NextHistoryChannel(0);
            _historyNext[slot] = -1;
        }

        private int NextHistoryChannel(int from)
        {
            for (int i = from; i < _channelCount; i++)
            {
                if (_channels[i].History != null)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Sends the tab's next <c>hist</c> messages while its connection has room; false while
        /// some of its history is still to send (then nothing newer goes to it on this pass).
        /// </summary>
        private bool SendHistory(int slot, int tabId, long nowMs, ref int sent)
        {
            while (_historyChannel[slot] >= 0)
            {
                if (_historySteps <= 0)
                {
                    _historyChannel[slot] = -1;
                    break;
                }

                HubChannel c = _channels[_historyChannel[slot]];
                float[] ring = c.History;
                long oldest = _historySteps > ring.Length ? _historySteps - ring.Length : 0;
                long next = _historyNext[slot] < oldest ? oldest : _historyNext[slot];
                if (next >= _historySteps)
                {
                    _historyChannel[slot] = NextHistoryChannel(c.Index + 1);
                    _historyNext[slot] = -1;
                    continue;
                }

                int room = _transport.GetRoom(tabId);
                int written = WriteHistory(c, next, nowMs, room < _out.Length ? room : _out.Length);
                if (written == 0 || !_transport.SendText(tabId, _out, 0, _writer.Length))
                {
                    return false;
                }

                _historyNext[slot] = next + written;
                _lastSentAt[slot] = nowMs;
                sent++;
            }

            return true;
        }

        /// <summary>
        /// Writes one <c>hist</c> message with as many samples from step <paramref name="first"/> as fit
        /// in <paramref name="limit"/> bytes; returns the number of samples (0: not even one fits).
        /// </summary>
        private int WriteHistory(HubChannel c, long first, long nowMs, int limit)
        {
            JsonWriter w = _writer;
            int digits = w.SignificantDigits;

            // A sample is a float, good for about 7 significant digits: print no more than it has.
            w.SignificantDigits = 7;
            w.Reset();
            w.BeginObject();
            w.WriteName("t");
            w.WriteString("hist");
            w.WriteName("ch");
            w.WriteStringUtf8(c.IdUtf8);
            w.WriteName("res");
            w.WriteNumber(_options.HistoryResolutionMs);
            w.WriteName("age");
            w.WriteNumber(nowMs - (_historyStart + (first * _options.HistoryResolutionMs)));
            w.WriteName("v");
            w.BeginArray();
            float[] ring = c.History;
            int count = 0;
            for (long step = first; step < _historySteps; step++)
            {
                w.Checkpoint();
                float sample = ring[(int)(step % ring.Length)];
                if (float.IsNaN(sample))
                {
                    w.WriteNull();
                }
                else if (c.Decimals >= 0)
                {
                    w.WriteNumber(sample, c.Decimals);
                }
                else
                {
                    w.WriteNumber(sample);
                }

                // Room for "]}" after the value.
                if (w.Overflowed || w.Length + 2 > limit)
                {
                    w.RollBack();
                    break;
                }

                count++;
            }

            w.EndArray();
            w.EndObject();
            w.SignificantDigits = digits;
            return count == 0 || w.Overflowed || w.Length > limit ? 0 : count;
        }
    }
}
