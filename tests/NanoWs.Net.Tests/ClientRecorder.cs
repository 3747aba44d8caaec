using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using Xunit;

namespace NanoWs.Net.Tests
{
    /// <summary>Records a <see cref="WebSocketClient"/>'s events and reassembles its messages.</summary>
    public sealed class ClientRecorder
    {
        public readonly BlockingCollection<(WebSocketMessageType Type, byte[] Data)> Messages = new BlockingCollection<(WebSocketMessageType, byte[])>();
        public readonly BlockingCollection<(int Code, string Reason, bool Clean)> Closes = new BlockingCollection<(int, string, bool)>();
        public readonly ConcurrentQueue<string> Errors = new ConcurrentQueue<string>();
        public int Opens;
        private readonly MemoryStream _partial = new MemoryStream();

        public ClientRecorder(WebSocketClient client)
        {
            client.Opened += c => Interlocked.Increment(ref Opens);
            client.Error += (c, m) => Errors.Enqueue(m);
            client.Closed += (c, code, reason, clean) => Closes.Add((code, reason, clean));
            client.MessageReceived += (c, m) =>
            {
                _partial.Write(m.Buffer, m.Offset, m.Count);
                if (m.IsFinal)
                {
                    Messages.Add((m.MessageType, _partial.ToArray()));
                    _partial.SetLength(0);
                }
            };
        }

        public (WebSocketMessageType Type, byte[] Data) NextMessage()
        {
            Assert.True(Messages.TryTake(out var message, ServerHarness.Patience), "no message; errors: " + string.Join(" | ", Errors));
            return message;
        }

        public (int Code, string Reason, bool Clean) NextClose()
        {
            Assert.True(Closes.TryTake(out var close, ServerHarness.Patience), "no close; errors: " + string.Join(" | ", Errors));
            return close;
        }

        /// <summary>Streams <paramref name="data"/> in frames of MaxFramePayload, retrying while the send buffer is full.</summary>
        public static void SendWhole(WebSocketClient client, WebSocketMessageType type, byte[] data)
        {
            SendInPieces(client, type, data, client.MaxFramePayload);
        }

        /// <summary>Sends <paramref name="data"/> as fragments of at most <paramref name="piece"/> bytes (one frame when it fits).</summary>
        public static void SendInPieces(WebSocketClient client, WebSocketMessageType type, byte[] data, int piece)
        {
            int offset = 0;
            do
            {
                int chunk = Math.Min(piece, data.Length - offset);
                bool last = offset + chunk == data.Length;
                Retry(client, () => client.SendFragment(type, data, offset, chunk, last));
                offset += chunk;
                if (last)
                {
                    return;
                }
            }
            while (true);
        }

        /// <summary>Retries <paramref name="send"/> while it finds no room (the connection must stay open).</summary>
        public static void Retry(WebSocketClient client, Func<bool> send)
        {
            DateTime end = DateTime.UtcNow + ServerHarness.Patience;
            while (!send())
            {
                Assert.Equal(WebSocketState.Open, client.ReadyState);
                Assert.True(DateTime.UtcNow < end, "send never found room");
                Thread.Sleep(1);
            }
        }
    }
}
