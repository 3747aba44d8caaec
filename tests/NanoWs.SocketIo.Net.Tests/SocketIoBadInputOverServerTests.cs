using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using NanoWs.Net;
using NanoWs.SocketIo;
using Xunit;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// Bad Engine.IO input over real sockets to <see cref="SocketIoEndpoint"/> on our
    /// <see cref="WebSocketServer"/>: every answer is compared whole (status line, headers, body),
    /// with the reference server's status codes and JSON bodies (engine.io 6.6, the server of
    /// socket.io 4.8.1). Waits are on the server's state or on answers, never on time.
    /// </summary>
    public sealed class SocketIoBadInputOverServerTests : IDisposable
    {
        private const string Sid20 = "[A-Za-z0-9_-]{20}";
        private readonly BlockingCollection<string> _device = new BlockingCollection<string>();
        private readonly NanoWsSocketIoHost _host;

        public SocketIoBadInputOverServerTests()
        {
            _host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device));
        }

        public void Dispose() => _host.Dispose();

        [Fact]
        public void The_polling_handshake_answers_the_open_packet()
        {
            string response = Exchange(Get("/socket.io/?EIO=4&transport=polling&t=abc"));
            Assert.Matches(
                "^HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 115\r\nConnection: close\r\n\r\n"
                + Regex.Escape("0{\"sid\":\"") + Sid20
                + Regex.Escape("\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":2048}") + "$",
                response);
        }

        [Theory]
        [InlineData("/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", "{\"code\":1,\"message\":\"Session ID unknown\"}")]
        [InlineData("/socket.io/?EIO=4&transport=carrier-pigeon", "{\"code\":0,\"message\":\"Transport unknown\"}")]
        [InlineData("/socket.io/?EIO=3&transport=polling", "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
        [InlineData("/socket.io/?EIO=4&transport=websocket", "{\"code\":3,\"message\":\"Bad request\"}")]
        public void Bad_polling_requests_get_the_reference_errors(string target, string body)
        {
            Assert.Equal(JsonError(400, body), Exchange(Get(target)));
        }

        [Fact]
        public void A_handshake_that_is_not_a_get_is_refused()
        {
            Assert.Equal(JsonError(400, "{\"code\":2,\"message\":\"Bad handshake method\"}"),
                Exchange(Post("/socket.io/?EIO=4&transport=polling", "40")));
        }

        [Fact]
        public void An_upgrade_with_an_unknown_sid_gets_400_with_the_message()
        {
            using var raw = new RawClient(_host.Port);
            raw.WriteAscii(UpgradeRequest("/socket.io/?EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA"));
            Assert.Equal("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 18\r\nConnection: close\r\n\r\nSession ID unknown", ReadToEnd(raw));
        }

        [Fact]
        public void A_second_polling_get_while_one_is_held_is_refused_and_closes_the_session()
        {
            string sid = Connect();

            // The first GET has nothing to take: it is held.
            using var held = new RawClient(_host.Port);
            held.WriteAscii(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid));
            Assert.True(SpinWait.SpinUntil(() => _host.Endpoint.HeldPolls == 1, ServerHarness.Patience), "the GET was not held");

            Assert.Equal(JsonError(400, "{\"code\":3,\"message\":\"Bad request\"}"), Exchange(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid)));

            // engine.io: "overlap from client" closes the session; the held GET gets the close packet.
            Assert.Equal(TextOk("1"), ReadToEnd(held));
            Assert.Equal(new[] { "connection /", "disconnect transport error" }, SocketIoClientInteropTests.Drain(_device, 2));
            Assert.Equal(JsonError(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), Exchange(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid)));
        }

        [Fact]
        public void A_held_get_whose_client_goes_away_closes_the_session()
        {
            string sid = Connect();
            var held = new RawClient(_host.Port);
            held.WriteAscii(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid));
            Assert.True(SpinWait.SpinUntil(() => _host.Endpoint.HeldPolls == 1, ServerHarness.Patience), "the GET was not held");
            held.Dispose();

            // engine.io: "poll connection closed prematurely".
            Assert.Equal(new[] { "connection /", "disconnect transport error" }, SocketIoClientInteropTests.Drain(_device, 2));
            Assert.Equal(0, _host.Endpoint.HeldPolls);
        }

        [Fact]
        public void A_post_over_max_payload_gets_413_unread_and_closes_the_session()
        {
            string sid = Connect();
            using var raw = new RawClient(_host.Port);
            raw.WriteAscii("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2049\r\n\r\n");
            Assert.Equal("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ReadToEnd(raw));
            Assert.Equal(new[] { "connection /", "disconnect transport error" }, SocketIoClientInteropTests.Drain(_device, 2));
            Assert.Equal(JsonError(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), Exchange(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid)));
        }

        [Fact]
        public void Polling_to_a_session_upgraded_to_websocket_is_refused_and_the_session_stays()
        {
            string sid = Connect();
            using var ws = new RawClient(_host.Port);
            Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", ws.Handshake("/socket.io/?EIO=4&transport=websocket&sid=" + sid));
            ws.SendFrame(0x1, Encoding.ASCII.GetBytes("2probe"));
            Assert.Equal("3probe", Encoding.ASCII.GetString(ws.ReadFrame().Payload));
            ws.SendFrame(0x1, Encoding.ASCII.GetBytes("5"));

            // An event with an ack over the WebSocket: answered there, so the upgrade is done.
            ws.SendFrame(0x1, Encoding.ASCII.GetBytes("421[\"hello\",\"ws\"]"));
            Assert.Equal("431[\"got it\",\"ws\"]", Encoding.ASCII.GetString(ws.ReadFrame().Payload));

            // The app's broadcast is for its own WebSockets, never an Engine.IO one.
            Assert.Equal(0, _host.Server.BroadcastText("not an engine.io packet"));

            Assert.Equal(JsonError(400, "{\"code\":3,\"message\":\"Bad request\"}"), Exchange(Post("/socket.io/?EIO=4&transport=polling&sid=" + sid, "42[\"hello\",\"x\"]")));
            Assert.Equal(JsonError(400, "{\"code\":3,\"message\":\"Bad request\"}"), Exchange(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid)));

            ws.SendFrame(0x1, Encoding.ASCII.GetBytes("422[\"hello\",\"still\"]"));
            Assert.Equal("432[\"got it\",\"still\"]", Encoding.ASCII.GetString(ws.ReadFrame().Payload));
            Assert.Equal(new[] { "connection /", "hello \"ws\"", "hello \"still\"" }, SocketIoClientInteropTests.Drain(_device, 3));
        }

        /// <summary>Opens a session over polling and connects the main namespace; returns the sid.</summary>
        private string Connect()
        {
            string open = Exchange(Get("/socket.io/?EIO=4&transport=polling"));
            string sid = Regex.Match(open, "\"sid\":\"(" + Sid20 + ")\"").Groups[1].Value;
            Assert.Equal(TextOk("ok", "text/html"), Exchange(Post("/socket.io/?EIO=4&transport=polling&sid=" + sid, "40")));

            // The CONNECT answer and the news emitted on connection, in one payload.
            Assert.Matches("^" + Regex.Escape("40{\"sid\":\"") + Sid20 + Regex.Escape("\"}\u001e42[\"news\",{\"hello\":\"world\"}]") + "$",
                Body(Exchange(Get("/socket.io/?EIO=4&transport=polling&sid=" + sid))));
            return sid;
        }

        private string Exchange(string request)
        {
            using var raw = new RawClient(_host.Port);
            raw.WriteAscii(request);
            return ReadToEnd(raw);
        }

        private static string ReadToEnd(RawClient raw)
        {
            var bytes = new MemoryStream();
            raw.Stream.CopyTo(bytes);
            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static string Body(string response) => response.Substring(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);

        private static string Get(string target) => "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n";

        private static string Post(string target, string body)
            => "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: "
                + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body;

        private static string UpgradeRequest(string target)
            => "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

        private static string JsonError(int status, string body)
            => "HTTP/1.1 " + status + " Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + body;

        private static string TextOk(string body, string contentType = "text/plain; charset=UTF-8")
            => "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + body;
    }
}
