using System;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// The byte budget of one connection: what construction allocates on the host, compared with
    /// <see cref="WebSocketConnection.EstimateBytes"/> and the figure documented in docs/core.md ("Memory").
    /// </summary>
    public class FootprintTests
    {
        // Documented in docs/core.md ("Memory"): one connection with default options stays under this.
        private const int DocumentedDefaultBudget = 4096;

        private readonly ITestOutputHelper _output;

        public FootprintTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Default_connection_fits_the_documented_budget(bool server)
        {
            // Truly default options: nothing injected, so a client also builds its own random source.
            WebSocketOptions options = new WebSocketOptions();
            Create(server, options);

            long before = GC.GetAllocatedBytesForCurrentThread();
            WebSocketConnection c = Create(server, options);
            long measured = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(c);

            int estimate = WebSocketConnection.EstimateBytes(options);
            _output.WriteLine((server ? "server" : "client") + ": measured " + measured + " bytes, estimate " + estimate + " bytes");
            // The estimate is a board's figure (12-byte heap blocks; checked on nanoclr32 by
            // tests/NanoWs.Benchmarks/nanoclr): .NET packs objects tighter, but not by much.
            Assert.True(measured <= estimate, "measured " + measured + " > estimate " + estimate);
            Assert.True(estimate <= measured * 1.25, "estimate " + estimate + " overstates measured " + measured);
            Assert.True(estimate <= DocumentedDefaultBudget, "estimate " + estimate + " > documented " + DocumentedDefaultBudget);
        }

        [Fact]
        public void Reassembly_buffer_is_sized_by_MaxMessageSize()
        {
            WebSocketOptions options = new WebSocketOptions();
            options.ReassembleMessages = true;
            options.MaxMessageSize = 8192;
            WebSocketConnection.CreateServer(options);

            long before = GC.GetAllocatedBytesForCurrentThread();
            WebSocketConnection.CreateServer(options);
            long measured = GC.GetAllocatedBytesForCurrentThread() - before;

            WebSocketOptions plain = new WebSocketOptions();
            long beforePlain = GC.GetAllocatedBytesForCurrentThread();
            WebSocketConnection.CreateServer(plain);
            long measuredPlain = GC.GetAllocatedBytesForCurrentThread() - beforePlain;

            long difference = measured - measuredPlain;
            Assert.InRange(difference, 8192, 8192 + 64);
        }

        private static WebSocketConnection Create(bool server, WebSocketOptions options)
        {
            return server ? WebSocketConnection.CreateServer(options) : WebSocketConnection.CreateClient(options);
        }
    }
}
