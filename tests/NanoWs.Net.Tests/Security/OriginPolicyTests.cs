using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// The same-origin rule on upgrades and state-changing requests (RFC 6455 §4.2.2 item 4,
    /// §10.2; origins compared as RFC 6454 tuples), over raw sockets: exact status lines and headers.
    /// </summary>
    public sealed class OriginPolicyTests
    {
        private const string Forbidden =
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ";

        private static string Upgrade(int port, string host, string originHeaders)
        {
            using var raw = new RawClient(port);
            raw.WriteAscii("GET / HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + originHeaders + "\r\n");
            return raw.ReadHead();
        }

        private static void AssertOpens(string head)
        {
            Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
            Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head);
        }

        private static void AssertForbidden(string head)
        {
            Assert.StartsWith(Forbidden, head);
            Assert.Contains("\r\nConnection: close\r\n", head);
            Assert.DoesNotContain("Sec-WebSocket-Accept", head);
        }

        [Theory]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1:{port}\r\n")]
        [InlineData("LocalHost:{port}", "Origin: HTTP://localhost:{port}\r\n")]
        [InlineData("device.lan", "Origin: http://device.lan\r\n")]
        [InlineData("device.lan:80", "Origin: http://DEVICE.lan\r\n")]
        [InlineData("device.lan", "Origin: http://device.lan:80\r\n")]
        [InlineData("[fe80::1]:{port}", "Origin: http://[FE80::1]:{port}\r\n")]
        [InlineData("127.0.0.1:{port}", "")]
        public void SameOriginOrNoOriginOpens(string host, string origin)
        {
            using var harness = new ServerHarness().Start();
            string port = harness.Port.ToString();
            AssertOpens(Upgrade(harness.Port, host.Replace("{port}", port), origin.Replace("{port}", port)));
        }

        [Theory]
        [InlineData("127.0.0.1:{port}", "Origin: http://evil.example\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1:1\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: https://127.0.0.1:{port}\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: null\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1:{port}/\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://user@127.0.0.1:{port}\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: file://\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n")]
        [InlineData("127.0.0.1:{port}", "Origin: http://127.0.0.1:99999\r\n")]
        [InlineData("device.lan", "Origin: http://device.lan.evil.example\r\n")]
        [InlineData("device.lan", "Origin: http://device.la\r\n")]
        public void ForeignOriginGets403(string host, string origin)
        {
            using var harness = new ServerHarness().Start();
            string port = harness.Port.ToString();
            AssertForbidden(Upgrade(harness.Port, host.Replace("{port}", port), origin.Replace("{port}", port)));
            Assert.Empty(harness.OpenedIds);
            Assert.Contains(harness.Errors, e => e.EndsWith("upgrade refused with 403: origin not allowed"));
        }

        [Fact]
        public void AllowListExtendsTheOwnOrigin()
        {
            using var harness = new ServerHarness(o => o.AllowedOrigins = new[] { "http://Dashboard.example:8080", "https://proxy.example" }).Start();
            string host = "127.0.0.1:" + harness.Port;
            AssertOpens(Upgrade(harness.Port, host, "Origin: http://dashboard.EXAMPLE:8080\r\n"));
            AssertOpens(Upgrade(harness.Port, host, "Origin: https://proxy.example:443\r\n"));
            AssertOpens(Upgrade(harness.Port, host, "Origin: http://" + host + "\r\n"));
            AssertForbidden(Upgrade(harness.Port, host, "Origin: http://dashboard.example\r\n"));
            AssertForbidden(Upgrade(harness.Port, host, "Origin: http://proxy.example\r\n"));
        }

        [Fact]
        public void SameOriginOffAndNoListLetsEveryOriginIn()
        {
            using var harness = new ServerHarness(o => o.SameOriginOnly = false).Start();
            AssertOpens(Upgrade(harness.Port, "127.0.0.1:" + harness.Port, "Origin: http://evil.example\r\n"));
        }

        [Fact]
        public void AllowListEntryThatIsNoOriginIsRejectedAtConstruction()
        {
            var options = new WebSocketServerOptions { AllowedOrigins = new[] { "http://ok.example/path" } };
            Assert.Throws<ArgumentException>(() => new WebSocketServer(options));
        }

        [Fact]
        public void CrossSitePostGets403AndSameSitePostIsNotForbidden()
        {
            using var harness = new ServerHarness().Start();
            string host = "127.0.0.1:" + harness.Port;
            using (var raw = new RawClient(harness.Port))
            {
                raw.WriteAscii("POST /led HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n\r\n");
                Assert.Equal("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\n", raw.ReadHead());
            }

            using (var raw = new RawClient(harness.Port))
            {
                raw.WriteAscii("POST /led HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host + "\r\nContent-Length: 0\r\n\r\n");
                Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", raw.ReadHead());
            }
        }

        [Theory]
        [InlineData("http://a.b", true, 1, "a.b", 80)]
        [InlineData("HTTPS://A.B", true, 2, "A.B", 443)]
        [InlineData("ws://a.b:8080", true, 1, "a.b", 8080)]
        [InlineData("wss://[::1]:9", true, 2, "[::1]", 9)]
        [InlineData("http://a.b:0", true, 1, "a.b", 0)]
        [InlineData("http://a.b:", false, 0, "", 0)]
        [InlineData("http://:80", false, 0, "", 0)]
        [InlineData("http://a.b:65536", false, 0, "", 0)]
        [InlineData("http://a.b:123456", false, 0, "", 0)]
        [InlineData("http://a b", false, 0, "", 0)]
        [InlineData("http://[::1", false, 0, "", 0)]
        [InlineData("http://a.b?x", false, 0, "", 0)]
        [InlineData("ftp://a.b", false, 0, "", 0)]
        [InlineData("null", false, 0, "", 0)]
        [InlineData("", false, 0, "", 0)]
        public void OriginSerialisationIsParsedStrictly(string text, bool ok, int scheme, string host, int port)
        {
            Assert.Equal(ok, OriginPolicy.TryParseOrigin(text, out int s, out int hs, out int hl, out int p));
            if (ok)
            {
                Assert.Equal(scheme, s);
                Assert.Equal(host, text.Substring(hs, hl));
                Assert.Equal(port, p);
            }
        }
    }
}
