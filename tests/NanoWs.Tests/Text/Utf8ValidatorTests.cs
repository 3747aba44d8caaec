using System;
using nanoFramework.TestFramework;

namespace NanoWs.Tests
{
    /// <summary>
    /// The UTF-8 decoder stress classes that Autobahn's section 6 exercises (after Markus Kuhn's
    /// UTF-8-test.txt, section numbers in the test names' comments). Every row is a hex input, the
    /// index of the first byte that must be rejected (-1: valid so far) and whether the input ends
    /// on a character boundary. Each row is checked whole, split at every point, and byte at a
    /// time: the verdict and the index must not depend on the chunking.
    /// </summary>
    [TestClass]
    public class Utf8ValidatorTests
    {
        // Kuhn 1: some correct UTF-8 text, and the other valid texts Autobahn case 6.2 uses.
        [TestMethod]
        [DataRow("", -1, true)]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5", -1, true)] // κόσμε (U+1F79), Kuhn's form
        [DataRow("CE BA CF 8C CF 83 CE BC CE B5", -1, true)] // κόσμε (U+03CC)
        [DataRow("48 65 6C 6C 6F 2D C2 B5 40 C3 9F C3 B6 C3 A4 C3 BC C3 A0 C3 A1 2D 55 54 46 2D 38 21 21", -1, true)] // Hello-µ@ßöäüàá-UTF-8!!
        [DataRow("F0 9F 98 80 20 F0 9F 91 8D", -1, true)] // two emoji
        public void Validator_accepts_valid_text(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 2.1: first possible sequence of a certain length. RFC 3629 §3 ends at four bytes.
        [TestMethod]
        [DataRow("00", -1, true)] // U+0000
        [DataRow("C2 80", -1, true)] // U+0080
        [DataRow("E0 A0 80", -1, true)] // U+0800
        [DataRow("F0 90 80 80", -1, true)] // U+10000
        [DataRow("F8 88 80 80 80", 0, false)] // 5 bytes: F8 never appears
        [DataRow("FC 84 80 80 80 80", 0, false)] // 6 bytes: FC never appears
        public void Validator_handles_first_sequence_of_each_length(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 2.2: last possible sequence of a certain length.
        [TestMethod]
        [DataRow("7F", -1, true)] // U+007F
        [DataRow("DF BF", -1, true)] // U+07FF
        [DataRow("EF BF BF", -1, true)] // U+FFFF: a noncharacter, still valid
        [DataRow("F7 BF BF BF", 0, false)] // U+1FFFFF: F7 is beyond F4
        [DataRow("FB BF BF BF BF", 0, false)] // U+3FFFFFF
        [DataRow("FD BF BF BF BF BF", 0, false)] // U+7FFFFFFF
        public void Validator_handles_last_sequence_of_each_length(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 2.3: other boundary conditions.
        [TestMethod]
        [DataRow("ED 9F BF", -1, true)] // U+D7FF, last before the surrogates
        [DataRow("EE 80 80", -1, true)] // U+E000, first after the surrogates
        [DataRow("EF BF BD", -1, true)] // U+FFFD
        [DataRow("F4 8F BF BF", -1, true)] // U+10FFFF, the last code point
        [DataRow("F4 90 80 80", 1, false)] // U+110000: rejected at its second byte
        [DataRow("F1 80 80 80", -1, true)] // U+40000
        [DataRow("F3 BF BF BF", -1, true)] // U+FFFFF
        public void Validator_handles_other_boundary_conditions(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 3.1: unexpected continuation bytes.
        [TestMethod]
        [DataRow("80", 0, false)]
        [DataRow("BF", 0, false)]
        [DataRow("80 BF", 0, false)]
        [DataRow("80 BF 80", 0, false)]
        [DataRow("80 BF 80 BF", 0, false)]
        [DataRow("80 BF 80 BF 80", 0, false)]
        [DataRow("80 BF 80 BF 80 BF", 0, false)]
        [DataRow("80 BF 80 BF 80 BF 80", 0, false)]
        [DataRow("80 81 82 83 84 85 86 87 88 89 8A 8B 8C 8D 8E 8F 90 91 92 93 94 95 96 97 98 99 9A 9B 9C 9D 9E 9F A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF", 0, false)]
        [DataRow("41 42 80", 2, false)] // after ASCII
        [DataRow("C2 80 80", 2, false)] // one continuation too many
        [DataRow("F0 90 80 80 BF", 4, false)] // after a complete 4-byte sequence
        public void Validator_rejects_unexpected_continuation_bytes(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 3.2: lonely start characters, each followed by a space.
        [TestMethod]
        [DataRow("C0 20 C1 20 C2 20 C3 20 C4 20 C5 20 C6 20 C7 20 C8 20 C9 20 CA 20 CB 20 CC 20 CD 20 CE 20 CF 20 D0 20 D1 20 D2 20 D3 20 D4 20 D5 20 D6 20 D7 20 D8 20 D9 20 DA 20 DB 20 DC 20 DD 20 DE 20 DF 20", 0, false)]
        [DataRow("C2 20 C3 20 C4 20 C5 20 C6 20 C7 20 C8 20 C9 20 CA 20 CB 20 CC 20 CD 20 CE 20 CF 20 D0 20", 1, false)]
        [DataRow("DF 20", 1, false)]
        [DataRow("E0 20 E1 20 E2 20 E3 20 E4 20 E5 20 E6 20 E7 20 E8 20 E9 20 EA 20 EB 20 EC 20 ED 20 EE 20 EF 20", 1, false)]
        [DataRow("EF 20", 1, false)]
        [DataRow("F0 20 F1 20 F2 20 F3 20 F4 20 F5 20 F6 20 F7 20", 1, false)]
        [DataRow("F5 20", 0, false)]
        [DataRow("F8 20 F9 20 FA 20 FB 20", 0, false)]
        [DataRow("FC 20 FD 20", 0, false)]
        [DataRow("E1 80 20", 2, false)] // space after a partial 3-byte sequence
        [DataRow("F1 80 80 20", 3, false)] // space after a partial 4-byte sequence
        public void Validator_rejects_lonely_start_characters(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 3.3: sequences with the last continuation byte missing. Those that are still a
        // valid prefix pass, but leave the validator inside a sequence (truncated at message end).
        [TestMethod]
        [DataRow("C0", 0, false)] // U+0000 in 2 bytes: overlong lead
        [DataRow("E0 80", 1, false)] // U+0000 in 3 bytes: overlong second byte
        [DataRow("F0 80 80", 1, false)] // U+0000 in 4 bytes
        [DataRow("F8 80 80 80", 0, false)] // 5 bytes
        [DataRow("FC 80 80 80 80", 0, false)] // 6 bytes
        [DataRow("DF", -1, false)] // U+07FF missing its last byte
        [DataRow("EF BF", -1, false)] // U+FFFF missing its last byte
        [DataRow("F7 BF BF", 0, false)] // U+1FFFFF
        [DataRow("FB BF BF BF", 0, false)] // U+3FFFFFF
        [DataRow("FD BF BF BF BF", 0, false)] // U+7FFFFFFF
        [DataRow("C2", -1, false)]
        [DataRow("E0 A0", -1, false)]
        [DataRow("E1", -1, false)]
        [DataRow("F0 90 80", -1, false)]
        [DataRow("F4 8F BF", -1, false)]
        [DataRow("F4", -1, false)]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE", -1, false)] // κόσμε cut inside its last char
        public void Validator_reports_truncated_sequences(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 3.4: concatenation of incomplete sequences. The first incomplete sequence is
        // proven invalid by the next lead byte.
        [TestMethod]
        [DataRow("C0 E0 80 F0 80 80 F8 80 80 80 FC 80 80 80 80 DF EF BF F7 BF BF FB BF BF BF FD BF BF BF BF", 0, false)]
        [DataRow("DF EF BF F7 BF BF FB BF BF BF FD BF BF BF BF", 1, false)]
        [DataRow("C2 E0 A0 F0 90 80", 1, false)]
        [DataRow("E0 A0 F0 90 80", 2, false)]
        [DataRow("F0 90 80 C2", 3, false)]
        [DataRow("C2 C2 80", 1, false)]
        public void Validator_rejects_concatenated_incomplete_sequences(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 3.5: impossible bytes.
        [TestMethod]
        [DataRow("FE", 0, false)]
        [DataRow("FF", 0, false)]
        [DataRow("FE FE FF FF", 0, false)]
        [DataRow("41 FE", 1, false)]
        [DataRow("CE BA FF", 2, false)]
        [DataRow("E2 82 FF", 2, false)] // where a continuation byte is expected
        public void Validator_rejects_impossible_bytes_fe_and_ff(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 4.1: overlong forms of the ASCII slash U+002F.
        [TestMethod]
        [DataRow("C0 AF", 0, false)]
        [DataRow("E0 80 AF", 1, false)]
        [DataRow("F0 80 80 AF", 1, false)]
        [DataRow("F8 80 80 80 AF", 0, false)]
        [DataRow("FC 80 80 80 80 AF", 0, false)]
        public void Validator_rejects_overlong_slash(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 4.2: maximum overlong sequences (the highest value that is still overlong).
        [TestMethod]
        [DataRow("C1 BF", 0, false)] // U+007F in 2 bytes
        [DataRow("E0 9F BF", 1, false)] // U+07FF in 3 bytes
        [DataRow("F0 8F BF BF", 1, false)] // U+FFFF in 4 bytes
        [DataRow("F8 87 BF BF BF", 0, false)] // U+1FFFFF in 5 bytes
        [DataRow("FC 83 BF BF BF BF", 0, false)] // U+3FFFFFF in 6 bytes
        public void Validator_rejects_maximum_overlong_sequences(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 4.3: overlong representations of NUL.
        [TestMethod]
        [DataRow("C0 80", 0, false)]
        [DataRow("E0 80 80", 1, false)]
        [DataRow("F0 80 80 80", 1, false)]
        [DataRow("F8 80 80 80 80", 0, false)]
        [DataRow("FC 80 80 80 80 80", 0, false)]
        public void Validator_rejects_overlong_nul(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 5.1: single UTF-16 surrogates (RFC 3629 §3 forbids encoding D800..DFFF).
        [TestMethod]
        [DataRow("ED A0 80", 1, false)] // U+D800
        [DataRow("ED AD BF", 1, false)] // U+DB7F
        [DataRow("ED AE 80", 1, false)] // U+DB80
        [DataRow("ED AF BF", 1, false)] // U+DBFF
        [DataRow("ED B0 80", 1, false)] // U+DC00
        [DataRow("ED BE 80", 1, false)] // U+DF80
        [DataRow("ED BF BF", 1, false)] // U+DFFF
        public void Validator_rejects_single_surrogates(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 5.2: paired UTF-16 surrogates (CESU-8 style) are just as invalid.
        [TestMethod]
        [DataRow("ED A0 80 ED B0 80", 1, false)] // U+D800 U+DC00
        [DataRow("ED A0 80 ED BF BF", 1, false)] // U+D800 U+DFFF
        [DataRow("ED AD BF ED B0 80", 1, false)] // U+DB7F U+DC00
        [DataRow("ED AD BF ED BF BF", 1, false)] // U+DB7F U+DFFF
        [DataRow("ED AE 80 ED B0 80", 1, false)] // U+DB80 U+DC00
        [DataRow("ED AE 80 ED BF BF", 1, false)] // U+DB80 U+DFFF
        [DataRow("ED AF BF ED B0 80", 1, false)] // U+DBFF U+DC00
        [DataRow("ED AF BF ED BF BF", 1, false)] // U+DBFF U+DFFF
        public void Validator_rejects_paired_surrogates(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Kuhn 5.3: noncharacters are valid UTF-8 (Autobahn 6.22/6.23 expect them echoed).
        [TestMethod]
        [DataRow("EF BF BE", -1, true)] // U+FFFE
        [DataRow("EF BF BF", -1, true)] // U+FFFF
        [DataRow("EF B7 90", -1, true)] // U+FDD0
        [DataRow("EF B7 AF", -1, true)] // U+FDEF
        [DataRow("F0 9F BF BE", -1, true)] // U+1FFFE
        [DataRow("F0 9F BF BF", -1, true)] // U+1FFFF
        [DataRow("F4 8F BF BE", -1, true)] // U+10FFFE
        [DataRow("F4 8F BF BF", -1, true)] // U+10FFFF
        public void Validator_accepts_noncharacters(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        // Autobahn 6.3 / 6.4: an invalid byte in the middle of otherwise valid text, which a
        // fail-fast peer must reject at that byte, before the rest of the message arrives.
        [TestMethod]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64", 12, false)] // surrogate
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 F4 90 80 80 65 64 69 74 65 64", 12, false)] // > U+10FFFF
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 F4 90 80 80", 12, false)]
        [DataRow("CE BA E1 BD B9 CF 83 CE BC CE B5 C0 AF 65 64", 11, false)] // overlong
        public void Validator_rejects_invalid_byte_in_middle_of_text(string hex, int firstBad, bool atBoundary)
        {
            Check(hex, firstBad, atBoundary);
        }

        [TestMethod]
        public void Validator_rejects_overlong_two_byte_slash_at_first_byte()
        {
            Utf8Validator v = new Utf8Validator();
            byte[] data = Bytes.FromHex("C0");
            Assert.AreEqual(0, v.Validate(data, 0, 1));
            Assert.IsTrue(v.IsFailed);
        }

        [TestMethod]
        public void Validator_stays_failed_and_returns_offset_for_later_calls()
        {
            Utf8Validator v = new Utf8Validator();
            byte[] data = Bytes.FromHex("41 FF 41 41 41");
            Assert.AreEqual(1, v.Validate(data, 0, 3));
            Assert.IsTrue(v.IsFailed);
            Assert.AreEqual(3, v.Validate(data, 3, 2));
            Assert.AreEqual(5, v.Validate(data, 5, 0));
            Assert.IsTrue(v.IsFailed);
        }

        [TestMethod]
        public void Validator_reset_clears_failure_and_partial_sequence()
        {
            Utf8Validator v = new Utf8Validator();
            byte[] bad = Bytes.FromHex("FF");
            Assert.AreEqual(0, v.Validate(bad, 0, 1));
            v.Reset();
            Assert.IsFalse(v.IsFailed);
            Assert.IsTrue(v.IsAtBoundary);

            byte[] partial = Bytes.FromHex("E2 82");
            Assert.AreEqual(-1, v.Validate(partial, 0, 2));
            Assert.IsFalse(v.IsAtBoundary);
            v.Reset();
            Assert.IsTrue(v.IsAtBoundary);

            // After Reset a continuation byte is no longer expected, so a lone AC fails.
            byte[] tail = Bytes.FromHex("AC");
            Assert.AreEqual(0, v.Validate(tail, 0, 1));
        }

        [TestMethod]
        public void Validator_completes_sequence_split_across_calls()
        {
            Utf8Validator v = new Utf8Validator();
            byte[] euro = Bytes.FromHex("E2 82 AC");
            Assert.AreEqual(-1, v.Validate(euro, 0, 1));
            Assert.IsFalse(v.IsAtBoundary);
            Assert.AreEqual(-1, v.Validate(euro, 1, 0));
            Assert.IsFalse(v.IsAtBoundary);
            Assert.AreEqual(-1, v.Validate(euro, 1, 1));
            Assert.IsFalse(v.IsAtBoundary);
            Assert.AreEqual(-1, v.Validate(euro, 2, 1));
            Assert.IsTrue(v.IsAtBoundary);
            Assert.IsFalse(v.IsFailed);
        }

        [TestMethod]
        public void Validator_narrow_second_byte_range_survives_a_chunk_boundary()
        {
            // ED | A0: the surrogate range check for the byte after ED must hold when ED ends a
            // chunk (RFC 3629 §4: ED is followed by 80..9F only).
            Utf8Validator v = new Utf8Validator();
            byte[] first = Bytes.FromHex("41 ED");
            byte[] second = Bytes.FromHex("A0 80");
            Assert.AreEqual(-1, v.Validate(first, 0, 2));
            Assert.AreEqual(0, v.Validate(second, 0, 2));

            // The third byte after ED 9F may again be anything in 80..BF.
            v.Reset();
            byte[] ok = Bytes.FromHex("ED 9F BF");
            Assert.AreEqual(-1, v.Validate(ok, 0, 2));
            Assert.AreEqual(-1, v.Validate(ok, 2, 1));
            Assert.IsTrue(v.IsAtBoundary);
        }

        [TestMethod]
        public void Validator_accepts_long_ascii_run()
        {
            byte[] data = new byte[1000];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i % 128);
            }

            Utf8Validator v = new Utf8Validator();
            Assert.AreEqual(-1, v.Validate(data, 0, data.Length));
            Assert.IsTrue(v.IsAtBoundary);
            data[999] = 0x80;
            v.Reset();
            Assert.AreEqual(999, v.Validate(data, 0, data.Length));
        }

        [TestMethod]
        public void Validator_accepts_every_code_point_and_rejects_every_surrogate()
        {
            // Every scalar value encoded by the arithmetic of RFC 3629 §3 is accepted; every
            // surrogate encoded the same way is rejected at its second byte. The whole BMP, then
            // a stride through the supplementary planes that still ends on U+10FFFF (keeps the
            // test short on a board; 75 divides 0xFFFFF).
            Utf8Validator v = new Utf8Validator();
            byte[] buffer = new byte[4];
            for (int cp = 0; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 75)
            {
                int n = EncodeArithmetic(cp, buffer);
                v.Reset();
                int result = v.Validate(buffer, 0, n);
                bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
                int expected = surrogate ? 1 : -1;
                if (result != expected || (!surrogate && !v.IsAtBoundary))
                {
                    Assert.IsTrue(false, "U+" + cp.ToString("X") + " [" + Bytes.ToHex(buffer, 0, n) + "]: got " + result + ", expected " + expected);
                }
            }
        }

        [TestMethod]
        public void Validator_agrees_with_arithmetic_reference_on_every_two_byte_input()
        {
            byte[] data = new byte[2];
            for (int a = 0; a < 256; a++)
            {
                for (int b = 0; b < 256; b++)
                {
                    data[0] = (byte)a;
                    data[1] = (byte)b;
                    CompareWithReference(data);
                }
            }
        }

        [TestMethod]
        public void Validator_agrees_with_arithmetic_reference_on_three_byte_inputs()
        {
            // Every lead from C0 to FF and every second byte, with third bytes chosen around the
            // edges of each range.
            int[] thirds = new int[] { 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xF4 };
            byte[] data = new byte[3];
            for (int a = 0xC0; a < 256; a++)
            {
                for (int b = 0; b < 256; b++)
                {
                    for (int k = 0; k < thirds.Length; k++)
                    {
                        data[0] = (byte)a;
                        data[1] = (byte)b;
                        data[2] = (byte)thirds[k];
                        CompareWithReference(data);
                    }
                }
            }
        }

        [TestMethod]
        public void Validator_rejects_null_buffer_and_bad_range()
        {
            Utf8Validator v = new Utf8Validator();
            Assert.ThrowsException(typeof(ArgumentNullException), () => v.Validate(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => v.Validate(new byte[2], 1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => v.Validate(new byte[2], -1, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => v.Validate(new byte[2], 0, -1));
        }

        // ---- helpers -------------------------------------------------------------------------

        /// <summary>Runs one row whole (inside a padded buffer, to check absolute indexes), split
        /// in two at every point, and byte at a time.</summary>
        private static void Check(string hex, int firstBad, bool atBoundary)
        {
            byte[] data = Bytes.FromHex(hex);
            int n = data.Length;
            Utf8Validator v = new Utf8Validator();

            // Whole, at offset 3 of a buffer padded with bytes that are invalid if ever read.
            byte[] padded = new byte[n + 6];
            for (int i = 0; i < padded.Length; i++)
            {
                padded[i] = 0xFF;
            }

            Array.Copy(data, 0, padded, 3, n);
            int whole = v.Validate(padded, 3, n);
            Expect(hex, "whole", firstBad < 0 ? -1 : 3 + firstBad, whole);
            ExpectState(hex, "whole", v, firstBad, atBoundary);

            // Split in two at every point.
            for (int split = 0; split <= n; split++)
            {
                v.Reset();
                int r1 = v.Validate(data, 0, split);
                int r2 = v.Validate(data, split, n - split);
                string mode = "split at " + split;
                if (firstBad < 0)
                {
                    Expect(hex, mode + " (first part)", -1, r1);
                    Expect(hex, mode + " (second part)", -1, r2);
                }
                else if (firstBad < split)
                {
                    Expect(hex, mode + " (first part)", firstBad, r1);
                    Expect(hex, mode + " (second part, already failed)", split, r2);
                }
                else
                {
                    Expect(hex, mode + " (first part)", -1, r1);
                    Expect(hex, mode + " (second part)", firstBad, r2);
                }

                ExpectState(hex, mode, v, firstBad, atBoundary);
            }

            // Byte at a time.
            v.Reset();
            for (int i = 0; i < n; i++)
            {
                int r = v.Validate(data, i, 1);
                int expected = firstBad < 0 || i < firstBad ? -1 : i;
                Expect(hex, "byte at a time, byte " + i, expected, r);
            }

            ExpectState(hex, "byte at a time", v, firstBad, atBoundary);
        }

        private static void Expect(string hex, string mode, int expected, int actual)
        {
            if (expected != actual)
            {
                Assert.IsTrue(false, "[" + hex + "] " + mode + ": expected " + expected + ", got " + actual);
            }
        }

        private static void ExpectState(string hex, string mode, Utf8Validator v, int firstBad, bool atBoundary)
        {
            if (v.IsFailed != (firstBad >= 0))
            {
                Assert.IsTrue(false, "[" + hex + "] " + mode + ": IsFailed is " + (v.IsFailed ? "true" : "false"));
            }

            if (firstBad < 0 && v.IsAtBoundary != atBoundary)
            {
                Assert.IsTrue(false, "[" + hex + "] " + mode + ": IsAtBoundary is " + (v.IsAtBoundary ? "true" : "false"));
            }
        }

        private static void CompareWithReference(byte[] data)
        {
            bool refBoundary;
            int expected = ReferenceFirstBad(data, out refBoundary);
            Utf8Validator v = new Utf8Validator();
            int actual = v.Validate(data, 0, data.Length);
            if (actual != expected || (expected < 0 && v.IsAtBoundary != refBoundary))
            {
                Assert.IsTrue(false, "[" + Bytes.ToHex(data) + "]: validator " + actual + "/" + (v.IsAtBoundary ? "boundary" : "inside")
                    + ", reference " + expected + "/" + (refBoundary ? "boundary" : "inside"));
            }
        }

        /// <summary>
        /// Independent reference by arithmetic rather than byte ranges: a byte is the first bad
        /// one when the text up to and including it can no longer be completed to valid UTF-8,
        /// i.e. when the code points its open sequence could still become (filling the missing
        /// bytes with 80..BF) miss [minimum for that length, U+10FFFF] minus the surrogates.
        /// </summary>
        private static int ReferenceFirstBad(byte[] d, out bool atBoundary)
        {
            int i = 0;
            while (i < d.Length)
            {
                int lead = d[i];
                int len;
                int bits;
                if (lead < 0x80)
                {
                    i++;
                    continue;
                }
                else if ((lead & 0xE0) == 0xC0)
                {
                    len = 2;
                    bits = lead & 0x1F;
                }
                else if ((lead & 0xF0) == 0xE0)
                {
                    len = 3;
                    bits = lead & 0x0F;
                }
                else if ((lead & 0xF8) == 0xF0)
                {
                    len = 4;
                    bits = lead & 0x07;
                }
                else
                {
                    atBoundary = false;
                    return i;
                }

                int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
                int max = len == 2 ? 0x7FF : len == 3 ? 0xFFFF : 0x10FFFF;
                int have = 1;
                int prefix = bits;
                while (true)
                {
                    int missing = len - have;
                    int low = prefix << (6 * missing);
                    int high = low | ((1 << (6 * missing)) - 1);
                    if (!Reachable(low, high, min, max))
                    {
                        atBoundary = false;
                        return i + have - 1;
                    }

                    if (have == len)
                    {
                        break;
                    }

                    if (i + have >= d.Length)
                    {
                        atBoundary = false;
                        return -1;
                    }

                    int c = d[i + have];
                    if ((c & 0xC0) != 0x80)
                    {
                        atBoundary = false;
                        return i + have;
                    }

                    prefix = (prefix << 6) | (c & 0x3F);
                    have++;
                }

                i += len;
            }

            atBoundary = true;
            return -1;
        }

        // Does [low, high] contain a value in [min, max] outside D800..DFFF?
        private static bool Reachable(int low, int high, int min, int max)
        {
            if (low < min)
            {
                low = min;
            }

            if (high > max)
            {
                high = max;
            }

            if (low > high)
            {
                return false;
            }

            return !(low >= 0xD800 && high <= 0xDFFF);
        }

        // RFC 3629 §3 table, applied to any value (surrogates included) for the sweep above.
        private static int EncodeArithmetic(int cp, byte[] b)
        {
            if (cp < 0x80)
            {
                b[0] = (byte)cp;
                return 1;
            }

            if (cp < 0x800)
            {
                b[0] = (byte)(0xC0 | (cp >> 6));
                b[1] = (byte)(0x80 | (cp & 0x3F));
                return 2;
            }

            if (cp < 0x10000)
            {
                b[0] = (byte)(0xE0 | (cp >> 12));
                b[1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                b[2] = (byte)(0x80 | (cp & 0x3F));
                return 3;
            }

            b[0] = (byte)(0xF0 | (cp >> 18));
            b[1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
            b[2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            b[3] = (byte)(0x80 | (cp & 0x3F));
            return 4;
        }
    }
}
