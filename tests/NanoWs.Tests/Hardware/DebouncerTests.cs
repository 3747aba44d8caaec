using System;
using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class DebouncerTests
    {
        [TestMethod]
        public void A_clean_press_is_accepted_after_the_stable_time()
        {
            Debouncer d = new Debouncer(30, false);
            Assert.IsFalse(d.Update(false, 0));
            Assert.IsFalse(d.Update(true, 100));
            Assert.IsFalse(d.Update(true, 129));
            Assert.IsTrue(d.Update(true, 130));
            Assert.AreEqual(1, d.Presses);
        }

        [TestMethod]
        public void Bounce_on_press_and_release_gives_one_press()
        {
            Debouncer d = new Debouncer(30, false);
            long t = 0;

            // Press: 8 ms of bounce sampled every 2 ms, then held.
            bool[] bounce = new bool[] { true, false, true, true, false, true, false, true };
            for (int i = 0; i < bounce.Length; i++, t += 2)
            {
                Assert.IsFalse(d.Update(bounce[i], t), "no press during the bounce");
            }

            for (; t < 200; t += 2)
            {
                d.Update(true, t);
            }

            Assert.IsTrue(d.State);

            // Release, with bounce again.
            for (int i = 0; i < bounce.Length; i++, t += 2)
            {
                Assert.IsTrue(d.Update(!bounce[i], t), "still pressed during the bounce");
            }

            for (int i = 0; i < 40; i++, t += 2)
            {
                d.Update(false, t);
            }

            Assert.IsFalse(d.State);
            Assert.AreEqual(1, d.Presses);
        }

        [TestMethod]
        public void A_spike_shorter_than_the_stable_time_is_ignored()
        {
            Debouncer d = new Debouncer(30, false);
            d.Update(false, 0);
            d.Update(true, 10);
            d.Update(true, 35);
            Assert.IsFalse(d.Update(false, 39));
            Assert.IsFalse(d.Update(false, 100));
            Assert.AreEqual(0, d.Presses);
        }

        [TestMethod]
        public void Slow_polling_accepts_a_level_seen_twice_stable_time_apart()
        {
            // Polled every 50 ms with a 30 ms debounce: the second sample of the new level confirms it.
            Debouncer d = new Debouncer(30, false);
            Assert.IsFalse(d.Update(true, 0));
            Assert.IsTrue(d.Update(true, 50));
        }

        [TestMethod]
        public void Zero_stable_time_follows_the_raw_level()
        {
            Debouncer d = new Debouncer(0, false);
            Assert.IsTrue(d.Update(true, 5));
            Assert.IsFalse(d.Update(false, 5));
            Assert.IsTrue(d.Update(true, 6));
            Assert.AreEqual(2, d.Presses);
        }

        [TestMethod]
        public void Negative_stable_time_is_treated_as_zero()
        {
            Debouncer d = new Debouncer(-5, false);
            Assert.AreEqual(0, d.StableMs);
            Assert.IsTrue(d.Update(true, 0));
        }

        [TestMethod]
        public void Starts_in_the_given_state_and_Reset_restarts_timing()
        {
            Debouncer d = new Debouncer(20, true);
            Assert.IsTrue(d.State);
            Assert.IsTrue(d.Update(false, 0));
            Assert.IsFalse(d.Update(false, 20));

            d.Reset(true);
            Assert.IsTrue(d.State);
            Assert.IsTrue(d.Update(false, 21));
            Assert.IsTrue(d.Update(false, 40));
            Assert.IsFalse(d.Update(false, 41));
        }

        [TestMethod]
        public void A_clock_that_steps_back_does_not_confirm_early()
        {
            Debouncer d = new Debouncer(30, false);
            d.Update(true, 1000);
            d.Update(true, 500);
            Assert.IsFalse(d.Update(true, 520));
            Assert.IsTrue(d.Update(true, 530));
        }

        [TestMethod]
        public void Counts_every_accepted_press()
        {
            Debouncer d = new Debouncer(10, false);
            long t = 0;
            for (int press = 0; press < 5; press++)
            {
                for (int i = 0; i < 3; i++, t += 10)
                {
                    d.Update(true, t);
                }

                for (int i = 0; i < 3; i++, t += 10)
                {
                    d.Update(false, t);
                }
            }

            Assert.AreEqual(5, d.Presses);
        }
    }
}
