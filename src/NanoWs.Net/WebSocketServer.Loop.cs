using System;
using System.Net.Sockets;
using System.Threading;

namespace NanoWs.Net
{
    /// <summary>
    /// The poll thread: accept, then for every slot send what is queued, read what arrived, run the
    /// connection's events and timers, and release the socket once the connection is done. Only
    /// <c>Poll(0, …)</c>, <c>Available</c>, <c>Send</c> and <c>Receive</c> touch a client socket,
    /// so nothing here waits for one client; the thread waits only on the listening socket when no
    /// slot had anything to do.
    /// </summary>
    public sealed partial class WebSocketServer
    {
        private void Run()
        {
            try
            {
                long passStart = _clock();
                while (!StopRequested)
                {
                    long now = _clock();
                    ReportSlowPass(now - passStart);
                    passStart = now;
                    _pollPasses++;
#if NANOWS_HOST
                    // What this thread has allocated so far, for tests that check a pass allocates nothing.
                    System.Threading.Volatile.Write(ref _pollThreadAllocated, GC.GetAllocatedBytesForCurrentThread());
#endif
                    PathPass(now);
                    bool busy = AcceptOne(now);
                    for (int i = 0; i < _slots.Length; i++)
                    {
                        busy |= ServiceSlot(_slots[i], now);
                    }

                    ServiceRejects(now);
                    if (!busy)
                    {
                        IdleWait();
                    }
                }

                Shutdown();
            }
            catch (Exception e)
            {
                // Defensive: per-slot errors are handled below, so this is a bug or a platform fault.
                RaiseError(-1, "server loop failed: " + e.Message);
                DropAll();
            }
            finally
            {
                SocketIo.CloseQuietly(_listener);
                _listener = null;
                lock (_stateLock)
                {
                    _running = false;
                    _thread = null;
                }
            }
        }

        private void IdleWait()
        {
            try
            {
                // No Select on nanoFramework: block on one socket at a time. A connection with bytes
                // waiting for room is watched for writability, so it continues as soon as its
                // socket drains. Otherwise the connection that last sent something is watched (a
                // request answered by a reply comes from it), or, with none, the listener, which a
                // new connection wakes.
                Socket socket = null;
                SelectMode mode = SelectMode.SelectRead;
                for (int i = 0; i < _slots.Length && socket == null; i++)
                {
                    ConnectionSlot slot = _slots[i];
                    if (slot.InUse && slot.HasPendingOutput)
                    {
                        socket = slot.Socket;
                        mode = SelectMode.SelectWrite;
                    }
                }

                if (socket == null)
                {
                    ConnectionSlot last = _lastActiveSlot;
                    socket = last != null && last.InUse && !last.Held && !WaitsOnTls(last) ? last.Socket : null;
                }

                if (socket == null && _acceptSkip > 0)
                {
                    // Accepting is backing off: the listener stays readable (the connection it
                    // could not take is still queued), so waiting on it would not wait at all.
                    for (int i = 0; i < _slots.Length && socket == null; i++)
                    {
                        if (_slots[i].InUse && !_slots[i].Held && !WaitsOnTls(_slots[i]))
                        {
                            socket = _slots[i].Socket;
                        }
                    }

                    if (socket == null)
                    {
                        Thread.Sleep(_options.PollIntervalMs);
                        return;
                    }
                }

                if (socket == null)
                {
                    socket = _listener;
                }

                // Wait in slices, so that bytes another thread queued (Send, Broadcast) go out
                // within a slice rather than after the whole interval.
                int total = _options.PollIntervalMs * 1000;
                int slice = total / 5 < 1000 ? 1000 : total / 5;
                for (int waited = 0; waited < total; waited += slice)
                {
                    if (Interlocked.Exchange(ref _outputQueued, 0) != 0 || socket.Poll(slice, mode))
                    {
                        return;
                    }
                }
            }
            catch (Exception)
            {
                Thread.Sleep(_options.PollIntervalMs);
            }
        }

