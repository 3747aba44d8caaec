using System;
using System.Text;

namespace NanoWs.Fuzz
{
    /// <summary>A fuzz finding: an exception escaped the core, a loop did not end, or an invariant broke.</summary>
    public sealed class FuzzCrashException : Exception
    {
        /// <summary>Creates a finding with <paramref name="message"/>.</summary>
        public FuzzCrashException(string message, Exception inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>
    /// The fuzz targets. Each takes the raw fuzzer input and either returns (the input was handled
    /// correctly, whatever it was) or throws: <see cref="FuzzCrashException"/> for a broken
    /// invariant, or any exception that escaped <c>Feed</c>/<c>Next</c>/<c>Tick</c>/<c>ConsumeSent</c>
    /// (peer input must never throw; see DESIGN.md). The same code runs under AFL++ (instrumented,
    /// through Program) and under xUnit (tests/fuzz/NanoWs.Fuzz.Tests replays seeds and regressions).
    /// </summary>
    public static class FuzzTargets
    {
        /// <summary>Inputs longer than this are cut: the harness stays fast and loops stay bounded.</summary>
        public const int MaxInput = 16 * 1024;

        /// <summary>Every target name, as used in tests/fuzz/seeds/&lt;target&gt;/ and on the command line.</summary>
        public static readonly string[] Names =
        {
            "server-handshake", "client-handshake", "frames-server", "frames-client", "utf8",
        };

        /// <summary>The short upgrade request that opens a server connection before frame fuzzing.</summary>
        public const string FramePrefixRequest =
            "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

        /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>.</summary>
        public static void Run(string target, byte[] input)
        {
            if (input.Length > MaxInput)
            {
                Array.Resize(ref input, MaxInput);
            }

            switch (target)
            {
                case "server-handshake":
                    ServerHandshake(input);
                    break;
                case "client-handshake":
                    ClientHandshake(input);
                    break;
                case "frames-server":
                    Frames(input, true);
                    break;
                case "frames-client":
                    Frames(input, false);
                    break;
                case "utf8":
                    Utf8Differential.Run(input);
                    break;
                default:
                    throw new ArgumentException("unknown fuzz target '" + target + "'; known: " + string.Join(", ", Names));
            }
        }

        /// <summary>
        /// Server handshake: the whole input is what a client sent (request head, then frames if the
        /// upgrade is accepted). Chunking is picked from the input length. Runs twice on one connection,
        /// the second time after <see cref="WebSocketConnection.Reset"/>: both runs must match exactly.
        /// </summary>
        private static void ServerHandshake(byte[] input)
        {
            var options = new WebSocketOptions
            {
                ReceiveBufferSize = 512,
                SendBufferSize = 512,
                MaxHeaders = 8,
                Subprotocols = new[] { "chat", "superchat" },
            };

            var driver = new Driver(WebSocketConnection.CreateServer(options), null, HarnessConfig.ForHandshake(input.Length));
            driver.RunTwice(input, 0, input.Length, false);
        }

        /// <summary>
        /// Client handshake: the client sends its request (fixed random source, so a fixed key and
        /// Sec-WebSocket-Accept), and the whole input is the server's answer (response head, then frames).
        /// </summary>
        private static void ClientHandshake(byte[] input)
        {
            var random = new FixedRandom();
            var options = new WebSocketOptions
            {
                ReceiveBufferSize = 512,
                SendBufferSize = 512,
                MaxHeaders = 8,
                Subprotocols = new[] { "chat", "superchat" },
                Random = random,
            };

            var driver = new Driver(WebSocketConnection.CreateClient(options), random, HarnessConfig.ForHandshake(input.Length));
            driver.RunTwice(input, 0, input.Length, false);
        }

        /// <summary>
        /// Frame decoder: a valid handshake opens the connection, then <c>input[1..]</c> are frames
        /// from the peer. <c>input[0]</c> picks options, chunking and application behaviour
        /// (<see cref="HarnessConfig.FromByte"/>). An empty input is a connection that opens and
        /// receives nothing: it still runs the library, so afl's first run always sees coverage
        /// (SharpFuzz's out-of-process child may read its first input before afl has written it).
        /// </summary>
        private static void Frames(byte[] input, bool server)
        {
            HarnessConfig config = HarnessConfig.FromByte(input.Length > 0 ? input[0] : (byte)0);
            var random = new FixedRandom();
            WebSocketOptions options = config.BuildOptions(server, random);
            WebSocketConnection c = server ? WebSocketConnection.CreateServer(options) : WebSocketConnection.CreateClient(options);
            var driver = new Driver(c, random, config);
            int frames = input.Length > 0 ? 1 : 0;
            driver.RunTwice(input, frames, input.Length - frames, true);
        }

        /// <summary>The 101 response a client opened by the harness accepts (its key comes from <see cref="FixedRandom"/>).</summary>
        public static byte[] ClientAcceptResponse(string extraHeaders)
        {
            return Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + FixedRandom.ExpectedAccept + "\r\n" + (extraHeaders ?? string.Empty) + "\r\n");
        }
    }

