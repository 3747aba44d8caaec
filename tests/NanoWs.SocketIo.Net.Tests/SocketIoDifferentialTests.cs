using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NanoWs.Net;
using NanoWs.SocketIo;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// A differential run (tests/interop/socketio-diff.js): one scripted session of raw Engine.IO
    /// and Socket.IO packets, over long-polling and then the WebSocket upgrade, against the
    /// reference server (socket.io 4.8.1 from npm, the same application) and against ours on
    /// <see cref="WebSocketServer"/>. The packets each sends, with ids normalised, must be the same.
    /// </summary>
    public sealed class SocketIoDifferentialTests
    {
        private readonly ITestOutputHelper _output;

        public SocketIoDifferentialTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Our_server_sends_the_packets_the_reference_server_sends()
        {
            var device = new BlockingCollection<string>();
            using var host = new NanoWsSocketIoHost(new SocketIoOptions(), io => SocketIoClientInteropTests.DeviceApp(io, device));
            string interop = Path.Combine(RepoPaths.Root, "tests", "interop");
            JsonObject result = WhatwgInterop.RunNode(interop, TimeSpan.FromMinutes(1), "socketio-diff.js", host.Url);
            string[] reference = result["reference"].AsArray().Select(n => (string)n).ToArray();
            string[] ours = result["ours"].AsArray().Select(n => (string)n).ToArray();
            foreach (string line in reference)
            {
                _output.WriteLine("reference: " + line);
            }

            foreach (string line in ours)
            {
                _output.WriteLine("ours:      " + line);
            }

            Assert.Equal(reference, ours);
        }
    }
}
