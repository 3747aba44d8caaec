using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace NanoWs.Conformance.Tests
{
    /// <summary>
    /// A deliberately lax client in echo mode: it sends a valid upgrade request, takes any response
    /// (no status, Upgrade, Connection or Sec-WebSocket-Accept check), then sends every frame back as
    /// it came, masked: no RSV check, any opcode, no UTF-8 validation, no close-code or control-frame
    /// check. The conformance runner's client mode must report it FAILED.
    /// </summary>
    public sealed class LaxEchoClient : IClientTarget
    {
        /// <summary>Starts one lax client connecting to <paramref name="url"/> on a thread of its own.</summary>
        public IClientInstance Start(string url) => new Instance(new Uri(url));

        private sealed class Instance : IClientInstance
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly Thread _thread;

            public Instance(Uri url)
            {
                _thread = new Thread(() => Run(url)) { IsBackground = true, Name = "lax client" };
                _thread.Start();
            }

            public string Report() => string.Empty;

            public void Dispose()
            {
                if (!_thread.Join(2000))
                {
                    _socket.Close();
                    _thread.Join(2000);
                }

                _socket.Dispose();
            }

            private void Run(Uri url)
            {
                try
                {
                    _socket.Connect(url.Host, url.Port);
                    using var stream = new NetworkStream(_socket, ownsSocket: false);
                    string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                    stream.Write(Encoding.ASCII.GetBytes(
                        "GET " + url.PathAndQuery + " HTTP/1.1\r\nHost: " + url.Authority + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n"));
                    LaxEchoServer.ReadHead(stream);
                    LaxEchoServer.EchoFrames(stream, mask: true);
                }
                catch (IOException)
                {
                    // The tester went away (end of stream included).
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
                finally
                {
                    _socket.Close();
                }
            }
        }
    }
}
