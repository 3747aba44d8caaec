using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoWs;
using NanoWs.Hub;
using NanoWs.Net;
using NanoWs.SocketIo;

namespace SnippetApp
{
    /// <summary>
    /// The README's snippets as a user pastes them, with a console line per event, so that
    /// tests/packages/run.sh can check what happened. Without arguments: "A plain server" and
    /// "A client" on the port the system picked; the client's message comes back from the server
    /// and both sides close 1000. With <c>hub</c>: "A dashboard hub" (the README's text between the
    /// markers, but for the port), serving its dashboard until the process is stopped. With
    /// <c>socketio</c>: "Socket.IO" the same way, serving until stopped.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "hub")
            {
                RunHub();
                return 0;
            }

            if (args.Length == 1 && args[0] == "socketio")
            {
                RunSocketIo();
                return 0;
            }

            // --- "A plain server" ---
            var server = new WebSocketServer(new WebSocketServerOptions { Port = 0, MaxConnections = 4 });
            server.MessageReceived += (s, m) =>                      // echo every message back, slice by slice
                s.SendFragment(m.ConnectionId, m.MessageType, m.Buffer, m.Offset, m.Count, m.IsFinal);
            server.Closed += (s, id, code, reason, wasClean) => Debug.WriteLine(id + " closed " + code);
            var serverClosed = new ManualResetEvent(false);
            server.Closed += (s, id, code, reason, wasClean) => { Console.WriteLine("server: closed " + code); serverClosed.Set(); };
            server.Start();
            server.BroadcastText("{\"t\":\"hello\"}");                // to every open connection (none yet)

            // --- "A client" ---
            var done = new ManualResetEvent(false);
            var options = new WebSocketClientOptions { Connection = new WebSocketOptions() };
            options.Connection.ReassembleMessages = true;            // whole messages, as a browser's onmessage
            var ws = new WebSocketClient("ws://127.0.0.1:" + server.LocalPort + "/ws", options);
            ws.Opened += c => ws.SendText("hello");
            ws.MessageReceived += (c, e) => { Console.WriteLine("client: got " + e.GetText()); ws.Close(1000, "done"); };
            ws.Closed += (c, code, reason, wasClean) => { Console.WriteLine("client: closed " + code + (wasClean ? " clean" : "")); done.Set(); };
            ws.Connect();

            bool finished = done.WaitOne(TimeSpan.FromSeconds(60)) && serverClosed.WaitOne(TimeSpan.FromSeconds(60));
            server.Stop();
            Console.WriteLine("runtime: .NET " + Environment.Version);
            return finished ? 0 : 1;
        }

        private static void RunSocketIo()
        {
            int port = FreePort();

            // --- README "Socket.IO" (run.sh checks it equals the README, Port = 80 there) ---
            var io = new SocketIoOptions();
            var options = new WebSocketServerOptions { Port = port, MaxConnections = 3 * io.MaxSessions, Connection = new WebSocketOptions() };
            SocketIoEndpoint.ConfigureConnection(options.Connection, io);
            var server = new WebSocketServer(options);
            var sio = new SocketIoServer(io, new SystemRandomSource());
            sio.OnConnection(socket =>
            {
                socket.Emit("news", "{\"hello\":\"world\"}");
                socket.On("echo", (s, m) => { if (m.AckId >= 0) s.Ack(m.AckId, m.GetArgsString()); });
            });
            SocketIoEndpoint.Attach(server, sio);                    // http://<device>/socket.io/
            server.Start();
            // --- end ---
            Console.WriteLine("app: socket.io on port " + server.LocalPort);
            Thread.Sleep(Timeout.Infinite);
        }

        private static void RunHub()
        {
            int port = FreePort();
            var gpioLed = new Led();
            var sensor = new Sensor(port, gpioLed);

            // --- README "A dashboard hub" (run.sh checks it equals the README, Port = 80 there) ---
            var hub = HubServer.Create(new WebSocketServerOptions { Port = port }, new HubOptions { DeviceName = "greenhouse" });
            HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            HubChannel led = hub.AddBool("led", "LED", true);
            hub.SetHandler = (h, set) => { gpioLed.Write(set.Bool); return null; };   // null: accepted
            hub.Start();                                  // the page at http://<device>/, the WebSocket at /ws
            while (true) { hub.Publish(temp, sensor.ReadCelsius()); Thread.Sleep(1000); }
            // --- end ---
        }

        private static int FreePort()
        {
            // The system's choice of a free port, handed to the snippet's options (the README says 80).
            var probe = new TcpListener(IPAddress.Any, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        /// <summary>The snippet's LED: prints every write (run.sh waits for the line).</summary>
        private sealed class Led
        {
            public volatile bool On;

            public void Write(bool on)
            {
                On = on;
                Console.WriteLine("app: led " + on);
            }
        }

        /// <summary>
        /// The snippet's sensor: 21.5 °C, 23.5 °C once the LED is on (so the page sees a value
        /// published after its command). Its first reading, after hub.Start(), says where the hub listens.
        /// </summary>
        private sealed class Sensor
        {
            private readonly int _port;
            private readonly Led _led;
            private bool _announced;

            public Sensor(int port, Led led)
            {
                _port = port;
                _led = led;
            }

            public double ReadCelsius()
            {
                if (!_announced)
                {
                    _announced = true;
                    Console.WriteLine("app: dashboard on port " + _port);
                }

                return _led.On ? 23.5 : 21.5;
            }
        }
    }
}
