using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// A believable light level without a sensor: the <see cref="SimulatedDay"/>'s daylight, dimmed
    /// by up to 60 % by passing clouds (a bounded random walk), plus ±0.2 % of reading noise.
    /// </summary>
    /// <remarks>Byte budget: the <see cref="SimulatedRandom"/> (4 bytes of state) and 4 fields; nothing per reading.</remarks>
    public sealed class SimulatedLight : ILightSensor
    {
        private readonly SimulatedRandom _random;
        private readonly SimulatedDay _day;
        private double _cloud;
        private long _lastStepMs = long.MinValue;

        /// <summary>Creates the simulation.</summary>
        /// <param name="seed">Random seed.</param>
        /// <param name="day">The day the light follows.</param>
        public SimulatedLight(int seed, SimulatedDay day)
        {
            _random = new SimulatedRandom(seed);
            _day = day;
        }

        /// <summary>Cloud cover now, 0 (clear) to 1 (overcast).</summary>
        public double Cloud
        {
            get { return _cloud; }
        }

        /// <inheritdoc />
        public double ReadPercent(long nowMs)
        {
            if (_lastStepMs == long.MinValue)
            {
                _lastStepMs = nowMs;
            }

            while (nowMs - _lastStepMs >= SimulatedClimate.StepMs)
            {
                _lastStepMs += SimulatedClimate.StepMs;
                _cloud = SimulatedDay.Clamp(_cloud + ((_random.NextDouble() - 0.5) * 0.05) - (_cloud * 0.01), 0, 1);
            }

            double light = _day.DaylightPercent(nowMs) * (1.0 - (0.6 * _cloud));
            return SimulatedDay.Clamp(light + ((_random.NextDouble() - 0.5) * 0.4), 0, 100);
        }
    }
}