        private bool AcceptOne(long now)
        {
            if (_acceptSkip > 0)
            {
                _acceptSkip--;
                return false;
            }

            Socket socket;
            try
            {
                if (!_listener.Poll(0, SelectMode.SelectRead))
                {
                    return false;
                }

                socket = _listener.Accept();
                _acceptBackoff = 0;
            }
            catch (Exception e)
            {
                // Out of sockets or memory: accepting backs off (1, 2, 4 … MaxAcceptBackoff passes
                // without trying) while every connection keeps being served; nothing sleeps.
                _acceptFailures++;
                _acceptBackoff = _acceptBackoff == 0 ? 1 : (_acceptBackoff >= MaxAcceptBackoff / 2 ? MaxAcceptBackoff : _acceptBackoff * 2);
                _acceptSkip = _acceptBackoff;
                RaiseError(-1, "accept failed: " + e.Message + " (accepting again in " + _acceptBackoff.ToString() + " passes)");
                return false;
            }

            try
            {
                SocketIo.DisableNagle(socket);
            }
            catch (Exception e)
            {
                // The socket is ours now: never leave it open behind an error.
                SocketIo.CloseQuietly(socket);
                RaiseError(-1, "accepted socket unusable: " + e.Message);
                return true;
            }

            long peer = PeerKeyOf(socket);
            ConnectionSlot free = null;
            for (int i = 0; i < _slots.Length && free == null; i++)
            {
                if (!_slots[i].InUse)
                {
                    free = _slots[i];
                }
            }

            if (free == null)
            {
                free = MakeRoom(peer, now);
            }

            if (free == null)
            {
                RaiseError(-1, "refused with 503: every connection slot was taken");
                Refuse(socket, now, false);
                return true;
            }

            try
            {
                // A safety net only: the loop sends only when Poll reports room.
                socket.SendTimeout = _options.SendStallTimeoutMs;
            }
            catch (Exception)
            {
            }

            lock (free.Sync)
            {
                free.Occupy(socket, NextId(free.Index), now, ++_acceptCount, peer);
                AttachTls(free, socket);
            }

            return true;
        }

        /// <summary>Runs one round for a slot; returns true when anything happened.</summary>
        private bool ServiceSlot(ConnectionSlot slot, long now)
        {
            if (!slot.InUse)
            {
                return false;
            }

            bool progress = false;
            try
            {
                if (slot.Tls != null && slot.Tls.Handshaking)
                {
                    return ServiceTlsHandshake(slot, now);
                }

                bool sent = Flush(slot, now);
                progress = sent;
                if (slot.Held && (sent || slot.Connection.SendCount == 0))
                {
                    slot.Held = false;
                    DeliverMessage(slot);
                    progress = true;
                }

                if (!slot.Held)
                {
                    progress |= ProcessEvents(slot);
                    if (!slot.Held && slot.InUse && Receive(slot) != 0)
                    {
                        _lastActiveSlot = slot;
                        slot.LastActiveMs = now;
                        progress = true;
                        ProcessEvents(slot);
                    }
                }

                progress |= ServiceExchange(slot);
                if (slot.Hook != PathExchange.StateHeld)
                {
                    // A held request has no timeout of its own: its handler's protocol bounds it.
                    Tick(slot, now);
                }

                lock (slot.Sync)
                {
                    TryRequestedClose(slot);
                }

                progress |= Flush(slot, now);
                CheckStall(slot, now);
                if (ShouldRelease(slot))
                {
                    Release(slot);
                    progress = true;
                }
            }
            catch (Exception e)
            {
                // Errors of one connection never reach another (a reset, a closed socket, a bug).
                SocketException se = e as SocketException;
                Fail(slot, se != null ? "socket error " + se.ErrorCode : e.Message);
                progress = true;
            }

            return progress;
        }

