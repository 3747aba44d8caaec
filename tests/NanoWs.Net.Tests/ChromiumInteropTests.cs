using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// Headless Chromium's WebSocket against our echo server: tests/e2e/interop.e2e.js
    /// (playwright-core pinned by tests/e2e/package-lock.json, browser /usr/bin/chromium; `.ci/run`
    /// installs both) loads a page the server itself serves and runs the sessions of
    /// <see cref="WhatwgInterop"/> in it: text (ASCII, multi-byte UTF-8 with emoji), binary
    /// (ArrayBuffer), empty and 125/126/65535/65536-byte messages echoed byte for byte (the big ones
    /// come back fragmented, with keep-alive pings between frames), Chromium's permessage-deflate
    /// offer declined (<c>ws.extensions</c> empty), the server's preferred subprotocol selected,
    /// keep-alive pings answered, a server close (4000 + reason) seen by the page's onclose and a
    /// page close (4001 + reason) seen by the server. The onclose delay goes to the test output.
    /// </summary>
    public sealed class ChromiumInteropTests
    {
        private readonly ITestOutputHelper _output;

        public ChromiumInteropTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void ChromiumTalksToOurServer()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();

            using var interop = new WhatwgInterop();
            ServerHarness harness = interop.Harness;
            string spec = interop.WriteSpec(new JsonObject
            {
                ["page"] = harness.HttpUri(WhatwgInterop.PagePath).ToString(),
                ["url"] = harness.WsUri("/echo").ToString(),
                ["sessions"] = WhatwgInterop.Sessions(),
            });

            JsonObject result = WhatwgInterop.RunNode(e2eDir, TimeSpan.FromMinutes(2), Path.Combine(e2eDir, "interop.e2e.js"), spec);
            interop.AssertSessions(result["sessions"].AsArray());

            // Browser specifics: Chromium offered permessage-deflate (so declining it was tested) from
            // the page's origin, which is the server itself.
            var upgrades = interop.Upgrades.ToArray();
            Assert.Equal(2, upgrades.Length);
            Assert.All(upgrades, u => Assert.Contains("permessage-deflate", u["Sec-WebSocket-Extensions"] ?? ""));
            Assert.All(upgrades, u => Assert.Equal("http://127.0.0.1:" + harness.Port, u["Origin"]));

            _output.WriteLine("browser: " + (string)result["userAgent"]);
            _output.WriteLine("offered extensions: " + upgrades[0]["Sec-WebSocket-Extensions"]);
            _output.WriteLine("server close -> page onclose: " + (double)result["sessions"][0]["closeDelayMs"] + " ms (trigger's echo -> close event)");
            _output.WriteLine("server: Close() -> Closed event: " + Math.Round(interop.ServerCloseMs, 2) + " ms");
        }
    }
}
