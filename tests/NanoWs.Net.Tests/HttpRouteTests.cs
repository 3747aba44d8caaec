using System;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>Plain HTTP on the WebSocket port: routes from fixed arrays, 404, 405, HEAD, gzip, authorization.</summary>
    public sealed class HttpRouteTests
    {
        private static readonly byte[] Page = Encoding.UTF8.GetBytes("<!doctype html><title>dashboard</title><p>héllo</p>\n");

        private static HttpClient NewClient()
        {
            return new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
            {
                Timeout = ServerHarness.Patience,
            };
        }

        [Fact]
        public async Task GetRouteReturnsExactBodyAndHeaders()
        {
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/", "text/html; charset=utf-8", Page, false, "no-cache");
            harness.Start();
            using HttpClient http = NewClient();
            using HttpResponseMessage response = await http.GetAsync(harness.HttpUri("/?v=1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Page, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType.ToString());
            Assert.Equal(Page.Length, response.Content.Headers.ContentLength);
            Assert.True(response.Headers.CacheControl.NoCache);
        }

        [Fact]
        public async Task LargeBodyIsStreamedWhole()
        {
            byte[] big = ServerHarness.Pattern(200000, 11);
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/big.bin", "application/octet-stream", big, false, null);
            harness.Start();
            using HttpClient http = NewClient();
            Assert.Equal(big, await http.GetByteArrayAsync(harness.HttpUri("/big.bin")));
        }

        [Fact]
        public async Task UnknownPathGets404()
        {
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/", "text/html", Page, false, null);
            harness.Start();
            using HttpClient http = NewClient();
            using HttpResponseMessage response = await http.GetAsync(harness.HttpUri("/missing"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Not Found\n", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task OtherMethodsGet405WithAllow()
        {
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/", "text/html", Page, false, null);
            harness.Start();
            using HttpClient http = NewClient();
            using HttpResponseMessage response = await http.DeleteAsync(harness.HttpUri("/"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("GET", response.Content.Headers.Allow);
        }

        [Fact]
        public void HeadReturnsTheHeadOnly()
        {
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/", "text/html", Page, false, null);
            harness.Start();
            using var raw = new RawClient(harness.Port);
            raw.WriteAscii("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            string head = raw.ReadHead();
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.Contains("Content-Length: " + Page.Length + "\r\n", head);
            Assert.True(raw.ReadsToEnd());
        }

        [Fact]
        public async Task GzipRouteIsServedEncoded()
        {
            byte[] gz;
            using (var ms = new MemoryStream())
            {
                using (var z = new GZipStream(ms, CompressionLevel.Optimal, true))
                {
                    z.Write(Page, 0, Page.Length);
                }

                gz = ms.ToArray();
            }

            using var harness = new ServerHarness();
            harness.Server.AddRoute("/app.js", "text/javascript", gz, true, "max-age=3600");
            harness.Start();
            using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });
            Assert.Equal(Page, await http.GetByteArrayAsync(harness.HttpUri("/app.js")));
        }

        [Fact]
        public async Task AuthorizeHookGuardsRoutes()
        {
            using var harness = new ServerHarness();
            harness.Server.AddRoute("/", "text/html", Page, false, null);
            harness.Server.Authorize = (server, id, request, isUpgrade) => isUpgrade || request.GetQueryParameter("key") == "k" ? 0 : 401;
            harness.Start();
            using HttpClient http = NewClient();
            using HttpResponseMessage refused = await http.GetAsync(harness.HttpUri("/"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.NotEmpty(refused.Headers.WwwAuthenticate);
            Assert.Equal(Page, await http.GetByteArrayAsync(harness.HttpUri("/?key=k")));
        }

        [Fact]
        public void RouteHeadersThatDoNotFitAreRefused()
        {
            var server = new WebSocketServer(new WebSocketServerOptions { Connection = new WebSocketOptions { SendBufferSize = 256 } });
            Assert.Throws<ArgumentException>(() => server.AddRoute("/", new string('x', 200), Page, false, null));
            Assert.Throws<ArgumentException>(() => server.AddRoute("/", "text/html", Page, false, "bad\r\nInjected: 1"));
        }
    }
}
