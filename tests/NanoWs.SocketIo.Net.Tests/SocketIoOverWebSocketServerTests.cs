using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using NanoWs.Net;
using NanoWs.SocketIo;
using Xunit;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// The official socket.io-client 4.8.1 (Node, tests/interop/socketio-client.js) against
    /// NanoWs.SocketIo served by our own <see cref="WebSocketServer"/> through
    /// <see cref="SocketIoEndpoint"/>, as on a board: the founding example with acknowledgements
    /// and binary attachments both ways over the client's default transports (long-polling, then
    /// the upgrade), WebSocket only and long-polling only; namespaces with authentication; rooms;
    /// a reconnect after the server restarts on the same port. Every step waits on the client's lines.
    /// </summary>
    public sealed class SocketIoOverWebSocketServerTests
    {
        private static readonly string InteropDir = Path.Combine(RepoPaths.Root, "tests", "interop");

        private readonly BlockingCollection<string> _device = new BlockingCollection<string>();

        [Theory]
        [InlineData("")]
        [InlineData("websocket")]
        [InlineData("polling")]
        public void The_founding_example_with_acks_and_binary_both_ways(string transports)
        {
            using var host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device));
            var lines = SocketIoClientInteropTests.RunClient(host.Url, "news", transports, null);

            // The handshake went over the first of the client's transports: polling by default.
            Assert.StartsWith("connected ", lines[0]);
            Assert.EndsWith(" opened over " + (transports == "websocket" ? "websocket" : "polling"), lines[0]);
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
                WithoutTransportLines(lines));
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
                SocketIoClientInteropTests.Drain(_device, 6));
            AssertNoServerErrors(host);
        }

        [Fact]
        public void A_namespace_with_auth_accepts_the_right_token_and_refuses_others()
        {
            using var host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device));
            Assert.Equal(new[] { "welcome {\"admin\":true}", "transport websocket", "disconnect io client disconnect", "done" },
                WithoutTransportLines(SocketIoClientInteropTests.RunClient(host.Url, "admin", null, "secret")));
            Assert.Equal(new[] { "connect_error \"not authorized\"", "done" }, SocketIoClientInteropTests.RunClient(host.Url, "admin", null, "wrong"));
            Assert.Equal(new[] { "connect_error \"Invalid namespace\"", "done" }, SocketIoClientInteropTests.RunClient(host.Url, "unknown", null, null));
        }

        [Fact]
        public void Rooms_reach_their_members()
        {
            using var host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device));
            Assert.Equal(new[] { "joined", "temp 21.5", "transport websocket", "disconnect io client disconnect", "done" },
                WithoutTransportLines(SocketIoClientInteropTests.RunClient(host.Url, "rooms", null, null)));
        }

        [Fact]
        public void The_client_reconnects_after_the_server_restarts_on_the_same_port()
        {
            var host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device));
            int port = host.Port;
            using ChildProcess node = ChildProcess.Start("node", InteropDir, "socketio-client.js", host.Url, "reconnect", "-", "-");
            try
            {
                Assert.Equal("news 1 {\"hello\":\"world\"}", NextLineLike(node, "news "));
                Assert.Equal(new[] { "connection /", "my other event {\"my\":\"data\"}" }, SocketIoClientInteropTests.Drain(_device, 2));

                // The server goes away: the client sees its transport end.
                host.Dispose();
                Assert.StartsWith("disconnect transport ", NextLineLike(node, "disconnect "));

                // The same port again: the client finds the new server on its own.
                host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, _device), port);
                Assert.Equal("reconnected", NextLineLike(node, "reconnected"));
                Assert.Equal("news 2 {\"hello\":\"world\"}", NextLineLike(node, "news "));
                Assert.Equal("done", NextLineLike(node, "done"));
                Assert.True(node.WaitForExit(), "the client did not exit; stderr: " + node.Stderr);
                Assert.Equal(0, node.ExitCode);
                Assert.Equal(
                    new[] { "connection /", "my other event {\"my\":\"data\"}", "disconnect client namespace disconnect" },
                    SocketIoClientInteropTests.Drain(_device, 3));
            }
            finally
            {
                host.Dispose();
            }
        }

        /// <summary>The client's lines without the ones that depend on how fast the transport settled.</summary>
        private static List<string> WithoutTransportLines(List<string> lines)
            => lines.FindAll(l => !l.StartsWith("connected ", StringComparison.Ordinal) && !l.StartsWith("upgraded ", StringComparison.Ordinal));

        /// <summary>The client's next line starting with <paramref name="prefix"/>, skipping others (an error line fails).</summary>
        private static string NextLineLike(ChildProcess node, string prefix)
        {
            var skipped = new List<string>();
            while (true)
            {
                string line;
                try
                {
                    line = node.NextLine();
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException("no line '" + prefix + "…' after: " + string.Join(" | ", skipped) + "; stderr: " + node.Stderr, e);
                }

                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                Assert.False(line.StartsWith("error", StringComparison.Ordinal), line);
                skipped.Add(line);
            }
        }

        internal static void AssertNoServerErrors(NanoWsSocketIoHost host)
        {
            Assert.Empty(host.Errors);
        }
    }
}
