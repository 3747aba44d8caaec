using System;

namespace NanoWs.Net
{
    /// <summary>
    /// Turns the connection's events into the app's: open, message slices (with deferral for
    /// backpressure), close and error. Handlers run on the poll thread without any slot lock held,
    /// so they may call the send methods; an exception they throw is reported through
    /// <see cref="Error"/> and never reaches the loop. A pass of the loop that ran handlers and
    /// took <see cref="WebSocketServerOptions.SlowHandlerReportMs"/> or more is reported, naming
    /// the last handler it ran (see docs/security.md: handlers must be bounded).
    /// </summary>
    public sealed partial class WebSocketServer
    {
        // Poll thread only: the last handler run in the current pass, for the slow-pass report.
        private string _passHandler;
        private int _passHandlerId;
        private long _slowPasses;

        /// <summary>Notes that a handler is about to run (poll thread).</summary>
        private void Running(string handler, int connectionId)
        {
            _passHandler = handler;
            _passHandlerId = connectionId;
        }

        /// <summary>Reports the pass that just ended when it ran handlers and took too long.</summary>
        private void ReportSlowPass(long tookMs)
        {
            string handler = _passHandler;
            _passHandler = null;
            int limit = _options.SlowHandlerReportMs;
            if (handler == null || limit == 0 || tookMs < limit)
            {
                return;
            }

            _slowPasses++;
            RaiseError(_passHandlerId, "slow handler: a poll pass took " + tookMs.ToString() + " ms running " + handler
                + " (every connection waited; handlers must return quickly)");
        }
        /// <summary>Pulls events until the connection needs more input; returns true when there was any.</summary>
        private bool ProcessEvents(ConnectionSlot slot)
        {
            bool any = false;
            while (slot.InUse && !slot.Held)
            {
                WebSocketEvent ev;
                WebSocketConnection c = slot.Connection;
                lock (slot.Sync)
                {
                    ev = c.Next();
                    if (ev == WebSocketEvent.Data)
                    {
                        slot.Message.Set(slot.Id, c.EventMessageType, c.EventBuffer, c.EventOffset, c.EventCount, c.EventIsFirst, c.EventIsFinal);
                    }
                }

                if (ev == WebSocketEvent.None)
                {
                    return any;
                }

                any = true;
                switch (ev)
                {
                    case WebSocketEvent.UpgradeRequest:
                        if (!RouteToPathHandler(slot, true))
                        {
                            HandleUpgrade(slot);
                        }

                        break;
                    case WebSocketEvent.HttpRequest:
                        if (!RouteToPathHandler(slot, false))
                        {
                            HandleHttpRequest(slot);
                        }

                        break;
                    case WebSocketEvent.Data:
                        if (slot.Hook == PathExchange.StateLinked)
                        {
                            DeliverToPathHandler(slot);
                        }
                        else
                        {
                            DeliverMessage(slot);
                        }

                        break;
                    case WebSocketEvent.Close:
                        ReceiveClose(slot);
                        break;
                    case WebSocketEvent.HandshakeFailed:
                    case WebSocketEvent.ProtocolError:
                        slot.Error = c.ErrorMessage;
                        RaiseError(slot.Id, c.ErrorMessage);
                        break;
                    case WebSocketEvent.Ping:
                        // The pong is already queued.
                        RaiseHeartbeat(PingReceived, slot.Id);
                        break;
                    case WebSocketEvent.Pong:
                        RaiseHeartbeat(PongReceived, slot.Id);
                        break;
                    default:
                        break;
                }
            }

            return any;
        }

        /// <summary>Hands the slice in the slot's message args to the app and records a deferral.</summary>
        private void DeliverMessage(ConnectionSlot slot)
        {
            WebSocketMessageEventArgs message = slot.Message;
            WebSocketMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                Running("MessageReceived", slot.Id);
                try
                {
                    handler(this, message);
                }
                catch (Exception e)
                {
                    RaiseError(slot.Id, "MessageReceived handler threw: " + e.Message);
                }
            }

            if (!message.Deferred)
            {
                return;
            }

            bool canSend;
            lock (slot.Sync)
            {
                canSend = slot.Connection.State == WebSocketState.Open;
            }

            if (canSend)
            {
                // The slice stays valid: nothing calls Next or reads into the receive buffer
                // while the slot is held.
                message.Advance();
                slot.Held = true;
            }
        }

        private void ReceiveClose(ConnectionSlot slot)
        {
            WebSocketConnection c = slot.Connection;
            string reason = string.Empty;
            if (c.EventCount > 0)
            {
                // The core checked the reason is valid UTF-8 (RFC 6455 §5.5.1).
                reason = Utf8.GetString(c.EventBuffer, c.EventOffset, c.EventCount);
            }

            lock (slot.Sync)
            {
                slot.ReceivedClose = true;
                slot.CloseReason = reason;
                slot.CloseRequested = false;
                slot.SendingFragments = false;
            }
        }

        private void RaiseOpened(int connectionId)
        {
            WebSocketOpenHandler handler = Opened;
            if (handler == null)
            {
                return;
            }

            Running("Opened", connectionId);
            try
            {
                handler(this, connectionId);
            }
            catch (Exception e)
            {
                RaiseError(connectionId, "Opened handler threw: " + e.Message);
            }
        }

        private void RaiseClosed(int connectionId, int code, string reason, bool wasClean)
        {
            WebSocketCloseHandler handler = Closed;
            if (handler == null)
            {
                return;
            }

            Running("Closed", connectionId);
            try
            {
                handler(this, connectionId, code, reason, wasClean);
            }
            catch (Exception e)
            {
                RaiseError(connectionId, "Closed handler threw: " + e.Message);
            }
        }

        private void RaiseHeartbeat(WebSocketHeartbeatHandler handler, int connectionId)
        {
            if (handler == null)
            {
                return;
            }

            Running("a heartbeat handler", connectionId);
            try
            {
                handler(this, connectionId);
            }
            catch (Exception e)
            {
                RaiseError(connectionId, "heartbeat handler threw: " + e.Message);
            }
        }

        private void RaiseError(int connectionId, string message)
        {
            WebSocketErrorHandler handler = Error;
            if (handler == null)
            {
                return;
            }

            try
            {
                handler(this, connectionId, message == null ? "error" : message);
            }
            catch (Exception)
            {
                // An error handler that throws has nowhere left to report to.
            }
        }

        /// <summary>Runs <see cref="Authorize"/>: 0 to allow, else the HTTP status to refuse with.</summary>
        private int CallAuthorize(ConnectionSlot slot, HttpHead request, bool isUpgrade)
        {
            WebSocketAuthorizeHandler hook = Authorize;
            if (hook == null)
            {
                return 0;
            }

            int status;
            Running("Authorize", slot.Id);
            try
            {
                status = hook(this, slot.Id, request, isUpgrade);
            }
            catch (Exception e)
            {
                RaiseError(slot.Id, "Authorize hook threw: " + e.Message);
                return 500;
            }

            if (status < 400)
            {
                return 0;
            }

            return status > 599 ? 500 : status;
        }
    }
}
