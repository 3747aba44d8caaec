namespace NanoWs.Hardware
{
    /// <summary>
    /// The dashboard device's five parts as simulators, wired to each other as the real room is:
    /// the climate and the light follow one <see cref="SimulatedDay"/>, and the climate feels the
    /// fan. Used by the host build and by a board with nothing wired. mscorlib only.
    /// </summary>
    public static class SimulatedParts
    {
        /// <summary>Simulated parts with a 5-minute day.</summary>
        /// <param name="seed">Random seed; the same seed and the same calls give the same readings.</param>
        /// <returns>A complete set of parts.</returns>
        public static DeviceParts Create(int seed)
        {
            return Create(seed, new SimulatedDay());
        }

        /// <summary>Simulated parts following <paramref name="day"/>.</summary>
        /// <param name="seed">Random seed; each part draws from its own generator seeded from it.</param>
        /// <param name="day">The simulated day.</param>
        /// <returns>A complete set of parts.</returns>
        public static DeviceParts Create(int seed, SimulatedDay day)
        {
            DeviceParts parts = new DeviceParts();
            SimulatedFan fan = new SimulatedFan();
            parts.Fan = fan;
            parts.Led = new SimulatedLed();
            parts.Climate = new SimulatedClimate(seed, day, fan);
            parts.Light = new SimulatedLight(unchecked(seed + 1), day);
            parts.Button = new SimulatedButton(unchecked(seed + 2));
            return parts;
        }
    }
}
