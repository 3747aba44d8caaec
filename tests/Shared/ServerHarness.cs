using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Net;
using NanoWs.Samples.EchoServer;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Tests
{
    /// <summary>A started server on an ephemeral loopback port that records its events; stops on dispose.</summary>
    public sealed class ServerHarness : IDisposable
    {
        /// <summary>Generous bound for anything a test waits for; only there to avoid hangs.</summary>
        public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        public readonly WebSocketServer Server;
        public readonly ConcurrentQueue<int> OpenedIds = new ConcurrentQueue<int>();
        public readonly BlockingCollection<CloseRecord> Closes = new BlockingCollection<CloseRecord>();
        public readonly ConcurrentQueue<string> Errors = new ConcurrentQueue<string>();

        /// <summary>Whole messages the server received, when constructed with <c>record: true</c>.</summary>
        public readonly BlockingCollection<ServerMessage> Received = new BlockingCollection<ServerMessage>();

        private readonly ConcurrentDictionary<int, MemoryStream> _partial = new ConcurrentDictionary<int, MemoryStream>();

        /// <param name="echo">Echo every message (the echo sample's handler).</param>
        /// <param name="record">Also reassemble every received message into <see cref="Received"/>
        /// (with <paramref name="echo"/>, a recording echo that streams and defers as the sample does).</param>
        public ServerHarness(Action<WebSocketServerOptions> configure = null, bool echo = true, bool record = false)
        {
            var options = new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = 4,
                PollIntervalMs = 2,
                Connection = EchoApp.CreateConnectionOptions(4096, 4096),
            };

            // The opening and closing handshakes run on the wall clock: a real peer starved of CPU
            // on a busy machine may answer seconds late, which must not turn a clean close into a
            // dropped one or refuse its upgrade. So by default they are hang guards only; a test of
            // these timers sets its own values (and usually a TestClock).
            options.Connection.HandshakeTimeoutMs = (int)Patience.TotalMilliseconds;
            options.Connection.CloseTimeoutMs = (int)Patience.TotalMilliseconds;

            // Slow poll passes are measured on the wall clock, and a busy machine descheduling the
            // poll thread mid-pass makes a quick handler look slow: off unless a test of that report
            // turns it on (on a TestClock).
            options.SlowHandlerReportMs = 0;
            configure?.Invoke(options);
            Server = new WebSocketServer(options);
            if (record)
            {
                Server.MessageReceived += (s, m) => RecordAndEcho(s, m, echo);
            }
            else if (echo)
            {
                EchoApp.Attach(Server);
            }

            Server.Opened += (s, id) => OpenedIds.Enqueue(id);
            Server.Closed += (s, id, code, reason, clean) =>
            {
                _partial.TryRemove(id, out _);
                Closes.Add(new CloseRecord(id, code, reason, clean));
            };
            Server.Error += (s, id, message) => Errors.Enqueue(id + ": " + message);
        }

        public ServerHarness Start()
        {
            Server.Start();
            return this;
        }

        public int Port => Server.LocalPort;

        public Uri WsUri(string pathAndQuery = "/") => new Uri("ws://127.0.0.1:" + Port + pathAndQuery);

        public Uri HttpUri(string pathAndQuery = "/") => new Uri("http://127.0.0.1:" + Port + pathAndQuery);

        /// <summary>The next whole message the server received (needs <c>record: true</c>).</summary>
        public ServerMessage NextReceived()
        {
            if (!Received.TryTake(out ServerMessage message, Patience))
            {
                throw new TimeoutException("the server received no message; errors: " + string.Join(" | ", Errors));
            }

            return message;
        }

        /// <summary>
        /// EchoApp's streaming echo, recording exactly the bytes it took: a deferred slice's rest is
        /// handed over again and must not be recorded twice.
        /// </summary>
        private void RecordAndEcho(WebSocketServer server, WebSocketMessageEventArgs message, bool echo)
        {
            int consumed = message.Count;
            if (echo)
            {
                int offset = message.Offset;
                int remaining = message.Count;
                while (true)
                {
                    int chunk = Math.Min(remaining, server.MaxFramePayload);
                    bool last = chunk == remaining;
                    if (!server.SendFragment(message.ConnectionId, message.MessageType, message.Buffer, offset, chunk, last && message.IsFinal))
                    {
                        consumed = message.Count - remaining;
                        message.Defer(consumed);
                        break;
                    }

                    offset += chunk;
                    remaining -= chunk;
                    if (last)
                    {
                        break;
                    }
                }
            }

            MemoryStream partial = _partial.GetOrAdd(message.ConnectionId, _ => new MemoryStream());
            partial.Write(message.Buffer, message.Offset, consumed);
            if (message.IsFinal && consumed == message.Count)
            {
                Received.Add(new ServerMessage(message.ConnectionId, message.MessageType, partial.ToArray()));
                partial.SetLength(0);
            }
        }

        public CloseRecord NextClose()
        {
            if (!Closes.TryTake(out CloseRecord record, Patience))
            {
                throw new TimeoutException("no Closed event; errors: " + string.Join(" | ", Errors));
            }

            return record;
        }

        public static async Task<ClientWebSocket> ConnectAsync(Uri uri, Action<ClientWebSocketOptions> configure = null)
        {
            var client = new ClientWebSocket();
            client.Options.CollectHttpResponseDetails = true;
            configure?.Invoke(client.Options);
            using var cts = new CancellationTokenSource(Patience);
            await client.ConnectAsync(uri, cts.Token);
            return client;
        }

        /// <summary>Receives one whole message (all its frames).</summary>
        public static async Task<(WsType Type, byte[] Data)> ReceiveMessageAsync(ClientWebSocket client)
        {
            using var cts = new CancellationTokenSource(Patience);
            var buffer = new byte[64 * 1024];
            using var stream = new MemoryStream();
            while (true)
            {
                WebSocketReceiveResult result = await client.ReceiveAsync(new ArraySegment<byte>(buffer), cts.Token);
                if (result.MessageType == WsType.Close)
                {
                    return (WsType.Close, Array.Empty<byte>());
                }

                stream.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return (result.MessageType, stream.ToArray());
                }
            }
        }

        public static async Task SendAsync(ClientWebSocket client, WsType type, byte[] data)
        {
            using var cts = new CancellationTokenSource(Patience);
            await client.SendAsync(new ArraySegment<byte>(data), type, true, cts.Token);
        }

        public static async Task SendTextAsync(ClientWebSocket client, string text)
        {
            await SendAsync(client, WsType.Text, Encoding.UTF8.GetBytes(text));
        }

        /// <summary>
        /// Makes the opening and closing handshake timeouts of <paramref name="connection"/> hang
        /// guards (<see cref="Patience"/>), for a client talking to a real peer on the wall clock: a
        /// peer answering seconds late on a busy machine is slow, not wrong.
        /// </summary>
        public static WebSocketOptions PatientHandshakes(WebSocketOptions connection)
        {
            connection.HandshakeTimeoutMs = (int)Patience.TotalMilliseconds;
            connection.CloseTimeoutMs = (int)Patience.TotalMilliseconds;
            return connection;
        }

        /// <summary>Waits until <paramref name="condition"/> holds (polling; bounded by <see cref="Patience"/>).</summary>
        public static void WaitUntil(Func<bool> condition, string what)
        {
            DateTime end = DateTime.UtcNow + Patience;
            while (!condition())
            {
                if (DateTime.UtcNow > end)
                {
                    throw new TimeoutException("gave up waiting for " + what);
                }

                Thread.Sleep(10);
            }
        }

        public static byte[] Pattern(int length, int seed)
        {
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            return data;
        }

        public static string TextPattern(int length, int seed)
        {
            // Mixed 1-, 2-, 3- and 4-byte UTF-8 sequences, cut to exactly `length` bytes.
            var random = new Random(seed);
            string[] pieces = { "a", "Z", "é", "ж", "€", "中", "😀", " " };
            var sb = new StringBuilder();
            int bytes = 0;
            while (bytes < length)
            {
                string piece = pieces[random.Next(pieces.Length)];
                int n = Encoding.UTF8.GetByteCount(piece);
                if (bytes + n > length)
                {
                    piece = "a";
                    n = 1;
                }

                sb.Append(piece);
                bytes += n;
            }

            return sb.ToString();
        }

        public void Dispose()
        {
            if (Server.Options.Clock?.Target is TestClock clock)
            {
                clock.StopWhileAdvancing(Server);
            }
            else
            {
                Server.Stop();
            }
        }
    }

    /// <summary>One whole message a <see cref="ServerHarness"/> received.</summary>
    public sealed record ServerMessage(int Id, WebSocketMessageType Type, byte[] Data);

    /// <summary>One Closed event.</summary>
    public sealed record CloseRecord(int Id, int Code, string Reason, bool WasClean);
}
