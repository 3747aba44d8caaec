using System;

namespace NanoWs.SocketIo
{
    // Socket.IO protocol v5 packets inside Engine.IO messages: decoding as the reference decoder
    // (socket.io-parser) does, and dispatch to namespaces, handlers and acknowledgements.
    public sealed partial class SocketIoServer
    {
        private const int Connect = 0;
        private const int Disconnect = 1;
        private const int Event = 2;
        private const int AckType = 3;
        private const int ConnectError = 4;
        private const int BinaryEvent = 5;
        private const int BinaryAck = 6;

        // The packet being decoded (one thread drives the server).
        private int _type;
        private int _attachments;
        private int _nsStart;
        private int _nsLength;
        private int _id;
        private int _payStart;
        private int _payEnd;

        /// <summary>
        /// Decodes <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;id&gt;][&lt;JSON&gt;]</c>
        /// (socket.io-protocol v5 "Packet encoding"); false when malformed.
        /// </summary>
        private bool Decode(byte[] b, int p, int end)
        {
            if (p >= end || b[p] < (byte)'0' || b[p] > (byte)'6')
            {
                return false;
            }

            _type = b[p] - '0';
            p++;
            _attachments = 0;
            if (_type == BinaryEvent || _type == BinaryAck)
            {
                int n = 0;
                int digits = 0;
                while (p < end && b[p] >= (byte)'0' && b[p] <= (byte)'9' && digits < 4)
                {
                    n = n * 10 + (b[p] - '0');
                    p++;
                    digits++;
                }

                if (p >= end || b[p] != (byte)'-' || digits == 0 || n < 1 || n > _o.MaxAttachments)
                {
                    return false;
                }

                _attachments = n;
                p++;
            }

            _nsStart = p;
            _nsLength = 0;
            if (p < end && b[p] == (byte)'/')
            {
                int q = p;
                while (q < end && b[q] != (byte)',')
                {
                    q++;
                }

                _nsLength = q - p;
                p = q < end ? q + 1 : q;
            }

            _id = -1;
            if (p < end && b[p] >= (byte)'0' && b[p] <= (byte)'9')
            {
                int id = 0;
                int digits = 0;
                while (p < end && b[p] >= (byte)'0' && b[p] <= (byte)'9')
                {
                    if (++digits > 9)
                    {
                        return false;
                    }

                    id = id * 10 + (b[p] - '0');
                    p++;
                }

                _id = id;
            }

            _payStart = p;
            _payEnd = end;
            if (p == end)
            {
                // No payload: valid for CONNECT and DISCONNECT only.
                return _type == Connect || _type == Disconnect;
            }

            if (!JsonScan.IsSingleValue(b, p, end))
            {
                return false;
            }

            _payStart = JsonScan.SkipWhitespace(b, p, end);
            while (_payEnd > _payStart && b[_payEnd - 1] <= 0x20)
            {
                _payEnd--;
            }

            byte first = b[_payStart];
            switch (_type)
            {
                case Connect:
                    return first == (byte)'{';
                case Event:
                case BinaryEvent:
                    return first == (byte)'[' && EventNameValid(b, _payStart + 1, _payEnd);
                case AckType:
                case BinaryAck:
                    return first == (byte)'[';
                default:
                    // DISCONNECT carries no payload; CONNECT_ERROR is never sent by a client.
                    return false;
            }
        }

        // The first element is the event name: a string other than the reserved ones, or a number.
        private static bool EventNameValid(byte[] b, int p, int end)
        {
            p = JsonScan.SkipWhitespace(b, p, end);
            if (p >= end)
            {
                return false;
            }

            if (b[p] == (byte)'"')
            {
                int q = JsonScan.SkipString(b, p, end);
                return !JsonStringEquals(b, p, q, "connect") && !JsonStringEquals(b, p, q, "connect_error")
                    && !JsonStringEquals(b, p, q, "disconnect") && !JsonStringEquals(b, p, q, "disconnecting")
                    && !JsonStringEquals(b, p, q, "newListener") && !JsonStringEquals(b, p, q, "removeListener");
            }

            return b[p] == (byte)'-' || (b[p] >= (byte)'0' && b[p] <= (byte)'9');
        }

        private void ReceiveMessage(EngineSession s, byte[] b, int p, int end)
        {
            if (s.BinExpected > 0)
            {
                // A text packet while the attachments of a binary one are awaited.
                Close(s, "parse error");
                return;
            }

            // engine.io-protocol v4: text packets are UTF-8 (RFC 3629); a long-polling body is not
            // checked by any lower layer, so invalid sequences are refused here.
            if (!Utf8.IsValid(b, p, end - p) || !Decode(b, p, end))
            {
                Close(s, "parse error");
                return;
            }

            if (_attachments > 0)
            {
                int len = end - p;
                if (len > s.Bin.Length)
                {
                    Close(s, "parse error");
                    return;
                }

                Array.Copy(b, p, s.Bin, 0, len);
                s.BinHeader = len;
                s.BinUsed = len;
                s.BinAttachments = 0;
                s.BinExpected = _attachments;
                return;
            }

            Dispatch(s, b, 0);
        }

