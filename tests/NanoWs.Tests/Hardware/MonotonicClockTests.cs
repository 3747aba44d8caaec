using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class MonotonicClockTests
    {
        // A plausible wall clock before SNTP (2000-01-01 in ms since 1970) and after it (2025).
        private const long BeforeSntp = 946684800000;
        private const long AfterSntp = 1735689600000;

        [TestMethod]
        public void Starts_at_zero_and_follows_small_steps_exactly()
        {
            MonotonicClock clock = new MonotonicClock(1000);
            Assert.AreEqual(0L, clock.Advance(BeforeSntp));
            Assert.AreEqual(20L, clock.Advance(BeforeSntp + 20));
            Assert.AreEqual(20L, clock.Advance(BeforeSntp + 20));
            Assert.AreEqual(1020L, clock.Advance(BeforeSntp + 1020));
            Assert.AreEqual(1020L, clock.NowMs);
        }

        [TestMethod]
        public void A_backward_step_holds_the_count_and_it_resumes_from_the_new_time()
        {
            MonotonicClock clock = new MonotonicClock(1000);
            clock.Advance(AfterSntp);
            Assert.AreEqual(40L, clock.Advance(AfterSntp + 40));

            // SNTP sets the clock back by a day: the count stays where it was...
            Assert.AreEqual(40L, clock.Advance(AfterSntp - 86400000));

            // ...and moves on with the corrected clock, not after a day of waiting.
            Assert.AreEqual(60L, clock.Advance(AfterSntp - 86400000 + 20));
            Assert.AreEqual(80L, clock.Advance(AfterSntp - 86400000 + 40));
        }

        [TestMethod]
        public void A_forward_step_counts_at_most_the_maximum_step()
        {
            MonotonicClock clock = new MonotonicClock(1000);
            clock.Advance(BeforeSntp);
            Assert.AreEqual(20L, clock.Advance(BeforeSntp + 20));

            // SNTP moves the clock 25 years ahead: counted as one maximum step.
            Assert.AreEqual(1020L, clock.Advance(AfterSntp));
            Assert.AreEqual(1040L, clock.Advance(AfterSntp + 20));
        }

        [TestMethod]
        public void The_count_never_decreases_whatever_the_source_does()
        {
            MonotonicClock clock = new MonotonicClock(500);
            long[] steps = new long[] { 20, 20, -5000, 20, 700, 0, -1, 20, 3600000, -3600000, 20, 499, 501 };
            long source = AfterSntp;
            long last = clock.Advance(source);
            long expected = 0;
            for (int i = 0; i < steps.Length; i++)
            {
                source += steps[i];
                long now = clock.Advance(source);
                expected += steps[i] <= 0 ? 0 : steps[i] > 500 ? 500 : steps[i];
                Assert.IsTrue(now >= last, "step " + i.ToString());
                Assert.AreEqual(expected, now, "step " + i.ToString());
                last = now;
            }
        }
    }
}
