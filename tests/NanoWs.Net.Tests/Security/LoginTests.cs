using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// The owner's password over raw sockets: login page, session cookie, upgrades checked before
    /// 101, logout, throttled guessing; exact status lines and headers. The server's clock is a
    /// test clock, so backoffs end only when the test moves it.
    /// </summary>
    public sealed class LoginTests
    {
        private static readonly byte[] Page = Encoding.ASCII.GetBytes("<!doctype html><title>dashboard</title>\n");

        private static ServerHarness Start(TestClock clock, Action<WebSocketServerOptions> more = null)
        {
            var harness = new ServerHarness(o =>
            {
                o.Password = "pässword";
                o.Clock = clock.Clock;
                more?.Invoke(o);
            });
            harness.Server.AddRoute("/", "text/html", Page, false, null);
            return harness.Start();
        }

        private static string Basic(string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + password));

        private static string Request(int port, string request, out string body, string from = null)
        {
            using var raw = new RawClient(port, 0, from);
            raw.WriteAscii(request);
            string head = raw.ReadHead();
            Match length = Regex.Match(head, "Content-Length: (\\d+)\r\n");
            var bytes = new byte[length.Success ? int.Parse(length.Groups[1].Value) : 0];
            if (!head.StartsWith("HTTP/1.1 101") && !request.StartsWith("HEAD"))
            {
                raw.Stream.ReadExactly(bytes, 0, bytes.Length);
            }

            body = Encoding.UTF8.GetString(bytes);
            return head;
        }

        private static string Post(int port, string path, string headers, string from = null)
            => Request(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://127.0.0.1:" + port + "\r\nContent-Length: 0\r\n" + headers + "\r\n", out _, from);

        private static string Upgrade(int port, string cookie, string authorization = null)
            => Request(port, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:" + port + "\r\n"
                + (cookie == null ? "" : "Cookie: theme=dark; nanows_session=" + cookie + "\r\n")
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n", out _);

        /// <summary>An upgrade with <paramref name="authorization"/> that stays open (101 read) until disposed.</summary>
        private static RawClient OpenSocket(int port, string authorization)
        {
            var raw = new RawClient(port);
            raw.WriteAscii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: " + authorization + "\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 101 ", raw.ReadHead());
            return raw;
        }

        private static string Login(int port, string password, string from = null)
        {
            string head = Post(port, "/login", "Authorization: " + Basic(password) + "\r\n", from);
            Match cookie = Regex.Match(head, "\r\nSet-Cookie: nanows_session=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+\r\n");
            return cookie.Success ? cookie.Groups[1].Value : head;
        }

        [Fact]
        public void PageWithoutSessionIsTheLoginPageAndTheSocketIsRefused()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock);
            string head = Request(harness.Port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", out string body);
            Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html; charset=utf-8\r\n", head);
            Assert.Contains("\r\nWWW-Authenticate: Session realm=\"device\"\r\nCache-Control: no-store\r\n", head);
            Assert.Contains("type=password", body);
            Assert.DoesNotContain("dashboard", body);

            Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", Request(harness.Port, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", out string login));
            Assert.Equal(body, login);

            head = Upgrade(harness.Port, null);
            Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", head);
            Assert.Contains("\r\nWWW-Authenticate: Session realm=\"device\"\r\n", head);
            head = Upgrade(harness.Port, new string('0', 32));
            Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", head);
            Assert.Empty(harness.OpenedIds);
        }

        [Fact]
        public void LoginSetsTheCookieThatOpensThePageAndTheSocketUntilLogout()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock);
            string head = Post(harness.Port, "/login", "Authorization: " + Basic("pässword") + "\r\n");
            Assert.Matches("^HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n"
                + "Set-Cookie: nanows_session=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200\r\nCache-Control: no-store\r\n\r\n$", head);
            string cookie = Login(harness.Port, "pässword");
            Assert.Matches("^[0-9a-f]{32}$", cookie);

            head = Request(harness.Port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: nanows_session=" + cookie + "\r\n\r\n", out string body);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.Equal("<!doctype html><title>dashboard</title>\n", body);

            Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", Upgrade(harness.Port, cookie));
            Assert.Single(harness.OpenedIds);
            Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, cookie.ToUpperInvariant()));

            // An open socket of the session is closed with 1008 when it logs out.
            using var open = new RawClient(harness.Port);
            open.WriteAscii("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nCookie: nanows_session=" + cookie + "\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 101 ", open.ReadHead());

            head = Post(harness.Port, "/logout", "Cookie: nanows_session=" + cookie + "\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            Assert.Contains("\r\nSet-Cookie: nanows_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0\r\n", head);
            Assert.Equal(1008, open.ReadUntilClose());
            Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, cookie));
            Assert.StartsWith("HTTP/1.1 401 ", Request(harness.Port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: nanows_session=" + cookie + "\r\n\r\n", out _));

            // No secret in a log line.
            Assert.DoesNotContain(harness.Errors, e => e.Contains(cookie) || e.Contains("pässword"));
        }

        [Fact]
        public void SessionsExpireAndTheTableIsBounded()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock, o =>
            {
                o.MaxSessions = 2;
                o.SessionLifetimeMs = 60000;
            });
            string a = Login(harness.Port, "pässword");
            string b = Login(harness.Port, "pässword");
            clock.Advance(1);
            string c = Login(harness.Port, "pässword");
            Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, a));
            Assert.StartsWith("HTTP/1.1 101 ", Upgrade(harness.Port, b));
            Assert.StartsWith("HTTP/1.1 101 ", Upgrade(harness.Port, c));
            clock.Advance(60000);
            Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, c));
        }

        [Fact]
        public void PasswordGuessesAreThrottledPerAddress()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock);
            for (int i = 1; i <= 4; i++)
            {
                string head = Post(harness.Port, "/login", "Authorization: " + Basic("guess" + i) + "\r\n", "127.0.0.2");
                Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", head);
                Assert.DoesNotContain("Set-Cookie", head);
            }

            // The fourth wrong one started a 1 s backoff: even the right password is not looked at.
            string throttled = Post(harness.Port, "/login", "Authorization: " + Basic("pässword") + "\r\n", "127.0.0.2");
            Assert.Equal("HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n"
                + "Retry-After: 1\r\nCache-Control: no-store\r\n\r\n", throttled);

            // Another address is not affected.
            Assert.Matches("^[0-9a-f]{32}$", Login(harness.Port, "pässword", "127.0.0.1"));

            clock.Advance(1000);
            Assert.Matches("^[0-9a-f]{32}$", Login(harness.Port, "pässword", "127.0.0.2"));
        }

        [Theory]
        [InlineData("Basic")]
        [InlineData("Bearer cMOkc3N3b3Jk")]
        [InlineData("Basic cMOkc3N3b3Jk")]
        [InlineData("Basic OnDDpHNzd29yZA")]
        [InlineData("Basic OnDDpHNzd29yZA=!")]
        [InlineData("Basic OnDDpHNzd29yZ")]
        public void MalformedCredentialsAreAWrongPassword(string authorization)
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock);
            Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", Post(harness.Port, "/login", "Authorization: " + authorization + "\r\n"));
        }

        [Fact]
        public void LoginFromAnotherSiteGets403()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock);
            string head = Request(harness.Port, "POST /login HTTP/1.1\r\nHost: 127.0.0.1:" + harness.Port + "\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n"
                + "Authorization: " + Basic("pässword") + "\r\n\r\n", out _);
            Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", head);
            Assert.DoesNotContain("Set-Cookie", head);
        }

        [Fact]
        public void AScriptOpensTheSocketWithThePasswordItselfThrottledAsTheLoginIs()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock, o => o.ViewWithoutLogin = true);

            // RFC 7617 Basic credentials on the upgrade: no cookie, and the socket may command.
            using (RawClient script = OpenSocket(harness.Port, Basic("pässword")))
            {
                Assert.True(harness.Server.IsAuthenticated(harness.OpenedIds.Single()));
            }

            // A wrong one is refused even though viewing is open, and counts as a wrong login.
            for (int i = 0; i < 3; i++)
            {
                Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, null, Basic("guess" + i)));
            }

            Assert.StartsWith("HTTP/1.1 401 ", Upgrade(harness.Port, null, Basic("guess")));
            string backOff = Upgrade(harness.Port, null, Basic("pässword"));
            Assert.StartsWith("HTTP/1.1 429 Too Many Requests\r\n", backOff);
            Assert.Contains("\r\nRetry-After: 1\r\nCache-Control: no-store\r\n", backOff);
            Assert.StartsWith("HTTP/1.1 429 ", Post(harness.Port, "/login", "Authorization: " + Basic("pässword") + "\r\n"));
            clock.Advance(1000);
            Assert.StartsWith("HTTP/1.1 101 ", Upgrade(harness.Port, null, Basic("pässword")));
            Assert.Equal(2, harness.OpenedIds.Count);

            // Another scheme is the application's (Authorize), not a password: viewing stays open to it.
            using (RawClient viewer = OpenSocket(harness.Port, "Bearer pässword"))
            {
                int id = harness.OpenedIds.Last();
                Assert.True(harness.Server.IsConnectionOpen(id));
                Assert.False(harness.Server.IsAuthenticated(id));
            }

            Assert.DoesNotContain(harness.Errors, e => e.Contains("pässword") || e.Contains("guess"));

            // Each refusal is one error line that says why.
            Assert.Equal(4, harness.Errors.Count(e => e.EndsWith("upgrade refused with 401: wrong password")));
            Assert.Equal(1, harness.Errors.Count(e => e.EndsWith("upgrade refused with 429: address backing off after wrong passwords")));
            Assert.Equal("login refused: address backing off after wrong passwords", Assert.Single(harness.Errors, e => e.Contains("login refused")).Split(": ", 2)[1]);
        }

        [Fact]
        public void WrongPasswordsAndWrongTokensAreCountedApart()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock, o => o.ViewWithoutLogin = true);
            for (int i = 0; i < 4; i++)
            {
                Assert.StartsWith("HTTP/1.1 401 ", Post(harness.Port, "/login", "Authorization: " + Basic("guess" + i) + "\r\n"));
            }

            Assert.StartsWith("HTTP/1.1 429 ", Post(harness.Port, "/login", "Authorization: " + Basic("pässword") + "\r\n"));

            // The address backs off from passwords, not from command tokens: a viewer's socket is not throttled.
            using (RawClient viewer = OpenSocket(harness.Port, "Bearer none"))
            {
                Assert.False(harness.Server.IsThrottled(harness.OpenedIds.Single()));
            }
        }

        [Fact]
        public void ViewingCanBeLeftOpenWhileCommandsNeedTheLogin()
        {
            var clock = new TestClock();
            using ServerHarness harness = Start(clock, o => o.ViewWithoutLogin = true);
            Assert.StartsWith("HTTP/1.1 101 ", Upgrade(harness.Port, null));
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", Request(harness.Port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", out _));
            string cookie = Login(harness.Port, "pässword");
            Assert.StartsWith("HTTP/1.1 101 ", Upgrade(harness.Port, cookie));
            int[] ids = harness.OpenedIds.ToArray();
            Assert.False(harness.Server.IsAuthenticated(ids[0]) && harness.Server.IsConnectionOpen(ids[0]));
        }
    }
}
