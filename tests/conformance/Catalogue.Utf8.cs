using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.Conformance
{
    public static partial class Catalogue
    {
        /// <summary>Valid UTF-8 texts: boundaries of each sequence length, non-characters (valid), mixed text.</summary>
        private static readonly (string What, string Hex)[] ValidTexts =
        {
            ("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!", Hex("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!")),
            ("Greek kosme", "cebae1bdb9cf83cebcceb5"),
            ("U+0000", "00"),
            ("U+0080 (first 2-byte)", "c280"),
            ("U+0800 (first 3-byte)", "e0a080"),
            ("U+10000 (first 4-byte)", "f0908080"),
            ("U+007F (last 1-byte)", "7f"),
            ("U+07FF (last 2-byte)", "dfbf"),
            ("U+FFFF (last 3-byte, non-character)", "efbfbf"),
            ("U+10FFFF (last code point)", "f48fbfbf"),
            ("U+D7FF (before the surrogates)", "ed9fbf"),
            ("U+E000 (after the surrogates)", "ee8080"),
            ("U+FFFD", "efbfbd"),
            ("U+FFFE (non-character)", "efbfbe"),
            ("U+FDD0..U+FDEF non-characters", string.Concat(Enumerable.Range(0xFDD0, 32).Select(c => Hex(char.ConvertFromUtf32(c))))),
            ("U+1FFFE U+1FFFF U+10FFFE (non-characters)", "f09fbfbef09fbfbff48fbfbe"),
            ("mixed 1- to 4-byte text, 1000 bytes", Convert.ToHexString(Frames.MixedText(1000, 6))),
        };

        /// <summary>Invalid UTF-8 (RFC 3629): each must fail the connection with 1007.</summary>
        private static readonly (string What, string Hex)[] InvalidTexts =
        {
            ("kosme + surrogate U+D800 + 'edited'", "cebae1bdb9cf83cebcceb5eda080656469746564"),
            ("U+110000 (above U+10FFFF)", "f4908080"),
            ("lead byte F5", "f5808080"),
            ("U+1FFFFF in 4 bytes", "f7bfbfbf"),
            ("5-byte sequence", "f888808080"),
            ("6-byte sequence", "fc8480808080"),
            ("lone continuation 0x80", "80"),
            ("lone continuation 0xBF", "bf"),
            ("two continuation bytes", "80bf"),
            ("four continuation bytes", "80bf80bf"),
            ("all 64 continuation bytes", string.Concat(Enumerable.Range(0x80, 64).Select(b => b.ToString("x2")))),
            ("lonely C0 then space", "c020"),
            ("lonely E0 then space", "e020"),
            ("lonely F0 then space", "f020"),
            ("lonely F8 then space", "f820"),
            ("lonely FC then space", "fc20"),
            ("2-byte sequence missing its last byte", "c2"),
            ("3-byte sequence missing its last byte", "e0a0"),
            ("4-byte sequence missing its last byte", "f09080"),
            ("U+07FF missing its last byte", "df"),
            ("U+FFFF missing its last byte", "efbf"),
            ("U+10FFFF missing its last byte", "f48fbf"),
            ("truncated sequences in a row", "c2e0a0f09080dfefbff48fbf"),
            ("truncated 3-byte sequence then ASCII", "e0a041"),
            ("byte FE", "fe"),
            ("byte FF", "ff"),
            ("FE FE FF FF", "fefeffff"),
            ("overlong '/' in 2 bytes", "c0af"),
            ("overlong '/' in 3 bytes", "e080af"),
            ("overlong '/' in 4 bytes", "f08080af"),
            ("overlong '/' in 5 bytes", "f8808080af"),
            ("overlong '/' in 6 bytes", "fc80808080af"),
            ("largest overlong 2-byte (C1 BF)", "c1bf"),
            ("largest overlong 3-byte", "e09fbf"),
            ("largest overlong 4-byte", "f08fbfbf"),
            ("overlong NUL in 2 bytes", "c080"),
            ("overlong NUL in 3 bytes", "e08080"),
            ("overlong NUL in 4 bytes", "f0808080"),
            ("surrogate U+D800", "eda080"),
            ("surrogate U+DB7F", "edadbf"),
            ("surrogate U+DB80", "edae80"),
            ("surrogate U+DBFF", "edafbf"),
            ("surrogate U+DC00", "edb080"),
            ("surrogate U+DF80", "edbe80"),
            ("surrogate U+DFFF", "edbfbf"),
            ("surrogate pair U+D800 U+DC00", "eda080edb080"),
            ("surrogate pair U+DBFF U+DFFF", "edafbfedbfbf"),
            ("valid text, then C0 inside it", "48656c6c6fc0576f726c64"),
        };

        // 6: UTF-8
        private static IEnumerable<ServerCase> Utf8()
        {
            int n = 0;
            yield return Case("6." + ++n, "empty text message is echoed", p =>
            {
                p.Text(Array.Empty<byte>());
                p.Ok(Probe.TextMsg(Array.Empty<byte>())).ClosesCleanly();
            });
            yield return Case("6." + ++n, "text in three empty fragments is echoed as an empty text", p =>
            {
                p.Frame(Frames.Text, Array.Empty<byte>(), fin: false);
                p.Frame(Frames.Continuation, Array.Empty<byte>(), fin: false);
                p.Frame(Frames.Continuation, Array.Empty<byte>());
                p.Ok(Probe.TextMsg(Array.Empty<byte>())).ClosesCleanly();
            });
            yield return Case("6." + ++n, "empty fragment, non-empty fragment, empty final fragment", p =>
            {
                p.Frame(Frames.Text, Array.Empty<byte>(), fin: false);
                p.Frame(Frames.Continuation, Frames.Utf8("middle frame payload"), fin: false);
                p.Frame(Frames.Continuation, Array.Empty<byte>());
                p.Ok(Probe.TextMsg(Frames.Utf8("middle frame payload"))).ClosesCleanly();
            });

            foreach (var (what, hex) in ValidTexts)
            {
                byte[] text = Convert.FromHexString(hex);
                yield return Case("6." + ++n, "valid: " + what + ", one frame", p =>
                {
                    p.Text(text);
                    p.Ok(Probe.TextMsg(text)).ClosesCleanly();
                });
                yield return Case("6." + ++n, "valid: " + what + ", a frame per code point", p =>
                {
                    List<byte[]> pieces = CodePoints(text);
                    for (int i = 0; i < pieces.Count; i++)
                    {
                        p.Frame(i == 0 ? Frames.Text : Frames.Continuation, pieces[i], fin: i == pieces.Count - 1);
                    }

                    p.Ok(Probe.TextMsg(text)).ClosesCleanly();
                });
                yield return Case("6." + ++n, "valid: " + what + ", 1-byte fragments", p =>
                {
                    SendFragments(p, Frames.Text, text, 1);
                    p.Ok(Probe.TextMsg(text)).ClosesCleanly();
                });
            }

            foreach (var (what, hex) in InvalidTexts)
            {
                byte[] text = Convert.FromHexString(hex);
                yield return Case("6." + ++n, "invalid: " + what + ", one frame: 1007", p =>
                {
                    p.Text(text);
                    p.Ok().Fails(1007);
                });
                yield return Case("6." + ++n, "invalid: " + what + ", 1-byte fragments (split at every position): 1007", p =>
                {
                    SendFragments(p, Frames.Text, text, 1);
                    p.Ok().Fails(1007);
                });
                yield return Case("6." + ++n, "invalid: " + what + ", one frame written byte by byte: 1007", p =>
                {
                    p.Text(text, chunk: 1);
                    p.Ok().Fails(1007);
                });
            }

            // Fail fast: the close must come as soon as the invalid byte arrives, before the rest is written.
            byte[] kosme = Convert.FromHexString("cebae1bdb9cf83cebcceb5");
            byte[] edited = Frames.Utf8("edited");
            byte[] bad = Convert.FromHexString("f4908080");
            byte[] whole = Frames.Concat(kosme, bad, edited);
            yield return Case("6." + ++n, "fail fast: 3 fragments, the middle one holds U+110000; pause before the last", p =>
            {
                FailFast(p, Frames.Concat(p.Build(Frames.Text, kosme, fin: false), p.Build(Frames.Continuation, bad, fin: false)), p.Build(Frames.Continuation, edited));
            });
            yield return Case("6." + ++n, "fail fast: 3 fragments, the middle one ends at the invalid byte (F4 90)", p =>
            {
                FailFast(p, Frames.Concat(p.Build(Frames.Text, kosme, fin: false), p.Build(Frames.Continuation, Frames.Slice(bad, 0, 2), fin: false)), p.Build(Frames.Continuation, Frames.Concat(Frames.Slice(bad, 2, 2), edited)));
            });
            foreach (int cut in new[] { kosme.Length + bad.Length, kosme.Length + 2 })
            {
                yield return Case("6." + ++n, "fail fast: one frame, written up to byte " + cut + " of its payload (after the invalid byte), pause, then the rest", p =>
                {
                    byte[] frame = p.Build(Frames.Text, whole);
                    int header = frame.Length - whole.Length;
                    FailFast(p, Frames.Slice(frame, 0, header + cut), Frames.Slice(frame, header + cut, frame.Length - header - cut));
                });
            }
        }

        /// <summary>Writes <paramref name="first"/> (which ends after an invalid byte), waits, then writes <paramref name="rest"/> unless the peer already closed.</summary>
        private static void FailFast(Probe p, byte[] first, byte[] rest)
        {
            p.Wire.Write(first);
            bool early = p.WaitPeerClose(500);
            if (!early)
            {
                p.Wire.Write(rest);
                p.Cap(Verdict.NonStrict, "failed only at the end of the message, not as the invalid byte arrived");
            }

            p.Ok().Fails(1007);
        }

        /// <summary>Splits UTF-8 text at code-point boundaries.</summary>
        private static List<byte[]> CodePoints(byte[] text)
        {
            var pieces = new List<byte[]>();
            int start = 0;
            for (int i = 1; i <= text.Length; i++)
            {
                if (i == text.Length || (text[i] & 0xC0) != 0x80)
                {
                    pieces.Add(Frames.Slice(text, start, i - start));
                    start = i;
                }
            }

            if (pieces.Count == 0)
            {
                pieces.Add(Array.Empty<byte>());
            }

            return pieces;
        }

        private static string Hex(string text) => Convert.ToHexString(Frames.Utf8(text));
    }
}
