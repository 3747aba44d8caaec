using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// Node's built-in WebSocket (undici's WHATWG client; Node 20 needs --experimental-websocket)
    /// against our echo server: tests/interop/builtin-client.js runs the sessions of
    /// <see cref="WhatwgInterop"/> (the same as Chromium's): text, binary, empty and length-edge
    /// messages echoed byte for byte, subprotocol selection, no extension, keep-alive pings
    /// answered, and a close from each side with its code and reason. Needs only `node` on PATH.
    /// </summary>
    public sealed class NodeBuiltinWebSocketTests
    {
        private readonly ITestOutputHelper _output;

        public NodeBuiltinWebSocketTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void NodeBuiltinWebSocketTalksToOurServer()
        {
            string interopDir = Path.Combine(RepoPaths.Root, "tests", "interop");
            using var interop = new WhatwgInterop();
            string spec = interop.WriteSpec(new JsonObject
            {
                ["url"] = interop.Harness.WsUri("/echo").ToString(),
                ["sessions"] = WhatwgInterop.Sessions(),
            });

            JsonObject result = WhatwgInterop.RunNode(interopDir, TimeSpan.FromMinutes(1),
                "--experimental-websocket", Path.Combine(interopDir, "builtin-client.js"), spec);
            interop.AssertSessions(result["sessions"].AsArray());

            var upgrades = interop.Upgrades.ToArray();
            _output.WriteLine("node " + (string)result["node"] + ", undici " + (string)result["undici"]);
            _output.WriteLine("offered extensions: " + (upgrades[0]["Sec-WebSocket-Extensions"] ?? "(none)"));
            _output.WriteLine("server close -> onclose: " + (double)result["sessions"][0]["closeDelayMs"] + " ms (trigger's echo -> close event)");
            _output.WriteLine("server: Close() -> Closed event: " + Math.Round(interop.ServerCloseMs, 2) + " ms");
        }
    }
}
