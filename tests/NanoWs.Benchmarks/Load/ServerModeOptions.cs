using System;
using System.Globalization;
using System.Net;
using NanoWs.Net;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// The options every NanoWs server mode of the benchmark takes: <c>--port N</c> (0: a free
    /// port), <c>--poll-ms N</c> (default 5, as in the samples), <c>--max-connections N</c>
    /// (default 20); the server listens on loopback only.
    /// </summary>
    public static class ServerModeOptions
    {
        /// <summary>Parses <paramref name="args"/> into loopback server options with the given backlog.</summary>
        public static WebSocketServerOptions Parse(string[] args, int listenBacklog)
        {
            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = 0;
            options.PollIntervalMs = 5;
            options.MaxConnections = 20;
            options.ListenBacklog = listenBacklog;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--port": options.Port = value; break;
                    case "--poll-ms": options.PollIntervalMs = value; break;
                    case "--max-connections": options.MaxConnections = value; break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            return options;
        }
    }
}
