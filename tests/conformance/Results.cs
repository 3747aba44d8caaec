using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoWs.Conformance
{
    /// <summary>How a case went, best first (CONFORMANCE.md, "How a case is judged").</summary>
    public enum Verdict
    {
        /// <summary>Exactly the expected behaviour.</summary>
        OK,

        /// <summary>Allowed but weaker behaviour.</summary>
        NonStrict,

        /// <summary>Recorded, not judged.</summary>
        Informational,

        /// <summary>Anything else.</summary>
        Failed,
    }

    /// <summary>The record of one case, written to the JSON results file.</summary>
    public sealed class CaseResult
    {
        /// <summary>Case id.</summary>
        public string Id { get; set; }

        /// <summary>Section number.</summary>
        public int Section { get; set; }

        /// <summary>What the case checks.</summary>
        public string Description { get; set; }

        /// <summary>Verdict on the messages and pongs the peer sent.</summary>
        [JsonIgnore]
        public Verdict Behavior { get; set; }

        /// <summary>Verdict on how the connection closed.</summary>
        [JsonIgnore]
        public Verdict BehaviorClose { get; set; }

        /// <summary><see cref="Behavior"/> as written in the JSON.</summary>
        [JsonPropertyName("behavior")]
        public string BehaviorName => Name(Behavior);

        /// <summary><see cref="BehaviorClose"/> as written in the JSON.</summary>
        [JsonPropertyName("behaviorClose")]
        public string BehaviorCloseName => Name(BehaviorClose);

        /// <summary>The worse of <see cref="Behavior"/> and <see cref="BehaviorClose"/>.</summary>
        [JsonIgnore]
        public Verdict Result =>
            Behavior == Verdict.Failed || BehaviorClose == Verdict.Failed ? Verdict.Failed
            : Behavior == Verdict.NonStrict || BehaviorClose == Verdict.NonStrict ? Verdict.NonStrict
            : Behavior == Verdict.Informational || BehaviorClose == Verdict.Informational ? Verdict.Informational
            : Verdict.OK;

        /// <summary><see cref="Result"/> as written in the JSON.</summary>
        [JsonPropertyName("result")]
        public string ResultName => Name(Result);

        /// <summary>The code in the peer's close frame; null when it had none or none came.</summary>
        public int? RemoteCloseCode { get; set; }

        /// <summary>The reason in the peer's close frame, if any.</summary>
        public string RemoteCloseReason { get; set; }

        /// <summary>Who started the close: "tester", "peer", or null when none did.</summary>
        public string ClosedBy { get; set; }

        /// <summary>Milliseconds from the end of the close handshake to the end of TCP; null when not applicable.</summary>
        public double? TcpDropMs { get; set; }

        /// <summary>True when the tester, not the peer, ended TCP.</summary>
        public bool DroppedByTester { get; set; }

        /// <summary>How long the case took.</summary>
        public double DurationMs { get; set; }

        /// <summary>What the peer sent (messages, pongs, close), short form.</summary>
        public List<string> Received { get; set; } = new List<string>();

        /// <summary>Why a verdict is not OK, and other observations.</summary>
        public List<string> Notes { get; set; } = new List<string>();

        /// <summary>A verdict as the reports write it (OK, NON-STRICT, INFORMATIONAL, FAILED).</summary>
        public static string Name(Verdict v) => v switch
        {
            Verdict.OK => "OK",
            Verdict.NonStrict => "NON-STRICT",
            Verdict.Informational => "INFORMATIONAL",
            _ => "FAILED",
        };
    }

    /// <summary>Writes results: JSON for comparing runs, and a table for people.</summary>
    public static class Report
    {
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Writes the results of a run to <paramref name="path"/>, with per-section counts.</summary>
        public static void WriteJson(string path, string target, string mode, IReadOnlyList<CaseResult> results)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            var document = new
            {
                target,
                mode,
                date = DateTime.UtcNow.ToString("o"),
                counts = Counts(results).ToDictionary(c => c.Key + " " + SectionName(c.Key), c => new Dictionary<string, int> { ["OK"] = c.Value[0], ["NON-STRICT"] = c.Value[1], ["INFORMATIONAL"] = c.Value[2], ["FAILED"] = c.Value[3] }),
                cases = results,
            };
            File.WriteAllText(path, JsonSerializer.Serialize(document, JsonOptions));
        }

        /// <summary>Per-section counts: section → OK, NON-STRICT, INFORMATIONAL, FAILED.</summary>
        public static SortedDictionary<int, int[]> Counts(IEnumerable<CaseResult> results)
        {
            var counts = new SortedDictionary<int, int[]>();
            foreach (CaseResult r in results)
            {
                if (!counts.TryGetValue(r.Section, out int[] row))
                {
                    counts[r.Section] = row = new int[4];
                }

                row[(int)r.Result]++;
            }

            return counts;
        }

        /// <summary>The short name of a section.</summary>
        public static string SectionName(int section) => section switch
        {
            0 => "handshake",
            1 => "framing",
            2 => "ping/pong",
            3 => "reserved bits",
            4 => "opcodes",
            5 => "fragmentation",
            6 => "UTF-8",
            7 => "close",
            9 => "limits",
            10 => "misc",
            20 => "client handshake",
            21 => "client messages",
            22 => "client violations",
            30 => "handshake policy",
            _ => "section " + section,
        };

        /// <summary>The summary table: cases not OK listed, then counts per section and the total.</summary>
        public static string Table(string target, IReadOnlyList<CaseResult> results)
        {
            var sb = new StringBuilder();
            sb.AppendLine("Conformance results for " + target);
            foreach (CaseResult r in results.Where(r => r.Result != Verdict.OK))
            {
                sb.AppendLine(string.Format("  {0,-14} {1,-8} {2}  [{3}]", CaseResult.Name(r.Result), r.Id, r.Description, string.Join("; ", r.Notes)));
            }

            sb.AppendLine(string.Format("{0,-24} {1,6} {2,11} {3,14} {4,7}", "section", "OK", "NON-STRICT", "INFORMATIONAL", "FAILED"));
            var total = new int[4];
            foreach (var (section, row) in Counts(results))
            {
                sb.AppendLine(string.Format("{0,-24} {1,6} {2,11} {3,14} {4,7}", section + " " + SectionName(section), row[0], row[1], row[2], row[3]));
                for (int i = 0; i < 4; i++)
                {
                    total[i] += row[i];
                }
            }

            sb.AppendLine(string.Format("{0,-24} {1,6} {2,11} {3,14} {4,7}", "total " + results.Count, total[0], total[1], total[2], total[3]));
            return sb.ToString();
        }
    }
}
