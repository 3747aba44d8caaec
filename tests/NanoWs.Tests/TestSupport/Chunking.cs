using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// Torn-input checks (DESIGN.md "Tests"): the same bytes fed whole, one byte at a time, split at
    /// every point and (for short inputs) at every pair of points must give the same events and the
    /// same bytes sent, on a fresh connection each time.
    /// </summary>
    public static class Chunking
    {
        /// <summary>Inputs up to this many bytes are also split at every pair of points.</summary>
        public const int MaxThreeWayInput = 40;

        /// <summary>
        /// Asserts that <paramref name="input"/> gives <paramref name="expectedLog"/> (a <see cref="Wire"/>
        /// log) and sends <paramref name="expectedSentHex"/> however it is chunked.
        /// </summary>
        public static void AssertAnyChunking(bool server, WebSocketOptions options, byte[] input, string expectedLog, string expectedSentHex)
        {
            Wire w = Wire.Open(server, options);
            Check(w, w.Feed(input, 0), expectedLog, expectedSentHex, "whole");

            w = Wire.Open(server, options);
            Check(w, w.Feed(input, 1), expectedLog, expectedSentHex, "byte at a time");

            for (int at = 1; at < input.Length; at++)
            {
                w = Wire.Open(server, options);
                Check(w, w.FeedSplit(input, at), expectedLog, expectedSentHex, "split at " + at);
            }

            if (input.Length > MaxThreeWayInput)
            {
                return;
            }

            for (int a = 1; a < input.Length; a++)
            {
                for (int b = a + 1; b < input.Length; b++)
                {
                    w = Wire.Open(server, options);
                    string log = w.Feed(Bytes.Slice(input, 0, a), 0)
                        + w.Feed(Bytes.Slice(input, a, b - a), 0)
                        + w.Feed(Bytes.Slice(input, b, input.Length - b), 0);
                    Check(w, log, expectedLog, expectedSentHex, "split at " + a + " and " + b);
                }
            }
        }

        private static void Check(Wire w, string log, string expectedLog, string expectedSentHex, string how)
        {
            Assert.AreEqual(expectedLog, log, "events, input fed " + how);
            Assert.AreEqual(expectedSentHex, w.TakeSentHex(), "bytes sent, input fed " + how);
        }
    }
}
