using System;
using System.IO;

namespace NanoWs.Benchmarks
{
    /// <summary>Finds the repository root (the directory holding NanoWs.sln).</summary>
    public static class Repo
    {
        public static string Root()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                DirectoryInfo d = new DirectoryInfo(start);
                while (d != null)
                {
                    if (File.Exists(Path.Combine(d.FullName, "NanoWs.sln")))
                    {
                        return d.FullName;
                    }

                    d = d.Parent;
                }
            }

            throw new InvalidOperationException("NanoWs.sln not found above " + Directory.GetCurrentDirectory());
        }
    }
}
