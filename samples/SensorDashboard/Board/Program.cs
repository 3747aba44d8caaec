using System;
using System.Diagnostics;
using System.Threading;
using NanoWs.Hardware;
using NanoWs.Hub;
using NanoWs.Net;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// Board entry point of the sensor dashboard, shared by the ESP32 project (this folder, Wi-Fi)
    /// and the STM32F769I-DISCO project (../Board.Stm32, Ethernet): prints the board and the free
    /// managed heap, brings the network up (<see cref="NetworkLink"/>, retrying until there is an
    /// address), opens the drivers of the board profile chosen in <see cref="BoardConfig"/>
    /// (falling back to the simulator when they cannot be opened), and serves the dashboard on
    /// port 80: a <see cref="HubServer"/> with the shared <see cref="DashboardApp"/>'s channels. The debug output shows the URL to open,
    /// again after every reconnection, and every new problem the hub reports.
    /// </summary>
    /// <remarks>
    /// The hub and the server run on one <see cref="MonotonicClock"/> (the transport's default on a
    /// board: <c>DateTime.UtcNow</c> with each step clamped to 0–1 s): SNTP steps the wall clock
    /// once the network is up, and a step backwards would otherwise hold the rate-limited channels
    /// and the timers until the clock caught up.
    /// </remarks>
    public static class Program
    {
        // Each reading adds at most 1 s: the loop below and the server's poll thread read it every
        // few tens of ms, so only a clock step is cut short.
        private static readonly MillisecondClock Clock = MonotonicClock.CreateDefault();

        /// <summary>Runs the dashboard forever.</summary>
        public static void Main()
        {
            // The clock's first reading is 0: taken at boot, so the device card's uptime counts from here.
            NowMs();
            BoardProfile board = BoardConfig.CreateProfile();
            Debug.WriteLine("NanoWs sensor dashboard on " + board.Describe());
            Debug.WriteLine("managed heap free at boot: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");

            NetworkLink network = new NetworkLink(BoardConfig.Ssid, BoardConfig.Password);
            network.ConnectUntilUp();

            DeviceParts parts = OpenDevice(board);

            WebSocketServerOptions options = BoardServerOptions.FromProfile(board);
            options.Clock = NowMs;
            options.Password = BoardConfig.DashboardPassword;

            HubOptions hubOptions = new HubOptions();
            hubOptions.DeviceName = BoardConfig.DeviceName;
            hubOptions.Token = BoardConfig.CommandToken;
            hubOptions.HeartbeatIntervalMs = DashboardApp.HeartbeatIntervalMs;
            hubOptions.HealthIntervalMs = DashboardApp.HealthIntervalMs;

            // Tabs, message and frame sizes follow from the server's options (HubServer.Create).
            HubServer hub = HubServer.Create(options, hubOptions);
            DashboardApp app = new DashboardApp(hub, parts);
            hub.Server.Error += OnError;

            // The device card: uptime, free heap, address, name, version and the Wi-Fi signal.
            new BoardHealth(hub.Hub, network, BoardConfig.DeviceName, 0);
            app.Initialize(NowMs());
            StateFile state = RestoreState(board, app);

            // The hello carries every channel; it must fit the send buffer less the frame header.
            int hello = app.Hub.MeasureHello();
            Debug.WriteLine(hello >= 0
                ? "hello: " + hello.ToString() + " of " + app.Hub.Options.MessageBufferSize.ToString() + " bytes"
                : "hub: " + app.Hub.LastError + " (raise SendBufferSize in BoardConfig)");
            hub.Start();

            Debug.WriteLine("managed heap free with the dashboard running: " + nanoFramework.Runtime.Native.GC.Run(false).ToString()
                + " bytes (" + options.MaxConnections.ToString() + " connections of " + board.ReceiveBufferSize.ToString()
                + "/" + board.SendBufferSize.ToString() + " bytes)");
            PrintUrl(network.Address);
            network.AddressChanged += OnAddressChanged;
            network.StartWatchdog();

            string lastError = null;
            string lastStateError = state != null ? state.LastError : null;
            while (true)
            {
                app.Tick(NowMs());
                if (state != null && state.SaveIfDue(app.Hub, NowMs()))
                {
                    Debug.WriteLine("saved state written to " + state.Path);
                }
                else if (state != null && state.LastError != lastStateError)
                {
                    // A full or failing flash: said once; the next change is written again.
                    lastStateError = state.LastError;
                    Debug.WriteLine(lastStateError);
                }

                // A problem the hub cannot tell a tab (a hello larger than the send buffer leaves
                // every tab empty): say it once each time it changes.
                string error = app.Hub.LastError;
                if (error != lastError)
                {
                    lastError = error;
                    if (error != null)
                    {
                        Debug.WriteLine("hub: " + error);
                    }
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>
        /// The saved state on the board's internal flash (<see cref="BoardProfile.StateFilePath"/>),
        /// applied to <paramref name="app"/>'s LED and fan; null, said once, when the board's
        /// firmware has no file system there. Writes follow the hub's coalescing: at most one per
        /// <see cref="HubOptions.SaveDelayMs"/> (5 s), one per 50 s while a slider keeps moving.
        /// </summary>
        private static StateFile RestoreState(BoardProfile board, DashboardApp app)
        {
            if (board.StateFilePath == null)
            {
                Debug.WriteLine("saved state: not kept (" + board.Name + " has no file system on its internal flash); starting from the defaults");
                return null;
            }

            StateFile state = new StateFile(board.StateFilePath);
            state.Restore(app.Hub, NowMs());
            Debug.WriteLine(state.RestoreReport);
            return state;
        }

        /// <summary>The drivers of <paramref name="board"/>, or the simulator when configured or when they cannot be opened.</summary>
        private static DeviceParts OpenDevice(BoardProfile board)
        {
            if (!BoardConfig.UseSimulatedDevice)
            {
                try
                {
                    // Releases what it opened before throwing, so nothing holds a pin or the bus.
                    return BoardDevices.Open(board);
                }
                catch (Exception e)
                {
                    Debug.WriteLine("drivers could not be opened (" + e.Message + "); running the simulated sensors");
                }
            }

            return SimulatedParts.Create((int)(DateTime.UtcNow.Ticks & 0x7FFFFFFF));
        }

        private static void OnAddressChanged(string address)
        {
            if (address.Length == 0)
            {
                Debug.WriteLine("network: address lost");
            }
            else
            {
                PrintUrl(address);
            }
        }

        private static void PrintUrl(string address)
        {
            if (address.Length > 0)
            {
                Debug.WriteLine("dashboard on http://" + address + "/");
            }
        }

        /// <summary>Monotonic ms since boot, for the hub, the server's timers and the drivers.</summary>
        private static long NowMs()
        {
            return Clock();
        }

        private static void OnError(WebSocketServer server, int connectionId, string message)
        {
            Debug.WriteLine("connection " + connectionId.ToString() + ": " + message);
        }
    }
}
