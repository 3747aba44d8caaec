using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Client side of the opening handshake (RFC 6455 §4.1) through the public API. The random
    /// source yields 01 02 … 10, so the key is "AQIDBAUGBwgJCgsMDQ4PEA==" and the server must answer
    /// "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=" (checked with openssl in <see cref="AcceptKeyTests"/>).
    /// </summary>
    [TestClass]
    public class WebSocketConnectionClientHandshakeTests
    {
        private const string Key = "AQIDBAUGBwgJCgsMDQ4PEA==";
        private const string Accept = "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=";

        private const string ResponseHeaders =
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + Accept + "\r\n";

        private const string Response = "HTTP/1.1 101 Switching Protocols\r\n" + ResponseHeaders + "\r\n";

        private static WebSocketOptions Options(string[] subprotocols)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new PatternRandomSource(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });
            options.Subprotocols = subprotocols;
            return options;
        }

        [TestMethod]
        [DataRow(80, false, "")]
        [DataRow(8080, true, "http://dashboard.example.com")]
        public void Client_request_that_fits_the_send_buffer_exactly_is_written_and_one_byte_less_throws(int port, bool sendsOrigin, string originValue)
        {
            // A null attribute argument does not convert to a .pe: the row says "no Origin" with a flag.
            string origin = sendsOrigin ? originValue : null;
            string host = "device-0123456789.sensors.factory-floor.example.com";
            string resource = "/ws/live?token=0123456789abcdef0123456789abcdef&room=7";
            string[] protocols = new string[] { "dash.v2", "dash.v1", "superchat" };
            string extra = "Cookie: theme=dark\r\n";

            WebSocketOptions roomy = Options(protocols);
            roomy.SendBufferSize = 2048;
            WebSocketConnection probe = WebSocketConnection.CreateClient(roomy);
            probe.StartClientHandshake(host, port, resource, origin, extra);
            int length = probe.SendCount;

            WebSocketOptions exact = Options(protocols);
            exact.SendBufferSize = length;
            WebSocketConnection fits = WebSocketConnection.CreateClient(exact);
            fits.StartClientHandshake(host, port, resource, origin, extra);
            Assert.AreEqual(length, fits.SendCount);

            WebSocketOptions tight = Options(protocols);
            tight.SendBufferSize = length - 1;
            WebSocketConnection short1 = WebSocketConnection.CreateClient(tight);
            Assert.ThrowsException(typeof(InvalidOperationException), () => short1.StartClientHandshake(host, port, resource, origin, extra));
        }

        /// <summary>A client that sent its request for ws://example.com/chat; the request bytes are discarded.</summary>
        private static Wire Started(WebSocketOptions options)
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(options));
            w.Connection.StartClientHandshake("example.com", 80, "/chat", null, null);
            w.TakeSent();
            return w;
        }

        private static Wire Answered(WebSocketOptions options, string response)
        {
            Wire w = Started(options);
            w.Feed(HandshakeText.Latin1(response), 0);
            return w;
        }

        /// <summary>A 101 response with <paramref name="headerLines"/> (each ending in CRLF).</summary>
        private static string Response101(string headerLines)
        {
            return "HTTP/1.1 101 Switching Protocols\r\n" + headerLines + "\r\n";
        }

        private static void AssertFailed(Wire w, int httpStatus, string message)
        {
            WebSocketConnection c = w.Connection;
            Assert.AreEqual("HandshakeFailed:" + httpStatus + "|", w.Log);
            Assert.AreEqual(httpStatus, c.HttpStatus);
            Assert.AreEqual(message, c.ErrorMessage);
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsNull(c.Subprotocol);
            Assert.AreEqual(0, w.TakeSent().Length, "a client sends nothing after a failed handshake");
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        // ---- the request -------------------------------------------------------------------------

        [TestMethod]
        public void Client_writes_the_exact_request_with_a_key_from_the_random_source()
        {
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(null));
            c.StartClientHandshake("example.com", 80, "/chat", null, null);

            Wire w = new Wire(c);
            Assert.AreEqual(
                "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                HandshakeText.Sent(w));
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
            Assert.IsFalse(c.IsServer);
        }

        [TestMethod]
        public void Client_key_and_expected_accept_follow_the_random_source()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new PatternRandomSource(new byte[] { 0 });
            Wire w = new Wire(WebSocketConnection.CreateClient(options));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);

            Assert.AreEqual("AAAAAAAAAAAAAAAAAAAAAA==", Wire.HeaderValue(w.TakeSent(), "Sec-WebSocket-Key"));
            w.Feed(Bytes.Ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: ICX+Yqv66kxgM0FcWaLWlFLwTAI=\r\n\r\n"), 0);
            Assert.AreEqual("Open|", w.Log);
        }

        [TestMethod]
        [DataRow(80, "example.com")]
        [DataRow(8080, "example.com:8080")]
        [DataRow(443, "example.com:443")]
        [DataRow(1, "example.com:1")]
        [DataRow(65535, "example.com:65535")]
        public void Client_names_the_port_in_Host_unless_it_is_80(int port, string host)
        {
            // RFC 6455 §4.1 item 4: the port is included when it is not the default (80 for ws).
            Wire w = new Wire(WebSocketConnection.CreateClient(Options(null)));
            w.Connection.StartClientHandshake("example.com", port, "/chat", null, null);
            Assert.AreEqual(host, Wire.HeaderValue(w.TakeSent(), "Host"));
        }

        [TestMethod]
        public void Client_offers_subprotocols_origin_and_extra_headers_in_the_exact_request()
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(Options(new string[] { "chat", "superchat" })));
            w.Connection.StartClientHandshake("192.168.1.10", 8080, "/ws?token=abc", "http://example.com",
                "Cookie: session=abc\r\nAuthorization: Bearer t0k\r\n");
            Assert.AreEqual(
                "GET /ws?token=abc HTTP/1.1\r\nHost: 192.168.1.10:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
                + "Origin: http://example.com\r\nCookie: session=abc\r\nAuthorization: Bearer t0k\r\n\r\n",
                HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Client_sends_no_subprotocol_header_for_an_empty_list()
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(Options(new string[0])));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);
            Assert.IsNull(Wire.HeaderValue(w.TakeSent(), "Sec-WebSocket-Protocol"));
        }

        [TestMethod]
        public void Client_requests_slash_when_the_resource_is_null_or_empty()
        {
            WebSocketConnection a = WebSocketConnection.CreateClient(Options(null));
            a.StartClientHandshake("example.com", 80, null, null, null);
            WebSocketConnection b = WebSocketConnection.CreateClient(Options(null));
            b.StartClientHandshake("example.com", 80, string.Empty, null, null);

            string expected = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            Assert.AreEqual(expected, HandshakeText.Sent(new Wire(a)));
            Assert.AreEqual(expected, HandshakeText.Sent(new Wire(b)));
        }

        [TestMethod]
        [DataRow(0, "example.com\r\nX-Evil: 1")]
        [DataRow(0, "example.com\nX-Evil: 1")]
        [DataRow(0, "exa mple.com")]
        [DataRow(0, "ex\u00E4mple.com")]
        [DataRow(1, "/chat\r\nX-Evil: 1")]
        [DataRow(1, "/chat HTTP/1.0\r\n")]
        [DataRow(1, "/chat HTTP/1.0")]
        [DataRow(1, "/ch\tat")]
        [DataRow(1, "/ch\u00E4t")]
        [DataRow(2, "http://example.com\r\nX-Evil: 1")]
        [DataRow(2, "http://example.com\rX")]
        [DataRow(2, "http://ex\u00E4mple.com")]
        public void Client_throws_ArgumentException_for_header_injection_in_host_resource_or_origin(int field, string value)
        {
            // RFC 9110 §5.5 / RFC 9112 §3: no CR, LF, NUL or other controls in the request line or a field
            // value, and no space in the host or request target.
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(null));
            string host = field == 0 ? value : "example.com";
            string resource = field == 1 ? value : "/chat";
            string origin = field == 2 ? value : null;

            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake(host, 80, resource, origin, null));
            Assert.AreEqual(0, c.SendCount, "nothing is queued");

            // The connection is untouched: a valid start still works.
            c.StartClientHandshake("example.com", 80, "/chat", null, null);
            Assert.AreEqual("example.com", Wire.HeaderValue(new Wire(c).TakeSent(), "Host"));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        public void Client_throws_ArgumentException_for_a_control_character_in_host_resource_or_origin(int field)
        {
            // Controls other than CR/LF are built here rather than in DataRow, so test names stay printable.
            // U+0000 cannot sit inside a string on nanoCLR (the string ends there); NulStringTests
            // in the host runner covers it on .NET.
            for (int b = 1; b < 0x20; b++)
            {
                string value = (field == 1 ? "/ch" : "ex") + (char)b + "at";
                WebSocketConnection c = WebSocketConnection.CreateClient(Options(null));
                string host = field == 0 ? value : "example.com";
                string resource = field == 1 ? value : "/chat";
                string origin = field == 2 ? value : null;
                Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake(host, 80, resource, origin, null), "byte " + b);
                Assert.AreEqual(0, c.SendCount);
            }
        }

        [TestMethod]
        public void Client_allows_a_space_in_the_origin_value()
        {
            // Origin is a field value (RFC 9110 §5.5): SP is allowed there, unlike in the request line.
            Wire w = new Wire(WebSocketConnection.CreateClient(Options(null)));
            w.Connection.StartClientHandshake("example.com", 80, "/chat", "null x", null);
            Assert.AreEqual("null x", Wire.HeaderValue(w.TakeSent(), "Origin"));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("a b")]
        [DataRow("a,b")]
        [DataRow("chat\r\nX-Evil: 1")]
        [DataRow("a;b")]
        [DataRow("caf\u00E9")]
        [DataRow("chat")]
        public void Client_throws_ArgumentException_for_a_subprotocol_that_is_not_a_unique_token(string bad)
        {
            // RFC 6455 §4.1 item 10: non-empty tokens, unique. The "chat" row repeats an offered name.
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(new string[] { "chat", bad }));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 80, "/", null, null));
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void Client_throws_ArgumentException_for_a_null_subprotocol()
        {
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(new string[] { "chat", null }));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 80, "/", null, null));
        }

        [TestMethod]
        public void Client_throws_ArgumentException_for_an_invalid_host_port_or_resource()
        {
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake(null, 80, "/", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake(string.Empty, 80, "/", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 0, "/", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", -1, "/", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 65536, "/", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 80, "chat", null, null));
            Assert.ThrowsException(typeof(ArgumentException), () => c.StartClientHandshake("example.com", 80, "?x=1", null, null));
            Assert.AreEqual(0, c.SendCount);
        }

        [TestMethod]
        public void Client_start_throws_InvalidOperationException_when_repeated_or_on_a_server()
        {
            WebSocketConnection c = WebSocketConnection.CreateClient(Options(null));
            c.StartClientHandshake("example.com", 80, "/", null, null);
            int queued = c.SendCount;
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.StartClientHandshake("example.com", 80, "/", null, null));
            Assert.AreEqual(queued, c.SendCount, "the request is queued once");

            WebSocketConnection server = WebSocketConnection.CreateServer(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => server.StartClientHandshake("example.com", 80, "/", null, null));
        }

        [TestMethod]
        public void Client_start_throws_InvalidOperationException_when_the_request_does_not_fit_the_send_buffer()
        {
            WebSocketOptions options = Options(null);
            options.SendBufferSize = WebSocketOptions.MinSendBufferSize;
            WebSocketConnection c = WebSocketConnection.CreateClient(options);
            string cookie = "Cookie: " + HandshakeText.Repeat('c', 300) + "\r\n";
            Assert.ThrowsException(typeof(InvalidOperationException), () => c.StartClientHandshake("example.com", 80, "/", null, cookie));
            Assert.AreEqual(0, c.SendCount);
        }

        // ---- a valid response --------------------------------------------------------------------

        [TestMethod]
        public void Client_opens_on_a_valid_101()
        {
            Wire w = Answered(Options(null), Response);
            WebSocketConnection c = w.Connection;

            Assert.AreEqual("Open|", w.Log);
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(101, c.HttpStatus);
            Assert.IsNull(c.ErrorMessage);
            Assert.IsNull(c.Subprotocol);
            Assert.AreEqual(0, w.TakeSent().Length);
            Assert.IsFalse(c.ShouldCloseTransport);
            Assert.AreEqual(101, c.Head.StatusCode);
            Assert.AreEqual("HTTP/1.1", c.Head.Version);
            Assert.AreEqual(Accept, c.Head.GetHeader("sec-websocket-accept"));
        }

        [TestMethod]
        public void Client_reports_nothing_until_the_empty_line_ends_the_response()
        {
            byte[] response = Bytes.Ascii(Response);
            Wire w = Started(Options(null));
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(response, 0, response.Length - 1), 0));
            Assert.AreEqual((int)WebSocketState.Connecting, (int)w.Connection.State);
            Assert.AreEqual("Open|", w.Feed(Bytes.Slice(response, response.Length - 1, 1), 0));
        }

        [TestMethod]
        public void Client_waits_for_the_request_to_be_started_before_reading_a_response()
        {
            Wire w = new Wire(WebSocketConnection.CreateClient(Options(null)));
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Ascii(Response), 0));
            w.Connection.StartClientHandshake("example.com", 80, "/chat", null, null);
            w.Drain();
            Assert.AreEqual("Open|", w.Log);
        }

        [TestMethod]
        [DataRow("chat")]
        [DataRow("superchat")]
        public void Client_opens_with_the_subprotocol_the_server_selected(string selected)
        {
            // RFC 6455 §4.1 item 6: one of the offered values.
            Wire w = Answered(Options(new string[] { "chat", "superchat" }),
                Response101(ResponseHeaders + "Sec-WebSocket-Protocol: " + selected + "\r\n"));
            Assert.AreEqual("Open|", w.Log);
            Assert.AreEqual(selected, w.Connection.Subprotocol);
        }

        [TestMethod]
        public void Client_opens_without_a_subprotocol_when_the_server_selects_none()
        {
            Wire w = Answered(Options(new string[] { "chat" }), Response);
            Assert.AreEqual("Open|", w.Log);
            Assert.IsNull(w.Connection.Subprotocol);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nconnection: upgrade\r\nsec-websocket-accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n\r\n")]
        [DataRow("HTTP/1.1 101 Switching Protocols\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n\r\n")]
        [DataRow("HTTP/1.1 101\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n\r\n")]
        [DataRow("HTTP/1.1 101 OK\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\n\n")]
        [DataRow("HTTP/1.1 101 Switching Protocols\r\nServer: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept:  C/0nmHhBztSRGR1CwL6Tf4ZjwpY= \r\nSec-WebSocket-Extensions:\r\n\r\n")]
        public void Client_opens_on_valid_variations_of_the_101(string response)
        {
            // Rows: header names and tokens in other cases, Connection as a list, no reason phrase,
            // bare LF line ends, an unrelated header, OWS around the accept value, an empty extension list.
            Wire w = Answered(Options(null), response);
            Assert.AreEqual("Open|", w.Log);
            Assert.AreEqual(101, w.Connection.HttpStatus);
        }

        [TestMethod]
        public void Client_decodes_frames_that_arrive_in_the_same_chunk_as_the_101()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Response), Wire.Frame(0x81, Bytes.Ascii("Hello"), null), Wire.Frame(0x82, new byte[] { 1, 2 }, null));
            Wire w = Started(Options(null));
            Assert.AreEqual("Open|Text:48 65 6C 6C 6F|Binary:01 02|", w.Feed(input, 0));
            Assert.AreEqual(0, w.TakeSent().Length);
        }

        [TestMethod]
        public void Client_gives_the_same_events_for_every_split_of_the_response_and_following_frames()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Response101(ResponseHeaders + "Sec-WebSocket-Protocol: chat\r\n")),
                Wire.Frame(0x81, Bytes.Ascii("Hi"), null), Wire.Frame(0x82, new byte[] { 1, 2 }, null));
            for (int at = 0; at <= input.Length; at++)
            {
                Wire w = Started(Options(new string[] { "chat" }));
                Assert.AreEqual("Open|Text:48 69|Binary:01 02|", w.FeedSplit(input, at), "split at " + at);
                Assert.AreEqual("chat", w.Connection.Subprotocol, "split at " + at);
                Assert.AreEqual(0, w.TakeSent().Length, "split at " + at);
            }
        }

        [TestMethod]
        public void Client_gives_the_same_events_when_fed_one_byte_at_a_time()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Response), Wire.Frame(0x81, Bytes.Ascii("Hi"), null), Wire.Frame(0x82, new byte[] { 1, 2 }, null));
            Wire w = Started(Options(null));
            Assert.AreEqual("Open|Text:48 69|Binary:01 02|", w.Feed(input, 1));
            Assert.AreEqual(101, w.Connection.HttpStatus);
        }

        // ---- failures ----------------------------------------------------------------------------

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200)]
        [DataRow("HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n", 302)]
        [DataRow("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", 400)]
        [DataRow("HTTP/1.1 403 Forbidden\r\n\r\n", 403)]
        [DataRow("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n", 426)]
        [DataRow("HTTP/1.1 503 Service Unavailable\r\n\r\n", 503)]
        [DataRow("HTTP/1.1 100 Continue\r\n\r\n", 100)]
        public void Client_fails_when_the_status_is_not_101(string response, int status)
        {
            // RFC 6455 §4.1: any status other than 101 is handled per HTTP; redirects are not followed.
            Wire w = Answered(Options(null), response);
            AssertFailed(w, status, "server answered with a status other than 101");
            Assert.AreEqual(status, w.Connection.Head.StatusCode);
        }

        [TestMethod]
        public void Client_exposes_the_failed_response_head()
        {
            Wire w = Answered(Options(null), "HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n");
            Assert.AreEqual("ws://elsewhere/", w.Connection.Head.GetHeader("Location"));
            Assert.AreEqual(CloseStatus.AbnormalClosure, w.Connection.CloseCode);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Upgrade: h2c\r\n")]
        [DataRow("Upgrade: websocket2\r\n")]
        [DataRow("Upgrade:\r\n")]
        public void Client_fails_when_the_Upgrade_header_is_missing_or_wrong(string upgradeLines)
        {
            // RFC 6455 §4.1, server response item 2.
            Wire w = Answered(Options(null), Response101(HandshakeText.ReplaceLine(ResponseHeaders, "Upgrade", upgradeLines)));
            AssertFailed(w, 101, "response lacks Upgrade: websocket");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Connection: keep-alive\r\n")]
        [DataRow("Connection: close\r\n")]
        [DataRow("Connection: Upgraded\r\n")]
        public void Client_fails_when_the_Connection_header_lacks_Upgrade(string connectionLines)
        {
            // RFC 6455 §4.1, server response item 3.
            Wire w = Answered(Options(null), Response101(HandshakeText.ReplaceLine(ResponseHeaders, "Connection", connectionLines)));
            AssertFailed(w, 101, "response lacks Connection: Upgrade");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")]
        [DataRow("Sec-WebSocket-Accept: c/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n")]
        [DataRow("Sec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY\r\n")]
        [DataRow("Sec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY==\r\n")]
        [DataRow("Sec-WebSocket-Accept: AQIDBAUGBwgJCgsMDQ4PEA==\r\n")]
        [DataRow("Sec-WebSocket-Accept:\r\n")]
        [DataRow("Sec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\nSec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n")]
        [DataRow("Sec-WebSocket-Accept: C/0nmHhBztSRGR1CwL6Tf4ZjwpY=, C/0nmHhBztSRGR1CwL6Tf4ZjwpY=\r\n")]
        public void Client_fails_when_Sec_WebSocket_Accept_is_missing_wrong_or_repeated(string acceptLines)
        {
            // RFC 6455 §4.1, server response item 4: exactly base64(SHA-1(key + GUID)), compared as sent.
            // Rows: missing, another key's accept, wrong case, no padding, extra padding, the key
            // echoed, empty, two lines, a list.
            Wire w = Answered(Options(null), Response101(HandshakeText.ReplaceLine(ResponseHeaders, "Sec-WebSocket-Accept", acceptLines)));
            AssertFailed(w, 101, "wrong or missing Sec-WebSocket-Accept");
        }

        [TestMethod]
        [DataRow("Sec-WebSocket-Protocol: superchat\r\n")]
        [DataRow("Sec-WebSocket-Protocol: Chat\r\n")]
        [DataRow("Sec-WebSocket-Protocol: chat, mqtt\r\n")]
        [DataRow("Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat\r\n")]
        [DataRow("Sec-WebSocket-Protocol:\r\n")]
        public void Client_fails_when_the_server_selects_a_subprotocol_that_was_not_offered(string protocolLines)
        {
            // RFC 6455 §4.1, server response item 6. Rows: unknown, wrong case, a list, repeated, empty.
            Wire w = Answered(Options(new string[] { "chat", "mqtt" }), Response101(ResponseHeaders + protocolLines));
            AssertFailed(w, 101, "server selected a subprotocol that was not offered");
        }

        [TestMethod]
        public void Client_fails_when_the_server_selects_a_subprotocol_although_none_was_offered()
        {
            Wire w = Answered(Options(null), Response101(ResponseHeaders + "Sec-WebSocket-Protocol: chat\r\n"));
            AssertFailed(w, 101, "server selected a subprotocol that was not offered");
        }

        [TestMethod]
        [DataRow("Sec-WebSocket-Extensions: permessage-deflate\r\n")]
        [DataRow("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n")]
        [DataRow("Sec-WebSocket-Extensions:\r\nsec-websocket-extensions: x-webkit-deflate-frame\r\n")]
        public void Client_fails_when_the_server_uses_an_extension(string extensionLines)
        {
            // RFC 6455 §4.1, server response item 5: no extension was offered.
            Wire w = Answered(Options(null), Response101(ResponseHeaders + extensionLines));
            AssertFailed(w, 101, "server selected an extension that was not offered");
        }

        [TestMethod]
        public void Client_opens_on_a_response_that_exactly_fills_the_receive_buffer()
        {
            WebSocketOptions options = Options(null);
            options.ReceiveBufferSize = 256;
            string bare = Response101(ResponseHeaders + "Server: \r\n");
            string response = Response101(ResponseHeaders + "Server: " + HandshakeText.Repeat('s', 256 - bare.Length) + "\r\n");
            Assert.AreEqual(256, response.Length);
            Assert.AreEqual("Open|", Answered(options, response).Log);
        }

        [TestMethod]
        [DataRow(257, 0)]
        [DataRow(257, 1)]
        [DataRow(3000, 64)]
        public void Client_fails_when_the_response_head_exceeds_the_receive_buffer(int length, int chunk)
        {
            WebSocketOptions options = Options(null);
            options.ReceiveBufferSize = 256;
            string bare = Response101(ResponseHeaders + "Server: \r\n");
            string response = Response101(ResponseHeaders + "Server: " + HandshakeText.Repeat('s', length - bare.Length) + "\r\n");
            Wire w = Started(options);
            w.Feed(Bytes.Ascii(response), chunk);
            AssertFailed(w, 0, "response head larger than the receive buffer");
        }

        [TestMethod]
        [DataRow("HTTP/1.1 10 Switching Protocols", "malformed status code")]
        [DataRow("HTTP/1.1 1x1 Switching Protocols", "malformed status code")]
        [DataRow("HTTP/1.1 1010 Switching Protocols", "malformed status line")]
        [DataRow("HTTP/1.1101 Switching Protocols", "malformed status line")]
        [DataRow("HTTP/1.1  101 Switching Protocols", "malformed status code")]
        [DataRow("http/1.1 101 Switching Protocols", "malformed status line")]
        [DataRow("ICY 101 OK", "malformed status line")]
        [DataRow("HTTP/1.1", "malformed status line")]
        public void Client_fails_on_a_malformed_status_line(string statusLine, string reason)
        {
            // RFC 9112 §4: status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ].
            Wire w = Answered(Options(null), statusLine + "\r\n" + ResponseHeaders + "\r\n");
            AssertFailed(w, 0, "malformed response: " + reason);
        }

        [TestMethod]
        [DataRow("Server: a\rb\r\n", "control character in header value")]
        [DataRow("Server : a\r\n", "malformed header name")]
        [DataRow(" folded\r\n", "obsolete header line folding")]
        public void Client_fails_on_a_malformed_response_header(string line, string reason)
        {
            Wire w = Answered(Options(null), Response101(ResponseHeaders + line));
            AssertFailed(w, 0, "malformed response: " + reason);
        }

        [TestMethod]
        public void Client_fails_on_a_NUL_in_a_response_header_value()
        {
            // The NUL goes in as a byte: a string on nanoCLR ends at its first U+0000.
            Wire w = Started(Options(null));
            w.Feed(HandshakeText.Latin1With(Response101(ResponseHeaders + "Server: a" + HandshakeText.ByteMark + "b\r\n"), 0), 0);
            AssertFailed(w, 0, "malformed response: control character in header value");
        }

        [TestMethod]
        public void Client_ignores_all_input_after_a_failed_handshake()
        {
            Wire w = Answered(Options(null), "HTTP/1.1 403 Forbidden\r\n\r\n");
            Assert.AreEqual("HandshakeFailed:403|", w.Log);

            Assert.AreEqual(string.Empty, w.Feed(Bytes.Ascii(Response), 0));
            Assert.AreEqual(string.Empty, w.Feed(Wire.Frame(0x81, Bytes.Ascii("Hi"), null), 1));
            Assert.AreEqual(403, w.Connection.HttpStatus);
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.AreEqual(0, w.TakeSent().Length);
        }

        [TestMethod]
        public void Client_ignores_frames_that_follow_a_refused_handshake_in_the_same_chunk()
        {
            byte[] input = Wire.Concat(Bytes.Ascii("HTTP/1.1 400 Bad Request\r\n\r\n"), Wire.Frame(0x81, Bytes.Ascii("Hi"), null));
            Wire w = Started(Options(null));
            Assert.AreEqual("HandshakeFailed:400|", w.Feed(input, 0));
            Assert.AreEqual(0, w.Connection.BufferedReceiveCount);
        }

        [TestMethod]
        public void Client_times_out_when_no_response_arrives()
        {
            WebSocketOptions options = Options(null);
            options.HandshakeTimeoutMs = 1000;
            Wire w = new Wire(WebSocketConnection.CreateClient(options));
            WebSocketConnection c = w.Connection;

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(100));
            c.StartClientHandshake("example.com", 80, "/chat", null, null);
            w.TakeSent();
            w.Feed(Bytes.Ascii("HTTP/1.1 101 Switching"), 0);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(1099));
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(1100));
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsTrue(c.ShouldCloseTransport);
        }
    }
}
