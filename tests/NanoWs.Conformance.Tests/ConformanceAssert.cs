using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Conformance.Tests
{
    /// <summary>What the conformance tests share: publishing results and asserting exact verdicts.</summary>
    internal static class ConformanceAssert
    {
        /// <summary>
        /// One xUnit collection for every conformance test, so they run one after the other: the
        /// runner judges fail-fast and TCP drops by when bytes arrive, and two runs sharing the
        /// machine's cores would only make those waits less certain.
        /// </summary>
        public const string Collection = "conformance";

        /// <summary>Writes artifacts/conformance/&lt;target&gt;.json and prints the table to the test output.</summary>
        public static void Publish(ITestOutputHelper output, string target, string mode, List<CaseResult> results)
        {
            string path = Path.Combine(RepositoryRoot(), "artifacts", "conformance", target + ".json");
            Report.WriteJson(path, target, mode, results);
            output.WriteLine(Report.Table(target, results));
            output.WriteLine("results: " + path + ", " + Math.Round(results.Sum(r => r.DurationMs) / 1000, 1) + " s");
        }

        /// <summary>
        /// Every case is OK except those in <paramref name="exceptions"/>, each of which has exactly
        /// the verdict given there (and exists: a case renumbered away does not pass silently).
        /// </summary>
        public static void Verdicts(string target, List<CaseResult> results, IReadOnlyDictionary<string, Verdict> exceptions)
        {
            Assert.NotEmpty(results);
            var ids = new HashSet<string>(results.Select(r => r.Id));
            List<string> missing = exceptions.Keys.Where(id => !ids.Contains(id)).ToList();
            Assert.True(missing.Count == 0, target + ": listed cases not run: " + string.Join(", ", missing));
            List<string> wrong = results
                .Where(r => r.Result != Expected(exceptions, r.Id))
                .Select(r => CaseResult.Name(r.Result) + " " + r.Id + " (expected " + CaseResult.Name(Expected(exceptions, r.Id)) + ") " + r.Description + ": " + string.Join("; ", r.Notes))
                .ToList();
            Assert.True(wrong.Count == 0, target + ": " + wrong.Count + " case(s) with another verdict:\n" + string.Join("\n", wrong) + "\n" + Report.Table(target, results));
        }

        /// <summary>Ids of the cases whose description starts with "fail fast" (UTF-8 checked as the bytes arrive).</summary>
        public static List<string> FailFastIds(List<CaseResult> results) =>
            results.Where(r => r.Description.StartsWith("fail fast", StringComparison.Ordinal)).Select(r => r.Id).ToList();

        private static Verdict Expected(IReadOnlyDictionary<string, Verdict> exceptions, string id) =>
            exceptions.TryGetValue(id, out Verdict v) ? v : Verdict.OK;

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NanoWs.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }
}
