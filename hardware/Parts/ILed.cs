namespace NanoWs.Hardware
{
    /// <summary>An on/off indicator: <c>GpioLed</c> on a board, <c>SimulatedLed</c> without hardware.</summary>
    public interface ILed
    {
        /// <summary>True while the LED is lit.</summary>
        bool IsOn { get; }

        /// <summary>Switches the LED.</summary>
        /// <param name="on">True to light it.</param>
        void Set(bool on);
    }
}
