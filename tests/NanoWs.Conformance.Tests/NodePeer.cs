using System;
using System.IO;
using NanoWs.Tests;

namespace NanoWs.Conformance.Tests
{
    /// <summary>A `node` script from tests/interop as a <see cref="ChildProcess"/>; its first stdout line is kept. Killed on dispose.</summary>
    public sealed class NodePeer : IDisposable
    {
        private readonly ChildProcess _process;

        private NodePeer(ChildProcess process, string firstLine)
        {
            _process = process;
            FirstLine = firstLine;
        }

        public string FirstLine { get; }

        public static NodePeer Start(string script)
        {
            // Stdin stays open (the script exits when it closes); its output is drained into a queue.
            ChildProcess process = ChildProcess.Start("node", InteropDirectory(), Path.Combine(InteropDirectory(), script));
            try
            {
                return new NodePeer(process, process.NextLine());
            }
            catch
            {
                process.Dispose();
                throw;
            }
        }

        /// <summary>tests/interop, with `ws` installed (`npm ci` there).</summary>
        public static string InteropDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    if (!File.Exists(Path.Combine(candidate, "node_modules", "ws", "package.json")))
                    {
                        throw new InvalidOperationException("Node package `ws` is not installed: run `npm ci` in " + candidate);
                    }

                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/interop not found above " + AppContext.BaseDirectory);
        }

        public void Dispose()
        {
            _process.Dispose();
        }
    }
}
