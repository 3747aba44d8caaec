using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace NanoWs.Benchmarks.Load
{
    /// <summary>
    /// One echo server under test, run as its own process so its peak memory can be read from
    /// /proc/&lt;pid&gt;/status (VmHWM). The port is taken from the first stdout line that has one.
    /// </summary>
    public sealed class ServerProcess : IDisposable
    {
        private static readonly Regex PortPattern = new Regex(@"(?:^|:)(\d{2,5})/?\s*$");
        private readonly Process _process;
        private readonly List<string> _stderr = new List<string>();
        private readonly BlockingCollection<string> _lines = new BlockingCollection<string>();

        private ServerProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        /// <summary>Loopback port the server listens on.</summary>
        public int Port { get; }

        /// <summary>Process id.</summary>
        public int Pid => _process.Id;

        /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> and waits (up to 60 s) for it to print its port.</summary>
        public static ServerProcess Start(string file, string[] args, IDictionary<string, string> environment)
        {
            ProcessStartInfo info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            if (environment != null)
            {
                foreach (KeyValuePair<string, string> kv in environment)
                {
                    info.Environment[kv.Key] = kv.Value;
                }
            }

            Process p = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
            int port = 0;
            using (ManualResetEventSlim ready = new ManualResetEventSlim())
            {
                BlockingCollection<string> lines = null;
                p.OutputDataReceived += (s, e) =>
                {
                    if (e.Data != null && port != 0)
                    {
                        lines?.Add(e.Data);
                    }

                    if (e.Data == null || port != 0)
                    {
                        return;
                    }

                    Match m = PortPattern.Match(e.Data.Trim());
                    if (m.Success)
                    {
                        port = int.Parse(m.Groups[1].Value);
                        ready.Set();
                    }
                };
                ServerProcess server = null;
                List<string> errors = new List<string>();
                p.ErrorDataReceived += (s, e) =>
                {
                    if (e.Data != null)
                    {
                        lock (errors)
                        {
                            if (errors.Count < 20)
                            {
                                errors.Add(e.Data);
                            }
                        }
                    }
                };
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                if (!ready.Wait(TimeSpan.FromSeconds(60)) || p.HasExited)
                {
                    string detail;
                    lock (errors)
                    {
                        detail = string.Join(" | ", errors);
                    }

                    try
                    {
                        p.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    throw new InvalidOperationException(file + " did not report a port: " + detail);
                }

                server = new ServerProcess(p, port);
                lines = server._lines;
                return server;
            }
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for a stdout line (after the port line) starting
        /// with <paramref name="prefix"/>; earlier lines are skipped. Returns null on timeout.
        /// </summary>
        public string WaitForLine(string prefix, TimeSpan timeout)
        {
            Stopwatch sw = Stopwatch.StartNew();
            TimeSpan left;
            while ((left = timeout - sw.Elapsed) > TimeSpan.Zero)
            {
                if (_lines.TryTake(out string line, left) && line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            return null;
        }

        /// <summary>Writes a line to the process's stdin.</summary>
        public void WriteLine(string line)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        /// <summary>Peak resident set size (VmHWM) in KiB, or -1 when it cannot be read.</summary>
        public long PeakRssKiB()
        {
            return ReadStatusKiB(_process.Id, "VmHWM:");
        }

        /// <summary>Current resident set size (VmRSS) in KiB, or -1.</summary>
        public long RssKiB()
        {
            return ReadStatusKiB(_process.Id, "VmRSS:");
        }

        /// <summary>User + system CPU time the process used so far.</summary>
        public TimeSpan CpuTime()
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }

        /// <summary>Kills the process (it is ours) and waits for it.</summary>
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private static long ReadStatusKiB(int pid, string field)
        {
            try
            {
                foreach (string line in File.ReadAllLines("/proc/" + pid + "/status"))
                {
                    if (line.StartsWith(field, StringComparison.Ordinal))
                    {
                        string[] parts = line.Substring(field.Length).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return long.Parse(parts[0]);
                    }
                }
            }
            catch (IOException)
            {
            }

            return -1;
        }
    }
}
