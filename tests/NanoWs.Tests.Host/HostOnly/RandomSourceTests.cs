using System.Collections.Generic;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// The host build's default <see cref="SystemRandomSource"/>: the operating system's generator
    /// through a 256-byte pool. Keys drawn across pool refills must never come back as the zeros
    /// the pool is cleared to, nor repeat.
    /// </summary>
    public class RandomSourceTests
    {
        [Fact]
        public void Default_source_hands_out_fresh_bytes_across_pool_refills()
        {
            SystemRandomSource source = new SystemRandomSource();
            var keys = new HashSet<uint>();
            byte[] key = new byte[4];
            for (int i = 0; i < 1000; i++)
            {
                source.Fill(key, 0, 4);
                uint value = (uint)(key[0] | (key[1] << 8) | (key[2] << 16) | (key[3] << 24));
                Assert.NotEqual(0u, value);
                Assert.True(keys.Add(value), "masking key repeated after " + i + " keys");
            }

            // A request larger than the pool, at an offset, fills exactly its range.
            byte[] big = new byte[700];
            source.Fill(big, 50, 600);
            Assert.All(new[] { big[0], big[49], big[650], big[699] }, b => Assert.Equal(0, b));
            int zeros = 0;
            for (int i = 50; i < 650; i++)
            {
                zeros += big[i] == 0 ? 1 : 0;
            }

            // 600 random bytes hold about 2 zeros; a pool handed out uncleared or unrefilled gives hundreds.
            Assert.InRange(zeros, 0, 20);
        }
    }
}
