using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// Host entry point: <c>dotnet run --project samples/SensorDashboard</c> runs the simulated
    /// device and serves its dashboard on http://127.0.0.1:8080/ until Ctrl+C or SIGTERM.
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the simulated dashboard device.</summary>
        /// <param name="args">
        /// <c>--port N</c> (default 8080, 0 picks a free port), <c>--max-tabs N</c> (default 8),
        /// <c>--token T</c> (require it on commands from scripts), <c>--password P</c> (browsers log in
        /// first; see docs/security.md), <c>--tls-cert FILE --tls-key FILE</c> (serve https and wss
        /// with that PEM certificate and key; see docs/tls.md), <c>--duration-seconds N</c> (stop by itself),
        /// <c>--history-res MS</c> (ms between history samples, default 10000: the last hour; 0: none),
        /// <c>--state-file PATH</c> (where the LED and fan survive a restart; default
        /// <c>nanows/dashboard-state.json</c> in the user's local application data; <c>none</c>: not kept),
        /// <c>--socketio</c> (serve the hub over Socket.IO at <c>/socket.io/</c> instead of the page,
        /// <c>/ws</c> and the JSON API; not with a password or TLS).
        /// </param>
        /// <returns>0 on a clean stop, 2 on bad arguments, 1 when the port cannot be bound.</returns>
        public static int Main(string[] args)
        {
            PreloadReferences();
            int port = 8080;
            int maxTabs = 8;
            int duration = 0;
            string token = null;
            string password = null;
            int historyRes = 10000;
            string stateFile = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "nanows", "dashboard-state.json");
            string tlsCert = null;
            string tlsKey = null;
            bool socketIo = false;
            for (int i = 0; i < args.Length; i++)
            {
                bool hasValue = i + 1 < args.Length;
                if (args[i] == "--port" && hasValue && int.TryParse(args[i + 1], out port) && port >= 0 && port <= 65535)
                {
                    i++;
                }
                else if (args[i] == "--max-tabs" && hasValue && int.TryParse(args[i + 1], out maxTabs) && maxTabs > 0)
                {
                    i++;
                }
                else if (args[i] == "--duration-seconds" && hasValue && int.TryParse(args[i + 1], out duration) && duration >= 0)
                {
                    i++;
                }
                else if (args[i] == "--history-res" && hasValue && int.TryParse(args[i + 1], out historyRes) && (historyRes == 0 || historyRes >= 100))
                {
                    i++;
                }
                else if (args[i] == "--state-file" && hasValue && args[i + 1].Length > 0)
                {
                    stateFile = args[++i] == "none" ? null : args[i];
                }
                else if (args[i] == "--socketio")
                {
                    socketIo = true;
                }
                else if (args[i] == "--token" && hasValue && args[i + 1].Length > 0)
                {
                    token = args[++i];
                }
                else if (args[i] == "--password" && hasValue && args[i + 1].Length > 0)
                {
                    password = args[++i];
                }
                else if (args[i] == "--tls-cert" && hasValue && File.Exists(args[i + 1]))
                {
                    tlsCert = File.ReadAllText(args[++i]);
                }
                else if (args[i] == "--tls-key" && hasValue && File.Exists(args[i + 1]))
                {
                    tlsKey = File.ReadAllText(args[++i]);
                }
                else
                {
                    Console.Error.WriteLine("usage: SensorDashboard [--port N] [--max-tabs N] [--token T] [--password P] [--tls-cert FILE --tls-key FILE] [--duration-seconds N] [--history-res MS] [--state-file PATH|none] [--socketio]");
                    return 2;
                }
            }

            if ((tlsCert == null) != (tlsKey == null))
            {
                Console.Error.WriteLine("--tls-cert and --tls-key go together");
                return 2;
            }

            if (socketIo && (password != null || tlsCert != null))
            {
                Console.Error.WriteLine("--socketio serves no login page and no TLS: leave out --password and --tls-cert");
                return 2;
            }

            using (DashboardHost host = socketIo
                ? DashboardHost.CreateSocketIo(port, maxTabs, token, SimulatedParts.Create(Environment.TickCount), historyRes, stateFile)
                : DashboardHost.Create(port, maxTabs, token, SimulatedParts.Create(Environment.TickCount), o =>
            {
                o.Password = password;
                o.TlsCertificatePem = tlsCert;
                o.TlsKeyPem = tlsKey;
            }, historyRes, stateFile, DashboardApp.HealthIntervalMs))
            {
                try
                {
                    host.Start();
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    Console.Error.WriteLine("cannot listen on port " + port + ": " + e.Message);
                    return 1;
                }

                ManualResetEvent stop = new ManualResetEvent(false);
                Console.CancelKeyPress += (sender, e) =>
                {
                    e.Cancel = true;
                    stop.Set();
                };

                // A service manager or a script stops it with SIGTERM: stop as cleanly as on Ctrl+C.
                using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    stop.Set();
                }))
                {
                    Console.WriteLine(socketIo
                        ? "dashboard hub over Socket.IO on http://127.0.0.1:" + host.Port + "/socket.io/ (events: hub, set)"
                        : "dashboard on " + (tlsCert != null ? "https" : "http") + "://127.0.0.1:" + host.Port + "/");
                    stop.WaitOne(duration > 0 ? duration * 1000 : Timeout.Infinite);
                }
            }

            Console.WriteLine("stopped");
            return 0;
        }
    
        /// <summary>
        /// Loads, now, every assembly the device's own assemblies reference. The runtime loads
        /// assemblies on first use, each taking file descriptors: a path first taken while a flood of
        /// connections has used up the process's descriptors (its accept failing) could not load its
        /// assembly then, and the process would end. Loaded at start, the device keeps serving.
        /// </summary>
        private static void PreloadReferences()
        {
            var seen = new System.Collections.Generic.HashSet<string>();
            foreach (System.Reflection.Assembly own in AppDomain.CurrentDomain.GetAssemblies())
            {
                seen.Add(own.GetName().Name);
            }

            var queue = new System.Collections.Generic.Queue<System.Reflection.Assembly>();
            queue.Enqueue(typeof(Program).Assembly);
            while (queue.Count > 0)
            {
                foreach (System.Reflection.AssemblyName name in queue.Dequeue().GetReferencedAssemblies())
                {
                    if (!seen.Add(name.Name))
                    {
                        continue;
                    }

                    System.Reflection.Assembly loaded = System.Reflection.Assembly.Load(name);
                    if (name.Name.StartsWith("NanoWs", StringComparison.Ordinal))
                    {
                        // The device's libraries: what they reference too.
                        queue.Enqueue(loaded);
                    }
                }
            }
        }
}
}
