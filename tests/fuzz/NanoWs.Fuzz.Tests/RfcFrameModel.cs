using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.Fuzz.Tests
{
    /// <summary>What a decoder made of a stream: the complete messages, then how it ended.</summary>
    internal sealed class Outcome
    {
        public List<(bool Text, byte[] Payload)> Messages = new List<(bool, byte[])>();

        /// <summary>"close:&lt;code&gt;" (the peer's close), "fail:&lt;code&gt;" (the close this side must send), or "eof".</summary>
        public string End = "eof";

        /// <summary>Model only: the rule the stream broke.</summary>
        public string Kind = "";

        /// <summary>A comparable one-line form: messages as type and hex, then the end.</summary>
        public string Show() =>
            string.Join(",", Messages.Select(m => (m.Text ? "T" : "B") + ":" + Convert.ToHexString(m.Payload))) + "|" + End;
    }

    /// <summary>
    /// A small model of RFC 6455 §5–§8 written from the text of the RFC, checked with .NET's strict
    /// UTF-8 decoder: the reference both decoders are compared with.
    /// </summary>
    internal static class RfcFrameModel
    {
        /// <summary>
        /// RFC 6455 as a <paramref name="server"/> (true) or a client (false) reads the frames, one
        /// after the other (§5.1–§5.5, §7.4, §8.1): every complete message, then how it ends.
        /// </summary>
        public static Outcome Run(FrameSpec[] frames, bool server)
        {
            var o = new Outcome();
            bool inMessage = false;
            bool text = false;
            var message = new List<byte>();
            Outcome Fail(int code, string kind)
            {
                o.End = "fail:" + code;
                o.Kind = kind;
                return o;
            }

            foreach (FrameSpec f in frames)
            {
                bool fin = (f.B0 & 0x80) != 0;
                int opcode = f.B0 & 0x0F;
                int n = f.Payload.Length;
                bool control = opcode >= 8;
                if ((f.B0 & 0x70) != 0)
                {
                    return Fail(1002, "RSV bit");
                }

                if ((opcode >= 3 && opcode <= 7) || opcode >= 11)
                {
                    return Fail(1002, "reserved opcode");
                }

                if (control && (!fin || n > 125))
                {
                    return Fail(1002, "bad control frame");
                }

                if (opcode == 0 && !inMessage)
                {
                    return Fail(1002, "continuation without message");
                }

                if ((opcode == 1 || opcode == 2) && inMessage)
                {
                    return Fail(1002, "new message inside fragmented one");
                }

                // §5.1: a server closes on an unmasked frame, a client on a masked one.
                if (f.Masked != server)
                {
                    return Fail(1002, server ? "unmasked" : "masked");
                }

                if ((f.LengthForm == 1 && n < 126) || (f.LengthForm == 2 && n <= 0xFFFF))
                {
                    return Fail(1002, "non-minimal length");
                }

                if (!control)
                {
                    if (opcode != 0)
                    {
                        inMessage = true;
                        text = opcode == 1;
                        message.Clear();
                    }

                    message.AddRange(f.Payload);
                    if (text && PrefixInvalid(message.ToArray()))
                    {
                        return Fail(1007, "invalid UTF-8");
                    }

                    if (fin)
                    {
                        if (text && !System.Text.Unicode.Utf8.IsValid(message.ToArray()))
                        {
                            return Fail(1007, "text ends inside a UTF-8 sequence");
                        }

                        o.Messages.Add((text, message.ToArray()));
                        inMessage = false;
                    }

                    continue;
                }

                if (opcode != 8)
                {
                    continue;
                }

                if (n == 1)
                {
                    return Fail(1002, "1-byte close");
                }

                int code = 1005;
                if (n >= 2)
                {
                    code = (f.Payload[0] << 8) | f.Payload[1];
                    bool valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
                    if (!valid)
                    {
                        return Fail(1002, "bad close code");
                    }

                    if (!System.Text.Unicode.Utf8.IsValid(f.Payload.AsSpan(2)))
                    {
                        return Fail(1007, "close reason not UTF-8");
                    }
                }

                o.End = "close:" + code;
                return o;
            }

            return o;
        }

        private static bool PrefixInvalid(byte[] bytes)
        {
            char[] scratch = new char[bytes.Length + 1];
            return System.Text.Unicode.Utf8.ToUtf16(bytes, scratch, out _, out _, false, false) == OperationStatus.InvalidData;
        }
    }
}
