using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Net;
using Xunit;

namespace NanoWs.Hub.Server.Tests
{
    /// <summary>
    /// The hub's JSON face (GET /api/state, POST /api/set) over loopback with .NET's HttpClient,
    /// the requests curl or Home Assistant's RESTful integration send: exact bodies and statuses,
    /// refusals included.
    /// </summary>
    public sealed class HubApiTests
    {
        [Fact]
        public async Task State_is_every_channel_with_its_current_value()
        {
            await WithHub(null, null, async (hub, http, baseUrl) =>
            {
                HttpResponseMessage r = await http.GetAsync(baseUrl + "/api/state");
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("application/json", r.Content.Headers.ContentType.MediaType);
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":1,\"v\":{\"temp\":21.5,\"led\":null}}", await r.Content.ReadAsStringAsync());
            });
        }

        [Fact]
        public async Task With_health_on_the_state_holds_the_devices_health_as_of_now()
        {
            long now = 0;
            var options = new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Clock = () => Interlocked.Read(ref now), SlowHandlerReportMs = 0 };
            HubServer hub = HubServer.Create(options, new HubOptions { DeviceName = "greenhouse", HealthIntervalMs = 10000 });
            hub.AddBool("led", "LED", true);
            hub.Hub.Health.Version = "2.0.1";
            hub.Hub.HealthReader = (h, ms) => { h.UptimeMs = 60000 + ms; h.HeapUsedBytes = 4096; };
            hub.Start();
            try
            {
                using var http = new HttpClient { Timeout = DashboardClient.Patience };
                string url = "http://127.0.0.1:" + hub.Server.LocalPort + "/api/state";
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":0,\"v\":{\"led\":null},\"health\":{\"up\":60000,\"heapUsed\":4096,\"ver\":\"2.0.1\",\"events\":0}}", await http.GetStringAsync(url));

