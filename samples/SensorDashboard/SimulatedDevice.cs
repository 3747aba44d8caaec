using NanoWs.Hardware;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard device without hardware: <see cref="DeviceIo"/> over the simulated parts of
    /// hardware/Simulated (<see cref="SimulatedParts"/>). Temperature and humidity drift as smooth
    /// random walks around targets that follow a 5-minute day (the fan cools and dries the air),
    /// the light level follows the day with passing clouds, the button is pressed for a fraction of
    /// a second every 4–12 s, and the LED and fan hold what they were set to. mscorlib only, so a
    /// board with nothing wired runs it too.
    /// </summary>
    public sealed class SimulatedDevice : DeviceIo
    {
        /// <summary>Creates a simulator; the same seed and the same calls give the same readings.</summary>
        /// <param name="seed">Random seed.</param>
        public SimulatedDevice(int seed)
            : base(SimulatedParts.Create(seed))
        {
        }

        /// <summary>The LED as last set.</summary>
        public bool Led
        {
            get { return Parts.Led.IsOn; }
        }

        /// <summary>The fan speed as last set (0 to 100).</summary>
        public int Fan
        {
            get { return Parts.Fan.Percent; }
        }
    }
}
