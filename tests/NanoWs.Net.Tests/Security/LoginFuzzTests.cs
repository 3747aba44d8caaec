using System;
using System.Text;
using CsCheck;
using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>
    /// Property tests (CsCheck) of what a guesser controls: the login's Authorization header and the
    /// Cookie header of page requests and upgrades. Nothing throws, nothing but the exact
    /// credentials gets in, and genuine credentials always do.
    /// </summary>
    public sealed class LoginFuzzTests
    {
        private static readonly Gen<string> AnyText = Gen.Frequency(
            (4, Gen.String[0, 60]),
            (3, Gen.Char["Basic =:+/aZ09;%\\\" \t"].Array[0, 40].Select(c => new string(c))),
            (2, Gen.Char.AlphaNumeric.Array[0, 48].Select(c => "Basic " + new string(c))),
            (1, Gen.Byte.Array[0, 100].Select(b => "Basic " + Convert.ToBase64String(b))));

        [Fact]
        public void AnyAuthorizationHeaderIsReadWithoutThrowingAndInsideTheBuffer()
        {
            AnyText.Sample(header =>
            {
                var buffer = new byte[128];
                int offset = BasicCredentials.TryReadPassword(header, buffer, out int length);
                Assert.True(offset == -1 || (offset >= 1 && length >= 0 && offset + length <= buffer.Length));
            }, iter: 20000);
        }

        [Fact]
        public void GenuineBasicCredentialsAlwaysYieldThePassword()
        {
            Gen.Select(Gen.String[0, 20].Where(u => !u.Contains(':')), Gen.String[0, 30], Gen.Int[1, 3]).Sample((user, password, spaces) =>
            {
                byte[] userPass = Encoding.UTF8.GetBytes(user + ":" + password);
                string scheme = spaces == 2 ? "BASIC" : "Basic";
                string header = scheme + new string(' ', spaces) + Convert.ToBase64String(userPass);
                var buffer = new byte[128];
                int offset = BasicCredentials.TryReadPassword(header, buffer, out int length);
                if (userPass.Length > buffer.Length)
                {
                    Assert.Equal(-1, offset);
                    return;
                }

                Assert.Equal(Encoding.UTF8.GetBytes(password), buffer.AsSpan(offset, length).ToArray());
            }, iter: 5000);
        }

        [Fact]
        public void AnyCookieHeaderFindsNoSessionButTheExactOne()
        {
            var table = new SessionTable(4, 60000, new SystemRandomSource());
            int place = table.Create(0);
            string genuine = table.CookieValue(place);
            var options = new WebSocketOptions();
            WebSocketConnection connection = WebSocketConnection.CreateServer(options);

            Gen<string> cookieValues = Gen.Frequency(
                (4, Gen.String[0, 80]),
                (3, Gen.Char["0123456789abcdefABCDEF=; \""].Array[0, 40].Select(c => new string(c))),
                (2, Gen.Int[0, 31].Select(Gen.Char["0123456789abcdef"]).Select((i, c) => genuine.Substring(0, i) + c + genuine.Substring(i + 1))),
                (1, Gen.Const(genuine)));
            int parsed = 0;
            int matched = 0;
            cookieValues.Sample(value =>
            {
                // Header text goes through the server's own request parser, as from a socket.
                string safe = value.Replace("\r", "").Replace("\n", "");
                byte[] request = Encoding.UTF8.GetBytes("GET / HTTP/1.1\r\nHost: d\r\nCookie: a=b; nanows_session=" + safe + "; c=d\r\n\r\n");
                connection.Reset();
                connection.Feed(request, 0, request.Length);
                WebSocketEvent ev = connection.Next();
                if (ev != WebSocketEvent.HttpRequest)
                {
                    return;
                }

                int found = table.Find(connection.Head.GetCookie("nanows_session"), 1);
                Assert.Equal(safe == genuine ? place : -1, found);
                System.Threading.Interlocked.Increment(ref parsed);
                if (found >= 0)
                {
                    System.Threading.Interlocked.Increment(ref matched);
                }
            }, iter: 5000, threads: 1);

            // The property was exercised: many requests parsed, the genuine cookie among them.
            Assert.True(parsed > 1000, parsed + " requests parsed");
            Assert.True(matched > 0);

            Assert.Equal(-1, table.Find(genuine, 60000));
        }
    }
}
