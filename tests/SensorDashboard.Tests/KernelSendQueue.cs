using System;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The Linux kernel's view of the server's side of one TCP connection, for tests that must know
    /// when a socket can take no more bytes at all. A socket that <c>Poll</c> reports not writable
    /// may become writable later without the peer reading: the kernel grows an unlocked send buffer
    /// (up to <c>tcp_wmem</c>'s maximum, 4 MiB) when memory pressure from other sockets on the
    /// machine eases, and in-flight bytes still to be acknowledged free room when their ACK comes.
    /// <see cref="Freeze"/> fixes the send buffer's size (SO_SNDBUF locks it against autotuning and
    /// pressure moderation); <see cref="IsStuck"/> then says whether nothing can move until the peer
    /// reads: the peer advertises a zero window, no byte is in flight, and the socket is not writable.
    /// In that state neither an ACK nor the kernel can make room.
    /// </summary>
    internal static class KernelSendQueue
    {
        // getsockopt(IPPROTO_TCP, TCP_INFO) on Linux: struct tcp_info (linux/tcp.h). Offsets of the
        // fields read here; tcpi_snd_wnd exists since Linux 5.19.
        private const int IpProtoTcp = 6;
        private const int TcpInfo = 11;
        private const int UnackedOffset = 24;
        private const int NotSentOffset = 144;
        private const int SendWindowOffset = 228;
        private const int MinLength = SendWindowOffset + 4;

        /// <summary>Locks the socket's kernel send buffer at <paramref name="bytes"/> (Linux doubles it for bookkeeping).</summary>
        public static void Freeze(Socket socket, int bytes)
        {
            RequireLinux();
            socket.SendBufferSize = bytes;
        }

        /// <summary>
        /// True when the socket can take nothing until its peer reads: zero window from the peer,
        /// no unacknowledged byte, and not writable.
        /// </summary>
        public static bool IsStuck(Socket socket, out string state)
        {
            RequireLinux();
            byte[] info = new byte[256];
            int length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
            if (length < MinLength)
            {
                throw new InvalidOperationException("TCP_INFO has " + length + " bytes; tcpi_snd_wnd needs Linux 5.19 or later");
            }

            uint unacked = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(UnackedOffset));
            uint notSent = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(NotSentOffset));
            uint window = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(SendWindowOffset));
            bool writable = socket.Poll(0, SelectMode.SelectWrite);
            state = "window " + window + ", unacked " + unacked + ", not sent " + notSent + ", writable " + writable;
            return window == 0 && unacked == 0 && !writable;
        }

        private static void RequireLinux()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                throw new PlatformNotSupportedException("this test reads Linux's TCP_INFO");
            }
        }
    }
}
