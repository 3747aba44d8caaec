using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The ASCII rules behind the HTTP head (HttpText is internal, and internals are not visible to
    /// the board test assembly, so each rule is checked through what it decides in a parsed head or
    /// in the bytes the server writes): comma-separated token lists, ASCII-only case folding of
    /// names, token characters, decimal numbers and reason phrases in responses.
    /// </summary>
    [TestClass]
    public class HttpTextTests
    {
        private static HttpHead PlainWith(string headerLines)
        {
            Wire w = HandshakeText.Serve(null, "GET / HTTP/1.1\r\nHost: h\r\n" + headerLines + "\r\n");
            Assert.AreEqual("Http|", w.Log, "the request parses");
            return w.Connection.Head;
        }

        [TestMethod]
        [DataRow("Upgrade", "Upgrade", false, true)]
        [DataRow("Upgrade", "upgrade", true, true)]
        [DataRow("UPGRADE", "upgrade", true, true)]
        [DataRow("Upgrade", "upgrade", false, false)]
        [DataRow("keep-alive, Upgrade", "Upgrade", false, true)]
        [DataRow("keep-alive,Upgrade", "Upgrade", false, true)]
        [DataRow("keep-alive ,\tUpgrade\t, close", "Upgrade", false, true)]
        [DataRow("a,,Upgrade", "Upgrade", false, true)]
        [DataRow(",Upgrade", "Upgrade", false, true)]
        [DataRow("Upgrade,", "Upgrade", false, true)]
        [DataRow("keep-alive", "Upgrade", false, false)]
        [DataRow("Up grade", "Upgrade", false, false)]
        [DataRow("Upgrade x", "Upgrade", false, false)]
        [DataRow("Upgrade;q=1", "Upgrade", false, false)]
        [DataRow("xUpgrade", "Upgrade", false, false)]
        [DataRow("Upgradex", "Upgrade", false, false)]
        [DataRow("Upgrad", "Upgrade", false, false)]
        [DataRow("", "Upgrade", false, false)]
        [DataRow("a, b", "a, b", false, false)]
        public void Token_list_matches_whole_elements_with_surrounding_whitespace_ignored(string list, string token, bool ignoreCase, bool expected)
        {
            // RFC 9110 §5.6.1: #element lists, OWS around each comma, empty elements allowed.
            Assert.AreEqual(expected, PlainWith("X-List: " + list + "\r\n").HeaderContainsToken("X-List", token, ignoreCase));
        }

        [TestMethod]
        public void Token_list_spans_repeated_header_lines()
        {
            HttpHead head = PlainWith("X-List: a, b\r\nX-Other: c\r\nx-list: d\r\n");
            Assert.IsTrue(head.HeaderContainsToken("X-List", "a", false));
            Assert.IsTrue(head.HeaderContainsToken("X-List", "d", false));
            Assert.IsFalse(head.HeaderContainsToken("X-List", "c", false));
        }

        [TestMethod]
        [DataRow("X-^", "X-~")]
        [DataRow("X-~", "X-^")]
        [DataRow("X-_", "X-\u007F")]
        [DataRow("X-A", "X-a1")]
        public void Case_folding_of_names_touches_ASCII_letters_only(string sent, string asked)
        {
            // '^'/'~' (and '_'/DEL) differ only in bit 0x20, like 'A'/'a': a naive "| 0x20" fold
            // would treat them as the same name.
            HttpHead head = PlainWith(sent + ": 1\r\n");
            Assert.AreEqual("1", head.GetHeader(sent));
            Assert.IsNull(head.GetHeader(asked));
        }

        [TestMethod]
        public void Case_folding_of_list_elements_touches_ASCII_letters_only()
        {
            HttpHead head = PlainWith("X-List: @, ^, [\r\n");
            Assert.IsFalse(head.HeaderContainsToken("X-List", "`", true));
            Assert.IsFalse(head.HeaderContainsToken("X-List", "~", true));
            Assert.IsFalse(head.HeaderContainsToken("X-List", "{", true));
            Assert.IsTrue(head.HeaderContainsToken("X-List", "@", true));
        }

        [TestMethod]
        public void Case_folding_of_names_maps_every_ASCII_letter()
        {
            HttpHead head = PlainWith("abcdefghijklmnopqrstuvwxyz: lower\r\nXYZ: upper\r\n");
            Assert.AreEqual("lower", head.GetHeader("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
            Assert.AreEqual("upper", head.GetHeader("xyz"));
        }

        [TestMethod]
        public void Every_RFC_9110_tchar_is_accepted_in_a_method_and_a_header_name()
        {
            // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
            // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
            string tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            Wire w = HandshakeText.Serve(null, tchars + " / HTTP/1.1\r\nHost: h\r\n" + tchars + ": v\r\n\r\n");
            Assert.AreEqual("Http|", w.Log);
            Assert.AreEqual(tchars, w.Connection.Head.Method);
            Assert.AreEqual(tchars, w.Connection.Head.GetHeaderName(1));
        }

        [TestMethod]
        [DataRow("(")]
        [DataRow(")")]
        [DataRow(",")]
        [DataRow("/")]
        [DataRow(";")]
        [DataRow("<")]
        [DataRow("=")]
        [DataRow("?")]
        [DataRow("@")]
        [DataRow("[")]
        [DataRow("\\")]
        [DataRow("]")]
        [DataRow("{")]
        [DataRow("}")]
        [DataRow("\"")]
        [DataRow("\u007F")]
        [DataRow("\u00E9")]
        public void A_delimiter_or_non_ASCII_character_is_not_accepted_in_a_header_name(string c)
        {
            Wire w = HandshakeText.Serve(null, "GET / HTTP/1.1\r\nHost: h\r\nX" + c + "Y: v\r\n\r\n");
            Assert.AreEqual("HandshakeFailed:400|", w.Log);
            Assert.AreEqual("malformed header name", w.Connection.ErrorMessage);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(7)]
        [DataRow(9)]
        [DataRow(10)]
        [DataRow(99)]
        [DataRow(100)]
        [DataRow(1000000)]
        [DataRow(2147483647)]
        public void Decimal_numbers_are_written_without_padding(int length)
        {
            Wire w = HandshakeText.Serve(null, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            w.Connection.WriteHttpResponseHead(200, null, length, null);
            Assert.AreEqual("HTTP/1.1 200 OK\r\nContent-Length: " + length.ToString() + "\r\nConnection: close\r\n\r\n", HandshakeText.Sent(w));
        }

        [TestMethod]
        [DataRow(101, "Switching Protocols")]
        [DataRow(200, "OK")]
        [DataRow(204, "No Content")]
        [DataRow(304, "Not Modified")]
        [DataRow(400, "Bad Request")]
        [DataRow(401, "Unauthorized")]
        [DataRow(403, "Forbidden")]
        [DataRow(404, "Not Found")]
        [DataRow(405, "Method Not Allowed")]
        [DataRow(408, "Request Timeout")]
        [DataRow(413, "Content Too Large")]
        [DataRow(414, "URI Too Long")]
        [DataRow(426, "Upgrade Required")]
        [DataRow(429, "Too Many Requests")]
        [DataRow(431, "Request Header Fields Too Large")]
        [DataRow(500, "Internal Server Error")]
        [DataRow(501, "Not Implemented")]
        [DataRow(503, "Service Unavailable")]
        [DataRow(505, "HTTP Version Not Supported")]
        public void Reason_phrases_are_the_RFC_9110_ones(int status, string reason)
        {
            // RFC 9110 §15: the reason phrases of the status code registry.
            Assert.AreEqual(reason, WebSocketConnection.ReasonPhrase(status));
        }

        [TestMethod]
        [DataRow(299, "OK")]
        [DataRow(418, "Error")]
        [DataRow(599, "Error")]
        public void Reason_phrase_of_an_unlisted_status_is_generic(int status, string reason)
        {
            Assert.AreEqual(reason, WebSocketConnection.ReasonPhrase(status));
        }

        [TestMethod]
        public void Status_line_carries_the_status_code_and_its_reason_phrase()
        {
            Wire w = HandshakeText.Serve(null, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            w.Connection.WriteHttpResponseHead(503, "text/plain", 0, null);
            Assert.AreEqual("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", HandshakeText.Sent(w));
        }
    }
}
