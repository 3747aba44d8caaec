using System;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The start-time check of <see cref="WebSocketServerOptions.SocketBudget"/>: a configuration that
    /// needs more sockets than the firmware has is refused with the numbers, before anything is bound.
    /// </summary>
    public sealed class SocketBudgetTests
    {
        private static WebSocketServerOptions Options(int maxConnections, int maxPendingRejects, int socketBudget)
        {
            return new WebSocketServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                MaxConnections = maxConnections,
                MaxPendingRejects = maxPendingRejects,
                SocketBudget = socketBudget,
            };
        }

        [Theory]
        [InlineData(4, 2, 8)]
        [InlineData(8, 2, 12)]
        [InlineData(2, 0, 4)]
        [InlineData(1, 5, 8)]
        public void SocketsNeededCountsListenerSlotsNewcomerAndPendingRejects(int maxConnections, int maxPendingRejects, int expected)
        {
            Assert.Equal(expected, Options(maxConnections, maxPendingRejects, 0).SocketsNeeded);
        }

        [Fact]
        public void StartRefusesMoreConnectionsThanTheFirmwareHasSocketsAndNamesTheNumbers()
        {
            // The STM32F769I-DISCO's firmware has 4 sockets; 8 connections cannot be served there.
            var server = new WebSocketServer(Options(8, 2, 4));
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => server.Start());
            Assert.Equal(
                "the server needs 12 sockets (8 connections + 1 listener + 1 newcomer at a full house + 2 pending rejects)"
                + " but the firmware has 4 (SocketBudget): lower MaxConnections or MaxPendingRejects",
                e.Message);
            Assert.False(server.IsRunning);
            Assert.Equal(0, server.LocalPort);
        }

        [Fact]
        public void StartRefusesOneSocketTooManyAndLeavesNothingBound()
        {
            var options = Options(4, 2, 7);
            var server = new WebSocketServer(options);
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => server.Start());
            Assert.Equal(
                "the server needs 8 sockets (4 connections + 1 listener + 1 newcomer at a full house + 2 pending rejects)"
                + " but the firmware has 7 (SocketBudget): lower MaxConnections or MaxPendingRejects",
                e.Message);

            // Fixed, the same server starts and accepts a connection.
            options.SocketBudget = 8;
            server.Start();
            try
            {
                Assert.True(server.IsRunning);
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(new IPEndPoint(IPAddress.Loopback, server.LocalPort));
                Assert.True(client.Connected);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public void ZeroBudgetIsUncheckedOnTheHost()
        {
            var server = new WebSocketServer(Options(64, 16, 0));
            server.Start();
            try
            {
                Assert.True(server.IsRunning);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public void NegativeBudgetIsRejectedByValidate()
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => new WebSocketServer(Options(4, 2, -1)));
            Assert.Equal("SocketBudget must not be negative (0: unknown)", e.Message);
        }
    }
}
