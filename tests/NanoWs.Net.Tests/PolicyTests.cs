using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>Connection cap, handshake timeout, origin allow-list, authorization, path and subprotocols.</summary>
    public sealed class PolicyTests
    {
        [Fact]
        public async Task ConnectionOverTheCapGets503AndAFreedSlotIsReused()
        {
            using var harness = new ServerHarness(o => o.MaxConnections = 2).Start();
            using ClientWebSocket first = await ServerHarness.ConnectAsync(harness.WsUri());
            using ClientWebSocket second = await ServerHarness.ConnectAsync(harness.WsUri());

            var third = new ClientWebSocket();
            third.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(harness.WsUri(), default));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);

            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
            harness.NextClose();
            using ClientWebSocket fourth = await ServerHarness.ConnectAsync(harness.WsUri());
            await ServerHarness.SendTextAsync(fourth, "slot reused");
            var (_, data) = await ServerHarness.ReceiveMessageAsync(fourth);
            Assert.Equal("slot reused", System.Text.Encoding.UTF8.GetString(data));
        }

        [Fact]
        public async Task FullHouseEvictsTheOldestConnectionStillWaitingForItsRequest()
        {
            // The clock never moves: no handshake timeout frees anything here, only eviction.
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 3;
                o.Clock = clock.Clock;

                // An evicted socket gets its 503 and is closed on the next round, not after a linger.
                o.RejectLingerMs = 0;
            }).Start();
            var silent = new List<RawClient>();
            try
            {
                // Three sockets that never send a request take every slot, one after the other.
                for (int i = 0; i < 3; i++)
                {
                    silent.Add(new RawClient(harness.Port));
                    ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == silent.Count, "slot " + silent.Count + " taken");
                }

                // A fourth connection: the oldest silent one makes room, the others stay.
                using var fourth = new RawClient(harness.Port);
                Assert.True(silent[0].ReadsToEnd());
                clock.WaitForRound();
                Assert.Equal(3, harness.Server.SlotsInUse);
                Assert.False(silent[1].IsReadable());
                Assert.False(silent[2].IsReadable());

                // A real client: the next oldest makes room, and the client is served.
                using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
                await ServerHarness.SendTextAsync(client, "in");
                Assert.Equal("in", System.Text.Encoding.UTF8.GetString((await ServerHarness.ReceiveMessageAsync(client)).Data));
                Assert.True(silent[1].ReadsToEnd());
                clock.WaitForRound();
                Assert.False(silent[2].IsReadable());

                // Waiting now: silent[2], then fourth. A fifth connection evicts silent[2].
                using var fifth = new RawClient(harness.Port);
                Assert.True(silent[2].ReadsToEnd());

                // Connections that sent their request are never evicted: fourth upgrades, and the
                // next newcomer evicts fifth, the only one still waiting.
                Assert.StartsWith("HTTP/1.1 101", fourth.Handshake());
                using var sixth = new RawClient(harness.Port);
                Assert.True(fifth.ReadsToEnd());
                Assert.StartsWith("HTTP/1.1 101", sixth.Handshake());

                // Every slot holds an open connection: one more is refused with 503.
                using var seventh = new RawClient(harness.Port);
                Assert.StartsWith("HTTP/1.1 503 Service Unavailable", seventh.ReadHead());
                Assert.Equal(4, harness.Errors.Count(e => e.EndsWith("opening handshake evicted with 503: every slot was taken when a new connection came", StringComparison.Ordinal)));
                Assert.Equal(3, harness.Server.OpenCount);
                Assert.Equal(3, harness.Server.SlotsInUse);
                Assert.DoesNotContain(harness.Errors, e => e.Contains("timed out"));
            }
            finally
            {
                silent.ForEach(r => r.Dispose());
            }
        }

        [Fact]
        public async Task IdleSocketsAreDroppedByTheHandshakeTimeoutAndTheirSlotsReused()
        {
            var clock = new TestClock();
            using var harness = new ServerHarness(o =>
            {
                o.MaxConnections = 3;
                o.Clock = clock.Clock;
                o.Connection.HandshakeTimeoutMs = 300;
            }).Start();

            // Three sockets that never send a byte take every slot.
            var idle = new List<RawClient>();
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    idle.Add(new RawClient(harness.Port));
                }

                ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 3, "every slot taken");
                clock.WaitForRound();
                clock.AdvanceAndWait(299);
                Assert.All(idle, raw => Assert.False(raw.IsReadable()));

                // At the handshake timeout every one of them is dropped.
                clock.AdvanceAndWait(1);
                Assert.All(idle, raw => Assert.True(raw.ReadsToEnd()));
                Assert.Equal(3, harness.Errors.Count(e => e.EndsWith("opening handshake timed out", StringComparison.Ordinal)));
                ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 0, "every slot free");

                using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri());
                await ServerHarness.SendTextAsync(client, "in");
                var (_, data) = await ServerHarness.ReceiveMessageAsync(client);
                Assert.Equal("in", System.Text.Encoding.UTF8.GetString(data));
                Assert.DoesNotContain(harness.Errors, e => e.Contains("evicted"));
            }
            finally
            {
                idle.ForEach(r => r.Dispose());
            }
        }

        [Fact]
        public async Task ForeignOriginGets403AndAllowedOriginOpens()
        {
            using var harness = new ServerHarness(o => o.AllowedOrigins = new[] { "http://good.example" }).Start();
            var refused = new ClientWebSocket();
            refused.Options.CollectHttpResponseDetails = true;
            refused.Options.SetRequestHeader("Origin", "http://evil.example");
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(harness.WsUri(), default));
            Assert.Equal(HttpStatusCode.Forbidden, refused.HttpStatusCode);

            using ClientWebSocket allowed = await ServerHarness.ConnectAsync(harness.WsUri(), o => o.SetRequestHeader("Origin", "http://good.example"));
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, allowed.State);
        }

        [Fact]
        public async Task AuthorizeHookSeesTheRequestAndRefuses()
        {
            var seen = new List<string>();
            using var harness = new ServerHarness();
            harness.Server.Authorize = (server, id, request, isUpgrade) =>
            {
                lock (seen)
                {
                    seen.Add(request.Path + "|" + request.Query + "|" + request.GetCookie("session") + "|" + request.GetHeader("Authorization"));
                }

                if (request.PathEquals("/admin"))
                {
                    return 403;
                }

                return request.HeaderEquals("Authorization", "Bearer secret") || request.GetCookie("session") == "s1" ? 0 : 401;
            };
            harness.Start();

            var anonymous = new ClientWebSocket();
            anonymous.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(harness.WsUri("/ws?x=1"), default));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
            Assert.True(anonymous.HttpResponseHeaders.ContainsKey("WWW-Authenticate"));

            var forbidden = new ClientWebSocket();
            forbidden.Options.CollectHttpResponseDetails = true;
            forbidden.Options.SetRequestHeader("Authorization", "Bearer secret");
            await Assert.ThrowsAsync<WebSocketException>(() => forbidden.ConnectAsync(harness.WsUri("/admin"), default));
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.HttpStatusCode);

            using ClientWebSocket bearer = await ServerHarness.ConnectAsync(harness.WsUri("/ws"), o => o.SetRequestHeader("Authorization", "Bearer secret"));
            using ClientWebSocket cookie = await ServerHarness.ConnectAsync(harness.WsUri("/ws?room=7"), o => o.SetRequestHeader("Cookie", "theme=dark; session=s1"));
            lock (seen)
            {
                Assert.Contains("/ws|x=1||", seen);
                Assert.Contains("/ws|room=7|s1|", seen);
                Assert.Contains("/ws|||Bearer secret", seen);
            }

            // The error lines tell the application's refusals from the Origin check's.
            Assert.Contains(harness.Errors, e => e.EndsWith("upgrade refused with 401: refused by Authorize"));
            Assert.Contains(harness.Errors, e => e.EndsWith("upgrade refused with 403: refused by Authorize"));
            Assert.DoesNotContain(harness.Errors, e => e.Contains("origin not allowed"));
        }

        [Fact]
        public async Task UpgradeOnAnotherPathGets404()
        {
            using var harness = new ServerHarness(o => o.WebSocketPath = "/ws").Start();
            var wrong = new ClientWebSocket();
            wrong.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => wrong.ConnectAsync(harness.WsUri("/other"), default));
            Assert.Equal(HttpStatusCode.NotFound, wrong.HttpStatusCode);
            using ClientWebSocket right = await ServerHarness.ConnectAsync(harness.WsUri("/ws?token=1"));
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, right.State);
        }

        [Fact]
        public async Task SubprotocolIsNegotiatedFromTheOptions()
        {
            using var harness = new ServerHarness(o => o.Connection.Subprotocols = new[] { "chat.v2", "chat" }).Start();
            using ClientWebSocket client = await ServerHarness.ConnectAsync(harness.WsUri(), o =>
            {
                o.AddSubProtocol("chat");
                o.AddSubProtocol("other");
            });
            Assert.Equal("chat", client.SubProtocol);
            ServerHarness.WaitUntil(() => !harness.OpenedIds.IsEmpty, "Opened");
            harness.OpenedIds.TryPeek(out int id);
            Assert.Equal("chat", harness.Server.GetSubprotocol(id));
        }
    }
}