    /// <summary>
    /// How the driver feeds input and plays the application, decoded from one byte for the frame
    /// targets. Bits: 0 reassemble messages; 1–2 MaxMessageSize (unlimited/125, 64, 300, 4096);
    /// 3 small buffers; 4–5 chunking pattern; 6 slow sender (send buffer drained 7 bytes at a time);
    /// 7 active application (echoes whole messages, closes after two, keep-alive pings every 2 ms).
    /// </summary>
    public sealed class HarnessConfig
    {
        private static readonly int[][] Patterns =
        {
            new[] { int.MaxValue },
            new[] { 1 },
            new[] { 1, 3, 2, 7, 13, 64, 5, 128 },
            new[] { 5, 11, 2, 30, 1, 200, 3 },
        };

        /// <summary>Reassembly on.</summary>
        public bool Reassemble;

        /// <summary>MaxMessageSize.</summary>
        public int MaxMessageSize = 4096;

        /// <summary>Receive buffer just large enough for the handshake, 256-byte send buffer.</summary>
        public bool SmallBuffers;

        /// <summary>Index into the chunk patterns.</summary>
        public int Pattern;

        /// <summary>Drain the send buffer a few bytes at a time.</summary>
        public bool SlowSender;

        /// <summary>Echo, close and ping like a busy application.</summary>
        public bool ActiveApp;

        /// <summary>Decodes the frame targets' option byte.</summary>
        public static HarnessConfig FromByte(byte b)
        {
            var c = new HarnessConfig
            {
                Reassemble = (b & 1) != 0,
                SmallBuffers = (b & 8) != 0,
                Pattern = (b >> 4) & 3,
                SlowSender = (b & 0x40) != 0,
                ActiveApp = (b & 0x80) != 0,
            };
            int[] sizes = { 0, 64, 300, 4096 };
            c.MaxMessageSize = sizes[(b >> 1) & 3];
            if (c.MaxMessageSize == 0 && c.Reassemble)
            {
                c.MaxMessageSize = 125;
            }

            return c;
        }

        /// <summary>Handshake targets: default behaviour, chunking picked by the input length.</summary>
        public static HarnessConfig ForHandshake(int length)
        {
            return new HarnessConfig { Pattern = length % Patterns.Length, SlowSender = length % 3 == 1 };
        }

        /// <summary>Size of chunk number <paramref name="index"/>.</summary>
        public int ChunkSize(int index)
        {
            int[] p = Patterns[Pattern];
            return p[index % p.Length];
        }

        /// <summary>Connection options for the frame targets.</summary>
        public WebSocketOptions BuildOptions(bool server, IRandomSource random)
        {
            var o = new WebSocketOptions
            {
                ReassembleMessages = Reassemble,
                MaxMessageSize = MaxMessageSize,
                Random = random,
                HandshakeTimeoutMs = 0,
            };
            if (SmallBuffers)
            {
                o.ReceiveBufferSize = server
                    ? FuzzTargets.FramePrefixRequest.Length
                    : FuzzTargets.ClientAcceptResponse(null).Length;
                o.SendBufferSize = WebSocketOptions.MinSendBufferSize;
            }

            if (ActiveApp)
            {
                o.PingIntervalMs = 2;
                o.PongTimeoutMs = 40;
                o.CloseTimeoutMs = 30;
            }

            return o;
        }
    }

    /// <summary>Deterministic random source (xorshift32) so client keys, accept values and masks repeat.</summary>
    public sealed class FixedRandom : IRandomSource
    {
        private uint _state;

        /// <summary>Starts at the fixed seed.</summary>
        public FixedRandom()
        {
            Reset();
        }

        /// <summary>Sec-WebSocket-Accept for the key the first 16 random bytes make.</summary>
        public static string ExpectedAccept
        {
            get
            {
                var r = new FixedRandom();
                byte[] nonce = new byte[16];
                r.Fill(nonce, 0, 16);
                return AcceptKey.Compute(Convert.ToBase64String(nonce));
            }
        }

        /// <summary>Back to the fixed seed.</summary>
        public void Reset()
        {
            _state = 0x9E3779B9u;
        }

        /// <inheritdoc/>
        public void Fill(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                uint x = _state;
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                _state = x;
                buffer[offset + i] = (byte)x;
            }
        }
    }
}
