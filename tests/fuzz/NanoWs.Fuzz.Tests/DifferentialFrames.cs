using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;

namespace NanoWs.Fuzz.Tests
{
    /// <summary>One frame of a generated stream, as it goes on the wire (possibly breaking a rule).</summary>
    internal sealed class FrameSpec
    {
        /// <summary>First header byte: FIN, RSV1–3, opcode.</summary>
        public int B0;
        public byte[] Payload;
        public bool Masked;

        /// <summary>0 minimal, 1 forced 16-bit, 2 forced 64-bit payload length.</summary>
        public int LengthForm;
        public byte[] Mask;

        public override string ToString()
        {
            return "b0=" + B0.ToString("x2") + " len=" + Payload.Length + (Masked ? " masked" : " unmasked") + (LengthForm != 0 ? " form" + LengthForm : "")
                + " payload=" + Convert.ToHexString(Payload, 0, Math.Min(Payload.Length, 40));
        }
    }

    /// <summary>A generated case: the frames, the TCP chunk sizes that carry them, and our receive buffer size.</summary>
    internal sealed class DifferentialCase
    {
        public FrameSpec[] Frames;
        public int[] Chunks;
        public int ReceiveBuffer;
    }

    /// <summary>
    /// Random frame streams for the differential check, for either direction: client→server
    /// (<c>server</c> true: frames masked, rarely not) or server→client (frames unmasked, rarely
    /// masked). Valid and invalid: fragments, pings, closes with good and bad codes and reasons, RSV
    /// bits, reserved opcodes, the wrong mask bit, non-minimal lengths, oversized or fragmented
    /// control frames, bad UTF-8 (whole, or split across fragments).
    /// </summary>
    internal static class DifferentialFrames
    {
        private static readonly int[] CloseCodes = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1011, 1012, 1014, 1015, 1016, 2999, 3000, 4000, 4999, 5000, 999, 0, 65535 };

        private static readonly Gen<byte[]> TextPayload = Gen.Frequency(
            (8, Gen.String[0, 120].Select(s => Encoding.UTF8.GetBytes(s))),
            (2, Gen.Byte.Array[0, 40]),
            (1, Gen.Const(new byte[] { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65 })),
            (1, Gen.Const(new byte[] { 0xF0, 0x9F })), // first half of an emoji: valid only if the next fragment completes it
            (1, Gen.Const(new byte[] { 0x98, 0x80 })));

        private static readonly Gen<byte[]> ClosePayload = Gen.Frequency(
            (2, Gen.Const(new byte[0])),
            (1, Gen.Byte.Array[1]),
            (6, Gen.Select(Gen.Int[0, CloseCodes.Length - 1], Gen.String[0, 20], Gen.Int[0, 9], (i, s, bad) =>
            {
                byte[] reason = Encoding.UTF8.GetBytes(s);
                if (bad == 0)
                {
                    reason = reason.Concat(new byte[] { 0xFF }).ToArray();
                }

                if (reason.Length > 123)
                {
                    Array.Resize(ref reason, 123);
                }

                int code = CloseCodes[i];
                return new[] { (byte)(code >> 8), (byte)code }.Concat(reason).ToArray();
            })));

        /// <summary>
        /// Streams a <paramref name="server"/> (true) or a client (false) receives. Every stream ends
        /// with a valid close (1000) in the right masking, so a decoder never stops for lack of input
        /// right after a violation it has not parsed yet (ManagedWebSocket reads a 4-byte mask before
        /// it checks the mask bit, for instance).
        /// </summary>
        public static Gen<DifferentialCase> Cases(bool server) =>
            Gen.Select(FrameGen(server).Array[1, 8], Gen.Int[1, 60].Array[1, 8], Gen.OneOf(160, 300, 1536), Gen.Byte.Array[4], (frames, chunks, rx, mask) => new DifferentialCase
            {
                Frames = frames.Append(new FrameSpec { B0 = 0x88, Payload = new byte[] { 0x03, 0xE8 }, Masked = server, Mask = mask }).ToArray(),
                Chunks = chunks,
                ReceiveBuffer = rx,
            });

        private static Gen<FrameSpec> FrameGen(bool server) =>
            Gen.Select(
                Gen.Frequency(
                    (30, Gen.Select(TextPayload, Gen.Int[0, 3], (p, fin) => (op: 1, p, fin: fin != 0))),
                    (18, Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[0, 3], (p, fin) => (op: 2, p, fin: fin != 0))),
                    (14, Gen.Select(TextPayload, Gen.Int[0, 2], (p, fin) => (op: 0, p, fin: fin != 0))),
                    (8, Gen.Select(Gen.Byte.Array[0, 125], Gen.Int[0, 19], (p, fin) => (op: 9, p, fin: fin != 0))),
                    (5, Gen.Select(Gen.Byte.Array[0, 125], (p) => (op: 10, p, fin: true))),
                    (1, Gen.Select(Gen.Byte.Array[126, 130], (p) => (op: 9, p, fin: true))),
                    (8, Gen.Select(ClosePayload, (p) => (op: 8, p, fin: true))),
                    (3, Gen.Select(Gen.OneOf(3, 4, 5, 6, 7, 11, 12, 13, 14, 15), Gen.Byte.Array[0, 10], (op, p) => (op, p, fin: true)))),
                Gen.Frequency((40, Gen.Const(0)), (1, Gen.OneOf(0x10, 0x20, 0x40, 0x70))),

                // RFC 6455 §5.1: a client masks every frame, a server none; one frame in 61 breaks it.
                Gen.Frequency((60, Gen.Const(server)), (1, Gen.Const(!server))),
                Gen.Frequency((50, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2))),
                Gen.Byte.Array[4],
                (f, rsv, masked, form, mask) => new FrameSpec
                {
                    B0 = (f.fin ? 0x80 : 0) | rsv | f.op,
                    Payload = f.p,
                    Masked = masked,
                    LengthForm = form,
                    Mask = mask,
                });

        /// <summary>The frames as bytes on the wire (RFC 6455 §5.2), lengths in the form each frame asks for.</summary>
        public static byte[] Encode(FrameSpec[] frames)
        {
            var all = new List<byte>();
            foreach (FrameSpec f in frames)
            {
                int n = f.Payload.Length;
                all.Add((byte)f.B0);
                int maskBit = f.Masked ? 0x80 : 0;
                int form = f.LengthForm;
                if (form == 0 && n > 125)
                {
                    form = n > 0xFFFF ? 2 : 1;
                }

                if (form == 0)
                {
                    all.Add((byte)(maskBit | n));
                }
                else if (form == 1)
                {
                    all.Add((byte)(maskBit | 126));
                    all.Add((byte)(n >> 8));
                    all.Add((byte)n);
                }
                else
                {
                    all.Add((byte)(maskBit | 127));
                    for (int shift = 56; shift >= 0; shift -= 8)
                    {
                        all.Add(shift >= 32 ? (byte)0 : (byte)(n >> shift));
                    }
                }

                if (f.Masked)
                {
                    all.AddRange(f.Mask);
                }

                for (int i = 0; i < n; i++)
                {
                    all.Add(f.Masked ? (byte)(f.Payload[i] ^ f.Mask[i & 3]) : f.Payload[i]);
                }
            }

            return all.ToArray();
        }
    }
}
