using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoWs.SocketIo.Net.Tests
{
    /// <summary>
    /// samples/SocketIoNews as a user runs it (`dotnet SocketIoNews.dll`, the simulator), with
    /// Socket.IO's founding example in headless Chromium: the page the sample serves holds the
    /// example's browser code unchanged, the official client 4.8.1 comes from the test harness
    /// (tests/e2e/socketio-news.e2e.js), the page logs the news and the sample logs the client's
    /// "my other event"; the client upgrades from long-polling to WebSocket.
    /// </summary>
    public sealed class SocketIoNewsSampleTests
    {
        [Fact]
        public void Chromium_runs_the_founding_example_against_the_sample()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();

            // SIGINT back to its default action (see tests/NanoWs.Net.Tests/EchoSampleProcessTests.cs), so Ctrl+C stops it.
            using ChildProcess sample = ChildProcess.Start("env", RepoPaths.Root, "--default-signal=INT", "dotnet", RepoPaths.SampleDll("SocketIoNews"), "--port", "0");
            Match listening = Regex.Match(sample.NextLine(), @"^listening on (http://localhost:(\d+)/)$");
            Assert.True(listening.Success, "unexpected first line of the sample");
            string page = listening.Groups[1].Value;

            JsonObject result = WhatwgInterop.RunNode(e2eDir, TimeSpan.FromMinutes(2), Path.Combine(e2eDir, "socketio-news.e2e.js"),
                page, "https://cdn.socket.io/4.8.1/socket.io.min.js");

            // The page's console.log(data), and the sample's log of the event the page sent back.
            Assert.Equal(new[] { "{\"hello\":\"world\"}" }, result["console"].AsArray().Select(n => (string)n).ToArray());
            Assert.Equal("websocket", (string)result["transport"]);
            Assert.Equal("my other event {\"my\":\"data\"}", sample.NextLine());

            sample.Interrupt();
            Assert.Equal("stopped", sample.NextLine());
            Assert.True(sample.WaitForExit(), "the sample did not exit; stderr: " + sample.Stderr);
            Assert.Equal(0, sample.ExitCode);
        }
    }
}
