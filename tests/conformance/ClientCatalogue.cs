using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.Conformance
{
    /// <summary>
    /// Client-mode cases: the tester is the server. Sections 1–7, 9 and 10 are the server-mode
    /// catalogue's own cases with the roles swapped (see <see cref="FromServerCatalogue"/>); then,
    /// beyond the public suite, 20: the opening handshake as the client must check it; 21: echo of
    /// messages, pings and closes; 22: protocol violations by the server the client must fail on.
    /// </summary>
    public static class ClientCatalogue
    {
        /// <summary>Every client-mode case; <paramref name="full"/> selects section 9's full sizes.</summary>
        public static List<ClientCase> Cases(bool full = false)
        {
            var cases = new List<ClientCase>();
            cases.AddRange(FromServerCatalogue(full));
            cases.AddRange(Handshake());
            cases.AddRange(Messages());
            cases.AddRange(Violations());
            return cases;
        }

        /// <summary>
        /// The protocol cases of <see cref="Catalogue.ServerCases"/> (sections 1–7, 9, 10; not the
        /// server's handshake cases), played against a client: the tester answers the upgrade with a
        /// valid 101, then runs the same script with the same expectations. Its frames go out
        /// unmasked (it is the server now) and the client's frames must come back masked (RFC 6455
        /// §5.1, checked by <see cref="WireConnection"/>); the client, not the tester, is then judged
        /// on what it echoes, the pongs, the close codes and fail-fast UTF-8, exactly as a server is.
        /// The only difference: the tester, being the server, ends TCP after the close handshake, so
        /// the peer is not judged on dropping TCP (RFC 6455 §7.1.1 leaves that to the server).
        /// </summary>
        public static IEnumerable<ClientCase> FromServerCatalogue(bool full)
        {
            foreach (ServerCase c in Catalogue.ServerCases(full))
            {
                if (c.Run == null)
                {
                    continue;
                }

                Action<Probe> run = c.Run;
                yield return new ClientCase
                {
                    Id = c.Id,
                    Section = c.Section,
                    Description = c.Description,
                    Run = s =>
                    {
                        s.Respond();
                        run(s.Probe);
                    },
                };
            }
        }

        private static ClientCase Case(string id, string description, Action<ClientSession> run) =>
            new ClientCase { Id = id, Section = int.Parse(id.Split('.')[0]), Description = description, Run = run };

        private static readonly byte[] Hello = Frames.Utf8("Hello, client \u00e9\u4e2d");

        /// <summary>Sends a text and expects it back, then closes (the standard body of an accepted handshake).</summary>
        private static void EchoHello(ClientSession s)
        {
            s.Probe.Text(Hello);
            s.Probe.Ok(Probe.TextMsg(Hello)).ClosesCleanly();
        }

        private static IEnumerable<ClientCase> Handshake()
        {
            yield return Case("20.1", "valid upgrade request; plain 101 accepted, echo works", s =>
            {
                s.Respond();
                EchoHello(s);
            });
            yield return Case("20.2", "server selects none of the subprotocols offered (informational: a client may require one)", s =>
            {
                s.Respond(protocol: "");
                EchoHello(s);
                s.Probe.Informational();
                s.Probe.Notes.Add(s.OfferedProtocols.Count == 0 ? "the client offered no subprotocol" : "offered: " + string.Join(", ", s.OfferedProtocols));
            });
            yield return Case("20.3", "server selects a subprotocol the client did not offer: fail", s =>
            {
                s.Respond(protocol: "x-not-offered");
                s.HandshakeMustFail = true;
            });
            yield return Case("20.4", "server accepts an extension the client did not offer: fail", s =>
            {
                bool offeredDeflate = s.Request.All("Sec-WebSocket-Extensions").Any(v => v.Contains("permessage-deflate", StringComparison.OrdinalIgnoreCase));
                s.Respond(extraHeaders: "Sec-WebSocket-Extensions: " + (offeredDeflate ? "x-not-offered" : "permessage-deflate") + "\r\n");
                s.HandshakeMustFail = true;
            });
            yield return Case("20.5", "wrong Sec-WebSocket-Accept: fail", s =>
            {
                s.Respond(accept: ServerRunner.AcceptFor("AAAAAAAAAAAAAAAAAAAAAA=="));
                s.HandshakeMustFail = true;
            });
            yield return Case("20.6", "no Sec-WebSocket-Accept: fail", s =>
            {
                s.Respond(accept: "");
                s.HandshakeMustFail = true;
            });
            yield return Case("20.7", "status 200 instead of 101: fail", s =>
            {
                s.Respond(statusLine: "HTTP/1.1 200 OK");
                s.HandshakeMustFail = true;
            });
            yield return Case("20.8", "101 without an Upgrade header: fail", s =>
            {
                s.Respond(upgrade: null);
                s.HandshakeMustFail = true;
            });
            yield return Case("20.9", "101 whose Connection lacks the Upgrade token: fail", s =>
            {
                s.Respond(connection: "keep-alive");
                s.HandshakeMustFail = true;
            });
            yield return Case("20.10", "101 written one byte at a time, with Connection: keep-alive, Upgrade", s =>
            {
                s.Respond(connection: "keep-alive, Upgrade", chunk: 1);
                EchoHello(s);
            });
        }

        private static IEnumerable<ClientCase> Messages()
        {
            var messages = new (string What, int Opcode, byte[] Data)[]
            {
                ("ASCII text", Frames.Text, Frames.Utf8("hello, client")),
                ("multi-byte UTF-8 text", Frames.Text, Frames.Utf8("h\u00e9llo \u0436 \u20ac \u4e2d \U0001F600")),
                ("empty text", Frames.Text, Array.Empty<byte>()),
                ("binary", Frames.Binary, new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80, 0x7F }),
                ("empty binary", Frames.Binary, Array.Empty<byte>()),
                ("125-byte binary", Frames.Binary, Frames.Pattern(125, 125)),
                ("126-byte binary", Frames.Binary, Frames.Pattern(126, 126)),
                ("65535-byte binary", Frames.Binary, Frames.Pattern(65535, 5)),
                ("65536-byte text", Frames.Text, Frames.MixedText(65536, 6)),
                ("1 MiB binary", Frames.Binary, Frames.Pattern(1 << 20, 7)),
            };
            int n = 0;
            foreach (var (what, opcode, data) in messages)
            {
                yield return Case("21." + ++n, what + " is echoed", s =>
                {
                    s.Respond();
                    s.Probe.WaitMs = 10000;
                    s.Probe.Frame(opcode, data);
                    s.Probe.Ok(Probe.Msg(opcode, data)).ClosesCleanly();
                });
            }

            byte[] euro = Frames.Utf8("\u20ac");
            byte[] fragmentedText = Frames.Concat(Frames.Utf8("frag A "), euro, Frames.Utf8(" frag B"));
            yield return Case("21." + ++n, "text in 3 fragments, a character split between them, a ping between: pong, then echo", s =>
            {
                s.Respond();
                s.Probe.Frame(Frames.Text, Frames.Concat(Frames.Utf8("frag A "), Frames.Slice(euro, 0, 1)), fin: false);
                s.Probe.Ping(Frames.Utf8("between"));
                s.Probe.Frame(Frames.Continuation, Frames.Slice(euro, 1, 1), fin: false);
                s.Probe.Frame(Frames.Continuation, Frames.Concat(Frames.Slice(euro, 2, 1), Frames.Utf8(" frag B")));
                s.Probe.Ok(Probe.Pong(Frames.Utf8("between")), Probe.TextMsg(fragmentedText)).ClosesCleanly();
            });
            byte[] binary = Frames.Pattern(70000, 9);
            yield return Case("21." + ++n, "binary in fragments of 1000, 0 and 69000 bytes", s =>
            {
                s.Respond();
                s.Probe.Frame(Frames.Binary, Frames.Slice(binary, 0, 1000), fin: false);
                s.Probe.Frame(Frames.Continuation, Array.Empty<byte>(), fin: false);
                s.Probe.Frame(Frames.Continuation, Frames.Slice(binary, 1000, 69000));
                s.Probe.Ok(Probe.BinaryMsg(binary)).ClosesCleanly();
            });
            yield return Case("21." + ++n, "10 pings get 10 pongs in order", s =>
            {
                s.Respond();
                var expected = new List<WireEvent>();
                for (int i = 0; i < 10; i++)
                {
                    byte[] payload = Frames.Utf8("ping " + i);
                    s.Probe.Ping(payload);
                    expected.Add(Probe.Pong(payload));
                }

                s.Probe.Ok(expected.ToArray()).ClosesCleanly();
            });
            foreach (var (code, reason) in new[] { (1000, ""), (1001, "going away"), (4001, "bye \u00e9\u4e2d"), (3000, new string('r', 123)) })
            {
                yield return Case("21." + ++n, "server closes with " + code + (reason.Length > 0 ? " and a " + Frames.Utf8(reason).Length + "-byte reason" : "") + ": answered with " + code, s =>
                {
                    s.Respond();
                    s.Probe.Close(code, reason.Length > 0 ? reason : null);
                    s.Probe.Ok().ClosesCleanly(code);
                });
            }

            yield return Case("21." + ++n, "server sends an empty close: answered", s =>
            {
                s.Respond();
                s.Wire.SendClose(Array.Empty<byte>());
                s.Probe.Ok().ClosesCleanly(1000, 1005);
            });
        }

        private static IEnumerable<ClientCase> Violations()
        {
            byte[] hello = Frames.Utf8("Hello");
            var violations = new (string What, int Code, Action<ClientSession> Send)[]
            {
                ("masked text frame from the server", 1002, s => s.Wire.SendFrame(Frames.Text, hello, mask: true)),
                ("text frame with RSV1", 1002, s => s.Probe.Frame(Frames.Text, hello, rsv: 4)),
                ("reserved data opcode 3", 1002, s => s.Probe.Frame(3, hello)),
                ("reserved control opcode 11", 1002, s => s.Probe.Frame(11, Array.Empty<byte>())),
                ("ping of 126 bytes", 1002, s => s.Probe.Ping(Frames.Pattern(126, 1))),
                ("fragmented ping", 1002, s => { s.Probe.Frame(Frames.Ping, hello, fin: false); s.Probe.Frame(Frames.Continuation, hello); }),
                ("continuation with no message started", 1002, s => s.Probe.Frame(Frames.Continuation, hello)),
                ("two text frames starting a message each", 1002, s => { s.Probe.Frame(Frames.Text, hello, fin: false); s.Probe.Frame(Frames.Text, hello); }),
                ("close with a 1-byte payload", 1002, s => s.Wire.Write(Frames.Build(Frames.Close, new byte[] { 3 }, mask: false))),
                ("close with code 1005 on the wire", 1002, s => s.Wire.Write(Frames.Build(Frames.Close, Frames.ClosePayload(1005), mask: false))),
                ("invalid UTF-8 text (surrogate)", 1007, s => s.Probe.Text(Convert.FromHexString("cebae1bdb9cf83cebcceb5eda080656469746564"))),
                ("invalid UTF-8 split across fragments", 1007, s => { s.Probe.Frame(Frames.Text, new byte[] { 0x41, 0xF4 }, fin: false); s.Probe.Frame(Frames.Continuation, new byte[] { 0x90, 0x80, 0x80 }); }),
            };
            int n = 0;
            foreach (var (what, code, send) in violations)
            {
                yield return Case("22." + ++n, what + ": the client fails with " + code, s =>
                {
                    s.Respond();
                    send(s);
                    s.Probe.Ok().Fails(code);
                });
            }
        }
    }
}
