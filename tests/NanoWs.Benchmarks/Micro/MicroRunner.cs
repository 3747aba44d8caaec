using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>Runs the BenchmarkDotNet classes and prints one GitHub-markdown table per class.</summary>
    public static class MicroRunner
    {
        /// <summary>
        /// <c>micro [--full] [--filter PATTERN]</c>: quick (default) runs in process with few, short
        /// iterations; full uses BenchmarkDotNet's default job (own process, until the error settles).
        /// Other arguments go to BenchmarkSwitcher (e.g. <c>--filter *Receive*</c>).
        /// </summary>
        public static int Run(string[] args)
        {
            bool full = args.Contains("--full");
            string[] rest = args.Where(a => a != "--full" && a != "--quick").ToArray();

            Job job = full
                ? Job.Default
                : Job.Default
                    .WithToolchain(InProcessEmitToolchain.Instance)
                    .WithLaunchCount(1)
                    .WithWarmupCount(3)
                    .WithIterationCount(6)
                    .WithIterationTime(TimeInterval.FromMilliseconds(150));

            string artifacts = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
            ManualConfig config = ManualConfig.CreateEmpty()
                .AddJob(job.WithId(full ? "full" : "quick"))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(ConsoleLogger.Default)
                .AddExporter(MarkdownExporter.GitHub)
                .HideColumns(Column.Error, Column.RatioSD, Column.Median, Column.Job, "Gen0", "Gen1", "Gen2")
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile);

            Type[] types = { typeof(ReceiveBenchmarks), typeof(SendBenchmarks), typeof(HandshakeBenchmarks), typeof(AcceptKeyBenchmarks), typeof(MaskBenchmarks), typeof(Utf8Benchmarks) };
            Summary[] summaries;
            if (rest.Length == 0)
            {
                summaries = types.Select(t => BenchmarkRunner.Run(t, config)).ToArray();
            }
            else
            {
                summaries = BenchmarkSwitcher.FromTypes(types).Run(rest, config).ToArray();
            }

            Console.WriteLine();
            Console.WriteLine("## Micro-benchmarks (" + (full ? "full" : "quick") + ")");
            Console.WriteLine();
            foreach (Summary s in summaries)
            {
                Console.WriteLine("### " + s.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name);
                Console.WriteLine();
                PrintTable(s);
                Console.WriteLine();
            }

            return summaries.All(s => !s.HasCriticalValidationErrors) ? 0 : 1;
        }

        /// <summary>Prints the GitHub-markdown report of <paramref name="summary"/> without the environment preamble.</summary>
        private static void PrintTable(Summary summary)
        {
            string[] files = Directory.Exists(summary.ResultsDirectoryPath)
                ? Directory.GetFiles(summary.ResultsDirectoryPath, "*-report-github.md")
                : Array.Empty<string>();
            string type = summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.FullName ?? "?";
            string file = files.FirstOrDefault(f => Path.GetFileName(f).StartsWith(type + "-", StringComparison.Ordinal));
            if (file == null)
            {
                Console.WriteLine("(no report for " + type + ")");
                return;
            }

            foreach (string line in File.ReadAllLines(file))
            {
                if (line.StartsWith("|", StringComparison.Ordinal))
                {
                    // Plain markdown: no HTML entities, no bold baseline rows.
                    Console.WriteLine(line.Replace("&#39;", string.Empty).Replace("**", string.Empty));
                }
            }
        }
    }
}
