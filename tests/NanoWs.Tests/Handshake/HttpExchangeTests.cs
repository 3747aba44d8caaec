using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Requests a transport answers itself with a body (a long-polling endpoint): the head's query,
    /// path prefix and Content-Length read without allocating, the body after the head in the
    /// receive buffer, and whole responses written into the send buffer.
    /// </summary>
    [TestClass]
    public class HttpExchangeTests
    {
        private static Wire Plain(string request)
        {
            Wire w = HandshakeText.Serve(null, request);
            Assert.AreEqual("Http|", w.Log, "the request parses");
            return w;
        }

        [TestMethod]
        public void The_query_is_found_in_place_in_the_receive_buffer()
        {
            Wire w = Plain("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: h\r\n\r\n");
            HttpHead head = w.Connection.Head;
            Assert.AreEqual(16, head.QueryOffset);
            Assert.AreEqual(23, head.QueryLength);
            Assert.AreEqual("EIO=4&transport=polling", Wire.AsciiString(Bytes.Slice(w.Connection.ReceiveBuffer, head.QueryOffset, head.QueryLength)));
        }

        [TestMethod]
        public void A_target_without_a_query_has_none()
        {
            HttpHead head = Plain("GET /socket.io/ HTTP/1.1\r\nHost: h\r\n\r\n").Connection.Head;
            Assert.AreEqual(-1, head.QueryOffset);
            Assert.AreEqual(0, head.QueryLength);
        }

        [TestMethod]
        [DataRow("/socket.io/?EIO=4", "/socket.io/", true)]
        [DataRow("/socket.io/", "/socket.io/", true)]
        [DataRow("/socket.io", "/socket.io/", false)]
        [DataRow("/other?/socket.io/", "/socket.io/", false)]
        [DataRow("/socket.io/x/y", "/socket.io/", true)]
        public void A_path_prefix_is_matched_before_the_query(string target, string prefix, bool matches)
        {
            HttpHead head = Plain("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").Connection.Head;
            Assert.AreEqual(matches, head.PathStartsWith(prefix));
        }

        [TestMethod]
        [DataRow("", 0)]
        [DataRow("Content-Length: 12\r\n", 12)]
        [DataRow("Content-Length: 0\r\n", 0)]
        [DataRow("Content-Length: 12\r\nContent-Length: 12\r\n", 12)]
        [DataRow("Content-Length: 12\r\nContent-Length: 13\r\n", -1)]
        [DataRow("Content-Length: 1x\r\n", -1)]
        [DataRow("Content-Length: -1\r\n", -1)]
        [DataRow("Content-Length: 1234567890\r\n", -1)]
        [DataRow("Content-Length: 12, 12\r\n", -1)]
        public void Content_length_is_one_decimal_or_invalid(string lines, int expected)
        {
            // RFC 9110 §8.6 and RFC 9112 §6.3 item 5.
            HttpHead head = Plain("POST /p HTTP/1.1\r\nHost: h\r\n" + lines + "\r\n").Connection.Head;
            Assert.AreEqual(expected, head.ContentLength);
        }

        [TestMethod]
        public void The_body_follows_the_head_in_the_receive_buffer_as_it_arrives()
        {
            string head = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
            Wire w = Plain(head + "he");
            WebSocketConnection c = w.Connection;
            Assert.AreEqual(head.Length, c.RequestHeadLength);
            Assert.AreEqual(2, c.BufferedReceiveCount - c.RequestHeadLength);
            w.Feed(Bytes.Ascii("llo"), 0);
            Assert.AreEqual("Http|", w.Log, "no further event while the request is unanswered");
            Assert.AreEqual(5, c.BufferedReceiveCount - c.RequestHeadLength);
            Assert.AreEqual("hello", Wire.AsciiString(Bytes.Slice(c.ReceiveBuffer, c.RequestHeadLength, 5)));
        }

        [TestMethod]
        public void A_whole_response_is_queued_and_the_connection_closes_after_it()
        {
            Wire w = Plain("GET /p HTTP/1.1\r\nHost: h\r\n\r\n");
            byte[] body = Bytes.Ascii("xx0{}yy");
            w.Connection.WriteHttpResponse(200, "text/plain; charset=UTF-8", body, 2, 3, null);
            Assert.AreEqual("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\n0{}", HandshakeText.Sent(w));
            Assert.AreEqual(0, w.Connection.RequestHeadLength);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void An_upgrade_request_can_be_refused_with_a_whole_response()
        {
            Wire w = HandshakeText.Serve(null, Wire.UpgradeRequest);
            Assert.AreEqual("Upgrade|", w.Log);
            w.Connection.WriteHttpResponse(400, "text/html", Bytes.Ascii("Bad request"), 0, 11, null);
            Assert.AreEqual("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad request", HandshakeText.Sent(w));
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void A_response_that_does_not_fit_the_send_buffer_is_refused()
        {
            Wire w = Plain("GET /p HTTP/1.1\r\nHost: h\r\n\r\n");
            int space = w.Connection.HttpResponseBodySpace("text/plain", null);
            Assert.IsTrue(space > 0);
            byte[] body = new byte[space + 1];
            Assert.ThrowsException(typeof(InvalidOperationException), () => w.Connection.WriteHttpResponse(200, "text/plain", body, 0, space + 1, null));
            w.Connection.WriteHttpResponse(200, "text/plain", body, 0, space, null);
            HandshakeText.Sent(w);
            Assert.IsTrue(w.Connection.ShouldCloseTransport);
        }

        [TestMethod]
        public void Without_a_request_there_is_nothing_to_answer()
        {
            Wire w = Wire.OpenServer(new WebSocketOptions());
            Assert.ThrowsException(typeof(InvalidOperationException), () => w.Connection.WriteHttpResponse(200, null, null, 0, 0, null));
        }
    }
}
