using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Hub.Tests
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
            using DashboardHost host = DashboardHost.Create(0, 4, null, new SimulatedDevice(7));
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
    }
}
