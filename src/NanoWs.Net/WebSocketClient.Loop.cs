using System;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// The client's thread: connect, handshake, run the connection until it ends, then, when
    /// reconnection is on, the app has not closed the client and the attempts are not used up, wait
    /// a backoff delay and start over.
    /// </summary>
    public sealed partial class WebSocketClient
    {
        private void Run()
        {
            int failures = 0;
            int reconnects = 0;
            try
            {
                while (true)
                {
                    bool opened = RunConnection(reconnects);
                    if (!_options.Reconnect || CloseRequested)
                    {
                        break;
                    }

                    // A connection that opened resets the backoff and the attempt count; failed
                    // attempts double the delay.
                    if (opened)
                    {
                        reconnects = 0;
                    }
                    else if (GivesUp(reconnects))
                    {
                        break;
                    }

                    failures = opened ? 0 : failures + 1;
                    if (!SleepUnlessClosed(_options.ReconnectDelay(failures == 0 ? 0 : failures - 1, _random)))
                    {
                        break;
                    }

                    reconnects++;
                }
            }
            catch (Exception e)
            {
                // Defensive: connection errors are handled in RunConnection.
                RaiseError("client loop failed: " + e.Message);
            }
            finally
            {
                lock (_driver)
                {
                    _thread = null;
                }
            }
        }

        /// <summary>True when <paramref name="reconnects"/> failed attempts in a row use up MaxReconnectAttempts.</summary>
        private bool GivesUp(int reconnects)
        {
            return _options.MaxReconnectAttempts > 0 && reconnects >= _options.MaxReconnectAttempts;
        }

        /// <summary>
        /// One connection attempt and, when it opens, the connection's life. Returns true when it
        /// opened. <paramref name="reconnects"/>: reconnection attempts in a row before this one.
        /// </summary>
        private bool RunConnection(int reconnects)
        {
            ConnectionDriver d = _driver;
            d.PrepareClient(_connectionOptions);

            // error says why the attempt failed; null with no socket when Close() ended it.
            string error;
            bool tlsFailed;
            TlsChannel tls;
            Socket socket = OpenSocket(out tls, out error, out tlsFailed);
            if (socket != null)
            {
                d.Attach(socket, tls, 0, _clock());
                error = RunSocket(socket);
            }

            d.Disconnect();
            int code;
            string reason;
            bool clean;
            bool opened;
            lock (d)
            {
                code = d.Outcome(out reason, out clean);

                // RFC 6455 §7.4.1: 1015 reports a failed TLS handshake (never sent in a frame).
                code = tlsFailed ? 1015 : code;
                opened = d.Opened;
            }

            if (error != null)
            {
                RaiseError(error);
            }

            if (_options.Reconnect && !opened && reconnects > 0 && GivesUp(reconnects) && !CloseRequested)
            {
                RaiseError("reconnection gave up after " + reconnects + " attempts");
            }

            RaiseClosed(code, reason, clean);
            return opened;
        }

        /// <summary>Runs a connected socket: handshake, then the connection until it ends. Returns an error message or null.</summary>
        private string RunSocket(Socket socket)
        {
            try
            {
                SocketIo.DisableNagle(socket);
                if (_options.SendStallTimeoutMs > 0)
                {
                    socket.SendTimeout = _options.SendStallTimeoutMs;
                }

                lock (_driver)
                {
                    _driver.Connection.StartClientHandshake(_host, _port, _resource, _options.Origin, _options.ExtraHeaders);
                }

                return Pump();
            }
            catch (Exception e)
            {
                // Over TLS a socket error reaches here wrapped in the stream's IOException.
                SocketException se = e as SocketException;
                if (se == null && e.InnerException != null)
                {
                    se = e.InnerException as SocketException;
                }

                // After a completed close handshake the server ends TCP (RFC 6455 §7.1.1); a reset
                // instead of an orderly end of stream is just how it did so, not an error.
                if (se == null || !_driver.CloseHandshakeDone)
                {
                    return se != null && se == e ? "socket error " + se.ErrorCode.ToString() : e.Message;
                }

                return null;
            }
        }

        /// <summary>
        /// Resolves the host, connects and for wss:// runs the TLS handshake, bounded by
        /// <see cref="WebSocketClientOptions.ConnectTimeoutMs"/> and ended by
        /// <see cref="Close(int, string)"/> (see <see cref="ConnectAttempt"/>). Returns the connected
        /// socket and its <paramref name="tls"/> channel (wss://), or null with <paramref name="error"/>
        /// saying why (null when the app closed the client) and <paramref name="tlsFailed"/> true
        /// when the TLS handshake failed.
        /// </summary>
        private Socket OpenSocket(out TlsChannel tls, out string error, out bool tlsFailed)
        {
            error = null;
            tls = null;
            tlsFailed = false;
            ConnectAttempt attempt = new ConnectAttempt(_host, _port, _secure ? _options : null);
            lock (_driver)
            {
                if (_closeRequested)
                {
                    return null;
                }

                _attempt = attempt;
            }

            bool finished;
            int phase;
            try
            {
                attempt.Start();
                finished = attempt.Wait(_options.ConnectTimeoutMs);
                phase = attempt.Phase;
            }
            finally
            {
                lock (_driver)
                {
                    _attempt = null;
                }
            }

            Socket socket = attempt.Take(out tls);
            if (socket != null || CloseRequested)
            {
                return socket;
            }

            // A TLS handshake that did not finish in time failed too (1015).
            tlsFailed = finished ? attempt.TlsFailed : phase == ConnectAttempt.Securing;
            error = finished ? attempt.Error : (tlsFailed ? TlsChannel.HandshakeFailed : string.Empty) + "connect timed out after " + _options.ConnectTimeoutMs.ToString() + " ms";
            if (error == null)
            {
                error = "connect failed";
            }

            return null;
        }

        /// <summary>
        /// Runs the attached connection (through its TLS channel for wss://) until it is done;
        /// returns an error message or null.
        /// </summary>
        private string Pump()
        {
            ConnectionDriver d = _driver;
            while (true)
            {
                long now = _clock();
                lock (d)
                {
                    if (_closeRequested && d.Connection.State == WebSocketState.Connecting)
                    {
                        return null;
                    }
                }

                bool sent = d.Flush(now, null);
                bool progress = sent;
                if (d.Resume(sent))
                {
                    DeliverMessage();
                    progress = true;
                }

                string error = null;
                if (!d.Held)
                {
                    progress |= ProcessEvents(ref error);

                    // Keep reading after the close handshake: the server closes TCP first
                    // (RFC 6455 §7.1.1) and the end of the stream ends the connection.
                    if (!d.Held && d.Receive() != 0)
                    {
                        progress = true;
                        ProcessEvents(ref error);
                    }
                }

                string expired;
                if (d.Tick(now, out expired))
                {
                    error = expired;
                }

                d.TryRequestedClose();
                sent = d.Flush(now, null);
                string stalled = d.CheckStall(now, _options.SendStallTimeoutMs, false);
                if (stalled != null)
                {
                    error = stalled;
                }

                if (d.ShouldRelease)
                {
                    return error;
                }

                if (error != null)
                {
                    RaiseError(error);
                }

                if (!progress && !sent)
                {
                    // Wait on this client's own socket (or its TLS reads): incoming bytes end the
                    // wait at once.
                    d.Wait(_options.PollIntervalMs);
                }
            }
        }

        /// <summary>Pulls events until the connection needs more input; returns true when there was any.</summary>
        private bool ProcessEvents(ref string error)
        {
            ConnectionDriver d = _driver;
            bool any = false;
            while (!d.Held)
            {
                WebSocketEvent ev = d.Next();
                WebSocketConnection c = d.Connection;
                switch (ev)
                {
                    case WebSocketEvent.None:
                        return any;
                    case WebSocketEvent.Open:
                        RaiseOpened();
                        CloseIfRequestedWhileConnecting();
                        break;
                    case WebSocketEvent.Data:
                        DeliverMessage();
                        break;
                    case WebSocketEvent.HandshakeFailed:
                        error = c.HttpStatus != 0 && c.HttpStatus != 101
                            ? "handshake failed with HTTP " + c.HttpStatus + ": " + c.ErrorMessage
                            : "handshake failed: " + c.ErrorMessage;
                        break;
                    case WebSocketEvent.ProtocolError:
                        error = c.ErrorMessage;
                        break;
                    default:
                        // Close (the driver recorded it), Ping (the pong is already queued), Pong.
                        break;
                }

                any = true;
            }

            return any;
        }

        private void CloseIfRequestedWhileConnecting()
        {
            lock (_driver)
            {
                // Close() was called while connecting and the server accepted meanwhile.
                if (_closeRequested)
                {
                    _driver.RequestClose(0, CloseStatus.NormalClosure, null);
                }
            }
        }

        private void DeliverMessage()
        {
            WebSocketClientMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                try
                {
                    handler(this, _driver.Message);
                }
                catch (Exception e)
                {
                    RaiseError("MessageReceived handler threw: " + e.Message);
                }
            }

            _driver.HoldIfDeferred();
        }

        private bool SleepUnlessClosed(int delayMs)
        {
            long end = _clock() + delayMs;
            while (!CloseRequested)
            {
                long left = end - _clock();
                if (left <= 0)
                {
                    return true;
                }

                Thread.Sleep(left < 50 ? (int)left : 50);
            }

            return false;
        }

        private void RaiseOpened()
        {
            WebSocketClientOpenHandler handler = Opened;
            if (handler == null)
            {
                return;
            }

            try
            {
                handler(this);
            }
            catch (Exception e)
            {
                RaiseError("Opened handler threw: " + e.Message);
            }
        }

        private void RaiseClosed(int code, string reason, bool wasClean)
        {
            WebSocketClientCloseHandler handler = Closed;
            if (handler == null)
            {
                return;
            }

            try
            {
                handler(this, code, reason, wasClean);
            }
            catch (Exception e)
            {
                RaiseError("Closed handler threw: " + e.Message);
            }
        }

        private void RaiseError(string message)
        {
            WebSocketClientErrorHandler handler = Error;
            if (handler == null)
            {
                return;
            }

            try
            {
                handler(this, message == null ? "error" : message);
            }
            catch (Exception)
            {
                // An error handler that throws has nowhere left to report to.
            }
        }
    }
}
