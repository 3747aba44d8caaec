using System;
using System.IO;
using System.Reflection;

namespace NanoWs.Tests
{
    /// <summary>Locates the repository from the test's output directory.</summary>
    internal static class RepoPaths
    {
        public static readonly string Root = Find();

        /// <summary>
        /// <c>tests/e2e</c>, where the headless-Chromium scripts run, once Debian's Chromium and the
        /// pinned playwright-core are there (the test command's <c>tests/setup.sh</c> installs both);
        /// else a failure that says what is missing.
        /// </summary>
        public static string ChromiumE2eDir()
        {
            string dir = Path.Combine(Root, "tests", "e2e");
            if (!File.Exists("/usr/bin/chromium"))
            {
                throw new InvalidOperationException("Chromium is not installed: `apt-get install -y chromium` (tests/setup.sh does it)");
            }

            if (!File.Exists(Path.Combine(dir, "node_modules", "playwright-core", "package.json")))
            {
                throw new InvalidOperationException("playwright-core is not installed: run `npm ci` in " + dir + " (tests/setup.sh does it)");
            }

            return dir;
        }

        /// <summary>
        /// The host build of <c>samples/<paramref name="sample"/></c> in the configuration these tests
        /// were built in (the test command builds the solution first), to run as its own process.
        /// </summary>
        public static string SampleDll(string sample)
        {
            string configuration = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            string dll = Path.Combine(Root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException(dll + " not built: `dotnet build NanoWs.sln -c " + configuration + "`");
            }

            return dll;
        }

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NanoWs.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("NanoWs.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
