using System;
using System.Text;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The timers' clock: a wall clock that SNTP steps forward or back (as a board's does once Wi-Fi
    /// is up) neither expires every timer at once nor freezes them.
    /// </summary>
    public sealed class ClockTests
    {
        private static readonly long OneYearMs = (long)TimeSpan.FromDays(365).TotalMilliseconds;

        [Fact]
        public void Monotonic_clock_adds_each_step_of_its_source_clamped_to_0_and_the_maximum()
        {
            var source = new TestClock(start: 1_700_000_000_000);
            var clock = new MonotonicClock(source.Clock, 1000);
            Assert.Equal(0, clock.Now());

            source.Advance(5);
            Assert.Equal(5, clock.Now());
            source.Advance(1000);
            Assert.Equal(1005, clock.Now());

            // SNTP steps the wall clock a year ahead: one step of at most 1000 ms is counted.
            source.Advance(OneYearMs);
            Assert.Equal(2005, clock.Now());

            // ... and back by two years: time stands still for that reading, then runs on.
            source.Advance(-2 * OneYearMs);
            Assert.Equal(2005, clock.Now());
            source.Advance(7);
            Assert.Equal(2012, clock.Now());
            Assert.Equal(2012, clock.Now());
        }

        [Fact]
        public void Monotonic_clock_needs_a_source_and_a_positive_step()
        {
            Assert.Throws<ArgumentException>(() => new MonotonicClock(null, 1000));
            Assert.Throws<ArgumentException>(() => new MonotonicClock(new TestClock().Clock, 0));
        }

        [Fact]
        public void Default_clock_never_goes_backwards()
        {
            MillisecondClock clock = MonotonicClock.CreateDefault();
            long previous = clock();
            for (int i = 0; i < 1000; i++)
            {
                long now = clock();
                Assert.True(now >= previous, now + " after " + previous);
                previous = now;
            }
        }

        [Fact]
        public void Server_wall_clock_stepped_a_year_ahead_does_not_expire_a_handshake_and_stepped_back_does_not_freeze_keep_alive()
        {
            var wall = new TestClock(start: 1_700_000_000_000);
            using var harness = new ServerHarness(o =>
            {
                o.Clock = new MonotonicClock(wall.Clock, MonotonicClock.DefaultMaxStepMs).Now;
                o.Connection.HandshakeTimeoutMs = 5000;
                o.Connection.PingIntervalMs = 3000;
            }).Start();
            using var raw = new RawClient(harness.Port);
            ServerHarness.WaitUntil(() => harness.Server.SlotsInUse == 1, "the connection in a slot");
            wall.WaitForRound();

            // A year passes on the wall clock while the request is still to come.
            wall.AdvanceAndWait(OneYearMs);
            wall.WaitForRound();
            Assert.StartsWith("HTTP/1.1 101", raw.Handshake());
            Assert.DoesNotContain(harness.Errors, e => e.Contains("timed out"));

            // Back two years: the keep-alive still pings after 3000 ms of real steps.
            wall.AdvanceAndWait(-2 * OneYearMs);
            for (int i = 0; i < 3; i++)
            {
                wall.AdvanceAndWait(1000);
            }

            RawClient.Frame ping = raw.ReadFrame();
            Assert.Equal(0x9, ping.Opcode);
            Assert.Empty(ping.Payload);
        }

        [Fact]
        public void Client_wall_clock_stepped_a_year_ahead_does_not_expire_its_handshake()
        {
            var wall = new TestClock(start: 1_700_000_000_000);
            using var server = new RawServer();
            var client = new WebSocketClient(server.Url, new WebSocketClientOptions
            {
                PollIntervalMs = 2,
                Clock = new MonotonicClock(wall.Clock, MonotonicClock.DefaultMaxStepMs).Now,
                Connection = new WebSocketOptions { HandshakeTimeoutMs = 5000 },
            });
            var recorder = new ClientRecorder(client);
            try
            {
                client.Connect();
                using RawServer.Peer peer = server.Accept();
                string request = peer.ReadRequest();
                wall.WaitForRound();
                wall.AdvanceAndWait(OneYearMs);
                wall.WaitForRound();

                peer.Accept(request);
                ServerHarness.WaitUntil(() => System.Threading.Volatile.Read(ref recorder.Opens) == 1, "Opened");
                Assert.Equal(WebSocketState.Open, client.ReadyState);
                Assert.Empty(recorder.Errors);
            }
            finally
            {
                client.Close();
                client.WaitClosed(5000);
            }
        }
    }
}
