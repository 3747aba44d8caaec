using System.Threading;
using System.Threading.Tasks;
using NanoWs.Net;

namespace NanoWs.Tests
{
    /// <summary>
    /// A clock the test moves by hand, given to one server or one client as its options' Clock, so
    /// that timers fire exactly when the test says and never because the machine was slow. It counts
    /// its readings: the poll loop reads the clock once per round, so two readings after a move mean
    /// a whole round has run at the new time (timers checked, their consequences queued).
    /// Stopping a server waits for close handshakes on its clock: <see cref="StopWhileAdvancing"/>
    /// (which ServerHarness uses) keeps the time moving meanwhile.
    /// </summary>
    public sealed class TestClock
    {
        private long _now;
        private long _reads;

        public TestClock(long start = 0)
        {
            _now = start;
            Clock = Read;
        }

        /// <summary>The delegate to put in WebSocketServerOptions.Clock or WebSocketClientOptions.Clock.</summary>
        public MillisecondClock Clock { get; }

        public long Now => Interlocked.Read(ref _now);

        public long Reads => Interlocked.Read(ref _reads);

        /// <summary>Moves the time by <paramref name="ms"/> (negative: backwards, as a stepped wall clock may).</summary>
        public void Advance(long ms) => Interlocked.Add(ref _now, ms);

        /// <summary>Waits (hang guard: <see cref="ServerHarness.Patience"/>) until the loop has run a whole round since now.</summary>
        public void WaitForRound()
        {
            long start = Reads;
            ServerHarness.WaitUntil(() => Reads >= start + 2, "a poll round at virtual time " + Now);
        }

        /// <summary>Moves the time, then waits for a whole round at the new time.</summary>
        public void AdvanceAndWait(long ms)
        {
            Advance(ms);
            WaitForRound();
        }

        /// <summary>Stops <paramref name="server"/> while moving the time on, so its close timeout can pass.</summary>
        public void StopWhileAdvancing(WebSocketServer server)
        {
            Task stop = Task.Run(server.Stop);
            while (!stop.Wait(5))
            {
                Advance(100);
            }
        }

        private long Read()
        {
            Interlocked.Increment(ref _reads);
            return Interlocked.Read(ref _now);
        }
    }
}
