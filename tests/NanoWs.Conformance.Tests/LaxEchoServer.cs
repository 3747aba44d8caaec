using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using NanoWs.Tests;

namespace NanoWs.Conformance.Tests
{
    /// <summary>
    /// A deliberately lax echo server: it completes the handshake and sends every frame back as it
    /// came (unmasked), but checks nothing else: no RSV check, any opcode, no UTF-8 validation, no
    /// close-code or control-frame-length check. The conformance runner must report it FAILED.
    /// </summary>
    public sealed class LaxEchoServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly Thread _thread;
        private volatile bool _stopping;

        public LaxEchoServer()
        {
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(16);
            _thread = new Thread(AcceptLoop) { IsBackground = true };
            _thread.Start();
        }

        public Uri Url => new Uri("ws://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndPoint).Port + "/");

        public void Dispose()
        {
            _stopping = true;
            _listener.Close();
            _thread.Join(2000);
        }

        private void AcceptLoop()
        {
            while (!_stopping)
            {
                Socket socket;
                try
                {
                    socket = _listener.Accept();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                new Thread(() => Serve(socket)) { IsBackground = true }.Start();
            }
        }

        private static void Serve(Socket socket)
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            try
            {
                string head = ReadHead(stream);
                string key = null;
                foreach (string line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
                    {
                        key = line.Substring(18).Trim();
                    }
                }

                string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                byte[] response = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n");
                stream.Write(response);
                EchoFrames(stream, mask: false);
            }
            catch (IOException)
            {
                // The tester went away (end of stream included).
            }
        }

        /// <summary>
        /// Sends every frame back as it came (FIN, RSV and opcode kept, masked when
        /// <paramref name="mask"/>), a ping as a pong, until a close frame (echoed too) or end of stream.
        /// </summary>
        internal static void EchoFrames(Stream stream, bool mask)
        {
            while (true)
            {
                int b0 = stream.ReadByte();
                int b1 = stream.ReadByte();
                if (b0 < 0 || b1 < 0)
                {
                    return;
                }

                long length = b1 & 0x7F;
                if (length == 126)
                {
                    length = (stream.ReadByte() << 8) | stream.ReadByte();
                }
                else if (length == 127)
                {
                    var ext = new byte[8];
                    stream.ReadExactly(ext);
                    length = 0;
                    foreach (byte x in ext) length = (length << 8) | x;
                }

                var key4 = new byte[4];
                if ((b1 & 0x80) != 0) stream.ReadExactly(key4);
                var payload = new byte[length];
                stream.ReadExactly(payload);
                for (int i = 0; i < payload.Length; i++) payload[i] ^= key4[i & 3];
                int opcode = b0 & 0x0F;
                int first = opcode == 9 ? (b0 & 0xF0) | 0xA : b0;
                stream.Write(Frame(first, payload, mask));
                if (opcode == 8)
                {
                    return;
                }
            }
        }

        private static byte[] Frame(int first, byte[] payload, bool mask)
        {
            return RawFrame.Build(first, payload, mask ? RandomNumberGenerator.GetBytes(4) : null);
        }

        internal static string ReadHead(Stream stream)
        {
            var sb = new StringBuilder();
            while (!sb.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    throw new EndOfStreamException();
                }

                sb.Append((char)b);
            }

            return sb.ToString();
        }
    }
}
