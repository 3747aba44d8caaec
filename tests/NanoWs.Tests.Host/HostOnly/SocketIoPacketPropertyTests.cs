using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using CsCheck;
using NanoWs.SocketIo;
using NanoWs.SocketIo.Tests;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Property: whatever a client sends — valid Engine.IO / Socket.IO packets mutated byte by byte
    /// (bits flipped, bytes and JSON fragments inserted, ranges deleted or repeated, cut short),
    /// over long-polling bodies and WebSocket text and binary messages — the server throws nothing,
    /// every argument list it hands to a handler is valid JSON (System.Text.Json, inside brackets),
    /// and every packet it sends back is well formed: a known type, and for messages a JSON payload.
    /// </summary>
    public class SocketIoPacketPropertyTests
    {
        private static readonly string[] Seeds =
        {
            "40", "40{\"token\":\"x\"}", "40/admin,", "40/admin,{\"a\":[1]}", "41", "41/admin,",
            "42[\"m\",{\"a\":[1,2,{\"b\":null}]},\"s\\u00e9\\\"\",-1.5e3,true]", "4217[\"m\",1]", "42/admin,3[\"m\"]",
            "430[\"ok\",{\"x\":1}]", "451-[\"m\",{\"_placeholder\":true,\"num\":0}]", "462-0[{\"_placeholder\":true,\"num\":0}]",
            "3", "6", "1", "2probe", "5", "bAQID/w==", "42[\"emit back\",\"é😀\"]", "42[\"ack me\",1]",
        };

        private static readonly byte[][] Fragments =
        {
            Bytes("{"), Bytes("}"), Bytes("["), Bytes("]"), Bytes("\""), Bytes("\\"), Bytes("\\u"), Bytes(":"), Bytes(","),
            Bytes("/"), Bytes("-"), Bytes("\u001e"), Bytes("b"), Bytes("4"), Bytes("45"), Bytes("999999999999"),
            Bytes("{\"_placeholder\":true,\"num\":0}"), Bytes("[[[[[[[[[[[[[[[[[["), Bytes("\"connect\""),
            new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0 }, new byte[] { 0x1E, 0x1E },
        };

        private static readonly Gen<(int Op, int A, int B, byte X)> EditGen =
            Gen.Select(Gen.Int[0, 6], Gen.Int[0, 4096], Gen.Int[0, 4096], Gen.Byte);

        private static readonly Gen<(int Seed, (int Op, int A, int B, byte X)[] Edits, int Channel)> PacketGen =
            Gen.Select(Gen.Int[0, Seeds.Length - 1], EditGen.Array[0, 4], Gen.Int[0, 3]);

        private static int _checkedPackets;
        private static int _handledEvents;

        [Fact]
        public void Any_mutated_packet_is_answered_without_exceptions_and_with_well_formed_packets()
        {
            PacketGen.Array[1, 20].Sample(run =>
            {
                SocketIoOptions options = new SocketIoOptions();
                options.OutboxBytes = 512;
                options.BinaryBytes = 128;
                options.MaxPayload = 256;
                SocketIoServer io = new SocketIoServer(options, new CountingRandom());
                List<string> args = new List<string>();
                SocketIoConnectionHandler onConnection = s =>
                {
                    s.On("m", (sock, m) => args.Add(m.GetArgsString()));
                    s.On("emit back", (sock, m) => sock.Emit("back", m.Buffer, m.ArgsOffset, m.ArgsCount));
                    s.On("ack me", (sock, m) =>
                    {
                        if (m.AckId >= 0)
                        {
                            sock.Ack(m.AckId, m.GetArgsString());
                        }
                    });
                    s.Emit("hello", null, (sock, m) => args.Add(m.GetArgsString()));
                };
                io.OnConnection(onConnection);
                io.Of("/admin").OnConnection(onConnection);

                int polling;
                io.Open(EngineIoTransport.Polling, 0, out polling);
                int ws;
                io.Open(EngineIoTransport.WebSocket, 0, out ws);
                io.BeginUpgrade(polling);
                byte[] connect = Bytes("40");
                io.Post(polling, connect, 0, connect.Length, 0);
                io.ReceiveWebSocketText(ws, connect, 0, connect.Length, 0);
                byte[] output = new byte[4096];
                long now = 0;
                Drain(io, polling, output);
                Drain(io, ws, output);
                foreach (var packet in run)
                {
                    byte[] data = Mutate(Bytes(Seeds[packet.Seed]), packet.Edits);
                    now += 1000;
                    switch (packet.Channel)
                    {
                        case 0:
                            io.Post(polling, data, 0, data.Length, now);
                            break;
                        case 1:
                            io.ReceiveWebSocketText(polling, data, 0, data.Length, now);
                            break;
                        case 2:
                            io.ReceiveWebSocketText(ws, data, 0, data.Length, now);
                            break;
                        default:
                            io.ReceiveWebSocketBinary(ws, data, 0, data.Length);
                            break;
                    }

                    io.Tick(now);
                    Drain(io, polling, output);
                    Drain(io, ws, output);
                }

                foreach (string a in args)
                {
                    System.Threading.Interlocked.Increment(ref _handledEvents);
                    using (JsonDocument.Parse("[" + a + "]"))
                    {
                    }
                }
            }, iter: 3000);

            // The runs reach the handlers and the answers, not only the parse errors.
            Assert.True(_handledEvents > 100, "handled " + _handledEvents);
            Assert.True(_checkedPackets > 1000, "checked " + _checkedPackets);
        }

        private static void Drain(SocketIoServer io, int session, byte[] output)
        {
            while (true)
            {
                int n = io.NextWebSocketMessage(session, output, 0, output.Length, out bool binary);
                if (n < 0)
                {
                    break;
                }

                if (!binary)
                {
                    CheckPacket(Encoding.UTF8.GetString(output, 0, n));
                }
            }

            if (io.HasPollData(session) && io.BeginPoll(session) == EngineIoStatus.Ok)
            {
                int n = io.TakePoll(session, output, 0, output.Length);
                foreach (string p in Encoding.UTF8.GetString(output, 0, n).Split('\u001e'))
                {
                    if (!p.StartsWith("b", StringComparison.Ordinal))
                    {
                        CheckPacket(p);
                    }
                }
            }
        }

        private static void CheckPacket(string p)
        {
            System.Threading.Interlocked.Increment(ref _checkedPackets);
            Assert.True(p.Length > 0 && p[0] >= '0' && p[0] <= '6', "packet " + p);
            if (p[0] != '4' || p == "3probe")
            {
                return;
            }

            // 4 <type> [<attachments>-] [/ns,] [id] [JSON]
            int i = 2;
            Assert.True(p.Length >= 2 && p[1] >= '0' && p[1] <= '6', "socket.io packet " + p);
            if (p[1] == '5' || p[1] == '6')
            {
                i = p.IndexOf('-') + 1;
            }

            if (i < p.Length && p[i] == '/')
            {
                i = p.IndexOf(',', i) + 1;
            }

            while (i < p.Length && char.IsDigit(p[i]))
            {
                i++;
            }

            if (i < p.Length)
            {
                using (JsonDocument.Parse(p.Substring(i)))
                {
                }
            }
        }

        private static byte[] Mutate(byte[] seed, (int Op, int A, int B, byte X)[] edits)
        {
            List<byte> b = new List<byte>(seed);
            foreach (var (op, a, x2, x) in edits)
            {
                int at = b.Count == 0 ? 0 : a % (b.Count + 1);
                switch (op)
                {
                    case 0:
                        if (b.Count > 0)
                        {
                            b[a % b.Count] ^= (byte)(1 << (x & 7));
                        }

                        break;
                    case 1:
                        b.Insert(at, x);
                        break;
                    case 2:
                        b.InsertRange(at, Fragments[x2 % Fragments.Length]);
                        break;
                    case 3:
                        if (b.Count > 0)
                        {
                            int start = a % b.Count;
                            b.RemoveRange(start, Math.Min(1 + x2 % 8, b.Count - start));
                        }

                        break;
                    case 4:
                        if (b.Count > 0)
                        {
                            int start = a % b.Count;
                            b.InsertRange(start, b.GetRange(start, Math.Min(1 + x2 % 8, b.Count - start)));
                        }

                        break;
                    case 5:
                        b.RemoveRange(at, b.Count - at);
                        break;
                    default:
                        if (b.Count > 0)
                        {
                            b[a % b.Count] = x;
                        }

                        break;
                }
            }

            return b.ToArray();
        }

        private static byte[] Bytes(string s)
        {
            return Encoding.UTF8.GetBytes(s);
        }
    }
}
