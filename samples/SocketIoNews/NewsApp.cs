using NanoWs.Net;
using NanoWs.SocketIo;

namespace NanoWs.Samples.SocketIoNews
{
    /// <summary>Where the sample writes what it logs (the console on a host, the debug output on a board).</summary>
    public delegate void NewsLog(string line);

    /// <summary>
    /// Socket.IO's founding example on the device: on every connection it emits <c>news</c>
    /// <c>{ hello: 'world' }</c> and logs the client's <c>my other event</c>. Shared by the host
    /// program and the board entry point (C# 7.3, mscorlib only).
    /// </summary>
    public static class NewsApp
    {
        /// <summary>The URL the page loads the official client from (a CDN, not the device: it is 50 KB).</summary>
        public const string ClientScriptUrl = "https://cdn.socket.io/4.8.1/socket.io.min.js";

        /// <summary>Connection options that fit Socket.IO with <paramref name="options"/> (see SocketIoEndpoint.ConfigureConnection).</summary>
        public static WebSocketOptions CreateConnectionOptions(SocketIoOptions options)
        {
            WebSocketOptions connection = new WebSocketOptions();
            SocketIoEndpoint.ConfigureConnection(connection, options);
            return connection;
        }

        /// <summary>
        /// Creates the Socket.IO server with the founding example's handlers and serves it on
        /// <paramref name="server"/> at <c>/socket.io/</c> (call before the server starts).
        /// </summary>
        public static SocketIoServer Attach(WebSocketServer server, SocketIoOptions options, NewsLog log)
        {
            SocketIoServer io = new SocketIoServer(options, new SystemRandomSource());
            io.OnConnection(socket =>
            {
                socket.Emit("news", "{\"hello\":\"world\"}");
                socket.On("my other event", (s, m) => log("my other event " + m.GetArgsString()));
            });
            SocketIoEndpoint.Attach(server, io);
            return io;
        }

        /// <summary>
        /// The page of the example, served at <c>/</c>: the official client from
        /// <see cref="ClientScriptUrl"/> and the example's browser code, unchanged, connecting to
        /// <paramref name="url"/> (e.g. http://localhost:8080).
        /// </summary>
        public static byte[] Page(string url)
        {
            string page = "<!doctype html>\n<meta charset=utf-8>\n<title>Socket.IO news</title>\n"
                + "<script src=\"" + ClientScriptUrl + "\"></script>\n"
                + "<script>\n"
                + "  var socket = io.connect('" + url + "');\n"
                + "  socket.on('news', function (data) {\n"
                + "    console.log(data);\n"
                + "    socket.emit('my other event', { my: 'data' });\n"
                + "  });\n"
                + "</script>\n";
            byte[] bytes = new byte[page.Length];
            for (int i = 0; i < page.Length; i++)
            {
                bytes[i] = (byte)page[i];
            }

            return bytes;
        }
    }
}
