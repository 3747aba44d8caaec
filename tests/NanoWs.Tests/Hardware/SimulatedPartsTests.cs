using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class SimulatedPartsTests
    {
        // The dashboard samples the sensors every 200 ms and the button every 20 ms.
        private const int SampleMs = 200;
        private const int PollMs = 20;
        private const long Minute = 60000;

        [TestMethod]
        public void The_climate_starts_at_room_conditions()
        {
            SimulatedClimate climate = new SimulatedClimate(1, new SimulatedDay(), null);
            Assert.IsTrue(climate.Measure(0));
            Assert.AreEqual(21.5, climate.Celsius);
            Assert.AreEqual(45.0, climate.Humidity);
        }

        [TestMethod]
        public void The_climate_drifts_in_small_steps_within_room_bounds()
        {
            SimulatedClimate climate = new SimulatedClimate(11, new SimulatedDay(), null);
            climate.Measure(0);
            double lastT = climate.Celsius;
            double lastH = climate.Humidity;
            double minT = lastT;
            double maxT = lastT;
            double minH = lastH;
            double maxH = lastH;
            for (long t = SampleMs; t <= 60 * Minute; t += SampleMs)
            {
                climate.Measure(t);
                double dT = climate.Celsius - lastT;
                double dH = climate.Humidity - lastH;
                Assert.IsTrue(dT < 0.1 && dT > -0.1, "temperature jumped by " + dT.ToString() + " at " + t.ToString());
                Assert.IsTrue(dH < 0.5 && dH > -0.5, "humidity jumped by " + dH.ToString() + " at " + t.ToString());
                lastT = climate.Celsius;
                lastH = climate.Humidity;
                minT = lastT < minT ? lastT : minT;
                maxT = lastT > maxT ? lastT : maxT;
                minH = lastH < minH ? lastH : minH;
                maxH = lastH > maxH ? lastH : maxH;
            }

            Assert.IsTrue(minT > 15 && maxT < 28, "temperature between " + minT.ToString() + " and " + maxT.ToString());
            Assert.IsTrue(minH > 30 && maxH < 70, "humidity between " + minH.ToString() + " and " + maxH.ToString());

            // It moves: over an hour (twelve simulated days) it does not sit still.
            Assert.IsTrue(maxT - minT > 1, "temperature range " + (maxT - minT).ToString());
            Assert.IsTrue(maxH - minH > 3, "humidity range " + (maxH - minH).ToString());
        }

        [TestMethod]
        public void The_same_seed_gives_the_same_climate_and_another_seed_a_different_one()
        {
            SimulatedDay day = new SimulatedDay();
            SimulatedClimate a = new SimulatedClimate(5, day, null);
            SimulatedClimate b = new SimulatedClimate(5, day, null);
            SimulatedClimate c = new SimulatedClimate(6, day, null);
            bool differs = false;
            for (long t = 0; t <= 5 * Minute; t += SampleMs)
            {
                a.Measure(t);
                b.Measure(t);
                c.Measure(t);
                Assert.AreEqual(a.Celsius, b.Celsius);
                Assert.AreEqual(a.Humidity, b.Humidity);
                differs |= a.Celsius != c.Celsius;
            }

            Assert.IsTrue(differs);
        }

        [TestMethod]
        public void A_running_fan_cools_and_dries_the_air()
        {
            SimulatedDay day = new SimulatedDay();
            SimulatedFan fan = new SimulatedFan();
            SimulatedClimate withFan = new SimulatedClimate(8, day, fan);
            SimulatedClimate still = new SimulatedClimate(8, day, new SimulatedFan());
            fan.SetPercent(100);
            for (long t = 0; t <= 20 * Minute; t += SampleMs)
            {
                withFan.Measure(t);
                still.Measure(t);
            }

            // Full speed lowers the targets by 3 °C and 5 %; after 20 minutes both have settled.
            double cooler = still.Celsius - withFan.Celsius;
            double drier = still.Humidity - withFan.Humidity;
            Assert.IsTrue(cooler > 2 && cooler < 4, "cooler by " + cooler.ToString());
            Assert.IsTrue(drier > 3.5 && drier < 6.5, "drier by " + drier.ToString());
        }

        [TestMethod]
        public void The_day_is_dark_at_night_and_full_at_noon()
        {
            SimulatedDay day = new SimulatedDay();
            day.LengthMs = 10 * Minute;

            // A fresh start is mid-morning; noon is a tenth of a day later, midnight six tenths.
            Assert.IsTrue(day.DaylightPercent(0) > 50);
            Assert.IsTrue(day.DaylightPercent(Minute) > 99.9);
            Assert.AreEqual(SimulatedDay.NightPercent, day.DaylightPercent(6 * Minute));
            Assert.AreEqual(day.DaylightPercent(Minute), day.DaylightPercent(11 * Minute));
        }

        [TestMethod]
        public void The_light_follows_the_day_dimmed_by_clouds()
        {
            SimulatedDay day = new SimulatedDay();
            day.LengthMs = 10 * Minute;
            SimulatedLight light = new SimulatedLight(4, day);
            double noonMin = 100;
            double nightMax = 0;
            bool clouded = false;
            for (long t = 0; t <= 60 * Minute; t += SampleMs)
            {
                double percent = light.ReadPercent(t);
                Assert.IsTrue(percent >= 0 && percent <= 100, "light " + percent.ToString());
                long phase = t % day.LengthMs;
                if (phase == Minute)
                {
                    noonMin = percent < noonMin ? percent : noonMin;
                }
                else if (phase == 6 * Minute)
                {
                    nightMax = percent > nightMax ? percent : nightMax;
                }

                clouded |= light.Cloud > 0.05;
            }

            // Clouds dim at most 60 %, noise is ±0.2 %.
            Assert.IsTrue(noonMin > 39.8, "noon " + noonMin.ToString());
            Assert.IsTrue(nightMax < 0.71, "night " + nightMax.ToString());
            Assert.IsTrue(clouded);
        }

        [TestMethod]
        public void The_button_is_pressed_now_and_then_for_a_fraction_of_a_second()
        {
            SimulatedButton button = new SimulatedButton(9);
            bool pressed = false;
            long pressStart = -1;
            long lastStart = -1;
            int edges = 0;
            for (long t = 0; t <= 3 * Minute; t += PollMs)
            {
                bool now = button.Read(t);
                if (now && !pressed)
                {
                    edges++;
                    Assert.IsTrue(t >= SimulatedButton.FirstPressMs, "first press at " + t.ToString());
                    if (lastStart >= 0)
                    {
                        long gap = t - lastStart;
                        Assert.IsTrue(gap >= 4000 && gap <= 12000, "presses " + gap.ToString() + " ms apart");
                    }

                    pressStart = t;
                    lastStart = t;
                }
                else if (!now && pressed)
                {
                    long held = t - pressStart;
                    Assert.IsTrue(held >= 150 && held <= 600 + PollMs, "held for " + held.ToString() + " ms");
                }

                pressed = now;
            }

            Assert.IsTrue(edges >= 14 && edges <= 45, edges.ToString() + " presses in 3 minutes");
            Assert.AreEqual(edges, button.Presses);
        }

        [TestMethod]
        public void A_button_polled_slower_than_a_press_still_sees_every_press()
        {
            SimulatedButton button = new SimulatedButton(2);
            int seen = 0;
            for (long t = 0; t <= 5 * Minute; t += 3000)
            {
                if (button.Read(t))
                {
                    seen++;
                }
            }

            Assert.IsTrue(seen > 0);
            Assert.AreEqual(seen, button.Presses);
        }

        [TestMethod]
        public void The_led_and_the_fan_remember_what_they_were_set_to()
        {
            SimulatedLed led = new SimulatedLed();
            SimulatedFan fan = new SimulatedFan();
            Assert.IsFalse(led.IsOn);
            Assert.AreEqual(0, fan.Percent);

            led.Set(true);
            fan.SetPercent(62);
            Assert.IsTrue(led.IsOn);
            Assert.AreEqual(62, fan.Percent);

            fan.SetPercent(250);
            Assert.AreEqual(100, fan.Percent);
            fan.SetPercent(-3);
            Assert.AreEqual(0, fan.Percent);
        }
    }
}
