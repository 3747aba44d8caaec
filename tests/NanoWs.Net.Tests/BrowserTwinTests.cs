using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The browser example of docs/transport.md (tests/interop/browser-example.js, run by Node's WHATWG
    /// WebSocket) and its one-to-one C# twin on <see cref="WebSocketClient"/>: the same events,
    /// ReadyState, Send, BufferedAmount and Close, printing the same lines against our echo server.
    /// </summary>
    public sealed class BrowserTwinTests
    {
        private static readonly string[] Expected = { "open", "text: hello", "binary: 3 bytes", "closed 1000 true" };

        [Fact]
        public void Csharp_twin_prints_what_the_browser_example_prints()
        {
            using var harness = new ServerHarness().Start();
            var lines = new BlockingCollection<string>();
            WebSocketClient ws = Twin(harness.WsUri("/ws").ToString(), lines.Add);
            try
            {
                var got = new List<string>();
                while (got.Count < Expected.Length && lines.TryTake(out string line, ServerHarness.Patience))
                {
                    got.Add(line);
                }

                Assert.Equal(Expected, got);
                Assert.True(ws.WaitClosed((int)ServerHarness.Patience.TotalMilliseconds));
                Assert.Equal(WebSocketState.Closed, ws.ReadyState);
                CloseRecord close = harness.NextClose();
                Assert.Equal(1000, close.Code);
                Assert.Equal("done", close.Reason);
                Assert.True(close.WasClean);
            }
            finally
            {
                ws.Close();
                ws.WaitClosed(5000);
            }
        }

        [Fact]
        public void Browser_example_prints_the_same_lines_in_a_whatwg_websocket()
        {
            using var harness = new ServerHarness().Start();
            string dir = Path.Combine(RepoPaths.Root, "tests", "interop");
            using ChildProcess node = ChildProcess.Start("node", dir, "--experimental-websocket", Path.Combine(dir, "browser-example.js"), harness.WsUri("/ws").ToString());
            var got = new List<string>();
            while (got.Count < Expected.Length)
            {
                got.Add(node.NextLine());
            }

            Assert.Equal(Expected, got);
            Assert.True(node.WaitForExit(), "node did not exit");
            Assert.Equal(0, node.ExitCode);
            CloseRecord close = harness.NextClose();
            Assert.Equal(1000, close.Code);
            Assert.Equal("done", close.Reason);
            Assert.True(close.WasClean);
        }

        /// <summary>The C# twin of the browser example, as in docs/transport.md (Log is the page's log).</summary>
        private static WebSocketClient Twin(string url, Action<string> Log)
        {
            // ---- the twin ----
            WebSocketClientOptions options = new WebSocketClientOptions();
            options.Connection = new WebSocketOptions();
            options.Connection.ReassembleMessages = true; // whole messages, as onmessage gets them
            WebSocketClient ws = new WebSocketClient(url, options);
            ws.Opened += c =>
            {
                Log("open");
                ws.SendText("hello");
            };
            ws.MessageReceived += (c, e) =>
            {
                if (e.MessageType == WebSocketMessageType.Text)
                {
                    Log("text: " + e.GetText());
                    if (ws.ReadyState == WebSocketState.Open && ws.BufferedAmount == 0)
                    {
                        ws.Send(WebSocketMessageType.Binary, new byte[] { 1, 2, 3 }, 0, 3);
                    }
                }
                else
                {
                    Log("binary: " + e.Count + " bytes");
                    ws.Close(1000, "done");
                }
            };
            ws.Error += (c, message) => Log("error");
            ws.Closed += (c, code, reason, wasClean) => Log("closed " + code + " " + (wasClean ? "true" : "false"));
            ws.Connect();
            // ---- end of the twin ----
            return ws;
        }
    }
}