        /// <summary>
        /// Writes queued bytes, then any route body, while the socket has room. The slot's lock is
        /// held only to copy a chunk of the send buffer into the poll thread's scratch buffer and
        /// to consume what the socket took, never during <c>Send</c>: a thread calling
        /// <see cref="Send"/> or <see cref="Broadcast"/> never waits for the network.
        /// </summary>
        private bool Flush(ConnectionSlot slot, long now)
        {
            bool progress = false;
            for (int round = 0; round < 64; round++)
            {
                Socket socket;
                TlsChannel tls;
                byte[] source;
                int offset;
                int count;
                bool body;
                lock (slot.Sync)
                {
                    socket = slot.Socket;
                    tls = slot.Tls;
                    WebSocketConnection c = slot.Connection;
                    if (socket == null)
                    {
                        break;
                    }

                    if (c.SendCount > 0)
                    {
                        // Frames are copied out: other threads may append (or compact) meanwhile.
                        count = c.SendCount < _sendScratch.Length ? c.SendCount : _sendScratch.Length;
                        Array.Copy(c.SendBuffer, c.SendOffset, _sendScratch, 0, count);
                        source = _sendScratch;
                        offset = 0;
                        body = false;
                    }
                    else if (slot.BodyRemaining > 0)
                    {
                        // A route body goes out once the head has, straight from the route's array.
                        source = slot.Body;
                        offset = slot.BodyOffset;
                        count = slot.BodyRemaining < _sendScratch.Length ? slot.BodyRemaining : _sendScratch.Length;
                        body = true;
                    }
                    else
                    {
                        break;
                    }
                }

                int n = tls != null ? tls.Write(source, offset, count) : SocketIo.Write(socket, source, offset, count);
                if (n <= 0)
                {
                    break;
                }

                lock (slot.Sync)
                {
                    if (body)
                    {
                        slot.BodyOffset += n;
                        slot.BodyRemaining -= n;
                    }
                    else
                    {
                        slot.Connection.ConsumeSent(n);
                    }

                    slot.LastSendProgressMs = now;
                }

                progress = true;
            }

            return progress;
        }

        /// <summary>Reads what the socket holds into the connection: bytes read, -1 at end of stream, 0 when nothing.</summary>
        private int Receive(ConnectionSlot slot)
        {
            lock (slot.Sync)
            {
                if (slot.Connection.State == WebSocketState.Closed)
                {
                    return 0;
                }

                int n = slot.Tls != null ? slot.Tls.Receive(slot.Connection) : SocketIo.Receive(slot.Socket, slot.Connection);
                if (n < 0)
                {
                    slot.BodyRemaining = 0;
                }

                return n;
            }
        }

        private void Tick(ConnectionSlot slot, long now)
        {
            WebSocketEvent ev;
            string message;
            lock (slot.Sync)
            {
                ev = slot.Connection.Tick(now);
                message = slot.Connection.ErrorMessage;
                if (ev == WebSocketEvent.TimedOut)
                {
                    slot.BodyRemaining = 0;
                    slot.Error = message;
                }
            }

            if (ev == WebSocketEvent.TimedOut)
            {
                RaiseError(slot.Id, message);
            }
        }

        /// <summary>Closes (1008) or drops a connection whose socket took nothing for SendStallTimeoutMs.</summary>
        private void CheckStall(ConnectionSlot slot, long now)
        {
            int stall = _options.SendStallTimeoutMs;
            if (stall == 0)
            {
                return;
            }

            string message;
            lock (slot.Sync)
            {
                if (!slot.InUse || !slot.HasPendingOutput)
                {
                    slot.LastSendProgressMs = now;
                    return;
                }

                if (now - slot.LastSendProgressMs < stall)
                {
                    return;
                }

                WebSocketConnection c = slot.Connection;
                bool open = c.State == WebSocketState.Open;

                // RFC 6455 §7.4.1: 1008, an endpoint terminating a connection that violates its
                // policy. The sends left room for this frame (StallCloseReserve).
                if (!slot.StallClosing && open && c.TryClose(CloseStatus.PolicyViolation, StallCloseReason))
                {
                    // The close handshake gets its own timeout (CloseTimeoutMs) from the connection.
                    slot.StallClosing = true;
                    slot.LastSendProgressMs = now;
                    message = "send stalled: closing with 1008";
                }
                else
                {
                    slot.StallClosing |= open;
                    c.TransportClosed();
                    slot.BodyRemaining = 0;
                    message = "send stalled: connection dropped";
                }

                slot.Error = message;
            }

            RaiseError(slot.Id, message);
        }

