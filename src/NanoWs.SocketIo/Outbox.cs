using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// A session's bounded queue of Engine.IO packets waiting for the transport, in one byte array
    /// allocated at start. Each record is a 3-byte header (length high, length low, kind) and the
    /// packet: text packets hold their type digit and data (<c>42["news",{}]</c>), binary packets
    /// their raw bytes. When it is full, emits fail; it never grows.
    /// </summary>
    internal sealed class Outbox
    {
        internal const int Header = 3;
        internal const byte KindText = 0;
        internal const byte KindBinary = 1;
        internal const byte KindLatest = 2; // a text packet an EmitLatest of the same event may replace

        // Byte budget: the array (OutboxBytes) and two ints.
        private readonly byte[] _buf;
        private int _used;
        private int _mark;

        internal Outbox(int size)
        {
            _buf = new byte[size];
        }

        internal byte[] Buffer
        {
            get { return _buf; }
        }

        internal int Used
        {
            get { return _used; }
        }

        internal bool IsEmpty
        {
            get { return _used == 0; }
        }

        internal int Free
        {
            get { return _buf.Length - _used; }
        }

        internal void Clear()
        {
            _used = 0;
        }

        /// <summary>Starts a record; returns the offset to write its packet at, or -1 when fewer than
        /// <paramref name="reserve"/> + header bytes are free.</summary>
        internal int Begin(int reserve)
        {
            if (_buf.Length - _used < Header + 1 + reserve)
            {
                return -1;
            }

            _mark = _used;
            return _used + Header;
        }

        /// <summary>Ends the record begun last, whose packet ends at <paramref name="end"/>.</summary>
        internal void Commit(int end, byte kind)
        {
            int len = end - _mark - Header;
            _buf[_mark] = (byte)(len >> 8);
            _buf[_mark + 1] = (byte)len;
            _buf[_mark + 2] = kind;
            _used = end;
        }

        internal int Limit
        {
            get { return _buf.Length; }
        }

        internal int RecordLength(int at)
        {
            return (_buf[at] << 8) | _buf[at + 1];
        }

        internal byte RecordKind(int at)
        {
            return _buf[at + 2];
        }

        /// <summary>Removes the record at <paramref name="at"/>, moving the later ones down.</summary>
        internal void Remove(int at)
        {
            int size = Header + RecordLength(at);
            Array.Copy(_buf, at + size, _buf, at, _used - at - size);
            _used -= size;
        }

        /// <summary>Drops everything from <paramref name="used"/> on (undoes records appended after it).</summary>
        internal void RemoveTail(int used)
        {
            _used = used;
        }

        /// <summary>Removes the first <paramref name="bytes"/> bytes (whole records).</summary>
        internal void RemoveFront(int bytes)
        {
            Array.Copy(_buf, bytes, _buf, 0, _used - bytes);
            _used -= bytes;
        }
    }
}
