using System;

namespace NanoWs
{
    /// <summary>
    /// Plain HTTP requests that a transport answers itself, with a body and a response body from the
    /// connection's own buffers: the request body follows the head in <see cref="ReceiveBuffer"/>,
    /// the response (head and body) is written into the send buffer.
    /// </summary>
    public sealed partial class WebSocketConnection
    {
        /// <summary>
        /// Length of the request head in <see cref="ReceiveBuffer"/> (from offset 0) once an
        /// <see cref="WebSocketEvent.HttpRequest"/> or <see cref="WebSocketEvent.UpgradeRequest"/>
        /// was reported and until it is answered: a request body starts there, and
        /// <see cref="BufferedReceiveCount"/> less this is how much of it has arrived. 0 before.
        /// </summary>
        public int RequestHeadLength
        {
            get { return _state == WebSocketState.Connecting && _isServer ? _headEnd : 0; }
        }

        /// <summary>
        /// Answers the pending request (a plain request, or an upgrade request that is refused) with a
        /// complete response: the head with <c>Content-Length</c> and <c>Connection: close</c>, then
        /// <paramref name="count"/> body bytes copied into the send buffer. The connection closes once
        /// it is sent. Throws <see cref="InvalidOperationException"/> when no request waits or the
        /// response does not fit the send buffer.
        /// </summary>
        public void WriteHttpResponse(int status, string contentType, byte[] body, int offset, int count, string extraHeaders)
        {
            WriteHttpResponse(status, contentType, count, extraHeaders, body, offset, count);
        }

        /// <summary>
        /// Room in the send buffer for a response body passed to <see cref="WriteHttpResponse(int, string, byte[], int, int, string)"/>
        /// with the given content type and extra headers.
        /// </summary>
        public int HttpResponseBodySpace(string contentType, string extraHeaders)
        {
            int room = ResponseRoom(contentType, extraHeaders);
            return room < 0 ? 0 : room;
        }

        /// <summary>
        /// Answers the pending request with a head declaring <paramref name="contentLength"/> and
        /// <paramref name="count"/> bytes of <paramref name="body"/> (none when the transport sends
        /// the body itself); every check comes before anything is written.
        /// </summary>
        private void WriteHttpResponse(int status, string contentType, int contentLength, string extraHeaders, byte[] body, int offset, int count)
        {
            if (_state != WebSocketState.Connecting || _headEnd == 0 || !_isServer)
            {
                throw new InvalidOperationException("no HTTP request to answer");
            }

            // RFC 9110 §15: a three-digit status; RFC 9110 §8.6: Content-Length is a non-negative decimal.
            if (status < 100 || status > 599 || contentLength < 0 || (count > 0 && (body == null || offset < 0 || offset + count > body.Length)))
            {
                throw new ArgumentException("invalid status, length or body range");
            }

            WriteResponseHead(status, contentType, contentLength, extraHeaders, count);
            if (count > 0)
            {
                Array.Copy(body, offset, _tx, _txEnd, count);
                _txEnd += count;
            }

            // An upgrade request answered with a plain response is refused (RFC 6455 §4.2.2: any
            // status other than 101 leaves the connection HTTP).
            _flags &= ~FlagAwaitingDecision;
            _httpStatus = status;
            Terminate();
        }

        /// <summary>
        /// Send-buffer room left for a response body after a head with these headers (the status line,
        /// Content-Length and Connection take at most 120 bytes); negative when even the head may not fit.
        /// </summary>
        private int ResponseRoom(string contentType, string extraHeaders)
        {
            return _tx.Length - _txEnd - 120 - (contentType == null ? 0 : contentType.Length) - (extraHeaders == null ? 0 : extraHeaders.Length);
        }
    }
}
