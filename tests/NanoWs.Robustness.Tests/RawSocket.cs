using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using NanoWs.Tests;

namespace NanoWs.Robustness.Tests
{
    /// <summary>
    /// A bare TCP peer for the hostile cases: it can stay silent, trickle bytes, stop reading with a
    /// tiny receive window, or vanish with a reset (linger 0).
    /// </summary>
    public sealed class RawSocket : IDisposable
    {
        public readonly Socket Socket;

        /// <param name="localAddress">When set, the address the connection comes from (127.0.0.2: another machine on loopback).</param>
        public RawSocket(int port, int receiveBufferSize = 0, string localAddress = null)
        {
            Socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (localAddress != null)
            {
                Socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            }

            if (receiveBufferSize > 0)
            {
                // Before Connect, so the advertised window is small from the start.
                Socket.ReceiveBufferSize = receiveBufferSize;
            }

            Socket.ReceiveTimeout = (int)ServerHarness.Patience.TotalMilliseconds;
            Socket.SendTimeout = (int)ServerHarness.Patience.TotalMilliseconds;
            Socket.Connect(IPAddress.Loopback, port);
        }

        public static string UpgradeRequest(string path)
        {
            string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        }

        /// <summary>Sends an upgrade request and reads the response head; throws unless it is 101.</summary>
        public void Handshake(string path = "/")
        {
            Socket.Send(Encoding.ASCII.GetBytes(UpgradeRequest(path)));
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (Socket.Receive(one) <= 0)
                {
                    throw new EndOfStreamException("closed during the handshake: " + head);
                }

                head.Append((char)one[0]);
            }

            if (!head.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new IOException("handshake refused: " + head);
            }
        }

        /// <summary>A masked frame (RFC 6455 §5.2) with a fixed mask key.</summary>
        public static byte[] Frame(int opcode, byte[] payload, bool fin = true)
        {
            return RawFrame.Build((fin ? 0x80 : 0) | opcode, payload, new byte[] { 0x5A, 0xC3, 0x0F, 0x96 });
        }

        public static byte[] CloseFrame(int code, string reason = "")
        {
            byte[] r = Encoding.UTF8.GetBytes(reason);
            var payload = new byte[2 + r.Length];
            payload[0] = (byte)(code >> 8);
            payload[1] = (byte)code;
            r.CopyTo(payload, 2);
            return Frame(0x8, payload);
        }

        /// <summary>Sends, reporting false instead of throwing once the server has gone.</summary>
        public bool TrySend(byte[] bytes)
        {
            try
            {
                Socket.Send(bytes);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        /// <summary>True when the server has closed the connection (end of stream or reset) without waiting.</summary>
        public bool ServerHasClosed()
        {
            try
            {
                if (!Socket.Poll(0, SelectMode.SelectRead))
                {
                    return false;
                }

                var buffer = new byte[65536];
                while (Socket.Available > 0)
                {
                    if (Socket.Receive(buffer) <= 0)
                    {
                        return true;
                    }
                }

                return Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0 && Socket.Receive(buffer) <= 0;
            }
            catch (SocketException)
            {
                return true;
            }
        }

        /// <summary>Reads and discards until the server ends the connection (bounded by the receive timeout).</summary>
        public bool ReadsToEnd()
        {
            var buffer = new byte[65536];
            try
            {
                while (Socket.Receive(buffer) > 0)
                {
                }

                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        /// <summary>Vanishes: a reset instead of an orderly close, and no close frame.</summary>
        public void Reset()
        {
            try
            {
                Socket.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }

            Socket.Close();
        }

        public void Dispose()
        {
            Socket.Dispose();
        }
    }
}
