using System;
using System.IO;
using SharpFuzz;

namespace NanoWs.Fuzz
{
    /// <summary>
    /// Entry point. <c>NanoWs.Fuzz &lt;target&gt;</c> runs under afl-fuzz (SharpFuzz out-of-process
    /// mode: a crash or a stack overflow in the child is reported, the fork server survives).
    /// <c>NanoWs.Fuzz replay &lt;target&gt; &lt;file-or-dir&gt;...</c> runs inputs once and prints any
    /// failure with its stack and the input as hex. <c>NanoWs.Fuzz seeds &lt;dir&gt;</c> writes the
    /// seed corpus (tests/fuzz/seeds).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "seeds")
            {
                int n = Seeds.Write(args[1]);
                Console.WriteLine("wrote " + n + " seed files under " + args[1]);
                return 0;
            }

            if (args.Length >= 3 && args[0] == "replay")
            {
                return Replay(args);
            }

            if (args.Length == 1 && Array.IndexOf(FuzzTargets.Names, args[0]) >= 0)
            {
                string target = args[0];
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    var ms = new MemoryStream();
                    stream.CopyTo(ms);
                    FuzzTargets.Run(target, ms.ToArray());
                });
                return 0;
            }

            Console.Error.WriteLine("usage: NanoWs.Fuzz <target> | replay <target> <file-or-dir>... | seeds <dir>");
            Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.Names));
            return 2;
        }

        private static int Replay(string[] args)
        {
            string target = args[1];
            int failed = 0;
            int total = 0;
            for (int i = 2; i < args.Length; i++)
            {
                string[] files = Directory.Exists(args[i])
                    ? Directory.GetFiles(args[i], "*", SearchOption.AllDirectories)
                    : new[] { args[i] };
                Array.Sort(files, StringComparer.Ordinal);
                foreach (string file in files)
                {
                    if (Path.GetFileName(file).StartsWith(".", StringComparison.Ordinal) || file.EndsWith(".md", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    total++;
                    byte[] input = File.ReadAllBytes(file);
                    try
                    {
                        FuzzTargets.Run(target, input);
                    }
                    catch (Exception e)
                    {
                        failed++;
                        Console.WriteLine("FAIL " + file);
                        Console.WriteLine(e);
                        Console.WriteLine("input (" + input.Length + " bytes): " + Convert.ToHexString(input, 0, Math.Min(input.Length, 4096)));
                    }
                }
            }

            Console.WriteLine(target + ": replayed " + total + " inputs, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
    }
}
