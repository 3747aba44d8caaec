using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// One connection attempt of a <see cref="WebSocketClient"/>: the DNS lookup, the TCP
    /// connect and, for <c>wss://</c>, the TLS handshake (<see cref="TlsChannel"/>), run on a short-lived thread of their own so that the client's thread waits for them
    /// with a bound (<see cref="WebSocketClientOptions.ConnectTimeoutMs"/>) and
    /// <see cref="WebSocketClient.Close(int, string)"/> can end the wait at once.
    /// </summary>
    /// <remarks>
    /// <para>Neither runtime offers a connect that the caller can bound with the members both
    /// share: nanoFramework's <c>Socket</c> has no <c>Blocking</c> setter, and its <c>Connect</c>
    /// starts a non-blocking connect in the native layer and then waits in <c>Poll(-1,
    /// SelectWrite)</c> (nanoframework/System.Net nanoFramework.System.Net/Sockets/Socket.cs @
    /// 713b02c9fea5). So the attempt blocks on its own thread, and abandoning it closes the
    /// socket. Closing ends the blocking call on both runtimes: on nanoFramework the native close
    /// wakes every thread waiting on a socket (<c>Events_Set(SYSTEM_EVENT_FLAG_SOCKET)</c> in
    /// nf-interpreter src/DeviceInterfaces/System.Net/sys_net_native_System_Net_Sockets_NativeSocket.cpp
    /// @ a3e8139a1ba7) and the poll then fails on the closed handle; on .NET, disposing a socket
    /// aborts its pending synchronous calls.</para>
    /// <para>A DNS lookup cannot be ended by anyone: abandoned, it finishes on its thread and its
    /// result is dropped. nanoFramework bounds it natively (30 s in the same file's
    /// <c>getaddrinfo</c>); on .NET the system resolver does.</para>
    /// <para>Byte budget: this object (~40 bytes), a <see cref="ManualResetEvent"/> and a thread,
    /// per attempt; nothing while a connection is open.</para>
    /// </remarks>
    internal sealed class ConnectAttempt
    {
        /// <summary>Phase values of <see cref="Phase"/>.</summary>
        internal const int Resolving = 1;

        /// <summary>The TCP connect is under way.</summary>
        internal const int Connecting = 2;

        /// <summary>The attempt's thread has finished (connected, failed or abandoned).</summary>
        internal const int Finished = 3;

        /// <summary>The TLS handshake is under way (wss:// only).</summary>
        internal const int Securing = 4;

        private readonly string _host;
        private readonly int _port;

        // TLS settings for wss://, null for ws://.
        private readonly WebSocketClientOptions _tls;
        private readonly object _sync = new object();
        private readonly ManualResetEvent _done = new ManualResetEvent(false);
        private Socket _socket;
        private bool _connected;
        private bool _abandoned;
        private string _error;
        private int _phase;
        private TlsChannel _channel;
        private bool _tlsFailed;

        /// <summary>An attempt for ws:// (<paramref name="tls"/> null) or wss:// (the client's options).</summary>
        internal ConnectAttempt(string host, int port, WebSocketClientOptions tls)
        {
            _host = host;
            _port = port;
            _tls = tls;
        }

        /// <summary>True when the attempt failed in the TLS handshake (the client then reports 1015).</summary>
        internal bool TlsFailed
        {
            get
            {
                lock (_sync)
                {
                    return _tlsFailed;
                }
            }
        }

        /// <summary><see cref="Resolving"/>, <see cref="Connecting"/>, <see cref="Securing"/> or <see cref="Finished"/>; 0 before the thread runs.</summary>
        internal int Phase
        {
            get
            {
                lock (_sync)
                {
                    return _phase;
                }
            }
        }

        /// <summary>Why the attempt failed (null when it connected or was abandoned).</summary>
        internal string Error
        {
            get
            {
                lock (_sync)
                {
                    return _error;
                }
            }
        }

        /// <summary>Starts the attempt's thread.</summary>
        internal void Start()
        {
            new Thread(new ThreadStart(Run)).Start();
        }

        /// <summary>
        /// Waits up to <paramref name="timeoutMs"/> for the attempt to finish or be abandoned.
        /// Returns true when it did.
        /// </summary>
        internal bool Wait(int timeoutMs)
        {
            return _done.WaitOne(timeoutMs, false);
        }

        /// <summary>
        /// Ends the attempt from any thread: a socket being connected is closed (which ends its
        /// <c>Connect</c>), a socket created later is closed at once, and <see cref="Wait"/> returns.
        /// </summary>
        internal void Abandon()
        {
            Socket socket;
            lock (_sync)
            {
                _abandoned = true;
                socket = _socket;
                _socket = null;
            }

            SocketIo.CloseQuietly(socket);
            _done.Set();
        }

        /// <summary>
        /// The connected socket (and its TLS channel for wss://), now the caller's; or null, and
        /// then the attempt is abandoned (its socket closed) when it was still under way.
        /// </summary>
        internal Socket Take(out TlsChannel channel)
        {
            Socket socket = null;
            channel = null;
            lock (_sync)
            {
                if (_connected && !_abandoned)
                {
                    socket = _socket;
                    channel = _channel;
                    _socket = null;
                    _channel = null;
                }
            }

            if (socket == null)
            {
                Abandon();
            }

            return socket;
        }

        private void Run()
        {
            try
            {
                SetPhase(Resolving);
                IPAddress address;
                try
                {
                    address = SocketIo.Resolve(_host);
                }
                catch (Exception e)
                {
                    Fail("cannot resolve " + _host + " (" + Describe(e) + ")");
                    return;
                }

                Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                bool abandoned;
                lock (_sync)
                {
                    abandoned = _abandoned;
                    if (!abandoned)
                    {
                        // From here Abandon closes it, which ends the Connect below.
                        _socket = socket;
                        _phase = Connecting;
                    }
                }

                if (abandoned)
                {
                    SocketIo.CloseQuietly(socket);
                    return;
                }

                try
                {
                    socket.Connect(new IPEndPoint(address, _port));
                    TlsChannel channel = null;
                    if (_tls != null)
                    {
                        SetPhase(Securing);
                        string error;
                        channel = TlsChannel.Open(socket, _host, _tls, out error);
                        if (channel == null)
                        {
                            // The socket stays in _socket: Take or Abandon closes it.
                            lock (_sync)
                            {
                                _tlsFailed = !_abandoned;
                            }

                            Fail(error);
                            return;
                        }
                    }

                    bool kept;
                    lock (_sync)
                    {
                        _connected = !_abandoned;
                        kept = _connected;
                        _channel = channel;
                    }

                    if (!kept && channel != null)
                    {
                        channel.Close();
                    }
                }
                catch (Exception e)
                {
                    // The socket stays in _socket: Take or Abandon closes it.
                    Fail(Describe(e));
                }
            }
            catch (Exception e)
            {
                // Out of sockets or memory: never let an exception end the thread unreported.
                Fail(Describe(e));
            }
            finally
            {
                SetPhase(Finished);
                _done.Set();
            }
        }

        private void Fail(string error)
        {
            lock (_sync)
            {
                // An abandoned attempt fails because it was closed: not worth reporting.
                if (!_abandoned)
                {
                    _error = error;
                }
            }
        }

        private void SetPhase(int phase)
        {
            lock (_sync)
            {
                _phase = phase;
            }
        }

        private static string Describe(Exception e)
        {
            SocketException se = e as SocketException;
            return se != null ? "socket error " + se.ErrorCode.ToString() : e.Message;
        }
    }
}
