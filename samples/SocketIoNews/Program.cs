using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using NanoWs.Net;
using NanoWs.SocketIo;

namespace NanoWs.Samples.SocketIoNews
{
    /// <summary>
    /// Host entry point (the simulator): <c>dotnet run --project samples/SocketIoNews -- --port 8080</c>
    /// serves Socket.IO at http://localhost:8080/socket.io/ and the example page at
    /// http://localhost:8080/, and logs every <c>my other event</c> until Ctrl+C.
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the sample.</summary>
        /// <param name="args"><c>--port N</c> (default 8080, 0 picks a free port).</param>
        /// <returns>0 on a clean stop, 2 on bad arguments.</returns>
        public static int Main(string[] args)
        {
            int port = 8080;
            if (args.Length == 2 && args[0] == "--port" && int.TryParse(args[1], out port))
            {
            }
            else if (args.Length != 0)
            {
                Console.Error.WriteLine("usage: SocketIoNews [--port N]");
                return 2;
            }

            SocketIoOptions io = new SocketIoOptions();
            WebSocketServerOptions options = new WebSocketServerOptions();
            options.BindAddress = IPAddress.Loopback;
            options.Port = port;

            // A client can hold three connections at once (a held GET, a POST, the upgrade).
            options.MaxConnections = 3 * io.MaxSessions;
            options.Connection = NewsApp.CreateConnectionOptions(io);

            WebSocketServer server = new WebSocketServer(options);
            NewsApp.Attach(server, io, line => Console.WriteLine(line));
            server.Error += (s, id, message) => Console.Error.WriteLine("connection " + id + ": " + message);

            ManualResetEvent stop = new ManualResetEvent(false);
            Console.CancelKeyPress += (sender, e) =>
            {
                e.Cancel = true;
                stop.Set();
            };
            PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Set();
            });

            server.Start();
            server.AddRoute("/", "text/html; charset=utf-8", NewsApp.Page("http://localhost:" + server.LocalPort), false, "no-store");
            Console.WriteLine("listening on http://localhost:" + server.LocalPort + "/");
            stop.WaitOne();
            server.Stop();
            term.Dispose();
            Console.WriteLine("stopped");
            return 0;
        }
    }
}
