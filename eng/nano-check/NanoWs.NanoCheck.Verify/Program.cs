using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoWs.NanoCheck.Verify
{
    /// <summary>
    /// Usage:
    ///   NanoWs.NanoCheck.Verify assembly PATH.dll [--allow NAME]...   generics / forbidden API / references
    ///   NanoWs.NanoCheck.Verify nfproj PATH.nfproj [--fix]            Compile list equals the *.cs files
    ///   NanoWs.NanoCheck.Verify items PATH.nfproj                     prints "compile PATH" / "project PATH" / "reference NAME" lines
    ///   NanoWs.NanoCheck.Verify cases PATH.dll                        prints the number of test cases (methods x rows)
    /// Exit code 0 when every check passes, 1 when one fails, 2 on bad usage.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            List<string> problems;
            string summary;
            if (args.Length < 2 || (args[0] != "assembly" && args[0] != "nfproj" && args[0] != "items" && args[0] != "cases"))
            {
                Console.Error.WriteLine("usage: assembly PATH.dll [--allow NAME]... | nfproj PATH.nfproj [--fix] | items PATH.nfproj | cases PATH.dll");
                return 2;
            }

            if (args[0] == "items" || args[0] == "cases")
            {
                List<string> output;
                if (args[0] == "items")
                {
                    problems = NfprojItems.Run(args[1], out output);
                }
                else
                {
                    problems = TestCaseCount.Run(args[1], out int count, out summary);
                    output = new List<string> { count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    Console.Error.WriteLine($"{args[1]}: {summary}");
                }

                foreach (string problem in problems)
                {
                    Console.Error.WriteLine($"FAIL  {args[1]}: {problem}");
                }

                foreach (string line in output)
                {
                    Console.WriteLine(line);
                }

                return problems.Count == 0 ? 0 : 1;
            }

            string path = args[1];
            var options = args.Skip(2).ToList();

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
                Console.WriteLine("      to rewrite the list: bash eng/nano-check.sh --fix-nfproj");
            }

            return 1;
        }
    }
}
