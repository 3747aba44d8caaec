using System;
using System.Text;
using CsCheck;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// The host build's UTF-8 fast path (<c>Utf8Validator.Validate</c> with NANOWS_HOST_FASTPATH:
    /// the platform's vectorised validator over whole runs) against the portable loop a board runs
    /// (<c>Utf8Validator.ValidatePortable</c>): for any bytes in any chunking, both report the same
    /// first invalid byte at the same call and end in the same boundary state.
    /// </summary>
    public class Utf8FastPathTests
    {
        // Pieces text is made of: ASCII, 2-, 3- and 4-byte characters, noncharacters (valid), and
        // every invalid class of RFC 3629 (lone continuation, overlong, surrogate, above U+10FFFF,
        // C0/C1/F5..FF, truncated sequences).
        private static readonly byte[][] Pieces =
        {
            Encoding.ASCII.GetBytes("temperature 21.5 "),
            Encoding.ASCII.GetBytes("{\"t\":\"state\",\"seq\":1}"),
            new byte[] { 0xC3, 0xA9 },
            new byte[] { 0xE2, 0x82, 0xAC },
            new byte[] { 0xF0, 0x9F, 0x98, 0x80 },
            new byte[] { 0xEF, 0xBF, 0xBE },
            new byte[] { 0xF4, 0x8F, 0xBF, 0xBF },
            new byte[] { 0x80 },
            new byte[] { 0xC0, 0xAF },
            new byte[] { 0xE0, 0x80, 0xAF },
            new byte[] { 0xED, 0xA0, 0x80 },
            new byte[] { 0xF4, 0x90, 0x80, 0x80 },
            new byte[] { 0xF5 },
            new byte[] { 0xFF },
            new byte[] { 0xE2, 0x82 },
            new byte[] { 0xF0, 0x9F },
        };

        private static readonly Gen<(byte[] Text, int[] Chunks)> TextGen = Gen.Select(
            Gen.Int[0, 999].Array[0, 400],
            Gen.Int[0, 30],
            Gen.Int[1, 600].Array[1, 12],
            (pieces, invalidPerMille, chunks) => (Compose(pieces, invalidPerMille), chunks));

        [Fact]
        public void Fast_path_and_portable_loop_agree_for_any_text_in_any_chunking()
        {
            TextGen.Sample(t => AssertAgree(t.Text, t.Chunks), iter: 2000);
        }

        [Fact]
        public void Fast_path_reports_the_exact_first_invalid_byte_wherever_it_falls_in_a_long_valid_text()
        {
            byte[] valid = Encoding.UTF8.GetBytes(string.Concat(System.Linq.Enumerable.Repeat("température 21,5 °C · 3 € 😀 ", 12)));
            byte[][] invalid = { new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xC1, 0x81 }, new byte[] { 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 } };
            foreach (byte[] bad in invalid)
            {
                for (int at = 0; at <= valid.Length; at++)
                {
                    // Insert only at character boundaries, so the expected index is the insertion point
                    // or (for a sequence) its first byte that cannot continue.
                    if (at < valid.Length && (valid[at] & 0xC0) == 0x80)
                    {
                        continue;
                    }

                    byte[] text = new byte[valid.Length + bad.Length];
                    Array.Copy(valid, 0, text, 0, at);
                    Array.Copy(bad, 0, text, at, bad.Length);
                    Array.Copy(valid, at, text, at + bad.Length, valid.Length - at);

                    int expected = new Utf8Validator().ValidatePortable(text, 0, text.Length);
                    Assert.InRange(expected, at, at + bad.Length - 1);
                    Assert.Equal(expected, new Utf8Validator().Validate(text, 0, text.Length));
                    AssertAgree(text, new[] { 7, 64, 33 });
                }
            }
        }

        private static void AssertAgree(byte[] text, int[] chunks)
        {
            Utf8Validator fast = new Utf8Validator();
            Utf8Validator portable = new Utf8Validator();
            int offset = 0;
            int c = 0;
            while (offset < text.Length)
            {
                int n = Math.Min(chunks[c++ % chunks.Length], text.Length - offset);
                int a = fast.Validate(text, offset, n);
                int b = portable.ValidatePortable(text, offset, n);
                Assert.Equal(b, a);
                if (a >= 0)
                {
                    Assert.True(fast.IsFailed);
                    return;
                }

                Assert.Equal(portable.IsAtBoundary, fast.IsAtBoundary);
                offset += n;
            }

            Assert.False(fast.IsFailed);
            Assert.Equal(portable.IsAtBoundary, fast.IsAtBoundary);
        }

        private static byte[] Compose(int[] pieces, int invalidPerMille)
        {
            // Mostly valid text, so that long valid runs (which the fast path takes) are common: a
            // draw below the rate picks one of the 9 invalid pieces, any other one of the 7 valid.
            var bytes = new System.Collections.Generic.List<byte>();
            foreach (int draw in pieces)
            {
                bytes.AddRange(Pieces[draw < invalidPerMille ? 7 + (draw % 9) : draw % 7]);
            }

            return bytes.ToArray();
        }
    }
}
