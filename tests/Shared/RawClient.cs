using System;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace NanoWs.Tests
{
    /// <summary>
    /// A hand-written WebSocket client over a raw TCP socket, for what ClientWebSocket cannot do:
    /// stay idle, ignore pings, send malformed frames, observe exactly what the server writes.
    /// </summary>
    public sealed class RawClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;

        /// <param name="receiveBufferSize">When positive, the socket's receive buffer (set before connecting, so the window starts small).</param>
        /// <param name="localAddress">When set, the address the connection comes from (e.g. 127.0.0.2, another peer on loopback).</param>
        public RawClient(int port, int receiveBufferSize = 0, string localAddress = null)
        {
            _tcp = localAddress == null
                ? new TcpClient()
                : new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(localAddress), 0));
            if (receiveBufferSize > 0)
            {
                _tcp.ReceiveBufferSize = receiveBufferSize;
            }

            _tcp.Connect("127.0.0.1", port);
            _tcp.ReceiveTimeout = (int)ServerHarness.Patience.TotalMilliseconds;
            _stream = _tcp.GetStream();
        }

        public NetworkStream Stream => _stream;

        /// <summary>Sends an upgrade request and returns the response head (status line and headers).</summary>
        public string Handshake(string path = "/", string extraHeaders = "")
        {
            string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
            WriteAscii(request);
            return ReadHead();
        }

        public void WriteAscii(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            _stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Reads up to and including the empty line that ends an HTTP head.</summary>
        public string ReadHead()
        {
            var sb = new StringBuilder();
            while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new EndOfStreamException("connection closed inside the response head: " + sb);
                }

                sb.Append((char)b);
            }

            return sb.ToString();
        }

        /// <summary>Writes one frame, masked unless <paramref name="masked"/> is false.</summary>
        public void SendFrame(int opcode, byte[] payload, bool fin = true, bool masked = true)
        {
            byte[] bytes = RawFrame.Build((fin ? 0x80 : 0) | opcode, payload ?? Array.Empty<byte>(),
                masked ? new byte[] { 0x12, 0x34, 0x56, 0x78 } : null);
            _stream.Write(bytes, 0, bytes.Length);
        }

        public void SendClose(int code, string reason = "")
        {
            byte[] r = Encoding.UTF8.GetBytes(reason);
            var payload = new byte[2 + r.Length];
            payload[0] = (byte)(code >> 8);
            payload[1] = (byte)code;
            r.CopyTo(payload, 2);
            SendFrame(0x8, payload);
        }

        /// <summary>Reads one frame; returns null at end of stream.</summary>
        public Frame ReadFrame()
        {
            int b0 = _stream.ReadByte();
            if (b0 < 0)
            {
                return null;
            }

            int b1 = ReadByteOrThrow();
            long length = b1 & 0x7F;
            if (length == 126)
            {
                length = (ReadByteOrThrow() << 8) | ReadByteOrThrow();
            }
            else if (length == 127)
            {
                length = 0;
                for (int i = 0; i < 8; i++)
                {
                    length = (length << 8) | (uint)ReadByteOrThrow();
                }
            }

            if ((b1 & 0x80) != 0)
            {
                throw new InvalidDataException("server frame is masked");
            }

            var payload = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = _stream.Read(payload, read, (int)(length - read));
                if (n <= 0)
                {
                    throw new EndOfStreamException("connection closed inside a frame");
                }

                read += n;
            }

            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        }

        /// <summary>Reads frames until a close frame; returns its code (1005 when empty), or -1 at end of stream first.</summary>
        public int ReadUntilClose()
        {
            while (true)
            {
                Frame frame = ReadFrame();
                if (frame == null)
                {
                    return -1;
                }

                if (frame.Opcode == 0x8)
                {
                    return frame.Payload.Length >= 2 ? (frame.Payload[0] << 8) | frame.Payload[1] : 1005;
                }
            }
        }

        /// <summary>
        /// True, without waiting, when the socket is readable: for a client that expects nothing
        /// (it sent no request), that is the server's end of stream or reset.
        /// </summary>
        public bool IsReadable() => _tcp.Client.Poll(0, SelectMode.SelectRead);

        /// <summary>True once the server has closed the TCP connection (reads until end of stream).</summary>
        public bool ReadsToEnd()
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    if (_stream.Read(buffer, 0, buffer.Length) <= 0)
                    {
                        return true;
                    }
                }
            }
            catch (IOException e) when (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
        }

        private int ReadByteOrThrow()
        {
            int b = _stream.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("connection closed inside a frame header");
            }

            return b;
        }

        public void Dispose()
        {
            _tcp.Dispose();
        }

        public sealed record Frame(bool Fin, int Opcode, byte[] Payload);
    }
}
