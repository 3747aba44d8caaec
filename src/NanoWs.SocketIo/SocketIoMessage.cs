using System;

namespace NanoWs.SocketIo
{
    /// <summary>
    /// The arguments of an event or acknowledgement, as UTF-8 JSON in a buffer the server reuses:
    /// valid only while the handler runs. Nothing is decoded until asked; the string getters allocate.
    /// </summary>
    /// <remarks>
    /// For <c>socket.emit("chat", {"a":1}, 2)</c> the arguments are <c>{"a":1},2</c>: the JSON
    /// array without its brackets and without the event name. Binary attachments keep their
    /// placeholders (<c>{"_placeholder":true,"num":N}</c>) in the arguments; attachment N is
    /// <see cref="GetAttachmentOffset"/>(N) / <see cref="GetAttachmentCount"/>(N) of <see cref="Buffer"/>.
    /// </remarks>
    public sealed class SocketIoMessage
    {
        // Byte budget: 7 fields (~32 bytes) plus the two attachment tables (8 bytes per attachment).
        private byte[] _buffer;
        private int _argsOffset;
        private int _argsCount;
        private int _ackId;
        private int _attachments;
        private readonly int[] _attachmentOffset;
        private readonly int[] _attachmentCount;

        internal SocketIoMessage(int maxAttachments)
        {
            _attachmentOffset = new int[maxAttachments];
            _attachmentCount = new int[maxAttachments];
            _ackId = -1;
        }

        /// <summary>The buffer that holds the arguments and the attachments.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset in <see cref="Buffer"/> of the arguments' JSON.</summary>
        public int ArgsOffset
        {
            get { return _argsOffset; }
        }

        /// <summary>Length in bytes of the arguments' JSON (0 when there are none).</summary>
        public int ArgsCount
        {
            get { return _argsCount; }
        }

        /// <summary>The id the client awaits an acknowledgement for, or -1; answer with <see cref="SocketIoSocket.Ack(int, string)"/>.</summary>
        public int AckId
        {
            get { return _ackId; }
        }

        /// <summary>Number of binary attachments.</summary>
        public int AttachmentCount
        {
            get { return _attachments; }
        }

        /// <summary>Offset in <see cref="Buffer"/> of attachment <paramref name="index"/>.</summary>
        public int GetAttachmentOffset(int index)
        {
            CheckAttachment(index);
            return _attachmentOffset[index];
        }

        /// <summary>Length in bytes of attachment <paramref name="index"/>.</summary>
        public int GetAttachmentCount(int index)
        {
            CheckAttachment(index);
            return _attachmentCount[index];
        }

        /// <summary>The arguments' JSON as a new string (allocates).</summary>
        public string GetArgsString()
        {
            return _argsCount == 0 ? string.Empty : Utf8.GetString(_buffer, _argsOffset, _argsCount);
        }

        /// <summary>Number of top-level arguments.</summary>
        public int ArgCount
        {
            get
            {
                int n = 0;
                int i = _argsOffset;
                int end = _argsOffset + _argsCount;
                while (true)
                {
                    i = JsonScan.SkipWhitespace(_buffer, i, end);
                    if (i >= end)
                    {
                        return n;
                    }

                    i = JsonScan.SkipValue(_buffer, i, end, 1);
                    n++;
                    i = JsonScan.SkipWhitespace(_buffer, i, end);
                    if (i < end)
                    {
                        i++; // the comma; the decoder checked the syntax
                    }
                }
            }
        }

        /// <summary>
        /// Finds top-level argument <paramref name="index"/>: returns its length and sets
        /// <paramref name="offset"/>, or returns -1 when there is no such argument.
        /// </summary>
        public int GetArg(int index, out int offset)
        {
            int i = _argsOffset;
            int end = _argsOffset + _argsCount;
            for (int n = 0; ; n++)
            {
                i = JsonScan.SkipWhitespace(_buffer, i, end);
                if (i >= end)
                {
                    offset = 0;
                    return -1;
                }

                int start = i;
                i = JsonScan.SkipValue(_buffer, i, end, 1);
                if (n == index)
                {
                    offset = start;
                    return i - start;
                }

                i = JsonScan.SkipWhitespace(_buffer, i, end);
                if (i < end)
                {
                    i++;
                }
            }
        }

        /// <summary>Argument <paramref name="index"/> as JSON text (allocates), or null when absent.</summary>
        public string GetArgString(int index)
        {
            int offset;
            int n = GetArg(index, out offset);
            return n < 0 ? null : Utf8.GetString(_buffer, offset, n);
        }

        internal void Set(byte[] buffer, int argsOffset, int argsCount, int ackId)
        {
            _buffer = buffer;
            _argsOffset = argsOffset;
            _argsCount = argsCount;
            _ackId = ackId;
            _attachments = 0;
        }

        internal void AddAttachment(int offset, int count)
        {
            _attachmentOffset[_attachments] = offset;
            _attachmentCount[_attachments] = count;
            _attachments++;
        }

        private void CheckAttachment(int index)
        {
            if (index < 0 || index >= _attachments)
            {
                throw new ArgumentOutOfRangeException("index");
            }
        }
    }
}
