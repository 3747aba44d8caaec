using System;
using System.Net.Sockets;

namespace NanoWs.Net
{
    /// <summary>
    /// The HTTP side: upgrade policy (path, origin allow-list, authorization), plain GET/HEAD routes
    /// served from the app's arrays, and the 503 answer to one connection too many.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        // Fixed responses, built once per process: nothing is formatted per request.
        // RFC 9110 §15.6.4 and §10.2.3: 503 with Retry-After. The body is a page that reloads itself
        // after the same delay, so a refused tab comes back on its own; a WebSocket client reads
        // only the status and Retry-After.
        private const string BusyPage =
            "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=5><title>Busy</title>"
            + "<p>The device is serving as many connections as it can. This page retries in 5 s.</p>\n";

        private static readonly byte[] ServiceUnavailable = Ascii(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
            + BusyPage.Length.ToString() + "\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + BusyPage);

        private static readonly byte[] NotFoundBody = Ascii("Not Found\n");
        private static readonly byte[] MethodNotAllowedBody = Ascii("Method Not Allowed\n");
        private static readonly byte[] UnauthorizedBody = Ascii("Unauthorized\n");
        private static readonly byte[] ForbiddenBody = Ascii("Forbidden\n");
        private static readonly byte[] EmptyBody = new byte[0];

        /// <summary>Ends the <see cref="Error"/> line of an upgrade refused for its Origin (a page of another site).</summary>
        public const string OriginRefusedReason = ": origin not allowed";

        /// <summary>Ends the <see cref="Error"/> line of an upgrade refused by <see cref="Authorize"/>.</summary>
        public const string AuthorizeRefusedReason = ": refused by Authorize";

        /// <summary>Applies the upgrade policy, then accepts (and reports the open) or refuses.</summary>
        private void HandleUpgrade(ConnectionSlot slot)
        {
            WebSocketConnection c = slot.Driver.Connection;
            HttpHead request = c.Head;
            int status = 0;
            string why = null;
            long retryMs = 0;
            if (_options.WebSocketPath != null && !request.PathEquals(_options.WebSocketPath))
            {
                status = 404;
            }
            else if (!OriginAllowed(request))
            {
                // RFC 6455 §4.2.2 item 4 / §10.2: a server may refuse origins it does not serve.
                status = 403;
                why = OriginRefusedReason;
            }
            else if ((status = LoginStatus(slot, request, false, out why, out retryMs)) != 0)
            {
                // The owner set a password: nothing without a live session or the password itself (docs/security.md).
            }
            else
            {
                status = CallAuthorize(slot, request, true);
                why = AuthorizeRefusedReason;
            }

            lock (slot.Sync)
            {
                if (status == 0)
                {
                    slot.Driver.AcceptHandshake();
                }
                else
                {
                    c.RejectHandshake(status, WebSocketConnection.ReasonPhrase(status), RefusalHeaders(status, retryMs));
                }
            }

            if (status == 0)
            {
                RaiseOpened(slot.Id);
            }
            else
            {
                RaiseError(slot.Id, "upgrade refused with " + status + (why ?? ""));
            }
        }

        private bool OriginAllowed(HttpHead request)
        {
            return OriginPolicy.Allows(request, _options.SameOriginOnly, _options.AllowedOrigins, OwnScheme);
        }

        /// <summary>Answers a plain HTTP request from the routes: 200, 404, 405 or the authorization's refusal.</summary>
        private void HandleHttpRequest(ConnectionSlot slot)
        {
            HttpHead request = slot.Driver.Connection.Head;
            bool isHead = request.MethodIs("HEAD");
            if (!isHead && !request.MethodIs("GET") && !OriginAllowed(request))
            {
                // RFC 6454 §7.3 / RFC 6455 §10.2: a state-changing request from another site's page.
                Respond(slot, 403, ForbiddenBody, null, false);
                return;
            }

            if (_sessions != null && HandleLogin(slot, request, isHead || request.MethodIs("GET"), isHead))
            {
                return;
            }

            if (!isHead && !request.MethodIs("GET"))
            {
                // RFC 9110 §15.5.6: 405 names the allowed methods.
                Respond(slot, 405, MethodNotAllowedBody, "Allow: GET, HEAD\r\n", false);
                return;
            }

            HttpRoute route = FindRoute(request);
            if (route == null)
            {
                Respond(slot, 404, NotFoundBody, null, isHead);
                return;
            }

            int status = CallAuthorize(slot, request, false);
            if (status != 0)
            {
                Respond(slot, status, StatusBody(status), status == 401 ? _challengeHeader : null, isHead);
                return;
            }

            // RFC 9110 §9.3.2: HEAD gets the same head without the body.
            slot.Driver.Respond(200, route.ContentType, route.Body, route.ExtraHeaders, isHead);
        }

        private void Respond(ConnectionSlot slot, int status, byte[] body, string extraHeaders, bool isHead)
        {
            slot.Driver.Respond(status, "text/plain", body, extraHeaders, isHead);
        }

        private HttpRoute FindRoute(HttpHead request)
        {
            lock (_stateLock)
            {
                for (int i = 0; i < _routeCount; i++)
                {
                    if (request.PathEquals(_routes[i].Path))
                    {
                        return _routes[i];
                    }
                }
            }

            return null;
        }

        private static byte[] StatusBody(int status)
        {
            switch (status)
            {
                case 401: return UnauthorizedBody;
                case 403: return ForbiddenBody;
                case 404: return NotFoundBody;
                default: return EmptyBody;
            }
        }

        /// <summary>
        /// Answers a connection that gets no slot (or lost its half-open one) with 503, then keeps it
        /// a moment, reading and discarding its request, so the close does not reset the connection
        /// before the client reads the answer. The socket was just accepted (or has sent nothing
        /// complete): its send buffer is empty, so the write never waits. With
        /// <paramref name="closeIfQuiet"/>, a socket with nothing unread is closed at once instead:
        /// closing it sends the answer and a FIN, never a reset, and a silent socket that keeps
        /// coming back does not take the linger places.
        /// </summary>
        private void Refuse(Socket socket, long now, bool closeIfQuiet)
        {
            if (RefuseTls(socket))
            {
                return;
            }

            try
            {
                if (SocketIo.Write(socket, ServiceUnavailable, 0, ServiceUnavailable.Length) <= 0
                    || (closeIfQuiet && socket.Available == 0))
                {
                    SocketIo.CloseQuietly(socket);
                    return;
                }
            }
            catch (Exception)
            {
                SocketIo.CloseQuietly(socket);
                return;
            }

            Linger(socket, now);
        }

        /// <summary>
        /// Keeps a socket that was answered (503, or a 1013 close frame) for at most
        /// <see cref="WebSocketServerOptions.RejectLingerMs"/>, reading and discarding what the peer
        /// sends until it closes; when every linger place is taken the oldest socket is closed.
        /// </summary>
        private void Linger(Socket socket, long now)
        {
            int slot = -1;
            for (int i = 0; i < _rejects.Length; i++)
            {
                if (_rejects[i] == null)
                {
                    slot = i;
                    break;
                }

                if (slot < 0 || _rejectSince[i] < _rejectSince[slot])
                {
                    slot = i;
                }
            }

            if (slot < 0)
            {
                SocketIo.CloseQuietly(socket);
                return;
            }

            SocketIo.CloseQuietly(_rejects[slot]);
            _rejects[slot] = socket;
            _rejectSince[slot] = now;
        }

        private void ServiceRejects(long now)
        {
            for (int i = 0; i < _rejects.Length; i++)
            {
                Socket socket = _rejects[i];
                if (socket == null)
                {
                    continue;
                }

                bool done = now - _rejectSince[i] >= _options.RejectLingerMs;
                try
                {
                    if (!done && socket.Poll(0, SelectMode.SelectRead))
                    {
                        int available = socket.Available;
                        done = available == 0
                            || socket.Receive(_scratch, 0, available < _scratch.Length ? available : _scratch.Length, SocketFlags.None) <= 0;
                    }
                }
                catch (Exception)
                {
                    done = true;
                }

                if (done)
                {
                    SocketIo.CloseQuietly(socket);
                    _rejects[i] = null;
                }
            }
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }

    /// <summary>
    /// A plain HTTP resource served by <see cref="WebSocketServer"/> on GET and HEAD: a fixed byte
    /// array (a page, a script, an icon) sent straight from the app's array, never copied.
    /// </summary>
    internal sealed class HttpRoute
    {
        // Byte budget: this object ~40 bytes, Path and ContentType as given, ExtraHeaders ~80
        // bytes built once here. The body stays the app's array.
        internal readonly string Path;
        internal readonly string ContentType;
        internal readonly byte[] Body;
        internal readonly string ExtraHeaders;

        internal HttpRoute(string path, string contentType, byte[] body, bool gzip, string cacheControl, bool login)
        {
            Path = path;
            ContentType = contentType;
            Body = body;
            string extra = null;
            if (gzip)
            {
                // RFC 9110 §8.4: the body is gzip-coded; the app ships it pre-compressed.
                extra = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n";
            }

            if (cacheControl != null)
            {
                // RFC 9111 §5.2.
                extra = (extra == null ? string.Empty : extra) + "Cache-Control: " + cacheControl + "\r\n";
            }

            if (login)
            {
                // Tells the page, on HEAD of itself, that the device has a login (to show "log out").
                extra = (extra == null ? string.Empty : extra) + "NanoWs-Login: required\r\n";
            }

            ExtraHeaders = extra;
        }

        /// <summary>Length of the response head this route adds besides the fixed lines.</summary>
        internal int HeadLength
        {
            get { return ContentType.Length + (ExtraHeaders == null ? 0 : ExtraHeaders.Length); }
        }
    }
}
