using System;
using System.Collections.Concurrent;
using System.Net;
using NanoWs.Net;
using NanoWs.SocketIo;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// A <see cref="SocketIoServer"/> served by our own <see cref="WebSocketServer"/> on loopback
    /// through <see cref="SocketIoEndpoint"/>, as a board serves it: the poll thread runs the
    /// long-polling requests, the WebSockets, the upgrade and the heartbeats.
    /// </summary>
    internal sealed class NanoWsSocketIoHost : IDisposable
    {
        public NanoWsSocketIoHost(SocketIoOptions options, Action<SocketIoServer> configure, int port = 0, Action<WebSocketServerOptions> tweak = null)
        {
            Io = new SocketIoServer(options, new SystemRandomSource());
            configure?.Invoke(Io);
            var serverOptions = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = port,
                MaxConnections = 12,
                PollIntervalMs = 2,
                SlowHandlerReportMs = 0,
                Connection = new WebSocketOptions(),
            };

            // Handshake and close timers are hang guards only on a loaded machine (see ServerHarness).
            serverOptions.Connection.HandshakeTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
            serverOptions.Connection.CloseTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
            SocketIoEndpoint.ConfigureConnection(serverOptions.Connection, options);
            tweak?.Invoke(serverOptions);
            Server = new WebSocketServer(serverOptions);
            Server.Error += (s, id, message) => Errors.Enqueue(id + ": " + message);
            Endpoint = SocketIoEndpoint.Attach(Server, Io);
            Server.Start();
        }

        public SocketIoServer Io { get; }

        public SocketIoEndpoint Endpoint { get; }

        public WebSocketServer Server { get; }

        public ConcurrentQueue<string> Errors { get; } = new ConcurrentQueue<string>();

        public int Port => Server.LocalPort;

        /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
        public string Url => "http://127.0.0.1:" + Port;

        public void Dispose() => Server.Stop();
    }
}
