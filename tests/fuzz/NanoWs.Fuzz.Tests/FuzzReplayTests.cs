using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace NanoWs.Fuzz.Tests
{
    /// <summary>
    /// Replays every seed (tests/fuzz/seeds/&lt;target&gt;/) and every saved fuzz finding
    /// (tests/fuzz/regressions/&lt;target&gt;/) through the fuzz harness, deterministically and without
    /// the fuzzer: a crash that was found once stays a failing test until the product is fixed.
    /// </summary>
    public class FuzzReplayTests
    {
        public static IEnumerable<object[]> Inputs()
        {
            string root = RepoRoot();
            foreach (string kind in new[] { "seeds", "regressions" })
            {
                foreach (string target in FuzzTargets.Names)
                {
                    string dir = Path.Combine(root, "tests", "fuzz", kind, target);
                    if (!Directory.Exists(dir))
                    {
                        continue;
                    }

                    string[] files = Directory.GetFiles(dir);
                    Array.Sort(files, StringComparer.Ordinal);
                    foreach (string file in files)
                    {
                        string name = Path.GetFileName(file);
                        if (!name.StartsWith(".", StringComparison.Ordinal) && !name.EndsWith(".md", StringComparison.Ordinal))
                        {
                            yield return new object[] { kind, target, name };
                        }
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public void Input_runs_clean_through_the_harness(string kind, string target, string file)
        {
            byte[] input = File.ReadAllBytes(Path.Combine(RepoRoot(), "tests", "fuzz", kind, target, file));
            try
            {
                FuzzTargets.Run(target, input);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    kind + "/" + target + "/" + file + " failed: " + e + "\ninput hex: " + Convert.ToHexString(input));
            }
        }

        [Fact]
        public void Every_target_has_seeds_and_a_regressions_folder()
        {
            string root = RepoRoot();
            foreach (string target in FuzzTargets.Names)
            {
                Assert.True(Directory.GetFiles(Path.Combine(root, "tests", "fuzz", "seeds", target)).Length >= 5, target + " has too few seeds");
                Assert.True(Directory.Exists(Path.Combine(root, "tests", "fuzz", "regressions", target)), target + " has no regressions folder");
            }
        }

        internal static string RepoRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "NanoWs.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("NanoWs.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
