namespace NanoWs.Hardware
{
    /// <summary>
    /// ST STM32F769I-DISCO (Discovery kit, STM32F769NI, 16 MB SDRAM, Ethernet, no Wi-Fi). Firmware
    /// target <c>ST_STM32F769I_DISCOVERY</c>. The network is the on-board Ethernet port (the
    /// dashboard's STM32 board project brings it up with DHCP). Wiring table:
    /// hardware/Boards/stm32f769i-disco.md.
    /// </summary>
    /// <remarks>
    /// <para>Pins are fixed by the firmware: I2C1 is PB8 (SCL) / PB9 (SDA), the Arduino header's
    /// D15/D14 (nf-interpreter targets/ChibiOS/ST_STM32F769I_DISCOVERY, I2C1 pin configuration);
    /// ADC channel 0 is PA6 on the header's A0 (target_system_device_adc_config.cpp and the target's
    /// managed AdcChannels helper). The LED is the board's green user LED LD2 (PJ5), the button the
    /// blue user button B1 (PA0, active high with the board's pull-down). The fan PWM is PC8
    /// (TIM3 channel 3 in nanoFramework's STM32F769 PWM map), which is the header's D5 on this
    /// board.</para>
    /// <para>Heap: the CLR linker file places the managed heap in the external SDRAM region
    /// (<c>ext_ram</c>, 13,631,488 bytes, STM32F76xx_CLR.ld); memory is not the limit here, lwIP
    /// sockets are: 4 in all (<see cref="FirmwareSockets"/>). So 2 connections (the page and
    /// one tab's WebSocket, or two tabs), no lingering 503: the listener, the 2 connections and a
    /// newcomer at a full house take all 4. Roomier buffers, since memory is plentiful.</para>
    /// <para>No saved state: the firmware has no file system on its internal flash
    /// (<c>CONFIG_NF_FEATURE_USE_LITTLEFS</c> is not set in
    /// targets/ChibiOS/ST_STM32F769I_DISCOVERY/defconfig, and its target_FileSystem.cpp adds no
    /// volume); its System.IO.FileSystem serves only the microSD slot (FatFs, mounted as
    /// <c>D:</c> when a card is inserted). <see cref="BoardProfile.StateFilePath"/> stays null and
    /// the dashboard starts from its defaults after every restart; set it to
    /// <c>D:\dashboard-state.json</c> to keep the state on a card that stays in the slot.</para>
    /// </remarks>
    public static class Stm32F769iDisco
    {
        /// <summary>nanoFramework firmware target.</summary>
        public const string FirmwareTarget = "ST_STM32F769I_DISCOVERY";

        /// <summary>PB9, I2C1 SDA (Arduino D14).</summary>
        public const int I2cData = (1 * 16) + 9;

        /// <summary>PB8, I2C1 SCL (Arduino D15).</summary>
        public const int I2cClock = (1 * 16) + 8;

        /// <summary>PJ5, green user LED LD2 (active high).</summary>
        public const int Led = (9 * 16) + 5;

        /// <summary>PA0, blue user button B1 (active high, external pull-down on the board).</summary>
        public const int Button = 0;

        /// <summary>PC8, TIM3 channel 3 (Arduino D5).</summary>
        public const int Fan = (2 * 16) + 8;

        /// <summary>PA6, Arduino A0.</summary>
        public const int LightPin = 6;

        /// <summary>ADC channel 0 (PA6, ADC1 IN6).</summary>
        public const int LightAdcChannel = 0;

        /// <summary>
        /// Sockets of the firmware: lwIP's <c>MEMP_NUM_NETCONN</c> is 4 in nf-interpreter's ChibiOS
        /// lwIP configuration (targets/ChibiOS/_include/lwipopts.h; nanoFramework's socket driver
        /// takes its count from it, targets/ChibiOS/_include/targetHAL.h), and the board's
        /// targets/ChibiOS/ST_STM32F769I_DISCOVERY/target_lwipopts.h overrides nothing
        /// (nanoframework/nf-interpreter @ a3e8139a1ba7). A connection beyond it is reset by lwIP
        /// when its TCP handshake completes. A firmware built with a larger
        /// <c>MEMP_NUM_NETCONN</c> in target_lwipopts.h allows more: set
        /// <see cref="BoardProfile.SocketBudget"/> to it.
        /// </summary>
        public const int FirmwareSockets = 4;

        /// <summary>Managed heap region in external SDRAM, from the CLR linker file.</summary>
        public const int HeapRegionBytes = 13631488;

        /// <summary>The profile with the pins above and defaults for the SDRAM heap.</summary>
        /// <returns>A new profile.</returns>
        public static BoardProfile Create()
        {
            BoardProfile p = new BoardProfile();
            p.Name = "STM32F769I-DISCO";
            p.FirmwareTarget = FirmwareTarget;
            p.RoutesPins = false;
            p.I2cBusId = 1;
            p.I2cDataPin = I2cData;
            p.I2cClockPin = I2cClock;
            p.LedPin = Led;
            p.LedActiveHigh = true;
            p.ButtonPin = Button;
            p.ButtonActiveLow = false;
            p.FanPin = Fan;
            p.LightAdcChannel = LightAdcChannel;
            p.LightAdcPin = LightPin;
            p.MaxConnections = 2;
            p.MaxPendingRejects = 0;
            p.SocketBudget = FirmwareSockets;
            p.ReceiveBufferSize = 2048;
            p.SendBufferSize = 2048;
            p.DocumentedHeapBytes = HeapRegionBytes;
            return p;
        }
    }
}
