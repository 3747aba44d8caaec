using System;

namespace NanoWs.Hardware
{
    /// <summary>
    /// The five parts of the dashboard device (climate sensor, light sensor, button, LED, fan)
    /// and what they were opened from, released together. A board fills it one part at a time
    /// (the sample's <c>BoardDevices.Open</c>) and releases what it already opened when a later
    /// part fails; <c>SimulatedParts.Create(int)</c> fills it with simulators.
    /// </summary>
    /// <remarks>
    /// Byte budget: 5 part references, the 4-slot array of owned resources (about 40 bytes with
    /// its header), 2 more fields. Nothing is allocated after construction.
    /// </remarks>
    public sealed class DeviceParts : IDisposable
    {
        private readonly IDisposable[] _owned = new IDisposable[4];
        private int _ownedCount;
        private string _lastReleaseError;

        /// <summary>Temperature and humidity.</summary>
        public IClimateSensor Climate { get; set; }

        /// <summary>Light level.</summary>
        public ILightSensor Light { get; set; }

        /// <summary>Push button.</summary>
        public IButton Button { get; set; }

        /// <summary>LED.</summary>
        public ILed Led { get; set; }

        /// <summary>Fan.</summary>
        public IFan Fan { get; set; }

        /// <summary>True when all five parts are set.</summary>
        public bool IsComplete
        {
            get { return Climate != null && Light != null && Button != null && Led != null && Fan != null; }
        }

        /// <summary>The message of the last release that threw, or null.</summary>
        public string LastReleaseError
        {
            get { return _lastReleaseError; }
        }

        /// <summary>
        /// Also releases <paramref name="resource"/> with the parts, after them: something the parts
        /// were opened from, such as the <c>GpioController</c> of the button and LED pins.
        /// </summary>
        /// <param name="resource">The resource.</param>
        /// <exception cref="InvalidOperationException">Four resources are owned already.</exception>
        public void Own(IDisposable resource)
        {
            if (_ownedCount == _owned.Length)
            {
                throw new InvalidOperationException("too many owned resources");
            }

            _owned[_ownedCount++] = resource;
        }

        /// <summary>
        /// Releases every part that holds something (the fan and the LED first, so they switch off),
        /// then the owned resources, newest first. Each release runs even when an earlier one
        /// threw. The parts are forgotten, so a second call does nothing.
        /// </summary>
        /// <returns>How many releases threw (their last message is <see cref="LastReleaseError"/>).</returns>
        public int Release()
        {
            int failed = ReleasePart(Fan) + ReleasePart(Led) + ReleasePart(Button) + ReleasePart(Light) + ReleasePart(Climate);
            Fan = null;
            Led = null;
            Button = null;
            Light = null;
            Climate = null;
            while (_ownedCount > 0)
            {
                _ownedCount--;
                failed += ReleasePart(_owned[_ownedCount]);
                _owned[_ownedCount] = null;
            }

            return failed;
        }

        /// <summary>Same as <see cref="Release"/>.</summary>
        public void Dispose()
        {
            Release();
        }

        private int ReleasePart(object part)
        {
            IDisposable disposable = part as IDisposable;
            if (disposable == null)
            {
                return 0;
            }

            try
            {
                disposable.Dispose();
                return 0;
            }
            catch (Exception e)
            {
                _lastReleaseError = e.Message;
                return 1;
            }
        }
    }
}
