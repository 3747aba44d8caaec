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
