using System;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// Requests under a path prefix served by a <see cref="PathHandler"/>: bodies read by
    /// <c>Content-Length</c> into the slot's receive buffer, requests held until the handler
    /// answers, WebSocket upgrades whose messages go to the handler. Up to
    /// <see cref="MaxPathHandlers"/> handlers, each on its own prefix. One exchange object per slot,
    /// allocated by the first <see cref="MapPath"/>; nothing is allocated per request.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        /// <summary>Most path handlers one server takes (<see cref="MapPath"/>).</summary>
        public const int MaxPathHandlers = 4;

        // Byte budget: MaxConnections × PathExchange (~64 bytes) and the array, once in the first
        // MapPath; the handler array (MaxPathHandlers references) with it.
        private PathHandler[] _pathHandlers;
        private int _pathHandlerCount;
        private PathExchange[] _exchanges;

        private static readonly byte[] PayloadTooLargeBody = Ascii("Content Too Large\n");
        private static readonly byte[] BadRequestBody = Ascii("Bad Request\n");
        private static readonly byte[] LengthRequiredBody = Ascii("Length Required\n");
        private static readonly byte[] InternalErrorBody = Ascii("Internal Server Error\n");

        /// <summary>
        /// Serves every request whose path starts with the handler's prefix through
        /// <paramref name="handler"/> (plain requests before the routes, upgrades before
        /// <see cref="WebSocketServerOptions.WebSocketPath"/>). Call before <see cref="Start"/>, once
        /// per handler: up to <see cref="MaxPathHandlers"/> on one port (for example the dashboard's
        /// JSON API at <c>/api/</c> and Socket.IO at <c>/socket.io/</c>), each prefix different; when
        /// two prefixes match a path, the longer one serves it. Held requests and upgrades take
        /// connection slots: with long-polling, a client may hold three at once (a held GET, a POST
        /// and the upgrade).
        /// </summary>
        /// <exception cref="ArgumentException">The handler is null, or its prefix is mapped already.</exception>
        /// <exception cref="InvalidOperationException">The server has started, or has <see cref="MaxPathHandlers"/> handlers.</exception>
        public void MapPath(PathHandler handler)
        {
            if (handler == null)
            {
                throw new ArgumentException("handler must not be null");
            }

            lock (_stateLock)
            {
                if (_running)
                {
                    throw new InvalidOperationException("MapPath is called before Start");
                }

                if (_pathHandlers == null)
                {
                    PathExchange[] exchanges = new PathExchange[_options.MaxConnections];
                    for (int i = 0; i < exchanges.Length; i++)
                    {
                        exchanges[i] = new PathExchange(this);
                    }

                    _exchanges = exchanges;
                    _pathHandlers = new PathHandler[MaxPathHandlers];
                }

                for (int i = 0; i < _pathHandlerCount; i++)
                {
                    if (_pathHandlers[i].PathPrefix == handler.PathPrefix)
                    {
                        throw new ArgumentException("a handler for " + handler.PathPrefix + " is mapped already");
                    }
                }

                if (_pathHandlerCount == MaxPathHandlers)
                {
                    throw new InvalidOperationException("a server takes at most " + MaxPathHandlers.ToString() + " path handlers");
                }

                _pathHandlers[_pathHandlerCount++] = handler;
            }
        }

        /// <summary>The handler with the longest prefix the request's path starts with, or null.</summary>
        private PathHandler FindPathHandler(HttpHead request)
        {
            PathHandler found = null;
            for (int i = 0; i < _pathHandlerCount; i++)
            {
                PathHandler h = _pathHandlers[i];
                if ((found == null || h.PathPrefix.Length > found.PathPrefix.Length) && request.PathStartsWith(h.PathPrefix))
                {
                    found = h;
                }
            }

            return found;
        }

        /// <summary>Wakes the idle poll loop (something was queued for a socket).</summary>
        internal void WakePoll()
        {
            Interlocked.Exchange(ref _outputQueued, 1);
        }

        /// <summary>Payload bytes one more whole message may have on an open connection now (0 when none).</summary>
        internal int SendSpaceOf(int connectionId)
        {
            ConnectionSlot slot = SlotOf(connectionId);
            if (slot == null)
            {
                return 0;
            }

            int space = slot.Driver.SendSpace(connectionId, ConnectionDriver.StallCloseReserve);
            int max = MaxFramePayload;
            return space < 0 ? 0 : (space > max ? max : space);
        }

        /// <summary>
        /// Hands a complete request head under the handler's prefix to the handler after the
        /// server's policy; returns false when the request is not the handler's.
        /// </summary>
        private bool RouteToPathHandler(ConnectionSlot slot, bool isUpgrade)
        {
            PathHandler handler = FindPathHandler(slot.Driver.Connection.Head);
            if (handler == null)
            {
                return false;
            }

            PathExchange ex = _exchanges[slot.Index];
            EndExchange(ex);
            ex.Begin(slot, isUpgrade, handler);
            HttpHead request = slot.Driver.Connection.Head;
            int status;
            string why;
            long retryMs = 0;
            if ((isUpgrade || !(request.MethodIs("GET") || request.MethodIs("HEAD"))) && !OriginAllowed(request))
            {
                // RFC 6455 §10.2 and RFC 6454 §7.3: an upgrade or a state-changing request from
                // another site's page.
                status = 403;
            }
            else if ((status = LoginStatus(slot, request, true, out why, out retryMs)) != 0)
            {
                // The owner set a password: nothing without a live session or the password itself (docs/security.md).
            }
            else
            {
                status = CallAuthorize(slot, request, isUpgrade);
            }

            if (status != 0)
            {
                ex.RespondWithHeaders(status, "text/plain", StatusBody(status), 0, StatusBody(status).Length, RefusalHeaders(status, retryMs));
                ex.Finish();
                return true;
            }

            lock (slot.Sync)
            {
                slot.Hook = PathExchange.StatePending;
            }

            if (isUpgrade)
            {
                RunRequest(ex, handler);
                return true;
            }

            if (request.CountHeader("Transfer-Encoding") > 0)
            {
                // RFC 9110 §15.5.12: bodies are taken by Content-Length only.
                ex.Respond(411, "text/plain", LengthRequiredBody, 0, LengthRequiredBody.Length);
                ex.Finish();
                return true;
            }

            int length = request.ContentLength;
            if (length < 0)
            {
                // RFC 9112 §6.3 item 5: an invalid Content-Length is an unrecoverable framing error.
                ex.Respond(400, "text/plain", BadRequestBody, 0, BadRequestBody.Length);
                ex.Finish();
                return true;
            }

            WebSocketConnection c = slot.Driver.Connection;
            int head = c.RequestHeadLength;
            bool tooLarge = length > handler.MaxBodyBytes || head + length > c.ReceiveBuffer.Length;
            ex.SetBody(head, length, tooLarge);
            if (tooLarge || length == 0)
            {
                // RFC 9110 §15.5.14: the handler answers 413 without the body being read.
                RunRequest(ex, handler);
                return true;
            }

            ex.State = PathExchange.StateBody;
            lock (slot.Sync)
            {
                slot.Hook = PathExchange.StateBody;
            }

            ServiceExchange(slot);
            return true;
        }

        /// <summary>Runs the handler for a request whose body is in; answers 500 when it neither answered nor held it.</summary>
        private void RunRequest(PathExchange ex, PathHandler handler)
        {
            ex.State = PathExchange.StatePending;
            Running("PathHandler.Request", ex.ConnectionId);
            handler.Request(ex);
            if (ex.State == PathExchange.StatePending)
            {
                ex.Respond(500, "text/plain", InternalErrorBody, 0, InternalErrorBody.Length);
            }

            if (ex.State == PathExchange.StateNone)
            {
                ex.Finish();
            }
        }

        /// <summary>One pass for a slot serving the handler: a body arriving, a held request, an accepted WebSocket.</summary>
        private bool ServiceExchange(ConnectionSlot slot)
        {
            if (_exchanges == null || slot.Hook == PathExchange.StateNone)
            {
                return false;
            }

            PathExchange ex = _exchanges[slot.Index];
            if (ex.ConnectionId != slot.Id)
            {
                return false;
            }

            PathHandler handler = ex.Handler;

            WebSocketConnection c = slot.Driver.Connection;
            switch (ex.State)
            {
                case PathExchange.StateBody:
                    if (c.State == WebSocketState.Connecting && c.BufferedReceiveCount - ex.BodyOffset >= ex.BodyCount)
                    {
                        RunRequest(ex, handler);
                        return true;
                    }

                    return false;
                case PathExchange.StateHeld:
                    if (c.State == WebSocketState.Connecting)
                    {
                        Running("PathHandler.Poll", ex.ConnectionId);
                        handler.Poll(ex);
                        if (ex.State == PathExchange.StateNone)
                        {
                            ex.Finish();
                            return true;
                        }
                    }

                    return false;
                case PathExchange.StateLinked:
                    if (c.State == WebSocketState.Open)
                    {
                        Running("PathHandler.Pump", ex.ConnectionId);
                        handler.Pump(ex);
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>Hands a message of an accepted WebSocket to the handler (whole messages only).</summary>
        private void DeliverToPathHandler(ConnectionSlot slot)
        {
            PathExchange ex = _exchanges[slot.Index];
            WebSocketMessageEventArgs m = slot.Driver.Message;
            if (!m.IsFirst || !m.IsFinal)
            {
                // The endpoint takes whole messages (reassembly on); a part means a message larger
                // than the reassembly buffer: RFC 6455 §7.4.1, 1009 (message too big).
                lock (slot.Sync)
                {
                    slot.Driver.Connection.TryClose(CloseStatus.MessageTooBig, string.Empty);
                }

                return;
            }

            Running("PathHandler.Message", slot.Id);
            ex.Handler.Message(ex, m.MessageType == WebSocketMessageType.Binary, m.Buffer, m.Offset, m.Count);
        }

        /// <summary>Once per pass: the handler's timers, and the end of held requests and WebSockets whose slot was released.</summary>
        private void PathPass(long now)
        {
            if (_exchanges == null)
            {
                return;
            }

            for (int i = 0; i < _exchanges.Length; i++)
            {
                PathExchange ex = _exchanges[i];
                if (ex.State != PathExchange.StateNone && ex.Slot.Id != ex.ConnectionId)
                {
                    EndExchange(ex);
                }
            }

            for (int i = 0; i < _pathHandlerCount; i++)
            {
                try
                {
                    Running("PathHandler.Tick", -1);
                    _pathHandlers[i].Tick(now);
                }
                catch (Exception e)
                {
                    RaiseError(-1, "PathHandler.Tick threw: " + e.Message);
                }
            }
        }

        /// <summary>Reports a held request or accepted WebSocket that is over, then forgets the exchange.</summary>
        private void EndExchange(PathExchange ex)
        {
            if (ex.State == PathExchange.StateHeld || ex.State == PathExchange.StateLinked)
            {
                try
                {
                    Running("PathHandler.Ended", ex.ConnectionId);
                    ex.Handler.Ended(ex);
                }
                catch (Exception e)
                {
                    RaiseError(ex.ConnectionId, "PathHandler.Ended threw: " + e.Message);
                }
            }

            if (ex.State != PathExchange.StateNone)
            {
                ex.Finish();
            }
        }
    }
}