        private bool ReserveAttachment(EngineSession s, int count)
        {
            if (s.BinExpected == 0 || s.Bin.Length - s.BinUsed < count)
            {
                Close(s, "parse error");
                return false;
            }

            return true;
        }

        private void AttachmentReceived(EngineSession s, int count)
        {
            s.BinOffset[s.BinAttachments] = s.BinUsed;
            s.BinCount[s.BinAttachments] = count;
            s.BinAttachments++;
            s.BinUsed += count;
            if (--s.BinExpected > 0)
            {
                return;
            }

            Decode(s.Bin, 0, s.BinHeader);
            Dispatch(s, s.Bin, s.BinAttachments);
            s.BinUsed = 0;
            s.BinAttachments = 0;
        }

        private int FindNamespace(byte[] b)
        {
            if (_nsLength == 0)
            {
                return 0;
            }

            for (int i = 0; i < _namespaceCount; i++)
            {
                string name = _namespaces[i].Name;
                if (name.Length != _nsLength)
                {
                    continue;
                }

                bool same = true;
                for (int k = 0; k < _nsLength && same; k++)
                {
                    same = b[_nsStart + k] == (byte)name[k];
                }

                if (same)
                {
                    return i;
                }
            }

            return -1;
        }

        private void Dispatch(EngineSession s, byte[] b, int attachments)
        {
            int ns = FindNamespace(b);
            if (_type == Connect)
            {
                ConnectNamespace(s, b, ns);
                return;
            }

            SocketIoSocket socket = ns < 0 ? null : s.Sockets[ns];
            if (socket == null || !socket.Connected)
            {
                // Reference server: a packet for a namespace the client is not connected to closes it.
                Close(s, "forced server close");
                return;
            }

            switch (_type)
            {
                case Disconnect:
                    socket.Disconnected("client namespace disconnect");
                    return;
                case Event:
                case BinaryEvent:
                    {
                        int nameStart = JsonScan.SkipWhitespace(b, _payStart + 1, _payEnd);
                        int nameEnd = JsonScan.SkipValue(b, nameStart, _payEnd, 1);
                        SocketIoEventHandler h = b[nameStart] == (byte)'"' ? socket.FindHandler(b, nameStart, nameEnd) : null;
                        if (h == null)
                        {
                            return;
                        }

                        int args = JsonScan.SkipWhitespace(b, nameEnd, _payEnd);
                        if (b[args] == (byte)',')
                        {
                            args++;
                        }

                        SetMessage(s, b, args, attachments);
                        h(socket, _message);
                        return;
                    }

                default:
                    {
                        // ACK / BINARY_ACK: the answer to an emit with an acknowledgement.
                        SocketIoEventHandler h = _id < 0 ? null : socket.TakeAck(_id);
                        if (h != null)
                        {
                            SetMessage(s, b, _payStart + 1, attachments);
                            h(socket, _message);
                        }

                        return;
                    }
            }
        }

        private void SetMessage(EngineSession s, byte[] b, int args, int attachments)
        {
            // The arguments end before the array's closing bracket.
            int argsEnd = _payEnd - 1;
            args = JsonScan.SkipWhitespace(b, args, argsEnd);
            _message.Set(b, args, argsEnd - args, _type == Event || _type == BinaryEvent ? _id : -1);
            for (int i = 0; i < attachments; i++)
            {
                _message.AddAttachment(s.BinOffset[i], s.BinCount[i]);
            }
        }

        private void ConnectNamespace(EngineSession s, byte[] b, int ns)
        {
            if (ns < 0)
            {
                WriteConnectError(s, b, _nsStart, _nsLength, "Invalid namespace");
                return;
            }

            SocketIoSocket socket = s.Sockets[ns];
            if (socket.Connected)
            {
                Close(s, "forced server close");
                return;
            }

            SocketIoNamespace space = _namespaces[ns];
            socket.Connecting();
            SocketIoAuthHandler auth = space.AuthHandler;
            if (auth != null)
            {
                _message.Set(b, _payStart, _payEnd - _payStart, -1);
                string refusal = auth(socket, _message);
                if (refusal != null)
                {
                    WriteConnectError(s, b, _nsStart, _nsLength, refusal);
                    return;
                }
            }

            WriteConnectOk(s, socket);
            socket.MarkConnected();
            s.ConnectDeadline = -1;
            SocketIoConnectionHandler h = space.ConnectionHandler;
            if (h != null)
            {
                h(socket);
            }
        }
    }
}
