using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Hardware;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The simulator's saved state: what tabs set (LED, fan) survives a restart; writes are
    /// coalesced on the hub's clock, which the tests move by hand.
    /// </summary>
    public sealed class DashboardStateTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nanows-state-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public async Task A_restarted_device_comes_back_with_the_led_and_fan_its_users_set()
        {
            string file = Path.Combine(_dir, "state", "dashboard.json");
            long now = 0;
            var device = SimulatedParts.Create(7);
            using (DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => Interlocked.Read(ref now), stateFile: file))
            {
                host.Start();
                using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
                await tab.ReceiveAsync();

                // A slider drag: twenty values within the coalescing delay, then the LED.
                for (int i = 1; i <= 20; i++)
                {
                    await tab.SendAsync("{\"t\":\"set\",\"id\":" + i + ",\"ch\":\"fan\",\"v\":" + (i * 2) + "}");
                    await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack" && m.GetProperty("id").GetInt32() == i);
                    Interlocked.Add(ref now, 100);
                }

                await tab.SendAsync("{\"t\":\"set\",\"id\":21,\"ch\":\"led\",\"v\":true}");
                await tab.ReceiveUntilAsync(m => m.GetProperty("t").GetString() == "ack" && m.GetProperty("id").GetInt32() == 21);
                Assert.False(File.Exists(file));

                // Still for the delay: one write, holding the last values.
                Interlocked.Add(ref now, 5000);
                WaitFor(() => host.State.Writes == 1);
                Assert.Equal("{\"led\":true,\"fan\":40}", File.ReadAllText(file));
            }

            // The same file, a new device: restored through the app's handler, shown to a new tab.
            var restarted = SimulatedParts.Create(8);
            using (DashboardHost host = DashboardHost.Create(0, 4, null, restarted, o => o.Clock = () => 0, stateFile: file))
            {
                host.Start();
                Assert.True(restarted.Led.IsOn);
                Assert.Equal(40, restarted.Fan.Percent);
                using DashboardClient tab = await DashboardClient.ConnectAsync(host.Port);
                JsonElement hello = await tab.ReceiveAsync();
                Assert.Equal("hello", hello.GetProperty("t").GetString());
                Assert.True(Channel(hello, "led").GetProperty("value").GetBoolean());
                Assert.Equal(40, Channel(hello, "fan").GetProperty("value").GetInt32());
                Assert.Null(host.State.LastError);
            }
        }

        [Theory]
        [InlineData("{\"led\":tru")]
        [InlineData("{\"led\":true,\"fan\":6")]
        [InlineData("{\"led\":true,\"fan\":60}{\"led\"")]
        [InlineData("not json")]
        [InlineData("\u0000\u0000\u0000\u0000")]
        public void A_damaged_file_is_reported_and_the_device_starts_from_its_defaults(string content)
        {
            string file = Path.Combine(_dir, "dashboard.json");
            File.WriteAllText(file, content);
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();

            // Not even the LED written before the tear is applied.
            Assert.False(device.Led.IsOn);
            Assert.Equal(0, device.Fan.Percent);
            Assert.Equal("saved state in " + file + " is damaged; starting from the defaults", host.State.LastError);
            Assert.Equal(host.State.LastError, host.State.RestoreReport);
            Assert.Equal("{\"led\":false,\"fan\":0}", Saved(host));
        }

        [Fact]
        public void Without_a_saved_state_the_device_says_so_and_starts_from_its_defaults()
        {
            string file = Path.Combine(_dir, "dashboard.json");
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();
            Assert.Equal("no saved state in " + file + "; starting from the defaults", host.State.RestoreReport);
            Assert.Null(host.State.LastError);
            Assert.False(device.Led.IsOn);
            Assert.Equal(0, device.Fan.Percent);
            Assert.False(File.Exists(file));
            Assert.False(File.Exists(file + ".new"));
        }

        [Fact]
        public void A_restart_between_deleting_the_old_file_and_renaming_the_new_one_restores_the_new_one()
        {
            // What a power cut after File.Delete and before File.Move leaves: only the new file, whole.
            string file = Path.Combine(_dir, "dashboard.json");
            File.WriteAllText(file + ".new", "{\"led\":true,\"fan\":70}");
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();
            Assert.Equal("saved state: 2 channel(s) restored from " + file + ".new", host.State.RestoreReport);
            Assert.True(device.Led.IsOn);
            Assert.Equal(70, device.Fan.Percent);

            // The next write takes it as the saved state first, then replaces it.
            host.App.Hub.Publish(host.App.Fan, 30.0, 0);
            Assert.True(host.State.SaveNow(host.App.Hub));
            Assert.Equal("{\"led\":true,\"fan\":30}", File.ReadAllText(file));
            Assert.False(File.Exists(file + ".new"));
            Assert.Equal(1, host.State.Writes);
        }

        [Fact]
        public void A_restart_while_the_new_file_was_being_written_keeps_the_old_state()
        {
            // What a power cut during File.WriteAllBytes leaves: the old file whole, the new one torn.
            string file = Path.Combine(_dir, "dashboard.json");
            File.WriteAllText(file, "{\"led\":true,\"fan\":55}");
            File.WriteAllText(file + ".new", "{\"led\":fal");
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();
            Assert.Equal("saved state: 2 channel(s) restored from " + file, host.State.RestoreReport);
            Assert.Null(host.State.LastError);
            Assert.True(device.Led.IsOn);
            Assert.Equal(55, device.Fan.Percent);

            host.App.Hub.Publish(host.App.Led, false, 0);
            Assert.True(host.State.SaveNow(host.App.Hub));
            Assert.Equal("{\"led\":false,\"fan\":55}", File.ReadAllText(file));
            Assert.False(File.Exists(file + ".new"));
        }

        [Fact]
        public void A_state_that_cannot_be_written_is_reported_and_the_device_runs_on()
        {
            // The state's folder is a file: nothing can be written under it.
            string blocker = Path.Combine(_dir, "not-a-folder");
            File.WriteAllText(blocker, "x");
            string file = Path.Combine(blocker, "dashboard.json");
            var device = SimulatedParts.Create(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();
            Assert.Equal("no saved state in " + file + "; starting from the defaults", host.State.RestoreReport);
            host.App.Hub.Publish(host.App.Led, true, 0);
            Assert.False(host.State.SaveNow(host.App.Hub));
            Assert.StartsWith("cannot write the saved state to " + file + ": ", host.State.LastError);
            Assert.Equal(0, host.State.Writes);
            Assert.Equal("x", File.ReadAllText(blocker));
        }

        [Fact]
        public void A_clean_stop_writes_what_was_not_saved_yet()
        {
            string file = Path.Combine(_dir, "dashboard.json");
            var device = SimulatedParts.Create(7);
            using (DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file))
            {
                host.Start();
                host.App.Hub.Publish(host.App.Led, true, 0);
            }

            Assert.Equal("{\"led\":true,\"fan\":0}", File.ReadAllText(file));
        }

        // What the hub would save now (WriteSaved counts it as saved: the last call of a test).
        private static string Saved(DashboardHost host)
        {
            byte[] buffer = new byte[256];
            return System.Text.Encoding.UTF8.GetString(buffer, 0, host.App.Hub.WriteSaved(buffer));
        }

        private static JsonElement Channel(JsonElement hello, string id)
        {
            foreach (JsonElement c in hello.GetProperty("channels").EnumerateArray())
            {
                if (c.GetProperty("id").GetString() == id)
                {
                    return c;
                }
            }

            throw new InvalidOperationException("no channel " + id);
        }

        // Waits for the device's thread to act on the moved clock; the limit only guards a hang.
        private static void WaitFor(Func<bool> condition)
        {
            DateTime guard = DateTime.UtcNow + DashboardClient.Patience;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < guard, "the device did not act");
                Thread.Sleep(5);
            }
        }
    }
}
