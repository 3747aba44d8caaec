using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// The hub's plain-request face, for scripts and home-automation systems that do not speak the
    /// dashboard's WebSocket protocol: the current state as one JSON object, and a command answered
    /// with the same acknowledgement a tab gets. The hub does no I/O; <c>HubServer</c> serves these
    /// as <c>GET /api/state</c> and <c>POST /api/set</c> (docs/dashboard.md, "JSON API").
    /// </summary>
    public sealed partial class ChannelHub
    {
        /// <summary>
        /// Writes <c>{"device":"…","seq":N,"v":{"temp":21.5,"led":true,…}}</c>: every channel's
        /// current value (<c>null</c> until its first), in the order the channels were added; with
        /// health on (<see cref="HubOptions.HealthIntervalMs"/>), also
        /// <c>"health":{"up":…,"heapFree":…,"addr":…,"ver":…,"rssi":…,"events":N}</c> with the values
        /// the <c>health</c> message holds (unknown ones left out) and the count of events noted,
        /// unless that no longer fits. Returns the length, or -1 when the values do not fit <paramref name="buffer"/>.
        /// </summary>
        /// <param name="buffer">Where to write (from index 0).</param>
        /// <param name="nowMs">Current time in ms (the hub's clock): the uptime is given as of now.</param>
        /// <returns>Bytes written, or -1.</returns>
        public int WriteState(byte[] buffer, long nowMs)
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
                w.WriteName("device");
                w.WriteString(_options.DeviceName);
                w.WriteName("seq");
                w.WriteNumber(_seq);
                w.WriteName("v");
                w.BeginObject();
                for (int i = 0; i < _channelCount; i++)
                {
                    w.WriteNameUtf8(_channels[i].IdUtf8);
                    _channels[i].WriteValue(w);
                }

                w.EndObject();

                // The values first: the health is left out when it and the closing brace do not fit.
                w.Checkpoint();
                WriteHealthMember(w, nowMs);
                if (w.Overflowed || w.Length + 1 > buffer.Length)
                {
                    w.RollBack();
                }

                w.EndObject();
                int length = w.Overflowed ? -1 : w.Length;
                w.Reset(_out, 0, _out.Length);
                return length;
            }
        }

        /// <summary>
        /// Executes one command, <c>{"t":"set","id":…,"ch":"led","v":true}</c> (with <c>"token"</c>
        /// when the hub has one), exactly as from a tab (<see cref="HubSetRequest.TabId"/> 0), and
        /// writes its acknowledgement, <c>{"t":"ack","id":…,"ok":true}</c> or <c>…"ok":false,"error":"…"}</c>,
        /// into <paramref name="answer"/>. Every tab sees the value it set in its next <c>state</c>.
        /// </summary>
        /// <param name="buffer">The command (UTF-8 JSON).</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        /// <param name="nowMs">Current time in ms.</param>
        /// <param name="answer">Where the acknowledgement goes (<see cref="HubOptions.AckBufferSize"/> bytes suffice; a longer error is cut).</param>
        /// <param name="ok">True when the command was applied.</param>
        /// <returns>Length of the acknowledgement in <paramref name="answer"/> (0 when not even a cut one fits).</returns>
        public int Execute(byte[] buffer, int offset, int count, long nowMs, byte[] answer, out bool ok)
        {
            BufferRange.Check(buffer, offset, count);
            if (answer == null)
            {
                throw new ArgumentException("invalid buffer range");
            }

            lock (_lock)
            {
                string error = Execute(0, buffer, offset, count, nowMs);
                ok = error == null;
                return WriteAckTo(answer, error);
            }
        }
    }
}
