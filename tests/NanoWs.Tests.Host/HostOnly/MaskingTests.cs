using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Masking.Apply (host fast path + portable rest) and Masking.ApplyPortable (the board's loop)
    /// against the plain RFC 6455 §5.3 definition, for every length up to 300 (several SIMD vectors and every remainder), every starting key
    /// index, odd offsets, and in place.
    /// </summary>
    public class MaskingTests
    {
        private static readonly byte[] Key = { 0x37, 0xFA, 0x21, 0x3D };

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Masking_matches_the_definition_for_every_length_and_key_index(bool portable)
        {
            for (int count = 0; count <= 300; count++)
            {
                for (int keyIndex = 0; keyIndex < 4; keyIndex++)
                {
                    byte[] source = new byte[count + 5];
                    for (int i = 0; i < source.Length; i++)
                    {
                        source[i] = (byte)((i * 73) + 11);
                    }

                    byte[] expected = new byte[count + 3];
                    for (int i = 0; i < count; i++)
                    {
                        expected[3 + i] = (byte)(source[5 + i] ^ Key[(keyIndex + i) & 3]);
                    }

                    byte[] copy = new byte[count + 3];
                    int next = Run(portable, source, 5, copy, 3, count, keyIndex);
                    Assert.Equal(expected, copy);
                    Assert.Equal((keyIndex + count) & 3, next);

                    byte[] inPlace = (byte[])source.Clone();
                    Run(portable, inPlace, 5, inPlace, 5, count, keyIndex);
                    for (int i = 0; i < count; i++)
                    {
                        Assert.Equal(expected[3 + i], inPlace[5 + i]);
                    }
                }
            }
        }

        private static int Run(bool portable, byte[] s, int so, byte[] d, int d0, int count, int keyIndex)
        {
            return portable
                ? Masking.ApplyPortable(s, so, d, d0, count, Key[0], Key[1], Key[2], Key[3], keyIndex)
                : Masking.Apply(s, so, d, d0, count, Key[0], Key[1], Key[2], Key[3], keyIndex);
        }
    }
}
