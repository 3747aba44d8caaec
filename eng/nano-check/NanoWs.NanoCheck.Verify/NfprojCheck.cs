using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoWs.NanoCheck.Verify
{
    /// <summary>
    /// Checks that a .nfproj is well-formed XML and keeps its <c>&lt;Compile Include="..." /&gt;</c>
    /// list equal to the *.cs files beside it
    /// (bin/ and obj/ excluded, and subfolders with a .nfproj of their own). The list must be explicit: nanoFramework's test adapter reads the
    /// .nfproj with a regular expression and opens each Compile path as a file, so a wildcard breaks
    /// test discovery in Visual Studio. With <c>fix</c>, the contiguous block of Compile lines is
    /// rewritten in sorted order.
    /// </summary>
    internal static class NfprojCheck
    {
        private static readonly Regex CompileItem = new Regex("<Compile Include=\"(?<path>[^\"]+)\"", RegexOptions.IgnoreCase);
        private static readonly Regex CompileLine = new Regex("^(?<indent>\\s*)<Compile Include=\"[^\"]*\"\\s*/>\\s*$");

        public static List<string> Run(string nfproj, bool fix)
        {
            var problems = new List<string>();
            string directory = Path.GetDirectoryName(Path.GetFullPath(nfproj));
            string text = File.ReadAllText(nfproj);

            // MSBuild and Visual Studio load a project as XML: a malformed file (such as "--" inside
            // a comment) does not open at all, whatever its Compile list says.
            try
            {
                System.Xml.Linq.XDocument.Parse(text);
            }
            catch (System.Xml.XmlException e)
            {
                problems.Add($"{Path.GetFileName(nfproj)} is not well-formed XML: {e.Message}");
            }

            List<string> listed = CompileItem.Matches(text).Select(m => m.Groups["path"].Value.Replace('\\', '/')).ToList();
            List<string> onDisk = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .Where(f => !InNestedProject(directory, f))
                .OrderBy(f => f, StringComparer.OrdinalIgnoreCase)
                .ToList();

            foreach (string path in listed.Where(p => p.Contains('*') || p.Contains('?')))
            {
                problems.Add($"wildcard Compile item '{path}': nanoFramework's test adapter opens every Compile path as a file; list the files");
            }

            foreach (string path in onDisk.Except(listed, StringComparer.Ordinal))
            {
                problems.Add($"{path} is not listed in {Path.GetFileName(nfproj)}");
            }

            foreach (string path in listed.Except(onDisk, StringComparer.Ordinal).Where(p => !p.Contains('*')))
            {
                // A file linked from outside the project folder (a sample's code shared with its
                // host build, in its own <Compile><Link> item) only has to exist.
                if (path.StartsWith("../", StringComparison.Ordinal) && File.Exists(Path.Combine(directory, path)))
                {
                    continue;
                }

                problems.Add($"{Path.GetFileName(nfproj)} lists {path}, which does not exist");
            }

            if (fix && problems.Count > 0)
            {
                problems = Rewrite(nfproj, text, onDisk);
            }

            return problems;
        }

        /// <summary>
        /// True when <paramref name="file"/> (relative to <paramref name="directory"/>) lies in a
        /// subfolder that holds a .nfproj of its own: that project lists it, as in nanoFramework's
        /// IoT.Device repository (a device's driver project with its tests and samples beneath).
        /// </summary>
        private static bool InNestedProject(string directory, string file)
        {
            string folder = Path.GetDirectoryName(file);
            while (!string.IsNullOrEmpty(folder))
            {
                if (Directory.EnumerateFiles(Path.Combine(directory, folder), "*.nfproj").Any())
                {
                    return true;
                }

                folder = Path.GetDirectoryName(folder);
            }

            return false;
        }

        private static List<string> Rewrite(string nfproj, string text, List<string> files)
        {
            string newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            List<string> lines = text.Split(newline).ToList();
            List<int> compileLines = Enumerable.Range(0, lines.Count).Where(i => CompileLine.IsMatch(lines[i])).ToList();
            if (compileLines.Count == 0 || compileLines.Last() - compileLines.First() + 1 != compileLines.Count)
            {
                return new List<string> { $"cannot fix {nfproj}: its <Compile Include=\"...\" /> lines must form one contiguous block" };
            }

            string indent = CompileLine.Match(lines[compileLines.First()]).Groups["indent"].Value;
            lines.RemoveRange(compileLines.First(), compileLines.Count);
            lines.InsertRange(compileLines.First(), files.Select(f => $"{indent}<Compile Include=\"{f.Replace('/', '\\')}\" />"));

            bool bom = File.ReadAllBytes(nfproj).Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF });
            File.WriteAllText(nfproj, string.Join(newline, lines), new UTF8Encoding(bom));
            Console.WriteLine($"rewrote the Compile list of {nfproj} ({files.Count} files)");
            return new List<string>();
        }
    }
}
