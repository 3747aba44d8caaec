using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Hub.Tests
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
            var device = new SimulatedDevice(7);
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
            var restarted = new SimulatedDevice(8);
            using (DashboardHost host = DashboardHost.Create(0, 4, null, restarted, o => o.Clock = () => 0, stateFile: file))
            {
                host.Start();
                Assert.True(restarted.Led);
                Assert.Equal(40, restarted.Fan);
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
        [InlineData("not json")]
        public void A_damaged_file_is_reported_and_the_device_starts_from_its_defaults(string content)
        {
            string file = Path.Combine(_dir, "dashboard.json");
            File.WriteAllText(file, content);
            var device = new SimulatedDevice(7);
            using DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file);
            host.Start();
            Assert.False(device.Led);
            Assert.Equal(0, device.Fan);
            Assert.Equal("saved state in " + file + " is damaged; starting from the defaults", host.State.LastError);
        }

        [Fact]
        public void A_clean_stop_writes_what_was_not_saved_yet()
        {
            string file = Path.Combine(_dir, "dashboard.json");
            var device = new SimulatedDevice(7);
            using (DashboardHost host = DashboardHost.Create(0, 4, null, device, o => o.Clock = () => 0, stateFile: file))
            {
                host.Start();
                host.App.Hub.Publish(host.App.Led, true, 0);
            }

            Assert.Equal("{\"led\":true,\"fan\":0}", File.ReadAllText(file));
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
