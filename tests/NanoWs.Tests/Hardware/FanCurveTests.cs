using System;
using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class FanCurveTests
    {
        [TestMethod]
        [DataRow(0, 0.0)]
        [DataRow(1, 0.3)]
        [DataRow(34, 0.53333333333)]
        [DataRow(67, 0.76666666667)]
        [DataRow(100, 1.0)]
        [DataRow(-20, 0.0)]
        [DataRow(250, 1.0)]
        public void Maps_percent_onto_minimum_duty_to_full(int percent, double expected)
        {
            FanCurve curve = new FanCurve(0.3, false);
            Near(expected, curve.ToDutyCycle(percent), 1e-9);
        }

        [TestMethod]
        public void Zero_minimum_is_nearly_proportional()
        {
            FanCurve curve = new FanCurve(0, false);
            Near(0.0, curve.ToDutyCycle(0));
            Near(0.0, curve.ToDutyCycle(1));
            Near(1.0, curve.ToDutyCycle(100));
            Near(49.0 / 99.0, curve.ToDutyCycle(50));
        }

        [TestMethod]
        public void Duty_rises_monotonically_with_speed()
        {
            FanCurve curve = new FanCurve(0.25, false);
            double previous = -1;
            for (int p = 0; p <= 100; p++)
            {
                double duty = curve.ToDutyCycle(p);
                Assert.IsTrue(duty > previous, "duty at " + p.ToString());
                Assert.IsTrue(duty >= 0 && duty <= 1);
                previous = duty;
            }
        }

        [TestMethod]
        public void Inverted_output_flips_the_duty_cycle()
        {
            FanCurve curve = new FanCurve(0.2, true);
            Near(1.0, curve.ToDutyCycle(0));
            Near(0.0, curve.ToDutyCycle(100));
            Near(0.8, curve.ToDutyCycle(1));
        }

        [TestMethod]
        public void ToPercent_inverts_ToDutyCycle_for_every_speed()
        {
            FanCurve[] curves = new FanCurve[] { new FanCurve(0, false), new FanCurve(0.3, false), new FanCurve(0.2, true) };
            foreach (FanCurve curve in curves)
            {
                for (int p = 0; p <= 100; p++)
                {
                    Assert.AreEqual(p == 1 && curve.MinimumDuty == 0 ? 0 : p, curve.ToPercent(curve.ToDutyCycle(p)));
                }
            }
        }

        [TestMethod]
        public void Minimum_duty_is_clamped_to_0_to_1()
        {
            Near(0.0, new FanCurve(-1, false).MinimumDuty);
            Near(1.0, new FanCurve(3, false).MinimumDuty);
        }

        [TestMethod]
        [DataRow(-5, 0)]
        [DataRow(0, 0)]
        [DataRow(42, 42)]
        [DataRow(100, 100)]
        [DataRow(101, 100)]
        public void ClampPercent_keeps_speeds_within_0_to_100(int percent, int expected)
        {
            Assert.AreEqual(expected, FanCurve.ClampPercent(percent));
        }

        private static void Near(double expected, double actual)
        {
            Near(expected, actual, 1e-9);
        }

        private static void Near(double expected, double actual, double tolerance)
        {
            double diff = expected - actual;
            Assert.IsTrue(diff <= tolerance && diff >= -tolerance, "expected " + expected.ToString() + ", got " + actual.ToString());
        }
    }
}
