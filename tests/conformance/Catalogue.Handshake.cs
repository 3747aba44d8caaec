using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NanoWs.Conformance
{
    public static partial class Catalogue
    {
        private static ServerCase Handshake(string id, string description, Action<HandshakeCheck> run) =>
            new ServerCase { Id = id, Section = 0, Description = description, RunHandshake = run };

        // 0: the opening handshake (RFC 6455 §4.2), beyond the public suite.
        private static IEnumerable<ServerCase> Handshake()
        {
            string key = ServerRunner.GoodKey;
            yield return Handshake("0.1", "missing Sec-WebSocket-Key: 400", h =>
                ExpectStatus(h, Request(h, key: null), 400));
            yield return Handshake("0.2", "duplicate Sec-WebSocket-Key: 400", h =>
                ExpectStatus(h, Request(h, extra: "Sec-WebSocket-Key: " + key + "\r\n"), 400));
            yield return Handshake("0.3", "Sec-WebSocket-Key not 16 bytes in base64: 400", h =>
                ExpectStatus(h, Request(h, key: "c2hvcnQ="), 400));
            // Version 12 was never a published protocol version (8 and 13 were): no server speaks it.
            yield return Handshake("0.4", "Sec-WebSocket-Version 12: 426 with Sec-WebSocket-Version: 13", h =>
            {
                HttpHead head = Exchange(h, Request(h).Replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 12"));
                ExpectStatus(h, head, 426);
                if (head != null && head.Status >= 400 && !head.HasToken("Sec-WebSocket-Version", "13"))
                {
                    // RFC 6455 §4.2.2: the error response carries the versions the server speaks.
                    h.Mark(Verdict.Failed, head.Status + " without Sec-WebSocket-Version: 13");
                }
            });
            yield return Handshake("0.5", "Sec-WebSocket-Version missing: 400 or 426", h =>
                ExpectStatus(h, Exchange(h, Request(h).Replace("Sec-WebSocket-Version: 13\r\n", "")), 400, 426));
            yield return Handshake("0.6", "Connection: keep-alive, Upgrade (Firefox) is accepted", h =>
                ExpectUpgradeAndEcho(h, Request(h).Replace("Connection: Upgrade", "Connection: keep-alive, Upgrade")));
            yield return Handshake("0.7", "lower-case header names and values are accepted", h =>
                ExpectUpgradeAndEcho(h, Request(h).Replace("Upgrade: WebSocket", "upgrade: websocket").Replace("Connection: Upgrade", "connection: upgrade").Replace("Sec-WebSocket-Version", "sec-websocket-version")));
            yield return Handshake("0.8", "no Upgrade header: no upgrade", h =>
                ExpectRefused(h, Exchange(h, Request(h).Replace("Upgrade: WebSocket\r\n", ""))));
            yield return Handshake("0.9", "Upgrade: h2c: no upgrade", h =>
                ExpectRefused(h, Exchange(h, Request(h).Replace("Upgrade: WebSocket", "Upgrade: h2c"))));
            yield return Handshake("0.10", "Connection without the Upgrade token: no upgrade", h =>
                ExpectRefused(h, Exchange(h, Request(h).Replace("Connection: Upgrade", "Connection: keep-alive"))));
            yield return Handshake("0.11", "no Host header: 400", h =>
                ExpectStatus(h, Exchange(h, string.Join("\r\n", Request(h).Split("\r\n").Where(l => !l.StartsWith("Host:", StringComparison.Ordinal)))), 400));
            yield return Handshake("0.12", "100 KiB header: 431", h =>
                ExpectTooLarge(h, Exchange(h, Request(h, extra: "Cookie: a=" + new string('x', 100 * 1024) + "\r\n"))));
            yield return Handshake("0.13", "200 header lines: 431", h =>
                ExpectTooLarge(h, Exchange(h, Request(h, extra: string.Concat(Enumerable.Range(0, 200).Select(i => "X-Filler-" + i + ": " + i + "\r\n"))))));
            yield return Handshake("0.14", "POST upgrade: no upgrade", h =>
                ExpectRefused(h, Exchange(h, "POST" + Request(h).Substring(3))));
            yield return Handshake("0.15", "HTTP/1.0 upgrade: no upgrade", h =>
                ExpectRefused(h, Exchange(h, Request(h).Replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n"))));
            yield return Handshake("0.16", "request written one byte at a time is accepted", h =>
                ExpectUpgradeAndEcho(h, Request(h), chunk: 1));
            yield return Handshake("0.17", "subprotocols offered: at most one, from the offer (never the list echoed)", h =>
            {
                string[] offered = { "chat.v1", "superchat" };
                HttpHead head = ExpectUpgradeAndEcho(h, Request(h, extra: "Sec-WebSocket-Protocol: " + string.Join(", ", offered) + "\r\n"));
                List<string> chosen = head?.All("Sec-WebSocket-Protocol") ?? new List<string>();
                if (chosen.Count == 0)
                {
                    h.Notes.Add("no subprotocol selected");
                }
                else if (chosen.Count > 1 || !offered.Contains(chosen[0]))
                {
                    h.Mark(Verdict.Failed, "Sec-WebSocket-Protocol answered with " + string.Join(" | ", chosen));
                }
                else
                {
                    h.Notes.Add("selected " + chosen[0]);
                }
            });
            yield return Handshake("0.18", "extension offers are declined (no Sec-WebSocket-Extensions)", h =>
            {
                HttpHead head = ExpectUpgradeAndEcho(h, Request(h, extra: "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n"));
                string accepted = head?.Get("Sec-WebSocket-Extensions");
                if (!string.IsNullOrEmpty(accepted))
                {
                    h.Mark(Verdict.Informational, "extension accepted: " + accepted + " (compression is outside this catalogue)");
                }
            });
            yield return Handshake("0.19", "slow client that never finishes its request is dropped (timeout)", h =>
            {
                using WireConnection wire = h.Connect();
                string request = Request(h);
                wire.Write(Encoding.ASCII.GetBytes(request.Substring(0, request.Length / 2)));
                double start = wire.NowMs;
                if (wire.WaitForEndOfStream(h.SlowClientWaitMs))
                {
                    h.Notes.Add("dropped after " + Math.Round(wire.NowMs - start) + " ms");
                }
                else
                {
                    h.Mark(Verdict.NonStrict, "still open after " + h.SlowClientWaitMs + " ms (no handshake timeout)");
                }
            });
        }

        private static string Request(HandshakeCheck h, string key = ServerRunner.GoodKey, string extra = "") =>
            ServerRunner.UpgradeRequest(h.Host, h.Port, h.Path, key, extra);

        /// <summary>Writes <paramref name="request"/> on a new connection and reads the response head.</summary>
        private static HttpHead Exchange(HandshakeCheck h, string request, int chunk = 0)
        {
            using WireConnection wire = h.TryConnect(out string refused);
            if (wire == null)
            {
                h.Notes.Add(refused);
                return null;
            }

            byte[] bytes = Encoding.ASCII.GetBytes(request);
            if (chunk > 0) wire.WriteChunked(bytes, chunk); else wire.Write(bytes);
            return HttpHead.Parse(wire.ReadHead(5000));
        }

        private static void ExpectStatus(HandshakeCheck h, string request, params int[] statuses) =>
            ExpectStatus(h, Exchange(h, request), statuses);

        private static void ExpectStatus(HandshakeCheck h, HttpHead head, params int[] statuses)
        {
            if (head == null)
            {
                h.Mark(Verdict.NonStrict, "connection closed without a response, expected " + string.Join(" or ", statuses));
            }
            else if (!statuses.Contains(head.Status))
            {
                h.Mark(head.Status >= 400 && head.Status < 500 ? Verdict.NonStrict : Verdict.Failed, "got " + head.StatusLine + ", expected " + string.Join(" or ", statuses));
            }
            else
            {
                h.Notes.Add(head.StatusLine);
            }
        }

        private static void ExpectRefused(HandshakeCheck h, HttpHead head)
        {
            if (head != null && head.Status == 101)
            {
                h.Mark(Verdict.Failed, "upgraded anyway");
            }
            else
            {
                h.Notes.Add(head == null ? "closed without a response" : head.StatusLine);
            }
        }

        /// <summary>431 expected; a server whose limits are larger may upgrade (informational).</summary>
        private static void ExpectTooLarge(HandshakeCheck h, HttpHead head)
        {
            if (head != null && head.Status == 101)
            {
                h.Mark(Verdict.Informational, "accepted: the server's header limits are larger");
                return;
            }

            ExpectStatus(h, head, 431);
        }

        /// <summary>Expects a valid 101, then checks a text message is echoed and the close is clean.</summary>
        private static HttpHead ExpectUpgradeAndEcho(HandshakeCheck h, string request, int chunk = 0)
        {
            using WireConnection wire = h.Connect();
            byte[] bytes = Encoding.ASCII.GetBytes(request);
            if (chunk > 0) wire.WriteChunked(bytes, chunk); else wire.Write(bytes);
            HttpHead head = HttpHead.Parse(wire.ReadHead(5000));
            string problem = ServerRunner.CheckSwitchingProtocols(head, ServerRunner.GoodKey);
            if (problem != null)
            {
                h.Mark(Verdict.Failed, problem);
                return head;
            }

            wire.StartReader();
            EchoAndClose(h, wire, "after the handshake");
            return head;
        }

        /// <summary>On an open connection (reader started): a text message must be echoed, then the close must be clean.</summary>
        private static void EchoAndClose(HandshakeCheck h, WireConnection wire, string when)
        {
            byte[] hello = Frames.Utf8("handshake ok \u00e9");
            wire.SendFrame(Frames.Text, hello);
            wire.WaitUntil(() => wire.DataEvents.Count > 0 || wire.TcpEnded, 3000);
            List<WireEvent> events = wire.DataEvents;
            if (events.Count != 1 || !events[0].Payload.AsSpan().SequenceEqual(hello))
            {
                h.Mark(Verdict.Failed, "message not echoed " + when);
            }

            wire.SendClose(1000);
            if (!wire.WaitUntil(() => wire.TcpEnded, 2000) || !wire.CloseReceived || wire.DroppedByTester)
            {
                h.Mark(Verdict.Failed, "close " + when + " not clean");
            }
        }
    }
}
