using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Saved state: the values of the writable channels (actuators and settings), so a device that
    /// restarts comes back as its users left it. The hub does no I/O: the application writes what
    /// <see cref="WriteSaved"/> gives to its storage when <see cref="IsSaveDue"/> says so, and hands
    /// it back to <see cref="RestoreSaved"/> at start.
    /// </summary>
    /// <remarks>
    /// Writes are coalesced for the sake of the flash: a save is due once the writable channels
    /// have been still for <see cref="HubOptions.SaveDelayMs"/>, or ten times that long after the
    /// first unsaved change while they keep changing (a slider being dragged), never for every value.
    /// The saved form is one JSON object, channel id to value: <c>{"led":true,"fan":60}</c>.
    /// </remarks>
    public sealed partial class ChannelHub
    {
        // When the first change not saved yet was recorded (-1: all saved), and the latest one.
        private long _unsavedSince = -1;
        private long _lastUnsavedChange;
        private long _saveCount;

        /// <summary>Number of times <see cref="WriteSaved"/> produced the saved state.</summary>
        public long SaveCount
        {
            get
            {
                lock (_lock)
                {
                    return _saveCount;
                }
            }
        }

        /// <summary>
        /// True when a writable channel changed since the last <see cref="WriteSaved"/> and the
        /// changes have settled (see the remarks of this class): time to write the saved state.
        /// </summary>
        /// <param name="nowMs">Current time in ms, the clock passed to <see cref="Pump"/>.</param>
        /// <returns>True when a save is due.</returns>
        public bool IsSaveDue(long nowMs)
        {
            lock (_lock)
            {
                if (_unsavedSince < 0)
                {
                    return false;
                }

                long delay = _options.SaveDelayMs;
                return nowMs - _lastUnsavedChange >= delay || nowMs - _unsavedSince >= delay * 10;
            }
        }

        /// <summary>
        /// Writes the saved state, <c>{"id":value,…}</c> of every writable channel that has a value,
        /// into <paramref name="buffer"/> and counts the changes so far as saved. Returns its length
        /// in bytes, or -1 (nothing counted as saved) when it does not fit.
        /// </summary>
        /// <param name="buffer">Where to write; <see cref="HubOptions.MessageBufferSize"/> bytes always suffice for a hello, and so for this.</param>
        /// <returns>Bytes written, or -1.</returns>
        public int WriteSaved(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            lock (_lock)
            {
                JsonWriter w = _writer;
                w.Reset(buffer, 0, buffer.Length);
                w.BeginObject();
                for (int i = 0; i < _channelCount; i++)
                {
                    HubChannel c = _channels[i];
                    if (c.Writable && c.HasValue)
                    {
                        w.WriteNameUtf8(c.IdUtf8);
                        c.WriteValue(w);
                    }
                }

                w.EndObject();
                bool overflowed = w.Overflowed;
                int length = w.Length;
                w.Reset(_out, 0, _out.Length);
                if (overflowed)
                {
                    return -1;
                }

                _unsavedSince = -1;
                _saveCount++;
                return length;
            }
        }

        /// <summary>
        /// Applies a saved state at start: each writable channel named in it is set through the
        /// <see cref="SetHandler"/> (so the hardware follows; <see cref="HubSetRequest.TabId"/> is 0)
        /// exactly as a command would set it, with the same checks. Members for unknown or read-only
        /// channels and values the handler or the checks refuse are skipped. Returns the number of
        /// channels set, or -1 when the bytes are not one whole JSON object (a torn or damaged file:
        /// then no channel is set, and the device starts from its defaults).
        /// </summary>
        /// <param name="buffer">The saved bytes.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>Channels set, or -1.</returns>
        public int RestoreSaved(byte[] buffer, int offset, int count, long nowMs)
        {
            BufferRange.Check(buffer, offset, count);

            lock (_lock)
            {
                // Once, at start: a reader sized for these bytes. The whole state is read once
                // without applying anything, so a torn or damaged one sets no channel at all.
                JsonReader r = new JsonReader(count < 16 ? 16 : count, 4);
                if (ReadSaved(r, buffer, offset, count, false, nowMs) < 0)
                {
                    return -1;
                }

                int applied = ReadSaved(r, buffer, offset, count, true, nowMs);

                // What was just restored is what the storage holds.
                _unsavedSince = -1;
                return applied;
            }
        }

        /// <summary>
        /// One pass over a saved state (call under the lock): -1 when it is not one whole JSON
        /// object, else the channels set (always 0 when <paramref name="apply"/> is false).
        /// </summary>
        private int ReadSaved(JsonReader r, byte[] buffer, int offset, int count, bool apply, long nowMs)
        {
            if (!r.Reset(buffer, offset, count) || r.Read() != JsonToken.BeginObject)
            {
                return -1;
            }

            _idBuffer = buffer;
            _idStart = -1;
            _idLength = 0;
            int applied = 0;
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndObject)
                {
                    break;
                }

                if (t != JsonToken.PropertyName)
                {
                    return -1;
                }

                HubChannel channel = MatchChannel(r);
                t = r.Read();
                int start = r.TokenOffset;
                int length = r.TokenLength;
                double number = 0;
                bool numberOk = t != JsonToken.Number || r.TryGetDouble(out number);
                t = SkipContainer(r, t);
                if (t == JsonToken.Error)
                {
                    return -1;
                }

                if (apply && channel != null && channel.Writable && numberOk && Apply(0, channel, t, number, start, length, nowMs) == null)
                {
                    applied++;
                }
            }

            return r.Read() == JsonToken.EndOfInput ? applied : -1;
        }

        /// <summary>A writable channel's value was recorded (call under the lock).</summary>
        private void NoteUnsaved(long nowMs)
        {
            if (_unsavedSince < 0)
            {
                _unsavedSince = nowMs;
            }

            _lastUnsavedChange = nowMs;
        }
    }
}
