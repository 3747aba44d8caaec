using System;
using System.Globalization;
using System.Net;
using System.Threading;
using NanoWs.Net;
using NanoWs.Samples.EchoServer;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// <c>echo-server --port N --poll-ms N</c>: samples/EchoServer exactly (same EchoApp, same
    /// options) except for <see cref="WebSocketServerOptions.PollIntervalMs"/>, so the load driver
    /// can show what the poll thread's idle wait costs in latency (server "nanows-poll1").
    /// Stops when stdin closes or the driver kills it.
    /// </summary>
    public static class EchoServerMode
    {
        public static int Run(string[] args)
        {
            int port = 0;
            int pollMs = 5;
            int maxConnections = 20;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--port": port = value; break;
                    case "--poll-ms": pollMs = value; break;
                    case "--max-connections": maxConnections = value; break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = port;
            options.MaxConnections = maxConnections;
            options.ListenBacklog = 64;
            options.PollIntervalMs = pollMs;
            options.Connection = EchoApp.CreateConnectionOptions(64 * 1024, 64 * 1024);
            WebSocketServer server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Start();
            Console.WriteLine("listening on ws://127.0.0.1:" + server.LocalPort + "/");
            Console.In.ReadToEnd();
            server.Stop();
            return 0;
        }
    }
}
