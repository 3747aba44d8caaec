using NanoWs;
using NanoWs.Hardware;
using NanoWs.Net;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard server's options for a board: port 80 and the profile's connections, lingering
    /// 503s, buffers and firmware socket count (HubServer.Create adds the WebSocket path and the
    /// message sizes the hub needs). The server refuses to start when they do not fit the
    /// firmware's sockets (<see cref="WebSocketServerOptions.SocketBudget"/>).
    /// </summary>
    public static class BoardServerOptions
    {
        /// <summary>Options for <paramref name="board"/>; the caller sets the clock.</summary>
        /// <param name="board">The board profile.</param>
        /// <returns>New options.</returns>
        public static WebSocketServerOptions FromProfile(BoardProfile board)
        {
            WebSocketServerOptions options = new WebSocketServerOptions();
            options.Port = 80;
            options.MaxConnections = board.MaxConnections;
            options.MaxPendingRejects = board.MaxPendingRejects;
            options.SocketBudget = board.SocketBudget;
            options.MaxTlsConnections = board.MaxTlsConnections;
            options.Connection = new WebSocketOptions();
            options.Connection.ReceiveBufferSize = board.ReceiveBufferSize;
            options.Connection.SendBufferSize = board.SendBufferSize;
            return options;
        }
    }
}
