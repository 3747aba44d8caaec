using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The echo sample as its users run it: `dotnet EchoServer.dll` as a process, stopped with
    /// Ctrl+C (SIGINT), and `--connect URL` as a client process.
    /// </summary>
    public sealed class EchoSampleProcessTests
    {
        private const int MiB = 16;
        private readonly ITestOutputHelper _output;

        public EchoSampleProcessTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Echo_process_echoes_16_MiB_binary_and_text_from_node_ws_and_stops_with_1001_on_sigint()
        {
            // SIGINT back to its default action first (GNU env execs dotnet in the same process): a
            // test run started in the background by a non-interactive shell, as CI and stress runs
            // often are, has SIGINT ignored, every child inherits that, and .NET leaves an ignored
            // SIGINT ignored, so Ctrl+C would never reach the sample.
            using ChildProcess server = ChildProcess.Start("env", RepoPaths.Root, "--default-signal=INT", "dotnet", RepoPaths.SampleDll("EchoServer"), "--port", "0");
            int port = 0;
            while (port == 0)
            {
                Match m = Regex.Match(server.NextLine(), @"^listening on ws://127\.0\.0\.1:(\d+)/$");
                port = m.Success ? int.Parse(m.Groups[1].Value) : 0;
            }

            Assert.True((Convert.ToUInt64(server.Status("SigIgn"), 16) & 0x2) == 0, "SIGINT is ignored in the echo process");

            long peakBefore = server.StatusKb("VmHWM");
            using ChildProcess node = NodeWsInteropTests.StartNode("ws-big-echo.js", "ws://127.0.0.1:" + port + "/", MiB.ToString());
            node.NextEvent("open");
            var watch = Stopwatch.StartNew();

            // Each step builds 16 MiB in JavaScript (the text piece by piece) before the round trip:
            // seconds when idle, tens of seconds on a loaded machine. The bound is a hang guard.
            TimeSpan bigStep = TimeSpan.FromSeconds(120);
            JsonNode binary = node.NextEvent("echo", bigStep);
            JsonNode text = node.NextEvent("echo", bigStep);
            node.NextEvent("done");
            long totalMs = watch.ElapsedMilliseconds;
            long peakAfter = server.StatusKb("VmHWM");

            Assert.Equal("binary", (string)binary["type"]);
            Assert.Equal(MiB * 1024 * 1024, (int)binary["bytes"]);
            Assert.True((bool)binary["equal"], "the binary echo differs");
            Assert.Equal("text", (string)text["type"]);
            Assert.Equal(MiB * 1024 * 1024, (int)text["bytes"]);
            Assert.True((bool)text["equal"], "the text echo differs");
            _output.WriteLine("echo sample process, " + MiB + " MiB binary: " + (int)binary["ms"] + " ms, " + MiB + " MiB text: " + (int)text["ms"]
                + " ms (round trip through Node ws); server peak RSS (VmHWM) " + (peakBefore / 1024) + " MiB before, " + (peakAfter / 1024) + " MiB after; "
                + totalMs + " ms in all");

            // Ctrl+C: open connections get 1001 (going away), then the process ends with 0.
            server.Interrupt();
            JsonNode close;
            try
            {
                close = node.NextEvent("close");
            }
            catch (TimeoutException e)
            {
                string state = string.Join(", ", new[] { "State", "SigPnd", "ShdPnd", "SigBlk", "SigCgt" }.Select(f =>
                {
                    try
                    {
                        return f + " " + server.Status(f);
                    }
                    catch (Exception x)
                    {
                        return f + " ? (" + x.Message + ")";
                    }
                }));
                throw new TimeoutException(e.Message + "; echo process stderr: " + server.Stderr + "; its last line: " + server.TakeLastLine() + "; its status: " + state, e);
            }

            Assert.Equal(1001, (int)close["code"]);
            Assert.Equal("server stopping", (string)close["reason"]);
            Assert.True(node.WaitForExit(), "node did not exit");
            Assert.Equal(0, node.ExitCode);
            Assert.True(server.WaitForExit(), "the echo process did not stop on SIGINT");
            Assert.Equal(0, server.ExitCode);
            Assert.Equal("stopped", server.TakeLastLine());
            Assert.Equal(string.Empty, WithoutSlowPassReports(server.Stderr));
        }

        /// <summary>
        /// The sample's error output without the server's slow-pass diagnostics: those are measured
        /// on the wall clock, so a loaded machine that descheduled the poll thread mid-pass makes
        /// them appear whatever the sample does. Every other line is an error of the sample.
        /// </summary>
        private static string WithoutSlowPassReports(string stderr)
        {
            return string.Join("\n", stderr.Split('\n').Where(l => !l.Contains(": slow handler: a poll pass took ", StringComparison.Ordinal))).Trim();
        }

        [Fact]
        public void Echo_process_in_connect_mode_echoes_what_our_server_sends_and_exits_0_on_a_clean_close()
        {
            using var harness = new ServerHarness(echo: false, record: true).Start();
            using ChildProcess client = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("EchoServer"), "--connect", harness.WsUri("/echo?from=test").ToString());
            Assert.Equal("connected to " + harness.WsUri("/echo?from=test"), client.NextLine());
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);

            Assert.True(harness.Server.SendText(id, "h\u00e9llo \u20ac \U0001F600"));
            ServerMessage hello = harness.NextReceived();
            Assert.Equal(WebSocketMessageType.Text, hello.Type);
            Assert.Equal("h\u00e9llo \u20ac \U0001F600", Encoding.UTF8.GetString(hello.Data));

            // A message larger than any buffer, sent in fragments, comes back whole.
            byte[] big = ServerHarness.Pattern(300_000, 7);
            for (int offset = 0; offset < big.Length;)
            {
                int chunk = Math.Min(harness.Server.MaxFramePayload, big.Length - offset);
                bool last = offset + chunk == big.Length;
                int at = offset;
                ServerHarness.WaitUntil(() => harness.Server.SendFragment(id, WebSocketMessageType.Binary, big, at, chunk, last), "room to send");
                offset += chunk;
            }

            ServerMessage echo = harness.NextReceived();
            Assert.Equal(WebSocketMessageType.Binary, echo.Type);
            Assert.Equal(big, echo.Data);

            Assert.True(harness.Server.Close(id, 1000, "done"));
            Assert.Equal("closed 1000 clean (done)", client.NextLine());
            Assert.True(client.WaitForExit(), "the client process did not exit");
            Assert.Equal(0, client.ExitCode);
            Assert.Equal(new CloseRecord(id, 1000, string.Empty, true), harness.NextClose());
        }
    }
}
