// Reference-only stub of the nanoFramework System.Device.Pwm members the hardware drivers use.
//
// Source of truth: github.com/nanoframework/System.Device.Pwm
//   commit 8f14504caeb537dd541fe0f2c8eeb77979cd3654 (tag v1.1.23, 2025-04-02; the version named in
//   the board projects' packages.config)
//   System.Device.Pwm/PwmChannel.cs   CreateFromPin(int pin, int frequency = 400, double
//                                     dutyCyclePercentage = 0.5) (returns null when the pin has no
//                                     PWM channel), DutyCycle (0.0 to 1.0), Start(), Stop(), IDisposable

namespace System.Device.Pwm
{
    /// <summary>A PWM channel (PwmChannel.cs).</summary>
    public sealed class PwmChannel : IDisposable
    {
        private PwmChannel()
        {
        }

        /// <summary>The duty cycle, 0.0 to 1.0.</summary>
        public double DutyCycle
        {
            get { throw null; }
            set { }
        }

        /// <summary>Creates a channel from a pin number; null when the pin has no PWM channel.</summary>
        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5)
        {
            throw null;
        }

        /// <summary>Starts the output.</summary>
        public void Start()
        {
        }

        /// <summary>Stops the output.</summary>
        public void Stop()
        {
        }

        /// <summary>Releases the channel.</summary>
        public void Dispose()
        {
        }
    }
}
