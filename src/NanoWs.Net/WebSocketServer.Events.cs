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
            ConnectionDriver d = slot.Driver;
            bool any = false;
            while (d.InUse && !d.Held)
            {
                WebSocketEvent ev = d.Next();
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
                    case WebSocketEvent.HandshakeFailed:
                    case WebSocketEvent.ProtocolError:
                        RaiseError(d.Id, d.Connection.ErrorMessage);
                        break;
                    case WebSocketEvent.Ping:
                        // The pong is already queued.
                        RaiseHeartbeat(PingReceived, d.Id);
                        break;
                    case WebSocketEvent.Pong:
                        RaiseHeartbeat(PongReceived, d.Id);
                        break;
                    default:
                        // Close: the driver recorded the peer's code and reason.
                        break;
                }
            }

            return any;
        }

        /// <summary>Hands the slice in the driver's message args to the app and records a deferral.</summary>
        private void DeliverMessage(ConnectionSlot slot)
        {
            WebSocketMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                Running("MessageReceived", slot.Id);
                try
                {
                    handler(this, slot.Driver.Message);
                }
                catch (Exception e)
                {
                    RaiseError(slot.Id, "MessageReceived handler threw: " + e.Message);
                }
            }

            slot.Driver.HoldIfDeferred();
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
