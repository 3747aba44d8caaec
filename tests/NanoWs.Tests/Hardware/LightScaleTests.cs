using System;
using nanoFramework.TestFramework;
using NanoWs.Hardware;

namespace NanoWs.Tests.Hardware
{
    [TestClass]
    public class LightScaleTests
    {
        [TestMethod]
        [DataRow(0, 4095, 0.0)]
        [DataRow(4095, 4095, 1.0)]
        [DataRow(5000, 4095, 1.0)]
        [DataRow(-3, 4095, 0.0)]
        [DataRow(2048, 4096, 0.5)]
        [DataRow(10, 0, 0.0)]
        public void Raw_reading_becomes_a_ratio_of_full_scale(int raw, int max, double expected)
        {
            Near(expected, LightScale.ToRatio(raw, max));
        }

        [TestMethod]
        [DataRow(0.05, 0.0)]
        [DataRow(0.10, 0.0)]
        [DataRow(0.50, 50.0)]
        [DataRow(0.90, 100.0)]
        [DataRow(0.99, 100.0)]
        public void Two_point_calibration_maps_dark_to_0_and_bright_to_100(double ratio, double expected)
        {
            LightScale scale = new LightScale(0.10, 0.90);
            Near(expected, scale.ToPercent(ratio));
        }

        [TestMethod]
        public void Reversed_wiring_is_calibrated_with_dark_above_bright()
        {
            LightScale scale = new LightScale(0.8, 0.2);
            Near(0.0, scale.ToPercent(0.8));
            Near(100.0, scale.ToPercent(0.2));
            Near(50.0, scale.ToPercent(0.5));
        }

        [TestMethod]
        public void Raw_overload_combines_ratio_and_calibration()
        {
            LightScale scale = new LightScale(0.0, 1.0);
            Near(25.0, scale.ToPercent(1024, 4096));
        }

        [TestMethod]
        public void Equal_calibration_points_are_refused()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new LightScale(0.5, 0.5));
        }

        private static void Near(double expected, double actual)
        {
            double diff = expected - actual;
            Assert.IsTrue(diff <= 1e-9 && diff >= -1e-9, "expected " + expected.ToString() + ", got " + actual.ToString());
        }
    }
}
