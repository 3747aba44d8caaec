using System;

namespace NanoWs.Fuzz
{
    /// <summary>
    /// Parses everything a connection sends, byte by byte, and fails on anything malformed: an HTTP
    /// response head (a 101 is followed by frames, anything else by at most Content-Length body
    /// bytes), then frames that follow RFC 6455 §5 (no RSV bits, known opcodes, masked exactly
    /// when a client sends, minimal lengths, control frames unfragmented and ≤ 125 bytes, a valid
    /// close body, fragmentation in order) and nothing at all after a close frame (§5.5.1).
    /// </summary>
    internal sealed class OutgoingChecker
    {
        private const int ModeHttp = 0;
        private const int ModeBody = 1;
        private const int ModeFrames = 2;

        private readonly bool _masked;
        private readonly byte[] _head = new byte[2048];
        private readonly byte[] _header = new byte[14];
        private readonly byte[] _control = new byte[125];
        private readonly byte[] _mask = new byte[4];
        private int _mode;
        private int _headLength;
        private long _bodyLeft;
        private int _headerLength;
        private int _headerNeed;
        private bool _inPayload;
        private long _payloadLeft;
        private int _opcode;
        private bool _fin;
        private int _controlLength;
        private int _maskIndex;
        private bool _inMessage;

        public OutgoingChecker(bool masked, bool startWithHttpResponse)
        {
            _masked = masked;
            _mode = startWithHttpResponse ? ModeHttp : ModeFrames;
        }

        /// <summary>Code of the close frame sent (1005 when it had none), or 0 before one.</summary>
        public int CloseCode { get; private set; }

        /// <summary>Frames sent.</summary>
        public int Frames { get; private set; }

        /// <summary>Status of the HTTP response sent, or 0.</summary>
        public int HttpStatus { get; private set; }

        public void Feed(byte[] b, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                Step(b[i]);
            }
        }

        private void Step(byte b)
        {
            switch (_mode)
            {
                case ModeHttp:
                    StepHttp(b);
                    return;
                case ModeBody:
                    if (_bodyLeft == 0)
                    {
                        throw new FuzzCrashException("sent bytes after the HTTP response body");
                    }

                    _bodyLeft--;
                    return;
                default:
                    StepFrame(b);
                    return;
            }
        }

        private void StepHttp(byte b)
        {
            if (_headLength == _head.Length)
            {
                throw new FuzzCrashException("sent HTTP response head longer than 2048 bytes");
            }

            _head[_headLength++] = b;
            int n = _headLength;
            if (n < 4 || _head[n - 4] != '\r' || _head[n - 3] != '\n' || _head[n - 2] != '\r' || _head[n - 1] != '\n')
            {
                return;
            }

            string head = System.Text.Encoding.ASCII.GetString(_head, 0, n);
            if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || head.Length < 12
                || !char.IsDigit(head[9]) || !char.IsDigit(head[10]) || !char.IsDigit(head[11]) || head[12] != ' ')
            {
                throw new FuzzCrashException("malformed status line sent: " + head.Substring(0, Math.Min(40, head.Length)));
            }

            for (int i = 0; i < n; i++)
            {
                // RFC 9110 §5.5: no stray controls in what we send (header injection from peer data).
                byte c = _head[i];
                if ((c < 0x20 && c != '\r' && c != '\n') || c > 0x7E)
                {
                    throw new FuzzCrashException("control or non-ASCII byte in the sent HTTP head");
                }
            }

            HttpStatus = int.Parse(head.Substring(9, 3));
            if (HttpStatus == 101)
            {
                _mode = ModeFrames;
                return;
            }

            int at = head.IndexOf("\r\nContent-Length: ", StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FuzzCrashException("HTTP response without Content-Length sent");
            }

            int start = at + 18;
            int end = head.IndexOf('\r', start);
            _bodyLeft = long.Parse(head.Substring(start, end - start));
            _mode = ModeBody;
        }

        private void StepFrame(byte b)
        {
            if (CloseCode != 0)
            {
                // RFC 6455 §5.5.1: after sending a close frame, an endpoint sends no more data.
                throw new FuzzCrashException("sent bytes after a close frame");
            }

            if (!_inPayload)
            {
                _header[_headerLength++] = b;
                if (_headerLength == 2)
                {
                    CheckFirstTwo();
                }

                if (_headerLength >= 2 && _headerLength == _headerNeed)
                {
                    StartPayload();
                }

                return;
            }

            byte plain = _masked ? (byte)(b ^ _mask[_maskIndex++ & 3]) : b;
            if (_opcode >= 8)
            {
                _control[_controlLength++] = plain;
            }

            if (--_payloadLeft == 0)
            {
                EndFrame();
            }
        }

        private void CheckFirstTwo()
        {
            byte b0 = _header[0];
            byte b1 = _header[1];
            _fin = (b0 & 0x80) != 0;
            _opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0)
            {
                throw new FuzzCrashException("sent a frame with RSV bits set");
            }

            if (_opcode != 0 && _opcode != 1 && _opcode != 2 && _opcode != 8 && _opcode != 9 && _opcode != 10)
            {
                throw new FuzzCrashException("sent a frame with reserved opcode " + _opcode);
            }

            if (((b1 & 0x80) != 0) != _masked)
            {
                throw new FuzzCrashException(_masked ? "client sent an unmasked frame" : "server sent a masked frame");
            }

            int len7 = b1 & 0x7F;
            if (_opcode >= 8 && (!_fin || len7 > 125))
            {
                throw new FuzzCrashException("sent a fragmented or oversized control frame");
            }

            if (_opcode == 0 && !_inMessage)
            {
                throw new FuzzCrashException("sent a continuation frame outside a message");
            }

            if ((_opcode == 1 || _opcode == 2) && _inMessage)
            {
                throw new FuzzCrashException("sent a new data frame inside a fragmented message");
            }

            _headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (_masked ? 4 : 0);
        }

        private void StartPayload()
        {
            int len7 = _header[1] & 0x7F;
            int p = 2;
            long length = len7;
            if (len7 == 126)
            {
                length = (_header[2] << 8) | _header[3];
                p = 4;
                if (length < 126)
                {
                    throw new FuzzCrashException("sent a non-minimal 16-bit length");
                }
            }
            else if (len7 == 127)
            {
                length = 0;
                for (int i = 0; i < 8; i++)
                {
                    length = (length << 8) | _header[2 + i];
                }

                p = 10;
                if (length <= 0xFFFF)
                {
                    throw new FuzzCrashException("sent a non-minimal 64-bit length");
                }
            }

            if (_masked)
            {
                Array.Copy(_header, p, _mask, 0, 4);
            }

            _maskIndex = 0;
            _controlLength = 0;
            _headerLength = 0;
            _payloadLeft = length;
            _inPayload = true;
            if (length == 0)
            {
                EndFrame();
            }
        }

        private void EndFrame()
        {
            _inPayload = false;
            Frames++;
            if (_opcode < 8)
            {
                _inMessage = !_fin;
                return;
            }

            if (_opcode != 8)
            {
                return;
            }

            if (_controlLength == 1)
            {
                throw new FuzzCrashException("sent a close frame with a 1-byte body");
            }

            int code = 1005;
            if (_controlLength >= 2)
            {
                code = (_control[0] << 8) | _control[1];
                if (!CloseStatus.IsValidOnWire(code))
                {
                    throw new FuzzCrashException("sent close code " + code + ", which may not be sent");
                }

                if (!System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(_control, 2, _controlLength - 2)))
                {
                    throw new FuzzCrashException("sent a close reason that is not UTF-8");
                }
            }

            CloseCode = code;
        }
    }
}
