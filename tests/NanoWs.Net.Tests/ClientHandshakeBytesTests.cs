using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>
    /// The client's upgrade request on the wire, byte for byte, with keys from a known random
    /// source: the key is the base64 (RFC 4648 §4) of the 16-byte nonce, written by the project's own
    /// encoder, and the server's accept computed from it by .NET opens the connection.
    /// </summary>
    public sealed class ClientHandshakeBytesTests
    {
        /// <summary>Yields the bytes it was given, over and over.</summary>
        private sealed class FixedRandom : IRandomSource
        {
            private readonly byte[] _bytes;
            private int _next;

            public FixedRandom(byte[] bytes) => _bytes = bytes;

            public void Fill(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = _bytes[_next++ % _bytes.Length];
                }
            }
        }

        [Theory]
        [InlineData("0102030405060708090a0b0c0d0e0f10", "AQIDBAUGBwgJCgsMDQ4PEA==")]
        [InlineData("00000000000000000000000000000000", "AAAAAAAAAAAAAAAAAAAAAA==")]
        [InlineData("ffffffffffffffffffffffffffffffff", "/////////////////////w==")]
        [InlineData("fbefbefbefbefbefbefbefbefbefbeff", "++++++++++++++++++++/w==")]
        [InlineData("00108310518720928b30d38f41149351", "ABCDEFGHIJKLMNOPQRSTUQ==")]
        public void RequestBytesCarryTheKeyOfTheNonceAndTheAcceptOpens(string nonceHex, string key)
        {
            byte[] nonce = Convert.FromHexString(nonceHex);
            Assert.Equal(key, Convert.ToBase64String(nonce)); // the vector itself, checked by .NET

            using var server = new RawServer();
            var options = new WebSocketClientOptions
            {
                Connection = new WebSocketOptions { Random = new FixedRandom(nonce) },
                Origin = "http://board.local",
            };
            var client = new WebSocketClient("ws://127.0.0.1:" + server.Port + "/sensors?x=1", options);
            var recorder = new ClientRecorder(client);
            using var opened = new ManualResetEventSlim();
            client.Opened += c => opened.Set();
            client.Connect();
            RawServer.Peer peer = server.Accept();
            string request = peer.ReadRequest();
            Assert.Equal(
                "GET /sensors?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.Port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nOrigin: http://board.local\r\n\r\n",
                request);

            // RawServer answers with .NET's SHA-1 and base64 of that key: the client's expected
            // accept, from its own encoder, must match it.
            peer.Accept(request);
            Assert.True(opened.Wait(ServerHarness.Patience), "not opened; errors: " + string.Join(" | ", recorder.Errors));
            Assert.Empty(recorder.Errors);

            // The server goes: the client reports the end of the connection and its thread ends.
            peer.Dispose();
            Assert.Equal(1006, recorder.NextClose().Code);
            Assert.True(client.WaitClosed(20000));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void AcceptKeyMatchesDotNetsSha1AndBase64(int seed)
        {
            var random = new Random(seed);
            byte[] nonce = new byte[16];
            random.NextBytes(nonce);
            string key = Convert.ToBase64String(nonce);
            string expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptKey.Guid)));
            Assert.Equal(expected, AcceptKey.Compute(key));
        }
    }
}
