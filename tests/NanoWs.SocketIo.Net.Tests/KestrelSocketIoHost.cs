using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoWs.SocketIo;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// Serves a <see cref="SocketIoServer"/> at <c>/socket.io/</c> on Kestrel (loopback, port 0):
    /// long-polling GETs held until the server has packets, POST bodies, and WebSocket sessions and
    /// upgrades, each mapped one to one onto the library's transport calls. It lets the official
    /// socket.io-client exercise the sans-I/O library over real HTTP and WebSocket while the
    /// library's own glue for NanoWs.Net is not there. One lock serializes every call into the
    /// library, as the single poll thread does on a board.
    /// </summary>
    internal sealed class KestrelSocketIoHost : IDisposable
    {
        private readonly object _lock = new object();
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly long _start = Environment.TickCount64;
        private TaskCompletionSource _changed = NewSignal();

        public KestrelSocketIoHost(SocketIoOptions options, Action<SocketIoServer> configure)
        {
            Io = new SocketIoServer(options, new SystemRandomSource());
            configure(Io);
            WebApplicationBuilder builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.UseWebSockets();
            _app.Map("/socket.io", (IApplicationBuilder b) => b.Run(Handle));
            _app.StartAsync().GetAwaiter().GetResult();
            Url = _app.Urls.GetEnumerator() is var e && e.MoveNext() ? e.Current : throw new InvalidOperationException("no URL");
            _ = Task.Run(TickLoop);
        }

        /// <summary>The library instance (call it only inside <see cref="Run"/>).</summary>
        public SocketIoServer Io { get; }

        /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
        public string Url { get; }

        /// <summary>Runs <paramref name="action"/> under the host's lock and wakes waiting transports.</summary>
        public void Run(Action action)
        {
            lock (_lock)
            {
                action();
            }

            Pulse();
        }

        public void Dispose()
        {
            _stop.Cancel();
            Pulse();
            _app.StopAsync().GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        private long Now => Environment.TickCount64 - _start;

        private static TaskCompletionSource NewSignal() => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Pulse() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

        private Task Changed => Volatile.Read(ref _changed).Task;

        private async Task TickLoop()
        {
            // The heartbeat timers; the held requests re-check after each tick.
            while (!_stop.IsCancellationRequested)
            {
                Run(() => Io.Tick(Now));
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        private async Task Handle(HttpContext ctx)
        {
            byte[] q = Encoding.ASCII.GetBytes(ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value.Substring(1) : string.Empty);
            var query = new EngineIoQuery();
            query.Parse(q, 0, q.Length);
            bool isGet = HttpMethods.IsGet(ctx.Request.Method);
            bool upgrade = ctx.WebSockets.IsWebSocketRequest;
            int session = -1;
            EngineIoStatus status;
            lock (_lock)
            {
                status = Io.Verify(query, q, isGet, upgrade, out session);
                if (status == EngineIoStatus.Ok && session < 0 && !upgrade)
                {
                    status = Io.Open(EngineIoTransport.Polling, Now, out session);
                }
            }

            if (status != EngineIoStatus.Ok)
            {
                await Error(ctx, status);
                return;
            }

            if (upgrade)
            {
                await WebSocketSession(ctx, session);
            }
            else if (isGet)
            {
                await Poll(ctx, session);
            }
            else
            {
                await PostBody(ctx, session);
            }
        }

        private async Task Poll(HttpContext ctx, int session)
        {
            EngineIoStatus status;
            lock (_lock)
            {
                status = Io.BeginPoll(session);
            }

            if (status != EngineIoStatus.Ok)
            {
                await Error(ctx, status);
                return;
            }

            byte[] body = new byte[4 * Io.Options.OutboxBytes];
            int n = -1;
            while (n < 0)
            {
                Task changed = Changed;
                lock (_lock)
                {
                    if (Io.HasPollData(session) || _stop.IsCancellationRequested)
                    {
                        n = Io.TakePoll(session, body, 0, body.Length);
                        break;
                    }
                }

                try
                {
                    await changed.WaitAsync(ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Run(() => Io.PollAborted(session));
                    return;
                }
            }

            ctx.Response.ContentType = "text/plain; charset=UTF-8";
            ctx.Response.ContentLength = n;
            await ctx.Response.Body.WriteAsync(body, 0, n);
        }

        private async Task PostBody(HttpContext ctx, int session)
        {
            var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            byte[] body = buffer.ToArray();
            EngineIoStatus status = EngineIoStatus.Ok;
            Run(() => status = Io.Post(session, body, 0, body.Length, Now));
            if (status != EngineIoStatus.Ok)
            {
                await Error(ctx, status);
                return;
            }

            ctx.Response.ContentType = "text/html";
            ctx.Response.ContentLength = 2;
            await ctx.Response.WriteAsync("ok");
        }

        private async Task WebSocketSession(HttpContext ctx, int session)
        {
            EngineIoStatus status = EngineIoStatus.Ok;
            lock (_lock)
            {
                if (session < 0)
                {
                    status = Io.Open(EngineIoTransport.WebSocket, Now, out session);
                }
                else
                {
                    status = Io.BeginUpgrade(session);
                }
            }

            if (status != EngineIoStatus.Ok)
            {
                await Error(ctx, status);
                return;
            }

            using WebSocket ws = await ctx.WebSockets.AcceptWebSocketAsync();
            Task sender = SendLoop(ws, session);
            byte[] buffer = new byte[Io.Options.MaxPayload + 1];
            try
            {
                while (ws.State == System.Net.WebSockets.WebSocketState.Open)
                {
                    int count = 0;
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), _stop.Token);
                        count += r.Count;
                    }
                    while (!r.EndOfMessage && count < buffer.Length);

                    if (r.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    {
                        break;
                    }

                    bool text = r.MessageType == System.Net.WebSockets.WebSocketMessageType.Text;
                    Run(() =>
                    {
                        if (text)
                        {
                            Io.ReceiveWebSocketText(session, buffer, 0, count, Now);
                        }
                        else
                        {
                            Io.ReceiveWebSocketBinary(session, buffer, 0, count);
                        }
                    });
                }
            }
            catch (Exception e) when (e is WebSocketException || e is OperationCanceledException)
            {
            }

            Run(() => Io.WebSocketClosed(session));
            await sender;
        }

        private async Task SendLoop(WebSocket ws, int session)
        {
            byte[] frame = new byte[Io.Options.OutboxBytes];
            var outgoing = new List<(byte[] Data, bool Binary)>();
            try
            {
                while (ws.State == System.Net.WebSockets.WebSocketState.Open)
                {
                    Task changed = Changed;
                    bool open;
                    lock (_lock)
                    {
                        int n;
                        while ((n = Io.NextWebSocketMessage(session, frame, 0, frame.Length, out bool binary)) >= 0)
                        {
                            outgoing.Add((frame.AsSpan(0, n).ToArray(), binary));
                        }

                        open = Io.IsOpen(session);
                    }

                    foreach (var (data, binary) in outgoing)
                    {
                        await ws.SendAsync(data, binary ? System.Net.WebSockets.WebSocketMessageType.Binary : System.Net.WebSockets.WebSocketMessageType.Text, true, _stop.Token);
                    }

                    outgoing.Clear();
                    if (!open || _stop.IsCancellationRequested)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                        return;
                    }

                    await changed;
                }
            }
            catch (Exception e) when (e is WebSocketException || e is OperationCanceledException || e is ObjectDisposedException)
            {
            }
        }

        private static async Task Error(HttpContext ctx, EngineIoStatus status)
        {
            ctx.Response.StatusCode = SocketIoServer.HttpStatus(status);
            byte[] body = new byte[128];
            int n = SocketIoServer.WriteErrorBody(status, body, 0);
            if (n > 0)
            {
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = n;
                await ctx.Response.Body.WriteAsync(body, 0, n);
            }
        }
    }
}
