using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NanoWs.Conformance
{
    /// <summary>What the peer sent, as the tester saw it.</summary>
    public sealed class WireEvent
    {
        /// <summary>"message", "ping", "pong" or "close".</summary>
        public string Kind;

        /// <summary>Text or binary for messages; the control opcode otherwise.</summary>
        public int Opcode;

        /// <summary>The message or control frame payload.</summary>
        public byte[] Payload;

        /// <summary>Frames the message arrived in.</summary>
        public int FrameCount;

        /// <summary>Milliseconds since the connection was made.</summary>
        public double AtMs;

        /// <summary>A short form: kind and payload (hex up to 16 bytes, else the length).</summary>
        public override string ToString()
        {
            string body = Payload.Length <= 16 ? Convert.ToHexString(Payload) : Payload.Length + " bytes";
            return Kind == "message" ? Frames.Name(Opcode) + "(" + body + ")" : Kind + "(" + body + ")";
        }
    }

    /// <summary>
    /// The tester's end of one TCP connection, in either role, plain (ws://) or through TLS
    /// (wss://, <see cref="WireTls"/>). Writes whatever bytes it is given;
    /// a reader thread parses what the peer sends into <see cref="WireEvent"/>s, notes every rule
    /// the peer breaks (RFC 6455 §5), answers pings, answers a close with a close, and records when
    /// the peer ends the TCP connection. Bytes go through a stream: the socket's own, or a TLS stream
    /// over it; a read that waits with a timeout stays outstanding when the time is up and is taken
    /// over by the next read, so a timed-out wait never breaks a TLS stream.
    /// </summary>
    public sealed class WireConnection : IDisposable
    {
        private const long MaxPayload = 64L << 20;

        private readonly Socket _socket;
        private readonly Stream _stream;
        private readonly object _writeGate = new object();
        private Task<int> _pendingRead;
        private int _readTimeoutMs = Timeout.Infinite;
        private readonly bool _weAreClient;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new object();
        private readonly List<WireEvent> _events = new List<WireEvent>();
        private readonly List<string> _violations = new List<string>();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private Thread _reader;
        private bool _localDrop;

        /// <summary>Wraps a connected socket; <paramref name="weAreClient"/> sets the tester's role.</summary>
        public WireConnection(Socket socket, bool weAreClient)
            : this(socket, new NetworkStream(socket, ownsSocket: true), weAreClient)
        {
        }

        /// <summary>
        /// Wraps a connected socket whose bytes go through <paramref name="stream"/> (a TLS stream over
        /// it, already authenticated); the socket is kept to end TCP.
        /// </summary>
        public WireConnection(Socket socket, Stream stream, bool weAreClient)
        {
            _socket = socket;
            _socket.NoDelay = true;
            _stream = stream;
            _weAreClient = weAreClient;
        }

        /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> in the client role, through TLS when <paramref name="tls"/> is given.</summary>
        public static WireConnection Connect(string host, int port, WireTls tls = null)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(host, port);
            if (tls == null)
            {
                return new WireConnection(socket, weAreClient: true);
            }

            socket.NoDelay = true;
            try
            {
                return new WireConnection(socket, tls.AuthenticateAsClient(socket, host), weAreClient: true);
            }
            catch
            {
                socket.Close();
                throw;
            }
        }

        /// <summary>Takes an accepted socket in the server role, through TLS when <paramref name="tls"/> is given.</summary>
        public static WireConnection Accept(Socket socket, WireTls tls = null)
        {
            if (tls == null)
            {
                return new WireConnection(socket, weAreClient: false);
            }

            socket.NoDelay = true;
            try
            {
                return new WireConnection(socket, tls.AuthenticateAsServer(socket), weAreClient: false);
            }
            catch
            {
                socket.Close();
                throw;
            }
        }

        /// <summary>Milliseconds since the connection was made.</summary>
        public double NowMs => _clock.Elapsed.TotalMilliseconds;

        /// <summary>True when the tester plays the client (it masks what it sends), false when it plays the server.</summary>
        public bool WeAreClient => _weAreClient;

        /// <summary>True once the tester sent a close frame.</summary>
        public bool CloseSent { get; private set; }

        /// <summary>When the tester's close frame went out; -1 before.</summary>
        public double CloseSentAtMs { get; private set; } = -1;

        /// <summary>True once the peer's close frame arrived.</summary>
        public bool CloseReceived { get; private set; }

        /// <summary>When the peer's close frame arrived; -1 before.</summary>
        public double CloseReceivedAtMs { get; private set; } = -1;

        /// <summary>The code in the peer's close frame; null when it had none (or none came).</summary>
        public int? RemoteCloseCode { get; private set; }

        /// <summary>The reason in the peer's close frame, decoded as UTF-8.</summary>
        public string RemoteCloseReason { get; private set; }

        /// <summary>Time the TCP connection ended (peer's FIN or reset, or our drop); -1 while open.</summary>
        public double TcpEndAtMs { get; private set; } = -1;

        /// <summary>True when the tester, not the peer, ended the TCP connection.</summary>
        public bool DroppedByTester => _localDrop;

        /// <summary>When true (server role), the tester ends TCP as soon as the close handshake completes.</summary>
        public bool DropAfterCloseHandshake { get; set; }

        /// <summary>True once the TCP connection ended, by either side.</summary>
        public bool TcpEnded => TcpEndAtMs >= 0;

        /// <summary>Everything the peer sent so far: messages, pings, pongs and its close.</summary>
        public List<WireEvent> Events
        {
            get { lock (_gate) { return new List<WireEvent>(_events); } }
        }

        /// <summary>Messages and pongs, in arrival order: what a case's expected behaviour is about.</summary>
        public List<WireEvent> DataEvents
        {
            get { lock (_gate) { return _events.FindAll(e => e.Kind == "message" || e.Kind == "pong"); } }
        }

        /// <summary>Every rule the peer broke in what it sent (RFC 6455 §5).</summary>
        public List<string> Violations
        {
            get { lock (_gate) { return new List<string>(_violations); } }
        }

        // ---- handshake ----

        /// <summary>Reads one HTTP head (through the empty line); null when the peer closed or nothing came in time.</summary>
        public string ReadHead(int timeoutMs)
        {
            var head = new StringBuilder();
            _readTimeoutMs = Patience.Ms(timeoutMs);
            try
            {
                while (head.Length < 256 * 1024)
                {
                    int b = ReadByte();
                    if (b < 0)
                    {
                        return null;
                    }

                    head.Append((char)b);
                    if (b == '\n' && head.Length >= 4 && head[head.Length - 2] == '\r' && head[head.Length - 3] == '\n' && head[head.Length - 4] == '\r')
                    {
                        return head.ToString();
                    }
                }

                return null;
            }
            finally
            {
                _readTimeoutMs = Timeout.Infinite;
            }
        }

        /// <summary>Waits up to <paramref name="timeoutMs"/> for the peer to end TCP without reading frames; true if it did.</summary>
        public bool WaitForEndOfStream(int timeoutMs)
        {
            _readTimeoutMs = Patience.Ms(timeoutMs);
            try
            {
                while (true)
                {
                    if (ReadByte() < 0)
                    {
                        return TcpEnded;
                    }
                }
            }
            finally
            {
                _readTimeoutMs = Timeout.Infinite;
            }
        }

        /// <summary>Starts parsing frames on a thread of its own (after the handshake).</summary>
        public void StartReader()
        {
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "conformance reader" };
            _reader.Start();
        }

        // ---- writing ----

        /// <summary>Writes bytes; false when the connection is gone. Nothing is written once the peer's close came, unless <paramref name="evenAfterClose"/>.</summary>
        public bool Write(byte[] data, bool evenAfterClose = false)
        {
            lock (_gate)
            {
                if (TcpEnded || (CloseReceived && !evenAfterClose))
                {
                    return false;
                }
            }

            try
            {
                if (_stream is NetworkStream)
                {
                    int sent = 0;
                    while (sent < data.Length)
                    {
                        sent += _socket.Send(data, sent, data.Length - sent, SocketFlags.None);
                    }

                    return true;
                }

                // A TLS stream takes one write at a time (the reader thread answers pings and closes).
                lock (_writeGate)
                {
                    _stream.Write(data, 0, data.Length);
                }

                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        /// <summary>Writes <paramref name="data"/> in TCP writes of <paramref name="chunk"/> bytes, pausing between them; stops when the peer closes.</summary>
        public bool WriteChunked(byte[] data, int chunk, int pauseMs = 0)
        {
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                if (!Write(Frames.Slice(data, offset, Math.Min(chunk, data.Length - offset))))
                {
                    return false;
                }

                if (pauseMs > 0 && offset + chunk < data.Length)
                {
                    Thread.Sleep(pauseMs);
                }
            }

            return true;
        }

        /// <summary>Sends one frame, masked in the client role; <paramref name="chunk"/> &gt; 0 tears it into TCP writes of that size.</summary>
        public bool SendFrame(int opcode, byte[] payload, bool fin = true, int rsv = 0, int chunk = 0, bool? mask = null)
        {
            byte[] frame = Frames.Build(opcode, payload, fin, rsv, mask ?? _weAreClient);
            return chunk > 0 ? WriteChunked(frame, chunk) : Write(frame);
        }

        /// <summary>Sends a close frame with this exact payload and remembers that the tester started (or answered) the close.</summary>
        public bool SendClose(byte[] payload)
        {
            lock (_gate)
            {
                if (CloseSent)
                {
                    return false;
                }

                CloseSent = true;
                CloseSentAtMs = NowMs;
            }

            bool ok = Write(Frames.Build(Frames.Close, payload, mask: _weAreClient), evenAfterClose: true);
            MaybeDropAfterHandshake();
            return ok;
        }

        /// <summary>Sends a close frame with <paramref name="code"/> and an optional reason.</summary>
        public bool SendClose(int code, string reason = null) => SendClose(Frames.ClosePayload(code, reason));

        /// <summary>Ends the TCP connection from the tester's side.</summary>
        public void Drop()
        {
            lock (_gate)
            {
                if (!TcpEnded)
                {
                    _localDrop = true;
                    TcpEndAtMs = NowMs;
                    Monitor.PulseAll(_gate);
                }
            }

            try
            {
                _socket.Close();
            }
            catch (SocketException)
            {
                // Already gone.
            }
        }

        /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="timeoutMs"/> passes; returns the condition.</summary>
        public bool WaitUntil(Func<bool> condition, int timeoutMs)
        {
            double end = NowMs + Patience.Ms(timeoutMs);
            lock (_gate)
            {
                while (!condition())
                {
                    double left = end - NowMs;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(left, 50)));
                }

                return true;
            }
        }

        /// <summary>Ends TCP and waits for the reader thread.</summary>
        public void Dispose()
        {
            Drop();
            _reader?.Join(2000);
        }

        // ---- reading ----

        private int ReadByte()
        {
            if (_start == _end && !Fill())
            {
                return -1;
            }

            return _buffer[_start++];
        }

        private bool ReadExact(byte[] target, int count)
        {
            int done = 0;
            while (done < count)
            {
                if (_start == _end && !Fill())
                {
                    return false;
                }

                int n = Math.Min(count - done, _end - _start);
                Buffer.BlockCopy(_buffer, _start, target, done, n);
                _start += n;
                done += n;
            }

            return true;
        }

        private bool Fill()
        {
            int n;
            try
            {
                if (_pendingRead == null && _readTimeoutMs == Timeout.Infinite)
                {
                    // The reader thread's reads: synchronous, as on a socket.
                    n = _stream.Read(_buffer, 0, _buffer.Length);
                }
                else
                {
                    // A read with a time limit: when the time is up the read stays outstanding,
                    // and the next Fill takes it over.
                    _pendingRead ??= _stream.ReadAsync(_buffer, 0, _buffer.Length);
                    if (!_pendingRead.Wait(_readTimeoutMs))
                    {
                        return false;
                    }

                    n = _pendingRead.Result;
                    _pendingRead = null;
                }
            }
            catch (AggregateException)
            {
                _pendingRead = null;
                n = 0;
            }
            catch (SocketException)
            {
                n = 0;
            }
            catch (IOException)
            {
                n = 0;
            }
            catch (ObjectDisposedException)
            {
                n = 0;
            }

            if (n == 0)
            {
                lock (_gate)
                {
                    if (!TcpEnded)
                    {
                        TcpEndAtMs = NowMs;
                    }

                    Monitor.PulseAll(_gate);
                }

                return false;
            }

            _start = 0;
            _end = n;
            return true;
        }

        private void Violation(string what)
        {
            lock (_gate)
            {
                _violations.Add(what);
            }
        }

        private void Add(WireEvent e)
        {
            lock (_gate)
            {
                e.AtMs = NowMs;
                _events.Add(e);
                Monitor.PulseAll(_gate);
            }
        }

        private void ReadLoop()
        {
            var header = new byte[8];
            var message = new System.IO.MemoryStream();
            int messageOpcode = -1;
            int messageFrames = 0;
            while (ReadExact(header, 2))
            {
                bool fin = (header[0] & 0x80) != 0;
                int rsv = (header[0] >> 4) & 7;
                int opcode = header[0] & 0x0F;
                bool masked = (header[1] & 0x80) != 0;
                long length = header[1] & 0x7F;
                if (length == 126)
                {
                    if (!ReadExact(header, 2)) break;
                    length = (header[0] << 8) | header[1];
                }
                else if (length == 127)
                {
                    if (!ReadExact(header, 8)) break;
                    length = 0;
                    for (int i = 0; i < 8; i++) length = (length << 8) | header[i];
                }

                var key = new byte[4];
                if (masked && !ReadExact(key, 4)) break;
                if (length < 0 || length > MaxPayload)
                {
                    Violation("frame of " + length + " bytes: more than the tester accepts");
                    break;
                }

                var payload = new byte[length];
                if (!ReadExact(payload, (int)length)) break;
                if (masked)
                {
                    for (int i = 0; i < payload.Length; i++) payload[i] ^= key[i & 3];
                }

                // RFC 6455 §5.1: a server never masks, a client always does.
                if (masked == _weAreClient)
                {
                    Violation((masked ? "masked" : "unmasked") + " " + Frames.Name(opcode) + " frame from the " + (_weAreClient ? "server" : "client"));
                }

                if (rsv != 0) Violation("RSV bits " + rsv + " set on a " + Frames.Name(opcode) + " frame");
                if (CloseReceived) Violation(Frames.Name(opcode) + " frame after the close frame");
                if (opcode >= 8 && (!fin || length > 125)) Violation("control frame fragmented or over 125 bytes");

                switch (opcode)
                {
                    case Frames.Text:
                    case Frames.Binary:
                        if (messageOpcode >= 0) Violation("new message started before the last one ended");
                        message.SetLength(0);
                        messageOpcode = opcode;
                        messageFrames = 0;
                        goto case Frames.Continuation;
                    case Frames.Continuation:
                        if (messageOpcode < 0)
                        {
                            Violation("continuation frame with no message started");
                            break;
                        }

                        message.Write(payload, 0, payload.Length);
                        messageFrames++;
                        if (fin)
                        {
                            Add(new WireEvent { Kind = "message", Opcode = messageOpcode, Payload = message.ToArray(), FrameCount = messageFrames });
                            messageOpcode = -1;
                        }

                        break;
                    case Frames.Ping:
                        Add(new WireEvent { Kind = "ping", Opcode = opcode, Payload = payload, FrameCount = 1 });
                        if (!CloseSent) Write(Frames.Build(Frames.Pong, payload, mask: _weAreClient));
                        break;
                    case Frames.Pong:
                        Add(new WireEvent { Kind = "pong", Opcode = opcode, Payload = payload, FrameCount = 1 });
                        break;
                    case Frames.Close:
                        OnClose(payload);
                        break;
                    default:
                        Violation("reserved opcode " + opcode);
                        break;
                }
            }

            lock (_gate)
            {
                if (!TcpEnded) TcpEndAtMs = NowMs;
                Monitor.PulseAll(_gate);
            }
        }

        private void OnClose(byte[] payload)
        {
            byte[] reply;
            lock (_gate)
            {
                if (CloseReceived) return;
                CloseReceived = true;
                CloseReceivedAtMs = NowMs;
                if (payload.Length >= 2)
                {
                    RemoteCloseCode = (payload[0] << 8) | payload[1];
                    RemoteCloseReason = Encoding.UTF8.GetString(payload, 2, payload.Length - 2);
                }
                else if (payload.Length == 1)
                {
                    Violation("close frame with a 1-byte payload");
                }

                // Answer with the same code (RFC 6455 §5.5.1), no reason.
                reply = payload.Length >= 2 ? Frames.Slice(payload, 0, 2) : Array.Empty<byte>();
            }

            Add(new WireEvent { Kind = "close", Opcode = Frames.Close, Payload = payload, FrameCount = 1 });
            if (!CloseSent)
            {
                SendClose(reply);
            }
            else
            {
                MaybeDropAfterHandshake();
            }
        }

        private void MaybeDropAfterHandshake()
        {
            // RFC 6455 §7.1.1: the server ends the TCP connection first, once both close frames passed.
            if (DropAfterCloseHandshake && CloseSent && CloseReceived)
            {
                Drop();
            }
        }
    }
}
