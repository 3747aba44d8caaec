using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The parsed HTTP head (RFC 9112 §2–§5) as the application sees it through
    /// <see cref="WebSocketConnection.Head"/>: request heads on a server (at the Http and Upgrade
    /// events), response heads on a client.
    /// </summary>
    [TestClass]
    public class HttpHeadTests
    {
        /// <summary>Parses a plain request (reported as an Http event) and returns its head.</summary>
        private static HttpHead Plain(string request)
        {
            Wire w = HandshakeText.Serve(null, request);
            Assert.AreEqual("Http|", w.Log, "the request parses");
            return w.Connection.Head;
        }

        private static HttpHead WithHeaders(string headerLines)
        {
            return Plain("GET / HTTP/1.1\r\nHost: h\r\n" + headerLines + "\r\n");
        }

        /// <summary>The head of a client's handshake response.</summary>
        private static HttpHead Response(string response)
        {
            WebSocketOptions options = new WebSocketOptions();
            options.Random = new PatternRandomSource(new byte[] { 0 });
            Wire w = new Wire(WebSocketConnection.CreateClient(options));
            w.Connection.StartClientHandshake("example.com", 80, "/", null, null);
            w.Feed(Bytes.Ascii(response), 0);
            return w.Connection.Head;
        }

        // ---- start line --------------------------------------------------------------------------

        [TestMethod]
        public void Head_exposes_method_target_path_query_and_version_of_a_request()
        {
            HttpHead head = Plain("GET /api/v1/state?full=1&x=2 HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.AreEqual("GET", head.Method);
            Assert.AreEqual("/api/v1/state?full=1&x=2", head.Target);
            Assert.AreEqual("/api/v1/state", head.Path);
            Assert.AreEqual("full=1&x=2", head.Query);
            Assert.AreEqual("HTTP/1.1", head.Version);
        }

        [TestMethod]
        [DataRow("/index.html", "/index.html", false, "")]
        [DataRow("/a?", "/a", true, "")]
        [DataRow("/a?b?c", "/a", true, "b?c")]
        [DataRow("/?x", "/", true, "x")]
        [DataRow("*", "*", false, "")]
        [DataRow("http://esp32.local/p?q", "http://esp32.local/p", true, "q")]
        public void Head_splits_the_target_at_the_first_question_mark(string target, string path, bool hasQuery, string query)
        {
            // A null attribute argument does not convert to a .pe: "no query" (null) is a flag in the row.
            HttpHead head = Plain("OPTIONS " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.AreEqual(target, head.Target);
            Assert.AreEqual(path, head.Path);
            Assert.AreEqual(hasQuery ? query : null, head.Query);
            Assert.IsTrue(head.PathEquals(path));
        }

        [TestMethod]
        public void Head_PathEquals_compares_the_path_exactly()
        {
            HttpHead head = Plain("GET /chat?room=1 HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(head.PathEquals("/chat"));
            Assert.IsFalse(head.PathEquals("/chat/"));
            Assert.IsFalse(head.PathEquals("/Chat"));
            Assert.IsFalse(head.PathEquals("/cha"));
            Assert.IsFalse(head.PathEquals("/chat?room=1"));
            Assert.IsFalse(head.PathEquals(string.Empty));
        }

        [TestMethod]
        public void Head_MethodIs_is_case_sensitive()
        {
            // RFC 9110 §9.1: the method token is case-sensitive.
            HttpHead head = Plain("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(head.MethodIs("GET"));
            Assert.IsFalse(head.MethodIs("get"));
            Assert.IsFalse(head.MethodIs("GE"));
            Assert.IsFalse(head.MethodIs("GETS"));
        }

        [TestMethod]
        [DataRow("HTTPLIKE")]
        [DataRow("HPROPFND")]
        [DataRow("H")]
        public void Head_Version_of_a_request_is_the_version_whatever_the_method(string method)
        {
            // An eight-letter method starting with 'H' has the shape of "HTTP/1.1"; the version is
            // still the last part of a request line (RFC 9112 §3).
            HttpHead head = Plain(method + " / HTTP/1.0\r\n\r\n");
            Assert.AreEqual(method, head.Method);
            Assert.AreEqual("HTTP/1.0", head.Version);
        }

        [TestMethod]
        public void Head_of_a_response_exposes_status_code_and_version()
        {
            HttpHead head = Response("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n");
            Assert.AreEqual(404, head.StatusCode);
            Assert.AreEqual("HTTP/1.0", head.Version);
            Assert.AreEqual("x", head.GetHeader("Server"));
            Assert.AreEqual(1, head.HeaderCount);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 101 Switching Protocols", 101)]
        [DataRow("HTTP/1.1 200", 200)]
        [DataRow("HTTP/1.1 599 Custom", 599)]
        [DataRow("HTTP/1.1 000 Zero", 0)]
        public void Head_StatusCode_is_the_three_digits_of_the_status_line(string statusLine, int status)
        {
            Assert.AreEqual(status, Response(statusLine + "\r\n\r\n").StatusCode);
        }

        // ---- header fields -----------------------------------------------------------------------

        [TestMethod]
        public void Head_lists_header_lines_in_order_with_names_as_sent_and_values_trimmed()
        {
            HttpHead head = Plain("GET / HTTP/1.1\r\nHost: esp32.local\r\nx-lower:  v1 \r\nX-Tabs:\tin  side\t\r\nX-Empty:\r\n\r\n");
            Assert.AreEqual(4, head.HeaderCount);
            Assert.AreEqual("Host", head.GetHeaderName(0));
            Assert.AreEqual("esp32.local", head.GetHeaderValue(0));
            Assert.AreEqual("x-lower", head.GetHeaderName(1));
            Assert.AreEqual("v1", head.GetHeaderValue(1));
            Assert.AreEqual("X-Tabs", head.GetHeaderName(2));
            Assert.AreEqual("in  side", head.GetHeaderValue(2));
            Assert.AreEqual("X-Empty", head.GetHeaderName(3));
            Assert.AreEqual(string.Empty, head.GetHeaderValue(3));
        }

        [TestMethod]
        public void Head_has_no_header_lines_for_a_bare_request_line()
        {
            HttpHead head = Plain("GET / HTTP/1.0\r\n\r\n");
            Assert.AreEqual(0, head.HeaderCount);
            Assert.AreEqual(-1, head.FindHeader("Host", 0));
            Assert.IsNull(head.GetHeader("Host"));
        }

        [TestMethod]
        public void Head_FindHeader_and_CountHeader_match_names_case_insensitively_and_see_every_line()
        {
            // RFC 9110 §5.1: field names are case-insensitive; §5.3: a field may span several lines.
            HttpHead head = WithHeaders("X-A: 1\r\nX-B: 2\r\nx-a: 3\r\nX-A: 4\r\n");
            Assert.AreEqual(1, head.FindHeader("x-A", 0));
            Assert.AreEqual(1, head.FindHeader("X-A", 1));
            Assert.AreEqual(3, head.FindHeader("X-A", 2));
            Assert.AreEqual(4, head.FindHeader("X-A", 4));
            Assert.AreEqual(-1, head.FindHeader("X-A", 5));
            Assert.AreEqual(3, head.CountHeader("X-A"));
            Assert.AreEqual(1, head.CountHeader("HOST"));
            Assert.AreEqual(0, head.CountHeader("X-C"));
            Assert.AreEqual(-1, head.FindHeader("X-", 0));
            Assert.AreEqual(-1, head.FindHeader("X-AA", 0));
        }

        [TestMethod]
        public void Head_GetHeader_returns_the_first_value_or_null()
        {
            HttpHead head = WithHeaders("X-A: first\r\nX-A: second\r\nX-Empty:   \r\n");
            Assert.AreEqual("first", head.GetHeader("x-a"));
            Assert.AreEqual(string.Empty, head.GetHeader("X-Empty"));
            Assert.IsNull(head.GetHeader("X-Missing"));
        }

        [TestMethod]
        public void Head_HeaderEquals_compares_the_first_value_exactly()
        {
            HttpHead head = WithHeaders("X-V: 13\r\nX-V: 8\r\nX-Word: Value\r\n");
            Assert.IsTrue(head.HeaderEquals("x-v", "13"));
            Assert.IsFalse(head.HeaderEquals("X-V", "8"));
            Assert.IsFalse(head.HeaderEquals("X-V", "1"));
            Assert.IsFalse(head.HeaderEquals("X-V", "130"));
            Assert.IsTrue(head.HeaderEquals("X-Word", "Value"));
            Assert.IsFalse(head.HeaderEquals("X-Word", "value"));
            Assert.IsFalse(head.HeaderEquals("X-Missing", string.Empty));
        }

        [TestMethod]
        public void Head_HeaderContainsToken_searches_every_line_of_a_list_field()
        {
            HttpHead head = WithHeaders("Connection: keep-alive\r\nConnection: Upgrade, close\r\n");
            Assert.IsTrue(head.HeaderContainsToken("connection", "keep-alive", false));
            Assert.IsTrue(head.HeaderContainsToken("Connection", "upgrade", true));
            Assert.IsFalse(head.HeaderContainsToken("Connection", "upgrade", false));
            Assert.IsTrue(head.HeaderContainsToken("Connection", "close", false));
            Assert.IsFalse(head.HeaderContainsToken("Connection", "Upgrade, close", false));
            Assert.IsFalse(head.HeaderContainsToken("Upgrade", "websocket", true));
        }

        [TestMethod]
        public void Head_HasNonEmptyHeader_ignores_empty_lines_of_the_field()
        {
            HttpHead head = WithHeaders("X-Empty:\r\nX-Blank:  \t \r\nX-Later:\r\nX-Later: v\r\n");
            Assert.IsFalse(head.HasNonEmptyHeader("X-Empty"));
            Assert.IsFalse(head.HasNonEmptyHeader("X-Blank"));
            Assert.IsTrue(head.HasNonEmptyHeader("x-later"));
            Assert.IsFalse(head.HasNonEmptyHeader("X-Missing"));
        }

        [TestMethod]
        public void Head_keeps_obs_text_bytes_of_a_value_as_Latin_1_characters()
        {
            // RFC 9110 §5.5: obs-text (0x80-0xFF) is allowed in a value; it is exposed byte for char.
            Wire w = new Wire(WebSocketConnection.CreateServer(null));
            w.Feed(HandshakeText.Latin1("GET / HTTP/1.1\r\nHost: h\r\nX-Name: Jos\u00E9 \u0080\u00FF\r\n\r\n"), 0);
            Assert.AreEqual("Http|", w.Log);
            Assert.AreEqual("Jos\u00E9 \u0080\u00FF", w.Connection.Head.GetHeader("X-Name"));
        }

        // ---- cookies and query parameters --------------------------------------------------------

        [TestMethod]
        [DataRow("a", "1")]
        [DataRow("ab", "2")]
        [DataRow("quoted", "v w")]
        [DataRow("empty", "")]
        [DataRow("eq", "x=y")]
        [DataRow("second", "3")]
        [DataRow("last", "4")]
        public void Head_GetCookie_finds_a_cookie_in_any_Cookie_line(string name, string value)
        {
            // RFC 6265 §5.4: "name=value" pairs separated by "; ", a value optionally in DQUOTEs (§4.1.1).
            HttpHead head = WithHeaders("Cookie: ab=2; a=1; quoted=\"v w\"; empty=; eq=x=y\r\nCookie: second=3;last=4\r\n");
            Assert.AreEqual(value, head.GetCookie(name));
        }

        [TestMethod]
        [DataRow("A")]
        [DataRow("b")]
        [DataRow("x")]
        [DataRow("")]
        [DataRow("a=1")]
        public void Head_GetCookie_returns_null_for_a_cookie_that_is_not_there(string name)
        {
            HttpHead head = WithHeaders("Cookie: ab=2; a=1; eq=x=y\r\n");
            Assert.IsNull(head.GetCookie(name));
        }

        [TestMethod]
        public void Head_GetCookie_returns_null_without_a_Cookie_header()
        {
            Assert.IsNull(WithHeaders("X-Cookie: a=1\r\n").GetCookie("a"));
        }

        [TestMethod]
        [DataRow("a", "1")]
        [DataRow("b", "")]
        [DataRow("d", "x=y")]
        [DataRow("e", "%41+b")]
        [DataRow("long_name", "v")]
        public void Head_GetQueryParameter_returns_the_raw_value_of_the_first_occurrence(string name, string value)
        {
            HttpHead head = Plain("GET /p?a=1&b=&c&d=x=y&a=2&e=%41+b&long_name=v HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.AreEqual(value, head.GetQueryParameter(name));
        }

        [TestMethod]
        [DataRow("c")]
        [DataRow("A")]
        [DataRow("long")]
        [DataRow("z")]
        [DataRow("p")]
        public void Head_GetQueryParameter_returns_null_for_an_absent_or_valueless_parameter(string name)
        {
            HttpHead head = Plain("GET /p?a=1&c&long_name=v HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsNull(head.GetQueryParameter(name));
        }

        [TestMethod]
        public void Head_GetQueryParameter_returns_null_without_a_query()
        {
            Assert.IsNull(Plain("GET /p=1 HTTP/1.1\r\nHost: h\r\n\r\n").GetQueryParameter("p"));
        }

        // ---- failures ----------------------------------------------------------------------------

        [TestMethod]
        public void Head_ErrorMessage_says_why_the_parse_failed()
        {
            Wire w = HandshakeText.Serve(null, "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n");
            Assert.AreEqual("HandshakeFailed:400|", w.Log);
            Assert.AreEqual("malformed header name", w.Connection.Head.ErrorMessage);
        }

        [TestMethod]
        public void Head_ErrorMessage_is_null_after_a_successful_parse()
        {
            Assert.IsNull(Plain("GET / HTTP/1.1\r\nHost: h\r\n\r\n").ErrorMessage);
        }
    }
}
