using System;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hub;
using NanoWs.Net;
using Xunit;

namespace NanoWs.Hub.Server.Tests
{
    /// <summary>
    /// The device's health through <see cref="HubServer"/>: tabs opened and connections the server
    /// refuses land in the hub's event ring and reach the open tabs in a <c>health</c> message, on a
    /// test clock the test moves itself (its steps would read as slow poll passes, so that report is off).
    /// </summary>
    public sealed class HubServerHealthTests
    {
        [Theory]
        [InlineData("upgrade refused with 403: origin not allowed", HubEvent.OtherSite, 403)]
        [InlineData("upgrade refused with 403: refused by Authorize", HubEvent.Refused, 403)]
        [InlineData("upgrade refused with 403", HubEvent.Refused, 403)]
        [InlineData("upgrade refused with 401: login required", HubEvent.NotLoggedIn, 401)]
        [InlineData("upgrade refused with 401: refused by Authorize", HubEvent.Refused, 401)]
        [InlineData("upgrade refused with 401", HubEvent.Refused, 401)]
        [InlineData("upgrade refused with 401: wrong password", HubEvent.WrongPassword, 401)]
        [InlineData("upgrade refused with 429: address backing off after wrong passwords", HubEvent.WrongPassword, 429)]
        [InlineData("upgrade refused with 404", HubEvent.Refused, 404)]
        [InlineData("login refused: wrong password", HubEvent.WrongPassword, 0)]
        [InlineData("login refused: address backing off after wrong passwords", HubEvent.WrongPassword, 0)]
        [InlineData("refused with 503: every connection slot was taken", HubEvent.Busy, 503)]
        [InlineData("opening handshake evicted with 503: every slot was taken when a new connection came", HubEvent.Busy, 503)]
        [InlineData("evicted with 1013: every slot was taken and its address held the most", HubEvent.Busy, 1013)]
        [InlineData("closing with 1008: wrong credentials", HubEvent.WrongToken, 1008)]
        [InlineData("send stalled: connection dropped", HubEvent.Error, 0)]
        [InlineData("upgrade refused with", HubEvent.Error, 0)]
        public void A_server_error_line_becomes_its_event_kind(string message, HubEvent kind, int code)
        {
            Assert.Equal(kind, HubServerTransport.Classify(message, out int actual));
            Assert.Equal(code, actual);
        }

        [Fact]
        public async Task A_tab_sees_its_own_connection_then_a_refused_page_of_another_site_in_the_health()
        {
            long now = 0;
            var options = new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, MaxConnections = 4, Clock = () => Interlocked.Read(ref now), SlowHandlerReportMs = 0 };
            HubServer hub = HubServer.Create(options, new HubOptions { DeviceName = "greenhouse", HealthIntervalMs = 10000 });
            hub.Hub.Health.Version = "2.0.1";
            hub.Hub.HealthReader = (h, ms) => { h.UptimeMs = 60000 + ms; h.HeapUsedBytes = 4096; };
            hub.Start();
            try
            {
                using DashboardClient tab = await DashboardClient.ConnectAsync(hub.Server.LocalPort);
                Assert.Equal("hello", (await tab.ReceiveAsync()).GetProperty("t").GetString());
                JsonElement health = await tab.ReceiveAsync();
                Assert.Equal("{\"t\":\"health\",\"up\":60000,\"heapUsed\":4096,\"ver\":\"2.0.1\",\"events\":1,\"ev\":[{\"k\":\"open\",\"ago\":0}]}", health.GetRawText());

                // RFC 6455 §10.2: a browser page of another site is refused before the upgrade (403).
                using (var other = new ClientWebSocket())
                {
                    other.Options.SetRequestHeader("Origin", "http://elsewhere.example");
                    using var cts = new CancellationTokenSource(DashboardClient.Patience);
                    await Assert.ThrowsAsync<WebSocketException>(() => other.ConnectAsync(new Uri("ws://127.0.0.1:" + hub.Server.LocalPort + "/ws"), cts.Token));
                }

                // A new event goes out no sooner than a second after the last health message.
                Interlocked.Exchange(ref now, 1000);
                health = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "health");
                Assert.Equal(
                    "{\"t\":\"health\",\"up\":61000,\"heapUsed\":4096,\"ver\":\"2.0.1\",\"events\":2,\"ev\":[{\"k\":\"origin\",\"ago\":1000,\"code\":403},{\"k\":\"open\",\"ago\":1000}]}",
                    health.GetRawText());
                Assert.Equal(2L, hub.Hub.EventCount);
            }
            finally
            {
                hub.Stop();
            }
        }

        [Fact]
        public async Task A_connection_over_the_cap_is_refused_with_503_and_noted_as_busy()
        {
            long now = 0;
            var options = new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, MaxConnections = 1, Clock = () => Interlocked.Read(ref now), SlowHandlerReportMs = 0 };
            HubServer hub = HubServer.Create(options, new HubOptions { HealthIntervalMs = 10000 });
            hub.Start();
            try
            {
                using DashboardClient tab = await DashboardClient.ConnectAsync(hub.Server.LocalPort);
                await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "health");

                // The one slot is this address's only tab: a second connection from it gets 503.
                using (var second = new ClientWebSocket())
                {
                    using var cts = new CancellationTokenSource(DashboardClient.Patience);
                    await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri("ws://127.0.0.1:" + hub.Server.LocalPort + "/ws"), cts.Token));
                }

                Interlocked.Exchange(ref now, 1000);
                JsonElement health = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "health");
                Assert.Equal("{\"t\":\"health\",\"events\":2,\"ev\":[{\"k\":\"busy\",\"ago\":1000,\"code\":503},{\"k\":\"open\",\"ago\":1000}]}", health.GetRawText());
            }
            finally
            {
                hub.Stop();
            }
        }
    }
}
