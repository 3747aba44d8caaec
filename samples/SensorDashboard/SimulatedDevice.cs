using System;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// Believable sensors without hardware: temperature and humidity drift as smooth random walks
    /// around slowly moving targets (the fan cools the room and dries the air a little), the light
    /// level follows a daylight curve compressed into <see cref="DayLengthMs"/> with passing clouds,
    /// and the push button is pressed now and then for a fraction of a second. The LED and fan just
    /// hold what they were set to. Uses only mscorlib (no System.Math), so it also runs on a board
    /// without sensors attached.
    /// </summary>
    public sealed class SimulatedDevice : IDeviceIo
    {
        /// <summary>One simulated day (night, sunrise, noon, sunset) in ms. Default 5 minutes.</summary>
        public long DayLengthMs = 5 * 60 * 1000;

        private readonly Random _random;
        private double _temperature = 21.5;
        private double _temperatureVelocity;
        private double _humidity = 45.0;
        private double _humidityVelocity;
        private double _cloud;
        private long _lastStepMs = -1;
        private long _buttonUntil = -1;
        private long _nextPress = 2000;
        private bool _led;
        private int _fan;

        /// <summary>Creates a simulator; the same seed gives the same readings.</summary>
        /// <param name="seed">Random seed.</param>
        public SimulatedDevice(int seed)
        {
            _random = new Random(seed);
        }

        /// <summary>The LED as last set.</summary>
        public bool Led
        {
            get { return _led; }
        }

        /// <summary>The fan speed as last set.</summary>
        public int Fan
        {
            get { return _fan; }
        }

        /// <inheritdoc />
        public double ReadTemperature(long nowMs)
        {
            Step(nowMs);
            return _temperature;
        }

        /// <inheritdoc />
        public double ReadHumidity(long nowMs)
        {
            Step(nowMs);
            return _humidity;
        }

        /// <inheritdoc />
        public double ReadLight(long nowMs)
        {
            Step(nowMs);
            double light = Daylight(nowMs) * (1.0 - (0.6 * _cloud));
            return Clamp(light + ((_random.NextDouble() - 0.5) * 0.4), 0, 100);
        }

        /// <inheritdoc />
        public bool ReadButton(long nowMs)
        {
            if (nowMs >= _nextPress)
            {
                // Pressed for 150–600 ms, every 4–12 s.
                _buttonUntil = nowMs + 150 + _random.Next(450);
                _nextPress = nowMs + 4000 + _random.Next(8000);
            }

            return nowMs < _buttonUntil;
        }

        /// <inheritdoc />
        public void SetLed(bool on)
        {
            _led = on;
        }

        /// <inheritdoc />
        public void SetFan(int percent)
        {
            _fan = percent < 0 ? 0 : percent > 100 ? 100 : percent;
        }

        /// <summary>Advances the random walks to <paramref name="nowMs"/> in steps of 100 ms at most.</summary>
        private void Step(long nowMs)
        {
            if (_lastStepMs < 0)
            {
                _lastStepMs = nowMs;
                return;
            }

            while (nowMs - _lastStepMs >= 100)
            {
                _lastStepMs += 100;

                // Damped random walks (an Ornstein–Uhlenbeck-like drift): velocity gets a small
                // random kick, is damped, and is pulled towards the target.
                double daylight = Daylight(_lastStepMs) / 100.0;
                double targetT = 19.0 + (4.0 * daylight) - (_fan * 0.03);
                _temperatureVelocity = (_temperatureVelocity * 0.95) + ((_random.NextDouble() - 0.5) * 0.004) + ((targetT - _temperature) * 0.0005);
                _temperature = Clamp(_temperature + _temperatureVelocity, -10, 45);

                double targetH = 55.0 - (10.0 * daylight) - (_fan * 0.05);
                _humidityVelocity = (_humidityVelocity * 0.95) + ((_random.NextDouble() - 0.5) * 0.02) + ((targetH - _humidity) * 0.0005);
                _humidity = Clamp(_humidity + _humidityVelocity, 5, 98);

                _cloud = Clamp(_cloud + ((_random.NextDouble() - 0.5) * 0.05) - (_cloud * 0.01), 0, 1);
            }
        }

        /// <summary>Daylight in % for the time of the simulated day: dark at night, a sine arch by day.</summary>
        private double Daylight(long nowMs)
        {
            // The simulated day starts at mid-morning, so a fresh start shows daylight.
            double phase = (double)((nowMs + (DayLengthMs * 2 / 5)) % DayLengthMs) / DayLengthMs;

            // Day from 0.25 (sunrise) to 0.75 (sunset); the sun's height is sin(π × daytime fraction).
            if (phase < 0.25 || phase > 0.75)
            {
                return 0.5;
            }

            double x = (phase - 0.25) * 2 * Pi;
            return 0.5 + (99.5 * Sin(x));
        }

        private const double Pi = 3.14159265358979;

        /// <summary>sin(x) for 0 ≤ x ≤ π by a Taylor polynomial around π/2 (error below 1e-4).</summary>
        private static double Sin(double x)
        {
            double d = x - (Pi / 2);
            double d2 = d * d;
            return 1 - (d2 / 2) + (d2 * d2 / 24) - (d2 * d2 * d2 / 720) + (d2 * d2 * d2 * d2 / 40320);
        }

        private static double Clamp(double v, double min, double max)
        {
            return v < min ? min : v > max ? max : v;
        }
    }
}
