using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The login flow in headless Chromium against the dashboard simulator started with
    /// <c>--password</c> (a child process): login page, cookie, live dashboard, a command
    /// acknowledged, logout, then the WebSocket refused. Driven by tests/e2e/login.e2e.js.
    /// </summary>
    public sealed class LoginChromiumTests
    {
        [Fact]
        public void LoginThenCommandThenLogoutInChromium()
        {
            const string Password = "correct horse";
            string e2eDir = RepoPaths.ChromiumE2eDir();

            using var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0", "--password", Password, "--state-file", "none");
            string url = DashboardE2eTests.DeviceUrl(device, "http");
            using var browser = ChildProcess.Start("node", e2eDir, Path.Combine(e2eDir, "login.e2e.js"), url, Password);
            JsonObject r = DashboardE2eTests.ScriptResult(browser, device, "login e2e");
            Assert.Equal(401, (int)r["firstStatus"]);
            Assert.Equal("Wrong password", (string)r["wrongMessage"]);
            Assert.Equal(0, (int)r["cookiesAfterWrong"]);
            Assert.Equal(url, (string)r["urlAfterLogin"]);
            Assert.True((bool)r["cookie"]["httpOnly"]);
            Assert.Equal("Strict", (string)r["cookie"]["sameSite"]);
            Assert.Equal("/", (string)r["cookie"]["path"]);
            Assert.Equal(32, (int)r["cookie"]["length"]);
            Assert.False((bool)r["cookieVisibleToScript"]);
            Assert.False((bool)r["urlHasSecret"]);
            Assert.Contains("saved", (string)r["ack"]);
            Assert.Equal(url + "login", (string)r["urlAfterLogout"]);
            Assert.Equal(0, (int)r["cookiesAfterLogout"]);
            Assert.False((bool)r["socketAfterLogout"]["opened"]);
            Assert.Equal(1006, (int)r["socketAfterLogout"]["code"]);

            // The device said why it refused, and never wrote the password down.
            Assert.Contains("login refused: wrong password", device.Stderr);
            Assert.Contains("upgrade refused with 401", device.Stderr);
            Assert.DoesNotContain(Password, device.Stderr);
        }
    }
}
