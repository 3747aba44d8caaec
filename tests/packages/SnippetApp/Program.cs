using System;
using System.Diagnostics;
using System.Threading;
using NanoWs;
using NanoWs.Net;

namespace SnippetApp
{
    /// <summary>
    /// The README's "A plain server" and "A client" snippets as a user pastes them, with the port
    /// the system picked and a console line per event, so that tests/packages/run.sh can check
    /// what happened: the client's message comes back from the server and both sides close 1000.
    /// </summary>
    public static class Program
    {
        public static int Main()
        {
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
    }
}
