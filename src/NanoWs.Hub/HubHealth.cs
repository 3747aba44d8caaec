namespace NanoWs.Hub
{
    /// <summary>
    /// A notable event kept in the hub's event ring (<see cref="ChannelHub.NoteEvent"/>) and shown
    /// by the page. Its name on the wire is given with each member.
    /// </summary>
    public enum HubEvent
    {
        /// <summary><c>open</c>: a tab connected.</summary>
        TabOpened = 1,

        /// <summary><c>tabs</c>: a tab was turned away because the hub follows as many as it can (1013).</summary>
        TabRefused = 2,

        /// <summary><c>busy</c>: a connection was refused or evicted because every connection was taken (503, 1013).</summary>
        Busy = 3,

        /// <summary><c>origin</c>: a page of another site was refused (403).</summary>
        OtherSite = 4,

        /// <summary><c>login</c>: a connection without the owner's login was refused (401).</summary>
        NotLoggedIn = 5,

        /// <summary><c>password</c>: a login with a wrong password, or while the address backs off after them.</summary>
        WrongPassword = 6,

        /// <summary><c>token</c>: a connection closed for sending wrong command tokens (1008).</summary>
        WrongToken = 7,

        /// <summary><c>refused</c>: another refusal; the code is the HTTP status.</summary>
        Refused = 8,

        /// <summary><c>error</c>: a connection or server error; its text is kept.</summary>
        Error = 9,
    }

    /// <summary>
    /// Reads the device's health into <paramref name="health"/>: called by <see cref="ChannelHub.Pump"/>
    /// every <see cref="HubOptions.HealthIntervalMs"/>, on the pumping thread, under the hub's lock
    /// (keep it short: no network or file access; a garbage collection to read the free heap is fine).
    /// </summary>
    /// <param name="health">The hub's health record: set what the runtime knows, leave the rest.</param>
    /// <param name="nowMs">The hub's clock, in ms.</param>
    public delegate void HubHealthReader(HubHealth health, long nowMs);

    /// <summary>
    /// The values of the <c>health</c> message (docs/dashboard.md, "Device health"). The hub keeps
    /// one record: set the values that never change (version, host name) before the first tab
    /// joins, the others from a <see cref="HubHealthReader"/>. A value left at its "unknown"
    /// default is not sent, and the page does not show it.
    /// </summary>
    public sealed class HubHealth
    {
        // Byte budget: three longs, an int, a bool and three string references (~48 bytes on
        // nanoFramework); the strings are the application's, never copied.

        /// <summary>Time since the device started, in ms; -1: unknown.</summary>
        public long UptimeMs = -1;

        /// <summary>
        /// Managed heap free, in bytes (a board: <c>nanoFramework.Runtime.Native.GC.Run(false)</c>);
        /// -1: unknown. Sent as <c>heapFree</c>.
        /// </summary>
        public long HeapFreeBytes = -1;

        /// <summary>
        /// Managed heap in use, in bytes (.NET: <c>GC.GetTotalMemory(false)</c>, which counts what
        /// is allocated, not what is free); -1: unknown. Sent as <c>heapUsed</c>.
        /// </summary>
        public long HeapUsedBytes = -1;

        /// <summary>True when <see cref="SignalDbm"/> holds the Wi-Fi signal; false on a wired or simulated device.</summary>
        public bool HasSignal;

        /// <summary>Wi-Fi received signal strength (RSSI) of the network the device is on, in dBm. Sent as <c>rssi</c>.</summary>
        public int SignalDbm;

        /// <summary>The device's IP address as text (e.g. <c>192.168.1.40</c>); null: unknown. Sent as <c>addr</c>.</summary>
        public string Address;

        /// <summary>The device's host name; null: unknown. Sent as <c>host</c>.</summary>
        public string HostName;

        /// <summary>The application's version; null: unknown. Sent as <c>ver</c>.</summary>
        public string Version;
    }
}
