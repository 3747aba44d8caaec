using System;
using System.Buffers;
using System.Text;

namespace NanoWs.Fuzz
{
    /// <summary>
    /// The utf8 target: our incremental <see cref="Utf8Validator"/> and static <see cref="Utf8"/>
    /// helpers against .NET's decoders. <c>input[0]</c> picks the chunking; the rest is the text.
    /// </summary>
    /// <remarks>
    /// Checked: (1) validity agrees with <c>new UTF8Encoding(false, throwOnInvalidBytes: true)</c>;
    /// (2) fail-fast: the index the validator reports is exactly the first byte after which no
    /// continuation could make the text valid, i.e. <c>text[0, i)</c> is a valid prefix and
    /// <c>text[0, i]</c> is not (per <see cref="System.Text.Unicode.Utf8.ToUtf16"/> with
    /// isFinalBlock false), whatever the chunking; (3) the decoder (<see cref="Utf8.GetString"/>,
    /// <see cref="Utf8.GetCharCount"/>) matches .NET on valid text and throws
    /// <see cref="ArgumentException"/> on invalid text; (4) the encoder matches
    /// <see cref="Encoding.UTF8"/> (lone surrogates become U+FFFD) for the input read as UTF-16.
    /// </remarks>
    public static class Utf8Differential
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);
        private static readonly int[][] Patterns =
        {
            new[] { int.MaxValue },
            new[] { 1 },
            new[] { 2, 1, 3 },
            new[] { 5, 1, 1, 7, 4 },
        };

        public static void Run(byte[] input)
        {
            if (input.Length == 0)
            {
                return;
            }

            int[] pattern = Patterns[input[0] & 3];
            byte[] text = new byte[input.Length - 1];
            Array.Copy(input, 1, text, 0, text.Length);

            // Incremental validation in chunks.
            var v = new Utf8Validator();
            int fail = -1;
            int pos = 0;
            int chunk = 0;
            while (pos < text.Length)
            {
                int n = Math.Min(pattern[chunk++ % pattern.Length], text.Length - pos);
                int r = v.Validate(text, pos, n);
                if (fail >= 0)
                {
                    if (r != pos)
                    {
                        throw new FuzzCrashException("validator after a failure returned " + r + ", not the offset " + pos);
                    }
                }
                else if (r >= 0)
                {
                    if (r < pos || r >= pos + n)
                    {
                        throw new FuzzCrashException("validator reported index " + r + " outside the chunk [" + pos + ", " + (pos + n) + ")");
                    }

                    fail = r;
                }

                pos += n;
            }

            if (v.IsFailed != (fail >= 0))
            {
                throw new FuzzCrashException("IsFailed disagrees with the returned index");
            }

            bool ours = fail < 0 && v.IsAtBoundary;
            bool reference;
            try
            {
                Strict.GetCharCount(text);
                reference = true;
            }
            catch (DecoderFallbackException)
            {
                reference = false;
            }

            if (ours != reference)
            {
                throw new FuzzCrashException("validity differs: ours " + ours + ", .NET " + reference);
            }

            // Fail-fast position.
            if (fail >= 0)
            {
                if (PrefixStatus(text, fail) == OperationStatus.InvalidData)
                {
                    throw new FuzzCrashException("validator failed at " + fail + " but the bytes before it are already invalid");
                }

                if (PrefixStatus(text, fail + 1) != OperationStatus.InvalidData)
                {
                    throw new FuzzCrashException("validator failed at " + fail + " but the text up to that byte can still become valid");
                }
            }
            else
            {
                OperationStatus s = PrefixStatus(text, text.Length);
                if (s == OperationStatus.InvalidData)
                {
                    throw new FuzzCrashException("validator missed invalid data");
                }

                if (v.IsAtBoundary != (s == OperationStatus.Done))
                {
                    throw new FuzzCrashException("IsAtBoundary " + v.IsAtBoundary + " but .NET says " + s);
                }
            }

            // Static helpers.
            if (Utf8.IsValid(text, 0, text.Length) != reference)
            {
                throw new FuzzCrashException("Utf8.IsValid differs from .NET");
            }

            if (reference)
            {
                string expected = Encoding.UTF8.GetString(text);
                if (Utf8.GetString(text, 0, text.Length) != expected || Utf8.GetCharCount(text, 0, text.Length) != expected.Length)
                {
                    throw new FuzzCrashException("Utf8.GetString/GetCharCount differ from .NET");
                }
            }
            else
            {
                try
                {
                    Utf8.GetString(text, 0, text.Length);
                    throw new FuzzCrashException("Utf8.GetString accepted invalid UTF-8");
                }
                catch (ArgumentException)
                {
                    // Documented.
                }
            }

            // Encoder: the bytes read as UTF-16 code units (lone surrogates included).
            char[] chars = new char[text.Length / 2];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(text[2 * i] | (text[(2 * i) + 1] << 8));
            }

            string s16 = new string(chars);
            byte[] want = Encoding.UTF8.GetBytes(s16);
            if (Utf8.GetByteCount(s16) != want.Length)
            {
                throw new FuzzCrashException("Utf8.GetByteCount differs from .NET");
            }

            byte[] got = new byte[want.Length];
            int written = Utf8.GetBytes(s16, 0, s16.Length, got, 0);
            if (written != want.Length || !got.AsSpan().SequenceEqual(want))
            {
                throw new FuzzCrashException("Utf8.GetBytes differs from .NET");
            }
        }

        private static OperationStatus PrefixStatus(byte[] text, int length)
        {
            char[] scratch = new char[length + 1];
            return System.Text.Unicode.Utf8.ToUtf16(
                new ReadOnlySpan<byte>(text, 0, length), scratch, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        }
    }
}
