using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    [TestClass]
    public class AcceptKeyTests
    {
        // RFC 6455 §1.3: the worked example of the opening handshake.
        private const string RfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
        private const string RfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

        [TestMethod]
        public void Accept_key_of_rfc6455_example_matches_section_1_3()
        {
            Assert.AreEqual(RfcAccept, AcceptKey.Compute(RfcKey));
        }

        // Expected values computed independently with
        // printf '%s' "<key>258EAFA5-E914-47DA-95CA-C5AB0DC85B11" | openssl sha1 -binary | base64
        [TestMethod]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]
        [DataRow("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4PEA==", "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=")]
        public void Accept_key_matches_openssl(string key, string expected)
        {
            Assert.AreEqual(expected, AcceptKey.Compute(key));
        }

        [TestMethod]
        public void Accept_key_from_buffer_matches_string_overload_and_reads_only_the_range()
        {
            // The key sits in the middle of a request buffer, as the handshake parser sees it.
            byte[] request = Bytes.Ascii("Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n");
            int offset = 19;
            int count = 24;

            Sha1 sha = new Sha1();
            byte[] scratch = new byte[Sha1.HashSize];
            Assert.AreEqual("HSmrc0sMlYUkAGmm5OPpG2HaGWk=", AcceptKey.Compute(request, offset, count, sha, scratch));
        }

        [TestMethod]
        [DataRow("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]
        [DataRow("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")]
        [DataRow("AQIDBAUGBwgJCgsMDQ4PEA==", "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=")]
        public void Accept_key_written_as_bytes_matches_openssl_and_touches_only_its_28_bytes(string key, string expected)
        {
            byte[] keyBytes = Bytes.Ascii(key);
            byte[] destination = new byte[40];
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = 0xAA;
            }

            int end = AcceptKey.Write(keyBytes, 0, keyBytes.Length, new Sha1(), new byte[Sha1.HashSize], destination, 5);
            Assert.AreEqual(33, end);
            Assert.AreEqual(Bytes.ToHex(Bytes.Ascii(expected)), Bytes.ToHex(destination, 5, 28));
            Assert.AreEqual("AA AA AA AA AA", Bytes.ToHex(destination, 0, 5));
            Assert.AreEqual("AA AA AA AA AA AA AA", Bytes.ToHex(destination, 33, 7));
        }

        [TestMethod]
        public void Accept_key_written_as_bytes_matches_Convert_base64_for_every_digit_of_the_alphabet()
        {
            // 256 different keys give digests whose base64 uses all 64 digits (checked below), so the
            // own encoder is compared with Convert.ToBase64String on every digit.
            Sha1 sha = new Sha1();
            byte[] scratch = new byte[Sha1.HashSize];
            byte[] written = new byte[28];
            bool[] seen = new bool[128];
            byte[] nonce = new byte[16];
            for (int k = 0; k < 256; k++)
            {
                for (int i = 0; i < nonce.Length; i++)
                {
                    nonce[i] = (byte)((k * 37) + (i * 101));
                }

                byte[] key = Bytes.Ascii(Convert.ToBase64String(nonce));
                AcceptKey.Write(key, 0, key.Length, sha, scratch, written, 0);
                Assert.AreEqual(Bytes.ToHex(Bytes.Ascii(AcceptKey.Compute(key, 0, key.Length, sha, scratch))), Bytes.ToHex(written));
                for (int i = 0; i < 27; i++)
                {
                    seen[written[i]] = true;
                }
            }

            string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < alphabet.Length; i++)
            {
                Assert.IsTrue(seen[alphabet[i]], "digit " + alphabet[i] + " was exercised");
            }
        }

        [TestMethod]
        public void Accept_key_written_as_bytes_rejects_a_destination_without_28_bytes_of_room()
        {
            byte[] key = Bytes.Ascii("dGhlIHNhbXBsZSBub25jZQ==");
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => AcceptKey.Write(key, 0, key.Length, new Sha1(), new byte[Sha1.HashSize], new byte[30], 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => AcceptKey.Write(key, 0, key.Length, new Sha1(), new byte[Sha1.HashSize], null, 0));
        }

        [TestMethod]
        public void Accept_key_hasher_and_scratch_are_reusable()
        {
            Sha1 sha = new Sha1();
            byte[] scratch = new byte[Sha1.HashSize];
            byte[] first = Bytes.Ascii(RfcKey);
            byte[] second = Bytes.Ascii("AQIDBAUGBwgJCgsMDQ4PEA==");

            Assert.AreEqual(RfcAccept, AcceptKey.Compute(first, 0, first.Length, sha, scratch));
            Assert.AreEqual("C/0nmHhBztSRGR1CwL6Tf4ZjwpY=", AcceptKey.Compute(second, 0, second.Length, sha, scratch));
            Assert.AreEqual(RfcAccept, AcceptKey.Compute(first, 0, first.Length, sha, scratch));
        }

        [TestMethod]
        public void Accept_key_hash_is_sha1_of_key_and_guid_written_at_offset()
        {
            byte[] key = Bytes.Ascii("AQIDBAUGBwgJCgsMDQ4PEA==");
            byte[] hash = new byte[3 + Sha1.HashSize];
            AcceptKey.ComputeHash(key, 0, key.Length, new Sha1(), hash, 3);

            // openssl sha1 of "AQIDBAUGBwgJCgsMDQ4PEA==258EAFA5-E914-47DA-95CA-C5AB0DC85B11".
            byte[] expected = Bytes.FromHex("0BFD27987841CED491191D42C0BE937F8663C296");
            Bytes.AreEqual(expected, 0, expected.Length, hash, 3, Sha1.HashSize);
        }

        [TestMethod]
        public void Accept_key_hash_ignores_state_left_in_the_hasher()
        {
            Sha1 sha = new Sha1();
            byte[] junk = Bytes.Ascii("left over from a torn request");
            sha.Update(junk, 0, junk.Length);

            byte[] key = Bytes.Ascii(RfcKey);
            Assert.AreEqual(RfcAccept, AcceptKey.Compute(key, 0, key.Length, sha, new byte[Sha1.HashSize]));
        }

        [TestMethod]
        public void Accept_key_guid_is_the_rfc6455_constant()
        {
            Assert.AreEqual("258EAFA5-E914-47DA-95CA-C5AB0DC85B11", AcceptKey.Guid);
        }

        [TestMethod]
        public void Accept_key_is_28_characters()
        {
            // 20 bytes of SHA-1 base64-encode to 28 characters with one '=' of padding.
            string accept = AcceptKey.Compute("AQIDBAUGBwgJCgsMDQ4PEA==");
            Assert.AreEqual(28, accept.Length);
            Assert.AreEqual('=', accept[27]);
        }

        [TestMethod]
        public void Accept_key_rejects_null_key()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => AcceptKey.Compute(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => AcceptKey.Compute(null, 0, 0, new Sha1(), new byte[Sha1.HashSize]));
            Assert.ThrowsException(typeof(ArgumentNullException), () => AcceptKey.Compute(new byte[4], 0, 4, null, new byte[Sha1.HashSize]));
        }
    }
}
