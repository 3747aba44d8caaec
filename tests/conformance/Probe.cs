using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace NanoWs.Conformance
{
    /// <summary>
    /// What a case expects of the peer, after Autobahn's model: the messages and pongs for each
    /// verdict (OK first), and how the connection must close.
    /// </summary>
    public sealed class Expectation
    {
        /// <summary>The acceptable lists of messages and pongs, each with the verdict it earns, best first.</summary>
        public readonly List<(Verdict Verdict, List<WireEvent> Events)> Behaviors = new List<(Verdict, List<WireEvent>)>();

        /// <summary>True: the tester starts the close and the peer answers; false: the peer fails the connection.</summary>
        public bool ClosedByTester = true;

        /// <summary>Close codes allowed in the peer's close frame.</summary>
        public int[] CloseCodes = { 1000 };

        /// <summary>The close handshake must complete (both close frames) before TCP ends.</summary>
        public bool RequireClean = true;

        /// <summary>The peer must end TCP within 1 s of the close handshake (a server); false when the tester is the server.</summary>
        public bool PeerDropsTcp = true;

        /// <summary>The whole case only informs: nothing in it can fail.</summary>
        public bool Informational;

        /// <summary>How many messages and pongs the OK behaviour expects.</summary>
        public int OkEventCount => Behaviors.Count > 0 ? Behaviors[0].Events.Count : 0;
    }

    /// <summary>
    /// A server-mode case's view of one connection: raw writes through <see cref="Wire"/>, the
    /// expectation it sets, and verdict overrides for what an event list cannot express (fail-fast
    /// timing, round-trip loops).
    /// </summary>
    public sealed class Probe
    {
        /// <summary>The connection the case writes to.</summary>
        public readonly WireConnection Wire;

        /// <summary>What the case expects of the peer.</summary>
        public readonly Expectation Expect = new Expectation();

        /// <summary>Observations made while the case ran, copied into the result.</summary>
        public readonly List<string> Notes = new List<string>();

        /// <summary>Longest wait for the expected events before the tester closes (ms).</summary>
        public int WaitMs = 2000;

        /// <summary>When set, the behaviour verdict is at best this.</summary>
        public Verdict? BehaviorCap;

        /// <summary>A probe over <paramref name="wire"/>, whose handshake is done.</summary>
        public Probe(WireConnection wire)
        {
            Wire = wire;
        }

        // ---- expectations ----

        /// <summary>An expected message of type <paramref name="opcode"/>.</summary>
        public static WireEvent Msg(int opcode, byte[] payload) => new WireEvent { Kind = "message", Opcode = opcode, Payload = payload };

        /// <summary>An expected text message.</summary>
        public static WireEvent TextMsg(byte[] payload) => Msg(Frames.Text, payload);

        /// <summary>An expected binary message.</summary>
        public static WireEvent BinaryMsg(byte[] payload) => Msg(Frames.Binary, payload);

        /// <summary>An expected pong.</summary>
        public static WireEvent Pong(byte[] payload) => new WireEvent { Kind = "pong", Opcode = Frames.Pong, Payload = payload };

        /// <summary>The messages and pongs that make the case OK.</summary>
        public Probe Ok(params WireEvent[] events) => Behavior(Verdict.OK, events);

        /// <summary>Messages and pongs that are allowed but weaker: NON-STRICT.</summary>
        public Probe NonStrict(params WireEvent[] events) => Behavior(Verdict.NonStrict, events);

        /// <summary>Messages and pongs that earn <paramref name="verdict"/>.</summary>
        public Probe Behavior(Verdict verdict, params WireEvent[] events)
        {
            Expect.Behaviors.Add((verdict, events.ToList()));
            return this;
        }

        /// <summary>The peer must fail the connection with one of <paramref name="codes"/> (1002 when none given).</summary>
        public Probe Fails(params int[] codes)
        {
            Expect.ClosedByTester = false;
            Expect.RequireClean = false;
            Expect.CloseCodes = codes.Length == 0 ? new[] { 1002 } : codes;
            return this;
        }

        /// <summary>The tester closes; the peer answers with one of <paramref name="codes"/> (1000 when none given).</summary>
        public Probe ClosesCleanly(params int[] codes)
        {
            Expect.ClosedByTester = true;
            Expect.RequireClean = true;
            Expect.CloseCodes = codes.Length == 0 ? new[] { 1000 } : codes;
            return this;
        }

        /// <summary>Makes the whole case informational: it is recorded, never judged.</summary>
        public Probe Informational()
        {
            Expect.Informational = true;
            return this;
        }

        /// <summary>Caps the behaviour verdict at <paramref name="verdict"/>, noting <paramref name="why"/>.</summary>
        public void Cap(Verdict verdict, string why)
        {
            if (BehaviorCap == null || verdict > BehaviorCap)
            {
                BehaviorCap = verdict;
            }

            Notes.Add(why);
        }

        // ---- actions ----

        /// <summary>One raw frame as the tester's role sends it: masked when the tester is the client, unmasked when it is the server.</summary>
        public byte[] Build(int opcode, byte[] payload, bool fin = true, int rsv = 0) => Frames.Build(opcode, payload, fin, rsv, Wire.WeAreClient);

        /// <summary>Sends a text frame; <paramref name="chunk"/> &gt; 0 tears it into TCP writes of that size.</summary>
        public bool Text(byte[] payload, int chunk = 0) => Wire.SendFrame(Frames.Text, payload, chunk: chunk);

        /// <summary>Sends a binary frame; <paramref name="chunk"/> &gt; 0 tears it into TCP writes of that size.</summary>
        public bool Binary(byte[] payload, int chunk = 0) => Wire.SendFrame(Frames.Binary, payload, chunk: chunk);

        /// <summary>Sends one frame with any opcode, FIN and RSV bits; false when the connection is gone.</summary>
        public bool Frame(int opcode, byte[] payload, bool fin = true, int rsv = 0, int chunk = 0) => Wire.SendFrame(opcode, payload, fin, rsv, chunk);

        /// <summary>Sends a ping; <paramref name="chunk"/> &gt; 0 tears it into TCP writes of that size.</summary>
        public bool Ping(byte[] payload, int chunk = 0) => Wire.SendFrame(Frames.Ping, payload, chunk: chunk);

        /// <summary>Starts the close handshake with <paramref name="code"/> and an optional reason.</summary>
        public bool Close(int code, string reason = null) => Wire.SendClose(code, reason);

        /// <summary>Waits <paramref name="ms"/> milliseconds.</summary>
        public void Pause(int ms) => Thread.Sleep(ms);

        /// <summary>Waits until <paramref name="count"/> messages and pongs arrived, or the peer closed.</summary>
        public bool WaitEvents(int count, int timeoutMs = 5000) =>
            Wire.WaitUntil(() => Wire.DataEvents.Count >= count || Wire.CloseReceived || Wire.TcpEnded, timeoutMs);

        /// <summary>Waits up to <paramref name="timeoutMs"/> for the peer's close frame or end of TCP; true when it came.</summary>
        public bool WaitPeerClose(int timeoutMs) => Wire.WaitUntil(() => Wire.CloseReceived || Wire.TcpEnded, timeoutMs);

        // ---- judging ----

        /// <summary>Judges the finished connection into <paramref name="result"/>.</summary>
        public void Judge(CaseResult result)
        {
            WireConnection w = Wire;
            List<WireEvent> data = w.DataEvents;
            result.Received = w.Events.Select(e => e.ToString()).ToList();
            result.RemoteCloseCode = w.RemoteCloseCode;
            result.RemoteCloseReason = string.IsNullOrEmpty(w.RemoteCloseReason) ? null : w.RemoteCloseReason;
            result.DroppedByTester = w.DroppedByTester;
            result.Notes.AddRange(Notes);

            // Behaviour: the first expected event list that matches what arrived.
            result.Behavior = Verdict.Failed;
            foreach (var (verdict, events) in Expect.Behaviors)
            {
                if (Same(events, data))
                {
                    result.Behavior = verdict;
                    break;
                }
            }

            if (result.Behavior == Verdict.Failed)
            {
                result.Notes.Add("expected " + Describe(Expect.Behaviors.Count > 0 ? Expect.Behaviors[0].Events : new List<WireEvent>()) + ", got " + Describe(data));
            }
            else if (BehaviorCap != null && BehaviorCap > result.Behavior)
            {
                result.Behavior = BehaviorCap.Value;
            }

            foreach (string violation in w.Violations)
            {
                result.Behavior = Verdict.Failed;
                result.Notes.Add("peer broke a rule: " + violation);
            }

            result.BehaviorClose = JudgeClose(result);
            if (Expect.Informational)
            {
                result.Behavior = Verdict.Informational;
                result.BehaviorClose = Verdict.Informational;
            }
        }

        private Verdict JudgeClose(CaseResult result)
        {
            WireConnection w = Wire;
            bool testerFirst = w.CloseSent && (!w.CloseReceived || w.CloseSentAtMs < w.CloseReceivedAtMs);
            result.ClosedBy = testerFirst ? "tester" : w.CloseReceived ? "peer" : null;
            Verdict verdict = Verdict.OK;
            if (w.CloseSent && w.CloseReceived)
            {
                double handshakeEnd = Math.Max(w.CloseSentAtMs, w.CloseReceivedAtMs);
                result.TcpDropMs = Math.Round(w.TcpEndAtMs - handshakeEnd, 1);
                if (Expect.PeerDropsTcp && (w.DroppedByTester || w.TcpEndAtMs - handshakeEnd > Patience.Ms(1000)))
                {
                    result.Notes.Add("peer did not drop TCP within " + Patience.Ms(1000) / 1000.0 + " s of the close handshake");
                    verdict = Verdict.Failed;
                }
            }

            if (Expect.ClosedByTester)
            {
                if (!testerFirst)
                {
                    result.Notes.Add(w.CloseReceived ? "peer closed (" + w.RemoteCloseCode + ") where the tester was to close" : "peer dropped TCP before the tester closed");
                    return Verdict.Failed;
                }

                if (!w.CloseReceived)
                {
                    result.Notes.Add("no close frame answered the tester's close");
                    return Verdict.Failed;
                }
            }
            else
            {
                if (testerFirst)
                {
                    result.Notes.Add("peer did not fail the connection (the tester had to close)");
                    return Verdict.Failed;
                }

                if (!w.CloseReceived)
                {
                    if (w.DroppedByTester)
                    {
                        result.Notes.Add("peer neither closed nor dropped TCP");
                        return Verdict.Failed;
                    }

                    // RFC 6455 §7.1.7: the endpoint SHOULD send a close frame before dropping.
                    result.Notes.Add("peer dropped TCP without a close frame");
                    return Verdict.NonStrict;
                }
            }

            if (w.CloseReceived && !Expect.CloseCodes.Contains(w.RemoteCloseCode ?? 1005))
            {
                result.Notes.Add("close code " + (w.RemoteCloseCode?.ToString() ?? "none") + ", expected " + string.Join(" or ", Expect.CloseCodes));
                return Verdict.Failed;
            }

            return verdict;
        }

        private static bool Same(List<WireEvent> expected, List<WireEvent> actual)
        {
            if (expected.Count != actual.Count)
            {
                return false;
            }

            for (int i = 0; i < expected.Count; i++)
            {
                if (expected[i].Kind != actual[i].Kind || expected[i].Opcode != actual[i].Opcode || !expected[i].Payload.AsSpan().SequenceEqual(actual[i].Payload))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Describe(List<WireEvent> events) =>
            events.Count == 0 ? "nothing" : events.Count > 6 ? events.Count + " events" : string.Join(", ", events);
    }
}
