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
                    if (slot.InUse && slot.Driver.HasPendingOutput)
                    {
                        socket = slot.Driver.Socket;
                        mode = SelectMode.SelectWrite;
                    }
                }

                if (socket == null)
                {
                    ConnectionSlot last = _lastActiveSlot;
                    socket = last != null && last.InUse && !last.Driver.Held && !WaitsOnTls(last) ? last.Driver.Socket : null;
                }

                if (socket == null && _acceptSkip > 0)
                {
                    // Accepting is backing off: the listener stays readable (the connection it
                    // could not take is still queued), so waiting on it would not wait at all.
                    for (int i = 0; i < _slots.Length && socket == null; i++)
                    {
                        ConnectionDriver d = _slots[i].Driver;
                        if (d.InUse && !d.Held && !WaitsOnTls(_slots[i]))
                        {
                            socket = d.Socket;
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

            TlsChannel tls;
            try
            {
                tls = CreateTls(socket);
            }
            catch (Exception)
            {
                // The socket is ours now: never leave it open behind an error.
                SocketIo.CloseQuietly(socket);
                throw;
            }

            lock (free.Sync)
            {
                free.Occupy(socket, tls, NextId(free.Index), now, ++_acceptCount, peer);
            }

            return true;
        }

        /// <summary>Runs one round for a slot; returns true when anything happened.</summary>
        private bool ServiceSlot(ConnectionSlot slot, long now)
        {
            ConnectionDriver d = slot.Driver;
            if (!d.InUse)
            {
                return false;
            }

            bool progress = false;
            try
            {
                if (d.Tls != null && d.Tls.Handshaking)
                {
                    return ServiceTlsHandshake(slot, now);
                }

                bool sent = d.Flush(now, _sendScratch);
                progress = sent;
                if (d.Resume(sent))
                {
                    DeliverMessage(slot);
                    progress = true;
                }

                if (!d.Held)
                {
                    progress |= ProcessEvents(slot);
                    if (!d.Held && d.InUse && d.Receive() != 0)
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

                d.TryRequestedClose();
                progress |= d.Flush(now, _sendScratch);
                string stalled = d.CheckStall(now, _options.SendStallTimeoutMs, true);
                if (stalled != null)
                {
                    RaiseError(d.Id, stalled);
                }

                if (d.ShouldRelease)
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

        /// <summary>Runs the connection's timers and reports one that expired.</summary>
        private void Tick(ConnectionSlot slot, long now)
        {
            string message;
            if (slot.Driver.Tick(now, out message))
            {
                RaiseError(slot.Id, message);
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
                ConnectionDriver d = slot.Driver;
                SocketIo.CloseQuietly(d.Socket);
                id = d.Id;

                // A WebSocket accepted by a PathHandler is reported to the handler, not the app.
                opened = d.Opened && slot.Hook != PathExchange.StateLinked;
                code = d.Outcome(out reason, out clean);
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
            int id = slot.Id;
            slot.Driver.Abort();
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
                    if (!slot.Driver.RequestClose(slot.Id, CloseStatus.GoingAway, "server stopping"))
                    {
                        drop = slot.InUse && slot.Driver.Connection.State == WebSocketState.Connecting;
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
