// Reference-only stub of the nanoFramework System.Net members NanoWs.Net uses.
//
// Source of truth: github.com/nanoframework/System.Net
//   commit 713b02c9fea5265e4e70981a9115daa3b5745c4c (branch main, tag v1.11.54, 2026-06-29; the
//   version named in src/NanoWs.Net/packages.config)
//   nanoFramework.System.Net/Sockets/Socket.cs          Socket(AddressFamily, SocketType, ProtocolType),
//                                                       Available, LocalEndPoint, SendTimeout, Bind,
//                                                       Listen, Accept, Connect, Send/Receive(byte[],
//                                                       int, int, SocketFlags), Poll, Close, IDisposable
//   nanoFramework.System.Net/SocketException.cs         SocketException.ErrorCode (namespace System.Net.Sockets)
//   nanoFramework.System.Net/EndPoint.cs                EndPoint (abstract)
//   nanoFramework.System.Net/IPEndPoint.cs              IPEndPoint(IPAddress, int), Port, Address
//   nanoFramework.System.Net/IPAddress.cs               IPAddress.Any, Parse, AddressFamily, GetAddressBytes
//   nanoFramework.System.Net/Sockets/Socket.cs          RemoteEndPoint (set by Accept and Connect)
//   nanoFramework.System.Net/DNS.cs                     Dns.GetHostEntry(string)
//   nanoFramework.System.Net/IPHostEntry.cs             IPHostEntry.AddressList
//   nanoFramework.System.Net/Sockets/AddressFamily.cs   InterNetwork = 2
//   nanoFramework.System.Net/Sockets/SocketType.cs      Stream = 1
//   nanoFramework.System.Net/Sockets/ProtocolType.cs    Tcp = 6
//   nanoFramework.System.Net/Sockets/SelectMode.cs      SelectRead = 0, SelectWrite = 1
//   nanoFramework.System.Net/Sockets/SocketFlags.cs     None = 0
//   nanoFramework.System.Net/Sockets/Socket.cs          SetSocketOption(SocketOptionLevel, SocketOptionName, bool)
//   nanoFramework.System.Net/Sockets/SocketOptionLevel.cs  Tcp = ProtocolType.Tcp (6)
//   nanoFramework.System.Net/Sockets/SocketOptionName.cs   NoDelay = 1
//   nanoFramework.System.Net/Sockets/Socket.cs          ReceiveTimeout (bounds SslStream.Read, see Security.cs)
//   TLS (SslStream, X509Certificate): Security.cs
//
// Behaviour NanoWs.Net relies on, read in the same sources: Socket.Connect starts the native connect
// without blocking and then waits in Poll(-1, SelectWrite), since m_fBlocking is private and always
// true (Socket.cs); Socket.Close wakes every thread waiting on a socket (nanoframework/nf-interpreter
// src/DeviceInterfaces/System.Net/sys_net_native_System_Net_Sockets_NativeSocket.cpp @ a3e8139a1ba7,
// close___STATIC__I4__OBJECT: Events_Set(SYSTEM_EVENT_FLAG_SOCKET)), so that Poll fails on the
// closed handle and a Connect blocked in another thread ends; Dns.GetHostEntry waits at most 30 s
// (same file, getaddrinfo: timeout_ms = 30000). See src/NanoWs.Net/ConnectAttempt.cs.
//
// Signatures, names and enum values are copied from those files; bodies are not (this assembly
// is only compiled against, never run). Every member below is a promise that the real library
// has it and that .NET's System.Net.Sockets has it with the same shape. Deliberately absent,
// because nanoFramework lacks them: Socket.Select, Socket.Shutdown, the Socket.Blocking setter,
// Socket.Dispose() as a public method (nanoFramework implements IDisposable explicitly).
// To use another member, look it up in the files above first, then add it here.

namespace System.Net
{
    using System.Net.Sockets;

    /// <summary>Identifies a network address (EndPoint.cs).</summary>
    public abstract class EndPoint
    {
    }

    /// <summary>An IPv4 address (IPAddress.cs).</summary>
    public class IPAddress
    {
        /// <summary>0.0.0.0: every local interface.</summary>
        public static readonly IPAddress Any = null;

        // NanoWs.Net never builds one from bytes; addresses come from Any, Parse or DNS.
        internal IPAddress()
        {
        }

        /// <summary>InterNetwork for IPv4, InterNetworkV6 for IPv6.</summary>
        public AddressFamily AddressFamily
        {
            get { throw null; }
        }

        /// <summary>The address in network order: 4 bytes for IPv4 (16 for IPv6).</summary>
        public byte[] GetAddressBytes()
        {
            throw null;
        }

        /// <summary>Converts dotted-quad notation to an address.</summary>
        public static IPAddress Parse(string ipString)
        {
            throw null;
        }
    }

    /// <summary>Host name resolution (DNS.cs).</summary>
    public static class Dns
    {
        /// <summary>Resolves a host name or address.</summary>
        public static IPHostEntry GetHostEntry(string hostNameOrAddress)
        {
            throw null;
        }
    }

