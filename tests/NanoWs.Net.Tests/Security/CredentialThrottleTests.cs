using Xunit;

namespace NanoWs.Net.Tests.Security
{
    /// <summary>The per-address backoff of wrong credentials, on a test clock (plain numbers).</summary>
    public sealed class CredentialThrottleTests
    {
        [Fact]
        public void FreeAttemptsThenDoublingBackoffCappedAt64Times()
        {
            var throttle = new CredentialThrottle(4, 3, 1000);
            long[] backoffs = new long[12];
            for (int i = 0; i < backoffs.Length; i++)
            {
                backoffs[i] = throttle.Failed(7, 0);
            }

            Assert.Equal(new long[] { 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 64000, 64000 }, backoffs);
            Assert.Equal(64000, throttle.RetryAfterMs(7, 0));
            Assert.Equal(1, throttle.RetryAfterMs(7, 63999));
            Assert.Equal(0, throttle.RetryAfterMs(7, 64000));
            Assert.Equal(0, throttle.RetryAfterMs(8, 0));

            throttle.Succeeded(7);
            Assert.Equal(0, throttle.RetryAfterMs(7, 0));
            Assert.Equal(0, throttle.FailuresOf(7));
        }

        [Fact]
        public void FullTableGivesUpTheAddressSeenLongestAgo()
        {
            var throttle = new CredentialThrottle(2, 0, 100);
            throttle.Failed(1, 10);
            throttle.Failed(2, 20);
            throttle.Failed(1, 30);
            throttle.Failed(3, 40);
            Assert.Equal(2, throttle.FailuresOf(1));
            Assert.Equal(0, throttle.FailuresOf(2));
            Assert.Equal(1, throttle.FailuresOf(3));
            Assert.Equal(100, throttle.RetryAfterMs(3, 40));
        }
    }
}
