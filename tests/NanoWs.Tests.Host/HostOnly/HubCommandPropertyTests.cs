using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using CsCheck;
using NanoWs.Hub;
using Xunit;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>
    /// Property: whatever a tab sends — valid commands mutated byte by byte (bits flipped, bytes and
    /// JSON fragments inserted, ranges deleted or repeated, cut short), placed anywhere in a larger
    /// buffer, while the tab's connection has little or no room — the hub throws nothing, every
    /// message it sends is valid JSON (checked by System.Text.Json, UTF-8 included), and every
    /// command it takes is answered by exactly one well-formed ack.
    /// </summary>
    public class HubCommandPropertyTests
    {
        private const string Token = "tok\"en\\";

        private static readonly string[] Seeds =
        {
            "{\"t\":\"set\",\"id\":1,\"ch\":\"led\",\"v\":true}",
            "{\"t\":\"set\",\"id\":\"r-2\",\"ch\":\"fan\",\"v\":60,\"token\":\"tok\\\"en\\\\\"}",
            "{\"t\":\"set\",\"id\":3,\"ch\":\"msg\",\"v\":\"h\\u00e9llo \\u0001 \\ud83d\\ude00 €\",\"token\":\"tok\\\"en\\\\\"}",
            "{\"t\":\"set\",\"id\":4,\"ch\":\"temp\",\"v\":1e999}",
            "{\"extra\":{\"a\":[1,{\"b\":null}]},\"t\":\"set\",\"ch\":\"fan\",\"v\":-0.5e2,\"id\":5}",
            "{\"t\":\"set\",\"id\":6,\"ch\":\"fan\",\"v\":95,\"token\":\"tok\\\"en\\\\\"}",
            " { \"id\" : 7 , \"t\" : \"set\" , \"ch\" : \"led\" , \"v\" : false } ",
        };

        private static readonly byte[][] Fragments =
        {
            Bytes("{"), Bytes("}"), Bytes("["), Bytes("]"), Bytes("\""), Bytes("\\"), Bytes("\\u"), Bytes(":"),
            Bytes(","), Bytes("null"), Bytes("{\"a\":["), Bytes("1e400"), Bytes("-"), Bytes("\"t\":\"set\","),
            Bytes("\"id\":{},"), Bytes("\"ch\":[\"fan\"],"), Bytes("\"token\":{\"x\":1},"), Bytes("\"v\":\"x\","),
            Bytes("[[[[[[[["), Bytes("\"id\":\"" + new string('9', 50) + "\","), Bytes("\"v\":" + new string('7', 400) + ","),
            new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0 }, new byte[] { 0x7F },
        };

        private static readonly Gen<(int Op, int A, int B, byte X)> EditGen =
            Gen.Select(Gen.Int[0, 6], Gen.Int[0, 4096], Gen.Int[0, 4096], Gen.Byte);

        private static readonly Gen<(int Seed, (int Op, int A, int B, byte X)[] Edits, int Room, int Offset)> CommandGen =
            Gen.Select(Gen.Int[0, Seeds.Length - 1], EditGen.Array[0, 6], Gen.Int[0, 200], Gen.Int[0, 16]);

        [Fact]
        public void Any_mutated_command_gets_exactly_one_ack_and_every_message_is_valid_json()
        {
            Gen.Select(CommandGen.Array[1, 24], Gen.Bool).Sample(run =>
            {
                var transport = new RecordingTransport();
                HubOptions options = new HubOptions();
                options.DeviceName = "prop";
                options.MaxTabs = 2;
                options.Token = run.Item2 ? Token : null;
                ChannelHub hub = NewHub(options, transport);
                hub.AddTab(1);
                hub.Pump(0);

                int taken = 0;
                long now = 1;
                foreach (var command in run.Item1)
                {
                    byte[] message = Mutate(Bytes(Seeds[command.Seed]), command.Edits);

                    // Somewhere inside a larger buffer: the hub must read only its slice.
                    byte[] buffer = new byte[message.Length + command.Offset + 3];
                    buffer.AsSpan().Fill((byte)'}');
                    Array.Copy(message, 0, buffer, command.Offset, message.Length);

                    transport.Room = command.Room;
                    int deferred = 0;
                    while (!hub.HandleMessage(1, buffer, command.Offset, message.Length, now))
                    {
                        // The previous ack is still waiting for room: the tab gets some, the hub
                        // sends the ack on its next pump, and the command is handed over again.
                        Assert.True(++deferred < 2, "command deferred although the pending ack had room");
                        transport.Room = int.MaxValue;
                        hub.Pump(now);
                    }

                    taken++;
                    hub.Pump(now);
                    now += 7;
                }

                transport.Room = int.MaxValue;
                hub.Pump(now);

                int acks = 0;
                foreach (byte[] m in transport.Messages)
                {
                    using JsonDocument doc = JsonDocument.Parse(m);
                    JsonElement root = doc.RootElement;
                    string type = root.GetProperty("t").GetString();
                    if (type != "ack")
                    {
                        Assert.True(type == "hello" || type == "state", "unexpected message " + root.GetRawText());
                        continue;
                    }

                    acks++;
                    JsonValueKind id = root.GetProperty("id").ValueKind;
                    Assert.True(id == JsonValueKind.Number || id == JsonValueKind.String || id == JsonValueKind.Null, root.GetRawText());
                    if (!root.GetProperty("ok").GetBoolean())
                    {
                        string error = root.GetProperty("error").GetString();
                        Assert.False(string.IsNullOrEmpty(error) || error.EndsWith(": ", StringComparison.Ordinal), "error without a reason: " + root.GetRawText());
                    }
                }

                Assert.Equal(taken, acks);
            }, iter: 1500);
        }

        private static ChannelHub NewHub(HubOptions options, IHubTransport transport)
        {
            ChannelHub hub = new ChannelHub(options, transport);
            hub.AddNumber("temp", "Temperature", "°C", -40, 85, false);
            hub.AddBool("led", "LED", true);
            hub.AddNumber("fan", "Fan", "%", 0, 100, true);
            hub.AddText("msg", "Message", true);
            hub.SetHandler = (h, request) =>
            {
                if (request.Channel.Id == "fan" && request.Number > 90)
                {
                    throw new InvalidOperationException("fan \"stuck\"\n");
                }

                return request.Channel.Id == "fan" && request.Number > 80 ? "too fast" : null;
            };
            return hub;
        }

        private static byte[] Mutate(byte[] seed, (int Op, int A, int B, byte X)[] edits)
        {
            var b = new List<byte>(seed);
            foreach (var (op, a, c, x) in edits)
            {
                int at = b.Count == 0 ? 0 : a % (b.Count + 1);
                int length = b.Count - at == 0 ? 0 : 1 + (c % Math.Min(16, b.Count - at));
                switch (op)
                {
                    case 0 when at < b.Count:
                        b[at] ^= (byte)(1 << (x & 7));
                        break;
                    case 1:
                        b.Insert(at, x);
                        break;
                    case 2:
                        b.InsertRange(at, Fragments[x % Fragments.Length]);
                        break;
                    case 3:
                        b.RemoveRange(at, length);
                        break;
                    case 4:
                        b.RemoveRange(at, b.Count - at);
                        break;
                    case 5:
                        b.InsertRange(at, b.GetRange(at, length));
                        break;
                    case 6 when at < b.Count:
                        b[at] = x;
                        break;
                }
            }

            return b.ToArray();
        }

        private static byte[] Bytes(string s)
        {
            return Encoding.UTF8.GetBytes(s);
        }

        /// <summary>Keeps a copy of every message's bytes; room is used up by each message, like a send buffer.</summary>
        private sealed class RecordingTransport : IHubTransport
        {
            public readonly List<byte[]> Messages = new List<byte[]>();
            public int Room = int.MaxValue;

            public int GetRoom(int tabId)
            {
                return Room;
            }

            public bool SendText(int tabId, byte[] buffer, int offset, int count)
            {
                if (count > Room)
                {
                    return false;
                }

                if (Room != int.MaxValue)
                {
                    Room -= count;
                }

                Messages.Add(buffer.AsSpan(offset, count).ToArray());
                return true;
            }
        }
    }
}