    /// <summary>The addresses of a host (IPHostEntry.cs).</summary>
    public class IPHostEntry
    {
        // NanoWs.Net never builds one; only what it reads is listed.
        internal IPHostEntry()
        {
        }

        /// <summary>The addresses of the host.</summary>
        public IPAddress[] AddressList
        {
            get { throw null; }
        }
    }

    /// <summary>An IP address and a port (IPEndPoint.cs).</summary>
    public class IPEndPoint : EndPoint
    {
        /// <summary>Initializes a new instance with the specified address and port number.</summary>
        public IPEndPoint(IPAddress address, int port)
        {
        }

        /// <summary>The IP address of the endpoint.</summary>
        public IPAddress Address
        {
            get { throw null; }
        }

        /// <summary>The port number of the endpoint.</summary>
        public int Port
        {
            get { throw null; }
        }
    }
}

namespace System.Net.Sockets
{
    using System.Net;

    /// <summary>Address families (Sockets/AddressFamily.cs), the members used.</summary>
    public enum AddressFamily
    {
        /// <summary>IPv4.</summary>
        InterNetwork = 2,
    }

    /// <summary>Socket types (Sockets/SocketType.cs), the members used.</summary>
    public enum SocketType
    {
        /// <summary>A reliable two-way byte stream.</summary>
        Stream = 1,
    }

    /// <summary>Protocols (Sockets/ProtocolType.cs), the members used.</summary>
    public enum ProtocolType
    {
        /// <summary>TCP.</summary>
        Tcp = 6,
    }

    /// <summary>Option levels (Sockets/SocketOptionLevel.cs); only the member used.</summary>
    public enum SocketOptionLevel
    {
        /// <summary>TCP options.</summary>
        Tcp = 6,
    }

    /// <summary>Option names (Sockets/SocketOptionName.cs); only the member used.</summary>
    public enum SocketOptionName
    {
        /// <summary>Disables the Nagle algorithm.</summary>
        NoDelay = 1,
    }

    /// <summary>Modes of <see cref="Socket.Poll"/> (Sockets/SelectMode.cs), the members used.</summary>
    public enum SelectMode
    {
        /// <summary>Readable, a pending connection, or closed by the peer.</summary>
        SelectRead = 0,

        /// <summary>Writable.</summary>
        SelectWrite = 1,
    }

    /// <summary>Send and receive flags (Sockets/SocketFlags.cs), the members used.</summary>
    public enum SocketFlags
    {
        /// <summary>No flags.</summary>
        None = 0x0000,
    }

    /// <summary>The exception thrown when a socket error occurs (SocketException.cs).</summary>
    public class SocketException : Exception
    {
        // The real constructor takes a SocketError; NanoWs.Net never throws one, so none is public here.
        internal SocketException()
        {
        }

        /// <summary>The error code associated with this exception.</summary>
        public int ErrorCode
        {
            get { throw null; }
        }
    }

    /// <summary>The Berkeley sockets interface (Sockets/Socket.cs), the members used.</summary>
    public class Socket : IDisposable
    {
        /// <summary>Creates a socket.</summary>
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType)
        {
        }

        /// <summary>Bytes received and available to read.</summary>
        public int Available
        {
            get { throw null; }
        }

        /// <summary>The local endpoint.</summary>
        public EndPoint LocalEndPoint
        {
            get { throw null; }
        }

        /// <summary>The remote endpoint of an accepted or connected socket.</summary>
        public EndPoint RemoteEndPoint
        {
            get { throw null; }
        }

        /// <summary>Send timeout in ms (0 or -1: infinite).</summary>
        public int SendTimeout
        {
            get { throw null; }
            set { }
        }

        /// <summary>Receive timeout in ms (0 or -1: infinite); also bounds SslStream.Read.</summary>
        public int ReceiveTimeout
        {
            get { throw null; }
            set { }
        }

        /// <summary>Associates the socket with a local endpoint.</summary>
        public void Bind(EndPoint localEP)
        {
        }

        /// <summary>Connects to a remote endpoint (blocking).</summary>
        public void Connect(EndPoint remoteEP)
        {
        }

        /// <summary>Places the socket in a listening state.</summary>
        public void Listen(int backlog)
        {
        }

        /// <summary>Takes the first pending connection.</summary>
        public Socket Accept()
        {
            throw null;
        }

        /// <summary>Sends bytes; returns how many were sent.</summary>
        public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags)
        {
            throw null;
        }

        /// <summary>Receives bytes; returns how many were received, 0 at end of stream.</summary>
        public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags)
        {
            throw null;
        }

        /// <summary>Waits up to <paramref name="microSeconds"/> for the socket to reach <paramref name="mode"/>.</summary>
        public bool Poll(int microSeconds, SelectMode mode)
        {
            throw null;
        }

        /// <summary>Sets a boolean socket option (Sockets/Socket.cs).</summary>
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, bool optionValue)
        {
        }

        /// <summary>Closes the socket and releases its resources.</summary>
        public void Close()
        {
        }

        void IDisposable.Dispose()
        {
        }
    }
}
