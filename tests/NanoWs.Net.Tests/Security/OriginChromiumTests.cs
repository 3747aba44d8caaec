using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// Cross-site WebSocket hijacking, tried by a real browser: headless Chromium loads a page from
    /// another origin (another server on another port) whose script opens the device's WebSocket —
    /// refused, the page sees the connection fail (1006) and no message — then the same page served
    /// by the device itself, which connects and gets its echo. Driven by tests/e2e/probe.e2e.js.
    /// </summary>
    public sealed class OriginChromiumTests
    {
        private static readonly byte[] Page = Encoding.ASCII.GetBytes("<!doctype html><title>probe</title><p>probe</p>\n");

        [Fact]
        public void PageFromAnotherOriginIsRefusedAndTheDevicesOwnPageConnects()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();

            using var device = new ServerHarness();
            device.Server.AddRoute("/probe.html", "text/html", Page, false, null);
            device.Start();
            using var other = new ServerHarness();
            other.Server.AddRoute("/probe.html", "text/html", Page, false, null);
            other.Start();

            string ws = device.WsUri("/").ToString();
            var probes = new JsonArray
            {
                new JsonObject { ["page"] = other.HttpUri("/probe.html").ToString(), ["ws"] = ws },
                new JsonObject { ["page"] = device.HttpUri("/probe.html").ToString(), ["ws"] = ws },
            };
            JsonObject result = WhatwgInterop.RunNode(e2eDir, TimeSpan.FromMinutes(2), Path.Combine(e2eDir, "probe.e2e.js"), probes.ToJsonString());
            JsonArray results = result["results"].AsArray();

            JsonNode foreign = results[0];
            Assert.Equal("http://127.0.0.1:" + other.Port, (string)foreign["origin"]);
            Assert.False((bool)foreign["opened"]);
            Assert.Null((string)foreign["message"]);
            Assert.Equal(1006, (int)foreign["code"]);
            Assert.Contains(device.Errors, e => e.EndsWith("upgrade refused with 403: origin not allowed"));

            JsonNode own = results[1];
            Assert.True((bool)own["opened"]);
            Assert.Equal("probe", (string)own["message"]);
            Assert.Single(device.OpenedIds);
        }
    }
}
