using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using NanoWs.SocketIo;
using Xunit;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// The official socket.io-client (tests/interop, pinned 4.8.1, run by Node) against the
    /// NanoWs.SocketIo library served by <see cref="KestrelSocketIoHost"/>: the founding example
    /// (news on connection, "my other event" back), acknowledgements both ways and binary
    /// attachments both ways, with the client's default transports (long-polling, then the
    /// WebSocket upgrade), WebSocket only and long-polling only; namespaces with authentication;
    /// rooms. Every step waits for the client's output lines (tests/interop/socketio-client.js).
    /// </summary>
    public sealed class SocketIoClientInteropTests
    {
        private static readonly string InteropDir = Path.Combine(RepoPaths.Root, "tests", "interop");

        /// <summary>What the device's application saw, in order.</summary>
        private readonly BlockingCollection<string> _device = new BlockingCollection<string>();

        [Theory]
        [InlineData("")]
        [InlineData("websocket")]
        [InlineData("polling")]
        public void The_founding_example_with_acks_and_binary_both_ways(string transports)
        {
            using var host = new KestrelSocketIoHost(new SocketIoOptions(), NewsApp);
            var lines = RunClient(host, "news", transports, null);

            Assert.StartsWith("connected ", lines[0]);
            Assert.Equal(
                new[]
                {
                    "news {\"hello\":\"world\"}",
                    "question 41",
                    "file 010203ff",
                    "ack [\"got it\",\"world\"]",
                    "uploaded 4",
                    "transport " + (transports == "polling" ? "polling" : "websocket"),
                    "disconnect io client disconnect",
                    "done",
                },
                lines.FindAll(l => !l.StartsWith("connected ", StringComparison.Ordinal) && !l.StartsWith("upgraded ", StringComparison.Ordinal)));
            if (transports == "websocket")
            {
                Assert.StartsWith("connected websocket ", lines[0]);
            }

            Assert.Equal(
                new[]
                {
                    "connection /",
                    "my other event {\"my\":\"data\"}",
                    "question acked \"answer\",42",
                    "hello \"world\"",
                    "upload 1 4",
                    "disconnect client namespace disconnect",
                },
                Drain(6));
        }

        [Fact]
        public void A_namespace_with_auth_accepts_the_right_token_and_refuses_others()
        {
            using var host = new KestrelSocketIoHost(new SocketIoOptions(), NewsApp);
            Assert.Equal(new[] { "welcome {\"admin\":true}", "transport websocket", "disconnect io client disconnect", "done" },
                RunClient(host, "admin", null, "secret").FindAll(l => !l.StartsWith("connected ", StringComparison.Ordinal) && !l.StartsWith("upgraded ", StringComparison.Ordinal)));
            Assert.Equal(new[] { "connect_error \"not authorized\"", "done" }, RunClient(host, "admin", null, "wrong"));
            Assert.Equal(new[] { "connect_error \"Invalid namespace\"", "done" }, RunClient(host, "unknown", null, null));
        }

        [Fact]
        public void Rooms_reach_their_members()
        {
            using var host = new KestrelSocketIoHost(new SocketIoOptions(), NewsApp);
            Assert.Equal(new[] { "joined", "temp 21.5", "transport websocket", "disconnect io client disconnect", "done" },
                RunClient(host, "rooms", null, null).FindAll(l => !l.StartsWith("connected ", StringComparison.Ordinal) && !l.StartsWith("upgraded ", StringComparison.Ordinal)));
        }

        private void NewsApp(SocketIoServer io) => DeviceApp(io, _device);

        /// <summary>The device side: the founding example, acks, binary, a room and an authenticated namespace.</summary>
        internal static void DeviceApp(SocketIoServer io, BlockingCollection<string> _device)
        {
            io.OnConnection(socket =>
            {
                _device.Add("connection " + socket.Namespace);
                socket.Emit("news", "{\"hello\":\"world\"}");
                socket.On("my other event", (s, m) =>
                {
                    _device.Add("my other event " + m.GetArgsString());
                    s.Emit("question", "41", (s2, answer) =>
                    {
                        _device.Add("question acked " + answer.GetArgsString());
                        s2.EmitBinary("file", new byte[] { 1, 2, 3, 255 }, 0, 4);
                    });
                });
                socket.On("hello", (s, m) =>
                {
                    _device.Add("hello " + m.GetArgsString());
                    s.Ack(m.AckId, "\"got it\"," + m.GetArgsString());
                });
                socket.On("upload", (s, m) =>
                {
                    _device.Add("upload " + m.AttachmentCount + " " + m.GetAttachmentCount(0));
                    s.Ack(m.AckId, m.GetAttachmentCount(0).ToString());
                });
                socket.On("join", (s, m) =>
                {
                    s.Join("kitchen");
                    s.Ack(m.AckId, null);
                    io.To("kitchen").Emit("temp", "21.5");
                });
                socket.OnDisconnect((s, reason) => _device.Add("disconnect " + reason));
            });
            SocketIoNamespace admin = io.Of("/admin");
            admin.Use((s, auth) => auth.GetArgString(0) == "{\"token\":\"secret\"}" ? null : "not authorized");
            admin.OnConnection(s => s.Emit("welcome", "{\"admin\":true}"));
        }

        private static List<string> RunClient(KestrelSocketIoHost host, string scenario, string transports, string token)
            => RunClient(host.Url, scenario, transports, token);

        /// <summary>Runs tests/interop/socketio-client.js against <paramref name="url"/> and returns its lines up to "done".</summary>
        internal static List<string> RunClient(string url, string scenario, string transports, string token)
        {
            using ChildProcess node = ChildProcess.Start("node", InteropDir, "socketio-client.js", url, scenario,
                string.IsNullOrEmpty(transports) ? "-" : transports, token ?? "-");
            var lines = new List<string>();
            while (true)
            {
                string line;
                try
                {
                    line = node.NextLine();
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException("the client stopped after: " + string.Join(" | ", lines), e);
                }

                lines.Add(line);
                if (line == "done" || line.StartsWith("error", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.True(node.WaitForExit(), "the client did not exit; stderr: " + node.Stderr);
            Assert.Equal(0, node.ExitCode);
            return lines;
        }

        private List<string> Drain(int count) => Drain(_device, count);

        internal static List<string> Drain(BlockingCollection<string> _device, int count)
        {
            var got = new List<string>();
            for (int i = 0; i < count; i++)
            {
                Assert.True(_device.TryTake(out string line, ServerHarness.Patience), "device saw only: " + string.Join(" | ", got));
                got.Add(line);
            }

            return got;
        }
    }
}
