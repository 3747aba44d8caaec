using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hardware;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The dashboard under attack from another machine on the LAN (127.0.0.2 stands in for it on
    /// loopback): the sample's host in-process, tabs as ClientWebSocket and raw TCP clients.
    /// </summary>
    public class DashboardSecurityTests
    {
        [Fact]
        public async Task Tabs_held_by_another_address_cannot_keep_a_new_tab_out()
        {
            using DashboardHost host = DashboardHost.Create(0, 4, null, SimulatedParts.Create(7));
            host.Start();
            var hogs = new List<RawTab>();
            try
            {
                // Four WebSockets from 127.0.0.2 take every slot; each got its hello.
                for (int i = 0; i < 4; i++)
                {
                    hogs.Add(new RawTab(host.Port, "127.0.0.2"));
                    Assert.Equal("hello", hogs[i].ReadJson().GetProperty("t").GetString());
                }

                // A tab from 127.0.0.1 gets in at once: the least recently active hog makes room.
                using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
                JsonElement hello = await tab.ReceiveAsync();
                Assert.Equal("hello", hello.GetProperty("t").GetString());
                Assert.Equal((1013, "try again later"), hogs[0].ReadClose());

                // The hogging address cannot push the tab out again: its fifth try gets 503.
                IOException refused = Assert.Throws<IOException>(() => new RawTab(host.Port, "127.0.0.2"));
                Assert.StartsWith("handshake refused: HTTP/1.1 503 Service Unavailable\r\n", refused.Message);
                Assert.Contains("\r\nRetry-After: 5\r\n", refused.Message);

                // The tab stays live.
                JsonElement state = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "state");
                Assert.Equal("state", state.GetProperty("t").GetString());
                Assert.Equal(4, host.App.Hub.TabCount);
            }
            finally
            {
                hogs.ForEach(h => h.Dispose());
            }
        }

        /// <summary>Sends a set command for the LED with <paramref name="token"/> and returns its ack (state messages skipped).</summary>
        private static async Task<JsonElement> SetLed(DashboardClient tab, int id, string token)
        {
            await tab.SendAsync("{\"t\":\"set\",\"id\":" + id + ",\"ch\":\"led\",\"v\":true,\"token\":\"" + token + "\"}");
            return await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack");
        }

        /// <summary>Reads until the server's close; returns its status.</summary>
        private static async Task<string> ClosedWith(DashboardClient tab)
        {
            InvalidOperationException closed = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                while (true)
                {
                    await tab.ReceiveAsync();
                }
            });
            return closed.Message;
        }

        [Fact]
        public async Task Token_guesses_are_throttled_per_address_and_a_guessing_tab_is_closed_with_1008()
        {
            // The server's and the hub's clock stands still unless the test moves it: the backoff
            // ends only when the test says so.
            long now = 0;
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, "s3cret", device, o => o.Clock = () => Interlocked.Read(ref now));
            host.Start();

            // Three wrong tokens on one connection: each refused, the third closes it with 1008.
            using (DashboardClient tab = await DashboardClient.ConnectAsync(host.Port))
            {
                await tab.ReceiveAsync();
                for (int i = 1; i <= 3; i++)
                {
                    JsonElement ack = await SetLed(tab, i, "guess" + i);
                    Assert.False(ack.GetProperty("ok").GetBoolean());
                    Assert.Equal("unauthorized: missing or wrong token", ack.GetProperty("error").GetString());
                }

                Assert.Equal("closed by the server: PolicyViolation", await ClosedWith(tab));
            }

            // The address has used its free attempts: the fourth wrong token starts its backoff.
            using (DashboardClient tab = await DashboardClient.ConnectAsync(host.Port))
            {
                await tab.ReceiveAsync();
                JsonElement ack = await SetLed(tab, 4, "guess4");
                Assert.False(ack.GetProperty("ok").GetBoolean());

                // While it backs off, even the right token is not looked at: the tab is closed.
                await tab.SendAsync("{\"t\":\"set\",\"id\":5,\"ch\":\"led\",\"v\":true,\"token\":\"s3cret\"}");
                Assert.Equal("closed by the server: PolicyViolation", await ClosedWith(tab));
                Assert.False(device.Led.IsOn);
            }

            // Once the backoff (1 s, then 2 s for the fifth failure) has passed, the right token works.
            Interlocked.Add(ref now, 2000);
            using (DashboardClient tab = await DashboardClient.ConnectAsync(host.Port))
            {
                await tab.ReceiveAsync();
                JsonElement ack = await SetLed(tab, 6, "s3cret");
                Assert.True(ack.GetProperty("ok").GetBoolean());
                Assert.True(device.Led.IsOn);
            }

            // The hub compared four wrong tokens; the one sent while backing off never reached it.
            Assert.Equal(4, host.App.Hub.WrongTokenCount);
        }

        [Theory]
        [InlineData("s3cret", true)]
        [InlineData("s3\\u0063ret", true)]
        [InlineData("s3cre", false)]
        [InlineData("s3cretx", false)]
        [InlineData("S3cret", false)]
        [InlineData("", false)]
        public async Task Token_compare_takes_escapes_and_nothing_else(string jsonToken, bool ok)
        {
            using DashboardHost host = DashboardHost.Create(0, 4, "s3cret", SimulatedParts.Create(7));
            host.Start();
            using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
            await tab.ReceiveAsync();
            JsonElement ack = await SetLed(tab, 1, jsonToken);
            Assert.Equal(ok, ack.GetProperty("ok").GetBoolean());
        }
    }
}
