using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace NanoWs.Conformance.Tests
{
    /// <summary>A `node` script from tests/interop as a child process; its first stdout line is kept. Killed on dispose.</summary>
    public sealed class NodePeer : IDisposable
    {
        private readonly Process _process;

        private NodePeer(Process process, string firstLine)
        {
            _process = process;
            FirstLine = firstLine;
        }

        public string FirstLine { get; }

        public static NodePeer Start(string script)
        {
            var info = new ProcessStartInfo("node")
            {
                WorkingDirectory = InteropDirectory(),
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            info.ArgumentList.Add(Path.Combine(InteropDirectory(), script));
            Process process;
            try
            {
                process = Process.Start(info);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("cannot start `node` (Node.js 20 must be on PATH): " + e.Message, e);
            }

            // Keep stdin open (the script exits when it closes); drain its output so it never blocks.
            string first = process.StandardOutput.ReadLine();
            process.ErrorDataReceived += (s, e) => { };
            process.BeginErrorReadLine();
            var peer = new NodePeer(process, first);
            new System.Threading.Thread(() =>
            {
                try
                {
                    while (process.StandardOutput.ReadLine() != null)
                    {
                    }
                }
                catch (InvalidOperationException)
                {
                }
                catch (IOException)
                {
                }
            }) { IsBackground = true }.Start();
            if (first == null)
            {
                throw new InvalidOperationException("node " + script + " printed nothing");
            }

            return peer;
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
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }
    }
}
