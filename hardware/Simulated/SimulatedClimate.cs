using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// Believable temperature and humidity without a sensor: both drift as damped random walks
    /// (Ornstein–Uhlenbeck-like) around targets that follow the <see cref="SimulatedDay"/> (warmer
    /// and drier by day), and a running fan cools the room and dries the air a little. Starts at
    /// 21.5 °C and 45 %. The same seed and the same calls give the same readings.
    /// </summary>
    /// <remarks>Byte budget: the <see cref="SimulatedRandom"/> (4 bytes of state) and 8 fields; nothing per reading.</remarks>
    public sealed class SimulatedClimate : IClimateSensor
    {
        /// <summary>Simulation step in ms: the walks advance in steps of this size.</summary>
        public const int StepMs = 100;

        private readonly SimulatedRandom _random;
        private readonly SimulatedDay _day;
        private readonly IFan _fan;
        private double _celsius = 21.5;
        private double _celsiusVelocity;
        private double _humidity = 45.0;
        private double _humidityVelocity;
        private long _lastStepMs = long.MinValue;

        /// <summary>Creates the simulation.</summary>
        /// <param name="seed">Random seed.</param>
        /// <param name="day">The day that sets the targets.</param>
        /// <param name="fan">The fan whose speed cools and dries the air, or null for none.</param>
        public SimulatedClimate(int seed, SimulatedDay day, IFan fan)
        {
            _random = new SimulatedRandom(seed);
            _day = day;
            _fan = fan;
        }

        /// <inheritdoc />
        public double Celsius
        {
            get { return _celsius; }
        }

        /// <inheritdoc />
        public double Humidity
        {
            get { return _humidity; }
        }

        /// <summary>Advances the walks to <paramref name="nowMs"/>; the first call only sets the start.</summary>
        /// <param name="nowMs">Current time in ms.</param>
        /// <returns>Always true: the simulation never fails.</returns>
        public bool Measure(long nowMs)
        {
            if (_lastStepMs == long.MinValue)
            {
                _lastStepMs = nowMs;
                return true;
            }

            while (nowMs - _lastStepMs >= StepMs)
            {
                _lastStepMs += StepMs;
                double daylight = _day.DaylightPercent(_lastStepMs) / 100.0;
                int fan = _fan != null ? _fan.Percent : 0;

                // Velocity gets a small random kick, is damped, and is pulled towards the target.
                double targetT = 19.0 + (4.0 * daylight) - (fan * 0.03);
                _celsiusVelocity = (_celsiusVelocity * 0.95) + ((_random.NextDouble() - 0.5) * 0.004) + ((targetT - _celsius) * 0.0005);
                _celsius = SimulatedDay.Clamp(_celsius + _celsiusVelocity, -10, 45);

                double targetH = 55.0 - (10.0 * daylight) - (fan * 0.05);
                _humidityVelocity = (_humidityVelocity * 0.95) + ((_random.NextDouble() - 0.5) * 0.02) + ((targetH - _humidity) * 0.0005);
                _humidity = SimulatedDay.Clamp(_humidity + _humidityVelocity, 5, 98);
            }

            return true;
        }
    }
}
