using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NanoWs.Hub;
using NanoWs.Net;
using Xunit;

namespace NanoWs.Hub.Server.Tests
{
    /// <summary>
    /// <see cref="HubServer"/> (src/NanoWs.Hub.Server) on its own, over loopback: the sizes it
    /// derives from one place, what it refuses, the page it serves, the pump thread and the
    /// command path, with .NET's HttpClient and ClientWebSocket as the browser.
    /// </summary>
    public sealed class HubServerTests
    {
        [Fact]
        public void Create_derives_tabs_message_buffer_and_reassembly_from_one_set_of_options()
        {
            var serverOptions = new WebSocketServerOptions { MaxConnections = 3, Connection = new WebSocketOptions { SendBufferSize = 1500 } };
            var hubOptions = new HubOptions { MaxTabs = 99, MessageBufferSize = 99, MaxCommandBytes = 200 };

            HubServer hub = HubServer.Create(serverOptions, hubOptions);

            Assert.Same(serverOptions, hub.Server.Options);
            Assert.Equal(3, hub.Hub.Options.MaxTabs);
            Assert.Equal(hub.Server.MaxFramePayload, hub.Hub.Options.MessageBufferSize);
            Assert.Equal(1500 - 14 - 18, hub.Hub.Options.MessageBufferSize);
            Assert.True(serverOptions.Connection.ReassembleMessages);
            Assert.Equal(400, serverOptions.Connection.MaxMessageSize);
            Assert.Equal("/ws", serverOptions.WebSocketPath);
            Assert.NotNull(serverOptions.Clock);
            Assert.Equal(HubServer.DefaultPumpIntervalMs, hub.PumpIntervalMs);
        }

        [Fact]
        public void Attach_refuses_a_server_that_does_not_reassemble_whole_commands()
        {
            Assert.Throws<ArgumentException>(() => HubServer.Attach(new WebSocketServer(new WebSocketServerOptions()), null));
            var small = new WebSocketServerOptions { Connection = new WebSocketOptions { ReassembleMessages = true, MaxMessageSize = 255 } };
            Assert.Throws<ArgumentException>(() => HubServer.Attach(new WebSocketServer(small), new HubOptions { MaxCommandBytes = 256 }));
        }

        [Fact]
        public void Attach_refuses_a_running_server()
        {
            var options = Loopback();
            HubServer.ConfigureServerOptions(options, new HubOptions());
            var server = new WebSocketServer(options);
            server.Start();
            try
            {
                Assert.Throws<InvalidOperationException>(() => HubServer.Attach(server, new HubOptions()));
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public async Task The_built_in_page_is_served_gzip_at_the_root_and_at_index_html()
        {
            HubServer hub = HubServer.Create(Loopback(), null);
            hub.Start();
            try
            {
                using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = DashboardClient.Patience };
                foreach (string path in new[] { "/", "/index.html" })
                {
                    using HttpResponseMessage response = await http.GetAsync("http://127.0.0.1:" + hub.Server.LocalPort + path);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
                    Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType.ToString());
                    Assert.Equal(DashboardPage.Gzip, await response.Content.ReadAsByteArrayAsync());
                }
            }
            finally
            {
                hub.Stop();
            }
        }

        [Fact]
        public async Task SetPage_serves_a_page_of_ones_own_instead()
        {
            HubServer hub = HubServer.Create(Loopback(), null);
            hub.SetPage(Encoding.UTF8.GetBytes("<p>mine</p>"), false);
            hub.Start();
            try
            {
                using var http = new HttpClient { Timeout = DashboardClient.Patience };
                Assert.Equal("<p>mine</p>", await http.GetStringAsync("http://127.0.0.1:" + hub.Server.LocalPort + "/"));
            }
            finally
            {
                hub.Stop();
            }
        }

        [Fact]
        public async Task A_value_published_after_the_hello_reaches_the_tab_through_the_pump_thread()
        {
            HubServer hub = HubServer.Create(Loopback(), new HubOptions { DeviceName = "greenhouse", Title = "Greenhouse" });
            HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            hub.Start();
            try
            {
                using DashboardClient tab = await DashboardClient.ConnectAsync(hub.Server.LocalPort);
                JsonElement hello = await tab.ReceiveAsync();
                Assert.Equal("hello", hello.GetProperty("t").GetString());
                Assert.Equal("Greenhouse", hello.GetProperty("title").GetString());
                Assert.Equal(JsonValueKind.Null, hello.GetProperty("channels")[0].GetProperty("value").ValueKind);

                Assert.True(hub.Publish(temp, 21.5));
                JsonElement state = await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "state");
                Assert.Equal(21.5, state.GetProperty("v").GetProperty("temp").GetDouble());
            }
            finally
            {
                hub.Stop();
            }
        }

        [Fact]
        public async Task A_command_reaches_the_handler_and_every_other_tab_without_a_pump_of_the_application()
        {
            HubServer hub = HubServer.Create(Loopback(), null);
            HubChannel led = hub.AddBool("led", "LED", true);
            bool? applied = null;
            hub.SetHandler = (h, set) => { applied = set.Bool; return null; };

            // No pump thread and no Pump() call: the hello goes out when a tab opens, the ack and
            // the new state when the command is handled.
            hub.PumpIntervalMs = 0;
            hub.Start();
            try
            {
                using DashboardClient sender = await DashboardClient.ConnectAsync(hub.Server.LocalPort);
                using DashboardClient other = await DashboardClient.ConnectAsync(hub.Server.LocalPort);
                Assert.Equal("hello", (await sender.ReceiveAsync()).GetProperty("t").GetString());
                Assert.Equal("hello", (await other.ReceiveAsync()).GetProperty("t").GetString());

                await sender.SendAsync("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}");
                JsonElement ack = await sender.ReceiveAsync();
                Assert.Equal("{\"t\":\"ack\",\"id\":1,\"ok\":true}", ack.GetRawText());
                Assert.True(applied);
                JsonElement state = await other.ReceiveAsync();
                Assert.Equal("state", state.GetProperty("t").GetString());
                Assert.True(state.GetProperty("v").GetProperty("led").GetBoolean());
                Assert.Equal(2, hub.Hub.TabCount);
            }
            finally
            {
                hub.Stop();
            }
        }

        private static WebSocketServerOptions Loopback()
        {
            return new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, MaxConnections = 4 };
        }
    }
}
