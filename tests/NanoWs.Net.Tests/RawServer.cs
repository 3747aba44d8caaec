using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// A hand-written WebSocket server over a raw TCP listener, for what a real server will not do
    /// to our client: hold the handshake unanswered, never answer a ping, read exactly the bytes the
    /// client writes.
    /// </summary>
    public sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener;

        public RawServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Url => "ws://127.0.0.1:" + Port + "/";

        /// <summary>True when a connection waits to be accepted.</summary>
        public bool Pending => _listener.Pending();

        /// <summary>Accepts the next connection (hang guard: <see cref="ServerHarness.Patience"/>).</summary>
        public Peer Accept()
        {
            var accept = _listener.AcceptSocketAsync();
            if (!accept.Wait(ServerHarness.Patience))
            {
                throw new TimeoutException("no connection came");
            }

            return new Peer(accept.Result);
        }

        public void Dispose()
        {
            _listener.Stop();
        }

        /// <summary>One accepted connection.</summary>
        public sealed class Peer : IDisposable
        {
            private readonly Socket _socket;
            private readonly NetworkStream _stream;

            internal Peer(Socket socket)
            {
                _socket = socket;
                _socket.ReceiveTimeout = (int)ServerHarness.Patience.TotalMilliseconds;
                _stream = new NetworkStream(socket, ownsSocket: true);
            }

            /// <summary>Reads the client's request head.</summary>
            public string ReadRequest()
            {
                var sb = new StringBuilder();
                while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    int b = _stream.ReadByte();
                    if (b < 0)
                    {
                        throw new EndOfStreamException("closed inside the request head: " + sb);
                    }

                    sb.Append((char)b);
                }

                return sb.ToString();
            }

            /// <summary>Answers <paramref name="request"/> with 101 (RFC 6455 §4.2.2).</summary>
            public void Accept(string request)
            {
                string key = null;
                foreach (string line in request.Split("\r\n"))
                {
                    if (line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
                    {
                        key = line.Substring(18).Trim();
                    }
                }

                string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                Write(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n"));
            }

            public void Write(byte[] bytes) => _stream.Write(bytes, 0, bytes.Length);

            /// <summary>Reads one client frame, unmasked; null at end of stream. Masked is whether it came masked.</summary>
            public (int Opcode, bool Masked, byte[] Payload)? ReadFrame()
            {
                int b0 = _stream.ReadByte();
                if (b0 < 0)
                {
                    return null;
                }

                int b1 = ReadByte();
                long length = b1 & 0x7F;
                if (length == 126)
                {
                    length = (ReadByte() << 8) | ReadByte();
                }
                else if (length == 127)
                {
                    length = 0;
                    for (int i = 0; i < 8; i++)
                    {
                        length = (length << 8) | (uint)ReadByte();
                    }
                }

                bool masked = (b1 & 0x80) != 0;
                byte[] mask = new byte[4];
                if (masked)
                {
                    _stream.ReadExactly(mask);
                }

                var payload = new byte[length];
                _stream.ReadExactly(payload);
                for (int i = 0; masked && i < payload.Length; i++)
                {
                    payload[i] ^= mask[i & 3];
                }

                return (b0 & 0x0F, masked, payload);
            }

            /// <summary>True once the client has closed the connection (reads until end of stream).</summary>
            public bool ReadsToEnd()
            {
                var buffer = new byte[4096];
                try
                {
                    while (_stream.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }

                    return true;
                }
                catch (IOException e) when (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.ConnectionReset)
                {
                    return true;
                }
            }

            private int ReadByte()
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new EndOfStreamException("closed inside a frame header");
                }

                return b;
            }

            public void Dispose()
            {
                _stream.Dispose();
            }
        }
    }
}