        private bool ShouldRelease(ConnectionSlot slot)
        {
            lock (slot.Sync)
            {
                return slot.InUse && slot.BodyRemaining == 0 && slot.Connection.ShouldCloseTransport;
            }
        }

        /// <summary>Closes the socket, frees the slot and reports the close of an opened connection.</summary>
        private void Release(ConnectionSlot slot)
        {
            int id;
            bool opened;
            int code;
            string reason;
            bool clean;
            lock (slot.Sync)
            {
                WebSocketConnection c = slot.Connection;
                SocketIo.CloseQuietly(slot.Socket);
                id = slot.Id;

                // A WebSocket accepted by a PathHandler is reported to the handler, not the app.
                opened = slot.Opened && slot.Hook != PathExchange.StateLinked;
                code = c.CloseCode == 0 ? CloseStatus.AbnormalClosure : c.CloseCode;
                if (slot.StallClosing && !slot.ReceivedClose)
                {
                    // This side gave up on the peer with 1008 (its close frame sent or not): that
                    // is why the connection ended, as for the codes of a failed connection.
                    code = CloseStatus.PolicyViolation;
                }

                clean = slot.ReceivedClose && c.CloseSent;
                reason = slot.ReceivedClose ? slot.CloseReason : string.Empty;
                slot.Free();
            }

            if (opened)
            {
                RaiseClosed(id, code, reason, clean);
            }
        }

        /// <summary>Drops a connection at once after an error.</summary>
        private void Fail(ConnectionSlot slot, string message)
        {
            int id;
            lock (slot.Sync)
            {
                id = slot.Id;
                slot.Error = message;
                slot.BodyRemaining = 0;
                try
                {
                    slot.Connection.TransportClosed();
                }
                catch (Exception)
                {
                }
            }

            RaiseError(id, message);
            if (slot.InUse)
            {
                Release(slot);
            }
        }

        /// <summary>Stopping: refuse new clients, say 1001 to open ones, wait for their close handshakes, drop the rest.</summary>
        private void Shutdown()
        {
            SocketIo.CloseQuietly(_listener);
            for (int i = 0; i < _slots.Length; i++)
            {
                ConnectionSlot slot = _slots[i];
                bool drop = false;
                lock (slot.Sync)
                {
                    if (slot.InUse && slot.Opened && slot.Connection.State == WebSocketState.Open)
                    {
                        if (!slot.CloseRequested)
                        {
                            slot.CloseRequested = true;
                            slot.CloseRequestCode = CloseStatus.GoingAway;
                            slot.CloseRequestReason = "server stopping";
                        }

                        TryRequestedClose(slot);
                    }
                    else if (slot.InUse && slot.Connection.State == WebSocketState.Connecting)
                    {
                        drop = true;
                    }
                }

                if (drop)
                {
                    Fail(slot, "server stopping");
                }
            }

            long deadline = _clock() + _connectionOptions.CloseTimeoutMs + 200;
            while (true)
            {
                long now = _clock();
                bool any = false;
                bool busy = false;
                for (int i = 0; i < _slots.Length; i++)
                {
                    busy |= ServiceSlot(_slots[i], now);
                    any |= _slots[i].InUse;
                }

                ServiceRejects(now);
                if (!any || now >= deadline)
                {
                    break;
                }

                if (!busy)
                {
                    Thread.Sleep(_options.PollIntervalMs);
                }
            }

            DropAll();
        }

        private void DropAll()
        {
            for (int i = 0; _slots != null && i < _slots.Length; i++)
            {
                if (_slots[i].InUse)
                {
                    Fail(_slots[i], "server stopped");
                }
            }

            for (int i = 0; _rejects != null && i < _rejects.Length; i++)
            {
                SocketIo.CloseQuietly(_rejects[i]);
                _rejects[i] = null;
            }
        }
    }
}
