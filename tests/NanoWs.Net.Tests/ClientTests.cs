using System;
using System.Collections.Concurrent;
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
using WsType = System.Net.WebSockets.WebSocketMessageType;

namespace NanoWs.Net.Tests
{
    /// <summary>WebSocketClient against our server and against Kestrel's WebSockets.</summary>
    public sealed class ClientTests
    {
        [Fact]
        public void EchoesThroughOurServerAndClosesCleanly()
        {
            using var harness = new ServerHarness().Start();
            var options = new WebSocketClientOptions { Connection = ServerHarness.PatientHandshakes(new WebSocketOptions { MaxMessageSize = 0 }) };
            var client = new WebSocketClient("ws://127.0.0.1:" + harness.Port + "/echo?x=1", options);
            var recorder = new ClientRecorder(client);
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
            client.Connect();
            ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open, "open");
            Assert.Equal(1, Volatile.Read(ref recorder.Opens));

            Assert.True(client.SendText("hello"));
            var (type, data) = recorder.NextMessage();
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.Equal("hello", Encoding.UTF8.GetString(data));

            byte[] big = ServerHarness.Pattern(300000, 1);
            ClientRecorder.SendWhole(client, WebSocketMessageType.Binary, big);
            (type, data) = recorder.NextMessage();
            Assert.Equal(WebSocketMessageType.Binary, type);
            Assert.Equal(big, data);

            client.Close(4002, "done");
            var close = recorder.NextClose();
            Assert.Equal(4002, close.Code);
            Assert.True(close.Clean);
            Assert.True(client.WaitClosed(20000));
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
            Assert.Equal(4002, harness.NextClose().Code);
        }

        [Fact]
        public async Task EchoesThroughKestrel()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            await using WebApplication app = builder.Build();
            app.UseWebSockets();
            app.Run(async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }

                using var ws = await context.WebSockets.AcceptWebSocketAsync("chat");
                var buffer = new byte[1 << 20];
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WsType.Close)
                    {
                        await ws.CloseAsync(result.CloseStatus ?? System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                        return;
                    }

                    await ws.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                }
            });
            await app.StartAsync();
            string url = app.Urls.First().Replace("http://", "ws://");

            var options = new WebSocketClientOptions { Connection = ServerHarness.PatientHandshakes(new WebSocketOptions { Subprotocols = new[] { "chat" }, MaxMessageSize = 0 }) };
            var client = new WebSocketClient(url + "/", options);
            var recorder = new ClientRecorder(client);
            client.Connect();
            ServerHarness.WaitUntil(() => client.ReadyState == WebSocketState.Open, "open");
            Assert.Equal("chat", client.Protocol);

            string text = ServerHarness.TextPattern(5000, 2);
            ClientRecorder.SendWhole(client, WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text));
            var (type, data) = recorder.NextMessage();
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.Equal(text, Encoding.UTF8.GetString(data));

            client.Close(1000, "bye");
            var close = recorder.NextClose();
            Assert.Equal(1000, close.Code);
            Assert.Equal("bye", close.Reason);
            Assert.True(close.Clean);
            Assert.True(client.WaitClosed(20000));
            await app.StopAsync();
        }

        [Fact]
        public void RefusedHandshakeIsAnErrorThenAClose()
        {
            using var harness = new ServerHarness();
            harness.Server.Authorize = (s, id, request, upgrade) => 401;
            harness.Start();
            var client = new WebSocketClient("ws://127.0.0.1:" + harness.Port + "/", null);
            var recorder = new ClientRecorder(client);
            client.Connect();
            var close = recorder.NextClose();
            Assert.Equal(1006, close.Code);
            Assert.False(close.Clean);
            Assert.Contains(recorder.Errors, e => e.Contains("401"));
            Assert.True(client.WaitClosed(20000));
            Assert.Equal(0, Volatile.Read(ref recorder.Opens));
        }

        [Fact]
        public void ReconnectsWithBackoffUntilTheServerIsUp()
        {
            // A port nobody listens on yet.
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint).Port;
            }

            var options = new WebSocketClientOptions { Reconnect = true, ReconnectMinDelayMs = 20, ReconnectMaxDelayMs = 100, Connection = ServerHarness.PatientHandshakes(new WebSocketOptions()) };
            var client = new WebSocketClient("ws://127.0.0.1:" + port + "/", options);
            var recorder = new ClientRecorder(client);
            client.Connect();

            // Refused attempts: an error and a 1006 close each, then retries.
            Assert.Equal(1006, recorder.NextClose().Code);
            Assert.Equal(1006, recorder.NextClose().Code);
            Assert.Equal(0, Volatile.Read(ref recorder.Opens));

            using var harness = new ServerHarness(o => o.Port = port).Start();
            ServerHarness.WaitUntil(() => Volatile.Read(ref recorder.Opens) == 1, "reconnected");
            Assert.True(client.SendText("back"));
            Assert.Equal("back", Encoding.UTF8.GetString(recorder.NextMessage().Data));

            // The server going away is followed by another attempt; Close ends it for good.
            harness.OpenedIds.TryPeek(out int id);
            harness.Server.Close(id, 1012, "restarting");
            ServerHarness.WaitUntil(() => Volatile.Read(ref recorder.Opens) == 2, "reconnected again");
            client.Close();
            Assert.True(client.WaitClosed(20000));
            Assert.Equal(WebSocketState.Closed, client.ReadyState);
        }

        [Fact]
        public void ReconnectDelayDoublesUpToTheMaximumWithJitter()
        {
            var options = new WebSocketClientOptions { ReconnectMinDelayMs = 100, ReconnectMaxDelayMs = 1000 };
            var random = new Random(1);
            for (int i = 0; i < 50; i++)
            {
                Assert.InRange(options.ReconnectDelay(0, random), 50, 100);
                Assert.InRange(options.ReconnectDelay(2, random), 200, 400);
                Assert.InRange(options.ReconnectDelay(20, random), 500, 1000);
            }
        }

        [Theory]
        [InlineData("https://example.com/")]
        [InlineData("http://example.com/")]
        [InlineData("ws://")]
        [InlineData("wss://")]
        [InlineData("wss://host:0/")]
        [InlineData("wsss://host/")]
        [InlineData("ws://host:0/")]
        [InlineData("ws://host:70000/")]
        [InlineData("ws://[::1]:80/")]
        public void UnsupportedUrlsAreRefused(string url)
        {
            Assert.Throws<ArgumentException>(() => new WebSocketClient(url, null));
        }

        [Fact]
        public void ServerClosingIsReportedWithItsCodeAndReason()
        {
            using var harness = new ServerHarness().Start();
            var client = new WebSocketClient("ws://127.0.0.1:" + harness.Port, new WebSocketClientOptions { Connection = ServerHarness.PatientHandshakes(new WebSocketOptions()) });
            var recorder = new ClientRecorder(client);
            client.Connect();
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "open");
            harness.OpenedIds.TryPeek(out int id);
            harness.Server.Close(id, 4005, "go away");
            var close = recorder.NextClose();
            Assert.Equal(4005, close.Code);
            Assert.Equal("go away", close.Reason);
            Assert.True(close.Clean);
            Assert.True(client.WaitClosed(20000));
        }
    }
}
