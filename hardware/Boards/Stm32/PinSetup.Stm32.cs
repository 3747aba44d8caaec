namespace NanoWs.Hardware
{
    /// <summary>
    /// Pin routing on an STM32 target: nothing to do at run time, the firmware fixes which pins
    /// carry I²C and which timers drive PWM (see <see cref="Stm32F769iDisco"/>). Referenced by the
    /// STM32 board project in place of ../Esp32, so the entry point's code is the same.
    /// </summary>
    public static class PinSetup
    {
        /// <summary>Does nothing on STM32 targets.</summary>
        /// <param name="profile">The board profile.</param>
        public static void Apply(BoardProfile profile)
        {
        }
    }
}
