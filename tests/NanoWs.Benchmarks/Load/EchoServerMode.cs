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
            WebSocketServerOptions options = ServerModeOptions.Parse(args, 64);
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
