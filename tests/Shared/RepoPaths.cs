using System;
using System.IO;

namespace NanoWs.Tests
{
    /// <summary>Locates the repository from the test's output directory.</summary>
    internal static class RepoPaths
    {
        public static readonly string Root = Find();

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
