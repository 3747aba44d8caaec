using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Kestrel WebSocket echo server: `dotnet NanoWs.Benchmarks.KestrelEcho.dll --port N` (0 picks a
// free port) listens on 127.0.0.1 and prints "listening on ws://127.0.0.1:PORT/". Every message
// goes back with its type, streaming: each received chunk is sent on as it arrives.
// At /broadcast instead (the load driver's broadcast mode, tests/NanoWs.Benchmarks/Load/BroadcastDriver.cs):
// a text message "broadcast M S" from any client sends M text messages of S bytes to every client
// connected to /broadcast, in lockstep — message i+1 is stamped and handed to every socket once every
// SendAsync of message i has completed (Kestrel's output pipe takes up to 64 KiB before a send waits).
// Payload "SEQ STAMP" (10 and 19 digits, STAMP = Stopwatch ticks = CLOCK_MONOTONIC ns on Linux),
// space-padded to S, as in the driver's BroadcastPayload.
// With `--tls-cert FILE --tls-key FILE` (PEM) it listens over https/wss instead (the tls-server
// benchmark, tests/NanoWs.Benchmarks/Tls/TlsServerBenchmark.cs).
int port = 0;
string tlsCert = null;
string tlsKey = null;
for (int i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--port")
    {
        port = int.Parse(args[i + 1]);
    }
    else if (args[i] == "--tls-cert")
    {
        tlsCert = args[i + 1];
    }
    else if (args[i] == "--tls-key")
    {
        tlsKey = args[i + 1];
    }
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port, listen =>
{
    if (tlsCert != null)
    {
        listen.UseHttps(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(tlsCert, tlsKey));
    }
}));
WebApplication app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
List<WebSocket> subscribers = new List<WebSocket>();
int broadcasting = 0;
app.Run(async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = 400;
        return;
    }

    if (context.Request.Path == "/broadcast")
    {
        await Subscribe(await context.WebSockets.AcceptWebSocketAsync());
        return;
    }

    using WebSocket ws = await context.WebSockets.AcceptWebSocketAsync();
    byte[] buffer = new byte[16 * 1024];
    while (true)
    {
        ValueWebSocketReceiveResult r = await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        if (r.MessageType == WebSocketMessageType.Close)
        {
            if (ws.State == WebSocketState.CloseReceived)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }

            return;
        }

        await ws.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, r.EndOfMessage, CancellationToken.None);
    }
});

async Task Subscribe(WebSocket ws)
{
    lock (subscribers)
    {
        subscribers.Add(ws);
    }

    try
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            ValueWebSocketReceiveResult r = await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            string[] parts = System.Text.Encoding.ASCII.GetString(buffer, 0, r.Count).Split(' ');
            if (r.EndOfMessage && parts.Length == 3 && parts[0] == "broadcast" && int.TryParse(parts[1], out int count)
                && int.TryParse(parts[2], out int size) && size >= 30 && Interlocked.CompareExchange(ref broadcasting, 1, 0) == 0)
            {
                WebSocket[] targets;
                lock (subscribers)
                {
                    targets = subscribers.ToArray();
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Broadcast(targets, count, size);
                    }
                    finally
                    {
                        Volatile.Write(ref broadcasting, 0);
                    }
                });
            }
        }
    }
    catch (Exception)
    {
    }
    finally
    {
        lock (subscribers)
        {
            subscribers.Remove(ws);
        }

        if (ws.State == WebSocketState.CloseReceived)
        {
            try
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception)
            {
            }
        }

        ws.Dispose();
    }
}

static async Task Broadcast(WebSocket[] targets, int count, int size)
{
    // ManagedWebSocket copies the payload into its own send buffer before SendAsync returns, so
    // one array serves every socket and every message.
    byte[] message = new byte[size];
    List<Task> pending = new List<Task>();
    for (int i = 0; i < count; i++)
    {
        FillPayload(message, i, Stopwatch.GetTimestamp());
        foreach (WebSocket ws in targets)
        {
            if (ws.State != WebSocketState.Open)
            {
                continue;
            }

            ValueTask send = ws.SendAsync(message.AsMemory(), WebSocketMessageType.Text, true, CancellationToken.None);
            if (!send.IsCompletedSuccessfully)
            {
                pending.Add(send.AsTask());
            }
        }

        if (pending.Count > 0)
        {
            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception)
            {
            }

            pending.Clear();
        }
    }
}

static void FillPayload(byte[] message, long seq, long stamp)
{
    Array.Fill(message, (byte)' ');
    for (int i = 9; i >= 0; i--, seq /= 10)
    {
        message[i] = (byte)('0' + (seq % 10));
    }

    for (int i = 29; i >= 11; i--, stamp /= 10)
    {
        message[i] = (byte)('0' + (stamp % 10));
    }
}

await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
Console.WriteLine("listening on ws://127.0.0.1:" + new Uri(address).Port + "/");
await app.WaitForShutdownAsync();
