using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.NanoCheck.Verify
{
    /// <summary>
    /// Usage:
    ///   NanoWs.NanoCheck.Verify assembly PATH.dll [--allow NAME]...   generics / forbidden API / references
    ///   NanoWs.NanoCheck.Verify nfproj PATH.nfproj [--fix]            Compile list equals the *.cs files
    /// Exit code 0 when every check passes, 1 when one fails, 2 on bad usage.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length < 2 || (args[0] != "assembly" && args[0] != "nfproj"))
            {
                Console.Error.WriteLine("usage: assembly PATH.dll [--allow NAME]... | nfproj PATH.nfproj [--fix]");
                return 2;
            }

            string path = args[1];
            var options = args.Skip(2).ToList();
            List<string> problems;
            string summary;

            if (args[0] == "assembly")
            {
                var allowed = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < options.Count; i++)
                {
                    if (options[i] != "--allow" || i + 1 == options.Count)
                    {
                        Console.Error.WriteLine($"unknown option {options[i]}");
                        return 2;
                    }

                    allowed.Add(options[++i]);
                }

                problems = AssemblyCheck.Run(path, allowed, out summary);
            }
            else
            {
                problems = NfprojCheck.Run(path, options.Contains("--fix"));
                summary = "Compile items match the .cs files";
            }

            if (problems.Count == 0)
            {
                Console.WriteLine($"ok    {path}: {summary}");
                return 0;
            }

            Console.WriteLine($"FAIL  {path}: {problems.Count} problem(s)");
            foreach (string problem in problems)
            {
                Console.WriteLine("      " + problem);
            }

            if (args[0] == "nfproj")
            {
                Console.WriteLine("      to rewrite the list: bash tests/nano-check.sh --fix-nfproj");
            }

            return 1;
        }
    }
}
