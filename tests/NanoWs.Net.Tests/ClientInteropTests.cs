using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;
using SysWebSocket = System.Net.WebSockets.WebSocket;
using SysWsState = System.Net.WebSockets.WebSocketState;
using WsCloseStatus = System.Net.WebSockets.WebSocketCloseStatus;
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The interop matrix's client row: our <see cref="WebSocketClient"/> against Kestrel's
    /// WebSockets and against our own server. Every connection runs through a <see cref="FrameTap"/>
    /// that parses both directions, so the tests also see the wire: masking, fragments, pings and
    /// pongs, close payloads. Each peer records what it received, so payloads and close codes and
    /// reasons are checked on both sides.
    /// </summary>
    public sealed class ClientInteropTests
    {
        public static readonly TheoryData<string> Peers = new TheoryData<string> { "nanows", "kestrel" };

        private static IPeerServer StartPeer(string name, int keepAliveMs = 0) =>
            name == "kestrel" ? KestrelPeer.Start(keepAliveMs) : new NanoWsPeer(keepAliveMs);

        private static WebSocketClient Client(FrameTap tap, Action<WebSocketOptions> configure = null)
        {
            var connection = ServerHarness.PatientHandshakes(new WebSocketOptions { MaxMessageSize = 0 });
            configure?.Invoke(connection);
            return new WebSocketClient("ws://127.0.0.1:" + tap.Port + "/interop", new WebSocketClientOptions { Connection = connection, PollIntervalMs = 2 });
        }

        private static void Open(WebSocketClient client, ClientRecorder recorder)
        {
            client.Connect();
            ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open || !(recorder.Closes.Count == 0), "open");
            Assert.True(client.ReadyState == WebSocketState.Open, "did not open; errors: " + string.Join(" | ", recorder.Errors));
        }

        private static void CloseAndWait(WebSocketClient client, ClientRecorder recorder)
        {
            client.Close(1000, "done");
            var close = recorder.NextClose();
            Assert.True(close.Clean, "close not clean; errors: " + string.Join(" | ", recorder.Errors));
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
        }

        /// <summary>One message of the exchange and how the client sends it.</summary>
        private sealed record Outgoing(string What, WebSocketMessageType Type, byte[] Data, Action<WebSocketClient, Outgoing> Send);

        private static Outgoing Single(string what, WebSocketMessageType type, byte[] data) =>
            new Outgoing(what, type, data, (c, m) => ClientRecorder.Retry(c, () => c.Send(m.Type, m.Data, 0, m.Data.Length)));

        private static Outgoing Pieces(string what, WebSocketMessageType type, byte[] data, int piece) =>
            new Outgoing(what, type, data, (c, m) => ClientRecorder.SendInPieces(c, m.Type, m.Data, piece == 0 ? c.MaxFramePayload : piece));

        private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

        private static byte[] Ascii(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();

        private static IEnumerable<Outgoing> Exchange()
        {
            var T = WebSocketMessageType.Text;
            var B = WebSocketMessageType.Binary;
            yield return Single("ASCII text", T, Utf8("Hello, NanoWs!"));
            yield return Single("multi-byte UTF-8 text", T, Utf8("h\u00e9llo w\u00f6rld \u2013 \u4e2d\u6587 \ud83d\ude00"));
            yield return Single("binary", B, ServerHarness.Pattern(200, 1));
            yield return Single("empty text", T, Array.Empty<byte>());
            yield return Single("empty binary", B, Array.Empty<byte>());
            yield return Single("125-byte text", T, Ascii(125));
            yield return Single("125-byte binary", B, ServerHarness.Pattern(125, 2));
            yield return Single("126-byte multi-byte text", T, Utf8(ServerHarness.TextPattern(126, 3)));
            yield return Single("126-byte binary", B, ServerHarness.Pattern(126, 4));
            yield return Pieces("65536-byte binary in MaxFramePayload fragments", B, ServerHarness.Pattern(65536, 5), 0);
            yield return Pieces("65536-byte multi-byte text in MaxFramePayload fragments", T, Utf8(ServerHarness.TextPattern(65536, 6)), 0);
            yield return Pieces("text in 3-byte fragments (characters split)", T, Utf8("\u00e9\u00e9 \u20ac\u20ac \ud83d\ude00\ud83d\ude00 end"), 3);
            yield return Pieces("binary in 7-byte fragments", B, ServerHarness.Pattern(50, 7), 7);
            yield return new Outgoing("text with an empty middle fragment", T, Utf8("ab\u00e9"), (c, m) =>
            {
                ClientRecorder.Retry(c, () => c.SendFragment(T, m.Data, 0, 3, false));
                ClientRecorder.Retry(c, () => c.SendFragment(T, m.Data, 3, 0, false));
                ClientRecorder.Retry(c, () => c.SendFragment(T, m.Data, 3, 1, true));
            });
        }

        [Theory]
        [MemberData(nameof(Peers))]
        public void MessagesCrossByteForByteInBothDirections(string peerName)
        {
            using IPeerServer peer = StartPeer(peerName);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap);
            var recorder = new ClientRecorder(client);
            Open(client, recorder);

            foreach (Outgoing m in Exchange())
            {
                m.Send(client, m);
                var (serverType, serverData) = peer.NextReceived();
                Assert.True(m.Type == serverType, m.What + ": the server got " + serverType);
                Assert.True(m.Data.AsSpan().SequenceEqual(serverData), m.What + ": the server got other bytes (" + serverData.Length + " of " + m.Data.Length + ")");
                var (echoType, echoData) = recorder.NextMessage();
                Assert.True(m.Type == echoType, m.What + ": the client got " + echoType);
                Assert.True(m.Data.AsSpan().SequenceEqual(echoData), m.What + ": the client got other bytes (" + echoData.Length + " of " + m.Data.Length + ")");
            }

            CloseAndWait(client, recorder);
            Assert.Equal((1000, "done"), peer.NextClose());

            // The wire: every client frame masked, no server frame masked (RFC 6455 §5.1), and the
            // fragmented messages went as the client was told to send them.
            List<TapFrame> up = tap.FromClient.ToList();
            Assert.All(up, f => Assert.True(f.Masked));
            Assert.All(tap.FromServer, f => Assert.False(f.Masked));
            List<TapFrame> data = up.Where(f => f.Opcode <= 2).ToList();
            TapFrame[] last = data.TakeLast(3).ToArray();
            Assert.Equal(new[] { (1, false, 3), (0, false, 0), (0, true, 1) }, last.Select(f => (f.Opcode, f.Fin, f.Payload.Length)));
            Assert.Contains(data, f => f.Opcode == 0 && f.Payload.Length == 3);
            Assert.Empty(recorder.Errors);
            Assert.Empty(peer.Errors);
        }

        /// <summary>65536-byte messages as one frame each (64-bit length) from a client with a large send buffer.</summary>
        [Theory]
        [MemberData(nameof(Peers))]
        public void SixtyFourKilobyteMessagesGoAsSingleFrames(string peerName)
        {
            using IPeerServer peer = StartPeer(peerName);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap, o => o.SendBufferSize = 65536 + 14);
            var recorder = new ClientRecorder(client);
            Open(client, recorder);
            Assert.Equal(65536, client.MaxFramePayload);

            foreach (Outgoing m in new[]
            {
                Single("65536-byte binary frame", WebSocketMessageType.Binary, ServerHarness.Pattern(65536, 11)),
                Single("65536-byte multi-byte text frame", WebSocketMessageType.Text, Utf8(ServerHarness.TextPattern(65536, 12))),
            })
            {
                m.Send(client, m);
                var (serverType, serverData) = peer.NextReceived();
                Assert.Equal(m.Type, serverType);
                Assert.True(m.Data.AsSpan().SequenceEqual(serverData), m.What + ": the server got other bytes");
                var (echoType, echoData) = recorder.NextMessage();
                Assert.Equal(m.Type, echoType);
                Assert.True(m.Data.AsSpan().SequenceEqual(echoData), m.What + ": the client got other bytes");
            }

            CloseAndWait(client, recorder);
            List<TapFrame> data = tap.FromClient.Where(f => f.Opcode <= 2).ToList();
            Assert.Equal(new[] { (2, true, 65536, 14), (1, true, 65536, 14) }, data.Select(f => (f.Opcode, f.Fin, f.Payload.Length, f.HeaderLength)));
        }

        /// <summary>
        /// Kestrel's keep-alive (KeepAliveInterval with KeepAliveTimeout: pings that must be answered,
        /// else it aborts) and our server's keep-alive ping the idle client; it answers each with a
        /// pong carrying the ping's payload and the connection stays open.
        /// </summary>
        [Theory]
        [MemberData(nameof(Peers))]
        public void ServerPingsAreAnsweredAndTheConnectionStaysOpen(string peerName)
        {
            using IPeerServer peer = StartPeer(peerName, keepAliveMs: 50);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap);
            var recorder = new ClientRecorder(client);
            Open(client, recorder);

            ServerHarness.WaitUntil(() => tap.FromClient.Count(f => f.Opcode == 0xA) >= 3 || !(recorder.Closes.Count == 0), "three pongs");
            Assert.True((recorder.Closes.Count == 0), "closed while pinged; errors: " + string.Join(" | ", recorder.Errors));
            AssertAnswered(tap.FromServer.ToList(), tap.FromClient.ToList(), 3);

            // Still open and working on both sides.
            Assert.Equal(WebSocketState.Open, client.ReadyState);
            Assert.True(client.SendText("still here"));
            Assert.Equal("still here", Encoding.UTF8.GetString(peer.NextReceived().Data));
            Assert.Equal("still here", Encoding.UTF8.GetString(recorder.NextMessage().Data));
            CloseAndWait(client, recorder);
            Assert.Equal((1000, "done"), peer.NextClose());
            Assert.Empty(recorder.Errors);
            Assert.Empty(peer.Errors);
        }

        /// <summary>The client's own keep-alive pings are answered by the peer and the connection stays open.</summary>
        [Theory]
        [MemberData(nameof(Peers))]
        public void ClientPingsAreAnsweredAndTheConnectionStaysOpen(string peerName)
        {
            using IPeerServer peer = StartPeer(peerName);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap, o =>
            {
                o.PingIntervalMs = 50;
                o.PongTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
            });
            var recorder = new ClientRecorder(client);
            Open(client, recorder);

            ServerHarness.WaitUntil(() => tap.FromServer.Count(f => f.Opcode == 0xA) >= 3 || !(recorder.Closes.Count == 0), "three pongs");
            Assert.True((recorder.Closes.Count == 0), "closed while pinging; errors: " + string.Join(" | ", recorder.Errors));
            AssertAnswered(tap.FromClient.ToList(), tap.FromServer.ToList(), 3);
            Assert.Equal(WebSocketState.Open, client.ReadyState);
            Assert.True(client.SendText("still here"));
            Assert.Equal("still here", Encoding.UTF8.GetString(recorder.NextMessage().Data));
            CloseAndWait(client, recorder);
            Assert.Empty(recorder.Errors);
            Assert.Empty(peer.Errors);
        }

        private static void AssertAnswered(List<TapFrame> pingerSent, List<TapFrame> answererSent, int atLeast)
        {
            List<TapFrame> pings = pingerSent.Where(f => f.Opcode == 0x9).ToList();
            List<TapFrame> pongs = answererSent.Where(f => f.Opcode == 0xA).ToList();
            Assert.True(pongs.Count >= atLeast, pongs.Count + " pongs");
            Assert.True(pings.Count >= pongs.Count, pings.Count + " pings for " + pongs.Count + " pongs (no unsolicited pongs expected)");
            for (int i = 0; i < pongs.Count; i++)
            {
                Assert.True(pings[i].Payload.AsSpan().SequenceEqual(pongs[i].Payload), "pong " + i + " does not carry its ping's payload");
            }
        }

        public static readonly TheoryData<string, int, string> Closes = new TheoryData<string, int, string>
        {
            { "nanows", 1000, "" },
            { "nanows", 4001, "client bye \u00e9" },
            { "nanows", 4999, string.Concat(Enumerable.Repeat("\u00e9", 61)) + "x" },
            { "kestrel", 1000, "" },
            { "kestrel", 4001, "client bye \u00e9" },
            { "kestrel", 4999, string.Concat(Enumerable.Repeat("\u00e9", 61)) + "x" },
        };

        [Theory]
        [MemberData(nameof(Closes))]
        public void ClientCloseCarriesItsCodeAndReason(string peerName, int code, string reason)
        {
            using IPeerServer peer = StartPeer(peerName);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap);
            var recorder = new ClientRecorder(client);
            Open(client, recorder);

            client.Close(code, reason);
            Assert.Equal((code, reason), peer.NextClose());
            var close = recorder.NextClose();
            Assert.True(close.Clean, "not clean; errors: " + string.Join(" | ", recorder.Errors));

            // The server's answer echoes the code (RFC 6455 §5.5.1); Kestrel's peer echoes the
            // reason too, ours answers with the code alone.
            string echoedReason = peer.EchoesCloseReason ? reason : "";
            Assert.Equal((code, echoedReason), (close.Code, close.Reason));
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Equal(WebSocketState.Closed, client.ReadyState);

            ServerHarness.WaitUntil(() => tap.FromServer.Any(f => f.Opcode == 0x8), "the server's close frame on the wire");
            Assert.Equal(ClosePayload(code, reason), tap.FromClient.Single(f => f.Opcode == 0x8).Payload);
            Assert.Equal(ClosePayload(code, echoedReason), tap.FromServer.Single(f => f.Opcode == 0x8).Payload);
            Assert.Empty(recorder.Errors);
            Assert.Empty(peer.Errors);
        }

        [Theory]
        [MemberData(nameof(Closes))]
        public void ServerCloseCarriesItsCodeAndReason(string peerName, int code, string reason)
        {
            using IPeerServer peer = StartPeer(peerName);
            using var tap = new FrameTap(peer.Port);
            var client = Client(tap);
            var recorder = new ClientRecorder(client);
            Open(client, recorder);

            peer.Close(code, reason);
            var close = recorder.NextClose();
            Assert.Equal((code, reason, true), close);
            Assert.True(client.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
            Assert.Equal(WebSocketState.Closed, client.ReadyState);

            // The client's answer echoes the code without a reason; both servers report the close
            // they received.
            Assert.Equal((code, ""), peer.NextClose());
            ServerHarness.WaitUntil(() => tap.FromClient.Any(f => f.Opcode == 0x8), "the client's close frame on the wire");
            Assert.Equal(ClosePayload(code, reason), tap.FromServer.Single(f => f.Opcode == 0x8).Payload);
            Assert.Equal(ClosePayload(code, ""), tap.FromClient.Single(f => f.Opcode == 0x8).Payload);
            Assert.Empty(recorder.Errors);
            Assert.Empty(peer.Errors);
        }

        private static byte[] ClosePayload(int code, string reason) =>
            new[] { (byte)(code >> 8), (byte)code }.Concat(Utf8(reason)).ToArray();
    }

    /// <summary>A server the client tests run against: records what it received and can close first.</summary>
    public interface IPeerServer : IDisposable
    {
        int Port { get; }

        /// <summary>True when the server's answer to a close echoes the reason as well as the code.</summary>
        bool EchoesCloseReason { get; }

        ConcurrentQueue<string> Errors { get; }

        /// <summary>The next whole message the server received.</summary>
        (WebSocketMessageType Type, byte[] Data) NextReceived();

        /// <summary>The close code and reason the server received from the client.</summary>
        (int Code, string Reason) NextClose();

        /// <summary>Starts the closing handshake from the server's side.</summary>
        void Close(int code, string reason);
    }

    /// <summary>Our server (echo, recording) as a peer.</summary>
    public sealed class NanoWsPeer : IPeerServer
    {
        private readonly ServerHarness _harness;

        public NanoWsPeer(int keepAliveMs)
        {
            _harness = new ServerHarness(
                o =>
                {
                    if (keepAliveMs > 0)
                    {
                        o.Connection.PingIntervalMs = keepAliveMs;
                        o.Connection.PongTimeoutMs = (int)ServerHarness.Patience.TotalMilliseconds;
                    }
                },
                record: true).Start();
        }

        public int Port => _harness.Port;

        public bool EchoesCloseReason => false;

        public ConcurrentQueue<string> Errors => _harness.Errors;

        public (WebSocketMessageType Type, byte[] Data) NextReceived()
        {
            ServerMessage m = _harness.NextReceived();
            return (m.Type, m.Data);
        }

        public (int Code, string Reason) NextClose()
        {
            CloseRecord close = _harness.NextClose();
            Assert.True(close.WasClean, "the server saw an unclean close");
            return (close.Code, close.Reason);
        }

        public void Close(int code, string reason)
        {
            ServerHarness.WaitUntil(() => !_harness.OpenedIds.IsEmpty, "the server's Opened event");
            _harness.OpenedIds.TryPeek(out int id);
            Assert.True(_harness.Server.Close(id, code, reason));
        }

        public void Dispose() => _harness.Dispose();
    }

    /// <summary>
    /// Kestrel's WebSockets in-process as a peer: echoes each received fragment at once, records whole
    /// messages and the close it received, answers a close with the same code and reason. With a
    /// keep-alive it sends pings (KeepAliveTimeout set) that must be answered or it aborts.
    /// </summary>
    public sealed class KestrelPeer : IPeerServer
    {
        private readonly WebApplication _app;
        private readonly TaskCompletionSource<SysWebSocket> _socket = new TaskCompletionSource<SysWebSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        private readonly BlockingCollection<(WebSocketMessageType, byte[])> _received = new BlockingCollection<(WebSocketMessageType, byte[])>();
        private readonly BlockingCollection<(int, string)> _closes = new BlockingCollection<(int, string)>();

        private KestrelPeer(int keepAliveMs)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.UseWebSockets();
            _app.Run(context => Serve(context, keepAliveMs));
        }

        public static KestrelPeer Start(int keepAliveMs)
        {
            var peer = new KestrelPeer(keepAliveMs);
            peer._app.StartAsync().GetAwaiter().GetResult();
            return peer;
        }

        public int Port => new Uri(_app.Urls.First()).Port;

        public bool EchoesCloseReason => true;

        public ConcurrentQueue<string> Errors { get; } = new ConcurrentQueue<string>();

        public (WebSocketMessageType Type, byte[] Data) NextReceived()
        {
            Assert.True(_received.TryTake(out var m, ServerHarness.Patience), "Kestrel received no message; errors: " + string.Join(" | ", Errors));
            return m;
        }

        public (int Code, string Reason) NextClose()
        {
            Assert.True(_closes.TryTake(out var c, ServerHarness.Patience), "Kestrel saw no close; errors: " + string.Join(" | ", Errors));
            return c;
        }

        public void Close(int code, string reason)
        {
            Assert.True(_socket.Task.Wait(ServerHarness.Patience), "Kestrel accepted no WebSocket");
            SysWebSocket ws = _socket.Task.Result;
            _sendLock.Wait();
            try
            {
                ws.CloseOutputAsync((WsCloseStatus)code, reason, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task Serve(HttpContext context, int keepAliveMs)
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var accept = new WebSocketAcceptContext();
            if (keepAliveMs > 0)
            {
                accept.KeepAliveInterval = TimeSpan.FromMilliseconds(keepAliveMs);
                accept.KeepAliveTimeout = ServerHarness.Patience;
            }
            else
            {
                accept.KeepAliveInterval = TimeSpan.Zero;
            }

            using SysWebSocket ws = await context.WebSockets.AcceptWebSocketAsync(accept);
            _socket.TrySetResult(ws);
            var buffer = new byte[1 << 20];
            var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                    if (result.MessageType == WsType.Close)
                    {
                        _closes.Add(((int)(result.CloseStatus ?? WsCloseStatus.Empty), result.CloseStatusDescription ?? ""));
                        if (ws.State == SysWsState.CloseReceived)
                        {
                            await _sendLock.WaitAsync();
                            try
                            {
                                await ws.CloseOutputAsync(result.CloseStatus ?? WsCloseStatus.Empty, result.CloseStatusDescription, CancellationToken.None);
                            }
                            finally
                            {
                                _sendLock.Release();
                            }
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    await _sendLock.WaitAsync();
                    try
                    {
                        await ws.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }

                    if (result.EndOfMessage)
                    {
                        _received.Add((result.MessageType == WsType.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, message.ToArray()));
                        message.SetLength(0);
                    }
                }
            }
            catch (Exception e)
            {
                Errors.Enqueue(e.GetType().Name + ": " + e.Message);
            }
        }

        public void Dispose()
        {
            _app.StopAsync().GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>One frame seen by a <see cref="FrameTap"/> (payload unmasked).</summary>
    public sealed record TapFrame(int Opcode, bool Fin, bool Masked, int HeaderLength, byte[] Payload);

    /// <summary>
    /// A TCP relay between one client and one server that forwards every byte unchanged and parses
    /// both directions after the HTTP heads into frames, so tests can see what went over the wire.
    /// </summary>
    public sealed class FrameTap : IDisposable
    {
        public readonly ConcurrentQueue<TapFrame> FromClient = new ConcurrentQueue<TapFrame>();
        public readonly ConcurrentQueue<TapFrame> FromServer = new ConcurrentQueue<TapFrame>();
        private readonly TcpListener _listener;
        private readonly int _upstreamPort;
        private readonly List<TcpClient> _sockets = new List<TcpClient>();

        public FrameTap(int upstreamPort)
        {
            _upstreamPort = upstreamPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _ = Task.Run(AcceptOne);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task AcceptOne()
        {
            try
            {
                TcpClient down = await _listener.AcceptTcpClientAsync();
                var up = new TcpClient();
                lock (_sockets)
                {
                    _sockets.Add(down);
                    _sockets.Add(up);
                }

                await up.ConnectAsync(IPAddress.Loopback, _upstreamPort);
                down.NoDelay = true;
                up.NoDelay = true;
                _ = Task.Run(() => Pump(down, up, FromClient));
                _ = Task.Run(() => Pump(up, down, FromServer));
            }
            catch (Exception)
            {
                // Disposed before a client came.
            }
        }

        private static async Task Pump(TcpClient from, TcpClient to, ConcurrentQueue<TapFrame> sink)
        {
            var parser = new FrameParser(sink);
            var buffer = new byte[64 * 1024];
            try
            {
                NetworkStream input = from.GetStream();
                NetworkStream output = to.GetStream();
                while (true)
                {
                    int n = await input.ReadAsync(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        to.Client.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    await output.WriteAsync(buffer, 0, n);
                    parser.Feed(buffer, n);
                }
            }
            catch (Exception)
            {
                // A reset on one side: pass it on.
                to.Client.Close(0);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_sockets)
            {
                foreach (TcpClient s in _sockets)
                {
                    s.Dispose();
                }
            }
        }

        private sealed class FrameParser
        {
            private readonly ConcurrentQueue<TapFrame> _sink;
            private byte[] _buffer = new byte[256 * 1024];
            private int _length;
            private bool _headDone;

            public FrameParser(ConcurrentQueue<TapFrame> sink)
            {
                _sink = sink;
            }

            public void Feed(byte[] data, int count)
            {
                if (_length + count > _buffer.Length)
                {
                    Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
                }

                Buffer.BlockCopy(data, 0, _buffer, _length, count);
                _length += count;
                if (!_headDone)
                {
                    int end = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        return;
                    }

                    _headDone = true;
                    Consume(end + 4);
                }

                while (TryFrame())
                {
                }
            }

            private bool TryFrame()
            {
                if (_length < 2)
                {
                    return false;
                }

                bool fin = (_buffer[0] & 0x80) != 0;
                int opcode = _buffer[0] & 0x0F;
                bool masked = (_buffer[1] & 0x80) != 0;
                long length = _buffer[1] & 0x7F;
                int header = 2;
                if (length == 126)
                {
                    if (_length < 4) return false;
                    length = (_buffer[2] << 8) | _buffer[3];
                    header = 4;
                }
                else if (length == 127)
                {
                    if (_length < 10) return false;
                    length = 0;
                    for (int i = 2; i < 10; i++) length = (length << 8) | _buffer[i];
                    header = 10;
                }

                int maskAt = header;
                if (masked) header += 4;
                if (_length < header + length)
                {
                    return false;
                }

                var payload = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    payload[i] = masked ? (byte)(_buffer[header + i] ^ _buffer[maskAt + (i & 3)]) : _buffer[header + i];
                }

                _sink.Enqueue(new TapFrame(opcode, fin, masked, header, payload));
                Consume(header + (int)length);
                return true;
            }

            private void Consume(int count)
            {
                Buffer.BlockCopy(_buffer, count, _buffer, 0, _length - count);
                _length -= count;
            }
        }
    }
}
