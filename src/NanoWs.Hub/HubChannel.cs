using System;

namespace NanoWs.Hub
{
    /// <summary>The type of a channel's value.</summary>
    public enum ChannelKind
    {
        /// <summary>A number (JSON number; NaN is sent as null).</summary>
        Number,

        /// <summary>A boolean.</summary>
        Bool,

        /// <summary>A string.</summary>
        Text,
    }

    /// <summary>
    /// One named value of a <see cref="ChannelHub"/>: its description (sent to every tab in the
    /// <c>hello</c> message), its change-detection settings and its latest recorded value. Created by
    /// <see cref="ChannelHub.AddNumber"/>, <see cref="ChannelHub.AddBool"/> and
    /// <see cref="ChannelHub.AddText"/>; values are changed through <see cref="ChannelHub.Publish(HubChannel, double, long)"/>
    /// and its overloads.
    /// </summary>
    public sealed class HubChannel
    {
        // Byte budget: ~120 bytes of fields plus the id, label and unit strings and the id's UTF-8
        // copy (for matching incoming commands without decoding them).
        private readonly string _id;
        private readonly byte[] _idUtf8;
        private readonly string _label;
        private readonly string _unit;
        private readonly ChannelKind _kind;
        private readonly double _min;
        private readonly double _max;
        private readonly bool _writable;
        private readonly int _index;
        private double _deadband;
        private int _minIntervalMs;
        private int _decimals = -1;

        // Latest recorded value and when it was recorded.
        internal bool HasValue;
        internal double NumberValue;
        internal bool BoolValue;
        internal string TextValue;
        internal long RecordedAt;
        internal long Seq;

        // A change held back by MinIntervalMs, recorded by ChannelHub.Pump once the interval passed.
        internal bool HasHeld;
        internal double HeldNumber;
        internal bool HeldBool;
        internal string HeldText;

        // The history ring of a numeric channel (null: none); see ChannelHub.History.
        internal float[] History;

        internal HubChannel(int index, string id, string label, string unit, ChannelKind kind, double min, double max, bool writable)
        {
            if (id == null || id.Length == 0)
            {
                throw new ArgumentException("a channel needs an id");
            }

            _index = index;
            _id = id;
            _idUtf8 = Utf8Of(id);
            _label = label == null ? id : label;
            _unit = unit == null ? string.Empty : unit;
            _kind = kind;
            _min = min;
            _max = max;
            _writable = writable;
        }

        /// <summary>The channel's id, the key of its value in <c>state</c> messages and of <c>set</c> commands.</summary>
        public string Id
        {
            get { return _id; }
        }

        /// <summary>Human-readable name shown by the page.</summary>
        public string Label
        {
            get { return _label; }
        }

        /// <summary>Unit shown after the value ("°C", "%"), or empty.</summary>
        public string Unit
        {
            get { return _unit; }
        }

        /// <summary>The value type.</summary>
        public ChannelKind Kind
        {
            get { return _kind; }
        }

        /// <summary>Lowest valid value of a number channel, or NaN for none (sent as null).</summary>
        public double Min
        {
            get { return _min; }
        }

        /// <summary>Highest valid value of a number channel, or NaN for none (sent as null).</summary>
        public double Max
        {
            get { return _max; }
        }

        /// <summary>True when tabs may set the channel with a <c>set</c> command.</summary>
        public bool Writable
        {
            get { return _writable; }
        }

        /// <summary>Position of the channel in the hub (0-based, the order of the <c>hello</c> list).</summary>
        public int Index
        {
            get { return _index; }
        }

        /// <summary>
        /// Number channels: a new value is recorded only when it differs from the recorded one by at
        /// least this much (0, the default: any difference).
        /// </summary>
        public double Deadband
        {
            get { return _deadband; }
            set
            {
                if (!(value >= 0))
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _deadband = value;
            }
        }

        /// <summary>
        /// Least time between two recorded changes, in ms (0, the default: none). A change that comes
        /// sooner is held and recorded by <see cref="ChannelHub.Pump"/> once the interval has passed,
        /// unless a later publish takes it back.
        /// </summary>
        public int MinIntervalMs
        {
            get { return _minIntervalMs; }
            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _minIntervalMs = value;
            }
        }

        /// <summary>
        /// Number channels: decimals sent on the wire (0 to 9), or -1 (default) for up to 10
        /// significant digits.
        /// </summary>
        public int Decimals
        {
            get { return _decimals; }
            set
            {
                if (value < -1 || value > JsonWriter.MaxDecimals)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _decimals = value;
            }
        }

        internal byte[] IdUtf8
        {
            get { return _idUtf8; }
        }

        /// <summary>Writes the recorded value (null when there is none).</summary>
        internal void WriteValue(JsonWriter writer)
        {
            if (!HasValue)
            {
                writer.WriteNull();
                return;
            }

            switch (_kind)
            {
                case ChannelKind.Number:
                    if (_decimals >= 0)
                    {
                        writer.WriteNumber(NumberValue, _decimals);
                    }
                    else
                    {
                        writer.WriteNumber(NumberValue);
                    }

                    break;
                case ChannelKind.Bool:
                    writer.WriteBool(BoolValue);
                    break;
                default:
                    writer.WriteString(TextValue);
                    break;
            }
        }

        /// <summary>Writes the channel's description for the <c>hello</c> message.</summary>
        internal void WriteDescription(JsonWriter writer)
        {
            writer.BeginObject();
            writer.WriteName("id");
            writer.WriteString(_id);
            writer.WriteName("label");
            writer.WriteString(_label);
            writer.WriteName("unit");
            writer.WriteString(_unit);
            writer.WriteName("kind");
            writer.WriteString(_kind == ChannelKind.Number ? "number" : _kind == ChannelKind.Bool ? "bool" : "text");
            writer.WriteName("min");
            writer.WriteNumber(_min);
            writer.WriteName("max");
            writer.WriteNumber(_max);
            writer.WriteName("writable");
            writer.WriteBool(_writable);
            writer.WriteName("value");
            WriteValue(writer);
            writer.EndObject();
        }

        private static byte[] Utf8Of(string s)
        {
            // The JSON writer's encoder (6 bytes per char at most), minus the quotes.
            byte[] scratch = new byte[(s.Length * 6) + 2];
            JsonWriter w = new JsonWriter(scratch);
            w.WriteString(s);
            int n = 0;
            byte[] raw = new byte[w.Length - 2];
            for (int i = 1; i < w.Length - 1; i++)
            {
                raw[n++] = scratch[i];
            }

            // Escapes written by the writer are not part of the id's UTF-8: ids with quotes,
            // backslashes or control characters are refused instead.
            char[] chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < 0x20 || chars[i] == '"' || chars[i] == '\\')
                {
                    throw new ArgumentException("a channel id may not hold quotes, backslashes or control characters");
                }
            }

            return raw;
        }
    }
}
