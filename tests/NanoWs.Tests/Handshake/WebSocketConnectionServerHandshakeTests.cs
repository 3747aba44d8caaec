using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Server side of the opening handshake (RFC 6455 §4.2) through the public API: the request is
    /// fed as bytes, events are read with Next (through <see cref="Wire"/>), and the exact bytes the
    /// server queues are compared with what the RFCs require.
    /// </summary>
    [TestClass]
    public class WebSocketConnectionServerHandshakeTests
    {
        private const string RfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

        private static Wire Serve(string request)
        {
            return HandshakeText.Serve(null, request);
        }

        private static Wire Serve(WebSocketOptions options, string request)
        {
            return HandshakeText.Serve(options, request);
        }

        private static string Response101(string accept, string subprotocol)
        {
            return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n"
                + (subprotocol == null ? string.Empty : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        }

        /// <summary>Asserts that the request was refused with exactly this error response and the connection is done.</summary>
        private static void AssertRefused(Wire w, int status, string reason, string message, string extraHeaders)
        {
            WebSocketConnection c = w.Connection;
            Assert.AreEqual("HandshakeFailed:" + status + "|", w.Log);
            Assert.AreEqual(message, c.ErrorMessage);
            Assert.AreEqual(status, c.HttpStatus);
            Assert.AreEqual(HandshakeText.ErrorResponse(status, reason, message, extraHeaders), HandshakeText.Sent(w));
            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        private static void AssertBadRequest(string request, string message)
        {
            AssertRefused(Serve(request), 400, "Bad Request", message, null);
        }

        /// <summary>As <see cref="AssertBadRequest(string, string)"/>, with the byte <paramref name="b"/>
        /// in place of each <see cref="HandshakeText.ByteMark"/> (a NUL cannot sit in a string on nanoCLR).</summary>
        private static void AssertBadRequest(string request, int b, string message)
        {
            AssertRefused(HandshakeText.Serve(null, HandshakeText.Latin1With(request, b)), 400, "Bad Request", message, null);
        }

        // ---- the canonical request -------------------------------------------------------------

        [TestMethod]
        public void Server_accepts_the_rfc6455_example_request_with_the_exact_101_response()
        {
            Wire w = Serve(Wire.UpgradeRequest);
            WebSocketConnection c = w.Connection;

            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual(0, c.SendCount, "nothing is sent before the application decides");
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
            Assert.IsNull(c.Subprotocol);

            c.AcceptHandshake();

            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
            Assert.AreEqual((int)WebSocketState.Open, (int)c.State);
            Assert.AreEqual(101, c.HttpStatus);
            Assert.IsNull(c.ErrorMessage);
            Assert.IsNull(c.Subprotocol);
            Assert.IsFalse(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_reports_nothing_until_the_empty_line_ends_the_request()
        {
            byte[] request = Bytes.Ascii(Wire.UpgradeRequest);
            Wire w = new Wire(WebSocketConnection.CreateServer(null));

            Assert.AreEqual(string.Empty, w.Feed(Bytes.Slice(request, 0, request.Length - 1), 0));
            Assert.AreEqual(0, w.TakeSent().Length);
            Assert.AreEqual((int)WebSocketState.Connecting, (int)w.Connection.State);

            Assert.AreEqual("Upgrade|", w.Feed(Bytes.Slice(request, request.Length - 1, 1), 0));
        }

        [TestMethod]
        public void Server_reports_the_upgrade_request_once_while_the_decision_is_pending()
        {
            Wire w = Serve(Wire.UpgradeRequest);
            Assert.AreEqual((int)WebSocketEvent.None, (int)w.Connection.Next());
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x81, Bytes.Ascii("Hi")), 0), "frames wait for the decision");
            Assert.AreEqual((int)WebSocketEvent.None, (int)w.Connection.Next());
            Assert.AreEqual("Upgrade|", w.Log);
        }

        [TestMethod]
        public void Server_gives_the_same_events_and_bytes_for_every_split_of_request_and_pipelined_frames()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Wire.UpgradeRequest), Wire.Masked(0x81, Bytes.Ascii("Hi")), Wire.Masked(0x89, Bytes.Ascii("p")));
            string expectedSent = Bytes.ToHex(Bytes.Ascii(HandshakeText.CanonicalResponse)) + " 8A 01 70";

            for (int at = 0; at <= input.Length; at++)
            {
                Wire w = new Wire(WebSocketConnection.CreateServer(null));
                HandshakeText.FeedAccepting(w, input, 0, at);
                HandshakeText.FeedAccepting(w, input, at, input.Length - at);

                Assert.AreEqual("Upgrade|Text:48 69|Ping:70|", w.Log, "split at " + at);
                Assert.AreEqual(expectedSent, w.TakeSentHex(), "split at " + at);
            }
        }

        [TestMethod]
        public void Server_gives_the_same_events_and_bytes_when_fed_one_byte_at_a_time()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Wire.UpgradeRequest), Wire.Masked(0x81, Bytes.Ascii("Hi")), Wire.Masked(0x89, Bytes.Ascii("p")));
            Wire w = new Wire(WebSocketConnection.CreateServer(null));
            for (int i = 0; i < input.Length; i++)
            {
                HandshakeText.FeedAccepting(w, input, i, 1);
            }

            Assert.AreEqual("Upgrade|Text:48 69|Ping:70|", w.Log);
            Assert.AreEqual(Bytes.ToHex(Bytes.Ascii(HandshakeText.CanonicalResponse)) + " 8A 01 70", w.TakeSentHex());
        }

        [TestMethod]
        public void Server_decodes_frames_pipelined_after_the_request_in_the_same_chunk_once_accepted()
        {
            byte[] input = Wire.Concat(
                Bytes.Ascii(Wire.UpgradeRequest),
                Wire.Masked(0x81, Bytes.Ascii("Hello")),
                Wire.Masked(0x82, new byte[] { 1, 2, 3 }));
            Wire w = new Wire(WebSocketConnection.CreateServer(null));

            Assert.AreEqual("Upgrade|", w.Feed(input, 0), "no frame is decoded before the handshake is accepted");
            Assert.IsTrue(w.Connection.BufferedReceiveCount > 0);

            w.Connection.AcceptHandshake();
            w.Drain();

            Assert.AreEqual("Upgrade|Text:48 65 6C 6C 6F|Binary:01 02 03|", w.Log);
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        // ---- tolerated variations ----------------------------------------------------------------

        [TestMethod]
        [DataRow("websocket")]
        [DataRow("WebSocket")]
        [DataRow("WEBSOCKET")]
        [DataRow("h2c, websocket")]
        public void Server_accepts_the_websocket_upgrade_token_in_any_case(string upgrade)
        {
            // RFC 6455 §4.2.1 item 3: "websocket", an ASCII case-insensitive match.
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Upgrade", "Upgrade: " + upgrade + "\r\n")));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow("Connection: keep-alive, Upgrade\r\n")]
        [DataRow("Connection: Upgrade, keep-alive\r\n")]
        [DataRow("Connection: upgrade\r\n")]
        [DataRow("Connection: UPGRADE\r\n")]
        [DataRow("Connection: keep-alive,Upgrade\r\n")]
        [DataRow("Connection: keep-alive\r\nConnection: Upgrade\r\n")]
        public void Server_accepts_a_Connection_header_that_lists_the_Upgrade_token(string connection)
        {
            // RFC 6455 §4.2.1 item 4: Connection includes the token "Upgrade" (Firefox sends "keep-alive, Upgrade").
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Connection", connection)));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void Server_matches_header_names_case_insensitively(bool upper)
        {
            string headers = upper
                ? "HOST: server.example.com\r\nUPGRADE: websocket\r\nCONNECTION: Upgrade\r\nSEC-WEBSOCKET-KEY: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n"
                : "host: server.example.com\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n";
            Wire w = Serve(HandshakeText.Get(headers));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_accepts_bare_LF_line_endings()
        {
            // RFC 9112 §2.2: a recipient MAY recognise a single LF as a line terminator.
            string request = "GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n";
            Wire w = Serve(request);
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_accepts_mixed_CRLF_and_LF_line_endings_split_at_every_point()
        {
            byte[] input = Bytes.Ascii("GET /chat HTTP/1.1\r\nHost: server.example.com\nUpgrade: websocket\r\nConnection: Upgrade\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\n\r\n");
            for (int at = 0; at <= input.Length; at++)
            {
                Wire w = new Wire(WebSocketConnection.CreateServer(null));
                HandshakeText.FeedAccepting(w, input, 0, at);
                HandshakeText.FeedAccepting(w, input, at, input.Length - at);
                Assert.AreEqual("Upgrade|", w.Log, "split at " + at);
                Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w), "split at " + at);
            }
        }

        [TestMethod]
        public void Server_ignores_optional_whitespace_around_header_values()
        {
            // RFC 9110 §5.5: OWS around a field value is not part of it.
            string headers = "Host:server.example.com  \r\nUpgrade: \t websocket\t\r\nConnection:Upgrade\r\n"
                + "Sec-WebSocket-Key: \t dGhlIHNhbXBsZSBub25jZQ== \t\r\nSec-WebSocket-Version:13 \r\n";
            Wire w = Serve(HandshakeText.Get(headers));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_accepts_tab_and_obs_text_bytes_in_header_values()
        {
            // RFC 9110 §5.5: field-vchar includes obs-text (0x80-0xFF); HTAB is allowed inside a value.
            string request = HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Note: a\tb \u00E9\u00FF\r\n");
            Wire w = Serve(request);
            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual("a\tb \u00E9\u00FF", w.Connection.Head.GetHeader("X-Note"));
        }

        [TestMethod]
        public void Server_accepts_a_higher_HTTP_1_minor_version()
        {
            // RFC 9112 §2.5: a 1.x recipient treats a higher minor version as the one it implements.
            Wire w = Serve(HandshakeText.Request("GET /chat HTTP/1.9", HandshakeText.CanonicalHeaders));
            Assert.AreEqual("Upgrade|", w.Log);
        }

        [TestMethod]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4PEA==", "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=")]
        [DataRow("AAAAAAAAAAAAAAAAAAAAAA==", "ICX+Yqv66kxgM0FcWaLWlFLwTAI=")]
        [DataRow("AAAAAAAAAAAAAAAAAAAAAg==", "rtWhS6iche/koCpQdNwtZPeavck=")]
        [DataRow("/////////////////////w==", "XXpj4jYzLM2yUE0C7TIgMwTQh2g=")]
        [DataRow("+/+/+/+/+/+/+/+/+/+/+w==", "M0DUs3om0SqzerhOhYSMM7WQuBQ=")]
        public void Server_answers_every_valid_key_with_its_accept_value(string key, string accept)
        {
            // Accept values computed independently: printf '%s' "<key>258EAFA5-E914-47DA-95CA-C5AB0DC85B11" | openssl sha1 -binary | base64
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + key + "\r\n")));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(Response101(accept, null), HandshakeText.Sent(w));
        }

        // ---- Sec-WebSocket-Key -------------------------------------------------------------------

        [TestMethod]
        public void Server_answers_400_when_the_key_is_missing()
        {
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Key", string.Empty)),
                "missing or repeated Sec-WebSocket-Key");
        }

        [TestMethod]
        [DataRow("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
        [DataRow("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n")]
        public void Server_answers_400_when_the_key_is_repeated(string keys)
        {
            // RFC 6455 §11.3.1: Sec-WebSocket-Key MUST NOT appear more than once in a request.
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Key", keys)),
                "missing or repeated Sec-WebSocket-Key");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ")]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ=")]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ===")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4P")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4PEBE=")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4PEBES")]
        [DataRow("dGhlIHNhbXBsZSBub25jZR==")]
        [DataRow("dGhlIHNhbXBsZSBub25jZf==")]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ=A")]
        [DataRow("dGhl*HNhbXBsZSBub25jZQ==")]
        [DataRow("dGhl-HNhbXBsZSBub25jZQ==")]
        [DataRow("dGhl_HNhbXBsZSBub25jZQ==")]
        [DataRow("AAAAAAAA AAAAAAAAAAAAA==")]
        [DataRow("====AAAAAAAAAAAAAAAAAA==")]
        public void Server_answers_400_when_the_key_is_not_base64_of_16_bytes(string key)
        {
            // RFC 6455 §4.2.1 item 5: a base64-encoded value that, when decoded, is 16 bytes long.
            // Rows: empty, unpadded, short padding, long padding, 15 bytes, 17 bytes, 18 bytes, non-zero
            // padding bits (two), '=' inside, '*', base64url '-' and '_', a space, leading '='.
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + key + "\r\n")),
                "Sec-WebSocket-Key is not base64 of 16 bytes");
        }

        // ---- Sec-WebSocket-Version ---------------------------------------------------------------

        [TestMethod]
        public void Server_answers_426_with_supported_version_when_version_is_8()
        {
            // RFC 6455 §4.2.2 item 4 and §4.4: 426 Upgrade Required naming the versions spoken.
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8\r\n")));
            Assert.AreEqual(
                "HTTP/1.1 426 Upgrade Required\r\nContent-Type: text/plain\r\nContent-Length: 30\r\nConnection: close\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\nunsupported WebSocket version\n",
                HandshakeText.Sent(w));
            Assert.AreEqual("HandshakeFailed:426|", w.Log);
            Assert.AreEqual(426, w.Connection.HttpStatus);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        [DataRow("Sec-WebSocket-Version: 7\r\n")]
        [DataRow("Sec-WebSocket-Version: 14\r\n")]
        [DataRow("Sec-WebSocket-Version: 013\r\n")]
        [DataRow("Sec-WebSocket-Version: 13, 8\r\n")]
        [DataRow("Sec-WebSocket-Version:\r\n")]
        [DataRow("")]
        [DataRow("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 13\r\n")]
        [DataRow("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 8\r\n")]
        public void Server_answers_426_with_supported_version_when_version_is_not_exactly_one_13(string versionLines)
        {
            // Rows: other versions, a list, empty, missing, repeated.
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Version", versionLines)));
            AssertRefused(w, 426, "Upgrade Required", "unsupported WebSocket version", "Sec-WebSocket-Version: 13\r\n");
        }

        // ---- method and HTTP version -------------------------------------------------------------

        [TestMethod]
        [DataRow("POST")]
        [DataRow("PUT")]
        [DataRow("HEAD")]
        [DataRow("DELETE")]
        [DataRow("OPTIONS")]
        [DataRow("PATCH")]
        [DataRow("CONNECT")]
        public void Server_answers_405_with_Allow_GET_when_an_upgrade_uses_another_known_method(string method)
        {
            // RFC 6455 §4.2.1 item 1: the method MUST be GET; RFC 9110 §15.5.6: 405 carries Allow.
            Wire w = Serve(HandshakeText.Request(method + " /chat HTTP/1.1", HandshakeText.CanonicalHeaders));
            AssertRefused(w, 405, "Method Not Allowed", "WebSocket upgrade requires GET", "Allow: GET\r\n");
        }

        [TestMethod]
        [DataRow("FOO")]
        [DataRow("get")]
        [DataRow("GETS")]
        public void Server_answers_501_when_an_upgrade_uses_an_unknown_method(string method)
        {
            // RFC 9110 §9.1: methods are case-sensitive; an unrecognised one gets 501.
            Wire w = Serve(HandshakeText.Request(method + " /chat HTTP/1.1", HandshakeText.CanonicalHeaders));
            AssertRefused(w, 501, "Not Implemented", "method not implemented", null);
        }

        [TestMethod]
        public void Server_answers_400_when_an_upgrade_uses_HTTP_1_0()
        {
            // RFC 6455 §4.1: the handshake is an HTTP/1.1 (or higher) request.
            Wire w = Serve(HandshakeText.Request("GET /chat HTTP/1.0", HandshakeText.CanonicalHeaders));
            AssertRefused(w, 400, "Bad Request", "WebSocket requires HTTP/1.1", null);
        }

        [TestMethod]
        [DataRow("HTTP/2.0")]
        [DataRow("HTTP/3.0")]
        [DataRow("HTTP/0.9")]
        public void Server_answers_505_when_the_HTTP_major_version_is_not_1(string version)
        {
            // RFC 9110 §15.6.6: 505 HTTP Version Not Supported.
            Wire w = Serve(HandshakeText.Request("GET /chat " + version, HandshakeText.CanonicalHeaders));
            AssertRefused(w, 505, "HTTP Version Not Supported", "HTTP version not supported", null);
        }

        // ---- Host and Connection -----------------------------------------------------------------

        [TestMethod]
        [DataRow("")]
        [DataRow("Host: server.example.com\r\nHost: server.example.com\r\n")]
        [DataRow("Host: a.example.com\r\nhost: b.example.com\r\n")]
        public void Server_answers_400_when_Host_is_missing_or_repeated(string hostLines)
        {
            // RFC 6455 §4.2.1 item 2; RFC 9112 §3.2: 400 for a missing or repeated Host.
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Host", hostLines)), "missing or repeated Host header");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Connection: keep-alive\r\n")]
        [DataRow("Connection: close\r\n")]
        [DataRow("Connection: Upgrades\r\n")]
        [DataRow("Connection: keep-alive Upgrade\r\n")]
        [DataRow("Connection:\r\n")]
        public void Server_answers_400_when_Connection_lacks_the_Upgrade_token(string connectionLines)
        {
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Connection", connectionLines)),
                "Connection header lacks the Upgrade token");
        }

        // ---- malformed heads ---------------------------------------------------------------------

        [TestMethod]
        [DataRow("GET /chat", "malformed request line")]
        [DataRow("GET  /chat HTTP/1.1", "malformed request line")]
        [DataRow("GET /chat  HTTP/1.1", "malformed request line")]
        [DataRow("GET /chat HTTP/1.1 ", "malformed request line")]
        [DataRow(" GET /chat HTTP/1.1", "malformed request line")]
        [DataRow("GET /chat\tHTTP/1.1", "malformed request line")]
        [DataRow("GET", "malformed request line")]
        [DataRow("G@T /chat HTTP/1.1", "malformed method")]
        [DataRow("GET /chat HTTP/1", "malformed HTTP version")]
        [DataRow("GET /chat http/1.1", "malformed HTTP version")]
        [DataRow("GET /chat HTTP/1.1.1", "malformed HTTP version")]
        [DataRow("GET /chat HTTP/11", "malformed HTTP version")]
        [DataRow("GET /chat HTTP/a.1", "malformed HTTP version")]
        public void Server_answers_400_for_a_malformed_request_line(string requestLine, string message)
        {
            // RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
            AssertBadRequest(HandshakeText.Request(requestLine, HandshakeText.CanonicalHeaders), message);
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x01)]
        [DataRow(0x0D)]
        [DataRow(0x7F)]
        [DataRow(0xE9)]
        public void Server_answers_400_for_a_control_or_non_ASCII_byte_in_the_request_target(int b)
        {
            string request = HandshakeText.Request("GET /ch" + HandshakeText.ByteMark + "at HTTP/1.1", HandshakeText.CanonicalHeaders);
            AssertBadRequest(request, b, "malformed request target");
        }

        [TestMethod]
        [DataRow(" ")]
        [DataRow("\t")]
        public void Server_answers_400_for_obsolete_line_folding(string indent)
        {
            // RFC 9112 §5.2: a server MUST reject obs-fold in a request with 400 (or unfold it).
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Folded: first\r\n" + indent + "second\r\n"),
                "obsolete header line folding");
        }

        [TestMethod]
        [DataRow("Host : server.example.com\r\n", "malformed header name")]
        [DataRow("Host\t: server.example.com\r\n", "malformed header name")]
        [DataRow("Bad Name: x\r\nHost: server.example.com\r\n", "malformed header name")]
        [DataRow("Bad(Name): x\r\nHost: server.example.com\r\n", "malformed header name")]
        [DataRow("NoColon\r\nHost: server.example.com\r\n", "malformed header line")]
        [DataRow(": value\r\nHost: server.example.com\r\n", "malformed header line")]
        public void Server_answers_400_for_a_malformed_header_line(string hostAndOtherLines, string message)
        {
            // RFC 9112 §5.1: no whitespace between field name and colon (MUST reject with 400);
            // RFC 9110 §5.1: field-name = token.
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalWithout("Host", hostAndOtherLines)), message);
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x01)]
        [DataRow(0x0B)]
        [DataRow(0x0D)]
        [DataRow(0x1B)]
        [DataRow(0x7F)]
        public void Server_answers_400_for_a_control_character_inside_a_header_value(int b)
        {
            // RFC 9110 §5.5: a bare CR, NUL or other control inside a value is an injection attempt.
            string request = HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Note: a" + HandshakeText.ByteMark + "b\r\n");
            AssertBadRequest(request, b, "control character in header value");
        }

        [TestMethod]
        public void Server_answers_400_for_a_bare_CR_smuggling_a_second_header_into_a_value()
        {
            string request = HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Note: a\rSec-WebSocket-Protocol: evil\r\n");
            AssertBadRequest(request, "control character in header value");
        }

        [TestMethod]
        public void Server_answers_400_for_a_bare_CR_before_the_line_end()
        {
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Note: value\r\r\n"), "control character in header value");
        }

        [TestMethod]
        public void Server_answers_400_for_a_NUL_in_a_header_name()
        {
            AssertBadRequest(HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-N" + HandshakeText.ByteMark + "te: value\r\n"), 0, "malformed header name");
        }

        // ---- limits ------------------------------------------------------------------------------

        private static string RequestOfLength(int length)
        {
            string bare = HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Pad: \r\n");
            return HandshakeText.Get(HandshakeText.CanonicalHeaders + "X-Pad: " + HandshakeText.Repeat('p', length - bare.Length) + "\r\n");
        }

        [TestMethod]
        public void Server_accepts_a_request_that_exactly_fills_the_receive_buffer()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReceiveBufferSize = 256;
            string request = RequestOfLength(256);
            Assert.AreEqual(256, request.Length);

            Wire w = Serve(options, request);
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow(257, 0)]
        [DataRow(257, 1)]
        [DataRow(4000, 0)]
        [DataRow(4000, 100)]
        public void Server_answers_431_when_the_request_head_exceeds_the_receive_buffer(int length, int chunk)
        {
            // RFC 6585 §5: 431 Request Header Fields Too Large.
            WebSocketOptions options = new WebSocketOptions();
            options.ReceiveBufferSize = 256;
            Wire w = new Wire(WebSocketConnection.CreateServer(options));
            w.Feed(Bytes.Ascii(RequestOfLength(length)), chunk);
            AssertRefused(w, 431, "Request Header Fields Too Large", "request head larger than the receive buffer", null);
        }

        [TestMethod]
        public void Server_accepts_exactly_MaxHeaders_header_lines()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxHeaders = 5;
            Wire w = Serve(options, Wire.UpgradeRequest);
            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual(5, w.Connection.Head.HeaderCount);
        }

        [TestMethod]
        public void Server_answers_431_when_there_are_more_header_lines_than_MaxHeaders()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.MaxHeaders = 5;
            Wire w = Serve(options, HandshakeText.Get(HandshakeText.CanonicalHeaders + "Origin: http://example.com\r\n"));
            AssertRefused(w, 431, "Request Header Fields Too Large", "too many header fields", null);
        }

        // ---- plain HTTP requests -----------------------------------------------------------------

        [TestMethod]
        public void Server_reports_a_plain_GET_as_an_Http_event_with_path_and_query()
        {
            Wire w = Serve("GET /index.html?lang=en&x=1 HTTP/1.1\r\nHost: esp32.local\r\nAccept: text/html\r\n\r\n");
            WebSocketConnection c = w.Connection;

            Assert.AreEqual("Http|", w.Log);
            Assert.AreEqual(0, c.SendCount);
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
            Assert.AreEqual("GET", c.Head.Method);
            Assert.AreEqual("/index.html", c.Head.Path);
            Assert.AreEqual("lang=en&x=1", c.Head.Query);
            Assert.AreEqual("en", c.Head.GetQueryParameter("lang"));
            Assert.AreEqual("text/html", c.Head.GetHeader("accept"));
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Next(), "reported once");
        }

        [TestMethod]
        public void Server_writes_the_exact_http_response_head_and_closes_after_it_is_sent()
        {
            Wire w = Serve("GET / HTTP/1.1\r\nHost: esp32.local\r\n\r\n");
            WebSocketConnection c = w.Connection;
            c.WriteHttpResponseHead(200, "text/html", 1234, null);

            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(200, c.HttpStatus);
            Assert.IsFalse(c.ShouldCloseTransport, "the head is not sent yet");
            Assert.AreEqual("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\nConnection: close\r\n\r\n", HandshakeText.Sent(w));
            Assert.IsTrue(c.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_writes_http_response_head_without_content_type_and_with_extra_headers()
        {
            Wire w = Serve("GET /missing HTTP/1.1\r\nHost: esp32.local\r\n\r\n");
            w.Connection.WriteHttpResponseHead(404, null, 0, "Cache-Control: no-store\r\n");
            Assert.AreEqual("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n", HandshakeText.Sent(w));
            Assert.AreEqual(404, w.Connection.HttpStatus);
        }

        [TestMethod]
        [DataRow("HEAD / HTTP/1.1\r\nHost: esp32.local\r\n\r\n", "HEAD")]
        [DataRow("POST /api HTTP/1.1\r\nHost: esp32.local\r\nContent-Length: 0\r\n\r\n", "POST")]
        [DataRow("OPTIONS * HTTP/1.1\r\nHost: esp32.local\r\n\r\n", "OPTIONS")]
        [DataRow("GET / HTTP/1.0\r\n\r\n", "GET")]
        [DataRow("GET /chat HTTP/1.1\r\nHost: esp32.local\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n", "GET")]
        [DataRow("GET /chat HTTP/1.1\r\nHost: esp32.local\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "GET")]
        public void Server_reports_a_request_without_websocket_upgrade_as_an_Http_event(string request, string method)
        {
            Wire w = Serve(request);
            Assert.AreEqual("Http|", w.Log);
            Assert.IsTrue(w.Connection.Head.MethodIs(method));
            Assert.AreEqual(0, w.Connection.SendCount);
        }

        [TestMethod]
        [DataRow("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
        [DataRow("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n")]
        public void Server_answers_400_to_a_plain_request_with_missing_or_repeated_Host(string request)
        {
            // RFC 9112 §3.2: 400 for any HTTP/1.1 request without Host and any request with two.
            AssertBadRequest(request, "missing or repeated Host header");
        }

        [TestMethod]
        public void Server_answers_505_to_a_plain_request_with_an_unsupported_major_version()
        {
            AssertRefused(Serve("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505, "HTTP Version Not Supported", "HTTP version not supported", null);
        }

        [TestMethod]
        public void Server_WriteHttpResponseHead_throws_unless_a_plain_request_is_pending()
        {
            WebSocketConnection fresh = WebSocketConnection.CreateServer(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => fresh.WriteHttpResponseHead(200, "text/html", 0, null));

            Wire upgrade = Serve(Wire.UpgradeRequest);
            Assert.ThrowsException(typeof(InvalidOperationException), () => upgrade.Connection.WriteHttpResponseHead(200, "text/html", 0, null));
            upgrade.Connection.AcceptHandshake();
            Assert.ThrowsException(typeof(InvalidOperationException), () => upgrade.Connection.WriteHttpResponseHead(200, "text/html", 0, null));

            Wire plain = Serve("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            plain.Connection.WriteHttpResponseHead(204, null, 0, null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => plain.Connection.WriteHttpResponseHead(204, null, 0, null));

            WebSocketConnection client = WebSocketConnection.CreateClient(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => client.WriteHttpResponseHead(200, null, 0, null));
        }

        [TestMethod]
        [DataRow(99, 0)]
        [DataRow(600, 0)]
        [DataRow(200, -1)]
        public void Server_WriteHttpResponseHead_throws_ArgumentException_for_an_invalid_status_or_length(int status, int length)
        {
            Wire w = Serve("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.ThrowsException(typeof(ArgumentException), () => w.Connection.WriteHttpResponseHead(status, "text/plain", length, null));
            Assert.AreEqual(0, w.Connection.SendCount);
            w.Connection.WriteHttpResponseHead(200, null, 0, null);
            Assert.AreEqual("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", HandshakeText.Sent(w));
        }

        // ---- what the application sees at the upgrade event -------------------------------------

        [TestMethod]
        public void Server_exposes_path_query_cookies_and_origin_at_the_upgrade_event()
        {
            string request = HandshakeText.Request("GET /chat?room=lobby&token=a%20b HTTP/1.1",
                HandshakeText.CanonicalHeaders + "Origin: http://example.com\r\nCookie: theme=dark; session=\"s1\"\r\n");
            Wire w = Serve(request);
            HttpHead head = w.Connection.Head;

            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual("GET", head.Method);
            Assert.AreEqual("/chat?room=lobby&token=a%20b", head.Target);
            Assert.AreEqual("/chat", head.Path);
            Assert.IsTrue(head.PathEquals("/chat"));
            Assert.AreEqual("room=lobby&token=a%20b", head.Query);
            Assert.AreEqual("lobby", head.GetQueryParameter("room"));
            Assert.AreEqual("a%20b", head.GetQueryParameter("token"));
            Assert.IsNull(head.GetQueryParameter("user"));
            Assert.AreEqual("dark", head.GetCookie("theme"));
            Assert.AreEqual("s1", head.GetCookie("session"));
            Assert.IsNull(head.GetCookie("missing"));
            Assert.AreEqual("http://example.com", head.GetHeader("Origin"));
            Assert.AreEqual("http://example.com", head.GetHeader("origin"));
            Assert.AreEqual("server.example.com", head.GetHeader("Host"));
            Assert.IsNull(head.GetHeader("Sec-WebSocket-Protocol"));
        }

        // ---- subprotocols and extensions ---------------------------------------------------------

        private static WebSocketOptions Speaking(string[] subprotocols)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Subprotocols = subprotocols;
            return options;
        }

        private static string Offering(string protocolLines)
        {
            return HandshakeText.Get(HandshakeText.CanonicalHeaders + protocolLines);
        }

        [TestMethod]
        public void Server_selects_its_most_preferred_subprotocol_that_the_client_offered()
        {
            // RFC 6455 §4.2.2 item 5.4: one of the client's values, chosen by the server; never the whole list.
            Wire w = Serve(Speaking(new string[] { "b", "a" }), Offering("Sec-WebSocket-Protocol: a, b\r\n"));
            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual("b", w.Connection.Subprotocol);

            w.Connection.AcceptHandshake();
            Assert.AreEqual(Response101(RfcAccept, "b"), HandshakeText.Sent(w));
            Assert.AreEqual("b", w.Connection.Subprotocol);
        }

        [TestMethod]
        public void Server_selects_a_subprotocol_offered_on_a_second_header_line()
        {
            Wire w = Serve(Speaking(new string[] { "mqtt", "chat" }), Offering("Sec-WebSocket-Protocol: x\r\nSec-WebSocket-Protocol: y, chat\r\n"));
            Assert.AreEqual("chat", w.Connection.Subprotocol);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(Response101(RfcAccept, "chat"), HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Sec-WebSocket-Protocol: x, y\r\n")]
        [DataRow("Sec-WebSocket-Protocol: Chat\r\n")]
        [DataRow("Sec-WebSocket-Protocol: chat2, cha\r\n")]
        public void Server_sends_no_subprotocol_when_the_client_offers_none_it_speaks(string protocolLines)
        {
            // Rows: nothing offered, unknown ones, a different case (names are compared exactly), near misses.
            Wire w = Serve(Speaking(new string[] { "chat" }), Offering(protocolLines));
            Assert.AreEqual("Upgrade|", w.Log);
            Assert.IsNull(w.Connection.Subprotocol);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_sends_no_subprotocol_when_it_speaks_none()
        {
            Wire w = Serve(Offering("Sec-WebSocket-Protocol: chat\r\n"));
            Assert.IsNull(w.Connection.Subprotocol);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_reports_which_subprotocols_the_client_offered()
        {
            Wire w = Serve(Offering("Sec-WebSocket-Protocol: chat, superchat\r\n"));
            WebSocketConnection c = w.Connection;
            Assert.IsTrue(c.ClientOffered("chat"));
            Assert.IsTrue(c.ClientOffered("superchat"));
            Assert.IsFalse(c.ClientOffered("Chat"));
            Assert.IsFalse(c.ClientOffered("super"));
            Assert.IsFalse(c.ClientOffered("chat, superchat"));
            Assert.IsFalse(c.ClientOffered(null));
        }

        [TestMethod]
        public void Server_accept_with_an_explicit_subprotocol_overrides_the_automatic_choice()
        {
            Wire w = Serve(Speaking(new string[] { "b", "a" }), Offering("Sec-WebSocket-Protocol: a, b\r\n"));
            w.Connection.AcceptHandshake("a");
            Assert.AreEqual(Response101(RfcAccept, "a"), HandshakeText.Sent(w));
            Assert.AreEqual("a", w.Connection.Subprotocol);
        }

        [TestMethod]
        public void Server_accept_with_a_null_subprotocol_sends_none()
        {
            Wire w = Serve(Speaking(new string[] { "b", "a" }), Offering("Sec-WebSocket-Protocol: a, b\r\n"));
            w.Connection.AcceptHandshake(null);
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
            Assert.IsNull(w.Connection.Subprotocol);
        }

        [TestMethod]
        [DataRow("superchat")]
        [DataRow("Chat")]
        [DataRow("cha")]
        [DataRow("")]
        public void Server_accept_throws_ArgumentException_for_a_subprotocol_the_client_did_not_offer(string subprotocol)
        {
            Wire w = Serve(Offering("Sec-WebSocket-Protocol: chat, , x\r\n"));
            WebSocketConnection c = w.Connection;
            Assert.ThrowsException(typeof(ArgumentException), () => c.AcceptHandshake(subprotocol));

            // Nothing happened: the request still waits for a decision.
            Assert.AreEqual(0, c.SendCount);
            Assert.AreEqual((int)WebSocketState.Connecting, (int)c.State);
            c.AcceptHandshake("chat");
            Assert.AreEqual(Response101(RfcAccept, "chat"), HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")]
        [DataRow("Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Extensions: x-webkit-deflate-frame\r\n")]
        public void Server_declines_every_extension_offer(string extensionLines)
        {
            // RFC 6455 §9.1: the server lists only the extensions it uses; none here.
            Wire w = Serve(Offering(extensionLines));
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        // ---- rejecting and misuse ----------------------------------------------------------------

        [TestMethod]
        public void Server_reject_queues_the_exact_error_response_and_closes_after_it_is_sent()
        {
            Wire w = Serve(Wire.UpgradeRequest);
            WebSocketConnection c = w.Connection;
            c.RejectHandshake(403, "origin not allowed", null);

            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.AreEqual(403, c.HttpStatus);
            Assert.AreEqual("origin not allowed", c.ErrorMessage);
            Assert.IsTrue(c.SendCount > 0);
            Assert.IsFalse(c.ShouldCloseTransport, "the response is not sent yet");

            Assert.AreEqual(
                "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\norigin not allowed\n",
                HandshakeText.Sent(w));
            Assert.IsTrue(c.ShouldCloseTransport);
            Assert.AreEqual("Upgrade|", w.Log);
        }

        [TestMethod]
        public void Server_reject_writes_extra_headers()
        {
            Wire w = Serve(Wire.UpgradeRequest);
            w.Connection.RejectHandshake(503, "busy", "Retry-After: 5\r\n");
            Assert.AreEqual(HandshakeText.ErrorResponse(503, "Service Unavailable", "busy", "Retry-After: 5\r\n"), HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_reject_replaces_control_characters_in_the_message_body()
        {
            Wire w = Serve(Wire.UpgradeRequest);
            w.Connection.RejectHandshake(401, "no\r\nSet-Cookie: x=1\u00E9", null);
            Assert.AreEqual(HandshakeText.ErrorResponse(401, "Unauthorized", "no??Set-Cookie: x=1?", null), HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_reject_shortens_a_long_message_to_the_send_buffer_and_keeps_Content_Length_true()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.SendBufferSize = WebSocketOptions.MinSendBufferSize;
            Wire w = Serve(options, Wire.UpgradeRequest);
            w.Connection.RejectHandshake(403, HandshakeText.Repeat('m', 400), null);

            string sent = HandshakeText.Sent(w);
            Assert.IsTrue(sent.Length <= options.SendBufferSize);
            int bodyStart = sent.IndexOf("\r\n\r\n") + 4;
            string body = sent.Substring(bodyStart);
            Assert.AreEqual(body.Length.ToString(), Wire.HeaderValue(Bytes.Ascii(sent), "Content-Length"));
            Assert.IsTrue(body.Length > 1);
            Assert.AreEqual(HandshakeText.Repeat('m', body.Length - 1) + "\n", body);
        }

        [TestMethod]
        [DataRow(101)]
        [DataRow(200)]
        [DataRow(399)]
        [DataRow(600)]
        public void Server_reject_throws_ArgumentException_for_a_status_that_is_not_an_error(int status)
        {
            Wire w = Serve(Wire.UpgradeRequest);
            Assert.ThrowsException(typeof(ArgumentException), () => w.Connection.RejectHandshake(status, "x", null));
            Assert.AreEqual(0, w.Connection.SendCount);
            w.Connection.AcceptHandshake();
            Assert.AreEqual(HandshakeText.CanonicalResponse, HandshakeText.Sent(w));
        }

        [TestMethod]
        public void Server_accept_and_reject_throw_InvalidOperationException_without_a_pending_upgrade()
        {
            WebSocketConnection fresh = WebSocketConnection.CreateServer(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => fresh.AcceptHandshake());
            Assert.ThrowsException(typeof(InvalidOperationException), () => fresh.AcceptHandshake("chat"));
            Assert.ThrowsException(typeof(InvalidOperationException), () => fresh.RejectHandshake(403, "no", null));
            Assert.ThrowsException(typeof(InvalidOperationException), () => fresh.ClientOffered("chat"));

            Wire plain = Serve("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.ThrowsException(typeof(InvalidOperationException), () => plain.Connection.AcceptHandshake());
            Assert.ThrowsException(typeof(InvalidOperationException), () => plain.Connection.RejectHandshake(403, "no", null));

            Wire accepted = Serve(Wire.UpgradeRequest);
            accepted.Connection.AcceptHandshake();
            Assert.ThrowsException(typeof(InvalidOperationException), () => accepted.Connection.AcceptHandshake());
            Assert.ThrowsException(typeof(InvalidOperationException), () => accepted.Connection.RejectHandshake(403, "no", null));

            Wire rejected = Serve(Wire.UpgradeRequest);
            rejected.Connection.RejectHandshake(403, "no", null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => rejected.Connection.AcceptHandshake());

            Wire failed = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Host", string.Empty)));
            Assert.ThrowsException(typeof(InvalidOperationException), () => failed.Connection.AcceptHandshake());

            WebSocketConnection client = WebSocketConnection.CreateClient(null);
            Assert.ThrowsException(typeof(InvalidOperationException), () => client.AcceptHandshake());
        }

        [TestMethod]
        public void Server_ignores_all_input_after_a_failed_handshake()
        {
            Wire w = Serve(HandshakeText.Get(HandshakeText.CanonicalWithout("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8\r\n")));
            Assert.AreEqual("HandshakeFailed:426|", w.Log);
            w.TakeSent();

            Assert.AreEqual(string.Empty, w.Feed(Bytes.Ascii(Wire.UpgradeRequest), 0));
            Assert.AreEqual(string.Empty, w.Feed(Wire.Masked(0x81, Bytes.Ascii("Hi")), 1));
            Assert.AreEqual(0, w.TakeSent().Length);
            Assert.AreEqual(426, w.Connection.HttpStatus);
            Assert.AreEqual((int)WebSocketState.Closed, (int)w.Connection.State);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void Server_ignores_pipelined_frames_after_a_rejected_handshake()
        {
            byte[] input = Wire.Concat(Bytes.Ascii(Wire.UpgradeRequest), Wire.Masked(0x81, Bytes.Ascii("Hi")));
            Wire w = new Wire(WebSocketConnection.CreateServer(null));
            w.Feed(input, 0);
            w.Connection.RejectHandshake(403, "no", null);
            w.Drain();
            Assert.AreEqual("Upgrade|", w.Log);
            Assert.AreEqual(HandshakeText.ErrorResponse(403, "Forbidden", "no", null), HandshakeText.Sent(w));
            Assert.AreEqual(0, w.Connection.BufferedReceiveCount);
        }

        [TestMethod]
        public void Server_times_out_a_request_that_never_completes()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.HandshakeTimeoutMs = 1000;
            Wire w = new Wire(WebSocketConnection.CreateServer(options));
            WebSocketConnection c = w.Connection;

            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(5000));
            w.Feed(Bytes.Ascii("GET /chat HTTP/1.1\r\nHost: serv"), 1);
            Assert.AreEqual((int)WebSocketEvent.None, (int)c.Tick(5999));
            Assert.AreEqual((int)WebSocketEvent.TimedOut, (int)c.Tick(6000));

            Assert.AreEqual((int)WebSocketState.Closed, (int)c.State);
            Assert.IsTrue(c.ShouldCloseTransport);
            Assert.AreEqual(string.Empty, w.Feed(Bytes.Ascii("er.example.com\r\n\r\n"), 0));
        }
    }
}
