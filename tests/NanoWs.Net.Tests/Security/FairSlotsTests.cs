using System;
using System.Collections.Generic;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// A full house: one peer address cannot keep another out, and every refusal or eviction is an
    /// answer a browser understands (503 with Retry-After and a page that retries, or close 1013).
    /// 127.0.0.2 stands in for another machine on the LAN.
    /// </summary>
    public sealed class FairSlotsTests
    {
        private const string BusyPage =
            "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=5><title>Busy</title>"
            + "<p>The device is serving as many connections as it can. This page retries in 5 s.</p>\n";

        private static readonly string Busy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + BusyPage.Length
            + "\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";

        private static string ReadBody(RawClient raw, int length)
        {
            var body = new byte[length];
            raw.Stream.ReadExactly(body, 0, length);
            return Encoding.ASCII.GetString(body);
        }

        [Fact]
        public void OpenConnectionsOfAnotherAddressMakeRoomWith1013()
        {
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 2;
                o.Clock = clock.Clock;
            }).Start();
            using var hog1 = new RawClient(harness.Port, 0, "127.0.0.2");
            using var hog2 = new RawClient(harness.Port, 0, "127.0.0.2");
            Assert.StartsWith("HTTP/1.1 101 ", hog1.Handshake());
            Assert.StartsWith("HTTP/1.1 101 ", hog2.Handshake());

            // hog2 was active last: hog1 is the one to go.
            clock.Advance(10);
            hog2.SendFrame(0x9, Encoding.ASCII.GetBytes("alive"));
            Assert.Equal(0xA, hog2.ReadFrame().Opcode);

            using var tab = new RawClient(harness.Port);
            Assert.StartsWith("HTTP/1.1 101 ", tab.Handshake());
            RawClient.Frame close = hog1.ReadFrame();
            Assert.Equal(0x8, close.Opcode);
            Assert.Equal(new byte[] { 0x03, 0xF5 }, close.Payload[..2]);
            Assert.Equal("try again later", Encoding.UTF8.GetString(close.Payload, 2, close.Payload.Length - 2));
            CloseRecord record = harness.NextClose();
            Assert.Equal(1013, record.Code);
            Assert.False(record.WasClean);

            // Now each address holds one slot: a newcomer from either is refused, the others stay.
            foreach (string address in new[] { "127.0.0.2", "127.0.0.1" })
            {
                using var late = new RawClient(harness.Port, 0, address);
                Assert.Equal(Busy, late.Handshake());
                Assert.Equal(BusyPage, ReadBody(late, BusyPage.Length));
            }

            tab.SendFrame(0x1, Encoding.ASCII.GetBytes("still here"));
            Assert.Equal("still here", Encoding.ASCII.GetString(tab.ReadFrame().Payload));
        }

        [Fact]
        public void EvictedHalfOpenHandshakeGets503()
        {
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 2;
                o.Clock = clock.Clock;
                o.RejectLingerMs = 0;
            }).Start();
            var silent = new List<RawClient>();
            try
            {
                for (int i = 0; i < 2; i++)
                {
                    silent.Add(new RawClient(harness.Port, 0, "127.0.0.2"));
                    ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == silent.Count, "slot " + silent.Count + " taken");
                }

                using var tab = new RawClient(harness.Port);
                Assert.StartsWith("HTTP/1.1 101 ", tab.Handshake());
                Assert.Equal(Busy, silent[0].ReadHead());
                Assert.Equal(BusyPage, ReadBody(silent[0], BusyPage.Length));
                Assert.True(silent[0].ReadsToEnd());
                Assert.False(silent[1].IsReadable());
            }
            finally
            {
                silent.ForEach(s => s.Dispose());
            }
        }

        [Fact]
        public async Task PageRequestOverTheCapGetsAPageThatRetries()
        {
            using var harness = new ServerHarness(o => o.MaxConnections = 1).Start();
            using ClientWebSocket open = await ServerHarness.ConnectAsync(harness.WsUri());
            using var raw = new RawClient(harness.Port);
            raw.WriteAscii("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Assert.Equal(Busy, raw.ReadHead());
            Assert.Equal(BusyPage, ReadBody(raw, BusyPage.Length));
            Assert.True(raw.ReadsToEnd());
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, open.State);
        }
    }
}