                // Between two readings the uptime still counts: as read, plus the time since.
                Interlocked.Exchange(ref now, 2500);
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":0,\"v\":{\"led\":null},\"health\":{\"up\":62500,\"heapUsed\":4096,\"ver\":\"2.0.1\",\"events\":0}}", await http.GetStringAsync(url));
            }
            finally
            {
                hub.Stop();
            }
        }

        [Fact]
        public async Task A_set_is_applied_acknowledged_and_seen_in_the_state()
        {
            await WithHub(null, null, async (hub, http, baseUrl) =>
            {
                HttpResponseMessage r = await http.PostAsync(baseUrl + "/api/set", Json("{\"t\":\"set\",\"id\":7,\"ch\":\"led\",\"v\":true}"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("{\"t\":\"ack\",\"id\":7,\"ok\":true}", await r.Content.ReadAsStringAsync());
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":2,\"v\":{\"temp\":21.5,\"led\":true}}", await (await http.GetAsync(baseUrl + "/api/state")).Content.ReadAsStringAsync());
            });
        }

        [Theory]
        [InlineData("{\"t\":\"set\",\"id\":1,\"ch\":\"temp\",\"v\":3}", "{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"channel is read-only\"}")]
        [InlineData("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":5}", "{\"t\":\"ack\",\"id\":2,\"ok\":false,\"error\":\"expected true or false\"}")]
        [InlineData("{\"t\":\"set\",\"id\":3,\"ch\":\"nope\",\"v\":true}", "{\"t\":\"ack\",\"id\":3,\"ok\":false,\"error\":\"unknown channel\"}")]
        [InlineData("not json", "{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"malformed JSON: invalid literal\"}")]
        public async Task A_refused_set_is_answered_400_with_the_reason(string body, string ack)
        {
            await WithHub(null, null, async (hub, http, baseUrl) =>
            {
                HttpResponseMessage r = await http.PostAsync(baseUrl + "/api/set", Json(body));
                Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
                Assert.Equal(ack, await r.Content.ReadAsStringAsync());
            });
        }

        [Fact]
        public async Task The_token_is_required_when_the_hub_has_one()
        {
            await WithHub("s3cret", null, async (hub, http, baseUrl) =>
            {
                HttpResponseMessage r = await http.PostAsync(baseUrl + "/api/set", Json("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}"));
                Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
                Assert.Equal("{\"t\":\"ack\",\"id\":1,\"ok\":false,\"error\":\"unauthorized: missing or wrong token\"}", await r.Content.ReadAsStringAsync());
                r = await http.PostAsync(baseUrl + "/api/set", Json("{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":\"s3cret\"}"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            });
        }

        [Fact]
        public async Task Wrong_tokens_are_throttled_per_address_as_over_the_websocket()
        {
            long now = 0;
            await WithHub("s3cret", null, async (hub, http, baseUrl) =>
            {
                string wrong = "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true,\"token\":\"guess\"}";
                string right = "{\"t\":\"set\",\"id\":2,\"ch\":\"led\",\"v\":true,\"token\":\"s3cret\"}";
                for (int i = 0; i <= hub.Server.Options.MaxWrongCredentials; i++)
                {
                    Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(baseUrl + "/api/set", Json(wrong))).StatusCode);
                }

                // Backing off: even the right token is not checked (RFC 6585 §4).
                HttpResponseMessage r = await http.PostAsync(baseUrl + "/api/set", Json(right));
                Assert.Equal((HttpStatusCode)429, r.StatusCode);
                Assert.Equal("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"too many wrong tokens: try again later\"}", await r.Content.ReadAsStringAsync());
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":1,\"v\":{\"temp\":21.5,\"led\":null}}", await http.GetStringAsync(baseUrl + "/api/state"));

                // That refusal counted too: the backoff doubled to 2 s.
                Interlocked.Exchange(ref now, 2 * hub.Server.Options.CredentialBackoffMs);
                Assert.Equal("{\"t\":\"ack\",\"id\":2,\"ok\":true}", await Body(await http.PostAsync(baseUrl + "/api/set", Json(right)), HttpStatusCode.OK));
            }, o => o.Clock = () => Interlocked.Read(ref now));
        }

        [Fact]
        public async Task Another_sites_page_cannot_set_and_wrong_methods_and_paths_are_refused()
        {
            await WithHub(null, null, async (hub, http, baseUrl) =>
            {
                var cross = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/api/set") { Content = Json("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}") };
                cross.Headers.Add("Origin", "http://evil.example");
                Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(cross)).StatusCode);
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":1,\"v\":{\"temp\":21.5,\"led\":null}}", await (await http.GetAsync(baseUrl + "/api/state")).Content.ReadAsStringAsync());

                Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync(baseUrl + "/api/set")).StatusCode);
                Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(baseUrl + "/api/state", Json("{}"))).StatusCode);
                HttpResponseMessage missing = await http.GetAsync(baseUrl + "/api/nothing");
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                Assert.Equal("{\"error\":\"not found\"}", await missing.Content.ReadAsStringAsync());
            });
        }

        [Fact]
        public async Task A_command_over_the_limit_is_answered_413_unread()
        {
            await WithHub(null, null, async (hub, http, baseUrl) =>
            {
                HttpResponseMessage r = await http.PostAsync(baseUrl + "/api/set", Json("{\"t\":\"set\",\"ch\":\"led\",\"v\":true,\"pad\":\"" + new string('x', 400) + "\"}"));
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
                Assert.Equal("{\"t\":\"ack\",\"id\":null,\"ok\":false,\"error\":\"command too large\"}", await r.Content.ReadAsStringAsync());
            });
        }

        [Fact]
        public async Task With_a_password_nothing_is_served_without_the_owners_session()
        {
            await WithHub(null, "pw", async (hub, http, baseUrl) =>
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(baseUrl + "/api/state")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync(baseUrl + "/api/set", Json("{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}"))).StatusCode);
            });
        }

        [Fact]
        public async Task With_a_password_a_script_gives_it_with_each_request_as_home_assistant_does()
        {
            long now = 0;
            await WithHub(null, "pw", async (hub, http, baseUrl) =>
            {
                // RFC 7617: Basic credentials, the user-id ignored (Home Assistant's "authentication: basic").
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":1,\"v\":{\"temp\":21.5,\"led\":null}}", await Body(await http.SendAsync(WithPassword(HttpMethod.Get, baseUrl + "/api/state", "ha", "pw")), HttpStatusCode.OK));
                HttpRequestMessage set = WithPassword(HttpMethod.Post, baseUrl + "/api/set", "", "pw");
                set.Content = Json("{\"t\":\"set\",\"id\":4,\"ch\":\"led\",\"v\":true}");
                Assert.Equal("{\"t\":\"ack\",\"id\":4,\"ok\":true}", await Body(await http.SendAsync(set), HttpStatusCode.OK));

                // A wrong password is refused and counted as /login counts it: after the free
                // attempts the address backs off, and even the right password waits (429).
                for (int i = 0; i < hub.Server.Options.MaxWrongCredentials; i++)
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(WithPassword(HttpMethod.Get, baseUrl + "/api/state", "", "guess" + i))).StatusCode);
                }

                HttpResponseMessage wrong = await http.SendAsync(WithPassword(HttpMethod.Get, baseUrl + "/api/state", "", "guess"));
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
                Assert.Equal("Session realm=\"device\"", wrong.Headers.WwwAuthenticate.ToString());

                // RFC 6585 §4: the 429 says when to try again, in whole seconds.
                HttpResponseMessage backOff = await http.SendAsync(WithPassword(HttpMethod.Get, baseUrl + "/api/state", "", "pw"));
                Assert.Equal((HttpStatusCode)429, backOff.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(1), backOff.Headers.RetryAfter.Delta);
                Assert.True(backOff.Headers.CacheControl.NoStore);
                Interlocked.Exchange(ref now, hub.Server.Options.CredentialBackoffMs);
                Assert.Equal("{\"device\":\"greenhouse\",\"seq\":2,\"v\":{\"temp\":21.5,\"led\":true}}", await Body(await http.SendAsync(WithPassword(HttpMethod.Get, baseUrl + "/api/state", "", "pw")), HttpStatusCode.OK));

                // Another scheme in Authorization (the application's own tokens) is no password.
                var bearer = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/api/state");
                bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pw");
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(bearer)).StatusCode);
            }, o => o.Clock = () => Interlocked.Read(ref now));
        }

        private static HttpRequestMessage WithPassword(HttpMethod method, string url, string user, string password)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            return request;
        }

        private static async Task<string> Body(HttpResponseMessage response, HttpStatusCode status)
        {
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        private static StringContent Json(string s) => new StringContent(s, Encoding.UTF8, "application/json");

        private static async Task WithHub(string token, string password, Func<HubServer, HttpClient, string, Task> body, Action<WebSocketServerOptions> configure = null)
        {
            var options = new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, Password = password };
            configure?.Invoke(options);
            HubServer hub = HubServer.Create(options, new HubOptions { DeviceName = "greenhouse", Token = token });
            HubChannel temp = hub.AddNumber("temp", "Temperature", "°C", -10, 45, false);
            HubChannel led = hub.AddBool("led", "LED", true);
            hub.SetHandler = (h, q) => null;
            hub.Publish(temp, 21.5);
            hub.Start();
            try
            {
                using var http = new HttpClient { Timeout = DashboardClient.Patience };
                await body(hub, http, "http://127.0.0.1:" + hub.Server.LocalPort);
            }
            finally
            {
                hub.Stop();
            }
        }
    }
}
