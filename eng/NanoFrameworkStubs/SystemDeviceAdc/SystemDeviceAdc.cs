// Reference-only stub of the nanoFramework System.Device.Adc members the hardware drivers use.
//
// Source of truth: github.com/nanoframework/System.Device.Adc
//   commit ac05de033b9dbdc647b61e88e7a5fe28bc2057bf (tag v1.1.24, 2025-04-02; the version named in
//   the board projects' packages.config)
//   System.Device.Adc/AdcControllerBase.cs   abstract OpenChannel(int), MaxValue
//   System.Device.Adc/AdcController.cs       AdcController() : AdcControllerBase, overrides
//   System.Device.Adc/AdcChannelBase.cs      abstract ReadValue()
//   System.Device.Adc/AdcChannel.cs          AdcChannel : AdcChannelBase, IDisposable
//
// The class hierarchy is kept so calls bind to the same declaring members as on a board.

namespace System.Device.Adc
{
    /// <summary>Base of ADC controllers (AdcControllerBase.cs), the members used.</summary>
    public abstract class AdcControllerBase
    {
        /// <summary>Opens a channel.</summary>
        public abstract AdcChannel OpenChannel(int channelNumber);

        /// <summary>Largest value a channel reads.</summary>
        public abstract int MaxValue { get; }
    }

    /// <summary>The ADC controller of the device (AdcController.cs).</summary>
    public class AdcController : AdcControllerBase
    {
        /// <summary>Opens the default controller.</summary>
        public AdcController()
        {
        }

        /// <inheritdoc />
        public override int MaxValue
        {
            get { throw null; }
        }

        /// <inheritdoc />
        public override AdcChannel OpenChannel(int channelNumber)
        {
            throw null;
        }
    }

    /// <summary>Base of ADC channels (AdcChannelBase.cs), the members used.</summary>
    public abstract class AdcChannelBase
    {
        /// <summary>Reads a raw value.</summary>
        public abstract int ReadValue();
    }

    /// <summary>An open ADC channel (AdcChannel.cs).</summary>
    public class AdcChannel : AdcChannelBase, IDisposable
    {
        internal AdcChannel()
        {
        }

        /// <inheritdoc />
        public override int ReadValue()
        {
            throw null;
        }

        /// <summary>Releases the channel.</summary>
        public void Dispose()
        {
        }
    }
}
