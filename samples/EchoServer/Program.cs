using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using NanoWs.Net;

namespace NanoWs.Samples.EchoServer
{
    /// <summary>
    /// Host entry point: <c>dotnet run --project samples/EchoServer -- --port 9001</c> serves
    /// ws://127.0.0.1:9001/ and echoes every message until Ctrl+C; with
    /// <c>--connect ws://host:port/path</c> it is a client instead, echoing every message the
    /// server sends until the server closes.
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the echo server.</summary>
        /// <param name="args"><c>--port N</c> (default 9001, 0 picks a free port), <c>--max-connections N</c> (default 16), or <c>--connect URL</c>.</param>
        /// <returns>0 on a clean stop, 2 on bad arguments.</returns>
        public static int Main(string[] args)
        {
            int port = 9001;
            int maxConnections = 16;
            string connect = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--connect" && i + 1 < args.Length)
                {
                    connect = args[++i];
                }
                else if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], out port))
                {
                    i++;
                }
                else if (args[i] == "--max-connections" && i + 1 < args.Length && int.TryParse(args[i + 1], out maxConnections))
                {
                    i++;
                }
                else
                {
                    Console.Error.WriteLine("usage: EchoServer [--port N] [--max-connections N] | --connect ws://host:port/path");
                    return 2;
                }
            }

            if (connect != null)
            {
                return RunClient(connect);
            }

            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = port;
            options.MaxConnections = maxConnections;
            options.ListenBacklog = 64;

            // A host has memory to spare: bigger slices mean fewer rounds for large messages.
            options.Connection = EchoApp.CreateConnectionOptions(64 * 1024, 64 * 1024);

            WebSocketServer server = new WebSocketServer(options);
            EchoApp.Attach(server);
            server.Error += (s, id, message) => Console.Error.WriteLine("connection " + id + ": " + message);

            ManualResetEvent stop = new ManualResetEvent(false);
            Console.CancelKeyPress += (sender, e) =>
            {
                e.Cancel = true;
                stop.Set();
            };

            // A service manager or a script stops it with SIGTERM: stop as cleanly as on Ctrl+C.
            PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Set();
            });

            server.Start();
            Console.WriteLine("listening on ws://127.0.0.1:" + server.LocalPort + "/");
            stop.WaitOne();
            server.Stop();
            term.Dispose();
            Console.WriteLine("stopped");
            return 0;
        }

        private static int RunClient(string url)
        {
            WebSocketClientOptions options = new WebSocketClientOptions();
            options.Connection = EchoApp.CreateConnectionOptions(64 * 1024, 64 * 1024);
            WebSocketClient client;
            try
            {
                client = new WebSocketClient(url, options);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("bad URL: " + e.Message);
                return 2;
            }

            EchoApp.Attach(client);
            int exitCode = 1;
            client.Opened += c => Console.WriteLine("connected to " + url + (c.Protocol != null ? " (" + c.Protocol + ")" : string.Empty));
            client.Error += (c, message) => Console.Error.WriteLine("error: " + message);
            client.Closed += (c, code, reason, clean) =>
            {
                Console.WriteLine("closed " + code + (clean ? " clean" : " not clean") + (string.IsNullOrEmpty(reason) ? string.Empty : " (" + reason + ")"));
                exitCode = clean ? 0 : 1;
            };
            Console.CancelKeyPress += (sender, e) =>
            {
                e.Cancel = true;
                client.Close(CloseStatus.GoingAway, "stopped");
            };

            client.Connect();
            client.WaitClosed(Timeout.Infinite);
            return exitCode;
        }
    }
}
