using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Commands from tabs: <c>{"t":"set","id":REQ,"ch":"&lt;id&gt;","v":value}</c> (plus
    /// <c>"token"</c> when the hub has one) is parsed in place, checked, handed to the
    /// <see cref="SetHandler"/>, and answered with <c>{"t":"ack","id":REQ,"ok":true}</c> or
    /// <c>{"t":"ack","id":REQ,"ok":false,"error":"…"}</c>. Bad input of any kind is answered, never thrown.
    /// </summary>
    public sealed partial class ChannelHub
    {
        /// <summary>Longest request id echoed in an ack, in bytes of JSON (a number or a quoted string).</summary>
        public const int MaxRequestIdBytes = 40;

        private static readonly byte[] NameT = { (byte)'t' };
        private static readonly byte[] NameId = { (byte)'i', (byte)'d' };
        private static readonly byte[] NameCh = { (byte)'c', (byte)'h' };
        private static readonly byte[] NameV = { (byte)'v' };
        private static readonly byte[] NameToken = { (byte)'t', (byte)'o', (byte)'k', (byte)'e', (byte)'n' };
        private static readonly byte[] TypeSet = { (byte)'s', (byte)'e', (byte)'t' };
        private static readonly byte[] NameSeq = { (byte)'s', (byte)'e', (byte)'q' };
        private static readonly byte[] TypeState = { (byte)'s', (byte)'t', (byte)'a', (byte)'t', (byte)'e' };

        /// <summary>
        /// Handles one whole text message received from a tab. Returns false, doing nothing, when
        /// the tab's previous acknowledgement has not been sent yet (its connection is full): hand the
        /// same message over again later (with NanoWs.Net, <c>message.Defer(0)</c>), so a tab that
        /// does not read cannot make the hub hold more than one ack for it.
        /// </summary>
        /// <param name="tabId">The tab the message came from; unknown tabs are ignored.</param>
        /// <param name="buffer">The message bytes (UTF-8 JSON), read in place during the call.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Length in bytes.</param>
        /// <param name="nowMs">Current time in ms (for the value a successful command records).</param>
        /// <returns>True when the message was consumed.</returns>
        public bool HandleMessage(int tabId, byte[] buffer, int offset, int count, long nowMs)
        {
            BufferRange.Check(buffer, offset, count);

            lock (_lock)
            {
                int slot = SlotOf(tabId);
                if (slot < 0)
                {
                    return true;
                }

                if (_ackLength[slot] > 0 && (_needHello[slot] || !FlushAck(slot, nowMs)))
                {
                    return false;
                }

                string error = Execute(tabId, buffer, offset, count, nowMs);
                WriteAck(slot, error);
                if (!_needHello[slot])
                {
                    FlushAck(slot, nowMs);
                }

                return true;
            }
        }

        /// <summary>Parses, checks and runs a command; returns null on success or the error. Leaves the request id in _idStart/_idLength.</summary>
        private string Execute(int tabId, byte[] buffer, int offset, int count, long nowMs)
        {
            _idStart = -1;
            _idLength = 0;
            _idBuffer = buffer;
            JsonReader r = _reader;
            if (!r.Reset(buffer, offset, count))
            {
                return "command too large";
            }

            if (r.Read() != JsonToken.BeginObject)
            {
                return r.Error != null ? "malformed JSON: " + r.Error : "a command is a JSON object";
            }

            bool isSet = false;
            bool typeSeen = false;
            bool tokenOk = false;
            bool tokenSeen = false;
            HubChannel channel = null;
            string channelError = null;
            JsonToken valueToken = JsonToken.None;
            double number = 0;
            int valueStart = 0;
            int valueLength = 0;
            bool numberOutOfRange = false;
            while (true)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.EndObject)
                {
                    break;
                }

                if (t != JsonToken.PropertyName)
                {
                    return "malformed JSON: " + r.Error;
                }

                if (r.ValueEquals(NameT))
                {
                    t = r.Read();
                    typeSeen = true;
                    isSet = t == JsonToken.String && r.ValueEquals(TypeSet);
                    t = SkipContainer(r, t);
                }
                else if (r.ValueEquals(NameId))
                {
                    t = r.Read();
                    if (t == JsonToken.Number || t == JsonToken.String)
                    {
                        if (r.TokenLength <= MaxRequestIdBytes)
                        {
                            _idStart = r.TokenOffset;
                            _idLength = r.TokenLength;
                        }
                    }
                    else
                    {
                        t = SkipContainer(r, t);
                    }
                }
                else if (r.ValueEquals(NameCh))
                {
                    t = r.Read();
                    channel = t == JsonToken.String ? MatchChannel(r) : null;
                    channelError = channel == null ? "unknown channel" : null;
                    t = SkipContainer(r, t);
                }
                else if (r.ValueEquals(NameV))
                {
                    t = r.Read();
                    valueToken = t;
                    valueStart = r.TokenOffset;
                    valueLength = r.TokenLength;
                    numberOutOfRange = t == JsonToken.Number && !r.TryGetDouble(out number);

                    t = SkipContainer(r, t);
                }
                else if (r.ValueEquals(NameToken))
                {
                    t = r.Read();
                    tokenSeen = t == JsonToken.String;
                    tokenOk = tokenSeen && _tokenUtf8 != null && TokenMatches(r);
                    t = SkipContainer(r, t);
                }
                else
                {
                    // Unknown members are ignored, so the protocol can grow.
                    t = r.Skip();
                }

                if (t == JsonToken.Error)
                {
                    return "malformed JSON: " + r.Error;
                }
            }

            if (r.Read() != JsonToken.EndOfInput)
            {
                return "malformed JSON: " + r.Error;
            }

            if (!typeSeen || !isSet)
            {
                return "unknown message type";
            }

            if (_tokenUtf8 != null && !tokenOk)
            {
                if (tokenSeen)
                {
                    // A guess: the transport may throttle the peer (see WrongTokenCount).
                    _wrongTokens++;
                }

                return "unauthorized: missing or wrong token";
            }

            if (channelError != null || channel == null)
            {
                return channel == null && channelError == null ? "missing channel" : channelError;
            }

            if (!channel.Writable)
            {
                return "channel is read-only";
            }

            if (valueToken == JsonToken.None)
            {
                return "missing value";
            }

            if (numberOutOfRange)
            {
                return "number out of range";
            }

            return Apply(tabId, channel, valueToken, number, valueStart, valueLength, nowMs);
        }

        /// <summary>Checks the value against the channel, asks the handler, records the value on success.</summary>
        private string Apply(int tabId, HubChannel channel, JsonToken valueToken, double number, int valueStart, int valueLength, long nowMs)
        {
            HubSetRequest q = _request;
            q.TabId = tabId;
            q.Channel = channel;
            q.Number = 0;
            q.Bool = false;
            q.Text = null;
            switch (channel.Kind)
            {
                case ChannelKind.Number:
                    if (valueToken != JsonToken.Number)
                    {
                        return "expected a number";
                    }

                    if (number < channel.Min || number > channel.Max)
                    {
                        return "out of range";
                    }

                    q.Number = number;
                    break;
                case ChannelKind.Bool:
                    if (valueToken != JsonToken.True && valueToken != JsonToken.False)
                    {
                        return "expected true or false";
                    }

                    q.Bool = valueToken == JsonToken.True;
                    break;
                default:
                    if (valueToken != JsonToken.String)
                    {
                        return "expected a string";
                    }

                    // Re-read just the string token to decode it.
                    _reader.Reset(_idBuffer, valueStart, valueLength);
                    _reader.Read();
                    q.Text = _reader.GetString();
                    if (CheckTextFits(channel, q.Text) != null)
                    {
                        return "value too large";
                    }

                    break;
            }

            HubSetHandler handler = _setHandler;
            if (handler == null)
            {
                return "no handler for commands";
            }

            string error;
            try
            {
                error = handler(this, q);
            }
            catch (Exception e)
            {
                error = "handler failed: " + e.Message;
            }

            if (error != null)
            {
                return error;
            }

            if (channel.Kind == ChannelKind.Text && CheckTextFits(channel, q.Text) != null)
            {
                // The handler applied a value of its own that no message can carry.
                return "value too large";
            }

            // Recorded as a change even within the deadband or interval: the tabs must see it.
            switch (channel.Kind)
            {
                case ChannelKind.Number:
                    channel.NumberValue = q.Number;
                    break;
                case ChannelKind.Bool:
                    channel.BoolValue = q.Bool;
                    break;
                default:
                    channel.TextValue = q.Text;
                    break;
            }

            Record(channel, nowMs);
            q.Text = null;
            return null;
        }

        /// <summary>
        /// After a member's value was read: when it opened an object or an array, skips to its end,
        /// so the member is refused for its type and the rest of the command (its id) still read.
        /// </summary>
        /// <summary>
        /// True when the current string token equals the hub's token, compared in constant time:
        /// every byte of the secret is looked at whatever the guess, so the time taken tells
        /// nothing of how much of a guess was right. An escaped guess is decoded first (rare; it
        /// allocates), so escaping buys a guesser nothing either.
        /// </summary>
        private bool TokenMatches(JsonReader r)
        {
            byte[] b = r.Buffer;
            int from = r.TokenOffset + 1;
            int count = r.TokenLength - 2;
            for (int i = from; i < from + count; i++)
            {
                if (b[i] == (byte)'\\')
                {
                    byte[] decoded = Utf8Bytes(r.GetString());
                    return SecretEquals(decoded, 0, decoded.Length, _tokenUtf8);
                }
            }

            return SecretEquals(b, from, count, _tokenUtf8);
        }

        /// <summary>
        /// Compares <paramref name="count"/> bytes at <paramref name="offset"/> with
        /// <paramref name="secret"/> in time that depends only on the secret's length.
        /// </summary>
        internal static bool SecretEquals(byte[] buffer, int offset, int count, byte[] secret)
        {
            int diff = count ^ secret.Length;
            for (int i = 0; i < secret.Length; i++)
            {
                int b = i < count ? buffer[offset + i] : 0;
                diff |= b ^ secret[i];
            }

            return diff == 0;
        }

        private static JsonToken SkipContainer(JsonReader r, JsonToken t)
        {
            return t == JsonToken.BeginObject || t == JsonToken.BeginArray ? r.Skip() : t;
        }

        private HubChannel MatchChannel(JsonReader r)
        {
            for (int i = 0; i < _channelCount; i++)
            {
                if (r.ValueEquals(_channels[i].IdUtf8))
                {
                    return _channels[i];
                }
            }

            return null;
        }

        /// <summary>Writes the ack into the tab's ack buffer, cutting the error message to fit.</summary>
        private void WriteAck(int slot, string error)
        {
            _ackLength[slot] = WriteAckTo(_ack[slot], error);
        }

        /// <summary>Writes the ack of the command just executed into <paramref name="buffer"/>; its length, 0 when it does not fit.</summary>
        private int WriteAckTo(byte[] buffer, string error)
        {
            JsonWriter w = _writer;
            w.Reset(buffer, 0, buffer.Length);
            w.BeginObject();
            w.WriteName("t");
            w.WriteString("ack");
            w.WriteName("id");
            if (_idStart >= 0)
            {
                w.WriteRawValue(_idBuffer, _idStart, _idLength);
            }
            else
            {
                w.WriteNull();
            }

            w.WriteName("ok");
            w.WriteBool(error == null);
            if (error != null)
            {
                w.WriteName("error");
                int length = error.Length;
                w.Checkpoint();
                while (true)
                {
                    w.WriteString(error, 0, length);
                    w.EndObject();
                    if (!w.Overflowed || length == 0)
                    {
                        break;
                    }

                    w.RollBack();
                    length = length > 8 ? length - 8 : 0;
                }
            }
            else
            {
                w.EndObject();
            }

            int written = w.Overflowed ? 0 : w.Length;
            w.Reset(_out, 0, _out.Length);
            _idBuffer = null;
            return written;
        }

        /// <summary>Sends the tab's pending ack when it fits; true when nothing is pending any more.</summary>
        private bool FlushAck(int slot, long nowMs)
        {
            int length = _ackLength[slot];
            if (length == 0)
            {
                return true;
            }

            int tabId = _tabIds[slot];
            if (_transport.GetRoom(tabId) < length || !_transport.SendText(tabId, _ack[slot], 0, length))
            {
                return false;
            }

            _ackLength[slot] = 0;
            _lastSentAt[slot] = nowMs;
            return true;
        }

        // The request id of the command being handled: a slice of its input buffer.
        private byte[] _idBuffer;
        private int _idStart;
        private int _idLength;
    }
}
