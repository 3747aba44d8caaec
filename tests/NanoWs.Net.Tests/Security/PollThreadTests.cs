using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// The poll thread never waits on one connection: a failed accept backs off accepting only
    /// (counted in passes), and a slow handler is reported. Assertions count events and passes,
    /// never time.
    /// </summary>
    public sealed class PollThreadTests
    {
        private readonly ITestOutputHelper _output;

        public PollThreadTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>
        /// The dashboard simulator as a child process under <c>ulimit -n 96</c> (the runtime and the
        /// assemblies it loads at start hold about 75 of those): a tab connects, then idle connections pile up until accepting fails for
        /// want of file descriptors. The tab then sends 200 commands, each answered before the next
        /// is sent. Every pass of the old loop tried to accept, failed and slept, so every command
        /// cost at least one failure; now accepting backs off (1, 2, 4 … 256 passes) while the
        /// connections are served, so the failures during the commands are a few.
        /// </summary>
        [Fact]
        public async Task FailedAcceptsDoNotHoldUpAnOpenTab()
        {
            const int Commands = 200;
            using var device = ChildProcess.Start("bash", RepoPaths.Root, "-c",
                "ulimit -n 96 && exec dotnet \"$0\" --port 0 --max-tabs 64 --state-file none", RepoPaths.SampleDll("SensorDashboard"));
            int port = 0;
            while (port == 0)
            {
                Match m = Regex.Match(device.NextLine(), @"http://127\.0\.0\.1:(\d+)/");
                if (m.Success)
                {
                    port = int.Parse(m.Groups[1].Value);
                }
            }

            using ClientWebSocket tab = await ServerHarness.ConnectAsync(new Uri("ws://127.0.0.1:" + port + "/ws"));
            Assert.Equal("hello", (await ReceiveJson(tab)).GetProperty("t").GetString());

            // Every code path a command takes runs once before the descriptors run out: the runtime
            // loads some assemblies lazily, and cannot once none is left.
            for (int i = 1; i <= 3; i++)
            {
                await Command(tab, -i, 100 - i);
            }

            int Failures() => Regex.Matches(device.Stderr, "accept failed: ").Count;
            var idle = new List<Socket>();
            try
            {
                // Idle connections until the server reports that accepting failed (the kernel
                // completes the TCP handshakes; the listen backlog holds what is not accepted).
                while (Failures() == 0)
                {
                    Assert.True(idle.Count < 200, "accept never failed; stderr: " + device.Stderr);
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    idle.Add(socket);
                    try
                    {
                        await socket.ConnectAsync("127.0.0.1", port).WaitAsync(ServerHarness.Patience);
                    }
                    catch (TimeoutException)
                    {
                        throw new TimeoutException("connection " + idle.Count + " was never accepted; device stderr: " + device.Stderr + "; stdout so far: " + device.NextLine());
                    }
                    if (Failures() == 0)
                    {
                        // Let the server take it (or fail to) before the next one: wait for the tab's next message.
                        await ReceiveJson(tab);
                    }
                }

                int before = Failures();
                for (int i = 1; i <= Commands; i++)
                {
                    await Command(tab, i, i % 100);
                }

                int during = Failures() - before;
                _output.WriteLine(idle.Count + " idle connections; " + before + " accept failures before the commands, " + during + " during " + Commands + " commands");
                Assert.True(before > 0);
                Assert.True(during < Commands / 4, during + " failed accepts during " + Commands + " commands: the loop tried to accept on most passes");
                Assert.Contains("(accepting again in 1 passes)", device.Stderr);
                Assert.Contains("(accepting again in 2 passes)", device.Stderr);
                Assert.DoesNotContain("Unhandled", device.Stderr);
            }
            catch (WebSocketException e)
            {
                throw new InvalidOperationException("the tab failed: " + e.Message + "; device stderr: " + device.Stderr, e);
            }
            finally
            {
                idle.ForEach(s => s.Dispose());
            }
        }

        [Fact]
        public void SlowHandlerIsReportedWithItsPassTime()
        {
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.Clock = clock.Clock;
                o.SlowHandlerReportMs = 100;
            });
            harness.Server.MessageReceived += (s, m) =>
            {
                if (m.GetText() == "slow")
                {
                    // The handler takes 500 ms of the server's clock.
                    clock.Advance(500);
                }
            };
            harness.Start();
            using var raw = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101 ", raw.Handshake());
            int opened = harness.OpenedIds.Single();

            raw.SendFrame(0x1, Encoding.ASCII.GetBytes("slow"));
            Assert.Equal("slow", Encoding.ASCII.GetString(raw.ReadFrame().Payload));
            ServerHarness.WaitUntil(() => harness.Errors.Any(e => e.Contains("slow handler")), "the slow pass reported");
            Assert.Equal(opened + ": slow handler: a poll pass took 500 ms running MessageReceived (every connection waited; handlers must return quickly)",
                harness.Errors.Single(e => e.Contains("slow handler")));

            raw.SendFrame(0x1, Encoding.ASCII.GetBytes("fast"));
            Assert.Equal("fast", Encoding.ASCII.GetString(raw.ReadFrame().Payload));
            clock.WaitForRound();
            clock.WaitForRound();
            Assert.Single(harness.Errors, e => e.Contains("slow handler"));
        }

        /// <summary>Sets the fan and waits for the command's ack (state messages in between are skipped).</summary>
        private static async Task Command(ClientWebSocket tab, int id, int percent)
        {
            await ServerHarness.SendTextAsync(tab, "{\"t\":\"set\",\"id\":" + id + ",\"ch\":\"fan\",\"v\":" + percent + "}");
            JsonElement ack;
            do
            {
                ack = await ReceiveJson(tab);
            }
            while (ack.GetProperty("t").GetString() != "ack");
            Assert.Equal(id, ack.GetProperty("id").GetInt32());
            Assert.True(ack.GetProperty("ok").GetBoolean());
        }

        private static async Task<JsonElement> ReceiveJson(ClientWebSocket tab)
        {
            var (_, data) = await ServerHarness.ReceiveMessageAsync(tab);
            return JsonDocument.Parse(data).RootElement.Clone();
        }
    }
}
