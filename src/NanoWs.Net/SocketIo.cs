using System;
using System.Net;
using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// The few socket operations the server and the client share, written so that they never wait:
    /// a write happens only when <c>Poll</c> reports room, a read only when it reports data or the
    /// end of the stream. Only members that nanoFramework's System.Net and .NET both have are used.
    /// </summary>
    internal static class SocketIo
    {
        /// <summary>
        /// Most bytes one <c>Send</c> call is given. A socket that <c>Poll</c> reports writable has
        /// room for at least this much on the stacks that matter: lwIP (ESP32, STM32) reports
        /// writability only above TCP_SNDLOWAT, at least 2 × MSS + 1 free bytes. So a send never
        /// blocks the poll thread waiting for a slow peer, however large the send buffer is.
        /// </summary>
        internal const int MaxSendChunk = 2048;

        /// <summary>
        /// Writes up to <paramref name="count"/> bytes, at most <see cref="MaxSendChunk"/>, when the
        /// socket has room; returns how many (0 when it has none).
        /// </summary>
        internal static int Write(Socket socket, byte[] buffer, int offset, int count)
        {
            if (count == 0 || !socket.Poll(0, SelectMode.SelectWrite))
            {
                return 0;
            }

            return socket.Send(buffer, offset, count < MaxSendChunk ? count : MaxSendChunk, SocketFlags.None);
        }

        /// <summary>
        /// Reads what the socket holds into the connection's receive buffer. Returns the bytes read,
        /// 0 when nothing is waiting (or the buffer is full until events are pulled), or -1 at the
        /// end of the stream, after telling the connection (<see cref="WebSocketConnection.TransportClosed"/>).
        /// </summary>
        internal static int Receive(Socket socket, WebSocketConnection connection)
        {
            int free = connection.PrepareReceive();
            if (free == 0 || !socket.Poll(0, SelectMode.SelectRead))
            {
                return 0;
            }

            int available = socket.Available;
            int want = available > 0 && available < free ? available : free;
            int n = socket.Receive(connection.ReceiveBuffer, connection.ReceiveOffset, want, SocketFlags.None);
            if (n <= 0)
            {
                // Readable with nothing to read: the peer closed TCP (RFC 6455 §7.1.5 when no close
                // frame came first).
                connection.TransportClosed();
                return -1;
            }

            connection.CommitReceive(n);
            return n;
        }

        /// <summary>
        /// Resolves <paramref name="host"/> to an IPv4 address: a dotted quad is parsed, a name is
        /// looked up with DNS (the first IPv4 address wins). Throws <see cref="SocketException"/>
        /// or <see cref="ArgumentException"/> when it cannot.
        /// </summary>
        internal static IPAddress Resolve(string host)
        {
            if (IsDottedQuad(host))
            {
                return IPAddress.Parse(host);
            }

            IPAddress[] addresses = Dns.GetHostEntry(host).AddressList;
            for (int i = 0; addresses != null && i < addresses.Length; i++)
            {
                if (addresses[i].AddressFamily == AddressFamily.InterNetwork)
                {
                    return addresses[i];
                }
            }

            throw new ArgumentException("no IPv4 address for " + host);
        }

        /// <summary>
        /// Turns off Nagle's algorithm: frames are written whole into the send buffer already, and a
        /// small frame right after another (an ack then a state update, a close after an echo) must
        /// not wait for the peer's delayed ACK. Ignored where the stack refuses the option with a
        /// <see cref="SocketException"/>; anything else it throws reaches the caller, which closes
        /// the socket.
        /// </summary>
        internal static void DisableNagle(Socket socket)
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            }
            catch (SocketException)
            {
                // Not supported: frames still go out, only later.
            }
        }

        /// <summary>Closes a socket, ignoring errors (it may already be gone).</summary>
        internal static void CloseQuietly(Socket socket)
        {
            if (socket == null)
            {
                return;
            }

            try
            {
                socket.Close();
            }
            catch (Exception)
            {
            }
        }

        private static bool IsDottedQuad(string host)
        {
            int dots = 0;
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c == '.')
                {
                    dots++;
                }
                else if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return dots == 3;
        }
    }
}
