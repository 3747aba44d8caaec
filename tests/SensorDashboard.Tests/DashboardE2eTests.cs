using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// End-to-end: the SensorDashboard simulator (the sample's real host program, started as a
    /// process on a free port) serves the page to headless Chromium, driven by tests/e2e/dashboard.e2e.js
    /// (playwright-core pinned by tests/e2e/package-lock.json, browser /usr/bin/chromium; `.ci/run`
    /// installs both). The script checks that the page loads gzip-compressed, renders the hello's
    /// channels, shows updating values, sets the LED through its switch (ack shown, state broadcast to
    /// another tab, new tabs see it) and reconnects on reload. Screenshot: artifacts/dashboard.png.
    /// Latency figures go to artifacts/dashboard-e2e.json and the test output; nothing asserts on them.
    /// </summary>
    public sealed class DashboardE2eTests
    {
        private readonly ITestOutputHelper _output;

        public DashboardE2eTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void DashboardWorksInHeadlessChromium()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();

            string artifacts = Path.Combine(RepoPaths.Root, "artifacts");
            string screenshot = Path.Combine(artifacts, "dashboard.png");
            Directory.CreateDirectory(artifacts);
            File.Delete(screenshot);
            File.Delete(Path.Combine(artifacts, "dashboard-desktop.png"));

            using var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0", "--history-res", "500", "--state-file", "none");
            string url = DeviceUrl(device, "http");

            using var browser = ChildProcess.Start("node", e2eDir, Path.Combine(e2eDir, "dashboard.e2e.js"), url, screenshot);
            JsonObject result = ScriptResult(browser, device, "e2e");
            Assert.True(File.Exists(screenshot), "no screenshot");

            File.WriteAllText(Path.Combine(artifacts, "dashboard-e2e.json"), result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            _output.WriteLine(result.ToJsonString());

            // The screenshot in README.md and docs/dashboard.md: refreshed on request only, so that test runs leave the tree clean.
            string desktop = Path.Combine(artifacts, "dashboard-desktop.png");
            Assert.True(File.Exists(desktop), "no desktop screenshot");
            foreach ((string shot, string name) in new[] { (screenshot, "dashboard.png"), (desktop, "dashboard-desktop.png") })
            {
                string docs = Path.Combine(RepoPaths.Root, "docs", name);
                if (Environment.GetEnvironmentVariable("NANOWS_UPDATE_DOCS") == "1" || !File.Exists(docs))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(docs));
                    File.Copy(shot, docs, true);
                }
            }
        }

        [Fact]
        public void TheDeviceCardShowsHealthAndARefusedConnectionInHeadlessChromium()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();

            string artifacts = Path.Combine(RepoPaths.Root, "artifacts");
            string screenshot = Path.Combine(artifacts, "dashboard-health.png");
            Directory.CreateDirectory(artifacts);
            File.Delete(screenshot);

            using var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0", "--state-file", "none");
            string url = DeviceUrl(device, "http");

            // tests/e2e/health.e2e.js: uptime, memory in use, version, address and name on the card,
            // no Wi-Fi signal on the simulator, then an upgrade from another site refused with 403
            // and shown in the card's recent events.
            using var browser = ChildProcess.Start("node", e2eDir, Path.Combine(e2eDir, "health.e2e.js"), url, screenshot);
            JsonObject result = ScriptResult(browser, device, "e2e");
            Assert.True(File.Exists(screenshot), "no screenshot");
            _output.WriteLine(result.ToJsonString());
        }

        /// <summary>
        /// The LED switched on in the page survives a restart of the device: the simulator keeps its
        /// saved state in a file (<c>--state-file</c>), writes it when a service manager stops it
        /// (SIGTERM), restores it when started again, and a fresh page shows the LED on.
        /// </summary>
        [Fact]
        public void TheLedSwitchedOnInThePageIsOnAgainAfterTheDeviceRestartsInHeadlessChromium()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();
            string dir = Path.Combine(Path.GetTempPath(), "nanows-restart-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "dashboard-state.json");
            try
            {
                using (var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0", "--state-file", file))
                {
                    Assert.Equal("no saved state in " + file + "; starting from the defaults", device.NextLine());
                    RunRestartScript(e2eDir, "set", device);
                    device.Terminate();
                    // A hang guard only: a stopping device ends the wait itself (its close handshakes
                    // are bounded by CloseTimeoutMs), however busy the machine.
                    Assert.True(device.WaitForExit(TimeSpan.FromMinutes(1)), "the device did not stop on SIGTERM; stderr: " + device.Stderr);
                    Assert.Equal(0, device.ExitCode);
                    Assert.Equal("stopped", device.TakeLastLine());
                }

                Assert.Contains("\"led\":true", File.ReadAllText(file));
                using (var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0", "--state-file", file))
                {
                    Assert.Equal("saved state: 2 channel(s) restored from " + file, device.NextLine());
                    RunRestartScript(e2eDir, "check", device);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private void RunRestartScript(string e2eDir, string mode, ChildProcess device)
        {
            string url = DeviceUrl(device, "http");
            using var browser = ChildProcess.Start("node", e2eDir, Path.Combine(e2eDir, "restart.e2e.js"), mode, url);
            _output.WriteLine(ScriptResult(browser, device, "restart " + mode).ToJsonString());
        }

        /// <summary>The dashboard's address the device prints once it listens (scheme "http" or "https").</summary>
        internal static string DeviceUrl(ChildProcess device, string scheme)
        {
            while (true)
            {
                Match m = Regex.Match(device.NextLine(), scheme + @"://127\.0\.0\.1:\d+/");
                if (m.Success)
                {
                    return m.Value;
                }
            }
        }

        /// <summary>An e2e script's result (<see cref="ChildProcess.OkResult"/>), a failure showing the device's stderr too.</summary>
        internal static JsonObject ScriptResult(ChildProcess browser, ChildProcess device, string what)
        {
            return browser.OkResult(TimeSpan.FromMinutes(3), what + " script", "device stderr: " + device.Stderr);
        }
    }
}
