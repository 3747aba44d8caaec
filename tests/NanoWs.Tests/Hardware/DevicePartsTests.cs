using System;
using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class DevicePartsTests
    {
        [TestMethod]
        public void Simulated_parts_are_complete()
        {
            DeviceParts parts = SimulatedParts.Create(1);
            Assert.IsTrue(parts.IsComplete);
            Assert.IsTrue(parts.Climate.Measure(0));
            Assert.IsFalse(parts.Button.Read(0));
            Assert.IsFalse(parts.Led.IsOn);
            Assert.AreEqual(0, parts.Fan.Percent);
        }

        [TestMethod]
        public void The_simulated_climate_feels_the_simulated_fan_of_its_set()
        {
            DeviceParts fanned = SimulatedParts.Create(3);
            DeviceParts still = SimulatedParts.Create(3);
            fanned.Fan.SetPercent(100);
            for (long t = 0; t <= 20 * 60000; t += 200)
            {
                fanned.Climate.Measure(t);
                still.Climate.Measure(t);
            }

            Assert.IsTrue(fanned.Climate.Celsius < still.Climate.Celsius - 2);
            Assert.IsTrue(fanned.Climate.Humidity < still.Climate.Humidity - 3.5);
        }

        [TestMethod]
        public void The_same_seed_gives_the_same_readings()
        {
            DeviceParts a = SimulatedParts.Create(42);
            DeviceParts b = SimulatedParts.Create(42);
            for (long t = 0; t <= 60000; t += 20)
            {
                Assert.AreEqual(a.Button.Read(t), b.Button.Read(t));
                if (t % 200 == 0)
                {
                    a.Climate.Measure(t);
                    b.Climate.Measure(t);
                    Assert.AreEqual(a.Climate.Celsius, b.Climate.Celsius);
                    Assert.AreEqual(a.Light.ReadPercent(t), b.Light.ReadPercent(t));
                }
            }
        }

        [TestMethod]
        public void A_set_is_incomplete_until_every_part_is_set()
        {
            DeviceParts parts = new DeviceParts();
            Assert.IsFalse(parts.IsComplete);
            SimulatedDay day = new SimulatedDay();
            SimulatedFan fan = new SimulatedFan();
            parts.Climate = new SimulatedClimate(1, day, fan);
            parts.Light = new SimulatedLight(2, day);
            parts.Button = new SimulatedButton(3);
            parts.Led = new SimulatedLed();
            Assert.IsFalse(parts.IsComplete);
            parts.Fan = fan;
            Assert.IsTrue(parts.IsComplete);
        }

        [TestMethod]
        public void Releasing_switches_the_actuators_off_and_forgets_the_parts()
        {
            DeviceParts parts = SimulatedParts.Create(5);
            ILed led = parts.Led;
            IFan fan = parts.Fan;
            led.Set(true);
            fan.SetPercent(70);

            Assert.AreEqual(0, parts.Release());
            Assert.IsFalse(led.IsOn);
            Assert.AreEqual(0, fan.Percent);
            Assert.IsFalse(parts.IsComplete);
            Assert.IsNull(parts.Led);
            Assert.IsNull(parts.Climate);

            // Released twice (the fallback path, then Dispose): nothing happens the second time.
            led.Set(true);
            Assert.AreEqual(0, parts.Release());
            Assert.IsTrue(led.IsOn);
        }

        [TestMethod]
        public void A_set_opened_halfway_releases_what_it_has()
        {
            // As when the fan's pin cannot be opened: the LED and the light sensor are open, the
            // rest was never opened.
            DeviceParts parts = new DeviceParts();
            SimulatedLed led = new SimulatedLed();
            led.Set(true);
            parts.Led = led;
            parts.Light = new SimulatedLight(1, new SimulatedDay());

            Assert.AreEqual(0, parts.Release());
            Assert.IsFalse(led.IsOn);
            Assert.IsNull(parts.Led);
            Assert.IsNull(parts.Light);
            Assert.IsNull(parts.LastReleaseError);
        }

        [TestMethod]
        public void At_most_four_resources_are_owned_and_all_are_released()
        {
            // Any disposable can be owned; on a board it is the GPIO controller.
            DeviceParts parts = new DeviceParts();
            SimulatedFan[] owned = new SimulatedFan[4];
            for (int i = 0; i < owned.Length; i++)
            {
                owned[i] = new SimulatedFan();
                owned[i].SetPercent(10 + i);
                parts.Own(owned[i]);
            }

            Assert.ThrowsException(typeof(InvalidOperationException), () => parts.Own(new SimulatedFan()));
            parts.Dispose();
            for (int i = 0; i < owned.Length; i++)
            {
                Assert.AreEqual(0, owned[i].Percent);
            }
        }
    }
}
