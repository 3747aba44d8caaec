using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    [TestClass]
    public class Sha1Tests
    {
        // RFC 3174 §7.3 TEST1..TEST4, and values checked with `openssl sha1`.
        private const string Test1 = "abc";
        private const string Test1Digest = "A9993E364706816ABA3E25717850C26C9CD0D89D";
        private const string Test2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        private const string Test2Digest = "84983E441C3BD26EBAAE4AA1F95129E5E54670F1";
        private const string Test3Digest = "34AA973CD4C4DAA4F61EEB2BDBAD27316534016F";
        private const string Test4Unit = "0123456701234567012345670123456701234567012345670123456701234567";
        private const string Test4Digest = "DEA356A2CDDD90C7A7ECEDC5EBB563934F460452";
        private const string EmptyDigest = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709";

        [TestMethod]
        public void Sha1_of_abc_matches_rfc3174_test1()
        {
            Bytes.AreEqual(Bytes.FromHex(Test1Digest), Hash(Bytes.Ascii(Test1)));
        }

        [TestMethod]
        public void Sha1_of_two_block_message_matches_rfc3174_test2()
        {
            Bytes.AreEqual(Bytes.FromHex(Test2Digest), Hash(Bytes.Ascii(Test2)));
        }

        [TestMethod]
        public void Sha1_of_one_million_a_matches_rfc3174_test3()
        {
            // RFC 3174 §7.3 TEST3: "a" repeated 1,000,000 times, fed in 1000-byte chunks.
            byte[] chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)'a';
            }

            Sha1 sha = new Sha1();
            for (int i = 0; i < 1000; i++)
            {
                sha.Update(chunk, 0, chunk.Length);
            }

            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test3Digest), digest);
        }

        [TestMethod]
        public void Sha1_of_repeated_64_char_pattern_matches_rfc3174_test4()
        {
            // RFC 3174 §7.3 TEST4: TEST4a + TEST4b (64 chars) repeated 10 times, one Update each.
            byte[] unit = Bytes.Ascii(Test4Unit);
            Sha1 sha = new Sha1();
            for (int i = 0; i < 10; i++)
            {
                sha.Update(unit, 0, unit.Length);
            }

            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test4Digest), digest);
        }

        [TestMethod]
        public void Sha1_of_empty_input_is_da39a3ee()
        {
            Bytes.AreEqual(Bytes.FromHex(EmptyDigest), Hash(new byte[0]));
        }

        [TestMethod]
        public void Sha1_of_nothing_updated_equals_empty_digest()
        {
            Sha1 sha = new Sha1();
            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(EmptyDigest), digest);
        }

        // Lengths around the padding boundary: 55 bytes still fit the length field in one block,
        // 56..63 need a second block, 64 is exactly one block. Input is "ABC...ZABC..." of the
        // given length; digests from `openssl sha1`.
        [TestMethod]
        [DataRow(55, "EBD854F0C7C9F58A1D5AF5DEE2B4C039902F945B")]
        [DataRow(56, "45FE53C317500145812034ECF0061F12AF48D782")]
        [DataRow(63, "E35DBC73B66138ACBBBF224729361960C2507B5B")]
        [DataRow(64, "220FAA7C1778BD2CC286C8B9CCEC03E1131B52D8")]
        [DataRow(65, "8C0CB26E8DEA375BC6BCE44B385942F967994E44")]
        [DataRow(119, "7C45A39CCC9D19373773C33D8E9D9D2643FBD8C8")]
        [DataRow(120, "3177F24A0F2A5C69C1C3DFD44B6BB25609930636")]
        [DataRow(128, "F113310A7D2CA67C152400C68027D62E769F4AD8")]
        public void Sha1_pads_correctly_around_block_boundaries(int length, string expectedHex)
        {
            Bytes.AreEqual(Bytes.FromHex(expectedHex), Hash(Alphabet(length)));
        }

        [TestMethod]
        public void Sha1_gives_same_digest_for_every_split_point()
        {
            // 128 bytes: splits fall before, inside and after both 64-byte blocks.
            byte[] data = Alphabet(128);
            byte[] expected = Bytes.FromHex("F113310A7D2CA67C152400C68027D62E769F4AD8");
            Sha1 sha = new Sha1();
            byte[] digest = new byte[Sha1.HashSize];
            for (int split = 0; split <= data.Length; split++)
            {
                sha.Update(data, 0, split);
                sha.Update(data, split, data.Length - split);
                sha.Final(digest, 0);
                if (!Same(expected, digest))
                {
                    Assert.IsTrue(false, "Digest differs when split at " + split + ": " + Bytes.ToHex(digest));
                }
            }
        }

        [TestMethod]
        public void Sha1_gives_same_digest_for_every_split_of_rfc3174_test2()
        {
            byte[] data = Bytes.Ascii(Test2);
            byte[] expected = Bytes.FromHex(Test2Digest);
            Sha1 sha = new Sha1();
            byte[] digest = new byte[Sha1.HashSize];
            for (int split = 0; split <= data.Length; split++)
            {
                sha.Update(data, 0, split);
                sha.Update(data, split, data.Length - split);
                sha.Final(digest, 0);
                if (!Same(expected, digest))
                {
                    Assert.IsTrue(false, "Digest differs when split at " + split + ": " + Bytes.ToHex(digest));
                }
            }
        }

        [TestMethod]
        public void Sha1_gives_same_digest_fed_byte_at_a_time()
        {
            byte[] data = Alphabet(128);
            Sha1 sha = new Sha1();
            for (int i = 0; i < data.Length; i++)
            {
                sha.Update(data, i, 1);
            }

            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex("F113310A7D2CA67C152400C68027D62E769F4AD8"), digest);
        }

        [TestMethod]
        public void Sha1_ignores_zero_length_updates()
        {
            byte[] data = Bytes.Ascii(Test1);
            Sha1 sha = new Sha1();
            sha.Update(data, 0, 0);
            sha.Update(data, 0, 1);
            sha.Update(data, 1, 0);
            sha.Update(data, 1, 2);
            sha.Update(data, 3, 0);
            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test1Digest), digest);
        }

        [TestMethod]
        public void Sha1_is_reusable_after_final()
        {
            Sha1 sha = new Sha1();
            byte[] digest = new byte[Sha1.HashSize];
            byte[] abc = Bytes.Ascii(Test1);
            byte[] two = Bytes.Ascii(Test2);

            sha.Update(abc, 0, abc.Length);
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test1Digest), digest);

            sha.Update(two, 0, two.Length);
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test2Digest), digest);

            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(EmptyDigest), digest);

            sha.Update(abc, 0, abc.Length);
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test1Digest), digest);
        }

        [TestMethod]
        public void Sha1_reset_discards_partial_input()
        {
            Sha1 sha = new Sha1();
            byte[] two = Bytes.Ascii(Test2);
            sha.Update(two, 0, 40);
            sha.Reset();

            byte[] abc = Bytes.Ascii(Test1);
            sha.Update(abc, 0, abc.Length);
            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            Bytes.AreEqual(Bytes.FromHex(Test1Digest), digest);
        }

        [TestMethod]
        public void Sha1_reads_input_at_offset_and_writes_digest_at_offset()
        {
            byte[] buffer = new byte[10 + 3 + 10];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xEE;
            }

            buffer[10] = (byte)'a';
            buffer[11] = (byte)'b';
            buffer[12] = (byte)'c';

            Sha1 sha = new Sha1();
            sha.Update(buffer, 10, 3);
            byte[] output = new byte[5 + Sha1.HashSize + 5];
            sha.Final(output, 5);

            Bytes.AreEqual(Bytes.FromHex(Test1Digest), 0, Sha1.HashSize, output, 5, Sha1.HashSize);
            Assert.AreEqual((byte)0, output[4]);
            Assert.AreEqual((byte)0, output[5 + Sha1.HashSize]);
        }

        [TestMethod]
        public void Sha1_hash_size_is_20()
        {
            Assert.AreEqual(20, Sha1.HashSize);
        }

        [TestMethod]
        public void Sha1_update_rejects_null_buffer()
        {
            Sha1 sha = new Sha1();
            Assert.ThrowsException(typeof(ArgumentNullException), () => sha.Update(null, 0, 0));
        }

        [TestMethod]
        public void Sha1_update_rejects_range_outside_buffer()
        {
            Sha1 sha = new Sha1();
            byte[] data = new byte[4];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Update(data, 2, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Update(data, -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Update(data, 0, -1));
        }

        [TestMethod]
        public void Sha1_final_rejects_output_shorter_than_20_bytes()
        {
            Sha1 sha = new Sha1();
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Final(new byte[19], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => sha.Final(new byte[20], 1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => sha.Final(null, 0));
        }

        private static byte[] Hash(byte[] data)
        {
            Sha1 sha = new Sha1();
            sha.Update(data, 0, data.Length);
            byte[] digest = new byte[Sha1.HashSize];
            sha.Final(digest, 0);
            return digest;
        }

        // "ABC...XYZABC..." of the given length.
        private static byte[] Alphabet(int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)('A' + (i % 26));
            }

            return b;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
